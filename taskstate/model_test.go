package taskstate

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// The model is a deliberately naive reference: a map of tasks, every
// deadline recomputed per task on every step. The store must produce the
// same effects (as a multiset per input), the same errors and the same
// open tasks.

type mtask struct {
	id               ccefsm.TaskID
	app              ccefsm.AppID
	mrd              ccefsm.MRD
	agent            ccefsm.AgentID
	state            State
	begin, reserve   time.Duration
	fresh, init      bool
	rebuilt, cutIn   bool // email, begun in an outage: recreated / cut at the limit (RP-6, TS-3)
	spanned, cut     bool
	cutThisOutage    bool
	memberThisOutage bool
}

type mapp struct {
	down   bool
	downAt time.Duration
}

type model struct {
	now   time.Duration
	seen  bool
	tasks map[ccefsm.TaskID]*mtask
	apps  map[ccefsm.AppID]*mapp
	mrds  map[ccefsm.MRDID]ccefsm.MRD
	tab   *Table
}

func newModel(mrds []ccefsm.MRD) *model {
	m := &model{tasks: map[ccefsm.TaskID]*mtask{}, apps: map[ccefsm.AppID]*mapp{}, mrds: map[ccefsm.MRDID]ccefsm.MRD{}, tab: DefaultTable()}
	for _, r := range mrds {
		m.mrds[r.ID] = r
	}
	return m
}

func (m *model) app(a ccefsm.AppID) *mapp {
	if m.apps[a] == nil {
		m.apps[a] = &mapp{}
	}
	return m.apps[a]
}

// deadline kinds, in the store's firing order.
const (
	mStart = iota
	mMax
	mOutage
)

// never is the email time limit of an MRD that does not cut.
const never = time.Duration(1<<63 - 1)

// limit returns the instant the email time limit of app's outage runs out.
func limit(r ccefsm.MRD, a *mapp) time.Duration {
	if r.NoTimeLimitCut {
		return never
	}
	return a.downAt + r.EffectiveTimeLimit()
}

// deadlines returns the task's pending deadlines by kind (-1 = none).
func (m *model) deadlines(t *mtask) [3]time.Duration {
	d := [3]time.Duration{-1, -1, -1}
	if t.state == StatePreCall {
		d[mStart] = t.reserve + t.mrd.StartTimeout
	}
	if t.state != StateClosing {
		d[mMax] = t.begin + t.mrd.MaxDuration
	}
	a := m.app(t.app)
	if a.down && t.memberThisOutage && !t.cutThisOutage && t.state != StateClosing {
		switch {
		case t.mrd.Media != ccefsm.MediaEmail:
			d[mOutage] = a.downAt + t.mrd.TaskLife
		case !t.mrd.NoTimeLimitCut:
			d[mOutage] = limit(t.mrd, a)
		}
	}
	return d
}

func (m *model) next() (time.Duration, bool) {
	best, ok := time.Duration(0), false
	for _, t := range m.tasks {
		for _, d := range m.deadlines(t) {
			if d >= 0 && (!ok || d < best) {
				best, ok = d, true
			}
		}
	}
	return best, ok
}

func (m *model) class(t *mtask, at time.Duration) (ccefsm.ReportClass, ccefsm.RuleID) {
	email := t.mrd.Media == ccefsm.MediaEmail
	lim := limit(t.mrd, m.app(t.app))
	switch {
	case t.fresh && email && at < lim:
		return ccefsm.ReportRecreated, ccefsm.RP6
	case t.fresh && email && t.begin < lim:
		return ccefsm.ReportPartial, ccefsm.TS3
	case t.fresh:
		return ccefsm.ReportUnreported, ccefsm.RP4
	case t.init:
		return ccefsm.ReportPartial, ccefsm.TS5
	case t.cutIn:
		return ccefsm.ReportPartial, ccefsm.TS3
	case email && t.cut:
		return ccefsm.ReportPartial, ccefsm.TS3
	case email && (t.spanned || t.rebuilt):
		return ccefsm.ReportRecreated, ccefsm.RP6
	case t.spanned:
		return ccefsm.ReportPartial, ccefsm.RP4
	}
	return ccefsm.ReportComplete, ccefsm.RuleNone
}

func (m *model) end(t *mtask, at time.Duration, d Disposition, rule ccefsm.RuleID) eff {
	c, cr := m.class(t, at)
	delete(m.tasks, t.id)
	return eff{EffectEnded, at, t.id, t.state, rule, d, c, cr}
}

