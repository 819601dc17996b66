package routing

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

// decodeInputs turns fuzz bytes into Conn inputs, two bytes each: the low
// three bits of the first pick the operation, the rest and the second byte
// pick the ID (relative to the last ID, starting at last), MRD, outcome and
// the time step (which may go backwards).
func decodeInputs(data []byte, last ccefsm.RequestID) ([]input, []int) {
	var ins []input
	var dts []int
	for len(data) >= 2 {
		a, b := data[0], data[1]
		data = data[2:]
		dts = append(dts, int(b>>6)-1)
		var in input
		switch a & 7 {
		case 0, 1:
			// Mostly fresh IDs; a&0x80 reuses an old one.
			id := last + ccefsm.RequestID(1+a>>3&3)
			if a&0x80 != 0 && last > 0 {
				id = last - ccefsm.RequestID(b&7)
			}
			in = input{op: opSend, id: id, mrd: ccefsm.MRDID(b >> 3 & 3)}
			if id > last {
				last = id
			}
		case 2, 3:
			in = input{op: opResp, id: last - ccefsm.RequestID(b&15), out: Outcome(b >> 4 & 3)}
		case 4:
			in = input{op: opAppDown}
		case 5:
			in = input{op: opAppUp}
		case 6:
			in = input{op: opCCDown}
		case 7:
			in = input{op: opCCUp}
		}
		ins = append(ins, in)
	}
	return ins, dts
}

// FuzzConn drives a Conn with arbitrary inputs. After every input the
// invariants hold (the decoder's own check) and an erroring input changed
// nothing; every accepted request is answered exactly once or still live.
// Halfway the Conn is snapshot and restored, and from then on the original
// and the restored Conn get the same inputs and must answer each with the
// same effects or the same error, and keep the same snapshot.
func FuzzConn(f *testing.F) {
	// Seeds: an outage and resend; a controller outage with a send in it;
	// flapping; a duplicate ID; time going backwards.
	f.Add([]byte{0, 0x48, 0, 0x48, 4, 0x40, 2, 0x41, 5, 0x40, 2, 0x40}, uint8(0))
	f.Add([]byte{0, 0x48, 6, 0x40, 0, 0x48, 2, 0x40, 7, 0x40}, uint8(0))
	f.Add([]byte{0, 0x48, 4, 0x40, 5, 0x40, 4, 0x40, 5, 0x40, 2, 0x40}, uint8(3))
	f.Add([]byte{0, 0x48, 0x80, 0x40, 0, 0x00}, uint8(1))
	f.Add([]byte{0, 0x88, 4, 0x40, 6, 0x40, 5, 0x40, 7, 0x40}, uint8(2))
	f.Add([]byte{0, 0x48, 0, 0x48, 6, 0x40, 4, 0x40, 0, 0x48, 5, 0x40, 0, 0x48, 4, 0x40, 0, 0x48, 7, 0x40, 2, 0x40, 5, 0x40}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, policy uint8) {
		var p Policy
		if policy&1 != 0 {
			_ = p.Set(rowSendAppDown, ActionReject)
		}
		if policy&2 != 0 {
			_ = p.Set(rowAppUpDisabled, ActionFail)
		}
		ins, dts := decodeInputs(data, 0)
		c := mustConn(p, 2)
		var r *Conn
		answers := map[ccefsm.RequestID]int{}
		var accepted []ccefsm.RequestID
		now := t0
		for i, in := range ins {
			if i == len(ins)/2 {
				r = &Conn{}
				if err := r.UnmarshalBinary(marshal(t, c)); err != nil {
					t.Fatalf("step %d: UnmarshalBinary of a fresh snapshot: %v", i, err)
				}
			}
			when := now.Add(time.Duration(dts[i]) * time.Second)
			before := clone(c)
			got, err := apply(c, nil, when, in)
			if r != nil {
				got2, err2 := apply(r, nil, when, in)
				if diff := cmp.Diff(got, got2); diff != "" || fmt.Sprint(err) != fmt.Sprint(err2) {
					t.Fatalf("step %d %v: original and restored differ (%v / %v):\n%s", i, in, err, err2, diff)
				}
				if !slices.Equal(marshal(t, c), marshal(t, r)) {
					t.Fatalf("step %d %v: original and restored snapshots differ", i, in)
				}
			}
			if err != nil {
				if !sameConn(before, c) {
					t.Fatalf("step %d %v: error %v changed the Conn:\n%s", i, in, err, cmp.Diff(before, c, connCmp))
				}
				continue
			}
			if when.After(now) {
				now = when
			}
			if in.op == opSend {
				accepted = append(accepted, in.id)
			}
			for _, e := range got {
				switch e.Kind {
				case EffectRouted, EffectFailed, EffectNewTaskFailure:
					answers[e.Request]++
				}
			}
			if err := c.check(); err != nil {
				t.Fatalf("step %d %v: %v", i, in, err)
			}
		}
		for _, id := range accepted {
			live := statusOf(c, id).IsLive()
			if n := answers[id]; (live && n != 0) || (!live && n != 1) {
				t.Fatalf("request %d: live %v, answered %d times", id, live, n)
			}
		}
	})
}
