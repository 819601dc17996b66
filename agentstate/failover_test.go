package agentstate_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
)

type E = agentstate.Effect

func loggedOut(rule ccefsm.RuleID, a ccefsm.AgentID, m ccefsm.MRDID, from agentstate.State, reason agentstate.ReasonCode) E {
	e := E{Kind: agentstate.EffectLoggedOut, Rule: rule, From: from, To: agentstate.Logout, Reason: reason, Agent: a, Peripheral: pg, MRD: m}
	if reason == agentstate.ReasonConnectionFailure {
		e.Report = ccefsm.RP7
	}
	return e
}

func loggedIn(rule, table ccefsm.RuleID, row uint8, a ccefsm.AgentID, m ccefsm.MRDID, from, to agentstate.State) E {
	return E{Kind: agentstate.EffectLoggedIn, Rule: rule, Table: table, Row: row, From: from, To: to, Agent: a, Peripheral: pg, MRD: m}
}

// TestAG1PIMFailure: AG-1 (and RT-5 for requests while offline).
func TestAG1PIMFailure(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12)
	sec := put(t, r, 11, voice, 1, agentstate.Available)
	sec = put(t, r, 11, chat, sec, agentstate.Active)
	sec = put(t, r, 12, voice, sec, agentstate.Talking)
	// Side B is down first: the active side A then has no standby.
	got, err := r.SideDown(nil, at(sec), pg, ccefsm.SideB, agentstate.CausePIM)
	if err != nil {
		t.Fatal(err)
	}
	got, err = r.SideDown(got, at(sec+1), pg, ccefsm.SideA, agentstate.CausePIM)
	if err != nil {
		t.Fatal(err)
	}
	want := append(stamped(at(sec),
		E{Kind: agentstate.EffectSideDown, Rule: ccefsm.AG3, Side: ccefsm.SideB, Peripheral: pg}),
		stamped(at(sec+1),
			E{Kind: agentstate.EffectSideDown, Rule: ccefsm.AG3, Side: ccefsm.SideA, Peripheral: pg},
			E{Kind: agentstate.EffectPeripheralOffline, Rule: ccefsm.AG1, Report: ccefsm.RP1, Side: ccefsm.SideA, Peripheral: pg},
			loggedOut(ccefsm.AG1, 11, voice, agentstate.Available, 0),
			loggedOut(ccefsm.AG1, 12, voice, agentstate.Talking, 0),
		)...)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AG-1: voice MRD logged out, peripheral offline (-want +got):\n%s", diff)
	}
	if s := state(t, r, 11, chat); s != agentstate.Active {
		t.Errorf("AG-1/RT-5: non-voice MRD must be untouched, got %v", s)
	}
	if err := r.Apply(at(sec+2), 11, voice, agentstate.EventLogin, 0); !errors.Is(err, agentstate.ErrPeripheralOffline) {
		t.Errorf("AG-1: voice request while offline: %v", err)
	}
	if err := r.Apply(at(sec+2), 11, chat, agentstate.EventPause, 0); err != nil {
		t.Errorf("RT-5: non-voice request while the PIM is down: %v", err)
	}
	if ps, _ := r.Peripheral(pg); ps.Online() {
		t.Error("AG-3: both sides down, the peripheral must stay offline")
	}
}

// TestAG2Reports: AG-2, states reported by the ACD after the PIM reconnects.
func TestAG2Reports(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12)
	sec := put(t, r, 11, voice, 1, agentstate.Available)
	sec = put(t, r, 12, voice, sec, agentstate.NotReady)
	if _, err := r.SideDown(nil, at(sec), pg, ccefsm.SideB, agentstate.CausePIM); err != nil {
		t.Fatal(err)
	}
	if _, err := r.SideDown(nil, at(sec), pg, ccefsm.SideA, agentstate.CausePIM); err != nil {
		t.Fatal(err)
	}
	got, err := r.SideUp(nil, at(100), pg, ccefsm.SideA)
	if err != nil {
		t.Fatal(err)
	}
	want := stamped(at(100), E{Kind: agentstate.EffectPeripheralOnline, Rule: ccefsm.AG3, Side: ccefsm.SideA, Peripheral: pg})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AG-2: activation (-want +got):\n%s", diff)
	}
	st, _ := r.Status(11, voice)
	if st.State != agentstate.Logout || st.Pending != agentstate.CausePIM || st.Held != agentstate.Available {
		t.Errorf("AG-2: before the ACD reports, the agent stays logged out awaiting the report: %+v", st)
	}
	reports := []agentstate.Report{
		{Agent: 11, MRD: voice, State: agentstate.Talking, InState: 30 * time.Second},
		{Agent: 12, MRD: voice, State: agentstate.NotReady, Reason: 9},
	}
	got, err = r.ReportStates(nil, at(110), pg, reports)
	if err != nil {
		t.Fatal(err)
	}
	want = stamped(at(110),
		E{Kind: agentstate.EffectObserved, Rule: ccefsm.AG2, Report: ccefsm.RP2, From: agentstate.Logout, To: agentstate.Talking, Agent: 11, Peripheral: pg, MRD: voice},
		E{Kind: agentstate.EffectObserved, Rule: ccefsm.AG2, Report: ccefsm.RP2, From: agentstate.Logout, To: agentstate.NotReady, Reason: 9, Agent: 12, Peripheral: pg, MRD: voice},
	)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AG-2: reported states (-want +got):\n%s", diff)
	}
	st, _ = r.Status(11, voice)
	if diff := cmp.Diff(agentstate.Status{State: agentstate.Talking, BeforeCall: agentstate.Logout, Since: at(80), Held: agentstate.Available}, st); diff != "" {
		t.Errorf("AG-2: time in state taken from the report (-want +got):\n%s", diff)
	}
}

