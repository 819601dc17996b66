package routing

import (
	"errors"
	"testing"
	"time"
)

// TestTimeOutOfRange: inputs carry their time as int64 Unix nanoseconds,
// which covers the years 1678 to 2262. A time outside that range cannot be
// stored: it is refused with ErrTimeOutOfRange and changes nothing, instead
// of wrapping around (a later time taken for an earlier one, reported as
// ErrTimeBackwards, or an earlier one accepted as later).
func TestTimeOutOfRange(t *testing.T) {
	tests := []struct {
		reason string
		at     time.Time
		want   error
	}{
		{"edge case: year 2300 is after the last input, not before it", time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), ErrTimeOutOfRange},
		{"edge case: the zero time.Time (year 1) cannot be stored", time.Time{}, ErrTimeOutOfRange},
		{"edge case: year 1600 cannot be stored", time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), ErrTimeOutOfRange},
		{"the last representable instant is accepted", time.Unix(0, 1<<63-1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			c := mustConn(Policy{}, 0)
			if _, err := c.Send(nil, t0, 1, mrd); err != nil {
				t.Fatal(err)
			}
			before := clone(c)
			for _, in := range []input{send(2), routed(1), appDown, appUp, ccDown, ccUp} {
				n := clone(before)
				_, err := apply(n, nil, tt.at, in)
				if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
					t.Errorf("Conn %v: err = %v, want %v", in, err, tt.want)
				}
				if err != nil && !sameConn(before, n) {
					t.Errorf("Conn %v: refused input changed the Conn", in)
				}
			}
			var v Voice
			if _, err := v.PIMDown(nil, t0, 1); err != nil {
				t.Fatal(err)
			}
			vb := v.AppendDown(nil)
			_, err1 := v.PIMDown(nil, tt.at, 2)
			_, err2 := v.PIMUp(nil, tt.at, 1)
			for _, err := range []error{err1, err2} {
				if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
					t.Errorf("Voice: err = %v, want %v", err, tt.want)
				}
			}
			if tt.want != nil && len(v.AppendDown(nil)) != len(vb) {
				t.Errorf("Voice: refused input changed the down set")
			}
			rc := mustCache(Policy{}, 0)
			if _, err := rc.PathDown(nil, t0); err != nil {
				t.Fatal(err)
			}
			rb := cloneCache(rc)
			_, err := rc.Record(nil, tt.at, 1, 0)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("ReportCache Record: err = %v, want %v", err, tt.want)
			}
			if err != nil {
				if diff := cmpCache(rb, rc); diff != "" {
					t.Errorf("ReportCache: refused input changed the cache:\n%s", diff)
				}
				return
			}
			// Accepted: the record made at that instant comes back with it.
			got, _ := rc.PathUp(nil, tt.at)
			if len(got) != 1 || !got[0].Recorded.Equal(tt.at) {
				t.Errorf("ReportCache delivered %v, want record 1 made at %v", got, tt.at)
			}
		})
	}
}

// TestRepeatedObservationKeepsTime: a repeated observation (RT-1, RT-3,
// RT-5, RT-6 path or PIM already down) changes nothing but the time of the
// last input, as documented: an input before it is then backwards.
func TestRepeatedObservationKeepsTime(t *testing.T) {
	c := mustConn(Policy{}, 0)
	_, _ = c.AppPathDown(nil, at(1))
	_, _ = c.ControllerPathDown(nil, at(2))
	before := clone(c)
	if got, err := c.AppPathDown(nil, at(5)); err != nil || len(got) != 0 {
		t.Fatalf("repeated AppPathDown: %v, %v", got, err)
	}
	if got, err := c.ControllerPathDown(nil, at(6)); err != nil || len(got) != 0 {
		t.Fatalf("repeated ControllerPathDown: %v, %v", got, err)
	}
	before.clock = c.clock
	if !sameConn(before, c) {
		t.Error("repeated observations changed more than the clock")
	}
	if _, err := c.Send(nil, at(4), 1, mrd); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("Conn input before the repeated observation: %v, want ErrTimeBackwards", err)
	}
	var v Voice
	_, _ = v.PIMDown(nil, at(1), 3)
	if got, _ := v.PIMDown(nil, at(5), 3); len(got) != 0 {
		t.Errorf("repeated PIMDown: %v", got)
	}
	if _, err := v.PIMUp(nil, at(4), 3); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("Voice input before the repeated observation: %v, want ErrTimeBackwards", err)
	}
	var rc ReportCache
	_, _ = rc.PathDown(nil, at(1))
	_, _ = rc.PathDown(nil, at(5))
	if _, err := rc.Record(nil, at(4), 1, 0); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("ReportCache input before the repeated observation: %v, want ErrTimeBackwards", err)
	}
}

// TestTimeRangeEdges checks the exact edges of the int64-nanosecond range,
// where the fast check hands over to the round trip.
func TestTimeRangeEdges(t *testing.T) {
	tests := []struct {
		reason string
		at     time.Time
		ok     bool
	}{
		{"edge case: first representable instant", time.Unix(0, -1<<63), true},
		{"edge case: one ns before it", time.Unix(0, -1<<63).Add(-time.Nanosecond), false},
		{"edge case: last representable instant", time.Unix(0, 1<<63-1), true},
		{"edge case: one ns after it", time.Unix(0, 1<<63-1).Add(time.Nanosecond), false},
		{"edge case: the second before the last, in full", time.Unix(9223372035, 999999999), true},
	}
	for _, tt := range tests {
		var c clock
		_, err := c.check("test", tt.at)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrTimeOutOfRange)) {
			t.Errorf("%s: %v: err = %v, want ok %v", tt.reason, tt.at, err, tt.ok)
		}
	}
}
