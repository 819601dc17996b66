package failover_test

import (
	"fmt"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/taskstate"
)

// An Application Instance loses its path to the Agent PG CTI server for
// 25 minutes: agents stay logged in, its chat task ends with 42 when the
// MRD's task life runs out, and the ledger says what the reports will
// lack.
func Example() {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e, err := failover.New(failover.Config{
		Start: start,
		Topology: failover.Topology{
			CentralController: ccefsm.Duplex,
			MRDs:              []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice), ccefsm.NewMRD(2, ccefsm.MediaChat)},
			AgentPGs:          []failover.AgentPGConfig{{ID: 1, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{5000}}},
			MRPGs:             []failover.MRPGConfig{{ID: 2}},
			Applications:      []failover.ApplicationConfig{{ID: 7, MRDs: []ccefsm.MRDID{2}, AgentPG: 1, MRPG: 2}},
			Agents:            []failover.AgentConfig{{ID: 1001, Peripheral: 5000}},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var log failover.Log
	at := func(min int) time.Time { return start.Add(time.Duration(min) * time.Minute) }
	_ = e.AgentRequest(&log, at(0), 1001, 2, agentstate.EventLogin, 0)
	_ = e.AgentRequest(&log, at(0), 1001, 2, agentstate.EventReady, 0)
	_ = e.CreateTask(&log, at(1), taskstate.NewTask{ID: 101, App: 7, MRD: 2, Agent: 1001, State: taskstate.StateActive})
	log.Reset()

	link := failover.Element{Kind: failover.LinkAppCTIServer, ID: 7}
	_ = e.Down(&log, at(5), link)
	_ = e.Advance(&log, at(25)) // task life: 20 minutes from 09:05
	_ = e.Up(&log, at(30), link)
	for i, ef := range log.All() {
		fmt.Println(log.Input(i), ef) // the input's sequence number, the effect
	}
	for _, t := range e.Tasks(nil) {
		fmt.Println("ledger: task", t.Task, t.Class, t.Rule)
	}
	// Output:
	// 4 CS-1 path app-to-cti-server:7 down (outage 1)
	// 4 AG-8 peripheral 5000 MRD 2: CTI path down, agents stay logged in
	// 5 TS-1 task 101 (app 7, MRD 2, agent 1001): ended from ACTIVE with 42 DBCD_APPLICATION_PATH_WENT_DOWN, reporting partial (RP-4)
	// 6 CS-8 path app-to-cti-server:7 up (outage 1)
	// 6 AG-8 peripheral 5000 MRD 2: CTI path restored
	// ledger: task 101 partial RP-4
}

// An agent is on a call when side A of a duplex Agent PG fails: side B
// takes over and recovers the call from Unified CM, and the call is
// reported as two TCD records (RP-9). The ledger says which calls and why.
func ExampleEngine_Splits() {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e, err := failover.New(failover.Config{
		Start: start,
		Topology: failover.Topology{
			MRDs:     []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice)},
			AgentPGs: []failover.AgentPGConfig{{ID: 1, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{5000}}},
			Agents:   []failover.AgentConfig{{ID: 1001, Peripheral: 5000}},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var log failover.Log
	for _, ev := range []agentstate.Event{agentstate.EventLogin, agentstate.EventDial} {
		_ = e.AgentRequest(&log, start, 1001, 1, ev, 0)
	}
	_ = e.Down(&log, start.Add(10*time.Minute), failover.Element{Kind: failover.AgentPG, ID: 1, Side: ccefsm.SideA})
	for _, s := range e.Splits(nil) {
		o, _ := e.Outage(s.Outage)
		fmt.Printf("agent %d: call split at %s (%s), outage %d caused by %s\n", s.Agent, s.Recovered.Format("15:04"), s.Rule, s.Outage, o.Cause)
	}
	// Output:
	// agent 1001: call split at 09:10 (RP-9), outage 1 caused by agent-pg:1:A
}
