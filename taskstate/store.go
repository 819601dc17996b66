package taskstate

import (
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/nanotime"
)

// Store holds the open tasks of any number of applications and MRDs, their
// deadlines, and the state of each application's path to the Agent PG CTI
// server. Every input takes the current instant; [Store.Advance] fires the
// deadlines that are due. Ended tasks leave the store: their last word is
// the [EffectEnded] effect.
//
// Instants: every input (Create, the life-cycle requests, PathDown, PathUp)
// is refused, changing nothing, with ErrTimeBackwards when now is before the
// latest instant seen, ErrTimeOutOfRange when now is outside the range the
// store can hold, and ErrDeadlinePending when a deadline at or before now
// has not been fired: a timer must never be overtaken by a later input, so
// the caller first calls Advance(now) — which is always enough, since after
// it every deadline lies after now — and then repeats the input at the same
// instant.
//
// The zero value is an empty store using [DefaultTable]; add MRDs with
// [Store.AddMRD] before creating tasks. A Store is not safe for concurrent
// mutation, and must not be copied once used (copies would share their
// task slab); use [Store.MarshalBinary] to take a copy.
type Store struct {
	table *Table

	now  int64 // latest instant seen, Unix ns
	seen bool  // whether now is set

	pages [][]task
	next  uint32 // next never-used slot
	free  uint32 // head of the free-slot list (linked through qNext)
	idx   index

	mrds    []mrdRec
	mrdIdx  map[ccefsm.MRDID]uint32
	apps    []appRec
	appIdx  map[ccefsm.AppID]uint32
	buckets []bucket

	heap []hitem

	sink uint64 // written by warm so that its loads are kept
}

type mrdRec struct {
	m                      MRD
	start, maxd, life, cut int64 // StartTimeout, MaxDuration, TaskLife, EffectiveTimeLimit in ns
	startQ, maxQ           list
	hpos                   [2]int32 // heap positions of the start and max queues
}

type appRec struct {
	id      ccefsm.AppID
	down    bool
	downAt  int64
	buckets []uint32 // in creation order
}

// bucket groups the open tasks of one application in one MRD: an outage of
// the application's CTI path is one deadline for the whole bucket.
type bucket struct {
	app, mrd uint32
	main     list // tasks the Agent PG knows (members of an outage)
	closing  list // ended by the application during the outage (TS-2)
	fresh    list // begun during the outage, unknown to the Agent PG (TS-4)
	outages  uint32
	cuts     uint32 // email time limits that fired
	hpos     int32
	down     bool
	fired    bool // the outage deadline fired during the current outage
}

// NewTask describes a task entering the store.
type NewTask struct {
	ID  ccefsm.TaskID
	App ccefsm.AppID
	MRD ccefsm.MRDID
	// Agent is the agent picked for the task: zero for StateNew, set for
	// every other state.
	Agent ccefsm.AgentID
	// State is where the task begins: StateNew (NEW_TASK sent, routing
	// requested), StatePreCall (the router picked Agent), StateOffered
	// (OFFER_APPLICATION_TASK_REQ, 161: the application picked Agent) or
	// StateActive (START_APPLICATION_TASK_REQ, 164).
	State State
}

// Task is a read-only view of an open task.
type Task struct {
	ID      ccefsm.TaskID
	App     ccefsm.AppID
	MRD     ccefsm.MRDID
	Agent   ccefsm.AgentID
	State   State
	Created time.Time // UTC
	// Unreported is true for a task begun while its application's CTI path
	// is down: the Agent PG does not know it yet and nothing about it is
	// reported (TS-4). Its final class is decided when it ends (for an email
	// MRD its history may yet be recreated, RP-6; see the package
	// documentation, "Reporting classes").
	Unreported bool
}

func utc(ns int64) time.Time { return time.Unix(0, ns).UTC() }

