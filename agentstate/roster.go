package agentstate

import (
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/nanotime"
)

// MaxMRDs is the largest number of MRDs a roster can hold.
const MaxMRDs = 16

// maxPeripherals is the largest number of peripherals a roster can hold: an
// agent refers to its peripheral by a 16-bit index.
const maxPeripherals = 1 << 16

// Config configures a [Roster]. The zero Config, with at least one MRD, gives
// the documented defaults.
type Config struct {
	// MRDs lists the MRDs every agent of the roster has a state in, in the
	// order effects report them: at least one, at most [MaxMRDs], each
	// valid by [ccefsm.MRD.Validate] (build them with [ccefsm.NewMRD]),
	// with distinct IDs and at most one voice MRD. The roster reads an
	// MRD's ID and media kind: the kind decides the transition table
	// (voice or non-voice, [MediaOf]) and the email exception of AG-9. It
	// validates and keeps the whole definition nevertheless, so that the
	// one list of MRDs of a deployment can be handed to agentstate and
	// taskstate alike and is refused by both or by neither.
	MRDs []ccefsm.MRD
	// PreferredSide is the side that goes active when both sides of a
	// duplex peripheral are healthy at once (AG-3, configurable). SideNone
	// means side A.
	PreferredSide ccefsm.Side
	// NoAutoRelogin turns off the automatic re-login after a PG or CTI
	// Manager failover (AG-5 is configurable, on by default): agents stay
	// logged out until they log in.
	NoAutoRelogin bool
	// CTIManagerAllMRDs makes a CTI Manager failover log agents out of every
	// MRD. By default (inferred) it affects the voice MRD only, the only MRD
	// Unified CM carries (AG-4).
	CTIManagerAllMRDs bool
	// PGTable and DesktopTable replace AG-T1 and AG-T2, to apply overrides
	// of inferred rows ([Table.Override]): start from [PGTable] and
	// [DesktopTable] respectively. Nil means those tables unchanged. The
	// roster keeps its own copy.
	PGTable, DesktopTable *Table
	// Tasks gives the state of an agent's open tasks, for the rows rebuilt
	// from tasks. Nil means no agent has open tasks (Not Ready).
	Tasks Tasks
}

// Report is a state reported for one agent in one MRD: by the ACD when the
// PIM reconnects (AG-2), by the email manager after a CTI outage (AG-9), or by
// the CTI server at any time (AG-10).
type Report struct {
	Agent  ccefsm.AgentID
	MRD    ccefsm.MRDID
	State  State
	Reason ReasonCode
	// InState is the time the agent has been in State (the ACD reports
	// "duration in state"); zero means it entered State now.
	InState time.Duration
}

// Status is the state of one agent in one MRD.
type Status struct {
	State      State
	BeforeCall State // the state when the current or last call was reserved or placed
	Reason     ReasonCode
	Since      time.Time
	// Pending is the failure that logged the agent out, while the agent
	// waits to be logged in again: until that failure and every failure
	// that overlapped it have recovered. CauseNone when nothing is pending.
	Pending Cause
	// Held is the state at that failure, from which the failover table
	// decides the state after it; never Logout, since a failure logs out
	// only agents that are logged in. Meaningful when Pending is not
	// CauseNone; otherwise it is the state held at the last failure that
	// ended (Logout if none did).
	Held State
	// Recreated reports that the agent's history over the last CTI outage
	// of this (email-type) MRD was recreated from the resynchronisation
	// (RP-6).
	Recreated bool
}

// PeripheralStatus is the state of one peripheral.
type PeripheralStatus struct {
	ID         ccefsm.PeripheralID
	Redundancy ccefsm.Redundancy
	// Active is the side whose PIM is active; SideNone while the
	// peripheral is offline.
	Active         ccefsm.Side
	UpA, UpB       bool // side health
	CTIManagerDown bool
	FinesseDown    bool
	Agents         int
}

// Online reports whether the peripheral has an active side.
func (p PeripheralStatus) Online() bool { return p.Active != ccefsm.SideNone }

