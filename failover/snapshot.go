package failover

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/snapshot"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

var snapFormat = snapshot.Format{Type: "failover.Engine", Magic: [4]byte{'F', 'O', 'V', 'R'}, Version: 5, Kind: ErrCorruptSnapshot}

// MarshalBinary implements [encoding.BinaryMarshaler]: a snapshot of the
// whole engine — its configuration and topology, the state of every
// element, the outages, the reporting ledger, and the snapshots of its
// roster, task store, voice availability, connections and reporting
// caches — so that a service restarts without forgetting an open outage, a
// pending deadline or a held request. The same engine always gives the same
// bytes. Config's tables and policy travel inside the leaves' snapshots.
func (e *Engine) MarshalBinary() ([]byte, error) {
	b := snapFormat.Begin(make([]byte, 0, 4096))
	u := snapshot.AppendUvarint
	v := snapshot.AppendVarint
	bo := snapshot.AppendBool
	t := &e.cfg.Topology
	b = v(b, int64(t.Interval))
	b = v(b, int64(t.IntervalOffset))
	b = append(b, uint8(t.CentralController))
	b = u(b, uint64(len(t.MRDs)))
	for _, m := range t.MRDs {
		b = u(b, uint64(m.ID))
		b = append(b, uint8(m.Media))
		b = v(b, int64(m.TaskLife))
		b = v(b, int64(m.StartTimeout))
		b = v(b, int64(m.MaxDuration))
		b = v(b, int64(m.TimeLimit))
		b = bo(b, m.NoTimeLimitCut)
		b = bo(b, m.Interruptible)
		b = append(b, m.MaxTasksPerAgent)
	}
	ids := func(b []byte, xs []ccefsm.PeripheralID) []byte {
		b = u(b, uint64(len(xs)))
		for _, x := range xs {
			b = u(b, uint64(x))
		}
		return b
	}
	b = u(b, uint64(len(t.AgentPGs)))
	for _, pg := range t.AgentPGs {
		b = u(b, uint64(pg.ID))
		b = append(b, uint8(pg.Redundancy))
		b = ids(b, pg.Peripherals)
	}
	b = u(b, uint64(len(t.CTIManagers)))
	for _, cm := range t.CTIManagers {
		b = u(b, uint64(cm.ID))
		b = append(b, uint8(cm.Redundancy))
		b = ids(b, cm.Peripherals)
	}
	b = u(b, uint64(len(t.MRPGs)))
	for _, m := range t.MRPGs {
		b = u(b, uint64(m.ID))
		b = append(b, uint8(m.Redundancy))
	}
	b = u(b, uint64(len(t.Applications)))
	for _, a := range t.Applications {
		b = u(b, uint64(a.ID))
		b = u(b, uint64(len(a.MRDs)))
		for _, m := range a.MRDs {
			b = u(b, uint64(m))
		}
		b = u(b, uint64(a.AgentPG))
		b = u(b, uint64(a.MRPG))
	}
	b = u(b, uint64(len(t.Finesse)))
	for _, f := range t.Finesse {
		b = u(b, uint64(f.ID))
		b = append(b, uint8(f.Redundancy))
		b = u(b, uint64(f.AgentPG))
	}
	agents := e.agents()
	b = u(b, uint64(len(agents)))
	for _, a := range agents {
		b = u(b, uint64(a.ID))
		b = u(b, uint64(a.Peripheral))
		b = u(b, uint64(len(a.SkillGroups)))
		for _, sg := range a.SkillGroups {
			b = u(b, uint64(sg))
		}
		b = u(b, uint64(a.Team))
	}
	b = v(b, e.cfg.Start.UnixNano())
	b = append(b, uint8(e.cfg.PreferredSide))
	b = bo(b, e.cfg.NoAutoRelogin)
	b = bo(b, e.cfg.CTIManagerAllMRDs)
	b = bo(b, e.cfg.NoTaskIDRefusal)
	b = bo(b, e.cfg.NoHistoryRecreation)
	b = append(b, uint8(e.cfg.CTIServerClients))
	b = bo(b, e.cfg.FinesseWithoutCTIServer)
	b = bo(b, e.cfg.NoPathDownRefusal)
	b = append(b, uint8(e.cfg.RP3Scope))
	b = append(b, uint8(e.cfg.CTIManagerClients))
	b = append(b, uint8(e.cfg.FinesseClients))

	b = v(b, e.now)
	b = u(b, e.seq)
	b = u(b, uint64(e.outageBase))
	b = v(b, e.led.horizon)
	var bits byte
	for i, d := range e.down {
		if d {
			bits |= 1 << (i % 8)
		}
		if i%8 == 7 {
			b = append(b, bits)
			bits = 0
		}
	}
	if len(e.down)%8 != 0 {
		b = append(b, bits)
	}
	desk := slices.Sorted(maps.Keys(e.desktops))
	b = u(b, uint64(len(desk)))
	for _, a := range desk {
		b = u(b, uint64(a))
		b = append(b, e.desktops[a])
	}
	for _, s := range e.st.cti {
		b = append(b, uint8(s))
	}
	for _, s := range e.st.cm {
		b = append(b, uint8(s))
	}
	for _, s := range e.st.fin {
		b = append(b, uint8(s))
	}
	b = u(b, uint64(len(e.outages)))
	for _, o := range e.outages {
		b = append(b, uint8(o.Path.Kind))
		b = u(b, uint64(o.Path.ID))
		b = append(b, uint8(o.Cause.Kind))
		b = u(b, uint64(o.Cause.ID))
		b = append(b, uint8(o.Cause.Side))
		b = v(b, o.From.UnixNano())
		b = bo(b, !o.To.IsZero())
		if !o.To.IsZero() {
			b = v(b, o.To.UnixNano())
		}
	}
	instants := func(b []byte, xs []instant) []byte {
		b = u(b, uint64(len(xs)))
		for _, x := range xs {
			b = v(b, x.at)
			b = u(b, uint64(x.outage))
		}
		return b
	}
	windows := func(b []byte, ws []window) []byte {
		b = u(b, uint64(len(ws)))
		for _, w := range ws {
			b = v(b, w.from)
			b = bo(b, w.to == openEnd)
			if w.to != openEnd {
				b = v(b, w.to)
			}
			b = u(b, uint64(w.outage))
		}
		return b
	}
	for _, p := range e.led.periph {
		b = instants(b, p.failures)
		b = windows(b, p.offline)
	}
	for _, g := range e.led.pgs {
		b = windows(b, g.cached)
		b = instants(b, g.lost)
	}
	b = u(b, uint64(len(e.led.splits)))
	for _, s := range e.led.splits {
		b = v(b, s.at)
		b = u(b, uint64(s.agent))
		b = u(b, uint64(s.outage))
	}
	b = u(b, uint64(len(e.tasks.entries)))
	for _, en := range e.tasks.entries {
		b = u(b, uint64(en.task))
		b = v(b, en.at)
		b = u(b, uint64(en.agent))
		b = u(b, uint64(en.mrd))
		b = append(b, uint8(en.disp), uint8(en.class), uint8(en.rule))
		b = bo(b, en.cached)
	}
	for _, c := range e.tasks.counts {
		b = u(b, c)
	}
	for _, c := range e.tasks.forgotten {
		b = u(b, c)
	}
	b = u(b, e.tasks.ended)
	for _, q := range e.tasks.pending {
		b = u(b, uint64(len(q)))
		for _, i := range q {
			b = u(b, uint64(i))
		}
	}
	rp3 := make([]ccefsm.TaskID, 0, len(e.rp3))
	for id := range e.rp3 {
		rp3 = append(rp3, id)
	}
	slices.Sort(rp3)
	b = u(b, uint64(len(rp3)))
	for _, id := range rp3 {
		b = u(b, uint64(id))
		b = u(b, uint64(e.rp3[id]))
	}
	// The requests the CTI server has not heard: their indices, ascending.
	unheard := slices.Sorted(maps.Keys(e.unheard))
	b = u(b, uint64(len(unheard)))
	for _, k := range unheard {
		b = u(b, uint64(k))
	}

	blob := func(b []byte, m interface{ MarshalBinary() ([]byte, error) }) ([]byte, error) {
		s, err := m.MarshalBinary()
		if err != nil {
			return nil, err
		}
		return append(u(b, uint64(len(s))), s...), nil
	}
	var err error
	if b, err = blob(b, e.roster); err != nil {
		return nil, err
	}
	if b, err = blob(b, e.store); err != nil {
		return nil, err
	}
	if b, err = blob(b, e.voice); err != nil {
		return nil, err
	}
	for _, c := range e.conns {
		if b, err = blob(b, c); err != nil {
			return nil, err
		}
	}
	for _, c := range e.caches {
		if b, err = blob(b, c); err != nil {
			return nil, err
		}
	}
	return snapshot.Seal(b), nil
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]: it replaces e
// with the engine in data, written by MarshalBinary. It reads every field,
// rebuilds the engine from the topology (validated as [New] validates it),
// restores the leaves from their own snapshots, and then checks every
// invariant that ties them together — the leaves' path and peripheral
// states against the elements, the outages against the paths, the ledger
// against the caches, the task counts against the store — refusing with a
// [*ccefsm.SnapshotError] (wrapping ErrCorruptSnapshot) anything no
// sequence of inputs produces. On error e is unchanged.
func (e *Engine) UnmarshalBinary(data []byte) error {
	r, err := snapFormat.Open(data)
	if err != nil {
		return err
	}
	n, err := decodeEngine(r)
	if err != nil {
		return err
	}
	*e = *n
	return nil
}

