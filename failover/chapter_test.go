package failover

import (
	"errors"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
	"github.com/google/go-cmp/cmp"
)

// One end-to-end test per section of the chapter "Data Loss and Component
// Failover", each asserting agents, tasks, routing messages and the ledger
// together, plus one per note of the chapter (CS-2, CS-3, CS-4). Every
// input's effects are compared whole: an effect missing, extra or out of
// order fails the test.

var (
	pimA    = Element{Kind: PIM, ID: uint32(per5000), Side: ccefsm.SideA}
	pimB    = Element{Kind: PIM, ID: uint32(per5000), Side: ccefsm.SideB}
	pgA     = Element{Kind: AgentPG, ID: pg1, Side: ccefsm.SideA}
	pgB     = Element{Kind: AgentPG, ID: pg1, Side: ccefsm.SideB}
	ccA     = Element{Kind: CentralController, Side: ccefsm.SideA}
	ccB     = Element{Kind: CentralController, Side: ccefsm.SideB}
	appEl   = Element{Kind: Application, ID: uint32(app7)}
	appMRPG = Element{Kind: LinkAppMRPG, ID: uint32(app7)}
	appCTI  = Element{Kind: LinkAppCTIServer, ID: uint32(app7)}
	pathCTI = Path{Kind: PathAppCTIServer, ID: uint32(app7)}
	pathMR  = Path{Kind: PathAppMRPG, ID: uint32(app7)}
)

// §Data Loss from PIM Failure and Reporting: a simplex PG loses its PIM.
func TestChapterPIMFailure(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Simplex))
	r.ready(at(0, 0), alice, voice, chat)
	r.ready(at(0, 0), bob, voice)
	r.create(at(1, 0), 601, chat, alice, taskstate.StateActive)

	got := r.down(at(10, 0), pimA)
	wantEffects(t, got,
		"CS-1 path peripheral:5000 down (outage 1)",
		"AG-3 peripheral 5000: side A down",
		"AG-1 peripheral 5000: offline (side A lost) [reports: RP-1]",
		"AG-1 agent 1001 MRD 1: logged out from AVAILABLE",
		"AG-1 agent 1002 MRD 1: logged out from AVAILABLE",
		"RP-1 peripheral 5000: interval 2026-03-02T09:00Z deleted (outage 1)",
		"RT-5 row 12 peripheral 5000: voice unavailable",
	)
	r.wantState(alice, voice, agentstate.Logout, agentstate.ReasonNone)
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)
	r.wantRoutable(alice, voice, false, ccefsm.RT5, routing.ReasonPIMDown)
	// RT-5: non-voice routing goes on, and so does the chat task.
	r.wantRoutable(carl, chat, false, ccefsm.RT8, routing.ReasonNotLoggedIn)
	r.wantRouting(app7, "disabled=false pending=0 held=0")
	r.wantTasks(1)

	got = r.up(at(40, 0), pimA)
	wantEffects(t, got,
		"CS-8 path peripheral:5000 up (outage 1)",
		"AG-3 peripheral 5000: online, side A active",
		"RP-2 peripheral 5000: intervals 2026-03-02T09:00Z … 2026-03-02T09:30Z inaccurate (outage 1)",
		"RT-5 row 13 peripheral 5000: voice available",
	)
	// AG-2: the agents wait for the ACD's report.
	r.wantState(alice, voice, agentstate.Logout, agentstate.ReasonNone)
	got = r.do(Input{Op: OpReportStates, At: at(41, 0), Peripheral: per5000, Reports: []agentstate.Report{
		{Agent: alice, MRD: voice, State: agentstate.Available},
		{Agent: bob, MRD: voice, State: agentstate.NotReady, Reason: 7},
	}})
	wantEffects(t, got,
		"AG-2 agent 1001 MRD 1: reported AVAILABLE (was LOGOUT) [reports: RP-2]",
		"AG-2 agent 1002 MRD 1: reported NOT_READY (was LOGOUT), reason 7 [reports: RP-2]",
	)
	r.wantState(bob, voice, agentstate.NotReady, 7)
	r.wantState(alice, voice, agentstate.Available, agentstate.ReasonNone)

	got = r.task(at(50, 0), TaskEnd, 601, 0)
	wantEffects(t, got,
		"task 601 (app 7, MRD 2, agent 1001): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting complete",
	)
	r.wantTasks(0)
	r.do(Input{Op: OpAdvance, At: at(91, 0)})
	r.wantIntervals(per5000,
		"09:00 deleted RP-1",
		"09:30 partial RP-2",
		"10:00 complete none",
		"10:30 open none",
	)
}

