package cti

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// traceCapture is a capture of two sessions: one of version 18 and one of
// version 25, each an OPEN_REQ followed by every golden vector of its
// version, then a message the decoder refuses (an AgentState of 15), a task
// message and a message of a type the package does not name, and a
// floating field of a tag the package does not know.
func traceCapture(t testing.TB) []byte {
	var capture []byte
	for _, v := range []Version{18, 25} {
		open := &OpenReq{InvokeID: 1, VersionNumber: v, IdleTimeout: 0xFFFFFFFF, PeripheralID: 5000,
			ServicesRequested: ServiceAllEvents | ServiceAgentReporting,
			Floating: []Field{StringField(TagClientID, "trace\t\"test\""), BytesField(TagClientPassword, []byte("secret")),
				Uint32Field(TagAppPathID, 7), {Tag: 250, Data: []byte{1, 2}}}}
		capture = append(capture, encode(t, open, v)...)
		all, _ := stream(t, v)
		capture = append(capture, all...)
		bad := encode(t, &AgentStateEvent{AgentState: agentstate.Available}, v)
		bad[HeaderSize+aseAgentState+1] = 15
		capture = append(capture, bad...)
		capture = append(capture, encode(t, &Raw{MsgType: MsgEndTaskEvent, Body: []byte{0, 0, 0, 1, 0xff}}, v)...)
		capture = append(capture, encode(t, &Raw{MsgType: 277}, v)...)
	}
	return capture
}

func TestWriteTrace(t *testing.T) {
	capture := traceCapture(t)
	for _, c := range []struct {
		format TraceFormat
		golden string
	}{{TraceText, "testdata/trace.txt"}, {TraceJSON, "testdata/trace.jsonl"}} {
		var out bytes.Buffer
		st, err := WriteTrace(&out, iotest.HalfReader(bytes.NewReader(capture)), TraceConfig{Format: c.format})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if st.Messages != len(lines) || st.Refused != 2 {
			t.Errorf("%d lines, stats %+v; want one line per message and 2 refused", len(lines), st)
		}
		if c.format == TraceJSON {
			for i, l := range lines {
				var obj map[string]any
				if err := json.Unmarshal([]byte(l), &obj); err != nil {
					t.Fatalf("line %d is not JSON: %v\n%s", i+1, err, l)
				}
				if _, ok := obj["offset"]; !ok {
					t.Fatalf("line %d has no offset: %s", i+1, l)
				}
			}
		}
		for _, l := range lines {
			if strings.Contains(l, "secret") {
				t.Errorf("the trace shows the client's password: %s", l)
			}
		}
		gencheck.Golden(t, c.golden, out.Bytes())
	}
}

// The offsets are those of the messages in the capture.
func TestWriteTraceOffsets(t *testing.T) {
	capture := traceCapture(t)
	var out bytes.Buffer
	if _, err := WriteTrace(&out, bytes.NewReader(capture), TraceConfig{Format: TraceJSON}); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var obj struct {
			Offset int
			Length int
			Type   string
		}
		if err := json.Unmarshal([]byte(l), &obj); err != nil {
			t.Fatal(err)
		}
		h, err := ParseHeader(capture[obj.Offset:])
		if err != nil || int(h.Length) != obj.Length || h.Type.String() != obj.Type {
			t.Errorf("%s: the capture has %+v at %d (%v)", l, h, obj.Offset, err)
		}
	}
}

