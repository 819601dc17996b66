package taskstate

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
)

// storeWitness builds, from public inputs alone (NewStore with a table and
// MRDs, Create, Assign, Pause, WrapUp, End, PathDown, PathUp, Advance), a
// store with the same snapshot as snap, an accepted snapshot: a witness
// that some sequence of inputs reaches the state the decoder accepted.
//
// It replays the snapshot's own history as far as the snapshot tells it:
// each task is created at its creation instant in the state it is in (a
// PAUSED or WRAPUP task is created ACTIVE and moved on at once; a PRE_CALL
// task is created NEW and assigned at its reservation); each application that is down goes down at its instant,
// before the tasks it knows are created and after those it does not
// (TS-4); each CLOSING task is ended as early as its outage and the order
// of its bucket's CLOSING list allow (TS-2); applications and buckets are
// first used at the earliest instant, in snapshot order, by a task created
// and ended at once; the clock ends at the snapshot's. The inputs are put in
// an order that respects every order the snapshot records (creation order
// per MRD, reservation order per MRD, End order per bucket, the outage
// before or after each task) and non-decreasing time. An error other than
// errWitnessLimit means no such sequence exists: a state the decoder should
// have refused, or a gap in this construction to look at.
//
// The deadlines fire as the replay passes them: the current outage's email
// time limit cuts the tasks the Agent PG knew (TS-3), as in the store the
// snapshot came from.
//
// An application whose tasks' classes come from an outage that has ended
// (TS-5, TS-3, or RP-4/RP-6 while its path is up) is given one such
// outage, as short as the tasks' creation instants and time limits allow.
//
// Reconstruction limits (errWitnessLimit): a history the snapshot does not
// record (it keeps one class byte per task, not the outages). A CLOSING
// task begun in an earlier outage (TS-5), and classes that one ended
// outage does not explain, need other outages, with their own instants;
// choosing them is a search this witness does not do. The fuzz targets
// compare such a state with a second decode of its bytes instead.
func storeWitness(snap []byte) (*Store, error) {
	d := parseDesc(snap)
	if d == nil {
		return nil, errors.New("unparsable snapshot")
	}
	tab := DefaultTable()
	for _, ov := range d.Overrides {
		if ov[0] < 1 || ov[0] > uint64(len(tab.rows)) {
			return nil, fmt.Errorf("override of row %d", ov[0])
		}
		r := tab.rows[ov[0]-1]
		if err := tab.SetDisposition(r.From, r.Event, Disposition(ov[1])); err != nil {
			return nil, err
		}
	}
	s, err := NewStore(Config{MRDs: d.MRDs, Table: tab, NoHistoryRecreation: d.NoRecreate})
	if err != nil {
		return nil, err
	}
	if !d.Seen {
		return s, nil
	}

	var evs []*wEvent
	add := func(at int64, what string, do func(*Store, int64) error) *wEvent {
		e := &wEvent{at: at, gen: len(evs), what: what, do: do}
		evs = append(evs, e)
		return e
	}
	edge := func(a, b *wEvent) {
		if a != nil && b != nil {
			a.next = append(a.next, b)
			b.in++
		}
	}
	down := make([]*wEvent, len(d.Apps))
	for i, a := range d.Apps {
		if a.Down {
			id := ccefsm.AppID(a.ID)
			down[i] = add(a.DownAt, fmt.Sprintf("PathDown(%d)", id), func(s *Store, at int64) error {
				_, err := s.PathDown(nil, utc(at), id)
				return err
			})
		}
	}
	appOf := func(b uint64) (appDesc, int, error) {
		if b >= uint64(len(d.Buckets)) || d.Buckets[b].App >= uint64(len(d.Apps)) || d.Buckets[b].MRD >= uint64(len(d.MRDs)) {
			return appDesc{}, 0, fmt.Errorf("bucket %d out of range", b)
		}
		ai := int(d.Buckets[b].App)
		return d.Apps[ai], ai, nil
	}
	// Tasks, per MRD in creation order; reservations after.
	// An application that is up with tasks whose classes come from an
	// outage that has ended (RP-4, RP-6, TS-3, TS-5) had one. The witness
	// tries one: down at the last creation of a non-email task that
	// spanned it (RP-4; else at the first creation of such a task), up
	// once every task begun in it is created and every time limit that
	// cut a task (TS-3) has run out. A task created by the outage's start
	// spanned it, a later one was begun in it. Other histories may need
	// more outages; when this one does not give the snapshot, the state is
	// beyond the witness (errWitnessLimit), not refused.
	type span struct {
		d, u           int64
		pastDown, upEv *wEvent
	}
	past := map[int]*span{}
	ended := func(code classCode, a appDesc, fired bool) bool {
		switch code {
		case codeTS5:
			return true
		case codeRP4, codeRP6:
			return !a.Down
		case codeTS3:
			return !(a.Down && fired)
		}
		return false
	}
	for pass := 0; pass < 3; pass++ {
		for m, q := range d.Queues {
			for _, td := range q {
				a, ai, err := appOf(td.Bucket)
				if err != nil {
					return nil, err
				}
				code := classCode(td.Code)
				if !ended(code, a, d.Buckets[td.Bucket].Fired) {
					continue
				}
				sp := past[ai]
				switch pass {
				case 0: // the start: the last RP-4 creation
					if code == codeRP4 {
						if sp == nil {
							past[ai] = &span{d: td.Begin}
						} else {
							sp.d = max(sp.d, td.Begin)
						}
					}
				case 1: // else the first creation of any such task
					if sp == nil {
						past[ai] = &span{d: td.Begin}
					} else if !hasRP4(d, ai) {
						sp.d = min(sp.d, td.Begin)
					}
				case 2: // the end
					sp.u = max(sp.u, sp.d, td.Begin)
					if code == codeTS3 {
						sp.u = max(sp.u, sp.d+int64(d.MRDs[m].EffectiveTimeLimit()))
					}
				}
			}
		}
	}
	for ai, sp := range past {
		id := ccefsm.AppID(d.Apps[ai].ID)
		sp.pastDown = add(sp.d, fmt.Sprintf("PathDown(%d), an outage that has ended", id), func(s *Store, at int64) error {
			_, err := s.PathDown(nil, utc(at), id)
			return err
		})
		sp.upEv = add(sp.u, fmt.Sprintf("PathUp(%d)", id), func(s *Store, at int64) error {
			_, err := s.PathUp(nil, utc(at), id)
			return err
		})
		edge(sp.pastDown, sp.upEv)
		edge(sp.upEv, down[ai])
	}
	type created struct{ first, last *wEvent }
	made := make([][]created, len(d.MRDs))
	for m, q := range d.Queues {
		var prev *wEvent
		for _, td := range q {
			a, ai, err := appOf(td.Bucket)
			if err != nil {
				return nil, err
			}
			// TS-3 in the current outage (the time limit fired while the
			// path is down and cut the tasks the Agent PG knew): the
			// replay fires the limit at its instant.
			code := classCode(td.Code)
			nt := NewTask{ID: ccefsm.TaskID(td.ID), App: ccefsm.AppID(a.ID), MRD: d.MRDs[m].ID, Agent: ccefsm.AgentID(td.Agent), State: State(td.State)}
			var then func(*Store, int64) error
			switch nt.State {
			case StatePaused, StateWrapUp:
				st := nt.State
				nt.State = StateActive
				then = func(s *Store, at int64) error {
					if st == StateWrapUp {
						_, err := s.WrapUp(nil, utc(at), nt.ID)
						return err
					}
					_, err := s.Pause(nil, utc(at), nt.ID)
					return err
				}
			}
			c := add(td.Begin, fmt.Sprintf("Create(%d)", td.ID), func(s *Store, at int64) error {
				_, err := s.Create(nil, utc(at), nt)
				return err
			})
			c.task = &nt
			last := c
			if then != nil {
				last = add(td.Begin, fmt.Sprintf("to %v (%d)", State(td.State), td.ID), then)
				edge(c, last)
			}
			edge(prev, c)
			prev = c
			if sp := past[ai]; sp != nil {
				switch {
				case code == codeClean:
					edge(sp.upEv, c)
				case !ended(code, a, d.Buckets[td.Bucket].Fired):
				case td.Begin <= sp.d && code != codeTS5:
					edge(c, sp.pastDown)
				default:
					edge(sp.pastDown, c)
					edge(c, sp.upEv)
				}
			}
			if dn := down[ai]; dn != nil {
				if code == codeFresh {
					edge(dn, c)
				} else {
					edge(c, dn)
				}
			}
			made[m] = append(made[m], created{c, last})
		}
	}
	for m, st := range d.Starts {
		var prev *wEvent
		for _, sd := range st {
			if sd.Pos >= uint64(len(made[m])) {
				return nil, fmt.Errorf("start queue entry %d out of range", sd.Pos)
			}
			c := made[m][sd.Pos].first
			nt := c.task
			if nt.State != StatePreCall || c.reserved {
				return nil, fmt.Errorf("start queue names task %d in %v", nt.ID, nt.State)
			}
			// Created NEW and assigned, even at its creation instant: the
			// start queue's order need not be the creation order.
			c.reserved = true
			agent := nt.Agent
			nt.State, nt.Agent = StateNew, 0
			id := nt.ID
			e := add(sd.Reserve, fmt.Sprintf("Assign(%d)", id), func(s *Store, at int64) error {
				_, err := s.Assign(nil, utc(at), id, agent)
				return err
			})
			edge(c, e)
			edge(prev, e)
			prev = e
		}
	}
	for m := range made {
		for _, c := range made[m] {
			if c.first.task.State == StatePreCall && !c.first.reserved {
				return nil, fmt.Errorf("PRE_CALL task %d is not in the start queue", c.first.task.ID)
			}
		}
	}
	for b, cl := range d.Closing {
		a, ai, err := appOf(uint64(b))
		if err != nil {
			return nil, err
		}
		if len(cl) > 0 && !a.Down {
			return nil, fmt.Errorf("CLOSING tasks in an application that is up")
		}
		mrd := d.MRDs[d.Buckets[b].MRD].ID
		var prev *wEvent
		endAt := a.DownAt
		for _, cd := range cl {
			if code := classCode(cd.Code); code == codeTS3 || code == codeTS5 {
				return nil, fmt.Errorf("%w: CLOSING task %d of class %d (an ended outage)", errWitnessLimit, cd.ID, code)
			}
			nt := NewTask{ID: ccefsm.TaskID(cd.ID), App: ccefsm.AppID(a.ID), MRD: mrd, Agent: ccefsm.AgentID(cd.Agent), State: StateActive}
			if nt.Agent == 0 {
				nt.State = StateNew
			}
			c := add(cd.Begin, fmt.Sprintf("Create(%d), to be CLOSING", cd.ID), func(s *Store, at int64) error {
				_, err := s.Create(nil, utc(at), nt)
				return err
			})
			edge(c, down[ai])
			endAt = max(endAt, cd.Begin)
			e := add(endAt, fmt.Sprintf("End(%d)", cd.ID), func(s *Store, at int64) error {
				_, err := s.End(nil, utc(at), nt.ID, 0)
				return err
			})
			edge(c, e)
			edge(down[ai], e)
			edge(prev, e)
			prev = e
		}
	}

	// Applications and buckets in snapshot order, at the earliest instant.
	first := d.Now
	for _, e := range evs {
		first = min(first, e.at)
	}
	next := 0
	touch := func(upTo int) error {
		for ; next < upTo; next++ {
			id := ccefsm.AppID(d.Apps[next].ID)
			if _, err := s.PathDown(nil, utc(first), id); err != nil {
				return err
			}
			if _, err := s.PathUp(nil, utc(first), id); err != nil {
				return err
			}
		}
		return nil
	}
	for b := range d.Buckets {
		a, ai, _ := appOf(uint64(b))
		if ai > next {
			if err := touch(ai); err != nil {
				return nil, err
			}
		}
		if ai == next {
			next++
		}
		id := unusedTask(d)
		nt := NewTask{ID: id, App: ccefsm.AppID(a.ID), MRD: d.MRDs[d.Buckets[b].MRD].ID, State: StateNew}
		if _, err := s.Create(nil, utc(first), nt); err != nil {
			return nil, fmt.Errorf("first use of bucket %d: %w", b, err)
		}
		if _, err := s.End(nil, utc(first), id, 0); err != nil {
			return nil, fmt.Errorf("first use of bucket %d: %w", b, err)
		}
	}
	if err := touch(len(d.Apps)); err != nil {
		return nil, err
	}

	// beyond turns a failure of the replay into errWitnessLimit when the
	// witness guessed an outage that has ended.
	beyond := func(err error) error {
		if len(past) > 0 {
			return fmt.Errorf("%w: with one outage that has ended: %w", errWitnessLimit, err)
		}
		return err
	}

	// Kahn's algorithm, earliest instant first.
	ready := &wQueue{}
	for _, e := range evs {
		if e.in == 0 {
			heap.Push(ready, e)
		}
	}
	done, at := 0, first
	for ready.Len() > 0 {
		e := heap.Pop(ready).(*wEvent)
		if e.at < at {
			return nil, beyond(fmt.Errorf("%s at %d must come after an input at %d", e.what, e.at, at))
		}
		at = e.at
		if err := e.do(s, e.at); err != nil {
			return nil, beyond(fmt.Errorf("%s: %w", e.what, err))
		}
		done++
		for _, n := range e.next {
			if n.in--; n.in == 0 {
				heap.Push(ready, n)
			}
		}
	}
	if done != len(evs) {
		return nil, beyond(errors.New("the orders the snapshot records form a cycle"))
	}
	if _, err := s.Advance(nil, utc(d.Now)); err != nil {
		return nil, beyond(fmt.Errorf("Advance to the clock: %w", err))
	}
	if got, _ := s.MarshalBinary(); len(past) > 0 && !bytes.Equal(got, snap) {
		return nil, fmt.Errorf("%w: one outage that has ended does not explain the classes", errWitnessLimit)
	}
	return s, nil
}

