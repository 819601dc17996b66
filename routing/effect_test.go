package routing

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// oneOfEachKind drives a Conn, a Voice and a ReportCache through a story
// that produces every kind of Effect and every class of ReportEffect, and
// returns the first effect of each, in kind order then class order.
func oneOfEachKind(t *testing.T) ([]Effect, []ReportEffect) {
	t.Helper()
	c := mustConn(Policy{}, 8)
	var all []Effect
	for i, in := range []input{send(1), send(2), routed(1), failed(2), send(3), appDown, send(4), appUp, ccDown, send(5), ccUp} {
		var err error
		if all, err = apply(c, all, at(i).In(time.FixedZone("CET", 3600)), in); err != nil {
			t.Fatal(err)
		}
	}
	var v Voice
	all, _ = v.PIMDown(all, at(20), 5000)
	all, _ = v.PIMUp(all, at(21), 5000)
	byKind := map[EffectKind]Effect{}
	for _, e := range all {
		if _, ok := byKind[e.Kind]; !ok {
			byKind[e.Kind] = e
		}
	}
	var effs []Effect
	for k := EffectNewTask; k <= EffectVoiceAvailable; k++ {
		e, ok := byKind[k]
		if !ok {
			t.Fatalf("the story produced no %v effect", k)
		}
		effs = append(effs, e)
	}
	rc := mustCache(Policy{}, 0)
	var rall []ReportEffect
	rall, _ = rc.Record(rall, at(30), 1, 2)
	rall, _ = rc.PathDown(rall, at(31))
	rall, _ = rc.Record(rall, at(32), 2, 3)
	rall, _ = rc.PathUp(rall, at(33))
	rall, _ = rc.PathDown(rall, at(34))
	rall, _ = rc.Record(rall, at(35), 3, 4)
	rall, _ = rc.PGDown(rall, at(36))
	byClass := map[ccefsm.ReportClass]ReportEffect{}
	for _, e := range rall {
		if _, ok := byClass[e.Class]; !ok {
			byClass[e.Class] = e
		}
	}
	var reffs []ReportEffect
	for _, cl := range []ccefsm.ReportClass{ccefsm.ReportOpen, ccefsm.ReportComplete, ccefsm.ReportLate, ccefsm.ReportDeleted} {
		e, ok := byClass[cl]
		if !ok {
			t.Fatalf("the story produced no %v record", cl)
		}
		reffs = append(reffs, e)
	}
	return effs, reffs
}

