package taskstate

import (
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/kind"
)

// Sentinel errors. Every error returned by a [Store] or [Table] method wraps
// exactly one of them, so callers test the kind with errors.Is and read the
// context with errors.As into [*Error] (or [*ccefsm.SnapshotError] for a
// refused snapshot). Each sentinel also matches one of the root kinds of
// package ccefsm, so that one errors.Is catches a kind of failure in every
// package of the library:
//
//	ErrTimeBackwards                          ccefsm.ErrTimeBackwards
//	ErrTimeOutOfRange                         ccefsm.ErrTimeOutOfRange
//	ErrCorruptSnapshot                        ccefsm.ErrCorruptSnapshot
//	ErrUnknownTask, ErrUnknownMRD, ErrUnknownApp  ccefsm.ErrUnknownID
//	ErrDuplicateTask, ErrDuplicateMRD         ccefsm.ErrDuplicateID
//	ErrInvalidDisposition, ErrInvalidState,
//	ErrInvalidEvent                           ccefsm.ErrUnknownValue
//	ErrIllegalTransition                      ccefsm.ErrIllegalTransition
//
// ErrInvalidTask, ErrDocumentedRow and ErrInvalidTable are of no shared kind.
// An invalid MRD is reported by [ccefsm.MRD.Validate] as a
// [*ccefsm.MRDError] wrapping [ccefsm.ErrInvalidMRD]. The text methods of
// the enums return the ccefsm errors ([ccefsm.ErrUnknownName],
// [ccefsm.ErrUnknownValue]).
var (
	// ErrUnknownMRD: the MRD was never added to the store, or its ID is
	// zero.
	ErrUnknownMRD = kind.New("taskstate: unknown MRD", ccefsm.ErrUnknownID)
	// ErrDuplicateMRD: an MRD with this ID is already in the store.
	ErrDuplicateMRD = kind.New("taskstate: duplicate MRD", ccefsm.ErrDuplicateID)
	// ErrUnknownTask: no open task has this ID, or the ID is zero.
	ErrUnknownTask = kind.New("taskstate: unknown task", ccefsm.ErrUnknownID)
	// ErrDuplicateTask: an open task already has this ID.
	ErrDuplicateTask = kind.New("taskstate: duplicate task", ccefsm.ErrDuplicateID)
	// ErrUnknownApp: an application ID of zero, which is never valid.
	ErrUnknownApp = kind.New("taskstate: unknown application", ccefsm.ErrUnknownID)
	// ErrInvalidTask: the agent does not fit the task's state: a new task in
	// StateNew given an agent, or a task that needs one (any other state,
	// or [Store.Assign]) given agent zero.
	ErrInvalidTask = kind.New("taskstate: invalid task", nil)
	// ErrInvalidDisposition: a disposition outside 1-65.
	ErrInvalidDisposition = kind.New("taskstate: invalid disposition", ccefsm.ErrUnknownValue)
	// ErrInvalidState: a State value that is not a state of the machine.
	ErrInvalidState = kind.New("taskstate: invalid state", ccefsm.ErrUnknownValue)
	// ErrInvalidEvent: an Event value that is not an event of the machine.
	ErrInvalidEvent = kind.New("taskstate: invalid event", ccefsm.ErrUnknownValue)
	// ErrIllegalTransition: the transition table has no row for this event
	// in the task's state (an input, or [Table.Lookup] and
	// [Table.SetDisposition] of a state/event pair with no row), or a new
	// task names a state no task begins in. The table is addressed by
	// state and event, never by row number, so no input of this package
	// can name a missing row number (agentstate's and routing's
	// ErrUnknownRow, an unknown ID).
	ErrIllegalTransition = kind.New("taskstate: illegal transition", ccefsm.ErrIllegalTransition)
	// ErrTimeBackwards: now is before the latest instant the store has seen.
	ErrTimeBackwards = kind.New("taskstate: time went backwards", ccefsm.ErrTimeBackwards)
	// ErrTimeOutOfRange: now lies outside the instants the store can hold
	// (1677-09-21 to about 2252; see [Store.Advance]): deadlines are int64
	// Unix nanoseconds, and the latest instant leaves room for the longest
	// MRD attribute.
	ErrTimeOutOfRange = kind.New("taskstate: instant out of range", ccefsm.ErrTimeOutOfRange)
	// ErrDocumentedRow: an override tried to change a row of the transition
	// table that Cisco documents.
	ErrDocumentedRow = kind.New("taskstate: documented row", nil)
	// ErrInvalidTable: a table given in [Config] is not a [DefaultTable]
	// with only inferred dispositions changed.
	ErrInvalidTable = kind.New("taskstate: invalid table", nil)
	// ErrCorruptSnapshot: UnmarshalBinary was given bytes that are not a
	// snapshot this build reads, are damaged, or describe a store that no
	// sequence of inputs can reach. The error is a [*ccefsm.SnapshotError]
	// naming the field and byte offset.
	ErrCorruptSnapshot = kind.New("taskstate: corrupt snapshot", ccefsm.ErrCorruptSnapshot)
)

// Error is the error returned by Store and Table operations: the operation,
// the context it failed in, and the sentinel it wraps.
type Error struct {
	Op    string        // the method, such as "Start" or "Advance"
	Task  ccefsm.TaskID // the task, when one is involved
	App   ccefsm.AppID  // the application, when one is involved
	MRD   ccefsm.MRDID  // the MRD, when one is involved
	State State         // the task's state, for ErrIllegalTransition and ErrInvalidState
	Event Event         // the event, for ErrIllegalTransition and ErrInvalidEvent
	Now   time.Time     // the input's instant, for ErrTimeBackwards and ErrTimeOutOfRange
	Last  time.Time     // the latest instant seen, for ErrTimeBackwards
	// Fired is the number of deadline effects the input appended to dst
	// before it was refused: every input first fires the deadlines due at
	// or before its instant, as Advance would, and only then checks what
	// depends on the store's state (an unknown or duplicate task, an
	// illegal transition). Those deadlines stay fired and the store's
	// clock stays at the input's instant, as after Advance; the refused
	// input itself changed nothing.
	Fired int
	Err   error // the sentinel
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
	case ErrInvalidState:
		s += ": state " + strconv.Itoa(int(e.State))
	case ErrInvalidEvent:
		s += ": event " + strconv.Itoa(int(e.Event))
	case ErrTimeBackwards:
		s += ": " + e.Now.UTC().Format(time.RFC3339Nano) + " is before " + e.Last.UTC().Format(time.RFC3339Nano)
	case ErrTimeOutOfRange:
		s += ": " + e.Now.UTC().Format(time.RFC3339Nano) + " is outside " + utc(minInstantNs).Format(time.RFC3339Nano) + " … " + utc(maxInstantNs).Format(time.RFC3339Nano)
	}
	if e.Fired > 0 {
		s += " (input not applied; " + strconv.Itoa(e.Fired) + " deadline effect"
		if e.Fired > 1 {
			s += "s"
		}
		s += " fired before it)"
	}
	return s
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }
