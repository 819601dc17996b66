package taskstate

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

// TestEnumText: every State, Event and EffectKind value marshals to its
// String name and back; values outside the type and unknown names are
// errors wrapping the ccefsm sentinels, and a failed UnmarshalText leaves
// the value unchanged.
func TestEnumText(t *testing.T) {
	for v := 0; v < 256; v++ {
		s := State(v)
		text, err := s.MarshalText()
		if s.IsValid() != (err == nil) {
			t.Errorf("State %d: valid %v, err %v", v, s.IsValid(), err)
		}
		if err != nil {
			if !errors.Is(err, ccefsm.ErrUnknownValue) {
				t.Errorf("State %d: err %v", v, err)
			}
			continue
		}
		var back State = StateNew
		if err := back.UnmarshalText(text); err != nil || back != s {
			t.Errorf("State %d: round trip %v %v", v, back, err)
		}
	}
	for v := 0; v < 256; v++ {
		e := Event(v)
		text, err := e.MarshalText()
		if e.IsValid() != (err == nil) {
			t.Errorf("Event %d: valid %v, err %v", v, e.IsValid(), err)
		}
		if err == nil {
			var back Event
			if err := back.UnmarshalText(text); err != nil || back != e {
				t.Errorf("Event %d: round trip %v %v", v, back, err)
			}
		}
	}
	for v := 0; v < 256; v++ {
		k := EffectKind(v)
		text, err := k.MarshalText()
		if err == nil {
			var back EffectKind
			if err := back.UnmarshalText(text); err != nil || back != k {
				t.Errorf("EffectKind %d: round trip %v %v", v, back, err)
			}
		} else if !errors.Is(err, ccefsm.ErrUnknownValue) || (v >= 1 && v <= 6) {
			t.Errorf("EffectKind %d: err %v", v, err)
		}
	}
	s, e, k := StateActive, EventStart, EffectEnded
	// The names String gives the values just outside each type are no
	// names either.
	for _, bad := range []string{"", "active", "State(9)", "Event(0)", Event(0).String(), Event(numEvents).String(),
		EffectKind(0).String(), EffectKind(numEffectKinds).String(), EffectKind(numEffectKinds + 1).String()} {
		if err := s.UnmarshalText([]byte(bad)); !errors.Is(err, ccefsm.ErrUnknownName) || s != StateActive {
			t.Errorf("State %q: %v, value %v", bad, err, s)
		}
		if err := e.UnmarshalText([]byte(bad)); !errors.Is(err, ccefsm.ErrUnknownName) || e != EventStart {
			t.Errorf("Event %q: %v, value %v", bad, err, e)
		}
		if err := k.UnmarshalText([]byte(bad)); !errors.Is(err, ccefsm.ErrUnknownName) || k != EffectEnded {
			t.Errorf("EffectKind %q: %v, value %v", bad, err, k)
		}
	}
	// The CTI TaskState numbers (SNAPSHOT_TASK_RESP) are kept.
	got := map[string]int{}
	for _, s := range []State{StatePreCall, StateActive, StateWrapUp, StatePaused, StateOffered, StateEnded} {
		got[s.String()] = int(s)
	}
	want := map[string]int{"PRE_CALL": 0, "ACTIVE": 1, "WRAPUP": 2, "PAUSED": 3, "OFFERED": 4, "LOGGED_OUT": 7}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CTI TaskState values (-want +got):\n%s", diff)
	}
}

