package ccefsm

import "github.com/ccefsm/ccefsm/internal/enumtext"

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Side,Redundancy -linecomment -output=side_string.go

// Side is one side of a duplexed pair: of a Peripheral Gateway, an MR PG, the
// Central Controller, or a Finesse server pair (side A the primary, side B
// the backup).
//
// The zero value, SideNone, means no side (a simplex PG, or a peripheral with
// no active side).
type Side uint8

// Sides of a duplex pair.
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
	return enumtext.Marshal(s, SideNone, SideB, "ccefsm.Side")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error s is
// unchanged.
func (s *Side) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(s, text, SideNone, SideB, "ccefsm.Side")
}

// Redundancy says whether a component runs as one instance or as a duplex
// pair (sides A and B), as a Peripheral Gateway may.
//
// The zero value is [Simplex].
type Redundancy uint8

// Redundancy values.
const (
	Simplex Redundancy = iota // simplex
	Duplex                    // duplex
)

// Sides returns the sides a component of this redundancy has: A, or A and
// B.
func (r Redundancy) Sides() []Side {
	if r == Duplex {
		return []Side{SideA, SideB}
	}
	return []Side{SideA}
}

// IsValid reports whether r is Simplex or Duplex.
func (r Redundancy) IsValid() bool { return r <= Duplex }

// MarshalText implements [encoding.TextMarshaler].
func (r Redundancy) MarshalText() ([]byte, error) {
	return enumtext.Marshal(r, Simplex, Duplex, "ccefsm.Redundancy")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error r is
// unchanged.
func (r *Redundancy) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(r, text, Simplex, Duplex, "ccefsm.Redundancy")
}
