package routing

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// answered is the model's status of an answered request, which the Conn
// no longer holds.
const answered Status = 100

// model is an independent, deliberately naive statement of the Conn's
// behaviour: a list of requests in send order, each with a status, and the
// two path states.
type model struct {
	policy  Policy
	appDown bool
	ccDown  bool
	lastID  ccefsm.RequestID
	ids     []ccefsm.RequestID // every ID ever accepted, in order
	status  map[ccefsm.RequestID]Status
	answers map[ccefsm.RequestID]int // answer effects seen per request
	// told is what the application last heard, from the effects alone:
	// true after ROUTING_DISABLED, false after ROUTING_ENABLED.
	told bool
}

func newModel(p Policy) *model {
	return &model{policy: p, status: map[ccefsm.RequestID]Status{}, answers: map[ccefsm.RequestID]int{}}
}

// wantErr returns the sentinel the model expects in for, or nil.
func (m *model) wantErr(in input) error {
	switch in.op {
	case opSend:
		switch {
		case in.id == 0 || in.mrd == 0:
			return ErrInvalidID
		case in.id <= m.lastID:
			return ErrDuplicateRequest
		case m.appDown && m.policy.action(rowSendAppDown) == ActionReject:
			return ErrPathDown
		}
	case opResp:
		s, ok := m.status[in.id]
		switch {
		case in.id == 0:
			return ErrInvalidID
		case !in.out.IsValid():
			return ErrInvalidValue
		case !ok:
			return ErrUnknownRequest
		case s.IsHeld():
			return ErrStaleResponse
		case s == answered:
			// An answered request leaves the Conn: a second response
			// names a request it does not hold.
			return ErrUnknownRequest
		}
	}
	return nil
}

// step applies a successful input to the model.
func (m *model) step(in input) {
	held := func(f func(ccefsm.RequestID)) {
		for _, id := range m.ids {
			if m.status[id].IsHeld() {
				f(id)
			}
		}
	}
	switch in.op {
	case opSend:
		m.lastID = in.id
		m.ids = append(m.ids, in.id)
		switch {
		case m.appDown:
			m.status[in.id] = StatusUnsent
		case m.ccDown:
			m.status[in.id] = answered
		default:
			m.status[in.id] = StatusPending
		}
	case opResp:
		m.status[in.id] = answered
	case opAppDown:
		m.appDown = true
		m.moveAll(StatusPending, StatusDiscarded)
	case opCCDown:
		m.ccDown = true
		m.moveAll(StatusPending, StatusDeleted)
	case opAppUp, opCCUp:
		if (in.op == opAppUp && !m.appDown) || (in.op == opCCUp && !m.ccDown) {
			return // a repeated observation changes nothing
		}
		if in.op == opAppUp {
			m.appDown = false
		} else {
			m.ccDown = false
		}
		switch {
		case m.appDown:
		case m.ccDown:
			if in.op == opAppUp && m.policy.action(rowAppUpDisabled) == ActionFail {
				held(func(id ccefsm.RequestID) { m.status[id] = answered })
			}
		default:
			held(func(id ccefsm.RequestID) { m.status[id] = StatusPending })
		}
	}
}

func (m *model) moveAll(from, to Status) {
	for _, id := range m.ids {
		if m.status[id] == from {
			m.status[id] = to
		}
	}
}

// drawInput draws one input, biased to the interesting ones: fresh IDs,
// responses to live requests, repeated IDs, path events.
func drawInput(t *rapid.T, m *model) input {
	switch rapid.IntRange(0, 9).Draw(t, "kind") {
	case 0, 1, 2:
		id := m.lastID + ccefsm.RequestID(rapid.IntRange(1, 3).Draw(t, "gap"))
		if len(m.ids) > 0 && rapid.IntRange(0, 9).Draw(t, "reuse") == 0 {
			id = rapid.SampledFrom(m.ids).Draw(t, "reused")
		}
		return input{op: opSend, id: id, mrd: ccefsm.MRDID(rapid.IntRange(0, 3).Draw(t, "mrd"))}
	case 3, 4, 5:
		id := ccefsm.RequestID(rapid.Uint64Range(0, uint64(m.lastID)+1).Draw(t, "any id"))
		if len(m.ids) > 0 && rapid.Bool().Draw(t, "known") {
			id = rapid.SampledFrom(m.ids).Draw(t, "id")
		}
		return input{op: opResp, id: id, out: Outcome(rapid.IntRange(0, 2).Draw(t, "outcome"))}
	}
	return input{op: rapid.SampledFrom([]op{opAppDown, opAppUp, opCCDown, opCCUp}).Draw(t, "path")}
}

