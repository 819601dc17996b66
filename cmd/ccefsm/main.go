// Command ccefsm replays contact-center outages from scenario files and
// shows what the failover rules of ccefsm make of them.
//
// Usage:
//
//	ccefsm <command> [flags] [arguments]
//
// The commands are:
//
//	run      replay a scenario and show its timeline and reporting impact
//	check    replay scenarios and compare their expectations
//	cti      print a capture of CTI protocol messages, one line per message
//	rules    print the rule catalogue
//	diagram  print the state diagrams of the tables in effect
//	help     show help for a command
//
// "ccefsm help <command>" (or "ccefsm <command> -h") gives the flags and
// arguments of each. With no scenario, run and diagram use the bundled
// default scenario, so that
//
//	go run github.com/ccefsm/ccefsm/cmd/ccefsm@latest run
//
// shows an overlapping double fault at once. Scenario files are described
// in the documentation of package github.com/ccefsm/ccefsm/scenario.
//
// Exit status: 0 on success; 1 when check finds an expectation that is not
// met or a scenario file with no expectations (or output cannot be
// written); 2 for a usage error or a scenario
// file that cannot be used, in which case nothing is printed on standard
// output.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK       = 0
	exitMismatch = 1 // check: an expectation not met or none given; or output failed
	exitUsage    = 2 // a usage error or an unusable scenario
)

// command is one subcommand. Adding one is adding a file that calls
// register from its init function.
type command struct {
	name     string
	synopsis string // the arguments after the name, such as "[--json] [SCENARIO]"
	summary  string // one line for "ccefsm help"
	help     string // the paragraphs of "ccefsm help <name>"
	// setup defines the command's flags on fs and returns the function
	// that runs it with the positional arguments once fs is parsed.
	setup func(fs *flag.FlagSet) func(io *cmdIO, args []string) int
}

// cmdIO is where a command writes: stdout for its result, stderr for
// diagnostics.
type cmdIO struct {
	stdout *bufio.Writer
	stderr io.Writer
}

var commands []*command

// register adds c to the commands; names are unique.
func register(c *command) {
	if slices.ContainsFunc(commands, func(o *command) bool { return o.name == c.name }) {
		panic("ccefsm: command " + c.name + " registered twice")
	}
	commands = append(commands, c)
	slices.SortFunc(commands, func(a, b *command) int { return strings.Compare(a.name, b.name) })
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// Main runs the command line args (without the program name), writing to
// stdout and stderr, and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	out := bufio.NewWriter(stdout)
	status := dispatch(args, &cmdIO{stdout: out, stderr: stderr})
	if err := out.Flush(); err != nil {
		fmt.Fprintln(stderr, "ccefsm: writing the output:", err)
		if status == exitOK {
			status = exitMismatch
		}
	}
	return status
}

func dispatch(args []string, cio *cmdIO) int {
	if len(args) == 0 {
		usage(cio.stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return help(args[1:], cio)
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(cio.stderr, "ccefsm: unknown command %q\nRun 'ccefsm help' for usage.\n", args[0])
		return exitUsage
	}
	fs := flag.NewFlagSet("ccefsm "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported below, help on request
	run := c.setup(fs)
	pos, err := parseFlags(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		commandHelp(cio.stdout, c, fs)
		return exitOK
	}
	if err != nil {
		return usageError(cio, c, err.Error())
	}
	return run(cio, pos)
}

// parseFlags parses args with fs, allowing flags after positional
// arguments ("run x.yaml --json"), and returns the positional arguments.
// "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError reports a usage error of command c and returns exitUsage.
func usageError(cio *cmdIO, c *command, msg string) int {
	fmt.Fprintf(cio.stderr, "ccefsm %s: %s\nusage: ccefsm %s %s\nRun 'ccefsm help %s' for details.\n",
		c.name, msg, c.name, c.synopsis, c.name)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `ccefsm replays contact-center outages from scenario files and shows what
the failover rules make of them: agent states, tasks, routing messages and
the reporting data lost, each with the rule that says so.

Usage:

	ccefsm <command> [flags] [arguments]

The commands are:

`)
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Use "ccefsm help <command>" for more information about a command.
Scenario files: go doc github.com/ccefsm/ccefsm/scenario
`)
}

// help implements "ccefsm help [command]".
func help(args []string, cio *cmdIO) int {
	switch len(args) {
	case 0:
		usage(cio.stdout)
		return exitOK
	case 1:
		c := lookup(args[0])
		if c == nil {
			fmt.Fprintf(cio.stderr, "ccefsm help: unknown command %q\nRun 'ccefsm help' for usage.\n", args[0])
			return exitUsage
		}
		fs := flag.NewFlagSet("ccefsm "+c.name, flag.ContinueOnError)
		c.setup(fs)
		commandHelp(cio.stdout, c, fs)
		return exitOK
	}
	fmt.Fprintln(cio.stderr, "usage: ccefsm help [command]")
	return exitUsage
}

func commandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: ccefsm %s %s\n\n%s", c.name, c.synopsis, c.help)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}
