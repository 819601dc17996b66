package taskstate

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=EffectKind -linecomment -output=effect_string.go

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
	// MRD's time limit while the CTI path is still down (TS-3). Its
	// Disposition is [SegmentDisposition].
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

// SegmentDisposition is the disposition of the reporting segment that the
// email time limit ends ([EffectSegmentEnded], TS-3): 53,
// DBCD_PARTIAL_CALL, "Partial Call (interim TCD record)" in the CTI
// Server's Disposition Code Values. Cisco does not say which disposition
// closes the cut segment; the library infers 53, the code for a
// Termination_Call_Detail record written for part of a call that goes on.
const SegmentDisposition = PartialCall

// MarshalText implements [encoding.TextMarshaler]. Values that are not
// kinds are an error wrapping [ccefsm.ErrUnknownValue].
func (k EffectKind) MarshalText() ([]byte, error) {
	return enumtext.Marshal(k, EffectEnded, numEffectKinds-1, "taskstate.EffectKind")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error k is
// unchanged.
func (k *EffectKind) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(k, text, EffectEnded, numEffectKinds-1, "taskstate.EffectKind")
}

// Effect is one thing the store decided: a task ended, an agent to make not
// routable, a reporting segment to end or restart, a TASK_INIT_REQ to send.
// The store performs nothing; the caller acts on effects.
//
// Effect satisfies [ccefsm.Effect], [log/slog.LogValuer] and
// [encoding/json.Marshaler].
type Effect struct {
	Kind  EffectKind
	At    time.Time // when it happened: the deadline for timers, else the input's instant (UTC)
	Task  ccefsm.TaskID
	App   ccefsm.AppID
	MRD   ccefsm.MRDID
	Agent ccefsm.AgentID // the task's agent; zero if none was picked
	From  State          // the task's state before the effect
	Rule  ccefsm.RuleID  // the rule behind the effect; RuleNone for an application's own End Task

	// Disposition is set for EffectEnded and, with [SegmentDisposition], for
	// EffectSegmentEnded; zero otherwise.
	Disposition Disposition

	// For EffectEnded only.
	Report     ccefsm.ReportClass // the reporting class the task ends in
	ReportRule ccefsm.RuleID      // the rule that put it in that class; RuleNone for ReportComplete
}

var _ ccefsm.Effect = Effect{}

// RuleID returns e.Rule (RuleNone for an application's own End Task).
func (e Effect) RuleID() ccefsm.RuleID { return e.Rule }

// Time returns e.At.
func (e Effect) Time() time.Time { return e.At }

// hasDisposition reports whether e's kind carries a disposition.
func (e Effect) hasDisposition() bool {
	return e.Kind == EffectEnded || e.Kind == EffectSegmentEnded
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
	if e.hasDisposition() {
		b = append(b, " from "...)
		b = append(b, e.From.String()...)
		b = append(b, " with "...)
		b = strconv.AppendUint(b, uint64(e.Disposition), 10)
		b = append(b, ' ')
		b = append(b, e.Disposition.String()...)
	}
	if e.Kind == EffectEnded {
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

// LogValue implements [log/slog.LogValuer]: a group with the fields of
// MarshalJSON, under the same names.
func (e Effect) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 11)
	attrs = append(attrs,
		slog.String("kind", e.Kind.String()),
		slog.Time("at", e.At.UTC()),
		slog.Uint64("task", uint64(e.Task)),
		slog.Uint64("app", uint64(e.App)),
		slog.Uint64("mrd", uint64(e.MRD)),
	)
	if e.Agent != 0 {
		attrs = append(attrs, slog.Uint64("agent", uint64(e.Agent)))
	}
	attrs = append(attrs, slog.String("from", e.From.String()))
	if e.Rule != ccefsm.RuleNone {
		attrs = append(attrs, slog.String("rule", e.Rule.String()))
	}
	if e.hasDisposition() {
		attrs = append(attrs, slog.String("disposition", e.Disposition.String()))
	}
	if e.Kind == EffectEnded {
		attrs = append(attrs, slog.String("report", e.Report.String()))
		if e.ReportRule != ccefsm.RuleNone {
			attrs = append(attrs, slog.String("reportRule", e.ReportRule.String()))
		}
	}
	return slog.GroupValue(attrs...)
}

// MarshalJSON implements [encoding/json.Marshaler]. Keys are lower camel
// case, enums are written by name (kind, from, rule, disposition as its
// DBCD_ name, report, reportRule), the instant as RFC 3339 with nanoseconds
// in UTC, and fields that do not apply are left out: agent when none was
// picked, rule for an application's own End Task, disposition but for the
// kinds that carry one, report and reportRule but for EffectEnded (and
// reportRule for a complete task). For example:
//
//	{"kind":"ended","at":"2026-03-02T09:21:00Z","task":101,"app":7,"mrd":2,"agent":1001,"from":"ACTIVE","rule":"TS-1","disposition":"DBCD_APPLICATION_PATH_WENT_DOWN","report":"partial","reportRule":"RP-4"}
//
// A value that is not a defined enum (an effect the store did not produce)
// is an error wrapping [ccefsm.ErrUnknownValue].
func (e Effect) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 256)
	str := func(key string, m interface{ MarshalText() ([]byte, error) }) error {
		text, err := m.MarshalText()
		if err != nil {
			return err
		}
		b = append(b, ",\""...)
		b = append(b, key...)
		b = append(b, "\":"...)
		b = strconv.AppendQuote(b, string(text))
		return nil
	}
	num := func(key string, v uint64) {
		b = append(b, ",\""...)
		b = append(b, key...)
		b = append(b, "\":"...)
		b = strconv.AppendUint(b, v, 10)
	}
	kind, err := e.Kind.MarshalText()
	if err != nil {
		return nil, err
	}
	b = append(b, `{"kind":`...)
	b = strconv.AppendQuote(b, string(kind))
	b = append(b, `,"at":"`...)
	b = e.At.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	num("task", uint64(e.Task))
	num("app", uint64(e.App))
	num("mrd", uint64(e.MRD))
	if e.Agent != 0 {
		num("agent", uint64(e.Agent))
	}
	if err := str("from", e.From); err != nil {
		return nil, err
	}
	if e.Rule != ccefsm.RuleNone {
		if err := str("rule", e.Rule); err != nil {
			return nil, err
		}
	}
	if e.hasDisposition() {
		if err := str("disposition", e.Disposition); err != nil {
			return nil, err
		}
	}
	if e.Kind == EffectEnded {
		if err := str("report", e.Report); err != nil {
			return nil, err
		}
		if e.ReportRule != ccefsm.RuleNone {
			if err := str("reportRule", e.ReportRule); err != nil {
				return nil, err
			}
		}
	}
	return append(b, '}'), nil
}
