package failover

import (
	"flag"
	"maps"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// smallTopology is the small scope of the exhaustive check: one duplex
// Central Controller; one duplex Agent PG with one peripheral; a simplex
// CTI Manager for the peripheral; one duplex MR PG; one application serving
// a chat MRD with a short task life through the PG and the MR PG; a duplex
// Finesse pair on the PG; two agents.
func smallTopology() Topology {
	chatMRD := ccefsm.NewMRD(chat, ccefsm.MediaChat)
	chatMRD.TaskLife = 3 * time.Minute
	return Topology{
		CentralController: ccefsm.Duplex,
		MRDs:              []ccefsm.MRD{ccefsm.NewMRD(voice, ccefsm.MediaVoice), chatMRD},
		AgentPGs:          []AgentPGConfig{{ID: pg1, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{per5000}}},
		CTIManagers:       []CTIManagerConfig{{ID: cm1, Peripherals: []ccefsm.PeripheralID{per5000}}},
		MRPGs:             []MRPGConfig{{ID: mrpg2, Redundancy: ccefsm.Duplex}},
		Applications:      []ApplicationConfig{{ID: app7, MRDs: []ccefsm.MRDID{chat}, AgentPG: pg1, MRPG: mrpg2}},
		Finesse:           []FinesseConfig{{ID: fin1, Redundancy: ccefsm.Duplex, AgentPG: pg1}},
		Agents:            []AgentConfig{{ID: alice, Peripheral: per5000}, {ID: bob, Peripheral: per5000}},
	}
}

// smallElements are the elements the exhaustive check toggles: every
// element kind, once, and both sides of the Central Controller and of the
// Agent PG. Of the pairs that have a component and links on each side (the
// Agent PG's PIM, CTI server and links, the MR PG and its MR PIM and link,
// Finesse and its link) the check toggles the component on side A and the
// others on side B, so that one input alone is a takeover and two of them
// together take the path down.
var smallElements = []Element{
	ccA, ccB, pgA, pgB,
	{Kind: PIM, ID: uint32(per5000), Side: ccefsm.SideB},
	{Kind: LinkPIMACD, ID: uint32(per5000), Side: ccefsm.SideB},
	{Kind: ACD, ID: uint32(per5000)},
	{Kind: CTIServer, ID: pg1, Side: ccefsm.SideB},
	{Kind: LinkPGController, ID: pg1, Side: ccefsm.SideB},
	{Kind: CTIManager, ID: cm1, Side: ccefsm.SideA},
	{Kind: MRPG, ID: mrpg2, Side: ccefsm.SideA},
	{Kind: MRPIM, ID: mrpg2, Side: ccefsm.SideB},
	{Kind: LinkMRPIMController, ID: mrpg2, Side: ccefsm.SideB},
	appEl, appCTI, appMRPG,
	{Kind: Finesse, ID: fin1, Side: ccefsm.SideA},
	{Kind: LinkFinesseCTIServer, ID: fin1, Side: ccefsm.SideB},
	{Kind: Desktop, ID: uint32(alice)},
	{Kind: LinkDesktopFinesse, ID: uint32(alice)},
}

// TestExhaustiveSmallScope walks every sequence of up to exhaustiveDepth
// inputs on the small topology, each one minute after the previous. An
// input is one of the 20 elements of smallElements, taken down if it is up
// and up if it is down, or the Central Controller's answer to NEW_TASK
// request 1 (refused once the request is answered, or while it is held):
// 21 inputs a step. Before the walk two agents are logged in (alice to voice
// and chat, Ready; bob to chat), bob has one open chat task, and request 1
// is pending. After every step it checks the invariants of the storm test
// against the test's model of the elements (the decoder's own check,
// conservation, each request answered at most once along the sequence, no
// voice routing through an offline peripheral, no interval a peripheral
// outage touched complete, no task past its task life while its CTI path
// is down, routing enabled only when every cause cleared), and that a
// refused answer added no routing effect. The walk is depth-first; each
// node restores its parent from a snapshot.
//
// Sizes and times, measured on the development machine (2 cores shared
// with other jobs, load average about 10, Go 1.26; wall clock and CPU user
// time), with
//
//	go test -c -o /tmp/fo.test ./failover
//	/tmp/fo.test -test.run TestExhaustiveSmallScope -exhaustive.depth N -test.v
//
//	depth  sequences      steps checked  wall clock   CPU user
//	3            9,261          9,723       2.4 s       0.8 s
//	4          194,481        204,204      29.8 s      15.1 s
//	5        4,084,101      4,288,305     549.3 s     264.5 s
//	6       85,766,121     90,054,426    not run: about 93 min of CPU
//	                                      (62 µs a step, as at depth 5)
//
// and under -race (go test -race -c) depth 3 takes 6.1 s. About two
// thirds of a step is restoring the parent's snapshot. The default depth
// is 4, or 3 under -race or -short (CI runs the suite under -race), so
// that the suite stays within CI's budget; deeper walks are run by hand
// with -exhaustive.depth.
func TestExhaustiveSmallScope(t *testing.T) {
	depth := *exhaustiveDepth
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "exhaustive.depth" })
	if !set && (testing.Short() || raceEnabled) {
		depth = 3
	}
	top := smallTopology()
	base, err := New(Config{Topology: top, Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	var l Log
	for _, in := range exhaustiveSetup {
		if err := base.Apply(&l, in); err != nil {
			t.Fatal(err)
		}
	}
	root, err := base.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	c := &checker{answered: map[[2]uint64]int{}, created: 1}
	var sequences, steps, refused int
	e := new(Engine)
	inputs := len(smallElements) + 1
	var walk func(snap []byte, m *model, d int)
	walk = func(snap []byte, m *model, d int) {
		if d == depth {
			sequences++
			return
		}
		answered := maps.Clone(c.answered)
		for k := 0; k < inputs; k++ {
			if err := e.UnmarshalBinary(snap); err != nil {
				t.Fatal(err)
			}
			var in Input
			if k < len(smallElements) {
				el := smallElements[k]
				in = Input{Op: OpDown, At: e.Now().Add(time.Minute), Element: el}
				if m.down[el] {
					in.Op = OpUp
				}
			} else {
				in = Input{Op: OpResponse, At: e.Now().Add(time.Minute), App: app7, Request: 1, Outcome: routing.OutcomeRouted}
			}
			l.Reset()
			mm := m.clone()
			if err := e.Apply(&l, in); err != nil {
				if in.Op != OpResponse {
					t.Fatalf("%v %v: %v", in.Op, in.Element, err)
				}
				refused++
				for i := 0; i < l.Len(); i++ {
					if l.Source(i) == SourceRouting {
						t.Fatalf("refused response left a routing effect: %v", l.At(i))
					}
				}
			} else {
				mm.apply(in)
			}
			steps++
			c.check(t, e, &l, mm)
			if t.Failed() {
				t.Fatalf("after %v %v at depth %d", in.Op, in.Element, d+1)
			}
			next, err := e.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			walk(next, mm, d+1)
			c.answered = maps.Clone(answered)
		}
	}
	walk(root, newModel(top), 0)
	t.Logf("%d sequences of %d inputs out of %d, %d steps checked (%d refused answers)", sequences, depth, inputs, steps, refused)
}

// exhaustiveSetup are the inputs the exhaustive check starts from: alice
// logged in to voice and chat, Ready in both; bob logged in to chat, with
// task 1 open; NEW_TASK request 1 pending.
var exhaustiveSetup = []Input{
	{Op: OpAgentRequest, At: t0, Agent: alice, MRD: voice, Event: agentstate.EventLogin},
	{Op: OpAgentRequest, At: t0, Agent: alice, MRD: voice, Event: agentstate.EventReady},
	{Op: OpAgentRequest, At: t0, Agent: alice, MRD: chat, Event: agentstate.EventLogin},
	{Op: OpAgentRequest, At: t0, Agent: alice, MRD: chat, Event: agentstate.EventReady},
	{Op: OpAgentRequest, At: t0, Agent: bob, MRD: chat, Event: agentstate.EventLogin},
	{Op: OpCreateTask, At: t0, Task: 1, App: app7, MRD: chat, Agent: bob, TaskState: taskstate.StateActive},
	{Op: OpSendRequest, At: t0, App: app7, Request: 1, MRD: chat},
}

// exhaustiveDepth is the length of the input sequences the exhaustive
// check walks (see TestExhaustiveSmallScope for what each depth costs).
var exhaustiveDepth = flag.Int("exhaustive.depth", 4, "length of the input sequences TestExhaustiveSmallScope walks")
