package cti

import (
	"errors"
	"slices"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/internal/nanotime"
)

// DefaultBurstGap is the gap that closes a PIM reconnect's burst of agent
// state reports when MapperConfig.BurstGap is zero (inferred: a CTI server
// sends the reports of a reconnect back to back; see [RowBurstHold]).
const DefaultBurstGap = 2 * time.Second

// DefaultMaxBurst is the most reports one burst holds when
// MapperConfig.MaxBurst is zero: more than the agents of any one
// peripheral, and a bound on the memory a hostile stream can make the
// mapper hold.
const DefaultMaxBurst = 1 << 16

// AgentDirectory says on which peripheral an agent is. The engine's roster
// implements it, and so does the read-only view of it that
// [failover.Engine.Roster] returns; so does the directory that
// [MapperConfigFor] builds from a topology.
type AgentDirectory interface {
	PeripheralOf(a ccefsm.AgentID) (ccefsm.PeripheralID, error)
}

var (
	_ AgentDirectory = (*agentstate.Roster)(nil)
	_ AgentDirectory = agentstate.RosterView{} // Engine.Roster()
)

// MapperConfig configures a [Mapper] with what a CTI client of one Agent PG
// knows of the engine's topology.
type MapperConfig struct {
	// PG is the Agent PG's ID in the engine's topology, and Redundancy its
	// redundancy (the PG's link to the Central Controller is reported on
	// each of its sides).
	PG         uint32
	Redundancy ccefsm.Redundancy
	// Peripherals are the PG's peripherals, as in the topology. Agent
	// states and peripheral events of other peripherals produce no input.
	Peripherals []ccefsm.PeripheralID
	// App is the Application Instance the client is, or 0 when the client
	// is none (a gateway, a reporting collector): only an application has
	// a CTI path in the topology that its own session's failures take down.
	App ccefsm.AppID
	// MRDs are the topology's MRDs. Agent states in other MRDs produce no
	// input; the voice MRD, if any, is the one whose reports a PIM
	// reconnect's burst holds.
	MRDs []ccefsm.MRD
	// Agents, optional, places agents on peripherals, so that a burst
	// leaves out the reports the engine would refuse ([RowBurstStray]).
	// The engine's roster (Engine.Roster(), a read-only view) is the
	// natural directory.
	Agents AgentDirectory
	// BurstGap is the longest silence within a reconnect burst; zero means
	// [DefaultBurstGap].
	BurstGap time.Duration
	// MaxBurst is the most reports a burst holds before it closes; zero
	// means [DefaultMaxBurst].
	MaxBurst int
}

// MapperConfigFor returns the configuration of a Mapper for a CTI client of
// Agent PG pg in topology t, being application app (0 for none): the PG's
// redundancy and peripherals and the topology's MRDs, and a directory of
// its agents. It fails with [ErrInvalidConfig] when t lacks the PG or the
// application, or the application reports to another PG.
func MapperConfigFor(t failover.Topology, pg uint32, app ccefsm.AppID) (MapperConfig, error) {
	cfg := MapperConfig{PG: pg, App: app, MRDs: t.MRDs}
	found := false
	for _, p := range t.AgentPGs {
		if p.ID == pg {
			cfg.Redundancy, cfg.Peripherals, found = p.Redundancy, p.Peripherals, true
			break
		}
	}
	if !found {
		return MapperConfig{}, configError("PG", "agent PG "+utoa(uint64(pg))+" is not in the topology")
	}
	if app != 0 {
		found = false
		for _, a := range t.Applications {
			if a.ID == app {
				if a.AgentPG != pg {
					return MapperConfig{}, configError("App", "application "+utoa(uint64(app))+" reports to agent PG "+utoa(uint64(a.AgentPG)))
				}
				found = true
			}
		}
		if !found {
			return MapperConfig{}, configError("App", "application "+utoa(uint64(app))+" is not in the topology")
		}
	}
	dir := make(topologyAgents, len(t.Agents))
	for _, a := range t.Agents {
		dir[a.ID] = a.Peripheral
	}
	cfg.Agents = dir
	return cfg, nil
}

