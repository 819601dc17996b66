package taskstate

import (
	"strconv"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// BenchmarkTaskCycle: one task's create → offer → start → wrap-up → end on a
// store, reusing the effect slice (five inputs per op).
func BenchmarkTaskCycle(b *testing.B) {
	s := newStore(b)
	s.Grow(16)
	dst := make([]Effect, 0, 4)
	now := t0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := ccefsm.TaskID(i + 1)
		now = now.Add(time.Microsecond)
		dst, _ = s.Create(dst[:0], now, NewTask{ID: id, App: app, MRD: chat, Agent: 5, State: StatePreCall})
		dst, _ = s.Offer(dst, now, id)
		dst, _ = s.Start(dst, now, id)
		dst, _ = s.WrapUp(dst, now, id)
		dst, _ = s.End(dst, now, id, 0)
	}
	b.StopTimer()
	if s.Len() != 0 || len(dst) != 1 {
		b.Fatalf("open %d, effects %d", s.Len(), len(dst))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/5, "ns/event")
}

// BenchmarkTaskCycleLoaded runs the same cycle beside 1,000,000 open tasks.
func BenchmarkTaskCycleLoaded(b *testing.B) {
	s := filled(b, 1_000_000)
	dst := make([]Effect, 0, 4)
	now := t0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := ccefsm.TaskID(1<<40 + i)
		dst, _ = s.Create(dst[:0], now, NewTask{ID: id, App: app, MRD: chat, Agent: 5, State: StatePreCall})
		dst, _ = s.Offer(dst, now, id)
		dst, _ = s.Start(dst, now, id)
		dst, _ = s.WrapUp(dst, now, id)
		dst, _ = s.End(dst, now, id, 0)
	}
	b.StopTimer()
	if s.Len() != 1_000_000 || len(dst) != 1 {
		b.Fatalf("open %d, effects %d", s.Len(), len(dst))
	}
}

// filled returns a store with n active chat tasks of one application,
// created at t0.
func filled(tb testing.TB, n int) *Store {
	s := newStore(tb)
	s.Grow(n)
	for i := 1; i <= n; i++ {
		if _, err := s.Create(nil, t0, NewTask{ID: ccefsm.TaskID(i), App: app, MRD: chat, Agent: ccefsm.AgentID(i%24000 + 1), State: StateActive}); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

// BenchmarkOutageExpire: the application's CTI path goes down over n open
// tasks and the task life runs out; the timed part is PathDown plus the
// Advance that ends all n with disposition 42 (TS-1). ns/task shows the
// scaling.
func BenchmarkOutageExpire(b *testing.B) {
	for _, n := range []int{100_000, 300_000, 1_000_000} {
		b.Run("tasks="+strconv.Itoa(n), func(b *testing.B) {
			dst := make([]Effect, 0, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := filled(b, n)
				b.StartTimer()
				var err error
				dst, err = s.PathDown(dst[:0], t0.Add(time.Second), app)
				if err != nil {
					b.Fatal(err)
				}
				dst, err = s.Advance(dst, t0.Add(time.Second+life))
				if err != nil || len(dst) != n || s.Len() != 0 {
					b.Fatalf("%v: %d effects, %d open", err, len(dst), s.Len())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/task")
		})
	}
}

// BenchmarkOpenTaskBytes reports the heap held per open task.
func BenchmarkOpenTaskBytes(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.ReportMetric(heapBytesPerTask(b, 1_000_000), "B/task")
	}
}
