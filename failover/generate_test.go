package failover

import (
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// The stringer outputs are checked in; this test fails when one drifts from
// its constants (run go generate).
func TestStringerDrift(t *testing.T) { gencheck.Stringers(t) }
