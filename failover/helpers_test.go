package failover

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
	"github.com/google/go-cmp/cmp"
)

// The reference topology of the tests: a duplex Central Controller; Agent
// PG 1 (duplex) with peripheral 5000, whose voice goes through CTI
// Manager 1; MR PG 2; application 7 serving chat (MRD 2) and email (MRD
// 3) through PG 1 and MR PG 2; Finesse pair 1 on PG 1; agents 1001-1003
// on peripheral 5000.
const (
	pg1              = 1
	mrpg2            = 2
	cm1              = 1
	fin1             = 1
	app7             = ccefsm.AppID(7)
	per5000          = ccefsm.PeripheralID(5000)
	voice            = ccefsm.MRDID(1)
	chat             = ccefsm.MRDID(2)
	email            = ccefsm.MRDID(3)
	alice, bob, carl = ccefsm.AgentID(1001), ccefsm.AgentID(1002), ccefsm.AgentID(1003)
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// at returns t0 plus minutes and seconds.
func at(min, sec int) time.Time {
	return t0.Add(time.Duration(min)*time.Minute + time.Duration(sec)*time.Second)
}

func refTopology(pgRed ccefsm.Redundancy) Topology {
	return Topology{
		CentralController: ccefsm.Duplex,
		MRDs: []ccefsm.MRD{
			ccefsm.NewMRD(voice, ccefsm.MediaVoice),
			ccefsm.NewMRD(chat, ccefsm.MediaChat),
			ccefsm.NewMRD(email, ccefsm.MediaEmail),
		},
		AgentPGs:     []AgentPGConfig{{ID: pg1, Redundancy: pgRed, Peripherals: []ccefsm.PeripheralID{per5000}}},
		CTIManagers:  []CTIManagerConfig{{ID: cm1, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{per5000}}},
		MRPGs:        []MRPGConfig{{ID: mrpg2, Redundancy: ccefsm.Duplex}},
		Applications: []ApplicationConfig{{ID: app7, MRDs: []ccefsm.MRDID{chat, email}, AgentPG: pg1, MRPG: mrpg2}},
		Finesse:      []FinesseConfig{{ID: fin1, Redundancy: ccefsm.Duplex, AgentPG: pg1}},
		Agents: []AgentConfig{
			{ID: alice, Peripheral: per5000, SkillGroups: []uint32{11, 12}, Team: 90},
			{ID: bob, Peripheral: per5000, SkillGroups: []uint32{11}, Team: 90},
			{ID: carl, Peripheral: per5000},
		},
	}
}

// rig is an engine under test with its log, failing the test on any
// unexpected error.
type rig struct {
	t *testing.T
	e *Engine
	l Log
}

func newRig(t *testing.T, top Topology, opts ...func(*Config)) *rig {
	t.Helper()
	cfg := Config{Topology: top, Start: t0}
	for _, o := range opts {
		o(&cfg)
	}
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &rig{t: t, e: e}
}

// do applies in and fails the test on error; it returns the effects of the
// input as text lines.
func (r *rig) do(in Input) []string {
	r.t.Helper()
	r.l.Reset()
	if err := r.e.Apply(&r.l, in); err != nil {
		r.t.Fatalf("%v: %v", in.Op, err)
	}
	return r.lines()
}

func (r *rig) lines() []string {
	var out []string
	for _, e := range r.l.All() {
		out = append(out, e.String())
	}
	return out
}

func (r *rig) down(when time.Time, el Element) []string {
	r.t.Helper()
	return r.do(Input{Op: OpDown, At: when, Element: el})
}

func (r *rig) up(when time.Time, el Element) []string {
	r.t.Helper()
	return r.do(Input{Op: OpUp, At: when, Element: el})
}

func (r *rig) agent(when time.Time, a ccefsm.AgentID, m ccefsm.MRDID, evs ...agentstate.Event) {
	r.t.Helper()
	for _, ev := range evs {
		r.do(Input{Op: OpAgentRequest, At: when, Agent: a, MRD: m, Event: ev})
	}
}

func (r *rig) ready(when time.Time, a ccefsm.AgentID, mrds ...ccefsm.MRDID) {
	r.t.Helper()
	for _, m := range mrds {
		r.agent(when, a, m, agentstate.EventLogin, agentstate.EventReady)
	}
}

func (r *rig) state(a ccefsm.AgentID, m ccefsm.MRDID) agentstate.Status {
	r.t.Helper()
	s, err := r.e.Roster().Status(a, m)
	if err != nil {
		r.t.Fatal(err)
	}
	return s
}

func (r *rig) wantState(a ccefsm.AgentID, m ccefsm.MRDID, want agentstate.State, reason agentstate.ReasonCode) {
	r.t.Helper()
	s := r.state(a, m)
	if s.State != want || s.Reason != reason {
		r.t.Errorf("agent %d MRD %d: %v reason %d, want %v reason %d", a, m, s.State, s.Reason, want, reason)
	}
}

func (r *rig) create(when time.Time, id ccefsm.TaskID, m ccefsm.MRDID, a ccefsm.AgentID, st taskstate.State) []string {
	r.t.Helper()
	return r.do(Input{Op: OpCreateTask, At: when, Task: id, App: app7, MRD: m, Agent: a, TaskState: st})
}

func (r *rig) task(when time.Time, op TaskOp, id ccefsm.TaskID, d taskstate.Disposition) []string {
	r.t.Helper()
	return r.do(Input{Op: OpTask, At: when, TaskOp: op, Task: id, Disposition: d})
}

func (r *rig) pathUp(p Path) bool {
	r.t.Helper()
	up, err := r.e.IsUp(p)
	if err != nil {
		r.t.Fatal(err)
	}
	return up
}

// wantEffects checks that the effects of one input, as text lines, are
// exactly want: no effect missing, none extra, in order.
func wantEffects(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("effects (-want +got):\n%s", diff)
	}
}

