package scenario

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
	"go.yaml.in/yaml/v3"
)

// expectFields lists, per kind, the fields an expectation of that kind
// takes; the first is its subject. Kinds are tried in this order, so that
// a message expectation may name a request.
var expectFields = []struct {
	kind   ExpectKind
	fields []string
}{
	{ExpectMessage, []string{"message", "at", "app", "peripheral", "request"}},
	{ExpectAgent, []string{"agent", "at", "mrd", "state", "reason"}},
	{ExpectTask, []string{"task", "at", "state", "disposition", "class", "rule"}},
	{ExpectRequest, []string{"request", "at", "app", "status"}},
	{ExpectInterval, []string{"interval", "at", "peripheral", "class", "rule", "outage"}},
	{ExpectPath, []string{"path", "at", "state"}},
	{ExpectEffect, []string{"effect", "at", "text"}},
	{ExpectRefused, []string{"refused", "at"}},
	{ExpectCounts, []string{"counts", "at"}},
}

func subjects() string {
	var s []string
	for _, k := range expectFields {
		s = append(s, k.fields[0])
	}
	return strings.Join(s, ", ")
}

// countNames are the keys of a counts expectation: open tasks, records
// waiting in a cache, and the final classes.
var countNames = []string{"open", "cached", "complete", "late", "partial", "recreated", "deleted", "unreported"}

// expectations reads the expect list.
func (s *decState) expectations(n *yaml.Node) {
	for i, it := range s.list(n, "expect") {
		p := index("expect", i)
		var kind ExpectKind
		var allowed []string
		for _, k := range expectFields {
			if s.lookup(it, p, k.fields[0]) != nil {
				kind, allowed = k.kind, k.fields
				break
			}
		}
		if kind == 0 {
			s.fail(it, p, ErrEmptyExpectation, nil, "an expectation names what it checks: one of "+subjects())
		}
		f := s.mapping(it, p, allowed...)
		x := Expectation{Kind: kind, Line: it.Line}
		if v := f.get("at"); v != nil {
			x.At = s.instant(v, f.sub("at"), s.start, 0)
		}
		s.expectation(f, &x)
		s.sc.Expect = append(s.sc.Expect, x)
	}
}

// nothing refuses an expectation that compares nothing.
func (s *decState) nothing(f *fields, what string) {
	s.fail(f.node, f.path, ErrEmptyExpectation, nil, "the expectation compares nothing: give "+what)
}

