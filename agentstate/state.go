package agentstate

import (
	"bytes"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=State -linecomment -output=state_string.go

// State is an agent's state in one MRD: the CTI Server AgentState value
// (a USHORT on the wire; CTI Server Message Reference Guide PV25, "AgentState
// Values"). The numbers are the protocol's and never change.
//
// The zero value is [Login] (AGENT_STATE_LOGIN): a valid protocol value, not
// "no state". Values above [NotActive] are invalid.
type State uint8

// Agent states (CTI Server Message Reference Guide PV25, "AgentState Values").
// The line comments are the canonical text form: the CTI name without its
// AGENT_STATE_ prefix.
const (
	Login        State = 0  // LOGIN
	Logout       State = 1  // LOGOUT
	NotReady     State = 2  // NOT_READY
	Available    State = 3  // AVAILABLE
	Talking      State = 4  // TALKING
	WorkNotReady State = 5  // WORK_NOT_READY
	WorkReady    State = 6  // WORK_READY
	BusyOther    State = 7  // BUSY_OTHER
	Reserved     State = 8  // RESERVED
	Unknown      State = 9  // UNKNOWN
	Hold         State = 10 // HOLD
	Active       State = 11 // ACTIVE
	Paused       State = 12 // PAUSED
	Interrupted  State = 13 // INTERRUPTED
	NotActive    State = 14 // NOT_ACTIVE

	numStates = 15
)

// IsValid reports whether s is one of the AgentState values 0–14.
func (s State) IsValid() bool { return s < numStates }

// LoggedIn reports whether s is a logged-in state: any valid state but
// [Logout].
func (s State) LoggedIn() bool { return s != Logout && s < numStates }

// IsWrapUp reports whether s is after-call work ([WorkReady] or
// [WorkNotReady]).
func (s State) IsWrapUp() bool { return s == WorkReady || s == WorkNotReady }

// onCall reports whether s belongs to a call or task in progress, from the
// reservation to the end of wrap-up. Entering such a state from any other
// state records the state "before the call" (see [Machine.BeforeCall]).
func (s State) onCall() bool {
	switch s {
	case Reserved, Talking, Hold, Active, Paused, Interrupted, WorkReady, WorkNotReady:
		return true
	}
	return false
}

// Mask returns the CTI AgentStateMask bit of s (OPEN_REQ.AgentStateMask,
// CTI Server Message Reference Guide PV25, "Session Management"), and 0 for
// [Unknown], which has no mask bit, and for invalid values.
func (s State) Mask() uint32 {
	switch {
	case s == Unknown || !s.IsValid():
		return 0
	case s < Unknown:
		return 1 << s
	default:
		// The mask table skips UNKNOWN: HOLD (10) is 0x200, one bit below
		// its value.
		return 1 << (s - 1)
	}
}

// MarshalText implements [encoding.TextMarshaler] with the canonical name
// (String). Invalid values are an error wrapping [ccefsm.ErrUnknownValue].
func (s State) MarshalText() ([]byte, error) {
	return enumtext.Marshal(s, Login, NotActive, "agentstate.State")
}

// ParseState returns the state named by text. It accepts, in upper case:
//
//   - the canonical names returned by String, such as "NOT_READY";
//   - the CTI Server names, with the prefix: "AGENT_STATE_NOT_READY";
//   - the Finesse voice names (Finesse Web Services Developer Guide 12.5,
//     user states): READY (→ AVAILABLE), WORK (→ WORK_NOT_READY, the wrap-up
//     that ends Not Ready), RESERVED_OUTBOUND and RESERVED_OUTBOUND_PREVIEW
//     (→ RESERVED), and the names CTI shares (NOT_READY, TALKING, HOLD,
//     WORK_READY, LOGIN, LOGOUT, UNKNOWN, RESERVED);
//   - the Finesse non-voice names (ACTIVE, PAUSED, INTERRUPTED,
//     WORK_NOT_READY, WORK_READY, READY, …).
//
// The Finesse↔CTI mapping is the library's inference (no Cisco table
// exists): WORK and WORK_NOT_READY share the semantics "wrap-up, then Not
// Ready". Any other text is an error wrapping [ccefsm.ErrUnknownName].
func ParseState(text []byte) (State, error) {
	t := bytes.TrimPrefix(text, []byte("AGENT_STATE_"))
	var s State
	if enumtext.Unmarshal(&s, t, Login, NotActive, "agentstate.State") == nil {
		return s, nil
	}
	if len(t) == len(text) { // Finesse names never carry the CTI prefix
		switch string(text) {
		case "READY":
			return Available, nil
		case "WORK":
			return WorkNotReady, nil
		case "RESERVED_OUTBOUND", "RESERVED_OUTBOUND_PREVIEW":
			return Reserved, nil
		}
	}
	return 0, &ccefsm.ParseError{Type: "agentstate.State", Text: string(text)}
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseState]. On
// error s is unchanged.
func (s *State) UnmarshalText(text []byte) error {
	v, err := ParseState(text)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// StateSet is a set of states, one bit per State value (bit s is 1<<s). It is
// used by the failover table rows to name the states a row applies to.
type StateSet uint16

// States returns the set holding the given states.
func States(s ...State) StateSet {
	var set StateSet
	for _, v := range s {
		set |= 1 << v
	}
	return set
}

// Has reports whether s is in the set.
func (set StateSet) Has(s State) bool { return s < numStates && set&(1<<s) != 0 }

// String returns the states of the set joined by ", ", in value order, or
// "none" for the empty set.
func (set StateSet) String() string {
	if set == 0 {
		return "none"
	}
	var b []byte
	for s := range State(numStates) {
		if set.Has(s) {
			if len(b) > 0 {
				b = append(b, ", "...)
			}
			b = append(b, s.String()...)
		}
	}
	return string(b)
}
