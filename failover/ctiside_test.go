package failover

import (
	"testing"

	"github.com/ccefsm/ccefsm"
)

var (
	ctiA = Element{Kind: CTIServer, ID: pg1, Side: ccefsm.SideA}
	ctiB = Element{Kind: CTIServer, ID: pg1, Side: ccefsm.SideB}
)

// CS-7 by default: the clients of a failed CTI server side reconnect to
// the other side at once and stay there when the failed side returns.
func TestCTIServerTakeoverDefault(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	wantEffects(t, r.down(at(1, 0), ctiA), "CS-7 cti-server:1:B takes over")
	wantEffects(t, r.up(at(2, 0), ctiA))
	if !r.pathUp(pathCTI) {
		t.Error("the application's CTI path is down after a takeover")
	}
	// Still on side B: its failure is a takeover back to A.
	wantEffects(t, r.down(at(3, 0), ctiB), "CS-7 cti-server:1:A takes over")
}

// Config.CTIServerClients ReconnectFailback: the clients move back to the
// home side as soon as it returns, a takeover again; PreferredSide sets the
// home.
func TestCTIServerFailback(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex), func(c *Config) { c.CTIServerClients = ReconnectFailback })
	wantEffects(t, r.down(at(1, 0), ctiA), "CS-7 cti-server:1:B takes over")
	wantEffects(t, r.up(at(2, 0), ctiA), "CS-7 cti-server:1:A takes over")
	// Side B's failure now touches no client.
	wantEffects(t, r.down(at(3, 0), ctiB))
	if !r.pathUp(pathCTI) {
		t.Error("the application's CTI path is down with its home side up")
	}

	r = newRig(t, refTopology(ccefsm.Duplex), func(c *Config) { c.CTIServerClients, c.PreferredSide = ReconnectFailback, ccefsm.SideB })
	// The clients start on their home, B: side A's failure touches none.
	wantEffects(t, r.down(at(1, 0), ctiA))
	wantEffects(t, r.up(at(2, 0), ctiA))
	wantEffects(t, r.down(at(3, 0), ctiB), "CS-7 cti-server:1:A takes over")
	wantEffects(t, r.up(at(4, 0), ctiB), "CS-7 cti-server:1:B takes over")
}

// Config.CTIServerClients ReconnectHomeOnly: the clients use the home side
// only; its failure takes their paths down (AG-8 for the application)
// until it returns, whatever the other side does.
func TestCTIServerHomeOnly(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex), func(c *Config) { c.CTIServerClients = ReconnectHomeOnly })
	r.down(at(1, 0), ctiA)
	if r.pathUp(pathCTI) {
		t.Error("the application's CTI path is up with its home side down and no takeover")
	}
	for _, line := range r.lines() {
		if line == "CS-7 cti-server:1:B takes over" {
			t.Error("a takeover with ReconnectHomeOnly")
		}
	}
	r.down(at(2, 0), ctiB)
	r.up(at(3, 0), ctiB)
	if r.pathUp(pathCTI) {
		t.Error("the application's CTI path came up on side B")
	}
	r.up(at(4, 0), ctiA)
	if !r.pathUp(pathCTI) {
		t.Error("the application's CTI path is down with its home side back")
	}
	// The setting is kept by a snapshot.
	if back := roundTrip(t, r.e); back.cfg.CTIServerClients != ReconnectHomeOnly {
		t.Errorf("restored config %+v", back.cfg)
	}
}
