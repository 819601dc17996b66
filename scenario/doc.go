// Package scenario reads ccefsm scenario files and replays them through the
// failover engine: a contact center (a topology and the engine's settings),
// a timeline of faults and other inputs, and expectations to check. It is
// what the ccefsm command runs, and what a test harness uses to keep
// contact-center behaviour as test cases in its own CI:
//
//	sc, err := scenario.Decode("outage.yaml", data) // *scenario.Error: file, line, field, reason
//	res, err := scenario.Replay(sc)                 // every input, its effects, the ledger
//	if err := res.Err(); err != nil { … }           // the expectations not met, with their lines
//
// [Decode] reads a file strictly and refuses, with an [*Error] naming the
// file, the line, the column and the field, anything that is not a scenario:
// an unknown or missing field, a bad instant or duration, a name that names
// nothing, a reference to something the topology does not have, a duplicate
// ID, an input out of time order, a topology the engine refuses (at the
// line of the offending element) or an expectation that names nothing.
// Each kind of mistake has its sentinel ([ErrUnknownField],
// [ErrTimeOrder], …) for errors.Is. [Replay] runs the timeline through a
// new failover.Engine and returns a [Result]: every input with its effects
// or its refusal, the outages, the reporting ledger at the end, and the
// expectations that were not met ([Mismatch]).
//
// The package does no I/O: the caller reads the file. A Scenario is not
// changed by a replay.
//
// # The format
//
// A scenario is one YAML document (YAML 1.2: true and false, not yes and
// no; anchors, aliases and custom tags are refused). Its top-level fields
// are name (required), description, start (required), settings, topology
// (required), timeline (required) and expect. Expect is optional to decode
// and replay, but ccefsm check fails a file without it: a scenario kept as
// a test case must be able to fail. Field names are written in kebab case.
// Values have their YAML types, strictly: whole numbers and booleans are
// written unquoted (id: 2 and auto-relogin: true, never id: "2" or
// auto-relogin: "true"), and name, description and the texts that
// expectations look for (text, refused) are strings (a value that YAML
// reads as a number, such as name: 42, is refused: quote it). This complete example is annotated; every field it shows is
// described in its comments, and a test decodes and checks it:
//
//	# A name, shown by ccefsm run; a description, free text.
//	name: CTI server outage with the email exception
//	description: |
//	  The application loses the Agent PG CTI server for 25 minutes.
//
//	# The instant the engine starts: every element up, every agent logged
//	# out. RFC 3339. Every other instant of the file is either RFC 3339 too
//	# or an offset from start, a Go duration: 0s, 90s, 10m, 1h5m30s.
//	start: 2026-03-02T09:00:00Z
//
//	# The engine's settings (failover.Config); all optional.
//	settings:
//	  preferred-side: A          # the side of a duplex PG that starts active (AG-3): A or B
//	  auto-relogin: true         # log agents in again after a PG or CTI Manager failover (AG-5)
//	  cti-manager-scope: voice   # what a CTI Manager failure logs out (AG-4): voice or all-mrds
//	  task-id-refusal: true      # CS-4: a task the application assigns itself while its
//	                             # PG cannot reach the CallRouter ends with 39
//	  cti-server-clients: stay   # CS-7: after a CTI server takeover the clients stay on the
//	                             # other side (stay), move back to their home side when it
//	                             # returns (failback), or never leave it (home-only):
//	                             # the texts of failover.Reconnect
//	  cti-manager-clients: stay  # the same for a CTI Manager's PIMs (AG-4, AG-5), whose
//	                             # home is the primary, side A
//	  finesse-clients: stay      # the same for a Finesse pair's desktops (AG-6, AG-7)
//	  finesse-via-cti-server: true   # AG-6: Finesse is lost while its PG's CTI server has no
//	                             # working side (false: only with its own servers and links)
//	  path-down-refusal: true    # AG-8: an agent request in a chat or other MRD while its
//	                             # application cannot reach the CTI server is refused (false:
//	                             # applied, the CTI server told on restore, AG-10)
//	  rp3-scope: self-assigned   # RP-3: the tasks missing from reports when completed within a
//	                             # routing outage: those the application assigns itself
//	                             # (self-assigned), any task given its agent then
//	                             # (any-assignment), or none (off): failover.RP3Scope
//	  history-recreation: true   # RP-6: an email task's history over a CTI outage is
//	                             # recreated (false: it ends partial, or unreported when
//	                             # assigned and completed within the outage)
//	  pg-table:                  # overrides of inferred rows of AG-T1 (PG / CTI Manager)
//	    - {row: 5, after: NOT_READY}   # after: an agent state, "unchanged" or "from tasks"
//	  desktop-table: []          # the same for AG-T2 (desktop / Finesse)
//	  task-table:                # dispositions of inferred rows of the task table
//	    - {from: NEW, event: end, disposition: DBCD_ABAND_AGENT_TERMINAL}   # a DBCD_ name or 1-65
//	  routing:                   # actions of inferred rows of the routing rule table
//	    - {row: 2, action: hold} # (see docs/routing.md for rows and alternatives)
//
//	# The contact center (failover.Topology). IDs are whole numbers above 0.
//	topology:
//	  interval: 30m              # the reporting interval: 15m or 30m (the default)
//	  interval-offset: 0s        # RP-2: intervals start this long after the UTC grid of
//	                             # interval (whole minutes below it; 15m for :00/:30 rows
//	                             # at UTC+05:45)
//	  central-controller: duplex # simplex (the default) or duplex
//	  mrds:                      # media routing domains: at most one voice MRD; each
//	    - id: 1                  # other one served by exactly one application
//	      media: voice           # voice, chat, email or other
//	    - {id: 2, media: chat, task-life: 20m, start-timeout: 30s, max-duration: 8h,
//	       max-tasks: 3, interruptible: false}
//	    - {id: 3, media: email, time-limit: 20m, time-limit-cut: true}   # email only
//	  agent-pgs:                 # Agent PGs: one PIM per peripheral on each side
//	    - {id: 1, redundancy: duplex, peripherals: [5000]}
//	  cti-managers:              # CTI Manager services and the peripherals behind them
//	    - {id: 1, redundancy: duplex, peripherals: [5000]}
//	  mr-pgs:                    # Media Routing PGs
//	    - {id: 2, redundancy: duplex}
//	  applications:              # Application Instances: the MRDs each serves, the PG
//	    - {id: 7, mrds: [2, 3], agent-pg: 1, mr-pg: 2}   # whose CTI server and the MR PG it uses
//	  finesse:                   # Finesse server pairs, one per Agent PG
//	    - {id: 1, redundancy: duplex, agent-pg: 1}
//	  agents:                    # skill groups and team feed the logout reports (RP-7)
//	    - {id: 1001, peripheral: 5000, skill-groups: [11, 12], team: 90}
//	    - {id: 1002, peripheral: 5000}
//
//	# The inputs, one entry per failover.Input, in time order (entries at one
//	# instant apply in file order). Each has at, op, the fields of its op, and
//	# an optional note shown by ccefsm run. An input the engine refuses is
//	# part of the replay, not an error of the file.
//	timeline:
//	  # agent-request: a request, validated (agent, mrd, event, optional reason)
//	  - {at: 0s, op: agent-request, agent: 1001, mrd: 2, event: LOGIN}
//	  - {at: 0s, op: agent-request, agent: 1001, mrd: 2, event: READY}
//	  # agent-observe: a state the CTI server reports, always taken
//	  - {at: 0s, op: agent-observe, agent: 1002, mrd: 3, state: AVAILABLE}
//	  - {at: 0s, op: agent-observe, agent: 1002, mrd: 1, state: NOT_READY, reason: 7}
//	  # create-task: task, app, mrd, state (NEW, PRE_CALL, OFFERED or ACTIVE),
//	  # agent (all but NEW)
//	  - {at: 1m, op: create-task, task: 101, app: 7, mrd: 2, agent: 1001, state: ACTIVE}
//	  - {at: 1m, op: create-task, task: 201, app: 7, mrd: 3, agent: 1002, state: ACTIVE}
//	  # send-request and response: a NEW_TASK and the Central Controller's
//	  # answer (DO_THIS_WITH_TASK or NEW_TASK_FAILURE)
//	  - {at: 2m, op: send-request, app: 7, request: 1, mrd: 2}
//	  - {at: 2m, op: response, app: 7, request: 1, outcome: DO_THIS_WITH_TASK}
//	  # down and up: an element by its text form: a component (central-controller:A,
//	  # agent-pg:1:B, pim:5000:A, acd:5000, cti-server:1:A, cti-manager:1:B,
//	  # mr-pg:2:A, mr-pim:2:B, app:7, finesse:1:A, desktop:1001) or a link
//	  # (link-pim-acd:5000:A, link-pg-cc:1:A, link-mrpim-cc:2:B, link-app-mrpg:7,
//	  # link-app-cti:7, link-finesse-cti:1:A, link-desktop-finesse:1001)
//	  - {at: 5m, op: down, element: "link-app-cti:7", note: "the application loses the CTI server"}
//	  - {at: 6m, op: agent-request, agent: 1001, mrd: 2, event: NOT_READY, reason: 5}
//	  # task: event is assign (with agent), offer, start, pause, resume,
//	  # wrap-up or end (with an optional disposition)
//	  - {at: 10m, op: task, task: 101, event: end, disposition: DBCD_NORMAL_END_TASK}
//	  # advance: let time pass, firing the task deadlines due
//	  - {at: 26m, op: advance}
//	  - {at: 30m, op: up, element: "link-app-cti:7"}
//	  # report-states: the states the ACD reports when a PIM is back (AG-2)
//	  - op: report-states
//	    at: 31m
//	    peripheral: 5000
//	    reports:
//	      - {agent: 1002, mrd: 1, state: AVAILABLE, in-state: 20m}
//
//	# Expectations, checked by ccefsm check and Result.Mismatches. Each names
//	# one subject; at, when given, is the instant it is checked at: a state
//	# after the last input at or before it (without at: after the last
//	# input), an event (message, effect, refused) exactly at it.
//	expect:
//	  # agent: an agent's state and reason in an MRD
//	  - {at: 5m, agent: 1001, mrd: 2, state: AVAILABLE}
//	  # refused: an input refused at that instant, its reason containing the text
//	  - {at: 6m, refused: "path down"}
//	  # task: state (LOGGED_OUT once ended), disposition, reporting class
//	  # (open, complete, late, partial, recreated, deleted, unreported) and rule
//	  - {at: 10m, task: 101, state: CLOSING}
//	  - {task: 101, disposition: DBCD_TASK_ENDED_DURING_APP_INIT, class: partial, rule: RP-4}
//	  - {at: 26m, task: 201, state: ACTIVE}
//	  # request: a NEW_TASK's status (pending, unsent, discarded, deleted, none)
//	  - {at: 2m, request: 1, app: 7, status: none}
//	  # message: a routing message for an application (or a peripheral, for
//	  # voice availability), optionally of one request
//	  - {at: 2m, message: routed, app: 7, request: 1}
//	  # effect: an effect citing a rule at that instant, its text containing text
//	  - {at: 5m, effect: AG-9, text: "peripheral 5000 MRD 3: CTI path down"}
//	  # path: a derived path up or down
//	  - {at: 20m, path: "app-to-cti-server:7", state: down}
//	  # interval: a reporting interval's class, rule and outage number
//	  - {interval: 0s, peripheral: 5000, class: complete}
//	  # counts: the task account: open, cached, and the final classes
//	  - {counts: {open: 1, partial: 1}}
//
// The names are the library's text forms: agent states and events as
// agentstate names them (the CTI Server names, such as NOT_READY; Finesse
// names such as READY are accepted for states), task states and events as
// taskstate names them, dispositions by their DBCD_ name or number, rule
// IDs as in docs/rules.md, paths as failover.Path prints them
// (central-controller, agent-pg:1, agent-pg-to-cc:1, mr-pim-to-cc:2,
// app-to-mr-pg:7, app-to-cti-server:7, finesse:1, cti-manager:1,
// desktop:1001, peripheral:5000), routing messages as routing.EffectKind
// prints them (NEW_TASK, held, discarded, deleted, resend NEW_TASK,
// resubmit NEW_TASK, NEW_TASK_FAILURE, ROUTING_DISABLED, ROUTING_ENABLED,
// routed, failed, voice unavailable, voice available).
package scenario
