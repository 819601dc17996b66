package taskstate

import "github.com/ccefsm/ccefsm"

// Sources cited by the transition table.
const (
	srcTaskFlow = "Cisco TechNote 221684 (task flow: pre-call, OFFER_TASK_IND, START_TASK_IND, END_TASK_IND); CTI Server Message Reference PV25, ARM messages 160-169"
	srcDialog   = "Finesse Developer Guide 12.5(1), non-voice dialog states (OFFERED, ACTIVE, PAUSED, WRAPPING_UP, CLOSED)"
	srcDisp     = "CTI Server Message Reference PV25, Disposition Code Values"
	srcSchema   = "ICM/IPCC Enterprise Database Schema Handbook, CallDisposition 35-44"
	srcSeedCTI  = "Reporting Concepts 12.6(1), Data Loss and Component Failover, §Application Instance / Agent PG CTI Server / PIM Failover"
	srcFinesse  = "Finesse Developer Guide 12.5(1), CD_TASK_ENDED_DURING_APP_INIT"
)

// Row is one transition of the task machine: on Event, a task in From goes
// to To. Rows that end the task carry the disposition; for EventEnd it is the
// default, used when the application's END_TASK_IND gives none.
type Row struct {
	N           int               // row number, stable, 1-based
	From        State             // state before
	Event       Event             // the input
	To          State             // state after
	Disposition Disposition       // when To is StateEnded; zero otherwise
	Rule        ccefsm.RuleID     // the rule that makes this row, or RuleNone for the ordinary life cycle
	Provenance  ccefsm.Provenance // documented, or inferred (overridable with [Table.SetDisposition])
	Source      string            // where the row comes from
	Note        string            // why, for inferred rows
}

var openStates = [...]State{StateNew, StatePreCall, StateOffered, StateActive, StatePaused, StateWrapUp}

// defaultRows builds the transition table. Every open state can be ended by
// the application, by the maximum duration (TS-6) and by the task life
// (TS-1), and parked in CLOSING by an End Task sent during an outage (TS-2);
// CLOSING ends only at re-init, with 51.
func defaultRows() []Row {
	D, I := ccefsm.Documented, ccefsm.Inferred
	rows := []Row{
		{From: StateNew, Event: EventReserve, To: StatePreCall, Provenance: D, Source: srcTaskFlow},
		{From: StatePreCall, Event: EventOffer, To: StateOffered, Provenance: D, Source: srcTaskFlow},
		{From: StatePreCall, Event: EventStart, To: StateActive, Provenance: D, Source: srcTaskFlow},
		{From: StateOffered, Event: EventStart, To: StateActive, Provenance: D, Source: srcTaskFlow},
		{From: StateActive, Event: EventPause, To: StatePaused, Provenance: D, Source: srcDialog},
		{From: StatePaused, Event: EventResume, To: StateActive, Provenance: D, Source: srcDialog},
		{From: StateActive, Event: EventWrapUp, To: StateWrapUp, Provenance: D, Source: srcDialog},
		{From: StatePaused, Event: EventWrapUp, To: StateWrapUp, Provenance: D, Source: srcDialog},
		{From: StatePreCall, Event: EventStartTimeout, To: StateEnded, Disposition: TaskAbandonedBeforeOffered, Rule: ccefsm.TS7, Provenance: D, Source: srcDisp + " (36)"},

		{From: StateNew, Event: EventEnd, To: StateEnded, Disposition: TaskAbandonedInRouter, Provenance: I, Source: srcSchema + " (35)",
			Note: "default when the application ends a task the router has not assigned: 35 is the disposition for a NewTask dialogue that ends before DoThisWithTask"},
		{From: StatePreCall, Event: EventEnd, To: StateEnded, Disposition: TaskAbandonedBeforeOffered, Provenance: I, Source: srcSchema + " (36)",
			Note: "default when the application ends a reserved task before Offer or Start: 36 describes a task that ends before it is offered"},
		{From: StateOffered, Event: EventEnd, To: StateEnded, Disposition: TaskAbandonedWhileOffered, Provenance: D, Source: srcSchema + " (37: offered, then End Task without Start)"},
		{From: StateActive, Event: EventEnd, To: StateEnded, Disposition: NormalEndTask, Provenance: D, Source: srcDisp + " (38)"},
		{From: StatePaused, Event: EventEnd, To: StateEnded, Disposition: NormalEndTask, Provenance: D, Source: srcDisp + " (38)"},
		{From: StateWrapUp, Event: EventEnd, To: StateEnded, Disposition: NormalEndTask, Provenance: D, Source: srcDisp + " (38)"},
	}
	for _, s := range openStates {
		rows = append(rows,
			Row{From: s, Event: EventMaxDuration, To: StateEnded, Disposition: MaxTaskLifetimeExceeded, Rule: ccefsm.TS6, Provenance: D, Source: srcDisp + " (41); MRD API maxTaskDuration"},
			Row{From: s, Event: EventTaskLife, To: StateEnded, Disposition: ApplicationPathWentDown, Rule: ccefsm.TS1, Provenance: D, Source: srcSeedCTI + "; " + srcDisp + " (42)"},
			Row{From: s, Event: EventEndInOutage, To: StateClosing, Rule: ccefsm.TS2, Provenance: D, Source: srcFinesse},
		)
	}
	// A CLOSING task has no task-life row: the application ended it within
	// task life, so TS-2 (not TS-1, which ends the tasks still open) decides
	// its end, 51 at re-init, however long the outage lasts.
	rows = append(rows,
		Row{From: StateClosing, Event: EventReinit, To: StateEnded, Disposition: TaskEndedDuringAppInit, Rule: ccefsm.TS2, Provenance: D, Source: srcFinesse + " (51)"},
	)
	for i := range rows {
		rows[i].N = i + 1
	}
	return rows
}

