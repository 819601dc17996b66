package cti

import (
	"bytes"
	"encoding/binary"
)

// Field is one floating field of a message: its tag and its data, exactly as
// on the wire. A message keeps its floating part as the ordered list of its
// fields, known and unknown alike, so that encoding a decoded message gives
// back its bytes: a field whose tag the package does not know, or does not
// know in the session's version, is kept in place and re-encoded unchanged.
// The typed accessors of each message read the fields they know.
//
// Floating fields "may appear in any order"; "each floating field appears
// only once unless the field is a member of a list", a list whose length a
// fixed field gives (guide PV24, Messaging Conventions, "Floating Fields").
//
// Data aliases the message it was decoded from (see the package comment).
type Field struct {
	Tag  Tag
	Data []byte
}

// StringField returns a STRING field: s followed by the terminating NUL that
// the protocol's strings carry ("For string data, it includes the null
// termination byte", guide PV24, "Floating Fields"). s must not contain NUL.
func StringField(tag Tag, s string) Field {
	b := make([]byte, len(s)+1)
	copy(b, s)
	return Field{Tag: tag, Data: b}
}

// BytesField returns a field whose data is b (an UNSPEC field, such as
// ClientPassword). It does not copy b.
func BytesField(tag Tag, b []byte) Field { return Field{Tag: tag, Data: b} }

// Uint32Field returns a UINT (or, with the value's bits, an INT) field.
func Uint32Field(tag Tag, v uint32) Field {
	return Field{Tag: tag, Data: binary.BigEndian.AppendUint32(make([]byte, 0, 4), v)}
}

// Uint16Field returns a USHORT field.
func Uint16Field(tag Tag, v uint16) Field {
	return Field{Tag: tag, Data: binary.BigEndian.AppendUint16(make([]byte, 0, 2), v)}
}

// fieldKind is the data type of a known floating field.
type fieldKind uint8

const (
	kString    fieldKind = iota // STRING[max]: NUL-terminated, at most max bytes with the NUL
	kUnspec                     // UNSPEC[max]: any bytes, at most max
	kUint32                     // UINT or INT: 4 bytes
	kUint16                     // USHORT: 2 bytes
	kState                      // USHORT holding an AgentState, 0-14
	kDirection                  // UINT holding a Direction, 0-7
	kBool                       // BOOL (2 bytes), 0 or 1 (guide PV24, "Data Types")
)

// maxAgentState is the largest AgentState (guide PV25, Constants and Status
// Codes, "AgentState Values": 0-14).
const maxAgentState = 14

// fieldSpec describes a floating field a message may carry.
type fieldSpec struct {
	tag      Tag
	name     string
	kind     fieldKind
	max      int     // for kString and kUnspec: the maximum size
	since    Version // the first version that defines the field for the message
	required bool    // the guide marks it required
	repeat   bool    // a list member: may appear more than once
	group    int8    // position in a list group whose members come in order; -1 for none
}

// tagIndexSize bounds the tags a specTable indexes; every known tag is
// below it.
const tagIndexSize = 512

// tagEntry is a specTable's index entry for one tag: what the decoder's
// fast path needs of the tag's spec, in 8 bytes.
type tagEntry struct {
	spec   int8  // 1 + the index of the tag's spec; 0 for none
	since  uint8 // the spec's since
	kind   fieldKind
	group  int8  // the spec's group
	max    uint8 // the spec's max (every max is at most 255)
	repeat bool  // the spec's repeat
}

// noFields is the table of a message without known floating fields.
var noFields = newSpecTable(0)

// specTable holds the floating fields of one message type, indexed by tag.
// The tables are built once, at package initialisation, and never change.
type specTable struct {
	specs     []fieldSpec
	index     [tagIndexSize]tagEntry
	required  uint64  // bit i: specs[i] is required
	groupSize int8    // members of the message's list group; 0 for none
	member    [4]int8 // the spec index of each group position
}

func newSpecTable(groupSize int8, specs ...fieldSpec) *specTable {
	if len(specs) > 64 {
		panic("cti: more than 64 floating fields")
	}
	t := &specTable{specs: specs, groupSize: groupSize}
	for i, s := range specs {
		if int(s.tag) >= tagIndexSize || t.index[s.tag].spec != 0 || s.since > 255 || s.max > 255 {
			panic("cti: bad spec table")
		}
		t.index[s.tag] = tagEntry{spec: int8(i + 1), since: uint8(s.since), kind: s.kind,
			group: s.group, max: uint8(s.max), repeat: s.repeat}
		if s.required {
			t.required |= 1 << uint(i)
		}
		if s.group >= 0 {
			t.member[s.group] = int8(i)
		}
	}
	return t
}

