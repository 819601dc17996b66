package routing

import (
	"errors"
	"strconv"

	"github.com/ccefsm/ccefsm"
)

// The invariants of Conn, ReportCache and Voice: what every state that some
// sequence of inputs reaches has, and nothing else has. The snapshot
// decoders apply them field by field as they read (so that a refusal names
// the byte offset), and the check methods apply the same code to a live
// value, for the tests to call after every input. There is no second
// statement of them.

// A violation names the field that breaks an invariant and why.
type violation struct {
	field, why string
}

func (v violation) ok() bool { return v.why == "" }

func (v violation) error() error { return errors.New(v.field + ": " + v.why) }

var fine violation

// checkHeader checks the fields of a Conn other than its requests.
func (c *Conn) checkHeader() violation {
	switch {
	case c.app == 0:
		return violation{"app", "zero application: no NewConn makes one"}
	case !c.clock.seen && (c.appDown || c.ccDown || c.told):
		return violation{"flags", "a path or the routing state changed, but no input was seen"}
	case !c.clock.seen && c.clock.last != 0:
		return violation{"last input time", "set, but no input was seen"}
	case !c.clock.seen && c.lastID != 0:
		return violation{"last request ID", "set, but no input was seen"}
	case !c.appDown && c.told != c.ccDown:
		// Whenever the application–MR PG path is up, the application was
		// last told exactly what the controller path is (RT-3, RT-4).
		return violation{"flags", "the connected application was last told routing " + onOff(!c.told) + " but the controller path is " + upDown(!c.ccDown)}
	}
	if why := c.policy.check(); why != "" {
		return violation{"policy", why}
	}
	return fine
}

// reqCheck checks a Conn's requests in send order. Within an outage (from
// the moment both paths stop being up until both are up again, when every
// held request goes out), the held requests are the ones pending when it
// began, all discarded (RT-1) or all deleted (RT-3) by whichever path went
// first, followed by the ones issued while the MR PG path was down, unsent
// (row 2); the fail policy of row 4 fails them all at once.
type reqCheck struct {
	c             *Conn
	tombstones    bool // a live Conn: answered entries (StatusNone) allowed
	prev          ccefsm.RequestID
	lastLive      ccefsm.RequestID
	origin        Status // StatusDiscarded or StatusDeleted once seen
	unsent        bool
	pending, held int
	dead          int
	failRow4      bool
	rejectRow2    bool
	appUp, bothUp bool
}

func (c *Conn) newReqCheck(tombstones bool) reqCheck {
	return reqCheck{
		c:          c,
		tombstones: tombstones,
		failRow4:   c.policy.action(rowAppUpDisabled) == ActionFail,
		rejectRow2: c.policy.action(rowSendAppDown) == ActionReject,
		appUp:      !c.appDown,
		bothUp:     !c.appDown && !c.ccDown,
	}
}

// next checks request e, the next in send order.
func (k *reqCheck) next(e entry) violation {
	switch {
	case e.id <= k.prev:
		return violation{"request ID", id(e.id) + " is not above the previous request's, " + id(k.prev)}
	case e.id > k.c.lastID:
		return violation{"request ID", id(e.id) + " is above the last request ID, " + id(k.c.lastID)}
	case e.mrd == 0:
		return violation{"MRD", "zero MRD in request " + id(e.id)}
	}
	k.prev = e.id
	s := e.status
	if s == StatusNone && k.tombstones {
		k.dead++
		return fine
	}
	k.lastLive = e.id
	if v := k.status(e); !v.ok() {
		return violation{v.field, "request " + id(e.id) + " is " + s.String() + v.why}
	}
	return fine
}

// status checks the status of live request e; a violation's why continues
// "request N is <status>".
func (k *reqCheck) status(e entry) violation {
	s := e.status
	switch s {
	case StatusPending:
		if !k.bothUp {
			return violation{"status", " with a path down (RT-1 discards, RT-3 deletes every pending request)"}
		}
		k.pending++
		return fine
	case StatusUnsent:
		switch {
		case k.rejectRow2:
			return violation{"status", " under a policy that rejects a NEW_TASK while the MR PG path is down (row 2)"}
		case k.appUp && k.failRow4:
			return violation{"status", " with the MR PG path up under the fail policy of row 4, which fails held requests on that restore"}
		}
		k.unsent = true
	case StatusDiscarded, StatusDeleted:
		switch {
		case k.unsent:
			return violation{"status", " after an unsent request: the requests pending when an outage began precede the ones issued during it"}
		case k.origin != StatusNone && k.origin != s:
			return violation{"status", " after a " + k.origin.String() + " one: an outage begins with one path, which discards (RT-1) or deletes (RT-3) every pending request"}
		case s == StatusDeleted && !k.c.told:
			return violation{"status", " but the application was not told ROUTING_DISABLED (RT-3 tells it, and only both paths up again clears it)"}
		case s == StatusDiscarded && k.c.told && k.failRow4:
			return violation{"status", " after ROUTING_DISABLED under the fail policy of row 4: the restore that told it failed every held request"}
		}
		k.origin = s
	default:
		return violation{"status", ", which is not a live status"}
	}
	if k.bothUp {
		return violation{"status", " with both paths up: every held request went out when they came up (RT-2, RT-4)"}
	}
	k.held++
	return fine
}

