package failover

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// snapSeeds are input sequences whose engines seed FuzzSnapshot: a fresh
// engine, engines in the middle of overlapping outages with tasks,
// requests, a desktop down and cached records, and one with calls split
// across PG failovers.
var snapSeeds = [][]Input{
	nil,
	{
		{Op: OpAgentRequest, At: at(0, 0), Agent: alice, MRD: chat, Event: agentstate.EventLogin},
		{Op: OpAgentRequest, At: at(0, 0), Agent: alice, MRD: chat, Event: agentstate.EventReady},
		{Op: OpCreateTask, At: at(0, 1), Task: 1, App: app7, MRD: chat, Agent: alice, TaskState: taskstate.StateActive},
		{Op: OpCreateTask, At: at(0, 2), Task: 2, App: app7, MRD: chat, Agent: alice, TaskState: taskstate.StatePreCall},
		{Op: OpSendRequest, At: at(1, 0), App: app7, Request: 1, MRD: chat},
		{Op: OpDown, At: at(2, 0), Element: Element{Kind: CentralController, Side: ccefsm.SideA}},
		{Op: OpDown, At: at(2, 0), Element: Element{Kind: CentralController, Side: ccefsm.SideB}},
		{Op: OpTask, At: at(3, 0), TaskOp: TaskEnd, Task: 1},
		{Op: OpDown, At: at(4, 0), Element: Element{Kind: LinkAppCTIServer, ID: uint32(app7)}},
		{Op: OpDown, At: at(5, 0), Element: Element{Kind: Desktop, ID: uint32(bob)}},
		{Op: OpDown, At: at(6, 0), Element: Element{Kind: PIM, ID: uint32(per5000), Side: ccefsm.SideA}},
	},
	{
		{Op: OpDown, At: at(1, 0), Element: Element{Kind: PIM, ID: uint32(per5000), Side: ccefsm.SideA}},
		{Op: OpDown, At: at(1, 0), Element: Element{Kind: PIM, ID: uint32(per5000), Side: ccefsm.SideB}},
		{Op: OpUp, At: at(45, 0), Element: Element{Kind: PIM, ID: uint32(per5000), Side: ccefsm.SideB}},
		{Op: OpDown, At: at(50, 0), Element: Element{Kind: AgentPG, ID: pg1, Side: ccefsm.SideA}},
		{Op: OpDown, At: at(50, 0), Element: Element{Kind: AgentPG, ID: pg1, Side: ccefsm.SideB}},
		{Op: OpUp, At: at(70, 0), Element: Element{Kind: AgentPG, ID: pg1, Side: ccefsm.SideA}},
	},
	{ // under the settings of snapSeedSettings[3]
		{Op: OpDown, At: at(1, 0), Element: Element{Kind: LinkAppCTIServer, ID: uint32(app7)}},
		{Op: OpAgentRequest, At: at(2, 0), Agent: carl, MRD: chat, Event: agentstate.EventLogin},
		{Op: OpAgentRequest, At: at(2, 0), Agent: alice, MRD: chat, Event: agentstate.EventLogin},
		{Op: OpCreateTask, At: at(3, 0), Task: 1, App: app7, MRD: chat, Agent: alice, TaskState: taskstate.StateActive},
		{Op: OpDown, At: at(4, 0), Element: Element{Kind: Finesse, ID: fin1, Side: ccefsm.SideA}},
		{Op: OpDown, At: at(5, 0), Element: Element{Kind: CTIManager, ID: cm1, Side: ccefsm.SideA}},
		{Op: OpUp, At: at(6, 0), Element: Element{Kind: CTIManager, ID: cm1, Side: ccefsm.SideA}},
	},
	splitSeed, // calls split across PG failovers (RP-9)
}

// snapSeedSettings are the settings (fuzzConfig's bytes) of the seeds
// that do not run under the defaults, by their index in snapSeeds: every
// override of an inferred choice, with unheard requests (NoPathDownRefusal)
// and a home-only Finesse pair down.
var snapSeedSettings = map[int][]byte{3: {0b10_10_01_10, 0b011_01_111}}

