// Package scenarios holds the example scenario files of ccefsm, one per
// section of Cisco's failover chapter plus a flapping link and an
// overlapping double fault, embedded so that programs and the ccefsm
// command carry them. Each file has expectations that "ccefsm check"
// passes; the format is described in package
// github.com/ccefsm/ccefsm/scenario.
package scenarios

import (
	"embed"
	"io/fs"
	"slices"
)

// FS holds the scenario files (*.yaml) at its root.
//
//go:embed *.yaml
var FS embed.FS

// Default is the file name, in FS, of the scenario that "ccefsm run" and
// "ccefsm diagram" replay when given none: an overlapping double fault
// that touches agents, tasks, routing and the reporting ledger.
const Default = "doublefault.yaml"

// Names returns the file names of the scenarios in FS, sorted.
func Names() []string {
	names, err := fs.Glob(FS, "*.yaml")
	if err != nil {
		panic(err) // the pattern is valid
	}
	slices.Sort(names)
	return names
}
