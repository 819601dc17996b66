package cti

import (
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// decodeUints decodes a message whose fixed part is len(words) UINTs in
// every version: it fills words and returns the floating part, checked
// against specs, in reuse's array.
//
// The floating part is decoded into *scratch's array; on success the caller
// makes it the message's Floating and the old Floating the new scratch.
func decodeUints(t MessageType, l layout, v Version, frame []byte, words []uint32, specs *specTable, scratch *[]Field) ([]Field, error) {
	b, err := openFrame(t, v, frame)
	if err != nil {
		return nil, err
	}
	n := l.size(v)
	if len(b) < n {
		return nil, l.truncated(t, v, len(b))
	}
	for i := range words {
		words[i] = be32(b, 4*i)
	}
	c := floatChecker{t: t, v: v, tbl: specs}
	f, err := decodeFloating(v, frame, HeaderSize+n, &c, *scratch)
	*scratch = f[:0]
	return f, err
}

// appendUints is the encoder of decodeUints.
func appendUints(dst []byte, t MessageType, v Version, words []uint32, specs *specTable, floating []Field) ([]byte, error) {
	if err := checkVersion(t, v); err != nil {
		return dst, err
	}
	start := len(dst)
	dst = begin(dst, t)
	for _, w := range words {
		dst = put32(dst, w)
	}
	c := floatChecker{t: t, v: v, tbl: specs}
	dst, err := appendFloating(dst, v, floating, start, &c)
	if err != nil {
		return dst[:start], err
	}
	return end(dst, start, t)
}

// FailureConf is FAILURE_CONF (MessageType 1): the CTI Server refused a
// request. Fixed part: InvokeID UINT, Status UINT (guides PV9, PV15 and PV17,
// Messaging Conventions, Table 3-9, "Maximum message size (including
// header): 16"; the same in both client oracles).
//
// The PV24 guide's table for FAILURE_CONF shows instead FailureCode USHORT
// and PeripheralErrorCode UINT, which are the fields of
// CONTROL_FAILURE_CONF; no change list mentions FAILURE_CONF, so the package
// takes that table for a documentation error and keeps the layout of every
// other edition (inferred).
//
// The guides list no floating field for FAILURE_CONF, but the PV25 Tag
// Values table lists CTIOS_CIL_CLIENT_ID_TAG (217) for it, so a floating part
// is accepted and kept, unvalidated.
type FailureConf struct {
	InvokeID uint32
	Status   StatusCode
	Floating []Field

	scratch []Field
}

var failureConfLayout = layout{{"InvokeID", 4, 0}, {"Status", 4, 0}}

// Type returns MsgFailureConf.
func (*FailureConf) Type() MessageType { return MsgFailureConf }

// Decode decodes frame, one whole FAILURE_CONF of version v, into m. Any
// status value is accepted (see [StatusCode]). On error m is unchanged.
func (m *FailureConf) Decode(v Version, frame []byte) error {
	var w [2]uint32
	f, err := decodeUints(MsgFailureConf, failureConfLayout, v, frame, w[:], noFields, &m.scratch)
	if err != nil {
		return err
	}
	*m = FailureConf{InvokeID: w[0], Status: StatusCode(w[1]), Floating: f, scratch: m.Floating}
	return nil
}

// Append appends m, encoded for version v, to dst. On error it returns dst
// unchanged.
func (m *FailureConf) Append(dst []byte, v Version) ([]byte, error) {
	return appendUints(dst, MsgFailureConf, v, []uint32{m.InvokeID, uint32(m.Status)}, noFields, m.Floating)
}

// Clone returns a copy of m whose floating data does not alias the decoded
// message.
func (m *FailureConf) Clone() *FailureConf {
	c := *m
	c.Floating, c.scratch = cloneFields(m.Floating), nil
	return &c
}

// FailureEvent is FAILURE_EVENT (MessageType 2): the CTI Server reports a
// failure on its own. With Status E_CTI_CTI_SERVER_OFFLINE the client must
// close the session (guide PV25, Session Management, "Session
// Termination"). Fixed part: Status UINT (guides PV9, PV15, PV17, Table 3-10;
// guide PV24, "Failure Indication Messages").
type FailureEvent struct {
	Status   StatusCode
	Floating []Field

	scratch []Field
}

var failureEventLayout = layout{{"Status", 4, 0}}

// Type returns MsgFailureEvent.
func (*FailureEvent) Type() MessageType { return MsgFailureEvent }

// Decode decodes frame, one whole FAILURE_EVENT of version v, into m. On
// error m is unchanged.
func (m *FailureEvent) Decode(v Version, frame []byte) error {
	var w [1]uint32
	f, err := decodeUints(MsgFailureEvent, failureEventLayout, v, frame, w[:], noFields, &m.scratch)
	if err != nil {
		return err
	}
	*m = FailureEvent{Status: StatusCode(w[0]), Floating: f, scratch: m.Floating}
	return nil
}

// Append appends m, encoded for version v, to dst. On error it returns dst
// unchanged.
func (m *FailureEvent) Append(dst []byte, v Version) ([]byte, error) {
	return appendUints(dst, MsgFailureEvent, v, []uint32{uint32(m.Status)}, noFields, m.Floating)
}

// Clone returns a copy of m whose floating data does not alias the decoded
// message.
func (m *FailureEvent) Clone() *FailureEvent {
	c := *m
	c.Floating, c.scratch = cloneFields(m.Floating), nil
	return &c
}

// HeartbeatReq is HEARTBEAT_REQ (MessageType 5). Fixed part: InvokeID UINT
// (guide PV25, Session Management, "Session Maintenance").
type HeartbeatReq struct {
	InvokeID uint32
	Floating []Field

	scratch []Field
}

var invokeIDLayout = layout{{"InvokeID", 4, 0}}

// Type returns MsgHeartbeatReq.
func (*HeartbeatReq) Type() MessageType { return MsgHeartbeatReq }

// Decode decodes frame, one whole HEARTBEAT_REQ of version v, into m. On
// error m is unchanged.
func (m *HeartbeatReq) Decode(v Version, frame []byte) error {
	var w [1]uint32
	f, err := decodeUints(MsgHeartbeatReq, invokeIDLayout, v, frame, w[:], noFields, &m.scratch)
	if err != nil {
		return err
	}
	*m = HeartbeatReq{InvokeID: w[0], Floating: f, scratch: m.Floating}
	return nil
}

// Append appends m, encoded for version v, to dst. On error it returns dst
// unchanged.
func (m *HeartbeatReq) Append(dst []byte, v Version) ([]byte, error) {
	return appendUints(dst, MsgHeartbeatReq, v, []uint32{m.InvokeID}, noFields, m.Floating)
}

// Clone returns a copy of m whose floating data does not alias the decoded
// message.
func (m *HeartbeatReq) Clone() *HeartbeatReq {
	c := *m
	c.Floating, c.scratch = cloneFields(m.Floating), nil
	return &c
}

// HeartbeatConf is HEARTBEAT_CONF (MessageType 6). Fixed part: InvokeID UINT
// (guide PV25, Session Management, "Session Maintenance").
type HeartbeatConf struct {
	InvokeID uint32
	Floating []Field

	scratch []Field
}

// Type returns MsgHeartbeatConf.
func (*HeartbeatConf) Type() MessageType { return MsgHeartbeatConf }

// Decode decodes frame, one whole HEARTBEAT_CONF of version v, into m. On
// error m is unchanged.
func (m *HeartbeatConf) Decode(v Version, frame []byte) error {
	var w [1]uint32
	f, err := decodeUints(MsgHeartbeatConf, invokeIDLayout, v, frame, w[:], noFields, &m.scratch)
	if err != nil {
		return err
	}
	*m = HeartbeatConf{InvokeID: w[0], Floating: f, scratch: m.Floating}
	return nil
}

// Append appends m, encoded for version v, to dst. On error it returns dst
// unchanged.
func (m *HeartbeatConf) Append(dst []byte, v Version) ([]byte, error) {
	return appendUints(dst, MsgHeartbeatConf, v, []uint32{m.InvokeID}, noFields, m.Floating)
}

// Clone returns a copy of m whose floating data does not alias the decoded
// message.
func (m *HeartbeatConf) Clone() *HeartbeatConf {
	c := *m
	c.Floating, c.scratch = cloneFields(m.Floating), nil
	return &c
}

// CloseReq is CLOSE_REQ (MessageType 7): the client closes the session.
// Fixed part: InvokeID UINT, Status UINT (guide PV25, Session Management,
// "Session Termination"; the ucce-ctidriver client agrees, while the
// uccertweb client's CLOSE_REQ sample omits InvokeID, against every guide).
type CloseReq struct {
	InvokeID uint32
	Status   StatusCode
	Floating []Field

	scratch []Field
}

var closeReqLayout = layout{{"InvokeID", 4, 0}, {"Status", 4, 0}}

// Type returns MsgCloseReq.
func (*CloseReq) Type() MessageType { return MsgCloseReq }

// Decode decodes frame, one whole CLOSE_REQ of version v, into m. On error
// m is unchanged.
func (m *CloseReq) Decode(v Version, frame []byte) error {
	var w [2]uint32
	f, err := decodeUints(MsgCloseReq, closeReqLayout, v, frame, w[:], noFields, &m.scratch)
	if err != nil {
		return err
	}
	*m = CloseReq{InvokeID: w[0], Status: StatusCode(w[1]), Floating: f, scratch: m.Floating}
	return nil
}

// Append appends m, encoded for version v, to dst. On error it returns dst
// unchanged.
func (m *CloseReq) Append(dst []byte, v Version) ([]byte, error) {
	return appendUints(dst, MsgCloseReq, v, []uint32{m.InvokeID, uint32(m.Status)}, noFields, m.Floating)
}

// Clone returns a copy of m whose floating data does not alias the decoded
// message.
func (m *CloseReq) Clone() *CloseReq {
	c := *m
	c.Floating, c.scratch = cloneFields(m.Floating), nil
	return &c
}

// CloseConf is CLOSE_CONF (MessageType 8). Fixed part: InvokeID UINT (guide
// PV25, Session Management, "Session Termination").
type CloseConf struct {
	InvokeID uint32
	Floating []Field

	scratch []Field
}

// Type returns MsgCloseConf.
func (*CloseConf) Type() MessageType { return MsgCloseConf }

// Decode decodes frame, one whole CLOSE_CONF of version v, into m. On error
// m is unchanged.
func (m *CloseConf) Decode(v Version, frame []byte) error {
	var w [1]uint32
	f, err := decodeUints(MsgCloseConf, invokeIDLayout, v, frame, w[:], noFields, &m.scratch)
	if err != nil {
		return err
	}
	*m = CloseConf{InvokeID: w[0], Floating: f, scratch: m.Floating}
	return nil
}

// Append appends m, encoded for version v, to dst. On error it returns dst
// unchanged.
func (m *CloseConf) Append(dst []byte, v Version) ([]byte, error) {
	return appendUints(dst, MsgCloseConf, v, []uint32{m.InvokeID}, noFields, m.Floating)
}

// Clone returns a copy of m whose floating data does not alias the decoded
// message.
func (m *CloseConf) Clone() *CloseConf {
	c := *m
	c.Floating, c.scratch = cloneFields(m.Floating), nil
	return &c
}

// OpenReq is OPEN_REQ (MessageType 3): a client opens a session and names the
// protocol version of every message that follows.
//
// Fixed part (guide PV25, Session Management, OPEN_REQ; the same in both
// client oracles, and as far as it could be read, InvokeID and
// VersionNumber, in guide PV15, Table 4-2): InvokeID, VersionNumber,
// IdleTimeout, PeripheralID, ServicesRequested, CallMsgMask, AgentStateMask,
// ConfigMsgMask, Reserved1, Reserved2, Reserved3, all UINT: 44 bytes.
//
// Floating part (guide PV25): ClientID (required, STRING 64), ClientPassword
// (required, UNSPEC 64, may be empty), ClientSignature (STRING 64),
// AgentExtension (STRING 16), AgentID (STRING 12), AgentInstrument (STRING
// 64), ApplicationPathID (APP_PATH_ID_TAG, INT). UniqueInstanceID (version
// 24, STRING 64) has no tag in the PV25 Tag Values table, so it is kept
// unvalidated like any unknown field.
//
// Decode and Append take the version the message asks for: VersionNumber
// must equal the v they are given ([PeekVersion] reads it first).
type OpenReq struct {
	InvokeID          uint32
	VersionNumber     Version
	IdleTimeout       uint32 // seconds; 0xFFFFFFFF without heartbeats
	PeripheralID      ccefsm.PeripheralID
	ServicesRequested ServiceMask
	CallMsgMask       uint32
	AgentStateMask    uint32
	ConfigMsgMask     uint32
	Reserved1         uint32
	Reserved2         uint32
	Reserved3         uint32
	Floating          []Field

	scratch []Field
}

var openReqLayout = layout{
	{"InvokeID", 4, 0}, {"VersionNumber", 4, 0}, {"IdleTimeout", 4, 0}, {"PeripheralID", 4, 0},
	{"ServicesRequested", 4, 0}, {"CallMsgMask", 4, 0}, {"AgentStateMask", 4, 0},
	{"ConfigMsgMask", 4, 0}, {"Reserved1", 4, 0}, {"Reserved2", 4, 0}, {"Reserved3", 4, 0},
}

var openReqSpecs = newSpecTable(0,
	fieldSpec{tag: TagClientID, name: "ClientID", kind: kString, max: 64, required: true, group: -1},
	fieldSpec{tag: TagClientPassword, name: "ClientPassword", kind: kUnspec, max: 64, required: true, group: -1},
	fieldSpec{tag: TagClientSignature, name: "ClientSignature", kind: kString, max: 64, group: -1},
	fieldSpec{tag: TagAgentExtension, name: "AgentExtension", kind: kString, max: 16, group: -1},
	fieldSpec{tag: TagAgentID, name: "AgentID", kind: kString, max: 12, group: -1},
	fieldSpec{tag: TagAgentInstrument, name: "AgentInstrument", kind: kString, max: 64, group: -1},
	fieldSpec{tag: TagAppPathID, name: "ApplicationPathID", kind: kUint32, group: -1},
)

// Type returns MsgOpenReq.
func (*OpenReq) Type() MessageType { return MsgOpenReq }

func versionMismatch(asked, v Version) error {
	return errorf(MsgOpenReq, "VersionNumber", HeaderSize+4, ErrUnsupportedVersion,
		"the message asks for version "+asked.String()+" but is coded as version "+v.String())
}

// Decode decodes frame, one whole OPEN_REQ asking for version v, into m. On
// error m is unchanged.
func (m *OpenReq) Decode(v Version, frame []byte) error {
	var w [11]uint32
	f, err := decodeUints(MsgOpenReq, openReqLayout, v, frame, w[:], openReqSpecs, &m.scratch)
	if err != nil {
		return err
	}
	if Version(w[1]) != v {
		return versionMismatch(Version(w[1]), v)
	}
	*m = OpenReq{
		InvokeID: w[0], VersionNumber: Version(w[1]), IdleTimeout: w[2],
		PeripheralID: ccefsm.PeripheralID(w[3]), ServicesRequested: ServiceMask(w[4]),
		CallMsgMask: w[5], AgentStateMask: w[6], ConfigMsgMask: w[7],
		Reserved1: w[8], Reserved2: w[9], Reserved3: w[10], Floating: f, scratch: m.Floating,
	}
	return nil
}

// Append appends m, encoded for version v, to dst; m.VersionNumber must be
// v. On error it returns dst unchanged.
func (m *OpenReq) Append(dst []byte, v Version) ([]byte, error) {
	if err := checkVersion(MsgOpenReq, v); err != nil {
		return dst, err
	}
	if m.VersionNumber != v {
		return dst, versionMismatch(m.VersionNumber, v)
	}
	return appendUints(dst, MsgOpenReq, v, []uint32{
		m.InvokeID, uint32(m.VersionNumber), m.IdleTimeout, uint32(m.PeripheralID),
		uint32(m.ServicesRequested), m.CallMsgMask, m.AgentStateMask, m.ConfigMsgMask,
		m.Reserved1, m.Reserved2, m.Reserved3,
	}, openReqSpecs, m.Floating)
}

// Clone returns a copy of m whose floating data does not alias the decoded
// message.
func (m *OpenReq) Clone() *OpenReq {
	c := *m
	c.Floating, c.scratch = cloneFields(m.Floating), nil
	return &c
}

// ClientID returns the ClientID floating field, without its NUL; the bytes
// alias the decoded message.
func (m *OpenReq) ClientID() ([]byte, bool) { return stringValue(m.Floating, TagClientID) }

// ClientPassword returns the ClientPassword floating field (UNSPEC, possibly
// empty); the bytes alias the decoded message.
func (m *OpenReq) ClientPassword() ([]byte, bool) { return lookupField(m.Floating, TagClientPassword) }

// AgentID returns the AgentID floating field, without its NUL.
func (m *OpenReq) AgentID() ([]byte, bool) { return stringValue(m.Floating, TagAgentID) }

// AgentExtension returns the AgentExtension floating field, without its NUL.
func (m *OpenReq) AgentExtension() ([]byte, bool) { return stringValue(m.Floating, TagAgentExtension) }

// AgentInstrument returns the AgentInstrument floating field, without its
// NUL.
func (m *OpenReq) AgentInstrument() ([]byte, bool) {
	return stringValue(m.Floating, TagAgentInstrument)
}

// ApplicationPathID returns the ApplicationPathID floating field.
func (m *OpenReq) ApplicationPathID() (int32, bool) {
	v, ok := uint32Value(m.Floating, TagAppPathID)
	return int32(v), ok
}

// OpenConf is OPEN_CONF (MessageType 4): the CTI Server opened the session.
// Its PGStatus and PeripheralOnline are the client's first view of the PG.
//
// Fixed part, in wire order (guide PV25, Session Management, OPEN_CONF; the
// fields up to AgentState also in the nshimaza/uccertweb client, and up to
// DepartmentID in the nshimaza/ucce-ctidriver client for version 20):
//
//	InvokeID                  UINT    4
//	ServicesGranted           UINT    4
//	MonitorID                 UINT    4
//	PGStatus                  UINT    4
//	ICMCentralControllerTime  TIME    4
//	PeripheralOnline          BOOL    2   0 or 1
//	PeripheralType            USHORT  2
//	AgentState                USHORT  2   0-14
//	DepartmentID              INT     4   version 19 and later
//	SessionType               USHORT  2   version 24 and later, 0-2
//
// DepartmentID is a version 19 change (guide PV24, Changes and Additions);
// SessionType a version 24 one (inferred, see [SessionType]).
//
// Floating part (guide PV25): AgentExtension (STRING 16), AgentID (STRING
// 12), AgentInstrument (STRING 64), and from version 14 NumPeripherals
// (NUM_PERIPHERALS_TAG, USHORT) and a list of FltPeripheralID (UINT) and
// MultilineAgentControl (MULTI_LINE_AGENT_CONTROL_TAG, USHORT, 0 or 1)
// pairs (guide PV24, Changes and Additions, Protocol Version 14). The Tag
// Values table gives no tag to FltPeripheralID, so the pairs are neither
// matched nor counted: FltPeripheralID is kept like any unknown field.
type OpenConf struct {
	InvokeID                 uint32
	ServicesGranted          ServiceMask
	MonitorID                uint32
	PGStatus                 PGStatus
	ICMCentralControllerTime uint32 // TIME: seconds since 1970-01-01 UTC
	PeripheralOnline         bool
	PeripheralType           PeripheralType
	AgentState               agentstate.State
	DepartmentID             int32       // version 19 and later; zero before
	SessionType              SessionType // version 24 and later; zero before
	Floating                 []Field

	scratch []Field
}

var openConfLayout = layout{
	{"InvokeID", 4, 0}, {"ServicesGranted", 4, 0}, {"MonitorID", 4, 0}, {"PGStatus", 4, 0},
	{"ICMCentralControllerTime", 4, 0}, {"PeripheralOnline", 2, 0}, {"PeripheralType", 2, 0},
	{"AgentState", 2, 0}, {"DepartmentID", 4, 19}, {"SessionType", 2, 24},
}

const (
	ocPeripheralOnline = 20
	ocAgentState       = 24
	ocDepartmentID     = 26
	ocSessionType      = 30
)

var openConfSpecs = newSpecTable(0,
	fieldSpec{tag: TagAgentExtension, name: "AgentExtension", kind: kString, max: 16, group: -1},
	fieldSpec{tag: TagAgentID, name: "AgentID", kind: kString, max: 12, group: -1},
	fieldSpec{tag: TagAgentInstrument, name: "AgentInstrument", kind: kString, max: 64, group: -1},
	fieldSpec{tag: TagNumPeripherals, name: "NumPeripherals", kind: kUint16, since: 14, group: -1},
	fieldSpec{tag: TagMultiLineAgentControl, name: "MultilineAgentControl", kind: kBool, since: 14, repeat: true, group: -1},
)

// Type returns MsgOpenConf.
func (*OpenConf) Type() MessageType { return MsgOpenConf }

func openConfCheck(online, state uint16, session uint16, v Version) error {
	const t = MsgOpenConf
	if online > 1 {
		return errorf(t, "PeripheralOnline", HeaderSize+ocPeripheralOnline, ErrOutOfRange,
			utoa(uint64(online))+" is not a BOOL (0 or 1)")
	}
	if err := stateField(t, "AgentState", HeaderSize+ocAgentState, state); err != nil {
		return err
	}
	if v >= 24 && session > uint16(SessionStandby) {
		return errorf(t, "SessionType", HeaderSize+ocSessionType, ErrOutOfRange,
			utoa(uint64(session))+" is not a SessionType (0-2)")
	}
	return nil
}

// Decode decodes frame, one whole OPEN_CONF of version v, into m. On error
// m is unchanged.
func (m *OpenConf) Decode(v Version, frame []byte) error {
	const t = MsgOpenConf
	b, err := openFrame(t, v, frame)
	if err != nil {
		return err
	}
	n := openConfLayout.size(v)
	if len(b) < n {
		return openConfLayout.truncated(t, v, len(b))
	}
	var session uint16
	if v >= 24 {
		session = be16(b, ocSessionType)
	}
	if err := openConfCheck(be16(b, ocPeripheralOnline), be16(b, ocAgentState), session, v); err != nil {
		return err
	}
	x := OpenConf{
		InvokeID:                 be32(b, 0),
		ServicesGranted:          ServiceMask(be32(b, 4)),
		MonitorID:                be32(b, 8),
		PGStatus:                 PGStatus(be32(b, 12)),
		ICMCentralControllerTime: be32(b, 16),
		PeripheralOnline:         be16(b, ocPeripheralOnline) == 1,
		PeripheralType:           PeripheralType(be16(b, 22)),
		AgentState:               agentstate.State(be16(b, ocAgentState)),
		SessionType:              SessionType(session),
	}
	if v >= 19 {
		x.DepartmentID = int32(be32(b, ocDepartmentID))
	}
	c := floatChecker{t: t, v: v, tbl: openConfSpecs}
	f, err := decodeFloating(v, frame, HeaderSize+n, &c, m.scratch)
	if err != nil {
		m.scratch = f[:0]
		return err
	}
	x.Floating, x.scratch = f, m.Floating
	*m = x
	return nil
}

// Append appends m, encoded for version v, to dst. On error it returns dst
// unchanged.
func (m *OpenConf) Append(dst []byte, v Version) ([]byte, error) {
	const t = MsgOpenConf
	if err := checkVersion(t, v); err != nil {
		return dst, err
	}
	switch {
	case v < 19 && m.DepartmentID != 0:
		return dst, notInVersion(t, "DepartmentID", v, 19)
	case v < 24 && m.SessionType != 0:
		return dst, notInVersion(t, "SessionType", v, 24)
	}
	if err := openConfCheck(0, uint16(m.AgentState), uint16(m.SessionType), v); err != nil {
		return dst, err
	}
	start := len(dst)
	dst = begin(dst, t)
	dst = put32(dst, m.InvokeID)
	dst = put32(dst, uint32(m.ServicesGranted))
	dst = put32(dst, m.MonitorID)
	dst = put32(dst, uint32(m.PGStatus))
	dst = put32(dst, m.ICMCentralControllerTime)
	online := uint16(0)
	if m.PeripheralOnline {
		online = 1
	}
	dst = put16(dst, online)
	dst = put16(dst, uint16(m.PeripheralType))
	dst = put16(dst, uint16(m.AgentState))
	if v >= 19 {
		dst = put32(dst, uint32(m.DepartmentID))
	}
	if v >= 24 {
		dst = put16(dst, uint16(m.SessionType))
	}
	c := floatChecker{t: t, v: v, tbl: openConfSpecs}
	dst, err := appendFloating(dst, v, m.Floating, start, &c)
	if err != nil {
		return dst[:start], err
	}
	return end(dst, start, t)
}

// Clone returns a copy of m whose floating data does not alias the decoded
// message.
func (m *OpenConf) Clone() *OpenConf {
	c := *m
	c.Floating, c.scratch = cloneFields(m.Floating), nil
	return &c
}

// Time returns ICMCentralControllerTime as a time.Time in UTC.
func (m *OpenConf) Time() time.Time {
	return time.Unix(int64(m.ICMCentralControllerTime), 0).UTC()
}

// AgentID returns the AgentID floating field, without its NUL.
func (m *OpenConf) AgentID() ([]byte, bool) { return stringValue(m.Floating, TagAgentID) }

// AgentExtension returns the AgentExtension floating field, without its NUL.
func (m *OpenConf) AgentExtension() ([]byte, bool) {
	return stringValue(m.Floating, TagAgentExtension)
}

// AgentInstrument returns the AgentInstrument floating field, without its
// NUL.
func (m *OpenConf) AgentInstrument() ([]byte, bool) {
	return stringValue(m.Floating, TagAgentInstrument)
}

// NumPeripherals returns the NumPeripherals floating field (version 14 and
// later).
func (m *OpenConf) NumPeripherals() (uint16, bool) { return uint16Value(m.Floating, TagNumPeripherals) }
