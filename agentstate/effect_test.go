package agentstate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/gencheck"
	"github.com/google/go-cmp/cmp"
)

// effectSample runs a scenario that produces every kind of effect and
// returns one effect of each distinct kind, rule and shape (a resync
// message with and without an agent, a logout with and without a reason).
func effectSample(t *testing.T) []agentstate.Effect {
	t.Helper()
	r := newRoster(t, agentstate.Config{}, 11, 12)
	sec := put(t, r, 11, voice, 1, agentstate.Available)
	sec = put(t, r, 11, chat, sec, agentstate.Available, agentstate.Active)
	sec = put(t, r, 11, email, sec, agentstate.Available)
	sec = put(t, r, 12, voice, sec, agentstate.NotReady, agentstate.Talking)
	now := at(sec).Add(123456789 * time.Nanosecond)
	steps := []func(now time.Time) ([]agentstate.Effect, error){
		func(now time.Time) ([]agentstate.Effect, error) {
			return r.SideDown(nil, now, pg, ccefsm.SideA, agentstate.CausePG)
		},
		func(now time.Time) ([]agentstate.Effect, error) { return r.SideUp(nil, now, pg, ccefsm.SideA) },
		func(now time.Time) ([]agentstate.Effect, error) {
			return r.SideDown(nil, now, pg, ccefsm.SideB, agentstate.CausePIM)
		},
		func(now time.Time) ([]agentstate.Effect, error) {
			return r.ReportStates(nil, now, pg, []agentstate.Report{{Agent: 11, MRD: voice, State: agentstate.NotReady, Reason: 3}})
		},
		func(now time.Time) ([]agentstate.Effect, error) { return r.CTIPathDown(nil, now, pg, email) },
		func(now time.Time) ([]agentstate.Effect, error) {
			return r.CTIPathUp(nil, now, pg, email, []agentstate.Report{{Agent: 11, MRD: email, State: agentstate.Active}})
		},
		func(now time.Time) ([]agentstate.Effect, error) {
			return r.CTIPathUp(nil, now, pg, chat, []agentstate.Report{{Agent: 11, MRD: chat, State: agentstate.Paused}})
		},
	}
	type shape struct {
		kind    agentstate.EffectKind
		rule    ccefsm.RuleID
		message agentstate.Message
		agent   bool
		reason  bool
	}
	seen := map[shape]bool{}
	var out []agentstate.Effect
	for _, step := range steps {
		effects, err := step(now)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range effects {
			k := shape{e.Kind, e.Rule, e.Message, e.Agent != 0, e.Reason != 0}
			if !seen[k] {
				seen[k] = true
				out = append(out, e)
			}
		}
		now = now.Add(time.Second)
	}
	return out
}

// TestEffectJSON pins the JSON of one effect of every kind
// (testdata/effects.json; rewrite with -update): names, not numbers, for
// the kind, the rules, the states, the sides and the messages; reason codes
// as numbers; lower-camel keys; and only the fields that apply to the kind.
func TestEffectJSON(t *testing.T) {
	sample := effectSample(t)
	var b bytes.Buffer
	kinds := map[agentstate.EffectKind]bool{}
	for _, e := range sample {
		kinds[e.Kind] = true
		line, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("%v: %v", e, err)
		}
		b.Write(line)
		b.WriteByte('\n')

		var obj map[string]any
		if err := json.Unmarshal(line, &obj); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		var keys []string
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if diff := cmp.Diff(effectKeys(e), keys); diff != "" {
			t.Errorf("%s: keys (-want +got):\n%s", line, diff)
		}
		if obj["at"] != e.At.UTC().Format(time.RFC3339Nano) {
			t.Errorf("%s: at is not the instant in RFC 3339 with nanoseconds", line)
		}
	}
	for k := agentstate.EffectLoggedOut; k <= agentstate.EffectResync; k++ {
		if !kinds[k] {
			t.Errorf("the sample has no %v effect", k)
		}
	}
	gencheck.Golden(t, "testdata/effects.json", b.Bytes())
}

