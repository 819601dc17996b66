package scenario_test

import (
	"fmt"

	"github.com/ccefsm/ccefsm/scenario"
)

// A test harness keeps a contact-center outage as a scenario file: here
// an Application Instance loses its MR PG with a NEW_TASK pending. Decode
// reads it, Replay runs it through the failover engine, and the mismatches
// say which expectation failed, at which line.
func Example() {
	const file = `name: MR PG link outage
start: 2026-03-02T09:00:00Z
topology:
  mrds: [{id: 2, media: chat}]
  agent-pgs: [{id: 1, peripherals: [5000]}]
  mr-pgs: [{id: 2}]
  applications: [{id: 7, mrds: [2], agent-pg: 1, mr-pg: 2}]
timeline:
  - {at: 1m, op: send-request, app: 7, request: 1, mrd: 2}
  - {at: 10m, op: down, element: "link-app-mrpg:7"}
  - {at: 20m, op: up, element: "link-app-mrpg:7"}
expect:
  - {at: 10m, message: discarded, app: 7, request: 1}
  # wrong on purpose: the request is resent at 09:20, and pending again
  - {at: 20m, request: 1, app: 7, status: none}
`
	sc, err := scenario.Decode("mrpg.yaml", []byte(file))
	if err != nil {
		fmt.Println(err) // mrpg.yaml:LINE:COLUMN: field: reason
		return
	}
	res, err := scenario.Replay(sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range res.Steps {
		fmt.Println(st.Entry.Input.At.Format("15:04"), st.Entry)
		for _, ef := range st.Effects {
			fmt.Println("     ", ef)
		}
	}
	for _, m := range res.Mismatches {
		fmt.Println(m)
	}
	// Output:
	// 09:01 send-request app 7 request 1 MRD 2
	//       app 7 request 1 MRD 2: NEW_TASK
	// 09:10 down link-app-mrpg:7
	//       CS-1 path app-to-mr-pg:7 down (outage 1)
	//       RT-1 row 1 app 7 request 1 MRD 2: discarded
	// 09:20 up link-app-mrpg:7
	//       CS-8 path app-to-mr-pg:7 up (outage 1)
	//       RT-2 row 3 app 7 request 1 MRD 2: resend NEW_TASK
	// mrpg.yaml:15: app 7 request 1 at 2026-03-02T09:20:00Z: got status pending, want status none
}
