// Command doublefault replays the bundled scenario doublefault.yaml with
// the scenario package: two faults that overlap. The Central Controller goes
// down; while it is down the Agent PG fails over to side B and then loses
// side B too. It prints, fault by fault, what happened to agents, tasks,
// routing and reporting, then the ledger and the rules behind it:
//
//   - with the Central Controller down, routing is disabled (RT-3), the
//     Agent PG caches its reporting records (RT-6) and a task the
//     application assigns itself cannot obtain a task ID (CS-4);
//   - the PG's first side failing logs every agent out with 50002 and in
//     again by AG-T1 on side B (AG-4, AG-5);
//   - the second side failing loses the PG, and with it the records it had
//     cached for the Central Controller: those tasks and the open interval
//     are deleted from reports (RT-7, RP-8);
//   - the paths come back in their order, each once (CS-8).
//
// Run it with:
//
//	go run ./examples/doublefault
//
// or, for the same replay as the command shows it: go run ./cmd/ccefsm run
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/examples/scenarios"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/scenario"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "doublefault:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	data, err := scenarios.FS.ReadFile(scenarios.Default)
	if err != nil {
		return err
	}
	sc, err := scenario.Decode(scenarios.Default, data)
	if err != nil {
		return err
	}
	res, err := scenario.Replay(sc)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s\n%s\n", sc.Name, sc.Description)

	// The inputs that changed something, with the file's note saying why
	// they are there, and what the engine made of them.
	cited := map[ccefsm.RuleID]bool{}
	for _, st := range res.Steps {
		if len(st.Effects) == 0 && st.Err == nil && st.Entry.Note == "" {
			continue
		}
		fmt.Fprintf(w, "%s  %s", st.Entry.Input.At.Format("15:04"), st.Entry)
		if st.Entry.Note != "" {
			fmt.Fprintf(w, "  # %s", st.Entry.Note)
		}
		fmt.Fprintln(w)
		var refused *failover.InputError
		if errors.As(st.Err, &refused) {
			fmt.Fprintf(w, "        refused: %v\n", refused.Err)
		}
		for _, ef := range st.Effects {
			fmt.Fprintf(w, "        %s\n", ef)
			cited[ef.RuleID()] = true
		}
	}

	fmt.Fprintln(w, "\nThe reporting ledger:")
	for _, iv := range res.Intervals {
		fmt.Fprintf(w, "  peripheral %d, interval %s: %s", iv.Peripheral, iv.Start.Format("15:04"), iv.Class)
		for _, o := range res.Outages {
			if o.ID == iv.Outage {
				fmt.Fprintf(w, " (%s: %s down from %s, cause %s)", iv.Rule, o.Path, o.From.Format("15:04"), o.Cause)
			}
		}
		fmt.Fprintln(w)
	}
	for _, t := range res.Tasks {
		fmt.Fprintf(w, "  task %d (agent %d) ended %s with %d %s: %s (%s)\n", t.Task, t.Agent, t.Ended.Format("15:04"),
			t.Disposition, t.Disposition, t.Class, t.Rule)
	}
	sum := uint64(res.Counts.Open)
	for _, n := range res.Counts.ByClass {
		sum += n
	}
	if sum != uint64(res.Created) {
		return fmt.Errorf("conservation broken: %d tasks created, %d open or classed", res.Created, sum)
	}
	fmt.Fprintf(w, "  every task in exactly one class: %d created, %d open or classed\n", res.Created, sum)
	if len(res.Mismatches) > 0 {
		return res.Err()
	}
	fmt.Fprintf(w, "  the scenario's %d expectations are met\n", res.Checked)

	fmt.Fprintln(w, "\nWhy (the rules cited above):")
	ids := make([]ccefsm.RuleID, 0, len(cited))
	for id := range cited {
		if id.IsValid() {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		r, _ := ccefsm.Lookup(id)
		fmt.Fprintf(w, "  %s (%s): %s\n", r.ID, r.Provenance, r.Statement)
	}
	return nil
}
