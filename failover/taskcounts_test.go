package failover

import (
	"errors"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/taskstate"
)

// The engine counts each agent's open tasks per MRD in 16 bits. The audit
// found them wrapping: after 65,536 active tasks on one agent, Routable
// answered true. Now one more than 65,535 is refused with ErrTooManyTasks,
// changing nothing, by CreateTask and by an Assign to the agent.
func TestTaskCountsCannotWrap(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 65,535 tasks")
	}
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, chat)
	r.e.store.Grow(maxAgentTasks + 2)
	var l Log
	for id := ccefsm.TaskID(1); id <= maxAgentTasks; id++ {
		l.Reset()
		if err := r.e.CreateTask(&l, at(1, 0), taskstate.NewTask{ID: id, App: app7, MRD: chat, Agent: alice, State: taskstate.StateActive}); err != nil {
			t.Fatalf("task %d: %v", id, err)
		}
	}
	if ok, rule, _, err := r.e.Routable(alice, chat); err != nil || ok || rule != ccefsm.RT8 {
		t.Fatalf("Routable at 65,535 tasks: %v %v %v", ok, rule, err)
	}
	refuseUnchanged(t, r.e, Input{Op: OpCreateTask, At: at(2, 0), Task: 70000, App: app7, MRD: chat, Agent: alice, TaskState: taskstate.StateActive}, ErrTooManyTasks)
	// A NEW task assigned to alice is refused the same way; to bob it is not.
	r.do(Input{Op: OpCreateTask, At: at(2, 0), Task: 70001, App: app7, MRD: chat, TaskState: taskstate.StateNew})
	refuseUnchanged(t, r.e, Input{Op: OpTask, At: at(2, 0), TaskOp: TaskAssign, Task: 70001, Agent: alice}, ErrTooManyTasks)
	r.do(Input{Op: OpTask, At: at(2, 0), TaskOp: TaskAssign, Task: 70001, Agent: bob})
	if ok, _, _, err := r.e.Routable(alice, chat); err != nil || ok {
		t.Fatalf("Routable after the refusals: %v %v", ok, err)
	}
	if c, _ := r.e.countsOf(alice, chat); c.total() != maxAgentTasks {
		t.Fatalf("alice's count %d, want %d", c.total(), maxAgentTasks)
	}
	// A snapshot whose store gives alice one more (written around the
	// engine, straight into its store) is unreachable: the decoder refuses
	// it, where recounting would have wrapped to 0.
	if _, err := r.e.store.Create(nil, at(3, 0), taskstate.NewTask{ID: 70002, App: app7, MRD: chat, Agent: alice, State: taskstate.StateActive}); err != nil {
		t.Fatal(err)
	}
	err := new(Engine).UnmarshalBinary(reseal(t, r.e))
	if !errors.Is(err, ccefsm.ErrCorruptSnapshot) || !strings.Contains(err.Error(), "task counts") {
		t.Fatalf("a store with 65,536 tasks on one agent: %v", err)
	}
}
