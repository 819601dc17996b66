package agentstate

import (
	"encoding/binary"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/snapshot"
)

// snapshotFormat frames every roster snapshot (internal/snapshot: magic,
// version, body, CRC-32C). Version 3 moved to that framing and keeps
// whether the roster has seen an input; versions 1 and 2, which had the
// version in the last byte of the magic "AGS", are refused with a version
// error.
var snapshotFormat = snapshot.Format{
	Type:    "agentstate.Roster",
	Magic:   [4]byte{'A', 'G', 'S', 'R'},
	Version: 3,
	Kind:    ErrCorruptSnapshot,
}

// Sizes of the fixed-size records of the body, for the count checks.
const (
	mrdSize    = 40 // ID, media, four durations, two flags, task limit
	periphSize = 12 // id, redundancy, two side flags, active side, two failure flags, path marks
	agentSize  = 6  // id, peripheral index
	slotSize   = 14 // since, reason, state, before the call, flags
)

// MarshalBinary implements [encoding.BinaryMarshaler]: a snapshot of the
// whole roster (configuration, table overrides, the clock, peripherals,
// agents and every state), so that a restarted service continues exactly
// where it stopped. Config.Tasks is not part of it. The encoding is framed
// by a magic, a version and a CRC-32C, and canonical: the same roster
// always gives the same bytes, and a roster restored from them gives them
// back.
func (r *Roster) MarshalBinary() ([]byte, error) {
	nm := len(r.mrds)
	b := make([]byte, 0, r.snapshotSize())
	b = snapshotFormat.Begin(b)
	b = append(b, uint8(nm))
	for _, m := range r.mrds {
		b = binary.BigEndian.AppendUint32(b, uint32(m.ID))
		b = append(b, uint8(m.Media))
		for _, d := range [...]time.Duration{m.TaskLife, m.StartTimeout, m.MaxDuration, m.TimeLimit} {
			b = binary.BigEndian.AppendUint64(b, uint64(d))
		}
		b = snapshot.AppendBool(b, m.NoTimeLimitCut)
		b = snapshot.AppendBool(b, m.Interruptible)
		b = append(b, m.MaxTasksPerAgent)
	}
	b = append(b, uint8(r.cfg.PreferredSide))
	b = snapshot.AppendBool(b, r.cfg.NoAutoRelogin)
	b = snapshot.AppendBool(b, r.cfg.CTIManagerAllMRDs)
	for _, t := range []*Table{r.pg, r.fin} {
		for _, row := range t.rows {
			b = snapshot.AppendBool(b, row.Provenance&ccefsm.Configurable != 0)
			b = append(b, uint8(row.After.Kind), uint8(row.After.State))
		}
	}
	b = snapshot.AppendBool(b, r.seen)
	b = binary.BigEndian.AppendUint64(b, uint64(r.last))
	b = snapshot.AppendUvarint(b, uint64(len(r.periph)))
	for _, p := range r.periph {
		b = binary.BigEndian.AppendUint32(b, uint32(p.id))
		b = append(b, uint8(p.redundancy()))
		b = snapshot.AppendBool(b, p.up[ccefsm.SideA])
		b = snapshot.AppendBool(b, p.up[ccefsm.SideB])
		b = append(b, uint8(p.active))
		b = snapshot.AppendBool(b, p.ctiManagerDown)
		b = snapshot.AppendBool(b, p.finesseDown)
		b = binary.BigEndian.AppendUint16(b, p.pathDown)
	}
	b = snapshot.AppendUvarint(b, uint64(len(r.ids)))
	for i, id := range r.ids {
		b = binary.BigEndian.AppendUint32(b, uint32(id))
		b = binary.BigEndian.AppendUint16(b, r.home[i])
		for s := i * nm; s < (i+1)*nm; s++ {
			b = binary.BigEndian.AppendUint64(b, uint64(r.since[s]))
			b = binary.BigEndian.AppendUint16(b, uint16(r.reason[s]))
			b = append(b, uint8(r.state[s]), uint8(r.before[s]))
			b = binary.BigEndian.AppendUint16(b, r.flag[s])
		}
	}
	return snapshot.Seal(b), nil
}