// §Data Loss, last paragraph: on a duplex PG the other side's PIM
// activates; the data the failed PIM gathered is deleted all the same
// (RP-1), but no interval is inaccurate.
func TestChapterPIMFailureDuplex(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice)
	got := r.down(at(10, 0), pimA)
	wantEffects(t, got,
		"AG-3 peripheral 5000: side A down",
		"AG-1 peripheral 5000: offline (side A lost) [reports: RP-1]",
		"AG-1 agent 1001 MRD 1: logged out from AVAILABLE",
		"AG-3 peripheral 5000: online, side B active",
		"RP-1 peripheral 5000: interval 2026-03-02T09:00Z deleted (outage 1)",
	)
	if !r.pathUp(Path{Kind: PathPeripheral, ID: uint32(per5000)}) {
		t.Error("peripheral offline after a takeover")
	}
	r.do(Input{Op: OpAdvance, At: at(61, 0)})
	r.wantIntervals(per5000, "09:00 deleted RP-1", "09:30 complete none")
}

// §Peripheral Gateway / CTI Manager Service Failover: Table 1.
func TestChapterPGFailover(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice, chat)
	r.ready(at(0, 0), bob, voice)
	r.agent(at(1, 0), bob, voice, agentstate.EventReserve, agentstate.EventAnswer, agentstate.EventWrapReady)
	r.agent(at(1, 0), carl, voice, agentstate.EventLogin, agentstate.EventDial) // on a call across the failovers
	r.create(at(1, 0), 501, chat, alice, taskstate.StateActive)
	r.do(Input{Op: OpSendRequest, At: at(2, 0), App: app7, Request: 1, MRD: chat})

	got := r.down(at(10, 0), pgA)
	// The CTI server and the PG's path to the CallRouter live on side B:
	// the application reconnects there, and its CTI path and Finesse stay
	// up (CS-7): no AG-8, no AG-6, no path down.
	wantEffects(t, got,
		"CS-7 cti-server:1:B takes over",
		"AG-3 peripheral 5000: side A down",
		"AG-1 peripheral 5000: offline (side A lost) [reports: RP-1]",
		"AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-4 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-4 agent 1002 MRD 1: logged out from WORK_READY, reason 50002 [reports: RP-7]",
		"AG-4 agent 1003 MRD 1: logged out from TALKING, reason 50002 [reports: RP-7]",
		"AG-3 peripheral 5000: online, side B active",
		"AG-5 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1",
		"AG-5 agent 1001 MRD 2: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1",
		"AG-5 agent 1002 MRD 1: logged in to AVAILABLE (WORK_READY at failover) by AG-T1 row 3",
		"AG-5 agent 1003 MRD 1: logged in to TALKING (TALKING at failover) by AG-T1 row 6 [reports: RP-9]",
		"RP-1 peripheral 5000: interval 2026-03-02T09:00Z deleted (outage 1)",
		// Side B recovered carl's call from Unified CM: it is reported as
		// two TCD records, before and after the takeover (RP-9).
		"RP-9 agent 1003 (peripheral 5000, MRD 1): call split into two TCD records (outage 1)",
	)
	r.wantState(carl, voice, agentstate.Talking, agentstate.ReasonNone)
	if !r.pathUp(pathCTI) || !r.pathUp(Path{Kind: PathFinesse, ID: fin1}) || !r.pathUp(Path{Kind: PathPGController, ID: pg1}) {
		t.Error("a path went down with one PG side")
	}
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)
	r.wantTasks(1)
	r.wantRouting(app7, "disabled=false pending=1 held=0")
	r.wantRoutable(bob, voice, true, 0, 0)
	r.wantRoutable(alice, voice, false, ccefsm.RT8, routing.ReasonBusyNonInterruptible) // her chat task

	// RP-7: the Media Logout Status rows of a 50002 logout.
	var logout agentstate.Effect
	for i := 0; i < r.l.Len(); i++ {
		if e, ok := r.l.At(i).(*agentstate.Effect); ok && e.Agent == alice && e.Kind == agentstate.EffectLoggedOut {
			logout = *e
			break
		}
	}
	rows := r.e.AppendLogoutRows(nil, logout)
	if diff := cmp.Diff([]LogoutRow{
		{Report: ReportAgent, Agent: alice, MRD: voice, Peripheral: per5000, Reason: agentstate.ReasonConnectionFailure, At: at(10, 0)},
		{Report: ReportAgentSkillGroup, Agent: alice, MRD: voice, Peripheral: per5000, SkillGroup: 11, Reason: agentstate.ReasonConnectionFailure, At: at(10, 0)},
		{Report: ReportAgentSkillGroup, Agent: alice, MRD: voice, Peripheral: per5000, SkillGroup: 12, Reason: agentstate.ReasonConnectionFailure, At: at(10, 0)},
		{Report: ReportAgentTeam, Agent: alice, MRD: voice, Peripheral: per5000, Team: 90, Reason: agentstate.ReasonConnectionFailure, At: at(10, 0)},
		{Report: ReportAgentPeripheral, Agent: alice, MRD: voice, Peripheral: per5000, Reason: agentstate.ReasonConnectionFailure, At: at(10, 0)},
	}, rows); diff != "" {
		t.Errorf("RP-7 rows (-want +got):\n%s", diff)
	}

	// The other side goes too: the PG is lost (CS-7, RP-8), its agents
	// logged out, and the CTI server with it (AG-8, AG-6); the task's life
	// starts (TS-1).
	got = r.down(at(20, 0), pgB)
	wantEffects(t, got,
		"CS-7 path agent-pg:1 down (outage 2)",
		"CS-1 path agent-pg-to-cc:1 down (outage 3)",
		"CS-7 path peripheral:5000 down (outage 4)",
		"CS-1 path app-to-cti-server:7 down (outage 5)",
		"CS-1 path finesse:1 down (outage 6)",
		"RP-8 peripheral 5000: interval 2026-03-02T09:00Z deleted (outage 2)",
		"AG-3 peripheral 5000: side B down",
		"AG-1 peripheral 5000: offline (side B lost) [reports: RP-1]",
		"AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-4 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-4 agent 1002 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-4 agent 1003 MRD 1: logged out from TALKING, reason 50002 [reports: RP-7]",
		"RP-1 peripheral 5000: interval 2026-03-02T09:00Z deleted (outage 4)",
		"RT-5 row 12 peripheral 5000: voice unavailable",
		"AG-8 peripheral 5000 MRD 2: CTI path down, agents stay logged in",
		"AG-9 peripheral 5000 MRD 3: CTI path down, agents stay logged in",
	)
	r.wantState(alice, voice, agentstate.Logout, agentstate.ReasonConnectionFailure)
	r.wantTasks(1)
	if d, ok := r.e.NextDeadline(); !ok || !d.Equal(at(40, 0)) {
		t.Errorf("next deadline %v %v, want the task's life ending at 09:40 (TS-1)", d, ok)
	}
	r.wantRouting(app7, "disabled=false pending=1 held=0")
	// The PG cannot reach the CallRouter: the router does not see its
	// agents (RT-8, inferred root cause).
	r.wantRoutable(bob, voice, false, ccefsm.RT8, routing.ReasonControllerDown)
	got = r.up(at(30, 0), pgA)
	wantEffects(t, got,
		"CS-8 path agent-pg:1 up (outage 2)",
		"CS-8 path agent-pg-to-cc:1 up (outage 3)",
		"CS-8 path peripheral:5000 up (outage 4)",
		"CS-8 path app-to-cti-server:7 up (outage 5)",
		"CS-8 path finesse:1 up (outage 6)",
		"AG-8 peripheral 5000 MRD 2: CTI path restored",
		"AG-8 peripheral 5000 MRD 3: CTI path restored",
		"AG-9 peripheral 5000 MRD 3: BEGIN_AGENT_INIT_IND (181)",
		"AG-9 peripheral 5000 MRD 3: END_AGENT_INIT_IND (184)",
		"AG-9 peripheral 5000 MRD 3: AGENT_INIT_READY_EVENT (186)",
		"AG-3 peripheral 5000: online, side A active",
		"AG-5 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1",
		"AG-5 agent 1001 MRD 2: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1",
		"AG-5 agent 1002 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1",
		"AG-5 agent 1003 MRD 1: logged in to TALKING (TALKING at failover) by AG-T1 row 6 [reports: RP-9]",
		"RP-2 peripheral 5000: interval 2026-03-02T09:00Z inaccurate (outage 4)",
		"RT-5 row 13 peripheral 5000: voice available",
		// The PG is back and recovers carl's call: a second split, its
		// first record ending when side B went (outage 4).
		"RP-9 agent 1003 (peripheral 5000, MRD 1): call split into two TCD records (outage 4)",
	)
	r.wantState(carl, voice, agentstate.Talking, agentstate.ReasonNone)
	// The ledger answers which calls are split in reports, and why.
	split := func(failed, recovered time.Time, outage uint32) SplitReport {
		return SplitReport{Agent: carl, Peripheral: per5000, MRD: voice, Failed: failed, Recovered: recovered, Rule: ccefsm.RP9, Outage: outage}
	}
	if diff := cmp.Diff([]SplitReport{split(at(10, 0), at(10, 0), 1), split(at(20, 0), at(30, 0), 4)}, r.e.Splits(nil)); diff != "" {
		t.Errorf("calls split (-want +got):\n%s", diff)
	}
	if o, _ := r.e.Outage(4); o.Cause != pgB || o.Path != (Path{Kind: PathPeripheral, ID: uint32(per5000)}) {
		t.Errorf("outage 4 is %+v, want peripheral 5000's caused by PG side B", o)
	}
	r.wantState(alice, voice, agentstate.Available, agentstate.ReasonNone)
	r.wantState(bob, voice, agentstate.Available, agentstate.ReasonNone)
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)
	r.wantTasks(1)
	r.wantRouting(app7, "disabled=false pending=1 held=0")
	r.wantRoutable(bob, voice, true, 0, 0)
	r.do(Input{Op: OpAdvance, At: at(61, 0)})
	r.wantIntervals(per5000, "09:00 deleted RP-8", "09:30 complete none")
}

