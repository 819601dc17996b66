package cti

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

// encode returns m encoded for v, failing the test on error.
func encode(t testing.TB, m Message, v Version) []byte {
	t.Helper()
	b, err := m.Append(nil, v)
	if err != nil {
		t.Fatalf("Append(%s, %d): %v", m.Type(), v, err)
	}
	return b
}

// wantErr checks that err is an *Error that unwraps to sentinel and names
// field at offset (offset -2: any).
func wantErr(t *testing.T, what string, err, sentinel error, typ MessageType, field string, offset int) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%s: error %v is not a *cti.Error", what, err)
		return
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("%s: error %v does not wrap %v", what, err, sentinel)
	}
	if e.Type != typ || e.Field != field || (offset != -2 && e.Offset != offset) {
		t.Errorf("%s: error names %s %s at %d, want %s %s at %d (%v)", what, e.Type, e.Field, e.Offset, typ, field, offset, err)
	}
}

// sampleAgentState is a valid AGENT_STATE_EVENT with one skill group.
func sampleAgentState() *AgentStateEvent {
	return aseWant(1, 0, fAgentID, fSGNumber, fSGID, fSGPrio, fSGState)
}

func TestParseHeaderErrors(t *testing.T) {
	_, err := ParseHeader([]byte{0, 0, 0, 4, 0, 0, 0})
	wantErr(t, "7 bytes", err, ErrTruncated, 0, "MessageHeader", 0)

	h := Header{Length: MaxBodySize + 1, Type: MsgAgentStateEvent}.Append(nil)
	_, err = ParseHeader(h)
	wantErr(t, "length over the maximum", err, ErrTooLong, MsgAgentStateEvent, "MessageLength", 0)

	h = Header{Length: MaxBodySize, Type: 99}.Append(nil)
	if got, err := ParseHeader(h); err != nil || got.Length != MaxBodySize || got.Type != 99 {
		t.Errorf("largest length: %+v, %v", got, err)
	}
	if MaxMessageSize != 12500 || MaxBodySize != 12492 || HeaderSize != 8 {
		t.Error("size constants changed")
	}
}

// A frame must be exactly as long as its header says.
func TestFrameLength(t *testing.T) {
	frame := encode(t, sampleAgentState(), 24)
	var m AgentStateEvent
	wantErr(t, "short frame", m.Decode(24, frame[:len(frame)-1]), ErrTruncated, MsgAgentStateEvent, "MessageLength", 0)
	wantErr(t, "long frame", m.Decode(24, append(frame, 0)), ErrTooLong, MsgAgentStateEvent, "MessageLength", 0)
	var r Raw
	wantErr(t, "short raw", r.Decode(24, frame[:len(frame)-1]), ErrTruncated, MsgAgentStateEvent, "MessageLength", 0)
}

// cut returns the first n bytes of frame's body with the header adjusted.
func cut(frame []byte, n int) []byte {
	out := append([]byte(nil), frame[:HeaderSize+n]...)
	binary.BigEndian.PutUint32(out, uint32(n))
	return out
}

// Every fixed part cut short, in every version, is refused as truncated,
// naming the field the body ends in.
func TestTruncatedFixedPart(t *testing.T) {
	for _, g := range goldens {
		l := layoutOf(g.want.Type())
		for _, v := range g.versions {
			frame := unhex(t, g.dump, v)
			size := l.size(v)
			for n := 0; n < size; n++ {
				m := newMessage(g.want)
				err := m.Decode(v, cut(frame, n))
				field, off := fieldAt(l, v, n)
				wantErr(t, g.name+" cut at "+itoa(n), err, ErrTruncated, g.want.Type(), field, off)
			}
		}
	}
	// An independent spot check: an AGENT_STATE_EVENT body of 31 bytes
	// ends inside AgentState, the USHORT at body bytes 30-31.
	var m AgentStateEvent
	wantErr(t, "AgentState cut", m.Decode(18, cut(encode(t, sampleAgentState(), 18), 31)), ErrTruncated, MsgAgentStateEvent, "AgentState", 38)
}

