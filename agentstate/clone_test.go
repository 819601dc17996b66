package agentstate_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/clonecheck"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// rosterShared lists what a clone shares with its roster: the MRDs and the
// failover tables, which no method writes, and the caller's Tasks (see
// Roster.Clone).
var rosterShared = []string{"mrds", "cfg.MRDs", "cfg.Tasks", "pg", "fin"}

func mustSnap(t interface{ Fatalf(string, ...any) }, r *agentstate.Roster) []byte {
	b, err := r.MarshalBinary()
	if err != nil {
		t.Fatalf("MarshalBinary: %v", err)
	}
	return b
}

// TestCloneRapid: a clone of a roster that random inputs built has the
// roster's snapshot and shares nothing mutable with it; the same random
// inputs to both give the same transcript (effects and errors) and
// snapshots; inputs to the clone alone leave the roster's snapshot as it
// was, and inputs to the roster alone leave the clone's.
func TestCloneRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := newModelRoster(t.Fatalf)
		_, last := drive(t.Fatalf, r, rapid.SliceOfN(opGen, 0, 60).Draw(t, "history"), t0)
		c := r.Clone()
		if !bytes.Equal(mustSnap(t, r), mustSnap(t, c)) {
			t.Fatalf("the clone's snapshot differs from the roster's")
		}
		if shared := clonecheck.Shared(r, c, rosterShared...); len(shared) != 0 {
			t.Fatalf("the clone shares memory with the roster: %q", shared)
		}

		both := rapid.SliceOfN(opGen, 0, 40).Draw(t, "both")
		tr, lastR := drive(t.Fatalf, r, both, last)
		tc, lastC := drive(t.Fatalf, c, both, last)
		if diff := cmp.Diff(tr, tc); diff != "" {
			t.Fatalf("the same inputs give other effects on the clone (-roster +clone):\n%s", diff)
		}
		if !lastR.Equal(lastC) || !bytes.Equal(mustSnap(t, r), mustSnap(t, c)) {
			t.Fatalf("the same inputs leave the clone with another snapshot")
		}

		before := mustSnap(t, r)
		drive(t.Fatalf, c, rapid.SliceOfN(opGen, 1, 40).Draw(t, "clone only"), lastC)
		if !bytes.Equal(before, mustSnap(t, r)) {
			t.Fatalf("inputs to the clone changed the roster")
		}
		before = mustSnap(t, c)
		drive(t.Fatalf, r, rapid.SliceOfN(opGen, 1, 40).Draw(t, "roster only"), lastR)
		if !bytes.Equal(before, mustSnap(t, c)) {
			t.Fatalf("inputs to the roster changed the clone")
		}
	})
}

// TestCloneTasks: the clone keeps the roster's Tasks (AG-T1 row 8 rebuilds
// chat from them), and SetTasks gives a clone, or a roster restored into a
// zero Roster, a view of its own.
func TestCloneTasks(t *testing.T) {
	tasks := fixedTasks{{11, uint32(chat)}: agentstate.WorkReady}
	r := newRoster(t, agentstate.Config{Tasks: tasks}, 11)
	put(t, r, 11, chat, 1, agentstate.Active)
	pgDown := func(r *agentstate.Roster) agentstate.State {
		t.Helper()
		if _, err := r.SideDown(nil, at(100), pg, ccefsm.SideA, agentstate.CausePG); err != nil {
			t.Fatal(err)
		}
		return state(t, r, 11, chat)
	}
	kept, reset := r.Clone(), r.Clone()
	reset.SetTasks(nil)
	var restored agentstate.Roster
	if err := restored.UnmarshalBinary(mustSnap(t, r)); err != nil {
		t.Fatal(err)
	}
	restored.SetTasks(tasks)
	for _, tc := range []struct {
		name string
		r    *agentstate.Roster
		want agentstate.State
	}{
		{"roster", r, agentstate.WorkReady},
		{"clone", kept, agentstate.WorkReady},
		{"clone after SetTasks(nil)", reset, agentstate.NotReady},
		{"restored after SetTasks", &restored, agentstate.WorkReady},
	} {
		if got := pgDown(tc.r); got != tc.want {
			t.Errorf("%s: chat after the PG takeover = %v, want %v (AG-T1 row 8)", tc.name, got, tc.want)
		}
	}
}

// TestCloneZero: the zero Roster clones to a zero Roster, which restores a
// snapshot like any other.
func TestCloneZero(t *testing.T) {
	var zero agentstate.Roster
	c := zero.Clone()
	if err := c.UnmarshalBinary(mustSnap(t, newModelRoster(t.Fatalf))); err != nil {
		t.Fatal(err)
	}
	if c.Len() != 3 || zero.Len() != 0 {
		t.Fatalf("restoring into the clone of the zero Roster: %d agents, the zero Roster %d", c.Len(), zero.Len())
	}
}

