package failover

import (
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// The stringer outputs are checked in; this test fails when one drifts from
// its constants (run go generate).
func TestStringerDrift(t *testing.T) { gencheck.Stringers(t) }

// TestTaskOpText: task inputs have short text names (the taskstate event
// names), which scenario files use, and they round-trip.
func TestTaskOpText(t *testing.T) {
	want := map[TaskOp]string{TaskAssign: "assign", TaskOffer: "offer", TaskStart: "start", TaskPause: "pause",
		TaskResume: "resume", TaskWrapUp: "wrap-up", TaskEnd: "end"}
	for op, name := range want {
		b, err := op.MarshalText()
		if err != nil || string(b) != name {
			t.Errorf("%d.MarshalText() = %q, %v; want %q", op, b, err, name)
		}
		var got TaskOp
		if err := got.UnmarshalText([]byte(name)); err != nil || got != op {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", name, got, err, op)
		}
	}
	if _, err := TaskOp(0).MarshalText(); err == nil {
		t.Error("TaskOp(0).MarshalText() succeeded")
	}
}
