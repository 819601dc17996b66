package failover

import (
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
	"github.com/google/go-cmp/cmp"
)

// One end-to-end test per section of the chapter "Data Loss and Component
// Failover", each asserting agents, tasks, routing messages and the ledger
// together, plus one per note of the chapter (CS-2, CS-3, CS-4).

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

	got := r.down(at(10, 0), pimA)
	wantLines(t, got,
		"CS-1 path peripheral:5000 down (outage 1)",
		"AG-1 peripheral 5000: offline (side A lost)",
		"AG-1 agent 1001 MRD 1: logged out from AVAILABLE",
		"AG-1 agent 1002 MRD 1: logged out from AVAILABLE",
		"RP-1 peripheral 5000: interval 2026-03-02T09:00Z deleted (outage 1)",
		"RT-5 row 12 peripheral 5000: voice unavailable",
	)
	noLine(t, got, "MRD 2") // RT-5: the chat MRD is not touched
	r.wantState(alice, voice, agentstate.Logout, agentstate.ReasonNone)
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)
	if ok, rule, _, err := r.e.Routable(alice, voice); ok || rule != ccefsm.RT5 || err != nil {
		t.Errorf("Routable(alice, voice) = %v %v %v, want false RT-5", ok, rule, err)
	}
	if ok, _, reason, err := r.e.Routable(alice, chat); !ok || err != nil {
		t.Errorf("Routable(alice, chat) = %v %v %v, want true (RT-5: non-voice goes on)", ok, reason, err)
	}

	got = r.up(at(40, 0), pimA)
	wantLines(t, got,
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
	wantLines(t, got, "AG-2 agent 1001 MRD 1: reported AVAILABLE", "AG-2 agent 1002 MRD 1: reported NOT_READY")
	r.wantState(bob, voice, agentstate.NotReady, 7)

	r.do(Input{Op: OpAdvance, At: at(91, 0)})
	if diff := cmp.Diff([]string{
		"09:00 deleted RP-1",
		"09:30 partial RP-2",
		"10:00 complete none",
		"10:30 open none",
	}, r.intervals(per5000, 4)); diff != "" {
		t.Errorf("intervals (-want +got):\n%s", diff)
	}
}

// §Data Loss, last paragraph: on a duplex PG the other side's PIM
// activates; the data the failed PIM gathered is deleted all the same
// (RP-1), but no interval is inaccurate.
func TestChapterPIMFailureDuplex(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice)
	got := r.down(at(10, 0), pimA)
	wantLines(t, got,
		"AG-3 peripheral 5000: side A down",
		"AG-1 peripheral 5000: offline (side A lost)",
		"AG-1 agent 1001 MRD 1: logged out from AVAILABLE",
		"AG-3 peripheral 5000: online, side B active",
		"RP-1 peripheral 5000: interval 2026-03-02T09:00Z deleted",
	)
	noLine(t, got, "path peripheral")
	noLine(t, got, "voice unavailable")
	if !r.pathUp(Path{Kind: PathPeripheral, ID: uint32(per5000)}) {
		t.Error("peripheral offline after a takeover")
	}
	r.do(Input{Op: OpAdvance, At: at(61, 0)})
	if diff := cmp.Diff([]string{"09:00 deleted RP-1", "09:30 complete none"}, r.intervals(per5000, 2)); diff != "" {
		t.Errorf("intervals (-want +got):\n%s", diff)
	}
}

