package failover

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/taskstate"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The caller's overrides of the engine's inferred choices (issue 9): each
// test runs the same inputs with the default and with the override and
// compares the effects of every input whole, so that the outcomes differ
// exactly as the setting's documentation says.

// RP-2's alignment: by default intervals start at whole multiples of the
// interval from the Unix epoch (:00 and :30 UTC); Topology.IntervalOffset
// moves them. The same PIM outage (09:20 to 09:25) and the same outage of
// the PG's path to the CallRouter (09:50 to 10:20) delete, spoil and delay
// other intervals.
func TestIntervalOffset(t *testing.T) {
	pgCC := Element{Kind: LinkPGController, ID: pg1, Side: ccefsm.SideA}
	for _, tt := range []struct {
		offset             time.Duration
		deleted, late      string
		intervals          []string
		first              time.Time
		pimDown, linkUp    []string
		intervalStartOf920 string
	}{
		{
			offset: 0,
			first:  at(0, 0),
			pimDown: []string{
				"CS-1 path peripheral:5000 down (outage 1)",
				"AG-3 peripheral 5000: side A down",
				"AG-1 peripheral 5000: offline (side A lost) [reports: RP-1]",
				"RP-1 peripheral 5000: interval 2026-03-02T09:00Z deleted (outage 1)",
				"RT-5 row 12 peripheral 5000: voice unavailable",
			},
			deleted: "RP-2 peripheral 5000: interval 2026-03-02T09:00Z inaccurate (outage 1)",
			linkUp: []string{
				"CS-8 path agent-pg-to-cc:1 up (outage 2)",
				"RP-5 peripheral 5000: interval 2026-03-02T09:30Z delivered late (outage 2)",
			},
			intervals:          []string{"09:00 deleted RP-1", "09:30 late RP-5", "10:00 complete none", "10:30 open none"},
			intervalStartOf920: "09:00",
		},
		{
			offset: 15 * time.Minute,
			first:  at(-15, 0),
			pimDown: []string{
				"CS-1 path peripheral:5000 down (outage 1)",
				"AG-3 peripheral 5000: side A down",
				"AG-1 peripheral 5000: offline (side A lost) [reports: RP-1]",
				"RP-1 peripheral 5000: interval 2026-03-02T09:15Z deleted (outage 1)",
				"RT-5 row 12 peripheral 5000: voice unavailable",
			},
			deleted: "RP-2 peripheral 5000: interval 2026-03-02T09:15Z inaccurate (outage 1)",
			linkUp: []string{
				"CS-8 path agent-pg-to-cc:1 up (outage 2)",
				"RP-5 peripheral 5000: interval 2026-03-02T09:45Z delivered late (outage 2)",
			},
			intervals:          []string{"08:45 complete none", "09:15 deleted RP-1", "09:45 late RP-5", "10:15 open none"},
			intervalStartOf920: "09:15",
		},
	} {
		top := refTopology(ccefsm.Simplex)
		top.IntervalOffset = tt.offset
		r := newRig(t, top)
		wantEffects(t, r.down(at(20, 0), pimA), tt.pimDown...)
		wantEffects(t, r.up(at(25, 0), pimA),
			"CS-8 path peripheral:5000 up (outage 1)",
			"AG-3 peripheral 5000: online, side A active",
			tt.deleted,
			"RT-5 row 13 peripheral 5000: voice available",
		)
		wantEffects(t, r.down(at(50, 0), pgCC), "CS-1 path agent-pg-to-cc:1 down (outage 2)")
		wantEffects(t, r.up(at(80, 0), pgCC), tt.linkUp...)
		r.do(Input{Op: OpAdvance, At: at(95, 0)})
		if got := r.e.IntervalStart(t0); !got.Equal(tt.first) {
			t.Errorf("offset %v: IntervalStart(09:00) = %v, want %v", tt.offset, got, tt.first)
		}
		if got := r.e.IntervalStart(at(20, 0)).Format("15:04"); got != tt.intervalStartOf920 {
			t.Errorf("offset %v: IntervalStart(09:20) = %s, want %s", tt.offset, got, tt.intervalStartOf920)
		}
		reps, err := r.e.Intervals(nil, per5000, tt.first, at(120, 0))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, x := range reps {
			got = append(got, x.Start.Format("15:04")+" "+x.Class.String()+" "+x.Rule.String())
		}
		if diff := cmp.Diff(tt.intervals, got); diff != "" {
			t.Errorf("offset %v: intervals (-want +got):\n%s", tt.offset, diff)
		}
		// The engine cannot say what happened before the interval holding
		// its start.
		if _, err := r.e.Intervals(nil, per5000, tt.first.Add(-time.Nanosecond), at(120, 0)); !errors.Is(err, ErrTimeOutOfRange) {
			t.Errorf("offset %v: a range before the first interval: %v", tt.offset, err)
		}
		// The offset travels with the engine's topology and its snapshot.
		back := roundTrip(t, r.e)
		if back.Topology().IntervalOffset != tt.offset {
			t.Errorf("restored offset %v, want %v", back.Topology().IntervalOffset, tt.offset)
		}
	}
}

