package failover

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/google/go-cmp/cmp"
)

// splitSeed puts carl on a call and bob on hold in the voice MRD, fails
// PG 1 over from side A to side B (both calls recovered at once, RP-9),
// loses side B too (the calls held through the outage) and brings side A
// back (both recovered again): four calls split, two per failover.
var splitSeed = []Input{
	{Op: OpAgentObserve, At: at(0, 0), Agent: carl, MRD: voice, State: agentstate.Talking},
	{Op: OpAgentObserve, At: at(0, 0), Agent: bob, MRD: voice, State: agentstate.Hold},
	{Op: OpDown, At: at(10, 0), Element: pgA},
	{Op: OpDown, At: at(20, 0), Element: pgB},
	{Op: OpUp, At: at(30, 0), Element: pgA},
}

// splitRig is an engine after splitSeed.
func splitRig(t *testing.T, opts ...func(*Config)) *rig {
	t.Helper()
	r := newRig(t, refTopology(ccefsm.Duplex), opts...)
	for _, in := range splitSeed {
		r.do(in)
	}
	return r
}

// splitEffects returns the EffectCallSplit effects of the rig's last
// input, as text.
func (r *rig) splitEffects() []string {
	var out []string
	for _, ef := range r.l.All() {
		if e, ok := ef.(*Effect); ok && e.Kind == EffectCallSplit {
			out = append(out, e.String())
		}
	}
	return out
}

// twoFailoverRig fails PG 1 over from side A to side B and back at one
// instant, with carl on a call and bob on hold: each takeover splits both
// calls, with an outage of its own.
func twoFailoverRig(t *testing.T) *rig {
	t.Helper()
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.do(splitSeed[0])
	r.do(splitSeed[1])
	r.down(at(10, 0), pgA)
	r.up(at(10, 0), pgA)
	r.down(at(10, 0), pgB)
	return r
}

// A call split twice at one instant, by two takeovers, has two entries,
// each with its takeover's outage.
func TestCallSplitsOneInstant(t *testing.T) {
	r := twoFailoverRig(t)
	var got []string
	for _, s := range r.e.Splits(nil) {
		got = append(got, fmt.Sprintf("%d %s outage %d", s.Agent, s.Recovered.Format("15:04"), s.Outage))
	}
	want := []string{"1002 09:10 outage 1", "1003 09:10 outage 1", "1002 09:10 outage 2", "1003 09:10 outage 2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("splits (-want +got):\n%s", diff)
	}
	for _, id := range []uint32{1, 2} {
		if o, _ := r.e.Outage(id); !o.From.Equal(at(10, 0)) || !o.To.Equal(o.From) {
			t.Errorf("outage %d is %+v, want a takeover at 09:10", id, o)
		}
	}
}

// The ledger records a split for each call (Talking or Hold) in the voice
// MRD that an Agent PG failover recovers, whether the other side takes
// over at once or the PG comes back later, with the outage of the
// peripheral that the PG side caused; and Splits answers with both
// instants.
func TestCallSplits(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.do(splitSeed[0])
	r.do(splitSeed[1])
	r.do(splitSeed[2])
	wantEffects(t, r.splitEffects(),
		"RP-9 agent 1002 (peripheral 5000, MRD 1): call split into two TCD records (outage 1)",
		"RP-9 agent 1003 (peripheral 5000, MRD 1): call split into two TCD records (outage 1)")
	r.do(splitSeed[3])
	if got := r.splitEffects(); len(got) != 0 {
		t.Errorf("the PG lost: %q, want no split before the calls are recovered", got)
	}
	r.do(splitSeed[4])
	wantEffects(t, r.splitEffects(),
		"RP-9 agent 1002 (peripheral 5000, MRD 1): call split into two TCD records (outage 4)",
		"RP-9 agent 1003 (peripheral 5000, MRD 1): call split into two TCD records (outage 4)")
	s := func(a ccefsm.AgentID, failed, recovered time.Time, outage uint32) SplitReport {
		return SplitReport{Agent: a, Peripheral: per5000, MRD: voice, Failed: failed, Recovered: recovered, Rule: ccefsm.RP9, Outage: outage}
	}
	want := []SplitReport{s(bob, at(10, 0), at(10, 0), 1), s(carl, at(10, 0), at(10, 0), 1), s(bob, at(20, 0), at(30, 0), 4), s(carl, at(20, 0), at(30, 0), 4)}
	if diff := cmp.Diff(want, r.e.Splits(nil)); diff != "" {
		t.Errorf("Splits (-want +got):\n%s", diff)
	}
	// Splits appends.
	if got := r.e.Splits(make([]SplitReport, 1)); len(got) != 5 || got[0] != (SplitReport{}) {
		t.Errorf("Splits does not append to dst: %d rows", len(got))
	}
	r.wantState(bob, voice, agentstate.Hold, agentstate.ReasonNone)
	r.wantState(carl, voice, agentstate.Talking, agentstate.ReasonNone)
}

