package agentstate_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// rootKinds are the kinds of failure of package ccefsm.
var rootKinds = []error{
	ccefsm.ErrTimeBackwards, ccefsm.ErrTimeOutOfRange, ccefsm.ErrCorruptSnapshot, ccefsm.ErrUnknownID,
	ccefsm.ErrDuplicateID, ccefsm.ErrIllegalTransition, ccefsm.ErrUnknownName, ccefsm.ErrUnknownValue, ccefsm.ErrInvalidMRD,
}

// TestErrorKinds: every kind of failure the package returns matches its
// package sentinel and the root kind of package ccefsm it belongs to
// (CONTRIBUTING.md), and a sentinel of no kind matches none; every message
// names the package.
func TestErrorKinds(t *testing.T) {
	far := time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	setup := func() *agentstate.Roster {
		r := newRoster(t, agentstate.Config{}, 11)
		if err := r.AddAgent(t0, 21, pg2); err != nil {
			t.Fatal(err)
		}
		put(t, r, 11, voice, 10, agentstate.Available)
		return r
	}
	pgTab, finTab := agentstate.PGTable(), agentstate.DesktopTable()
	m := agentstate.NewMachine(at(10), agentstate.Voice)
	tests := []struct {
		failure  string
		do       func(r *agentstate.Roster) error
		sentinel error
		kind     error // nil: the sentinel is of no kind
	}{
		{"illegal request", func(r *agentstate.Roster) error {
			return r.Apply(at(20), 11, voice, agentstate.EventLogin, 0)
		}, agentstate.ErrIllegalTransition, ccefsm.ErrIllegalTransition},
		{"illegal request on a Machine", func(*agentstate.Roster) error {
			return m.Apply(at(20), agentstate.EventReady, 0)
		}, agentstate.ErrIllegalTransition, ccefsm.ErrIllegalTransition},
		{"no transition row", func(*agentstate.Roster) error {
			_, err := agentstate.Next(agentstate.Voice, agentstate.Logout, agentstate.EventReady)
			return err
		}, agentstate.ErrIllegalTransition, ccefsm.ErrIllegalTransition},
		{"invalid state", func(r *agentstate.Roster) error {
			return r.Observe(at(20), 11, voice, agentstate.NotActive+1, 0)
		}, agentstate.ErrInvalidState, ccefsm.ErrUnknownValue},
		{"invalid state on a Machine", func(*agentstate.Roster) error {
			return m.Observe(at(20), agentstate.NotActive+1, 0)
		}, agentstate.ErrInvalidState, ccefsm.ErrUnknownValue},
		{"negative time in state", func(r *agentstate.Roster) error {
			_, err := r.ReportStates(nil, at(20), pg, []agentstate.Report{{Agent: 11, MRD: voice, State: agentstate.Available, InState: -1}})
			return err
		}, agentstate.ErrInvalidState, ccefsm.ErrUnknownValue},
		{"table lookup of an invalid state", func(*agentstate.Roster) error {
			_, err := pgTab.Match(agentstate.NotActive+1, agentstate.Available)
			return err
		}, agentstate.ErrInvalidState, ccefsm.ErrUnknownValue},
		{"invalid event", func(r *agentstate.Roster) error {
			return r.Apply(at(20), 11, voice, agentstate.EventNone, 0)
		}, agentstate.ErrInvalidEvent, ccefsm.ErrUnknownValue},
		{"invalid event on a Machine", func(*agentstate.Roster) error {
			return m.Apply(at(20), agentstate.EventWrapEnd+1, 0)
		}, agentstate.ErrInvalidEvent, ccefsm.ErrUnknownValue},
		{"invalid media", func(*agentstate.Roster) error {
			_, err := agentstate.Next(agentstate.NonVoice+1, agentstate.Logout, agentstate.EventLogin)
			return err
		}, agentstate.ErrInvalidMedia, ccefsm.ErrUnknownValue},
		{"a Machine of an invalid media", func(*agentstate.Roster) error {
			bad := agentstate.NewMachine(t0, agentstate.NonVoice+1)
			return bad.Apply(at(1), agentstate.EventLogin, 0)
		}, agentstate.ErrInvalidMedia, ccefsm.ErrUnknownValue},
		{"invalid cause", func(r *agentstate.Roster) error {
			_, err := r.SideDown(nil, at(20), pg, ccefsm.SideA, agentstate.CauseFinesse)
			return err
		}, agentstate.ErrInvalidCause, ccefsm.ErrUnknownValue},
		{"invalid side", func(r *agentstate.Roster) error {
			_, err := r.SideUp(nil, at(20), pg2, ccefsm.SideB)
			return err
		}, agentstate.ErrInvalidSide, ccefsm.ErrUnknownValue},
		{"invalid preferred side", func(*agentstate.Roster) error {
			_, err := agentstate.NewRoster(agentstate.Config{MRDs: threeMRDs, PreferredSide: ccefsm.SideB + 1})
			return err
		}, agentstate.ErrInvalidSide, ccefsm.ErrUnknownValue},
		{"invalid redundancy", func(r *agentstate.Roster) error {
			return r.AddPeripheral(7000, ccefsm.Duplex+1)
		}, agentstate.ErrInvalidRedundancy, ccefsm.ErrUnknownValue},
		{"invalid outcome", func(*agentstate.Roster) error {
			return pgTab.Override(5, agentstate.To(agentstate.NotActive+1))
		}, agentstate.ErrInvalidOutcome, ccefsm.ErrUnknownValue},
		{"unknown agent", func(r *agentstate.Roster) error {
			_, err := r.DesktopDown(nil, at(20), 99)
			return err
		}, agentstate.ErrUnknownAgent, ccefsm.ErrUnknownID},
		{"zero agent", func(r *agentstate.Roster) error { return r.AddAgent(at(20), 0, pg) }, agentstate.ErrUnknownAgent, ccefsm.ErrUnknownID},
		{"zero Ref", func(r *agentstate.Roster) error {
			return r.ApplyRef(at(20), agentstate.Ref{}, agentstate.EventReady, 0)
		}, agentstate.ErrUnknownAgent, ccefsm.ErrUnknownID},
		{"unknown peripheral", func(r *agentstate.Roster) error {
			_, err := r.Peripheral(1)
			return err
		}, agentstate.ErrUnknownPeripheral, ccefsm.ErrUnknownID},
		{"zero peripheral", func(r *agentstate.Roster) error { return r.AddPeripheral(0, ccefsm.Simplex) }, agentstate.ErrUnknownPeripheral, ccefsm.ErrUnknownID},
		{"unknown MRD", func(r *agentstate.Roster) error {
			_, err := r.State(11, 77)
			return err
		}, agentstate.ErrUnknownMRD, ccefsm.ErrUnknownID},
		{"zero MRD", func(r *agentstate.Roster) error {
			_, err := r.CTIPathDown(nil, at(20), pg, 0)
			return err
		}, agentstate.ErrUnknownMRD, ccefsm.ErrUnknownID},
		{"unknown table row", func(*agentstate.Roster) error {
			return finTab.Override(10, agentstate.To(agentstate.NotReady))
		}, agentstate.ErrUnknownRow, ccefsm.ErrUnknownID},
		{"no row for LOGOUT", func(*agentstate.Roster) error {
			_, err := finTab.Match(agentstate.Logout, agentstate.Available)
			return err
		}, agentstate.ErrIllegalTransition, ccefsm.ErrIllegalTransition},
		{"duplicate agent", func(r *agentstate.Roster) error { return r.AddAgent(at(20), 21, pg) }, agentstate.ErrDuplicateAgent, ccefsm.ErrDuplicateID},
		{"duplicate peripheral", func(r *agentstate.Roster) error { return r.AddPeripheral(pg2, ccefsm.Duplex) }, agentstate.ErrDuplicatePeripheral, ccefsm.ErrDuplicateID},
		{"time backwards", func(r *agentstate.Roster) error {
			_, err := r.FinesseDown(nil, at(9), pg)
			return err
		}, agentstate.ErrTimeBackwards, ccefsm.ErrTimeBackwards},
		{"time backwards through a Ref", func(r *agentstate.Roster) error {
			ref, _ := r.Ref(11, voice)
			return r.ApplyRef(at(9), ref, agentstate.EventNotReady, 0)
		}, agentstate.ErrTimeBackwards, ccefsm.ErrTimeBackwards},
		{"time backwards on a Machine", func(*agentstate.Roster) error {
			return m.Observe(at(9), agentstate.Available, 0)
		}, agentstate.ErrTimeBackwards, ccefsm.ErrTimeBackwards},
		{"time out of range", func(r *agentstate.Roster) error {
			return r.RemoveAgent(far, 11)
		}, agentstate.ErrTimeOutOfRange, ccefsm.ErrTimeOutOfRange},
		{"time out of range on a Machine", func(*agentstate.Roster) error {
			return m.Apply(far, agentstate.EventLogin, 0)
		}, agentstate.ErrTimeOutOfRange, ccefsm.ErrTimeOutOfRange},
		{"corrupt snapshot", func(r *agentstate.Roster) error { return r.UnmarshalBinary([]byte("AGSR")) }, agentstate.ErrCorruptSnapshot, ccefsm.ErrCorruptSnapshot},
		{"invalid MRD", func(*agentstate.Roster) error {
			_, err := agentstate.NewRoster(agentstate.Config{})
			return err
		}, agentstate.ErrInvalidMRD, ccefsm.ErrInvalidMRD},
		{"invalid table", func(*agentstate.Roster) error {
			_, err := agentstate.NewRoster(agentstate.Config{MRDs: threeMRDs, PGTable: &finTab})
			return err
		}, agentstate.ErrInvalidTable, nil},
		{"documented row", func(*agentstate.Roster) error {
			return pgTab.Override(1, agentstate.To(agentstate.NotReady))
		}, agentstate.ErrDocumentedRow, nil},
		{"agent of another peripheral", func(r *agentstate.Roster) error {
			_, err := r.ReportStates(nil, at(20), pg, []agentstate.Report{{Agent: 21, MRD: voice, State: agentstate.Available}})
			return err
		}, agentstate.ErrWrongPeripheral, nil},
		{"peripheral offline", func(r *agentstate.Roster) error {
			if _, err := r.SideDown(nil, at(20), pg2, ccefsm.SideA, agentstate.CausePIM); err != nil {
				t.Fatal(err)
			}
			return r.Apply(at(21), 21, voice, agentstate.EventLogin, 0)
		}, agentstate.ErrPeripheralOffline, nil},
	}
	for _, tt := range tests {
		err := tt.do(setup())
		if !errors.Is(err, tt.sentinel) {
			t.Errorf("%s: %v, want %v", tt.failure, err, tt.sentinel)
			continue
		}
		for _, k := range rootKinds {
			if got := errors.Is(err, k); got != (k == tt.kind) {
				t.Errorf("%s: errors.Is(%v, %v) = %v", tt.failure, err, k, got)
			}
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "agentstate") {
			t.Errorf("%s: message %q does not name the package", tt.failure, msg)
		}
	}
}