func decodeEngine(r *snapshot.Reader) (*Engine, error) {
	fail := func(field, why string) (*Engine, error) {
		r.Fail(field, why)
		return nil, r.Err()
	}
	var t Topology
	ivAt := r.Offset()
	t.Interval = time.Duration(r.Varint("interval"))
	offAt := r.Offset()
	t.IntervalOffset = time.Duration(r.Varint("interval offset"))
	if t.Interval == 0 && r.OK() {
		r.FailAt(ivAt, "interval", "zero: a snapshot holds the defaulted topology")
	}
	var te *TopologyError
	if err := t.validateInterval(); err != nil && r.OK() && errors.As(err, &te) {
		at := ivAt
		if te.Where == "interval offset" {
			at = offAt
		}
		r.FailAt(at, te.Where, te.Reason)
	}
	t.CentralController = ccefsm.Redundancy(r.U8("central controller"))
	t.MRDs = make([]ccefsm.MRD, r.Count("MRDs", 12))
	for i := range t.MRDs {
		m := &t.MRDs[i]
		m.ID = ccefsm.MRDID(r.Uvarint("MRD ID", 1<<32-1))
		m.Media = ccefsm.MediaKind(r.U8("MRD media"))
		m.TaskLife = time.Duration(r.Varint("MRD task life"))
		m.StartTimeout = time.Duration(r.Varint("MRD start timeout"))
		m.MaxDuration = time.Duration(r.Varint("MRD max duration"))
		m.TimeLimit = time.Duration(r.Varint("MRD time limit"))
		m.NoTimeLimitCut = r.Bool("MRD cut")
		m.Interruptible = r.Bool("MRD interruptible")
		m.MaxTasksPerAgent = r.U8("MRD task limit")
	}
	pers := func(field string) []ccefsm.PeripheralID {
		out := make([]ccefsm.PeripheralID, r.Count(field, 1))
		for i := range out {
			out[i] = ccefsm.PeripheralID(r.Uvarint(field, 1<<32-1))
		}
		return out
	}
	u32 := func(field string) uint32 { return uint32(r.Uvarint(field, 1<<32-1)) }
	t.AgentPGs = make([]AgentPGConfig, r.Count("agent PGs", 3))
	for i := range t.AgentPGs {
		pg := &t.AgentPGs[i]
		pg.ID = u32("agent PG ID")
		pg.Redundancy = ccefsm.Redundancy(r.U8("agent PG redundancy"))
		pg.Peripherals = pers("agent PG peripherals")
	}
	t.CTIManagers = make([]CTIManagerConfig, r.Count("CTI Managers", 3))
	for i := range t.CTIManagers {
		cm := &t.CTIManagers[i]
		cm.ID = u32("CTI Manager ID")
		cm.Redundancy = ccefsm.Redundancy(r.U8("CTI Manager redundancy"))
		cm.Peripherals = pers("CTI Manager peripherals")
	}
	t.MRPGs = make([]MRPGConfig, r.Count("MR PGs", 2))
	for i := range t.MRPGs {
		t.MRPGs[i].ID = u32("MR PG ID")
		t.MRPGs[i].Redundancy = ccefsm.Redundancy(r.U8("MR PG redundancy"))
	}
	t.Applications = make([]ApplicationConfig, r.Count("applications", 4))
	for i := range t.Applications {
		a := &t.Applications[i]
		a.ID = ccefsm.AppID(u32("application ID"))
		a.MRDs = make([]ccefsm.MRDID, r.Count("application MRDs", 1))
		for k := range a.MRDs {
			a.MRDs[k] = ccefsm.MRDID(u32("application MRD"))
		}
		a.AgentPG = u32("application agent PG")
		a.MRPG = u32("application MR PG")
	}
	t.Finesse = make([]FinesseConfig, r.Count("Finesse pairs", 3))
	for i := range t.Finesse {
		f := &t.Finesse[i]
		f.ID = u32("Finesse ID")
		f.Redundancy = ccefsm.Redundancy(r.U8("Finesse redundancy"))
		f.AgentPG = u32("Finesse agent PG")
	}
	t.Agents = make([]AgentConfig, r.Count("agents", 4))
	for i := range t.Agents {
		a := &t.Agents[i]
		a.ID = ccefsm.AgentID(u32("agent ID"))
		a.Peripheral = ccefsm.PeripheralID(u32("agent peripheral"))
		if n := r.Count("agent skill groups", 1); n > 0 {
			a.SkillGroups = make([]uint32, n)
			for k := range a.SkillGroups {
				a.SkillGroups[k] = u32("agent skill group")
			}
		}
		a.Team = u32("agent team")
	}
	cfg := Config{Topology: t}
	cfg.Start = time.Unix(0, r.Varint("start")).UTC()
	cfg.PreferredSide = ccefsm.Side(r.U8("preferred side"))
	cfg.NoAutoRelogin = r.Bool("no auto relogin")
	cfg.CTIManagerAllMRDs = r.Bool("CTI Manager all MRDs")
	cfg.NoTaskIDRefusal = r.Bool("no task ID refusal")
	cfg.NoHistoryRecreation = r.Bool("no history recreation")
	cfg.CTIServerClients = readSetting[Reconnect](r, "CTI server clients", "failover.Reconnect")
	cfg.FinesseWithoutCTIServer = r.Bool("Finesse without CTI server")
	cfg.NoPathDownRefusal = r.Bool("no path down refusal")
	cfg.RP3Scope = readSetting[RP3Scope](r, "RP-3 scope", "failover.RP3Scope")
	cfg.CTIManagerClients = readSetting[Reconnect](r, "CTI Manager clients", "failover.Reconnect")
	cfg.FinesseClients = readSetting[Reconnect](r, "Finesse clients", "failover.Reconnect")
	if !r.OK() {
		return nil, r.Err()
	}
	e, err := New(cfg)
	if err != nil {
		return fail("configuration", err.Error())
	}

	e.now = r.Varint("clock")
	e.seq = r.Uvarint("input count", 1<<63)
	e.outageBase = u32("outages forgotten")
	e.led.horizon = r.Varint("ledger horizon")
	start := e.cfg.Start.UnixNano()
	if r.OK() && (e.now < start || e.now > maxInstant) {
		return fail("clock", "before the start or out of range")
	}
	for i := 0; i < len(e.down); i += 8 {
		off := r.Offset()
		bits := r.U8("element states")
		for k := 0; k < 8; k++ {
			if i+k < len(e.down) {
				e.down[i+k] = bits&(1<<k) != 0
			} else if bits&(1<<k) != 0 {
				r.FailAt(off, "element states", "padding bit set")
			}
		}
	}
	nd := r.Count("desktops", 2)
	var last ccefsm.AgentID
	for i := 0; i < nd; i++ {
		a := ccefsm.AgentID(u32("desktop agent"))
		f := r.U8("desktop flags")
		if _, ok := e.agent(a); r.OK() && (!ok || a <= last || f == 0 || f > desktopDownBit|desktopLinkBit) {
			return fail("desktops", "agent "+itoa(uint32(a))+" unknown, out of order, or with flags "+strconv.Itoa(int(f)))
		}
		e.desktops[a] = f
		last = a
	}
	for i := range e.st.cti {
		e.st.cti[i] = ccefsm.Side(r.U8("CTI server active side"))
	}
	for i := range e.st.cm {
		e.st.cm[i] = ccefsm.Side(r.U8("CTI Manager active side"))
	}
	for i := range e.st.fin {
		e.st.fin[i] = ccefsm.Side(r.U8("Finesse active side"))
	}
	no := r.Count("outages", 8)
	for i := 0; i < no && r.OK(); i++ {
		o := Outage{ID: e.outageBase + uint32(i) + 1}
		o.Path.Kind = PathKind(r.U8("outage path"))
		o.Path.ID = u32("outage path ID")
		o.Cause.Kind = Kind(r.U8("outage cause"))
		o.Cause.ID = u32("outage cause ID")
		o.Cause.Side = ccefsm.Side(r.U8("outage cause side"))
		o.From = time.Unix(0, r.Varint("outage start")).UTC()
		if r.Bool("outage over") {
			o.To = time.Unix(0, r.Varint("outage end")).UTC()
		}
		e.outages = append(e.outages, o)
	}
	outage := func(field string) uint32 {
		id := u32(field)
		if r.OK() && e.outage(id) == nil {
			r.Fail(field, "names no outage it remembers")
		}
		return id
	}
	instants := func(field string) []instant {
		n := r.Count(field, 2)
		out := make([]instant, 0, n)
		for i := 0; i < n && r.OK(); i++ {
			out = append(out, instant{at: r.Varint(field), outage: outage(field)})
		}
		return out
	}
	windows := func(field string) []window {
		n := r.Count(field, 3)
		out := make([]window, 0, n)
		for i := 0; i < n && r.OK(); i++ {
			w := window{from: r.Varint(field), to: openEnd}
			if !r.Bool(field) {
				w.to = r.Varint(field)
			}
			w.outage = outage(field)
			out = append(out, w)
		}
		return out
	}
	for j := range e.led.periph {
		e.led.periph[j].failures = instants("PIM failures")
		e.led.periph[j].offline = windows("offline windows")
	}
	for i := range e.led.pgs {
		e.led.pgs[i].cached = windows("cached windows")
		e.led.pgs[i].lost = instants("PG losses")
	}
	ns := r.Count("call splits", 3)
	e.led.splits = make([]split, 0, ns)
	var sc splitCheck
	for i := 0; i < ns && r.OK(); i++ {
		off := r.Offset()
		s := split{at: r.Varint("call split instant"), agent: ccefsm.AgentID(u32("call split agent")), outage: u32("call split outage")}
		e.led.splits = append(e.led.splits, s)
		if field, why := sc.next(e, i); r.OK() && why != "" {
			r.FailAt(off, field, why)
		}
	}
	ne := r.Count("task entries", 7)
	for i := 0; i < ne && r.OK(); i++ {
		en := taskEntry{task: ccefsm.TaskID(r.Uvarint("task entry ID", 1<<64-1)), at: r.Varint("task entry end")}
		en.agent = ccefsm.AgentID(u32("task entry agent"))
		en.mrd = uint16(r.Uvarint("task entry MRD", uint64(len(e.cfg.Topology.MRDs)-1)))
		en.disp = taskstate.Disposition(r.U8("task entry disposition"))
		en.class = ccefsm.ReportClass(r.U8("task entry class"))
		en.rule = ccefsm.RuleID(r.U8("task entry rule"))
		en.cached = r.Bool("task entry cached")
		e.tasks.entries = append(e.tasks.entries, en)
	}
	for i := range e.tasks.counts {
		e.tasks.counts[i] = r.Uvarint("task counts", 1<<63)
	}
	for i := range e.tasks.forgotten {
		e.tasks.forgotten[i] = r.Uvarint("tasks forgotten", 1<<63)
	}
	e.tasks.ended = r.Uvarint("tasks ended", 1<<63)
	for i := range e.tasks.pending {
		n := r.Count("cached tasks", 1)
		for k := 0; k < n && r.OK(); k++ {
			e.tasks.pending[i] = append(e.tasks.pending[i], int32(r.Uvarint("cached task", uint64(max(len(e.tasks.entries)-1, 0)))))
		}
	}
	n3 := r.Count("RP-3 tasks", 2)
	var lastTask ccefsm.TaskID
	for i := 0; i < n3 && r.OK(); i++ {
		id := ccefsm.TaskID(r.Uvarint("RP-3 task", 1<<64-1))
		a := uint32(r.Uvarint("RP-3 application", uint64(max(len(e.conns)-1, 0))))
		if r.OK() && (id == 0 || id <= lastTask) {
			return fail("RP-3 tasks", "task IDs zero or out of order")
		}
		e.rp3[id] = a
		lastTask = id
	}
	nu := r.Count("unheard requests", 1)
	lastUnheard := int32(-1)
	for i := 0; i < nu && r.OK(); i++ {
		k := int32(r.Uvarint("unheard request", uint64(max(len(e.counts)-1, 0))))
		if r.OK() && (len(e.counts) == 0 || k <= lastUnheard) {
			return fail("unheard requests", "out of order, or in a topology with no such agent and MRD")
		}
		e.unheard[k] = struct{}{}
		lastUnheard = k
	}

	blob := func(field string, into interface{ UnmarshalBinary([]byte) error }) {
		n := r.Count(field, 1)
		if !r.OK() {
			return
		}
		off := r.Offset()
		b := r.Bytes(field, n)
		if !r.OK() {
			return
		}
		if err := into.UnmarshalBinary(b); err != nil {
			r.FailAt(off, field, err.Error())
		}
	}
	blob("roster", e.roster)
	storeOff := r.Offset()
	blob("task store", e.store)
	if r.OK() && e.store.NoHistoryRecreation() != e.cfg.NoHistoryRecreation {
		r.FailAt(storeOff, "task store", "its NoHistoryRecreation differs from the engine's")
	}
	e.tab = e.store.Table()
	blob("voice", e.voice)
	for i := range e.conns {
		blob("connection of application "+itoa(uint32(e.cfg.Topology.Applications[i].ID)), e.conns[i])
	}
	for i := range e.caches {
		blob("reporting cache of agent PG "+itoa(e.cfg.Topology.AgentPGs[i].ID), e.caches[i])
	}
	if err := r.Done(); err != nil {
		return nil, err
	}
	if field, why := e.rebuild(); why != "" {
		return fail(field, why)
	}
	if field, why := e.verify(); why != "" {
		return fail(field, why)
	}
	return e, nil
}

