package routing_test

import (
	"fmt"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/routing"
)

func show(effs []routing.Effect) {
	for _, e := range effs {
		if e.Request != 0 {
			fmt.Printf("%-5v %-18v request %d\n", e.Rule, e.Kind, e.Request)
		} else {
			fmt.Printf("%-5v %v\n", e.Rule, e.Kind)
		}
	}
}

// An application loses its MR PG path with two requests pending: the Central
// Controller discards them, the application keeps them and resends exactly
// those, once, in order, when the path is back. A response that arrives for
// a discarded request is stale.
func ExampleConn() {
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c, err := routing.NewConn(routing.ConnConfig{App: 1, Capacity: 16})
	if err != nil {
		panic(err)
	}
	var effs []routing.Effect
	effs, _ = c.Send(effs, t, 101, 5)
	effs, _ = c.Send(effs, t, 102, 5)
	effs, _ = c.Send(effs, t, 103, 5)
	effs, _ = c.Response(effs, t, 102, routing.OutcomeRouted)
	effs, _ = c.AppPathDown(effs, t.Add(time.Second))
	_, err = c.Response(nil, t.Add(2*time.Second), 101, routing.OutcomeRouted)
	fmt.Println(err)
	effs, _ = c.AppPathUp(effs, t.Add(3*time.Second))
	show(effs)
	// Output:
	// routing: Response: request 101: stale response (status discarded)
	// none  NEW_TASK           request 101
	// none  NEW_TASK           request 102
	// none  NEW_TASK           request 103
	// none  routed             request 102
	// RT-1  discarded          request 101
	// RT-1  discarded          request 103
	// RT-2  resend NEW_TASK    request 101
	// RT-2  resend NEW_TASK    request 103
}

// The MR PIM loses the Central Controller: ROUTING_DISABLED, the CallRouter
// deletes the pending task, a NEW_TASK sent anyway fails; on restore,
// ROUTING_ENABLED and the deleted task is resubmitted.
func ExampleConn_ControllerPathDown() {
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c, _ := routing.NewConn(routing.ConnConfig{App: 1})
	var effs []routing.Effect
	effs, _ = c.Send(effs, t, 1, 5)
	effs, _ = c.ControllerPathDown(effs, t)
	effs, _ = c.Send(effs, t, 2, 5)
	effs, _ = c.ControllerPathUp(effs, t)
	show(effs)
	// Output:
	// none  NEW_TASK           request 1
	// RT-3  ROUTING_DISABLED
	// RT-3  deleted            request 1
	// RT-3  NEW_TASK_FAILURE   request 2
	// RT-4  ROUTING_ENABLED
	// RT-4  resubmit NEW_TASK  request 1
}

// Inferred rows can be overridden; documented ones cannot.
func ExamplePolicy_Set() {
	var p routing.Policy
	for _, r := range routing.Rows() {
		if len(r.Alternatives) > 0 {
			fmt.Printf("row %d (%v, %v): %v, or %v\n", r.N, r.Rule, r.Provenance, r.Default, r.Alternatives)
		}
	}
	fmt.Println(p.Set(2, routing.ActionReject))
	fmt.Println(p.Set(1, routing.ActionHold))
	// Output:
	// row 2 (RT-1, inferred): hold, or [reject]
	// row 4 (RT-2, inferred): hold, or [fail]
	// row 19 (RT-7, inferred): reject, or [lose]
	// <nil>
	// routing: row 1: action hold: documented row cannot be overridden
}

// Voice routing stops for a peripheral whose PIM is down; chat does not.
func ExampleVoice() {
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var v routing.Voice
	effs, _ := v.PIMDown(nil, t, 5000)
	fmt.Println(effs[0].Rule, effs[0].Kind, effs[0].Peripheral)
	for _, m := range []ccefsm.MediaKind{ccefsm.MediaVoice, ccefsm.MediaChat} {
		ok, rule, _ := v.Available(5000, m)
		fmt.Println(m, ok, rule)
	}
	// Output:
	// RT-5 voice unavailable 5000
	// voice false RT-5
	// chat true RT-5
}

// Routable answers RT-8 and says which rule refuses.
func ExampleRoutable() {
	c := routing.Candidate{ControllerUp: true, LoggedIn: true, AvailableInMRD: true,
		Tasks: 2, TaskLimit: 3, Media: ccefsm.MediaVoice, PIMUp: false}
	fmt.Println(routing.Routable(c))
	c.Media = ccefsm.MediaChat
	fmt.Println(routing.Routable(c))
	c.Tasks = 3
	fmt.Println(routing.Routable(c))
	// Output:
	// false RT-5 voice and the PIM is down
	// true RT-8 ok
	// false RT-8 at the MRD's task limit
}

// Records made while the CTI server cannot reach the CallRouter are cached
// and delivered late; if both PG sides go down first, they are lost.
func ExampleReportCache() {
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var rc routing.ReportCache
	var effs []routing.ReportEffect
	effs, _ = rc.PathDown(effs, t)
	effs, _ = rc.Record(effs, t, 1, 0)
	effs, _ = rc.PathUp(effs, t.Add(time.Minute))
	effs, _ = rc.PathDown(effs, t.Add(2*time.Minute))
	effs, _ = rc.Record(effs, t.Add(2*time.Minute), 2, 0)
	effs, _ = rc.PGDown(effs, t.Add(3*time.Minute))
	for _, e := range effs {
		fmt.Println(e.Record, e.Class, e.Rule)
	}
	// Output:
	// 1 open RT-6
	// 1 late RT-6
	// 2 open RT-6
	// 2 deleted RT-7
}
