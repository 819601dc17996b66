package routing

import "time"

// clock is the last input time of a machine, as Unix nanoseconds, so that
// time going backwards is detected. The zero value has seen no input.
type clock struct {
	last int64
	seen bool
}

// check returns a *TimeError if now is before the last input; it changes
// nothing.
func (c *clock) check(op string, now time.Time) (int64, error) {
	n := now.UnixNano()
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