// sortedTasks returns the open tasks in ID order (the model's own order;
// effects are compared as multisets).
func (m *model) sortedTasks() []*mtask {
	out := make([]*mtask, 0, len(m.tasks))
	for _, t := range m.tasks {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// phase says how far a refused input got: before the deadlines fired
// (nothing changed), or after (the store is as Advance(now) leaves it).
type phase int

const (
	phaseArgs  phase = iota // refused in step 1 or 2
	phaseState              // refused in step 4, after the deadlines fired
)

func (m *model) checkTime(now time.Duration) error {
	if m.seen && now < m.now {
		return ErrTimeBackwards
	}
	return nil
}

func (m *model) advance(now time.Duration) ([]eff, error) {
	if err := m.checkTime(now); err != nil {
		return nil, err
	}
	return m.fire(now), nil
}

// fire fires every deadline at or before now and sets the clock (step 3).
func (m *model) fire(now time.Duration) []eff {
	var out []eff
	for {
		d, ok := m.next()
		if !ok || d > now {
			break
		}
		for kind := mStart; kind <= mOutage; kind++ {
			for _, t := range m.sortedTasks() {
				if m.tasks[t.id] == nil || m.deadlines(t)[kind] != d {
					continue
				}
				switch kind {
				case mStart:
					out = append(out, eff{Kind: EffectAgentNotRoutable, At: d, Task: t.id, From: t.state, Rule: ccefsm.TS7})
					out = append(out, m.end(t, d, TaskAbandonedBeforeOffered, ccefsm.TS7))
				case mMax:
					out = append(out, m.end(t, d, MaxTaskLifetimeExceeded, ccefsm.TS6))
				case mOutage:
					if t.mrd.Media == ccefsm.MediaEmail {
						t.cut, t.cutThisOutage = true, true
						out = append(out, eff{Kind: EffectSegmentEnded, At: d, Task: t.id, From: t.state, Rule: ccefsm.TS3, Disp: PartialCall})
					} else {
						out = append(out, m.end(t, d, ApplicationPathWentDown, ccefsm.TS1))
					}
				}
			}
		}
	}
	m.now, m.seen = now, true
	return out
}

func (m *model) create(now time.Duration, nt NewTask) ([]eff, phase, error) {
	if err := m.checkTime(now); err != nil {
		return nil, phaseArgs, err
	}
	if nt.ID == 0 {
		return nil, phaseArgs, ErrUnknownTask
	}
	if nt.App == 0 {
		return nil, phaseArgs, ErrUnknownApp
	}
	r, ok := m.mrds[nt.MRD]
	if !ok {
		return nil, phaseArgs, ErrUnknownMRD
	}
	switch nt.State {
	case StateNew:
		if nt.Agent != 0 {
			return nil, phaseArgs, ErrInvalidTask
		}
	case StatePreCall, StateOffered, StateActive:
		if nt.Agent == 0 {
			return nil, phaseArgs, ErrInvalidTask
		}
	default:
		if !nt.State.IsValid() {
			return nil, phaseArgs, ErrInvalidState
		}
		return nil, phaseArgs, ErrIllegalTransition
	}
	out := m.fire(now)
	if m.tasks[nt.ID] != nil {
		return out, phaseState, ErrDuplicateTask
	}
	m.tasks[nt.ID] = &mtask{id: nt.ID, app: nt.App, mrd: r, agent: nt.Agent, state: nt.State, begin: now, reserve: now, fresh: m.app(nt.App).down}
	return out, 0, nil
}

func (m *model) request(now time.Duration, id ccefsm.TaskID, ev Event, agent ccefsm.AgentID, d Disposition) ([]eff, phase, error) {
	if err := m.checkTime(now); err != nil {
		return nil, phaseArgs, err
	}
	switch {
	case id == 0:
		return nil, phaseArgs, ErrUnknownTask
	case ev == EventReserve && agent == 0:
		return nil, phaseArgs, ErrInvalidTask
	case d != 0 && !d.IsValid():
		return nil, phaseArgs, ErrInvalidDisposition
	}
	out := m.fire(now)
	t := m.tasks[id]
	if t == nil {
		return out, phaseState, ErrUnknownTask
	}
	e := ev
	if ev == EventEnd && m.app(t.app).down && !t.fresh && t.mrd.Media != ccefsm.MediaEmail {
		e = EventEndInOutage
	}
	row, err := m.tab.Lookup(t.state, e)
	if err != nil {
		return out, phaseState, ErrIllegalTransition
	}
	switch row.To {
	case StateEnded:
		if d == 0 {
			d = row.Disposition
		}
		return append(out, m.end(t, now, d, row.Rule)), 0, nil
	case StateClosing:
		out = append(out, eff{Kind: EffectEndDeferred, At: now, Task: id, From: t.state, Rule: ccefsm.TS2})
		t.state = StateClosing
		return out, 0, nil
	case StatePreCall:
		t.agent, t.reserve = agent, now
	}
	t.state = row.To
	return out, 0, nil
}

func (m *model) pathDown(now time.Duration, a ccefsm.AppID) ([]eff, phase, error) {
	if err := m.checkTime(now); err != nil {
		return nil, phaseArgs, err
	}
	if a == 0 {
		return nil, phaseArgs, ErrUnknownApp
	}
	out := m.fire(now)
	ap := m.app(a)
	if ap.down {
		return out, 0, nil
	}
	ap.down, ap.downAt = true, now
	for _, t := range m.tasks {
		if t.app == a {
			t.spanned, t.memberThisOutage, t.cutThisOutage = true, true, false
		}
	}
	return out, 0, nil
}

func (m *model) pathUp(now time.Duration, a ccefsm.AppID) ([]eff, phase, error) {
	if err := m.checkTime(now); err != nil {
		return nil, phaseArgs, err
	}
	if a == 0 {
		return nil, phaseArgs, ErrUnknownApp
	}
	out := m.fire(now)
	ap := m.app(a)
	if !ap.down {
		return out, 0, nil
	}
	ap.down = false
	for _, t := range m.sortedTasks() {
		if t.app != a {
			continue
		}
		switch {
		case t.state == StateClosing:
			out = append(out, m.end(t, now, TaskEndedDuringAppInit, ccefsm.TS2))
		case t.fresh:
			out = append(out, eff{Kind: EffectTaskInit, At: now, Task: t.id, From: t.state, Rule: ccefsm.TS5})
			t.fresh = false
			lim := limit(t.mrd, ap)
			switch {
			case t.mrd.Media != ccefsm.MediaEmail:
				t.init = true
			case now < lim:
				t.rebuilt = true
			case t.begin < lim:
				t.cutIn = true
			default:
				t.init = true
			}
		case t.cutThisOutage:
			out = append(out, eff{Kind: EffectSegmentRestarted, At: now, Task: t.id, From: t.state, Rule: ccefsm.TS3})
		}
		t.memberThisOutage, t.cutThisOutage = false, false
	}
	return out, 0, nil
}

// op is one recorded input, replayable on a store and on the model.
type op struct {
	kind  string
	at    time.Duration
	nt    NewTask
	id    ccefsm.TaskID
	agent ccefsm.AgentID
	disp  Disposition
	app   ccefsm.AppID
}

func (o op) store(s *Store, dst []Effect) ([]Effect, error) {
	return o.storeAt(s, dst, t0.Add(o.at))
}

// storeAt applies the input at instant now rather than at t0 + o.at.
func (o op) storeAt(s *Store, dst []Effect, now time.Time) ([]Effect, error) {
	switch o.kind {
	case "create":
		return s.Create(dst, now, o.nt)
	case "advance":
		return s.Advance(dst, now)
	case "down":
		return s.PathDown(dst, now, o.app)
	case "up":
		return s.PathUp(dst, now, o.app)
	case "assign":
		return s.Assign(dst, now, o.id, o.agent)
	case "offer":
		return s.Offer(dst, now, o.id)
	case "start":
		return s.Start(dst, now, o.id)
	case "pause":
		return s.Pause(dst, now, o.id)
	case "resume":
		return s.Resume(dst, now, o.id)
	case "wrapup":
		return s.WrapUp(dst, now, o.id)
	case "end":
		return s.End(dst, now, o.id, o.disp)
	}
	panic("unknown op " + o.kind)
}

func (o op) model(m *model) ([]eff, phase, error) {
	switch o.kind {
	case "create":
		return m.create(o.at, o.nt)
	case "advance":
		out, err := m.advance(o.at)
		return out, phaseArgs, err
	case "down":
		return m.pathDown(o.at, o.app)
	case "up":
		return m.pathUp(o.at, o.app)
	}
	ev := map[string]Event{"assign": EventReserve, "offer": EventOffer, "start": EventStart, "pause": EventPause,
		"resume": EventResume, "wrapup": EventWrapUp, "end": EventEnd}[o.kind]
	return m.request(o.at, o.id, ev, o.agent, o.disp)
}

// testMRDs: short timings so that random walks reach every deadline: chat
// (1), email (2), other media (3), and email that does not cut at its time
// limit (4).
func testMRDs() []ccefsm.MRD {
	c := ccefsm.NewMRD(1, ccefsm.MediaChat)
	c.TaskLife, c.StartTimeout, c.MaxDuration = 100*time.Second, 10*time.Second, 1000*time.Second
	o := ccefsm.NewMRD(3, ccefsm.MediaOther)
	o.TaskLife, o.StartTimeout, o.MaxDuration = 40*time.Second, 20*time.Second, 300*time.Second
	e := ccefsm.NewMRD(2, ccefsm.MediaEmail)
	e.TaskLife, e.StartTimeout, e.MaxDuration, e.TimeLimit = 100*time.Second, 10*time.Second, 1000*time.Second, 50*time.Second
	n := e
	n.ID, n.NoTimeLimitCut = 4, true
	return []ccefsm.MRD{c, e, o, n}
}

func sortEffs(es []eff) []eff {
	out := append([]eff(nil), es...)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.At != b.At {
			return a.At < b.At
		}
		if a.Task != b.Task {
			return a.Task < b.Task
		}
		return a.Kind < b.Kind
	})
	return out
}