// topologyAgents is the agent directory of a topology.
type topologyAgents map[ccefsm.AgentID]ccefsm.PeripheralID

// PeripheralOf implements AgentDirectory.
func (d topologyAgents) PeripheralOf(a ccefsm.AgentID) (ccefsm.PeripheralID, error) {
	if p, ok := d[a]; ok {
		return p, nil
	}
	return 0, &Error{Field: "Agent", Offset: -1, Reason: "agent " + utoa(uint64(a)) + " is not in the topology", Err: ErrUnknownAgent}
}

// Mapped is one row of the mapping table applied to a message: the row, and
// the engine input it produced. Input.Op is [failover.OpNone] for a row that
// produces none (the message is noted and changes nothing); for
// [RowBurstHold] the Input names the held report (Agent, MRD, State, Reason,
// Peripheral) with Op OpNone.
//
// The Reports of a report-states input alias the Mapper's memory: apply
// them before the Mapper's next call.
type Mapped struct {
	Row   MapRowID
	Input failover.Input
}

// String describes the row and its input on one line, such as
// "M7 peripheral-offline: down acd:5000".
func (x Mapped) String() string {
	name := "?"
	if x.Row.IsValid() {
		name = mapRows[x.Row].Name
	}
	s := x.Row.String() + " " + name + ": "
	in := &x.Input
	switch in.Op {
	case failover.OpNone:
		if x.Row == RowBurstHold {
			return s + "held agent " + utoa(uint64(in.Agent)) + " MRD " + utoa(uint64(in.MRD)) + " " + in.State.String()
		}
		return s + "no input"
	case failover.OpDown, failover.OpUp:
		return s + in.Op.String() + " " + in.Element.String()
	case failover.OpAgentObserve:
		return s + "agent-observe agent " + utoa(uint64(in.Agent)) + " MRD " + utoa(uint64(in.MRD)) + " " +
			in.State.String() + " reason " + in.Reason.String()
	case failover.OpReportStates:
		return s + "report-states peripheral " + utoa(uint64(in.Peripheral)) + ", " + itoa(len(in.Reports)) + " reports"
	}
	return s + in.Op.String()
}

// Mapper turns the messages of a CTI session with one Agent PG's CTI
// server into the inputs of a [failover.Engine], row by row of the mapping
// table ([MapRows], docs/cti.md): an agent's state into an observation
// (AG-10), a PIM reconnect's reports into one report-states input (AG-2),
// the PG's status (PGStatus, SYSTEM_EVENT) into the elements that cause
// what the client sees, and the session's failures into the application's
// CTI path going down.
//
// The Mapper keeps what the session has observed, not the topology's
// status (the engine owns that): the conditions the last PGStatus and
// SYSTEM_EVENT reported, whether the session is open, and an open reconnect
// burst. A SYSTEM_EVENT produces inputs only for what changed; an OPEN_CONF
// states the PG's status in full and produces an input for every element
// the Mapper tracks (the engine ignores an element already in that state),
// so that a Mapper built after a restart, or a session closed while things
// changed, is back in step at the next OPEN_CONF. Like the engine, a new
// Mapper starts with everything up.
//
// Mapping an AGENT_STATE_EVENT allocates nothing once dst has room. A Mapper
// reads no clock: every call takes the instant the message arrived, and
// instants never go backwards. The zero Mapper is not usable; build one
// with [NewMapper]. A Mapper is not safe for concurrent use.
type Mapper struct {
	pg       uint32
	duplex   bool
	app      ccefsm.AppID
	periphs  []ccefsm.PeripheralID
	mrds     []ccefsm.MRDID
	voice    ccefsm.MRDID
	hasVoice bool
	agents   AgentDirectory
	gap      int64
	maxBurst int

	now     int64 // the latest instant, Unix ns
	started bool

	// What the session has observed; the elements' states follow from it.
	status  PGStatus // the last PGStatus
	cc      bool     // the PG cannot reach the Central Controller: link-pg-cc down
	offline []bool   // per peripheral: acd down
	opc     bool     // PGS_OPC_DOWN or SYS_PERIPHERAL_GATEWAY_OFFLINE
	ctiOff  bool     // PGS_CTI_SERVER_OFFLINE or SYS_CTI_SERVER_OFFLINE
	closed  bool     // the session is closed
	appDown bool     // link-app-cti down (for an observer: would be)

	burst burst
}

