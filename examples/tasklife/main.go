// Command tasklife follows one Application Instance that serves a chat MRD
// and an email MRD through a loss of its path to the Agent PG CTI server,
// and prints every effect with the rule that produced it:
//
//   - a reserved chat task that is never offered runs out of start timeout:
//     the agent is made not routable and the task ends with 36 (TS-7);
//   - the path goes down: open chat tasks live on for the MRD's task life
//     and then end with 42, DBCD_APPLICATION_PATH_WENT_DOWN (TS-1); one the
//     application ended during the outage, within task life, is not open any
//     more and is closed with 51 when the path reinitialises, after task life
//     (TS-2);
//   - tasks assigned during the outage are not reported (TS-4, RP-4); one
//     still open at restore is announced with TASK_INIT_REQ and reported
//     from then on (TS-5);
//   - the email exception: email tasks are not terminated; reporting is cut
//     at the time limit and restarted when the path is back (TS-3), and
//     history over a shorter outage is recreated (RP-6).
//
// Run it with: go run ./examples/tasklife
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/taskstate"
)

const (
	app      ccefsm.AppID = 1
	chatMRD  ccefsm.MRDID = 5001
	emailMRD ccefsm.MRDID = 5002
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tasklife:", err)
		os.Exit(1)
	}
}

// run prints the scenario to w; any refused input stops it.
func run(w io.Writer) error {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var s taskstate.Store
	for _, m := range []ccefsm.MRD{ccefsm.NewMRD(chatMRD, ccefsm.MediaChat), ccefsm.NewMRD(emailMRD, ccefsm.MediaEmail)} {
		if err := s.AddMRD(m); err != nil {
			return err
		}
		fmt.Fprintf(w, "MRD %d %-5s task life %v, start timeout %v, max duration %v, time limit %v\n",
			m.ID, m.Media, m.TaskLife, m.StartTimeout, m.MaxDuration, m.EffectiveTimeLimit())
	}
	var effs []taskstate.Effect
	// step advances the store's clock to at (firing and printing any
	// deadline on the way, as the caller's own timer would), then applies
	// the input.
	step := func(at time.Duration, what string, f func(dst []taskstate.Effect, now time.Time) ([]taskstate.Effect, error)) error {
		now := t0.Add(at)
		for {
			next, ok := s.NextDeadline()
			if !ok || next.After(now) {
				break
			}
			var err error
			if effs, err = s.Advance(effs[:0], next); err != nil {
				return err
			}
			fmt.Fprintf(w, "%s  deadline\n", next.Format("15:04:05"))
			printEffects(w, effs)
		}
		var err error
		if effs, err = s.Advance(effs[:0], now); err != nil {
			return err
		}
		if effs, err = f(effs[:0], now); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		fmt.Fprintf(w, "%s  %s\n", now.Format("15:04:05"), what)
		printEffects(w, effs)
		return nil
	}
	create := func(id ccefsm.TaskID, mrd ccefsm.MRDID, agent ccefsm.AgentID, st taskstate.State) func([]taskstate.Effect, time.Time) ([]taskstate.Effect, error) {
		return func(dst []taskstate.Effect, now time.Time) ([]taskstate.Effect, error) {
			return s.Create(dst, now, taskstate.NewTask{ID: id, App: app, MRD: mrd, Agent: agent, State: st})
		}
	}
	end := func(id ccefsm.TaskID) func([]taskstate.Effect, time.Time) ([]taskstate.Effect, error) {
		return func(dst []taskstate.Effect, now time.Time) ([]taskstate.Effect, error) { return s.End(dst, now, id, 0) }
	}
	pathDown := func(dst []taskstate.Effect, now time.Time) ([]taskstate.Effect, error) {
		return s.PathDown(dst, now, app)
	}
	pathUp := func(dst []taskstate.Effect, now time.Time) ([]taskstate.Effect, error) {
		return s.PathUp(dst, now, app)
	}

	steps := []struct {
		at   time.Duration
		what string
		f    func([]taskstate.Effect, time.Time) ([]taskstate.Effect, error)
	}{
		{0, "chat task 101 started by agent 11 (START_APPLICATION_TASK_REQ)", create(101, chatMRD, 11, taskstate.StateActive)},
		{0, "chat task 102 started by agent 12", create(102, chatMRD, 12, taskstate.StateActive)},
		{0, "email task 201 started by agent 21", create(201, emailMRD, 21, taskstate.StateActive)},
		{0, "email task 202 started by agent 22", create(202, emailMRD, 22, taskstate.StateActive)},
		{5 * time.Second, "chat task 103: the router reserves agent 13; no Offer follows", create(103, chatMRD, 13, taskstate.StatePreCall)},
		{time.Minute, "CTI path of application 1 goes down", pathDown},
		{2 * time.Minute, "application ends chat task 102 during the outage", end(102)},
		{3 * time.Minute, "chat task 104 assigned during the outage", create(104, chatMRD, 14, taskstate.StateActive)},
		{4 * time.Minute, "application ends chat task 104", end(104)},
		{5 * time.Minute, "chat task 105 assigned during the outage", create(105, chatMRD, 15, taskstate.StateActive)},
		{5*time.Minute + 30*time.Second, "application ends email task 202", end(202)},
		{30 * time.Minute, "CTI path of application 1 is back", pathUp},
		{40 * time.Minute, "application ends email task 201", end(201)},
		{41 * time.Minute, "application ends chat task 105", end(105)},
	}
	for _, st := range steps {
		if err := step(st.at, st.what, st.f); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "open tasks: %d\n", s.Len())
	return nil
}

func printEffects(w io.Writer, effs []taskstate.Effect) {
	for _, e := range effs {
		switch e.Kind {
		case taskstate.EffectEnded:
			rule := "application's End Task"
			if e.Rule != ccefsm.RuleNone {
				rule = e.Rule.String()
			}
			fmt.Fprintf(w, "          task %d ended from %s: %d %s (%s); reporting %s (%s)\n",
				e.Task, e.From, e.Disposition, e.Disposition, rule, e.Report, ruleText(e.ReportRule))
		case taskstate.EffectAgentNotRoutable:
			fmt.Fprintf(w, "          agent %d made not routable in MRD %d (%s)\n", e.Agent, e.MRD, e.Rule)
		default:
			fmt.Fprintf(w, "          task %d: %s (%s)\n", e.Task, e.Kind, e.Rule)
		}
	}
}

func ruleText(r ccefsm.RuleID) string {
	if r == ccefsm.RuleNone {
		return "no failure met"
	}
	return r.String()
}
