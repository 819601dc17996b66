// Command agentfailover runs a Peripheral Gateway failover against a few
// agents and prints what happens to each of them, with the rule that decided
// it.
//
// Six agents sit on a duplexed Agent PG, side A active, in the states that
// the failover table AG-T1 distinguishes: Available, Not Ready, wrap-up after
// an Available call, wrap-up after a call placed from Not Ready, Reserved and
// Talking. Then PG side A shuts down: every agent is logged out with reason
// code 50002 (AG-4), side B takes over (AG-3) and the agents are logged in
// again in the state AG-T1 gives them (AG-5). The output is deterministic.
//
//	go run ./examples/agentfailover
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

const (
	pg    ccefsm.PeripheralID = 5000
	voice ccefsm.MRDID        = 1
)

// step is one request of an agent's history before the failover.
type step struct {
	event  agentstate.Event
	reason agentstate.ReasonCode
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "agentfailover:", err)
		os.Exit(1)
	}
}

// run prints the scenario to w; any refused input other than the one it
// shows stops it.
func run(w io.Writer) error {
	r, err := agentstate.NewRoster(agentstate.Config{
		MRDs: []ccefsm.MRD{ccefsm.NewMRD(voice, ccefsm.MediaVoice)},
	})
	if err != nil {
		return err
	}
	if err := r.AddPeripheral(pg, ccefsm.Duplex); err != nil {
		return err
	}

	// A fixed clock: the example never reads the real time.
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

	login := []step{{agentstate.EventLogin, 0}}
	ready := append(login, step{agentstate.EventReady, 0})
	agents := []struct {
		id    ccefsm.AgentID
		label string
		steps []step
	}{
		{1001, "available", ready},
		{1002, "not ready (break)", append(login, step{agentstate.EventNotReady, 1})},
		{1003, "wrap-up after an Available call", append(ready,
			step{agentstate.EventReserve, 0}, step{agentstate.EventAnswer, 0}, step{agentstate.EventWrapReady, 0})},
		{1004, "wrap-up after a call placed from Not Ready", append(login,
			step{agentstate.EventDial, 0}, step{agentstate.EventWrapNotReady, 0})},
		{1005, "reserved for a routed call", append(ready, step{agentstate.EventReserve, 0})},
		{1006, "talking", append(ready, step{agentstate.EventReserve, 0}, step{agentstate.EventAnswer, 0})},
	}
	for _, a := range agents {
		if err := r.AddAgent(at(0), a.id, pg); err != nil {
			return err
		}
	}
	for i, a := range agents {
		for k, s := range a.steps {
			if err := r.Apply(at(10*i+k+1), a.id, voice, s.event, s.reason); err != nil {
				return err
			}
		}
	}

	fmt.Fprintln(w, "Before the failover (PG 5000, side A active):")
	for _, a := range agents {
		st, err := r.Status(a.id, voice)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  agent %d  %-14s  %s\n", a.id, st.State, a.label)
	}

	// An illegal request is refused and changes nothing: in UCCE a voice
	// agent logs out from Not Ready only.
	if err := r.Apply(at(100), 1001, voice, agentstate.EventLogout, 0); err != nil {
		fmt.Fprintln(w, "\nRefused request:", err)
	}

	fmt.Fprintln(w, "\nPG side A shuts down at 09:02:00:")
	effects, err := r.SideDown(nil, at(120), pg, ccefsm.SideA, agentstate.CausePG)
	if err != nil {
		return err
	}
	for _, e := range effects {
		fmt.Fprintln(w, " ", e)
	}

	fmt.Fprintln(w, "\nSide A is back at 09:10:00 and stands by:")
	effects, err = r.SideUp(effects[:0], at(600), pg, ccefsm.SideA)
	if err != nil {
		return err
	}
	for _, e := range effects {
		fmt.Fprintln(w, " ", e)
	}

	fmt.Fprintln(w, "\nWhy (rules cited above):")
	for _, id := range []ccefsm.RuleID{ccefsm.AG3, ccefsm.AG4, ccefsm.AG5, ccefsm.RP7, ccefsm.RP9} {
		rule, _ := ccefsm.Lookup(id)
		fmt.Fprintf(w, "  %s (%s): %s\n", id, rule.Provenance, rule.Statement)
	}
	return nil
}
