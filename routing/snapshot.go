package routing

import (
	"encoding/binary"

	"github.com/ccefsm/ccefsm"
)

// Snapshot layout, big-endian:
//
//	"RTC1"  magic and version
//	u32     application
//	u8      flags: 1 app path down, 2 controller path down, 4 told disabled, 8 clock seen
//	i64     last input time, Unix ns
//	u64     last request ID
//	u8 × 19 policy overrides, rows 1 … 19 (snapRows; later rows have no
//	        alternatives, so nothing of theirs needs storing)
//	u32     number of live requests
//	then per request: u64 ID, u32 MRD, u8 status
const (
	snapMagic  = "RTC1"
	snapRows   = 19
	snapHeader = 4 + 4 + 1 + 8 + 8 + snapRows + 4
	snapEntry  = 8 + 4 + 1
)

const (
	flagAppDown = 1 << iota
	flagCCDown
	flagTold
	flagSeen
	flagAll = flagAppDown | flagCCDown | flagTold | flagSeen
)

// MarshalBinary implements [encoding.BinaryMarshaler]: it encodes the
// application, the policy, the clock, every live request and the state of
// both paths, so that [Conn.UnmarshalBinary] restores a Conn that answers
// every later input as this one does. Answered requests are not kept: a
// late second response to one of them gets [ErrUnknownRequest] from the
// restored Conn, as from any Conn that has reclaimed their room.
func (c *Conn) MarshalBinary() ([]byte, error) {
	live := c.pending + c.held
	b := make([]byte, 0, snapHeader+live*snapEntry)
	b = append(b, snapMagic...)
	b = binary.BigEndian.AppendUint32(b, uint32(c.app))
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
	if c.clock.seen {
		f |= flagSeen
	}
	b = append(b, f)
	b = binary.BigEndian.AppendUint64(b, uint64(c.clock.last))
	b = binary.BigEndian.AppendUint64(b, uint64(c.lastID))
	for n := 1; n <= snapRows; n++ {
		b = append(b, byte(c.policy.set[n]))
	}
	b = binary.BigEndian.AppendUint32(b, uint32(live))
	for _, r := range c.reqs {
		if r.status.IsLive() {
			b = binary.BigEndian.AppendUint64(b, uint64(r.id))
			b = binary.BigEndian.AppendUint32(b, uint32(r.mrd))
			b = append(b, byte(r.status))
		}
	}
	return b, nil
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]. It checks every
// invariant a Conn keeps (IDs increasing and not above the last, statuses
// live and consistent with the path states, policy overrides allowed, no
// state without an input seen) and returns [ErrBadSnapshot] otherwise; on
// error c is unchanged. The restored Conn keeps the capacity c had reserved
// if that is enough.
func (c *Conn) UnmarshalBinary(data []byte) error {
	bad := func(why string) error { return &SnapshotError{Reason: why} }
	if len(data) < snapHeader || string(data[:4]) != snapMagic {
		return bad("short or no magic")
	}
	var n Conn
	d := data[4:]
	n.app = ccefsm.AppID(binary.BigEndian.Uint32(d))
	f := d[4]
	if f&^flagAll != 0 {
		return bad("unknown flags")
	}
	n.appDown, n.ccDown, n.told, n.clock.seen = f&flagAppDown != 0, f&flagCCDown != 0, f&flagTold != 0, f&flagSeen != 0
	n.clock.last = int64(binary.BigEndian.Uint64(d[5:]))
	n.lastID = ccefsm.RequestID(binary.BigEndian.Uint64(d[13:]))
	d = d[21:]
	for row := 1; row <= snapRows; row++ {
		if err := n.policy.Set(row, Action(d[row-1])); err != nil {
			return bad("policy: " + err.Error())
		}
	}
	d = d[snapRows:]
	count := binary.BigEndian.Uint32(d)
	d = d[4:]
	if uint64(len(d)) != uint64(count)*snapEntry {
		return bad("length does not match the request count")
	}
	if !n.appDown && n.told != n.ccDown {
		return bad("routing state told to a connected application differs from the controller path")
	}
	if !n.clock.seen && (f != 0 || n.clock.last != 0 || n.lastID != 0 || count != 0) {
		return bad("state changed but no input seen")
	}
	var prev ccefsm.RequestID
	for i := 0; i < int(count); i++ {
		e := decodeEntry(d[i*snapEntry:])
		switch {
		case e.id == 0 || e.mrd == 0:
			return bad("zero ID or MRD")
		case e.id <= prev || e.id > n.lastID:
			return bad("request IDs not increasing or above the last ID")
		case !e.status.IsLive():
			return bad("request status not live")
		case e.status == StatusPending && (n.appDown || n.ccDown):
			return bad("pending request with a path down")
		case e.status.IsHeld() && !n.appDown && !n.ccDown:
			return bad("held request with both paths up")
		case e.status == StatusPending:
			n.pending++
		default:
			n.held++
		}
		prev = e.id
	}
	// Every check passed: commit, reusing c's room when it is large enough.
	reqs := c.reqs[:0]
	if cap(reqs) < 2*int(count) {
		reqs = make([]entry, 0, max(16, 2*int(count)))
	}
	for i := 0; i < int(count); i++ {
		reqs = append(reqs, decodeEntry(d[i*snapEntry:]))
	}
	clear(reqs[len(reqs):cap(reqs)])
	n.reqs = reqs
	*c = n
	return nil
}

