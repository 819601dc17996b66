package taskstate

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/gencheck"
	"github.com/google/go-cmp/cmp"
)

func TestEffectString(t *testing.T) {
	tests := []struct {
		reason string
		e      Effect
		want   string
	}{
		{"TS-1: an expired task names its disposition and reporting class",
			Effect{Kind: EffectEnded, Task: 101, App: 7, MRD: 2, Agent: 1001, From: StateActive, Rule: ccefsm.TS1,
				Disposition: ApplicationPathWentDown, Report: ccefsm.ReportPartial, ReportRule: ccefsm.RP4},
			"TS-1 task 101 (app 7, MRD 2, agent 1001): ended from ACTIVE with 42 DBCD_APPLICATION_PATH_WENT_DOWN, reporting partial (RP-4)"},
		{"an application's own End Task cites no rule, a complete task no reporting rule",
			Effect{Kind: EffectEnded, Task: 5, App: 7, MRD: 2, Agent: 9, From: StateWrapUp, Disposition: NormalEndTask, Report: ccefsm.ReportComplete},
			"task 5 (app 7, MRD 2, agent 9): ended from WRAPUP with 38 DBCD_NORMAL_END_TASK, reporting complete"},
		{"TS-3: the end of a cut segment carries disposition 53 (inferred)",
			Effect{Kind: EffectSegmentEnded, Task: 201, App: 7, MRD: 3, Agent: 1002, From: StateActive, Rule: ccefsm.TS3, Disposition: SegmentDisposition},
			"TS-3 task 201 (app 7, MRD 3, agent 1002): segment-ended from ACTIVE with 53 DBCD_PARTIAL_CALL"},
		{"TS-3: a restarted segment has none",
			Effect{Kind: EffectSegmentRestarted, Task: 201, App: 7, MRD: 3, Agent: 1002, From: StateActive, Rule: ccefsm.TS3},
			"TS-3 task 201 (app 7, MRD 3, agent 1002): segment-restarted"},
		{"TS-5: a task without an agent omits it",
			Effect{Kind: EffectTaskInit, Task: 103, App: 7, MRD: 2, Rule: ccefsm.TS5},
			"TS-5 task 103 (app 7, MRD 2): task-init"},
	}
	for _, tt := range tests {
		if got := tt.e.String(); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.reason, got, tt.want)
		}
	}
}

// effectOfEveryKind returns one effect of each kind, as the store produces
// them (TestEffectsFromStore checks that it does).
func effectOfEveryKind() []Effect {
	at := time.Date(2026, 3, 2, 9, 21, 0, 123456789, time.UTC)
	return []Effect{
		{Kind: EffectEnded, At: at, Task: 101, App: 7, MRD: 1, Agent: 1001, From: StateActive, Rule: ccefsm.TS1,
			Disposition: ApplicationPathWentDown, Report: ccefsm.ReportPartial, ReportRule: ccefsm.RP4},
		{Kind: EffectEnded, At: at, Task: 102, App: 7, MRD: 1, From: StateNew,
			Disposition: TaskAbandonedInRouter, Report: ccefsm.ReportComplete},
		{Kind: EffectEndDeferred, At: at, Task: 103, App: 7, MRD: 1, Agent: 1003, From: StatePaused, Rule: ccefsm.TS2},
		{Kind: EffectAgentNotRoutable, At: at, Task: 104, App: 7, MRD: 1, Agent: 1004, From: StatePreCall, Rule: ccefsm.TS7},
		{Kind: EffectSegmentEnded, At: at, Task: 201, App: 7, MRD: 2, Agent: 2001, From: StateWrapUp, Rule: ccefsm.TS3, Disposition: SegmentDisposition},
		{Kind: EffectSegmentRestarted, At: at, Task: 201, App: 7, MRD: 2, Agent: 2001, From: StateWrapUp, Rule: ccefsm.TS3},
		{Kind: EffectTaskInit, At: at, Task: 105, App: 7, MRD: 1, Agent: 1005, From: StateOffered, Rule: ccefsm.TS5},
	}
}

// TestEffectJSON pins the JSON of one effect of every kind (and of an
// application's own End Task, with no rule and no agent): names, not
// numbers; lower camel case; no field that does not apply. The golden file
// is testdata/effects.json (rewrite with -update).
func TestEffectJSON(t *testing.T) {
	var b bytes.Buffer
	for _, e := range effectOfEveryKind() {
		j, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var back map[string]any
		if err := json.Unmarshal(j, &back); err != nil {
			t.Fatalf("%s is not JSON: %v", j, err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	gencheck.Golden(t, "testdata/effects.json", b.Bytes())
	for _, e := range []Effect{{}, {Kind: EffectEnded, From: 9}, {Kind: EffectEnded, Rule: 250}, {Kind: EffectEnded, Disposition: 66},
		{Kind: EffectEnded, Disposition: 1, Report: 9}, {Kind: EffectEnded, Disposition: 1, ReportRule: 250}} {
		if _, err := e.MarshalJSON(); !errors.Is(err, ccefsm.ErrUnknownValue) {
			t.Errorf("%+v: %v, want ErrUnknownValue", e, err)
		}
	}
}

// TestEffectLog: every effect satisfies ccefsm.Effect, and logs through
// slog with the keys and values of its JSON.
func TestEffectLog(t *testing.T) {
	for _, e := range effectOfEveryKind() {
		var fx ccefsm.Effect = e
		if fx.RuleID() != e.Rule || !fx.Time().Equal(e.At) || fx.String() != e.String() {
			t.Errorf("%v: the ccefsm.Effect methods disagree with the fields", e)
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == slog.LevelKey || a.Key == slog.MessageKey {
				return slog.Attr{}
			}
			return a
		}})).Info("", "effect", e)
		var got struct{ Effect map[string]any }
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		j, _ := json.Marshal(e)
		var want map[string]any
		_ = json.Unmarshal(j, &want)
		if diff := cmp.Diff(want, got.Effect); diff != "" {
			t.Errorf("%v: slog (-json +slog):\n%s", e, diff)
		}
	}
}

// TestEffectsFromStore: the effects of effectOfEveryKind are the kinds
// the store produces, with the same fields set.
func TestEffectsFromStore(t *testing.T) {
	s := newStore(t)
	var all []Effect
	for _, st := range []step{
		{0, create(1, chat, StatePreCall), nil, nil},
		{0, create(2, chat, StateActive), nil, nil},
		{0, create(3, mail, StateActive), nil, nil},
		{sec, down(), nil, nil},
		{2 * sec, end(2, 0), nil, nil},
		{3 * sec, create(4, chat, StateActive), nil, nil},
		{2 * life, up(), nil, nil},
	} {
		got, err := st.in(s, nil, t0.Add(st.at))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, got...)
	}
	kinds := map[EffectKind]bool{}
	for _, e := range all {
		kinds[e.Kind] = true
		if e.hasDisposition() != e.Disposition.IsValid() || (e.Kind == EffectEnded) != e.Report.IsFinal() {
			t.Errorf("%v: disposition or report set on the wrong kind", e)
		}
	}
	if len(kinds) != int(numEffectKinds-1) {
		t.Errorf("kinds %v, want all %d", kinds, numEffectKinds-1)
	}
}
