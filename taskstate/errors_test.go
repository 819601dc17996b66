package taskstate

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// TestErrorKinds: every failure kind of the package is an errors.Is match
// for its own sentinel and for the root kind of package ccefsm, so that one
// errors.Is catches a kind of failure in every package; sentinels of no
// shared kind match none of the root kinds. Each error is produced by a
// real call.
func TestErrorKinds(t *testing.T) {
	s := newStore(t)
	runSteps(t, s, []step{
		{0, create(1, chat, StateActive), nil, nil},
		{0, create(2, chat, StateNew), nil, nil},
	})
	in := func(fx []Effect, err error) error { return err }
	roots := []error{ccefsm.ErrTimeBackwards, ccefsm.ErrTimeOutOfRange, ccefsm.ErrCorruptSnapshot, ccefsm.ErrUnknownID,
		ccefsm.ErrDuplicateID, ccefsm.ErrUnknownValue, ccefsm.ErrIllegalTransition, ccefsm.ErrInvalidMRD}
	tests := []struct {
		reason   string
		err      error
		sentinel error
		root     error // nil: no shared kind
	}{
		{"time backwards", in(s.Pause(nil, t0.Add(-1), 1)), ErrTimeBackwards, ccefsm.ErrTimeBackwards},
		{"time out of range", in(s.Pause(nil, time.Time{}, 1)), ErrTimeOutOfRange, ccefsm.ErrTimeOutOfRange},
		{"damaged snapshot", s.UnmarshalBinary([]byte("TSKS")), ErrCorruptSnapshot, ccefsm.ErrCorruptSnapshot},
		{"unknown task", in(s.Pause(nil, t0, 9)), ErrUnknownTask, ccefsm.ErrUnknownID},
		{"task ID zero", in(s.Pause(nil, t0, 0)), ErrUnknownTask, ccefsm.ErrUnknownID},
		{"Task of an unknown task", func() error { _, err := s.Task(9); return err }(), ErrUnknownTask, ccefsm.ErrUnknownID},
		{"unknown MRD", in(s.Create(nil, t0, NewTask{ID: 3, App: app, MRD: 9, State: StateNew})), ErrUnknownMRD, ccefsm.ErrUnknownID},
		{"MRD of an unknown MRD", func() error { _, err := s.MRD(9); return err }(), ErrUnknownMRD, ccefsm.ErrUnknownID},
		{"application zero", in(s.PathDown(nil, t0, 0)), ErrUnknownApp, ccefsm.ErrUnknownID},
		{"duplicate task", in(s.Create(nil, t0, NewTask{ID: 1, App: app, MRD: chat, State: StateNew})), ErrDuplicateTask, ccefsm.ErrDuplicateID},
		{"duplicate MRD", s.AddMRD(ccefsm.NewMRD(chat, ccefsm.MediaChat)), ErrDuplicateMRD, ccefsm.ErrDuplicateID},
		{"invalid disposition", in(s.End(nil, t0, 1, 66)), ErrInvalidDisposition, ccefsm.ErrUnknownValue},
		{"invalid state", in(s.Create(nil, t0, NewTask{ID: 3, App: app, MRD: chat, State: 5})), ErrInvalidState, ccefsm.ErrUnknownValue},
		{"invalid event", func() error { _, err := DefaultTable().Lookup(StateNew, 0); return err }(), ErrInvalidEvent, ccefsm.ErrUnknownValue},
		{"illegal transition", in(s.Resume(nil, t0, 1)), ErrIllegalTransition, ccefsm.ErrIllegalTransition},
		{"Lookup of a state/event pair with no row", func() error { _, err := DefaultTable().Lookup(StateActive, EventReserve); return err }(), ErrIllegalTransition, ccefsm.ErrIllegalTransition},
		{"SetDisposition of a pair with no row", DefaultTable().SetDisposition(StateClosing, EventEnd, NormalEndTask), ErrIllegalTransition, ccefsm.ErrIllegalTransition},
		{"Lookup in the zero Table", func() error { _, err := new(Table).Lookup(StateNew, EventReserve); return err }(), ErrIllegalTransition, ccefsm.ErrIllegalTransition},
		{"a state no task begins in", in(s.Create(nil, t0, NewTask{ID: 3, App: app, MRD: chat, Agent: 1, State: StatePaused})), ErrIllegalTransition, ccefsm.ErrIllegalTransition},
		{"agent against the state", in(s.Create(nil, t0, NewTask{ID: 3, App: app, MRD: chat, Agent: 1, State: StateNew})), ErrInvalidTask, nil},
		{"a documented row", DefaultTable().SetDisposition(StateActive, EventEnd, TaskTransfer), ErrDocumentedRow, nil},
		{"an invalid table", func() error { _, err := NewStore(Config{Table: &Table{}}); return err }(), ErrInvalidTable, nil},
		{"an invalid MRD", s.AddMRD(ccefsm.MRD{ID: 4}), ccefsm.ErrInvalidMRD, ccefsm.ErrInvalidMRD},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, tt.sentinel) {
			t.Errorf("%s: %v is not %v", tt.reason, tt.err, tt.sentinel)
		}
		for _, r := range roots {
			if errors.Is(tt.err, r) != (r == tt.root) {
				t.Errorf("%s: errors.Is(%v, %v) = %v", tt.reason, tt.err, r, !(r == tt.root))
			}
		}
		if msg := tt.err.Error(); !strings.HasPrefix(msg, "taskstate: ") && !strings.HasPrefix(msg, "taskstate.Store snapshot") && tt.root != ccefsm.ErrInvalidMRD {
			t.Errorf("%s: message %q does not start with the package", tt.reason, msg)
		}
	}
}