func decodeEntry(d []byte) entry {
	return entry{
		id:     ccefsm.RequestID(binary.BigEndian.Uint64(d)),
		mrd:    ccefsm.MRDID(binary.BigEndian.Uint32(d[8:])),
		status: Status(d[12]),
	}
}

// ReportCache snapshot layout, big-endian:
//
//	"RRC1"  magic and version
//	u8      flags: 1 path down, 2 PG down, 8 clock seen
//	i64     last input time, Unix ns
//	u8 × 19 policy overrides, rows 1 … 19
//	u32     number of cached records
//	then per record: u64 ID, i64 time made (Unix ns), u8 kind
const (
	cacheMagic  = "RRC1"
	cacheHeader = 4 + 1 + 8 + snapRows + 4
	cacheEntry  = 8 + 8 + 1
)

// MarshalBinary implements [encoding.BinaryMarshaler]: the cached records,
// in order, and the path and PG states, so that a restarted service loses
// nothing it had cached.
func (c *ReportCache) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, cacheHeader+len(c.buf)*cacheEntry)
	b = append(b, cacheMagic...)
	var f byte
	if c.pathDown {
		f |= 1
	}
	if c.pgDown {
		f |= 2
	}
	if c.clock.seen {
		f |= flagSeen
	}
	b = append(b, f)
	b = binary.BigEndian.AppendUint64(b, uint64(c.clock.last))
	for n := 1; n <= snapRows; n++ {
		b = append(b, byte(c.policy.set[n]))
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(c.buf)))
	for _, r := range c.buf {
		b = binary.BigEndian.AppendUint64(b, uint64(r.id))
		b = binary.BigEndian.AppendUint64(b, uint64(r.at))
		b = append(b, byte(r.kind))
	}
	return b, nil
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]. It refuses data
// that breaks an invariant (records cached while the path is up or the PG is
// down, a zero ID, records out of the order made or made after the last
// input, any state without an input seen) with
// [ErrBadSnapshot]; on error c is unchanged. On success it replaces c's
// whole state: records c had cached are not reported, so restore into a
// fresh ReportCache (or one whose records the snapshot already holds).
func (c *ReportCache) UnmarshalBinary(data []byte) error {
	bad := func(why string) error { return &SnapshotError{Reason: "report cache: " + why} }
	if len(data) < cacheHeader || string(data[:4]) != cacheMagic {
		return bad("short or no magic")
	}
	var n ReportCache
	d := data[4:]
	f := d[0]
	if f&^(1|2|flagSeen) != 0 {
		return bad("unknown flags")
	}
	n.pathDown, n.pgDown, n.clock.seen = f&1 != 0, f&2 != 0, f&flagSeen != 0
	n.clock.last = int64(binary.BigEndian.Uint64(d[1:]))
	d = d[9:]
	for row := 1; row <= snapRows; row++ {
		if err := n.policy.Set(row, Action(d[row-1])); err != nil {
			return bad("policy: " + err.Error())
		}
	}
	d = d[snapRows:]
	count := binary.BigEndian.Uint32(d)
	d = d[4:]
	if uint64(len(d)) != uint64(count)*cacheEntry {
		return bad("length does not match the record count")
	}
	if count > 0 && (!n.pathDown || n.pgDown) {
		return bad("records cached while the path is up or every PG side is down")
	}
	if !n.clock.seen && (f != 0 || n.clock.last != 0 || count != 0) {
		return bad("state changed but no input seen")
	}
	var prevAt int64
	for i := 0; i < int(count); i++ {
		r := decodeCached(d[i*cacheEntry:])
		if r.id == 0 || r.at > n.clock.last {
			return bad("zero record ID or a record made after the last input")
		}
		if i > 0 && r.at < prevAt {
			return bad("records not in the order they were made")
		}
		prevAt = r.at
	}
	buf := c.buf[:0]
	if cap(buf) < int(count) {
		buf = make([]cached, 0, count)
	}
	for i := 0; i < int(count); i++ {
		buf = append(buf, decodeCached(d[i*cacheEntry:]))
	}
	n.buf = buf
	*c = n
	return nil
}

