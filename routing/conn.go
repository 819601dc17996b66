package routing

import (
	"time"

	"github.com/ccefsm/ccefsm"
)

// Conn is one Application Instance's connection to the MR PG, seen from the
// application: the NEW_TASK requests it has issued and not yet had answered,
// the state of the application–MR PG path, the state of the MR PIM–Central
// Controller path, and whether the application has been told that routing is
// disabled.
//
// Inputs are requests ([Conn.Send], [Conn.Response]), validated and refused
// with a typed error that changes nothing, and observations (the four path
// events), always accepted unless their time goes backwards or is out of
// range. Every input appends its effects to dst and returns the extended
// slice. Sending and answering cost O(log n) for n requests held (a binary
// search of the requests in send order) and allocate nothing within the
// room made by [Conn.Grow]; a path event costs O(n).
//
// Create a Conn with [NewConn]. The zero Conn is not usable: it belongs to
// no application, and every input and MarshalBinary refuse it with
// [ErrInvalidID]; it can only be the target of [Conn.UnmarshalBinary]. A
// Conn is not safe for concurrent mutation.
type Conn struct {
	app    ccefsm.AppID
	policy Policy
	clock  clock
	// reqs holds the requests in send order, which is increasing ID order
	// because IDs must increase. Answered entries stay as tombstones
	// (StatusNone) until the next compaction, so answering never moves
	// memory; no method tells a tombstone from an ID never sent.
	reqs    []entry
	dead    int // tombstones in reqs
	pending int // StatusPending entries
	held    int // StatusUnsent, StatusDiscarded, StatusDeleted entries
	lastID  ccefsm.RequestID
	appDown bool // application–MR PG path down
	ccDown  bool // MR PIM–Central Controller path down
	told    bool // the application was last told ROUTING_DISABLED
}

// entry is one request: 16 bytes.
type entry struct {
	id     ccefsm.RequestID
	mrd    ccefsm.MRDID
	status Status
}

// ConnConfig configures a [Conn].
type ConnConfig struct {
	// App is the Application Instance the Conn belongs to; every effect
	// carries it. Zero is refused.
	App ccefsm.AppID
	// Policy overrides inferred rows of the rule table; the zero Policy
	// keeps every default.
	Policy Policy
	// Capacity is the number of live requests to make room for, as
	// [Conn.Grow] does; zero reserves none, and the Conn grows on demand.
	// A negative Capacity is refused.
	Capacity int
}

// NewConn returns a Conn for application cfg.App with both paths up, no
// requests and no input seen. A zero App is refused with [ErrInvalidID] and
// a negative Capacity with [ErrInvalidConfig], each as an [*ArgError].
func NewConn(cfg ConnConfig) (*Conn, error) {
	if cfg.App == 0 {
		return nil, &ArgError{Op: "NewConn", Arg: "App", Value: 0, Err: ErrInvalidID}
	}
	if cfg.Capacity < 0 {
		return nil, &ArgError{Op: "NewConn", Arg: "Capacity", Value: int64(cfg.Capacity), Err: ErrInvalidConfig}
	}
	c := &Conn{app: cfg.App, policy: cfg.Policy}
	c.Grow(cfg.Capacity)
	return c, nil
}

// Grow makes room for n more live requests than the Conn holds now, so that
// sending and answering allocate nothing while at most that many are live.
// It never shrinks, and n ≤ 0 does nothing. Growing reclaims the room of
// answered requests; so does a Send that finds the room full, which keeps
// the cost of reclaiming O(1) per request.
func (c *Conn) Grow(n int) {
	if n <= 0 {
		return
	}
	need := c.pending + c.held + n
	if 2*need <= cap(c.reqs) {
		return
	}
	c.compact()
	r := make([]entry, len(c.reqs), 2*need)
	copy(r, c.reqs)
	c.reqs = r
}

// App returns the application the Conn belongs to (0 for the zero Conn).
func (c *Conn) App() ccefsm.AppID { return c.app }

// Policy returns the Conn's policy.
func (c *Conn) Policy() Policy { return c.policy }

// IsAppPathUp reports whether the application–MR PG path is up.
func (c *Conn) IsAppPathUp() bool { return !c.appDown }

// IsControllerPathUp reports whether the MR PIM–Central Controller path is
// up.
func (c *Conn) IsControllerPathUp() bool { return !c.ccDown }

// RoutingDisabled reports whether the application has been told
// ROUTING_DISABLED and not ROUTING_ENABLED since.
func (c *Conn) RoutingDisabled() bool { return c.told }

// Pending returns the number of requests waiting at the Central Controller.
func (c *Conn) Pending() int { return c.pending }