// TestAG2ReportsAtomic: a bad report fails the whole call, nothing changes.
func TestAG2ReportsAtomic(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12)
	if err := r.AddAgent(t0, 21, pg2); err != nil {
		t.Fatal(err)
	}
	put(t, r, 11, voice, 1, agentstate.Available)
	tests := []struct {
		reason string
		bad    agentstate.Report
		want   error
	}{
		{"AG-2 atomic: unknown agent", agentstate.Report{Agent: 99, MRD: voice, State: agentstate.Available}, agentstate.ErrUnknownAgent},
		{"AG-2 atomic: unknown MRD", agentstate.Report{Agent: 12, MRD: 77, State: agentstate.Available}, agentstate.ErrUnknownMRD},
		{"AG-2 atomic: agent of another peripheral", agentstate.Report{Agent: 21, MRD: voice, State: agentstate.Available}, agentstate.ErrWrongPeripheral},
		{"AG-2 atomic: invalid state", agentstate.Report{Agent: 12, MRD: voice, State: 15}, agentstate.ErrInvalidState},
		{"AG-2 atomic: negative time in state", agentstate.Report{Agent: 12, MRD: voice, State: agentstate.Available, InState: -1}, agentstate.ErrInvalidState},
	}
	for _, tt := range tests {
		rows, ps := dump(t, r)
		good := agentstate.Report{Agent: 11, MRD: voice, State: agentstate.Talking}
		dst := make([]E, 1, 4)
		got, err := r.ReportStates(dst, at(50), pg, []agentstate.Report{good, tt.bad})
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.reason, err, tt.want)
		}
		if len(got) != 1 {
			t.Errorf("%s: effects appended on error: %v", tt.reason, got)
		}
		rows2, ps2 := dump(t, r)
		if diff := cmp.Diff(rows, rows2); diff != "" {
			t.Errorf("%s: failed call changed agents (-before +after):\n%s", tt.reason, diff)
		}
		if diff := cmp.Diff(ps, ps2); diff != "" {
			t.Errorf("%s: failed call changed peripherals (-before +after):\n%s", tt.reason, diff)
		}
	}
}

// TestAG3SideSelection walks the duplex side selection.
func TestAG3SideSelection(t *testing.T) {
	side := func(r *agentstate.Roster) ccefsm.Side {
		ps, err := r.Peripheral(pg)
		if err != nil {
			t.Fatal(err)
		}
		return ps.Active
	}
	type step struct {
		op     string // "down", "up", "both"
		side   ccefsm.Side
		active ccefsm.Side
		kinds  []agentstate.EffectKind
	}
	down, up, offline, online, standby := agentstate.EffectSideDown, agentstate.EffectLoggedOut, agentstate.EffectPeripheralOffline, agentstate.EffectPeripheralOnline, agentstate.EffectSideStandby
	_ = up
	tests := []struct {
		reason    string
		preferred ccefsm.Side
		start     ccefsm.Side
		steps     []step
	}{
		{"AG-3: default side A starts active; B takes over at once when A is lost", ccefsm.SideNone, ccefsm.SideA, []step{
			{"down", ccefsm.SideA, ccefsm.SideB, []agentstate.EffectKind{down, offline, online}},
			{"up", ccefsm.SideA, ccefsm.SideB, []agentstate.EffectKind{standby}},
			{"down", ccefsm.SideA, ccefsm.SideB, []agentstate.EffectKind{down}},
			{"down", ccefsm.SideA, ccefsm.SideB, nil},
			{"down", ccefsm.SideB, ccefsm.SideNone, []agentstate.EffectKind{down, offline}},
			{"up", ccefsm.SideB, ccefsm.SideB, []agentstate.EffectKind{online}},
			{"up", ccefsm.SideB, ccefsm.SideB, nil},
		}},
		{"AG-3 (configurable): preferred side B starts active and wins when both come back at once", ccefsm.SideB, ccefsm.SideB, []step{
			{"down", ccefsm.SideA, ccefsm.SideB, []agentstate.EffectKind{down}},
			{"down", ccefsm.SideB, ccefsm.SideNone, []agentstate.EffectKind{down, offline}},
			{"both", 0, ccefsm.SideB, []agentstate.EffectKind{online, standby}},
		}},
		{"AG-3: the first healthy side goes active", ccefsm.SideA, ccefsm.SideA, []step{
			{"down", ccefsm.SideB, ccefsm.SideA, []agentstate.EffectKind{down}},
			{"down", ccefsm.SideA, ccefsm.SideNone, []agentstate.EffectKind{down, offline}},
			{"up", ccefsm.SideB, ccefsm.SideB, []agentstate.EffectKind{online}},
			{"both", 0, ccefsm.SideB, []agentstate.EffectKind{standby}},
		}},
	}
	for _, tt := range tests {
		r := newRoster(t, agentstate.Config{PreferredSide: tt.preferred})
		if got := side(r); got != tt.start {
			t.Errorf("%s: starts on %v, want %v", tt.reason, got, tt.start)
		}
		for i, s := range tt.steps {
			var effects []E
			var err error
			switch s.op {
			case "down":
				effects, err = r.SideDown(nil, at(i), pg, s.side, agentstate.CausePIM)
			case "up":
				effects, err = r.SideUp(nil, at(i), pg, s.side)
			case "both":
				effects, err = r.PeripheralUp(nil, at(i), pg)
			}
			if err != nil {
				t.Fatalf("%s: step %d: %v", tt.reason, i, err)
			}
			var kinds []agentstate.EffectKind
			for _, e := range effects {
				kinds = append(kinds, e.Kind)
			}
			if diff := cmp.Diff(s.kinds, kinds); diff != "" {
				t.Errorf("%s: step %d %s %v effects (-want +got):\n%s", tt.reason, i, s.op, s.side, diff)
			}
			if got := side(r); got != s.active {
				t.Errorf("%s: step %d: active %v, want %v", tt.reason, i, got, s.active)
			}
		}
	}
}

