package failover

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
	"pgregory.net/rapid"
)

// genTopology draws a random valid topology: one or two Agent PGs with one
// to three peripherals each, an optional CTI Manager, one or two MR PGs,
// one to three applications, optional Finesse pairs, and two to six
// agents. Task lives are short so that storms reach them.
func genTopology(t *rapid.T) Topology {
	red := func(label string) ccefsm.Redundancy {
		return rapid.SampledFrom([]ccefsm.Redundancy{ccefsm.Simplex, ccefsm.Duplex}).Draw(t, label)
	}
	top := Topology{
		Interval:          rapid.SampledFrom([]time.Duration{Interval15, Interval30}).Draw(t, "interval"),
		CentralController: red("cc"),
	}
	nApps := rapid.IntRange(1, 3).Draw(t, "apps")
	top.MRDs = append(top.MRDs, ccefsm.NewMRD(1, ccefsm.MediaVoice))
	nPG := rapid.IntRange(1, 2).Draw(t, "pgs")
	nMR := rapid.IntRange(1, 2).Draw(t, "mrpgs")
	per := ccefsm.PeripheralID(5000)
	for i := 1; i <= nPG; i++ {
		pg := AgentPGConfig{ID: uint32(i), Redundancy: red("pg")}
		for k := rapid.IntRange(1, 3).Draw(t, "peripherals"); k > 0; k-- {
			pg.Peripherals = append(pg.Peripherals, per)
			per++
		}
		top.AgentPGs = append(top.AgentPGs, pg)
		if rapid.Bool().Draw(t, "finesse") {
			top.Finesse = append(top.Finesse, FinesseConfig{ID: uint32(i), Redundancy: red("fin"), AgentPG: uint32(i)})
		}
	}
	if rapid.Bool().Draw(t, "cti manager") {
		top.CTIManagers = append(top.CTIManagers, CTIManagerConfig{ID: 1, Redundancy: red("cm"), Peripherals: []ccefsm.PeripheralID{5000}})
	}
	for i := 1; i <= nMR; i++ {
		top.MRPGs = append(top.MRPGs, MRPGConfig{ID: uint32(10 + i), Redundancy: red("mr")})
	}
	mrd := ccefsm.MRDID(2)
	for i := 1; i <= nApps; i++ {
		a := ApplicationConfig{ID: ccefsm.AppID(i), AgentPG: uint32(rapid.IntRange(1, nPG).Draw(t, "app pg")),
			MRPG: uint32(10 + rapid.IntRange(1, nMR).Draw(t, "app mr"))}
		for k := rapid.IntRange(1, 2).Draw(t, "app mrds"); k > 0; k-- {
			m := ccefsm.NewMRD(mrd, rapid.SampledFrom([]ccefsm.MediaKind{ccefsm.MediaChat, ccefsm.MediaEmail, ccefsm.MediaOther}).Draw(t, "media"))
			m.TaskLife = time.Duration(rapid.IntRange(1, 20).Draw(t, "life")) * time.Minute
			m.StartTimeout = time.Duration(rapid.IntRange(10, 120).Draw(t, "start")) * time.Second
			m.MaxDuration = time.Duration(rapid.IntRange(30, 240).Draw(t, "max")) * time.Minute
			m.Interruptible = rapid.Bool().Draw(t, "interruptible")
			if m.Media == ccefsm.MediaEmail && rapid.Bool().Draw(t, "no cut") {
				m.NoTimeLimitCut = true
			}
			top.MRDs = append(top.MRDs, m)
			a.MRDs = append(a.MRDs, mrd)
			mrd++
		}
		top.Applications = append(top.Applications, a)
	}
	var pers []ccefsm.PeripheralID
	for _, pg := range top.AgentPGs {
		pers = append(pers, pg.Peripherals...)
	}
	for i := 0; i < rapid.IntRange(2, 6).Draw(t, "agents"); i++ {
		top.Agents = append(top.Agents, AgentConfig{ID: ccefsm.AgentID(1001 + i), Peripheral: rapid.SampledFrom(pers).Draw(t, "agent peripheral"),
			SkillGroups: []uint32{uint32(1 + i%2)}, Team: 7})
	}
	return top
}

// genConfig draws the engine's settings for top: every override of an
// inferred choice, each client policy and the RP-3 scope as any of their
// defined values, and the interval offset.
func genConfig(t *rapid.T, top Topology) Config {
	cfg := Config{Topology: top, Start: t0}
	iv := top.Interval
	if iv == 0 {
		iv = Interval30
	}
	cfg.Topology.IntervalOffset = time.Duration(rapid.IntRange(0, int(iv/time.Minute)-1).Draw(t, "interval offset")) * time.Minute
	cfg.PreferredSide = rapid.SampledFrom([]ccefsm.Side{ccefsm.SideNone, ccefsm.SideA, ccefsm.SideB}).Draw(t, "preferred side")
	reconnect := rapid.SampledFrom([]Reconnect{ReconnectStay, ReconnectFailback, ReconnectHomeOnly})
	cfg.CTIServerClients = reconnect.Draw(t, "CTI server clients")
	cfg.CTIManagerClients = reconnect.Draw(t, "CTI Manager clients")
	cfg.FinesseClients = reconnect.Draw(t, "Finesse clients")
	cfg.RP3Scope = rapid.SampledFrom([]RP3Scope{RP3SelfAssigned, RP3AnyAssignment, RP3Off}).Draw(t, "RP-3 scope")
	cfg.FinesseWithoutCTIServer = rapid.Bool().Draw(t, "Finesse without CTI server")
	cfg.NoPathDownRefusal = rapid.Bool().Draw(t, "no path down refusal")
	cfg.NoTaskIDRefusal = rapid.Bool().Draw(t, "no task ID refusal")
	cfg.NoHistoryRecreation = rapid.Bool().Draw(t, "no history recreation")
	return cfg
}