// snapProbes are inputs, relative to the engine's clock, that a restored
// engine must accept and refuse exactly like the engine it came from.
var snapProbes = []Input{
	{Op: OpTask, At: time.Unix(60, 0), TaskOp: TaskEnd, Task: 1},
	{Op: OpTask, At: time.Unix(60, 0), TaskOp: TaskStart, Task: 2},
	{Op: OpCreateTask, At: time.Unix(90, 0), Task: 9, App: app7, MRD: chat, Agent: alice, TaskState: taskstate.StateOffered},
	{Op: OpAgentRequest, At: time.Unix(100, 0), Agent: carl, MRD: chat, Event: agentstate.EventLogin},
	{Op: OpUp, At: time.Unix(120, 0), Element: Element{Kind: CentralController, Side: ccefsm.SideB}},
	{Op: OpResponse, At: time.Unix(130, 0), App: app7, Request: 1, Outcome: routing.Outcome(1)},
	{Op: OpUp, At: time.Unix(140, 0), Element: Element{Kind: LinkAppCTIServer, ID: uint32(app7)}},
	{Op: OpAdvance, At: time.Unix(7200, 0)},
	{Op: OpDown, At: time.Unix(60, 0), Element: Element{Kind: Desktop, ID: uint32(alice)}}, // backwards by then
}

func buildSeed(t testing.TB, i int) *Engine {
	ins := snapSeeds[i]
	e, err := New(fuzzConfig(snapSeedSettings[i]))
	if err != nil {
		t.Fatal(err)
	}
	var l Log
	for _, in := range ins {
		if err := e.Apply(&l, in); err != nil {
			t.Fatalf("seed %v: %v", in.Op, err)
		}
	}
	return e
}

// probe applies snapProbes to e, each at its offset from e's clock when
// probing began, and returns the outcome of each (nil or the error's text)
// and the final snapshot.
func probe(t *testing.T, e *Engine) ([]string, []byte) {
	base := e.Now()
	var out []string
	var l Log
	for _, in := range snapProbes {
		in.At = base.Add(time.Duration(in.At.Unix()) * time.Second)
		l.Reset()
		if err := e.Apply(&l, in); err != nil {
			out = append(out, err.Error())
			continue
		}
		if field, why := e.verify(); why != "" {
			t.Fatalf("after %v: %s: %s", in.Op, field, why)
		}
		out = append(out, logText(&l))
	}
	b, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return out, b
}

// logText is the log's effects, one line each.
func logText(l *Log) string {
	var b bytes.Buffer
	for _, ef := range l.All() {
		b.WriteString(ef.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// FuzzSnapshot feeds arbitrary bytes to the decoder. It never panics; a
// refusal is a corrupt-snapshot error; every accepted snapshot re-marshals
// to the same bytes and behaves deterministically; and a snapshot of a real
// engine (a seed) accepts and refuses the probe inputs exactly like that
// engine, effect for effect, ending in the same bytes.
func FuzzSnapshot(f *testing.F) {
	origin := map[string]int{}
	for i := range snapSeeds {
		b, err := buildSeed(f, i).MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		origin[string(b)] = i
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var e Engine
		err := e.UnmarshalBinary(data)
		if err != nil {
			if !errors.Is(err, ccefsm.ErrCorruptSnapshot) || !errors.Is(err, ErrCorruptSnapshot) {
				t.Fatalf("refusal %v is not a corrupt snapshot", err)
			}
			if e.top.t != nil {
				t.Fatal("a refused snapshot changed the engine")
			}
			return
		}
		again, err := e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, data) {
			t.Fatal("an accepted snapshot re-marshals to other bytes")
		}
		var twin Engine
		if err := twin.UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
		got, gotB := probe(t, &e)
		twinOut, twinB := probe(t, &twin)
		if !slices.Equal(got, twinOut) || !bytes.Equal(gotB, twinB) {
			t.Fatal("two engines restored from the same bytes diverge")
		}
		i, ok := origin[string(data)]
		if !ok {
			return
		}
		want, wantB := probe(t, buildSeed(t, i))
		for k := range want {
			if got[k] != want[k] {
				t.Fatalf("seed %d, probe %d (%v): restored %q, original %q", i, k, snapProbes[k].Op, got[k], want[k])
			}
		}
		if !bytes.Equal(gotB, wantB) {
			t.Fatalf("seed %d: the restored engine ends in other bytes than the original", i)
		}
	})
}

// The probes both accept and refuse inputs on every seed, so that
// FuzzSnapshot's comparison with the original says something.
func TestSnapshotProbesDiscriminate(t *testing.T) {
	for i := range snapSeeds {
		out, _ := probe(t, buildSeed(t, i))
		refused := 0
		for _, o := range out {
			if len(o) > 16 && o[:16] == "failover: input " {
				refused++
			}
		}
		if refused == 0 || refused == len(out) {
			t.Errorf("seed %d: %d of %d probes refused:\n%q", i, refused, len(out), out)
		}
	}
}
