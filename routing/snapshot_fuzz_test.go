package routing

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzOtherSnapshots feeds arbitrary bytes to ReportCache.UnmarshalBinary
// and Voice.UnmarshalBinary: they never panic; they refuse with
// ErrBadSnapshot and leave the value alone, or accept a state that
// re-marshals to a fixed point and whose cached records come back, in
// order, on PathUp (RT-6) or whose peripherals are down (RT-5).
func FuzzOtherSnapshots(f *testing.F) {
	rc := NewReportCache(Policy{}, 0)
	_, _ = rc.PathDown(nil, t0)
	_, _ = rc.Record(nil, at(1), 1, 2)
	_, _ = rc.Record(nil, at(2), 2, 3)
	good, _ := rc.MarshalBinary()
	f.Add(good)
	var v Voice
	_, _ = v.PIMDown(nil, t0, 4)
	_, _ = v.PIMDown(nil, t0, 9)
	vgood, _ := v.MarshalBinary()
	f.Add(vgood)
	f.Add([]byte("RRC1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r ReportCache
		_, _ = r.PathDown(nil, t0)
		_, _ = r.Record(nil, t0, 7, 1)
		before := cloneCache(&r)
		if err := r.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrBadSnapshot) {
				t.Fatalf("error %v is not ErrBadSnapshot", err)
			}
			if diff := cmp.Diff(before, &r, cacheCmp); diff != "" {
				t.Fatalf("refused snapshot changed the cache:\n%s", diff)
			}
		} else {
			one, _ := r.MarshalBinary()
			var s ReportCache
			if err := s.UnmarshalBinary(one); err != nil {
				t.Fatal(err)
			}
			two, _ := s.MarshalBinary()
			if !slices.Equal(one, two) {
				t.Fatal("re-marshalled cache snapshot is not a fixed point")
			}
			n := r.Cached()
			got, err := r.PathUp(nil, r.lastTime())
			if err != nil || len(got) != n || !slices.IsSortedFunc(got, func(a, b ReportEffect) int { return a.Recorded.Compare(b.Recorded) }) {
				t.Fatalf("restored cache: PathUp gave %d effects for %d records (err %v), or out of order", len(got), n, err)
			}
		}
		var w Voice
		_, _ = w.PIMDown(nil, t0, 2)
		wb := w.AppendDown(nil)
		if err := w.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrBadSnapshot) || !slices.Equal(wb, w.AppendDown(nil)) {
				t.Fatalf("refused voice snapshot: %v, or it changed the down set", err)
			}
			return
		}
		one, _ := w.MarshalBinary()
		var s Voice
		if err := s.UnmarshalBinary(one); err != nil {
			t.Fatal(err)
		}
		two, _ := s.MarshalBinary()
		if !slices.Equal(one, two) {
			t.Fatal("re-marshalled voice snapshot is not a fixed point")
		}
	})
}
