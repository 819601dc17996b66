package cti

import (
	"bytes"
	"testing"
)

// A message type the package does not model decodes to a Raw, never an
// error, and re-encodes to the same bytes.
func TestUnknownMessageType(t *testing.T) {
	dec, err := NewDecoder(DecoderConfig{Version: 25})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []MessageType{0, 9, 36, MsgOfferTaskInd, MsgEndTaskEvent, MsgAgentInitReadyEvent, MsgTaskInitReq, 281, 70000, 0xFFFFFFFF} {
		frame := Header{Length: 5, Type: typ}.Append(nil)
		frame = append(frame, 1, 2, 3, 4, 5)
		m, err := dec.Decode(frame)
		if err != nil {
			t.Errorf("%s: %v", typ, err)
			continue
		}
		raw, ok := m.(*Raw)
		if !ok || raw.MsgType != typ || !bytes.Equal(raw.Body, []byte{1, 2, 3, 4, 5}) || raw.Type() != typ {
			t.Errorf("%s: decoded %#v", typ, m)
		}
		if enc := encode(t, m, 25); !bytes.Equal(enc, frame) {
			t.Errorf("%s: re-encoded %x", typ, enc)
		}
	}
	// The task messages are named, not modelled.
	if !MsgEndTaskEvent.Named() || MsgEndTaskEvent.Modelled() || MsgEndTaskEvent.String() != "END_TASK_EVENT" {
		t.Error("END_TASK_EVENT naming")
	}
	if MessageType(70000).Named() || MessageType(70000).String() != "MessageType(70000)" {
		t.Error("unnamed type")
	}
}

// Unknown floating tags are kept in place, among known ones, and re-encoded
// unchanged; the typed accessors still find the known fields.
func TestUnknownTagsKept(t *testing.T) {
	for _, v := range []Version{13, 19, 20, 25} {
		m := sampleAgentState()
		if v >= 19 {
			m.DepartmentID = 7
		}
		m.Floating = []Field{
			{Tag: 194, Data: []byte("x")}, // AGENT_ID_LONG_TAG, not in the message's table
			fAgentID,
			{Tag: 251, Data: nil},
			fSGNumber, fSGID, fSGPrio, fSGState,
			{Tag: 99, Data: []byte{0xFF, 0xFF, 0xFF}},
		}
		frame := encode(t, m, v)
		var got AgentStateEvent
		if err := got.Decode(v, frame); err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
		if len(got.Floating) != len(m.Floating) {
			t.Fatalf("version %d: %d fields, want %d", v, len(got.Floating), len(m.Floating))
		}
		for i := range got.Floating {
			if got.Floating[i].Tag != m.Floating[i].Tag || !bytes.Equal(got.Floating[i].Data, m.Floating[i].Data) {
				t.Errorf("version %d: field %d = %+v, want %+v", v, i, got.Floating[i], m.Floating[i])
			}
		}
		if id, ok := got.AgentID(); !ok || string(id) != "1001" {
			t.Errorf("version %d: AgentID = %q, %v", v, id, ok)
		}
		if enc := encode(t, &got, v); !bytes.Equal(enc, frame) {
			t.Errorf("version %d: re-encoded %x, want %x", v, enc, frame)
		}
	}
}
