package agentstate

import (
	"encoding/binary"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/snapshot"
)

// This file gives the external tests (package agentstate_test) the
// snapshots of states that no sequence of inputs can reach. Each is made by
// building a roster through the public API and then breaking one fact of
// its internal state; MarshalBinary writes whatever it holds, so the
// snapshot is well framed and only the decoder's invariant check can refuse
// it. They are the repros of issue 7 and the seeds of FuzzRosterSnapshot.

// Unreachable is one crafted snapshot: Name says which fact is broken;
// Original is the snapshot of the same roster before it was broken (the
// same length: only the broken fact's bytes and the checksum differ).
type Unreachable struct {
	Name           string
	Data, Original []byte
}

var reproT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func reproAt(sec int) time.Time { return reproT0.Add(time.Duration(sec) * time.Second) }

// reproRoster returns a roster with MRDs voice 1, chat 2, email 3, duplex
// peripheral 5000 (agents 11, 12) and simplex peripheral 6000 (agent 21).
// Agent 11 is Available in voice and email, agent 12 Not Ready (reason 7)
// in voice, agent 21 Available in voice. mrds, when not nil, replaces the
// MRDs (with the same IDs).
func reproRoster(cfg Config, mrds []ccefsm.MRD) *Roster {
	cfg.MRDs = mrds
	if mrds == nil {
		cfg.MRDs = reproMRDs()
	}
	r, err := NewRoster(cfg)
	must(err)
	must(r.AddPeripheral(5000, ccefsm.Duplex))
	must(r.AddPeripheral(6000, ccefsm.Simplex))
	for _, a := range []ccefsm.AgentID{11, 12} {
		must(r.AddAgent(reproT0, a, 5000))
	}
	must(r.AddAgent(reproT0, 21, 6000))
	must(r.Observe(reproAt(1), 11, 1, Available, 0))
	must(r.Observe(reproAt(1), 11, 3, Available, 0))
	must(r.Observe(reproAt(1), 12, 1, NotReady, 7))
	must(r.Observe(reproAt(1), 21, 1, Available, 0))
	return r
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func must2[T any](_ T, err error) {
	if err != nil {
		panic(err)
	}
}

// slotOf returns the slot of agent a in MRD m.
func slotOf(r *Roster, a ccefsm.AgentID, m ccefsm.MRDID) int {
	_, s, _, err := r.slot("test", a, m)
	must(err)
	return s
}

// UnreachableSnapshots returns the crafted snapshots.
func UnreachableSnapshots() []Unreachable {
	type repro struct {
		name  string
		setup func(r *Roster)
		cfg   Config
		spoil func(r *Roster)
		patch func(data []byte) // bytes of the snapshot to change, for facts no field of a Roster can hold
		mrds  []ccefsm.MRD      // the MRDs, when not reproMRDs()
	}
	finesseDown := func(r *Roster) { must2(r.FinesseDown(nil, reproAt(2), 5000)) }
	repros := []repro{
		{name: "agent pending a Finesse failure while its peripheral's Finesse is up", setup: finesseDown,
			spoil: func(r *Roster) { r.periph[0].finesseDown = false }},
		{name: "agent pending a CTI Manager failure while the CTI Manager is up",
			setup: func(r *Roster) { must2(r.CTIManagerDown(nil, reproAt(2), 5000)) },
			spoil: func(r *Roster) { r.periph[0].ctiManagerDown = false }},
		{name: "agent pending a PG failure while its peripheral is online",
			setup: func(r *Roster) {
				must2(r.SideDown(nil, reproAt(2), 6000, ccefsm.SideA, CausePG))
			},
			spoil: func(r *Roster) {
				r.periph[1].up[ccefsm.SideA], r.periph[1].active = true, ccefsm.SideA
			}},
		{name: "agent pending a PG failure added to a Finesse logout while its peripheral is online", setup: finesseDown,
			spoil: func(r *Roster) { r.flag[slotOf(r, 11, 1)] |= pendingBit(CausePG) }},
		{name: "agent pending a PIM failure in a non-voice MRD", setup: finesseDown,
			spoil: func(r *Roster) { r.flag[slotOf(r, 11, 3)] |= pendingBit(CausePIM) }},
		{name: "agent pending a CTI Manager failure in a non-voice MRD (CTI Manager failover logs out of voice only)",
			setup: func(r *Roster) { must2(r.CTIManagerDown(nil, reproAt(2), 5000)); finesseDown(r) },
			spoil: func(r *Roster) { r.flag[slotOf(r, 11, 3)] |= pendingBit(CauseCTIManager) }},
		{name: "PIM failure pending without the PG failure, voice the second MRD",
			mrds: []ccefsm.MRD{ccefsm.NewMRD(2, ccefsm.MediaChat), ccefsm.NewMRD(1, ccefsm.MediaVoice), ccefsm.NewMRD(3, ccefsm.MediaEmail)},
			setup: func(r *Roster) {
				must2(r.SideDown(nil, reproAt(2), 5000, ccefsm.SideB, CausePIM))
				must2(r.SideDown(nil, reproAt(3), 5000, ccefsm.SideA, CausePG))
			},
			spoil: func(r *Roster) {
				r.flag[slotOf(r, 12, 1)] = r.flag[slotOf(r, 12, 1)]&^flagCause | pendingBit(CausePIM) | uint16(CausePIM)<<flagFirstShift
			}},
		{name: "PIM failure pending without the PG failure that logged out the other agents of the offline peripheral",
			setup: func(r *Roster) {
				must2(r.SideDown(nil, reproAt(2), 5000, ccefsm.SideB, CausePIM))
				must2(r.SideDown(nil, reproAt(3), 5000, ccefsm.SideA, CausePG))
			},
			spoil: func(r *Roster) {
				r.flag[slotOf(r, 12, 1)] = r.flag[slotOf(r, 12, 1)]&^flagCause | pendingBit(CausePIM) | uint16(CausePIM)<<flagFirstShift
			}},
		{name: "pending failure held at LOGOUT (nothing to restore)", setup: finesseDown,
			spoil: func(r *Roster) {
				s := slotOf(r, 11, 1)
				r.flag[s] = r.flag[s]&^(0xf<<flagHeldShift) | uint16(Logout)<<flagHeldShift
			}},
		{name: "pending failure on a logged-in agent", setup: finesseDown,
			spoil: func(r *Roster) { r.state[slotOf(r, 11, 1)] = Available }},
		{name: "first failure PIM no longer pending",
			setup: func(r *Roster) { must2(r.SideDown(nil, reproAt(2), 5000, ccefsm.SideA, CausePIM)); finesseDown(r) },
			spoil: func(r *Roster) { r.flag[slotOf(r, 11, 1)] &^= pendingBit(CausePIM) }},
		{name: "reason code on AVAILABLE",
			spoil: func(r *Roster) { r.reason[slotOf(r, 11, 1)] = 7 }},
		{name: "reason code on TALKING",
			setup: func(r *Roster) { must(r.Observe(reproAt(2), 11, 1, Talking, 0)) },
			spoil: func(r *Roster) { r.reason[slotOf(r, 11, 1)] = ReasonConnectionFailure }},
		{name: "reason code kept for a held AVAILABLE while a failure is pending", setup: finesseDown,
			spoil: func(r *Roster) { r.reason[slotOf(r, 11, 1)] = 7 }},
		{name: "since later than the roster's last input",
			spoil: func(r *Roster) { r.since[slotOf(r, 11, 1)] = r.last + 1 }},
		{name: "recreated mark while the email CTI path is down",
			setup: func(r *Roster) {
				must2(r.CTIPathDown(nil, reproAt(2), 5000, 3))
				must2(r.CTIPathUp(nil, reproAt(3), 5000, 3, []Report{{Agent: 11, MRD: 3, State: Active}}))
			},
			spoil: func(r *Roster) { r.periph[0].pathDown |= 1 << 2 }},
		{name: "recreated mark on a non-email MRD",
			spoil: func(r *Roster) { r.flag[slotOf(r, 11, 1)] |= flagRecreated }},
		{name: "agent on a peripheral one past the last",
			spoil: func(r *Roster) { r.home[2] = uint16(len(r.periph)) }},
		{name: "duplicate agent ID",
			spoil: func(r *Roster) { r.ids[1] = r.ids[0] }},
		{name: "zero agent ID",
			spoil: func(r *Roster) { r.ids[1] = 0 }},
		{name: "duplicate peripheral ID",
			spoil: func(r *Roster) { r.periph[1].id = r.periph[0].id }},
		{name: "active side down",
			spoil: func(r *Roster) { r.periph[0].up[ccefsm.SideA] = false }},
		{name: "offline peripheral with a healthy side",
			spoil: func(r *Roster) { r.periph[0].active = ccefsm.SideNone }},
		{name: "simplex peripheral with a side B",
			spoil: func(r *Roster) { r.periph[1].up[ccefsm.SideB] = true }},
		{name: "CTI path mark of an MRD the roster does not have",
			spoil: func(r *Roster) { r.periph[0].pathDown |= 1 << 3 }},
		{name: "documented table row overridden",
			spoil: func(r *Roster) { r.pg.rows[0].After = To(NotReady) }},
		{name: "invalid state",
			spoil: func(r *Roster) { r.state[slotOf(r, 11, 1)] = numStates }},
		{name: "unused flag bits",
			spoil: func(r *Roster) { r.flag[slotOf(r, 11, 1)] |= flagUnused }},
	}
	// Every other check of the decoder, once.
	configured := func(r *Roster, n int, after Outcome) {
		row := &r.pg.rows[r.pg.row(n)]
		row.After, row.Provenance = after, row.Provenance|ccefsm.Configurable
	}
	unseen := func(r *Roster) { r.seen, r.last = false, 0 }
	repros = append(repros, []repro{
		{name: "no preferred side", spoil: func(r *Roster) { r.cfg.PreferredSide = ccefsm.SideNone }},
		{name: "invalid MRD (no task life)", spoil: func(r *Roster) { r.mrds[1].TaskLife = 0 }},
		{name: "an MRD ID twice", spoil: func(r *Roster) { r.mrds[1].ID = r.mrds[0].ID }},
		{name: "documented table row marked configured", spoil: func(r *Roster) { configured(r, 1, r.pg.rows[0].After) }},
		{name: "configured table row with an invalid outcome", spoil: func(r *Roster) { configured(r, 5, Outcome{Kind: OutcomeTasks + 1}) }},
		{name: "last input set on a roster that has seen none",
			spoil: func(r *Roster) { r.seen = false }},
		{name: "agents on a roster that has seen no input", spoil: unseen},
		{name: "a peripheral changed on a roster that has seen no input",
			spoil: func(r *Roster) { unseen(r); r.ids, r.home, r.periph[0].finesseDown = nil, nil, true }},
		{name: "zero peripheral ID", spoil: func(r *Roster) { r.periph[1].id = 0 }},
		{name: "active side 3", spoil: func(r *Roster) { r.periph[0].active = ccefsm.SideB + 1 }},
		{name: "simplex peripheral with side B active",
			spoil: func(r *Roster) { r.periph[1].active, r.periph[1].up = ccefsm.SideB, [3]bool{ccefsm.SideB: true} }},
		{name: "redundancy 2",
			patch: func(data []byte) { data[firstPeripheral(3, 2)+4] = 2 }},
		{name: "state before the call 15",
			spoil: func(r *Roster) { r.before[slotOf(r, 11, 1)] = numStates }},
		{name: "first failure 6",
			spoil: func(r *Roster) { r.flag[slotOf(r, 11, 1)] |= 6 << flagFirstShift }},
		{name: "held state 15",
			spoil: func(r *Roster) { r.flag[slotOf(r, 11, 1)] |= uint16(numStates) << flagHeldShift }},
		{name: "a failure pending with no first failure", setup: finesseDown,
			spoil: func(r *Roster) { r.flag[slotOf(r, 11, 1)] &^= flagFirst }},
		{name: "a first failure with none pending", setup: finesseDown,
			spoil: func(r *Roster) { r.flag[slotOf(r, 11, 1)] &^= flagPending }},
	}...)
	// BeforeCall: only a state outside a call can be the state before one.
	for _, s := range []State{Reserved, Talking, Hold, Active, Paused, Interrupted, WorkReady, WorkNotReady} {
		repros = append(repros, repro{name: "BeforeCall " + s.String() + " (no transition records it)",
			setup: func(r *Roster) { must(r.Observe(reproAt(2), 11, 1, WorkReady, 0)) },
			spoil: func(r *Roster) { r.before[slotOf(r, 11, 1)] = s }})
	}
	var out []Unreachable
	for _, p := range repros {
		r := reproRoster(p.cfg, p.mrds)
		if p.setup != nil {
			p.setup(r)
		}
		orig, err := r.MarshalBinary()
		must(err)
		if p.spoil != nil {
			p.spoil(r)
		}
		data, err := r.MarshalBinary()
		must(err)
		if p.patch != nil {
			p.patch(data)
			data = snapshot.Seal(data[:len(data)-4])
		}
		out = append(out, Unreachable{Name: p.name, Data: data, Original: orig})
	}
	return out
}

func reproMRDs() []ccefsm.MRD {
	return []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice), ccefsm.NewMRD(2, ccefsm.MediaChat), ccefsm.NewMRD(3, ccefsm.MediaEmail)}
}

