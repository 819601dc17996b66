package routing

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/snapshot"
)

// Snapshots are framed by package internal/snapshot: a four-byte magic, a
// version byte, the body below and a CRC-32C of everything before it. All
// three formats are at version 2; version 1 (magics "RTC1", "RRC1" and
// "RVC1", no checksum) is refused with an error that names it. Integers are
// big-endian; uvarints are in their shortest form.
//
// Conn ("RTCN"):
//
//	u32      application (not zero)
//	u8       flags: 1 app path down, 2 controller path down,
//	         4 told ROUTING_DISABLED, 8 an input was seen
//	i64      last input time, Unix ns (0 when no input was seen)
//	uvarint  last request ID
//	policy   see below
//	uvarint  number of live requests, then for each in send order:
//	         uvarint ID, uvarint MRD, u8 status
//
// ReportCache ("RTRC"):
//
//	u8       flags: 1 path down, 2 every PG side down, 8 an input was seen
//	i64      last input time, Unix ns
//	policy
//	uvarint  number of cached records, then for each in cache order:
//	         uvarint ID, i64 time made (Unix ns), u8 kind
//
// Voice ("RTVO"):
//
//	u8       flags: 8 an input was seen
//	i64      last input time, Unix ns
//	uvarint  number of peripherals down, then each as a uvarint, increasing
//
// policy:
//
//	u8       number of overridden rows, then for each in increasing row
//	         order: u8 row, u8 action (one of the row's alternatives)
var (
	connFormat  = snapshot.Format{Type: "routing.Conn", Magic: [4]byte{'R', 'T', 'C', 'N'}, Version: 2, Kind: ErrCorruptSnapshot}
	cacheFormat = snapshot.Format{Type: "routing.ReportCache", Magic: [4]byte{'R', 'T', 'R', 'C'}, Version: 2, Kind: ErrCorruptSnapshot}
	voiceFormat = snapshot.Format{Type: "routing.Voice", Magic: [4]byte{'R', 'T', 'V', 'O'}, Version: 2, Kind: ErrCorruptSnapshot}
)

const (
	flagAppDown = 1 << iota
	flagCCDown
	flagTold
	flagSeen
	flagPathDown = flagAppDown
	flagPGDown   = flagCCDown
)

// Smallest encodings, for snapshot.Reader.Count.
const (
	minRequest = 1 + 1 + 1
	minRecord  = 1 + 8 + 1
)

// open checks the frame of data for format f. A version 1 snapshot, whose
// magic carried the version, is refused as a version error.
func open(f snapshot.Format, legacy string, data []byte) (*snapshot.Reader, error) {
	if len(data) >= 4 && string(data[:4]) == legacy {
		return nil, &snapshot.Error{Type: f.Type, Offset: 0, Field: "version", Kind: f.Kind,
			Reason: "version 1 (magic " + strconv.Quote(legacy) + "); this build reads version " + strconv.Itoa(int(f.Version))}
	}
	return f.Open(data)
}

// fail records v at offset off, unless v is fine.
func fail(r *snapshot.Reader, off int, v violation) {
	if !v.ok() {
		r.FailAt(off, v.field, v.why)
	}
}

func appendFlags(b []byte, f byte, c clock) []byte {
	if c.seen {
		f |= flagSeen
	}
	b = append(b, f)
	return appendI64(b, c.last)
}

