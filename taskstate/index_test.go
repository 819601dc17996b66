package taskstate

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// collidingIDs returns n task IDs whose home cell is home in a table of
// size cells under the keys of s (drawing them first if need be), searched
// from start on.
func collidingIDs(s *Store, home uint64, size, n int, start ccefsm.TaskID) []ccefsm.TaskID {
	x := &s.idx
	if x.k0 == 0 && x.k1 == 0 {
		x.k0, x.k1 = rand.Uint64(), rand.Uint64()
	}
	var ids []ccefsm.TaskID
	for id := start; len(ids) < n; id++ {
		if uint64(x.tag(id))&uint64(size-1) == home {
			ids = append(ids, id)
		}
	}
	return ids
}

// TestIndexSharedHome: tasks whose IDs share a home cell in the index (chosen
// with the store's own keys) are each found, and ending one never loses
// another, whichever of them ends and wherever the probe sequence wraps
// around the end of the table. Before issue 7 no test ended one of two
// tasks sharing an index slot, and a mutated backward-shift deletion
// survived.
func TestIndexSharedHome(t *testing.T) {
	for _, home := range []uint64{0, 5, 15} { // 15: probes wrap around at once
		for end := 0; end < 4; end++ {
			s := newStore(t)
			ids := collidingIDs(s, home, 16, 4, 1)
			for _, id := range ids {
				if _, err := s.Create(nil, t0, NewTask{ID: id, App: app, MRD: chat, Agent: 1, State: StateActive}); err != nil {
					t.Fatal(err)
				}
			}
			if len(s.idx.cells) != 16 {
				t.Fatalf("table of %d cells, want 16", len(s.idx.cells))
			}
			if _, err := s.End(nil, t0, ids[end], 0); err != nil {
				t.Fatal(err)
			}
			for k, id := range ids {
				if _, err := s.Task(id); (err == nil) != (k != end) {
					t.Errorf("home %d, ended #%d: task #%d found: %v", home, end, k, err)
				}
			}
			if p := s.check(); p != nil {
				t.Errorf("home %d, ended #%d: %v", home, end, p)
			}
		}
	}
}

// TestIndexStress creates and ends tasks at random among IDs that fall on
// three home cells of a 16-cell table, and on neighbouring cells, and runs
// the invariant check (every open task found from its home) after each.
func TestIndexStress(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 20; round++ {
		s := newStore(t)
		var pool []ccefsm.TaskID
		for _, h := range []uint64{0, 1, 7, 14, 15} {
			pool = append(pool, collidingIDs(s, h, 16, 4, ccefsm.TaskID(r.IntN(1<<20)+1))...)
		}
		open := map[ccefsm.TaskID]bool{}
		for step := 0; step < 200; step++ {
			id := pool[r.IntN(len(pool))]
			var err error
			if open[id] {
				_, err = s.End(nil, t0, id, 0)
				delete(open, id)
			} else if len(open) < 12 { // stay in the 16-cell table
				_, err = s.Create(nil, t0, NewTask{ID: id, App: app, MRD: chat, Agent: 1, State: StateActive})
				open[id] = true
			}
			if err != nil {
				t.Fatal(err)
			}
			if p := s.check(); p != nil {
				t.Fatalf("round %d step %d: %v", round, step, p)
			}
		}
		if len(s.idx.cells) != 16 {
			t.Fatalf("table of %d cells, want 16", len(s.idx.cells))
		}
	}
}

// TestIndexKeysUnobservable: the index's keys are drawn per store, and
// nothing a caller sees depends on them: two stores with different keys
// give the same effects, errors and snapshots for the same inputs, and a
// restored store, with keys of its own, goes on like the original.
func TestIndexKeysUnobservable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var ops []op
	at := time.Duration(0)
	for range 600 {
		at += []time.Duration{0, sec, 10 * sec, 5 * time.Minute}[r.IntN(4)]
		o := op{at: at, id: ccefsm.TaskID(r.IntN(40) + 1), app: ccefsm.AppID(r.IntN(2) + 1)}
		switch k := r.IntN(10); {
		case k < 5:
			o.kind = "create"
			o.nt = NewTask{ID: o.id, App: o.app, MRD: ccefsm.MRDID(r.IntN(2) + 1), Agent: 3, State: StateActive}
		case k < 7:
			o.kind = "end"
		case k == 7:
			o.kind = "down"
		default:
			o.kind = "up"
		}
		ops = append(ops, o)
	}
	a, b := newStore(t), newStore(t)
	a.idx.k0, a.idx.k1 = 1, 2
	b.idx.k0, b.idx.k1 = 0xdeadbeef, 0xfeedface
	var restored *Store
	most := 0
	for n, o := range ops {
		most = max(most, a.Len())
		ea, erra := o.store(a, nil)
		eb, errb := o.store(b, nil)
		if !reflect.DeepEqual(ea, eb) || !reflect.DeepEqual(erra, errb) {
			t.Fatalf("%v: keys change the result: %v %v / %v %v", o, ea, erra, eb, errb)
		}
		if n == len(ops)/2 {
			snap, _ := a.MarshalBinary()
			restored = new(Store)
			if err := restored.UnmarshalBinary(snap); err != nil {
				t.Fatal(err)
			}
			if restored.idx.k0 == a.idx.k0 && restored.idx.k1 == a.idx.k1 {
				t.Error("the restored store reuses the original's keys")
			}
		}
		if restored != nil && n > len(ops)/2 {
			er, errr := o.store(restored, nil)
			if !reflect.DeepEqual(ea, er) || !reflect.DeepEqual(erra, errr) {
				t.Fatalf("%v: restored store differs: %v %v / %v %v", o, ea, erra, er, errr)
			}
		}
	}
	if most < 5 {
		t.Fatalf("at most %d tasks open at once; the comparison is too weak", most)
	}
	sa, _ := a.MarshalBinary()
	sb, _ := b.MarshalBinary()
	sr, _ := restored.MarshalBinary()
	if !bytes.Equal(sa, sb) || !bytes.Equal(sa, sr) {
		t.Error("snapshots depend on the keys")
	}
	if reflect.DeepEqual(a.idx.cells, b.idx.cells) {
		t.Error("two keys gave the same table: the keys are not used")
	}
}

