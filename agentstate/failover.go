package agentstate

import (
	"time"

	"github.com/ccefsm/ccefsm"
)

// This file holds the bulk failover operations of the Roster: peripheral side
// loss and recovery (AG-1, AG-2, AG-3), PG and CTI Manager failover (AG-4,
// AG-5), desktop and Finesse failover (AG-6, AG-7) and the application's CTI
// path (AG-8, AG-9).

// span returns the agent range of a bulk operation: every agent, or only one.
func (r *Roster) span(only int) (lo, hi int) {
	if only >= 0 {
		return only, only + 1
	}
	return 0, len(r.ids)
}

// logoutAll logs out the agents of peripheral pi (or only agent only) in
// every MRD, or the voice MRD only, because of cause c. A slot that already
// waits for another failure is not logged out again (the first failure
// keeps the state to restore), but it now waits for c too; a slot logged out
// with nothing pending is skipped.
func (r *Roster) logoutAll(dst []Effect, pi, only int, voiceOnly bool, c Cause, rule, report ccefsm.RuleID, reason ReasonCode, t int64) []Effect {
	n := len(r.mrds)
	j0, j1 := 0, n
	if voiceOnly {
		if r.voice < 0 {
			return dst
		}
		j0, j1 = r.voice, r.voice+1
	}
	lo, hi := r.span(only)
	ids, home := r.ids[lo:hi], r.home[lo:hi]
	state, flag, since := r.state[lo*n:hi*n], r.flag[lo*n:hi*n], r.since[lo*n:hi*n]
	mrds := r.mrds[:n]
	p := uint16(pi)
	bit, first := pendingBit(c), uint16(c)<<flagFirstShift|pendingBit(c)
	proto := Effect{Kind: EffectLoggedOut, At: utc(t), Rule: rule, Report: report, To: Logout, Reason: reason, Peripheral: r.periph[pi].id}
	for k, id := range ids {
		if home[k] != p {
			continue
		}
		base := k * n
		for j := j0; j < j1; j++ {
			s := base + j
			f, from := flag[s], state[s]
			if f&flagPending != 0 {
				flag[s] = f | bit
				continue
			}
			if from == Logout {
				continue
			}
			state[s], since[s] = Logout, t
			flag[s] = f&flagRecreated | first | uint16(from)<<flagHeldShift
			dst = append(dst, proto) // then fill in place: half the cost of appending a filled copy
			e := &dst[len(dst)-1]
			e.From, e.Agent, e.MRD = from, id, mrds[j].ID
		}
	}
	return dst
}

// restore ends the pending cause c of every slot of peripheral pi (or of
// agent only). A slot that still waits for another failure stays logged out.
// Otherwise, with relogin, the agent is logged in again in the state that
// table tab gives (rule) for the state held at the first failure; without,
// the pending mark is dropped and the agent stays logged out.
func (r *Roster) restore(dst []Effect, pi, only int, c Cause, tab *Table, rule ccefsm.RuleID, relogin bool, t int64) []Effect {
	n := len(r.mrds)
	lo, hi := r.span(only)
	ids, home := r.ids[lo:hi], r.home[lo:hi]
	state, flag, since := r.state[lo*n:hi*n], r.flag[lo*n:hi*n], r.since[lo*n:hi*n]
	before, reason := r.before[lo*n:hi*n], r.reason[lo*n:hi*n]
	mrds := r.mrds[:n]
	p := uint16(pi)
	bit := pendingBit(c)
	proto := Effect{Kind: EffectLoggedIn, At: utc(t), Rule: rule, Table: tab.id, Peripheral: r.periph[pi].id}
	for k, id := range ids {
		if home[k] != p {
			continue
		}
		base := k * n
		for j := 0; j < n; j++ {
			s := base + j
			f := flag[s]
			if f&bit == 0 {
				continue
			}
			if f&flagPending != bit { // another failure still holds the slot
				flag[s] = f &^ bit
				continue
			}
			if !relogin {
				reason[s] = r.reasonOf(s)
				flag[s] = f &^ flagCause
				continue
			}
			held, b := State(f>>flagHeldShift), before[s]
			x := tab.fast[held][b]
			to := x.to
			if to == toFromTasks {
				to = fromTasks(r.cfg.Tasks, id, mrds[j].ID)
			}
			rs := ReasonNone
			if to == held {
				rs = keepReason(to, reason[s]) // the state comes back with its reason
			}
			if to.onCall() && !held.onCall() {
				before[s] = held
			}
			state[s], reason[s], since[s], flag[s] = to, rs, t, f&^flagCause
			dst = append(dst, proto)
			e := &dst[len(dst)-1]
			e.Row, e.Report, e.From, e.To, e.Reason, e.Agent, e.MRD = x.n, x.report, held, to, rs, id, mrds[j].ID
		}
	}
	return dst
}

