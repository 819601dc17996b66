package nanotime

import (
	"math"
	"testing"
	"time"
)

func TestUnixNano(t *testing.T) {
	tests := []struct {
		reason string
		t      time.Time
		want   int64
		ok     bool
	}{
		{"the epoch", time.Unix(0, 0), 0, true},
		{"an ordinary instant", time.Date(2026, 11, 27, 9, 0, 0, 5, time.UTC), time.Date(2026, 11, 27, 9, 0, 0, 5, time.UTC).UnixNano(), true},
		{"before the epoch", time.Unix(-1, 999_999_999), -1, true},
		{"the earliest instant that fits", Min, math.MinInt64, true},
		{"the latest instant that fits", Max, math.MaxInt64, true},
		{"one nanosecond before the earliest", Min.Add(-1), 0, false},
		{"one nanosecond after the latest", Max.Add(1), 0, false},
		{"year 1600, where UnixNano wraps to 2184", time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), 0, false},
		{"year 3000", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), 0, false},
		{"the zero time.Time", time.Time{}, 0, false},
	}
	for _, tt := range tests {
		got, ok := UnixNano(tt.t)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: UnixNano(%v) = %d, %v; want %d, %v", tt.reason, tt.t, got, ok, tt.want, tt.ok)
		}
		if ok && !time.Unix(0, got).Equal(tt.t) {
			t.Errorf("%s: %d does not round-trip to %v", tt.reason, got, tt.t)
		}
	}
}

func TestUnixNanoAllocs(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	if n := testing.AllocsPerRun(100, func() { UnixNano(now) }); n != 0 {
		t.Errorf("UnixNano allocates %v times", n)
	}
}