// §Peripheral Gateway / CTI Manager Service Failover: Table 1.
func TestChapterPGFailover(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice, chat)
	r.ready(at(0, 0), bob, voice)
	r.agent(at(1, 0), bob, voice, agentstate.EventReserve, agentstate.EventAnswer, agentstate.EventWrapReady)
	r.agent(at(1, 0), carl, voice, agentstate.EventLogin)

	got := r.down(at(10, 0), pgA)
	wantLines(t, got,
		"AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-4 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		"AG-4 agent 1002 MRD 1: logged out from WORK_READY, reason 50002",
		"AG-3 peripheral 5000: online, side B active",
		"AG-5 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1",
		"AG-5 agent 1002 MRD 1: logged in to AVAILABLE (WORK_READY at failover) by AG-T1 row 3",
		"AG-5 agent 1003 MRD 1: logged in to NOT_READY (NOT_READY at failover) by AG-T1 row 2",
	)
	// The CTI server and the PG's path to the CallRouter live on side B:
	// the application reconnects there, and its CTI path and Finesse stay
	// up (CS-7).
	wantLines(t, got, "CS-7 cti-server:1:B takes over")
	if !r.pathUp(pathCTI) || !r.pathUp(Path{Kind: PathFinesse, ID: fin1}) || !r.pathUp(Path{Kind: PathPGController, ID: pg1}) {
		t.Error("a path went down with one PG side")
	}
	noLine(t, got, "AG-8")
	noLine(t, got, "AG-6")

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
	// logged out, and the CTI server with it (AG-8, AG-6).
	got = r.down(at(20, 0), pgB)
	wantLines(t, got,
		"CS-7 path agent-pg:1 down",
		"path agent-pg-to-cc:1 down",
		"CS-7 path peripheral:5000 down",
		"path app-to-cti-server:7 down",
		"path finesse:1 down",
		"RP-8 peripheral 5000: interval 2026-03-02T09:00Z deleted",
		"AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002",
		"AG-8 peripheral 5000 MRD 2: CTI path down, agents stay logged in",
	)
	got = r.up(at(30, 0), pgA)
	wantLines(t, got,
		"CS-8 path agent-pg:1 up",
		"AG-5 agent 1001 MRD 1: logged in to AVAILABLE",
		"AG-5 agent 1001 MRD 2: logged in to",
	)
	r.wantState(alice, voice, agentstate.Available, agentstate.ReasonNone)
	r.wantState(bob, voice, agentstate.Available, agentstate.ReasonNone)
}

// §Peripheral Gateway / CTI Manager Service Failover: the CTI Manager. Its
// backup takes over at once; with both down the voice agents wait.
func TestChapterCTIManagerFailover(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice, chat)
	cmA := Element{Kind: CTIManager, ID: cm1, Side: ccefsm.SideA}
	cmB := Element{Kind: CTIManager, ID: cm1, Side: ccefsm.SideB}
	got := r.down(at(10, 0), cmA)
	wantLines(t, got,
		"AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002",
		"AG-5 cti-manager:1:B takes over",
		"AG-5 agent 1001 MRD 1: logged in to AVAILABLE",
	)
	noLine(t, got, "MRD 2") // AG-4: the CTI Manager carries voice only (inferred)
	got = r.down(at(11, 0), cmB)
	wantLines(t, got, "CS-1 path cti-manager:1 down", "AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002")
	r.wantState(alice, voice, agentstate.Logout, agentstate.ReasonConnectionFailure)
	got = r.up(at(15, 0), cmA)
	wantLines(t, got, "CS-8 path cti-manager:1 up", "AG-5 agent 1001 MRD 1: logged in to AVAILABLE")
}

