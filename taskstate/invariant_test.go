package taskstate

import (
	"fmt"

	"github.com/ccefsm/ccefsm"
)

// verify checks the store's internal invariants: every open task is in the
// index, in exactly the lists its state and flags call for, and every
// deadline source is in the heap at the right key.
func (s *Store) verify() error {
	open := 0
	for i := uint32(1); i < s.next; i++ {
		t := s.at(i)
		if t.id == 0 {
			continue
		}
		open++
		if j, ok := s.find(t.id); !ok || j != i {
			return fmt.Errorf("task %d in slot %d not indexed (got %d, %v)", t.id, i, j, ok)
		}
		if !t.state.IsOpen() {
			return fmt.Errorf("task %d in state %v", t.id, t.state)
		}
	}
	if open != s.idx.n {
		return fmt.Errorf("%d open slots, index holds %d", open, s.idx.n)
	}
	count := func(l list, k linkKind, pred func(*task) bool) (int, error) {
		n, prev := 0, uint32(0)
		for i := l.head; i != 0; {
			t := s.at(i)
			p, nx := t.links(k)
			if *p != prev {
				return 0, fmt.Errorf("bad back link at task %d", t.id)
			}
			if !pred(t) {
				return 0, fmt.Errorf("task %d (%v, flags %b) in wrong list %d", t.id, t.state, t.flags, k)
			}
			n++
			prev, i = i, *nx
		}
		if prev != l.tail || n != l.n {
			return 0, fmt.Errorf("list tail/count mismatch: %d vs %d", n, l.n)
		}
		return n, nil
	}
	inB := 0
	for bi, b := range s.buckets {
		if b.down != s.apps[b.app].down {
			return fmt.Errorf("bucket %d down=%v, app down=%v", bi, b.down, s.apps[b.app].down)
		}
		n1, err := count(b.main, linkB, func(t *task) bool { return t.state != StateClosing && t.flags&flagFresh == 0 && t.bucket == uint32(bi) })
		if err != nil {
			return err
		}
		n2, err := count(b.closing, linkB, func(t *task) bool { return t.state == StateClosing && t.bucket == uint32(bi) })
		if err != nil {
			return err
		}
		n3, err := count(b.fresh, linkB, func(t *task) bool { return t.flags&flagFresh != 0 && t.bucket == uint32(bi) })
		if err != nil {
			return err
		}
		if !b.down && (n2 != 0 || n3 != 0) {
			return fmt.Errorf("bucket %d up with closing/fresh tasks", bi)
		}
		inB += n1 + n2 + n3
		if b.hpos != 0 && (!b.down || b.fired || n1 == 0) {
			// CLOSING tasks are not open for task life (TS-2), so only
			// members still open keep the outage deadline.
			return fmt.Errorf("bucket %d scheduled while up, fired or with no open member", bi)
		}
		if b.hpos == 0 && b.down && !b.fired && n1 > 0 && s.apps[b.app].downAt+s.mrds[b.mrd].cut > s.now {
			return fmt.Errorf("bucket %d down with open members but no deadline", bi)
		}
		email := s.mrds[b.mrd].m.Media == ccefsm.MediaEmail
		for i := b.main.head; i != 0; i = s.at(i).bNext {
			f := s.at(i).flags
			if f&(f-1) != 0 || (!email && f&(flagRebuilt|flagCut) != 0) {
				return fmt.Errorf("task %d flags %b in a %v bucket", s.at(i).id, f, s.mrds[b.mrd].m.Media)
			}
		}
	}
	if inB != open {
		return fmt.Errorf("%d tasks in buckets, %d open", inB, open)
	}
	inQ, inS := 0, 0
	for mi := range s.mrds {
		r := &s.mrds[mi]
		last := int64(-1 << 63)
		n, err := count(r.maxQ, linkQ, func(t *task) bool {
			ok := t.begin >= last && t.state != StateClosing && s.buckets[t.bucket].mrd == uint32(mi)
			last = t.begin
			return ok
		})
		if err != nil {
			return err
		}
		inQ += n
		last = -1 << 63
		n, err = count(r.startQ, linkS, func(t *task) bool {
			ok := t.reserve >= last && t.state == StatePreCall
			last = t.reserve
			return ok
		})
		if err != nil {
			return err
		}
		inS += n
		for k, l := range [2]list{r.startQ, r.maxQ} {
			if (l.head != 0) != (r.hpos[k] != 0) {
				return fmt.Errorf("MRD %d queue %d scheduled=%v with head %d", r.m.ID, k, r.hpos[k] != 0, l.head)
			}
			if l.head != 0 {
				h := s.heap[r.hpos[k]-1]
				want := s.at(l.head).begin + r.maxd
				if k == 0 {
					want = s.at(l.head).reserve + r.start
				}
				if h.at != want {
					return fmt.Errorf("MRD %d queue %d key %d, want %d", r.m.ID, k, h.at, want)
				}
			}
		}
	}
	closing, precall := 0, 0
	for i := uint32(1); i < s.next; i++ {
		if t := s.at(i); t.id != 0 {
			if t.state == StateClosing {
				closing++
			}
			if t.state == StatePreCall {
				precall++
			}
		}
	}
	if inQ != open-closing || inS != precall {
		return fmt.Errorf("queues hold %d/%d, want %d/%d", inQ, inS, open-closing, precall)
	}
	for i, it := range s.heap {
		if *s.hpos(it) != int32(i+1) {
			return fmt.Errorf("heap position %d stale", i)
		}
		if i > 0 && it.less(s.heap[(i-1)/2]) {
			return fmt.Errorf("heap order broken at %d", i)
		}
		if s.seen && it.at <= s.now {
			return fmt.Errorf("deadline %d not fired at now %d", it.at, s.now)
		}
	}
	return nil
}