// snapshotSize returns the length of r's snapshot, so that MarshalBinary
// allocates once.
func (r *Roster) snapshotSize() int {
	var buf [binary.MaxVarintLen64]byte
	n := 5 + 1 + len(r.mrds)*mrdSize // magic, version, MRD count, MRDs
	n += 3 + 2*numRows*3 + 1 + 8     // preferences, tables, clock
	n += binary.PutUvarint(buf[:], uint64(len(r.periph))) + len(r.periph)*periphSize
	n += binary.PutUvarint(buf[:], uint64(len(r.ids))) + len(r.ids)*(agentSize+len(r.mrds)*slotSize)
	return n + 4 // checksum
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]: it replaces r
// with the roster in data, produced by MarshalBinary. r keeps its
// Config.Tasks.
//
// It refuses, with a [*ccefsm.SnapshotError] that names the field and its
// byte offset and wraps [ErrCorruptSnapshot], anything that is not such a
// snapshot: a wrong magic or version (the error names the version found and
// the one this build reads), a damaged checksum, a truncated or padded body,
// and every state that no sequence of inputs can reach (see
// the package documentation for the facts checked). This check is the roster's one
// invariant check: the tests check a roster's consistency by restoring its
// snapshot. On error r is unchanged. Decoding takes time linear in the size
// of the snapshot.
func (r *Roster) UnmarshalBinary(data []byte) error {
	if len(data) >= 4 && string(data[:3]) == "AGS" && (data[3] == 1 || data[3] == 2) {
		return &snapshot.Error{Type: snapshotFormat.Type, Offset: 3, Field: "version", Kind: ErrCorruptSnapshot,
			Reason: "version " + strconv.Itoa(int(data[3])) + "; this build reads version " + strconv.Itoa(int(snapshotFormat.Version))}
	}
	rd, err := snapshotFormat.Open(data)
	if err != nil {
		return err
	}
	n, ok := decodeConfig(rd)
	if !ok {
		return rd.Err()
	}
	n.cfg.Tasks = r.cfg.Tasks
	n.decodeState(rd)
	if err := rd.Done(); err != nil {
		return err
	}
	*r = *n
	return nil
}

// decodeConfig reads the configuration and the tables and returns a new
// roster with them.
func decodeConfig(rd *snapshot.Reader) (*Roster, bool) {
	off := rd.Offset()
	nm := rd.U8("MRD count")
	if nm > MaxMRDs {
		rd.FailAt(off, "MRD count", strconv.Itoa(int(nm))+" exceeds MaxMRDs ("+strconv.Itoa(MaxMRDs)+")")
		return nil, false
	}
	cfg := Config{MRDs: make([]ccefsm.MRD, nm)}
	for i := range cfg.MRDs {
		m := &cfg.MRDs[i]
		m.ID, m.Media = ccefsm.MRDID(rd.U32("MRD ID")), ccefsm.MediaKind(rd.U8("MRD media"))
		m.TaskLife, m.StartTimeout = time.Duration(rd.I64("MRD task life")), time.Duration(rd.I64("MRD start timeout"))
		m.MaxDuration, m.TimeLimit = time.Duration(rd.I64("MRD maximum duration")), time.Duration(rd.I64("MRD time limit"))
		m.NoTimeLimitCut, m.Interruptible = rd.Bool("MRD no time limit cut"), rd.Bool("MRD interruptible")
		m.MaxTasksPerAgent = rd.U8("MRD task limit")
	}
	sideOff := rd.Offset()
	cfg.PreferredSide = ccefsm.Side(rd.U8("preferred side"))
	cfg.NoAutoRelogin = rd.Bool("no auto relogin")
	cfg.CTIManagerAllMRDs = rd.Bool("CTI Manager all MRDs")
	if !rd.OK() {
		return nil, false
	}
	if cfg.PreferredSide != ccefsm.SideA && cfg.PreferredSide != ccefsm.SideB {
		// NewRoster turns SideNone into A: a snapshot always names the side.
		rd.FailAt(sideOff, "preferred side", "is "+strconv.Itoa(int(cfg.PreferredSide))+", not A or B")
		return nil, false
	}
	n, err := NewRoster(cfg)
	if err != nil {
		rd.FailAt(off, "MRDs", err.Error())
		return nil, false
	}
	for k, t := range [...]*Table{n.pg, n.fin} {
		def := &defaultTables[k]
		for i := range t.rows {
			rowOff := rd.Offset()
			names := &rowFields[k][i]
			configured := rd.Bool(names[1])
			after := Outcome{Kind: OutcomeKind(rd.U8(names[2])), State: State(rd.U8(names[3]))}
			if !rd.OK() {
				return nil, false
			}
			if !configured {
				if after != def.rows[i].After {
					rd.FailAt(rowOff, names[0], "outcome "+after.String()+" differs from the default, but the row is not configured")
					return nil, false
				}
				continue
			}
			if err := t.Override(t.rows[i].N, after); err != nil {
				rd.FailAt(rowOff, names[0], err.Error())
				return nil, false
			}
		}
	}
	return n, true
}