// §Agent Desktop/Finesse Server Failover: Table 2.
func TestChapterDesktopFinesse(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice, chat)
	r.ready(at(0, 0), bob, voice)
	r.agent(at(1, 0), alice, voice, agentstate.EventReserve)
	desk := Element{Kind: Desktop, ID: uint32(alice)}

	got := r.down(at(10, 0), desk)
	wantLines(t, got,
		"CS-1 path desktop:1001 down",
		"AG-6 agent 1001 MRD 1: logged out from RESERVED, reason 50002 [reports: RP-7]",
		"AG-6 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
	)
	noLine(t, got, "agent 1002")
	got = r.up(at(12, 0), desk)
	wantLines(t, got,
		"AG-7 agent 1001 MRD 1: logged in to AVAILABLE (RESERVED at failover) by AG-T2 row 5",
		"AG-7 agent 1001 MRD 2: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
	)

	// The desktop's link to Finesse is the desktop losing Finesse.
	link := Element{Kind: LinkDesktopFinesse, ID: uint32(alice)}
	r.down(at(13, 0), link)
	r.down(at(13, 1), desk) // a second cause on the same path (CS-8)
	if got := r.up(at(14, 0), link); len(got) != 0 {
		t.Errorf("desktop path came back with one cause left: %q", got)
	}
	got = r.up(at(15, 0), desk)
	wantLines(t, got, "CS-8 path desktop:1001 up", "AG-7 agent 1001 MRD 1: logged in to AVAILABLE")

	// The primary Finesse server fails: every agent of the PG is logged out
	// and logged in again on the backup.
	finA := Element{Kind: Finesse, ID: fin1, Side: ccefsm.SideA}
	got = r.down(at(20, 0), finA)
	wantLines(t, got,
		"AG-6 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002",
		"AG-6 agent 1002 MRD 1: logged out from AVAILABLE, reason 50002",
		"AG-7 finesse:1:B takes over",
		"AG-7 agent 1001 MRD 1: logged in to AVAILABLE",
		"AG-7 agent 1002 MRD 1: logged in to AVAILABLE",
	)
	// The backup fails too: logged out until a server is back.
	got = r.down(at(21, 0), Element{Kind: Finesse, ID: fin1, Side: ccefsm.SideB})
	wantLines(t, got, "CS-1 path finesse:1 down", "AG-6 agent 1001 MRD 1: logged out")
	got = r.up(at(25, 0), finA)
	wantLines(t, got, "CS-8 path finesse:1 up", "AG-7 agent 1001 MRD 1: logged in to AVAILABLE")
}

// §Application Instance / MR PG Failover.
func TestChapterAppMRPG(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, chat)
	r.ready(at(0, 0), bob, chat)
	r.do(Input{Op: OpSendRequest, At: at(1, 0), App: app7, Request: 1, MRD: chat})

	got := r.down(at(10, 0), appMRPG)
	wantLines(t, got, "CS-1 path app-to-mr-pg:7 down", "RT-1 row 1 app 7 request 1 MRD 2: discarded")
	got = r.do(Input{Op: OpSendRequest, At: at(11, 0), App: app7, Request: 2, MRD: chat})
	wantLines(t, got, "RT-1 row 2 app 7 request 2 MRD 2: held")
	// The application keeps assigning tasks itself and reporting them to
	// the CTI server; one completed before the restore never appears in
	// reports (RP-3), one still open at the restore does.
	r.create(at(12, 0), 101, chat, alice, taskstate.StateActive)
	r.create(at(12, 0), 102, chat, bob, taskstate.StateActive)
	got = r.task(at(15, 0), TaskEnd, 101, 0)
	wantLines(t, got, "task 101 (app 7, MRD 2, agent 1001): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting unreported (RP-3)")

	got = r.up(at(20, 0), appMRPG)
	wantLines(t, got,
		"CS-8 path app-to-mr-pg:7 up",
		"RT-2 row 3 app 7 request 1 MRD 2: resend NEW_TASK",
		"RT-1 row 2 app 7 request 2 MRD 2: NEW_TASK",
	)
	got = r.task(at(25, 0), TaskEnd, 102, 0)
	wantLines(t, got, "task 102 (app 7, MRD 2, agent 1002): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting complete")
	if diff := cmp.Diff([]TaskReport{{Task: 101, App: app7, MRD: chat, Agent: alice, Ended: at(15, 0),
		Disposition: taskstate.NormalEndTask, Class: ccefsm.ReportUnreported, Rule: ccefsm.RP3}}, r.e.Tasks(nil)); diff != "" {
		t.Errorf("task ledger (-want +got):\n%s", diff)
	}
}

