package main

import (
	"encoding/json"
	"io"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/scenario"
)

// The objects of run --json, one per line, each with a "type". Keys are
// lower camel case, enums are written by name and instants as RFC 3339
// with nanoseconds in UTC, as the library's effects do.

type jsonScenario struct {
	Type     string `json:"type"` // "scenario"
	Name     string `json:"name"`
	File     string `json:"file"`
	Start    string `json:"start"`
	Interval string `json:"interval"`
	Inputs   int    `json:"inputs"`
}

type jsonInput struct {
	Type        string       `json:"type"` // "input"
	Seq         uint64       `json:"seq"`
	Line        int          `json:"line"`
	At          string       `json:"at"`
	Op          string       `json:"op"`
	Text        string       `json:"text"`
	Element     string       `json:"element,omitempty"`
	Agent       uint32       `json:"agent,omitempty"`
	MRD         uint32       `json:"mrd,omitempty"`
	Event       string       `json:"event,omitempty"`
	State       string       `json:"state,omitempty"`
	Reason      uint16       `json:"reason,omitempty"`
	Peripheral  uint32       `json:"peripheral,omitempty"`
	Reports     []jsonReport `json:"reports,omitempty"`
	Task        uint64       `json:"task,omitempty"`
	App         uint32       `json:"app,omitempty"`
	TaskState   string       `json:"taskState,omitempty"`
	TaskEvent   string       `json:"taskEvent,omitempty"`
	Disposition string       `json:"disposition,omitempty"`
	Request     uint64       `json:"request,omitempty"`
	Outcome     string       `json:"outcome,omitempty"`
	Note        string       `json:"note,omitempty"`
}

type jsonReport struct {
	Agent   uint32 `json:"agent"`
	MRD     uint32 `json:"mrd"`
	State   string `json:"state"`
	Reason  uint16 `json:"reason,omitempty"`
	InState string `json:"inState,omitempty"`
}

type jsonEffect struct {
	Type   string        `json:"type"` // "effect"
	Seq    uint64        `json:"seq"`
	Line   int           `json:"line"`
	Source string        `json:"source"`
	Effect ccefsm.Effect `json:"effect"`
}

type jsonRefusal struct {
	Type  string `json:"type"` // "refusal"
	Seq   uint64 `json:"seq"`
	Line  int    `json:"line"`
	At    string `json:"at"`
	Op    string `json:"op"`
	Error string `json:"error"`
}

type jsonOutage struct {
	Type  string `json:"type"` // "outage"
	ID    uint32 `json:"id"`
	Path  string `json:"path"`
	Cause string `json:"cause"`
	From  string `json:"from"`
	To    string `json:"to,omitempty"` // absent while it lasts
}

type jsonInterval struct {
	Type       string `json:"type"` // "interval"
	Peripheral uint32 `json:"peripheral"`
	Start      string `json:"start"`
	Class      string `json:"class"`
	Rule       string `json:"rule,omitempty"`
	Outage     uint32 `json:"outage,omitempty"`
}

type jsonTask struct {
	Type        string `json:"type"` // "task"
	Task        uint64 `json:"task"`
	App         uint32 `json:"app"`
	MRD         uint32 `json:"mrd"`
	Agent       uint32 `json:"agent,omitempty"`
	Ended       string `json:"ended"`
	Disposition string `json:"disposition"`
	Class       string `json:"class"`
	Rule        string `json:"rule,omitempty"`
}

type jsonSplit struct {
	Type       string `json:"type"` // "split"
	Agent      uint32 `json:"agent"`
	Peripheral uint32 `json:"peripheral"`
	MRD        uint32 `json:"mrd"`
	Failed     string `json:"failed"`
	Recovered  string `json:"recovered"`
	Rule       string `json:"rule"`
	Outage     uint32 `json:"outage"`
}

