package failover

import (
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// twoPGTopology is the reference topology plus Agent PG 2 with peripheral
// 6000, agent 2001 on it, and application 8 on PG 2 serving MRD 4 (chat).
func twoPGTopology() Topology {
	t := refTopology(ccefsm.Duplex)
	t.MRDs = append(t.MRDs, ccefsm.NewMRD(4, ccefsm.MediaChat))
	t.AgentPGs = append(t.AgentPGs, AgentPGConfig{ID: 2, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{6000}})
	t.Applications = append(t.Applications, ApplicationConfig{ID: 8, MRDs: []ccefsm.MRDID{4}, AgentPG: 2, MRPG: mrpg2})
	t.Agents = append(t.Agents, AgentConfig{ID: 2001, Peripheral: 6000})
	return t
}

// Routable agrees with CreateTask: the audit's probe had an agent on PG 2
// logged in and ready in a chat MRD served by PG 1's application; Routable
// answered true (RT-8 ok) while CreateTask to that agent was refused with
// ErrUnknownElement. For every agent and non-voice MRD, an agent
// CreateTask refuses for topology reasons is not routable, with RT-8 and
// a reason; one it accepts is routable when ready and idle.
func TestRoutableAgreesWithCreateTask(t *testing.T) {
	top := twoPGTopology()
	r := newRig(t, top)
	apps := map[ccefsm.MRDID]ccefsm.AppID{chat: app7, email: app7, 4: 8}
	var agents []ccefsm.AgentID
	for _, a := range top.Agents {
		agents = append(agents, a.ID)
		for m := range apps {
			r.agent(at(0, 0), a.ID, m, agentstate.EventLogin, agentstate.EventReady)
		}
	}
	id := ccefsm.TaskID(100)
	checked := map[bool]int{}
	for _, a := range agents {
		for m, app := range apps {
			ok, rule, reason, err := r.e.Routable(a, m)
			if err != nil {
				t.Fatal(err)
			}
			id++
			var l Log
			cerr := r.e.CreateTask(&l, at(1, 0), taskstate.NewTask{ID: id, App: app, MRD: m, Agent: a, State: taskstate.StateOffered})
			refused := errors.Is(cerr, ErrUnknownElement)
			if cerr != nil && !refused {
				t.Fatalf("agent %d MRD %d: CreateTask: %v", a, m, cerr)
			}
			if refused && (ok || rule != ccefsm.RT8 || reason != routing.ReasonNotLoggedIn) {
				t.Errorf("agent %d MRD %d: CreateTask refused (%v) but Routable = %v %v %v", a, m, cerr, ok, rule, reason)
			}
			if !refused && !ok {
				t.Errorf("agent %d MRD %d: CreateTask accepted but Routable = %v %v %v", a, m, ok, rule, reason)
			}
			if !refused {
				// Leave the agent idle for the next MRD.
				l.Reset()
				must(t, r.e.Task(&l, at(1, 0), TaskEnd, id, 0, 0))
			}
			checked[refused]++
		}
	}
	if checked[true] == 0 || checked[false] == 0 {
		t.Fatalf("refused/accepted: %v; the test does not discriminate", checked)
	}
}

// While application 7 cannot reach PG 1's CTI server, a chat request of
// an agent on PG 1 is refused with ErrPathDown (the CTI server cannot
// hear it, AG-8's inferred refusal), and one of agent 2001 on PG 2 is
// applied: its CTI server is PG 2's, whose path the outage does not
// touch. (The audit found the engine refusing both.)
func TestPathDownRefusalIsPerPG(t *testing.T) {
	r := newRig(t, twoPGTopology())
	r.down(at(1, 0), appCTI)
	refuseUnchanged(t, r.e, Input{Op: OpAgentRequest, At: at(2, 0), Agent: alice, MRD: chat, Event: agentstate.EventLogin}, ErrPathDown)
	r.do(Input{Op: OpAgentRequest, At: at(2, 0), Agent: 2001, MRD: chat, Event: agentstate.EventLogin})
	if st, err := r.e.Roster().State(2001, chat); err != nil || st != agentstate.NotReady {
		t.Errorf("agent 2001 in chat: %v, %v; want logged in, NOT_READY", st, err)
	}
	// An unknown agent is the roster's error, not the path's.
	var l Log
	if err := r.e.AgentRequest(&l, at(3, 0), 4242, chat, agentstate.EventLogin, 0); !errors.Is(err, ccefsm.ErrUnknownID) || errors.Is(err, ErrPathDown) {
		t.Errorf("unknown agent: %v, want ErrUnknownID", err)
	}
}
