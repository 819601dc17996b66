package agentstate_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
)

// TestMachineCall walks documented call flows step by step.
func TestMachineCall(t *testing.T) {
	type step struct {
		event      agentstate.Event
		reason     agentstate.ReasonCode
		want       agentstate.State
		wantBefore agentstate.State
		wantReason agentstate.ReasonCode
	}
	tests := []struct {
		reason string
		media  agentstate.Media
		steps  []step
	}{
		{"§1.2 voice: routed call with wrap-up, Available before the call", agentstate.Voice, []step{
			{agentstate.EventLogin, 0, agentstate.NotReady, agentstate.Logout, 0},
			{agentstate.EventReady, 0, agentstate.Available, agentstate.Logout, 0},
			{agentstate.EventReserve, 0, agentstate.Reserved, agentstate.Available, 0},
			{agentstate.EventAnswer, 0, agentstate.Talking, agentstate.Available, 0},
			{agentstate.EventHold, 0, agentstate.Hold, agentstate.Available, 0},
			{agentstate.EventRetrieve, 0, agentstate.Talking, agentstate.Available, 0},
			{agentstate.EventWrapReady, 0, agentstate.WorkReady, agentstate.Available, 0},
			{agentstate.EventWrapEnd, 0, agentstate.Available, agentstate.Available, 0},
		}},
		{"§1.2 voice: dial out from Not Ready, WORK ends Not Ready, reason kept for Not Ready only", agentstate.Voice, []step{
			{agentstate.EventLogin, 0, agentstate.NotReady, agentstate.Logout, 0},
			{agentstate.EventNotReady, 12, agentstate.NotReady, agentstate.Logout, 12},
			{agentstate.EventDial, 99, agentstate.Talking, agentstate.NotReady, 0},
			{agentstate.EventWrapNotReady, 13, agentstate.WorkNotReady, agentstate.NotReady, 13},
			{agentstate.EventWrapEnd, 14, agentstate.NotReady, agentstate.NotReady, 14},
			{agentstate.EventLogout, agentstate.ReasonLogoutRequest, agentstate.Logout, agentstate.NotReady, agentstate.ReasonLogoutRequest},
		}},
		{"§1.3 non-voice: offer, start, pause, resume, wrap-up, end", agentstate.NonVoice, []step{
			{agentstate.EventLogin, 0, agentstate.NotReady, agentstate.Logout, 0},
			{agentstate.EventReady, 0, agentstate.Available, agentstate.Logout, 0},
			{agentstate.EventReserve, 0, agentstate.Reserved, agentstate.Available, 0},
			{agentstate.EventStart, 0, agentstate.Active, agentstate.Available, 0},
			{agentstate.EventPause, 0, agentstate.Paused, agentstate.Available, 0},
			{agentstate.EventInterrupt, 0, agentstate.Interrupted, agentstate.Available, 0},
			{agentstate.EventResume, 0, agentstate.Active, agentstate.Available, 0},
			{agentstate.EventWrapReady, 0, agentstate.WorkReady, agentstate.Available, 0},
			{agentstate.EventWrapEnd, 0, agentstate.Available, agentstate.Available, 0},
			{agentstate.EventLogout, 0, agentstate.Logout, agentstate.Available, 0},
		}},
	}
	for _, tt := range tests {
		m := agentstate.NewMachine(t0, tt.media)
		for i, s := range tt.steps {
			now := at(i + 1)
			if err := m.Apply(now, s.event, s.reason); err != nil {
				t.Fatalf("%s: step %d %v: %v", tt.reason, i, s.event, err)
			}
			want := []any{s.want, s.wantBefore, s.wantReason, now}
			got := []any{m.State(), m.BeforeCall(), m.Reason(), m.Since()}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: step %d %v (-want +got):\n%s", tt.reason, i, s.event, diff)
			}
		}
	}
}

// TestMachineIllegal checks refused requests: typed error, nothing changes.
func TestMachineIllegal(t *testing.T) {
	tests := []struct {
		reason string
		media  agentstate.Media
		path   []agentstate.Event
		event  agentstate.Event
	}{
		{"§1.2 UCCE: LOGOUT only from NOT_READY", agentstate.Voice, []agentstate.Event{agentstate.EventLogin, agentstate.EventReady}, agentstate.EventLogout},
		{"§1.2: TALKING is system-driven, no direct Ready->Talking", agentstate.Voice, []agentstate.Event{agentstate.EventLogin, agentstate.EventReady}, agentstate.EventAnswer},
		{"§1.3: NOT_READY refused while a task is offered", agentstate.NonVoice, []agentstate.Event{agentstate.EventLogin, agentstate.EventReady, agentstate.EventReserve}, agentstate.EventNotReady},
		{"§1.2: voice has no START (non-voice event)", agentstate.Voice, []agentstate.Event{agentstate.EventLogin, agentstate.EventReady, agentstate.EventReserve}, agentstate.EventStart},
		{"§1.3: non-voice has no ANSWER (voice event)", agentstate.NonVoice, []agentstate.Event{agentstate.EventLogin, agentstate.EventReady, agentstate.EventReserve}, agentstate.EventAnswer},
		{"logged out: only LOGIN", agentstate.Voice, nil, agentstate.EventReady},
		{"login twice", agentstate.NonVoice, []agentstate.Event{agentstate.EventLogin}, agentstate.EventLogin},
	}
	for _, tt := range tests {
		m := agentstate.NewMachine(t0, tt.media)
		for i, e := range tt.path {
			if err := m.Apply(at(i+1), e, 0); err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
		}
		before := m
		err := m.Apply(at(100), tt.event, 5)
		var te *agentstate.TransitionError
		if !errors.As(err, &te) || !errors.Is(err, agentstate.ErrIllegalTransition) {
			t.Fatalf("%s: err = %v, want a TransitionError", tt.reason, err)
		}
		if diff := cmp.Diff(agentstate.TransitionError{Media: tt.media, From: before.State(), Event: tt.event}, *te); diff != "" {
			t.Errorf("%s: error context (-want +got):\n%s", tt.reason, diff)
		}
		if m != before {
			t.Errorf("%s: the refused request changed the machine", tt.reason)
		}
	}
}

