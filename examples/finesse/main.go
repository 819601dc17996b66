// Command finesse walks the section "Agent Desktop/Finesse Server Failover"
// of Cisco's failover chapter through the failover engine and prints what
// happened and why:
//
//   - an agent's desktop shuts down: the agent is logged out of every MRD
//     with reason 50002 (AG-6), in the four Media Logout Status reports
//     (RP-7), and logged in again by Table 2 (AG-T2) when the desktop is
//     back (AG-7);
//   - two causes hold one desktop down (its link to Finesse and the desktop
//     itself): the agent comes back once, when the last clears (CS-8);
//   - the primary Finesse server fails: every agent of the PG is logged out
//     and logged in again on the backup at once; when the backup fails too,
//     they wait for a server.
//
// Run it with:
//
//	go run ./examples/finesse
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
)

const (
	voice ccefsm.MRDID   = 1
	chat  ccefsm.MRDID   = 2
	alice ccefsm.AgentID = 1001
	bob   ccefsm.AgentID = 1002
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "finesse:", err)
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
			MRDs:              []ccefsm.MRD{ccefsm.NewMRD(voice, ccefsm.MediaVoice), ccefsm.NewMRD(chat, ccefsm.MediaChat)},
			AgentPGs:          []failover.AgentPGConfig{{ID: 1, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{5000}}},
			MRPGs:             []failover.MRPGConfig{{ID: 2, Redundancy: ccefsm.Duplex}},
			Applications:      []failover.ApplicationConfig{{ID: 7, MRDs: []ccefsm.MRDID{chat}, AgentPG: 1, MRPG: 2}},
			Finesse:           []failover.FinesseConfig{{ID: 1, Redundancy: ccefsm.Duplex, AgentPG: 1}},
			Agents: []failover.AgentConfig{
				{ID: alice, Peripheral: 5000, SkillGroups: []uint32{11, 21}, Team: 90},
				{ID: bob, Peripheral: 5000, SkillGroups: []uint32{11}, Team: 90},
			},
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
		if log.Len() == 0 {
			fmt.Fprintln(w, "        (nothing happens)")
		}
		log.Reset()
		return nil
	}
	request := func(t time.Time, a ccefsm.AgentID, m ccefsm.MRDID, evs ...agentstate.Event) error {
		for _, ev := range evs {
			if err := e.AgentRequest(&log, t, a, m, ev, agentstate.ReasonNone); err != nil {
				return err
			}
		}
		log.Reset()
		return nil
	}

	for _, r := range []struct {
		a ccefsm.AgentID
		m ccefsm.MRDID
	}{{alice, voice}, {alice, chat}, {bob, voice}} {
		if err := request(t0, r.a, r.m, agentstate.EventLogin, agentstate.EventReady); err != nil {
			return err
		}
	}
	if err := request(at(5), alice, voice, agentstate.EventReserve); err != nil {
		return err
	}
	say(at(5), "Alice (voice and chat) and Bob (voice) are Ready; a call is routed to Alice, who is Reserved")

	desktop := failover.Element{Kind: failover.Desktop, ID: uint32(alice)}
	say(at(10), "Alice's desktop shuts down")
	if err := e.Down(&log, at(10), desktop); err != nil {
		return err
	}
	// RP-7: the rows each 50002 logout adds to the Media Logout Status
	// reports, from the effects themselves.
	var rows []failover.LogoutRow
	for _, ef := range log.All() {
		if a, ok := ef.(*agentstate.Effect); ok {
			rows = e.AppendLogoutRows(rows, *a)
		}
	}
	if err := show(nil); err != nil {
		return err
	}
	for _, row := range rows {
		where := ""
		switch row.Report {
		case failover.ReportAgentSkillGroup:
			where = fmt.Sprintf(" (skill group %d)", row.SkillGroup)
		case failover.ReportAgentTeam:
			where = fmt.Sprintf(" (team %d)", row.Team)
		}
		fmt.Fprintf(w, "        %s Media Logout Status report%s: agent %d MRD %d, reason %s\n", row.Report, where, row.Agent, row.MRD, row.Reason)
	}
	say(at(12), "the desktop is back: Table 2 decides each MRD's state")
	if err := show(e.Up(&log, at(12), desktop)); err != nil {
		return err
	}

	link := failover.Element{Kind: failover.LinkDesktopFinesse, ID: uint32(alice)}
	say(at(20), "Alice's desktop loses the Finesse server...")
	if err := show(e.Down(&log, at(20), link)); err != nil {
		return err
	}
	say(at(21), "...and the desktop fails as well")
	if err := show(e.Down(&log, at(21), desktop)); err != nil {
		return err
	}
	say(at(22), "the link is back, the desktop is not: Alice stays logged out")
	if err := show(e.Up(&log, at(22), link)); err != nil {
		return err
	}
	say(at(24), "the desktop is back: the last cause clears")
	if err := show(e.Up(&log, at(24), desktop)); err != nil {
		return err
	}

	say(at(30), "the primary Finesse server fails: the backup takes over")
	if err := show(e.Down(&log, at(30), failover.Element{Kind: failover.Finesse, ID: 1, Side: ccefsm.SideA})); err != nil {
		return err
	}
	say(at(31), "the backup fails too")
	if err := show(e.Down(&log, at(31), failover.Element{Kind: failover.Finesse, ID: 1, Side: ccefsm.SideB})); err != nil {
		return err
	}
	say(at(35), "the primary is back")
	if err := show(e.Up(&log, at(35), failover.Element{Kind: failover.Finesse, ID: 1, Side: ccefsm.SideA})); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nWhy (rules cited above):")
	for _, id := range []ccefsm.RuleID{ccefsm.AG6, ccefsm.AG7, ccefsm.AGT2, ccefsm.RP7, ccefsm.CS1, ccefsm.CS8} {
		r, _ := ccefsm.Lookup(id)
		fmt.Fprintf(w, "  %s (%s): %s\n", r.ID, r.Provenance, r.Statement)
	}
	return nil
}
