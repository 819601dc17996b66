package taskstate

import (
	"math"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
)

// The invariant check. UnmarshalBinary runs it on every store it decodes,
// and the tests run it on the live store after every input: one function,
// so that what the decoder accepts and what the tests require cannot drift
// apart.
//
// It checks two things. First that the store's structures are sound: the
// slab, the free list, the index, the lists and queues with their links and
// counts, the heap of deadlines. Then that the store is one that some
// sequence of inputs produces: every task in the lists its state and
// history call for, with an agent that fits its state, instants in order
// and no deadline left unfired, and, bucket by bucket, reporting classes
// that a history of outages fitting the tasks' creation instants explains.

// elemKind names the part of the store a problem lies in.
type elemKind uint8

const (
	elemStore  elemKind = iota // the clock, the table, the whole
	elemMRD                    // index: MRD index
	elemApp                    // index: application index
	elemBucket                 // index: bucket index
	elemTask                   // index: slot
)

// problem is a broken invariant: where, which field, and why.
type problem struct {
	elem   elemKind
	index  uint32
	field  string
	reason string
}

func (p *problem) Error() string {
	where := [...]string{"store", "MRD", "application", "bucket", "task slot"}[p.elem]
	if p.elem != elemStore {
		where += " " + strconv.FormatUint(uint64(p.index), 10)
	}
	return "taskstate: invariant: " + where + ": " + p.field + ": " + p.reason
}

func bad(e elemKind, i uint32, field, reason string) *problem {
	return &problem{elem: e, index: i, field: field, reason: reason}
}

// check returns the first broken invariant of s, or nil.
func (s *Store) check() *problem {
	for _, f := range [...]func() *problem{s.checkHead, s.checkMRDs, s.checkApps, s.checkBuckets, s.checkSlab, s.checkIndex} {
		if p := f(); p != nil {
			return p
		}
	}
	if p := s.checkLists(); p != nil {
		return p
	}
	if p := s.checkHeap(); p != nil {
		return p
	}
	for i := uint32(1); i < s.next; i++ {
		if s.at(i).id != 0 {
			if p := s.checkTask(i); p != nil {
				return p
			}
		}
	}
	for b := range s.buckets {
		if p := s.checkHistory(uint32(b)); p != nil {
			return p
		}
	}
	return nil
}

func (s *Store) checkHead() *problem {
	if s.table != nil {
		if err := s.table.check(); err != nil {
			return bad(elemStore, 0, "table", err.Error())
		}
	}
	if s.now > maxInstantNs {
		return bad(elemStore, 0, "clock", "after the latest instant a store holds")
	}
	if !s.seen && s.now != 0 {
		return bad(elemStore, 0, "clock", "set on a store that has seen no input")
	}
	if !s.seen && len(s.apps) != 0 {
		return bad(elemStore, 0, "clock", "applications on a store that has seen no input")
	}
	return nil
}

func (s *Store) checkMRDs() *problem {
	if len(s.mrdIdx) != len(s.mrds) {
		return bad(elemStore, 0, "MRDs", "index of MRD IDs out of step")
	}
	for i := range s.mrds {
		r := &s.mrds[i]
		if err := r.m.Validate(); err != nil {
			return bad(elemMRD, uint32(i), "attributes", err.Error())
		}
		if j, ok := s.mrdIdx[r.m.ID]; !ok || j != uint32(i) {
			return bad(elemMRD, uint32(i), "ID", "not indexed")
		}
		want := mrdRec{m: r.m, start: int64(r.m.StartTimeout), maxd: int64(r.m.MaxDuration), life: int64(r.m.TaskLife),
			cut: int64(r.m.EffectiveTimeLimit()), email: r.m.Media == ccefsm.MediaEmail, noCut: r.m.Media == ccefsm.MediaEmail && r.m.NoTimeLimitCut,
			startQ: r.startQ, maxQ: r.maxQ, hpos: r.hpos}
		if *r != want {
			return bad(elemMRD, uint32(i), "attributes", "derived timings out of step")
		}
	}
	return nil
}

