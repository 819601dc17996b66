package routing

import (
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

func TestEffectString(t *testing.T) {
	tests := []struct {
		reason string
		e      Effect
		want   string
	}{
		{"RT-1: a discarded request names its app, request and MRD",
			Effect{Kind: EffectDiscarded, Rule: ccefsm.RT1, Row: 1, App: 7, Request: 12, MRD: 2}, "RT-1 row 1 app 7 request 12 MRD 2: discarded"},
		{"RT-5: a voice effect names its peripheral",
			Effect{Kind: EffectVoiceUnavailable, Rule: ccefsm.RT5, Row: 12, Peripheral: 5000}, "RT-5 row 12 peripheral 5000: voice unavailable"},
		{"ordinary operation cites no rule",
			Effect{Kind: EffectNewTask, App: 7, Request: 13, MRD: 2}, "app 7 request 13 MRD 2: NEW_TASK"},
		{"RT-3: ROUTING_DISABLED is about the application",
			Effect{Kind: EffectRoutingDisabled, Rule: ccefsm.RT3, Row: 5, App: 7}, "RT-3 row 5 app 7: ROUTING_DISABLED"},
	}
	for _, tt := range tests {
		if got := tt.e.String(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.reason, got, tt.want)
		}
	}
	r := ReportEffect{Record: 5, Kind: 2, Class: ccefsm.ReportLate, Rule: ccefsm.RT6, Row: 16, At: time.Unix(0, 0)}
	if got, want := r.String(), "RT-6 row 16 record 5 (kind 2): late"; got != want {
		t.Errorf("RT-6: ReportEffect.String() = %q, want %q", got, want)
	}
}
