package failover

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/snapshot"
	"github.com/ccefsm/ccefsm/taskstate"
)

// busyRig returns an engine in the middle of overlapping outages: a PIM
// outage open, the Central Controller down (caching, routing disabled, a
// cached task record), an application's CTI path down (a task counting its
// task life, one begun during the outage), a desktop down, a task marked
// by RP-3, intervals and tasks in the ledger.
func busyRig(t *testing.T) *rig {
	r := newRig(t, refTopology(ccefsm.Duplex))
	for _, a := range []ccefsm.AgentID{alice, bob, carl} {
		r.ready(at(0, 0), a, voice, chat, email)
	}
	r.create(at(0, 0), 1, chat, alice, taskstate.StateActive)
	r.create(at(0, 0), 2, email, bob, taskstate.StateActive)
	r.create(at(0, 0), 3, chat, bob, taskstate.StateActive)
	r.do(Input{Op: OpSendRequest, At: at(1, 0), App: app7, Request: 1, MRD: chat})
	r.down(at(5, 0), ccA)
	r.down(at(5, 0), ccB)
	r.task(at(6, 0), TaskEnd, 3, 0) // cached (RT-6)
	r.down(at(7, 0), Element{Kind: Desktop, ID: uint32(carl)})
	r.down(at(8, 0), pimA)
	r.down(at(8, 0), pimB)
	r.down(at(9, 0), appCTI)
	r.create(at(10, 0), 4, chat, carl, taskstate.StateActive) // begun during the outage (TS-4), RP-3
	r.up(at(40, 0), ccB)
	r.down(at(41, 0), ccB)
	r.task(at(42, 0), TaskEnd, 4, 0) // cached again
	return r
}

func TestSnapshotRoundTrip(t *testing.T) {
	r := busyRig(t)
	b, err := r.e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var c Engine
	if err := c.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	b2, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Fatal("a restored engine marshals to other bytes")
	}
	// The restored engine continues exactly as the original.
	for _, in := range []Input{
		{Op: OpUp, At: at(50, 0), Element: appCTI},
		{Op: OpUp, At: at(51, 0), Element: pimA},
		{Op: OpUp, At: at(52, 0), Element: ccB},
		{Op: OpCreateTask, At: at(53, 0), Task: 5, App: app7, MRD: chat, Agent: alice, TaskState: taskstate.StateOffered},
		{Op: OpUp, At: at(54, 0), Element: Element{Kind: Desktop, ID: uint32(carl)}},
	} {
		var l1, l2 Log
		err1, err2 := r.e.Apply(&l1, in), c.Apply(&l2, in)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%v: %v vs %v", in.Op, err1, err2)
		}
		if a, b := strings.Join(effectLines(&l1), "\n"), strings.Join(effectLines(&l2), "\n"); a != b {
			t.Fatalf("%v: effects differ:\n%s\n---\n%s", in.Op, a, b)
		}
	}
}

// Every single-bit flip of a snapshot is refused: of the busy engine, and
// of one with calls split across PG failovers (RP-9).
func TestSnapshotBitFlips(t *testing.T) {
	for _, r := range []*rig{busyRig(t), splitRig(t)} {
		b, err := r.e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var e Engine
		for i := range b {
			for bit := 0; bit < 8; bit++ {
				b[i] ^= 1 << bit
				err := e.UnmarshalBinary(b)
				b[i] ^= 1 << bit
				if err == nil {
					t.Fatalf("flip of byte %d bit %d accepted", i, bit)
				}
				if !errors.Is(err, ErrCorruptSnapshot) || !errors.Is(err, ccefsm.ErrCorruptSnapshot) {
					t.Fatalf("flip of byte %d bit %d: %v", i, bit, err)
				}
			}
		}
		if e.top.t != nil {
			t.Error("a refused snapshot changed the engine")
		}
	}
}

// reseal returns the snapshot of e with a valid checksum whatever e's
// state: what a crafted snapshot would be.
func reseal(t *testing.T, e *Engine) []byte {
	b, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return snapshot.Seal(b[:len(b)-4])
}