// elements lists every element of a topology (desktops included).
func elements(top Topology) []Element {
	var out []Element
	sides := func(r ccefsm.Redundancy) []ccefsm.Side { return r.Sides() }
	for _, s := range sides(top.CentralController) {
		out = append(out, Element{Kind: CentralController, Side: s})
	}
	for _, pg := range top.AgentPGs {
		for _, s := range sides(pg.Redundancy) {
			out = append(out, Element{AgentPG, pg.ID, s}, Element{CTIServer, pg.ID, s}, Element{LinkPGController, pg.ID, s})
			for _, p := range pg.Peripherals {
				out = append(out, Element{PIM, uint32(p), s}, Element{LinkPIMACD, uint32(p), s})
			}
		}
		for _, p := range pg.Peripherals {
			out = append(out, Element{Kind: ACD, ID: uint32(p)})
		}
	}
	for _, cm := range top.CTIManagers {
		for _, s := range sides(cm.Redundancy) {
			out = append(out, Element{CTIManager, cm.ID, s})
		}
	}
	for _, m := range top.MRPGs {
		for _, s := range sides(m.Redundancy) {
			out = append(out, Element{MRPG, m.ID, s}, Element{MRPIM, m.ID, s}, Element{LinkMRPIMController, m.ID, s})
		}
	}
	for _, a := range top.Applications {
		out = append(out, Element{Kind: Application, ID: uint32(a.ID)}, Element{Kind: LinkAppMRPG, ID: uint32(a.ID)}, Element{Kind: LinkAppCTIServer, ID: uint32(a.ID)})
	}
	for _, f := range top.Finesse {
		for _, s := range sides(f.Redundancy) {
			out = append(out, Element{Finesse, f.ID, s}, Element{LinkFinesseCTIServer, f.ID, s})
		}
	}
	for _, a := range top.Agents {
		out = append(out, Element{Kind: Desktop, ID: uint32(a.ID)}, Element{Kind: LinkDesktopFinesse, ID: uint32(a.ID)})
	}
	return out
}

// storm draws inputs for an engine on top: element downs and ups (often
// the element just touched, to make links flap), agent requests, task and
// routing inputs, and bare advances, with time moving forward by seconds
// to minutes.
type storm struct {
	top      Topology
	els      []Element
	now      time.Time
	last     Element
	nextTask ccefsm.TaskID
	nextReq  map[ccefsm.AppID]ccefsm.RequestID
}

func newStorm(top Topology) *storm {
	return &storm{top: top, els: elements(top), now: t0, nextTask: 1, nextReq: map[ccefsm.AppID]ccefsm.RequestID{}}
}

