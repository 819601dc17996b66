// Package taskstate models the life of non-voice tasks (chat, email and other
// media routed through the MR PG) and what happens to them when the
// application's paths fail: the Media Routing Domain timing attributes
// ([MRD]), the CallDisposition a task ends with ([Disposition], 1-65), the
// task machine ([State], [Event], [Table]) and a [Store] that holds a very
// large number of open tasks with a deadline scheduler. It encodes rules
// TS-1 … TS-7 of the ccefsm rule catalogue and decides, for every task, one
// disposition and one reporting class (complete, partial, unreported,
// recreated) with the rule that put it there.
//
// The package does no I/O and reads no clock: every input carries its
// instant, deadlines are returned as data ([Store.NextDeadline]) and
// [Store.Advance] fires those that are due. An input at or after a deadline
// that has not been fired is refused with [ErrDeadlinePending], changing
// nothing, so that no input overtakes a timer; Advance(now) always clears it.
// Effects are appended to a slice the caller passes in and are never
// performed. Lifecycle inputs allocate nothing in steady state.
//
// # Reporting classes
//
// Every task ends with one [EffectEnded] carrying its reporting class and
// the rule that put it there ([Effect.Report], [Effect.ReportRule]). "The
// outage" is an outage of the task's application's path to the Agent PG CTI
// server; "the limit" is the email MRD's time limit, counted from the
// moment the path went down ([MRD.EffectiveTimeLimit]).
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
// The email rows follow the email exception of the Reporting Concepts
// failover chapter: the email manager goes on assigning tasks and recording
// agent state, and the Central Controller rebuilds the history from its
// resync — up to the time limit, where reporting on open tasks is cut. That
// tasks begun during an email outage are rebuilt like the tasks spanning it,
// rather than unreported as for other media, is this library's reading
// (inferred): the chapter says history is recreated, without singling out
// new tasks. A task begun during the outage still gets [EffectTaskInit] at
// restore whatever its MRD, because the Agent PG has no task ID for it.
//
// The zero value of [Store] is an empty store with the default table; the
// zero values of [MRD], [Disposition] and [Event] are not valid, the zero
// [State] is PRE_CALL. Values are not safe for concurrent mutation.
//
// See the Store example for an application losing its CTI path.
package taskstate