func TestAG3SideErrors(t *testing.T) {
	r := newRoster(t, agentstate.Config{})
	tests := []struct {
		reason string
		p      ccefsm.PeripheralID
		side   ccefsm.Side
		cause  agentstate.Cause
		want   error
	}{
		{"AG-3: side B of a simplex peripheral", pg2, ccefsm.SideB, agentstate.CausePIM, agentstate.ErrInvalidSide},
		{"AG-3: no side", pg, ccefsm.SideNone, agentstate.CausePIM, agentstate.ErrInvalidSide},
		{"AG-3: unknown peripheral", 1, ccefsm.SideA, agentstate.CausePIM, agentstate.ErrUnknownPeripheral},
		{"AG-1/AG-4: a side fails by PIM or PG only", pg, ccefsm.SideA, agentstate.CauseDesktop, agentstate.ErrInvalidCause},
	}
	for _, tt := range tests {
		if _, err := r.SideDown(nil, at(1), tt.p, tt.side, tt.cause); !errors.Is(err, tt.want) {
			t.Errorf("%s: SideDown: %v, want %v", tt.reason, err, tt.want)
		}
	}
	if _, err := r.SideUp(nil, at(1), pg2, ccefsm.SideB); !errors.Is(err, agentstate.ErrInvalidSide) {
		t.Errorf("SideUp B on simplex: %v", err)
	}
	if _, err := agentstate.NewRoster(agentstate.Config{MRDs: threeMRDs, PreferredSide: 7}); !errors.Is(err, agentstate.ErrInvalidSide) {
		t.Errorf("NewRoster with side 7: %v", err)
	}
}

// TestAG4AG5PGFailover: the PG side shuts down, the other side takes over,
// agents are logged out with 50002 in every MRD and logged in again by AG-T1.
func TestAG4AG5PGFailover(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11)
	sec := put(t, r, 11, voice, 1, agentstate.Available)
	sec = put(t, r, 11, chat, sec, agentstate.Available, agentstate.Active)
	got, err := r.SideDown(nil, at(sec), pg, ccefsm.SideA, agentstate.CausePG)
	if err != nil {
		t.Fatal(err)
	}
	want := []E{
		{Kind: agentstate.EffectSideDown, Rule: ccefsm.AG3, Side: ccefsm.SideA, Peripheral: pg},
		{Kind: agentstate.EffectPeripheralOffline, Rule: ccefsm.AG1, Report: ccefsm.RP1, Side: ccefsm.SideA, Peripheral: pg},
		loggedOut(ccefsm.AG4, 11, voice, agentstate.Available, agentstate.ReasonConnectionFailure),
		loggedOut(ccefsm.AG4, 11, chat, agentstate.Active, agentstate.ReasonConnectionFailure),
		{Kind: agentstate.EffectPeripheralOnline, Rule: ccefsm.AG3, Side: ccefsm.SideB, Peripheral: pg},
		loggedIn(ccefsm.AG5, ccefsm.AGT1, 1, 11, voice, agentstate.Available, agentstate.Available),
		loggedIn(ccefsm.AG5, ccefsm.AGT1, 8, 11, chat, agentstate.Active, agentstate.NotReady),
	}
	if diff := cmp.Diff(stamped(at(sec), want...), got); diff != "" {
		t.Errorf("AG-4/AG-5 (-want +got):\n%s", diff)
	}
	// The email MRD was logged out already: nothing to do (AG-T1 row 7).
	if s := state(t, r, 11, email); s != agentstate.Logout {
		t.Errorf("AG-T1 row 7: %v", s)
	}
}

// TestAG4Simplex: a simplex PG stays down until the side comes back (AG-5 on
// SideUp); with NoAutoRelogin agents stay logged out.
func TestAG4Simplex(t *testing.T) {
	for _, relogin := range []bool{true, false} {
		r := newRoster(t, agentstate.Config{NoAutoRelogin: !relogin})
		if err := r.AddAgent(t0, 21, pg2); err != nil {
			t.Fatal(err)
		}
		put(t, r, 21, voice, 1, agentstate.NotReady)
		got, err := r.SideDown(nil, at(10), pg2, ccefsm.SideA, agentstate.CausePG)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[2].Kind != agentstate.EffectLoggedOut || got[2].Reason != agentstate.ReasonConnectionFailure {
			t.Fatalf("AG-4 simplex: %v", got)
		}
		got, err = r.SideUp(nil, at(20), pg2, ccefsm.SideA)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := r.Status(21, voice)
		if relogin {
			want := []E{
				{Kind: agentstate.EffectPeripheralOnline, Rule: ccefsm.AG3, Side: ccefsm.SideA, Peripheral: pg2},
				{Kind: agentstate.EffectLoggedIn, Rule: ccefsm.AG5, Table: ccefsm.AGT1, Row: 2, From: agentstate.NotReady, To: agentstate.NotReady, Reason: 7, Agent: 21, Peripheral: pg2, MRD: voice},
			}
			if diff := cmp.Diff(stamped(at(20), want...), got); diff != "" {
				t.Errorf("AG-5: re-login on the side's return, Not Ready keeps its reason (-want +got):\n%s", diff)
			}
			continue
		}
		if len(got) != 1 || st.State != agentstate.Logout || st.Pending != agentstate.CauseNone || st.Reason != agentstate.ReasonConnectionFailure {
			t.Errorf("AG-5 (configured off): agent stays logged out with 50002: %v %+v", got, st)
		}
	}
}