type peripheral struct {
	id             ccefsm.PeripheralID
	duplex         bool
	up             [3]bool // indexed by ccefsm.Side
	active         ccefsm.Side
	ctiManagerDown bool
	finesseDown    bool
	pathDown       uint16 // bit per MRD index: the application's CTI path is down
	agents         int32
}

func (p *peripheral) redundancy() ccefsm.Redundancy {
	if p.duplex {
		return ccefsm.Duplex
	}
	return ccefsm.Simplex
}

// Slot flags. Two bytes per slot hold the set of failures the slot waits for
// (bits 0-4, bit c-1 for Cause c), the recreated mark (bit 5), the first
// failure, which logged the agent out (bits 6-8), and the state held at that
// failure (bits 12-15).
const (
	flagPending    = 0x1f
	flagRecreated  = 0x20
	flagFirstShift = 6
	flagFirst      = 0x7 << flagFirstShift
	flagHeldShift  = 12
	flagUnused     = 0x0e00
	// flagCause clears every pending failure.
	flagCause = flagPending | flagFirst
)

// pendingBit is the bit of cause c in the pending set of a slot.
func pendingBit(c Cause) uint16 { return 1 << (c - 1) }

// firstCause returns the failure that logged slot flag f out.
func firstCause(f uint16) Cause { return Cause(f >> flagFirstShift & 7) }

// Roster holds the state of many agents, each on one peripheral and with one
// state per MRD of the roster, and applies the failover rules to them in
// bulk. Storage is dense: per agent and MRD it keeps 14 bytes in parallel
// arrays (struct of arrays: since as int64 Unix nanoseconds, reason, state,
// state before the call, two flag bytes), plus per agent its ID, its
// peripheral and an entry of the ID index; peripherals are found through an
// index too.
//
// Bulk operations append their effects to dst and return it; with a dst of
// enough capacity they allocate nothing. Every operation validates all of
// its input first and either applies completely or returns an error and
// changes nothing. Agents are visited in roster order ([Roster.Agents]) and
// MRDs in the order of Config.MRDs, so the effects are deterministic.
//
// Errors come as an [*Error] (or a [*TimeError] or [*TransitionError]) that
// wraps one sentinel: every method that names a peripheral, agent or MRD
// fails with [ErrUnknownPeripheral], [ErrUnknownAgent] or [ErrUnknownMRD]
// when the roster does not have it, and every method that takes now with
// [ErrTimeBackwards] or [ErrTimeOutOfRange]; the method comments name the
// other errors.
//
// The zero Roster is not usable, except as the receiver of
// [Roster.UnmarshalBinary]; create one with [NewRoster]. A Roster is not
// safe for concurrent mutation.
type Roster struct {
	cfg Config
	// pg and fin are the roster's own AG-T1 and AG-T2, made in NewRoster
	// (or the decoder) and never written afterwards, so that clones share
	// them.
	pg, fin *Table
	mrds    []ccefsm.MRD
	voice   int // index of the voice MRD, -1 when none
	periph  []peripheral
	pidx    map[ccefsm.PeripheralID]int32 // index into periph
	last    int64                         // Unix nanoseconds of the latest input
	seen    bool                          // an input was accepted: last holds its time

	ids      []ccefsm.AgentID
	home     []uint16 // index into periph
	index    map[ccefsm.AgentID]int32
	indexCap int // the agents index was made for (Grow)

	// per slot: agent i, MRD j is slot i*len(mrds)+j. While a failure is
	// pending, reason keeps the reason of the held state; the reason of the
	// logout itself follows from the cause ([Roster.reasonOf]).
	since  []int64
	reason []ReasonCode
	state  []State
	before []State
	flag   []uint16
}

