package ccefsm_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// TestRuleIDIsValid pins both ends of the catalogue: RuleNone and the first
// value past the last rule are not rules, the first and last rules are.
func TestRuleIDIsValid(t *testing.T) {
	last := ccefsm.CS9
	tests := []struct {
		id   ccefsm.RuleID
		want bool
	}{
		{ccefsm.RuleNone, false},
		{ccefsm.AG1, true},
		{ccefsm.AGT2, true},
		{last, true},
		{last + 1, false}, // the first value past the catalogue
		{255, false},
	}
	for _, tt := range tests {
		if got := tt.id.IsValid(); got != tt.want {
			t.Errorf("RuleID(%d).IsValid() = %v, want %v", tt.id, got, tt.want)
		}
		if _, ok := ccefsm.Lookup(tt.id); ok != tt.want {
			t.Errorf("Lookup(RuleID(%d)) ok = %v, want %v", tt.id, ok, tt.want)
		}
	}
	if rules := ccefsm.Rules(); rules[len(rules)-1].ID != last {
		t.Errorf("last rule of Rules() = %v, want %v (update this test when a rule is appended)", rules[len(rules)-1].ID, last)
	}
}

func TestRedundancy(t *testing.T) {
	tests := []struct {
		r     ccefsm.Redundancy
		valid bool
		sides []ccefsm.Side
	}{
		{ccefsm.Simplex, true, []ccefsm.Side{ccefsm.SideA}},
		{ccefsm.Duplex, true, []ccefsm.Side{ccefsm.SideA, ccefsm.SideB}},
		{ccefsm.Duplex + 1, false, []ccefsm.Side{ccefsm.SideA}},
		{255, false, []ccefsm.Side{ccefsm.SideA}},
	}
	for _, tt := range tests {
		if got := tt.r.IsValid(); got != tt.valid {
			t.Errorf("Redundancy(%d).IsValid() = %v, want %v", tt.r, got, tt.valid)
		}
		if got := tt.r.Sides(); !slices.Equal(got, tt.sides) {
			t.Errorf("Redundancy(%d).Sides() = %v, want %v", tt.r, got, tt.sides)
		}
		_, err := tt.r.MarshalText()
		if (err == nil) != tt.valid {
			t.Errorf("Redundancy(%d).MarshalText() err = %v, want error %v", tt.r, err, !tt.valid)
		}
	}
	// Sides returns a new slice each call: a caller may change it.
	s := ccefsm.Duplex.Sides()
	s[0] = ccefsm.SideNone
	if got := ccefsm.Duplex.Sides(); got[0] != ccefsm.SideA {
		t.Errorf("Sides() shares its slice between calls: %v", got)
	}
	for _, r := range []ccefsm.Redundancy{ccefsm.Simplex, ccefsm.Duplex} {
		b, err := r.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var got ccefsm.Redundancy = 255
		if err := got.UnmarshalText(b); err != nil || got != r {
			t.Errorf("Redundancy round trip %v: got %v, %v", r, got, err)
		}
	}
}

func TestReportClassIsFinal(t *testing.T) {
	tests := []struct {
		c    ccefsm.ReportClass
		want bool
	}{
		{ccefsm.ReportOpen, false},
		{ccefsm.ReportComplete, true},
		{ccefsm.ReportLate, true},
		{ccefsm.ReportPartial, true},
		{ccefsm.ReportRecreated, true},
		{ccefsm.ReportDeleted, true},
		{ccefsm.ReportUnreported, true},
		{ccefsm.ReportUnreported + 1, false}, // the first value that is no class
		{255, false},
	}
	for _, tt := range tests {
		if got := tt.c.IsFinal(); got != tt.want {
			t.Errorf("ReportClass(%d).IsFinal() = %v, want %v", tt.c, got, tt.want)
		}
	}
}

func TestMediaKindIsValid(t *testing.T) {
	tests := []struct {
		k    ccefsm.MediaKind
		want bool
	}{
		{ccefsm.MediaUnknown, false},
		{ccefsm.MediaVoice, true},
		{ccefsm.MediaChat, true},
		{ccefsm.MediaEmail, true},
		{ccefsm.MediaOther, true},
		{ccefsm.MediaOther + 1, false},
		{255, false},
	}
	for _, tt := range tests {
		if got := tt.k.IsValid(); got != tt.want {
			t.Errorf("MediaKind(%d).IsValid() = %v, want %v", tt.k, got, tt.want)
		}
	}
}

// TestRuleIDTextEnd: the text methods end where the catalogue ends. The
// first value past the last rule neither marshals nor is parsed back from
// its String form ("RuleID(46)"): unknown values are never mapped.
func TestRuleIDTextEnd(t *testing.T) {
	last := ccefsm.CS9
	if b, err := last.MarshalText(); err != nil || string(b) != "CS-9" {
		t.Errorf("CS9.MarshalText() = %q, %v", b, err)
	}
	past := last + 1
	if b, err := past.MarshalText(); !errors.Is(err, ccefsm.ErrUnknownValue) {
		t.Errorf("RuleID(%d).MarshalText() = %q, %v, want ErrUnknownValue", past, b, err)
	}
	if got := past.String(); got != "RuleID(46)" {
		t.Errorf("RuleID(%d).String() = %q, want RuleID(46)", past, got)
	}
	id := ccefsm.AG1
	if err := id.UnmarshalText([]byte(past.String())); !errors.Is(err, ccefsm.ErrUnknownName) || id != ccefsm.AG1 {
		t.Errorf("UnmarshalText(%q) = %v, id %v; want ErrUnknownName, unchanged", past.String(), err, id)
	}
	if err := id.UnmarshalText([]byte("CS-9")); err != nil || id != last {
		t.Errorf("UnmarshalText(CS-9) = %v, id %v", err, id)
	}
}

// TestMaxAttribute pins the bound of every MRD duration attribute: ten
// years of 365 days, 87,600 hours.
func TestMaxAttribute(t *testing.T) {
	if got, want := ccefsm.MaxAttribute, 87600*time.Hour; got != want {
		t.Errorf("MaxAttribute = %v, want %v", got, want)
	}
	m := ccefsm.NewMRD(1, ccefsm.MediaChat)
	m.TaskLife = 87600 * time.Hour
	if err := m.Validate(); err != nil {
		t.Errorf("task life of exactly ten years: %v", err)
	}
	m.TaskLife++
	if err := m.Validate(); !errors.Is(err, ccefsm.ErrInvalidMRD) {
		t.Errorf("task life of ten years and 1ns: %v, want ErrInvalidMRD", err)
	}
}
