package cti

import (
	"bufio"
	"encoding/hex"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/ccefsm/ccefsm/agentstate"
)

// TraceFormat is the output format of [WriteTrace].
type TraceFormat uint8

// Trace formats.
const (
	// TraceText writes one line of text per message (see
	// [AppendTraceText]).
	TraceText TraceFormat = iota
	// TraceJSON writes one JSON object per line (JSON Lines; see
	// [AppendTraceJSON]).
	TraceJSON
)

// TraceConfig configures [WriteTrace].
type TraceConfig struct {
	Format TraceFormat
	// Version is the protocol version of the messages before the first
	// OPEN_REQ of the capture. Zero means the capture starts with an
	// OPEN_REQ, whose VersionNumber is the version; every OPEN_REQ sets
	// the version of the messages after it.
	Version Version
}

// TraceStats counts what [WriteTrace] read: the messages, and those of them
// the decoder refused (each is still a line, with the reason).
type TraceStats struct {
	Messages int
	Refused  int
}

// WriteTrace reads a capture of a CTI session from r — the session's
// messages back to back, headers included, as a CTI client or server
// exchanges them — and writes one line per message to w, in cfg.Format:
// for an engineer reading a trace. A message the decoder refuses is a line
// with the reason, and the trace goes on; the error reports a stream that
// cannot be split into messages (a message cut short, a length over the
// maximum), a capture that gives no version, or a failure of r or w.
func WriteTrace(w io.Writer, r io.Reader, cfg TraceConfig) (TraceStats, error) {
	var st TraceStats
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<10)
	sc.Split(SplitMessages)
	v := cfg.Version
	var dec *Decoder
	if v != 0 {
		var err error
		if dec, err = NewDecoder(DecoderConfig{Version: v}); err != nil {
			return st, err
		}
	}
	var line []byte
	var off int64
	for sc.Scan() {
		frame := sc.Bytes()
		h, _ := ParseHeader(frame) // a token of SplitMessages has a valid header
		if h.Type == MsgOpenReq {
			pv, err := PeekVersion(frame)
			switch {
			case err == nil && pv.Supported() && pv != v:
				v = pv
				dec, _ = NewDecoder(DecoderConfig{Version: v})
			case dec != nil:
				// The version in force already, or one the decoder refuses
				// below: the version in force stays.
			case err == nil:
				return st, &Error{Type: MsgOpenReq, Field: "VersionNumber", Offset: HeaderSize + 4,
					Reason: "the OPEN_REQ at byte " + strconv.FormatInt(off, 10) + " of the capture asks for version " + pv.String() +
						"; this package reads versions " + MinVersion.String() + " to " + MaxVersion.String(),
					Err: ErrUnsupportedVersion}
			default:
				return st, err // an OPEN_REQ too short to give a version, and no version before it
			}
		}
		if dec == nil {
			return st, &Error{Type: h.Type, Field: "Version", Offset: -1,
				Reason: "the capture does not start with an OPEN_REQ: give the version of its messages", Err: ErrUnsupportedVersion}
		}
		st.Messages++
		msg, err := dec.Decode(frame)
		line = line[:0]
		if err != nil {
			st.Refused++
			line = appendRefused(line, off, h, err, cfg.Format == TraceJSON)
		} else if cfg.Format == TraceJSON {
			line = AppendTraceJSON(line, off, v, msg)
		} else {
			line = AppendTraceText(line, off, v, msg)
		}
		line = append(line, '\n')
		if _, err := w.Write(line); err != nil {
			return st, err
		}
		off += int64(len(frame))
	}
	return st, sc.Err()
}

// AppendTraceText appends to dst one line of text (without its newline)
// describing msg, a message of version v found at byte offset off of a
// capture: the offset, the type's name, the body's length, then each fixed
// field and each floating field in wire order as Name=value. Enumerated
// values are written by name, strings quoted, instants in RFC 3339, the
// client's password by its length only; a floating field the package does
// not know is written as tagN=hex, and the body of a [Raw] as raw=hex:
//
//	@0 SYSTEM_EVENT len=35 PGStatus=PGS_PERIPHERAL_OFFLINE … Text="PIM down"
func AppendTraceText(dst []byte, off int64, v Version, msg Message) []byte {
	w := traceWriter{b: dst}
	w.message(off, v, msg)
	return w.b
}

