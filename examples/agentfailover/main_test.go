package main

import (
	"bytes"
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// TestOutput runs the scenario and compares its output with the checked-in
// transcript (rewrite with -update).
func TestOutput(t *testing.T) {
	var b bytes.Buffer
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	gencheck.Golden(t, "testdata/output.txt", b.Bytes())
}
