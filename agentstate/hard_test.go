package agentstate_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// richRoster returns a roster with something in every part of its snapshot:
// four MRDs (two email), preferred side B, an overridden table row, three
// peripherals (one offline after a PG failure, one with a side down), agents
// in several MRDs and states, failures pending for several causes, an email
// CTI path down and a recreated mark on another peripheral.
func richRoster(t testing.TB) (*agentstate.Roster, time.Time) {
	t.Helper()
	const pg3 ccefsm.PeripheralID = 7000
	const email2 ccefsm.MRDID = 4
	tab := agentstate.PGTable()
	if err := tab.Override(6, agentstate.To(agentstate.NotReady)); err != nil {
		t.Fatal(err)
	}
	mrds := append(append([]ccefsm.MRD(nil), threeMRDs...), ccefsm.NewMRD(email2, ccefsm.MediaEmail))
	r, err := agentstate.NewRoster(agentstate.Config{MRDs: mrds, PreferredSide: ccefsm.SideB, PGTable: &tab})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		id  ccefsm.PeripheralID
		red ccefsm.Redundancy
	}{{pg, ccefsm.Duplex}, {pg2, ccefsm.Simplex}, {pg3, ccefsm.Duplex}} {
		if err := r.AddPeripheral(p.id, p.red); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []struct {
		id ccefsm.AgentID
		p  ccefsm.PeripheralID
	}{{11, pg}, {12, pg}, {21, pg2}, {31, pg3}, {32, pg3}} {
		if err := r.AddAgent(t0, a.id, a.p); err != nil {
			t.Fatal(err)
		}
	}
	sec := put(t, r, 11, voice, 1, agentstate.Available)
	sec = put(t, r, 11, chat, sec, agentstate.Available, agentstate.Active)
	sec = put(t, r, 11, email, sec, agentstate.Available)
	sec = put(t, r, 12, voice, sec, agentstate.NotReady, agentstate.Talking, agentstate.WorkReady)
	sec = put(t, r, 21, voice, sec, agentstate.Available, agentstate.Talking)
	sec = put(t, r, 31, voice, sec, agentstate.Available)
	sec = put(t, r, 31, email2, sec, agentstate.Available)
	sec = put(t, r, 32, chat, sec, agentstate.Active, agentstate.Paused)
	steps := []func(now time.Time) ([]agentstate.Effect, error){
		func(now time.Time) ([]agentstate.Effect, error) { return r.CTIPathDown(nil, now, pg3, email2) },
		func(now time.Time) ([]agentstate.Effect, error) {
			return r.CTIPathUp(nil, now, pg3, email2, []agentstate.Report{{Agent: 31, MRD: email2, State: agentstate.Active, InState: time.Second}})
		},
		func(now time.Time) ([]agentstate.Effect, error) { return r.CTIPathDown(nil, now, pg, email) },
		func(now time.Time) ([]agentstate.Effect, error) { return r.FinesseDown(nil, now, pg) },
		func(now time.Time) ([]agentstate.Effect, error) { return r.DesktopDown(nil, now, 31) },
		func(now time.Time) ([]agentstate.Effect, error) {
			return r.SideDown(nil, now, pg2, ccefsm.SideA, agentstate.CausePG)
		},
		func(now time.Time) ([]agentstate.Effect, error) {
			return r.SideDown(nil, now, pg3, ccefsm.SideA, agentstate.CausePIM)
		},
		func(now time.Time) ([]agentstate.Effect, error) { return r.CTIManagerDown(nil, now, pg3) },
	}
	for _, step := range steps {
		if _, err := step(at(sec)); err != nil {
			t.Fatal(err)
		}
		sec++
	}
	return r, at(sec)
}

