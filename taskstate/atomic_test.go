package taskstate

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// TestErrorsChangeNothing snapshots the whole store (MarshalBinary, which
// holds every task, list, queue, outage and the clock) and the next
// deadline before each refused input, and requires both unchanged after it.
func TestErrorsChangeNothing(t *testing.T) {
	// A store with something in every list: a known task, a CLOSING one, a
	// task begun during the outage, a PRE_CALL one, an email task.
	s := newStore(t)
	runSteps(t, s, []step{
		{0, create(1, chat, StateActive), nil, nil},
		{0, create(2, chat, StateActive), nil, nil},
		{0, create(3, mail, StateActive), nil, nil},
		{sec, create(4, chat, StatePreCall), nil, nil},
		{2 * sec, down(), nil, nil},
		{3 * sec, end(2, 0), []eff{other(EffectEndDeferred, 3*sec, 2, StateActive, ccefsm.TS2)}, nil},
		{4 * sec, create(5, chat, StateNew), nil, nil},
	})
	now := t0.Add(4 * sec)
	due := t0.Add(sec + DefaultStartTimeout) // task 4's start timeout (TS-7)
	bad := []struct {
		reason string
		in     func() error
		want   error
	}{
		{"time backwards: Create", func() error {
			_, err := s.Create(nil, now.Add(-1), NewTask{ID: 9, App: app, MRD: chat, State: StateNew})
			return err
		}, ErrTimeBackwards},
		{"TS-7 deadline pending: Create", func() error {
			_, err := s.Create(nil, due, NewTask{ID: 9, App: app, MRD: chat, State: StateNew})
			return err
		}, ErrDeadlinePending},
		{"zero task ID", func() error {
			_, err := s.Create(nil, now, NewTask{App: app, MRD: chat, State: StateNew})
			return err
		}, ErrInvalidTask},
		{"zero application", func() error {
			_, err := s.Create(nil, now, NewTask{ID: 9, MRD: chat, State: StateNew})
			return err
		}, ErrInvalidTask},
		{"NEW with an agent", func() error {
			_, err := s.Create(nil, now, NewTask{ID: 9, App: app, MRD: chat, Agent: 1, State: StateNew})
			return err
		}, ErrInvalidTask},
		{"ACTIVE without an agent", func() error {
			_, err := s.Create(nil, now, NewTask{ID: 9, App: app, MRD: chat, State: StateActive})
			return err
		}, ErrInvalidTask},
		{"unknown MRD, new application (no bucket may be created)", func() error {
			_, err := s.Create(nil, now, NewTask{ID: 9, App: 99, MRD: 77, State: StateNew})
			return err
		}, ErrUnknownMRD},
		{"duplicate ID, new application", func() error {
			_, err := s.Create(nil, now, NewTask{ID: 1, App: 99, MRD: chat, State: StateNew})
			return err
		}, ErrDuplicateTask},
		{"Reserve without an agent", func() error { _, err := s.Reserve(nil, now, 5, 0); return err }, ErrInvalidTask},
		{"Reserve an ACTIVE task", func() error { _, err := s.Reserve(nil, now, 1, 3); return err }, ErrIllegalTransition},
		{"Offer an unknown task", func() error { _, err := s.Offer(nil, now, 42); return err }, ErrUnknownTask},
		{"TS-2: End a CLOSING task again", func() error { _, err := s.End(nil, now, 2, 0); return err }, ErrIllegalTransition},
		{"TS-2: Start a CLOSING task", func() error { _, err := s.Start(nil, now, 2); return err }, ErrIllegalTransition},
		{"End with disposition 66", func() error { _, err := s.End(nil, now, 3, 66); return err }, ErrInvalidDisposition},
		{"time backwards: End", func() error { _, err := s.End(nil, now.Add(-1), 3, 0); return err }, ErrTimeBackwards},
		{"TS-7 deadline pending: End", func() error { _, err := s.End(nil, due, 3, 0); return err }, ErrDeadlinePending},
		{"TS-7 deadline pending: Pause", func() error { _, err := s.Pause(nil, due, 1); return err }, ErrDeadlinePending},
		{"TS-7 deadline pending: PathUp", func() error { _, err := s.PathUp(nil, due, app); return err }, ErrDeadlinePending},
		{"TS-7 deadline pending: PathDown", func() error { _, err := s.PathDown(nil, due, 8); return err }, ErrDeadlinePending},
		{"PathDown of application zero", func() error { _, err := s.PathDown(nil, now, 0); return err }, ErrInvalidApp},
		{"PathUp of application zero", func() error { _, err := s.PathUp(nil, now, 0); return err }, ErrInvalidApp},
		{"time backwards: PathUp", func() error { _, err := s.PathUp(nil, now.Add(-1), app); return err }, ErrTimeBackwards},
		{"time backwards: Advance", func() error { _, err := s.Advance(nil, now.Add(-1)); return err }, ErrTimeBackwards},
		{"SetTable with open tasks", func() error { return s.SetTable(nil) }, ErrStoreInUse},
		{"AddMRD duplicate", func() error { return s.AddMRD(NewMRD(chat, ccefsm.MediaOther)) }, ErrDuplicateMRD},
		{"AddMRD invalid", func() error { return s.AddMRD(MRD{ID: 9}) }, ErrInvalidMRD},
		{"UnmarshalBinary of garbage", func() error { return s.UnmarshalBinary([]byte("TSKS\x01\xff")) }, ErrCorruptSnapshot},
	}
	for _, b := range bad {
		before, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		next, _ := s.NextDeadline()
		err = b.in()
		if !errors.Is(err, b.want) {
			t.Errorf("%s: err = %v, want %v", b.reason, err, b.want)
			continue
		}
		after, _ := s.MarshalBinary()
		if !bytes.Equal(before, after) {
			t.Errorf("%s: the refused input changed the store", b.reason)
		}
		if n, _ := s.NextDeadline(); !n.Equal(next) {
			t.Errorf("%s: next deadline moved from %v to %v", b.reason, next, n)
		}
		if err := s.verify(); err != nil {
			t.Errorf("%s: %v", b.reason, err)
		}
	}
	// Advance is always enough to unblock: after it, every input refused
	// with ErrDeadlinePending above is accepted at the same instant.
	if _, err := s.Advance(nil, due); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pause(nil, due, 1); err != nil {
		t.Errorf("Pause after Advance: %v", err)
	}
}

