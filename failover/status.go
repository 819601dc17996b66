package failover

import (
	"github.com/ccefsm/ccefsm"
)

// status is the derived state of the topology: which paths are up, and
// which side of each pair is active. It is computed from the element slots
// after every element input (CS-1: a path is up only when its links and
// both of its ends are up), then compared with the previous status to find
// the paths that changed.
type status struct {
	cc      bool
	pgAlive []bool        // a side of the PG is up
	pgCC    []bool        // PathPGController
	cti     []ccefsm.Side // the active CTI server side of the PG, SideNone when none is up
	pimOK   []uint8       // per peripheral: bit 0 side A healthy, bit 1 side B healthy
	pimPG   []uint8       // per peripheral: the side is unhealthy because its PG side is down
	online  []bool        // per peripheral: online (read back from the roster)
	cm      []ccefsm.Side
	mrUp    []bool // an MR PG side has its MR PIM up
	mrCC    []bool
	appMR   []bool
	appCTI  []bool
	fin     []ccefsm.Side // the active Finesse server, SideNone when the pair is down
}

// newStatus returns a status of the topology's sizes, all false and
// SideNone. Its slices are carved out of three arrays, one per element
// type, so that making one (Engine.Clone makes two) costs three
// allocations rather than twelve.
func newStatus(x *topo) status {
	t := x.t
	ng, np, nm, na := len(t.AgentPGs), len(x.periphs), len(t.MRPGs), len(t.Applications)
	bools := make([]bool, 2*ng+np+2*nm+2*na)
	sides := make([]ccefsm.Side, ng+len(t.CTIManagers)+len(t.Finesse))
	u8 := make([]uint8, 2*np)
	var s status
	s.pgAlive, bools = carve(bools, ng)
	s.pgCC, bools = carve(bools, ng)
	s.online, bools = carve(bools, np)
	s.mrUp, bools = carve(bools, nm)
	s.mrCC, bools = carve(bools, nm)
	s.appMR, bools = carve(bools, na)
	s.appCTI, _ = carve(bools, na)
	s.cti, sides = carve(sides, ng)
	s.cm, sides = carve(sides, len(t.CTIManagers))
	s.fin, _ = carve(sides, len(t.Finesse))
	s.pimOK, u8 = carve(u8, np)
	s.pimPG, _ = carve(u8, np)
	return s
}

// carve returns the first n elements of a, with no room to grow into the
// rest, and the rest.
func carve[T any](a []T, n int) (head, rest []T) { return a[:n:n], a[n:] }

// copyFrom makes s equal to o without allocating.
func (s *status) copyFrom(o *status) {
	s.cc = o.cc
	copy(s.pgAlive, o.pgAlive)
	copy(s.pgCC, o.pgCC)
	copy(s.cti, o.cti)
	copy(s.pimOK, o.pimOK)
	copy(s.pimPG, o.pimPG)
	copy(s.online, o.online)
	copy(s.cm, o.cm)
	copy(s.mrUp, o.mrUp)
	copy(s.mrCC, o.mrCC)
	copy(s.appMR, o.appMR)
	copy(s.appCTI, o.appCTI)
	copy(s.fin, o.fin)
}

// sides is the number of sides of an element of redundancy r.
func sides(r ccefsm.Redundancy) int {
	if r == ccefsm.Duplex {
		return 2
	}
	return 1
}

