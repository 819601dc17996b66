package taskstate_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/taskstate"
)

// A chat application loses its path to the Agent PG CTI server. Tasks the
// Agent PG knows and that are still open die with disposition 42 when the
// MRD's task life runs out (TS-1); a task the application ended during the
// outage, within task life, is closed with 51 when the path reinitialises
// (TS-2), even after task life; a task begun during the outage is not the
// Agent PG's to end, and is reported from the restore on (TS-5).
func ExampleStore() {
	var s taskstate.Store
	mrd := taskstate.NewMRD(1, ccefsm.MediaChat)
	if err := s.AddMRD(mrd); err != nil {
		fmt.Println(err)
		return
	}
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const app = ccefsm.AppID(7)
	var fx []taskstate.Effect
	fx, _ = s.Create(fx, t0, taskstate.NewTask{ID: 1, App: app, MRD: 1, Agent: 5001, State: taskstate.StateActive})
	fx, _ = s.Create(fx, t0, taskstate.NewTask{ID: 2, App: app, MRD: 1, Agent: 5002, State: taskstate.StateActive})
	fx, _ = s.PathDown(fx, t0.Add(time.Minute), app)
	fx, _ = s.End(fx, t0.Add(2*time.Minute), 2, 0)
	fx, _ = s.Create(fx, t0.Add(3*time.Minute), taskstate.NewTask{ID: 3, App: app, MRD: 1, Agent: 5003, State: taskstate.StateActive})

	// The caller's clock: wake at the next deadline.
	next, _ := s.NextDeadline()
	fmt.Println("next deadline:", next.Sub(t0))
	fx, _ = s.Advance(fx, next)
	fx, _ = s.PathUp(fx, next.Add(time.Minute), app)
	for _, e := range fx {
		fmt.Println(e.At.Sub(t0), e.Kind, "task", e.Task, e.Disposition.Description(), e.Report, e.Rule, e.ReportRule)
	}
	fmt.Println("open:", s.Len())
	// Output:
	// next deadline: 21m0s
	// 2m0s end-deferred task 2  open TS-2 none
	// 21m0s ended task 1 application path went down partial TS-1 RP-4
	// 22m0s ended task 2 task ended during application init partial TS-2 RP-4
	// 22m0s task-init task 3  open TS-5 none
	// open: 1
}

// The life cycle of a routed task, ending normally: complete reporting.
func ExampleStore_End() {
	var s taskstate.Store
	_ = s.AddMRD(taskstate.NewMRD(1, ccefsm.MediaChat))
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var fx []taskstate.Effect
	fx, _ = s.Create(fx, t0, taskstate.NewTask{ID: 1, App: 7, MRD: 1, State: taskstate.StateNew})
	fx, _ = s.Reserve(fx, t0.Add(time.Second), 1, 5001)
	fx, _ = s.Offer(fx, t0.Add(2*time.Second), 1)
	fx, _ = s.Start(fx, t0.Add(3*time.Second), 1)
	fx, _ = s.WrapUp(fx, t0.Add(4*time.Minute), 1)
	fx, _ = s.End(fx, t0.Add(5*time.Minute), 1, 0)
	e := fx[0]
	fmt.Println(e.Kind, e.Task, e.From, e.Disposition, e.Report)

	_, err := s.Pause(nil, t0.Add(6*time.Minute), 1)
	fmt.Println(errors.Is(err, taskstate.ErrUnknownTask))
	// Output:
	// ended 1 WRAPUP DBCD_NORMAL_END_TASK complete
	// true
}

// An email MRD is not terminated at task life (TS-3): reporting is cut at
// the time limit and restarted when the path is back.
func ExampleStore_Advance() {
	var s taskstate.Store
	m := taskstate.NewMRD(2, ccefsm.MediaEmail)
	m.TimeLimit = 10 * time.Minute
	_ = s.AddMRD(m)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	fx, _ := s.Create(nil, t0, taskstate.NewTask{ID: 9, App: 3, MRD: 2, Agent: 77, State: taskstate.StateActive})
	fx, _ = s.PathDown(fx, t0, 3)
	fx, _ = s.Advance(fx, t0.Add(time.Hour))
	fx, _ = s.PathUp(fx, t0.Add(time.Hour), 3)
	fx, _ = s.End(fx, t0.Add(2*time.Hour), 9, 0)
	for _, e := range fx {
		fmt.Println(e.At.Sub(t0), e.Kind, e.Rule, e.Report, e.ReportRule)
	}
	_, err := s.Advance(nil, t0)
	fmt.Println(errors.Is(err, taskstate.ErrTimeBackwards))
	// Output:
	// 10m0s segment-ended TS-3 open none
	// 1h0m0s segment-restarted TS-3 open none
	// 2h0m0s ended none partial TS-3
	// true
}

func ExampleMRD_Validate() {
	m := taskstate.NewMRD(4, ccefsm.MediaChat)
	fmt.Println(m.TaskLife, m.StartTimeout, m.MaxDuration, m.MaxTasksPerAgent)
	m.TaskLife = 0
	err := m.Validate()
	fmt.Println(errors.Is(err, taskstate.ErrInvalidMRD))
	fmt.Println(err)
	// Output:
	// 20m0s 30s 8h0m0s 3
	// true
	// taskstate: invalid MRD 4: TaskLife must be positive, is 0s
}

func ExampleDisposition() {
	d := taskstate.ApplicationPathWentDown
	text, _ := d.MarshalText()
	fmt.Println(uint8(d), string(text), d.Description())
	var back taskstate.Disposition
	err := back.UnmarshalText([]byte("DBCD_TASK_ENDED_DURING_APP_INIT"))
	fmt.Println(uint8(back), err)
	err = back.UnmarshalText([]byte("DBCD_NO_SUCH"))
	fmt.Println(errors.Is(err, ccefsm.ErrUnknownName))
	// Output:
	// 42 DBCD_APPLICATION_PATH_WENT_DOWN application path went down
	// 51 <nil>
	// true
}

// Inferred rows can be changed by the caller; documented rows cannot.
func ExampleTable_SetDisposition() {
	t := taskstate.DefaultTable()
	err := t.SetDisposition(taskstate.StateNew, taskstate.EventEnd, taskstate.ApplTerminateDialogue)
	fmt.Println(err)
	err = t.SetDisposition(taskstate.StateActive, taskstate.EventTaskLife, taskstate.NormalEndTask)
	fmt.Println(errors.Is(err, taskstate.ErrDocumentedRow))
	var s taskstate.Store
	fmt.Println(s.SetTable(t))
	// Output:
	// <nil>
	// true
	// <nil>
}