// AppendTraceJSON appends to dst one JSON object (without a newline)
// describing msg as [AppendTraceText] does: {"offset", "type", "length",
// "fields": the fixed fields by name, in wire order, "floating": a list of
// {"name", "tag", "value"} in wire order}; a field the package does not
// know has "data" in hex instead of a name and a value, and a [Raw] has
// "raw", its body in hex, instead of fields.
func AppendTraceJSON(dst []byte, off int64, v Version, msg Message) []byte {
	w := traceWriter{b: dst, json: true}
	w.message(off, v, msg)
	return append(w.b, '}')
}

// message writes the line of msg; a nil message is one of type 0 and
// length -1, without fields.
func (w *traceWriter) message(off int64, v Version, msg Message) {
	if nilMessage(msg) {
		w.head(off, 0, -1)
		return
	}
	w.head(off, msg.Type(), msgLength(msg, v))
	w.fields(v, msg)
}

// appendRefused appends the line of a message the decoder refused.
func appendRefused(dst []byte, off int64, h Header, err error, asJSON bool) []byte {
	w := traceWriter{b: dst, json: asJSON}
	w.head(off, h.Type, int(h.Length))
	if asJSON {
		w.b = append(w.b, `,"error":`...)
		e, ok := err.(*Error)
		if !ok {
			w.b = appendJSONString(w.b, err.Error())
			return append(w.b, '}')
		}
		// The error's text goes after the line, its JSON string after
		// that, which then moves down over the text: no string of its own.
		mark := len(w.b)
		w.b = e.appendTo(w.b)
		text := w.b[mark:]
		w.b = appendJSONString(w.b, text)
		w.b = w.b[:mark+copy(w.b[mark:], w.b[mark+len(text):])]
		return append(w.b, '}')
	}
	w.b = append(w.b, " refused: "...)
	if e, ok := err.(*Error); ok {
		return e.appendTo(w.b)
	}
	return append(w.b, err.Error()...)
}

// msgLength returns the MessageLength of msg in version v, or -1 when msg
// does not encode.
func msgLength(msg Message, v Version) int {
	if r, ok := msg.(*Raw); ok {
		return len(r.Body)
	}
	b, err := msg.Append(nil, v)
	if err != nil || len(b) < HeaderSize {
		return -1
	}
	return len(b) - HeaderSize
}

// traceWriter writes a trace line: Name=value pairs, or a JSON object.
type traceWriter struct {
	b     []byte
	json  bool
	first bool // the next key is the first of its object
}

func (w *traceWriter) head(off int64, t MessageType, length int) {
	if w.json {
		w.b = append(w.b, `{"offset":`...)
		w.b = strconv.AppendInt(w.b, off, 10)
		w.b = append(w.b, `,"type":`...)
		w.b = appendJSONString(w.b, t.String())
		w.b = append(w.b, `,"length":`...)
		w.b = strconv.AppendInt(w.b, int64(length), 10)
		return
	}
	w.b = append(w.b, '@')
	w.b = strconv.AppendInt(w.b, off, 10)
	w.b = append(w.b, ' ')
	w.b = append(w.b, t.String()...)
	w.b = append(w.b, " len="...)
	w.b = strconv.AppendInt(w.b, int64(length), 10)
}

func (w *traceWriter) key(name string) {
	if w.json {
		if !w.first {
			w.b = append(w.b, ',')
		}
		w.first = false
		w.b = appendJSONString(w.b, name)
		w.b = append(w.b, ':')
		return
	}
	w.b = append(w.b, ' ')
	w.b = append(w.b, name...)
	w.b = append(w.b, '=')
}

func (w *traceWriter) uint(name string, v uint64) {
	w.key(name)
	w.b = strconv.AppendUint(w.b, v, 10)
}

func (w *traceWriter) int(name string, v int64) {
	w.key(name)
	w.b = strconv.AppendInt(w.b, v, 10)
}

// hex32 writes a mask as 0x and eight hex digits (a JSON string).
func (w *traceWriter) hex32(name string, v uint32) {
	w.key(name)
	if w.json {
		w.b = append(w.b, '"')
	}
	w.b = append(w.b, "0x"...)
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		w.b = append(w.b, digits[v>>uint(shift)&0xF])
	}
	if w.json {
		w.b = append(w.b, '"')
	}
}

// name writes an enumerated value by name.
func (w *traceWriter) name(name, s string) {
	w.key(name)
	if w.json {
		w.b = appendJSONString(w.b, s)
		return
	}
	w.b = append(w.b, s...)
}

