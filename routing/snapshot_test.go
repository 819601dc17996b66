package routing

import (
	"encoding/binary"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSnapshotRoundTrip restores a Conn mid-outage and checks that the copy
// is exact (same bytes, same live requests) and behaves exactly like the
// original for the rest of the story.
func TestSnapshotRoundTrip(t *testing.T) {
	var p Policy
	if err := p.Set(rowAppUpDisabled, ActionFail); err != nil {
		t.Fatal(err)
	}
	c := NewConn(app, p, 4)
	steps := []input{send(1), send(2), send(3), routed(2), ccDown, appDown, send(4)}
	for i, in := range steps {
		if _, err := apply(c, nil, at(i), in); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var r Conn
	if err := r.UnmarshalBinary(snap); err != nil {
		t.Fatal(err)
	}
	again, _ := r.MarshalBinary()
	if !slices.Equal(snap, again) {
		t.Fatalf("round trip bytes differ:\n%x\n%x", snap, again)
	}
	if diff := cmp.Diff(c.AppendRequests(nil), r.AppendRequests(nil)); diff != "" {
		t.Errorf("live requests (-original +restored):\n%s", diff)
	}
	rest := []input{send(2), routed(1), appUp, ccUp, send(5), routed(5)}
	for i, in := range rest {
		now := at(len(steps) + i)
		a, errA := apply(c, nil, now, in)
		b, errB := apply(&r, nil, now, in)
		if diff := cmp.Diff(a, b); diff != "" || (errA == nil) != (errB == nil) {
			t.Errorf("%v: original and restored differ (%v / %v):\n%s", in, errA, errB, diff)
		}
	}
	if _, err := r.Send(nil, at(0), 9, mrd); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("restored clock lost: Send at an old time = %v", err)
	}
}

func TestSnapshotRefused(t *testing.T) {
	c := NewConn(app, Policy{}, 0)
	_, _ = c.Send(nil, t0, 1, mrd)
	_, _ = c.Send(nil, t0, 2, mrd)
	good, _ := c.MarshalBinary()
	entry0 := snapHeader // first entry's offset
	corrupt := func(f func(b []byte) []byte) []byte { return f(slices.Clone(good)) }
	tests := []struct {
		reason string
		data   []byte
	}{
		{"empty", nil},
		{"wrong magic", corrupt(func(b []byte) []byte { b[0] = 'X'; return b })},
		{"truncated", good[:len(good)-1]},
		{"unknown flag bit", corrupt(func(b []byte) []byte { b[8] |= 0x80; return b })},
		{"override of a documented row", corrupt(func(b []byte) []byte { b[4+4+1+8+8] = byte(ActionHold); return b })},
		{"unknown action", corrupt(func(b []byte) []byte { b[4+4+1+8+8+1] = 200; return b })},
		{"IDs not increasing", corrupt(func(b []byte) []byte { b[entry0+7] = 2; return b })},
		{"zero MRD", corrupt(func(b []byte) []byte { b[entry0+11] = 0; return b })},
		{"answered status", corrupt(func(b []byte) []byte { b[entry0+12] = byte(StatusRouted); return b })},
		{"held with both paths up", corrupt(func(b []byte) []byte { b[entry0+12] = byte(StatusDiscarded); return b })},
		{"pending with the app path down", corrupt(func(b []byte) []byte { b[8] |= flagAppDown; return b })},
		{"connected app told disabled with the controller up", corrupt(func(b []byte) []byte { b[8] |= flagTold; return b })},
		{"requests but no input ever seen (the clock would accept any time)", corrupt(func(b []byte) []byte { b[8] &^= flagSeen; return b })},
	}
	for _, tt := range tests {
		r := NewConn(7, Policy{}, 0)
		_, _ = r.Send(nil, t0, 9, mrd)
		before := clone(r)
		err := r.UnmarshalBinary(tt.data)
		if !errors.Is(err, ErrBadSnapshot) {
			t.Errorf("%s: err = %v, want ErrBadSnapshot", tt.reason, err)
		}
		if diff := cmp.Diff(before, r, connCmp); diff != "" {
			t.Errorf("%s: refused snapshot changed the Conn:\n%s", tt.reason, diff)
		}
	}
}

func TestReportCacheSnapshot(t *testing.T) {
	var p Policy
	if err := p.Set(rowReportRecordPGDown, ActionLose); err != nil {
		t.Fatal(err)
	}
	c := NewReportCache(p, 0)
	_, _ = c.Record(nil, at(0), 1, 2)
	_, _ = c.PathDown(nil, at(1))
	_, _ = c.Record(nil, at(2), 2, 3)
	_, _ = c.Record(nil, at(3), 3, 4)
	snap, _ := c.MarshalBinary()
	var r ReportCache
	if err := r.UnmarshalBinary(snap); err != nil {
		t.Fatal(err)
	}
	again, _ := r.MarshalBinary()
	if !slices.Equal(snap, again) {
		t.Fatal("round trip bytes differ")
	}
	// RT-6 after a restart: the restored cache delivers the same records late.
	a, _ := c.PathUp(nil, at(4))
	b, _ := r.PathUp(nil, at(4))
	if diff := cmp.Diff(a, b); diff != "" || len(a) != 2 {
		t.Errorf("restored cache delivers differently (-original +restored):\n%s", diff)
	}
	for _, tt := range []struct {
		reason string
		data   []byte
	}{
		{"empty", nil},
		{"truncated", snap[:len(snap)-1]},
		{"unknown flag", func() []byte { b := slices.Clone(snap); b[4] |= 0x40; return b }()},
		{"records cached with the path up", func() []byte { b := slices.Clone(snap); b[4] &^= 1; return b }()},
		{"record made after the last input", func() []byte { b := slices.Clone(snap); b[cacheHeader+8] = 0x7f; return b }()},
		{"RT-6: records not in the order made (PathUp delivers in that order)", func() []byte {
			b := slices.Clone(snap)
			binary.BigEndian.PutUint64(b[cacheHeader+cacheEntry+8:], uint64(at(1).UnixNano()))
			return b
		}()},
		{"path down but no input ever seen", func() []byte {
			b, _ := new(ReportCache).MarshalBinary()
			b[4] |= 1
			return b
		}()},
	} {
		before := cloneCache(&r)
		if err := r.UnmarshalBinary(tt.data); !errors.Is(err, ErrBadSnapshot) {
			t.Errorf("%s: err = %v, want ErrBadSnapshot", tt.reason, err)
		}
		if diff := cmp.Diff(before, &r, cacheCmp); diff != "" {
			t.Errorf("%s: refused snapshot changed the cache:\n%s", tt.reason, diff)
		}
	}
}

func TestVoiceSnapshot(t *testing.T) {
	var v Voice
	_, _ = v.PIMDown(nil, at(0), 9)
	_, _ = v.PIMDown(nil, at(1), 3)
	snap, _ := v.MarshalBinary()
	var r Voice
	if err := r.UnmarshalBinary(snap); err != nil {
		t.Fatal(err)
	}
	again, _ := r.MarshalBinary()
	if !slices.Equal(snap, again) || !slices.Equal(v.AppendDown(nil), r.AppendDown(nil)) {
		t.Fatal("round trip differs")
	}
	if _, err := r.PIMUp(nil, at(0), 3); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("restored clock lost: %v", err)
	}
	bad := slices.Clone(snap)
	bad[17+3] = 10 // first peripheral 3 → 10, above the second (9)
	if err := r.UnmarshalBinary(bad); !errors.Is(err, ErrBadSnapshot) || !r.IsPIMUp(5) || r.IsPIMUp(3) {
		t.Errorf("bad snapshot: err = %v, state changed", err)
	}
	unseen := slices.Clone(snap)
	unseen[4] &^= flagSeen // PIMs down, but no input ever seen
	if err := r.UnmarshalBinary(unseen); !errors.Is(err, ErrBadSnapshot) || r.IsPIMUp(3) {
		t.Errorf("snapshot with PIMs down and no input seen: err = %v", err)
	}
}
