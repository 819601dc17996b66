package failover

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
)

// Crafted snapshots the audit found accepted, each resealed with a valid
// checksum: an outage of a path the topology lacks (PathKind 99: the
// restored engine's Outage(1).Path.MarshalText then failed), an outage
// whose cause names an unknown agent or element, a task-ledger entry with
// a rule no task is classed by (Tasks returned it) or one of another kind,
// or naming an agent the topology lacks.
func TestSnapshotRefusesCrafted(t *testing.T) {
	closed := func(e *Engine) *Outage {
		for i := range e.outages {
			if !e.outages[i].To.IsZero() {
				return &e.outages[i]
			}
		}
		t.Fatal("the busy engine has no closed outage")
		return nil
	}
	entry := func(e *Engine) *taskEntry {
		for i := range e.tasks.entries {
			if !e.tasks.entries[i].cached {
				return &e.tasks.entries[i]
			}
		}
		t.Fatal("the busy engine has no settled task entry")
		return nil
	}
	cases := []struct {
		name   string
		break_ func(e *Engine)
		want   string
	}{
		{"a closed outage of path kind 99", func(e *Engine) { closed(e).Path.Kind = 99 }, "outages"},
		{"a closed outage of an unknown peripheral", func(e *Engine) {
			o := closed(e)
			o.Path = Path{Kind: PathPeripheral, ID: 77}
		}, "outages"},
		{"an outage caused by an unknown agent's desktop", func(e *Engine) {
			e.outages[0].Cause = Element{Kind: Desktop, ID: 4242}
		}, "outages"},
		{"an outage caused by an unknown PG", func(e *Engine) {
			e.outages[0].Cause = Element{Kind: AgentPG, ID: 99, Side: ccefsm.SideA}
		}, "outages"},
		{"a task entry with rule 250", func(e *Engine) { entry(e).rule = 250 }, "task ledger"},
		{"a task entry classed by RP-2, an interval rule", func(e *Engine) { entry(e).rule = ccefsm.RP2 }, "task ledger"},
		{"a task entry of an unknown agent", func(e *Engine) { entry(e).agent = 4242 }, "task ledger"},
		{"a task entry of task 0", func(e *Engine) { entry(e).task = 0 }, "task ledger"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := busyRig(t)
			// End a task during the CTI outage in a way that leaves a
			// settled entry: the busy engine's entries are cached.
			r.up(at(43, 0), ccB)
			c.break_(r.e)
			wantCorrupt(t, r.e, c.want)
		})
	}
	// The busy engine itself, with its ledger settled, is accepted.
	r := busyRig(t)
	r.up(at(43, 0), ccB)
	if err := new(Engine).UnmarshalBinary(reseal(t, r.e)); err != nil {
		t.Fatal(err)
	}
}

