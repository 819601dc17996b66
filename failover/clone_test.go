package failover

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/clonecheck"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// engineShared lists what a clone shares with its engine, each never
// written after New (see Engine.Clone): the topology and its indexes, the
// tables of Config, the task transition table, the roster's MRD list and
// failover tables.
// The roster's Tasks points at the engine itself, the clone's at the
// clone (TestCloneRapid checks it).
var engineShared = []string{
	"cfg.Topology", "cfg.PGTable", "cfg.DesktopTable", "cfg.TaskTable",
	"top", "tab", "store.table", "roster.mrds", "roster.cfg.MRDs", "roster.cfg.Tasks", "roster.pg", "roster.fin",
}

// newEngine returns a new engine of topology top starting at t0.
func newEngine(tb testing.TB, top Topology) *Engine {
	tb.Helper()
	e, err := New(Config{Topology: top, Start: t0})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func engineSnap(t interface{ Fatalf(string, ...any) }, e *Engine) []byte {
	b, err := e.MarshalBinary()
	if err != nil {
		t.Fatalf("MarshalBinary: %v", err)
	}
	return b
}

// sameEngine checks that a clone is its engine: the same snapshot, its
// own topology and task view, and no memory shared but engineShared.
func sameEngine(t interface{ Fatalf(string, ...any) }, e, c *Engine) {
	if !bytes.Equal(engineSnap(t, e), engineSnap(t, c)) {
		t.Fatalf("the clone's snapshot differs from the engine's")
	}
	if c.top.t != &c.cfg.Topology {
		t.Fatalf("the clone's topology index reads another engine's topology")
	}
	tasks := reflect.ValueOf(c.roster).Elem().FieldByName("cfg").FieldByName("Tasks")
	if tasks.IsNil() || tasks.Elem().Pointer() != uintptr(unsafe.Pointer(c)) {
		t.Fatalf("the clone's roster reads another engine's tasks")
	}
	if shared := clonecheck.Shared(e, c, engineShared...); len(shared) != 0 {
		t.Fatalf("the clone shares memory with the engine: %q", shared)
	}
	if field, why := c.verify(); why != "" {
		t.Fatalf("the clone breaks an invariant: %s: %s", field, why)
	}
}

// stormStep draws one step of a storm from engine e: an input, or now and
// then a Forget (Op OpNone, At the instant), which rewrites the ledger's
// slices in place.
func stormStep(t *rapid.T, s *storm, e *Engine) Input {
	if rapid.IntRange(0, 15).Draw(t, "forget") == 0 {
		return Input{Op: OpNone, At: e.Now().Add(-time.Duration(rapid.IntRange(0, 7200).Draw(t, "forget before")) * time.Second)}
	}
	return s.draw(t, e)
}

// stormApply applies one step to e and returns its effects and error as
// text, after the engine's own invariant check.
func stormApply(t interface{ Fatalf(string, ...any) }, e *Engine, in Input) []string {
	if in.Op == OpNone {
		e.Forget(in.At)
		return []string{fmt.Sprint("forget ", in.At)}
	}
	var l Log
	err := e.Apply(&l, in)
	if field, why := e.verify(); why != "" {
		t.Fatalf("%v: invariant broken: %s: %s", in.Op, field, why)
	}
	return append(effectLines(&l), fmt.Sprint(err))
}

// lockstep applies n random steps, drawn from the first engine, to each
// engine and requires the same effects and errors from all.
func lockstep(t *rapid.T, s *storm, n int, es ...*Engine) {
	for range n {
		in := stormStep(t, s, es[0])
		want := stormApply(t, es[0], in)
		for k, e := range es[1:] {
			if got := stormApply(t, e, in); !slices.Equal(want, got) {
				t.Fatalf("engine %d disagrees on %v %v:\n%v\n%v", k+1, in.Op, in.Element, want, got)
			}
		}
	}
}

// TestCloneRapid: a clone of an engine that a random storm built is the
// engine (same snapshot, invariants, no memory shared but what no input
// changes); the same random inputs to both give the same effects, errors
// and snapshots; inputs to the clone alone give what they give to an
// engine restored from the clone's snapshot and leave the engine's
// snapshot as it was; and the other way round. Forget, which rewrites the
// ledger in place, is among the inputs.
func TestCloneRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		top := genTopology(t)
		e, err := New(Config{Topology: top, Start: t0})
		if err != nil {
			t.Fatal(err)
		}
		s := newStorm(top)
		lockstep(t, s, rapid.IntRange(0, 80).Draw(t, "history"), e)
		c := e.Clone()
		sameEngine(t, e, c)

		lockstep(t, s, rapid.IntRange(0, 40).Draw(t, "both"), e, c)
		if !bytes.Equal(engineSnap(t, e), engineSnap(t, c)) {
			t.Fatalf("the same inputs leave the clone with another snapshot")
		}

		before := engineSnap(t, e)
		lockstep(t, s, rapid.IntRange(1, 40).Draw(t, "clone only"), c, roundTrip(t, c))
		if !bytes.Equal(before, engineSnap(t, e)) {
			t.Fatalf("inputs to the clone changed the engine")
		}
		before = engineSnap(t, c)
		lockstep(t, s, rapid.IntRange(1, 40).Draw(t, "engine only"), e, roundTrip(t, e))
		if !bytes.Equal(before, engineSnap(t, c)) {
			t.Fatalf("inputs to the engine changed the clone")
		}
	})
}