func (s *Store) checkApps() *problem {
	if len(s.appIdx) != len(s.apps) {
		return bad(elemStore, 0, "applications", "index of application IDs out of step")
	}
	nb := 0
	for i := range s.apps {
		a := &s.apps[i]
		if j, ok := s.appIdx[a.id]; a.id == 0 {
			return bad(elemApp, uint32(i), "ID", "zero")
		} else if !ok || j != uint32(i) {
			return bad(elemApp, uint32(i), "ID", "not indexed")
		} else if a.down && a.downAt > s.now {
			return bad(elemApp, uint32(i), "down since", "after the clock")
		} else if !a.down && a.downAt != 0 {
			return bad(elemApp, uint32(i), "down since", "set while the path is up")
		}
		prev := -1
		for _, b := range a.buckets {
			if int(b) <= prev || int(b) >= len(s.buckets) || s.buckets[b].app != uint32(i) {
				return bad(elemApp, uint32(i), "buckets", "not its buckets in creation order")
			}
			prev = int(b)
		}
		nb += len(a.buckets)
	}
	if nb != len(s.buckets) {
		return bad(elemStore, 0, "buckets", "a bucket missing from its application")
	}
	return nil
}

func (s *Store) checkBuckets() *problem {
	if len(s.bucketIdx) != len(s.buckets) {
		return bad(elemStore, 0, "buckets", "index of buckets out of step")
	}
	for i := range s.buckets {
		bk := &s.buckets[i]
		// checkApps found each bucket in its application's list.
		if int(bk.mrd) >= len(s.mrds) {
			return bad(elemBucket, uint32(i), "MRD", "out of range")
		}
		r := &s.mrds[bk.mrd]
		if j, ok := s.bucketIdx[bucketKey(s.apps[bk.app].id, r.m.ID)]; !ok || j != uint32(i) {
			return bad(elemBucket, uint32(i), "application and MRD", "not indexed")
		} else if bk.down != s.apps[bk.app].down {
			return bad(elemBucket, uint32(i), "down", "differs from its application's path")
		} else if bk.fired && (!r.email || r.noCut) {
			return bad(elemBucket, uint32(i), "time limit fired", "on an MRD with no time limit")
		} else if bk.fired && !bk.down {
			return bad(elemBucket, uint32(i), "time limit fired", "while the path is up")
		} else if bk.fired && s.apps[bk.app].downAt+r.cut > s.now {
			return bad(elemBucket, uint32(i), "time limit fired", "before the time limit")
		} else if !bk.down && (bk.closing.n != 0 || bk.fresh.n != 0) {
			return bad(elemBucket, uint32(i), "tasks", "ended or begun during an outage while the path is up")
		} else if bk.closing.n != 0 && r.email {
			return bad(elemBucket, uint32(i), "tasks", "an email task waiting for re-init")
		}
	}
	return nil
}

// checkSlab checks the slot accounting: every slot below next is open or on
// the free list, once; slot 0 is never used.
func (s *Store) checkSlab() *problem {
	if int(s.next+pageMask)>>pageShift > len(s.pages) {
		return bad(elemStore, 0, "slab", "slots beyond the pages")
	}
	if len(s.pages) > 0 && *s.at(0) != (task{}) {
		return bad(elemTask, 0, "slot", "slot 0 is used")
	}
	open := 0
	for i := uint32(1); i < s.next; i++ {
		if s.at(i).id != 0 {
			open++
		}
	}
	nfree := 0
	for i := s.free; i != 0; i = s.at(i).qNext {
		if i >= s.next || *s.at(i) != (task{qNext: s.at(i).qNext}) || nfree >= int(s.next) {
			return bad(elemTask, i, "slot", "free list holds a used or unknown slot")
		}
		nfree++
	}
	if open != s.idx.n {
		return bad(elemStore, 0, "slab", strconv.Itoa(open)+" open slots, "+strconv.Itoa(s.idx.n)+" indexed")
	}
	if nfree != s.nfree {
		return bad(elemStore, 0, "slab", "free count out of step")
	}
	if s.next > 0 && open+nfree != int(s.next)-1 {
		return bad(elemStore, 0, "slab", "a slot neither open nor free")
	}
	return nil
}

