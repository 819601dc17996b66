package agentstate

import "github.com/ccefsm/ccefsm"

// RosterView is a read-only view of a [Roster]: its query methods, and
// none of the methods that change it. An owner that drives a Roster (the
// failover engine) hands out a view so that callers can read agent and
// peripheral states without being able to change them behind its back.
//
// A view is live, not a copy: it sees every change made to its roster
// after it was taken. It is a small value (one pointer), cheap to copy and
// to pass; getting one and calling its methods allocates nothing beyond
// what the Roster's own method allocates (MRDs and MarshalBinary return new
// memory). Each method is the Roster method of the same name; what it
// returns shares no memory with the roster, so nothing reached through a
// view changes it. Like the Roster, a view is not safe for use while the
// roster is being changed by another goroutine.
//
// The zero RosterView views no roster and is not usable: IsValid reports
// false and every other method panics. Get one from [Roster.View].
type RosterView struct {
	r *Roster
}

// View returns a read-only view of r.
func (r *Roster) View() RosterView { return RosterView{r: r} }

// IsValid reports whether v views a roster (it is not the zero
// RosterView).
func (v RosterView) IsValid() bool { return v.r != nil }

// roster returns the viewed roster, and panics for the zero view.
func (v RosterView) roster() *Roster {
	if v.r == nil {
		panic("agentstate: use of the zero RosterView (get one from Roster.View)")
	}
	return v.r
}

// Len is [Roster.Len]: the number of agents.
func (v RosterView) Len() int { return v.roster().Len() }

// Agents is [Roster.Agents]: it appends the agents' IDs to dst, in roster
// order.
func (v RosterView) Agents(dst []ccefsm.AgentID) []ccefsm.AgentID { return v.roster().Agents(dst) }

// Index is [Roster.Index]: agent a's position in roster order.
func (v RosterView) Index(a ccefsm.AgentID) (int, error) { return v.roster().Index(a) }

// MRDs is [Roster.MRDs]: the roster's MRDs, in a new slice.
func (v RosterView) MRDs() []ccefsm.MRD { return v.roster().MRDs() }

// Peripherals is [Roster.Peripherals]: it appends the peripherals' IDs to
// dst, in the order they were added.
func (v RosterView) Peripherals(dst []ccefsm.PeripheralID) []ccefsm.PeripheralID {
	return v.roster().Peripherals(dst)
}

// Peripheral is [Roster.Peripheral]: the status of peripheral p.
func (v RosterView) Peripheral(p ccefsm.PeripheralID) (PeripheralStatus, error) {
	return v.roster().Peripheral(p)
}

// PeripheralOf is [Roster.PeripheralOf]: the peripheral of agent a.
func (v RosterView) PeripheralOf(a ccefsm.AgentID) (ccefsm.PeripheralID, error) {
	return v.roster().PeripheralOf(a)
}

// State is [Roster.State]: the state of agent a in MRD m.
func (v RosterView) State(a ccefsm.AgentID, m ccefsm.MRDID) (State, error) {
	return v.roster().State(a, m)
}

// Status is [Roster.Status]: the state of agent a in MRD m, with its
// reason, its time and any failure it waits for.
func (v RosterView) Status(a ccefsm.AgentID, m ccefsm.MRDID) (Status, error) {
	return v.roster().Status(a, m)
}

// MarshalBinary is [Roster.MarshalBinary]: a snapshot of the roster, in
// new memory. The view has no UnmarshalBinary.
func (v RosterView) MarshalBinary() ([]byte, error) { return v.roster().MarshalBinary() }
