package routing

import (
	"strconv"
	"strings"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/kind"
)

// Sentinel errors. Every error returned by this package wraps exactly one of
// them, so errors.Is tells the kinds apart; the typed errors below carry the
// context. Most of them also match one of package ccefsm's kinds of failure
// (named with each), so that one errors.Is catches that kind in every
// package of the library:
//
//	errors.Is(err, routing.ErrUnknownRequest) // this package's sentinel
//	errors.Is(err, ccefsm.ErrUnknownID)       // any unknown or zero ID, any package
var (
	// ErrTimeBackwards: an input's time is earlier than the previous
	// input's. Kind: [ccefsm.ErrTimeBackwards].
	ErrTimeBackwards = kind.New("routing: time went backwards", ccefsm.ErrTimeBackwards)
	// ErrTimeOutOfRange: an input's time cannot be held as int64 Unix
	// nanoseconds (before 1677-09-21 or after 2262-04-11 UTC). Kind:
	// [ccefsm.ErrTimeOutOfRange].
	ErrTimeOutOfRange = kind.New("routing: time out of range", ccefsm.ErrTimeOutOfRange)
	// ErrInvalidID: a zero AppID, RequestID, MRDID, PeripheralID or
	// RecordID, which package ccefsm defines as no identifier; also every
	// input of the zero [Conn], which belongs to no application. Kind:
	// [ccefsm.ErrUnknownID] (a zero ID is unknown).
	ErrInvalidID = kind.New("routing: zero identifier", ccefsm.ErrUnknownID)
	// ErrUnknownRequest: a request ID the Conn does not hold live: never
	// sent, or already answered (a second response). Kind:
	// [ccefsm.ErrUnknownID].
	ErrUnknownRequest = kind.New("routing: unknown request", ccefsm.ErrUnknownID)
	// ErrDuplicateRequest: a NEW_TASK reuses a request ID. Request IDs of
	// one Conn must increase, so any ID at or below the last one sent
	// repeats or reorders an earlier request. Kind: [ccefsm.ErrDuplicateID].
	ErrDuplicateRequest = kind.New("routing: request ID already used", ccefsm.ErrDuplicateID)
	// ErrStaleResponse: a response names a request the Central Controller
	// does not hold: discarded (RT-1) or deleted (RT-3) and not sent again,
	// or issued during an outage and never sent. The response cannot belong
	// to it, and row 11 of the rule table rejects it. Kind:
	// [ccefsm.ErrIllegalTransition].
	ErrStaleResponse = kind.New("routing: stale response", ccefsm.ErrIllegalTransition)
	// ErrInvalidValue: an enumerated argument (an Outcome, an Action, a media
	// kind) is not a defined value. Kind: [ccefsm.ErrUnknownValue].
	ErrInvalidValue = kind.New("routing: invalid value", ccefsm.ErrUnknownValue)
	// ErrPathDown: the input needs a path that is down (a NEW_TASK under a
	// policy that rejects sends while the MR PG path is down, or a
	// reporting record while every side of the PG is down). No kind.
	ErrPathDown = kind.New("routing: path down", nil)
	// ErrDocumentedRow: an attempt to override a documented row of the rule
	// table. Only inferred rows can be overridden. No kind.
	ErrDocumentedRow = kind.New("routing: documented row cannot be overridden", nil)
	// ErrIllegalAction: an override names an action the row does not
	// allow. No kind.
	ErrIllegalAction = kind.New("routing: action not allowed for this row", nil)
	// ErrUnknownRow: a row number outside the rule table (1 to 20). Kind:
	// [ccefsm.ErrUnknownID] (a row number is an identifier, as in
	// agentstate).
	ErrUnknownRow = kind.New("routing: unknown row", ccefsm.ErrUnknownID)
	// ErrInvalidConfig: a configuration field is out of its range (a
	// negative Capacity). No kind.
	ErrInvalidConfig = kind.New("routing: invalid configuration", nil)
	// ErrCorruptSnapshot: UnmarshalBinary was given bytes that are not a
	// snapshot of the type, are of another version, are damaged, or
	// describe a state no sequence of inputs can reach. The error is a
	// [*ccefsm.SnapshotError] naming the field and byte offset. Kind:
	// [ccefsm.ErrCorruptSnapshot].
	ErrCorruptSnapshot = kind.New("routing: corrupt snapshot", ccefsm.ErrCorruptSnapshot)
)