// §Application Instance / MR PG Failover, second part: the MR PIM loses the
// Central Controller.
func TestChapterMRPIMController(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.do(Input{Op: OpSendRequest, At: at(1, 0), App: app7, Request: 1, MRD: chat})
	linkA := Element{Kind: LinkMRPIMController, ID: mrpg2, Side: ccefsm.SideA}
	linkB := Element{Kind: LinkMRPIMController, ID: mrpg2, Side: ccefsm.SideB}
	if got := r.down(at(10, 0), linkA); len(got) != 0 {
		t.Errorf("one side's link down changed something: %q", got)
	}
	got := r.down(at(10, 1), linkB)
	wantLines(t, got,
		"CS-1 path mr-pim-to-cc:2 down",
		"RT-3 row 5 app 7: ROUTING_DISABLED",
		"RT-3 row 8 app 7 request 1 MRD 2: deleted",
	)
	got = r.do(Input{Op: OpSendRequest, At: at(11, 0), App: app7, Request: 2, MRD: chat})
	wantLines(t, got, "RT-3 row 7 app 7 request 2 MRD 2: NEW_TASK_FAILURE")
	got = r.up(at(20, 0), linkA)
	wantLines(t, got,
		"CS-8 path mr-pim-to-cc:2 up",
		"RT-4 row 9 app 7: ROUTING_ENABLED",
		"RT-4 row 10 app 7 request 1 MRD 2: resubmit NEW_TASK",
	)
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

	got := r.down(at(5, 0), appCTI)
	wantLines(t, got,
		"CS-1 path app-to-cti-server:7 down",
		"AG-8 peripheral 5000 MRD 2: CTI path down, agents stay logged in",
		"AG-9 peripheral 5000 MRD 3: CTI path down, agents stay logged in",
	)
	r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)

	// The CTI server cannot hear chat agent requests; the email manager
	// keeps recording email agent state (AG-9).
	r.l.Reset()
	err := r.e.AgentRequest(&r.l, at(6, 0), carl, chat, agentstate.EventNotReady, 5)
	if !errors.Is(err, ErrPathDown) {
		t.Errorf("chat request during the CTI outage: %v, want ErrPathDown", err)
	}
	r.agent(at(6, 0), carl, email, agentstate.EventNotReady)

	got = r.task(at(10, 0), TaskEnd, 302, 0)
	wantLines(t, got, "TS-2 task 302 (app 7, MRD 2, agent 1002): end-deferred")
	got = r.create(at(12, 0), 303, chat, carl, taskstate.StateActive)
	if len(got) != 0 {
		t.Errorf("creating a task during the outage: %q", got)
	}

	// Task life (20 minutes) runs out at 09:25.
	got = r.do(Input{Op: OpAdvance, At: at(26, 0)})
	wantLines(t, got,
		"TS-1 task 301 (app 7, MRD 2, agent 1001): ended from ACTIVE with 42 DBCD_APPLICATION_PATH_WENT_DOWN, reporting partial (RP-4)",
		"TS-3 task 401 (app 7, MRD 3, agent 1002): segment-ended",
	)
	noLine(t, got, "task 303")

	got = r.up(at(30, 0), appCTI)
	wantLines(t, got,
		"CS-8 path app-to-cti-server:7 up",
		"TS-2 task 302 (app 7, MRD 2, agent 1002): ended from CLOSING with 51 DBCD_TASK_ENDED_DURING_APP_INIT, reporting partial (RP-4)",
		"TS-5 task 303 (app 7, MRD 2, agent 1003): task-init",
		"TS-3 task 401 (app 7, MRD 3, agent 1002): segment-restarted",
		"AG-9 peripheral 5000 MRD 3: BEGIN_AGENT_INIT_IND (181)",
		"AG-9 agent 1003 MRD 3: AGENT_INIT_REQ (182) NOT_READY",
		"AG-9 peripheral 5000 MRD 3: END_AGENT_INIT_IND (184)",
		"AG-9 peripheral 5000 MRD 3: AGENT_INIT_READY_EVENT (186)",
	)
	if s := r.state(carl, email); !s.Recreated || s.State != agentstate.NotReady {
		t.Errorf("carl's email state after the resync: %+v, want NOT_READY, recreated (RP-6)", s)
	}
	counts := r.e.TaskCounts()
	if counts.Open != 2 || counts.ByClass[ccefsm.ReportPartial] != 2 {
		t.Errorf("task counts %+v, want 2 open (401, 303), 301 and 302 partial", counts)
	}
}