// TestEffectJSON pins the JSON of one effect of every kind and one report
// effect of every class the cache produces (testdata/effects.jsonl): names,
// not numbers; lower-camel keys; no field that does not apply; instants in
// UTC with nanoseconds.
func TestEffectJSON(t *testing.T) {
	effs, reffs := oneOfEachKind(t)
	var b bytes.Buffer
	for _, e := range effs {
		j, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("%v: %v", e, err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	for _, e := range reffs {
		j, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("%v: %v", e, err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	gencheck.Golden(t, "testdata/effects.jsonl", b.Bytes())
}

// TestEffectJSONFields: the fields written follow the kind, not which
// fields happen to be set; a rule's row is written with its rule; an
// undefined kind or class is an error.
func TestEffectJSONFields(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 5, time.FixedZone("CET", 3600))
	tests := []struct {
		reason string
		e      Effect
		want   string
	}{
		{"RT-5: a voice effect carries its peripheral only",
			Effect{Kind: EffectVoiceUnavailable, Rule: ccefsm.RT5, Row: 12, App: 3, Request: 4, MRD: 5, Peripheral: 5000, At: at},
			`{"kind":"voice unavailable","rule":"RT-5","row":12,"peripheral":5000,"at":"2026-03-02T09:00:00.000000005Z"}`},
		{"RT-3: ROUTING_DISABLED carries the application only",
			Effect{Kind: EffectRoutingDisabled, Rule: ccefsm.RT3, Row: 5, App: 3, Request: 4, Peripheral: 6, At: at},
			`{"kind":"ROUTING_DISABLED","rule":"RT-3","row":5,"app":3,"at":"2026-03-02T09:00:00.000000005Z"}`},
		{"ordinary operation: no rule, no row",
			Effect{Kind: EffectRouted, App: 3, Request: 4, MRD: 5, Peripheral: 6, At: at},
			`{"kind":"routed","app":3,"request":4,"mrd":5,"at":"2026-03-02T09:00:00.000000005Z"}`},
		{"no rule: a stray row is not written",
			Effect{Kind: EffectNewTask, Row: 9, App: 3, Request: 4, MRD: 5, At: at},
			`{"kind":"NEW_TASK","app":3,"request":4,"mrd":5,"at":"2026-03-02T09:00:00.000000005Z"}`},
	}
	for _, tt := range tests {
		j, err := json.Marshal(tt.e)
		if err != nil || string(j) != tt.want {
			t.Errorf("%s:\n got %s (%v)\nwant %s", tt.reason, j, err, tt.want)
		}
	}
	for _, bad := range []json.Marshaler{
		Effect{Kind: EffectNone, At: at},
		Effect{Kind: EffectVoiceAvailable + 1, At: at},
		Effect{Kind: EffectNewTask, Rule: 200, At: at},
		ReportEffect{Class: ccefsm.ReportUnreported + 1, Rule: ccefsm.RT6, At: at},
	} {
		if j, err := json.Marshal(bad); err == nil || !errors.Is(err, ccefsm.ErrUnknownValue) {
			t.Errorf("%+v: JSON %s, err %v; want an ErrUnknownValue", bad, j, err)
		}
	}
	r := ReportEffect{Record: 7, Kind: 2, Class: ccefsm.ReportLate, Rule: ccefsm.RT6, Row: 16, Recorded: at, At: at.Add(time.Minute)}
	want := `{"class":"late","rule":"RT-6","row":16,"record":7,"recordKind":2,"recorded":"2026-03-02T09:00:00.000000005Z","at":"2026-03-02T09:01:00.000000005Z"}`
	if j, err := json.Marshal(r); err != nil || string(j) != want {
		t.Errorf("ReportEffect:\n got %s (%v)\nwant %s", j, err, want)
	}
}

// TestEffectLogValue pins what slog writes for each effect kind
// (testdata/effects.slog.txt): the same names and fields as the JSON.
func TestEffectLogValue(t *testing.T) {
	effs, reffs := oneOfEachKind(t)
	var b bytes.Buffer
	log := slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{} // the logger's own clock
		}
		return a
	}}))
	for _, e := range effs {
		log.Info("routing", "effect", e)
	}
	for _, e := range reffs {
		log.Info("report", "effect", e)
	}
	gencheck.Golden(t, "testdata/effects.slog.txt", b.Bytes())
	if strings.Contains(b.String(), "peripheral=0") || strings.Contains(b.String(), "app=0") {
		t.Error("slog output carries a field that does not apply")
	}
}

// TestEffectInterface: both effect types satisfy ccefsm.Effect, by value
// and by pointer, and a service can handle them through it.
func TestEffectInterface(t *testing.T) {
	effs, reffs := oneOfEachKind(t)
	var all []ccefsm.Effect
	for i := range effs {
		all = append(all, effs[i], &effs[i])
	}
	for i := range reffs {
		all = append(all, reffs[i], &reffs[i])
	}
	for _, e := range all {
		s := e.String()
		if e.RuleID() != ccefsm.RuleNone && !strings.HasPrefix(s, e.RuleID().String()+" ") {
			t.Errorf("%s does not start with its rule %v", s, e.RuleID())
		}
		if e.Time().IsZero() {
			t.Errorf("%s has no time", s)
		}
	}
	if e := effs[0]; e.RuleID() != e.Rule || !e.Time().Equal(e.At) {
		t.Errorf("Effect accessors: %v %v", e.RuleID(), e.Time())
	}
	if e := reffs[2]; e.RuleID() != ccefsm.RT6 || !e.Time().Equal(e.At) {
		t.Errorf("ReportEffect accessors: %v %v", e.RuleID(), e.Time())
	}
	e := &effs[0]
	if n := testing.AllocsPerRun(100, func() {
		var x ccefsm.Effect = e
		_ = x.RuleID()
	}); n != 0 {
		t.Errorf("converting a *Effect to ccefsm.Effect allocates %v", n)
	}
}