// NewRoster returns an empty roster. It fails with [ErrInvalidMRD] when
// Config.MRDs is empty or longer than [MaxMRDs], or holds an MRD that
// [ccefsm.MRD.Validate] refuses, an ID twice or a second voice MRD (the
// [*Error]'s Cause, a [*ccefsm.MRDError] when one MRD is at fault, says
// which and why); with [ErrInvalidSide] for a preferred side other than A,
// B or none; and with [ErrInvalidTable] when Config.PGTable is not an AG-T1
// or Config.DesktopTable not an AG-T2.
func NewRoster(cfg Config) (*Roster, error) {
	bad := func(m ccefsm.MRDID, cause error) (*Roster, error) {
		return nil, &Error{Op: "NewRoster", MRD: m, Err: ErrInvalidMRD, Cause: cause}
	}
	switch {
	case len(cfg.MRDs) == 0:
		return bad(0, errors.New("Config.MRDs is empty"))
	case len(cfg.MRDs) > MaxMRDs:
		return bad(0, errors.New("Config.MRDs holds "+strconv.Itoa(len(cfg.MRDs))+" MRDs, more than "+strconv.Itoa(MaxMRDs)))
	}
	voice := -1
	for i, m := range cfg.MRDs {
		if err := m.Validate(); err != nil {
			return bad(m.ID, err)
		}
		for _, o := range cfg.MRDs[:i] {
			if o.ID == m.ID {
				return bad(m.ID, &ccefsm.MRDError{MRD: m.ID, Field: "ID", Reason: "is listed twice"})
			}
		}
		if m.Media == ccefsm.MediaVoice {
			if voice >= 0 {
				return bad(m.ID, &ccefsm.MRDError{MRD: m.ID, Field: "Media", Reason: "is voice, as is MRD " +
					strconv.FormatUint(uint64(cfg.MRDs[voice].ID), 10) + ": a roster has at most one voice MRD"})
			}
			voice = i
		}
	}
	switch cfg.PreferredSide {
	case ccefsm.SideNone:
		cfg.PreferredSide = ccefsm.SideA
	case ccefsm.SideA, ccefsm.SideB:
	default:
		return nil, &Error{Op: "NewRoster", Err: ErrInvalidSide}
	}
	r := &Roster{cfg: cfg, voice: voice, index: map[ccefsm.AgentID]int32{}, pidx: map[ccefsm.PeripheralID]int32{}}
	r.mrds = slices.Clone(cfg.MRDs)
	r.cfg.MRDs = r.mrds
	if cfg.PGTable != nil && cfg.PGTable.id != ccefsm.AGT1 || cfg.DesktopTable != nil && cfg.DesktopTable.id != ccefsm.AGT2 {
		return nil, &Error{Op: "NewRoster", Err: ErrInvalidTable}
	}
	// One allocation for both tables, copied from the defaults made once
	// (defaultTables) rather than built again.
	tabs := new([2]Table)
	*tabs = defaultTables
	if cfg.PGTable != nil {
		tabs[0] = *cfg.PGTable
	}
	if cfg.DesktopTable != nil {
		tabs[1] = *cfg.DesktopTable
	}
	r.pg, r.fin = &tabs[0], &tabs[1]
	r.cfg.PGTable, r.cfg.DesktopTable = nil, nil
	return r, nil
}

// Grow makes room for n more agents, so that adding them does not
// allocate. Call it before adding many agents to keep the roster compact.
// The ID index is a map, which cannot grow in place: when it was made for
// fewer agents, Grow makes it anew, with room for at least twice as many as
// before, so that repeated calls cost constant time per agent, amortized.
func (r *Roster) Grow(n int) {
	if n <= 0 {
		return
	}
	if need := len(r.ids) + n; need > r.indexCap {
		room := max(need, 2*r.indexCap)
		index := make(map[ccefsm.AgentID]int32, room)
		for i, id := range r.ids {
			index[id] = int32(i)
		}
		r.index, r.indexCap = index, room
	}
	r.ids = slices.Grow(r.ids, n)
	r.home = slices.Grow(r.home, n)
	s := n * len(r.mrds)
	r.since = slices.Grow(r.since, s)
	r.reason = slices.Grow(r.reason, s)
	r.state = slices.Grow(r.state, s)
	r.before = slices.Grow(r.before, s)
	r.flag = slices.Grow(r.flag, s)
}