func drawOp(t *rapid.T, now time.Duration) op {
	// Mostly valid inputs on a few tasks and applications, so that walks go
	// deep into outages; sometimes invalid ones (zero IDs, unknown MRD 5,
	// states a task cannot begin in, time going backwards).
	id := ccefsm.TaskID(rapid.IntRange(1, 8).Draw(t, "id"))
	if rapid.IntRange(0, 20).Draw(t, "otherID") == 0 {
		id = ccefsm.TaskID(rapid.IntRange(0, 24).Draw(t, "id2"))
	}
	appID := ccefsm.AppID(rapid.IntRange(1, 2).Draw(t, "app"))
	if rapid.IntRange(0, 20).Draw(t, "zeroApp") == 0 {
		appID = 0
	}
	at := now + []time.Duration{0, 1, time.Second, time.Second, 5 * time.Second, 10 * time.Second, 40 * time.Second, 50 * time.Second, 100 * time.Second, 300 * time.Second}[rapid.IntRange(0, 9).Draw(t, "dt")]
	if rapid.IntRange(0, 30).Draw(t, "back") == 0 {
		at = now - 1
	}
	kind := rapid.SampledFrom([]string{"create", "create", "create", "advance", "down", "up", "assign", "offer", "start", "start", "pause", "resume", "wrapup", "end", "end"}).Draw(t, "kind")
	o := op{kind: kind, at: at, id: id, app: appID}
	switch kind {
	case "create":
		st := rapid.SampledFrom([]State{StateNew, StateNew, StatePreCall, StatePreCall, StateOffered, StateActive, StatePaused}).Draw(t, "state")
		agent := ccefsm.AgentID(rapid.IntRange(1, 3).Draw(t, "agent"))
		if st == StateNew {
			agent = 0
		}
		if rapid.IntRange(0, 20).Draw(t, "badAgent") == 0 {
			agent = 1 - min(agent, 1)
		}
		mrd := ccefsm.MRDID(rapid.IntRange(1, 4).Draw(t, "mrd"))
		if rapid.IntRange(0, 30).Draw(t, "badMRD") == 0 {
			mrd = 5
		}
		o.nt = NewTask{ID: id, App: appID, MRD: mrd, Agent: agent, State: st}
	case "assign":
		o.agent = ccefsm.AgentID(rapid.IntRange(0, 3).Draw(t, "agent"))
	case "end":
		o.disp = Disposition(rapid.SampledFrom([]int{0, 0, 0, 38, 63, 66}).Draw(t, "disp"))
	}
	return o
}