func (s *decState) expectation(f *fields, x *Expectation) {
	at := func() {
		if x.At.IsZero() {
			f.need("at")
		}
	}
	switch x.Kind {
	case ExpectAgent:
		x.agent, x.mrd = s.agentMRD(f)
		if v := f.get("state"); v != nil {
			s.text(v, f.sub("state"), &x.state, "an agent state (AVAILABLE, NOT_READY, LOGOUT, …)")
			x.has |= hasState
		}
		if f.has("reason") {
			x.reason = s.reason(f)
			x.has |= hasReason
		}
		if x.has == 0 {
			s.nothing(f, "state or reason")
		}
	case ExpectTask:
		tn := f.need("task")
		x.task = ccefsm.TaskID(s.id64(tn, f.sub("task")))
		if !s.created[x.task] {
			s.fail(tn, f.sub("task"), ErrUnknownElement, nil, "task "+strconv.FormatUint(uint64(x.task), 10)+" is created by no entry of the timeline")
		}
		if v := f.get("state"); v != nil {
			s.text(v, f.sub("state"), &x.tstate, "a task state (NEW, PRE_CALL, OFFERED, ACTIVE, PAUSED, WRAPUP, CLOSING, LOGGED_OUT)")
			x.has |= hasState
		}
		if v := f.get("disposition"); v != nil {
			x.disp = s.disposition(v, f.sub("disposition"))
			x.has |= hasDisp
		}
		s.classRule(f, x)
		if x.has == 0 {
			s.nothing(f, "state, disposition, class or rule")
		}
	case ExpectRequest:
		x.app = s.app(f.need("app"), f.sub("app"))
		rn := f.need("request")
		x.request = ccefsm.RequestID(s.id64(rn, f.sub("request")))
		if !s.sent[[2]uint64{uint64(x.app), uint64(x.request)}] {
			s.fail(rn, f.sub("request"), ErrUnknownElement, nil, "application "+u32(uint32(x.app))+" sends no request "+
				strconv.FormatUint(uint64(x.request), 10)+" in the timeline")
		}
		s.text(f.need("status"), f.sub("status"), &x.status, "a request status (pending, unsent, discarded, deleted or none)")
	case ExpectMessage:
		at()
		s.text(f.need("message"), f.sub("message"), &x.message, "a routing message (NEW_TASK, ROUTING_DISABLED, resend NEW_TASK, …)")
		switch {
		case f.has("app") && f.has("peripheral"):
			s.fail(f.get("peripheral"), f.sub("peripheral"), ErrUnknownField, nil, "a routing message names an application or a peripheral, not both")
		case f.has("app"):
			x.app = s.app(f.get("app"), f.sub("app"))
		case f.has("peripheral"):
			x.periph = s.peripheral(f.get("peripheral"), f.sub("peripheral"))
		default:
			f.need("app")
		}
		if v := f.get("request"); v != nil {
			x.request = ccefsm.RequestID(s.id64(v, f.sub("request")))
			x.has |= hasRequest
		}
	case ExpectInterval:
		iv := f.get("interval")
		x.interval = s.instant(iv, f.sub("interval"), s.start, beforeStart)
		// The probe engine knows the grid (Interval, IntervalOffset).
		if !s.probe.IntervalStart(x.interval).Equal(x.interval) {
			length := s.probe.Topology().Interval
			s.fail(iv, f.sub("interval"), ErrInvalidTime, nil, x.interval.Format(time.RFC3339)+" does not start a "+length.String()+" reporting interval")
		}
		x.periph = s.peripheral(f.need("peripheral"), f.sub("peripheral"))
		s.classRule(f, x)
		if v := f.get("outage"); v != nil {
			x.outage = uint32(s.uint(v, f.sub("outage"), 32))
			x.has |= hasOutage
		}
		if x.has&hasClass == 0 {
			f.need("class")
		}
	case ExpectPath:
		pn := f.need("path")
		x.path = s.path(pn, f.sub("path"))
		switch sn := f.need("state"); s.scalar(sn, f.sub("state")) {
		case "up":
			x.up = true
		case "down":
		default:
			s.fail(sn, f.sub("state"), ErrInvalidValue, nil, strconv.Quote(sn.Value)+" is not a path state (up or down)")
		}
	case ExpectEffect:
		at()
		rn := f.get("effect")
		s.text(rn, f.sub("effect"), &x.rule, "a rule ID such as RP-1 or AG-4")
		if x.rule == ccefsm.RuleNone {
			s.fail(rn, f.sub("effect"), ErrInvalidValue, nil, "an effect expectation names a rule such as RP-1, not none")
		}
		if v := f.get("text"); v != nil {
			x.text = s.str(v, f.sub("text"))
			x.has |= hasText
		}
	case ExpectRefused:
		at()
		x.text = s.str(f.get("refused"), f.sub("refused"))
	case ExpectCounts:
		g := s.mapping(f.get("counts"), f.sub("counts"), countNames...)
		for _, k := range g.keys {
			x.counts = append(x.counts, count{name: k, n: s.uint(g.get(k), g.sub(k), 63)})
		}
		if len(x.counts) == 0 {
			s.nothing(f, "at least one of "+strings.Join(countNames, ", "))
		}
	}
}

func (s *decState) classRule(f *fields, x *Expectation) {
	if v := f.get("class"); v != nil {
		s.text(v, f.sub("class"), &x.class, "a reporting class (open, complete, late, partial, recreated, deleted, unreported)")
		x.has |= hasClass
	}
	if v := f.get("rule"); v != nil {
		s.text(v, f.sub("rule"), &x.rule, "a rule ID such as RP-1, or none")
		x.has |= hasRule
	}
}

