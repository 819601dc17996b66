package bench

import (
	"bytes"
	"runtime"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// The storm workload: 24,000 agents on 12 peripherals (four duplex Agent
// PGs of three peripherals, 2,000 agents each), four applications, one per
// PG, each serving its own chat MRD, a duplex CTI Manager for PG 3, a
// duplex Finesse pair per PG, a simplex MR PG, and 1,000,000 open tasks
// (250,000 per application, about 42 per agent). One round is 18 inputs:
// every kind of fault once, overlapping, each restored. Its two
// implementations — the failover engine, and the leaves driven by hand
// with the same calls the engine makes — are checked to leave the same
// bytes in every leaf (TestStormSameWork).
const (
	stormPGs        = 4
	stormPerPG      = 3
	stormPerPer     = 2000
	stormAgents     = stormPGs * stormPerPG * stormPerPer
	stormVoice      = ccefsm.MRDID(1)
	stormMRPG       = 10
	stormCTIManager = 1
)

func stormChat(pg int) ccefsm.MRDID { return ccefsm.MRDID(10 + pg) }
func stormApp(pg int) ccefsm.AppID  { return ccefsm.AppID(pg) }
func stormPeripheral(pg, k int) ccefsm.PeripheralID {
	return ccefsm.PeripheralID(5000 + 10*pg + k)
}
func stormAgent(pg, k, n int) ccefsm.AgentID {
	return ccefsm.AgentID(100000*pg + 10000*k + n + 1)
}

func stormMRDs() []ccefsm.MRD {
	ms := []ccefsm.MRD{ccefsm.NewMRD(stormVoice, ccefsm.MediaVoice)}
	for pg := 1; pg <= stormPGs; pg++ {
		m := ccefsm.NewMRD(stormChat(pg), ccefsm.MediaChat)
		m.MaxDuration = ccefsm.MaxAttribute // no task reaches TS-6 however long the benchmark runs
		ms = append(ms, m)
	}
	return ms
}

func stormTopology() failover.Topology {
	t := failover.Topology{CentralController: ccefsm.Duplex, MRDs: stormMRDs(),
		MRPGs:       []failover.MRPGConfig{{ID: stormMRPG}},
		CTIManagers: []failover.CTIManagerConfig{{ID: stormCTIManager, Redundancy: ccefsm.Duplex}}}
	for pg := 1; pg <= stormPGs; pg++ {
		c := failover.AgentPGConfig{ID: uint32(pg), Redundancy: ccefsm.Duplex}
		for k := 0; k < stormPerPG; k++ {
			p := stormPeripheral(pg, k)
			c.Peripherals = append(c.Peripherals, p)
			if pg == 3 {
				t.CTIManagers[0].Peripherals = append(t.CTIManagers[0].Peripherals, p)
			}
			for n := 0; n < stormPerPer; n++ {
				t.Agents = append(t.Agents, failover.AgentConfig{ID: stormAgent(pg, k, n), Peripheral: p})
			}
		}
		t.AgentPGs = append(t.AgentPGs, c)
		t.Applications = append(t.Applications, failover.ApplicationConfig{ID: stormApp(pg), MRDs: []ccefsm.MRDID{stormChat(pg)}, AgentPG: uint32(pg), MRPG: stormMRPG})
		t.Finesse = append(t.Finesse, failover.FinesseConfig{ID: uint32(pg), Redundancy: ccefsm.Duplex, AgentPG: uint32(pg)})
	}
	return t
}

// stormSetup is what both implementations start from: every agent logged
// in to voice and its PG's chat MRD and Ready, and tasks open tasks
// spread over the agents of each application's PG.
type stormSetup struct {
	tasks int
}

func (s stormSetup) logins(f func(a ccefsm.AgentID, m ccefsm.MRDID, ev agentstate.Event)) {
	for pg := 1; pg <= stormPGs; pg++ {
		for k := 0; k < stormPerPG; k++ {
			for n := 0; n < stormPerPer; n++ {
				a := stormAgent(pg, k, n)
				for _, m := range []ccefsm.MRDID{stormVoice, stormChat(pg)} {
					f(a, m, agentstate.EventLogin)
					f(a, m, agentstate.EventReady)
				}
			}
		}
	}
}

func (s stormSetup) creates(f func(taskstate.NewTask)) {
	perPG := s.tasks / stormPGs
	for pg := 1; pg <= stormPGs; pg++ {
		for i := 0; i < perPG; i++ {
			n := i % (stormPerPG * stormPerPer)
			f(taskstate.NewTask{ID: ccefsm.TaskID(pg*10_000_000 + i + 1), App: stormApp(pg), MRD: stormChat(pg),
				Agent: stormAgent(pg, n/stormPerPer, n%stormPerPer), State: taskstate.StateActive})
		}
	}
}

// A stormRunner runs rounds of the storm.
type stormRunner interface {
	round(tb testing.TB, r int)
}

// stormInputs returns the 18 inputs of round r. Even rounds fail side A of
// the pairs, odd rounds side B: each round fails the side the previous one
// left active, so that every round does the same work.
func stormInputs(r int, at time.Time) []failover.Input {
	s, _ := ccefsm.SideA, ccefsm.SideB
	if r%2 == 1 {
		s = ccefsm.SideB
	}
	acd := stormPeripheral(2, 0)
	desk := stormAgent(4, 1, 7)
	el := func(k failover.Kind, id uint32, side ccefsm.Side) failover.Element {
		return failover.Element{Kind: k, ID: id, Side: side}
	}
	down := []failover.Element{
		el(failover.CentralController, 0, ccefsm.SideA), el(failover.CentralController, 0, ccefsm.SideB),
		el(failover.AgentPG, 1, s), el(failover.ACD, uint32(acd), 0), el(failover.CTIManager, stormCTIManager, s),
		el(failover.Finesse, 4, s), el(failover.Desktop, uint32(desk), 0), el(failover.MRPG, stormMRPG, ccefsm.SideA),
		el(failover.LinkAppCTIServer, uint32(stormApp(1)), 0),
	}
	up := []failover.Element{down[0], down[7], down[8], down[6], down[5], down[4], down[3], down[2], down[1]}
	var out []failover.Input
	for _, e := range down {
		at = at.Add(time.Second)
		out = append(out, failover.Input{Op: failover.OpDown, At: at, Element: e})
	}
	for i, e := range up {
		at = at.Add(time.Second)
		out = append(out, failover.Input{Op: failover.OpUp, At: at, Element: e})
		if i == 6 { // the ACD is back: it reports its agents' states (AG-2)
			in := failover.Input{Op: failover.OpReportStates, At: at, Peripheral: acd}
			for n := 0; n < stormPerPer; n++ {
				in.Reports = append(in.Reports, agentstate.Report{Agent: stormAgent(2, 0, n), MRD: stormVoice, State: agentstate.Available})
			}
			out = append(out, in)
		}
	}
	return out
}

// roundTime is the instant a round starts: rounds are 20 seconds apart.
func roundTime(r int) time.Time { return t0.Add(time.Hour + time.Duration(r)*20*time.Second) }

// engineRunner runs the storm through the failover engine.
type engineRunner struct {
	e      *failover.Engine
	log    failover.Log
	inputs [2][]failover.Input
}

func newEngineRunner(tb testing.TB, s stormSetup) *engineRunner {
	e, err := failover.New(failover.Config{Topology: stormTopology(), Start: t0})
	if err != nil {
		tb.Fatal(err)
	}
	r := &engineRunner{e: e}
	s.logins(func(a ccefsm.AgentID, m ccefsm.MRDID, ev agentstate.Event) {
		if err := e.AgentRequest(&r.log, t0, a, m, ev, 0); err != nil {
			tb.Fatal(err)
		}
		r.log.Reset()
	})
	s.creates(func(nt taskstate.NewTask) {
		if err := e.CreateTask(&r.log, t0, nt); err != nil {
			tb.Fatal(err)
		}
		r.log.Reset()
	})
	r.inputs = [2][]failover.Input{stormInputs(0, t0), stormInputs(1, t0)}
	return r
}

func (r *engineRunner) round(tb testing.TB, n int) {
	r.log.Reset()
	at := roundTime(n)
	for _, in := range r.inputs[n%2] {
		in.At = at.Add(in.At.Sub(t0))
		if err := r.e.Apply(&r.log, in); err != nil {
			tb.Fatal(err)
		}
	}
}

// leafRunner runs the same storm through the leaves directly, making the
// calls the engine makes, in its order.
type leafRunner struct {
	roster *agentstate.Roster
	store  *taskstate.Store
	voice  *routing.Voice
	conns  []*routing.Conn
	caches []*routing.ReportCache
	agents []agentstate.Effect
	tasks  []taskstate.Effect
	routes []routing.Effect
	recs   []routing.ReportEffect
	report []agentstate.Report
}

// stormTasks is the Tasks view the engine gives the roster: an agent's
// chat state rebuilt from its tasks (every agent has active ones).
type stormTasks struct{}

func (stormTasks) TaskState(a ccefsm.AgentID, m ccefsm.MRDID) (agentstate.State, bool) {
	if int(m) == 10+int(a)/100000 {
		return agentstate.Active, true
	}
	return 0, false
}

func newLeafRunner(tb testing.TB, s stormSetup) *leafRunner {
	top := stormTopology()
	r := &leafRunner{}
	var err error
	if r.roster, err = agentstate.NewRoster(agentstate.Config{MRDs: top.MRDs, Tasks: stormTasks{}}); err != nil {
		tb.Fatal(err)
	}
	if r.store, err = taskstate.NewStore(taskstate.Config{MRDs: top.MRDs[1:]}); err != nil {
		tb.Fatal(err)
	}
	if r.voice, err = routing.NewVoice(routing.VoiceConfig{}); err != nil {
		tb.Fatal(err)
	}
	for _, pg := range top.AgentPGs {
		for _, p := range pg.Peripherals {
			if err := r.roster.AddPeripheral(p, pg.Redundancy); err != nil {
				tb.Fatal(err)
			}
		}
		c, err := routing.NewReportCache(routing.ReportCacheConfig{})
		if err != nil {
			tb.Fatal(err)
		}
		r.caches = append(r.caches, c)
	}
	r.roster.Grow(len(top.Agents))
	for _, a := range top.Agents {
		if err := r.roster.AddAgent(t0, a.ID, a.Peripheral); err != nil {
			tb.Fatal(err)
		}
	}
	for _, a := range top.Applications {
		c, err := routing.NewConn(routing.ConnConfig{App: a.ID})
		if err != nil {
			tb.Fatal(err)
		}
		r.conns = append(r.conns, c)
	}
	s.logins(func(a ccefsm.AgentID, m ccefsm.MRDID, ev agentstate.Event) {
		if err := r.roster.Apply(t0, a, m, ev, 0); err != nil {
			tb.Fatal(err)
		}
	})
	s.creates(func(nt taskstate.NewTask) {
		if _, err := r.store.Create(r.tasks[:0], t0, nt); err != nil {
			tb.Fatal(err)
		}
	})
	return r
}

func (r *leafRunner) round(tb testing.TB, n int) {
	s, o := ccefsm.SideA, ccefsm.SideB
	if n%2 == 1 {
		s, o = o, s
	}
	at := roundTime(n)
	step := 0
	next := func() time.Time { step++; return at.Add(time.Duration(step) * time.Second) }
	r.agents, r.tasks, r.routes, r.recs = r.agents[:0], r.tasks[:0], r.routes[:0], r.recs[:0]
	pers := func(pg int) []ccefsm.PeripheralID {
		return []ccefsm.PeripheralID{stormPeripheral(pg, 0), stormPeripheral(pg, 1), stormPeripheral(pg, 2)}
	}
	acd := stormPeripheral(2, 0)
	desk := stormAgent(4, 1, 7)
	app1 := stormApp(1)
	var err error
	check := func() {
		if err != nil {
			tb.Fatal(err)
		}
	}
	// Down: the Central Controller's sides (the second takes the PGs' and
	// the MR PIM's paths to it down, CS-3).
	r.store.Advance(r.tasks, next())
	now := next()
	r.store.Advance(r.tasks, now)
	for _, c := range r.caches {
		r.recs, err = c.PathDown(r.recs, now)
		check()
	}
	for _, c := range r.conns {
		r.routes, err = c.ControllerPathDown(r.routes, now)
		check()
	}
	// PG 1's active side (AG-4, AG-3, AG-5).
	now = next()
	r.store.Advance(r.tasks, now)
	for _, p := range pers(1) {
		r.agents, err = r.roster.SideDown(r.agents, now, p, s, agentstate.CausePG)
		check()
	}
	// The ACD of PG 2's first peripheral (CS-6, AG-1, RT-5).
	now = next()
	r.store.Advance(r.tasks, now)
	r.agents, err = r.roster.SideDown(r.agents, now, acd, ccefsm.SideB, agentstate.CausePIM)
	check()
	r.agents, err = r.roster.SideDown(r.agents, now, acd, ccefsm.SideA, agentstate.CausePIM)
	check()
	r.routes, err = r.voice.PIMDown(r.routes, now, acd)
	check()
	// The active CTI Manager, its backup taking over (AG-4, AG-5).
	now = next()
	r.store.Advance(r.tasks, now)
	for _, p := range pers(3) {
		r.agents, err = r.roster.CTIManagerDown(r.agents, now, p)
		check()
	}
	for _, p := range pers(3) {
		r.agents, err = r.roster.CTIManagerUp(r.agents, now, p)
		check()
	}
	// PG 4's active Finesse server, the other taking over (AG-6, AG-7).
	now = next()
	r.store.Advance(r.tasks, now)
	for _, p := range pers(4) {
		r.agents, err = r.roster.FinesseDown(r.agents, now, p)
		check()
	}
	for _, p := range pers(4) {
		r.agents, err = r.roster.FinesseUp(r.agents, now, p)
		check()
	}
	// One desktop (AG-6).
	now = next()
	r.store.Advance(r.tasks, now)
	r.agents, err = r.roster.DesktopDown(r.agents, now, desk)
	check()
	// The MR PG (RT-1).
	now = next()
	r.store.Advance(r.tasks, now)
	for _, c := range r.conns {
		r.routes, err = c.AppPathDown(r.routes, now)
		check()
	}
	// Application 1's link to its CTI server (TS-1 starts, AG-8).
	now = next()
	r.store.Advance(r.tasks, now)
	r.tasks, err = r.store.PathDown(r.tasks, now, app1)
	check()
	for _, p := range pers(1) {
		r.agents, err = r.roster.CTIPathDown(r.agents, now, p, stormChat(1))
		check()
	}

	// Up: the Central Controller's first side (RT-6: caches delivered).
	now = next()
	r.store.Advance(r.tasks, now)
	for _, c := range r.caches {
		r.recs, err = c.PathUp(r.recs, now)
		check()
	}
	// The MR PG (RT-4, RT-2).
	now = next()
	r.store.Advance(r.tasks, now)
	for _, c := range r.conns {
		r.routes, err = c.ControllerPathUp(r.routes, now)
		check()
		r.routes, err = c.AppPathUp(r.routes, now)
		check()
	}
	// Application 1's CTI link (AG-8).
	now = next()
	r.store.Advance(r.tasks, now)
	r.tasks, err = r.store.PathUp(r.tasks, now, app1)
	check()
	for _, p := range pers(1) {
		r.agents, err = r.roster.CTIPathUp(r.agents, now, p, stormChat(1), nil)
		check()
	}
	// The desktop (AG-7).
	now = next()
	r.store.Advance(r.tasks, now)
	r.agents, err = r.roster.DesktopUp(r.agents, now, desk)
	check()
	// Finesse and the CTI Manager come back as standby: nothing to do but
	// the clock.
	r.store.Advance(r.tasks, next())
	r.store.Advance(r.tasks, next())
	// The ACD (AG-3, RT-5), then its report (AG-2).
	now = next()
	r.store.Advance(r.tasks, now)
	r.agents, err = r.roster.PeripheralUp(r.agents, now, acd)
	check()
	r.routes, err = r.voice.PIMUp(r.routes, now, acd)
	check()
	r.report = r.report[:0]
	for k := 0; k < stormPerPer; k++ {
		r.report = append(r.report, agentstate.Report{Agent: stormAgent(2, 0, k), MRD: stormVoice, State: agentstate.Available})
	}
	r.store.Advance(r.tasks, now)
	r.agents, err = r.roster.ReportStates(r.agents, now, acd, r.report)
	check()
	// PG 1's failed side, as standby (AG-3).
	now = next()
	r.store.Advance(r.tasks, now)
	for _, p := range pers(1) {
		r.agents, err = r.roster.SideUp(r.agents, now, p, s)
		check()
	}
	_ = o
	// The Central Controller's second side: nothing changes.
	r.store.Advance(r.tasks, next())
}

// TestStormSameWork checks that the two implementations do the same work:
// after two rounds (one failing side A, one side B) every leaf of the
// engine marshals to the same bytes as the leaf driven by hand.
func TestStormSameWork(t *testing.T) {
	s := stormSetup{tasks: 40_000}
	if testing.Short() {
		s.tasks = 4_000
	}
	er, lr := newEngineRunner(t, s), newLeafRunner(t, s)
	for n := 0; n < 2; n++ {
		er.round(t, n)
		lr.round(t, n)
	}
	same := func(what string, a, b interface{ MarshalBinary() ([]byte, error) }) {
		x, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		y, err := b.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s: the engine's and the hand-driven leaf differ", what)
		}
	}
	same("roster", er.e.Roster(), lr.roster)
	same("task store", er.e.Store(), lr.store)
	for i := 1; i <= stormPGs; i++ {
		c, err := er.e.Conn(stormApp(i))
		if err != nil {
			t.Fatal(err)
		}
		same("connection", c, lr.conns[i-1])
	}
	if er.log.Len() == 0 {
		t.Fatal("the storm produced no effects")
	}
}

