package cti

import (
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/google/go-cmp/cmp"
)

// The topology of the mapping tests: a duplex Central Controller; Agent PG
// 1 (duplex) with peripheral 5000 (and 5001 in the two-peripheral
// variant); MR PG 2; application 7 serving chat (MRD 2) and email (MRD 3);
// agents 1001-1003 on peripheral 5000, 1004 on 5001 when it exists.
const (
	mPG          = 1
	mApp         = ccefsm.AppID(7)
	p5000        = ccefsm.PeripheralID(5000)
	p5001        = ccefsm.PeripheralID(5001)
	mVoice       = ccefsm.MRDID(1)
	mChat        = ccefsm.MRDID(2)
	mEmail       = ccefsm.MRDID(3)
	a1001, a1002 = ccefsm.AgentID(1001), ccefsm.AgentID(1002)
	a1003, a1004 = ccefsm.AgentID(1003), ccefsm.AgentID(1004)
)

var mt0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func mapTopology(pgRed ccefsm.Redundancy, two bool) failover.Topology {
	per := []ccefsm.PeripheralID{p5000}
	agents := []failover.AgentConfig{{ID: a1001, Peripheral: p5000}, {ID: a1002, Peripheral: p5000}, {ID: a1003, Peripheral: p5000}}
	if two {
		per = append(per, p5001)
		agents = append(agents, failover.AgentConfig{ID: a1004, Peripheral: p5001})
	}
	return failover.Topology{
		CentralController: ccefsm.Duplex,
		MRDs: []ccefsm.MRD{
			ccefsm.NewMRD(mVoice, ccefsm.MediaVoice),
			ccefsm.NewMRD(mChat, ccefsm.MediaChat),
			ccefsm.NewMRD(mEmail, ccefsm.MediaEmail),
		},
		AgentPGs:     []failover.AgentPGConfig{{ID: mPG, Redundancy: pgRed, Peripherals: per}},
		MRPGs:        []failover.MRPGConfig{{ID: 2, Redundancy: ccefsm.Duplex}},
		Applications: []failover.ApplicationConfig{{ID: mApp, MRDs: []ccefsm.MRDID{mChat, mEmail}, AgentPG: mPG, MRPG: 2}},
		Agents:       agents,
	}
}

// Elements of the test topology.
var (
	elACD5000 = failover.Element{Kind: failover.ACD, ID: uint32(p5000)}
	elACD5001 = failover.Element{Kind: failover.ACD, ID: uint32(p5001)}
	elCCA     = failover.Element{Kind: failover.LinkPGController, ID: mPG, Side: ccefsm.SideA}
	elCCB     = failover.Element{Kind: failover.LinkPGController, ID: mPG, Side: ccefsm.SideB}
	elAppCTI  = failover.Element{Kind: failover.LinkAppCTIServer, ID: uint32(mApp)}
)

// Messages of the tests.
func ase(p ccefsm.PeripheralID, a ccefsm.AgentID, m ccefsm.MRDID, st agentstate.State, reason agentstate.ReasonCode, dur uint32) *AgentStateEvent {
	return &AgentStateEvent{PeripheralID: p, ICMAgentID: a, MRDID: m, AgentState: st, SkillGroupState: st,
		EventReasonCode: reason, StateDuration: dur, PeripheralType: PTEnterpriseAgent}
}

func sysEv(st PGStatus, id SystemEventID, arg1 uint32) *SystemEvent {
	return &SystemEvent{PGStatus: st, SystemEventID: id, SystemEventArg1: arg1, EventDeviceType: DeviceIDNone}
}

func openConf(st PGStatus) *OpenConf {
	return &OpenConf{InvokeID: 1, PGStatus: st, PeripheralOnline: st&PGPeripheralOffline == 0,
		PeripheralType: PTEnterpriseAgent, SessionType: SessionActive}
}

// Expected rows.
func obs(at time.Time, a ccefsm.AgentID, m ccefsm.MRDID, st agentstate.State, reason agentstate.ReasonCode) Mapped {
	return Mapped{Row: RowObserve, Input: failover.Input{Op: failover.OpAgentObserve, At: at, Agent: a, MRD: m, State: st, Reason: reason}}
}

func held(at time.Time, p ccefsm.PeripheralID, a ccefsm.AgentID, st agentstate.State, reason agentstate.ReasonCode) Mapped {
	return Mapped{Row: RowBurstHold, Input: failover.Input{At: at, Agent: a, MRD: mVoice, State: st, Reason: reason, Peripheral: p}}
}

func down(row MapRowID, at time.Time, el failover.Element) Mapped {
	return Mapped{Row: row, Input: failover.Input{Op: failover.OpDown, At: at, Element: el}}
}

func up(row MapRowID, at time.Time, el failover.Element) Mapped {
	return Mapped{Row: row, Input: failover.Input{Op: failover.OpUp, At: at, Element: el}}
}

func note(row MapRowID) Mapped { return Mapped{Row: row} }

func report(at time.Time, p ccefsm.PeripheralID, reps ...agentstate.Report) Mapped {
	return Mapped{Row: RowBurstReport, Input: failover.Input{Op: failover.OpReportStates, At: at, Peripheral: p, Reports: reps}}
}

func rep(a ccefsm.AgentID, st agentstate.State, reason agentstate.ReasonCode, in time.Duration) agentstate.Report {
	return agentstate.Report{Agent: a, MRD: mVoice, State: st, Reason: reason, InState: in}
}

// sec returns mt0 plus s seconds.
func sec(s float64) time.Time { return mt0.Add(time.Duration(s * float64(time.Second))) }

// An mstep is one call to the mapper: Map(msg) at at, or Closed (closed),
// or Flush (flush).
type mstep struct {
	at     time.Time
	msg    Message
	closed bool
	flush  bool
}

func at(t time.Time, msg Message) mstep { return mstep{at: t, msg: msg} }

var (
	closedAt = func(t time.Time) mstep { return mstep{at: t, closed: true} }
	flushAt  = func(t time.Time) mstep { return mstep{at: t, flush: true} }
)

func (s mstep) run(m *Mapper, dst []Mapped) ([]Mapped, error) {
	switch {
	case s.closed:
		return m.Closed(dst, s.at)
	case s.flush:
		return m.Flush(dst), nil
	}
	return m.Map(dst, s.at, s.msg)
}

// mapCase is one row test: the rows the steps give after the setup steps,
// applied to an engine on the same topology, whose effects must include the
// lines of effects in order.
type mapCase struct {
	name     string
	rule     ccefsm.RuleID // the rule the row under test cites
	row      MapRowID      // the row under test
	simplex  bool
	two      bool // two peripherals
	observer bool // the client is no application
	cfg      func(*MapperConfig)
	setup    []mstep
	steps    []mstep
	want     []Mapped
	effects  []string
	states   []wantState // states in the engine after the steps
	refused  int         // inputs the engine refuses
}

type wantState struct {
	a      ccefsm.AgentID
	m      ccefsm.MRDID
	st     agentstate.State
	reason agentstate.ReasonCode
}

