package failover

import (
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// The views the engine hands out are live: taken before the inputs, they
// see what the inputs did to the roster, the store and the connection.
func TestEngineViewsLive(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	ros, store := r.e.Roster(), r.e.Store()
	conn, err := r.e.Conn(app7)
	if err != nil {
		t.Fatal(err)
	}
	r.ready(at(0, 0), alice, voice, chat)
	if st, _ := ros.State(alice, chat); st != agentstate.Available {
		t.Errorf("the roster view sees alice %v in chat, want AVAILABLE", st)
	}
	r.create(at(1, 0), 1, chat, alice, taskstate.StateActive)
	if tk, err := store.Task(1); err != nil || tk.Agent != alice || store.Len() != 1 {
		t.Errorf("the store view sees task 1 %+v, %v", tk, err)
	}
	r.do(Input{Op: OpSendRequest, At: at(2, 0), App: app7, Request: 1, MRD: chat})
	if conn.Pending() != 1 || conn.LastRequest() != 1 {
		t.Errorf("the connection view sees %d pending, last request %d", conn.Pending(), conn.LastRequest())
	}
	r.down(at(3, 0), appMRPG)
	r.down(at(3, 0), appCTI)
	if conn.IsAppPathUp() || conn.Held() != 1 {
		t.Error("the connection view does not see its path down")
	}
	if down, since := store.IsPathDown(app7); !down || !since.Equal(at(3, 0)) {
		t.Errorf("the store view sees the CTI path down %v since %v", down, since)
	}
	r.down(at(4, 0), pgA)
	if ps, _ := ros.Peripheral(per5000); ps.Active != ccefsm.SideB {
		t.Errorf("the roster view sees side %v active, want B", ps.Active)
	}
	// Each view is the engine's own leaf: its snapshot is the one inside
	// the engine's.
	for _, v := range []interface{ MarshalBinary() ([]byte, error) }{ros, store, conn} {
		if b, err := v.MarshalBinary(); err != nil || len(b) == 0 {
			t.Errorf("%T: %v", v, err)
		}
	}
	// An unknown application gets the zero view, which says so.
	if v, err := r.e.Conn(99); err == nil || v.IsValid() {
		t.Errorf("Conn(99) = valid %v, %v", v.IsValid(), err)
	}
}

// Getting the views from the engine and querying them allocates nothing.
func TestEngineViewsAllocs(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage counters allocate")
	}
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.ready(at(0, 0), alice, voice, chat)
	r.create(at(1, 0), 1, chat, alice, taskstate.StateActive)
	r.do(Input{Op: OpSendRequest, At: at(2, 0), App: app7, Request: 1, MRD: chat})
	var st agentstate.Status
	var tk taskstate.Task
	var rs routing.Status
	n := testing.AllocsPerRun(100, func() {
		st, _ = r.e.Roster().Status(alice, chat)
		tk, _ = r.e.Store().Task(1)
		c, _ := r.e.Conn(app7)
		rs, _ = c.Status(1)
		_ = c.Pending() + r.e.Store().Len() + r.e.Roster().Len()
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
	if st.State != agentstate.Available || tk.ID != 1 || rs != routing.StatusPending {
		t.Errorf("the queries answered %v, %v, %v", st.State, tk.ID, rs)
	}
}
