package agentstate_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// A voice agent takes a routed call and wraps up; an illegal request is
// refused and changes nothing.
func ExampleMachine_Apply() {
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	m := agentstate.NewMachine(t, agentstate.Voice)
	for _, e := range []agentstate.Event{
		agentstate.EventLogin, agentstate.EventReady, agentstate.EventReserve,
		agentstate.EventAnswer, agentstate.EventWrapReady,
	} {
		t = t.Add(time.Second)
		if err := m.Apply(t, e, agentstate.ReasonNone); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println(m.State(), "before the call:", m.BeforeCall())

	err := m.Apply(t, agentstate.EventLogout, agentstate.ReasonNone)
	fmt.Println(errors.Is(err, agentstate.ErrIllegalTransition), err)
	fmt.Println(m.State())
	// Output:
	// WORK_READY before the call: AVAILABLE
	// true agentstate: illegal transition: LOGOUT from WORK_READY (voice)
	// WORK_READY
}

// Finesse and CTI names parse to the CTI AgentState.
func ExampleParseState() {
	for _, name := range []string{"READY", "WORK", "RESERVED_OUTBOUND", "AGENT_STATE_TALKING", "ACTIVE"} {
		s, err := agentstate.ParseState([]byte(name))
		fmt.Println(name, "->", s, uint8(s), err)
	}
	_, err := agentstate.ParseState([]byte("BREAK"))
	fmt.Println(errors.Is(err, ccefsm.ErrUnknownName))
	// Output:
	// READY -> AVAILABLE 3 <nil>
	// WORK -> WORK_NOT_READY 5 <nil>
	// RESERVED_OUTBOUND -> RESERVED 8 <nil>
	// AGENT_STATE_TALKING -> TALKING 4 <nil>
	// ACTIVE -> ACTIVE 11 <nil>
	// true
}

// Reason codes travel as USHORT: -1 is 65535.
func ExampleReasonCode() {
	fmt.Println(agentstate.ReasonConnectionFailure, agentstate.ReasonConnectionFailure.Meaning(agentstate.Logout))
	r := agentstate.ReasonFromSigned(-1)
	fmt.Println(r, r.Signed(), r.Meaning(agentstate.Logout))
	var custom agentstate.ReasonCode
	_ = custom.UnmarshalText([]byte("12"))
	fmt.Println(custom, custom.IsSystem())
	// Output:
	// 50002 CTI client failed (System Failure)
	// 65535 -1 peripheral restarted
	// 12 false
}

// A duplexed PG loses side A: agents are logged out with 50002 (AG-4), side
// B takes over (AG-3) and each agent is logged in again by AG-T1 (AG-5).
func ExampleRoster_SideDown() {
	const voice, pg = ccefsm.MRDID(1), ccefsm.PeripheralID(5000)
	r, _ := agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(voice, ccefsm.MediaVoice)}})
	_ = r.AddPeripheral(pg, ccefsm.Duplex)
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	_ = r.AddAgent(t, 1001, pg)
	_ = r.AddAgent(t, 1002, pg)
	// What the CTI server reported before the failure.
	_ = r.Observe(t, 1001, voice, agentstate.Available, 0)
	_ = r.Observe(t, 1001, voice, agentstate.Talking, 0)
	_ = r.Observe(t, 1001, voice, agentstate.WorkReady, 0)
	_ = r.Observe(t, 1002, voice, agentstate.Reserved, 0)

	effects, err := r.SideDown(nil, t.Add(time.Minute), pg, ccefsm.SideA, agentstate.CausePG)
	if err != nil {
		fmt.Println(err)
	}
	for _, e := range effects {
		fmt.Println(e)
	}
	// Output:
	// AG-3 peripheral 5000: side A down
	// AG-1 peripheral 5000: offline (side A lost) [reports: RP-1]
	// AG-4 agent 1001 MRD 1: logged out from WORK_READY, reason 50002 [reports: RP-7]
	// AG-4 agent 1002 MRD 1: logged out from RESERVED, reason 50002 [reports: RP-7]
	// AG-3 peripheral 5000: online, side B active
	// AG-5 agent 1001 MRD 1: logged in to AVAILABLE (WORK_READY at failover) by AG-T1 row 3
	// AG-5 agent 1002 MRD 1: logged in to AVAILABLE (RESERVED at failover) by AG-T1 row 5
}

// The Finesse server fails and comes back: AG-6 logs the agent out of every
// MRD, AG-7 logs it in again by AG-T2.
func ExampleRoster_FinesseDown() {
	const voice, chat, pg = ccefsm.MRDID(1), ccefsm.MRDID(2), ccefsm.PeripheralID(5000)
	r, _ := agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{
		ccefsm.NewMRD(voice, ccefsm.MediaVoice), ccefsm.NewMRD(chat, ccefsm.MediaChat)}})
	_ = r.AddPeripheral(pg, ccefsm.Simplex)
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	_ = r.AddAgent(t, 1001, pg)
	_ = r.Observe(t, 1001, voice, agentstate.NotReady, 7)
	_ = r.Observe(t, 1001, chat, agentstate.Active, 0)

	effects, _ := r.FinesseDown(nil, t.Add(time.Second), pg)
	effects, _ = r.FinesseUp(effects, t.Add(2*time.Minute), pg)
	for _, e := range effects {
		fmt.Println(e)
	}
	// Output:
	// AG-6 agent 1001 MRD 1: logged out from NOT_READY, reason 50002 [reports: RP-7]
	// AG-6 agent 1001 MRD 2: logged out from ACTIVE, reason 50002 [reports: RP-7]
	// AG-7 agent 1001 MRD 1: logged in to NOT_READY (NOT_READY at failover), reason 7 by AG-T2 row 2
	// AG-7 agent 1001 MRD 2: logged in to NOT_READY (ACTIVE at failover) by AG-T2 row 8
}

