package taskstate

import (
	"runtime"
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

// BenchmarkCreate creates n tasks with sequential IDs on a new store, with
// and without Grow(n) first, and reports the time and the heap per task
// (issue 7: 100k → 1M at most 11× the time, Grow never slower, at most 128
// bytes per task from 1,000 tasks up). The heap is the live heap after a
// collection, store included, divided by n.
func BenchmarkCreate(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		for _, grow := range []bool{false, true} {
			b.Run("tasks="+strconv.Itoa(n)+"/grow="+strconv.FormatBool(grow), func(b *testing.B) {
				var heap uint64
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					var before, after runtime.MemStats
					runtime.GC()
					runtime.ReadMemStats(&before)
					s := newStore(b)
					b.StartTimer()
					if grow {
						s.Grow(n)
					}
					for j := 1; j <= n; j++ {
						if _, err := s.Create(nil, t0, NewTask{ID: ccefsm.TaskID(j), App: app, MRD: chat, Agent: 1, State: StateActive}); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					runtime.GC()
					runtime.ReadMemStats(&after)
					heap += after.HeapAlloc - before.HeapAlloc
					runtime.KeepAlive(s)
					b.StartTimer()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/task")
				b.ReportMetric(float64(heap)/float64(b.N)/float64(n), "B/task")
			})
		}
	}
}

// Task IDs for the flooding benchmark.
var floodIDs = map[string]func(j int) ccefsm.TaskID{
	// 1, 2, 3, …: the common case, the baseline.
	"sequential": func(j int) ccefsm.TaskID { return ccefsm.TaskID(j) },
	// j·K⁻¹ mod 2⁶⁴ for the multiplier K of the index before issue 7, so
	// that (id·K) mod 2⁶⁴ < 2³²: every ID had hash 0 and the same home.
	"old-colliding": oldColliding,
	// IDs equal in their low 32 bits: they collide in any table indexed by
	// low bits.
	"low-bits-equal": func(j int) ccefsm.TaskID { return ccefsm.TaskID(j) << 32 },
	// One ID per block of eight, all with the same cell in their block.
	"stride-8": func(j int) ccefsm.TaskID { return ccefsm.TaskID(j) << 3 },
	// Blocks of eight that differ in one high bit: their block numbers
	// differ only there.
	"high-bit-blocks": func(j int) ccefsm.TaskID { return ccefsm.TaskID(j&7) | ccefsm.TaskID(j>>3)<<40 },
}

// oldMultiplier is the fixed multiplier of the index hash before issue 7;
// oldInverse is its inverse modulo 2⁶⁴.
const (
	oldMultiplier = 0x9E3779B97F4A7C15
	oldInverse    = 0xF1DE83E19937733D
)

func oldColliding(j int) ccefsm.TaskID { return ccefsm.TaskID(uint64(j) * oldInverse) }

// BenchmarkCreateFlood creates n tasks whose IDs an attacker chose, against
// sequential IDs (issue 7: colliding IDs within 3× of sequential ones at
// 40,000 and 400,000 tasks).
func BenchmarkCreateFlood(b *testing.B) {
	for _, n := range []int{40_000, 400_000} {
		for _, kind := range []string{"sequential", "old-colliding", "low-bits-equal", "stride-8", "high-bit-blocks"} {
			id := floodIDs[kind]
			b.Run("tasks="+strconv.Itoa(n)+"/ids="+kind, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					s := newStore(b)
					b.StartTimer()
					for j := 1; j <= n; j++ {
						if _, err := s.Create(nil, t0, NewTask{ID: id(j), App: app, MRD: chat, Agent: 1, State: StateActive}); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/task")
			})
		}
	}
}

// BenchmarkDecode restores snapshots of n and 8n tasks, and of n and 8n
// MRDs used by one application (one task each, issue 7's 40k-bucket case):
// 8× the input must cost at most 10× the time.
func BenchmarkDecode(b *testing.B) {
	for _, shape := range []string{"tasks", "mrds"} {
		for _, n := range []int{5_000, 40_000, 320_000} {
			if shape == "mrds" && n > 40_000 {
				continue
			}
			b.Run(shape+"="+strconv.Itoa(n), func(b *testing.B) {
				snap := decodeInput(b, shape, n)
				b.SetBytes(int64(len(snap)))
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					var s Store
					if err := s.UnmarshalBinary(snap); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/"+shape[:len(shape)-1])
			})
		}
	}
}

// decodeInput returns the snapshot of a store of n tasks in one MRD
// (shape "tasks"), or of n MRDs with one task each, all of one
// application (shape "mrds").
func decodeInput(tb testing.TB, shape string, n int) []byte {
	var s *Store
	if shape == "tasks" {
		s = filled(tb, n)
	} else {
		s = new(Store)
		for m := 1; m <= n; m++ {
			if err := s.AddMRD(ccefsm.NewMRD(ccefsm.MRDID(m), ccefsm.MediaChat)); err != nil {
				tb.Fatal(err)
			}
			if _, err := s.Create(nil, t0, NewTask{ID: ccefsm.TaskID(m), App: app, MRD: ccefsm.MRDID(m), Agent: 1, State: StateActive}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	snap, err := s.MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return snap
}

// BenchmarkOpenTaskBytes reports the heap held per open task.
func BenchmarkOpenTaskBytes(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.ReportMetric(heapBytesPerTask(b, 1_000_000), "B/task")
	}
}
