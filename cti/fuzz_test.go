package cti

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"runtime"
	"testing"
)

// Every fuzz target checks, for its entry point: no panic; a refused input
// gives an *Error; an accepted message re-encodes to the same bytes and
// decodes again to the same value; decoding it into a fresh value allocates
// twice at most (the value and the floating list, sized exactly), and one
// call, accepted or refused, allocates no more bytes than allocBound of its
// input.

// allocFixed is the most bytes a decode entry point allocates whatever its
// input: a message value (the largest, an AgentStateEvent, is a few hundred
// bytes) or, on a refusal, an *Error and its reason.
const allocFixed = 1024

// allocPerByte is the most bytes a decode allocates per input byte: each
// floating field takes 2 bytes of input at the least (a 1-byte tag and a
// 1-byte length, no data) and one 32-byte Field in the list, 16 bytes per
// input byte, plus room for the allocator's size classes.
const allocPerByte = 18

// allocBound is the most bytes a decode of n input bytes may allocate.
func allocBound(n int) uint64 { return allocFixed + allocPerByte*uint64(n) }

// allocBytes returns the bytes f allocates (runtime.MemStats.TotalAlloc,
// which ReadMemStats makes exact by flushing the per-P caches).
func allocBytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// checkAllocBytes fails t when f allocates more than bound bytes. It
// measures once, and again when the first run is over the bound, keeping
// the smaller: an allocation by another goroutine of the test binary during
// one run cannot fail the target, a decode that allocates too much fails
// both runs.
func checkAllocBytes(t *testing.T, what string, n int, bound uint64, f func()) {
	t.Helper()
	got := allocBytes(f)
	if got > bound {
		got = min(got, allocBytes(f))
	}
	if got > bound {
		t.Fatalf("%s of %d bytes allocates %d bytes, over the bound of %d", what, n, got, bound)
	}
}

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
		checkDecodeBytes(t, v, data, fresh)
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

// checkDecodeBytes checks the bytes one decode of data into a fresh value
// allocates, accepted or refused.
func checkDecodeBytes(t *testing.T, v Version, data []byte, fresh func() Message) {
	t.Helper()
	checkAllocBytes(t, "a fresh decode", len(data), allocBound(len(data)), func() {
		_ = fresh().Decode(v, data)
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
// The first Decode of a new Decoder allocates no more than allocBound of
// the input.
func FuzzDecoder(f *testing.F) {
	seedGoldens(f, 0)
	f.Fuzz(func(t *testing.T, vb uint8, _ bool, data []byte) {
		v := fuzzVersion(vb)
		dec, err := NewDecoder(DecoderConfig{Version: v})
		if err != nil {
			t.Fatal(err)
		}
		// Two new Decoders, one for each run checkAllocBytes may make: a
		// Decoder that has decoded before may have room already.
		var fresh [2]*Decoder
		for i := range fresh {
			fresh[i], _ = NewDecoder(DecoderConfig{Version: v})
		}
		run := 0
		checkAllocBytes(t, "Decoder.Decode", len(data), allocBound(len(data)), func() {
			_, _ = fresh[run].Decode(data)
			run++
		})
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
// consecutive and of the length their header says, a stream it stops on
// ends with an *Error, and a call allocates no more than allocFixed bytes.
func FuzzSplitMessages(f *testing.F) {
	all, _ := stream(f, 24)
	f.Add(all)
	f.Add(all[:len(all)-3])
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 1})
	f.Add(Header{Length: MaxBodySize + 1}.Append(nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		// One call allocates nothing but, at the end of a stream that
		// stops, its *Error: a constant, whatever the stream's length.
		for _, atEOF := range []bool{false, true} {
			checkAllocBytes(t, "SplitMessages", len(data), allocFixed, func() {
				_, _, _ = SplitMessages(data, atEOF)
			})
		}
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

// FuzzPeekVersion: PeekVersion never panics; a version it returns is the
// VersionNumber of a whole OPEN_REQ, the UINT after its InvokeID; a
// refusal is an *Error of a sentinel that says why; a call allocates no
// more than allocFixed bytes.
func FuzzPeekVersion(f *testing.F) {
	seedGoldens(f, MsgOpenReq)
	seedGoldens(f, MsgOpenConf)
	f.Add(uint8(24), true, []byte{})
	f.Add(uint8(24), true, make([]byte, HeaderSize+7))
	f.Fuzz(func(t *testing.T, _ uint8, fix bool, data []byte) {
		if fix {
			data = fixHeader(data, MsgOpenReq)
		}
		checkAllocBytes(t, "PeekVersion", len(data), allocFixed, func() {
			_, _ = PeekVersion(data)
		})
		v, err := PeekVersion(data)
		if err != nil {
			checkRefusal(t, err)
			if v != 0 {
				t.Fatalf("version %d with the error %v", v, err)
			}
			var e *Error
			errors.As(err, &e)
			if e.Err != ErrTruncated && e.Err != ErrTooLong && e.Err != ErrWrongType {
				t.Fatalf("%v: sentinel %v", err, e.Err)
			}
			return
		}
		h, herr := ParseHeader(data)
		if herr != nil || h.Type != MsgOpenReq || len(data) != HeaderSize+int(h.Length) || len(data) < HeaderSize+8 {
			t.Fatalf("version %d from %x, which is no whole OPEN_REQ with a version (%+v, %v)", v, data, h, herr)
		}
		if want := Version(binary.BigEndian.Uint32(data[HeaderSize+4:])); v != want {
			t.Fatalf("version %d, the bytes at %d say %d", v, HeaderSize+4, want)
		}
		// A supported version that PeekVersion returns is the one the
		// OpenReq decoder reads, when it accepts the message.
		var m OpenReq
		if v.Supported() && m.Decode(v, data) == nil && m.VersionNumber != v {
			t.Fatalf("PeekVersion %d, OpenReq.VersionNumber %d", v, m.VersionNumber)
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
