package routing

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ccefsm/ccefsm"
)

func TestRowsWellFormed(t *testing.T) {
	rs := Rows()
	if len(rs) != rowCount {
		t.Fatalf("len(Rows()) = %d, want %d", len(rs), rowCount)
	}
	for i, r := range rs {
		if r.N != i+1 {
			t.Errorf("row %d has N %d", i+1, r.N)
		}
		if r.Rule < ccefsm.RT1 || r.Rule > ccefsm.RT8 {
			t.Errorf("row %d cites %v, not an RT rule", r.N, r.Rule)
		}
		if r.Situation == "" || r.Source == "" || r.Default == ActionDefault {
			t.Errorf("row %d: empty situation, source or default", r.N)
		}
		inferred := r.Provenance&ccefsm.Inferred != 0
		if inferred && r.Note == "" {
			t.Errorf("row %d is inferred but says not why", r.N)
		}
		if !inferred && len(r.Alternatives) > 0 {
			t.Errorf("row %d is documented but has alternatives", r.N)
		}
	}
	// An effect cites its row's rule (checked on every effect by the rapid
	// test); the row that defers ROUTING_ENABLED is RT-4's, not RT-3's.
	if rs[rowDeferredEnabled-1].Rule != ccefsm.RT4 || rs[rowDeferredState-1].Rule != ccefsm.RT3 {
		t.Errorf("deferred ROUTING_ENABLED row cites %v, deferred ROUTING_DISABLED row %v", rs[rowDeferredEnabled-1].Rule, rs[rowDeferredState-1].Rule)
	}
	rs[1].Alternatives[0] = ActionLose
	if Rows()[1].Alternatives[0] != ActionReject {
		t.Error("Rows returned the table's own Alternatives slice")
	}
}

func TestPolicySet(t *testing.T) {
	tests := []struct {
		reason  string
		row     int
		action  Action
		wantErr error
		want    Action // the action in force after
	}{
		{"row 2 inferred: reject allowed", rowSendAppDown, ActionReject, nil, ActionReject},
		{"row 4 inferred: fail allowed", rowAppUpDisabled, ActionFail, nil, ActionFail},
		{"row 19 inferred: lose allowed", rowReportRecordPGDown, ActionLose, nil, ActionLose},
		{"setting the default is always allowed", rowAppDown, ActionDiscard, nil, ActionDiscard},
		{"limit: row 20, the last row, takes its default", rowCount, ActionDefer, nil, ActionDefer},
		{"limit: row 20 is inferred without alternatives", rowCount, ActionHold, ErrIllegalAction, ActionDefer},
		{"row 1 documented (RT-1) cannot change", rowAppDown, ActionHold, ErrDocumentedRow, ActionDiscard},
		{"row 7 documented (RT-3) cannot change", rowSendDisabled, ActionHold, ErrDocumentedRow, ActionFail},
		{"row 2 does not allow fail", rowSendAppDown, ActionFail, ErrIllegalAction, ActionHold},
		{"row 6 inferred without alternatives", rowDeferredState, ActionLose, ErrIllegalAction, ActionDefer},
		{"limit: ActionLose is the last action", rowReportRecordPGDown, ActionLose, nil, ActionLose},
		{"an undefined action, one past the last", rowSendAppDown, ActionLose + 1, ErrInvalidValue, ActionHold},
		{"an undefined action on a documented row is undefined first", rowAppDown, 200, ErrInvalidValue, ActionDiscard},
		{"row 0 unknown", 0, ActionHold, ErrUnknownRow, ActionDefault},
		{"row 21, one past the last, unknown", rowCount + 1, ActionHold, ErrUnknownRow, ActionDefault},
		{"row 21 unknown even with the default action", rowCount + 1, ActionDefault, ErrUnknownRow, ActionDefault},
	}
	for _, tt := range tests {
		var p Policy
		err := p.Set(tt.row, tt.action)
		if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
			t.Errorf("Set(%d, %v) = %v, want %v (%s)", tt.row, tt.action, err, tt.wantErr, tt.reason)
		}
		if err != nil && p != (Policy{}) {
			t.Errorf("refused Set(%d, %v) changed the policy (%s)", tt.row, tt.action, tt.reason)
		}
		got, err := p.Action(tt.row)
		if got != tt.want {
			t.Errorf("after Set(%d, %v): Action = %v, want %v (%s)", tt.row, tt.action, got, tt.want, tt.reason)
		}
		if (tt.want == ActionDefault) != errors.Is(err, ErrUnknownRow) {
			t.Errorf("Action(%d) error = %v (%s)", tt.row, err, tt.reason)
		}
	}
	var p Policy
	if err := p.Set(rowSendAppDown, ActionReject); err != nil {
		t.Fatal(err)
	}
	if err := p.Set(rowSendAppDown, ActionDefault); err != nil || p != (Policy{}) {
		t.Errorf("ActionDefault did not restore the default: %v, %+v", err, p)
	}
	if err := p.Set(rowSendAppDown, ActionReject); err != nil {
		t.Fatal(err)
	}
	if err := p.Set(rowSendAppDown, ActionHold); err != nil || p != (Policy{}) {
		t.Errorf("the row's own default did not restore the default: %v, %+v", err, p)
	}
}

// TestPolicyAction: Action is a lookup of one row: rows 1 to 20 answer,
// the first values outside are a *RowError wrapping ErrUnknownRow.
func TestPolicyAction(t *testing.T) {
	var p Policy
	for n := 1; n <= rowCount; n++ {
		if a, err := p.Action(n); err != nil || a != rows[n].Default {
			t.Errorf("Action(%d) = %v, %v; want the default %v", n, a, err, rows[n].Default)
		}
	}
	for _, n := range []int{0, -1, rowCount + 1} {
		a, err := p.Action(n)
		var re *RowError
		if a != ActionDefault || !errors.Is(err, ErrUnknownRow) || !errors.As(err, &re) || re.Row != n {
			t.Errorf("Action(%d) = %v, %v; want ActionDefault and ErrUnknownRow", n, a, err)
		}
	}
	if got, want := fmt.Sprint(p.Action(21)), "default routing: row 21: unknown row"; got != want {
		t.Errorf("Action(21) = %q, want %q", got, want)
	}
}
