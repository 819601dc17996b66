package scenario_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/scenario"
	"github.com/google/go-cmp/cmp"
)

// wrong holds one wrong expectation of every kind, after right ones, for
// the timeline of base (agent 1001 logs in to voice at 09:00, app 7 sends
// request 1 at 09:01, task 101 starts at 09:02).
const wrong = `  - {at: 1m, agent: 1001, mrd: 1, state: AVAILABLE}
  - {at: 30s, agent: 1001, mrd: 1, reason: 50002}
  - {task: 101, state: ACTIVE, class: open}
  - {task: 101, class: complete}
  - {at: 1m, request: 1, app: 7, status: pending}
  - {at: 1m, request: 1, app: 7, status: unsent}
  - {at: 1m, message: NEW_TASK, app: 7, request: 1}
  - {at: 1m, message: NEW_TASK, app: 7, request: 2}
  - {interval: 0s, peripheral: 5000, class: open}
  - {interval: 0s, peripheral: 5000, class: deleted, rule: RP-1}
  - {at: 2m, path: "app-to-mr-pg:7", state: up}
  - {path: "peripheral:5000", state: down}
  - {at: 0s, effect: AG-10, text: "LOGIN"}
  - {at: 2m, refused: ""}
  - {counts: {open: 1}}
  - {counts: {open: 0, complete: 1}}
  - {at: 2m, task: 101, disposition: 38}
  - {at: 0s, refused: "x"}
`

