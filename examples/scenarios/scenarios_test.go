package scenarios_test

import (
	"slices"
	"testing"

	"github.com/ccefsm/ccefsm/examples/scenarios"
	"github.com/ccefsm/ccefsm/scenario"
)

// TestCheck decodes and replays every bundled scenario: each is valid and
// meets all of its expectations, and each has some.
func TestCheck(t *testing.T) {
	names := scenarios.Names()
	if !slices.Contains(names, scenarios.Default) {
		t.Fatalf("the default %s is not among %v", scenarios.Default, names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := scenarios.FS.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scenario.Decode(name, data)
			if err != nil {
				t.Fatal(err)
			}
			if len(sc.Expect) == 0 {
				t.Errorf("%s has no expectations", name)
			}
			res, err := scenario.Replay(sc)
			if err != nil {
				t.Fatal(err)
			}
			if err := res.Err(); err != nil {
				t.Error(err)
			}
		})
	}
}
