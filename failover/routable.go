package failover

import (
	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
)

// Routable answers RT-8 from the engine's own facts: can a task of MRD m
// be routed to agent a now? If not, it returns the rule and the reason of
// the root cause: topology first, then infrastructure, then the agent,
// then capacity:
//
//   - a non-voice MRD served by an application of another Agent PG than
//     the agent's: that application cannot assign the agent a task
//     ([Engine.CreateTask] refuses it), so the agent is not logged in to m
//     where it counts (RT-8, ReasonNotLoggedIn, whatever the roster says:
//     the topology gives agents no MRD list, and the roster lets any agent
//     log in to any MRD; inferred);
//   - the Central Controller is down, or the agent's Agent PG cannot reach
//     it, so the router does not see the agent (RT-8; the PG's path is
//     inferred: the router learns agent states through it);
//   - a voice task and the agent's peripheral is offline (RT-5);
//   - a non-voice task and its application's routing is down: its path to
//     the MR PG (RT-1) or the MR PIM's path to the Central Controller
//     (RT-3);
//   - the agent is not logged in to m, or not available in it (RT-8);
//   - the agent is at m's task limit, or works on a task of another MRD
//     that cannot be interrupted (RT-8).
//
// Available means Ready in the sense of the CTI server's availability
// rule: for voice the AVAILABLE state; for a non-voice MRD any logged-in
// state but NOT_READY and the failover marker WORK_NOT_READY, with the
// open tasks counted against the limit. The tasks counted are the engine's
// (voice calls are not tasks). An unknown agent or MRD is a [*QueryError]
// naming both, wrapping ErrUnknownElement.
func (e *Engine) Routable(a ccefsm.AgentID, m ccefsm.MRDID) (ok bool, rule ccefsm.RuleID, reason routing.Reason, err error) {
	ai, known := e.agent(a)
	mi, knownMRD := e.top.mrdIdx[m]
	if !known || !knownMRD {
		return false, ccefsm.RuleNone, routing.ReasonOK, &QueryError{Op: "Routable", Subject: "agent " + itoa(uint32(a)) + " in MRD " + itoa(uint32(m)), Err: ErrUnknownElement}
	}
	x := &e.top
	mrd := x.t.MRDs[mi]
	if app := x.mrdApp[mi]; app >= 0 && x.appPG[app] != x.periphPG[x.agentPer[ai]] {
		// A task of m comes only from its application, which assigns it
		// to agents of its own Agent PG (CreateTask refuses any other
		// agent): the agent is not logged in to m where it counts.
		return false, ccefsm.RT8, routing.ReasonNotLoggedIn, nil
	}
	j := int(x.agentPer[ai])
	s, err := e.roster.Status(a, m)
	if err != nil {
		return false, ccefsm.RuleNone, routing.ReasonOK, &QueryError{Op: "Routable", Subject: "agent " + itoa(uint32(a)) + " in MRD " + itoa(uint32(m)), Err: err}
	}
	c := routing.Candidate{
		ControllerUp: e.st.cc && e.st.pgCC[x.periphPG[j]],
		PIMUp:        e.st.online[j],
		Media:        mrd.Media,
		LoggedIn:     s.State.LoggedIn(),
		TaskLimit:    uint16(mrd.MaxTasksPerAgent),
	}
	if app := x.mrdApp[mi]; app >= 0 {
		c.AppPathDown = !e.st.appMR[app]
		c.RoutingDisabled = !e.st.mrCC[x.appMRPG[app]]
	}
	if mrd.Media == ccefsm.MediaVoice {
		c.AvailableInMRD = s.State == agentstate.Available
	} else {
		switch s.State {
		case agentstate.Available, agentstate.Reserved, agentstate.Active, agentstate.Paused, agentstate.WorkReady:
			c.AvailableInMRD = true
		}
		if n, ok := e.countsOf(a, m); ok {
			c.Tasks = n.reserved + n.active + n.paused + n.wrapup
		}
	}
	for oi, o := range x.t.MRDs {
		if oi == mi || o.Interruptible || x.mrdSlot[oi] < 0 {
			continue
		}
		if n, ok := e.countsOf(a, o.ID); ok && n.active+n.paused+n.wrapup > 0 {
			c.BusyNonInterruptibleElsewhere = true
		}
	}
	ok, rule, reason = routing.Routable(c)
	return ok, rule, reason, nil
}