// end checks what the whole list decides.
func (k *reqCheck) end() violation {
	if k.unsent && k.c.lastID > k.lastLive && (!k.c.told || k.failRow4) {
		// A request sent after an unsent one and already answered: while the
		// unsent one is held only NEW_TASK_FAILURE answers a new request,
		// sent with the MR PG path up and routing disabled (RT-3), which
		// the fail policy of row 4 does not allow to coexist with an unsent
		// request and which tells the application ROUTING_DISABLED.
		return violation{"last request ID", id(k.c.lastID) + " was answered after unsent request " + id(k.lastLive) + ", which needs ROUTING_DISABLED told and the hold policy of row 4"}
	}
	return fine
}

// check returns the first broken invariant of c, or nil.
func (c *Conn) check() error {
	if v := c.checkHeader(); !v.ok() {
		return v.error()
	}
	k := c.newReqCheck(true)
	for _, e := range c.reqs {
		if v := k.next(e); !v.ok() {
			return v.error()
		}
	}
	if v := k.end(); !v.ok() {
		return v.error()
	}
	if k.pending != c.pending || k.held != c.held || k.dead != c.dead {
		return errors.New("counts: pending/held/answered " + strconv.Itoa(k.pending) + "/" + strconv.Itoa(k.held) + "/" + strconv.Itoa(k.dead) +
			", fields " + strconv.Itoa(c.pending) + "/" + strconv.Itoa(c.held) + "/" + strconv.Itoa(c.dead))
	}
	return nil
}

// checkHeader checks the fields of a ReportCache other than its records;
// cached is the number of records.
func (c *ReportCache) checkHeader(cached int) violation {
	switch {
	case !c.clock.seen && (c.pathDown || c.pgDown):
		return violation{"flags", "the path or the PG went down, but no input was seen"}
	case !c.clock.seen && c.clock.last != 0:
		return violation{"last input time", "set, but no input was seen"}
	case cached > 0 && !c.pathDown:
		return violation{"records", strconv.Itoa(cached) + " records cached with the path up: PathUp delivers every one (RT-6)"}
	case cached > 0 && c.pgDown:
		return violation{"records", strconv.Itoa(cached) + " records cached with every side of the PG down: PGDown loses every one (RT-7)"}
	}
	if why := c.policy.check(); why != "" {
		return violation{"policy", why}
	}
	return fine
}

// recordCheck checks a ReportCache's records in cache order, which is the
// order they were made.
type recordCheck struct {
	c    *ReportCache
	prev int64
	n    int
}

// next checks record r, the next in the cache.
func (k *recordCheck) next(r cached) violation {
	switch {
	case r.id == 0:
		return violation{"record ID", "zero record ID"}
	case r.at > k.c.clock.last:
		return violation{"record time", "record " + strconv.FormatUint(uint64(r.id), 10) + " was made after the last input"}
	case k.n > 0 && r.at < k.prev:
		return violation{"record time", "record " + strconv.FormatUint(uint64(r.id), 10) + " was made before the record cached ahead of it"}
	}
	k.prev = r.at
	k.n++
	return fine
}

// check returns the first broken invariant of c, or nil.
func (c *ReportCache) check() error {
	if v := c.checkHeader(len(c.buf)); !v.ok() {
		return v.error()
	}
	k := recordCheck{c: c}
	for _, r := range c.buf {
		if v := k.next(r); !v.ok() {
			return v.error()
		}
	}
	return nil
}

// checkHeader checks a Voice's clock; down is the number of peripherals
// down.
func (v *Voice) checkHeader(down int) violation {
	switch {
	case !v.clock.seen && v.clock.last != 0:
		return violation{"last input time", "set, but no input was seen"}
	case !v.clock.seen && down > 0:
		return violation{"peripherals", "PIMs down, but no input was seen"}
	}
	return fine
}

// peripheralCheck checks the peripherals down in increasing order.
type peripheralCheck struct {
	prev ccefsm.PeripheralID
}

func (k *peripheralCheck) next(p ccefsm.PeripheralID) violation {
	if p <= k.prev {
		if p == 0 {
			return violation{"peripheral", "zero peripheral"}
		}
		return violation{"peripheral", "peripheral " + strconv.FormatUint(uint64(p), 10) + " is not above the previous one, " + strconv.FormatUint(uint64(k.prev), 10)}
	}
	k.prev = p
	return fine
}

// check returns the first broken invariant of v, or nil.
func (v *Voice) check() error {
	if x := v.checkHeader(len(v.down)); !x.ok() {
		return x.error()
	}
	var k peripheralCheck
	for _, p := range v.down {
		if x := k.next(p); !x.ok() {
			return x.error()
		}
	}
	return nil
}

func id(r ccefsm.RequestID) string { return strconv.FormatUint(uint64(r), 10) }

func onOff(enabled bool) string {
	if enabled {
		return "enabled"
	}
	return "disabled"
}

func upDown(up bool) string {
	if up {
		return "up"
	}
	return "down"
}
