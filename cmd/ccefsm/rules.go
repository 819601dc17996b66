package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/ccefsm/ccefsm"
)

func init() {
	register(&command{
		name:     "rules",
		synopsis: "[--json]",
		summary:  "print the rule catalogue",
		help: `Rules prints the catalogue of failover rules from the library's code: each
rule's ID (the one each effect of the rule cites), the rule, its provenance
(documented by Cisco, inferred where the sources are silent, configurable),
a note on what is inferred or configurable, and its source.

With --json it writes one JSON object per rule and line, with the keys id,
rule, provenance, note and source.
`,
		setup: func(fs *flag.FlagSet) func(*cmdIO, []string) int {
			asJSON := fs.Bool("json", false, "write JSON Lines instead of text")
			return func(cio *cmdIO, args []string) int {
				if len(args) > 0 {
					return usageError(cio, lookup("rules"), "rules takes no argument")
				}
				if *asJSON {
					enc := json.NewEncoder(cio.stdout)
					enc.SetEscapeHTML(false)
					for _, r := range ccefsm.Rules() {
						if err := enc.Encode(struct {
							ID         string `json:"id"`
							Rule       string `json:"rule"`
							Provenance string `json:"provenance"`
							Note       string `json:"note,omitempty"`
							Source     string `json:"source"`
						}{r.ID.String(), r.Statement, r.Provenance.String(), r.Note, r.Source}); err != nil {
							fmt.Fprintln(cio.stderr, "ccefsm rules:", err)
							return exitMismatch
						}
					}
					return exitOK
				}
				for i, r := range ccefsm.Rules() {
					if i > 0 {
						fmt.Fprintln(cio.stdout)
					}
					fmt.Fprintf(cio.stdout, "%s (%s)\n%s", r.ID, r.Provenance, wrap(r.Statement, "  ", "  ", 78))
					if r.Note != "" {
						fmt.Fprint(cio.stdout, wrap("Note: "+r.Note, "  ", "  ", 78))
					}
					fmt.Fprint(cio.stdout, wrap("Source: "+r.Source, "  ", "  ", 78))
				}
				return exitOK
			}
		},
	})
}

// wrap fills s into lines of at most width columns, the first starting
// with first and the others with rest, and ends it with a newline.
func wrap(s, first, rest string, width int) string {
	var b strings.Builder
	prefix := first
	line := prefix
	for _, word := range strings.Fields(s) {
		if len(line) > len(prefix) && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			prefix = rest
			line = prefix
		}
		if len(line) > len(prefix) {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
	return b.String()
}
