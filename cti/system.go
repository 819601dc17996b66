package cti

import (
	"time"

	"github.com/ccefsm/ccefsm"
)

// SystemEvent is SYSTEM_EVENT (MessageType 31): the PG's status changed, or
// the PG reports an event such as a peripheral going offline.
//
// Fixed part, in wire order (guide PV25, Application Level Interfaces,
// SYSTEM_EVENT; the same in the nshimaza/uccertweb and
// nshimaza/ucce-ctidriver clients):
//
//	PGStatus                  UINT    4   a PGStatus bit mask
//	ICMCentralControllerTime  TIME    4   seconds since 1970-01-01 UTC
//	SystemEventID             UINT    4   1-11
//	SystemEventArg1           UINT    4
//	SystemEventArg2           UINT    4
//	SystemEventArg3           UINT    4
//	EventDeviceType           USHORT  2
//
// EventDeviceType and its floating EventDeviceID were added in versions
// 10-13 (guide PV24, Changes and Additions, "Protocol Versions 10-13"), so
// every supported version has them: 26 bytes.
//
// Floating part: Text (TEXT_TAG, STRING 255) and EventDeviceID
// (EVENT_DEVICE_ID_TAG, STRING 64) (guide PV25, SYSTEM_EVENT and "Tag
// Values").
type SystemEvent struct {
	PGStatus                 PGStatus
	ICMCentralControllerTime uint32 // TIME: seconds since 1970-01-01 UTC
	SystemEventID            SystemEventID
	SystemEventArg1          uint32
	SystemEventArg2          uint32
	SystemEventArg3          uint32
	EventDeviceType          uint16 // a DeviceIDType; DeviceIDNone without EventDeviceID

	// Floating holds the floating part in wire order; see [Field].
	Floating []Field

	scratch []Field
}

var systemEventLayout = layout{
	{"PGStatus", 4, 0}, {"ICMCentralControllerTime", 4, 0}, {"SystemEventID", 4, 0},
	{"SystemEventArg1", 4, 0}, {"SystemEventArg2", 4, 0}, {"SystemEventArg3", 4, 0},
	{"EventDeviceType", 2, 0},
}

const seSystemEventID = 8

var systemEventSpecs = newSpecTable(0,
	fieldSpec{tag: TagText, name: "Text", kind: kString, max: 255, group: -1},
	fieldSpec{tag: TagEventDeviceID, name: "EventDeviceID", kind: kString, max: 64, group: -1},
)

// Type returns MsgSystemEvent.
func (*SystemEvent) Type() MessageType { return MsgSystemEvent }

func systemEventIDError(v uint32) error {
	return errorf(MsgSystemEvent, "SystemEventID", HeaderSize+seSystemEventID, ErrOutOfRange,
		utoa(uint64(v))+" is not a SystemEventID (1-11)")
}

// Decode decodes frame, one whole SYSTEM_EVENT of version v, into m.
// Floating aliases frame; on error m is unchanged.
func (m *SystemEvent) Decode(v Version, frame []byte) error {
	b, err := openFrame(MsgSystemEvent, v, frame)
	if err != nil {
		return err
	}
	n := systemEventLayout.size(v)
	if len(b) < n {
		return systemEventLayout.truncated(MsgSystemEvent, v, len(b))
	}
	if id := be32(b, seSystemEventID); id < uint32(SysCentralControllerOnline) || id > uint32(SysInstrumentBackInService) {
		return systemEventIDError(id)
	}
	x := SystemEvent{
		PGStatus:                 PGStatus(be32(b, 0)),
		ICMCentralControllerTime: be32(b, 4),
		SystemEventID:            SystemEventID(be32(b, seSystemEventID)),
		SystemEventArg1:          be32(b, 12),
		SystemEventArg2:          be32(b, 16),
		SystemEventArg3:          be32(b, 20),
		EventDeviceType:          be16(b, 24),
	}
	c := floatChecker{t: MsgSystemEvent, v: v, tbl: systemEventSpecs}
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
func (m *SystemEvent) Append(dst []byte, v Version) ([]byte, error) {
	const t = MsgSystemEvent
	if err := checkVersion(t, v); err != nil {
		return dst, err
	}
	if !m.SystemEventID.IsValid() {
		return dst, systemEventIDError(uint32(m.SystemEventID))
	}
	start := len(dst)
	dst = begin(dst, t)
	dst = put32(dst, uint32(m.PGStatus))
	dst = put32(dst, m.ICMCentralControllerTime)
	dst = put32(dst, uint32(m.SystemEventID))
	dst = put32(dst, m.SystemEventArg1)
	dst = put32(dst, m.SystemEventArg2)
	dst = put32(dst, m.SystemEventArg3)
	dst = put16(dst, m.EventDeviceType)
	c := floatChecker{t: t, v: v, tbl: systemEventSpecs}
	dst, err := appendFloating(dst, v, m.Floating, start, &c)
	if err != nil {
		return dst[:start], err
	}
	return end(dst, start, t)
}

// Clone returns a copy of m whose floating data does not alias the message
// m was decoded from.
func (m *SystemEvent) Clone() *SystemEvent {
	c := *m
	c.Floating, c.scratch = cloneFields(m.Floating), nil
	return &c
}

// Time returns ICMCentralControllerTime as a time.Time in UTC.
func (m *SystemEvent) Time() time.Time {
	return time.Unix(int64(m.ICMCentralControllerTime), 0).UTC()
}

// Peripheral returns the peripheral a SYS_PERIPHERAL_ONLINE,
// SYS_PERIPHERAL_OFFLINE, SYS_INSTRUMENT_OUT_OF_SERVICE or
// SYS_INSTRUMENT_BACK_IN_SERVICE event is about: SystemEventArg1 (guide PV25,
// "SystemEventID Values"). It reports false for the other events.
func (m *SystemEvent) Peripheral() (ccefsm.PeripheralID, bool) {
	switch m.SystemEventID {
	case SysPeripheralOnline, SysPeripheralOffline, SysInstrumentOutOfService, SysInstrumentBackInService:
		return ccefsm.PeripheralID(m.SystemEventArg1), true
	}
	return 0, false
}

// Text returns the Text floating field, without its NUL; the bytes alias the
// decoded message.
func (m *SystemEvent) Text() ([]byte, bool) { return stringValue(m.Floating, TagText) }

// EventDeviceID returns the EventDeviceID floating field, without its NUL;
// the bytes alias the decoded message.
func (m *SystemEvent) EventDeviceID() ([]byte, bool) {
	return stringValue(m.Floating, TagEventDeviceID)
}
