// Package taskstate models the life of non-voice tasks (chat, email and other
// media routed through the MR PG) and what happens to them when the
// application's paths fail: the CallDisposition a task ends with
// ([Disposition], 1-65), the task machine ([State], [Event], [Table]) and a
// [Store] that holds a very large number of open tasks with a deadline
// scheduler, timed by the attributes of each media routing domain
// ([ccefsm.MRD]). It encodes rules TS-1 … TS-7 of the ccefsm rule catalogue
// and decides, for every task, one disposition and one reporting class
// (complete, partial, unreported, recreated) with the rule that put it
// there.
//
// The package does no I/O and reads no clock: every input carries its
// instant, deadlines are returned as data ([Store.NextDeadline]). Every
// input first fires the deadlines due at or before its instant, at their
// own instants, then applies, so no input overtakes a timer and the common
// case is one call; [Store.Advance] fires them when no input comes (see
// "Inputs" on [Store] for the order of checks and what a refused input
// returns). Effects are appended to a slice the caller passes in and are
// never performed. Lifecycle inputs allocate nothing in steady state.
//
// Build a store with [NewStore]; the zero Store is an empty store with the
// default table, the same as NewStore(Config{}). [Store.View] gives a
// [StoreView]: the store's queries and none of its inputs, for readers that
// must not change it.
//
// # Reporting classes
//
// Every task ends with one [EffectEnded] carrying its reporting class and
// the rule that put it there ([Effect.Report], [Effect.ReportRule]). "The
// outage" is an outage of the task's application's path to the Agent PG CTI
// server; "the limit" is the email MRD's time limit, counted from the
// moment the path went down ([ccefsm.MRD.EffectiveTimeLimit]); an email MRD
// with [ccefsm.MRD.NoTimeLimitCut] has no limit, so the rows that need it
// never apply to it.
//
// The rows are read in order; the first that fits decides.
//
//	begun in an outage and ended within it:
//	  email, ended before the limit                     recreated   RP-6
//	  email, begun before the limit, ended after it     partial     TS-3
//	  otherwise                                         unreported  RP-4
//	begun in an outage, still open at restore:
//	  chat/other, or email begun after the limit        partial     TS-5
//	  email, open when the limit ran out                partial     TS-3
//	  email, restored before the limit                  as spanning (below)
//	email, open when the limit of any outage ran out    partial     TS-3
//	email, spanned an outage                            recreated   RP-6
//	chat/other, spanned an outage (ended by the
//	  application, by 42 at task life, by 51 at
//	  re-init, or after the restore)                    partial     RP-4
//	no outage touched the task                          complete
//
// When the limit runs out, each open email task the Agent PG knows gets an
// [EffectSegmentEnded] with disposition 53, DBCD_PARTIAL_CALL ("Partial Call
// (interim TCD record)", [SegmentDisposition]), and an
// [EffectSegmentRestarted] when the path is back (TS-3). An email MRD with
// NoTimeLimitCut gets neither.
//
// The email rows follow the email exception of the Reporting Concepts
// failover chapter: the email manager goes on assigning tasks and recording
// agent state, and the Central Controller attempts to rebuild the history
// from its resync; reporting on open tasks might be ended at the time
// limit. The library's defaults are inferred: the rebuild succeeds (RP-6),
// the cut happens (TS-3; MRD.NoTimeLimitCut turns it off), and the cut
// segment ends with 53 — Cisco does not say which disposition closes it;
// 53 is the code of a Termination_Call_Detail record written for part of a
// call that goes on. That tasks begun during an email outage are rebuilt
// like the tasks spanning it, rather than unreported as for other media, is
// also this library's reading: the chapter says history is recreated,
// without singling out new tasks. A task begun during the outage still gets
// [EffectTaskInit] at restore whatever its MRD, because the Agent PG has no
// task ID for it.
//
// # Snapshots
//
// [Store.MarshalBinary] writes the whole store, framed with a CRC-32C;
// [Store.UnmarshalBinary] refuses a damaged snapshot, and one that
// describes a store no sequence of inputs produces, with the field and
// byte offset at fault. Within a process, [Store.Clone] takes an
// independent copy faster, to ask "what if" of the copy.
//
// The zero values of [Disposition] and [Event] are not valid, the zero
// [State] is PRE_CALL. Values are not safe for concurrent mutation.
//
// See the Store example for an application losing its CTI path.
package taskstate