// derive computes into s the status the element slots give, keeping the
// active sides of prev where they are still healthy (a pair does not fail
// back when its preferred side returns), unless the configuration says
// otherwise (chooseSide).
func (e *Engine) derive(s, prev *status) {
	x := &e.top
	t := x.t
	d := e.down
	s.cc = false
	for o := 0; o < sides(t.CentralController); o++ {
		s.cc = s.cc || !d[o]
	}
	for i, pg := range t.AgentPGs {
		base := x.basePG + slotsPerPG*i
		alive, cc := false, false
		for o := 0; o < sides(pg.Redundancy); o++ {
			if d[base+o] {
				continue
			}
			alive = true
			cc = cc || !d[base+4+o]
		}
		s.pgAlive[i], s.pgCC[i] = alive, cc && s.cc
		// The clients of a CTI server that fails reconnect to the other
		// side's where it is up (CS-7); they do not move back when the
		// failed side returns, unless Config.CTIServerClients says
		// otherwise.
		n := sides(pg.Redundancy)
		s.cti[i] = chooseSide(prev.cti[i], e.ctiHome(n), n, e.cfg.CTIServerClients,
			func(o int) bool { return !d[base+o] && !d[base+2+o] })
	}
	for j := range x.periphs {
		pgi := x.periphPG[j]
		pgBase := x.basePG + slotsPerPG*int(pgi)
		base := x.basePer + slotsPerPer*j
		var ok, pgDown uint8
		for o := 0; o < sides(t.AgentPGs[pgi].Redundancy); o++ {
			switch {
			case d[pgBase+o]:
				pgDown |= 1 << o
			case !d[base+o] && !d[base+2+o] && !d[base+4]:
				ok |= 1 << o
			}
		}
		s.pimOK[j], s.pimPG[j] = ok, pgDown
	}
	for i, cm := range t.CTIManagers {
		base := x.baseCM + slotsPerCM*i
		// The PIMs stay on the side they moved to, unless
		// Config.CTIManagerClients says otherwise (inferred).
		s.cm[i] = chooseSide(prev.cm[i], ccefsm.SideA, sides(cm.Redundancy), e.cfg.CTIManagerClients,
			func(o int) bool { return !d[base+o] })
	}
	for i, mr := range t.MRPGs {
		base := x.baseMR + slotsPerMRPG*i
		up, cc := false, false
		for o := 0; o < sides(mr.Redundancy); o++ {
			if d[base+o] || d[base+2+o] {
				continue
			}
			up = true
			cc = cc || !d[base+4+o]
		}
		s.mrUp[i], s.mrCC[i] = up, cc && s.cc
	}
	for i := range t.Applications {
		base := x.baseApp + slotsPerApp*i
		app := !d[base]
		s.appMR[i] = app && !d[base+1] && s.mrUp[x.appMRPG[i]]
		s.appCTI[i] = app && !d[base+2] && s.cti[x.appPG[i]] != ccefsm.SideNone
	}
	for i, f := range t.Finesse {
		base := x.baseFin + slotsPerFin*i
		// Finesse reaches the agents through its PG's CTI server (AG-6,
		// inferred), unless Config.FinesseWithoutCTIServer.
		cti := e.cfg.FinesseWithoutCTIServer || s.cti[x.finPG[i]] != ccefsm.SideNone
		// The desktops stay on the server they moved to, unless
		// Config.FinesseClients says otherwise (inferred).
		s.fin[i] = chooseSide(prev.fin[i], ccefsm.SideA, sides(f.Redundancy), e.cfg.FinesseClients,
			func(o int) bool { return cti && !d[base+o] && !d[base+2+o] })
	}
}

// ctiHome is the side the clients of a CTI server pair of n sides use by
// choice: Config.PreferredSide where the pair has it, side A otherwise.
func (e *Engine) ctiHome(n int) ccefsm.Side {
	if p := e.cfg.PreferredSide; p != ccefsm.SideNone && int(p) <= n {
		return p
	}
	return ccefsm.SideA
}

// chooseSide returns the side of a pair of n sides that its clients use
// under r, side o being healthy when ok(o): with ReconnectStay the current
// side while it is healthy, else the first healthy side (A before B, a
// takeover), else SideNone; with ReconnectFailback the home side whenever
// it is healthy, else the same; with ReconnectHomeOnly the home side or
// nothing.
func chooseSide(cur, home ccefsm.Side, n int, r Reconnect, ok func(o int) bool) ccefsm.Side {
	switch r {
	case ReconnectHomeOnly:
		if ok(int(home) - 1) {
			return home
		}
		return ccefsm.SideNone
	case ReconnectFailback:
		return pickSide(home, n, ok)
	}
	return pickSide(cur, n, ok)
}

// pickSide returns the active side of a pair whose side o is healthy when
// ok(o): the current side while it is healthy, else the first healthy side
// (A before B), else SideNone.
func pickSide(cur ccefsm.Side, n int, ok func(o int) bool) ccefsm.Side {
	if cur != ccefsm.SideNone && int(cur) <= n && ok(int(cur)-1) {
		return cur
	}
	for o := 0; o < n; o++ {
		if ok(o) {
			return ccefsm.Side(o + 1)
		}
	}
	return ccefsm.SideNone
}

// path reports whether path p is up in status s.
func (s *status) path(x *topo, p Path) (bool, error) {
	var i int
	var ok bool
	switch p.Kind {
	case PathController:
		if p.ID == 0 {
			return s.cc, nil
		}
	case PathPG, PathPGController:
		if i, ok = x.pgIdx[p.ID]; ok {
			if p.Kind == PathPG {
				return s.pgAlive[i], nil
			}
			return s.pgCC[i], nil
		}
	case PathMRPIMController:
		if i, ok = x.mrpgIdx[p.ID]; ok {
			return s.mrCC[i], nil
		}
	case PathAppMRPG, PathAppCTIServer:
		if i, ok = x.appIdx[ccefsm.AppID(p.ID)]; ok {
			if p.Kind == PathAppMRPG {
				return s.appMR[i], nil
			}
			return s.appCTI[i], nil
		}
	case PathFinesse:
		if i, ok = x.finIdx[p.ID]; ok {
			return s.fin[i] != ccefsm.SideNone, nil
		}
	case PathCTIManager:
		if i, ok = x.cmIdx[p.ID]; ok {
			return s.cm[i] != ccefsm.SideNone, nil
		}
	case PathPeripheral:
		if i, ok = x.perIdx[ccefsm.PeripheralID(p.ID)]; ok {
			return s.online[i], nil
		}
	}
	return false, ErrUnknownElement
}
