package scenario

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
	"go.yaml.in/yaml/v3"
)

// Decode reads a scenario file. file names it in errors (a path, or any
// label); data is its content. It refuses, with an [*Error] naming the
// file, line, column and field, anything that is not a scenario of the
// format described in the package documentation: unknown fields, missing
// ones, bad instants and durations, unknown names, references to elements
// the topology lacks, duplicate IDs, inputs out of time order, a topology
// the engine refuses (failover.TopologyError, reported at the line of the
// offending element) and expectations that name nothing. Decode does no
// I/O.
func Decode(file string, data []byte) (sc *Scenario, err error) {
	d := &decoder{file: file}
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(failure)
			if !ok {
				panic(r)
			}
			sc, err = nil, f.err
		}
	}()
	return d.scenario(d.parse(data)), nil
}

// topoPlace is where a topology element was written, under the name the
// engine's TopologyError gives it ("agent PG 1, peripheral 5000").
type topoPlace struct {
	where string
	node  *yaml.Node
	field string
}

// decState is what the decoding of one file keeps besides the scenario.
type decState struct {
	*decoder
	sc      *Scenario
	start   time.Time
	places  []topoPlace
	probe   *failover.Engine // validates references against the topology
	mrds    map[ccefsm.MRDID]ccefsm.MRD
	servers map[ccefsm.MRDID]ccefsm.AppID
	periphs map[ccefsm.PeripheralID]bool
	created map[ccefsm.TaskID]bool
	sent    map[[2]uint64]bool // app, request
}

func (d *decoder) scenario(root *yaml.Node) *Scenario {
	s := &decState{decoder: d, sc: &Scenario{File: d.file},
		created: map[ccefsm.TaskID]bool{}, sent: map[[2]uint64]bool{}}
	top := d.mapping(root, "", "name", "description", "start", "settings", "topology", "timeline", "expect")
	s.sc.Name = d.str(top.need("name"), "name")
	if n := top.get("description"); n != nil {
		s.sc.Description = d.str(n, "description")
	}
	s.start = d.absolute(top.need("start"), "start")
	s.sc.Config.Start = s.start
	topo := top.need("topology")
	s.topology(topo)
	if n := top.get("settings"); n != nil {
		s.settings(n)
	}
	s.build(topo)
	s.timeline(top.need("timeline"))
	if n := top.get("expect"); n != nil {
		s.expectations(n)
	}
	return s.sc
}

// build creates the probe engine, which validates the topology and
// settings, and maps a refusal to the line of the element at fault.
func (s *decState) build(topo *yaml.Node) {
	e, err := failover.New(s.sc.Config)
	if err == nil {
		s.probe = e
		s.mrds = map[ccefsm.MRDID]ccefsm.MRD{}
		for _, m := range s.sc.Config.Topology.MRDs {
			s.mrds[m.ID] = m
		}
		s.servers = map[ccefsm.MRDID]ccefsm.AppID{}
		for _, a := range s.sc.Config.Topology.Applications {
			for _, m := range a.MRDs {
				s.servers[m] = a.ID
			}
		}
		s.periphs = map[ccefsm.PeripheralID]bool{}
		for _, pg := range s.sc.Config.Topology.AgentPGs {
			for _, p := range pg.Peripherals {
				s.periphs[p] = true
			}
		}
		return
	}
	var te *failover.TopologyError
	if !errors.As(err, &te) {
		s.fail(topo, "topology", ErrInvalidTopology, err, err.Error())
	}
	sentinel := ErrInvalidTopology
	switch {
	case errors.Is(te.Err, failover.ErrUnknownElement):
		sentinel = ErrUnknownElement
	case errors.Is(te.Err, failover.ErrDuplicateElement):
		sentinel = ErrDuplicateID
	}
	node, field := topo, "topology"
	var found []topoPlace
	for _, p := range s.places {
		if p.where == te.Where {
			found = append(found, p)
		}
	}
	if len(found) > 0 {
		p := found[0]
		if te.Reason == "defined twice" { // reported at the second definition
			p = found[1]
		}
		node, field = p.node, p.field
	}
	s.fail(node, field, sentinel, err, te.Where+": "+te.Reason)
}