// AddMRD registers an MRD. Its attributes are fixed for the life of the
// store, which is what keeps each MRD's deadline queues in order. An invalid
// MRD is an [*MRDError]; an MRD already present is ErrDuplicateMRD.
func (s *Store) AddMRD(m MRD) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if _, dup := s.mrdIdx[m.ID]; dup {
		return &Error{Op: "AddMRD", MRD: m.ID, Err: ErrDuplicateMRD}
	}
	if s.table == nil {
		s.table = DefaultTable()
	}
	if s.mrdIdx == nil {
		s.mrdIdx = make(map[ccefsm.MRDID]uint32)
	}
	s.mrdIdx[m.ID] = uint32(len(s.mrds))
	s.mrds = append(s.mrds, mrdRec{
		m:     m,
		start: int64(m.StartTimeout),
		maxd:  int64(m.MaxDuration),
		life:  int64(m.TaskLife),
		cut:   int64(m.EffectiveTimeLimit()),
	})
	return nil
}

// MRD returns the attributes of a registered MRD.
func (s *Store) MRD(id ccefsm.MRDID) (MRD, bool) {
	i, ok := s.mrdIdx[id]
	if !ok {
		return MRD{}, false
	}
	return s.mrds[i].m, true
}

// SetTable replaces the transition table with a copy of t (nil restores
// [DefaultTable]). It is only allowed while the store holds no open task
// (ErrStoreInUse), so that no task changes rules midway, and t must be a
// [DefaultTable] changed only through [Table.SetDisposition]
// (ErrInvalidTable).
func (s *Store) SetTable(t *Table) error {
	if s.idx.n > 0 {
		return &Error{Op: "SetTable", Err: ErrStoreInUse}
	}
	if t == nil {
		s.table = DefaultTable()
		return nil
	}
	def := defaultRows()
	if len(t.rows) != len(def) {
		return &Error{Op: "SetTable", Err: ErrInvalidTable}
	}
	for i, r := range t.rows {
		d := def[i]
		if r.Disposition != d.Disposition && d.Provenance&ccefsm.Documented == 0 {
			d.Disposition = r.Disposition
		}
		if r != d {
			return &Error{Op: "SetTable", State: r.From, Event: r.Event, Err: ErrInvalidTable}
		}
		if c, ok := t.lookup(r.From, r.Event); !ok || c.to != r.To || c.disp != r.Disposition || c.rule != r.Rule {
			return &Error{Op: "SetTable", State: r.From, Event: r.Event, Err: ErrInvalidTable}
		}
	}
	s.table = t.clone()
	return nil
}

// Table returns a copy of the store's transition table.
func (s *Store) Table() *Table {
	if s.table == nil {
		return DefaultTable()
	}
	return s.table.clone()
}

// Len returns the number of open tasks.
func (s *Store) Len() int { return s.idx.n }

// Task returns a view of the open task id.
func (s *Store) Task(id ccefsm.TaskID) (Task, bool) {
	i, ok := s.find(id)
	if !ok {
		return Task{}, false
	}
	t := s.at(i)
	b := &s.buckets[t.bucket]
	return Task{
		ID:         t.id,
		App:        s.apps[b.app].id,
		MRD:        s.mrds[b.mrd].m.ID,
		Agent:      t.agent,
		State:      t.state,
		Created:    utc(t.begin),
		Unreported: t.flags&flagFresh != 0,
	}, true
}

// IsPathDown reports whether app's path to the Agent PG CTI server is down,
// and since when.
func (s *Store) IsPathDown(app ccefsm.AppID) (bool, time.Time) {
	i, ok := s.appIdx[app]
	if !ok || !s.apps[i].down {
		return false, time.Time{}
	}
	return true, utc(s.apps[i].downAt)
}

// NextDeadline returns the earliest deadline not yet fired, so that the
// caller's clock knows when to call [Store.Advance]; false when there is
// none.
func (s *Store) NextDeadline() (time.Time, bool) {
	if len(s.heap) == 0 {
		return time.Time{}, false
	}
	return utc(s.heap[0].at), true
}

// The instants the store accepts, as Unix nanoseconds: every int64 from
// the earliest on, up to the latest that still leaves room for the longest
// MRD attribute, so that no deadline (instant + attribute) overflows.
const (
	minInstantNs = -1 << 63
	maxInstantNs = 1<<63 - 1 - int64(maxAttribute)
)

