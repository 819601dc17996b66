package cti

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// The stringer outputs are checked in; this test fails when they drift from
// the constants (run go generate).
func TestStringerDrift(t *testing.T) { gencheck.Stringers(t) }

// The offsets the decoders read at are those of the layouts.
func TestLayoutOffsets(t *testing.T) {
	for _, c := range []struct {
		l      layout
		name   string
		const_ int
	}{
		{agentStateLayout, "SkillGroupState", aseSkillGroupState},
		{agentStateLayout, "AgentState", aseAgentState},
		{agentStateLayout, "AgentMode", aseAgentMode},
		{agentStateLayout, "AgentAvailabilityStatus", aseAvailability},
		{agentStateLayout, "NumFltSkillGroups", aseNumFltSkillGroups},
		{agentStateLayout, "DepartmentID", aseDepartmentID},
		{systemEventLayout, "SystemEventID", seSystemEventID},
		{openConfLayout, "PeripheralOnline", ocPeripheralOnline},
		{openConfLayout, "AgentState", ocAgentState},
		{openConfLayout, "DepartmentID", ocDepartmentID},
		{openConfLayout, "SessionType", ocSessionType},
	} {
		if got := c.l.offset(c.name); got != HeaderSize+c.const_ {
			t.Errorf("%s at %d, constant says %d", c.name, got, HeaderSize+c.const_)
		}
	}
	if agentStateLayout.offset("nothing") != -1 {
		t.Error("offset of a missing field")
	}
	for v, want := range map[Version]int{13: 58, 18: 58, 19: 62, 25: 62} {
		if got := agentStateLayout.size(v); got != want {
			t.Errorf("AGENT_STATE_EVENT fixed part in %d: %d bytes, want %d", v, got, want)
		}
	}
	for v, want := range map[Version]int{13: 26, 18: 26, 19: 30, 23: 30, 24: 32, 25: 32} {
		if got := openConfLayout.size(v); got != want {
			t.Errorf("OPEN_CONF fixed part in %d: %d bytes, want %d", v, got, want)
		}
	}
	if systemEventLayout.size(13) != 26 || openReqLayout.size(25) != 44 {
		t.Error("SYSTEM_EVENT or OPEN_REQ size")
	}
	for _, tbl := range []*specTable{agentStateSpecs, systemEventSpecs, openReqSpecs, openConfSpecs} {
		for i, s := range tbl.specs {
			if e := tbl.index[s.tag]; int(e.spec)-1 != i || Version(e.since) != s.since {
				t.Errorf("%s: index of tag %d is %+v", s.name, s.tag, e)
			}
		}
	}
}

