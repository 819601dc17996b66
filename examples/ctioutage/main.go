// Command ctioutage follows one outage through all three packages of the
// library, the way a service embedding them would: an Application Instance
// serving a chat MRD and an email MRD loses its path to the Agent PG CTI
// server for 25 minutes while its MR PG path stays up.
//
//   - agentstate: the agents stay logged in (AG-8); for the email MRD the
//     email manager keeps their state and resynchronises it on restore, and
//     their history over the outage is recreated (AG-9, RP-6).
//   - taskstate: chat tasks survive for the MRD's task life (20 minutes) and
//     then end with 42, DBCD_APPLICATION_PATH_WENT_DOWN (TS-1); email tasks
//     are not terminated (TS-3); a task assigned during the outage is reported
//     from the restore on (TS-4, TS-5).
//   - routing: with the MR PG path up the application may still route
//     (TS-4): a NEW_TASK goes out, and the RT-8 question is asked with the
//     facts gathered from the roster.
//
// Every line names the rule that produced it. Run it with:
//
//	go run ./examples/ctioutage
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
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

// service is what an embedding service keeps: the three machines and the
// effect slices it reuses.
type service struct {
	w      io.Writer
	roster *agentstate.Roster
	tasks  taskstate.Store
	conn   *routing.Conn
	agentE []agentstate.Effect
	taskE  []taskstate.Effect
	routeE []routing.Effect
}

func run(w io.Writer) error {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := &service{w: w}
	var err error
	if s.conn, err = routing.NewConn(routing.ConnConfig{App: app, Capacity: 16}); err != nil {
		return err
	}
	s.roster, err = agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{
		ccefsm.NewMRD(voiceMRD, ccefsm.MediaVoice),
		ccefsm.NewMRD(chatMRD, ccefsm.MediaChat),
		ccefsm.NewMRD(emailMRD, ccefsm.MediaEmail),
	}})
	if err != nil {
		return err
	}
	for _, m := range []ccefsm.MRD{ccefsm.NewMRD(chatMRD, ccefsm.MediaChat), ccefsm.NewMRD(emailMRD, ccefsm.MediaEmail)} {
		if err := s.tasks.AddMRD(m); err != nil {
			return err
		}
	}
	if err := s.roster.AddPeripheral(peripheral, ccefsm.Duplex); err != nil {
		return err
	}

	// 09:00 Alice, Bob and Carol log in to chat and email and go Ready;
	// Alice and Bob each start a chat task, Bob an email task too.
	now := t0
	for _, a := range []ccefsm.AgentID{alice, bob, carol} {
		if err := s.roster.AddAgent(now, a, peripheral); err != nil {
			return err
		}
		for _, m := range []ccefsm.MRDID{chatMRD, emailMRD} {
			for _, e := range []agentstate.Event{agentstate.EventLogin, agentstate.EventReady} {
				if err := s.roster.Apply(now, a, m, e, agentstate.ReasonNone); err != nil {
					return err
				}
			}
		}
	}
	s.say(now, "Alice, Bob and Carol are Ready in chat and email")
	if err := s.start(now, 101, chatMRD, alice); err != nil {
		return err
	}
	if err := s.start(now, 102, chatMRD, bob); err != nil {
		return err
	}
	if err := s.start(now, 201, emailMRD, bob); err != nil {
		return err
	}

	// 09:05 the application loses its CTI server path.
	now = t0.Add(5 * time.Minute)
	s.say(now, "the application's path to the Agent PG CTI server goes down")
	for _, m := range []ccefsm.MRDID{chatMRD, emailMRD} {
		if s.agentE, err = s.roster.CTIPathDown(s.agentE[:0], now, peripheral, m); err != nil {
			return err
		}
		s.printAgent()
	}
	if s.taskE, err = s.tasks.PathDown(s.taskE[:0], now, app); err != nil {
		return err
	}
	if err := s.printTasks(); err != nil {
		return err
	}

	// 09:10 a chat arrives. The MR PG path is up, so the application may
	// still route (TS-4): it asks RT-8 about Carol, sends the NEW_TASK and
	// starts the task the router gives her.
	now = t0.Add(10 * time.Minute)
	if err := s.advance(now); err != nil {
		return err
	}
	s.say(now, "a new chat arrives; the MR PG path is still up")
	if err := s.routable(carol, chatMRD, 0); err != nil { // Carol has no open task
		return err
	}
	if s.routeE, err = s.conn.Send(s.routeE[:0], now, 1, chatMRD); err != nil {
		return err
	}
	s.printRoute()
	if s.routeE, err = s.conn.Response(s.routeE[:0], now, 1, routing.OutcomeRouted); err != nil {
		return err
	}
	s.printRoute()
	if err := s.start(now, 103, chatMRD, carol); err != nil {
		return err
	}

	// 09:25 the chat MRD's task life runs out: the tasks the Agent PG knew
	// end with 42; the one it never knew (103) and the email task go on.
	now = t0.Add(25 * time.Minute)
	if err := s.advance(now); err != nil {
		return err
	}

	// 09:30 the path is back: the email manager resynchronises agent state
	// (Bob has been Ready in email throughout) and task 103 is announced.
	now = t0.Add(30 * time.Minute)
	if err := s.advance(now); err != nil {
		return err
	}
	s.say(now, "the path is back")
	if s.taskE, err = s.tasks.PathUp(s.taskE[:0], now, app); err != nil {
		return err
	}
	if err := s.printTasks(); err != nil {
		return err
	}
	reports := []agentstate.Report{
		{Agent: alice, MRD: emailMRD, State: agentstate.Available, InState: 30 * time.Minute},
		{Agent: bob, MRD: emailMRD, State: agentstate.Active, InState: 30 * time.Minute},
		{Agent: carol, MRD: emailMRD, State: agentstate.NotReady, Reason: 7, InState: 12 * time.Minute},
	}
	if s.agentE, err = s.roster.CTIPathUp(s.agentE[:0], now, peripheral, emailMRD, reports); err != nil {
		return err
	}
	s.printAgent()
	if s.agentE, err = s.roster.CTIPathUp(s.agentE[:0], now, peripheral, chatMRD, nil); err != nil {
		return err
	}
	s.printAgent()
	fmt.Fprintf(w, "open tasks: %d\n", s.tasks.Len())
	return nil
}

