package ccefsm

import (
	"strings"

	"github.com/ccefsm/ccefsm/internal/enumtext"
)

// RuleID names one rule of the failover rule catalogue: AG- rules decide
// agent state, TS- rules task life and disposition, RT- rules routing, RP-
// rules reporting, CS- rules the cascades of one failure into others and
// overlapping failures. The numbering is that of docs/rules.md; it never changes,
// and new rules are appended.
//
// The zero value, RuleNone, cites no rule.
type RuleID uint8

// Rule IDs. Their String form is the catalogue ID, such as "AG-4" or "AG-T1".
const (
	RuleNone RuleID = iota // none

	AG1  // AG-1
	AG2  // AG-2
	AG3  // AG-3
	AG4  // AG-4
	AG5  // AG-5
	AG6  // AG-6
	AG7  // AG-7
	AG8  // AG-8
	AG9  // AG-9
	AG10 // AG-10
	AGT1 // AG-T1
	AGT2 // AG-T2

	TS1 // TS-1
	TS2 // TS-2
	TS3 // TS-3
	TS4 // TS-4
	TS5 // TS-5
	TS6 // TS-6
	TS7 // TS-7

	RT1 // RT-1
	RT2 // RT-2
	RT3 // RT-3
	RT4 // RT-4
	RT5 // RT-5
	RT6 // RT-6
	RT7 // RT-7
	RT8 // RT-8

	RP1 // RP-1
	RP2 // RP-2
	RP3 // RP-3
	RP4 // RP-4
	RP5 // RP-5
	RP6 // RP-6
	RP7 // RP-7
	RP8 // RP-8
	RP9 // RP-9

	CS1 // CS-1
	CS2 // CS-2
	CS3 // CS-3
	CS4 // CS-4
	CS5 // CS-5
	CS6 // CS-6
	CS7 // CS-7
	CS8 // CS-8
	CS9 // CS-9
)

// ruleEnd is one past the last rule. It stands outside the enumeration so
// that stringer does not name it: RuleID(ruleEnd).String() is "RuleID(46)",
// like every value that names no rule.
const ruleEnd = CS9 + 1

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=RuleID -linecomment -output=rule_string.go

// IsValid reports whether id names a rule of the catalogue.
func (id RuleID) IsValid() bool { return id > RuleNone && id < ruleEnd }

// MarshalText implements [encoding.TextMarshaler]. RuleNone marshals as
// "none"; values outside the catalogue are an error.
func (id RuleID) MarshalText() ([]byte, error) {
	return enumtext.Marshal(id, RuleNone, ruleEnd-1, "ccefsm.RuleID")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the
// catalogue IDs ("AG-4") and "none". On error id is unchanged.
func (id *RuleID) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(id, text, RuleNone, ruleEnd-1, "ccefsm.RuleID")
}

// Provenance says where a rule comes from. A rule may combine kinds: AG-4 is
// documented but its MRD scope for the CTI Manager is inferred.
type Provenance uint8

// Provenance bits.
const (
	// Documented: the Cisco failover chapter or a cited Cisco document says
	// so. Documented behaviour cannot be overridden.
	Documented Provenance = 1 << iota
	// Inferred: the sources are silent; the library chose this default and
	// says why. Callers may override an inferred default.
	Inferred
	// Configurable: the behaviour is a setting of the deployment, with a
	// default.
	Configurable
)

// String returns the set kinds joined by "+", such as "documented+inferred",
// or "none" when no bit is set.
func (p Provenance) String() string {
	if p == 0 {
		return "none"
	}
	var parts []string
	if p&Documented != 0 {
		parts = append(parts, "documented")
	}
	if p&Inferred != 0 {
		parts = append(parts, "inferred")
	}
	if p&Configurable != 0 {
		parts = append(parts, "configurable")
	}
	if rest := p &^ (Documented | Inferred | Configurable); rest != 0 {
		parts = append(parts, "unknown")
	}
	return strings.Join(parts, "+")
}

// Rule is one entry of the catalogue.
type Rule struct {
	ID         RuleID
	Statement  string     // the rule in one or two sentences
	Provenance Provenance // where the rule comes from
	// Note says what part is inferred or configurable, and why; empty for
	// purely documented rules.
	Note   string
	Source string // the Cisco document (and section) the rule comes from
}

// Lookup returns the catalogue entry of id, and false when id is not a rule.
func Lookup(id RuleID) (Rule, bool) {
	if !id.IsValid() {
		return Rule{}, false
	}
	return catalogue[id], true
}

// Rules returns every rule of the catalogue in ID order. The slice is a new
// copy on each call.
func Rules() []Rule {
	out := make([]Rule, 0, ruleEnd-1)
	for id := RuleNone + 1; id < ruleEnd; id++ {
		out = append(out, catalogue[id])
	}
	return out
}
