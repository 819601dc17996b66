package cti

import (
	"runtime"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

// hotFrames are AGENT_STATE_EVENTs as a CTI Server sends them: the fixed part,
// the agent's IDs and one skill group.
func hotFrame(t testing.TB, v Version) []byte {
	m := aseWant(1, 0, fAgentID, fExt, fInstr, fSGNumber, fSGID, fSGPrio, fSGState)
	if v >= 19 {
		m.DepartmentID = 7
	}
	return encode(t, m, v)
}

// Decoding an AGENT_STATE_EVENT into a reused value allocates nothing, nor
// does the Decoder.
func TestDecodeAllocs(t *testing.T) {
	for _, v := range []Version{18, 25} {
		frame := hotFrame(t, v)
		var m AgentStateEvent
		if err := m.Decode(v, frame); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() {
			if err := m.Decode(v, frame); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("version %d: AgentStateEvent.Decode allocates %v times", v, n)
		}
		dec, _ := NewDecoder(DecoderConfig{Version: v})
		if _, err := dec.Decode(frame); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() {
			if _, err := dec.Decode(frame); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("version %d: Decoder.Decode allocates %v times", v, n)
		}
		// Reading the fields allocates nothing either.
		if n := testing.AllocsPerRun(100, func() {
			id, _ := m.AgentID()
			_, _ = m.Duration()
			if len(id) != 4 {
				t.Fatal("AgentID")
			}
		}); n != 0 {
			t.Errorf("version %d: accessors allocate %v times", v, n)
		}
	}
}

// newRoster returns a roster with agent 5001 on peripheral 5000 in MRD 1,
// the agent of hotFrame.
func newRoster(t testing.TB, now time.Time) *agentstate.Roster {
	r, err := agentstate.NewRoster(agentstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaVoice)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.AddPeripheral(5000, ccefsm.Simplex); err != nil {
		t.Fatal(err)
	}
	if err := r.AddAgent(now, 5001, 5000); err != nil {
		t.Fatal(err)
	}
	return r
}

// Decoding an AGENT_STATE_EVENT and applying it to the roster allocates
// nothing.
func TestDecodeApplyAllocs(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	r := newRoster(t, now)
	frame := hotFrame(t, 25)
	dec, _ := NewDecoder(DecoderConfig{Version: 25})
	apply := func() {
		msg, err := dec.Decode(frame)
		if err != nil {
			t.Fatal(err)
		}
		e := msg.(*AgentStateEvent)
		if err := r.Observe(now, e.ICMAgentID, e.MRDID, e.AgentState, e.EventReasonCode); err != nil {
			t.Fatal(err)
		}
	}
	apply()
	if n := testing.AllocsPerRun(100, apply); n != 0 {
		t.Errorf("decode + Observe allocates %v times", n)
	}
	if st, err := r.State(5001, 1); err != nil || st != agentstate.NotReady {
		t.Errorf("state after Observe: %v, %v", st, err)
	}
}

// bytesAllocated returns the bytes f allocates, on average over runs.
func bytesAllocated(runs int, f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}

// Decoding into a fresh value allocates once at most: the floating list,
// sized exactly, so that memory is bounded by the input's size even for the
// worst input, a message full of empty fields.
func TestDecodeMemoryBound(t *testing.T) {
	for _, v := range []Version{18, 25} {
		hdr := v.fieldHeader()
		m := aseWant(0, 0)
		if v >= 19 {
			m.DepartmentID = 7
		}
		for n := 0; n < (MaxMessageSize-HeaderSize-70)/hdr; n++ {
			m.Floating = append(m.Floating, Field{Tag: 200})
		}
		frame := encode(t, m, v)
		if n := testing.AllocsPerRun(20, func() {
			var fresh AgentStateEvent
			if err := fresh.Decode(v, frame); err != nil {
				t.Fatal(err)
			}
		}); n > 1 {
			t.Errorf("version %d: a fresh decode allocates %v times", v, n)
		}
		var sink AgentStateEvent
		got := bytesAllocated(20, func() {
			var fresh AgentStateEvent
			if err := fresh.Decode(v, frame); err != nil {
				t.Fatal(err)
			}
			sink = fresh
		})
		_ = sink
		// One Field (32 bytes) per field header of hdr bytes: at most
		// 16 bytes allocated per input byte, plus the allocator's rounding.
		if limit := uint64(len(frame)) * 17; got > limit {
			t.Errorf("version %d: a fresh decode of %d bytes allocates %d bytes, over %d", v, len(frame), got, limit)
		}
		t.Logf("version %d: %d fields in %d bytes: %d bytes allocated (%.1f per input byte)",
			v, len(m.Floating), len(frame), got, float64(got)/float64(len(frame)))
	}
}

// Every modelled message decodes into a reused value without allocating.
func TestDecodeAllocsEveryType(t *testing.T) {
	for _, g := range goldens {
		for _, v := range []Version{g.versions[0], g.versions[len(g.versions)-1]} {
			frame := unhex(t, g.dump, v)
			m := newMessage(g.want)
			for range 2 { // fill both field arrays
				if err := m.Decode(v, frame); err != nil {
					t.Fatal(err)
				}
			}
			if n := testing.AllocsPerRun(50, func() {
				if err := m.Decode(v, frame); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("%s, version %d: Decode allocates %v times", g.name, v, n)
			}
			buf := make([]byte, 0, 512)
			if n := testing.AllocsPerRun(50, func() {
				var err error
				if buf, err = m.Append(buf[:0], v); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("%s, version %d: Append allocates %v times", g.name, v, n)
			}
		}
	}
}