// Held returns the number of requests the application holds unsent:
// issued during an outage, discarded (RT-1) or deleted (RT-3).
func (c *Conn) Held() int { return c.held }

// LastRequest returns the highest request ID the Conn has accepted; a new
// NEW_TASK must use a higher one.
func (c *Conn) LastRequest() ccefsm.RequestID { return c.lastID }

// Status looks up live request id: pending or held. A request the Conn does
// not hold live, because it was never sent or has been answered, is an
// [ErrUnknownRequest]; a zero id is an [ErrInvalidID].
func (c *Conn) Status(id ccefsm.RequestID) (Status, error) {
	if id == 0 {
		return StatusNone, &ArgError{Op: "Status", Arg: "request", Value: 0, Err: ErrInvalidID}
	}
	if s := c.status(id); s != StatusNone {
		return s, nil
	}
	return StatusNone, &RequestError{Op: "Status", Request: id, Err: ErrUnknownRequest}
}

// status returns the status of request id, StatusNone if it is not live.
func (c *Conn) status(id ccefsm.RequestID) Status {
	if i := c.find(id); i >= 0 {
		return c.reqs[i].status
	}
	return StatusNone
}

// Request is a live request as listed by [Conn.AppendRequests].
type Request struct {
	ID     ccefsm.RequestID
	MRD    ccefsm.MRDID
	Status Status
}

// AppendRequests appends the live requests to dst in send order.
func (c *Conn) AppendRequests(dst []Request) []Request {
	for i := range c.reqs {
		if e := &c.reqs[i]; e.status.IsLive() {
			dst = append(dst, Request{ID: e.id, MRD: e.mrd, Status: e.status})
		}
	}
	return dst
}

// begin checks what every input checks first: that the Conn belongs to an
// application, and the time.
func (c *Conn) begin(op string, now time.Time) (int64, error) {
	if c.app == 0 {
		return 0, &ArgError{Op: op, Arg: "application (the zero Conn has none: use NewConn)", Value: 0, Err: ErrInvalidID}
	}
	return c.clock.check(op, now)
}

// Send is the application issuing a NEW_TASK for request id in MRD mrd.
//
//   - Both paths up: the request is pending; effect NEW_TASK.
//   - Application–MR PG path down: held, sent on restore (row 2, inferred;
//     a policy may reject it with [ErrPathDown] instead).
//   - Routing disabled (MR PIM–Central Controller path down): rejected with
//     NEW_TASK_FAILURE (RT-3); the request is answered, failed.
//
// Request IDs must increase: an ID at or below the last one accepted is an
// [ErrDuplicateRequest]. A zero ID or MRD is an [ErrInvalidID]; a time
// before the previous input's is [ErrTimeBackwards], one out of range
// [ErrTimeOutOfRange]. A refused NEW_TASK changes nothing.
func (c *Conn) Send(dst []Effect, now time.Time, id ccefsm.RequestID, mrd ccefsm.MRDID) ([]Effect, error) {
	const op = "Send"
	n, err := c.begin(op, now)
	if err != nil {
		return dst, err
	}
	if id == 0 {
		return dst, &ArgError{Op: op, Arg: "request", Value: 0, Err: ErrInvalidID}
	}
	if mrd == 0 {
		return dst, &ArgError{Op: op, Arg: "MRD", Value: 0, Err: ErrInvalidID}
	}
	if id <= c.lastID {
		return dst, &RequestError{Op: op, Request: id, Status: c.status(id), Err: ErrDuplicateRequest}
	}
	e := Effect{Request: id, MRD: mrd, App: c.app, At: now}
	switch {
	case c.appDown:
		if c.policy.action(rowSendAppDown) == ActionReject {
			return dst, &PathError{Op: op, Path: "application–MR PG path", Row: rowSendAppDown}
		}
		c.push(entry{id: id, mrd: mrd, status: StatusUnsent})
		c.held++
		e.Kind, e.Rule, e.Row = EffectHeld, ccefsm.RT1, rowSendAppDown
	case c.ccDown:
		e.Kind, e.Rule, e.Row = EffectNewTaskFailure, ccefsm.RT3, rowSendDisabled
	default:
		c.push(entry{id: id, mrd: mrd, status: StatusPending})
		c.pending++
		e.Kind = EffectNewTask
	}
	c.lastID = id
	c.clock.set(n)
	return append(dst, e), nil
}

