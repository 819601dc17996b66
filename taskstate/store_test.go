package taskstate

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

// t0 is the fixed origin of every step table; steps give offsets from it.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const (
	sec  = time.Second
	life = ccefsm.DefaultTaskLife
	app  = ccefsm.AppID(7)
	chat = ccefsm.MRDID(1)
	mail = ccefsm.MRDID(2)
)

// eff is the comparable core of an Effect, with At as an offset from t0.
type eff struct {
	Kind   EffectKind
	At     time.Duration
	Task   ccefsm.TaskID
	From   State
	Rule   ccefsm.RuleID
	Disp   Disposition
	Report ccefsm.ReportClass
	RRule  ccefsm.RuleID
}

func core(es []Effect) []eff {
	var out []eff
	for _, e := range es {
		out = append(out, eff{e.Kind, e.At.Sub(t0), e.Task, e.From, e.Rule, e.Disposition, e.Report, e.ReportRule})
	}
	return out
}

// ended builds the expected EffectEnded.
func ended(at time.Duration, id ccefsm.TaskID, from State, rule ccefsm.RuleID, d Disposition, c ccefsm.ReportClass, crule ccefsm.RuleID) eff {
	return eff{EffectEnded, at, id, from, rule, d, c, crule}
}

func other(k EffectKind, at time.Duration, id ccefsm.TaskID, from State, rule ccefsm.RuleID) eff {
	return eff{Kind: k, At: at, Task: id, From: from, Rule: rule}
}

// segEnd builds the expected EffectSegmentEnded (TS-3), which carries
// disposition 53.
func segEnd(at time.Duration, id ccefsm.TaskID, from State) eff {
	return eff{Kind: EffectSegmentEnded, At: at, Task: id, From: from, Rule: ccefsm.TS3, Disp: SegmentDisposition}
}

// input is one call on the store at an instant.
type input func(s *Store, dst []Effect, now time.Time) ([]Effect, error)

func create(id ccefsm.TaskID, mrd ccefsm.MRDID, st State) input {
	return func(s *Store, dst []Effect, now time.Time) ([]Effect, error) {
		agent := ccefsm.AgentID(100 + id)
		if st == StateNew {
			agent = 0
		}
		return s.Create(dst, now, NewTask{ID: id, App: app, MRD: mrd, Agent: agent, State: st})
	}
}

func advance() input {
	return func(s *Store, d []Effect, n time.Time) ([]Effect, error) { return s.Advance(d, n) }
}
func down() input {
	return func(s *Store, d []Effect, n time.Time) ([]Effect, error) { return s.PathDown(d, n, app) }
}
func up() input {
	return func(s *Store, d []Effect, n time.Time) ([]Effect, error) { return s.PathUp(d, n, app) }
}
func end(id ccefsm.TaskID, disp Disposition) input {
	return func(s *Store, d []Effect, n time.Time) ([]Effect, error) { return s.End(d, n, id, disp) }
}
func assign(id ccefsm.TaskID) input {
	return func(s *Store, d []Effect, n time.Time) ([]Effect, error) { return s.Assign(d, n, id, 9) }
}
func offer(id ccefsm.TaskID) input {
	return func(s *Store, d []Effect, n time.Time) ([]Effect, error) { return s.Offer(d, n, id) }
}
func start(id ccefsm.TaskID) input {
	return func(s *Store, d []Effect, n time.Time) ([]Effect, error) { return s.Start(d, n, id) }
}
func pause(id ccefsm.TaskID) input {
	return func(s *Store, d []Effect, n time.Time) ([]Effect, error) { return s.Pause(d, n, id) }
}
func resume(id ccefsm.TaskID) input {
	return func(s *Store, d []Effect, n time.Time) ([]Effect, error) { return s.Resume(d, n, id) }
}
func wrapUp(id ccefsm.TaskID) input {
	return func(s *Store, d []Effect, n time.Time) ([]Effect, error) { return s.WrapUp(d, n, id) }
}

type step struct {
	at   time.Duration
	in   input
	want []eff
	err  error // sentinel, or nil
}

