package routing

import (
	"strings"
	"testing"
)

// TestCheckCatches breaks each invariant in a live value and requires the
// check the tests run after every input (the decoder's own) to say which.
// The decoder's refusals of the same states are in the snapshot tests; this
// pins the checks where only a live value can reach them (counts,
// tombstones, a policy not read from a snapshot).
func TestCheckCatches(t *testing.T) {
	conn := func(f func(c *Conn)) func() error {
		return func() error {
			c := busyConn(t)
			_, _ = c.Send(nil, at(30), 7, mrd)
			f(c)
			return c.check()
		}
	}
	cache := func(f func(c *ReportCache)) func() error {
		return func() error { c := busyCache(t); f(c); return c.check() }
	}
	voice := func(f func(v *Voice)) func() error {
		return func() error { v := busyVoice(t); f(v); return v.check() }
	}
	tests := []struct {
		reason string
		check  func() error
		want   string // the start of the error
	}{
		{"zero application", conn(func(c *Conn) { c.app = 0 }), "app: zero application"},
		{"a documented row overridden", conn(func(c *Conn) { c.policy.set[rowAppDown] = ActionHold }), "policy: row 1 holds action hold"},
		{"an action a row does not allow", conn(func(c *Conn) { c.policy.set[rowSendAppDown] = ActionFail }), "policy: row 2 holds action fail"},
		{"row 0 set", conn(func(c *Conn) { c.policy.set[0] = ActionHold }), "policy: row 0 holds"},
		{"a held count off by one", conn(func(c *Conn) { c.held++ }), "counts: pending/held/answered 0/5/1, fields 0/6/1"},
		{"an answered count off by one", conn(func(c *Conn) { c.dead++ }), "counts: pending/held/answered 0/5/1, fields 0/5/2"},
		{"a pending count off by one", conn(func(c *Conn) { c.pending++ }), "counts: pending/held/answered 0/5/1, fields 1/5/1"},
		{"requests out of order", conn(func(c *Conn) { c.reqs[0], c.reqs[1] = c.reqs[1], c.reqs[0] }), "request ID: 1 is not above"},
		{"a request above the last ID", conn(func(c *Conn) { c.lastID = 6 }), "request ID: 7 is above the last request ID, 6"},
		{"no input seen", conn(func(c *Conn) { c.clock.seen = false }), "flags:"},
		{"a cache policy row overridden", cache(func(c *ReportCache) { c.policy.set[rowReportRecordPGDown] = ActionHold }), "policy: row 19 holds action hold"},
		{"records with the path up", cache(func(c *ReportCache) { c.pathDown = false }), "records: 3 records cached with the path up"},
		{"records with every PG side down", cache(func(c *ReportCache) { c.pgDown = true }), "records: 3 records cached with every side of the PG down"},
		{"records out of order", cache(func(c *ReportCache) { c.buf[0].at, c.buf[2].at = c.buf[2].at, c.buf[0].at }), "record time: record 300 was made before"},
		{"a record after the last input", cache(func(c *ReportCache) { c.buf[2].at = c.clock.last + 1 }), "record time: record 1099511627776 was made after the last input"},
		{"a zero record", cache(func(c *ReportCache) { c.buf[1].id = 0 }), "record ID: zero record ID"},
		{"a cache with no input seen", cache(func(c *ReportCache) { c.clock.seen = false }), "flags:"},
		{"peripherals out of order", voice(func(v *Voice) { v.down[0], v.down[1] = v.down[1], v.down[0] }), "peripheral: peripheral 3 is not above the previous one, 5000"},
		{"a zero peripheral", voice(func(v *Voice) { v.down[0] = 0 }), "peripheral: zero peripheral"},
		{"a peripheral twice", voice(func(v *Voice) { v.down[1] = v.down[0] }), "peripheral: peripheral 3 is not above the previous one, 3"},
		{"PIMs down with no input seen", voice(func(v *Voice) { v.clock = clock{} }), "peripherals: PIMs down"},
		{"a clock with no input seen", voice(func(v *Voice) { v.down = nil; v.clock.seen = false }), "last input time:"},
	}
	for _, tt := range tests {
		err := tt.check()
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: check = %v, want %q…", tt.reason, err, tt.want)
		}
	}
	for _, ok := range []func() error{conn(func(*Conn) {}), cache(func(*ReportCache) {}), voice(func(*Voice) {})} {
		if err := ok(); err != nil {
			t.Errorf("an untouched value fails the check: %v", err)
		}
	}
}