// rebuild computes what a decoded engine derives rather than stores: the
// status (checking the stored active sides against it), the open outage of
// each path, and the task counts per agent.
func (e *Engine) rebuild() (field, why string) {
	x := &e.top
	e.derive(&e.nx, &e.st)
	for i := range e.st.cti {
		if e.nx.cti[i] != e.st.cti[i] {
			return "CTI server active side", "side " + e.st.cti[i].String() + " of agent PG " + itoa(x.t.AgentPGs[i].ID) + "'s CTI server is not what its elements give"
		}
	}
	for i := range e.st.cm {
		if e.nx.cm[i] != e.st.cm[i] {
			return "CTI Manager active side", "side " + e.st.cm[i].String() + " of CTI Manager " + itoa(x.t.CTIManagers[i].ID) + " is not what its elements give"
		}
	}
	for i := range e.st.fin {
		if e.nx.fin[i] != e.st.fin[i] {
			return "Finesse active side", "side " + e.st.fin[i].String() + " of Finesse " + itoa(x.t.Finesse[i].ID) + " is not what its elements give"
		}
	}
	for j := range x.periphs {
		e.nx.online[j] = e.nx.pimOK[j] != 0
	}
	e.st.copyFrom(&e.nx)
	for _, o := range e.outages {
		if o.To.IsZero() {
			if _, dup := e.open[o.Path]; dup {
				return "outages", "two outages of " + o.Path.String() + " open"
			}
			e.open[o.Path] = o.ID
		}
	}
	e.recount(e.counts)
	return "", ""
}