// Snapshots of states no input sequence reaches are refused, checksum or
// not: each case breaks one invariant of a busy engine and reseals.
func TestSnapshotRefusesUnreachable(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(e *Engine)
		want   string
	}{
		{"an element down the leaves never heard of", func(e *Engine) {
			s, _ := e.top.slot(Element{Kind: LinkAppMRPG, ID: uint32(app7)})
			e.down[s] = true
		}, "connection"},
		{"an element up the leaves still see down", func(e *Engine) {
			s, _ := e.top.slot(pimB)
			e.down[s] = false
		}, "roster"},
		{"a Finesse pair down with both servers healthy", func(e *Engine) { e.st.fin[0] = ccefsm.SideNone }, "Finesse active side"},
		{"an outage closed on a path that is down", func(e *Engine) {
			for i := range e.outages {
				if e.outages[i].To.IsZero() {
					e.outages[i].To = e.outages[i].From
					return
				}
			}
		}, "outages"},
		{"an outage from the future", func(e *Engine) { e.outages[0].From = at(99, 0) }, "outages"},
		{"a task entry counted twice", func(e *Engine) { e.tasks.counts[ccefsm.ReportPartial]++ }, "task ledger"},
		{"a cached task the cache does not hold", func(e *Engine) { e.tasks.pending[0] = e.tasks.pending[0][:0] }, "cache"},
		{"an RP-3 mark on a task that is not open", func(e *Engine) { e.rp3[999] = 0 }, "RP-3"},
		{"an offline window with the peripheral online", func(e *Engine) {
			e.led.periph[0].offline = e.led.periph[0].offline[:0]
		}, "interval ledger"},
		{"a desktop down with no outage", func(e *Engine) { e.desktops[alice] = desktopDownBit }, "outages"},
		{"the clock before the start", func(e *Engine) { e.now = t0.Add(-1).UnixNano() }, "clock"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := busyRig(t)
			c.break_(r.e)
			wantCorrupt(t, r.e, c.want)
		})
	}
}

// The invariant checker is the decoder's: an engine that breaks one fails
// verify exactly as its snapshot fails to decode.
func TestVerifyIsTheDecodersCheck(t *testing.T) {
	r := busyRig(t)
	if field, why := r.e.verify(); why != "" {
		t.Fatalf("a reachable engine fails verify: %s: %s", field, why)
	}
	r.e.st.appCTI[0] = true // the status says up, the store says down
	if _, why := r.e.verify(); why == "" {
		t.Fatal("verify accepts a status the elements do not give")
	}
}

// A snapshot of another version is refused, version 3 (two booleans per
// client policy and RP-3 scope) and version 4 (no NoHistoryRecreation)
// included.
func TestSnapshotVersion(t *testing.T) {
	for _, v := range []byte{3, 4, 9} {
		b, _ := busyRig(t).e.MarshalBinary()
		b[4] = v
		err := new(Engine).UnmarshalBinary(snapshot.Seal(b[:len(b)-4]))
		if want := "version " + strconv.Itoa(int(v)) + "; this build reads version 5"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("version %d: err = %v", v, err)
		}
	}
}

// Replaying the same inputs gives the same bytes.
func TestReplayDeterministic(t *testing.T) {
	a, b := busyRig(t), busyRig(t)
	x, _ := a.e.MarshalBinary()
	y, _ := b.e.MarshalBinary()
	if !bytes.Equal(x, y) {
		t.Fatal("two runs of the same inputs differ")
	}
	_ = agentstate.Available
}

// wantCorrupt requires the decoder to refuse e's snapshot, resealed, with
// a *ccefsm.SnapshotError (ErrCorruptSnapshot) that names want.
func wantCorrupt(t *testing.T, e *Engine, want string) {
	t.Helper()
	err := new(Engine).UnmarshalBinary(reseal(t, e))
	if err == nil || !errors.Is(err, ccefsm.ErrCorruptSnapshot) || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want a corrupt snapshot naming %q", err, want)
	}
	var se *ccefsm.SnapshotError
	if err != nil && !errors.As(err, &se) {
		t.Errorf("err %T is not a *ccefsm.SnapshotError", err)
	}
}