func (s *decState) place(where string, n *yaml.Node, field string) {
	s.places = append(s.places, topoPlace{where: where, node: n, field: field})
}

func u32(v uint32) string { return strconv.FormatUint(uint64(v), 10) }

func (s *decState) redundancy(f *fields, k string) ccefsm.Redundancy {
	var r ccefsm.Redundancy
	if n := f.get(k); n != nil {
		s.text(n, f.sub(k), &r, "simplex or duplex")
	}
	return r
}

// topology reads the topology section into s.sc.Config.Topology.
func (s *decState) topology(n *yaml.Node) {
	t := &s.sc.Config.Topology
	f := s.mapping(n, "topology", "interval", "interval-offset", "central-controller", "mrds", "agent-pgs", "cti-managers", "mr-pgs",
		"applications", "finesse", "agents")
	if v := f.get("interval"); v != nil {
		t.Interval = s.duration(v, "topology.interval", 0)
		s.place("interval", v, "topology.interval")
	}
	if v := f.get("interval-offset"); v != nil {
		t.IntervalOffset = s.duration(v, "topology.interval-offset", 0)
		s.place("interval offset", v, "topology.interval-offset")
	}
	t.CentralController = s.redundancy(f, "central-controller")
	mrds := f.need("mrds")
	s.place("MRDs", mrds, "topology.mrds")
	for i, it := range s.list(mrds, "topology.mrds") {
		t.MRDs = append(t.MRDs, s.mrd(it, index("topology.mrds", i)))
	}
	if v := f.get("agent-pgs"); v != nil {
		for i, it := range s.list(v, "topology.agent-pgs") {
			p := index("topology.agent-pgs", i)
			g := s.mapping(it, p, "id", "redundancy", "peripherals")
			pg := failover.AgentPGConfig{ID: s.id(g.need("id"), g.sub("id")), Redundancy: s.redundancy(g, "redundancy")}
			where := "agent PG " + u32(pg.ID)
			s.place(where, it, p)
			if ps := g.get("peripherals"); ps != nil {
				for j, pn := range s.list(ps, g.sub("peripherals")) {
					q := index(g.sub("peripherals"), j)
					id := s.id(pn, q)
					s.place(where+", peripheral "+u32(id), pn, q)
					pg.Peripherals = append(pg.Peripherals, ccefsm.PeripheralID(id))
				}
			}
			t.AgentPGs = append(t.AgentPGs, pg)
		}
	}
	if v := f.get("cti-managers"); v != nil {
		for i, it := range s.list(v, "topology.cti-managers") {
			p := index("topology.cti-managers", i)
			g := s.mapping(it, p, "id", "redundancy", "peripherals")
			cm := failover.CTIManagerConfig{ID: s.id(g.need("id"), g.sub("id")), Redundancy: s.redundancy(g, "redundancy")}
			where := "CTI Manager " + u32(cm.ID)
			s.place(where, it, p)
			for j, pn := range s.list(g.need("peripherals"), g.sub("peripherals")) {
				q := index(g.sub("peripherals"), j)
				id := s.id(pn, q)
				s.place(where+", peripheral "+u32(id), pn, q)
				cm.Peripherals = append(cm.Peripherals, ccefsm.PeripheralID(id))
			}
			t.CTIManagers = append(t.CTIManagers, cm)
		}
	}
	if v := f.get("mr-pgs"); v != nil {
		for i, it := range s.list(v, "topology.mr-pgs") {
			p := index("topology.mr-pgs", i)
			g := s.mapping(it, p, "id", "redundancy")
			m := failover.MRPGConfig{ID: s.id(g.need("id"), g.sub("id")), Redundancy: s.redundancy(g, "redundancy")}
			s.place("MR PG "+u32(m.ID), it, p)
			t.MRPGs = append(t.MRPGs, m)
		}
	}
	if v := f.get("applications"); v != nil {
		for i, it := range s.list(v, "topology.applications") {
			p := index("topology.applications", i)
			g := s.mapping(it, p, "id", "mrds", "agent-pg", "mr-pg")
			a := failover.ApplicationConfig{ID: ccefsm.AppID(s.id(g.need("id"), g.sub("id"))),
				AgentPG: s.id(g.need("agent-pg"), g.sub("agent-pg")), MRPG: s.id(g.need("mr-pg"), g.sub("mr-pg"))}
			where := "application " + u32(uint32(a.ID))
			s.place(where, it, p)
			for j, mn := range s.list(g.need("mrds"), g.sub("mrds")) {
				q := index(g.sub("mrds"), j)
				id := s.id(mn, q)
				s.place(where+", MRD "+u32(id), mn, q)
				a.MRDs = append(a.MRDs, ccefsm.MRDID(id))
			}
			t.Applications = append(t.Applications, a)
		}
	}
	if v := f.get("finesse"); v != nil {
		for i, it := range s.list(v, "topology.finesse") {
			p := index("topology.finesse", i)
			g := s.mapping(it, p, "id", "redundancy", "agent-pg")
			fc := failover.FinesseConfig{ID: s.id(g.need("id"), g.sub("id")), Redundancy: s.redundancy(g, "redundancy"),
				AgentPG: s.id(g.need("agent-pg"), g.sub("agent-pg"))}
			s.place("Finesse "+u32(fc.ID), it, p)
			t.Finesse = append(t.Finesse, fc)
		}
	}
	if v := f.get("agents"); v != nil {
		for i, it := range s.list(v, "topology.agents") {
			p := index("topology.agents", i)
			g := s.mapping(it, p, "id", "peripheral", "skill-groups", "team")
			a := failover.AgentConfig{ID: ccefsm.AgentID(s.id(g.need("id"), g.sub("id"))),
				Peripheral: ccefsm.PeripheralID(s.id(g.need("peripheral"), g.sub("peripheral")))}
			if sg := g.get("skill-groups"); sg != nil {
				a.SkillGroups = s.ids(sg, g.sub("skill-groups"))
			}
			if tn := g.get("team"); tn != nil {
				a.Team = s.id(tn, g.sub("team"))
			}
			s.place("agent "+u32(uint32(a.ID)), it, p)
			t.Agents = append(t.Agents, a)
		}
	}
}