func TestTable(t *testing.T) {
	tab := DefaultTable()
	rows := tab.Rows()
	for i, r := range rows {
		if r.N != i+1 {
			t.Errorf("row %d numbered %d", i+1, r.N)
		}
		if r.Source == "" || r.Provenance == 0 {
			t.Errorf("row %d: no source or provenance", r.N)
		}
		if r.Provenance&ccefsm.Inferred != 0 && r.Note == "" {
			t.Errorf("row %d: inferred without a note saying why", r.N)
		}
		if (r.To == StateEnded) != r.Disposition.IsValid() {
			t.Errorf("row %d: disposition %d for a row to %v", r.N, r.Disposition, r.To)
		}
		if got, err := tab.Lookup(r.From, r.Event); err != nil || got.N != r.N {
			t.Errorf("row %d: Lookup gives row %d, %v", r.N, got.N, err)
		}
	}
	// Each TS rule that ends a task is a row with its documented disposition.
	want := map[ccefsm.RuleID]Disposition{ccefsm.TS1: 42, ccefsm.TS2: 51, ccefsm.TS6: 41, ccefsm.TS7: 36}
	for _, r := range rows {
		if d, ok := want[r.Rule]; ok && r.To == StateEnded && r.Disposition != d {
			t.Errorf("row %d (%v): disposition %d, want %d", r.N, r.Rule, r.Disposition, d)
		}
	}
	tests := []struct {
		reason string
		s      State
		e      Event
		d      Disposition
		err    error
	}{
		{"inferred default for End from NEW can change", StateNew, EventEnd, ApplTerminateDialogue, nil},
		{"inferred default for End from PRE_CALL can change", StatePreCall, EventEnd, TaskAbandonedInRouter, nil},
		{"TS-1 row is documented", StateActive, EventTaskLife, NormalEndTask, ErrDocumentedRow},
		{"TS-7 row is documented", StatePreCall, EventStartTimeout, NormalEndTask, ErrDocumentedRow},
		{"no row: pause from NEW", StateNew, EventPause, NormalEndTask, ErrIllegalTransition},
		{"invalid disposition", StateNew, EventEnd, 66, ErrInvalidDisposition},
		{"zero disposition", StateNew, EventEnd, 0, ErrInvalidDisposition},
		{"state 5 is no state of the machine", 5, EventEnd, NormalEndTask, ErrInvalidState},
		{"event 0 is no event", StateNew, 0, NormalEndTask, ErrInvalidEvent},
		{"event past the last", StateNew, numEvents, NormalEndTask, ErrInvalidEvent},
	}
	// Every inferred row ends a task today; a row that does not end one
	// takes no disposition even when it is inferred.
	c := DefaultTable()
	c.rows[0].Provenance = ccefsm.Inferred // NEW, reserve → PRE_CALL
	if err := c.SetDisposition(StateNew, EventReserve, NormalEndTask); !errors.Is(err, ErrInvalidDisposition) {
		t.Errorf("disposition on a row to PRE_CALL: %v, want ErrInvalidDisposition", err)
	}
	for _, tt := range tests {
		c := DefaultTable()
		err := c.SetDisposition(tt.s, tt.e, tt.d)
		if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
			t.Errorf("%s: err %v, want %v", tt.reason, err, tt.err)
			continue
		}
		r, _ := c.Lookup(tt.s, tt.e)
		if err == nil && r.Disposition != tt.d {
			t.Errorf("%s: disposition %d after set", tt.reason, r.Disposition)
		}
		if err != nil && !cmp.Equal(c.Rows(), rows) {
			t.Errorf("%s: refused change altered the table", tt.reason)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "taskstate: ") {
			t.Errorf("%s: message %q lacks the package prefix", tt.reason, err)
		}
	}
}

