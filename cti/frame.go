package cti

import (
	"encoding/binary"
)

// Message sizes. Every message starts with the 8-byte MHDR: MessageLength,
// the length of the body that follows (the header excluded), and
// MessageType, both UINT, most significant byte first (guide PV24, Messaging
// Conventions, "MHDR Data Type"; the same in guide PV14, Table 3-3).
//
// "The length of the largest possible message (including the message header)
// defined by this protocol is 12500 bytes" (guide PV24, Messaging
// Conventions, "Message Types"). Older editions give 4329 bytes (guides PV9
// and PV15, Table 3-1); no edition says in which version the limit grew, so
// the package applies the larger limit to every version (inferred: a
// message of 4330 to 12500 bytes is accepted under any version).
const (
	HeaderSize     = 8
	MaxMessageSize = 12500
	MaxBodySize    = MaxMessageSize - HeaderSize
)

// Header is the message header (MHDR): the length of the body and the
// message type.
type Header struct {
	Length uint32 // MessageLength: the body's length, the header excluded
	Type   MessageType
}

// ParseHeader reads the header at the start of b. It fails with
// [ErrTruncated] when b holds fewer than 8 bytes and with [ErrTooLong] when
// MessageLength exceeds [MaxBodySize].
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderSize {
		return Header{}, errorf(0, "MessageHeader", 0, ErrTruncated,
			"need "+itoa(HeaderSize)+" bytes, have "+itoa(len(b)))
	}
	h := Header{Length: binary.BigEndian.Uint32(b), Type: MessageType(binary.BigEndian.Uint32(b[4:]))}
	if h.Length > MaxBodySize {
		return Header{}, errorf(h.Type, "MessageLength", 0, ErrTooLong,
			utoa(uint64(h.Length))+" exceeds "+itoa(MaxBodySize)+" (a message is at most "+itoa(MaxMessageSize)+" bytes)")
	}
	return h, nil
}

// Append appends the header's 8 bytes to dst.
func (h Header) Append(dst []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, h.Length)
	return binary.BigEndian.AppendUint32(dst, uint32(h.Type))
}

// SplitMessages is a [bufio.SplitFunc] that splits a CTI byte stream into
// whole messages, header included, so that a caller reading a net.Conn gets
// one message per Scan:
//
//	sc := bufio.NewScanner(conn)
//	sc.Split(cti.SplitMessages)
//	for sc.Scan() {
//		msg, err := dec.Decode(sc.Bytes())
//		…
//	}
//
// The token aliases the Scanner's buffer and is overwritten by the next Scan;
// so is everything decoded from it (see the package comment). A
// MessageLength over [MaxBodySize] stops the scan with an error wrapping
// [ErrTooLong]; a stream that ends inside a message stops it with
// [ErrTruncated]. The Scanner's default buffer (64 KiB) holds the largest
// message.
func SplitMessages(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if len(data) == 0 {
		return 0, nil, nil
	}
	if len(data) < HeaderSize {
		if atEOF {
			return 0, nil, errorf(0, "MessageHeader", 0, ErrTruncated,
				"stream ends "+itoa(len(data))+" bytes into a header")
		}
		return 0, nil, nil
	}
	h, err := ParseHeader(data)
	if err != nil {
		return 0, nil, err
	}
	n := HeaderSize + int(h.Length)
	if len(data) < n {
		if atEOF {
			return 0, nil, errorf(h.Type, "MessageLength", 0, ErrTruncated,
				"stream ends after "+itoa(len(data))+" of the message's "+itoa(n)+" bytes")
		}
		return 0, nil, nil
	}
	return n, data[:n:n], nil
}

// openFrame checks the version, the header and the type of a message about to
// be decoded as a want, and returns its body. The first test is the fast
// path; openFrameSlow checks each condition in turn and says which failed.
func openFrame(want MessageType, v Version, frame []byte) ([]byte, error) {
	if v.Supported() && len(frame) >= HeaderSize {
		n := binary.BigEndian.Uint32(frame)
		if MessageType(binary.BigEndian.Uint32(frame[4:])) == want && n <= MaxBodySize && int(n) == len(frame)-HeaderSize {
			return frame[HeaderSize:], nil
		}
	}
	return openFrameSlow(want, v, frame)
}

// openFrameSlow is openFrame, one check at a time.
//
//go:noinline
func openFrameSlow(want MessageType, v Version, frame []byte) ([]byte, error) {
	if err := checkVersion(want, v); err != nil {
		return nil, err
	}
	h, err := ParseHeader(frame)
	if err != nil {
		return nil, err
	}
	if h.Type != want {
		return nil, errorf(want, "MessageType", 4, ErrWrongType, "message is a "+h.Type.String())
	}
	return body(h, frame)
}

// body returns the body of frame, which must be exactly as long as its
// header says.
func body(h Header, frame []byte) ([]byte, error) {
	n := HeaderSize + int(h.Length)
	switch {
	case len(frame) < n:
		return nil, errorf(h.Type, "MessageLength", 0, ErrTruncated,
			"header says "+itoa(n)+" bytes, message has "+itoa(len(frame)))
	case len(frame) > n:
		return nil, errorf(h.Type, "MessageLength", 0, ErrTooLong,
			"header says "+itoa(n)+" bytes, message has "+itoa(len(frame)))
	}
	return frame[HeaderSize:], nil
}

// PeekVersion returns the VersionNumber of an OPEN_REQ message: the version
// the client asks for, which fixes the layout of the session's messages. A
// reader of a captured session calls it on the first message to learn the
// version to decode the rest with. It fails when frame is not a whole
// OPEN_REQ.
func PeekVersion(frame []byte) (Version, error) {
	h, err := ParseHeader(frame)
	if err != nil {
		return 0, err
	}
	if h.Type != MsgOpenReq {
		return 0, errorf(MsgOpenReq, "MessageType", 4, ErrWrongType, "message is a "+h.Type.String())
	}
	b, err := body(h, frame)
	if err != nil {
		return 0, err
	}
	if len(b) < 8 {
		return 0, errorf(MsgOpenReq, "VersionNumber", HeaderSize+4, ErrTruncated,
			"the body ends at byte "+itoa(HeaderSize+len(b)))
	}
	return Version(binary.BigEndian.Uint32(b[4:])), nil
}
