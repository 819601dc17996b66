package failover

import (
	"cmp"
	"slices"
	"sort"
	"time"

	"github.com/ccefsm/ccefsm/internal/nanotime"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// This file is the reporting ledger's bookkeeping: the interval effects
// (RP-1, RP-2, RP-5, RP-8) at the instants outages begin and end, and the
// final reporting class of every task (the store's class, RP-3, RP-5,
// RP-8).

// recordTask is the RecordKind of a task's Termination_Call_Detail record
// in a PG's reporting cache.
const recordTask routing.RecordKind = 1

// pimFailed records that peripheral j's active PIM failed at t: the data
// it gathered in the open interval is deleted (RP-1). When the other side
// took over in the same input the peripheral never went offline, and the
// failure is an outage of zero length.
func (e *Engine) pimFailed(l *Log, j int, t int64) {
	p := Path{Kind: PathPeripheral, ID: uint32(e.top.periphs[j])}
	id := e.open[p]
	if id == 0 || e.outage(id).From.UnixNano() != t {
		at := time.Unix(0, t).UTC()
		id = e.newOutage(Outage{Path: p, Cause: e.cause, From: at, To: at})
	}
	lp := &e.led.periph[j]
	lp.failures = append(lp.failures, instant{at: t, outage: id})
	s := e.led.intervalStart(t)
	l.add(Effect{Kind: EffectIntervalDeleted, At: time.Unix(0, t).UTC(), Rule: ccefsm.RP1, Peripheral: e.top.periphs[j],
		From: time.Unix(0, s).UTC(), To: time.Unix(0, s).UTC(), Outage: id}, e.seq)
}

// peripheralBack closes peripheral j's offline window at t: the intervals
// it overlapped are inaccurate (RP-2).
func (e *Engine) peripheralBack(l *Log, j int, t int64) {
	lp := &e.led.periph[j]
	w := lastOpen(lp.offline)
	if w == nil {
		return
	}
	w.to = t
	if w.to <= w.from {
		return
	}
	first, last := e.led.intervalStart(w.from), e.led.intervalStart(w.to-1)
	l.add(Effect{Kind: EffectIntervalsInaccurate, At: time.Unix(0, t).UTC(), Rule: ccefsm.RP2, Peripheral: e.top.periphs[j],
		From: time.Unix(0, first).UTC(), To: time.Unix(0, last).UTC(), Outage: w.outage}, e.seq)
}

// pgLost records that Agent PG i lost both sides at t (RP-8): the interval
// data it buffered for the open interval is lost, and so are the interval
// records it had cached while it could not reach the CallRouter.
func (e *Engine) pgLost(l *Log, i int, t int64, wasCaching bool) {
	g := &e.led.pgs[i]
	id := e.open[Path{Kind: PathPG, ID: e.top.t.AgentPGs[i].ID}]
	g.lost = append(g.lost, instant{at: t, outage: id})
	at := time.Unix(0, t).UTC()
	s := e.led.intervalStart(t)
	var w *window
	if wasCaching {
		w = lastOpen(g.cached)
	}
	for _, j := range e.top.pgPer[i] {
		p := e.top.periphs[j]
		if w != nil {
			if first, last, ok := e.endedIn(w.from, t+1); ok {
				l.add(Effect{Kind: EffectIntervalsLost, At: at, Rule: ccefsm.RP8, Peripheral: p,
					From: time.Unix(0, first).UTC(), To: time.Unix(0, last).UTC(), Outage: w.outage}, e.seq)
			}
		}
		l.add(Effect{Kind: EffectIntervalDeleted, At: at, Rule: ccefsm.RP8, Peripheral: p,
			From: time.Unix(0, s).UTC(), To: time.Unix(0, s).UTC(), Outage: id}, e.seq)
	}
	if w != nil {
		w.to = t
	}
}

// cacheDelivered closes Agent PG i's cached window at t: the interval
// records that ended in it are delivered late (RP-5).
func (e *Engine) cacheDelivered(l *Log, i int, t int64) {
	g := &e.led.pgs[i]
	w := lastOpen(g.cached)
	if w == nil {
		return
	}
	w.to = t
	first, last, ok := e.endedIn(w.from, t)
	if !ok {
		return
	}
	at := time.Unix(0, t).UTC()
	for _, j := range e.top.pgPer[i] {
		l.add(Effect{Kind: EffectIntervalsLate, At: at, Rule: ccefsm.RP5, Peripheral: e.top.periphs[j],
			From: time.Unix(0, first).UTC(), To: time.Unix(0, last).UTC(), Outage: w.outage}, e.seq)
	}
}

// callsSplit records the calls of peripheral j that the roster's effects
// from index n on recovered across a failover of its Agent PG (RP-9). The
// roster logs agents in again by the PG table in this step only when a
// side of their peripheral becomes active after a PG failure (AG-5), so
// the outage behind the split is the one of the peripheral that ends now:
// the zero-length outage of a takeover by the other side (the peripheral
// was online before and after), or the outage of the offline window it
// just left.
func (e *Engine) callsSplit(l *Log, j, n int, t int64) {
	e.recordSplits(l, n, t, func() uint32 {
		lp := &e.led.periph[j]
		if e.st.online[j] {
			return lp.failures[len(lp.failures)-1].outage
		}
		return lp.offline[len(lp.offline)-1].outage
	})
}

// ctiManagerSplits records the calls that CTI Manager i's recovery
// recovered (RP-9). A CTI Manager's failure makes the active side of the
// Agent PG fail over to the other side, which registers the devices on
// the other CTI Manager and recovers the calls in progress from Unified CM
// (SRND 8.5, p. 129; the second TCD: SRND 7.5, p. 161), so the engine
// counts the recovery as the PG failover RP-9 speaks of (inferred). The
// outage behind the splits is the CTI Manager's: the one that ends now
// when both sides had been out of service (back), or a new outage of zero
// length at a takeover by the other side, during which the agents were
// logged out for an instant (AG-4).
func (e *Engine) ctiManagerSplits(l *Log, i, n int, t int64, back bool) {
	p := Path{Kind: PathCTIManager, ID: e.top.t.CTIManagers[i].ID}
	e.recordSplits(l, n, t, func() uint32 {
		if !back {
			at := time.Unix(0, t).UTC()
			return e.newOutage(Outage{Path: p, Cause: e.cause, From: at, To: at})
		}
		// The outage pathEffect closed in this input: the latest of p.
		for k := len(e.outages) - 1; k >= 0; k-- {
			if e.outages[k].Path == p {
				return e.outages[k].ID
			}
		}
		return 0 // unreachable: p was down, so it had an outage
	})
}

// recordSplits records a call split (RP-9) for each agent that the
// roster's effects from index n on log in again in the voice MRD by a
// failover table row whose reporting rule is RP-9 (AG-T1 row 6: Talking or
// Hold kept), all behind one outage, and emits an EffectCallSplit for
// each, in the roster's order of agents (a CTI Manager's effects come
// peripheral by peripheral). The row's tag decides, so a table whose row 6
// no longer keeps the call splits nothing, and an agent's state in a
// non-voice MRD splits nothing: Unified CM recovers calls, not tasks
// (inferred). outage is called once, and only when there is a split.
func (e *Engine) recordSplits(l *Log, n int, t int64, outage func() uint32) {
	voice, ok := e.top.voiceMRD()
	if !ok {
		return
	}
	start := len(e.led.splits)
	var id uint32
	for k := n; k < len(l.agent); k++ {
		a := &l.agent[k]
		if a.Kind != agentstate.EffectLoggedIn || a.Report != ccefsm.RP9 || a.MRD != voice {
			continue
		}
		if id == 0 {
			id = outage()
		}
		e.led.splits = append(e.led.splits, split{at: t, agent: a.Agent, outage: id})
	}
	added := e.led.splits[start:]
	slices.SortFunc(added, func(x, y split) int {
		xi, _ := e.agent(x.agent)
		yi, _ := e.agent(y.agent)
		return cmp.Compare(xi, yi)
	})
	at := time.Unix(0, t).UTC()
	for _, s := range added {
		pi, _ := e.agent(s.agent)
		l.add(Effect{Kind: EffectCallSplit, At: at, Rule: ccefsm.RP9, Agent: s.agent, Peripheral: e.top.periphs[e.top.agentPer[pi]], MRD: voice, Outage: id}, e.seq)
	}
}

// endedIn returns the starts of the first and last interval whose end lies
// in [from, to), and false when none does.
func (e *Engine) endedIn(from, to int64) (first, last int64, ok bool) {
	iv := e.led.interval
	// The first end at or after from.
	end := e.led.intervalStart(from)
	if end < from {
		end += iv
	}
	if end >= to {
		return 0, 0, false
	}
	lastEnd := e.led.intervalStart(to - 1)
	return end - iv, lastEnd - iv, true
}

// taskEntry is the ledger's record of one ended task whose class is not
// complete, or not decided yet: 32 bytes.
type taskEntry struct {
	task   ccefsm.TaskID
	at     int64 // when it ended, Unix ns
	agent  ccefsm.AgentID
	mrd    uint16 // index in the topology's MRDs
	disp   taskstate.Disposition
	class  ccefsm.ReportClass
	rule   ccefsm.RuleID
	cached bool // the record waits in its PG's cache; class is the content's
}

// taskLedger holds the classes of ended tasks.
type taskLedger struct {
	entries []taskEntry
	counts  [ccefsm.ReportUnreported + 1]uint64 // ended tasks by class; open counts those cached
	// forgotten counts, by class, the entries Engine.Forget dropped.
	forgotten [ccefsm.ReportUnreported + 1]uint64
	ended     uint64
	pending   [][]int32 // per PG: entries waiting in its cache, in the cache's order
}

// taskEnded decides the final class of the task whose end is effect ef,
// produced at input seq.
func (e *Engine) taskEnded(l *Log, ef *taskstate.Effect) {
	x := &e.top
	// RP-3: assigned while routing was down, completed before it came back.
	if _, ok := e.rp3[ef.Task]; ok {
		delete(e.rp3, ef.Task)
		if ef.Report != ccefsm.ReportUnreported {
			ef.Report, ef.ReportRule = ccefsm.ReportUnreported, ccefsm.RP3
		}
	}
	mi := x.mrdIdx[ef.MRD]
	pg := x.appPG[x.mrdApp[mi]]
	led := &e.tasks
	led.ended++
	en := taskEntry{task: ef.Task, at: ef.At.UnixNano(), agent: ef.Agent, mrd: uint16(mi), disp: ef.Disposition, class: ef.Report, rule: ef.ReportRule}
	if e.st.pgAlive[pg] && !e.st.pgCC[pg] {
		// RT-6: the record waits in the PG's cache until the CallRouter is
		// back (RP-5) or the PG is lost (RP-8).
		en.cached = true
		led.pending[pg] = append(led.pending[pg], int32(len(led.entries)))
		led.entries = append(led.entries, en)
		led.counts[ccefsm.ReportOpen]++
		n := len(l.report)
		l.report, _ = e.caches[pg].Record(l.report, ef.At, routing.RecordID(ef.Task), recordTask)
		l.note(SourceReport, n, len(l.report), e.seq)
		return
	}
	led.counts[ef.Report]++
	if ef.Report != ccefsm.ReportComplete {
		led.entries = append(led.entries, en)
	}
}

// reportsAppended notes the report effects PG i's cache appended since n
// and settles the tasks whose records were delivered or lost.
func (e *Engine) reportsAppended(l *Log, n, i int) {
	led := &e.tasks
	for k := n; k < len(l.report); k++ {
		l.note(SourceReport, k, k+1, e.seq)
		r := &l.report[k]
		if r.Kind != recordTask || !r.Class.IsFinal() || len(led.pending[i]) == 0 {
			continue
		}
		idx := led.pending[i][0]
		led.pending[i] = led.pending[i][1:]
		en := &led.entries[idx]
		en.cached = false
		led.counts[ccefsm.ReportOpen]--
		switch {
		case r.Class == ccefsm.ReportDeleted:
			en.class, en.rule = ccefsm.ReportDeleted, ccefsm.RP8
		case en.class == ccefsm.ReportComplete:
			en.class, en.rule = ccefsm.ReportLate, ccefsm.RP5
		}
		led.counts[en.class]++
		m := e.top.t.MRDs[en.mrd]
		l.add(Effect{Kind: EffectTaskClass, At: r.At, Rule: en.rule, Task: en.task, MRD: m.ID,
			App: e.top.t.Applications[e.top.mrdApp[en.mrd]].ID, Class: en.class}, e.seq)
	}
}

// TaskReport is the reporting class of one ended task that is not simply
// complete: missing, partial, late, recreated or deleted in reports, or
// still waiting in a cache, with the rule that says so.
type TaskReport struct {
	Task        ccefsm.TaskID
	App         ccefsm.AppID
	MRD         ccefsm.MRDID
	Agent       ccefsm.AgentID
	Ended       time.Time
	Disposition taskstate.Disposition
	Class       ccefsm.ReportClass // ReportOpen while its record waits in a cache (RT-6)
	Rule        ccefsm.RuleID
}

// Tasks appends to dst every ended task whose reporting class is not
// complete, in the order they ended: what a reporting team asks about
// ("which tasks are missing or partial in reports, and why").
func (e *Engine) Tasks(dst []TaskReport) []TaskReport {
	for _, en := range e.tasks.entries {
		m := e.top.t.MRDs[en.mrd]
		r := TaskReport{Task: en.task, MRD: m.ID, App: e.top.t.Applications[e.top.mrdApp[en.mrd]].ID, Agent: en.agent,
			Ended: time.Unix(0, en.at).UTC(), Disposition: en.disp, Class: en.class, Rule: en.rule}
		if en.cached {
			r.Class, r.Rule = ccefsm.ReportOpen, ccefsm.RT6
		}
		dst = append(dst, r)
	}
	return dst
}

// TaskCounts is the conservation account of tasks: every task the engine
// has seen is open, or ended in exactly one class.
type TaskCounts struct {
	Open    int                                 // open in the store
	ByClass [ccefsm.ReportUnreported + 1]uint64 // ended, by reporting class; ReportOpen counts records waiting in a cache
}

// TaskCounts returns the task account.
func (e *Engine) TaskCounts() TaskCounts {
	return TaskCounts{Open: e.store.Len(), ByClass: e.tasks.counts}
}

// IntervalStart returns the start of the reporting interval that holds t,
// in UTC: the latest instant at or before t that lies
// Topology.IntervalOffset past a whole multiple of Topology.Interval
// counted from the Unix epoch (RP-2). It is the grid of the interval
// effects and of [Engine.Intervals], for any t.
func (e *Engine) IntervalStart(t time.Time) time.Time {
	// Truncate counts from the zero time, a whole number of days before
	// the Unix epoch: the same grid.
	off := e.cfg.Topology.IntervalOffset
	return t.Add(-off).Truncate(e.cfg.Topology.Interval).Add(off).UTC()
}

// Intervals appends to dst the reporting class of every interval of
// peripheral p that starts in [from, to), in order, as the ledger knows it
// at the latest input. Each interval is in exactly one class.
//
// The engine knows the intervals from the one holding Config.Start to the
// one holding the latest input ([Engine.Now]), which is open: a range that
// begins before the first of them is refused with ErrTimeOutOfRange (the
// engine cannot say what happened before it started, and calling those
// intervals complete would be a guess), as is a from outside the range of
// int64 Unix nanoseconds (such as the zero time.Time). A range that ends
// after the interval holding Now is cut there: intervals not yet begun have
// no class. A range before the horizon of [Engine.Forget] is ErrForgotten;
// an unknown peripheral ErrUnknownElement. Errors are [*QueryError]s. So
// the rows returned never outnumber the intervals the engine has lived
// through, whatever the range asked.
func (e *Engine) Intervals(dst []IntervalReport, p ccefsm.PeripheralID, from, to time.Time) ([]IntervalReport, error) {
	bad := func(err error) ([]IntervalReport, error) {
		return dst, &QueryError{Op: "Intervals", Subject: "peripheral " + itoa(uint32(p)), From: from, To: to, Err: err}
	}
	j, ok := e.top.perIdx[p]
	if !ok {
		return bad(ErrUnknownElement)
	}
	f, ok := nanotime.UnixNano(from)
	if !ok || f < e.led.intervalStart(e.cfg.Start.UnixNano()) {
		return bad(ErrTimeOutOfRange)
	}
	if e.led.horizon != 0 && f < e.led.horizon {
		return bad(ErrForgotten)
	}
	// The end of the interval holding the latest input.
	last := e.led.intervalStart(e.now) + e.led.interval
	end := last
	if t, ok := nanotime.UnixNano(to); ok && t < last {
		end = t
	} else if !ok && to.Before(from) {
		end = f
	}
	s := e.led.intervalStart(f)
	if s < f {
		s += e.led.interval
	}
	for ; s < end; s += e.led.interval {
		c, r, o := e.led.classify(j, s, e.now)
		dst = append(dst, IntervalReport{Peripheral: p, Start: time.Unix(0, s).UTC(), Class: c, Rule: r, Outage: o})
	}
	return dst, nil
}

// SplitReport is one call reported as two Termination_Call_Detail records
// because it was in progress across a failover of its agent's Agent PG
// (RP-9): the first record ends at the failover, the second begins when
// the new active side recovered the call from Unified CM. For a takeover
// by the other side of a duplex PG the two instants are the same.
// (UCCE SRND, Design Considerations for High Availability: after an Agent
// PG failover, calls in progress are recovered by querying Unified CM and
// reported as two TCDs, before and after (7.x); on a Unified CM subscriber
// failure, the router writes a TCD with the call's statistics up to the
// failure, and a second one if the call goes on after the PG fails over
// (7.5, 8.5).)
type SplitReport struct {
	Agent      ccefsm.AgentID
	Peripheral ccefsm.PeripheralID // the agent's peripheral
	MRD        ccefsm.MRDID        // the voice MRD
	Failed     time.Time           // the failover: the first record ends (the outage's start)
	Recovered  time.Time           // the call was recovered: the second record begins (the outage's end)
	Rule       ccefsm.RuleID       // ccefsm.RP9
	Outage     uint32              // the outage of the peripheral that a side of its PG caused ([Engine.Outage])
}

// Splits appends to dst every call the ledger split in reports (RP-9), in
// the order they were recovered: what a reporting team asks about ("which
// calls show as two records, and why"). [Engine.Forget] drops those
// recovered before its horizon.
func (e *Engine) Splits(dst []SplitReport) []SplitReport {
	return e.appendSplits(dst, e.led.splits)
}

// SplitsIn appends to dst the calls split in reports (RP-9) that were
// recovered in [from, to), in order. Its range is checked as
// [Engine.Intervals] checks one: a from before the start of the interval
// holding Config.Start, or outside the range of int64 Unix nanoseconds
// (such as the zero time.Time), is ErrTimeOutOfRange; a from before the
// horizon of [Engine.Forget] is ErrForgotten; both in a [*QueryError]. An
// empty or reversed range is empty; a to after the latest input is cut
// there.
func (e *Engine) SplitsIn(dst []SplitReport, from, to time.Time) ([]SplitReport, error) {
	bad := func(err error) ([]SplitReport, error) {
		return dst, &QueryError{Op: "SplitsIn", Subject: "calls split", From: from, To: to, Err: err}
	}
	f, ok := nanotime.UnixNano(from)
	if !ok || f < e.led.intervalStart(e.cfg.Start.UnixNano()) {
		return bad(ErrTimeOutOfRange)
	}
	if e.led.horizon != 0 && f < e.led.horizon {
		return bad(ErrForgotten)
	}
	end, ok := nanotime.UnixNano(to)
	if !ok {
		if to.Before(from) {
			return dst, nil
		}
		end = e.now + 1
	}
	ss := e.led.splits
	lo := sort.Search(len(ss), func(i int) bool { return ss[i].at >= f })
	hi := sort.Search(len(ss), func(i int) bool { return ss[i].at >= end })
	if hi <= lo {
		return dst, nil
	}
	return e.appendSplits(dst, ss[lo:hi]), nil
}

func (e *Engine) appendSplits(dst []SplitReport, ss []split) []SplitReport {
	voice, _ := e.top.voiceMRD()
	for _, s := range ss {
		o := e.outage(s.outage)
		i, _ := e.agent(s.agent)
		dst = append(dst, SplitReport{Agent: s.agent, Peripheral: e.top.periphs[e.top.agentPer[i]], MRD: voice,
			Failed: o.From, Recovered: time.Unix(0, s.at).UTC(), Rule: ccefsm.RP9, Outage: s.outage})
	}
	return dst
}
