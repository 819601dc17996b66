package agentstate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
)

// tableCase is one row check: the agent is driven through path (observed),
// then fails over.
type tableCase struct {
	reason string
	mrd    ccefsm.MRDID
	path   []agentstate.State
	row    uint8
	want   agentstate.State
}

var tableCases = []tableCase{
	{"row 1: Available stays Available", voice, []agentstate.State{agentstate.Available}, 1, agentstate.Available},
	{"row 2: Not Ready stays Not Ready", voice, []agentstate.State{agentstate.NotReady}, 2, agentstate.NotReady},
	{"row 3: Work Ready, Available before the call", voice, []agentstate.State{agentstate.Available, agentstate.Reserved, agentstate.Talking, agentstate.WorkReady}, 3, agentstate.Available},
	{"row 3: Work Not Ready, Available before the call", voice, []agentstate.State{agentstate.Available, agentstate.Talking, agentstate.WorkNotReady}, 3, agentstate.Available},
	{"row 3: non-voice wrap-up, Available before the task", chat, []agentstate.State{agentstate.Available, agentstate.Reserved, agentstate.Active, agentstate.WorkReady}, 3, agentstate.Available},
	{"row 4: Work Ready, Not Ready before the call", voice, []agentstate.State{agentstate.NotReady, agentstate.Talking, agentstate.Hold, agentstate.WorkReady}, 4, agentstate.NotReady},
	{"row 4: Work Not Ready, Not Ready before the call", voice, []agentstate.State{agentstate.NotReady, agentstate.Talking, agentstate.WorkNotReady}, 4, agentstate.NotReady},
	{"row 4: wrap-up with no call seen (anything else)", voice, []agentstate.State{agentstate.WorkReady}, 4, agentstate.NotReady},
	{"row 5: Reserved becomes Available", voice, []agentstate.State{agentstate.Available, agentstate.Reserved}, 5, agentstate.Available},
	{"row 6: Talking is kept", voice, []agentstate.State{agentstate.Available, agentstate.Talking}, 6, agentstate.Talking},
	{"row 6: Hold is kept", voice, []agentstate.State{agentstate.Available, agentstate.Talking, agentstate.Hold}, 6, agentstate.Hold},
	{"row 8: Active with no open task becomes Not Ready", chat, []agentstate.State{agentstate.Active}, 8, agentstate.NotReady},
	{"row 8: Paused with no open task becomes Not Ready", chat, []agentstate.State{agentstate.Paused}, 8, agentstate.NotReady},
	{"row 8: Interrupted with no open task becomes Not Ready", chat, []agentstate.State{agentstate.Interrupted}, 8, agentstate.NotReady},
	{"row 9: Busy Other becomes Not Ready", voice, []agentstate.State{agentstate.BusyOther}, 9, agentstate.NotReady},
	{"row 9: Unknown becomes Not Ready", voice, []agentstate.State{agentstate.Unknown}, 9, agentstate.NotReady},
	{"row 9: Login becomes Not Ready", chat, []agentstate.State{agentstate.Login}, 9, agentstate.NotReady},
	{"row 9: Not Active becomes Not Ready", chat, []agentstate.State{agentstate.NotActive}, 9, agentstate.NotReady},
}

// TestAGT1Rows checks every row of AG-T1 through a PG failover (AG-4, AG-5).
func TestAGT1Rows(t *testing.T) {
	for _, tt := range tableCases {
		r := newRoster(t, agentstate.Config{}, 11)
		put(t, r, 11, tt.mrd, 1, tt.path...)
		from := tt.path[len(tt.path)-1]
		got, err := r.SideDown(nil, at(100), pg, ccefsm.SideA, agentstate.CausePG)
		if err != nil {
			t.Fatal(err)
		}
		want := loggedIn(ccefsm.AG5, ccefsm.AGT1, tt.row, 11, tt.mrd, from, tt.want)
		want.At = at(100)
		if tt.row == 6 {
			want.Report = ccefsm.RP9
		}
		if tt.want == agentstate.NotReady && from == agentstate.NotReady {
			want.Reason = 7
		}
		if diff := cmp.Diff(want, got[len(got)-1]); diff != "" {
			t.Errorf("AG-T1 %s (-want +got):\n%s", tt.reason, diff)
		}
	}
}

