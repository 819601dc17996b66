// Package nanotime converts time.Time to int64 Unix nanoseconds, the form in
// which the ccefsm packages store instants, and says when it cannot:
// time.Time.UnixNano silently wraps around outside 1677-09-21 … 2262-04-11
// UTC, which would turn a far-future input into a past one. It is shared so
// that the three packages agree on the range to the nanosecond.
package nanotime

import (
	"math"
	"time"
)

// Whole seconds strictly inside these bounds always fit in int64
// nanoseconds; only the edge seconds need an exact check.
const (
	loSec = math.MinInt64/int64(time.Second) + 1
	hiSec = math.MaxInt64/int64(time.Second) - 1
)

// Min and Max are the earliest and latest instants that fit.
var (
	Min = time.Unix(0, math.MinInt64)
	Max = time.Unix(0, math.MaxInt64)
)

// UnixNano returns t as Unix nanoseconds, and false when int64 cannot hold
// it. Inside the range it costs one seconds computation, not the two of
// t.Unix() followed by t.UnixNano().
func UnixNano(t time.Time) (int64, bool) {
	if sec := t.Unix(); sec >= loSec && sec <= hiSec {
		return sec*int64(time.Second) + int64(t.Nanosecond()), true
	}
	if t.Before(Min) || t.After(Max) {
		return 0, false
	}
	return t.UnixNano(), true
}
