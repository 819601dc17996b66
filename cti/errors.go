package cti

import (
	"strconv"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/kind"
)

// Sentinel errors. Every error of the package is an [*Error] that unwraps to
// one of them, so errors.Is tells the kind of problem; the *Error names the
// message type, the field and the byte offset (for a Mapper: the
// configuration field, or the message and its instant).
var (
	// ErrTruncated: the input ends before the message does, or the fixed
	// part is shorter than the message type's layout in this version.
	ErrTruncated = kind.New("cti: truncated message", nil)
	// ErrTooLong: a MessageLength over the protocol's maximum
	// ([MaxMessageSize]), or a message longer than its header says.
	ErrTooLong = kind.New("cti: message too long", nil)
	// ErrOverrun: a floating field's tag, length or data runs past the end
	// of its message.
	ErrOverrun = kind.New("cti: floating field overruns its message", nil)
	// ErrOutOfRange: a field holds a value its type does not define, such
	// as an AgentState above 14. It unwraps to [ccefsm.ErrUnknownValue].
	ErrOutOfRange = kind.New("cti: value out of range", ccefsm.ErrUnknownValue)
	// ErrMalformed: a floating field of a known tag has the wrong size, a
	// STRING without its terminating NUL, or a list field out of order or
	// out of count.
	ErrMalformed = kind.New("cti: malformed field", nil)
	// ErrMissingField: a floating field the guide marks required is absent.
	ErrMissingField = kind.New("cti: required field missing", nil)
	// ErrDuplicateField: a floating field that may appear once appears
	// twice.
	ErrDuplicateField = kind.New("cti: duplicate field", nil)
	// ErrUnsupportedVersion: a protocol version outside MinVersion to
	// MaxVersion, or a field that does not exist in the version used.
	ErrUnsupportedVersion = kind.New("cti: unsupported protocol version", nil)
	// ErrWrongType: a message of one type given to the decoder of another,
	// or no message given to a Mapper.
	ErrWrongType = kind.New("cti: wrong message type", nil)

	// ErrInvalidConfig: a MapperConfig the Mapper cannot work with (a zero
	// PG, a repeated peripheral, no MRD, …).
	ErrInvalidConfig = kind.New("cti: invalid mapper configuration", nil)
	// ErrUnknownAgent: an agent the directory of a topology lacks. It
	// unwraps to [ccefsm.ErrUnknownID].
	ErrUnknownAgent = kind.New("cti: unknown agent", ccefsm.ErrUnknownID)
	// ErrTimeBackwards: a Mapper was given an instant before the latest
	// one. It unwraps to [ccefsm.ErrTimeBackwards].
	ErrTimeBackwards = kind.New("cti: time went backwards", ccefsm.ErrTimeBackwards)
	// ErrTimeOutOfRange: a Mapper was given an instant int64 Unix
	// nanoseconds cannot hold. It unwraps to [ccefsm.ErrTimeOutOfRange].
	ErrTimeOutOfRange = kind.New("cti: time out of range", ccefsm.ErrTimeOutOfRange)
)

// Error reports a message the package refuses to decode or encode: the
// message type, the field and its byte offset from the start of the message
// (its header included; -1 when no offset applies), and what is wrong. It
// unwraps to one of the sentinels above.
type Error struct {
	Type   MessageType // the message's type; 0 when not yet known
	Field  string      // the field, such as "AgentState" or "MessageLength"
	Offset int         // byte offset of the field in the message, or -1
	Reason string      // what is wrong, such as "15 is not an AgentState (0-14)"
	Err    error       // one of the package's sentinels
}

// Error names the sentinel, the message type, the field, the offset and the
// reason: "cti: value out of range: AGENT_STATE_EVENT AgentState at byte 38:
// 15 is not an AgentState (0-14)".
func (e *Error) Error() string {
	return string(e.appendTo(make([]byte, 0, 128)))
}

// appendTo appends the text of Error to dst: one allocation for Error,
// none for a trace line with room.
func (e *Error) appendTo(dst []byte) []byte {
	dst = append(dst, e.Err.Error()...)
	dst = append(dst, ':')
	if e.Type != 0 {
		dst = append(dst, ' ')
		dst = append(dst, e.Type.String()...)
	}
	if e.Field != "" {
		dst = append(dst, ' ')
		dst = append(dst, e.Field...)
	}
	if e.Offset >= 0 {
		dst = append(dst, " at byte "...)
		dst = strconv.AppendInt(dst, int64(e.Offset), 10)
	}
	if e.Reason != "" {
		dst = append(dst, ": "...)
		dst = append(dst, e.Reason...)
	}
	return dst
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(t MessageType, field string, off int, err error, reason string) *Error {
	return &Error{Type: t, Field: field, Offset: off, Reason: reason, Err: err}
}

func itoa(v int) string { return strconv.Itoa(v) }

func utoa(v uint64) string { return strconv.FormatUint(v, 10) }
