package cti

import (
	"bytes"
	"testing"

	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// A golden vector is one message written byte by byte from the field tables
// of the reference guides (cited on each vector), for the versions whose
// layout it follows. Every supported version has a vector of every modelled
// message. The test decodes each vector as each of its versions, compares the
// value with want, and encodes the value back to the same bytes.
type golden struct {
	name     string
	versions []Version
	dump     string  // see unhex
	want     Message // the decoded value
}

func str(s string) []byte { return append([]byte(s), 0) }

// The AGENT_STATE_EVENT fixed part shared by the vectors below, up to
// NumFltSkillGroups (guide PV25, AGENT_STATE_EVENT; guides PV14 Table 5-17,
// PV15 and PV17 Table 5-18).
const aseFixed = `
	{LEN} 0000001e                # MHDR: MessageLength, MessageType 30
	00000000                      # MonitorID 0 (All Events)
	00001388                      # PeripheralID 5000
	0000002a                      # SessionID 42
	0011                          # PeripheralType 17 PT_ENTERPRISE_AGENT
	0002                          # SkillGroupState 2 NOT_READY
	0000003c                      # StateDuration 60
	00000065                      # SkillGroupNumber 101
	000013ed                      # SkillGroupID 5101
	0000                          # SkillGroupPriority 0
	0002                          # AgentState 2 NOT_READY
	c352                          # EventReasonCode 50002
	00000001                      # MRDID 1
	00000000                      # NumTasks 0
	0001                          # AgentMode 1 ROUTABLE (PV25 numbering)
	00000001                      # MaxTaskLimit 1
	00001389                      # ICMAgentID 5001
	00000000                      # AgentAvailabilityStatus 0 NOT_AVAILABLE
`

func aseWant(numFlt uint16, dept int32, fields ...Field) *AgentStateEvent {
	return &AgentStateEvent{
		PeripheralID: 5000, SessionID: 42, PeripheralType: PTEnterpriseAgent,
		SkillGroupState: agentstate.NotReady, StateDuration: 60, SkillGroupNumber: 101, SkillGroupID: 5101,
		AgentState: agentstate.NotReady, EventReasonCode: agentstate.ReasonConnectionFailure,
		MRDID: 1, AgentMode: Routable, MaxTaskLimit: 1, ICMAgentID: 5001,
		NumFltSkillGroups: numFlt, DepartmentID: dept, Floating: fields,
	}
}

// The floating fields of the AGENT_STATE_EVENT vectors.
var (
	fSig      = Field{TagClientSignature, str("gw-1")}
	fAgentID  = Field{TagAgentID, str("1001")}
	fExt      = Field{TagAgentExtension, str("3001")}
	fInstr    = Field{TagAgentInstrument, str("3001")}
	fDuration = Field{TagDuration, []byte{0, 0, 0, 0}}
	fNext     = Field{TagExtAgentState, []byte{0, 3}}
	fSGNumber = Field{TagSkillGroupNumber, []byte{0, 0, 0, 0x65}}
	fSGID     = Field{TagSkillGroupID, []byte{0, 0, 0x13, 0xed}}
	fSGPrio   = Field{TagSkillGroupPriority, []byte{0, 0}}
	fSGState  = Field{TagSkillGroupState, []byte{0, 2}}
	fDir      = Field{TagDirection, []byte{0, 0, 0, 1}}
	fBeyond   = Field{TagMaxBeyondTaskLimit, []byte{0, 0, 0, 2}}
	fTerminal = Field{TagTermDeviceName, str("term1")}
)

var goldens = []golden{
	{
		name: "AGENT_STATE_EVENT fixed part only, before DepartmentID", versions: versions(13, 18),
		dump: aseFixed + `
			0000                      # NumFltSkillGroups 0: the skill group is the fixed part's
		`,
		want: aseWant(0, 0),
	},
	{
		name: "AGENT_STATE_EVENT fixed part only, with DepartmentID", versions: versions(19, 25),
		dump: aseFixed + `
			0000                      # NumFltSkillGroups 0
			00000007                  # DepartmentID 7 (version 19 change)
		`,
		want: aseWant(0, 7),
	},
	{
		// Floating fields: guide PV14 Table 5-17 (floating part) and guide
		// PV25; 1-byte tag and length (guide PV9 Table 3-8, PV17 "Floating
		// Fields"); tags from the PV25 Tag Values table.
		name: "AGENT_STATE_EVENT floating part, 1-byte tags", versions: versions(13, 18),
		dump: aseFixed + `
			0001                      # NumFltSkillGroups 1
			03 05 67772d3100          # CTIClientSignature (CLIENT_SIGNATURE_TAG 3) "gw-1"
			05 05 3130303100          # AgentID (5) "1001"
			04 05 3330303100          # AgentExtension (4) "3001"
			06 05 3330303100          # AgentInstrument (6) "3001"
			96 04 00000000            # Duration (DURATION_TAG 150) 0
			7b 02 0003                # NextAgentState (EXT_AGENT_STATE_TAG 123) AVAILABLE
			3e 04 00000065            # FltSkillGroupNumber (62) 101
			3f 04 000013ed            # FltSkillGroupID (63) 5101
			40 02 0000                # FltSkillGroupPriority (64) 0
			41 02 0002                # FltSkillGroupState (65) NOT_READY
		`,
		want: aseWant(1, 0, fSig, fAgentID, fExt, fInstr, fDuration, fNext, fSGNumber, fSGID, fSGPrio, fSGState),
	},
	{
		name: "AGENT_STATE_EVENT with Direction, 1-byte tags", versions: versions(16, 18),
		dump: aseFixed + `
			0000                      # NumFltSkillGroups 0
			05 05 3130303100          # AgentID "1001"
			f4 04 00000001            # Direction (DIRECTION_TAG 244, version 16 change) 1 IN
		`,
		want: aseWant(0, 0, fAgentID, fDir),
	},
	{
		name: "AGENT_STATE_EVENT with DepartmentID, 1-byte tags", versions: versions(19, 19),
		dump: aseFixed + `
			0001                      # NumFltSkillGroups 1
			00000007                  # DepartmentID 7
			05 05 3130303100          # AgentID "1001"
			3e 04 00000065            # FltSkillGroupNumber 101
			3f 04 000013ed            # FltSkillGroupID 5101
			40 02 0000                # FltSkillGroupPriority 0
			41 02 0002                # FltSkillGroupState NOT_READY
			f4 04 00000001            # Direction IN
		`,
		want: aseWant(1, 7, fAgentID, fSGNumber, fSGID, fSGPrio, fSGState, fDir),
	},
	{
		// 2-byte USHORT tag and length from version 20 (guide PV24,
		// Messaging Conventions, "Floating Fields"; Changes and Additions,
		// Protocol Version 20).
		name: "AGENT_STATE_EVENT floating part, 2-byte tags", versions: versions(20, 25),
		dump: aseFixed + `
			0001                      # NumFltSkillGroups 1
			00000007                  # DepartmentID 7
			0003 0005 67772d3100      # CTIClientSignature "gw-1"
			0005 0005 3130303100      # AgentID "1001"
			0004 0005 3330303100      # AgentExtension "3001"
			0006 0005 3330303100      # AgentInstrument "3001"
			0096 0004 00000000        # Duration 0
			007b 0002 0003            # NextAgentState AVAILABLE
			00f4 0004 00000001        # Direction IN
			003e 0004 00000065        # FltSkillGroupNumber 101
			003f 0004 000013ed        # FltSkillGroupID 5101
			0040 0002 0000            # FltSkillGroupPriority 0
			0041 0002 0002            # FltSkillGroupState NOT_READY
		`,
		want: aseWant(1, 7, fSig, fAgentID, fExt, fInstr, fDuration, fNext, fDir, fSGNumber, fSGID, fSGPrio, fSGState),
	},
	{
		name: "AGENT_STATE_EVENT with MaxBeyondTaskLimit", versions: versions(22, 25),
		dump: aseFixed + `
			0000                      # NumFltSkillGroups 0
			00000007                  # DepartmentID 7
			0005 0005 3130303100      # AgentID "1001"
			010a 0004 00000002        # MaxBeyondTaskLimit (MAX_BEYOND_TASK_LIMIT_TAG 266, version 22) 2
		`,
		want: aseWant(0, 7, fAgentID, fBeyond),
	},
	{
		name: "AGENT_STATE_EVENT with ActiveTerminal", versions: versions(25, 25),
		dump: aseFixed + `
			0000                      # NumFltSkillGroups 0
			00000007                  # DepartmentID 7
			012f 0006 7465726d3100    # ActiveTerminal (FLT_TERM_DEVICE_NAME 303) "term1"
			0005 0005 3130303100      # AgentID "1001"
		`,
		want: aseWant(0, 7, fTerminal, fAgentID),
	},
	{
		// Guide PV25, SYSTEM_EVENT; SystemEventID Values; PGStatusCode Values.
		name: "SYSTEM_EVENT, 1-byte tags", versions: versions(13, 19),
		dump: `
			{LEN} 0000001f            # MHDR: MessageType 31
			00000005                  # PGStatus PGS_OPC_DOWN|PGS_PERIPHERAL_OFFLINE
			68f4a6c0                  # ICMCentralControllerTime
			00000004                  # SystemEventID 4 SYS_PERIPHERAL_OFFLINE
			00001388                  # SystemEventArg1 5000: the PeripheralID
			00000000                  # SystemEventArg2
			00000000                  # SystemEventArg3
			ffff                      # EventDeviceType DEVID_NONE
			07 09 50494d20646f776e00  # Text (TEXT_TAG 7) "PIM down"
		`,
		want: &SystemEvent{PGStatus: PGOPCDown | PGPeripheralOffline, ICMCentralControllerTime: 0x68f4a6c0,
			SystemEventID: SysPeripheralOffline, SystemEventArg1: 5000, EventDeviceType: 0xffff,
			Floating: []Field{{TagText, str("PIM down")}}},
	},
	{
		name: "SYSTEM_EVENT, 2-byte tags", versions: versions(20, 25),
		dump: `
			{LEN} 0000001f            # MHDR: MessageType 31
			00000000                  # PGStatus 0
			68f4a6c0                  # ICMCentralControllerTime
			0000000b                  # SystemEventID 11 SYS_INSTRUMENT_BACK_IN_SERVICE
			00001388                  # SystemEventArg1 5000
			00000000                  # SystemEventArg2
			00000000                  # SystemEventArg3
			0000                      # EventDeviceType 0
			0007 0005 3330303100      # Text "3001"
			00ce 0005 3330303100      # EventDeviceID (EVENT_DEVICE_ID_TAG 206) "3001"
		`,
		want: &SystemEvent{ICMCentralControllerTime: 0x68f4a6c0, SystemEventID: SysInstrumentBackInService,
			SystemEventArg1: 5000, Floating: []Field{{TagText, str("3001")}, {TagEventDeviceID, str("3001")}}},
	},
	{
		// Guide PV25, Session Management, OPEN_REQ; guide PV15 Table 4-2.
		name: "OPEN_REQ, 1-byte tags", versions: versions(13, 19),
		dump: `
			{LEN} 00000003            # MHDR: MessageType 3
			00000001                  # InvokeID 1
			{V}                       # VersionNumber
			00000078                  # IdleTimeout 120
			ffffffff                  # PeripheralID 0xFFFFFFFF (not Client Events)
			00000410                  # ServicesRequested ALL_EVENTS|AGENT_REPORTING
			00000000                  # CallMsgMask
			00003fff                  # AgentStateMask: every state
			00000000                  # ConfigMsgMask
			00000000 00000000 00000000 # Reserved1-3
			01 07 63636566736d00       # ClientID (CLIENT_ID_TAG 1) "ccefsm"
			02 00                     # ClientPassword (2), empty
			61 04 00001388            # ApplicationPathID (APP_PATH_ID_TAG 97) 5000
		`,
		want: &OpenReq{InvokeID: 1, IdleTimeout: 120, PeripheralID: 0xffffffff,
			ServicesRequested: ServiceAllEvents | ServiceAgentReporting, AgentStateMask: 0x3fff,
			Floating: []Field{{TagClientID, str("ccefsm")}, {TagClientPassword, []byte{}}, {TagAppPathID, []byte{0, 0, 0x13, 0x88}}}},
	},
	{
		name: "OPEN_REQ, 2-byte tags", versions: versions(20, 25),
		dump: `
			{LEN} 00000003            # MHDR: MessageType 3
			00000001 {V} 00000078 ffffffff 00000410 00000000 00003fff 00000000
			00000000 00000000 00000000
			0001 0007 63636566736d00   # ClientID "ccefsm"
			0002 0000                 # ClientPassword, empty
			0061 0004 00001388        # ApplicationPathID 5000
		`,
		want: &OpenReq{InvokeID: 1, IdleTimeout: 120, PeripheralID: 0xffffffff,
			ServicesRequested: ServiceAllEvents | ServiceAgentReporting, AgentStateMask: 0x3fff,
			Floating: []Field{{TagClientID, str("ccefsm")}, {TagClientPassword, []byte{}}, {TagAppPathID, []byte{0, 0, 0x13, 0x88}}}},
	},
	{
		// Guide PV25, Session Management, OPEN_CONF.
		name: "OPEN_CONF, version 13", versions: versions(13, 13),
		dump: `
			{LEN} 00000004            # MHDR: MessageType 4
			00000001                  # InvokeID 1
			00000410                  # ServicesGranted ALL_EVENTS|AGENT_REPORTING
			00000000                  # MonitorID 0
			00000002                  # PGStatus PGS_CC_DOWN
			68f4a6c0                  # ICMCentralControllerTime
			0001                      # PeripheralOnline TRUE
			0011                      # PeripheralType PT_ENTERPRISE_AGENT
			0000                      # AgentState LOGIN
			05 05 3130303100          # AgentID "1001"
		`,
		want: &OpenConf{InvokeID: 1, ServicesGranted: ServiceAllEvents | ServiceAgentReporting,
			PGStatus: PGCCDown, ICMCentralControllerTime: 0x68f4a6c0, PeripheralOnline: true,
			PeripheralType: PTEnterpriseAgent, Floating: []Field{fAgentID}},
	},
	{
		// NumPeripherals and MultilineAgentControl: version 14 change
		// (guide PV24, Changes and Additions).
		name: "OPEN_CONF, versions 14-18", versions: versions(14, 18),
		dump: `
			{LEN} 00000004 00000001 00000410 00000000 00000002 68f4a6c0 0001 0011 0000
			05 05 3130303100          # AgentID "1001"
			e4 02 0001                # NumPeripherals (NUM_PERIPHERALS_TAG 228) 1
			e0 02 0000                # MultilineAgentControl (224) 0: single line
		`,
		want: &OpenConf{InvokeID: 1, ServicesGranted: ServiceAllEvents | ServiceAgentReporting,
			PGStatus: PGCCDown, ICMCentralControllerTime: 0x68f4a6c0, PeripheralOnline: true,
			PeripheralType: PTEnterpriseAgent, Floating: []Field{fAgentID,
				{TagNumPeripherals, []byte{0, 1}}, {TagMultiLineAgentControl, []byte{0, 0}}}},
	},
	{
		name: "OPEN_CONF, version 19", versions: versions(19, 19),
		dump: `
			{LEN} 00000004 00000001 00000410 00000000 00000000 68f4a6c0 0000 0011 0003
			00000007                  # DepartmentID 7 (version 19 change)
			e4 02 0001                # NumPeripherals 1
		`,
		want: &OpenConf{InvokeID: 1, ServicesGranted: ServiceAllEvents | ServiceAgentReporting,
			ICMCentralControllerTime: 0x68f4a6c0, PeripheralType: PTEnterpriseAgent,
			AgentState: agentstate.Available, DepartmentID: 7,
			Floating: []Field{{TagNumPeripherals, []byte{0, 1}}}},
	},
	{
		name: "OPEN_CONF, versions 20-23", versions: versions(20, 23),
		dump: `
			{LEN} 00000004 00000001 00000410 00000000 00000000 68f4a6c0 0001 0011 0000
			00000007                  # DepartmentID 7
			00e4 0002 0001            # NumPeripherals 1
			00e0 0002 0001            # MultilineAgentControl 1: multiline
		`,
		want: &OpenConf{InvokeID: 1, ServicesGranted: ServiceAllEvents | ServiceAgentReporting,
			ICMCentralControllerTime: 0x68f4a6c0, PeripheralOnline: true, PeripheralType: PTEnterpriseAgent,
			DepartmentID: 7, Floating: []Field{{TagNumPeripherals, []byte{0, 1}}, {TagMultiLineAgentControl, []byte{0, 1}}}},
	},
	{
		name: "OPEN_CONF, versions 24-25", versions: versions(24, 25),
		dump: `
			{LEN} 00000004 00000001 00000410 00000000 00000000 68f4a6c0 0001 0011 0000
			00000007                  # DepartmentID 7
			0002                      # SessionType 2 STANDBY (version 24)
			00e4 0002 0000            # NumPeripherals 0
		`,
		want: &OpenConf{InvokeID: 1, ServicesGranted: ServiceAllEvents | ServiceAgentReporting,
			ICMCentralControllerTime: 0x68f4a6c0, PeripheralOnline: true, PeripheralType: PTEnterpriseAgent,
			DepartmentID: 7, SessionType: SessionStandby, Floating: []Field{{TagNumPeripherals, []byte{0, 0}}}},
	},
	{
		// Guides PV9, PV15, PV17, Table 3-9.
		name: "FAILURE_CONF", versions: allVersions(),
		dump: `{LEN} 00000001 00000007 0000000f  # InvokeID 7, Status 15 E_CTI_CTI_SERVER_OFFLINE`,
		want: &FailureConf{InvokeID: 7, Status: StatusCTIServerOffline},
	},
	{
		// Guides PV9, PV15, PV17, Table 3-10; guide PV24.
		name: "FAILURE_EVENT", versions: allVersions(),
		dump: `{LEN} 00000002 0000000f           # Status 15 E_CTI_CTI_SERVER_OFFLINE`,
		want: &FailureEvent{Status: StatusCTIServerOffline},
	},
	{
		// Guide PV25, Session Management, "Session Maintenance".
		name: "HEARTBEAT_REQ", versions: allVersions(),
		dump: `{LEN} 00000005 00000009           # InvokeID 9`,
		want: &HeartbeatReq{InvokeID: 9},
	},
	{
		name: "HEARTBEAT_CONF", versions: allVersions(),
		dump: `{LEN} 00000006 00000009           # InvokeID 9`,
		want: &HeartbeatConf{InvokeID: 9},
	},
	{
		// Guide PV25, Session Management, "Session Termination".
		name: "CLOSE_REQ", versions: allVersions(),
		dump: `{LEN} 00000007 0000000a 00000000  # InvokeID 10, Status E_CTI_NO_ERROR`,
		want: &CloseReq{InvokeID: 10, Status: StatusNoError},
	},
	{
		name: "CLOSE_CONF", versions: allVersions(),
		dump: `{LEN} 00000008 0000000a           # InvokeID 10`,
		want: &CloseConf{InvokeID: 10},
	},
}

// newMessage returns a zero value of the type of m.
func newMessage(m Message) Message {
	switch m.(type) {
	case *FailureConf:
		return new(FailureConf)
	case *FailureEvent:
		return new(FailureEvent)
	case *OpenReq:
		return new(OpenReq)
	case *OpenConf:
		return new(OpenConf)
	case *HeartbeatReq:
		return new(HeartbeatReq)
	case *HeartbeatConf:
		return new(HeartbeatConf)
	case *CloseReq:
		return new(CloseReq)
	case *CloseConf:
		return new(CloseConf)
	case *AgentStateEvent:
		return new(AgentStateEvent)
	case *SystemEvent:
		return new(SystemEvent)
	case *Raw:
		return new(Raw)
	}
	panic("unknown message type")
}

var cmpMessages = cmp.Options{cmpopts.EquateEmpty(), cmpopts.IgnoreUnexported(
	FailureConf{}, FailureEvent{}, OpenReq{}, OpenConf{}, HeartbeatReq{}, HeartbeatConf{},
	CloseReq{}, CloseConf{}, AgentStateEvent{}, SystemEvent{})}

// withVersion returns want with an OPEN_REQ's VersionNumber set to v.
func withVersion(want Message, v Version) Message {
	if r, ok := want.(*OpenReq); ok {
		c := *r
		c.VersionNumber = v
		return &c
	}
	return want
}

func TestGolden(t *testing.T) {
	for _, g := range goldens {
		for _, v := range g.versions {
			frame := unhex(t, g.dump, v)
			want := withVersion(g.want, v)

			got := newMessage(g.want)
			if err := got.Decode(v, frame); err != nil {
				t.Errorf("%s, version %d: Decode: %v", g.name, v, err)
				continue
			}
			if diff := cmp.Diff(want, got, cmpMessages); diff != "" {
				t.Errorf("%s, version %d: decoded value (-want +got):\n%s", g.name, v, diff)
			}
			enc, err := got.Append(nil, v)
			if err != nil {
				t.Errorf("%s, version %d: Append: %v", g.name, v, err)
				continue
			}
			if !bytes.Equal(enc, frame) {
				t.Errorf("%s, version %d: re-encoded\n%x\nwant\n%x", g.name, v, enc, frame)
			}
			// Encoding the expected value gives the vector too.
			if enc, err := want.Append(nil, v); err != nil || !bytes.Equal(enc, frame) {
				t.Errorf("%s, version %d: Append(want) = %x, %v", g.name, v, enc, err)
			}
			// The Decoder dispatches to the same value.
			dec, err := NewDecoder(DecoderConfig{Version: v})
			if err != nil {
				t.Fatal(err)
			}
			m, err := dec.Decode(frame)
			if err != nil {
				t.Errorf("%s, version %d: Decoder.Decode: %v", g.name, v, err)
			} else if diff := cmp.Diff(want, m, cmpMessages); diff != "" {
				t.Errorf("%s, version %d: Decoder.Decode (-want +got):\n%s", g.name, v, diff)
			}
		}
	}
}

// Every supported version has a golden vector of every modelled message.
func TestGoldenCoverage(t *testing.T) {
	have := map[MessageType]map[Version]bool{}
	for _, g := range goldens {
		typ := g.want.Type()
		if have[typ] == nil {
			have[typ] = map[Version]bool{}
		}
		for _, v := range g.versions {
			have[typ][v] = true
		}
	}
	for _, typ := range messageTypes {
		if !typ.Modelled() {
			continue
		}
		for _, v := range allVersions() {
			if !have[typ][v] {
				t.Errorf("no golden vector of %s for version %d", typ, v)
			}
		}
	}
}
