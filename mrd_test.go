package ccefsm_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

func TestNewMRDDefaults(t *testing.T) {
	got := ccefsm.NewMRD(5, ccefsm.MediaChat)
	want := ccefsm.MRD{ID: 5, Media: ccefsm.MediaChat, TaskLife: 1200 * time.Second, StartTimeout: 30 * time.Second,
		MaxDuration: 28800 * time.Second, MaxTasksPerAgent: 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NewMRD (-want +got):\n%s", diff)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	if v := ccefsm.NewMRD(1, ccefsm.MediaVoice).MaxTasksPerAgent; v != 1 {
		t.Errorf("voice limit = %d, want 1 (inferred)", v)
	}
	e := ccefsm.NewMRD(2, ccefsm.MediaEmail)
	if e.EffectiveTimeLimit() != e.TaskLife {
		t.Errorf("TS-3: time limit defaults to task life, got %v", e.EffectiveTimeLimit())
	}
	e.TimeLimit = time.Hour
	if e.EffectiveTimeLimit() != time.Hour {
		t.Errorf("TS-3: configured time limit ignored")
	}
}

func TestMRDValidate(t *testing.T) {
	ok := ccefsm.NewMRD(1, ccefsm.MediaChat)
	email := func(m *ccefsm.MRD) { m.Media = ccefsm.MediaEmail }
	tests := []struct {
		reason string
		edit   func(*ccefsm.MRD)
		field  string // empty: valid
	}{
		{"defaults are valid", func(*ccefsm.MRD) {}, ""},
		{"zero ID", func(m *ccefsm.MRD) { m.ID = 0 }, "ID"},
		{"unknown media", func(m *ccefsm.MRD) { m.Media = ccefsm.MediaUnknown }, "Media"},
		{"first media value past the last", func(m *ccefsm.MRD) { m.Media = ccefsm.MediaOther + 1 }, "Media"},
		{"last media value", func(m *ccefsm.MRD) { m.Media = ccefsm.MediaOther }, ""},
		{"TS-1: zero task life", func(m *ccefsm.MRD) { m.TaskLife = 0 }, "TaskLife"},
		{"TS-1: negative task life", func(m *ccefsm.MRD) { m.TaskLife = -time.Second }, "TaskLife"},
		{"TS-1: one nanosecond task life", func(m *ccefsm.MRD) { m.TaskLife = 1 }, ""},
		{"TS-7: zero start timeout", func(m *ccefsm.MRD) { m.StartTimeout = 0 }, "StartTimeout"},
		{"TS-6: negative max duration", func(m *ccefsm.MRD) { m.MaxDuration = -1 }, "MaxDuration"},
		{"TS-6: max duration exactly ten years", func(m *ccefsm.MRD) { m.MaxDuration = ccefsm.MaxAttribute }, ""},
		{"TS-6: max duration one past ten years", func(m *ccefsm.MRD) { m.MaxDuration = ccefsm.MaxAttribute + 1 }, "MaxDuration"},
		{"TS-1: task life one past ten years", func(m *ccefsm.MRD) { m.TaskLife = ccefsm.MaxAttribute + 1 }, "TaskLife"},
		{"TS-7: start timeout one past ten years", func(m *ccefsm.MRD) { m.StartTimeout = ccefsm.MaxAttribute + 1 }, "StartTimeout"},
		{"TS-3: time limit on chat", func(m *ccefsm.MRD) { m.TimeLimit = time.Minute }, "TimeLimit"},
		{"TS-3: negative time limit on email", func(m *ccefsm.MRD) { email(m); m.TimeLimit = -1 }, "TimeLimit"},
		{"TS-3: time limit on email", func(m *ccefsm.MRD) { email(m); m.TimeLimit = time.Minute }, ""},
		{"TS-3: time limit exactly ten years", func(m *ccefsm.MRD) { email(m); m.TimeLimit = ccefsm.MaxAttribute }, ""},
		{"TS-3: time limit one past ten years", func(m *ccefsm.MRD) { email(m); m.TimeLimit = ccefsm.MaxAttribute + 1 }, "TimeLimit"},
		{"TS-3: cut turned off on email", func(m *ccefsm.MRD) { email(m); m.NoTimeLimitCut = true }, ""},
		{"TS-3: cut turned off on chat", func(m *ccefsm.MRD) { m.NoTimeLimitCut = true }, "NoTimeLimitCut"},
		{"task limit zero", func(m *ccefsm.MRD) { m.MaxTasksPerAgent = 0 }, "MaxTasksPerAgent"},
		{"task limit 11 (Finesse maxDialogLimit is 1-10)", func(m *ccefsm.MRD) { m.MaxTasksPerAgent = 11 }, "MaxTasksPerAgent"},
		{"task limit 10", func(m *ccefsm.MRD) { m.MaxTasksPerAgent = 10 }, ""},
		{"task limit 1", func(m *ccefsm.MRD) { m.MaxTasksPerAgent = 1 }, ""},
	}
	for _, tt := range tests {
		m := ok
		tt.edit(&m)
		err := m.Validate()
		var me *ccefsm.MRDError
		got := ""
		if errors.As(err, &me) {
			got = me.Field
			if !errors.Is(err, ccefsm.ErrInvalidMRD) {
				t.Errorf("%s: %v does not wrap ErrInvalidMRD", tt.reason, err)
			}
			if me.MRD != m.ID {
				t.Errorf("%s: error names MRD %d, want %d", tt.reason, me.MRD, m.ID)
			}
		} else if err != nil {
			t.Errorf("%s: untyped error %v", tt.reason, err)
		}
		if got != tt.field {
			t.Errorf("%s: field = %q, want %q (err %v)", tt.reason, got, tt.field, err)
		}
	}
}

func ExampleMRD_Validate() {
	m := ccefsm.NewMRD(2, ccefsm.MediaChat)
	m.TimeLimit = 30 * time.Minute // the email exception's limit, on a chat MRD
	fmt.Println(m.Validate())
	// Output:
	// ccefsm: invalid MRD 2: TimeLimit is set on a chat MRD; only email MRDs have one
}
