package cti

import "strconv"

// Version is a CTI Server protocol version: the VersionNumber a client sends
// in OPEN_REQ. The server answers in that version, so it fixes the layout of
// every message of the session: which fixed fields a message has and how wide
// the tag and length of a floating field are.
type Version uint32

// The supported versions. Every message layout of this package is taken from
// a CTI Server Message Reference Guide edition (see the package comment,
// "Sources"): versions 13 to 25 are covered by the editions for protocol
// versions 14 (ICM/CCE 8.0(1)), 15 (UCCE 8.5(1)), 17 (UCCE 10.0(1)), 24 (UCCE
// 12.6(1)) and 25 (UCCE 15.0(1)) and by the "Changes and Additions" chapter of
// the version 24 guide, which lists what each version added.
//
// Versions 9 to 12 are not supported. The version 9 guide (ICM 7.0(0)) is
// public, but its AGENT_STATE_EVENT table could not be read in full, and the
// change lists disagree on whether version 9 or one of versions 10-13 added
// AgentAvailabilityStatus; versions 10-12 have no public guide. Rather than
// guess a layout, the package refuses them with [ErrUnsupportedVersion].
const (
	MinVersion Version = 13
	MaxVersion Version = 25
)

// Supported reports whether the package decodes and encodes messages of
// version v: MinVersion to MaxVersion.
func (v Version) Supported() bool { return v >= MinVersion && v <= MaxVersion }

// String returns the version in decimal ("24").
func (v Version) String() string { return strconv.FormatUint(uint64(v), 10) }

// wide reports whether floating fields carry a 2-byte tag and a 2-byte
// length. "In the CTI Server Protocol Version 20 the floating field tag and
// length size changed from 1 byte to 2 byte USHORT" (guide PV24, Changes and
// Additions, Protocol Version 20). The PV9 guide (Messaging Conventions,
// Table 3-8 "Floating Field Subfields") gives a 1-byte UCHAR tag and length,
// as does the PV17 guide's "Floating Fields" section; the PV24 guide
// (Messaging Conventions, "Floating Fields") gives a 2-byte USHORT tag and
// length.
func (v Version) wide() bool { return v >= 20 }

// fieldHeader is the size of a floating field's tag and length.
func (v Version) fieldHeader() int {
	if v.wide() {
		return 4
	}
	return 2
}

// maxFieldLen is the largest tag, and the largest data length, a floating
// field of version v can carry.
func (v Version) maxFieldLen() int {
	if v.wide() {
		return 0xFFFF
	}
	return 0xFF
}

// checkVersion returns an *Error wrapping ErrUnsupportedVersion when v is not
// supported.
func checkVersion(t MessageType, v Version) error {
	if v.Supported() {
		return nil
	}
	return &Error{Type: t, Field: "Version", Offset: -1,
		Reason: "version " + v.String() + " is not supported (" + MinVersion.String() + "-" + MaxVersion.String() + ")",
		Err:    ErrUnsupportedVersion}
}
