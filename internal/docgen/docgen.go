// Package docgen renders the generated documents in docs/ from the tables in
// the library, so that the documents cannot say something the code does not
// do. Drift tests compare the rendering with the checked-in files.
package docgen

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ccefsm/ccefsm"
)

// RulesMarkdown renders the rule catalogue ([ccefsm.Rules]) as Markdown.
func RulesMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Rule catalogue\n\n")
	b.WriteString("Generated from `catalogue.go` by `go test ./internal/docgen -run TestRulesDoc -update`; do not edit.\n\n")
	b.WriteString("Provenance: *documented* (a Cisco document says so), *inferred* (the sources are silent; the library's default, overridable), *configurable* (a deployment setting with a default).\n\n")
	family := ""
	for _, r := range ccefsm.Rules() {
		id := r.ID.String()
		if f := id[:2]; f != family {
			family = f
			fmt.Fprintf(&b, "## %s\n\n", familyTitle(f))
			b.WriteString("| ID | rule | provenance | note | source |\n|---|---|---|---|---|\n")
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", id, cell(r.Statement), r.Provenance, cell(r.Note), cell(r.Source))
		if next := nextFamily(r.ID); next != family {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

func nextFamily(id ccefsm.RuleID) string {
	if n, ok := ccefsm.Lookup(id + 1); ok {
		return n.ID.String()[:2]
	}
	return ""
}

func familyTitle(f string) string {
	switch f {
	case "AG":
		return "AG: agent state (package agentstate)"
	case "TS":
		return "TS: tasks and MRD timing (package taskstate)"
	case "RT":
		return "RT: routing (package routing)"
	case "RP":
		return "RP: reporting data"
	case "CS":
		return "CS: cascades and overlapping faults (package failover)"
	}
	return f
}

func cell(s string) string {
	if s == "" {
		return "–"
	}
	return strings.ReplaceAll(s, "|", `\|`)
}