// §Peripheral Gateway / CTI Manager Service Failover: the CTI Manager. Its
// backup takes over at once; with both down the voice agents wait. The
// CTI Manager carries voice only (inferred): chat agents, tasks and
// routing are untouched.
func TestChapterCTIManagerFailover(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice, chat)
	r.create(at(1, 0), 501, chat, alice, taskstate.StateActive)
	r.do(Input{Op: OpSendRequest, At: at(2, 0), App: app7, Request: 1, MRD: chat})
	cmA := Element{Kind: CTIManager, ID: cm1, Side: ccefsm.SideA}
	cmB := Element{Kind: CTIManager, ID: cm1, Side: ccefsm.SideB}
	got := r.down(at(10, 0), cmA)
	wantEffects(t, got,
		"AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-5 cti-manager:1:B takes over",
		"AG-5 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1",
	)
	got = r.down(at(11, 0), cmB)
	wantEffects(t, got,
		"CS-1 path cti-manager:1 down (outage 1)",
		"AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
	)
	r.wantState(alice, voice, agentstate.Logout, agentstate.ReasonConnectionFailure)
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)
	r.wantTasks(1)
	r.wantRouting(app7, "disabled=false pending=1 held=0")
	r.wantRoutable(alice, voice, false, ccefsm.RT8, routing.ReasonNotLoggedIn)
	r.wantRoutable(alice, chat, true, 0, 0)
	got = r.up(at(15, 0), cmA)
	wantEffects(t, got,
		"CS-8 path cti-manager:1 up (outage 1)",
		"AG-5 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1",
	)
	r.wantState(alice, voice, agentstate.Available, agentstate.ReasonNone)
	r.do(Input{Op: OpAdvance, At: at(31, 0)})
	// The peripheral stayed online: its interval is complete.
	r.wantIntervals(per5000, "09:00 complete none", "09:30 open none")
}

