package cti

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// Every fuzz target checks, for its entry point: no panic; a refused input
// gives an *Error; an accepted message re-encodes to the same bytes and
// decodes again to the same value; decoding it into a fresh value allocates
// once at most (the floating list, sized exactly: bounded by the input).

// seedGoldens adds the golden vectors of type typ (all, for typ 0) as seeds.
func seedGoldens(f *testing.F, typ MessageType) {
	for _, g := range goldens {
		if typ != 0 && g.want.Type() != typ {
			continue
		}
		for _, v := range g.versions {
			f.Add(uint8(v), false, unhex(f, g.dump, v))
		}
	}
}

// fuzzVersion maps a byte to a version, mostly a supported one.
func fuzzVersion(b uint8) Version {
	if b < 13 || b > 25 {
		return Version(b%13 + 13)
	}
	return Version(b)
}

// fixHeader sets the header of data to a message of type typ as long as
// data, so that the fuzzer spends its time on bodies.
func fixHeader(data []byte, typ MessageType) []byte {
	if len(data) < HeaderSize {
		return data
	}
	data = append([]byte(nil), data...)
	binary.BigEndian.PutUint32(data, uint32(len(data)-HeaderSize))
	binary.BigEndian.PutUint32(data[4:], uint32(typ))
	return data
}

func checkRefusal(t *testing.T, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *cti.Error", err, err)
	}
	if e.Err == nil || e.Error() == "" {
		t.Fatalf("empty error %#v", e)
	}
}

// fuzzMessage runs the common checks on a decoder of one message type.
func fuzzMessage(f *testing.F, typ MessageType, fresh func() Message) {
	seedGoldens(f, typ)
	f.Add(uint8(20), true, []byte{})
	f.Fuzz(func(t *testing.T, vb uint8, fix bool, data []byte) {
		v := fuzzVersion(vb)
		if fix {
			data = fixHeader(data, typ)
		}
		m := fresh()
		if err := m.Decode(v, data); err != nil {
			checkRefusal(t, err)
			return
		}
		enc, err := m.Append(nil, v)
		if err != nil {
			t.Fatalf("accepted message does not encode: %v\n%x", err, data)
		}
		if !bytes.Equal(enc, data) {
			t.Fatalf("re-encoded\n%x\nwant\n%x", enc, data)
		}
		again := fresh()
		if err := again.Decode(v, enc); err != nil {
			t.Fatalf("re-encoded message refused: %v", err)
		}
		if n := testing.AllocsPerRun(1, func() {
			if err := fresh().Decode(v, data); err != nil {
				t.Fatal(err)
			}
		}); n > 2 { // the value itself, and its floating list
			t.Fatalf("a fresh decode of %d bytes allocates %v times", len(data), n)
		}
	})
}

func FuzzAgentStateEvent(f *testing.F) {
	fuzzMessage(f, MsgAgentStateEvent, func() Message { return new(AgentStateEvent) })
}

func FuzzSystemEvent(f *testing.F) {
	fuzzMessage(f, MsgSystemEvent, func() Message { return new(SystemEvent) })
}

func FuzzOpenReq(f *testing.F) {
	fuzzMessage(f, MsgOpenReq, func() Message { return new(OpenReq) })
}

func FuzzOpenConf(f *testing.F) {
	fuzzMessage(f, MsgOpenConf, func() Message { return new(OpenConf) })
}

func FuzzFailureConf(f *testing.F) {
	fuzzMessage(f, MsgFailureConf, func() Message { return new(FailureConf) })
}

func FuzzFailureEvent(f *testing.F) {
	fuzzMessage(f, MsgFailureEvent, func() Message { return new(FailureEvent) })
}

func FuzzHeartbeatReq(f *testing.F) {
	fuzzMessage(f, MsgHeartbeatReq, func() Message { return new(HeartbeatReq) })
}

func FuzzHeartbeatConf(f *testing.F) {
	fuzzMessage(f, MsgHeartbeatConf, func() Message { return new(HeartbeatConf) })
}

func FuzzCloseReq(f *testing.F) {
	fuzzMessage(f, MsgCloseReq, func() Message { return new(CloseReq) })
}

func FuzzCloseConf(f *testing.F) {
	fuzzMessage(f, MsgCloseConf, func() Message { return new(CloseConf) })
}

func FuzzRaw(f *testing.F) {
	fuzzMessage(f, MsgEndTaskEvent, func() Message { return new(Raw) })
}

