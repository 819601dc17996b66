package taskstate

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

// TestErrorsChangeNothing snapshots the whole store (MarshalBinary, which
// holds every task, list, queue, outage and the clock) and the next
// deadline before each refused input. An input refused for its instant or
// its arguments (steps 1 and 2 of "Inputs" on Store) leaves both unchanged
// and returns no effect; an input refused for the store's state (step 4)
// returns the effects of the deadlines due by then and leaves the store
// exactly as Advance(now) would.
func TestErrorsChangeNothing(t *testing.T) {
	// A store with something in every list: a known task, a CLOSING one, a
	// task begun during the outage, a PRE_CALL one, an email task.
	build := func() *Store {
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
		return s
	}
	now := t0.Add(4 * sec)
	due := t0.Add(sec + ccefsm.DefaultStartTimeout) // task 4's start timeout (TS-7)
	back := t0.Add(4*sec - 1)                       // before the clock
	bad := []struct {
		reason string
		in     func(s *Store, now time.Time) ([]Effect, error)
		want   error
	}{
		{"time backwards: Create", func(s *Store, now time.Time) ([]Effect, error) {
			return s.Create(nil, back, NewTask{ID: 9, App: app, MRD: chat, State: StateNew})
		}, ErrTimeBackwards},
		{"zero task ID", func(s *Store, now time.Time) ([]Effect, error) {
			return s.Create(nil, now, NewTask{App: app, MRD: chat, State: StateNew})
		}, ErrUnknownTask},
		{"zero application", func(s *Store, now time.Time) ([]Effect, error) {
			return s.Create(nil, now, NewTask{ID: 9, MRD: chat, State: StateNew})
		}, ErrUnknownApp},
		{"NEW with an agent", func(s *Store, now time.Time) ([]Effect, error) {
			return s.Create(nil, now, NewTask{ID: 9, App: app, MRD: chat, Agent: 1, State: StateNew})
		}, ErrInvalidTask},
		{"ACTIVE without an agent", func(s *Store, now time.Time) ([]Effect, error) {
			return s.Create(nil, now, NewTask{ID: 9, App: app, MRD: chat, State: StateActive})
		}, ErrInvalidTask},
		{"a task cannot begin in WRAPUP", func(s *Store, now time.Time) ([]Effect, error) {
			return s.Create(nil, now, NewTask{ID: 9, App: app, MRD: chat, Agent: 1, State: StateWrapUp})
		}, ErrIllegalTransition},
		{"unknown MRD, new application (no bucket may be created)", func(s *Store, now time.Time) ([]Effect, error) {
			return s.Create(nil, now, NewTask{ID: 9, App: 99, MRD: 77, State: StateNew})
		}, ErrUnknownMRD},
		{"duplicate ID, new application", func(s *Store, now time.Time) ([]Effect, error) {
			return s.Create(nil, now, NewTask{ID: 1, App: 99, MRD: chat, State: StateNew})
		}, ErrDuplicateTask},
		{"Assign without an agent", func(s *Store, now time.Time) ([]Effect, error) { return s.Assign(nil, now, 5, 0) }, ErrInvalidTask},
		{"Assign an ACTIVE task", func(s *Store, now time.Time) ([]Effect, error) { return s.Assign(nil, now, 1, 3) }, ErrIllegalTransition},
		{"Offer an unknown task", func(s *Store, now time.Time) ([]Effect, error) { return s.Offer(nil, now, 42) }, ErrUnknownTask},
		{"Offer task zero", func(s *Store, now time.Time) ([]Effect, error) { return s.Offer(nil, now, 0) }, ErrUnknownTask},
		{"TS-2: End a CLOSING task again", func(s *Store, now time.Time) ([]Effect, error) { return s.End(nil, now, 2, 0) }, ErrIllegalTransition},
		{"TS-2: Start a CLOSING task", func(s *Store, now time.Time) ([]Effect, error) { return s.Start(nil, now, 2) }, ErrIllegalTransition},
		{"End with disposition 66", func(s *Store, now time.Time) ([]Effect, error) { return s.End(nil, now, 3, 66) }, ErrInvalidDisposition},
		{"time backwards: End", func(s *Store, now time.Time) ([]Effect, error) { return s.End(nil, back, 3, 0) }, ErrTimeBackwards},
		{"PathDown of application zero", func(s *Store, now time.Time) ([]Effect, error) { return s.PathDown(nil, now, 0) }, ErrUnknownApp},
		{"PathUp of application zero", func(s *Store, now time.Time) ([]Effect, error) { return s.PathUp(nil, now, 0) }, ErrUnknownApp},
		{"time backwards: PathUp", func(s *Store, now time.Time) ([]Effect, error) { return s.PathUp(nil, back, app) }, ErrTimeBackwards},
		{"time backwards: Advance", func(s *Store, now time.Time) ([]Effect, error) { return s.Advance(nil, back) }, ErrTimeBackwards},
		{"out of range: Start", func(s *Store, now time.Time) ([]Effect, error) { return s.Start(nil, time.Time{}, 1) }, ErrTimeOutOfRange},
	}
	// At now nothing is due and the clock does not move; at now+1s nothing
	// is due but the clock moves (a step 4 refusal leaves it there, a step
	// 1 or 2 refusal does not); at due a deadline fires.
	for _, at := range []time.Time{now, now.Add(sec), due} {
		for _, b := range bad {
			s := build()
			before, _ := s.MarshalBinary()
			next, _ := s.NextDeadline()
			// The reference: the same store after Advance(at).
			ref := build()
			fired, err := ref.Advance(nil, at)
			if err != nil {
				t.Fatal(err)
			}
			advanced, _ := ref.MarshalBinary()

			got, err := b.in(s, at)
			if !errors.Is(err, b.want) {
				t.Errorf("%s at %v: err = %v, want %v", b.reason, at.Sub(t0), err, b.want)
				continue
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%s: %T is not an *Error", b.reason, err)
			}
			after, _ := s.MarshalBinary()
			// Step 4 refusals: what depends on the tasks the store holds.
			stateful := b.want == ErrDuplicateTask || strings.Contains(b.reason, "CLOSING") || strings.Contains(b.reason, "Assign an ACTIVE") ||
				b.want == ErrUnknownTask && !strings.Contains(b.reason, "zero")
			if stateful {
				// Step 4: the deadlines fired first, as Advance(at) fires
				// them, and the input itself changed nothing.
				if !bytes.Equal(after, advanced) || !reflect.DeepEqual(got, fired) || e.Fired != len(fired) {
					t.Errorf("%s at %v: store or effects differ from Advance(now) (%d effects, Fired %d, want %d)", b.reason, at.Sub(t0), len(got), e.Fired, len(fired))
				}
			} else {
				if !bytes.Equal(before, after) || len(got) != 0 || e.Fired != 0 {
					t.Errorf("%s at %v: the refused input changed the store or fired", b.reason, at.Sub(t0))
				}
				if n, _ := s.NextDeadline(); !n.Equal(next) {
					t.Errorf("%s: next deadline moved from %v to %v", b.reason, next, n)
				}
			}
			if err := verify(s); err != nil {
				t.Errorf("%s: %v", b.reason, err)
			}
		}
	}
	s := build()
	if err := s.AddMRD(ccefsm.NewMRD(chat, ccefsm.MediaOther)); !errors.Is(err, ErrDuplicateMRD) {
		t.Errorf("AddMRD duplicate: %v", err)
	}
	if err := s.AddMRD(ccefsm.MRD{ID: 9}); !errors.Is(err, ccefsm.ErrInvalidMRD) {
		t.Errorf("AddMRD invalid: %v", err)
	}
	before, _ := s.MarshalBinary()
	if err := s.UnmarshalBinary([]byte("TSKS\x03\xff")); !errors.Is(err, ErrCorruptSnapshot) {
		t.Errorf("UnmarshalBinary of garbage: %v", err)
	}
	if after, _ := s.MarshalBinary(); !bytes.Equal(before, after) {
		t.Error("refused AddMRD or snapshot changed the store")
	}
}

