package bench

import (
	"context"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/taskstate"
	"github.com/looplab/fsm"
	"github.com/qmuntal/stateless"
)

// The non-voice task cycle: a task the router placed with an agent is
// offered, started, paused, resumed, wrapped up and ended — six events. A new
// task each iteration, as in production: tasks are many and short-lived.
const (
	tPreCall = "PRE_CALL"
	tOffered = "OFFERED"
	tActive  = "ACTIVE"
	tPaused  = "PAUSED"
	tWrapUp  = "WRAPUP"
	tEnded   = "ENDED"

	eOffer  = "offer"
	eStart  = "start"
	ePause  = "pause"
	eResume = "resume"
	eWrapUp = "wrapup"
	eEnd    = "end"
)

var taskCycle = [...]string{eOffer, eStart, ePause, eResume, eWrapUp, eEnd}

func looplabTaskEvents() fsm.Events {
	return fsm.Events{
		{Name: eOffer, Src: []string{tPreCall}, Dst: tOffered},
		{Name: eStart, Src: []string{tPreCall, tOffered}, Dst: tActive},
		{Name: ePause, Src: []string{tActive}, Dst: tPaused},
		{Name: eResume, Src: []string{tPaused}, Dst: tActive},
		{Name: eWrapUp, Src: []string{tActive, tPaused}, Dst: tWrapUp},
		{Name: eEnd, Src: []string{tPreCall, tOffered, tActive, tPaused, tWrapUp}, Dst: tEnded},
	}
}

func newStatelessTask(state *string) *stateless.StateMachine {
	sm := stateless.NewStateMachineWithExternalStorage(
		func(context.Context) (stateless.State, error) { return *state, nil },
		func(_ context.Context, s stateless.State) error { *state = s.(string); return nil },
		stateless.FiringImmediate)
	sm.Configure(tPreCall).Permit(eOffer, tOffered).Permit(eStart, tActive).Permit(eEnd, tEnded)
	sm.Configure(tOffered).Permit(eStart, tActive).Permit(eEnd, tEnded)
	sm.Configure(tActive).Permit(ePause, tPaused).Permit(eWrapUp, tWrapUp).Permit(eEnd, tEnded)
	sm.Configure(tPaused).Permit(eResume, tActive).Permit(eWrapUp, tWrapUp).Permit(eEnd, tEnded)
	sm.Configure(tWrapUp).Permit(eEnd, tEnded)
	return sm
}

const (
	chatMRD ccefsm.MRDID = 2
	chatApp ccefsm.AppID = 7
)

func newTaskStore(tb testing.TB) *taskstate.Store {
	s, err := taskstate.NewStore(taskstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(chatMRD, ccefsm.MediaChat)}})
	if err != nil {
		tb.Fatal(err)
	}
	s.Grow(16)
	return s
}

// ccefsmTask runs one task's cycle through the store and returns the last
// effects (the EffectEnded).
func ccefsmTask(tb testing.TB, s *taskstate.Store, dst []taskstate.Effect, id ccefsm.TaskID, now time.Time) []taskstate.Effect {
	var err error
	dst, err = s.Create(dst[:0], now, taskstate.NewTask{ID: id, App: chatApp, MRD: chatMRD, Agent: 1001, State: taskstate.StatePreCall})
	if err == nil {
		dst, err = s.Offer(dst, now, id)
	}
	if err == nil {
		dst, err = s.Start(dst, now, id)
	}
	if err == nil {
		dst, err = s.Pause(dst, now, id)
	}
	if err == nil {
		dst, err = s.Resume(dst, now, id)
	}
	if err == nil {
		dst, err = s.WrapUp(dst, now, id)
	}
	if err == nil {
		dst, err = s.End(dst, now, id, taskstate.NormalEndTask)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return dst
}

// BenchmarkTaskCycle: one task's life an iteration (create plus six events);
// ns/event is the figure to compare.
func BenchmarkTaskCycle(b *testing.B) {
	const events = len(taskCycle)
	b.Run("lib=ccefsm", func(b *testing.B) {
		s := newTaskStore(b)
		dst := make([]taskstate.Effect, 0, 16)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			dst = ccefsmTask(b, s, dst, ccefsm.TaskID(i+1), t0.Add(time.Duration(i)))
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*events), "ns/event")
	})
	b.Run("lib=looplab", func(b *testing.B) {
		ev := looplabTaskEvents()
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			f := fsm.NewFSM(tPreCall, ev, nil)
			for _, e := range taskCycle {
				if err := f.Event(ctx, e); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*events), "ns/event")
	})
	b.Run("lib=stateless", func(b *testing.B) {
		var state string
		sm := newStatelessTask(&state)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			state = tPreCall
			for _, e := range taskCycle {
				if err := sm.Fire(e); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*events), "ns/event")
	})
}

// TestSameTaskWork checks that the three implementations of the task cycle
// walk the same states and end the same way, so BenchmarkTaskCycle compares
// equal work.
func TestSameTaskWork(t *testing.T) {
	s := newTaskStore(t)
	f := fsm.NewFSM(tPreCall, looplabTaskEvents(), nil)
	state := tPreCall
	sm := newStatelessTask(&state)
	dst := ccefsmTask(t, s, nil, 1, t0)
	for _, e := range taskCycle {
		if err := f.Event(context.Background(), e); err != nil {
			t.Fatal(err)
		}
		if err := sm.Fire(e); err != nil {
			t.Fatal(err)
		}
	}
	if f.Current() != tEnded || state != tEnded {
		t.Fatalf("looplab %s, stateless %s, want %s", f.Current(), state, tEnded)
	}
	if s.Len() != 0 {
		t.Fatalf("store holds %d tasks after the cycle, want 0", s.Len())
	}
	last := dst[len(dst)-1]
	if last.Kind != taskstate.EffectEnded || last.Disposition != taskstate.NormalEndTask || last.Report != ccefsm.ReportComplete {
		t.Fatalf("last effect %+v, want the task ended with 38, complete", last)
	}
	if last.From != taskstate.StateWrapUp {
		t.Fatalf("ended from %v, want WRAPUP", last.From)
	}
}
