package agentstate_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
)

// statusOf returns every MRD status of agent a.
func statusOf(t *testing.T, r *agentstate.Roster, a ccefsm.AgentID) []agentstate.Status {
	t.Helper()
	var out []agentstate.Status
	for _, m := range r.MRDs() {
		st, err := r.Status(a, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st)
	}
	return out
}

// TestRemoveAgent: the removed agent is gone, the last agent takes its
// place in the roster order, every other agent keeps its state, and the
// peripheral counts one agent less.
func TestRemoveAgent(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12, 13, 14)
	sec := put(t, r, 12, voice, 1, agentstate.Available, agentstate.Talking)
	sec = put(t, r, 13, chat, sec, agentstate.Active)
	sec = put(t, r, 14, email, sec, agentstate.NotReady)
	keep := map[ccefsm.AgentID][]agentstate.Status{}
	for _, a := range []ccefsm.AgentID{11, 13, 14} {
		keep[a] = statusOf(t, r, a)
	}
	if err := r.RemoveAgent(at(sec), 12); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]ccefsm.AgentID{11, 14, 13}, r.Agents(nil)); diff != "" {
		t.Errorf("roster order: the last agent moves into the removed one's place (-want +got):\n%s", diff)
	}
	for want, a := range []ccefsm.AgentID{11, 14, 13} {
		if got, err := r.Index(a); got != want || err != nil {
			t.Errorf("Index(%d) = %d, %v; want %d", a, got, err, want)
		}
	}
	if _, err := r.Index(12); !errors.Is(err, agentstate.ErrUnknownAgent) || !errors.Is(err, ccefsm.ErrUnknownID) {
		t.Errorf("Index of the removed agent: %v", err)
	}
	if p, err := r.PeripheralOf(14); p != pg || err != nil {
		t.Errorf("PeripheralOf(14) = %d, %v", p, err)
	}
	if _, err := r.PeripheralOf(12); !errors.Is(err, agentstate.ErrUnknownAgent) {
		t.Errorf("PeripheralOf the removed agent: %v", err)
	}
	for a, want := range keep {
		if diff := cmp.Diff(want, statusOf(t, r, a)); diff != "" {
			t.Errorf("agent %d changed (-before +after):\n%s", a, diff)
		}
	}
	if _, err := r.Status(12, voice); !errors.Is(err, agentstate.ErrUnknownAgent) {
		t.Errorf("Status of the removed agent: %v", err)
	}
	if ps, _ := r.Peripheral(pg); ps.Agents != 3 || r.Len() != 3 {
		t.Errorf("peripheral counts %d agents, roster %d; want 3", ps.Agents, r.Len())
	}
	// The last agent itself, and then the only one left.
	for _, a := range []ccefsm.AgentID{13, 11, 14} {
		if err := r.RemoveAgent(at(sec+1), a); err != nil {
			t.Fatal(err)
		}
	}
	if r.Len() != 0 || len(r.Agents(nil)) != 0 {
		t.Errorf("agents left: %v", r.Agents(nil))
	}
	// Added again, it starts logged out, with nothing pending.
	if err := r.AddAgent(at(sec+2), 12, pg2); err != nil {
		t.Fatal(err)
	}
	if st, _ := r.Status(12, voice); st.State != agentstate.Logout || st.BeforeCall != agentstate.Logout || st.Pending != agentstate.CauseNone || !st.Since.Equal(at(sec+2)) {
		t.Errorf("re-added agent: %+v", st)
	}
}

// TestRemoveAgentPending: a removed agent's pending restores are dropped
// with it: the recovery logs in the others and reports nothing for it;
// RemoveAgent itself reports nothing. Later bulk effects follow the new
// roster order.
func TestRemoveAgentPending(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12, 13)
	sec := put(t, r, 11, voice, 1, agentstate.Available)
	sec = put(t, r, 12, voice, sec, agentstate.Available)
	sec = put(t, r, 13, voice, sec, agentstate.NotReady)
	if _, err := r.FinesseDown(nil, at(sec), pg); err != nil {
		t.Fatal(err)
	}
	if err := r.RemoveAgent(at(sec+1), 11); err != nil {
		t.Fatal(err)
	}
	got, err := r.FinesseUp(nil, at(sec+2), pg)
	if err != nil {
		t.Fatal(err)
	}
	want := stamped(at(sec+2),
		agentstate.Effect{Kind: agentstate.EffectLoggedIn, Rule: ccefsm.AG7, Table: ccefsm.AGT2, Row: 2, From: agentstate.NotReady, To: agentstate.NotReady, Reason: 7, Agent: 13, Peripheral: pg, MRD: voice},
		loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 12, voice, agentstate.Available, agentstate.Available),
	)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AG-7 after removing agent 11: agent 13 first (it took 11's place), nothing for 11 (-want +got):\n%s", diff)
	}
}

// TestRemoveAgentErrors: an unknown or zero agent, or an instant before the
// last input, is refused and changes nothing.
func TestRemoveAgentErrors(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12)
	put(t, r, 11, voice, 5, agentstate.Available)
	before, _ := r.MarshalBinary()
	for _, tt := range []struct {
		reason string
		err    error
		want   error
	}{
		{"unknown agent", r.RemoveAgent(at(10), 99), agentstate.ErrUnknownAgent},
		{"zero agent", r.RemoveAgent(at(10), 0), agentstate.ErrUnknownAgent},
		{"time backwards", r.RemoveAgent(at(4), 12), agentstate.ErrTimeBackwards},
		{"time out of range", r.RemoveAgent(nanotimeMax.Add(1), 12), agentstate.ErrTimeOutOfRange},
	} {
		if !errors.Is(tt.err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.reason, tt.err, tt.want)
		}
	}
	if after, _ := r.MarshalBinary(); !bytes.Equal(before, after) {
		t.Error("a refused RemoveAgent changed the roster")
	}
}

