package routing

import (
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

func TestReportCacheSteps(t *testing.T) {
	type op uint8
	const (
		rec op = iota + 1
		pathDown
		pathUp
		pgDown
		pgUp
	)
	// r is a wanted effect for record id made at step made.
	r := func(id RecordID, made int, class ccefsm.ReportClass, rule ccefsm.RuleID, row uint8) ReportEffect {
		return ReportEffect{Record: id, Kind: 1, Class: class, Rule: rule, Row: row, Recorded: at(made)}
	}
	type step struct {
		op      op
		id      RecordID
		want    []ReportEffect
		wantErr error
	}
	var lose Policy
	if err := lose.Set(rowReportRecordPGDown, ActionLose); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		reason string
		policy Policy
		steps  []step
	}{{
		name:   "RT-6 cache and late delivery",
		reason: "RT-6 / RP-5: records made while the path is down are cached and delivered late on restore, in order",
		steps: []step{
			{op: rec, id: 1, want: []ReportEffect{r(1, 0, ccefsm.ReportComplete, ccefsm.RT6, rowReportPathUp)}},
			{op: pathDown},
			{op: rec, id: 2, want: []ReportEffect{r(2, 2, ccefsm.ReportOpen, ccefsm.RT6, rowReportCache)}},
			{op: rec, id: 3, want: []ReportEffect{r(3, 3, ccefsm.ReportOpen, ccefsm.RT6, rowReportCache)}},
			{op: pathUp, want: []ReportEffect{r(2, 2, ccefsm.ReportLate, ccefsm.RT6, rowReportRestore), r(3, 3, ccefsm.ReportLate, ccefsm.RT6, rowReportRestore)}},
			{op: pathUp},
			{op: rec, id: 4, want: []ReportEffect{r(4, 6, ccefsm.ReportComplete, ccefsm.RT6, rowReportPathUp)}},
		},
	}, {
		name:   "RT-7 both sides down",
		reason: "RT-7 / RP-8: both PG sides down loses the cached records; records while down are refused (row 19)",
		steps: []step{
			{op: pathDown},
			{op: rec, id: 1, want: []ReportEffect{r(1, 1, ccefsm.ReportOpen, ccefsm.RT6, rowReportCache)}},
			{op: pgDown, want: []ReportEffect{r(1, 1, ccefsm.ReportDeleted, ccefsm.RT7, rowReportBothDown)}},
			{op: rec, id: 2, wantErr: ErrPathDown},
			{op: pgUp},
			{op: rec, id: 3, want: []ReportEffect{r(3, 5, ccefsm.ReportOpen, ccefsm.RT6, rowReportCache)}},
			{op: pathUp, want: []ReportEffect{r(3, 5, ccefsm.ReportLate, ccefsm.RT6, rowReportRestore)}},
		},
	}, {
		name:   "row 19 policy lose",
		reason: "row 19 overridden: a record while every PG side is down is accepted and classed deleted (RT-7)",
		policy: lose,
		steps: []step{
			{op: pgDown},
			{op: rec, id: 1, want: []ReportEffect{r(1, 1, ccefsm.ReportDeleted, ccefsm.RT7, rowReportRecordPGDown)}},
		},
	}, {
		name:   "reused record ID",
		reason: "RT-6: the cache keeps no history, so a reused ID is a second record: each call gets exactly one final class, none is merged or dropped",
		steps: []step{
			{op: pathDown},
			{op: rec, id: 7, want: []ReportEffect{r(7, 1, ccefsm.ReportOpen, ccefsm.RT6, rowReportCache)}},
			{op: rec, id: 7, want: []ReportEffect{r(7, 2, ccefsm.ReportOpen, ccefsm.RT6, rowReportCache)}},
			{op: pathUp, want: []ReportEffect{r(7, 1, ccefsm.ReportLate, ccefsm.RT6, rowReportRestore), r(7, 2, ccefsm.ReportLate, ccefsm.RT6, rowReportRestore)}},
		},
	}, {
		name:   "invalid record",
		reason: "a zero record ID is ErrInvalidID",
		steps:  []step{{op: rec, id: 0, wantErr: ErrInvalidID}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCache(tt.policy, 4)
			for i, s := range tt.steps {
				now := at(i)
				var got []ReportEffect
				var err error
				switch s.op {
				case rec:
					got, err = c.Record(nil, now, s.id, 1)
				case pathDown:
					got, err = c.PathDown(nil, now)
				case pathUp:
					got, err = c.PathUp(nil, now)
				case pgDown:
					got, err = c.PGDown(nil, now)
				case pgUp:
					got, err = c.PGUp(nil, now)
				}
				if !errors.Is(err, s.wantErr) {
					t.Fatalf("step %d: err = %v, want %v (%s)", i, err, s.wantErr, tt.reason)
				}
				var want []ReportEffect
				for _, e := range s.want {
					e.At = now
					want = append(want, e)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("step %d effects (-want +got):\n%s\n(%s)", i, diff, tt.reason)
				}
			}
		})
	}
}

func TestReportCacheTimeBackwards(t *testing.T) {
	var c ReportCache
	if _, err := c.PathDown(nil, at(3)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Record(nil, at(2), 1, 0); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("Record back in time: %v", err)
	}
	if c.Cached() != 0 {
		t.Errorf("Cached = %d after a refused record", c.Cached())
	}
}
