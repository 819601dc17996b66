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
// Session 1: at 09:00 the OPEN_CONF reports the PG healthy, and the agents'
// states arrive: 1001 Available in voice and chat, 1002 Not Ready (reason
// 7) and 1003 Available in voice. At 09:30, after the half-hour event, 1003
// takes a call; then the session's CTI server sends FAILURE_EVENT
// E_CTI_CTI_SERVER_OFFLINE, and the connection ends.
//
// Session 2 opens 40 seconds later. Its OPEN_CONF reports the peripheral
// offline; at 09:31:10 a SYSTEM_EVENT reports it online
// (SYS_PERIPHERAL_ONLINE), and the ACD reports each agent's state and time
// in state, back to back; an END_TASK_EVENT of the chat application (a
// task message, kept raw) follows, and a heartbeat.
//
// That is how a failover of a duplex Agent PG from side A to side B looks
// to a CTI client: the server it was connected to goes away, it connects
// to the other side's, and the peripheral is offline until the other
// side's PIM activates. But no message carries a PG side: the OPEN_REQ and
// OPEN_CONF of session 2 are those of any reconnection, and the same bytes
// would come from a restarted CTI server on the same side followed by a
// short peripheral outage. Which CTI server a session reached, the client
// knows from the address it dialed; the capture does not record it, and the
// replay (main.go) tells the engine only what the bytes show.
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
		// Session 1.
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
		// Session 2: a new connection; no message says to which side.
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
