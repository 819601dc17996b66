package routing

import (
	"errors"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

const app ccefsm.AppID = 3
const mrd ccefsm.MRDID = 5

func send(id ccefsm.RequestID) input { return input{op: opSend, id: id, mrd: mrd} }
func routed(id ccefsm.RequestID) input {
	return input{op: opResp, id: id, out: OutcomeRouted}
}
func failed(id ccefsm.RequestID) input {
	return input{op: opResp, id: id, out: OutcomeFailed}
}

var (
	appDown = input{op: opAppDown}
	appUp   = input{op: opAppUp}
	ccDown  = input{op: opCCDown}
	ccUp    = input{op: opCCUp}
)

// eff is a wanted effect; the runner fills App, At and (when Request is
// set) MRD.
func eff(k EffectKind, rule ccefsm.RuleID, row uint8, id ccefsm.RequestID) Effect {
	return Effect{Kind: k, Rule: rule, Row: row, Request: id}
}

type connStep struct {
	in      input
	want    []Effect
	wantErr error
}

func TestConnSteps(t *testing.T) {
	var failHeld Policy
	if err := failHeld.Set(rowAppUpDisabled, ActionFail); err != nil {
		t.Fatal(err)
	}
	var rejectSend Policy
	if err := rejectSend.Set(rowSendAppDown, ActionReject); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		reason string
		policy Policy
		steps  []connStep
		// wantLive is the live requests after the last step, in send order.
		wantLive []Request
	}{{
		name:   "normal",
		reason: "no failure: NEW_TASK pending until DO_THIS_WITH_TASK or NEW_TASK_FAILURE",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: send(2), want: []Effect{eff(EffectNewTask, 0, 0, 2)}},
			{in: routed(1), want: []Effect{eff(EffectRouted, 0, 0, 1)}},
			{in: failed(2), want: []Effect{eff(EffectFailed, 0, 0, 2)}},
		},
	}, {
		name:   "RT-1 RT-2 outage and resend",
		reason: "RT-1: the CC discards every pending request, the app keeps them; RT-2: exactly the unanswered ones are resent, once, in send order",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: send(2), want: []Effect{eff(EffectNewTask, 0, 0, 2)}},
			{in: send(3), want: []Effect{eff(EffectNewTask, 0, 0, 3)}},
			{in: routed(2), want: []Effect{eff(EffectRouted, 0, 0, 2)}},
			{in: appDown, want: []Effect{eff(EffectDiscarded, ccefsm.RT1, rowAppDown, 1), eff(EffectDiscarded, ccefsm.RT1, rowAppDown, 3)}},
			{in: appUp, want: []Effect{eff(EffectResend, ccefsm.RT2, rowAppUp, 1), eff(EffectResend, ccefsm.RT2, rowAppUp, 3)}},
		},
		wantLive: []Request{{1, mrd, StatusPending}, {3, mrd, StatusPending}},
	}, {
		name:   "RT-1 stale response",
		reason: "RT-1 row 11: a response for a discarded request not yet resent is stale and changes nothing",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: appDown, want: []Effect{eff(EffectDiscarded, ccefsm.RT1, rowAppDown, 1)}},
			{in: routed(1), wantErr: ErrStaleResponse},
			{in: failed(1), wantErr: ErrStaleResponse},
		},
		wantLive: []Request{{1, mrd, StatusDiscarded}},
	}, {
		name:   "RT-2 response after the path came back",
		reason: "RT-2: after the resend the response applies, once; a second is an error",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: appDown, want: []Effect{eff(EffectDiscarded, ccefsm.RT1, rowAppDown, 1)}},
			{in: appUp, want: []Effect{eff(EffectResend, ccefsm.RT2, rowAppUp, 1)}},
			{in: routed(1), want: []Effect{eff(EffectRouted, 0, 0, 1)}},
			{in: routed(1), wantErr: ErrUnknownRequest},
			{in: appDown},
			{in: appUp},
		},
	}, {
		name:   "RT-1 RT-2 path flapping twice before a response",
		reason: "RT-1/RT-2: each outage discards the resent request again and each restore resends it once; the single response applies once",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: appDown, want: []Effect{eff(EffectDiscarded, ccefsm.RT1, rowAppDown, 1)}},
			{in: appDown},
			{in: appUp, want: []Effect{eff(EffectResend, ccefsm.RT2, rowAppUp, 1)}},
			{in: appUp},
			{in: appDown, want: []Effect{eff(EffectDiscarded, ccefsm.RT1, rowAppDown, 1)}},
			{in: appUp, want: []Effect{eff(EffectResend, ccefsm.RT2, rowAppUp, 1)}},
			{in: routed(1), want: []Effect{eff(EffectRouted, 0, 0, 1)}},
		},
	}, {
		name:   "RT-1 row 2 NEW_TASK while the MR PG path is down",
		reason: "row 2 (inferred): held, not sent; sent on restore in send order among the discarded ones",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: appDown, want: []Effect{eff(EffectDiscarded, ccefsm.RT1, rowAppDown, 1)}},
			{in: send(2), want: []Effect{eff(EffectHeld, ccefsm.RT1, rowSendAppDown, 2)}},
			{in: routed(2), wantErr: ErrStaleResponse},
			{in: appUp, want: []Effect{eff(EffectResend, ccefsm.RT2, rowAppUp, 1), eff(EffectNewTask, ccefsm.RT1, rowSendAppDown, 2)}},
		},
		wantLive: []Request{{1, mrd, StatusPending}, {2, mrd, StatusPending}},
	}, {
		name:   "row 2 policy reject",
		reason: "row 2 overridden to reject: ErrPathDown, nothing held",
		policy: rejectSend,
		steps: []connStep{
			{in: appDown},
			{in: send(1), wantErr: ErrPathDown},
			{in: appUp},
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
		},
		wantLive: []Request{{1, mrd, StatusPending}},
	}, {
		name:   "RT-3 RT-4 controller path outage",
		reason: "RT-3: ROUTING_DISABLED and every pending task deleted; RT-4: ROUTING_ENABLED and every deleted task resubmitted in send order",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: send(2), want: []Effect{eff(EffectNewTask, 0, 0, 2)}},
			{in: send(3), want: []Effect{eff(EffectNewTask, 0, 0, 3)}},
			{in: routed(2), want: []Effect{eff(EffectRouted, 0, 0, 2)}},
			{in: ccDown, want: []Effect{
				eff(EffectRoutingDisabled, ccefsm.RT3, rowCCDown, 0),
				eff(EffectDeleted, ccefsm.RT3, rowCCDownDelete, 1),
				eff(EffectDeleted, ccefsm.RT3, rowCCDownDelete, 3),
			}},
			{in: ccDown},
			{in: routed(1), wantErr: ErrStaleResponse},
			{in: ccUp, want: []Effect{
				eff(EffectRoutingEnabled, ccefsm.RT4, rowCCUp, 0),
				eff(EffectResubmit, ccefsm.RT4, rowCCUpResubmit, 1),
				eff(EffectResubmit, ccefsm.RT4, rowCCUpResubmit, 3),
			}},
			{in: ccUp},
			{in: routed(1), want: []Effect{eff(EffectRouted, 0, 0, 1)}},
		},
		wantLive: []Request{{3, mrd, StatusPending}},
	}, {
		name:   "RT-3 NEW_TASK during ROUTING_DISABLED",
		reason: "RT-3 row 7: a NEW_TASK sent while routing is disabled is rejected with NEW_TASK_FAILURE and is answered",
		steps: []connStep{
			{in: ccDown, want: []Effect{eff(EffectRoutingDisabled, ccefsm.RT3, rowCCDown, 0)}},
			{in: send(1), want: []Effect{eff(EffectNewTaskFailure, ccefsm.RT3, rowSendDisabled, 1)}},
			{in: routed(1), wantErr: ErrUnknownRequest},
			{in: send(1), wantErr: ErrDuplicateRequest},
			{in: ccUp, want: []Effect{eff(EffectRoutingEnabled, ccefsm.RT4, rowCCUp, 0)}},
		},
	}, {
		name:   "RT-2 vs RT-3 app path back while the controller path is down",
		reason: "row 6: ROUTING_DISABLED delivered on reconnect; row 4 (inferred): held requests wait for ROUTING_ENABLED, then go out once in send order",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: appDown, want: []Effect{eff(EffectDiscarded, ccefsm.RT1, rowAppDown, 1)}},
			{in: ccDown},
			{in: send(2), want: []Effect{eff(EffectHeld, ccefsm.RT1, rowSendAppDown, 2)}},
			{in: appUp, want: []Effect{eff(EffectRoutingDisabled, ccefsm.RT3, rowDeferredState, 0)}},
			{in: send(3), want: []Effect{eff(EffectNewTaskFailure, ccefsm.RT3, rowSendDisabled, 3)}},
			{in: ccUp, want: []Effect{
				eff(EffectRoutingEnabled, ccefsm.RT4, rowCCUp, 0),
				eff(EffectResend, ccefsm.RT2, rowAppUpDisabled, 1),
				eff(EffectNewTask, ccefsm.RT1, rowSendAppDown, 2),
			}},
		},
		wantLive: []Request{{1, mrd, StatusPending}, {2, mrd, StatusPending}},
	}, {
		name:   "row 4 policy fail",
		reason: "row 4 overridden to fail: held requests are resent at once and rejected with NEW_TASK_FAILURE (RT-3)",
		policy: failHeld,
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: ccDown, want: []Effect{eff(EffectRoutingDisabled, ccefsm.RT3, rowCCDown, 0), eff(EffectDeleted, ccefsm.RT3, rowCCDownDelete, 1)}},
			{in: appDown},
			{in: appUp, want: []Effect{eff(EffectNewTaskFailure, ccefsm.RT2, rowAppUpDisabled, 1)}},
			{in: ccUp, want: []Effect{eff(EffectRoutingEnabled, ccefsm.RT4, rowCCUp, 0)}},
		},
	}, {
		name:   "RT-4 controller back while the app path is down",
		reason: "row 20: ROUTING_ENABLED and the resubmission wait for the app path; then deleted tasks are resubmitted (RT-4) and the others resent (RT-2), in send order",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: send(2), want: []Effect{eff(EffectNewTask, 0, 0, 2)}},
			{in: ccDown, want: []Effect{eff(EffectRoutingDisabled, ccefsm.RT3, rowCCDown, 0), eff(EffectDeleted, ccefsm.RT3, rowCCDownDelete, 1), eff(EffectDeleted, ccefsm.RT3, rowCCDownDelete, 2)}},
			{in: appDown},
			{in: send(3), want: []Effect{eff(EffectHeld, ccefsm.RT1, rowSendAppDown, 3)}},
			{in: ccUp},
			{in: appUp, want: []Effect{
				eff(EffectRoutingEnabled, ccefsm.RT4, rowDeferredEnabled, 0),
				eff(EffectResubmit, ccefsm.RT4, rowCCUpResubmit, 1),
				eff(EffectResubmit, ccefsm.RT4, rowCCUpResubmit, 2),
				eff(EffectNewTask, ccefsm.RT1, rowSendAppDown, 3),
			}},
		},
		wantLive: []Request{{1, mrd, StatusPending}, {2, mrd, StatusPending}, {3, mrd, StatusPending}},
	}, {
		name:   "controller flap unseen by the application",
		reason: "rows 6 and 20: a disable and enable both during the app outage leave nothing to tell; discarded requests are resent (RT-2)",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: appDown, want: []Effect{eff(EffectDiscarded, ccefsm.RT1, rowAppDown, 1)}},
			{in: ccDown},
			{in: ccUp},
			{in: appUp, want: []Effect{eff(EffectResend, ccefsm.RT2, rowAppUp, 1)}},
		},
		wantLive: []Request{{1, mrd, StatusPending}},
	}, {
		name:   "RT-3 RT-4 controller path flapping twice before a response",
		reason: "RT-3/RT-4: each controller outage deletes the resubmitted task again and each restore resubmits it once; the single response applies once",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: ccDown, want: []Effect{eff(EffectRoutingDisabled, ccefsm.RT3, rowCCDown, 0), eff(EffectDeleted, ccefsm.RT3, rowCCDownDelete, 1)}},
			{in: ccUp, want: []Effect{eff(EffectRoutingEnabled, ccefsm.RT4, rowCCUp, 0), eff(EffectResubmit, ccefsm.RT4, rowCCUpResubmit, 1)}},
			{in: ccDown, want: []Effect{eff(EffectRoutingDisabled, ccefsm.RT3, rowCCDown, 0), eff(EffectDeleted, ccefsm.RT3, rowCCDownDelete, 1)}},
			{in: failed(1), wantErr: ErrStaleResponse},
			{in: ccUp, want: []Effect{eff(EffectRoutingEnabled, ccefsm.RT4, rowCCUp, 0), eff(EffectResubmit, ccefsm.RT4, rowCCUpResubmit, 1)}},
			{in: failed(1), want: []Effect{eff(EffectFailed, 0, 0, 1)}},
		},
	}, {
		name:   "both paths down, restored controller first",
		reason: "RT-1 then RT-3: requests discarded by the app outage are not deleted again; both restores needed before they go out once (RT-2)",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: appDown, want: []Effect{eff(EffectDiscarded, ccefsm.RT1, rowAppDown, 1)}},
			{in: ccDown},
			{in: ccUp},
			{in: ccDown},
			{in: appUp, want: []Effect{eff(EffectRoutingDisabled, ccefsm.RT3, rowDeferredState, 0)}},
			{in: ccUp, want: []Effect{eff(EffectRoutingEnabled, ccefsm.RT4, rowCCUp, 0), eff(EffectResend, ccefsm.RT2, rowAppUpDisabled, 1)}},
		},
		wantLive: []Request{{1, mrd, StatusPending}},
	}, {
		name:   "duplicate request ID",
		reason: "the same request ID used twice is ErrDuplicateRequest, pending or answered",
		steps: []connStep{
			{in: send(5), want: []Effect{eff(EffectNewTask, 0, 0, 5)}},
			{in: send(5), wantErr: ErrDuplicateRequest},
			{in: routed(5), want: []Effect{eff(EffectRouted, 0, 0, 5)}},
			{in: send(5), wantErr: ErrDuplicateRequest},
			{in: send(4), wantErr: ErrDuplicateRequest},
			{in: send(0), wantErr: ErrInvalidID},
			{in: input{op: opSend, id: 6}, wantErr: ErrInvalidID},
			{in: input{op: opResp, id: 5}, wantErr: ErrInvalidValue},
			{in: routed(9), wantErr: ErrUnknownRequest},
		},
	}, {
		name:   "zero request ID in a response",
		reason: "RT-1/RT-2: a response naming request 0 names no request; like Send, it is ErrInvalidID (the zero RequestID is invalid), not an unknown request",
		steps: []connStep{
			{in: send(1), want: []Effect{eff(EffectNewTask, 0, 0, 1)}},
			{in: routed(0), wantErr: ErrInvalidID},
			{in: failed(0), wantErr: ErrInvalidID},
		},
		wantLive: []Request{{1, mrd, StatusPending}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustConn(tt.policy, 4)
			for i, s := range tt.steps {
				before := clone(c)
				got, err := apply(c, nil, at(i), s.in)
				if !errors.Is(err, s.wantErr) {
					t.Fatalf("step %d %v: err = %v, want %v (%s)", i, s.in, err, s.wantErr, tt.reason)
				}
				if err != nil {
					if diff := cmp.Diff(before, c, connCmp); diff != "" {
						t.Fatalf("step %d %v: erroring input changed the Conn (-before +after):\n%s", i, s.in, diff)
					}
				}
				want := fill(s.want, at(i))
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("step %d %v: effects (-want +got):\n%s\n(%s)", i, s.in, diff, tt.reason)
				}
				if err := c.check(); err != nil {
					t.Fatalf("step %d %v: %v", i, s.in, err)
				}
			}
			if diff := cmp.Diff(tt.wantLive, c.AppendRequests(nil)); diff != "" {
				t.Errorf("live requests (-want +got):\n%s", diff)
			}
		})
	}
}

