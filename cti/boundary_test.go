package cti

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm/agentstate"
)

// Every checked field accepts its largest documented value, and a message
// with every such value at once round-trips.
func TestBoundaryValues(t *testing.T) {
	m := aseWant(maxFltSkillGroups, 0, Field{TagExtAgentState, []byte{0, 14}}, Field{TagDirection, []byte{0, 0, 0, 7}},
		Field{TagAgentID, str("12345678901")}, Field{TagClientSignature, append(bytes.Repeat([]byte{'s'}, 63), 0)})
	m.SkillGroupState, m.AgentState = agentstate.NotActive, agentstate.NotActive
	m.AgentMode, m.AgentAvailabilityStatus = Routable, ApplicationAvailable
	for i := range maxFltSkillGroups {
		m.Floating = append(m.Floating, Field{TagSkillGroupNumber, []byte{0, 0, 0, byte(i)}}, fSGID, fSGPrio,
			Field{TagSkillGroupState, []byte{0, 14}})
	}
	for _, v := range []Version{13, 19, 20, 25} {
		frame := encode(t, m, v)
		var got AgentStateEvent
		if err := got.Decode(v, frame); err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
		if got.SkillGroupState != agentstate.NotActive || got.AgentState != agentstate.NotActive ||
			got.AgentMode != Routable || got.AgentAvailabilityStatus != ApplicationAvailable ||
			got.NumFltSkillGroups != 99 || len(got.SkillGroups(nil)) != 99 {
			t.Errorf("version %d: %+v", v, got)
		}
		if next, _ := got.NextAgentState(); next != agentstate.NotActive {
			t.Errorf("NextAgentState %v", next)
		}
		if d, _ := got.Direction(); d != DirectionOutboundPredictive {
			t.Errorf("Direction %v", d)
		}
		if enc := encode(t, &got, v); !bytes.Equal(enc, frame) {
			t.Errorf("version %d: re-encoded differently", v)
		}
	}
	// The decoder names the field that is out of range, not its neighbour
	// at its maximum.
	m.NumFltSkillGroups = 0
	m.Floating = nil
	frame := encode(t, m, 25)
	frame[HeaderSize+aseNumFltSkillGroups+1] = 100
	var got AgentStateEvent
	wantErr(t, "NumFltSkillGroups 100 beside maxima", got.Decode(25, frame), ErrOutOfRange, MsgAgentStateEvent, "NumFltSkillGroups", HeaderSize+aseNumFltSkillGroups)
	frame[HeaderSize+aseNumFltSkillGroups+1] = 0
	frame[HeaderSize+aseAvailability+3] = 3
	wantErr(t, "AgentAvailabilityStatus 3 beside maxima", got.Decode(25, frame), ErrOutOfRange, MsgAgentStateEvent, "AgentAvailabilityStatus", HeaderSize+aseAvailability)
	frame[HeaderSize+aseAvailability+3] = 2
	frame[HeaderSize+aseAgentMode+1] = 2
	wantErr(t, "AgentMode 2 beside maxima", got.Decode(25, frame), ErrOutOfRange, MsgAgentStateEvent, "AgentMode", HeaderSize+aseAgentMode)
	frame[HeaderSize+aseAgentMode+1] = 1
	frame[HeaderSize+aseAgentState+1] = 15
	wantErr(t, "AgentState 15 beside maxima", got.Decode(25, frame), ErrOutOfRange, MsgAgentStateEvent, "AgentState", HeaderSize+aseAgentState)

	// SYSTEM_EVENT: 1 and 11 are SystemEventIDs.
	for _, id := range []SystemEventID{SysCentralControllerOnline, SysInstrumentBackInService} {
		e := &SystemEvent{SystemEventID: id}
		var got SystemEvent
		if err := got.Decode(20, encode(t, e, 20)); err != nil || got.SystemEventID != id {
			t.Errorf("SystemEventID %d: %v", id, err)
		}
	}
	// OPEN_CONF: AgentState 14, PeripheralOnline TRUE, SessionType 2.
	c := &OpenConf{AgentState: agentstate.NotActive, PeripheralOnline: true, SessionType: SessionStandby,
		Floating: []Field{{TagMultiLineAgentControl, []byte{0, 1}}, {TagMultiLineAgentControl, []byte{0, 0}}}}
	var gc OpenConf
	if err := gc.Decode(25, encode(t, c, 25)); err != nil || gc.AgentState != agentstate.NotActive || gc.SessionType != SessionStandby {
		t.Errorf("OPEN_CONF maxima: %+v, %v", gc, err)
	}
	// OPEN_REQ: a 64-byte ClientPassword (UNSPEC 64) is the largest.
	r := &OpenReq{VersionNumber: 22, Floating: []Field{StringField(TagClientID, "c"), BytesField(TagClientPassword, make([]byte, 64))}}
	var gr OpenReq
	if err := gr.Decode(22, encode(t, r, 22)); err != nil {
		t.Errorf("64-byte password: %v", err)
	}
	r.Floating[1].Data = make([]byte, 65)
	_, err := r.Append(nil, 22)
	wantErr(t, "65-byte password", err, ErrMalformed, MsgOpenReq, "ClientPassword", -2)
	// Strings: 12 bytes with the NUL is the largest AgentID.
	m = aseWant(0, 0, Field{TagAgentID, str("123456789012")})
	_, err = m.Append(nil, 18)
	wantErr(t, "13-byte AgentID", err, ErrMalformed, MsgAgentStateEvent, "AgentID", -2)
	if !errors.Is(err, ErrMalformed) {
		t.Error(err)
	}
}