// TestRosterFull: a roster holds exactly 65,536 peripherals; one more is
// ErrRosterFull and changes nothing.
func TestRosterFull(t *testing.T) {
	if testing.Short() {
		t.Skip("adds 65,536 peripherals")
	}
	r, err := agentstate.NewRoster(agentstate.Config{MRDs: threeMRDs[:1]})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1 << 16 {
		if err := r.AddPeripheral(ccefsm.PeripheralID(i+1), ccefsm.Simplex); err != nil {
			t.Fatalf("peripheral %d of 65,536: %v", i+1, err)
		}
	}
	err = r.AddPeripheral(1<<16+1, ccefsm.Simplex)
	if !errors.Is(err, agentstate.ErrRosterFull) {
		t.Errorf("peripheral 65,537: %v, want ErrRosterFull", err)
	}
	if n := len(r.Peripherals(nil)); n != 1<<16 {
		t.Errorf("%d peripherals", n)
	}
	if err := r.AddAgent(t0, 1, 1<<16); err != nil {
		t.Errorf("an agent on the last peripheral: %v", err)
	}
	if _, err := r.Peripheral(1<<16 + 1); !errors.Is(err, agentstate.ErrUnknownPeripheral) {
		t.Errorf("the refused peripheral: %v", err)
	}

	// Its snapshot restores; one crafted with a peripheral more is refused.
	snap, _ := r.MarshalBinary()
	var restored agentstate.Roster
	if err := restored.UnmarshalBinary(snap); err != nil {
		t.Fatalf("a snapshot of 65,536 peripherals: %v", err)
	}
	body := agentstate.SnapshotBody(snap)
	count := bytes.Index(body, []byte{0x80, 0x80, 0x04, 0, 0, 0, 1}) // uvarint 65,536, then peripheral 1
	if count < 0 {
		t.Fatal("no peripheral count in the body")
	}
	end := count + 3 + 1<<16*12 // after the last 12-byte peripheral record
	extra := []byte{0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0}
	more := append(append(bytes.Clone(body[:end]), extra...), body[end:]...)
	copy(more[count:], []byte{0x81, 0x80, 0x04}) // 65,537
	err = restored.UnmarshalBinary(agentstate.FrameSnapshot(more))
	var se *ccefsm.SnapshotError
	if !errors.As(err, &se) || se.Field != "peripheral count" || se.Offset != 5+count {
		t.Errorf("a snapshot of 65,537 peripherals: %v, want the peripheral count refused", err)
	}
}

