package failover

import (
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/taskstate"
)

// The engine's steady-state inputs allocate nothing once its log and
// tables have grown: agent requests, the task life cycle, and a flapping
// link (each flap a whole outage and recovery, CS-9).
func TestZeroAllocs(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage counters allocate")
	}
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice, chat, email)
	r.ready(at(0, 0), bob, voice, chat, email)
	r.agent(at(0, 0), carl, voice, agentstate.EventLogin, agentstate.EventDial) // on a call through the PG flaps
	now := at(1, 0)
	tick := func() time.Time { now = now.Add(time.Second); return now }
	var l Log
	var id ccefsm.TaskID = 1000
	cases := []struct {
		name string
		f    func()
	}{
		{"agent request", func() {
			l.Reset()
			must(t, r.e.AgentRequest(&l, tick(), alice, voice, agentstate.EventNotReady, 3))
			must(t, r.e.AgentRequest(&l, tick(), alice, voice, agentstate.EventReady, 0))
		}},
		{"task life cycle", func() {
			l.Reset()
			id++
			must(t, r.e.CreateTask(&l, tick(), taskstate.NewTask{ID: id, App: app7, MRD: chat, Agent: bob, State: taskstate.StateOffered}))
			must(t, r.e.Task(&l, tick(), TaskStart, id, 0, 0))
			must(t, r.e.Task(&l, tick(), TaskEnd, id, 0, 0))
		}},
		{"flapping CTI link", func() {
			l.Reset()
			must(t, r.e.Down(&l, tick(), appCTI))
			must(t, r.e.Up(&l, tick(), appCTI))
		}},
		{"flapping PG side", func() {
			l.Reset()
			must(t, r.e.Down(&l, tick(), pgA))
			must(t, r.e.Up(&l, tick(), pgA))
		}},
		{"PG takeovers with a call (RP-9)", func() {
			l.Reset()
			// The active side goes and the other recovers carl's call at
			// once (a split), then comes back as the standby; twice.
			for range 2 {
				ps, _ := r.e.Roster().Peripheral(per5000)
				side := Element{Kind: AgentPG, ID: pg1, Side: ps.Active}
				must(t, r.e.Down(&l, tick(), side))
				must(t, r.e.Up(&l, tick(), side))
			}
		}},
		{"flapping desktop", func() {
			l.Reset()
			must(t, r.e.Down(&l, tick(), Element{Kind: Desktop, ID: uint32(alice)}))
			must(t, r.e.Up(&l, tick(), Element{Kind: Desktop, ID: uint32(alice)}))
		}},
	}
	for _, c := range cases {
		for range 2000 { // grow the log, the outage list and the ledger first
			c.f()
		}
		if n := testing.AllocsPerRun(200, c.f); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", c.name, n)
		}
	}
	// Each takeover split carl's call (RP-9): "flapping PG side" once (its
	// first side A down; side B stays active after it), the takeovers
	// twice a run, run 2000 times, once to warm AllocsPerRun up and 200
	// times measured.
	if got, want := len(r.e.Splits(nil)), 1+2*(2000+1+200); got != want {
		t.Errorf("%d calls split, want %d", got, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
