package taskstate

import (
	"math"
	"time"

	"github.com/ccefsm/ccefsm"
)

// Advance fires every deadline at or before now, appends the effects to dst
// and returns it. Each effect carries its deadline as At. Every input does
// the same before it applies (see "Inputs" on [Store]); Advance is for a
// caller whose timer fires with no input to apply.
//
// Deadlines fire in order of instant. Deadlines due at the same instant
// fire start timeouts first (TS-7), then maximum durations (TS-6), then
// outage deadlines (TS-1, TS-3); start timeouts and maximum durations of
// different MRDs in the order the MRDs were added, outage deadlines of
// different (application, MRD) buckets in the order the buckets were
// created (the first task of the application in the MRD); within one MRD's
// queue in the order the tasks entered it (were reserved, or created), and
// the tasks of one outage in the order they were created. A deadline
// exactly at now fires: a task's life is the half-open interval [begin,
// deadline), so a restore or End Task at the deadline instant comes too
// late.
//
// Time going backwards is ErrTimeBackwards and an instant outside the
// store's range is ErrTimeOutOfRange; both change nothing. The store holds
// instants from 1677-09-21 (the earliest int64 Unix nanosecond) to ten
// years (the longest MRD attribute, [ccefsm.MaxAttribute]) before the
// latest, in 2252, so that no deadline overflows.
//
// Firing k deadlines costs O(k log h), h being the number of deadline
// sources (two per MRD plus one per (application, MRD) outage), not the
// number of tasks; an outage that ends a million tasks is one heap entry.
func (s *Store) Advance(dst []Effect, now time.Time) ([]Effect, error) {
	ns, err := s.instant("Advance", now)
	if err != nil {
		return dst, err
	}
	return s.advance(dst, ns), nil
}

// advance is step 3 of every input: it fires the deadlines at or before
// ns, in order, and sets the clock to ns. It is small enough to inline
// into every input, which mostly finds nothing due.
func (s *Store) advance(dst []Effect, ns int64) []Effect {
	if len(s.heap) > 0 && s.heap[0].at <= ns {
		dst = s.fireUntil(dst, ns)
	}
	s.now, s.seen = ns, true
	return dst
}

// fireUntil fires the deadlines at or before ns, in order.
func (s *Store) fireUntil(dst []Effect, ns int64) []Effect {
	for len(s.heap) > 0 && s.heap[0].at <= ns {
		dst = s.fire(dst)
	}
	return dst
}

// fire fires the earliest deadline.
func (s *Store) fire(dst []Effect) []Effect {
	it := s.heap[0]
	s.now = it.at
	tab := s.tab()
	switch it.kind {
	case kindStart:
		i := s.mrds[it.own].startQ.head
		t := s.at(i)
		c, _ := tab.lookup(t.state, EventStartTimeout)
		b := &s.buckets[t.bucket]
		dst = append(dst, Effect{Kind: EffectAgentNotRoutable, At: utc(it.at), Task: t.id, App: s.apps[b.app].id,
			MRD: s.mrds[it.own].m.ID, Agent: t.agent, From: t.state, Rule: c.rule})
		return s.finish(dst, i, it.at, c.disp, c.rule)
	case kindMax:
		i := s.mrds[it.own].maxQ.head
		c, _ := tab.lookup(s.at(i).state, EventMaxDuration)
		return s.finish(dst, i, it.at, c.disp, c.rule)
	}
	s.unschedule(kindOutage, it.own)
	return s.expire(dst, it.own, it.at)
}

// expire fires bucket b's outage deadline: task life for ordinary MRDs
// (TS-1), the time limit for email MRDs (TS-3).
func (s *Store) expire(dst []Effect, b uint32, at int64) []Effect {
	bk := &s.buckets[b]
	r := &s.mrds[bk.mrd]
	if r.email {
		bk.fired = true
		if bk.cuts == math.MaxUint32 {
			s.renumber(b)
		}
		bk.cuts++
		app := s.apps[bk.app].id
		for i := bk.main.head; i != 0; {
			t := s.at(i)
			dst = append(dst, Effect{Kind: EffectSegmentEnded, At: utc(at), Task: t.id, App: app, MRD: r.m.ID, Agent: t.agent,
				From: t.state, Rule: ccefsm.TS3, Disposition: SegmentDisposition})
			i = t.bNext
		}
		return dst
	}
	// Task life ends the tasks still open (TS-1). Those the application
	// ended within task life (CLOSING) are not open: they wait for re-init
	// and 51 (TS-2), however long the outage lasts.
	tab := s.tab()
	l := &bk.main
	for l.head != 0 {
		// Touch the index cells of the next batch first: the loads are
		// independent, so their cache misses overlap instead of queueing
		// one per task in remove.
		var batch [64]uint32
		n := 0
		for i := l.head; i != 0 && n < len(batch); i = s.at(i).bNext {
			batch[n] = i
			n++
		}
		s.warm(batch[:n])
		for _, i := range batch[:n] {
			c, _ := tab.lookup(s.at(i).state, EventTaskLife)
			dst = s.finish(dst, i, at, c.disp, c.rule)
		}
	}
	return dst
}

// warm loads the index cells of the given slots.
func (s *Store) warm(slots []uint32) {
	x := &s.idx
	m := x.mask()
	var sum uint64
	for _, i := range slots {
		sum += x.cells[uint64(s.at(i).tag)&m]
	}
	s.sink = sum
}

