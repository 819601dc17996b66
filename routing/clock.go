package routing

import (
	"time"

	"github.com/ccefsm/ccefsm/internal/nanotime"
)

// clock is the last input time of a machine, as Unix nanoseconds, so that
// time going backwards is detected. The zero value has seen no input.
type clock struct {
	last int64
	seen bool
}

// check returns a *TimeError if now is before the last input, and an
// *ArgError wrapping ErrInvalidValue if now cannot be held as int64 Unix
// nanoseconds (before 1677-09-21 or after 2262-04-11 UTC), where UnixNano
// would wrap around; it changes nothing.
func (c *clock) check(op string, now time.Time) (int64, error) {
	n, ok := nanotime.UnixNano(now)
	if !ok {
		return 0, &ArgError{Op: op, Arg: "time (Unix seconds)", Value: now.Unix(), Err: ErrInvalidValue}
	}
	if c.seen && n < c.last {
		return 0, &TimeError{Op: op, Last: c.last, Now: n}
	}
	return n, nil
}

// set records n as the last input time; call it only once the input is
// known to apply.
func (c *clock) set(n int64) {
	c.last = n
	c.seen = true
}