// IntervalStart and the ledger share one grid, for every offset and
// interval, on both sides of the epoch.
func TestIntervalStartGrid(t *testing.T) {
	for _, iv := range []time.Duration{Interval15, Interval30} {
		for off := time.Duration(0); off < iv; off += time.Minute {
			top := refTopology(ccefsm.Duplex)
			top.Interval, top.IntervalOffset = iv, off
			e, err := New(Config{Topology: top, Start: t0})
			if err != nil {
				t.Fatal(err)
			}
			for _, at := range []time.Time{time.Unix(0, 0), time.Unix(-1, 0), time.Unix(0, 1), t0, t0.Add(off), t0.Add(off - 1), t0.Add(-iv - 7*time.Second), time.Unix(-86400*365*100, 3)} {
				want := time.Unix(0, e.led.intervalStart(at.UnixNano())).UTC()
				got := e.IntervalStart(at)
				if !got.Equal(want) || got.After(at) || !got.Add(iv).After(at) || (got.Sub(time.Unix(0, 0))%iv+iv)%iv != off {
					t.Errorf("interval %v offset %v: IntervalStart(%v) = %v, ledger %v", iv, off, at, got, want)
				}
			}
		}
	}
}

// An offset outside [0, Interval) or not a whole number of minutes is a
// *TopologyError naming the interval offset; nothing is built.
func TestIntervalOffsetInvalid(t *testing.T) {
	for _, tt := range []struct {
		interval, offset time.Duration
		reason           string
	}{
		{0, -time.Minute, "-1m0s is outside [0s, 30m0s)"},
		{0, 30 * time.Minute, "30m0s is outside [0s, 30m0s)"},
		{Interval15, 15 * time.Minute, "15m0s is outside [0s, 15m0s)"},
		{Interval30, 90 * time.Second, "1m30s is not a whole number of minutes"},
		{Interval30, time.Nanosecond, "1ns is not a whole number of minutes"},
	} {
		top := refTopology(ccefsm.Duplex)
		top.Interval, top.IntervalOffset = tt.interval, tt.offset
		e, err := New(Config{Topology: top, Start: t0})
		var te *TopologyError
		if e != nil || !errors.As(err, &te) || !errors.Is(err, ErrInvalidTopology) || te.Where != "interval offset" || te.Reason != tt.reason {
			t.Errorf("interval %v offset %v: New = %v, %v; want a TopologyError at the interval offset: %s", tt.interval, tt.offset, e, err, tt.reason)
		}
	}
}

// A snapshot whose interval offset no topology has is refused, naming the
// field at its byte.
func TestSnapshotRefusesIntervalOffset(t *testing.T) {
	for _, off := range []time.Duration{-time.Minute, Interval30, 90 * time.Second} {
		r := busyRig(t)
		r.e.cfg.Topology.IntervalOffset = off
		err := new(Engine).UnmarshalBinary(reseal(t, r.e))
		var se *ccefsm.SnapshotError
		at := 5 + len(binary.AppendVarint(nil, int64(Interval30))) // the header, the interval
		if !errors.Is(err, ErrCorruptSnapshot) || !errors.As(err, &se) || se.Field != "interval offset" || se.Offset != at {
			t.Errorf("offset %v: %v; want a corrupt snapshot at the interval offset, byte %d", off, err, at)
		}
	}
}