func TestEnumText(t *testing.T) {
	type enum interface {
		MarshalText() ([]byte, error)
	}
	check := func(v enum, want string) {
		t.Helper()
		b, err := v.MarshalText()
		if err != nil || string(b) != want {
			t.Errorf("%v: MarshalText = %q, %v; want %q", v, b, err, want)
		}
	}
	checkBad := func(v enum) {
		t.Helper()
		if _, err := v.MarshalText(); !errors.Is(err, ccefsm.ErrUnknownValue) {
			t.Errorf("%v: MarshalText error %v", v, err)
		}
	}
	check(MsgAgentStateEvent, "AGENT_STATE_EVENT")
	checkBad(MessageType(12345))
	check(StatusCTIServerOffline, "E_CTI_CTI_SERVER_OFFLINE")
	checkBad(StatusCode(100))
	check(TagDirection, "DIRECTION_TAG")
	checkBad(Tag(1000))
	check(SysPeripheralOffline, "SYS_PERIPHERAL_OFFLINE")
	checkBad(SystemEventID(0))
	checkBad(SystemEventID(12))
	check(ApplicationAvailable, "APPLICATION_AVAILABLE")
	checkBad(AvailabilityStatus(3))
	check(Routable, "ROUTABLE")
	checkBad(AgentMode(2))
	check(DirectionOutboundPredictive, "OUTBOUND_PREDICTIVE")
	checkBad(Direction(8))
	check(SessionStandby, "STANDBY")
	checkBad(SessionType(3))
	check(PTEnterpriseAgent, "PT_ENTERPRISE_AGENT")
	checkBad(PeripheralType(16))

	// UnmarshalText takes back what MarshalText gives, and refuses the rest.
	var (
		mt MessageType
		sc StatusCode
		tg Tag
		se SystemEventID
		as AvailabilityStatus
		am AgentMode
		d  Direction
		st SessionType
		pt PeripheralType
	)
	for _, c := range []struct {
		into interface{ UnmarshalText([]byte) error }
		text string
		got  func() any
		want any
	}{
		{&mt, "END_TASK_EVENT", func() any { return mt }, MsgEndTaskEvent},
		{&sc, "E_CTI_TIMEOUT", func() any { return sc }, StatusTimeout},
		{&tg, "MAX_BEYOND_TASK_LIMIT_TAG", func() any { return tg }, TagMaxBeyondTaskLimit},
		{&se, "SYS_HALF_HOUR_CHANGE", func() any { return se }, SysHalfHourChange},
		{&as, "ICM_AVAILABLE", func() any { return as }, ICMAvailable},
		{&am, "NOT_ROUTABLE", func() any { return am }, NotRoutable},
		{&d, "OTHER_IN", func() any { return d }, DirectionOtherIn},
		{&st, "ACTIVE", func() any { return st }, SessionActive},
		{&pt, "PT_NONE", func() any { return pt }, PTNone},
	} {
		if err := c.into.UnmarshalText([]byte(c.text)); err != nil || c.got() != c.want {
			t.Errorf("UnmarshalText(%q) = %v, %v", c.text, c.got(), err)
		}
		before := c.got()
		if err := c.into.UnmarshalText([]byte("NO_SUCH_NAME")); !errors.Is(err, ccefsm.ErrUnknownName) || c.got() != before {
			t.Errorf("UnmarshalText(NO_SUCH_NAME) = %v, %v", c.got(), err)
		}
	}
}

func TestNamedSets(t *testing.T) {
	for _, typ := range messageTypes {
		if !typ.Named() || typ.String() == "" {
			t.Errorf("%d not named", typ)
		}
	}
	for i := 1; i < len(statusCodes); i++ {
		if statusCodes[i-1] >= statusCodes[i] {
			t.Fatal("statusCodes not sorted")
		}
	}
	for _, c := range []StatusCode{0, 15, 98, 107, 110} {
		if !c.Named() {
			t.Errorf("%d not named", c)
		}
	}
	for _, c := range []StatusCode{99, 106, 111, 1 << 31} {
		if c.Named() {
			t.Errorf("%d named", c)
		}
	}
	if StatusCode(99).String() != "StatusCode(99)" {
		t.Error(StatusCode(99).String())
	}
	if !TagDuration.Named() || Tag(1000).Named() {
		t.Error("Tag.Named")
	}
}

func TestMasks(t *testing.T) {
	if s := (PGOPCDown | PGPeripheralOffline).String(); s != "PGS_OPC_DOWN|PGS_PERIPHERAL_OFFLINE" {
		t.Error(s)
	}
	if s := PGStatus(0).String(); s != "0" {
		t.Error(s)
	}
	s := PGStatus(0x101)
	if s.String() != "PGS_OPC_DOWN|0x00000100" || s.Undocumented() != 0x100 || s.Normal() || !s.Has(PGOPCDown) || s.Has(PGCCDown) {
		t.Errorf("%v %v", s, s.Undocumented())
	}
	if !PGStatus(0).Normal() || PGStatus(0x20).String() != "0x00000020" {
		t.Error("PGStatus")
	}
	m := ServiceAllEvents | ServiceAgentReporting
	if m.String() != "CTI_SERVICE_ALL_EVENTS|CTI_SERVICE_AGENT_REPORTING" || !m.Has(ServiceAgentReporting) || m.Has(ServiceDebug) {
		t.Error(m.String())
	}
	if ServiceMask(0x4000).String() != "0x00004000" || ServiceMask(0).String() != "0" {
		t.Error(ServiceMask(0x4000).String())
	}
	if PeripheralType(16).String() != "PeripheralType(16)" || PTNone.String() != "PT_NONE" {
		t.Error("PeripheralType.String")
	}
}

