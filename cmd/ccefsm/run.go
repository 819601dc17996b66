package main

import (
	"flag"
	"io"
)

func init() {
	register(&command{
		name:     "run",
		synopsis: "[--json | --mermaid] [SCENARIO]",
		summary:  "replay a scenario and show its timeline and reporting impact",
		help: `Run replays the scenario file SCENARIO (the bundled overlapping double fault
when none is given) through the failover engine and prints what happened:
the timeline, each input with every effect it caused and the failover rule
that produced it ("–" for an ordinary consequence of the input that no
failover rule governs, such as a NEW_TASK sent or a task that ends
normally), and the inputs the engine refused with their reason; then the
reporting impact: the outages, the class of every reporting interval of
each peripheral with the rule and the outage behind it, the tasks that are
not complete in reports and why, the conservation account, and the rules
cited.

With --json the same facts are written as JSON Lines, one object per line
with a "type" key: scenario, input, effect, refusal, outage, interval,
task and counts. Effects are written by their own MarshalJSON.

With --mermaid the output is a Mermaid Gantt chart of the outages (paths
down) and the data-loss windows (reporting intervals deleted, partial or
late), for a Markdown page or https://mermaid.live.

Run does not compare the scenario's expectations; see "ccefsm help check".
A scenario that cannot be read or decoded is reported on standard error
with its file, line and field, and run exits with status 2.
`,
		setup: func(fs *flag.FlagSet) func(*cmdIO, []string) int {
			asJSON := fs.Bool("json", false, "write JSON Lines instead of text")
			mermaid := fs.Bool("mermaid", false, "write a Mermaid Gantt chart instead of text")
			return func(cio *cmdIO, args []string) int {
				c := lookup("run")
				if *asJSON && *mermaid {
					return usageError(cio, c, "--json and --mermaid exclude each other")
				}
				if len(args) > 1 {
					return usageError(cio, c, "one scenario at a time")
				}
				path := ""
				if len(args) == 1 {
					path = args[0]
				}
				sc, ok := load(cio, path)
				if !ok {
					return exitUsage
				}
				res, ok := replay(cio, sc)
				if !ok {
					return exitUsage
				}
				var w io.Writer = cio.stdout
				switch {
				case *asJSON:
					if err := writeJSON(w, res); err != nil {
						cio.stderr.Write([]byte("ccefsm run: " + err.Error() + "\n"))
						return exitMismatch
					}
				case *mermaid:
					writeMermaid(w, res)
				default:
					writeText(w, res)
				}
				return exitOK
			}
		},
	})
}