// A CTI Manager's failure makes the active side of the Agent PG fail over
// (SRND), so its recovery splits the calls it keeps (RP-9) as a PG
// failover does: at a takeover by the other CTI Manager, with an outage of
// zero length of the CTI Manager caused by the side that failed, and when
// the CTI Manager comes back after both sides were out of service, with
// that outage. The calls are kept, and each split is an EffectCallSplit.
func TestCallSplitsCTIManager(t *testing.T) {
	cmA := Element{Kind: CTIManager, ID: cm1, Side: ccefsm.SideA}
	cmB := Element{Kind: CTIManager, ID: cm1, Side: ccefsm.SideB}
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.do(splitSeed[0])
	r.do(splitSeed[1])
	r.down(at(10, 0), cmA)
	wantEffects(t, r.splitEffects(),
		"RP-9 agent 1002 (peripheral 5000, MRD 1): call split into two TCD records (outage 1)",
		"RP-9 agent 1003 (peripheral 5000, MRD 1): call split into two TCD records (outage 1)")
	if o, _ := r.e.Outage(1); o != (Outage{ID: 1, Path: Path{Kind: PathCTIManager, ID: cm1}, Cause: cmA, From: at(10, 0), To: at(10, 0)}) {
		t.Errorf("outage 1 is %+v, want the CTI Manager's takeover at 09:10 caused by side A", o)
	}
	r.down(at(20, 0), cmB)
	if got := r.splitEffects(); len(got) != 0 {
		t.Errorf("the CTI Manager lost: %q, want no split before the calls are recovered", got)
	}
	r.up(at(30, 0), cmA)
	wantEffects(t, r.splitEffects(),
		"RP-9 agent 1002 (peripheral 5000, MRD 1): call split into two TCD records (outage 2)",
		"RP-9 agent 1003 (peripheral 5000, MRD 1): call split into two TCD records (outage 2)")
	s := func(a ccefsm.AgentID, failed, recovered time.Time, outage uint32) SplitReport {
		return SplitReport{Agent: a, Peripheral: per5000, MRD: voice, Failed: failed, Recovered: recovered, Rule: ccefsm.RP9, Outage: outage}
	}
	want := []SplitReport{s(bob, at(10, 0), at(10, 0), 1), s(carl, at(10, 0), at(10, 0), 1), s(bob, at(20, 0), at(30, 0), 2), s(carl, at(20, 0), at(30, 0), 2)}
	if diff := cmp.Diff(want, r.e.Splits(nil)); diff != "" {
		t.Errorf("Splits (-want +got):\n%s", diff)
	}
	r.wantState(bob, voice, agentstate.Hold, agentstate.ReasonNone)
	r.wantState(carl, voice, agentstate.Talking, agentstate.ReasonNone)
	// The snapshot keeps the splits and its decoder accepts them.
	if diff := cmp.Diff(want, roundTrip(t, r.e).Splits(nil)); diff != "" {
		t.Errorf("restored Splits (-want +got):\n%s", diff)
	}
}

// No split without a call kept across a PG failover: the agentstate
// effect's RP-9 tag decides, so a PG table whose row 6 no longer keeps the
// call splits nothing, and neither does a failover with no automatic
// re-login; a Talking state observed in a chat MRD is no call Unified CM
// recovers; and a standby side going down recovers nothing.
func TestCallSplitsNot(t *testing.T) {
	notReady := agentstate.PGTable()
	if err := notReady.Override(6, agentstate.To(agentstate.NotReady)); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		opts  []func(*Config)
		setup []Input
		fail  Input
		tag   bool // the roster's re-login carries RP-9
	}{
		{"AG-T1 row 6 overridden to NOT_READY", []func(*Config){func(c *Config) { c.PGTable = &notReady }},
			splitSeed[:1], Input{Op: OpDown, At: at(10, 0), Element: pgA}, false},
		{"no automatic re-login", []func(*Config){func(c *Config) { c.NoAutoRelogin = true }},
			splitSeed[:1], Input{Op: OpDown, At: at(10, 0), Element: pgA}, false},
		{"Talking observed in a chat MRD", nil, []Input{
			{Op: OpAgentObserve, At: at(0, 0), Agent: carl, MRD: chat, State: agentstate.Talking},
		}, Input{Op: OpDown, At: at(10, 0), Element: pgA}, true},
		{"the standby side down", nil, splitSeed[:1], Input{Op: OpDown, At: at(10, 0), Element: pgB}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, refTopology(ccefsm.Duplex), c.opts...)
			for _, in := range c.setup {
				r.do(in)
			}
			r.do(c.fail)
			tagged := false
			for _, ef := range r.l.All() {
				if a, ok := ef.(*agentstate.Effect); ok && a.Report == ccefsm.RP9 {
					tagged = true
				}
			}
			if tagged != c.tag {
				t.Errorf("an agentstate effect tagged RP-9: %v, want %v", tagged, c.tag)
			}
			if got := r.splitEffects(); len(got) != 0 {
				t.Errorf("split effects %q, want none", got)
			}
			if got := r.e.Splits(nil); len(got) != 0 {
				t.Errorf("splits %+v, want none", got)
			}
		})
	}
}