// drawOps draws a walk; before some inputs it fires the deadlines due by
// then, as a caller's timer would (the inputs fire them too).
func drawOps(t *rapid.T, max int) []op {
	var ops []op
	now := time.Duration(0)
	n := rapid.IntRange(1, max).Draw(t, "steps")
	for i := 0; i < n; i++ {
		o := drawOp(t, now)
		if o.kind != "advance" && o.at >= now && rapid.IntRange(0, 3).Draw(t, "autoAdvance") == 0 {
			ops = append(ops, op{kind: "advance", at: o.at})
		}
		if o.at > now {
			now = o.at
		}
		ops = append(ops, o)
	}
	return ops
}

// fataler is what runOps needs from *testing.T and *rapid.T.
type fataler interface {
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

var debugOps = false

// runOps applies ops to a fresh store and to the model, checking every
// step (same effects, same errors; a refused input changes nothing, or —
// refused after the deadlines fired — leaves the store exactly as
// Advance(now) would, with the same effects; the invariant check; the same
// open tasks and next deadline), then drains the store and checks that
// every task ended exactly once with a valid disposition and a final
// reporting class. It returns the store's effect log and errors.
func runOps(t fataler, ops []op) ([]Effect, []error) {
	s, err := NewStore(Config{MRDs: testMRDs()})
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(testMRDs())
	var log []Effect
	var errs []error
	openIDs := map[ccefsm.TaskID]bool{}
	created, endedN := 0, 0
	step := func(o op) {
		snap, _ := s.MarshalBinary()
		got, err := o.store(s, nil)
		want, ph, merr := o.model(m)
		if debugOps {
			fmt.Printf("%+v -> %v %v\n", o, got, err)
		}
		if !errors.Is(err, merr) || (err == nil) != (merr == nil) {
			t.Fatalf("%+v: store err %v, model err %v", o, err, merr)
		}
		if err != nil {
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("%+v: untyped error %v", o, err)
			}
			if te.Fired != len(got) {
				t.Fatalf("%+v: error says %d effects fired, %d returned", o, te.Fired, len(got))
			}
			// The refused input itself changes nothing: the store is the
			// one before it, advanced to now when the refusal came after
			// the deadlines fired.
			var ref Store
			if err := ref.UnmarshalBinary(snap); err != nil {
				t.Fatal(err)
			}
			var fired []Effect
			if ph == phaseState {
				var aerr error
				if fired, aerr = ref.Advance(nil, t0.Add(o.at)); aerr != nil {
					t.Fatal(aerr)
				}
			}
			after, _ := s.MarshalBinary()
			want, _ := ref.MarshalBinary()
			if !reflect.DeepEqual(got, fired) || !bytes.Equal(after, want) {
				t.Fatalf("%+v: refused input changed the store beyond Advance(now)", o)
			}
		}
		if w, g := sortEffs(want), sortEffs(core(got)); !slices.Equal(w, g) {
			t.Fatalf("%+v: effects (-model +store):\n%s", o, cmp.Diff(w, g))
		}
		// The deadlines fired before the input first: a Create may reuse
		// the ID of a task they ended.
		for _, e := range got {
			if e.Kind != EffectEnded {
				continue
			}
			if !openIDs[e.Task] {
				t.Fatalf("%+v: task %d ended twice or never opened: %v", o, e.Task, got)
			}
			delete(openIDs, e.Task)
			endedN++
			if !e.Disposition.IsValid() || !e.Report.IsFinal() {
				t.Fatalf("task %d ended with %v / %v", e.Task, e.Disposition, e.Report)
			}
		}
		if o.kind == "create" && err == nil {
			created++
			openIDs[o.nt.ID] = true
		}
		if p := s.check(); p != nil {
			t.Fatalf("after %+v: %v", o, p)
		}
		if s.Len() != len(m.tasks) {
			t.Fatalf("after %+v: store has %d tasks, model %d", o, s.Len(), len(m.tasks))
		}
		for id, mt := range m.tasks {
			st, err := s.Task(id)
			if err != nil || st.State != mt.state || st.Agent != mt.agent || st.Unreported != mt.fresh {
				t.Fatalf("task %d: store %+v %v, model %+v", id, st, err, *mt)
			}
		}
		nd, ok := s.NextDeadline()
		md, mok := m.next()
		if ok != mok || (ok && nd.Sub(t0) != md) {
			t.Fatalf("next deadline: store %v %v, model %v %v", nd.Sub(t0), ok, md, mok)
		}
		log = append(log, got...)
		errs = append(errs, err)
	}
	for _, o := range ops {
		step(o)
	}
	// Drain: every path up, then far enough for every maximum duration.
	end := m.now + 2000*time.Second
	for a := ccefsm.AppID(1); a <= 3; a++ {
		step(op{kind: "up", at: m.now, app: a})
	}
	step(op{kind: "advance", at: end})
	if s.Len() != 0 || len(openIDs) != 0 || created != endedN {
		t.Fatalf("after drain: %d open, %d created, %d ended", s.Len(), created, endedN)
	}
	return log, errs
}