func (r *Roster) peripheralOp(op string, p ccefsm.PeripheralID, now time.Time) (int, int64, error) {
	t, err := r.clock(op, now)
	if err != nil {
		return 0, 0, err
	}
	pi, ok := r.peripheral(p)
	if !ok {
		return 0, 0, &Error{Op: op, Peripheral: p, Err: ErrUnknownPeripheral}
	}
	return pi, t, nil
}

func (r *Roster) checkSide(op string, pi int, side ccefsm.Side) error {
	pe := &r.periph[pi]
	if side != ccefsm.SideA && side != ccefsm.SideB || side == ccefsm.SideB && !pe.duplex {
		return &Error{Op: op, Peripheral: pe.id, Err: ErrInvalidSide}
	}
	return nil
}

// SideDown reports that side of peripheral p lost its connection at now,
// because of cause: [CausePIM] (the PIM failed, its ACD link or the ACD went
// down) or [CausePG] (the PG side shut down).
//
// When side was the active one, the peripheral goes offline (AG-1, reporting
// data of the open interval deleted, RP-1) and the agents are logged out: of
// the voice MRD for CausePIM (AG-1), of every MRD with reason 50002 for
// CausePG (AG-4, RP-7). If the other side is healthy it takes over at once
// (AG-3): the peripheral is online again; after CausePG the agents are
// logged in again by AG-T1 (AG-5, unless Config.NoAutoRelogin), after
// CausePIM they stay logged out until the ACD reports their states
// ([Roster.ReportStates], AG-2). With no healthy side the peripheral stays
// offline until [Roster.SideUp].
//
// A side that is already down is a no-op. Errors: [ErrUnknownPeripheral],
// [ErrInvalidSide], [ErrTimeBackwards], [ErrTimeOutOfRange], and
// [ErrInvalidCause] for another cause; on error nothing changes.
func (r *Roster) SideDown(dst []Effect, now time.Time, p ccefsm.PeripheralID, side ccefsm.Side, cause Cause) ([]Effect, error) {
	pi, t, err := r.peripheralOp("SideDown", p, now)
	if err != nil {
		return dst, err
	}
	if err := r.checkSide("SideDown", pi, side); err != nil {
		return dst, err
	}
	if cause != CausePIM && cause != CausePG {
		return dst, &Error{Op: "SideDown", Peripheral: p, Err: ErrInvalidCause}
	}
	r.tick(t)
	pe := &r.periph[pi]
	if !pe.up[side] {
		return dst, nil
	}
	pe.up[side] = false
	at := utc(t)
	dst = append(dst, Effect{Kind: EffectSideDown, At: at, Rule: ccefsm.AG3, Side: side, Peripheral: p})
	if pe.active != side {
		return dst, nil
	}
	pe.active = ccefsm.SideNone
	dst = append(dst, Effect{Kind: EffectPeripheralOffline, At: at, Rule: ccefsm.AG1, Report: ccefsm.RP1, Side: side, Peripheral: p})
	if cause == CausePG {
		dst = r.logoutAll(dst, pi, -1, false, CausePG, ccefsm.AG4, ccefsm.RP7, ReasonConnectionFailure, t)
	} else {
		dst = r.logoutAll(dst, pi, -1, true, CausePIM, ccefsm.AG1, ccefsm.RuleNone, ReasonNone, t)
	}
	if other := side.Other(); pe.up[other] {
		dst = r.activate(dst, pi, other, t)
	}
	return dst, nil
}

// activate makes side the active side of peripheral pi and recovers the
// agents logged out by the PG failure.
func (r *Roster) activate(dst []Effect, pi int, side ccefsm.Side, t int64) []Effect {
	pe := &r.periph[pi]
	pe.active = side
	dst = append(dst, Effect{Kind: EffectPeripheralOnline, At: utc(t), Rule: ccefsm.AG3, Side: side, Peripheral: pe.id})
	return r.restore(dst, pi, -1, CausePG, r.pg, ccefsm.AG5, !r.cfg.NoAutoRelogin, t)
}

