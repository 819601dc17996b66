package failover

import (
	"errors"
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
			err := new(Engine).UnmarshalBinary(reseal(t, r.e))
			if err == nil || !errors.Is(err, ccefsm.ErrCorruptSnapshot) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want a corrupt snapshot naming %q", err, c.want)
			}
			var se *ccefsm.SnapshotError
			if err != nil && !errors.As(err, &se) {
				t.Errorf("err %T is not a *ccefsm.SnapshotError", err)
			}
		})
	}
	// The busy engine itself, with its ledger settled, is accepted.
	r := busyRig(t)
	r.up(at(43, 0), ccB)
	if err := new(Engine).UnmarshalBinary(reseal(t, r.e)); err != nil {
		t.Fatal(err)
	}
}