// A message of the header alone: a Raw with an empty body, or a typed
// message cut short; 7 bytes are no header.
func TestHeaderOnly(t *testing.T) {
	dec, _ := NewDecoder(DecoderConfig{Version: 21})
	m, err := dec.Decode(Header{Type: 99}.Append(nil))
	if raw, ok := m.(*Raw); err != nil || !ok || raw.MsgType != 99 || len(raw.Body) != 0 {
		t.Errorf("empty unknown message: %#v, %v", m, err)
	}
	_, err = dec.Decode(Header{Type: MsgFailureEvent}.Append(nil))
	wantErr(t, "empty FAILURE_EVENT", err, ErrTruncated, MsgFailureEvent, "Status", HeaderSize)
	m, err = dec.Decode(Header{Type: 99}.Append(nil)[:7])
	if m != nil {
		t.Errorf("7 bytes decoded to %#v", m)
	}
	wantErr(t, "7 bytes", err, ErrTruncated, 0, "MessageHeader", 0)
}

// The decoder's fast path and its explaining slow path agree: values the
// fast path must refuse, at the edges of each kind.
func TestFieldKindEdges(t *testing.T) {
	for _, c := range []struct {
		name     string
		v        Version
		floating []byte
		sentinel error
		field    string
	}{
		{"NUL at the string's first byte", 18, []byte{5, 3, 0, 'x', 0}, ErrMalformed, "AgentID"},
		{"NextAgentState 0x0103", 18, []byte{123, 2, 1, 3}, ErrOutOfRange, "NextAgentState"},
		{"FltSkillGroupState 0x0100", 18, []byte{62, 4, 0, 0, 0, 1, 63, 4, 0, 0, 0, 1, 64, 2, 0, 0, 65, 2, 1, 0}, ErrOutOfRange, "FltSkillGroupState"},
		{"Direction 0x00010001", 18, []byte{244, 4, 0, 1, 0, 1}, ErrOutOfRange, "Direction"},
		{"Direction 0x01000000", 18, []byte{244, 4, 1, 0, 0, 0}, ErrOutOfRange, "Direction"},
		{"Direction of 2 bytes", 18, []byte{244, 2, 0, 1}, ErrMalformed, "Direction"},
		{"FltSkillGroupPriority of 4 bytes", 18, []byte{62, 4, 0, 0, 0, 1, 63, 4, 0, 0, 0, 1, 64, 4, 0, 0, 0, 0}, ErrMalformed, "FltSkillGroupPriority"},
	} {
		numFlt := uint16(0)
		if c.floating[0] == 62 {
			numFlt = 1
		}
		frame, _ := floatingFrame(t, c.v, numFlt, c.floating...)
		var m AgentStateEvent
		wantErr(t, c.name, m.Decode(c.v, frame), c.sentinel, MsgAgentStateEvent, c.field, -2)
	}
	for _, c := range []struct {
		name     string
		floating []Field
		sentinel error
		field    string
	}{
		{"NumPeripherals of 3 bytes", []Field{{TagNumPeripherals, []byte{0, 0, 1}}}, ErrMalformed, "NumPeripherals"},
		{"NumPeripherals of 1 byte", []Field{{TagNumPeripherals, []byte{1}}}, ErrMalformed, "NumPeripherals"},
		{"MultilineAgentControl 0x0101", []Field{{TagMultiLineAgentControl, []byte{1, 1}}}, ErrOutOfRange, "MultilineAgentControl"},
		{"MultilineAgentControl of 1 byte", []Field{{TagMultiLineAgentControl, []byte{1}}}, ErrMalformed, "MultilineAgentControl"},
		{"NumPeripherals twice", []Field{{TagNumPeripherals, []byte{0, 1}}, {TagNumPeripherals, []byte{0, 1}}}, ErrDuplicateField, "NumPeripherals"},
	} {
		// Encode the fields unchecked, as an unknown version-13 field
		// would be, then decode as version 20.
		var body []byte
		for _, f := range c.floating {
			body = append(body, 0, byte(f.Tag), 0, byte(len(f.Data)))
			body = append(body, f.Data...)
		}
		frame := append(encode(t, &OpenConf{}, 20), body...)
		binary.BigEndian.PutUint32(frame, uint32(len(frame)-HeaderSize))
		var m OpenConf
		wantErr(t, c.name, m.Decode(20, frame), c.sentinel, MsgOpenConf, c.field, -2)
		_, err := (&OpenConf{Floating: c.floating}).Append(nil, 20)
		wantErr(t, c.name+" (Append)", err, c.sentinel, MsgOpenConf, c.field, -2)
	}
}