// TestErrorMessages: an error says what failed and where, naming only the
// context that applies.
func TestErrorMessages(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11)
	_, errPeripheral := r.SideDown(nil, at(1), 1, ccefsm.SideA, agentstate.CausePG)
	_, errAgentMRD := r.Status(11, 77)
	_, errAgent := r.DesktopDown(nil, at(1), 99)
	_, errMRD := agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(4, ccefsm.MediaUnknown)}})
	for _, tt := range []struct {
		err  error
		want string
	}{
		{errPeripheral, "agentstate: unknown peripheral (SideDown peripheral 1)"},
		{errAgentMRD, "agentstate: unknown MRD (Status agent 11 MRD 77)"},
		{errAgent, "agentstate: unknown agent (DesktopDown agent 99)"},
		{errMRD, "agentstate: invalid MRD (NewRoster MRD 4): ccefsm: invalid MRD 4: Media is not a valid media kind (0)"},
		{r.Apply(at(1), 11, voice, agentstate.EventReady, 0), "agentstate: illegal transition: READY from LOGOUT (voice) for agent 11 in MRD 1"},
		{r.Apply(at(-1), 11, voice, agentstate.EventLogin, 0), "agentstate: time went backwards: 2026-03-02T08:59:59Z is before 2026-03-02T09:00:00Z"},
	} {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("got %v, want %q", tt.err, tt.want)
		}
	}
}
