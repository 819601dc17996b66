package routing

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/snapshot"
	"github.com/google/go-cmp/cmp"
)

// The snapshot fuzz targets take a snapshot body (framed and sealed by the
// target, so that the fuzzer explores what the body says rather than the
// checksum) and a list of inputs. A refused body is an ErrCorruptSnapshot
// that changed nothing; so is the unframed body itself. An accepted one
// must re-marshal to the same bytes, pass the check the tests use, have a
// witness (a value built by public inputs alone with the same snapshot:
// the state is reachable), and then accept and refuse the inputs exactly
// as the witness does: the same effects, the same errors, the same
// snapshot after each.

// bodyOf strips the frame of a snapshot.
func bodyOf(snap []byte) []byte { return slices.Clone(snap[5 : len(snap)-4]) }

func refusedChangesNothing(t *testing.T, err error, before, after []byte) {
	t.Helper()
	if !errors.Is(err, ErrCorruptSnapshot) || !errors.Is(err, ccefsm.ErrCorruptSnapshot) {
		t.Fatalf("refusal %v is not ErrCorruptSnapshot", err)
	}
	var se *snapshot.Error
	if !errors.As(err, &se) {
		t.Fatalf("refusal %v is not a *ccefsm.SnapshotError", err)
	}
	if !slices.Equal(before, after) {
		t.Fatal("a refused snapshot changed the target")
	}
}

func FuzzConnSnapshot(f *testing.F) {
	f.Add(bodyOf(marshal(f, busyConn(f))), []byte{0, 0x48, 5, 0x40, 7, 0x40, 2, 0x40})
	f.Add(bodyOf(marshal(f, mustConn(Policy{}, 0))), []byte{0, 0x48, 2, 0x40})
	T := t0.UnixNano()
	for _, b := range []body{
		reqs(connHead(3, seen, T, 2), [3]uint64{1, 5, uint64(StatusPending)}, [3]uint64{2, 5, uint64(StatusPending)}),
		reqs(connHead(3, seen|flagCCDown|flagTold, T, 2), [3]uint64{1, 5, uint64(StatusUnsent)}),
		reqs(connHead(3, seen|flagAppDown, T, 2), [3]uint64{1, 5, uint64(StatusDiscarded)}, [3]uint64{2, 5, uint64(StatusUnsent)}),
		append(connHead(3, seen|flagAppDown|flagCCDown|flagTold, T, 1), 1, 4, byte(ActionFail)).uv(1).uv(1).uv(5).u8(uint8(StatusUnsent)),
		reqs(connHead(3, seen|flagAppDown|flagCCDown|flagTold, T, 2), [3]uint64{1, 5, uint64(StatusDeleted)}, [3]uint64{2, 5, uint64(StatusDiscarded)}),
		reqs(connHead(3, seen|flagAppDown, T, 2), [3]uint64{1, 5, uint64(StatusUnsent)}),
	} {
		f.Add([]byte(b), []byte{5, 0x40, 7, 0x40, 2, 0x40})
	}
	f.Fuzz(func(t *testing.T, b []byte, inputs []byte) {
		data := frame(connFormat, b)
		r := busyConn(t)
		before := marshal(t, r)
		if err := r.UnmarshalBinary(b); err != nil {
			refusedChangesNothing(t, err, before, marshal(t, r))
		}
		r = busyConn(t)
		if err := r.UnmarshalBinary(data); err != nil {
			refusedChangesNothing(t, err, before, marshal(t, r))
			return
		}
		if again := marshal(t, r); !slices.Equal(data, again) {
			t.Fatalf("accepted snapshot re-marshals differently:\n%x\n%x", data, again)
		}
		if err := r.check(); err != nil {
			t.Fatalf("accepted snapshot fails the check: %v", err)
		}
		w, err := connWitness(r)
		if err != nil || !slices.Equal(data, marshal(t, w)) {
			t.Fatalf("accepted state has no witness (%v): no sequence of inputs reaches it", err)
		}
		ins, dts := decodeInputs(inputs, r.lastID)
		now := time.Unix(0, r.clock.last)
		for i, in := range ins {
			now = now.Add(time.Duration(dts[i]) * time.Second)
			a, errA := apply(w, nil, now, in)
			b, errB := apply(r, nil, now, in)
			if diff := cmp.Diff(a, b); diff != "" || fmt.Sprint(errA) != fmt.Sprint(errB) {
				t.Fatalf("step %d %v: witness and restored differ (%v / %v):\n%s", i, in, errA, errB, diff)
			}
			if err := r.check(); err != nil {
				t.Fatalf("step %d %v: %v", i, in, err)
			}
			if !slices.Equal(marshal(t, w), marshal(t, r)) {
				t.Fatalf("step %d %v: snapshots differ", i, in)
			}
		}
	})
}

// cacheInput is one ReportCache input decoded from two fuzz bytes.
func cacheInput(c *ReportCache, a, b byte, now time.Time) ([]ReportEffect, error) {
	switch a % 5 {
	case 0:
		return c.Record(nil, now, RecordID(a>>3), RecordKind(b))
	case 1:
		return c.PathDown(nil, now)
	case 2:
		return c.PathUp(nil, now)
	case 3:
		return c.PGDown(nil, now)
	}
	return c.PGUp(nil, now)
}

