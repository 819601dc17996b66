package failover

import (
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// Down reports that element el (a component or a link) went down at now.
// The engine derives every path that goes down with it (CS-1 … CS-7) and
// applies the consequences in a fixed order: the Central Controller, the
// Agent PGs and their paths to the CallRouter (RT-6, RT-7, RP-5, RP-8),
// the peripherals (AG-1, AG-3, AG-4, RT-5, RP-1), the CTI Managers (AG-4),
// the applications' MR PG paths (RT-1, RT-3, RP-3), their CTI server paths
// (AG-8, AG-9, TS-1 … TS-5), the Finesse pairs and the desktops (AG-6). An
// element already down is left as it is (the input still moves the clock).
//
// Errors, each changing nothing: an element the topology does not have
// (ErrUnknownElement, which includes side B of a simplex pair), a
// malformed element (ErrInvalidInput), a bad instant (ErrTimeBackwards,
// ErrTimeOutOfRange); all in an [*InputError].
func (e *Engine) Down(l *Log, now time.Time, el Element) error {
	return e.element(l, OpDown, now, el, true)
}

// Up reports that element el is back at now. The paths whose last cause
// this was come up (CS-8) and their recoveries follow in the reverse of
// Down's order: desktops and Finesse (AG-7), the applications' CTI server
// paths (TS-2, TS-5, AG-9 resynchronisation), their MR PG paths (RT-2,
// RT-4), the CTI Managers and peripherals (AG-3, AG-5, RT-5, RP-2), the
// PGs' paths to the CallRouter (RT-6, RP-5). Errors as for [Engine.Down].
func (e *Engine) Up(l *Log, now time.Time, el Element) error {
	return e.element(l, OpUp, now, el, false)
}

func (e *Engine) element(l *Log, op Op, now time.Time, el Element, down bool) error {
	t, m, err := e.begin(l, op, now)
	if err != nil {
		return err
	}
	if el.check() != nil {
		return e.refuse(l, m, op, now, ErrInvalidInput)
	}
	if el.Kind == Desktop || el.Kind == LinkDesktopFinesse {
		a := ccefsm.AgentID(el.ID)
		if _, ok := e.agent(a); !ok {
			return e.refuse(l, m, op, now, ErrUnknownElement)
		}
		e.advance(l, t)
		e.desktop(l, t, a, desktopBit(el.Kind), down, el)
		return nil
	}
	s, err := e.top.slot(el)
	if err != nil {
		return e.refuse(l, m, op, now, err)
	}
	e.advance(l, t)
	if e.down[s] == down {
		return nil
	}
	e.down[s] = down
	e.cascade(l, t, el, down)
	return nil
}

// desktop applies a desktop or desktop-link change of agent a.
func (e *Engine) desktop(l *Log, t int64, a ccefsm.AgentID, bit uint8, down bool, cause Element) {
	old := e.desktops[a]
	f := old &^ bit
	if down {
		f |= bit
	}
	if f == old {
		return
	}
	if f == 0 {
		delete(e.desktops, a)
	} else {
		e.desktops[a] = f
	}
	if (old == 0) == (f == 0) {
		return // the path stays as it was: another cause holds it down (CS-8)
	}
	p := Path{Kind: PathDesktop, ID: uint32(a)}
	e.pathEffect(l, t, p, cause, down)
	n := len(l.agent)
	if down {
		l.agent, _ = e.roster.DesktopDown(l.agent, time.Unix(0, t), a)
	} else {
		l.agent, _ = e.roster.DesktopUp(l.agent, time.Unix(0, t), a)
	}
	e.agentsAppended(l, n, t)
}

// cascade derives the new status after element cause changed and applies
// every path change.
func (e *Engine) cascade(l *Log, t int64, cause Element, down bool) {
	x := &e.top
	nx, st := &e.nx, &e.st
	e.cause = cause
	e.derive(nx, st)
	for j := range x.periphs {
		nx.online[j] = nx.pimOK[j] != 0
	}

	// The path effects first, in the canonical order, so that a reader sees
	// what went down before what it did.
	if st.cc != nx.cc {
		e.pathEffect(l, t, Path{Kind: PathController}, cause, !nx.cc)
	}
	for i, pg := range x.t.AgentPGs {
		if st.pgAlive[i] != nx.pgAlive[i] {
			e.pathEffect(l, t, Path{Kind: PathPG, ID: pg.ID}, cause, !nx.pgAlive[i])
		}
	}
	for i, pg := range x.t.AgentPGs {
		if st.pgCC[i] != nx.pgCC[i] {
			e.pathEffect(l, t, Path{Kind: PathPGController, ID: pg.ID}, cause, !nx.pgCC[i])
		}
	}
	for i, pg := range x.t.AgentPGs {
		if st.cti[i] != ccefsm.SideNone && nx.cti[i] != ccefsm.SideNone && st.cti[i] != nx.cti[i] {
			// The clients reconnect to the other side at once (CS-7): no
			// path goes down.
			l.add(Effect{Kind: EffectTakeover, At: time.Unix(0, t).UTC(), Rule: ccefsm.CS7, Element: Element{Kind: CTIServer, ID: pg.ID, Side: nx.cti[i]}}, e.seq)
		}
	}
	for j, p := range x.periphs {
		if st.online[j] != nx.online[j] {
			e.pathEffect(l, t, Path{Kind: PathPeripheral, ID: uint32(p)}, cause, !nx.online[j])
		}
	}
	for i, cm := range x.t.CTIManagers {
		if (st.cm[i] == ccefsm.SideNone) != (nx.cm[i] == ccefsm.SideNone) {
			e.pathEffect(l, t, Path{Kind: PathCTIManager, ID: cm.ID}, cause, nx.cm[i] == ccefsm.SideNone)
		}
	}
	for i, a := range x.t.Applications {
		if st.appMR[i] != nx.appMR[i] {
			e.pathEffect(l, t, Path{Kind: PathAppMRPG, ID: uint32(a.ID)}, cause, !nx.appMR[i])
		}
	}
	for i, mr := range x.t.MRPGs {
		if st.mrCC[i] != nx.mrCC[i] {
			e.pathEffect(l, t, Path{Kind: PathMRPIMController, ID: mr.ID}, cause, !nx.mrCC[i])
		}
	}
	for i, a := range x.t.Applications {
		if st.appCTI[i] != nx.appCTI[i] {
			e.pathEffect(l, t, Path{Kind: PathAppCTIServer, ID: uint32(a.ID)}, cause, !nx.appCTI[i])
		}
	}
	for i, f := range x.t.Finesse {
		if (st.fin[i] == ccefsm.SideNone) != (nx.fin[i] == ccefsm.SideNone) {
			e.pathEffect(l, t, Path{Kind: PathFinesse, ID: f.ID}, cause, nx.fin[i] == ccefsm.SideNone)
		}
	}

	// Then the consequences: downs from the outside in, ups from the inside
	// out, so that a recovery finds the paths it depends on already back.
	steps := [...]func(*Log, int64){e.stepPG, e.stepPeripheral, e.stepCTIManager, e.stepAppMR, e.stepAppCTI, e.stepFinesse}
	if down {
		for _, f := range steps {
			f(l, t)
		}
	} else {
		for i := len(steps) - 1; i >= 0; i-- {
			steps[i](l, t)
		}
	}
	st.copyFrom(nx)
}

// pathEffect records path p going down or up because of cause: the effect,
// and the outage it opens or closes.
func (e *Engine) pathEffect(l *Log, t int64, p Path, cause Element, down bool) {
	ef := Effect{Kind: EffectPathUp, At: time.Unix(0, t).UTC(), Path: p, Rule: ccefsm.CS8}
	if down {
		id := e.newOutage(Outage{Path: p, Cause: cause, From: ef.At})
		e.open[p] = id
		ef.Kind, ef.Rule, ef.Outage = EffectPathDown, downRule(p.Kind, cause, e.top.t), id
	} else if id := e.open[p]; id != 0 {
		e.outage(id).To = ef.At
		delete(e.open, p)
		ef.Outage = id
	}
	l.add(ef, e.seq)
}

// downRule is the cascade rule that explains why path kind k went down
// when cause did.
func downRule(k PathKind, cause Element, t *Topology) ccefsm.RuleID {
	switch k {
	case PathController:
		if t.CentralController == ccefsm.Duplex {
			return ccefsm.CS5
		}
	case PathPG:
		return ccefsm.CS7
	case PathPGController, PathMRPIMController:
		if cause.Kind == CentralController {
			return ccefsm.CS3
		}
	case PathAppMRPG, PathAppCTIServer:
		if cause.Kind == Application {
			return ccefsm.CS2
		}
	case PathPeripheral:
		switch cause.Kind {
		case ACD, LinkPIMACD:
			return ccefsm.CS6
		case AgentPG:
			return ccefsm.CS7
		}
	}
	return ccefsm.CS1
}

// stepPG applies the changes of the Agent PGs and of their paths to the
// CallRouter: the reporting caches (RT-6, RT-7) and the interval ledger
// (RP-5, RP-8).
func (e *Engine) stepPG(l *Log, t int64) {
	st, nx := &e.st, &e.nx
	now := time.Unix(0, t)
	for i := range e.top.t.AgentPGs {
		if st.pgAlive[i] == nx.pgAlive[i] && st.pgCC[i] == nx.pgCC[i] {
			continue
		}
		c := e.caches[i]
		n := len(l.report)
		wasCaching := st.pgAlive[i] && !st.pgCC[i]
		if !nx.pgCC[i] && st.pgCC[i] {
			l.report, _ = c.PathDown(l.report, now)
		}
		if !nx.pgAlive[i] && st.pgAlive[i] {
			e.pgLost(l, i, t, wasCaching)
			l.report, _ = c.PGDown(l.report, now)
		}
		if nx.pgAlive[i] && !st.pgAlive[i] {
			l.report, _ = c.PGUp(l.report, now)
		}
		if nx.pgCC[i] && !st.pgCC[i] {
			l.report, _ = c.PathUp(l.report, now)
		}
		e.reportsAppended(l, n, i)
		if nx.pgCC[i] && !st.pgCC[i] && wasCaching {
			e.cacheDelivered(l, i, t)
		}
		if caching := nx.pgAlive[i] && !nx.pgCC[i]; caching && !wasCaching {
			id := e.open[Path{Kind: PathPGController, ID: e.top.t.AgentPGs[i].ID}]
			e.led.pgs[i].cached = append(e.led.pgs[i].cached, window{from: t, to: openEnd, outage: id})
		}
	}
}

// stepPeripheral brings the roster's PIM sides to the health the elements
// give (AG-1, AG-3, AG-4, AG-5), then follows each peripheral that went
// offline or came back: voice routing (RT-5) and the ledger (RP-1, RP-2).
func (e *Engine) stepPeripheral(l *Log, t int64) {
	x := &e.top
	now := time.Unix(0, t)
	for j, p := range x.periphs {
		status, _ := e.roster.Peripheral(p)
		cur := uint8(0)
		if status.UpA {
			cur |= 1
		}
		if status.UpB {
			cur |= 2
		}
		want := e.nx.pimOK[j]
		if cur == want {
			continue
		}
		n := len(l.agent)
		// Sides going down: the standby side first, so that losing both
		// sides at once never activates a side that is going down too.
		goingDown := cur &^ want
		order := [2]ccefsm.Side{ccefsm.SideA, ccefsm.SideB}
		if status.Active == ccefsm.SideA {
			order = [2]ccefsm.Side{ccefsm.SideB, ccefsm.SideA}
		}
		for _, s := range order {
			if goingDown&(1<<(s-1)) == 0 {
				continue
			}
			cause := agentstate.CausePIM
			if e.nx.pimPG[j]&(1<<(s-1)) != 0 {
				cause = agentstate.CausePG
			}
			l.agent, _ = e.roster.SideDown(l.agent, now, p, s, cause)
		}
		goingUp := want &^ cur
		switch {
		case goingUp == 3 && cur == 0:
			l.agent, _ = e.roster.PeripheralUp(l.agent, now, p)
		case goingUp != 0:
			for _, s := range [2]ccefsm.Side{ccefsm.SideA, ccefsm.SideB} {
				if goingUp&(1<<(s-1)) != 0 {
					l.agent, _ = e.roster.SideUp(l.agent, now, p, s)
				}
			}
		}
		e.agentsAppended(l, n, t)
		for k := n; k < len(l.agent); k++ {
			if l.agent[k].Kind == agentstate.EffectPeripheralOffline {
				e.pimFailed(l, j, t)
			}
		}
		if e.st.online[j] != e.nx.online[j] {
			m := len(l.route)
			if e.nx.online[j] {
				e.peripheralBack(l, j, t)
				l.route, _ = e.voice.PIMUp(l.route, now, p)
			} else {
				lp := &e.led.periph[j]
				lp.offline = append(lp.offline, window{from: t, to: openEnd, outage: e.open[Path{Kind: PathPeripheral, ID: uint32(p)}]})
				l.route, _ = e.voice.PIMDown(l.route, now, p)
			}
			l.note(SourceRouting, m, len(l.route), e.seq)
		}
		e.callsSplit(l, j, n, t)
	}
}

// stepCTIManager follows the CTI Manager services: out of service (AG-4),
// back (AG-5), or a takeover by the other side (both, at once).
func (e *Engine) stepCTIManager(l *Log, t int64) {
	now := time.Unix(0, t)
	for i, cm := range e.top.t.CTIManagers {
		from, to := e.st.cm[i], e.nx.cm[i]
		if from == to {
			continue
		}
		n := len(l.agent)
		if from != ccefsm.SideNone {
			for _, p := range cm.Peripherals {
				l.agent, _ = e.roster.CTIManagerDown(l.agent, now, p)
			}
		}
		if from != ccefsm.SideNone && to != ccefsm.SideNone {
			e.agentsAppended(l, n, t)
			l.add(Effect{Kind: EffectTakeover, At: now.UTC(), Rule: ccefsm.AG5, Element: Element{Kind: CTIManager, ID: cm.ID, Side: to}}, e.seq)
			n = len(l.agent)
		}
		if to != ccefsm.SideNone {
			for _, p := range cm.Peripherals {
				l.agent, _ = e.roster.CTIManagerUp(l.agent, now, p)
			}
		}
		e.agentsAppended(l, n, t)
		if to != ccefsm.SideNone {
			e.ctiManagerSplits(l, i, n, t, from == ccefsm.SideNone)
		}
	}
}

// stepFinesse follows the Finesse pairs: lost (AG-6), back (AG-7), or a
// takeover by the other server (both, at once).
func (e *Engine) stepFinesse(l *Log, t int64) {
	now := time.Unix(0, t)
	for i, f := range e.top.t.Finesse {
		from, to := e.st.fin[i], e.nx.fin[i]
		if from == to {
			continue
		}
		per := e.top.pgPer[e.top.finPG[i]]
		n := len(l.agent)
		if from != ccefsm.SideNone {
			for _, j := range per {
				l.agent, _ = e.roster.FinesseDown(l.agent, now, e.top.periphs[j])
			}
		}
		if from != ccefsm.SideNone && to != ccefsm.SideNone {
			e.agentsAppended(l, n, t)
			l.add(Effect{Kind: EffectTakeover, At: now.UTC(), Rule: ccefsm.AG7, Element: Element{Kind: Finesse, ID: f.ID, Side: to}}, e.seq)
			n = len(l.agent)
		}
		if to != ccefsm.SideNone {
			for _, j := range per {
				l.agent, _ = e.roster.FinesseUp(l.agent, now, e.top.periphs[j])
			}
		}
		e.agentsAppended(l, n, t)
	}
}

// stepAppMR follows each application's routing: its path to the MR PG
// (RT-1, RT-2) and its MR PG's path to the Central Controller (RT-3,
// RT-4). Downs take the application's path first and ups the Central
// Controller's first, so that an application losing both at once is not
// told ROUTING_DISABLED on a path that is going down, and one regaining
// both resends without a ROUTING_DISABLED / ROUTING_ENABLED pair.
func (e *Engine) stepAppMR(l *Log, t int64) {
	x := &e.top
	now := time.Unix(0, t)
	for i := range x.t.Applications {
		c := e.conns[i]
		mr := x.appMRPG[i]
		appWas, appNow := e.st.appMR[i], e.nx.appMR[i]
		ccWas, ccNow := e.st.mrCC[mr], e.nx.mrCC[mr]
		if appWas == appNow && ccWas == ccNow {
			continue
		}
		n := len(l.route)
		if appWas && !appNow {
			l.route, _ = c.AppPathDown(l.route, now)
		}
		if ccWas && !ccNow {
			l.route, _ = c.ControllerPathDown(l.route, now)
		}
		if !ccWas && ccNow {
			l.route, _ = c.ControllerPathUp(l.route, now)
		}
		if !appWas && appNow {
			l.route, _ = c.AppPathUp(l.route, now)
		}
		l.note(SourceRouting, n, len(l.route), e.seq)
		if appNow && ccNow {
			e.routingBack(i)
		}
	}
}

// stepAppCTI follows each application's path to its Agent PG's CTI
// server: the task store (TS-1 … TS-5) and the agents of the PG's
// peripherals in the application's MRDs (AG-8; AG-9 with the
// resynchronisation of email MRDs on restore).
func (e *Engine) stepAppCTI(l *Log, t int64) {
	x := &e.top
	now := time.Unix(0, t)
	for i, a := range x.t.Applications {
		was, is := e.st.appCTI[i], e.nx.appCTI[i]
		if was == is {
			continue
		}
		n := len(l.task)
		if is {
			l.task, _ = e.store.PathUp(l.task, now, a.ID)
		} else {
			l.task, _ = e.store.PathDown(l.task, now, a.ID)
		}
		e.tasksAppended(l, n, e.seq)
		n = len(l.agent)
		for _, j := range x.pgPer[x.appPG[i]] {
			p := x.periphs[j]
			for _, m := range a.MRDs {
				if !is {
					l.agent, _ = e.roster.CTIPathDown(l.agent, now, p, m)
					continue
				}
				var reports []agentstate.Report
				if x.t.MRDs[x.mrdIdx[m]].Media == ccefsm.MediaEmail {
					reports = e.emailReports(int(j), m, t)
				} else if e.cfg.NoPathDownRefusal {
					reports = e.unheardReports(int(j), m, t)
				}
				l.agent, _ = e.roster.CTIPathUp(l.agent, now, p, m, reports)
			}
		}
		e.agentsAppended(l, n, t)
	}
}

// unheardReports returns the states of the agents of peripheral j whose
// request in non-email MRD m the engine applied while m's CTI path was
// down (Config.NoPathDownRefusal), for the CTI server to learn as
// observations now that the path is back (AG-10), and forgets the marks.
// An agent logged out by then is not reported (an observation would end
// a failover restore it may be waiting for).
func (e *Engine) unheardReports(j int, m ccefsm.MRDID, t int64) []agentstate.Report {
	out := e.reports[:0]
	e.ids = e.roster.Agents(e.ids[:0])
	for i, a := range e.ids {
		k, ok := e.countIndex(a, m)
		if int(e.top.agentPer[i]) != j || !ok {
			continue
		}
		if _, marked := e.unheard[int32(k)]; !marked {
			continue
		}
		delete(e.unheard, int32(k))
		s, err := e.roster.Status(a, m)
		if err != nil || s.State == agentstate.Logout {
			continue
		}
		out = append(out, agentstate.Report{Agent: a, MRD: m, State: s.State, Reason: s.Reason, InState: time.Duration(t - s.Since.UnixNano())})
	}
	e.reports = out[:0]
	return out
}

// emailReports returns the agent states the email manager reports for the
// agents of peripheral j in email MRD m when its CTI path is back (AG-9):
// the states it kept recording through the outage, which are the roster's
// (agent requests for an email MRD are taken during the outage), for every
// agent logged in to m.
func (e *Engine) emailReports(j int, m ccefsm.MRDID, t int64) []agentstate.Report {
	out := e.reports[:0]
	e.ids = e.roster.Agents(e.ids[:0])
	for i, a := range e.ids {
		if int(e.top.agentPer[i]) != j {
			continue
		}
		s, err := e.roster.Status(a, m)
		if err != nil || s.State == agentstate.Logout {
			continue
		}
		in := time.Duration(t - s.Since.UnixNano())
		out = append(out, agentstate.Report{Agent: a, MRD: m, State: s.State, Reason: s.Reason, InState: in})
	}
	e.reports = out[:0] // keep the memory for the next resynchronisation
	return out
}
