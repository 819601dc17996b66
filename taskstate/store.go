package taskstate

import (
	"math"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/nanotime"
)

// Config configures a [Store].
type Config struct {
	// MRDs are the media routing domains whose tasks the store holds, each
	// valid ([ccefsm.MRD.Validate]) and with its own ID. More can be added
	// later with [Store.AddMRD].
	MRDs []ccefsm.MRD
	// Table is the transition table: nil means [DefaultTable]. A table must
	// be a DefaultTable changed only through [Table.SetDisposition]; the
	// store keeps a copy.
	Table *Table
	// NoHistoryRecreation overrides RP-6's inferred outcome. Cisco says
	// that after an outage of the application's CTI path the software
	// attempts to recreate an email task's history from the email
	// manager's resynchronisation; by default the store assumes the
	// attempt succeeds and the task ends recreated (RP-6). With
	// NoHistoryRecreation it assumes the attempt fails: a task that
	// spanned the outage, or began in it and was open at the restore,
	// ends partial, and one assigned and completed within the outage
	// (before the time limit) ends unreported, both by rule RP-6, as the
	// same tasks of a non-email MRD would by RP-4.
	NoHistoryRecreation bool
}

// Store holds the open tasks of any number of applications and MRDs, their
// deadlines, and the state of each application's path to the Agent PG CTI
// server. Ended tasks leave the store: their last word is the
// [EffectEnded] effect.
//
// # Inputs
//
// Every input (Create, the life-cycle requests Assign … End, PathDown,
// PathUp) takes the current instant and first brings the store's clock to
// it: the deadlines due at or before now fire, their effects appended to
// dst at their own instants, exactly as Advance(now) would; then the input
// applies. So an input never overtakes a timer, and a caller whose clock
// runs late loses nothing by it. An input is checked in this order:
//
//  1. The instant: before the latest instant seen (ErrTimeBackwards) or
//     outside the store's range (ErrTimeOutOfRange). Nothing changes and
//     nothing fires.
//  2. The arguments that do not depend on the store's state: a zero task
//     or application ID, an MRD the store does not hold, a disposition
//     outside 1-65, a state a task cannot begin in, an agent that does not
//     fit the state. Nothing changes and nothing fires.
//  3. The deadlines due at or before now fire, as in [Store.Advance].
//  4. The checks that depend on the store's state (an unknown or duplicate
//     task, a transition the table does not allow), then the input itself.
//
// When step 4 refuses the input, the returned slice still holds the
// effects of step 3 and the store is as Advance(now) would leave it: the
// deadlines due at or before now have fired, and the store's clock is at
// now, so a later input dated before now is ErrTimeBackwards. The [*Error]
// says how many effects fired (Error.Fired); the input itself changed
// nothing. Advance remains for a caller whose timer fires
// with no input to apply.
//
// # Zero value
//
// The zero value is an empty store with the default table and no MRD, the
// same as NewStore(Config{}); add MRDs with [Store.AddMRD]. A Store is not
// safe for concurrent mutation, and must not be copied once used (copies
// would share their task slab); use [Store.Clone] to take a copy.
type Store struct {
	table *Table
	// noRecreate is Config.NoHistoryRecreation.
	noRecreate bool

	now  int64 // latest instant seen, Unix ns
	seen bool  // whether now is set

	pages []*[pageSize]task
	next  uint32 // next never-used slot
	free  uint32 // head of the free-slot list (linked through qNext)
	nfree int    // length of the free-slot list
	idx   index

	mrds      []mrdRec
	mrdIdx    map[ccefsm.MRDID]uint32
	apps      []appRec
	appIdx    map[ccefsm.AppID]uint32
	buckets   []bucket
	bucketIdx map[uint64]uint32 // bucketKey(app ID, MRD ID) → bucket

	heap []hitem

	sink uint64 // written by warm so that its loads are kept
}

type mrdRec struct {
	m                      ccefsm.MRD
	start, maxd, life, cut int64 // StartTimeout, MaxDuration, TaskLife, EffectiveTimeLimit in ns
	email                  bool  // email MRD: the time limit, not task life, is its outage deadline (TS-3)
	noCut                  bool  // email MRD with NoTimeLimitCut: no outage deadline at all
	startQ, maxQ           list
	hpos                   [2]int32 // heap positions of the start and max queues
}

