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
	order  []logEntry
	agent  []agentstate.Effect
	task   []taskstate.Effect
	route  []routing.Effect
	report []routing.ReportEffect
	engine []Effect
}

type logEntry struct {
	src Source
	idx uint32
	seq uint64 // the input; 0 for deadlines fired by Advance
}

// Len returns the number of effects in the log.
func (l *Log) Len() int { return len(l.order) }

// Reset empties the log, keeping its memory.
func (l *Log) Reset() {
	l.order = l.order[:0]
	l.agent = l.agent[:0]
	l.task = l.task[:0]
	l.route = l.route[:0]
	l.report = l.report[:0]
	l.engine = l.engine[:0]
}

// At returns effect i, 0 ≤ i < Len(), as a pointer into the log: one of
// *agentstate.Effect, *taskstate.Effect, *routing.Effect,
// *routing.ReportEffect or *Effect. Converting the pointer to the
// interface allocates nothing; it is valid until the next Reset.
func (l *Log) At(i int) ccefsm.Effect {
	en := l.order[i]
	switch en.src {
	case SourceAgent:
		return &l.agent[en.idx]
	case SourceTask:
		return &l.task[en.idx]
	case SourceRouting:
		return &l.route[en.idx]
	case SourceReport:
		return &l.report[en.idx]
	}
	return &l.engine[en.idx]
}

// Source returns the package that produced effect i.
func (l *Log) Source(i int) Source { return l.order[i].src }

// Input returns the sequence number of the input that caused effect i (see
// [Engine.Seq]); deadlines fired on their own by [Engine.Advance] carry
// the sequence number of that Advance.
func (l *Log) Input(i int) uint64 { return l.order[i].seq }

// All iterates over the effects in order, with their index.
func (l *Log) All() iter.Seq2[int, ccefsm.Effect] {
	return func(yield func(int, ccefsm.Effect) bool) {
		for i := range l.order {
			if !yield(i, l.At(i)) {
				return
			}
		}
	}
}

// mark is the length of every slice of the log, to roll back a refused
// input's effects or to note the effects a leaf appended.
type mark struct {
	order, agent, task, route, report, engine int
}

func (l *Log) mark() mark {
	return mark{len(l.order), len(l.agent), len(l.task), len(l.route), len(l.report), len(l.engine)}
}

// rollback drops everything appended since m.
func (l *Log) rollback(m mark) {
	l.order = l.order[:m.order]
	l.agent = l.agent[:m.agent]
	l.task = l.task[:m.task]
	l.route = l.route[:m.route]
	l.report = l.report[:m.report]
	l.engine = l.engine[:m.engine]
}

// note records the effects a leaf appended to its slice since n.
func (l *Log) note(src Source, from, to int, seq uint64) {
	for i := from; i < to; i++ {
		l.order = append(l.order, logEntry{src: src, idx: uint32(i), seq: seq})
	}
}

// add appends an engine effect.
func (l *Log) add(e Effect, seq uint64) {
	l.engine = append(l.engine, e)
	l.order = append(l.order, logEntry{src: SourceEngine, idx: uint32(len(l.engine) - 1), seq: seq})
}