// recount computes every agent's task counts from the store into c.
func (e *Engine) recount(c []taskCounts) {
	clear(c)
	saved := e.counts
	e.counts = c
	for _, tk := range e.store.AppendTasks(nil) {
		e.count(tk.Agent, tk.MRD, tk.State, 1)
	}
	e.counts = saved
}

// verify checks every invariant that ties the engine's parts together and
// returns the field and reason of the first broken one. It is the check the
// snapshot decoder applies, and the one the tests apply after every input.
func (e *Engine) verify() (field, why string) {
	x := &e.top
	// The derived state is what the elements give.
	prev := newStatus(x)
	prev.copyFrom(&e.st)
	next := newStatus(x)
	e.derive(&next, &prev)
	for j := range x.periphs {
		next.online[j] = next.pimOK[j] != 0
	}
	if !statusEqual(&next, &e.st) {
		return "status", "the paths are not what the elements give"
	}

	// The roster's peripherals follow the PIM sides.
	for j, p := range x.periphs {
		ps, err := e.roster.Peripheral(p)
		if err != nil {
			return "roster", "peripheral " + itoa(uint32(p)) + " missing"
		}
		var sides uint8
		if ps.UpA {
			sides |= 1
		}
		if ps.UpB {
			sides |= 2
		}
		if sides != e.st.pimOK[j] || ps.Online() != e.st.online[j] {
			return "roster", "peripheral " + itoa(uint32(p)) + "'s sides are not what its elements give"
		}
		pg := x.periphPG[j]
		cmDown := false
		for i, cm := range x.t.CTIManagers {
			if slices.Contains(cm.Peripherals, p) {
				cmDown = e.st.cm[i] == ccefsm.SideNone
			}
		}
		finDown := x.pgFin[pg] >= 0 && e.st.fin[x.pgFin[pg]] == ccefsm.SideNone
		if ps.CTIManagerDown != cmDown || ps.FinesseDown != finDown {
			return "roster", "peripheral " + itoa(uint32(p)) + "'s CTI Manager or Finesse state is not what the elements give"
		}
		if e.voice.IsPIMUp(p) != e.st.online[j] {
			return "voice", "peripheral " + itoa(uint32(p)) + "'s voice availability is not its PIM's"
		}
	}
	// The roster's agents are the topology's, in order.
	if e.roster.Len() != len(x.agentPer) {
		return "roster", "agents are not the topology's"
	}
	for i, a := range e.roster.Agents(nil) {
		if ps, err := e.roster.PeripheralOf(a); err != nil || ps != x.periphs[x.agentPer[i]] {
			return "roster", "agent " + itoa(uint32(a)) + " is not on the topology's peripheral"
		}
	}
	// The applications' paths, as their connections and the store see them.
	for i, a := range x.t.Applications {
		c := e.conns[i]
		if c.App() != a.ID || c.IsAppPathUp() != e.st.appMR[i] || c.IsControllerPathUp() != e.st.mrCC[x.appMRPG[i]] {
			return "connection", "application " + itoa(uint32(a.ID)) + "'s routing paths are not what the elements give"
		}
		down, _ := e.store.IsPathDown(a.ID)
		if down == e.st.appCTI[i] {
			return "task store", "application " + itoa(uint32(a.ID)) + "'s CTI path is not what the elements give"
		}
		if e.st.appMR[i] && e.st.mrCC[x.appMRPG[i]] {
			for _, app := range e.rp3 {
				if app == uint32(i) {
					return "RP-3 tasks", "a task is marked while its application's routing is up"
				}
			}
		}
	}
	// The PGs' caches.
	for i := range x.t.AgentPGs {
		c := e.caches[i]
		if c.IsPGUp() != e.st.pgAlive[i] || c.IsPathUp() != e.st.pgCC[i] {
			return "reporting cache", "agent PG " + itoa(x.t.AgentPGs[i].ID) + "'s cache is not what the elements give"
		}
		if c.Cached() != len(e.tasks.pending[i]) {
			return "reporting cache", "agent PG " + itoa(x.t.AgentPGs[i].ID) + " caches " + strconv.Itoa(c.Cached()) + " records, the ledger " + strconv.Itoa(len(e.tasks.pending[i]))
		}
	}
	// The task counts are the store's, and none holds more than
	// maxAgentTasks (CreateTask and Task refuse one more, so a store that
	// gives an agent more is unreachable; its counts would have wrapped).
	totals := make([]int, len(e.counts))
	for _, tk := range e.store.AppendTasks(nil) {
		if tk.Agent == 0 {
			continue
		}
		ai, ok := e.agent(tk.Agent)
		mi, ok2 := x.mrdIdx[tk.MRD]
		if !ok || !ok2 || x.mrdSlot[mi] < 0 || tk.State == taskstate.StateNew || tk.State == taskstate.StateClosing {
			continue
		}
		k := ai*x.countColumns + int(x.mrdSlot[mi])
		if totals[k]++; totals[k] > maxAgentTasks {
			return "task counts", "agent " + itoa(uint32(tk.Agent)) + " holds more than 65,535 open tasks in MRD " + itoa(uint32(tk.MRD))
		}
	}
	counts := make([]taskCounts, len(e.counts))
	e.recount(counts)
	if !slices.Equal(counts, e.counts) {
		return "task counts", "the agents' task counts are not the store's"
	}
	return e.verifyLedger()
}

