package routing

import (
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// The hot path allocates nothing: a NEW_TASK and its answer, an outage with
// its resend, the voice and RT-8 questions, and a reporting record, once the
// room is reserved and the effect slice is reused.
func TestAllocsPerRequestEvent(t *testing.T) {
	c := mustConn(Policy{}, 64)
	dst := make([]Effect, 0, 64)
	id := ccefsm.RequestID(0)
	now := t0
	// Warm up past the first compaction so the steady state is measured.
	for i := 0; i < 1000; i++ {
		id++
		dst, _ = c.Send(dst[:0], now, id, mrd)
		dst, _ = c.Response(dst[:0], now, id, OutcomeRouted)
	}
	t.Run("Send+Response", func(t *testing.T) {
		if n := testing.AllocsPerRun(1000, func() {
			id++
			now = now.Add(time.Millisecond)
			dst, _ = c.Send(dst[:0], now, id, mrd)
			dst, _ = c.Response(dst[:0], now, id, OutcomeRouted)
		}); n != 0 {
			t.Errorf("allocs per Send+Response = %v, want 0", n)
		}
	})
	t.Run("outage and resend", func(t *testing.T) {
		for i := 0; i < 32; i++ {
			id++
			dst, _ = c.Send(dst[:0], now, id, mrd)
		}
		if n := testing.AllocsPerRun(100, func() {
			dst, _ = c.AppPathDown(dst[:0], now)
			dst, _ = c.AppPathUp(dst[:0], now)
			dst, _ = c.ControllerPathDown(dst[:0], now)
			dst, _ = c.ControllerPathUp(dst[:0], now)
		}); n != 0 {
			t.Errorf("allocs per outage of 32 pending = %v, want 0", n)
		}
	})
	t.Run("errors", func(t *testing.T) {
		// A refused request costs its typed error and nothing else; this
		// pins that cost so it cannot grow unnoticed.
		if n := testing.AllocsPerRun(100, func() {
			_, _ = c.Response(dst[:0], now, id+100, OutcomeRouted)
		}); n > 1 {
			t.Errorf("allocs per refused Response = %v, want at most 1", n)
		}
	})
	t.Run("Routable and Voice.Available", func(t *testing.T) {
		var v Voice
		_, _ = v.PIMDown(nil, now, 4)
		cand := Candidate{ControllerUp: true, LoggedIn: true, AvailableInMRD: true, TaskLimit: 2, Media: ccefsm.MediaVoice}
		if n := testing.AllocsPerRun(1000, func() {
			cand.PIMUp, _, _ = v.Available(4, ccefsm.MediaVoice)
			_, _, _ = Routable(cand)
		}); n != 0 {
			t.Errorf("allocs = %v, want 0", n)
		}
	})
	t.Run("Voice after Grow", func(t *testing.T) {
		v, _ := NewVoice(VoiceConfig{Capacity: 64})
		vdst := make([]Effect, 0, 1)
		if n := testing.AllocsPerRun(100, func() {
			for p := ccefsm.PeripheralID(64); p > 0; p-- {
				vdst, _ = v.PIMDown(vdst[:0], now, p)
			}
			for p := ccefsm.PeripheralID(1); p <= 64; p++ {
				vdst, _ = v.PIMUp(vdst[:0], now, p)
			}
		}); n != 0 {
			t.Errorf("allocs per 64 PIMs down and up = %v, want 0", n)
		}
	})
	t.Run("ReportCache", func(t *testing.T) {
		rc := mustCache(Policy{}, 16)
		rdst := make([]ReportEffect, 0, 16)
		rid := RecordID(0)
		if n := testing.AllocsPerRun(100, func() {
			rdst, _ = rc.PathDown(rdst[:0], now)
			for i := 0; i < 8; i++ {
				rid++
				rdst, _ = rc.Record(rdst[:0], now, rid, 1)
			}
			rdst, _ = rc.PathUp(rdst[:0], now)
			rid++
			rdst, _ = rc.Record(rdst[:0], now, rid, 1)
		}); n != 0 {
			t.Errorf("allocs = %v, want 0", n)
		}
	})
}