// floatChecker validates the floating fields of one message, in order. The
// decoder and the encoder run the same checker, so that the encoder never
// writes what the decoder would refuse.
type floatChecker struct {
	t   MessageType
	v   Version
	tbl *specTable

	seen     uint64 // bit i: specs[i] seen
	next     int8   // the group position expected next; 0 when no group is open
	groupOff int    // offset of the open group's first field
	groups   int    // complete groups seen
}

// lookup returns the index of tag's spec in the checker's version, or -1.
func (c *floatChecker) lookup(tag Tag) int {
	if int(tag) >= tagIndexSize {
		return -1
	}
	e := c.tbl.index[tag]
	if e.spec == 0 || Version(e.since) > c.v {
		return -1
	}
	return int(e.spec) - 1
}

// field checks one field; off is the offset of its tag in the message. The
// fast path reads the tag's index entry only; the spec, with its name, is
// read for an error.
func (c *floatChecker) field(tag Tag, data []byte, off int) error {
	var e tagEntry
	if int(tag) < tagIndexSize {
		e = c.tbl.index[tag]
	}
	if e.spec == 0 || Version(e.since) > c.v { // not a field of this message in this version
		if c.next != 0 {
			return c.groupError(tag, off)
		}
		return nil
	}
	bit := uint64(1) << uint(e.spec-1)
	if e.group >= 0 {
		if e.group != c.next {
			if c.next != 0 {
				return c.groupError(tag, off)
			}
			s := &c.tbl.specs[e.spec-1]
			return errorf(c.t, s.name, off, ErrMalformed,
				"out of order: a list entry starts with "+c.tbl.specs[c.tbl.member[0]].name)
		}
		if c.next == 0 {
			c.groupOff = off
		}
		c.next++
		if c.next == c.tbl.groupSize {
			c.next = 0
			c.groups++
		}
	} else {
		if c.next != 0 {
			return c.groupError(tag, off)
		}
		if !e.repeat && c.seen&bit != 0 {
			return errorf(c.t, c.tbl.specs[e.spec-1].name, off, ErrDuplicateField, "the field may appear once")
		}
	}
	c.seen |= bit
	var ok bool
	switch n := len(data); e.kind {
	case kString:
		ok = n > 0 && n <= int(e.max) && data[n-1] == 0 && bytes.IndexByte(data[:n-1], 0) < 0
	case kUnspec:
		ok = n <= int(e.max)
	case kUint32:
		ok = n == 4
	case kUint16:
		ok = n == 2
	case kState:
		ok = n == 2 && data[0] == 0 && data[1] <= maxAgentState
	case kDirection:
		ok = n == 4 && data[0]|data[1]|data[2] == 0 && data[3] <= byte(DirectionOutboundPredictive)
	case kBool:
		ok = n == 2 && data[0] == 0 && data[1] <= 1
	}
	if ok {
		return nil
	}
	return checkData(c.t, &c.tbl.specs[e.spec-1], data, off)
}

// groupError is the error for a list entry that another field interrupts.
//
//go:noinline
func (c *floatChecker) groupError(tag Tag, off int) error {
	want := c.tbl.specs[c.tbl.member[c.next]].name
	return errorf(c.t, want, off, ErrMalformed,
		"the list entry that starts at byte "+itoa(c.groupOff)+" needs "+want+" next, found tag "+utoa(uint64(tag)))
}

// finish checks what can only be checked at the end of the floating part;
// end is the message's length.
func (c *floatChecker) finish(end int) error {
	if c.next != 0 {
		want := c.tbl.specs[c.tbl.member[c.next]].name
		return errorf(c.t, want, end, ErrMalformed,
			"the list entry that starts at byte "+itoa(c.groupOff)+" ends without "+want)
	}
	if c.seen&c.tbl.required == c.tbl.required {
		return nil
	}
	for i := range c.tbl.specs {
		s := &c.tbl.specs[i]
		if s.required && s.since <= c.v && c.seen&(1<<uint(i)) == 0 {
			return errorf(c.t, s.name, -1, ErrMissingField, "the guide marks the field required")
		}
	}
	return nil
}