// effectKeys returns the JSON keys that apply to e, sorted: the fields of
// its kind, a reason when it has one, a reporting rule when one applies.
func effectKeys(e agentstate.Effect) []string {
	keys := []string{"kind", "at", "rule"}
	agent := []string{"agent", "peripheral", "mrd", "from", "to"}
	switch e.Kind {
	case agentstate.EffectLoggedOut, agentstate.EffectObserved:
		keys = append(keys, agent...)
	case agentstate.EffectLoggedIn:
		keys = append(append(keys, agent...), "table", "row")
	case agentstate.EffectPeripheralOffline, agentstate.EffectPeripheralOnline, agentstate.EffectSideStandby, agentstate.EffectSideDown:
		keys = append(keys, "peripheral", "side")
	case agentstate.EffectStayLoggedIn, agentstate.EffectPathRestored:
		keys = append(keys, "peripheral", "mrd")
	case agentstate.EffectResync:
		keys = append(keys, "message", "peripheral", "mrd")
		if e.Agent != 0 {
			keys = append(keys, "agent", "from", "to")
		}
	}
	if e.Reason != 0 {
		keys = append(keys, "reason")
	}
	if e.Report != ccefsm.RuleNone {
		keys = append(keys, "report")
	}
	slices.Sort(keys)
	return keys
}

// TestEffectJSONErrors: a value with no name is an error, not a number.
func TestEffectJSONErrors(t *testing.T) {
	good := agentstate.Effect{Kind: agentstate.EffectLoggedOut, At: t0, Rule: ccefsm.AG4, From: agentstate.Available, To: agentstate.Logout, Agent: 11, Peripheral: pg, MRD: voice}
	if _, err := json.Marshal(good); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		reason string
		change func(e *agentstate.Effect)
	}{
		{"the zero kind", func(e *agentstate.Effect) { e.Kind = agentstate.EffectNone }},
		{"a kind past the last", func(e *agentstate.Effect) { e.Kind = agentstate.EffectResync + 1 }},
		{"an invalid state", func(e *agentstate.Effect) { e.From = agentstate.NotActive + 1 }},
		{"an invalid rule", func(e *agentstate.Effect) { e.Report = 250 }},
		{"an invalid side", func(e *agentstate.Effect) { e.Kind, e.Side = agentstate.EffectSideDown, 7 }},
		{"an invalid message", func(e *agentstate.Effect) { e.Kind, e.Message = agentstate.EffectResync, 180 }},
	} {
		e := good
		tt.change(&e)
		if _, err := json.Marshal(e); !errors.Is(err, ccefsm.ErrUnknownValue) {
			t.Errorf("%s: %v, want ErrUnknownValue", tt.reason, err)
		}
	}
}

// TestEffectLogValue: logged through slog, an effect is the object of its
// JSON (the same keys, names and numbers), and an unnamed value is logged by
// its String instead of failing.
func TestEffectLogValue(t *testing.T) {
	for _, e := range effectSample(t) {
		var b bytes.Buffer
		slog.New(slog.NewJSONHandler(&b, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == slog.LevelKey || a.Key == slog.MessageKey {
				return slog.Attr{}
			}
			return a
		}})).Info("", "effect", e)
		var logged struct{ Effect map[string]any }
		if err := json.Unmarshal(b.Bytes(), &logged); err != nil {
			t.Fatalf("%s: %v", b.Bytes(), err)
		}
		line, _ := json.Marshal(e)
		var want map[string]any
		if err := json.Unmarshal(line, &want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, logged.Effect); diff != "" {
			t.Errorf("%v: logged (-json +slog):\n%s", e, diff)
		}
	}
	bad := agentstate.Effect{Kind: agentstate.EffectLoggedOut, At: t0, Rule: ccefsm.AG4, From: 20, To: agentstate.Logout, Agent: 11, Peripheral: pg, MRD: voice}
	var b bytes.Buffer
	slog.New(slog.NewTextHandler(&b, nil)).Info("", "effect", bad)
	if !strings.Contains(b.String(), "effect.from=State(20)") {
		t.Errorf("an invalid state is logged by its String: %s", b.String())
	}
}

// TestEffectInterface: Effect is a ccefsm.Effect, with value receivers, so
// a pointer is one too.
func TestEffectInterface(t *testing.T) {
	for _, e := range effectSample(t) {
		for _, v := range []ccefsm.Effect{e, &e} {
			if v.RuleID() != e.Rule || !v.Time().Equal(e.At) || v.String() != e.String() || !strings.HasPrefix(v.String(), e.Rule.String()) {
				t.Errorf("%v: RuleID %v, Time %v, String %q", e, v.RuleID(), v.Time(), v.String())
			}
		}
		if e.At.Location() != time.UTC {
			t.Errorf("%v: At is in %v, want UTC", e, e.At.Location())
		}
	}
}
