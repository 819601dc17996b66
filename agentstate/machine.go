package agentstate

import (
	"math"
	"time"

	"github.com/ccefsm/ccefsm/internal/nanotime"
)

// Machine is the state of one agent in one MRD: the current state, the state
// before the current call or task, the reason code and the time the state was
// entered. It is the cheap single-event path: [Machine.Apply] is an array
// lookup and allocates nothing.
//
// The zero value is a [Voice] machine in [Login] since the Unix epoch, with
// [ReasonNone]; [NewMachine] starts a machine in [Logout] at a given time.
type Machine struct {
	since  int64 // Unix nanoseconds
	reason ReasonCode
	state  State
	before State
	media  Media
}

// NewMachine returns a machine for an MRD of media m, logged out since now.
// A now outside the range of [ErrTimeOutOfRange] is clamped to that range.
func NewMachine(now time.Time, m Media) Machine {
	t, ok := nanotime.UnixNano(now)
	if !ok {
		t = math.MinInt64
		if now.After(nanotime.Max) {
			t = math.MaxInt64
		}
	}
	return Machine{since: t, state: Logout, before: Logout, media: m}
}

// State returns the current state.
func (m *Machine) State() State { return m.state }

// BeforeCall returns the state the agent was in when its current (or last)
// call or task was reserved, offered or placed: the condition of the wrap-up
// rows of AG-T1 and AG-T2 ("Available, if in Available state before the
// call").
func (m *Machine) BeforeCall() State { return m.before }

// Reason returns the reason code of the current state ([ReasonNone] unless
// the state is Not Ready, wrap-up ending Not Ready, or Logout).
func (m *Machine) Reason() ReasonCode { return m.reason }

// Since returns the time the current state was entered.
func (m *Machine) Since() time.Time { return time.Unix(0, m.since) }

// Media returns the transition table the machine follows.
func (m *Machine) Media() Media { return m.media }

// Apply validates event e against [Transitions] and applies it at now. The
// reason is kept when the new state is Not Ready, wrap-up ending Not Ready
// or Logout, and dropped otherwise. An illegal request returns a
// [*TransitionError], time before [Machine.Since] a [*TimeError], an
// invalid event [ErrInvalidEvent], a time outside 1678–2262 an error
// wrapping [ErrTimeOutOfRange], a machine of an undefined media
// [ErrInvalidMedia]; on error the machine is unchanged.
func (m *Machine) Apply(now time.Time, e Event, reason ReasonCode) error {
	t, ok := nanotime.UnixNano(now)
	if !ok {
		return &Error{Op: "Machine.Apply", Err: ErrTimeOutOfRange}
	}
	if t < m.since {
		return &TimeError{Last: m.Since(), Now: now}
	}
	if !e.IsValid() {
		return &Error{Op: "Machine.Apply", Err: ErrInvalidEvent}
	}
	if !m.media.IsValid() {
		return &Error{Op: "Machine.Apply", Err: ErrInvalidMedia} // NewMachine was given an undefined Media
	}
	to, ok := lookup(m.media, m.state, e)
	if !ok {
		return &TransitionError{Media: m.media, From: m.state, Event: e}
	}
	m.before = beforeCall(m.state, to, m.before)
	m.state, m.reason, m.since = to, keepReason(to, reason), t
	return nil
}

// Observe sets the state reported by the CTI server or the ACD. Observations
// are always accepted (AG-10): any state may follow any state. It fails only
// for an invalid state ([ErrInvalidState]), time going backwards
// ([*TimeError]) or out of range ([ErrTimeOutOfRange]); on error the machine
// is unchanged.
func (m *Machine) Observe(now time.Time, s State, reason ReasonCode) error {
	t, ok := nanotime.UnixNano(now)
	if !ok {
		return &Error{Op: "Machine.Observe", Err: ErrTimeOutOfRange}
	}
	if t < m.since {
		return &TimeError{Last: m.Since(), Now: now}
	}
	if !s.IsValid() {
		return &Error{Op: "Machine.Observe", Err: ErrInvalidState}
	}
	m.before = beforeCall(m.state, s, m.before)
	m.state, m.reason, m.since = s, keepReason(s, reason), t
	return nil
}

// beforeCall returns the new "state before the call" when moving from to to:
// entering a call or task from outside one records from.
func beforeCall(from, to, before State) State {
	if to.onCall() && !from.onCall() {
		return from
	}
	return before
}

// keepReason returns the reason stored with state s: the EventReasonCode is
// meaningful for Not Ready and Logout only (CTI Server Message Reference
// Guide PV25, AGENT_STATE_EVENT); wrap-up ending Not Ready keeps it too.
func keepReason(s State, r ReasonCode) ReasonCode {
	switch s {
	case NotReady, Logout, WorkNotReady:
		return r
	}
	return ReasonNone
}
