package agentstate_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// The performance claims of the package, as tests (allocations, bytes per
// agent) and benchmarks. Figures: see the benchmark names.

// cycle is the agent event cycle of the benchmarks: a routed call with
// wrap-up, from Available back to Available (five events).
var cycle = []agentstate.Event{
	agentstate.EventReserve, agentstate.EventAnswer, agentstate.EventHold, agentstate.EventRetrieve,
	agentstate.EventWrapReady, agentstate.EventWrapEnd,
}

// fleetStates are the voice states the fleet of the bulk benchmarks is spread
// over, one agent each in turn (every AG-T1 row of a voice MRD).
var fleetStates = [][]agentstate.State{
	{agentstate.Available},
	{agentstate.NotReady},
	{agentstate.Available, agentstate.Talking, agentstate.WorkReady},
	{agentstate.NotReady, agentstate.Talking, agentstate.WorkNotReady},
	{agentstate.Available, agentstate.Reserved},
	{agentstate.Available, agentstate.Talking},
	{agentstate.Available, agentstate.Talking, agentstate.Hold},
	{agentstate.Logout},
}

// fleet returns a roster of n agents on duplex peripheral pg, with MRDs
// (voice and chat when nil), the voice states spread over fleetStates and
// the chat MRD Available.
func fleet(tb testing.TB, n int, mrds []ccefsm.MRD) *agentstate.Roster {
	tb.Helper()
	if mrds == nil {
		mrds = threeMRDs[:2]
	}
	r, err := agentstate.NewRoster(agentstate.Config{MRDs: mrds})
	if err != nil {
		tb.Fatal(err)
	}
	r.Grow(n)
	if err := r.AddPeripheral(pg, ccefsm.Duplex); err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := r.AddAgent(t0, ccefsm.AgentID(100000+i), pg); err != nil {
			tb.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		a := ccefsm.AgentID(100000 + i)
		for _, s := range fleetStates[i%len(fleetStates)] {
			if err := r.Observe(at(1), a, voice, s, 0); err != nil {
				tb.Fatal(err)
			}
		}
		if len(mrds) > 1 {
			if err := r.Observe(at(1), a, mrds[1].ID, agentstate.Available, 0); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return r
}

// failoverRound fails the active side of pg by PG shutdown (AG-4: every agent
// logged out; AG-3: the other side takes over; AG-5: every agent logged in
// by AG-T1), then brings the failed side back as standby.
func failoverRound(r *agentstate.Roster, dst []agentstate.Effect, active *ccefsm.Side, now time.Time) ([]agentstate.Effect, error) {
	dst, err := r.SideDown(dst[:0], now, pg, *active, agentstate.CausePG)
	if err != nil {
		return dst, err
	}
	dst, err = r.SideUp(dst, now, pg, *active)
	*active = active.Other()
	return dst, err
}

func TestAllocsMachineApply(t *testing.T) {
	m := agentstate.NewMachine(t0, agentstate.Voice)
	for _, e := range []agentstate.Event{agentstate.EventLogin, agentstate.EventReady} {
		if err := m.Apply(at(0), e, 0); err != nil {
			t.Fatal(err)
		}
	}
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		if err := m.Apply(at(1), cycle[i%len(cycle)], 0); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("Machine.Apply: %v allocations per event, want 0", allocs)
	}
}

func TestAllocsRosterApply(t *testing.T) {
	r := fleet(t, 64, nil)
	const a = 100000 // Available
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		if err := r.Apply(at(2), a, voice, cycle[i%len(cycle)], 0); err != nil {
			t.Fatal(err)
		}
		if err := r.Observe(at(2), a+1, chat, agentstate.Active, 0); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("Roster.Apply + Observe: %v allocations per event, want 0", allocs)
	}
}