// MRDs returns the roster's MRDs, as Config.MRDs gave them, in a new slice.
func (r *Roster) MRDs() []ccefsm.MRD { return slices.Clone(r.mrds) }

// Len returns the number of agents.
func (r *Roster) Len() int { return len(r.ids) }

// Agents appends the IDs of the agents to dst, in roster order: the order
// they were added, except that [Roster.RemoveAgent] moves the last agent
// into the place of the removed one. Bulk operations visit agents, and
// report their effects, in this order.
func (r *Roster) Agents(dst []ccefsm.AgentID) []ccefsm.AgentID { return append(dst, r.ids...) }

// Peripherals appends the IDs of the peripherals, in the order they were
// added, to dst.
func (r *Roster) Peripherals(dst []ccefsm.PeripheralID) []ccefsm.PeripheralID {
	for i := range r.periph {
		dst = append(dst, r.periph[i].id)
	}
	return dst
}

// AddPeripheral adds peripheral p, online: with [ccefsm.Duplex], its
// preferred side (Config.PreferredSide) is active and the other side stands
// by (AG-3); with [ccefsm.Simplex], side A is active. Adding a peripheral
// is configuration, not an input dated in time: it takes no now and does
// not move the roster's clock. Errors: [ErrUnknownPeripheral] for the zero
// ID, [ErrDuplicatePeripheral], [ErrInvalidRedundancy], [ErrRosterFull]
// beyond 65,536 peripherals; on error nothing changes.
func (r *Roster) AddPeripheral(p ccefsm.PeripheralID, redundancy ccefsm.Redundancy) error {
	if p == 0 {
		return &Error{Op: "AddPeripheral", Err: ErrUnknownPeripheral}
	}
	if _, ok := r.peripheral(p); ok {
		return &Error{Op: "AddPeripheral", Peripheral: p, Err: ErrDuplicatePeripheral}
	}
	if !redundancy.IsValid() {
		return &Error{Op: "AddPeripheral", Peripheral: p, Err: ErrInvalidRedundancy}
	}
	if len(r.periph) >= maxPeripherals {
		return &Error{Op: "AddPeripheral", Peripheral: p, Err: ErrRosterFull}
	}
	duplex := redundancy == ccefsm.Duplex
	pe := peripheral{id: p, duplex: duplex}
	side := r.cfg.PreferredSide
	if !duplex {
		side = ccefsm.SideA
	}
	pe.up[side] = true
	pe.active = side
	if duplex {
		pe.up[side.Other()] = true
	}
	r.pidx[p] = int32(len(r.periph))
	r.periph = append(r.periph, pe)
	return nil
}

// Peripheral returns the status of peripheral p.
func (r *Roster) Peripheral(p ccefsm.PeripheralID) (PeripheralStatus, error) {
	pi, ok := r.peripheral(p)
	if !ok {
		return PeripheralStatus{}, &Error{Op: "Peripheral", Peripheral: p, Err: ErrUnknownPeripheral}
	}
	pe := &r.periph[pi]
	return PeripheralStatus{ID: pe.id, Redundancy: pe.redundancy(), Active: pe.active,
		UpA: pe.up[ccefsm.SideA], UpB: pe.up[ccefsm.SideB],
		CTIManagerDown: pe.ctiManagerDown, FinesseDown: pe.finesseDown, Agents: int(pe.agents)}, nil
}

// peripheral finds p through the peripheral index. (A linear search made
// decoding a snapshot of many peripherals quadratic.)
func (r *Roster) peripheral(p ccefsm.PeripheralID) (int, bool) {
	i, ok := r.pidx[p]
	return int(i), ok
}

func (r *Roster) mrd(m ccefsm.MRDID) (int, bool) {
	for i := range r.mrds {
		if r.mrds[i].ID == m {
			return i, true
		}
	}
	return 0, false
}

