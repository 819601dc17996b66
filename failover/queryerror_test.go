package failover

import (
	"errors"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/taskstate"
)

// The questions name what they were asked about when they refuse, and
// errors.Is still sees the sentinel and its root kind (they returned the
// bare sentinel).
func TestQueryErrorsSayWhat(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	check := func(err error, want ...string) {
		t.Helper()
		var qe *QueryError
		if !errors.As(err, &qe) || !errors.Is(err, ErrUnknownElement) || !errors.Is(err, ccefsm.ErrUnknownID) {
			t.Fatalf("%v: want a *QueryError wrapping ErrUnknownElement", err)
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q lacks %q", err.Error(), w)
			}
		}
	}
	_, _, _, err := r.e.Routable(4242, chat)
	check(err, "Routable", "agent 4242", "MRD 2")
	_, _, _, err = r.e.Routable(alice, 99)
	check(err, "Routable", "agent 1001", "MRD 99")
	_, err = r.e.IsDown(Element{Kind: AgentPG, ID: 9, Side: ccefsm.SideA})
	check(err, "IsDown", "9")
	_, err = r.e.IsDown(Element{Kind: Desktop, ID: 4242})
	check(err, "IsDown", "4242")
	_, err = r.e.IsUp(Path{Kind: PathPeripheral, ID: 77})
	check(err, "IsUp", "77")
	_, err = r.e.Conn(8)
	check(err, "Conn", "application 8")
	_, err = r.e.Intervals(nil, 77, t0, at(30, 0))
	check(err, "Intervals", "peripheral 77", "2026-03-02T09:00:00Z")
}

// After a refused input the log's sequence numbers stay those of the
// accepted inputs: the refused input fired nothing, so no effect carries
// the number the next input then takes (Log.Input gave deadline effects
// of a refused input that number).
func TestLogInputAfterRefusal(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, chat)
	r.create(at(0, 1), 1, chat, alice, taskstate.StatePreCall) // start timeout at 0:31
	var l Log
	if err := r.e.Task(&l, at(1, 0), TaskEnd, 999, 0, 0); err == nil {
		t.Fatal("End of an unknown task accepted")
	}
	if l.Len() != 0 {
		t.Fatalf("a refused input left %d effects", l.Len())
	}
	seq := r.e.Seq()
	must(t, r.e.Advance(&l, at(1, 0)))
	if l.Len() == 0 {
		t.Fatal("the start timeout did not fire")
	}
	for i := range l.Len() {
		if l.Input(i) != seq+1 {
			t.Errorf("effect %d (%v) carries input %d, want %d", i, l.At(i), l.Input(i), seq+1)
		}
	}
}