func (s *storm) draw(t *rapid.T, e *Engine) Input {
	s.now = s.now.Add(time.Duration(rapid.IntRange(0, 600).Draw(t, "dt")) * time.Second)
	in := Input{At: s.now}
	app := rapid.SampledFrom(s.top.Applications).Draw(t, "app")
	agent := rapid.SampledFrom(s.top.Agents).Draw(t, "agent").ID
	mrd := rapid.SampledFrom(s.top.MRDs).Draw(t, "mrd").ID
	switch rapid.IntRange(0, 9).Draw(t, "kind") {
	case 0, 1, 2:
		el := s.last
		if el.Kind == KindNone || rapid.IntRange(0, 2).Draw(t, "flap") != 0 {
			el = rapid.SampledFrom(s.els).Draw(t, "element")
			// Often a side of an Agent PG: the failovers that split
			// calls (RP-9) and lose interval data (RP-8).
			if rapid.IntRange(0, 3).Draw(t, "pg side") == 0 {
				pg := rapid.SampledFrom(s.top.AgentPGs).Draw(t, "pg")
				el = Element{Kind: AgentPG, ID: pg.ID, Side: rapid.SampledFrom(pg.Redundancy.Sides()).Draw(t, "side")}
			}
		}
		s.last = el
		in.Op, in.Element = OpDown, el
		if down, _ := e.IsDown(el); down {
			in.Op = OpUp
		}
	case 3:
		in.Op, in.Agent, in.MRD = OpAgentRequest, agent, mrd
		in.Event = agentstate.Event(rapid.IntRange(1, int(agentstate.EventWrapEnd)).Draw(t, "event"))
		// Mostly a request the table allows from the agent's state.
		if st, err := e.Roster().Status(agent, mrd); err == nil && rapid.IntRange(0, 4).Draw(t, "legal") != 0 {
			media := agentstate.NonVoice
			if mrd == s.top.MRDs[0].ID && s.top.MRDs[0].Media == ccefsm.MediaVoice {
				media = agentstate.Voice
			}
			var legal []agentstate.Event
			for ev := agentstate.EventLogin; ev <= agentstate.EventWrapEnd; ev++ {
				if _, err := agentstate.Next(media, st.State, ev); err == nil {
					legal = append(legal, ev)
				}
			}
			if len(legal) > 0 {
				in.Event = rapid.SampledFrom(legal).Draw(t, "legal event")
			}
		}
		in.Reason = agentstate.ReasonCode(rapid.IntRange(0, 3).Draw(t, "reason"))
	case 4:
		in.Op, in.Agent, in.MRD = OpAgentObserve, agent, mrd
		in.State = agentstate.State(rapid.IntRange(0, 14).Draw(t, "state"))
		// Often a call in the voice MRD, for the PG failovers to split
		// (RP-9).
		if rapid.IntRange(0, 2).Draw(t, "call") == 0 {
			in.MRD = s.top.MRDs[0].ID
			in.State = rapid.SampledFrom([]agentstate.State{agentstate.Talking, agentstate.Hold}).Draw(t, "call state")
		}
	case 5:
		m := rapid.SampledFrom(app.MRDs).Draw(t, "task mrd")
		// An agent on the application's PG, most of the time.
		for _, ag := range s.top.Agents {
			if pgOf(s.top, ag.Peripheral) == app.AgentPG && rapid.IntRange(0, 3).Draw(t, "pick agent") != 0 {
				agent = ag.ID
			}
		}
		in.Op, in.Task, in.App, in.MRD = OpCreateTask, s.nextTask, app.ID, m
		s.nextTask++
		in.TaskState = rapid.SampledFrom([]taskstate.State{taskstate.StateNew, taskstate.StatePreCall, taskstate.StateOffered, taskstate.StateActive}).Draw(t, "begin")
		if in.TaskState != taskstate.StateNew {
			in.Agent = agent
		}
	case 6:
		in.Op, in.Task = OpTask, ccefsm.TaskID(rapid.IntRange(1, int(s.nextTask)).Draw(t, "task"))
		in.TaskOp = TaskOp(rapid.IntRange(int(TaskAssign), int(TaskEnd)).Draw(t, "op"))
		in.Agent = agent
		// Mostly an open task and an input its state allows.
		if open := e.Store().AppendTasks(nil); len(open) > 0 && rapid.IntRange(0, 4).Draw(t, "known") != 0 {
			tk := rapid.SampledFrom(open).Draw(t, "open task")
			in.Task = tk.ID
			ops := map[taskstate.State][]TaskOp{
				taskstate.StateNew:     {TaskAssign, TaskEnd},
				taskstate.StatePreCall: {TaskOffer, TaskStart, TaskEnd},
				taskstate.StateOffered: {TaskStart, TaskEnd},
				taskstate.StateActive:  {TaskPause, TaskWrapUp, TaskEnd},
				taskstate.StatePaused:  {TaskResume, TaskWrapUp, TaskEnd},
				taskstate.StateWrapUp:  {TaskEnd},
			}[tk.State]
			if len(ops) > 0 {
				in.TaskOp = rapid.SampledFrom(ops).Draw(t, "legal op")
			}
			if in.TaskOp == TaskAssign {
				// An agent on the task's application's PG.
				for _, a := range s.top.Applications {
					if a.ID == tk.App {
						for _, ag := range s.top.Agents {
							if pgOf(s.top, ag.Peripheral) == a.AgentPG {
								in.Agent = ag.ID
							}
						}
					}
				}
			}
		}
		if in.TaskOp == TaskEnd && rapid.Bool().Draw(t, "disposition") {
			in.Disposition = taskstate.Disposition(rapid.IntRange(1, 65).Draw(t, "d"))
		}
	case 7:
		s.nextReq[app.ID]++
		in.Op, in.App, in.Request, in.MRD = OpSendRequest, app.ID, s.nextReq[app.ID], app.MRDs[0]
	case 8:
		in.Op, in.App = OpResponse, app.ID
		in.Request = ccefsm.RequestID(rapid.IntRange(1, int(s.nextReq[app.ID])+1).Draw(t, "request"))
		in.Outcome = rapid.SampledFrom([]routing.Outcome{routing.OutcomeRouted, routing.OutcomeFailed}).Draw(t, "outcome")
	default:
		in.Op = OpAdvance
	}
	return in
}

func pgOf(top Topology, p ccefsm.PeripheralID) uint32 {
	for _, pg := range top.AgentPGs {
		if slices.Contains(pg.Peripherals, p) {
			return pg.ID
		}
	}
	return 0
}

