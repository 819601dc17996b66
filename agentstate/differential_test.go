package agentstate_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/looplab/fsm"
	"pgregory.net/rapid"
)

// oracle builds an independent github.com/looplab/fsm machine from the same
// transition rows, for media m, starting logged out.
func oracle(m agentstate.Media) *fsm.FSM {
	var events []fsm.EventDesc
	for _, tr := range agentstate.Transitions() {
		if tr.Media == m {
			events = append(events, fsm.EventDesc{Name: tr.Event.String(), Src: []string{tr.From.String()}, Dst: tr.To.String()})
		}
	}
	return fsm.NewFSM(agentstate.Logout.String(), events, nil)
}

// TestDifferentialLooplab drives random events (and some observations)
// through a Machine and a looplab/fsm oracle built from the same table, and
// compares the state and the accept/reject decision after every step.
func TestDifferentialLooplab(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		media := rapid.SampledFrom([]agentstate.Media{agentstate.Voice, agentstate.NonVoice}).Draw(t, "media")
		m := agentstate.NewMachine(t0, media)
		f := oracle(media)
		for i := 0; i < 100; i++ {
			now := at(i + 1)
			if rapid.SampledFrom(observeOneInTen).Draw(t, "observe?") {
				// AG-10: an observation; looplab/fsm's SetState is the same.
				s := rapid.SampledFrom(allStates).Draw(t, "state")
				if err := m.Observe(now, s, 0); err != nil {
					t.Fatal(err)
				}
				f.SetState(s.String())
				continue
			}
			e := rapid.SampledFrom(allEvents).Draw(t, "event")
			err := m.Apply(now, e, 0)
			ferr := f.Event(context.Background(), e.String())
			var noTransition fsm.NoTransitionError
			oracleOK := ferr == nil || errors.As(ferr, &noTransition) // a self-loop such as NOT_READY -> NOT_READY
			if (err == nil) != oracleOK {
				t.Fatalf("step %d %v %v: agentstate err %v, looplab err %v", i, media, e, err, ferr)
			}
			if err != nil && !errors.Is(err, agentstate.ErrIllegalTransition) {
				t.Fatalf("step %d: unexpected error %v", i, err)
			}
			if got, want := m.State().String(), f.Current(); got != want {
				t.Fatalf("step %d %v %v: agentstate in %s, looplab in %s", i, media, e, got, want)
			}
		}
	})
}

var (
	observeOneInTen = []bool{true, false, false, false, false, false, false, false, false, false}
	allStates       []agentstate.State
	allEvents       []agentstate.Event
)

func init() {
	for s := agentstate.State(0); s.IsValid(); s++ {
		allStates = append(allStates, s)
	}
	for e := agentstate.EventLogin; e.IsValid(); e++ {
		allEvents = append(allEvents, e)
	}
}

// BenchmarkLooplabEvent is the reference for BenchmarkMachineEvent and
// BenchmarkRosterEvent: the same event cycle through a looplab/fsm machine
// built from the same rows (the bench/ module holds the full comparison).
func BenchmarkLooplabEvent(b *testing.B) {
	f := oracle(agentstate.Voice)
	ctx := context.Background()
	for _, e := range []agentstate.Event{agentstate.EventLogin, agentstate.EventReady} {
		if err := f.Event(ctx, e.String()); err != nil {
			b.Fatal(err)
		}
	}
	names := make([]string, len(cycle))
	for i, e := range cycle {
		names[i] = e.String()
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := f.Event(ctx, names[i%len(names)]); err != nil {
			b.Fatal(err)
		}
	}
}
