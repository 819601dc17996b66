package cti

// Raw is a message the package does not decode into a typed value: its type
// and its body, the header excluded. A [Decoder] returns one for every
// message type that is not [MessageType.Modelled], never an error, because a
// CTI client must tolerate what a newer server sends.
//
// The task and resynchronisation messages (OFFER_TASK_IND 160 to
// END_TASK_IND 169, BEGIN_AGENT_INIT_IND 181 to AGENT_INIT_READY_EVENT 186,
// END_TASK_EVENT 199, MAX_TASK_LIFETIME_EXCEEDED_EVENT 207, TASK_INIT_REQ 209
// and TASK_INIT_RESP 210) come out as Raw too. Their numbers and purposes are
// in every guide's message type table, but none of the public editions gives
// their field tables (the ARM message formats are not in the Application
// Level Interfaces chapter of guides PV14 to PV25), so their bodies are left
// undecoded rather than guessed.
type Raw struct {
	MsgType MessageType
	Body    []byte // aliases the decoded message
}

// Type returns the message's type.
func (m *Raw) Type() MessageType { return m.MsgType }

// Decode decodes frame, one whole message of any type, into m: it checks the
// header and keeps the body. The version only has to be supported. On error
// m is unchanged.
func (m *Raw) Decode(v Version, frame []byte) error {
	h, err := ParseHeader(frame)
	if err != nil {
		return err
	}
	if err := checkVersion(h.Type, v); err != nil {
		return err
	}
	b, err := body(h, frame)
	if err != nil {
		return err
	}
	*m = Raw{MsgType: h.Type, Body: b}
	return nil
}

// Append appends the message, header and body, to dst. On error, a body
// longer than [MaxBodySize] or an unsupported version, it returns dst
// unchanged.
func (m *Raw) Append(dst []byte, v Version) ([]byte, error) {
	if err := checkVersion(m.MsgType, v); err != nil {
		return dst, err
	}
	if len(m.Body) > MaxBodySize {
		return dst, errorf(m.MsgType, "MessageLength", 0, ErrTooLong,
			itoa(len(m.Body))+" bytes of body exceed "+itoa(MaxBodySize))
	}
	dst = Header{Length: uint32(len(m.Body)), Type: m.MsgType}.Append(dst)
	return append(dst, m.Body...), nil
}

// Clone returns a copy of m whose body does not alias the decoded message.
func (m *Raw) Clone() *Raw {
	return &Raw{MsgType: m.MsgType, Body: append([]byte(nil), m.Body...)}
}