// instant converts now to Unix nanoseconds, refusing an instant outside
// [minInstantNs, maxInstantNs] (time.Time.UnixNano wraps around there).
func instant(op string, now time.Time) (int64, error) {
	ns, ok := nanotime.UnixNano(now)
	if !ok || ns > maxInstantNs {
		return 0, &Error{Op: op, Now: now, Err: ErrTimeOutOfRange}
	}
	return ns, nil
}

// check returns now in Unix nanoseconds, or rejects an input whose instant
// is out of range, before the latest one seen, or at or after a deadline
// that has not been fired.
func (s *Store) check(op string, now time.Time) (int64, error) {
	ns, err := instant(op, now)
	if err != nil {
		return 0, err
	}
	if s.seen && ns < s.now {
		return 0, &Error{Op: op, Now: now, Last: utc(s.now), Err: ErrTimeBackwards}
	}
	if len(s.heap) > 0 && s.heap[0].at <= ns {
		return 0, &Error{Op: op, Now: now, Last: utc(s.heap[0].at), Err: ErrDeadlinePending}
	}
	return ns, nil
}

// Create adds a task. It fails, changing nothing, on a zero ID or
// application (ErrInvalidTask), an unregistered MRD (ErrUnknownMRD), a
// begin state other than those of [NewTask], an agent missing or given
// against the state (ErrInvalidTask), a task ID already open
// (ErrDuplicateTask), or a bad instant (ErrTimeBackwards,
// ErrTimeOutOfRange, or ErrDeadlinePending: call [Store.Advance] with now,
// then retry).
//
// A task created while its application's CTI path is down is begun during
// the outage (TS-4): nothing is reported about it until the path returns
// (TS-5; for email MRDs see the package documentation, "Reporting
// classes"), and it is not subject to the outage's task life, which the
// Agent PG counts only for tasks it knows (inferred: it has no task ID for
// it until TASK_INIT_REQ).
func (s *Store) Create(dst []Effect, now time.Time, nt NewTask) ([]Effect, error) {
	const op = "Create"
	ns, err := s.check(op, now)
	if err != nil {
		return dst, err
	}
	invalid := func() error { return &Error{Op: op, Task: nt.ID, App: nt.App, MRD: nt.MRD, Err: ErrInvalidTask} }
	if nt.ID == 0 || nt.App == 0 {
		return dst, invalid()
	}
	m, ok := s.mrdIdx[nt.MRD]
	if !ok {
		return dst, &Error{Op: op, Task: nt.ID, MRD: nt.MRD, Err: ErrUnknownMRD}
	}
	switch nt.State {
	case StateNew:
		if nt.Agent != 0 {
			return dst, invalid()
		}
	case StatePreCall, StateOffered, StateActive:
		if nt.Agent == 0 {
			return dst, invalid()
		}
	default:
		return dst, invalid()
	}
	if _, dup := s.find(nt.ID); dup {
		return dst, &Error{Op: op, Task: nt.ID, Err: ErrDuplicateTask}
	}

	s.now, s.seen = ns, true
	b := s.bucketFor(nt.App, m)
	i := s.alloc()
	t := s.at(i)
	*t = task{id: nt.ID, begin: ns, agent: nt.Agent, bucket: b, state: nt.State}
	bk := &s.buckets[b]
	if bk.down {
		t.flags |= flagFresh
		s.push(&bk.fresh, i, linkB)
	} else {
		t.outSnap, t.cutSnap = bk.outages, bk.cuts
		s.push(&bk.main, i, linkB)
	}
	s.insert(i)
	r := &s.mrds[m]
	s.push(&r.maxQ, i, linkQ)
	if r.maxQ.n == 1 {
		s.requeue(kindMax, m)
	}
	if nt.State == StatePreCall {
		t.reserve = ns
		s.push(&r.startQ, i, linkS)
		if r.startQ.n == 1 {
			s.requeue(kindStart, m)
		}
	}
	return dst, nil
}

// bucketFor returns the bucket of (app, MRD index m), creating the
// application and the bucket on first use.
func (s *Store) bucketFor(app ccefsm.AppID, m uint32) uint32 {
	a := s.appFor(app)
	for _, b := range s.apps[a].buckets {
		if s.buckets[b].mrd == m {
			return b
		}
	}
	b := uint32(len(s.buckets))
	// A bucket created during an outage joins it with no members (all of
	// its tasks are begun during the outage), so it has no deadline.
	s.buckets = append(s.buckets, bucket{app: a, mrd: m, down: s.apps[a].down})
	s.apps[a].buckets = append(s.apps[a].buckets, b)
	return b
}

