package agentstate_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// TestSnapshotRapid: after random inputs, a snapshot restores a roster that
// is identical (same status, same bytes) and behaves identically on further
// random inputs (DESIGN principle 6).
func TestSnapshotRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ops := rapid.SliceOfN(opGen, 0, 60).Draw(t, "before")
		more := rapid.SliceOfN(opGen, 1, 40).Draw(t, "after")
		a := newModelRoster(t.Fatalf)
		_, now := drive(t.Fatalf, a, ops, t0)
		snap, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var b agentstate.Roster
		if err := b.UnmarshalBinary(snap); err != nil {
			t.Fatalf("UnmarshalBinary: %v", err)
		}
		again, _ := b.MarshalBinary()
		if !bytes.Equal(snap, again) {
			t.Fatal("snapshot of the restored roster differs")
		}
		rowsA, psA := dumpQuiet(a)
		rowsB, psB := dumpQuiet(&b)
		if diff := cmp.Diff(rowsA, rowsB); diff != "" {
			t.Fatalf("restored agents (-original +restored):\n%s", diff)
		}
		if diff := cmp.Diff(psA, psB); diff != "" {
			t.Fatalf("restored peripherals (-original +restored):\n%s", diff)
		}
		ta, _ := drive(t.Fatalf, a, more, now)
		tb, _ := drive(t.Fatalf, &b, more, now)
		if diff := cmp.Diff(ta, tb); diff != "" {
			t.Fatalf("restored roster behaves differently (-original +restored):\n%s", diff)
		}
	})
}

// TestSnapshotCorrupt: every truncation and some byte flips are refused with
// ErrCorruptSnapshot, and the receiver is unchanged.
func TestSnapshotCorrupt(t *testing.T) {
	a := newModelRoster(t.Fatalf)
	put(t, a, 11, voice, 1, agentstate.Available)
	if _, err := a.FinesseDown(nil, at(5), pg); err != nil {
		t.Fatal(err)
	}
	snap, _ := a.MarshalBinary()
	target := newRoster(t, agentstate.Config{}, 11)
	before, _ := target.MarshalBinary()
	for i := 0; i < len(snap); i++ {
		if err := target.UnmarshalBinary(snap[:i]); !errors.Is(err, agentstate.ErrCorruptSnapshot) {
			t.Fatalf("truncated at %d: %v", i, err)
		}
	}
	if err := target.UnmarshalBinary(append(append([]byte(nil), snap...), 0)); !errors.Is(err, agentstate.ErrCorruptSnapshot) {
		t.Errorf("trailing byte: %v", err)
	}
	for i := range snap {
		bad := append([]byte(nil), snap...)
		bad[i] ^= 0xff
		_ = target.UnmarshalBinary(bad) // must not panic; may succeed for free fields
		if err := target.UnmarshalBinary(before); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := target.MarshalBinary()
	if !bytes.Equal(before, after) {
		t.Error("failed UnmarshalBinary changed the receiver")
	}
}

// FuzzRosterSnapshot: UnmarshalBinary never panics, and whatever it accepts
// marshals back to the same bytes (the encoding is canonical).
func FuzzRosterSnapshot(f *testing.F) {
	a := newModelRoster(f.Fatalf)
	snap, _ := a.MarshalBinary()
	f.Add(snap)
	put(f, a, 11, email, 1, agentstate.Available)
	if _, err := a.CTIPathDown(nil, at(5), pg, email); err != nil {
		f.Fatal(err)
	}
	snap, _ = a.MarshalBinary()
	f.Add(snap)
	f.Fuzz(func(t *testing.T, data []byte) {
		var r agentstate.Roster
		if err := r.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, agentstate.ErrCorruptSnapshot) {
				t.Fatalf("error %v does not wrap ErrCorruptSnapshot", err)
			}
			return
		}
		out, err := r.MarshalBinary()
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("accepted snapshot does not round-trip: %v", err)
		}
	})
}