func (s *service) say(now time.Time, what string) {
	fmt.Fprintf(s.w, "%s  %s\n", now.Format("15:04"), what)
}

// start records a task the application started with an agent, in the task
// store and in the agent's MRD state (reserved, then active).
func (s *service) start(now time.Time, id ccefsm.TaskID, m ccefsm.MRDID, a ccefsm.AgentID) error {
	for _, e := range []agentstate.Event{agentstate.EventReserve, agentstate.EventStart} {
		if err := s.roster.Apply(now, a, m, e, agentstate.ReasonNone); err != nil {
			return err
		}
	}
	var err error
	s.taskE, err = s.tasks.Create(s.taskE[:0], now, taskstate.NewTask{ID: id, App: app, MRD: m, Agent: a, State: taskstate.StateActive})
	if err != nil {
		return err
	}
	t, err := s.tasks.Task(id)
	if err != nil {
		return err
	}
	note := ""
	if t.Unreported {
		note = " — no reporting data while the path is down (TS-4)"
	}
	fmt.Fprintf(s.w, "        task %d (MRD %d) started by agent %d%s\n", id, m, a, note)
	return s.printTasks()
}

// advance fires the task deadlines due by now, as the service's own timer
// would at each deadline.
func (s *service) advance(now time.Time) error {
	for {
		next, ok := s.tasks.NextDeadline()
		if !ok || next.After(now) {
			return nil
		}
		var err error
		if s.taskE, err = s.tasks.Advance(s.taskE[:0], next); err != nil {
			return err
		}
		s.say(next, "deadline")
		if err := s.printTasks(); err != nil {
			return err
		}
	}
}

// routable asks RT-8 whether a task of MRD m can go to agent a, with the
// facts taken from the roster and the task store; open is the agent's number
// of open tasks in m, which the application knows. Available in the MRD is
// the CTI Server's availability rule: logged in and not Not Ready.
func (s *service) routable(a ccefsm.AgentID, m ccefsm.MRDID, open uint16) error {
	st, err := s.roster.Status(a, m)
	if err != nil {
		return err
	}
	p, err := s.roster.Peripheral(peripheral)
	if err != nil {
		return err
	}
	mrd, err := s.tasks.MRD(m)
	if err != nil {
		return err
	}
	ok, rule, reason := routing.Routable(routing.Candidate{
		ControllerUp:   true,
		LoggedIn:       st.State.LoggedIn(),
		AvailableInMRD: st.State != agentstate.NotReady,
		Tasks:          open,
		TaskLimit:      uint16(mrd.MaxTasksPerAgent),
		Media:          ccefsm.MediaChat,
		PIMUp:          p.Online(),
	})
	fmt.Fprintf(s.w, "        RT-8: can agent %d (%s in MRD %d) take a chat? %v (%s, %s)\n", a, st.State, m, ok, rule, reason)
	return nil
}

func (s *service) printAgent() {
	for _, e := range s.agentE {
		fmt.Fprintf(s.w, "        %s\n", e)
	}
}

// printTasks prints the task effects and moves the agent of each ended task
// back to Ready in its MRD (one task per agent here).
func (s *service) printTasks() error {
	for _, e := range s.taskE {
		fmt.Fprintf(s.w, "        %s\n", e)
		if e.Kind != taskstate.EffectEnded {
			continue
		}
		if err := s.roster.Apply(e.At, e.Agent, e.MRD, agentstate.EventEndReady, agentstate.ReasonNone); err != nil {
			return err
		}
		st, err := s.roster.State(e.Agent, e.MRD)
		if err != nil {
			return err
		}
		fmt.Fprintf(s.w, "        agent %d is %s in MRD %d again\n", e.Agent, st, e.MRD)
	}
	return nil
}

func (s *service) printRoute() {
	for _, e := range s.routeE {
		fmt.Fprintf(s.w, "        %s\n", e)
	}
}