// replayTwice runs ops twice more and requires the same effects in the
// same order and the same errors.
func replayTwice(t fataler, ops []op, log []Effect, errs []error) {
	for r := 0; r < 2; r++ {
		log2, errs2 := runOps(t, ops)
		if !reflect.DeepEqual(log, log2) {
			t.Fatalf("replay %d differs (-first +replay):\n%s", r, cmp.Diff(log, log2))
		}
		for i := range errs {
			if (errs[i] == nil) != (errs2[i] == nil) || (errs[i] != nil && errs[i].Error() != errs2[i].Error()) {
				t.Fatalf("replay %d: error %d differs: %v vs %v", r, i, errs[i], errs2[i])
			}
		}
	}
}

// TestStoreModel is the rapid stateful test: random inputs against the
// naive model; every task ends in exactly one disposition and one
// reporting class; erroring inputs change nothing; replay is deterministic.
func TestStoreModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ops := drawOps(t, 100)
		log, errs := runOps(t, ops)
		replayTwice(t, ops, log, errs)
	})
}

func (o op) String() string { return fmt.Sprintf("%s@%v", o.kind, o.at) }

// decodeOps turns fuzz bytes into inputs, four bytes per op: kind, task ID,
// a time step, and an argument byte (state, agent, MRD, application or
// disposition).
func decodeOps(data []byte) []op {
	kinds := [...]string{"create", "advance", "down", "up", "assign", "offer", "start", "pause", "resume", "wrapup", "end"}
	steps := [...]time.Duration{0, 1, time.Second, 5 * time.Second, 10 * time.Second, 40 * time.Second, 50 * time.Second, 100 * time.Second, 300 * time.Second, -1}
	states := [...]State{StateNew, StatePreCall, StateOffered, StateActive, StatePaused, StateEnded, StateClosing, 99}
	var ops []op
	now := time.Duration(0)
	for len(data) >= 4 && len(ops) < 200 {
		k, id, dt, arg := data[0], data[1], data[2], data[3]
		data = data[4:]
		at := now + steps[int(dt)%len(steps)]
		if at > now {
			now = at
		}
		o := op{kind: kinds[int(k)%len(kinds)], at: at, id: ccefsm.TaskID(id % 32), app: ccefsm.AppID(arg % 4)}
		switch o.kind {
		case "create":
			o.nt = NewTask{ID: o.id, App: ccefsm.AppID(arg>>6) % 4, MRD: ccefsm.MRDID(arg>>3&7) % 6, Agent: ccefsm.AgentID(arg & 1), State: states[int(arg>>1&3)+int(k>>7)*4]}
		case "assign":
			o.agent = ccefsm.AgentID(arg % 3)
		case "end":
			o.disp = Disposition(arg % 70)
		}
		ops = append(ops, o)
	}
	return ops
}