// TestAG4CTIManager: CTI Manager failover logs out of the voice MRD only
// (inferred), or every MRD when configured; AG-5 on its return.
func TestAG4CTIManager(t *testing.T) {
	for _, all := range []bool{false, true} {
		r := newRoster(t, agentstate.Config{CTIManagerAllMRDs: all}, 11)
		sec := put(t, r, 11, voice, 1, agentstate.Available, agentstate.Talking, agentstate.WorkReady)
		sec = put(t, r, 11, chat, sec, agentstate.Available)
		got, err := r.CTIManagerDown(nil, at(sec), pg)
		if err != nil {
			t.Fatal(err)
		}
		want := []E{loggedOut(ccefsm.AG4, 11, voice, agentstate.WorkReady, agentstate.ReasonConnectionFailure)}
		if all {
			want = append(want, loggedOut(ccefsm.AG4, 11, chat, agentstate.Available, agentstate.ReasonConnectionFailure))
		}
		if diff := cmp.Diff(stamped(at(sec), want...), got); diff != "" {
			t.Errorf("AG-4 CTI Manager (all MRDs %v) (-want +got):\n%s", all, diff)
		}
		if again, _ := r.CTIManagerDown(nil, at(sec+1), pg); len(again) != 0 {
			t.Errorf("second CTIManagerDown: %v", again)
		}
		got, err = r.CTIManagerUp(nil, at(sec+2), pg)
		if err != nil {
			t.Fatal(err)
		}
		want = []E{loggedIn(ccefsm.AG5, ccefsm.AGT1, 3, 11, voice, agentstate.WorkReady, agentstate.Available)}
		if all {
			want = append(want, loggedIn(ccefsm.AG5, ccefsm.AGT1, 1, 11, chat, agentstate.Available, agentstate.Available))
		}
		if diff := cmp.Diff(stamped(at(sec+2), want...), got); diff != "" {
			t.Errorf("AG-5 CTI Manager back (-want +got):\n%s", diff)
		}
		if again, _ := r.CTIManagerUp(nil, at(sec+3), pg); len(again) != 0 {
			t.Errorf("second CTIManagerUp: %v", again)
		}
	}
}

// TestAG6AG7Finesse: Finesse server failover, every MRD, AG-T2 on return.
func TestAG6AG7Finesse(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12)
	sec := put(t, r, 11, voice, 1, agentstate.Available, agentstate.Reserved)
	sec = put(t, r, 12, email, sec, agentstate.Available)
	got, err := r.FinesseDown(nil, at(sec), pg)
	if err != nil {
		t.Fatal(err)
	}
	want := []E{
		loggedOut(ccefsm.AG6, 11, voice, agentstate.Reserved, agentstate.ReasonConnectionFailure),
		loggedOut(ccefsm.AG6, 12, email, agentstate.Available, agentstate.ReasonConnectionFailure),
	}
	if diff := cmp.Diff(stamped(at(sec), want...), got); diff != "" {
		t.Errorf("AG-6 (-want +got):\n%s", diff)
	}
	if again, _ := r.FinesseDown(nil, at(sec), pg); len(again) != 0 {
		t.Errorf("second FinesseDown: %v", again)
	}
	got, err = r.FinesseUp(nil, at(sec+1), pg)
	if err != nil {
		t.Fatal(err)
	}
	want = []E{
		loggedIn(ccefsm.AG7, ccefsm.AGT2, 5, 11, voice, agentstate.Reserved, agentstate.Available),
		loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 12, email, agentstate.Available, agentstate.Available),
	}
	if diff := cmp.Diff(stamped(at(sec+1), want...), got); diff != "" {
		t.Errorf("AG-7 (-want +got):\n%s", diff)
	}
}

// TestAG6AG7Desktop: one agent's desktop.
func TestAG6AG7Desktop(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12)
	sec := put(t, r, 11, voice, 1, agentstate.NotReady, agentstate.Talking, agentstate.WorkNotReady)
	sec = put(t, r, 12, voice, sec, agentstate.Available)
	got, err := r.DesktopDown(nil, at(sec), 11)
	if err != nil {
		t.Fatal(err)
	}
	want := []E{loggedOut(ccefsm.AG6, 11, voice, agentstate.WorkNotReady, agentstate.ReasonConnectionFailure)}
	if diff := cmp.Diff(stamped(at(sec), want...), got); diff != "" {
		t.Errorf("AG-6 desktop (-want +got):\n%s", diff)
	}
	got, err = r.DesktopUp(nil, at(sec+1), 11)
	if err != nil {
		t.Fatal(err)
	}
	want = []E{loggedIn(ccefsm.AG7, ccefsm.AGT2, 4, 11, voice, agentstate.WorkNotReady, agentstate.NotReady)}
	if diff := cmp.Diff(stamped(at(sec+1), want...), got); diff != "" {
		t.Errorf("AG-7 desktop (-want +got):\n%s", diff)
	}
	if s := state(t, r, 12, voice); s != agentstate.Available {
		t.Errorf("another agent's desktop must not matter: %v", s)
	}
	if _, err := r.DesktopDown(nil, at(sec+2), 99); !errors.Is(err, agentstate.ErrUnknownAgent) {
		t.Errorf("unknown agent: %v", err)
	}
}

