package routing

import (
	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Reason -linecomment -output=reason_string.go

// Reason says why [Routable] refused a task, or ReasonOK.
type Reason uint8

// Reasons, in the order Routable checks them: the infrastructure first (the
// Central Controller, the agent's PIM), then the agent's own facts (logged
// in, available), then capacity (the task limit, a non-interruptible task
// elsewhere). Several facts are often false together, and the first in this
// order is the root cause: a PIM failure logs the agent out of the voice MRD
// (AG-1), so a voice task after one is refused for the PIM (RT-5), not for
// the log-out it caused. The order is the library's (inferred); RT-8 lists
// the conditions without ranking them. The zero value, ReasonOK, means the
// agent can take the task.
const (
	ReasonOK                   Reason = iota // ok
	ReasonUnknownMedia                       // unknown media
	ReasonControllerDown                     // central controller down
	ReasonPIMDown                            // voice and the PIM is down
	ReasonAppPathDown                        // the application cannot reach the MR PG
	ReasonRoutingDisabled                    // routing disabled: the MR PIM cannot reach the Central Controller
	ReasonNotLoggedIn                        // not logged in
	ReasonNotAvailable                       // not available in the MRD
	ReasonTaskLimit                          // at the MRD's task limit
	ReasonBusyNonInterruptible               // busy on a non-interruptible task of another MRD
)

// MarshalText implements [encoding.TextMarshaler].
func (r Reason) MarshalText() ([]byte, error) {
	return enumtext.Marshal(r, ReasonOK, ReasonBusyNonInterruptible, "routing.Reason")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error r is
// unchanged.
func (r *Reason) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(r, text, ReasonOK, ReasonBusyNonInterruptible, "routing.Reason")
}

// Candidate holds the facts RT-8 needs about one agent and one MRD m at one
// moment. The caller gathers them (from agentstate, taskstate and a [Voice]);
// this package imports neither, so the question stays a pure function.
//
// The zero Candidate has no valid media kind: [Routable] answers
// ReasonUnknownMedia.
type Candidate struct {
	ControllerUp bool // the Central Controller is up
	LoggedIn     bool // the agent is logged in to m
	// AvailableInMRD: the agent is Ready in m, in the sense of the CTI
	// Server's availability rule — not Not Ready. An agent working on tasks
	// of m below the limit (ACTIVE in a multi-session chat MRD) is still
	// available; Tasks and TaskLimit decide the rest. Source: CTI Server
	// Message Reference Guide PV25, AGENT_STATE_EVENT (AgentAvailabilityStatus).
	AvailableInMRD bool
	Tasks          uint16           // the agent's open tasks in m
	TaskLimit      uint16           // m's maximum tasks per agent; 0 takes no task
	Media          ccefsm.MediaKind // m's media kind
	PIMUp          bool             // the agent's peripheral has a working PIM
	// AppPathDown: the task is routed through the MR PG (a non-voice MRD)
	// and the MRD's application cannot reach the MR PG (RT-1): its
	// NEW_TASK requests wait for the path.
	AppPathDown bool
	// RoutingDisabled: the task is routed through the MR PG and its MR PIM
	// cannot reach the Central Controller: the application was told
	// ROUTING_DISABLED (RT-3).
	RoutingDisabled bool
	// BusyNonInterruptibleElsewhere: the agent works on a task of another
	// MRD that cannot be interrupted.
	BusyNonInterruptibleElsewhere bool
}

// Routable answers RT-8: can a task of the candidate's MRD be routed to the
// agent now? If not it returns the rule that says no (RT-8, or RT-5 for a
// voice task whose PIM is down) and the reason, checking the facts in the
// order of the [Reason] constants so that the answer names the root cause.
// An invalid media kind is refused with ReasonUnknownMedia and RuleNone: the
// question has no answer.
func Routable(c Candidate) (ok bool, rule ccefsm.RuleID, reason Reason) {
	switch {
	case !c.Media.IsValid():
		return false, ccefsm.RuleNone, ReasonUnknownMedia
	case !c.ControllerUp:
		return false, ccefsm.RT8, ReasonControllerDown
	case c.Media == ccefsm.MediaVoice && !c.PIMUp:
		return false, ccefsm.RT5, ReasonPIMDown
	case c.AppPathDown:
		return false, ccefsm.RT1, ReasonAppPathDown
	case c.RoutingDisabled:
		return false, ccefsm.RT3, ReasonRoutingDisabled
	case !c.LoggedIn:
		return false, ccefsm.RT8, ReasonNotLoggedIn
	case !c.AvailableInMRD:
		return false, ccefsm.RT8, ReasonNotAvailable
	case c.Tasks >= c.TaskLimit:
		return false, ccefsm.RT8, ReasonTaskLimit
	case c.BusyNonInterruptibleElsewhere:
		return false, ccefsm.RT8, ReasonBusyNonInterruptible
	}
	return true, ccefsm.RT8, ReasonOK
}