// checkIndex checks that the index holds exactly the open tasks, each
// reachable from its home cell.
func (s *Store) checkIndex() *problem {
	x := &s.idx
	if x.n == 0 {
		return nil
	}
	if x.n*4 > len(x.cells)*3 {
		return bad(elemStore, 0, "index", "over its load factor")
	}
	cells := 0
	for _, c := range x.cells {
		if c != 0 {
			cells++
			if v := uint32(c >> 32); v >= s.next || s.at(v).id == 0 || x.tag(s.at(v).id) != uint32(c) || s.at(v).tag != uint32(c) {
				return bad(elemTask, v, "index", "cell for a slot that is not open, or with a wrong tag")
			}
		}
	}
	if cells != x.n {
		return bad(elemStore, 0, "index", "cell count out of step")
	}
	for i := uint32(1); i < s.next; i++ {
		if id := s.at(i).id; id != 0 {
			if j, _, ok := s.find(id); !ok || j != i {
				return bad(elemTask, i, "ID", "not found through the index (a repeated ID, or a broken probe sequence)")
			}
		}
	}
	return nil
}

// walk follows list l over links k and calls f on each member in order; it
// checks the back links, the tail and the count.
func (s *Store) walk(l list, k linkKind, f func(i uint32, t *task) *problem) *problem {
	prev, n := uint32(0), 0
	for i := l.head; i != 0; {
		if i >= s.next || n > s.idx.n {
			return bad(elemStore, 0, "lists", "a link out of the slab, or a cycle")
		}
		t := s.at(i)
		p, next := t.links(k)
		if *p != prev {
			return bad(elemTask, i, "links", "broken back link")
		}
		if pr := f(i, t); pr != nil {
			return pr
		}
		n++
		prev, i = i, *next
	}
	if prev != l.tail || n != l.n {
		return bad(elemStore, 0, "lists", "tail or count out of step")
	}
	return nil
}

