package routing

import (
	"strconv"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Action -linecomment -output=action_string.go

// Action is what a row of the rule table does with the requests, messages or
// records it covers.
//
// The zero value, ActionDefault, stands for the row's default in a [Policy].
type Action uint8

// Actions.
const (
	ActionDefault     Action = iota // default
	ActionHold                      // hold
	ActionReject                    // reject
	ActionFail                      // fail
	ActionDiscard                   // discard
	ActionDelete                    // delete
	ActionResend                    // resend
	ActionResubmit                  // resubmit
	ActionDisable                   // disable
	ActionEnable                    // enable
	ActionDefer                     // defer
	ActionVoiceOff                  // voice-off
	ActionVoiceOn                   // voice-on
	ActionKeep                      // keep
	ActionCache                     // cache
	ActionDeliver                   // deliver
	ActionDeliverLate               // deliver-late
	ActionLose                      // lose
)

// MarshalText implements [encoding.TextMarshaler].
func (a Action) MarshalText() ([]byte, error) {
	return enumtext.Marshal(a, ActionDefault, ActionLose, "routing.Action")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error a is
// unchanged.
func (a *Action) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(a, text, ActionDefault, ActionLose, "routing.Action")
}

// Row is one decision of the routing rule table: in a situation, the action
// taken, with the catalogue rule, the source and the provenance. Effects
// carry the row number.
type Row struct {
	N          int           // row number, stable, from 1
	Rule       ccefsm.RuleID // the catalogue rule
	Situation  string        // when the row applies
	Default    Action        // what the library does unless overridden
	Provenance ccefsm.Provenance
	// Alternatives lists the actions a [Policy] may choose instead of
	// Default; only inferred rows have any.
	Alternatives []Action
	Source       string // the Cisco document (and section) the row comes from
	Note         string // why, for inferred rows
}

// Row numbers used by the code. They index rows; the numbering never
// changes and new rows are appended.
const (
	rowAppDown            = 1
	rowSendAppDown        = 2
	rowAppUp              = 3
	rowAppUpDisabled      = 4
	rowCCDown             = 5
	rowDeferredState      = 6
	rowSendDisabled       = 7
	rowCCDownDelete       = 8
	rowCCUp               = 9
	rowCCUpResubmit       = 10
	rowStale              = 11
	rowPIMDown            = 12
	rowPIMUp              = 13
	rowPIMDownNonVoice    = 14
	rowReportCache        = 15
	rowReportRestore      = 16
	rowReportBothDown     = 17
	rowReportPathUp       = 18
	rowReportRecordPGDown = 19
	rowDeferredEnabled    = 20
	rowCount              = 20
)

const (
	seedMRPG  = "Reporting Concepts 12.6(1), Data Loss and Component Failover, §Application Instance / MR PG Failover"
	seedCTI   = "Reporting Concepts 12.6(1), Data Loss and Component Failover, §Application Instance / Agent PG CTI Server / PIM Failover"
	factsDupl = "UCCE SRND 7.5, Design Considerations for High Availability (duplex PGs buffer interval data; losing both loses it)"
)

// rows is the rule table. It is never modified; Rows returns copies.
var rows = [rowCount + 1]Row{
	rowAppDown: {N: rowAppDown, Rule: ccefsm.RT1, Default: ActionDiscard, Provenance: ccefsm.Documented, Source: seedMRPG + " ¶1",
		Situation: "the application–MR PG path goes down (link, MR PG or application): every pending NEW_TASK"},
	rowSendAppDown: {N: rowSendAppDown, Rule: ccefsm.RT1, Default: ActionHold, Provenance: ccefsm.Inferred, Alternatives: []Action{ActionReject}, Source: seedMRPG + " ¶2",
		Situation: "a NEW_TASK issued while the application–MR PG path is down",
		Note:      "Cisco's chapter says the application waits for the connection and then resends its unanswered requests; a request issued during the outage is held like them and sent on restore in send order; reject returns ErrPathDown instead"},
	rowAppUp: {N: rowAppUp, Rule: ccefsm.RT2, Default: ActionResend, Provenance: ccefsm.Documented, Source: seedMRPG + " ¶2",
		Situation: "the application–MR PG path is restored, routing enabled: every held request, once, in send order"},
	rowAppUpDisabled: {N: rowAppUpDisabled, Rule: ccefsm.RT2, Default: ActionHold, Provenance: ccefsm.Inferred, Alternatives: []Action{ActionFail}, Source: seedMRPG + " ¶2–4",
		Situation: "the application–MR PG path is restored while the MR PIM–Central Controller path is down: the held requests",
		Note:      "RT-2 says resend, RT-3 says stop sending while routing is disabled; the stop wins and the requests go out with ROUTING_ENABLED (RT-4); fail resends them now and each is rejected with NEW_TASK_FAILURE"},
	rowCCDown: {N: rowCCDown, Rule: ccefsm.RT3, Default: ActionDisable, Provenance: ccefsm.Documented, Source: seedMRPG + " ¶3",
		Situation: "the MR PIM–Central Controller path goes down (or the Central Controller): ROUTING_DISABLED to the application"},
	rowDeferredState: {N: rowDeferredState, Rule: ccefsm.RT3, Default: ActionDefer, Provenance: ccefsm.Inferred, Source: seedMRPG + " ¶3–4",
		Situation: "routing was disabled while the application–MR PG path was down: ROUTING_DISABLED when that path is restored",
		Note:      "ROUTING_DISABLED travels over the application–MR PG path, so the MR PIM can only tell the application on restore; it does so only if the application was not already told"},
	rowSendDisabled: {N: rowSendDisabled, Rule: ccefsm.RT3, Default: ActionFail, Provenance: ccefsm.Documented, Source: seedMRPG + " ¶3",
		Situation: "a NEW_TASK sent while routing is disabled: rejected with NEW_TASK_FAILURE"},
	rowCCDownDelete: {N: rowCCDownDelete, Rule: ccefsm.RT3, Default: ActionDelete, Provenance: ccefsm.Documented, Source: seedMRPG + " ¶4",
		Situation: "the MR PIM–Central Controller path goes down: the CallRouter deletes every pending new task"},
	rowCCUp: {N: rowCCUp, Rule: ccefsm.RT4, Default: ActionEnable, Provenance: ccefsm.Documented, Source: seedMRPG + " ¶4",
		Situation: "the MR PIM–Central Controller path is restored: ROUTING_ENABLED to the application"},
	rowCCUpResubmit: {N: rowCCUpResubmit, Rule: ccefsm.RT4, Default: ActionResubmit, Provenance: ccefsm.Documented, Source: seedMRPG + " ¶4",
		Situation: "the MR PIM–Central Controller path is restored: every deleted task is resubmitted, in send order"},
	rowStale: {N: rowStale, Rule: ccefsm.RT1, Default: ActionReject, Provenance: ccefsm.Inferred, Source: seedMRPG + " ¶1, ¶4",
		Situation: "a response for a request the Central Controller does not hold: discarded or deleted and not sent again, or held unsent",
		Note:      "the Central Controller no longer holds the request, so the response cannot belong to it; it is rejected with ErrStaleResponse and changes nothing"},
	rowPIMDown: {N: rowPIMDown, Rule: ccefsm.RT5, Default: ActionVoiceOff, Provenance: ccefsm.Documented, Source: seedCTI + ", last ¶",
		Situation: "a PIM goes down: voice routing to the agents of its peripheral"},
	rowPIMUp: {N: rowPIMUp, Rule: ccefsm.RT5, Default: ActionVoiceOn, Provenance: ccefsm.Documented, Source: seedCTI + ", last ¶",
		Situation: "the PIM is restored: voice routing to its agents"},
	rowPIMDownNonVoice: {N: rowPIMDownNonVoice, Rule: ccefsm.RT5, Default: ActionKeep, Provenance: ccefsm.Documented, Source: seedCTI + ", last ¶",
		Situation: "a PIM is down: non-voice routing to the agents of its peripheral"},
	rowReportCache: {N: rowReportCache, Rule: ccefsm.RT6, Default: ActionCache, Provenance: ccefsm.Documented, Source: seedCTI + " ¶3",
		Situation: "the Agent PG CTI server–CallRouter path is down (or the CallRouter): a reporting record"},
	rowReportRestore: {N: rowReportRestore, Rule: ccefsm.RT6, Default: ActionDeliverLate, Provenance: ccefsm.Documented, Source: seedCTI + " ¶3; RP-5",
		Situation: "that path is restored: every cached record, delivered complete and late"},
	rowReportBothDown: {N: rowReportBothDown, Rule: ccefsm.RT7, Default: ActionLose, Provenance: ccefsm.Documented, Source: factsDupl + "; RP-8",
		Situation: "both sides of the duplex PG go down: every cached record is lost"},
	rowReportPathUp: {N: rowReportPathUp, Rule: ccefsm.RT6, Default: ActionDeliver, Provenance: ccefsm.Inferred, Source: seedCTI + " ¶3",
		Situation: "a reporting record while the path is up: delivered, complete",
		Note:      "Cisco's chapter describes only the outage; with the path up the record goes straight to the Central Controller"},
	rowReportRecordPGDown: {N: rowReportRecordPGDown, Rule: ccefsm.RT7, Default: ActionReject, Provenance: ccefsm.Inferred, Alternatives: []Action{ActionLose}, Source: factsDupl,
		Situation: "a reporting record observed while both sides of the PG are down",
		Note:      "no PG exists to cache it; by default the record is refused with ErrPathDown and stays the caller's; lose accepts it and classes it deleted"},
	rowDeferredEnabled: {N: rowDeferredEnabled, Rule: ccefsm.RT4, Default: ActionDefer, Provenance: ccefsm.Inferred, Source: seedMRPG + " ¶3–4",
		Situation: "routing was enabled again while the application–MR PG path was down: ROUTING_ENABLED when that path is restored, before the held requests go out",
		Note:      "ROUTING_ENABLED travels over the application–MR PG path, so the MR PIM can only tell the application on restore; it does so only if the application was last told ROUTING_DISABLED"},
}

// Rows returns the rule table in row order. The slice and its rows are new
// copies on each call.
func Rows() []Row {
	out := make([]Row, 0, rowCount)
	for _, r := range rows[1:] {
		r.Alternatives = append([]Action(nil), r.Alternatives...)
		out = append(out, r)
	}
	return out
}

// Policy holds the caller's overrides of inferred rows. The zero value uses
// every row's default. A Policy is a small value: copy it freely.
type Policy struct {
	set [rowCount + 1]Action
}

// Set chooses action a for row n. ActionDefault, or the row's own default,
// restores the default. Refused, leaving p unchanged: a row outside 1 to 20
// ([ErrUnknownRow]), an undefined action ([ErrInvalidValue]), an override
// of a documented row ([ErrDocumentedRow]) and an action that is neither
// the row's default nor one of its alternatives ([ErrIllegalAction]); each
// is a [*RowError].
func (p *Policy) Set(n int, a Action) error {
	if n < 1 || n > rowCount {
		return &RowError{Row: n, Action: a, Err: ErrUnknownRow}
	}
	if a > ActionLose {
		return &RowError{Row: n, Action: a, Err: ErrInvalidValue}
	}
	r := &rows[n]
	if a == ActionDefault || a == r.Default {
		p.set[n] = ActionDefault
		return nil
	}
	if r.Provenance&ccefsm.Inferred == 0 {
		return &RowError{Row: n, Action: a, Err: ErrDocumentedRow}
	}
	if !overridable(n, a) {
		return &RowError{Row: n, Action: a, Err: ErrIllegalAction}
	}
	p.set[n] = a
	return nil
}

// Action returns the action in force for row n: the override, or the row's
// default. A row outside 1 to 20 is a [*RowError] wrapping
// [ErrUnknownRow].
func (p *Policy) Action(n int) (Action, error) {
	if n < 1 || n > rowCount {
		return ActionDefault, &RowError{Row: n, Err: ErrUnknownRow}
	}
	return p.action(n), nil
}

// action is Action for the row constants of this package.
func (p *Policy) action(n int) Action {
	if a := p.set[n]; a != ActionDefault {
		return a
	}
	return rows[n].Default
}

// overridable reports whether a is one of row n's alternatives: an action a
// Policy may store for the row. A row's default is not one (Set stores it
// as ActionDefault), and documented rows have none.
func overridable(n int, a Action) bool {
	for _, alt := range rows[n].Alternatives {
		if alt == a {
			return true
		}
	}
	return false
}

// check returns why p holds an override no sequence of Set calls can
// store, or "". It is the check the snapshot decoders apply.
func (p *Policy) check() string {
	for n, a := range p.set {
		if a != ActionDefault && (n == 0 || !overridable(n, a)) {
			return "row " + strconv.Itoa(n) + " holds action " + a.String() + ", which it does not allow"
		}
	}
	return ""
}
