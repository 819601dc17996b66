package main

import (
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// TestCapture fails when testdata/session.cti drifts from buildCapture, the
// generator that wrote it with the cti package's encoder (rewrite with
// -update).
func TestCapture(t *testing.T) {
	b, err := buildCapture()
	if err != nil {
		t.Fatal(err)
	}
	gencheck.Golden(t, "testdata/session.cti", b)
}

// TestOutput replays the capture and compares what it prints with the
// checked-in transcript (rewrite with -update).
func TestOutput(t *testing.T) {
	gencheck.Transcript(t, "testdata/output.txt", run)
}
