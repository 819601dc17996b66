package taskstate

import (
	"testing"

	"github.com/ccefsm/ccefsm"
)

// TestReportClasses: one row per way a task can end, with the reporting
// class and the rule that puts it there (RP-4, RP-6, TS-3, TS-5; complete
// when no failure touched the task). The outage starts at down0 and the
// time limit of the email MRD is the task life (TS-3 default).
func TestReportClasses(t *testing.T) {
	const down0 = 10 * sec
	limit := down0 + life // task life of chat, time limit of email
	P, C, U, R := ccefsm.ReportPartial, ccefsm.ReportComplete, ccefsm.ReportUnreported, ccefsm.ReportRecreated
	N := ccefsm.RuleNone
	tests := []struct {
		name  string
		steps []step
	}{
		{"complete: no outage touched the task", []step{
			{0, create(1, mail, StateActive), nil, nil},
			{sec, end(1, 0), []eff{ended(sec, 1, StateActive, N, NormalEndTask, C, N)}, nil},
			{2 * sec, create(2, chat, StateActive), nil, nil},
			{3 * sec, down(), nil, nil},
			{4 * sec, up(), nil, nil},
			{5 * sec, create(3, chat, StateActive), nil, nil},
			{6 * sec, end(3, 0), []eff{ended(6*sec, 3, StateActive, N, NormalEndTask, C, N)}, nil},
		}},
		{"RP-4: chat task spanning an outage is partial", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{down0 + sec, up(), nil, nil},
			{down0 + 2*sec, end(1, 0), []eff{ended(down0+2*sec, 1, StateActive, N, NormalEndTask, P, ccefsm.RP4)}, nil},
		}},
		{"RP-4: chat task assigned and completed within the outage is unreported", []step{
			{down0, down(), nil, nil},
			{down0 + sec, create(1, chat, StateActive), nil, nil},
			{down0 + 2*sec, end(1, 0), []eff{ended(down0+2*sec, 1, StateActive, N, NormalEndTask, U, ccefsm.RP4)}, nil},
		}},
		{"TS-4 edge: a task created at the instant the path went down, after PathDown, is begun in the outage", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{down0, create(2, chat, StateActive), nil, nil},
			{down0, create(3, mail, StateActive), nil, nil},
			{down0 + sec, up(), []eff{
				other(EffectTaskInit, down0+sec, 2, StateActive, ccefsm.TS5),
				other(EffectTaskInit, down0+sec, 3, StateActive, ccefsm.TS5),
			}, nil},
			{down0 + 2*sec, end(2, 0), []eff{ended(down0+2*sec, 2, StateActive, N, NormalEndTask, P, ccefsm.TS5)}, nil},
			{down0 + 2*sec, end(3, 0), []eff{ended(down0+2*sec, 3, StateActive, N, NormalEndTask, R, ccefsm.RP6)}, nil},
		}},
		{"TS-5: chat task begun in the outage, open at restore, is reported from restore: partial", []step{
			{down0, down(), nil, nil},
			{down0 + sec, create(1, chat, StateActive), nil, nil},
			{down0 + 2*sec, up(), []eff{other(EffectTaskInit, down0+2*sec, 1, StateActive, ccefsm.TS5)}, nil},
			{down0 + 3*sec, end(1, 0), []eff{ended(down0+3*sec, 1, StateActive, N, NormalEndTask, P, ccefsm.TS5)}, nil},
		}},
		{"RP-6: email task spanning an outage shorter than the time limit is recreated", []step{
			{0, create(1, mail, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{limit - 1, up(), nil, nil},
			{limit, end(1, 0), []eff{ended(limit, 1, StateActive, N, NormalEndTask, R, ccefsm.RP6)}, nil},
		}},
		{"RP-6: email task assigned and completed within the time limit is recreated, not unreported (the email manager keeps assigning and resyncs)", []step{
			{down0, down(), nil, nil},
			{down0 + sec, create(1, mail, StateActive), nil, nil},
			{limit - 1, end(1, 0), []eff{ended(limit-1, 1, StateActive, N, NormalEndTask, R, ccefsm.RP6)}, nil},
		}},
		{"RP-6: email task begun in the outage and open at a restore within the time limit is recreated (TASK_INIT_REQ still sent, TS-5)", []step{
			{down0, down(), nil, nil},
			{down0 + sec, create(1, mail, StateNew), nil, nil},
			{down0 + 2*sec, up(), []eff{other(EffectTaskInit, down0+2*sec, 1, StateNew, ccefsm.TS5)}, nil},
			{down0 + 3*sec, end(1, 0), []eff{ended(down0+3*sec, 1, StateNew, N, TaskAbandonedInRouter, R, ccefsm.RP6)}, nil},
		}},
		{"TS-3: email task open when the time limit ends its segment is partial", []step{
			{0, create(1, mail, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{limit, advance(), []eff{segEnd(limit, 1, StateActive)}, nil},
			{limit + sec, end(1, 0), []eff{ended(limit+sec, 1, StateActive, N, NormalEndTask, P, ccefsm.TS3)}, nil},
		}},
		{"TS-3: email task begun in the outage and still open at the time limit is partial", []step{
			{down0, down(), nil, nil},
			{down0 + sec, create(1, mail, StateActive), nil, nil},
			{limit, advance(), nil, nil},
			{limit, end(1, 0), []eff{ended(limit, 1, StateActive, N, NormalEndTask, P, ccefsm.TS3)}, nil},
			{limit + sec, create(2, mail, StateActive), nil, nil},
			{limit + 2*sec, up(), []eff{other(EffectTaskInit, limit+2*sec, 2, StateActive, ccefsm.TS5)}, nil},
			{limit + 3*sec, create(3, mail, StateActive), nil, nil},
			{limit + 3*sec, down(), nil, nil},
			{limit + 4*sec, create(4, mail, StateActive), nil, nil},
			{limit + 5*sec, up(), []eff{other(EffectTaskInit, limit+5*sec, 4, StateActive, ccefsm.TS5)}, nil},
			{limit + 6*sec, end(4, 0), []eff{ended(limit+6*sec, 4, StateActive, N, NormalEndTask, R, ccefsm.RP6)}, nil},
			{limit + 7*sec, end(3, 0), []eff{ended(limit+7*sec, 3, StateActive, N, NormalEndTask, R, ccefsm.RP6)}, nil},
		}},
		{"TS-3 / RP-4: email task begun after the time limit and completed in the outage is unreported; open at restore, reported from restore (TS-5)", []step{
			{down0, down(), nil, nil},
			{limit, create(1, mail, StateActive), nil, nil},
			{limit, create(2, mail, StateActive), nil, nil},
			{limit + sec, end(1, 0), []eff{ended(limit+sec, 1, StateActive, N, NormalEndTask, U, ccefsm.RP4)}, nil},
			{limit + 2*sec, up(), []eff{other(EffectTaskInit, limit+2*sec, 2, StateActive, ccefsm.TS5)}, nil},
			{limit + 3*sec, end(2, 0), []eff{ended(limit+3*sec, 2, StateActive, N, NormalEndTask, P, ccefsm.TS5)}, nil},
		}},
		{"TS-3: email task begun in the outage, open at a restore after the time limit: partial", []step{
			{down0, down(), nil, nil},
			{down0 + sec, create(1, mail, StateActive), nil, nil},
			{limit + sec, up(), []eff{other(EffectTaskInit, limit+sec, 1, StateActive, ccefsm.TS5)}, nil},
			{limit + 2*sec, end(1, 0), []eff{ended(limit+2*sec, 1, StateActive, N, NormalEndTask, P, ccefsm.TS3)}, nil},
		}},
		{"TS-3 edge: restore exactly at the time limit comes after it: segment ended, then restarted; begun-in-outage task cut (TS-3)", []step{
			{0, create(1, mail, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{down0 + sec, create(2, mail, StateActive), nil, nil},
			{limit, up(), []eff{
				segEnd(limit, 1, StateActive),
				other(EffectSegmentRestarted, limit, 1, StateActive, ccefsm.TS3),
				other(EffectTaskInit, limit, 2, StateActive, ccefsm.TS5),
			}, nil},
			{limit + sec, end(1, 0), []eff{ended(limit+sec, 1, StateActive, N, NormalEndTask, P, ccefsm.TS3)}, nil},
			{limit + sec, end(2, 0), []eff{ended(limit+sec, 2, StateActive, N, NormalEndTask, P, ccefsm.TS3)}, nil},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runSteps(t, newStore(t), tt.steps)
		})
	}
}

// TestNoTimeLimitCut: an email MRD with NoTimeLimitCut (TS-3, inferred
// default turned off) has no time limit: no segment ends or restarts,
// tasks spanning an outage of any length are recreated (RP-6), and so are
// tasks begun during it, ended in it or open at restore. Email is not
// terminated at task life either way.
func TestNoTimeLimitCut(t *testing.T) {
	const nc = ccefsm.MRDID(4)
	m := ccefsm.NewMRD(nc, ccefsm.MediaEmail)
	m.NoTimeLimitCut = true
	R, C := ccefsm.ReportRecreated, ccefsm.ReportComplete
	N := ccefsm.RuleNone
	s := newStore(t, m)
	runSteps(t, s, []step{
		{0, create(1, nc, StateActive), nil, nil},
		{0, create(2, nc, StateActive), nil, nil},
		{0, create(3, mail, StateActive), nil, nil}, // the same outage cuts the email MRD with a limit
		{sec, down(), nil, nil},
		{2 * sec, create(4, nc, StateActive), nil, nil},
		{3 * life, create(5, nc, StateActive), []eff{segEnd(sec+life, 3, StateActive)}, nil}, // long after any limit
		{3*life + sec, end(5, 0), []eff{ended(3*life+sec, 5, StateActive, N, NormalEndTask, R, ccefsm.RP6)}, nil},
		{3*life + 2*sec, end(2, 0), []eff{ended(3*life+2*sec, 2, StateActive, N, NormalEndTask, R, ccefsm.RP6)}, nil},
		{4 * life, up(), []eff{ // bucket by bucket, in the order the application first used each MRD
			other(EffectTaskInit, 4*life, 4, StateActive, ccefsm.TS5),
			other(EffectSegmentRestarted, 4*life, 3, StateActive, ccefsm.TS3),
		}, nil},
		{4*life + sec, end(1, 0), []eff{ended(4*life+sec, 1, StateActive, N, NormalEndTask, R, ccefsm.RP6)}, nil},
		{4*life + sec, end(4, 0), []eff{ended(4*life+sec, 4, StateActive, N, NormalEndTask, R, ccefsm.RP6)}, nil},
		{4*life + sec, create(6, nc, StateActive), nil, nil},
		{4*life + 2*sec, end(6, 0), []eff{ended(4*life+2*sec, 6, StateActive, N, NormalEndTask, C, N)}, nil},
	})
	if _, ok := s.NextDeadline(); !ok {
		t.Error("task 3's maximum duration should still be pending")
	}
}

// TestNoHistoryRecreation: with Config.NoHistoryRecreation the store
// assumes the email manager's resynchronisation does not rebuild the
// history (RP-6's inferred success overridden): the email tasks RP-6
// would report recreated end partial (spanned the outage, or begun in it
// and open at the restore) or unreported (assigned and completed within
// it), still by RP-6; every other class is unchanged. The snapshot keeps
// the setting.
func TestNoHistoryRecreation(t *testing.T) {
	const down0 = 10 * sec
	limit := down0 + life
	P, U, C := ccefsm.ReportPartial, ccefsm.ReportUnreported, ccefsm.ReportComplete
	N := ccefsm.RuleNone
	s, err := NewStore(Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(chat, ccefsm.MediaChat), ccefsm.NewMRD(mail, ccefsm.MediaEmail)}, NoHistoryRecreation: true})
	if err != nil {
		t.Fatal(err)
	}
	runSteps(t, s, []step{
		{0, create(1, mail, StateActive), nil, nil},
		{0, create(2, chat, StateActive), nil, nil},
		{0, create(5, mail, StateActive), nil, nil},
		{sec, end(5, 0), []eff{ended(sec, 5, StateActive, N, NormalEndTask, C, N)}, nil},
		{down0, down(), nil, nil},
		{down0 + sec, create(3, mail, StateActive), nil, nil},
		{down0 + sec, create(4, mail, StateNew), nil, nil},
		{down0 + 2*sec, end(3, 0), []eff{ended(down0+2*sec, 3, StateActive, N, NormalEndTask, U, ccefsm.RP6)}, nil},
		{limit - 1, up(), []eff{other(EffectTaskInit, limit-1, 4, StateNew, ccefsm.TS5)}, nil},
		{limit, end(1, 0), []eff{ended(limit, 1, StateActive, N, NormalEndTask, P, ccefsm.RP6)}, nil},
		{limit, end(2, 0), []eff{ended(limit, 2, StateActive, N, NormalEndTask, P, ccefsm.RP4)}, nil},
		{limit, end(4, 0), []eff{ended(limit, 4, StateNew, N, TaskAbandonedInRouter, P, ccefsm.RP6)}, nil},
	})
	snap, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var r Store
	if err := r.UnmarshalBinary(snap); err != nil {
		t.Fatal(err)
	}
	if !r.noRecreate {
		t.Error("the restored store lost NoHistoryRecreation")
	}
}