func (w *traceWriter) bool(name string, v bool) {
	w.key(name)
	w.b = strconv.AppendBool(w.b, v)
}

func (w *traceWriter) str(name string, s []byte) {
	w.key(name)
	if w.json {
		w.b = appendJSONString(w.b, s)
		return
	}
	w.b = strconv.AppendQuote(w.b, string(s))
}

func (w *traceWriter) hex(name string, b []byte) {
	w.key(name)
	if w.json {
		w.b = append(w.b, '"')
	}
	w.b = hex.AppendEncode(w.b, b)
	if w.json {
		w.b = append(w.b, '"')
	}
}

func (w *traceWriter) time(name string, secs uint32) {
	w.name(name, time.Unix(int64(secs), 0).UTC().Format(time.RFC3339))
}

// object opens a JSON object under name, or does nothing in text.
func (w *traceWriter) object(name string) {
	if w.json {
		w.key(name)
		w.b = append(w.b, '{')
		w.first = true
	}
}

func (w *traceWriter) end() {
	if w.json {
		w.b = append(w.b, '}')
		w.first = false
	}
}

// fields writes the fields of msg.
func (w *traceWriter) fields(v Version, msg Message) {
	var floating []Field
	specs := noFields
	switch m := msg.(type) {
	case *Raw:
		w.hex("raw", m.Body)
		return
	case *FailureConf:
		w.object("fields")
		w.uint("InvokeID", uint64(m.InvokeID))
		w.name("Status", m.Status.String())
		floating = m.Floating
	case *FailureEvent:
		w.object("fields")
		w.name("Status", m.Status.String())
		floating = m.Floating
	case *OpenReq:
		w.object("fields")
		w.uint("InvokeID", uint64(m.InvokeID))
		w.uint("VersionNumber", uint64(m.VersionNumber))
		w.uint("IdleTimeout", uint64(m.IdleTimeout))
		w.uint("PeripheralID", uint64(m.PeripheralID))
		w.name("ServicesRequested", m.ServicesRequested.String())
		w.hex32("CallMsgMask", m.CallMsgMask)
		w.hex32("AgentStateMask", m.AgentStateMask)
		w.hex32("ConfigMsgMask", m.ConfigMsgMask)
		w.uint("Reserved1", uint64(m.Reserved1))
		w.uint("Reserved2", uint64(m.Reserved2))
		w.uint("Reserved3", uint64(m.Reserved3))
		floating, specs = m.Floating, openReqSpecs
	case *OpenConf:
		w.object("fields")
		w.uint("InvokeID", uint64(m.InvokeID))
		w.name("ServicesGranted", m.ServicesGranted.String())
		w.uint("MonitorID", uint64(m.MonitorID))
		w.name("PGStatus", m.PGStatus.String())
		w.time("ICMCentralControllerTime", m.ICMCentralControllerTime)
		w.bool("PeripheralOnline", m.PeripheralOnline)
		w.name("PeripheralType", m.PeripheralType.String())
		w.name("AgentState", m.AgentState.String())
		if v >= 19 {
			w.int("DepartmentID", int64(m.DepartmentID))
		}
		if v >= 24 {
			w.name("SessionType", m.SessionType.String())
		}
		floating, specs = m.Floating, openConfSpecs
	case *HeartbeatReq:
		w.object("fields")
		w.uint("InvokeID", uint64(m.InvokeID))
		floating = m.Floating
	case *HeartbeatConf:
		w.object("fields")
		w.uint("InvokeID", uint64(m.InvokeID))
		floating = m.Floating
	case *CloseReq:
		w.object("fields")
		w.uint("InvokeID", uint64(m.InvokeID))
		w.name("Status", m.Status.String())
		floating = m.Floating
	case *CloseConf:
		w.object("fields")
		w.uint("InvokeID", uint64(m.InvokeID))
		floating = m.Floating
	case *AgentStateEvent:
		w.object("fields")
		w.uint("MonitorID", uint64(m.MonitorID))
		w.uint("PeripheralID", uint64(m.PeripheralID))
		w.uint("SessionID", uint64(m.SessionID))
		w.name("PeripheralType", m.PeripheralType.String())
		w.name("SkillGroupState", m.SkillGroupState.String())
		w.uint("StateDuration", uint64(m.StateDuration))
		w.uint("SkillGroupNumber", uint64(m.SkillGroupNumber))
		w.uint("SkillGroupID", uint64(m.SkillGroupID))
		w.uint("SkillGroupPriority", uint64(m.SkillGroupPriority))
		w.name("AgentState", m.AgentState.String())
		w.uint("EventReasonCode", uint64(m.EventReasonCode))
		w.int("MRDID", int64(int32(m.MRDID)))
		w.uint("NumTasks", uint64(m.NumTasks))
		w.name("AgentMode", m.AgentMode.String())
		w.uint("MaxTaskLimit", uint64(m.MaxTaskLimit))
		w.int("ICMAgentID", int64(int32(m.ICMAgentID)))
		w.name("AgentAvailabilityStatus", m.AgentAvailabilityStatus.String())
		w.uint("NumFltSkillGroups", uint64(m.NumFltSkillGroups))
		if v >= 19 {
			w.int("DepartmentID", int64(m.DepartmentID))
		}
		floating, specs = m.Floating, agentStateSpecs
	case *SystemEvent:
		w.object("fields")
		w.name("PGStatus", m.PGStatus.String())
		w.time("ICMCentralControllerTime", m.ICMCentralControllerTime)
		w.name("SystemEventID", m.SystemEventID.String())
		w.uint("SystemEventArg1", uint64(m.SystemEventArg1))
		w.uint("SystemEventArg2", uint64(m.SystemEventArg2))
		w.uint("SystemEventArg3", uint64(m.SystemEventArg3))
		w.uint("EventDeviceType", uint64(m.EventDeviceType))
		floating, specs = m.Floating, systemEventSpecs
	default:
		return
	}
	w.end()
	w.floating(v, floating, specs)
}

