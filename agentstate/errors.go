package agentstate

import (
	"errors"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
)

// Sentinel errors. Every error returned by the package wraps one of them, so
// errors.Is recognises the kind; the typed errors below carry the context.
var (
	// ErrIllegalTransition: the request is not a row of the transition
	// table from the current state ([TransitionError]).
	ErrIllegalTransition = errors.New("agentstate: illegal transition")
	// ErrInvalidState: a State outside 0–14 was given.
	ErrInvalidState = errors.New("agentstate: invalid state")
	// ErrInvalidEvent: an Event that is not defined was given.
	ErrInvalidEvent = errors.New("agentstate: invalid event")
	// ErrInvalidSide: the side is not A or B, or is B on a simplex
	// peripheral.
	ErrInvalidSide = errors.New("agentstate: invalid side")
	// ErrUnknownAgent: the agent is not in the roster.
	ErrUnknownAgent = errors.New("agentstate: unknown agent")
	// ErrDuplicateAgent: the agent is already in the roster.
	ErrDuplicateAgent = errors.New("agentstate: duplicate agent")
	// ErrUnknownPeripheral: the peripheral is not in the roster.
	ErrUnknownPeripheral = errors.New("agentstate: unknown peripheral")
	// ErrDuplicatePeripheral: the peripheral is already in the roster.
	ErrDuplicatePeripheral = errors.New("agentstate: duplicate peripheral")
	// ErrUnknownMRD: the MRD is not in the roster's MRD table.
	ErrUnknownMRD = errors.New("agentstate: unknown MRD")
	// ErrInvalidMRD: an MRD definition is invalid (zero ID, duplicate ID,
	// invalid media kind, more than [MaxMRDs]).
	ErrInvalidMRD = errors.New("agentstate: invalid MRD")
	// ErrWrongPeripheral: a report names an agent of another peripheral.
	ErrWrongPeripheral = errors.New("agentstate: agent not on this peripheral")
	// ErrPeripheralOffline: a voice request for an agent whose peripheral
	// has no active PIM side (AG-1, RT-5).
	ErrPeripheralOffline = errors.New("agentstate: peripheral offline")
	// ErrTimeBackwards: the time of an input is before the time of an
	// earlier input ([TimeError]).
	ErrTimeBackwards = errors.New("agentstate: time went backwards")
	// ErrTimeOutOfRange: the time of an input is outside what int64 Unix
	// nanoseconds can hold (before 1678 or after 2262).
	ErrTimeOutOfRange = errors.New("agentstate: time out of range")
	// ErrDocumentedRow: an override tried to change a documented row of a
	// failover table ([RowError]).
	ErrDocumentedRow = errors.New("agentstate: documented row cannot be overridden")
	// ErrUnknownRow: an override named a row the table does not have.
	ErrUnknownRow = errors.New("agentstate: unknown table row")
	// ErrInvalidTable: Config.PGTable is not an AG-T1 or
	// Config.DesktopTable not an AG-T2 (a zero Table, or the two swapped).
	ErrInvalidTable = errors.New("agentstate: invalid failover table")
	// ErrInvalidOutcome: an override gave an outcome that is not valid.
	ErrInvalidOutcome = errors.New("agentstate: invalid outcome")
	// ErrCorruptSnapshot: UnmarshalBinary got data it cannot decode.
	ErrCorruptSnapshot = errors.New("agentstate: corrupt snapshot")
)

// TransitionError reports an illegal request: Event is not allowed from
// From in an MRD of media Media. It unwraps to [ErrIllegalTransition].
type TransitionError struct {
	Agent ccefsm.AgentID // 0 when the request was made on a bare Machine
	MRD   ccefsm.MRDID   // 0 when the request was made on a bare Machine
	Media Media
	From  State
	Event Event
}

// Error implements the error interface.
func (e *TransitionError) Error() string {
	s := "agentstate: illegal transition: " + e.Event.String() + " from " + e.From.String() + " (" + e.Media.String() + ")"
	if e.Agent != 0 {
		s += " for agent " + strconv.FormatUint(uint64(e.Agent), 10) + " in MRD " + strconv.FormatUint(uint64(e.MRD), 10)
	}
	return s
}

// Unwrap returns [ErrIllegalTransition].
func (e *TransitionError) Unwrap() error { return ErrIllegalTransition }

// TimeError reports an input dated before an earlier one. It unwraps to
// [ErrTimeBackwards].
type TimeError struct {
	Last, Now time.Time
}

// Error implements the error interface.
func (e *TimeError) Error() string {
	return "agentstate: time went backwards: " + e.Now.UTC().Format(time.RFC3339Nano) + " is before " + e.Last.UTC().Format(time.RFC3339Nano)
}

// Unwrap returns [ErrTimeBackwards].
func (e *TimeError) Unwrap() error { return ErrTimeBackwards }

// RowError reports a refused change to a failover table row. Err is
// [ErrDocumentedRow], [ErrUnknownRow] or [ErrInvalidOutcome].
type RowError struct {
	Table ccefsm.RuleID // AG-T1 or AG-T2
	Row   int
	Err   error
}

// Error implements the error interface.
func (e *RowError) Error() string {
	return e.Err.Error() + ": " + e.Table.String() + " row " + strconv.Itoa(e.Row)
}

// Unwrap returns the sentinel in Err.
func (e *RowError) Unwrap() error { return e.Err }

// Error reports a failed roster operation with its context. Err is one of the
// sentinels above; zero-valued context fields do not apply.
type Error struct {
	Op         string // the method, such as "Apply" or "SideDown"
	Agent      ccefsm.AgentID
	Peripheral ccefsm.PeripheralID
	MRD        ccefsm.MRDID
	Err        error
}

// Error implements the error interface.
func (e *Error) Error() string {
	s := e.Err.Error() + " (" + e.Op
	if e.Agent != 0 {
		s += " agent " + strconv.FormatUint(uint64(e.Agent), 10)
	}
	if e.Peripheral != 0 {
		s += " peripheral " + strconv.FormatUint(uint64(e.Peripheral), 10)
	}
	if e.MRD != 0 {
		s += " MRD " + strconv.FormatUint(uint64(e.MRD), 10)
	}
	return s + ")"
}

// Unwrap returns the sentinel in Err.
func (e *Error) Unwrap() error { return e.Err }
