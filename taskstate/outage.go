package taskstate

import (
	"time"

	"github.com/ccefsm/ccefsm"
)

// Advance fires every deadline at or before now, in order of deadline (ties:
// start timeouts, then maximum durations, then outage deadlines, each in the
// order its source was created; the tasks of one outage in the order they
// joined it), appends the effects to dst and returns it. Each effect carries
// its deadline as At. A deadline exactly at now fires: a task's life is the
// half-open interval [begin, deadline), so a restore or End Task at the
// deadline instant comes too late. Time going backwards is ErrTimeBackwards
// and an instant outside the store's range is ErrTimeOutOfRange; both change
// nothing. Advance never returns ErrDeadlinePending: it is the input that
// clears it, and after Advance(now) every deadline lies after now.
//
// The store holds instants from 1677-09-21 (the earliest int64 Unix
// nanosecond) to ten years (the longest MRD attribute) before the latest,
// in 2252, so that no deadline overflows.
//
// Firing k deadlines costs O(k log h), h being the number of deadline
// sources (two per MRD plus one per (application, MRD) outage), not the
// number of tasks; an outage that ends a million tasks is one heap entry.
func (s *Store) Advance(dst []Effect, now time.Time) ([]Effect, error) {
	ns, err := instant("Advance", now)
	if err != nil {
		return dst, err
	}
	if s.seen && ns < s.now {
		return dst, &Error{Op: "Advance", Now: now, Last: utc(s.now), Err: ErrTimeBackwards}
	}
	for len(s.heap) > 0 && s.heap[0].at <= ns {
		it := s.heap[0]
		s.now = it.at
		switch it.kind {
		case kindStart:
			i := s.mrds[it.own].startQ.head
			t := s.at(i)
			c, _ := s.table.lookup(t.state, EventStartTimeout)
			b := &s.buckets[t.bucket]
			dst = append(dst, Effect{Kind: EffectAgentNotRoutable, At: utc(it.at), Task: t.id, App: s.apps[b.app].id,
				MRD: s.mrds[it.own].m.ID, Agent: t.agent, From: t.state, Rule: c.rule})
			dst = s.finish(dst, i, it.at, c.disp, c.rule)
		case kindMax:
			i := s.mrds[it.own].maxQ.head
			c, _ := s.table.lookup(s.at(i).state, EventMaxDuration)
			dst = s.finish(dst, i, it.at, c.disp, c.rule)
		default:
			s.unschedule(kindOutage, it.own)
			dst = s.expire(dst, it.own, it.at)
		}
	}
	s.now, s.seen = ns, true
	return dst, nil
}

// expire fires bucket b's outage deadline: task life for ordinary MRDs
// (TS-1), the time limit for email MRDs (TS-3).
func (s *Store) expire(dst []Effect, b uint32, at int64) []Effect {
	bk := &s.buckets[b]
	bk.fired = true
	r := &s.mrds[bk.mrd]
	if r.m.Media == ccefsm.MediaEmail {
		bk.cuts++
		app := s.apps[bk.app].id
		for i := bk.main.head; i != 0; {
			t := s.at(i)
			dst = append(dst, Effect{Kind: EffectSegmentEnded, At: utc(at), Task: t.id, App: app, MRD: r.m.ID, Agent: t.agent, From: t.state, Rule: ccefsm.TS3})
			i = t.bNext
		}
		return dst
	}
	// Task life ends the tasks still open (TS-1). Those the application
	// ended within task life (CLOSING) are not open: they wait for re-init
	// and 51 (TS-2), however long the outage lasts.
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
			c, _ := s.table.lookup(s.at(i).state, EventTaskLife)
			dst = s.finish(dst, i, at, c.disp, c.rule)
		}
	}
	return dst
}

// warm loads the index cells of the given slots.
func (s *Store) warm(slots []uint32) {
	x := &s.idx
	var sum uint64
	for _, i := range slots {
		sum += x.cells[x.home(hash32(s.at(i).id))]
	}
	s.sink = sum
}