// checkLists checks that every open task is in exactly the lists and
// queues its state calls for, each in its order: the maximum-duration
// queue of its MRD is the order of creation, of which its bucket's member
// and begun-in-outage lists are parts.
func (s *Store) checkLists() *problem {
	pos := make([]int32, s.next)
	for i := range pos {
		pos[i] = -1
	}
	inQ, inS, closing, precall := 0, 0, 0, 0
	for mi := range s.mrds {
		r := &s.mrds[mi]
		n, last := int32(0), int64(math.MinInt64)
		p := s.walk(r.maxQ, linkQ, func(i uint32, t *task) *problem {
			if t.id == 0 || t.state == StateClosing {
				return bad(elemTask, i, "max-duration queue", "holds a task that is not open")
			}
			if s.buckets[t.bucket].mrd != uint32(mi) {
				return bad(elemTask, i, "max-duration queue", "of another MRD")
			}
			if t.begin < last {
				return bad(elemTask, i, "max-duration queue", "out of order of creation")
			}
			// No task is visited twice: a list through one link pair
			// passes a task once unless its back links break, and a task
			// alone in a second MRD's queue is of another MRD.
			pos[i], last = n, t.begin
			n++
			return nil
		})
		if p != nil {
			return p
		}
		inQ += int(n)
		last = math.MinInt64
		p = s.walk(r.startQ, linkS, func(i uint32, t *task) *problem {
			if t.state != StatePreCall || t.id == 0 {
				return bad(elemTask, i, "start queue", "holds a task that is not PRE_CALL")
			}
			if s.buckets[t.bucket].mrd != uint32(mi) {
				return bad(elemTask, i, "start queue", "of another MRD")
			}
			if t.reserve < last {
				return bad(elemTask, i, "start queue", "out of order of reservation")
			}
			last = t.reserve
			inS++
			return nil
		})
		if p != nil {
			return p
		}
	}
	inB := 0
	for bi := range s.buckets {
		bk := &s.buckets[bi]
		for li, l := range [...]list{bk.main, bk.closing, bk.fresh} {
			prev := int32(-1)
			p := s.walk(l, linkB, func(i uint32, t *task) *problem {
				var ok bool
				switch li {
				case 0:
					ok = t.state != StateClosing && t.mark != markFresh
				case 1:
					ok = t.state == StateClosing && t.mark != markFresh
				default:
					ok = t.state != StateClosing && t.mark == markFresh
				}
				if t.id == 0 || t.bucket != uint32(bi) || !ok {
					return bad(elemTask, i, "bucket lists", "in the wrong list")
				}
				if li != 1 && pos[i] < 0 {
					return bad(elemTask, i, "max-duration queue", "missing from its MRD's queue")
				}
				if li != 1 && pos[i] <= prev {
					return bad(elemTask, i, "bucket lists", "out of order of creation")
				}
				if li != 1 {
					prev = pos[i]
				}
				return nil
			})
			if p != nil {
				return p
			}
			inB += l.n
			if li == 1 {
				closing += l.n
			}
		}
		if bk.main.n > 0 && bk.fresh.n > 0 && pos[bk.main.tail] > pos[bk.fresh.head] {
			return bad(elemTask, bk.fresh.head, "bucket lists", "begun in the outage before a task the Agent PG knew")
		}
	}
	for i := uint32(1); i < s.next; i++ {
		t := s.at(i)
		if t.id == 0 {
			continue
		}
		if t.state != StateClosing && pos[i] < 0 {
			return bad(elemTask, i, "max-duration queue", "missing from its MRD's queue")
		}
		if t.state == StatePreCall && t.sPrev == 0 && s.mrds[s.buckets[t.bucket].mrd].startQ.head != i {
			return bad(elemTask, i, "start queue", "PRE_CALL but missing from its MRD's start queue")
		}
		if t.state == StatePreCall {
			precall++
		}
	}
	if inB != s.idx.n {
		return bad(elemStore, 0, "bucket lists", "do not hold every open task once")
	}
	if inQ != s.idx.n-closing {
		return bad(elemStore, 0, "max-duration queues", "do not hold every task that is not CLOSING")
	}
	if inS != precall {
		return bad(elemStore, 0, "start queues", "do not hold every PRE_CALL task")
	}
	return nil
}

// checkHeap checks that the heap holds exactly the deadline sources that
// have one, at their deadlines, all after the clock.
func (s *Store) checkHeap() *problem {
	want := 0
	for mi := range s.mrds {
		r := &s.mrds[mi]
		for k, l := range [2]list{r.startQ, r.maxQ} {
			if l.head == 0 {
				if r.hpos[k] != 0 {
					return bad(elemMRD, uint32(mi), "deadlines", "a queue with no task is scheduled")
				}
				continue
			}
			at := s.at(l.head).reserve + r.start
			if k == 1 {
				at = s.at(l.head).begin + r.maxd
			}
			if p := s.checkSource(hitem{at: at, kind: uint8(k), own: uint32(mi)}, r.hpos[k]); p != nil {
				p.elem, p.index = elemTask, l.head
				return p
			}
			want++
		}
	}
	for bi := range s.buckets {
		bk := &s.buckets[bi]
		at, ok := s.mrds[bk.mrd].deadline(s.apps[bk.app].downAt)
		if !bk.down || bk.fired || bk.main.n == 0 || !ok {
			if bk.hpos != 0 {
				return bad(elemBucket, uint32(bi), "deadlines", "scheduled with no open member in an outage")
			}
			continue
		}
		if p := s.checkSource(hitem{at: at, kind: kindOutage, own: uint32(bi)}, bk.hpos); p != nil {
			p.elem, p.index = elemBucket, uint32(bi)
			return p
		}
		want++
	}
	if len(s.heap) != want {
		return bad(elemStore, 0, "deadlines", "heap holds stale entries")
	}
	for i, it := range s.heap {
		if i > 0 && it.less(s.heap[(i-1)/2]) {
			return bad(elemStore, 0, "deadlines", "heap order broken")
		}
	}
	return nil
}

