package cti

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
)

// Test vectors of two open-source CTI clients, copied byte for byte: an
// independent check of the layouts. Their authors wrote them from the guide
// (they are not captures of a live server). Both clients store a message
// without its MessageLength, starting at MessageType; withLen adds it.
//
//   - nshimaza/ucce-ctidriver, test/Network/CceCti/MessageSampleSpec.hs:
//     protocol version 20 (2-byte tags, DepartmentID).
//   - nshimaza/uccertweb, test/ctidriver/MessageSamplesSpec.scala: 1-byte
//     tags, Direction present, DepartmentID absent, which is the layout of
//     versions 16-18 (its package.scala says ProtocolVersion = 19, but its
//     AGENT_STATE_EVENT and OPEN_CONF lack the DepartmentID that version 19
//     added). Its OPEN_REQ carries VersionNumber 19.
func withLen(typeAndBody ...byte) []byte {
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(typeAndBody)-4)), typeAndBody...)
}

type oracleSample struct {
	name     string
	versions []Version
	frame    []byte
	check    func(t *testing.T, m Message) // spot checks of the decoded value
}

// ucce-ctidriver samples (version 20).
var ctidriverSamples = []oracleSample{
	{"FAILURE_CONF", versions(20, 20), withLen(0, 0, 0, 1, 1, 2, 3, 4, 0, 0, 0, 97), func(t *testing.T, m Message) {
		want := &FailureConf{InvokeID: 0x01020304, Status: StatusInvalidMonitorStatus}
		if diff := cmp.Diff(want, m, cmpMessages); diff != "" {
			t.Error(diff)
		}
	}},
	{"FAILURE_EVENT", versions(20, 20), withLen(0, 0, 0, 2, 0, 0, 0, 17), func(t *testing.T, m Message) {
		if m.(*FailureEvent).Status != StatusUnspecifiedFailure {
			t.Errorf("%+v", m)
		}
	}},
	{"OPEN_REQ", versions(20, 20), withLen(0, 0, 0, 3, 4, 3, 2, 1, 0, 0, 0, 20, 0xff, 0xff, 0xff, 0xff, 2, 3, 4, 5, 0, 0, 0, 0x10,
		0, 0, 0x60, 0, 0, 0, 0x02, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 1, 0, 9, 0x43, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x49, 0x44, 0,
		0, 2, 0, 0,
		0, 3, 0, 16, 0x43, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x53, 0x69, 0x67, 0x6e, 0x61, 0x74, 0x75, 0x72, 0x65, 0,
		0, 4, 0, 5, 0x33, 0x30, 0x30, 0x31, 0,
		0, 5, 0, 5, 0x31, 0x30, 0x30, 0x31, 0,
		0, 6, 0, 5, 0x33, 0x30, 0x30, 0x31, 0,
		0, 97, 0, 4, 3, 4, 5, 6), func(t *testing.T, m Message) {
		r := m.(*OpenReq)
		id, _ := r.ClientID()
		path, _ := r.ApplicationPathID()
		if r.InvokeID != 0x04030201 || r.VersionNumber != 20 || r.IdleTimeout != 0xffffffff ||
			r.ServicesRequested != ServiceAllEvents || r.AgentStateMask != 0x208 || string(id) != "ClientID" || path != 0x03040506 {
			t.Errorf("%+v", r)
		}
	}},
	{"OPEN_CONF", versions(20, 23), withLen(0, 0, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0x10, 2, 3, 4, 5, 0, 0, 0, 0x13, 4, 5, 6, 7, 0, 1, 0, 17, 0, 3, 5, 6, 7, 8,
		0, 4, 0, 5, 0x33, 0x30, 0x30, 0x31, 0,
		0, 5, 0, 5, 0x31, 0x30, 0x30, 0x31, 0,
		0, 6, 0, 5, 0x33, 0x30, 0x30, 0x31, 0,
		0, 228, 0, 2, 5, 6,
		0, 224, 0, 2, 0, 0), func(t *testing.T, m Message) {
		c := m.(*OpenConf)
		n, _ := c.NumPeripherals()
		if c.PGStatus != PGOPCDown|PGCCDown|PGLimitedFunction || !c.PeripheralOnline || c.PeripheralType != PTEnterpriseAgent ||
			c.AgentState != agentstate.Available || c.DepartmentID != 0x05060708 || n != 0x0506 {
			t.Errorf("%+v", c)
		}
	}},
	{"HEARTBEAT_REQ", versions(20, 20), withLen(0, 0, 0, 5, 2, 3, 4, 5), nil},
	{"HEARTBEAT_CONF", versions(20, 20), withLen(0, 0, 0, 6, 3, 4, 6, 7), nil},
	{"CLOSE_REQ", versions(20, 20), withLen(0, 0, 0, 7, 4, 5, 6, 7, 0, 0, 0, 98), func(t *testing.T, m Message) {
		if c := m.(*CloseReq); c.InvokeID != 0x04050607 || c.Status != StatusInvalidRequestType {
			t.Errorf("%+v", c)
		}
	}},
	{"CLOSE_CONF", versions(20, 20), withLen(0, 0, 0, 8, 3, 4, 5, 6), nil},
	{"SYSTEM_EVENT", versions(20, 25), withLen(0, 0, 0, 31, 0, 0, 0, 3, 1, 2, 3, 4, 0, 0, 0, 5, 2, 3, 4, 5, 3, 4, 5, 6, 4, 5, 6, 7, 0, 70,
		0, 7, 0, 16, 0x53, 0x79, 0x73, 0x74, 0x65, 0x6d, 0x45, 0x76, 0x65, 0x6e, 0x74, 0x54, 0x65, 0x78, 0x74, 0,
		0, 206, 0, 14, 0x45, 0x76, 0x65, 0x6e, 0x74, 0x44, 0x65, 0x76, 0x69, 0x63, 0x65, 0x49, 0x44, 0), checkOracleSystemEvent},
}

