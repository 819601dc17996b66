// Command mrpgfailover walks one Application Instance (a chat platform)
// through the two Media Routing outages of the failover chapter and prints
// every effect with the rule that produced it:
//
//  1. its path to the MR PG goes down with NEW_TASKs pending: the Central
//     Controller discards them, the application holds them and resends
//     exactly the unanswered ones, once, in order, when the path is back
//     (RT-1, RT-2); a response for a discarded request is refused as stale;
//  2. the MR PIM loses the Central Controller: ROUTING_DISABLED, pending
//     tasks deleted by the CallRouter, a NEW_TASK sent anyway rejected with
//     NEW_TASK_FAILURE; on restore ROUTING_ENABLED and the deleted tasks are
//     resubmitted (RT-3, RT-4).
//
// Run it with: go run ./examples/mrpgfailover
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/routing"
)

const (
	chatApp ccefsm.AppID = 1
	chatMRD ccefsm.MRDID = 5001
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mrpgfailover:", err)
		os.Exit(1)
	}
}

// run prints the scenario to w. Refused inputs that the scenario expects
// (the stale response) are printed; any other error stops it.
func run(w io.Writer) error {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	conn, err := routing.NewConn(routing.ConnConfig{App: chatApp, Capacity: 64})
	if err != nil {
		return err
	}
	var effs []routing.Effect
	step := func(at time.Duration, what string, f func(dst []routing.Effect, now time.Time) ([]routing.Effect, error)) error {
		now := t0.Add(at)
		var err error
		effs, err = f(effs[:0], now)
		fmt.Fprintf(w, "%s  %s\n", now.Format("15:04:05"), what)
		if err != nil {
			fmt.Fprintf(w, "          refused: %v\n", err)
			return err
		}
		for _, e := range effs {
			printEffect(w, e)
		}
		return nil
	}
	send := func(id ccefsm.RequestID) func([]routing.Effect, time.Time) ([]routing.Effect, error) {
		return func(dst []routing.Effect, now time.Time) ([]routing.Effect, error) {
			return conn.Send(dst, now, id, chatMRD)
		}
	}
	answer := func(id ccefsm.RequestID) func([]routing.Effect, time.Time) ([]routing.Effect, error) {
		return func(dst []routing.Effect, now time.Time) ([]routing.Effect, error) {
			return conn.Response(dst, now, id, routing.OutcomeRouted)
		}
	}
	type s struct {
		at        time.Duration
		what      string
		f         func([]routing.Effect, time.Time) ([]routing.Effect, error)
		wantError bool
	}
	steps := []s{
		{0, "chat 1 arrives: NEW_TASK", send(1), false},
		{1 * time.Second, "chat 2 arrives: NEW_TASK", send(2), false},
		{2 * time.Second, "chat 3 arrives: NEW_TASK", send(3), false},
		{3 * time.Second, "DO_THIS_WITH_TASK for chat 2", answer(2), false},
		{10 * time.Second, "application–MR PG path goes down", conn.AppPathDown, false},
		{12 * time.Second, "chat 4 arrives while the path is down", send(4), false},
		{15 * time.Second, "a late DO_THIS_WITH_TASK for chat 1 turns up", answer(1), true},
		{40 * time.Second, "application–MR PG path restored", conn.AppPathUp, false},
		{41 * time.Second, "DO_THIS_WITH_TASK for chat 1", answer(1), false},
		{42 * time.Second, "DO_THIS_WITH_TASK for chat 4", answer(4), false},
		{60 * time.Second, "MR PIM loses the Central Controller", conn.ControllerPathDown, false},
		{62 * time.Second, "chat 5 arrives during ROUTING_DISABLED", send(5), false},
		{90 * time.Second, "MR PIM–Central Controller path restored", conn.ControllerPathUp, false},
		{91 * time.Second, "DO_THIS_WITH_TASK for chat 3", answer(3), false},
	}
	for _, st := range steps {
		if err := step(st.at, st.what, st.f); err != nil && !st.wantError {
			return err
		} else if err == nil && st.wantError {
			return fmt.Errorf("%s: accepted, expected a refusal", st.what)
		}
	}
	fmt.Fprintf(w, "\nend: %d pending, %d held (* = inferred row: Cisco is silent, see docs/routing.md)\n", conn.Pending(), conn.Held())
	return nil
}

// rows is the routing rule table, to mark the effects an inferred row
// decided.
var rows = routing.Rows()

func printEffect(w io.Writer, e routing.Effect) {
	rule := "-"
	if e.Rule != ccefsm.RuleNone {
		rule = fmt.Sprintf("%v row %d", e.Rule, e.Row)
		if rows[e.Row-1].Provenance&ccefsm.Inferred != 0 {
			rule += "*"
		}
	}
	if e.Request != 0 {
		fmt.Fprintf(w, "          %-12s %-18v chat %d (MRD %d)\n", rule, e.Kind, e.Request, e.MRD)
	} else {
		fmt.Fprintf(w, "          %-12s %v\n", rule, e.Kind)
	}
}