// checkSource checks the heap entry of one source at heap position hpos
// (index+1).
func (s *Store) checkSource(want hitem, hpos int32) *problem {
	if want.at <= s.now && s.seen {
		return &problem{field: "deadline", reason: "due at or before the clock, not fired"}
	}
	if hpos <= 0 || int(hpos) > len(s.heap) || s.heap[hpos-1] != want {
		return &problem{field: "deadline", reason: "not scheduled at its instant"}
	}
	return nil
}

// codes lists the class codes a task of each kind of MRD can have: chat
// and other media; email that cuts at its time limit; email that does not.
var (
	codesPlain  = [numCodes]bool{codeClean: true, codeFresh: true, codeRP4: true, codeTS5: true}
	codesEmail  = [numCodes]bool{codeClean: true, codeFresh: true, codeRP6: true, codeTS3: true, codeTS5: true}
	codesNoCut  = [numCodes]bool{codeClean: true, codeFresh: true, codeRP6: true}
	codeClosing = [numCodes]bool{codeRP4: true, codeTS5: true}
)

// checkTask checks one open task against its state, bucket and MRD.
func (s *Store) checkTask(i uint32) *problem {
	t := s.at(i)
	bk := &s.buckets[t.bucket]
	r := &s.mrds[bk.mrd]
	a := &s.apps[bk.app]
	fail := func(field, reason string) *problem { return bad(elemTask, i, field, reason) }
	if !t.state.IsOpen() {
		return fail("state", "not an open state")
	}
	if t.state == StateNew && t.agent != 0 {
		return fail("agent", "set on a NEW task")
	}
	if t.state != StateNew && t.state != StateClosing && t.agent == 0 {
		// CLOSING keeps whatever agent the task had, none if it was NEW.
		return fail("agent", "missing on a task past NEW")
	}
	if t.mark > markCut {
		return fail("report", "unknown mark")
	}
	code := reportOf(t, bk, r.email)
	allowed := codesPlain
	if r.noCut {
		allowed = codesNoCut
	} else if r.email {
		allowed = codesEmail
	}
	if !allowed[code] {
		return fail("report", "a reporting class a "+r.m.Media.String()+" MRD does not give")
	}
	if t.state == StateClosing && !codeClosing[code] {
		return fail("report", "a CLOSING task that did not span the outage")
	}
	if !s.seen || t.begin > s.now {
		return fail("created", "after the clock")
	}
	if t.state == StatePreCall && (t.reserve < t.begin || t.reserve > s.now) {
		return fail("reserved", "before its creation or after the clock")
	}
	if t.state == StateClosing && t.begin+r.maxd <= a.downAt {
		// A CLOSING task was open when the outage began (the Agent PG
		// knew it) and until End, both after the deadline of its maximum
		// duration, which would have ended it (TS-6).
		return fail("created", "CLOSING, but its maximum duration ran out before the outage began")
	}
	if bk.down && code == codeFresh && t.begin < a.downAt {
		return fail("created", "begun in the outage before it began")
	}
	if bk.down && code != codeFresh && t.begin > a.downAt {
		return fail("created", "known to the Agent PG but created after the outage began")
	}
	if bk.down && code == codeClean {
		return fail("report", "an outage is on, but the task is not marked as spanning it")
	}
	if bk.fired && code != codeFresh && code != codeTS3 && code != codeTS5 {
		return fail("report", "the time limit fired, but the task's segment was not cut")
	}
	return nil
}

// checkHistory checks the order of reporting classes along bucket b's
// member list, in creation order. The Agent PG learns of tasks in creation
// order, and each outage touches every task known at its start, so along
// the list the tasks no outage touched come last; for email, the tasks a
// time limit cut or that were begun in an outage that outlasted its limit
// come before those whose history was recreated. Then, for an email MRD
// that cuts, it checks that a history of outages fits the creation
// instants (emailHistory).
func (s *Store) checkHistory(b uint32) *problem {
	bk := &s.buckets[b]
	r := &s.mrds[bk.mrd]
	phase := 0
	for i := bk.main.head; i != 0; i = s.at(i).bNext {
		p := historyPhase(reportOf(s.at(i), bk, r.email), r.email)
		if p < phase {
			return bad(elemTask, i, "report", "a class no outage history gives after the tasks created before it")
		}
		phase = p
	}
	if r.email && !r.noCut {
		return s.emailHistory(b)
	}
	return nil
}