// renumber restarts bucket b's outage and cut counters at 1 before one of
// them would wrap around after 2³²-1 outages, keeping for each task
// whether a cut came after the Agent PG learnt of it. Whether an outage
// came is the same for every task either way: at PathDown the outage that
// begins touches them all, and when a time limit fires every member has
// spanned the outage it belongs to.
func (s *Store) renumber(b uint32) {
	bk := &s.buckets[b]
	for _, l := range [...]*list{&bk.main, &bk.closing} {
		for i := l.head; i != 0; i = s.at(i).bNext {
			t := s.at(i)
			t.outSnap = 0
			if t.cutSnap == bk.cuts {
				t.cutSnap = 1
			} else {
				t.cutSnap = 0
			}
		}
	}
	bk.outages, bk.cuts = 1, 1
}

// PathDown observes that app's path to the Agent PG CTI server went down
// (the link, the application or the CTI server), after firing the
// deadlines due at or before now (see "Inputs" on [Store]). Agents stay
// logged in (AG-8); every open task the Agent PG knows in each of app's
// MRDs starts counting the MRD's task life (TS-1) or, for email MRDs, its
// time limit (TS-3; none when the MRD sets NoTimeLimitCut) — one deadline
// per MRD, whatever the number of tasks. An observation is always
// accepted: a path already down stays down from its first instant.
//
// Refused, changing nothing and firing nothing: a bad instant
// (ErrTimeBackwards, ErrTimeOutOfRange), application zero (ErrUnknownApp).
func (s *Store) PathDown(dst []Effect, now time.Time, app ccefsm.AppID) ([]Effect, error) {
	ns, err := s.instantApp("PathDown", now, app)
	if err != nil {
		return dst, err
	}
	dst = s.advance(dst, ns)
	a := s.appFor(app)
	if s.apps[a].down {
		return dst, nil
	}
	s.apps[a].down = true
	s.apps[a].downAt = ns
	for _, b := range s.apps[a].buckets {
		bk := &s.buckets[b]
		bk.down = true
		if bk.outages == math.MaxUint32 {
			s.renumber(b)
		}
		bk.outages++
		if at, ok := s.mrds[bk.mrd].deadline(ns); ok && bk.main.n > 0 {
			s.schedule(kindOutage, b, at)
		}
	}
	return dst, nil
}

// PathUp observes that app's path to the Agent PG CTI server is back and
// reinitialised, after firing the deadlines due at or before now (see
// "Inputs" on [Store]; a restore exactly at a deadline comes after it).
// Bucket by bucket, in the order app first used each MRD: tasks the
// application ended during the outage close with 51 (TS-2); email tasks
// whose reporting segment the time limit ended start a new one (TS-3);
// tasks begun during the outage and still open get TASK_INIT_REQ and are
// reported from now on (TS-5). Tasks the Agent PG knew simply go on. A path
// already up, or an application never seen, is left as it is.
//
// Refused, changing nothing and firing nothing: a bad instant
// (ErrTimeBackwards, ErrTimeOutOfRange), application zero (ErrUnknownApp).
func (s *Store) PathUp(dst []Effect, now time.Time, app ccefsm.AppID) ([]Effect, error) {
	ns, err := s.instantApp("PathUp", now, app)
	if err != nil {
		return dst, err
	}
	dst = s.advance(dst, ns)
	a, ok := s.appIdx[app]
	if !ok || !s.apps[a].down {
		return dst, nil
	}
	ap := &s.apps[a]
	tab := s.tab()
	for _, b := range ap.buckets {
		s.unschedule(kindOutage, b)
		bk := &s.buckets[b]
		for bk.closing.head != 0 {
			c, _ := tab.lookup(StateClosing, EventReinit)
			dst = s.finish(dst, bk.closing.head, ns, c.disp, c.rule)
		}
		r := &s.mrds[bk.mrd]
		if bk.fired {
			for i := bk.main.head; i != 0; {
				t := s.at(i)
				dst = append(dst, Effect{Kind: EffectSegmentRestarted, At: utc(ns), Task: t.id, App: app, MRD: r.m.ID, Agent: t.agent, From: t.state, Rule: ccefsm.TS3})
				i = t.bNext
			}
		}
		limit := r.limit(ap.downAt)
		for bk.fresh.head != 0 {
			i := bk.fresh.head
			t := s.at(i)
			dst = append(dst, Effect{Kind: EffectTaskInit, At: utc(ns), Task: t.id, App: app, MRD: r.m.ID, Agent: t.agent, From: t.state, Rule: ccefsm.TS5})
			s.unlink(&bk.fresh, i, linkB)
			// TS-5 for every task begun during the outage. An email task's
			// history over the outage is recreated (RP-6) if the path came
			// back within the time limit (always, when the MRD does not
			// cut); if the limit ran out while it was open, that history
			// stops there (TS-3); if it began after the limit, it is
			// reported from now on, like any other (TS-5).
			mark := markInit
			if r.email {
				if ns < limit {
					mark = markRebuilt
				} else if t.begin < limit {
					mark = markCut
				}
			}
			t.mark = mark
			t.outSnap, t.cutSnap = bk.outages, bk.cuts
			s.push(&bk.main, i, linkB)
		}
		bk.down = false
		bk.fired = false
	}
	ap.down = false
	ap.downAt = 0
	return dst, nil
}

// instantApp is steps 1 and 2 of an input about application app, which
// must not be zero.
func (s *Store) instantApp(op string, now time.Time, app ccefsm.AppID) (int64, error) {
	ns, err := s.instant(op, now)
	if err != nil {
		return 0, err
	}
	if app == 0 {
		return 0, &Error{Op: op, Err: ErrUnknownApp}
	}
	return ns, nil
}