func fill(want []Effect, now time.Time) []Effect {
	if len(want) == 0 {
		return nil
	}
	out := make([]Effect, len(want))
	for i, e := range want {
		e.App, e.At = app, now
		if e.Request != 0 {
			e.MRD = mrd
		}
		out[i] = e
	}
	return out
}

func TestConnTimeBackwards(t *testing.T) {
	c := mustConn(Policy{}, 0)
	if _, err := c.Send(nil, at(5), 1, mrd); err != nil {
		t.Fatal(err)
	}
	before := clone(c)
	for _, in := range []input{send(2), routed(1), appDown, appUp, ccDown, ccUp} {
		_, err := apply(c, nil, at(4), in)
		var te *TimeError
		if !errors.As(err, &te) || !errors.Is(err, ErrTimeBackwards) {
			t.Errorf("%v at an earlier time: err = %v, want *TimeError", in, err)
		}
		if diff := cmp.Diff(before, c, connCmp); diff != "" {
			t.Errorf("%v changed the Conn (-before +after):\n%s", in, diff)
		}
	}
	// The same instant is not backwards.
	if _, err := c.Response(nil, at(5), 1, OutcomeRouted); err != nil {
		t.Errorf("Response at the same instant: %v", err)
	}
}

// TestZeroConn: the zero Conn belongs to no application and is not usable:
// every input and MarshalBinary refuse it with ErrInvalidID (which is
// ccefsm.ErrUnknownID: a zero ID is unknown) and it stays zero; it can only
// be restored into. NewConn refuses a zero App and a negative Capacity.
func TestZeroConn(t *testing.T) {
	var c Conn
	for _, in := range []input{send(1), routed(1), appDown, appUp, ccDown, ccUp} {
		got, err := apply(&c, nil, t0, in)
		if !errors.Is(err, ErrInvalidID) || !errors.Is(err, ccefsm.ErrUnknownID) || len(got) != 0 {
			t.Errorf("zero Conn %v: %v, %v; want ErrInvalidID", in, got, err)
		}
	}
	if diff := cmp.Diff(&Conn{}, &c, connCmp); diff != "" {
		t.Errorf("refused inputs changed the zero Conn:\n%s", diff)
	}
	if b, err := c.MarshalBinary(); !errors.Is(err, ErrInvalidID) || b != nil {
		t.Errorf("zero Conn MarshalBinary = %x, %v; want ErrInvalidID", b, err)
	}
	snap, _ := mustConn(Policy{}, 0).MarshalBinary()
	if err := c.UnmarshalBinary(snap); err != nil || c.App() != app {
		t.Errorf("restore into the zero Conn: %v, app %d", err, c.App())
	}
	if _, err := NewConn(ConnConfig{}); !errors.Is(err, ErrInvalidID) {
		t.Errorf("NewConn with a zero App: %v, want ErrInvalidID", err)
	}
	var ae *ArgError
	if _, err := NewConn(ConnConfig{App: app, Capacity: -1}); !errors.Is(err, ErrInvalidConfig) || !errors.As(err, &ae) || ae.Arg != "Capacity" || ae.Value != -1 {
		t.Errorf("NewConn with Capacity -1: %v, want ErrInvalidConfig naming Capacity", err)
	}
	if c, err := NewConn(ConnConfig{App: app, Capacity: 0}); err != nil || c.App() != app || cap(c.reqs) != 0 {
		t.Errorf("NewConn with Capacity 0: %v, room %d", err, cap(c.reqs))
	}
}