// mrdFields maps the fields of ccefsm.MRD that Validate names to the keys
// of the file.
var mrdFields = map[string]string{
	"ID": "id", "Media": "media", "TaskLife": "task-life", "StartTimeout": "start-timeout", "MaxDuration": "max-duration",
	"TimeLimit": "time-limit", "NoTimeLimitCut": "time-limit-cut", "MaxTasksPerAgent": "max-tasks",
}

func (s *decState) mrd(n *yaml.Node, p string) ccefsm.MRD {
	g := s.mapping(n, p, "id", "media", "task-life", "start-timeout", "max-duration", "time-limit", "time-limit-cut",
		"interruptible", "max-tasks")
	id := ccefsm.MRDID(s.id(g.need("id"), g.sub("id")))
	var media ccefsm.MediaKind
	s.text(g.need("media"), g.sub("media"), &media, "a media kind (voice, chat, email or other)")
	m := ccefsm.NewMRD(id, media)
	dur := map[string]*time.Duration{"task-life": &m.TaskLife, "start-timeout": &m.StartTimeout,
		"max-duration": &m.MaxDuration, "time-limit": &m.TimeLimit}
	for _, k := range g.keys {
		v := g.get(k)
		switch k {
		case "task-life", "start-timeout", "max-duration", "time-limit":
			*dur[k] = s.duration(v, g.sub(k), 0)
		case "time-limit-cut":
			m.NoTimeLimitCut = !s.boolean(v, g.sub(k))
		case "interruptible":
			m.Interruptible = s.boolean(v, g.sub(k))
		case "max-tasks":
			m.MaxTasksPerAgent = uint8(s.uint(v, g.sub(k), 8))
		}
	}
	if err := m.Validate(); err != nil {
		var me *ccefsm.MRDError
		key := "id"
		if errors.As(err, &me) {
			key = mrdFields[me.Field]
		}
		at := g.get(key)
		if at == nil {
			at = n
		}
		s.fail(at, g.sub(key), ErrInvalidTopology, err, err.Error())
	}
	s.place("MRD "+u32(uint32(id)), n, p)
	return m
}

