package cti

import "encoding/binary"

// fixedField is one field of a message's fixed part, in wire order.
type fixedField struct {
	name  string
	size  int
	since Version // the first version whose layout has the field
}

// layout is the fixed part of one message type: fields are only ever
// appended at its end as versions grow, so a field's offset is the same in
// every version that has it.
type layout []fixedField

// size returns the fixed part's length in version v, the header excluded.
func (l layout) size(v Version) int {
	n := 0
	for _, f := range l {
		if f.since <= v {
			n += f.size
		}
	}
	return n
}

// offset returns the offset of the named field from the start of the
// message, its header included, and -1 for a name the layout lacks.
func (l layout) offset(name string) int {
	off := HeaderSize
	for _, f := range l {
		if f.name == name {
			return off
		}
		off += f.size
	}
	return -1
}

// truncated returns the error for a body of have bytes, shorter than the
// fixed part of version v.
func (l layout) truncated(t MessageType, v Version, have int) error {
	off := 0
	for _, f := range l {
		if f.since > v {
			continue
		}
		if off+f.size > have {
			return errorf(t, f.name, HeaderSize+off, ErrTruncated,
				"the fixed part of version "+v.String()+" is "+itoa(l.size(v))+" bytes, the body "+itoa(have))
		}
		off += f.size
	}
	return errorf(t, "", -1, ErrTruncated, "the fixed part of version "+v.String()+" is "+itoa(l.size(v))+" bytes")
}

// begin appends a header with a zero length, to be set by end.
func begin(dst []byte, t MessageType) []byte {
	return Header{Type: t}.Append(dst)
}

// end sets the length of the message that starts at dst[start:] and checks
// its size.
func end(dst []byte, start int, t MessageType) ([]byte, error) {
	n := len(dst) - start
	if n > MaxMessageSize {
		return dst[:start], errorf(t, "MessageLength", 0, ErrTooLong,
			"the message would be "+itoa(n)+" bytes, more than "+itoa(MaxMessageSize))
	}
	binary.BigEndian.PutUint32(dst[start:], uint32(n-HeaderSize))
	return dst, nil
}

func be32(b []byte, off int) uint32 { return binary.BigEndian.Uint32(b[off:]) }
func be16(b []byte, off int) uint16 { return binary.BigEndian.Uint16(b[off:]) }

func put32(dst []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(dst, v) }
func put16(dst []byte, v uint16) []byte { return binary.BigEndian.AppendUint16(dst, v) }

// stateField checks a USHORT holding an AgentState.
func stateField(t MessageType, name string, off int, v uint16) error {
	if v > maxAgentState {
		return errorf(t, name, off, ErrOutOfRange, utoa(uint64(v))+" is not an AgentState (0-14)")
	}
	return nil
}

// notInVersion is the error for a fixed field given a non-zero value in a
// version that lacks it.
func notInVersion(t MessageType, name string, v, since Version) error {
	return errorf(t, name, -1, ErrUnsupportedVersion,
		name+" is not in version "+v.String()+" (added in "+since.String()+"); leave it zero")
}