// ctidriverAgentState is ucce-ctidriver's AGENT_STATE_EVENT sample (version
// 20). Its NumFltSkillGroups is 0x0706 but it carries one skill group, which
// the guide forbids; numFltAt is the offset of NumFltSkillGroups.
var ctidriverAgentState = withLen(0, 0, 0, 30, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 0, 17, 0, 7, 4, 5, 6, 7, 6, 7, 8, 9, 7, 8, 9, 10,
	8, 9, 0, 10, 9, 10, 9, 10, 11, 12, 10, 11, 12, 13, 0, 0, 9, 8, 7, 6, 8, 7, 6, 5, 0, 0, 0, 1, 7, 6, 11, 12, 13, 14,
	0, 3, 0, 16, 0x43, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x53, 0x69, 0x67, 0x6e, 0x61, 0x74, 0x75, 0x72, 0x65, 0,
	0, 5, 0, 5, 0x31, 0x30, 0x30, 0x31, 0,
	0, 4, 0, 5, 0x33, 0x30, 0x30, 0x31, 0,
	0, 6, 0, 5, 0x33, 0x30, 0x30, 0x31, 0,
	0, 150, 0, 4, 6, 5, 4, 3,
	0, 123, 0, 2, 0, 4,
	0, 244, 0, 4, 0, 0, 0, 1,
	0, 62, 0, 4, 7, 8, 9, 10,
	0, 63, 0, 4, 8, 9, 10, 11,
	0, 64, 0, 2, 9, 10,
	0, 65, 0, 2, 0, 7)

