package cti

import (
	"strconv"

	"github.com/ccefsm/ccefsm"
)

// MapRowID numbers a row of the mapping table ([MapRows]): the rule by
// which a [Mapper] turned a message into the engine's inputs, or decided
// that it gives none. Every [Mapped] value names its row. The numbers are
// those of docs/cti.md; they never change, and new rows are appended.
//
// The zero value names no row.
type MapRowID uint8

// Rows of the mapping table. See [MapRows] for each row's message types,
// condition, inputs, rule, provenance and note.
const (
	RowObserve                   MapRowID = iota + 1 // an agent's state: an observation (AG-10)
	RowBurstHold                                     // a PIM reconnect's report, held in its burst (AG-2)
	RowBurstReport                                   // the burst closes: report-states (AG-2)
	RowBurstStray                                    // a burst report for an agent of another peripheral
	RowUnknownPeripheral                             // an agent of a peripheral the configuration lacks
	RowUnknownMRD                                    // an agent state in an MRD the configuration lacks
	RowPeripheralOffline                             // SYS_PERIPHERAL_OFFLINE: down acd (AG-1)
	RowPeripheralOnline                              // SYS_PERIPHERAL_ONLINE: up acd, burst opens (AG-2)
	RowPeripheralOnlineAgain                         // SYS_PERIPHERAL_ONLINE of an online peripheral: burst opens
	RowPeripheralEventUnknown                        // a peripheral event for a peripheral the configuration lacks
	RowStatusPeripheralOffline                       // PGS_PERIPHERAL_OFFLINE on a one-peripheral PG: down acd (AG-1)
	RowStatusPeripheralAmbiguous                     // PGS_PERIPHERAL_OFFLINE on a PG of several peripherals
	RowStatusPeripheralsOnline                       // PGS_PERIPHERAL_OFFLINE clear: up acd (AG-2)
	RowControllerDown                                // PGS_CC_DOWN: down link-pg-cc (RT-6)
	RowControllerUp                                  // PGS_CC_DOWN clear: up link-pg-cc (RT-6)
	RowOPCDown                                       // PGS_OPC_DOWN: down link-app-cti (AG-8)
	RowCTIServerOffline                              // PGS_CTI_SERVER_OFFLINE: down link-app-cti (AG-8)
	RowServerOffline                                 // FAILURE_EVENT E_CTI_CTI_SERVER_OFFLINE: down link-app-cti (AG-8)
	RowSessionClosed                                 // CLOSE_CONF or a lost connection: down link-app-cti (AG-8)
	RowAppPathUp                                     // the session open and the PG reachable: up link-app-cti (AG-8)
	RowNotAnApplication                              // the client's path changed, but the client is no application
	RowNoChange                                      // a status message that changes nothing the mapper tracks
	RowSession                                       // a session message that carries no fact
	RowTaskMessage                                   // a task or resynchronisation message, kept raw
	RowOtherMessage                                  // any other message

	numRows
)

// MapRow is one row of the mapping table: which messages it applies to and
// when, the inputs of the failover engine it produces, the rule of the
// catalogue that says what the engine will do with them, where the mapping
// comes from, and why.
type MapRow struct {
	ID MapRowID
	// Name is a short name for the row, such as "peripheral-offline".
	Name string
	// Messages are the message types the row applies to; none for a row
	// applied by a call other than Map (Flush, Closed) or by any message.
	Messages []MessageType
	// Condition says when the row applies.
	Condition string
	// Inputs says which failover inputs the row produces: the operation,
	// its element or its fields and where each value comes from; "none"
	// for a row that produces no input.
	Inputs string
	// Rule is the catalogue rule that governs the inputs; RuleNone for a
	// row that produces none.
	Rule       ccefsm.RuleID
	Provenance ccefsm.Provenance
	Source     string
	Note       string
}

// String returns "M" and the row's number, such as "M7".
func (id MapRowID) String() string { return "M" + strconv.Itoa(int(id)) }

// IsValid reports whether id names a row of the table.
func (id MapRowID) IsValid() bool { return id > 0 && id < numRows }

