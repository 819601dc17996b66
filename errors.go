package ccefsm

import (
	"errors"
	"strconv"
)

// ErrUnknownName is returned, wrapped in a [*ParseError], when text does not
// name any value of an enumerated type. Every UnmarshalText in the library
// wraps it, so errors.Is(err, ErrUnknownName) recognises all of them.
var ErrUnknownName = errors.New("unknown name")

// ErrUnknownValue is returned, wrapped in a [*ValueError], when a number is
// not a defined value of an enumerated type (for example when marshalling an
// out-of-range value). Unknown values are rejected, never mapped to a
// neighbour.
var ErrUnknownValue = errors.New("unknown value")

// ParseError reports text that names no value of Type.
type ParseError struct {
	Type string // the Go type being parsed, such as "agentstate.State"
	Text string // the rejected text
}

// Error names the type and quotes the rejected text.
func (e *ParseError) Error() string {
	return "ccefsm: " + e.Type + ": unknown name " + strconv.Quote(e.Text)
}

// Unwrap returns [ErrUnknownName].
func (e *ParseError) Unwrap() error { return ErrUnknownName }

// ValueError reports a number that is not a defined value of Type.
type ValueError struct {
	Type  string // the Go type, such as "taskstate.Disposition"
	Value int64  // the rejected value
}

// Error names the type and the rejected value.
func (e *ValueError) Error() string {
	return "ccefsm: " + e.Type + ": unknown value " + strconv.FormatInt(e.Value, 10)
}

// Unwrap returns [ErrUnknownValue].
func (e *ValueError) Unwrap() error { return ErrUnknownValue }
