package cti_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/cti"
	"github.com/ccefsm/ccefsm/failover"
)

// A CTI client reads a byte stream from the CTI Server, splits it into
// messages with a bufio.Scanner and decodes each. Here the stream is built
// with the package's encoder: a PG whose peripheral goes offline, then an
// agent logged out with reason 50002, then a task message the package does
// not decode.
func Example() {
	const v = 24 // the VersionNumber of the session's OPEN_REQ
	var stream []byte
	stream, _ = (&cti.OpenConf{InvokeID: 1, PGStatus: cti.PGCCDown, PeripheralOnline: true,
		PeripheralType: cti.PTEnterpriseAgent, SessionType: cti.SessionActive}).Append(stream, v)
	stream, _ = (&cti.SystemEvent{PGStatus: cti.PGPeripheralOffline, SystemEventID: cti.SysPeripheralOffline,
		SystemEventArg1: 5000, EventDeviceType: cti.DeviceIDNone}).Append(stream, v)
	stream, _ = (&cti.AgentStateEvent{PeripheralID: 5000, ICMAgentID: 5001, MRDID: 1,
		AgentState: agentstate.Logout, SkillGroupState: agentstate.Logout,
		EventReasonCode: agentstate.ReasonConnectionFailure,
		Floating:        []cti.Field{cti.StringField(cti.TagAgentID, "1001")}}).Append(stream, v)
	stream, _ = (&cti.Raw{MsgType: cti.MsgEndTaskEvent, Body: make([]byte, 12)}).Append(stream, v)

	dec, err := cti.NewDecoder(cti.DecoderConfig{Version: v})
	if err != nil {
		panic(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(stream))
	sc.Split(cti.SplitMessages)
	for sc.Scan() {
		msg, err := dec.Decode(sc.Bytes())
		if err != nil {
			fmt.Println("refused:", err)
			continue
		}
		switch m := msg.(type) {
		case *cti.OpenConf:
			fmt.Printf("%s: PG status %s, peripheral online %t, %s session\n", m.Type(), m.PGStatus, m.PeripheralOnline, m.SessionType)
		case *cti.SystemEvent:
			p, _ := m.Peripheral()
			fmt.Printf("%s: %s, peripheral %d, PG status %s\n", m.Type(), m.SystemEventID, p, m.PGStatus)
		case *cti.AgentStateEvent:
			login, _ := m.AgentID() // aliases the scanner's buffer: copy to keep
			fmt.Printf("%s: agent %d (login %s) in MRD %d: %s, reason %s (%s)\n", m.Type(), m.ICMAgentID, login,
				m.MRDID, m.AgentState, m.EventReasonCode, m.EventReasonCode.Meaning(m.AgentState))
		case *cti.Raw:
			fmt.Printf("%s: %d bytes, not decoded\n", m.Type(), len(m.Body))
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Println("stream:", err)
	}
	// Output:
	// OPEN_CONF: PG status PGS_CC_DOWN, peripheral online true, ACTIVE session
	// SYSTEM_EVENT: SYS_PERIPHERAL_OFFLINE, peripheral 5000, PG status PGS_PERIPHERAL_OFFLINE
	// AGENT_STATE_EVENT: agent 5001 (login 1001) in MRD 1: LOGOUT, reason 50002 (CTI client failed (System Failure))
	// END_TASK_EVENT: 12 bytes, not decoded
}

// A refused message names its type, its field and the byte where the problem
// is; errors.Is tells the kind.
func ExampleError() {
	frame, _ := (&cti.AgentStateEvent{AgentState: agentstate.Available}).Append(nil, 20)
	frame[38+1] = 15 // AgentState, a USHORT at byte 38, set to 15
	var m cti.AgentStateEvent
	err := m.Decode(20, frame)
	fmt.Println(err)
	// Output:
	// cti: value out of range: AGENT_STATE_EVENT AgentState at byte 38: 15 is not an AgentState (0-14)
}

// A Mapper turns the messages of a CTI session into the inputs of the
// failover engine, and Apply feeds them to it: here a PIM failure and the
// PIM's reconnect, whose agent state reports become one report-states
// input (AG-2) when the burst ends.
func ExampleMapper() {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	top := failover.Topology{
		MRDs:     []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice)},
		AgentPGs: []failover.AgentPGConfig{{ID: 1, Redundancy: ccefsm.Simplex, Peripherals: []ccefsm.PeripheralID{5000}}},
		Agents:   []failover.AgentConfig{{ID: 1001, Peripheral: 5000}, {ID: 1002, Peripheral: 5000}},
	}
	e, err := failover.New(failover.Config{Topology: top, Start: start})
	if err != nil {
		panic(err)
	}
	cfg, err := cti.MapperConfigFor(top, 1, 0) // a client of PG 1, not an application
	if err != nil {
		panic(err)
	}
	m, err := cti.NewMapper(cfg)
	if err != nil {
		panic(err)
	}
	at := func(s int) time.Time { return start.Add(time.Duration(s) * time.Second) }
	ready := func(a ccefsm.AgentID, st agentstate.State) *cti.AgentStateEvent {
		return &cti.AgentStateEvent{PeripheralID: 5000, ICMAgentID: a, MRDID: 1, AgentState: st, SkillGroupState: st}
	}
	var log failover.Log
	var out []cti.Mapped
	for _, step := range []struct {
		at  time.Time
		msg cti.Message
	}{
		{at(0), ready(1001, agentstate.Available)},
		{at(10), &cti.SystemEvent{PGStatus: cti.PGPeripheralOffline, SystemEventID: cti.SysPeripheralOffline, SystemEventArg1: 5000}},
		{at(40), &cti.SystemEvent{SystemEventID: cti.SysPeripheralOnline, SystemEventArg1: 5000}},
		{at(40), ready(1001, agentstate.Available)},
		{at(41), ready(1002, agentstate.NotReady)},
		{at(50), &cti.HeartbeatConf{}}, // more than 2 s later: the burst is over
	} {
		out, err = m.Map(out[:0], step.at, step.msg)
		if err != nil {
			panic(err)
		}
		log.Reset()
		if err := cti.Apply(e, &log, out); err != nil {
			fmt.Println("refused:", err)
		}
		for _, x := range out {
			fmt.Println(x)
		}
		for _, ef := range log.All() {
			fmt.Println("   ", ef)
		}
	}
	// Output:
	// M1 observe: agent-observe agent 1001 MRD 1 AVAILABLE reason 0
	// M7 peripheral-offline: down acd:5000
	//     CS-6 path peripheral:5000 down (outage 1)
	//     AG-3 peripheral 5000: side A down
	//     AG-1 peripheral 5000: offline (side A lost) [reports: RP-1]
	//     AG-1 agent 1001 MRD 1: logged out from AVAILABLE
	//     RP-1 peripheral 5000: interval 2026-03-02T09:00Z deleted (outage 1)
	//     RT-5 row 12 peripheral 5000: voice unavailable
	// M8 peripheral-online: up acd:5000
	//     CS-8 path peripheral:5000 up (outage 1)
	//     AG-3 peripheral 5000: online, side A active
	//     RP-2 peripheral 5000: interval 2026-03-02T09:00Z inaccurate (outage 1)
	//     RT-5 row 13 peripheral 5000: voice available
	// M2 burst-hold: held agent 1001 MRD 1 AVAILABLE
	// M2 burst-hold: held agent 1002 MRD 1 NOT_READY
	// M3 burst-report: report-states peripheral 5000, 2 reports
	// M23 session: no input
	//     AG-2 agent 1001 MRD 1: reported AVAILABLE (was LOGOUT) [reports: RP-2]
	//     AG-2 agent 1002 MRD 1: reported NOT_READY (was LOGOUT) [reports: RP-2]
}

