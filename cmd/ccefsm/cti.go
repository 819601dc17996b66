package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/ccefsm/ccefsm/cti"
)

func init() {
	register(&command{
		name:     "cti",
		synopsis: "[--json] [--version N] FILE",
		summary:  "print a capture of CTI protocol messages, one line per message",
		help: `Cti reads FILE, a capture of a CTI Server session (the messages back to
back, each with its 8-byte header, as a CTI client and the CTI server
exchange them; "-" reads standard input), decodes every message and
prints one line per message for an engineer reading a trace: its byte
offset in the capture, its type, the length of its body, and every fixed
and floating field by name, enumerated values by name. A message type the
decoder does not model is printed with its body in hex; a message the
decoder refuses is printed with the reason, and the trace goes on.

The protocol version comes from the capture's OPEN_REQ; every OPEN_REQ
sets the version of the messages after it. A capture that starts after
the OPEN_REQ needs --version (13 to 25). An empty capture prints nothing.

With --json each line is a JSON object (JSON Lines) with the same facts.

Exit status: 0 when every message was decoded; 1 when a message was
refused or the capture ends inside a message (what was read is printed
first); 2 for a usage error, a file that cannot be read, or a capture
whose first message has no version this build reads (no OPEN_REQ and no
--version, or an OPEN_REQ of an unsupported version). An OPEN_REQ of an
unsupported version later in the capture is a refused message, and the
version in force stays.
`,
		setup: func(fs *flag.FlagSet) func(*cmdIO, []string) int {
			asJSON := fs.Bool("json", false, "write JSON Lines instead of text")
			version := fs.Uint("version", 0, "protocol version of the messages before the first OPEN_REQ (13 to 25)")
			return func(cio *cmdIO, args []string) int {
				c := lookup("cti")
				if len(args) != 1 {
					return usageError(cio, c, "one capture file is needed")
				}
				cfg := cti.TraceConfig{Format: cti.TraceText}
				if *asJSON {
					cfg.Format = cti.TraceJSON
				}
				if *version != 0 {
					v := cti.Version(*version)
					if uint(v) != *version || !v.Supported() {
						return usageError(cio, c, "--version "+strconv.FormatUint(uint64(*version), 10)+
							": this build reads versions "+cti.MinVersion.String()+" to "+cti.MaxVersion.String())
					}
					cfg.Version = v
				}
				var r io.Reader = os.Stdin
				name := "standard input"
				if args[0] != "-" {
					f, err := os.Open(args[0])
					if err != nil {
						fmt.Fprintf(cio.stderr, "ccefsm cti: %v\n", err)
						return exitUsage
					}
					defer f.Close()
					r, name = f, args[0]
				}
				st, err := cti.WriteTrace(cio.stdout, r, cfg)
				if err != nil {
					var perr *os.PathError
					if errors.As(err, &perr) {
						fmt.Fprintf(cio.stderr, "ccefsm cti: %v\n", err)
						return exitUsage
					}
					if errors.Is(err, cti.ErrUnsupportedVersion) && st.Messages == 0 {
						return usageError(cio, c, name+": "+err.Error())
					}
					fmt.Fprintf(cio.stderr, "ccefsm cti: %s: after %s: %v\n", name, count(st.Messages, "message"), err)
					return exitMismatch
				}
				if st.Refused > 0 {
					fmt.Fprintf(cio.stderr, "ccefsm cti: %s: %d of %s refused\n", name, st.Refused, count(st.Messages, "message"))
					return exitMismatch
				}
				return exitOK
			}
		},
	})
}

// count is n and noun, plural unless n is 1: "1 message", "3 messages".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