// fataler is what the checks need of *testing.T and *rapid.T.
type fataler interface {
	Fatalf(format string, args ...any)
}

type event struct {
	at time.Time
	in input
}

func TestConnRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var p Policy
		if rapid.Bool().Draw(t, "reject row 2") {
			_ = p.Set(rowSendAppDown, ActionReject)
		}
		if rapid.Bool().Draw(t, "fail row 4") {
			_ = p.Set(rowAppUpDisabled, ActionFail)
		}
		c := mustConn(p, rapid.IntRange(0, 8).Draw(t, "capacity"))
		m := newModel(p)
		now := t0
		var log []event
		var all []Effect
		n := rapid.IntRange(1, 120).Draw(t, "steps")
		for i := 0; i < n; i++ {
			in := drawInput(t, m)
			when := now.Add(time.Duration(rapid.IntRange(-1, 3).Draw(t, "dt")) * time.Second)
			before := clone(c)
			got, err := apply(c, nil, when, in)
			want := m.wantErr(in)
			if len(log) > 0 && when.Before(now) {
				want = ErrTimeBackwards
			}
			if !errors.Is(err, want) || (want == nil) != (err == nil) {
				t.Fatalf("step %d %v: err = %v, model wants %v", i, in, err, want)
			}
			if err != nil {
				if len(got) != 0 {
					t.Fatalf("step %d %v: error with effects %v", i, in, got)
				}
				if !sameConn(before, c) {
					t.Fatalf("step %d %v: erroring input changed the Conn:\n%s", i, in, cmp.Diff(before, c, connCmp))
				}
				continue
			}
			now = when
			log = append(log, event{when, in})
			checkEffects(t, m, in, got)
			m.step(in)
			checkRouting(t, m, in, got)
			all = append(all, got...)
			checkModel(t, i, in, c, m)
		}
		// Determinism: replaying the accepted inputs twice gives the same
		// effects and the same Conn.
		var runs [2][]Effect
		var conns [2]*Conn
		for r := range runs {
			conns[r] = mustConn(p, 0)
			for _, ev := range log {
				var err error
				runs[r], err = apply(conns[r], runs[r], ev.at, ev.in)
				if err != nil {
					t.Fatalf("replay %d: %v: %v", r, ev.in, err)
				}
			}
		}
		if diff := cmp.Diff(all, runs[0]); diff != "" {
			t.Fatalf("replay differs from the run (-run +replay):\n%s", diff)
		}
		if diff := cmp.Diff(runs[0], runs[1]); diff != "" {
			t.Fatalf("two replays differ:\n%s", diff)
		}
		a, _ := conns[0].MarshalBinary()
		b, _ := c.MarshalBinary()
		if !slices.Equal(a, b) {
			t.Fatal("replayed Conn snapshot differs from the original")
		}
	})
}

// checkEffects checks the effects of one accepted input against the model
// before it applies them: answers go only to live requests, resends only to
// held ones and each held one exactly once, discards and deletions only to
// pending ones.
func checkEffects(t fataler, m *model, in input, got []Effect) {
	seen := map[ccefsm.RequestID]bool{}
	for _, e := range got {
		if e.Request == 0 {
			continue
		}
		if seen[e.Request] {
			t.Fatalf("%v: request %d has two effects in one input: %v", in, e.Request, got)
		}
		seen[e.Request] = true
		s := m.status[e.Request]
		switch e.Kind {
		case EffectRouted, EffectFailed:
			if s != StatusPending {
				t.Fatalf("%v: answer for request %d in status %v", in, e.Request, s)
			}
			m.answers[e.Request]++
		case EffectNewTaskFailure:
			if !(in.op == opSend || s.IsHeld()) {
				t.Fatalf("%v: NEW_TASK_FAILURE for request %d in status %v", in, e.Request, s)
			}
			m.answers[e.Request]++
		case EffectNewTask:
			if in.op != opSend && s != StatusUnsent {
				t.Fatalf("%v: NEW_TASK for request %d in status %v", in, e.Request, s)
			}
		case EffectResend, EffectResubmit:
			if !s.IsHeld() || s == StatusUnsent || (e.Kind == EffectResubmit) != (s == StatusDeleted) {
				t.Fatalf("%v: %v for request %d in status %v", in, e.Kind, e.Request, s)
			}
		case EffectDiscarded, EffectDeleted:
			if s != StatusPending {
				t.Fatalf("%v: %v for request %d in status %v", in, e.Kind, e.Request, s)
			}
		}
	}
	// Every held request goes out on a restore that brings both paths up.
	if (in.op == opAppUp && m.appDown && !m.ccDown) || (in.op == opCCUp && m.ccDown && !m.appDown) {
		for _, id := range m.ids {
			if m.status[id].IsHeld() && !seen[id] {
				t.Fatalf("%v: held request %d not resent", in, id)
			}
		}
	}
}

