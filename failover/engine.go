package failover

import (
	"slices"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/nanotime"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// Config configures an [Engine]: the topology, the instant it starts, and
// the settings of the rules that have them.
type Config struct {
	// Topology is the contact center. New validates it and keeps its own
	// copy.
	Topology Topology
	// Start is the instant the engine starts: every element is up and
	// every agent logged out since then. It must be set.
	Start time.Time

	// PreferredSide, NoAutoRelogin, CTIManagerAllMRDs, PGTable and
	// DesktopTable are agentstate.Config's settings (AG-3, AG-5, AG-4,
	// AG-T1, AG-T2).
	PreferredSide     ccefsm.Side
	NoAutoRelogin     bool
	CTIManagerAllMRDs bool
	PGTable           *agentstate.Table
	DesktopTable      *agentstate.Table
	// TaskTable replaces taskstate's default transition table (its
	// inferred dispositions); nil keeps it.
	TaskTable *taskstate.Table
	// Policy overrides the inferred rows of the routing rule table for
	// every application's connection and every PG's reporting cache.
	Policy routing.Policy
	// NoTaskIDRefusal turns CS-4 off: while an Agent PG cannot reach the
	// CallRouter, a task the application assigns itself is kept instead of
	// ending with disposition 39.
	NoTaskIDRefusal bool
	// NoHistoryRecreation overrides RP-6's inferred outcome: by default
	// the history of an email task over an outage of its application's
	// CTI path is recreated from the email manager's resynchronisation
	// (the attempt Cisco describes succeeds), and the task ends recreated.
	// With NoHistoryRecreation the attempt fails: such a task ends partial,
	// or unreported when it was assigned and completed within the outage,
	// by RP-6 ([taskstate.Config.NoHistoryRecreation]).
	NoHistoryRecreation bool
	// CTIServerClients overrides CS-7, the engine's inferred choice for
	// the clients of a duplex CTI server (the application's CTI path and
	// the PG's Finesse). By default (ReconnectStay) when the side they use
	// fails they reconnect to the other side at once, and stay there when
	// the failed side returns. With ReconnectFailback they move back to
	// the home side (PreferredSide, side A when it is unset) as soon as it
	// returns, a takeover again. With ReconnectHomeOnly they use the home
	// side only: its failure takes their paths down until it returns,
	// whatever the other side does.
	CTIServerClients Reconnect
	// FinesseWithoutCTIServer overrides AG-6's inferred dependency of
	// Finesse on its Agent PG's CTI server. By default the Finesse path
	// counts as down while that CTI server has no working side (Finesse
	// reaches the agents through it), so losing the CTI server logs the
	// PG's agents out of every MRD (AG-6) and its return logs them in
	// again (AG-7), as a Finesse failure would. With it set the Finesse
	// path depends only on the Finesse servers and their links to the CTI
	// server; a caller that wants Finesse's loss reported reports those
	// elements down.
	FinesseWithoutCTIServer bool
	// NoPathDownRefusal overrides AG-8's inferred refusal. By default,
	// while an application cannot reach its Agent PG's CTI server, an
	// agent's request in a chat or other non-email MRD the application
	// serves is refused with ErrPathDown: the CTI server cannot hear it
	// (email requests are taken: the email manager records them, AG-9).
	// With it set such a request is applied, the caller answering for it
	// (an application that keeps its agents' states through the outage,
	// as the email manager does). The engine remembers each agent of the
	// application's Agent PG whose request it applied so, and when the
	// path returns the CTI server learns that agent's state as an
	// observation (AG-10), with its time in state, unless the agent is
	// logged out by then.
	NoPathDownRefusal bool
	// RP3Scope overrides RP-3's inferred scope. By default
	// (RP3SelfAssigned) RP-3 (a task assigned while the application's
	// routing is down and completed before it returns is missing from
	// reports) applies to the tasks the application assigns itself,
	// created OFFERED or ACTIVE: the router cannot assign a task while
	// routing is down. RP3AnyAssignment widens it to every task that gets
	// its agent while routing is down: also one created PRE_CALL, or
	// assigned (TaskAssign), then, as a feed that reports the
	// application's own picks as assignments gives them. RP3Off turns
	// RP-3 off, for a deployment whose reports were found to hold such
	// tasks: they are classed as any other.
	RP3Scope RP3Scope
	// CTIManagerClients overrides the engine's inferred choice for the
	// PIMs of a duplex CTI Manager service (AG-4, AG-5), whose home side
	// is the primary, side A. By default (ReconnectStay) when the side
	// they use fails they reconnect to the other at once (the voice
	// agents logged out, AG-4, and in again, AG-5) and stay there when the
	// failed side returns. With ReconnectFailback they move back to the
	// primary as soon as it returns, a takeover again. With
	// ReconnectHomeOnly they use the primary only: its failure is an
	// outage of the CTI Manager until it returns, whatever the backup
	// does.
	CTIManagerClients Reconnect
	// FinesseClients makes the same choice for the desktops of a duplex
	// Finesse pair (AG-6, AG-7), whose home side is the primary server,
	// side A. By default (ReconnectStay) they move to the backup server
	// when the primary fails and stay there when it returns. With
	// ReconnectFailback they move back as soon as it returns (the agents
	// logged out and in again, as at any takeover); with
	// ReconnectHomeOnly they use the primary only, the pair's path down
	// while it is.
	FinesseClients Reconnect
}

// Engine turns "this component went down at 10:02:07" into every
// consequence the failover rules describe, across agents (agentstate),
// tasks (taskstate), routing (routing) and reporting (the ledger), each
// effect with the rule that produced it and the input that caused it.
//
// The engine is the single owner of topology status: the caller reports
// elements (components and links) going down and up, and the engine derives
// the paths (CS-1 … CS-9) and drives the leaf packages from them. It also
// takes agent requests and observations, task inputs and routing inputs,
// so that a service feeds one value with everything it hears.
//
// Every input takes the instant it happened; instants never go backwards.
// An input is applied whole or refused with an [*InputError], changing
// nothing at all (not even the clock). An accepted input first fires the
// task deadlines due by its instant (task life, start timeout, maximum
// duration), so no input overtakes a timer; it is checked against the
// tasks as those deadlines leave them (see the package documentation).
//
// The zero Engine is not usable; create one with [New]. An Engine is not
// safe for concurrent use.
type Engine struct {
	cfg Config
	top topo

	roster *agentstate.Roster
	store  *taskstate.Store
	tab    *taskstate.Table // the store's transition table, to check task inputs before they fire deadlines
	voice  *routing.Voice
	conns  []*routing.Conn        // per application
	caches []*routing.ReportCache // per Agent PG

	now int64  // latest input, Unix ns
	seq uint64 // inputs applied or refused

	down     []bool                   // per element slot
	desktops map[ccefsm.AgentID]uint8 // desktop (bit 0) and its link (bit 1) down
	st, nx   status                   // derived state after the latest input, and a scratch one
	outages  []Outage
	// outageBase is the number of outages forgotten: outages[k] has ID
	// outageBase+k+1.
	outageBase uint32
	open       map[Path]uint32 // the outage of each path that is down
	cause      Element         // the element of the input being applied
	led        ledger
	tasks      taskLedger
	counts     []taskCounts // per agent and non-voice MRD
	// unheard holds the index (as counts') of each agent and non-voice MRD
	// with a request applied while the MRD's CTI path was down
	// (Config.NoPathDownRefusal): the CTI server learns the agent's state
	// when the path returns. Empty, and so costing nothing, without the
	// setting.
	unheard map[int32]struct{}
	rp3     map[ccefsm.TaskID]uint32
	reports []agentstate.Report // scratch for the email resynchronisation
	ids     []ccefsm.AgentID    // scratch for the same
}

// New validates cfg and returns an engine in which every element is up and
// every agent is logged out since cfg.Start. A topology error is a
// [*TopologyError]; settings the leaf packages refuse come back with their
// errors.
func New(cfg Config) (*Engine, error) {
	if err := cfg.Topology.validate(); err != nil {
		return nil, err
	}
	if err := cfg.validateSettings(); err != nil {
		return nil, err
	}
	start, ok := nanotime.UnixNano(cfg.Start)
	if !ok || cfg.Start.IsZero() {
		return nil, &TopologyError{Where: "start", Reason: "the start instant is unset or out of range", Err: ErrTimeOutOfRange}
	}
	e := &Engine{cfg: cfg, now: start, desktops: map[ccefsm.AgentID]uint8{}, rp3: map[ccefsm.TaskID]uint32{}, open: map[Path]uint32{}, unheard: map[int32]struct{}{}}
	e.cfg.Topology = cfg.Topology.clone()
	e.top.index(&e.cfg.Topology)
	var err error
	if e.roster, err = agentstate.NewRoster(agentstate.Config{
		MRDs:              e.cfg.Topology.MRDs,
		PreferredSide:     cfg.PreferredSide,
		NoAutoRelogin:     cfg.NoAutoRelogin,
		CTIManagerAllMRDs: cfg.CTIManagerAllMRDs,
		PGTable:           cfg.PGTable,
		DesktopTable:      cfg.DesktopTable,
		Tasks:             (*taskView)(e),
	}); err != nil {
		return nil, err
	}
	if e.store, err = taskstate.NewStore(taskstate.Config{MRDs: e.cfg.Topology.nonVoiceMRDs(), Table: cfg.TaskTable, NoHistoryRecreation: cfg.NoHistoryRecreation}); err != nil {
		return nil, err
	}
	e.tab = e.store.Table()
	if e.voice, err = routing.NewVoice(routing.VoiceConfig{}); err != nil {
		return nil, err
	}
	t := &e.cfg.Topology
	for _, pg := range t.AgentPGs {
		for _, p := range pg.Peripherals {
			if err := e.roster.AddPeripheral(p, pg.Redundancy); err != nil {
				return nil, err
			}
		}
		c, err := routing.NewReportCache(routing.ReportCacheConfig{Policy: cfg.Policy})
		if err != nil {
			return nil, err
		}
		e.caches = append(e.caches, c)
	}
	e.roster.Grow(len(t.Agents))
	for _, a := range t.Agents {
		if err := e.roster.AddAgent(cfg.Start, a.ID, a.Peripheral); err != nil {
			return nil, err
		}
	}
	for _, a := range t.Applications {
		c, err := routing.NewConn(routing.ConnConfig{App: a.ID, Policy: cfg.Policy})
		if err != nil {
			return nil, err
		}
		e.conns = append(e.conns, c)
	}
	e.down = make([]bool, e.top.slots)
	e.counts = make([]taskCounts, len(t.Agents)*e.top.countColumns)
	// The roster now holds the agents in topology order; the topology keeps
	// only the compact tables (see Engine.agents).
	t.Agents = nil
	e.led = ledger{interval: int64(t.Interval), offset: int64(t.IntervalOffset), periph: make([]periphLedger, len(e.top.periphs)), pgs: make([]pgLedger, len(t.AgentPGs))}
	for j := range e.led.periph {
		e.led.periph[j].pg = e.top.periphPG[j]
	}
	e.tasks.pending = make([][]int32, len(t.AgentPGs))
	e.st, e.nx = newStatus(&e.top), newStatus(&e.top)
	e.derive(&e.st, &e.st)
	for j := range e.st.online {
		e.st.online[j] = true
	}
	return e, nil
}

// Roster returns a read-only view of the engine's agent roster: agent
// and peripheral states (Status, State, Peripheral, PeripheralOf, Agents,
// MarshalBinary, …). The view is live — it sees every input the engine
// applies after it was taken — and has none of the roster's inputs: agents
// change through the engine's inputs ([Engine.AgentRequest],
// [Engine.AgentObserve], [Engine.Down], …), so that the roster and the
// engine's derived state never disagree. Getting and querying the view
// allocates nothing.
func (e *Engine) Roster() agentstate.RosterView { return e.roster.View() }

// Store returns a read-only view of the engine's task store: open tasks
// and deadlines (Task, AppendTasks, Len, NextDeadline, IsPathDown, OpenAt,
// MarshalBinary, …). The view is live and has none of the store's inputs:
// tasks change through [Engine.CreateTask], [Engine.Task] and
// [Engine.Advance], so that the engine's task counts, reporting ledger and
// RP-3 marks never disagree with the store. Getting and querying the view
// allocates nothing.
func (e *Engine) Store() taskstate.StoreView { return e.store.View() }

// Conn returns a read-only view of the routing connection of application
// app: its requests and routing state (Pending, Held, Status,
// RoutingDisabled, MarshalBinary, …). The view is live and has none of the
// connection's inputs: requests change through [Engine.SendRequest],
// [Engine.Response] and the element inputs. An unknown application is a
// [*QueryError] wrapping ErrUnknownElement, with the zero view (which is
// not usable).
func (e *Engine) Conn(app ccefsm.AppID) (routing.ConnView, error) {
	a, ok := e.top.appIdx[app]
	if !ok {
		return routing.ConnView{}, &QueryError{Op: "Conn", Subject: "application " + itoa(uint32(app)), Err: ErrUnknownElement}
	}
	return e.conns[a].View(), nil
}

// Topology returns a copy of the engine's topology, defaults filled in.
func (e *Engine) Topology() Topology {
	t := e.cfg.Topology.clone()
	t.Agents = e.agents()
	return t
}

// Now returns the instant of the latest input (Config.Start before any).
func (e *Engine) Now() time.Time { return time.Unix(0, e.now).UTC() }

// Seq returns the number of inputs the engine has applied; the next input
// gets Seq()+1. A refused input takes no number and fires nothing.
func (e *Engine) Seq() uint64 { return e.seq }

// Grow reserves room for n more tasks, so that a service that knows its
// load (a million open chat tasks, say) pays for the memory once, before
// the traffic: room for n more open tasks in the task store
// ([taskstate.Store.Grow]) and for n more ended tasks in the reporting
// ledger. After Grow(n), creating and ending n tasks makes no allocation
// per task (TestEngineGrow: 2 allocations in all for 5,000 tasks, against
// 35 without Grow). It never shrinks, n <= 0 does nothing, and it changes no
// state: the snapshot is the same before and after. The agents need no
// Grow: the topology fixes them, and [New] makes their room.
func (e *Engine) Grow(n int) {
	if n <= 0 {
		return
	}
	e.store.Grow(n)
	e.tasks.entries = slices.Grow(e.tasks.entries, n)
}

// NextDeadline returns the earliest task deadline not yet fired, for the
// caller's timer: call [Engine.Advance] at that instant. False when there
// is none.
func (e *Engine) NextDeadline() (time.Time, bool) { return e.store.NextDeadline() }

// IsDown reports whether element el is down (as reported by the inputs).
// An element the topology lacks is a [*QueryError] naming it, wrapping
// ErrUnknownElement (or ErrInvalidInput for a malformed one).
func (e *Engine) IsDown(el Element) (bool, error) {
	down, err := e.isDown(el)
	if err != nil {
		return false, &QueryError{Op: "IsDown", Subject: el.String(), Err: err}
	}
	return down, nil
}

func (e *Engine) isDown(el Element) (bool, error) {
	if el.Kind == Desktop || el.Kind == LinkDesktopFinesse {
		if _, ok := e.agent(ccefsm.AgentID(el.ID)); !ok || el.Side != ccefsm.SideNone {
			return false, ErrUnknownElement
		}
		return e.desktops[ccefsm.AgentID(el.ID)]&desktopBit(el.Kind) != 0, nil
	}
	s, err := e.top.slot(el)
	if err != nil {
		return false, err
	}
	return e.down[s], nil
}

// IsUp reports whether path p is up, as derived from the elements. A path
// the topology lacks is a [*QueryError] naming it, wrapping
// ErrUnknownElement.
func (e *Engine) IsUp(p Path) (bool, error) {
	up, err := e.isUp(p)
	if err != nil {
		return false, &QueryError{Op: "IsUp", Subject: p.String(), Err: err}
	}
	return up, nil
}

func (e *Engine) isUp(p Path) (bool, error) {
	if p.Kind == PathDesktop {
		if _, ok := e.agent(ccefsm.AgentID(p.ID)); !ok {
			return false, ErrUnknownElement
		}
		return e.desktops[ccefsm.AgentID(p.ID)] == 0, nil
	}
	return e.st.path(&e.top, p)
}

// Outage is one outage of a path: from the input that took it down to the
// one that brought it back. A takeover within one input (a duplex side
// failing while the other side is healthy) is an outage of zero length.
type Outage struct {
	ID    uint32
	Path  Path
	Cause Element   // the element whose input started it
	From  time.Time // when the path went down
	To    time.Time // when it came back; zero while it lasts
}

// Outage returns outage id (numbered from 1 in the order they began), and
// false for an ID never given or forgotten ([Engine.Forget]).
func (e *Engine) Outage(id uint32) (Outage, bool) {
	if o := e.outage(id); o != nil {
		return *o, true
	}
	return Outage{}, false
}

// Outages appends every outage the engine remembers, in the order they
// began, to dst.
func (e *Engine) Outages(dst []Outage) []Outage { return append(dst, e.outages...) }

// outage returns outage id, or nil.
func (e *Engine) outage(id uint32) *Outage {
	if id <= e.outageBase || int(id-e.outageBase) > len(e.outages) {
		return nil
	}
	return &e.outages[id-e.outageBase-1]
}

// newOutage records o and returns its ID.
func (e *Engine) newOutage(o Outage) uint32 {
	o.ID = e.outageBase + uint32(len(e.outages)) + 1
	e.outages = append(e.outages, o)
	return o.ID
}

// clock checks now against the engine's clock and returns it in Unix
// nanoseconds. Task deadlines lie ahead of inputs, so the engine keeps to
// the task store's range.
func (e *Engine) clock(now time.Time) (int64, error) {
	t, ok := nanotime.UnixNano(now)
	if !ok || t > maxInstant {
		return 0, ErrTimeOutOfRange
	}
	if t < e.now {
		return 0, ErrTimeBackwards
	}
	return t, nil
}

// maxInstant is the latest instant an input may carry: the longest MRD
// attribute must still fit after it (taskstate's range).
const maxInstant = 1<<63 - 1 - int64(ccefsm.MaxAttribute)

// begin starts an input: it numbers it and checks its instant. The
// caller then checks the arguments that do not depend on the engine's
// state, calls advance, and applies the input. The returned mark is where
// the input's effects start.
func (e *Engine) begin(l *Log, op Op, now time.Time) (int64, mark, error) {
	e.seq++
	t, err := e.clock(now)
	if err != nil {
		e.seq--
		return 0, l.mark(), &InputError{Seq: e.seq + 1, Op: op, At: now, Err: err}
	}
	return t, l.mark(), nil
}

// refuse rolls the log back to m and returns the input error. A refused
// input takes no sequence number: the next input gets the one it would
// have had.
func (e *Engine) refuse(l *Log, m mark, op Op, now time.Time, err error) error {
	l.rollback(m)
	e.seq--
	return &InputError{Seq: e.seq + 1, Op: op, At: now, Err: err}
}

// Advance fires every task deadline at or before now (task life, start
// timeout, maximum duration; TS-1, TS-3, TS-6, TS-7) and takes the
// engine's clock to now. Call it when the timer set from
// [Engine.NextDeadline] fires; inputs do the same on their own.
func (e *Engine) Advance(l *Log, now time.Time) error {
	t, _, err := e.begin(l, OpAdvance, now)
	if err != nil {
		return err
	}
	e.advance(l, t)
	return nil
}

// advance fires the deadlines due by t and moves the clock.
func (e *Engine) advance(l *Log, t int64) {
	// Always through the store, even with nothing due, so that its clock
	// is the engine's whatever a later input does.
	n := len(l.task)
	l.task, _ = e.store.Advance(l.task, time.Unix(0, t))
	e.tasksAppended(l, n, e.seq)
	e.now = t
}
