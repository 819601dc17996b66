package ccefsm

//go:generate go tool stringer -type=MediaKind,Side,ReportClass -linecomment -output=enum_string.go

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
	if !k.IsValid() {
		return nil, &ValueError{Type: "ccefsm.MediaKind", Value: int64(k)}
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the names
// returned by String, except "unknown". On error k is unchanged.
func (k *MediaKind) UnmarshalText(text []byte) error {
	for v := MediaVoice; v <= MediaOther; v++ {
		if string(text) == v.String() {
			*k = v
			return nil
		}
	}
	return &ParseError{Type: "ccefsm.MediaKind", Text: string(text)}
}

// Side is one side of a duplexed Peripheral Gateway.
//
// The zero value, SideNone, means no side (a simplex PG, or a peripheral with
// no active side).
type Side uint8

// Sides of a duplex PG pair.
const (
	SideNone Side = iota // none
	SideA                // A
	SideB                // B
)

// Other returns the opposite side: B for A, A for B, and SideNone for
// SideNone.
func (s Side) Other() Side {
	switch s {
	case SideA:
		return SideB
	case SideB:
		return SideA
	}
	return SideNone
}

// MarshalText implements [encoding.TextMarshaler].
func (s Side) MarshalText() ([]byte, error) {
	if s > SideB {
		return nil, &ValueError{Type: "ccefsm.Side", Value: int64(s)}
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error s is
// unchanged.
func (s *Side) UnmarshalText(text []byte) error {
	for v := SideNone; v <= SideB; v++ {
		if string(text) == v.String() {
			*s = v
			return nil
		}
	}
	return &ParseError{Type: "ccefsm.Side", Text: string(text)}
}