// TestConnAnsweredLeaves: an answered request leaves the Conn. A second
// response, and a Status lookup, find no such request, whether its entry is
// still in the room (a tombstone) or reclaimed, and after a snapshot round
// trip: the answer never depends on memory (RT-2: answered once).
func TestConnAnsweredLeaves(t *testing.T) {
	c := mustConn(Policy{}, 1) // room for 2 entries
	for i, in := range []input{send(1), routed(1)} {
		if _, err := apply(c, nil, at(i), in); err != nil {
			t.Fatal(err)
		}
	}
	if c.dead != 1 {
		t.Fatalf("the answered entry is not kept as a tombstone (dead %d); the test needs one", c.dead)
	}
	check := func(when string, c *Conn) {
		t.Helper()
		before := clone(c)
		if _, err := c.Response(nil, at(9), 1, OutcomeFailed); !errors.Is(err, ErrUnknownRequest) {
			t.Errorf("%s: second response: err = %v, want ErrUnknownRequest", when, err)
		}
		if s, err := c.Status(1); s != StatusNone || !errors.Is(err, ErrUnknownRequest) {
			t.Errorf("%s: Status(1) = %v, %v; want none, ErrUnknownRequest", when, s, err)
		}
		if !sameConn(before, c) {
			t.Errorf("%s: the refused response changed the Conn", when)
		}
		if _, err := c.Response(nil, at(9), 1, OutcomeRouted); !errors.Is(err, ErrUnknownRequest) {
			t.Errorf("%s: second response (routed): err = %v", when, err)
		}
	}
	check("entry kept", c)
	snap, _ := c.MarshalBinary()
	var r Conn
	if err := r.UnmarshalBinary(snap); err != nil {
		t.Fatal(err)
	}
	check("after a snapshot round trip", &r)
	for i, in := range []input{send(2), send(3)} { // the second Send finds the room full
		if _, err := apply(c, nil, at(3+i), in); err != nil {
			t.Fatal(err)
		}
	}
	if c.dead != 0 {
		t.Fatalf("a Send into full room did not reclaim the tombstone (dead %d)", c.dead)
	}
	check("room reclaimed", c)
}