// model is the test's own account of the topology: which elements are
// down, as the accepted inputs left them, and the paths the invariants
// need, derived here from the element states by the rule of CS-1 (a path is
// up only when its links and the components at both of its ends are up),
// independently of the engine's derivation, under the settings that choose
// which sides of a pair may serve (home-only) and whether Finesse needs its
// CTI server.
type model struct {
	top  Topology
	cfg  Config
	down map[Element]bool
	// offline holds, per peripheral, the windows in which the model has it
	// offline: from the instant no PIM side of it was healthy to the instant
	// one was again (to is zero while it lasts).
	offline map[ccefsm.PeripheralID][]span
	// ctiSince is, per application whose path to the CTI server is down,
	// the instant it went down.
	ctiSince map[ccefsm.AppID]time.Time
}

// span is a stretch of time in Unix nanoseconds; to is zero while it
// lasts.
type span struct{ from, to int64 }

// newModel returns the model of top with every element up, under the
// default settings (set cfg for others).
func newModel(top Topology) *model {
	return &model{top: top, cfg: Config{Topology: top}, down: map[Element]bool{}, offline: map[ccefsm.PeripheralID][]span{}, ctiSince: map[ccefsm.AppID]time.Time{}}
}

// clone returns a copy of m that shares nothing mutable with it.
func (m *model) clone() *model {
	c := &model{top: m.top, cfg: m.cfg, down: maps.Clone(m.down), offline: make(map[ccefsm.PeripheralID][]span, len(m.offline)), ctiSince: maps.Clone(m.ctiSince)}
	for p, ws := range m.offline {
		c.offline[p] = slices.Clone(ws)
	}
	return c
}

// up reports whether element el is up in the model.
func (m *model) up(el Element) bool { return !m.down[el] }

// anySide reports whether ok holds for a side of a pair of redundancy r.
func anySide(r ccefsm.Redundancy, ok func(s ccefsm.Side) bool) bool {
	for _, s := range r.Sides() {
		if ok(s) {
			return true
		}
	}
	return false
}

func (m *model) controllerUp() bool {
	return anySide(m.top.CentralController, func(s ccefsm.Side) bool { return m.up(Element{Kind: CentralController, Side: s}) })
}

func (m *model) agentPG(id uint32) AgentPGConfig {
	for _, pg := range m.top.AgentPGs {
		if pg.ID == id {
			return pg
		}
	}
	panic("no Agent PG " + fmt.Sprint(id))
}

func (m *model) mrPG(id uint32) MRPGConfig {
	for _, mr := range m.top.MRPGs {
		if mr.ID == id {
			return mr
		}
	}
	panic("no MR PG " + fmt.Sprint(id))
}

// peripheralOnline: a side of p's PG up with p's PIM and its link to the
// ACD up, and the ACD up (CS-6).
func (m *model) peripheralOnline(p ccefsm.PeripheralID) bool {
	pg := m.agentPG(pgOf(m.top, p))
	return m.up(Element{Kind: ACD, ID: uint32(p)}) && anySide(pg.Redundancy, func(s ccefsm.Side) bool {
		return m.up(Element{AgentPG, pg.ID, s}) && m.up(Element{PIM, uint32(p), s}) && m.up(Element{LinkPIMACD, uint32(p), s})
	})
}

// appCTIUp: the application, its link to the CTI server, and a side of
// its PG with its CTI server up (CS-2, CS-7).
func (m *model) appCTIUp(a ApplicationConfig) bool {
	return m.up(Element{Kind: Application, ID: uint32(a.ID)}) && m.up(Element{Kind: LinkAppCTIServer, ID: uint32(a.ID)}) &&
		m.ctiServerUp(m.agentPG(a.AgentPG))
}

// serving reports whether a pair of redundancy r can serve its clients,
// ok(s) telling whether side s is healthy: any healthy side, or with
// homeOnly the home side only.
func serving(r ccefsm.Redundancy, home ccefsm.Side, homeOnly bool, ok func(s ccefsm.Side) bool) bool {
	if homeOnly {
		if r == ccefsm.Simplex {
			home = ccefsm.SideA
		}
		return ok(home)
	}
	return anySide(r, ok)
}

// appMRUp: the application, its link to the MR PG, and a side of the MR
// PG with its MR PIM up (CS-2).
func (m *model) appMRUp(a ApplicationConfig) bool {
	mr := m.mrPG(a.MRPG)
	return m.up(Element{Kind: Application, ID: uint32(a.ID)}) && m.up(Element{Kind: LinkAppMRPG, ID: uint32(a.ID)}) &&
		anySide(mr.Redundancy, func(s ccefsm.Side) bool { return m.up(Element{MRPG, mr.ID, s}) && m.up(Element{MRPIM, mr.ID, s}) })
}

// mrControllerUp: a side of the MR PG with its MR PIM and its link to the
// Central Controller up, and the Central Controller up (CS-3).
func (m *model) mrControllerUp(id uint32) bool {
	mr := m.mrPG(id)
	return m.controllerUp() && anySide(mr.Redundancy, func(s ccefsm.Side) bool {
		return m.up(Element{MRPG, mr.ID, s}) && m.up(Element{MRPIM, mr.ID, s}) && m.up(Element{LinkMRPIMController, mr.ID, s})
	})
}