// AG-6's inferred dependency: by default losing the Agent PG's CTI server
// (both sides, the PG itself up) takes the Finesse path down with the
// application's CTI path, logging the PG's agents out of every MRD (AG-6)
// and back in when a side returns (AG-7);
// Config.FinesseWithoutCTIServer leaves Finesse and the agents alone: only
// the application's path goes (AG-8, AG-9).
func TestFinesseWithoutCTIServer(t *testing.T) {
	for _, override := range []bool{false, true} {
		r := newRig(t, refTopology(ccefsm.Duplex), func(c *Config) { c.FinesseWithoutCTIServer = override })
		r.ready(at(0, 0), alice, voice, chat)
		wantEffects(t, r.down(at(10, 0), ctiA), "CS-7 cti-server:1:B takes over")
		down := []string{
			"CS-1 path app-to-cti-server:7 down (outage 1)",
			"CS-1 path finesse:1 down (outage 2)",
			"AG-8 peripheral 5000 MRD 2: CTI path down, agents stay logged in",
			"AG-9 peripheral 5000 MRD 3: CTI path down, agents stay logged in",
			"AG-6 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
			"AG-6 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		}
		up := []string{
			"CS-8 path app-to-cti-server:7 up (outage 1)",
			"CS-8 path finesse:1 up (outage 2)",
			"AG-7 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
			"AG-7 agent 1001 MRD 2: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
			"AG-8 peripheral 5000 MRD 2: CTI path restored",
			"AG-8 peripheral 5000 MRD 3: CTI path restored",
			"AG-9 peripheral 5000 MRD 3: BEGIN_AGENT_INIT_IND (181)",
			"AG-9 peripheral 5000 MRD 3: END_AGENT_INIT_IND (184)",
			"AG-9 peripheral 5000 MRD 3: AGENT_INIT_READY_EVENT (186)",
		}
		state, reason := agentstate.Logout, agentstate.ReasonConnectionFailure
		if override {
			down = []string{down[0], down[2], down[3]}
			up = []string{up[0], up[4], up[5], up[6], up[7], up[8]}
			state, reason = agentstate.Available, agentstate.ReasonNone
		}
		wantEffects(t, r.down(at(11, 0), ctiB), down...)
		if r.pathUp(Path{Kind: PathFinesse, ID: fin1}) != override {
			t.Errorf("override %v: the Finesse path up %v", override, !override)
		}
		r.wantState(alice, voice, state, reason)
		wantEffects(t, r.up(at(15, 0), ctiA), up...)
		r.wantState(alice, chat, agentstate.Available, agentstate.ReasonNone)
		// The setting is kept by a snapshot.
		if back := roundTrip(t, r.e); back.cfg.FinesseWithoutCTIServer != override {
			t.Errorf("restored FinesseWithoutCTIServer %v", back.cfg.FinesseWithoutCTIServer)
		}
	}
}

// AG-8's inferred refusal: by default, while the application cannot reach
// the CTI server, an agent's request in its chat MRD is refused with
// ErrPathDown and changes nothing; with Config.NoPathDownRefusal it is
// applied, and when the path returns the CTI server learns the state of
// each agent whose request it missed, as an observation (AG-10), unless
// the agent logged out meanwhile. A snapshot keeps what it missed; the next
// outage starts afresh.
func TestNoPathDownRefusal(t *testing.T) {
	for _, override := range []bool{false, true} {
		r := newRig(t, refTopology(ccefsm.Duplex), func(c *Config) { c.NoPathDownRefusal = override })
		for _, a := range []ccefsm.AgentID{alice, bob, carl} {
			r.ready(at(0, 0), a, chat)
		}
		wantEffects(t, r.down(at(5, 0), appCTI),
			"CS-1 path app-to-cti-server:7 down (outage 1)",
			"AG-8 peripheral 5000 MRD 2: CTI path down, agents stay logged in",
			"AG-9 peripheral 5000 MRD 3: CTI path down, agents stay logged in",
		)
		r.l.Reset()
		errC := r.e.AgentRequest(&r.l, at(6, 0), carl, chat, agentstate.EventNotReady, 5)
		errB := r.e.AgentRequest(&r.l, at(7, 0), bob, chat, agentstate.EventLogout, 0)
		// An illegal request is refused whatever the setting.
		errA := r.e.AgentRequest(&r.l, at(8, 0), alice, chat, agentstate.EventLogin, 0)
		var ie *InputError
		if !errors.As(errA, &ie) || errors.Is(errA, ErrPathDown) == override {
			t.Errorf("override %v: an illegal request: %v", override, errA)
		}
		up := []string{
			"CS-8 path app-to-cti-server:7 up (outage 1)",
			"AG-8 peripheral 5000 MRD 2: CTI path restored",
			"AG-8 peripheral 5000 MRD 3: CTI path restored",
			"AG-9 peripheral 5000 MRD 3: BEGIN_AGENT_INIT_IND (181)",
			"AG-9 peripheral 5000 MRD 3: END_AGENT_INIT_IND (184)",
			"AG-9 peripheral 5000 MRD 3: AGENT_INIT_READY_EVENT (186)",
		}
		if override {
			if errC != nil || errB != nil {
				t.Fatalf("requests during the outage: %v, %v", errC, errB)
			}
			r.wantState(carl, chat, agentstate.NotReady, 5)
			r.wantState(bob, chat, agentstate.Logout, agentstate.ReasonNone)
			up = append(up[:2:2], append([]string{"AG-10 agent 1003 MRD 2: reported NOT_READY (was NOT_READY), reason 5"}, up[2:]...)...)
		} else {
			if !errors.Is(errC, ErrPathDown) || !errors.Is(errB, ErrPathDown) {
				t.Fatalf("requests during the outage: %v, %v; want ErrPathDown", errC, errB)
			}
			r.wantState(carl, chat, agentstate.Available, agentstate.ReasonNone)
			r.wantState(bob, chat, agentstate.Available, agentstate.ReasonNone)
		}
		// A restored engine remembers what the CTI server missed.
		back := &rig{t: t, e: roundTrip(t, r.e)}
		wantEffects(t, r.up(at(30, 0), appCTI), up...)
		wantEffects(t, back.up(at(30, 0), appCTI), up...)
		s := r.state(carl, chat)
		if override && !s.Since.Equal(at(6, 0)) {
			t.Errorf("carl NOT_READY since %v, want 09:06 (the observation keeps the time in state)", s.Since)
		}
		// The next outage starts afresh: nothing was missed in it.
		r.down(at(40, 0), appCTI)
		wantEffects(t, r.up(at(41, 0), appCTI),
			"CS-8 path app-to-cti-server:7 up (outage 2)",
			"AG-8 peripheral 5000 MRD 2: CTI path restored",
			"AG-8 peripheral 5000 MRD 3: CTI path restored",
			"AG-9 peripheral 5000 MRD 3: BEGIN_AGENT_INIT_IND (181)",
			"AG-9 peripheral 5000 MRD 3: END_AGENT_INIT_IND (184)",
			"AG-9 peripheral 5000 MRD 3: AGENT_INIT_READY_EVENT (186)",
		)
	}
}

// The decoder refuses marks of unheard requests no input sequence leaves:
// one while the path is up, one in an email MRD, one without the setting.
func TestSnapshotRefusesUnheard(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex), func(c *Config) { c.NoPathDownRefusal = true })
	r.ready(at(0, 0), carl, chat)
	k, _ := r.e.countIndex(carl, chat)
	r.e.unheard[int32(k)] = struct{}{} // the path is up
	if err := new(Engine).UnmarshalBinary(reseal(t, r.e)); !errors.Is(err, ErrCorruptSnapshot) || !strings.Contains(err.Error(), "unheard requests") {
		t.Errorf("a mark with the path up: %v", err)
	}
	delete(r.e.unheard, int32(k))
	r.down(at(1, 0), appCTI)
	r.agent(at(2, 0), carl, chat, agentstate.EventNotReady)
	if _, ok := r.e.unheard[int32(k)]; !ok {
		t.Fatal("the request applied during the outage is not marked")
	}
	roundTrip(t, r.e)
	// A mark in the email MRD, whose requests are taken anyway (AG-9).
	ke, _ := r.e.countIndex(carl, email)
	r.e.unheard[int32(ke)] = struct{}{}
	if err := new(Engine).UnmarshalBinary(reseal(t, r.e)); !errors.Is(err, ErrCorruptSnapshot) || !strings.Contains(err.Error(), "unheard requests") {
		t.Errorf("a mark in an email MRD: %v", err)
	}
	delete(r.e.unheard, int32(ke))
	r.e.cfg.NoPathDownRefusal = false
	if err := new(Engine).UnmarshalBinary(reseal(t, r.e)); !errors.Is(err, ErrCorruptSnapshot) || !strings.Contains(err.Error(), "unheard requests") {
		t.Errorf("a mark without the setting: %v", err)
	}
}

