package cti

import (
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
)

// hotAgents is the number of agents of the hot-path benchmarks: one Agent PG
// of 2,000 agents on one peripheral, the size Cisco gives for a PG.
const hotAgents = 2000

// hotRig is an engine of hotAgents agents on peripheral 5000, a roster of
// the same agents on its own (the baseline of what the engine adds), a
// mapper for the PG, and frames of AGENT_STATE_EVENTs in version 25 (the
// fixed part, the agent's IDs and one skill group, as hotFrame), two per
// agent: ready and not ready, so that every event changes the agent's
// state.
type hotRig struct {
	e      *failover.Engine
	ros    *agentstate.Roster
	m      *Mapper
	dec    *Decoder
	frames [][]byte
	now    time.Time
}

func newHotRig(tb testing.TB) *hotRig {
	top := mapTopology(ccefsm.Duplex, false)
	top.Agents = nil
	for i := range hotAgents {
		top.Agents = append(top.Agents, failover.AgentConfig{ID: ccefsm.AgentID(10000 + i), Peripheral: p5000})
	}
	r := &hotRig{now: mt0}
	var err error
	if r.e, err = failover.New(failover.Config{Topology: top, Start: mt0}); err != nil {
		tb.Fatal(err)
	}
	// The engine's roster is read-only to its callers; the baseline drives
	// a roster of its own, built as the engine builds its one.
	if r.ros, err = agentstate.NewRoster(agentstate.Config{MRDs: top.MRDs}); err != nil {
		tb.Fatal(err)
	}
	if err := r.ros.AddPeripheral(p5000, ccefsm.Duplex); err != nil {
		tb.Fatal(err)
	}
	for _, a := range top.Agents {
		if err := r.ros.AddAgent(mt0, a.ID, a.Peripheral); err != nil {
			tb.Fatal(err)
		}
	}
	cfg, err := MapperConfigFor(top, mPG, mApp)
	if err != nil {
		tb.Fatal(err)
	}
	if r.m, err = NewMapper(cfg); err != nil {
		tb.Fatal(err)
	}
	if r.dec, err = NewDecoder(DecoderConfig{Version: 25}); err != nil {
		tb.Fatal(err)
	}
	for i := range hotAgents {
		for _, st := range []agentstate.State{agentstate.Available, agentstate.NotReady} {
			m := aseWant(1, 7, fAgentID, fExt, fInstr, fSGNumber, fSGID, fSGPrio, fSGState)
			m.ICMAgentID, m.AgentState, m.SkillGroupState, m.EventReasonCode = ccefsm.AgentID(10000+i), st, st, 0
			r.frames = append(r.frames, encode(tb, m, 25))
		}
	}
	// Log every agent in to the voice MRD, so that the events are the
	// steady state of a working PG.
	var l failover.Log
	for i := range hotAgents {
		if err := r.e.AgentObserve(&l, mt0, ccefsm.AgentID(10000+i), mVoice, agentstate.NotReady, 0); err != nil {
			tb.Fatal(err)
		}
		if err := r.ros.Observe(mt0, ccefsm.AgentID(10000+i), mVoice, agentstate.NotReady, 0); err != nil {
			tb.Fatal(err)
		}
	}
	return r
}

// Decoding an AGENT_STATE_EVENT, mapping it and applying its input to the
// engine, or to a roster of the same agents, allocates nothing in steady state.
func TestMapAllocs(t *testing.T) {
	r := newHotRig(t)
	var out []Mapped
	var l failover.Log
	i := 0
	step := func(apply func(*Mapped) error) {
		msg, err := r.dec.Decode(r.frames[i%len(r.frames)])
		if err != nil {
			t.Fatal(err)
		}
		i++
		if out, err = r.m.Map(out[:0], r.now, msg); err != nil {
			t.Fatal(err)
		}
		if len(out) != 1 || out[0].Row != RowObserve {
			t.Fatalf("rows %v", out)
		}
		if err := apply(&out[0]); err != nil {
			t.Fatal(err)
		}
	}
	engine := func(x *Mapped) error { l.Reset(); return Apply(r.e, &l, out) }
	roster := func(x *Mapped) error {
		return r.ros.Observe(x.Input.At, x.Input.Agent, x.Input.MRD, x.Input.State, x.Input.Reason)
	}
	mapOnly := func(*Mapped) error { return nil }
	for name, apply := range map[string]func(*Mapped) error{"map": mapOnly, "engine": engine, "roster": roster} {
		for range 4 {
			step(apply) // warm up: the decoder's arrays, the log
		}
		if n := testing.AllocsPerRun(200, func() { step(apply) }); n != 0 {
			t.Errorf("decode + map + %s allocates %v times per event", name, n)
		}
	}
	if st, err := r.e.Roster().State(10000, mVoice); err != nil || !st.IsValid() {
		t.Errorf("agent 10000: %v, %v", st, err)
	}
}

