// Command pimfailure walks the first section of Cisco's failover chapter,
// "Data Loss from PIM Failure and Reporting", through the failover engine
// and prints what happened and why.
//
// Peripheral 5000 sits on a simplex Agent PG, peripheral 6000 on a duplex
// one. At 09:10 both lose their side-A PIM:
//
//   - 5000 goes offline to the Central Controller: its agents are logged out
//     of voice (AG-1), voice routing to them stops while chat goes on (RT-5),
//     and the data gathered for the open interval is deleted (RP-1); when the
//     PIM is back the ACD reports each agent's state and time in state
//     (AG-2), but the intervals the outage overlapped stay inaccurate (RP-2);
//   - 6000's side B activates at once (AG-3): no outage, no inaccurate
//     interval, but the data side A had gathered is deleted all the same.
//
// Run it with:
//
//	go run ./examples/pimfailure
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
)

const (
	simplexPeripheral ccefsm.PeripheralID = 5000
	duplexPeripheral  ccefsm.PeripheralID = 6000
	voice             ccefsm.MRDID        = 1
	chat              ccefsm.MRDID        = 2
	alice             ccefsm.AgentID      = 1001 // on 5000, voice and chat
	bob               ccefsm.AgentID      = 1002 // on 5000, voice
	dave              ccefsm.AgentID      = 2001 // on 6000, voice
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pimfailure:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	e, err := failover.New(failover.Config{
		Start: t0,
		Topology: failover.Topology{
			Interval:          failover.Interval30,
			CentralController: ccefsm.Duplex,
			MRDs:              []ccefsm.MRD{ccefsm.NewMRD(voice, ccefsm.MediaVoice), ccefsm.NewMRD(chat, ccefsm.MediaChat)},
			AgentPGs: []failover.AgentPGConfig{
				{ID: 1, Redundancy: ccefsm.Simplex, Peripherals: []ccefsm.PeripheralID{simplexPeripheral}},
				{ID: 2, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{duplexPeripheral}},
			},
			MRPGs:        []failover.MRPGConfig{{ID: 3}},
			Applications: []failover.ApplicationConfig{{ID: 7, MRDs: []ccefsm.MRDID{chat}, AgentPG: 1, MRPG: 3}},
			Agents: []failover.AgentConfig{
				{ID: alice, Peripheral: simplexPeripheral}, {ID: bob, Peripheral: simplexPeripheral}, {ID: dave, Peripheral: duplexPeripheral},
			},
		},
	})
	if err != nil {
		return err
	}
	var log failover.Log
	// show prints the effects of the inputs applied since the last call.
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
	say := func(t time.Time, what string) { fmt.Fprintf(w, "%s  %s\n", t.Format("15:04"), what) }
	routable := func(a ccefsm.AgentID, m ccefsm.MRDID, what string) error {
		ok, rule, reason, err := e.Routable(a, m)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "        can a %s go to agent %d? %v (%s: %s)\n", what, a, ok, rule, reason)
		return nil
	}

	// The CTI server reports the agents as they are at 09:00.
	for _, o := range []struct {
		a  ccefsm.AgentID
		m  ccefsm.MRDID
		st agentstate.State
	}{{alice, voice, agentstate.Available}, {alice, chat, agentstate.Available}, {bob, voice, agentstate.Talking}, {dave, voice, agentstate.Available}} {
		if err := e.AgentObserve(&log, t0, o.a, o.m, o.st, agentstate.ReasonNone); err != nil {
			return err
		}
	}
	log.Reset()
	say(t0, "agents 1001 (voice and chat) and 1002 (talking) on peripheral 5000, 2001 on peripheral 6000")

	say(at(10), "the side-A PIM of peripheral 5000 (simplex PG) fails")
	if err := show(e.Down(&log, at(10), failover.Element{Kind: failover.PIM, ID: uint32(simplexPeripheral), Side: ccefsm.SideA})); err != nil {
		return err
	}
	if err := routable(alice, voice, "call"); err != nil {
		return err
	}
	if err := routable(alice, chat, "chat"); err != nil {
		return err
	}

	say(at(10), "the side-A PIM of peripheral 6000 (duplex PG) fails too")
	if err := show(e.Down(&log, at(10), failover.Element{Kind: failover.PIM, ID: uint32(duplexPeripheral), Side: ccefsm.SideA})); err != nil {
		return err
	}
	say(at(11), "side B's PIM reads the agent states from the ACD (AG-2)")
	if err := show(e.ReportStates(&log, at(11), duplexPeripheral, []agentstate.Report{
		{Agent: dave, MRD: voice, State: agentstate.Available, InState: 11 * time.Minute},
	})); err != nil {
		return err
	}

	switch err := e.AgentRequest(&log, at(12), bob, voice, agentstate.EventLogin, agentstate.ReasonNone); {
	case errors.Is(err, agentstate.ErrPeripheralOffline):
		say(at(12), "agent 1002 tries to log in to voice: refused, the peripheral is offline (agentstate.ErrPeripheralOffline)")
	case err != nil:
		return err
	default:
		return fmt.Errorf("a voice login on an offline peripheral was accepted")
	}

	say(at(40), "peripheral 5000's PIM reconnects to the ACD")
	if err := show(e.Up(&log, at(40), failover.Element{Kind: failover.PIM, ID: uint32(simplexPeripheral), Side: ccefsm.SideA})); err != nil {
		return err
	}
	say(at(40), "the ACD reports each agent's state and time in state")
	if err := show(e.ReportStates(&log, at(40), simplexPeripheral, []agentstate.Report{
		{Agent: alice, MRD: voice, State: agentstate.Available, InState: 30 * time.Minute},
		{Agent: bob, MRD: voice, State: agentstate.NotReady, Reason: 7, InState: 2 * time.Minute},
	})); err != nil {
		return err
	}
	say(at(41), "the PIM of peripheral 6000 is back and stands by; the 10:00 interval ends")
	if err := show(e.Up(&log, at(41), failover.Element{Kind: failover.PIM, ID: uint32(duplexPeripheral), Side: ccefsm.SideA})); err != nil {
		return err
	}
	if err := show(e.Advance(&log, at(61))); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nThe reporting intervals, as the ledger knows them at 10:01:")
	for _, p := range []ccefsm.PeripheralID{simplexPeripheral, duplexPeripheral} {
		ivs, err := e.Intervals(nil, p, t0, at(61))
		if err != nil {
			return err
		}
		for _, iv := range ivs {
			why := ""
			if o, ok := e.Outage(iv.Outage); ok {
				why = fmt.Sprintf(", because %s went down at %s", o.Cause, o.From.Format("15:04"))
			}
			fmt.Fprintf(w, "  peripheral %d %s: %s (%s)%s\n", p, iv.Start.Format("15:04"), iv.Class, iv.Rule, why)
		}
	}

	fmt.Fprintln(w, "\nWhy (rules cited above):")
	for _, id := range []ccefsm.RuleID{ccefsm.AG1, ccefsm.AG2, ccefsm.AG3, ccefsm.RT5, ccefsm.RP1, ccefsm.RP2, ccefsm.CS1} {
		r, _ := ccefsm.Lookup(id)
		fmt.Fprintf(w, "  %s (%s): %s\n", r.ID, r.Provenance, r.Statement)
	}
	return nil
}
