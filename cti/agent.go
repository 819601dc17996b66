package cti

import (
	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// AgentStateEvent is AGENT_STATE_EVENT (MessageType 30): an agent's state
// changed, overall and in one skill group, in one media routing domain.
//
// Fixed part, in wire order (guide PV25, Application Level Interfaces,
// AGENT_STATE_EVENT; the same fields, sizes and order in guides PV15 and
// PV17, Table 5-18, in guide PV14, Table 5-17, as far as its pages could be
// read (MonitorID to ICMAgentID), and in the nshimaza/uccertweb and
// nshimaza/ucce-ctidriver clients):
//
//	MonitorID                UINT    4
//	PeripheralID             UINT    4
//	SessionID                UINT    4
//	PeripheralType           USHORT  2
//	SkillGroupState          USHORT  2   an AgentState, 0-14
//	StateDuration            UINT    4   seconds in the state
//	SkillGroupNumber         UINT    4   (printed "USINT" in every edition)
//	SkillGroupID             UINT    4
//	SkillGroupPriority       USHORT  2
//	AgentState               USHORT  2   0-14
//	EventReasonCode          USHORT  2
//	MRDID                    INT     4
//	NumTasks                 UINT    4
//	AgentMode                USHORT  2   0-1
//	MaxTaskLimit             UINT    4
//	ICMAgentID               INT     4   the agent's SkillTargetID
//	AgentAvailabilityStatus  UINT    4   0-2
//	NumFltSkillGroups        USHORT  2   0-99
//	DepartmentID             INT     4   version 19 and later
//
// "Added the DepartmentID field to ... AGENT_STATE_EVENT" is a change of
// version 19 (guide PV24, Changes and Additions). That gives 58 bytes up to
// version 18 and 62 from version 19.
//
// Floating part (guide PV25, AGENT_STATE_EVENT, with tags from its "Tag
// Values" table): CTIClientSignature (CLIENT_SIGNATURE_TAG, STRING 64),
// AgentID (STRING 12), AgentExtension (STRING 16), AgentInstrument (STRING
// 64), Duration (DURATION_TAG, UINT), NextAgentState (EXT_AGENT_STATE_TAG,
// USHORT), the skill-group list FltSkillGroupNumber, FltSkillGroupID,
// FltSkillGroupPriority, FltSkillGroupState (tags 62-65), Direction
// (DIRECTION_TAG, UINT, version 16 and later), MaxBeyondTaskLimit
// (MAX_BEYOND_TASK_LIMIT_TAG, UINT, version 22 and later) and ActiveTerminal
// (STRING 64, version 25).
//
// Three of those are inferences, marked here: the Tag Values table lists tags
// 62-65 for other messages only, but they are the only skill-group tags, the
// uccertweb and ucce-ctidriver clients use them for this message, and the
// Unified CCX edition of the protocol documents them for it (CSQID[62],
// CSQState[65]); ActiveTerminal's tag is taken to be FLT_TERM_DEVICE_NAME
// (303), the only tag the table lists for AGENT_STATE_EVENT that no other
// field of the message has; and ActiveTerminal is taken to be new in version
// 25, the first edition that lists it. A field the package does not know in
// the session's version is kept unvalidated, so these choices can only make
// the package accept, never refuse, such a field.
//
// The list: "If 0, a single set of those entities is specified in the fixed
// part"; otherwise NumFltSkillGroups (up to 99) gives the number of
// FltSkillGroupNumber, FltSkillGroupID, FltSkillGroupPriority and
// FltSkillGroupState fields, each following the one before. The decoder holds
// the floating part to exactly that.
type AgentStateEvent struct {
	MonitorID               uint32
	PeripheralID            ccefsm.PeripheralID
	SessionID               uint32
	PeripheralType          PeripheralType
	SkillGroupState         agentstate.State
	StateDuration           uint32
	SkillGroupNumber        uint32
	SkillGroupID            uint32
	SkillGroupPriority      uint16
	AgentState              agentstate.State
	EventReasonCode         agentstate.ReasonCode
	MRDID                   ccefsm.MRDID // the INT's bits
	NumTasks                uint32
	AgentMode               AgentMode
	MaxTaskLimit            uint32
	ICMAgentID              ccefsm.AgentID // the INT's bits
	AgentAvailabilityStatus AvailabilityStatus
	NumFltSkillGroups       uint16
	DepartmentID            int32 // version 19 and later; zero before

	// Floating holds the floating part in wire order; see [Field].
	Floating []Field

	scratch []Field // the array the next Decode fills; see decodeInto
}

var agentStateLayout = layout{
	{"MonitorID", 4, 0}, {"PeripheralID", 4, 0}, {"SessionID", 4, 0},
	{"PeripheralType", 2, 0}, {"SkillGroupState", 2, 0}, {"StateDuration", 4, 0},
	{"SkillGroupNumber", 4, 0}, {"SkillGroupID", 4, 0}, {"SkillGroupPriority", 2, 0},
	{"AgentState", 2, 0}, {"EventReasonCode", 2, 0}, {"MRDID", 4, 0},
	{"NumTasks", 4, 0}, {"AgentMode", 2, 0}, {"MaxTaskLimit", 4, 0},
	{"ICMAgentID", 4, 0}, {"AgentAvailabilityStatus", 4, 0}, {"NumFltSkillGroups", 2, 0},
	{"DepartmentID", 4, 19},
}

// Offsets of the fixed fields in the body (TestLayoutOffsets checks them
// against agentStateLayout).
const (
	aseSkillGroupState   = 14
	aseAgentState        = 30
	aseAgentMode         = 42
	aseAvailability      = 52
	aseNumFltSkillGroups = 56
	aseDepartmentID      = 58
)

var agentStateSpecs = newSpecTable(4,
	fieldSpec{tag: TagClientSignature, name: "CTIClientSignature", kind: kString, max: 64, group: -1},
	fieldSpec{tag: TagAgentID, name: "AgentID", kind: kString, max: 12, group: -1},
	fieldSpec{tag: TagAgentExtension, name: "AgentExtension", kind: kString, max: 16, group: -1},
	fieldSpec{tag: TagAgentInstrument, name: "AgentInstrument", kind: kString, max: 64, group: -1},
	fieldSpec{tag: TagDuration, name: "Duration", kind: kUint32, group: -1},
	fieldSpec{tag: TagExtAgentState, name: "NextAgentState", kind: kState, group: -1},
	fieldSpec{tag: TagSkillGroupNumber, name: "FltSkillGroupNumber", kind: kUint32, repeat: true, group: 0},
	fieldSpec{tag: TagSkillGroupID, name: "FltSkillGroupID", kind: kUint32, repeat: true, group: 1},
	fieldSpec{tag: TagSkillGroupPriority, name: "FltSkillGroupPriority", kind: kUint16, repeat: true, group: 2},
	fieldSpec{tag: TagSkillGroupState, name: "FltSkillGroupState", kind: kState, repeat: true, group: 3},
	fieldSpec{tag: TagDirection, name: "Direction", kind: kDirection, since: 16, group: -1},
	fieldSpec{tag: TagMaxBeyondTaskLimit, name: "MaxBeyondTaskLimit", kind: kUint32, since: 22, group: -1},
	fieldSpec{tag: TagTermDeviceName, name: "ActiveTerminal", kind: kString, max: 64, since: 25, group: -1},
)

// maxFltSkillGroups is the largest NumFltSkillGroups ("up to 99", guide
// PV25, AGENT_STATE_EVENT).
const maxFltSkillGroups = 99

// Type returns MsgAgentStateEvent.
func (*AgentStateEvent) Type() MessageType { return MsgAgentStateEvent }

// Decode decodes frame, one whole AGENT_STATE_EVENT of version v, into m.
// Floating aliases frame. m keeps two field arrays and decodes into the one
// Floating does not use, so that decoding into a reused value allocates
// nothing once both are large enough, and a refused message leaves m
// unchanged; the Floating of the decode before the last is overwritten.
func (m *AgentStateEvent) Decode(v Version, frame []byte) error {
	b, err := openFrame(MsgAgentStateEvent, v, frame)
	if err != nil {
		return err
	}
	n := aseDepartmentID // the fixed part's size, 58 or 62
	if v >= 19 {
		n += 4
	}
	if len(b) < n {
		return agentStateLayout.truncated(MsgAgentStateEvent, v, len(b))
	}
	// Range checks on the wire values, before they are narrowed.
	if be16(b, aseSkillGroupState) > maxAgentState || be16(b, aseAgentState) > maxAgentState ||
		be16(b, aseAgentMode) > uint16(Routable) || be32(b, aseAvailability) > uint32(ApplicationAvailable) ||
		be16(b, aseNumFltSkillGroups) > maxFltSkillGroups {
		return agentStateRangeError(b)
	}
	numFlt := be16(b, aseNumFltSkillGroups)
	c := floatChecker{t: MsgAgentStateEvent, v: v, tbl: agentStateSpecs}
	f, err := decodeFloating(v, frame, HeaderSize+n, &c, m.scratch)
	if err == nil && c.groups != int(numFlt) {
		err = groupCountError(numFlt, c.groups)
	}
	if err != nil {
		m.scratch = f[:0]
		return err
	}
	m.MonitorID = be32(b, 0)
	m.PeripheralID = ccefsm.PeripheralID(be32(b, 4))
	m.SessionID = be32(b, 8)
	m.PeripheralType = PeripheralType(be16(b, 12))
	m.SkillGroupState = agentstate.State(be16(b, aseSkillGroupState))
	m.StateDuration = be32(b, 16)
	m.SkillGroupNumber = be32(b, 20)
	m.SkillGroupID = be32(b, 24)
	m.SkillGroupPriority = be16(b, 28)
	m.AgentState = agentstate.State(be16(b, aseAgentState))
	m.EventReasonCode = agentstate.ReasonCode(be16(b, 32))
	m.MRDID = ccefsm.MRDID(be32(b, 34))
	m.NumTasks = be32(b, 38)
	m.AgentMode = AgentMode(be16(b, aseAgentMode))
	m.MaxTaskLimit = be32(b, 44)
	m.ICMAgentID = ccefsm.AgentID(be32(b, 48))
	m.AgentAvailabilityStatus = AvailabilityStatus(be32(b, aseAvailability))
	m.NumFltSkillGroups = numFlt
	m.DepartmentID = 0
	if v >= 19 {
		m.DepartmentID = int32(be32(b, aseDepartmentID))
	}
	m.Floating, m.scratch = f, m.Floating
	return nil
}

// agentStateRangeError reports the first fixed field of b out of range.
//
//go:noinline
func agentStateRangeError(b []byte) error {
	const t = MsgAgentStateEvent
	if err := stateField(t, "SkillGroupState", HeaderSize+aseSkillGroupState, be16(b, aseSkillGroupState)); err != nil {
		return err
	}
	if err := stateField(t, "AgentState", HeaderSize+aseAgentState, be16(b, aseAgentState)); err != nil {
		return err
	}
	if mode := be16(b, aseAgentMode); mode > uint16(Routable) {
		return errorf(t, "AgentMode", HeaderSize+aseAgentMode, ErrOutOfRange,
			utoa(uint64(mode))+" is not an AgentMode (0 or 1)")
	}
	if st := be32(b, aseAvailability); st > uint32(ApplicationAvailable) {
		return errorf(t, "AgentAvailabilityStatus", HeaderSize+aseAvailability, ErrOutOfRange,
			utoa(uint64(st))+" is not an AgentAvailabilityStatus (0-2)")
	}
	return errorf(t, "NumFltSkillGroups", HeaderSize+aseNumFltSkillGroups, ErrOutOfRange,
		utoa(uint64(be16(b, aseNumFltSkillGroups)))+" exceeds 99")
}

// groupCountError is the error for a skill-group list whose length is not
// NumFltSkillGroups.
//
//go:noinline
func groupCountError(numFlt uint16, groups int) error {
	return errorf(MsgAgentStateEvent, "NumFltSkillGroups", HeaderSize+aseNumFltSkillGroups, ErrMalformed,
		"says "+utoa(uint64(numFlt))+" skill groups, the floating part holds "+itoa(groups))
}

// Append appends m, encoded for version v, to dst. It checks m as the
// decoder checks a message, so that what it writes decodes back to m; on
// error it returns dst unchanged.
func (m *AgentStateEvent) Append(dst []byte, v Version) ([]byte, error) {
	const t = MsgAgentStateEvent
	if err := checkVersion(t, v); err != nil {
		return dst, err
	}
	switch {
	case !m.SkillGroupState.IsValid():
		return dst, stateField(t, "SkillGroupState", HeaderSize+aseSkillGroupState, uint16(m.SkillGroupState))
	case !m.AgentState.IsValid():
		return dst, stateField(t, "AgentState", HeaderSize+aseAgentState, uint16(m.AgentState))
	case !m.AgentMode.IsValid():
		return dst, errorf(t, "AgentMode", HeaderSize+aseAgentMode, ErrOutOfRange,
			utoa(uint64(m.AgentMode))+" is not an AgentMode (0 or 1)")
	case !m.AgentAvailabilityStatus.IsValid():
		return dst, errorf(t, "AgentAvailabilityStatus", HeaderSize+aseAvailability, ErrOutOfRange,
			utoa(uint64(m.AgentAvailabilityStatus))+" is not an AgentAvailabilityStatus (0-2)")
	case m.NumFltSkillGroups > maxFltSkillGroups:
		return dst, errorf(t, "NumFltSkillGroups", HeaderSize+aseNumFltSkillGroups, ErrOutOfRange,
			utoa(uint64(m.NumFltSkillGroups))+" exceeds 99")
	case v < 19 && m.DepartmentID != 0:
		return dst, notInVersion(t, "DepartmentID", v, 19)
	}
	start := len(dst)
	dst = begin(dst, t)
	dst = put32(dst, m.MonitorID)
	dst = put32(dst, uint32(m.PeripheralID))
	dst = put32(dst, m.SessionID)
	dst = put16(dst, uint16(m.PeripheralType))
	dst = put16(dst, uint16(m.SkillGroupState))
	dst = put32(dst, m.StateDuration)
	dst = put32(dst, m.SkillGroupNumber)
	dst = put32(dst, m.SkillGroupID)
	dst = put16(dst, m.SkillGroupPriority)
	dst = put16(dst, uint16(m.AgentState))
	dst = put16(dst, uint16(m.EventReasonCode))
	dst = put32(dst, uint32(m.MRDID))
	dst = put32(dst, m.NumTasks)
	dst = put16(dst, uint16(m.AgentMode))
	dst = put32(dst, m.MaxTaskLimit)
	dst = put32(dst, uint32(m.ICMAgentID))
	dst = put32(dst, uint32(m.AgentAvailabilityStatus))
	dst = put16(dst, m.NumFltSkillGroups)
	if v >= 19 {
		dst = put32(dst, uint32(m.DepartmentID))
	}
	c := floatChecker{t: t, v: v, tbl: agentStateSpecs}
	dst, err := appendFloating(dst, v, m.Floating, start, &c)
	if err == nil && c.groups != int(m.NumFltSkillGroups) {
		err = groupCountError(m.NumFltSkillGroups, c.groups)
	}
	if err != nil {
		return dst[:start], err
	}
	return end(dst, start, t)
}

// Clone returns a copy of m whose floating data does not alias the message
// m was decoded from.
func (m *AgentStateEvent) Clone() *AgentStateEvent {
	c := *m
	c.Floating, c.scratch = cloneFields(m.Floating), nil
	return &c
}

// CTIClientSignature returns the CTIClientSignature floating field, without
// its NUL; the bytes alias the decoded message. It reports false when the
// field is absent (or not a NUL-terminated string, which Decode refuses).
func (m *AgentStateEvent) CTIClientSignature() ([]byte, bool) {
	return stringValue(m.Floating, TagClientSignature)
}

// AgentID returns the agent's ACD login ID (AgentID), without its NUL; the
// bytes alias the decoded message.
func (m *AgentStateEvent) AgentID() ([]byte, bool) { return stringValue(m.Floating, TagAgentID) }

// AgentExtension returns the agent's teleset extension, without its NUL;
// the bytes alias the decoded message.
func (m *AgentStateEvent) AgentExtension() ([]byte, bool) {
	return stringValue(m.Floating, TagAgentExtension)
}

// AgentInstrument returns the agent's ACD instrument number, without its
// NUL; the bytes alias the decoded message.
func (m *AgentStateEvent) AgentInstrument() ([]byte, bool) {
	return stringValue(m.Floating, TagAgentInstrument)
}

// ActiveTerminal returns the selected terminal device name (version 25),
// without its NUL; the bytes alias the decoded message.
func (m *AgentStateEvent) ActiveTerminal() ([]byte, bool) {
	return stringValue(m.Floating, TagTermDeviceName)
}

// Duration returns the anticipated time in the state, in seconds, when the
// message carries it.
func (m *AgentStateEvent) Duration() (uint32, bool) { return uint32Value(m.Floating, TagDuration) }

// NextAgentState returns the agent's next state, when the message carries
// it.
func (m *AgentStateEvent) NextAgentState() (agentstate.State, bool) {
	v, ok := uint16Value(m.Floating, TagExtAgentState)
	if !ok || v > maxAgentState {
		return 0, false
	}
	return agentstate.State(v), true
}

// Direction returns the direction of the agent's current call, when the
// message carries it (version 16 and later).
func (m *AgentStateEvent) Direction() (Direction, bool) {
	v, ok := uint32Value(m.Floating, TagDirection)
	if !ok || v > uint32(DirectionOutboundPredictive) {
		return 0, false
	}
	return Direction(v), true
}

// MaxBeyondTaskLimit returns the number of tasks the agent may work on
// beyond its task limit, when the message carries it (version 22 and later).
func (m *AgentStateEvent) MaxBeyondTaskLimit() (uint32, bool) {
	return uint32Value(m.Floating, TagMaxBeyondTaskLimit)
}

// SkillGroup is one entry of the skill-group list of AGENT_STATE_EVENT: the
// fields FltSkillGroupNumber, FltSkillGroupID, FltSkillGroupPriority and
// FltSkillGroupState.
type SkillGroup struct {
	Number   uint32 // FltSkillGroupNumber (an INT on the wire; its bits)
	ID       uint32 // FltSkillGroupID
	Priority uint16 // FltSkillGroupPriority
	State    agentstate.State
}

// SkillGroups appends the entries of the skill-group list to dst, in wire
// order, and returns it. A decoded message holds exactly NumFltSkillGroups
// entries.
func (m *AgentStateEvent) SkillGroups(dst []SkillGroup) []SkillGroup {
	var g SkillGroup
	pos := 0
	for _, f := range m.Floating {
		switch {
		case f.Tag == TagSkillGroupNumber && len(f.Data) == 4:
			g = SkillGroup{Number: be32(f.Data, 0)}
			pos = 1
		case f.Tag == TagSkillGroupID && pos == 1 && len(f.Data) == 4:
			g.ID = be32(f.Data, 0)
			pos = 2
		case f.Tag == TagSkillGroupPriority && pos == 2 && len(f.Data) == 2:
			g.Priority = be16(f.Data, 0)
			pos = 3
		case f.Tag == TagSkillGroupState && pos == 3 && len(f.Data) == 2 && be16(f.Data, 0) <= maxAgentState:
			g.State = agentstate.State(be16(f.Data, 0))
			dst = append(dst, g)
			pos = 0
		default:
			pos = 0
		}
	}
	return dst
}
