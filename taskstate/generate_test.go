package taskstate

import (
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// The stringer outputs are checked in; these tests fail when they drift
// from the constants (run go generate).
func TestStringerDrift(t *testing.T) { gencheck.Stringers(t) }
