package agentstate

import (
	"encoding/json"
	"log/slog"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=EffectKind,Message,Cause -linecomment -output=effect_string.go

// EffectKind says what an [Effect] reports. Its text form (String,
// MarshalText) is the line comment of the constant, such as "logged-out".
type EffectKind uint8

// Effect kinds.
const (
	EffectNone EffectKind = iota // none
	// EffectLoggedOut: the system logged the agent out of the MRD (AG-1,
	// AG-4, AG-6).
	EffectLoggedOut // logged-out
	// EffectLoggedIn: the agent was logged in again automatically and put in
	// the state of a failover table row (AG-5 with AG-T1, AG-7 with AG-T2).
	// From is the state at the failover, the row's "before" column.
	EffectLoggedIn // logged-in
	// EffectObserved: a state reported by the ACD, the CTI server or the
	// email manager was applied (AG-2, AG-9, AG-10).
	EffectObserved // observed
	// EffectPeripheralOffline: the peripheral is marked offline to the
	// Central Controller (AG-1, AG-3).
	EffectPeripheralOffline // peripheral-offline
	// EffectPeripheralOnline: Side's PIM became the active one and the
	// peripheral is online again (AG-3).
	EffectPeripheralOnline // peripheral-online
	// EffectSideStandby: Side is healthy and stands by (AG-3).
	EffectSideStandby // side-standby
	// EffectSideDown: Side lost its connection (AG-3).
	EffectSideDown // side-down
	// EffectStayLoggedIn: the application's CTI server path went down and
	// the agents of the MRD stay logged in (AG-8, AG-9).
	EffectStayLoggedIn // stay-logged-in
	// EffectPathRestored: the application's CTI server path is back.
	EffectPathRestored // path-restored
	// EffectResync: one message of the agent resynchronisation of an
	// email-type MRD after a CTI outage (AG-9); Message names it.
	EffectResync // resync

	lastEffectKind = EffectResync
)

// MarshalText implements [encoding.TextMarshaler]. EffectNone and undefined
// values are an error wrapping [ccefsm.ErrUnknownValue].
func (k EffectKind) MarshalText() ([]byte, error) {
	return enumtext.Marshal(k, EffectLoggedOut, lastEffectKind, "agentstate.EffectKind")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error k is
// unchanged.
func (k *EffectKind) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(k, text, EffectLoggedOut, lastEffectKind, "agentstate.EffectKind")
}

// Message is a CTI Server message type (CTI Server Message Reference Guide
// PV24/25, "Message Types"). Only the agent resynchronisation messages are
// defined here.
type Message uint16

// Resynchronisation messages, sent after the CTI connection of an
// application comes back (AG-9).
const (
	MessageNone                Message = 0   // none
	MessageBeginAgentInitInd   Message = 181 // BEGIN_AGENT_INIT_IND
	MessageAgentInitReq        Message = 182 // AGENT_INIT_REQ
	MessageAgentInitResp       Message = 183 // AGENT_INIT_RESP
	MessageEndAgentInitInd     Message = 184 // END_AGENT_INIT_IND
	MessageTaskInitInd         Message = 185 // TASK_INIT_IND
	MessageAgentInitReadyEvent Message = 186 // AGENT_INIT_READY_EVENT
)

// messages lists the defined messages, for their text form.
var messages = []Message{MessageBeginAgentInitInd, MessageAgentInitReq, MessageAgentInitResp,
	MessageEndAgentInitInd, MessageTaskInitInd, MessageAgentInitReadyEvent}

// MarshalText implements [encoding.TextMarshaler]: the CTI message name,
// such as "AGENT_INIT_REQ". MessageNone and undefined values are an error
// wrapping [ccefsm.ErrUnknownValue].
func (m Message) MarshalText() ([]byte, error) {
	return enumtext.MarshalIn(m, messages, "agentstate.Message")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error m is
// unchanged.
func (m *Message) UnmarshalText(text []byte) error {
	return enumtext.UnmarshalIn(m, text, messages, "agentstate.Message")
}

// Cause is the failure that logged an agent out and decides how it comes
// back.
type Cause uint8

// Causes.
const (
	CauseNone Cause = iota // none
	// CausePIM: the PIM failed, its link to the ACD went down, or the ACD
	// went down (AG-1). Voice MRD only; the agent comes back with the state
	// the ACD reports (AG-2).
	CausePIM // PIM
	// CausePG: the PG side shut down (AG-4). Every MRD, reason 50002; the
	// agent comes back by AG-T1 (AG-5).
	CausePG // PG
	// CauseCTIManager: the CTI Manager service shut down (AG-4). Voice MRD
	// (inferred), reason 50002; back by AG-T1 (AG-5).
	CauseCTIManager // CTI Manager
	// CauseDesktop: the agent's desktop shut down or lost the Finesse
	// server (AG-6). Every MRD, reason 50002; back by AG-T2 (AG-7) when the
	// desktop is back.
	CauseDesktop // desktop
	// CauseFinesse: the Finesse server shut down or lost the contact center
	// (AG-6). Every MRD, reason 50002; back by AG-T2 (AG-7) when the agents
	// reach a Finesse server again.
	CauseFinesse // Finesse

	numCauses
)

// MarshalText implements [encoding.TextMarshaler]: the line comment of the
// constant, such as "CTI Manager"; CauseNone is "none". Undefined values
// are an error wrapping [ccefsm.ErrUnknownValue].
func (c Cause) MarshalText() ([]byte, error) {
	return enumtext.Marshal(c, CauseNone, numCauses-1, "agentstate.Cause")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error c is
// unchanged.
func (c *Cause) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(c, text, CauseNone, numCauses-1, "agentstate.Cause")
}

// Effect is one consequence of a roster input, for the embedding service to
// act on or record. Fields that do not apply to the kind are zero.
//
// Effect satisfies [ccefsm.Effect] (the interface every effect type of the
// library shares), [log/slog.LogValuer] and [encoding/json.Marshaler]; the
// last two write enums by name and leave out the fields that do not apply
// to the kind.
type Effect struct {
	Kind EffectKind
	Rule ccefsm.RuleID // the rule that decided it, such as ccefsm.AG4
	// Table and Row name the failover table row that chose the state
	// (EffectLoggedIn), such as AG-T1 row 3.
	Table ccefsm.RuleID
	Row   uint8
	// Report is the reporting rule that applies, such as RP-7 (the 50002
	// logout shows in the Media Logout Status reports), RP-6 (history
	// recreated) or RP-9 (call split into two TCD records).
	Report     ccefsm.RuleID
	Side       ccefsm.Side
	From, To   State
	Reason     ReasonCode
	Message    Message
	Agent      ccefsm.AgentID
	Peripheral ccefsm.PeripheralID
	MRD        ccefsm.MRDID
	// At is the instant of the input that produced the effect, in UTC. (It
	// comes last so that the struct packs into 48 bytes.)
	At time.Time
}

var (
	_ ccefsm.Effect  = Effect{}
	_ slog.LogValuer = Effect{}
	_ json.Marshaler = Effect{}
)

// utc returns Unix nanoseconds t as a time.Time in UTC (with no monotonic
// reading), the form of Effect.At: the same inputs give equal effects.
func utc(t int64) time.Time { return time.Unix(0, t).UTC() }

// RuleID returns e.Rule ([ccefsm.Effect]).
func (e Effect) RuleID() ccefsm.RuleID { return e.Rule }

// Time returns e.At ([ccefsm.Effect]).
func (e Effect) Time() time.Time { return e.At }

// String returns a one-line description, such as
// "AG-5 agent 1003 MRD 1: logged in to AVAILABLE (WORK_READY at failover) by AG-T1 row 3".
func (e Effect) String() string {
	b := []byte(e.Rule.String())
	if e.Agent != 0 {
		b = append(b, " agent "...)
		b = strconv.AppendUint(b, uint64(e.Agent), 10)
	} else if e.Peripheral != 0 {
		b = append(b, " peripheral "...)
		b = strconv.AppendUint(b, uint64(e.Peripheral), 10)
	}
	if e.MRD != 0 {
		b = append(b, " MRD "...)
		b = strconv.AppendUint(b, uint64(e.MRD), 10)
	}
	b = append(b, ": "...)
	side := e.Side.String()
	switch e.Kind {
	case EffectLoggedOut:
		b = append(b, "logged out from "+e.From.String()...)
	case EffectLoggedIn:
		b = append(b, "logged in to "+e.To.String()+" ("+e.From.String()+" at failover)"...)
	case EffectObserved:
		b = append(b, "reported "+e.To.String()+" (was "+e.From.String()+")"...)
	case EffectPeripheralOffline:
		b = append(b, "offline (side "+side+" lost)"...)
	case EffectPeripheralOnline:
		b = append(b, "online, side "+side+" active"...)
	case EffectSideStandby:
		b = append(b, "side "+side+" stands by"...)
	case EffectSideDown:
		b = append(b, "side "+side+" down"...)
	case EffectStayLoggedIn:
		b = append(b, "CTI path down, agents stay logged in"...)
	case EffectPathRestored:
		b = append(b, "CTI path restored"...)
	case EffectResync:
		b = append(b, e.Message.String()+" ("...)
		b = strconv.AppendUint(b, uint64(e.Message), 10)
		b = append(b, ')')
		if e.Agent != 0 {
			b = append(b, " "+e.To.String()+" (was "+e.From.String()+")"...)
		}
	default:
		b = append(b, e.Kind.String()...)
	}
	if e.Reason != ReasonNone {
		b = append(b, ", reason "...)
		b = strconv.AppendUint(b, uint64(e.Reason), 10)
	}
	if e.Table != ccefsm.RuleNone {
		b = append(b, " by "+e.Table.String()+" row "...)
		b = strconv.AppendUint(b, uint64(e.Row), 10)
	}
	if e.Report != ccefsm.RuleNone {
		b = append(b, " [reports: "+e.Report.String()+"]"...)
	}
	return string(b)
}

// visit calls text for every enum field of e that applies to its kind
// (with the field's text form, or an error for a value that has none) and
// num for every numeric one, in the order of the JSON object; Kind, At and
// Rule come first and are not visited. A reason code is written only when
// there is one (it is a number: deployments define their own), a reporting
// rule only when one applies.
func (e Effect) visit(text func(key string, v []byte, err error), num func(key string, v uint64)) {
	agentFields := func() {
		num("agent", uint64(e.Agent))
		num("peripheral", uint64(e.Peripheral))
		num("mrd", uint64(e.MRD))
		v, err := e.From.MarshalText()
		text("from", v, err)
		v, err = e.To.MarshalText()
		text("to", v, err)
		if e.Reason != ReasonNone {
			num("reason", uint64(e.Reason))
		}
	}
	switch e.Kind {
	case EffectLoggedOut, EffectObserved:
		agentFields()
	case EffectLoggedIn:
		agentFields()
		v, err := e.Table.MarshalText()
		text("table", v, err)
		num("row", uint64(e.Row))
	case EffectPeripheralOffline, EffectPeripheralOnline, EffectSideStandby, EffectSideDown:
		num("peripheral", uint64(e.Peripheral))
		v, err := e.Side.MarshalText()
		text("side", v, err)
	case EffectStayLoggedIn, EffectPathRestored:
		num("peripheral", uint64(e.Peripheral))
		num("mrd", uint64(e.MRD))
	case EffectResync:
		v, err := e.Message.MarshalText()
		text("message", v, err)
		if e.Agent != 0 {
			agentFields()
		} else {
			num("peripheral", uint64(e.Peripheral))
			num("mrd", uint64(e.MRD))
		}
	}
	if e.Report != ccefsm.RuleNone {
		v, err := e.Report.MarshalText()
		text("report", v, err)
	}
}

// MarshalJSON implements [encoding/json.Marshaler]: an object with
// lower-camel keys, kind first, enums by name (the kind, states, sides,
// rules, messages), the instant in RFC 3339 with nanoseconds in UTC, the
// reason code as a number, and only the fields that apply to the kind:
//
//	{"kind":"logged-out","at":"2026-03-02T09:01:00Z","rule":"AG-4","agent":1001,"peripheral":5000,"mrd":1,"from":"AVAILABLE","to":"LOGOUT","reason":50002,"report":"RP-7"}
//
// An enum value that has no name (a zero Kind, an invalid state) is an
// error wrapping [ccefsm.ErrUnknownValue].
func (e Effect) MarshalJSON() ([]byte, error) {
	kind, err := e.Kind.MarshalText()
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, 256)
	b = append(b, `{"kind":`...)
	b = strconv.AppendQuote(b, string(kind))
	b = append(b, `,"at":"`...)
	b = e.At.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if e.Rule != ccefsm.RuleNone {
		v, err := e.Rule.MarshalText()
		if err != nil {
			return nil, err
		}
		b = append(b, `,"rule":`...)
		b = strconv.AppendQuote(b, string(v))
	}
	var first error
	e.visit(func(key string, v []byte, err error) {
		if err != nil {
			if first == nil {
				first = err
			}
			return
		}
		b = append(b, ',', '"')
		b = append(b, key...)
		b = append(b, '"', ':')
		b = strconv.AppendQuote(b, string(v))
	}, func(key string, v uint64) {
		b = append(b, ',', '"')
		b = append(b, key...)
		b = append(b, '"', ':')
		b = strconv.AppendUint(b, v, 10)
	})
	if first != nil {
		return nil, first
	}
	return append(b, '}'), nil
}

// LogValue implements [log/slog.LogValuer]: a group with the fields and
// names of MarshalJSON (a value with no name is logged by its String, such
// as "State(20)").
func (e Effect) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 12)
	attrs = append(attrs, slog.String("kind", e.Kind.String()), slog.Time("at", e.At))
	if e.Rule != ccefsm.RuleNone {
		attrs = append(attrs, slog.String("rule", e.Rule.String()))
	}
	e.visit(func(key string, v []byte, err error) {
		if err != nil {
			attrs = append(attrs, slog.String(key, e.fieldString(key)))
			return
		}
		attrs = append(attrs, slog.String(key, string(v)))
	}, func(key string, v uint64) {
		attrs = append(attrs, slog.Uint64(key, v))
	})
	return slog.GroupValue(attrs...)
}

// fieldString returns the String of the enum field key, for LogValue.
func (e Effect) fieldString(key string) string {
	switch key {
	case "from":
		return e.From.String()
	case "to":
		return e.To.String()
	case "table":
		return e.Table.String()
	case "side":
		return e.Side.String()
	case "message":
		return e.Message.String()
	}
	return e.Report.String()
}
