package routing

import (
	"fmt"
	"slices"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

// t0 is the first instant of every step table; step i happens at at(i).
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func at(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }

// Conn inputs, as the step tables and the rapid test name them.
type op uint8

const (
	opSend op = iota + 1
	opResp
	opAppDown
	opAppUp
	opCCDown
	opCCUp
)

func (o op) String() string {
	return [...]string{"?", "Send", "Response", "AppPathDown", "AppPathUp", "ControllerPathDown", "ControllerPathUp"}[o]
}

// input is one Conn input.
type input struct {
	op  op
	id  ccefsm.RequestID
	mrd ccefsm.MRDID
	out Outcome
}

func (in input) String() string {
	switch in.op {
	case opSend:
		return fmt.Sprintf("Send(%d, mrd %d)", in.id, in.mrd)
	case opResp:
		return fmt.Sprintf("Response(%d, %v)", in.id, in.out)
	}
	return in.op.String()
}

// apply runs in against c at now.
func apply(c *Conn, dst []Effect, now time.Time, in input) ([]Effect, error) {
	switch in.op {
	case opSend:
		return c.Send(dst, now, in.id, in.mrd)
	case opResp:
		return c.Response(dst, now, in.id, in.out)
	case opAppDown:
		return c.AppPathDown(dst, now)
	case opAppUp:
		return c.AppPathUp(dst, now)
	case opCCDown:
		return c.ControllerPathDown(dst, now)
	case opCCUp:
		return c.ControllerPathUp(dst, now)
	}
	panic("unknown op")
}

// clone returns a deep copy of c, for "an erroring input changed nothing".
func clone(c *Conn) *Conn {
	n := *c
	n.reqs = slices.Clone(c.reqs)
	return &n
}

var connCmp = cmp.AllowUnexported(Conn{}, entry{}, clock{}, Policy{})

// mustConn returns a Conn of application app with policy p and room for
// capacity live requests.
func mustConn(p Policy, capacity int) *Conn {
	c, err := NewConn(ConnConfig{App: app, Policy: p, Capacity: capacity})
	if err != nil {
		panic(err)
	}
	return c
}

// mustCache returns a ReportCache with policy p and room for capacity
// records.
func mustCache(p Policy, capacity int) *ReportCache {
	c, err := NewReportCache(ReportCacheConfig{Policy: p, Capacity: capacity})
	if err != nil {
		panic(err)
	}
	return c
}

// statusOf is Conn.Status with StatusNone for a request the Conn does not
// hold live.
func statusOf(c *Conn, id ccefsm.RequestID) Status {
	s, _ := c.Status(id)
	return s
}

// sameConn is a cheap deep equality for the fuzz and rapid loops; cmp.Diff
// explains a difference once one is found.
func sameConn(a, b *Conn) bool {
	return a.app == b.app && a.policy == b.policy && a.clock == b.clock &&
		slices.Equal(a.reqs, b.reqs) &&
		a.dead == b.dead && a.pending == b.pending && a.held == b.held && a.lastID == b.lastID &&
		a.appDown == b.appDown && a.ccDown == b.ccDown && a.told == b.told
}
