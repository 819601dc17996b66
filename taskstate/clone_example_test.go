package taskstate_test

import (
	"fmt"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/taskstate"
)

// What would an outage of the application's CTI path starting now do to
// its open tasks? Ask a clone: the store keeps running untouched.
func ExampleStore_Clone() {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s, _ := taskstate.NewStore(taskstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaChat)}})
	_, _ = s.Create(nil, t0, taskstate.NewTask{ID: 1, App: 7, MRD: 1, Agent: 5001, State: taskstate.StateActive})

	whatIf := s.Clone()
	_, _ = whatIf.PathDown(nil, t0.Add(time.Minute), 7)
	end, _ := whatIf.NextDeadline()
	fx, _ := whatIf.Advance(nil, end)
	for _, e := range fx {
		fmt.Println(e.At.Sub(t0), e.Kind, "task", e.Task, e.Disposition.Description(), e.Rule)
	}
	fmt.Println("open in the store:", s.Len(), "in the clone:", whatIf.Len())
	// Output:
	// 21m0s ended task 1 application path went down TS-1
	// open in the store: 1 in the clone: 0
}