// Messages of exactly the maximum size are accepted, one byte more is not.
func TestMaximumSize(t *testing.T) {
	for _, v := range []Version{18, 20} {
		m := aseWant(0, 0)
		if v >= 19 {
			m.DepartmentID = 1
		}
		base := len(encode(t, m, v))
		// Fill with unknown fields of 255 bytes, then one to the exact size.
		for size := base; size < MaxMessageSize; {
			n := min(255, MaxMessageSize-size-v.fieldHeader())
			m.Floating = append(m.Floating, Field{Tag: 200, Data: make([]byte, n)})
			size += v.fieldHeader() + n
		}
		frame := encode(t, m, v)
		if len(frame) != MaxMessageSize {
			t.Fatalf("version %d: built %d bytes", v, len(frame))
		}
		var got AgentStateEvent
		if err := got.Decode(v, frame); err != nil {
			t.Errorf("version %d: %d bytes refused: %v", v, len(frame), err)
		}
		dec, _ := NewDecoder(DecoderConfig{Version: v})
		if _, err := dec.Decode(frame); err != nil {
			t.Errorf("version %d: Decoder refused %d bytes: %v", v, len(frame), err)
		}
		m.Floating = append(m.Floating, Field{Tag: 201})
		_, err := m.Append(nil, v)
		wantErr(t, "one byte over", err, ErrTooLong, MsgAgentStateEvent, "MessageLength", 0)
	}
}