func TestTaskID(t *testing.T) {
	b := []byte{0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xFF}
	id, err := ParseTaskID(b)
	if err != nil || id != (TaskID{GroupHigh: 1, GroupLow: 2, Sequence: 3}) {
		t.Fatalf("ParseTaskID = %+v, %v", id, err)
	}
	if got := id.Append([]byte{9}); !bytes.Equal(got, append([]byte{9}, b[:12]...)) {
		t.Errorf("Append = %x", got)
	}
	if id.Group() != 1<<32|2 || id.String() != "4294967298:3" {
		t.Errorf("Group %d, String %s", id.Group(), id)
	}
	neg := TaskID{GroupHigh: -1, GroupLow: -1, Sequence: -1}
	if neg.Group() != 1<<64-1 || neg.String() != "18446744073709551615:-1" {
		t.Errorf("negative: %d %s", neg.Group(), neg)
	}
	_, err = ParseTaskID(b[:11])
	wantErr(t, "short TASKID", err, ErrTruncated, 0, "TASKID", -1)
}

func TestAccessors(t *testing.T) {
	m := aseWant(2, 0, fSig, fAgentID, fExt, fInstr, fDuration, fNext, fDir, fBeyond, fTerminal,
		fSGNumber, fSGID, fSGPrio, fSGState,
		Field{TagSkillGroupNumber, []byte{0, 0, 0, 9}}, Field{TagSkillGroupID, []byte{0, 0, 0, 8}},
		Field{TagSkillGroupPriority, []byte{0, 1}}, Field{TagSkillGroupState, []byte{0, 11}})
	var got AgentStateEvent
	if err := got.Decode(25, encode(t, m, 25)); err != nil {
		t.Fatal(err)
	}
	strs := map[string]func() ([]byte, bool){
		"gw-1": got.CTIClientSignature, "1001": got.AgentID, "3001": got.AgentExtension, "term1": got.ActiveTerminal,
	}
	for want, f := range strs {
		if b, ok := f(); !ok || string(b) != want {
			t.Errorf("accessor = %q, %v; want %q", b, ok, want)
		}
	}
	if b, ok := got.AgentInstrument(); !ok || string(b) != "3001" {
		t.Error("AgentInstrument")
	}
	if d, ok := got.Duration(); !ok || d != 0 {
		t.Error("Duration")
	}
	if s, ok := got.NextAgentState(); !ok || s != agentstate.Available {
		t.Error("NextAgentState")
	}
	if d, ok := got.Direction(); !ok || d != DirectionIn {
		t.Error("Direction")
	}
	if n, ok := got.MaxBeyondTaskLimit(); !ok || n != 2 {
		t.Error("MaxBeyondTaskLimit")
	}
	want := []SkillGroup{{101, 5101, 0, agentstate.NotReady}, {9, 8, 1, agentstate.Active}}
	if sg := got.SkillGroups(nil); len(sg) != 2 || sg[0] != want[0] || sg[1] != want[1] {
		t.Errorf("SkillGroups = %+v", sg)
	}
	// Absent fields.
	var empty AgentStateEvent
	if _, ok := empty.AgentID(); ok {
		t.Error("AgentID of an empty message")
	}
	if _, ok := empty.Duration(); ok {
		t.Error("Duration of an empty message")
	}
	if _, ok := empty.NextAgentState(); ok {
		t.Error("NextAgentState of an empty message")
	}
	if sg := empty.SkillGroups(nil); len(sg) != 0 {
		t.Error("SkillGroups of an empty message")
	}
	// Values no decoder accepts, set by hand, give no value.
	bad := AgentStateEvent{Floating: []Field{{TagExtAgentState, []byte{0, 15}}, {TagAgentID, []byte("x")},
		{TagSkillGroupNumber, []byte{1}}, {TagSkillGroupID, []byte{0, 0, 0, 1}}}}
	if _, ok := bad.NextAgentState(); ok {
		t.Error("NextAgentState 15")
	}
	if _, ok := bad.AgentID(); ok {
		t.Error("AgentID without NUL")
	}
	if sg := bad.SkillGroups(nil); len(sg) != 0 {
		t.Error("SkillGroups of a broken list")
	}
}

