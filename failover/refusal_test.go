package failover

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// snap returns the engine's snapshot, failing the test on error.
func snap(t *testing.T, e *Engine) []byte {
	t.Helper()
	b, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// refuseUnchanged applies in, which must be refused with an error
// matching want, and checks that the engine's snapshot bytes, its clock,
// its next deadline and the log are as they were.
func refuseUnchanged(t *testing.T, e *Engine, in Input, want error) {
	t.Helper()
	before := snap(t, e)
	now, seq := e.Now(), e.Seq()
	dl, dlOK := e.NextDeadline()
	var l Log
	err := e.Apply(&l, in)
	var ie *InputError
	if !errors.As(err, &ie) || !errors.Is(err, want) {
		t.Fatalf("%v at %v: got %v, want an *InputError wrapping %v", in.Op, in.At, err, want)
	}
	if !bytes.Equal(before, snap(t, e)) {
		t.Errorf("%v (%v): the snapshot changed", in.Op, err)
	}
	if e.Now() != now || e.Seq() != seq {
		t.Errorf("%v: clock %v seq %d, want %v seq %d", in.Op, e.Now(), e.Seq(), now, seq)
	}
	if d, ok := e.NextDeadline(); d != dl || ok != dlOK {
		t.Errorf("%v: next deadline %v %v, want %v %v", in.Op, d, ok, dl, dlOK)
	}
	if l.Len() != 0 {
		t.Errorf("%v: %d effects in the log", in.Op, l.Len())
	}
}

// A refused input changes nothing, byte for byte, whichever check refuses
// it: the probe of the audit (an End of an unknown task an hour ahead
// moved the clock, and a valid input a minute ahead was then refused as
// going backwards), and every input kind refused after the point where it
// used to fire the deadlines due by its instant.
func TestRefusedInputChangesNothing(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice, chat)
	hour := at(60, 0)
	cases := []struct {
		in   Input
		want error
	}{
		{Input{Op: OpTask, At: hour, TaskOp: TaskEnd, Task: 999}, taskstate.ErrUnknownTask},
		{Input{Op: OpTask, At: hour, TaskOp: TaskPause, Task: 999}, taskstate.ErrUnknownTask},
		{Input{Op: OpAgentRequest, At: hour, Agent: alice, MRD: voice, Event: agentstate.EventLogin}, agentstate.ErrIllegalTransition},
		{Input{Op: OpAgentRequest, At: hour, Agent: 4242, MRD: voice, Event: agentstate.EventReady}, ccefsm.ErrUnknownID},
		{Input{Op: OpAgentObserve, At: hour, Agent: 4242, MRD: voice, State: agentstate.Available}, ccefsm.ErrUnknownID},
		{Input{Op: OpReportStates, At: hour, Peripheral: per5000, Reports: []agentstate.Report{{Agent: 4242, MRD: voice, State: agentstate.Available}}}, ccefsm.ErrUnknownID},
		{Input{Op: OpResponse, At: hour, App: app7, Request: 77, Outcome: routing.Outcome(1)}, ccefsm.ErrUnknownID},
		{Input{Op: OpCreateTask, At: hour, Task: 5, App: app7, MRD: chat, TaskState: taskstate.StateActive}, taskstate.ErrInvalidTask},
	}
	for _, c := range cases {
		refuseUnchanged(t, r.e, c.in, c.want)
	}
	// The probe's second half: a valid input a minute ahead is accepted.
	r.down(at(1, 0), Element{Kind: LinkAppCTIServer, ID: uint32(app7)})
}

// The refusals that depend on the task deadlines due by the input's
// instant are judged against the store as those deadlines will leave it,
// without firing them: a task input for a task that ends at its own
// deadline by then is refused as unknown, and changes nothing (the
// deadline is still pending and fires with the next accepted input); a
// task ID held by a task that ends by then is free.
func TestRefusalWithDeadlinesDue(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, chat)
	// Task 1 is reserved for alice; its start timeout (30 s) falls at
	// 0:31.
	r.do(Input{Op: OpCreateTask, At: at(0, 1), Task: 1, App: app7, MRD: chat, Agent: alice, TaskState: taskstate.StatePreCall})
	if d, ok := r.e.NextDeadline(); !ok || !d.Equal(at(0, 31)) {
		t.Fatalf("next deadline %v %v, want %v", d, ok, at(0, 31))
	}
	refuseUnchanged(t, r.e, Input{Op: OpTask, At: at(1, 0), TaskOp: TaskOffer, Task: 1}, taskstate.ErrUnknownTask)
	refuseUnchanged(t, r.e, Input{Op: OpTask, At: at(1, 0), TaskOp: TaskStart, Task: 1}, taskstate.ErrUnknownTask)
	// An illegal transition is refused before the deadlines fire too.
	r.do(Input{Op: OpCreateTask, At: at(0, 2), Task: 2, App: app7, MRD: chat, Agent: alice, TaskState: taskstate.StateActive})
	refuseUnchanged(t, r.e, Input{Op: OpTask, At: at(1, 0), TaskOp: TaskResume, Task: 2}, taskstate.ErrIllegalTransition)
	// A duplicate ID: task 2 stays open, task 1 ends at 0:31.
	refuseUnchanged(t, r.e, Input{Op: OpCreateTask, At: at(1, 0), Task: 2, App: app7, MRD: chat, Agent: alice, TaskState: taskstate.StateActive}, taskstate.ErrDuplicateTask)
	got := r.do(Input{Op: OpCreateTask, At: at(1, 0), Task: 1, App: app7, MRD: chat, Agent: bob, TaskState: taskstate.StateOffered})
	wantEffects(t, got,
		"TS-7 task 1 (app 7, MRD 2, agent 1001): agent-not-routable",
		"TS-7 task 1 (app 7, MRD 2, agent 1001): ended from PRE_CALL with 36 DBCD_TASK_ABANDONED_BEFORE_OFFERED, reporting complete")
	if tk, err := r.e.Store().Task(1); err != nil || tk.Agent != bob {
		t.Fatalf("task 1 after re-creation: %+v %v", tk, err)
	}
	// In an outage an End of a task the Agent PG knows is deferred (TS-2),
	// and the check follows the store's rule.
	r.down(at(2, 0), Element{Kind: LinkAppCTIServer, ID: uint32(app7)})
	r.task(at(2, 10), TaskEnd, 2, 0)
	refuseUnchanged(t, r.e, Input{Op: OpTask, At: at(2, 20), TaskOp: TaskEnd, Task: 2}, taskstate.ErrIllegalTransition)
	// Task life (20 min) ends task 1 at 22:00: an input after it is
	// refused, changing nothing; Advance then fires it.
	refuseUnchanged(t, r.e, Input{Op: OpTask, At: at(30, 0), TaskOp: TaskWrapUp, Task: 1}, taskstate.ErrUnknownTask)
	r.l.Reset()
	must(t, r.e.Advance(&r.l, at(30, 0)))
	wantEffects(t, r.lines(),
		"TS-1 task 1 (app 7, MRD 2, agent 1002): ended from OFFERED with 42 DBCD_APPLICATION_PATH_WENT_DOWN, reporting partial (RP-4)")
	if _, err := r.e.Store().Task(1); err == nil {
		t.Fatal("task 1 still open after its task life")
	}
}