// RP-3's inferred scope, with the application's MR PG path down from 09:10
// to 09:20: task 101, which the application assigns itself, task 102,
// created PRE_CALL (an assignment the router cannot have made), and task
// 103, a NEW_TASK from before the outage assigned during it, all complete
// before routing returns. By default only 101 is missing from reports;
// Config.RP3Scope RP3AnyAssignment adds 102 and 103; RP3Off reports all
// three. A task assigned after routing returns (104) is reported whatever
// the setting.
func TestRP3Scope(t *testing.T) {
	for _, tt := range []struct {
		name       string
		set        func(*Config)
		unreported []ccefsm.TaskID
	}{
		{"default", func(*Config) {}, []ccefsm.TaskID{101}},
		{"RP3AnyAssignment", func(c *Config) { c.RP3Scope = RP3AnyAssignment }, []ccefsm.TaskID{101, 102, 103}},
		{"RP3Off", func(c *Config) { c.RP3Scope = RP3Off }, nil},
	} {
		r := newRig(t, refTopology(ccefsm.Duplex), tt.set)
		for _, a := range []ccefsm.AgentID{alice, bob, carl} {
			r.ready(at(0, 0), a, chat)
		}
		r.create(at(1, 0), 103, chat, 0, taskstate.StateNew)
		r.down(at(10, 0), appMRPG)
		wantEffects(t, r.create(at(11, 0), 101, chat, alice, taskstate.StateActive))
		wantEffects(t, r.create(at(11, 0), 102, chat, bob, taskstate.StatePreCall))
		wantEffects(t, r.do(Input{Op: OpTask, At: at(11, 0), TaskOp: TaskAssign, Task: 103, Agent: carl}))
		r.task(at(11, 10), TaskStart, 102, 0) // within the start timeout (TS-7)
		r.task(at(11, 10), TaskStart, 103, 0)
		var reports []TaskReport
		for _, x := range []struct {
			id    ccefsm.TaskID
			agent ccefsm.AgentID
		}{{101, alice}, {102, bob}, {103, carl}} {
			id, agent := x.id, x.agent
			class := "complete"
			if slices.Contains(tt.unreported, id) {
				class = "unreported (RP-3)"
				reports = append(reports, TaskReport{Task: id, App: app7, MRD: chat, Agent: agent,
					Ended: at(15, 0), Disposition: taskstate.NormalEndTask, Class: ccefsm.ReportUnreported, Rule: ccefsm.RP3})
			}
			wantEffects(t, r.task(at(15, 0), TaskEnd, id, 0),
				fmt.Sprintf("task %d (app 7, MRD 2, agent %d): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting %s", id, agent, class))
		}
		r.up(at(20, 0), appMRPG)
		r.create(at(21, 0), 104, chat, alice, taskstate.StatePreCall)
		r.task(at(21, 10), TaskStart, 104, 0)
		wantEffects(t, r.task(at(23, 0), TaskEnd, 104, 0),
			"task 104 (app 7, MRD 2, agent 1001): ended from ACTIVE with 38 DBCD_NORMAL_END_TASK, reporting complete")
		r.wantTasks(0, reports...)
		if back := roundTrip(t, r.e); back.cfg.RP3Scope != r.e.cfg.RP3Scope {
			t.Errorf("%s: restored config %+v", tt.name, back.cfg)
		}
	}
}

