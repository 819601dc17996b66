// Command ctireplay replays a recorded CTI byte stream through the library,
// the way an Application Instance written in Go would consume its CTI
// sessions: cti.SplitMessages cuts the stream into messages, a cti.Decoder
// decodes them, a cti.Mapper turns each into the inputs of a failover
// engine (one row of the mapping table, docs/cti.md), and the engine says
// what follows, every line with its rule.
//
// The capture, testdata/session.cti, was written by the cti package's own
// encoder (capture.go says what it holds): application 7 of Agent PG 1
// (duplex, peripheral 5000) sees its agents' states; its CTI server goes
// offline and the connection ends; the application connects again, and the
// new session reports the peripheral offline, then online 30 seconds later;
// the ACD reports each agent's state and time in state, and the agents are
// back. This is what a PG side failover looks like to a CTI client.
//
// What a CTI client cannot see, the engine is not told, and the replay
// prints it as it goes (the lines that start with #): no message says
// which PG side failed or which CTI server the second session reached, so
// the engine hears the application's CTI path go down (M18, AG-8) and the
// peripheral go offline and come back (M11, M8: the ACD, whose failure
// takes the peripheral offline on every side), never a PG side. The side
// the engine reports active when the peripheral is back is its own choice
// (AG-3, side A preferred), not a fact of the capture; and the agents'
// states come back from the ACD's reports (M3, AG-2), not from the failover
// table of a PG side failure.
//
// A capture holds messages, not instants. The replay dates each message
// with the latest ICMCentralControllerTime seen (OPEN_CONF and SYSTEM_EVENT
// carry one), and the messages before the first with the engine's start.
//
//	go run ./examples/ctireplay
package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/cti"
	"github.com/ccefsm/ccefsm/failover"
)

//go:embed testdata/session.cti
var capture []byte

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ctireplay:", err)
		os.Exit(1)
	}
}

