package routing

import (
	"testing"

	"github.com/ccefsm/ccefsm"
)

// TestConnGrow pins Grow's promise: room for n more live requests than the
// Conn holds, twice that many entries so that answered ones are reclaimed
// in O(1) per request; a second Grow for room it has allocates nothing; n
// ≤ 0 does nothing; growing reclaims the room of answered requests.
func TestConnGrow(t *testing.T) {
	c := mustConn(Policy{}, 0)
	c.Grow(0)
	c.Grow(-3)
	if cap(c.reqs) != 0 {
		t.Fatalf("Grow(0) and Grow(-3) made room %d", cap(c.reqs))
	}
	c.Grow(5)
	if cap(c.reqs) != 10 {
		t.Fatalf("Grow(5) on an empty Conn: room %d, want 10", cap(c.reqs))
	}
	if n := testing.AllocsPerRun(10, func() { c.Grow(5) }); n != 0 {
		t.Errorf("a second Grow(5) allocates %v", n)
	}
	for id := ccefsm.RequestID(1); id <= 3; id++ {
		if _, err := c.Send(nil, t0, id, mrd); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Response(nil, t0, 1, OutcomeRouted); err != nil {
		t.Fatal(err)
	}
	c.Grow(4) // 2 live + 4 = 6 live: 12 entries, more than the 10 there are
	if cap(c.reqs) != 12 || c.dead != 0 || len(c.reqs) != 2 {
		t.Fatalf("Grow(4) with 2 live and 1 answered: room %d, %d entries, %d answered; want 12, 2, 0", cap(c.reqs), len(c.reqs), c.dead)
	}
	if err := c.check(); err != nil {
		t.Fatal(err)
	}
	// Up to 6 live requests never allocate, however many are sent and
	// answered: the answered ones are reclaimed.
	id := ccefsm.RequestID(3)
	dst := make([]Effect, 0, 1)
	if n := testing.AllocsPerRun(1000, func() {
		for i := 0; i < 4; i++ {
			id++
			dst, _ = c.Send(dst[:0], t0, id, mrd)
		}
		for i := ccefsm.RequestID(0); i < 4; i++ {
			dst, _ = c.Response(dst[:0], t0, id-i, OutcomeFailed)
		}
	}); n != 0 || cap(c.reqs) != 12 {
		t.Errorf("6 live requests after Grow: %v allocations, room %d", n, cap(c.reqs))
	}
	if err := c.check(); err != nil {
		t.Fatal(err)
	}

	// Held requests count as live: 3 held and Grow(2) make room for 5.
	h := mustConn(Policy{}, 0)
	_, _ = h.AppPathDown(nil, t0)
	for id := ccefsm.RequestID(1); id <= 3; id++ {
		_, _ = h.Send(nil, t0, id, mrd)
	}
	room := cap(h.reqs) // 16, from the first Send
	h.Grow(2)
	if cap(h.reqs) != room {
		t.Errorf("Grow(2) with 3 held in room %d: room %d", room, cap(h.reqs))
	}
	h.Grow(6) // 3 + 6 = 9 live: 18 entries
	if cap(h.reqs) != 18 || h.Held() != 3 {
		t.Errorf("Grow(6) with 3 held: room %d, held %d; want 18, 3", cap(h.reqs), h.Held())
	}
	// More than half the room live: Grow(0) still does nothing.
	for id := ccefsm.RequestID(4); id <= 12; id++ {
		_, _ = h.Send(nil, t0, id, mrd)
	}
	h.Grow(0)
	if cap(h.reqs) != 18 || len(h.reqs) != 12 {
		t.Errorf("Grow(0) with 12 held in room 18: room %d, %d entries", cap(h.reqs), len(h.reqs))
	}
	if err := h.check(); err != nil {
		t.Fatal(err)
	}
}

// TestConnPushReclaims: a Send that finds the room full reclaims answered
// entries and grows only when more than half the room is live.
func TestConnPushReclaims(t *testing.T) {
	c := mustConn(Policy{}, 4) // 8 entries
	for id := ccefsm.RequestID(1); id <= 8; id++ {
		_, _ = c.Send(nil, t0, id, mrd)
	}
	for id := ccefsm.RequestID(1); id <= 4; id++ {
		_, _ = c.Response(nil, t0, id, OutcomeRouted)
	}
	// 4 live of 8 entries: exactly half. The next Send reclaims 4 and fits.
	_, _ = c.Send(nil, t0, 9, mrd)
	if cap(c.reqs) != 8 || len(c.reqs) != 5 || c.dead != 0 {
		t.Errorf("half live: room %d, %d entries, %d answered; want 8, 5, 0", cap(c.reqs), len(c.reqs), c.dead)
	}
	for id := ccefsm.RequestID(10); id <= 12; id++ {
		_, _ = c.Send(nil, t0, id, mrd)
	}
	_, _ = c.Response(nil, t0, 5, OutcomeRouted)
	// 7 live of 8 entries: more than half. The next Send doubles the room.
	_, _ = c.Send(nil, t0, 13, mrd)
	if cap(c.reqs) != 16 || len(c.reqs) != 8 || c.dead != 0 {
		t.Errorf("more than half live: room %d, %d entries, %d answered; want 16, 8, 0", cap(c.reqs), len(c.reqs), c.dead)
	}
	var empty Conn
	empty.app = app
	_, _ = empty.Send(nil, t0, 1, mrd)
	if cap(empty.reqs) != 16 {
		t.Errorf("first Send without room: room %d, want 16", cap(empty.reqs))
	}
	if err := c.check(); err != nil {
		t.Fatal(err)
	}
}

func TestReportCacheAndVoiceGrow(t *testing.T) {
	rc := mustCache(Policy{}, 0)
	rc.Grow(0)
	rc.Grow(-1)
	if cap(rc.buf) != 0 {
		t.Errorf("ReportCache Grow(0), Grow(-1): room %d", cap(rc.buf))
	}
	rc.Grow(8)
	if cap(rc.buf) < 8 {
		t.Errorf("ReportCache Grow(8): room %d", cap(rc.buf))
	}
	_, _ = rc.PathDown(nil, t0)
	dst := make([]ReportEffect, 0, 8)
	if n := testing.AllocsPerRun(10, func() {
		for id := RecordID(1); id <= 8; id++ {
			dst, _ = rc.Record(dst[:0], t0, id, 0)
		}
		dst, _ = rc.PathUp(dst[:0], t0)
		dst, _ = rc.PathDown(dst[:0], t0)
	}); n != 0 {
		t.Errorf("8 records after Grow(8): %v allocations", n)
	}
	v, err := NewVoice(VoiceConfig{})
	if err != nil || cap(v.down) != 0 {
		t.Fatalf("NewVoice: %v, room %d", err, cap(v.down))
	}
	v.Grow(0)
	v.Grow(-1)
	if cap(v.down) != 0 {
		t.Errorf("Voice Grow(0), Grow(-1): room %d", cap(v.down))
	}
	v.Grow(3)
	if cap(v.down) < 3 {
		t.Errorf("Voice Grow(3): room %d", cap(v.down))
	}
	if _, err := NewReportCache(ReportCacheConfig{Capacity: 0}); err != nil {
		t.Errorf("NewReportCache with Capacity 0: %v", err)
	}
}

// TestStatusPredicates checks IsLive, IsHeld and Outcome.IsValid over every
// value, so that their bounds are pinned at both ends.
func TestStatusPredicates(t *testing.T) {
	for v := 0; v < 256; v++ {
		s := Status(v)
		live := s == StatusPending || s == StatusUnsent || s == StatusDiscarded || s == StatusDeleted
		held := s == StatusUnsent || s == StatusDiscarded || s == StatusDeleted
		if s.IsLive() != live || s.IsHeld() != held {
			t.Errorf("Status(%d): IsLive %v, IsHeld %v", v, s.IsLive(), s.IsHeld())
		}
		o := Outcome(v)
		if o.IsValid() != (o == OutcomeRouted || o == OutcomeFailed) {
			t.Errorf("Outcome(%d).IsValid() = %v", v, o.IsValid())
		}
		k := EffectKind(v)
		want := subjectNone
		switch {
		case k >= EffectNewTask && k <= EffectDeleted, k >= EffectResend && k <= EffectNewTaskFailure, k == EffectRouted, k == EffectFailed:
			want = subjectRequest
		case k == EffectRoutingDisabled || k == EffectRoutingEnabled:
			want = subjectApp
		case k == EffectVoiceUnavailable || k == EffectVoiceAvailable:
			want = subjectPeripheral
		}
		if k.subject() != want {
			t.Errorf("EffectKind(%d).subject() = %v, want %v", v, k.subject(), want)
		}
	}
}