// Response is the Central Controller's answer to request id: DO_THIS_WITH_TASK
// (OutcomeRouted) or NEW_TASK_FAILURE (OutcomeFailed). Only a pending request
// can be answered, and only once: a response after the request was resent
// applies once, whichever of its sends it answers, and the answered request
// leaves the Conn.
//
// Refused responses change nothing:
//   - a zero id is [ErrInvalidID]; an outcome other than OutcomeRouted or
//     OutcomeFailed is [ErrInvalidValue];
//   - a held request (discarded or deleted and not sent again, or issued
//     during an outage and never sent) is [ErrStaleResponse], row 11;
//   - an ID the Conn does not hold live, never sent or already answered, is
//     [ErrUnknownRequest];
//   - a time before the previous input's is [ErrTimeBackwards], one out of
//     range [ErrTimeOutOfRange].
func (c *Conn) Response(dst []Effect, now time.Time, id ccefsm.RequestID, outcome Outcome) ([]Effect, error) {
	const op = "Response"
	n, err := c.begin(op, now)
	if err != nil {
		return dst, err
	}
	if id == 0 {
		return dst, &ArgError{Op: op, Arg: "request", Value: 0, Err: ErrInvalidID}
	}
	if !outcome.IsValid() {
		return dst, &ArgError{Op: op, Arg: "outcome", Value: int64(outcome), Err: ErrInvalidValue}
	}
	i := c.find(id)
	if i < 0 || c.reqs[i].status == StatusNone {
		return dst, &RequestError{Op: op, Request: id, Err: ErrUnknownRequest}
	}
	r := &c.reqs[i]
	if r.status.IsHeld() {
		return dst, &RequestError{Op: op, Request: id, Status: r.status, Err: ErrStaleResponse}
	}
	e := Effect{Kind: EffectRouted, App: c.app, Request: id, MRD: r.mrd, At: now}
	if outcome == OutcomeFailed {
		e.Kind = EffectFailed
	}
	r.status = StatusNone
	c.pending--
	c.dead++
	c.clock.set(n)
	return append(dst, e), nil
}

// AppPathDown observes that the application–MR PG path went down: the link,
// the MR PG (or its MR PIM) or the application itself. The Central
// Controller discards every pending request; the application holds them
// (RT-1). Observing it while already down changes nothing but the time of
// the last input.
func (c *Conn) AppPathDown(dst []Effect, now time.Time) ([]Effect, error) {
	n, err := c.begin("AppPathDown", now)
	if err != nil {
		return dst, err
	}
	c.clock.set(n)
	if c.appDown {
		return dst, nil
	}
	c.appDown = true
	for i := range c.reqs {
		if r := &c.reqs[i]; r.status == StatusPending {
			r.status = StatusDiscarded
			dst = append(dst, Effect{Kind: EffectDiscarded, Rule: ccefsm.RT1, Row: rowAppDown, App: c.app, Request: r.id, MRD: r.mrd, At: now})
		}
	}
	c.held += c.pending
	c.pending = 0
	return dst, nil
}

// AppPathUp observes that the application–MR PG path is back. If routing is
// enabled, the application first hears ROUTING_ENABLED if it was last told
// ROUTING_DISABLED (row 20), then resends every held request once, in send
// order (RT-2; deleted ones are resubmitted, RT-4). If routing is disabled,
// it hears ROUTING_DISABLED if it has not yet (row 6), and the held requests
// wait for ROUTING_ENABLED (row 4, inferred; a policy may fail them instead).
func (c *Conn) AppPathUp(dst []Effect, now time.Time) ([]Effect, error) {
	n, err := c.begin("AppPathUp", now)
	if err != nil {
		return dst, err
	}
	c.clock.set(n)
	if !c.appDown {
		return dst, nil
	}
	c.appDown = false
	if c.ccDown {
		if !c.told {
			c.told = true
			dst = append(dst, Effect{Kind: EffectRoutingDisabled, Rule: ccefsm.RT3, Row: rowDeferredState, App: c.app, At: now})
		}
		if c.policy.action(rowAppUpDisabled) == ActionFail {
			dst = c.failHeld(dst, now)
		}
		return dst, nil
	}
	if c.told {
		c.told = false
		dst = append(dst, Effect{Kind: EffectRoutingEnabled, Rule: ccefsm.RT4, Row: rowDeferredEnabled, App: c.app, At: now})
	}
	return c.resendHeld(dst, now, rowAppUp), nil
}

// ControllerPathDown observes that the MR PIM–Central Controller path went
// down, or the Central Controller. If the application–MR PG path is up the
// application is told ROUTING_DISABLED (RT-3), otherwise when it returns
// (row 6). The CallRouter deletes every pending new task; the application
// holds them (RT-3). Observing it while already down changes nothing but
// the time of the last input.
func (c *Conn) ControllerPathDown(dst []Effect, now time.Time) ([]Effect, error) {
	n, err := c.begin("ControllerPathDown", now)
	if err != nil {
		return dst, err
	}
	c.clock.set(n)
	if c.ccDown {
		return dst, nil
	}
	c.ccDown = true
	if !c.appDown && !c.told {
		c.told = true
		dst = append(dst, Effect{Kind: EffectRoutingDisabled, Rule: ccefsm.RT3, Row: rowCCDown, App: c.app, At: now})
	}
	for i := range c.reqs {
		if r := &c.reqs[i]; r.status == StatusPending {
			r.status = StatusDeleted
			dst = append(dst, Effect{Kind: EffectDeleted, Rule: ccefsm.RT3, Row: rowCCDownDelete, App: c.app, Request: r.id, MRD: r.mrd, At: now})
		}
	}
	c.held += c.pending
	c.pending = 0
	return dst, nil
}

