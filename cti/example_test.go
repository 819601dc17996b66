package cti_test

import (
	"bufio"
	"bytes"
	"fmt"

	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/cti"
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