// BenchmarkStorm runs storm rounds over 24,000 agents and 1,000,000 open
// tasks through the engine and through the leaves driven by hand, in the
// same run; ns/input, effects per round, allocations per input and the
// heap of each are reported.
func BenchmarkStorm(b *testing.B) {
	s := stormSetup{tasks: 1_000_000}
	for _, lib := range []string{"engine", "leaves"} {
		b.Run("lib="+lib, func(b *testing.B) {
			var run stormRunner
			var heap uint64
			var effects func() int
			if lib == "engine" {
				er := newEngineRunner(b, s)
				run, effects = er, er.log.Len
				heap = heapNow()
				runtime.KeepAlive(er)
			} else {
				lr := newLeafRunner(b, s)
				run, effects = lr, func() int { return len(lr.agents) + len(lr.tasks) + len(lr.routes) + len(lr.recs) }
				heap = heapNow()
				runtime.KeepAlive(lr)
			}
			for n := 0; n < 4; n++ { // warm: logs and outage lists grown
				run.round(b, n)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				run.round(b, n+4)
			}
			inputs := len(stormInputs(0, t0))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*inputs), "ns/input")
			b.ReportMetric(float64(effects()), "effects/round")
			b.ReportMetric(float64(heap)/(1<<20), "MiB-heap")
		})
	}
}

func heapNow() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