// TestInstantRange: deadlines are int64 nanoseconds, so an instant whose
// deadline (up to ten years later, the longest MRD attribute) cannot be
// represented must be refused, not wrap around. Before the fix a task
// created near 2262 got a TS-6 deadline in 1677 and ended at once, and the
// zero time.Time was accepted as an instant.
func TestInstantRange(t *testing.T) {
	late := time.Date(2262, 4, 11, 20, 0, 0, 0, time.UTC) // + 8 h overflows int64 ns
	tests := []struct {
		reason string
		now    time.Time
		want   error
	}{
		{"TS-6: maximum duration from 2262 overflows", late, ErrTimeOutOfRange},
		{"the zero time.Time is not an instant", time.Time{}, ErrTimeOutOfRange},
		{"year 3000 does not fit in int64 nanoseconds", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), ErrTimeOutOfRange},
		{"ten years before the last representable instant is fine", time.Unix(0, maxInstantNs), nil},
		{"the first representable instant is fine", time.Unix(0, minInstantNs), nil},
	}
	for _, tt := range tests {
		inputs := map[string]func(s *Store) error{
			"Create": func(s *Store) error {
				_, err := s.Create(nil, tt.now, NewTask{ID: 1, App: app, MRD: chat, Agent: 2, State: StatePreCall})
				return err
			},
			"Advance":  func(s *Store) error { _, err := s.Advance(nil, tt.now); return err },
			"PathDown": func(s *Store) error { _, err := s.PathDown(nil, tt.now, app); return err },
			"PathUp":   func(s *Store) error { _, err := s.PathUp(nil, tt.now, app); return err },
		}
		for _, name := range []string{"Create", "Advance", "PathDown", "PathUp"} {
			s := newStore(t)
			before, _ := s.MarshalBinary()
			err := inputs[name](s)
			if !errors.Is(err, tt.want) {
				t.Errorf("%s: %s: err = %v, want %v", tt.reason, name, err, tt.want)
				continue
			}
			if err != nil {
				if after, _ := s.MarshalBinary(); !bytes.Equal(before, after) {
					t.Errorf("%s: %s: refused input changed the store", tt.reason, name)
				}
				continue
			}
			if d, ok := s.NextDeadline(); ok && !d.After(tt.now) {
				t.Errorf("%s: %s: deadline %v not after %v", tt.reason, name, d, tt.now)
			}
		}
	}
	// A task's request on a store whose clock is in range, with an instant
	// out of range, is refused too.
	s := newStore(t)
	if _, err := s.Create(nil, t0, NewTask{ID: 1, App: app, MRD: chat, Agent: 2, State: StateActive}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pause(nil, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), 1); !errors.Is(err, ErrTimeOutOfRange) {
		t.Errorf("Pause in year 3000: %v", err)
	}
}

// TestSnapshotBefore1970: instants before the Unix epoch are negative
// nanoseconds; a store working in 1960 must restore from its own snapshot
// (a task never reserved keeps a zero reservation instant, which is then
// after the clock).
func TestSnapshotBefore1970(t *testing.T) {
	s := newStore(t)
	at := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := s.Create(nil, at, NewTask{ID: 1, App: app, MRD: chat, Agent: 2, State: StateActive}); err != nil {
		t.Fatal(err)
	}
	snap, _ := s.MarshalBinary()
	var r Store
	if err := r.UnmarshalBinary(snap); err != nil {
		t.Fatalf("TS-6 store of 1960 refused its own snapshot: %v", err)
	}
}
