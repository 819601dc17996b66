// Package snapshot is the framing and the reader shared by every
// MarshalBinary / UnmarshalBinary of the ccefsm packages.
//
// A snapshot is
//
//	magic    4 bytes, naming the type ("AGS", "TSKS", …, padded as given)
//	version  1 byte
//	body     the type's own encoding
//	crc      4 bytes, big-endian CRC-32C (Castagnoli) of everything before it
//
// [Seal] appends the checksum; [Open] checks the length, the magic, the
// version (an unknown one is an error naming the version found and the one
// this build reads) and the checksum, and returns a [Reader] over the body.
// The Reader records the first problem with its byte offset and the field
// being read, so that a refusal says what and where. Decoders read every
// field through it and then check the invariants of what they decoded; the
// problem they report is an [*Error], which unwraps to the package's
// ErrCorruptSnapshot sentinel (and so to ccefsm.ErrCorruptSnapshot).
package snapshot

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"strconv"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Format names one snapshot format.
type Format struct {
	Type    string  // the Go type, such as "agentstate.Roster"
	Magic   [4]byte // the first four bytes
	Version uint8   // the version this build writes and reads
	Kind    error   // the package's ErrCorruptSnapshot sentinel
}

// Error reports a snapshot that was refused: the type, the byte offset in
// the snapshot where the problem lies, the field, and why.
type Error struct {
	Type   string // the Go type being restored, such as "taskstate.Store"
	Offset int    // byte offset from the start of the snapshot
	Field  string // the field being read or checked
	Reason string // what is wrong
	Kind   error  // the package's sentinel; Unwrap returns it
}

// Error describes the problem: type, field, offset and reason.
func (e *Error) Error() string {
	s := e.Type + " snapshot: "
	if e.Field != "" {
		s += e.Field + " "
	}
	return s + "at byte " + strconv.Itoa(e.Offset) + ": " + e.Reason
}

// Unwrap returns the package's sentinel.
func (e *Error) Unwrap() error { return e.Kind }

// Begin starts a snapshot of format f in b (usually b[:0] of a buffer with
// room for the whole snapshot): the magic and the version.
func (f Format) Begin(b []byte) []byte {
	b = append(b, f.Magic[:]...)
	return append(b, f.Version)
}