func layoutOf(t MessageType) layout {
	switch t {
	case MsgFailureConf:
		return failureConfLayout
	case MsgFailureEvent:
		return failureEventLayout
	case MsgOpenReq:
		return openReqLayout
	case MsgOpenConf:
		return openConfLayout
	case MsgHeartbeatReq, MsgHeartbeatConf, MsgCloseConf:
		return invokeIDLayout
	case MsgCloseReq:
		return closeReqLayout
	case MsgAgentStateEvent:
		return agentStateLayout
	case MsgSystemEvent:
		return systemEventLayout
	}
	panic("no layout")
}

// fieldAt returns the field a body of n bytes ends inside and its offset.
func fieldAt(l layout, v Version, n int) (string, int) {
	off := 0
	for _, f := range l {
		if f.since > v {
			continue
		}
		if off+f.size > n {
			return f.name, HeaderSize + off
		}
		off += f.size
	}
	return "", -1
}

func TestOutOfRangeFixed(t *testing.T) {
	ase := encode(t, sampleAgentState(), 25)
	se := encode(t, goldenNamed(t, "SYSTEM_EVENT, 1-byte tags").want, 19)
	oc := unhex(t, goldenNamed(t, "OPEN_CONF, versions 24-25").dump, 24)
	for _, c := range []struct {
		name  string
		m     Message
		frame []byte
		v     Version
		off   int // offset in the message of the value to set
		size  int
		value uint32
		field string
	}{
		{"AgentState 15", new(AgentStateEvent), ase, 25, HeaderSize + aseAgentState, 2, 15, "AgentState"},
		{"AgentState 0xFFFF", new(AgentStateEvent), ase, 25, HeaderSize + aseAgentState, 2, 0xFFFF, "AgentState"},
		{"AgentState 256+3", new(AgentStateEvent), ase, 25, HeaderSize + aseAgentState, 2, 259, "AgentState"},
		{"SkillGroupState 15", new(AgentStateEvent), ase, 25, HeaderSize + aseSkillGroupState, 2, 15, "SkillGroupState"},
		{"AgentMode 2", new(AgentStateEvent), ase, 25, HeaderSize + aseAgentMode, 2, 2, "AgentMode"},
		{"AgentAvailabilityStatus 3", new(AgentStateEvent), ase, 25, HeaderSize + aseAvailability, 4, 3, "AgentAvailabilityStatus"},
		{"NumFltSkillGroups 100", new(AgentStateEvent), ase, 25, HeaderSize + aseNumFltSkillGroups, 2, 100, "NumFltSkillGroups"},
		{"SystemEventID 0", new(SystemEvent), se, 19, HeaderSize + seSystemEventID, 4, 0, "SystemEventID"},
		{"SystemEventID 12", new(SystemEvent), se, 19, HeaderSize + seSystemEventID, 4, 12, "SystemEventID"},
		{"SystemEventID 1<<24+4", new(SystemEvent), se, 19, HeaderSize + seSystemEventID, 4, 1<<24 + 4, "SystemEventID"},
		{"PeripheralOnline 2", new(OpenConf), oc, 24, HeaderSize + ocPeripheralOnline, 2, 2, "PeripheralOnline"},
		{"OPEN_CONF AgentState 15", new(OpenConf), oc, 24, HeaderSize + ocAgentState, 2, 15, "AgentState"},
		{"SessionType 3", new(OpenConf), oc, 24, HeaderSize + ocSessionType, 2, 3, "SessionType"},
	} {
		frame := append([]byte(nil), c.frame...)
		if c.size == 2 {
			binary.BigEndian.PutUint16(frame[c.off:], uint16(c.value))
		} else {
			binary.BigEndian.PutUint32(frame[c.off:], c.value)
		}
		err := c.m.Decode(c.v, frame)
		wantErr(t, c.name, err, ErrOutOfRange, c.m.Type(), c.field, c.off)
		if !errors.Is(err, ccefsm.ErrUnknownValue) {
			t.Errorf("%s: %v does not unwrap to ccefsm.ErrUnknownValue", c.name, err)
		}
	}
}

// floatingFrame returns an AGENT_STATE_EVENT of version v with the given raw
// floating part and NumFltSkillGroups, and the offset of the floating part.
func floatingFrame(t *testing.T, v Version, numFlt uint16, floating ...byte) ([]byte, int) {
	t.Helper()
	m := aseWant(numFlt, 0)
	if v >= 19 {
		m.DepartmentID = 7
	}
	m.NumFltSkillGroups = 0
	frame := encode(t, m, v)
	binary.BigEndian.PutUint16(frame[HeaderSize+aseNumFltSkillGroups:], numFlt)
	start := len(frame)
	frame = append(frame, floating...)
	binary.BigEndian.PutUint32(frame, uint32(len(frame)-HeaderSize))
	return frame, start
}

