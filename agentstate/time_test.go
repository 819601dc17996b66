package agentstate_test

import (
	"bytes"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// TestTimeOutOfRange: an instant that int64 Unix nanoseconds cannot hold
// (before 1678 or after 2262) is refused with ErrTimeOutOfRange and changes
// nothing. time.Time.UnixNano wraps around there: year 2600 used to be
// taken for 2014, and year 2300 for a time before 1970.
func TestTimeOutOfRange(t *testing.T) {
	far := []struct {
		reason string
		now    time.Time
	}{
		{"year 2600 wraps to 2014 in Unix nanoseconds", time.Date(2600, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"year 2300 wraps to a negative Unix nanosecond count", time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"year 1600 is before the first Unix nanosecond instant", time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"the zero time.Time", time.Time{}},
	}
	ops := []struct {
		name string
		do   func(r *agentstate.Roster, now time.Time) error
	}{
		{"AddAgent", func(r *agentstate.Roster, now time.Time) error { return r.AddAgent(now, 12, pg) }},
		{"Apply", func(r *agentstate.Roster, now time.Time) error {
			return r.Apply(now, 11, voice, agentstate.EventNotReady, 0)
		}},
		{"Observe", func(r *agentstate.Roster, now time.Time) error {
			return r.Observe(now, 11, voice, agentstate.Talking, 0)
		}},
		{"SideDown", func(r *agentstate.Roster, now time.Time) error {
			_, err := r.SideDown(nil, now, pg, ccefsm.SideA, agentstate.CausePG)
			return err
		}},
		{"DesktopDown", func(r *agentstate.Roster, now time.Time) error {
			_, err := r.DesktopDown(nil, now, 11)
			return err
		}},
	}
	for _, tt := range far {
		for _, op := range ops {
			r := newRoster(t, agentstate.Config{}, 11)
			put(t, r, 11, voice, 1, agentstate.Available)
			before, _ := r.MarshalBinary()
			err := op.do(r, tt.now)
			if !errors.Is(err, agentstate.ErrTimeOutOfRange) {
				t.Errorf("%s: %s: err = %v, want ErrTimeOutOfRange", tt.reason, op.name, err)
			}
			if after, _ := r.MarshalBinary(); !bytes.Equal(before, after) {
				t.Errorf("%s: %s: a refused instant changed the roster", tt.reason, op.name)
			}
			// The roster still takes the real time afterwards.
			if err := r.Apply(at(10), 11, voice, agentstate.EventNotReady, 0); err != nil {
				t.Errorf("%s: %s: next input refused: %v", tt.reason, op.name, err)
			}
		}
		m := agentstate.NewMachine(t0, agentstate.Voice)
		if err := m.Apply(tt.now, agentstate.EventLogin, 0); !errors.Is(err, agentstate.ErrTimeOutOfRange) {
			t.Errorf("%s: Machine.Apply: err = %v", tt.reason, err)
		}
		if err := m.Observe(tt.now, agentstate.Available, 0); !errors.Is(err, agentstate.ErrTimeOutOfRange) {
			t.Errorf("%s: Machine.Observe: err = %v", tt.reason, err)
		}
		if m.State() != agentstate.Logout || !m.Since().Equal(t0) {
			t.Errorf("%s: a refused instant changed the machine: %v since %v", tt.reason, m.State(), m.Since())
		}
	}
}

// TestTimeRangeBoundary: the first and the last instant int64 Unix
// nanoseconds hold are accepted, one nanosecond beyond is refused.
func TestTimeRangeBoundary(t *testing.T) {
	first, last := time.Unix(0, math.MinInt64), time.Unix(0, math.MaxInt64)
	tests := []struct {
		reason string
		now    time.Time
		want   error
	}{
		{"the first representable instant", first, nil},
		{"one nanosecond before it", first.Add(-1), agentstate.ErrTimeOutOfRange},
		{"the last representable instant", last, nil},
		{"one nanosecond after it", last.Add(1), agentstate.ErrTimeOutOfRange},
	}
	for _, tt := range tests {
		m := agentstate.NewMachine(first, agentstate.Voice)
		if err := m.Observe(tt.now, agentstate.NotReady, 0); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.reason, err, tt.want)
		}
		if tt.want == nil && !m.Since().Equal(tt.now) {
			t.Errorf("%s: since = %v", tt.reason, m.Since())
		}
	}
}

// TestNewMachineClamp: NewMachine cannot fail, so an instant outside the
// range is clamped to it, as its doc comment says.
func TestNewMachineClamp(t *testing.T) {
	tests := []struct {
		reason string
		now    time.Time
		want   time.Time
	}{
		{"year 1600 is clamped to the first instant", time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(0, math.MinInt64)},
		{"year 2600 is clamped to the last instant", time.Date(2600, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(0, math.MaxInt64)},
		{"an instant in range is kept", t0, t0},
	}
	for _, tt := range tests {
		m := agentstate.NewMachine(tt.now, agentstate.NonVoice)
		if !m.Since().Equal(tt.want) {
			t.Errorf("%s: since = %v, want %v", tt.reason, m.Since(), tt.want)
		}
	}
}
