package main

import (
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/cti"
)

// captureVersion is the protocol version of the recorded sessions.
const captureVersion cti.Version = 24

// buildCapture writes the capture that testdata/session.cti holds, with the
// package's own encoder: what application 7 (a chat Application Instance)
// exchanged with the CTI servers of Agent PG 1 on 2 March 2026, both
// directions of two sessions back to back.
//
// Session 1 is with side A's CTI server. At 09:00 the PG is healthy and
// the agents' states arrive: 1001 Available in voice and chat, 1002 Not
// Ready (reason 7) and 1003 Available in voice. At 09:30, after the half-hour
// event, 1003 takes a call; then side A of the PG fails, and its CTI server
// sends FAILURE_EVENT E_CTI_CTI_SERVER_OFFLINE before the connection drops.
//
// Session 2 is with side B's CTI server, 40 seconds later. Its OPEN_CONF
// reports the peripheral offline: side B's PIM has not activated yet. At
// 09:31:10 it has (SYS_PERIPHERAL_ONLINE), and the ACD reports each agent's
// state and time in state, back to back; an END_TASK_EVENT of the chat
// application (a task message, kept raw) follows, and a heartbeat.
//
// TestCapture fails when testdata/session.cti differs from what this
// function writes; go test -run TestCapture -update rewrites it.
func buildCapture() ([]byte, error) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	cc := func(h, m, s int) uint32 {
		return uint32(day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second).Unix())
	}
	const services = cti.ServiceAllEvents | cti.ServiceAgentReporting
	open := &cti.OpenReq{InvokeID: 1, VersionNumber: captureVersion, IdleTimeout: 120, PeripheralID: 0xFFFFFFFF,
		ServicesRequested: services, AgentStateMask: 0x3FFF,
		Floating: []cti.Field{cti.StringField(cti.TagClientID, "chat-app-7"), cti.BytesField(cti.TagClientPassword, nil),
			cti.Uint32Field(cti.TagAppPathID, 7)}}
	conf := func(invoke uint32, t uint32, st cti.PGStatus) *cti.OpenConf {
		return &cti.OpenConf{InvokeID: invoke, ServicesGranted: services, PGStatus: st, ICMCentralControllerTime: t,
			PeripheralOnline: st&cti.PGPeripheralOffline == 0, PeripheralType: cti.PTEnterpriseAgent, SessionType: cti.SessionActive}
	}
	// The agents' ICMAgentIDs are their IDs in the topology; their ACD
	// login IDs (AgentID) are the same digits.
	agent := func(a ccefsm.AgentID, mrd ccefsm.MRDID, st agentstate.State, reason agentstate.ReasonCode, dur uint32) *cti.AgentStateEvent {
		return &cti.AgentStateEvent{PeripheralID: 5000, PeripheralType: cti.PTEnterpriseAgent, ICMAgentID: a, MRDID: mrd,
			SkillGroupState: st, AgentState: st, EventReasonCode: reason, StateDuration: dur,
			SkillGroupNumber: cti.NullSkillGroup, SkillGroupID: cti.NullSkillGroup, AgentMode: cti.Routable, MaxTaskLimit: 1,
			Floating: []cti.Field{cti.StringField(cti.TagAgentID, strconv.Itoa(int(a)))}}
	}
	sys := func(t uint32, st cti.PGStatus, id cti.SystemEventID, arg1 uint32) *cti.SystemEvent {
		return &cti.SystemEvent{PGStatus: st, ICMCentralControllerTime: t, SystemEventID: id, SystemEventArg1: arg1,
			EventDeviceType: cti.DeviceIDNone}
	}
	msgs := []cti.Message{
		// Session 1, side A.
		open,
		conf(1, cc(9, 0, 0), 0),
		agent(1001, 1, agentstate.Available, 0, 0),
		agent(1002, 1, agentstate.NotReady, 7, 0),
		agent(1003, 1, agentstate.Available, 0, 0),
		agent(1001, 2, agentstate.Available, 0, 0),
		&cti.HeartbeatReq{InvokeID: 2},
		&cti.HeartbeatConf{InvokeID: 2},
		sys(cc(9, 30, 0), 0, cti.SysHalfHourChange, 0),
		agent(1003, 1, agentstate.Talking, 0, 0),
		&cti.FailureEvent{Status: cti.StatusCTIServerOffline},
		// Session 2, side B.
		open,
		conf(1, cc(9, 30, 40), cti.PGPeripheralOffline),
		sys(cc(9, 31, 10), 0, cti.SysPeripheralOnline, 5000),
		agent(1001, 1, agentstate.Available, 0, 1870),
		agent(1002, 1, agentstate.NotReady, 7, 1870),
		agent(1003, 1, agentstate.Talking, 0, 70),
		&cti.Raw{MsgType: cti.MsgEndTaskEvent, Body: make([]byte, 24)},
		&cti.HeartbeatReq{InvokeID: 3},
		&cti.HeartbeatConf{InvokeID: 3},
	}
	var b []byte
	for _, m := range msgs {
		var err error
		if b, err = m.Append(b, captureVersion); err != nil {
			return nil, err
		}
	}
	return b, nil
}
