package failover

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// Every kind of bad topology is a *TopologyError naming the element, with
// the sentinel of its kind; nothing is built.
func TestTopologyErrors(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Topology)
		where string
		err   error
	}{
		{"interval of 20 minutes", func(t *Topology) { t.Interval = 20 * time.Minute }, "interval", ErrInvalidTopology},
		{"no MRD", func(t *Topology) { t.MRDs = nil }, "MRDs", ErrInvalidTopology},
		{"invalid MRD", func(t *Topology) { t.MRDs[1].TaskLife = 0 }, "MRD 2", ErrInvalidTopology},
		{"duplicate MRD", func(t *Topology) { t.MRDs[2].ID = chat }, "MRD 2", ErrDuplicateElement},
		{"two voice MRDs", func(t *Topology) { t.MRDs = append(t.MRDs, ccefsm.NewMRD(9, ccefsm.MediaVoice)) }, "MRD 9", ErrInvalidTopology},
		{"PG zero", func(t *Topology) { t.AgentPGs[0].ID = 0 }, "agent PG 0", ErrUnknownElement},
		{"PG twice", func(t *Topology) { t.AgentPGs = append(t.AgentPGs, t.AgentPGs[0]) }, "agent PG 1", ErrDuplicateElement},
		{"peripheral on two PGs", func(t *Topology) {
			t.AgentPGs = append(t.AgentPGs, AgentPGConfig{ID: 2, Peripherals: []ccefsm.PeripheralID{per5000}})
		}, "agent PG 2, peripheral 5000", ErrDuplicateElement},
		{"CTI Manager of an unknown peripheral", func(t *Topology) { t.CTIManagers[0].Peripherals = []ccefsm.PeripheralID{6} }, "CTI Manager 1, peripheral 6", ErrUnknownElement},
		{"application on an unknown PG", func(t *Topology) { t.Applications[0].AgentPG = 9 }, "application 7", ErrUnknownElement},
		{"application on an unknown MR PG", func(t *Topology) { t.Applications[0].MRPG = 9 }, "application 7", ErrUnknownElement},
		{"application serving voice", func(t *Topology) { t.Applications[0].MRDs = append(t.Applications[0].MRDs, voice) }, "application 7, MRD 1", ErrInvalidTopology},
		{"MRD served twice", func(t *Topology) {
			t.Applications = append(t.Applications, ApplicationConfig{ID: 8, MRDs: []ccefsm.MRDID{chat}, AgentPG: pg1, MRPG: mrpg2})
		}, "application 8, MRD 2", ErrDuplicateElement},
		{"MRD no application serves", func(t *Topology) { t.Applications[0].MRDs = []ccefsm.MRDID{chat} }, "MRD 3", ErrInvalidTopology},
		{"two Finesse pairs on one PG", func(t *Topology) { t.Finesse = append(t.Finesse, FinesseConfig{ID: 2, AgentPG: pg1}) }, "Finesse 2", ErrDuplicateElement},
		{"agent on an unknown peripheral", func(t *Topology) { t.Agents[0].Peripheral = 1 }, "agent 1001", ErrUnknownElement},
		{"agent twice", func(t *Topology) { t.Agents[1].ID = alice }, "agent 1001", ErrDuplicateElement},
		{"skill group twice", func(t *Topology) { t.Agents[0].SkillGroups = []uint32{4, 4} }, "agent 1001", ErrDuplicateElement},
		{"redundancy out of range", func(t *Topology) { t.MRPGs[0].Redundancy = 2 }, "MR PG 2", ErrInvalidTopology},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			top := refTopology(ccefsm.Duplex)
			c.edit(&top)
			e, err := New(Config{Topology: top, Start: t0})
			var te *TopologyError
			if e != nil || !errors.As(err, &te) || !errors.Is(err, c.err) {
				t.Fatalf("New = %v, %v; want a *TopologyError wrapping %v", e, err, c.err)
			}
			if te.Where != c.where {
				t.Errorf("error names %q, want %q (%v)", te.Where, c.where, err)
			}
		})
	}
	if _, err := New(Config{Topology: refTopology(ccefsm.Duplex)}); !errors.Is(err, ccefsm.ErrTimeOutOfRange) {
		t.Errorf("no start instant: %v", err)
	}
	if errors.Is(ErrUnknownElement, ccefsm.ErrUnknownID) != true || !errors.Is(ErrDuplicateElement, ccefsm.ErrDuplicateID) {
		t.Error("sentinels do not match their kinds")
	}
}

