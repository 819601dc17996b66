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
// The zero value of [Store] is an empty store with the default table; the
// zero values of [MRD], [Disposition] and [Event] are not valid, the zero
// [State] is PRE_CALL. Values are not safe for concurrent mutation.
//
// See the Store example for an application losing its CTI path.
package taskstate