// statusEqual reports whether a and b are the same status.
func statusEqual(a, b *status) bool {
	return a.cc == b.cc && slices.Equal(a.pgAlive, b.pgAlive) && slices.Equal(a.pgCC, b.pgCC) &&
		slices.Equal(a.cti, b.cti) && slices.Equal(a.pimOK, b.pimOK) && slices.Equal(a.pimPG, b.pimPG) &&
		slices.Equal(a.online, b.online) && slices.Equal(a.cm, b.cm) && slices.Equal(a.mrUp, b.mrUp) &&
		slices.Equal(a.mrCC, b.mrCC) && slices.Equal(a.appMR, b.appMR) && slices.Equal(a.appCTI, b.appCTI) &&
		slices.Equal(a.fin, b.fin)
}

// verifyLedger checks the outages, the interval ledger and the task
// ledger.
func (e *Engine) verifyLedger() (field, why string) {
	x := &e.top
	// Every path that is down has exactly one outage open, every outage
	// open belongs to a path that is down, outages are in time order.
	if h := e.led.horizon; h != 0 && (h != e.led.intervalStart(h) || h > e.led.intervalStart(e.now) || h < e.led.intervalStart(e.cfg.Start.UnixNano())) {
		return "ledger horizon", "not an interval start between the start and the latest input"
	}
	open := 0
	var last int64 = e.cfg.Start.UnixNano()
	for _, o := range e.outages {
		f := o.From.UnixNano()
		if f < last || f > e.now || !o.To.IsZero() && (o.To.Before(o.From) || o.To.UnixNano() > e.now) {
			return "outages", "outage " + itoa(o.ID) + " out of order or from the future"
		}
		last = f
		if _, err := e.isUp(o.Path); err != nil {
			return "outages", "outage " + itoa(o.ID) + " is of a path the topology lacks"
		}
		if o.Cause.check() != nil {
			return "outages", "outage " + itoa(o.ID) + " has a malformed cause"
		}
		if _, err := e.isDown(o.Cause); err != nil {
			return "outages", "outage " + itoa(o.ID) + "'s cause is an element the topology lacks"
		}
		if o.To.IsZero() {
			open++
			if e.open[o.Path] != o.ID {
				return "outages", "outage " + itoa(o.ID) + " is not the open outage of " + o.Path.String()
			}
		}
	}
	for p, id := range e.open {
		up, err := e.isUp(p)
		if err != nil || up {
			return "outages", "outage " + itoa(id) + " open on " + p.String() + ", which is up"
		}
	}
	count := 0
	for _, p := range e.allPaths() {
		if up, _ := e.isUp(p); !up {
			count++
			if e.open[p] == 0 {
				return "outages", p.String() + " is down with no outage open"
			}
		}
	}
	if count != open || count != len(e.open) {
		return "outages", "open outages do not match the paths down"
	}

	for j := range e.led.periph {
		lp := &e.led.periph[j]
		if !sortedInstants(lp.failures, e.now) || !sortedWindows(lp.offline, e.now) || !afterHorizon(lp.failures, lp.offline, e.led.horizon) {
			return "interval ledger", "peripheral " + itoa(uint32(x.periphs[j])) + "'s failures or windows out of order"
		}
		if (lastOpen(lp.offline) != nil) != !e.st.online[j] {
			return "interval ledger", "peripheral " + itoa(uint32(x.periphs[j])) + "'s offline window does not match its state"
		}
	}
	for i := range e.led.pgs {
		g := &e.led.pgs[i]
		if !sortedInstants(g.lost, e.now) || !sortedWindows(g.cached, e.now) || !afterHorizon(g.lost, g.cached, e.led.horizon) {
			return "interval ledger", "agent PG " + itoa(x.t.AgentPGs[i].ID) + "'s losses or windows out of order"
		}
		caching := e.st.pgAlive[i] && !e.st.pgCC[i]
		if (lastOpen(g.cached) != nil) != caching {
			return "interval ledger", "agent PG " + itoa(x.t.AgentPGs[i].ID) + "'s cached window does not match its state"
		}
	}

	var sc splitCheck
	for k := range e.led.splits {
		if field, why := sc.next(e, k); why != "" {
			return field, why
		}
	}

	// Task ledger: entries in end order, classes final unless cached, the
	// counts adding up, the cached ones queued once each in their PG.
	var sum uint64
	var byClass [ccefsm.ReportUnreported + 1]uint64
	queued := make([]bool, len(e.tasks.entries))
	for i, q := range e.tasks.pending {
		for _, k := range q {
			en := &e.tasks.entries[k]
			if !en.cached || queued[k] || x.appPG[x.mrdApp[en.mrd]] != int32(i) {
				return "task ledger", "cached task " + strconv.FormatUint(uint64(en.task), 10) + " queued wrong"
			}
			queued[k] = true
		}
	}
	last = e.cfg.Start.UnixNano()
	for k, en := range e.tasks.entries {
		if en.task == 0 || en.at < last || en.at > e.now || x.mrdSlot[en.mrd] < 0 || !en.disp.IsValid() || !en.class.IsFinal() ||
			en.cached != queued[k] || !entryClassOK(en.class, en.rule, en.cached, e.cfg.NoHistoryRecreation) {
			return "task ledger", "entry " + strconv.Itoa(k) + " is inconsistent"
		}
		if en.agent != 0 && e.agentOnPG(en.agent, int(x.mrdApp[en.mrd])) != nil {
			return "task ledger", "entry " + strconv.Itoa(k) + " names agent " + itoa(uint32(en.agent)) + ", not one of its application's PG"
		}
		last = en.at
		if en.cached {
			byClass[ccefsm.ReportOpen]++
		} else {
			byClass[en.class]++
		}
	}
	for c, n := range e.tasks.counts {
		sum += n
		if ccefsm.ReportClass(c) != ccefsm.ReportComplete && n != byClass[c]+e.tasks.forgotten[c] {
			return "task ledger", "count of class " + ccefsm.ReportClass(c).String() + " does not match the entries"
		}
	}
	if sum != e.tasks.ended {
		return "task ledger", "counts do not add up to the tasks ended"
	}
	// Every task of the store belongs to an application of the topology,
	// with its agent on that application's PG; RP-3 marks name open tasks
	// of their application.
	for _, tk := range e.store.AppendTasks(nil) {
		ai, ok := x.appIdx[tk.App]
		mi, ok2 := x.mrdIdx[tk.MRD]
		if !ok || !ok2 || x.mrdApp[mi] != int32(ai) {
			return "task store", "task " + strconv.FormatUint(uint64(tk.ID), 10) + " belongs to no application of the topology"
		}
		if tk.Agent != 0 && e.agentOnPG(tk.Agent, ai) != nil {
			return "task store", "task " + strconv.FormatUint(uint64(tk.ID), 10) + "'s agent is not on its application's PG"
		}
		if a, ok := e.rp3[tk.ID]; ok && a != uint32(ai) {
			return "RP-3 tasks", "task " + strconv.FormatUint(uint64(tk.ID), 10) + " marked for another application"
		}
	}
	if e.cfg.RP3Scope == RP3Off && len(e.rp3) > 0 {
		return "RP-3 tasks", "tasks marked with Config.RP3Scope off"
	}
	for id := range e.rp3 {
		if _, err := e.store.Task(id); err != nil {
			return "RP-3 tasks", "task " + strconv.FormatUint(uint64(id), 10) + " is not open"
		}
	}
	return e.verifyUnheard()
}