const (
	pg         = 1
	app        = ccefsm.AppID(7)
	peripheral = ccefsm.PeripheralID(5000)
	voice      = ccefsm.MRDID(1)
	chat       = ccefsm.MRDID(2)
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// topology is the contact center of the capture: a duplex Central
// Controller, Agent PG 1 (duplex) with peripheral 5000, MR PG 2, and
// application 7 serving the chat MRD; agents 1001-1003 on peripheral 5000.
func topology() failover.Topology {
	return failover.Topology{
		CentralController: ccefsm.Duplex,
		MRDs:              []ccefsm.MRD{ccefsm.NewMRD(voice, ccefsm.MediaVoice), ccefsm.NewMRD(chat, ccefsm.MediaChat)},
		AgentPGs:          []failover.AgentPGConfig{{ID: pg, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{peripheral}}},
		MRPGs:             []failover.MRPGConfig{{ID: 2, Redundancy: ccefsm.Duplex}},
		Applications:      []failover.ApplicationConfig{{ID: app, MRDs: []ccefsm.MRDID{chat}, AgentPG: pg, MRPG: 2}},
		Agents: []failover.AgentConfig{
			{ID: 1001, Peripheral: peripheral}, {ID: 1002, Peripheral: peripheral}, {ID: 1003, Peripheral: peripheral},
		},
	}
}

// replay is the service: the engine, the mapper and the buffers it reuses.
type replay struct {
	w   io.Writer
	e   *failover.Engine
	m   *cti.Mapper
	out []cti.Mapped
	log failover.Log

	// What the narration has seen: the sessions opened, whether the
	// peripheral is offline, whether it has just come back (the ACD's
	// reports follow).
	sessions int
	offline  bool
	back     bool
}

func run(w io.Writer) error {
	top := topology()
	r := &replay{w: w}
	var err error
	if r.e, err = failover.New(failover.Config{Topology: top, Start: start}); err != nil {
		return err
	}
	cfg, err := cti.MapperConfigFor(top, pg, app)
	if err != nil {
		return err
	}
	cfg.Agents = r.e.Roster() // the engine's own roster places the agents
	if r.m, err = cti.NewMapper(cfg); err != nil {
		return err
	}

	fmt.Fprintf(w, "replaying %d bytes: application %d, Agent PG %d (duplex), peripheral %d\n\n", len(capture), app, pg, peripheral)
	sc := bufio.NewScanner(bytes.NewReader(capture))
	sc.Split(cti.SplitMessages)
	var dec *cti.Decoder
	clock := start
	off := 0
	for ; sc.Scan(); off += len(sc.Bytes()) {
		frame := sc.Bytes()
		// Every OPEN_REQ fixes the version of the session that follows.
		if v, err := cti.PeekVersion(frame); err == nil && (dec == nil || v != dec.Version()) {
			if dec, err = cti.NewDecoder(cti.DecoderConfig{Version: v}); err != nil {
				return err
			}
		}
		if dec == nil {
			return fmt.Errorf("the capture does not start with an OPEN_REQ")
		}
		msg, err := dec.Decode(frame)
		if err != nil {
			fmt.Fprintf(w, "%s @%d refused: %v\n", clock.Format(time.TimeOnly), off, err)
			continue
		}
		if t, ok := controllerTime(msg); ok && t.After(clock) {
			clock = t
		}
		fmt.Fprintf(w, "%s @%-4d %s\n", clock.Format(time.TimeOnly), off, describe(msg))
		if note := r.narrate(msg); note != "" {
			fmt.Fprintf(w, "    # %s\n", note)
		}
		if r.out, err = r.m.Map(r.out[:0], clock, msg); err != nil {
			return err
		}
		r.apply()
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s @%-4d end of capture\n", clock.Format(time.TimeOnly), off)
	r.out = r.m.Flush(r.out[:0])
	r.apply()
	return r.summary()
}

// apply prints each row and applies its input, printing the effects.
func (r *replay) apply() {
	for i, x := range r.out {
		fmt.Fprintf(r.w, "    %v\n", x)
		r.log.Reset()
		if err := cti.Apply(r.e, &r.log, r.out[i:i+1]); err != nil {
			fmt.Fprintf(r.w, "        refused: %v\n", err)
		}
		for _, ef := range r.log.All() {
			fmt.Fprintf(r.w, "        %v\n", ef)
		}
	}
}

// summary prints the agents' states, the outages and the reporting
// intervals of the peripheral as the engine ends.
func (r *replay) summary() error {
	fmt.Fprintln(r.w, "\nagents:")
	for _, a := range []ccefsm.AgentID{1001, 1002, 1003} {
		fmt.Fprintf(r.w, "  %d", a)
		for _, m := range []ccefsm.MRDID{voice, chat} {
			st, err := r.e.Roster().Status(a, m)
			if err != nil {
				return err
			}
			fmt.Fprintf(r.w, "  MRD %d %s since %s", m, st.State, st.Since.UTC().Format(time.TimeOnly))
			if st.Reason != agentstate.ReasonNone {
				fmt.Fprintf(r.w, " (reason %s)", st.Reason)
			}
		}
		fmt.Fprintln(r.w)
	}
	fmt.Fprintln(r.w, "outages:")
	for _, o := range r.e.Outages(nil) {
		fmt.Fprintf(r.w, "  %d %v, cause %v: %s to %s\n", o.ID, o.Path, o.Cause,
			o.From.Format(time.TimeOnly), o.To.Format(time.TimeOnly))
	}
	fmt.Fprintf(r.w, "reporting intervals of peripheral %d:\n", peripheral)
	reps, err := r.e.Intervals(nil, peripheral, start, start.Add(time.Hour))
	if err != nil {
		return err
	}
	for _, x := range reps {
		fmt.Fprintf(r.w, "  %s %s %v\n", x.Start.Format("15:04"), x.Class, x.Rule)
	}
	return nil
}

// narrate says in words what msg shows and what it does not, for the
// messages where the two differ; "" for the others.
func (r *replay) narrate(msg cti.Message) string {
	switch m := msg.(type) {
	case *cti.OpenReq:
		r.sessions++
		if r.sessions == 1 {
			return "session 1: the application connects to a CTI server of Agent PG 1"
		}
		return fmt.Sprintf("session %d: the application connects again; no message says to which CTI server (a duplex PG has one on each side)", r.sessions)
	case *cti.OpenConf:
		if m.PGStatus&cti.PGPeripheralOffline != 0 {
			r.offline = true
			return fmt.Sprintf("the new session finds peripheral %d offline: the engine is told acd:%d, the one element whose failure a client sees so; no message names a PG side", peripheral, peripheral)
		}
		return "the PG is healthy: the engine is told every path up"
	case *cti.FailureEvent:
		if m.Status == cti.StatusCTIServerOffline {
			return "the session's CTI server goes offline, and the connection ends: the engine is told the application's link to the CTI server is down"
		}
	case *cti.SystemEvent:
		if m.SystemEventID == cti.SysPeripheralOnline && r.offline {
			r.offline, r.back = false, true
			return fmt.Sprintf("peripheral %d is back; the side the engine reports active is its own choice (AG-3: side A preferred), not a fact of the capture", peripheral)
		}
	case *cti.AgentStateEvent:
		if r.back {
			r.back = false
			return fmt.Sprintf("agent %d: the first of the ACD's reports of each agent's state and time in state; the mapper holds them until the burst ends", m.ICMAgentID)
		}
	case *cti.Raw:
		return "a task message: its body is kept raw; it ends the burst of reports"
	}
	return ""
}

// controllerTime returns the Central Controller's time a message carries.
func controllerTime(msg cti.Message) (time.Time, bool) {
	switch m := msg.(type) {
	case *cti.OpenConf:
		return m.Time(), true
	case *cti.SystemEvent:
		return m.Time(), true
	}
	return time.Time{}, false
}

// describe says what a message is in a few words.
func describe(msg cti.Message) string {
	switch m := msg.(type) {
	case *cti.OpenReq:
		id, _ := m.ClientID()
		return fmt.Sprintf("OPEN_REQ version %d, client %q", m.VersionNumber, id)
	case *cti.OpenConf:
		return fmt.Sprintf("OPEN_CONF PGStatus %v, %v session", m.PGStatus, m.SessionType)
	case *cti.AgentStateEvent:
		return fmt.Sprintf("AGENT_STATE_EVENT agent %d MRD %d: %v, reason %v, %d s in state",
			m.ICMAgentID, m.MRDID, m.AgentState, m.EventReasonCode, m.StateDuration)
	case *cti.SystemEvent:
		s := "SYSTEM_EVENT " + m.SystemEventID.String()
		if p, ok := m.Peripheral(); ok {
			s += " peripheral " + strconv.FormatUint(uint64(p), 10)
		}
		return s + ", PGStatus " + m.PGStatus.String()
	case *cti.FailureEvent:
		return "FAILURE_EVENT " + m.Status.String()
	case *cti.Raw:
		return fmt.Sprintf("%v, %d bytes, not decoded", m.Type(), len(m.Body))
	}
	return msg.Type().String()
}