// pgControllerUp: a side of the PG up with its link to the Central
// Controller up, and the Central Controller up (CS-3).
func (m *model) pgControllerUp(pg AgentPGConfig) bool {
	return m.controllerUp() && anySide(pg.Redundancy, func(s ccefsm.Side) bool {
		return m.up(Element{AgentPG, pg.ID, s}) && m.up(Element{LinkPGController, pg.ID, s})
	})
}

// ctiServerUp: a side of the PG up with its CTI server up; with
// ReconnectHomeOnly the home side (PreferredSide, else A).
func (m *model) ctiServerUp(pg AgentPGConfig) bool {
	home := m.cfg.PreferredSide
	if home == ccefsm.SideNone {
		home = ccefsm.SideA
	}
	return serving(pg.Redundancy, home, m.cfg.CTIServerClients == ReconnectHomeOnly, func(s ccefsm.Side) bool {
		return m.up(Element{AgentPG, pg.ID, s}) && m.up(Element{CTIServer, pg.ID, s})
	})
}

// paths returns every path of the topology with whether the model has it
// up.
func (m *model) paths() map[Path]bool {
	out := map[Path]bool{{Kind: PathController}: m.controllerUp()}
	for _, pg := range m.top.AgentPGs {
		out[Path{PathPG, pg.ID}] = anySide(pg.Redundancy, func(s ccefsm.Side) bool { return m.up(Element{AgentPG, pg.ID, s}) })
		out[Path{PathPGController, pg.ID}] = m.pgControllerUp(pg)
		for _, p := range pg.Peripherals {
			out[Path{PathPeripheral, uint32(p)}] = m.peripheralOnline(p)
		}
	}
	for _, mr := range m.top.MRPGs {
		out[Path{PathMRPIMController, mr.ID}] = m.mrControllerUp(mr.ID)
	}
	for _, a := range m.top.Applications {
		out[Path{PathAppMRPG, uint32(a.ID)}] = m.appMRUp(a)
		out[Path{PathAppCTIServer, uint32(a.ID)}] = m.appCTIUp(a)
	}
	for _, f := range m.top.Finesse {
		pg := m.agentPG(f.AgentPG)
		out[Path{PathFinesse, f.ID}] = (m.cfg.FinesseWithoutCTIServer || m.ctiServerUp(pg)) &&
			serving(f.Redundancy, ccefsm.SideA, m.cfg.FinesseClients == ReconnectHomeOnly, func(s ccefsm.Side) bool {
				return m.up(Element{Finesse, f.ID, s}) && m.up(Element{LinkFinesseCTIServer, f.ID, s})
			})
	}
	for _, cm := range m.top.CTIManagers {
		out[Path{PathCTIManager, cm.ID}] = serving(cm.Redundancy, ccefsm.SideA, m.cfg.CTIManagerClients == ReconnectHomeOnly, func(s ccefsm.Side) bool {
			return m.up(Element{CTIManager, cm.ID, s})
		})
	}
	for _, a := range m.top.Agents {
		out[Path{PathDesktop, uint32(a.ID)}] = m.up(Element{Kind: Desktop, ID: uint32(a.ID)}) && m.up(Element{Kind: LinkDesktopFinesse, ID: uint32(a.ID)})
	}
	return out
}

// apply follows an accepted input: the element it changed, the windows of
// the peripherals that went offline or came back, and the instants the
// applications' CTI paths went down.
func (m *model) apply(in Input) {
	if in.Op != OpDown && in.Op != OpUp {
		return
	}
	before := make(map[ccefsm.PeripheralID]bool)
	for _, pg := range m.top.AgentPGs {
		for _, p := range pg.Peripherals {
			before[p] = m.peripheralOnline(p)
		}
	}
	if in.Op == OpDown {
		m.down[in.Element] = true
	} else {
		delete(m.down, in.Element)
	}
	for p, was := range before {
		switch is := m.peripheralOnline(p); {
		case was && !is:
			m.offline[p] = append(m.offline[p], span{from: in.At.UnixNano()})
		case !was && is:
			m.offline[p][len(m.offline[p])-1].to = in.At.UnixNano()
		}
	}
	for _, a := range m.top.Applications {
		_, wasDown := m.ctiSince[a.ID]
		switch up := m.appCTIUp(a); {
		case !up && !wasDown:
			m.ctiSince[a.ID] = in.At
		case up && wasDown:
			delete(m.ctiSince, a.ID)
		}
	}
}

// checker holds what the invariants need across steps.
type checker struct {
	created  uint64
	answered map[[2]uint64]int // (app, request) → answers seen
}

// fataler is what the checker needs of *testing.T and *rapid.T.
type fataler interface {
	Fatalf(format string, args ...any)
	Fatal(args ...any)
}