// The offsets and texts of errors, where the fields' names alone do not
// tell a right error from a wrong one.
func TestErrorDetails(t *testing.T) {
	check := func(name string, err error, offset int, reason string) {
		t.Helper()
		var e *Error
		if !errors.As(err, &e) || e.Offset != offset || !strings.Contains(e.Reason, reason) {
			t.Errorf("%s: %v (offset %d), want offset %d and %q", name, err, offsetOf(err), offset, reason)
		}
	}
	// Append errors carry the offsets the decoder would give.
	for _, c := range []struct {
		name  string
		mut   func(*AgentStateEvent)
		field int
	}{
		{"SkillGroupState", func(m *AgentStateEvent) { m.SkillGroupState = 15 }, aseSkillGroupState},
		{"AgentState", func(m *AgentStateEvent) { m.AgentState = 15 }, aseAgentState},
		{"AgentMode", func(m *AgentStateEvent) { m.AgentMode = 2 }, aseAgentMode},
		{"AgentAvailabilityStatus", func(m *AgentStateEvent) { m.AgentAvailabilityStatus = 3 }, aseAvailability},
		{"NumFltSkillGroups", func(m *AgentStateEvent) { m.NumFltSkillGroups = 100 }, aseNumFltSkillGroups},
	} {
		m := sampleAgentState()
		c.mut(m)
		_, err := m.Append(nil, 20)
		check(c.name, err, HeaderSize+c.field, "")
	}
	m := sampleAgentState()
	m.DepartmentID = 3
	_, err := m.Append(nil, 18)
	check("DepartmentID", err, -1, "added in 19")
	// The offset of a field in Append is the one it would have on the wire.
	m = aseWant(0, 0, fAgentID, Field{TagExtAgentState, []byte{0, 99}})
	_, err = m.Append(nil, 20)
	check("NextAgentState 99", err, HeaderSize+62+4+5, "99 is not an AgentState")
	m = aseWant(1, 0, fAgentID, fSGNumber, fSGID)
	_, err = m.Append(nil, 20)
	check("list cut at the end", err, HeaderSize+62+9+8+8, "starts at byte 79")
	// Overruns name the field and say what remains.
	frame, start := floatingFrame(t, 20, 0, 0, 3, 0, 9, 'a')
	var got AgentStateEvent
	err = got.Decode(20, frame)
	wantErr(t, "CTIClientSignature overrun", err, ErrOverrun, MsgAgentStateEvent, "CTIClientSignature", start)
	check("CTIClientSignature overrun", err, start, "declares 9 bytes of data, 1 remain")
	frame, start = floatingFrame(t, 18, 0, 5)
	check("header cut", got.Decode(18, frame), start, "a field header needs 2 bytes, 1 remain")
	frame, start = floatingFrame(t, 20, 0, 2, 0, 0, 4, 1)
	err = got.Decode(20, frame)
	wantErr(t, "tag 512 overrun", err, ErrOverrun, MsgAgentStateEvent, "FloatingField", start)
	frame, start = floatingFrame(t, 16, 0, 244, 4, 0)
	wantErr(t, "Direction overrun in its first version", got.Decode(16, frame), ErrOverrun, MsgAgentStateEvent, "Direction", start)
	frame, start = floatingFrame(t, 20, 1, 0, 63, 0, 4, 0, 0, 0, 1)
	check("list out of order", got.Decode(20, frame), start, "a list entry starts with FltSkillGroupNumber")
	frame, start = floatingFrame(t, 20, 1, 0, 62, 0, 4, 0, 0, 0, 1, 0, 5, 0, 2, '1', 0)
	check("list interrupted", got.Decode(20, frame), start+8, "starts at byte "+itoa(start))
	// An error at byte 0 says so.
	_, err = ParseHeader(Header{Length: MaxBodySize + 1}.Append(nil))
	if !strings.Contains(err.Error(), "MessageLength at byte 0") {
		t.Errorf("error %q", err)
	}
	// PeekVersion reads an OPEN_REQ of 8 bytes of body.
	short := Header{Length: 8, Type: MsgOpenReq}.Append(nil)
	short = append(short, 0, 0, 0, 1, 0, 0, 0, 21)
	if v, err := PeekVersion(short); err != nil || v != 21 {
		t.Errorf("PeekVersion of 8 bytes: %d, %v", v, err)
	}
	check("PeekVersion of 7 bytes", func() error { _, err := PeekVersion(cut(short, 7)); return err }(), HeaderSize+4, "the body ends at byte 15")
}

func offsetOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Offset
	}
	return -3
}

// Unknown tags at the edges of the index and of the 1-byte tag.
func TestTagEdges(t *testing.T) {
	for _, c := range []struct {
		v   Version
		tag Tag
	}{{15, 255}, {20, 511}, {20, 512}, {20, 0xFFFF}} {
		m := aseWant(0, 0, Field{Tag: c.tag, Data: []byte{1, 2}})
		if c.v >= 19 {
			m.DepartmentID = 1
		}
		frame := encode(t, m, c.v)
		var got AgentStateEvent
		if err := got.Decode(c.v, frame); err != nil || len(got.Floating) != 1 || got.Floating[0].Tag != c.tag {
			t.Errorf("version %d, tag %d: %+v, %v", c.v, c.tag, got.Floating, err)
		}
	}
	_, err := aseWant(0, 0, Field{Tag: 256}).Append(nil, 15)
	wantErr(t, "tag 256 in version 15", err, ErrUnsupportedVersion, MsgAgentStateEvent, "FloatingField", HeaderSize+58)
}

// A fresh decode allocates the floating list once, sized by counting the
// fields, for every golden vector.
func TestFreshDecodeAllocatesOnce(t *testing.T) {
	for _, g := range goldens {
		for _, v := range g.versions {
			frame := unhex(t, g.dump, v)
			var last Message
			if n := testing.AllocsPerRun(5, func() {
				m := newMessage(g.want)
				if err := m.Decode(v, frame); err != nil {
					t.Fatal(err)
				}
				last = m
			}); n > 2 {
				t.Errorf("%s, version %d: %v allocations", g.name, v, n)
			}
			if f := floatingOf(last); cap(f) != len(f) {
				t.Errorf("%s, version %d: %d fields in a list of %d", g.name, v, len(f), cap(f))
			}
		}
	}
}