// The decoder refuses RP-3 marks under RP3Off, which makes none.
func TestSnapshotRefusesRP3Marks(t *testing.T) {
	r := newRig(t, refTopology(ccefsm.Duplex))
	r.down(at(1, 0), appMRPG)
	r.create(at(2, 0), 101, chat, alice, taskstate.StateActive)
	if len(r.e.rp3) == 0 {
		t.Fatal("the busy engine has no RP-3 mark")
	}
	r.e.cfg.RP3Scope = RP3Off
	if err := new(Engine).UnmarshalBinary(reseal(t, r.e)); !errors.Is(err, ErrCorruptSnapshot) || !strings.Contains(err.Error(), "RP-3 tasks") {
		t.Errorf("an RP-3 mark under RP3Off: %v", err)
	}
}

// A setting that is not a defined value of its type is refused by New,
// with a *TopologyError naming the field (ErrInvalidSetting, of kind
// ccefsm.ErrUnknownValue), and by the snapshot decoder at the setting's
// byte, found as the one byte that differs from the snapshot with the
// setting at its default.
func TestUndefinedSettings(t *testing.T) {
	for _, tt := range []struct {
		where string // the Config field
		field string // the snapshot field
		set   func(*Config, uint8)
	}{
		{"CTIServerClients", "CTI server clients", func(c *Config, v uint8) { c.CTIServerClients = Reconnect(v) }},
		{"RP3Scope", "RP-3 scope", func(c *Config, v uint8) { c.RP3Scope = RP3Scope(v) }},
		{"CTIManagerClients", "CTI Manager clients", func(c *Config, v uint8) { c.CTIManagerClients = Reconnect(v) }},
		{"FinesseClients", "Finesse clients", func(c *Config, v uint8) { c.FinesseClients = Reconnect(v) }},
	} {
		for _, v := range []uint8{3, 255} {
			cfg := Config{Topology: refTopology(ccefsm.Duplex), Start: t0}
			tt.set(&cfg, v)
			e, err := New(cfg)
			var te *TopologyError
			if e != nil || !errors.As(err, &te) || !errors.Is(err, ErrInvalidSetting) || !errors.Is(err, ccefsm.ErrUnknownValue) ||
				te.Where != tt.where || !strings.Contains(err.Error(), "undefined value "+strconv.Itoa(int(v))) {
				t.Errorf("%s %d: New = (engine: %v), %v", tt.where, v, e != nil, err)
			}

			r := busyRig(t)
			good := reseal(t, r.e)
			tt.set(&r.e.cfg, v)
			bad := reseal(t, r.e)
			off := 0
			for off < len(good) && good[off] == bad[off] {
				off++
			}
			if len(good) != len(bad) || off >= len(good)-4 || bad[off] != v {
				t.Fatalf("%s %d: the setting is not one byte of the snapshot (first difference at %d of %d)", tt.where, v, off, len(good))
			}
			err = new(Engine).UnmarshalBinary(bad)
			var se *ccefsm.SnapshotError
			if !errors.Is(err, ErrCorruptSnapshot) || !errors.As(err, &se) || se.Field != tt.field || se.Offset != off ||
				!strings.Contains(se.Reason, "undefined value "+strconv.Itoa(int(v))) {
				t.Errorf("%s %d: decoder: %v, want field %q at offset %d", tt.where, v, err, tt.field, off)
			}
		}
	}
}

