package main

import (
	"flag"
	"fmt"

	"github.com/ccefsm/ccefsm/scenario"
)

func init() {
	register(&command{
		name:     "check",
		synopsis: "SCENARIO...",
		summary:  "replay scenarios and compare their expectations",
		help: `Check replays each SCENARIO file and compares the entries of its expect list
with what the replay gives. Each expectation that is not met is reported on
one line, with its file and line, what it expects and what the replay gave:

	scenarios/pim.yaml:58: agent 1001 MRD 1 at 2026-03-02T09:10:00Z: got state AVAILABLE, want state LOGOUT

then a summary line per file: "ok FILE" or "FAIL FILE". A file with no
expectations fails ("FAIL FILE: no expectations, so it checks nothing"):
a scenario kept as a test case must be able to fail. The files are all
decoded before any is replayed, so that a file that cannot be used stops
the run before anything is printed.

Exit status: 0 when every file has expectations and every one is met, 1
when one is not met or a file has none, 2 for a usage error or a file that
cannot be read or decoded.
Scenario files kept in a repository make contact-center behaviour a test
case of its CI: go run github.com/ccefsm/ccefsm/cmd/ccefsm@latest check *.yaml
`,
		setup: func(fs *flag.FlagSet) func(*cmdIO, []string) int {
			return func(cio *cmdIO, args []string) int {
				if len(args) == 0 {
					return usageError(cio, lookup("check"), "no scenario file given")
				}
				var scs []*scenario.Scenario
				for _, path := range args {
					sc, ok := load(cio, path)
					if !ok {
						return exitUsage
					}
					scs = append(scs, sc)
				}
				status := exitOK
				for _, sc := range scs {
					res, ok := replay(cio, sc)
					if !ok {
						return exitUsage
					}
					if res.Checked == 0 {
						status = exitMismatch
						fmt.Fprintf(cio.stdout, "FAIL %s: no expectations, so it checks nothing (add an expect list)\n", sc.File)
						continue
					}
					for _, m := range res.Mismatches {
						fmt.Fprintln(cio.stdout, m)
					}
					if len(res.Mismatches) > 0 {
						status = exitMismatch
						fmt.Fprintf(cio.stdout, "FAIL %s: %d of %d expectations not met\n", sc.File, len(res.Mismatches), res.Checked)
						continue
					}
					fmt.Fprintf(cio.stdout, "ok   %s: %d expectations met, %d inputs\n", sc.File, res.Checked, len(res.Steps))
				}
				return status
			}
		},
	})
}
