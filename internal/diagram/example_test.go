package diagram_test

import (
	"fmt"

	"github.com/ccefsm/ccefsm/internal/diagram"
)

// A table of three edges rendered as Mermaid. The visualiser sorts the
// edges, so the output does not depend on the order of the rows.
func ExampleMermaid() {
	out, err := diagram.Mermaid("NOT_READY", []diagram.Edge{
		{From: "AVAILABLE", Event: "NOT_READY", To: "NOT_READY"},
		{From: "NOT_READY", Event: "READY", To: "AVAILABLE"},
		{From: "AVAILABLE", Event: "RESERVE", To: "RESERVED"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(out)
	// Output:
	// stateDiagram-v2
	//     [*] --> NOT_READY
	//     AVAILABLE --> NOT_READY: NOT_READY
	//     AVAILABLE --> RESERVED: RESERVE
	//     NOT_READY --> AVAILABLE: READY
}
