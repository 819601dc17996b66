package cti

import (
	"errors"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
)

// fuzzRecord is the size of one step of FuzzMapper's stream: what to do,
// how long after the previous step, and six bytes of fields.
const fuzzRecord = 8

// fuzzStep turns one record into a message, encoded with the package's
// encoder in version v and decoded again, so that the mapper sees only what
// a Decoder gives; or into a Closed or Flush call (msg nil, closed or
// flush set). ok is false for a record whose message the encoder refuses.
func fuzzStep(dec *Decoder, v Version, r []byte) (msg Message, closed, flush, ok bool) {
	periphs := [...]ccefsm.PeripheralID{p5000, p5000, p5001, 6000}
	agents := [...]ccefsm.AgentID{a1001, a1002, a1003, a1004, 4242}
	mrds := [...]ccefsm.MRDID{mVoice, mVoice, mChat, mEmail, 9}
	var m Message
	switch r[0] % 12 {
	case 0, 1, 2, 3: // agent states, often in the voice MRD of 5000
		p, mrd := periphs[r[2]%4], mrds[r[4]%5]
		if r[0]%12 > 1 {
			p, mrd = p5000, mVoice
		}
		dur := uint32(r[7])
		if dur >= 0xF0 { // the longest times in state a UINT holds
			dur = 0xFFFFFFFF - dur&0x0F
		}
		m = ase(p, agents[r[3]%5], mrd, agentstate.State(r[5]%15), agentstate.ReasonCode(r[6])*1000, dur)
	case 4, 5:
		ev := &SystemEvent{PGStatus: PGStatus(r[2]), SystemEventID: SystemEventID(r[3]%11 + 1),
			SystemEventArg1: uint32(periphs[r[4]%4]), EventDeviceType: DeviceIDNone}
		m = ev
	case 6:
		oc := openConf(PGStatus(r[2]))
		oc.SessionType = SessionType(r[3] % 3)
		if v < 24 {
			oc.SessionType = 0
		}
		m = oc
	case 7:
		m = &FailureEvent{Status: [...]StatusCode{StatusCTIServerOffline, StatusTimeout}[r[2]%2]}
	case 8:
		m = [...]Message{&CloseConf{}, &HeartbeatReq{}, &HeartbeatConf{}, &CloseReq{}, &FailureConf{Status: StatusCTIServerOffline},
			&OpenReq{VersionNumber: v, Floating: []Field{StringField(TagClientID, "c"), BytesField(TagClientPassword, nil)}}}[r[2]%6]
	case 9:
		m = &Raw{MsgType: [...]MessageType{MsgEndTaskEvent, MsgOfferTaskInd, 277, 36}[r[2]%4], Body: r[3:]}
	case 10:
		return nil, true, false, true
	case 11:
		return nil, false, true, true
	}
	frame, err := m.Append(nil, v)
	if err != nil {
		return nil, false, false, false
	}
	msg, err = dec.Decode(frame)
	if err != nil {
		return nil, false, false, false
	}
	return msg, false, false, true
}

