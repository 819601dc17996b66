package cti

import "github.com/ccefsm/ccefsm"

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=MessageType -linecomment -output=msgtype_string.go

// MessageType is the MessageType of the message header: the number that
// fixes the format of the rest of the message (guide PV24, Messaging
// Conventions, "Message Types"). It is a UINT on the wire, so every value is
// representable; the constants below are the types this package names.
// String prints the CTI name of a named type and "MessageType(N)" otherwise.
type MessageType uint32

// Message types (guide PV24, Messaging Conventions, "Message Types"; the
// numbers agree with guides PV14 and PV25). The types this package decodes
// into typed values are the session messages (1-8), AGENT_STATE_EVENT and
// SYSTEM_EVENT; the task and resynchronisation types are named so that raw
// messages print readably, but their bodies are not decoded: no public guide
// edition gives their field tables (see [Raw]).
const (
	MsgFailureConf     MessageType = 1  // FAILURE_CONF
	MsgFailureEvent    MessageType = 2  // FAILURE_EVENT
	MsgOpenReq         MessageType = 3  // OPEN_REQ
	MsgOpenConf        MessageType = 4  // OPEN_CONF
	MsgHeartbeatReq    MessageType = 5  // HEARTBEAT_REQ
	MsgHeartbeatConf   MessageType = 6  // HEARTBEAT_CONF
	MsgCloseReq        MessageType = 7  // CLOSE_REQ
	MsgCloseConf       MessageType = 8  // CLOSE_CONF
	MsgAgentStateEvent MessageType = 30 // AGENT_STATE_EVENT
	MsgSystemEvent     MessageType = 31 // SYSTEM_EVENT

	MsgOfferTaskInd                 MessageType = 160 // OFFER_TASK_IND
	MsgOfferApplicationTaskReq      MessageType = 161 // OFFER_APPLICATION_TASK_REQ
	MsgOfferApplicationTaskResp     MessageType = 162 // OFFER_APPLICATION_TASK_RESP
	MsgStartTaskInd                 MessageType = 163 // START_TASK_IND
	MsgStartApplicationTaskReq      MessageType = 164 // START_APPLICATION_TASK_REQ
	MsgStartApplicationTaskResp     MessageType = 165 // START_APPLICATION_TASK_RESP
	MsgPauseTaskInd                 MessageType = 166 // PAUSE_TASK_IND
	MsgResumeTaskInd                MessageType = 167 // RESUME_TASK_IND
	MsgWrapupTaskInd                MessageType = 168 // WRAPUP_TASK_IND
	MsgEndTaskInd                   MessageType = 169 // END_TASK_IND
	MsgBeginAgentInitInd            MessageType = 181 // BEGIN_AGENT_INIT_IND
	MsgAgentInitReq                 MessageType = 182 // AGENT_INIT_REQ
	MsgAgentInitResp                MessageType = 183 // AGENT_INIT_RESP
	MsgEndAgentInitInd              MessageType = 184 // END_AGENT_INIT_IND
	MsgTaskInitInd                  MessageType = 185 // TASK_INIT_IND
	MsgAgentInitReadyEvent          MessageType = 186 // AGENT_INIT_READY_EVENT
	MsgEndTaskEvent                 MessageType = 199 // END_TASK_EVENT
	MsgMaxTaskLifetimeExceededEvent MessageType = 207 // MAX_TASK_LIFETIME_EXCEEDED_EVENT
	MsgTaskInitReq                  MessageType = 209 // TASK_INIT_REQ
	MsgTaskInitResp                 MessageType = 210 // TASK_INIT_RESP
)

// messageTypes lists the named types, in value order.
var messageTypes = [...]MessageType{
	MsgFailureConf, MsgFailureEvent, MsgOpenReq, MsgOpenConf, MsgHeartbeatReq,
	MsgHeartbeatConf, MsgCloseReq, MsgCloseConf, MsgAgentStateEvent, MsgSystemEvent,
	MsgOfferTaskInd, MsgOfferApplicationTaskReq, MsgOfferApplicationTaskResp,
	MsgStartTaskInd, MsgStartApplicationTaskReq, MsgStartApplicationTaskResp,
	MsgPauseTaskInd, MsgResumeTaskInd, MsgWrapupTaskInd, MsgEndTaskInd,
	MsgBeginAgentInitInd, MsgAgentInitReq, MsgAgentInitResp, MsgEndAgentInitInd,
	MsgTaskInitInd, MsgAgentInitReadyEvent, MsgEndTaskEvent,
	MsgMaxTaskLifetimeExceededEvent, MsgTaskInitReq, MsgTaskInitResp,
}

// Named reports whether t is one of the types this package names.
func (t MessageType) Named() bool {
	for _, x := range messageTypes {
		if x == t {
			return true
		}
	}
	return false
}

// Modelled reports whether the package decodes messages of type t into a
// typed value. Every other type decodes to a [Raw].
func (t MessageType) Modelled() bool {
	switch t {
	case MsgFailureConf, MsgFailureEvent, MsgOpenReq, MsgOpenConf, MsgHeartbeatReq,
		MsgHeartbeatConf, MsgCloseReq, MsgCloseConf, MsgAgentStateEvent, MsgSystemEvent:
		return true
	}
	return false
}

// MarshalText implements [encoding.TextMarshaler] with the CTI name. A type
// the package does not name is an error wrapping [ccefsm.ErrUnknownValue].
func (t MessageType) MarshalText() ([]byte, error) {
	if !t.Named() {
		return nil, &ccefsm.ValueError{Type: "cti.MessageType", Value: int64(t)}
	}
	return []byte(t.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the CTI
// names returned by String. Other text is an error wrapping
// [ccefsm.ErrUnknownName], and t is unchanged.
func (t *MessageType) UnmarshalText(text []byte) error {
	for _, x := range messageTypes {
		if x.String() == string(text) {
			*t = x
			return nil
		}
	}
	return &ccefsm.ParseError{Type: "cti.MessageType", Text: string(text)}
}