// TestReplayMismatches: each expectation that is not met is reported, in
// file order, with its line, what it expects and what the replay gave;
// those that are met are not.
func TestReplayMismatches(t *testing.T) {
	src := base + wrong
	sc, err := scenario.Decode("w.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := scenario.Replay(sc)
	if err != nil {
		t.Fatal(err)
	}
	line := func(s string) int { return 1 + strings.Count(src[:strings.Index(src, s)], "\n") }
	want := []*scenario.Mismatch{
		{File: "w.yaml", Line: line("{at: 1m, agent: 1001, mrd: 1, state: AVAILABLE}"), Expect: "agent 1001 MRD 1 at 2026-03-02T09:01:00Z", Want: "state AVAILABLE", Got: "state NOT_READY"},
		{File: "w.yaml", Line: line("{at: 30s, agent"), Expect: "agent 1001 MRD 1 at 2026-03-02T09:00:30Z", Want: "reason 50002", Got: "reason 0"},
		{File: "w.yaml", Line: line("{task: 101, class: complete}"), Expect: "task 101 at the end", Want: "class complete", Got: "class open"},
		{File: "w.yaml", Line: line("status: unsent"), Expect: "app 7 request 1 at 2026-03-02T09:01:00Z", Want: "status unsent", Got: "status pending"},
		{File: "w.yaml", Line: line("app: 7, request: 2}"), Expect: "routing message NEW_TASK app 7 request 2 at 2026-03-02T09:01:00Z", Want: "the message", Got: `"app 7 request 1 MRD 2: NEW_TASK"`},
		{File: "w.yaml", Line: line("class: deleted, rule: RP-1}"), Expect: "peripheral 5000 interval 2026-03-02T09:00Z at the end", Want: "class deleted, rule RP-1", Got: "class open, rule none"},
		{File: "w.yaml", Line: line("{path: \"peripheral:5000\""), Expect: "path peripheral:5000 at the end", Want: "state down", Got: "state up"},
		{File: "w.yaml", Line: line("{at: 0s, effect: AG-10"), Expect: `effect AG-10 "LOGIN" at 2026-03-02T09:00:00Z`, Want: "such an effect", Got: "none at that instant"},
		{File: "w.yaml", Line: line("{at: 2m, refused"), Expect: "refusal at 2026-03-02T09:02:00Z", Want: "an input refused", Got: "none at that instant"},
		{File: "w.yaml", Line: line("{counts: {open: 0"), Expect: "task counts at the end", Want: "open 0, complete 1", Got: "open 1, complete 0"},
		{File: "w.yaml", Line: line("disposition: 38}"), Expect: "task 101 at 2026-03-02T09:02:00Z", Want: "disposition 38 DBCD_NORMAL_END_TASK", Got: "disposition none"},
		{File: "w.yaml", Line: line(`refused: "x"`), Expect: `refusal "x" at 2026-03-02T09:00:00Z`, Want: "an input refused", Got: "none at that instant"},
	}
	if diff := cmp.Diff(want, res.Mismatches); diff != "" {
		t.Errorf("mismatches (-want +got):\n%s", diff)
	}
	if res.Checked != strings.Count(wrong, "\n")+1 {
		t.Errorf("Checked = %d", res.Checked)
	}
	err = res.Err()
	if !errors.Is(err, scenario.ErrMismatch) || strings.Count(err.Error(), "\n") != len(want)-1 {
		t.Errorf("Err() = %v", err)
	}
	var m *scenario.Mismatch
	if !errors.As(err, &m) || m.Error() != "w.yaml:"+fmt.Sprint(want[0].Line)+": agent 1001 MRD 1 at 2026-03-02T09:01:00Z: got state NOT_READY, want state AVAILABLE" {
		t.Errorf("first mismatch %v", m)
	}
}

// TestReplayRefusal: a refused input is part of the result with its
// reason and the number it would have had, and changes nothing.
func TestReplayRefusal(t *testing.T) {
	src := strings.Replace(base, "expect:\n", `  - {at: 3m, op: agent-request, agent: 1001, mrd: 1, event: ANSWER}
  - {at: 3m, op: agent-request, agent: 1001, mrd: 1, event: READY}
  - {at: 4m, op: down, element: "link-app-mrpg:7"}
expect:
  - {at: 3m, refused: "illegal transition"}
  - {at: 3m, agent: 1001, mrd: 1, state: AVAILABLE}
  - {at: 4m, message: discarded, app: 7, request: 1}
`, 1)
	sc, err := scenario.Decode("r.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := scenario.Replay(sc)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.IntervalCounts()[0] != 1 || len(res.Intervals) != 1 {
		t.Errorf("created %d, intervals %v", res.Created, res.Intervals)
	}
	st := res.Steps[3]
	var ie *failover.InputError
	if !errors.As(st.Err, &ie) || st.Seq != 4 || ie.Seq != 4 || len(st.Effects) != 0 {
		t.Errorf("refused step %+v", st)
	}
	if next := res.Steps[4]; next.Err != nil || next.Seq != 4 {
		t.Errorf("the input after the refusal: %+v, want sequence number 4", next)
	}
	down := res.Steps[5]
	if len(down.Effects) != 2 || down.Effects[1].Source != failover.SourceRouting {
		t.Fatalf("effects of the link down: %v", down.Effects)
	}
	if r, ok := down.Effects[1].Effect.(routing.Effect); !ok || r.Kind != routing.EffectDiscarded {
		t.Errorf("effect %#v is not a routing.Effect value", down.Effects[1].Effect)
	}
}

// TestReplayDeterministic: two replays of a scenario give the same result,
// and neither changes the scenario.
func TestReplayDeterministic(t *testing.T) {
	for _, src := range []string{base + wrong, docExampleSource(t)} {
		sc, err := scenario.Decode("d.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		again, _ := scenario.Decode("d.yaml", []byte(src))
		a, _ := scenario.Replay(sc)
		b, _ := scenario.Replay(sc)
		if !reflect.DeepEqual(a, b) {
			t.Error("two replays differ")
		}
		if !reflect.DeepEqual(sc, again) {
			t.Error("a replay changed the scenario")
		}
	}
}

func docExampleSource(t *testing.T) string { return docExample(t) }

// TestExpectationInstant: a state expectation sees the state after the
// last input at or before its instant, and nothing later.
func TestExpectationInstant(t *testing.T) {
	src := strings.Replace(base, "expect:\n", `  - {at: 10m, op: agent-request, agent: 1001, mrd: 1, event: READY}
expect:
  - {at: 9m59s, agent: 1001, mrd: 1, state: NOT_READY}
  - {at: 10m, agent: 1001, mrd: 1, state: AVAILABLE}
  - {at: 1h, agent: 1001, mrd: 1, state: AVAILABLE}
`, 1)
	sc, err := scenario.Decode("i.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, _ := scenario.Replay(sc)
	if err := res.Err(); err != nil {
		t.Error(err)
	}
}

// TestRefusalMismatch: a refusal whose reason is not the one expected is
// reported with the reason, without the engine's preamble.
func TestRefusalMismatch(t *testing.T) {
	src := strings.Replace(base, "expect:\n", `  - {at: 3m, op: agent-request, agent: 1001, mrd: 1, event: ANSWER}
expect:
  - {at: 3m, refused: "path down"}
`, 1)
	sc, err := scenario.Decode("r.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, _ := scenario.Replay(sc)
	if len(res.Mismatches) != 1 || res.Mismatches[0].Got != `"agentstate: illegal transition: ANSWER from NOT_READY (voice) for agent 1001 in MRD 1"` {
		t.Errorf("mismatches %+v", res.Mismatches)
	}
}

// TestReplayIntervalNotReached: an interval expectation about an interval
// the engine does not know at the instant it is checked (not begun yet, or
// before the interval holding the start) is a mismatch naming why, not a
// crash of the replay.
func TestReplayIntervalNotReached(t *testing.T) {
	src := base + "  - {interval: 30m, peripheral: 5000, class: open}\n  - {interval: -30m, peripheral: 5000, class: complete}\n"
	sc, err := scenario.Decode("n.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := scenario.Replay(sc)
	if err != nil {
		t.Fatal(err)
	}
	line := func(s string) int { return 1 + strings.Count(src[:strings.Index(src, s)], "\n") }
	want := []*scenario.Mismatch{
		{File: "n.yaml", Line: line("{interval: 30m"), Expect: "peripheral 5000 interval 2026-03-02T09:30Z at the end", Want: "the interval", Got: "not begun by then"},
		{File: "n.yaml", Line: line("{interval: -30m"), Expect: "peripheral 5000 interval 2026-03-02T08:30Z at the end", Want: "the interval",
			Got: "failover: Intervals peripheral 5000 from 2026-03-02T08:30:00Z to 2026-03-02T08:30:00.000000001Z: failover: time out of range"},
	}
	if diff := cmp.Diff(want, res.Mismatches); diff != "" {
		t.Errorf("mismatches (-want +got):\n%s", diff)
	}
}