// SideUp reports that side of peripheral p is healthy again at now. If no
// side is active it becomes the active one (AG-3, the first healthy side
// goes active): the peripheral is online, agents logged out by a PG failure
// are logged in again by AG-T1 (AG-5), agents logged out by a PIM failure
// wait for [Roster.ReportStates] (AG-2). Otherwise it stands by. A side that
// is already up is a no-op.
func (r *Roster) SideUp(dst []Effect, now time.Time, p ccefsm.PeripheralID, side ccefsm.Side) ([]Effect, error) {
	pi, t, err := r.peripheralOp("SideUp", p, now)
	if err != nil {
		return dst, err
	}
	if err := r.checkSide("SideUp", pi, side); err != nil {
		return dst, err
	}
	r.tick(t)
	pe := &r.periph[pi]
	if pe.up[side] {
		return dst, nil
	}
	pe.up[side] = true
	if pe.active != ccefsm.SideNone {
		return append(dst, Effect{Kind: EffectSideStandby, At: utc(t), Rule: ccefsm.AG3, Side: side, Peripheral: p}), nil
	}
	return r.activate(dst, pi, side, t), nil
}

// PeripheralUp reports that every side of peripheral p is healthy at once
// (for example after both sides restarted). If no side is active, the
// preferred side (Config.PreferredSide, default A) goes active, as in
// [Roster.SideUp], and the other side stands by.
func (r *Roster) PeripheralUp(dst []Effect, now time.Time, p ccefsm.PeripheralID) ([]Effect, error) {
	pi, t, err := r.peripheralOp("PeripheralUp", p, now)
	if err != nil {
		return dst, err
	}
	pe := &r.periph[pi]
	first := r.cfg.PreferredSide
	if !pe.duplex {
		first = ccefsm.SideA
	}
	if dst, err = r.SideUp(dst, now, p, first); err != nil {
		return dst, err
	}
	if pe.duplex {
		dst, _ = r.SideUp(dst, time.Unix(0, t), p, first.Other())
	}
	return dst, nil
}

// validReports checks reports for peripheral pi (and MRD index mj when
// mj >= 0) before anything is applied.
func (r *Roster) validReports(op string, pi, mj int, reports []Report, t int64) error {
	for _, rep := range reports {
		i, _, j, err := r.slot(op, rep.Agent, rep.MRD)
		if err != nil {
			return err
		}
		if int(r.home[i]) != pi {
			return &Error{Op: op, Agent: rep.Agent, Peripheral: r.periph[pi].id, Err: ErrWrongPeripheral}
		}
		if mj >= 0 && j != mj {
			return &Error{Op: op, Agent: rep.Agent, MRD: rep.MRD, Err: ErrUnknownMRD}
		}
		if !rep.State.IsValid() || rep.InState < 0 || t-int64(rep.InState) > t {
			return &Error{Op: op, Agent: rep.Agent, MRD: rep.MRD, Err: ErrInvalidState}
		}
	}
	return nil
}

// observe applies one validated report.
func (r *Roster) observe(dst []Effect, rep Report, rule, report ccefsm.RuleID, recreated bool, t int64, at time.Time) []Effect {
	i := int(r.index[rep.Agent])
	j, _ := r.mrd(rep.MRD)
	s := i*len(r.mrds) + j
	from := r.state[s]
	r.set(s, rep.State, rep.Reason, t-int64(rep.InState))
	r.flag[s] &^= flagCause
	kind := EffectObserved
	var msg Message
	if recreated {
		r.flag[s] |= flagRecreated
		kind, msg = EffectResync, MessageAgentInitReq
	}
	return append(dst, Effect{Kind: kind, At: at, Rule: rule, Report: report, Message: msg, From: from, To: rep.State,
		Reason: r.reason[s], Agent: rep.Agent, Peripheral: r.periph[r.home[i]].id, MRD: rep.MRD})
}

// ReportStates applies the states the ACD reports for agents of peripheral
// p when its PIM is back (AG-2): each is an observation, with the reported
// time in state. Reports for agents of another peripheral, unknown agents or
// MRDs, or invalid states fail the whole call and nothing changes.
func (r *Roster) ReportStates(dst []Effect, now time.Time, p ccefsm.PeripheralID, reports []Report) ([]Effect, error) {
	pi, t, err := r.peripheralOp("ReportStates", p, now)
	if err != nil {
		return dst, err
	}
	if err := r.validReports("ReportStates", pi, -1, reports, t); err != nil {
		return dst, err
	}
	r.tick(t)
	at := utc(t)
	for _, rep := range reports {
		dst = r.observe(dst, rep, ccefsm.AG2, ccefsm.RP2, false, t, at)
	}
	return dst, nil
}

