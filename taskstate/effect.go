package taskstate

import (
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
)

//go:generate go tool stringer -type=EffectKind -linecomment -output=effect_string.go

// EffectKind says what an [Effect] asks the embedding service to do or
// record.
//
// The zero value is not a valid kind.
type EffectKind uint8

// Effect kinds.
const (
	// EffectEnded: the task ended. Disposition, Report and ReportRule say
	// how; Rule is the rule that ended it (RuleNone for the application's
	// own End Task). Every task gets exactly one.
	EffectEnded EffectKind = iota + 1 // ended
	// EffectEndDeferred: the application ended the task while its CTI path
	// was down, within task life; the Agent PG will close it with
	// disposition 51 when the path reinitialises, however long the outage
	// lasts (TS-2).
	EffectEndDeferred // end-deferred
	// EffectAgentNotRoutable: the start timeout ran out, so the agent is
	// made not routable in the MRD (TS-7; AGENT_MADE_NOT_ROUTABLE_EVENT,
	// 170).
	EffectAgentNotRoutable // agent-not-routable
	// EffectSegmentEnded: an email task's reporting segment ends at the
	// MRD's time limit while the CTI path is still down (TS-3).
	EffectSegmentEnded // segment-ended
	// EffectSegmentRestarted: a new reporting segment starts for an email
	// task whose segment was ended, now that the path is back (TS-3).
	EffectSegmentRestarted // segment-restarted
	// EffectTaskInit: a task begun while the CTI path was down is still open
	// at restore; send TASK_INIT_REQ (209) so that it is reported from now
	// on (TS-5).
	EffectTaskInit // task-init
	numEffectKinds = iota + 1
)

// MarshalText implements [encoding.TextMarshaler].
func (k EffectKind) MarshalText() ([]byte, error) {
	if k < EffectEnded || k >= numEffectKinds {
		return nil, &ccefsm.ValueError{Type: "taskstate.EffectKind", Value: int64(k)}
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error k is
// unchanged.
func (k *EffectKind) UnmarshalText(text []byte) error {
	for v := EffectEnded; v < numEffectKinds; v++ {
		if string(text) == v.String() {
			*k = v
			return nil
		}
	}
	return &ccefsm.ParseError{Type: "taskstate.EffectKind", Text: string(text)}
}

// Effect is one thing the store decided: a task ended, an agent to make not
// routable, a reporting segment to end or restart, a TASK_INIT_REQ to send.
// The store performs nothing; the caller acts on effects.
type Effect struct {
	Kind  EffectKind
	At    time.Time // when it happened: the deadline for timers, else the input's instant (UTC)
	Task  ccefsm.TaskID
	App   ccefsm.AppID
	MRD   ccefsm.MRDID
	Agent ccefsm.AgentID // the task's agent; zero if none was picked
	From  State          // the task's state before the effect
	Rule  ccefsm.RuleID  // the rule behind the effect; RuleNone for an application's own End Task

	// For EffectEnded only.
	Disposition Disposition
	Report      ccefsm.ReportClass // the reporting class the task ends in
	ReportRule  ccefsm.RuleID      // the rule that put it in that class; RuleNone for ReportComplete
}

// String formats the effect for logs: the rule, the task and what happened,
// such as
//
//	TS-1 task 101 (app 7, MRD 2, agent 1001): ended from ACTIVE with 42 DBCD_APPLICATION_PATH_WENT_DOWN, reporting partial (RP-4)
//
// An effect that no failover rule produced (an application's own End Task)
// starts with the task.
func (e Effect) String() string {
	var b []byte
	if e.Rule != ccefsm.RuleNone {
		b = append(b, e.Rule.String()...)
		b = append(b, ' ')
	}
	b = append(b, "task "...)
	b = strconv.AppendUint(b, uint64(e.Task), 10)
	b = append(b, " (app "...)
	b = strconv.AppendUint(b, uint64(e.App), 10)
	b = append(b, ", MRD "...)
	b = strconv.AppendUint(b, uint64(e.MRD), 10)
	if e.Agent != 0 {
		b = append(b, ", agent "...)
		b = strconv.AppendUint(b, uint64(e.Agent), 10)
	}
	b = append(b, "): "...)
	b = append(b, e.Kind.String()...)
	if e.Kind == EffectEnded {
		b = append(b, " from "...)
		b = append(b, e.From.String()...)
		b = append(b, " with "...)
		b = strconv.AppendUint(b, uint64(e.Disposition), 10)
		b = append(b, ' ')
		b = append(b, e.Disposition.String()...)
		b = append(b, ", reporting "...)
		b = append(b, e.Report.String()...)
		if e.ReportRule != ccefsm.RuleNone {
			b = append(b, " ("...)
			b = append(b, e.ReportRule.String()...)
			b = append(b, ')')
		}
	}
	return string(b)
}