// The email manager's CTI connection drops: agents stay logged in (AG-8,
// AG-9); on restore the manager's agent states are applied through the
// resynchronisation messages, and the history is recreated (RP-6).
func ExampleRoster_CTIPathUp() {
	const email, pg = ccefsm.MRDID(3), ccefsm.PeripheralID(5000)
	r, _ := agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(email, ccefsm.MediaEmail)}})
	_ = r.AddPeripheral(pg, ccefsm.Simplex)
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	_ = r.AddAgent(t, 1001, pg)
	_ = r.Observe(t, 1001, email, agentstate.Available, 0)

	effects, _ := r.CTIPathDown(nil, t.Add(time.Second), pg, email)
	reports := []agentstate.Report{{Agent: 1001, MRD: email, State: agentstate.Active, InState: 3 * time.Minute}}
	effects, _ = r.CTIPathUp(effects, t.Add(10*time.Minute), pg, email, reports)
	for _, e := range effects {
		fmt.Println(e)
	}
	st, _ := r.Status(1001, email)
	fmt.Println(st.State, st.Since.Format("15:04"), "recreated:", st.Recreated)
	// Output:
	// AG-9 peripheral 5000 MRD 3: CTI path down, agents stay logged in
	// AG-8 peripheral 5000 MRD 3: CTI path restored
	// AG-9 peripheral 5000 MRD 3: BEGIN_AGENT_INIT_IND (181)
	// AG-9 agent 1001 MRD 3: AGENT_INIT_REQ (182) ACTIVE (was AVAILABLE) [reports: RP-6]
	// AG-9 peripheral 5000 MRD 3: END_AGENT_INIT_IND (184)
	// AG-9 peripheral 5000 MRD 3: AGENT_INIT_READY_EVENT (186)
	// ACTIVE 09:07 recreated: true
}

// Inferred rows can be overridden; documented rows cannot.
func ExampleTable_Override() {
	t1 := agentstate.PGTable()
	fmt.Println(t1.Override(5, agentstate.To(agentstate.NotReady))) // Reserved: inferred
	err := t1.Override(1, agentstate.To(agentstate.NotReady))       // Available: documented
	fmt.Println(errors.Is(err, agentstate.ErrDocumentedRow), err)
	row, _ := t1.Match(agentstate.Reserved, agentstate.Available)
	fmt.Println(row.Table, "row", row.N, row.Before, "->", row.After, row.Provenance)
	// Output:
	// <nil>
	// true agentstate: documented row cannot be overridden: AG-T1 row 1
	// AG-T1 row 5 RESERVED -> NOT_READY inferred+configurable
}

// Effects marshal to JSON with names, not numbers, and only the fields of
// their kind; At is the instant of the input, in UTC.
func ExampleEffect_MarshalJSON() {
	const voice, pg = ccefsm.MRDID(1), ccefsm.PeripheralID(5000)
	r, _ := agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(voice, ccefsm.MediaVoice)}})
	_ = r.AddPeripheral(pg, ccefsm.Simplex)
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	_ = r.AddAgent(t, 1001, pg)
	_ = r.Observe(t, 1001, voice, agentstate.Available, 0)

	effects, _ := r.FinesseDown(nil, t.Add(time.Minute), pg)
	for _, e := range effects {
		b, _ := json.Marshal(e)
		fmt.Println(string(b))
	}
	// Output:
	// {"kind":"logged-out","at":"2026-03-02T09:01:00Z","rule":"AG-6","agent":1001,"peripheral":5000,"mrd":1,"from":"AVAILABLE","to":"LOGOUT","reason":50002,"report":"RP-7"}
}

// An agent leaves the roster: its state and any restore it waited for go
// with it, and the last agent takes its place in the roster order.
func ExampleRoster_RemoveAgent() {
	const voice, pg = ccefsm.MRDID(1), ccefsm.PeripheralID(5000)
	r, _ := agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(voice, ccefsm.MediaVoice)}})
	_ = r.AddPeripheral(pg, ccefsm.Simplex)
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, a := range []ccefsm.AgentID{1001, 1002, 1003} {
		_ = r.AddAgent(t, a, pg)
		_ = r.Observe(t, a, voice, agentstate.Available, 0)
	}
	ref, _ := r.Ref(1003, voice)
	_, _ = r.FinesseDown(nil, t.Add(time.Second), pg)

	_ = r.RemoveAgent(t.Add(2*time.Second), 1001)
	fmt.Println(r.Agents(nil))
	effects, _ := r.FinesseUp(nil, t.Add(3*time.Second), pg)
	for _, e := range effects {
		fmt.Println(e)
	}
	err := r.ApplyRef(t.Add(4*time.Second), ref, agentstate.EventNotReady, 0)
	fmt.Println(errors.Is(err, agentstate.ErrUnknownAgent))
	// Output:
	// [1003 1002]
	// AG-7 agent 1003 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1
	// AG-7 agent 1002 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1
	// true
}

// The owner of a roster hands out a read-only view: the reader sees every
// change, and has no method to make one.
func ExampleRoster_View() {
	r, err := agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	_ = r.AddPeripheral(5000, ccefsm.Simplex)
	_ = r.AddAgent(t, 1001, 5000)
	v := r.View() // for the readers

	_ = r.Apply(t, 1001, 1, agentstate.EventLogin, agentstate.ReasonNone)
	_ = r.Apply(t, 1001, 1, agentstate.EventReady, agentstate.ReasonNone)
	st, _ := v.State(1001, 1)
	fmt.Println(st)
	// Output:
	// AVAILABLE
}
