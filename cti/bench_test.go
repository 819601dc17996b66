package cti

import (
	"bufio"
	"bytes"
	"testing"
	"time"
)

// cpuClock measures the CPU time of a benchmark's loop (see cpuTime).
type cpuClock struct {
	start time.Duration
	ok    bool
}

func startCPU() cpuClock {
	t, ok := cpuTime()
	return cpuClock{t, ok}
}

// report reports the CPU time per operation, and messages decoded per
// second of CPU time on one core (run with -cpu 1 so that the process's CPU
// time is the benchmark's), or per second of wall time where CPU time is not
// measured.
func (c cpuClock) report(b *testing.B, perOp int) {
	elapsed := b.Elapsed()
	if end, ok := cpuTime(); ok && c.ok {
		elapsed = end - c.start
		b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
	if s := elapsed.Seconds(); s > 0 {
		b.ReportMetric(float64(b.N*perOp)/s, "msgs/s")
	}
}

// BenchmarkDecodeAgentStateEvent decodes an AGENT_STATE_EVENT (the fixed
// part, AgentID, AgentExtension, AgentInstrument and one skill group) into a
// reused value. Target: at least 10 million a second on one core, 100 ns
// each at most.
func BenchmarkDecodeAgentStateEvent(b *testing.B) {
	for _, v := range []Version{18, 25} {
		b.Run("v"+v.String(), func(b *testing.B) {
			frame := hotFrame(b, v)
			var m AgentStateEvent
			b.ReportAllocs()
			b.SetBytes(int64(len(frame)))
			clock := startCPU()
			for b.Loop() {
				if err := m.Decode(v, frame); err != nil {
					b.Fatal(err)
				}
			}
			clock.report(b, 1)
		})
	}
}

// BenchmarkDecoder decodes the same message through Decoder.Decode, which
// dispatches on the type.
func BenchmarkDecoder(b *testing.B) {
	frame := hotFrame(b, 25)
	dec, _ := NewDecoder(DecoderConfig{Version: 25})
	b.ReportAllocs()
	clock := startCPU()
	for b.Loop() {
		if _, err := dec.Decode(frame); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b, 1)
}

// BenchmarkDecodeApply decodes an AGENT_STATE_EVENT and feeds its state to
// agentstate.Roster.Observe for its agent and MRD. Target: 100 ns at most.
func BenchmarkDecodeApply(b *testing.B) {
	now := time.Unix(1_800_000_000, 0)
	r := newRoster(b, now)
	frame := hotFrame(b, 25)
	dec, _ := NewDecoder(DecoderConfig{Version: 25})
	b.ReportAllocs()
	clock := startCPU()
	for b.Loop() {
		msg, err := dec.Decode(frame)
		if err != nil {
			b.Fatal(err)
		}
		e := msg.(*AgentStateEvent)
		if err := r.Observe(now, e.ICMAgentID, e.MRDID, e.AgentState, e.EventReasonCode); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b, 1)
}

// BenchmarkAppendAgentStateEvent encodes the same message into a reused
// buffer.
func BenchmarkAppendAgentStateEvent(b *testing.B) {
	frame := hotFrame(b, 25)
	var m AgentStateEvent
	if err := m.Decode(25, frame); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	clock := startCPU()
	for b.Loop() {
		var err error
		if buf, err = m.Append(buf[:0], 25); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b, 1)
}

// BenchmarkScanDecode splits a stream of 1000 AGENT_STATE_EVENTs with a
// bufio.Scanner and decodes each.
func BenchmarkScanDecode(b *testing.B) {
	frame := hotFrame(b, 25)
	stream := bytes.Repeat(frame, 1000)
	dec, _ := NewDecoder(DecoderConfig{Version: 25})
	rd := bytes.NewReader(stream)
	b.ReportAllocs()
	b.SetBytes(int64(len(stream)))
	clock := startCPU()
	for b.Loop() {
		rd.Reset(stream)
		sc := bufio.NewScanner(rd)
		sc.Buffer(make([]byte, 0, 64<<10), MaxMessageSize)
		sc.Split(SplitMessages)
		for sc.Scan() {
			if _, err := dec.Decode(sc.Bytes()); err != nil {
				b.Fatal(err)
			}
		}
		if sc.Err() != nil {
			b.Fatal(sc.Err())
		}
	}
	clock.report(b, 1000)
}