// readSetting reads a setting of an enumerated type typ from one byte,
// refused at that byte when it is not a defined value.
func readSetting[T interface {
	~uint8
	IsValid() bool
}](r *snapshot.Reader, field, typ string) T {
	at := r.Offset()
	v := T(r.U8(field))
	if !v.IsValid() {
		r.FailAt(at, field, "undefined value "+strconv.Itoa(int(v))+" of "+typ)
	}
	return v
}

// verifyUnheard checks the marks of requests the CTI server has not heard
// (Config.NoPathDownRefusal): each belongs to an agent and a non-email MRD
// served by an application of the agent's PG whose CTI path is down.
func (e *Engine) verifyUnheard() (field, why string) {
	x := &e.top
	marks := len(e.unheard)
	ids := e.roster.Agents(nil)
	for ai, j := range x.agentPer {
		pg := x.periphPG[j]
		for mi, m := range x.t.MRDs {
			app := x.mrdApp[mi]
			if app < 0 || x.appPG[app] != pg {
				continue
			}
			if _, marked := e.unheard[int32(ai*x.countColumns+int(x.mrdSlot[mi]))]; !marked {
				continue
			}
			marks--
			if !e.cfg.NoPathDownRefusal || m.Media == ccefsm.MediaEmail || e.st.appCTI[app] {
				return "unheard requests", "a request of agent " + itoa(uint32(ids[ai])) + " in MRD " + itoa(uint32(m.ID)) + " marked unheard while its CTI path is up, in an email MRD, or without Config.NoPathDownRefusal"
			}
		}
	}
	if marks != 0 {
		return "unheard requests", "a mark names no agent and MRD of the topology"
	}
	return "", ""
}