// §Agent Desktop/Finesse Server Failover: Table 2.
func TestChapterDesktopFinesse(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice, chat)
	r.ready(at(0, 0), bob, voice)
	r.agent(at(1, 0), alice, voice, agentstate.EventReserve)
	r.create(at(1, 0), 501, chat, bob, taskstate.StateOffered)
	r.do(Input{Op: OpSendRequest, At: at(2, 0), App: app7, Request: 1, MRD: chat})
	desk := Element{Kind: Desktop, ID: uint32(alice)}

	got := r.down(at(10, 0), desk)
	wantEffects(t, got,
		"CS-1 path desktop:1001 down (outage 1)",
		"AG-6 agent 1001 MRD 1: logged out from RESERVED, reason 50002 [reports: RP-7]",
		"AG-6 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
	)
	got = r.up(at(12, 0), desk)
	wantEffects(t, got,
		"CS-8 path desktop:1001 up (outage 1)",
		"AG-7 agent 1001 MRD 1: logged in to AVAILABLE (RESERVED at failover) by AG-T2 row 5",
		"AG-7 agent 1001 MRD 2: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
	)

	// The desktop's link to Finesse is the desktop losing Finesse.
	link := Element{Kind: LinkDesktopFinesse, ID: uint32(alice)}
	got = r.down(at(13, 0), link)
	wantEffects(t, got,
		"CS-1 path desktop:1001 down (outage 2)",
		"AG-6 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-6 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
	)
	got = r.down(at(13, 1), desk) // a second cause on the same path (CS-8)
	wantEffects(t, got)
	got = r.up(at(14, 0), link)
	wantEffects(t, got)
	got = r.up(at(15, 0), desk)
	wantEffects(t, got,
		"CS-8 path desktop:1001 up (outage 2)",
		"AG-7 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
		"AG-7 agent 1001 MRD 2: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
	)

	// The primary Finesse server fails: every agent of the PG is logged out
	// and logged in again on the backup.
	finA := Element{Kind: Finesse, ID: fin1, Side: ccefsm.SideA}
	got = r.down(at(20, 0), finA)
	wantEffects(t, got,
		"AG-6 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-6 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-6 agent 1002 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-7 finesse:1:B takes over",
		"AG-7 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
		"AG-7 agent 1001 MRD 2: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
		"AG-7 agent 1002 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
	)
	// The backup fails too: logged out until a server is back.
	got = r.down(at(21, 0), Element{Kind: Finesse, ID: fin1, Side: ccefsm.SideB})
	wantEffects(t, got,
		"CS-1 path finesse:1 down (outage 3)",
		"AG-6 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-6 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-6 agent 1002 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
	)
	r.wantState(alice, voice, agentstate.Logout, agentstate.ReasonConnectionFailure)
	// Finesse is the agents' desktop, not the task's path: the task and the
	// routing go on (AG-6 logs agents out, nothing more).
	r.wantTasks(1)
	r.wantRouting(app7, "disabled=false pending=1 held=0")
	r.wantRoutable(alice, chat, false, ccefsm.RT8, routing.ReasonNotLoggedIn)
	got = r.up(at(25, 0), finA)
	wantEffects(t, got,
		"CS-8 path finesse:1 up (outage 3)",
		"AG-7 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
		"AG-7 agent 1001 MRD 2: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
		"AG-7 agent 1002 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
	)
	r.wantState(alice, voice, agentstate.Available, agentstate.ReasonNone)
	r.do(Input{Op: OpAdvance, At: at(31, 0)})
	r.wantIntervals(per5000, "09:00 complete none", "09:30 open none")
}

