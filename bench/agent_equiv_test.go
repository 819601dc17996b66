package bench

import (
	"context"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
)

// The benchmarks compare like with like only if the three implementations
// do the same work: this test runs the cycle and two failovers through each
// and compares the states.
func TestSameWork(t *testing.T) {
	const n = 600
	names := map[agentstate.State]string{
		agentstate.NotReady: sNotReady, agentstate.Available: sAvailable,
		agentstate.Reserved: sReserved, agentstate.Talking: sTalking,
		agentstate.WorkReady: sWorkReady, agentstate.Logout: sLogout,
	}

	cr := newCcefsmRoster(t, n)
	lr := newLooplabRoster(n)
	sr := newStatelessRoster(n)
	ccefsmStates := func() []string {
		out := make([]string, n)
		for i := range out {
			s, err := cr.State(ccefsm.AgentID(i+1), voiceMRD)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = names[s]
		}
		return out
	}
	looplabStates := func() []string {
		out := make([]string, n)
		for i, f := range lr.agents {
			out[i] = f.Current()
		}
		return out
	}
	if diff := cmp.Diff(looplabStates(), ccefsmStates()); diff != "" {
		t.Fatalf("initial states differ (-looplab +ccefsm):\n%s", diff)
	}
	if diff := cmp.Diff(sr.states, ccefsmStates()); diff != "" {
		t.Fatalf("initial states differ (-stateless +ccefsm):\n%s", diff)
	}
	var dst []agentstate.Effect
	for round := 1; round <= 2; round++ {
		dst = ccefsmFailover(t, cr, dst, t0.Add(time.Duration(round)*time.Second))
		lr.failover(context.Background(), t)
		sr.failover(t)
		if diff := cmp.Diff(looplabStates(), ccefsmStates()); diff != "" {
			t.Fatalf("round %d: states differ (-looplab +ccefsm):\n%s", round, diff)
		}
		if diff := cmp.Diff(sr.states, ccefsmStates()); diff != "" {
			t.Fatalf("round %d: states differ (-stateless +ccefsm):\n%s", round, diff)
		}
		logouts := 0
		for _, e := range dst {
			if e.Kind == agentstate.EffectLoggedOut && e.Reason == agentstate.ReasonConnectionFailure {
				logouts++
			}
		}
		if logouts != n {
			t.Errorf("round %d: %d logouts with 50002, want %d (AG-4)", round, logouts, n)
		}
	}

	m := newCcefsmMachine(t)
	f := newLooplab()
	state := sNotReady
	sm := newStateless(&state)
	for i := 0; i < 3; i++ {
		for k := range cycle {
			if err := m.Apply(t0, ccefsmCycle[k], agentstate.ReasonNone); err != nil {
				t.Fatal(err)
			}
			if err := f.Event(context.Background(), cycle[k]); err != nil {
				t.Fatal(err)
			}
			if err := sm.Fire(cycle[k]); err != nil {
				t.Fatal(err)
			}
			if names[m.State()] != f.Current() || f.Current() != state {
				t.Fatalf("after %s: ccefsm %v, looplab %s, stateless %s", cycle[k], m.State(), f.Current(), state)
			}
		}
	}
}