var mapCases = []mapCase{
	// Agent state.
	{
		name: "an agent state is an observation", row: RowObserve, rule: ccefsm.AG10,
		steps: []mstep{
			at(sec(1), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0)),
			at(sec(2), ase(p5000, a1001, mChat, agentstate.NotReady, 7, 0)),
		},
		want: []Mapped{
			obs(sec(1), a1001, mVoice, agentstate.Available, 0),
			obs(sec(2), a1001, mChat, agentstate.NotReady, 7),
		},
		// An observation gives no effect: the engine's state says it.
		states: []wantState{{a1001, mVoice, agentstate.Available, 0}, {a1001, mChat, agentstate.NotReady, 7}},
	},
	{
		name: "an unknown agent's state is the engine's to refuse", row: RowObserve, rule: ccefsm.AG10,
		steps:   []mstep{at(sec(1), ase(p5000, 4242, mVoice, agentstate.Available, 0, 0))},
		want:    []Mapped{obs(sec(1), 4242, mVoice, agentstate.Available, 0)},
		refused: 1,
	},
	{
		name: "a peripheral the configuration lacks", row: RowUnknownPeripheral,
		steps: []mstep{at(sec(1), ase(6000, a1001, mVoice, agentstate.Available, 0, 0))},
		want:  []Mapped{note(RowUnknownPeripheral)},
	},
	{
		name: "an MRD the configuration lacks", row: RowUnknownMRD,
		steps: []mstep{at(sec(1), ase(p5000, a1001, 9, agentstate.Available, 0, 0))},
		want:  []Mapped{note(RowUnknownMRD)},
	},

	// The reconnect burst.
	{
		name: "reports after SYS_PERIPHERAL_ONLINE are held", row: RowBurstHold, rule: ccefsm.AG2,
		setup: []mstep{at(sec(1), sysEv(PGPeripheralOffline, SysPeripheralOffline, 5000))},
		steps: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10.5), ase(p5000, a1001, mVoice, agentstate.Available, 0, 30)),
			at(sec(11), ase(p5000, a1002, mVoice, agentstate.NotReady, 7, 5)),
		},
		want: []Mapped{
			up(RowPeripheralOnline, sec(10), elACD5000),
			held(sec(10.5), p5000, a1001, agentstate.Available, 0),
			held(sec(11), p5000, a1002, agentstate.NotReady, 7),
		},
		effects: []string{"AG-3 peripheral 5000: online"},
	},
	{
		name: "a message of another kind closes the burst: one report-states", row: RowBurstReport, rule: ccefsm.AG2,
		setup: []mstep{
			at(sec(0), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0)),
			at(sec(1), sysEv(PGPeripheralOffline, SysPeripheralOffline, 5000)),
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10.5), ase(p5000, a1001, mVoice, agentstate.Available, 0, 30)),
			at(sec(11), ase(p5000, a1002, mVoice, agentstate.NotReady, 7, 5)),
		},
		steps: []mstep{at(sec(12), sysEv(0, SysHalfHourChange, 0))},
		want: []Mapped{
			// Applied at the burst's last report (11 s): the first report was
			// held half a second, which is added to its time in state.
			report(sec(11), p5000, rep(a1001, agentstate.Available, 0, 30500*time.Millisecond), rep(a1002, agentstate.NotReady, 7, 5*time.Second)),
			note(RowNoChange),
		},
		effects: []string{"AG-2 agent 1001 MRD 1: reported AVAILABLE", "AG-2 agent 1002 MRD 1: reported NOT_READY"},
	},
	{
		name: "an event of another MRD closes the burst and is an observation", row: RowBurstReport, rule: ccefsm.AG2,
		setup: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10.5), ase(p5000, a1001, mVoice, agentstate.Available, 0, 30)),
		},
		steps: []mstep{at(sec(11), ase(p5000, a1001, mChat, agentstate.Available, 0, 0))},
		want: []Mapped{
			report(sec(10.5), p5000, rep(a1001, agentstate.Available, 0, 30*time.Second)),
			obs(sec(11), a1001, mChat, agentstate.Available, 0),
		},
	},
	{
		name: "an agent reported twice closes the burst: the second is a change", row: RowBurstReport, rule: ccefsm.AG2,
		setup: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10), ase(p5000, a1001, mVoice, agentstate.Available, 0, 30)),
		},
		steps: []mstep{at(sec(11), ase(p5000, a1001, mVoice, agentstate.Reserved, 0, 0))},
		want: []Mapped{
			report(sec(10), p5000, rep(a1001, agentstate.Available, 0, 30*time.Second)),
			obs(sec(11), a1001, mVoice, agentstate.Reserved, 0),
		},
	},
	{
		name: "a gap longer than BurstGap closes the burst", row: RowBurstReport, rule: ccefsm.AG2,
		setup: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(11), ase(p5000, a1001, mVoice, agentstate.Available, 0, 30)),
		},
		steps: []mstep{at(sec(13.001), ase(p5000, a1002, mVoice, agentstate.Available, 0, 0))},
		want: []Mapped{
			report(sec(11), p5000, rep(a1001, agentstate.Available, 0, 30*time.Second)),
			obs(sec(13.001), a1002, mVoice, agentstate.Available, 0),
		},
	},
	{
		name: "a gap of exactly BurstGap keeps the burst open", row: RowBurstHold, rule: ccefsm.AG2,
		setup: []mstep{at(sec(10), sysEv(0, SysPeripheralOnline, 5000))},
		steps: []mstep{at(sec(12), ase(p5000, a1002, mVoice, agentstate.Available, 0, 0))},
		want:  []Mapped{held(sec(12), p5000, a1002, agentstate.Available, 0)},
	},
	{
		name: "a configured gap", row: RowBurstReport, rule: ccefsm.AG2,
		cfg: func(c *MapperConfig) { c.BurstGap = 100 * time.Millisecond },
		setup: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10.1), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0)),
		},
		steps: []mstep{at(sec(10.3), ase(p5000, a1002, mVoice, agentstate.Available, 0, 0))},
		want: []Mapped{
			report(sec(10.1), p5000, rep(a1001, agentstate.Available, 0, 0)),
			obs(sec(10.3), a1002, mVoice, agentstate.Available, 0),
		},
	},
	{
		name: "a heartbeat within the gap leaves the burst open", row: RowSession,
		setup: []mstep{at(sec(10), sysEv(0, SysPeripheralOnline, 5000))},
		steps: []mstep{
			at(sec(11), &HeartbeatConf{InvokeID: 9}),
			at(sec(11.5), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0)),
		},
		want: []Mapped{note(RowSession), held(sec(11.5), p5000, a1001, agentstate.Available, 0)},
	},
	{
		name: "a heartbeat at exactly BurstGap leaves the burst open", row: RowBurstHold, rule: ccefsm.AG2,
		setup: []mstep{at(sec(10), sysEv(0, SysPeripheralOnline, 5000))},
		steps: []mstep{at(sec(12), &HeartbeatReq{InvokeID: 9}), at(sec(12), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0))},
		want:  []Mapped{note(RowSession), held(sec(12), p5000, a1001, agentstate.Available, 0)},
	},
	{
		name: "a heartbeat after the gap closes the burst", row: RowBurstReport, rule: ccefsm.AG2,
		setup: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0)),
		},
		steps: []mstep{at(sec(12.5), &HeartbeatReq{InvokeID: 9})},
		want:  []Mapped{report(sec(10), p5000, rep(a1001, agentstate.Available, 0, 0)), note(RowSession)},
	},
	{
		name: "Flush closes the burst", row: RowBurstReport, rule: ccefsm.AG2,
		setup: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10), ase(p5000, a1003, mVoice, agentstate.NotReady, 50002, 3)),
		},
		steps: []mstep{flushAt(sec(10)), flushAt(sec(10))},
		want:  []Mapped{report(sec(10), p5000, rep(a1003, agentstate.NotReady, 50002, 3*time.Second))},
	},
	{
		name: "MaxBurst reports close the burst", row: RowBurstReport, rule: ccefsm.AG2,
		cfg: func(c *MapperConfig) { c.MaxBurst = 1 },
		setup: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0)),
		},
		steps: []mstep{at(sec(10), ase(p5000, a1002, mVoice, agentstate.Available, 0, 0))},
		want: []Mapped{
			report(sec(10), p5000, rep(a1001, agentstate.Available, 0, 0)),
			obs(sec(10), a1002, mVoice, agentstate.Available, 0),
		},
	},
	{
		name: "an invalid state does not join the burst: the engine refuses it alone", row: RowBurstReport, rule: ccefsm.AG2,
		setup: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0)),
		},
		steps: []mstep{at(sec(10), ase(p5000, a1002, mVoice, 15, 0, 0))},
		want: []Mapped{
			report(sec(10), p5000, rep(a1001, agentstate.Available, 0, 0)),
			obs(sec(10), a1002, mVoice, 15, 0),
		},
		refused: 1,
	},
	{
		name: "an empty burst gives no input", row: RowPeripheralOnlineAgain, rule: ccefsm.AG2,
		steps: []mstep{at(sec(10), sysEv(0, SysPeripheralOnline, 5000)), flushAt(sec(11))},
		want:  []Mapped{note(RowPeripheralOnlineAgain)},
	},
	{
		name: "reports the directory does not place on the peripheral are applied alone", row: RowBurstStray, rule: ccefsm.AG10,
		two: true,
		setup: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0)),
			at(sec(10), ase(p5000, 4242, mVoice, agentstate.Available, 0, 0)),
			at(sec(10), ase(p5000, a1004, mVoice, agentstate.NotReady, 0, 0)),
			at(sec(10), ase(p5000, a1002, mVoice, agentstate.Available, 0, 0)),
		},
		steps: []mstep{flushAt(sec(10))},
		want: []Mapped{
			report(sec(10), p5000, rep(a1001, agentstate.Available, 0, 0), rep(a1002, agentstate.Available, 0, 0)),
			{Row: RowBurstStray, Input: failover.Input{Op: failover.OpAgentObserve, At: sec(10), Agent: 4242, MRD: mVoice, State: agentstate.Available}},
			{Row: RowBurstStray, Input: failover.Input{Op: failover.OpAgentObserve, At: sec(10), Agent: a1004, MRD: mVoice, State: agentstate.NotReady}},
		},
		effects: []string{"AG-2 agent 1001 MRD 1: reported AVAILABLE", "AG-2 agent 1002"},
		states:  []wantState{{a1004, mVoice, agentstate.NotReady, 0}},
		refused: 1, // agent 4242
	},
	{
		name: "without a directory every report goes into report-states", row: RowBurstReport, rule: ccefsm.AG2,
		cfg: func(c *MapperConfig) { c.Agents = nil },
		setup: []mstep{
			at(sec(10), sysEv(0, SysPeripheralOnline, 5000)),
			at(sec(10), ase(p5000, 4242, mVoice, agentstate.Available, 0, 0)),
		},
		steps:   []mstep{closedAt(sec(11))},
		want:    []Mapped{report(sec(10), p5000, rep(4242, agentstate.Available, 0, 0)), down(RowSessionClosed, sec(11), elAppCTI)},
		refused: 1,
	},

	// Peripherals.
	{
		name: "SYS_PERIPHERAL_OFFLINE: the ACD, once", row: RowPeripheralOffline, rule: ccefsm.AG1,
		setup: []mstep{at(sec(0), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0))},
		steps: []mstep{
			at(sec(1), sysEv(PGPeripheralOffline, SysPeripheralOffline, 5000)),
			at(sec(2), sysEv(PGPeripheralOffline, SysPeripheralOffline, 5000)),
		},
		want:    []Mapped{down(RowPeripheralOffline, sec(1), elACD5000), note(RowNoChange)},
		effects: []string{"CS-6 path peripheral:5000 down", "AG-1 agent 1001 MRD 1: logged out from AVAILABLE", "RP-1 peripheral 5000"},
	},
	{
		name: "the event wins over the bit", row: RowPeripheralOffline, rule: ccefsm.AG1,
		steps: []mstep{at(sec(1), sysEv(0, SysPeripheralOffline, 5000))},
		want:  []Mapped{down(RowPeripheralOffline, sec(1), elACD5000)},
	},
	{
		name: "SYS_PERIPHERAL_ONLINE: the ACD back, a burst opens", row: RowPeripheralOnline, rule: ccefsm.AG2,
		setup: []mstep{at(sec(1), sysEv(PGPeripheralOffline, SysPeripheralOffline, 5000))},
		steps: []mstep{at(sec(5), sysEv(0, SysPeripheralOnline, 5000))},
		want:  []Mapped{up(RowPeripheralOnline, sec(5), elACD5000)},
	},
	{
		name: "SYS_PERIPHERAL_ONLINE of an online peripheral opens a burst", row: RowPeripheralOnlineAgain, rule: ccefsm.AG2,
		steps: []mstep{at(sec(5), sysEv(0, SysPeripheralOnline, 5000)), at(sec(6), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0))},
		want:  []Mapped{note(RowPeripheralOnlineAgain), held(sec(6), p5000, a1001, agentstate.Available, 0)},
	},
	{
		name: "a peripheral event for a peripheral the configuration lacks", row: RowPeripheralEventUnknown,
		steps: []mstep{
			at(sec(1), sysEv(0, SysPeripheralOffline, 6000)),
			at(sec(2), sysEv(0, SysInstrumentOutOfService, 6000)),
		},
		want: []Mapped{note(RowPeripheralEventUnknown), note(RowPeripheralEventUnknown)},
	},
	{
		name: "PGS_PERIPHERAL_OFFLINE on a PG of one peripheral", row: RowStatusPeripheralOffline, rule: ccefsm.AG1,
		steps:   []mstep{at(sec(1), sysEv(PGPeripheralOffline, SysTextFYI, 0))},
		want:    []Mapped{down(RowStatusPeripheralOffline, sec(1), elACD5000)},
		effects: []string{"CS-6 path peripheral:5000 down"},
	},
	{
		name: "PGS_PERIPHERAL_OFFLINE on a PG of two peripherals names none", row: RowStatusPeripheralAmbiguous,
		two: true,
		steps: []mstep{
			at(sec(1), sysEv(PGPeripheralOffline, SysTextFYI, 0)),
			at(sec(2), sysEv(PGPeripheralOffline, SysTextFYI, 0)),
			at(sec(3), sysEv(PGPeripheralOffline, SysPeripheralOffline, 5001)),
		},
		want: []Mapped{note(RowStatusPeripheralAmbiguous), note(RowNoChange), down(RowPeripheralOffline, sec(3), elACD5001)},
	},
	{
		name: "PGS_PERIPHERAL_OFFLINE with the event that names the peripheral", row: RowPeripheralOffline, rule: ccefsm.AG1,
		two:   true,
		steps: []mstep{at(sec(1), sysEv(PGPeripheralOffline, SysPeripheralOffline, 5000))},
		want:  []Mapped{down(RowPeripheralOffline, sec(1), elACD5000)},
	},
	{
		name: "PGS_PERIPHERAL_OFFLINE clear: every peripheral online", row: RowStatusPeripheralsOnline, rule: ccefsm.AG2,
		two: true,
		setup: []mstep{
			at(sec(1), sysEv(PGPeripheralOffline, SysPeripheralOffline, 5000)),
			at(sec(2), sysEv(PGPeripheralOffline, SysPeripheralOffline, 5001)),
		},
		steps: []mstep{at(sec(3), sysEv(0, SysPeripheralOnline, 5000))},
		want:  []Mapped{up(RowPeripheralOnline, sec(3), elACD5000), up(RowStatusPeripheralsOnline, sec(3), elACD5001)},
	},
	{
		name: "OPEN_CONF states every element", row: RowStatusPeripheralsOnline, rule: ccefsm.AG2,
		two: true,
		setup: []mstep{
			at(sec(1), sysEv(PGPeripheralOffline, SysPeripheralOffline, 5001)),
		},
		steps: []mstep{at(sec(3), openConf(0))},
		want: []Mapped{
			up(RowControllerUp, sec(3), elCCA), up(RowControllerUp, sec(3), elCCB),
			up(RowStatusPeripheralsOnline, sec(3), elACD5000), up(RowStatusPeripheralsOnline, sec(3), elACD5001),
			up(RowAppPathUp, sec(3), elAppCTI),
		},
		effects: []string{"CS-8 path peripheral:5001 up"},
	},
	{
		name: "an OPEN_CONF with the bit on a PG of two peripherals leaves them", row: RowStatusPeripheralAmbiguous,
		two: true, simplex: true,
		steps: []mstep{at(sec(3), openConf(PGPeripheralOffline))},
		want: []Mapped{
			up(RowControllerUp, sec(3), elCCA),
			note(RowStatusPeripheralAmbiguous),
			up(RowAppPathUp, sec(3), elAppCTI),
		},
	},

	// The Central Controller.
	{
		name: "PGS_CC_DOWN: the PG's links on both sides", row: RowControllerDown, rule: ccefsm.RT6,
		steps: []mstep{
			at(sec(1), sysEv(PGCCDown, SysCentralControllerOffline, 0)),
			at(sec(2), sysEv(PGCCDown, SysHalfHourChange, 0)),
		},
		want:    []Mapped{down(RowControllerDown, sec(1), elCCA), down(RowControllerDown, sec(1), elCCB), note(RowNoChange)},
		effects: []string{"CS-1 path agent-pg-to-cc:1 down"},
	},
	{
		name: "a simplex PG has one link", row: RowControllerDown, rule: ccefsm.RT6, simplex: true,
		steps: []mstep{at(sec(1), sysEv(PGCCDown, SysTextFYI, 0))},
		want:  []Mapped{down(RowControllerDown, sec(1), elCCA)},
	},
	{
		name: "SYS_CENTRAL_CONTROLLER_OFFLINE wins over the bit", row: RowControllerDown, rule: ccefsm.RT6, simplex: true,
		steps: []mstep{at(sec(1), sysEv(0, SysCentralControllerOffline, 0))},
		want:  []Mapped{down(RowControllerDown, sec(1), elCCA)},
	},
	{
		name: "the Central Controller back", row: RowControllerUp, rule: ccefsm.RT6,
		setup: []mstep{at(sec(1), sysEv(PGCCDown, SysCentralControllerOffline, 0))},
		steps: []mstep{at(sec(60), sysEv(PGCCDown, SysCentralControllerOnline, 0))},
		want:  []Mapped{up(RowControllerUp, sec(60), elCCA), up(RowControllerUp, sec(60), elCCB)},
		effects: []string{
			"CS-8 path agent-pg-to-cc:1 up",
		},
	},

	// The application's CTI path.
	{
		name: "PGS_OPC_DOWN: the application's CTI path", row: RowOPCDown, rule: ccefsm.AG8,
		steps: []mstep{
			at(sec(1), sysEv(PGOPCDown, SysTextFYI, 0)),
			at(sec(2), sysEv(0, SysTextFYI, 0)),
		},
		want:    []Mapped{down(RowOPCDown, sec(1), elAppCTI), up(RowAppPathUp, sec(2), elAppCTI)},
		effects: []string{"CS-1 path app-to-cti-server:7 down", "AG-8 peripheral 5000 MRD 2: CTI path down", "CS-8 path app-to-cti-server:7 up"},
	},
	{
		name: "SYS_PERIPHERAL_GATEWAY_OFFLINE", row: RowOPCDown, rule: ccefsm.AG8,
		steps: []mstep{at(sec(1), sysEv(0, SysPeripheralGatewayOffline, 0))},
		want:  []Mapped{down(RowOPCDown, sec(1), elAppCTI)},
	},
	{
		name: "PGS_CTI_SERVER_OFFLINE and SYS_CTI_SERVER_ONLINE", row: RowCTIServerOffline, rule: ccefsm.AG8,
		steps: []mstep{
			at(sec(1), sysEv(PGCTIServerOffline|PGLimitedFunction, SysCTIServerOffline, 0)),
			at(sec(2), sysEv(PGCTIServerOffline|PGOPCDown, SysTextFYI, 0)),
			at(sec(3), sysEv(PGCTIServerOffline, SysCTIServerOnline, 0)),
		},
		want: []Mapped{down(RowCTIServerOffline, sec(1), elAppCTI), note(RowNoChange), up(RowAppPathUp, sec(3), elAppCTI)},
	},
	{
		name: "FAILURE_EVENT E_CTI_CTI_SERVER_OFFLINE", row: RowServerOffline, rule: ccefsm.AG8,
		steps: []mstep{
			at(sec(1), &FailureEvent{Status: StatusCTIServerOffline}),
			at(sec(1), &CloseConf{InvokeID: 3}),
			closedAt(sec(2)),
		},
		want:    []Mapped{down(RowServerOffline, sec(1), elAppCTI), note(RowNoChange), note(RowNoChange)},
		effects: []string{"AG-8 peripheral 5000 MRD 2: CTI path down"},
	},
	{
		name: "CLOSE_CONF", row: RowSessionClosed, rule: ccefsm.AG8,
		steps: []mstep{at(sec(1), &CloseReq{InvokeID: 3}), at(sec(1), &CloseConf{InvokeID: 3})},
		want:  []Mapped{note(RowSession), down(RowSessionClosed, sec(1), elAppCTI)},
	},
	{
		name: "a connection lost", row: RowSessionClosed, rule: ccefsm.AG8,
		steps: []mstep{closedAt(sec(1))},
		want:  []Mapped{down(RowSessionClosed, sec(1), elAppCTI)},
	},
	{
		name: "OPEN_CONF after a closed session", row: RowAppPathUp, rule: ccefsm.AG8, simplex: true,
		setup: []mstep{closedAt(sec(1))},
		steps: []mstep{at(sec(30), &OpenReq{InvokeID: 4, VersionNumber: 24}), at(sec(31), openConf(0))},
		want: []Mapped{
			note(RowSession),
			up(RowControllerUp, sec(31), elCCA),
			up(RowStatusPeripheralsOnline, sec(31), elACD5000),
			up(RowAppPathUp, sec(31), elAppCTI),
		},
		effects: []string{"CS-8 path app-to-cti-server:7 up"},
	},
	{
		name: "an OPEN_CONF with PGS_OPC_DOWN keeps the path down", row: RowOPCDown, rule: ccefsm.AG8, simplex: true,
		setup: []mstep{closedAt(sec(1))},
		steps: []mstep{at(sec(31), openConf(PGOPCDown))},
		want: []Mapped{
			up(RowControllerUp, sec(31), elCCA),
			up(RowStatusPeripheralsOnline, sec(31), elACD5000),
			down(RowOPCDown, sec(31), elAppCTI),
		},
	},
	{
		name: "an OPEN_CONF restates a path that is down, with its cause", row: RowOPCDown, rule: ccefsm.AG8, simplex: true,
		setup: []mstep{at(sec(1), sysEv(PGOPCDown, SysTextFYI, 0)), at(sec(2), sysEv(PGOPCDown|PGCTIServerOffline, SysTextFYI, 0))},
		steps: []mstep{at(sec(3), openConf(PGOPCDown)), at(sec(4), openConf(PGCTIServerOffline))},
		want: []Mapped{
			up(RowControllerUp, sec(3), elCCA), up(RowStatusPeripheralsOnline, sec(3), elACD5000), down(RowOPCDown, sec(3), elAppCTI),
			up(RowControllerUp, sec(4), elCCA), up(RowStatusPeripheralsOnline, sec(4), elACD5000), down(RowCTIServerOffline, sec(4), elAppCTI),
		},
	},
	{
		name: "a client that is no application", row: RowNotAnApplication, simplex: true,
		observer: true,
		steps: []mstep{
			at(sec(1), &FailureEvent{Status: StatusCTIServerOffline}),
			at(sec(2), openConf(0)),
			at(sec(3), sysEv(PGOPCDown, SysTextFYI, 0)),
		},
		want: []Mapped{
			note(RowNotAnApplication),
			up(RowControllerUp, sec(2), elCCA), up(RowStatusPeripheralsOnline, sec(2), elACD5000), note(RowNotAnApplication),
			note(RowNotAnApplication),
		},
	},

	// No input.
	{
		name: "status messages that change nothing", row: RowNoChange,
		steps: []mstep{
			at(sec(1), sysEv(0, SysHalfHourChange, 0)),
			at(sec(2), sysEv(PGLimitedFunction|0x100, SysTextFYI, 0)),
			at(sec(3), sysEv(0, SysInstrumentOutOfService, 5000)),
			at(sec(4), sysEv(0, SysInstrumentBackInService, 5000)),
		},
		want: []Mapped{note(RowNoChange), note(RowNoChange), note(RowNoChange), note(RowNoChange)},
	},
	{
		name: "session messages", row: RowSession,
		steps: []mstep{
			at(sec(1), &OpenReq{InvokeID: 1, VersionNumber: 24}),
			at(sec(1), &HeartbeatReq{InvokeID: 2}),
			at(sec(1), &HeartbeatConf{InvokeID: 2}),
			at(sec(1), &FailureConf{InvokeID: 3, Status: StatusCTIServerOffline}),
			at(sec(1), &FailureEvent{Status: StatusTimeout}),
			at(sec(1), &CloseReq{InvokeID: 4}),
		},
		want: []Mapped{note(RowSession), note(RowSession), note(RowSession), note(RowSession), note(RowSession), note(RowSession)},
	},
	{
		name: "task messages are kept raw", row: RowTaskMessage,
		steps: []mstep{
			at(sec(1), &Raw{MsgType: MsgEndTaskEvent, Body: make([]byte, 12)}),
			at(sec(1), &Raw{MsgType: MsgOfferTaskInd}),
			at(sec(1), &Raw{MsgType: MsgAgentInitReadyEvent}),
			at(sec(1), &Raw{MsgType: MsgTaskInitResp}),
			at(sec(1), &Raw{MsgType: MsgEndTaskInd}),
			at(sec(1), &Raw{MsgType: MsgBeginAgentInitInd}),
		},
		want: []Mapped{note(RowTaskMessage), note(RowTaskMessage), note(RowTaskMessage), note(RowTaskMessage),
			note(RowTaskMessage), note(RowTaskMessage)},
	},
	{
		name: "other messages", row: RowOtherMessage,
		steps: []mstep{
			at(sec(1), &Raw{MsgType: 277}),
			at(sec(1), &Raw{MsgType: 36}),
			at(sec(1), &Raw{MsgType: 170}),
			at(sec(1), &Raw{MsgType: 180}),
			at(sec(1), &Raw{MsgType: 187}),
			at(sec(1), foreignMessage{}), // a Message of another package, whatever its type
		},
		want: []Mapped{note(RowOtherMessage), note(RowOtherMessage), note(RowOtherMessage), note(RowOtherMessage), note(RowOtherMessage),
			note(RowOtherMessage)},
	},
}