// firstPeripheral returns the offset of the first peripheral record in the
// snapshot of a roster with nm MRDs and np peripherals.
func firstPeripheral(nm, np int) int {
	return 5 + 1 + nm*mrdSize + 3 + 2*numRows*3 + 1 + 8 + len(binary.AppendUvarint(nil, uint64(np)))
}

// LastInput returns the time of the roster's latest input, and false when
// it has seen none.
func LastInput(r *Roster) (time.Time, bool) { return time.Unix(0, r.last), r.seen }

// FrameSnapshot frames a snapshot body as MarshalBinary does (magic,
// version, body, checksum), so that the fuzz target can reach the
// decoder's checks of the body, which a damaged checksum stops short of.
func FrameSnapshot(body []byte) []byte {
	return snapshot.Seal(append(snapshotFormat.Begin(nil), body...))
}

// SnapshotBody returns the body of a snapshot made by MarshalBinary.
func SnapshotBody(data []byte) []byte { return data[5 : len(data)-4] }

// Witness is rosterWitness for the external tests: a roster built by public
// inputs with the same snapshot as r, or an error; ErrWitnessLimit marks a
// roster beyond its reconstruction.
func Witness(r *Roster) (*Roster, error) { return rosterWitness(r) }

// ErrWitnessLimit is errWitnessLimit.
var ErrWitnessLimit = errWitnessLimit