// cell is the compiled form of a row, indexed by state position and event.
type cell struct {
	to   State
	disp Disposition
	rule ccefsm.RuleID
	row  uint8 // Row.N; 0 means no row
}

// Table is the task machine's transition table. One table drives the
// store's behaviour, the generated diagram (docs/taskstate.md) and the
// tests. Build one with [DefaultTable].
//
// The zero value is an empty table: every event is illegal in every state.
type Table struct {
	rows  []Row
	cells [len(states)][numEvents]cell
}

// DefaultTable returns a new copy of the library's transition table.
func DefaultTable() *Table {
	t := &Table{rows: defaultRows()}
	for _, r := range t.rows {
		t.cells[stateIndex(r.From)][r.Event] = cell{to: r.To, disp: r.Disposition, rule: r.Rule, row: uint8(r.N)}
	}
	return t
}

// Rows returns a copy of the table's rows in row order.
func (t *Table) Rows() []Row { return append([]Row(nil), t.rows...) }

// Lookup returns the row for event e in state s. It fails with
// ErrInvalidState or ErrInvalidEvent for a value that is not a state or an
// event of the machine, and with ErrIllegalTransition when the table has no
// row for e in s.
func (t *Table) Lookup(s State, e Event) (Row, error) {
	c, err := t.find("Lookup", s, e)
	if err != nil {
		return Row{}, err
	}
	return t.rows[c.row-1], nil
}

// find is Lookup's check, returning the compiled cell.
func (t *Table) find(op string, s State, e Event) (cell, error) {
	if !s.IsValid() {
		return cell{}, &Error{Op: op, State: s, Event: e, Err: ErrInvalidState}
	}
	if !e.IsValid() {
		return cell{}, &Error{Op: op, State: s, Event: e, Err: ErrInvalidEvent}
	}
	c, ok := t.lookup(s, e)
	if !ok {
		return cell{}, &Error{Op: op, State: s, Event: e, Err: ErrIllegalTransition}
	}
	return c, nil
}

// lookup is the hot path: s and e are known to be valid.
func (t *Table) lookup(s State, e Event) (cell, bool) {
	c := t.cells[stateIndex(s)][e]
	return c, c.row != 0
}

// SetDisposition changes the disposition of an inferred row that ends a
// task, such as the default for an End Task from NEW. Documented rows cannot
// be changed (ErrDocumentedRow); a state or event that is not defined is
// ErrInvalidState or ErrInvalidEvent, a missing row ErrIllegalTransition; a
// row that does not end the task, or a disposition outside 1-65, is
// ErrInvalidDisposition. On error the table is unchanged.
func (t *Table) SetDisposition(s State, e Event, d Disposition) error {
	const op = "SetDisposition"
	c, err := t.find(op, s, e)
	if err != nil {
		return err
	}
	r := &t.rows[c.row-1]
	if r.Provenance&ccefsm.Documented != 0 {
		return &Error{Op: op, State: s, Event: e, Err: ErrDocumentedRow}
	}
	if r.To != StateEnded || !d.IsValid() {
		return &Error{Op: op, State: s, Event: e, Err: ErrInvalidDisposition}
	}
	r.Disposition = d
	t.cells[stateIndex(s)][e].disp = d
	return nil
}

// check reports whether t is a [DefaultTable] changed only through
// SetDisposition: the same rows, with a valid disposition changed only on
// inferred rows, and the compiled cells of those rows.
func (t *Table) check() error {
	def := DefaultTable()
	if len(t.rows) != len(def.rows) {
		return &Error{Op: "NewStore", Err: ErrInvalidTable}
	}
	for i, r := range t.rows {
		d := def.rows[i]
		if r.Disposition != d.Disposition && d.Provenance&ccefsm.Documented == 0 && r.Disposition.IsValid() {
			d.Disposition = r.Disposition
			def.rows[i] = d
			def.cells[stateIndex(d.From)][d.Event].disp = d.Disposition
		}
		if r != d {
			return &Error{Op: "NewStore", State: r.From, Event: r.Event, Err: ErrInvalidTable}
		}
	}
	if t.cells != def.cells {
		return &Error{Op: "NewStore", Err: ErrInvalidTable}
	}
	return nil
}

// overrides returns the rows whose disposition differs from the default,
// in row order.
func (t *Table) overrides() []Row {
	var out []Row
	for i, r := range defaultRows() {
		if t.rows[i].Disposition != r.Disposition {
			out = append(out, t.rows[i])
		}
	}
	return out
}

func (t *Table) clone() *Table {
	c := *t
	c.rows = t.Rows()
	return &c
}
