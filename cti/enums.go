package cti

import (
	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=SystemEventID,AvailabilityStatus,AgentMode,Direction,SessionType,PeripheralType -linecomment -output=enums_string.go

// SystemEventID is the SystemEventID of SYSTEM_EVENT: a UINT on the wire
// whose values are 1-11 (guide PV25, Constants and Status Codes,
// "SystemEventID Values"). Other values are refused by the decoder.
type SystemEventID uint8

// System event IDs (guide PV25, "SystemEventID Values"). The line comments
// are the CTI names.
const (
	// SysCentralControllerOnline: the PG talks to the central controller
	// again.
	SysCentralControllerOnline SystemEventID = 1 // SYS_CENTRAL_CONTROLLER_ONLINE
	// SysCentralControllerOffline: the PG lost the central controller.
	SysCentralControllerOffline SystemEventID = 2 // SYS_CENTRAL_CONTROLLER_OFFLINE
	// SysPeripheralOnline: a peripheral went online; SystemEventArg1 is its
	// PeripheralID.
	SysPeripheralOnline SystemEventID = 3 // SYS_PERIPHERAL_ONLINE
	// SysPeripheralOffline: a peripheral went offline; SystemEventArg1 is
	// its PeripheralID.
	SysPeripheralOffline SystemEventID = 4 // SYS_PERIPHERAL_OFFLINE
	// SysTextFYI: a broadcast of the Text floating field.
	SysTextFYI SystemEventID = 5 // SYS_TEXT_FYI
	// SysPeripheralGatewayOffline: the CTI Server lost the PG.
	SysPeripheralGatewayOffline SystemEventID = 6 // SYS_PERIPHERAL_GATEWAY_OFFLINE
	// SysCTIServerOffline: the local software component lost the CTI
	// Server.
	SysCTIServerOffline SystemEventID = 7 // SYS_CTI_SERVER_OFFLINE
	// SysCTIServerOnline: the local software component reached the CTI
	// Server again.
	SysCTIServerOnline SystemEventID = 8 // SYS_CTI_SERVER_ONLINE
	// SysHalfHourChange: the central controller's clock entered a new half
	// hour.
	SysHalfHourChange SystemEventID = 9 // SYS_HALF_HOUR_CHANGE
	// SysInstrumentOutOfService: an agent device target left service;
	// SystemEventArg1 is the PeripheralID, Text the AgentInstrument.
	SysInstrumentOutOfService SystemEventID = 10 // SYS_INSTRUMENT_OUT_OF_SERVICE
	// SysInstrumentBackInService: an agent device target returned to
	// service; SystemEventArg1 is the PeripheralID, Text the
	// AgentInstrument.
	SysInstrumentBackInService SystemEventID = 11 // SYS_INSTRUMENT_BACK_IN_SERVICE
)

// IsValid reports whether id is one of the values 1-11.
func (id SystemEventID) IsValid() bool {
	return id >= SysCentralControllerOnline && id <= SysInstrumentBackInService
}

// MarshalText implements [encoding.TextMarshaler] with the CTI name. Values
// outside 1-11 are an error wrapping [ccefsm.ErrUnknownValue].
func (id SystemEventID) MarshalText() ([]byte, error) {
	return enumtext.Marshal(id, SysCentralControllerOnline, SysInstrumentBackInService, "cti.SystemEventID")
}

// UnmarshalText implements [encoding.TextUnmarshaler] with the CTI names. On
// error, which wraps [ccefsm.ErrUnknownName], id is unchanged.
func (id *SystemEventID) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(id, text, SysCentralControllerOnline, SysInstrumentBackInService, "cti.SystemEventID")
}

// AvailabilityStatus is the AgentAvailabilityStatus of AGENT_STATE_EVENT, a
// UINT whose values are 0-2 (guide PV25, Application Level Interfaces,
// AGENT_STATE_EVENT; the same values in guides PV15 and PV17). An agent is
// available in an MRD when it is not Not Ready there, not working on a
// non-interruptible task of another MRD, and below the MRD's task limit; an
// available agent is ICM available when routable and application available
// otherwise.
type AvailabilityStatus uint8

