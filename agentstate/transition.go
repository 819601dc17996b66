package agentstate

import "github.com/ccefsm/ccefsm"

// Transition is one row of the agent transition table: in an MRD of kind
// Media, Event moves an agent from From to To.
type Transition struct {
	Media      Media
	From       State
	Event      Event
	To         State
	Actor      Actor
	Provenance ccefsm.Provenance
	Source     string
}

// Sources of the transition rows.
const (
	srcFinVoice    = "Finesse Web Services Developer Guide 12.5(1), user states (voice, UCCE)"
	srcFinNonVoice = "Finesse Web Services Developer Guide 12.5(1), agent states for non-voice media"
	srcCTIStates   = "CTI Server Message Reference Guide PV25, AgentState values"
	srcARM         = "CTI Server Message Reference Guide PV25, ARM messages 160-169"
)

const (
	doc = ccefsm.Documented
	inf = ccefsm.Inferred
)

// transitions is the one table: behaviour ([Machine.Apply], [Roster.Apply]),
// the diagram in docs/agentstate.md and the differential test are all built
// from it. Rows are grouped by media, then by source state.
var transitions = [...]Transition{
	// Voice (Finesse user states, UCCE).
	{Voice, Logout, EventLogin, NotReady, ByAgent, doc, srcFinVoice + ": LOGIN lands in NOT_READY"},
	{Voice, Login, EventReady, Available, ByAgent, inf, srcCTIStates + ": LOGIN is logged on, not yet ready"},
	{Voice, Login, EventNotReady, NotReady, ByAgent, inf, srcCTIStates + ": LOGIN is logged on, not yet ready"},
	{Voice, NotReady, EventReady, Available, ByAgent, doc, srcFinVoice},
	{Voice, NotReady, EventNotReady, NotReady, ByAgent, doc, srcFinVoice + ": change of reason code"},
	{Voice, NotReady, EventLogout, Logout, ByAgent, doc, srcFinVoice + ": LOGOUT only from NOT_READY in UCCE"},
	{Voice, NotReady, EventDial, Talking, ByAgent, doc, srcFinVoice + ": agent dials out"},
	{Voice, Available, EventNotReady, NotReady, ByAgent, doc, srcFinVoice},
	{Voice, Available, EventReserve, Reserved, BySystem, doc, srcFinVoice + ": routed or outbound call"},
	{Voice, Reserved, EventUnreserve, Available, BySystem, doc, srcFinVoice + ": reserved, call never arrived"},
	{Voice, Reserved, EventAnswer, Talking, BySystem, doc, srcFinVoice},
	{Voice, Talking, EventHold, Hold, BySystem, doc, srcFinVoice},
	{Voice, Talking, EventEndReady, Available, BySystem, doc, srcFinVoice + ": call ends, no wrap-up"},
	{Voice, Talking, EventEndNotReady, NotReady, BySystem, doc, srcFinVoice + ": call ends, no wrap-up"},
	{Voice, Talking, EventWrapReady, WorkReady, BySystem, doc, srcFinVoice},
	{Voice, Talking, EventWrapNotReady, WorkNotReady, BySystem, doc, srcFinVoice + ": WORK"},
	{Voice, Hold, EventRetrieve, Talking, BySystem, doc, srcFinVoice},
	{Voice, Hold, EventEndReady, Available, BySystem, doc, srcFinVoice + ": held call drops"},
	{Voice, Hold, EventEndNotReady, NotReady, BySystem, doc, srcFinVoice + ": held call drops"},
	{Voice, Hold, EventWrapReady, WorkReady, BySystem, doc, srcFinVoice + ": held call drops"},
	{Voice, Hold, EventWrapNotReady, WorkNotReady, BySystem, doc, srcFinVoice + ": held call drops"},
	{Voice, WorkNotReady, EventReady, Available, ByAgent, doc, srcFinVoice},
	{Voice, WorkNotReady, EventNotReady, NotReady, ByAgent, doc, srcFinVoice},
	{Voice, WorkNotReady, EventWrapEnd, NotReady, BySystem, doc, srcFinVoice + ": WORK timer expiry"},
	{Voice, WorkReady, EventReady, Available, ByAgent, doc, srcFinVoice},
	{Voice, WorkReady, EventNotReady, NotReady, ByAgent, doc, srcFinVoice},
	{Voice, WorkReady, EventWrapEnd, Available, BySystem, doc, srcFinVoice + ": WORK_READY timer expiry"},

	// Non-voice (Finesse agent states for non-voice media, per MRD).
	{NonVoice, Logout, EventLogin, NotReady, ByAgent, doc, srcFinNonVoice + ": LOGIN lands in NOT_READY"},
	{NonVoice, Login, EventReady, Available, ByAgent, inf, srcCTIStates + ": LOGIN is logged on, not yet ready"},
	{NonVoice, Login, EventNotReady, NotReady, ByAgent, inf, srcCTIStates + ": LOGIN is logged on, not yet ready"},
	{NonVoice, NotReady, EventReady, Available, ByAgent, doc, srcFinNonVoice},
	{NonVoice, NotReady, EventNotReady, NotReady, ByAgent, doc, srcFinNonVoice + ": change of reason code"},
	{NonVoice, NotReady, EventLogout, Logout, ByAgent, doc, srcFinNonVoice},
	{NonVoice, Available, EventNotReady, NotReady, ByAgent, doc, srcFinNonVoice},
	{NonVoice, Available, EventLogout, Logout, ByAgent, doc, srcFinNonVoice},
	{NonVoice, Available, EventReserve, Reserved, BySystem, doc, srcFinNonVoice + "; " + srcARM + ": task offered"},
	{NonVoice, Reserved, EventUnreserve, Available, BySystem, inf, srcARM + ": offer ends without START_TASK_IND"},
	{NonVoice, Reserved, EventStart, Active, BySystem, doc, srcARM + ": START_TASK_IND"},
	{NonVoice, Reserved, EventInterrupt, Interrupted, BySystem, doc, srcFinNonVoice + ": interrupt hits RESERVED"},
	{NonVoice, Active, EventNotReady, NotReady, ByAgent, doc, srcFinNonVoice + ": NOT_READY outranks task states, refused only while offered"},
	{NonVoice, Active, EventLogout, Logout, ByAgent, doc, srcFinNonVoice + ": open tasks closed or transferred by dialogLogoutAction"},
	{NonVoice, Active, EventPause, Paused, BySystem, doc, srcARM + ": PAUSE_TASK_IND"},
	{NonVoice, Active, EventInterrupt, Interrupted, BySystem, doc, srcFinNonVoice},
	{NonVoice, Active, EventWrapReady, WorkReady, BySystem, doc, srcARM + ": WRAPUP_TASK_IND"},
	{NonVoice, Active, EventEndReady, Available, BySystem, doc, srcFinNonVoice + ": READY again when all tasks complete"},
	{NonVoice, Paused, EventNotReady, NotReady, ByAgent, doc, srcFinNonVoice + ": NOT_READY outranks task states, refused only while offered"},
	{NonVoice, Paused, EventLogout, Logout, ByAgent, doc, srcFinNonVoice + ": open tasks closed or transferred by dialogLogoutAction"},
	{NonVoice, Paused, EventResume, Active, BySystem, doc, srcARM + ": RESUME_TASK_IND"},
	{NonVoice, Paused, EventInterrupt, Interrupted, BySystem, doc, srcFinNonVoice},
	{NonVoice, Paused, EventEndReady, Available, BySystem, doc, srcFinNonVoice + ": READY again when all tasks complete"},
	{NonVoice, Interrupted, EventNotReady, NotReady, ByAgent, doc, srcFinNonVoice + ": NOT_READY outranks task states, refused only while offered"},
	{NonVoice, Interrupted, EventLogout, Logout, ByAgent, doc, srcFinNonVoice + ": open tasks closed or transferred by dialogLogoutAction"},
	{NonVoice, Interrupted, EventResume, Active, BySystem, inf, srcARM + ": interrupt done; the exact state is rebuilt from tasks, report it with Observe"},
	{NonVoice, Interrupted, EventEndReady, Available, BySystem, inf, srcFinNonVoice + ": tasks ended during the interrupt"},
	{NonVoice, WorkReady, EventNotReady, NotReady, ByAgent, doc, srcFinNonVoice + ": NOT_READY outranks task states, refused only while offered"},
	{NonVoice, WorkReady, EventLogout, Logout, ByAgent, doc, srcFinNonVoice + ": open tasks closed or transferred by dialogLogoutAction"},
	{NonVoice, WorkReady, EventInterrupt, Interrupted, BySystem, doc, srcFinNonVoice},
	{NonVoice, WorkReady, EventWrapEnd, Available, BySystem, doc, srcARM + ": END_TASK_IND after wrap-up"},
	{NonVoice, WorkNotReady, EventReady, Available, ByAgent, doc, srcFinNonVoice + ": failover marker cleared when the agent signs in again"},
	{NonVoice, WorkNotReady, EventNotReady, NotReady, ByAgent, doc, srcFinNonVoice + ": failover marker cleared when the agent signs in again"},
	{NonVoice, WorkNotReady, EventLogout, Logout, ByAgent, doc, srcFinNonVoice},
}