// defaultTables are AG-T1 and AG-T2 as PGTable and DesktopTable give them,
// and rowFields the names of their rows' fields in a snapshot ("AG-T1 row
// 3", then with " configured", " outcome" and " state"), made once so that
// decoding builds no string unless it fails.
var (
	defaultTables = [2]Table{PGTable(), DesktopTable()}
	rowFields     = func() (f [2][numRows][4]string) {
		for k := range defaultTables {
			for i, row := range defaultTables[k].rows {
				name := row.Table.String() + " row " + strconv.Itoa(row.N)
				f[k][i] = [4]string{name, name + " configured", name + " outcome", name + " state"}
			}
		}
		return f
	}()
)

// decodeState reads the clock, the peripherals, the agents and their slots
// into n, which has its configuration, checking each fact as it goes.
func (r *Roster) decodeState(rd *snapshot.Reader) {
	seenOff := rd.Offset()
	r.seen = rd.Bool("seen")
	r.last = rd.I64("last input")
	if !rd.OK() {
		return
	}
	if !r.seen && r.last != 0 {
		rd.FailAt(seenOff, "last input", "is set, but the roster has seen no input")
		return
	}
	countOff := rd.Offset()
	np := rd.Count("peripheral count", periphSize)
	if np > maxPeripherals {
		rd.FailAt(countOff, "peripheral count", strconv.Itoa(np)+" exceeds 65536")
		return
	}
	periphOff := rd.Offset()
	r.periph = make([]peripheral, 0, np)
	for range np {
		off := rd.Offset()
		p := r.decodePeripheral(rd)
		if !rd.OK() {
			return
		}
		if reason := r.checkPeripheral(&p); reason != "" {
			rd.FailAt(off, "peripheral "+strconv.FormatUint(uint64(p.id), 10), reason)
			return
		}
		r.periph = append(r.periph, p)
	}
	nm := len(r.mrds)
	na := rd.Count("agent count", agentSize+nm*slotSize)
	if !rd.OK() {
		return
	}
	if na > 0 && !r.seen {
		rd.Fail("agent count", "agents, but the roster has seen no input (AddAgent is one)")
		return
	}
	agentOff := rd.Offset()
	r.ids, r.home = make([]ccefsm.AgentID, 0, na), make([]uint16, 0, na)
	r.since, r.reason = make([]int64, 0, na*nm), make([]ReasonCode, 0, na*nm)
	r.state, r.before, r.flag = make([]State, 0, na*nm), make([]State, 0, na*nm), make([]uint16, 0, na*nm)
	// Per peripheral: whether a slot waits for the PG failure, and the
	// offset of the first slot that waits for a PIM failure but not for
	// the PG failure, 0 for none (no slot is at offset 0, the magic's).
	pgPending := make([]bool, np)
	pimAlone := make([]int, np)
	for range na {
		off := rd.Offset()
		id, home := ccefsm.AgentID(rd.U32("agent ID")), rd.U16("agent peripheral")
		if !rd.OK() {
			return
		}
		field := func() string { return "agent " + strconv.FormatUint(uint64(id), 10) }
		switch {
		case id == 0:
			rd.FailAt(off, "agent ID", "is zero")
			return
		case int(home) >= np:
			rd.FailAt(off+4, field()+" peripheral", "index "+strconv.Itoa(int(home))+" is not below the peripheral count "+strconv.Itoa(np))
			return
		}
		r.ids = append(r.ids, id)
		r.home = append(r.home, home)
		r.periph[home].agents++
		for j := range nm {
			off := rd.Offset()
			since, reason := rd.I64("since"), ReasonCode(rd.U16("reason"))
			st, before, flag := State(rd.U8("state")), State(rd.U8("before call")), rd.U16("flags")
			if !rd.OK() {
				return
			}
			if f, why := r.checkSlot(int(home), j, since, reason, st, before, flag); why != "" {
				rd.FailAt(off, field()+" MRD "+strconv.FormatUint(uint64(r.mrds[j].ID), 10)+" "+f, why)
				return
			}
			if p := flag & flagPending; p&pendingBit(CausePG) != 0 {
				pgPending[home] = true
			} else if p&pendingBit(CausePIM) != 0 && pimAlone[home] == 0 {
				pimAlone[home] = off
			}
			r.since = append(r.since, since)
			r.reason = append(r.reason, reason)
			r.state = append(r.state, st)
			r.before = append(r.before, before)
			r.flag = append(r.flag, flag)
		}
	}
	// A PG failure takes the peripheral offline and adds itself to every
	// pending slot of its agents; a PIM failure needs the peripheral online
	// and is cleared only with all the slot's failures. So while one slot
	// waits for the PG failure, every slot that waits for a PIM failure
	// waits for the PG failure too.
	for pi := range np {
		if off := pimAlone[pi]; pgPending[pi] && off != 0 {
			// The agent's record, and the slot in it (after the agent's
			// ID and peripheral, shorter than a slot).
			rec := agentSize + nm*slotSize
			i, j := (off-agentOff)/rec, (off-agentOff)%rec/slotSize
			rd.FailAt(off, "agent "+strconv.FormatUint(uint64(r.ids[i]), 10)+" MRD "+strconv.FormatUint(uint64(r.mrds[j].ID), 10)+" flags",
				"a PIM failure is pending without the PG failure that is pending on its peripheral "+
					strconv.FormatUint(uint64(r.periph[pi].id), 10)+" (the PG failure would have been added to it)")
			return
		}
	}
	// The two indexes are built last, each in a pass of its own over a
	// slice, so that each hash table has the cache to itself: interleaved
	// with the rest of the decoding, the tables of 65,536 peripherals and
	// agents made each insertion a cache miss. The record sizes are fixed,
	// so a duplicate's offset follows from its position.
	r.pidx = make(map[ccefsm.PeripheralID]int32, np)
	for i := range r.periph {
		if r.pidx[r.periph[i].id] = int32(i); len(r.pidx) != i+1 {
			rd.FailAt(periphOff+i*periphSize, "peripheral "+strconv.FormatUint(uint64(r.periph[i].id), 10), "is listed twice")
			return
		}
	}
	r.index, r.indexCap = make(map[ccefsm.AgentID]int32, na), na
	for i, id := range r.ids {
		if r.index[id] = int32(i); len(r.index) != i+1 {
			rd.FailAt(agentOff+i*(agentSize+nm*slotSize), "agent "+strconv.FormatUint(uint64(id), 10), "is listed twice")
			return
		}
	}
}