// burst is a PIM reconnect's burst of agent state reports.
type burst struct {
	open    bool
	p       ccefsm.PeripheralID
	last    int64     // the burst's last message, Unix ns
	lastAt  time.Time // the same, as given
	reports []agentstate.Report
	arrival []int64 // when each report came
	seen    map[ccefsm.AgentID]struct{}
	strays  []agentstate.Report
}

// NewMapper validates cfg and returns a Mapper. It fails with
// [ErrInvalidConfig]: a zero PG, an invalid redundancy, a zero or repeated
// peripheral, no MRD, an invalid or repeated MRD, two voice MRDs, a
// negative gap or burst size.
func NewMapper(cfg MapperConfig) (*Mapper, error) {
	switch {
	case cfg.PG == 0:
		return nil, configError("PG", "zero")
	case !cfg.Redundancy.IsValid():
		return nil, configError("Redundancy", "invalid redundancy "+itoa(int(cfg.Redundancy)))
	case len(cfg.MRDs) == 0:
		return nil, configError("MRDs", "none")
	case cfg.BurstGap < 0:
		return nil, configError("BurstGap", "negative")
	case cfg.MaxBurst < 0:
		return nil, configError("MaxBurst", "negative")
	}
	m := &Mapper{pg: cfg.PG, duplex: cfg.Redundancy == ccefsm.Duplex, app: cfg.App, agents: cfg.Agents,
		gap: int64(cfg.BurstGap), maxBurst: cfg.MaxBurst}
	if m.gap == 0 {
		m.gap = int64(DefaultBurstGap)
	}
	if m.maxBurst == 0 {
		m.maxBurst = DefaultMaxBurst
	}
	for i, p := range cfg.Peripherals {
		if p == 0 {
			return nil, configError("Peripherals", "zero peripheral ID")
		}
		for _, q := range cfg.Peripherals[:i] {
			if q == p {
				return nil, configError("Peripherals", "peripheral "+utoa(uint64(p))+" listed twice")
			}
		}
	}
	m.periphs = append([]ccefsm.PeripheralID(nil), cfg.Peripherals...)
	m.offline = make([]bool, len(m.periphs))
	for i, d := range cfg.MRDs {
		if err := d.Validate(); err != nil {
			return nil, configError("MRDs", err.Error())
		}
		for _, e := range cfg.MRDs[:i] {
			if e.ID == d.ID {
				return nil, configError("MRDs", "MRD "+utoa(uint64(d.ID))+" listed twice")
			}
		}
		if d.Media == ccefsm.MediaVoice {
			if m.hasVoice {
				return nil, configError("MRDs", "two voice MRDs")
			}
			m.voice, m.hasVoice = d.ID, true
		}
		m.mrds = append(m.mrds, d.ID)
	}
	return m, nil
}

// Grow makes room for reconnect bursts of n more reports (one per agent of
// the largest peripheral), so that holding them allocates nothing. It never
// shrinks.
func (m *Mapper) Grow(n int) {
	b := &m.burst
	if n <= 0 {
		return
	}
	b.reports = slices.Grow(b.reports, n)
	b.arrival = slices.Grow(b.arrival, n)
	b.strays = slices.Grow(b.strays, n)
	if b.seen == nil {
		b.seen = make(map[ccefsm.AgentID]struct{}, n)
	}
}

func configError(field, reason string) error {
	return &Error{Field: "MapperConfig." + field, Offset: -1, Reason: reason, Err: ErrInvalidConfig}
}