func TestElementText(t *testing.T) {
	for _, s := range []string{"central-controller:A", "agent-pg:1:B", "pim:5000:A", "acd:5000", "cti-server:1:A", "cti-manager:3:B",
		"mr-pg:2:A", "mr-pim:2:B", "app:7", "finesse:1:A", "desktop:1001", "link-pim-acd:5000:B", "link-pg-cc:1:A",
		"link-mrpim-cc:2:A", "link-app-mrpg:7", "link-app-cti:7", "link-finesse-cti:1:B", "link-desktop-finesse:1001"} {
		e, err := ParseElement(s)
		if err != nil {
			t.Errorf("ParseElement(%q): %v", s, err)
			continue
		}
		if e.String() != s {
			t.Errorf("round trip %q -> %q", s, e)
		}
		b, err := e.MarshalText()
		if err != nil || string(b) != s {
			t.Errorf("MarshalText(%q) = %q, %v", s, b, err)
		}
	}
	for _, s := range []string{"", "pim", "pim:5000", "pim:5000:C", "acd:5000:A", "app:07", "app:-1", "central-controller:0:A",
		"central-controller", "bogus:1", "app:7:A", "app:4294967296", "pim:0:A", "link-app-cti"} {
		var e Element
		if err := e.UnmarshalText([]byte(s)); err == nil || !errors.Is(err, ccefsm.ErrUnknownName) {
			t.Errorf("UnmarshalText(%q) = %v, %v; want ErrUnknownName", s, e, err)
		}
		if e != (Element{}) {
			t.Errorf("a refused UnmarshalText changed the element to %v", e)
		}
	}
	if _, err := (Element{Kind: PIM, ID: 1}).MarshalText(); err == nil {
		t.Error("an element without its side marshals")
	}
	if s := (Element{Kind: numKinds}).String(); !strings.HasPrefix(s, "element(") {
		t.Errorf("String of a bad element = %q", s)
	}
}

// Inputs naming elements the topology lacks are refused, and change
// nothing.
func TestUnknownElements(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Simplex))
	before, _ := r.e.MarshalBinary()
	for _, el := range []Element{
		{Kind: AgentPG, ID: pg1, Side: ccefsm.SideB}, // side B of a simplex PG
		{Kind: PIM, ID: 4999, Side: ccefsm.SideA},
		{Kind: Application, ID: 8},
		{Kind: Desktop, ID: 77},
		{Kind: MRPG, ID: 3, Side: ccefsm.SideA},
	} {
		err := r.e.Down(&r.l, at(1, 0), el)
		if !errors.Is(err, ErrUnknownElement) || !errors.Is(err, ccefsm.ErrUnknownID) {
			t.Errorf("Down(%v) = %v, want ErrUnknownElement", el, err)
		}
	}
	if err := r.e.Down(&r.l, at(1, 0), Element{Kind: PIM, ID: 5000}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("malformed element: %v", err)
	}
	if err := r.e.Down(&r.l, t0.Add(-time.Second), pimA); !errors.Is(err, ccefsm.ErrTimeBackwards) {
		t.Errorf("time backwards: %v", err)
	}
	after, _ := r.e.MarshalBinary()
	if string(before) != string(after) || r.e.Seq() != 0 {
		t.Error("refused inputs changed the engine")
	}
}