// The side a duplex CTI Manager's PIMs use (AG-4, AG-5): by default they
// stay on the backup when the primary returns; Config.CTIManagerClients
// ReconnectFailback moves them back (a takeover: the voice agents logged
// out and in again); ReconnectHomeOnly never uses the backup, the primary's failure
// an outage of the CTI Manager until it returns.
func TestCTIManagerSides(t *testing.T) {
	cmA := Element{Kind: CTIManager, ID: cm1, Side: ccefsm.SideA}
	cmB := Element{Kind: CTIManager, ID: cm1, Side: ccefsm.SideB}
	takeover := func(to string) []string {
		return []string{
			"AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
			"AG-5 cti-manager:1:" + to + " takes over",
			"AG-5 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1",
		}
	}
	lost := func(n int) []string {
		return []string{
			fmt.Sprintf("CS-1 path cti-manager:1 down (outage %d)", n),
			"AG-4 agent 1001 MRD 1: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
		}
	}
	back := func(n int) []string {
		return []string{
			fmt.Sprintf("CS-8 path cti-manager:1 up (outage %d)", n),
			"AG-5 agent 1001 MRD 1: logged in to AVAILABLE (AVAILABLE at failover) by AG-T1 row 1",
		}
	}
	for _, tt := range []struct {
		name string
		set  func(*Config)
		// the effects of: A down, A up, B down, B up
		steps [4][]string
	}{
		{"stay", func(*Config) {}, [4][]string{takeover("B"), nil, takeover("A"), nil}},
		{"failback", func(c *Config) { c.CTIManagerClients = ReconnectFailback }, [4][]string{takeover("B"), takeover("A"), nil, nil}},
		{"home-only", func(c *Config) { c.CTIManagerClients = ReconnectHomeOnly }, [4][]string{lost(1), back(1), nil, nil}},
	} {
		r := newRig(t, refTopology(ccefsm.Duplex), tt.set)
		r.ready(at(0, 0), alice, voice)
		for k, in := range []Input{
			{Op: OpDown, At: at(1, 0), Element: cmA}, {Op: OpUp, At: at(2, 0), Element: cmA},
			{Op: OpDown, At: at(3, 0), Element: cmB}, {Op: OpUp, At: at(4, 0), Element: cmB},
		} {
			if got := r.do(in); !cmp.Equal(got, tt.steps[k], cmpEmpty) {
				t.Errorf("%s, step %d (%v %v): effects (-want +got):\n%s", tt.name, k, in.Op, in.Element, cmp.Diff(tt.steps[k], got, cmpEmpty))
			}
		}
		roundTrip(t, r.e)
	}
	// Home-only: the backup alone never serves.
	r := newRig(t, refTopology(ccefsm.Duplex), func(c *Config) { c.CTIManagerClients = ReconnectHomeOnly })
	r.ready(at(0, 0), alice, voice)
	r.down(at(1, 0), cmB)
	wantEffects(t, r.down(at(2, 0), cmA), lost(1)...)
	wantEffects(t, r.up(at(3, 0), cmB))
	wantEffects(t, r.up(at(4, 0), cmA), back(1)...)
}

