package failover

import (
	"iter"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// Source says which package produced an effect of a [Log].
type Source uint8

// Sources.
const (
	SourceEngine  Source = iota // engine
	SourceAgent                 // agentstate
	SourceTask                  // taskstate
	SourceRouting               // routing
	SourceReport                // routing report cache
)

// Log is the engine's effect stream: every effect of every package, in the
// order the engine produced them, which is time order (deadlines fire
// before the input that comes after them). Each effect keeps its own type
// and remembers the input that caused it.
//
// The engine appends to a Log and never reads it; the caller reads it,
// then calls [Log.Reset] to reuse its memory. A Log reused this way makes
// the engine's steady-state inputs allocation-free. The zero Log is empty
// and ready to use. A Log is not safe for concurrent use.
type Log struct {
	runs   []logRun
	n      int // effects in the log
	agent  []agentstate.Effect
	task   []taskstate.Effect
	route  []routing.Effect
	report []routing.ReportEffect
	engine []Effect
}

// logRun is a run of effects of one source and one input that follow each
// other in the log and in their source's slice. A bulk failover appends
// thousands of effects in one run, so the log's own bookkeeping costs one
// entry per run, not per effect.
type logRun struct {
	src   Source
	first uint32 // index of the run's first effect in its source's slice
	n     uint32 // effects in the run
	start int    // index of the run's first effect in the log
	seq   uint64 // the input
}

// Len returns the number of effects in the log.
func (l *Log) Len() int { return l.n }

// Reset empties the log, keeping its memory.
func (l *Log) Reset() {
	l.runs = l.runs[:0]
	l.n = 0
	l.agent = l.agent[:0]
	l.task = l.task[:0]
	l.route = l.route[:0]
	l.report = l.report[:0]
	l.engine = l.engine[:0]
}

// run returns the run holding effect i and i's offset in it.
func (l *Log) run(i int) (*logRun, int) {
	if i < 0 || i >= l.n {
		panic("failover: Log index out of range")
	}
	lo, hi := 0, len(l.runs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if l.runs[m].start+int(l.runs[m].n) <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	r := &l.runs[lo]
	return r, i - r.start
}

// At returns effect i, 0 ≤ i < Len(), as a pointer into the log: one of
// *agentstate.Effect, *taskstate.Effect, *routing.Effect,
// *routing.ReportEffect or *Effect. Converting the pointer to the
// interface allocates nothing; it is valid until the next Reset. At finds
// the effect in O(log r) for r runs of effects of one source; [Log.All]
// walks them in order.
func (l *Log) At(i int) ccefsm.Effect {
	r, k := l.run(i)
	return l.at(r.src, int(r.first)+k)
}

func (l *Log) at(src Source, k int) ccefsm.Effect {
	switch src {
	case SourceAgent:
		return &l.agent[k]
	case SourceTask:
		return &l.task[k]
	case SourceRouting:
		return &l.route[k]
	case SourceReport:
		return &l.report[k]
	}
	return &l.engine[k]
}

// Source returns the package that produced effect i.
func (l *Log) Source(i int) Source {
	r, _ := l.run(i)
	return r.src
}

// Input returns the sequence number of the input that caused effect i (see
// [Engine.Seq]). The task deadlines an input fires before it applies carry
// that input's number; those fired by [Engine.Advance] carry the
// Advance's. A refused input leaves no effect in the log.
func (l *Log) Input(i int) uint64 {
	r, _ := l.run(i)
	return r.seq
}

// All iterates over the effects in order, with their index.
func (l *Log) All() iter.Seq2[int, ccefsm.Effect] {
	return func(yield func(int, ccefsm.Effect) bool) {
		for _, r := range l.runs {
			for k := range int(r.n) {
				if !yield(r.start+k, l.at(r.src, int(r.first)+k)) {
					return
				}
			}
		}
	}
}

// mark is the length of every slice of the log, to roll back a refused
// input's effects.
type mark struct {
	n, agent, task, route, report, engine int
}

func (l *Log) mark() mark {
	return mark{l.n, len(l.agent), len(l.task), len(l.route), len(l.report), len(l.engine)}
}

// rollback drops everything appended since m.
func (l *Log) rollback(m mark) {
	for len(l.runs) > 0 {
		r := &l.runs[len(l.runs)-1]
		if r.start >= m.n {
			l.runs = l.runs[:len(l.runs)-1]
			continue
		}
		r.n = uint32(min(int(r.n), m.n-r.start))
		break
	}
	l.n = m.n
	l.agent = l.agent[:m.agent]
	l.task = l.task[:m.task]
	l.route = l.route[:m.route]
	l.report = l.report[:m.report]
	l.engine = l.engine[:m.engine]
}

// note records the effects a leaf appended to its slice, from index from
// to index to, as caused by input seq.
func (l *Log) note(src Source, from, to int, seq uint64) {
	if to <= from {
		return
	}
	if k := len(l.runs); k > 0 {
		r := &l.runs[k-1]
		if r.src == src && r.seq == seq && int(r.first+r.n) == from {
			r.n += uint32(to - from)
			l.n += to - from
			return
		}
	}
	l.runs = append(l.runs, logRun{src: src, first: uint32(from), n: uint32(to - from), start: l.n, seq: seq})
	l.n += to - from
}

// add appends an engine effect.
func (l *Log) add(e Effect, seq uint64) {
	l.engine = append(l.engine, e)
	l.note(SourceEngine, len(l.engine)-1, len(l.engine), seq)
}
