package routing

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/snapshot"
	"github.com/google/go-cmp/cmp"
)

// busyConn is a non-trivial Conn: overrides in its policy, requests in
// three statuses over its history, the application told ROUTING_DISABLED
// and its MR PG path down, deleted and unsent requests held.
func busyConn(t testing.TB) *Conn {
	var p Policy
	if err := p.Set(rowReportRecordPGDown, ActionLose); err != nil {
		t.Fatal(err)
	}
	c := mustConn(p, 4)
	steps := []input{send(1), send(2), send(3), routed(2), ccDown, appDown, send(4), send(6)}
	for i, in := range steps {
		if _, err := apply(c, nil, at(i), in); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// busyCache is a ReportCache with three records cached, made at different
// instants, and a policy override.
func busyCache(t testing.TB) *ReportCache {
	var p Policy
	if err := p.Set(rowReportRecordPGDown, ActionLose); err != nil {
		t.Fatal(err)
	}
	c := mustCache(p, 0)
	for i, f := range []func() ([]ReportEffect, error){
		func() ([]ReportEffect, error) { return c.Record(nil, at(0), 1, 2) },
		func() ([]ReportEffect, error) { return c.PathDown(nil, at(1)) },
		func() ([]ReportEffect, error) { return c.Record(nil, at(2), 2, 3) },
		func() ([]ReportEffect, error) { return c.Record(nil, at(2), 300, 4) },
		func() ([]ReportEffect, error) { return c.Record(nil, at(3), 1<<40, 255) },
	} {
		if _, err := f(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	return c
}

// busyVoice is a Voice with three PIMs down, one of a large peripheral ID.
func busyVoice(t testing.TB) *Voice {
	var v Voice
	for i, p := range []ccefsm.PeripheralID{5000, 3, math.MaxUint32} {
		if _, err := v.PIMDown(nil, at(i), p); err != nil {
			t.Fatal(err)
		}
	}
	return &v
}

func marshal(t testing.TB, m interface{ MarshalBinary() ([]byte, error) }) []byte {
	t.Helper()
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var voiceCmp = cmp.AllowUnexported(Voice{}, clock{})

// TestSnapshotRoundTrip restores a Conn mid-outage and checks that the copy
// is exact (same bytes, same live requests) and behaves exactly like the
// original for the rest of the story.
func TestSnapshotRoundTrip(t *testing.T) {
	c := busyConn(t)
	snap := marshal(t, c)
	var r Conn
	if err := r.UnmarshalBinary(snap); err != nil {
		t.Fatal(err)
	}
	if again := marshal(t, &r); !slices.Equal(snap, again) {
		t.Fatalf("round trip bytes differ:\n%x\n%x", snap, again)
	}
	if diff := cmp.Diff(c.AppendRequests(nil), r.AppendRequests(nil)); diff != "" {
		t.Errorf("live requests (-original +restored):\n%s", diff)
	}
	if err := r.check(); err != nil {
		t.Fatal(err)
	}
	rest := []input{send(6), send(7), routed(1), appUp, ccUp, send(8), routed(8), routed(2), failed(4)}
	for i, in := range rest {
		now := at(20 + i)
		a, errA := apply(c, nil, now, in)
		b, errB := apply(&r, nil, now, in)
		if diff := cmp.Diff(a, b); diff != "" || fmt.Sprint(errA) != fmt.Sprint(errB) {
			t.Errorf("%v: original and restored differ (%v / %v):\n%s", in, errA, errB, diff)
		}
	}
	if _, err := r.Send(nil, at(0), 9, mrd); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("restored clock lost: Send at an old time = %v", err)
	}
}

// TestReportCacheSnapshot: RT-6 after a restart: the restored cache
// delivers the same records, late, in the order made; its clock and policy
// survive.
func TestReportCacheSnapshot(t *testing.T) {
	c := busyCache(t)
	snap := marshal(t, c)
	var r ReportCache
	if err := r.UnmarshalBinary(snap); err != nil {
		t.Fatal(err)
	}
	if again := marshal(t, &r); !slices.Equal(snap, again) {
		t.Fatal("round trip bytes differ")
	}
	if diff := cmp.Diff(c, &r, cacheCmp); diff != "" {
		t.Fatalf("restored cache differs:\n%s", diff)
	}
	if _, err := r.Record(nil, at(2), 9, 0); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("restored clock lost: %v", err)
	}
	a, _ := c.PathUp(nil, at(4))
	b, _ := r.PathUp(nil, at(4))
	if diff := cmp.Diff(a, b); diff != "" || len(a) != 3 {
		t.Errorf("restored cache delivers differently (-original +restored):\n%s", diff)
	}
	a, _ = c.PGDown(nil, at(5))
	b, _ = r.PGDown(nil, at(5))
	if diff := cmp.Diff(a, b); diff != "" || len(a) != 0 {
		t.Errorf("PGDown after the restore differs:\n%s", diff)
	}
	x, errA := c.Record(nil, at(6), 9, 1)
	y, errB := r.Record(nil, at(6), 9, 1)
	if diff := cmp.Diff(x, y); diff != "" || errA != nil || errB != nil || len(x) != 1 || x[0].Class != ccefsm.ReportDeleted {
		t.Errorf("row 19 policy lost in the restore: %v %v %v", diff, errA, errB)
	}
}

// TestVoiceSnapshot: RT-5 after a restart: the same PIMs are down.
func TestVoiceSnapshot(t *testing.T) {
	v := busyVoice(t)
	snap := marshal(t, v)
	var r Voice
	if err := r.UnmarshalBinary(snap); err != nil {
		t.Fatal(err)
	}
	if again := marshal(t, &r); !slices.Equal(snap, again) {
		t.Fatal("round trip bytes differ")
	}
	if diff := cmp.Diff(v, &r, voiceCmp); diff != "" {
		t.Fatalf("restored voice differs:\n%s", diff)
	}
	if _, err := r.PIMUp(nil, at(0), 3); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("restored clock lost: %v", err)
	}
}

// TestSnapshotIdle restores the most common restart: values that have done
// nothing, or seen only inputs that left them idle. Each restores exactly
// (same bytes, same value) and then answers like the original.
func TestSnapshotIdle(t *testing.T) {
	t.Run("never-used Conn", func(t *testing.T) {
		var p Policy
		if err := p.Set(rowSendAppDown, ActionReject); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*Conn{mustConn(Policy{}, 0), mustConn(p, 8)} {
			idleConn(t, c)
		}
	})
	t.Run("Conn with every request answered", func(t *testing.T) {
		c := mustConn(Policy{}, 0)
		_, _ = c.Send(nil, t0, 1, mrd)
		_, _ = c.Response(nil, t0, 1, OutcomeRouted)
		idleConn(t, c)
	})
	t.Run("empty ReportCache", func(t *testing.T) {
		seen := mustCache(Policy{}, 0)
		if _, err := seen.PathUp(nil, t0); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*ReportCache{{}, mustCache(Policy{}, 4), seen} {
			snap := marshal(t, c)
			var r ReportCache
			if err := r.UnmarshalBinary(snap); err != nil {
				t.Fatalf("idle cache refused: %v", err)
			}
			if !slices.Equal(snap, marshal(t, &r)) || !r.IsPathUp() || !r.IsPGUp() || r.clock != c.clock {
				t.Fatal("idle cache restored differently")
			}
			a, errA := c.Record(nil, t0, 1, 0)
			b, errB := r.Record(nil, t0, 1, 0)
			if diff := cmp.Diff(a, b); diff != "" || errA != nil || errB != nil {
				t.Errorf("idle cache answers differently: %v %v\n%s", errA, errB, diff)
			}
		}
	})
	t.Run("Voice with no PIM down", func(t *testing.T) {
		seen := &Voice{}
		_, _ = seen.PIMDown(nil, t0, 4)
		_, _ = seen.PIMUp(nil, t0, 4)
		for _, v := range []*Voice{{}, seen} {
			snap := marshal(t, v)
			var r Voice
			if err := r.UnmarshalBinary(snap); err != nil {
				t.Fatalf("idle voice refused: %v", err)
			}
			if !slices.Equal(snap, marshal(t, &r)) || r.clock != v.clock || len(r.AppendDown(nil)) != 0 {
				t.Fatal("idle voice restored differently")
			}
			a, _ := v.PIMDown(nil, t0, 4)
			b, _ := r.PIMDown(nil, t0, 4)
			if diff := cmp.Diff(a, b); diff != "" || len(a) != 1 {
				t.Errorf("idle voice answers differently:\n%s", diff)
			}
		}
	})
}

func idleConn(t *testing.T, c *Conn) {
	t.Helper()
	snap := marshal(t, c)
	var r Conn
	if err := r.UnmarshalBinary(snap); err != nil {
		t.Fatalf("idle Conn refused: %v", err)
	}
	if !slices.Equal(snap, marshal(t, &r)) || r.app != c.app || r.policy != c.policy || r.clock != c.clock || r.lastID != c.lastID {
		t.Fatal("idle Conn restored differently")
	}
	for i, in := range []input{send(c.lastID + 1), appDown, send(c.lastID + 2), ccDown, appUp, ccUp, routed(c.lastID + 1)} {
		a, errA := apply(c, nil, at(i), in)
		b, errB := apply(&r, nil, at(i), in)
		if diff := cmp.Diff(a, b); diff != "" || fmt.Sprint(errA) != fmt.Sprint(errB) {
			t.Errorf("%v: idle Conn and its restore differ (%v / %v):\n%s", in, errA, errB, diff)
		}
	}
}

// TestSnapshotBitFlips flips every bit of a valid, non-trivial snapshot of
// each type: every one is refused with ErrCorruptSnapshot and leaves the
// target as it was.
func TestSnapshotBitFlips(t *testing.T) {
	type target interface {
		UnmarshalBinary([]byte) error
		MarshalBinary() ([]byte, error)
	}
	for _, tc := range []struct {
		name   string
		snap   []byte
		target func() target
	}{
		{"Conn", marshal(t, busyConn(t)), func() target { return busyConn(t) }},
		{"ReportCache", marshal(t, busyCache(t)), func() target { return busyCache(t) }},
		{"Voice", marshal(t, busyVoice(t)), func() target { return busyVoice(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := tc.target()
			before := marshal(t, dst)
			refused := 0
			for i := 0; i < 8*len(tc.snap); i++ {
				b := slices.Clone(tc.snap)
				b[i/8] ^= 1 << (i % 8)
				err := dst.UnmarshalBinary(b)
				var se *ccefsm.SnapshotError
				if errors.Is(err, ErrCorruptSnapshot) && errors.Is(err, ccefsm.ErrCorruptSnapshot) && errors.As(err, &se) {
					refused++
				} else {
					t.Errorf("bit %d (byte %d) flipped: err = %v", i, i/8, err)
				}
				if after := marshal(t, dst); !slices.Equal(before, after) {
					t.Fatalf("bit %d flipped: the refused snapshot changed the target", i)
				}
			}
			t.Logf("%d of %d single-bit flips refused (%d bytes)", refused, 8*len(tc.snap), len(tc.snap))
		})
	}
}

// TestSnapshotVersions: a snapshot of another version is refused with an
// error that names the version found and the one this build reads; so is
// version 1, whose magic carried the version.
func TestSnapshotVersions(t *testing.T) {
	v1 := map[string][]byte{
		// Written by the version 1 encoders: a Conn of app 3 with one
		// pending request, a ReportCache and a Voice that saw one input.
		"Conn":        append([]byte("RTC1\x00\x00\x00\x03\x08"), make([]byte, 16+19+4)...),
		"ReportCache": append([]byte("RRC1\x08"), make([]byte, 8+19+4)...),
		"Voice":       append([]byte("RVC1\x08"), make([]byte, 8+4)...),
	}
	for _, legacy := range []string{"RTC1", "RRC1", "RVC1"} {
		// The bare magic is enough to tell the version.
		var err error
		switch legacy {
		case "RTC1":
			err = new(Conn).UnmarshalBinary([]byte(legacy))
		case "RRC1":
			err = new(ReportCache).UnmarshalBinary([]byte(legacy))
		default:
			err = new(Voice).UnmarshalBinary([]byte(legacy))
		}
		var se *ccefsm.SnapshotError
		if !errors.As(err, &se) || se.Field != "version" || !strings.Contains(se.Reason, "version 1 (magic \""+legacy+"\")") {
			t.Errorf("bare %s: %v", legacy, err)
		}
	}
	for _, tc := range []struct {
		name   string
		good   []byte
		target interface{ UnmarshalBinary([]byte) error }
	}{
		{"Conn", marshal(t, busyConn(t)), &Conn{}},
		{"ReportCache", marshal(t, busyCache(t)), &ReportCache{}},
		{"Voice", marshal(t, busyVoice(t)), &Voice{}},
	} {
		err := tc.target.UnmarshalBinary(v1[tc.name])
		var se *ccefsm.SnapshotError
		if !errors.As(err, &se) || !errors.Is(err, ErrCorruptSnapshot) || se.Field != "version" ||
			!strings.Contains(se.Reason, "version 1") || !strings.Contains(se.Reason, "reads version 2") {
			t.Errorf("%s version 1: %v", tc.name, err)
		}
		v3 := slices.Clone(tc.good)
		v3[4] = 3
		v3 = snapshot.Seal(v3[:len(v3)-4])
		err = tc.target.UnmarshalBinary(v3)
		if !errors.As(err, &se) || se.Field != "version" || se.Offset != 4 ||
			!strings.Contains(se.Reason, "version 3") || !strings.Contains(se.Reason, "reads version 2") {
			t.Errorf("%s version 3: %v", tc.name, err)
		}
	}
}

// body builds a snapshot body field by field.
type body []byte

func (b body) u8(v uint8) body   { return append(b, v) }
func (b body) u32(v uint32) body { return binary.BigEndian.AppendUint32(b, v) }
func (b body) i64(v int64) body  { return binary.BigEndian.AppendUint64(b, uint64(v)) }
func (b body) uv(v uint64) body  { return binary.AppendUvarint(b, v) }
func (b body) raw(v ...byte) body {
	return append(b, v...)
}

// frame seals a body as a snapshot of format f, with a valid checksum: the
// crafted snapshots below are refused for what they say, not for damage.
func frame(f snapshot.Format, b body) []byte {
	return snapshot.Seal(append(f.Begin(nil), b...))
}

// refusal is one crafted snapshot that must be refused, naming field (and,
// when off ≥ 0, the byte offset in the snapshot).
type refusal struct {
	reason string
	data   []byte
	field  string
	off    int
}

func checkRefusals(t *testing.T, tests []refusal, fresh func() interface {
	UnmarshalBinary([]byte) error
	MarshalBinary() ([]byte, error)
}) {
	t.Helper()
	for _, tt := range tests {
		dst := fresh()
		before := marshal(t, dst)
		err := dst.UnmarshalBinary(tt.data)
		var se *ccefsm.SnapshotError
		if !errors.Is(err, ErrCorruptSnapshot) || !errors.Is(err, ccefsm.ErrCorruptSnapshot) || !errors.As(err, &se) {
			t.Errorf("%s: err = %v, want a *ccefsm.SnapshotError wrapping ErrCorruptSnapshot", tt.reason, err)
			continue
		}
		if se.Field != tt.field || (tt.off >= 0 && se.Offset != tt.off) {
			t.Errorf("%s: refused at %q byte %d (%v), want %q byte %d", tt.reason, se.Field, se.Offset, err, tt.field, tt.off)
		}
		if !slices.Equal(before, marshal(t, dst)) {
			t.Errorf("%s: the refused snapshot changed the target", tt.reason)
		}
	}
}

// Conn body prefixes. The header is app (4 bytes at offset 5), flags (9),
// last input time (10), then the last request ID (18).
const (
	seen    = flagSeen
	offApp  = 5
	offFlag = 9
	offLast = 18
)

func connHead(app uint32, flags uint8, last int64, lastID uint64) body {
	return body{}.u32(app).u8(flags).i64(last).uv(lastID)
}

// noPolicy is the policy of no overrides.
var noPolicy = body{0}

// reqs appends count and the requests (ID, MRD, status) to a header with no
// policy.
func reqs(h body, rs ...[3]uint64) body {
	b := append(h, noPolicy...).uv(uint64(len(rs)))
	for _, r := range rs {
		b = b.uv(r[0]).uv(r[1]).u8(uint8(r[2]))
	}
	return b
}

func TestConnSnapshotRefused(t *testing.T) {
	T := t0.UnixNano()
	P, U, Dc, Dl := uint64(StatusPending), uint64(StatusUnsent), uint64(StatusDiscarded), uint64(StatusDeleted)
	rq := func(id, status uint64) [3]uint64 { return [3]uint64{id, 5, status} }
	ok := connHead(3, seen, T, 2)
	withPolicy := func(p ...byte) []byte {
		return frame(connFormat, append(connHead(3, seen, T, 0), p...).uv(0))
	}
	const both = flagAppDown | flagCCDown
	entry0 := offLast + 1 + 1 + 1 // last ID 2 (1 byte), no policy (1), count (1)
	tests := []refusal{
		{"empty", nil, "", 0},
		{"too short", []byte("RTCN\x02"), "", 0},
		{"wrong magic", frame(voiceFormat, reqs(ok)), "magic", 0},
		{"trailing byte", frame(connFormat, reqs(ok).u8(0)), "end", -1},
		{"truncated", frame(connFormat, reqs(ok)[:5]), "last input time", -1},
		{"zero application: NewConn refuses one", frame(connFormat, reqs(connHead(0, seen, T, 0))), "app", offApp},
		{"unknown flag bit", frame(connFormat, reqs(connHead(3, seen|0x10, T, 0))), "flags", offFlag},
		{"a path down but no input seen", frame(connFormat, reqs(connHead(3, flagAppDown, 0, 0))), "flags", offFlag},
		{"a clock but no input seen", frame(connFormat, reqs(connHead(3, 0, T, 0))), "last input time", offFlag + 1},
		{"a last request ID but no input seen", frame(connFormat, reqs(connHead(3, 0, 0, 1))), "last request ID", offLast},
		{"requests but no input seen", frame(connFormat, reqs(connHead(3, 0, 0, 1), rq(1, P))), "last request ID", offLast},
		{"RT-3: connected application told ROUTING_DISABLED with the controller up", frame(connFormat, reqs(connHead(3, seen|flagTold, T, 0))), "flags", offFlag},
		{"RT-3: connected application not told with the controller down", frame(connFormat, reqs(connHead(3, seen|flagCCDown, T, 0))), "flags", offFlag},
		{"last request ID in a longer varint than needed", frame(connFormat, append(connHead(3, seen, T, 0)[:offLast-5], 0x81, 0x00).raw(noPolicy...).uv(0)), "last request ID", offLast},
		{"policy: more overrides than the bytes hold", withPolicy(21), "policy action", -1},
		{"policy: row 1 is documented", withPolicy(1, 1, byte(ActionHold)), "policy action", offLast + 2},
		{"policy: row 2's default stored as an override (Set stores it as the default)", withPolicy(1, 2, byte(ActionHold)), "policy action", offLast + 2},
		{"policy: row 2 does not allow fail", withPolicy(1, 2, byte(ActionFail)), "policy action", offLast + 2},
		{"policy: an undefined action", withPolicy(1, 2, 200), "policy action", offLast + 2},
		{"policy: row 21 is not in the table", withPolicy(1, 21, byte(ActionHold)), "policy row", offLast + 2},
		{"policy: row 20, the last, is in the table but allows no override", withPolicy(1, 20, byte(ActionHold)), "policy action", offLast + 2},
		{"policy: row 0", withPolicy(1, 0, byte(ActionHold)), "policy row", offLast + 2},
		{"policy: rows out of order", withPolicy(2, 4, byte(ActionFail), 2, byte(ActionReject)), "policy row", offLast + 4},
		{"policy: a row twice", withPolicy(2, 2, byte(ActionReject), 2, byte(ActionReject)), "policy row", offLast + 4},
		{"policy: truncated", withPolicy(1, 2), "policy action", -1},
		{"a request count larger than the bytes left", frame(connFormat, append(ok, noPolicy...).uv(1000).raw(1, 5, 1)), "requests", entry0 - 1},
		{"limit: two requests need at least 6 bytes, 5 are left", frame(connFormat, append(ok, noPolicy...).uv(2).raw(1, 5, 1, 2, 5)), "requests", entry0 - 1},
		{"zero request ID", frame(connFormat, reqs(ok, rq(0, P))), "request ID", entry0},
		{"request IDs not increasing", frame(connFormat, reqs(ok, rq(2, P), rq(1, P))), "request ID", entry0 + 3},
		{"the same request twice", frame(connFormat, reqs(ok, rq(1, P), rq(1, P))), "request ID", entry0 + 3},
		{"a request above the last request ID", frame(connFormat, reqs(ok, rq(3, P))), "request ID", entry0},
		{"zero MRD", frame(connFormat, reqs(ok, [3]uint64{1, 0, P})), "MRD", entry0},
		{"an MRD above 32 bits", frame(connFormat, reqs(ok, [3]uint64{1, 1 << 32, P})), "MRD", entry0 + 1},
		{"status none: answered requests are not kept", frame(connFormat, reqs(ok, rq(1, 0))), "status", entry0},
		{"status 5: undefined", frame(connFormat, reqs(ok, rq(1, 5))), "status", entry0},
		{"RT-1: pending with the MR PG path down", frame(connFormat, reqs(connHead(3, seen|flagAppDown, T, 2), rq(1, P))), "status", entry0},
		{"RT-3: pending with the controller path down", frame(connFormat, reqs(connHead(3, seen|flagCCDown|flagTold, T, 2), rq(1, P))), "status", entry0},
		{"RT-2: held with both paths up", frame(connFormat, reqs(ok, rq(1, Dc))), "status", entry0},
		{"RT-2 RT-4: unsent with both paths up", frame(connFormat, reqs(ok, rq(1, U))), "status", entry0},
		{"RT-1 RT-3: pending and held together", frame(connFormat, reqs(connHead(3, seen|flagAppDown, T, 2), rq(1, Dc), rq(2, P))), "status", entry0 + 3},
		{"RT-1 RT-3: discarded and deleted together (an outage begins with one path)", frame(connFormat, reqs(connHead(3, seen|both|flagTold, T, 2), rq(1, Dl), rq(2, Dc))), "status", entry0 + 3},
		{"row 2: discarded after unsent (pending ones precede the outage's sends)", frame(connFormat, reqs(connHead(3, seen|flagAppDown, T, 2), rq(1, U), rq(2, Dc))), "status", entry0 + 3},
		{"RT-3: deleted but the application not told ROUTING_DISABLED", frame(connFormat, reqs(connHead(3, seen|both, T, 2), rq(1, Dl))), "status", entry0},
		{"row 2: unsent but while the policy rejects sends with the MR PG path down", frame(connFormat, append(connHead(3, seen|flagAppDown, T, 2), 1, 2, byte(ActionReject)).uv(1).uv(1).uv(5).u8(uint8(U))), "status", entry0 + 2},
		{"row 4: unsent with the MR PG path back under the fail policy", frame(connFormat, append(connHead(3, seen|flagCCDown|flagTold, T, 2), 1, 4, byte(ActionFail)).uv(1).uv(1).uv(5).u8(uint8(U))), "status", entry0 + 2},
		{"row 4: discarded after ROUTING_DISABLED under the fail policy", frame(connFormat, append(connHead(3, seen|both|flagTold, T, 2), 1, 4, byte(ActionFail)).uv(1).uv(1).uv(5).u8(uint8(Dc))), "status", entry0 + 2},
		{"RT-3: a request answered after an unsent one without ROUTING_DISABLED", frame(connFormat, reqs(connHead(3, seen|flagAppDown, T, 2), rq(1, U))), "last request ID", offLast},
		{"row 4: a request answered after an unsent one under the fail policy", frame(connFormat, append(connHead(3, seen|both|flagTold, T, 2), 1, 4, byte(ActionFail)).uv(1).uv(1).uv(5).u8(uint8(U))), "last request ID", offLast},
	}
	checkRefusals(t, tests, func() interface {
		UnmarshalBinary([]byte) error
		MarshalBinary() ([]byte, error)
	} {
		return busyConn(t)
	})
	// The bodies that only the checks above refuse are one field away from
	// accepted ones: the same builders make valid snapshots.
	for _, good := range [][]byte{
		frame(connFormat, reqs(ok, rq(1, P), rq(2, P))),
		frame(connFormat, reqs(connHead(3, seen|flagAppDown, T, 2), rq(1, Dc), rq(2, U))),
		frame(connFormat, reqs(connHead(3, seen|both|flagTold, T, 2), rq(1, Dl), rq(2, U))),
		frame(connFormat, reqs(connHead(3, seen|flagCCDown|flagTold, T, 2), rq(1, U))),
		frame(connFormat, append(connHead(3, seen|both|flagTold, T, 1), 1, 4, byte(ActionFail)).uv(1).uv(1).uv(5).u8(uint8(U))),
		withPolicy(2, 2, byte(ActionReject), 4, byte(ActionFail)),
	} {
		var c Conn
		if err := c.UnmarshalBinary(good); err != nil {
			t.Errorf("valid snapshot refused: %v", err)
		}
	}
}

func TestReportCacheSnapshotRefused(t *testing.T) {
	T := t0.UnixNano()
	head := func(flags uint8, last int64) body { return body{}.u8(flags).i64(last).raw(noPolicy...) }
	recs := func(h body, rs ...[3]int64) []byte {
		b := h.uv(uint64(len(rs)))
		for _, r := range rs {
			b = b.uv(uint64(r[0])).i64(r[1]).u8(uint8(r[2]))
		}
		return frame(cacheFormat, b)
	}
	down := head(seen|flagPathDown, T)
	const rec0 = 5 + 1 + 8 + 1 + 1 // flags, time, policy, count
	tests := []refusal{
		{"wrong magic", frame(connFormat, head(seen, T).uv(0)), "magic", 0},
		{"trailing byte", frame(cacheFormat, head(seen, T).uv(0).u8(0)), "end", -1},
		{"unknown flag bit", recs(head(seen|4, T)), "flags", 5},
		{"the path down but no input seen", recs(head(flagPathDown, 0)), "flags", 5},
		{"a clock but no input seen", recs(head(0, T)), "last input time", 6},
		{"records but no input seen", recs(head(flagPathDown, 0), [3]int64{1, 0, 0}), "flags", 5},
		{"RT-6: records cached with the path up", recs(head(seen, T), [3]int64{1, T, 0}), "records", rec0 - 1},
		{"RT-7: records cached with every PG side down", recs(head(seen|flagPathDown|flagPGDown, T), [3]int64{1, T, 0}), "records", rec0 - 1},
		{"policy: row 1 is documented", frame(cacheFormat, body{}.u8(seen).i64(T).raw(1, 1, byte(ActionHold)).uv(0)), "policy action", 15},
		{"a record count larger than the bytes left", frame(cacheFormat, down.uv(2).uv(1).i64(T).u8(0)), "records", rec0 - 1},
		{"limit: two records need at least 20 bytes, 19 are left", frame(cacheFormat, down.uv(2).uv(1).i64(T).u8(0).raw(2, 0, 0, 0, 0, 0, 0, 0, 0)), "records", rec0 - 1},
		{"zero record ID", recs(down, [3]int64{0, T, 0}), "record ID", rec0},
		{"a record made after the last input", recs(down, [3]int64{1, T + 1, 0}), "record time", rec0},
		{"RT-6: records out of the order made", recs(down, [3]int64{1, T, 0}, [3]int64{2, T - 1, 0}), "record time", rec0 + 10},
	}
	checkRefusals(t, tests, func() interface {
		UnmarshalBinary([]byte) error
		MarshalBinary() ([]byte, error)
	} {
		return busyCache(t)
	})
	for _, good := range [][]byte{
		recs(down, [3]int64{1, T, 0}, [3]int64{1, T, 7}),
		recs(down, [3]int64{1, math.MinInt64, 0}, [3]int64{math.MaxInt64, T, 255}),
		recs(head(seen|flagPGDown, T)),
		recs(head(0, 0)),
	} {
		var c ReportCache
		if err := c.UnmarshalBinary(good); err != nil {
			t.Errorf("valid snapshot refused: %v", err)
		}
	}
}

func TestVoiceSnapshotRefused(t *testing.T) {
	T := t0.UnixNano()
	pims := func(flags uint8, last int64, ps ...uint64) []byte {
		b := body{}.u8(flags).i64(last).uv(uint64(len(ps)))
		for _, p := range ps {
			b = b.uv(p)
		}
		return frame(voiceFormat, b)
	}
	const p0 = 5 + 1 + 8 + 1
	tests := []refusal{
		{"wrong magic", frame(cacheFormat, body{}.u8(seen).i64(T).uv(0)), "magic", 0},
		{"trailing byte", frame(voiceFormat, body{}.u8(seen).i64(T).uv(0).u8(1)), "end", -1},
		{"unknown flag bit", pims(seen|1, T), "flags", 5},
		{"a clock but no input seen", pims(0, T), "last input time", 6},
		{"RT-5: a PIM down but no input seen", pims(0, 0, 4), "peripherals", p0 - 1},
		{"a count larger than the bytes left", frame(voiceFormat, body{}.u8(seen).i64(T).uv(2).uv(4)), "peripherals", p0 - 1},
		{"zero peripheral", pims(seen, T, 0), "peripheral", p0},
		{"peripherals not increasing", pims(seen, T, 9, 4), "peripheral", p0 + 1},
		{"a peripheral twice", pims(seen, T, 4, 4), "peripheral", p0 + 1},
		{"a peripheral above 32 bits", pims(seen, T, 1<<32), "peripheral", p0},
		{"a peripheral in a longer varint than needed", frame(voiceFormat, body{}.u8(seen).i64(T).uv(1).raw(0x84, 0x00)), "peripheral", p0},
	}
	checkRefusals(t, tests, func() interface {
		UnmarshalBinary([]byte) error
		MarshalBinary() ([]byte, error)
	} {
		return busyVoice(t)
	})
	// The reasons tell a zero peripheral from one out of order.
	for _, tc := range []struct {
		data []byte
		says string
	}{
		{pims(seen, T, 0), "peripheral at byte 15: zero peripheral"},
		{pims(seen, T, 9, 4), "peripheral at byte 16: peripheral 4 is not above the previous one, 9"},
		{pims(seen, T, 4, 0), "peripheral at byte 16: zero peripheral"},
	} {
		if err := new(Voice).UnmarshalBinary(tc.data); err == nil || !strings.HasSuffix(err.Error(), tc.says) {
			t.Errorf("err = %v, want …%s", err, tc.says)
		}
	}
	for _, good := range [][]byte{pims(seen, T, 1, 2, math.MaxUint32), pims(0, 0), pims(seen, math.MinInt64)} {
		var v Voice
		if err := v.UnmarshalBinary(good); err != nil {
			t.Errorf("valid snapshot refused: %v", err)
		}
	}
}

// TestSnapshotErrorMessage pins what a refusal says: the type, the field,
// the offset and why.
func TestSnapshotErrorMessage(t *testing.T) {
	var c Conn
	err := c.UnmarshalBinary(frame(connFormat, reqs(connHead(3, seen, t0.UnixNano(), 2), [3]uint64{1, 5, uint64(StatusDiscarded)})))
	want := "routing.Conn snapshot: status at byte 21: request 1 is discarded with both paths up: every held request went out when they came up (RT-2, RT-4)"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n got %v\nwant %s", err, want)
	}
}

// TestSnapshotRoomKept: restoring into a value with more room keeps the
// room; into one with less, the restore makes the room Grow would.
func TestSnapshotRoomKept(t *testing.T) {
	snap := marshal(t, busyConn(t))
	big := mustConn(Policy{}, 100)
	if err := big.UnmarshalBinary(snap); err != nil || cap(big.reqs) != 200 {
		t.Errorf("Conn with room for 100: %v, room now %d", err, cap(big.reqs))
	}
	var small Conn
	if err := small.UnmarshalBinary(snap); err != nil || cap(small.reqs) < 2*(small.pending+small.held) {
		t.Errorf("zero Conn: %v, room %d for %d live", err, cap(small.reqs), small.pending+small.held)
	}
	rc := mustCache(Policy{}, 50)
	room := cap(rc.buf)
	if err := rc.UnmarshalBinary(marshal(t, busyCache(t))); err != nil || room < 50 || cap(rc.buf) != room || rc.Cached() != 3 {
		t.Errorf("cache with room for 50: %v, room %d now %d", err, room, cap(rc.buf))
	}
	v, _ := NewVoice(VoiceConfig{Capacity: 40})
	room = cap(v.down)
	if err := v.UnmarshalBinary(marshal(t, busyVoice(t))); err != nil || room < 40 || cap(v.down) != room || len(v.down) != 3 {
		t.Errorf("voice with room for 40: %v, room %d now %d", err, room, cap(v.down))
	}
}

// connKey is the abstract state of a Conn that decides everything it does
// from now on: the policy, the clock seen, both paths and what the
// application was told, the statuses of its live requests in send order,
// and whether a request after the last live one was answered (the last
// request ID is above every live one).
type connKey struct {
	policy           Policy
	seen             bool
	appDown, ccDown  bool
	told             bool
	statuses         string
	answeredAfterAll bool
}

func keyOf(c *Conn) connKey {
	var s []byte
	var maxLive ccefsm.RequestID
	for _, r := range c.AppendRequests(nil) {
		s = append(s, byte('0'+r.Status))
		maxLive = r.ID
	}
	return connKey{c.policy, c.clock.seen, c.appDown, c.ccDown, c.told, string(s), c.lastID > maxLive}
}

// policies are the four combinations of the Conn's overridable rows.
func policies() []Policy {
	var out []Policy
	for _, row2 := range []Action{ActionHold, ActionReject} {
		for _, row4 := range []Action{ActionHold, ActionFail} {
			var p Policy
			_ = p.Set(rowSendAppDown, row2)
			_ = p.Set(rowAppUpDisabled, row4)
			out = append(out, p)
		}
	}
	return out
}

// TestConnSnapshotReachable compares the decoder with the inputs: it finds
// every state a Conn reaches with at most maxLive live requests, under every
// policy (a breadth-first search over all inputs: a NEW_TASK, each answer
// to each live request, the four path events), and then builds a snapshot
// of every combination of policy, clock seen, path flags, told and status
// sequence up to that length, with and without a request answered after
// the last live one. The decoder must accept exactly the reached states.
func TestConnSnapshotReachable(t *testing.T) {
	maxLive := 4
	if testing.Short() {
		maxLive = 3
	}
	reached := map[connKey]bool{}
	for _, p := range policies() {
		start := mustConn(p, 0)
		seenKeys := map[connKey]bool{keyOf(start): true}
		queue := []*Conn{start}
		for len(queue) > 0 {
			c := queue[0]
			queue = queue[1:]
			if k := keyOf(c); len(k.statuses) <= maxLive {
				reached[k] = true
			}
			ins := []input{send(c.lastID + 1), appDown, appUp, ccDown, ccUp}
			for _, r := range c.AppendRequests(nil) {
				ins = append(ins, routed(r.ID), failed(r.ID))
			}
			for _, in := range ins {
				n := clone(c)
				if _, err := apply(n, nil, t0, in); err != nil {
					continue
				}
				if k := keyOf(n); !seenKeys[k] && len(k.statuses) <= maxLive+1 {
					seenKeys[k] = true
					queue = append(queue, n)
				}
			}
		}
	}
	var accepted, refused int
	statuses := []Status{StatusPending, StatusUnsent, StatusDiscarded, StatusDeleted}
	var seqs [][]Status
	var gen func(prefix []Status)
	gen = func(prefix []Status) {
		seqs = append(seqs, slices.Clone(prefix))
		if len(prefix) < maxLive {
			for _, s := range statuses {
				gen(append(prefix, s))
			}
		}
	}
	gen(nil)
	for _, p := range policies() {
		for _, isSeen := range []bool{false, true} {
			for f := 0; f < 8; f++ {
				for _, seq := range seqs {
					for _, gap := range []bool{false, true} {
						c := Conn{app: app, policy: p, appDown: f&1 != 0, ccDown: f&2 != 0, told: f&4 != 0}
						if isSeen {
							c.clock = clock{last: t0.UnixNano(), seen: true}
						}
						for i, s := range seq {
							c.reqs = append(c.reqs, entry{id: ccefsm.RequestID(i + 1), mrd: mrd, status: s})
							if s == StatusPending {
								c.pending++
							} else {
								c.held++
							}
						}
						c.lastID = ccefsm.RequestID(len(seq))
						if gap {
							c.lastID++
						}
						k := keyOf(&c)
						var r Conn
						err := r.UnmarshalBinary(marshal(t, &c))
						if (err == nil) != reached[k] {
							t.Errorf("state %+v: reachable %v, decoder says %v", k, reached[k], err)
						}
						if err == nil {
							accepted++
							if err := r.check(); err != nil {
								t.Errorf("state %+v accepted but check says %v", k, err)
							}
						} else {
							refused++
						}
						if c.check() == nil != reached[k] {
							t.Errorf("state %+v: reachable %v, check says %v", k, reached[k], c.check())
						}
					}
				}
			}
		}
	}
	t.Logf("%d states reached with at most %d live requests; of %d candidate snapshots %d accepted, %d refused", len(reached), maxLive, accepted+refused, accepted, refused)
	if accepted != len(reached) {
		t.Errorf("accepted %d candidates, reached %d states", accepted, len(reached))
	}
}

// TestReportCacheSnapshotReachable does the same for a ReportCache: path
// and PG states, clock seen, row 19's policy and up to two cached records.
func TestReportCacheSnapshotReachable(t *testing.T) {
	type key struct {
		lose, seen, pathDown, pgDown bool
		n                            int
	}
	keyOf := func(c *ReportCache) key {
		return key{c.policy.action(rowReportRecordPGDown) == ActionLose, c.clock.seen, c.pathDown, c.pgDown, len(c.buf)}
	}
	var lose Policy
	_ = lose.Set(rowReportRecordPGDown, ActionLose)
	reached := map[key]bool{}
	for _, p := range []Policy{{}, lose} {
		start := mustCache(p, 0)
		queue := []*ReportCache{start}
		reached[keyOf(start)] = true
		for len(queue) > 0 {
			c := queue[0]
			queue = queue[1:]
			for op := 0; op < 5; op++ {
				n := cloneCache(c)
				var err error
				switch op {
				case 0:
					_, err = n.Record(nil, t0, 1, 0)
				case 1:
					_, err = n.PathDown(nil, t0)
				case 2:
					_, err = n.PathUp(nil, t0)
				case 3:
					_, err = n.PGDown(nil, t0)
				case 4:
					_, err = n.PGUp(nil, t0)
				}
				if k := keyOf(n); err == nil && !reached[k] && k.n <= 2 {
					reached[k] = true
					queue = append(queue, n)
				}
			}
		}
	}
	accepted := 0
	for _, p := range []Policy{{}, lose} {
		for f := 0; f < 8; f++ {
			for n := 0; n <= 2; n++ {
				c := ReportCache{policy: p, pathDown: f&1 != 0, pgDown: f&2 != 0}
				if f&4 != 0 {
					c.clock = clock{last: t0.UnixNano(), seen: true}
				}
				for i := 0; i < n; i++ {
					c.buf = append(c.buf, cached{id: 1, at: t0.UnixNano()})
				}
				k := keyOf(&c)
				var r ReportCache
				err := r.UnmarshalBinary(marshal(t, &c))
				if (err == nil) != reached[k] || (c.check() == nil) != reached[k] {
					t.Errorf("state %+v: reachable %v, decoder says %v, check says %v", k, reached[k], err, c.check())
				}
				if err == nil {
					accepted++
				}
			}
		}
	}
	if accepted != len(reached) {
		t.Errorf("accepted %d candidates, reached %d states", accepted, len(reached))
	}
}

// TestWitnesses: the witness of each busy value reproduces it exactly, so
// the fuzz targets' witnesses are known to work on states that matter.
func TestWitnesses(t *testing.T) {
	c := busyConn(t)
	w, err := connWitness(c)
	if err != nil || !slices.Equal(marshal(t, c), marshal(t, w)) {
		t.Errorf("Conn witness: %v", err)
	}
	rc := busyCache(t)
	wc, err := cacheWitness(rc)
	if err != nil || !slices.Equal(marshal(t, rc), marshal(t, wc)) {
		t.Errorf("ReportCache witness: %v", err)
	}
	v := busyVoice(t)
	wv, err := voiceWitness(v)
	if err != nil || !slices.Equal(marshal(t, v), marshal(t, wv)) {
		t.Errorf("Voice witness: %v", err)
	}
}

// TestMarshalSize: MarshalBinary allocates once, exactly the snapshot, for
// values with IDs of every varint length.
func TestMarshalSize(t *testing.T) {
	var p Policy
	_ = p.Set(rowSendAppDown, ActionReject)
	_ = p.Set(rowAppUpDisabled, ActionFail)
	_ = p.Set(rowReportRecordPGDown, ActionLose)
	c := mustConn(p, 0)
	rc := mustCache(p, 0)
	_, _ = rc.PathDown(nil, t0)
	var v Voice
	for i, id := range []uint64{1, 1 << 7, 1 << 14, 1 << 21, 1 << 28, 1 << 35, 1 << 42, 1 << 49, 1 << 56, 1 << 63, math.MaxUint64} {
		m := ccefsm.MRDID(id)
		if id > math.MaxUint32 {
			m = math.MaxUint32
		}
		if _, err := c.Send(nil, t0, ccefsm.RequestID(id), m); err != nil {
			t.Fatal(err)
		}
		if _, err := rc.Record(nil, t0, RecordID(id), RecordKind(i)); err != nil {
			t.Fatal(err)
		}
		if id <= math.MaxUint32 {
			if _, err := v.PIMDown(nil, t0, ccefsm.PeripheralID(id)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range []interface{ MarshalBinary() ([]byte, error) }{c, rc, &v, mustConn(Policy{}, 0), &ReportCache{}, &Voice{}} {
		b := marshal(t, m)
		if len(b) != cap(b) {
			t.Errorf("%T: %d bytes in room for %d", m, len(b), cap(b))
		}
		if n := testing.AllocsPerRun(10, func() { _, _ = m.MarshalBinary() }); n != 1 {
			t.Errorf("%T: MarshalBinary allocates %v times", m, n)
		}
	}
	for v := uint64(0); v < 1<<16; v++ {
		if uvarintLen(v) != len(binary.AppendUvarint(nil, v)) {
			t.Fatalf("uvarintLen(%d) = %d", v, uvarintLen(v))
		}
	}
}
