package failover

import (
	"encoding/json"
	"log/slog"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=EffectKind -linecomment -output=effect_string.go

// EffectKind says what an engine [Effect] reports. The effects of the leaf
// packages (agent states, tasks, routing messages, reporting records) keep
// their own types in the [Log]; these are the engine's own: paths, side
// switches and the reporting ledger.
//
// The zero value, EffectNone, is not a valid kind.
type EffectKind uint8

// Effect kinds.
const (
	EffectNone EffectKind = iota // none
	// EffectPathDown: a derived path went down (Path), because of the
	// element the input took down (CS-1, CS-2, CS-3, CS-6, CS-7).
	EffectPathDown // path down
	// EffectPathUp: a derived path is up again: the last cause holding it
	// down has cleared (CS-8). Its recovery effects follow.
	EffectPathUp // path up
	// EffectTakeover: the active side of a pair (a PG's CTI server, a CTI
	// Manager, a Finesse pair) failed and the other side took over in the
	// same input (Element is the new active side); for the CTI server, its
	// clients reconnected to it (CS-7).
	EffectTakeover // takeover
	// EffectIntervalDeleted: the reporting data gathered for Peripheral in
	// the interval starting at From is deleted (RP-1: its active PIM
	// failed) or lost (RP-8: both sides of its PG went down).
	EffectIntervalDeleted // interval deleted
	// EffectIntervalsInaccurate: the historical data of the intervals from
	// From to To (interval starts, inclusive) of Peripheral is inaccurate
	// and cannot be rebuilt: a PIM outage overlapped them (RP-2).
	EffectIntervalsInaccurate // intervals inaccurate
	// EffectIntervalsLate: the interval records of Peripheral from From to
	// To were cached while its PG could not reach the CallRouter and are
	// delivered now, complete but late (RP-5).
	EffectIntervalsLate // intervals late
	// EffectIntervalsLost: the interval records of Peripheral from From to
	// To, cached while its PG could not reach the CallRouter, are lost with
	// the PG (RP-8).
	EffectIntervalsLost // intervals lost
	// EffectTaskClass: the reporting class of an ended task was decided or
	// changed by a rule the task store does not know: RP-3 (assigned while
	// routing was down and completed before it came back: unreported),
	// RP-5 (its record was cached and is delivered late) or RP-8 (its
	// cached record is lost). Class is the task's final class.
	EffectTaskClass // task class
	// EffectCallSplit: Agent's call in progress in the voice MRD (Talking
	// or Hold) was recovered across a failover of its Agent PG and is
	// reported as two Termination_Call_Detail records, one up to the
	// failover and one from the recovery (RP-9). At is the recovery: the
	// end of Outage, the outage of Peripheral that a side of the PG caused.
	EffectCallSplit // call split

	numEffectKinds
)

// MarshalText implements [encoding.TextMarshaler].
func (k EffectKind) MarshalText() ([]byte, error) {
	return enumtext.Marshal(k, EffectNone+1, numEffectKinds-1, "failover.EffectKind")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error k is
// unchanged.
func (k *EffectKind) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(k, text, EffectNone+1, numEffectKinds-1, "failover.EffectKind")
}

// Effect is one of the engine's own effects. Fields that do not apply to
// the kind are zero. The effects of the leaf packages keep their own types;
// a [Log] holds all of them in one stream.
type Effect struct {
	Kind       EffectKind
	At         time.Time
	Rule       ccefsm.RuleID
	Path       Path                // EffectPathDown, EffectPathUp
	Element    Element             // EffectTakeover: the side now active
	Peripheral ccefsm.PeripheralID // interval effects, EffectCallSplit
	// From and To are the starts of the first and last interval of an
	// interval effect (equal for one interval).
	From, To time.Time
	Task     ccefsm.TaskID // EffectTaskClass
	// App is the task's application, for EffectTaskClass only; a path
	// effect of an application's path names it in Path.ID.
	App   ccefsm.AppID
	MRD   ccefsm.MRDID       // EffectTaskClass, EffectCallSplit
	Class ccefsm.ReportClass // EffectTaskClass
	Agent ccefsm.AgentID     // EffectCallSplit
	// Outage numbers the outage behind the effect (see [Engine.Outage]);
	// 0 when none.
	Outage uint32
}

// RuleID returns the rule that produced the effect.
func (e Effect) RuleID() ccefsm.RuleID { return e.Rule }

// Time returns the instant of the effect.
func (e Effect) Time() time.Time { return e.At }

const intervalLayout = "2006-01-02T15:04Z07:00"

// String returns a one-line description, such as
//
//	CS-2 path app-to-cti-server:7 down (outage 3)
//	RP-2 peripheral 5000: intervals 2026-03-02T09:00Z … 2026-03-02T09:30Z inaccurate (outage 1)
//	RP-9 agent 1003 (peripheral 5000, MRD 1): call split into two TCD records (outage 4)
func (e Effect) String() string {
	b := []byte(e.Rule.String())
	b = append(b, ' ')
	switch e.Kind {
	case EffectPathDown, EffectPathUp:
		b = append(b, "path "...)
		b = append(b, e.Path.String()...)
		if e.Kind == EffectPathDown {
			b = append(b, " down"...)
		} else {
			b = append(b, " up"...)
		}
	case EffectTakeover:
		b = append(b, e.Element.String()...)
		b = append(b, " takes over"...)
	case EffectIntervalDeleted, EffectIntervalsInaccurate, EffectIntervalsLate, EffectIntervalsLost:
		b = append(b, "peripheral "...)
		b = strconv.AppendUint(b, uint64(e.Peripheral), 10)
		b = append(b, ": interval"...)
		if !e.To.Equal(e.From) {
			b = append(b, 's')
		}
		b = append(b, ' ')
		b = e.From.UTC().AppendFormat(b, intervalLayout)
		if !e.To.Equal(e.From) {
			b = append(b, " … "...)
			b = e.To.UTC().AppendFormat(b, intervalLayout)
		}
		b = append(b, ' ')
		switch e.Kind {
		case EffectIntervalDeleted:
			b = append(b, "deleted"...)
		case EffectIntervalsInaccurate:
			b = append(b, "inaccurate"...)
		case EffectIntervalsLate:
			b = append(b, "delivered late"...)
		default:
			b = append(b, "lost"...)
		}
	case EffectTaskClass:
		b = append(b, "task "...)
		b = strconv.AppendUint(b, uint64(e.Task), 10)
		b = append(b, " (app "...)
		b = strconv.AppendUint(b, uint64(e.App), 10)
		b = append(b, ", MRD "...)
		b = strconv.AppendUint(b, uint64(e.MRD), 10)
		b = append(b, "): reporting "...)
		b = append(b, e.Class.String()...)
	case EffectCallSplit:
		b = append(b, "agent "...)
		b = strconv.AppendUint(b, uint64(e.Agent), 10)
		b = append(b, " (peripheral "...)
		b = strconv.AppendUint(b, uint64(e.Peripheral), 10)
		b = append(b, ", MRD "...)
		b = strconv.AppendUint(b, uint64(e.MRD), 10)
		b = append(b, "): call split into two TCD records"...)
	default:
		b = append(b, e.Kind.String()...)
	}
	if e.Outage != 0 {
		b = append(b, " (outage "...)
		b = strconv.AppendUint(b, uint64(e.Outage), 10)
		b = append(b, ')')
	}
	return string(b)
}

// attrs returns the fields that apply to the effect's kind, in a fixed
// order, for LogValue and MarshalJSON.
func (e Effect) attrs() []slog.Attr {
	a := make([]slog.Attr, 0, 8)
	a = append(a, slog.String("kind", e.Kind.String()), slog.String("rule", e.Rule.String()),
		slog.String("at", e.At.UTC().Format(time.RFC3339Nano)))
	switch e.Kind {
	case EffectPathDown, EffectPathUp:
		a = append(a, slog.String("path", e.Path.String()))
	case EffectTakeover:
		a = append(a, slog.String("element", e.Element.String()))
	case EffectIntervalDeleted, EffectIntervalsInaccurate, EffectIntervalsLate, EffectIntervalsLost:
		a = append(a, slog.Uint64("peripheral", uint64(e.Peripheral)),
			slog.String("from", e.From.UTC().Format(time.RFC3339)), slog.String("to", e.To.UTC().Format(time.RFC3339)))
	case EffectTaskClass:
		a = append(a, slog.Uint64("task", uint64(e.Task)), slog.Uint64("app", uint64(e.App)),
			slog.Uint64("mrd", uint64(e.MRD)), slog.String("class", e.Class.String()))
	case EffectCallSplit:
		a = append(a, slog.Uint64("agent", uint64(e.Agent)), slog.Uint64("peripheral", uint64(e.Peripheral)),
			slog.Uint64("mrd", uint64(e.MRD)))
	}
	if e.Outage != 0 {
		a = append(a, slog.Uint64("outage", uint64(e.Outage)))
	}
	return a
}

// LogValue implements [slog.LogValuer]: a group of the fields that apply,
// with names for kinds, rules, paths and classes.
func (e Effect) LogValue() slog.Value { return slog.GroupValue(e.attrs()...) }

// MarshalJSON implements [json.Marshaler]: an object of the fields that
// apply, in the order of LogValue.
func (e Effect) MarshalJSON() ([]byte, error) {
	if !e.Kind.IsValid() {
		return nil, &ccefsm.ValueError{Type: "failover.EffectKind", Value: int64(e.Kind)}
	}
	return appendAttrsJSON(nil, e.attrs())
}

// IsValid reports whether k is a defined kind other than EffectNone.
func (k EffectKind) IsValid() bool { return k > EffectNone && k < numEffectKinds }

// appendAttrsJSON writes attrs as one JSON object, keys in order.
func appendAttrsJSON(b []byte, attrs []slog.Attr) ([]byte, error) {
	b = append(b, '{')
	for i, a := range attrs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, a.Key)
		b = append(b, ':')
		v, err := json.Marshal(a.Value.Any())
		if err != nil {
			return nil, err
		}
		b = append(b, v...)
	}
	return append(b, '}'), nil
}