// TestCloneSurvivesRestore: restoring another engine's snapshot into the
// original replaces its topology; a clone taken before keeps its own.
func TestCloneSurvivesRestore(t *testing.T) {
	e := newEngine(t, refTopology(ccefsm.Duplex))
	c := e.Clone()
	before, top := engineSnap(t, c), c.Topology()
	if err := e.UnmarshalBinary(engineSnap(t, newEngine(t, smallTopology()))); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, engineSnap(t, c)) || !cmp.Equal(top, c.Topology()) {
		t.Fatal("restoring a snapshot into the engine changed its clone")
	}
	sameEngine(t, c, c.Clone())
}

// TestCloneConcurrent: clones of one engine are used by goroutines at
// once, each by one (run under -race, the race detector checks that they
// share nothing written), and end as the engine does with the same inputs.
func TestCloneConcurrent(t *testing.T) {
	e := newEngine(t, smallTopology())
	var l Log
	for _, in := range exhaustiveSetup {
		if err := e.Apply(&l, in); err != nil {
			t.Fatal(err)
		}
	}
	inputs := make([]Input, 0, 2*len(smallElements))
	at := e.Now()
	for _, el := range smallElements {
		at = at.Add(time.Minute)
		inputs = append(inputs, Input{Op: OpDown, At: at, Element: el})
	}
	for _, el := range slices.Backward(smallElements) {
		at = at.Add(time.Minute)
		inputs = append(inputs, Input{Op: OpUp, At: at, Element: el})
	}
	const n = 4
	clones := make([]*Engine, n)
	for i := range clones {
		clones[i] = e.Clone()
	}
	var wg sync.WaitGroup
	for _, c := range clones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var l Log
			for _, in := range inputs {
				l.Reset()
				_ = c.Apply(&l, in)
			}
		}()
	}
	wg.Wait()
	for _, in := range inputs {
		l.Reset()
		_ = e.Apply(&l, in)
	}
	want := engineSnap(t, e)
	for i, c := range clones {
		if !bytes.Equal(want, engineSnap(t, c)) {
			t.Errorf("clone %d ends with another snapshot than the engine", i)
		}
	}
}