// splitCheck checks the ledger's call splits (RP-9) in order, one at a
// time: the decoder as it reads them, verify over the ledger.
type splitCheck struct {
	closed map[uint32]bool // outages whose splits all lie behind
}

// next checks call split k against the engine's life, the splits before
// it, the topology and the outages. Its agent is known; it lies between
// the start (and the horizon of Forget) and the latest input, not before
// the split before it; its outage is remembered, is an outage of the
// agent's peripheral caused by a side of that peripheral's Agent PG, and
// ended at the split's instant (the call was recovered when the peripheral
// came back or the other side took over). The splits of one outage are
// recorded together, by one input, in the roster's order of agents: they
// follow each other with their agents in that order, once each. The
// topology has a voice MRD.
func (c *splitCheck) next(e *Engine, k int) (field, why string) {
	x := &e.top
	s := e.led.splits[k]
	what := "call split " + strconv.Itoa(k)
	if _, ok := x.voiceMRD(); !ok {
		return "call splits", what + ": the topology has no voice MRD"
	}
	i, ok := e.agent(s.agent)
	if !ok {
		return "call split agent", what + " names agent " + itoa(uint32(s.agent)) + ", which the topology lacks"
	}
	if s.at < e.cfg.Start.UnixNano() || s.at > e.now || e.led.horizon != 0 && s.at < e.led.horizon {
		return "call split instant", what + " lies outside the engine's life or before its horizon"
	}
	if k > 0 {
		p := e.led.splits[k-1]
		pi, _ := e.agent(p.agent)
		switch {
		case s.at < p.at:
			return "call split instant", what + " is before the split before it"
		case s.outage == p.outage && i <= pi:
			return "call split agent", what + " repeats an agent of its outage's splits or is out of their order"
		case s.outage != p.outage:
			if c.closed == nil {
				c.closed = map[uint32]bool{}
			}
			c.closed[p.outage] = true
			if c.closed[s.outage] {
				return "call split outage", what + ": the splits of outage " + itoa(s.outage) + " are not together"
			}
		}
	}
	j := int(x.agentPer[i])
	o := e.outage(s.outage)
	pg := x.t.AgentPGs[x.periphPG[j]]
	switch {
	case o == nil:
		return "call split outage", what + " names outage " + itoa(s.outage) + ", which the engine does not remember"
	case o.Path.Kind == PathCTIManager:
		if o.Cause.Kind != CTIManager || o.Cause.ID != o.Path.ID || !x.cmServes(o.Path.ID, x.periphs[j]) {
			return "call split outage", what + ": outage " + itoa(s.outage) + " is not one of a CTI Manager of agent " + itoa(uint32(s.agent)) + "'s peripheral caused by a side of it"
		}
	case o.Path != Path{Kind: PathPeripheral, ID: uint32(x.periphs[j])} || o.Cause.Kind != AgentPG || o.Cause.ID != pg.ID:
		return "call split outage", what + ": outage " + itoa(s.outage) + " is neither one of agent " + itoa(uint32(s.agent)) + "'s peripheral caused by a side of its Agent PG nor one of its CTI Manager"
	}
	switch {
	case o.To.IsZero() || o.To.UnixNano() != s.at:
		return "call split outage", what + ": outage " + itoa(s.outage) + " did not end when the call was recovered"
	}
	return "", ""
}

