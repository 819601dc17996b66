package routing

import "github.com/ccefsm/ccefsm"

// enum is the shape of this package's enumerated types: small unsigned
// integers with a generated String.
type enum interface {
	~uint8
	String() string
}

// marshalEnum is the shared MarshalText: values in [lo, hi] marshal to their
// String; others are a *ccefsm.ValueError.
func marshalEnum[T enum](v, lo, hi T, typ string) ([]byte, error) {
	if v < lo || v > hi {
		return nil, &ccefsm.ValueError{Type: typ, Value: int64(v)}
	}
	return []byte(v.String()), nil
}

// unmarshalEnum is the shared UnmarshalText: it finds the value in [lo, hi]
// whose String is text, or returns a *ccefsm.ParseError and leaves *v as it
// was.
func unmarshalEnum[T enum](v *T, text []byte, lo, hi T, typ string) error {
	for x := lo; ; x++ {
		if x.String() == string(text) {
			*v = x
			return nil
		}
		if x == hi {
			break
		}
	}
	return &ccefsm.ParseError{Type: typ, Text: string(text)}
}