// Note of §Application Instance / MR PG Failover: an application going down
// also takes its Agent PG CTI server connection down (CS-2).
func TestChapterNoteAppDown(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.do(Input{Op: OpSendRequest, At: at(1, 0), App: app7, Request: 1, MRD: chat})
	got := r.down(at(10, 0), appEl)
	wantLines(t, got,
		"CS-2 path app-to-mr-pg:7 down",
		"CS-2 path app-to-cti-server:7 down",
		"RT-1 row 1 app 7 request 1 MRD 2: discarded",
		"AG-8 peripheral 5000 MRD 2: CTI path down",
	)
	if r.pathUp(pathCTI) || r.pathUp(pathMR) {
		t.Error("a path of a down application is up")
	}
	got = r.up(at(12, 0), appEl)
	wantLines(t, got, "CS-8 path app-to-mr-pg:7 up", "CS-8 path app-to-cti-server:7 up", "AG-8 peripheral 5000 MRD 2: CTI path restored",
		"RT-2 row 3 app 7 request 1 MRD 2: resend NEW_TASK")
}

// Notes of §Application Instance / MR PG and §Application Instance / Agent
// PG CTI Server: the Central Controller going down affects both of the
// application's interfaces (CS-3, CS-4), and one side down is no outage
// (CS-5).
func TestChapterNoteControllerDown(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, chat)
	r.create(at(0, 0), 201, chat, alice, taskstate.StateActive)

	if got := r.down(at(10, 0), ccA); len(got) != 0 {
		t.Errorf("one Central Controller side down changed something (CS-5): %q", got)
	}
	got := r.down(at(10, 0), ccB)
	wantLines(t, got,
		"CS-5 path central-controller down",
		"CS-3 path agent-pg-to-cc:1 down",
		"CS-3 path mr-pim-to-cc:2 down",
		"RT-3 row 5 app 7: ROUTING_DISABLED",
	)
	if ok, rule, reason, _ := r.e.Routable(alice, chat); ok || rule != ccefsm.RT8 || reason != routing.ReasonControllerDown {
		t.Errorf("Routable during the Central Controller outage: %v %v %v", ok, rule, reason)
	}

	// RT-6: the task's record is cached…
	got = r.task(at(12, 0), TaskEnd, 201, 0)
	wantLines(t, got, "task 201", "RT-6 row 15 record 201 (kind 1): open")
	// …and CS-4: a task the application assigns itself cannot obtain a
	// task ID.
	got = r.create(at(13, 0), 202, chat, alice, taskstate.StateActive)
	wantLines(t, got, "CS-4 task 202 (app 7, MRD 2, agent 1001): ended from ACTIVE with 39 DBCD_CANT_OBTAIN_TASK_ID")

	got = r.up(at(40, 0), ccA)
	wantLines(t, got,
		"CS-8 path central-controller up",
		"RT-4 row 9 app 7: ROUTING_ENABLED",
		"RT-6 row 16 record 201 (kind 1): late",
		"RP-5 task 201 (app 7, MRD 2): reporting late",
		"RP-3 task 202 (app 7, MRD 2): reporting unreported",
		"RP-5 peripheral 5000: interval 2026-03-02T09:00Z delivered late",
	)
	r.do(Input{Op: OpAdvance, At: at(61, 0)})
	if diff := cmp.Diff([]string{"09:00 late RP-5", "09:30 complete none"}, r.intervals(per5000, 2)); diff != "" {
		t.Errorf("intervals (-want +got):\n%s", diff)
	}
}