func TestFloatingErrors(t *testing.T) {
	for _, c := range []struct {
		name     string
		v        Version
		numFlt   uint16
		floating []byte
		sentinel error
		field    string
		off      int // from the start of the floating part
	}{
		{"header cut, 1-byte", 18, 0, []byte{5}, ErrOverrun, "FloatingField", 0},
		{"header cut, 2-byte", 20, 0, []byte{0, 5, 0}, ErrOverrun, "FloatingField", 0},
		{"data past the end", 18, 0, []byte{5, 5, '1', '0', '0', '1'}, ErrOverrun, "AgentID", 0},
		{"data past the end, 2-byte", 24, 0, []byte{0, 5, 0, 5, '1'}, ErrOverrun, "AgentID", 0},
		{"unknown tag past the end", 24, 0, []byte{0, 5, 0, 1, 0, 0x99, 0x10, 0}, ErrOverrun, "FloatingField", 5},
		{"second field past the end", 18, 0, []byte{5, 2, '1', 0, 4, 9, '3'}, ErrOverrun, "AgentExtension", 4},
		{"string without NUL", 18, 0, []byte{5, 4, '1', '0', '0', '1'}, ErrMalformed, "AgentID", 0},
		{"string with a NUL inside", 18, 0, []byte{5, 5, '1', 0, '0', '1', 0}, ErrMalformed, "AgentID", 0},
		{"empty string", 18, 0, []byte{5, 0}, ErrMalformed, "AgentID", 0},
		{"AgentID of 13 bytes", 18, 0, append([]byte{5, 13}, str("123456789012")...), ErrMalformed, "AgentID", 0},
		{"Duration of 3 bytes", 18, 0, []byte{150, 3, 0, 0, 1}, ErrMalformed, "Duration", 0},
		{"NextAgentState of 4 bytes", 18, 0, []byte{123, 4, 0, 0, 0, 1}, ErrMalformed, "NextAgentState", 0},
		{"NextAgentState 15", 18, 0, []byte{123, 2, 0, 15}, ErrOutOfRange, "NextAgentState", 0},
		{"Direction 8", 18, 0, []byte{244, 4, 0, 0, 0, 8}, ErrOutOfRange, "Direction", 0},
		{"AgentID twice", 18, 0, []byte{5, 2, '1', 0, 5, 2, '2', 0}, ErrDuplicateField, "AgentID", 4},
		{"skill group starts with its ID", 18, 1, []byte{63, 4, 0, 0, 0, 1}, ErrMalformed, "FltSkillGroupID", 0},
		{"skill group cut by another tag", 18, 1, []byte{62, 4, 0, 0, 0, 1, 5, 2, '1', 0}, ErrMalformed, "FltSkillGroupID", 6},
		{"skill group cut by the end", 18, 1, []byte{62, 4, 0, 0, 0, 1, 63, 4, 0, 0, 0, 1}, ErrMalformed, "FltSkillGroupPriority", 12},
		{"FltSkillGroupState 15", 18, 1, []byte{62, 4, 0, 0, 0, 1, 63, 4, 0, 0, 0, 1, 64, 2, 0, 0, 65, 2, 0, 15}, ErrOutOfRange, "FltSkillGroupState", 16},
		{"one skill group for two", 18, 2, []byte{62, 4, 0, 0, 0, 1, 63, 4, 0, 0, 0, 1, 64, 2, 0, 0, 65, 2, 0, 1}, ErrMalformed, "NumFltSkillGroups", -1},
		{"skill groups without NumFltSkillGroups", 24, 0, []byte{0, 62, 0, 4, 0, 0, 0, 1, 0, 63, 0, 4, 0, 0, 0, 1, 0, 64, 0, 2, 0, 0, 0, 65, 0, 2, 0, 1}, ErrMalformed, "NumFltSkillGroups", -1},
		{"MaxBeyondTaskLimit of 2 bytes", 22, 0, []byte{1, 10, 0, 2, 0, 1}, ErrMalformed, "MaxBeyondTaskLimit", 0},
		{"ActiveTerminal without NUL", 25, 0, []byte{1, 47, 0, 1, 'x'}, ErrMalformed, "ActiveTerminal", 0},
	} {
		frame, start := floatingFrame(t, c.v, c.numFlt, c.floating...)
		var m AgentStateEvent
		off := start + c.off
		if c.off == -1 {
			off = HeaderSize + aseNumFltSkillGroups
		}
		wantErr(t, c.name, m.Decode(c.v, frame), c.sentinel, MsgAgentStateEvent, c.field, off)
	}
}