// Transitions returns the transition table, one row per legal request, in a
// new slice. Any (media, state, event) triple not in the table is an illegal
// request.
func Transitions() []Transition {
	out := make([]Transition, len(transitions))
	copy(out, transitions[:])
	return out
}

// next is the dense lookup built from transitions: next[media][from][event]
// holds To+1, or 0 when the request is illegal. It is computed once and never
// written afterwards.
var next = buildNext()

func buildNext() (n [numMedia][numStates][numEvents]uint8) {
	for _, t := range transitions {
		if n[t.Media][t.From][t.Event] != 0 {
			panic("agentstate: duplicate transition row " + t.From.String() + " " + t.Event.String())
		}
		n[t.Media][t.From][t.Event] = uint8(t.To) + 1
	}
	return n
}

// Next returns the state that event e leads to from state from in an MRD of
// media m. When the table has no such row (the request is illegal) it
// returns a [*TransitionError], which wraps [ErrIllegalTransition]; a media,
// state or event that is not defined (EventNone included) is an [*Error]
// wrapping [ErrInvalidMedia], [ErrInvalidState] or [ErrInvalidEvent].
func Next(m Media, from State, e Event) (State, error) {
	switch {
	case !m.IsValid():
		return 0, &Error{Op: "Next", Err: ErrInvalidMedia}
	case !from.IsValid():
		return 0, &Error{Op: "Next", Err: ErrInvalidState}
	case !e.IsValid():
		return 0, &Error{Op: "Next", Err: ErrInvalidEvent}
	}
	to, ok := lookup(m, from, e)
	if !ok {
		return 0, &TransitionError{Media: m, From: from, Event: e}
	}
	return to, nil
}

// lookup is Next on the fast path, for valid m, from and e.
func lookup(m Media, from State, e Event) (State, bool) {
	to := next[m][from][e]
	return State(to - 1), to != 0
}