// TestAGT2Rows checks every row of AG-T2 through a desktop failover (AG-6,
// AG-7).
func TestAGT2Rows(t *testing.T) {
	for _, tt := range tableCases {
		r := newRoster(t, agentstate.Config{}, 11)
		put(t, r, 11, tt.mrd, 1, tt.path...)
		from := tt.path[len(tt.path)-1]
		if _, err := r.DesktopDown(nil, at(100), 11); err != nil {
			t.Fatal(err)
		}
		got, err := r.DesktopUp(nil, at(101), 11)
		if err != nil {
			t.Fatal(err)
		}
		want := []E{loggedIn(ccefsm.AG7, ccefsm.AGT2, tt.row, 11, tt.mrd, from, tt.want)}
		if tt.want == agentstate.NotReady && from == agentstate.NotReady {
			want[0].Reason = 7
		}
		if diff := cmp.Diff(stamped(at(101), want...), got); diff != "" {
			t.Errorf("AG-T2 %s (-want +got):\n%s", tt.reason, diff)
		}
	}
}

// TestAGTNoLogoutRow: row 7 (LOGOUT -> LOGOUT), in neither of Cisco's
// tables, is retired. No failure reaches it: a failure logs out only
// logged-in agents, so no agent is held at LOGOUT (the snapshot decoder
// refuses a pending failure held at LOGOUT, and the random tests check every
// state they reach with it). Match has no row for LOGOUT, Override has no
// row 7, and a logged-out agent is neither logged out nor in by a failover.
func TestAGTNoLogoutRow(t *testing.T) {
	for _, tab := range []agentstate.Table{agentstate.PGTable(), agentstate.DesktopTable()} {
		for c := agentstate.State(0); c.IsValid(); c++ {
			if row, err := tab.Match(agentstate.Logout, c); !errors.Is(err, agentstate.ErrIllegalTransition) || !errors.Is(err, ccefsm.ErrIllegalTransition) ||
				errors.Is(err, agentstate.ErrUnknownRow) || errors.Is(err, ccefsm.ErrUnknownID) {
				t.Errorf("%v: Match(LOGOUT, %v) = %+v, %v; want ErrIllegalTransition (a state with no row), not an unknown ID", tab.ID(), c, row, err)
			}
		}
		if err := tab.Override(7, agentstate.To(agentstate.Logout)); !errors.Is(err, agentstate.ErrUnknownRow) || !errors.Is(err, ccefsm.ErrUnknownID) {
			t.Errorf("%v: Override(7): %v, want ErrUnknownRow", tab.ID(), err)
		}
		for _, r := range tab.Rows() {
			if r.N == 7 || r.Before.Has(agentstate.Logout) {
				t.Errorf("%v: row %+v", tab.ID(), r)
			}
		}
	}
	r := newRoster(t, agentstate.Config{}, 11)
	got, _ := r.SideDown(nil, at(1), pg, ccefsm.SideA, agentstate.CausePG)
	if len(got) != 3 {
		t.Errorf("AG-4/AG-5: a logged-out agent is neither logged out nor in: %v", got)
	}
	if _, err := r.FinesseDown(nil, at(2), pg); err != nil {
		t.Fatal(err)
	}
	if st, _ := r.Status(11, voice); st.Pending != agentstate.CauseNone {
		t.Errorf("AG-6: a logged-out agent is not logged out again: %+v", st)
	}
}

// TestTableProvenance: the documented and inferred rows are as docs/rules.md says.
func TestTableProvenance(t *testing.T) {
	want := map[ccefsm.RuleID][]ccefsm.Provenance{
		ccefsm.AGT1: {doc, doc, doc, doc, inf, inf, inf, inf},
		ccefsm.AGT2: {doc, doc, doc, doc, doc, inf, inf, inf},
	}
	numbers := []int{1, 2, 3, 4, 5, 6, 8, 9} // 7 is retired
	for _, tab := range []agentstate.Table{agentstate.PGTable(), agentstate.DesktopTable()} {
		var got []ccefsm.Provenance
		for i, r := range tab.Rows() {
			got = append(got, r.Provenance)
			if r.N != numbers[i] || r.Table != tab.ID() || r.Source == "" {
				t.Errorf("%v row %d: %+v", tab.ID(), numbers[i], r)
			}
			if r.Provenance&ccefsm.Inferred != 0 && r.Note == "" {
				t.Errorf("%v row %d: inferred row without a note", tab.ID(), r.N)
			}
			// The documented rows 1-4 cite the chapter's table of their own
			// failover: Table 1 for AG-T1, Table 2 for AG-T2.
			if r.N <= 4 {
				wantTable := map[ccefsm.RuleID]string{ccefsm.AGT1: "Table 1 (PG / CTI Manager", ccefsm.AGT2: "Table 2 (desktop / Finesse"}[tab.ID()]
				if !strings.Contains(r.Source, wantTable) {
					t.Errorf("%v row %d: source %q, want the chapter's %s", tab.ID(), r.N, r.Source, wantTable)
				}
			}
		}
		if diff := cmp.Diff(want[tab.ID()], got); diff != "" {
			t.Errorf("%v provenance (-want +got):\n%s", tab.ID(), diff)
		}
	}
	// Every valid (state, state before the call) pair but LOGOUT matches a
	// row; the first value beyond the states is invalid in either place.
	tab := agentstate.PGTable()
	for b := agentstate.State(0); b < 15; b++ {
		for c := agentstate.State(0); c < 15; c++ {
			if row, err := tab.Match(b, c); b != agentstate.Logout && (err != nil || !row.Before.Has(b)) {
				t.Errorf("Match(%v, %v) = %+v, %v", b, c, row, err)
			}
		}
	}
	for _, bc := range [][2]agentstate.State{{15, 0}, {0, 15}} {
		if _, err := tab.Match(bc[0], bc[1]); !errors.Is(err, agentstate.ErrInvalidState) {
			t.Errorf("Match(%d, %d): %v, want ErrInvalidState", bc[0], bc[1], err)
		}
	}
	var zero agentstate.Table
	if _, err := zero.Match(agentstate.Available, agentstate.Available); !errors.Is(err, agentstate.ErrIllegalTransition) {
		t.Errorf("zero Table: Match: %v", err)
	}
}

