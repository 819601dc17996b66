package routing

import (
	"time"

	"github.com/ccefsm/ccefsm/internal/nanotime"
)

// clock is the last input time of a machine, as Unix nanoseconds, so that
// time going backwards is detected. The zero value has seen no input and
// accepts any instant in range.
type clock struct {
	last int64
	seen bool
}

// check returns a *TimeError wrapping ErrTimeOutOfRange if now cannot be
// held as int64 Unix nanoseconds (before 1677-09-21 or after 2262-04-11
// UTC), where UnixNano would wrap around, and one wrapping ErrTimeBackwards
// if now is before the last input; it changes nothing.
func (c *clock) check(op string, now time.Time) (int64, error) {
	n, ok := nanotime.UnixNano(now)
	if !ok {
		return 0, &TimeError{Op: op, Now: now, Err: ErrTimeOutOfRange}
	}
	if c.seen && n < c.last {
		return 0, &TimeError{Op: op, Now: now, Last: time.Unix(0, c.last).UTC(), Err: ErrTimeBackwards}
	}
	return n, nil
}

// set records n as the last input time; call it only once the input is
// known to apply.
func (c *clock) set(n int64) {
	c.last = n
	c.seen = true
}