// decodePeripheral reads one peripheral record.
func (r *Roster) decodePeripheral(rd *snapshot.Reader) peripheral {
	p := peripheral{id: ccefsm.PeripheralID(rd.U32("peripheral ID"))}
	redundancy := ccefsm.Redundancy(rd.U8("peripheral redundancy"))
	p.duplex = redundancy == ccefsm.Duplex
	if redundancy > ccefsm.Duplex {
		rd.Fail("peripheral redundancy", "is "+strconv.Itoa(int(redundancy))+", neither simplex nor duplex")
	}
	p.up[ccefsm.SideA] = rd.Bool("peripheral side A up")
	p.up[ccefsm.SideB] = rd.Bool("peripheral side B up")
	p.active = ccefsm.Side(rd.U8("peripheral active side"))
	p.ctiManagerDown = rd.Bool("peripheral CTI Manager down")
	p.finesseDown = rd.Bool("peripheral Finesse down")
	p.pathDown = rd.U16("peripheral CTI paths down")
	return p
}

// checkPeripheral returns why p cannot be a peripheral of r, or "" (the
// duplicate IDs are checked with the index).
func (r *Roster) checkPeripheral(p *peripheral) string {
	switch {
	case p.id == 0:
		return "ID is zero"
	case p.active > ccefsm.SideB:
		return "active side " + strconv.Itoa(int(p.active)) + " is not a side"
	case !p.duplex && (p.up[ccefsm.SideB] || p.active == ccefsm.SideB):
		return "is simplex but has a side B"
	case p.active != ccefsm.SideNone && !p.up[p.active]:
		return "active side " + p.active.String() + " is down"
	case p.active == ccefsm.SideNone && (p.up[ccefsm.SideA] || p.up[ccefsm.SideB]):
		// AG-3: a side that comes up while none is active goes active.
		return "is offline with a healthy side"
	case p.pathDown>>len(r.mrds) != 0:
		return "has a CTI path mark for an MRD index beyond the " + strconv.Itoa(len(r.mrds)) + " MRDs"
	}
	if !r.seen {
		// Every change of a peripheral is an input: a roster that has
		// seen none holds its peripherals as AddPeripheral left them.
		first := r.cfg.PreferredSide
		if !p.duplex {
			first = ccefsm.SideA
		}
		if p.active != first || !p.up[ccefsm.SideA] || p.up[ccefsm.SideB] != p.duplex || p.ctiManagerDown || p.finesseDown || p.pathDown != 0 {
			return "is not as added, but the roster has seen no input"
		}
	}
	return ""
}

