package routing

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// rowsMarkdown renders the rule table as docs/routing.md.
func rowsMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Routing rule table (package routing)\n\n")
	b.WriteString("Generated from `routing/table.go` by `go test ./routing -run TestRowsDoc -update`; do not edit.\n\n")
	b.WriteString("Effects carry the row number (`Effect.Row`, `ReportEffect.Row`). Inferred rows with alternatives can be overridden with `Policy.Set`; documented rows cannot.\n\n")
	b.WriteString("| row | rule | situation | action | provenance | alternatives | source | note |\n|---|---|---|---|---|---|---|---|\n")
	cell := func(s string) string {
		if s == "" {
			return "–"
		}
		return strings.ReplaceAll(s, "|", "\\|")
	}
	for _, r := range Rows() {
		var alts []string
		for _, a := range r.Alternatives {
			alts = append(alts, a.String())
		}
		fmt.Fprintf(&b, "| %d | %v | %s | %v | %v | %s | %s | %s |\n", r.N, r.Rule, cell(r.Situation), r.Default, r.Provenance, cell(strings.Join(alts, ", ")), cell(r.Source), cell(r.Note))
	}
	return b.Bytes()
}

func TestRowsDoc(t *testing.T) {
	gencheck.Golden(t, "../docs/routing.md", rowsMarkdown())
}
