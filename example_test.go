package ccefsm_test

import (
	"fmt"

	"github.com/ccefsm/ccefsm"
)

// Every effect in the library cites the rule that produced it; Lookup tells
// where that rule comes from and how far it can be trusted.
func ExampleLookup() {
	r, _ := ccefsm.Lookup(ccefsm.TS1)
	fmt.Println(r.ID, r.Provenance)
	r, _ = ccefsm.Lookup(ccefsm.AGT1)
	fmt.Println(r.ID, r.Provenance)
	// Output:
	// TS-1 documented
	// AG-T1 documented+inferred+configurable
}
