package failover

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/taskstate"
)

// Grow changes no state (the snapshot is the same), ignores n <= 0, and
// makes room for the tasks: creating and ending them afterwards allocates
// no more than a fraction of what the same work costs without Grow, and
// nothing for the reporting ledger's entries.
func TestEngineGrow(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage counters allocate")
	}
	const n = 5000
	run := func(grow int) (allocs uint64) {
		r := newRig(t, refTopology(ccefsm.Duplex))
		r.ready(at(0, 0), bob, chat)
		before, err := r.e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		r.e.Grow(grow)
		after, err := r.e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Fatalf("Grow(%d) changed the snapshot", grow)
		}
		var l Log
		// Warm the log up, so that only the tasks' memory is measured.
		for k := range 2 {
			id := ccefsm.TaskID(1_000_000 + k)
			must(t, r.e.CreateTask(&l, at(1, 0), taskstate.NewTask{ID: id, App: app7, MRD: chat, Agent: bob, State: taskstate.StateActive}))
			l.Reset()
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		m0 := ms.Mallocs
		for id := ccefsm.TaskID(1); id <= n; id++ {
			l.Reset()
			must(t, r.e.CreateTask(&l, at(1, 0), taskstate.NewTask{ID: id, App: app7, MRD: chat, Agent: bob, State: taskstate.StateActive}))
		}
		for id := ccefsm.TaskID(1); id <= n; id++ {
			l.Reset()
			must(t, r.e.Task(&l, at(2, 0), TaskEnd, id, 0, 0))
		}
		runtime.ReadMemStats(&ms)
		return ms.Mallocs - m0
	}
	without := run(0)
	with := run(n + 2)
	t.Logf("creating and ending %d tasks: %d allocations after Grow, %d without", n, with, without)
	// Without Grow the store's slab, index and the ledger's entries grow
	// by doubling: dozens of allocations. With it, a stray allocation of
	// the runtime is tolerated, never one per task.
	if with > 4 || without <= with {
		t.Errorf("creating and ending %d tasks: %d allocations after Grow, %d without; want at most 4, and fewer than without", n, with, without)
	}
	// Grow(0) and Grow(-1) do nothing.
	r := newRig(t, refTopology(ccefsm.Duplex))
	c0 := cap(r.e.tasks.entries)
	r.e.Grow(0)
	r.e.Grow(-1)
	if cap(r.e.tasks.entries) != c0 {
		t.Errorf("Grow(<= 0) grew the ledger from %d to %d", c0, cap(r.e.tasks.entries))
	}
	r.e.Grow(10)
	if cap(r.e.tasks.entries)-len(r.e.tasks.entries) < 10 {
		t.Errorf("Grow(10) left room for %d entries", cap(r.e.tasks.entries)-len(r.e.tasks.entries))
	}
}
