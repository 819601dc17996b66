package agentstate

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of r: the configuration, the failover tables,
// the clock, the peripherals with their side and failure states, the agents
// and every state, reason, since and pending failure. The copy and r are
// independent: an input to one changes nothing in the other, and both
// give the same effects, errors and snapshot for the same inputs. A [Ref]
// resolved on r is valid on the copy too, as long as it is on r.
//
// Three things are shared, none of which the roster ever changes: the
// list of MRDs and the failover tables (the roster copies Config.MRDs,
// Config.PGTable and Config.DesktopTable once, in [NewRoster] or the
// decoder, and never writes to them; [Roster.MRDs] hands out copies), and
// Config.Tasks, the caller's view of the open tasks, which the roster only
// reads. A copy that should consult other tasks than r — the copy of a
// task store, say — gets them with [Roster.SetTasks].
//
// Clone takes time and memory linear in the size of the roster, in one
// allocation per slice plus those of the two indexes (13 for a roster of
// 2 agents, 17 for 1,000: BenchmarkClone). It is about five times
// faster than [Roster.UnmarshalBinary] of the roster's snapshot, which
// validates every slot (0.44 µs against 2.2 µs for 2 agents in three
// MRDs, 17 µs against 80 µs for 1,000, on the development machine). The copy keeps the room
// that [Roster.Grow] made in the ID index, but not in the slices.
func (r *Roster) Clone() *Roster {
	c := *r
	c.periph = slices.Clone(r.periph)
	c.pidx = maps.Clone(r.pidx)
	c.ids = slices.Clone(r.ids)
	c.home = slices.Clone(r.home)
	c.index = maps.Clone(r.index)
	c.since = slices.Clone(r.since)
	c.reason = slices.Clone(r.reason)
	c.state = slices.Clone(r.state)
	c.before = slices.Clone(r.before)
	c.flag = slices.Clone(r.flag)
	return &c
}

// SetTasks replaces Config.Tasks, the view of the agents' open tasks that
// the rows rebuilt from tasks consult (row 8 of AG-T1 and AG-T2), from the
// next failover on; nil means no agent has open tasks. It is how a copy
// made by [Roster.Clone], or a roster restored by [Roster.UnmarshalBinary]
// into a zero Roster, gets a view of its own task state. It changes nothing
// else, and a snapshot does not hold it.
func (r *Roster) SetTasks(t Tasks) { r.cfg.Tasks = t }