// PathDown observes that app's path to the Agent PG CTI server went down
// (the link, the application or the CTI server). Agents stay logged in
// (AG-8); every open task the Agent PG knows in each of app's MRDs starts
// counting the MRD's task life (TS-1) or, for email MRDs, its time limit
// (TS-3) — one deadline per MRD, whatever the number of tasks. An
// observation is always accepted: a path already down stays down from its
// first instant. Only a bad instant (ErrTimeBackwards, ErrTimeOutOfRange,
// ErrDeadlinePending — call [Store.Advance] with now first) or a zero
// application (ErrInvalidApp) is an error.
func (s *Store) PathDown(dst []Effect, now time.Time, app ccefsm.AppID) ([]Effect, error) {
	ns, err := s.checkApp("PathDown", now, app)
	if err != nil {
		return dst, err
	}
	s.now, s.seen = ns, true
	a := s.appFor(app)
	if s.apps[a].down {
		return dst, nil
	}
	s.apps[a].down = true
	s.apps[a].downAt = ns
	for _, b := range s.apps[a].buckets {
		bk := &s.buckets[b]
		bk.down = true
		bk.fired = false
		bk.outages++
		if bk.main.n > 0 {
			r := &s.mrds[bk.mrd]
			d := r.life
			if r.m.Media == ccefsm.MediaEmail {
				d = r.cut
			}
			s.schedule(kindOutage, b, ns+d)
		}
	}
	return dst, nil
}

// PathUp observes that app's path to the Agent PG CTI server is back and
// reinitialised, bucket by bucket in the order app first used each MRD:
// tasks the application ended during the outage close with 51 (TS-2);
// email tasks whose reporting segment the time limit ended start a new one
// (TS-3); tasks begun during the outage and still open get TASK_INIT_REQ and
// are reported from now on (TS-5). Tasks the Agent PG knew simply go on. A
// path already up, or an application never seen, is left as it is. Only a
// bad instant (ErrTimeBackwards, ErrTimeOutOfRange, ErrDeadlinePending —
// call [Store.Advance] with now first; a restore exactly at a deadline comes
// after it) or a zero application (ErrInvalidApp) is an error.
func (s *Store) PathUp(dst []Effect, now time.Time, app ccefsm.AppID) ([]Effect, error) {
	ns, err := s.checkApp("PathUp", now, app)
	if err != nil {
		return dst, err
	}
	s.now, s.seen = ns, true
	a, ok := s.appIdx[app]
	if !ok || !s.apps[a].down {
		return dst, nil
	}
	s.apps[a].down = false
	for _, b := range s.apps[a].buckets {
		s.unschedule(kindOutage, b)
		bk := &s.buckets[b]
		for bk.closing.head != 0 {
			i := bk.closing.head
			c, _ := s.table.lookup(StateClosing, EventReinit)
			dst = s.finish(dst, i, ns, c.disp, c.rule)
		}
		r := &s.mrds[bk.mrd]
		if r.m.Media == ccefsm.MediaEmail && bk.fired {
			for i := bk.main.head; i != 0; {
				t := s.at(i)
				dst = append(dst, Effect{Kind: EffectSegmentRestarted, At: utc(ns), Task: t.id, App: app, MRD: r.m.ID, Agent: t.agent, From: t.state, Rule: ccefsm.TS3})
				i = t.bNext
			}
		}
		for bk.fresh.head != 0 {
			i := bk.fresh.head
			t := s.at(i)
			dst = append(dst, Effect{Kind: EffectTaskInit, At: utc(ns), Task: t.id, App: app, MRD: r.m.ID, Agent: t.agent, From: t.state, Rule: ccefsm.TS5})
			s.unlink(&bk.fresh, i, linkB)
			// TS-5 for every task begun during the outage. An email task's
			// history over the outage is recreated (RP-6) if the path came
			// back within the time limit; if the limit ran out while it was
			// open, that history stops there (TS-3); if it began after the
			// limit, it is reported from now on, like any other (TS-5).
			mark := flagInit
			if r.m.Media == ccefsm.MediaEmail {
				switch limit := s.apps[a].downAt + r.cut; {
				case ns < limit:
					mark = flagRebuilt
				case t.begin < limit:
					mark = flagCut
				}
			}
			t.flags = t.flags&^flagFresh | mark
			t.outSnap, t.cutSnap = bk.outages, bk.cuts
			s.push(&bk.main, i, linkB)
		}
		bk.down = false
		bk.fired = false
	}
	return dst, nil
}

// checkApp is check for an input about application app, which must not be
// zero.
func (s *Store) checkApp(op string, now time.Time, app ccefsm.AppID) (int64, error) {
	ns, err := s.check(op, now)
	if err != nil {
		return 0, err
	}
	if app == 0 {
		return 0, &Error{Op: op, Err: ErrInvalidApp}
	}
	return ns, nil
}