// CTIManagerDown reports that the CTI Manager service serving peripheral p
// shut down: every logged-in agent is logged out with reason 50002 (AG-4,
// RP-7), of the voice MRD only unless Config.CTIManagerAllMRDs. A second
// call while it is down is a no-op.
func (r *Roster) CTIManagerDown(dst []Effect, now time.Time, p ccefsm.PeripheralID) ([]Effect, error) {
	pi, t, err := r.peripheralOp("CTIManagerDown", p, now)
	if err != nil {
		return dst, err
	}
	r.tick(t)
	pe := &r.periph[pi]
	if pe.ctiManagerDown {
		return dst, nil
	}
	pe.ctiManagerDown = true
	return r.logoutAll(dst, pi, -1, !r.cfg.CTIManagerAllMRDs, CauseCTIManager, ccefsm.AG4, ccefsm.RP7, ReasonConnectionFailure, t), nil
}

// CTIManagerUp reports that the CTI Manager (or its backup) is in service
// again: the agents it logged out are logged in again by AG-T1 (AG-5, unless
// Config.NoAutoRelogin).
func (r *Roster) CTIManagerUp(dst []Effect, now time.Time, p ccefsm.PeripheralID) ([]Effect, error) {
	pi, t, err := r.peripheralOp("CTIManagerUp", p, now)
	if err != nil {
		return dst, err
	}
	r.tick(t)
	pe := &r.periph[pi]
	if !pe.ctiManagerDown {
		return dst, nil
	}
	pe.ctiManagerDown = false
	return r.restore(dst, pi, -1, CauseCTIManager, r.pg, ccefsm.AG5, !r.cfg.NoAutoRelogin, t), nil
}

// FinesseDown reports that the Finesse server of peripheral p shut down or
// lost the contact center: every agent of p is logged out of every MRD with
// reason 50002 (AG-6, RP-7). The roster assumes the agents of a peripheral
// sign in through one Finesse server pair.
func (r *Roster) FinesseDown(dst []Effect, now time.Time, p ccefsm.PeripheralID) ([]Effect, error) {
	pi, t, err := r.peripheralOp("FinesseDown", p, now)
	if err != nil {
		return dst, err
	}
	r.tick(t)
	pe := &r.periph[pi]
	if pe.finesseDown {
		return dst, nil
	}
	pe.finesseDown = true
	return r.logoutAll(dst, pi, -1, false, CauseFinesse, ccefsm.AG6, ccefsm.RP7, ReasonConnectionFailure, t), nil
}

// FinesseUp reports that the agents of peripheral p reach a Finesse server
// again (the server is back, or they connected to the backup): the agents
// logged out by the Finesse failure are logged in again by AG-T2 (AG-7),
// except those that still wait for another failure (their own desktop, the
// PG, a PIM outage).
func (r *Roster) FinesseUp(dst []Effect, now time.Time, p ccefsm.PeripheralID) ([]Effect, error) {
	pi, t, err := r.peripheralOp("FinesseUp", p, now)
	if err != nil {
		return dst, err
	}
	r.tick(t)
	pe := &r.periph[pi]
	if !pe.finesseDown {
		return dst, nil
	}
	pe.finesseDown = false
	return r.restore(dst, pi, -1, CauseFinesse, r.fin, ccefsm.AG7, true, t), nil
}

func (r *Roster) agentOp(op string, a ccefsm.AgentID, now time.Time) (int, int64, error) {
	t, err := r.clock(op, now)
	if err != nil {
		return 0, 0, err
	}
	i, ok := r.index[a]
	if !ok {
		return 0, 0, &Error{Op: op, Agent: a, Err: ErrUnknownAgent}
	}
	return int(i), t, nil
}

// DesktopDown reports that agent a's desktop shut down or lost the Finesse
// server: the agent is logged out of every MRD with reason 50002 (AG-6,
// RP-7).
func (r *Roster) DesktopDown(dst []Effect, now time.Time, a ccefsm.AgentID) ([]Effect, error) {
	i, t, err := r.agentOp("DesktopDown", a, now)
	if err != nil {
		return dst, err
	}
	r.tick(t)
	return r.logoutAll(dst, int(r.home[i]), i, false, CauseDesktop, ccefsm.AG6, ccefsm.RP7, ReasonConnectionFailure, t), nil
}