const (
	doc = ccefsm.Documented
	inf = ccefsm.Inferred
)

func TestTableOverride(t *testing.T) {
	tests := []struct {
		reason string
		table  ccefsm.RuleID
		row    int
		after  agentstate.Outcome
		want   error
	}{
		{"AG-T1 row 5 is inferred: overridable", ccefsm.AGT1, 5, agentstate.To(agentstate.NotReady), nil},
		{"AG-T1 row 6 is inferred: overridable", ccefsm.AGT1, 6, agentstate.To(agentstate.NotReady), nil},
		{"AG-T1 row 8 is inferred: overridable", ccefsm.AGT1, 8, agentstate.To(agentstate.WorkNotReady), nil},
		{"AG-T1 row 9 is inferred: overridable", ccefsm.AGT1, 9, agentstate.Outcome{Kind: agentstate.OutcomeKeep}, nil},
		{"AG-T1 row 1 is documented", ccefsm.AGT1, 1, agentstate.To(agentstate.NotReady), agentstate.ErrDocumentedRow},
		{"AG-T1 row 3 is documented", ccefsm.AGT1, 3, agentstate.To(agentstate.NotReady), agentstate.ErrDocumentedRow},
		{"AG-T2 row 5 is documented (Cisco Table 2)", ccefsm.AGT2, 5, agentstate.To(agentstate.NotReady), agentstate.ErrDocumentedRow},
		{"AG-T2 row 6 is inferred", ccefsm.AGT2, 6, agentstate.To(agentstate.Available), nil},
		{"no row 0", ccefsm.AGT1, 0, agentstate.To(agentstate.NotReady), agentstate.ErrUnknownRow},
		{"no row 10", ccefsm.AGT1, 10, agentstate.To(agentstate.NotReady), agentstate.ErrUnknownRow},
		{"invalid state", ccefsm.AGT1, 5, agentstate.To(15), agentstate.ErrInvalidOutcome},
		{"invalid kind", ccefsm.AGT1, 5, agentstate.Outcome{Kind: 9}, agentstate.ErrInvalidOutcome},
		{"keep with a state", ccefsm.AGT1, 5, agentstate.Outcome{Kind: agentstate.OutcomeKeep, State: agentstate.Talking}, agentstate.ErrInvalidOutcome},
	}
	for _, tt := range tests {
		tab := agentstate.PGTable()
		if tt.table == ccefsm.AGT2 {
			tab = agentstate.DesktopTable()
		}
		before := tab.Rows()
		err := tab.Override(tt.row, tt.after)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.reason, err, tt.want)
		}
		if err != nil {
			var re *agentstate.RowError
			if !errors.As(err, &re) || re.Row != tt.row || re.Table != tt.table {
				t.Errorf("%s: error context %v", tt.reason, err)
			}
			if diff := cmp.Diff(before, tab.Rows()); diff != "" {
				t.Errorf("%s: refused override changed the table:\n%s", tt.reason, diff)
			}
			continue
		}
		row := rowN(t, &tab, tt.row)
		if row.After != tt.after || row.Provenance&ccefsm.Configurable == 0 {
			t.Errorf("%s: row after override %+v", tt.reason, row)
		}
	}
	var zero agentstate.Table
	if err := zero.Override(5, agentstate.To(agentstate.NotReady)); !errors.Is(err, agentstate.ErrUnknownRow) {
		t.Errorf("zero Table: %v", err)
	}
}