// TimeError reports an input refused for its time: before the previous
// input's ([ErrTimeBackwards]), or outside what int64 Unix nanoseconds can
// hold ([ErrTimeOutOfRange]).
type TimeError struct {
	Op   string    // the method, such as "Send"
	Now  time.Time // the refused instant
	Last time.Time // the previous input's instant (UTC); zero for ErrTimeOutOfRange
	Err  error     // ErrTimeBackwards or ErrTimeOutOfRange
}

// Error names the method and the instants.
func (e *TimeError) Error() string {
	s := "routing: " + e.Op + ": " + trimPrefix(e.Err.Error()) + ": " + e.Now.UTC().Format(time.RFC3339Nano)
	if e.Err == ErrTimeBackwards {
		return s + " is before the last input, " + e.Last.UTC().Format(time.RFC3339Nano)
	}
	return s + " (instants are int64 Unix nanoseconds, 1677-09-21 to 2262-04-11 UTC)"
}

// Unwrap returns the sentinel.
func (e *TimeError) Unwrap() error { return e.Err }

// RequestError reports a rejected input about one NEW_TASK request.
type RequestError struct {
	Op      string           // the method, such as "Response"
	Request ccefsm.RequestID // the request
	Status  Status           // its status when the input arrived; StatusNone if not held
	Err     error            // the sentinel
}

// Error names the method, the request and its status.
func (e *RequestError) Error() string {
	s := "routing: " + e.Op + ": request " + strconv.FormatUint(uint64(e.Request), 10) + ": " + trimPrefix(e.Err.Error())
	if e.Status != StatusNone {
		s += " (status " + e.Status.String() + ")"
	}
	return s
}

// Unwrap returns the sentinel.
func (e *RequestError) Unwrap() error { return e.Err }

// ArgError reports an invalid argument or configuration field: a zero ID,
// an undefined enum value, a negative capacity.
type ArgError struct {
	Op    string // the method or constructor
	Arg   string // the argument's or field's name
	Value int64  // the rejected value
	Err   error  // ErrInvalidID, ErrInvalidValue or ErrInvalidConfig
}

// Error names the method, the argument and its value.
func (e *ArgError) Error() string {
	return "routing: " + e.Op + ": " + e.Arg + " " + strconv.FormatInt(e.Value, 10) + ": " + trimPrefix(e.Err.Error())
}

// Unwrap returns the sentinel.
func (e *ArgError) Unwrap() error { return e.Err }

// RowError reports a rejected lookup or override of the rule table.
type RowError struct {
	Row    int    // the row number
	Action Action // the action asked for; ActionDefault for a lookup
	Err    error  // ErrUnknownRow, ErrInvalidValue, ErrDocumentedRow or ErrIllegalAction
}

// Error names the row, the action and what is wrong.
func (e *RowError) Error() string {
	s := "routing: row " + strconv.Itoa(e.Row) + ": "
	if e.Action != ActionDefault {
		s += "action " + e.Action.String() + ": "
	}
	return s + trimPrefix(e.Err.Error())
}

// Unwrap returns the sentinel.
func (e *RowError) Unwrap() error { return e.Err }

// PathError reports an input refused because a path is down.
type PathError struct {
	Op   string // the method
	Path string // which path: "application–MR PG path" or "every side of the PG"
	Row  int    // the rule-table row that decided the refusal
}

// Error names the method, the path and the row.
func (e *PathError) Error() string {
	return "routing: " + e.Op + ": " + e.Path + " down (row " + strconv.Itoa(e.Row) + ")"
}

// Unwrap returns [ErrPathDown].
func (e *PathError) Unwrap() error { return ErrPathDown }

// trimPrefix drops the "routing: " prefix of a sentinel's message when it is
// embedded in a typed error's message.
func trimPrefix(s string) string { return strings.TrimPrefix(s, "routing: ") }