// Seal appends the checksum of b to b.
func Seal(b []byte) []byte {
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

const header = 5 // magic and version

// Open checks data's frame and returns a reader over its body.
func (f Format) Open(data []byte) (*Reader, error) {
	fail := func(off int, field, why string) (*Reader, error) {
		return nil, &Error{Type: f.Type, Offset: off, Field: field, Reason: why, Kind: f.Kind}
	}
	if len(data) < header+4 {
		return fail(0, "", "too short to be a snapshot ("+strconv.Itoa(len(data))+" bytes)")
	}
	if [4]byte(data[:4]) != f.Magic {
		return fail(0, "magic", "not a "+f.Type+" snapshot (magic "+strconv.Quote(string(data[:4]))+", want "+strconv.Quote(string(f.Magic[:]))+")")
	}
	if v := data[4]; v != f.Version {
		return fail(4, "version", "version "+strconv.Itoa(int(v))+"; this build reads version "+strconv.Itoa(int(f.Version)))
	}
	end := len(data) - 4
	if got, want := crc32.Checksum(data[:end], castagnoli), binary.BigEndian.Uint32(data[end:]); got != want {
		return fail(end, "checksum", "CRC-32C mismatch: the snapshot is damaged")
	}
	return &Reader{f: f, b: data[:end], off: header}, nil
}

// Reader reads the body of a snapshot. After the first problem every read
// returns zero and the problem stays the one reported by [Reader.Err].
type Reader struct {
	f   Format
	b   []byte // the snapshot up to the checksum
	off int
	err *Error
}

// Fail records a problem with field at the current offset, unless one is
// recorded already.
func (r *Reader) Fail(field, reason string) {
	r.FailAt(r.off, field, reason)
}

// FailAt records a problem with field at offset off, unless one is recorded
// already.
func (r *Reader) FailAt(off int, field, reason string) {
	if r.err == nil {
		r.err = &Error{Type: r.f.Type, Offset: off, Field: field, Reason: reason, Kind: r.f.Kind}
	}
}

// Err returns the first problem, or nil.
func (r *Reader) Err() error {
	if r.err == nil {
		return nil
	}
	return r.err
}

// OK reports whether no problem has been recorded.
func (r *Reader) OK() bool { return r.err == nil }

// Offset returns the offset of the next byte to read.
func (r *Reader) Offset() int { return r.off }

// Left returns the number of body bytes not yet read.
func (r *Reader) Left() int { return len(r.b) - r.off }

func (r *Reader) take(field string, n int) []byte {
	if r.err != nil {
		return nil
	}
	if r.Left() < n {
		r.Fail(field, "truncated: "+strconv.Itoa(n)+" bytes needed, "+strconv.Itoa(r.Left())+" left")
		return nil
	}
	v := r.b[r.off : r.off+n]
	r.off += n
	return v
}

// U8 reads one byte.
func (r *Reader) U8(field string) uint8 {
	if v := r.take(field, 1); v != nil {
		return v[0]
	}
	return 0
}

// U16 reads a big-endian uint16.
func (r *Reader) U16(field string) uint16 {
	if v := r.take(field, 2); v != nil {
		return binary.BigEndian.Uint16(v)
	}
	return 0
}

// U32 reads a big-endian uint32.
func (r *Reader) U32(field string) uint32 {
	if v := r.take(field, 4); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

// U64 reads a big-endian uint64.
func (r *Reader) U64(field string) uint64 {
	if v := r.take(field, 8); v != nil {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// I64 reads a big-endian int64.
func (r *Reader) I64(field string) int64 { return int64(r.U64(field)) }

// Bool reads one byte that must be 0 or 1.
func (r *Reader) Bool(field string) bool {
	off := r.off
	v := r.U8(field)
	if v > 1 {
		r.FailAt(off, field, "boolean byte "+strconv.Itoa(int(v))+" is neither 0 nor 1")
	}
	return v == 1
}

// Uvarint reads an unsigned varint no larger than max, in its shortest
// encoding (a longer one would give the same value two encodings, and a
// snapshot one meaning per byte string).
func (r *Reader) Uvarint(field string, max uint64) uint64 {
	if r.err != nil {
		return 0
	}
	off := r.off
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.Fail(field, "truncated or overlong varint")
		return 0
	}
	r.off += n
	var buf [binary.MaxVarintLen64]byte
	if n != binary.PutUvarint(buf[:], v) {
		r.FailAt(off, field, "varint not in its shortest form")
		return 0
	}
	if v > max {
		r.FailAt(off, field, "value "+strconv.FormatUint(v, 10)+" exceeds "+strconv.FormatUint(max, 10))
		return 0
	}
	return v
}

// Varint reads a signed varint in its shortest encoding.
func (r *Reader) Varint(field string) int64 {
	if r.err != nil {
		return 0
	}
	off := r.off
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 {
		r.Fail(field, "truncated or overlong varint")
		return 0
	}
	r.off += n
	var buf [binary.MaxVarintLen64]byte
	if n != binary.PutVarint(buf[:], v) {
		r.FailAt(off, field, "varint not in its shortest form")
		return 0
	}
	return v
}

// Count reads a uvarint element count and checks that the body has room
// for that many elements of at least minSize bytes each, so that a damaged
// count cannot make the decoder allocate more than the snapshot's size.
func (r *Reader) Count(field string, minSize int) int {
	off := r.off
	n := r.Uvarint(field, math.MaxInt32)
	if r.err != nil {
		return 0
	}
	if minSize < 1 {
		minSize = 1
	}
	if n > uint64(r.Left()/minSize) {
		r.FailAt(off, field, "count "+strconv.FormatUint(n, 10)+" does not fit in the "+strconv.Itoa(r.Left())+" bytes left")
		return 0
	}
	return int(n)
}

// Done checks that the whole body was read and returns the first problem.
func (r *Reader) Done() error {
	if r.err == nil && r.Left() != 0 {
		r.Fail("end", strconv.Itoa(r.Left())+" trailing bytes")
	}
	return r.Err()
}

// AppendUvarint, AppendVarint and AppendBool are the writers matching the
// reader's varint and boolean forms.
func AppendUvarint(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }

// AppendVarint appends a signed varint.
func AppendVarint(b []byte, v int64) []byte { return binary.AppendVarint(b, v) }

// AppendBool appends 1 for true and 0 for false.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}