func (s *decState) peripheral(n *yaml.Node, p string) ccefsm.PeripheralID {
	id := ccefsm.PeripheralID(s.id(n, p))
	if !s.periphs[id] {
		s.fail(n, p, ErrUnknownElement, nil, "peripheral "+u32(uint32(id))+" is on no agent PG of the topology")
	}
	return id
}

// path reads a path's text form ("app-to-cti-server:7", "peripheral:5000",
// "central-controller") and checks that the topology has it.
func (s *decState) path(n *yaml.Node, field string) failover.Path {
	txt := s.scalar(n, field)
	kind, id, hasID := strings.Cut(txt, ":")
	var p failover.Path
	if err := p.Kind.UnmarshalText([]byte(kind)); err != nil {
		s.fail(n, field, ErrInvalidValue, err, strconv.Quote(txt)+" is not a path such as peripheral:5000, app-to-cti-server:7 or central-controller")
	}
	if hasID == (p.Kind == failover.PathController) {
		s.fail(n, field, ErrInvalidValue, nil, strconv.Quote(txt)+" is not a path: central-controller has no ID, every other path kind has one")
	}
	if hasID {
		v, err := strconv.ParseUint(id, 10, 32)
		if err != nil || id != strconv.FormatUint(v, 10) {
			s.fail(n, field, ErrInvalidValue, err, strconv.Quote(txt)+" is not a path: "+strconv.Quote(id)+" is not an ID")
		}
		p.ID = uint32(v)
	}
	if _, err := s.probe.IsUp(p); err != nil {
		s.fail(n, field, ErrUnknownElement, err, "path "+p.String()+" is not in the topology")
	}
	return p
}

// taskRecord is what the replay knows of a task's end.
type taskRecord struct {
	ended bool
	disp  taskstate.Disposition
}

// evaluator checks expectations against the engine during a replay.
type evaluator struct {
	sc    *Scenario
	e     *failover.Engine
	tasks map[ccefsm.TaskID]*taskRecord
}

// state checks a state expectation (agent, task, request, interval, path,
// counts) against the engine as it is now, and returns the mismatch or nil.
func (v *evaluator) state(x *Expectation) *Mismatch {
	var want, got []string
	cmp := func(name, w, g string) {
		want = append(want, name+" "+w)
		got = append(got, name+" "+g)
	}
	e := v.e
	switch x.Kind {
	case ExpectAgent:
		st, err := e.Roster().Status(x.agent, x.mrd)
		if err != nil {
			return v.mismatch(x, "a known agent", err.Error())
		}
		if x.has&hasState != 0 {
			cmp("state", x.state.String(), st.State.String())
		}
		if x.has&hasReason != 0 {
			cmp("reason", x.reason.String(), st.Reason.String())
		}
	case ExpectTask:
		rec := v.tasks[x.task]
		if rec == nil {
			return v.mismatch(x, "the task", "no such task yet")
		}
		state, class, rule, disp := v.task(x.task, rec)
		if x.has&hasState != 0 {
			cmp("state", x.tstate.String(), state.String())
		}
		if x.has&hasDisp != 0 {
			cmp("disposition", dispText(x.disp), dispText(disp))
		}
		if x.has&hasClass != 0 {
			cmp("class", x.class.String(), class.String())
		}
		if x.has&hasRule != 0 {
			cmp("rule", x.rule.String(), rule.String())
		}
	case ExpectRequest:
		c, _ := e.Conn(x.app) // the app is in the topology (Decode checked)
		st, err := c.Status(x.request)
		if err != nil {
			st = routing.StatusNone
		}
		cmp("status", x.status.String(), st.String())
	case ExpectInterval:
		// The peripheral is in the topology and the instant starts an
		// interval (Decode checked): there is exactly one, once the
		// engine knows it (it has begun, and it is not before the one
		// holding the start).
		reps, err := e.Intervals(nil, x.periph, x.interval, x.interval.Add(1))
		if err != nil {
			return v.mismatch(x, "the interval", err.Error())
		}
		if len(reps) == 0 {
			return v.mismatch(x, "the interval", "not begun by then")
		}
		r := reps[0]
		if x.has&hasClass != 0 {
			cmp("class", x.class.String(), r.Class.String())
		}
		if x.has&hasRule != 0 {
			cmp("rule", x.rule.String(), r.Rule.String())
		}
		if x.has&hasOutage != 0 {
			cmp("outage", strconv.FormatUint(uint64(x.outage), 10), strconv.FormatUint(uint64(r.Outage), 10))
		}
	case ExpectPath:
		up, _ := e.IsUp(x.path) // the path is in the topology (Decode checked)
		cmp("state", upDown(x.up), upDown(up))
	case ExpectCounts:
		c := e.TaskCounts()
		for _, k := range x.counts {
			var n uint64
			switch k.name {
			case "open":
				n = uint64(c.Open)
			case "cached":
				n = c.ByClass[ccefsm.ReportOpen]
			default:
				var class ccefsm.ReportClass
				_ = class.UnmarshalText([]byte(k.name))
				n = c.ByClass[class]
			}
			cmp(k.name, strconv.FormatUint(k.n, 10), strconv.FormatUint(n, 10))
		}
	}
	for i := range want {
		if want[i] != got[i] {
			return v.mismatch(x, strings.Join(want, ", "), strings.Join(got, ", "))
		}
	}
	return nil
}