// historyPhase orders the class codes of a bucket's members along the
// order of creation: for chat and other media, the tasks an outage touched
// (RP-4, TS-5) before the untouched; for email, those cut at a time limit
// or begun after one (TS-3, TS-5) before the recreated (RP-6) before the
// untouched.
func historyPhase(c classCode, email bool) int {
	if c == codeClean && email {
		return 2
	}
	if c == codeClean || c == codeRP6 {
		return 1
	}
	return 0
}

// emailHistory checks that some sequence of outages explains the classes
// of the members of email bucket b whose reporting was cut (TS-3) or begun
// after a time limit (TS-5), given their creation instants and the MRD's
// time limit C. A TS-5 task was begun in an outage at least C after it
// started; a TS-3 task was begun in an outage less than C after it started
// and open when the limit ran out, or was created while the path was up and
// open through a later outage of at least C. Outages do not overlap, and
// the ones that touch these tasks end before the first task whose history
// is recreated or untouched is created (or the current outage begins). The
// earliest schedule is found greedily: each TS-5 task that cannot join the
// outage before it opens one starting C before it.
func (s *Store) emailHistory(b uint32) *problem {
	bk := &s.buckets[b]
	r := &s.mrds[bk.mrd]
	c := r.cut
	end := s.now // outages touching the cut tasks end by then
	if bk.down {
		end = s.apps[bk.app].downAt
	}
	var (
		open       bool  // the previous task was begun in an outage still open
		prevEnd    int64 // the end of the last outage so far
		havePrev   bool
		upTS3      bool // a TS-3 task created since that outage ended
		upTS3Begin int64
		upTS3Slot  uint32
	)
	for i := bk.main.head; i != 0; i = s.at(i).bNext {
		t := s.at(i)
		switch reportOf(t, bk, true) {
		case codeTS5:
			if open {
				prevEnd = t.begin
				continue
			}
			if t.begin < math.MinInt64+c {
				return bad(elemTask, i, "report", "begun after a time limit that cannot have run out")
			}
			start := t.begin - c
			if havePrev && start < prevEnd {
				return bad(elemTask, i, "report", "begun after a time limit, too soon after the outage before it")
			}
			if upTS3 && upTS3Begin >= t.begin {
				return bad(elemTask, upTS3Slot, "report", "cut at a time limit, but created when the outage after it had passed its limit")
			}
			open, prevEnd, havePrev, upTS3 = true, t.begin, true, false
		case codeTS3:
			open = false
			upTS3, upTS3Begin, upTS3Slot = true, t.begin, i
		default:
			// The first task whose history is recreated, or that no
			// outage touched: the outages that cut or began the tasks
			// before it ended before it was created.
			end = min(end, t.begin)
			return s.cutBefore(bk, upTS3, upTS3Begin, upTS3Slot, havePrev, prevEnd, end)
		}
	}
	return s.cutBefore(bk, upTS3, upTS3Begin, upTS3Slot, havePrev, prevEnd, end)
}

// cutBefore checks the TS-3 tasks created since the last outage that began
// a TS-5 task (when up is set; the last of them created at instant last):
// an outage of at least the time limit C after that one (from prevEnd, when
// havePrev) and ending by end cut them, each created before it or less than
// C after it began — unless the current outage's limit fired, which cut
// them all.
func (s *Store) cutBefore(bk *bucket, up bool, last int64, slot uint32, havePrev bool, prevEnd, end int64) *problem {
	c := s.mrds[bk.mrd].cut
	if !up || bk.fired {
		return nil
	}
	if last >= end || end < math.MinInt64+c || havePrev && prevEnd > end-c {
		return bad(elemTask, slot, "report", "cut at a time limit that cannot have run out before "+utc(end).Format(time.RFC3339Nano))
	}
	return nil
}