// TestAllocsBulkFailover: 0 allocations per failed-over agent, for every bulk
// operation, once dst has room.
func TestAllocsBulkFailover(t *testing.T) {
	const n = 1000
	r := fleet(t, n, threeMRDs)
	dst := make([]agentstate.Effect, 0, 8*n)
	active := ccefsm.SideA
	reports := make([]agentstate.Report, 0, n)
	for _, a := range r.Agents(nil) {
		reports = append(reports, agentstate.Report{Agent: a, MRD: email, State: agentstate.Active})
	}
	agents := r.Agents(nil)
	pim := make([]agentstate.Report, 0, n)
	for _, a := range r.Agents(nil) {
		pim = append(pim, agentstate.Report{Agent: a, MRD: voice, State: agentstate.Available})
	}
	ops := []struct {
		name string
		fn   func(now time.Time) ([]agentstate.Effect, error)
	}{
		{"PG failover and restore (AG-3, AG-4, AG-5)", func(now time.Time) ([]agentstate.Effect, error) {
			return failoverRound(r, dst, &active, now)
		}},
		{"CTI Manager failover (AG-4, AG-5)", func(now time.Time) ([]agentstate.Effect, error) {
			d, err := r.CTIManagerDown(dst[:0], now, pg)
			if err != nil {
				return d, err
			}
			return r.CTIManagerUp(d, now, pg)
		}},
		{"Finesse failover (AG-6, AG-7)", func(now time.Time) ([]agentstate.Effect, error) {
			d, err := r.FinesseDown(dst[:0], now, pg)
			if err != nil {
				return d, err
			}
			return r.FinesseUp(d, now, pg)
		}},
		{"desktop failover of every agent (AG-6, AG-7)", func(now time.Time) ([]agentstate.Effect, error) {
			d := dst[:0]
			var err error
			for _, a := range agents {
				if d, err = r.DesktopDown(d, now, a); err != nil {
					return d, err
				}
				if d, err = r.DesktopUp(d, now, a); err != nil {
					return d, err
				}
			}
			return d, nil
		}},
		{"email CTI outage and resync (AG-8, AG-9)", func(now time.Time) ([]agentstate.Effect, error) {
			d, err := r.CTIPathDown(dst[:0], now, pg, email)
			if err != nil {
				return d, err
			}
			return r.CTIPathUp(d, now, pg, email, reports)
		}},
		{"PIM outage and ACD reports (AG-1, AG-2)", func(now time.Time) ([]agentstate.Effect, error) {
			d, err := r.SideDown(dst[:0], now, pg, active, agentstate.CausePIM)
			if err != nil {
				return d, err
			}
			if d, err = r.SideUp(d, now, pg, active); err != nil {
				return d, err
			}
			active = active.Other()
			return r.ReportStates(d, now, pg, pim)
		}},
	}
	sec := 10
	for _, op := range ops {
		var got []agentstate.Effect
		allocs := testing.AllocsPerRun(20, func() {
			var err error
			if got, err = op.fn(at(sec)); err != nil {
				t.Fatal(err)
			}
			sec++
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per run of %d agents, want 0", op.name, allocs, n)
		}
		if len(got) < n {
			t.Errorf("%s: only %d effects for %d agents", op.name, len(got), n)
		}
	}
}

// TestBytesPerAgent: at most 64 bytes of heap per agent, for 24,000 agents
// with a voice and a chat MRD (the benchmark's shape), and with voice, chat
// and email.
func TestBytesPerAgent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 24,000-agent rosters")
	}
	const n = 24000
	for _, tt := range []struct {
		name string
		mrds []ccefsm.MRD
		max  float64
	}{
		{"voice+chat", threeMRDs[:2], 64},
		{"voice+chat+email", threeMRDs, 64},
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r := fleet(t, n, tt.mrds)
		runtime.GC()
		runtime.ReadMemStats(&after)
		per := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
		runtime.KeepAlive(r)
		t.Logf("%s: %.1f bytes of heap per agent (%d agents)", tt.name, per, n)
		if per > tt.max {
			t.Errorf("%s: %.1f bytes per agent, want at most %v", tt.name, per, tt.max)
		}
	}
}

