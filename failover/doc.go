// Package failover is the rules engine of ccefsm: it turns "this component
// went down at 10:02:07" into every consequence Cisco's failover chapter
// describes — agents logged out and back in, tasks that survive or end with
// their disposition, routing requests held and resent, reporting data
// deleted, cached, partial or recreated — each effect citing the rule that
// produced it and the input that caused it.
//
// The leaf packages decide one concern each: agentstate (agents), taskstate
// (tasks), routing (NEW_TASK requests, voice availability, reporting
// caches). An [Engine] owns one of each (a connection per application, a
// cache per Agent PG), is the single owner of the topology's status, and
// drives them in the right order, so that a service feeds one value with
// everything it hears.
//
// # Topology, elements and paths
//
// A [Topology] lists the Central Controller, the Agent PGs with their
// peripherals, the CTI Manager services, the MR PGs, the Application
// Instances with the MRDs they serve, the Finesse pairs and the agents. The
// caller reports [Element] changes — a component or a link down or up
// ([Engine.Down], [Engine.Up]) — and the engine derives the [Path] states
// the rules speak of: a path is up only when its links and the components
// at both of its ends are up (CS-1). Cascades follow from that one rule: an
// application going down takes both of its paths down (CS-2), the Central
// Controller its MR PIM's path and the PGs' paths to the CallRouter
// (CS-3), an ACD its peripheral on every side (CS-6), a PG side its PIMs and
// CTI server (CS-7). Duplexed pairs (the Central Controller, PGs, MR PGs,
// CTI Managers, Finesse) keep working while one side is up (CS-5); when
// the active side of a pair fails and the other is healthy, the other takes
// over in the same input. Overlapping causes compose: a path comes back only
// when the last cause clears, and its recovery happens once (CS-8); a
// flapping link is a sequence of whole outages (CS-9).
//
// Where the chapter is silent the engine chooses and says so, in the rule
// catalogue (ccefsm.Lookup, the notes of the rules named here) and in the
// doc comments, and the caller can override the choice ([Config],
// [Topology]) unless the catalogue says why it is no choice. Each choice,
// under the rule it refines:
//
//   - CS-4: the Central Controller's effect on the application's CTI
//     interface is disposition 39 for tasks the application assigns itself
//     while their Agent PG cannot reach the CallRouter (they cannot obtain a
//     task ID); Config.NoTaskIDRefusal turns it off.
//   - CS-7: a takeover by the other side of a pair is instantaneous, and
//     the clients of a CTI server stay on the side they moved to
//     (Config.CTIServerClients: ReconnectFailback moves them back to their
//     home side when it returns; ReconnectHomeOnly keeps them on it).
//   - AG-4, AG-5: the PIMs of a duplex CTI Manager stay on the backup when
//     the primary returns (Config.CTIManagerClients: ReconnectFailback
//     moves them back; ReconnectHomeOnly never uses the backup).
//   - AG-6: the Finesse path includes its Agent PG's CTI server: with no
//     working CTI server side the Finesse path is down, as when the Finesse
//     server is (Config.FinesseWithoutCTIServer leaves the CTI server out).
//   - AG-7: the desktops of a duplex Finesse pair stay on the backup when
//     the primary returns (Config.FinesseClients: ReconnectFailback moves
//     them back; ReconnectHomeOnly never uses the backup).
//   - AG-8: while an application cannot reach the CTI server, an agent
//     request in a chat or other non-email MRD it serves is refused with
//     ErrPathDown (the CTI server cannot hear it); AG-9: the email
//     manager's are recorded and resynchronised on restore.
//     Config.NoPathDownRefusal applies the others too, and the CTI server
//     learns those agents' states when the path returns (AG-10).
//   - RT-8: [Engine.Routable] also requires the agent's Agent PG to reach
//     the CallRouter, and counts an agent as not logged in to a non-voice
//     MRD that no application of its own Agent PG serves (CreateTask
//     refuses such an agent). Neither is a setting: the first is the path
//     the router learns agents through, the second the topology.
//   - RP-2 (and every interval rule): reporting intervals start at whole
//     multiples of the interval length counted from the Unix epoch in UTC
//     (:00 and :30 UTC for 30 minutes); Topology.IntervalOffset moves them
//     ([Engine.IntervalStart] gives the grid).
//   - RP-3: applies to tasks the application assigns itself (created
//     OFFERED or ACTIVE) while its routing is down; a task the router
//     assigns cannot be assigned then. Config.RP3Scope: RP3AnyAssignment
//     widens it to every task given its agent then; RP3Off turns it off.
//   - RP-6 (taskstate's reading): the email manager's resynchronisation
//     rebuilds an email task's history over a CTI outage, so the task
//     ends recreated. Config.NoHistoryRecreation assumes it does not: the
//     task ends partial, or unreported when assigned and completed within
//     the outage.
//   - RP-9: a call is split in reports when a failover of its agent's
//     Agent PG recovers it: the roster logs the agent in again in the
//     voice MRD by an AG-T1 row that cites RP-9 (row 6, Talking or Hold
//     kept), at a takeover by the other side or when the peripheral comes
//     back. The row's tag decides, so a table whose row 6 logs the agent
//     out splits nothing. A CTI Manager's recovery (a takeover by its
//     other side, or its return) counts as a PG failover too, since a CTI
//     Manager's failure makes the PG's active side fail over (SRND); its
//     splits cite the CTI Manager's outage, of zero length at a takeover.
//     Not counted: a re-login by another failure's table after the
//     recovery (an agent a Finesse or desktop failure, or the other of the
//     PG and the CTI Manager, still held), and a Talking state in a
//     non-voice MRD (Unified CM recovers calls).
//
// # Inputs and the effect stream
//
// Besides elements the engine takes agent requests and observations
// ([Engine.AgentRequest], [Engine.AgentObserve], [Engine.ReportStates]),
// task inputs ([Engine.CreateTask], [Engine.Task]), routing inputs
// ([Engine.SendRequest], [Engine.Response]) and the passing of time
// ([Engine.Advance], when the timer set from [Engine.NextDeadline] fires).
// Every input is also an [Input] value for [Engine.Apply], so that recorded
// inputs, scenario files and fuzzers drive the same code.
//
// Effects are appended to a [Log]: one stream, in time order, of the
// leaves' own effect types and the engine's [Effect]s (paths, takeovers,
// the ledger), each satisfying ccefsm.Effect, each remembering the input
// that caused it ([Log.Input]). An input is applied whole or refused with
// an [*InputError] that changes nothing at all: not the clock, not a
// deadline, not the log (a snapshot before and after is the same bytes).
// The task deadlines due by an input's instant fire first only when the
// input is accepted; the checks that depend on them (a task that ends at
// its own deadline by then is no longer open, its ID is free again) are
// made against the store as those deadlines will leave it, without firing
// them. A refused input's deadlines stay pending until the next accepted
// input or [Engine.Advance]. A reused Log makes steady-state inputs
// allocation-free, and [Engine.Grow] reserves room for the tasks a service
// expects, so that their creation allocates nothing either.
//
// The engine is the single owner of its leaves. [Engine.Roster],
// [Engine.Store] and [Engine.Conn] give live, read-only views of them
// (agentstate.RosterView, taskstate.StoreView, routing.ConnView): their
// queries, and none of their inputs.
//
// # The reporting ledger
//
// The engine answers what a reporting team asks. [Engine.Intervals] gives
// the class of every reporting interval of a peripheral — deleted (RP-1, a
// PIM failure; RP-8, a PG lost with its buffered data), partial (RP-2, a PIM
// outage overlapped it), late (RP-5, cached while the PG could not reach the
// CallRouter), open, or complete — with the rule and the outage that made
// it so. [Engine.Tasks] lists the ended tasks that are not complete in
// reports — unreported (RP-3, RP-4), partial (RP-4, TS-3, TS-5), recreated
// (RP-6), late (RP-5), deleted (RP-8) — and [Engine.TaskCounts] keeps the
// account in which every task is open or in exactly one class.
// [Engine.Splits] and [Engine.SplitsIn] list the calls reported as two
// Termination_Call_Detail records, one up to an Agent PG failover (or a
// CTI Manager's, which fails the PG over) and one from the recovery
// (RP-9), with the outage behind each.
// [Engine.AppendLogoutRows] expands a 50002 logout into its Media Logout
// Status rows (RP-7). [Engine.Routable] answers RT-8 from the engine's own
// facts, root cause first.
//
// # Snapshots
//
// [Engine.MarshalBinary] and [Engine.UnmarshalBinary] save and restore the
// whole engine, versioned and checksummed, so that a service restarts
// without forgetting an open outage, a pending deadline or a held request.
// The decoder refuses every state no sequence of inputs reaches; its check
// is the one the tests apply after every input. [Engine.Clone] copies an
// engine within the process, several times faster, so that a caller asks
// "what if" of the copy (see its example) while the engine goes on.
//
// The package does no I/O, reads no clock and starts no goroutines. The
// zero Engine is not usable; create one with [New]. An Engine is not safe
// for concurrent use.
package failover
