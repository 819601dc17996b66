package enumtext_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ccefsm/ccefsm/internal/enumtext"
)

type color uint8

const (
	red color = iota + 1
	green
	blue
)

func (c color) String() string {
	switch c {
	case red:
		return "red"
	case green:
		return "green"
	case blue:
		return "blue"
	}
	return "color(" + fmt.Sprint(uint8(c)) + ")"
}

func TestMarshal(t *testing.T) {
	for _, tc := range []struct {
		v    color
		want string
		ok   bool
	}{{red, "red", true}, {blue, "blue", true}, {0, "", false}, {blue + 1, "", false}} {
		b, err := enumtext.Marshal(tc.v, red, blue, "test.color")
		if tc.ok != (err == nil) || string(b) != tc.want {
			t.Errorf("Marshal(%d) = %q, %v", tc.v, b, err)
		}
		if err != nil && !errors.Is(err, enumtext.ErrUnknownValue) {
			t.Errorf("Marshal(%d) error %v does not wrap ErrUnknownValue", tc.v, err)
		}
		b, err = enumtext.MarshalIn(tc.v, []color{red, green, blue}, "test.color")
		if tc.ok != (err == nil) || string(b) != tc.want {
			t.Errorf("MarshalIn(%d) = %q, %v", tc.v, b, err)
		}
	}
}

func TestUnmarshal(t *testing.T) {
	for _, tc := range []struct {
		text string
		want color
		ok   bool
	}{{"red", red, true}, {"green", green, true}, {"blue", blue, true}, {"", 0, false}, {"color(0)", 0, false}, {"Red", 0, false}} {
		v := color(99)
		err := enumtext.Unmarshal(&v, []byte(tc.text), red, blue, "test.color")
		if tc.ok != (err == nil) {
			t.Errorf("Unmarshal(%q) error %v", tc.text, err)
		}
		if tc.ok && v != tc.want || !tc.ok && v != 99 {
			t.Errorf("Unmarshal(%q) set %d", tc.text, v)
		}
		if err != nil && !errors.Is(err, enumtext.ErrUnknownName) {
			t.Errorf("Unmarshal(%q) error %v does not wrap ErrUnknownName", tc.text, err)
		}
		v = 99
		err = enumtext.UnmarshalIn(&v, []byte(tc.text), []color{red, green, blue}, "test.color")
		if tc.ok != (err == nil) || tc.ok && v != tc.want || !tc.ok && v != 99 {
			t.Errorf("UnmarshalIn(%q) = %d, %v", tc.text, v, err)
		}
	}
	// The last value of the range is reachable, and a range ending at the
	// type's maximum terminates.
	var v color
	if err := enumtext.Unmarshal(&v, []byte("blue"), blue, blue, "t"); err != nil || v != blue {
		t.Errorf("one-value range: %v %v", v, err)
	}
}

func TestErrors(t *testing.T) {
	pe := &enumtext.ParseError{Type: "x.T", Text: "bad"}
	if got, want := pe.Error(), `ccefsm: x.T: unknown name "bad"`; got != want {
		t.Errorf("ParseError = %q, want %q", got, want)
	}
	ve := &enumtext.ValueError{Type: "x.T", Value: -3}
	if got, want := ve.Error(), "ccefsm: x.T: unknown value -3"; got != want {
		t.Errorf("ValueError = %q, want %q", got, want)
	}
}

func ExampleUnmarshal() {
	var c color
	err := enumtext.Unmarshal(&c, []byte("green"), red, blue, "example.color")
	fmt.Println(c, err)
	err = enumtext.Unmarshal(&c, []byte("purple"), red, blue, "example.color")
	fmt.Println(c, err)
	// Output:
	// green <nil>
	// green ccefsm: example.color: unknown name "purple"
}
