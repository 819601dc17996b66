package routing_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm/internal/viewcheck"
	"github.com/ccefsm/ccefsm/routing"
)

// The view's methods are read-only queries, each the Conn's method of the
// same name: a method added to ConnView fails here until it is reviewed
// and put on the list. Left out on purpose: Send, Response, the path
// events, Grow and UnmarshalBinary.
func TestConnViewMethods(t *testing.T) {
	viewcheck.Methods(t, routing.ConnView{}, &routing.Conn{},
		"IsValid", "App", "Pending", "Held", "Status", "AppendRequests", "LastRequest", "RoutingDisabled",
		"IsAppPathUp", "IsControllerPathUp", "Policy", "MarshalBinary")
}

// The zero view is invalid, and every query on it panics with a message
// that says what went wrong.
func TestConnViewZero(t *testing.T) {
	viewcheck.Zero(t, routing.ConnView{}, "routing: use of the zero ConnView")
	if !new(routing.Conn).View().IsValid() {
		t.Error("a connection's view is not valid")
	}
}

// A view is live: it sees every change to its connection after it was
// taken, and answers as the connection does.
func TestConnViewLive(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var p routing.Policy
	c, err := routing.NewConn(routing.ConnConfig{App: 7, Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	v := c.View()
	if v.App() != 7 || v.Pending() != 0 || !v.IsAppPathUp() || !v.IsControllerPathUp() {
		t.Fatal("a new connection's view")
	}
	if _, err := c.Send(nil, t0, 1, 2); err != nil {
		t.Fatal(err)
	}
	if st, err := v.Status(1); err != nil || st != routing.StatusPending || v.Pending() != 1 || v.LastRequest() != 1 {
		t.Errorf("the view sees request 1 %v (%v), %d pending", st, err, v.Pending())
	}
	if _, err := c.ControllerPathDown(nil, t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if !v.RoutingDisabled() || v.IsControllerPathUp() || v.Held() != c.Held() {
		t.Error("the view does not see the Central Controller path down")
	}
	if _, err := c.AppPathDown(nil, t0.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	a, _ := c.MarshalBinary()
	b, _ := v.MarshalBinary()
	if !bytes.Equal(a, b) || v.IsAppPathUp() || len(v.AppendRequests(nil)) != len(c.AppendRequests(nil)) || v.Policy() != c.Policy() {
		t.Error("the view does not answer as its connection")
	}
}

// Getting a view and querying it allocates nothing.
func TestConnViewAllocs(t *testing.T) {
	c, err := routing.NewConn(routing.ConnConfig{App: 7})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(nil, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), 1, 2); err != nil {
		t.Fatal(err)
	}
	reqs := make([]routing.Request, 0, 8)
	n := testing.AllocsPerRun(100, func() {
		v := c.View()
		_ = v.IsValid()
		_ = v.App()
		_ = v.Pending()
		_ = v.Held()
		_, _ = v.Status(1)
		reqs = v.AppendRequests(reqs[:0])
		_ = v.LastRequest()
		_ = v.RoutingDisabled()
		_ = v.IsAppPathUp()
		_ = v.IsControllerPathUp()
		_ = v.Policy()
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

// A reader gets a view of the connection: it follows the requests and
// cannot send one.
func ExampleConn_View() {
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c, err := routing.NewConn(routing.ConnConfig{App: 1})
	if err != nil {
		panic(err)
	}
	v := c.View()
	_, _ = c.Send(nil, t, 101, 5)
	_, _ = c.ControllerPathDown(nil, t.Add(time.Second))
	fmt.Println(v.App(), "pending:", v.Pending(), "routing disabled:", v.RoutingDisabled())
	// Output:
	// 1 pending: 0 routing disabled: true
}
