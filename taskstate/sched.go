package taskstate

// The scheduler is a binary min-heap of deadline sources, not of tasks:
// each MRD contributes its start-timeout queue and its maximum-duration
// queue (their heads are the earliest deadlines, because time never goes
// backwards and every task of an MRD has the same timeouts, so the queues
// are FIFO), and each (application, MRD) bucket in an outage contributes
// one task-life or time-limit deadline for all of its member tasks. Firing k
// deadlines costs O(k log h) for h sources, and h ≤ 2·MRDs + buckets.

// Deadline source kinds, in firing order among equal instants.
const (
	kindStart  uint8 = iota // an MRD's start-timeout queue (TS-7)
	kindMax                 // an MRD's maximum-duration queue (TS-6)
	kindOutage              // a bucket's task-life or time-limit deadline (TS-1, TS-3)
)

type hitem struct {
	at   int64
	kind uint8
	own  uint32 // MRD index for kindStart/kindMax, bucket index for kindOutage
}

func (a hitem) less(b hitem) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	if a.kind != b.kind {
		return a.kind < b.kind
	}
	return a.own < b.own
}

// hpos returns the owner's heap position field (index+1, 0 = not queued).
func (s *Store) hpos(it hitem) *int32 {
	switch it.kind {
	case kindStart:
		return &s.mrds[it.own].hpos[0]
	case kindMax:
		return &s.mrds[it.own].hpos[1]
	}
	return &s.buckets[it.own].hpos
}

func (s *Store) hset(i int, it hitem) {
	s.heap[i] = it
	*s.hpos(it) = int32(i + 1)
}

func (s *Store) up(i int) {
	it := s.heap[i]
	for i > 0 {
		p := (i - 1) / 2
		if !it.less(s.heap[p]) {
			break
		}
		s.hset(i, s.heap[p])
		i = p
	}
	s.hset(i, it)
}

func (s *Store) down(i int) {
	it := s.heap[i]
	n := len(s.heap)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && s.heap[c+1].less(s.heap[c]) {
			c++
		}
		if !s.heap[c].less(it) {
			break
		}
		s.hset(i, s.heap[c])
		i = c
	}
	s.hset(i, it)
}

// schedule sets the deadline of a source, adding it when absent.
func (s *Store) schedule(kind uint8, own uint32, at int64) {
	it := hitem{at: at, kind: kind, own: own}
	p := s.hpos(it)
	if *p == 0 {
		s.heap = append(s.heap, it)
		s.up(len(s.heap) - 1)
		return
	}
	i := int(*p - 1)
	old := s.heap[i]
	s.heap[i] = it
	if it.less(old) {
		s.up(i)
	} else {
		s.down(i)
	}
}

// unschedule removes a source when present.
func (s *Store) unschedule(kind uint8, own uint32) {
	p := s.hpos(hitem{kind: kind, own: own})
	if *p == 0 {
		return
	}
	i := int(*p - 1)
	*p = 0
	last := len(s.heap) - 1
	if i != last {
		moved := s.heap[last]
		s.heap = s.heap[:last]
		s.hset(i, moved)
		s.down(i)
		s.up(int(*s.hpos(moved) - 1))
	} else {
		s.heap = s.heap[:last]
	}
}

// requeue reschedules an MRD queue after its head may have changed.
func (s *Store) requeue(kind uint8, m uint32) {
	r := &s.mrds[m]
	if kind == kindStart {
		if r.startQ.head == 0 {
			s.unschedule(kindStart, m)
			return
		}
		s.schedule(kindStart, m, s.at(r.startQ.head).reserve+r.start)
		return
	}
	if r.maxQ.head == 0 {
		s.unschedule(kindMax, m)
		return
	}
	s.schedule(kindMax, m, s.at(r.maxQ.head).begin+r.maxd)
}