// BenchmarkMap maps a decoded AGENT_STATE_EVENT: the mapper alone.
func BenchmarkMap(b *testing.B) {
	r := newHotRig(b)
	msgs := make([]*AgentStateEvent, len(r.frames))
	for i, f := range r.frames {
		msgs[i] = new(AgentStateEvent)
		if err := msgs[i].Decode(25, f); err != nil {
			b.Fatal(err)
		}
	}
	out := make([]Mapped, 0, 4)
	b.ReportAllocs()
	clock := startCPU()
	i := 0
	for b.Loop() {
		var err error
		if out, err = r.m.Map(out[:0], r.now, msgs[i]); err != nil {
			b.Fatal(err)
		}
		if i++; i == len(msgs) {
			i = 0
		}
	}
	clock.report(b, 1)
}

// BenchmarkDecodeMapApply decodes an AGENT_STATE_EVENT, maps it and applies
// its input to the failover engine (2,000 agents; each event changes its
// agent's state). The target for decode + apply is 100 ns.
func BenchmarkDecodeMapApply(b *testing.B) {
	r := newHotRig(b)
	out := make([]Mapped, 0, 4)
	var l failover.Log
	b.ReportAllocs()
	clock := startCPU()
	i := 0
	for b.Loop() {
		msg, err := r.dec.Decode(r.frames[i])
		if err != nil {
			b.Fatal(err)
		}
		if out, err = r.m.Map(out[:0], r.now, msg); err != nil {
			b.Fatal(err)
		}
		l.Reset()
		if err := Apply(r.e, &l, out); err != nil {
			b.Fatal(err)
		}
		if i++; i == len(r.frames) {
			i = 0
		}
	}
	clock.report(b, 1)
}

// BenchmarkDecodeMapObserve is BenchmarkDecodeMapApply with the input
// applied to a roster of the same agents (agentstate.Roster.Observe)
// instead of the engine: what the engine adds is the difference.
func BenchmarkDecodeMapObserve(b *testing.B) {
	r := newHotRig(b)
	ros := r.ros
	out := make([]Mapped, 0, 4)
	b.ReportAllocs()
	clock := startCPU()
	i := 0
	for b.Loop() {
		msg, err := r.dec.Decode(r.frames[i])
		if err != nil {
			b.Fatal(err)
		}
		if out, err = r.m.Map(out[:0], r.now, msg); err != nil {
			b.Fatal(err)
		}
		in := &out[0].Input
		if err := ros.Observe(in.At, in.Agent, in.MRD, in.State, in.Reason); err != nil {
			b.Fatal(err)
		}
		if i++; i == len(r.frames) {
			i = 0
		}
	}
	clock.report(b, 1)
}

// BenchmarkDecodeApplyEngine decodes and applies the observation to the
// engine directly (Engine.AgentObserve), without the mapper.
func BenchmarkDecodeApplyEngine(b *testing.B) {
	r := newHotRig(b)
	var l failover.Log
	b.ReportAllocs()
	clock := startCPU()
	i := 0
	for b.Loop() {
		msg, err := r.dec.Decode(r.frames[i])
		if err != nil {
			b.Fatal(err)
		}
		x := msg.(*AgentStateEvent)
		l.Reset()
		if err := r.e.AgentObserve(&l, r.now, x.ICMAgentID, x.MRDID, x.AgentState, x.EventReasonCode); err != nil {
			b.Fatal(err)
		}
		if i++; i == len(r.frames) {
			i = 0
		}
	}
	clock.report(b, 1)
}
