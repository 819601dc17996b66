package routing

import (
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