// Availability statuses. The line comments are the guide's names with
// underscores.
const (
	NotAvailable         AvailabilityStatus = 0 // NOT_AVAILABLE
	ICMAvailable         AvailabilityStatus = 1 // ICM_AVAILABLE
	ApplicationAvailable AvailabilityStatus = 2 // APPLICATION_AVAILABLE
)

// IsValid reports whether s is one of the values 0-2.
func (s AvailabilityStatus) IsValid() bool { return s <= ApplicationAvailable }

// MarshalText implements [encoding.TextMarshaler]. Values above 2 are an
// error wrapping [ccefsm.ErrUnknownValue].
func (s AvailabilityStatus) MarshalText() ([]byte, error) {
	return enumtext.Marshal(s, NotAvailable, ApplicationAvailable, "cti.AvailabilityStatus")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error s is
// unchanged.
func (s *AvailabilityStatus) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(s, text, NotAvailable, ApplicationAvailable, "cti.AvailabilityStatus")
}

// AgentMode is the AgentMode of AGENT_STATE_EVENT, a USHORT of two values.
//
// The guide editions disagree on which is which: guides PV14 (8.0(1)), PV15
// (8.5(1)) and PV17 (10.0(1)) print "ROUTABLE = 0, NOT ROUTABLE = 1", the
// PV25 guide (15.0(1)) prints "ROUTABLE = 1, NOT ROUTABLE = 0". The package
// follows the current guide, as the nshimaza/ucce-ctidriver client does
// (AgentModeNotRoutable = 0, AgentModeRoutable = 1); this reading is
// inferred, since no edition notes a change. The wire value is kept as is
// either way.
type AgentMode uint8

// Agent modes, as the PV25 guide numbers them.
const (
	NotRoutable AgentMode = 0 // NOT_ROUTABLE
	Routable    AgentMode = 1 // ROUTABLE
)

// IsValid reports whether m is 0 or 1.
func (m AgentMode) IsValid() bool { return m <= Routable }

// MarshalText implements [encoding.TextMarshaler]. Values above 1 are an
// error wrapping [ccefsm.ErrUnknownValue].
func (m AgentMode) MarshalText() ([]byte, error) {
	return enumtext.Marshal(m, NotRoutable, Routable, "cti.AgentMode")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error m is
// unchanged.
func (m *AgentMode) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(m, text, NotRoutable, Routable, "cti.AgentMode")
}

// Direction is the Direction floating field of AGENT_STATE_EVENT (version 16
// and later): the direction of the call the agent is working on, a UINT whose
// values are 0-7 (guide PV25, AGENT_STATE_EVENT). The guide gives the values
// descriptions, not constant names; the names here are the package's.
type Direction uint8

// Call directions (guide PV25, AGENT_STATE_EVENT, Direction).
const (
	DirectionNone               Direction = 0 // NONE
	DirectionIn                 Direction = 1 // IN
	DirectionOut                Direction = 2 // OUT
	DirectionOtherIn            Direction = 3 // OTHER_IN
	DirectionOtherOut           Direction = 4 // OTHER_OUT
	DirectionOutboundReserve    Direction = 5 // OUTBOUND_RESERVE
	DirectionOutboundPreview    Direction = 6 // OUTBOUND_PREVIEW
	DirectionOutboundPredictive Direction = 7 // OUTBOUND_PREDICTIVE
)

// IsValid reports whether d is one of the values 0-7.
func (d Direction) IsValid() bool { return d <= DirectionOutboundPredictive }

// MarshalText implements [encoding.TextMarshaler]. Values above 7 are an
// error wrapping [ccefsm.ErrUnknownValue].
func (d Direction) MarshalText() ([]byte, error) {
	return enumtext.Marshal(d, DirectionNone, DirectionOutboundPredictive, "cti.Direction")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error d is
// unchanged.
func (d *Direction) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(d, text, DirectionNone, DirectionOutboundPredictive, "cti.Direction")
}

// SessionType is the SessionType of OPEN_CONF (version 24 and later): whether
// the CTI Server that answered is the active or the standby one (guide PV25,
// Session Management, OPEN_CONF: "0 - Unknown, 1 - Active, 2 - Standby").
// The field arrived with active/standby CTI Servers, which accept clients of
// version 24 and later only; that it first appears in version 24 is inferred
// from the PV24 change list ("Updated OPEN_REQ and OPEN_CONF").
type SessionType uint8

