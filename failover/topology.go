package failover

import (
	"slices"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
)

// Reporting intervals (RP-2): historical interval tables hold 15- or
// 30-minute data, 30 by default (Reporting Concepts 12.0(1), "Reporting
// Data").
const (
	Interval15 = 15 * time.Minute
	Interval30 = 30 * time.Minute
)

// Topology is the contact center the engine models: the Central
// Controller, the Agent PGs with their peripherals, the CTI Manager
// services, the MR PGs, the Application Instances with the MRDs they serve,
// the Finesse server pairs and the agents. It is plain data: build it
// literally (or decode it from a scenario file) and hand it to [New], which
// validates it once.
type Topology struct {
	// Interval is the reporting interval, [Interval15] or [Interval30];
	// zero means 30 minutes (RP-2).
	Interval time.Duration
	// IntervalOffset overrides the engine's inferred alignment of the
	// reporting intervals (RP-2). By default (zero) intervals start at
	// whole multiples of Interval counted from the Unix epoch in UTC, so
	// 30-minute intervals start at :00 and :30 UTC. Intervals start
	// IntervalOffset later: a Central Controller at UTC+05:45 that writes
	// its half-hour rows at :00 and :30 local time needs 15 minutes (its
	// rows start at :15 and :45 UTC); one at UTC+09:30 needs none. It must
	// be a whole number of minutes in [0, Interval); it moves every
	// interval effect, [Engine.Intervals] and [Engine.IntervalStart].
	IntervalOffset time.Duration
	// CentralController is the redundancy of the Central Controller
	// (CallRouter and Logger). Unified CCE runs it duplexed; one side down
	// with the other up is no outage (CS-5). The zero value is simplex.
	CentralController ccefsm.Redundancy
	// MRDs are the media routing domains, in the order effects report
	// them: at most one voice MRD, every other MRD served by exactly one
	// application. The same definitions drive agent state and task timing.
	MRDs []ccefsm.MRD
	// AgentPGs are the Agent PGs; each hosts one PIM per peripheral on each
	// side, a CTI server and an OPC.
	AgentPGs []AgentPGConfig
	// CTIManagers are the CTI Manager services (Unified CM) that voice
	// peripherals depend on. Optional.
	CTIManagers []CTIManagerConfig
	// MRPGs are the Media Routing PGs, each with an MR PIM on each side.
	MRPGs []MRPGConfig
	// Applications are the Application Instances (chat, email, task
	// platforms; an email manager is one).
	Applications []ApplicationConfig
	// Finesse are the Finesse server pairs. Optional: without one, the
	// agents of a PG have no Finesse to lose.
	Finesse []FinesseConfig
	// Agents are the agents, each on one peripheral.
	Agents []AgentConfig
}

// AgentPGConfig is one Agent PG.
type AgentPGConfig struct {
	ID          uint32
	Redundancy  ccefsm.Redundancy
	Peripherals []ccefsm.PeripheralID // one PIM each, on every side
}

// CTIManagerConfig is one CTI Manager service: side A the primary, side B
// (when duplex) the backup. The peripherals are the voice peripherals whose
// PIMs reach Unified CM through it (AG-4, AG-5).
type CTIManagerConfig struct {
	ID          uint32
	Redundancy  ccefsm.Redundancy
	Peripherals []ccefsm.PeripheralID
}

// MRPGConfig is one Media Routing PG.
type MRPGConfig struct {
	ID         uint32
	Redundancy ccefsm.Redundancy
}

// ApplicationConfig is one Application Instance: the non-voice MRDs it
// serves, the Agent PG whose CTI server it reports to, and the MR PG it
// routes through.
type ApplicationConfig struct {
	ID      ccefsm.AppID
	MRDs    []ccefsm.MRDID
	AgentPG uint32
	MRPG    uint32
}

// FinesseConfig is one Finesse server pair, serving the agents of one Agent
// PG: side A the primary server, side B (when duplex) the backup.
type FinesseConfig struct {
	ID         uint32
	Redundancy ccefsm.Redundancy
	AgentPG    uint32
}

// AgentConfig is one agent: its peripheral and, for the Media Logout Status
// reports of RP-7, its skill groups and team (optional).
type AgentConfig struct {
	ID          ccefsm.AgentID
	Peripheral  ccefsm.PeripheralID
	SkillGroups []uint32
	Team        uint32
}

// TopologyError reports a [Config] that [New] refuses: where (the element
// or setting, such as "application 7", "agent 1001" or "CTIServerClients")
// and what is wrong. Err is one of the package's sentinels:
// [ErrUnknownElement] (an ID that is not in the topology; it matches
// ccefsm.ErrUnknownID), [ErrDuplicateElement] (ccefsm.ErrDuplicateID),
// [ErrInvalidTopology], [ErrInvalidSetting] (a field of Config that is not
// a defined value of its type; ccefsm.ErrUnknownValue) or
// [ErrTimeOutOfRange] (Config.Start unset or out of range).
type TopologyError struct {
	Where  string
	Reason string
	Err    error
}

