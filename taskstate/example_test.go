package taskstate_test

import (
	"encoding/json"
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
	s, err := taskstate.NewStore(taskstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaChat)}})
	if err != nil {
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

	// The caller's clock: wake at the next deadline (task life, TS-1).
	next, _ := s.NextDeadline()
	fmt.Println("next deadline:", next.Sub(t0))
	// The path comes back a minute later; the restore fires the task-life
	// deadline first, at its own instant, then applies.
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
// The zero Store is ready to use once it has an MRD.
func ExampleStore_End() {
	var s taskstate.Store
	_ = s.AddMRD(ccefsm.NewMRD(1, ccefsm.MediaChat))
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var fx []taskstate.Effect
	fx, _ = s.Create(fx, t0, taskstate.NewTask{ID: 1, App: 7, MRD: 1, State: taskstate.StateNew})
	fx, _ = s.Assign(fx, t0.Add(time.Second), 1, 5001)
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
// the time limit, with disposition 53 for the cut segment (inferred), and
// restarted when the path is back.
func ExampleStore_Advance() {
	m := ccefsm.NewMRD(2, ccefsm.MediaEmail)
	m.TimeLimit = 10 * time.Minute
	s, _ := taskstate.NewStore(taskstate.Config{MRDs: []ccefsm.MRD{m}})
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	fx, _ := s.Create(nil, t0, taskstate.NewTask{ID: 9, App: 3, MRD: 2, Agent: 77, State: taskstate.StateActive})
	fx, _ = s.PathDown(fx, t0, 3)
	fx, _ = s.Advance(fx, t0.Add(time.Hour))
	fx, _ = s.PathUp(fx, t0.Add(time.Hour), 3)
	fx, _ = s.End(fx, t0.Add(2*time.Hour), 9, 0)
	for _, e := range fx {
		fmt.Println(e.At.Sub(t0), e.Kind, e.Rule, uint8(e.Disposition), e.Report, e.ReportRule)
	}
	_, err := s.Advance(nil, t0)
	fmt.Println(errors.Is(err, taskstate.ErrTimeBackwards), errors.Is(err, ccefsm.ErrTimeBackwards))
	// Output:
	// 10m0s segment-ended TS-3 53 open none
	// 1h0m0s segment-restarted TS-3 0 open none
	// 2h0m0s ended none 38 partial TS-3
	// true true
}

// An email MRD that does not cut at its time limit (NoTimeLimitCut): the
// outage ends no reporting segment, and the history of a long outage is
// recreated (RP-6).
func ExampleStore_noTimeLimitCut() {
	m := ccefsm.NewMRD(2, ccefsm.MediaEmail)
	m.NoTimeLimitCut = true
	s, _ := taskstate.NewStore(taskstate.Config{MRDs: []ccefsm.MRD{m}})
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	fx, _ := s.Create(nil, t0, taskstate.NewTask{ID: 9, App: 3, MRD: 2, Agent: 77, State: taskstate.StateActive})
	fx, _ = s.PathDown(fx, t0, 3)
	fx, _ = s.PathUp(fx, t0.Add(5*time.Hour), 3)
	fx, _ = s.End(fx, t0.Add(6*time.Hour), 9, 0)
	for _, e := range fx {
		fmt.Println(e)
	}
	// Output:
	// task 9 (app 3, MRD 2, agent 77): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting recreated (RP-6)
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
	s, err := taskstate.NewStore(taskstate.Config{Table: t})
	fmt.Println(err, s.Len())
	// Output:
	// <nil>
	// true
	// <nil> 0
}

// Effects log well: a line with String, names in JSON and with slog.
func ExampleEffect_MarshalJSON() {
	e := taskstate.Effect{
		Kind: taskstate.EffectEnded, At: time.Date(2026, 3, 2, 9, 21, 0, 0, time.UTC),
		Task: 101, App: 7, MRD: 2, Agent: 1001, From: taskstate.StateActive, Rule: ccefsm.TS1,
		Disposition: taskstate.ApplicationPathWentDown, Report: ccefsm.ReportPartial, ReportRule: ccefsm.RP4,
	}
	fmt.Println(e)
	b, _ := json.Marshal(e)
	fmt.Println(string(b))
	// Output:
	// TS-1 task 101 (app 7, MRD 2, agent 1001): ended from ACTIVE with 42 DBCD_APPLICATION_PATH_WENT_DOWN, reporting partial (RP-4)
	// {"kind":"ended","at":"2026-03-02T09:21:00Z","task":101,"app":7,"mrd":2,"agent":1001,"from":"ACTIVE","rule":"TS-1","disposition":"DBCD_APPLICATION_PATH_WENT_DOWN","report":"partial","reportRule":"RP-4"}
}
