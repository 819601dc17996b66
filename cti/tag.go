package cti

import "github.com/ccefsm/ccefsm/internal/enumtext"

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Tag -linecomment -output=tag_string.go

// Tag is the tag of a floating field: a UCHAR on the wire before version 20, a
// USHORT from version 20 on (guide PV24, Changes and Additions, Protocol
// Version 20). The constants are the tags of the floating fields of the
// messages this package decodes, with their values from the "Tag Values"
// table of guide PV25 (Constants and Status Codes); every other tag is kept
// as received (see [Field]).
type Tag uint16

// Floating field tags (guide PV25, "Tag Values"). The line comments are the
// CTI names.
const (
	TagClientID              Tag = 1   // CLIENT_ID_TAG
	TagClientPassword        Tag = 2   // CLIENT_PASSWORD_TAG
	TagClientSignature       Tag = 3   // CLIENT_SIGNATURE_TAG
	TagAgentExtension        Tag = 4   // AGENT_EXTENSION_TAG
	TagAgentID               Tag = 5   // AGENT_ID_TAG
	TagAgentInstrument       Tag = 6   // AGENT_INSTRUMENT_TAG
	TagText                  Tag = 7   // TEXT_TAG
	TagSkillGroupNumber      Tag = 62  // SKILL_GROUP_NUMBER_TAG
	TagSkillGroupID          Tag = 63  // SKILL_GROUP_ID_TAG
	TagSkillGroupPriority    Tag = 64  // SKILL_GROUP_PRIORITY_TAG
	TagSkillGroupState       Tag = 65  // SKILL_GROUP_STATE_TAG
	TagAppPathID             Tag = 97  // APP_PATH_ID_TAG
	TagExtAgentState         Tag = 123 // EXT_AGENT_STATE_TAG
	TagDuration              Tag = 150 // DURATION_TAG
	TagEventDeviceID         Tag = 206 // EVENT_DEVICE_ID_TAG
	TagMultiLineAgentControl Tag = 224 // MULTI_LINE_AGENT_CONTROL_TAG
	TagNumPeripherals        Tag = 228 // NUM_PERIPHERALS_TAG
	TagDirection             Tag = 244 // DIRECTION_TAG
	TagMaxBeyondTaskLimit    Tag = 266 // MAX_BEYOND_TASK_LIMIT_TAG
	TagTermDeviceName        Tag = 303 // FLT_TERM_DEVICE_NAME
)

var tags = [...]Tag{
	TagClientID, TagClientPassword, TagClientSignature, TagAgentExtension, TagAgentID,
	TagAgentInstrument, TagText, TagSkillGroupNumber, TagSkillGroupID, TagSkillGroupPriority,
	TagSkillGroupState, TagAppPathID, TagExtAgentState, TagDuration, TagEventDeviceID,
	TagMultiLineAgentControl, TagNumPeripherals, TagDirection, TagMaxBeyondTaskLimit,
	TagTermDeviceName,
}

// Named reports whether t is one of the tags this package names.
func (t Tag) Named() bool {
	for _, x := range tags {
		if x == t {
			return true
		}
	}
	return false
}

// MarshalText implements [encoding.TextMarshaler] with the CTI name. A tag
// the package does not name is an error wrapping [ccefsm.ErrUnknownValue].
func (t Tag) MarshalText() ([]byte, error) {
	return enumtext.MarshalIn(t, tags[:], "cti.Tag")
}

// UnmarshalText implements [encoding.TextUnmarshaler] with the CTI names. On
// error t is unchanged.
func (t *Tag) UnmarshalText(text []byte) error {
	return enumtext.UnmarshalIn(t, text, tags[:], "cti.Tag")
}
