package failover

import (
	"slices"

	"github.com/ccefsm/ccefsm"
)

// topo is the validated topology with its indexes: every element, path and
// MRD gets a dense index, and the element slots of Engine.down are laid out
// kind by kind.
type topo struct {
	t *Topology

	mrdIdx map[ccefsm.MRDID]int
	mrdApp []int32 // per MRD: the application serving it, -1 for voice

	pgIdx    map[uint32]int
	pgPer    [][]int32 // per PG: its peripherals
	pgFin    []int32   // per PG: its Finesse pair, -1
	pgApps   [][]int32 // per PG: the applications reporting to its CTI server
	periphs  []ccefsm.PeripheralID
	perIdx   map[ccefsm.PeripheralID]int
	periphPG []int32

	cmIdx   map[uint32]int
	mrpgIdx map[uint32]int
	mrApps  [][]int32 // per MR PG: its applications
	appIdx  map[ccefsm.AppID]int
	appPG   []int32
	appMRPG []int32
	finIdx  map[uint32]int
	finPG   []int32

	// Agents are kept compactly, by their position in the roster (which
	// the engine adds in topology order and never removes from): the
	// index of their peripheral, and their skill groups and team only when
	// they have some (RP-7).
	agentPer  []uint16
	agentMeta map[int32]agentMeta
	// Task counts: one row of counts per agent, one column per MRD that
	// the applications of the agent's PG serve (mrdSlot).
	mrdSlot      []int32 // per MRD: its column, -1 for voice
	countColumns int

	// element slots
	basePG, basePer, baseCM, baseMR, baseApp, baseFin, slots int
}

// Slots per element of each kind group.
const (
	slotsPerPG     = 6 // AgentPG A/B, CTIServer A/B, LinkPGController A/B
	slotsPerPer    = 5 // PIM A/B, LinkPIMACD A/B, ACD
	slotsPerCM     = 2
	slotsPerMRPG   = 6 // MRPG A/B, MRPIM A/B, LinkMRPIMController A/B
	slotsPerApp    = 3 // Application, LinkAppMRPG, LinkAppCTIServer
	slotsPerFin    = 4 // Finesse A/B, LinkFinesseCTIServer A/B
	slotsCentral   = 2
	desktopDownBit = 1
	desktopLinkBit = 2
)

func desktopBit(k Kind) uint8 {
	if k == Desktop {
		return desktopDownBit
	}
	return desktopLinkBit
}

