package routing

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func cloneCache(c *ReportCache) *ReportCache {
	n := *c
	n.buf = slices.Clone(c.buf)
	return &n
}

var cacheCmp = cmp.AllowUnexported(ReportCache{}, cached{}, clock{}, Policy{})

// TestReportCacheRapid: every accepted record ends in exactly one final
// class (complete, late or deleted) or is still cached, never both, never
// neither; an erroring input changes nothing; replay is deterministic.
func TestReportCacheRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var p Policy
		if rapid.Bool().Draw(t, "lose row 19") {
			_ = p.Set(rowReportRecordPGDown, ActionLose)
		}
		type ev struct {
			at time.Time
			op int
			id RecordID
		}
		run := func(c *ReportCache, dst []ReportEffect, e ev) ([]ReportEffect, error) {
			switch e.op {
			case 0:
				return c.Record(dst, e.at, e.id, RecordKind(e.id%3))
			case 1:
				return c.PathDown(dst, e.at)
			case 2:
				return c.PathUp(dst, e.at)
			case 3:
				return c.PGDown(dst, e.at)
			}
			return c.PGUp(dst, e.at)
		}
		c := mustCache(p, rapid.IntRange(0, 4).Draw(t, "capacity"))
		final := map[RecordID]int{}
		open := map[RecordID]bool{}
		var log []ev
		var all []ReportEffect
		var next RecordID
		now := t0
		for i, n := 0, rapid.IntRange(1, 100).Draw(t, "steps"); i < n; i++ {
			e := ev{at: now.Add(time.Duration(rapid.IntRange(-1, 2).Draw(t, "dt")) * time.Second), op: rapid.IntRange(0, 5).Draw(t, "op") % 5}
			if e.op == 0 {
				next++
				e.id = next
				if rapid.IntRange(0, 9).Draw(t, "zero id") == 0 {
					e.id = 0
				}
			}
			before := cloneCache(c)
			got, err := run(c, nil, e)
			if err != nil {
				if !errors.Is(err, ErrTimeBackwards) && !errors.Is(err, ErrPathDown) && !errors.Is(err, ErrInvalidID) {
					t.Fatalf("%+v: unexpected error %v", e, err)
				}
				if diff := cmp.Diff(before, c, cacheCmp); diff != "" {
					t.Fatalf("%+v: error %v changed the cache:\n%s", e, err, diff)
				}
				continue
			}
			if len(log) > 0 && e.at.Before(now) {
				t.Fatalf("%+v: accepted an input back in time", e)
			}
			now = e.at
			log = append(log, e)
			all = append(all, got...)
			for _, r := range got {
				if r.Class == ccefsm.ReportOpen {
					open[r.Record] = true
					continue
				}
				if !r.Class.IsFinal() {
					t.Fatalf("%+v: class %v", e, r.Class)
				}
				final[r.Record]++
				delete(open, r.Record)
			}
			if len(open) != c.Cached() {
				t.Fatalf("%+v: %d records open, %d cached", e, len(open), c.Cached())
			}
			for id, k := range final {
				if k != 1 || open[id] {
					t.Fatalf("%+v: record %d has %d final classes (open %v)", e, id, k, open[id])
				}
			}
		}
		var runs [2][]ReportEffect
		for r := range runs {
			c := mustCache(p, 0)
			for _, e := range log {
				var err error
				if runs[r], err = run(c, runs[r], e); err != nil {
					t.Fatalf("replay %+v: %v", e, err)
				}
			}
		}
		if diff := cmp.Diff(all, runs[0]); diff != "" {
			t.Fatalf("replay differs (-run +replay):\n%s", diff)
		}
		if diff := cmp.Diff(runs[0], runs[1]); diff != "" {
			t.Fatalf("replays differ:\n%s", diff)
		}
	})
}

func cmpCache(a, b *ReportCache) string { return cmp.Diff(a, b, cacheCmp) }