// clock checks now against the Mapper's clock.
func (m *Mapper) clock(t MessageType, now time.Time) (int64, error) {
	ns, ok := nanotime.UnixNano(now)
	if !ok {
		return 0, &Error{Type: t, Field: "now", Offset: -1, Reason: now.String() + " cannot be held", Err: ErrTimeOutOfRange}
	}
	if m.started && ns < m.now {
		return 0, &Error{Type: t, Field: "now", Offset: -1,
			Reason: now.UTC().Format(time.RFC3339Nano) + " is before " + time.Unix(0, m.now).UTC().Format(time.RFC3339Nano), Err: ErrTimeBackwards}
	}
	return ns, nil
}

// Map appends to dst the rows that msg, received at now, applies, with the
// engine input each produces (see [Mapped]), and returns it. A burst that
// msg closes comes first. Every message gives at least one row. The error,
// an [*Error], reports a nil message ([ErrWrongType]) or a bad instant
// ([ErrTimeBackwards], [ErrTimeOutOfRange]); then nothing changes.
//
// Map does not check the values of a message it is given; a decoded message
// is valid, and the engine refuses the input of an invalid one with a typed
// error.
func (m *Mapper) Map(dst []Mapped, now time.Time, msg Message) ([]Mapped, error) {
	if x, ok := msg.(*AgentStateEvent); ok && x != nil { // the hot path
		t, err := m.clock(MsgAgentStateEvent, now)
		if err != nil {
			return dst, err
		}
		m.now, m.started = t, true
		return m.agentState(dst, now, t, x), nil
	}
	if nilMessage(msg) {
		return dst, &Error{Field: "Message", Offset: -1, Reason: "nil message", Err: ErrWrongType}
	}
	t, err := m.clock(msg.Type(), now)
	if err != nil {
		return dst, err
	}
	m.now, m.started = t, true
	switch x := msg.(type) {
	case *SystemEvent:
		return m.pgStatus(m.flush(dst), now, t, x.PGStatus, x, false), nil
	case *OpenConf:
		m.closed = false
		return m.pgStatus(m.flush(dst), now, t, x.PGStatus, nil, true), nil
	case *FailureEvent:
		dst = m.flush(dst)
		if x.Status != StatusCTIServerOffline {
			return append(dst, Mapped{Row: RowSession}), nil
		}
		return m.sessionEnds(dst, now, RowServerOffline), nil
	case *CloseConf:
		return m.sessionEnds(m.flush(dst), now, RowSessionClosed), nil
	case *HeartbeatReq, *HeartbeatConf:
		if m.burst.open && t-m.burst.last > m.gap {
			dst = m.flush(dst)
		}
		return append(dst, Mapped{Row: RowSession}), nil
	case *OpenReq, *CloseReq, *FailureConf:
		return append(m.flush(dst), Mapped{Row: RowSession}), nil
	}
	dst = m.flush(dst)
	if taskMessage(msg.Type()) {
		return append(dst, Mapped{Row: RowTaskMessage}), nil
	}
	return append(dst, Mapped{Row: RowOtherMessage}), nil
}

// Closed maps the end of the session's connection without a CLOSE_CONF (a
// transport error, heartbeats unanswered) at now, as [RowSessionClosed]:
// the application's CTI path goes down. An open burst is closed first.
func (m *Mapper) Closed(dst []Mapped, now time.Time) ([]Mapped, error) {
	t, err := m.clock(0, now)
	if err != nil {
		return dst, err
	}
	m.now, m.started = t, true
	return m.sessionEnds(m.flush(dst), now, RowSessionClosed), nil
}

// Flush closes an open reconnect burst ([RowBurstReport]) and appends its
// rows to dst. Call it when the instant of [Mapper.BurstDeadline] has
// passed without a message, or at the end of a capture; without an open
// burst it appends nothing.
func (m *Mapper) Flush(dst []Mapped) []Mapped { return m.flush(dst) }

