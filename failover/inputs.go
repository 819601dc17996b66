package failover

import (
	"math"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// AgentRequest applies agent a's request ev in MRD m (login, ready, not
// ready, a call or task step) at now, validated by agentstate's transition
// table. A request in a non-voice MRD other than email is refused with
// ErrPathDown while the MRD's application cannot reach the CTI server of
// the agent's Agent PG: the CTI server cannot hear it (AG-8, inferred;
// for email MRDs the email manager keeps recording agent state, AG-9, and
// resynchronises it on restore). An agent of another PG is that PG's CTI
// server's, whose path the outage does not touch: its request is applied.
// Config.NoPathDownRefusal applies it instead, and the CTI server learns
// the agent's state when the path returns (AG-10). Other errors are
// agentstate's (unknown agent or MRD, illegal transition, peripheral
// offline for voice, …), in an [*InputError]; a refused request changes
// nothing.
func (e *Engine) AgentRequest(l *Log, now time.Time, a ccefsm.AgentID, m ccefsm.MRDID, ev agentstate.Event, reason agentstate.ReasonCode) error {
	t, mk, err := e.begin(l, OpAgentRequest, now)
	if err != nil {
		return err
	}
	unheard := false
	if mi, ok := e.top.mrdIdx[m]; ok {
		if app := e.top.mrdApp[mi]; app >= 0 && !e.st.appCTI[app] && e.top.t.MRDs[mi].Media != ccefsm.MediaEmail && e.agentOnPG(a, int(app)) == nil {
			if !e.cfg.NoPathDownRefusal {
				return e.refuse(l, mk, OpAgentRequest, now, ErrPathDown)
			}
			unheard = true
		}
	}
	// The roster's verdict does not depend on the task deadlines (they
	// change no agent), so the request is applied first and the deadlines
	// fire only once it is accepted: a refused request changes nothing.
	if err := e.roster.Apply(time.Unix(0, t), a, m, ev, reason); err != nil {
		return e.refuse(l, mk, OpAgentRequest, now, err)
	}
	if k, ok := e.countIndex(a, m); unheard && ok {
		// An agent of the application's PG: its CTI server learns the
		// state when the path returns. (Another PG's agent is not that
		// CTI server's.)
		e.unheard[int32(k)] = struct{}{}
	}
	e.advance(l, t)
	return nil
}

// AgentObserve applies agent a's state st in MRD m as the CTI server
// reports it (AG-10): always accepted for a known agent, MRD and state.
func (e *Engine) AgentObserve(l *Log, now time.Time, a ccefsm.AgentID, m ccefsm.MRDID, st agentstate.State, reason agentstate.ReasonCode) error {
	t, mk, err := e.begin(l, OpAgentObserve, now)
	if err != nil {
		return err
	}
	if err := e.roster.Observe(time.Unix(0, t), a, m, st, reason); err != nil {
		return e.refuse(l, mk, OpAgentObserve, now, err)
	}
	e.advance(l, t)
	return nil
}

// ReportStates applies the agent states the ACD reports for peripheral p
// when its PIM is back (AG-2): each is an observation with the reported
// time in state. Invalid reports refuse the whole input.
func (e *Engine) ReportStates(l *Log, now time.Time, p ccefsm.PeripheralID, reports []agentstate.Report) error {
	t, mk, err := e.begin(l, OpReportStates, now)
	if err != nil {
		return err
	}
	// As for AgentRequest: the roster first, the deadlines once it
	// accepted; the agent effects follow the deadlines' in the log.
	n := len(l.agent)
	if l.agent, err = e.roster.ReportStates(l.agent, time.Unix(0, t), p, reports); err != nil {
		l.agent = l.agent[:n]
		return e.refuse(l, mk, OpReportStates, now, err)
	}
	e.advance(l, t)
	e.agentsAppended(l, n, t)
	return nil
}

// CreateTask adds a task at now: a NEW_TASK the application routes
// (StateNew), a task the router assigned (StatePreCall), or one the
// application assigned itself (StateOffered, StateActive). The MRD must be
// one nt.App serves and the agent one on the application's Agent PG.
//
// Besides taskstate's rules (TS-4 while the application's CTI path is
// down), two of the engine's apply to a task the application assigns
// itself: while its routing is down (its MR PG path, or the MR PIM's path
// to the Central Controller), the task is marked so that, completed before
// routing returns, it is unreported (RP-3; Config.RP3Scope RP3AnyAssignment
// marks a task created PRE_CALL too, RP3Off none); and while its Agent PG
// cannot reach the CallRouter it cannot obtain a task ID and ends at once
// with disposition 39 (CS-4, unless Config.NoTaskIDRefusal).
//
// An ID is a duplicate (taskstate.ErrDuplicateTask) when its task is still
// open once the deadlines due by now have fired; the check fires nothing.
// An agent holds at most 65,535 open tasks in one MRD: one more is
// ErrTooManyTasks (so are [Engine.Task]'s assignments to it).
func (e *Engine) CreateTask(l *Log, now time.Time, nt taskstate.NewTask) error {
	t, mk, err := e.begin(l, OpCreateTask, now)
	if err != nil {
		return err
	}
	app, err := e.taskApp(nt.App, nt.MRD, nt.Agent)
	if err != nil {
		return e.refuse(l, mk, OpCreateTask, now, err)
	}
	if !e.roomFor(nt.Agent, nt.MRD) {
		return e.refuse(l, mk, OpCreateTask, now, ErrTooManyTasks)
	}
	at := time.Unix(0, t)
	// The store checks a duplicate ID only after firing the deadlines due
	// by now; the engine checks it first, against the store as those
	// deadlines will leave it, so that a refused input fires nothing.
	if e.store.OpenAt(nt.ID, at) {
		return e.refuse(l, mk, OpCreateTask, now, &taskstate.Error{Op: "Create", Task: nt.ID, App: nt.App, MRD: nt.MRD, Err: taskstate.ErrDuplicateTask})
	}
	// What is left the store refuses before firing anything; accepted, it
	// fires the deadlines due by now first (their effects come first).
	n := len(l.task)
	if l.task, err = e.store.Create(l.task, at, nt); err != nil {
		l.task = l.task[:n]
		return e.refuse(l, mk, OpCreateTask, now, err)
	}
	e.tasksAppended(l, n, e.seq)
	e.now = t
	e.count(nt.Agent, nt.MRD, nt.State, 1)
	selfAssigned := nt.State == taskstate.StateOffered || nt.State == taskstate.StateActive
	if selfAssigned || nt.State == taskstate.StatePreCall && e.cfg.RP3Scope == RP3AnyAssignment {
		e.markRP3(nt.ID, app)
	}
	if !selfAssigned {
		return nil
	}
	if pg := e.top.appPG[app]; !e.cfg.NoTaskIDRefusal && e.st.appCTI[app] && !e.st.pgCC[pg] {
		n = len(l.task)
		l.task, _ = e.store.End(l.task, at, nt.ID, taskstate.CantObtainTaskID)
		for k := n; k < len(l.task); k++ {
			if l.task[k].Kind == taskstate.EffectEnded && l.task[k].Task == nt.ID {
				l.task[k].Rule = ccefsm.CS4
			}
		}
		e.tasksAppended(l, n, e.seq)
	}
	return nil
}

// taskApp checks a task's application, MRD and agent against the topology
// and returns the application's index.
func (e *Engine) taskApp(app ccefsm.AppID, m ccefsm.MRDID, agent ccefsm.AgentID) (int, error) {
	ai, ok := e.top.appIdx[app]
	if !ok {
		return 0, ErrUnknownElement
	}
	mi, ok := e.top.mrdIdx[m]
	if !ok || e.top.mrdApp[mi] != int32(ai) {
		return 0, ErrUnknownElement
	}
	if agent != 0 {
		if err := e.agentOnPG(agent, ai); err != nil {
			return 0, err
		}
	}
	return ai, nil
}

// agentOnPG checks that agent is on a peripheral of application ai's PG.
func (e *Engine) agentOnPG(agent ccefsm.AgentID, ai int) error {
	i, ok := e.agent(agent)
	if !ok {
		return ErrUnknownElement
	}
	if e.top.periphPG[e.top.agentPer[i]] != e.top.appPG[ai] {
		return ErrUnknownElement
	}
	return nil
}

// TaskOp is a task input after creation. Its text form (the line
// comments) is the name of the taskstate event it stands for, as scenario
// files write it.
type TaskOp uint8

// Task inputs.
const (
	// TaskAssign: the router picked Agent (pre-call).
	TaskAssign TaskOp = iota + 1 // assign
	// TaskOffer: OFFER_TASK_IND (160).
	TaskOffer // offer
	// TaskStart: START_TASK_IND (163).
	TaskStart // start
	// TaskPause: PAUSE_TASK_IND (166).
	TaskPause // pause
	// TaskResume: RESUME_TASK_IND (167).
	TaskResume // resume
	// TaskWrapUp: WRAPUP_TASK_IND (168).
	TaskWrapUp // wrap-up
	// TaskEnd: END_TASK_IND (169) with Disposition (0: the table's
	// default).
	TaskEnd // end
)

// Task applies task input op to task id at now: agent is the agent for
// TaskAssign, d the disposition for TaskEnd (zero: the default). The rules
// are taskstate's (TS-2 for an End while the application's CTI path is
// down); the engine keeps each agent's task counts for [Engine.Routable]
// and decides the task's final reporting class when it ends. With
// Config.RP3Scope RP3AnyAssignment an assignment while the application's
// routing is down marks the task for RP-3, as CreateTask marks a task the
// application assigns itself.
//
// The task must be open as the deadlines due by now leave it: one that
// ends at its own deadline (start timeout, maximum duration, task life) by
// now is refused with taskstate.ErrUnknownTask, firing nothing (the
// deadline fires with the next accepted input or Advance). An assignment
// that would give the agent more than 65,535 open tasks in the MRD is
// ErrTooManyTasks.
func (e *Engine) Task(l *Log, now time.Time, op TaskOp, id ccefsm.TaskID, agent ccefsm.AgentID, d taskstate.Disposition) error {
	t, mk, err := e.begin(l, OpTask, now)
	if err != nil {
		return err
	}
	if op < TaskAssign || op > TaskEnd {
		return e.refuse(l, mk, OpTask, now, ErrInvalidInput)
	}
	at := time.Unix(0, t)
	if !e.store.OpenAt(id, at) {
		// Not open, or ending at one of its own deadlines by now.
		return e.refuse(l, mk, OpTask, now, &taskstate.Error{Op: op.String(), Task: id, Err: taskstate.ErrUnknownTask})
	}
	before, _ := e.store.Task(id)
	if op == TaskAssign && agent != 0 {
		if err := e.agentOnPG(agent, e.top.appIdx[before.App]); err != nil {
			return e.refuse(l, mk, OpTask, now, err)
		}
	}
	if err := e.checkTask(op, before); err != nil {
		return e.refuse(l, mk, OpTask, now, err)
	}
	if op == TaskAssign && agent != before.Agent && !e.roomFor(agent, before.MRD) {
		return e.refuse(l, mk, OpTask, now, ErrTooManyTasks)
	}
	// Every refusal that depends on the store's state is checked above;
	// what is left the store refuses before firing anything. Accepted, it
	// fires the deadlines due by now first.
	n := len(l.task)
	switch op {
	case TaskAssign:
		l.task, err = e.store.Assign(l.task, at, id, agent)
	case TaskOffer:
		l.task, err = e.store.Offer(l.task, at, id)
	case TaskStart:
		l.task, err = e.store.Start(l.task, at, id)
	case TaskPause:
		l.task, err = e.store.Pause(l.task, at, id)
	case TaskResume:
		l.task, err = e.store.Resume(l.task, at, id)
	case TaskWrapUp:
		l.task, err = e.store.WrapUp(l.task, at, id)
	case TaskEnd:
		l.task, err = e.store.End(l.task, at, id, d)
	}
	if err != nil {
		l.task = l.task[:n]
		return e.refuse(l, mk, OpTask, now, err)
	}
	e.tasksAppended(l, n, e.seq)
	e.now = t
	if op == TaskAssign && e.cfg.RP3Scope == RP3AnyAssignment {
		e.markRP3(id, e.top.appIdx[before.App])
	}
	if op != TaskEnd {
		after, _ := e.store.Task(id)
		e.count(before.Agent, before.MRD, before.State, -1)
		e.count(after.Agent, after.MRD, after.State, 1)
	}
	return nil
}

// taskEvent is the taskstate event of each TaskOp.
var taskEvent = [...]taskstate.Event{
	TaskAssign: taskstate.EventReserve,
	TaskOffer:  taskstate.EventOffer,
	TaskStart:  taskstate.EventStart,
	TaskPause:  taskstate.EventPause,
	TaskResume: taskstate.EventResume,
	TaskWrapUp: taskstate.EventWrapUp,
	TaskEnd:    taskstate.EventEnd,
}

// checkTask checks task input op on task tk, open at at (Store.OpenAt),
// against the store as the deadlines due by at will leave it, without
// firing them: the transition table must have a row for the event in the
// task's state (deadlines end tasks or cut email segments; they change no
// open task's state). With OpenAt this is every refusal the store makes
// after its deadlines fire; the engine checks them first so that a refused
// input changes nothing.
func (e *Engine) checkTask(op TaskOp, tk taskstate.Task) error {
	ev := taskEvent[op]
	if ev == taskstate.EventEnd && !tk.Unreported {
		// The store's rule: an End while the application's CTI path is
		// down, of a task the Agent PG knows, in a non-email MRD, waits for
		// re-init (TS-2).
		if down, _ := e.store.IsPathDown(tk.App); down && e.top.t.MRDs[e.top.mrdIdx[tk.MRD]].Media != ccefsm.MediaEmail {
			ev = taskstate.EventEndInOutage
		}
	}
	if _, err := e.tab.Lookup(tk.State, ev); err != nil {
		return &taskstate.Error{Op: op.String(), Task: tk.ID, State: tk.State, Event: ev, Err: taskstate.ErrIllegalTransition}
	}
	return nil
}

// SendRequest is application app issuing NEW_TASK request req for MRD m
// (routing.Conn.Send: RT-1 and RT-3 while its routing is down).
func (e *Engine) SendRequest(l *Log, now time.Time, app ccefsm.AppID, req ccefsm.RequestID, m ccefsm.MRDID) error {
	return e.route(l, OpSendRequest, now, app, func(c *routing.Conn, dst []routing.Effect, at time.Time) ([]routing.Effect, error) {
		return c.Send(dst, at, req, m)
	})
}

// Response is the Central Controller's answer to application app's request
// req (routing.Conn.Response).
func (e *Engine) Response(l *Log, now time.Time, app ccefsm.AppID, req ccefsm.RequestID, o routing.Outcome) error {
	return e.route(l, OpResponse, now, app, func(c *routing.Conn, dst []routing.Effect, at time.Time) ([]routing.Effect, error) {
		return c.Response(dst, at, req, o)
	})
}

func (e *Engine) route(l *Log, op Op, now time.Time, app ccefsm.AppID, f func(*routing.Conn, []routing.Effect, time.Time) ([]routing.Effect, error)) error {
	t, mk, err := e.begin(l, op, now)
	if err != nil {
		return err
	}
	ai, ok := e.top.appIdx[app]
	if !ok {
		return e.refuse(l, mk, op, now, ErrUnknownElement)
	}
	// A connection's verdict does not depend on the task deadlines: the
	// input is applied first and the deadlines fire only once it is
	// accepted (their effects come first in the log).
	n := len(l.route)
	if l.route, err = f(e.conns[ai], l.route, time.Unix(0, t)); err != nil {
		l.route = l.route[:n]
		return e.refuse(l, mk, op, now, err)
	}
	e.advance(l, t)
	l.note(SourceRouting, n, len(l.route), e.seq)
	return nil
}

// agentsAppended notes the agent effects appended since n.
func (e *Engine) agentsAppended(l *Log, n int, _ int64) {
	l.note(SourceAgent, n, len(l.agent), e.seq)
}

// tasksAppended notes the task effects appended since n and follows them:
// task counts, and the final class of each task that ended.
func (e *Engine) tasksAppended(l *Log, n int, seq uint64) {
	for k := n; k < len(l.task); k++ {
		l.note(SourceTask, k, k+1, seq)
		ef := &l.task[k]
		switch ef.Kind {
		case taskstate.EffectEnded:
			if ef.From != taskstate.StateClosing {
				e.count(ef.Agent, ef.MRD, ef.From, -1)
			}
			e.taskEnded(l, ef)
		case taskstate.EffectEndDeferred:
			e.count(ef.Agent, ef.MRD, ef.From, -1)
		}
	}
}

// markRP3 marks task id of application ai for RP-3 if the application's
// routing is down (its MR PG path, or the MR PIM's path to the Central
// Controller), unless Config.RP3Scope is RP3Off: completed before routing
// returns, the task is unreported.
func (e *Engine) markRP3(id ccefsm.TaskID, ai int) {
	if e.cfg.RP3Scope != RP3Off && (!e.st.appMR[ai] || !e.st.mrCC[e.top.appMRPG[ai]]) {
		e.rp3[id] = uint32(ai)
	}
}

// routingBack is called when application ai's routing is fully back: the
// tasks it assigned while routing was down and that are still open will be
// reported (RP-3 no longer applies to them).
func (e *Engine) routingBack(ai int) {
	for id, a := range e.rp3 {
		if a == uint32(ai) {
			delete(e.rp3, id)
		}
	}
}

// taskCounts holds one agent's open tasks in one non-voice MRD, by state.
// Their sum is at most maxAgentTasks: only CreateTask and an Assign to
// another agent add a task to an agent, and both refuse one more
// (ErrTooManyTasks), so no count wraps.
type taskCounts struct {
	reserved, active, paused, wrapup uint16
}

// maxAgentTasks is the most open tasks one agent holds in one MRD.
const maxAgentTasks = math.MaxUint16

// total returns the number of open tasks c counts.
func (c taskCounts) total() int {
	return int(c.reserved) + int(c.active) + int(c.paused) + int(c.wrapup)
}

// roomFor reports whether agent a can take one more open task in MRD m
// (true for agent zero, the voice MRD and MRDs the engine does not count).
func (e *Engine) roomFor(a ccefsm.AgentID, m ccefsm.MRDID) bool {
	c := e.countsAt(a, m)
	return a == 0 || c == nil || c.total() < maxAgentTasks
}

// count adds d to the count of agent a's tasks in state s of MRD m.
func (e *Engine) count(a ccefsm.AgentID, m ccefsm.MRDID, s taskstate.State, d int) {
	if a == 0 {
		return
	}
	c := e.countsAt(a, m)
	if c == nil {
		return
	}
	var f *uint16
	switch s {
	case taskstate.StatePreCall, taskstate.StateOffered:
		f = &c.reserved
	case taskstate.StateActive:
		f = &c.active
	case taskstate.StatePaused:
		f = &c.paused
	case taskstate.StateWrapUp:
		f = &c.wrapup
	default:
		return
	}
	*f = uint16(int(*f) + d)
}

// counts returns agent a's task counts in MRD m, and false when m is the
// voice MRD or either is unknown.
func (e *Engine) countsOf(a ccefsm.AgentID, m ccefsm.MRDID) (taskCounts, bool) {
	c := e.countsAt(a, m)
	if c == nil {
		return taskCounts{}, false
	}
	return *c, true
}

// countsAt returns agent a's counts in MRD m, or nil when m is not an MRD
// an application of a's PG serves (voice, another PG's) or either is
// unknown.
func (e *Engine) countsAt(a ccefsm.AgentID, m ccefsm.MRDID) *taskCounts {
	k, ok := e.countIndex(a, m)
	if !ok {
		return nil
	}
	return &e.counts[k]
}

// countIndex returns the index of agent a and MRD m in the per-agent,
// per-MRD tables (counts, unheard), and false when m is not an MRD an
// application of a's PG serves (voice, another PG's) or either is unknown.
func (e *Engine) countIndex(a ccefsm.AgentID, m ccefsm.MRDID) (int, bool) {
	x := &e.top
	ai, ok := e.agent(a)
	mi, ok2 := x.mrdIdx[m]
	if !ok || !ok2 || x.mrdSlot[mi] < 0 || x.appPG[x.mrdApp[mi]] != x.periphPG[x.agentPer[ai]] {
		return 0, false
	}
	return ai*x.countColumns + int(x.mrdSlot[mi]), true
}

// taskView gives agentstate the state of an agent's open tasks (the rows
// of AG-T1 and AG-T2 that rebuild a non-voice state from tasks), by the
// Finesse precedence ACTIVE > WORK_READY > PAUSED > RESERVED.
type taskView Engine

// TaskState implements agentstate.Tasks.
func (v *taskView) TaskState(a ccefsm.AgentID, m ccefsm.MRDID) (agentstate.State, bool) {
	c, ok := (*Engine)(v).countsOf(a, m)
	switch {
	case !ok:
		return 0, false
	case c.active > 0:
		return agentstate.Active, true
	case c.wrapup > 0:
		return agentstate.WorkReady, true
	case c.paused > 0:
		return agentstate.Paused, true
	case c.reserved > 0:
		return agentstate.Reserved, true
	}
	return 0, false
}