// errWitnessLimit marks a state beyond storeWitness's reconstruction.
var errWitnessLimit = errors.New("beyond the witness's reconstruction")

// hasRP4 reports whether application ai has a task of class RP-4.
func hasRP4(d *snapDesc, ai int) bool {
	for _, q := range d.Queues {
		for _, td := range q {
			if classCode(td.Code) == codeRP4 && d.Buckets[td.Bucket].App == uint64(ai) {
				return true
			}
		}
	}
	return false
}

// unusedTask returns a task ID no task of d has.
func unusedTask(d *snapDesc) ccefsm.TaskID {
	used := map[uint64]bool{}
	for _, q := range d.Queues {
		for _, td := range q {
			used[td.ID] = true
		}
	}
	for _, cl := range d.Closing {
		for _, cd := range cl {
			used[cd.ID] = true
		}
	}
	id := uint64(1)
	for used[id] {
		id++
	}
	return ccefsm.TaskID(id)
}

// wEvent is one input of a witness, with the inputs that must follow it.
type wEvent struct {
	at       int64
	gen      int
	what     string
	do       func(*Store, int64) error
	next     []*wEvent
	in       int
	task     *NewTask // for a Create
	reserved bool     // for a Create of a PRE_CALL task: its start queue entry is seen
}

type wQueue []*wEvent