// §Application Instance / MR PG Failover.
func TestChapterAppMRPG(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, chat)
	r.ready(at(0, 0), bob, chat)
	r.do(Input{Op: OpSendRequest, At: at(1, 0), App: app7, Request: 1, MRD: chat})

	got := r.down(at(10, 0), appMRPG)
	wantEffects(t, got,
		"CS-1 path app-to-mr-pg:7 down (outage 1)",
		"RT-1 row 1 app 7 request 1 MRD 2: discarded",
	)
	got = r.do(Input{Op: OpSendRequest, At: at(11, 0), App: app7, Request: 2, MRD: chat})
	wantEffects(t, got,
		"RT-1 row 2 app 7 request 2 MRD 2: held",
	)
	// The application keeps assigning tasks itself and reporting them to
	// the CTI server; one completed before the restore never appears in
	// reports (RP-3), one still open at the restore does.
	got = r.create(at(12, 0), 101, chat, alice, taskstate.StateActive)
	wantEffects(t, got)
	got = r.create(at(12, 0), 102, chat, bob, taskstate.StateActive)
	wantEffects(t, got)
	got = r.task(at(15, 0), TaskEnd, 101, 0)
	wantEffects(t, got,
		"task 101 (app 7, MRD 2, agent 1001): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting unreported (RP-3)",
	)
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)

	got = r.up(at(20, 0), appMRPG)
	wantEffects(t, got,
		"CS-8 path app-to-mr-pg:7 up (outage 1)",
		"RT-2 row 3 app 7 request 1 MRD 2: resend NEW_TASK",
		"RT-1 row 2 app 7 request 2 MRD 2: NEW_TASK",
	)
	got = r.task(at(25, 0), TaskEnd, 102, 0)
	wantEffects(t, got,
		"task 102 (app 7, MRD 2, agent 1002): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting complete",
	)
	r.wantTasks(0, TaskReport{Task: 101, App: app7, MRD: chat, Agent: alice, Ended: at(15, 0),
		Disposition: taskstate.NormalEndTask, Class: ccefsm.ReportUnreported, Rule: ccefsm.RP3})
	// The agents' peripheral never went offline: the intervals are
	// complete (RP-3 is about tasks, not intervals).
	r.do(Input{Op: OpAdvance, At: at(61, 0)})
	r.wantIntervals(per5000, "09:00 complete none", "09:30 complete none")
}

// §Application Instance / MR PG Failover, second part: the MR PIM loses the
// Central Controller.
func TestChapterMRPIMController(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, chat)
	r.do(Input{Op: OpSendRequest, At: at(1, 0), App: app7, Request: 1, MRD: chat})
	linkA := Element{Kind: LinkMRPIMController, ID: mrpg2, Side: ccefsm.SideA}
	linkB := Element{Kind: LinkMRPIMController, ID: mrpg2, Side: ccefsm.SideB}
	got := r.down(at(10, 0), linkA)
	wantEffects(t, got)
	got = r.down(at(10, 1), linkB)
	wantEffects(t, got,
		"CS-1 path mr-pim-to-cc:2 down (outage 1)",
		"RT-3 row 5 app 7: ROUTING_DISABLED",
		"RT-3 row 8 app 7 request 1 MRD 2: deleted",
	)
	got = r.do(Input{Op: OpSendRequest, At: at(11, 0), App: app7, Request: 2, MRD: chat})
	wantEffects(t, got,
		"RT-3 row 7 app 7 request 2 MRD 2: NEW_TASK_FAILURE",
	)
	r.wantRouting(app7, "disabled=true pending=0 held=1")
	r.wantRoutable(alice, chat, false, ccefsm.RT3, routing.ReasonRoutingDisabled)
	// A task the application assigns itself while routing is disabled and
	// that ends before routing returns is never reported (RP-3); the agent
	// keeps working (the CTI path is up).
	got = r.create(at(12, 0), 101, chat, alice, taskstate.StateActive)
	wantEffects(t, got)
	r.wantTasks(1)
	got = r.task(at(14, 0), TaskEnd, 101, 0)
	wantEffects(t, got,
		"task 101 (app 7, MRD 2, agent 1001): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting unreported (RP-3)",
	)
	got = r.up(at(20, 0), linkA)
	wantEffects(t, got,
		"CS-8 path mr-pim-to-cc:2 up (outage 1)",
		"RT-4 row 9 app 7: ROUTING_ENABLED",
		"RT-4 row 10 app 7 request 1 MRD 2: resubmit NEW_TASK",
	)
	r.wantRouting(app7, "disabled=false pending=1 held=0") // request 1 resubmitted; request 2 was answered NEW_TASK_FAILURE
	r.wantRoutable(alice, chat, true, 0, 0)
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)
	r.wantTasks(0, TaskReport{Task: 101, App: app7, MRD: chat, Agent: alice, Ended: at(14, 0),
		Disposition: taskstate.NormalEndTask, Class: ccefsm.ReportUnreported, Rule: ccefsm.RP3})
	r.do(Input{Op: OpAdvance, At: at(31, 0)})
	r.wantIntervals(per5000, "09:00 complete none", "09:30 open none")
}