// TestAG8AG9CTIPath: agents stay logged in; the email MRD resynchronises.
func TestAG8AG9CTIPath(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12)
	sec := put(t, r, 11, chat, 1, agentstate.Available, agentstate.Active)
	sec = put(t, r, 11, email, sec, agentstate.Available)
	sec = put(t, r, 12, email, sec, agentstate.NotReady)
	rows, _ := dump(t, r)
	got, err := r.CTIPathDown(nil, at(sec), pg, chat)
	if err != nil {
		t.Fatal(err)
	}
	got, err = r.CTIPathDown(got, at(sec), pg, email)
	if err != nil {
		t.Fatal(err)
	}
	want := []E{
		{Kind: agentstate.EffectStayLoggedIn, Rule: ccefsm.AG8, Peripheral: pg, MRD: chat},
		{Kind: agentstate.EffectStayLoggedIn, Rule: ccefsm.AG9, Peripheral: pg, MRD: email},
	}
	if diff := cmp.Diff(stamped(at(sec), want...), got); diff != "" {
		t.Errorf("AG-8/AG-9 path down (-want +got):\n%s", diff)
	}
	rows2, _ := dump(t, r)
	if diff := cmp.Diff(rows, rows2); diff != "" {
		t.Errorf("AG-8: agents stay logged in, nothing changes (-before +after):\n%s", diff)
	}
	got, err = r.CTIPathUp(nil, at(sec+60), pg, chat, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(stamped(at(sec+60), E{Kind: agentstate.EffectPathRestored, Rule: ccefsm.AG8, Peripheral: pg, MRD: chat}), got); diff != "" {
		t.Errorf("AG-8 path up (-want +got):\n%s", diff)
	}
	reports := []agentstate.Report{
		{Agent: 11, MRD: email, State: agentstate.Active, InState: 20 * time.Second},
		{Agent: 12, MRD: email, State: agentstate.Available},
	}
	got, err = r.CTIPathUp(nil, at(sec+60), pg, email, reports)
	if err != nil {
		t.Fatal(err)
	}
	res := func(m agentstate.Message) E {
		return E{Kind: agentstate.EffectResync, Rule: ccefsm.AG9, Message: m, Peripheral: pg, MRD: email}
	}
	agent := func(a ccefsm.AgentID, from, to agentstate.State) E {
		return E{Kind: agentstate.EffectResync, Rule: ccefsm.AG9, Report: ccefsm.RP6, Message: agentstate.MessageAgentInitReq, From: from, To: to, Agent: a, Peripheral: pg, MRD: email}
	}
	want = []E{
		{Kind: agentstate.EffectPathRestored, Rule: ccefsm.AG8, Peripheral: pg, MRD: email},
		res(agentstate.MessageBeginAgentInitInd),
		agent(11, agentstate.Available, agentstate.Active),
		agent(12, agentstate.NotReady, agentstate.Available),
		res(agentstate.MessageEndAgentInitInd),
		res(agentstate.MessageAgentInitReadyEvent),
	}
	if diff := cmp.Diff(stamped(at(sec+60), want...), got); diff != "" {
		t.Errorf("AG-9 resync (-want +got):\n%s", diff)
	}
	st, _ := r.Status(11, email)
	if !st.Recreated || st.State != agentstate.Active || !st.Since.Equal(at(sec+40)) {
		t.Errorf("AG-9/RP-6: %+v", st)
	}
	if st, _ := r.Status(11, chat); st.Recreated {
		t.Error("RP-6 applies to the email MRD only")
	}
	// A report for another MRD is refused, and nothing changes; also when
	// the path's MRD is the first of the roster (index 0).
	if _, err := r.CTIPathUp(nil, at(sec+61), pg, email, []agentstate.Report{{Agent: 11, MRD: chat, State: agentstate.Available}}); !errors.Is(err, agentstate.ErrUnknownMRD) {
		t.Errorf("report for another MRD: %v", err)
	}
	if _, err := r.CTIPathUp(nil, at(sec+61), pg, voice, []agentstate.Report{{Agent: 11, MRD: chat, State: agentstate.Available}}); !errors.Is(err, agentstate.ErrUnknownMRD) {
		t.Errorf("report for another MRD than the first: %v", err)
	}
	// The path is up: reports are plain observations (AG-10).
	got, err = r.CTIPathUp(nil, at(sec+62), pg, email, []agentstate.Report{{Agent: 11, MRD: email, State: agentstate.Paused}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(stamped(at(sec+62), E{Kind: agentstate.EffectObserved, Rule: ccefsm.AG10, From: agentstate.Active, To: agentstate.Paused, Agent: 11, Peripheral: pg, MRD: email}), got); diff != "" {
		t.Errorf("AG-10 after the path is up (-want +got):\n%s", diff)
	}
}

// TestAG10Observe: any state follows any state through Observe, also while a
// restore is pending (the reported state wins).
func TestAG10Observe(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11)
	put(t, r, 11, voice, 1, agentstate.Available)
	if _, err := r.FinesseDown(nil, at(5), pg); err != nil {
		t.Fatal(err)
	}
	if err := r.Observe(at(6), 11, voice, agentstate.Hold, 0); err != nil {
		t.Fatal(err)
	}
	got, err := r.FinesseUp(nil, at(7), pg)
	if err != nil || len(got) != 0 {
		t.Errorf("AG-10: an observation ends the pending restore: %v %v", got, err)
	}
	if s := state(t, r, 11, voice); s != agentstate.Hold {
		t.Errorf("AG-10: %v", s)
	}
	for _, bad := range []struct {
		a ccefsm.AgentID
		m ccefsm.MRDID
		s agentstate.State
		e error
	}{{99, voice, agentstate.Available, agentstate.ErrUnknownAgent}, {11, 9, agentstate.Available, agentstate.ErrUnknownMRD}, {11, voice, 15, agentstate.ErrInvalidState}} {
		if err := r.Observe(at(8), bad.a, bad.m, bad.s, 0); !errors.Is(err, bad.e) {
			t.Errorf("Observe(%v, %v, %v): %v, want %v", bad.a, bad.m, bad.s, err, bad.e)
		}
	}
}

// TestRosterApply: requests through the roster.
func TestRosterApply(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11)
	if err := r.Apply(at(1), 11, voice, agentstate.EventLogin, 0); err != nil {
		t.Fatal(err)
	}
	err := r.Apply(at(2), 11, voice, agentstate.EventLogout, 0)
	if err != nil {
		t.Fatal(err)
	}
	err = r.Apply(at(3), 11, voice, agentstate.EventReady, 0)
	var te *agentstate.TransitionError
	if !errors.As(err, &te) {
		t.Fatalf("illegal request: %v", err)
	}
	if diff := cmp.Diff(agentstate.TransitionError{Agent: 11, MRD: voice, From: agentstate.Logout, Event: agentstate.EventReady}, *te); diff != "" {
		t.Errorf("error context (-want +got):\n%s", diff)
	}
	if err := r.Apply(at(1), 11, voice, agentstate.EventLogin, 0); !errors.Is(err, agentstate.ErrTimeBackwards) {
		t.Errorf("time backwards: %v", err)
	}
	if err := r.Apply(at(4), 11, voice, 0, 0); !errors.Is(err, agentstate.ErrInvalidEvent) {
		t.Errorf("invalid event: %v", err)
	}
	// A manual login ends a pending restore.
	put(t, r, 11, chat, 5, agentstate.Available)
	if _, err := r.DesktopDown(nil, at(10), 11); err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(at(11), 11, chat, agentstate.EventLogin, 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.DesktopUp(nil, at(12), 11); len(got) != 0 {
		t.Errorf("restore after a manual login: %v", got)
	}
}

// TestNewRosterMRDs: Config.MRDs is validated as a whole and MRD by MRD
// (ccefsm.MRD.Validate); the error says which MRD and why. Exactly MaxMRDs
// MRDs are accepted.
func TestNewRosterMRDs(t *testing.T) {
	many := func(n int) []ccefsm.MRD {
		var out []ccefsm.MRD
		for i := range n {
			out = append(out, ccefsm.NewMRD(ccefsm.MRDID(i+1), ccefsm.MediaChat))
		}
		return out
	}
	noLife := ccefsm.NewMRD(2, ccefsm.MediaChat)
	noLife.TaskLife = 0
	tests := []struct {
		reason string
		mrds   []ccefsm.MRD
		mrd    ccefsm.MRDID // the MRD the error names
		field  string       // the MRDError field, "" for none
	}{
		{"no MRDs", nil, 0, ""},
		{"one more than MaxMRDs", many(agentstate.MaxMRDs + 1), 0, ""},
		{"zero ID (ccefsm.MRD.Validate)", []ccefsm.MRD{ccefsm.NewMRD(0, ccefsm.MediaVoice)}, 0, "ID"},
		{"unknown media (ccefsm.MRD.Validate)", []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaUnknown)}, 1, "Media"},
		{"no task life (ccefsm.MRD.Validate)", []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice), noLife}, 2, "TaskLife"},
		{"an ID twice", []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice), ccefsm.NewMRD(1, ccefsm.MediaChat)}, 1, "ID"},
		{"two voice MRDs", []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice), ccefsm.NewMRD(2, ccefsm.MediaVoice)}, 2, "Media"},
	}
	for _, tt := range tests {
		_, err := agentstate.NewRoster(agentstate.Config{MRDs: tt.mrds})
		var e *agentstate.Error
		if !errors.Is(err, agentstate.ErrInvalidMRD) || !errors.Is(err, ccefsm.ErrInvalidMRD) || !errors.As(err, &e) || e.MRD != tt.mrd {
			t.Errorf("%s: %v, want ErrInvalidMRD naming MRD %d", tt.reason, err, tt.mrd)
			continue
		}
		var me *ccefsm.MRDError
		if got := errors.As(err, &me); got != (tt.field != "") || got && me.Field != tt.field {
			t.Errorf("%s: %v, want an MRDError for field %q", tt.reason, err, tt.field)
		}
	}
	r, err := agentstate.NewRoster(agentstate.Config{MRDs: many(agentstate.MaxMRDs)})
	if err != nil {
		t.Fatalf("exactly MaxMRDs MRDs: %v", err)
	}
	if got := r.MRDs(); len(got) != agentstate.MaxMRDs || got[agentstate.MaxMRDs-1] != many(agentstate.MaxMRDs)[agentstate.MaxMRDs-1] {
		t.Errorf("MRDs() = %v", got)
	}
	snap, _ := r.MarshalBinary()
	var restored agentstate.Roster
	if err := restored.UnmarshalBinary(snap); err != nil {
		t.Errorf("a snapshot of MaxMRDs MRDs: %v", err)
	}
}

