package failover

import (
	"math"
	"sort"
	"time"

	"github.com/ccefsm/ccefsm"
)

// The interval ledger keeps, per peripheral and per Agent PG, the outage
// windows and instants that decide the reporting class of each interval,
// not one record per interval: an interval's class is computed when asked
// ([Engine.Intervals]), so memory grows with the number of outages, never
// with the length of the run.
//
// Intervals are aligned on the interval length counted from the Unix
// epoch, so 30-minute intervals start at :00 and :30 UTC (inferred: the
// Logger writes half-hour rows at the half hour of the Central
// Controller's clock), moved by Topology.IntervalOffset when the caller
// sets it.
//
// The class of the interval [s, e) of peripheral p, on Agent PG g, is the
// first that applies:
//
//	deleted  RP-8  g lost both sides at an instant in [s, e): the data the
//	               PG buffered for the open interval is lost
//	deleted  RP-8  e fell while g could not reach the CallRouter, and g lost
//	               both sides before it could (the cached record is lost)
//	deleted  RP-1  p's active PIM failed at an instant in [s, e)
//	partial  RP-2  a PIM outage of p (p offline) overlaps [s, e)
//	open     –     e is after the latest input: the interval is not over
//	open     RT-6  e fell while g cannot reach the CallRouter: cached
//	late     RP-5  e fell while g could not reach the CallRouter; delivered
//	               on restore
//	complete –     otherwise
//
// Every interval is in exactly one class at any time; open becomes final
// when the interval ends or its cached record is delivered or lost.

// window is an outage window [from, to); to is openEnd while the outage
// lasts.
type window struct {
	from, to int64
	outage   uint32
}

// instant is an outage instant: a PIM failure or a PG lost.
type instant struct {
	at     int64
	outage uint32
}

const openEnd = math.MaxInt64

// periphLedger is the ledger of one peripheral.
type periphLedger struct {
	pg       int32     // index of its Agent PG
	failures []instant // RP-1: the active PIM failed
	offline  []window  // RP-2: the peripheral was offline
}

// pgLedger is the ledger of one Agent PG.
type pgLedger struct {
	cached []window  // RT-6 / RP-5: the PG could not reach the CallRouter
	lost   []instant // RP-8: both sides went down
}

// split is the ledger's record of one call reported as two
// Termination_Call_Detail records because it was in progress across a
// failover of its Agent PG (RP-9): 16 bytes. The peripheral is the agent's
// and the MRD the voice MRD; the outage's start is the failover.
type split struct {
	at     int64 // when the call was recovered: the end of its outage, Unix ns
	agent  ccefsm.AgentID
	outage uint32 // the outage of the agent's peripheral that a side of its PG caused
}

// ledger is the engine's reporting ledger.
type ledger struct {
	interval int64 // ns
	offset   int64 // ns, in [0, interval): Topology.IntervalOffset
	horizon  int64 // intervals before it are forgotten (Engine.Forget); 0 or an interval start
	periph   []periphLedger
	pgs      []pgLedger
	splits   []split // RP-9, in the order they were recorded (time order)
}

// intervalStart returns the start of the interval holding t: the latest
// instant at or before t that is offset past a whole multiple of the
// interval. (No intermediate value leaves (-2 interval, interval), so
// nothing overflows.)
func (l *ledger) intervalStart(t int64) int64 {
	r := (t%l.interval - l.offset) % l.interval
	if r < 0 {
		r += l.interval
	}
	return t - r
}

// lastOpen returns the open window of ws, or nil.
func lastOpen(ws []window) *window {
	if n := len(ws); n > 0 && ws[n-1].to == openEnd {
		return &ws[n-1]
	}
	return nil
}

// IntervalReport is the reporting class of one interval of one peripheral,
// with the rule that put it there and the outage behind it.
type IntervalReport struct {
	Peripheral ccefsm.PeripheralID
	Start      time.Time // the interval is [Start, Start+interval)
	Class      ccefsm.ReportClass
	Rule       ccefsm.RuleID // RuleNone for complete, and for open because not over
	Outage     uint32        // the outage behind the class; 0 when none
}

// classify returns the class of the interval [s, s+interval) of peripheral
// pi at instant now (the latest input).
func (l *ledger) classify(pi int, s, now int64) (ccefsm.ReportClass, ccefsm.RuleID, uint32) {
	pl := &l.periph[pi]
	gl := &l.pgs[pl.pg]
	e := s + l.interval
	// RP-8: both sides lost while the interval was open.
	if in, ok := firstIn(gl.lost, s, e); ok {
		return ccefsm.ReportDeleted, ccefsm.RP8, in.outage
	}
	// RP-8: the record was cached and the PG was lost before delivery.
	w, cached := windowHolding(gl.cached, e)
	if cached && e <= now {
		// The window of a PG lost while it was cached ends at the loss.
		if in, ok := firstIn(gl.lost, e, w.to+1); ok && w.to != openEnd {
			return ccefsm.ReportDeleted, ccefsm.RP8, in.outage
		}
	}
	if in, ok := firstIn(pl.failures, s, e); ok {
		return ccefsm.ReportDeleted, ccefsm.RP1, in.outage
	}
	if w, ok := overlapping(pl.offline, s, e); ok {
		return ccefsm.ReportPartial, ccefsm.RP2, w.outage
	}
	if e > now {
		return ccefsm.ReportOpen, ccefsm.RuleNone, 0
	}
	if cached {
		if w.to == openEnd {
			return ccefsm.ReportOpen, ccefsm.RT6, w.outage
		}
		return ccefsm.ReportLate, ccefsm.RP5, w.outage
	}
	return ccefsm.ReportComplete, ccefsm.RuleNone, 0
}

// firstIn returns the first instant of xs (sorted) in [from, to).
func firstIn(xs []instant, from, to int64) (instant, bool) {
	i := sort.Search(len(xs), func(i int) bool { return xs[i].at >= from })
	if i < len(xs) && xs[i].at < to {
		return xs[i], true
	}
	return instant{}, false
}

// windowHolding returns the window of ws (sorted, disjoint) with from <= t
// < to.
func windowHolding(ws []window, t int64) (window, bool) {
	i := sort.Search(len(ws), func(i int) bool { return ws[i].to > t })
	if i < len(ws) && ws[i].from <= t {
		return ws[i], true
	}
	return window{}, false
}

// overlapping returns the first window of ws (sorted, disjoint) that
// overlaps [from, to). A window of zero length overlaps nothing.
func overlapping(ws []window, from, to int64) (window, bool) {
	i := sort.Search(len(ws), func(i int) bool { return ws[i].to > from })
	for ; i < len(ws) && ws[i].from < to; i++ {
		if ws[i].to > ws[i].from {
			return ws[i], true
		}
	}
	return window{}, false
}