// floating writes the floating fields, known ones by name and value.
func (w *traceWriter) floating(v Version, fields []Field, specs *specTable) {
	if w.json {
		w.b = append(w.b, `,"floating":[`...)
	}
	c := floatChecker{v: v, tbl: specs}
	for i, f := range fields {
		if w.json {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = append(w.b, '{')
			w.first = true
		}
		var s *fieldSpec
		if j := c.lookup(f.Tag); j >= 0 {
			s = &specs.specs[j]
		}
		if s == nil || !w.value(s, f.Data) {
			if w.json {
				w.uint("tag", uint64(f.Tag))
				w.hex("data", f.Data)
			} else {
				w.hex("tag"+strconv.Itoa(int(f.Tag)), f.Data)
			}
		}
		if w.json {
			w.b = append(w.b, '}')
		}
	}
	if w.json {
		w.b = append(w.b, ']')
	}
}

// value writes a known field's value, and reports false when its data does
// not fit its type (a message built by hand), to be written in hex.
func (w *traceWriter) value(s *fieldSpec, d []byte) bool {
	if checkData(0, s, d, 0) != nil {
		return false
	}
	name := s.name
	if w.json {
		w.name("name", s.name)
		w.uint("tag", uint64(s.tag))
		name = "value"
	}
	switch s.kind {
	case kString:
		w.str(name, d[:len(d)-1])
	case kUnspec: // the client's password: its length only
		if w.json {
			w.key(name)
			w.b = append(w.b, `{"length":`...)
			w.b = strconv.AppendInt(w.b, int64(len(d)), 10)
			w.b = append(w.b, '}')
		} else {
			w.name(name, "<"+strconv.Itoa(len(d))+" bytes>")
		}
	case kUint32:
		w.uint(name, uint64(be32(d, 0)))
	case kUint16:
		w.uint(name, uint64(be16(d, 0)))
	case kState:
		w.name(name, agentstate.State(be16(d, 0)).String())
	case kDirection:
		w.name(name, Direction(be32(d, 0)).String())
	case kBool:
		w.bool(name, be16(d, 0) == 1)
	}
	return true
}

// appendJSONString appends s as a JSON string, byte for byte as
// encoding/json writes it (the trace's JSON Lines were written by
// json.Marshal, and a test compares the two), without allocating: '"' and
// '\\' escaped, \b \f \n \r \t by name, other control characters and
// the HTML characters <, > and & as \u00XX, U+2028 and U+2029 as \u2028
// and \u2029, and each byte that is not UTF-8 as \ufffd.
func appendJSONString[S string | []byte](dst []byte, s S) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		var buf [utf8.UTFMax]byte
		r, size := utf8.DecodeRune(buf[:copy(buf[:], s[i:])])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
