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
// checks), and the receiver is unchanged.
func TestSnapshotUnreachable(t *testing.T) {
	target, _ := richRoster(t)
	before, _ := target.MarshalBinary()
	for _, u := range agentstate.UnreachableSnapshots() {
		err := target.UnmarshalBinary(u.Data)
		if !errors.Is(err, agentstate.ErrCorruptSnapshot) {
			t.Errorf("%s: UnmarshalBinary = %v, want ErrCorruptSnapshot", u.Name, err)
			if err := target.UnmarshalBinary(before); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if after, _ := target.MarshalBinary(); !bytes.Equal(before, after) {
			t.Errorf("%s: a refused snapshot changed the receiver", u.Name)
		}
	}
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
