package routing_test

import (
	"fmt"
	"time"

	"github.com/ccefsm/ccefsm/routing"
)

// What would the application see if its MR PIM lost the Central
// Controller now? Ask a clone; the Conn itself keeps its requests pending.
func ExampleConn_Clone() {
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c, _ := routing.NewConn(routing.ConnConfig{App: 1})
	_, _ = c.Send(nil, t, 101, 5)
	_, _ = c.Send(nil, t, 102, 5)

	whatIf := c.Clone()
	effs, _ := whatIf.ControllerPathDown(nil, t.Add(time.Second))
	show(effs)
	fmt.Println("pending in the Conn:", c.Pending(), "in the clone:", whatIf.Pending(), "held:", whatIf.Held())
	// Output:
	// RT-3  ROUTING_DISABLED
	// RT-3  deleted            request 101
	// RT-3  deleted            request 102
	// pending in the Conn: 2 in the clone: 0 held: 2
}
