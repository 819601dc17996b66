package taskstate

import (
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
)

// TestCheckDetects: the invariant check — the decoder's, and the tests'
// after every input — notices each way the store's own structures can go
// wrong, which no snapshot can express (the decoder builds them): the
// index, the slab and its free list, the links and counts of the lists and
// queues, the heap of deadlines, and the indexes of MRDs, applications and
// buckets. Each case corrupts a copy of richStore one way.
func TestCheckDetects(t *testing.T) {
	// Slots of richStore's tasks by role.
	find := func(s *Store, id ccefsm.TaskID) uint32 {
		i, _, ok := s.find(id)
		if !ok {
			t.Fatalf("task %d not open", id)
		}
		return i
	}
	const (
		precall = 209 // PRE_CALL, chat, application 8 (up)
		active  = 201 // chat, application 8, RP-4
		closing = 104 // CLOSING, chat, application 7 (down)
		fresh   = 110 // begun in the outage, chat, application 7
		member  = 105 // PAUSED, chat, application 7, member of the outage
	)
	tests := []struct {
		reason string
		poke   func(s *Store)
		field  string
	}{
		{"a table row changed behind the table's back", func(s *Store) { s.table.rows[0].Disposition = 9 }, "table"},
		{"an MRD missing from the index of MRD IDs", func(s *Store) { delete(s.mrdIdx, s.mrds[0].m.ID) }, "MRDs"},
		{"two MRDs swapped in the index", func(s *Store) { s.mrdIdx[s.mrds[0].m.ID], s.mrdIdx[s.mrds[1].m.ID] = 1, 0 }, "ID"},
		{"an invalid MRD", func(s *Store) { s.mrds[0].m.TaskLife = 0 }, "attributes"},
		{"derived timings out of step", func(s *Store) { s.mrds[0].life++ }, "attributes"},
		{"an application missing from the index", func(s *Store) { delete(s.appIdx, s.apps[0].id) }, "applications"},
		{"two applications swapped in the index", func(s *Store) { s.appIdx[s.apps[0].id], s.appIdx[s.apps[1].id] = 1, 0 }, "ID"},
		{"application ID zero", func(s *Store) { s.appIdx[0] = 0; delete(s.appIdx, s.apps[0].id); s.apps[0].id = 0 }, "ID"},
		{"an up application with a down instant", func(s *Store) { s.apps[0].downAt = 5 }, "down since"},
		{"an application's buckets out of order", func(s *Store) { b := s.apps[0].buckets; b[0], b[1] = b[1], b[0] }, "buckets"},
		{"a bucket missing from its application", func(s *Store) { s.apps[0].buckets = s.apps[0].buckets[1:] }, "buckets"},
		{"a bucket twice in its application, another missing", func(s *Store) { s.apps[0].buckets[1] = s.apps[0].buckets[0] }, "creation order"},
		{"an application naming a bucket past the last", func(s *Store) { s.apps[0].buckets = append(s.apps[0].buckets, uint32(len(s.buckets))) }, "creation order"},
		{"a bucket of the application past the last", func(s *Store) { s.buckets[0].app = uint32(len(s.apps)) }, "creation order"},
		{"a bucket of the MRD past the last", func(s *Store) { s.buckets[0].mrd = uint32(len(s.mrds)) }, "out of range"},
		{"a bucket missing from the bucket index", func(s *Store) { delete(s.bucketIdx, bucketKey(s.apps[0].id, s.mrds[0].m.ID)) }, "buckets"},
		{"a bucket of no MRD", func(s *Store) { s.buckets[0].mrd = 99 }, "out of range"},
		{"a bucket indexed under another key", func(s *Store) {
			k0, k1 := bucketKey(s.apps[0].id, s.mrds[0].m.ID), bucketKey(s.apps[0].id, s.mrds[1].m.ID)
			s.bucketIdx[k0], s.bucketIdx[k1] = s.bucketIdx[k1], s.bucketIdx[k0]
		}, "not indexed"},
		{"a bucket down while its application is up", func(s *Store) { s.buckets[0].down = true }, "down"},
		{"slots past the pages", func(s *Store) { s.next = uint32(len(s.pages)*pageSize + 1) }, "slab"},
		{"slot 0 used", func(s *Store) { s.pages[0][0].id = 5 }, "slot"},
		{"a used slot on the free list", func(s *Store) { s.free, s.nfree = find(s, active), 1 }, "free list"},
		{"a free list naming the first slot never used", func(s *Store) { s.free, s.nfree = s.next, 1 }, "free list"},
		{"the free count out of step", func(s *Store) { s.nfree++ }, "free count"},
		{"a slot neither open nor free", func(s *Store) { s.next++ }, "neither"},
		{"an open slot not indexed", func(s *Store) { s.idx.n-- }, "slab"},
		{"the index over its load factor", func(s *Store) { s.idx.cells = s.idx.cells[:16] }, "load factor"},
		{"an index cell with a wrong tag", func(s *Store) {
			for k, c := range s.idx.cells {
				if c != 0 {
					s.idx.cells[k] = c ^ 1
					return
				}
			}
		}, "wrong tag"},
		{"a task's kept tag out of step with its cell", func(s *Store) { s.at(find(s, active)).tag ^= 1 }, "wrong tag"},
		{"a task not found from its home cell", func(s *Store) {
			m := s.idx.mask()
			for k, c := range s.idx.cells {
				if next := (uint64(k) + 1) & m; c != 0 && s.idx.cells[next] == 0 {
					s.idx.cells[k] = 0
					s.idx.cells[next] = c // one cell off its probe sequence
					return
				}
			}
		}, "not found through the index"},
		{"a broken back link", func(s *Store) { s.at(find(s, active)).bPrev = 7 }, "back link"},
		{"a list count out of step", func(s *Store) { s.buckets[0].main.n++ }, "count"},
		{"a list running out of the slab", func(s *Store) { s.at(s.buckets[0].main.tail).bNext = s.next + 5 }, "lists"},
		{"a task in another bucket's list", func(s *Store) { s.at(find(s, active)).bucket = s.bucketIdx[bucketKey(7, chat)] }, "bucket lists"},
		{"a begun-in-outage task in the member list", func(s *Store) { s.at(find(s, member)).mark = markFresh }, "wrong list"},
		{"a CLOSING task that is not CLOSING", func(s *Store) { s.at(find(s, closing)).state = StateActive }, "wrong list"},
		{"a task with an unknown mark", func(s *Store) { s.at(find(s, active)).mark = 9 }, "unknown mark"},
		{"a member list out of the order of creation", func(s *Store) {
			bk := &s.buckets[s.at(find(s, member)).bucket]
			i, j := bk.main.head, s.at(bk.main.head).bNext
			s.unlink(&bk.main, i, linkB)
			s.push(&bk.main, i, linkB)
			_ = j
		}, "order of creation"},
		{"a task missing from its max-duration queue", func(s *Store) {
			i := find(s, active)
			r := &s.mrds[s.buckets[s.at(i).bucket].mrd]
			s.unlink(&r.maxQ, i, linkQ)
		}, "missing from its MRD's queue"},
		{"a task in no list at all", func(s *Store) {
			i := find(s, active)
			bk := &s.buckets[s.at(i).bucket]
			s.unlink(&s.mrds[bk.mrd].maxQ, i, linkQ)
			s.unlink(&bk.main, i, linkB)
		}, "missing from its MRD's queue"},
		{"a queue with tasks, not scheduled", func(s *Store) {
			r := &s.mrds[0]
			k := r.hpos[1] - 1
			r.hpos[1] = 0
			last := len(s.heap) - 1
			s.heap[k] = s.heap[last]
			*s.hpos(s.heap[k]) = k + 1
			s.heap = s.heap[:last]
		}, "not scheduled"},
		{"a CLOSING task in a max-duration queue", func(s *Store) { s.push(&s.mrds[0].maxQ, find(s, closing), linkQ) }, "max-duration queue"},
		{"a max-duration queue out of order", func(s *Store) {
			r := &s.mrds[0]
			i := r.maxQ.head
			s.unlink(&r.maxQ, i, linkQ)
			s.push(&r.maxQ, i, linkQ)
		}, "order of creation"},
		{"a task in another MRD's max-duration queue", func(s *Store) {
			i := find(s, active)
			s.unlink(&s.mrds[0].maxQ, i, linkQ)
			s.push(&s.mrds[2].maxQ, i, linkQ)
		}, "of another MRD"},
		{"a PRE_CALL task missing from its start queue", func(s *Store) { s.unlink(&s.mrds[0].startQ, find(s, precall), linkS) }, "start queue"},
		{"a task that is not PRE_CALL in a start queue", func(s *Store) { s.push(&s.mrds[0].startQ, find(s, active), linkS) }, "start queue"},
		{"a start queue out of order", func(s *Store) {
			s.at(find(s, precall)).reserve = s.now
			s.push(&s.mrds[0].startQ, find(s, member), linkS)
			s.at(find(s, member)).state = StatePreCall
			s.at(find(s, member)).reserve = s.now - 1
		}, ""},
		{"a task in another MRD's start queue", func(s *Store) {
			i := find(s, precall)
			s.unlink(&s.mrds[0].startQ, i, linkS)
			s.push(&s.mrds[2].startQ, i, linkS)
		}, "of another MRD"},
		{"a begun-in-outage task before a member", func(s *Store) {
			i := find(s, fresh)
			bk := &s.buckets[s.at(i).bucket]
			r := &s.mrds[bk.mrd]
			s.unlink(&r.maxQ, i, linkQ)
			// Put it first in its MRD's queue, before the members.
			t := s.at(i)
			t.qPrev, t.qNext = 0, r.maxQ.head
			s.at(r.maxQ.head).qPrev = i
			r.maxQ.head = i
			r.maxQ.n++
			t.begin = s.at(t.qNext).begin
		}, "begun in the outage before a task the Agent PG knew"},
		{"a heap entry for nothing", func(s *Store) { s.heap = append(s.heap, hitem{at: s.now + 1, kind: kindOutage, own: 0}) }, "stale"},
		{"a scheduled queue with no task", func(s *Store) { s.mrds[3].hpos[0] = 1 }, "deadlines"},
		{"a bucket scheduled while up", func(s *Store) { s.buckets[0].hpos = 1 }, "deadlines"},
		{"a deadline at the wrong instant", func(s *Store) {
			for k := range s.heap {
				s.heap[k].at++
			}
		}, "deadline"},
		{"heap order broken", func(s *Store) {
			n := len(s.heap)
			s.heap[0], s.heap[n-1] = s.heap[n-1], s.heap[0]
			*s.hpos(s.heap[0]), *s.hpos(s.heap[n-1]) = 1, int32(n)
		}, "heap order"},
		{"a task in a state that is not open", func(s *Store) { s.at(find(s, active)).state = StateEnded }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			s := richStore(t)
			if p := s.check(); p != nil {
				t.Fatalf("before the change: %v", p)
			}
			tt.poke(s)
			p := s.check()
			if p == nil {
				t.Fatal("not detected")
			}
			if !strings.Contains(p.Error(), tt.field) {
				t.Errorf("detected as %q, want %q", p.Error(), tt.field)
			}
		})
	}
	for _, tt := range []struct {
		p    problem
		want string
	}{
		{problem{elemStore, 0, "clock", "after"}, "taskstate: invariant: store: clock: after"},
		{problem{elemTask, 7, "agent", "missing"}, "taskstate: invariant: task slot 7: agent: missing"},
		{problem{elemBucket, 2, "down", "differs"}, "taskstate: invariant: bucket 2: down: differs"},
	} {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("message %q, want %q", got, tt.want)
		}
	}
}