// limit returns the instant at which the email time limit of an outage
// that began at downAt runs out: never, for an MRD that does not cut.
func (r *mrdRec) limit(downAt int64) int64 {
	if r.noCut {
		return math.MaxInt64
	}
	return downAt + r.cut
}

// deadline returns the outage deadline of the MRD's bucket for an outage
// that began at downAt, and false when it has none (an email MRD that does
// not cut).
func (r *mrdRec) deadline(downAt int64) (int64, bool) {
	if r.noCut {
		return 0, false
	}
	if r.email {
		return downAt + r.cut, true
	}
	return downAt + r.life, true
}

type appRec struct {
	id      ccefsm.AppID
	down    bool
	downAt  int64    // while down; zero while up
	buckets []uint32 // in creation order
}

// bucket groups the open tasks of one application in one MRD: an outage of
// the application's CTI path is one deadline for the whole bucket.
type bucket struct {
	app, mrd uint32
	main     list // tasks the Agent PG knows (members of an outage), in creation order
	closing  list // ended by the application during the outage (TS-2), in order of End
	fresh    list // begun during the outage, unknown to the Agent PG (TS-4), in creation order
	outages  uint32
	cuts     uint32 // email time limits that fired
	hpos     int32
	down     bool
	fired    bool // email: the time limit of the current outage fired
}

func bucketKey(app ccefsm.AppID, mrd ccefsm.MRDID) uint64 { return uint64(app)<<32 | uint64(mrd) }

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

// NewStore returns an empty store holding cfg's MRDs and table. An invalid
// MRD is the [*ccefsm.MRDError] of its Validate (wrapping
// [ccefsm.ErrInvalidMRD]); two MRDs with one ID are ErrDuplicateMRD; a
// table that is not a [DefaultTable] changed only through
// [Table.SetDisposition] is ErrInvalidTable.
func NewStore(cfg Config) (*Store, error) {
	s := new(Store)
	if cfg.Table != nil {
		if err := cfg.Table.check(); err != nil {
			return nil, err
		}
		s.table = cfg.Table.clone()
	}
	s.noRecreate = cfg.NoHistoryRecreation
	for _, m := range cfg.MRDs {
		if err := s.AddMRD(m); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// AddMRD registers an MRD, as a gateway does on CONFIG_MRD_EVENT. Its
// attributes are fixed for the life of the store, which is what keeps each
// MRD's deadline queues in order. An invalid MRD is the [*ccefsm.MRDError]
// of its Validate; an MRD already present is ErrDuplicateMRD. On error the
// store is unchanged.
func (s *Store) AddMRD(m ccefsm.MRD) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if _, dup := s.mrdIdx[m.ID]; dup {
		return &Error{Op: "AddMRD", MRD: m.ID, Err: ErrDuplicateMRD}
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
		email: m.Media == ccefsm.MediaEmail,
		noCut: m.Media == ccefsm.MediaEmail && m.NoTimeLimitCut,
	})
	return nil
}

// MRD returns the attributes of a registered MRD, or ErrUnknownMRD.
func (s *Store) MRD(id ccefsm.MRDID) (ccefsm.MRD, error) {
	i, ok := s.mrdIdx[id]
	if !ok {
		return ccefsm.MRD{}, &Error{Op: "MRD", MRD: id, Err: ErrUnknownMRD}
	}
	return s.mrds[i].m, nil
}

// NoHistoryRecreation reports Config.NoHistoryRecreation: whether the
// store assumes the recreation of email history (RP-6) fails.
func (s *Store) NoHistoryRecreation() bool { return s.noRecreate }

// Table returns a copy of the store's transition table.
func (s *Store) Table() *Table {
	return s.tab().clone()
}

// defaultTable is the table of a store given none. It is never changed:
// the store only looks rows up in it, and Table returns a copy.
var defaultTable = DefaultTable()

// tab returns the store's table.
func (s *Store) tab() *Table {
	if s.table == nil {
		return defaultTable
	}
	return s.table
}

// Len returns the number of open tasks.
func (s *Store) Len() int { return s.idx.n }

// Task returns a view of the open task id, or ErrUnknownTask.
func (s *Store) Task(id ccefsm.TaskID) (Task, error) {
	i, _, ok := s.find(id)
	if !ok {
		return Task{}, &Error{Op: "Task", Task: id, Err: ErrUnknownTask}
	}
	return s.view(i), nil
}

