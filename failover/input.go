package failover

import (
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/enumtext"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Op,TaskOp -linecomment -output=op_string.go

// Op is what an [Input] asks of the engine. Each Op has a method of
// [Engine] of the same meaning; an Input is that call as data, for
// replaying recorded inputs, scenario files and fuzzing.
//
// The zero value, OpNone, is not a valid operation.
type Op uint8

// Operations.
const (
	OpNone         Op = iota // none
	OpDown                   // down
	OpUp                     // up
	OpAdvance                // advance
	OpAgentRequest           // agent-request
	OpAgentObserve           // agent-observe
	OpReportStates           // report-states
	OpCreateTask             // create-task
	OpTask                   // task
	OpSendRequest            // send-request
	OpResponse               // response

	numOps
)

// MarshalText implements [encoding.TextMarshaler].
func (o Op) MarshalText() ([]byte, error) {
	return enumtext.Marshal(o, OpNone+1, numOps-1, "failover.Op")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error o is
// unchanged.
func (o *Op) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(o, text, OpNone+1, numOps-1, "failover.Op")
}

// MarshalText implements [encoding.TextMarshaler].
func (o TaskOp) MarshalText() ([]byte, error) {
	return enumtext.Marshal(o, TaskAssign, TaskEnd, "failover.TaskOp")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error o is
// unchanged.
func (o *TaskOp) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(o, text, TaskAssign, TaskEnd, "failover.TaskOp")
}

// Input is one input to the engine as data. Op says which method it stands
// for; the fields that method takes are set, the others are zero.
//
//	OpDown, OpUp        Element
//	OpAdvance           –
//	OpAgentRequest      Agent, MRD, Event, Reason
//	OpAgentObserve      Agent, MRD, State, Reason
//	OpReportStates      Peripheral, Reports
//	OpCreateTask        Task, App, MRD, Agent, TaskState (the begin state)
//	OpTask              TaskOp, Task, Agent (TaskAssign), Disposition (TaskEnd)
//	OpSendRequest       App, Request, MRD
//	OpResponse          App, Request, Outcome
type Input struct {
	Op          Op
	At          time.Time
	Element     Element
	Agent       ccefsm.AgentID
	MRD         ccefsm.MRDID
	Peripheral  ccefsm.PeripheralID
	Event       agentstate.Event
	State       agentstate.State
	Reason      agentstate.ReasonCode
	Reports     []agentstate.Report
	Task        ccefsm.TaskID
	App         ccefsm.AppID
	TaskState   taskstate.State
	TaskOp      TaskOp
	Disposition taskstate.Disposition
	Request     ccefsm.RequestID
	Outcome     routing.Outcome
}

// Apply applies in by calling the method its Op stands for. An unknown Op
// is refused with ErrInvalidInput.
func (e *Engine) Apply(l *Log, in Input) error {
	switch in.Op {
	case OpDown:
		return e.Down(l, in.At, in.Element)
	case OpUp:
		return e.Up(l, in.At, in.Element)
	case OpAdvance:
		return e.Advance(l, in.At)
	case OpAgentRequest:
		return e.AgentRequest(l, in.At, in.Agent, in.MRD, in.Event, in.Reason)
	case OpAgentObserve:
		return e.AgentObserve(l, in.At, in.Agent, in.MRD, in.State, in.Reason)
	case OpReportStates:
		return e.ReportStates(l, in.At, in.Peripheral, in.Reports)
	case OpCreateTask:
		return e.CreateTask(l, in.At, taskstate.NewTask{ID: in.Task, App: in.App, MRD: in.MRD, Agent: in.Agent, State: in.TaskState})
	case OpTask:
		return e.Task(l, in.At, in.TaskOp, in.Task, in.Agent, in.Disposition)
	case OpSendRequest:
		return e.SendRequest(l, in.At, in.App, in.Request, in.MRD)
	case OpResponse:
		return e.Response(l, in.At, in.App, in.Request, in.Outcome)
	}
	t, mk, err := e.begin(l, in.Op, in.At)
	if err != nil {
		return err
	}
	_ = t
	return e.refuse(l, mk, in.Op, in.At, ErrInvalidInput)
}
