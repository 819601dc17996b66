package agentstate

import (
	"encoding/binary"

	"github.com/ccefsm/ccefsm"
)

// snapshotMagic starts every snapshot; the last byte is the format version.
// Version 2 widened the slot flags to two bytes (a set of pending failures);
// version 1 snapshots are refused.
var snapshotMagic = [4]byte{'A', 'G', 'S', 2}

// MarshalBinary implements [encoding.BinaryMarshaler]: a snapshot of the
// whole roster (configuration, table overrides, peripherals, agents and
// every state), so that a restarted service continues exactly where it
// stopped. Config.Tasks is not part of it. The encoding is big-endian and
// versioned; the same roster always gives the same bytes.
func (r *Roster) MarshalBinary() ([]byte, error) {
	n := len(r.ids)
	b := make([]byte, 0, 64+len(r.mrds)*5+2*numRows*3+len(r.periph)*16+n*6+len(r.state)*14)
	b = append(b, snapshotMagic[:]...)
	b = append(b, uint8(len(r.mrds)))
	for _, m := range r.mrds {
		b = binary.BigEndian.AppendUint32(b, uint32(m.ID))
		b = append(b, uint8(m.Kind))
	}
	b = append(b, uint8(r.cfg.PreferredSide), boolByte(r.cfg.NoAutoRelogin), boolByte(r.cfg.CTIManagerAllMRDs))
	for _, t := range []*Table{&r.pg, &r.fin} {
		for _, row := range t.rows {
			b = append(b, uint8(row.After.Kind), uint8(row.After.State), uint8(row.Provenance))
		}
	}
	b = binary.BigEndian.AppendUint64(b, uint64(r.last))
	b = binary.BigEndian.AppendUint32(b, uint32(len(r.periph)))
	for _, p := range r.periph {
		b = binary.BigEndian.AppendUint32(b, uint32(p.id))
		b = append(b, boolByte(p.duplex), boolByte(p.up[ccefsm.SideA]), boolByte(p.up[ccefsm.SideB]), uint8(p.active),
			boolByte(p.ctiManagerDown), boolByte(p.finesseDown))
		b = binary.BigEndian.AppendUint16(b, p.pathDown)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(n))
	for i := range r.ids {
		b = binary.BigEndian.AppendUint32(b, uint32(r.ids[i]))
		b = binary.BigEndian.AppendUint16(b, r.home[i])
	}
	for s := range r.state {
		b = binary.BigEndian.AppendUint64(b, uint64(r.since[s]))
		b = binary.BigEndian.AppendUint16(b, uint16(r.reason[s]))
		b = append(b, uint8(r.state[s]), uint8(r.before[s]))
		b = binary.BigEndian.AppendUint16(b, r.flag[s])
	}
	return b, nil
}

func boolByte(v bool) uint8 {
	if v {
		return 1
	}
	return 0
}

// decoder reads a snapshot; any short read sets bad.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) take(n int) []byte {
	if d.bad || len(d.b) < n {
		d.bad = true
		return make([]byte, n)
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) u8() uint8   { return d.take(1)[0] }
func (d *decoder) u16() uint16 { return binary.BigEndian.Uint16(d.take(2)) }
func (d *decoder) u32() uint32 { return binary.BigEndian.Uint32(d.take(4)) }
func (d *decoder) u64() uint64 { return binary.BigEndian.Uint64(d.take(8)) }

