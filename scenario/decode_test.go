package scenario_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/scenario"
	"github.com/google/go-cmp/cmp"
)

// base is a small valid scenario; the error cases change one thing in it.
const base = `name: test
start: 2026-03-02T09:00:00Z
settings:
  auto-relogin: true
topology:
  central-controller: duplex
  mrds:
    - {id: 1, media: voice}
    - {id: 2, media: chat}
  agent-pgs:
    - {id: 1, redundancy: duplex, peripherals: [5000]}
  mr-pgs:
    - {id: 2}
  applications:
    - {id: 7, mrds: [2], agent-pg: 1, mr-pg: 2}
  agents:
    - {id: 1001, peripheral: 5000}
timeline:
  - {at: 0s, op: agent-request, agent: 1001, mrd: 1, event: LOGIN}
  - {at: 1m, op: send-request, app: 7, request: 1, mrd: 2}
  - {at: 2m, op: create-task, task: 101, app: 7, mrd: 2, agent: 1001, state: ACTIVE}
expect:
  - {at: 1m, agent: 1001, mrd: 1, state: NOT_READY}
`

func TestDecodeBase(t *testing.T) {
	sc, err := scenario.Decode("base.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "test" || len(sc.Timeline) != 3 || len(sc.Expect) != 1 || sc.Timeline[2].Line != 21 || sc.Expect[0].Line != 23 {
		t.Errorf("decoded %+v", sc)
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	want := failover.Input{Op: failover.OpSendRequest, At: start.Add(time.Minute), App: 7, Request: 1, MRD: 2}
	if diff := cmp.Diff(want, sc.Timeline[1].Input); diff != "" {
		t.Errorf("input (-want +got):\n%s", diff)
	}
	if sc.Config.Topology.CentralController != ccefsm.Duplex || sc.Config.Start != start || sc.Config.NoAutoRelogin {
		t.Errorf("config %+v", sc.Config)
	}
}

// TestDecodeErrors: each kind of malformed scenario is refused with its
// sentinel, at the line of the mistake (the first line holding at), with
// the field and a reason that says what is wrong.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		reason   string
		old, new string // replace old by new in base ("" old: append new)
		err      error
		at       string // the line of the error is the first holding this
		field    string
		msg      string
	}{
		// syntax
		{"not YAML", "name: test", "name: [test", scenario.ErrSyntax, "name: [test", "", "did not find expected"},
		{"a list at the top", base, "- a\n- b\n", scenario.ErrSyntax, "- a", "", "want a mapping"},
		{"empty file", base, "", scenario.ErrSyntax, "", "", "empty file"},
		{"two documents", "", "---\nname: again\n", scenario.ErrSyntax, "name: again", "", "more than one YAML document"},
		{"an anchor", "name: test", "name: &n test", scenario.ErrSyntax, "name: &n", "name", "anchors and aliases"},
		{"an alias", "    - {id: 1001, peripheral: 5000}", "    - &a {id: 1001, peripheral: 5000}\n    - *a", scenario.ErrSyntax, "&a", "topology.agents[0]", "anchors and aliases"},
		{"a custom tag", "name: test", "name: !secret test", scenario.ErrSyntax, "!secret", "name", `tag "!secret"`},
		{"a key twice", "name: test", "name: test\nname: again", scenario.ErrSyntax, "name: again", "name", "given twice"},
		{"a value where a mapping belongs", "settings:\n  auto-relogin: true", "settings: 5", scenario.ErrSyntax, "settings: 5", "settings", "want a mapping"},
		{"a mapping where a list belongs", "  agents:\n    - {id: 1001, peripheral: 5000}", "  agents: {id: 1001}", scenario.ErrSyntax, "agents:", "topology.agents", "want a list"},
		{"a list where a value belongs", "name: test", "name: [a, b]", scenario.ErrSyntax, "name:", "name", "want a value, found a list"},
		{"no value", "name: test", "name:", scenario.ErrSyntax, "name:", "name", "want a value, found nothing"},
		{"a syntax error further down", "  mr-pgs:\n    - {id: 2}", "  mr-pgs:\n    - {id: 2", scenario.ErrSyntax, "  mr-pgs:", "", "did not find expected ',' or '}'"},

		// unknown fields
		{"an unknown top-level field", "", "bogus: 1\n", scenario.ErrUnknownField, "bogus", "bogus", `unknown field "bogus" (the top level takes name,`},
		{"an unknown topology field", "  central-controller: duplex", "  central-controller: duplex\n  routers: 2", scenario.ErrUnknownField, "routers", "topology.routers", "unknown field"},
		{"a field the operation does not take", "event: LOGIN}", "event: LOGIN, element: app:7}", scenario.ErrUnknownField, "event: LOGIN", "timeline[0].element", "(timeline[0] takes at, op, note, agent, mrd, event, reason)"},
		{"a field the expectation does not take", "state: NOT_READY}", "state: NOT_READY, class: late}", scenario.ErrUnknownField, "state: NOT_READY", "expect[0].class", "unknown field"},
		{"two subjects", "state: NOT_READY}", "state: NOT_READY, task: 101}", scenario.ErrUnknownField, "state: NOT_READY", "expect[0].task", "unknown field"},
		{"an unknown MRD attribute", "{id: 2, media: chat}", "{id: 2, media: chat, colour: red}", scenario.ErrUnknownField, "colour", "topology.mrds[1].colour", "unknown field"},
		{"an unknown setting", "  auto-relogin: true", "  auto-relogin: true\n  turbo: true", scenario.ErrUnknownField, "turbo", "settings.turbo", "unknown field"},
		{"agent on a task input other than assign", "expect:\n", "  - {at: 3m, op: task, task: 101, event: end, agent: 1001}\nexpect:\n", scenario.ErrUnknownField, "event: end", "timeline[3].agent", "only assign names an agent"},
		{"a disposition on a task input other than end", "expect:\n", "  - {at: 3m, op: task, task: 101, event: pause, disposition: 38}\nexpect:\n", scenario.ErrUnknownField, "event: pause", "timeline[3].disposition", "only end takes a disposition"},
		{"an agent on a NEW task", "agent: 1001, state: ACTIVE}", "agent: 1001, state: NEW}", scenario.ErrUnknownField, "state: NEW", "timeline[2].agent", "a NEW task has no agent yet"},

		// missing fields
		{"no name", "name: test\n", "", scenario.ErrMissingField, "start:", "name", `missing field "name"`},
		{"no start", "start: 2026-03-02T09:00:00Z\n", "", scenario.ErrMissingField, "name: test", "start", `missing field "start"`},
		{"no topology MRDs", "  mrds:\n    - {id: 1, media: voice}\n    - {id: 2, media: chat}\n", "", scenario.ErrMissingField, "central-controller", "topology.mrds", `missing field "mrds"`},
		{"an entry without op", "{at: 0s, op: agent-request,", "{at: 0s,", scenario.ErrMissingField, "{at: 0s,", "timeline[0].op", `missing field "op"`},
		{"an entry without at", "{at: 1m, op: send-request,", "{op: send-request,", scenario.ErrMissingField, "op: send-request", "timeline[1].at", `missing field "at"`},
		{"a request without its event", "mrd: 1, event: LOGIN}", "mrd: 1}", scenario.ErrMissingField, "op: agent-request", "timeline[0].event", `missing field "event"`},
		{"a message expectation without at", "", "  - {message: NEW_TASK, app: 7}\n", scenario.ErrMissingField, "message: NEW_TASK", "expect[1].at", `missing field "at"`},
		{"a routing message without app", "", "  - {at: 1m, message: NEW_TASK}\n", scenario.ErrMissingField, "message: NEW_TASK", "expect[1].app", `missing field "app"`},
		{"an assign without agent", "expect:\n", "  - {at: 3m, op: task, task: 101, event: assign}\nexpect:\n", scenario.ErrMissingField, "event: assign", "timeline[3].agent", `missing field "agent"`},

		// times
		{"a start that is not RFC 3339", "start: 2026-03-02T09:00:00Z", "start: 2 March 2026", scenario.ErrInvalidTime, "start:", "start", "not an RFC 3339 instant"},
		{"an instant that is neither", "{at: 1m, op: send", "{at: 10 minutes, op: send", scenario.ErrInvalidTime, "10 minutes", "timeline[1].at", "neither an offset from the start"},
		{"a number without a unit", "{at: 1m, op: send", "{at: 60, op: send", scenario.ErrInvalidTime, "at: 60", "timeline[1].at", `"60" is neither`},
		{"a negative offset", "{at: 1m, op: send", "{at: -1m, op: send", scenario.ErrInvalidTime, "-1m", "timeline[1].at", "is negative"},
		{"an instant before the start", "{at: 1m, op: send", "{at: 2026-03-02T08:59:00Z, op: send", scenario.ErrInvalidTime, "08:59", "timeline[1].at", "before the start"},
		{"an instant out of range", "start: 2026-03-02T09:00:00Z", "start: 2290-01-01T00:00:00Z", scenario.ErrInvalidTime, "start:", "start", "out of the range"},
		{"a bad duration", "{id: 2, media: chat}", "{id: 2, media: chat, task-life: 20}", scenario.ErrInvalidTime, "task-life", "topology.mrds[1].task-life", "not a duration"},
		{"an interval start off the boundary", "", "  - {interval: 10m, peripheral: 5000, class: deleted}\n", scenario.ErrInvalidTime, "interval: 10m", "expect[1].interval", "does not start a 30m0s reporting interval"},

		// time order
		{"an input before the one above", "{at: 2m, op: create-task", "{at: 30s, op: create-task", scenario.ErrTimeOrder, "at: 30s", "timeline[2].at", "before the entry above it"},

		// values
		{"an unknown operation", "op: send-request", "op: send-reqest", scenario.ErrInvalidValue, "send-reqest", "timeline[1].op", `"send-reqest" is not an operation (down, up, advance, agent-request, agent-observe, report-states, create-task, task, send-request, response)`},
		{"an unknown event", "event: LOGIN", "event: LOG_IN", scenario.ErrInvalidValue, "LOG_IN", "timeline[0].event", `"LOG_IN" is not an agent event`},
		{"an unknown agent state", "state: NOT_READY}", "state: SLEEPING}", scenario.ErrInvalidValue, "SLEEPING", "expect[0].state", `"SLEEPING" is not an agent state`},
		{"an unknown media", "media: chat", "media: fax", scenario.ErrInvalidValue, "media: fax", "topology.mrds[1].media", `"fax" is not a media kind`},
		{"an unknown redundancy", "redundancy: duplex, peripherals", "redundancy: triplex, peripherals", scenario.ErrInvalidValue, "triplex", "topology.agent-pgs[0].redundancy", "simplex or duplex"},
		{"a reason out of range", "event: LOGIN}", "event: LOGIN, reason: 70000}", scenario.ErrInvalidValue, "70000", "timeline[0].reason", `"70000" is not a reason code`},
		{"a boolean that is not", "auto-relogin: true", "auto-relogin: True", scenario.ErrInvalidValue, "auto-relogin", "settings.auto-relogin", `"True" is not true or false`},
		{"a YAML 1.1 boolean", "auto-relogin: true", "auto-relogin: yes", scenario.ErrSyntax, "auto-relogin", "settings.auto-relogin", `t.yaml:4:17: settings.auto-relogin: want a boolean (true or false), found the string "yes"`},
		{"a quoted boolean", "auto-relogin: true", `auto-relogin: "true"`, scenario.ErrSyntax, "auto-relogin", "settings.auto-relogin", `t.yaml:4:17: settings.auto-relogin: want a boolean (true or false), found the quoted string "true" (write it without quotes)`},
		{"a number where a boolean belongs", "{id: 2, media: chat}", "{id: 2, media: chat, interruptible: 1}", scenario.ErrSyntax, "interruptible", "topology.mrds[1].interruptible", "want a boolean (true or false), found the whole number 1"},
		{"a quoted ID", "{id: 1001, peripheral: 5000}", `{id: "1001", peripheral: 5000}`, scenario.ErrSyntax, "1001", "topology.agents[0].id", `t.yaml:17:12: topology.agents[0].id: want a whole number, found the quoted string "1001" (write it without quotes)`},
		{"a single-quoted ID in a list", "peripherals: [5000]", "peripherals: ['5000']", scenario.ErrSyntax, "'5000'", "topology.agent-pgs[0].peripherals[0]", `want a whole number, found the quoted string "5000"`},
		{"a fraction where a whole number belongs", "{id: 2, media: chat}", "{id: 2, media: chat, max-tasks: 2.5}", scenario.ErrSyntax, "max-tasks", "topology.mrds[1].max-tasks", "want a whole number, found the number 2.5"},
		{"a boolean where a whole number belongs", "{id: 1001, peripheral: 5000}", "{id: true, peripheral: 5000}", scenario.ErrSyntax, "id: true", "topology.agents[0].id", "want a whole number, found the boolean true"},
		{"an explicit string tag on an ID", "{id: 1001, peripheral: 5000}", "{id: !!str 1001, peripheral: 5000}", scenario.ErrSyntax, "!!str", "topology.agents[0].id", `found the string "1001"`},
		{"a quoted count", "", "  - {counts: {open: \"1\"}}\n", scenario.ErrSyntax, "counts", "expect[1].counts.open", `want a whole number, found the quoted string "1"`},
		{"a number for a name", "name: test", "name: 42", scenario.ErrSyntax, "name: 42", "name", `t.yaml:1:7: name: want a string, found the whole number 42 (quote it: "42")`},
		{"a number for a refusal's text", "", "  - {at: 1m, refused: 39}\n", scenario.ErrSyntax, "refused: 39", "expect[1].refused", `want a string, found the whole number 39 (quote it: "39")`},
		{"a number for an effect's text", "", "  - {at: 1m, effect: AG-9, text: 5000}\n", scenario.ErrSyntax, "text: 5000", "expect[1].text", `want a string, found the whole number 5000`},
		{"a boolean for a name", "name: test", "name: false", scenario.ErrSyntax, "name: false", "name", `want a string, found the boolean false (quote it: "false")`},
		{"a timestamp for a description", "name: test", "name: test\ndescription: 2026-03-02", scenario.ErrSyntax, "description:", "description", `want a string, found the timestamp 2026-03-02 (quote it: "2026-03-02")`},
		{"a disposition out of range", "expect:\n", "  - {at: 3m, op: task, task: 101, event: end, disposition: 99}\nexpect:\n", scenario.ErrInvalidValue, "disposition: 99", "timeline[3].disposition", "99 is not a CallDisposition"},
		{"an element that is no element", "expect:\n", "  - {at: 3m, op: down, element: \"pim:x\"}\nexpect:\n", scenario.ErrInvalidValue, "pim:x", "timeline[3].element", "is not an element"},
		{"a path that is no path", "", "  - {path: \"peripheral\", state: down}\n", scenario.ErrInvalidValue, "path:", "expect[1].path", "every other path kind has one"},
		{"an ID that is no number", "{id: 1001, peripheral: 5000}", "{id: alice, peripheral: 5000}", scenario.ErrSyntax, "alice", "topology.agents[0].id", `want a whole number, found the string "alice"`},
		{"a negative ID", "{id: 1001, peripheral: 5000}", "{id: -1, peripheral: 5000}", scenario.ErrInvalidValue, "id: -1", "topology.agents[0].id", `"-1" is not a whole number from 0 to 4294967295`},
		{"a hexadecimal ID", "{id: 1001, peripheral: 5000}", "{id: 0x3e9, peripheral: 5000}", scenario.ErrInvalidValue, "0x3e9", "topology.agents[0].id", `"0x3e9" is not a whole number from 0 to 4294967295`},
		{"a task limit out of a byte", "{id: 2, media: chat}", "{id: 2, media: chat, max-tasks: 256}", scenario.ErrInvalidValue, "max-tasks", "topology.mrds[1].max-tasks", `"256" is not a whole number from 0 to 255`},
		{"a negative duration", "{id: 2, media: chat}", "{id: 2, media: chat, task-life: -5m}", scenario.ErrInvalidTime, "task-life", "topology.mrds[1].task-life", "the duration -5m is below 0s"},
		{"a side that is no side", "  auto-relogin: true", "  preferred-side: C", scenario.ErrInvalidValue, "preferred-side", "settings.preferred-side", "is not a side"},
		{"a CTI Manager client policy that is none", "  auto-relogin: true", "  cti-manager-clients: back", scenario.ErrInvalidValue, "cti-manager-clients", "settings.cti-manager-clients", `"back" is not a CTI Manager client policy (stay, failback or home-only)`},
		{"a Finesse client policy that is none", "  auto-relogin: true", "  finesse-clients: primary", scenario.ErrInvalidValue, "finesse-clients", "settings.finesse-clients", `"primary" is not a Finesse client policy (stay, failback or home-only)`},
		{"a CTI server client policy that is none", "  auto-relogin: true", "  cti-server-clients: sometimes", scenario.ErrInvalidValue, "cti-server-clients", "settings.cti-server-clients", "is not a CTI server client policy"},
		{"a Finesse dependency that is no boolean", "  auto-relogin: true", "  finesse-via-cti-server: yes", scenario.ErrSyntax, "finesse-via-cti-server", "settings.finesse-via-cti-server", "want a boolean"},
		{"a path-down refusal that is no boolean", "  auto-relogin: true", "  path-down-refusal: 1", scenario.ErrSyntax, "path-down-refusal", "settings.path-down-refusal", "want a boolean"},
		{"a history recreation that is no boolean", "  auto-relogin: true", "  history-recreation: no", scenario.ErrSyntax, "history-recreation", "settings.history-recreation", "want a boolean"},
		{"an RP-3 scope that is none", "  auto-relogin: true", "  rp3-scope: wide", scenario.ErrInvalidValue, "rp3-scope", "settings.rp3-scope", `"wide" is not an RP-3 scope (self-assigned, any-assignment or off)`},
		{"a client policy in capitals", "  auto-relogin: true", "  cti-server-clients: Failback", scenario.ErrInvalidValue, "cti-server-clients", "settings.cti-server-clients", `t.yaml:4:23: settings.cti-server-clients: "Failback" is not a CTI server client policy (stay, failback or home-only)`},
		{"a client policy with an underscore", "  auto-relogin: true", "  finesse-clients: home_only", scenario.ErrInvalidValue, "finesse-clients", "settings.finesse-clients", `t.yaml:4:20: settings.finesse-clients: "home_only" is not a Finesse client policy`},
		{"a client policy by its number", "  auto-relogin: true", "  cti-manager-clients: 1", scenario.ErrInvalidValue, "cti-manager-clients", "settings.cti-manager-clients", `"1" is not a CTI Manager client policy`},
		{"an RP-3 scope by its Go name", "  auto-relogin: true", "  rp3-scope: RP3Off", scenario.ErrInvalidValue, "rp3-scope", "settings.rp3-scope", `t.yaml:4:14: settings.rp3-scope: "RP3Off" is not an RP-3 scope`},
		{"a task state no task begins in", "state: ACTIVE}", "state: WRAPUP}", scenario.ErrInvalidValue, "WRAPUP", "timeline[2].state", "a task begins in NEW, PRE_CALL, OFFERED or ACTIVE"},

		// references
		{"an element not in the topology", "expect:\n", "  - {at: 3m, op: down, element: \"pim:9999:A\"}\nexpect:\n", scenario.ErrUnknownElement, "pim:9999", "timeline[3].element", "pim:9999:A is not in the topology"},
		{"side B of a simplex pair", "expect:\n", "  - {at: 3m, op: down, element: \"mr-pg:2:B\"}\nexpect:\n", scenario.ErrUnknownElement, "mr-pg:2:B", "timeline[3].element", "is not in the topology"},
		{"an agent not in the topology", "agent: 1001, mrd: 1, event", "agent: 4242, mrd: 1, event", scenario.ErrUnknownElement, "4242", "timeline[0].agent", "agent 4242 is not in the topology"},
		{"an MRD not in the topology", "mrd: 1, event", "mrd: 9, event", scenario.ErrUnknownElement, "mrd: 9", "timeline[0].mrd", "MRD 9 is not in the topology"},
		{"an application not in the topology", "app: 7, request: 1", "app: 8, request: 1", scenario.ErrUnknownElement, "app: 8", "timeline[1].app", "application 8 is not in the topology"},
		{"an MRD its application does not serve", "request: 1, mrd: 2}", "request: 1, mrd: 1}", scenario.ErrUnknownElement, "request: 1, mrd: 1", "timeline[1].mrd", "MRD 1 is not served by application 7"},
		{"a task no entry creates", "expect:\n", "  - {at: 3m, op: task, task: 102, event: end}\nexpect:\n", scenario.ErrUnknownElement, "task: 102", "timeline[3].task", "task 102 is created by no entry above"},
		{"a response to a request never sent", "expect:\n", "  - {at: 3m, op: response, app: 7, request: 2, outcome: DO_THIS_WITH_TASK}\nexpect:\n", scenario.ErrUnknownElement, "request: 2", "timeline[3].request", "sends no request 2 above"},
		{"a zero ID", "{id: 1001, peripheral: 5000}", "{id: 0, peripheral: 5000}", scenario.ErrUnknownElement, "id: 0", "topology.agents[0].id", "0 is not a valid ID"},
		{"an expectation on a task never created", "", "  - {task: 555, class: complete}\n", scenario.ErrUnknownElement, "task: 555", "expect[1].task", "created by no entry"},
		{"an expectation on a path not in the topology", "", "  - {path: \"finesse:1\", state: up}\n", scenario.ErrUnknownElement, "finesse:1", "expect[1].path", "path finesse:1 is not in the topology"},
		{"an expectation on a request never sent", "", "  - {request: 9, app: 7, status: none}\n", scenario.ErrUnknownElement, "request: 9", "expect[1].request", "sends no request 9"},
		{"a peripheral not in the topology", "", "  - {interval: 0s, peripheral: 6000, class: complete}\n", scenario.ErrUnknownElement, "6000", "expect[1].peripheral", "peripheral 6000 is on no agent PG"},
		{"a topology agent on an unknown peripheral", "{id: 1001, peripheral: 5000}", "{id: 1001, peripheral: 5000}\n    - {id: 1002, peripheral: 6000}", scenario.ErrUnknownElement, "id: 1002", "topology.agents[1]", "agent 1002: peripheral 6000 is not on any agent PG"},
		{"an application on an unknown MR PG", "agent-pg: 1, mr-pg: 2}", "agent-pg: 1, mr-pg: 3}", scenario.ErrUnknownElement, "mr-pg: 3", "topology.applications[0]", "application 7: MR PG 3 is not in the topology"},

		// duplicates
		{"an agent defined twice", "{id: 1001, peripheral: 5000}", "{id: 1001, peripheral: 5000}\n    - {id: 1001, peripheral: 5000} # again", scenario.ErrDuplicateID, "# again", "topology.agents[1]", "agent 1001: defined twice"},
		{"an MRD defined twice", "    - {id: 2, media: chat}", "    - {id: 2, media: chat}\n    - {id: 2, media: email} # again", scenario.ErrDuplicateID, "# again", "topology.mrds[2]", "MRD 2: defined twice"},
		{"a peripheral on two PGs", "    - {id: 1, redundancy: duplex, peripherals: [5000]}", "    - {id: 1, redundancy: duplex, peripherals: [5000]}\n    - {id: 3, peripherals: [5000]}", scenario.ErrDuplicateID, "id: 3", "topology.agent-pgs[1].peripherals[0]", "agent PG 3, peripheral 5000: also on agent PG 1"},
		{"a task created twice", "expect:\n", "  - {at: 3m, op: create-task, task: 101, app: 7, mrd: 2, agent: 1001, state: ACTIVE}\nexpect:\n", scenario.ErrDuplicateID, "at: 3m", "timeline[3].task", "task 101 is created twice"},
		{"a request sent twice", "expect:\n", "  - {at: 3m, op: send-request, app: 7, request: 1, mrd: 2}\nexpect:\n", scenario.ErrDuplicateID, "at: 3m", "timeline[3].request", "sends request 1 twice"},

		// topology and settings the engine refuses
		{"an interval of 20 minutes", "  central-controller: duplex", "  central-controller: duplex\n  interval: 20m", scenario.ErrInvalidTopology, "interval: 20m", "topology.interval", "20m0s is neither 15 nor 30 minutes"},
		{"an interval offset of a whole interval", "  central-controller: duplex", "  central-controller: duplex\n  interval-offset: 30m", scenario.ErrInvalidTopology, "interval-offset: 30m", "topology.interval-offset", "30m0s is outside [0s, 30m0s)"},
		{"an interval offset of seconds", "  central-controller: duplex", "  central-controller: duplex\n  interval-offset: 90s", scenario.ErrInvalidTopology, "interval-offset: 90s", "topology.interval-offset", "1m30s is not a whole number of minutes"},
		{"a negative interval offset", "  central-controller: duplex", "  central-controller: duplex\n  interval-offset: -15m", scenario.ErrInvalidTime, "interval-offset: -15m", "topology.interval-offset", "the duration -15m is below 0s"},
		{"an MRD no application serves", "    - {id: 2, media: chat}", "    - {id: 2, media: chat}\n    - {id: 3, media: email}", scenario.ErrInvalidTopology, "id: 3", "topology.mrds[2]", "no application serves this email MRD"},
		{"an MRD attribute out of range", "{id: 2, media: chat}", "{id: 2, media: chat, max-tasks: 11}", scenario.ErrInvalidTopology, "max-tasks", "topology.mrds[1].max-tasks", "MaxTasksPerAgent must be 1-10"},
		{"a time limit on a chat MRD", "{id: 2, media: chat}", "{id: 2, media: chat, time-limit: 5m}", scenario.ErrInvalidTopology, "time-limit", "topology.mrds[1].time-limit", "only email MRDs have one"},
		{"an override of a documented AG-T1 row", "  auto-relogin: true", "  pg-table: [{row: 1, after: NOT_READY}]", scenario.ErrInvalidTopology, "pg-table", "settings.pg-table[0]", "documented row cannot be overridden"},
		{"an override of a documented routing row", "  auto-relogin: true", "  routing: [{row: 1, action: hold}]", scenario.ErrInvalidTopology, "routing:", "settings.routing[0]", "documented row cannot be overridden"},
		{"a routing action a row does not allow", "  auto-relogin: true", "  routing: [{row: 2, action: resubmit}]", scenario.ErrInvalidTopology, "routing:", "settings.routing[0]", "not allowed"},
		{"an override of a documented task row", "  auto-relogin: true", "  task-table: [{from: ACTIVE, event: task-life, disposition: 38}]", scenario.ErrInvalidTopology, "task-table", "settings.task-table[0]", "documented row"},

		// expectations that name nothing
		{"an expectation with no subject", "", "  - {at: 1m, state: up}\n", scenario.ErrEmptyExpectation, "state: up", "expect[1]", "one of message, agent, task"},
		{"an agent expectation comparing nothing", "", "  - {at: 1m, agent: 1001, mrd: 1}\n", scenario.ErrEmptyExpectation, "agent: 1001, mrd: 1}", "expect[1]", "give state or reason"},
		{"an interval expectation without a class", "expect:\n", "expect:\n  - {interval: 0s, peripheral: 5000, rule: RP-1}\n", scenario.ErrMissingField, "interval: 0s", "expect[0].class", `missing field "class"`},
		{"counts comparing nothing", "", "  - {counts: {}}\n", scenario.ErrEmptyExpectation, "counts", "expect[1]", "at least one of open"},
		{"a task expectation comparing nothing", "", "  - {task: 101}\n", scenario.ErrEmptyExpectation, "{task: 101}", "expect[1]", "give state, disposition, class or rule"},
	}
	for _, tt := range tests {
		src := base + tt.new
		if tt.old != "" {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("%s: base lacks %q", tt.reason, tt.old)
			}
			src = strings.Replace(base, tt.old, tt.new, 1)
		}
		sc, err := scenario.Decode("t.yaml", []byte(src))
		if sc != nil || !errors.Is(err, tt.err) {
			t.Errorf("%s: Decode = %v, %v; want %v", tt.reason, sc, err, tt.err)
			continue
		}
		var e *scenario.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %T is not a *scenario.Error", tt.reason, err)
			continue
		}
		line := 0
		if tt.at != "" {
			i := strings.Index(src, tt.at)
			if i < 0 {
				t.Fatalf("%s: %q not in the source", tt.reason, tt.at)
			}
			line = 1 + strings.Count(src[:i], "\n")
		}
		if e.File != "t.yaml" || e.Line != line || e.Field != tt.field || !strings.Contains(e.Error(), tt.msg) {
			t.Errorf("%s:\n got %v (line %d, field %q)\nwant line %d, field %q, a message containing %q", tt.reason, err, e.Line, e.Field, line, tt.field, tt.msg)
		}
		if !strings.HasPrefix(e.Error(), "t.yaml:") {
			t.Errorf("%s: %q does not start with the file", tt.reason, e.Error())
		}
	}
}

