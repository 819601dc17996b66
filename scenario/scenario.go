package scenario

import (
	"strconv"
	"strings"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// Scenario is a decoded scenario file: a topology and the engine's
// settings (ready for failover.New), a timeline of inputs and the
// expectations to check. Build one with [Decode]; replay it with [Replay].
// A Scenario is not changed by replaying it and may be replayed any number
// of times.
type Scenario struct {
	// File is the name given to Decode, used in errors and mismatches.
	File string
	// Name is the scenario's name; Description its optional free text.
	Name        string
	Description string
	// Config is the engine's configuration: the topology, the start, and
	// the settings with their table overrides.
	Config failover.Config
	// Timeline holds the inputs, one entry per failover.Input, in time
	// order.
	Timeline []Entry
	// Expect holds the expectations, in file order.
	Expect []Expectation
}

// Entry is one input of the timeline, with where it was written and its
// optional note (the file's own words about why the input is there).
type Entry struct {
	Input failover.Input
	Line  int
	Note  string
}

// String describes the input, such as "down pim:5000:A" or "agent-request
// agent 1001 MRD 1 READY".
func (en Entry) String() string {
	in := &en.Input
	var b strings.Builder
	b.WriteString(in.Op.String())
	num := func(label string, v uint64) {
		b.WriteByte(' ')
		if label != "" {
			b.WriteString(label)
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatUint(v, 10))
	}
	word := func(s string) { b.WriteByte(' '); b.WriteString(s) }
	reason := func(r agentstate.ReasonCode) {
		if r != agentstate.ReasonNone {
			num("reason", uint64(r))
		}
	}
	switch in.Op {
	case failover.OpDown, failover.OpUp:
		word(in.Element.String())
	case failover.OpAgentRequest:
		num("agent", uint64(in.Agent))
		num("MRD", uint64(in.MRD))
		word(in.Event.String())
		reason(in.Reason)
	case failover.OpAgentObserve:
		num("agent", uint64(in.Agent))
		num("MRD", uint64(in.MRD))
		word(in.State.String())
		reason(in.Reason)
	case failover.OpReportStates:
		num("peripheral", uint64(in.Peripheral))
		b.WriteByte(':')
		for i, r := range in.Reports {
			if i > 0 {
				b.WriteByte(',')
			}
			num("agent", uint64(r.Agent))
			num("MRD", uint64(r.MRD))
			word(r.State.String())
			reason(r.Reason)
			if r.InState != 0 {
				word("(" + r.InState.String() + " in state)")
			}
		}
	case failover.OpCreateTask:
		num("", uint64(in.Task))
		num("app", uint64(in.App))
		num("MRD", uint64(in.MRD))
		if in.Agent != 0 {
			num("agent", uint64(in.Agent))
		}
		word(in.TaskState.String())
	case failover.OpTask:
		num("", uint64(in.Task))
		word(in.TaskOp.String())
		if in.Agent != 0 {
			num("agent", uint64(in.Agent))
		}
		if in.Disposition != 0 {
			word(in.Disposition.String())
		}
	case failover.OpSendRequest:
		num("app", uint64(in.App))
		num("request", uint64(in.Request))
		num("MRD", uint64(in.MRD))
	case failover.OpResponse:
		num("app", uint64(in.App))
		num("request", uint64(in.Request))
		word(in.Outcome.String())
	}
	return b.String()
}

// ExpectKind is what an [Expectation] checks, named by its subject key in
// the file.
type ExpectKind uint8

// Expectation kinds.
const (
	ExpectAgent    ExpectKind = iota + 1 // agent: an agent's state and reason in an MRD
	ExpectTask                           // task: a task's state, disposition and reporting class
	ExpectRequest                        // request: a NEW_TASK request's status
	ExpectMessage                        // message: a routing message at an instant
	ExpectInterval                       // interval: a reporting interval's class
	ExpectPath                           // path: a path up or down
	ExpectEffect                         // effect: an effect with a rule (and text) at an instant
	ExpectRefused                        // refused: an input refused at an instant
	ExpectCounts                         // counts: the task account by class
)

var expectKeys = [...]string{ExpectAgent: "agent", ExpectTask: "task", ExpectRequest: "request", ExpectMessage: "message",
	ExpectInterval: "interval", ExpectPath: "path", ExpectEffect: "effect", ExpectRefused: "refused", ExpectCounts: "counts"}

// String returns the subject key of the kind, such as "agent".
func (k ExpectKind) String() string {
	if k == 0 || int(k) >= len(expectKeys) {
		return "ExpectKind(" + strconv.Itoa(int(k)) + ")"
	}
	return expectKeys[k]
}

// Expectation is one entry of the file's expect list: what to compare, at
// which instant, and where it was written. Its fields are read through
// [Expectation.String]; the replay evaluates it.
type Expectation struct {
	Kind ExpectKind
	Line int
	// At is the instant it is checked at; the zero time means after the
	// last input. A state (agent, task, request, path, interval, counts) is
	// checked after the last input at or before At; an event (message,
	// effect, refused) must happen at At exactly.
	At time.Time

	agent  ccefsm.AgentID
	mrd    ccefsm.MRDID
	state  agentstate.State
	reason agentstate.ReasonCode

	task   ccefsm.TaskID
	tstate taskstate.State
	disp   taskstate.Disposition
	class  ccefsm.ReportClass
	rule   ccefsm.RuleID

	app     ccefsm.AppID
	request ccefsm.RequestID
	status  routing.Status
	message routing.EffectKind
	periph  ccefsm.PeripheralID

	interval time.Time
	outage   uint32

	path failover.Path
	up   bool

	text string

	counts []count

	// has records which optional fields the file gave.
	has uint16
}

type count struct {
	name string // "open", "cached" or a class name
	n    uint64
}

// Bits of Expectation.has.
const (
	hasState uint16 = 1 << iota
	hasReason
	hasDisp
	hasClass
	hasRule
	hasOutage
	hasText
	hasRequest
)

// String describes the subject of the expectation, such as "agent 1001 MRD
// 1 at 09:10:00" or "task 101 at the end".
func (x *Expectation) String() string {
	var b strings.Builder
	u := func(label string, v uint64) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(label)
		b.WriteByte(' ')
		b.WriteString(strconv.FormatUint(v, 10))
	}
	switch x.Kind {
	case ExpectAgent:
		u("agent", uint64(x.agent))
		u("MRD", uint64(x.mrd))
	case ExpectTask:
		u("task", uint64(x.task))
	case ExpectRequest:
		u("app", uint64(x.app))
		u("request", uint64(x.request))
	case ExpectMessage:
		b.WriteString("routing message " + x.message.String())
		if x.app != 0 {
			u("app", uint64(x.app))
		}
		if x.periph != 0 {
			u("peripheral", uint64(x.periph))
		}
		if x.has&hasRequest != 0 {
			u("request", uint64(x.request))
		}
	case ExpectInterval:
		u("peripheral", uint64(x.periph))
		b.WriteString(" interval " + x.interval.UTC().Format("2006-01-02T15:04Z"))
	case ExpectPath:
		b.WriteString("path " + x.path.String())
	case ExpectEffect:
		b.WriteString("effect " + x.rule.String())
		if x.has&hasText != 0 {
			b.WriteString(" " + strconv.Quote(x.text))
		}
	case ExpectRefused:
		b.WriteString("refusal")
		if x.text != "" {
			b.WriteString(" " + strconv.Quote(x.text))
		}
	case ExpectCounts:
		b.WriteString("task counts")
	}
	if x.At.IsZero() {
		b.WriteString(" at the end")
	} else {
		b.WriteString(" at " + x.At.UTC().Format(time.RFC3339))
	}
	return b.String()
}
