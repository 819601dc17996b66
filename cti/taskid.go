package cti

import (
	"encoding/binary"
	"strconv"
)

// TaskID is the protocol's TASKID data type: the 12-byte identifier of a
// task's Termination Call Detail record (guide PV24, Messaging Conventions,
// "TASKID Data Type"; the same in guide PV9, Table 3-6). The Task Group ID,
// TaskGroupHigh and TaskGroupLow, stays the same for every task of one
// customer interaction; with SequenceNumber it is unique for every
// termination record.
//
// No message this package decodes carries a TASKID: the task messages that
// do are kept as [Raw] (their field tables are not public). The type is here
// for a caller that finds a TASKID at a known place, and for the mapping of
// task messages once their layouts are verified.
type TaskID struct {
	GroupHigh int32 // TaskGroupHigh: the Task Group ID's most significant 4 bytes
	GroupLow  int32 // TaskGroupLow: its least significant 4 bytes
	Sequence  int32 // SequenceNumber
}

// TaskIDSize is the size of a TASKID on the wire.
const TaskIDSize = 12

// ParseTaskID reads a TASKID from the first 12 bytes of b. It fails with
// [ErrTruncated] when b is shorter.
func ParseTaskID(b []byte) (TaskID, error) {
	if len(b) < TaskIDSize {
		return TaskID{}, errorf(0, "TASKID", -1, ErrTruncated,
			"need "+itoa(TaskIDSize)+" bytes, have "+itoa(len(b)))
	}
	return TaskID{
		GroupHigh: int32(binary.BigEndian.Uint32(b)),
		GroupLow:  int32(binary.BigEndian.Uint32(b[4:])),
		Sequence:  int32(binary.BigEndian.Uint32(b[8:])),
	}, nil
}

// Append appends the TASKID's 12 bytes to dst.
func (id TaskID) Append(dst []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(id.GroupHigh))
	dst = binary.BigEndian.AppendUint32(dst, uint32(id.GroupLow))
	return binary.BigEndian.AppendUint32(dst, uint32(id.Sequence))
}

// Group returns the 64-bit Task Group ID: TaskGroupHigh, then TaskGroupLow.
func (id TaskID) Group() uint64 {
	return uint64(uint32(id.GroupHigh))<<32 | uint64(uint32(id.GroupLow))
}

// String returns "group:sequence" with the Task Group ID in decimal, such as
// "4294967298:1".
func (id TaskID) String() string {
	return strconv.FormatUint(id.Group(), 10) + ":" + strconv.FormatInt(int64(id.Sequence), 10)
}
