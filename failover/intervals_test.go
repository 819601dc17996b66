package failover

import (
	"errors"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// Intervals answers only for the intervals the engine lived through: from
// the one holding Config.Start to the one holding the latest input. The
// audit's probes: a range from 2021 reported 2021's intervals as
// complete, and an unbounded from (the zero time.Time) returned 4.7
// million rows with no error.
func TestIntervalsRange(t *testing.T) {
	start := t0.Add(7 * time.Minute) // 09:07, inside the 09:00 interval
	r := newRig(t, refTopology(ccefsm.Duplex), func(c *Config) { c.Start = start })
	r.down(at(75, 0), Element{Kind: LinkAppCTIServer, ID: uint32(app7)}) // now 10:15

	for _, c := range []struct {
		name     string
		from, to time.Time
	}{
		{"a range in 2021", time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), t0.Add(time.Hour)},
		{"the zero time", time.Time{}, t0.Add(time.Hour)},
		{"the interval before the start", t0.Add(-30 * time.Minute), t0.Add(time.Hour)},
	} {
		reps, err := r.e.Intervals(nil, per5000, c.from, c.to)
		var qe *QueryError
		if !errors.Is(err, ErrTimeOutOfRange) || !errors.Is(err, ccefsm.ErrTimeOutOfRange) || !errors.As(err, &qe) || len(reps) != 0 {
			t.Errorf("%s: %d rows, err %v; want ErrTimeOutOfRange in a *QueryError", c.name, len(reps), err)
		}
	}
	// From the interval holding the start to far in the future: the 09:00,
	// 09:30 and 10:00 intervals, the last open.
	reps, err := r.e.Intervals(nil, per5000, t0, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 3 || !reps[0].Start.Equal(t0) || reps[2].Class != ccefsm.ReportOpen || reps[1].Class != ccefsm.ReportComplete {
		t.Fatalf("got %+v, want 09:00 and 09:30 complete, 10:00 open", reps)
	}
	// An empty or reversed range is empty.
	if reps, err := r.e.Intervals(nil, per5000, at(30, 0), at(30, 0)); err != nil || len(reps) != 0 {
		t.Errorf("empty range: %d rows, %v", len(reps), err)
	}
	if reps, err := r.e.Intervals(nil, per5000, at(30, 0), time.Time{}); err != nil || len(reps) != 0 {
		t.Errorf("reversed range: %d rows, %v", len(reps), err)
	}
	// An unknown peripheral says which.
	_, err = r.e.Intervals(nil, 77, t0, at(30, 0))
	if !errors.Is(err, ErrUnknownElement) || err.Error() != "failover: Intervals peripheral 77 from 2026-03-02T09:00:00Z to 2026-03-02T09:30:00Z: failover: unknown element" {
		t.Errorf("unknown peripheral: %v", err)
	}
}