// FuzzStore drives the store and the model with byte-encoded inputs; the
// checks are those of TestStoreModel. The seeds cover each TS rule.
func FuzzStore(f *testing.F) {
	// create active chat task 1 (app 1), path down, advance past task life.
	f.Add([]byte{0, 1, 0, 0x4e, 2, 0, 1, 1, 1, 0, 7, 0, 1, 0, 7, 0})
	// email task (MRD 2), down, past the time limit, up, end.
	f.Add([]byte{0, 1, 0, 0x56, 2, 0, 1, 1, 1, 0, 6, 0, 3, 0, 1, 1, 10, 1, 1, 0})
	// down, create during the outage, end within it; create another, up.
	f.Add([]byte{2, 0, 1, 1, 0, 2, 1, 0x4e, 10, 2, 1, 0, 0, 3, 1, 0x4e, 3, 0, 1, 1})
	// pre-call task, advance past the start timeout; new task past max duration.
	f.Add([]byte{0, 4, 0, 0x4a, 1, 0, 4, 0, 0, 5, 0, 0x48, 1, 0, 8, 0, 1, 0, 8, 0, 1, 0, 8, 0, 1, 0, 8, 0})
	// End during the outage, then up (TS-2); time backwards.
	f.Add([]byte{0, 1, 0, 0x4e, 2, 0, 1, 1, 10, 1, 1, 38, 3, 0, 1, 1, 1, 0, 9, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ops := decodeOps(data)
		log, errs := runOps(t, ops)
		replayTwice(t, ops, log, errs)
	})
}