// The same choice for a Finesse pair's desktops (AG-6, AG-7).
func TestFinesseSides(t *testing.T) {
	finA := Element{Kind: Finesse, ID: fin1, Side: ccefsm.SideA}
	finB := Element{Kind: Finesse, ID: fin1, Side: ccefsm.SideB}
	takeover := func(to string) []string {
		return []string{
			"AG-6 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]",
			"AG-7 finesse:1:" + to + " takes over",
			"AG-7 agent 1001 MRD 2: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1",
		}
	}
	for _, tt := range []struct {
		name  string
		set   func(*Config)
		steps [4][]string
	}{
		{"stay", func(*Config) {}, [4][]string{takeover("B"), nil, takeover("A"), nil}},
		{"failback", func(c *Config) { c.FinesseClients = ReconnectFailback }, [4][]string{takeover("B"), takeover("A"), nil, nil}},
		{"home-only", func(c *Config) { c.FinesseClients = ReconnectHomeOnly }, [4][]string{
			{"CS-1 path finesse:1 down (outage 1)", "AG-6 agent 1001 MRD 2: logged out from AVAILABLE, reason 50002 [reports: RP-7]"},
			{"CS-8 path finesse:1 up (outage 1)", "AG-7 agent 1001 MRD 2: logged in to AVAILABLE (AVAILABLE at failover) by AG-T2 row 1"},
			nil, nil}},
	} {
		r := newRig(t, refTopology(ccefsm.Duplex), tt.set)
		r.ready(at(0, 0), alice, chat)
		for k, in := range []Input{
			{Op: OpDown, At: at(1, 0), Element: finA}, {Op: OpUp, At: at(2, 0), Element: finA},
			{Op: OpDown, At: at(3, 0), Element: finB}, {Op: OpUp, At: at(4, 0), Element: finB},
		} {
			if got := r.do(in); !cmp.Equal(got, tt.steps[k], cmpEmpty) {
				t.Errorf("%s, step %d (%v %v): effects (-want +got):\n%s", tt.name, k, in.Op, in.Element, cmp.Diff(tt.steps[k], got, cmpEmpty))
			}
		}
		roundTrip(t, r.e)
	}
}