// Row returns the row id names, and false for an ID that names none.
func (id MapRowID) Row() (MapRow, bool) {
	if !id.IsValid() {
		return MapRow{}, false
	}
	r := mapRows[id]
	r.ID = id
	r.Messages = append([]MessageType(nil), r.Messages...)
	return r, true
}

// MapRows returns the mapping table, in row order: a copy, which the caller
// may change.
func MapRows() []MapRow {
	rows := make([]MapRow, 0, numRows-1)
	for id := MapRowID(1); id < numRows; id++ {
		r, _ := id.Row()
		rows = append(rows, r)
	}
	return rows
}

// Sources of the table.
const (
	srcGuideASE    = "CTI Server Message Reference Guide (Protocol Version 25), Application Level Interfaces, AGENT_STATE_EVENT"
	srcGuideSE     = "CTI Server Message Reference Guide (Protocol Version 25), SYSTEM_EVENT; Constants and Status Codes, \"SystemEventID Values\""
	srcGuidePG     = "CTI Server Message Reference Guide (Protocol Version 25), Constants and Status Codes, \"PGStatusCode Values\""
	srcGuideSess   = "CTI Server Message Reference Guide (Protocol Version 25), Session Management"
	srcGuideTypes  = "CTI Server Message Reference Guide (Protocol Version 24), Messaging Conventions, \"Message Types\""
	srcChapterPIM  = "Reporting Concepts 12.6(1), Data Loss and Component Failover, §Data Loss from PIM Failure and Reporting"
	srcChapterCTI  = "Reporting Concepts 12.6(1), Data Loss and Component Failover, §Application Instance / Agent PG CTI Server / PIM Failover"
	srcFinesseDev  = "Cisco Finesse Web Services Developer Guide 12.5(1), user and dialog states"
	whyACD         = "A CTI client cannot tell a PIM failure from a failure of the PIM's link to the ACD or of the ACD itself: the CTI server reports the peripheral offline in all three cases. The engine is told acd:P, the one element whose failure takes the peripheral offline on every side of a simplex or duplex PG (CS-6), which is what the client observed; a PIM element would be the wrong one on a duplex PG, where the engine would let the other side take over at once. The consequences for agents and reporting are those of any of the three (AG-1, RP-1, RT-5)."
	whyLinkPGCC    = "A CTI client cannot tell the Central Controller down from its PG's link to it. The engine is told the PG's link to the Central Controller on every side of the PG (one on a simplex PG), which takes down the PG's path to the CallRouter (RT-6, RP-5) and nothing else; the Central Controller itself would also take down every MR PG's routing (CS-3), which the client did not see."
	whyLinkAppCTI  = "The client cannot tell the CTI server, its PG side or the network apart. The engine is told the link between the application and the CTI server, the one element whose failure takes down the application's CTI path (AG-8, TS-1 … TS-5, RP-4) and nothing else."
	whyNoPGSide    = "No message tells a client which PG side failed, so the mapper never reports an Agent PG side or a CTI server element; the consequences it can see are reported as the elements that cause exactly them."
	burstClosers   = "any message other than a held report or a heartbeat, an AGENT_STATE_EVENT that cannot join (another peripheral or MRD, an agent already reported, an invalid state, more than BurstGap after the burst's last message), MapperConfig.MaxBurst reports, Mapper.Flush, Mapper.Closed"
	noInputMessage = "The message is noted (its row is in the output) and nothing changes."
)