// §Application Instance / Agent PG CTI Server / PIM Failover, with the
// email exception.
func TestChapterAppCTIServer(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	for _, a := range []ccefsm.AgentID{alice, bob, carl} {
		r.ready(at(0, 0), a, chat, email)
	}
	r.create(at(0, 0), 301, chat, alice, taskstate.StateActive)
	r.create(at(0, 0), 302, chat, bob, taskstate.StateActive)
	r.create(at(0, 0), 401, email, bob, taskstate.StateActive)
	r.do(Input{Op: OpSendRequest, At: at(1, 0), App: app7, Request: 1, MRD: chat})

	got := r.down(at(5, 0), appCTI)
	wantEffects(t, got,
		"CS-1 path app-to-cti-server:7 down (outage 1)",
		"AG-8 peripheral 5000 MRD 2: CTI path down, agents stay logged in",
		"AG-9 peripheral 5000 MRD 3: CTI path down, agents stay logged in",
	)
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)
	// The MR PG path is up: the pending NEW_TASK stays pending, routing is
	// not disabled (the CTI path is no routing path).
	r.wantRouting(app7, "disabled=false pending=1 held=0")
	r.wantTasks(3)

	// The CTI server cannot hear chat agent requests; the email manager
	// keeps recording email agent state (AG-9).
	r.l.Reset()
	err := r.e.AgentRequest(&r.l, at(6, 0), carl, chat, agentstate.EventNotReady, 5)
	if !errors.Is(err, ErrPathDown) {
		t.Errorf("chat request during the CTI outage: %v, want ErrPathDown", err)
	}
	r.agent(at(6, 0), carl, email, agentstate.EventNotReady)

	got = r.task(at(10, 0), TaskEnd, 302, 0)
	wantEffects(t, got,
		"TS-2 task 302 (app 7, MRD 2, agent 1002): end-deferred",
	)
	got = r.create(at(12, 0), 303, chat, carl, taskstate.StateActive)
	wantEffects(t, got)

	// Task life (20 minutes) runs out at 09:25.
	got = r.do(Input{Op: OpAdvance, At: at(26, 0)})
	wantEffects(t, got,
		"TS-1 task 301 (app 7, MRD 2, agent 1001): ended from ACTIVE with 42 DBCD_APPLICATION_PATH_WENT_DOWN, reporting partial (RP-4)",
		"TS-3 task 401 (app 7, MRD 3, agent 1002): segment-ended from ACTIVE with 53 DBCD_PARTIAL_CALL",
	)

	got = r.up(at(30, 0), appCTI)
	wantEffects(t, got,
		"CS-8 path app-to-cti-server:7 up (outage 1)",
		"TS-2 task 302 (app 7, MRD 2, agent 1002): ended from CLOSING with 51 DBCD_TASK_ENDED_DURING_APP_INIT, reporting partial (RP-4)",
		"TS-5 task 303 (app 7, MRD 2, agent 1003): task-init",
		"TS-3 task 401 (app 7, MRD 3, agent 1002): segment-restarted",
		"AG-8 peripheral 5000 MRD 2: CTI path restored",
		"AG-8 peripheral 5000 MRD 3: CTI path restored",
		"AG-9 peripheral 5000 MRD 3: BEGIN_AGENT_INIT_IND (181)",
		"AG-9 agent 1001 MRD 3: AGENT_INIT_REQ (182) AVAILABLE (was AVAILABLE) [reports: RP-6]",
		"AG-9 agent 1002 MRD 3: AGENT_INIT_REQ (182) AVAILABLE (was AVAILABLE) [reports: RP-6]",
		"AG-9 agent 1003 MRD 3: AGENT_INIT_REQ (182) NOT_READY (was NOT_READY) [reports: RP-6]",
		"AG-9 peripheral 5000 MRD 3: END_AGENT_INIT_IND (184)",
		"AG-9 peripheral 5000 MRD 3: AGENT_INIT_READY_EVENT (186)",
	)
	if s := r.state(carl, email); !s.Recreated || s.State != agentstate.NotReady {
		t.Errorf("carl's email state after the resync: %+v, want NOT_READY, recreated (RP-6)", s)
	}
	r.wantTasks(2,
		TaskReport{Task: 301, App: app7, MRD: chat, Agent: alice, Ended: at(25, 0), Disposition: taskstate.ApplicationPathWentDown, Class: ccefsm.ReportPartial, Rule: ccefsm.RP4},
		TaskReport{Task: 302, App: app7, MRD: chat, Agent: bob, Ended: at(30, 0), Disposition: taskstate.TaskEndedDuringAppInit, Class: ccefsm.ReportPartial, Rule: ccefsm.RP4},
	)
	r.wantRouting(app7, "disabled=false pending=1 held=0")
	r.wantRoutable(carl, email, false, ccefsm.RT8, routing.ReasonNotAvailable) // NOT_READY since 09:06
	// The peripheral stayed online: its intervals are complete (the CTI
	// path carries tasks and agent state, not the PIM's interval data).
	r.do(Input{Op: OpAdvance, At: at(61, 0)})
	r.wantIntervals(per5000, "09:00 complete none", "09:30 complete none")
}

