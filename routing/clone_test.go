package routing

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/clonecheck"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// snapshotter is what the clone property needs of a routing value.
type snapshotter interface{ MarshalBinary() ([]byte, error) }

func snapOf(t interface{ Fatalf(string, ...any) }, x snapshotter) []byte {
	b, err := x.MarshalBinary()
	if err != nil {
		t.Fatalf("MarshalBinary: %v", err)
	}
	return b
}

// checkClone is the clone property of one routing type: x, built from
// random inputs, and its clone have the same snapshot and share no memory;
// the same random inputs to both give the same transcript and snapshots;
// inputs to the clone alone leave x's snapshot as it was, and inputs to x
// alone leave the clone's. draw draws one input from the state of the
// value it is given and returns it ready to apply to any value of the
// type, returning its effects or error as text.
func checkClone[T snapshotter](t *rapid.T, x T, clone func(T) T, draw func(*rapid.T, T) func(T) string) {
	for n := rapid.IntRange(0, 60).Draw(t, "history"); n > 0; n-- {
		draw(t, x)(x)
	}
	c := clone(x)
	if !bytes.Equal(snapOf(t, x), snapOf(t, c)) {
		t.Fatalf("the clone's snapshot differs")
	}
	if shared := clonecheck.Shared(x, c); len(shared) != 0 {
		t.Fatalf("the clone shares memory: %q", shared)
	}
	for n := rapid.IntRange(0, 40).Draw(t, "both"); n > 0; n-- {
		in := draw(t, x)
		if a, b := in(x), in(c); a != b {
			t.Fatalf("the same input gives %q, on the clone %q", a, b)
		}
	}
	if !bytes.Equal(snapOf(t, x), snapOf(t, c)) {
		t.Fatalf("the same inputs leave the clone with another snapshot")
	}
	before := snapOf(t, x)
	for n := rapid.IntRange(1, 40).Draw(t, "clone only"); n > 0; n-- {
		draw(t, c)(c)
	}
	if !bytes.Equal(before, snapOf(t, x)) {
		t.Fatalf("inputs to the clone changed the original")
	}
	before = snapOf(t, c)
	for n := rapid.IntRange(1, 40).Draw(t, "original only"); n > 0; n-- {
		draw(t, x)(x)
	}
	if !bytes.Equal(before, snapOf(t, c)) {
		t.Fatalf("inputs to the original changed the clone")
	}
}

// after returns the instant dt after the latest input of a value with
// clock k (t0 before any), so that inputs mostly go forward and sometimes
// back.
func after(t *rapid.T, k clock) time.Time {
	now := t0
	if k.seen {
		now = time.Unix(0, k.last).UTC()
	}
	return now.Add(time.Duration(rapid.IntRange(-1, 3).Draw(t, "dt")) * time.Second)
}

func text[E fmt.Stringer](fx []E, err error) string {
	if err != nil {
		return "error " + err.Error()
	}
	return fmt.Sprint(fx)
}

// drawConnInput draws a Conn input from the Conn's own state, as
// drawInput does from the model's: fresh and reused request IDs,
// responses to live requests and to others, and path events.
func drawConnInput(t *rapid.T, c *Conn) func(*Conn) string {
	var in input
	switch rapid.IntRange(0, 9).Draw(t, "kind") {
	case 0, 1, 2:
		in = input{op: opSend, id: c.LastRequest() + ccefsm.RequestID(rapid.IntRange(0, 3).Draw(t, "gap")),
			mrd: ccefsm.MRDID(rapid.IntRange(0, 3).Draw(t, "mrd"))}
	case 3, 4, 5:
		in = input{op: opResp, id: ccefsm.RequestID(rapid.Uint64Range(0, uint64(c.LastRequest())+1).Draw(t, "any id")),
			out: Outcome(rapid.IntRange(0, 2).Draw(t, "outcome"))}
		if live := c.AppendRequests(nil); len(live) > 0 && rapid.Bool().Draw(t, "live") {
			in.id = rapid.SampledFrom(live).Draw(t, "request").ID
		}
	default:
		in = input{op: rapid.SampledFrom([]op{opAppDown, opAppUp, opCCDown, opCCUp}).Draw(t, "path")}
	}
	now := after(t, c.clock)
	return func(c *Conn) string { return in.String() + ": " + text(apply(c, nil, now, in)) }
}

func TestCloneConnRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var p Policy
		if rapid.Bool().Draw(t, "reject row 2") {
			_ = p.Set(rowSendAppDown, ActionReject)
		}
		if rapid.Bool().Draw(t, "fail row 4") {
			_ = p.Set(rowAppUpDisabled, ActionFail)
		}
		checkClone(t, mustConn(p, rapid.IntRange(0, 8).Draw(t, "capacity")), (*Conn).Clone, drawConnInput)
	})
}

func TestCloneVoiceRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v, err := NewVoice(VoiceConfig{Capacity: rapid.IntRange(0, 4).Draw(t, "capacity")})
		if err != nil {
			t.Fatal(err)
		}
		checkClone(t, v, (*Voice).Clone, func(t *rapid.T, v *Voice) func(*Voice) string {
			p := ccefsm.PeripheralID(rapid.IntRange(0, 6).Draw(t, "peripheral"))
			down := rapid.Bool().Draw(t, "down")
			now := after(t, v.clock)
			return func(v *Voice) string {
				if down {
					return fmt.Sprint("down ", p, ": ", text(v.PIMDown(nil, now, p)))
				}
				return fmt.Sprint("up ", p, ": ", text(v.PIMUp(nil, now, p)))
			}
		})
	})
}

func TestCloneReportCacheRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var p Policy
		if rapid.Bool().Draw(t, "lose row 19") {
			_ = p.Set(rowReportRecordPGDown, ActionLose)
		}
		var next RecordID
		checkClone(t, mustCache(p, rapid.IntRange(0, 4).Draw(t, "capacity")), (*ReportCache).Clone, func(t *rapid.T, c *ReportCache) func(*ReportCache) string {
			op := rapid.IntRange(0, 5).Draw(t, "op") % 5
			next++
			id := next
			if rapid.IntRange(0, 9).Draw(t, "zero id") == 0 {
				id = 0
			}
			now := after(t, c.clock)
			return func(c *ReportCache) string {
				switch op {
				case 0:
					return fmt.Sprint("record ", id, ": ", text(c.Record(nil, now, id, RecordKind(id%3))))
				case 1:
					return "path down: " + text(c.PathDown(nil, now))
				case 2:
					return "path up: " + text(c.PathUp(nil, now))
				case 3:
					return "PG down: " + text(c.PGDown(nil, now))
				}
				return "PG up: " + text(c.PGUp(nil, now))
			}
		})
	})
}

// TestCloneZero: the zero values clone to zero values.
func TestCloneZero(t *testing.T) {
	var c Conn
	var v Voice
	var r ReportCache
	if !cmp.Equal(Conn{}, *c.Clone(), connCmp) || !cmp.Equal(Voice{}, *v.Clone(), cmp.AllowUnexported(Voice{}, clock{})) ||
		!cmp.Equal(ReportCache{}, *r.Clone(), cacheCmp) {
		t.Fatal("a zero value does not clone to a zero value")
	}
}

// TestCloneShape fails when a field is added to Conn, Voice or ReportCache
// (or to a type they hold), so that their Clone is checked against it: a
// slice, map or pointer field needs its own copy. Update Clone first, then
// this list.
func TestCloneShape(t *testing.T) {
	want := map[string][]string{
		"Conn": {
			"Conn.app ccefsm.AppID",
			"Conn.policy routing.Policy",
			"Conn.clock routing.clock",
			"Conn.reqs []routing.entry",
			"Conn.dead int",
			"Conn.pending int",
			"Conn.held int",
			"Conn.lastID ccefsm.RequestID",
			"Conn.appDown bool",
			"Conn.ccDown bool",
			"Conn.told bool",
			"Policy.set [21]routing.Action",
			"clock.last int64",
			"clock.seen bool",
			"entry.id ccefsm.RequestID",
			"entry.mrd ccefsm.MRDID",
			"entry.status routing.Status",
		},
		"Voice": {
			"Voice.clock routing.clock",
			"Voice.down []ccefsm.PeripheralID",
			"clock.last int64",
			"clock.seen bool",
		},
		"ReportCache": {
			"ReportCache.policy routing.Policy",
			"ReportCache.clock routing.clock",
			"ReportCache.pathDown bool",
			"ReportCache.pgDown bool",
			"ReportCache.buf []routing.cached",
			"Policy.set [21]routing.Action",
			"clock.last int64",
			"clock.seen bool",
			"cached.id routing.RecordID",
			"cached.at int64",
			"cached.kind routing.RecordKind",
		},
	}
	for name, v := range map[string]any{"Conn": &Conn{}, "Voice": &Voice{}, "ReportCache": &ReportCache{}} {
		if diff := cmp.Diff(want[name], clonecheck.Shape(v)); diff != "" {
			t.Errorf("the fields of %s changed (-want +got): check %s.Clone against them, then update this list:\n%s", name, name, diff)
		}
	}
}

// sink keeps the benchmarks' clones on the heap, as a caller's would be.
var sink any

// BenchmarkClone compares each type's Clone with UnmarshalBinary of the
// same value (the copy a caller had to take before Clone), with n requests
// pending, n peripherals down or n records cached.
func BenchmarkClone(b *testing.B) {
	for _, n := range []int{1, 1000} {
		conn := mustConn(Policy{}, 0)
		voice, _ := NewVoice(VoiceConfig{})
		cache := mustCache(Policy{}, 0)
		if _, err := cache.PathDown(nil, t0); err != nil {
			b.Fatal(err)
		}
		for i := 1; i <= n; i++ {
			_, err1 := conn.Send(nil, t0, ccefsm.RequestID(i), mrd)
			_, err2 := voice.PIMDown(nil, t0, ccefsm.PeripheralID(i))
			_, err3 := cache.Record(nil, t0, RecordID(i), 1)
			if err1 != nil || err2 != nil || err3 != nil {
				b.Fatal(err1, err2, err3)
			}
		}
		for _, tc := range []struct {
			name  string
			x     snapshotter
			clone func()
			into  func() interface{ UnmarshalBinary([]byte) error }
		}{
			{"Conn", conn, func() { sink = conn.Clone() }, func() interface{ UnmarshalBinary([]byte) error } { return new(Conn) }},
			{"Voice", voice, func() { sink = voice.Clone() }, func() interface{ UnmarshalBinary([]byte) error } { return new(Voice) }},
			{"ReportCache", cache, func() { sink = cache.Clone() }, func() interface{ UnmarshalBinary([]byte) error } { return new(ReportCache) }},
		} {
			snap := snapOf(b, tc.x)
			b.Run(fmt.Sprintf("%s/n=%d/Clone", tc.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					tc.clone()
				}
			})
			b.Run(fmt.Sprintf("%s/n=%d/UnmarshalBinary", tc.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := tc.into().UnmarshalBinary(snap); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
