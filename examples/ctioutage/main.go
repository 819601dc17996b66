// Command ctioutage follows one outage through the failover engine, the way
// a service embedding ccefsm would: an Application Instance serving a chat
// MRD and an email MRD loses its path to the Agent PG CTI server for 25
// minutes while its MR PG path stays up. One failover.Engine holds the
// topology and drives agents, tasks and routing; the service feeds it what
// it hears and prints each effect with the rule that produced it:
//
//   - agents stay logged in (AG-8); for the email MRD the email manager keeps
//     their state and resynchronises it on restore, and their history over
//     the outage is recreated (AG-9, RP-6); a chat agent's request cannot
//     reach the CTI server meanwhile;
//   - chat tasks survive for the MRD's task life (20 minutes) and then end
//     with 42, DBCD_APPLICATION_PATH_WENT_DOWN (TS-1); the email task is not
//     terminated, its reporting is cut and restarted (TS-3); a task assigned
//     during the outage is reported from the restore on (TS-4, TS-5);
//   - with the MR PG path up the application still routes: the engine
//     answers RT-8 from its own facts, and a NEW_TASK goes out;
//   - the ledger says which tasks the reports will lack, and why.
//
// Run it with:
//
//	go run ./examples/ctioutage
package main

import (
	"errors"
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
	app        ccefsm.AppID        = 7
	peripheral ccefsm.PeripheralID = 5000
	voiceMRD   ccefsm.MRDID        = 1
	chatMRD    ccefsm.MRDID        = 2
	emailMRD   ccefsm.MRDID        = 3
	alice      ccefsm.AgentID      = 1001
	bob        ccefsm.AgentID      = 1002
	carol      ccefsm.AgentID      = 1003
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ctioutage:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	e, err := failover.New(failover.Config{
		Start: t0,
		Topology: failover.Topology{
			CentralController: ccefsm.Duplex,
			MRDs: []ccefsm.MRD{
				ccefsm.NewMRD(voiceMRD, ccefsm.MediaVoice),
				ccefsm.NewMRD(chatMRD, ccefsm.MediaChat), // task life: 20 minutes, Cisco's default
				ccefsm.NewMRD(emailMRD, ccefsm.MediaEmail),
			},
			AgentPGs:     []failover.AgentPGConfig{{ID: 1, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{peripheral}}},
			MRPGs:        []failover.MRPGConfig{{ID: 2, Redundancy: ccefsm.Duplex}},
			Applications: []failover.ApplicationConfig{{ID: app, MRDs: []ccefsm.MRDID{chatMRD, emailMRD}, AgentPG: 1, MRPG: 2}},
			Agents:       []failover.AgentConfig{{ID: alice, Peripheral: peripheral}, {ID: bob, Peripheral: peripheral}, {ID: carol, Peripheral: peripheral}},
		},
	})
	if err != nil {
		return err
	}
	s := &service{w: w, e: e}

	// 09:00 Alice, Bob and Carol are Ready in chat and email; Alice and
	// Bob each have a chat, Bob an email too.
	for _, a := range []ccefsm.AgentID{alice, bob, carol} {
		for _, m := range []ccefsm.MRDID{chatMRD, emailMRD} {
			for _, ev := range []agentstate.Event{agentstate.EventLogin, agentstate.EventReady} {
				if err := s.quiet(e.AgentRequest(&s.log, t0, a, m, ev, agentstate.ReasonNone)); err != nil {
					return err
				}
			}
		}
	}
	for _, t := range []taskstate.NewTask{
		{ID: 101, App: app, MRD: chatMRD, Agent: alice, State: taskstate.StateActive},
		{ID: 102, App: app, MRD: chatMRD, Agent: bob, State: taskstate.StateActive},
		{ID: 201, App: app, MRD: emailMRD, Agent: bob, State: taskstate.StateActive},
	} {
		if err := s.quiet(e.CreateTask(&s.log, t0, t)); err != nil {
			return err
		}
	}
	s.say(t0, "Alice, Bob and Carol are Ready in chat and email; tasks 101, 102 (chat) and 201 (email) are active")

	link := failover.Element{Kind: failover.LinkAppCTIServer, ID: uint32(app)}
	s.say(at(5), "the application's link to the Agent PG CTI server goes down")
	if err := s.show(e.Down(&s.log, at(5), link)); err != nil {
		return err
	}

	s.say(at(6), "Carol asks for Not Ready in chat, then in email")
	if err := e.AgentRequest(&s.log, at(6), carol, chatMRD, agentstate.EventNotReady, 5); errors.Is(err, failover.ErrPathDown) {
		fmt.Fprintln(w, "        chat: refused, the CTI server cannot hear it (failover.ErrPathDown); nothing changed")
	} else if err != nil {
		return err
	}
	if err := s.show(e.AgentRequest(&s.log, at(6), carol, emailMRD, agentstate.EventNotReady, 5)); err != nil {
		return err
	}
	s.state(carol, emailMRD, "recorded by the email manager (AG-9)")

	s.say(at(10), "a new chat arrives; the MR PG path is still up")
	ok, rule, reason, err := e.Routable(alice, chatMRD)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "        RT-8: can the chat go to Alice? %v (%s, %s)\n", ok, rule, reason)
	if err := s.show(e.SendRequest(&s.log, at(10), app, 1, chatMRD)); err != nil {
		return err
	}
	if err := s.show(e.Response(&s.log, at(10), app, 1, routing.OutcomeRouted)); err != nil {
		return err
	}
	if err := s.show(e.CreateTask(&s.log, at(10), taskstate.NewTask{ID: 103, App: app, MRD: chatMRD, Agent: alice, State: taskstate.StateActive})); err != nil {
		return err
	}
	fmt.Fprintln(w, "        task 103 is active, unknown to the Agent PG: nothing is reported about it while the path is down (TS-4)")

	next, _ := e.NextDeadline()
	s.say(next, "the chat MRD's task life (20 minutes) runs out: the service's timer fires")
	if err := s.show(e.Advance(&s.log, next)); err != nil {
		return err
	}

	s.say(at(30), "the link is back; the email manager resynchronises agent state")
	if err := s.show(e.Up(&s.log, at(30), link)); err != nil {
		return err
	}
	s.state(carol, emailMRD, "after the resynchronisation")

	fmt.Fprintln(w, "\nWhat the reports will lack (the ledger):")
	for _, t := range e.Tasks(nil) {
		fmt.Fprintf(w, "  task %d (MRD %d) ended %s with %d %s: %s (%s)\n", t.Task, t.MRD, t.Ended.Format("15:04"), t.Disposition, t.Disposition, t.Class, t.Rule)
	}
	c := e.TaskCounts()
	fmt.Fprintf(w, "  tasks open: %d; ended partial: %d\n", c.Open, c.ByClass[ccefsm.ReportPartial])

	fmt.Fprintln(w, "\nWhy (rules cited above):")
	for _, id := range []ccefsm.RuleID{ccefsm.AG8, ccefsm.AG9, ccefsm.TS1, ccefsm.TS2, ccefsm.TS3, ccefsm.TS4, ccefsm.TS5, ccefsm.RP4, ccefsm.RP6, ccefsm.CS1, ccefsm.CS8} {
		r, _ := ccefsm.Lookup(id)
		fmt.Fprintf(w, "  %s (%s): %s\n", r.ID, r.Provenance, r.Statement)
	}
	return nil
}

// service is what an embedding service keeps: the engine and a log it
// reuses for every input.
type service struct {
	w   io.Writer
	e   *failover.Engine
	log failover.Log
}

func (s *service) say(t time.Time, what string) {
	fmt.Fprintf(s.w, "%s  %s\n", t.Format("15:04"), what)
}

// show prints the effects of the input just applied and empties the log.
func (s *service) show(err error) error {
	if err != nil {
		return err
	}
	for _, ef := range s.log.All() {
		fmt.Fprintf(s.w, "        %s\n", ef)
	}
	s.log.Reset()
	return nil
}

// quiet empties the log without printing it.
func (s *service) quiet(err error) error {
	s.log.Reset()
	return err
}

func (s *service) state(a ccefsm.AgentID, m ccefsm.MRDID, why string) {
	st, err := s.e.Roster().Status(a, m)
	if err != nil {
		fmt.Fprintf(s.w, "        %v\n", err)
		return
	}
	fmt.Fprintf(s.w, "        agent %d is %s in MRD %d (reason %s, recreated: %v): %s\n", a, st.State, m, st.Reason, st.Recreated, why)
}
