package agentstate_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
)

// Overlapping failures: an agent logged out by one failure is logged in
// again only when every failure that hit it has recovered. These rows once
// failed: the recovery of one failure re-logged agents that another failure
// still held (voice logged in on an offline peripheral, an agent logged in
// through a desktop that was still down).

// ostep is one input of an overlap scenario.
type ostep struct {
	name string
	do   func(r *agentstate.Roster, now time.Time) ([]agentstate.Effect, error)
}

func oSideDown(side ccefsm.Side, c agentstate.Cause) ostep {
	return ostep{fmt.Sprintf("SideDown %v %v", side, c), func(r *agentstate.Roster, now time.Time) ([]agentstate.Effect, error) {
		return r.SideDown(nil, now, pg, side, c)
	}}
}

func oSideUp(side ccefsm.Side) ostep {
	return ostep{fmt.Sprintf("SideUp %v", side), func(r *agentstate.Roster, now time.Time) ([]agentstate.Effect, error) {
		return r.SideUp(nil, now, pg, side)
	}}
}

func oReport(s agentstate.State) ostep {
	return ostep{"ReportStates " + s.String(), func(r *agentstate.Roster, now time.Time) ([]agentstate.Effect, error) {
		return r.ReportStates(nil, now, pg, []agentstate.Report{{Agent: 11, MRD: voice, State: s}})
	}}
}

var (
	oFinesseDown = ostep{"FinesseDown", func(r *agentstate.Roster, now time.Time) ([]agentstate.Effect, error) {
		return r.FinesseDown(nil, now, pg)
	}}
	oFinesseUp = ostep{"FinesseUp", func(r *agentstate.Roster, now time.Time) ([]agentstate.Effect, error) {
		return r.FinesseUp(nil, now, pg)
	}}
	oDesktopDown = ostep{"DesktopDown", func(r *agentstate.Roster, now time.Time) ([]agentstate.Effect, error) {
		return r.DesktopDown(nil, now, 11)
	}}
	oDesktopUp = ostep{"DesktopUp", func(r *agentstate.Roster, now time.Time) ([]agentstate.Effect, error) {
		return r.DesktopUp(nil, now, 11)
	}}
	oCTIManagerDown = ostep{"CTIManagerDown", func(r *agentstate.Roster, now time.Time) ([]agentstate.Effect, error) {
		return r.CTIManagerDown(nil, now, pg)
	}}
	oCTIManagerUp = ostep{"CTIManagerUp", func(r *agentstate.Roster, now time.Time) ([]agentstate.Effect, error) {
		return r.CTIManagerUp(nil, now, pg)
	}}
)

// ostate is agent 11's voice and chat state after a step.
type ostate struct{ Voice, Chat agentstate.State }

const (
	oAv  = agentstate.Available
	oOut = agentstate.Logout
	oNR  = agentstate.NotReady
)