// TestCloneShape fails when a field is added to the engine, or to a type
// of this package it holds, so that Engine.Clone is checked against it: a
// slice, map or pointer field needs its own copy in Clone (or a line in
// engineShared saying why sharing it is safe). Update Clone first, then
// this list. The leaves' own fields are their Clone tests' business.
func TestCloneShape(t *testing.T) {
	want := []string{
		"Engine.cfg failover.Config",
		"Engine.top failover.topo",
		"Engine.roster *agentstate.Roster",
		"Engine.store *taskstate.Store",
		"Engine.tab *taskstate.Table",
		"Engine.voice *routing.Voice",
		"Engine.conns []*routing.Conn",
		"Engine.caches []*routing.ReportCache",
		"Engine.now int64",
		"Engine.seq uint64",
		"Engine.down []bool",
		"Engine.desktops map[ccefsm.AgentID]uint8",
		"Engine.st failover.status",
		"Engine.nx failover.status",
		"Engine.outages []failover.Outage",
		"Engine.outageBase uint32",
		"Engine.open map[failover.Path]uint32",
		"Engine.cause failover.Element",
		"Engine.led failover.ledger",
		"Engine.tasks failover.taskLedger",
		"Engine.counts []failover.taskCounts",
		"Engine.unheard map[int32]struct {}",
		"Engine.rp3 map[ccefsm.TaskID]uint32",
		"Engine.reports []agentstate.Report",
		"Engine.ids []ccefsm.AgentID",
		"Config.Topology failover.Topology",
		"Config.Start time.Time",
		"Config.PreferredSide ccefsm.Side",
		"Config.NoAutoRelogin bool",
		"Config.CTIManagerAllMRDs bool",
		"Config.PGTable *agentstate.Table",
		"Config.DesktopTable *agentstate.Table",
		"Config.TaskTable *taskstate.Table",
		"Config.Policy routing.Policy",
		"Config.NoTaskIDRefusal bool",
		"Config.NoHistoryRecreation bool",
		"Config.CTIServerClients failover.Reconnect",
		"Config.FinesseWithoutCTIServer bool",
		"Config.NoPathDownRefusal bool",
		"Config.RP3Scope failover.RP3Scope",
		"Config.CTIManagerClients failover.Reconnect",
		"Config.FinesseClients failover.Reconnect",
		"Topology.Interval time.Duration",
		"Topology.IntervalOffset time.Duration",
		"Topology.CentralController ccefsm.Redundancy",
		"Topology.MRDs []ccefsm.MRD",
		"Topology.AgentPGs []failover.AgentPGConfig",
		"Topology.CTIManagers []failover.CTIManagerConfig",
		"Topology.MRPGs []failover.MRPGConfig",
		"Topology.Applications []failover.ApplicationConfig",
		"Topology.Finesse []failover.FinesseConfig",
		"Topology.Agents []failover.AgentConfig",
		"AgentPGConfig.ID uint32",
		"AgentPGConfig.Redundancy ccefsm.Redundancy",
		"AgentPGConfig.Peripherals []ccefsm.PeripheralID",
		"CTIManagerConfig.ID uint32",
		"CTIManagerConfig.Redundancy ccefsm.Redundancy",
		"CTIManagerConfig.Peripherals []ccefsm.PeripheralID",
		"MRPGConfig.ID uint32",
		"MRPGConfig.Redundancy ccefsm.Redundancy",
		"ApplicationConfig.ID ccefsm.AppID",
		"ApplicationConfig.MRDs []ccefsm.MRDID",
		"ApplicationConfig.AgentPG uint32",
		"ApplicationConfig.MRPG uint32",
		"FinesseConfig.ID uint32",
		"FinesseConfig.Redundancy ccefsm.Redundancy",
		"FinesseConfig.AgentPG uint32",
		"AgentConfig.ID ccefsm.AgentID",
		"AgentConfig.Peripheral ccefsm.PeripheralID",
		"AgentConfig.SkillGroups []uint32",
		"AgentConfig.Team uint32",
		"topo.t *failover.Topology",
		"topo.mrdIdx map[ccefsm.MRDID]int",
		"topo.mrdApp []int32",
		"topo.pgIdx map[uint32]int",
		"topo.pgPer [][]int32",
		"topo.pgFin []int32",
		"topo.pgApps [][]int32",
		"topo.periphs []ccefsm.PeripheralID",
		"topo.perIdx map[ccefsm.PeripheralID]int",
		"topo.periphPG []int32",
		"topo.cmIdx map[uint32]int",
		"topo.mrpgIdx map[uint32]int",
		"topo.mrApps [][]int32",
		"topo.appIdx map[ccefsm.AppID]int",
		"topo.appPG []int32",
		"topo.appMRPG []int32",
		"topo.finIdx map[uint32]int",
		"topo.finPG []int32",
		"topo.agentPer []uint16",
		"topo.agentMeta map[int32]failover.agentMeta",
		"topo.mrdSlot []int32",
		"topo.countColumns int",
		"topo.basePG int",
		"topo.basePer int",
		"topo.baseCM int",
		"topo.baseMR int",
		"topo.baseApp int",
		"topo.baseFin int",
		"topo.slots int",
		"agentMeta.skillGroups []uint32",
		"agentMeta.team uint32",
		"status.cc bool",
		"status.pgAlive []bool",
		"status.pgCC []bool",
		"status.cti []ccefsm.Side",
		"status.pimOK []uint8",
		"status.pimPG []uint8",
		"status.online []bool",
		"status.cm []ccefsm.Side",
		"status.mrUp []bool",
		"status.mrCC []bool",
		"status.appMR []bool",
		"status.appCTI []bool",
		"status.fin []ccefsm.Side",
		"Outage.ID uint32",
		"Outage.Path failover.Path",
		"Outage.Cause failover.Element",
		"Outage.From time.Time",
		"Outage.To time.Time",
		"Path.Kind failover.PathKind",
		"Path.ID uint32",
		"Element.Kind failover.Kind",
		"Element.ID uint32",
		"Element.Side ccefsm.Side",
		"ledger.interval int64",
		"ledger.offset int64",
		"ledger.horizon int64",
		"ledger.periph []failover.periphLedger",
		"ledger.pgs []failover.pgLedger",
		"ledger.splits []failover.split",
		"periphLedger.pg int32",
		"periphLedger.failures []failover.instant",
		"periphLedger.offline []failover.window",
		"instant.at int64",
		"instant.outage uint32",
		"window.from int64",
		"window.to int64",
		"window.outage uint32",
		"pgLedger.cached []failover.window",
		"pgLedger.lost []failover.instant",
		"split.at int64",
		"split.agent ccefsm.AgentID",
		"split.outage uint32",
		"taskLedger.entries []failover.taskEntry",
		"taskLedger.counts [7]uint64",
		"taskLedger.forgotten [7]uint64",
		"taskLedger.ended uint64",
		"taskLedger.pending [][]int32",
		"taskEntry.task ccefsm.TaskID",
		"taskEntry.at int64",
		"taskEntry.agent ccefsm.AgentID",
		"taskEntry.mrd uint16",
		"taskEntry.disp taskstate.Disposition",
		"taskEntry.class ccefsm.ReportClass",
		"taskEntry.rule ccefsm.RuleID",
		"taskEntry.cached bool",
		"taskCounts.reserved uint16",
		"taskCounts.active uint16",
		"taskCounts.paused uint16",
		"taskCounts.wrapup uint16",
	}
	if diff := cmp.Diff(want, clonecheck.Shape(&Engine{})); diff != "" {
		t.Fatalf("the fields of Engine changed (-want +got): check Engine.Clone against them, then update this list:\n%s", diff)
	}
}

// sinkEngine keeps the benchmark's clones on the heap, as a caller's
// would be.
var sinkEngine *Engine

// BenchmarkClone compares Clone with UnmarshalBinary of the same engine
// (the copy a caller had to take before Clone) and with the round trip
// through MarshalBinary, on the exhaustive check's small topology in the
// state it starts from.
func BenchmarkClone(b *testing.B) {
	e := newEngine(b, smallTopology())
	var l Log
	for _, in := range exhaustiveSetup {
		if err := e.Apply(&l, in); err != nil {
			b.Fatal(err)
		}
	}
	snap := engineSnap(b, e)
	b.Run("Clone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkEngine = e.Clone()
		}
	})
	b.Run("UnmarshalBinary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkEngine = new(Engine)
			if err := sinkEngine.UnmarshalBinary(snap); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("MarshalUnmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkEngine = new(Engine)
			if err := sinkEngine.UnmarshalBinary(engineSnap(b, e)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