// BurstDeadline returns the instant at which an open reconnect burst closes
// if no message comes, for the caller's timer (see [Mapper.Flush]), and
// false when no burst is open.
func (m *Mapper) BurstDeadline() (time.Time, bool) {
	if !m.burst.open {
		return time.Time{}, false
	}
	return m.burst.lastAt.Add(time.Duration(m.gap)), true
}

// nilMessage reports whether msg is nil, or a nil pointer of one of the
// package's message types.
func nilMessage(msg Message) bool {
	switch x := msg.(type) {
	case nil:
		return true
	case *AgentStateEvent:
		return x == nil
	case *SystemEvent:
		return x == nil
	case *OpenReq:
		return x == nil
	case *OpenConf:
		return x == nil
	case *FailureConf:
		return x == nil
	case *FailureEvent:
		return x == nil
	case *HeartbeatReq:
		return x == nil
	case *HeartbeatConf:
		return x == nil
	case *CloseReq:
		return x == nil
	case *CloseConf:
		return x == nil
	case *Raw:
		return x == nil
	}
	return false
}

// taskMessage reports whether t is a task or resynchronisation message.
func taskMessage(t MessageType) bool {
	switch {
	case t >= MsgOfferTaskInd && t <= MsgEndTaskInd, t >= MsgBeginAgentInitInd && t <= MsgAgentInitReadyEvent:
		return true
	}
	switch t {
	case MsgEndTaskEvent, MsgMaxTaskLifetimeExceededEvent, MsgTaskInitReq, MsgTaskInitResp:
		return true
	}
	return false
}

// periphIndex returns the index of p in the configuration, or -1.
func (m *Mapper) periphIndex(p ccefsm.PeripheralID) int {
	for i, q := range m.periphs {
		if q == p {
			return i
		}
	}
	return -1
}

func (m *Mapper) hasMRD(d ccefsm.MRDID) bool {
	for _, e := range m.mrds {
		if e == d {
			return true
		}
	}
	return false
}

// agentState maps an AGENT_STATE_EVENT.
func (m *Mapper) agentState(dst []Mapped, now time.Time, t int64, x *AgentStateEvent) []Mapped {
	if b := &m.burst; b.open {
		if m.joins(x, t) {
			b.hold(x, now, t)
			return append(dst, Mapped{Row: RowBurstHold, Input: failover.Input{At: now, Agent: x.ICMAgentID,
				MRD: x.MRDID, State: x.AgentState, Reason: x.EventReasonCode, Peripheral: x.PeripheralID}})
		}
		dst = m.flush(dst)
	}
	if m.periphIndex(x.PeripheralID) < 0 {
		return append(dst, Mapped{Row: RowUnknownPeripheral})
	}
	if !m.hasMRD(x.MRDID) {
		return append(dst, Mapped{Row: RowUnknownMRD})
	}
	return append(dst, Mapped{Row: RowObserve, Input: failover.Input{Op: failover.OpAgentObserve, At: now,
		Agent: x.ICMAgentID, MRD: x.MRDID, State: x.AgentState, Reason: x.EventReasonCode}})
}

// joins reports whether x, at t, joins the open burst.
func (m *Mapper) joins(x *AgentStateEvent, t int64) bool {
	b := &m.burst
	if x.PeripheralID != b.p || !m.hasVoice || x.MRDID != m.voice || !x.AgentState.IsValid() ||
		t-b.last > m.gap || len(b.reports) >= m.maxBurst {
		return false
	}
	_, seen := b.seen[x.ICMAgentID]
	return !seen
}

// hold adds x's report to the burst.
func (b *burst) hold(x *AgentStateEvent, now time.Time, t int64) {
	if b.seen == nil {
		b.seen = make(map[ccefsm.AgentID]struct{})
	}
	b.seen[x.ICMAgentID] = struct{}{}
	b.reports = append(b.reports, agentstate.Report{Agent: x.ICMAgentID, MRD: x.MRDID, State: x.AgentState,
		Reason: x.EventReasonCode, InState: time.Duration(x.StateDuration) * time.Second})
	b.arrival = append(b.arrival, t)
	b.last, b.lastAt = t, now
}

