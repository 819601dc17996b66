// Package agentstate decides the state a Cisco Unified CCE / Webex CCE agent
// is in before, during and after a component failover: a PIM or ACD outage, a
// duplex PG side switch, a PG or CTI Manager failover, a desktop or Finesse
// failover, and a loss of the path between an application and the Agent PG
// CTI server (rules AG-1 … AG-10 and tables AG-T1, AG-T2 of the ccefsm rule
// catalogue).
//
// # Values
//
// [State] holds the CTI Server AgentState values 0–14 with their protocol
// numbers; its text form accepts the CTI names and the Finesse voice and
// non-voice names, so that CTI or Finesse data can be fed in directly.
// [ReasonCode] holds the EventReasonCode (a USHORT on the wire) with the
// system Not Ready and Logout codes, such as [ReasonConnectionFailure] (50002).
//
// # Machines
//
// An agent has one state per media routing domain (MRD). [Transitions] is the
// single transition table, one row per documented change, for the voice MRD
// and for non-voice MRDs. A request ([Event]) is validated against it: an
// illegal request returns an error wrapping [ErrIllegalTransition] and changes
// nothing. An observation (a state reported by the CTI server or the ACD) is
// always accepted (AG-10). [Machine] is the state of one agent in one MRD;
// [Roster] holds many agents grouped by peripheral and applies the bulk
// failover operations, appending typed [Effect] values to a slice owned by the
// caller. [Roster.View] gives a [RosterView]: the roster's queries and none of
// its inputs, for readers that must not change it.
//
// # Failover tables
//
// [Table] holds the rows of AG-T1 (PG / CTI Manager failover) and AG-T2
// (desktop / Finesse failover). Each row carries its number, provenance and
// source; inferred rows may be overridden with [Table.Override], documented
// rows may not ([ErrDocumentedRow]).
//
// # Rules and where they live
//
// Every effect cites the rule that produced it ([Effect.Rule]) and, where
// reporting is affected, the reporting rule ([Effect.Report]);
// ccefsm.Lookup gives each rule's statement, provenance and source.
//
//   - AG-1, AG-2, AG-3: [Roster.SideDown] with [CausePIM], [Roster.SideUp],
//     [Roster.PeripheralUp], [Roster.ReportStates]; Config.PreferredSide.
//   - AG-4, AG-5: [Roster.SideDown] with [CausePG], [Roster.CTIManagerDown],
//     [Roster.CTIManagerUp], table AG-T1 ([PGTable]); Config.NoAutoRelogin,
//     Config.CTIManagerAllMRDs (inferred MRD scope), Config.PGTable.
//   - AG-6, AG-7: [Roster.FinesseDown], [Roster.FinesseUp],
//     [Roster.DesktopDown], [Roster.DesktopUp], table AG-T2
//     ([DesktopTable]); Config.DesktopTable.
//   - AG-8, AG-9: [Roster.CTIPathDown], [Roster.CTIPathUp].
//   - AG-10: [Machine.Observe], [Roster.Observe].
//
// Where the sources are silent the package chooses a default and marks it
// inferred: the rows of [Transitions] and of the failover tables carry their
// provenance. The caller overrides an inferred failover table row with
// [Table.Override] and the inferred settings through [Config]; the
// transition table is fixed, and a state it does not lead to is set with an
// observation ([Roster.Observe]). When failures overlap, the
// first one logs the agent out and keeps the state to restore; the agent is
// logged in again only when every failure that hit it has recovered, by the
// table of the last recovery (inferred: the sources describe one failure at
// a time). A voice MRD hit by a PIM outage waits for the ACD's report
// (AG-2) whatever else recovers. An observation or a manual login ends any
// pending restore.
//
// # Effects and errors
//
// Every [Effect] carries the instant of its input ([Effect.At], in UTC) and
// its rule; it satisfies ccefsm.Effect, the interface of every effect type
// of the library, and logs as [log/slog] attributes and as JSON with names,
// not numbers, and only the fields of its kind (testdata/effects.json shows
// one of each kind).
//
// Every sentinel error also matches the kind of failure of package ccefsm it
// belongs to: [ErrUnknownAgent] is a ccefsm.ErrUnknownID, [ErrTimeBackwards]
// a ccefsm.ErrTimeBackwards, [ErrInvalidState] a ccefsm.ErrUnknownValue, and
// so on (each sentinel's comment names its kind), so that one errors.Is
// catches a kind of failure in every package of the library.
//
// # Agents come and go
//
// [Roster.AddAgent] and [Roster.RemoveAgent] keep a long-running roster the
// size of the current staff. A removal takes time proportional to the number
// of MRDs: the last agent moves into the removed agent's place, so that bulk
// effects follow the roster order of [Roster.Agents], deterministic for a
// given sequence of inputs. A removed agent's pending restores are dropped
// with it, silently; a [Ref] to it, or to the agent moved, is stale and
// refused, never applied to another agent.
//
// # Snapshots
//
// [Roster.MarshalBinary] and [Roster.UnmarshalBinary] save and restore a
// roster exactly, so that a restarted service continues where it stopped.
// A snapshot is framed by a magic, a version and a CRC-32C; the decoder
// refuses a damaged snapshot, one of another version (naming the version
// found and the one it reads) and any state that no sequence of inputs can
// reach, such as an agent waiting for the Finesse server while Finesse is
// up, or a state before the call that is itself a state of a call. That
// check is the package's only invariant check: its tests check the states
// they reach by restoring their snapshots. Decoding takes time linear in the
// size of the snapshot. Within a process, [Roster.Clone] takes an
// independent copy several times faster, to ask "what if" of the copy
// without touching the roster.
//
// # Zero values and concurrency
//
// The zero [State] is [Login] (AGENT_STATE_LOGIN, value 0), a real protocol
// value; a new agent starts in [Logout] instead. The zero [Machine] is a voice
// machine in Login at the Unix epoch; use [NewMachine]. The zero [Roster] is
// not usable, except as the receiver of [Roster.UnmarshalBinary]; use
// [NewRoster]. No value in this package is safe for
// concurrent mutation: guard a Roster with a mutex if several goroutines feed
// it.
//
// The package does no I/O and reads no clock: every input carries its time
// (now time.Time, the first argument after dst); an input dated before the
// roster's latest input is an error ([ErrTimeBackwards]), and so is a time
// that int64 Unix nanoseconds cannot hold, before 1678 or after 2262
// ([ErrTimeOutOfRange]). Any method that takes now may return either. A
// roster that has seen no input yet accepts any instant in range, also one
// before 1970.
package agentstate
