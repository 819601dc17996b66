package taskstate

import (
	"errors"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

func TestNewMRDDefaults(t *testing.T) {
	got := NewMRD(5, ccefsm.MediaChat)
	want := MRD{ID: 5, Media: ccefsm.MediaChat, TaskLife: 1200 * time.Second, StartTimeout: 30 * time.Second,
		MaxDuration: 28800 * time.Second, MaxTasksPerAgent: 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NewMRD (-want +got):\n%s", diff)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	if v := NewMRD(1, ccefsm.MediaVoice).MaxTasksPerAgent; v != 1 {
		t.Errorf("voice limit = %d, want 1 (inferred)", v)
	}
	e := NewMRD(2, ccefsm.MediaEmail)
	if e.EffectiveTimeLimit() != e.TaskLife {
		t.Errorf("TS-3: time limit defaults to task life, got %v", e.EffectiveTimeLimit())
	}
	e.TimeLimit = time.Hour
	if e.EffectiveTimeLimit() != time.Hour {
		t.Errorf("TS-3: configured time limit ignored")
	}
}

func TestMRDValidate(t *testing.T) {
	ok := NewMRD(1, ccefsm.MediaChat)
	tests := []struct {
		reason string
		edit   func(*MRD)
		field  string // empty: valid
	}{
		{"defaults are valid", func(*MRD) {}, ""},
		{"zero ID", func(m *MRD) { m.ID = 0 }, "ID"},
		{"unknown media", func(m *MRD) { m.Media = ccefsm.MediaUnknown }, "Media"},
		{"media out of range", func(m *MRD) { m.Media = 9 }, "Media"},
		{"TS-1: zero task life", func(m *MRD) { m.TaskLife = 0 }, "TaskLife"},
		{"TS-1: negative task life", func(m *MRD) { m.TaskLife = -time.Second }, "TaskLife"},
		{"TS-7: zero start timeout", func(m *MRD) { m.StartTimeout = 0 }, "StartTimeout"},
		{"TS-6: negative max duration", func(m *MRD) { m.MaxDuration = -1 }, "MaxDuration"},
		{"TS-6: absurd max duration", func(m *MRD) { m.MaxDuration = 11 * 365 * 24 * time.Hour }, "MaxDuration"},
		{"TS-3: time limit on chat", func(m *MRD) { m.TimeLimit = time.Minute }, "TimeLimit"},
		{"TS-3: negative time limit on email", func(m *MRD) { m.Media = ccefsm.MediaEmail; m.TimeLimit = -1 }, "TimeLimit"},
		{"TS-3: time limit on email", func(m *MRD) { m.Media = ccefsm.MediaEmail; m.TimeLimit = time.Minute }, ""},
		{"task limit zero", func(m *MRD) { m.MaxTasksPerAgent = 0 }, "MaxTasksPerAgent"},
		{"task limit 11 (Finesse maxDialogLimit is 1-10)", func(m *MRD) { m.MaxTasksPerAgent = 11 }, "MaxTasksPerAgent"},
		{"task limit 10", func(m *MRD) { m.MaxTasksPerAgent = 10 }, ""},
	}
	for _, tt := range tests {
		m := ok
		tt.edit(&m)
		err := m.Validate()
		var me *MRDError
		got := ""
		if errors.As(err, &me) {
			got = me.Field
			if !errors.Is(err, ErrInvalidMRD) {
				t.Errorf("%s: %v does not wrap ErrInvalidMRD", tt.reason, err)
			}
		} else if err != nil {
			t.Errorf("%s: untyped error %v", tt.reason, err)
		}
		if got != tt.field {
			t.Errorf("%s: field = %q, want %q (err %v)", tt.reason, got, tt.field, err)
		}
	}
}
