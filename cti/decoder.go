package cti

import "encoding/binary"

// Message is a CTI Server message: one of the typed messages of this package
// ([*AgentStateEvent], [*SystemEvent], [*OpenReq], …) or a [*Raw].
type Message interface {
	// Type returns the message's MessageType.
	Type() MessageType
	// Decode decodes frame, one whole message with its header, as a
	// message of protocol version v, into the receiver.
	Decode(v Version, frame []byte) error
	// Append appends the message, encoded for protocol version v, to dst.
	Append(dst []byte, v Version) ([]byte, error)
}

// Interface checks.
var (
	_ Message = (*FailureConf)(nil)
	_ Message = (*FailureEvent)(nil)
	_ Message = (*OpenReq)(nil)
	_ Message = (*OpenConf)(nil)
	_ Message = (*HeartbeatReq)(nil)
	_ Message = (*HeartbeatConf)(nil)
	_ Message = (*CloseReq)(nil)
	_ Message = (*CloseConf)(nil)
	_ Message = (*AgentStateEvent)(nil)
	_ Message = (*SystemEvent)(nil)
	_ Message = (*Raw)(nil)
)

// DecoderConfig configures a [Decoder].
type DecoderConfig struct {
	// Version is the protocol version of the session: the VersionNumber
	// of its OPEN_REQ (see [PeekVersion]). It must be supported.
	Version Version
}

// Decoder decodes the messages of one session. It keeps one value of each
// typed message and one [Raw], and decodes every message into the value of
// its type, so that decoding allocates nothing once each value's floating
// list has grown to its largest size. The Message that Decode returns is
// that value: it is overwritten by the next Decode of the same type, and its
// floating data and raw body alias the frame (see the package comment). Use
// a message's Clone method to keep it.
//
// A Decoder is not safe for concurrent use. The zero Decoder has no version
// and refuses every message with [ErrUnsupportedVersion]; build one with
// [NewDecoder].
type Decoder struct {
	v             Version
	failureConf   FailureConf
	failureEvent  FailureEvent
	openReq       OpenReq
	openConf      OpenConf
	heartbeatReq  HeartbeatReq
	heartbeatConf HeartbeatConf
	closeReq      CloseReq
	closeConf     CloseConf
	agentState    AgentStateEvent
	systemEvent   SystemEvent
	raw           Raw
}

// NewDecoder returns a Decoder for cfg.Version. It fails with
// [ErrUnsupportedVersion] when the version is not supported.
func NewDecoder(cfg DecoderConfig) (*Decoder, error) {
	if err := checkVersion(0, cfg.Version); err != nil {
		return nil, err
	}
	return &Decoder{v: cfg.Version}, nil
}

// Version returns the decoder's protocol version.
func (d *Decoder) Version() Version { return d.v }

// Decode decodes frame, one whole message with its header (a token of
// [SplitMessages]). A message of a modelled type comes back as its typed
// value (a *AgentStateEvent for AGENT_STATE_EVENT, …); a message of any other
// type as a *Raw, never an error. The error, an [*Error], reports a message
// that breaks the protocol: truncated, too long, or with a field out of
// range or malformed.
func (d *Decoder) Decode(frame []byte) (Message, error) {
	if len(frame) < HeaderSize {
		_, err := ParseHeader(frame)
		return nil, err
	}
	var m Message
	switch MessageType(binary.BigEndian.Uint32(frame[4:])) {
	case MsgAgentStateEvent:
		m = &d.agentState
	case MsgSystemEvent:
		m = &d.systemEvent
	case MsgFailureConf:
		m = &d.failureConf
	case MsgFailureEvent:
		m = &d.failureEvent
	case MsgOpenReq:
		m = &d.openReq
	case MsgOpenConf:
		m = &d.openConf
	case MsgHeartbeatReq:
		m = &d.heartbeatReq
	case MsgHeartbeatConf:
		m = &d.heartbeatConf
	case MsgCloseReq:
		m = &d.closeReq
	case MsgCloseConf:
		m = &d.closeConf
	default:
		m = &d.raw
	}
	if err := m.Decode(d.v, frame); err != nil {
		return nil, err
	}
	return m, nil
}