// A field that a version does not define for the message is an unknown
// field there: kept, unchecked, and re-encoded as it came.
func TestFieldOutsideItsVersion(t *testing.T) {
	for _, c := range []struct {
		name     string
		v        Version
		floating []byte
	}{
		{"Direction 8 in version 15", 15, []byte{244, 4, 0, 0, 0, 8}},
		{"MaxBeyondTaskLimit of 1 byte in version 21", 21, []byte{1, 10, 0, 1, 9}},
		{"ActiveTerminal without NUL in version 24", 24, []byte{1, 47, 0, 1, 'x'}},
	} {
		frame, _ := floatingFrame(t, c.v, 0, c.floating...)
		var m AgentStateEvent
		if err := m.Decode(c.v, frame); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if enc := encode(t, &m, c.v); string(enc) != string(frame) {
			t.Errorf("%s: re-encoded %x, want %x", c.name, enc, frame)
		}
	}
	// The accessors report no value for such a field.
	frame, _ := floatingFrame(t, 15, 0, 244, 4, 0, 0, 0, 8)
	var m AgentStateEvent
	if err := m.Decode(15, frame); err != nil {
		t.Fatal(err)
	}
	if d, ok := m.Direction(); ok {
		t.Errorf("Direction() = %v, true", d)
	}
}

func TestOpenReqErrors(t *testing.T) {
	base := &OpenReq{VersionNumber: 24, Floating: []Field{{TagClientID, str("c")}, {TagClientPassword, nil}}}
	frame := encode(t, base, 24)
	var m OpenReq
	if err := m.Decode(24, frame); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "version mismatch", m.Decode(25, frame), ErrUnsupportedVersion, MsgOpenReq, "VersionNumber", 12)
	if v, err := PeekVersion(frame); err != nil || v != 24 {
		t.Errorf("PeekVersion = %d, %v", v, err)
	}
	_, err := PeekVersion(encode(t, &HeartbeatReq{}, 24))
	wantErr(t, "PeekVersion of a heartbeat", err, ErrWrongType, MsgOpenReq, "MessageType", 4)
	_, err = PeekVersion(cut(frame, 6))
	wantErr(t, "PeekVersion of a cut OPEN_REQ", err, ErrTruncated, MsgOpenReq, "VersionNumber", 12)

	noID := &OpenReq{VersionNumber: 24, Floating: []Field{{TagClientPassword, nil}}}
	_, err = noID.Append(nil, 24)
	wantErr(t, "Append without ClientID", err, ErrMissingField, MsgOpenReq, "ClientID", -1)
	noPass := &OpenReq{VersionNumber: 19, Floating: []Field{{TagClientID, str("c")}}}
	_, err = noPass.Append(nil, 19)
	wantErr(t, "Append without ClientPassword", err, ErrMissingField, MsgOpenReq, "ClientPassword", -1)
	// The decoder refuses the same message.
	raw := append(Header{Type: MsgOpenReq}.Append(nil), frame[HeaderSize:HeaderSize+44]...)
	raw = append(raw, 0, 2, 0, 0)
	binary.BigEndian.PutUint32(raw, uint32(len(raw)-HeaderSize))
	wantErr(t, "Decode without ClientID", m.Decode(24, raw), ErrMissingField, MsgOpenReq, "ClientID", -1)
	_, err = (&OpenReq{VersionNumber: 20, Floating: base.Floating}).Append(nil, 24)
	wantErr(t, "Append version mismatch", err, ErrUnsupportedVersion, MsgOpenReq, "VersionNumber", 12)
}

