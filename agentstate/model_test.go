package agentstate_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// This file drives random requests, observations and failovers through a
// Roster (rapid stateful test and Go fuzz target), checking invariants after
// every step, that a failing input changes nothing, and that a replay gives
// the same transcript.

// Operation kinds of the random driver.
const (
	opApply = iota
	opObserve
	opSideDown
	opSideUp
	opPeripheralUp
	opReport
	opCTIManagerDown
	opCTIManagerUp
	opFinesseDown
	opFinesseUp
	opDesktopDown
	opDesktopUp
	opPathDown
	opPathUp
	opRemoveAgent
	opAddAgent
	numOps
)

// op is one random input. Indices select from the fixed lists below; the
// last entry of each list is unknown to the roster.
type op struct {
	Kind   uint8
	Agent  uint8 // the roster's agents, then an unknown one
	MRD    uint8 // the roster's MRDs, then an unknown one
	Event  uint8 // 0..numEvents (0 invalid)
	State  uint8 // 0..15 (15 invalid)
	Side   uint8 // 0..2
	Cause  uint8 // 0..4
	Periph uint8 // the roster's peripherals, then an unknown one
	Step   int8  // seconds to advance; negative goes backwards
	Rep    uint8 // number of reports, from agent 0 up
}

// IDs that no roster of the tests has: drive adds them to the roster's own,
// so that some inputs name something unknown.
const (
	unknownAgent      ccefsm.AgentID      = 99
	unknownMRD        ccefsm.MRDID        = 77
	unknownPeripheral ccefsm.PeripheralID = 1
)

func pick[T any](s []T, i uint8) T { return s[int(i)%len(s)] }

// decodeOps turns fuzz bytes into operations, 10 bytes each.
func decodeOps(data []byte) []op {
	var ops []op
	for len(data) >= 10 {
		d := data[:10]
		data = data[10:]
		ops = append(ops, op{Kind: d[0] % numOps, Agent: d[1], MRD: d[2], Event: d[3] % 21, State: d[4] % 16,
			Side: d[5] % 3, Cause: d[6] % 5, Periph: d[7], Step: int8(d[8]%12) - 1, Rep: d[9] % 4})
	}
	return ops
}

func upTo(n int) []uint8 {
	out := make([]uint8, n)
	for i := range out {
		out[i] = uint8(i)
	}
	return out
}

// opGen draws operations uniformly (rapid.SampledFrom), so that every kind
// of input is as likely as any other.
var opGen = rapid.Custom(func(t *rapid.T) op {
	return op{
		Kind:   rapid.SampledFrom(upTo(numOps)).Draw(t, "kind"),
		Agent:  rapid.SampledFrom(upTo(4)).Draw(t, "agent"), // the model roster's three agents and one unknown
		MRD:    rapid.SampledFrom(upTo(4)).Draw(t, "mrd"),
		Event:  rapid.SampledFrom(upTo(21)).Draw(t, "event"),
		State:  rapid.SampledFrom(upTo(16)).Draw(t, "state"),
		Side:   rapid.SampledFrom(upTo(3)).Draw(t, "side"),
		Cause:  rapid.SampledFrom([]uint8{1, 2, 1, 2, 0, 3}).Draw(t, "cause"),
		Periph: rapid.SampledFrom([]uint8{0, 0, 0, 1, 2}).Draw(t, "periph"),
		Step:   rapid.SampledFrom([]int8{0, 1, 1, 2, 5, 30, -1}).Draw(t, "step"),
		Rep:    rapid.SampledFrom(upTo(4)).Draw(t, "reports"),
	}
})

// run applies ops to a fresh roster and returns the transcript: for every
// op, its effects or its error. It reports invariant violations to fail.
func run(fail func(format string, args ...any), ops []op) []string {
	transcript, _ := drive(fail, newModelRoster(fail), ops, t0)
	return transcript
}

// newModelRoster returns the roster the random driver starts from.
func newModelRoster(fail func(format string, args ...any)) *agentstate.Roster {
	tab := agentstate.PGTable()
	if err := tab.Override(6, agentstate.To(agentstate.NotReady)); err != nil {
		fail("%v", err)
	}
	r, err := agentstate.NewRoster(agentstate.Config{MRDs: threeMRDs, PGTable: &tab})
	if err != nil {
		fail("%v", err)
		return nil
	}
	for _, p := range []struct {
		id  ccefsm.PeripheralID
		red ccefsm.Redundancy
	}{{pg, ccefsm.Duplex}, {pg2, ccefsm.Simplex}} {
		if err := r.AddPeripheral(p.id, p.red); err != nil {
			fail("%v", err)
		}
	}
	for _, a := range []ccefsm.AgentID{11, 12} {
		if err := r.AddAgent(t0, a, pg); err != nil {
			fail("%v", err)
		}
	}
	if err := r.AddAgent(t0, 21, pg2); err != nil {
		fail("%v", err)
	}
	return r
}