// mapRows is the table, indexed by row ID; mapRows[0] is unused.
var mapRows = [numRows]MapRow{
	RowObserve: {
		Name:      "observe",
		Messages:  []MessageType{MsgAgentStateEvent},
		Condition: "the event is for a configured peripheral and MRD, and does not join a reconnect burst (M2)",
		Inputs:    "agent-observe: Agent = ICMAgentID, MRD = MRDID, State = AgentState, Reason = EventReasonCode, at the message's instant",
		Rule:      ccefsm.AG10, Provenance: ccefsm.Documented, Source: srcGuideASE + "; " + srcFinesseDev,
		Note: "AgentState is the agent's state in the MRD the event names. StateDuration is not used: an observation takes the state as entered at the message's instant.",
	},
	RowBurstHold: {
		Name:      "burst-hold",
		Messages:  []MessageType{MsgAgentStateEvent},
		Condition: "a reconnect burst of peripheral P is open (M8, M9); the event is for P and the voice MRD, its agent is not yet in the burst, its AgentState is valid, and it comes at most BurstGap after the burst's last message",
		Inputs:    "none yet: the report (Agent = ICMAgentID, MRD = MRDID, State = AgentState, Reason = EventReasonCode, time in state = StateDuration) is held for M3",
		Rule:      ccefsm.AG2, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcChapterPIM + ", Note; " + srcGuideASE,
		Note: "No message marks the end of the reports that follow a PIM reconnect. The mapper holds the AGENT_STATE_EVENTs of the reconnected peripheral's voice MRD, one per agent, from SYS_PERIPHERAL_ONLINE until the next message of another kind or a gap of BurstGap (2 s by default): inferred, configurable. Only the voice MRD is held because only the voice MRD is logged out when the peripheral goes offline (AG-1).",
	},
	RowBurstReport: {
		Name:      "burst-report",
		Condition: "an open reconnect burst of peripheral P closes: " + burstClosers,
		Inputs:    "report-states: Peripheral = P, Reports = the held reports in arrival order, each with InState = StateDuration plus the time it was held; at the instant of the burst's last message",
		Rule:      ccefsm.AG2, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcChapterPIM + ", Note",
		Note: "The input comes before the inputs of the message that closed the burst, and carries the instant of the burst's last message, so that inputs stay in time order. Adding the time held to StateDuration keeps the instant each agent entered its state exact. An empty burst produces no input.",
	},
	RowBurstStray: {
		Name:      "burst-stray",
		Condition: "a held report whose agent MapperConfig.Agents does not place on P (an unknown agent, or one of another peripheral)",
		Inputs:    "agent-observe for that report, after M3's input, at the same instant",
		Rule:      ccefsm.AG10, Provenance: ccefsm.Inferred,
		Note: "report-states is refused whole when one report is (AG-2 applies all or nothing); one stale agent must not void a peripheral's reconnect, so the reports the engine would refuse are left out of it and applied alone, where the engine accepts or refuses each by itself. Without MapperConfig.Agents every held report goes into M3.",
	},
	RowUnknownPeripheral: {
		Name:       "unknown-peripheral",
		Messages:   []MessageType{MsgAgentStateEvent},
		Condition:  "the event's PeripheralID is not one of MapperConfig.Peripherals",
		Inputs:     "none",
		Provenance: ccefsm.Inferred,
		Note:       "The topology does not model the peripheral, so the engine cannot place the agent. " + noInputMessage,
	},
	RowUnknownMRD: {
		Name:       "unknown-mrd",
		Messages:   []MessageType{MsgAgentStateEvent},
		Condition:  "the event's MRDID is not one of MapperConfig.MRDs",
		Inputs:     "none",
		Provenance: ccefsm.Inferred,
		Note:       "A deployment may model only some of its MRDs; the events of the others would only be refused by the engine. " + noInputMessage,
	},
	RowPeripheralOffline: {
		Name:      "peripheral-offline",
		Messages:  []MessageType{MsgSystemEvent},
		Condition: "SystemEventID SYS_PERIPHERAL_OFFLINE for a configured peripheral P (SystemEventArg1), which the session last saw online",
		Inputs:    "down acd:P",
		Rule:      ccefsm.AG1, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcGuideSE + "; " + srcChapterPIM,
		Note: "The element is inferred. " + whyACD,
	},
	RowPeripheralOnline: {
		Name:      "peripheral-online",
		Messages:  []MessageType{MsgSystemEvent},
		Condition: "SystemEventID SYS_PERIPHERAL_ONLINE for a configured peripheral P (SystemEventArg1), which the session last saw offline",
		Inputs:    "up acd:P; then P's reconnect burst opens (M2)",
		Rule:      ccefsm.AG2, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcGuideSE + "; " + srcChapterPIM + ", Note",
		Note: "The element is inferred, as in M7. The burst closes any burst already open first.",
	},
	RowPeripheralOnlineAgain: {
		Name:      "peripheral-online-again",
		Messages:  []MessageType{MsgSystemEvent},
		Condition: "SystemEventID SYS_PERIPHERAL_ONLINE for a configured peripheral P that the session already sees online",
		Inputs:    "none; P's reconnect burst opens (M2)",
		Rule:      ccefsm.AG2, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcChapterPIM + ", Note",
		Note: "The PIM reconnected while the client was not listening, or the offline event was lost: the engine already has the peripheral online, but the reports that follow are still the ACD's reconnect reports.",
	},
	RowPeripheralEventUnknown: {
		Name:       "unknown-peripheral-event",
		Messages:   []MessageType{MsgSystemEvent},
		Condition:  "SYS_PERIPHERAL_ONLINE, SYS_PERIPHERAL_OFFLINE, SYS_INSTRUMENT_OUT_OF_SERVICE or SYS_INSTRUMENT_BACK_IN_SERVICE for a peripheral that is not one of MapperConfig.Peripherals",
		Inputs:     "none (the message's PGStatus still counts: M11 … M20)",
		Provenance: ccefsm.Inferred,
		Note:       "The topology does not model the peripheral.",
	},
	RowStatusPeripheralOffline: {
		Name:      "status-peripheral-offline",
		Messages:  []MessageType{MsgOpenConf, MsgSystemEvent},
		Condition: "PGStatus has PGS_PERIPHERAL_OFFLINE, the PG has exactly one peripheral P, the session last saw P online, and the message is not a SYS_PERIPHERAL event naming P",
		Inputs:    "down acd:P",
		Rule:      ccefsm.AG1, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcGuidePG + "; " + srcChapterPIM,
		Note: "The bit says one or more peripherals are offline; with one peripheral it says which. The element is inferred, as in M7.",
	},
	RowStatusPeripheralAmbiguous: {
		Name:       "status-peripheral-ambiguous",
		Messages:   []MessageType{MsgOpenConf, MsgSystemEvent},
		Condition:  "PGStatus has PGS_PERIPHERAL_OFFLINE (in an OPEN_CONF, or newly in a SYSTEM_EVENT), the PG has several peripherals, and the message names none of them",
		Inputs:     "none",
		Provenance: ccefsm.Inferred, Source: srcGuidePG,
		Note: "The bit does not say which peripheral is offline; the SYS_PERIPHERAL_OFFLINE event that names it does (M7). Guessing would log out agents of a peripheral that is online.",
	},
	RowStatusPeripheralsOnline: {
		Name:      "status-peripherals-online",
		Messages:  []MessageType{MsgOpenConf, MsgSystemEvent},
		Condition: "PGStatus lacks PGS_PERIPHERAL_OFFLINE: for each configured peripheral P that the message does not name, in an OPEN_CONF, or in a SYSTEM_EVENT when the session last saw P offline",
		Inputs:    "up acd:P",
		Rule:      ccefsm.AG2, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcGuidePG,
		Note: "No peripheral of the PG is offline. An OPEN_CONF states the PG's status in full, so it produces the input for every peripheral, whatever the session saw before (the engine ignores an element that is already up): a service that restarts, or a session that was closed while something changed, is back in step at the next OPEN_CONF. No burst opens: the reconnect reports, if any, were sent before.",
	},
	RowControllerDown: {
		Name:      "controller-down",
		Messages:  []MessageType{MsgOpenConf, MsgSystemEvent},
		Condition: "PGStatus has PGS_CC_DOWN, or SystemEventID is SYS_CENTRAL_CONTROLLER_OFFLINE (the event wins over the bit); in an OPEN_CONF, or in a SYSTEM_EVENT when the session last saw the Central Controller reachable",
		Inputs:    "down link-pg-cc:PG:A, and down link-pg-cc:PG:B on a duplex PG",
		Rule:      ccefsm.RT6, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcGuidePG + "; " + srcGuideSE + "; " + srcChapterCTI,
		Note: "The elements are inferred. " + whyLinkPGCC,
	},
	RowControllerUp: {
		Name:      "controller-up",
		Messages:  []MessageType{MsgOpenConf, MsgSystemEvent},
		Condition: "PGStatus lacks PGS_CC_DOWN, or SystemEventID is SYS_CENTRAL_CONTROLLER_ONLINE; in an OPEN_CONF, or in a SYSTEM_EVENT when the session last saw the Central Controller unreachable",
		Inputs:    "up link-pg-cc:PG:A, and up link-pg-cc:PG:B on a duplex PG",
		Rule:      ccefsm.RT6, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcGuidePG + "; " + srcChapterCTI,
		Note: "As M14. An OPEN_CONF produces the inputs whatever the session saw before, as in M13.",
	},
	RowOPCDown: {
		Name:      "opc-down",
		Messages:  []MessageType{MsgOpenConf, MsgSystemEvent},
		Condition: "the client is an application (MapperConfig.App); PGStatus has PGS_OPC_DOWN, or SystemEventID is SYS_PERIPHERAL_GATEWAY_OFFLINE; in an OPEN_CONF, or in a SYSTEM_EVENT when the path was up",
		Inputs:    "down link-app-cti:APP",
		Rule:      ccefsm.AG8, Provenance: ccefsm.Inferred, Source: srcGuidePG + "; " + srcGuideSE,
		Note: "Without the PG's OPC the CTI server can forward neither agent events nor the application's task reports: the application's CTI path no longer works. " + whyLinkAppCTI + " " + whyNoPGSide,
	},
	RowCTIServerOffline: {
		Name:      "cti-server-offline",
		Messages:  []MessageType{MsgOpenConf, MsgSystemEvent},
		Condition: "the client is an application; PGStatus has PGS_CTI_SERVER_OFFLINE, or SystemEventID is SYS_CTI_SERVER_OFFLINE (SYS_CTI_SERVER_ONLINE clears it); in an OPEN_CONF, or in a SYSTEM_EVENT when the path was up. When this and M16 both hold, the row is the one whose condition is new in the message (M17 if both are or neither is)",
		Inputs:    "down link-app-cti:APP",
		Rule:      ccefsm.AG8, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcGuidePG + "; " + srcGuideSE,
		Note: "A software layer between the client and the CTI server reports that it lost the CTI server: the client's CTI path is down. The element is inferred. " + whyLinkAppCTI,
	},
	RowServerOffline: {
		Name:      "server-offline",
		Messages:  []MessageType{MsgFailureEvent},
		Condition: "the client is an application; Status is E_CTI_CTI_SERVER_OFFLINE",
		Inputs:    "down link-app-cti:APP",
		Rule:      ccefsm.AG8, Provenance: ccefsm.Documented | ccefsm.Inferred, Source: srcGuideSess + ", \"Session Termination\"",
		Note: "The client must close the session on this status: the session ends here. The element is inferred. " + whyLinkAppCTI,
	},
	RowSessionClosed: {
		Name:      "session-closed",
		Messages:  []MessageType{MsgCloseConf},
		Condition: "the client is an application; CLOSE_CONF, or Mapper.Closed (the connection ended without one: a transport error, missed heartbeats)",
		Inputs:    "down link-app-cti:APP",
		Rule:      ccefsm.AG8, Provenance: ccefsm.Inferred, Source: srcGuideSess,
		Note: "A closed session is the application's CTI path down until the next OPEN_CONF (M20). " + whyLinkAppCTI,
	},
	RowAppPathUp: {
		Name:      "app-path-up",
		Messages:  []MessageType{MsgOpenConf, MsgSystemEvent},
		Condition: "the client is an application; the session is open (an OPEN_CONF), PGStatus lacks PGS_OPC_DOWN and PGS_CTI_SERVER_OFFLINE, and no SYS_PERIPHERAL_GATEWAY_OFFLINE or SYS_CTI_SERVER_OFFLINE holds; in an OPEN_CONF, or in a SYSTEM_EVENT when the path was down",
		Inputs:    "up link-app-cti:APP",
		Rule:      ccefsm.AG8, Provenance: ccefsm.Inferred, Source: srcGuideSess + "; " + srcGuidePG,
		Note: "A standby session (OPEN_CONF SessionType 2, version 24 and later) counts as open: the message that announces the standby's promotion has no public field table, so the mapper could not tell when such a session becomes active (inferred).",
	},
	RowNotAnApplication: {
		Name:       "not-an-application",
		Messages:   []MessageType{MsgOpenConf, MsgSystemEvent, MsgFailureEvent, MsgCloseConf},
		Condition:  "a condition of M16 … M20 changes, and MapperConfig.App is 0",
		Inputs:     "none",
		Provenance: ccefsm.Inferred,
		Note:       "A client that is no Application Instance (a gateway, a reporting collector) has no path in the topology: losing its session changes nothing in the contact center, only what the client can see.",
	},
	RowNoChange: {
		Name:       "no-change",
		Messages:   []MessageType{MsgOpenConf, MsgSystemEvent, MsgFailureEvent, MsgCloseConf},
		Condition:  "a message that changes nothing the mapper tracks: a SYSTEM_EVENT of PGS_LIMITED_FUNCTION, bits no guide defines, SYS_TEXT_FYI, SYS_HALF_HOUR_CHANGE, SYS_INSTRUMENT_OUT_OF_SERVICE or SYS_INSTRUMENT_BACK_IN_SERVICE of a configured peripheral, or a condition that already holds; a FAILURE_EVENT E_CTI_CTI_SERVER_OFFLINE, a CLOSE_CONF or Mapper.Closed while the application's path is already down",
		Inputs:     "none",
		Provenance: ccefsm.Inferred, Source: srcGuideSE,
		Note: "The topology has no element for an agent's instrument, nor for limited local call control. " + noInputMessage,
	},
	RowSession: {
		Name:       "session",
		Messages:   []MessageType{MsgOpenReq, MsgHeartbeatReq, MsgHeartbeatConf, MsgCloseReq, MsgFailureConf, MsgFailureEvent},
		Condition:  "OPEN_REQ, HEARTBEAT_REQ, HEARTBEAT_CONF, CLOSE_REQ, FAILURE_CONF, or FAILURE_EVENT with a status other than E_CTI_CTI_SERVER_OFFLINE",
		Inputs:     "none",
		Provenance: ccefsm.Inferred, Source: srcGuideSess,
		Note: "Requests and their confirmations carry no failover fact: the session closes at CLOSE_CONF (M19), a FAILURE_CONF refuses one request and leaves the session as it was. Heartbeats do not close a reconnect burst. " + noInputMessage,
	},
	RowTaskMessage: {
		Name: "task-message",
		Messages: []MessageType{MsgOfferTaskInd, MsgOfferApplicationTaskReq, MsgOfferApplicationTaskResp,
			MsgStartTaskInd, MsgStartApplicationTaskReq, MsgStartApplicationTaskResp, MsgPauseTaskInd,
			MsgResumeTaskInd, MsgWrapupTaskInd, MsgEndTaskInd, MsgBeginAgentInitInd, MsgAgentInitReq,
			MsgAgentInitResp, MsgEndAgentInitInd, MsgTaskInitInd, MsgAgentInitReadyEvent, MsgEndTaskEvent,
			MsgMaxTaskLifetimeExceededEvent, MsgTaskInitReq, MsgTaskInitResp},
		Condition:  "a task or resynchronisation message, decoded as a Raw",
		Inputs:     "none",
		Provenance: ccefsm.Inferred, Source: srcGuideTypes,
		Note: "A limitation of this package, not a consequence any Cisco document gives: these messages do carry task facts, but no public edition of the CTI Server Message Reference Guide gives the field tables of the ARM task and resynchronisation messages, so their bodies are kept raw and their task IDs, agents and dispositions cannot be read; the source documents only their names and type numbers. " + noInputMessage + " Once their layouts are verified, OFFER_TASK_IND … END_TASK_IND map to failover task inputs (TaskOffer, TaskStart, TaskPause, TaskResume, TaskWrapUp, TaskEnd with its disposition), MAX_TASK_LIFETIME_EXCEEDED_EVENT to TaskEnd with 41 (TS-6), TASK_INIT_REQ to a task created at restore (TS-5), BEGIN_AGENT_INIT_IND … AGENT_INIT_READY_EVENT to the email resynchronisation (AG-9).",
	},
	RowOtherMessage: {
		Name:       "other-message",
		Condition:  "any other message: a Raw of a type the package does not name",
		Inputs:     "none",
		Provenance: ccefsm.Inferred,
		Note:       "A client must tolerate what a newer server sends. " + noInputMessage,
	},
}
