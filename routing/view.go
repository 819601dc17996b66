package routing

import "github.com/ccefsm/ccefsm"

// ConnView is a read-only view of a [Conn]: its query methods, and none of
// the methods that change it (no Send, Response, path event, Grow or
// UnmarshalBinary). An owner that drives a Conn (the failover engine)
// hands out a view so that callers can read an application's requests and
// routing state without being able to change them behind its back.
//
// A view is live, not a copy: it sees every change made to its connection
// after it was taken. It is a small value (one pointer), cheap to copy and
// to pass; getting one and calling its methods allocates nothing beyond
// what the Conn's own method allocates (MarshalBinary returns new memory,
// AppendRequests grows dst when it must). Each method is the Conn method
// of the same name; what it returns shares no memory with the connection
// (Policy is a value), so nothing reached through a view changes it. Like
// the Conn, a view is not safe for use while the connection is being
// changed by another goroutine.
//
// The zero ConnView views no connection and is not usable: IsValid reports
// false and every other method panics. Get one from [Conn.View].
type ConnView struct {
	c *Conn
}

// View returns a read-only view of c.
func (c *Conn) View() ConnView { return ConnView{c: c} }

// IsValid reports whether v views a connection (it is not the zero
// ConnView).
func (v ConnView) IsValid() bool { return v.c != nil }

// conn returns the viewed connection, and panics for the zero view.
func (v ConnView) conn() *Conn {
	if v.c == nil {
		panic("routing: use of the zero ConnView (get one from Conn.View)")
	}
	return v.c
}

// App is [Conn.App]: the application the connection belongs to.
func (v ConnView) App() ccefsm.AppID { return v.conn().App() }

// Pending is [Conn.Pending]: the requests waiting at the Central
// Controller.
func (v ConnView) Pending() int { return v.conn().Pending() }

// Held is [Conn.Held]: the requests the application holds unsent.
func (v ConnView) Held() int { return v.conn().Held() }

// Status is [Conn.Status]: live request id, pending or held.
func (v ConnView) Status(id ccefsm.RequestID) (Status, error) { return v.conn().Status(id) }

// AppendRequests is [Conn.AppendRequests]: it appends the live requests to
// dst in send order.
func (v ConnView) AppendRequests(dst []Request) []Request { return v.conn().AppendRequests(dst) }

// LastRequest is [Conn.LastRequest]: the highest request ID accepted.
func (v ConnView) LastRequest() ccefsm.RequestID { return v.conn().LastRequest() }

// RoutingDisabled is [Conn.RoutingDisabled]: whether the application has
// been told ROUTING_DISABLED and not ROUTING_ENABLED since.
func (v ConnView) RoutingDisabled() bool { return v.conn().RoutingDisabled() }

// IsAppPathUp is [Conn.IsAppPathUp]: whether the application–MR PG path is
// up.
func (v ConnView) IsAppPathUp() bool { return v.conn().IsAppPathUp() }

// IsControllerPathUp is [Conn.IsControllerPathUp]: whether the MR
// PIM–Central Controller path is up.
func (v ConnView) IsControllerPathUp() bool { return v.conn().IsControllerPathUp() }

// Policy is [Conn.Policy]: the connection's policy, a value.
func (v ConnView) Policy() Policy { return v.conn().Policy() }

// MarshalBinary is [Conn.MarshalBinary]: a snapshot of the connection, in
// new memory. The view has no UnmarshalBinary.
func (v ConnView) MarshalBinary() ([]byte, error) { return v.conn().MarshalBinary() }
