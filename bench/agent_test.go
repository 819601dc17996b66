package bench

import (
	"context"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/looplab/fsm"
	"github.com/qmuntal/stateless"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// ccefsmCycle is the same cycle as the competitors' `cycle`.
var ccefsmCycle = [...]agentstate.Event{
	agentstate.EventReady, agentstate.EventReserve, agentstate.EventAnswer,
	agentstate.EventWrapReady, agentstate.EventWrapEnd, agentstate.EventNotReady,
}

func newCcefsmMachine(tb testing.TB) agentstate.Machine {
	m := agentstate.NewMachine(t0, agentstate.Voice)
	if err := m.Apply(t0, agentstate.EventLogin, agentstate.ReasonNone); err != nil {
		tb.Fatal(err)
	}
	return m
}

// BenchmarkAgentCycle runs one agent's voice cycle, six events an
// iteration; ns/event is the figure to compare.
func BenchmarkAgentCycle(b *testing.B) {
	b.Run("lib=ccefsm", func(b *testing.B) {
		m := newCcefsmMachine(b)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			now := t0.Add(time.Duration(i))
			for _, e := range ccefsmCycle {
				if err := m.Apply(now, e, agentstate.ReasonNone); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ccefsmCycle)), "ns/event")
	})
	b.Run("lib=looplab", func(b *testing.B) {
		f := newLooplab()
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			for _, e := range cycle {
				if err := f.Event(ctx, e); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cycle)), "ns/event")
	})
	b.Run("lib=stateless", func(b *testing.B) {
		state := sNotReady
		sm := newStateless(&state)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			for _, e := range cycle {
				if err := sm.Fire(e); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cycle)), "ns/event")
	})
}

// The PG failover workload: 24,000 voice agents on one duplex peripheral,
// spread over the states of the cycle; the active side fails (cause PG), the
// other takes over, every agent is logged out with 50002 and logged in again
// by AG-T1. One iteration is one failover and restore of all agents.
const rosterSize = 24000

// initial is the state of agent i before the first failover, and its state
// before its current call.
func initial(i int) (at, beforeCall string) {
	switch i % 6 {
	case 0:
		return sAvailable, ""
	case 1:
		return sNotReady, ""
	case 2:
		return sReserved, sAvailable
	case 3:
		return sTalking, sAvailable
	case 4:
		return sWorkReady, sAvailable
	default:
		return sWorkReady, sNotReady
	}
}

// pathTo lists the ccefsm events that take a freshly logged-in agent (Not
// Ready) to the initial state of agent i.
func pathTo(i int) []agentstate.Event {
	switch i % 6 {
	case 0:
		return []agentstate.Event{agentstate.EventReady}
	case 1:
		return nil
	case 2:
		return []agentstate.Event{agentstate.EventReady, agentstate.EventReserve}
	case 3:
		return []agentstate.Event{agentstate.EventReady, agentstate.EventReserve, agentstate.EventAnswer}
	case 4:
		return []agentstate.Event{agentstate.EventReady, agentstate.EventReserve, agentstate.EventAnswer, agentstate.EventWrapReady}
	default:
		return []agentstate.Event{agentstate.EventDial, agentstate.EventWrapReady}
	}
}

const (
	voiceMRD   ccefsm.MRDID        = 1
	peripheral ccefsm.PeripheralID = 5000
)

func newCcefsmRoster(tb testing.TB, n int) *agentstate.Roster {
	r, err := agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(voiceMRD, ccefsm.MediaVoice)}})
	if err != nil {
		tb.Fatal(err)
	}
	if err := r.AddPeripheral(peripheral, ccefsm.Duplex); err != nil {
		tb.Fatal(err)
	}
	r.Grow(n)
	for i := 0; i < n; i++ {
		a := ccefsm.AgentID(i + 1)
		if err := r.AddAgent(t0, a, peripheral); err != nil {
			tb.Fatal(err)
		}
		for _, e := range append([]agentstate.Event{agentstate.EventLogin}, pathTo(i)...) {
			if err := r.Apply(t0, a, voiceMRD, e, agentstate.ReasonNone); err != nil {
				tb.Fatalf("agent %d: %v: %v", a, e, err)
			}
		}
	}
	return r
}

