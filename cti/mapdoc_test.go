package cti

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// mapMarkdown renders the mapping table as docs/cti.md.
func mapMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("# CTI messages onto engine inputs (package cti)\n\n")
	b.WriteString("Generated from `cti/maptable.go` by `go test ./cti -run TestMapDoc -update`; do not edit.\n\n")
	b.WriteString("A `cti.Mapper` turns each message of a CTI session with one Agent PG's CTI server into the inputs of a `failover.Engine`. ")
	b.WriteString("Every message gives at least one row of this table (`Mapped.Row`), with the input the row produces or none. ")
	b.WriteString("The rule is the catalogue rule ([rules.md](rules.md)) that governs what the engine does with the input. ")
	b.WriteString("Provenance: *documented* (the message's meaning is the reference guide's, the consequence the chapter's), *inferred* (the guides are silent on how a client should read it, or this package cannot read what it carries; the row says why this choice).\n\n")
	b.WriteString("Elements are written as `failover.Element` text: `acd:P` the peripheral's switch, `link-pg-cc:PG:S` the PG's link to the Central Controller on side S, `link-app-cti:APP` the application's link to the CTI server.\n\n")
	b.WriteString("| row | name | messages | condition | inputs | rule | provenance | source | note |\n|---|---|---|---|---|---|---|---|---|\n")
	cell := func(s string) string {
		if s == "" {
			return "–"
		}
		return strings.ReplaceAll(s, "|", `\|`)
	}
	for _, r := range MapRows() {
		var msgs []string
		for _, t := range r.Messages {
			msgs = append(msgs, t.String())
		}
		rule := "–"
		if r.Rule.IsValid() {
			rule = r.Rule.String()
		}
		fmt.Fprintf(&b, "| %v | %s | %s | %s | %s | %s | %v | %s | %s |\n", r.ID, r.Name, cell(strings.Join(msgs, ", ")),
			cell(r.Condition), cell(r.Inputs), rule, r.Provenance, cell(r.Source), cell(r.Note))
	}
	return b.Bytes()
}

// docs/cti.md is the table above; it fails when the file drifts from the
// table (rewrite with -update).
func TestMapDoc(t *testing.T) {
	gencheck.Golden(t, "../docs/cti.md", mapMarkdown())
}