// SplitsIn answers for a range of recovery instants, checked as Intervals
// checks its range.
func TestSplitsIn(t *testing.T) {
	r := splitRig(t)
	rng := func(from, to time.Time) []SplitReport {
		t.Helper()
		got, err := r.e.SplitsIn(nil, from, to)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	for _, c := range []struct {
		name     string
		from, to time.Time
		n        int
		first    ccefsm.AgentID
	}{
		{"everything", t0, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 4, bob},
		{"to out of range: to the latest input", t0, time.Unix(1<<62, 0), 4, bob},
		{"the takeover", at(10, 0), at(10, 0).Add(1), 2, bob},
		{"to excludes", t0, at(10, 0), 0, 0},
		{"from includes", at(30, 0), at(31, 0), 2, bob},
		{"between", at(10, 1), at(30, 0), 0, 0},
		{"empty", at(10, 0), at(10, 0), 0, 0},
		{"reversed", at(30, 0), t0, 0, 0},
		{"reversed to the zero time", at(30, 0), time.Time{}, 0, 0},
	} {
		got := rng(c.from, c.to)
		if len(got) != c.n || c.n > 0 && got[0].Agent != c.first {
			t.Errorf("%s: %+v, want %d rows from agent %d", c.name, got, c.n, c.first)
		}
	}
	// The rows are Splits' rows.
	if diff := cmp.Diff(r.e.Splits(nil)[2:], rng(at(30, 0), at(31, 0))); diff != "" {
		t.Errorf("SplitsIn differs from Splits (-Splits +SplitsIn):\n%s", diff)
	}
	bad := func(from time.Time, want error) {
		t.Helper()
		got, err := r.e.SplitsIn(make([]SplitReport, 1), from, at(31, 0))
		var qe *QueryError
		if !errors.Is(err, want) || !errors.As(err, &qe) || qe.Op != "SplitsIn" || len(got) != 1 {
			t.Errorf("from %v: %d rows, %v; want %v in a *QueryError and dst unchanged", from, len(got), err, want)
		}
	}
	bad(time.Time{}, ErrTimeOutOfRange)
	bad(t0.Add(-time.Nanosecond), ErrTimeOutOfRange)
	bad(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), ErrTimeOutOfRange)
	_, err := r.e.SplitsIn(nil, time.Time{}, at(31, 0))
	if !errors.Is(err, ccefsm.ErrTimeOutOfRange) || !strings.Contains(err.Error(), "failover: SplitsIn calls split from 0001-01-01T00:00:00Z to 2026-03-02T09:31:00Z") {
		t.Errorf("the error does not say what was asked: %v", err)
	}
	// Before the horizon of Forget.
	r.do(Input{Op: OpAdvance, At: at(75, 0)})
	r.e.Forget(at(30, 0))
	bad(at(29, 0), ErrForgotten)
	if got := rng(at(30, 0), at(75, 0)); len(got) != 2 {
		t.Errorf("after Forget: %d rows from the horizon, want 2", len(got))
	}
}

// Forget drops the splits recovered before its horizon and keeps the
// others with their outages, and the engine still passes its own check
// and round-trips.
func TestForgetSplits(t *testing.T) {
	r := splitRig(t)
	r.do(Input{Op: OpAdvance, At: at(75, 0)})
	r.e.Forget(at(29, 0)) // the horizon is 09:00: nothing goes
	if n := len(r.e.Splits(nil)); n != 4 {
		t.Fatalf("Forget before the 09:30 interval dropped splits: %d left", n)
	}
	r.e.Forget(at(31, 0)) // the horizon is 09:30: the takeover's splits go
	got := r.e.Splits(nil)
	if len(got) != 2 || !got[0].Recovered.Equal(at(30, 0)) || got[0].Failed != at(20, 0) {
		t.Fatalf("after Forget: %+v, want the two splits recovered at 09:30 with their outage", got)
	}
	if _, ok := r.e.Outage(1); ok {
		t.Error("the takeover's outage is remembered after Forget")
	}
	if field, why := r.e.verify(); why != "" {
		t.Fatalf("%s: %s", field, why)
	}
	b, err := r.e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var c Engine
	if err := c.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, c.Splits(nil)); diff != "" {
		t.Errorf("restored splits (-want +got):\n%s", diff)
	}
}

// A split costs the ledger 16 bytes, as its doc comment says.
func TestSplitSize(t *testing.T) {
	if n := unsafe.Sizeof(split{}); n != 16 {
		t.Errorf("a split is %d bytes, want 16", n)
	}
}