func TestVersionErrors(t *testing.T) {
	for _, v := range []Version{0, 9, 12, 26, 1000} {
		if _, err := NewDecoder(DecoderConfig{Version: v}); !errors.Is(err, ErrUnsupportedVersion) {
			t.Errorf("NewDecoder(%d) = %v", v, err)
		}
		var m AgentStateEvent
		if err := m.Decode(v, encode(t, sampleAgentState(), 18)); !errors.Is(err, ErrUnsupportedVersion) {
			t.Errorf("Decode(%d) = %v", v, err)
		}
		if _, err := sampleAgentState().Append(nil, v); !errors.Is(err, ErrUnsupportedVersion) {
			t.Errorf("Append(%d) = %v", v, err)
		}
		if _, err := (&Raw{MsgType: 99}).Append(nil, v); !errors.Is(err, ErrUnsupportedVersion) {
			t.Errorf("Raw.Append(%d) = %v", v, err)
		}
	}
	var zero Decoder
	if _, err := zero.Decode(encode(t, sampleAgentState(), 18)); !errors.Is(err, ErrUnsupportedVersion) {
		t.Errorf("zero Decoder: %v", err)
	}
	for _, v := range allVersions() {
		if !v.Supported() {
			t.Errorf("%d not supported", v)
		}
	}
}

func TestWrongType(t *testing.T) {
	var m AgentStateEvent
	err := m.Decode(24, encode(t, &HeartbeatConf{InvokeID: 1}, 24))
	wantErr(t, "heartbeat as agent state", err, ErrWrongType, MsgAgentStateEvent, "MessageType", 4)
	if !strings.Contains(err.Error(), "HEARTBEAT_CONF") {
		t.Errorf("error %q does not name the message's type", err)
	}
}

// A refused message leaves the value it was decoded into as it was.
func TestRefusedLeavesValue(t *testing.T) {
	for _, g := range goldens {
		v := g.versions[0]
		frame := unhex(t, g.dump, v)
		m := newMessage(g.want)
		if err := m.Decode(v, frame); err != nil {
			t.Fatal(err)
		}
		before := deepCopy(m)
		if err := m.Decode(v, cut(frame, 0)); err == nil {
			t.Fatalf("%s: empty body accepted", g.name)
		}
		long := append(append([]byte(nil), frame...), 0xFF)
		binary.BigEndian.PutUint32(long, uint32(len(long)-HeaderSize))
		if err := m.Decode(v, long); err == nil {
			t.Fatalf("%s: trailing byte accepted", g.name)
		}
		if diff := cmp.Diff(before, m, cmpMessages); diff != "" {
			t.Errorf("%s: refused decodes changed the value:\n%s", g.name, diff)
		}
	}
	// And after a refusal in the floating part, with the array reused.
	m := sampleAgentState()
	frame := encode(t, m, 24)
	var got AgentStateEvent
	if err := got.Decode(24, frame); err != nil {
		t.Fatal(err)
	}
	before := got.Clone()
	bad, _ := floatingFrame(t, 24, 0, 0, 5, 0, 2, '1', 0, 0, 5, 0, 2, '2', 0) // AgentID twice
	if err := got.Decode(24, bad); !errors.Is(err, ErrDuplicateField) {
		t.Fatalf("Decode = %v", err)
	}
	if diff := cmp.Diff(before, &got, cmpMessages); diff != "" {
		t.Errorf("refused decode changed the value:\n%s", diff)
	}
}

// deepCopy copies a message and its floating data.
func deepCopy(m Message) Message {
	switch x := m.(type) {
	case *FailureConf:
		return x.Clone()
	case *FailureEvent:
		return x.Clone()
	case *OpenReq:
		return x.Clone()
	case *OpenConf:
		return x.Clone()
	case *HeartbeatReq:
		return x.Clone()
	case *HeartbeatConf:
		return x.Clone()
	case *CloseReq:
		return x.Clone()
	case *CloseConf:
		return x.Clone()
	case *AgentStateEvent:
		return x.Clone()
	case *SystemEvent:
		return x.Clone()
	case *Raw:
		return x.Clone()
	}
	panic("unknown message")
}