func TestMachineErrors(t *testing.T) {
	m := agentstate.NewMachine(at(10), agentstate.Voice)
	before := m
	if err := m.Apply(at(9), agentstate.EventLogin, 0); !errors.Is(err, agentstate.ErrTimeBackwards) {
		t.Errorf("Apply at an earlier time: %v", err)
	}
	if err := m.Observe(at(9), agentstate.Talking, 0); !errors.Is(err, agentstate.ErrTimeBackwards) {
		t.Errorf("Observe at an earlier time: %v", err)
	}
	if err := m.Apply(at(11), agentstate.EventNone, 0); !errors.Is(err, agentstate.ErrInvalidEvent) {
		t.Errorf("Apply(EventNone): %v", err)
	}
	if err := m.Observe(at(11), 15, 0); !errors.Is(err, agentstate.ErrInvalidState) {
		t.Errorf("Observe(15): %v", err)
	}
	if m != before {
		t.Error("failed inputs changed the machine")
	}
	var zero agentstate.Machine
	if zero.State() != agentstate.Login || zero.Media() != agentstate.Voice || !zero.Since().Equal(time.Unix(0, 0)) {
		t.Errorf("zero Machine: %v %v %v", zero.State(), zero.Media(), zero.Since())
	}
}

// TestMachineObserve: AG-10, any state follows any state.
func TestMachineObserve(t *testing.T) {
	for _, media := range []agentstate.Media{agentstate.Voice, agentstate.NonVoice} {
		for from := agentstate.State(0); from < 15; from++ {
			for to := agentstate.State(0); to < 15; to++ {
				m := agentstate.NewMachine(t0, media)
				if err := m.Observe(at(1), from, 0); err != nil {
					t.Fatal(err)
				}
				if err := m.Observe(at(2), to, agentstate.ReasonSupervisor); err != nil || m.State() != to {
					t.Errorf("AG-10 %v: observe %v after %v: got %v, %v", media, to, from, m.State(), err)
				}
			}
		}
	}
}

// TestTransitionsTable checks the table's own invariants.
func TestTransitionsTable(t *testing.T) {
	rows := agentstate.Transitions()
	if len(rows) == 0 {
		t.Fatal("empty table")
	}
	seen := map[[3]int]bool{}
	for _, r := range rows {
		k := [3]int{int(r.Media), int(r.From), int(r.Event)}
		if seen[k] {
			t.Errorf("duplicate row %+v", r)
		}
		seen[k] = true
		if !r.From.IsValid() || !r.To.IsValid() || !r.Event.IsValid() || r.Source == "" || r.Provenance == 0 {
			t.Errorf("incomplete row %+v", r)
		}
		if got, err := agentstate.Next(r.Media, r.From, r.Event); err != nil || got != r.To {
			t.Errorf("Next(%v, %v, %v) = %v, %v; want %v", r.Media, r.From, r.Event, got, err, r.To)
		}
		// Finesse: agent-settable are LOGIN, READY, NOT_READY, LOGOUT (and dialling out).
		agentEvent := r.Event == agentstate.EventLogin || r.Event == agentstate.EventReady || r.Event == agentstate.EventNotReady ||
			r.Event == agentstate.EventLogout || r.Event == agentstate.EventDial
		if agentEvent != (r.Actor == agentstate.ByAgent) {
			t.Errorf("row %+v: actor %v", r, r.Actor)
		}
	}
	// Every triple, up to the first undefined value of each (media 2,
	// state 15, event 20): a row, an illegal request, or an invalid value.
	for m := agentstate.Media(0); m <= agentstate.NonVoice+1; m++ {
		for s := agentstate.State(0); s <= agentstate.NotActive+1; s++ {
			for e := agentstate.Event(0); e <= agentstate.EventWrapEnd+1; e++ {
				_, err := agentstate.Next(m, s, e)
				var want error
				switch {
				case !m.IsValid():
					want = agentstate.ErrInvalidMedia
				case !s.IsValid():
					want = agentstate.ErrInvalidState
				case !e.IsValid():
					want = agentstate.ErrInvalidEvent
				case !seen[[3]int{int(m), int(s), int(e)}]:
					want = agentstate.ErrIllegalTransition
				}
				if want == nil && err != nil || want != nil && !errors.Is(err, want) {
					t.Errorf("Next(%d, %d, %d): %v, want %v", m, s, e, err, want)
				}
				var te *agentstate.TransitionError
				if want == agentstate.ErrIllegalTransition && (!errors.As(err, &te) || *te != agentstate.TransitionError{Media: m, From: s, Event: e}) {
					t.Errorf("Next(%v, %v, %v): %v, want a TransitionError with the request", m, s, e, err)
				}
			}
		}
	}
}
