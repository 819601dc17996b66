package taskstate

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/clonecheck"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// storeShared lists what a clone shares with its store: the transition
// table, which no method writes (see Store.Clone).
var storeShared = []string{"table"}

func mustSnap(t interface{ Fatalf(string, ...any) }, s *Store) []byte {
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatalf("MarshalBinary: %v", err)
	}
	return b
}

// applyOps applies ops to s, op o at base+o.at, with the store's own
// invariant check after every one, and returns the transcript (effects and
// errors) and the latest instant the store accepted.
func applyOps(t fataler, s *Store, ops []op, base time.Time) ([]string, time.Time) {
	var out []string
	last := base
	for i, o := range ops {
		now := base.Add(o.at)
		got, err := o.storeAt(s, nil, now)
		for _, e := range got {
			out = append(out, strconv.Itoa(i)+" "+e.String())
		}
		if err != nil {
			out = append(out, strconv.Itoa(i)+" error "+err.Error())
		}
		if p := s.check(); p != nil {
			t.Fatalf("op %d %v: %v", i, o, p)
		}
		if s.seen && s.now > last.UnixNano() {
			last = utc(s.now)
		}
	}
	return out, last
}

// TestCloneRapid: a clone of a store that random inputs built has the
// store's snapshot and shares nothing mutable with it; the same random
// inputs to both give the same transcript and snapshots; inputs to the
// clone alone (an MRD added among them) leave the store's snapshot as it
// was, and inputs to the store alone leave the clone's.
func TestCloneRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := Config{MRDs: testMRDs()}
		if rapid.Bool().Draw(t, "own table") {
			cfg.Table = DefaultTable()
			if err := cfg.Table.SetDisposition(StatePreCall, EventEnd, ApplTerminateDialogue); err != nil {
				t.Fatal(err)
			}
		}
		s, err := NewStore(cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, last := applyOps(t, s, drawOps(t, 60), t0)
		c := s.Clone()
		if p := c.check(); p != nil {
			t.Fatalf("the clone breaks an invariant: %v", p)
		}
		if !bytes.Equal(mustSnap(t, s), mustSnap(t, c)) {
			t.Fatalf("the clone's snapshot differs from the store's")
		}
		if shared := clonecheck.Shared(s, c, storeShared...); len(shared) != 0 {
			t.Fatalf("the clone shares memory with the store: %q", shared)
		}

		both := drawOps(t, 40)
		ts, lastS := applyOps(t, s, both, last)
		tc, lastC := applyOps(t, c, both, last)
		if diff := cmp.Diff(ts, tc); diff != "" {
			t.Fatalf("the same inputs give other effects on the clone (-store +clone):\n%s", diff)
		}
		if !lastS.Equal(lastC) || !bytes.Equal(mustSnap(t, s), mustSnap(t, c)) {
			t.Fatalf("the same inputs leave the clone with another snapshot")
		}

		before := mustSnap(t, s)
		if rapid.Bool().Draw(t, "add an MRD to the clone") {
			if err := c.AddMRD(ccefsm.NewMRD(5, ccefsm.MediaChat)); err != nil {
				t.Fatal(err)
			}
		}
		applyOps(t, c, drawOps(t, 40), lastC)
		if !bytes.Equal(before, mustSnap(t, s)) {
			t.Fatalf("inputs to the clone changed the store")
		}
		before = mustSnap(t, c)
		applyOps(t, s, drawOps(t, 40), lastS)
		if !bytes.Equal(before, mustSnap(t, c)) {
			t.Fatalf("inputs to the store changed the clone")
		}
	})
}

// TestCloneLargeStore: a clone of a store of several slab pages, the last
// one full (slot 0 is never used, so 255 tasks fill the first page) or
// partly used, with an outage and freed slots, is the store: the same
// snapshot, the same tasks, and the same deadlines firing.
func TestCloneLargeStore(t *testing.T) {
	for _, tc := range []struct{ tasks, pages int }{{pageSize - 1, 1}, {pageSize, 2}, {3*pageSize + 17, 4}} {
		t.Run(strconv.Itoa(tc.tasks), func(t *testing.T) { testCloneLargeStore(t, tc.tasks, tc.pages) })
	}
}

