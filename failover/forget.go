package failover

import (
	"sort"
	"time"

	"github.com/ccefsm/ccefsm/internal/kind"
	"github.com/ccefsm/ccefsm/internal/nanotime"
)

// ErrForgotten: a question about a time the engine has forgotten
// ([Engine.Forget]). No kind.
var ErrForgotten = kind.New("failover: forgotten", nil)

// Forget drops what the engine remembers of the time before the start of
// the reporting interval that holds t: the outages that ended before it,
// the reporting ledger's windows and instants that ended before it, the
// calls split in reports that were recovered before it ([Engine.Splits]),
// and the entries of tasks that ended before it ([Engine.Tasks]). A service
// that runs for months calls it, say daily, after reading the ledger, so
// that the engine's memory follows what is still open rather than
// everything that ever happened.
//
// Nothing that is still open is forgotten: an outage still going on, a
// task record waiting in a cache, an open task. The counts of
// [Engine.TaskCounts] keep every task ever ended. Outages keep their IDs;
// [Engine.Outage] of a forgotten one reports false, and [Engine.Intervals]
// refuses intervals before the horizon with ErrForgotten. Forget never
// moves the horizon back, and never past the interval of the latest input
// (a later t forgets up to there).
func (e *Engine) Forget(t time.Time) {
	tn, ok := nanotime.UnixNano(t)
	if !ok {
		// Out of int64 nanoseconds (time.Time.UnixNano would wrap): an
		// instant before 1678, the zero Time included, forgets nothing;
		// one after 2262 forgets up to the latest input.
		if t.Unix() < 0 {
			return
		}
		tn = e.now
	}
	cut := min(e.led.intervalStart(tn), e.led.intervalStart(e.now))
	if cut <= e.led.horizon || cut <= e.led.intervalStart(e.cfg.Start.UnixNano()) {
		return
	}
	e.led.horizon = cut
	// Outages that ended before the cut, from the front: outages are in
	// the order they began, so one still open (or ended later) stops the
	// drop and everything after it is kept, keeping the IDs dense.
	n := 0
	for n < len(e.outages) && !e.outages[n].To.IsZero() && e.outages[n].To.UnixNano() < cut {
		n++
	}
	e.outages = append(e.outages[:0], e.outages[n:]...)
	e.outageBase += uint32(n)
	keep := func(id uint32) bool { return id > e.outageBase }
	for j := range e.led.periph {
		p := &e.led.periph[j]
		p.failures = dropInstants(p.failures, cut, keep)
		p.offline = dropWindows(p.offline, cut, keep)
	}
	for i := range e.led.pgs {
		g := &e.led.pgs[i]
		g.cached = dropWindows(g.cached, cut, keep)
		g.lost = dropInstants(g.lost, cut, keep)
	}
	// Calls split (RP-9) recovered before the cut: their outages ended
	// when they were recovered, so the outages kept are theirs.
	k := sort.Search(len(e.led.splits), func(i int) bool { return e.led.splits[i].at >= cut })
	e.led.splits = append(e.led.splits[:0], e.led.splits[k:]...)
	// Task entries ended before the cut, except those still cached; the
	// cache queues are renumbered.
	led := &e.tasks
	renum := make([]int32, len(led.entries))
	w := 0
	for k, en := range led.entries {
		renum[k] = -1
		if en.at < cut && !en.cached {
			led.forgotten[en.class]++
			continue
		}
		renum[k] = int32(w)
		led.entries[w] = en
		w++
	}
	led.entries = led.entries[:w]
	for i, q := range led.pending {
		for k, idx := range q {
			led.pending[i][k] = renum[idx]
		}
	}
}

// dropInstants drops the instants before cut whose outage is forgotten or
// that lie before it.
func dropInstants(xs []instant, cut int64, keep func(uint32) bool) []instant {
	w := 0
	for _, x := range xs {
		if x.at >= cut && keep(x.outage) {
			xs[w] = x
			w++
		}
	}
	return xs[:w]
}

// dropWindows drops the windows that ended before cut.
func dropWindows(ws []window, cut int64, keep func(uint32) bool) []window {
	w := 0
	for _, x := range ws {
		if x.to >= cut && keep(x.outage) { // openEnd is the largest
			ws[w] = x
			w++
		}
	}
	return ws[:w]
}