// task returns a task's state, reporting class and rule, and disposition
// as the engine knows them now.
func (v *evaluator) task(id ccefsm.TaskID, rec *taskRecord) (taskstate.State, ccefsm.ReportClass, ccefsm.RuleID, taskstate.Disposition) {
	if !rec.ended {
		t, err := v.e.Store().Task(id)
		if err == nil {
			return t.State, ccefsm.ReportOpen, ccefsm.RuleNone, 0
		}
	}
	for _, r := range v.e.Tasks(nil) {
		if r.Task == id {
			return taskstate.StateEnded, r.Class, r.Rule, rec.disp
		}
	}
	return taskstate.StateEnded, ccefsm.ReportComplete, ccefsm.RuleNone, rec.disp
}

func (v *evaluator) mismatch(x *Expectation, want, got string) *Mismatch {
	return &Mismatch{File: v.sc.File, Line: x.Line, Expect: x.String(), Want: want, Got: got}
}

func dispText(d taskstate.Disposition) string {
	if d == 0 {
		return "none"
	}
	return strconv.Itoa(int(d)) + " " + d.String()
}

func upDown(up bool) string {
	if up {
		return "up"
	}
	return "down"
}

// event checks an event expectation (message, effect, refused) against the
// replay's steps.
func (v *evaluator) event(x *Expectation, steps []Step) *Mismatch {
	var seen []string
	for _, st := range steps {
		if x.Kind == ExpectRefused {
			if !st.Entry.Input.At.Equal(x.At) || st.Err == nil {
				continue
			}
			reason := refusalText(st.Err)
			if strings.Contains(reason, x.text) {
				return nil
			}
			seen = append(seen, strconv.Quote(reason))
			continue
		}
		for _, ef := range st.Effects {
			if !ef.Time().Equal(x.At) {
				continue
			}
			switch x.Kind {
			case ExpectMessage:
				r, ok := ef.Effect.(routing.Effect)
				if !ok {
					continue
				}
				if r.Kind == x.message && r.App == x.app && r.Peripheral == x.periph &&
					(x.has&hasRequest == 0 || r.Request == x.request) {
					return nil
				}
				seen = append(seen, strconv.Quote(r.String()))
			case ExpectEffect:
				if ef.RuleID() != x.rule {
					continue
				}
				if strings.Contains(ef.String(), x.text) {
					return nil
				}
				seen = append(seen, strconv.Quote(ef.String()))
			}
		}
	}
	want := "such an effect"
	switch x.Kind {
	case ExpectMessage:
		want = "the message"
	case ExpectRefused:
		want = "an input refused"
	}
	if len(seen) == 0 {
		return v.mismatch(x, want, "none at that instant")
	}
	return v.mismatch(x, want, strings.Join(seen, "; "))
}

// refusalText returns the reason of a refused input, without the
// engine's "input N (op at …)" preamble, which the timeline shows anyway.
func refusalText(err error) string {
	var ie *failover.InputError
	if errors.As(err, &ie) && ie.Err != nil {
		return ie.Err.Error()
	}
	return err.Error()
}