func (s *Store) appFor(app ccefsm.AppID) uint32 {
	if a, ok := s.appIdx[app]; ok {
		return a
	}
	if s.appIdx == nil {
		s.appIdx = make(map[ccefsm.AppID]uint32)
	}
	a := uint32(len(s.apps))
	s.appIdx[app] = a
	s.apps = append(s.apps, appRec{id: app})
	return a
}

// Reserve records that the router picked agent for a NEW task (pre-call;
// the agent is reserved). The MRD's start timeout begins (TS-7).
//
// Errors, each changing nothing: ErrUnknownTask, ErrIllegalTransition (no
// row for the event in the task's state), ErrInvalidTask for a zero agent,
// and the instant errors of every input (ErrTimeBackwards,
// ErrTimeOutOfRange, ErrDeadlinePending — call [Store.Advance] with now,
// then retry).
func (s *Store) Reserve(dst []Effect, now time.Time, id ccefsm.TaskID, agent ccefsm.AgentID) ([]Effect, error) {
	return s.request(dst, now, "Reserve", id, EventReserve, agent, 0)
}

// Offer records OFFER_TASK_IND (160) for a PRE_CALL task.
//
// Errors, each changing nothing: ErrUnknownTask, ErrIllegalTransition (no
// row for the event in the task's state), and the instant errors of every
// input (ErrTimeBackwards, ErrTimeOutOfRange, ErrDeadlinePending — call
// [Store.Advance] with now, then retry).
func (s *Store) Offer(dst []Effect, now time.Time, id ccefsm.TaskID) ([]Effect, error) {
	return s.request(dst, now, "Offer", id, EventOffer, 0, 0)
}

// Start records START_TASK_IND (163) for a PRE_CALL or OFFERED task.
//
// Errors, each changing nothing: ErrUnknownTask, ErrIllegalTransition (no
// row for the event in the task's state), and the instant errors of every
// input (ErrTimeBackwards, ErrTimeOutOfRange, ErrDeadlinePending — call
// [Store.Advance] with now, then retry).
func (s *Store) Start(dst []Effect, now time.Time, id ccefsm.TaskID) ([]Effect, error) {
	return s.request(dst, now, "Start", id, EventStart, 0, 0)
}

// Pause records PAUSE_TASK_IND (166) for an ACTIVE task.
//
// Errors, each changing nothing: ErrUnknownTask, ErrIllegalTransition (no
// row for the event in the task's state), and the instant errors of every
// input (ErrTimeBackwards, ErrTimeOutOfRange, ErrDeadlinePending — call
// [Store.Advance] with now, then retry).
func (s *Store) Pause(dst []Effect, now time.Time, id ccefsm.TaskID) ([]Effect, error) {
	return s.request(dst, now, "Pause", id, EventPause, 0, 0)
}

// Resume records RESUME_TASK_IND (167) for a PAUSED task.
//
// Errors, each changing nothing: ErrUnknownTask, ErrIllegalTransition (no
// row for the event in the task's state), and the instant errors of every
// input (ErrTimeBackwards, ErrTimeOutOfRange, ErrDeadlinePending — call
// [Store.Advance] with now, then retry).
func (s *Store) Resume(dst []Effect, now time.Time, id ccefsm.TaskID) ([]Effect, error) {
	return s.request(dst, now, "Resume", id, EventResume, 0, 0)
}

// WrapUp records WRAPUP_TASK_IND (168) for an ACTIVE or PAUSED task.
//
// Errors, each changing nothing: ErrUnknownTask, ErrIllegalTransition (no
// row for the event in the task's state), and the instant errors of every
// input (ErrTimeBackwards, ErrTimeOutOfRange, ErrDeadlinePending — call
// [Store.Advance] with now, then retry).
func (s *Store) WrapUp(dst []Effect, now time.Time, id ccefsm.TaskID) ([]Effect, error) {
	return s.request(dst, now, "WrapUp", id, EventWrapUp, 0, 0)
}