// cmpEmpty makes a nil and an empty effect list equal.
var cmpEmpty = cmpopts.EquateEmpty()

// RP-6's inferred success can be overridden: by default an email task
// that spans an outage of its application's CTI path, and one assigned
// and completed within it, end recreated (the email manager's
// resynchronisation rebuilds their history); with
// Config.NoHistoryRecreation the first ends partial and the second
// unreported, both by RP-6. A chat task spanning the same outage is
// partial by RP-4 either way. The setting survives a snapshot, and the
// decoder refuses an engine whose store disagrees with it.
func TestNoHistoryRecreation(t *testing.T) {
	type row struct {
		task  ccefsm.TaskID
		class ccefsm.ReportClass
		rule  ccefsm.RuleID
	}
	run := func(override bool) (*rig, []row) {
		r := newRig(t, refTopology(ccefsm.Duplex), func(c *Config) { c.NoHistoryRecreation = override })
		r.ready(at(0, 0), alice, email)
		r.ready(at(0, 0), bob, chat)
		r.do(Input{Op: OpCreateTask, At: at(1, 0), Task: 1, App: app7, MRD: email, Agent: alice, TaskState: taskstate.StateActive})
		r.do(Input{Op: OpCreateTask, At: at(1, 0), Task: 2, App: app7, MRD: chat, Agent: bob, TaskState: taskstate.StateActive})
		r.down(at(5, 0), appCTI)
		r.do(Input{Op: OpCreateTask, At: at(6, 0), Task: 3, App: app7, MRD: email, Agent: alice, TaskState: taskstate.StateActive})
		r.do(Input{Op: OpTask, At: at(7, 0), TaskOp: TaskEnd, Task: 3})
		r.up(at(8, 0), appCTI)
		r.do(Input{Op: OpTask, At: at(9, 0), TaskOp: TaskEnd, Task: 1})
		r.do(Input{Op: OpTask, At: at(9, 0), TaskOp: TaskEnd, Task: 2})
		var got []row
		for _, tr := range r.e.Tasks(nil) {
			got = append(got, row{tr.Task, tr.Class, tr.Rule})
		}
		return r, got
	}
	_, def := run(false)
	want := []row{{3, ccefsm.ReportRecreated, ccefsm.RP6}, {1, ccefsm.ReportRecreated, ccefsm.RP6}, {2, ccefsm.ReportPartial, ccefsm.RP4}}
	if diff := cmp.Diff(want, def, cmp.AllowUnexported(row{})); diff != "" {
		t.Errorf("default (-want +got):\n%s", diff)
	}
	r, over := run(true)
	want = []row{{3, ccefsm.ReportUnreported, ccefsm.RP6}, {1, ccefsm.ReportPartial, ccefsm.RP6}, {2, ccefsm.ReportPartial, ccefsm.RP4}}
	if diff := cmp.Diff(want, over, cmp.AllowUnexported(row{})); diff != "" {
		t.Errorf("NoHistoryRecreation (-want +got):\n%s", diff)
	}
	e2 := roundTrip(t, r.e)
	if !e2.cfg.NoHistoryRecreation || !e2.store.NoHistoryRecreation() {
		t.Error("the restored engine lost NoHistoryRecreation")
	}
	// The engine's setting and its store's must agree.
	e2.cfg.NoHistoryRecreation = false
	bad, err := e2.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var se *ccefsm.SnapshotError
	if err := new(Engine).UnmarshalBinary(bad); !errors.As(err, &se) || se.Field != "task store" {
		t.Errorf("an engine whose store disagrees on NoHistoryRecreation: %v, want a refusal at the task store", err)
	}
}