func (x *topo) index(t *Topology) {
	x.t = t
	x.mrdIdx = make(map[ccefsm.MRDID]int, len(t.MRDs))
	x.mrdApp = make([]int32, len(t.MRDs))
	for i, m := range t.MRDs {
		x.mrdIdx[m.ID] = i
		x.mrdApp[i] = -1
	}
	x.pgIdx = make(map[uint32]int, len(t.AgentPGs))
	x.perIdx = map[ccefsm.PeripheralID]int{}
	for i, pg := range t.AgentPGs {
		x.pgIdx[pg.ID] = i
		var per []int32
		for _, p := range pg.Peripherals {
			x.perIdx[p] = len(x.periphs)
			per = append(per, int32(len(x.periphs)))
			x.periphs = append(x.periphs, p)
			x.periphPG = append(x.periphPG, int32(i))
		}
		x.pgPer = append(x.pgPer, per)
	}
	x.pgFin = make([]int32, len(t.AgentPGs))
	for i := range x.pgFin {
		x.pgFin[i] = -1
	}
	x.pgApps = make([][]int32, len(t.AgentPGs))
	x.cmIdx = make(map[uint32]int, len(t.CTIManagers))
	for i, cm := range t.CTIManagers {
		x.cmIdx[cm.ID] = i
	}
	x.mrpgIdx = make(map[uint32]int, len(t.MRPGs))
	for i, m := range t.MRPGs {
		x.mrpgIdx[m.ID] = i
	}
	x.mrApps = make([][]int32, len(t.MRPGs))
	x.appIdx = make(map[ccefsm.AppID]int, len(t.Applications))
	for i, a := range t.Applications {
		x.appIdx[a.ID] = i
		pg, mr := x.pgIdx[a.AgentPG], x.mrpgIdx[a.MRPG]
		x.appPG = append(x.appPG, int32(pg))
		x.appMRPG = append(x.appMRPG, int32(mr))
		x.pgApps[pg] = append(x.pgApps[pg], int32(i))
		x.mrApps[mr] = append(x.mrApps[mr], int32(i))
		for _, m := range a.MRDs {
			x.mrdApp[x.mrdIdx[m]] = int32(i)
		}
	}
	x.finIdx = make(map[uint32]int, len(t.Finesse))
	for i, f := range t.Finesse {
		x.finIdx[f.ID] = i
		pg := x.pgIdx[f.AgentPG]
		x.finPG = append(x.finPG, int32(pg))
		x.pgFin[pg] = int32(i)
	}
	x.agentPer = make([]uint16, len(t.Agents))
	x.agentMeta = map[int32]agentMeta{}
	for i, a := range t.Agents {
		x.agentPer[i] = uint16(x.perIdx[a.Peripheral])
		if len(a.SkillGroups) > 0 || a.Team != 0 {
			x.agentMeta[int32(i)] = agentMeta{skillGroups: slices.Clone(a.SkillGroups), team: a.Team}
		}
	}
	x.mrdSlot = make([]int32, len(t.MRDs))
	perPG := make([]int32, len(t.AgentPGs))
	for i := range t.MRDs {
		x.mrdSlot[i] = -1
		if app := x.mrdApp[i]; app >= 0 {
			pg := x.appPG[app]
			x.mrdSlot[i] = perPG[pg]
			perPG[pg]++
			x.countColumns = max(x.countColumns, int(perPG[pg]))
		}
	}

	x.basePG = slotsCentral
	x.basePer = x.basePG + slotsPerPG*len(t.AgentPGs)
	x.baseCM = x.basePer + slotsPerPer*len(x.periphs)
	x.baseMR = x.baseCM + slotsPerCM*len(t.CTIManagers)
	x.baseApp = x.baseMR + slotsPerMRPG*len(t.MRPGs)
	x.baseFin = x.baseApp + slotsPerApp*len(t.Applications)
	x.slots = x.baseFin + slotsPerFin*len(t.Finesse)
}

// agentMeta is what an agent has for the Media Logout Status reports.
type agentMeta struct {
	skillGroups []uint32
	team        uint32
}

// side returns the offset of side s (0 for A, 1 for B) if an element of
// redundancy r has it.
func sideOffset(s ccefsm.Side, r ccefsm.Redundancy) (int, bool) {
	switch {
	case s == ccefsm.SideA:
		return 0, true
	case s == ccefsm.SideB && r == ccefsm.Duplex:
		return 1, true
	}
	return 0, false
}

// slot returns the slot of element el in Engine.down. Desktops and their
// links have none (they are kept sparsely); el must be well formed.
func (x *topo) slot(el Element) (int, error) {
	if el.check() != nil {
		return 0, ErrInvalidInput
	}
	t := x.t
	switch el.Kind {
	case CentralController:
		if o, ok := sideOffset(el.Side, t.CentralController); ok {
			return o, nil
		}
	case AgentPG, CTIServer, LinkPGController:
		if i, ok := x.pgIdx[el.ID]; ok {
			if o, ok := sideOffset(el.Side, t.AgentPGs[i].Redundancy); ok {
				return x.basePG + slotsPerPG*i + groupOffset(el.Kind) + o, nil
			}
		}
	case PIM, LinkPIMACD, ACD:
		if j, ok := x.perIdx[ccefsm.PeripheralID(el.ID)]; ok {
			if el.Kind == ACD {
				return x.basePer + slotsPerPer*j + 4, nil
			}
			if o, ok := sideOffset(el.Side, t.AgentPGs[x.periphPG[j]].Redundancy); ok {
				return x.basePer + slotsPerPer*j + groupOffset(el.Kind) + o, nil
			}
		}
	case CTIManager:
		if i, ok := x.cmIdx[el.ID]; ok {
			if o, ok := sideOffset(el.Side, t.CTIManagers[i].Redundancy); ok {
				return x.baseCM + slotsPerCM*i + o, nil
			}
		}
	case MRPG, MRPIM, LinkMRPIMController:
		if i, ok := x.mrpgIdx[el.ID]; ok {
			if o, ok := sideOffset(el.Side, t.MRPGs[i].Redundancy); ok {
				return x.baseMR + slotsPerMRPG*i + groupOffset(el.Kind) + o, nil
			}
		}
	case Application, LinkAppMRPG, LinkAppCTIServer:
		if i, ok := x.appIdx[ccefsm.AppID(el.ID)]; ok {
			return x.baseApp + slotsPerApp*i + groupOffset(el.Kind), nil
		}
	case Finesse, LinkFinesseCTIServer:
		if i, ok := x.finIdx[el.ID]; ok {
			if o, ok := sideOffset(el.Side, t.Finesse[i].Redundancy); ok {
				return x.baseFin + slotsPerFin*i + groupOffset(el.Kind) + o, nil
			}
		}
	}
	return 0, ErrUnknownElement
}