// Session types.
const (
	SessionUnknown SessionType = 0 // UNKNOWN
	SessionActive  SessionType = 1 // ACTIVE
	SessionStandby SessionType = 2 // STANDBY
)

// IsValid reports whether t is one of the values 0-2.
func (t SessionType) IsValid() bool { return t <= SessionStandby }

// MarshalText implements [encoding.TextMarshaler]. Values above 2 are an
// error wrapping [ccefsm.ErrUnknownValue].
func (t SessionType) MarshalText() ([]byte, error) {
	return enumtext.Marshal(t, SessionUnknown, SessionStandby, "cti.SessionType")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error t is
// unchanged.
func (t *SessionType) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(t, text, SessionUnknown, SessionStandby, "cti.SessionType")
}

// PGStatus is the PGStatus of OPEN_CONF and SYSTEM_EVENT: a bit mask of
// Peripheral Gateway failures, zero when the PG is healthy (guide PV25,
// Constants and Status Codes, "PGStatusCode Values"; the same five bits in
// the PV9 guide, Table 6-6). Bits the guides do not define are kept as
// received and reported by Undocumented: a status report must not be lost.
type PGStatus uint32

// PG status bits (guide PV25, "PGStatusCode Values").
const (
	// PGOPCDown: the CTI Server lost the PG's OPC process; no call or agent
	// events can be sent.
	PGOPCDown PGStatus = 0x01
	// PGCCDown: the PG lost the central controller; translation routing and
	// post-routing suffer, other events still flow.
	PGCCDown PGStatus = 0x02
	// PGPeripheralOffline: one or more peripherals of the PG are offline.
	PGPeripheralOffline PGStatus = 0x04
	// PGCTIServerOffline: the CTI Server and the CTI client lost each other
	// (reported by a software layer between them, never by the CTI Server).
	PGCTIServerOffline PGStatus = 0x08
	// PGLimitedFunction: with PGCTIServerOffline, limited local call control
	// is possible.
	PGLimitedFunction PGStatus = 0x10

	pgDocumented = PGOPCDown | PGCCDown | PGPeripheralOffline | PGCTIServerOffline | PGLimitedFunction
)

var pgStatusNames = [...]struct {
	bit  PGStatus
	name string
}{
	{PGOPCDown, "PGS_OPC_DOWN"},
	{PGCCDown, "PGS_CC_DOWN"},
	{PGPeripheralOffline, "PGS_PERIPHERAL_OFFLINE"},
	{PGCTIServerOffline, "PGS_CTI_SERVER_OFFLINE"},
	{PGLimitedFunction, "PGS_LIMITED_FUNCTION"},
}

// Normal reports whether s is zero: no component failure.
func (s PGStatus) Normal() bool { return s == 0 }

// Has reports whether every bit of b is set in s.
func (s PGStatus) Has(b PGStatus) bool { return s&b == b }

// Undocumented returns the bits of s no guide defines.
func (s PGStatus) Undocumented() PGStatus { return s &^ pgDocumented }

// String returns the CTI names of the set bits joined by "|", then any
// undocumented bits in hex, or "0" when no bit is set: "PGS_OPC_DOWN|PGS_CC_DOWN".
func (s PGStatus) String() string {
	return maskString(uint32(s), uint32(s.Undocumented()), func(yield func(uint32, string) bool) {
		for _, n := range pgStatusNames {
			if !yield(uint32(n.bit), n.name) {
				return
			}
		}
	})
}

// ServiceMask is the ServicesRequested of OPEN_REQ and the ServicesGranted of
// OPEN_CONF: a bit mask of CTI services (guide PV25, Session Management, "CTI
// Service Masks"). Every value is kept as received.
type ServiceMask uint32

