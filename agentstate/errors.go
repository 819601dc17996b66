package agentstate

import (
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/kind"
)

// Sentinel errors. Every error returned by the package wraps one of them, so
// errors.Is recognises the kind; the typed errors below carry the context.
// Each sentinel also matches the kind of failure of package ccefsm it
// belongs to (ccefsm.ErrUnknownID, ccefsm.ErrTimeBackwards, …), so that one
// errors.Is catches that kind in every package of the library; the comment
// of each sentinel names its kind, and "no kind" means it matches none.
var (
	// ErrIllegalTransition: the request is not a row of the transition
	// table from the current state ([TransitionError]), or a failover table
	// has no row for the state pair given to [Table.Match] (LOGOUT, or any
	// state of the zero Table). Kind: ccefsm.ErrIllegalTransition.
	ErrIllegalTransition = kind.New("agentstate: illegal transition", ccefsm.ErrIllegalTransition)
	// ErrInvalidState: a State outside 0–14 was given, or a report's time
	// in state is negative or reaches before the first instant. Kind:
	// ccefsm.ErrUnknownValue.
	ErrInvalidState = kind.New("agentstate: invalid state", ccefsm.ErrUnknownValue)
	// ErrInvalidEvent: an Event that is not defined was given. Kind:
	// ccefsm.ErrUnknownValue.
	ErrInvalidEvent = kind.New("agentstate: invalid event", ccefsm.ErrUnknownValue)
	// ErrInvalidMedia: a Media other than Voice or NonVoice was given.
	// Kind: ccefsm.ErrUnknownValue.
	ErrInvalidMedia = kind.New("agentstate: invalid media", ccefsm.ErrUnknownValue)
	// ErrInvalidCause: SideDown was given a cause other than CausePIM or
	// CausePG. Kind: ccefsm.ErrUnknownValue.
	ErrInvalidCause = kind.New("agentstate: invalid cause", ccefsm.ErrUnknownValue)
	// ErrInvalidSide: the side is not A or B, or is B on a simplex
	// peripheral. Kind: ccefsm.ErrUnknownValue.
	ErrInvalidSide = kind.New("agentstate: invalid side", ccefsm.ErrUnknownValue)
	// ErrInvalidRedundancy: a peripheral is neither simplex nor duplex.
	// Kind: ccefsm.ErrUnknownValue.
	ErrInvalidRedundancy = kind.New("agentstate: invalid redundancy", ccefsm.ErrUnknownValue)
	// ErrInvalidOutcome: an override gave an outcome that is not valid.
	// Kind: ccefsm.ErrUnknownValue.
	ErrInvalidOutcome = kind.New("agentstate: invalid outcome", ccefsm.ErrUnknownValue)
	// ErrUnknownAgent: the agent is not in the roster, the agent ID is zero,
	// or a [Ref] is stale (its agent was removed or moved). Kind:
	// ccefsm.ErrUnknownID.
	ErrUnknownAgent = kind.New("agentstate: unknown agent", ccefsm.ErrUnknownID)
	// ErrUnknownPeripheral: the peripheral is not in the roster, or the
	// peripheral ID is zero. Kind: ccefsm.ErrUnknownID.
	ErrUnknownPeripheral = kind.New("agentstate: unknown peripheral", ccefsm.ErrUnknownID)
	// ErrUnknownMRD: the MRD is not in the roster's MRD table, or a report
	// names another MRD than the call's. Kind: ccefsm.ErrUnknownID.
	ErrUnknownMRD = kind.New("agentstate: unknown MRD", ccefsm.ErrUnknownID)
	// ErrUnknownRow: [Table.Override] named a row number the table does
	// not have (a row number is an identifier; a state with no row is
	// [ErrIllegalTransition]). Kind: ccefsm.ErrUnknownID.
	ErrUnknownRow = kind.New("agentstate: unknown table row", ccefsm.ErrUnknownID)
	// ErrDuplicateAgent: the agent is already in the roster. Kind:
	// ccefsm.ErrDuplicateID.
	ErrDuplicateAgent = kind.New("agentstate: duplicate agent", ccefsm.ErrDuplicateID)
	// ErrDuplicatePeripheral: the peripheral is already in the roster.
	// Kind: ccefsm.ErrDuplicateID.
	ErrDuplicatePeripheral = kind.New("agentstate: duplicate peripheral", ccefsm.ErrDuplicateID)
	// ErrTimeBackwards: the time of an input is before the time of an
	// earlier input ([TimeError]). Kind: ccefsm.ErrTimeBackwards.
	ErrTimeBackwards = kind.New("agentstate: time went backwards", ccefsm.ErrTimeBackwards)
	// ErrTimeOutOfRange: the time of an input is outside what int64 Unix
	// nanoseconds can hold (before 1678 or after 2262). Kind:
	// ccefsm.ErrTimeOutOfRange.
	ErrTimeOutOfRange = kind.New("agentstate: time out of range", ccefsm.ErrTimeOutOfRange)
	// ErrCorruptSnapshot: UnmarshalBinary got data it cannot decode, that is
	// damaged, or that describes a state no sequence of inputs can reach
	// (a [*ccefsm.SnapshotError] names the field and the byte offset).
	// Kind: ccefsm.ErrCorruptSnapshot.
	ErrCorruptSnapshot = kind.New("agentstate: corrupt snapshot", ccefsm.ErrCorruptSnapshot)
	// ErrInvalidMRD: an MRD definition of Config.MRDs is invalid
	// ([ccefsm.MRD.Validate]), duplicated, a second voice MRD, or there are
	// none or more than [MaxMRDs]. Kind: ccefsm.ErrInvalidMRD.
	ErrInvalidMRD = kind.New("agentstate: invalid MRD", ccefsm.ErrInvalidMRD)
	// ErrInvalidTable: Config.PGTable is not an AG-T1 or
	// Config.DesktopTable not an AG-T2 (a zero Table, or the two swapped).
	// No kind.
	ErrInvalidTable = kind.New("agentstate: invalid failover table", nil)
	// ErrDocumentedRow: an override tried to change a documented row of a
	// failover table ([RowError]). No kind.
	ErrDocumentedRow = kind.New("agentstate: documented row cannot be overridden", nil)
	// ErrWrongPeripheral: a report names an agent of another peripheral.
	// No kind.
	ErrWrongPeripheral = kind.New("agentstate: agent not on this peripheral", nil)
	// ErrPeripheralOffline: a voice request for an agent whose peripheral
	// has no active PIM side (AG-1, RT-5). No kind.
	ErrPeripheralOffline = kind.New("agentstate: peripheral offline", nil)
	// ErrRosterFull: AddPeripheral beyond 65,536 peripherals. No kind.
	ErrRosterFull = kind.New("agentstate: roster full", nil)
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
	// Cause, when not nil, says in more detail what is wrong, such as the
	// *ccefsm.MRDError of an MRD that NewRoster refused.
	Cause error
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
	s += ")"
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the sentinel in Err, and Cause when there is one, so that
// errors.Is and errors.As look through both.
func (e *Error) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}
