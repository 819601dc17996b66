// Package routing encodes what happens to routing when the Media Routing
// path fails: an Application Instance's NEW_TASK requests through outages of
// its MR PG path and of the MR PIM–Central Controller path, ROUTING_DISABLED
// and ROUTING_ENABLED, voice routing availability per PIM, the routability
// question, and the reporting cache between an Agent PG CTI server and the
// CallRouter. These are rules RT-1 … RT-8 of the catalogue ([ccefsm.RT1] …).
//
// The main types:
//
//   - [Conn]: one application's view of the MR PG. Each NEW_TASK is pending
//     until answered; outages hold requests (RT-1, RT-3) and restores send
//     exactly the unanswered ones again, once, in send order (RT-2, RT-4).
//     [Conn.View] gives a read-only [ConnView] of it.
//   - [Voice]: per-peripheral voice availability while a PIM is down (RT-5).
//   - [Routable]: the RT-8 question, as a pure function of a [Candidate].
//   - [ReportCache]: records cached while the CTI server's path to the
//     CallRouter is down, delivered late on restore (RT-6, RP-5), lost if
//     every side of the PG goes down (RT-7, RP-8).
//
// Every decision is a row of one table ([Rows]) with its rule ID, source
// and provenance. Where the sources are silent the row is inferred and says
// why; a [Policy] may override the inferred rows that have alternatives,
// and refuses to touch documented ones.
//
// Inputs take the time as an argument. Time going backwards is
// [ErrTimeBackwards], and a time that int64 Unix nanoseconds cannot hold
// (before 1678 or after 2262) is [ErrTimeOutOfRange]; a value that has seen
// no input accepts any time in range. Requests (Send, Response, Record) are
// validated: an illegal one returns a typed error and changes nothing. Path
// and PIM events are observations, accepted in any state; they are refused,
// changing nothing, only for a bad argument (such a time, or a zero
// peripheral). Effects are appended to a caller-owned slice and never
// performed; the package does no I/O and reads no clock. Sending and
// answering requests allocates nothing once the room is reserved with Grow.
//
// Every error wraps one of the package's sentinels, and most sentinels one
// of package ccefsm's kinds of failure, so that
// errors.Is(err, ccefsm.ErrUnknownID) catches a zero or unknown ID here as
// in every package of the library (see the sentinels for the mapping).
//
// Conn, Voice and ReportCache implement MarshalBinary and UnmarshalBinary:
// a service that restarts restores exactly what it knew (pending and held
// requests, cached records, peripherals down) and then answers every input
// as before. A snapshot carries a version and a CRC-32C checksum; one that
// is damaged, of another version, or describes a state no sequence of
// inputs can reach is refused with a [*ccefsm.SnapshotError] that names the
// field and byte offset and unwraps to [ErrCorruptSnapshot]. Within a
// process, [Conn.Clone], [Voice.Clone] and [ReportCache.Clone] take
// independent copies faster.
//
// Each stateful type is built by its constructor from a config:
// [NewConn] ([ConnConfig]), [NewReportCache] ([ReportCacheConfig]) and
// [NewVoice] ([VoiceConfig]). The zero ReportCache and Voice are the same as
// their constructors with the zero config: every path and PIM up, nothing
// cached, the default [Policy]. The zero Conn is not usable (it belongs to
// no application; every input refuses it) and serves only as the target of
// UnmarshalBinary. The zero Policy keeps every row's default. None of these
// types is safe for concurrent mutation.
package routing