func (q wQueue) Len() int { return len(q) }
func (q wQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].gen < q[j].gen
}
func (q wQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *wQueue) Push(x any)   { *q = append(*q, x.(*wEvent)) }
func (q *wQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// parseDesc is parseSnap for a snapshot the decoder accepted, without a
// testing.TB: nil when it cannot be parsed.
func parseDesc(snap []byte) (d *snapDesc) {
	defer func() {
		if recover() != nil {
			d = nil
		}
	}()
	var f fatalTB
	desc := parseSnap(&f, snap)
	if f.failed {
		return nil
	}
	return &desc
}

// fatalTB is the part of testing.TB parseSnap uses.
type fatalTB struct {
	testing.TB
	failed bool
}

func (f *fatalTB) Helper()               {}
func (f *fatalTB) Fatalf(string, ...any) { f.failed = true; panic("parse") }
func (f *fatalTB) Fatal(...any)          { f.failed = true; panic("parse") }
func (f *fatalTB) Errorf(string, ...any) { f.failed = true }

// witnessOf checks that the accepted snapshot snap has a witness with the
// same bytes, and returns it; nil when the state is beyond the witness's
// reconstruction (see storeWitness).
func witnessOf(t *testing.T, snap []byte) *Store {
	t.Helper()
	w, err := storeWitness(snap)
	if errors.Is(err, errWitnessLimit) {
		return nil
	}
	if err != nil {
		t.Fatalf("accepted snapshot has no witness: %v", err)
	}
	got, _ := w.MarshalBinary()
	if !bytes.Equal(got, snap) {
		t.Fatalf("accepted snapshot has no witness: the witness's snapshot differs\nwant %x\n got %x", snap, got)
	}
	return w
}

// TestStoreWitness: the witness rebuilds stores that inputs built, and
// says which are beyond it.
func TestStoreWitness(t *testing.T) {
	for _, tt := range []struct {
		name  string
		s     *Store
		limit bool
	}{
		{"empty", new(Store), false},
		{"no input yet", newStore(t), false},
		{"TS-7: reserved after creation, in two MRDs", built(t, []step{
			{0, create(1, chat, StateNew), nil, nil},
			{0, create(2, mail, StatePreCall), nil, nil},
			{sec, assign(1), nil, nil},
			{2 * sec, create(3, chat, StatePreCall), nil, nil},
		}), false},
		{"TS-7: reserved in another order than created, at one instant (a fuzz finding, testdata/fuzz/FuzzSnapshotBody)", built(t, []step{
			{0, create(1, chat, StateNew), nil, nil},
			{0, create(2, chat, StateNew), nil, nil},
			{0, assign(2), nil, nil},
			{0, assign(1), nil, nil},
		}), false},
		{"TS-2, TS-4: CLOSING tasks and tasks begun in the outage", witnessable(t), false},
		{"TS-5: a task begun in an ended outage", built(t, []step{
			{0, down(), nil, nil},
			{sec, create(1, chat, StateActive), nil, nil},
			{2 * sec, up(), nil, nil},
		}), false},
		{"RP-4: a task that spanned an ended outage", built(t, []step{
			{0, create(1, chat, StateActive), nil, nil},
			{sec, down(), nil, nil},
			{2 * sec, up(), nil, nil},
		}), false},
		{"TS-3: the current outage's email time limit fired", built(t, []step{
			{0, create(1, mail, StateActive), nil, nil},
			{0, create(2, mail, StateNew), nil, nil},
			{sec, down(), nil, nil},
			{2 * sec, create(3, mail, StateNew), nil, nil},
			{sec + life + sec, advance(), nil, nil},
		}), false},
		{"rich: an outage that has ended (RP-4, RP-6, TS-3, TS-5)", richStore(t), false},
	} {
		snap, _ := tt.s.MarshalBinary()
		w, err := storeWitness(snap)
		if tt.limit {
			if !errors.Is(err, errWitnessLimit) {
				t.Errorf("%s: %v, want errWitnessLimit", tt.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		got, _ := w.MarshalBinary()
		if !bytes.Equal(got, snap) {
			t.Errorf("%s: witness differs\nwant %+v\n got %+v", tt.name, parseSnap(t, snap), parseSnap(t, got))
		}
	}
}

// witnessable returns a store within storeWitness's reach with something
// in most lists: tasks in several states and MRDs, a reservation after
// creation, an application down, CLOSING tasks (TS-2) and a task begun
// during the outage (TS-4).
func witnessable(t testing.TB) *Store {
	t.Helper()
	return built(t, []step{
		{0, create(1, chat, StateActive), nil, nil},
		{0, create(2, chat, StateActive), nil, nil},
		{0, create(3, mail, StateActive), nil, nil},
		{0, create(6, chat, StateNew), nil, nil},
		{sec, create(4, chat, StatePreCall), nil, nil},
		{sec, assign(6), nil, nil},
		{2 * sec, down(), nil, nil},
		{3 * sec, end(2, 0), nil, nil},
		{3 * sec, end(1, 0), nil, nil},
		{4 * sec, create(5, chat, StateNew), nil, nil},
	})
}

// built returns a store of newStore built by steps, whatever their
// effects.
func built(t testing.TB, steps []step) *Store {
	t.Helper()
	s := newStore(t)
	for _, st := range steps {
		if _, err := st.in(s, nil, t0.Add(st.at)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestStoreWitnessRandom: every store that random inputs build has a
// witness, or is beyond the witness's reconstruction for a reason it
// names. The share of each is logged.
func TestStoreWitnessRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	runs := 300
	if testing.Short() {
		runs = 60
	}
	witnessed, down, closing, limited := 0, 0, 0, map[string]int{}
	for range runs {
		data := make([]byte, 4*(1+rng.IntN(40)))
		for i := range data {
			data[i] = byte(rng.UintN(256))
		}
		s := newStore(t, ccefsm.NewMRD(3, ccefsm.MediaOther))
		for _, o := range decodeOps(data) {
			_, _ = o.store(s, nil)
			snap, _ := s.MarshalBinary()
			w, err := storeWitness(snap)
			if errors.Is(err, errWitnessLimit) {
				why := strings.Map(func(r rune) rune {
					if r >= '0' && r <= '9' {
						return 'N'
					}
					return r
				}, err.Error())
				limited[why[strings.Index(why, ":")+2:]]++
				continue
			}
			if err != nil {
				t.Fatalf("after %+v: no witness: %v\n%+v", o, err, parseSnap(t, snap))
			}
			if got, _ := w.MarshalBinary(); !bytes.Equal(got, snap) {
				t.Fatalf("after %+v: witness differs\nwant %+v\n got %+v", o, parseSnap(t, snap), parseSnap(t, got))
			}
			witnessed++
			d := parseSnap(t, snap)
			for _, a := range d.Apps {
				if a.Down {
					down++
					break
				}
			}
			for _, cl := range d.Closing {
				if len(cl) > 0 {
					closing++
					break
				}
			}
		}
	}
	if witnessed < runs {
		t.Errorf("only %d stores witnessed", witnessed)
	}
	t.Logf("%d stores witnessed (%d with an application down, %d with CLOSING tasks); beyond the witness: %v", witnessed, down, closing, limited)
}

// TestSnapshotClosingAfterMaxDuration: a CLOSING task was open when its
// application's outage began, so its maximum duration (TS-6) had not run
// out then. The decoder accepted a CLOSING task created a century before
// the outage (a single resealed bit flip of the created instant, found by
// the witness in TestSnapshotBitFlips); it refuses it now, and accepts the
// last instant that is still reachable, which the witness builds.
func TestSnapshotClosingAfterMaxDuration(t *testing.T) {
	snap, _ := witnessable(t).MarshalBinary()
	d := parseSnap(t, snap)
	downAt := d.Apps[0].DownAt
	if len(d.Closing[0]) == 0 || !d.Apps[0].Down {
		t.Fatal("the store has no CLOSING task")
	}
	d.Closing[0][0].Begin = downAt - int64(ccefsm.DefaultMaxDuration)
	refused(t, d.encode(), "created")
	d.Closing[0][0].Begin++
	ok := d.encode()
	var s Store
	if err := s.UnmarshalBinary(ok); err != nil {
		t.Fatalf("a CLOSING task created just under its maximum duration before the outage: %v", err)
	}
	witnessOf(t, ok)
}