// settings reads the engine's settings and table overrides into
// s.sc.Config.
func (s *decState) settings(n *yaml.Node) {
	c := &s.sc.Config
	f := s.mapping(n, "settings", "preferred-side", "auto-relogin", "cti-manager-scope", "task-id-refusal",
		"cti-server-clients", "cti-manager-clients", "finesse-clients", "finesse-via-cti-server", "path-down-refusal", "rp3-scope", "history-recreation", "pg-table", "desktop-table", "task-table", "routing")
	for _, k := range f.keys {
		v, p := f.get(k), f.sub(k)
		switch k {
		case "preferred-side":
			switch s.scalar(v, p) {
			case "A":
				c.PreferredSide = ccefsm.SideA
			case "B":
				c.PreferredSide = ccefsm.SideB
			default:
				s.fail(v, p, ErrInvalidValue, nil, strconv.Quote(v.Value)+" is not a side (A or B)")
			}
		case "auto-relogin":
			c.NoAutoRelogin = !s.boolean(v, p)
		case "cti-manager-scope":
			switch s.scalar(v, p) {
			case "voice":
				c.CTIManagerAllMRDs = false
			case "all-mrds":
				c.CTIManagerAllMRDs = true
			default:
				s.fail(v, p, ErrInvalidValue, nil, strconv.Quote(v.Value)+" is not a CTI Manager scope (voice or all-mrds)")
			}
		case "task-id-refusal":
			c.NoTaskIDRefusal = !s.boolean(v, p)
		case "history-recreation":
			c.NoHistoryRecreation = !s.boolean(v, p)
		case "cti-server-clients":
			s.text(v, p, &c.CTIServerClients, "a CTI server client policy"+reconnectTexts)
		case "cti-manager-clients":
			s.text(v, p, &c.CTIManagerClients, "a CTI Manager client policy"+reconnectTexts)
		case "finesse-clients":
			s.text(v, p, &c.FinesseClients, "a Finesse client policy"+reconnectTexts)
		case "finesse-via-cti-server":
			c.FinesseWithoutCTIServer = !s.boolean(v, p)
		case "path-down-refusal":
			c.NoPathDownRefusal = !s.boolean(v, p)
		case "rp3-scope":
			s.text(v, p, &c.RP3Scope, "an RP-3 scope (self-assigned, any-assignment or off)")
		case "pg-table", "desktop-table":
			t := agentstate.PGTable()
			if k == "desktop-table" {
				t = agentstate.DesktopTable()
			}
			for i, it := range s.list(v, p) {
				q := index(p, i)
				g := s.mapping(it, q, "row", "after")
				row := int(s.uint(g.need("row"), g.sub("row"), 8))
				out := s.outcome(g.need("after"), g.sub("after"))
				if err := t.Override(row, out); err != nil {
					s.fail(it, q, ErrInvalidTopology, err, err.Error())
				}
			}
			if k == "pg-table" {
				c.PGTable = &t
			} else {
				c.DesktopTable = &t
			}
		case "task-table":
			t := taskstate.DefaultTable()
			for i, it := range s.list(v, p) {
				q := index(p, i)
				g := s.mapping(it, q, "from", "event", "disposition")
				var st taskstate.State
				s.text(g.need("from"), g.sub("from"), &st, "a task state (NEW, PRE_CALL, OFFERED, ACTIVE, PAUSED, WRAPUP, CLOSING)")
				var ev taskstate.Event
				s.text(g.need("event"), g.sub("event"), &ev, "a task event (end, max-duration, task-life, start-timeout, reinit, …)")
				disp := s.disposition(g.need("disposition"), g.sub("disposition"))
				if err := t.SetDisposition(st, ev, disp); err != nil {
					s.fail(it, q, ErrInvalidTopology, err, err.Error())
				}
			}
			c.TaskTable = t
		case "routing":
			for i, it := range s.list(v, p) {
				q := index(p, i)
				g := s.mapping(it, q, "row", "action")
				row := int(s.uint(g.need("row"), g.sub("row"), 8))
				var a routing.Action
				s.text(g.need("action"), g.sub("action"), &a, "a routing action (hold, reject, fail, lose, …)")
				if err := c.Policy.Set(row, a); err != nil {
					s.fail(it, q, ErrInvalidTopology, err, err.Error())
				}
			}
		}
	}
}