// newMapRig returns a mapper and an engine for c.
func newMapRig(t *testing.T, c mapCase) (*Mapper, *failover.Engine) {
	t.Helper()
	red := ccefsm.Duplex
	if c.simplex {
		red = ccefsm.Simplex
	}
	top := mapTopology(red, c.two)
	e, err := failover.New(failover.Config{Topology: top, Start: mt0.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	app := mApp
	if c.observer {
		app = 0
	}
	cfg, err := MapperConfigFor(top, mPG, app)
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg != nil {
		c.cfg(&cfg)
	}
	m, err := NewMapper(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m, e
}

// TestMapRows runs every case of mapCases: the rows the steps give, that the
// row under test is among them and cites the case's rule, and what the
// engine does with the inputs.
func TestMapRows(t *testing.T) {
	for _, c := range mapCases {
		t.Run(c.name, func(t *testing.T) {
			m, e := newMapRig(t, c)
			var l failover.Log
			var out []Mapped
			for _, s := range c.setup {
				var err error
				if out, err = s.run(m, out[:0]); err != nil {
					t.Fatal(err)
				}
				if err := Apply(e, &l, out); err != nil && c.refused == 0 {
					t.Fatalf("setup: %v", err)
				}
			}
			l.Reset()
			var got []Mapped
			refused := 0
			for _, s := range c.steps {
				n := len(got)
				var err error
				if got, err = s.run(m, got); err != nil {
					t.Fatal(err)
				}
				// Apply each input as soon as it is mapped: the reports of
				// a burst alias the mapper's memory until its next call.
				for _, x := range got[n:] {
					if x.Input.Op == failover.OpNone {
						continue
					}
					if err := e.Apply(&l, x.Input); err != nil {
						var ie *failover.InputError
						if !errors.As(err, &ie) {
							t.Errorf("refusal %v is not an *InputError", err)
						}
						refused++
					}
				}
				for i := n; i < len(got); i++ { // keep the reports for the comparison
					got[i].Input.Reports = append([]agentstate.Report(nil), got[i].Input.Reports...)
				}
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if refused != c.refused {
				t.Errorf("the engine refused %d inputs, want %d", refused, c.refused)
			}
			rowSeen := false
			for _, x := range got {
				rowSeen = rowSeen || x.Row == c.row
			}
			if !rowSeen {
				t.Errorf("row %v is not among the rows given", c.row)
			}
			if r, _ := c.row.Row(); r.Rule != c.rule {
				t.Errorf("row %v cites %v, the case %v", c.row, r.Rule, c.rule)
			}
			var lines []string
			for _, ef := range l.All() {
				lines = append(lines, ef.String())
			}
			wantLines(t, lines, c.effects...)
			for _, w := range c.states {
				st, err := e.Roster().Status(w.a, w.m)
				if err != nil || st.State != w.st || st.Reason != w.reason {
					t.Errorf("agent %d MRD %d: %v, %v; want %v reason %d", w.a, w.m, st, err, w.st, w.reason)
				}
			}
		})
	}
}

// wantLines checks that every want line is a part of a line of got, in
// order.
func wantLines(t *testing.T, got []string, want ...string) {
	t.Helper()
	i := 0
	for _, g := range got {
		if i < len(want) && strings.Contains(g, want[i]) {
			i++
		}
	}
	if i < len(want) {
		t.Errorf("effects lack %q (after the %d before it):\n%s", want[i], i, strings.Join(got, "\n"))
	}
}

// Every row of the table is the row under test of a case, and every row a
// case gives is a row of the table.
func TestMapRowsCovered(t *testing.T) {
	tested := map[MapRowID]bool{}
	for _, c := range mapCases {
		tested[c.row] = true
	}
	for _, r := range MapRows() {
		if !tested[r.ID] {
			t.Errorf("row %v (%s) has no case", r.ID, r.Name)
		}
	}
	if len(MapRows()) != int(numRows)-1 {
		t.Errorf("%d rows, want %d", len(MapRows()), numRows-1)
	}
}

// The table is well formed: IDs in order, names unique, a row with inputs
// cites a rule and a row without cites none, an inferred row says why.
func TestMapTable(t *testing.T) {
	names := map[string]bool{}
	for i, r := range MapRows() {
		if r.ID != MapRowID(i+1) {
			t.Errorf("row %d has ID %v", i+1, r.ID)
		}
		if r.Name == "" || names[r.Name] {
			t.Errorf("row %v: name %q empty or repeated", r.ID, r.Name)
		}
		names[r.Name] = true
		noInput := strings.HasPrefix(r.Inputs, "none")
		if noInput != (r.Rule == ccefsm.RuleNone) && r.ID != RowBurstHold && r.ID != RowPeripheralOnlineAgain {
			t.Errorf("row %v: inputs %q, rule %v", r.ID, r.Inputs, r.Rule)
		}
		if r.Rule != ccefsm.RuleNone && !r.Rule.IsValid() {
			t.Errorf("row %v: rule %v", r.ID, r.Rule)
		}
		if r.Provenance == 0 || r.Condition == "" || r.Inputs == "" {
			t.Errorf("row %v is incomplete: %+v", r.ID, r)
		}
		if r.Provenance&ccefsm.Inferred != 0 && r.Note == "" {
			t.Errorf("row %v is inferred without a note", r.ID)
		}
		// A row that produces nothing under no rule gives no consequence a
		// Cisco document states: that nothing changes is this package's
		// reading (or its limitation, M24), inferred.
		if noInput && r.Rule == ccefsm.RuleNone && r.Provenance != ccefsm.Inferred {
			t.Errorf("row %v produces no input under no rule, yet its provenance is %v, not inferred", r.ID, r.Provenance)
		}
		for _, mt := range r.Messages {
			if !mt.Named() {
				t.Errorf("row %v: message type %d", r.ID, mt)
			}
		}
	}
	// The rows a row refers to exist.
	for _, r := range MapRows() {
		for _, ref := range regexp.MustCompile(`\bM([0-9]+)\b`).FindAllStringSubmatch(r.Condition+" "+r.Inputs+" "+r.Note, -1) {
			if n, _ := strconv.Atoi(ref[1]); !MapRowID(n).IsValid() {
				t.Errorf("row %v refers to %s", r.ID, ref[0])
			}
		}
	}
	if _, ok := MapRowID(0).Row(); ok {
		t.Error("row 0 exists")
	}
	if _, ok := numRows.Row(); ok {
		t.Error("a row past the end exists")
	}
	// Row returns a copy.
	r, _ := RowTaskMessage.Row()
	r.Messages[0] = 0
	if r2, _ := RowTaskMessage.Row(); r2.Messages[0] != MsgOfferTaskInd {
		t.Error("Row shares the table's memory")
	}
	// Every message type the package names has a row.
	for _, mt := range messageTypes {
		found := false
		for _, r := range MapRows() {
			for _, x := range r.Messages {
				found = found || x == mt
			}
		}
		if !found {
			t.Errorf("%v has no row", mt)
		}
	}
}

func TestMapperConfig(t *testing.T) {
	top := mapTopology(ccefsm.Duplex, false)
	good, err := MapperConfigFor(top, mPG, mApp)
	if err != nil {
		t.Fatal(err)
	}
	if good.Redundancy != ccefsm.Duplex || len(good.Peripherals) != 1 || len(good.MRDs) != 3 || good.App != mApp {
		t.Errorf("MapperConfigFor: %+v", good)
	}
	if p, err := good.Agents.PeripheralOf(a1002); err != nil || p != p5000 {
		t.Errorf("PeripheralOf(1002) = %v, %v", p, err)
	}
	if _, err := good.Agents.PeripheralOf(4242); !errors.Is(err, ErrUnknownAgent) || !errors.Is(err, ccefsm.ErrUnknownID) || noOffset(err) != nil {
		t.Errorf("PeripheralOf(4242): %v", err)
	}
	for _, c := range []struct {
		pg  uint32
		app ccefsm.AppID
		top func(*failover.Topology)
	}{
		{pg: 9, app: mApp},
		{pg: mPG, app: 8},
		{pg: mPG, app: mApp, top: func(t *failover.Topology) {
			t.AgentPGs = append(t.AgentPGs, failover.AgentPGConfig{ID: 2, Redundancy: ccefsm.Simplex})
			t.Applications[0].AgentPG = 2
		}},
	} {
		tp := mapTopology(ccefsm.Duplex, false)
		if c.top != nil {
			c.top(&tp)
		}
		if _, err := MapperConfigFor(tp, c.pg, c.app); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("MapperConfigFor(PG %d, app %d): %v", c.pg, c.app, err)
		}
	}
	if cfg, err := MapperConfigFor(top, mPG, 0); err != nil || cfg.App != 0 {
		t.Errorf("an observer: %+v, %v", cfg, err)
	}

	for name, f := range map[string]func(*MapperConfig){
		"zero PG":          func(c *MapperConfig) { c.PG = 0 },
		"redundancy":       func(c *MapperConfig) { c.Redundancy = 7 },
		"no MRD":           func(c *MapperConfig) { c.MRDs = nil },
		"negative gap":     func(c *MapperConfig) { c.BurstGap = -1 },
		"negative burst":   func(c *MapperConfig) { c.MaxBurst = -1 },
		"zero peripheral":  func(c *MapperConfig) { c.Peripherals = []ccefsm.PeripheralID{0} },
		"peripheral twice": func(c *MapperConfig) { c.Peripherals = []ccefsm.PeripheralID{5, 6, 5} },
		"invalid MRD":      func(c *MapperConfig) { c.MRDs = []ccefsm.MRD{{}} },
		"MRD twice": func(c *MapperConfig) {
			c.MRDs = []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaChat), ccefsm.NewMRD(1, ccefsm.MediaEmail)}
		},
		"two voice MRDs": func(c *MapperConfig) {
			c.MRDs = []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice), ccefsm.NewMRD(2, ccefsm.MediaVoice)}
		},
	} {
		cfg := good
		f(&cfg)
		m, err := NewMapper(cfg)
		var e *Error
		if m != nil || !errors.Is(err, ErrInvalidConfig) || !errors.As(err, &e) || !strings.HasPrefix(e.Field, "MapperConfig.") || e.Offset != -1 {
			t.Errorf("%s: %v, %v", name, m, err)
		}
	}
	// Defaults.
	m, err := NewMapper(good)
	if err != nil {
		t.Fatal(err)
	}
	if m.gap != int64(DefaultBurstGap) || m.maxBurst != DefaultMaxBurst || !m.hasVoice || m.voice != mVoice {
		t.Errorf("defaults: gap %v, max %d, voice %v %v", m.gap, m.maxBurst, m.hasVoice, m.voice)
	}
	// A configuration without a voice MRD holds no burst.
	nv := good
	nv.MRDs = []ccefsm.MRD{ccefsm.NewMRD(mChat, ccefsm.MediaChat)}
	m, _ = NewMapper(nv)
	out, _ := m.Map(nil, sec(1), sysEv(0, SysPeripheralOnline, 5000))
	out, _ = m.Map(out, sec(1), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0))
	if diff := cmp.Diff([]Mapped{note(RowPeripheralOnlineAgain), note(RowUnknownMRD)}, out); diff != "" {
		t.Errorf("no voice MRD (-want +got):\n%s", diff)
	}
}