// TestFullPage fills the first slab page to its last slot (slot 0 is never
// used), so that the next slot lies in a page not yet allocated: the check
// and the snapshot must stop at the last slot in use. Then one more task
// opens the second page.
func TestFullPage(t *testing.T) {
	s := newStore(t)
	for id := ccefsm.TaskID(1); id < pageSize; id++ {
		if _, err := s.Create(nil, t0, NewTask{ID: id, App: app, MRD: chat, Agent: 1, State: StatePreCall}); err != nil {
			t.Fatal(err)
		}
	}
	if s.next != pageSize || len(s.pages) != 1 {
		t.Fatalf("next slot %d, %d pages; want %d, 1", s.next, len(s.pages), pageSize)
	}
	if err := verify(s); err != nil {
		t.Fatal(err)
	}
	// A cell or a list naming the first slot never used, which lies past
	// the pages, is caught, not followed.
	for _, poke := range []func(){
		func() {
			for k, c := range s.idx.cells {
				if c == 0 {
					s.idx.cells[k] = uint64(s.next)<<32 | 1
					return
				}
			}
		},
		func() { s.free, s.nfree = s.next, s.nfree+1 },
		func() { s.at(s.mrds[0].maxQ.tail).qNext = s.next },
	} {
		c := *s
		c.idx.cells = append([]uint64(nil), s.idx.cells...)
		poke()
		if p := s.check(); p == nil {
			t.Error("a slot past the pages went unnoticed")
		}
		s.idx.cells, s.free, s.nfree = c.idx.cells, c.free, c.nfree
		s.at(s.mrds[0].maxQ.tail).qNext = 0
	}
	if _, err := s.Create(nil, t0, NewTask{ID: pageSize, App: app, MRD: chat, Agent: 1, State: StateActive}); err != nil {
		t.Fatal(err)
	}
	if len(s.pages) != 2 {
		t.Fatalf("%d pages, want 2", len(s.pages))
	}
	if err := verify(s); err != nil {
		t.Fatal(err)
	}
}