// TestOverrideInRoster: an overridden inferred row drives the roster, and the
// Tasks interface rebuilds non-voice states (AG-T1 row 8).
func TestOverrideInRoster(t *testing.T) {
	tab := agentstate.PGTable()
	if err := tab.Override(5, agentstate.To(agentstate.NotReady)); err != nil {
		t.Fatal(err)
	}
	tasks := fixedTasks{{11, uint32(chat)}: agentstate.TaskPrecedence(agentstate.Paused, agentstate.WorkReady)}
	r := newRoster(t, agentstate.Config{PGTable: &tab, Tasks: tasks}, 11)
	sec := put(t, r, 11, voice, 1, agentstate.Available, agentstate.Reserved)
	put(t, r, 11, chat, sec, agentstate.Active)
	got, err := r.SideDown(nil, at(100), pg, ccefsm.SideA, agentstate.CausePG)
	if err != nil {
		t.Fatal(err)
	}
	want := []E{
		loggedIn(ccefsm.AG5, ccefsm.AGT1, 5, 11, voice, agentstate.Reserved, agentstate.NotReady),
		loggedIn(ccefsm.AG5, ccefsm.AGT1, 8, 11, chat, agentstate.Active, agentstate.WorkReady),
	}
	if diff := cmp.Diff(stamped(at(100), want...), got[len(got)-2:]); diff != "" {
		t.Errorf("overridden row 5 and tasks for row 8 (-want +got):\n%s", diff)
	}
	// The roster copied the table: later changes to it do not leak in.
	if err := tab.Override(5, agentstate.To(agentstate.Logout)); err != nil {
		t.Fatal(err)
	}
	put(t, r, 11, voice, 101, agentstate.Available, agentstate.Reserved)
	if _, err := r.SideDown(nil, at(110), pg, ccefsm.SideB, agentstate.CausePG); err != nil {
		t.Fatal(err)
	}
	got, err = r.SideUp(nil, at(111), pg, ccefsm.SideA)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(stamped(at(111), loggedIn(ccefsm.AG5, ccefsm.AGT1, 5, 11, voice, agentstate.Reserved, agentstate.NotReady)), got[1:2]); diff != "" {
		t.Errorf("the roster keeps its own copy of the table (-want +got):\n%s", diff)
	}
}

func TestTaskPrecedence(t *testing.T) {
	// Finesse: INTERRUPTED > ACTIVE > WORK_READY > PAUSED > RESERVED.
	order := []agentstate.State{agentstate.Reserved, agentstate.Paused, agentstate.WorkReady, agentstate.Active, agentstate.Interrupted}
	for i, lo := range order {
		for _, hi := range order[i:] {
			if got := agentstate.TaskPrecedence(lo, hi); got != hi {
				t.Errorf("TaskPrecedence(%v, %v) = %v", lo, hi, got)
			}
			if got := agentstate.TaskPrecedence(hi, lo); got != hi {
				t.Errorf("TaskPrecedence(%v, %v) = %v", hi, lo, got)
			}
		}
		if got := agentstate.TaskPrecedence(agentstate.NotReady, lo); got != lo {
			t.Errorf("a non-task state ranks below %v: %v", lo, got)
		}
	}
	// Example from the Finesse guide: {PAUSED, WORK_READY, ACTIVE} is ACTIVE.
	s := agentstate.TaskPrecedence(agentstate.TaskPrecedence(agentstate.Paused, agentstate.WorkReady), agentstate.Active)
	if s != agentstate.Active {
		t.Errorf("Finesse example: %v", s)
	}
}