// CTI services (guide PV25, "CTI Service Masks"; ServiceDeviceStateControl
// from the PV15 guide, Table 4-1, which the PV25 table no longer lists).
const (
	ServiceClientEvents               ServiceMask = 0x00000001
	ServiceCallDataUpdate             ServiceMask = 0x00000002
	ServiceClientControl              ServiceMask = 0x00000004
	ServiceConnectionMonitor          ServiceMask = 0x00000008
	ServiceAllEvents                  ServiceMask = 0x00000010
	ServicePeripheralMonitor          ServiceMask = 0x00000020
	ServiceClientMonitor              ServiceMask = 0x00000040
	ServiceSupervisor                 ServiceMask = 0x00000080
	ServiceServer                     ServiceMask = 0x00000100
	ServiceAgentReporting             ServiceMask = 0x00000400
	ServiceAllTaskEvents              ServiceMask = 0x00000800
	ServiceTaskMonitor                ServiceMask = 0x00001000
	ServiceAgentStateControlOnly      ServiceMask = 0x00002000
	ServiceDeviceStateControl         ServiceMask = 0x00008000
	ServiceUpdateEvents               ServiceMask = 0x00080000
	ServiceIgnoreDuplicateAgentEvents ServiceMask = 0x00100000
	ServiceIgnoreConf                 ServiceMask = 0x00200000
	ServiceACDLineOnly                ServiceMask = 0x00400000
	ServiceActiveStandby              ServiceMask = 0x02000000
	ServiceDebug                      ServiceMask = 0x80000000
)

var serviceNames = [...]struct {
	bit  ServiceMask
	name string
}{
	{ServiceClientEvents, "CTI_SERVICE_CLIENT_EVENTS"},
	{ServiceCallDataUpdate, "CTI_SERVICE_CALL_DATA_UPDATE"},
	{ServiceClientControl, "CTI_SERVICE_CLIENT_CONTROL"},
	{ServiceConnectionMonitor, "CTI_SERVICE_CONNECTION_MONITOR"},
	{ServiceAllEvents, "CTI_SERVICE_ALL_EVENTS"},
	{ServicePeripheralMonitor, "CTI_SERVICE_PERIPHERAL_MONITOR"},
	{ServiceClientMonitor, "CTI_SERVICE_CLIENT_MONITOR"},
	{ServiceSupervisor, "CTI_SERVICE_SUPERVISOR"},
	{ServiceServer, "CTI_SERVICE_SERVER"},
	{ServiceAgentReporting, "CTI_SERVICE_AGENT_REPORTING"},
	{ServiceAllTaskEvents, "CTI_SERVICE_ALL_TASK_EVENTS"},
	{ServiceTaskMonitor, "CTI_SERVICE_TASK_MONITOR"},
	{ServiceAgentStateControlOnly, "CTI_AGENT_STATE_CONTROL_ONLY"},
	{ServiceDeviceStateControl, "CTI_DEVICE_STATE_CONTROL"},
	{ServiceUpdateEvents, "CTI_SERVICE_UPDATE_EVENTS"},
	{ServiceIgnoreDuplicateAgentEvents, "CTI_SERVICE_IGNORE_DUPLICATE_AGENT_EVENTS"},
	{ServiceIgnoreConf, "CTI_SERVICE_IGNORE_CONF"},
	{ServiceACDLineOnly, "CTI_SERVICE_ACD_LINE_ONLY"},
	{ServiceActiveStandby, "CTI_SERVICE_ACTIVE_STANDBY"},
	{ServiceDebug, "CTI_SERVICE_DEBUG"},
}

// Has reports whether every bit of b is set in m.
func (m ServiceMask) Has(b ServiceMask) bool { return m&b == b }

// String returns the CTI names of the set bits joined by "|", then any
// undocumented bits in hex, or "0".
func (m ServiceMask) String() string {
	var known uint32
	for _, n := range serviceNames {
		known |= uint32(n.bit)
	}
	return maskString(uint32(m), uint32(m)&^known, func(yield func(uint32, string) bool) {
		for _, n := range serviceNames {
			if !yield(uint32(n.bit), n.name) {
				return
			}
		}
	})
}

// maskString joins the names of the set bits of v and then the rest in hex.
func maskString(v, rest uint32, names func(func(uint32, string) bool)) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for bit, name := range names {
		if v&bit != 0 {
			if len(b) > 0 {
				b = append(b, '|')
			}
			b = append(b, name...)
		}
	}
	if rest != 0 {
		if len(b) > 0 {
			b = append(b, '|')
		}
		b = append(b, "0x"...)
		const hex = "0123456789abcdef"
		for shift := 28; shift >= 0; shift -= 4 {
			b = append(b, hex[rest>>uint(shift)&0xF])
		}
	}
	return string(b)
}