// End records END_TASK_IND (169) with disposition d; zero means the table's
// default for the task's state (38 once started). The task ends with an
// [EffectEnded] — unless the application's CTI path is down and the Agent PG
// knows the task (non-email MRD; for email the end is taken at once, since
// the email manager's resync rebuilds the task's history, its end included,
// RP-6 — inferred): then the end is deferred (TS-2), the task
// waits in CLOSING, d is dropped, and the Agent PG closes it with 51 when
// the path reinitialises ([Store.PathUp]) — even after task life, which
// ends only the tasks still open (TS-1). An End at or after the task-life
// deadline comes too late: ErrDeadlinePending, then, after Advance, the
// task has already ended with 42.
//
// Errors, each changing nothing: ErrUnknownTask, ErrIllegalTransition (no
// row for the event in the task's state, such as a second End of a CLOSING
// task), ErrInvalidDisposition for d outside 1-65, and the instant errors
// of every input (ErrTimeBackwards, ErrTimeOutOfRange, ErrDeadlinePending —
// call [Store.Advance] with now, then retry).
func (s *Store) End(dst []Effect, now time.Time, id ccefsm.TaskID, d Disposition) ([]Effect, error) {
	return s.request(dst, now, "End", id, EventEnd, 0, d)
}

func (s *Store) request(dst []Effect, now time.Time, op string, id ccefsm.TaskID, ev Event, agent ccefsm.AgentID, d Disposition) ([]Effect, error) {
	ns, err := s.check(op, now)
	if err != nil {
		return dst, err
	}
	i, ok := s.find(id)
	if !ok {
		return dst, &Error{Op: op, Task: id, Err: ErrUnknownTask}
	}
	t := s.at(i)
	bk := &s.buckets[t.bucket]
	r := &s.mrds[bk.mrd]
	e := ev
	if ev == EventEnd && bk.down && t.flags&flagFresh == 0 && r.m.Media != ccefsm.MediaEmail {
		e = EventEndInOutage
	}
	c, ok := s.table.lookup(t.state, e)
	if !ok {
		return dst, &Error{Op: op, Task: id, State: t.state, Event: e, Err: ErrIllegalTransition}
	}
	if ev == EventReserve && agent == 0 {
		return dst, &Error{Op: op, Task: id, Err: ErrInvalidTask}
	}
	if d != 0 && !d.IsValid() {
		return dst, &Error{Op: op, Task: id, Err: ErrInvalidDisposition}
	}

	s.now = ns
	if c.to == StateEnded {
		if d != 0 {
			c.disp = d
		}
		return s.finish(dst, i, ns, c.disp, c.rule), nil
	}
	m := bk.mrd
	if t.state == StatePreCall {
		head := r.startQ.head == i
		s.unlink(&r.startQ, i, linkS)
		if head {
			s.requeue(kindStart, m)
		}
	}
	switch c.to {
	case StateClosing:
		head := r.maxQ.head == i
		s.unlink(&r.maxQ, i, linkQ)
		if head {
			s.requeue(kindMax, m)
		}
		s.unlink(&bk.main, i, linkB)
		s.push(&bk.closing, i, linkB)
		if bk.hpos != 0 && bk.main.n == 0 {
			// Task life ends only open tasks (TS-1); a CLOSING one waits
			// for re-init (TS-2).
			s.unschedule(kindOutage, t.bucket)
		}
		dst = append(dst, Effect{Kind: EffectEndDeferred, At: utc(ns), Task: id, App: s.apps[bk.app].id, MRD: r.m.ID, Agent: t.agent, From: t.state, Rule: c.rule})
	case StatePreCall:
		t.agent = agent
		t.reserve = ns
		s.push(&r.startQ, i, linkS)
		if r.startQ.n == 1 {
			s.requeue(kindStart, m)
		}
	}
	t.state = c.to
	return dst, nil
}