// reconnectTexts lists the text forms of failover.Reconnect, for the
// error that refuses another.
const reconnectTexts = " (stay, failback or home-only)"

// outcome reads the "after" of a failover table row: a state name,
// "unchanged" or "from tasks".
func (s *decState) outcome(n *yaml.Node, p string) agentstate.Outcome {
	switch v := s.scalar(n, p); v {
	case "unchanged":
		return agentstate.Outcome{Kind: agentstate.OutcomeKeep}
	case "from tasks":
		return agentstate.Outcome{Kind: agentstate.OutcomeTasks}
	}
	var st agentstate.State
	s.text(n, p, &st, "an agent state, \"unchanged\" or \"from tasks\"")
	return agentstate.To(st)
}

// disposition reads a CallDisposition by its DBCD_ name or its number.
func (s *decState) disposition(n *yaml.Node, p string) taskstate.Disposition {
	v := s.scalar(n, p)
	if num, err := strconv.ParseUint(v, 10, 8); err == nil {
		d := taskstate.Disposition(num)
		if !d.IsValid() || v != strconv.FormatUint(num, 10) {
			s.fail(n, p, ErrInvalidValue, nil, v+" is not a CallDisposition (1-65)")
		}
		return d
	}
	var d taskstate.Disposition
	s.text(n, p, &d, "a CallDisposition (a DBCD_ name or a number 1-65)")
	return d
}

// timeline reads the inputs and checks their references and order.
func (s *decState) timeline(n *yaml.Node) {
	prev := s.start
	for i, it := range s.list(n, "timeline") {
		p := index("timeline", i)
		opNode := s.lookup(it, p, "op")
		if opNode == nil {
			s.fail(it, p+".op", ErrMissingField, nil, "missing field \"op\" ("+opNames()+")")
		}
		var op failover.Op
		s.text(opNode, p+".op", &op, "an operation ("+opNames()+")")
		f := s.mapping(it, p, append([]string{"at", "op", "note"}, opFields[op]...)...)
		atNode := f.need("at")
		at := s.instant(atNode, f.sub("at"), s.start, 0)
		if at.Before(prev) {
			s.fail(atNode, f.sub("at"), ErrTimeOrder, nil, at.Format(time.RFC3339Nano)+" is before the entry above it ("+
				prev.Format(time.RFC3339Nano)+"): the timeline is in time order")
		}
		prev = at
		en := Entry{Input: failover.Input{Op: op, At: at}, Line: it.Line}
		if v := f.get("note"); v != nil {
			en.Note = s.str(v, f.sub("note"))
		}
		s.input(f, &en.Input)
		s.sc.Timeline = append(s.sc.Timeline, en)
	}
}

// opFields lists the fields each operation takes besides at, op and note.
var opFields = map[failover.Op][]string{
	failover.OpDown:         {"element"},
	failover.OpUp:           {"element"},
	failover.OpAdvance:      {},
	failover.OpAgentRequest: {"agent", "mrd", "event", "reason"},
	failover.OpAgentObserve: {"agent", "mrd", "state", "reason"},
	failover.OpReportStates: {"peripheral", "reports"},
	failover.OpCreateTask:   {"task", "app", "mrd", "agent", "state"},
	failover.OpTask:         {"task", "event", "agent", "disposition"},
	failover.OpSendRequest:  {"app", "request", "mrd"},
	failover.OpResponse:     {"app", "request", "outcome"},
}

func opNames() string {
	var names []string
	for op := failover.OpDown; op <= failover.OpResponse; op++ {
		names = append(names, op.String())
	}
	return strings.Join(names, ", ")
}