// TestStoreTableOverride: an overridden inferred row changes the store's
// behaviour; a table that is not a DefaultTable changed through
// SetDisposition is refused; the store keeps its own copy.
func TestStoreTableOverride(t *testing.T) {
	tab := DefaultTable()
	if err := tab.SetDisposition(StateNew, EventEnd, ApplTerminateDialogue); err != nil {
		t.Fatal(err)
	}
	s, err := NewStore(Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(chat, ccefsm.MediaChat)}, Table: tab})
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.SetDisposition(StateNew, EventEnd, TaskAbandonedInRouter); err != nil {
		t.Fatal(err)
	}
	runSteps(t, s, []step{
		{0, create(1, chat, StateNew), nil, nil},
		{sec, end(1, 0), []eff{ended(sec, 1, StateNew, ccefsm.RuleNone, ApplTerminateDialogue, ccefsm.ReportComplete, ccefsm.RuleNone)}, nil},
		{2 * sec, create(2, chat, StateNew), nil, nil},
	})
	if r, _ := s.Table().Lookup(StateNew, EventEnd); r.Disposition != ApplTerminateDialogue {
		t.Errorf("store table lost the override: %v", r.Disposition)
	}
	s.Table().rows[0].Disposition = 9
	if r, _ := s.Table().Lookup(StateNew, EventReserve); r.Disposition != 0 {
		t.Error("Table returned the store's own table, not a copy")
	}

	documented := DefaultTable()
	documented.rows[12].Disposition = ApplTerminateDialogue // ACTIVE end, documented 38
	documented.cells[stateIndex(StateActive)][EventEnd].disp = ApplTerminateDialogue
	cellOnly := DefaultTable()
	cellOnly.cells[stateIndex(StateNew)][EventEnd].disp = ApplTerminateDialogue
	rowOnly := DefaultTable()
	rowOnly.rows[9].Disposition = ApplTerminateDialogue // NEW end, inferred, but the cell not changed
	badDisp := DefaultTable()
	badDisp.rows[9].Disposition = 66
	badDisp.cells[stateIndex(StateNew)][EventEnd].disp = 66
	short := DefaultTable()
	short.rows = short.rows[1:]
	for _, tt := range []struct {
		reason string
		tab    *Table
	}{
		{"the zero Table", &Table{}},
		{"a documented row changed", documented},
		{"a cell changed without its row", cellOnly},
		{"a row changed without its cell", rowOnly},
		{"an invalid disposition", badDisp},
		{"a row missing", short},
	} {
		if _, err := NewStore(Config{Table: tt.tab}); !errors.Is(err, ErrInvalidTable) {
			t.Errorf("%s: %v, want ErrInvalidTable", tt.reason, err)
		}
	}
	if _, err := NewStore(Config{Table: DefaultTable()}); err != nil {
		t.Errorf("DefaultTable refused: %v", err)
	}
}

func TestErrorContext(t *testing.T) {
	s := newStore(t)
	_, _ = s.Create(nil, t0, NewTask{ID: 5, App: app, MRD: chat, Agent: 1, State: StateOffered})
	_, err := s.Pause(nil, t0, 5)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%v is not an *Error", err)
	}
	want := Error{Op: "Pause", Task: 5, State: StateOffered, Event: EventPause, Err: ErrIllegalTransition}
	if diff := cmp.Diff(want, *e, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
		t.Errorf("error context (-want +got):\n%s", diff)
	}
	if got := err.Error(); got != "taskstate: illegal transition: Pause task 5: pause in state OFFERED" {
		t.Errorf("message %q", got)
	}
	_, err = s.Advance(nil, t0.Add(-1))
	if !strings.Contains(err.Error(), "is before") || !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("backwards: %v", err)
	}
	if err := s.AddMRD(ccefsm.NewMRD(chat, ccefsm.MediaChat)); !errors.Is(err, ErrDuplicateMRD) {
		t.Errorf("duplicate MRD: %v", err)
	}
	if _, err := s.PathDown(nil, t0, 0); !errors.Is(err, ErrUnknownApp) {
		t.Errorf("app 0: %v", err)
	}
	_, err = s.Start(nil, time.Time{}, 5)
	if got, want := err.Error(), "taskstate: instant out of range: Start: 0001-01-01T00:00:00Z is outside 1677-09-21T00:12:43.145224192Z … 2252-04-13T23:47:16.854775807Z"; got != want {
		t.Errorf("out of range: %q, want %q", got, want)
	}
	fx, err := s.Start(nil, t0.Add(9*time.Hour), 5)
	if got, want := err.Error(), "taskstate: unknown task: Start task 5 (input not applied; 1 deadline effect fired before it)"; got != want || len(fx) != 1 || fx[0].Rule != ccefsm.TS6 {
		t.Errorf("TS-6 first: %q, %v; want %q", got, fx, want)
	}
	_, err = s.Create(nil, t0.Add(9*time.Hour), NewTask{ID: 6, App: app, MRD: chat, State: 99})
	if got, want := err.Error(), "taskstate: invalid state: Create task 6 application 7 MRD 1: state 99"; got != want {
		t.Errorf("invalid state: %q, want %q", got, want)
	}
	_, err = DefaultTable().Lookup(StateNew, 77)
	if got, want := err.Error(), "taskstate: invalid event: Lookup: event 77"; got != want {
		t.Errorf("invalid event: %q, want %q", got, want)
	}
}