// entryClassOK reports whether an ended task can be in class c by rule r:
// the store's classes (RP-4, RP-6, TS-3, TS-5), RP-3's unreported, and, once
// its record left the PG's cache, late (RP-5) or deleted (RP-8). A record
// still cached carries its content's class, complete included. RP-6's
// class is recreated, or, when its recreation fails (noRecreate: Config.
// NoHistoryRecreation), partial or unreported.
func entryClassOK(c ccefsm.ReportClass, r ccefsm.RuleID, cached, noRecreate bool) bool {
	switch c {
	case ccefsm.ReportComplete:
		return cached && r == ccefsm.RuleNone
	case ccefsm.ReportUnreported:
		return r == ccefsm.RP4 || r == ccefsm.RP3 || noRecreate && r == ccefsm.RP6
	case ccefsm.ReportPartial:
		return r == ccefsm.RP4 || r == ccefsm.TS3 || r == ccefsm.TS5 || noRecreate && r == ccefsm.RP6
	case ccefsm.ReportRecreated:
		return !noRecreate && r == ccefsm.RP6
	case ccefsm.ReportLate:
		return !cached && r == ccefsm.RP5
	case ccefsm.ReportDeleted:
		return !cached && r == ccefsm.RP8
	}
	return false
}

// allPaths lists every path of the topology except the desktops of agents
// whose desktop is up.
func (e *Engine) allPaths() []Path {
	x := &e.top
	t := x.t
	out := []Path{{Kind: PathController}}
	for _, pg := range t.AgentPGs {
		out = append(out, Path{PathPG, pg.ID}, Path{PathPGController, pg.ID})
	}
	for _, p := range x.periphs {
		out = append(out, Path{PathPeripheral, uint32(p)})
	}
	for _, cm := range t.CTIManagers {
		out = append(out, Path{PathCTIManager, cm.ID})
	}
	for _, m := range t.MRPGs {
		out = append(out, Path{PathMRPIMController, m.ID})
	}
	for _, a := range t.Applications {
		out = append(out, Path{PathAppMRPG, uint32(a.ID)}, Path{PathAppCTIServer, uint32(a.ID)})
	}
	for _, f := range t.Finesse {
		out = append(out, Path{PathFinesse, f.ID})
	}
	for a := range e.desktops {
		out = append(out, Path{PathDesktop, uint32(a)})
	}
	return out
}

// afterHorizon reports whether no instant and no window's end lies before
// the horizon (Forget drops them).
func afterHorizon(xs []instant, ws []window, h int64) bool {
	if h == 0 {
		return true
	}
	if len(xs) > 0 && xs[0].at < h {
		return false
	}
	for _, w := range ws {
		if w.to < h {
			return false
		}
	}
	return true
}

func sortedInstants(xs []instant, now int64) bool {
	for i, x := range xs {
		if x.at > now || i > 0 && x.at < xs[i-1].at {
			return false
		}
	}
	return true
}

func sortedWindows(ws []window, now int64) bool {
	for i, w := range ws {
		if w.from > now || w.to != openEnd && (w.to < w.from || w.to > now) || w.to == openEnd && i != len(ws)-1 ||
			i > 0 && w.from < ws[i-1].to {
			return false
		}
	}
	return true
}

// Compile-time checks that the leaves' effects satisfy the shared
// interface the Log hands out.
var (
	_ ccefsm.Effect = (*agentstate.Effect)(nil)
	_ ccefsm.Effect = (*taskstate.Effect)(nil)
	_ ccefsm.Effect = (*routing.Effect)(nil)
	_ ccefsm.Effect = (*routing.ReportEffect)(nil)
	_ ccefsm.Effect = (*Effect)(nil)
)