// uccertweb samples (versions 16-18; its OPEN_REQ says version 19).
var uccertwebSamples = []oracleSample{
	{"FAILURE_CONF", versions(16, 18), withLen(0, 0, 0, 1, 1, 2, 3, 4, 0, 0, 0, 97), nil},
	{"FAILURE_EVENT", versions(16, 18), withLen(0, 0, 0, 2, 0, 0, 0, 17), nil},
	{"OPEN_REQ", versions(19, 19), withLen(0, 0, 0, 3, 4, 3, 2, 1, 0, 0, 0, 19, 0xff, 0xff, 0xff, 0xff, 2, 3, 4, 5, 0, 0, 0, 0x10,
		0, 0, 0x60, 0, 0, 0, 0x02, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		1, 9, 0x43, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x49, 0x44, 0,
		2, 0,
		3, 16, 0x43, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x53, 0x69, 0x67, 0x6e, 0x61, 0x74, 0x75, 0x72, 0x65, 0,
		4, 5, 0x33, 0x30, 0x30, 0x31, 0,
		5, 5, 0x31, 0x30, 0x30, 0x31, 0,
		6, 5, 0x33, 0x30, 0x30, 0x31, 0,
		97, 4, 3, 4, 5, 6), nil},
	{"OPEN_CONF", versions(16, 18), withLen(0, 0, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0x10, 2, 3, 4, 5, 0, 0, 0, 0x13, 4, 5, 6, 7, 0, 1, 0, 17, 0, 3,
		4, 5, 0x33, 0x30, 0x30, 0x31, 0,
		5, 5, 0x31, 0x30, 0x30, 0x31, 0,
		6, 5, 0x33, 0x30, 0x30, 0x31, 0,
		228, 2, 5, 6, 224, 2, 0, 0), func(t *testing.T, m Message) {
		c := m.(*OpenConf)
		if c.PGStatus != PGOPCDown|PGCCDown|PGLimitedFunction || c.AgentState != agentstate.Available || c.DepartmentID != 0 {
			t.Errorf("%+v", c)
		}
	}},
	{"HEARTBEAT_REQ", versions(16, 18), withLen(0, 0, 0, 5, 2, 3, 4, 5), nil},
	{"HEARTBEAT_CONF", versions(16, 18), withLen(0, 0, 0, 6, 3, 4, 6, 7), nil},
	{"CLOSE_CONF", versions(16, 18), withLen(0, 0, 0, 8, 3, 4, 5, 6), nil},
	{"SYSTEM_EVENT", versions(16, 18), withLen(0, 0, 0, 31, 0, 0, 0, 3, 1, 2, 3, 4, 0, 0, 0, 5, 2, 3, 4, 5, 3, 4, 5, 6, 4, 5, 6, 7, 0, 70,
		7, 16, 0x53, 0x79, 0x73, 0x74, 0x65, 0x6d, 0x45, 0x76, 0x65, 0x6e, 0x74, 0x54, 0x65, 0x78, 0x74, 0,
		206, 14, 0x45, 0x76, 0x65, 0x6e, 0x74, 0x44, 0x65, 0x76, 0x69, 0x63, 0x65, 0x49, 0x44, 0), checkOracleSystemEvent},
}

// uccertwebAgentState is uccertweb's AGENT_STATE_EVENT sample, with the
// same NumFltSkillGroups of 0x0706 for one skill group.
var uccertwebAgentState = withLen(0, 0, 0, 30, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 0, 17, 0, 7, 4, 5, 6, 7,
	6, 7, 8, 9, 7, 8, 9, 10, 8, 9, 0, 10, 9, 10, 9, 10, 11, 12, 10, 11, 12, 13, 0, 0, 9, 8, 7, 6, 8, 7, 6, 5, 0, 0, 0, 1, 7, 6,
	3, 16, 0x43, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x53, 0x69, 0x67, 0x6e, 0x61, 0x74, 0x75, 0x72, 0x65, 0,
	5, 5, 0x31, 0x30, 0x30, 0x31, 0, 4, 5, 0x33, 0x30, 0x30, 0x31, 0, 6, 5, 0x33, 0x30, 0x30, 0x31, 0,
	150, 4, 6, 5, 4, 3, 123, 2, 0, 4, 244, 4, 0, 0, 0, 1,
	62, 4, 7, 8, 9, 10, 63, 4, 8, 9, 10, 11, 64, 2, 9, 10, 65, 2, 0, 7)

// uccertwebCloseReq is uccertweb's CLOSE_REQ sample: a Status without the
// InvokeID every guide puts first.
var uccertwebCloseReq = withLen(0, 0, 0, 7, 0, 0, 0, 98)

func checkOracleSystemEvent(t *testing.T, m Message) {
	e := m.(*SystemEvent)
	text, _ := e.Text()
	dev, _ := e.EventDeviceID()
	if e.PGStatus != PGOPCDown|PGCCDown || e.ICMCentralControllerTime != 0x01020304 || e.SystemEventID != SysTextFYI ||
		e.SystemEventArg1 != 0x02030405 || e.SystemEventArg2 != 0x03040506 || e.SystemEventArg3 != 0x04050607 ||
		e.EventDeviceType != 70 || string(text) != "SystemEventText" || string(dev) != "EventDeviceID" {
		t.Errorf("%+v", e)
	}
}

