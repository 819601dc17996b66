package agentstate

import (
	"errors"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=OutcomeKind -linecomment -output=table_string.go

// OutcomeKind says how a failover table row decides the state after the
// failover.
type OutcomeKind uint8

// Outcome kinds.
const (
	// OutcomeState: the row names the state.
	OutcomeState OutcomeKind = iota // state
	// OutcomeKeep: the state at failover is kept (the call is recovered).
	OutcomeKeep // unchanged
	// OutcomeTasks: the state is rebuilt from the agent's open tasks in the
	// MRD ([Tasks]); with no open task it is Not Ready.
	OutcomeTasks // from tasks
)

// MarshalText implements [encoding.TextMarshaler]: "state", "unchanged" or
// "from tasks". Other values are an error wrapping [ccefsm.ErrUnknownValue].
func (k OutcomeKind) MarshalText() ([]byte, error) {
	return enumtext.Marshal(k, OutcomeState, OutcomeTasks, "agentstate.OutcomeKind")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error k is
// unchanged.
func (k *OutcomeKind) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(k, text, OutcomeState, OutcomeTasks, "agentstate.OutcomeKind")
}

// Outcome is the "after" column of a failover table row.
type Outcome struct {
	Kind  OutcomeKind
	State State // the state, for OutcomeState
}

// To returns the outcome "state s".
func To(s State) Outcome { return Outcome{Kind: OutcomeState, State: s} }

// IsValid reports whether o is a defined kind, with a valid state for
// OutcomeState.
func (o Outcome) IsValid() bool {
	switch o.Kind {
	case OutcomeState:
		return o.State.IsValid()
	case OutcomeKeep, OutcomeTasks:
		return o.State == 0
	}
	return false
}

// String returns the state name for OutcomeState, else the kind.
func (o Outcome) String() string {
	if o.Kind == OutcomeState {
		return o.State.String()
	}
	return o.Kind.String()
}

// Row is one row of a failover table: an agent whose state at failover is in
// Before (and, when BeforeCall is not empty, whose state before the call is
// in BeforeCall) is logged in again in After.
type Row struct {
	Table ccefsm.RuleID // ccefsm.AGT1 or ccefsm.AGT2
	// N is the row number, as in docs/agentstate.md and in the effects
	// (Effect.Row). Numbers are stable: 7, the retired LOGOUT row, is not
	// reused (see [Table]).
	N          int
	Before     StateSet
	BeforeCall StateSet // empty: any
	After      Outcome
	// Report is the reporting rule that the re-login carries, such as
	// RP-9 (a call recovered across a PG failover is split into two TCD
	// records); ccefsm.RuleNone when none.
	Report     ccefsm.RuleID
	Provenance ccefsm.Provenance
	Source     string
	Note       string // why an inferred row says what it says
}

// Overridable reports whether [Table.Override] may change the row: only
// inferred rows, never documented ones.
func (r Row) Overridable() bool { return r.Provenance&ccefsm.Documented == 0 }

const (
	srcTable1 = "Reporting Concepts 12.6(1), Data Loss and Component Failover, Table 1 (PG / CTI Manager failover)"
	srcTable2 = "Reporting Concepts 12.6(1), Data Loss and Component Failover, Table 2 (desktop / Finesse failover)"
	srcSRNDPG = "UCCE SRND 7.x, agent PG failover: in-progress calls recovered, two TCD records"
	srcFin13  = "Finesse Developer Guide 12.5(1), non-voice states: state rebuilt from tasks, none means NOT_READY"
)

const numRows = 8

// noRow marks, in Table.pick, a state that no row matches: LOGOUT.
const noRow = 0xff

// Table is a failover table: AG-T1 (state after a PG or CTI Manager failover)
// or AG-T2 (state after a desktop or Finesse failover). Every valid state but
// LOGOUT matches exactly one row, whatever the state before the call. Get one
// with [PGTable] or [DesktopTable]; the zero Table is empty and not usable.
//
// The rows are numbered 1–6, 8 and 9. Row 7, LOGOUT → LOGOUT, was retired:
// neither of Cisco's tables has it, and the roster never consults it, since a
// failure logs out only agents that are logged in (a logged-out agent has no
// state to restore). Its number is not reused, so that row numbers keep their
// meaning in logs and snapshots.
type Table struct {
	id   ccefsm.RuleID
	rows [numRows]Row
	// pick[before][beforeCall] is the index of the matching row; fast holds
	// the same with the row's outcome resolved, for the bulk paths.
	pick [numStates][numStates]uint8
	fast [numStates][numStates]fastRow
}

// fastRow is a resolved row: its number, the state after (toFromTasks when
// the tasks decide) and its reporting rule.
type fastRow struct {
	n      uint8
	to     State
	report ccefsm.RuleID
}

// toFromTasks marks a fastRow whose state comes from the agent's tasks. It
// is untyped so that stringer does not take it for a State.
const toFromTasks = 0xff

func newTable(id ccefsm.RuleID) Table {
	src := srcTable1
	if id == ccefsm.AGT2 {
		src = srcTable2
	}
	wrap := States(WorkReady, WorkNotReady)
	t := Table{id: id, rows: [numRows]Row{
		{N: 1, Before: States(Available), After: To(Available), Provenance: doc, Source: src},
		{N: 2, Before: States(NotReady), After: To(NotReady), Provenance: doc, Source: src},
		{N: 3, Before: wrap, BeforeCall: States(Available), After: To(Available), Provenance: doc, Source: src},
		{N: 4, Before: wrap, BeforeCall: ^States(Available) & allStates, After: To(NotReady), Provenance: doc, Source: src},
		{N: 5, Before: States(Reserved), After: To(Available), Provenance: inf, Source: srcTable2,
			Note: "Table 1 has no Reserved row; by analogy with Table 2 the reservation is lost and the call rerouted"},
		{N: 6, Before: States(Talking, Hold), After: Outcome{Kind: OutcomeKeep}, Report: ccefsm.RP9, Provenance: inf, Source: srcSRNDPG,
			Note: "the call in progress is recovered from Unified CM, so the agent stays on it"},
		{N: 8, Before: States(Active, Paused, Interrupted), After: Outcome{Kind: OutcomeTasks}, Provenance: inf, Source: srcFin13,
			Note: "non-voice state is rebuilt from the agent's open tasks in the MRD; no task means Not Ready"},
		{N: 9, Before: States(Login, BusyOther, Unknown, NotActive), After: To(NotReady), Provenance: inf, Source: srcCTIStates,
			Note: "the tables have no row for these states; Not Ready is the state in which nothing is routed to the agent"},
	}}
	if id == ccefsm.AGT2 {
		r := &t.rows[4]
		r.Provenance, r.Source, r.Note = doc, srcTable2, ""
		r = &t.rows[5]
		r.Report, r.Source = ccefsm.RuleNone, srcTable2
		r.Note = "Table 2 has no Talking row; the call is on the phone, which a desktop or Finesse failure does not touch"
	}
	for i := range t.rows {
		t.rows[i].Table = id
	}
	t.index()
	return t
}

const allStates = StateSet(1<<numStates - 1)

func (t *Table) index() {
	for b := range t.pick {
		for c := range t.pick[b] {
			t.pick[b][c] = noRow
		}
	}
	for i := len(t.rows) - 1; i >= 0; i-- {
		r := &t.rows[i]
		for b := range State(numStates) {
			if !r.Before.Has(b) {
				continue
			}
			for c := range State(numStates) {
				if r.BeforeCall == 0 || r.BeforeCall.Has(c) {
					t.pick[b][c] = uint8(i)
				}
			}
		}
	}
	for b := range State(numStates) {
		for c := range State(numStates) {
			i := t.pick[b][c]
			if i == noRow {
				// LOGOUT: restore never meets it (the held state of a
				// pending failure is never LOGOUT; the decoder refuses it).
				t.fast[b][c] = fastRow{to: Logout}
				continue
			}
			r := &t.rows[i]
			f := fastRow{n: uint8(r.N), to: r.After.State, report: r.Report}
			switch r.After.Kind {
			case OutcomeKeep:
				f.to = b
			case OutcomeTasks:
				f.to = toFromTasks
			}
			t.fast[b][c] = f
		}
	}
}

// PGTable returns a fresh copy of AG-T1, the state after a PG or CTI Manager
// failover (Cisco's Table 1 plus inferred rows for the states it does not
// list).
func PGTable() Table { return newTable(ccefsm.AGT1) }

// DesktopTable returns a fresh copy of AG-T2, the state after a desktop or
// Finesse failover: AG-T1 with Cisco's Table 2's documented Reserved → Available
// row in place of AG-T1's inferred one.
func DesktopTable() Table { return newTable(ccefsm.AGT2) }

// ID returns ccefsm.AGT1 or ccefsm.AGT2 (ccefsm.RuleNone for the zero Table).
func (t *Table) ID() ccefsm.RuleID { return t.id }

// Rows returns the rows in number order, in a new slice.
func (t *Table) Rows() []Row {
	out := make([]Row, len(t.rows))
	copy(out, t.rows[:])
	return out
}

// Match returns the row that decides the state after failover of an agent
// in state before whose state before the call was beforeCall. Errors:
// [ErrInvalidState] for a state outside 0–14, and [ErrIllegalTransition]
// when no row matches: for LOGOUT (see [Table]), and for any state of the
// zero Table, each in an [*Error].
func (t *Table) Match(before, beforeCall State) (Row, error) {
	if !before.IsValid() || !beforeCall.IsValid() {
		return Row{}, &Error{Op: "Table.Match", Err: ErrInvalidState}
	}
	switch i := t.pick[before][beforeCall]; {
	case t.id == ccefsm.RuleNone:
		return Row{}, &Error{Op: "Table.Match", Err: ErrIllegalTransition, Cause: errors.New("the zero Table has no rows")}
	case i == noRow:
		return Row{}, &Error{Op: "Table.Match", Err: ErrIllegalTransition, Cause: errors.New("no row matches LOGOUT: a logged-out agent has no state to restore")}
	default:
		return t.rows[i], nil
	}
}

// row returns the index of row number n, or -1.
func (t *Table) row(n int) int {
	for i := range t.rows {
		if t.rows[i].N == n {
			return i
		}
	}
	return -1
}

// Override replaces the outcome of inferred row n. A documented row is
// refused with [ErrDocumentedRow], an unknown row with [ErrUnknownRow], an
// invalid outcome with [ErrInvalidOutcome] (all in a [*RowError]); on error
// the table is unchanged. The row keeps its number and source, and its
// provenance gains ccefsm.Configurable. Its reporting rule (Row.Report, RP-9
// for AG-T1 row 6) stays only while the outcome keeps the state.
func (t *Table) Override(n int, after Outcome) error {
	i := t.row(n)
	if i < 0 || t.id == ccefsm.RuleNone {
		return &RowError{Table: t.id, Row: n, Err: ErrUnknownRow}
	}
	r := &t.rows[i]
	if !r.Overridable() {
		return &RowError{Table: t.id, Row: n, Err: ErrDocumentedRow}
	}
	if !after.IsValid() {
		return &RowError{Table: t.id, Row: n, Err: ErrInvalidOutcome}
	}
	r.After = after
	// The row's reporting rule belongs to its default outcome: RP-9 (two
	// TCD records) describes a call kept across the failover, so a row
	// that no longer keeps the state does not cite it.
	r.Report = ccefsm.RuleNone
	if after.Kind == OutcomeKeep {
		r.Report = newTable(t.id).rows[i].Report
	}
	r.Provenance |= ccefsm.Configurable
	t.index()
	return nil
}

// Tasks gives the state that an agent's open tasks in an MRD put it in, by
// the Finesse precedence (INTERRUPTED > ACTIVE > WORK_READY > PAUSED >
// RESERVED; see [TaskPrecedence]). agentstate does not own tasks; the
// embedding service (or the taskstate package) supplies them for the
// "rebuilt from tasks" rows of the failover tables. ok is false when the
// agent has no open task in the MRD.
type Tasks interface {
	TaskState(a ccefsm.AgentID, m ccefsm.MRDID) (s State, ok bool)
}

// taskRank orders the per-MRD task states by Finesse precedence (Finesse
// Developer Guide 12.5(1), non-voice states); 0 is not a task state.
var taskRank = [numStates]uint8{Reserved: 1, Paused: 2, WorkReady: 3, Active: 4, Interrupted: 5}

// TaskPrecedence returns the MRD state of an agent whose open tasks are in
// states a and b: the one Finesse ranks higher (INTERRUPTED > ACTIVE >
// WORK_READY > PAUSED > RESERVED). A state that is not a task state
// (invalid values included) ranks below all of them; of two states of the
// same rank it returns a. Fold it over an agent's tasks to implement
// [Tasks].
func TaskPrecedence(a, b State) State {
	var ra, rb uint8
	if a < numStates {
		ra = taskRank[a]
	}
	if b < numStates {
		rb = taskRank[b]
	}
	if rb > ra {
		return b
	}
	return a
}

// fromTasks returns the state the agent's open tasks in MRD m give it, or
// Not Ready when it has none (or no Tasks is configured).
func fromTasks(tasks Tasks, a ccefsm.AgentID, m ccefsm.MRDID) State {
	if tasks != nil {
		if s, ok := tasks.TaskState(a, m); ok && s.IsValid() {
			return s
		}
	}
	return NotReady
}