// TestRefusedKeepsClock: an input refused for the store's state (step 4)
// leaves the store's clock at its instant, as Advance would, even when no
// deadline was due: the README and Store's doc say so. An input refused for
// its arguments (step 2) does not move the clock.
func TestRefusedKeepsClock(t *testing.T) {
	s := newStore(t)
	runSteps(t, s, []step{{0, create(1, chat, StateActive), nil, nil}})
	if _, err := s.Pause(nil, t0.Add(5*sec), 0); !errors.Is(err, ErrUnknownTask) {
		t.Fatalf("Pause of task 0: %v", err)
	}
	if _, err := s.Pause(nil, t0.Add(sec), 1); err != nil {
		t.Fatalf("a step 2 refusal at 5s moved the clock: %v", err)
	}
	got, err := s.Offer(nil, t0.Add(5*sec), 42)
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrUnknownTask) || e.Fired != 0 || len(got) != 0 {
		t.Fatalf("Offer of an unknown task: %v, %d effects", err, len(got))
	}
	if _, err := s.Resume(nil, t0.Add(2*sec), 1); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("after a step 4 refusal at 5s, an input at 2s: %v, want ErrTimeBackwards", err)
	}
	if _, err := s.Resume(nil, t0.Add(5*sec), 1); err != nil {
		t.Errorf("an input at the refused input's instant: %v", err)
	}
}