// TestDecodeTopologyError: a topology the engine refuses comes back with
// the engine's error reachable, at the line of the offending element.
func TestDecodeTopologyError(t *testing.T) {
	src := strings.Replace(base, "{id: 1001, peripheral: 5000}", "{id: 1001, peripheral: 5000, skill-groups: [3, 3]}", 1)
	_, err := scenario.Decode("t.yaml", []byte(src))
	var te *failover.TopologyError
	if !errors.As(err, &te) || te.Where != "agent 1001" || !errors.Is(err, failover.ErrDuplicateElement) ||
		!errors.Is(err, ccefsm.ErrDuplicateID) || !errors.Is(err, scenario.ErrDuplicateID) {
		t.Fatalf("err = %v", err)
	}
	if want := "t.yaml:17:7: topology.agents[0]: agent 1001: skill group 3 listed twice"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

// TestErrorKinds: the sentinels unwrap to the library's root kinds where
// they have one.
func TestErrorKinds(t *testing.T) {
	for _, tt := range []struct {
		err, kind error
	}{
		{scenario.ErrTimeOrder, ccefsm.ErrTimeBackwards},
		{scenario.ErrInvalidValue, ccefsm.ErrUnknownValue},
		{scenario.ErrUnknownElement, ccefsm.ErrUnknownID},
		{scenario.ErrDuplicateID, ccefsm.ErrDuplicateID},
	} {
		if !errors.Is(tt.err, tt.kind) {
			t.Errorf("%v does not match %v", tt.err, tt.kind)
		}
	}
	_, err := scenario.Decode("t.yaml", []byte(strings.Replace(base, "event: LOGIN", "event: LOG_IN", 1)))
	if !errors.Is(err, ccefsm.ErrUnknownName) {
		t.Errorf("an unknown event name: %v does not match ccefsm.ErrUnknownName", err)
	}
	for _, s := range []error{scenario.ErrSyntax, scenario.ErrUnknownField, scenario.ErrMissingField, scenario.ErrInvalidTime,
		scenario.ErrInvalidTopology, scenario.ErrEmptyExpectation, scenario.ErrMismatch} {
		if !strings.HasPrefix(s.Error(), "scenario: ") {
			t.Errorf("%q does not name the package", s)
		}
	}
}

// TestErrorText: the text of an error is "file:line:column: field:
// reason", without the parts it lacks.
func TestErrorText(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"", "t.yaml: empty file: a scenario is a YAML mapping"},
		{"name: [test", "t.yaml:1: did not find expected ',' or ']'"},
		{"---", "t.yaml:1: want a mapping (key: value lines), found nothing"},
		{"name: test\nstart: 2026-03-02T09:00:00Z\ntopology: 5", `t.yaml:3:11: topology: want a mapping (key: value lines), found "5"`},
		{"- 1", "t.yaml:1:1: want a mapping (key: value lines), found a list"},
	} {
		_, err := scenario.Decode("t.yaml", []byte(tt.src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Decode(%q) = %v, want %q", tt.src, err, tt.want)
		}
	}
}

