// Command flapping replays the bundled scenario flapping.yaml with the
// scenario package: links that go down and up several times within
// seconds, a real field failure. It prints what each flap did and checks
// what the rules promise (CS-9): every flap is a whole outage, never a
// half-applied one.
//
//   - The PIM's link to its ACD flaps three times in twenty seconds: each
//     drop takes the peripheral offline, deletes the data gathered since the
//     last one (RP-1) and stops voice routing (RT-5); each return restarts
//     it. The interval they fall in is deleted once and for all.
//   - The application's link to the MR PG flaps with two NEW_TASK requests
//     pending: each drop discards both (RT-1), each return resends each of
//     them exactly once, in order (RT-2); a response to a request that the
//     Central Controller discarded is refused as stale.
//
// Run it with:
//
//	go run ./examples/flapping
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/examples/scenarios"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/scenario"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "flapping:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	data, err := scenarios.FS.ReadFile("flapping.yaml")
	if err != nil {
		return err
	}
	sc, err := scenario.Decode("flapping.yaml", data)
	if err != nil {
		return err
	}
	res, err := scenario.Replay(sc)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s (%d inputs)\n\n", sc.Name, len(res.Steps))

	resends := map[ccefsm.RequestID]int{}
	for _, st := range res.Steps {
		in := st.Entry.Input
		if in.Op != failover.OpDown && in.Op != failover.OpUp && st.Err == nil {
			continue // the flaps, and what was refused
		}
		fmt.Fprintf(w, "%s  %s\n", in.At.Format("15:04:05"), st.Entry)
		var refused *failover.InputError
		if errors.As(st.Err, &refused) {
			fmt.Fprintf(w, "          refused: %v\n", refused.Err)
		}
		for _, ef := range st.Effects {
			fmt.Fprintf(w, "          %s\n", ef)
			if r, ok := ef.Effect.(routing.Effect); ok && r.Kind == routing.EffectResend {
				resends[r.Request]++
			}
		}
	}

	ups := 0
	for _, o := range res.Outages {
		if o.Path.Kind == failover.PathAppMRPG && !o.To.IsZero() {
			ups++
		}
	}
	fmt.Fprintln(w, "\nWhat the flaps did:")
	for _, o := range res.Outages {
		fmt.Fprintf(w, "  outage %d: %s down %s – %s (%s), cause %s\n", o.ID, o.Path, o.From.Format("15:04:05"),
			o.To.Format("15:04:05"), o.To.Sub(o.From), o.Cause)
	}
	for _, id := range []ccefsm.RequestID{1, 2} {
		if resends[id] != ups {
			return fmt.Errorf("request %d was resent %d times for %d returns of the MR PG link", id, resends[id], ups)
		}
		fmt.Fprintf(w, "  request %d was resent %d times for %d returns of the MR PG link: once per flap\n", id, resends[id], ups)
	}
	for _, iv := range res.Intervals {
		fmt.Fprintf(w, "  peripheral %d, interval %s: %s", iv.Peripheral, iv.Start.Format("15:04"), iv.Class)
		if iv.Outage != 0 {
			fmt.Fprintf(w, " (%s, outage %d)", iv.Rule, iv.Outage)
		}
		fmt.Fprintln(w)
	}
	if len(res.Mismatches) > 0 {
		return res.Err()
	}
	fmt.Fprintf(w, "  the scenario's %d expectations are met\n", res.Checked)

	fmt.Fprintln(w, "\nWhy:")
	for _, id := range []ccefsm.RuleID{ccefsm.CS9, ccefsm.RP1, ccefsm.RP2, ccefsm.RT1, ccefsm.RT2, ccefsm.RT5} {
		r, _ := ccefsm.Lookup(id)
		fmt.Fprintf(w, "  %s (%s): %s\n", r.ID, r.Provenance, r.Statement)
	}
	return nil
}