// Bad calls are refused with a typed error and change nothing.
func TestMapperRefusals(t *testing.T) {
	m, _ := newMapRig(t, mapCase{})
	for _, msg := range []Message{nil, (*AgentStateEvent)(nil), (*SystemEvent)(nil), (*OpenReq)(nil), (*OpenConf)(nil),
		(*FailureConf)(nil), (*FailureEvent)(nil), (*HeartbeatReq)(nil), (*HeartbeatConf)(nil), (*CloseReq)(nil),
		(*CloseConf)(nil), (*Raw)(nil)} {
		if _, err := m.Map(nil, sec(1), msg); !errors.Is(err, ErrWrongType) || noOffset(err) != nil {
			t.Errorf("nil %T: %v", msg, err)
		}
		if got := string(AppendTraceText(nil, 1, 20, msg)); got != "@1 MessageType(0) len=-1" {
			t.Errorf("nil %T: %q", msg, got)
		}
		if got := string(AppendTraceJSON(nil, 1, 20, msg)); got != `{"offset":1,"type":"MessageType(0)","length":-1}` {
			t.Errorf("nil %T: %q", msg, got)
		}
	}
	if m.started {
		t.Error("a refused call started the clock")
	}
	if _, err := m.Map(nil, sec(10), sysEv(0, SysPeripheralOnline, 5000)); err != nil {
		t.Fatal(err)
	}
	before := *m
	for name, f := range map[string]func() error{
		"backwards": func() error {
			_, err := m.Map(nil, sec(9), ase(p5000, a1001, mVoice, agentstate.Available, 0, 0))
			if !errors.Is(err, ErrTimeBackwards) || !errors.Is(err, ccefsm.ErrTimeBackwards) || noOffset(err) != nil {
				return fmt.Errorf("%v", err)
			}
			return nil
		},
		"backwards, other message": func() error {
			_, err := m.Map(nil, sec(9), &HeartbeatReq{})
			if !errors.Is(err, ErrTimeBackwards) {
				return fmt.Errorf("%v", err)
			}
			return nil
		},
		"closed backwards": func() error {
			_, err := m.Closed(nil, sec(9))
			if !errors.Is(err, ErrTimeBackwards) {
				return fmt.Errorf("%v", err)
			}
			return nil
		},
		"out of range": func() error {
			_, err := m.Map(nil, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), &HeartbeatReq{})
			if !errors.Is(err, ErrTimeOutOfRange) || !errors.Is(err, ccefsm.ErrTimeOutOfRange) || noOffset(err) != nil {
				return fmt.Errorf("%v", err)
			}
			return nil
		},
		"closed out of range": func() error {
			_, err := m.Closed(nil, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
			if !errors.Is(err, ErrTimeOutOfRange) {
				return fmt.Errorf("%v", err)
			}
			return nil
		},
	} {
		if err := f(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if !cmp.Equal(before, *m, cmp.AllowUnexported(Mapper{}, burst{}), cmp.Comparer(func(a, b AgentDirectory) bool { return true })) {
			t.Errorf("%s changed the mapper", name)
		}
	}
	if d, ok := m.BurstDeadline(); !ok || !d.Equal(sec(12)) {
		t.Errorf("BurstDeadline = %v, %v", d, ok)
	}
	m.Flush(nil)
	if _, ok := m.BurstDeadline(); ok {
		t.Error("a deadline without a burst")
	}
	// The first call accepts any instant in range, even before the one
	// the engine started at.
	m2, _ := newMapRig(t, mapCase{})
	if _, err := m2.Map(nil, time.Unix(0, 0), &HeartbeatReq{}); err != nil {
		t.Error(err)
	}
}

func TestMappedString(t *testing.T) {
	for _, c := range []struct {
		m    Mapped
		want string
	}{
		{down(RowPeripheralOffline, sec(1), elACD5000), "M7 peripheral-offline: down acd:5000"},
		{up(RowControllerUp, sec(1), elCCB), "M15 controller-up: up link-pg-cc:1:B"},
		{obs(sec(1), a1001, mVoice, agentstate.NotReady, 50002), "M1 observe: agent-observe agent 1001 MRD 1 NOT_READY reason 50002"},
		{held(sec(1), p5000, a1002, agentstate.Available, 0), "M2 burst-hold: held agent 1002 MRD 1 AVAILABLE"},
		{report(sec(1), p5000, rep(a1001, agentstate.Available, 0, 0)), "M3 burst-report: report-states peripheral 5000, 1 reports"},
		{note(RowTaskMessage), "M24 task-message: no input"},
		{Mapped{Row: 99, Input: failover.Input{Op: failover.OpAdvance}}, "M99 ?: advance"},
	} {
		if got := c.m.String(); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
	if RowObserve.String() != "M1" || !RowOtherMessage.IsValid() || numRows.IsValid() {
		t.Error("MapRowID")
	}
}

// Apply applies every input, skips the rows without, and joins the
// refusals.
func TestApply(t *testing.T) {
	_, e := newMapRig(t, mapCase{})
	var l failover.Log
	ms := []Mapped{
		note(RowSession),
		obs(sec(1), a1001, mVoice, agentstate.Available, 0),
		obs(sec(1), 4242, mVoice, agentstate.Available, 0),
		obs(sec(0), a1002, mVoice, agentstate.Available, 0), // backwards
		obs(sec(2), a1003, mVoice, agentstate.Available, 0),
	}
	err := Apply(e, &l, ms)
	var ie *failover.InputError
	if !errors.As(err, &ie) || !errors.Is(err, agentstate.ErrUnknownAgent) || !errors.Is(err, ccefsm.ErrTimeBackwards) {
		t.Errorf("Apply: %v", err)
	}
	if e.Seq() != 2 {
		t.Errorf("%d inputs applied, want 2", e.Seq())
	}
	if st, _ := e.Roster().State(a1003, mVoice); st != agentstate.Available {
		t.Errorf("the input after the refusals was not applied: %v", st)
	}
	if err := Apply(e, &l, ms[:1]); err != nil {
		t.Errorf("no input: %v", err)
	}
	// An input a Mapper does not produce goes through Engine.Apply.
	if err := Apply(e, &l, []Mapped{{Input: failover.Input{Op: failover.OpAdvance, At: sec(3)}}}); err != nil || e.Seq() != 3 {
		t.Errorf("advance: %v, seq %d", err, e.Seq())
	}
	if err := Apply(e, &l, []Mapped{{Input: failover.Input{Op: 99, At: sec(3)}}}); !errors.Is(err, failover.ErrInvalidInput) {
		t.Errorf("an unknown op: %v", err)
	}
}

// A burst holds at most MaxBurst reports, however many a hostile stream
// sends: the rest are observations, and the memory held stays bounded.
func TestBurstBound(t *testing.T) {
	m, _ := newMapRig(t, mapCase{cfg: func(c *MapperConfig) { c.Agents = nil }})
	out, err := m.Map(nil, sec(10), sysEv(0, SysPeripheralOnline, 5000))
	if err != nil {
		t.Fatal(err)
	}
	const n = DefaultMaxBurst + 10
	held, observed, reports := 0, 0, 0
	msg := ase(p5000, 0, mVoice, agentstate.Available, 0, 0)
	for i := range n {
		msg.ICMAgentID = ccefsm.AgentID(100000 + i)
		if out, err = m.Map(out[:0], sec(10), msg); err != nil {
			t.Fatal(err)
		}
		for _, x := range out {
			switch x.Row {
			case RowBurstHold:
				held++
			case RowBurstReport:
				reports += len(x.Input.Reports)
			case RowObserve:
				observed++
			default:
				t.Fatalf("row %v", x)
			}
		}
		if len(m.burst.reports) > DefaultMaxBurst || len(m.burst.seen) > DefaultMaxBurst {
			t.Fatalf("the burst holds %d reports", len(m.burst.reports))
		}
	}
	if held != DefaultMaxBurst || reports != DefaultMaxBurst || observed != n-DefaultMaxBurst {
		t.Errorf("held %d, reported %d, observed %d", held, reports, observed)
	}
}

// foreignMessage is a Message the package does not define.
type foreignMessage struct{}

func (foreignMessage) Type() MessageType                            { return MsgAgentStateEvent }
func (foreignMessage) Decode(Version, []byte) error                 { return nil }
func (foreignMessage) Append(dst []byte, _ Version) ([]byte, error) { return dst, nil }

// After Grow, a burst of that many reports allocates nothing while it is
// held and flushed.
func TestMapperGrow(t *testing.T) {
	m, _ := newMapRig(t, mapCase{cfg: func(c *MapperConfig) { c.Agents = nil }})
	m.Grow(0)
	m.Grow(-1)
	if m.burst.seen != nil || cap(m.burst.reports) != 0 {
		t.Fatal("Grow(0) grew")
	}
	const n = 500
	// Count every allocation of the whole burst: AllocsPerRun would run
	// once first, and average the growth of a map away. MemStats counts
	// the whole process's allocations, and the runtime or the testing
	// package may allocate at any moment, so a count above zero is
	// measured again on a new mapper: an allocation of the burst shows in
	// every measurement, another goroutine's only now and then.
	var allocs uint64
	for range 3 {
		m, _ := newMapRig(t, mapCase{cfg: func(c *MapperConfig) { c.Agents = nil }})
		m.Grow(n)
		out := make([]Mapped, 0, 4)
		var err error
		if out, err = m.Map(out, sec(10), sysEv(0, SysPeripheralOnline, 5000)); err != nil {
			t.Fatal(err)
		}
		msg := ase(p5000, 0, mVoice, agentstate.Available, 0, 0)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := range n {
			msg.ICMAgentID = ccefsm.AgentID(100000 + i)
			if out, err = m.Map(out[:0], sec(10), msg); err != nil || out[0].Row != RowBurstHold {
				t.Fatal(out, err)
			}
		}
		runtime.ReadMemStats(&after)
		if out = m.Flush(out[:0]); len(out) != 1 || len(out[0].Input.Reports) != n {
			t.Errorf("flushed %v", out)
		}
		if allocs = after.Mallocs - before.Mallocs; allocs == 0 {
			break
		}
	}
	if allocs != 0 {
		t.Errorf("holding %d reports allocates %d times (in each of 3 measurements)", n, allocs)
	}
}

// noOffset checks that err is an *Error without a byte offset, as the
// errors of a Mapper are: its text names no byte.
func noOffset(err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Offset != -1 || strings.Contains(err.Error(), "at byte") {
		return fmt.Errorf("%v is not an *Error without an offset", err)
	}
	return nil
}