// checkModel compares the Conn with the model after a step: every request
// ever accepted is answered exactly once or still live, never both, never
// neither.
func checkModel(t fataler, i int, in input, c *Conn, m *model) {
	if err := c.check(); err != nil {
		t.Fatalf("step %d %v: %v", i, in, err)
	}
	var pending, held int
	for _, id := range m.ids {
		want := m.status[id]
		got := statusOf(c, id)
		switch {
		case want.IsLive():
			if got != want {
				t.Fatalf("step %d %v: request %d status %v, model %v", i, in, id, got, want)
			}
			if m.answers[id] != 0 {
				t.Fatalf("step %d %v: live request %d was answered %d times", i, in, id, m.answers[id])
			}
			if want == StatusPending {
				pending++
			} else {
				held++
			}
		case m.answers[id] != 1:
			t.Fatalf("step %d %v: request %d (%v) answered %d times", i, in, id, want, m.answers[id])
		case got.IsLive():
			t.Fatalf("step %d %v: answered request %d still live (%v)", i, in, id, got)
		}
	}
	if c.Pending() != pending || c.Held() != held {
		t.Fatalf("step %d %v: Pending/Held = %d/%d, model %d/%d", i, in, c.Pending(), c.Held(), pending, held)
	}
	if c.IsAppPathUp() == m.appDown || c.IsControllerPathUp() == m.ccDown {
		t.Fatalf("step %d %v: path states differ from the model", i, in)
	}
}

func (e event) String() string { return fmt.Sprintf("%v at %v", e.in, e.at) }

// checkRouting checks, after the model applied an input, what the
// application hears and sends (RT-3, RT-4, rows 6 and 20): ROUTING_DISABLED and
// ROUTING_ENABLED alternate, starting with ROUTING_DISABLED, and only reach
// an application whose MR PG path is up; whenever that path is up the
// application was last told exactly what the MR PIM–Central Controller path
// is; and no NEW_TASK, resend or resubmission goes out unless both paths
// are up. An effect that names a row of the table cites that row's rule.
func checkRouting(t fataler, m *model, in input, got []Effect) {
	for _, e := range got {
		if e.Row != 0 && e.Rule != rows[e.Row].Rule {
			t.Fatalf("%v: %v cites %v with row %d, which is a row of %v", in, e.Kind, e.Rule, e.Row, rows[e.Row].Rule)
		}
		switch e.Kind {
		case EffectRoutingDisabled, EffectRoutingEnabled:
			if m.appDown {
				t.Fatalf("%v: %v to an application whose MR PG path is down", in, e.Kind)
			}
			if (e.Kind == EffectRoutingDisabled) == m.told {
				t.Fatalf("%v: %v twice in a row", in, e.Kind)
			}
			m.told = e.Kind == EffectRoutingDisabled
		case EffectNewTask, EffectResend, EffectResubmit:
			if m.appDown || m.ccDown {
				t.Fatalf("%v: %v for request %d with a path down (app %v, controller %v)", in, e.Kind, e.Request, m.appDown, m.ccDown)
			}
		}
	}
	if !m.appDown && m.told != m.ccDown {
		t.Fatalf("%v: connected application last told disabled=%v, controller path down=%v", in, m.told, m.ccDown)
	}
}
