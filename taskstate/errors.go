package taskstate

import (
	"errors"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
)

// Sentinel errors. Every error returned by a [Store], [Table] or [MRD]
// method wraps exactly one of them, so callers test the kind with errors.Is
// and read the context with errors.As into [*Error] or [*MRDError]. The
// text methods of the enums return the ccefsm errors instead
// ([ccefsm.ErrUnknownName], [ccefsm.ErrUnknownValue]).
var (
	// ErrInvalidMRD: an MRD configuration breaks a constraint (see
	// [MRD.Validate]).
	ErrInvalidMRD = errors.New("taskstate: invalid MRD")
	// ErrUnknownMRD: the MRD was never added to the store.
	ErrUnknownMRD = errors.New("taskstate: unknown MRD")
	// ErrDuplicateMRD: an MRD with this ID is already in the store.
	ErrDuplicateMRD = errors.New("taskstate: duplicate MRD")
	// ErrUnknownTask: no open task has this ID.
	ErrUnknownTask = errors.New("taskstate: unknown task")
	// ErrDuplicateTask: an open task already has this ID.
	ErrDuplicateTask = errors.New("taskstate: duplicate task")
	// ErrInvalidTask: a new task's fields are inconsistent (zero ID or
	// application, an agent missing or present against its state, a state a
	// task cannot begin in).
	ErrInvalidTask = errors.New("taskstate: invalid task")
	// ErrInvalidApp: an application ID of zero.
	ErrInvalidApp = errors.New("taskstate: invalid application")
	// ErrInvalidDisposition: a disposition outside 1-65.
	ErrInvalidDisposition = errors.New("taskstate: invalid disposition")
	// ErrIllegalTransition: the transition table has no row for this event
	// in the task's state.
	ErrIllegalTransition = errors.New("taskstate: illegal transition")
	// ErrTimeBackwards: now is before the latest instant the store has seen.
	ErrTimeBackwards = errors.New("taskstate: time went backwards")
	// ErrTimeOutOfRange: now lies outside the instants the store can hold
	// (1677-09-21 to about 2252; see [Store.Advance]): deadlines are int64
	// Unix nanoseconds, and the latest instant leaves room for the longest
	// MRD attribute.
	ErrTimeOutOfRange = errors.New("taskstate: instant out of range")
	// ErrDeadlinePending: a deadline at or before now has not been fired;
	// call [Store.Advance] with now first, so that no input overtakes a
	// timer. Advance(now) always clears it: afterwards every deadline is
	// after now.
	ErrDeadlinePending = errors.New("taskstate: deadline pending")
	// ErrDocumentedRow: an override tried to change a row of the transition
	// table that Cisco documents.
	ErrDocumentedRow = errors.New("taskstate: documented row")
	// ErrInvalidTable: a table given to [Store.SetTable] is not a
	// [DefaultTable] with only inferred dispositions changed.
	ErrInvalidTable = errors.New("taskstate: invalid table")
	// ErrStoreInUse: the operation needs a store with no open tasks.
	ErrStoreInUse = errors.New("taskstate: store in use")
	// ErrCorruptSnapshot: UnmarshalBinary was given bytes that are not a
	// snapshot written by MarshalBinary, or that describe an inconsistent
	// store.
	ErrCorruptSnapshot = errors.New("taskstate: corrupt snapshot")
)

// Error is the error returned by Store and Table operations: the operation,
// the context it failed in, and the sentinel it wraps.
type Error struct {
	Op    string        // the method, such as "Start" or "Advance"
	Task  ccefsm.TaskID // the task, when one is involved
	App   ccefsm.AppID  // the application, when one is involved
	MRD   ccefsm.MRDID  // the MRD, when one is involved
	State State         // the task's state, for ErrIllegalTransition
	Event Event         // the event, for ErrIllegalTransition
	Now   time.Time     // the input's instant, for ErrTimeBackwards, ErrTimeOutOfRange and ErrDeadlinePending
	Last  time.Time     // the latest instant seen (ErrTimeBackwards) or the pending deadline (ErrDeadlinePending)
	Err   error         // the sentinel
}

// Error returns the sentinel's message followed by the operation and the
// task, application, MRD and instants that apply.
func (e *Error) Error() string {
	s := e.Err.Error() + ": " + e.Op
	if e.Task != 0 {
		s += " task " + strconv.FormatUint(uint64(e.Task), 10)
	}
	if e.App != 0 {
		s += " application " + strconv.FormatUint(uint64(e.App), 10)
	}
	if e.MRD != 0 {
		s += " MRD " + strconv.FormatUint(uint64(e.MRD), 10)
	}
	switch e.Err {
	case ErrIllegalTransition:
		s += ": " + e.Event.String() + " in state " + e.State.String()
	case ErrTimeBackwards:
		s += ": " + e.Now.UTC().Format(time.RFC3339Nano) + " is before " + e.Last.UTC().Format(time.RFC3339Nano)
	case ErrTimeOutOfRange:
		s += ": " + e.Now.UTC().Format(time.RFC3339Nano) + " is outside " + utc(minInstantNs).Format(time.RFC3339Nano) + " … " + utc(maxInstantNs).Format(time.RFC3339Nano)
	case ErrDeadlinePending:
		s += ": deadline " + e.Last.UTC().Format(time.RFC3339Nano) + " is due at " + e.Now.UTC().Format(time.RFC3339Nano)
	}
	return s
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// MRDError reports an invalid MRD configuration: which field and why.
type MRDError struct {
	MRD    ccefsm.MRDID // the MRD's ID (possibly zero, which is itself invalid)
	Field  string       // the attribute, such as "TaskLife"
	Reason string       // what is wrong with it
}

// Error names the MRD, the field and what is wrong with it.
func (e *MRDError) Error() string {
	return "taskstate: invalid MRD " + strconv.FormatUint(uint64(e.MRD), 10) + ": " + e.Field + " " + e.Reason
}

// Unwrap returns [ErrInvalidMRD].
func (e *MRDError) Unwrap() error { return ErrInvalidMRD }
