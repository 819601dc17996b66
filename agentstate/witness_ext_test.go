package agentstate_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/ccefsm/ccefsm/agentstate"
)

// witnessOf checks that the accepted snapshot snap of r has a witness (a
// roster built by public inputs alone with the same snapshot: the state is
// reachable) and returns it; nil when r is beyond the witness's
// reconstruction (a slot that went through a failover; see rosterWitness).
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
	t.Logf("%d rosters witnessed, %d beyond the witness (a failover in a slot's flags)", witnessed, limited)
}