// checkData checks the data of a known field against its type.
func checkData(t MessageType, s *fieldSpec, data []byte, off int) error {
	switch s.kind {
	case kString:
		switch {
		case len(data) == 0:
			return errorf(t, s.name, off, ErrMalformed, "an empty STRING lacks its terminating NUL")
		case len(data) > s.max:
			return errorf(t, s.name, off, ErrMalformed,
				itoa(len(data))+" bytes, more than the STRING["+itoa(s.max)+"] allows")
		case data[len(data)-1] != 0:
			return errorf(t, s.name, off, ErrMalformed, "the STRING does not end with NUL")
		}
		if i := bytes.IndexByte(data[:len(data)-1], 0); i >= 0 {
			return errorf(t, s.name, off, ErrMalformed,
				"the STRING holds a NUL at data byte "+itoa(i)+", before its end")
		}
	case kUnspec:
		if len(data) > s.max {
			return errorf(t, s.name, off, ErrMalformed,
				itoa(len(data))+" bytes, more than the UNSPEC["+itoa(s.max)+"] allows")
		}
	case kUint32:
		if len(data) != 4 {
			return sizeError(t, s, off, len(data), 4)
		}
	case kUint16:
		if len(data) != 2 {
			return sizeError(t, s, off, len(data), 2)
		}
	case kState:
		if len(data) != 2 {
			return sizeError(t, s, off, len(data), 2)
		}
		if v := binary.BigEndian.Uint16(data); v > maxAgentState {
			return errorf(t, s.name, off, ErrOutOfRange, utoa(uint64(v))+" is not an AgentState (0-14)")
		}
	case kDirection:
		if len(data) != 4 {
			return sizeError(t, s, off, len(data), 4)
		}
		if v := binary.BigEndian.Uint32(data); v > uint32(DirectionOutboundPredictive) {
			return errorf(t, s.name, off, ErrOutOfRange, utoa(uint64(v))+" is not a Direction (0-7)")
		}
	case kBool:
		if len(data) != 2 {
			return sizeError(t, s, off, len(data), 2)
		}
		if v := binary.BigEndian.Uint16(data); v > 1 {
			return errorf(t, s.name, off, ErrOutOfRange, utoa(uint64(v))+" is neither 0 nor 1")
		}
	}
	return nil
}

func sizeError(t MessageType, s *fieldSpec, off, have, want int) error {
	return errorf(t, s.name, off, ErrMalformed, itoa(have)+" bytes of data, want "+itoa(want))
}

// overrunError is the error for a field that runs past its message: its
// header (when size < 0) or its data.
//
//go:noinline
func overrunError(c *floatChecker, tag Tag, off, hdr, size, remain int) error {
	if size < 0 {
		return errorf(c.t, "FloatingField", off, ErrOverrun,
			"a field header needs "+itoa(hdr)+" bytes, "+itoa(remain)+" remain")
	}
	return errorf(c.t, fieldName(c, tag), off, ErrOverrun,
		"tag "+utoa(uint64(tag))+" declares "+itoa(size)+" bytes of data, "+itoa(remain-hdr)+" remain")
}

// countFields counts the field headers from frame[off:] to the end, without
// checking them: the size to grow a field list to, once.
func countFields(hdr int, frame []byte, off int) int {
	n := 0
	for len(frame)-off >= hdr {
		size := int(frame[off+1])
		if hdr == 4 {
			size = int(binary.BigEndian.Uint16(frame[off+2:]))
		}
		off += hdr + size
		n++
	}
	return n
}

// grow returns dst with room for one more field and every field after off.
//
//go:noinline
func grow(dst []Field, hdr int, frame []byte, off int) []Field {
	grown := make([]Field, len(dst), len(dst)+1+countFields(hdr, frame, off))
	copy(grown, dst)
	return grown
}

