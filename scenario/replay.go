package scenario

import (
	"errors"
	"slices"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// Result is what a replay gives: every input with its effects or its
// refusal, the ledger at the end, and the expectations that were not met.
type Result struct {
	Scenario *Scenario
	// Steps has one step per timeline entry, in order.
	Steps []Step
	// End is the instant of the last input (the start when there is none).
	End time.Time
	// Interval is the reporting interval of the topology.
	Interval time.Duration
	// Outages are the outages of paths, in the order they began.
	Outages []failover.Outage
	// Intervals holds the class of every reporting interval of every
	// peripheral, peripherals in topology order, from the interval that
	// holds the start to the one that holds End.
	Intervals []failover.IntervalReport
	// Tasks are the ended tasks that are not complete in reports
	// (failover.Engine.Tasks).
	Tasks []failover.TaskReport
	// Splits are the calls reported as two TCD records because they were
	// in progress across an Agent PG failover (RP-9;
	// failover.Engine.Splits).
	Splits []failover.SplitReport
	// Counts is the task account (failover.Engine.TaskCounts); Created the
	// number of tasks the timeline created. Every created task is open or
	// in exactly one class: Created == Counts.Open + the sum of ByClass.
	Counts  failover.TaskCounts
	Created int
	// Checked is the number of expectations; Mismatches those not met, in
	// file order.
	Checked    int
	Mismatches []*Mismatch
}

// Step is one input of the timeline as the engine took it.
type Step struct {
	Entry *Entry
	// Seq is the input's sequence number (failover.Engine.Seq); for a
	// refused input, the number it would have had.
	Seq uint64
	// Effects are the input's effects, in the engine's order: first the
	// task deadlines its instant fired, then its own.
	Effects []Effect
	// Err is the refusal (a *failover.InputError), nil when the input was
	// applied. A refused input changes nothing and has no effects (its
	// deadlines fire with the next accepted input).
	Err error
}

// Effect is one effect of a step: a value of its package's effect type
// (agentstate.Effect, taskstate.Effect, routing.Effect,
// routing.ReportEffect or failover.Effect), and the package that produced
// it.
type Effect struct {
	ccefsm.Effect
	Source failover.Source
}

// Replay runs the scenario's timeline through a new failover engine and
// checks its expectations. A state expectation (agent, task, request,
// interval, path, counts) is checked after the last input at or before its
// instant, or at the end when it has none; an event expectation (message,
// effect, refused) is met by an effect or a refusal at its instant.
// Refused inputs are part of the result, not errors: Replay fails only if
// the engine cannot be built, which a Scenario from Decode rules out.
func Replay(sc *Scenario) (*Result, error) {
	e, err := failover.New(sc.Config)
	if err != nil {
		return nil, err
	}
	res := &Result{Scenario: sc, Steps: make([]Step, 0, len(sc.Timeline)), Interval: e.Topology().Interval,
		Checked: len(sc.Expect)}
	ev := &evaluator{sc: sc, e: e, tasks: map[ccefsm.TaskID]*taskRecord{}}

	// The state expectations, in the order of their instants (the end
	// last); each is checked before the first input dated after it.
	var pending []*Expectation
	for i := range sc.Expect {
		if x := &sc.Expect[i]; x.Kind != ExpectMessage && x.Kind != ExpectEffect && x.Kind != ExpectRefused {
			pending = append(pending, x)
		}
	}
	slices.SortStableFunc(pending, func(a, b *Expectation) int {
		switch {
		case a.At.IsZero() && b.At.IsZero():
			return 0
		case a.At.IsZero():
			return 1
		case b.At.IsZero():
			return -1
		}
		return a.At.Compare(b.At)
	})
	found := map[*Expectation]*Mismatch{}
	checkUntil := func(t time.Time, all bool) {
		for len(pending) > 0 && (all || (!pending[0].At.IsZero() && pending[0].At.Before(t))) {
			if m := ev.state(pending[0]); m != nil {
				found[pending[0]] = m
			}
			pending = pending[1:]
		}
	}

	var log failover.Log
	for i := range sc.Timeline {
		en := &sc.Timeline[i]
		checkUntil(en.Input.At, false)
		log.Reset()
		err := e.Apply(&log, en.Input)
		st := Step{Entry: en, Seq: e.Seq(), Err: err}
		var ie *failover.InputError
		if errors.As(err, &ie) {
			st.Seq = ie.Seq
		}
		if err == nil && en.Input.Op == failover.OpCreateTask {
			res.Created++
			ev.tasks[en.Input.Task] = &taskRecord{}
		}
		st.Effects = make([]Effect, 0, log.Len())
		for j, ef := range log.All() {
			v := value(ef)
			if t, ok := v.(taskstate.Effect); ok && t.Kind == taskstate.EffectEnded {
				if rec := ev.tasks[t.Task]; rec != nil {
					rec.ended, rec.disp = true, t.Disposition
				}
			}
			st.Effects = append(st.Effects, Effect{Effect: v, Source: log.Source(j)})
		}
		res.Steps = append(res.Steps, st)
	}
	checkUntil(time.Time{}, true)

	res.End = e.Now()
	res.Outages = e.Outages(nil)
	from := e.IntervalStart(sc.Config.Start)
	for _, pg := range sc.Config.Topology.AgentPGs {
		for _, p := range pg.Peripherals {
			res.Intervals, _ = e.Intervals(res.Intervals, p, from, res.End.Add(1))
		}
	}
	res.Tasks = e.Tasks(nil)
	res.Splits = e.Splits(nil)
	res.Counts = e.TaskCounts()

	for i := range sc.Expect {
		x := &sc.Expect[i]
		switch x.Kind {
		case ExpectMessage, ExpectEffect, ExpectRefused:
			if m := ev.event(x, res.Steps); m != nil {
				found[x] = m
			}
		}
		if m := found[x]; m != nil {
			res.Mismatches = append(res.Mismatches, m)
		}
	}
	return res, nil
}

// value returns the effect a Log holds, as a value of its own type, so
// that it outlives the Log's reuse.
func value(ef ccefsm.Effect) ccefsm.Effect {
	switch v := ef.(type) {
	case *agentstate.Effect:
		return *v
	case *taskstate.Effect:
		return *v
	case *routing.Effect:
		return *v
	case *routing.ReportEffect:
		return *v
	case *failover.Effect:
		return *v
	}
	return ef
}

// Err returns nil when every expectation was met, and otherwise the
// mismatches joined (each a *Mismatch, matching ErrMismatch). A scenario
// with no expectations has none to miss, and Err returns nil: a harness
// that keeps scenarios as test cases requires Checked > 0 as well, as
// ccefsm check does (it fails a file with no expectations).
func (r *Result) Err() error {
	errs := make([]error, len(r.Mismatches))
	for i, m := range r.Mismatches {
		errs[i] = m
	}
	return errors.Join(errs...)
}

// IntervalCounts returns how many intervals of r.Intervals are in each
// class, indexed by class.
func (r *Result) IntervalCounts() [ccefsm.ReportUnreported + 1]int {
	var n [ccefsm.ReportUnreported + 1]int
	for _, iv := range r.Intervals {
		n[iv.Class]++
	}
	return n
}