// ccefsmFailover fails the active side and brings it back as standby; the
// next call fails the other side.
func ccefsmFailover(tb testing.TB, r *agentstate.Roster, dst []agentstate.Effect, now time.Time) []agentstate.Effect {
	st, err := r.Peripheral(peripheral)
	if err != nil {
		tb.Fatal(err)
	}
	dst, err = r.SideDown(dst[:0], now, peripheral, st.Active, agentstate.CausePG)
	if err != nil {
		tb.Fatal(err)
	}
	dst, err = r.SideUp(dst, now, peripheral, st.Active)
	if err != nil {
		tb.Fatal(err)
	}
	return dst
}

type looplabRoster struct {
	agents     []*fsm.FSM
	beforeCall []string
}

func looplabRosterEvents() fsm.Events {
	ev := looplabEvents()
	for _, s := range []string{sNotReady, sAvailable, sTalking} {
		ev = append(ev, fsm.EventDesc{Name: eRelogin + "_" + s, Src: []string{sLogout}, Dst: s})
	}
	return ev
}

func newLooplabRoster(n int) *looplabRoster {
	r := &looplabRoster{agents: make([]*fsm.FSM, n), beforeCall: make([]string, n)}
	ev := looplabRosterEvents()
	for i := range r.agents {
		at, before := initial(i)
		r.agents[i] = fsm.NewFSM(at, ev, nil)
		r.beforeCall[i] = before
	}
	return r
}

func (r *looplabRoster) failover(ctx context.Context, tb testing.TB) {
	for i, f := range r.agents {
		at := f.Current()
		if err := f.Event(ctx, eFail); err != nil {
			tb.Fatal(err)
		}
		if err := f.Event(ctx, eRelogin+"_"+restoreAfterPG(at, r.beforeCall[i])); err != nil {
			tb.Fatal(err)
		}
	}
}

type statelessRoster struct {
	cur        string
	sm         *stateless.StateMachine
	states     []string
	beforeCall []string
}

func newStatelessRoster(n int) *statelessRoster {
	r := &statelessRoster{states: make([]string, n), beforeCall: make([]string, n)}
	r.sm = newStateless(&r.cur)
	for i := range r.states {
		r.states[i], r.beforeCall[i] = initial(i)
	}
	return r
}

func (r *statelessRoster) failover(tb testing.TB) {
	for i, at := range r.states {
		r.cur = at
		if err := r.sm.Fire(eFail); err != nil {
			tb.Fatal(err)
		}
		if err := r.sm.Fire(eRelogin, restoreAfterPG(at, r.beforeCall[i])); err != nil {
			tb.Fatal(err)
		}
		r.states[i] = r.cur
	}
}

// BenchmarkPGFailover fails over and restores 24,000 agents an iteration;
// ns/agent is the figure to compare.
func BenchmarkPGFailover(b *testing.B) {
	b.Run("lib=ccefsm", func(b *testing.B) {
		r := newCcefsmRoster(b, rosterSize)
		dst := make([]agentstate.Effect, 0, 4*rosterSize)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			dst = ccefsmFailover(b, r, dst, t0.Add(time.Duration(i+1)*time.Second))
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rosterSize), "ns/agent")
	})
	b.Run("lib=looplab", func(b *testing.B) {
		r := newLooplabRoster(rosterSize)
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			r.failover(ctx, b)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rosterSize), "ns/agent")
	})
	b.Run("lib=stateless", func(b *testing.B) {
		r := newStatelessRoster(rosterSize)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			r.failover(b)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rosterSize), "ns/agent")
	})
}