// decodeFloating checks the floating part of frame, which starts at byte
// start, and appends its fields to dst[:0]. When dst is too small it grows
// once, to the exact number of fields, so that the memory a decode allocates
// is bounded by the input's size.
func decodeFloating(v Version, frame []byte, start int, c *floatChecker, dst []Field) ([]Field, error) {
	hdr := 2
	if v.wide() {
		hdr = 4
	}
	dst = dst[:0]
	for off := start; off < len(frame); {
		rest := frame[off:]
		if len(rest) < hdr {
			return dst, overrunError(c, 0, off, hdr, -1, len(rest))
		}
		var tag Tag
		var size int
		if hdr == 4 {
			tag = Tag(rest[0])<<8 | Tag(rest[1])
			size = int(rest[2])<<8 | int(rest[3])
		} else {
			tag = Tag(rest[0])
			size = int(rest[1])
		}
		next := hdr + size
		if next > len(rest) {
			return dst, overrunError(c, tag, off, hdr, size, len(rest))
		}
		data := rest[hdr:next:next]
		if err := c.field(tag, data, off); err != nil {
			return dst, err
		}
		if len(dst) == cap(dst) {
			dst = grow(dst, hdr, frame, off+next)
		}
		dst = append(dst, Field{Tag: tag, Data: data})
		off += next
	}
	if c.next != 0 || c.seen&c.tbl.required != c.tbl.required {
		return dst, c.finish(len(frame))
	}
	return dst, nil
}

// fieldName names a field for an error: the spec's name, or "FloatingField".
func fieldName(c *floatChecker, tag Tag) string {
	if i := c.lookup(tag); i >= 0 {
		return c.tbl.specs[i].name
	}
	return "FloatingField"
}

// appendFloating checks fields with c and appends them to dst; start is the
// offset of the message's first byte in dst.
func appendFloating(dst []byte, v Version, fields []Field, start int, c *floatChecker) ([]byte, error) {
	hdr := v.fieldHeader()
	limit := v.maxFieldLen()
	for _, f := range fields {
		off := len(dst) - start
		if int(f.Tag) > limit {
			return dst, errorf(c.t, fieldName(c, f.Tag), off, ErrUnsupportedVersion,
				"tag "+utoa(uint64(f.Tag))+" does not fit the 1-byte tag of version "+v.String())
		}
		if len(f.Data) > limit {
			return dst, errorf(c.t, fieldName(c, f.Tag), off, ErrTooLong,
				itoa(len(f.Data))+" bytes of data do not fit the field length of version "+v.String())
		}
		if err := c.field(f.Tag, f.Data, off); err != nil {
			return dst, err
		}
		if hdr == 4 {
			dst = binary.BigEndian.AppendUint16(dst, uint16(f.Tag))
			dst = binary.BigEndian.AppendUint16(dst, uint16(len(f.Data)))
		} else {
			dst = append(dst, byte(f.Tag), byte(len(f.Data)))
		}
		dst = append(dst, f.Data...)
	}
	return dst, c.finish(len(dst) - start)
}

// lookupField returns the data of the first field with tag t.
func lookupField(fields []Field, t Tag) ([]byte, bool) {
	for i := range fields {
		if fields[i].Tag == t {
			return fields[i].Data, true
		}
	}
	return nil, false
}

// stringValue returns the text of the first STRING field with tag t, without
// its NUL. It reports false when the field is absent or is not a
// NUL-terminated string.
func stringValue(fields []Field, t Tag) ([]byte, bool) {
	d, ok := lookupField(fields, t)
	if !ok || len(d) == 0 || d[len(d)-1] != 0 {
		return nil, false
	}
	return d[: len(d)-1 : len(d)-1], true
}

// uint32Value returns the value of the first 4-byte field with tag t.
func uint32Value(fields []Field, t Tag) (uint32, bool) {
	d, ok := lookupField(fields, t)
	if !ok || len(d) != 4 {
		return 0, false
	}
	return binary.BigEndian.Uint32(d), true
}

// uint16Value returns the value of the first 2-byte field with tag t.
func uint16Value(fields []Field, t Tag) (uint16, bool) {
	d, ok := lookupField(fields, t)
	if !ok || len(d) != 2 {
		return 0, false
	}
	return binary.BigEndian.Uint16(d), true
}

// cloneFields returns a copy of fields whose data no longer aliases any
// decoded message: one allocation for the list, one for all the data.
func cloneFields(fields []Field) []Field {
	if fields == nil {
		return nil
	}
	size := 0
	for _, f := range fields {
		size += len(f.Data)
	}
	buf := make([]byte, 0, size)
	out := make([]Field, len(fields))
	for i, f := range fields {
		n := len(buf)
		buf = append(buf, f.Data...)
		out[i] = Field{Tag: f.Tag, Data: buf[n:len(buf):len(buf)]}
	}
	return out
}