// §Application Instance / Agent PG CTI Server, the link alone: the CTI
// server (with the PG side's OPC) loses the CallRouter on both sides while
// the Central Controller is up (RT-6, RT-7, CS-4). The application's CTI
// path stays up: agents and tasks go on, the PG caches its records and
// interval data and delivers them late (RP-5), and routing on the MR PG is
// untouched.
func TestChapterCTIServerControllerLink(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice, chat)
	r.create(at(0, 0), 201, chat, alice, taskstate.StateActive)
	r.do(Input{Op: OpSendRequest, At: at(1, 0), App: app7, Request: 1, MRD: chat})
	linkA := Element{Kind: LinkPGController, ID: pg1, Side: ccefsm.SideA}
	linkB := Element{Kind: LinkPGController, ID: pg1, Side: ccefsm.SideB}

	got := r.down(at(10, 0), linkA)
	wantEffects(t, got)
	got = r.down(at(10, 1), linkB)
	wantEffects(t, got,
		"CS-1 path agent-pg-to-cc:1 down (outage 1)",
	)
	if r.pathUp(Path{Kind: PathPGController, ID: pg1}) || !r.pathUp(pathCTI) || !r.pathUp(pathMR) {
		t.Error("paths after the PG lost the CallRouter: want agent-pg-to-cc down, the application's paths up")
	}
	r.wantState(alice, voice, agentstate.Available, agentstate.ReasonNone)
	r.wantRouting(app7, "disabled=false pending=1 held=0")
	// The router does not see the PG's agents (RT-8, inferred).
	r.wantRoutable(alice, chat, false, ccefsm.RT8, routing.ReasonControllerDown)

	got = r.task(at(12, 0), TaskEnd, 201, 0)
	wantEffects(t, got,
		"task 201 (app 7, MRD 2, agent 1001): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting complete",
		"RT-6 row 15 record 201 (kind 1): open",
	)
	got = r.create(at(13, 0), 202, chat, alice, taskstate.StateActive)
	wantEffects(t, got,
		"CS-4 task 202 (app 7, MRD 2, agent 1001): ended from ACTIVE with 39 DBCD_CANT_OBTAIN_TASK_ID, reporting complete",
		"RT-6 row 15 record 202 (kind 1): open",
	)

	got = r.up(at(40, 0), linkB)
	wantEffects(t, got,
		"CS-8 path agent-pg-to-cc:1 up (outage 1)",
		"RT-6 row 16 record 201 (kind 1): late",
		"RP-5 task 201 (app 7, MRD 2): reporting late",
		"RT-6 row 16 record 202 (kind 1): late",
		"RP-5 task 202 (app 7, MRD 2): reporting late",
		"RP-5 peripheral 5000: interval 2026-03-02T09:00Z delivered late (outage 1)",
	)
	got = r.up(at(41, 0), linkA)
	wantEffects(t, got)
	r.wantTasks(0,
		TaskReport{Task: 201, App: app7, MRD: chat, Agent: alice, Ended: at(12, 0), Disposition: taskstate.NormalEndTask, Class: ccefsm.ReportLate, Rule: ccefsm.RP5},
		TaskReport{Task: 202, App: app7, MRD: chat, Agent: alice, Ended: at(13, 0), Disposition: taskstate.CantObtainTaskID, Class: ccefsm.ReportLate, Rule: ccefsm.RP5},
	)
	r.do(Input{Op: OpAdvance, At: at(61, 0)})
	r.wantIntervals(per5000, "09:00 late RP-5", "09:30 complete none")
}