func decodeCached(d []byte) cached {
	return cached{
		id:   RecordID(binary.BigEndian.Uint64(d)),
		at:   int64(binary.BigEndian.Uint64(d[8:])),
		kind: RecordKind(d[16]),
	}
}

// Voice snapshot layout, big-endian: "RVC1", u8 flags (8 clock seen), i64
// last input time, u32 count, then the peripherals down as u32 in
// increasing order.
const voiceMagic = "RVC1"

// MarshalBinary implements [encoding.BinaryMarshaler].
func (v *Voice) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 4+1+8+4+4*len(v.down))
	b = append(b, voiceMagic...)
	var f byte
	if v.clock.seen {
		f |= flagSeen
	}
	b = append(b, f)
	b = binary.BigEndian.AppendUint64(b, uint64(v.clock.last))
	b = binary.BigEndian.AppendUint32(b, uint32(len(v.down)))
	for _, p := range v.down {
		b = binary.BigEndian.AppendUint32(b, uint32(p))
	}
	return b, nil
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]. Peripherals must
// be non-zero and strictly increasing, and none may be down in a Voice that
// has seen no input; otherwise it returns [ErrBadSnapshot] and v is
// unchanged.
func (v *Voice) UnmarshalBinary(data []byte) error {
	bad := func(why string) error { return &SnapshotError{Reason: "voice: " + why} }
	if len(data) < 17 || string(data[:4]) != voiceMagic {
		return bad("short or no magic")
	}
	f := data[4]
	if f&^flagSeen != 0 {
		return bad("unknown flags")
	}
	count := binary.BigEndian.Uint32(data[13:])
	d := data[17:]
	if uint64(len(d)) != uint64(count)*4 {
		return bad("length does not match the peripheral count")
	}
	if f&flagSeen == 0 && (count != 0 || binary.BigEndian.Uint64(data[5:]) != 0) {
		return bad("peripherals down but no input seen")
	}
	var prev ccefsm.PeripheralID
	for i := 0; i < int(count); i++ {
		p := ccefsm.PeripheralID(binary.BigEndian.Uint32(d[4*i:]))
		if p <= prev {
			return bad("peripherals zero or not increasing")
		}
		prev = p
	}
	down := make([]ccefsm.PeripheralID, count)
	for i := range down {
		down[i] = ccefsm.PeripheralID(binary.BigEndian.Uint32(d[4*i:]))
	}
	*v = Voice{clock: clock{last: int64(binary.BigEndian.Uint64(data[5:])), seen: f&flagSeen != 0}, down: down}
	return nil
}