// drive applies ops to r from time start (the time of r's latest input) and
// returns the transcript and the time of the latest accepted input.
//
// The operations pick agents, MRDs and peripherals from r's own, as they are
// when drive starts, each list followed by one ID r does not have.
func drive(fail func(format string, args ...any), r *agentstate.Roster, ops []op, start time.Time) ([]string, time.Time) {
	agents := append(r.Agents(nil), unknownAgent)
	var mrds []ccefsm.MRDID
	for _, m := range r.MRDs() {
		mrds = append(mrds, m.ID)
	}
	mrds = append(mrds, unknownMRD)
	periphs := append(r.Peripherals(nil), unknownPeripheral)
	var transcript []string
	now := start
	last, seen := agentstate.LastInput(r)
	var dst []agentstate.Effect
	var err error
	for n, o := range ops {
		now = now.Add(time.Duration(o.Step) * time.Second)
		a, m, p := pick(agents, o.Agent), pick(mrds, o.MRD), pick(periphs, o.Periph)
		side := ccefsm.Side(o.Side)
		var reports []agentstate.Report
		for i := 0; i < int(o.Rep); i++ {
			reports = append(reports, agentstate.Report{Agent: pick(agents, o.Agent+uint8(i)), MRD: m,
				State: agentstate.State(o.State+uint8(i)) % 16, InState: time.Duration(i) * time.Second})
		}
		beforeSnap, snapErr := r.MarshalBinary()
		if snapErr != nil {
			fail("op %d: MarshalBinary: %v", n, snapErr)
		}
		dst = dst[:0]
		switch o.Kind {
		case opApply:
			err = r.Apply(now, a, m, agentstate.Event(o.Event), agentstate.ReasonCode(o.State))
		case opObserve:
			err = r.Observe(now, a, m, agentstate.State(o.State), agentstate.ReasonCode(o.Event))
		case opSideDown:
			dst, err = r.SideDown(dst, now, p, side, agentstate.Cause(o.Cause))
		case opSideUp:
			dst, err = r.SideUp(dst, now, p, side)
		case opPeripheralUp:
			dst, err = r.PeripheralUp(dst, now, p)
		case opReport:
			dst, err = r.ReportStates(dst, now, p, reports)
		case opCTIManagerDown:
			dst, err = r.CTIManagerDown(dst, now, p)
		case opCTIManagerUp:
			dst, err = r.CTIManagerUp(dst, now, p)
		case opFinesseDown:
			dst, err = r.FinesseDown(dst, now, p)
		case opFinesseUp:
			dst, err = r.FinesseUp(dst, now, p)
		case opDesktopDown:
			dst, err = r.DesktopDown(dst, now, a)
		case opDesktopUp:
			dst, err = r.DesktopUp(dst, now, a)
		case opPathDown:
			dst, err = r.CTIPathDown(dst, now, p, m)
		case opPathUp:
			dst, err = r.CTIPathUp(dst, now, p, m, reports)
		case opRemoveAgent:
			err = r.RemoveAgent(now, a)
		case opAddAgent:
			err = r.AddAgent(now, a, p)
		}
		if err != nil {
			transcript = append(transcript, fmt.Sprintf("%d %+v: error %v", n, o, err))
			if len(dst) != 0 {
				fail("op %d %+v: effects %v returned with error %v", n, o, dst, err)
			}
			// The snapshot holds the whole roster: the states the views
			// show, and the clock, the CTI path marks and the tables.
			if afterSnap, _ := r.MarshalBinary(); !bytes.Equal(beforeSnap, afterSnap) {
				var was agentstate.Roster
				_ = was.UnmarshalBinary(beforeSnap)
				rowsB, psB := dumpQuiet(&was)
				rowsA, psA := dumpQuiet(r)
				fail("op %d %+v failed (%v) but changed the roster (-before +after):\n%s%s", n, o, err, cmp.Diff(rowsB, rowsA), cmp.Diff(psB, psA))
			}
			if seen && now.Before(last) && !errors.Is(err, agentstate.ErrTimeBackwards) {
				fail("op %d: time went backwards, error %v", n, err)
			}
			var te *agentstate.TransitionError
			if errors.As(err, &te) {
				if _, err := agentstate.Next(te.Media, te.From, te.Event); err == nil {
					fail("op %d: refused a transition the table has: %v", n, err)
				}
			}
			continue
		}
		if seen && now.Before(last) {
			fail("op %d %+v: accepted an input from the past", n, o)
		}
		last, seen = now, true
		for _, e := range dst {
			transcript = append(transcript, fmt.Sprintf("%d %s", n, e))
			checkEffect(fail, n, e)
		}
		checkInvariants(fail, n, r)
	}
	return transcript, last
}