// newStore returns a store with a chat MRD (1) and an email MRD (2), both
// with Cisco's default timing, and any further MRDs given.
func newStore(t testing.TB, more ...ccefsm.MRD) *Store {
	t.Helper()
	s, err := NewStore(Config{MRDs: append([]ccefsm.MRD{ccefsm.NewMRD(chat, ccefsm.MediaChat), ccefsm.NewMRD(mail, ccefsm.MediaEmail)}, more...)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func runSteps(t testing.TB, s *Store, steps []step) {
	t.Helper()
	for n, st := range steps {
		got, err := st.in(s, nil, t0.Add(st.at))
		if !errors.Is(err, st.err) || (err != nil) != (st.err != nil) {
			t.Fatalf("step %d at t0+%v: err = %v, want %v", n, st.at, err, st.err)
		}
		if diff := cmp.Diff(st.want, core(got)); diff != "" {
			t.Fatalf("step %d at t0+%v: effects (-want +got):\n%s", n, st.at, diff)
		}
		if err := verify(s); err != nil {
			t.Fatalf("step %d: invariant: %v", n, err)
		}
	}
}

func TestStoreSteps(t *testing.T) {
	const down0 = 10 * sec // every outage below starts here unless said
	expiry := down0 + life
	P, C, U, R := ccefsm.ReportPartial, ccefsm.ReportComplete, ccefsm.ReportUnreported, ccefsm.ReportRecreated
	tests := []struct {
		name  string
		steps []step
	}{
		{"complete life cycle: no outage, no rule (ReportComplete)", []step{
			{0, create(1, chat, StateNew), nil, nil},
			{1 * sec, assign(1), nil, nil},
			{2 * sec, offer(1), nil, nil},
			{3 * sec, start(1), nil, nil},
			{4 * sec, pause(1), nil, nil},
			{5 * sec, resume(1), nil, nil},
			{6 * sec, wrapUp(1), nil, nil},
			{7 * sec, end(1, 0), []eff{ended(7*sec, 1, StateWrapUp, ccefsm.RuleNone, NormalEndTask, C, ccefsm.RuleNone)}, nil},
		}},
		{"TS-1: task life runs out while the path is down: 42 at down-time + task life", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{1 * sec, create(2, chat, StateOffered), nil, nil},
			{2 * sec, create(3, chat, StatePreCall), nil, nil},
			{3 * sec, start(3), nil, nil},
			{4 * sec, pause(3), nil, nil},
			{down0, down(), nil, nil},
			{expiry - 1, advance(), nil, nil},
			{expiry + 5*sec, advance(), []eff{
				ended(expiry, 1, StateActive, ccefsm.TS1, ApplicationPathWentDown, P, ccefsm.RP4),
				ended(expiry, 2, StateOffered, ccefsm.TS1, ApplicationPathWentDown, P, ccefsm.RP4),
				ended(expiry, 3, StatePaused, ccefsm.TS1, ApplicationPathWentDown, P, ccefsm.RP4),
			}, nil},
			{expiry + 6*sec, up(), nil, nil},
		}},
		{"TS-1: outage shorter than task life: tasks survive and go on (spanned: partial, RP-4)", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{down0 + 600*sec, up(), nil, nil},
			{expiry, advance(), nil, nil},
			{expiry + sec, wrapUp(1), nil, nil},
			{expiry + 2*sec, end(1, 0), []eff{ended(expiry+2*sec, 1, StateWrapUp, ccefsm.RuleNone, NormalEndTask, P, ccefsm.RP4)}, nil},
		}},
		{"TS-1 edge: restore exactly at the deadline comes too late (the deadline fires first)", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{expiry, up(), []eff{ended(expiry, 1, StateActive, ccefsm.TS1, ApplicationPathWentDown, P, ccefsm.RP4)}, nil},
			{expiry, advance(), nil, nil},
		}},
		{"TS-1 edge: restore one instant before the deadline saves the task", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{expiry - 1, up(), nil, nil},
			{expiry, advance(), nil, nil},
			{expiry, end(1, 0), []eff{ended(expiry, 1, StateActive, ccefsm.RuleNone, NormalEndTask, P, ccefsm.RP4)}, nil},
		}},
		{"TS-1: two outages in a row: task life counts from the second down, not accumulated", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{down0 + 1000*sec, up(), nil, nil},
			{down0 + 1100*sec, down(), nil, nil},
			{expiry, advance(), nil, nil},
			{down0 + 1100*sec + life - 1, advance(), nil, nil},
			{down0 + 1100*sec + life, advance(), []eff{ended(down0+1100*sec+life, 1, StateActive, ccefsm.TS1, ApplicationPathWentDown, P, ccefsm.RP4)}, nil},
		}},
		{"TS-1: a second PathDown during an outage is an observation of the same outage", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{down0 + 500*sec, down(), nil, nil},
			{expiry, advance(), []eff{ended(expiry, 1, StateActive, ccefsm.TS1, ApplicationPathWentDown, P, ccefsm.RP4)}, nil},
		}},
		{"TS-2: ended during the outage, closed with 51 at re-init", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{down0 + 100*sec, end(1, TaskTransfer), []eff{other(EffectEndDeferred, down0+100*sec, 1, StateActive, ccefsm.TS2)}, nil},
			{down0 + 101*sec, pause(1), nil, ErrIllegalTransition},
			{down0 + 200*sec, up(), []eff{ended(down0+200*sec, 1, StateClosing, ccefsm.TS2, TaskEndedDuringAppInit, P, ccefsm.RP4)}, nil},
		}},
		{"TS-2 edge: ended one instant before expiry, within task life: 51 at re-init, not 42 at task life (TS-1 ends only open tasks)", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{0, create(2, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{expiry - 1, end(1, 0), []eff{other(EffectEndDeferred, expiry-1, 1, StateActive, ccefsm.TS2)}, nil},
			{expiry, advance(), []eff{
				ended(expiry, 2, StateActive, ccefsm.TS1, ApplicationPathWentDown, P, ccefsm.RP4),
			}, nil},
			{expiry, end(2, 0), nil, ErrUnknownTask},
			{expiry + 3600*sec, up(), []eff{ended(expiry+3600*sec, 1, StateClosing, ccefsm.TS2, TaskEndedDuringAppInit, P, ccefsm.RP4)}, nil},
		}},
		{"TS-2 edge: End exactly at expiry comes too late: task life ends it with 42 first (TS-1), and the End finds no task", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{expiry, end(1, 0), []eff{ended(expiry, 1, StateActive, ccefsm.TS1, ApplicationPathWentDown, P, ccefsm.RP4)}, ErrUnknownTask},
			{expiry, end(1, 0), nil, ErrUnknownTask},
		}},
		{"TS-2: only CLOSING tasks left: no task-life deadline, they wait for re-init", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{down0 + sec, end(1, 0), []eff{other(EffectEndDeferred, down0+sec, 1, StateActive, ccefsm.TS2)}, nil},
			{expiry + ccefsm.DefaultMaxDuration, advance(), nil, nil},
			{expiry + ccefsm.DefaultMaxDuration, up(), []eff{ended(expiry+ccefsm.DefaultMaxDuration, 1, StateClosing, ccefsm.TS2, TaskEndedDuringAppInit, P, ccefsm.RP4)}, nil},
		}},
		{"TS-3: email is not terminated; the segment ends at the time limit and restarts on restore", []step{
			{0, create(1, mail, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{expiry, advance(), []eff{segEnd(expiry, 1, StateActive)}, nil},
			{expiry + 3600*sec, up(), []eff{other(EffectSegmentRestarted, expiry+3600*sec, 1, StateActive, ccefsm.TS3)}, nil},
			{expiry + 3700*sec, end(1, 0), []eff{ended(expiry+3700*sec, 1, StateActive, ccefsm.RuleNone, NormalEndTask, P, ccefsm.TS3)}, nil},
		}},
		{"TS-3 / RP-6: email outage within the time limit: history recreated", []step{
			{0, create(1, mail, StateActive), nil, nil},
			{0, create(2, mail, StateActive), nil, nil},
			{down0, down(), nil, nil},
			{down0 + 60*sec, end(2, 0), []eff{ended(down0+60*sec, 2, StateActive, ccefsm.RuleNone, NormalEndTask, R, ccefsm.RP6)}, nil},
			{expiry - 1, up(), nil, nil},
			{expiry, advance(), nil, nil},
			{expiry, end(1, 0), []eff{ended(expiry, 1, StateActive, ccefsm.RuleNone, NormalEndTask, R, ccefsm.RP6)}, nil},
		}},
		{"TS-4 / RP-4: assigned and completed during the outage: unreported, not hit by task life", []step{
			{down0, down(), nil, nil},
			{down0 + sec, create(1, chat, StateActive), nil, nil},
			{down0 + 2*sec, create(2, chat, StateActive), nil, nil},
			{expiry, advance(), nil, nil},
			{expiry + sec, end(1, 0), []eff{ended(expiry+sec, 1, StateActive, ccefsm.RuleNone, NormalEndTask, U, ccefsm.RP4)}, nil},
			{expiry + 2*sec, up(), []eff{other(EffectTaskInit, expiry+2*sec, 2, StateActive, ccefsm.TS5)}, nil},
		}},
		{"TS-5: begun during the outage and open at restore: TASK_INIT_REQ, reported from restore (partial)", []step{
			{down0, down(), nil, nil},
			{down0 + sec, create(1, chat, StateNew), nil, nil},
			{down0 + 2*sec, assign(1), nil, nil},
			{down0 + 3*sec, start(1), nil, nil},
			{down0 + 4*sec, up(), []eff{other(EffectTaskInit, down0+4*sec, 1, StateActive, ccefsm.TS5)}, nil},
			{down0 + 5*sec, down(), nil, nil},
			{down0 + 6*sec, end(1, 0), []eff{other(EffectEndDeferred, down0+6*sec, 1, StateActive, ccefsm.TS2)}, nil},
			{down0 + 7*sec, up(), []eff{ended(down0+7*sec, 1, StateClosing, ccefsm.TS2, TaskEndedDuringAppInit, P, ccefsm.TS5)}, nil},
		}},
		{"TS-6: maximum duration without End Task: 41", []step{
			{0, create(1, chat, StateActive), nil, nil},
			{sec, create(2, chat, StateNew), nil, nil},
			{ccefsm.DefaultMaxDuration - 1, advance(), nil, nil},
			{ccefsm.DefaultMaxDuration + sec, advance(), []eff{
				ended(ccefsm.DefaultMaxDuration, 1, StateActive, ccefsm.TS6, MaxTaskLifetimeExceeded, C, ccefsm.RuleNone),
				ended(ccefsm.DefaultMaxDuration+sec, 2, StateNew, ccefsm.TS6, MaxTaskLifetimeExceeded, C, ccefsm.RuleNone),
			}, nil},
		}},
		{"TS-7: start timeout between agent selection and Offer/Start: agent not routable, 36", []step{
			{0, create(1, chat, StateNew), nil, nil},
			{sec, assign(1), nil, nil},
			{sec, create(2, chat, StatePreCall), nil, nil},
			{2 * sec, create(3, chat, StatePreCall), nil, nil},
			{30 * sec, offer(3), nil, nil},
			{31*sec - 1, advance(), nil, nil},
			{31 * sec, advance(), []eff{
				other(EffectAgentNotRoutable, 31*sec, 1, StatePreCall, ccefsm.TS7),
				ended(31*sec, 1, StatePreCall, ccefsm.TS7, TaskAbandonedBeforeOffered, C, ccefsm.RuleNone),
				other(EffectAgentNotRoutable, 31*sec, 2, StatePreCall, ccefsm.TS7),
				ended(31*sec, 2, StatePreCall, ccefsm.TS7, TaskAbandonedBeforeOffered, C, ccefsm.RuleNone),
			}, nil},
			{40 * sec, end(3, 0), []eff{ended(40*sec, 3, StateOffered, ccefsm.RuleNone, TaskAbandonedWhileOffered, C, ccefsm.RuleNone)}, nil},
		}},
		{"TS-7 edge: Start one instant before the timeout", []step{
			{0, create(1, chat, StatePreCall), nil, nil},
			{30*sec - 1, start(1), nil, nil},
			{30 * sec, advance(), nil, nil},
		}},
		{"errors change nothing: backwards time, duplicates, unknown, illegal, bad disposition", []step{
			{10 * sec, create(1, chat, StateOffered), nil, nil},
			{9 * sec, start(1), nil, ErrTimeBackwards},
			{9 * sec, advance(), nil, ErrTimeBackwards},
			{10 * sec, create(1, chat, StateActive), nil, ErrDuplicateTask},
			{10 * sec, create(2, 99, StateActive), nil, ErrUnknownMRD},
			{10 * sec, create(0, chat, StateActive), nil, ErrUnknownTask},
			{10 * sec, create(3, chat, StateEnded), nil, ErrIllegalTransition},
			{10 * sec, create(4, chat, StateClosing), nil, ErrIllegalTransition},
			{10 * sec, create(4, chat, StatePaused), nil, ErrIllegalTransition},
			{10 * sec, create(4, chat, StateWrapUp), nil, ErrIllegalTransition},
			{10 * sec, create(5, chat, 99), nil, ErrInvalidState},
			{10 * sec, start(2), nil, ErrUnknownTask},
			{10 * sec, pause(1), nil, ErrIllegalTransition},
			{10 * sec, assign(1), nil, ErrIllegalTransition},
			{10 * sec, end(1, 66), nil, ErrInvalidDisposition},
			{11 * sec, end(1, TaskTransfer), []eff{ended(11*sec, 1, StateOffered, ccefsm.RuleNone, TaskTransfer, C, ccefsm.RuleNone)}, nil},
			{12 * sec, end(1, 0), nil, ErrUnknownTask},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runSteps(t, newStore(t), tt.steps)
		})
	}
}