// clock checks that now is in range and, once the roster has seen an
// input, not before the latest one.
func (r *Roster) clock(op string, now time.Time) (int64, error) {
	t, ok := nanotime.UnixNano(now)
	if !ok {
		return 0, &Error{Op: op, Err: ErrTimeOutOfRange}
	}
	if t < r.last && r.seen {
		return 0, &TimeError{Last: time.Unix(0, r.last), Now: now}
	}
	return t, nil
}

// tick records an accepted input at t.
func (r *Roster) tick(t int64) { r.last, r.seen = t, true }

// AddAgent adds agent a on peripheral p, logged out of every MRD since now.
// Errors: [ErrUnknownAgent] for the zero ID, [ErrUnknownPeripheral],
// [ErrDuplicateAgent], [ErrTimeBackwards], [ErrTimeOutOfRange]; on error
// nothing changes.
func (r *Roster) AddAgent(now time.Time, a ccefsm.AgentID, p ccefsm.PeripheralID) error {
	t, err := r.clock("AddAgent", now)
	if err != nil {
		return err
	}
	if a == 0 {
		return &Error{Op: "AddAgent", Err: ErrUnknownAgent}
	}
	pi, ok := r.peripheral(p)
	if !ok {
		return &Error{Op: "AddAgent", Agent: a, Peripheral: p, Err: ErrUnknownPeripheral}
	}
	if _, dup := r.index[a]; dup {
		return &Error{Op: "AddAgent", Agent: a, Err: ErrDuplicateAgent}
	}
	r.tick(t)
	r.index[a] = int32(len(r.ids))
	r.ids = append(r.ids, a)
	r.home = append(r.home, uint16(pi))
	r.periph[pi].agents++
	for range r.mrds {
		r.since = append(r.since, t)
		r.reason = append(r.reason, ReasonNone)
		r.state = append(r.state, Logout)
		r.before = append(r.before, Logout)
		r.flag = append(r.flag, uint16(Logout)<<flagHeldShift)
	}
	return nil
}

// RemoveAgent removes agent a from the roster at now, so that a
// long-running service's roster and snapshot do not only grow. It takes
// time proportional to the number of MRDs.
//
// The agent's state goes with it, including any failover restore it waits
// for: a later recovery (FinesseUp, SideUp, …) neither logs it in nor
// reports it, and RemoveAgent itself reports nothing (read [Roster.Status]
// first to record the state the agent left in). The last agent of the
// roster order moves into the removed agent's place (see
// [Roster.Agents]): later bulk operations report it there. Refs to the
// removed agent and to the moved one are stale ([Ref]). The agent may be
// added again, logged out. Errors: [ErrUnknownAgent] (also for the zero
// ID), [ErrTimeBackwards], [ErrTimeOutOfRange]; on error nothing changes.
func (r *Roster) RemoveAgent(now time.Time, a ccefsm.AgentID) error {
	i, t, err := r.agentOp("RemoveAgent", a, now)
	if err != nil {
		return err
	}
	r.tick(t)
	n, last := len(r.mrds), len(r.ids)-1
	r.periph[r.home[i]].agents--
	if i != last {
		moved := r.ids[last]
		r.ids[i], r.home[i] = moved, r.home[last]
		r.index[moved] = int32(i)
		dst, src := i*n, last*n
		copy(r.since[dst:dst+n], r.since[src:])
		copy(r.reason[dst:dst+n], r.reason[src:])
		copy(r.state[dst:dst+n], r.state[src:])
		copy(r.before[dst:dst+n], r.before[src:])
		copy(r.flag[dst:dst+n], r.flag[src:])
	}
	delete(r.index, a)
	r.ids, r.home = r.ids[:last], r.home[:last]
	k := last * n
	r.since, r.reason, r.state, r.before, r.flag = r.since[:k], r.reason[:k], r.state[:k], r.before[:k], r.flag[:k]
	return nil
}

