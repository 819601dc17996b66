package main

import (
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// TestOutput runs the scenario and compares its output with the checked-in
// transcript (rewrite with -update).
func TestOutput(t *testing.T) {
	gencheck.Transcript(t, "testdata/output.txt", run)
}
