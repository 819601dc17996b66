package agentstate

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/ccefsm/ccefsm"
)

// errWitnessLimit marks a roster beyond rosterWitness's reconstruction.
var errWitnessLimit = errors.New("beyond the witness's reconstruction")

// rosterWitness builds, from public inputs alone (NewRoster with the same
// configuration and table overrides made by Table.Override, AddPeripheral,
// SideDown, SideUp, CTIManagerDown, FinesseDown, CTIPathDown, AddAgent and
// Observe), a roster in the same state as target, a roster the decoder
// accepted: the witness that some sequence of inputs reaches it. The
// caller compares the two snapshots.
//
// It brings every peripheral to its state at the earliest instant of the
// snapshot, before any agent is added (so that no failure touches an
// agent); adds the agents in roster order, each no later than its earliest
// slot; and gives each slot its state, reason and state before the call by
// observations at the slot's since (AG-10: an observation is always
// accepted): the state before the call first, then a call state when the
// slot's own state is not one, then the state. A last no-op side event sets
// the clock.
//
// A slot that went through a failover that has ended keeps the state held
// then in its flags; the witness puts the agent in those states and fails
// its desktop (AG-6) when it adds it, before the slot's observations. A
// slot with a desktop failover pending (AG-6 alone) is put in its held
// state at its since, and the agent's desktop fails then.
//
// Reconstruction limit (errWitnessLimit): a slot with a failover pending
// other than the desktop's alone (a PIM, PG, CTI Manager or Finesse
// failure, which log out the agents of a peripheral together) or with the
// recreated mark of an email resynchronisation (AG-9, RP-6). Building
// those needs the failures themselves, at instants the snapshot does not
// record, ordered across every slot of the peripheral and against the
// peripheral's own state; this witness does not search for them, and the
// fuzz target compares such a roster with a second decode of its bytes
// instead.
func rosterWitness(target *Roster) (*Roster, error) {
	desktop := uint16(CauseDesktop)<<flagFirstShift | pendingBit(CauseDesktop)
	for s, f := range target.flag {
		if rest := f &^ (0xf << flagHeldShift); rest != 0 && rest != desktop {
			return nil, fmt.Errorf("%w: agent %d MRD %d flags %#x (a pending failover or a recreated mark)", errWitnessLimit,
				target.ids[s/len(target.mrds)], target.mrds[s%len(target.mrds)].ID, f)
		}
	}
	cfg := Config{
		MRDs:              slices.Clone(target.mrds),
		PreferredSide:     target.cfg.PreferredSide,
		NoAutoRelogin:     target.cfg.NoAutoRelogin,
		CTIManagerAllMRDs: target.cfg.CTIManagerAllMRDs,
	}
	pg, fin := PGTable(), DesktopTable()
	for k, t := range [...]*Table{&pg, &fin} {
		src := [...]*Table{target.pg, target.fin}[k]
		for _, row := range src.rows {
			if row.Provenance&ccefsm.Configurable != 0 {
				if err := t.Override(row.N, row.After); err != nil {
					return nil, err
				}
			}
		}
	}
	cfg.PGTable, cfg.DesktopTable = &pg, &fin
	w, err := NewRoster(cfg)
	if err != nil {
		return nil, err
	}
	for _, p := range target.periph {
		red := ccefsm.Simplex
		if p.duplex {
			red = ccefsm.Duplex
		}
		if err := w.AddPeripheral(p.id, red); err != nil {
			return nil, err
		}
	}
	if !target.seen {
		return w, nil
	}

	// The earliest instant: peripherals are set up then.
	first := target.last
	for _, s := range target.since {
		first = min(first, s)
	}
	at := time.Unix(0, first)
	var firstErr error
	do := func(what string, f func() error) {
		if firstErr == nil {
			if err := f(); err != nil {
				firstErr = fmt.Errorf("%s: %w", what, err)
			}
		}
	}
	sideDown := func(p ccefsm.PeripheralID, s ccefsm.Side) {
		do(fmt.Sprintf("SideDown(%d, %v)", p, s), func() error { _, err := w.SideDown(nil, at, p, s, CausePIM); return err })
	}
	sideUp := func(p ccefsm.PeripheralID, s ccefsm.Side) {
		do(fmt.Sprintf("SideUp(%d, %v)", p, s), func() error { _, err := w.SideUp(nil, at, p, s); return err })
	}
	for i, p := range target.periph {
		added := w.periph[i]
		switch {
		case p.active == ccefsm.SideNone:
			for _, s := range [...]ccefsm.Side{ccefsm.SideA, ccefsm.SideB} {
				if added.up[s] {
					sideDown(p.id, s)
				}
			}
		case p.active == added.active:
			if other := p.active.Other(); p.duplex && !p.up[other] {
				sideDown(p.id, other)
			}
		default:
			// The other side of a duplex peripheral is active: the first
			// went down, and may have come back to stand by.
			sideDown(p.id, added.active)
			if p.up[added.active] {
				sideUp(p.id, added.active)
			}
		}
		if p.ctiManagerDown {
			do("CTIManagerDown", func() error { _, err := w.CTIManagerDown(nil, at, p.id); return err })
		}
		if p.finesseDown {
			do("FinesseDown", func() error { _, err := w.FinesseDown(nil, at, p.id); return err })
		}
		for j, m := range target.mrds {
			if p.pathDown&(1<<j) != 0 {
				do("CTIPathDown", func() error { _, err := w.CTIPathDown(nil, at, p.id, m.ID); return err })
			}
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}

	// Agents in roster order, each added no later than its first slot's
	// since and than the next agent; then every slot at its since.
	// Inputs at one instant go in phases: agents added; slots put in the
	// states to be held by an ended failover, and that failover; slots put
	// in the states held by a pending desktop failover, and that failover;
	// the other slots' own states.
	type ev struct {
		at    int64
		phase int
		what  string
		do    func(time.Time) error
	}
	var evs []ev
	nm := len(target.mrds)
	adds := make([]int64, len(target.ids))
	next := target.last
	for i := len(target.ids) - 1; i >= 0; i-- {
		a := next
		for _, s := range target.since[i*nm : (i+1)*nm] {
			a = min(a, s)
		}
		adds[i], next = a, a
	}
	for i, id := range target.ids {
		p := target.periph[target.home[i]].id
		evs = append(evs, ev{adds[i], 0, fmt.Sprintf("AddAgent(%d)", id), func(now time.Time) error { return w.AddAgent(now, id, p) }})
	}
	// A slot that went through a failover that an observation ended keeps
	// the state held then: the agent is put in it and its desktop fails
	// (AG-6 logs out every logged-in MRD), all when it is added.
	for i, id := range target.ids {
		failed := false
		for j, m := range target.mrds {
			if f := target.flag[i*nm+j]; f&flagPending == 0 && State(f>>flagHeldShift) != Logout {
				held := State(f >> flagHeldShift)
				failed = true
				evs = append(evs, ev{adds[i], 1, fmt.Sprintf("Observe(%d, %d, %v) to be held", id, m.ID, held), func(now time.Time) error {
					return w.Observe(now, id, m.ID, held, ReasonNone)
				}})
			}
		}
		if failed {
			evs = append(evs, ev{adds[i], 1, fmt.Sprintf("DesktopDown(%d)", id), func(now time.Time) error {
				_, err := w.DesktopDown(nil, now, id)
				return err
			}})
		}
	}
	// A slot with a desktop failover pending (AG-6) was logged out at its
	// since from the state it holds: the agent is put in that state then,
	// and its desktop fails after every such slot of the agent at that
	// instant is in its state.
	downAt := map[[2]int64]bool{}
	for i, id := range target.ids {
		for j, m := range target.mrds {
			s := i*nm + j
			st, before, reason := target.state[s], target.before[s], target.reason[s]
			phase := 4
			if target.flag[s]&flagPending != 0 {
				st, phase = State(target.flag[s]>>flagHeldShift), 2
				if k := [2]int64{int64(i), target.since[s]}; !downAt[k] {
					downAt[k] = true
					evs = append(evs, ev{target.since[s], 3, fmt.Sprintf("DesktopDown(%d)", id), func(now time.Time) error {
						_, err := w.DesktopDown(nil, now, id)
						return err
					}})
				}
			}
			var seq []State
			switch {
			case before == Logout:
			case st.onCall():
				seq = append(seq, before)
			default:
				seq = append(seq, before, Talking)
			}
			seq = append(seq, st)
			for k, x := range seq {
				rc := ReasonNone
				if k == len(seq)-1 {
					rc = reason
				}
				evs = append(evs, ev{target.since[s], phase, fmt.Sprintf("Observe(%d, %d, %v)", id, m.ID, x), func(now time.Time) error {
					return w.Observe(now, id, m.ID, x, rc)
				}})
			}
		}
	}
	sort.SliceStable(evs, func(a, b int) bool {
		if evs[a].at != evs[b].at {
			return evs[a].at < evs[b].at
		}
		return evs[a].phase < evs[b].phase
	})
	for _, e := range evs {
		if err := e.do(time.Unix(0, e.at)); err != nil {
			return nil, fmt.Errorf("%s: %w", e.what, err)
		}
	}

	// The clock: a side event that changes nothing.
	if len(target.periph) == 0 {
		return nil, errors.New("the roster has seen an input but holds no peripheral")
	}
	p := target.periph[0]
	last := time.Unix(0, target.last)
	if p.up[ccefsm.SideA] {
		_, err = w.SideUp(nil, last, p.id, ccefsm.SideA)
	} else {
		_, err = w.SideDown(nil, last, p.id, ccefsm.SideA, CausePIM)
	}
	if err != nil {
		return nil, fmt.Errorf("the clock: %w", err)
	}
	return w, nil
}