// Note of §Application Instance / MR PG Failover: an application going down
// also takes its Agent PG CTI server connection down (CS-2).
func TestChapterNoteAppDown(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, chat)
	r.create(at(0, 0), 201, chat, alice, taskstate.StateActive)
	r.do(Input{Op: OpSendRequest, At: at(1, 0), App: app7, Request: 1, MRD: chat})
	got := r.down(at(10, 0), appEl)
	wantEffects(t, got,
		"CS-2 path app-to-mr-pg:7 down (outage 1)",
		"CS-2 path app-to-cti-server:7 down (outage 2)",
		"RT-1 row 1 app 7 request 1 MRD 2: discarded",
		"AG-8 peripheral 5000 MRD 2: CTI path down, agents stay logged in",
		"AG-9 peripheral 5000 MRD 3: CTI path down, agents stay logged in",
	)
	if r.pathUp(pathCTI) || r.pathUp(pathMR) {
		t.Error("a path of a down application is up")
	}
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)
	r.wantRouting(app7, "disabled=false pending=0 held=1")
	r.wantRoutable(alice, chat, false, ccefsm.RT1, routing.ReasonAppPathDown)
	got = r.up(at(12, 0), appEl)
	wantEffects(t, got,
		"CS-8 path app-to-mr-pg:7 up (outage 1)",
		"CS-8 path app-to-cti-server:7 up (outage 2)",
		"AG-8 peripheral 5000 MRD 2: CTI path restored",
		"AG-8 peripheral 5000 MRD 3: CTI path restored",
		"AG-9 peripheral 5000 MRD 3: BEGIN_AGENT_INIT_IND (181)",
		"AG-9 peripheral 5000 MRD 3: END_AGENT_INIT_IND (184)",
		"AG-9 peripheral 5000 MRD 3: AGENT_INIT_READY_EVENT (186)",
		"RT-2 row 3 app 7 request 1 MRD 2: resend NEW_TASK",
	)
	r.wantRouting(app7, "disabled=false pending=1 held=0")
	r.wantTasks(1)
	r.do(Input{Op: OpAdvance, At: at(31, 0)})
	r.wantIntervals(per5000, "09:00 complete none", "09:30 open none")
}

// Notes of §Application Instance / MR PG and §Application Instance / Agent
// PG CTI Server: the Central Controller going down affects both of the
// application's interfaces (CS-3, CS-4), and one side down is no outage
// (CS-5).
func TestChapterNoteControllerDown(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, chat)
	r.create(at(0, 0), 201, chat, alice, taskstate.StateActive)

	got := r.down(at(10, 0), ccA)
	wantEffects(t, got)
	got = r.down(at(10, 0), ccB)
	wantEffects(t, got,
		"CS-5 path central-controller down (outage 1)",
		"CS-3 path agent-pg-to-cc:1 down (outage 2)",
		"CS-3 path mr-pim-to-cc:2 down (outage 3)",
		"RT-3 row 5 app 7: ROUTING_DISABLED",
	)
	r.wantRoutable(alice, chat, false, ccefsm.RT8, routing.ReasonControllerDown)
	r.wantRouting(app7, "disabled=true pending=0 held=0")

	// RT-6: the task's record is cached…
	got = r.task(at(12, 0), TaskEnd, 201, 0)
	wantEffects(t, got,
		"task 201 (app 7, MRD 2, agent 1001): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting complete",
		"RT-6 row 15 record 201 (kind 1): open",
	)
	// …and CS-4: a task the application assigns itself cannot obtain a
	// task ID.
	got = r.create(at(13, 0), 202, chat, alice, taskstate.StateActive)
	wantEffects(t, got,
		"CS-4 task 202 (app 7, MRD 2, agent 1001): ended from ACTIVE with 39 DBCD_CANT_OBTAIN_TASK_ID, reporting unreported (RP-3)",
		"RT-6 row 15 record 202 (kind 1): open",
	)
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)

	got = r.up(at(40, 0), ccA)
	wantEffects(t, got,
		"CS-8 path central-controller up (outage 1)",
		"CS-8 path agent-pg-to-cc:1 up (outage 2)",
		"CS-8 path mr-pim-to-cc:2 up (outage 3)",
		"RT-4 row 9 app 7: ROUTING_ENABLED",
		"RT-6 row 16 record 201 (kind 1): late",
		"RP-5 task 201 (app 7, MRD 2): reporting late",
		"RT-6 row 16 record 202 (kind 1): late",
		"RP-3 task 202 (app 7, MRD 2): reporting unreported",
		"RP-5 peripheral 5000: interval 2026-03-02T09:00Z delivered late (outage 2)",
	)
	r.wantRouting(app7, "disabled=false pending=0 held=0")
	r.wantRoutable(alice, chat, true, 0, 0)
	r.wantTasks(0,
		TaskReport{Task: 201, App: app7, MRD: chat, Agent: alice, Ended: at(12, 0), Disposition: taskstate.NormalEndTask, Class: ccefsm.ReportLate, Rule: ccefsm.RP5},
		TaskReport{Task: 202, App: app7, MRD: chat, Agent: alice, Ended: at(13, 0), Disposition: taskstate.CantObtainTaskID, Class: ccefsm.ReportUnreported, Rule: ccefsm.RP3},
	)
	r.do(Input{Op: OpAdvance, At: at(61, 0)})
	r.wantIntervals(per5000, "09:00 late RP-5", "09:30 complete none")
}
