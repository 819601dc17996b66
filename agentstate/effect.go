package agentstate

import (
	"strconv"

	"github.com/ccefsm/ccefsm"
)

//go:generate go tool stringer -type=EffectKind,Message,Cause -linecomment -output=effect_string.go

// EffectKind says what an [Effect] reports.
type EffectKind uint8

// Effect kinds.
const (
	EffectNone EffectKind = iota // none
	// EffectLoggedOut: the system logged the agent out of the MRD (AG-1,
	// AG-4, AG-6).
	EffectLoggedOut // logged out
	// EffectLoggedIn: the agent was logged in again automatically and put in
	// the state of a failover table row (AG-5 with AG-T1, AG-7 with AG-T2).
	// From is the state at the failover, the row's "before" column.
	EffectLoggedIn // logged in
	// EffectObserved: a state reported by the ACD, the CTI server or the
	// email manager was applied (AG-2, AG-9, AG-10).
	EffectObserved // observed
	// EffectPeripheralOffline: the peripheral is marked offline to the
	// Central Controller (AG-1, AG-3).
	EffectPeripheralOffline // peripheral offline
	// EffectPeripheralOnline: Side's PIM became the active one and the
	// peripheral is online again (AG-3).
	EffectPeripheralOnline // peripheral online
	// EffectSideStandby: Side is healthy and stands by (AG-3).
	EffectSideStandby // side standby
	// EffectSideDown: Side lost its connection (AG-3).
	EffectSideDown // side down
	// EffectStayLoggedIn: the application's CTI server path went down and
	// the agents of the MRD stay logged in (AG-8, AG-9).
	EffectStayLoggedIn // stay logged in
	// EffectPathRestored: the application's CTI server path is back.
	EffectPathRestored // path restored
	// EffectResync: one message of the agent resynchronisation of an
	// email-type MRD after a CTI outage (AG-9); Message names it.
	EffectResync // resync
)

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

// Effect is one consequence of a roster input, for the embedding service to
// act on or record. Fields that do not apply to the kind are zero.
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
}

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