// FuzzMapper feeds decoded messages, made from the fuzz stream, to a Mapper
// and every input it produces to an engine. It must never panic; every
// input is accepted, or refused by the engine with an *InputError for an
// agent, MRD or value the engine does not know (never for time: the inputs
// are in time order); every call gives rows of the table, at least one for
// a message; and after every step the engine's elements are what the
// mapper says the session saw, since the mapper is the engine's only source
// of element inputs.
func FuzzMapper(f *testing.F) {
	f.Add([]byte{24, 0,
		4, 1, 4, 4, 0, 0, 0, 0, // peripheral 5000 offline (arg 5000), PGStatus 4
		4, 10, 0, 3, 0, 0, 0, 0, // online
		2, 1, 0, 0, 0, 3, 0, 30, // held
		3, 1, 0, 1, 0, 2, 7, 5, // held
		6, 30, 0, 1, 0, 0, 0, 0, // OPEN_CONF closes the burst
	})
	f.Add([]byte{20, 1,
		7, 1, 0, 0, 0, 0, 0, 0, // FAILURE_EVENT offline
		6, 20, 5, 1, 0, 0, 0, 0, // OPEN_CONF OPC down, peripheral offline
		4, 5, 0, 3, 0, 0, 0, 0, // online
		0, 0, 0, 1, 0, 3, 0, 0,
		10, 200, 0, 0, 0, 0, 0, 0, // Closed, long after
	})
	f.Add([]byte{25, 3,
		4, 1, 2, 2, 0, 0, 0, 0, // CC down
		4, 1, 0, 1, 0, 0, 0, 0, // CC up
		9, 1, 0, 0, 0, 0, 0, 0, // raw
		8, 1, 1, 0, 0, 0, 0, 0,
		11, 0, 0, 0, 0, 0, 0, 0,
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		v := fuzzVersion(data[0])
		mode := data[1]
		data = data[2:]
		if len(data) > 48*fuzzRecord {
			data = data[:48*fuzzRecord]
		}
		top := mapTopology(ccefsm.Redundancy(mode%2), mode&2 != 0)
		e, err := failover.New(failover.Config{Topology: top, Start: mt0})
		if err != nil {
			t.Fatal(err)
		}
		app := mApp
		if mode&4 != 0 {
			app = 0
		}
		cfg, err := MapperConfigFor(top, mPG, app)
		if err != nil {
			t.Fatal(err)
		}
		if mode&8 != 0 {
			cfg.Agents = nil
		}
		if mode&16 != 0 {
			cfg.MaxBurst = 2
		}
		m, err := NewMapper(cfg)
		if err != nil {
			t.Fatal(err)
		}
		dec, _ := NewDecoder(DecoderConfig{Version: v})
		var l failover.Log
		var out []Mapped
		now := mt0
		last := mt0
		for ; len(data) >= fuzzRecord; data = data[fuzzRecord:] {
			r := data[:fuzzRecord]
			now = now.Add(time.Duration(r[1]) * 100 * time.Millisecond)
			msg, closed, flush, ok := fuzzStep(dec, v, r)
			if !ok {
				continue
			}
			switch {
			case closed:
				out, err = m.Closed(out[:0], now)
			case flush:
				out = m.Flush(out[:0])
			default:
				out, err = m.Map(out[:0], now, msg)
			}
			if err != nil {
				t.Fatalf("step %v: %v", r, err)
			}
			if msg != nil && len(out) == 0 {
				t.Fatalf("%v gave no row", msg.Type())
			}
			l.Reset()
			for _, x := range out {
				row, ok := x.Row.Row()
				if !ok {
					t.Fatalf("row %v", x.Row)
				}
				if x.Input.Op == failover.OpNone {
					continue
				}
				if row.Rule == ccefsm.RuleNone {
					t.Fatalf("%v gave an input, but cites no rule", x)
				}
				if x.Input.At.Before(last) || x.Input.At.After(now) {
					t.Fatalf("%v at %v: out of order (last %v, now %v)", x, x.Input.At, last, now)
				}
				last = x.Input.At
				err := Apply(e, &l, []Mapped{x})
				if err == nil {
					continue
				}
				var ie *failover.InputError
				known := errors.Is(err, ccefsm.ErrUnknownID) || errors.Is(err, ccefsm.ErrUnknownValue) ||
					(cfg.Agents == nil && errors.Is(err, agentstate.ErrWrongPeripheral))
				if !errors.As(err, &ie) || !known {
					t.Fatalf("%v refused: %v", x, err)
				}
			}
			checkMapperElements(t, m, e)
		}
		// The engine is still one its own snapshot decoder accepts.
		snap, err := e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if err := new(failover.Engine).UnmarshalBinary(snap); err != nil {
			t.Fatalf("the engine's snapshot is refused: %v", err)
		}
	})
}

// checkMapperElements checks that the engine's elements are what m says
// the session saw.
func checkMapperElements(t *testing.T, m *Mapper, e *failover.Engine) {
	t.Helper()
	is := func(el failover.Element, want bool) {
		t.Helper()
		got, err := e.IsDown(el)
		if err != nil || got != want {
			t.Fatalf("%v down: %v, %v; the mapper says %v", el, got, err, want)
		}
	}
	is(elCCA, m.cc)
	if m.duplex {
		is(elCCB, m.cc)
	}
	for i, p := range m.periphs {
		is(failover.Element{Kind: failover.ACD, ID: uint32(p)}, m.offline[i])
	}
	if m.app != 0 {
		is(elAppCTI, m.appDown)
	} else {
		is(elAppCTI, false)
	}
}