// FuzzDecoder feeds any bytes to Decoder.Decode: every type, known or not.
func FuzzDecoder(f *testing.F) {
	seedGoldens(f, 0)
	f.Fuzz(func(t *testing.T, vb uint8, _ bool, data []byte) {
		v := fuzzVersion(vb)
		dec, err := NewDecoder(DecoderConfig{Version: v})
		if err != nil {
			t.Fatal(err)
		}
		m, err := dec.Decode(data)
		if err != nil {
			checkRefusal(t, err)
			return
		}
		if m.Type() != MessageType(binary.BigEndian.Uint32(data[4:])) {
			t.Fatalf("decoded a %s from a %x", m.Type(), data[4:8])
		}
		if _, isRaw := m.(*Raw); isRaw == m.Type().Modelled() {
			t.Fatalf("%s decoded to a %T", m.Type(), m)
		}
		enc, err := m.Append(nil, v)
		if err != nil || !bytes.Equal(enc, data) {
			t.Fatalf("re-encoded %x, %v; want %x", enc, err, data)
		}
	})
}

// FuzzSplitMessages splits any stream: the messages it yields are whole,
// consecutive and of the length their header says, and a stream it stops on
// ends with an *Error.
func FuzzSplitMessages(f *testing.F) {
	all, _ := stream(f, 24)
	f.Add(all)
	f.Add(all[:len(all)-3])
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 1})
	f.Add(Header{Length: MaxBodySize + 1}.Append(nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Split(SplitMessages)
		off := 0
		for sc.Scan() {
			tok := sc.Bytes()
			h, err := ParseHeader(tok)
			if err != nil || len(tok) != HeaderSize+int(h.Length) {
				t.Fatalf("token %x: header %+v, %v", tok, h, err)
			}
			if !bytes.Equal(tok, data[off:off+len(tok)]) {
				t.Fatalf("token at %d is not the stream's next bytes", off)
			}
			off += len(tok)
		}
		if err := sc.Err(); err != nil {
			checkRefusal(t, err)
			if off == len(data) {
				t.Fatal("error at the end of a whole stream")
			}
		} else if off != len(data) {
			t.Fatalf("scan stopped at %d of %d bytes without error", off, len(data))
		}
	})
}

// Every single-bit flip of every golden vector is either refused with an
// *Error or accepted as a message that re-encodes to the flipped bytes; a
// flip of a checked enumerated field or of a string's NUL is refused.
func TestBitFlips(t *testing.T) {
	refused, accepted := 0, 0
	for _, g := range goldens {
		for _, v := range []Version{g.versions[0], g.versions[len(g.versions)-1]} {
			frame := unhex(t, g.dump, v)
			dec, _ := NewDecoder(DecoderConfig{Version: v})
			for i := range len(frame) * 8 {
				flipped := append([]byte(nil), frame...)
				flipped[i/8] ^= 1 << (i % 8)
				m, err := dec.Decode(flipped)
				if err != nil {
					checkRefusal(t, err)
					refused++
					continue
				}
				accepted++
				if enc, err := m.Append(nil, v); err != nil || !bytes.Equal(enc, flipped) {
					t.Fatalf("%s v%d bit %d: re-encoded %x, %v", g.name, v, i, enc, err)
				}
			}
		}
	}
	// Both outcomes occur: a flip of a length is refused, a flip of most
	// values is a different valid message.
	if refused == 0 || accepted == 0 {
		t.Errorf("%d refused, %d accepted", refused, accepted)
	}
	t.Logf("%d flips refused, %d accepted", refused, accepted)

	// Targeted: the AgentState's high byte, and the AgentID's NUL.
	frame := unhex(t, goldenNamed(t, "AGENT_STATE_EVENT floating part, 2-byte tags").dump, 25)
	for _, c := range []struct {
		byte int
		err  error
	}{{HeaderSize + aseAgentState, ErrOutOfRange}, {bytes.Index(frame, []byte("1001\x00")) + 4, ErrMalformed}} {
		for bit := range 8 {
			flipped := append([]byte(nil), frame...)
			flipped[c.byte] ^= 1 << bit
			var m AgentStateEvent
			if err := m.Decode(25, flipped); !errors.Is(err, c.err) {
				t.Errorf("byte %d bit %d: %v, want %v", c.byte, bit, err, c.err)
			}
		}
	}
}