// Error names the element and the problem.
func (e *TopologyError) Error() string {
	return "failover: topology: " + e.Where + ": " + e.Reason
}

// Unwrap returns the sentinel.
func (e *TopologyError) Unwrap() error { return e.Err }

func itoa(v uint32) string { return strconv.FormatUint(uint64(v), 10) }

// validate checks t and fills in its defaults. It returns the first
// problem found, in the order of Topology's fields.
func (t *Topology) validate() error {
	bad := func(where, reason string, err error) error {
		return &TopologyError{Where: where, Reason: reason, Err: err}
	}
	if err := t.validateInterval(); err != nil {
		return err
	}
	if !t.CentralController.IsValid() {
		return bad("central controller", "invalid redundancy "+strconv.Itoa(int(t.CentralController)), ErrInvalidTopology)
	}

	if len(t.MRDs) == 0 {
		return bad("MRDs", "none: the topology needs at least one MRD", ErrInvalidTopology)
	}
	if len(t.MRDs) > maxMRDs {
		return bad("MRDs", strconv.Itoa(len(t.MRDs))+" MRDs; at most "+strconv.Itoa(maxMRDs), ErrInvalidTopology)
	}
	mrds := map[ccefsm.MRDID]int{}
	voice := 0
	for i, m := range t.MRDs {
		where := "MRD " + itoa(uint32(m.ID))
		if err := m.Validate(); err != nil {
			return bad(where, err.Error(), ErrInvalidTopology)
		}
		if _, dup := mrds[m.ID]; dup {
			return bad(where, "defined twice", ErrDuplicateElement)
		}
		mrds[m.ID] = i
		if m.Media == ccefsm.MediaVoice {
			voice++
			if voice > 1 {
				return bad(where, "a second voice MRD; a topology has at most one", ErrInvalidTopology)
			}
		}
	}

	periph := map[ccefsm.PeripheralID]uint32{} // peripheral → its PG
	pgs := map[uint32]bool{}
	for _, pg := range t.AgentPGs {
		where := "agent PG " + itoa(pg.ID)
		if pg.ID == 0 {
			return bad(where, "zero ID", ErrUnknownElement)
		}
		if pgs[pg.ID] {
			return bad(where, "defined twice", ErrDuplicateElement)
		}
		if !pg.Redundancy.IsValid() {
			return bad(where, "invalid redundancy "+strconv.Itoa(int(pg.Redundancy)), ErrInvalidTopology)
		}
		pgs[pg.ID] = true
		for _, p := range pg.Peripherals {
			w := where + ", peripheral " + itoa(uint32(p))
			if p == 0 {
				return bad(w, "zero ID", ErrUnknownElement)
			}
			if other, dup := periph[p]; dup {
				return bad(w, "also on agent PG "+itoa(other), ErrDuplicateElement)
			}
			periph[p] = pg.ID
		}
	}

	cms := map[uint32]bool{}
	cmOf := map[ccefsm.PeripheralID]uint32{}
	for _, cm := range t.CTIManagers {
		where := "CTI Manager " + itoa(cm.ID)
		if cm.ID == 0 {
			return bad(where, "zero ID", ErrUnknownElement)
		}
		if cms[cm.ID] {
			return bad(where, "defined twice", ErrDuplicateElement)
		}
		if !cm.Redundancy.IsValid() {
			return bad(where, "invalid redundancy "+strconv.Itoa(int(cm.Redundancy)), ErrInvalidTopology)
		}
		cms[cm.ID] = true
		for _, p := range cm.Peripherals {
			w := where + ", peripheral " + itoa(uint32(p))
			if _, ok := periph[p]; !ok {
				return bad(w, "not a peripheral of any agent PG", ErrUnknownElement)
			}
			if other, dup := cmOf[p]; dup {
				return bad(w, "also served by CTI Manager "+itoa(other), ErrDuplicateElement)
			}
			cmOf[p] = cm.ID
		}
	}

	mrpgs := map[uint32]bool{}
	for _, m := range t.MRPGs {
		where := "MR PG " + itoa(m.ID)
		if m.ID == 0 {
			return bad(where, "zero ID", ErrUnknownElement)
		}
		if mrpgs[m.ID] {
			return bad(where, "defined twice", ErrDuplicateElement)
		}
		if !m.Redundancy.IsValid() {
			return bad(where, "invalid redundancy "+strconv.Itoa(int(m.Redundancy)), ErrInvalidTopology)
		}
		mrpgs[m.ID] = true
	}

	apps := map[ccefsm.AppID]bool{}
	servedBy := map[ccefsm.MRDID]ccefsm.AppID{}
	for _, a := range t.Applications {
		where := "application " + itoa(uint32(a.ID))
		if a.ID == 0 {
			return bad(where, "zero ID", ErrUnknownElement)
		}
		if apps[a.ID] {
			return bad(where, "defined twice", ErrDuplicateElement)
		}
		apps[a.ID] = true
		if !pgs[a.AgentPG] {
			return bad(where, "agent PG "+itoa(a.AgentPG)+" is not in the topology", ErrUnknownElement)
		}
		if !mrpgs[a.MRPG] {
			return bad(where, "MR PG "+itoa(a.MRPG)+" is not in the topology", ErrUnknownElement)
		}
		if len(a.MRDs) == 0 {
			return bad(where, "serves no MRD", ErrInvalidTopology)
		}
		for _, m := range a.MRDs {
			w := where + ", MRD " + itoa(uint32(m))
			i, ok := mrds[m]
			if !ok {
				return bad(w, "not in the topology", ErrUnknownElement)
			}
			if t.MRDs[i].Media == ccefsm.MediaVoice {
				return bad(w, "is the voice MRD, which no application serves (voice is routed through the PIM)", ErrInvalidTopology)
			}
			if other, dup := servedBy[m]; dup {
				return bad(w, "also served by application "+itoa(uint32(other)), ErrDuplicateElement)
			}
			servedBy[m] = a.ID
		}
	}
	for _, m := range t.MRDs {
		if _, ok := servedBy[m.ID]; !ok && m.Media != ccefsm.MediaVoice {
			return bad("MRD "+itoa(uint32(m.ID)), "no application serves this "+m.Media.String()+" MRD", ErrInvalidTopology)
		}
	}

	fin := map[uint32]bool{}
	finOf := map[uint32]uint32{} // PG → Finesse pair
	for _, f := range t.Finesse {
		where := "Finesse " + itoa(f.ID)
		if f.ID == 0 {
			return bad(where, "zero ID", ErrUnknownElement)
		}
		if fin[f.ID] {
			return bad(where, "defined twice", ErrDuplicateElement)
		}
		if !f.Redundancy.IsValid() {
			return bad(where, "invalid redundancy "+strconv.Itoa(int(f.Redundancy)), ErrInvalidTopology)
		}
		fin[f.ID] = true
		if !pgs[f.AgentPG] {
			return bad(where, "agent PG "+itoa(f.AgentPG)+" is not in the topology", ErrUnknownElement)
		}
		if other, dup := finOf[f.AgentPG]; dup {
			return bad(where, "agent PG "+itoa(f.AgentPG)+" already has Finesse "+itoa(other), ErrDuplicateElement)
		}
		finOf[f.AgentPG] = f.ID
	}

	agents := make(map[ccefsm.AgentID]bool, len(t.Agents))
	for _, a := range t.Agents {
		where := "agent " + itoa(uint32(a.ID))
		if a.ID == 0 {
			return bad(where, "zero ID", ErrUnknownElement)
		}
		if agents[a.ID] {
			return bad(where, "defined twice", ErrDuplicateElement)
		}
		agents[a.ID] = true
		if _, ok := periph[a.Peripheral]; !ok {
			return bad(where, "peripheral "+itoa(uint32(a.Peripheral))+" is not on any agent PG", ErrUnknownElement)
		}
		for i, sg := range a.SkillGroups {
			if sg == 0 {
				return bad(where, "skill group 0", ErrUnknownElement)
			}
			if slices.Contains(a.SkillGroups[:i], sg) {
				return bad(where, "skill group "+itoa(sg)+" listed twice", ErrDuplicateElement)
			}
		}
	}
	return nil
}

// validateInterval checks the interval and its offset and fills in the
// default interval.
func (t *Topology) validateInterval() error {
	switch t.Interval {
	case 0:
		t.Interval = Interval30
	case Interval15, Interval30:
	default:
		return &TopologyError{Where: "interval", Reason: t.Interval.String() + " is neither 15 nor 30 minutes", Err: ErrInvalidTopology}
	}
	switch o := t.IntervalOffset; {
	case o < 0 || o >= t.Interval:
		return &TopologyError{Where: "interval offset", Reason: o.String() + " is outside [0s, " + t.Interval.String() + ")", Err: ErrInvalidTopology}
	case o%time.Minute != 0:
		// Time zones are whole minutes, and effects print interval
		// starts to the minute.
		return &TopologyError{Where: "interval offset", Reason: o.String() + " is not a whole number of minutes", Err: ErrInvalidTopology}
	}
	return nil
}

// maxMRDs is the most MRDs a topology may have: agentstate keeps one state
// per agent and MRD in a bit set of 16.
const maxMRDs = 16