// openBurst opens peripheral p's reconnect burst at now.
func (m *Mapper) openBurst(p ccefsm.PeripheralID, now time.Time, t int64) {
	b := &m.burst
	b.open, b.p, b.last, b.lastAt = true, p, t, now
	b.reports, b.arrival, b.strays = b.reports[:0], b.arrival[:0], b.strays[:0]
	clear(b.seen)
}

// flush closes an open burst: its reports become one report-states input,
// and those the directory does not place on the peripheral observations.
func (m *Mapper) flush(dst []Mapped) []Mapped {
	b := &m.burst
	if !b.open {
		return dst
	}
	b.open = false
	good := b.reports[:0]
	b.strays = b.strays[:0]
	for i, rep := range b.reports {
		rep.InState += time.Duration(b.last - b.arrival[i])
		if m.agents != nil {
			if p, err := m.agents.PeripheralOf(rep.Agent); err != nil || p != b.p {
				b.strays = append(b.strays, rep)
				continue
			}
		}
		good = append(good, rep)
	}
	if len(good) > 0 {
		dst = append(dst, Mapped{Row: RowBurstReport, Input: failover.Input{Op: failover.OpReportStates,
			At: b.lastAt, Peripheral: b.p, Reports: good}})
	}
	for _, rep := range b.strays {
		dst = append(dst, Mapped{Row: RowBurstStray, Input: failover.Input{Op: failover.OpAgentObserve,
			At: b.lastAt, Agent: rep.Agent, MRD: rep.MRD, State: rep.State, Reason: rep.Reason}})
	}
	return dst
}

// element returns the input taking el down or up at now.
func element(el failover.Element, down bool, now time.Time) failover.Input {
	op := failover.OpUp
	if down {
		op = failover.OpDown
	}
	return failover.Input{Op: op, At: now, Element: el}
}

