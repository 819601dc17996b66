package ccefsm

// Sources cited by the catalogue. The chapter is "Data Loss and Component
// Failover" of Cisco's Reporting Concepts for Unified ICM/CCE 12.6(1); the
// Webex CCE edition has the same text.
const (
	srcPIM      = "Reporting Concepts 12.6(1), Data Loss and Component Failover, §Data Loss from PIM Failure and Reporting"
	srcPG       = "Reporting Concepts 12.6(1), Data Loss and Component Failover, §Peripheral Gateway / CTI Manager Service Failover"
	srcFinesse  = "Reporting Concepts 12.6(1), Data Loss and Component Failover, §Agent Desktop/Finesse Server Failover"
	srcMRPG     = "Reporting Concepts 12.6(1), Data Loss and Component Failover, §Application Instance / MR PG Failover"
	srcCTI      = "Reporting Concepts 12.6(1), Data Loss and Component Failover, §Application Instance / Agent PG CTI Server / PIM Failover"
	srcCTIMsg   = "CTI Server Message Reference Guide (Protocol Version 25), UCCE 15.0(1)"
	srcFinDev   = "Cisco Finesse Web Services Developer Guide 12.5(1), user and dialog states"
	srcSRND     = "UCCE Solution Reference Network Design, Design Considerations for High Availability (7.x)"
	srcMRDAPI   = "UCCE Developer Reference 12.0(1), Media Routing Domain API"
	srcReportDt = "Reporting Concepts 12.0(1), Reporting Data (interval length)"
)

