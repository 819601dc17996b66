package agentstate_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// peripheralSnapshot returns the snapshot of a roster with n peripherals
// and one agent on each.
func peripheralSnapshot(tb testing.TB, n int) []byte {
	tb.Helper()
	r, err := agentstate.NewRoster(agentstate.Config{MRDs: threeMRDs[:1]})
	if err != nil {
		tb.Fatal(err)
	}
	r.Grow(n)
	for i := 0; i < n; i++ {
		p := ccefsm.PeripheralID(100000 + i)
		if err := r.AddPeripheral(p, ccefsm.Redundancy(i%2)); err != nil {
			tb.Fatal(err)
		}
		if err := r.AddAgent(t0, ccefsm.AgentID(500000+i), p); err != nil {
			tb.Fatal(err)
		}
	}
	snap, err := r.MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return snap
}

// BenchmarkUnmarshalPeripherals decodes snapshots of n and 8n peripherals
// (one agent each) and reports the time per peripheral. Decoding must be
// O(n log n) or better: 8x the input may cost at most 10x the time, so
// ns/peripheral at 8n is at most 1.25 times that at n (compare the two with
// benchstat). 8n = 65,536 is the most peripherals a roster holds, the
// size that took 0.6-1.6 s to decode when the peripheral lookup was linear.
func BenchmarkUnmarshalPeripherals(b *testing.B) {
	const n = 8192
	for _, size := range []int{n, 8 * n} {
		b.Run(fmt.Sprintf("n=%d", size), func(b *testing.B) {
			snap := peripheralSnapshot(b, size)
			var r agentstate.Roster
			b.SetBytes(int64(len(snap)))
			b.ReportAllocs()
			for b.Loop() {
				if err := r.UnmarshalBinary(snap); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(size), "ns/peripheral")
		})
	}
}

// BenchmarkUnmarshalScaling decodes the snapshots of n and of 8n
// peripherals one after the other in every iteration and reports the ratio
// of their times (x8n/n, at most 10 for decoding in O(n log n) or better):
// alternating the two sizes exposes both to the same background load.
func BenchmarkUnmarshalScaling(b *testing.B) {
	const n = 8192
	small, large := peripheralSnapshot(b, n), peripheralSnapshot(b, 8*n)
	var r agentstate.Roster
	var ts, tl time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		if err := r.UnmarshalBinary(small); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if err := r.UnmarshalBinary(large); err != nil {
			b.Fatal(err)
		}
		ts, tl = ts+mid.Sub(start), tl+time.Since(mid)
	}
	b.ReportMetric(float64(tl)/float64(ts), "x8n/n")
}