func appendI64(b []byte, v int64) []byte {
	return append(b, byte(v>>56), byte(v>>48), byte(v>>40), byte(v>>32), byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

// readFlags reads the flags byte, refusing bits outside known, and the
// clock.
func readFlags(r *snapshot.Reader, known byte) (byte, clock) {
	off := r.Offset()
	f := r.U8("flags")
	if f&^(known|flagSeen) != 0 {
		r.FailAt(off, "flags", "unknown flag bits "+strconv.Itoa(int(f&^(known|flagSeen))))
	}
	last := r.I64("last input time")
	return f &^ flagSeen, clock{last: last, seen: f&flagSeen != 0}
}

// binarySize is the length of p's encoding.
func (p *Policy) binarySize() int {
	n := 1
	for _, a := range p.set {
		if a != ActionDefault {
			n += 2
		}
	}
	return n
}

// uvarintLen is the length of v's uvarint encoding.
func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

// frameSize is the length of a snapshot's frame around its body: magic,
// version and checksum.
const frameSize = 4 + 1 + 4

func (p *Policy) appendBinary(b []byte) []byte {
	n := 0
	for _, a := range p.set {
		if a != ActionDefault {
			n++
		}
	}
	b = append(b, byte(n))
	for row, a := range p.set {
		if a != ActionDefault {
			b = append(b, byte(row), byte(a))
		}
	}
	return b
}

// readPolicy reads a policy: overrides in increasing row order, each an
// alternative of its row, as only Set can store them. Increasing rows of a
// 20-row table bound the count.
func readPolicy(r *snapshot.Reader) Policy {
	var p Policy
	n := int(r.U8("policy"))
	prev := 0
	for i := 0; i < n && r.OK(); i++ {
		off := r.Offset()
		row, a := int(r.U8("policy row")), Action(r.U8("policy action"))
		switch {
		case !r.OK():
		case row <= prev:
			r.FailAt(off, "policy row", "row "+strconv.Itoa(row)+" is not after row "+strconv.Itoa(prev))
		case row > rowCount:
			r.FailAt(off, "policy row", "row "+strconv.Itoa(row)+" is not in the table")
		case !overridable(row, a):
			r.FailAt(off, "policy action", "row "+strconv.Itoa(row)+" does not allow action "+a.String())
		default:
			p.set[row] = a
		}
		prev = row
	}
	return p
}

// MarshalBinary implements [encoding.BinaryMarshaler]: it encodes the
// application, the policy, the clock, every live request and the state of
// both paths, so that [Conn.UnmarshalBinary] restores a Conn that answers
// every later input as this one does. Answered requests are not kept; no
// input tells them from IDs never sent. The zero Conn is refused with
// [ErrInvalidID].
func (c *Conn) MarshalBinary() ([]byte, error) {
	if c.app == 0 {
		return nil, &ArgError{Op: "MarshalBinary", Arg: "application (the zero Conn has none: use NewConn)", Value: 0, Err: ErrInvalidID}
	}
	live := c.pending + c.held
	size := frameSize + 4 + 1 + 8 + uvarintLen(uint64(c.lastID)) + c.policy.binarySize() + uvarintLen(uint64(live))
	for _, r := range c.reqs {
		if r.status.IsLive() {
			size += uvarintLen(uint64(r.id)) + uvarintLen(uint64(r.mrd)) + 1
		}
	}
	b := make([]byte, 0, size)
	b = connFormat.Begin(b)
	b = append(b, byte(c.app>>24), byte(c.app>>16), byte(c.app>>8), byte(c.app))
	var f byte
	if c.appDown {
		f |= flagAppDown
	}
	if c.ccDown {
		f |= flagCCDown
	}
	if c.told {
		f |= flagTold
	}
	b = appendFlags(b, f, c.clock)
	b = snapshot.AppendUvarint(b, uint64(c.lastID))
	b = c.policy.appendBinary(b)
	b = snapshot.AppendUvarint(b, uint64(live))
	for _, r := range c.reqs {
		if r.status.IsLive() {
			b = snapshot.AppendUvarint(b, uint64(r.id))
			b = snapshot.AppendUvarint(b, uint64(r.mrd))
			b = append(b, byte(r.status))
		}
	}
	return snapshot.Seal(b), nil
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]. It refuses,
// with a [*ccefsm.SnapshotError] naming the field and byte offset that
// unwraps to [ErrCorruptSnapshot], every input that is not a version 2
// Conn snapshot with a valid checksum, and every state no sequence of
// inputs can reach: requests out of send order or above the last request
// ID, statuses that contradict the paths, the policy or each other (see
// the package's invariants), a policy override a row does not allow, state
// with no input seen. On error c is unchanged. On success c is replaced
// whole, with the room it had reserved if that is more than the restored
// requests need.
func (c *Conn) UnmarshalBinary(data []byte) error {
	r, err := open(connFormat, "RTC1", data)
	if err != nil {
		return err
	}
	var n Conn
	appOff := r.Offset()
	n.app = ccefsm.AppID(r.U32("app"))
	flagsOff := r.Offset()
	f, clk := readFlags(r, flagAppDown|flagCCDown|flagTold)
	n.clock = clk
	n.appDown, n.ccDown, n.told = f&flagAppDown != 0, f&flagCCDown != 0, f&flagTold != 0
	lastOff := r.Offset()
	n.lastID = ccefsm.RequestID(r.Uvarint("last request ID", math.MaxUint64))
	policyOff := r.Offset()
	n.policy = readPolicy(r)
	if !r.OK() {
		return r.Err()
	}
	if v := n.checkHeader(); !v.ok() {
		off := map[string]int{"app": appOff, "flags": flagsOff, "last input time": flagsOff + 1, "last request ID": lastOff, "policy": policyOff}[v.field]
		fail(r, off, v)
		return r.Err()
	}
	count := r.Count("requests", minRequest)
	if !r.OK() {
		return r.Err()
	}
	// Decode into new room, twice the live requests as Grow makes or the
	// room c had if larger, so that a refused snapshot leaves c as it was.
	reqs := make([]entry, 0, max(16, 2*count, cap(c.reqs)))
	k := n.newReqCheck(false)
	for i := 0; i < count && r.OK(); i++ {
		off := r.Offset()
		e := entry{
			id:  ccefsm.RequestID(r.Uvarint("request ID", math.MaxUint64)),
			mrd: ccefsm.MRDID(r.Uvarint("MRD", math.MaxUint32)),
		}
		e.status = Status(r.U8("status"))
		if r.OK() {
			fail(r, off, k.next(e))
			reqs = append(reqs, e)
		}
	}
	if r.OK() {
		fail(r, lastOff, k.end())
	}
	if err := r.Done(); err != nil {
		return err
	}
	n.reqs = reqs
	n.pending, n.held = k.pending, k.held
	*c = n
	return nil
}

// MarshalBinary implements [encoding.BinaryMarshaler]: the cached records,
// in order, the path and PG states, the policy and the clock, so that a
// restarted service loses nothing it had cached.
func (c *ReportCache) MarshalBinary() ([]byte, error) {
	size := frameSize + 1 + 8 + c.policy.binarySize() + uvarintLen(uint64(len(c.buf)))
	for _, r := range c.buf {
		size += uvarintLen(uint64(r.id)) + 8 + 1
	}
	b := make([]byte, 0, size)
	b = cacheFormat.Begin(b)
	var f byte
	if c.pathDown {
		f |= flagPathDown
	}
	if c.pgDown {
		f |= flagPGDown
	}
	b = appendFlags(b, f, c.clock)
	b = c.policy.appendBinary(b)
	b = snapshot.AppendUvarint(b, uint64(len(c.buf)))
	for _, r := range c.buf {
		b = snapshot.AppendUvarint(b, uint64(r.id))
		b = appendI64(b, r.at)
		b = append(b, byte(r.kind))
	}
	return snapshot.Seal(b), nil
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]. It refuses,
// with a [*ccefsm.SnapshotError] naming the field and byte offset that
// unwraps to [ErrCorruptSnapshot], every input that is not a version 2
// ReportCache snapshot with a valid checksum, and every state no sequence
// of inputs can reach: records cached while the path is up or every side of
// the PG is down, a zero record ID, records out of the order they were made
// or made after the last input, a policy override a row does not allow,
// state with no input seen. On error c is unchanged. On success it replaces
// c's whole state: records c had cached are not reported, so restore into a
// fresh ReportCache (or one whose records the snapshot already holds). It
// keeps the room c had reserved if that is enough.
func (c *ReportCache) UnmarshalBinary(data []byte) error {
	r, err := open(cacheFormat, "RRC1", data)
	if err != nil {
		return err
	}
	var n ReportCache
	flagsOff := r.Offset()
	f, clk := readFlags(r, flagPathDown|flagPGDown)
	n.clock = clk
	n.pathDown, n.pgDown = f&flagPathDown != 0, f&flagPGDown != 0
	policyOff := r.Offset()
	n.policy = readPolicy(r)
	countOff := r.Offset()
	count := r.Count("records", minRecord)
	if !r.OK() {
		return r.Err()
	}
	if v := n.checkHeader(count); !v.ok() {
		off := map[string]int{"flags": flagsOff, "last input time": flagsOff + 1, "policy": policyOff, "records": countOff}[v.field]
		fail(r, off, v)
		return r.Err()
	}
	buf := make([]cached, 0, max(count, cap(c.buf)))
	k := recordCheck{c: &n}
	for i := 0; i < count && r.OK(); i++ {
		off := r.Offset()
		rec := cached{id: RecordID(r.Uvarint("record ID", math.MaxUint64)), at: r.I64("record time"), kind: RecordKind(r.U8("record kind"))}
		if r.OK() {
			fail(r, off, k.next(rec))
			buf = append(buf, rec)
		}
	}
	if err := r.Done(); err != nil {
		return err
	}
	n.buf = buf
	*c = n
	return nil
}

// MarshalBinary implements [encoding.BinaryMarshaler]: the peripherals whose
// PIM is down and the clock.
func (v *Voice) MarshalBinary() ([]byte, error) {
	size := frameSize + 1 + 8 + uvarintLen(uint64(len(v.down)))
	for _, p := range v.down {
		size += uvarintLen(uint64(p))
	}
	b := make([]byte, 0, size)
	b = voiceFormat.Begin(b)
	b = appendFlags(b, 0, v.clock)
	b = snapshot.AppendUvarint(b, uint64(len(v.down)))
	for _, p := range v.down {
		b = snapshot.AppendUvarint(b, uint64(p))
	}
	return snapshot.Seal(b), nil
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]. It refuses,
// with a [*ccefsm.SnapshotError] naming the field and byte offset that
// unwraps to [ErrCorruptSnapshot], every input that is not a version 2
// Voice snapshot with a valid checksum, and every state no sequence of
// inputs can reach: peripherals zero or not in increasing order, PIMs down
// with no input seen. On error v is unchanged. On success v is replaced
// whole; it keeps the room it had reserved if that is enough.
func (v *Voice) UnmarshalBinary(data []byte) error {
	r, err := open(voiceFormat, "RVC1", data)
	if err != nil {
		return err
	}
	var n Voice
	flagsOff := r.Offset()
	_, n.clock = readFlags(r, 0)
	countOff := r.Offset()
	count := r.Count("peripherals", 1)
	if !r.OK() {
		return r.Err()
	}
	if x := n.checkHeader(count); !x.ok() {
		off := map[string]int{"last input time": flagsOff + 1, "peripherals": countOff}[x.field]
		fail(r, off, x)
		return r.Err()
	}
	down := make([]ccefsm.PeripheralID, 0, max(count, cap(v.down)))
	var k peripheralCheck
	for i := 0; i < count && r.OK(); i++ {
		off := r.Offset()
		p := ccefsm.PeripheralID(r.Uvarint("peripheral", math.MaxUint32))
		if r.OK() {
			fail(r, off, k.next(p))
			down = append(down, p)
		}
	}
	if err := r.Done(); err != nil {
		return err
	}
	n.down = down
	*v = n
	return nil
}
