package failover_test

import (
	"fmt"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
)

// A supervisor's desktop asks: what if side A of the Agent PG failed now?
// The answer comes from a clone; the live engine, fed by the service, is
// untouched and goes on.
func ExampleEngine_Clone() {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	live, err := failover.New(failover.Config{
		Start: start,
		Topology: failover.Topology{
			CentralController: ccefsm.Duplex,
			MRDs:              []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice)},
			AgentPGs:          []failover.AgentPGConfig{{ID: 1, Redundancy: ccefsm.Duplex, Peripherals: []ccefsm.PeripheralID{5000}}},
			Agents:            []failover.AgentConfig{{ID: 1001, Peripheral: 5000}},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var log failover.Log
	_ = live.AgentRequest(&log, start, 1001, 1, agentstate.EventLogin, 0)
	_ = live.AgentRequest(&log, start, 1001, 1, agentstate.EventReady, 0)

	whatIf := live.Clone()
	log.Reset()
	sideA := failover.Element{Kind: failover.AgentPG, ID: 1, Side: ccefsm.SideA}
	if err := whatIf.Down(&log, start.Add(time.Minute), sideA); err != nil {
		fmt.Println(err)
		return
	}
	for _, ef := range log.All() {
		fmt.Println(ef)
	}
	down, _ := live.IsDown(sideA)
	st, _ := live.Roster().State(1001, 1)
	fmt.Println("live engine: side A down:", down, "agent 1001:", st)
	// Output:
	// CS-7 cti-server:1:B takes over
	// AG-3 peripheral 5000: side A down
	// AG-1 peripheral 5000: offline (side A lost) [reports: RP-1]
	// AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]
	// AG-3 peripheral 5000: online, side B active
	// AG-5 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1
	// RP-1 peripheral 5000: interval 2026-03-02T09:00Z deleted (outage 1)
	// live engine: side A down: false agent 1001: AVAILABLE
}