// AppendTasks appends a view of every open task to dst, bucket by bucket
// in the order each (application, MRD) pair was first used, and within a
// bucket the tasks the Agent PG knows, then those ended during an outage
// (CLOSING), then those begun during one, each in the order they joined.
// The order depends only on the inputs, never on the index's hash.
func (s *Store) AppendTasks(dst []Task) []Task {
	for bi := range s.buckets {
		b := &s.buckets[bi]
		for _, l := range [...]*list{&b.main, &b.closing, &b.fresh} {
			for i := l.head; i != 0; i = s.at(i).bNext {
				dst = append(dst, s.view(i))
			}
		}
	}
	return dst
}

// view returns the view of the task in slot i.
func (s *Store) view(i uint32) Task {
	t := s.at(i)
	b := &s.buckets[t.bucket]
	return Task{
		ID:         t.id,
		App:        s.apps[b.app].id,
		MRD:        s.mrds[b.mrd].m.ID,
		Agent:      t.agent,
		State:      t.state,
		Created:    utc(t.begin),
		Unreported: t.mark == markFresh,
	}
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
	minInstantNs = math.MinInt64
	maxInstantNs = math.MaxInt64 - int64(ccefsm.MaxAttribute)
)

// instant is step 1 of every input: it converts now to Unix nanoseconds,
// refusing an instant outside [minInstantNs, maxInstantNs]
// (time.Time.UnixNano wraps around there) or before the latest one seen.
func (s *Store) instant(op string, now time.Time) (int64, error) {
	ns, ok := nanotime.UnixNano(now)
	if !ok || ns > maxInstantNs {
		return 0, &Error{Op: op, Now: now, Err: ErrTimeOutOfRange}
	}
	if s.seen && ns < s.now {
		return 0, &Error{Op: op, Now: now, Last: utc(s.now), Err: ErrTimeBackwards}
	}
	return ns, nil
}