// DesktopUp reports that agent a's desktop is back or resumed communication:
// the agent is logged in again by AG-T2 (AG-7), unless it still waits for
// another failure (its peripheral's Finesse server, the PG, a PIM outage).
func (r *Roster) DesktopUp(dst []Effect, now time.Time, a ccefsm.AgentID) ([]Effect, error) {
	i, t, err := r.agentOp("DesktopUp", a, now)
	if err != nil {
		return dst, err
	}
	r.tick(t)
	return r.restore(dst, int(r.home[i]), i, CauseDesktop, r.fin, ccefsm.AG7, true, t), nil
}

// CTIPathDown reports that the path between the application serving MRD m
// and the Agent PG CTI server of peripheral p went down. Agents stay logged
// in (AG-8); for an email-type MRD the email manager keeps recording agent
// state (AG-9). The effect says so; no agent state changes. A path already
// down is a no-op.
func (r *Roster) CTIPathDown(dst []Effect, now time.Time, p ccefsm.PeripheralID, m ccefsm.MRDID) ([]Effect, error) {
	pi, t, err := r.peripheralOp("CTIPathDown", p, now)
	if err != nil {
		return dst, err
	}
	j, ok := r.mrd(m)
	if !ok {
		return dst, &Error{Op: "CTIPathDown", Peripheral: p, MRD: m, Err: ErrUnknownMRD}
	}
	r.tick(t)
	pe := &r.periph[pi]
	if pe.pathDown&(1<<j) != 0 {
		return dst, nil
	}
	pe.pathDown |= 1 << j
	rule := ccefsm.AG8
	if r.mrds[j].Media == ccefsm.MediaEmail {
		rule = ccefsm.AG9
		for i := range r.ids {
			if int(r.home[i]) == pi {
				r.flag[i*len(r.mrds)+j] &^= flagRecreated
			}
		}
	}
	return append(dst, Effect{Kind: EffectStayLoggedIn, At: utc(t), Rule: rule, Peripheral: p, MRD: m}), nil
}

// CTIPathUp reports that the path of MRD m to the CTI server of peripheral p
// is back, with the agent states the application reports (their MRD must be
// m). For an email-type MRD that was down it emits the resynchronisation
// (AG-9): BEGIN_AGENT_INIT_IND (181), one AGENT_INIT_REQ (182) per report,
// applied as an observation and marking the agent's history over the outage
// as recreated (RP-6), END_AGENT_INIT_IND (184) and AGENT_INIT_READY_EVENT
// (186). AGENT_INIT_RESP (183) is the CTI server's answer to each 182 and
// TASK_INIT_IND (185) belongs to tasks, so neither is emitted. For other MRDs
// the reports are plain observations (AG-10). Invalid reports fail the whole
// call and nothing changes.
func (r *Roster) CTIPathUp(dst []Effect, now time.Time, p ccefsm.PeripheralID, m ccefsm.MRDID, reports []Report) ([]Effect, error) {
	pi, t, err := r.peripheralOp("CTIPathUp", p, now)
	if err != nil {
		return dst, err
	}
	j, ok := r.mrd(m)
	if !ok {
		return dst, &Error{Op: "CTIPathUp", Peripheral: p, MRD: m, Err: ErrUnknownMRD}
	}
	if err := r.validReports("CTIPathUp", pi, j, reports, t); err != nil {
		return dst, err
	}
	r.tick(t)
	pe := &r.periph[pi]
	wasDown := pe.pathDown&(1<<j) != 0
	pe.pathDown &^= 1 << j
	at := utc(t)
	if wasDown {
		dst = append(dst, Effect{Kind: EffectPathRestored, At: at, Rule: ccefsm.AG8, Peripheral: p, MRD: m})
	}
	if !wasDown || r.mrds[j].Media != ccefsm.MediaEmail {
		for _, rep := range reports {
			dst = r.observe(dst, rep, ccefsm.AG10, ccefsm.RuleNone, false, t, at)
		}
		return dst, nil
	}
	dst = append(dst, Effect{Kind: EffectResync, At: at, Rule: ccefsm.AG9, Message: MessageBeginAgentInitInd, Peripheral: p, MRD: m})
	for _, rep := range reports {
		dst = r.observe(dst, rep, ccefsm.AG9, ccefsm.RP6, true, t, at)
	}
	return append(dst,
		Effect{Kind: EffectResync, At: at, Rule: ccefsm.AG9, Message: MessageEndAgentInitInd, Peripheral: p, MRD: m},
		Effect{Kind: EffectResync, At: at, Rule: ccefsm.AG9, Message: MessageAgentInitReadyEvent, Peripheral: p, MRD: m}), nil
}