// TestRefStale: a Ref never addresses another agent than the one it was
// resolved for. A Ref to a removed agent, or to the agent moved into its
// place, is ErrUnknownAgent until resolved again; a Ref of another roster
// whose agent or MRD index is past the end is refused too.
func TestRefStale(t *testing.T) {
	r := newRoster(t, agentstate.Config{}, 11, 12, 13)
	ref11, _ := r.Ref(11, voice)
	ref12, _ := r.Ref(12, chat)
	ref13, _ := r.Ref(13, email)
	if err := r.RemoveAgent(at(1), 11); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		reason string
		ref    agentstate.Ref
	}{
		{"the removed agent", ref11},
		{"the agent moved into its place", ref13},
	} {
		err := r.ApplyRef(at(2), tt.ref, agentstate.EventLogin, 0)
		var e *agentstate.Error
		if !errors.Is(err, agentstate.ErrUnknownAgent) || !errors.As(err, &e) || e.Agent == 0 {
			t.Errorf("%s: %v, want ErrUnknownAgent naming the agent", tt.reason, err)
		}
	}
	if err := r.ApplyRef(at(2), ref12, agentstate.EventLogin, 0); err != nil {
		t.Errorf("a Ref of an agent that did not move: %v", err)
	}
	for _, a := range []ccefsm.AgentID{12, 13} {
		for _, m := range []ccefsm.MRDID{voice, chat} {
			want := agentstate.Logout
			if a == 12 && m == chat {
				want = agentstate.NotReady
			}
			if st, _ := r.Status(a, m); st.State != want {
				t.Errorf("agent %d MRD %d is %v, want %v: a Ref touched the wrong slot", a, m, st.State, want)
			}
		}
	}
	fresh, err := r.Ref(13, email)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.ApplyRef(at(3), fresh, agentstate.EventLogin, 0); err != nil {
		t.Errorf("the moved agent resolved again: %v", err)
	}
	// A removed agent added again is at the end: its old Ref named another
	// position, and stays stale.
	if err := r.AddAgent(at(4), 11, pg); err != nil {
		t.Fatal(err)
	}
	if err := r.ApplyRef(at(5), ref11, agentstate.EventLogin, 0); !errors.Is(err, agentstate.ErrUnknownAgent) {
		t.Errorf("a Ref of an agent removed and added again elsewhere: %v", err)
	}

	// Refs used on a roster they do not come from: the agent and the MRD
	// index one past the end are refused, not wrapped onto another slot.
	small, err := agentstate.NewRoster(agentstate.Config{MRDs: threeMRDs[:2]})
	if err != nil {
		t.Fatal(err)
	}
	if err := small.AddPeripheral(pg, ccefsm.Duplex); err != nil {
		t.Fatal(err)
	}
	if err := small.AddAgent(t0, 12, pg); err != nil {
		t.Fatal(err)
	}
	big := newRoster(t, agentstate.Config{}, 12, 14)
	emailRef, _ := big.Ref(12, email) // MRD index 2: one past small's two MRDs
	pastRef, _ := big.Ref(14, voice)  // agent index 1: one past small's one agent
	for _, ref := range []agentstate.Ref{emailRef, pastRef} {
		if err := small.ApplyRef(at(1), ref, agentstate.EventLogin, 0); !errors.Is(err, agentstate.ErrUnknownAgent) {
			t.Errorf("a Ref past the end of another roster: %v", err)
		}
	}
	if st := statusOf(t, small, 12); st[0].State != agentstate.Logout || st[1].State != agentstate.Logout {
		t.Errorf("a refused Ref changed the roster: %+v", st)
	}
}

// TestRemoveAgentSnapshot: a roster after removals restores from its
// snapshot (the decoder's invariant check), the restored roster behaves as
// the original, and its Refs as the original's.
func TestRemoveAgentSnapshot(t *testing.T) {
	r, now := richRoster(t)
	ref32, _ := r.Ref(32, chat)
	for _, a := range []ccefsm.AgentID{12, 31} {
		if err := r.RemoveAgent(now, a); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var restored agentstate.Roster
	if err := restored.UnmarshalBinary(snap); err != nil {
		t.Fatalf("the roster after removals is refused: %v", err)
	}
	if again, _ := restored.MarshalBinary(); !bytes.Equal(snap, again) {
		t.Error("the restored roster's snapshot differs")
	}
	if diff := cmp.Diff(r.Agents(nil), restored.Agents(nil)); diff != "" {
		t.Errorf("roster order (-original +restored):\n%s", diff)
	}
	errA := r.ApplyRef(now, ref32, agentstate.EventResume, 0)
	errB := restored.ApplyRef(now, ref32, agentstate.EventResume, 0)
	if !errors.Is(errA, agentstate.ErrUnknownAgent) || !errors.Is(errB, agentstate.ErrUnknownAgent) {
		t.Errorf("agent 32 moved: its Ref is stale in both: %v, %v", errA, errB)
	}
	ops := decodeOps(bytes.Repeat([]byte{opFinesseUp, 0, 0, 0, 0, 0, 0, 0, 1, 0, opDesktopUp, 2, 0, 0, 0, 0, 0, 0, 1, 0, opSideUp, 0, 0, 0, 0, 1, 0, 1, 1, 0}, 2))
	ta, _ := drive(t.Fatalf, r, ops, now)
	tb, _ := drive(t.Fatalf, &restored, ops, now)
	if diff := cmp.Diff(ta, tb); diff != "" {
		t.Errorf("the restored roster behaves differently (-original +restored):\n%s", diff)
	}
}