func TestAppendErrors(t *testing.T) {
	prefix := []byte("keep")
	check := func(name string, m Message, v Version, sentinel error, field string) {
		t.Helper()
		out, err := m.Append(prefix, v)
		wantErr(t, name, err, sentinel, m.Type(), field, -2)
		if string(out) != "keep" {
			t.Errorf("%s: dst changed to %q", name, out)
		}
	}
	m := sampleAgentState()
	m.AgentState = 15
	check("AgentState 15", m, 24, ErrOutOfRange, "AgentState")
	m = sampleAgentState()
	m.SkillGroupState = 20
	check("SkillGroupState 20", m, 24, ErrOutOfRange, "SkillGroupState")
	m = sampleAgentState()
	m.AgentMode = 2
	check("AgentMode 2", m, 24, ErrOutOfRange, "AgentMode")
	m = sampleAgentState()
	m.AgentAvailabilityStatus = 3
	check("AgentAvailabilityStatus 3", m, 24, ErrOutOfRange, "AgentAvailabilityStatus")
	m = sampleAgentState()
	m.NumFltSkillGroups = 100
	check("NumFltSkillGroups 100", m, 24, ErrOutOfRange, "NumFltSkillGroups")
	m = sampleAgentState()
	m.NumFltSkillGroups = 2
	check("NumFltSkillGroups 2 for one", m, 24, ErrMalformed, "NumFltSkillGroups")
	m = sampleAgentState()
	m.DepartmentID = 7
	check("DepartmentID in version 18", m, 18, ErrUnsupportedVersion, "DepartmentID")
	m = aseWant(0, 0, fBeyond)
	check("tag 266 in version 19", m, 19, ErrUnsupportedVersion, "FloatingField")
	m = aseWant(0, 0, Field{Tag: 200, Data: make([]byte, 256)})
	check("256 bytes in version 19", m, 19, ErrTooLong, "FloatingField")
	m = aseWant(0, 0, Field{Tag: 200, Data: make([]byte, 65535)})
	check("a message over 12500 bytes", m, 24, ErrTooLong, "MessageLength")
	m = aseWant(0, 0, Field{TagAgentID, []byte("1001")})
	check("AgentID without NUL", m, 24, ErrMalformed, "AgentID")
	check("SystemEventID 0", &SystemEvent{}, 24, ErrOutOfRange, "SystemEventID")
	check("OPEN_CONF DepartmentID in 18", &OpenConf{DepartmentID: 1}, 18, ErrUnsupportedVersion, "DepartmentID")
	check("OPEN_CONF SessionType in 23", &OpenConf{SessionType: SessionActive}, 23, ErrUnsupportedVersion, "SessionType")
	check("OPEN_CONF SessionType 3", &OpenConf{SessionType: 3}, 24, ErrOutOfRange, "SessionType")
	check("OPEN_CONF AgentState 15", &OpenConf{AgentState: 15}, 24, ErrOutOfRange, "AgentState")
	check("OPEN_CONF MultilineAgentControl 2", &OpenConf{Floating: []Field{{TagMultiLineAgentControl, []byte{0, 2}}}}, 24, ErrOutOfRange, "MultilineAgentControl")
	check("raw body over the maximum", &Raw{MsgType: 99, Body: make([]byte, MaxBodySize+1)}, 24, ErrTooLong, "MessageLength")
	check("HEARTBEAT_REQ tag 300 in 15", &HeartbeatReq{Floating: []Field{{Tag: 300}}}, 15, ErrUnsupportedVersion, "FloatingField")
	check("FAILURE_CONF field over 255 bytes in 15", &FailureConf{Floating: []Field{{Tag: 217, Data: make([]byte, 300)}}}, 15, ErrTooLong, "FloatingField")
}

func TestErrorString(t *testing.T) {
	frame := encode(t, sampleAgentState(), 25)
	binary.BigEndian.PutUint16(frame[HeaderSize+aseAgentState:], 15)
	var m AgentStateEvent
	err := m.Decode(25, frame)
	const want = "cti: value out of range: AGENT_STATE_EVENT AgentState at byte 38: 15 is not an AgentState (0-14)"
	if err == nil || err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err, want)
	}
	_, err = NewDecoder(DecoderConfig{Version: 12})
	if got := err.Error(); got != "cti: unsupported protocol version: Version: version 12 is not supported (13-25)" {
		t.Errorf("error = %q", got)
	}
}

func goldenNamed(t *testing.T, name string) golden {
	t.Helper()
	for _, g := range goldens {
		if g.name == name {
			return g
		}
	}
	t.Fatalf("no golden vector %q", name)
	return golden{}
}