func BenchmarkMachineEvent(b *testing.B) {
	m := agentstate.NewMachine(t0, agentstate.Voice)
	for _, e := range []agentstate.Event{agentstate.EventLogin, agentstate.EventReady} {
		if err := m.Apply(t0, e, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := m.Apply(t0, cycle[i%len(cycle)], 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRosterEvent(b *testing.B) {
	r := fleet(b, 24000, nil)
	const a = 100000 // Available
	now := at(2)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := r.Apply(now, a, voice, cycle[i%len(cycle)], 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPGFailover24k: one op is a PG failover of 24,000 agents (voice and
// chat) and the failed side's return; ns/agent is per failed-over agent.
func BenchmarkPGFailover24k(b *testing.B) {
	const n = 24000
	r := fleet(b, n, nil)
	dst := make([]agentstate.Effect, 0, 5*n)
	active := ccefsm.SideA
	now := at(10)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if dst, err = failoverRound(r, dst, &active, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/agent")
}

// BenchmarkRosterEventRef is BenchmarkRosterEvent with the agent resolved
// once ([agentstate.Roster.Ref]).
func BenchmarkRosterEventRef(b *testing.B) {
	r := fleet(b, 24000, nil)
	ref, err := r.Ref(100000, voice) // Available
	if err != nil {
		b.Fatal(err)
	}
	now := at(2)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := r.ApplyRef(now, ref, cycle[i%len(cycle)], 0); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAllocsApplyRef(t *testing.T) {
	r := fleet(t, 64, nil)
	ref, err := r.Ref(100000, voice)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		if err := r.ApplyRef(at(2), ref, cycle[i%len(cycle)], 0); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("Roster.ApplyRef: %v allocations per event, want 0", allocs)
	}
}

// TestAllocsRemoveAgent: removing an agent and adding one back allocates
// nothing once the roster has held that many agents.
func TestAllocsRemoveAgent(t *testing.T) {
	r := fleet(t, 1000, threeMRDs)
	i := 0
	allocs := testing.AllocsPerRun(500, func() {
		a := ccefsm.AgentID(100000 + i%1000)
		if err := r.RemoveAgent(at(2), a); err != nil {
			t.Fatal(err)
		}
		if err := r.AddAgent(at(2), a, pg); err != nil {
			t.Fatal(err)
		}
		i += 7
	})
	if allocs != 0 {
		t.Errorf("RemoveAgent + AddAgent: %v allocations, want 0", allocs)
	}
}

// BenchmarkRemoveAgent removes an agent from the middle of rosters of 24,000
// and 240,000 agents with three MRDs, and adds it back. The work of a
// removal does not grow with the roster (two index updates and a copy of
// the last agent's three slots into the removed agent's place); the larger
// roster costs more per removal only through cache misses.
func BenchmarkRemoveAgent(b *testing.B) {
	for _, n := range []int{24000, 240000} {
		b.Run(fmt.Sprintf("agents=%d", n), func(b *testing.B) {
			r := fleet(b, n, threeMRDs)
			now := at(2)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				a := ccefsm.AgentID(100000 + (i*7919)%n)
				if err := r.RemoveAgent(now, a); err != nil {
					b.Fatal(err)
				}
				if err := r.AddAgent(now, a, pg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestGrow: after Grow(n), adding n agents allocates nothing; Grow(0), a
// negative n, or a Grow that the roster already has room for allocate
// nothing; and Grow keeps every agent findable.
func TestGrow(t *testing.T) {
	r, err := agentstate.NewRoster(agentstate.Config{MRDs: threeMRDs})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.AddPeripheral(pg, ccefsm.Duplex); err != nil {
		t.Fatal(err)
	}
	// Agents added without Grow: the index grew by itself.
	for a := range ccefsm.AgentID(10) {
		if err := r.AddAgent(t0, a+1, pg); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []int{0, -5} {
		if allocs := allocsOnce(func() { r.Grow(n) }); allocs != 0 {
			t.Errorf("Grow(%d): %v allocations", n, allocs)
		}
	}
	const n = 1000
	// AllocsPerRun calls the function once more than it counts, and a
	// count above zero is measured once more (see allocsOnce): room for
	// four batches of n.
	r.Grow(4 * n)
	if allocs := allocsOnce(func() { r.Grow(4 * n) }); allocs != 0 {
		t.Errorf("Grow(%d) again: %v allocations", 4*n, allocs)
	}
	next := ccefsm.AgentID(100)
	var allocs float64
	for range 2 {
		allocs = testing.AllocsPerRun(1, func() {
			for range n {
				if err := r.AddAgent(t0, next, pg); err != nil {
					t.Fatal(err)
				}
				next++
			}
		})
		if allocs == 0 {
			break
		}
	}
	if allocs != 0 {
		t.Errorf("adding %d agents after Grow: %v allocations (in each of 2 measurements), want 0", n, allocs)
	}
	for _, a := range r.Agents(nil) {
		if _, err := r.State(a, voice); err != nil {
			t.Fatalf("agent %d after Grow: %v", a, err)
		}
	}
	if r.Len() != 10+int(next-100) {
		t.Errorf("Len = %d, want %d", r.Len(), 10+int(next-100))
	}
}

// allocsOnce returns the number of heap allocations of one call of f (not
// of a second call, as testing.AllocsPerRun would, after a warm-up call).
//
// MemStats counts the whole process's allocations, and the runtime (the
// race detector's especially) or the testing package may allocate at any
// moment: a count above zero is measured again, up to three times, and the
// least is returned. f must be idempotent, and an allocation of f's first
// call only would be missed by a retry: the callers measure calls that
// must allocate nothing at any call (Grow of no room or of room the roster
// has). An allocation of f shows in every measurement, another
// goroutine's only now and then.
func allocsOnce(f func()) uint64 {
	var least uint64
	for try := range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		if n := after.Mallocs - before.Mallocs; try == 0 || n < least {
			least = n
		}
		if least == 0 {
			break
		}
	}
	return least
}
