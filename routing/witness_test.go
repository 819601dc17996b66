package routing

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ccefsm/ccefsm"
)

// The witnesses build, from public inputs alone, a value in the same state
// as a given one (the same snapshot bytes). A decoder that accepts only
// states some sequence of inputs reaches has a witness for every snapshot
// it accepts; the fuzz targets ask for one for each, and then compare the
// restored value with the witness input by input.

// errNoWitness says the witness construction found no inputs for a state.
var errNoWitness = errors.New("no input sequence found")

// connWitness returns a Conn that reaches target's state through NewConn
// and inputs, all at target's last input time. It follows the structure of
// an outage (see reqCheck): the requests pending when it began are sent and
// then discarded or deleted by the path that went first, the unsent ones
// are sent while the MR PG path is down, an answered request after them
// (the last request ID) is a NEW_TASK_FAILURE, and the path states and what
// the application was told are then reached by path events that leave
// every request as it is.
func connWitness(target *Conn) (*Conn, error) {
	w, err := NewConn(ConnConfig{App: target.app, Policy: target.policy})
	if err != nil || !target.clock.seen {
		return w, err
	}
	now := time.Unix(0, target.clock.last)
	var first error
	do := func(what string, f func([]Effect, time.Time) ([]Effect, error)) {
		if first == nil {
			if _, err := f(nil, now); err != nil {
				first = fmt.Errorf("%s: %w", what, err)
			}
		}
	}
	send := func(id ccefsm.RequestID, m ccefsm.MRDID) {
		do(fmt.Sprintf("Send(%d)", id), func(dst []Effect, now time.Time) ([]Effect, error) { return w.Send(dst, now, id, m) })
	}
	route := func(id ccefsm.RequestID) {
		do(fmt.Sprintf("Response(%d)", id), func(dst []Effect, now time.Time) ([]Effect, error) {
			return w.Response(dst, now, id, OutcomeRouted)
		})
	}
	live := target.AppendRequests(nil)
	var origin Status
	var pending, held, unsent []Request
	for _, r := range live {
		switch r.Status {
		case StatusPending:
			pending = append(pending, r)
		case StatusUnsent:
			unsent = append(unsent, r)
		default:
			origin = r.Status
			held = append(held, r)
		}
	}
	var maxLive ccefsm.RequestID
	if len(live) > 0 {
		maxLive = live[len(live)-1].ID
	}
	gap := target.lastID > maxLive
	for _, r := range append(pending, held...) {
		send(r.ID, r.MRD)
	}
	if gap && len(unsent) == 0 {
		// The last request was answered before the outage began.
		send(target.lastID, 1)
		route(target.lastID)
	}
	switch {
	case origin == StatusDeleted || (origin == StatusNone && len(unsent) > 0 && target.told):
		do("ControllerPathDown", w.ControllerPathDown)
	case origin == StatusDiscarded:
		do("AppPathDown", w.AppPathDown)
	}
	if len(unsent) > 0 {
		do("AppPathDown", w.AppPathDown)
		for _, r := range unsent {
			send(r.ID, r.MRD)
		}
		if gap {
			// Answered after the unsent ones: NEW_TASK_FAILURE, sent with
			// the MR PG path up and routing disabled (RT-3, row 7).
			do("ControllerPathDown", w.ControllerPathDown)
			do("AppPathUp", w.AppPathUp)
			send(target.lastID, 1)
		}
	}
	if first != nil {
		return w, first
	}
	// Reach the path states and what the application was told by path
	// events that leave every request as it is.
	w, err = reachFlags(w, now, target)
	if err != nil {
		return w, err
	}
	// End with an observation that changes nothing, so that the clock is
	// set even when no other input was needed.
	if w.appDown {
		_, err = w.AppPathDown(nil, now)
	} else {
		_, err = w.AppPathUp(nil, now)
	}
	return w, err
}

// reachFlags searches path events from w for target's path states and
// told flag, keeping w's live requests unchanged.
func reachFlags(w *Conn, now time.Time, target *Conn) (*Conn, error) {
	type key struct{ a, c, t bool }
	want := key{target.appDown, target.ccDown, target.told}
	reqs := w.AppendRequests(nil)
	seen := map[key]bool{}
	queue := []*Conn{w}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		k := key{c.appDown, c.ccDown, c.told}
		if k == want {
			return c, nil
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		for _, o := range []op{opAppDown, opAppUp, opCCDown, opCCUp} {
			n := clone(c)
			if _, err := apply(n, nil, now, input{op: o}); err != nil {
				return w, err
			}
			if slices.Equal(n.AppendRequests(nil), reqs) {
				queue = append(queue, n)
			}
		}
	}
	return w, fmt.Errorf("%w for paths (app down %v, controller down %v, told %v) with requests %v", errNoWitness, want.a, want.c, want.t, reqs)
}

// cacheWitness returns a ReportCache that reaches target's state by inputs:
// the path goes down when the first cached record is made, each record is
// recorded at the time it was made, and the path and PG states follow.
func cacheWitness(target *ReportCache) (*ReportCache, error) {
	w, err := NewReportCache(ReportCacheConfig{Policy: target.policy})
	if err != nil || !target.clock.seen {
		return w, err
	}
	last := time.Unix(0, target.clock.last)
	for i, r := range target.buf {
		at := time.Unix(0, r.at)
		if i == 0 {
			if _, err := w.PathDown(nil, at); err != nil {
				return w, err
			}
		}
		if _, err := w.Record(nil, at, r.id, r.kind); err != nil {
			return w, err
		}
	}
	steps := []func([]ReportEffect, time.Time) ([]ReportEffect, error){}
	if target.pathDown {
		steps = append(steps, w.PathDown)
	}
	if target.pgDown {
		steps = append(steps, w.PGDown)
	}
	// End with an observation that changes nothing but the clock.
	if target.pathDown {
		steps = append(steps, w.PathDown)
	} else {
		steps = append(steps, w.PathUp)
	}
	for _, f := range steps {
		if _, err := f(nil, last); err != nil {
			return w, err
		}
	}
	return w, nil
}

// voiceWitness returns a Voice that reaches target's state by inputs.
func voiceWitness(target *Voice) (*Voice, error) {
	w, err := NewVoice(VoiceConfig{})
	if err != nil || !target.clock.seen {
		return w, err
	}
	last := time.Unix(0, target.clock.last)
	for _, p := range target.down {
		if _, err := w.PIMDown(nil, last, p); err != nil {
			return w, err
		}
	}
	// An observation that changes nothing but the clock: a PIM up that is
	// up, or down that is down.
	if len(target.down) > 0 {
		_, err = w.PIMDown(nil, last, target.down[0])
	} else {
		_, err = w.PIMUp(nil, last, 1)
	}
	return w, err
}