// slot returns the slot of agent a in MRD m.
func (r *Roster) slot(op string, a ccefsm.AgentID, m ccefsm.MRDID) (agent, slot, mrd int, err error) {
	i, ok := r.index[a]
	if !ok {
		return 0, 0, 0, &Error{Op: op, Agent: a, MRD: m, Err: ErrUnknownAgent}
	}
	j, ok := r.mrd(m)
	if !ok {
		return 0, 0, 0, &Error{Op: op, Agent: a, MRD: m, Err: ErrUnknownMRD}
	}
	return int(i), int(i)*len(r.mrds) + j, j, nil
}

// Status returns the state of agent a in MRD m.
func (r *Roster) Status(a ccefsm.AgentID, m ccefsm.MRDID) (Status, error) {
	_, s, _, err := r.slot("Status", a, m)
	if err != nil {
		return Status{}, err
	}
	return Status{
		State: r.state[s], BeforeCall: r.before[s], Reason: r.reasonOf(s),
		Since:   time.Unix(0, r.since[s]),
		Pending: firstCause(r.flag[s]), Held: r.held(s),
		Recreated: r.flag[s]&flagRecreated != 0,
	}, nil
}

// held returns the state slot s had when the pending failure logged it out.
func (r *Roster) held(s int) State { return State(r.flag[s] >> flagHeldShift) }

// reasonOf returns the reason code of slot s's current state: while a
// failure is pending, the logout reason of its cause (50002 for PG, CTI
// Manager, desktop and Finesse failover; none for a PIM failure).
func (r *Roster) reasonOf(s int) ReasonCode {
	switch firstCause(r.flag[s]) {
	case CauseNone:
		return r.reason[s]
	case CausePIM:
		return ReasonNone
	}
	return ReasonConnectionFailure
}

// State returns the state of agent a in MRD m.
func (r *Roster) State(a ccefsm.AgentID, m ccefsm.MRDID) (State, error) {
	_, s, _, err := r.slot("State", a, m)
	if err != nil {
		return 0, err
	}
	return r.state[s], nil
}

// Apply validates the request e of agent a in MRD m against [Transitions]
// and applies it at now. Errors: [ErrUnknownAgent], [ErrUnknownMRD],
// [ErrInvalidEvent], [ErrTimeBackwards], [ErrTimeOutOfRange],
// [ErrPeripheralOffline] (a voice request while the agent's peripheral has
// no active side, AG-1) and [ErrIllegalTransition] (a [*TransitionError]);
// on error nothing changes.
// A Login request also ends any pending failover restore of the slot: the
// agent logged in by hand. Apply allocates nothing unless it fails.
func (r *Roster) Apply(now time.Time, a ccefsm.AgentID, m ccefsm.MRDID, e Event, reason ReasonCode) error {
	t, err := r.clock("Apply", now)
	if err != nil {
		return err
	}
	i, s, j, err := r.slot("Apply", a, m)
	if err != nil {
		return err
	}
	return r.apply(i, s, j, e, reason, t)
}

// Ref is a resolved agent and MRD of a Roster, for callers that send many
// events for the same agent: [Roster.ApplyRef] skips the ID lookups of
// [Roster.Apply]. A Ref names its agent by ID as well as by position, and
// ApplyRef checks both: a Ref whose agent was removed, or moved by the
// removal of another agent ([Roster.RemoveAgent]), is stale and fails with
// [ErrUnknownAgent]; it never addresses another agent. Resolve it again
// with [Roster.Ref]. A Ref is valid for the roster that returned it and for
// a roster restored from its snapshot, until the agent is removed or moved.
// The zero Ref is invalid.
type Ref struct {
	id    ccefsm.AgentID
	agent int32 // agent index
	mrd   int32 // MRD index
}

// PeripheralOf returns the peripheral of agent a, or [ErrUnknownAgent].
func (r *Roster) PeripheralOf(a ccefsm.AgentID) (ccefsm.PeripheralID, error) {
	i, ok := r.index[a]
	if !ok {
		return 0, &Error{Op: "PeripheralOf", Agent: a, Err: ErrUnknownAgent}
	}
	return r.periph[r.home[i]].id, nil
}

