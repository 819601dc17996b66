package agentstate_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// must fails t on an input's error.
func must(t testing.TB) func([]agentstate.Effect, error) {
	return func(_ []agentstate.Effect, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// endedFailovers returns a roster after failovers that have ended: a PG
// failover with AG-5 relogin and a desktop failover with AG-7.
func endedFailovers(t testing.TB) *agentstate.Roster {
	r := newRoster(t, agentstate.Config{}, 11, 12)
	put(t, r, 11, voice, 1, agentstate.Available, agentstate.Talking)
	put(t, r, 11, chat, 3, agentstate.Active)
	put(t, r, 12, voice, 4, agentstate.NotReady)
	must(t)(r.SideDown(nil, at(10), pg, ccefsm.SideA, agentstate.CausePG)) // AG-4, AG-3, AG-5
	must(t)(r.DesktopDown(nil, at(11), 12))                                // AG-6
	must(t)(r.DesktopUp(nil, at(12), 12))                                  // AG-7
	put(t, r, 11, chat, 13, agentstate.Paused)
	return r
}

// desktopPending is endedFailovers with agent 11's desktop down (AG-6).
func desktopPending(t testing.TB) *agentstate.Roster {
	r := endedFailovers(t)
	must(t)(r.DesktopDown(nil, at(20), 11))
	return r
}

// pgPending is endedFailovers with the PG down on both sides (AG-4).
func pgPending(t testing.TB) *agentstate.Roster {
	r := endedFailovers(t)
	must(t)(r.SideDown(nil, at(20), pg, ccefsm.SideB, agentstate.CausePG))
	return r
}

// witnessOf checks that the accepted snapshot snap of r has a witness (a
// roster built by public inputs alone with the same snapshot: the state is
// reachable) and returns it; nil when r is beyond the witness's
// reconstruction (a pending failover or a recreated mark; see rosterWitness).
func witnessOf(t *testing.T, r *agentstate.Roster, snap []byte) *agentstate.Roster {
	t.Helper()
	w, err := agentstate.Witness(r)
	if errors.Is(err, agentstate.ErrWitnessLimit) {
		return nil
	}
	if err != nil {
		t.Fatalf("accepted snapshot has no witness: %v", err)
	}
	got, err := w.MarshalBinary()
	if err != nil || !bytes.Equal(got, snap) {
		t.Fatalf("accepted snapshot has no witness: the witness's snapshot differs (%v)\nwant %x\n got %x", err, snap, got)
	}
	return w
}

// TestRosterWitness: every roster that random inputs build has a witness,
// or is beyond the witness's reconstruction. The share is logged.
func TestRosterWitness(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	runs := 400
	if testing.Short() {
		runs = 80
	}
	witnessed, limited := 0, 0
	for range runs {
		data := make([]byte, 10*rng.IntN(12))
		for i := range data {
			data[i] = byte(rng.UintN(256))
		}
		r := newModelRoster(t.Fatalf)
		drive(t.Fatalf, r, decodeOps(data), t0)
		snap, err := r.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if witnessOf(t, r, snap) == nil {
			limited++
			continue
		}
		witnessed++
	}
	for _, r := range []*agentstate.Roster{newRoster(t, agentstate.Config{}), newRoster(t, agentstate.Config{}, 11, 12)} {
		snap, _ := r.MarshalBinary()
		if witnessOf(t, r, snap) == nil {
			t.Error("a roster with no failover is beyond the witness")
		}
	}
	if witnessed == 0 {
		t.Error("no roster witnessed")
	}
	// Failovers that have ended (their held state stays in the flags) are
	// witnessed, and so is a desktop failover pending; a pending failover
	// of a peripheral is beyond the witness.
	for _, tt := range []struct {
		name  string
		r     *agentstate.Roster
		limit bool
	}{
		{"AG-5, AG-7: failovers that have ended", endedFailovers(t), false},
		{"AG-6: a desktop failover pending", desktopPending(t), false},
		{"AG-4: a PG failover pending", pgPending(t), true},
	} {
		snap, _ := tt.r.MarshalBinary()
		if got := witnessOf(t, tt.r, snap) == nil; got != tt.limit {
			t.Errorf("%s: beyond the witness = %v, want %v", tt.name, got, tt.limit)
		}
	}
	t.Logf("%d rosters witnessed, %d beyond the witness (a pending failover or a recreated mark)", witnessed, limited)
}
