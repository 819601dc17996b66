package failover

import (
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// The log keeps runs of effects: At, Source, Input and All agree with the
// order effects were appended in, and a rollback drops exactly what came
// after its mark, also inside a run.
func TestLogRuns(t *testing.T) {
	var l Log
	type want struct {
		src Source
		seq uint64
		id  ccefsm.AgentID // agent effects: the agent; engine effects: 0
	}
	var wants []want
	agent := func(a ccefsm.AgentID, seq uint64) {
		l.agent = append(l.agent, agentstate.Effect{Kind: agentstate.EffectLoggedOut, Agent: a})
		l.note(SourceAgent, len(l.agent)-1, len(l.agent), seq)
		wants = append(wants, want{SourceAgent, seq, a})
	}
	engine := func(seq uint64) {
		l.add(Effect{Kind: EffectPathDown}, seq)
		wants = append(wants, want{SourceEngine, seq, 0})
	}
	agent(1, 1)
	agent(2, 1) // extends the run
	engine(1)
	agent(3, 1) // a new run: the engine effect came between
	agent(4, 2) // a new run: another input
	m := l.mark()
	agent(5, 2) // extends the run begun before the mark
	engine(2)
	if l.Len() != 7 || len(l.runs) != 5 {
		t.Fatalf("Len %d runs %d, want 7 and 5", l.Len(), len(l.runs))
	}
	check := func(n int) {
		t.Helper()
		if l.Len() != n {
			t.Fatalf("Len = %d, want %d", l.Len(), n)
		}
		seen := 0
		for i, e := range l.All() {
			w := wants[i]
			if l.Source(i) != w.src || l.Input(i) != w.seq || i != seen {
				t.Errorf("effect %d: source %v input %d, want %v %d", i, l.Source(i), l.Input(i), w.src, w.seq)
			}
			if a, ok := e.(*agentstate.Effect); ok != (w.src == SourceAgent) || ok && a.Agent != w.id {
				t.Errorf("effect %d is %T %v", i, e, e)
			}
			if l.At(i) != e {
				t.Errorf("At(%d) and All disagree", i)
			}
			seen++
		}
		if seen != n {
			t.Errorf("All yielded %d effects, want %d", seen, n)
		}
	}
	check(7)
	l.rollback(m)
	wants = wants[:5]
	check(5)
	agent(6, 3)
	wants[5] = want{SourceAgent, 3, 6}
	check(6)
	l.Reset()
	wants = wants[:0]
	check(0)
	defer func() {
		if recover() == nil {
			t.Error("At out of range did not panic")
		}
	}()
	l.At(0)
}