func TestRosterSetupErrors(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11)
	for _, tt := range []struct {
		err  error
		want error
	}{
		{r.AddPeripheral(pg, ccefsm.Simplex), agentstate.ErrDuplicatePeripheral},
		{r.AddPeripheral(0, ccefsm.Simplex), agentstate.ErrUnknownPeripheral},
		{r.AddPeripheral(7000, ccefsm.Duplex+1), agentstate.ErrInvalidRedundancy},
		{r.AddAgent(at(1), 11, pg), agentstate.ErrDuplicateAgent},
		{r.AddAgent(at(1), 12, 1), agentstate.ErrUnknownPeripheral},
		{r.AddAgent(at(1), 0, pg), agentstate.ErrUnknownAgent},
		{r.AddAgent(t0.Add(-1), 13, pg), agentstate.ErrTimeBackwards},
	} {
		if !errors.Is(tt.err, tt.want) {
			t.Errorf("got %v, want %v", tt.err, tt.want)
		}
	}
	if r.Len() != 1 {
		t.Errorf("Len = %d after failed adds", r.Len())
	}
	if ps, _ := r.Peripheral(pg); ps.Agents != 1 || ps.Redundancy != ccefsm.Duplex || !ps.UpA || !ps.UpB || ps.Active != ccefsm.SideA {
		t.Errorf("peripheral status %+v", ps)
	}
}