// PeripheralType is the PeripheralType of AGENT_STATE_EVENT and OPEN_CONF, a
// USHORT (guide PV25, Constants and Status Codes, "PeripheralType Values").
// The list has changed between editions (the PV9 guide has PT_ASPECT = 1,
// which later editions drop), and the field only describes the ACD, so
// decoding accepts any value; String names the documented ones and prints
// "PeripheralType(N)" for the others.
type PeripheralType uint16

// Peripheral types (guide PV25, "PeripheralType Values"; PTAspect from the
// PV9 guide, Table 6-7). The line comments are the CTI names.
const (
	PTAspect            PeripheralType = 1      // PT_ASPECT
	PTMeridian          PeripheralType = 2      // PT_MERIDIAN
	PTG2                PeripheralType = 3      // PT_G2
	PTDefinityECSNonEAS PeripheralType = 4      // PT_DEFINITY_ECS_NON_EAS
	PTDefinityECSEAS    PeripheralType = 5      // PT_DEFINITY_ECS_EAS
	PTGalaxy            PeripheralType = 6      // PT_GALAXY
	PTSpectrum          PeripheralType = 7      // PT_SPECTRUM
	PTVRU               PeripheralType = 8      // PT_VRU
	PTVRUPolled         PeripheralType = 9      // PT_VRU_POLLED
	PTDMS100            PeripheralType = 10     // PT_DMS100
	PTSiemens9006       PeripheralType = 11     // PT_SIEMENS_9006
	PTSiemens9005       PeripheralType = 12     // PT_SIEMENS_9005
	PTAlcatel           PeripheralType = 13     // PT_ALCATEL
	PTNECNEAX2x00       PeripheralType = 14     // PT_NEC_NEAX_2x00
	PTACP1000           PeripheralType = 15     // PT_ACP_1000
	PTEnterpriseAgent   PeripheralType = 17     // PT_ENTERPRISE_AGENT
	PTMD110             PeripheralType = 18     // PT_MD110
	PTMediaRouting      PeripheralType = 19     // PT_MEDIA_ROUTING
	PTGeneric           PeripheralType = 20     // PT_GENERIC
	PTACMICRS           PeripheralType = 21     // PT_ACMI_CRS
	PTACMIIPCC          PeripheralType = 22     // PT_ACMI_IPCC
	PTARS               PeripheralType = 24     // PT_ARS
	PTACMIERS           PeripheralType = 25     // PT_ACMI_ERS
	PTACMIExpertAdvisor PeripheralType = 26     // PT_ACMI_EXPERT_ADVISOR
	PTNone              PeripheralType = 0xFFFF // PT_NONE
)

var peripheralTypes = [...]PeripheralType{
	PTAspect, PTMeridian, PTG2, PTDefinityECSNonEAS, PTDefinityECSEAS, PTGalaxy, PTSpectrum,
	PTVRU, PTVRUPolled, PTDMS100, PTSiemens9006, PTSiemens9005, PTAlcatel, PTNECNEAX2x00,
	PTACP1000, PTEnterpriseAgent, PTMD110, PTMediaRouting, PTGeneric, PTACMICRS, PTACMIIPCC,
	PTARS, PTACMIERS, PTACMIExpertAdvisor, PTNone,
}

// MarshalText implements [encoding.TextMarshaler] with the CTI name. An
// undocumented type is an error wrapping [ccefsm.ErrUnknownValue].
func (t PeripheralType) MarshalText() ([]byte, error) {
	return enumtext.MarshalIn(t, peripheralTypes[:], "cti.PeripheralType")
}

// UnmarshalText implements [encoding.TextUnmarshaler] with the CTI names. On
// error t is unchanged.
func (t *PeripheralType) UnmarshalText(text []byte) error {
	return enumtext.UnmarshalIn(t, text, peripheralTypes[:], "cti.PeripheralType")
}

// NullSkillGroup is NULL_SKILL_GROUP, the SkillGroupNumber or SkillGroupID
// that means "not applicable or not available" (guide PV25, Constants and
// Status Codes, "Special Values").
const NullSkillGroup uint32 = 0xFFFFFFFF

// DeviceIDNone is DEVID_NONE, the EventDeviceType of a SYSTEM_EVENT without
// an EventDeviceID (guide PV25, SYSTEM_EVENT: "Should be DEVID_NONE if no
// floating field is provided"; the value from the guide's "DeviceIDType
// Values" table).
const DeviceIDNone uint16 = 0xFFFF