func checkOracleAgentState(t *testing.T, m Message) {
	e := m.(*AgentStateEvent)
	sig, _ := e.CTIClientSignature()
	id, _ := e.AgentID()
	dur, _ := e.Duration()
	next, _ := e.NextAgentState()
	dir, _ := e.Direction()
	sg := e.SkillGroups(nil)
	if e.MonitorID != 0x01020304 || e.PeripheralID != 0x02030405 || e.SessionID != 0x03040506 ||
		e.PeripheralType != PTEnterpriseAgent || e.SkillGroupState != agentstate.BusyOther ||
		e.StateDuration != 0x04050607 || e.SkillGroupNumber != 0x06070809 || e.SkillGroupID != 0x0708090a ||
		e.SkillGroupPriority != 0x0809 || e.AgentState != agentstate.Hold || e.EventReasonCode != 0x090a ||
		e.MRDID != 0x090a0b0c || e.NumTasks != 0x0a0b0c0d || e.AgentMode != NotRoutable ||
		e.MaxTaskLimit != 0x09080706 || e.ICMAgentID != 0x08070605 || e.AgentAvailabilityStatus != ICMAvailable ||
		string(sig) != "ClientSignature" || string(id) != "1001" || dur != 0x06050403 ||
		next != agentstate.Talking || dir != DirectionIn ||
		len(sg) != 1 || sg[0] != (SkillGroup{Number: 0x0708090a, ID: 0x08090a0b, Priority: 0x090a, State: agentstate.BusyOther}) {
		t.Errorf("%+v", e)
	}
}

func testOracle(t *testing.T, samples []oracleSample) {
	for _, s := range samples {
		for _, v := range s.versions {
			dec, err := NewDecoder(DecoderConfig{Version: v})
			if err != nil {
				t.Fatal(err)
			}
			m, err := dec.Decode(s.frame)
			if err != nil {
				t.Errorf("%s, version %d: %v", s.name, v, err)
				continue
			}
			if m.Type().String() != s.name {
				t.Errorf("%s, version %d: decoded a %s", s.name, v, m.Type())
			}
			if s.check != nil {
				s.check(t, m)
			}
			if enc, err := m.Append(nil, v); err != nil || !bytes.Equal(enc, s.frame) {
				t.Errorf("%s, version %d: re-encoded %x, %v; want %x", s.name, v, enc, err, s.frame)
			}
		}
	}
}

func TestOracleCtidriver(t *testing.T) { testOracle(t, ctidriverSamples) }

func TestOracleUccertweb(t *testing.T) { testOracle(t, uccertwebSamples) }

// Both oracles' AGENT_STATE_EVENT samples announce 0x0706 (1798) skill
// groups, more than the 99 the guide allows, and carry one: the decoder
// refuses them, naming NumFltSkillGroups; with the count set to 1 they decode
// to the values the oracles expect and re-encode to the same bytes.
func TestOracleAgentState(t *testing.T) {
	for _, c := range []struct {
		name     string
		frame    []byte
		versions []Version
	}{
		{"ucce-ctidriver", ctidriverAgentState, versions(20, 25)},
		{"uccertweb", uccertwebAgentState, versions(16, 18)},
	} {
		for _, v := range c.versions {
			var e AgentStateEvent
			err := e.Decode(v, c.frame)
			var cerr *Error
			if !errors.As(err, &cerr) || !errors.Is(err, ErrOutOfRange) || cerr.Field != "NumFltSkillGroups" || cerr.Offset != HeaderSize+aseNumFltSkillGroups {
				t.Errorf("%s, version %d: Decode = %v, want the NumFltSkillGroups count refused", c.name, v, err)
			}
			patched := append([]byte(nil), c.frame...)
			binary.BigEndian.PutUint16(patched[HeaderSize+aseNumFltSkillGroups:], 1)
			testOracle(t, []oracleSample{{"AGENT_STATE_EVENT", []Version{v}, patched, checkOracleAgentState}})
		}
	}
}

// uccertweb's CLOSE_REQ lacks the InvokeID: the decoder refuses it as
// truncated at its Status.
func TestOracleUccertwebCloseReq(t *testing.T) {
	var m CloseReq
	err := m.Decode(18, uccertwebCloseReq)
	var cerr *Error
	if !errors.As(err, &cerr) || !errors.Is(err, ErrTruncated) || cerr.Field != "Status" || cerr.Offset != 12 {
		t.Errorf("Decode = %v", err)
	}
}