func TestWriteTraceErrors(t *testing.T) {
	// No OPEN_REQ and no version.
	frame := encode(t, &HeartbeatReq{InvokeID: 1}, 20)
	if _, err := WriteTrace(&bytes.Buffer{}, bytes.NewReader(frame), TraceConfig{}); !errors.Is(err, ErrUnsupportedVersion) || noOffset(err) != nil {
		t.Errorf("no version: %v", err)
	}
	// A version given.
	var out bytes.Buffer
	st, err := WriteTrace(&out, bytes.NewReader(frame), TraceConfig{Version: 20})
	if err != nil || st.Messages != 1 || out.String() != "@0 HEARTBEAT_REQ len=4 InvokeID=1\n" {
		t.Errorf("%q, %+v, %v", out.String(), st, err)
	}
	if _, err := WriteTrace(&out, bytes.NewReader(frame), TraceConfig{Version: 9}); !errors.Is(err, ErrUnsupportedVersion) {
		t.Errorf("version 9: %v", err)
	}
	// A capture cut short: the lines before it, then the error.
	out.Reset()
	st, err = WriteTrace(&out, bytes.NewReader(append(frame, frame[:5]...)), TraceConfig{Version: 20})
	if !errors.Is(err, ErrTruncated) || st.Messages != 1 || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("cut short: %q, %+v, %v", out.String(), st, err)
	}
	// An OPEN_REQ of an unsupported version is refused and keeps the
	// version in force.
	open := encode(t, &OpenReq{VersionNumber: 20, Floating: []Field{StringField(TagClientID, "c"), BytesField(TagClientPassword, nil)}}, 20)
	old := append([]byte(nil), open...)
	old[HeaderSize+7] = 9
	out.Reset()
	st, err = WriteTrace(&out, bytes.NewReader(append(append(open, old...), frame...)), TraceConfig{})
	if err != nil || st.Refused != 1 || !strings.Contains(out.String(), "refused: cti: unsupported protocol version") ||
		!strings.HasSuffix(out.String(), "HEARTBEAT_REQ len=4 InvokeID=1\n") {
		t.Errorf("an old OPEN_REQ: %q, %+v, %v", out.String(), st, err)
	}
	// A capture whose first OPEN_REQ asks for a version the package does
	// not read: nothing is printed, and the error names the version.
	out.Reset()
	st, err = WriteTrace(&out, bytes.NewReader(append(append([]byte(nil), old...), frame...)), TraceConfig{})
	if !errors.Is(err, ErrUnsupportedVersion) || st.Messages != 0 || out.Len() != 0 ||
		!strings.Contains(err.Error(), "OPEN_REQ VersionNumber at byte 12: the OPEN_REQ at byte 0 of the capture asks for version 9; this package reads versions 13 to 25") {
		t.Errorf("a first OPEN_REQ of version 9: %q, %+v, %v", out.String(), st, err)
	}
	// A first OPEN_REQ too short to hold its version.
	short := []byte{0, 0, 0, 4, 0, 0, 0, byte(MsgOpenReq), 0, 0, 0, 1}
	out.Reset()
	st, err = WriteTrace(&out, bytes.NewReader(short), TraceConfig{})
	if !errors.Is(err, ErrTruncated) || st.Messages != 0 || out.Len() != 0 {
		t.Errorf("a first OPEN_REQ of 4 bytes: %q, %+v, %v", out.String(), st, err)
	}
	// A writer that fails.
	if _, err := WriteTrace(failWriter{}, bytes.NewReader(frame), TraceConfig{Version: 20}); err == nil || err.Error() != "write failed" {
		t.Errorf("a failing writer: %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("write failed") }

// Fields that do not fit their type (a message built by hand) are written
// in hex, and a message Append refuses has length -1.
func TestAppendTraceHandMade(t *testing.T) {
	m := &AgentStateEvent{AgentState: 20, Floating: []Field{{Tag: TagAgentID, Data: []byte("no NUL")}, {Tag: TagDuration, Data: []byte{1}}}}
	got := string(AppendTraceText(nil, 3, 20, m))
	for _, want := range []string{"@3 AGENT_STATE_EVENT len=-1", "AgentState=State(20)", "tag5=6e6f204e554c", "tag150=01"} {
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks %s", got, want)
		}
	}
	j := AppendTraceJSON(nil, 3, 20, m)
	var obj map[string]any
	if err := json.Unmarshal(j, &obj); err != nil {
		t.Fatalf("%s: %v", j, err)
	}
	if !strings.Contains(string(j), `{"tag":5,"data":"6e6f204e554c"}`) {
		t.Errorf("%s", j)
	}
	// A Message of another package: its type and length, no fields.
	if got := string(AppendTraceText(nil, 0, 20, foreignMessage{})); got != "@0 AGENT_STATE_EVENT len=-1" {
		t.Errorf("%q", got)
	}
	if got := string(AppendTraceText(nil, 0, 20, emptyMessage{})); got != "@0 MessageType(99) len=0" {
		t.Errorf("%q", got)
	}
}

// emptyMessage is a Message of another package whose body is empty.
type emptyMessage struct{}

func (emptyMessage) Type() MessageType            { return 99 }
func (emptyMessage) Decode(Version, []byte) error { return nil }
func (emptyMessage) Append(dst []byte, _ Version) ([]byte, error) {
	return Header{Type: 99}.Append(dst), nil
}

// The fields a version adds are in the trace from that version on.
func TestTraceVersionFields(t *testing.T) {
	oc := &OpenConf{DepartmentID: 0, SessionType: 0}
	ase := &AgentStateEvent{}
	for _, c := range []struct {
		v             Version
		dept, session bool
	}{{18, false, false}, {19, true, false}, {23, true, false}, {24, true, true}} {
		for _, m := range []Message{oc, ase} {
			got := string(AppendTraceText(nil, 0, c.v, m))
			if strings.Contains(got, "DepartmentID=") != c.dept {
				t.Errorf("version %d %v: %s", c.v, m.Type(), got)
			}
			if _, isOC := m.(*OpenConf); isOC && strings.Contains(got, "SessionType=") != c.session {
				t.Errorf("version %d: %s", c.v, got)
			}
		}
	}
}

// traceAllocBound is the most bytes WriteTrace may allocate for a capture
// of n bytes (its output discarded), in either format: the Scanner's 64 KiB
// buffer and a Decoder, then per input byte what the lines cost: a line
// buffer that grows to the longest line, and the *Error of each refused
// message (a message is 8 bytes at the least; the error's text is written
// into the line, escaped in place for JSON, without a string of its own).
// The worst case found, a capture of header-only refused messages,
// measures 16 bytes per input byte in both formats (TestTraceAllocs logs
// it; before the error's text was appended in place, 57 in text and 80 in
// JSON).
func traceAllocBound(n int) uint64 { return 72<<10 + 24*uint64(n) }

// jsonStrings are strings that exercise every branch of appendJSONString.
var jsonStrings = []string{"", "plain", `"quoted" \back\`, "\b\f\n\r\t", "\x00\x01\x1f\x7f", "<a href='x'>&amp;</a>",
	"é ü € 𝄞", "\u2028\u2029 \u2027\u202a", "\xff", "a\xc3", "\xed\xa0\x80 (a surrogate)", "\xf4\x90\x80\x80 (past U+10FFFF)",
	"\xe2\x80", "x\xe2\x80\xa8y"}

// TestAppendJSONString: appendJSONString writes each string as
// json.Marshal does, byte for byte, and allocates nothing with room.
func TestAppendJSONString(t *testing.T) {
	for _, s := range jsonStrings {
		checkJSONString(t, s)
	}
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() {
		for _, s := range jsonStrings {
			buf = appendJSONString(buf[:0], s)
			buf = appendJSONString(buf[:0], []byte(s))
		}
	}); n != 0 {
		t.Errorf("appendJSONString allocates %v times", n)
	}
}

func checkJSONString(t *testing.T, s string) {
	t.Helper()
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
		t.Fatalf("appendJSONString(%q) = %s, json.Marshal %s", s, got[1:], want)
	}
	if got := appendJSONString(nil, []byte(s)); string(got) != string(want) {
		t.Fatalf("appendJSONString([]byte(%q)) = %s, json.Marshal %s", s, got, want)
	}
}

// FuzzAppendJSONString: appendJSONString agrees with json.Marshal on any
// string.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(checkJSONString)
}

// TestTraceAllocs: the worst case of traceAllocBound, a capture of
// header-only AGENT_STATE_EVENTs (each refused), and a long valid capture,
// allocate within the bound in both formats; the Scanner's buffer is
// allocated once, not per message.
func TestTraceAllocs(t *testing.T) {
	var refused []byte
	for range 1000 {
		refused = append(refused, 0, 0, 0, 0, 0, 0, 0, byte(MsgAgentStateEvent))
	}
	valid, _ := stream(t, 24)
	for range 5 {
		valid = append(valid, valid...)
	}
	for _, c := range []struct {
		name string
		data []byte
	}{{"refused", refused}, {"valid", valid}} {
		for _, format := range []TraceFormat{TraceText, TraceJSON} {
			got := allocBytes(func() {
				_, _ = WriteTrace(io.Discard, bytes.NewReader(c.data), TraceConfig{Format: format, Version: 24})
			})
			if bound := traceAllocBound(len(c.data)); got > bound {
				t.Errorf("%s, format %d: %d bytes of capture allocate %d bytes, over %d", c.name, format, len(c.data), got, bound)
			}
			t.Logf("%s, format %d: %d bytes of capture allocate %d bytes (%.1f per byte over the 64 KiB buffer)",
				c.name, format, len(c.data), got, float64(got-64<<10)/float64(len(c.data)))
		}
	}
}

// FuzzWriteTrace prints any capture: it never panics, writes one line per
// message it counts, every JSON line is a JSON object, it stops with an
// *Error only where the stream cannot be split or gives no version, and
// it allocates no more than traceAllocBound.
func FuzzWriteTrace(f *testing.F) {
	f.Add(uint8(0), traceCapture(f))
	all, _ := stream(f, 21)
	f.Add(uint8(21), all)
	f.Add(uint8(20), []byte{0, 0, 0, 0, 0, 0, 0, 3})
	f.Fuzz(func(t *testing.T, vb uint8, data []byte) {
		v := Version(0)
		if vb != 0 {
			v = fuzzVersion(vb)
		}
		for _, format := range []TraceFormat{TraceText, TraceJSON} {
			checkAllocBytes(t, "WriteTrace", len(data), traceAllocBound(len(data)), func() {
				_, _ = WriteTrace(io.Discard, bytes.NewReader(data), TraceConfig{Format: format, Version: v})
			})
			var out bytes.Buffer
			st, err := WriteTrace(&out, bytes.NewReader(data), TraceConfig{Format: format, Version: v})
			if err != nil {
				checkRefusal(t, err)
			}
			lines := strings.Split(out.String(), "\n")
			if lines[len(lines)-1] != "" || len(lines)-1 != st.Messages || st.Refused > st.Messages {
				t.Fatalf("%d lines, %+v", len(lines)-1, st)
			}
			if format != TraceJSON {
				continue
			}
			for _, l := range lines[:len(lines)-1] {
				var obj map[string]any
				if err := json.Unmarshal([]byte(l), &obj); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, l)
				}
			}
		}
	})
}
