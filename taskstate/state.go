package taskstate

import "github.com/ccefsm/ccefsm/internal/enumtext"

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=State,Event -linecomment -output=state_string.go

// State is where a task is in its life. The values 0-7 are the CTI Server
// TaskState values of SNAPSHOT_TASK_RESP (CTI Server Message Reference Guide
// PV25, "TaskState Values"); the machine uses PRE_CALL (the router picked an
// agent, who is reserved), OFFERED, ACTIVE, PAUSED, WRAPUP and LOGGED_OUT (the
// task is terminated). INTERRUPTED (5) and NOT_READY (6, documented as not
// used) are not states of this machine: interruption is tracked per agent by
// routing and agentstate, and a task's own life does not change while its
// agent is interrupted.
//
// Two states have no CTI value and use library-defined numbers at 64 and
// above, so that they can never collide with a future CTI value: NEW (the
// application sent NEW_TASK and the router has not picked an agent yet) and
// CLOSING (the application ended the task while its path to the Agent PG CTI
// server was down; the Agent PG closes it at re-init, TS-2).
//
// The zero value is StatePreCall, a real state.
type State uint8

// Task states.
const (
	StatePreCall State = 0  // PRE_CALL
	StateActive  State = 1  // ACTIVE
	StateWrapUp  State = 2  // WRAPUP
	StatePaused  State = 3  // PAUSED
	StateOffered State = 4  // OFFERED
	StateEnded   State = 7  // LOGGED_OUT
	StateNew     State = 64 // NEW
	StateClosing State = 65 // CLOSING
)

// states lists every state of the machine in a fixed order (the order of the
// diagram and of marshalled names).
var states = [...]State{StateNew, StatePreCall, StateOffered, StateActive, StatePaused, StateWrapUp, StateClosing, StateEnded}

// statePos maps each State value up to the largest to its position in
// states, or -1. It is computed once and never changed.
var statePos = func() (p [StateClosing + 1]int8) {
	for i := range p {
		p[i] = -1
	}
	for i, v := range states {
		p[v] = int8(i)
	}
	return p
}()

// stateIndex maps a State to its position in states, or -1.
func stateIndex(s State) int {
	if int(s) < len(statePos) {
		return int(statePos[s])
	}
	return -1
}

// IsValid reports whether s is a state of the machine.
func (s State) IsValid() bool { return stateIndex(s) >= 0 }

// IsOpen reports whether a task in s is still open (any valid state but
// StateEnded).
func (s State) IsOpen() bool { return s != StateEnded && s.IsValid() }

// MarshalText implements [encoding.TextMarshaler] with the names of String.
// Values that are not states are an error wrapping [ccefsm.ErrUnknownValue].
func (s State) MarshalText() ([]byte, error) {
	return enumtext.MarshalIn(s, states[:], "taskstate.State")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error, which wraps
// [ccefsm.ErrUnknownName], s is unchanged.
func (s *State) UnmarshalText(text []byte) error {
	return enumtext.UnmarshalIn(s, text, states[:], "taskstate.State")
}

// Event is an input to the task machine: a request from the application or
// the router (EventReserve … EventEnd), or a deadline or path event the store
// raises itself. The numbering is the library's; each constant names the CTI
// Server message it stands for, where one exists.
//
// The zero value is not a valid event.
type Event uint8

// Events.
const (
	// EventReserve: the router picked an agent (pre-call; the agent is
	// reserved). The start timeout begins.
	EventReserve Event = iota + 1 // reserve
	// EventOffer: OFFER_TASK_IND (160).
	EventOffer // offer
	// EventStart: START_TASK_IND (163).
	EventStart // start
	// EventPause: PAUSE_TASK_IND (166).
	EventPause // pause
	// EventResume: RESUME_TASK_IND (167).
	EventResume // resume
	// EventWrapUp: WRAPUP_TASK_IND (168).
	EventWrapUp // wrap-up
	// EventEnd: END_TASK_IND (169) while the Agent PG hears the application.
	EventEnd // end
	// EventEndInOutage: END_TASK_IND for a task the Agent PG knows, sent
	// while the application's CTI path is down (TS-2). The store raises it in
	// place of EventEnd.
	EventEndInOutage // end-in-outage
	// EventStartTimeout: the MRD's start timeout ran out before Offer or
	// Start Task (TS-7).
	EventStartTimeout // start-timeout
	// EventMaxDuration: the MRD's maximum task duration ran out
	// (MAX_TASK_LIFETIME_EXCEEDED_EVENT, 207; TS-6).
	EventMaxDuration // max-duration
	// EventTaskLife: the MRD's task life ran out while the application's CTI
	// path was down (TS-1).
	EventTaskLife // task-life
	// EventReinit: the application's CTI path came back and reinitialised
	// (TS-2).
	EventReinit // reinit
	numEvents   = iota + 1
)

// IsValid reports whether e is a defined event.
func (e Event) IsValid() bool { return e >= EventReserve && e < numEvents }

// MarshalText implements [encoding.TextMarshaler]. Values that are not
// events are an error wrapping [ccefsm.ErrUnknownValue].
func (e Event) MarshalText() ([]byte, error) {
	return enumtext.Marshal(e, EventReserve, numEvents-1, "taskstate.Event")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error e is
// unchanged.
func (e *Event) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(e, text, EventReserve, numEvents-1, "taskstate.Event")
}