// check applies every invariant of the engine after an input; m is the
// test's model of the elements after it.
func (c *checker) check(t fataler, e *Engine, l *Log, m *model) {
	// The decoder's own check.
	if field, why := e.verify(); why != "" {
		t.Fatalf("invariant broken: %s: %s", field, why)
	}
	// Every path is up exactly when the model, from the element states,
	// says so (CS-1).
	for p, up := range m.paths() {
		got, err := e.IsUp(p)
		if err != nil {
			t.Fatal(err)
		}
		if got != up {
			t.Fatalf("path %v up %v, the model says %v", p, got, up)
		}
	}
	// Conservation: every task created is open or ended in one class.
	tc := e.TaskCounts()
	var ended uint64
	for _, n := range tc.ByClass {
		ended += n
	}
	if uint64(tc.Open)+ended != c.created {
		t.Fatalf("conservation: %d open + %d ended != %d created", tc.Open, ended, c.created)
	}
	// Every interval in exactly one class, and no interval a PIM outage
	// overlapped is complete: neither the one the peripheral went offline
	// in (RP-1, RP-8) nor one its time offline overlapped (RP-2).
	iv := e.Topology().Interval
	for _, pg := range m.top.AgentPGs {
		for _, p := range pg.Peripherals {
			from := t0
			if h := e.led.horizon; h != 0 {
				from = time.Unix(0, h)
			}
			reps, err := e.Intervals(nil, p, from, e.Now().Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			for k, r := range reps {
				if k > 0 && !r.Start.Equal(reps[k-1].Start.Add(iv)) {
					t.Fatalf("intervals of %d not contiguous", p)
				}
				// On the grid of the interval offset (RP-2).
				if off := r.Start.Sub(t0.Truncate(iv)) % iv; (off+iv)%iv != m.cfg.Topology.IntervalOffset {
					t.Fatalf("interval %v of %d is off the grid of offset %v", r.Start, p, m.cfg.Topology.IntervalOffset)
				}
				if r.Class == ccefsm.ReportComplete && r.Rule != ccefsm.RuleNone {
					t.Fatalf("complete interval with rule %v", r.Rule)
				}
				if r.Class != ccefsm.ReportComplete {
					continue
				}
				s, end := r.Start.UnixNano(), r.Start.Add(iv).UnixNano()
				for _, w := range m.offline[p] {
					to := w.to
					if to == 0 {
						to = e.Now().UnixNano()
					}
					if w.from >= s && w.from < end || w.from < end && to > s {
						t.Fatalf("peripheral %d: interval %v complete, but the peripheral was offline from %v to %v", p, r.Start, time.Unix(0, w.from).UTC(), time.Unix(0, to).UTC())
					}
				}
			}
		}
	}
	// Every NEW_TASK answered at most once, over the whole run.
	for i := 0; i < l.Len(); i++ {
		if r, ok := l.At(i).(*routing.Effect); ok {
			switch r.Kind {
			case routing.EffectRouted, routing.EffectFailed, routing.EffectNewTaskFailure:
				k := [2]uint64{uint64(r.App), uint64(r.Request)}
				c.answered[k]++
				if c.answered[k] > 1 {
					t.Fatalf("request %d of app %d answered twice", r.Request, r.App)
				}
			}
		}
	}
	// No voice task routable through a down PIM: the model says which
	// peripherals are offline.
	if v := m.top.MRDs[0]; v.Media == ccefsm.MediaVoice {
		for _, a := range m.top.Agents {
			if ok, _, _, _ := e.Routable(a.ID, v.ID); ok && !m.peripheralOnline(a.Peripheral) {
				t.Fatalf("agent %d routable for voice with peripheral %d offline", a.ID, a.Peripheral)
			}
		}
	}
	// No task alive past its task life while its path is down: the model
	// says since when each application's CTI path has been down.
	for _, tk := range e.store.AppendTasks(nil) {
		since, down := m.ctiSince[tk.App]
		var mrd ccefsm.MRD
		for _, x := range m.top.MRDs {
			if x.ID == tk.MRD {
				mrd = x
			}
		}
		if !down || mrd.Media == ccefsm.MediaEmail || tk.Unreported || tk.State == taskstate.StateClosing || tk.Created.After(since) {
			continue
		}
		if !e.Now().Before(since.Add(mrd.TaskLife)) {
			t.Fatalf("task %d alive at %v, past its task life from %v", tk.ID, e.Now(), since)
		}
	}
	// Routing enabled only when every cause has cleared: an application
	// whose MR PG path is up has been told ROUTING_DISABLED exactly while
	// its MR PIM cannot reach the Central Controller.
	for _, a := range m.top.Applications {
		conn, err := e.Conn(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cc := m.mrControllerUp(a.MRPG); m.appMRUp(a) && conn.RoutingDisabled() == cc {
			t.Fatalf("application %d: routing disabled %v with the MR PIM's path up %v", a.ID, conn.RoutingDisabled(), cc)
		}
	}
}

// TestRapidStorms drives random topologies, under random settings (every
// override of an inferred choice, genConfig), through random fault storms
// and checks the invariants after every input, against the test's own
// model of the elements; at a random step it snapshots the engine,
// restores the snapshot into a second engine, and requires both to give
// the same effects and bytes from then on. At the end it replays the whole
// storm (inputs and Forget calls) into a new engine and requires the same
// snapshot bytes.
func TestRapidStorms(t *testing.T) {
	splits := 0 // calls split (RP-9) over every storm
	defer func() {
		t.Logf("%d calls split", splits)
		if splits == 0 && !t.Failed() {
			t.Error("no storm split a call: the RP-9 invariant was not exercised")
		}
	}()
	rapid.Check(t, func(t *rapid.T) {
		top := genTopology(t)
		cfg := genConfig(t, top)
		e, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		s := newStorm(top)
		m := newModel(top)
		m.cfg = cfg
		c := &checker{answered: map[[2]uint64]int{}}
		var l Log
		var twin *Engine
		var tl Log
		// The storm as it happened: each input, or a Forget (Op OpNone, At
		// the instant forgotten before).
		var trace []Input
		steps := rapid.IntRange(1, 120).Draw(t, "steps")
		fork := rapid.IntRange(0, steps).Draw(t, "fork")
		for i := 0; i < steps; i++ {
			if i == fork {
				b, err := e.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				twin = new(Engine)
				if err := twin.UnmarshalBinary(b); err != nil {
					t.Fatalf("restore: %v", err)
				}
			}
			if rapid.IntRange(0, 30).Draw(t, "forget") == 0 {
				f := e.Now().Add(-time.Duration(rapid.IntRange(0, 7200).Draw(t, "forget before")) * time.Second)
				e.Forget(f)
				trace = append(trace, Input{Op: OpNone, At: f})
				if twin != nil {
					twin.Forget(f)
				}
			}
			in := s.draw(t, e)
			trace = append(trace, in)
			l.Reset()
			pre := watchSplits(e, m)
			err := e.Apply(&l, in)
			if err == nil {
				m.apply(in)
				if in.Op == OpCreateTask {
					c.created++
				}
			}
			c.check(t, e, &l, m)
			splits += pre.check(t, e, &l, m, in, err == nil)
			if twin != nil {
				tl.Reset()
				err2 := twin.Apply(&tl, in)
				if (err == nil) != (err2 == nil) {
					t.Fatalf("restored engine disagrees on %v: %v vs %v", in.Op, err, err2)
				}
				if !slices.Equal(effectLines(&l), effectLines(&tl)) {
					t.Fatalf("restored engine's effects differ on %v:\n%v\n%v", in.Op, effectLines(&l), effectLines(&tl))
				}
			}
		}
		final, err := e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if twin != nil {
			b, _ := twin.MarshalBinary()
			if !bytes.Equal(final, b) {
				t.Fatal("restored engine's snapshot differs at the end")
			}
		}
		// Replaying the same inputs gives the same bytes.
		re, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range trace {
			if in.Op == OpNone {
				re.Forget(in.At)
				continue
			}
			l.Reset()
			_ = re.Apply(&l, in)
		}
		if b, _ := re.MarshalBinary(); !bytes.Equal(final, b) {
			t.Fatal("replaying the storm gives different snapshot bytes")
		}
	})
}

// splitWatch is what the RP-9 invariant needs of the engine before an
// input: the ledger's length, each agent's status in the voice MRD, and
// each peripheral's active side and, by the model, whether it is online.
type splitWatch struct {
	n      int
	voice  ccefsm.MRDID
	status map[ccefsm.AgentID]agentstate.Status
	active map[ccefsm.PeripheralID]ccefsm.Side
	online map[ccefsm.PeripheralID]bool
	cmUp   map[Path]bool // the model's CTI Manager paths
}

func watchSplits(e *Engine, m *model) *splitWatch {
	w := &splitWatch{n: len(e.Splits(nil)), status: map[ccefsm.AgentID]agentstate.Status{},
		active: map[ccefsm.PeripheralID]ccefsm.Side{}, online: map[ccefsm.PeripheralID]bool{}, cmUp: m.paths()}
	for _, md := range m.top.MRDs {
		if md.Media == ccefsm.MediaVoice {
			w.voice = md.ID
		}
	}
	for _, a := range m.top.Agents {
		if w.voice != 0 {
			w.status[a.ID], _ = e.Roster().Status(a.ID, w.voice)
		}
		ps, _ := e.Roster().Peripheral(a.Peripheral)
		w.active[a.Peripheral] = ps.Active
		w.online[a.Peripheral] = m.peripheralOnline(a.Peripheral)
	}
	return w
}

// check is the RP-9 invariant, from the agents' states and the model
// rather than the effects the engine derives its ledger from: the input
// added a split for exactly the agents whose call (Talking or Hold in the
// voice MRD) a failover of their Agent PG recovered at the input's
// instant, once each, each with its EffectCallSplit in the log, and
// nothing else. A failover recovers a call when the input takes down the
// PG side of the agent's peripheral's active side while the peripheral
// stays online (the other side takes over: the agent was on the call),
// or when the peripheral comes back online and the agent, logged out on
// the call by a failure, is logged in again on it by the PG table (AG-T1;
// a Finesse pair coming back with the PG logs its agents in again by
// AG-T2 in the same input). A CTI Manager's recovery is a PG failover
// too (its failure makes the PG's active side fail over): the calls of the
// agents of its peripherals are split when the other CTI Manager takes
// over (an AG-5 takeover in the log) and the agent, on the call, is logged
// in again by AG-T1, or when the CTI Manager comes back (by the model) and
// the agent, logged out on the call, is logged in again on it by AG-T1. It
// returns the number of splits the input added.
func (w *splitWatch) check(t fataler, e *Engine, l *Log, m *model, in Input, accepted bool) int {
	all := e.Splits(nil)
	if !accepted {
		if len(all) != w.n {
			t.Fatalf("a refused %v added %d splits", in.Op, len(all)-w.n)
		}
		return 0
	}
	onCall := func(s agentstate.State) bool { return s == agentstate.Talking || s == agentstate.Hold }
	// The failover table of each voice re-login: AG-T1 for a PG's (or a
	// CTI Manager's), AG-T2 for a desktop's or Finesse's.
	table := map[ccefsm.AgentID]ccefsm.RuleID{}
	cmTakeover := map[uint32]bool{}
	for _, ef := range l.All() {
		if a, ok := ef.(*agentstate.Effect); ok && a.Kind == agentstate.EffectLoggedIn && a.MRD == w.voice {
			table[a.Agent] = a.Table
		}
		if x, ok := ef.(*Effect); ok && x.Kind == EffectTakeover && x.Element.Kind == CTIManager {
			cmTakeover[x.Element.ID] = true
		}
	}
	cmUp := m.paths()
	// cmEvent reports whether a CTI Manager of peripheral p was taken
	// over by its other side, or came back, in this input.
	cmEvent := func(p ccefsm.PeripheralID) (takeover, back bool) {
		for _, cm := range m.top.CTIManagers {
			if !slices.Contains(cm.Peripherals, p) {
				continue
			}
			path := Path{Kind: PathCTIManager, ID: cm.ID}
			takeover = takeover || cmTakeover[cm.ID]
			back = back || !w.cmUp[path] && cmUp[path]
		}
		return takeover, back
	}
	var want []ccefsm.AgentID
	for _, a := range m.top.Agents {
		if w.voice == 0 {
			break
		}
		s0 := w.status[a.ID]
		s1, err := e.Roster().Status(a.ID, w.voice)
		if err != nil {
			t.Fatal(err)
		}
		p := a.Peripheral
		online := m.peripheralOnline(p)
		back := !w.online[p] && online
		takeover := in.Op == OpDown && in.Element == Element{Kind: AgentPG, ID: pgOf(m.top, p), Side: w.active[p]} && w.online[p] && online
		relogin := s0.Pending != agentstate.CauseNone && s1.Pending == agentstate.CauseNone && s1.State == s0.Held &&
			s1.Since.Equal(in.At) && table[a.ID] == ccefsm.AGT1
		cmTake, cmBack := cmEvent(p)
		relogged := onCall(s1.State) && s1.Pending == agentstate.CauseNone && s1.Since.Equal(in.At) && table[a.ID] == ccefsm.AGT1
		switch {
		case takeover && onCall(s0.State) || back && onCall(s0.Held) && relogin:
			want = append(want, a.ID)
		case cmTake && onCall(s0.State) && s0.Pending == agentstate.CauseNone && relogged,
			cmBack && onCall(s0.Held) && relogin:
			want = append(want, a.ID)
		}
	}
	added := all[w.n:]
	var got []ccefsm.AgentID
	for _, s := range added {
		got = append(got, s.Agent)
		if !s.Recovered.Equal(in.At) || s.Rule != ccefsm.RP9 || s.MRD != w.voice || s.Peripheral != peripheralOfAgent(m.top, s.Agent) {
			t.Fatalf("split %+v after %v at %v", s, in.Op, in.At)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Fatalf("%v %v at %v: calls split for agents %v, want %v", in.Op, in.Element, in.At, got, want)
	}
	var effects []SplitReport
	for _, ef := range l.All() {
		if x, ok := ef.(*Effect); ok && x.Kind == EffectCallSplit {
			o, _ := e.Outage(x.Outage)
			effects = append(effects, SplitReport{Agent: x.Agent, Peripheral: x.Peripheral, MRD: x.MRD, Failed: o.From, Recovered: x.At, Rule: x.Rule, Outage: x.Outage})
		}
	}
	if !slices.Equal(effects, added) {
		t.Fatalf("split effects %+v, ledger %+v", effects, added)
	}
	return len(added)
}

func peripheralOfAgent(top Topology, a ccefsm.AgentID) ccefsm.PeripheralID {
	for _, x := range top.Agents {
		if x.ID == a {
			return x.Peripheral
		}
	}
	return 0
}

func effectLines(l *Log) []string {
	out := make([]string, 0, l.Len())
	for i := 0; i < l.Len(); i++ {
		out = append(out, fmt.Sprintf("%d %s", l.Input(i), l.At(i)))
	}
	return out
}