// Index returns agent a's position in the roster's order: the order of
// [Roster.Agents] and the order in which bulk operations visit agents.
// Positions are dense, 0 to Len()-1, and stay as they are until
// [Roster.RemoveAgent], which moves the last agent into the removed one's
// position. An agent the roster lacks is [ErrUnknownAgent].
func (r *Roster) Index(a ccefsm.AgentID) (int, error) {
	i, ok := r.index[a]
	if !ok {
		return 0, &Error{Op: "Index", Agent: a, Err: ErrUnknownAgent}
	}
	return int(i), nil
}

// Ref resolves agent a in MRD m. Errors: [ErrUnknownAgent], [ErrUnknownMRD].
func (r *Roster) Ref(a ccefsm.AgentID, m ccefsm.MRDID) (Ref, error) {
	i, _, j, err := r.slot("Ref", a, m)
	if err != nil {
		return Ref{}, err
	}
	return Ref{id: a, agent: int32(i), mrd: int32(j)}, nil
}

// ApplyRef is [Roster.Apply] for a resolved agent and MRD. An invalid or
// stale Ref is [ErrUnknownAgent].
func (r *Roster) ApplyRef(now time.Time, ref Ref, e Event, reason ReasonCode) error {
	t, err := r.clock("ApplyRef", now)
	if err != nil {
		return err
	}
	i, j := int(ref.agent), int(ref.mrd)
	if uint(i) >= uint(len(r.ids)) || r.ids[i] != ref.id || uint(j) >= uint(len(r.mrds)) {
		return &Error{Op: "ApplyRef", Agent: ref.id, Err: ErrUnknownAgent}
	}
	return r.apply(i, i*len(r.mrds)+j, j, e, reason, t)
}

func (r *Roster) apply(i, s, j int, e Event, reason ReasonCode, t int64) error {
	if !e.IsValid() {
		return &Error{Op: "Apply", Agent: r.ids[i], MRD: r.mrds[j].ID, Err: ErrInvalidEvent}
	}
	media := MediaOf(r.mrds[j].Media)
	if media == Voice && r.periph[r.home[i]].active == ccefsm.SideNone {
		return &Error{Op: "Apply", Agent: r.ids[i], MRD: r.mrds[j].ID, Peripheral: r.periph[r.home[i]].id, Err: ErrPeripheralOffline}
	}
	from := r.state[s]
	to, ok := lookup(media, from, e)
	if !ok {
		return &TransitionError{Agent: r.ids[i], MRD: r.mrds[j].ID, Media: media, From: from, Event: e}
	}
	r.tick(t)
	r.set(s, to, reason, t)
	if e == EventLogin {
		r.flag[s] &^= flagCause
	}
	return nil
}

// Observe applies a state reported by the CTI server or the ACD for agent a
// in MRD m. Observations are always accepted (AG-10); it fails only for an
// unknown agent or MRD, an invalid state or time going backwards. It ends
// any pending failover restore of the slot: the reported state wins.
func (r *Roster) Observe(now time.Time, a ccefsm.AgentID, m ccefsm.MRDID, st State, reason ReasonCode) error {
	t, err := r.clock("Observe", now)
	if err != nil {
		return err
	}
	_, s, _, err := r.slot("Observe", a, m)
	if err != nil {
		return err
	}
	if !st.IsValid() {
		return &Error{Op: "Observe", Agent: a, MRD: m, Err: ErrInvalidState}
	}
	r.tick(t)
	r.set(s, st, reason, t)
	r.flag[s] &^= flagCause
	return nil
}

// set moves slot s to state to at t, keeping the state before the call.
func (r *Roster) set(s int, to State, reason ReasonCode, t int64) {
	r.before[s] = beforeCall(r.state[s], to, r.before[s])
	r.state[s] = to
	r.reason[s] = keepReason(to, reason)
	r.since[s] = t
}
