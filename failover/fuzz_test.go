package failover

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

const fuzzInputSize = 13

// fuzzInput decodes one input of the fuzz stream from 13 bytes: most
// fields come from small tables of the reference topology's IDs with one
// unknown value each, so that inputs are valid often enough to reach deep
// states and invalid often enough to test refusals.
func fuzzInput(b []byte, now time.Time, els []Element) Input {
	in := Input{Op: Op(b[0] % (uint8(numOps) + 1)), At: now.Add(time.Duration(b[1]) * 10 * time.Second)}
	if b[1] == 255 {
		in.At = now.Add(-time.Second) // time going backwards
	}
	if int(b[2]) < len(els) {
		in.Element = els[b[2]]
	} else {
		in.Element = Element{Kind: Kind(b[2] % 24), ID: uint32(b[3]) * 1000, Side: ccefsm.Side(b[4] % 4)}
	}
	in.Agent = []ccefsm.AgentID{alice, bob, carl, 9999}[b[3]%4]
	in.MRD = []ccefsm.MRDID{voice, chat, email, 99}[b[4]%4]
	in.Event = agentstate.Event(b[5] % 22)
	in.State = agentstate.State(b[5] % 16)
	in.Reason = agentstate.ReasonCode(b[6])
	in.Task = ccefsm.TaskID(b[7]%8 + 1)
	in.TaskState = []taskstate.State{taskstate.StateNew, taskstate.StatePreCall, taskstate.StateOffered, taskstate.StateActive, taskstate.StateEnded, 200}[b[8]%6]
	in.TaskOp = TaskOp(b[9] % 9)
	in.Disposition = taskstate.Disposition(b[10] % 70)
	in.Request = ccefsm.RequestID(b[11]%6 + 1)
	in.Outcome = routing.Outcome(b[12] % 3)
	in.App = app7
	if b[12] > 250 {
		in.App = 8
	}
	in.Peripheral = per5000
	if in.Op == OpReportStates {
		in.Reports = []agentstate.Report{{Agent: in.Agent, MRD: in.MRD, State: in.State, Reason: in.Reason}}
	}
	if in.Op == OpCreateTask && in.TaskState != taskstate.StateNew && b[9]%2 == 0 {
		in.Agent = 0 // a begin state that needs an agent, without one
	}
	return in
}

// fuzzConfig decodes the engine's settings from the bytes after the last
// whole input (none: the defaults): the client policies of the CTI server,
// the CTI Manager and Finesse and the RP-3 scope (two bits each, the
// value of the Reconnect or RP3Scope, 3 meaning the default as 0 does: 1
// failback or any-assignment, 2 home-only or off), then Finesse without
// its CTI server, no path-down refusal, no task-ID refusal, the preferred
// side and the interval offset (0 to 28 minutes), then no history
// recreation (bit 0 of a third byte). Undefined values are
// New's concern (TestUndefinedSettings), not the fuzzer's.
func fuzzConfig(rest []byte) Config {
	cfg := Config{Topology: refTopology(ccefsm.Duplex), Start: t0}
	if len(rest) == 0 {
		return cfg
	}
	two := func(shift uint) uint8 { return rest[0] >> shift & 3 % 3 }
	cfg.CTIServerClients = Reconnect(two(0))
	cfg.CTIManagerClients = Reconnect(two(2))
	cfg.FinesseClients = Reconnect(two(4))
	cfg.RP3Scope = RP3Scope(two(6))
	if len(rest) > 1 {
		cfg.FinesseWithoutCTIServer = rest[1]&1 != 0
		cfg.NoPathDownRefusal = rest[1]&2 != 0
		cfg.NoTaskIDRefusal = rest[1]&4 != 0
		cfg.PreferredSide = ccefsm.Side(rest[1] >> 3 & 3 % 3)
		cfg.Topology.IntervalOffset = time.Duration(rest[1]>>5) * 4 * time.Minute
	}
	if len(rest) > 2 {
		cfg.NoHistoryRecreation = rest[2]&1 != 0
	}
	return cfg
}

// FuzzEngine feeds a byte stream as inputs to an engine on the reference
// topology, under the settings its last bytes choose (fuzzConfig). It must never panic; after every applied input the invariants
// hold (the decoder's own check); a refused input is an *InputError,
// leaves no effect in the log and changes nothing — not the clock, not a
// deadline — compared by snapshot bytes.
func FuzzEngine(f *testing.F) {
	f.Add(bytes.Repeat([]byte{1, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 3))
	f.Add([]byte{
		4, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, // login alice voice
		7, 1, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, // create task 1 active alice chat
		1, 6, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // an element down
		8, 200, 0, 0, 0, 0, 0, 0, 0, 7, 38, 0, 0, // end task 1
		2, 6, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // the element up
	})
	f.Add([]byte{
		1, 6, 23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // the application's link to the CTI server down
		4, 1, 0, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, // login carl chat, applied (NoPathDownRefusal)
		2, 6, 23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // the link up: the CTI server told (AG-10)
		0b10_10_01_10, 0b011_01_111, // home-only, failback, home-only, off; every flag, side A, 12 minutes
	})
	f.Add([]byte{
		4, 1, 0, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, // login bob email
		7, 1, 0, 1, 2, 0, 0, 0, 3, 1, 0, 0, 0, // create task 1 active bob email
		1, 6, 23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // the application's link to the CTI server down
		2, 6, 23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // the link up
		8, 6, 0, 0, 0, 0, 0, 0, 0, 7, 38, 0, 0, // end task 1: partial by RP-6
		3, 0, 1, // defaults, NoHistoryRecreation
	})
	els := elements(refTopology(ccefsm.Duplex))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64*fuzzInputSize {
			data = data[:64*fuzzInputSize]
		}
		e, err := New(fuzzConfig(data[len(data)-len(data)%fuzzInputSize:]))
		if err != nil {
			t.Fatal(err)
		}
		var l Log
		for len(data) >= fuzzInputSize {
			in := fuzzInput(data, e.Now(), els)
			data = data[fuzzInputSize:]
			before, err := e.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			l.Reset()
			err = e.Apply(&l, in)
			after, err2 := e.MarshalBinary()
			if err2 != nil {
				t.Fatal(err2)
			}
			if err == nil {
				if field, why := e.verify(); why != "" {
					t.Fatalf("after %+v: %s: %s", in, field, why)
				}
				continue
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Err == nil {
				t.Fatalf("%v: refusal %v is not an *InputError", in.Op, err)
			}
			if !bytes.Equal(before, after) {
				t.Fatalf("refused %v (%v) changed the engine", in.Op, err)
			}
			if l.Len() != 0 {
				t.Fatalf("refused %v (%v) left %d effects in the log", in.Op, err, l.Len())
			}
		}
	})
}