// WriteTrace prints a capture for an engineer reading a trace: one line per
// message, in text or JSON Lines.
func ExampleWriteTrace() {
	const v = 20
	var capture []byte
	capture, _ = (&cti.OpenReq{InvokeID: 1, VersionNumber: v, IdleTimeout: 120,
		ServicesRequested: cti.ServiceAllEvents,
		Floating:          []cti.Field{cti.StringField(cti.TagClientID, "gw-1"), cti.BytesField(cti.TagClientPassword, nil)}}).Append(capture, v)
	capture, _ = (&cti.SystemEvent{PGStatus: cti.PGCCDown, SystemEventID: cti.SysCentralControllerOffline,
		EventDeviceType: cti.DeviceIDNone}).Append(capture, v)
	capture, _ = (&cti.Raw{MsgType: cti.MsgEndTaskEvent, Body: []byte{0, 1}}).Append(capture, v)
	if _, err := cti.WriteTrace(os.Stdout, bytes.NewReader(capture), cti.TraceConfig{Format: cti.TraceText}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// @0 OPEN_REQ len=57 InvokeID=1 VersionNumber=20 IdleTimeout=120 PeripheralID=0 ServicesRequested=CTI_SERVICE_ALL_EVENTS CallMsgMask=0x00000000 AgentStateMask=0x00000000 ConfigMsgMask=0x00000000 Reserved1=0 Reserved2=0 Reserved3=0 ClientID="gw-1" ClientPassword=<0 bytes>
	// @65 SYSTEM_EVENT len=26 PGStatus=PGS_CC_DOWN ICMCentralControllerTime=1970-01-01T00:00:00Z SystemEventID=SYS_CENTRAL_CONTROLLER_OFFLINE SystemEventArg1=0 SystemEventArg2=0 SystemEventArg3=0 EventDeviceType=65535
	// @99 END_TASK_EVENT len=2 raw=0001
}
