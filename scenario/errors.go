package scenario

import (
	"strconv"
	"strings"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/kind"
)

// Sentinel errors: every error [Decode] returns is an [*Error] that wraps
// exactly one of them, so that a caller can tell the kinds of mistake apart
// with errors.Is. Those that belong to a root kind of package ccefsm unwrap
// to it too.
var (
	// ErrSyntax: the file is not YAML, or not shaped as a scenario (a list
	// where a mapping belongs, a key given twice, an anchor or alias, more
	// than one document, a value of the wrong YAML type: a quoted "2" where
	// a whole number belongs, "true" where a boolean belongs, an unquoted
	// 42 where text belongs). No kind.
	ErrSyntax = kind.New("scenario: syntax error", nil)
	// ErrUnknownField: a field the format does not have, or one that the
	// operation or expectation it appears in does not take. No kind.
	ErrUnknownField = kind.New("scenario: unknown field", nil)
	// ErrMissingField: a required field is absent. No kind.
	ErrMissingField = kind.New("scenario: missing field", nil)
	// ErrInvalidTime: an instant that is neither RFC 3339 nor a Go duration
	// from the start, a negative offset, an instant before the start, an
	// interval start that is not on an interval boundary, or a duration
	// that is not one. No kind.
	ErrInvalidTime = kind.New("scenario: invalid time", nil)
	// ErrTimeOrder: a timeline entry dated before the one above it. Kind:
	// ccefsm.ErrTimeBackwards.
	ErrTimeOrder = kind.New("scenario: input out of time order", ccefsm.ErrTimeBackwards)
	// ErrInvalidValue: a name that names nothing (a state, an event, a
	// media kind, a side, an element …) or a number out of range. Kind:
	// ccefsm.ErrUnknownValue; the cause, when a parser of the library
	// refused the text, also matches ccefsm.ErrUnknownName.
	ErrInvalidValue = kind.New("scenario: invalid value", ccefsm.ErrUnknownValue)
	// ErrUnknownElement: a reference to something the scenario does not
	// have: an element, agent, MRD, peripheral, application or path not in
	// the topology, a task no earlier entry creates, a request no earlier
	// entry sends. Kind: ccefsm.ErrUnknownID.
	ErrUnknownElement = kind.New("scenario: unknown element", ccefsm.ErrUnknownID)
	// ErrDuplicateID: an ID defined twice in the topology, or a task or
	// request created twice in the timeline. Kind: ccefsm.ErrDuplicateID.
	ErrDuplicateID = kind.New("scenario: duplicate ID", ccefsm.ErrDuplicateID)
	// ErrInvalidTopology: a topology or setting the engine refuses for
	// another reason (an MRD no application serves, an interval of 20
	// minutes, an override of a documented table row …). No kind.
	ErrInvalidTopology = kind.New("scenario: invalid topology", nil)
	// ErrEmptyExpectation: an expectation that names nothing to check (no
	// subject such as agent or task, two subjects, or a subject with
	// nothing to compare). No kind.
	ErrEmptyExpectation = kind.New("scenario: expectation names nothing", nil)
	// ErrMismatch: an expectation that the replay does not meet (see
	// [Mismatch]). No kind.
	ErrMismatch = kind.New("scenario: expectation not met", nil)
)

// Error is a scenario file refused by [Decode]: where (the file, the line
// and column, and the field, such as "timeline[3].element") and why. Err is
// one of the package's sentinels; Cause, when set, is the error of the
// parser or of the engine behind the refusal (a *failover.TopologyError, a
// *ccefsm.ParseError, …). Both are reachable through errors.Is and
// errors.As.
type Error struct {
	File   string
	Line   int // 1-based; 0 when the problem has no place (an empty file)
	Column int // 1-based; 0 when unknown
	Field  string
	Reason string
	Err    error
	Cause  error
}

// Error returns "file:line:column: field: reason", the form compilers and
// editors understand.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Column))
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns the sentinel and, when set, the cause.
func (e *Error) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}

// Mismatch is an expectation the replay did not meet: where it is (file
// and line), what it expects and what the replay gave. It unwraps to
// [ErrMismatch].
type Mismatch struct {
	File   string
	Line   int
	Expect string // the expectation, such as "agent 1001 MRD 1 at 09:10:00"
	Want   string
	Got    string
}

// Error returns "file:line: expectation: got …, want …".
func (m *Mismatch) Error() string {
	return m.File + ":" + strconv.Itoa(m.Line) + ": " + m.Expect + ": got " + m.Got + ", want " + m.Want
}

// Unwrap returns ErrMismatch.
func (m *Mismatch) Unwrap() error { return ErrMismatch }
