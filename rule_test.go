package ccefsm_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/gencheck"
)

func TestCatalogueComplete(t *testing.T) {
	rules := ccefsm.Rules()
	if got, want := len(rules), 45; got != want {
		t.Fatalf("len(Rules()) = %d, want %d (10 AG + 2 tables + 7 TS + 8 RT + 9 RP + 9 CS)", got, want)
	}
	for i, r := range rules {
		if r.ID != ccefsm.RuleID(i+1) {
			t.Errorf("rules[%d].ID = %v, want %v", i, r.ID, ccefsm.RuleID(i+1))
		}
		if r.Statement == "" || r.Source == "" {
			t.Errorf("%v: empty statement or source", r.ID)
		}
		if r.Provenance == 0 {
			t.Errorf("%v: no provenance", r.ID)
		}
		if r.Provenance&(ccefsm.Inferred|ccefsm.Configurable) != 0 && r.Note == "" {
			t.Errorf("%v is %v but has no note saying which part and why", r.ID, r.Provenance)
		}
		if r.Provenance == ccefsm.Documented && r.Note != "" {
			t.Errorf("%v is purely documented but has a note %q", r.ID, r.Note)
		}
		if !strings.Contains(r.ID.String(), "-") {
			t.Errorf("%d: String() = %q, want a catalogue ID", r.ID, r.ID.String())
		}
	}
	if _, ok := ccefsm.Lookup(ccefsm.RuleNone); ok {
		t.Error("Lookup(RuleNone) ok")
	}
	if _, ok := ccefsm.Lookup(255); ok {
		t.Error("Lookup(255) ok")
	}
}

func TestRuleIDText(t *testing.T) {
	for _, r := range ccefsm.Rules() {
		b, err := r.ID.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var got ccefsm.RuleID
		if err := got.UnmarshalText(b); err != nil || got != r.ID {
			t.Errorf("round trip %v: got %v, %v", r.ID, got, err)
		}
	}
	id := ccefsm.AG4
	if err := id.UnmarshalText([]byte("AG-99")); !errors.Is(err, ccefsm.ErrUnknownName) {
		t.Errorf("UnmarshalText(AG-99) = %v, want ErrUnknownName", err)
	}
	if id != ccefsm.AG4 {
		t.Errorf("failed UnmarshalText changed the value to %v", id)
	}
	if _, err := ccefsm.RuleID(200).MarshalText(); !errors.Is(err, ccefsm.ErrUnknownValue) {
		t.Errorf("MarshalText(200) = %v, want ErrUnknownValue", err)
	}
}

func TestEnumText(t *testing.T) {
	type textValue interface {
		MarshalText() ([]byte, error)
	}
	tests := []struct {
		v    textValue
		want string
	}{
		{ccefsm.MediaVoice, "voice"},
		{ccefsm.MediaEmail, "email"},
		{ccefsm.SideA, "A"},
		{ccefsm.SideNone, "none"},
		{ccefsm.ReportLate, "late"},
		{ccefsm.ReportOpen, "open"},
	}
	for _, tt := range tests {
		b, err := tt.v.MarshalText()
		if err != nil || string(b) != tt.want {
			t.Errorf("%#v.MarshalText() = %q, %v, want %q", tt.v, b, err, tt.want)
		}
	}
	for v := ccefsm.MediaVoice; v <= ccefsm.MediaOther; v++ {
		var got ccefsm.MediaKind
		b, _ := v.MarshalText()
		if err := got.UnmarshalText(b); err != nil || got != v {
			t.Errorf("MediaKind round trip %v: %v, %v", v, got, err)
		}
	}
	for v := ccefsm.ReportOpen; v <= ccefsm.ReportUnreported; v++ {
		var got ccefsm.ReportClass
		b, _ := v.MarshalText()
		if err := got.UnmarshalText(b); err != nil || got != v {
			t.Errorf("ReportClass round trip %v: %v, %v", v, got, err)
		}
	}
	for v := ccefsm.SideNone; v <= ccefsm.SideB; v++ {
		var got ccefsm.Side
		b, _ := v.MarshalText()
		if err := got.UnmarshalText(b); err != nil || got != v {
			t.Errorf("Side round trip %v: %v, %v", v, got, err)
		}
	}
	bad := []struct {
		name string
		err  error
	}{
		{"MediaUnknown", func() error { _, err := ccefsm.MediaUnknown.MarshalText(); return err }()},
		{"MediaKind(9)", func() error { _, err := ccefsm.MediaKind(9).MarshalText(); return err }()},
		{"Side(3)", func() error { _, err := ccefsm.Side(3).MarshalText(); return err }()},
		{"ReportClass(7)", func() error { _, err := ccefsm.ReportClass(7).MarshalText(); return err }()},
	}
	for _, b := range bad {
		if !errors.Is(b.err, ccefsm.ErrUnknownValue) {
			t.Errorf("%s: err = %v, want ErrUnknownValue", b.name, b.err)
		}
	}
	k := ccefsm.MediaChat
	if err := k.UnmarshalText([]byte("unknown")); !errors.Is(err, ccefsm.ErrUnknownName) || k != ccefsm.MediaChat {
		t.Errorf("UnmarshalText(unknown) = %v, k = %v", err, k)
	}
	var pe *ccefsm.ParseError
	if err := k.UnmarshalText([]byte("fax")); !errors.As(err, &pe) || pe.Text != "fax" {
		t.Errorf("UnmarshalText(fax) = %v, want *ParseError{Text: fax}", err)
	}
}

func TestSideOther(t *testing.T) {
	if ccefsm.SideA.Other() != ccefsm.SideB || ccefsm.SideB.Other() != ccefsm.SideA || ccefsm.SideNone.Other() != ccefsm.SideNone {
		t.Error("Side.Other is not the opposite side")
	}
}

func TestProvenanceString(t *testing.T) {
	for p, want := range map[ccefsm.Provenance]string{
		0:                                     "none",
		ccefsm.Documented:                     "documented",
		ccefsm.Documented | ccefsm.Inferred:   "documented+inferred",
		ccefsm.Inferred | ccefsm.Configurable: "inferred+configurable",
		ccefsm.Configurable | 1<<6:            "configurable+unknown",
	} {
		if got := p.String(); got != want {
			t.Errorf("Provenance(%d).String() = %q, want %q", p, got, want)
		}
	}
}

func TestStringerDrift(t *testing.T) { gencheck.Stringers(t) }