// TestSnapshotUnreachable: a snapshot of a state that no sequence of inputs
// can reach is refused (issue 7's repros, and every other fact the decoder
// checks), with the field and the reason of the fact that was broken, and
// the receiver is unchanged.
func TestSnapshotUnreachable(t *testing.T) {
	target, _ := richRoster(t)
	before, _ := target.MarshalBinary()
	seen := map[string]bool{}
	for _, u := range agentstate.UnreachableSnapshots() {
		seen[u.Name] = true
		err := target.UnmarshalBinary(u.Data)
		var se *ccefsm.SnapshotError
		if !errors.Is(err, agentstate.ErrCorruptSnapshot) || !errors.As(err, &se) {
			t.Errorf("%s: UnmarshalBinary = %v, want a SnapshotError wrapping ErrCorruptSnapshot", u.Name, err)
			if err := target.UnmarshalBinary(before); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if w, ok := unreachableWhy[u.Name]; !ok || se.Field != w.field || se.Reason != w.reason {
			t.Errorf("%s: refused for %q: %q; want %q: %q", u.Name, se.Field, se.Reason, w.field, w.reason)
		}
		if after, _ := target.MarshalBinary(); !bytes.Equal(before, after) {
			t.Errorf("%s: a refused snapshot changed the receiver", u.Name)
		}
	}
	for name := range unreachableWhy {
		if !seen[name] {
			t.Errorf("no crafted snapshot %q", name)
		}
	}
}

// unreachableWhy is the field and the reason each crafted snapshot is
// refused for.
var unreachableWhy = map[string]struct{ field, reason string }{
	"agent pending a Finesse failure while its peripheral's Finesse is up":                                  {"agent 11 MRD 1 flags", "the Finesse failure is pending while Finesse is up"},
	"agent pending a CTI Manager failure while the CTI Manager is up":                                       {"agent 11 MRD 1 flags", "the CTI Manager failure is pending while the CTI Manager is up"},
	"agent pending a PG failure while its peripheral is online":                                             {"agent 21 MRD 1 flags", "the PG failure is pending while the peripheral is online"},
	"agent pending a PG failure added to a Finesse logout while its peripheral is online":                   {"agent 11 MRD 1 flags", "the PG failure is pending while the peripheral is online"},
	"agent pending a PIM failure in a non-voice MRD":                                                        {"agent 11 MRD 3 flags", "a PIM or CTI Manager failure is pending in a non-voice MRD"},
	"agent pending a CTI Manager failure in a non-voice MRD (CTI Manager failover logs out of voice only)":  {"agent 11 MRD 3 flags", "a PIM or CTI Manager failure is pending in a non-voice MRD"},
	"PIM failure pending without the PG failure, voice the second MRD":                                      {"agent 12 MRD 1 flags", "a PIM failure is pending without the PG failure that is pending on its peripheral 5000 (the PG failure would have been added to it)"},
	"PIM failure pending without the PG failure that logged out the other agents of the offline peripheral": {"agent 12 MRD 1 flags", "a PIM failure is pending without the PG failure that is pending on its peripheral 5000 (the PG failure would have been added to it)"},
	"pending failure held at LOGOUT (nothing to restore)":                                                   {"agent 11 MRD 1 flags", "held state is LOGOUT while a failure is pending (a logged-out agent is not logged out again)"},
	"pending failure on a logged-in agent":                                                                  {"agent 11 MRD 1 state", "is AVAILABLE while a failure is pending (the agent is logged out)"},
	"first failure PIM no longer pending":                                                                   {"agent 11 MRD 1 flags", "the PIM failure that logged the agent out is no longer pending (only an observation or a login ends it)"},
	"reason code on AVAILABLE":                                                                              {"agent 11 MRD 1 reason", "7 on AVAILABLE, which carries no reason code"},
	"reason code on TALKING":                                                                                {"agent 11 MRD 1 reason", "50002 on TALKING, which carries no reason code"},
	"reason code kept for a held AVAILABLE while a failure is pending":                                      {"agent 11 MRD 1 reason", "7 kept for the held state AVAILABLE, which carries no reason code"},
	"since later than the roster's last input":                                                              {"agent 11 MRD 1 since", "is after the roster's latest input"},
	"recreated mark while the email CTI path is down":                                                       {"agent 11 MRD 3 flags", "recreated mark while the MRD's CTI path is down"},
	"recreated mark on a non-email MRD":                                                                     {"agent 11 MRD 1 flags", "recreated mark on a non-email MRD"},
	"agent on a peripheral one past the last":                                                               {"agent 21 peripheral", "index 2 is not below the peripheral count 2"},
	"duplicate agent ID":                                      {"agent 11", "is listed twice"},
	"zero agent ID":                                           {"agent ID", "is zero"},
	"duplicate peripheral ID":                                 {"peripheral 5000", "is listed twice"},
	"active side down":                                        {"peripheral 5000", "active side A is down"},
	"offline peripheral with a healthy side":                  {"peripheral 5000", "is offline with a healthy side"},
	"simplex peripheral with a side B":                        {"peripheral 6000", "is simplex but has a side B"},
	"CTI path mark of an MRD the roster does not have":        {"peripheral 5000", "has a CTI path mark for an MRD index beyond the 3 MRDs"},
	"documented table row overridden":                         {"AG-T1 row 1", "outcome NOT_READY differs from the default, but the row is not configured"},
	"invalid state":                                           {"agent 11 MRD 1 state", "is 15, not a state"},
	"unused flag bits":                                        {"agent 11 MRD 1 flags", "uses undefined bits"},
	"no preferred side":                                       {"preferred side", "is 0, not A or B"},
	"invalid MRD (no task life)":                              {"MRDs", "agentstate: invalid MRD (NewRoster MRD 2): ccefsm: invalid MRD 2: TaskLife must be positive, is 0s"},
	"an MRD ID twice":                                         {"MRDs", "agentstate: invalid MRD (NewRoster MRD 1): ccefsm: invalid MRD 1: ID is listed twice"},
	"documented table row marked configured":                  {"AG-T1 row 1", "agentstate: documented row cannot be overridden: AG-T1 row 1"},
	"configured table row with an invalid outcome":            {"AG-T1 row 5", "agentstate: invalid outcome: AG-T1 row 5"},
	"last input set on a roster that has seen none":           {"last input", "is set, but the roster has seen no input"},
	"agents on a roster that has seen no input":               {"agent count", "agents, but the roster has seen no input (AddAgent is one)"},
	"a peripheral changed on a roster that has seen no input": {"peripheral 5000", "is not as added, but the roster has seen no input"},
	"zero peripheral ID":                                      {"peripheral 0", "ID is zero"},
	"active side 3":                                           {"peripheral 5000", "active side 3 is not a side"},
	"simplex peripheral with side B active":                   {"peripheral 6000", "is simplex but has a side B"},
	"redundancy 2":                                            {"peripheral redundancy", "is 2, neither simplex nor duplex"},
	"state before the call 15":                                {"agent 11 MRD 1 before call", "is 15, not a state"},
	"first failure 6":                                         {"agent 11 MRD 1 flags", "first failure 6 is not a cause"},
	"held state 15":                                           {"agent 11 MRD 1 flags", "held state 15 is not a state"},
	"a failure pending with no first failure":                 {"agent 11 MRD 1 flags", "a first failure is recorded exactly when a failure is pending"},
	"a first failure with none pending":                       {"agent 11 MRD 1 flags", "a first failure is recorded exactly when a failure is pending"},
	"BeforeCall RESERVED (no transition records it)":          {"agent 11 MRD 1 before call", "is RESERVED, a state of a call, which no transition records as the state before one"},
	"BeforeCall TALKING (no transition records it)":           {"agent 11 MRD 1 before call", "is TALKING, a state of a call, which no transition records as the state before one"},
	"BeforeCall HOLD (no transition records it)":              {"agent 11 MRD 1 before call", "is HOLD, a state of a call, which no transition records as the state before one"},
	"BeforeCall ACTIVE (no transition records it)":            {"agent 11 MRD 1 before call", "is ACTIVE, a state of a call, which no transition records as the state before one"},
	"BeforeCall PAUSED (no transition records it)":            {"agent 11 MRD 1 before call", "is PAUSED, a state of a call, which no transition records as the state before one"},
	"BeforeCall INTERRUPTED (no transition records it)":       {"agent 11 MRD 1 before call", "is INTERRUPTED, a state of a call, which no transition records as the state before one"},
	"BeforeCall WORK_READY (no transition records it)":        {"agent 11 MRD 1 before call", "is WORK_READY, a state of a call, which no transition records as the state before one"},
	"BeforeCall WORK_NOT_READY (no transition records it)":    {"agent 11 MRD 1 before call", "is WORK_NOT_READY, a state of a call, which no transition records as the state before one"},
}

// TestSnapshotBitFlips: every single-bit flip of a non-trivial snapshot is
// refused, and the receiver is unchanged.
func TestSnapshotBitFlips(t *testing.T) {
	r, _ := richRoster(t)
	snap, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var check agentstate.Roster
	if err := check.UnmarshalBinary(snap); err != nil {
		t.Fatalf("the unflipped snapshot is refused: %v", err)
	}
	target := newRoster(t, agentstate.Config{}, 11)
	before, _ := target.MarshalBinary()
	accepted := 0
	for bit := 0; bit < 8*len(snap); bit++ {
		bad := bytes.Clone(snap)
		bad[bit/8] ^= 1 << (bit % 8)
		if err := target.UnmarshalBinary(bad); err == nil {
			accepted++
			if err := target.UnmarshalBinary(before); err != nil {
				t.Fatal(err)
			}
			continue
		} else if !errors.Is(err, agentstate.ErrCorruptSnapshot) {
			t.Errorf("bit %d: %v does not match ErrCorruptSnapshot", bit, err)
		}
	}
	if accepted != 0 {
		t.Errorf("%d of %d single-bit flips accepted, want none", accepted, 8*len(snap))
	}
	if after, _ := target.MarshalBinary(); !bytes.Equal(before, after) {
		t.Error("a refused snapshot changed the receiver")
	}
}

// TestRosterFirstInputAnyInstant: a roster that has seen no input accepts
// any instant in range, also before 1970, also after a snapshot round trip;
// once it has seen one, an earlier instant is time going backwards.
func TestRosterFirstInputAnyInstant(t *testing.T) {
	old := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	fresh := func() *agentstate.Roster { return newRoster(t, agentstate.Config{}) }
	if err := fresh().AddAgent(old, 11, pg); err != nil {
		t.Errorf("first AddAgent in 1960: %v", err)
	}
	snap, err := fresh().MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var restored agentstate.Roster
	if err := restored.UnmarshalBinary(snap); err != nil {
		t.Fatal(err)
	}
	if err := restored.AddAgent(old, 11, pg); err != nil {
		t.Errorf("first AddAgent in 1960 on a restored roster that had seen no input: %v", err)
	}
	if err := restored.AddAgent(old.Add(-1), 12, pg); !errors.Is(err, agentstate.ErrTimeBackwards) {
		t.Errorf("an input before the first: %v, want ErrTimeBackwards", err)
	}
	r := fresh()
	if _, err := r.FinesseDown(nil, old, pg); err != nil {
		t.Errorf("a first bulk input in 1960: %v", err)
	}
}