// Crafted call splits (RP-9) are refused at the entry that breaks an
// invariant, the error naming the field and the entry's byte offset: an
// unknown agent, an outage the engine does not remember, one that is not
// the agent's peripheral's or not caused by a side of its Agent PG, one
// that did not end when the call was recovered, entries out of order or
// repeated, and instants outside the engine's life or before its horizon.
func TestSnapshotRefusesCraftedSplits(t *testing.T) {
	cases := []struct {
		name   string
		entry  int // the entry the decoder refuses
		break_ func(e *Engine)
		field  string
	}{
		{"an unknown agent", 0, func(e *Engine) { e.led.splits[0].agent = 4242 }, "call split agent"},
		{"agent 0", 1, func(e *Engine) { e.led.splits[1].agent = 0 }, "call split agent"},
		{"an outage never given", 2, func(e *Engine) { e.led.splits[2].outage = 99 }, "call split outage"},
		{"outage 0", 0, func(e *Engine) { e.led.splits[0].outage = 0 }, "call split outage"},
		{"the PG's own outage, not its peripheral's", 2, func(e *Engine) { e.led.splits[2].outage = 2 }, "call split outage"},
		{"an outage of the peripheral its PIM caused", 2, func(e *Engine) { e.outages[3].Cause = pimA }, "call split outage"},
		{"an outage caused by its PG's CTI server", 2, func(e *Engine) { e.outages[3].Cause = Element{Kind: CTIServer, ID: pg1, Side: ccefsm.SideB} }, "call split outage"},
		{"the CTI Manager's outage caused by a PG side", 0, func(e *Engine) { e.outages[0].Path = Path{Kind: PathCTIManager, ID: cm1} }, "call split outage"},
		{"the CTI Manager's outage caused by another CTI Manager", 0, func(e *Engine) {
			e.outages[0].Path = Path{Kind: PathCTIManager, ID: cm1}
			e.outages[0].Cause = Element{Kind: CTIManager, ID: 9, Side: ccefsm.SideA}
		}, "call split outage"},
		{"an outage caused by another PG", 0, func(e *Engine) { e.outages[0].Cause = Element{Kind: AgentPG, ID: 9, Side: ccefsm.SideA} }, "call split outage"},
		{"the takeover's outage for the later recovery", 3, func(e *Engine) { e.led.splits[3].outage = 1 }, "call split outage"},
		{"a recovery before its outage ended", 2, func(e *Engine) { e.led.splits[2].at = at(25, 0).UnixNano() }, "call split outage"},
		{"two entries of one outage swapped", 1, func(e *Engine) {
			e.led.splits[0], e.led.splits[1] = e.led.splits[1], e.led.splits[0]
		}, "call split agent"},
		{"an entry repeated", 1, func(e *Engine) { e.led.splits[1] = e.led.splits[0] }, "call split agent"},
		{"instants going back", 2, func(e *Engine) { e.led.splits[2].at = at(9, 0).UnixNano() }, "call split instant"},
		{"after the latest input", 3, func(e *Engine) { e.led.splits[3].at = e.now + 1 }, "call split instant"},
		{"before the start", 0, func(e *Engine) { e.led.splits[0].at = t0.UnixNano() - 1 }, "call split instant"},
		{"before the horizon", 0, func(e *Engine) { e.led.horizon = at(30, 0).UnixNano() }, "call split instant"},
	}
	// entryOffset is the byte offset of split k in e's snapshot: the
	// snapshot without splits shares every byte before the count.
	entryOffset := func(e *Engine, k int) int {
		full := reseal(t, e)
		saved := e.led.splits
		e.led.splits = nil
		none := reseal(t, e)
		e.led.splits = saved
		off := 0
		for off < len(none) && full[off] == none[off] {
			off++
		}
		b := binary.AppendUvarint(nil, uint64(len(saved)))
		for _, s := range saved[:k] {
			b = binary.AppendVarint(b, s.at)
			b = binary.AppendUvarint(b, uint64(s.agent))
			b = binary.AppendUvarint(b, uint64(s.outage))
		}
		return off + len(b)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := splitRig(t)
			r.do(Input{Op: OpAdvance, At: at(61, 0)})
			if len(r.e.led.splits) != 4 {
				t.Fatalf("the rig has %d splits, want 4", len(r.e.led.splits))
			}
			c.break_(r.e)
			err := new(Engine).UnmarshalBinary(reseal(t, r.e))
			var se *ccefsm.SnapshotError
			if !errors.As(err, &se) || !errors.Is(err, ErrCorruptSnapshot) {
				t.Fatalf("err = %v, want a *ccefsm.SnapshotError", err)
			}
			if want := entryOffset(r.e, c.entry); se.Field != c.field || se.Offset != want || !strings.Contains(se.Reason, "call split "+strconv.Itoa(c.entry)) {
				t.Errorf("err = %v (field %q, offset %d); want field %q at offset %d, naming call split %d", err, se.Field, se.Offset, c.field, want, c.entry)
			}
		})
	}
	// The rig itself is accepted, and its check is the decoder's.
	r := splitRig(t)
	if err := new(Engine).UnmarshalBinary(reseal(t, r.e)); err != nil {
		t.Fatal(err)
	}
	r.e.led.splits[0].agent = 4242
	if field, why := r.e.verify(); field != "call split agent" || why == "" {
		t.Errorf("verify: %s: %s; want the decoder's refusal", field, why)
	}
}

// Two failovers of one peripheral at one instant split the same calls
// twice, each pair with its own outage; their entries may not mix.
func TestSnapshotRefusesMixedSplits(t *testing.T) {
	r := twoFailoverRig(t)
	if err := new(Engine).UnmarshalBinary(reseal(t, r.e)); err != nil {
		t.Fatal(err)
	}
	s := r.e.led.splits
	s[1], s[2] = s[2], s[1]
	err := new(Engine).UnmarshalBinary(reseal(t, r.e))
	var se *ccefsm.SnapshotError
	if !errors.As(err, &se) || se.Field != "call split outage" || !strings.Contains(se.Reason, "call split 2: the splits of outage") {
		t.Errorf("err = %v, want call split 2's outage refused", err)
	}
}

// Two takeovers a nanosecond apart: their splits swapped go back in time
// by a nanosecond, which the decoder refuses.
func TestSnapshotRefusesSplitsBackOneNanosecond(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.do(splitSeed[0])
	r.down(at(10, 0), pgA)
	r.up(at(10, 0), pgA)
	r.down(at(10, 0).Add(1), pgB)
	s := r.e.led.splits
	if len(s) != 2 || s[1].at-s[0].at != 1 {
		t.Fatalf("splits %+v, want two a nanosecond apart", s)
	}
	s[0], s[1] = s[1], s[0]
	err := new(Engine).UnmarshalBinary(reseal(t, r.e))
	var se *ccefsm.SnapshotError
	if !errors.As(err, &se) || se.Field != "call split instant" || !strings.Contains(se.Reason, "call split 1 is before") {
		t.Errorf("err = %v, want call split 1 refused as out of order", err)
	}
}