// TestRefusedAfterDeadlines: an input refused for the store's state still
// returns the effects of the deadlines that fired before it, and its error
// says so (Store, "Inputs", step 4). The example of the design: End at the
// task-life deadline gets the 42 back with ErrUnknownTask.
func TestRefusedAfterDeadlines(t *testing.T) {
	s := newStore(t)
	runSteps(t, s, []step{
		{0, create(1, chat, StateActive), nil, nil},
		{sec, down(), nil, nil},
	})
	expiry := t0.Add(sec + life)
	dst := make([]Effect, 1, 4) // effects the caller had already
	got, err := s.End(dst, expiry, 1, 0)
	if !errors.Is(err, ErrUnknownTask) {
		t.Fatalf("End at the task-life deadline: %v, want ErrUnknownTask", err)
	}
	want := []eff{ended(sec+life, 1, StateActive, ccefsm.TS1, ApplicationPathWentDown, ccefsm.ReportPartial, ccefsm.RP4)}
	if diff := cmp.Diff(want, core(got[1:])); diff != "" || len(got) != 2 {
		t.Errorf("effects (-want +got):\n%s", diff)
	}
	var e *Error
	if !errors.As(err, &e) || e.Fired != 1 {
		t.Fatalf("error %#v: want Fired 1", err)
	}
	if got, want := err.Error(), "taskstate: unknown task: End task 1 (input not applied; 1 deadline effect fired before it)"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	e.Fired = 2
	if got, want := e.Error(), "taskstate: unknown task: End task 1 (input not applied; 2 deadline effects fired before it)"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	// A duplicate Create counts the fired effects it appended, after those
	// the caller had.
	s = newStore(t)
	runSteps(t, s, []step{
		{0, create(1, chat, StatePreCall), nil, nil},
		{0, create(2, chat, StateActive), nil, nil},
	})
	got, err = s.Create(make([]Effect, 3), t0.Add(time.Minute), NewTask{ID: 2, App: app, MRD: chat, State: StateNew})
	if !errors.As(err, &e) || !errors.Is(err, ErrDuplicateTask) || e.Fired != 2 || len(got) != 5 {
		t.Errorf("duplicate after a start timeout: %v, Fired %d, %d effects", err, e.Fired, len(got))
	}
	// So does a transition the table refuses (Resume of an ACTIVE task).
	s = newStore(t)
	runSteps(t, s, []step{
		{0, create(1, chat, StatePreCall), nil, nil},
		{0, create(2, chat, StateActive), nil, nil},
	})
	got, err = s.Resume(make([]Effect, 3), t0.Add(time.Minute), 2)
	if !errors.As(err, &e) || !errors.Is(err, ErrIllegalTransition) || e.Fired != 2 || len(got) != 5 {
		t.Errorf("illegal transition after a start timeout: %v, Fired %d, %d effects", err, e.Fired, len(got))
	}
	// The common case is one call: an input after a deadline gets the
	// deadline's effects first, at their own instants, then its own.
	s = newStore(t)
	runSteps(t, s, []step{
		{0, create(1, chat, StatePreCall), nil, nil},
		{sec, create(2, chat, StateActive), nil, nil},
		{time.Minute, end(2, 0), []eff{
			other(EffectAgentNotRoutable, ccefsm.DefaultStartTimeout, 1, StatePreCall, ccefsm.TS7),
			ended(ccefsm.DefaultStartTimeout, 1, StatePreCall, ccefsm.TS7, TaskAbandonedBeforeOffered, ccefsm.ReportComplete, ccefsm.RuleNone),
			ended(time.Minute, 2, StateActive, ccefsm.RuleNone, NormalEndTask, ccefsm.ReportComplete, ccefsm.RuleNone),
		}, nil},
	})
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