func (d *decoder) flag() bool {
	v := d.u8()
	if v > 1 {
		d.bad = true
	}
	return v == 1
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]: it replaces r with
// the roster in data, produced by MarshalBinary. r keeps its Config.Tasks. It
// validates everything it reads; on any inconsistency it returns an error
// wrapping [ErrCorruptSnapshot] and r is unchanged.
func (r *Roster) UnmarshalBinary(data []byte) error {
	corrupt := &Error{Op: "UnmarshalBinary", Err: ErrCorruptSnapshot}
	d := &decoder{b: data}
	if [4]byte(d.take(4)) != snapshotMagic {
		return corrupt
	}
	cfg := Config{MRDs: make([]MRD, d.u8())}
	for i := range cfg.MRDs {
		cfg.MRDs[i] = MRD{ID: ccefsm.MRDID(d.u32()), Kind: ccefsm.MediaKind(d.u8())}
	}
	cfg.PreferredSide = ccefsm.Side(d.u8())
	cfg.NoAutoRelogin, cfg.CTIManagerAllMRDs = d.flag(), d.flag()
	if d.bad || cfg.PreferredSide == ccefsm.SideNone {
		return corrupt
	}
	n, err := NewRoster(cfg)
	if err != nil {
		return corrupt
	}
	n.cfg.Tasks = r.cfg.Tasks
	for _, t := range []*Table{&n.pg, &n.fin} {
		for i := range t.rows {
			row := &t.rows[i]
			after := Outcome{Kind: OutcomeKind(d.u8()), State: State(d.u8())}
			prov := ccefsm.Provenance(d.u8())
			if after == row.After && prov == row.Provenance {
				continue
			}
			if err := t.Override(row.N, after); err != nil || row.Provenance != prov {
				return corrupt
			}
		}
		t.index()
	}
	n.last = int64(d.u64())
	np := d.u32()
	if d.bad || np > 1<<16 || int(np)*10 > len(d.b) {
		return corrupt
	}
	for i := uint32(0); i < np; i++ {
		p := peripheral{id: ccefsm.PeripheralID(d.u32())}
		p.duplex = d.flag()
		p.up[ccefsm.SideA], p.up[ccefsm.SideB] = d.flag(), d.flag()
		p.active = ccefsm.Side(d.u8())
		p.ctiManagerDown, p.finesseDown = d.flag(), d.flag()
		p.pathDown = d.u16()
		switch {
		case d.bad, p.id == 0, p.active > ccefsm.SideB, p.active != ccefsm.SideNone && !p.up[p.active],
			p.active == ccefsm.SideNone && (p.up[ccefsm.SideA] || p.up[ccefsm.SideB]),
			!p.duplex && p.up[ccefsm.SideB], p.pathDown>>len(n.mrds) != 0:
			return corrupt
		}
		if _, dup := n.peripheral(p.id); dup {
			return corrupt
		}
		n.periph = append(n.periph, p)
	}
	na := d.u32()
	nm := len(n.mrds)
	if d.bad || uint64(na)*uint64(6+14*nm) > uint64(len(d.b)) {
		return corrupt
	}
	n.Grow(int(na))
	for i := uint32(0); i < na; i++ {
		id, home := ccefsm.AgentID(d.u32()), d.u16()
		if _, dup := n.index[id]; dup || id == 0 || int(home) >= len(n.periph) {
			return corrupt
		}
		n.index[id] = int32(i)
		n.ids = append(n.ids, id)
		n.home = append(n.home, home)
		n.periph[home].agents++
	}
	for s := 0; s < int(na)*nm; s++ {
		since, reason := int64(d.u64()), ReasonCode(d.u16())
		st, before, flag := State(d.u8()), State(d.u8()), d.u16()
		held := State(flag >> flagHeldShift)
		c, pending := firstCause(flag), flag&flagPending
		voiceOnly := pendingBit(CausePIM)
		if !n.cfg.CTIManagerAllMRDs {
			voiceOnly |= pendingBit(CauseCTIManager)
		}
		switch {
		case !st.IsValid(), !before.IsValid(), !held.IsValid(), c >= numCauses, flag&flagUnused != 0,
			(c == CauseNone) != (pending == 0),
			c != CauseNone && st != Logout,
			c == CausePIM && pending&pendingBit(CausePIM) == 0,
			(pending&voiceOnly != 0 || c == CausePIM || c == CauseCTIManager && !n.cfg.CTIManagerAllMRDs) && s%nm != n.voice,
			flag&flagRecreated != 0 && n.mrds[s%nm].Kind != ccefsm.MediaEmail:
			return corrupt
		}
		n.since = append(n.since, since)
		n.reason = append(n.reason, reason)
		n.state = append(n.state, st)
		n.before = append(n.before, before)
		n.flag = append(n.flag, flag)
	}
	if d.bad || len(d.b) != 0 {
		return corrupt
	}
	*r = *n
	return nil
}