// notBeforeCall is the set of states that cannot be the state before a
// call: the states of a call or task itself. beforeCall records the state
// from which a call is entered, which is never one of them, and the
// initial value is Logout.
var notBeforeCall = States(Reserved, Talking, Hold, Active, Paused, Interrupted, WorkReady, WorkNotReady)

// checkSlot returns the field and the reason why the slot of MRD index j
// of an agent on peripheral pi cannot hold these values, or "", "". It is
// the invariant of a slot; every fact follows from the inputs that change
// a slot (set, logoutAll, restore, CTIPathDown, CTIPathUp):
//
//   - the state, the state before the call and the held state are valid;
//     the state before the call is never a state of a call (onCall);
//   - since is not after the roster's latest input;
//   - the reason is one the state keeps (keepReason); while a failure is
//     pending, the state is Logout, its reason follows from the cause, and
//     the stored reason is that of the held state;
//   - the flags use defined bits; a failure is pending exactly when a
//     first failure is recorded, which is pending itself if it is the PIM
//     failure (only an observation or a login ends that one); the held
//     state is never Logout (a logged-out slot is not logged out again);
//   - a PIM failure is pending only in the voice MRD, a CTI Manager
//     failure only there too unless Config.CTIManagerAllMRDs;
//   - the PG failure is pending only while the peripheral is offline, the
//     CTI Manager and Finesse failures only while they are down (their
//     recovery ends them in every slot of the peripheral);
//   - the recreated mark is on email MRDs only, and only while the
//     application's CTI path is up (CTIPathDown clears it, CTIPathUp sets
//     it after raising the path).
func (r *Roster) checkSlot(pi, j int, since int64, reason ReasonCode, st, before State, flag uint16) (field, why string) {
	held, first, pending := State(flag>>flagHeldShift), firstCause(flag), flag&flagPending
	pe := &r.periph[pi]
	all := pending | pendingBit(first)&flagPending
	if first == CauseNone {
		all = 0
	}
	voiceOnly := pendingBit(CausePIM)
	if !r.cfg.CTIManagerAllMRDs {
		voiceOnly |= pendingBit(CauseCTIManager)
	}
	switch {
	case !st.IsValid():
		return "state", "is " + strconv.Itoa(int(st)) + ", not a state"
	case !before.IsValid():
		return "before call", "is " + strconv.Itoa(int(before)) + ", not a state"
	case notBeforeCall.Has(before):
		return "before call", "is " + before.String() + ", a state of a call, which no transition records as the state before one"
	case since > r.last:
		return "since", "is after the roster's latest input"
	case flag&flagUnused != 0:
		return "flags", "uses undefined bits"
	case first >= numCauses:
		return "flags", "first failure " + strconv.Itoa(int(first)) + " is not a cause"
	case !held.IsValid():
		return "flags", "held state " + strconv.Itoa(int(held)) + " is not a state"
	case (first == CauseNone) != (pending == 0):
		return "flags", "a first failure is recorded exactly when a failure is pending"
	case pending == 0 && keepReason(st, reason) != reason:
		return "reason", strconv.Itoa(int(reason)) + " on " + st.String() + ", which carries no reason code"
	case pending == 0:
	case st != Logout:
		return "state", "is " + st.String() + " while a failure is pending (the agent is logged out)"
	case held == Logout:
		return "flags", "held state is LOGOUT while a failure is pending (a logged-out agent is not logged out again)"
	case keepReason(held, reason) != reason:
		return "reason", strconv.Itoa(int(reason)) + " kept for the held state " + held.String() + ", which carries no reason code"
	case first == CausePIM && pending&pendingBit(CausePIM) == 0:
		return "flags", "the PIM failure that logged the agent out is no longer pending (only an observation or a login ends it)"
	case all&voiceOnly != 0 && j != r.voice:
		return "flags", "a PIM or CTI Manager failure is pending in a non-voice MRD"
	case pending&pendingBit(CausePG) != 0 && pe.active != ccefsm.SideNone:
		return "flags", "the PG failure is pending while the peripheral is online"
	case pending&pendingBit(CauseCTIManager) != 0 && !pe.ctiManagerDown:
		return "flags", "the CTI Manager failure is pending while the CTI Manager is up"
	case pending&pendingBit(CauseFinesse) != 0 && !pe.finesseDown:
		return "flags", "the Finesse failure is pending while Finesse is up"
	}
	if flag&flagRecreated != 0 {
		switch {
		case r.mrds[j].Media != ccefsm.MediaEmail:
			return "flags", "recreated mark on a non-email MRD"
		case pe.pathDown&(1<<j) != 0:
			return "flags", "recreated mark while the MRD's CTI path is down"
		}
	}
	return "", ""
}