// finish ends the task in slot i at instant at and frees its slot.
func (s *Store) finish(dst []Effect, i uint32, at int64, d Disposition, rule ccefsm.RuleID) []Effect {
	t := s.at(i)
	bk := &s.buckets[t.bucket]
	m := bk.mrd
	r := &s.mrds[m]
	class, crule := classOf(t, bk, r.m.Media, s.apps[bk.app].downAt+r.cut, at)
	dst = append(dst, Effect{
		Kind: EffectEnded, At: utc(at), Task: t.id, App: s.apps[bk.app].id, MRD: r.m.ID, Agent: t.agent,
		From: t.state, Rule: rule, Disposition: d, Report: class, ReportRule: crule,
	})
	switch {
	case t.state == StateClosing:
		s.unlink(&bk.closing, i, linkB)
	case t.flags&flagFresh != 0:
		s.unlink(&bk.fresh, i, linkB)
	default:
		s.unlink(&bk.main, i, linkB)
	}
	if t.state != StateClosing {
		head := r.maxQ.head == i
		s.unlink(&r.maxQ, i, linkQ)
		if head {
			s.requeue(kindMax, m)
		}
	}
	if t.state == StatePreCall {
		head := r.startQ.head == i
		s.unlink(&r.startQ, i, linkS)
		if head {
			s.requeue(kindStart, m)
		}
	}
	if bk.hpos != 0 && bk.main.n == 0 {
		// The outage has no open members left (CLOSING tasks wait for
		// re-init, TS-2): its deadline would fire on nothing, so it is not a
		// deadline any more.
		s.unschedule(kindOutage, t.bucket)
	}
	s.remove(t.id)
	s.release(i)
	return dst
}

// classOf decides the reporting class of a task that ends at instant at;
// limit is the instant at which the time limit of the bucket's current (or
// last) outage runs out, for email MRDs. The cases are listed in the package
// documentation, "Reporting classes".
func classOf(t *task, b *bucket, media ccefsm.MediaKind, limit, at int64) (ccefsm.ReportClass, ccefsm.RuleID) {
	email := media == ccefsm.MediaEmail
	switch {
	case t.flags&flagFresh != 0 && email && at < limit:
		// Email: the email manager kept assigning and recording, and its
		// resync recreates the history of the outage (RP-6), up to the time
		// limit (TS-3).
		return ccefsm.ReportRecreated, ccefsm.RP6
	case t.flags&flagFresh != 0 && email && t.begin < limit:
		// Email, begun before the time limit, ended after it: its recreated
		// history stops at the limit (TS-3).
		return ccefsm.ReportPartial, ccefsm.TS3
	case t.flags&flagFresh != 0:
		// Assigned and completed within the outage (for email, after the
		// time limit): never reported (RP-4).
		return ccefsm.ReportUnreported, ccefsm.RP4
	case t.flags&flagInit != 0:
		// Reported from the restore on only (TS-5).
		return ccefsm.ReportPartial, ccefsm.TS5
	case t.flags&flagCut != 0:
		// Begun during an email outage, open at its time limit (TS-3).
		return ccefsm.ReportPartial, ccefsm.TS3
	case email && b.cuts != t.cutSnap:
		// The time limit ended its reporting segment (TS-3).
		return ccefsm.ReportPartial, ccefsm.TS3
	case email && (t.flags&flagRebuilt != 0 || b.outages != t.outSnap):
		// History over the outage rebuilt from the email manager (RP-6).
		return ccefsm.ReportRecreated, ccefsm.RP6
	case b.outages != t.outSnap:
		// Spanned an outage: nothing stored while it lasted (RP-4).
		return ccefsm.ReportPartial, ccefsm.RP4
	}
	return ccefsm.ReportComplete, ccefsm.RuleNone
}

// Grow reserves room for n more open tasks, so that creating them allocates
// nothing (slab pages and index cells). It is optional; the store grows on
// demand.
func (s *Store) Grow(n int) {
	if n <= 0 {
		return
	}
	need := s.idx.n + n
	for len(s.idx.cells)*3 < need*4 {
		s.grow()
	}
	if s.next == 0 {
		s.next = 1
	}
	free := 0
	for i := s.free; i != 0 && free < n; i = s.at(i).qNext {
		free++
	}
	last := int(s.next) - 1 + (n - free)
	for len(s.pages) <= last>>pageShift {
		s.pages = append(s.pages, make([]task, pageSize))
	}
}