func TestSystemEventAccessors(t *testing.T) {
	e := &SystemEvent{SystemEventID: SysPeripheralOffline, SystemEventArg1: 5000, ICMCentralControllerTime: 86400}
	if p, ok := e.Peripheral(); !ok || p != 5000 {
		t.Error("Peripheral")
	}
	if !e.Time().Equal(time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC)) || e.Time().Location() != time.UTC {
		t.Error("Time")
	}
	e.SystemEventID = SysHalfHourChange
	if _, ok := e.Peripheral(); ok {
		t.Error("Peripheral of a half-hour change")
	}
	for _, id := range []SystemEventID{SysPeripheralOnline, SysInstrumentOutOfService, SysInstrumentBackInService} {
		e.SystemEventID = id
		if _, ok := e.Peripheral(); !ok {
			t.Errorf("Peripheral of %s", id)
		}
	}
}

func TestSessionAccessors(t *testing.T) {
	r := &OpenReq{VersionNumber: 20, Floating: []Field{StringField(TagClientID, "c"), BytesField(TagClientPassword, []byte("pw")),
		StringField(TagAgentID, "1001"), StringField(TagAgentExtension, "3001"), StringField(TagAgentInstrument, "3002"),
		Uint32Field(TagAppPathID, 0xFFFFFFFF)}}
	var got OpenReq
	if err := got.Decode(20, encode(t, r, 20)); err != nil {
		t.Fatal(err)
	}
	pw, _ := got.ClientPassword()
	id, _ := got.AgentID()
	ext, _ := got.AgentExtension()
	ins, _ := got.AgentInstrument()
	path, _ := got.ApplicationPathID()
	if string(pw) != "pw" || string(id) != "1001" || string(ext) != "3001" || string(ins) != "3002" || path != -1 {
		t.Errorf("%q %q %q %q %d", pw, id, ext, ins, path)
	}
	c := &OpenConf{Floating: []Field{StringField(TagAgentID, "1001"), StringField(TagAgentExtension, "3001"),
		StringField(TagAgentInstrument, "3002"), Uint16Field(TagNumPeripherals, 2)}}
	var gc OpenConf
	if err := gc.Decode(24, encode(t, c, 24)); err != nil {
		t.Fatal(err)
	}
	id, _ = gc.AgentID()
	ext, _ = gc.AgentExtension()
	ins, _ = gc.AgentInstrument()
	n, _ := gc.NumPeripherals()
	if string(id) != "1001" || string(ext) != "3001" || string(ins) != "3002" || n != 2 {
		t.Errorf("%q %q %q %d", id, ext, ins, n)
	}
}

// Clone copies the floating data: the clone survives the frame's reuse.
func TestClone(t *testing.T) {
	for _, g := range goldens {
		v := g.versions[len(g.versions)-1]
		frame := unhex(t, g.dump, v)
		m := newMessage(g.want)
		if err := m.Decode(v, frame); err != nil {
			t.Fatal(err)
		}
		c := deepCopy(m)
		for i := range frame {
			frame[i] = 0xEE
		}
		enc, err := c.Append(nil, v)
		if err != nil || !bytes.Equal(enc, unhex(t, g.dump, v)) {
			t.Errorf("%s: clone re-encodes to %x, %v", g.name, enc, err)
		}
	}
	r := &Raw{MsgType: 99, Body: []byte{1}}
	c := r.Clone()
	r.Body[0] = 2
	if c.Body[0] != 1 {
		t.Error("Raw.Clone aliases")
	}
	var empty AgentStateEvent
	if empty.Clone().Floating != nil {
		t.Error("clone of no floating part")
	}
}

// Enumerated fields marshal to JSON by name.
func TestJSON(t *testing.T) {
	b, err := json.Marshal(struct {
		T MessageType
		S SystemEventID
		D Direction
	}{MsgSystemEvent, SysCTIServerOffline, DirectionOut})
	if err != nil || string(b) != `{"T":"SYSTEM_EVENT","S":"SYS_CTI_SERVER_OFFLINE","D":"OUT"}` {
		t.Errorf("%s, %v", b, err)
	}
}