func FuzzReportCacheSnapshot(f *testing.F) {
	f.Add(bodyOf(marshal(f, busyCache(f))), []byte{8, 0x40, 2, 0x41, 3, 0x40, 8, 0x40})
	f.Add(bodyOf(marshal(f, &ReportCache{})), []byte{8, 0x40})
	T := t0.UnixNano()
	f.Add([]byte(body{}.u8(seen|flagPathDown).i64(T).raw(noPolicy...).uv(1).uv(1).i64(T).u8(0)), []byte{3, 0x40, 8, 0x40})
	f.Add([]byte(body{}.u8(seen|flagPGDown).i64(T).raw(1, 19, byte(ActionLose)).uv(0)), []byte{8, 0x40})
	f.Fuzz(func(t *testing.T, b []byte, inputs []byte) {
		data := frame(cacheFormat, b)
		r := busyCache(t)
		before := marshal(t, r)
		if err := r.UnmarshalBinary(b); err != nil {
			refusedChangesNothing(t, err, before, marshal(t, r))
		}
		r = busyCache(t)
		if err := r.UnmarshalBinary(data); err != nil {
			refusedChangesNothing(t, err, before, marshal(t, r))
			return
		}
		if again := marshal(t, r); !slices.Equal(data, again) {
			t.Fatalf("accepted snapshot re-marshals differently:\n%x\n%x", data, again)
		}
		if err := r.check(); err != nil {
			t.Fatalf("accepted snapshot fails the check: %v", err)
		}
		w, err := cacheWitness(r)
		if err != nil || !slices.Equal(data, marshal(t, w)) {
			t.Fatalf("accepted state has no witness (%v): no sequence of inputs reaches it", err)
		}
		now := time.Unix(0, r.clock.last)
		for i := 0; i+1 < len(inputs); i += 2 {
			now = now.Add(time.Duration(int(inputs[i+1]>>6)-1) * time.Second)
			a, errA := cacheInput(w, inputs[i], inputs[i+1], now)
			b, errB := cacheInput(r, inputs[i], inputs[i+1], now)
			if diff := cmp.Diff(a, b); diff != "" || fmt.Sprint(errA) != fmt.Sprint(errB) {
				t.Fatalf("input %d: witness and restored differ (%v / %v):\n%s", i/2, errA, errB, diff)
			}
			if err := r.check(); err != nil {
				t.Fatalf("input %d: %v", i/2, err)
			}
			if !slices.Equal(marshal(t, w), marshal(t, r)) {
				t.Fatalf("input %d: snapshots differ", i/2)
			}
		}
	})
}

func FuzzVoiceSnapshot(f *testing.F) {
	f.Add(bodyOf(marshal(f, busyVoice(f))), []byte{6, 0x40, 7, 0x40, 1, 0x40})
	f.Add(bodyOf(marshal(f, &Voice{})), []byte{6, 0x40})
	f.Add([]byte(body{}.u8(seen).i64(t0.UnixNano()).uv(2).uv(1).uv(3)), []byte{3, 0x40, 2, 0x40})
	f.Fuzz(func(t *testing.T, b []byte, inputs []byte) {
		data := frame(voiceFormat, b)
		r := busyVoice(t)
		before := marshal(t, r)
		if err := r.UnmarshalBinary(b); err != nil {
			refusedChangesNothing(t, err, before, marshal(t, r))
		}
		r = busyVoice(t)
		if err := r.UnmarshalBinary(data); err != nil {
			refusedChangesNothing(t, err, before, marshal(t, r))
			return
		}
		if again := marshal(t, r); !slices.Equal(data, again) {
			t.Fatalf("accepted snapshot re-marshals differently:\n%x\n%x", data, again)
		}
		if err := r.check(); err != nil {
			t.Fatalf("accepted snapshot fails the check: %v", err)
		}
		w, err := voiceWitness(r)
		if err != nil || !slices.Equal(data, marshal(t, w)) {
			t.Fatalf("accepted state has no witness (%v): no sequence of inputs reaches it", err)
		}
		now := time.Unix(0, r.clock.last)
		for i := 0; i+1 < len(inputs); i += 2 {
			now = now.Add(time.Duration(int(inputs[i+1]>>6)-1) * time.Second)
			p := ccefsm.PeripheralID(inputs[i] >> 1)
			if len(r.down) > 0 && inputs[i+1]&1 != 0 {
				p = r.down[int(inputs[i]>>1)%len(r.down)]
			}
			do := func(v *Voice) ([]Effect, error) {
				if inputs[i]&1 == 0 {
					return v.PIMDown(nil, now, p)
				}
				return v.PIMUp(nil, now, p)
			}
			a, errA := do(w)
			b, errB := do(r)
			if diff := cmp.Diff(a, b); diff != "" || fmt.Sprint(errA) != fmt.Sprint(errB) {
				t.Fatalf("input %d: witness and restored differ (%v / %v):\n%s", i/2, errA, errB, diff)
			}
			if err := r.check(); err != nil {
				t.Fatalf("input %d: %v", i/2, err)
			}
			if !slices.Equal(marshal(t, w), marshal(t, r)) {
				t.Fatalf("input %d: snapshots differ", i/2)
			}
		}
	})
}