// TestCloneShape fails when a field is added to the roster, or to a type
// it holds, so that Roster.Clone is checked against it: a slice, map or
// pointer field needs its own copy in Clone (or a line in rosterShared
// saying why sharing it is safe). Update Clone first, then this list.
func TestCloneShape(t *testing.T) {
	want := []string{
		"Roster.cfg agentstate.Config",
		"Roster.pg *agentstate.Table",
		"Roster.fin *agentstate.Table",
		"Roster.mrds []ccefsm.MRD",
		"Roster.voice int",
		"Roster.periph []agentstate.peripheral",
		"Roster.pidx map[ccefsm.PeripheralID]int32",
		"Roster.last int64",
		"Roster.seen bool",
		"Roster.ids []ccefsm.AgentID",
		"Roster.home []uint16",
		"Roster.index map[ccefsm.AgentID]int32",
		"Roster.indexCap int",
		"Roster.since []int64",
		"Roster.reason []agentstate.ReasonCode",
		"Roster.state []agentstate.State",
		"Roster.before []agentstate.State",
		"Roster.flag []uint16",
		"Config.MRDs []ccefsm.MRD",
		"Config.PreferredSide ccefsm.Side",
		"Config.NoAutoRelogin bool",
		"Config.CTIManagerAllMRDs bool",
		"Config.PGTable *agentstate.Table",
		"Config.DesktopTable *agentstate.Table",
		"Config.Tasks agentstate.Tasks",
		"Table.id ccefsm.RuleID",
		"Table.rows [8]agentstate.Row",
		"Table.pick [15][15]uint8",
		"Table.fast [15][15]agentstate.fastRow",
		"Row.Table ccefsm.RuleID",
		"Row.N int",
		"Row.Before agentstate.StateSet",
		"Row.BeforeCall agentstate.StateSet",
		"Row.After agentstate.Outcome",
		"Row.Report ccefsm.RuleID",
		"Row.Provenance ccefsm.Provenance",
		"Row.Source string",
		"Row.Note string",
		"Outcome.Kind agentstate.OutcomeKind",
		"Outcome.State agentstate.State",
		"fastRow.n uint8",
		"fastRow.to agentstate.State",
		"fastRow.report ccefsm.RuleID",
		"peripheral.id ccefsm.PeripheralID",
		"peripheral.duplex bool",
		"peripheral.up [3]bool",
		"peripheral.active ccefsm.Side",
		"peripheral.ctiManagerDown bool",
		"peripheral.finesseDown bool",
		"peripheral.pathDown uint16",
		"peripheral.agents int32",
	}
	if diff := cmp.Diff(want, clonecheck.Shape(&agentstate.Roster{})); diff != "" {
		t.Fatalf("the fields of Roster changed (-want +got): check Roster.Clone against them, then update this list:\n%s", diff)
	}
}

// sink keeps the benchmarks' clones on the heap, as a caller's would be.
var sink *agentstate.Roster

// BenchmarkClone compares Clone with a snapshot round trip (the copy a
// caller had to take before Clone) and with UnmarshalBinary alone, for a
// roster of n agents in three MRDs.
func BenchmarkClone(b *testing.B) {
	for _, n := range []int{2, 1000} {
		r, err := agentstate.NewRoster(agentstate.Config{MRDs: threeMRDs})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.AddPeripheral(pg, ccefsm.Duplex); err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if err := r.AddAgent(t0, ccefsm.AgentID(1000+i), pg); err != nil {
				b.Fatal(err)
			}
		}
		snap := mustSnap(b, r)
		b.Run(fmt.Sprintf("agents=%d/Clone", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = r.Clone()
			}
		})
		b.Run(fmt.Sprintf("agents=%d/UnmarshalBinary", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var c agentstate.Roster
				if err := c.UnmarshalBinary(snap); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("agents=%d/MarshalUnmarshal", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var c agentstate.Roster
				if err := c.UnmarshalBinary(mustSnap(b, r)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// What if the duplex PG's side A failed now? Ask a clone; the roster
// itself is untouched.
func ExampleRoster_Clone() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r, _ := agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice)}})
	_ = r.AddPeripheral(5000, ccefsm.Duplex)
	_ = r.AddAgent(now, 11, 5000)
	_ = r.Observe(now, 11, 1, agentstate.Available, agentstate.ReasonNone)

	whatIf := r.Clone()
	effects, _ := whatIf.SideDown(nil, now.Add(time.Second), 5000, ccefsm.SideA, agentstate.CausePG)
	for _, e := range effects {
		fmt.Println(e)
	}
	st, _ := r.State(11, 1)
	p, _ := r.Peripheral(5000)
	fmt.Println("the roster:", st, "active side", p.Active)
	// Output:
	// AG-3 peripheral 5000: side A down
	// AG-1 peripheral 5000: offline (side A lost) [reports: RP-1]
	// AG-4 agent 11 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]
	// AG-3 peripheral 5000: online, side B active
	// AG-5 agent 11 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1
	// the roster: AVAILABLE active side A
}