// TestOldHashColliding: the IDs of the flooding benchmark do collide under
// the index hash before issue 7, and are spread by the keyed one.
func TestOldHashColliding(t *testing.T) {
	if k := uint64(oldMultiplier); k*oldInverse != 1 {
		t.Fatal("oldInverse is not the inverse of oldMultiplier")
	}
	s := newStore(t)
	homes := map[uint64]bool{}
	for j := 1; j <= 1000; j++ {
		id := oldColliding(j)
		if old := uint32((uint64(id) * oldMultiplier) >> 32); old != 0 {
			t.Fatalf("ID %d has old hash %d", id, old)
		}
		if _, err := s.Create(nil, t0, NewTask{ID: id, App: app, MRD: chat, Agent: 1, State: StateActive}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range s.idx.cells {
		if c != 0 {
			homes[uint64(uint32(c))&s.idx.mask()] = true
		}
	}
	if len(homes) < 500 {
		t.Errorf("1,000 old-colliding IDs on %d home cells", len(homes))
	}
}

// TestRenumber: the outage and cut counters of a bucket restart before they
// wrap around after 2³²-1 outages, and every task keeps what it had seen:
// a task no outage touched stays complete, a spanning task stays partial,
// an email task whose segment was cut stays cut.
func TestRenumber(t *testing.T) {
	s := newStore(t)
	runSteps(t, s, []step{
		{0, create(1, chat, StateActive), nil, nil},
		{0, create(2, mail, StateActive), nil, nil},
		{sec, down(), nil, nil},
		{sec + life, advance(), []eff{ended(sec+life, 1, StateActive, ccefsm.TS1, ApplicationPathWentDown, ccefsm.ReportPartial, ccefsm.RP4), segEnd(sec+life, 2, StateActive)}, nil},
		{2 * life, up(), []eff{other(EffectSegmentRestarted, 2*life, 2, StateActive, ccefsm.TS3)}, nil},
		{2 * life, create(3, chat, StateActive), nil, nil},
		{2 * life, create(4, mail, StateActive), nil, nil},
	})
	// shiftCounters moves a bucket's outage or cut counter to the last
	// value before it wraps, and the tasks' snapshots with it.
	shiftCounters := func(cuts bool) {
		for i := range s.buckets {
			bk := &s.buckets[i]
			c, snap := &bk.outages, func(tk *task) *uint32 { return &tk.outSnap }
			if cuts {
				c, snap = &bk.cuts, func(tk *task) *uint32 { return &tk.cutSnap }
			}
			shift := uint32(1<<32-1) - *c
			for j := bk.main.head; j != 0; j = s.at(j).bNext {
				*snap(s.at(j)) += shift
			}
			*c += shift
		}
	}
	// Counters count while they do not wrap: one outage, one cut so far.
	for i := range s.buckets {
		if bk := s.buckets[i]; bk.outages != 1 || s.mrds[bk.mrd].email && bk.cuts != 1 {
			t.Fatalf("bucket %d: counters %d, %d after one outage and one cut", i, bk.outages, bk.cuts)
		}
	}
	runSteps(t, s, []step{{2 * life, create(8, mail, StateActive), nil, nil}})
	shiftCounters(false)
	runSteps(t, s, []step{
		{3 * life, down(), nil, nil}, // the outage counter restarts
		{3*life + sec, up(), nil, nil},
		{3*life + 2*sec, end(3, 0), []eff{ended(3*life+2*sec, 3, StateActive, ccefsm.RuleNone, NormalEndTask, ccefsm.ReportPartial, ccefsm.RP4)}, nil},
		// Task 8 spanned the short outage and was never cut: recreated;
		// task 2 was cut before the restart and stays cut.
		{3*life + 2*sec, end(8, 0), []eff{ended(3*life+2*sec, 8, StateActive, ccefsm.RuleNone, NormalEndTask, ccefsm.ReportRecreated, ccefsm.RP6)}, nil},
		{3*life + 2*sec, create(5, chat, StateActive), nil, nil},
		{3*life + 2*sec, create(6, mail, StateActive), nil, nil},
	})
	shiftCounters(true)
	runSteps(t, s, []step{
		{3*life + 3*sec, down(), nil, nil},
		{4*life + 4*sec, advance(), []eff{ // the cut counter restarts
			ended(4*life+3*sec, 5, StateActive, ccefsm.TS1, ApplicationPathWentDown, ccefsm.ReportPartial, ccefsm.RP4),
			segEnd(4*life+3*sec, 2, StateActive), segEnd(4*life+3*sec, 4, StateActive), segEnd(4*life+3*sec, 6, StateActive),
		}, nil},
		{4*life + 5*sec, up(), []eff{
			other(EffectSegmentRestarted, 4*life+5*sec, 2, StateActive, ccefsm.TS3),
			other(EffectSegmentRestarted, 4*life+5*sec, 4, StateActive, ccefsm.TS3),
			other(EffectSegmentRestarted, 4*life+5*sec, 6, StateActive, ccefsm.TS3),
		}, nil},
		{4*life + 6*sec, end(2, 0), []eff{ended(4*life+6*sec, 2, StateActive, ccefsm.RuleNone, NormalEndTask, ccefsm.ReportPartial, ccefsm.TS3)}, nil},
		{4*life + 6*sec, end(4, 0), []eff{ended(4*life+6*sec, 4, StateActive, ccefsm.RuleNone, NormalEndTask, ccefsm.ReportPartial, ccefsm.TS3)}, nil},
		{4*life + 6*sec, create(7, mail, StateActive), nil, nil},
		{4*life + 7*sec, end(7, 0), []eff{ended(4*life+7*sec, 7, StateActive, ccefsm.RuleNone, NormalEndTask, ccefsm.ReportComplete, ccefsm.RuleNone)}, nil},
	})
	for i := range s.buckets {
		if bk := s.buckets[i]; bk.outages > 3 || s.mrds[bk.mrd].email && bk.cuts > 2 {
			t.Errorf("bucket %d: counters %d, %d not restarted", i, s.buckets[i].outages, s.buckets[i].cuts)
		}
	}
}

// TestIndexKeysDrawn: a store draws its own non-zero keys when it first
// indexes a task, and keeps keys it already has.
func TestIndexKeysDrawn(t *testing.T) {
	a, b := newStore(t), newStore(t)
	b.idx.k0, b.idx.k1 = 1, 2
	for _, s := range []*Store{a, b} {
		if _, err := s.Create(nil, t0, NewTask{ID: 1, App: app, MRD: chat, State: StateNew}); err != nil {
			t.Fatal(err)
		}
	}
	if a.idx.k0 == 0 || a.idx.k1 == 0 || a.idx.k0 == a.idx.k1 {
		t.Errorf("keys %#x, %#x: not drawn", a.idx.k0, a.idx.k1)
	}
	if b.idx.k0 != 1 || b.idx.k1 != 2 {
		t.Errorf("keys %#x, %#x: the store's own keys were replaced", b.idx.k0, b.idx.k1)
	}
}

// TestGrow: after Grow(n), creating n tasks allocates nothing — no slab
// page, no larger index — and Grow sizes the index to the smallest table
// that holds n tasks at a load of at most 3/4.
func TestGrow(t *testing.T) {
	for _, tt := range []struct{ n, cells int }{{1, 16}, {12, 16}, {13, 32}, {100, 256}, {1000, 2048}, {3000, 4096}, {3073, 8192}} {
		// MemStats counts the whole process's allocations, and the runtime
		// or the testing package may allocate at any moment: a count above
		// zero is measured again on a new store. An allocation of the
		// creates shows in every measurement, another goroutine's only now
		// and then.
		var m uint64
		for range 3 {
			s := newStore(t)
			// One task first, so that the application, its bucket and the
			// maps exist: Grow is about tasks.
			if _, err := s.Create(nil, t0, NewTask{ID: 1 << 40, App: app, MRD: chat, State: StateNew}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.End(nil, t0, 1<<40, 0); err != nil {
				t.Fatal(err)
			}
			s.Grow(tt.n)
			if len(s.idx.cells) != tt.cells {
				t.Errorf("Grow(%d): %d index cells, want %d", tt.n, len(s.idx.cells), tt.cells)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for i := 1; i <= tt.n; i++ {
				if _, err := s.Create(nil, t0, NewTask{ID: ccefsm.TaskID(i), App: app, MRD: chat, State: StateNew}); err != nil {
					t.Fatal(err)
				}
			}
			runtime.ReadMemStats(&after)
			if p := s.check(); p != nil {
				t.Fatal(p)
			}
			if m = after.Mallocs - before.Mallocs; m == 0 {
				break
			}
		}
		if m != 0 {
			t.Errorf("Grow(%d), then %d creates: %d allocations (in each of 3 measurements), want 0", tt.n, tt.n, m)
		}
	}
	s := newStore(t)
	s.Grow(0)
	s.Grow(-5)
	if s.idx.cells != nil || s.pages != nil {
		t.Error("Grow of nothing allocated")
	}
}
