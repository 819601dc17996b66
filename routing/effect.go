package routing

import (
	"encoding/json"
	"log/slog"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=EffectKind -linecomment -output=effect_string.go

// EffectKind says what an [Effect] asks the embedding service to do or
// tells it happened. Messages are named as in the Media Routing protocol;
// their numeric IDs are not public, so the values are the library's own.
//
// The zero value, EffectNone, is not a valid kind.
type EffectKind uint8

// Effect kinds.
const (
	EffectNone EffectKind = iota // none
	// EffectNewTask: the application sends NEW_TASK to the MR PG. On a
	// restore it releases a request held unsent (RT-1, row 2).
	EffectNewTask // NEW_TASK
	// EffectHeld: the application keeps a NEW_TASK it issued while its MR
	// PG path is down, to send it on restore (row 2).
	EffectHeld // held
	// EffectDiscarded: the Central Controller discarded a pending NEW_TASK
	// because the application–MR PG path went down; the application keeps
	// it (RT-1).
	EffectDiscarded // discarded
	// EffectDeleted: the CallRouter deleted a pending new task because the
	// MR PIM–Central Controller path went down; the application keeps it
	// (RT-3).
	EffectDeleted // deleted
	// EffectResend: the application sends a held NEW_TASK again (RT-2).
	EffectResend // resend NEW_TASK
	// EffectResubmit: the application resubmits a task the CallRouter
	// deleted (RT-4).
	EffectResubmit // resubmit NEW_TASK
	// EffectNewTaskFailure: the MR PIM rejects a NEW_TASK sent while
	// routing is disabled (RT-3, row 7; or RT-2, row 4 under its fail
	// policy); the request is answered, failed.
	EffectNewTaskFailure // NEW_TASK_FAILURE
	// EffectRoutingDisabled: the MR PIM sends ROUTING_DISABLED; the
	// application stops sending routing requests (RT-3).
	EffectRoutingDisabled // ROUTING_DISABLED
	// EffectRoutingEnabled: the MR PIM sends ROUTING_ENABLED; the
	// application resumes routing requests (RT-4).
	EffectRoutingEnabled // ROUTING_ENABLED
	// EffectRouted: a DO_THIS_WITH_TASK answered a pending request.
	EffectRouted // routed
	// EffectFailed: a NEW_TASK_FAILURE from the Central Controller answered
	// a pending request.
	EffectFailed // failed
	// EffectVoiceUnavailable: a PIM went down; voice routing to its agents
	// stops, non-voice routing goes on (RT-5).
	EffectVoiceUnavailable // voice unavailable
	// EffectVoiceAvailable: the PIM is back; voice routing resumes (RT-5).
	EffectVoiceAvailable // voice available
)

// MarshalText implements [encoding.TextMarshaler]; EffectNone is an error.
func (k EffectKind) MarshalText() ([]byte, error) {
	return enumtext.Marshal(k, EffectNewTask, EffectVoiceAvailable, "routing.EffectKind")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error k is
// unchanged.
func (k *EffectKind) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(k, text, EffectNewTask, EffectVoiceAvailable, "routing.EffectKind")
}

// Effect is one consequence of an input, returned for the embedding service
// to act on; the library sends nothing itself. Fields that do not apply to
// the kind are zero: a request's effects carry App, Request and MRD, the
// routing-state messages App alone, the voice effects Peripheral alone.
//
// Effect satisfies [ccefsm.Effect], [slog.LogValuer] and [json.Marshaler].
type Effect struct {
	Kind EffectKind
	// Rule is the catalogue rule that produced the effect; RuleNone for
	// ordinary operation (a NEW_TASK sent or answered with every path up).
	Rule ccefsm.RuleID
	// Row is the row of this package's rule table ([Rows]) that decided
	// the effect; 0 for ordinary operation.
	Row        uint8
	App        ccefsm.AppID
	Request    ccefsm.RequestID
	MRD        ccefsm.MRDID
	Peripheral ccefsm.PeripheralID
	At         time.Time // the input's time
}

var (
	_ ccefsm.Effect  = Effect{}
	_ slog.LogValuer = Effect{}
	_ json.Marshaler = Effect{}
)

// RuleID returns e.Rule.
func (e Effect) RuleID() ccefsm.RuleID { return e.Rule }

// Time returns e.At.
func (e Effect) Time() time.Time { return e.At }

// subject says which identifiers an effect of kind k carries: a request's
// (App, Request, MRD), the application's (App), or a peripheral's.
type subject uint8

const (
	subjectNone subject = iota
	subjectRequest
	subjectApp
	subjectPeripheral
)

func (k EffectKind) subject() subject {
	switch k {
	case EffectNewTask, EffectHeld, EffectDiscarded, EffectDeleted, EffectResend, EffectResubmit, EffectNewTaskFailure, EffectRouted, EffectFailed:
		return subjectRequest
	case EffectRoutingDisabled, EffectRoutingEnabled:
		return subjectApp
	case EffectVoiceUnavailable, EffectVoiceAvailable:
		return subjectPeripheral
	}
	return subjectNone
}

// LogValue implements [slog.LogValuer]: a group with the kind, the rule and
// row when a rule produced the effect, the identifiers that apply to the
// kind, and the time in UTC, such as
//
//	kind=discarded rule=RT-1 row=1 app=7 request=12 mrd=2 at=2026-03-02T09:00:00Z
func (e Effect) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 7)
	attrs = append(attrs, slog.String("kind", e.Kind.String()))
	if e.Rule != ccefsm.RuleNone {
		attrs = append(attrs, slog.String("rule", e.Rule.String()), slog.Int("row", int(e.Row)))
	}
	switch e.Kind.subject() {
	case subjectRequest:
		attrs = append(attrs, slog.Uint64("app", uint64(e.App)), slog.Uint64("request", uint64(e.Request)), slog.Uint64("mrd", uint64(e.MRD)))
	case subjectApp:
		attrs = append(attrs, slog.Uint64("app", uint64(e.App)))
	case subjectPeripheral:
		attrs = append(attrs, slog.Uint64("peripheral", uint64(e.Peripheral)))
	}
	attrs = append(attrs, slog.Time("at", e.At.UTC()))
	return slog.GroupValue(attrs...)
}

