package agentstate

import (
	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Event,Media,Actor -linecomment -output=event_string.go

// Event is a request to change an agent's state in one MRD: an agent request
// (Login, Ready, Not Ready, Logout) or a system step of a call or task
// (reserve, answer, hold, wrap-up, …). Events are validated against
// [Transitions]; a state reported by the CTI server or the ACD is an
// observation instead ([Machine.Observe], [Roster.Observe]).
//
// Where the real next state depends on something the machine does not track
// (a state the agent picked during the call, the tasks of other MRDs), the
// event names its outcome: [EventEndReady] or [EventEndNotReady],
// [EventWrapReady] or [EventWrapNotReady]. Each (state, event) pair has at
// most one next state.
//
// The zero value, EventNone, is not a valid event.
type Event uint8

// Events. The line comments are the text form.
const (
	EventNone Event = iota // NONE
	// EventLogin: the agent logs in; login is transient and lands in Not
	// Ready (Finesse LOGIN).
	EventLogin // LOGIN
	// EventReady: the agent asks for Ready (Available), also to end wrap-up.
	EventReady // READY
	// EventNotReady: the agent asks for Not Ready (or changes its Not Ready
	// reason code), also to end wrap-up.
	EventNotReady // NOT_READY
	// EventLogout: the agent logs out.
	EventLogout // LOGOUT
	// EventReserve: the system reserves the agent for a routed or outbound
	// call, or offers a non-voice task.
	EventReserve // RESERVE
	// EventUnreserve: the reservation ends without the call or task.
	EventUnreserve // UNRESERVE
	// EventAnswer: the reserved voice call connects.
	EventAnswer // ANSWER
	// EventDial: the agent places a voice call from Not Ready.
	EventDial // DIAL
	// EventStart: a non-voice task starts (START_TASK_IND, 163).
	EventStart // START
	// EventHold: the agent puts its call on hold.
	EventHold // HOLD
	// EventRetrieve: the agent retrieves the held call.
	EventRetrieve // RETRIEVE
	// EventPause: the non-voice task is paused (PAUSE_TASK_IND, 166).
	EventPause // PAUSE
	// EventResume: the paused or interrupted non-voice task resumes
	// (RESUME_TASK_IND, 167; interrupt done).
	EventResume // RESUME
	// EventInterrupt: a task of another MRD interrupts the agent
	// (interruptible MRD, interrupt accepted).
	EventInterrupt // INTERRUPT
	// EventEndReady: the call or task ends without wrap-up and the agent is
	// Ready again.
	EventEndReady // END_READY
	// EventEndNotReady: the call ends without wrap-up and the agent is Not
	// Ready.
	EventEndNotReady // END_NOT_READY
	// EventWrapReady: the call or task ends into wrap-up that ends Ready
	// (WORK_READY).
	EventWrapReady // WRAP_READY
	// EventWrapNotReady: the call ends into wrap-up that ends Not Ready
	// (Finesse WORK, CTI WORK_NOT_READY).
	EventWrapNotReady // WRAP_NOT_READY
	// EventWrapEnd: the wrap-up timer expires.
	EventWrapEnd // WRAP_END

	numEvents
)

// IsValid reports whether e is a defined event other than EventNone.
func (e Event) IsValid() bool { return e > EventNone && e < numEvents }

// MarshalText implements [encoding.TextMarshaler]. Invalid events, including
// EventNone, are an error wrapping [ccefsm.ErrUnknownValue].
func (e Event) MarshalText() ([]byte, error) {
	return enumtext.Marshal(e, EventLogin, numEvents-1, "agentstate.Event")
}

// UnmarshalText implements [encoding.TextUnmarshaler]: the names returned by
// String, except "NONE". On error e is unchanged.
func (e *Event) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(e, text, EventLogin, numEvents-1, "agentstate.Event")
}

// Media says which transition table an MRD follows: the voice MRD or a
// non-voice (task) MRD. The zero value is [Voice].
type Media uint8

// Media of a transition table.
const (
	Voice    Media = iota // voice
	NonVoice              // non-voice

	numMedia
)

// IsValid reports whether m is Voice or NonVoice.
func (m Media) IsValid() bool { return m < numMedia }

// MarshalText implements [encoding.TextMarshaler]: "voice" or "non-voice".
// Other values are an error wrapping [ccefsm.ErrUnknownValue].
func (m Media) MarshalText() ([]byte, error) {
	return enumtext.Marshal(m, Voice, NonVoice, "agentstate.Media")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error m is
// unchanged.
func (m *Media) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(m, text, Voice, NonVoice, "agentstate.Media")
}

// MediaOf returns the transition table of an MRD of kind k: [Voice] for
// [ccefsm.MediaVoice], [NonVoice] for every other kind.
func MediaOf(k ccefsm.MediaKind) Media {
	if k == ccefsm.MediaVoice {
		return Voice
	}
	return NonVoice
}

// Actor says who drives a transition.
type Actor uint8

// Actors.
const (
	// ByAgent: the agent may request it (Finesse: settable by the agent).
	ByAgent Actor = iota // agent
	// BySystem: only the CTI server, the ACD or the application drives it.
	BySystem // system
)

// MarshalText implements [encoding.TextMarshaler]: "agent" or "system".
// Other values are an error wrapping [ccefsm.ErrUnknownValue].
func (a Actor) MarshalText() ([]byte, error) {
	return enumtext.Marshal(a, ByAgent, BySystem, "agentstate.Actor")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error a is
// unchanged.
func (a *Actor) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(a, text, ByAgent, BySystem, "agentstate.Actor")
}