var catalogue = [ruleEnd]Rule{
	AG1: {AG1, "When a PIM fails, its link to the ACD goes down, or the ACD goes down, the peripheral is marked offline to the Central Controller and every agent on it is set to Logged Out in the voice MRD, and reported so to the CallRouter.",
		Documented | Inferred, "The scope is inferred: the chapter says the agents are logged out, and its last paragraph says the CTI server keeps serving the non-voice MRDs of those agents while the PIM is down, so only the voice MRD is logged out. A reading of that paragraph, not a setting: logging out the other MRDs would contradict it.", srcPIM + "; " + srcCTI + ", last paragraph"},
	AG2: {AG2, "When the PIM reconnects, the ACD reports each agent's state and time in state; these are taken as observations, accurate enough for routing. History for the interval(s) of the outage stays unrecoverable (RP-2).",
		Documented, "", srcPIM + ", Note"},
	AG3: {AG3, "A duplexed PG has exactly one active PIM side per peripheral. When the active side loses its connection and the other side is healthy, the other side activates; the gap is a PIM outage (AG-1 at the loss, AG-2 at activation). With both sides down the peripheral stays offline.",
		Documented | Inferred | Configurable, "That the gap between loss and activation is an outage is inferred. Which side starts active is configurable, default the first healthy side, side A first (the side that first reaches the router goes active). A side that returns stands by until the active side fails (the SRND's active/idle PIM pair); a failback would be a PIM outage of its own (AG-1, RP-1), so there is no failback setting.", srcPIM + ", last paragraph; " + srcSRND},
	AG4: {AG4, "When the agent's PG (active side) or the CTI Manager service shuts down, each logged-in agent of the peripheral is logged out momentarily with reason code 50002.",
		Documented | Inferred | Configurable, "MRD scope is inferred: a PG failover logs the agent out of every MRD of the peripheral; a CTI Manager failover only out of the voice MRD, the only MRD that Unified CM carries. failover.Config.CTIManagerAllMRDs (agentstate.Config's) logs every MRD out at a CTI Manager failover. The PG's scope is no setting: the failed side hosts the peripheral's CTI server and OPC, which serve every MRD (CS-7).", srcPG},
	AG5: {AG5, "When the backup PG side or the CTI Manager comes into service, the agent is logged in again automatically and lands in the state given by table AG-T1.",
		Documented | Inferred | Configurable, "Automatic re-login is configurable, on by default (the chapter says the agent might be logged in again). When the primary CTI Manager returns while the backup serves, the failover engine keeps the PIMs on the backup (inferred: they move only when the CTI Manager they use fails); failover.Config.CTIManagerClients chooses otherwise: failover.ReconnectFailback moves them back at once (AG-4 and AG-5 again), and failover.ReconnectHomeOnly keeps them on the primary, the CTI Manager out of service while it is.", srcPG + ", Table 1"},
	AG6: {AG6, "When the agent desktop shuts down or loses the Finesse server, or the Finesse server shuts down, the agent is logged out of every MRD the peripheral supports, with reason code 50002.",
		Documented | Inferred | Configurable, "The failover engine counts the Finesse path as down while its Agent PG's CTI server has no working side, as when the Finesse server itself is down: Finesse reaches the agents through that CTI server (inferred); failover.Config.FinesseWithoutCTIServer makes the Finesse path depend on the Finesse servers and their links only.", srcFinesse},
	AG7: {AG7, "When the desktop comes back, resumes communication, or connects to the backup Finesse server, the agent is logged in again automatically and lands in the state given by table AG-T2.",
		Documented | Inferred | Configurable, "When the primary Finesse server returns while the backup serves, the failover engine keeps the desktops on the backup (inferred: they move only when their server fails); failover.Config.FinesseClients chooses otherwise: failover.ReconnectFailback moves them back at once (AG-6 and AG-7 again), and failover.ReconnectHomeOnly keeps them on the primary, the agents logged out while it is down.", srcFinesse + ", Table 2"},
	AG8: {AG8, "When the path between an Application Instance and the Agent PG CTI server goes down, agents stay logged in.",
		Documented | Inferred | Configurable, "While the path is down the failover engine refuses a request of an agent of the application's Agent PG in a chat or other non-email MRD of that application (failover.ErrPathDown): the CTI server cannot hear it (inferred; email requests are recorded by the email manager, AG-9). failover.Config.NoPathDownRefusal applies such a request instead, the caller answering for it, and the CTI server learns the agent's state as an observation (AG-10) when the path returns.", srcCTI},
	AG9: {AG9, "For an email-type MRD, agents are not logged out when the CTI server or its connection goes down; the email manager keeps recording agent state and assigning tasks, and on restore sends the updated state, which is applied as observations after a resynchronisation (messages 181-186); the agent's history over the outage is recreated (RP-6).",
		Documented, "", srcCTI + ", Note; " + srcCTIMsg + " (ARM messages 181-186)"},
	AG10: {AG10, "Observations reported by the CTI server or the ACD are always accepted: during failover any state may follow any state.",
		Documented, "", srcFinDev},
	AGT1: {AGT1, "State after a PG or CTI Manager failover: Available stays Available, Not Ready stays Not Ready, wrap-up becomes Available if the agent was Available before the call and Not Ready otherwise; Reserved becomes Available, Talking and Hold are unchanged, non-voice states are rebuilt from the agent's tasks.",
		Documented | Inferred | Configurable, "The Available, Not Ready and wrap-up rows are documented; Reserved (by analogy with AG-T2), Talking/Hold (calls recovered from Unified CM) and the non-voice rows (state rebuilt from tasks, none gives Not Ready) are inferred and overridable (agentstate.Table.Override; failover.Config.PGTable).", srcPG + ", Table 1; " + srcSRND + "; " + srcCTIMsg + " (GET_AGENT_TASKS_REQ)"},
	AGT2: {AGT2, "State after a desktop or Finesse failover: as AG-T1, but Reserved becomes Available by documentation.",
		Documented | Inferred | Configurable, "Reserved, Available, Not Ready and wrap-up rows are documented; the other rows are AG-T1's inferred rows, overridable in this table too (failover.Config.DesktopTable).", srcFinesse + ", Table 2"},

	TS1: {TS1, "When the path between an Application Instance and the Agent PG CTI server goes down, every open task of the application's MRDs survives for the MRD's task life, counted from the moment the path went down; if the path comes back first the tasks go on, otherwise each open task ends with disposition 42 at down-time plus task life.",
		Documented, "", srcCTI + "; " + srcCTIMsg + " (disposition 42); " + srcMRDAPI + " (taskLife, default 1200 s)"},
	TS2: {TS2, "A task that the application ends while the path is down, within task life, is ended by the Agent PG with disposition 51 when the path reinitialises.",
		Documented, "", srcFinDev + " (CD_TASK_ENDED_DURING_APP_INIT)"},
	TS3: {TS3, "Email-type MRDs are not terminated at task life: when the outage outlasts the MRD's time limit, reporting on each open task ends at the limit and a new reporting segment starts when the path is restored.",
		Documented | Inferred | Configurable, "Cisco says reporting might be ended at the limit; the library ends it by default and MRD.NoTimeLimitCut turns the cut off. Which attribute is the time limit is configurable; the default is the task life. The end of the cut segment carries disposition 53 (partial call, the interim Termination_Call_Detail record), inferred: the documented meaning of 53, not a setting.", srcCTI + ", Note; " + srcCTIMsg + " (disposition 53)"},
	TS4: {TS4, "While the CTI server path is down the application may keep assigning tasks and, while its MR PG path is up, keep routing; no reporting data is stored for tasks meanwhile (RP-4).",
		Documented, "", srcCTI},
	TS5: {TS5, "A task begun while the ARM interface was down and still open at restore is reported from the restore on (TASK_INIT_REQ, message 209).",
		Documented, "", srcCTIMsg + " (TASK_INIT_REQ 209)"},
	TS6: {TS6, "A task with no End Task within the MRD's maximum task duration ends with disposition 41.",
		Documented, "", srcCTIMsg + " (disposition 41, MAX_TASK_LIFETIME_EXCEEDED_EVENT 207); " + srcMRDAPI + " (maxTaskDuration, default 28800 s)"},
	TS7: {TS7, "When the start timeout expires between agent selection and Offer/Start Task, the agent is made not routable in the MRD and the task ends with disposition 36.",
		Documented, "", srcCTIMsg + " (disposition 36); " + srcMRDAPI + " (taskStartTimeout, default 30 s)"},

	RT1: {RT1, "When the path between an Application Instance and the MR PG goes down, the Central Controller discards every pending NEW_TASK from that application; the application keeps them and keeps reporting its tasks to the Agent PG CTI server.",
		Documented, "", srcMRPG},
	RT2: {RT2, "When the connection, the MR PIM or the Application Instance is restored, the application resends every pending NEW_TASK that got no response.",
		Documented, "", srcMRPG},
	RT3: {RT3, "When the path between the MR PIM and the Central Controller goes down, the MR PIM sends ROUTING_DISABLED; a NEW_TASK sent anyway is rejected with NEW_TASK_FAILURE, and the CallRouter deletes every pending new task.",
		Documented, "", srcMRPG},
	RT4: {RT4, "When that path is restored the MR PIM sends ROUTING_ENABLED; the application resumes routing and resubmits every task the CallRouter deleted.",
		Documented, "", srcMRPG},
	RT5: {RT5, "While a PIM is down, voice routing is unavailable for its agents; non-voice tasks can still be assigned to them and their non-voice MRDs keep working. Voice routing returns with the PIM.",
		Documented, "", srcCTI + ", last paragraph"},
	RT6: {RT6, "While the path between the Agent PG CTI server and the CallRouter is down (or the CallRouter is down), agent activity is tracked and reporting is cached, then sent on restore; nothing is lost.",
		Documented, "", srcCTI},
	RT7: {RT7, "When both sides of a duplex PG are down, the interval data the PG had buffered and not yet sent is lost.",
		Documented, "", srcSRND},
	RT8: {RT8, "An agent can be routed a task of MRD m when the Central Controller is up, the agent is logged in and Available in m, below m's task limit, not busy on a non-interruptible task of another MRD, and, for voice, the agent's PIM is up.",
		Documented | Inferred, "The failover engine also requires the agent's Agent PG to reach the CallRouter (the router learns agent states through it), and counts an agent as not logged in to a non-voice MRD that no application of its own Agent PG serves (no application can assign it a task there); both inferred. Neither is a setting: the first is the path the router learns agents through, the second the topology (failover.Engine.CreateTask refuses such an agent).", srcCTIMsg + " (agent availability rule); " + srcCTI},

	RP1: {RP1, "When the active PIM of a peripheral fails (the PIM, its link to the ACD, or the ACD), the reporting data it had gathered for the peripheral in the open interval is deleted, even when the other side of a duplex PG takes over at once, because the new PIM starts gathering afresh. Data the PG had already buffered or sent is not touched; that is lost only when both sides of a duplex PG are down (RP-8).",
		Documented | Inferred, "That the deleted data is the open interval's, at the failed PIM, and that a takeover by the other side does not save it, is the library's reading of the chapter, which speaks of one PIM and its peripheral: the data lived in the failed PIM, so it is not a setting.", srcPIM},
	RP2: {RP2, "The historical data of every reporting interval a PIM outage overlaps is inaccurate and cannot be rebuilt. Intervals are 15 or 30 minutes long, 30 by default.",
		Documented | Configurable | Inferred, "The interval length is a deployment setting. Intervals start at whole multiples of the length counted from the Unix epoch in UTC, so 30-minute intervals start at :00 and :30 UTC (inferred: the Logger writes half-hour rows on the Central Controller's clock); failover.Topology.IntervalOffset moves them for a Central Controller whose rows start elsewhere (15 minutes for rows at :00 and :30 local time at UTC+05:45).", srcPIM + ", Note; " + srcReportDt},
	RP3: {RP3, "Tasks the application assigns while its MR PG path, or the MR PIM's path to the Central Controller, is down and that complete before restore do not appear in reports.",
		Documented | Inferred | Configurable, "The failover engine applies it to the tasks the application assigns itself (created OFFERED or ACTIVE): a task the router assigns cannot be assigned while routing is down (inferred). failover.Config.RP3Scope chooses otherwise: failover.RP3AnyAssignment widens it to every task that gets its agent while routing is down (created PRE_CALL, or assigned), as a feed that reports the application's own picks as assignments gives them; failover.RP3Off turns it off, for a deployment whose reports were found to hold such tasks.", srcMRPG},
	RP4: {RP4, "While the application's CTI server path is down no reporting data is stored for tasks: tasks assigned and completed within the outage are unreported, tasks spanning it are partial.",
		Documented, "", srcCTI},
	RP5: {RP5, "While the CTI server's path to the CallRouter is down, reporting is cached and delivered on restore: complete, but late.",
		Documented, "", srcCTI},
	RP6: {RP6, "For an email-type MRD, the history over a CTI outage is recreated by the Central Controller from the email manager's resynchronisation: present, but reconstructed.",
		Documented | Inferred | Configurable, "Cisco says the software attempts to recreate the history; the library assumes the attempt succeeds. taskstate.Config.NoHistoryRecreation (failover.Config.NoHistoryRecreation) assumes it fails: such a task ends partial, or unreported when assigned and completed within the outage, by RP-6. The agents' resynchronisation effects keep their RP-6 tag either way: the states are resent whether or not the history is rebuilt.", srcCTI + ", Note"},
	RP7: {RP7, "Logouts caused by AG-4 or AG-6 appear with reason code 50002 in the agent, agent skill group, agent team and agent peripheral Media Logout Status reports.",
		Documented, "", srcPG + "; " + srcFinesse},
	RP8: {RP8, "When both duplex PG sides are down, buffered interval data not yet sent is lost (RT-7).",
		Documented, "", srcSRND},
	RP9: {RP9, "A call in progress across an Agent PG failover is reported as two Termination_Call_Detail records, one before and one after.",
		Inferred, "Inferred from the SRND's description of PG failover (calls recovered from Unified CM, a second TCD written). A CTI Manager failure counts as one: the SRND says the PG's active side fails over when its CTI Manager fails.", srcSRND},

	CS1: {CS1, "A component going down takes down every path it ends; a path is up only when its link and both of its ends are up.",
		Documented | Inferred, "The chapter treats \"the connection shuts down\" and \"either component shuts down\" alike; that every path follows the same rule is inferred: a structural reading, not a setting.", srcMRPG + "; " + srcCTI},
	CS2: {CS2, "When an Application Instance goes down, its path to the MR PG (RT-1, RP-3) and its path to the Agent PG CTI server (AG-8, AG-9, TS-1 to TS-5, RP-4) go down with it.",
		Documented, "", srcMRPG + ", Note"},
	CS3: {CS3, "When the Central Controller goes down, the MR PIM's path to it goes down (RT-3, RT-4) and so does the Agent PG CTI server's path to the CallRouter (RT-6, RP-5).",
		Documented, "", srcMRPG + ", Note; " + srcCTI + ", Note"},
	CS4: {CS4, "When the Central Controller, or the Agent PG's path to it, is down, the Application Instance's interface to the Agent PG CTI server is affected: a task the application assigns itself (OFFER_APPLICATION_TASK_REQ, START_APPLICATION_TASK_REQ) cannot obtain a task ID from the router and ends with disposition 39; tasks already known go on and are reported late (RT-6).",
		Documented | Inferred | Configurable, "The chapter says the interface is affected without saying how; the library applies the documented meaning of disposition 39 (the OPC cannot obtain a task ID when the router or its link is down). The engine's configuration can turn this off.", srcCTI + ", Note; ICM/IPCC Enterprise Database Schema Handbook, CallDisposition 39"},
	CS5: {CS5, "The Central Controller is duplexed: one side down while the other is up is no outage of the Central Controller.",
		Inferred, "The chapter speaks of the Central Controller as one component; its sides A and B back each other up. Whether it is duplexed is the topology's (failover.Topology.CentralController); that a surviving side keeps it up is what duplexing means, not a setting.", srcSRND},
	CS6: {CS6, "When the ACD goes down, or its link to the PIM is down on every side, the peripheral is lost (AG-1); no side can take over until the ACD returns.",
		Documented, "", srcPIM},
	CS7: {CS7, "When a side of an Agent PG goes down, its PIMs, CTI server and OPC go down with it; the other side takes over where it is healthy (AG-3), and the clients of the failed side's CTI server reconnect to the other side.",
		Inferred | Configurable, "The library takes the takeover and the reconnection as instantaneous, so the applications' CTI paths stay up across a side switch (a gap a caller observes is the application's link to the CTI server going down and up, an input); which side goes active first is not deterministic in the field and is configurable (AG-3). The clients stay on the side they reconnected to when the failed side returns; failover.Config.CTIServerClients chooses otherwise: failover.ReconnectFailback moves them back to their home side, and failover.ReconnectHomeOnly keeps them on it, their paths down while it is.", srcPG + "; " + srcSRND},
	CS8: {CS8, "When several causes hold one path down, the path comes back only when the last of them clears, and its recovery (ROUTING_ENABLED, resends, re-logins, the end of a task-life countdown) happens once, at that instant.",
		Inferred, "The chapter describes one failure at a time; a path that two causes hold down cannot come back with one of them: a structural reading, not a setting.", srcMRPG + "; " + srcCTI},
	CS9: {CS9, "A flapping link is a sequence of complete outages and recoveries: each down and each up is applied whole, never half.",
		Inferred, "Field reports of flapping switch ports; the chapter describes one failure at a time. Structural (each down and up is an input), not a setting.", srcSRND},
}