// pgStatus maps the PGStatus of an OPEN_CONF (full) or a SYSTEM_EVENT (ev),
// with the event's own fact winning over the bits. The inputs come in a
// fixed order: the PG's links to the Central Controller, the peripherals in
// configuration order, the application's CTI link.
func (m *Mapper) pgStatus(dst []Mapped, now time.Time, t int64, st PGStatus, ev *SystemEvent, full bool) []Mapped {
	n := len(dst)
	evPeriph, evOffline := -1, false
	unknownPeriph := false
	opc, ctiOff, cc := st.Has(PGOPCDown), st.Has(PGCTIServerOffline), st.Has(PGCCDown)
	if ev != nil {
		switch ev.SystemEventID {
		case SysCentralControllerOffline:
			cc = true
		case SysCentralControllerOnline:
			cc = false
		case SysPeripheralGatewayOffline:
			opc = true
		case SysCTIServerOffline:
			ctiOff = true
		case SysCTIServerOnline:
			ctiOff = false
		}
		if p, ok := ev.Peripheral(); ok {
			i := m.periphIndex(p)
			switch {
			case i < 0:
				unknownPeriph = true
			case ev.SystemEventID == SysPeripheralOffline:
				evPeriph, evOffline = i, true
			case ev.SystemEventID == SysPeripheralOnline:
				evPeriph, evOffline = i, false
			}
		}
	}

	// The PG's path to the CallRouter.
	if cc != m.cc || full {
		row := RowControllerUp
		if cc {
			row = RowControllerDown
		}
		el := failover.Element{Kind: failover.LinkPGController, ID: m.pg, Side: ccefsm.SideA}
		dst = append(dst, Mapped{Row: row, Input: element(el, cc, now)})
		if m.duplex {
			el.Side = ccefsm.SideB
			dst = append(dst, Mapped{Row: row, Input: element(el, cc, now)})
		}
		m.cc = cc
	}

	// The peripherals: the event names one; the bit, clear, says every
	// one is online and, set, which one is offline only on a PG of one.
	bit := st.Has(PGPeripheralOffline)
	for i, p := range m.periphs {
		var off bool
		var row MapRowID
		switch {
		case i == evPeriph && evOffline:
			off, row = true, RowPeripheralOffline
		case i == evPeriph:
			off, row = false, RowPeripheralOnline
		case !bit:
			off, row = false, RowStatusPeripheralsOnline
		case len(m.periphs) == 1:
			off, row = true, RowStatusPeripheralOffline
		default:
			continue // several peripherals: the bit does not say which
		}
		if off == m.offline[i] && !(full && i != evPeriph) {
			if i == evPeriph && !off {
				dst = append(dst, Mapped{Row: RowPeripheralOnlineAgain})
			}
			continue
		}
		el := failover.Element{Kind: failover.ACD, ID: uint32(p)}
		dst = append(dst, Mapped{Row: row, Input: element(el, off, now)})
		m.offline[i] = off
	}
	if bit && len(m.periphs) > 1 && evPeriph < 0 && (full || !m.status.Has(PGPeripheralOffline)) {
		dst = append(dst, Mapped{Row: RowStatusPeripheralAmbiguous})
	}
	if unknownPeriph {
		dst = append(dst, Mapped{Row: RowPeripheralEventUnknown})
	}

	// The application's CTI path.
	down := m.closed || opc || ctiOff
	if down != m.appDown || (full && m.app != 0) {
		row := RowAppPathUp
		switch {
		case !down:
		case ctiOff && !m.ctiOff:
			row = RowCTIServerOffline
		case opc && !m.opc:
			row = RowOPCDown
		case ctiOff:
			row = RowCTIServerOffline
		default:
			row = RowOPCDown
		}
		if m.app == 0 {
			if down != m.appDown {
				dst = append(dst, Mapped{Row: RowNotAnApplication})
			}
		} else {
			el := failover.Element{Kind: failover.LinkAppCTIServer, ID: uint32(m.app)}
			dst = append(dst, Mapped{Row: row, Input: element(el, down, now)})
		}
		m.appDown = down
	}
	m.opc, m.ctiOff, m.status = opc, ctiOff, st

	if len(dst) == n {
		dst = append(dst, Mapped{Row: RowNoChange})
	}
	if evPeriph >= 0 && !evOffline {
		m.openBurst(m.periphs[evPeriph], now, t)
	}
	return dst
}

// sessionEnds maps the end of the session as row.
func (m *Mapper) sessionEnds(dst []Mapped, now time.Time, row MapRowID) []Mapped {
	m.closed = true
	if m.appDown {
		return append(dst, Mapped{Row: RowNoChange})
	}
	m.appDown = true
	if m.app == 0 {
		return append(dst, Mapped{Row: RowNotAnApplication})
	}
	el := failover.Element{Kind: failover.LinkAppCTIServer, ID: uint32(m.app)}
	return append(dst, Mapped{Row: row, Input: element(el, true, now)})
}

// Apply applies the input of every row of ms to e, in order, appending the
// effects to l; rows without input are skipped. Each input is applied
// whole or refused by the engine with its [*failover.InputError], changing
// nothing; Apply goes on with the next and returns the refusals joined
// (errors.Join), or nil.
func Apply(e *failover.Engine, l *failover.Log, ms []Mapped) error {
	var errs []error
	for i := range ms {
		in := &ms[i].Input
		var err error
		// The inputs a Mapper produces call the engine's methods directly,
		// sparing a copy of the Input; any other goes through Engine.Apply.
		switch in.Op {
		case failover.OpNone:
			continue
		case failover.OpAgentObserve:
			err = e.AgentObserve(l, in.At, in.Agent, in.MRD, in.State, in.Reason)
		case failover.OpDown:
			err = e.Down(l, in.At, in.Element)
		case failover.OpUp:
			err = e.Up(l, in.At, in.Element)
		case failover.OpReportStates:
			err = e.ReportStates(l, in.At, in.Peripheral, in.Reports)
		default:
			err = e.Apply(l, *in)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