// routingStatus describes application app's connection: whether it has
// been told ROUTING_DISABLED, and its pending and held NEW_TASK requests.
func (r *rig) routingStatus(app ccefsm.AppID) string {
	r.t.Helper()
	c, err := r.e.Conn(app)
	if err != nil {
		r.t.Fatal(err)
	}
	return fmt.Sprintf("disabled=%v pending=%d held=%d", c.RoutingDisabled(), c.Pending(), c.Held())
}

// wantRouting checks application app's connection (see routingStatus).
func (r *rig) wantRouting(app ccefsm.AppID, want string) {
	r.t.Helper()
	if got := r.routingStatus(app); got != want {
		r.t.Errorf("routing of app %d: %s, want %s", app, got, want)
	}
}

// wantRoutable checks Routable(a, m): whether the agent can be routed a
// task of m and, when not, the rule and reason.
func (r *rig) wantRoutable(a ccefsm.AgentID, m ccefsm.MRDID, ok bool, rule ccefsm.RuleID, reason routing.Reason) {
	r.t.Helper()
	gotOK, gotRule, gotReason, err := r.e.Routable(a, m)
	if err != nil {
		r.t.Fatal(err)
	}
	if gotOK != ok || !ok && (gotRule != rule || gotReason != reason) {
		r.t.Errorf("Routable(%d, %d) = %v %v %q, want %v %v %q", a, m, gotOK, gotRule, gotReason, ok, rule, reason)
	}
}

// wantTasks checks the task account: open tasks in the store, and the
// ended tasks that are not simply complete.
func (r *rig) wantTasks(open int, reports ...TaskReport) {
	r.t.Helper()
	if n := r.e.TaskCounts().Open; n != open {
		r.t.Errorf("%d open tasks, want %d", n, open)
	}
	got := r.e.Tasks(nil)
	if len(got) == 0 && len(reports) == 0 {
		return
	}
	if diff := cmp.Diff(reports, got); diff != "" {
		r.t.Errorf("task ledger (-want +got):\n%s", diff)
	}
}

// wantIntervals checks the classes of peripheral p's first intervals from
// t0, as "15:04 class rule" strings.
func (r *rig) wantIntervals(p ccefsm.PeripheralID, want ...string) {
	r.t.Helper()
	if diff := cmp.Diff(want, r.intervals(p, len(want))); diff != "" {
		r.t.Errorf("intervals (-want +got):\n%s", diff)
	}
}

// intervals returns the classes of peripheral p's intervals from t0 for n
// intervals, as "class rule" strings.
func (r *rig) intervals(p ccefsm.PeripheralID, n int) []string {
	r.t.Helper()
	iv := r.e.Topology().Interval
	reps, err := r.e.Intervals(nil, p, t0, t0.Add(time.Duration(n)*iv))
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, x := range reps {
		out = append(out, fmt.Sprintf("%s %s %v", x.Start.Format("15:04"), x.Class, x.Rule))
	}
	return out
}

// roundTrip restores e's snapshot into a new engine, which must give the
// same bytes back.
func roundTrip(t fataler, e *Engine) *Engine {
	b, err := e.MarshalBinary()
	if err != nil {
		t.Fatalf("MarshalBinary: %v", err)
	}
	back := new(Engine)
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatalf("UnmarshalBinary: %v", err)
	}
	if b2, _ := back.MarshalBinary(); !bytes.Equal(b2, b) {
		t.Fatal("a restored engine marshals to other bytes")
	}
	return back
}