func floatingOf(m Message) []Field {
	switch x := m.(type) {
	case *FailureConf:
		return x.Floating
	case *FailureEvent:
		return x.Floating
	case *OpenReq:
		return x.Floating
	case *OpenConf:
		return x.Floating
	case *HeartbeatReq:
		return x.Floating
	case *HeartbeatConf:
		return x.Floating
	case *CloseReq:
		return x.Floating
	case *CloseConf:
		return x.Floating
	case *AgentStateEvent:
		return x.Floating
	case *SystemEvent:
		return x.Floating
	}
	return nil
}

func TestSpecTableGuards(t *testing.T) {
	panics := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", name)
			}
		}()
		f()
	}
	specs := make([]fieldSpec, 64)
	for i := range specs {
		specs[i] = fieldSpec{tag: Tag(i + 1), group: -1}
	}
	newSpecTable(0, specs...)
	panics("65 specs", func() { newSpecTable(0, append(specs, fieldSpec{tag: 100, group: -1})...) })
	newSpecTable(0, fieldSpec{tag: 511, since: 255, max: 255, group: -1})
	panics("tag 512", func() { newSpecTable(0, fieldSpec{tag: 512, group: -1}) })
	panics("since 256", func() { newSpecTable(0, fieldSpec{tag: 1, since: 256, group: -1}) })
	panics("max 256", func() { newSpecTable(0, fieldSpec{tag: 1, max: 256, group: -1}) })
	panics("a tag twice", func() { newSpecTable(0, fieldSpec{tag: 1, group: -1}, fieldSpec{tag: 1, group: -1}) })
	tbl := newSpecTable(2, fieldSpec{tag: 1, group: -1}, fieldSpec{tag: 2, group: 0}, fieldSpec{tag: 3, group: 1})
	if tbl.member[0] != 1 || tbl.member[1] != 2 {
		t.Errorf("members %v", tbl.member)
	}
	if _, err := ParseTaskID(make([]byte, 12)); err != nil {
		t.Errorf("12-byte TASKID: %v", err)
	}
}

// Append reports offsets from the start of the message, wherever dst puts it.
func TestAppendOffsetsAfterPrefix(t *testing.T) {
	prefix := make([]byte, 100)
	m := aseWant(0, 0, fAgentID, Field{TagExtAgentState, []byte{0, 99}})
	_, err := m.Append(prefix, 20)
	if offsetOf(err) != HeaderSize+62+4+5 {
		t.Errorf("NextAgentState 99 after a prefix: %v (offset %d)", err, offsetOf(err))
	}
	m = aseWant(1, 0, fAgentID, fSGNumber, fSGID)
	_, err = m.Append(prefix, 20)
	var e *Error
	if offsetOf(err) != HeaderSize+62+9+8+8 || !errors.As(err, &e) || !strings.Contains(e.Reason, "starts at byte 79") {
		t.Errorf("list cut after a prefix: %v (offset %d)", err, offsetOf(err))
	}
	// An unterminated string of the largest size is unterminated, not too
	// long.
	m = aseWant(0, 0, Field{TagAgentID, []byte("123456789012")})
	_, err = m.Append(nil, 20)
	if !errors.As(err, &e) || e.Reason != "the STRING does not end with NUL" {
		t.Errorf("12 bytes without NUL: %v", err)
	}
}

func TestIsValid(t *testing.T) {
	for _, c := range []struct {
		name    string
		valid   func(int) bool
		lo, max int
	}{
		{"SystemEventID", func(i int) bool { return SystemEventID(i).IsValid() }, 1, 11},
		{"AvailabilityStatus", func(i int) bool { return AvailabilityStatus(i).IsValid() }, 0, 2},
		{"AgentMode", func(i int) bool { return AgentMode(i).IsValid() }, 0, 1},
		{"Direction", func(i int) bool { return Direction(i).IsValid() }, 0, 7},
		{"SessionType", func(i int) bool { return SessionType(i).IsValid() }, 0, 2},
	} {
		for i := range 256 {
			if got, want := c.valid(i), i >= c.lo && i <= c.max; got != want {
				t.Errorf("%s(%d).IsValid() = %v", c.name, i, got)
			}
		}
	}
}
