package taskstate

import (
	"testing"

	"github.com/ccefsm/ccefsm"
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