// groupOffset is the offset of kind k within its element's slot group.
func groupOffset(k Kind) int {
	switch k {
	case CTIServer, LinkPIMACD, MRPIM, LinkFinesseCTIServer:
		return 2
	case LinkPGController, LinkMRPIMController:
		return 4
	case LinkAppMRPG:
		return 1
	case LinkAppCTIServer:
		return 2
	}
	return 0
}

// clone returns a deep copy of t.
func (t Topology) clone() Topology {
	c := t
	c.MRDs = slices.Clone(t.MRDs)
	c.AgentPGs = slices.Clone(t.AgentPGs)
	for i := range c.AgentPGs {
		c.AgentPGs[i].Peripherals = slices.Clone(c.AgentPGs[i].Peripherals)
	}
	c.CTIManagers = slices.Clone(t.CTIManagers)
	for i := range c.CTIManagers {
		c.CTIManagers[i].Peripherals = slices.Clone(c.CTIManagers[i].Peripherals)
	}
	c.MRPGs = slices.Clone(t.MRPGs)
	c.Applications = slices.Clone(t.Applications)
	for i := range c.Applications {
		c.Applications[i].MRDs = slices.Clone(c.Applications[i].MRDs)
	}
	c.Finesse = slices.Clone(t.Finesse)
	c.Agents = slices.Clone(t.Agents)
	for i := range c.Agents {
		c.Agents[i].SkillGroups = slices.Clone(c.Agents[i].SkillGroups)
	}
	return c
}

// agents rebuilds the topology's agents from the roster's order and the
// compact tables.
func (e *Engine) agents() []AgentConfig {
	x := &e.top
	ids := e.roster.Agents(nil)
	out := make([]AgentConfig, len(ids))
	for i, id := range ids {
		m := x.agentMeta[int32(i)]
		out[i] = AgentConfig{ID: id, Peripheral: x.periphs[x.agentPer[i]], SkillGroups: slices.Clone(m.skillGroups), Team: m.team}
	}
	return out
}

// agent returns agent a's position, and false when the topology lacks it.
func (e *Engine) agent(a ccefsm.AgentID) (int, bool) {
	i, err := e.roster.Index(a)
	return i, err == nil
}

// voiceMRD returns the topology's voice MRD, and false when it has none.
func (x *topo) voiceMRD() (ccefsm.MRDID, bool) {
	for _, m := range x.t.MRDs {
		if m.Media == ccefsm.MediaVoice {
			return m.ID, true
		}
	}
	return 0, false
}

// nonVoiceMRDs returns the MRDs tasks can be created in: all but voice.
func (t *Topology) nonVoiceMRDs() []ccefsm.MRD {
	var out []ccefsm.MRD
	for _, m := range t.MRDs {
		if m.Media != ccefsm.MediaVoice {
			out = append(out, m)
		}
	}
	return out
}

// cmServes reports whether CTI Manager cm serves peripheral p.
func (x *topo) cmServes(cm uint32, p ccefsm.PeripheralID) bool {
	for _, c := range x.t.CTIManagers {
		if c.ID == cm {
			return slices.Contains(c.Peripherals, p)
		}
	}
	return false
}