// ControllerPathUp observes that the MR PIM–Central Controller path is back.
// If the application–MR PG path is up, the application is told
// ROUTING_ENABLED and resubmits every deleted task, and sends every other
// held request, once, in send order (RT-4). If that path is down, both wait
// for it (rows 20 and 3, RT-2).
func (c *Conn) ControllerPathUp(dst []Effect, now time.Time) ([]Effect, error) {
	n, err := c.begin("ControllerPathUp", now)
	if err != nil {
		return dst, err
	}
	c.clock.set(n)
	if !c.ccDown {
		return dst, nil
	}
	c.ccDown = false
	if c.appDown {
		return dst, nil
	}
	if c.told {
		c.told = false
		dst = append(dst, Effect{Kind: EffectRoutingEnabled, Rule: ccefsm.RT4, Row: rowCCUp, App: c.app, At: now})
	}
	return c.resendHeld(dst, now, rowAppUpDisabled), nil
}

// resendHeld sends every held request, in send order: deleted ones are
// resubmissions (RT-4, row 10), discarded ones resends (RT-2, cited with
// row), and requests held unsent go out for the first time (RT-1, row 2).
func (c *Conn) resendHeld(dst []Effect, now time.Time, row uint8) []Effect {
	if c.held == 0 {
		return dst
	}
	for i := range c.reqs {
		r := &c.reqs[i]
		if !r.status.IsHeld() {
			continue
		}
		e := Effect{Kind: EffectResend, Rule: ccefsm.RT2, Row: row, App: c.app, Request: r.id, MRD: r.mrd, At: now}
		switch r.status {
		case StatusDeleted:
			e.Kind, e.Rule, e.Row = EffectResubmit, ccefsm.RT4, rowCCUpResubmit
		case StatusUnsent:
			// Never sent: this is its first NEW_TASK, released by the row
			// that held it (RT-1, row 2), not a resend.
			e.Kind, e.Rule, e.Row = EffectNewTask, ccefsm.RT1, rowSendAppDown
		}
		r.status = StatusPending
		dst = append(dst, e)
	}
	c.pending += c.held
	c.held = 0
	return dst
}

// failHeld sends every held request while routing is disabled: each is
// rejected with NEW_TASK_FAILURE as RT-3 says, decided by row 4 (RT-2)
// under the fail policy.
func (c *Conn) failHeld(dst []Effect, now time.Time) []Effect {
	for i := range c.reqs {
		if r := &c.reqs[i]; r.status.IsHeld() {
			r.status = StatusNone
			dst = append(dst, Effect{Kind: EffectNewTaskFailure, Rule: ccefsm.RT2, Row: rowAppUpDisabled, App: c.app, Request: r.id, MRD: r.mrd, At: now})
		}
	}
	c.dead += c.held
	c.held = 0
	return dst
}

// find returns the index of request id in reqs, or -1. reqs is sorted by
// ID, so this is a binary search.
func (c *Conn) find(id ccefsm.RequestID) int {
	lo, hi := 0, len(c.reqs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.reqs[m].id < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(c.reqs) && c.reqs[lo].id == id {
		return lo
	}
	return -1
}

// push appends e, first reclaiming the room of answered requests when the
// slice is full, and growing it only when more than half of it is live.
// With at most n live requests after Grow(n) it never allocates, and the
// compaction costs O(1) amortised per request.
func (c *Conn) push(e entry) {
	if len(c.reqs) == cap(c.reqs) {
		c.compact()
		if live := len(c.reqs); cap(c.reqs) == 0 || live > cap(c.reqs)/2 {
			r := make([]entry, live, max(16, 2*cap(c.reqs)))
			copy(r, c.reqs)
			c.reqs = r
		}
	}
	c.reqs = append(c.reqs, e)
}

// compact drops answered entries, keeping send order.
func (c *Conn) compact() {
	if c.dead == 0 {
		return
	}
	w := 0
	for _, r := range c.reqs {
		if r.status.IsLive() {
			c.reqs[w] = r
			w++
		}
	}
	clear(c.reqs[w:])
	c.reqs = c.reqs[:w]
	c.dead = 0
}
