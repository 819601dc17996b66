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

// invariants returns an error if c breaks one of its structural invariants.
func invariants(c *Conn) error {
	var pending, held, dead int
	var prev ccefsm.RequestID
	for _, r := range c.reqs {
		if r.id <= prev || r.id > c.lastID {
			return fmt.Errorf("reqs not in increasing ID order at %d", r.id)
		}
		prev = r.id
		switch {
		case r.status == StatusPending:
			pending++
		case r.status.IsHeld():
			held++
		case r.status.IsAnswered():
			dead++
		default:
			return fmt.Errorf("request %d has status %v", r.id, r.status)
		}
	}
	if pending != c.pending || held != c.held || dead != c.dead {
		return fmt.Errorf("counts pending/held/dead = %d/%d/%d, fields %d/%d/%d", pending, held, dead, c.pending, c.held, c.dead)
	}
	if pending > 0 && (c.appDown || c.ccDown) {
		return fmt.Errorf("%d pending with a path down (app down %v, controller down %v)", pending, c.appDown, c.ccDown)
	}
	if held > 0 && !c.appDown && !c.ccDown {
		return fmt.Errorf("%d held with both paths up", held)
	}
	if !c.appDown && c.told != c.ccDown {
		return fmt.Errorf("connected application told disabled=%v, controller down=%v", c.told, c.ccDown)
	}
	return nil
}

// sameConn is a cheap deep equality for the fuzz and rapid loops; cmp.Diff
// explains a difference once one is found.
func sameConn(a, b *Conn) bool {
	return a.app == b.app && a.policy == b.policy && a.clock == b.clock &&
		slices.Equal(a.reqs, b.reqs) &&
		a.dead == b.dead && a.pending == b.pending && a.held == b.held && a.lastID == b.lastID &&
		a.appDown == b.appDown && a.ccDown == b.ccDown && a.told == b.told
}

// lastTime is the time of the cache's last input (t0 if none).
func (c *ReportCache) lastTime() time.Time {
	if !c.clock.seen {
		return t0
	}
	return time.Unix(0, c.clock.last)
}
