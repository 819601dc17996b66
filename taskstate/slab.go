package taskstate

import "github.com/ccefsm/ccefsm"

// task is the compact record of one open task. Links are slot numbers
// (1-based; 0 is nil) of three intrusive doubly linked lists: the MRD's
// maximum-duration queue (q), the MRD's start-timeout queue (s, while
// PRE_CALL) and the (application, MRD) bucket's member list (b).
type task struct {
	id           ccefsm.TaskID
	begin        int64 // creation, Unix ns; the max-duration deadline is begin + MaxDuration
	reserve      int64 // entry into PRE_CALL, Unix ns; the start deadline is reserve + StartTimeout (meaningless in other states)
	agent        ccefsm.AgentID
	bucket       uint32 // index into Store.buckets
	qPrev, qNext uint32
	sPrev, sNext uint32
	bPrev, bNext uint32
	outSnap      uint32 // the bucket's outage count when the Agent PG learnt of the task
	cutSnap      uint32 // the bucket's email-cut count at the same moment
	tag          uint32 // the ID's tag in the index (index.tag), kept so that deleting needs no hash
	state        State
	mark         uint8
}

// Task marks: at most one, set when a task is begun during an outage and
// when that outage ends. Together with outSnap and cutSnap (whether an
// outage, or an email cut, came after the Agent PG learnt of the task) they
// decide the task's reporting class (classOf).
const (
	// markFresh: begun while the CTI path was down; the Agent PG does not
	// know it and nothing about it is reported (TS-4).
	markFresh uint8 = 1 + iota
	// markInit: reported from a restore on (TS-5).
	markInit
	// markRebuilt: an email task begun during an outage and still open at a
	// restore within the time limit: its history over the outage is
	// recreated from the email manager's resync (RP-6).
	markRebuilt
	// markCut: an email task begun during an outage and still open at the
	// time limit, which ended its (recreated) reporting there (TS-3).
	markCut
)

// Slab pages: tasks live in fixed pages so that growth never copies them.
// 256 tasks (18 KiB) a page keeps a small store small (a store of 1,000
// tasks holds four pages) while a page table of a million tasks stays at
// 3,907 entries.
const (
	pageShift = 8
	pageSize  = 1 << pageShift
	pageMask  = pageSize - 1
)

// list is the head of an intrusive list of tasks.
type list struct {
	head, tail uint32
	n          int
}

type linkKind uint8

const (
	linkQ linkKind = iota // MRD max-duration queue
	linkS                 // MRD start-timeout queue
	linkB                 // bucket member list
)

func (s *Store) at(i uint32) *task { return &s.pages[i>>pageShift][i&pageMask] }

func (t *task) links(k linkKind) (prev, next *uint32) {
	switch k {
	case linkQ:
		return &t.qPrev, &t.qNext
	case linkS:
		return &t.sPrev, &t.sNext
	}
	return &t.bPrev, &t.bNext
}

// push appends slot i to l.
func (s *Store) push(l *list, i uint32, k linkKind) {
	p, n := s.at(i).links(k)
	*p, *n = l.tail, 0
	if l.tail != 0 {
		_, tn := s.at(l.tail).links(k)
		*tn = i
	} else {
		l.head = i
	}
	l.tail = i
	l.n++
}

// unlink removes slot i from l.
func (s *Store) unlink(l *list, i uint32, k linkKind) {
	p, n := s.at(i).links(k)
	if *p != 0 {
		_, pn := s.at(*p).links(k)
		*pn = *n
	} else {
		l.head = *n
	}
	if *n != 0 {
		np, _ := s.at(*n).links(k)
		*np = *p
	} else {
		l.tail = *p
	}
	*p, *n = 0, 0
	l.n--
}

// alloc returns a free slot, growing the slab by one page when needed.
func (s *Store) alloc() uint32 {
	if s.free != 0 {
		i := s.free
		s.free = s.at(i).qNext
		s.nfree--
		return i
	}
	if s.next == 0 {
		s.next = 1 // slot 0 is nil
	}
	if int(s.next>>pageShift) == len(s.pages) {
		s.pages = append(s.pages, new([pageSize]task))
	}
	i := s.next
	s.next++
	return i
}

// release clears slot i and puts it on the free list.
func (s *Store) release(i uint32) {
	*s.at(i) = task{qNext: s.free}
	s.free = i
	s.nfree++
}
