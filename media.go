package ccefsm

import "github.com/ccefsm/ccefsm/internal/enumtext"

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=MediaKind,ReportClass -linecomment -output=enum_string.go

// MediaKind is the kind of media an MRD carries. It decides which failover
// rules apply: voice depends on the PIM (RT-5), email is exempt from task-life
// termination (AG-9, TS-3).
//
// The zero value, MediaUnknown, is not a valid kind.
type MediaKind uint8

// Media kinds. The names are those of the MRD type attribute where Cisco
// defines one (Cisco_Voice is the built-in voice MRD).
const (
	MediaUnknown MediaKind = iota // unknown
	MediaVoice                    // voice
	MediaChat                     // chat
	MediaEmail                    // email
	MediaOther                    // other
)

// IsValid reports whether k is one of the defined kinds other than
// MediaUnknown.
func (k MediaKind) IsValid() bool { return k >= MediaVoice && k <= MediaOther }

// MarshalText implements [encoding.TextMarshaler]. Invalid kinds are an error.
func (k MediaKind) MarshalText() ([]byte, error) {
	return enumtext.Marshal(k, MediaVoice, MediaOther, "ccefsm.MediaKind")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the names
// returned by String, except "unknown". On error k is unchanged.
func (k *MediaKind) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(k, text, MediaVoice, MediaOther, "ccefsm.MediaKind")
}