// TestRosterTableConfig: Config.PGTable must be an AG-T1 and
// Config.DesktopTable an AG-T2 (from PGTable / DesktopTable, overrides
// allowed). A zero Table re-logged agents in LOGIN with no table row, and a
// swapped one gave a roster whose snapshot could not be restored.
func TestRosterTableConfig(t *testing.T) {
	pgTab, finTab := agentstate.PGTable(), agentstate.DesktopTable()
	var zero agentstate.Table
	tests := []struct {
		reason      string
		pg, desktop *agentstate.Table
		want        error
	}{
		{"AG-5: Config.PGTable is AG-T1", &pgTab, nil, nil},
		{"AG-7: Config.DesktopTable is AG-T2", nil, &finTab, nil},
		{"AG-5: a zero Table has no rows", &zero, nil, agentstate.ErrInvalidTable},
		{"AG-7: a zero Table has no rows", nil, &zero, agentstate.ErrInvalidTable},
		{"AG-5: AG-T2 is not AG-T1", &finTab, nil, agentstate.ErrInvalidTable},
		{"AG-7: AG-T1 is not AG-T2", nil, &pgTab, agentstate.ErrInvalidTable},
	}
	for _, tt := range tests {
		_, err := agentstate.NewRoster(agentstate.Config{MRDs: threeMRDs, PGTable: tt.pg, DesktopTable: tt.desktop})
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.reason, err, tt.want)
		}
	}
}

// TestOverrideReport: RP-9 (two TCD records) belongs to the call that AG-T1
// row 6 keeps; a row overridden to drop the call no longer cites it, and
// setting the row back to "unchanged" cites it again.
func TestOverrideReport(t *testing.T) {
	tests := []struct {
		reason string
		after  agentstate.Outcome
		want   ccefsm.RuleID
	}{
		{"RP-9: the recovered call is split into two TCD records", agentstate.Outcome{Kind: agentstate.OutcomeKeep}, ccefsm.RP9},
		{"RP-9 does not apply: the call is not recovered", agentstate.To(agentstate.Available), ccefsm.RuleNone},
		{"RP-9 does not apply: the state comes from tasks", agentstate.Outcome{Kind: agentstate.OutcomeTasks}, ccefsm.RuleNone},
	}
	for _, tt := range tests {
		tab := agentstate.PGTable()
		if err := tab.Override(6, agentstate.To(agentstate.NotReady)); err != nil {
			t.Fatal(err)
		}
		if err := tab.Override(6, tt.after); err != nil {
			t.Fatal(err)
		}
		if got := tab.Rows()[5].Report; got != tt.want {
			t.Errorf("%s: row 6 reports %v, want %v", tt.reason, got, tt.want)
		}
		r := newRoster(t, agentstate.Config{PGTable: &tab}, 11)
		put(t, r, 11, voice, 1, agentstate.Available, agentstate.Reserved, agentstate.Talking)
		got, err := r.SideDown(nil, at(10), pg, ccefsm.SideA, agentstate.CausePG)
		if err != nil {
			t.Fatal(err)
		}
		if e := got[len(got)-1]; e.Row != 6 || e.Report != tt.want {
			t.Errorf("%s: effect %v", tt.reason, e)
		}
	}
}

// rowN returns row number n of tab.
func rowN(t *testing.T, tab *agentstate.Table, n int) agentstate.Row {
	t.Helper()
	for _, r := range tab.Rows() {
		if r.N == n {
			return r
		}
	}
	t.Fatalf("%v has no row %d", tab.ID(), n)
	return agentstate.Row{}
}

// TestTaskPrecedenceEdges: an undefined state ranks below every task state
// (and is never used as an index), and of two states of the same rank the
// first is returned.
func TestTaskPrecedenceEdges(t *testing.T) {
	bad := agentstate.NotActive + 1
	for _, tt := range []struct {
		a, b, want agentstate.State
	}{
		{bad, agentstate.Reserved, agentstate.Reserved},
		{agentstate.Reserved, bad, agentstate.Reserved},
		{agentstate.NotReady, agentstate.Available, agentstate.NotReady},
		{agentstate.Available, agentstate.NotReady, agentstate.Available},
		{bad, agentstate.NotReady, bad},
	} {
		if got := agentstate.TaskPrecedence(tt.a, tt.b); got != tt.want {
			t.Errorf("TaskPrecedence(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestStateSet: a set holds only valid states; a bit past the last state
// is not one.
func TestStateSet(t *testing.T) {
	all := agentstate.StateSet(0xffff)
	if all.Has(agentstate.NotActive + 1) {
		t.Error("Has(15) of a set with every bit")
	}
	if !all.Has(agentstate.NotActive) || !all.Has(agentstate.Login) {
		t.Error("Has of the first and last states")
	}
	want := "LOGIN, LOGOUT, NOT_READY, AVAILABLE, TALKING, WORK_NOT_READY, WORK_READY, BUSY_OTHER, RESERVED, UNKNOWN, HOLD, ACTIVE, PAUSED, INTERRUPTED, NOT_ACTIVE"
	if got := all.String(); got != want {
		t.Errorf("String = %q", got)
	}
	if got := agentstate.StateSet(0).String(); got != "none" {
		t.Errorf("empty set: %q", got)
	}
}