// effectJSON is the JSON form of an Effect: names, not numbers, and only the
// fields that apply.
type effectJSON struct {
	Kind       EffectKind          `json:"kind"`
	Rule       ccefsm.RuleID       `json:"rule,omitzero"`
	Row        uint8               `json:"row,omitzero"`
	App        ccefsm.AppID        `json:"app,omitzero"`
	Request    ccefsm.RequestID    `json:"request,omitzero"`
	MRD        ccefsm.MRDID        `json:"mrd,omitzero"`
	Peripheral ccefsm.PeripheralID `json:"peripheral,omitzero"`
	At         time.Time           `json:"at"`
}

// MarshalJSON implements [json.Marshaler]: lower-camel keys, the kind and
// rule by name, the row only with its rule, the identifiers that apply to
// the kind, and the time in RFC 3339 with nanoseconds in UTC, such as
//
//	{"kind":"discarded","rule":"RT-1","row":1,"app":7,"request":12,"mrd":2,"at":"2026-03-02T09:00:00Z"}
//
// An effect with an undefined kind or rule is an error.
func (e Effect) MarshalJSON() ([]byte, error) {
	j := effectJSON{Kind: e.Kind, Rule: e.Rule, At: e.At.UTC()}
	if e.Rule != ccefsm.RuleNone {
		j.Row = e.Row
	}
	switch e.Kind.subject() {
	case subjectRequest:
		j.App, j.Request, j.MRD = e.App, e.Request, e.MRD
	case subjectApp:
		j.App = e.App
	case subjectPeripheral:
		j.Peripheral = e.Peripheral
	}
	return json.Marshal(j)
}

// String formats the effect for logs: the rule and row, the subject and the
// kind, such as
//
//	RT-1 row 1 app 7 request 12 MRD 2: discarded
//	RT-5 row 12 peripheral 5000: voice unavailable
//
// An effect of ordinary operation (no rule) starts with the subject.
func (e Effect) String() string {
	b := appendRuleRow(nil, e.Rule, e.Row)
	switch e.Kind.subject() {
	case subjectRequest:
		b = append(b, "app "...)
		b = strconv.AppendUint(b, uint64(e.App), 10)
		b = append(b, " request "...)
		b = strconv.AppendUint(b, uint64(e.Request), 10)
		b = append(b, " MRD "...)
		b = strconv.AppendUint(b, uint64(e.MRD), 10)
	case subjectPeripheral:
		b = append(b, "peripheral "...)
		b = strconv.AppendUint(b, uint64(e.Peripheral), 10)
	default:
		b = append(b, "app "...)
		b = strconv.AppendUint(b, uint64(e.App), 10)
	}
	b = append(b, ": "...)
	b = append(b, e.Kind.String()...)
	return string(b)
}

// appendRuleRow appends "RT-1 row 1 " for an effect a rule produced, and
// nothing for ordinary operation.
func appendRuleRow(b []byte, rule ccefsm.RuleID, row uint8) []byte {
	if rule == ccefsm.RuleNone {
		return b
	}
	b = append(b, rule.String()...)
	b = append(b, " row "...)
	b = strconv.AppendUint(b, uint64(row), 10)
	return append(b, ' ')
}
