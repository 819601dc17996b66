package failover

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// Forget drops the past before an interval, keeps everything open, and
// changes no answer about what it keeps.
func TestForget(t *testing.T) {
	r := busyRig(t) // outages from 09:05 on, some still open at 09:42
	r.up(at(45, 0), appCTI)
	r.up(at(46, 0), ccB)
	r.up(at(47, 0), pimA)
	r.up(at(48, 0), ccA)
	r.do(Input{Op: OpAdvance, At: at(130, 0)})
	before := r.e.Outages(nil)
	ivBefore, err := r.e.Intervals(nil, per5000, at(60, 0), at(150, 0))
	if err != nil {
		t.Fatal(err)
	}
	counts := r.e.TaskCounts()
	tasks := r.e.Tasks(nil)

	r.e.Forget(at(75, 0)) // forgets before 10:00
	after := r.e.Outages(nil)
	if len(after) >= len(before) {
		t.Fatalf("nothing forgotten: %d outages before, %d after", len(before), len(after))
	}
	for _, o := range after {
		got, ok := r.e.Outage(o.ID)
		if !ok || got != o {
			t.Errorf("outage %d lost its ID", o.ID)
		}
	}
	// The drop stops at the first outage still open or ended after the cut.
	if f := after[0]; !f.To.IsZero() && f.To.Before(at(60, 0)) {
		t.Errorf("outage %d ended before the cut, yet the drop stopped there", f.ID)
	}
	if _, ok := r.e.Outage(before[0].ID); ok {
		t.Error("the first outage is still known")
	}
	ivAfter, err := r.e.Intervals(nil, per5000, at(60, 0), at(150, 0))
	if err != nil || !slices.Equal(ivBefore, ivAfter) {
		t.Errorf("intervals after the horizon changed:\n%v\n%v (%v)", ivBefore, ivAfter, err)
	}
	if _, err := r.e.Intervals(nil, per5000, at(30, 0), at(150, 0)); !errors.Is(err, ErrForgotten) {
		t.Errorf("intervals before the horizon: %v", err)
	}
	if r.e.TaskCounts() != counts {
		t.Error("Forget changed the task counts")
	}
	for _, tr := range r.e.Tasks(nil) {
		if tr.Ended.Before(at(60, 0)) && tr.Class.IsFinal() {
			t.Errorf("task %d ended at %v was kept", tr.Task, tr.Ended)
		}
	}
	if len(r.e.Tasks(nil)) > len(tasks) {
		t.Error("Forget added task entries")
	}
	if field, why := r.e.verify(); why != "" {
		t.Fatalf("%s: %s", field, why)
	}
	b, _ := r.e.MarshalBinary()
	var c Engine
	if err := c.UnmarshalBinary(b); err != nil {
		t.Fatalf("a forgetful engine does not restore: %v", err)
	}
	// Never backwards.
	n := len(r.e.Outages(nil))
	r.e.Forget(at(0, 0))
	if len(r.e.Outages(nil)) != n {
		t.Error("Forget moved the horizon back")
	}
	_ = time.Second
}

// Forget of an instant out of int64 nanoseconds, which time.Time.UnixNano
// would wrap, forgets nothing when it is before 1678 (the zero Time
// included) and up to the latest input's interval when it is after 2262,
// as the latest instant in range does.
func TestForgetOutOfRange(t *testing.T) {
	for _, c := range []struct {
		name string
		at   time.Time
		same time.Time // the in-range instant it must act as; zero: nothing
	}{
		{"the zero Time", time.Time{}, time.Time{}},
		{"the year 1000", time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{}},
		{"the year 3000", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), at(130, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := busyRig(t)
			r.do(Input{Op: OpAdvance, At: at(130, 0)})
			want := busyRig(t)
			want.do(Input{Op: OpAdvance, At: at(130, 0)})
			if !c.same.IsZero() {
				want.e.Forget(c.same)
			}
			r.e.Forget(c.at)
			got, _ := r.e.MarshalBinary()
			exp, _ := want.e.MarshalBinary()
			if !slices.Equal(got, exp) {
				t.Errorf("Forget(%v) left another engine than Forget(%v)", c.at, c.same)
			}
		})
	}
}
