package taskstate

import (
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// The stringer outputs are checked in; these tests fail when they drift
// from the constants (run go generate).
func TestStringerDrift(t *testing.T) {
	gencheck.Stringer(t, "disposition_string.go", "-type=Disposition", "-linecomment")
	gencheck.Stringer(t, "state_string.go", "-type=State,Event", "-linecomment")
	gencheck.Stringer(t, "effect_string.go", "-type=EffectKind", "-linecomment")
}
