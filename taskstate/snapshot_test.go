package taskstate

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// TestSnapshotRoundTrip: a store restored from its snapshot marshals to the
// same bytes and, fed the same later inputs, gives the same effects in the
// same order as the original (DESIGN principle 6).
func TestSnapshotRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ops := drawOps(t, 100)
		n := rapid.IntRange(0, len(ops)-1).Draw(t, "cut")
		a := new(Store)
		for _, r := range testMRDs() {
			if err := a.AddMRD(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.table.SetDisposition(StateNew, EventEnd, ApplTerminateDialogue); err != nil {
			t.Fatal(err)
		}
		for _, o := range ops[:n] {
			_, _ = o.store(a, nil)
		}
		snap, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		b := new(Store)
		if err := b.UnmarshalBinary(snap); err != nil {
			t.Fatalf("restore: %v", err)
		}
		if err := b.verify(); err != nil {
			t.Fatalf("restored store: %v", err)
		}
		again, _ := b.MarshalBinary()
		if !bytes.Equal(snap, again) {
			t.Fatalf("snapshot of the restored store differs")
		}
		for _, o := range ops[n:] {
			ea, erra := o.store(a, nil)
			eb, errb := o.store(b, nil)
			if !reflect.DeepEqual(ea, eb) || (erra == nil) != (errb == nil) {
				t.Fatalf("%v: original %v %v, restored %v %v\n%s", o, ea, erra, eb, errb, cmp.Diff(ea, eb))
			}
		}
	})
}

// TestSnapshotRefused: damaged snapshots are refused with
// ErrCorruptSnapshot and leave the store as it was.
func TestSnapshotRefused(t *testing.T) {
	s := newStore(t)
	runSteps(t, s, []step{
		{0, create(1, chat, StateActive), nil, nil},
		{0, create(2, mail, StatePreCall), nil, nil},
		{sec, down(), nil, nil},
		{2 * sec, end(1, 0), []eff{other(EffectEndDeferred, 2*sec, 1, StateActive, ccefsm.TS2)}, nil},
	})
	snap, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	target := newStore(t)
	before, _ := target.MarshalBinary()
	cases := map[string][]byte{
		"empty":         nil,
		"bad magic":     append([]byte("XXXX"), snap[4:]...),
		"truncated":     snap[:len(snap)-1],
		"trailing byte": append(append([]byte(nil), snap...), 0),
	}
	// Flip each byte in turn: every damaged snapshot is either refused or,
	// if accepted, a consistent store.
	for i := len(snapshotMagic); i < len(snap); i++ {
		for _, x := range []byte{1, 0x80} {
			c := append([]byte(nil), snap...)
			c[i] ^= x
			var st Store
			if err := st.UnmarshalBinary(c); err == nil {
				if err := st.verify(); err != nil {
					t.Fatalf("byte %d ^%#x accepted an inconsistent store: %v", i, x, err)
				}
			} else if !errors.Is(err, ErrCorruptSnapshot) {
				t.Fatalf("byte %d: err %v does not wrap ErrCorruptSnapshot", i, err)
			}
		}
	}
	for name, c := range cases {
		if err := target.UnmarshalBinary(c); !errors.Is(err, ErrCorruptSnapshot) {
			t.Errorf("%s: err = %v, want ErrCorruptSnapshot", name, err)
		}
		after, _ := target.MarshalBinary()
		if !bytes.Equal(before, after) {
			t.Errorf("%s: refused snapshot changed the store", name)
		}
	}
}

// FuzzSnapshot: arbitrary bytes are refused with ErrCorruptSnapshot or
// restore a store that passes the invariant check, whose own snapshot is a
// fixed point.
func FuzzSnapshot(f *testing.F) {
	s := newStore(f)
	for _, o := range decodeOps([]byte{0, 1, 0, 0x4e, 0, 2, 0, 0x56, 0, 3, 0, 0x4a, 2, 0, 1, 1, 10, 1, 1, 38, 0, 4, 1, 0x4e}) {
		_, _ = o.store(s, nil)
	}
	snap, err := s.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(snap)
	empty, _ := new(Store).MarshalBinary()
	f.Add(empty)
	f.Fuzz(func(t *testing.T, data []byte) {
		var st Store
		if err := st.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrCorruptSnapshot) {
				t.Fatalf("err %v does not wrap ErrCorruptSnapshot", err)
			}
			return
		}
		if err := st.verify(); err != nil {
			t.Fatalf("accepted an inconsistent store: %v", err)
		}
		b1, _ := st.MarshalBinary()
		var again Store
		if err := again.UnmarshalBinary(b1); err != nil {
			t.Fatalf("own snapshot refused: %v", err)
		}
		if b2, _ := again.MarshalBinary(); !bytes.Equal(b1, b2) {
			t.Fatal("snapshot is not a fixed point")
		}
	})
}

// TestSnapshotClosingWithoutAgent: a NEW task ended during an outage waits
// in CLOSING with no agent (TS-2); its snapshot must restore.
func TestSnapshotClosingWithoutAgent(t *testing.T) {
	s := newStore(t)
	runSteps(t, s, []step{
		{0, create(1, chat, StateNew), nil, nil},
		{sec, down(), nil, nil},
		{2 * sec, end(1, 0), []eff{other(EffectEndDeferred, 2*sec, 1, StateNew, ccefsm.TS2)}, nil},
	})
	snap, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Store
	if err := back.UnmarshalBinary(snap); err != nil {
		t.Fatalf("restore: %v", err)
	}
	runSteps(t, &back, []step{
		{3 * sec, up(), []eff{ended(3*sec, 1, StateClosing, ccefsm.TS2, TaskEndedDuringAppInit, ccefsm.ReportPartial, ccefsm.RP4)}, nil},
	})
}