func TestEmailTimeLimit(t *testing.T) {
	// TS-3 (configurable): the time limit is its own attribute when set.
	m := ccefsm.NewMRD(3, ccefsm.MediaEmail)
	m.TimeLimit = 300 * sec
	s := newStore(t, m)
	runSteps(t, s, []step{
		{0, create(1, 3, StateActive), nil, nil},
		{0, create(2, mail, StateActive), nil, nil},
		{10 * sec, down(), nil, nil},
		{310 * sec, advance(), []eff{segEnd(310*sec, 1, StateActive)}, nil},
		{10*sec + life, advance(), []eff{segEnd(10*sec+life, 2, StateActive)}, nil},
		{10*sec + life + 1, end(1, 0), []eff{ended(10*sec+life+1, 1, StateActive, ccefsm.RuleNone, NormalEndTask, ccefsm.ReportPartial, ccefsm.TS3)}, nil},
		{10*sec + life + 2, up(), []eff{other(EffectSegmentRestarted, 10*sec+life+2, 2, StateActive, ccefsm.TS3)}, nil},
	})
}

func TestViews(t *testing.T) {
	s := newStore(t)
	if _, ok := s.NextDeadline(); ok {
		t.Error("empty store has a deadline")
	}
	if m, err := s.MRD(mail); err != nil || m != ccefsm.NewMRD(mail, ccefsm.MediaEmail) {
		t.Errorf("MRD(mail) = %+v, %v", m, err)
	}
	for _, id := range []ccefsm.MRDID{0, 99} {
		if _, err := s.MRD(id); !errors.Is(err, ErrUnknownMRD) || !errors.Is(err, ccefsm.ErrUnknownID) {
			t.Errorf("MRD(%d): %v, want ErrUnknownMRD", id, err)
		}
	}
	runSteps(t, s, []step{
		{0, create(1, chat, StatePreCall), nil, nil},
		{sec, down(), nil, nil},
		{2 * sec, create(2, chat, StateNew), nil, nil},
	})
	got := []Task{}
	for _, id := range []ccefsm.TaskID{1, 2} {
		v, err := s.Task(id)
		if err != nil {
			t.Fatalf("task %d: %v", id, err)
		}
		got = append(got, v)
	}
	want := []Task{
		{ID: 1, App: app, MRD: chat, Agent: 101, State: StatePreCall, Created: t0},
		{ID: 2, App: app, MRD: chat, State: StateNew, Created: t0.Add(2 * sec), Unreported: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("views (-want +got):\n%s", diff)
	}
	if down, since := s.IsPathDown(app); !down || !since.Equal(t0.Add(sec)) {
		t.Errorf("IsPathDown = %v, %v", down, since)
	}
	if down, _ := s.IsPathDown(99); down {
		t.Error("unknown application reported down")
	}
	if d, ok := s.NextDeadline(); !ok || !d.Equal(t0.Add(30*sec)) {
		t.Errorf("NextDeadline = %v, %v; want the start timeout at t0+30s (TS-7)", d, ok)
	}
	for _, id := range []ccefsm.TaskID{0, 3} {
		if _, err := s.Task(id); !errors.Is(err, ErrUnknownTask) || !errors.Is(err, ccefsm.ErrUnknownID) {
			t.Errorf("Task(%d): %v, want ErrUnknownTask", id, err)
		}
	}
	s.Grow(10_000)
	if err := verify(s); err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 {
		t.Errorf("Len = %d after Grow, want 2", s.Len())
	}
}

// TestSameInstantOrder pins the order of deadlines due at the same
// instant (documented on Store.Advance): start timeouts (TS-7), then
// maximum durations (TS-6), then outage deadlines (TS-1, TS-3); MRDs in the
// order they were added, buckets in the order they were created; within a
// queue the order the tasks entered it; within an outage the order of
// creation.
func TestSameInstantOrder(t *testing.T) {
	// Two chat MRDs whose start timeout, maximum duration and task life
	// all run out at T = 100 s for the tasks below.
	a := ccefsm.NewMRD(10, ccefsm.MediaChat)
	a.StartTimeout, a.MaxDuration, a.TaskLife = 100*sec, 100*sec, 90*sec
	b := a
	b.ID = 11
	e := ccefsm.NewMRD(12, ccefsm.MediaEmail)
	e.TaskLife, e.MaxDuration = 90*sec, time.Hour
	s := newStore(t, a, b, e)
	mk := func(id ccefsm.TaskID, ap ccefsm.AppID, m ccefsm.MRDID, st State) input {
		return func(s *Store, dst []Effect, now time.Time) ([]Effect, error) {
			ag := ccefsm.AgentID(id)
			if st == StateNew {
				ag = 0
			}
			return s.Create(dst, now, NewTask{ID: id, App: ap, MRD: m, Agent: ag, State: st})
		}
	}
	downOf := func(ap ccefsm.AppID) input {
		return func(s *Store, dst []Effect, now time.Time) ([]Effect, error) { return s.PathDown(dst, now, ap) }
	}
	const T = 100 * sec
	runSteps(t, s, []step{
		{0, mk(1, 8, 11, StateActive), nil, nil},        // max duration of MRD 11 at T
		{0, mk(2, 7, 10, StateActive), nil, nil},        // max duration of MRD 10 at T
		{0, mk(3, 7, 10, StateNew), nil, nil},           // max duration of MRD 10 at T, after 2
		{10 * sec, mk(4, 7, 12, StateActive), nil, nil}, // email: cut at T
		{10 * sec, mk(5, 9, 10, StateActive), nil, nil}, // task life at T (app 9), not max duration
		{0 + 10*sec, mk(6, 9, 12, StateActive), nil, nil},
		{10 * sec, downOf(9), nil, nil}, // task life of 5 (bucket of app 9, MRD 10) and cut of 6 at T
		{10 * sec, downOf(7), nil, nil}, // app 7: MRD 10 bucket (2, 3: max duration first) and email 4 cut at T
		{0 + 10*sec, assign(3), nil, nil},
	})
	// Task 3 was reserved at 10 s: its start timeout is at 110 s, not T.
	runSteps(t, s, []step{
		{T, advance(), []eff{
			ended(T, 2, StateActive, ccefsm.TS6, MaxTaskLifetimeExceeded, ccefsm.ReportPartial, ccefsm.RP4),
			ended(T, 3, StatePreCall, ccefsm.TS6, MaxTaskLifetimeExceeded, ccefsm.ReportPartial, ccefsm.RP4),
			ended(T, 1, StateActive, ccefsm.TS6, MaxTaskLifetimeExceeded, ccefsm.ReportComplete, ccefsm.RuleNone),
			segEnd(T, 4, StateActive),
			ended(T, 5, StateActive, ccefsm.TS1, ApplicationPathWentDown, ccefsm.ReportPartial, ccefsm.RP4),
			segEnd(T, 6, StateActive),
		}, nil},
	})
}

// TestLimits: the documented limits are accepted at the limit and refused
// one past it: MaxTasksPerAgent 10 and attributes of ten years
// (ccefsm.MaxAttribute), with a task created at the latest instant the
// store holds, whose deadlines then land on the largest int64 nanosecond.
func TestLimits(t *testing.T) {
	m := ccefsm.NewMRD(5, ccefsm.MediaEmail)
	m.MaxTasksPerAgent = ccefsm.MaxTasksLimit
	m.TaskLife, m.StartTimeout, m.MaxDuration, m.TimeLimit = ccefsm.MaxAttribute, ccefsm.MaxAttribute, ccefsm.MaxAttribute, ccefsm.MaxAttribute
	s := newStore(t, m)
	last := time.Unix(0, maxInstantNs)
	runSteps(t, s, []step{
		{last.Sub(t0), create(1, 5, StatePreCall), nil, nil},
		{last.Sub(t0), create(2, 5, StateActive), nil, nil},
		{last.Sub(t0), down(), nil, nil},
	})
	if d, ok := s.NextDeadline(); !ok || d.UnixNano() != 1<<63-1 {
		t.Errorf("deadline %v, want the last int64 nanosecond", d)
	}
	if _, err := s.Create(nil, last.Add(1), NewTask{ID: 3, App: app, MRD: 5, Agent: 1, State: StateActive}); !errors.Is(err, ErrTimeOutOfRange) {
		t.Errorf("one nanosecond past the latest instant: %v", err)
	}
	for _, edit := range []func(*ccefsm.MRD){
		func(m *ccefsm.MRD) { m.MaxTasksPerAgent = ccefsm.MaxTasksLimit + 1 },
		func(m *ccefsm.MRD) { m.MaxDuration = ccefsm.MaxAttribute + 1 },
	} {
		bad := m
		bad.ID = 6
		edit(&bad)
		if _, err := NewStore(Config{MRDs: []ccefsm.MRD{bad}}); !errors.Is(err, ccefsm.ErrInvalidMRD) {
			t.Errorf("%+v: %v, want ErrInvalidMRD", bad, err)
		}
	}
	if _, err := NewStore(Config{MRDs: []ccefsm.MRD{m, m}}); !errors.Is(err, ErrDuplicateMRD) {
		t.Errorf("the same MRD twice: %v", err)
	}
}

// TestAppendTasks: every open task, appended after what dst held, in the
// order the tasks joined their bucket (not the order of their IDs), and
// nothing once they have ended.
func TestAppendTasks(t *testing.T) {
	s := newStore(t)
	if got := s.AppendTasks(nil); len(got) != 0 {
		t.Fatalf("an empty store: %v", got)
	}
	for _, id := range []ccefsm.TaskID{5, 3, 9} {
		if _, err := s.Create(nil, t0, NewTask{ID: id, App: app, MRD: chat, Agent: 1, State: StateActive}); err != nil {
			t.Fatal(err)
		}
	}
	got := s.AppendTasks(make([]Task, 1, 4))
	var ids []ccefsm.TaskID
	for _, tk := range got {
		ids = append(ids, tk.ID)
	}
	if want := []ccefsm.TaskID{0, 5, 3, 9}; !slices.Equal(ids, want) {
		t.Errorf("AppendTasks: IDs %v, want %v (the caller's zero Task first)", ids, want)
	}
	if got[2].App != app || got[2].MRD != chat || got[2].Agent != 1 || got[2].State != StateActive {
		t.Errorf("task 3's view: %+v", got[2])
	}
	for _, id := range []ccefsm.TaskID{5, 3, 9} {
		if _, err := s.End(nil, t0, id, 0); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.AppendTasks(nil); len(got) != 0 {
		t.Errorf("after every task ended: %v", got)
	}
}
