// Command controller walks the second part of the section "Application
// Instance / MR PG Failover" of Cisco's failover chapter, with the notes on
// the Central Controller of both Application Instance sections, through
// the failover engine, and prints what happened and why:
//
//   - the MR PIM loses the Central Controller: ROUTING_DISABLED, the
//     CallRouter deletes the pending NEW_TASK, a request sent anyway is
//     rejected with NEW_TASK_FAILURE (RT-3); a task the application assigns
//     itself and completes before routing returns never appears in reports
//     (RP-3); on restore ROUTING_ENABLED and the deleted task is resubmitted
//     (RT-4);
//   - the Central Controller itself shuts down: it takes the MR PIM's path
//     and the Agent PG CTI server's path to the CallRouter with it (CS-3);
//     the Agent PG caches its reporting records and delivers them late
//     (RT-6, RP-5), and a task the application assigns itself cannot obtain
//     a task ID (CS-4, disposition 39).
//
// Run it with:
//
//	go run ./examples/controller
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

const (
	app   ccefsm.AppID   = 7
	chat  ccefsm.MRDID   = 2
	alice ccefsm.AgentID = 1001
	bob   ccefsm.AgentID = 1002
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "controller:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	e, err := failover.New(failover.Config{
		Start: t0,
		Topology: failover.Topology{
			Interval:          failover.Interval15,
			CentralController: ccefsm.Duplex,
			MRDs:              []ccefsm.MRD{ccefsm.NewMRD(chat, ccefsm.MediaChat)},
			AgentPGs:          []failover.AgentPGConfig{{ID: 1, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{5000}}},
			MRPGs:             []failover.MRPGConfig{{ID: 2, Redundancy: ccefsm.Duplex}},
			Applications:      []failover.ApplicationConfig{{ID: app, MRDs: []ccefsm.MRDID{chat}, AgentPG: 1, MRPG: 2}},
			Agents:            []failover.AgentConfig{{ID: alice, Peripheral: 5000}, {ID: bob, Peripheral: 5000}},
		},
	})
	if err != nil {
		return err
	}
	var log failover.Log
	say := func(t time.Time, what string) { fmt.Fprintf(w, "%s  %s\n", t.Format("15:04"), what) }
	show := func(err error) error {
		if err != nil {
			return err
		}
		for _, ef := range log.All() {
			fmt.Fprintf(w, "        %s\n", ef)
		}
		log.Reset()
		return nil
	}
	routable := func(a ccefsm.AgentID) error {
		ok, rule, reason, err := e.Routable(a, chat)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "        can a chat be routed to agent %d? %v (%s: %s)\n", a, ok, rule, reason)
		return nil
	}

	for _, a := range []ccefsm.AgentID{alice, bob} {
		if err := e.AgentObserve(&log, t0, a, chat, agentstate.Available, agentstate.ReasonNone); err != nil {
			return err
		}
	}
	log.Reset()
	say(at(1), "Alice and Bob are Ready in chat; the application sends NEW_TASK 1")
	if err := show(e.SendRequest(&log, at(1), app, 1, chat)); err != nil {
		return err
	}

	linkA := failover.Element{Kind: failover.LinkMRPIMController, ID: 2, Side: ccefsm.SideA}
	linkB := failover.Element{Kind: failover.LinkMRPIMController, ID: 2, Side: ccefsm.SideB}
	say(at(10), "side A's MR PIM loses the Central Controller")
	if err := show(e.Down(&log, at(10), linkA)); err != nil {
		return err
	}
	fmt.Fprintln(w, "        (no effect: side B's MR PIM still reaches it)")
	say(at(10), "and side B's: the MR PIM has lost the Central Controller")
	if err := show(e.Down(&log, at(10), linkB)); err != nil {
		return err
	}
	if err := routable(alice); err != nil {
		return err
	}
	say(at(11), "the application sends NEW_TASK 2 anyway")
	if err := show(e.SendRequest(&log, at(11), app, 2, chat)); err != nil {
		return err
	}
	say(at(12), "it assigns task 201 to Alice itself, which she completes at 09:14")
	if err := show(e.CreateTask(&log, at(12), taskstate.NewTask{ID: 201, App: app, MRD: chat, Agent: alice, State: taskstate.StateActive})); err != nil {
		return err
	}
	if err := show(e.Task(&log, at(14), failover.TaskEnd, 201, 0, 0)); err != nil {
		return err
	}
	say(at(20), "side A's link is back")
	if err := show(e.Up(&log, at(20), linkA)); err != nil {
		return err
	}
	if err := show(e.Response(&log, at(21), app, 1, routing.OutcomeRouted)); err != nil {
		return err
	}

	say(at(22), "task 202 starts with Bob")
	if err := show(e.CreateTask(&log, at(22), taskstate.NewTask{ID: 202, App: app, MRD: chat, Agent: bob, State: taskstate.StateActive})); err != nil {
		return err
	}
	say(at(40), "the Central Controller shuts down (side A, then side B)")
	if err := show(e.Down(&log, at(40), failover.Element{Kind: failover.CentralController, Side: ccefsm.SideA})); err != nil {
		return err
	}
	fmt.Fprintln(w, "        (side A down, side B up: no outage, CS-5)")
	if err := show(e.Down(&log, at(40), failover.Element{Kind: failover.CentralController, Side: ccefsm.SideB})); err != nil {
		return err
	}
	if err := routable(bob); err != nil {
		return err
	}
	say(at(42), "Bob ends task 202: its record waits in the Agent PG's cache")
	if err := show(e.Task(&log, at(42), failover.TaskEnd, 202, 0, 0)); err != nil {
		return err
	}
	say(at(43), "the application assigns task 203 to Alice itself")
	if err := show(e.CreateTask(&log, at(43), taskstate.NewTask{ID: 203, App: app, MRD: chat, Agent: alice, State: taskstate.StateActive})); err != nil {
		return err
	}
	say(at(50), "side B of the Central Controller is back")
	if err := show(e.Up(&log, at(50), failover.Element{Kind: failover.CentralController, Side: ccefsm.SideB})); err != nil {
		return err
	}
	if err := show(e.Advance(&log, at(61))); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nWhat the reports hold (the ledger at 10:01):")
	for _, t := range e.Tasks(nil) {
		fmt.Fprintf(w, "  task %d ended %s with %d %s: %s (%s)\n", t.Task, t.Ended.Format("15:04"), t.Disposition, t.Disposition, t.Class, t.Rule)
	}
	ivs, err := e.Intervals(nil, 5000, t0, at(61))
	if err != nil {
		return err
	}
	for _, iv := range ivs {
		fmt.Fprintf(w, "  peripheral 5000, interval %s: %s (%s)\n", iv.Start.Format("15:04"), iv.Class, iv.Rule)
	}

	fmt.Fprintln(w, "\nWhy (rules cited above):")
	for _, id := range []ccefsm.RuleID{ccefsm.RT3, ccefsm.RT4, ccefsm.RT6, ccefsm.RT8, ccefsm.RP3, ccefsm.RP5, ccefsm.CS3, ccefsm.CS4, ccefsm.CS5} {
		r, _ := ccefsm.Lookup(id)
		fmt.Fprintf(w, "  %s (%s): %s\n", r.ID, r.Provenance, r.Statement)
	}
	return nil
}