func TestRosterRef(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12)
	ref, err := r.Ref(12, chat)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.ApplyRef(at(1), ref, agentstate.EventLogin, 0); err != nil {
		t.Fatal(err)
	}
	if s := state(t, r, 12, chat); s != agentstate.NotReady {
		t.Errorf("ApplyRef moved the wrong slot: agent 12 chat is %v", s)
	}
	if s := state(t, r, 11, chat); s != agentstate.Logout {
		t.Errorf("ApplyRef moved agent 11: %v", s)
	}
	err = r.ApplyRef(at(2), ref, agentstate.EventLogin, 0)
	var te *agentstate.TransitionError
	if !errors.As(err, &te) || te.Agent != 12 || te.MRD != chat {
		t.Errorf("illegal request through a Ref: %v", err)
	}
	if err := r.ApplyRef(at(2), agentstate.Ref{}, agentstate.EventLogin, 0); !errors.Is(err, agentstate.ErrUnknownAgent) {
		t.Errorf("zero Ref: %v", err)
	}
	// The doc comment's promise: a Ref stays valid for a roster restored
	// from the snapshot.
	snap, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var restored agentstate.Roster
	if err := restored.UnmarshalBinary(snap); err != nil {
		t.Fatal(err)
	}
	if err := restored.ApplyRef(at(3), ref, agentstate.EventReady, 0); err != nil {
		t.Fatal(err)
	}
	if s := state(t, &restored, 12, chat); s != agentstate.Available {
		t.Errorf("Ref on the restored roster moved the wrong slot: agent 12 chat is %v", s)
	}
	if _, err := r.Ref(99, chat); !errors.Is(err, agentstate.ErrUnknownAgent) {
		t.Errorf("Ref of an unknown agent: %v", err)
	}
	if _, err := r.Ref(11, 77); !errors.Is(err, agentstate.ErrUnknownMRD) {
		t.Errorf("Ref of an unknown MRD: %v", err)
	}
}

// TestAG6AG7DesktopNotFirstAgent: per-agent desktop failover (AG-6, AG-7)
// of the last agent of a three-MRD roster reads and writes its own three
// slots (state, state before the call, reason, since) and no other agent's.
// The agents differ in every field the table and the effects read.
func TestAG6AG7DesktopNotFirstAgent(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12, 13)
	obs := func(sec int, a ccefsm.AgentID, m ccefsm.MRDID, s agentstate.State, reason agentstate.ReasonCode) {
		t.Helper()
		if err := r.Observe(at(sec), a, m, s, reason); err != nil {
			t.Fatal(err)
		}
	}
	// Agents in turn, each at seconds 1-5 of its own: the inputs' times
	// never go backwards.
	// Agent 11: wrap-up after a call taken from Not Ready (AG-T2 row 4),
	// Not Ready with reason 5; agent 13: wrap-up after a call taken from
	// Available (row 3), Not Ready with reason 7; agent 12 Available.
	for _, a := range []struct {
		id     ccefsm.AgentID
		before agentstate.State
		reason agentstate.ReasonCode
	}{{11, agentstate.NotReady, 5}, {12, agentstate.Available, 0}, {13, agentstate.Available, 7}} {
		base := 10 * int(a.id-11)
		obs(base+1, a.id, voice, a.before, a.reason)
		obs(base+2, a.id, voice, agentstate.Talking, 0)
		obs(base+3, a.id, voice, agentstate.WorkReady, 0)
		obs(base+4, a.id, chat, agentstate.NotReady, a.reason)
		obs(base+5, a.id, email, agentstate.Available, 0)
	}
	before11, before12 := statusOf(t, r, 11), statusOf(t, r, 12)
	got, err := r.DesktopDown(nil, at(40), 13)
	if err != nil {
		t.Fatal(err)
	}
	want := stamped(at(40),
		loggedOut(ccefsm.AG6, 13, voice, agentstate.WorkReady, agentstate.ReasonConnectionFailure),
		loggedOut(ccefsm.AG6, 13, chat, agentstate.NotReady, agentstate.ReasonConnectionFailure),
		loggedOut(ccefsm.AG6, 13, email, agentstate.Available, agentstate.ReasonConnectionFailure),
	)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AG-6 for agent 13 (-want +got):\n%s", diff)
	}
	// Agent 12's desktop is fine: DesktopUp for it restores nothing.
	if got, _ := r.DesktopUp(nil, at(41), 12); len(got) != 0 {
		t.Errorf("AG-7 for agent 12, whose desktop never failed: %v", got)
	}
	got, err = r.DesktopUp(nil, at(42), 13)
	if err != nil {
		t.Fatal(err)
	}
	reason7 := loggedIn(ccefsm.AG7, ccefsm.AGT2, 2, 13, chat, agentstate.NotReady, agentstate.NotReady)
	reason7.Reason = 7
	want = stamped(at(42),
		loggedIn(ccefsm.AG7, ccefsm.AGT2, 3, 13, voice, agentstate.WorkReady, agentstate.Available),
		reason7,
		loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 13, email, agentstate.Available, agentstate.Available),
	)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AG-7 for agent 13 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before11, statusOf(t, r, 11)); diff != "" {
		t.Errorf("AG-6/AG-7: agent 11 changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(before12, statusOf(t, r, 12)); diff != "" {
		t.Errorf("AG-6/AG-7: agent 12 changed (-before +after):\n%s", diff)
	}
	wantStatus := []agentstate.Status{
		{State: agentstate.Available, BeforeCall: agentstate.Available, Since: at(42), Held: agentstate.WorkReady},
		{State: agentstate.NotReady, BeforeCall: agentstate.Logout, Reason: 7, Since: at(42), Held: agentstate.NotReady},
		{State: agentstate.Available, BeforeCall: agentstate.Logout, Since: at(42), Held: agentstate.Available},
	}
	if diff := cmp.Diff(wantStatus, statusOf(t, r, 13)); diff != "" {
		t.Errorf("agent 13 after AG-7 (-want +got):\n%s", diff)
	}
}