// Create adds a task, after firing the deadlines due at or before now (see
// "Inputs" on [Store]). It is refused, changing nothing and firing nothing,
// for a bad instant (ErrTimeBackwards, ErrTimeOutOfRange), a zero task ID
// (ErrUnknownTask), a zero application (ErrUnknownApp), an MRD the store
// does not hold (ErrUnknownMRD), a state no task begins in (a value that is
// no state: ErrInvalidState; any state but those of [NewTask]:
// ErrIllegalTransition) or an agent that does not fit it (ErrInvalidTask);
// after the deadlines fired, a task ID already open is ErrDuplicateTask.
//
// A task created while its application's CTI path is down is begun during
// the outage (TS-4): nothing is reported about it until the path returns
// (TS-5; for email MRDs see the package documentation, "Reporting
// classes"), and it is not subject to the outage's task life, which the
// Agent PG counts only for tasks it knows (inferred: it has no task ID for
// it until TASK_INIT_REQ).
func (s *Store) Create(dst []Effect, now time.Time, nt NewTask) ([]Effect, error) {
	const op = "Create"
	ns, err := s.instant(op, now)
	if err != nil {
		return dst, err
	}
	bad := func(e error) error {
		return &Error{Op: op, Task: nt.ID, App: nt.App, MRD: nt.MRD, State: nt.State, Err: e}
	}
	if nt.ID == 0 {
		return dst, bad(ErrUnknownTask)
	}
	if nt.App == 0 {
		return dst, bad(ErrUnknownApp)
	}
	b, haveBucket := s.bucketIdx[bucketKey(nt.App, nt.MRD)]
	var m uint32
	if haveBucket {
		m = s.buckets[b].mrd
	} else {
		var ok bool
		if m, ok = s.mrdIdx[nt.MRD]; !ok {
			return dst, bad(ErrUnknownMRD)
		}
	}
	switch nt.State {
	case StateNew:
		if nt.Agent != 0 {
			return dst, bad(ErrInvalidTask)
		}
	case StatePreCall, StateOffered, StateActive:
		if nt.Agent == 0 {
			return dst, bad(ErrInvalidTask)
		}
	default:
		if !nt.State.IsValid() {
			return dst, bad(ErrInvalidState)
		}
		return dst, bad(ErrIllegalTransition)
	}

	n0 := len(dst)
	dst = s.advance(dst, ns)

	_, pr, dup := s.find(nt.ID)
	if dup {
		return dst, &Error{Op: op, Task: nt.ID, App: nt.App, MRD: nt.MRD, Fired: len(dst) - n0, Err: ErrDuplicateTask}
	}
	if !haveBucket {
		b = s.newBucket(nt.App, nt.MRD, m)
	}
	i := s.alloc()
	t := s.at(i)
	*t = task{id: nt.ID, begin: ns, agent: nt.Agent, bucket: b, state: nt.State}
	bk := &s.buckets[b]
	if bk.down {
		t.mark = markFresh
		s.push(&bk.fresh, i, linkB)
	} else {
		t.outSnap, t.cutSnap = bk.outages, bk.cuts
		s.push(&bk.main, i, linkB)
	}
	s.insert(i, pr)
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

// newBucket creates the bucket of (app, MRD index m), and the application
// on first use.
func (s *Store) newBucket(app ccefsm.AppID, mrd ccefsm.MRDID, m uint32) uint32 {
	a := s.appFor(app)
	b := uint32(len(s.buckets))
	// A bucket created during an outage joins it with no members (all of
	// its tasks are begun during the outage), so it has no deadline.
	s.buckets = append(s.buckets, bucket{app: a, mrd: m, down: s.apps[a].down})
	s.apps[a].buckets = append(s.apps[a].buckets, b)
	if s.bucketIdx == nil {
		s.bucketIdx = make(map[uint64]uint32)
	}
	s.bucketIdx[bucketKey(app, mrd)] = b
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

// Assign records that the router picked agent for a NEW task (pre-call;
// the agent is reserved), after firing the deadlines due at or before now
// (see "Inputs" on [Store]). The MRD's start timeout begins (TS-7).
//
// Refused, changing nothing and firing nothing: a bad instant
// (ErrTimeBackwards, ErrTimeOutOfRange), task ID zero (ErrUnknownTask),
// agent zero (ErrInvalidTask). Refused after the deadlines fired, the
// input changing nothing: a task that is not open (ErrUnknownTask), a task
// not in StateNew (ErrIllegalTransition).
func (s *Store) Assign(dst []Effect, now time.Time, id ccefsm.TaskID, agent ccefsm.AgentID) ([]Effect, error) {
	return s.request(dst, now, "Assign", id, EventReserve, agent, 0)
}

// Offer records OFFER_TASK_IND (160) for a PRE_CALL task, after firing the
// deadlines due at or before now (see "Inputs" on [Store]).
//
// Refused, changing nothing and firing nothing: a bad instant
// (ErrTimeBackwards, ErrTimeOutOfRange), task ID zero (ErrUnknownTask).
// Refused after the deadlines fired, the input changing nothing: a task
// that is not open (ErrUnknownTask), no row for the event in the task's
// state (ErrIllegalTransition).
func (s *Store) Offer(dst []Effect, now time.Time, id ccefsm.TaskID) ([]Effect, error) {
	return s.request(dst, now, "Offer", id, EventOffer, 0, 0)
}

// Start records START_TASK_IND (163) for a PRE_CALL or OFFERED task, after
// firing the deadlines due at or before now (see "Inputs" on [Store]).
//
// Refused, changing nothing and firing nothing: a bad instant
// (ErrTimeBackwards, ErrTimeOutOfRange), task ID zero (ErrUnknownTask).
// Refused after the deadlines fired, the input changing nothing: a task
// that is not open (ErrUnknownTask), no row for the event in the task's
// state (ErrIllegalTransition).
func (s *Store) Start(dst []Effect, now time.Time, id ccefsm.TaskID) ([]Effect, error) {
	return s.request(dst, now, "Start", id, EventStart, 0, 0)
}

// Pause records PAUSE_TASK_IND (166) for an ACTIVE task, after firing the
// deadlines due at or before now (see "Inputs" on [Store]).
//
// Refused, changing nothing and firing nothing: a bad instant
// (ErrTimeBackwards, ErrTimeOutOfRange), task ID zero (ErrUnknownTask).
// Refused after the deadlines fired, the input changing nothing: a task
// that is not open (ErrUnknownTask), no row for the event in the task's
// state (ErrIllegalTransition).
func (s *Store) Pause(dst []Effect, now time.Time, id ccefsm.TaskID) ([]Effect, error) {
	return s.request(dst, now, "Pause", id, EventPause, 0, 0)
}

// Resume records RESUME_TASK_IND (167) for a PAUSED task, after firing the
// deadlines due at or before now (see "Inputs" on [Store]).
//
// Refused, changing nothing and firing nothing: a bad instant
// (ErrTimeBackwards, ErrTimeOutOfRange), task ID zero (ErrUnknownTask).
// Refused after the deadlines fired, the input changing nothing: a task
// that is not open (ErrUnknownTask), no row for the event in the task's
// state (ErrIllegalTransition).
func (s *Store) Resume(dst []Effect, now time.Time, id ccefsm.TaskID) ([]Effect, error) {
	return s.request(dst, now, "Resume", id, EventResume, 0, 0)
}

// WrapUp records WRAPUP_TASK_IND (168) for an ACTIVE or PAUSED task, after
// firing the deadlines due at or before now (see "Inputs" on [Store]).
//
// Refused, changing nothing and firing nothing: a bad instant
// (ErrTimeBackwards, ErrTimeOutOfRange), task ID zero (ErrUnknownTask).
// Refused after the deadlines fired, the input changing nothing: a task
// that is not open (ErrUnknownTask), no row for the event in the task's
// state (ErrIllegalTransition).
func (s *Store) WrapUp(dst []Effect, now time.Time, id ccefsm.TaskID) ([]Effect, error) {
	return s.request(dst, now, "WrapUp", id, EventWrapUp, 0, 0)
}

// End records END_TASK_IND (169) with disposition d, after firing the
// deadlines due at or before now (see "Inputs" on [Store]); zero means the
// table's default for the task's state (38 once started). The task ends
// with an [EffectEnded] — unless the application's CTI path is down and
// the Agent PG knows the task (non-email MRD; for email the end is taken at
// once, since the email manager's resync rebuilds the task's history, its
// end included, RP-6 — inferred): then the end is deferred (TS-2), the task
// waits in CLOSING, d is dropped, and the Agent PG closes it with 51 when
// the path reinitialises ([Store.PathUp]) — even after task life, which
// ends only the tasks still open (TS-1). An End at the task-life deadline
// comes too late: the deadline fires first, the task ends with 42, and the
// End is refused as ErrUnknownTask, with the 42 effect in the returned
// slice.
//
// Refused, changing nothing and firing nothing: a bad instant
// (ErrTimeBackwards, ErrTimeOutOfRange), task ID zero (ErrUnknownTask), d
// outside 1-65 (ErrInvalidDisposition). Refused after the deadlines fired,
// the input changing nothing: a task that is not open (ErrUnknownTask), no
// row for the event in the task's state (ErrIllegalTransition, such as a
// second End of a CLOSING task).
func (s *Store) End(dst []Effect, now time.Time, id ccefsm.TaskID, d Disposition) ([]Effect, error) {
	return s.request(dst, now, "End", id, EventEnd, 0, d)
}

func (s *Store) request(dst []Effect, now time.Time, op string, id ccefsm.TaskID, ev Event, agent ccefsm.AgentID, d Disposition) ([]Effect, error) {
	ns, err := s.instant(op, now)
	if err != nil {
		return dst, err
	}
	if id == 0 {
		return dst, &Error{Op: op, Err: ErrUnknownTask}
	}
	if ev == EventReserve && agent == 0 {
		return dst, &Error{Op: op, Task: id, Err: ErrInvalidTask}
	}
	if d != 0 && !d.IsValid() {
		return dst, &Error{Op: op, Task: id, Err: ErrInvalidDisposition}
	}

	n0 := len(dst)
	dst = s.advance(dst, ns)

	i, _, ok := s.find(id)
	if !ok {
		return dst, &Error{Op: op, Task: id, Fired: len(dst) - n0, Err: ErrUnknownTask}
	}
	t := s.at(i)
	bk := &s.buckets[t.bucket]
	r := &s.mrds[bk.mrd]
	e := ev
	if ev == EventEnd && bk.down && t.mark != markFresh && !r.email {
		e = EventEndInOutage
	}
	c, ok := s.tab().lookup(t.state, e)
	if !ok {
		return dst, &Error{Op: op, Task: id, State: t.state, Event: e, Fired: len(dst) - n0, Err: ErrIllegalTransition}
	}

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
	class, crule := classOf(t, bk, r, s.apps[bk.app].downAt, at)
	if crule == ccefsm.RP6 && s.noRecreate {
		class = failedRecreation(t)
	}
	dst = append(dst, Effect{
		Kind: EffectEnded, At: utc(at), Task: t.id, App: s.apps[bk.app].id, MRD: r.m.ID, Agent: t.agent,
		From: t.state, Rule: rule, Disposition: d, Report: class, ReportRule: crule,
	})
	if t.state == StateClosing {
		s.unlink(&bk.closing, i, linkB)
	} else if t.mark == markFresh {
		s.unlink(&bk.fresh, i, linkB)
	} else {
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
	s.remove(i)
	s.release(i)
	return dst
}

// failedRecreation is the class of a task whose history RP-6 would have
// recreated, when the recreation fails (Config.NoHistoryRecreation):
// unreported for one assigned and completed within the outage, partial
// for one that spanned it or was open at the restore.
func failedRecreation(t *task) ccefsm.ReportClass {
	if t.mark == markFresh {
		return ccefsm.ReportUnreported
	}
	return ccefsm.ReportPartial
}

// classOf decides the reporting class of a task that ends at instant at;
// downAt is the start of the bucket's outage, used for a task begun in it.
// The cases are listed in the package documentation, "Reporting classes".
func classOf(t *task, b *bucket, r *mrdRec, downAt, at int64) (ccefsm.ReportClass, ccefsm.RuleID) {
	if t.mark == markFresh {
		limit := r.limit(downAt)
		if r.email && at < limit {
			// Email: the email manager kept assigning and recording, and
			// its resync recreates the history of the outage (RP-6), up to
			// the time limit (TS-3).
			return ccefsm.ReportRecreated, ccefsm.RP6
		}
		if r.email && t.begin < limit {
			// Email, begun before the time limit, ended after it: its
			// recreated history stops at the limit (TS-3).
			return ccefsm.ReportPartial, ccefsm.TS3
		}
		// Assigned and completed within the outage (for email, after the
		// time limit): never reported (RP-4).
		return ccefsm.ReportUnreported, ccefsm.RP4
	}
	return classCode(reportOf(t, b, r.email)).class()
}

// Grow reserves room for n more open tasks, so that creating them allocates
// nothing (slab pages and index cells). It is optional; the store grows on
// demand, and creating tasks after Grow costs no more than without it.
func (s *Store) Grow(n int) {
	n = min(n, math.MaxUint32-1-s.idx.n)
	if n <= 0 {
		return
	}
	s.idx.reserve(s.idx.n + n)
	if s.next == 0 {
		s.next = 1
	}
	last := int(s.next) - 1 + (n - s.nfree) // the highest slot n creates use
	for len(s.pages) <= last>>pageShift {
		s.pages = append(s.pages, new([pageSize]task))
	}
}

// OpenAt reports whether task id is open and stays open through the
// deadlines due at or before now — its start timeout (TS-7), its maximum
// duration (TS-6), its outage's task life (TS-1) — that is, whether it is
// open in the store [Store.Advance] to now would leave (an email MRD's time
// limit, TS-3, ends no task). It fires nothing, changes nothing and
// allocates nothing, so that a caller can check an input against the store
// as its deadlines will leave it without committing to them. False for an
// instant outside the store's range.
func (s *Store) OpenAt(id ccefsm.TaskID, now time.Time) bool {
	ns, ok := nanotime.UnixNano(now)
	if !ok || ns > maxInstantNs {
		return false
	}
	i, _, ok := s.find(id)
	if !ok {
		return false
	}
	t := s.at(i)
	if t.state == StateClosing {
		// Out of every queue: a CLOSING task waits for re-init (TS-2).
		return true
	}
	bk := &s.buckets[t.bucket]
	r := &s.mrds[bk.mrd]
	if t.begin+r.maxd <= ns || t.state == StatePreCall && t.reserve+r.start <= ns {
		return false
	}
	// The outage deadline ends the tasks the Agent PG knew when the path
	// went down (the bucket's main list): not those begun during it.
	return r.email || t.mark == markFresh || bk.hpos == 0 || s.heap[bk.hpos-1].at > ns
}
