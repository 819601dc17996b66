package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/ccefsm/ccefsm/examples/scenarios"
	"github.com/ccefsm/ccefsm/scenario"
)

// load reads and decodes the scenario at path, or the bundled default
// when path is empty. A file that cannot be read or decoded is reported on
// stderr and load returns false: the caller exits with status 2 and prints
// nothing on stdout.
func load(cio *cmdIO, path string) (*scenario.Scenario, bool) {
	var data []byte
	var err error
	name := path
	if path == "" {
		name = "(bundled) " + scenarios.Default
		data, err = scenarios.FS.ReadFile(scenarios.Default)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		fmt.Fprintln(cio.stderr, "ccefsm:", err)
		return nil, false
	}
	sc, err := scenario.Decode(name, data)
	if err != nil {
		var se *scenario.Error
		if errors.As(err, &se) {
			fmt.Fprintln(cio.stderr, err) // file:line:col: field: reason
		} else {
			fmt.Fprintln(cio.stderr, "ccefsm:", err)
		}
		return nil, false
	}
	return sc, true
}

// replay replays sc, reporting a failure (which Decode rules out) on
// stderr.
func replay(cio *cmdIO, sc *scenario.Scenario) (*scenario.Result, bool) {
	res, err := scenario.Replay(sc)
	if err != nil {
		fmt.Fprintf(cio.stderr, "ccefsm: %s: %v\n", sc.File, err)
		return nil, false
	}
	return res, true
}
