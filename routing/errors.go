package routing

import (
	"errors"
	"strconv"

	"github.com/ccefsm/ccefsm"
)

// Sentinel errors. Every error returned by this package wraps exactly one of
// them, so errors.Is tells the kinds apart; the typed errors below carry the
// context.
var (
	// ErrTimeBackwards: an input's time is earlier than the previous input's.
	ErrTimeBackwards = errors.New("routing: time went backwards")
	// ErrInvalidID: a zero RequestID, MRDID, PeripheralID or RecordID.
	ErrInvalidID = errors.New("routing: invalid (zero) identifier")
	// ErrDuplicateRequest: a NEW_TASK reuses a request ID. Request IDs of
	// one Conn must increase, so any ID at or below the last one sent
	// repeats or reorders an earlier request.
	ErrDuplicateRequest = errors.New("routing: request ID already used")
	// ErrUnknownRequest: a response names a request the Conn does not hold.
	ErrUnknownRequest = errors.New("routing: unknown request")
	// ErrStaleResponse: a response names a request the Central Controller
	// does not hold: discarded (RT-1) or deleted (RT-3) and not sent again,
	// or issued during an outage and never sent. The response cannot belong
	// to it.
	ErrStaleResponse = errors.New("routing: stale response")
	// ErrAlreadyAnswered: a second response for an answered request.
	ErrAlreadyAnswered = errors.New("routing: request already answered")
	// ErrPathDown: the input needs a path that is down (a NEW_TASK under
	// a policy that rejects sends while the MR PG path is down, or a
	// reporting record while both sides of the PG are down).
	ErrPathDown = errors.New("routing: path down")
	// ErrInvalidValue: an enumerated argument (Outcome, Action, media kind)
	// is not a defined value, or an input's time is outside what int64 Unix
	// nanoseconds can hold (the years 1678 to 2262).
	ErrInvalidValue = errors.New("routing: invalid value")
	// ErrDocumentedRow: an attempt to override a documented row of the rule
	// table. Only inferred rows can be overridden.
	ErrDocumentedRow = errors.New("routing: documented row cannot be overridden")
	// ErrIllegalAction: an override names an action the row does not allow.
	ErrIllegalAction = errors.New("routing: action not allowed for this row")
	// ErrUnknownRow: a row number outside the rule table.
	ErrUnknownRow = errors.New("routing: unknown row")
	// ErrBadSnapshot: UnmarshalBinary was given data it did not produce or
	// that violates an invariant.
	ErrBadSnapshot = errors.New("routing: bad snapshot")
)

// TimeError reports an input whose time is before the previous input's.
type TimeError struct {
	Op   string // the method, such as "Send"
	Last int64  // previous input, Unix nanoseconds
	Now  int64  // rejected input, Unix nanoseconds
}

// Error implements the error interface.
func (e *TimeError) Error() string {
	return "routing: " + e.Op + ": time went backwards from " + strconv.FormatInt(e.Last, 10) +
		" to " + strconv.FormatInt(e.Now, 10) + " (Unix ns)"
}

// Unwrap returns [ErrTimeBackwards].
func (e *TimeError) Unwrap() error { return ErrTimeBackwards }

// RequestError reports a rejected input about one NEW_TASK request.
type RequestError struct {
	Op      string           // the method, such as "Response"
	Request ccefsm.RequestID // the request
	Status  Status           // its status when the input arrived; StatusNone if not held
	Err     error            // the sentinel
}

// Error implements the error interface.
func (e *RequestError) Error() string {
	s := "routing: " + e.Op + ": request " + strconv.FormatUint(uint64(e.Request), 10) + ": " + trimPrefix(e.Err.Error())
	if e.Status != StatusNone {
		s += " (status " + e.Status.String() + ")"
	}
	return s
}

// Unwrap returns the sentinel.
func (e *RequestError) Unwrap() error { return e.Err }

// ArgError reports an invalid argument: a zero ID, an undefined enum value
// or a time out of range.
type ArgError struct {
	Op    string // the method
	Arg   string // the argument's name
	Value int64  // the rejected value
	Err   error  // ErrInvalidID or ErrInvalidValue
}

// Error implements the error interface.
func (e *ArgError) Error() string {
	return "routing: " + e.Op + ": " + e.Arg + " " + strconv.FormatInt(e.Value, 10) + ": " + trimPrefix(e.Err.Error())
}

// Unwrap returns the sentinel.
func (e *ArgError) Unwrap() error { return e.Err }

// RowError reports a rejected override of the rule table.
type RowError struct {
	Row    int    // the row number
	Action Action // the action asked for
	Err    error  // ErrUnknownRow, ErrDocumentedRow or ErrIllegalAction
}

// Error implements the error interface.
func (e *RowError) Error() string {
	return "routing: row " + strconv.Itoa(e.Row) + ": action " + e.Action.String() + ": " + trimPrefix(e.Err.Error())
}

// Unwrap returns the sentinel.
func (e *RowError) Unwrap() error { return e.Err }

// PathError reports an input refused because a path is down.
type PathError struct {
	Op   string // the method
	Path string // which path: "application–MR PG path" or "every side of the PG"
	Row  int    // the rule-table row that decided the refusal
}

// Error implements the error interface.
func (e *PathError) Error() string {
	return "routing: " + e.Op + ": " + e.Path + " down (row " + strconv.Itoa(e.Row) + ")"
}

// Unwrap returns [ErrPathDown].
func (e *PathError) Unwrap() error { return ErrPathDown }

// SnapshotError reports why UnmarshalBinary refused its input.
type SnapshotError struct {
	Reason string
}

// Error implements the error interface.
func (e *SnapshotError) Error() string { return "routing: bad snapshot: " + e.Reason }

// Unwrap returns [ErrBadSnapshot].
func (e *SnapshotError) Unwrap() error { return ErrBadSnapshot }

// trimPrefix drops the "routing: " prefix of a sentinel's message when it is
// embedded in a typed error's message.
func trimPrefix(s string) string {
	const p = "routing: "
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
