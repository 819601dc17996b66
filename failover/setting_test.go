package failover

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/ccefsm/ccefsm"
)

// settingEnum is the shape of Reconnect and RP3Scope.
type settingEnum interface {
	~uint8
	String() string
	IsValid() bool
	MarshalText() ([]byte, error)
}

// checkSettingText checks an enumerated setting whose defined values are
// 0 … len(names)-1 with those texts: each marshals to its text and back,
// the zero value is the first, and at the ends of the type the value after
// the last and 255 are undefined (IsValid false, MarshalText a
// *ccefsm.ValueError); text that names no value, close ones included, is a
// *ccefsm.ParseError that leaves the value unchanged.
func checkSettingText[T settingEnum, P interface {
	*T
	UnmarshalText([]byte) error
}](t *testing.T, typ string, names []string, bad []string) {
	t.Helper()
	for i, name := range names {
		v := T(i)
		if !v.IsValid() || v.String() != name {
			t.Errorf("%s(%d): IsValid %v, String %q; want true, %q", typ, i, v.IsValid(), v.String(), name)
		}
		b, err := v.MarshalText()
		if err != nil || string(b) != name {
			t.Errorf("%s(%d).MarshalText() = %q, %v; want %q", typ, i, b, err, name)
		}
		back := T(len(names) - 1 - i) // another value, so that a no-op fails
		if len(names) == 1 {
			back = T(255)
		}
		if err := P(&back).UnmarshalText(b); err != nil || back != v {
			t.Errorf("%s: UnmarshalText(%q) = %v, %v; want %v", typ, b, back, err, v)
		}
		// The text form is what encoding/json uses.
		j, err := json.Marshal(v)
		if err != nil || string(j) != strconv.Quote(name) {
			t.Errorf("%s: json.Marshal(%v) = %s, %v", typ, v, j, err)
		}
	}
	for _, n := range []int{len(names), 255} {
		v := T(n)
		want := typ[len("failover."):] + "(" + strconv.Itoa(n) + ")"
		if v.IsValid() || v.String() != want {
			t.Errorf("%s(%d): IsValid %v, String %q; want false, %q", typ, n, v.IsValid(), v.String(), want)
		}
		b, err := v.MarshalText()
		var ve *ccefsm.ValueError
		if b != nil || !errors.Is(err, ccefsm.ErrUnknownValue) || !errors.As(err, &ve) || ve.Type != typ || ve.Value != int64(n) {
			t.Errorf("%s(%d).MarshalText() = %q, %v; want a *ccefsm.ValueError", typ, n, b, err)
		}
	}
	for _, text := range bad {
		v := T(len(names) - 1)
		err := P(&v).UnmarshalText([]byte(text))
		var pe *ccefsm.ParseError
		if !errors.Is(err, ccefsm.ErrUnknownName) || !errors.As(err, &pe) || pe.Type != typ || pe.Text != text || v != T(len(names)-1) {
			t.Errorf("%s: UnmarshalText(%q) = %v, %v; want a *ccefsm.ParseError and the value unchanged", typ, text, v, err)
		}
	}
}

// TestReconnectText: Reconnect's three values, the texts of the scenario
// files, and the ends of the type.
func TestReconnectText(t *testing.T) {
	checkSettingText[Reconnect](t, "failover.Reconnect", []string{"stay", "failback", "home-only"},
		[]string{"", "Stay", "fail-back", "home_only", "homeonly", "0", "Reconnect(3)"})
	if ReconnectStay != 0 || ReconnectHomeOnly != 2 {
		t.Error("ReconnectStay is not the zero value, or the values moved: snapshots hold them")
	}
}

// TestRP3ScopeText: RP3Scope's three values, the texts of the scenario
// files, and the ends of the type.
func TestRP3ScopeText(t *testing.T) {
	checkSettingText[RP3Scope](t, "failover.RP3Scope", []string{"self-assigned", "any-assignment", "off"},
		[]string{"", "Off", "self_assigned", "any", "none", "1", "RP3Scope(3)"})
	if RP3SelfAssigned != 0 || RP3Off != 2 {
		t.Error("RP3SelfAssigned is not the zero value, or the values moved: snapshots hold them")
	}
}