// input reads the operation's fields into in, checking every reference
// against the topology and the entries above.
func (s *decState) input(f *fields, in *failover.Input) {
	switch in.Op {
	case failover.OpDown, failover.OpUp:
		in.Element = s.element(f.need("element"), f.sub("element"))
	case failover.OpAgentRequest:
		in.Agent, in.MRD = s.agentMRD(f)
		s.text(f.need("event"), f.sub("event"), &in.Event, "an agent event (LOGIN, READY, NOT_READY, LOGOUT, RESERVE, ANSWER, …)")
		in.Reason = s.reason(f)
	case failover.OpAgentObserve:
		in.Agent, in.MRD = s.agentMRD(f)
		s.text(f.need("state"), f.sub("state"), &in.State, "an agent state (AVAILABLE, NOT_READY, TALKING, …)")
		in.Reason = s.reason(f)
	case failover.OpReportStates:
		pn := f.need("peripheral")
		in.Peripheral = ccefsm.PeripheralID(s.id(pn, f.sub("peripheral")))
		if !s.periphs[in.Peripheral] {
			s.fail(pn, f.sub("peripheral"), ErrUnknownElement, nil, "peripheral "+u32(uint32(in.Peripheral))+" is on no agent PG of the topology")
		}
		for i, rn := range s.list(f.need("reports"), f.sub("reports")) {
			q := index(f.sub("reports"), i)
			g := s.mapping(rn, q, "agent", "mrd", "state", "reason", "in-state")
			var r agentstate.Report
			r.Agent, r.MRD = s.agentMRD(g)
			s.text(g.need("state"), g.sub("state"), &r.State, "an agent state (AVAILABLE, NOT_READY, TALKING, …)")
			r.Reason = s.reason(g)
			if v := g.get("in-state"); v != nil {
				r.InState = s.duration(v, g.sub("in-state"), 0)
			}
			in.Reports = append(in.Reports, r)
		}
	case failover.OpCreateTask:
		tn := f.need("task")
		in.Task = ccefsm.TaskID(s.id64(tn, f.sub("task")))
		if s.created[in.Task] {
			s.fail(tn, f.sub("task"), ErrDuplicateID, nil, "task "+strconv.FormatUint(uint64(in.Task), 10)+" is created twice")
		}
		in.App, in.MRD = s.appMRD(f)
		sn := f.need("state")
		s.text(sn, f.sub("state"), &in.TaskState, "a task state")
		switch in.TaskState {
		case taskstate.StateNew:
			if f.has("agent") {
				s.fail(f.get("agent"), f.sub("agent"), ErrUnknownField, nil, "a NEW task has no agent yet (the router picks one)")
			}
		case taskstate.StatePreCall, taskstate.StateOffered, taskstate.StateActive:
			in.Agent = s.agent(f.need("agent"), f.sub("agent"))
		default:
			s.fail(sn, f.sub("state"), ErrInvalidValue, nil, "a task begins in NEW, PRE_CALL, OFFERED or ACTIVE, not "+in.TaskState.String())
		}
		s.created[in.Task] = true
	case failover.OpTask:
		in.Task = s.task(f.need("task"), f.sub("task"))
		s.text(f.need("event"), f.sub("event"), &in.TaskOp, "a task input (assign, offer, start, pause, resume, wrap-up, end)")
		if in.TaskOp == failover.TaskAssign {
			in.Agent = s.agent(f.need("agent"), f.sub("agent"))
		} else if f.has("agent") {
			s.fail(f.get("agent"), f.sub("agent"), ErrUnknownField, nil, "only assign names an agent")
		}
		if v := f.get("disposition"); v != nil {
			if in.TaskOp != failover.TaskEnd {
				s.fail(v, f.sub("disposition"), ErrUnknownField, nil, "only end takes a disposition")
			}
			in.Disposition = s.disposition(v, f.sub("disposition"))
		}
	case failover.OpSendRequest:
		in.App, in.MRD = s.appMRD(f)
		rn := f.need("request")
		in.Request = ccefsm.RequestID(s.id64(rn, f.sub("request")))
		k := [2]uint64{uint64(in.App), uint64(in.Request)}
		if s.sent[k] {
			s.fail(rn, f.sub("request"), ErrDuplicateID, nil, "application "+u32(uint32(in.App))+" sends request "+
				strconv.FormatUint(uint64(in.Request), 10)+" twice")
		}
		s.sent[k] = true
	case failover.OpResponse:
		in.App = s.app(f.need("app"), f.sub("app"))
		in.Request = s.request(f, in.App)
		s.text(f.need("outcome"), f.sub("outcome"), &in.Outcome, "an outcome (DO_THIS_WITH_TASK or NEW_TASK_FAILURE)")
	}
}

