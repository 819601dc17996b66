package agentstate_test

import (
	"math"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

const (
	pg    ccefsm.PeripheralID = 5000
	pg2   ccefsm.PeripheralID = 6000
	voice ccefsm.MRDID        = 1
	chat  ccefsm.MRDID        = 2
	email ccefsm.MRDID        = 3
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// nanotimeMax is the last instant int64 Unix nanoseconds hold.
var nanotimeMax = time.Unix(0, math.MaxInt64)

// at returns t0 plus sec seconds.
func at(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

var threeMRDs = []ccefsm.MRD{
	ccefsm.NewMRD(voice, ccefsm.MediaVoice),
	ccefsm.NewMRD(chat, ccefsm.MediaChat),
	ccefsm.NewMRD(email, ccefsm.MediaEmail),
}

// newRoster returns a roster with the three MRDs, duplex peripheral pg and
// simplex peripheral pg2, and the given agents on pg.
func newRoster(t testing.TB, cfg agentstate.Config, agents ...ccefsm.AgentID) *agentstate.Roster {
	t.Helper()
	if cfg.MRDs == nil {
		cfg.MRDs = threeMRDs
	}
	r, err := agentstate.NewRoster(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.AddPeripheral(pg, ccefsm.Duplex); err != nil {
		t.Fatal(err)
	}
	if err := r.AddPeripheral(pg2, ccefsm.Simplex); err != nil {
		t.Fatal(err)
	}
	for _, a := range agents {
		if err := r.AddAgent(t0, a, pg); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// put drives agent a in MRD m through the observed states, one second apart
// starting at sec; it returns the next free second.
func put(t testing.TB, r *agentstate.Roster, a ccefsm.AgentID, m ccefsm.MRDID, sec int, states ...agentstate.State) int {
	t.Helper()
	for _, s := range states {
		var reason agentstate.ReasonCode
		if s == agentstate.NotReady {
			reason = 7
		}
		if err := r.Observe(at(sec), a, m, s, reason); err != nil {
			t.Fatal(err)
		}
		sec++
	}
	return sec
}

// row is one agent/MRD line of a roster dump.
type row struct {
	Agent ccefsm.AgentID
	MRD   ccefsm.MRDID
	agentstate.Status
}

// dump returns every agent's status in every MRD, and every peripheral.
func dump(t testing.TB, r *agentstate.Roster) ([]row, []agentstate.PeripheralStatus) {
	t.Helper()
	var rows []row
	for _, a := range r.Agents(nil) {
		for _, m := range r.MRDs() {
			st, err := r.Status(a, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, row{a, m.ID, st})
		}
	}
	var ps []agentstate.PeripheralStatus
	for _, p := range []ccefsm.PeripheralID{pg, pg2} {
		if st, err := r.Peripheral(p); err == nil {
			ps = append(ps, st)
		}
	}
	return rows, ps
}

func state(t testing.TB, r *agentstate.Roster, a ccefsm.AgentID, m ccefsm.MRDID) agentstate.State {
	t.Helper()
	s, err := r.State(a, m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fixedTasks implements agentstate.Tasks from a map.
type fixedTasks map[[2]uint32]agentstate.State

func (f fixedTasks) TaskState(a ccefsm.AgentID, m ccefsm.MRDID) (agentstate.State, bool) {
	s, ok := f[[2]uint32{uint32(a), uint32(m)}]
	return s, ok
}

// stamped returns the effects with At set to now, the instant of the input
// that produces them.
func stamped(now time.Time, effects ...agentstate.Effect) []agentstate.Effect {
	for i := range effects {
		effects[i].At = now
	}
	return effects
}
