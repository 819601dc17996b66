package routing

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// BenchmarkSendResponse is one NEW_TASK and its DO_THIS_WITH_TASK with
// 1,000 other requests pending: the per-request cost in steady state.
func BenchmarkSendResponse(b *testing.B) {
	c := mustConn(Policy{}, 4096)
	dst := make([]Effect, 0, 4)
	now := t0
	var id ccefsm.RequestID
	for ; id < 1000; id++ {
		dst, _ = c.Send(dst[:0], now, id+1, mrd)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id++
		dst, _ = c.Send(dst[:0], now, id, mrd)
		dst, _ = c.Response(dst[:0], now, id, OutcomeRouted)
	}
}

// BenchmarkOutage100k holds 100,000 pending requests through an
// application–MR PG outage and the resend, then a MR PIM–Central Controller
// outage and the resubmission. ns/request is the cost per request of one
// outage-and-restore cycle (two inputs touching every request).
func BenchmarkOutage100k(b *testing.B) {
	const n = 100_000
	c := mustConn(Policy{}, n)
	dst := make([]Effect, 0, n+1)
	now := t0
	for id := ccefsm.RequestID(1); id <= n; id++ {
		dst, _ = c.Send(dst[:0], now, id, mrd)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dst, _ = c.AppPathDown(dst[:0], now)
		dst, _ = c.AppPathUp(dst[:0], now)
		dst, _ = c.ControllerPathDown(dst[:0], now)
		dst, _ = c.ControllerPathUp(dst[:0], now)
	}
	b.StopTimer()
	if c.Pending() != n {
		b.Fatalf("pending %d, want %d", c.Pending(), n)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(2*n), "ns/request")
}

// BenchmarkLifecycle100k is the whole story for 100,000 requests: sent,
// held through an outage, resent, answered. ns/request is per request;
// B/pending is the heap the Conn holds per pending request.
func BenchmarkLifecycle100k(b *testing.B) {
	const n = 100_000
	dst := make([]Effect, 0, n+1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c := mustConn(Policy{}, n)
	runtime.ReadMemStats(&after)
	perPending := float64(after.TotalAlloc-before.TotalAlloc) / n
	now := t0
	var id ccefsm.RequestID
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		first := id + 1
		for j := 0; j < n; j++ {
			id++
			dst, _ = c.Send(dst[:0], now, id, mrd)
		}
		dst, _ = c.AppPathDown(dst[:0], now)
		now = now.Add(time.Second)
		dst, _ = c.AppPathUp(dst[:0], now)
		for r := first; r <= id; r++ {
			dst, _ = c.Response(dst[:0], now, r, OutcomeRouted)
		}
	}
	b.StopTimer()
	if c.Pending()+c.Held() != 0 {
		b.Fatalf("%d requests left", c.Pending()+c.Held())
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/request")
	b.ReportMetric(perPending, "B/pending")
}

func BenchmarkRoutable(b *testing.B) {
	cand := Candidate{ControllerUp: true, LoggedIn: true, AvailableInMRD: true, TaskLimit: 2, Media: ccefsm.MediaVoice, PIMUp: true}
	b.ReportAllocs()
	ok := 0
	for i := 0; i < b.N; i++ {
		cand.Tasks = uint16(i & 3)
		if r, _, _ := Routable(cand); r {
			ok++
		}
	}
	if ok == 0 {
		b.Fatal("never routable")
	}
}

// BenchmarkReportCache caches 1,000 records during an outage and delivers
// them late on restore; ns/record is per record.
func BenchmarkReportCache(b *testing.B) {
	const n = 1000
	rc := mustCache(Policy{}, n)
	dst := make([]ReportEffect, 0, n)
	now := t0
	var id RecordID
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		dst, _ = rc.PathDown(dst[:0], now)
		for j := 0; j < n; j++ {
			id++
			dst, _ = rc.Record(dst[:0], now, id, 1)
		}
		dst, _ = rc.PathUp(dst[:0], now)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/record")
}

// Snapshot decoding is linear in the snapshot's size. Each benchmark
// decodes snapshots of n and 8n items; ns/item is per request, record or
// peripheral, and should stay flat from n to 8n (8× the input, at most 10×
// the time).
var snapshotSizes = []int{10_000, 80_000}

// bigConn holds n live requests: three quarters deleted by a controller
// outage, then the MR PG path down and the last quarter issued unsent.
func bigConn(n int) *Conn {
	c := mustConn(Policy{}, n)
	id := ccefsm.RequestID(0)
	for ; int(id) < n*3/4; id++ {
		_, _ = c.Send(nil, t0, id+1, mrd+ccefsm.MRDID(id%7))
	}
	_, _ = c.ControllerPathDown(nil, t0)
	_, _ = c.AppPathDown(nil, t0)
	for ; int(id) < n; id++ {
		_, _ = c.Send(nil, t0, id+1, mrd)
	}
	return c
}

func BenchmarkUnmarshalConn(b *testing.B) {
	for _, n := range snapshotSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			snap, err := bigConn(n).MarshalBinary()
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(snap)))
			b.ReportAllocs()
			b.ResetTimer()
			var c Conn
			for i := 0; i < b.N; i++ {
				if err := c.UnmarshalBinary(snap); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
		})
	}
}

func BenchmarkUnmarshalReportCache(b *testing.B) {
	for _, n := range snapshotSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			rc := mustCache(Policy{}, n)
			_, _ = rc.PathDown(nil, t0)
			for i := 0; i < n; i++ {
				_, _ = rc.Record(nil, t0.Add(time.Duration(i)*time.Millisecond), RecordID(i+1), RecordKind(i))
			}
			snap, err := rc.MarshalBinary()
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(snap)))
			b.ReportAllocs()
			b.ResetTimer()
			var c ReportCache
			for i := 0; i < b.N; i++ {
				if err := c.UnmarshalBinary(snap); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
		})
	}
}

func BenchmarkUnmarshalVoice(b *testing.B) {
	for _, n := range snapshotSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var v Voice
			// Peripherals down in decreasing order, spread over 32 bits.
			for i := n; i > 0; i-- {
				_, _ = v.PIMDown(nil, t0, ccefsm.PeripheralID(i*40_000+7))
			}
			snap, err := v.MarshalBinary()
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(snap)))
			b.ReportAllocs()
			b.ResetTimer()
			var w Voice
			for i := 0; i < b.N; i++ {
				if err := w.UnmarshalBinary(snap); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
		})
	}
}
