package failover

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/gencheck"
	"github.com/ccefsm/ccefsm/taskstate"
)

// engineEffects runs inputs that produce every kind of engine effect and
// returns them, one of each kind, in kind order.
func engineEffects(t *testing.T) []Effect {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, chat)
	r.create(at(0, 0), 1, chat, alice, taskstate.StateActive)
	var all []Effect
	collect := func() { all = append(all, r.l.engine...) }
	steps := []func(){
		func() { r.down(at(1, 0), Element{Kind: Finesse, ID: fin1, Side: ccefsm.SideA}) }, // takeover
		func() { r.down(at(2, 0), ccA); r.down(at(2, 0), ccB) },                           // path down, caching
		func() { r.task(at(3, 0), TaskEnd, 1, 0) },                                        // cached task
		func() { r.up(at(40, 0), ccA) },                                                   // path up, late task and intervals
		func() { r.down(at(41, 0), pimA); r.down(at(41, 0), pimB) },                       // interval deleted (RP-1)
		func() { r.up(at(75, 0), pimA) },                                                  // intervals inaccurate
		func() { r.down(at(76, 0), Element{Kind: LinkPGController, ID: pg1, Side: ccefsm.SideA}) },
		func() { r.down(at(76, 0), Element{Kind: LinkPGController, ID: pg1, Side: ccefsm.SideB}) },
		func() { r.down(at(140, 0), pgA); r.down(at(140, 0), pgB) },                     // intervals lost (RP-8)
		func() { r.up(at(141, 0), pgA); r.up(at(141, 0), pgB); r.up(at(141, 0), pimB) }, // the PG back: nobody was on a call
		func() {
			r.do(Input{Op: OpAgentObserve, At: at(142, 0), Agent: carl, MRD: voice, State: agentstate.Talking})
			r.down(at(143, 0), pgA) // side A active: side B takes over and recovers carl's call (RP-9)
		},
	}
	for _, s := range steps {
		s()
		collect()
	}
	var one []Effect
	for k := EffectNone + 1; k < numEffectKinds; k++ {
		for _, e := range all {
			if e.Kind == k {
				one = append(one, e)
				break
			}
		}
		if len(one) == 0 || one[len(one)-1].Kind != k {
			t.Fatalf("no effect of kind %v produced", k)
		}
	}
	return one
}

// The JSON of one engine effect of every kind is pinned, and slog logs the
// same fields.
func TestEffectJSON(t *testing.T) {
	var b bytes.Buffer
	for _, e := range engineEffects(t) {
		j, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')

		var h bytes.Buffer
		slog.New(slog.NewJSONHandler(&h, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == "time" || a.Key == "level" || a.Key == "msg" {
				return slog.Attr{}
			}
			return a
		}})).Info("", "effect", e)
		if got, want := strings.TrimSpace(h.String()), `{"effect":`+string(j)+`}`; got != want {
			t.Errorf("slog and JSON differ:\n%s\n%s", got, want)
		}
		var back map[string]any
		if err := json.Unmarshal(j, &back); err != nil || back["rule"] != e.Rule.String() || back["kind"] != e.Kind.String() {
			t.Errorf("JSON %s does not carry the names", j)
		}
		if e.RuleID() != e.Rule || !e.Time().Equal(e.At) {
			t.Errorf("ccefsm.Effect methods of %v", e)
		}
	}
	gencheck.Golden(t, "testdata/effects.json", b.Bytes())
	if _, err := json.Marshal(Effect{}); err == nil {
		t.Error("the zero Effect marshals")
	}
}