type jsonCounts struct {
	Type      string            `json:"type"` // "counts"
	Created   int               `json:"created"`
	Open      int               `json:"open"`
	Tasks     map[string]uint64 `json:"tasks"`
	Intervals map[string]int    `json:"intervals"`
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func ruleName(id ccefsm.RuleID) string {
	if !id.IsValid() {
		return ""
	}
	return id.String()
}

var sourceNames = [...]string{failover.SourceEngine: "failover", failover.SourceAgent: "agentstate",
	failover.SourceTask: "taskstate", failover.SourceRouting: "routing", failover.SourceReport: "routing-report"}

// writeJSON writes a replay as JSON Lines.
func writeJSON(w io.Writer, res *scenario.Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	sc := res.Scenario
	if err := enc.Encode(jsonScenario{Type: "scenario", Name: sc.Name, File: sc.File, Start: stamp(sc.Config.Start),
		Interval: res.Interval.String(), Inputs: len(res.Steps)}); err != nil {
		return err
	}
	for _, st := range res.Steps {
		en := st.Entry
		in := jsonInputOf(st)
		if err := enc.Encode(in); err != nil {
			return err
		}
		for _, ef := range st.Effects {
			if err := enc.Encode(jsonEffect{Type: "effect", Seq: st.Seq, Line: en.Line, Source: sourceNames[ef.Source], Effect: ef.Effect}); err != nil {
				return err
			}
		}
		if st.Err != nil {
			if err := enc.Encode(jsonRefusal{Type: "refusal", Seq: st.Seq, Line: en.Line, At: stamp(en.Input.At),
				Op: en.Input.Op.String(), Error: refusal(st.Err)}); err != nil {
				return err
			}
		}
	}
	for _, o := range res.Outages {
		j := jsonOutage{Type: "outage", ID: o.ID, Path: o.Path.String(), Cause: o.Cause.String(), From: stamp(o.From)}
		if !o.To.IsZero() {
			j.To = stamp(o.To)
		}
		if err := enc.Encode(j); err != nil {
			return err
		}
	}
	for _, iv := range res.Intervals {
		if err := enc.Encode(jsonInterval{Type: "interval", Peripheral: uint32(iv.Peripheral), Start: stamp(iv.Start),
			Class: iv.Class.String(), Rule: ruleName(iv.Rule), Outage: iv.Outage}); err != nil {
			return err
		}
	}
	for _, t := range res.Tasks {
		if err := enc.Encode(jsonTask{Type: "task", Task: uint64(t.Task), App: uint32(t.App), MRD: uint32(t.MRD),
			Agent: uint32(t.Agent), Ended: stamp(t.Ended), Disposition: t.Disposition.String(), Class: t.Class.String(),
			Rule: ruleName(t.Rule)}); err != nil {
			return err
		}
	}
	for _, s := range res.Splits {
		if err := enc.Encode(jsonSplit{Type: "split", Agent: uint32(s.Agent), Peripheral: uint32(s.Peripheral), MRD: uint32(s.MRD),
			Failed: stamp(s.Failed), Recovered: stamp(s.Recovered), Rule: ruleName(s.Rule), Outage: s.Outage}); err != nil {
			return err
		}
	}
	c := jsonCounts{Type: "counts", Created: res.Created, Open: res.Counts.Open, Tasks: map[string]uint64{}, Intervals: map[string]int{}}
	for k, n := range res.Counts.ByClass {
		name := ccefsm.ReportClass(k).String()
		if ccefsm.ReportClass(k) == ccefsm.ReportOpen {
			name = "cached"
		}
		c.Tasks[name] = n
	}
	for k, n := range res.IntervalCounts() {
		c.Intervals[ccefsm.ReportClass(k).String()] = n
	}
	return enc.Encode(c)
}

func jsonInputOf(st scenario.Step) jsonInput {
	en := st.Entry
	in := &en.Input
	j := jsonInput{Type: "input", Seq: st.Seq, Line: en.Line, At: stamp(in.At), Op: in.Op.String(), Text: en.String(), Note: en.Note}
	switch in.Op {
	case failover.OpDown, failover.OpUp:
		j.Element = in.Element.String()
	case failover.OpAgentRequest:
		j.Agent, j.MRD, j.Event, j.Reason = uint32(in.Agent), uint32(in.MRD), in.Event.String(), uint16(in.Reason)
	case failover.OpAgentObserve:
		j.Agent, j.MRD, j.State, j.Reason = uint32(in.Agent), uint32(in.MRD), in.State.String(), uint16(in.Reason)
	case failover.OpReportStates:
		j.Peripheral = uint32(in.Peripheral)
		for _, r := range in.Reports {
			jr := jsonReport{Agent: uint32(r.Agent), MRD: uint32(r.MRD), State: r.State.String(), Reason: uint16(r.Reason)}
			if r.InState != 0 {
				jr.InState = r.InState.String()
			}
			j.Reports = append(j.Reports, jr)
		}
	case failover.OpCreateTask:
		j.Task, j.App, j.MRD, j.Agent, j.TaskState = uint64(in.Task), uint32(in.App), uint32(in.MRD), uint32(in.Agent), in.TaskState.String()
	case failover.OpTask:
		j.Task, j.TaskEvent, j.Agent = uint64(in.Task), in.TaskOp.String(), uint32(in.Agent)
		if in.Disposition != 0 {
			j.Disposition = in.Disposition.String()
		}
	case failover.OpSendRequest:
		j.App, j.Request, j.MRD = uint32(in.App), uint64(in.Request), uint32(in.MRD)
	case failover.OpResponse:
		j.App, j.Request, j.Outcome = uint32(in.App), uint64(in.Request), in.Outcome.String()
	}
	return j
}