func TestOverlappingFailures(t *testing.T) {
	tests := []struct {
		reason string
		steps  []ostep
		want   []ostate // after each step
		last   []E      // the effects of the last step
	}{
		{
			reason: "AG-1: a Finesse outage ending while the PIM is down does not log the voice MRD in; AG-2: the ACD's report does",
			steps:  []ostep{oSideDown(ccefsm.SideB, agentstate.CausePIM), oFinesseDown, oSideDown(ccefsm.SideA, agentstate.CausePIM), oFinesseUp, oSideUp(ccefsm.SideA), oReport(oNR)},
			want:   []ostate{{oAv, oAv}, {oOut, oOut}, {oOut, oOut}, {oOut, oAv}, {oOut, oAv}, {oNR, oAv}},
			last:   []E{{Kind: agentstate.EffectObserved, Rule: ccefsm.AG2, Report: ccefsm.RP2, From: oOut, To: oNR, Agent: 11, Peripheral: pg, MRD: voice}},
		},
		{
			reason: "AG-7: the agent's desktop is still down when Finesse comes back; it is logged in when the desktop is back",
			steps:  []ostep{oDesktopDown, oFinesseDown, oFinesseUp, oDesktopUp},
			want:   []ostate{{oOut, oOut}, {oOut, oOut}, {oOut, oOut}, {oAv, oAv}},
			last: []E{
				loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 11, voice, oAv, oAv),
				loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 11, chat, oAv, oAv),
			},
		},
		{
			reason: "AG-7: the desktop fails during a Finesse outage; Finesse coming back does not log it in",
			steps:  []ostep{oFinesseDown, oDesktopDown, oFinesseUp, oDesktopUp},
			want:   []ostate{{oOut, oOut}, {oOut, oOut}, {oOut, oOut}, {oAv, oAv}},
			last: []E{
				loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 11, voice, oAv, oAv),
				loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 11, chat, oAv, oAv),
			},
		},
		{
			reason: "AG-7: the desktop comes back while Finesse is still down; Finesse coming back logs it in",
			steps:  []ostep{oFinesseDown, oDesktopDown, oDesktopUp, oFinesseUp},
			want:   []ostate{{oOut, oOut}, {oOut, oOut}, {oOut, oOut}, {oAv, oAv}},
			last: []E{
				loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 11, voice, oAv, oAv),
				loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 11, chat, oAv, oAv),
			},
		},
		{
			reason: "AG-5: the CTI Manager comes back while both PG sides are down; the agent waits for the PG",
			steps:  []ostep{oCTIManagerDown, oSideDown(ccefsm.SideB, agentstate.CausePG), oSideDown(ccefsm.SideA, agentstate.CausePG), oCTIManagerUp, oSideUp(ccefsm.SideA)},
			want:   []ostate{{oOut, oAv}, {oOut, oAv}, {oOut, oOut}, {oOut, oOut}, {oAv, oAv}},
			last: []E{
				{Kind: agentstate.EffectPeripheralOnline, Rule: ccefsm.AG3, Side: ccefsm.SideA, Peripheral: pg},
				loggedIn(ccefsm.AG5, ccefsm.AGT1, 1, 11, voice, oAv, oAv),
				loggedIn(ccefsm.AG5, ccefsm.AGT1, 1, 11, chat, oAv, oAv),
			},
		},
		{
			reason: "AG-5: the PG comes back while the CTI Manager is still down; the voice MRD waits for the CTI Manager",
			steps:  []ostep{oSideDown(ccefsm.SideB, agentstate.CausePG), oSideDown(ccefsm.SideA, agentstate.CausePG), oCTIManagerDown, oSideUp(ccefsm.SideA), oCTIManagerUp},
			want:   []ostate{{oAv, oAv}, {oOut, oOut}, {oOut, oOut}, {oOut, oAv}, {oAv, oAv}},
			last:   []E{loggedIn(ccefsm.AG5, ccefsm.AGT1, 1, 11, voice, oAv, oAv)},
		},
		{
			reason: "AG-1, AG-2: the CTI Manager comes back during a PIM outage; the voice MRD waits for the ACD's report",
			steps:  []ostep{oCTIManagerDown, oSideDown(ccefsm.SideB, agentstate.CausePIM), oSideDown(ccefsm.SideA, agentstate.CausePIM), oCTIManagerUp, oSideUp(ccefsm.SideA), oReport(oNR)},
			want:   []ostate{{oOut, oAv}, {oOut, oAv}, {oOut, oAv}, {oOut, oAv}, {oOut, oAv}, {oNR, oAv}},
			last:   []E{{Kind: agentstate.EffectObserved, Rule: ccefsm.AG2, Report: ccefsm.RP2, From: oOut, To: oNR, Agent: 11, Peripheral: pg, MRD: voice}},
		},
		{
			reason: "AG-4, AG-7: a PG failover with a standby side during a desktop outage leaves the agent to its desktop",
			steps:  []ostep{oDesktopDown, oSideDown(ccefsm.SideA, agentstate.CausePG), oDesktopUp},
			want:   []ostate{{oOut, oOut}, {oOut, oOut}, {oAv, oAv}},
			last: []E{
				loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 11, voice, oAv, oAv),
				loggedIn(ccefsm.AG7, ccefsm.AGT2, 1, 11, chat, oAv, oAv),
			},
		},
	}
	for _, tt := range tests {
		r := newRoster(t, agentstate.Config{}, 11)
		sec := put(t, r, 11, voice, 1, oAv)
		sec = put(t, r, 11, chat, sec, oAv)
		var got []E
		for k, st := range tt.steps {
			effects, err := st.do(r, at(sec+k))
			if err != nil {
				t.Fatalf("%s: step %d %s: %v", tt.reason, k, st.name, err)
			}
			got = effects
			g := ostate{state(t, r, 11, voice), state(t, r, 11, chat)}
			if g != tt.want[k] {
				t.Errorf("%s: after step %d %s: voice, chat = %v, %v; want %v, %v", tt.reason, k, st.name, g.Voice, g.Chat, tt.want[k].Voice, tt.want[k].Chat)
			}
		}
		if diff := cmp.Diff(stamped(at(sec+len(tt.steps)-1), tt.last...), got); diff != "" {
			t.Errorf("%s: effects of the last step (-want +got):\n%s", tt.reason, diff)
		}
	}
}