// TestAG9RecreatedSecondOutage: the recreated mark (RP-6) belongs to the
// last CTI outage of the email MRD on the agent's own peripheral: a second
// outage on one peripheral clears the marks of its agents only, and its
// resynchronisation sets them again.
func TestAG9RecreatedSecondOutage(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11)
	if err := r.AddAgent(t0, 21, pg2); err != nil {
		t.Fatal(err)
	}
	sec := put(t, r, 11, email, 1, agentstate.Available)
	sec = put(t, r, 21, email, sec, agentstate.Available)
	outage := func(p ccefsm.PeripheralID, a ccefsm.AgentID, down, up int) {
		t.Helper()
		if _, err := r.CTIPathDown(nil, at(down), p, email); err != nil {
			t.Fatal(err)
		}
		if up < 0 {
			return
		}
		if _, err := r.CTIPathUp(nil, at(up), p, email, []agentstate.Report{{Agent: a, MRD: email, State: agentstate.Active}}); err != nil {
			t.Fatal(err)
		}
	}
	recreated := func(a ccefsm.AgentID) bool {
		st, err := r.Status(a, email)
		if err != nil {
			t.Fatal(err)
		}
		return st.Recreated
	}
	outage(pg, 11, sec, sec+1)
	outage(pg2, 21, sec+2, sec+3)
	if !recreated(11) || !recreated(21) {
		t.Fatalf("RP-6 after the first outages: %v, %v", recreated(11), recreated(21))
	}
	outage(pg2, 21, sec+4, -1) // the second outage, on pg2 only
	if !recreated(11) || recreated(21) {
		t.Errorf("RP-6 during pg2's second outage: agent 11 (pg) %v, want true; agent 21 (pg2) %v, want false", recreated(11), recreated(21))
	}
	if _, err := r.CTIPathUp(nil, at(sec+5), pg2, email, []agentstate.Report{{Agent: 21, MRD: email, State: agentstate.Paused}}); err != nil {
		t.Fatal(err)
	}
	if !recreated(11) || !recreated(21) {
		t.Errorf("RP-6 after pg2's second resynchronisation: %v, %v", recreated(11), recreated(21))
	}
}

// TestReportInStateLimits: a report's time in state may be zero (the state
// began now) and may reach back to the first representable instant, not
// one nanosecond further. (A Duration reaches that far back only from
// before 1970: a roster that has seen no input takes such an instant.)
func TestReportInStateLimits(t *testing.T) {
	r := newRoster(t, agentstate.Config{})
	now := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := r.AddAgent(now, 11, pg); err != nil {
		t.Fatal(err)
	}
	ns := now.UnixNano()
	for _, tt := range []struct {
		reason  string
		inState time.Duration
		want    error
		since   time.Time
	}{
		{"zero: the state began now", 0, nil, now},
		{"back to the first instant", time.Duration(ns - math.MinInt64), nil, time.Unix(0, math.MinInt64)},
		{"one nanosecond before it", time.Duration(ns-math.MinInt64) + 1, agentstate.ErrInvalidState, time.Time{}},
		{"negative", -1, agentstate.ErrInvalidState, time.Time{}},
	} {
		_, err := r.ReportStates(nil, now, pg, []agentstate.Report{{Agent: 11, MRD: voice, State: agentstate.Hold, InState: tt.inState}})
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.reason, err, tt.want)
			continue
		}
		if st, _ := r.Status(11, voice); tt.want == nil && !st.Since.Equal(tt.since) {
			t.Errorf("%s: since %v, want %v", tt.reason, st.Since, tt.since)
		}
	}
}