func checkEffect(fail func(string, ...any), n int, e agentstate.Effect) {
	if !e.Rule.IsValid() {
		fail("op %d: effect without a rule: %+v", n, e)
	}
	switch e.Kind {
	case agentstate.EffectLoggedOut:
		if e.To != agentstate.Logout || e.From == agentstate.Logout || e.Agent == 0 || e.MRD == 0 {
			fail("op %d: bad logout effect %+v", n, e)
		}
		if (e.Reason == agentstate.ReasonConnectionFailure) != (e.Report == ccefsm.RP7) {
			fail("op %d: RP-7 goes with the 50002 logouts: %+v", n, e)
		}
	case agentstate.EffectLoggedIn:
		if (e.Table != ccefsm.AGT1 && e.Table != ccefsm.AGT2) || e.Row < 1 || e.Row > 9 || !e.To.IsValid() {
			fail("op %d: bad login effect %+v", n, e)
		}
		if (e.Table == ccefsm.AGT1) != (e.Rule == ccefsm.AG5) {
			fail("op %d: AG-T1 goes with AG-5, AG-T2 with AG-7: %+v", n, e)
		}
	}
}

// checkInvariants checks the roster's invariants with the roster's own
// check, the one UnmarshalBinary applies to a snapshot: the roster must
// restore from its snapshot, to a roster with the same snapshot, which is
// the same roster. (There is no second, test-only list of invariants to
// drift from the decoder's.)
func checkInvariants(fail func(string, ...any), n int, r *agentstate.Roster) {
	snap, err := r.MarshalBinary()
	if err != nil {
		fail("op %d: MarshalBinary: %v", n, err)
		return
	}
	var restored agentstate.Roster
	if err := restored.UnmarshalBinary(snap); err != nil {
		fail("op %d: the roster's own invariant check refuses the state the inputs reached: %v", n, err)
		return
	}
	if again, _ := restored.MarshalBinary(); !bytes.Equal(snap, again) {
		fail("op %d: the restored roster's snapshot differs", n)
	}
}

// dumpQuiet is dump without a testing.TB.
func dumpQuiet(r *agentstate.Roster) ([]row, []agentstate.PeripheralStatus) {
	var rows []row
	for _, a := range r.Agents(nil) {
		for _, m := range r.MRDs() {
			st, _ := r.Status(a, m.ID)
			rows = append(rows, row{a, m.ID, st})
		}
	}
	var ps []agentstate.PeripheralStatus
	for _, p := range r.Peripherals(nil) {
		st, _ := r.Peripheral(p)
		ps = append(ps, st)
	}
	return rows, ps
}

// TestRosterRapid is the stateful property test: random inputs, invariants
// after every step, nothing changed by a failing input, replay identical.
func TestRosterRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ops := rapid.SliceOfN(opGen, 1, 80).Draw(t, "ops")
		first := run(t.Fatalf, ops)
		second := run(t.Fatalf, ops)
		if diff := cmp.Diff(first, second); diff != "" {
			t.Fatalf("replay differs (-first +second):\n%s", diff)
		}
	})
}

// FuzzAgentRoster is the Go fuzz target of the same driver. The seeds are a
// PG failover, a PIM outage with reports, and an email CTI outage.
func FuzzAgentRoster(f *testing.F) {
	f.Add([]byte{
		opObserve, 0, 0, 0, 3, 0, 0, 0, 2, 0, // agent 11 voice Available
		opSideDown, 0, 0, 0, 0, 1, 2, 0, 2, 0, // side A down by PG
		opSideUp, 0, 0, 0, 0, 1, 0, 0, 2, 0, // side A back
	})
	f.Add([]byte{
		opSideDown, 0, 0, 0, 0, 2, 1, 0, 1, 0,
		opSideDown, 0, 0, 0, 0, 1, 1, 0, 1, 0,
		opSideUp, 0, 0, 0, 0, 1, 0, 0, 1, 0,
		opReport, 0, 0, 0, 4, 0, 0, 0, 1, 2,
	})
	f.Add([]byte{
		opApply, 0, 2, 1, 0, 0, 0, 0, 1, 0, // login to email
		opPathDown, 0, 2, 0, 0, 0, 0, 0, 5, 0,
		opPathUp, 0, 2, 0, 11, 0, 0, 0, 5, 2,
		opFinesseDown, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		opFinesseUp, 0, 0, 0, 0, 0, 0, 0, 255, 0, // time goes backwards
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		// At most 64 inputs a run: each is checked against a snapshot and
		// logged, so long inputs cost much and find little more.
		if len(data) > 640 {
			data = data[:640]
		}
		ops := decodeOps(data)
		first := run(t.Fatalf, ops)
		if diff := cmp.Diff(first, run(t.Fatalf, ops)); diff != "" {
			t.Fatalf("replay differs (-first +second):\n%s", diff)
		}
	})
}
