// Package cti reads and writes the messages of the Cisco Unified CCE / Webex
// CCE CTI Server protocol (GED-188) that carry failover facts: the session
// messages, AGENT_STATE_EVENT and SYSTEM_EVENT. It turns the bytes a CTI
// client reads from the Agent PG's CTI Server into typed Go values whose
// states and reason codes are the library's own ([agentstate.State],
// [agentstate.ReasonCode]), encodes such values back, byte for byte, and
// maps each message onto the inputs of the failover engine ([Mapper]), so
// that bytes off the wire become agent states and component status with no
// glue.
//
// The package does no I/O. [SplitMessages] is a [bufio.SplitFunc] that cuts a
// byte stream into whole messages; a [Decoder] decodes each into a typed value
// it reuses, without allocating; every message type has Decode and Append
// methods of its own:
//
//	dec, err := cti.NewDecoder(cti.DecoderConfig{Version: 24})
//	sc := bufio.NewScanner(conn)
//	sc.Split(cti.SplitMessages)
//	for sc.Scan() {
//		msg, err := dec.Decode(sc.Bytes())
//		if err != nil { … }           // a message that breaks the protocol
//		switch m := msg.(type) {
//		case *cti.AgentStateEvent:   // m.ICMAgentID, m.MRDID, m.AgentState, …
//		case *cti.SystemEvent:       // m.PGStatus, m.SystemEventID, …
//		case *cti.Raw:               // any other type, undecoded
//		}
//	}
//
// # Messages
//
// Modelled, with typed fixed fields and typed accessors for the floating
// fields they know: FAILURE_CONF, FAILURE_EVENT, OPEN_REQ, OPEN_CONF,
// HEARTBEAT_REQ, HEARTBEAT_CONF, CLOSE_REQ, CLOSE_CONF ([FailureConf] …
// [CloseConf]), AGENT_STATE_EVENT ([AgentStateEvent]) and SYSTEM_EVENT
// ([SystemEvent]). Every other message type decodes to a [Raw] — its type and
// its body — never to an error: a client must tolerate what a newer server
// sends. That includes the task and resynchronisation messages (OFFER_TASK_IND
// … END_TASK_IND, BEGIN_AGENT_INIT_IND … AGENT_INIT_READY_EVENT,
// END_TASK_EVENT, MAX_TASK_LIFETIME_EXCEEDED_EVENT, TASK_INIT_REQ/RESP): the
// guides give their numbers but no public edition gives their field tables
// (searched again for the mapping: the public PV9 to PV25 editions list the
// ARM messages in their message type tables only), so the package names
// them ([MsgEndTaskEvent] …) and leaves their bodies undecoded rather than
// guess a layout.
//
// A message's floating part is kept as the ordered list of its fields
// ([Field]), known and unknown tags alike, so that Append gives back the
// exact bytes Decode read: an unknown floating tag is skipped by the checks
// and re-encoded in place.
//
// # Versions
//
// The layout of a message depends on the protocol version the client asked
// for in OPEN_REQ: floating fields have a 1-byte tag and length before
// version 20 and 2-byte ones from version 20; fixed fields were added at the
// end of some messages (DepartmentID in version 19, SessionType in version
// 24) and floating fields to others (Direction in 16, MaxBeyondTaskLimit in
// 22). Every decoding and encoding call takes the version. The package
// supports versions 13 ([MinVersion]) to 25 ([MaxVersion], UCCE 15.0); see
// [MinVersion] for why versions 9-12 are refused. [PeekVersion] reads the
// version from a session's OPEN_REQ.
//
// # What is refused
//
// A message that breaks the protocol is refused with an [*Error] that names
// the message type, the field and its byte offset, and unwraps to a sentinel:
// a message cut short ([ErrTruncated]); a MessageLength over the maximum of
// 12500 bytes, or a frame longer than its header says ([ErrTooLong]); a
// floating field that runs past its message ([ErrOverrun]); a fixed or
// floating field out of its documented range, such as an AgentState above 14
// ([ErrOutOfRange], which unwraps to [ccefsm.ErrUnknownValue]); a known
// floating field of the wrong size, a STRING without its NUL or with one
// inside, or a list out of order or out of count ([ErrMalformed]); a required
// field absent ([ErrMissingField]) or a single field repeated
// ([ErrDuplicateField]). Nothing panics, and a refused message leaves the
// value it was decoded into unchanged.
//
// Enumerated fields whose value set is closed in every edition are checked
// (AgentState, SkillGroupState, NextAgentState: 0-14; AgentMode: 0-1;
// AgentAvailabilityStatus: 0-2; SystemEventID: 1-11; Direction: 0-7;
// SessionType: 0-2; BOOL: 0-1). Fields whose documented values have changed
// between editions, or whose loss would hide a failure, are kept as
// received: status codes ([StatusCode]), PGStatus bits ([PGStatus]), service
// masks and peripheral types.
//
// # Aliasing
//
// Decoding copies nothing: the floating fields of a decoded message, and the
// byte slices its accessors return (AgentID, Text, …), alias the frame it was
// decoded from. A bufio.Scanner reuses its buffer, so they are valid until the
// next Scan; the values a [Decoder] returns are also overwritten by its next
// Decode of the same type. A message value keeps two arrays of fields and
// decodes into the one its Floating does not use; a plain copy of the value
// shares them. Call Clone to keep a message, or copy the bytes (string(b)) to
// keep a field.
//
// # Sources
//
// Every layout is cited, beside its type, from the CTI Server Message
// Reference Guide editions that could be read (the PV24 and PV25 chapters in
// full, the older editions page by page, as far as their pages were
// available):
//
//   - PV25: CTI Server Message Reference Guide (Protocol Version 25) for Cisco
//     Unified Contact Center Enterprise, Release 15.0(1), March 2025: chapters
//     Session Management, Application Level Interfaces, Constants and Status
//     Codes.
//   - PV24: the same guide, Protocol Version 24, Release 12.6(1), May 2021:
//     chapters Messaging Conventions and Changes and Additions (the per-version
//     change list from version 5 to 24).
//   - PV17: Protocol Version 17, Release 10.0(1): Messaging Conventions
//     (Floating Fields; Tables 3-9, 3-10), AGENT_STATE_EVENT (Table 5-18).
//   - PV15: Protocol Version 15, Release 8.5(1): Messaging Conventions (Tables
//     3-1, 3-9, 3-10), CTI Service Masks (Table 4-1), OPEN_REQ (Table 4-2, its
//     first fields), AGENT_STATE_EVENT (Table 5-18), Changes and Additions.
//   - PV14: Protocol Version 14, Release 8.0(1): MHDR (Table 3-3), data types
//     (Table 3-2), AGENT_STATE_EVENT (Table 5-17, up to ICMAgentID, and its
//     floating part).
//   - PV9: Protocol Version 9, Release 7.0(0), January 2008: floating fields
//     (Table 3-8), FAILURE_CONF/EVENT (Tables 3-9, 3-10), PGStatus (Table
//     6-6), PeripheralType (Table 6-7). Cited for facts only; version 9 is
//     not supported.
//
// Two open-source clients served as independent cross-checks of the layouts:
// nshimaza/ucce-ctidriver (Haskell, version 20) and nshimaza/uccertweb
// (Scala, a version 16-18 layout). Their test vectors, which their authors
// wrote from the guide, are among this package's tests.
//
// # Mapping onto the engine's inputs
//
// A [Mapper] is configured with what a CTI client of one Agent PG knows of
// the engine's topology — the PG and its redundancy, its peripherals, the
// Application Instance the client is (if it is one), the MRDs
// ([MapperConfigFor] reads them from a [failover.Topology]) — and turns
// each message into the engine's inputs, row by row of a table ([MapRows];
// docs/cti.md is generated from it). Every message gives at least one row
// ([Mapped]), with the input it produces or none; [Apply] feeds the inputs
// to a [failover.Engine]:
//
//	out, err = m.Map(out[:0], now, msg)   // now: when msg arrived
//	err = cti.Apply(engine, &log, out)    // each input accepted, or refused with a typed error
//
// The rows, in short:
//
//   - AGENT_STATE_EVENT is an observation of the agent's state in the MRD
//     it names (AG-10): ICMAgentID, MRDID, AgentState, EventReasonCode.
//   - After SYS_PERIPHERAL_ONLINE the ACD reports every agent's state and
//     time in state (AG-2). No message ends those reports, so the Mapper
//     holds the AGENT_STATE_EVENTs of that peripheral's voice MRD, one per
//     agent, until a message of another kind, an event that cannot join, or
//     a silence of MapperConfig.BurstGap (2 s by default), and then gives
//     them to the engine as one report-states input (inferred,
//     configurable; [Mapper.Flush] and [Mapper.BurstDeadline] close a burst
//     when no message comes).
//   - PGStatus (OPEN_CONF, SYSTEM_EVENT) and the SystemEventIDs become Down
//     and Up of the elements whose failure causes exactly what the client
//     sees, each choice inferred and explained in its row: a peripheral
//     offline is its ACD (acd:P: a client cannot tell a PIM failure from
//     the failure of its link to the ACD or of the ACD, and only the ACD
//     takes the peripheral offline on every side); the PG unable to reach
//     the Central Controller (PGS_CC_DOWN) is the PG's link to it on every
//     side (link-pg-cc:PG:S), not the Central Controller, which would also
//     take down every MR PG's routing. A SYSTEM_EVENT produces inputs for
//     what changed, an OPEN_CONF for everything it states.
//   - For an Application Instance, the session's failures — FAILURE_EVENT
//     E_CTI_CTI_SERVER_OFFLINE, CLOSE_CONF, a connection lost
//     ([Mapper.Closed]), PGS_OPC_DOWN, PGS_CTI_SERVER_OFFLINE — take down
//     its link to the CTI server (link-app-cti:APP: AG-8, TS-1 … TS-5), and
//     the next OPEN_CONF brings it back. A client that is no application
//     has no path in the topology: its session's failures give no input.
//   - No message tells a client which side of a PG failed, so the Mapper
//     never reports a PG side or a CTI server; the task and
//     resynchronisation messages give no input, their bodies being raw.
//
// Mapping an AGENT_STATE_EVENT allocates nothing, and neither does
// applying its input to the engine (tests say so). The Mapper keeps what
// the session observed, not the topology's status, which the engine owns.
//
// # Traces
//
// [WriteTrace] prints a capture — a session's messages back to back, as
// read off the wire — one line per message, as text or JSON Lines, for an
// engineer reading a trace: the offset, the type's name, the fields by name;
// [AppendTraceText] and [AppendTraceJSON] do it for one message.
//
// The package reads no clock, starts no goroutine, keeps no mutable global
// state, and does no I/O but through the io.Reader and io.Writer that
// WriteTrace is given.
package cti