// TestDecodeReportStates: the reports of a report-states entry, with their
// reasons and times in state (0s is a time in state too).
func TestDecodeReportStates(t *testing.T) {
	src := strings.Replace(base, "expect:\n", `  - op: report-states
    at: 3m
    peripheral: 5000
    reports:
      - {agent: 1001, mrd: 1, state: NOT_READY, reason: 7, in-state: 2m30s}
      - {agent: 1001, mrd: 1, state: READY, in-state: 0s}
expect:
`, 1)
	sc, err := scenario.Decode("r.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []agentstate.Report{
		{Agent: 1001, MRD: 1, State: agentstate.NotReady, Reason: 7, InState: 150 * time.Second},
		{Agent: 1001, MRD: 1, State: agentstate.Available},
	}
	if diff := cmp.Diff(want, sc.Timeline[3].Input.Reports); diff != "" {
		t.Errorf("reports (-want +got):\n%s", diff)
	}
}

// TestEntryString: the description of an input of every operation.
func TestEntryString(t *testing.T) {
	src := strings.Replace(base, "expect:\n", `  - {at: 3m, op: agent-observe, agent: 1001, mrd: 1, state: NOT_READY, reason: 5}
  - {at: 3m, op: agent-request, agent: 1001, mrd: 1, event: READY}
  - op: report-states
    at: 3m
    peripheral: 5000
    reports: [{agent: 1001, mrd: 1, state: AVAILABLE, in-state: 1m}, {agent: 1001, mrd: 1, state: NOT_READY, reason: 7}]
  - {at: 3m, op: create-task, task: 102, app: 7, mrd: 2, state: NEW}
  - {at: 3m, op: task, task: 102, event: assign, agent: 1001}
  - {at: 3m, op: task, task: 101, event: end, disposition: 42}
  - {at: 3m, op: task, task: 102, event: offer}
  - {at: 3m, op: response, app: 7, request: 1, outcome: NEW_TASK_FAILURE}
  - {at: 3m, op: down, element: "app:7"}
  - {at: 4m, op: up, element: "app:7"}
  - {at: 5m, op: advance}
expect:
`, 1)
	sc, err := scenario.Decode("s.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, en := range sc.Timeline {
		got = append(got, en.String())
	}
	want := []string{
		"agent-request agent 1001 MRD 1 LOGIN",
		"send-request app 7 request 1 MRD 2",
		"create-task 101 app 7 MRD 2 agent 1001 ACTIVE",
		"agent-observe agent 1001 MRD 1 NOT_READY reason 5",
		"agent-request agent 1001 MRD 1 READY",
		"report-states peripheral 5000: agent 1001 MRD 1 AVAILABLE (1m0s in state), agent 1001 MRD 1 NOT_READY reason 7",
		"create-task 102 app 7 MRD 2 NEW",
		"task 102 assign agent 1001",
		"task 101 end DBCD_APPLICATION_PATH_WENT_DOWN",
		"task 102 offer",
		"response app 7 request 1 NEW_TASK_FAILURE",
		"down app:7",
		"up app:7",
		"advance",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func TestExpectKindString(t *testing.T) {
	for k, want := range map[scenario.ExpectKind]string{scenario.ExpectAgent: "agent", scenario.ExpectCounts: "counts",
		scenario.ExpectRefused: "refused", 0: "ExpectKind(0)", 10: "ExpectKind(10)"} {
		if got := k.String(); got != want {
			t.Errorf("ExpectKind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

// TestDecodeIntervalOffset: topology.interval-offset sets the RP-2 override
// Topology.IntervalOffset, and interval expectations and the replay's
// intervals follow its grid: with 15 minutes, 09:15 starts an interval and
// the replay lists intervals from 08:45, the one holding the start.
func TestDecodeIntervalOffset(t *testing.T) {
	src := strings.Replace(base, "  central-controller: duplex", "  central-controller: duplex\n  interval-offset: 15m", 1)
	src = strings.Replace(src, "expect:\n", "  - {at: 20m, op: advance}\nexpect:\n  - {interval: 15m, peripheral: 5000, class: open}\n  - {interval: -15m, peripheral: 5000, class: complete}\n", 1)
	sc, err := scenario.Decode("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Config.Topology.IntervalOffset != 15*time.Minute {
		t.Errorf("IntervalOffset %v, want 15m", sc.Config.Topology.IntervalOffset)
	}
	res, err := scenario.Replay(sc)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Err(); err != nil {
		t.Error(err)
	}
	var starts []string
	for _, iv := range res.Intervals {
		starts = append(starts, iv.Start.Format("15:04")+" "+iv.Class.String())
	}
	if diff := cmp.Diff([]string{"08:45 complete", "09:15 open"}, starts); diff != "" {
		t.Errorf("intervals (-want +got):\n%s", diff)
	}
	// 09:00 starts no interval on that grid.
	_, err = scenario.Decode("t.yaml", []byte(strings.Replace(src, "{interval: 15m,", "{interval: 0s,", 1)))
	var se *scenario.Error
	if !errors.Is(err, scenario.ErrInvalidTime) || !errors.As(err, &se) || se.Field != "expect[0].interval" ||
		!strings.Contains(err.Error(), "2026-03-02T09:00:00Z does not start a 30m0s reporting interval") {
		t.Errorf("an interval off the grid: %v", err)
	}
}

// TestDecodeFinesseViaCTIServer: settings.finesse-via-cti-server false sets
// the AG-6 override Config.FinesseWithoutCTIServer; true and no setting
// keep the default.
func TestDecodeFinesseViaCTIServer(t *testing.T) {
	decodeFlag(t, "finesse-via-cti-server", func(c *failover.Config) bool { return c.FinesseWithoutCTIServer })
}

// TestDecodeHistoryRecreation: settings.history-recreation false sets the
// RP-6 override Config.NoHistoryRecreation.
func TestDecodeHistoryRecreation(t *testing.T) {
	decodeFlag(t, "history-recreation", func(c *failover.Config) bool { return c.NoHistoryRecreation })
}

// TestDecodePathDownRefusal: settings.path-down-refusal false sets the AG-8
// override Config.NoPathDownRefusal.
func TestDecodePathDownRefusal(t *testing.T) {
	decodeFlag(t, "path-down-refusal", func(c *failover.Config) bool { return c.NoPathDownRefusal })
}

// decodeFlag checks a boolean setting whose false sets an override: no
// setting and true keep the default (false), false sets it.
func decodeFlag(t *testing.T, key string, get func(*failover.Config) bool) {
	t.Helper()
	for _, tt := range []struct {
		setting string
		want    bool
	}{{"", false}, {"\n  " + key + ": true", false}, {"\n  " + key + ": false", true}} {
		src := strings.Replace(base, "  auto-relogin: true", "  auto-relogin: true"+tt.setting, 1)
		sc, err := scenario.Decode("t.yaml", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", tt.setting, err)
		}
		if got := get(&sc.Config); got != tt.want {
			t.Errorf("%q: override %v, want %v", tt.setting, got, tt.want)
		}
	}
}

// TestDecodeEnumSettings: cti-server-clients, cti-manager-clients and
// finesse-clients take exactly the texts of failover.Reconnect, and
// rp3-scope those of failover.RP3Scope, each setting its own field of
// failover.Config alone; the values are walked from the types, so that a
// value added to a type is a value the scenario accepts. Without the key
// the field keeps its zero value, the engine's default.
func TestDecodeEnumSettings(t *testing.T) {
	type fields struct {
		cti, cm, fin failover.Reconnect
		rp3          failover.RP3Scope
	}
	get := func(c *failover.Config) fields {
		return fields{c.CTIServerClients, c.CTIManagerClients, c.FinesseClients, c.RP3Scope}
	}
	decode := func(setting string) fields {
		t.Helper()
		src := strings.Replace(base, "  auto-relogin: true", "  auto-relogin: true"+setting, 1)
		sc, err := scenario.Decode("t.yaml", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", setting, err)
		}
		return get(&sc.Config)
	}
	if got := decode(""); got != (fields{}) {
		t.Errorf("no setting: %+v, want the zero values", got)
	}
	n := 0
	for v := failover.Reconnect(0); v.IsValid(); v++ {
		text, err := v.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]fields{
			"cti-server-clients":  {cti: v},
			"cti-manager-clients": {cm: v},
			"finesse-clients":     {fin: v},
		} {
			if got := decode("\n  " + key + ": " + string(text)); got != want {
				t.Errorf("%s: %s: %+v, want %+v", key, text, got, want)
			}
		}
		n++
	}
	for v := failover.RP3Scope(0); v.IsValid(); v++ {
		text, err := v.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		if got := decode("\n  rp3-scope: " + string(text)); got != (fields{rp3: v}) {
			t.Errorf("rp3-scope: %s: %+v, want RP3Scope %v alone", text, got, v)
		}
		n++
	}
	if n != 6 {
		t.Errorf("%d values walked, want 6 (three of each type)", n)
	}
	// A text the type does not define is refused with the type's own
	// error as the cause (TestDecodeErrors pins the place and message).
	for key, typ := range map[string]string{"cti-server-clients": "failover.Reconnect", "rp3-scope": "failover.RP3Scope"} {
		src := strings.Replace(base, "  auto-relogin: true", "  "+key+": sometimes", 1)
		_, err := scenario.Decode("t.yaml", []byte(src))
		var pe *ccefsm.ParseError
		if !errors.Is(err, scenario.ErrInvalidValue) || !errors.As(err, &pe) || pe.Type != typ || pe.Text != "sometimes" {
			t.Errorf("%s: sometimes: %v, want a *ccefsm.ParseError of %s as the cause", key, err, typ)
		}
	}
}