// element reads an element's text form and checks that the topology has
// it.
func (s *decState) element(n *yaml.Node, p string) failover.Element {
	var el failover.Element
	s.text(n, p, &el, "an element such as pim:5000:A, acd:5000, app:7, link-app-cti:7 or central-controller:B")
	if _, err := s.probe.IsDown(el); err != nil {
		s.fail(n, p, ErrUnknownElement, err, el.String()+" is not in the topology")
	}
	return el
}

func (s *decState) agent(n *yaml.Node, p string) ccefsm.AgentID {
	a := ccefsm.AgentID(s.id(n, p))
	if _, err := s.probe.Roster().PeripheralOf(a); err != nil {
		s.fail(n, p, ErrUnknownElement, err, "agent "+u32(uint32(a))+" is not in the topology")
	}
	return a
}

func (s *decState) mrdID(n *yaml.Node, p string) ccefsm.MRDID {
	m := ccefsm.MRDID(s.id(n, p))
	if _, ok := s.mrds[m]; !ok {
		s.fail(n, p, ErrUnknownElement, nil, "MRD "+u32(uint32(m))+" is not in the topology")
	}
	return m
}

func (s *decState) agentMRD(f *fields) (ccefsm.AgentID, ccefsm.MRDID) {
	return s.agent(f.need("agent"), f.sub("agent")), s.mrdID(f.need("mrd"), f.sub("mrd"))
}

func (s *decState) app(n *yaml.Node, p string) ccefsm.AppID {
	a := ccefsm.AppID(s.id(n, p))
	if _, err := s.probe.Conn(a); err != nil {
		s.fail(n, p, ErrUnknownElement, err, "application "+u32(uint32(a))+" is not in the topology")
	}
	return a
}

// appMRD reads an application and an MRD it serves.
func (s *decState) appMRD(f *fields) (ccefsm.AppID, ccefsm.MRDID) {
	a := s.app(f.need("app"), f.sub("app"))
	mn := f.need("mrd")
	m := s.mrdID(mn, f.sub("mrd"))
	if s.servers[m] != a {
		s.fail(mn, f.sub("mrd"), ErrUnknownElement, nil, "MRD "+u32(uint32(m))+" is not served by application "+u32(uint32(a)))
	}
	return a, m
}

// task reads the ID of a task an entry above creates.
func (s *decState) task(n *yaml.Node, p string) ccefsm.TaskID {
	t := ccefsm.TaskID(s.id64(n, p))
	if !s.created[t] {
		s.fail(n, p, ErrUnknownElement, nil, "task "+strconv.FormatUint(uint64(t), 10)+" is created by no entry above")
	}
	return t
}

// request reads the ID of a request application app sends in an entry
// above.
func (s *decState) request(f *fields, app ccefsm.AppID) ccefsm.RequestID {
	n := f.need("request")
	r := ccefsm.RequestID(s.id64(n, f.sub("request")))
	if !s.sent[[2]uint64{uint64(app), uint64(r)}] {
		s.fail(n, f.sub("request"), ErrUnknownElement, nil, "application "+u32(uint32(app))+" sends no request "+
			strconv.FormatUint(uint64(r), 10)+" above")
	}
	return r
}

func (s *decState) reason(f *fields) agentstate.ReasonCode {
	var r agentstate.ReasonCode
	if n := f.get("reason"); n != nil {
		s.text(n, f.sub("reason"), &r, "a reason code (a number from -32768 to 65535)")
	}
	return r
}
