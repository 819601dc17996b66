package failover

import (
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/kind"
)

// Sentinel errors. Each unwraps to the root kind named in its comment, so
// errors.Is(err, ccefsm.ErrUnknownID) catches an unknown element here as it
// catches an unknown agent in agentstate. Errors of the leaf packages
// (agentstate, taskstate, routing) are returned as they are, wrapped in an
// [*InputError] that says which input failed.
var (
	// ErrInvalidTopology: a topology setting is wrong (an interval that is
	// not 15 or 30 minutes, an MRD no application serves, …). No kind.
	ErrInvalidTopology = kind.New("failover: invalid topology", nil)
	// ErrInvalidSetting: a setting of Config that is not a defined value
	// of its enumerated type (a Reconnect or RP3Scope out of range). Kind:
	// ccefsm.ErrUnknownValue.
	ErrInvalidSetting = kind.New("failover: invalid setting", ccefsm.ErrUnknownValue)
	// ErrUnknownElement: an ID that is not in the topology (a topology
	// reference, or an input naming an element, agent, MRD or application
	// the topology lacks). Kind: ccefsm.ErrUnknownID.
	ErrUnknownElement = kind.New("failover: unknown element", ccefsm.ErrUnknownID)
	// ErrDuplicateElement: an ID defined twice in a topology. Kind:
	// ccefsm.ErrDuplicateID.
	ErrDuplicateElement = kind.New("failover: duplicate element", ccefsm.ErrDuplicateID)
	// ErrInvalidInput: an input whose operation or arguments are not
	// defined values (an unknown Op, a malformed element). Kind:
	// ccefsm.ErrUnknownValue.
	ErrInvalidInput = kind.New("failover: invalid input", ccefsm.ErrUnknownValue)
	// ErrPathDown: a request that needs a path which is down, such as an
	// agent request for a chat MRD while its application's path to the
	// CTI server is down (the CTI server cannot hear it; AG-8, unless
	// Config.NoPathDownRefusal). No kind.
	ErrPathDown = kind.New("failover: path down", nil)
	// ErrTooManyTasks: a task input that would give an agent more than
	// 65,535 open tasks in one MRD (far beyond any MRD's task limit; the
	// engine's per-agent counts hold no more). No kind.
	ErrTooManyTasks = kind.New("failover: too many open tasks for one agent in one MRD", nil)
	// ErrTimeBackwards: an input dated before the previous one. Kind:
	// ccefsm.ErrTimeBackwards.
	ErrTimeBackwards = kind.New("failover: time went backwards", ccefsm.ErrTimeBackwards)
	// ErrTimeOutOfRange: an input dated at an instant the engine cannot
	// hold. Kind: ccefsm.ErrTimeOutOfRange.
	ErrTimeOutOfRange = kind.New("failover: time out of range", ccefsm.ErrTimeOutOfRange)
	// ErrCorruptSnapshot: UnmarshalBinary refused its input. Kind:
	// ccefsm.ErrCorruptSnapshot.
	ErrCorruptSnapshot = kind.New("failover: corrupt snapshot", ccefsm.ErrCorruptSnapshot)
)

// InputError reports a refused input: which (its sequence number and
// operation), when, and why. Err is a sentinel of this package or an error
// of a leaf package; Unwrap returns it. A refused input changes nothing:
// not the clock, not a deadline, not the log.
type InputError struct {
	Seq uint64    // the sequence number the input would have had (see [Engine.Seq])
	Op  Op        // what the input asked
	At  time.Time // the input's instant
	Err error
}

// Error describes the input and the reason it was refused.
func (e *InputError) Error() string {
	return "failover: input " + strconv.FormatUint(e.Seq, 10) + " (" + e.Op.String() + " at " +
		e.At.UTC().Format(time.RFC3339Nano) + "): " + e.Err.Error()
}

// Unwrap returns the reason.
func (e *InputError) Unwrap() error { return e.Err }

// QueryError reports a refused question — [Engine.Intervals],
// [Engine.SplitsIn], [Engine.Routable], [Engine.IsDown], [Engine.IsUp],
// [Engine.Conn] — with its context: which question, about what, and for
// which range when it has one. Err is a sentinel of this package (ErrUnknownElement,
// ErrTimeOutOfRange, ErrForgotten) or a leaf package's error; Unwrap
// returns it, so errors.Is sees through it. A question changes nothing.
type QueryError struct {
	Op      string    // the method: "Intervals", "SplitsIn", "Routable", "IsDown", …
	Subject string    // what it asked about: "peripheral 5000", "agent 1001 in MRD 2", an element or path
	From    time.Time // the range asked (Intervals, SplitsIn); zero otherwise
	To      time.Time
	Err     error
}

// Error describes the question and the reason it was refused.
func (e *QueryError) Error() string {
	s := "failover: " + e.Op + " " + e.Subject
	if e.Op == "Intervals" || e.Op == "SplitsIn" {
		s += " from " + e.From.UTC().Format(time.RFC3339Nano) + " to " + e.To.UTC().Format(time.RFC3339Nano)
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the reason.
func (e *QueryError) Unwrap() error { return e.Err }
