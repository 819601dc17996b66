package routing

import "slices"

// Clone returns a deep copy of c: the application, the policy, the clock,
// the state of both paths and of ROUTING_DISABLED, the last request ID and
// every request held or pending. The copy and c are independent: an input
// to one changes nothing in the other, and both give the same effects,
// errors and snapshot for the same inputs. Nothing is shared.
//
// Clone takes time and memory linear in the number of requests c holds,
// answered ones not yet reclaimed included, in at most two allocations.
// The copy does not keep the room that [Conn.Grow] made; call Grow on it
// for room.
// The zero Conn clones to a zero Conn.
func (c *Conn) Clone() *Conn {
	n := *c
	n.reqs = slices.Clone(c.reqs)
	return &n
}

// Clone returns a deep copy of v: the clock and the peripherals whose PIM
// is down. The copy and v are independent: an input to one changes nothing
// in the other. Nothing is shared.
//
// Clone takes time and memory linear in the number of peripherals down, in
// at most two allocations. The copy does not keep the room that
// [Voice.Grow] made.
func (v *Voice) Clone() *Voice {
	n := *v
	n.down = slices.Clone(v.down)
	return &n
}

// Clone returns a deep copy of c: the policy, the clock, the state of the
// path and of the PG, and every record cached. The copy and c are
// independent: an input to one changes nothing in the other, and both give
// the same effects, errors and snapshot for the same inputs. Nothing is
// shared.
//
// Clone takes time and memory linear in the number of records cached, in
// at most two allocations. The copy does not keep the room that
// [ReportCache.Grow] made.
func (c *ReportCache) Clone() *ReportCache {
	n := *c
	n.buf = slices.Clone(c.buf)
	return &n
}
