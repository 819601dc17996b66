package taskstate

import (
	"errors"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

func TestDispositionNames(t *testing.T) {
	tests := []struct {
		d      Disposition
		name   string
		desc   string
		reason string
	}{
		{ApplicationPathWentDown, "DBCD_APPLICATION_PATH_WENT_DOWN", "application path went down", "TS-1: task life expiry (the failover chapter names it)"},
		{MaxTaskLifetimeExceeded, "DBCD_MAX_TASK_LIFETIME_EXCEEDED", "maximum task lifetime exceeded", "TS-6"},
		{TaskAbandonedBeforeOffered, "DBCD_TASK_ABANDONED_BEFORE_OFFERED", "task abandoned before offered", "TS-7"},
		{TaskEndedDuringAppInit, "DBCD_TASK_ENDED_DURING_APP_INIT", "task ended during application init", "TS-2"},
		{NormalEndTask, "DBCD_NORMAL_END_TASK", "normal end task", "ordinary end"},
		{AbandNetwork, "DBCD_ABAND_NETWORK", "abandoned in network", "first value"},
		{TaskTransferredOnAgentLogout, "DBCD_TASK_TRANSFERRED_ON_AGENT_LOGOUT", "task transferred on agent logout", "last value (PV20)"},
	}
	for _, tt := range tests {
		got := struct{ Name, Desc string }{tt.d.String(), tt.d.Description()}
		want := struct{ Name, Desc string }{tt.name, tt.desc}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d (%s) (-want +got):\n%s", tt.d, tt.reason, diff)
		}
	}
	if int(ApplicationPathWentDown) != 42 || int(TaskEndedDuringAppInit) != 51 || int(MaxTaskLifetimeExceeded) != 41 ||
		int(TaskAbandonedBeforeOffered) != 36 || int(NormalEndTask) != 38 {
		t.Error("protocol numbers changed")
	}
}

func TestDispositionText(t *testing.T) {
	seen := map[string]Disposition{}
	for d := Disposition(1); d <= 65; d++ {
		if !d.IsValid() || d.Description() == "" {
			t.Errorf("%d: not valid or no description", d)
		}
		text, err := d.MarshalText()
		if err != nil {
			t.Fatalf("%d: %v", d, err)
		}
		if !strings.HasPrefix(string(text), "DBCD_") {
			t.Errorf("%d: name %q lacks DBCD_", d, text)
		}
		if o, dup := seen[string(text)]; dup {
			t.Errorf("%d and %d share the name %q", o, d, text)
		}
		seen[string(text)] = d
		var back Disposition
		if err := back.UnmarshalText(text); err != nil || back != d {
			t.Errorf("%d: round trip gave %d, %v", d, back, err)
		}
	}
	for _, d := range []Disposition{0, 66, 255} {
		if d.IsValid() || d.Description() != "" || d.NameDocumented() {
			t.Errorf("%d: reported valid", d)
		}
		if _, err := d.MarshalText(); !errors.Is(err, ccefsm.ErrUnknownValue) {
			t.Errorf("%d: MarshalText err = %v, want ErrUnknownValue", d, err)
		}
	}
	d := NormalEndTask
	for _, text := range []string{"", "42", "dbcd_normal_end_task", "Disposition(0)", "DBCD_", Disposition(66).String(), Disposition(67).String()} {
		if err := d.UnmarshalText([]byte(text)); !errors.Is(err, ccefsm.ErrUnknownName) {
			t.Errorf("%q: err = %v, want ErrUnknownName", text, err)
		}
		if d != NormalEndTask {
			t.Errorf("%q: value changed to %d on error", text, d)
		}
	}
}

func TestDispositionNameDocumented(t *testing.T) {
	// domain-facts §3.1: DBCD_ names seen in Cisco material or the GED-125
	// dissector; every other name is inferred.
	want := []Disposition{6, 9, 10, 11, 12, 13, 20, 21, 22, 28, 42, 52}
	var got []Disposition
	for d := Disposition(1); d <= 65; d++ {
		if d.NameDocumented() {
			got = append(got, d)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("documented names (-want +got):\n%s", diff)
	}
}

// TestDispositionValueDocumented: every value is a row of the CTI Server's
// Disposition Code Values table but 56, which the table lacks and the
// library infers from CECX_NETWORK_CONFERENCE = 1056 (issue 8).
func TestDispositionValueDocumented(t *testing.T) {
	var inferred []Disposition
	for d := Disposition(0); d < 255; d++ {
		if d.IsValid() && !d.ValueDocumented() {
			inferred = append(inferred, d)
		}
		if !d.IsValid() && d.ValueDocumented() {
			t.Errorf("%d: invalid but documented", d)
		}
	}
	if diff := cmp.Diff([]Disposition{NetworkConference}, inferred); diff != "" || NetworkConference != 56 {
		t.Errorf("inferred values (-want +got):\n%s", diff)
	}
	if NetworkConference.NameDocumented() || !strings.Contains(NetworkConference.Description(), "inferred") {
		t.Errorf("56: name documented %v, description %q", NetworkConference.NameDocumented(), NetworkConference.Description())
	}
}