func testCloneLargeStore(t *testing.T, tasks, pages int) {
	s := filled(t, tasks)
	for id := ccefsm.TaskID(1); id <= 40; id += 3 {
		if _, err := s.End(nil, t0.Add(sec), id, 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.PathDown(nil, t0.Add(2*sec), app); err != nil {
		t.Fatal(err)
	}
	c := s.Clone()
	if p := c.check(); p != nil {
		t.Fatal(p)
	}
	if len(c.pages) != pages {
		t.Errorf("the clone holds %d pages, want %d (the slots in use)", len(c.pages), pages)
	}
	if !bytes.Equal(mustSnap(t, s), mustSnap(t, c)) {
		t.Fatal("the clone's snapshot differs")
	}
	if shared := clonecheck.Shared(s, c, storeShared...); len(shared) != 0 {
		t.Fatalf("the clone shares memory with the store: %q", shared)
	}
	end := t0.Add(24 * time.Hour)
	a, err := s.Advance(nil, end)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Advance(nil, end)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) == 0 || !cmp.Equal(a, b) || !bytes.Equal(mustSnap(t, s), mustSnap(t, c)) {
		t.Fatalf("the store fired %d effects and the clone %d, or they differ", len(a), len(b))
	}
	// Creating tasks in the clone uses the free slots, then new pages.
	for i := range 2 * pageSize {
		if _, err := c.Create(nil, end, NewTask{ID: ccefsm.TaskID(100_000 + i), App: app, MRD: chat, Agent: 1, State: StateActive}); err != nil {
			t.Fatal(err)
		}
	}
	if p := c.check(); p != nil {
		t.Fatal(p)
	}
}

// TestCloneZero: the zero Store clones to a zero Store, usable as one.
func TestCloneZero(t *testing.T) {
	var zero Store
	c := zero.Clone()
	if err := c.AddMRD(ccefsm.NewMRD(chat, ccefsm.MediaChat)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create(nil, t0, NewTask{ID: 1, App: app, MRD: chat, Agent: 1, State: StateActive}); err != nil {
		t.Fatal(err)
	}
	if c.Len() != 1 || zero.Len() != 0 || len(zero.mrds) != 0 {
		t.Fatalf("clone of the zero Store: %d tasks; the zero Store: %d tasks, %d MRDs", c.Len(), zero.Len(), len(zero.mrds))
	}
}

// TestCloneShape fails when a field is added to the store, or to a type it
// holds, so that Store.Clone is checked against it: a slice, map or
// pointer field needs its own copy in Clone (or a line in storeShared
// saying why sharing it is safe). Update Clone first, then this list.
func TestCloneShape(t *testing.T) {
	want := []string{
		"Store.table *taskstate.Table",
		"Store.noRecreate bool",
		"Store.now int64",
		"Store.seen bool",
		"Store.pages []*[256]taskstate.task",
		"Store.next uint32",
		"Store.free uint32",
		"Store.nfree int",
		"Store.idx taskstate.index",
		"Store.mrds []taskstate.mrdRec",
		"Store.mrdIdx map[ccefsm.MRDID]uint32",
		"Store.apps []taskstate.appRec",
		"Store.appIdx map[ccefsm.AppID]uint32",
		"Store.buckets []taskstate.bucket",
		"Store.bucketIdx map[uint64]uint32",
		"Store.heap []taskstate.hitem",
		"Store.sink uint64",
		"Table.rows []taskstate.Row",
		"Table.cells [8][13]taskstate.cell",
		"Row.N int",
		"Row.From taskstate.State",
		"Row.Event taskstate.Event",
		"Row.To taskstate.State",
		"Row.Disposition taskstate.Disposition",
		"Row.Rule ccefsm.RuleID",
		"Row.Provenance ccefsm.Provenance",
		"Row.Source string",
		"Row.Note string",
		"cell.to taskstate.State",
		"cell.disp taskstate.Disposition",
		"cell.rule ccefsm.RuleID",
		"cell.row uint8",
		"task.id ccefsm.TaskID",
		"task.begin int64",
		"task.reserve int64",
		"task.agent ccefsm.AgentID",
		"task.bucket uint32",
		"task.qPrev uint32",
		"task.qNext uint32",
		"task.sPrev uint32",
		"task.sNext uint32",
		"task.bPrev uint32",
		"task.bNext uint32",
		"task.outSnap uint32",
		"task.cutSnap uint32",
		"task.tag uint32",
		"task.state taskstate.State",
		"task.mark uint8",
		"index.cells []uint64",
		"index.n int",
		"index.k0 uint64",
		"index.k1 uint64",
		"mrdRec.m ccefsm.MRD",
		"mrdRec.start int64",
		"mrdRec.maxd int64",
		"mrdRec.life int64",
		"mrdRec.cut int64",
		"mrdRec.email bool",
		"mrdRec.noCut bool",
		"mrdRec.startQ taskstate.list",
		"mrdRec.maxQ taskstate.list",
		"mrdRec.hpos [2]int32",
		"list.head uint32",
		"list.tail uint32",
		"list.n int",
		"appRec.id ccefsm.AppID",
		"appRec.down bool",
		"appRec.downAt int64",
		"appRec.buckets []uint32",
		"bucket.app uint32",
		"bucket.mrd uint32",
		"bucket.main taskstate.list",
		"bucket.closing taskstate.list",
		"bucket.fresh taskstate.list",
		"bucket.outages uint32",
		"bucket.cuts uint32",
		"bucket.hpos int32",
		"bucket.down bool",
		"bucket.fired bool",
		"hitem.at int64",
		"hitem.kind uint8",
		"hitem.own uint32",
	}
	if diff := cmp.Diff(want, clonecheck.Shape(&Store{})); diff != "" {
		t.Fatalf("the fields of Store changed (-want +got): check Store.Clone against them, then update this list:\n%s", diff)
	}
}

// sink keeps the benchmarks' clones on the heap, as a caller's would be.
var sink *Store

// BenchmarkClone compares Clone with UnmarshalBinary of the same store
// (the copy a caller had to take before Clone), for stores of n open
// tasks.
func BenchmarkClone(b *testing.B) {
	for _, n := range []int{1, 1000, 100_000} {
		s := filled(b, n)
		snap := mustSnap(b, s)
		b.Run(fmt.Sprintf("tasks=%d/Clone", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = s.Clone()
			}
		})
		b.Run(fmt.Sprintf("tasks=%d/UnmarshalBinary", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var c Store
				if err := c.UnmarshalBinary(snap); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
