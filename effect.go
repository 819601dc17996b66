package ccefsm

import "time"

// Effect is what every effect type of the library has in common:
// agentstate.Effect, taskstate.Effect, routing.Effect, routing.ReportEffect
// and the engine's own effects all satisfy it, so that a service can pipe
// them through one path (a log, a queue, a test's golden file).
//
// Each effect type also implements [log/slog.LogValuer] and
// [encoding/json.Marshaler], with names rather than numbers and without the
// fields that do not apply to its kind. A pointer to an effect satisfies
// Effect as well as the value, and converting a pointer to the interface
// allocates nothing.
type Effect interface {
	// RuleID returns the catalogue rule that produced the effect, or
	// RuleNone for ordinary operation (a request applied with every
	// component up).
	RuleID() RuleID
	// Time returns the instant the effect happened: the input's time, or
	// the deadline's for an effect of a timer.
	Time() time.Time
	// String returns a one-line description. When the effect cites a
	// rule, the description starts with the rule's catalogue ID, such as
	// "TS-1 task 7 (app 3, MRD 2): …"; an effect of ordinary operation
	// (RuleNone) may leave the rule out, as routing's "app 7 request 1
	// MRD 2: NEW_TASK" does.
	String() string
}
