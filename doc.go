// Package ccefsm holds the vocabulary shared by the ccefsm packages: the
// identifiers of agents, peripherals, media routing domains (MRDs) and tasks;
// the media kind of an MRD; the duplex side of a Peripheral Gateway; the
// reporting class a task or interval ends in; and the catalogue of numbered
// failover rules ([RuleID]). Every effect of a failover rule cites its rule;
// the ordinary consequences of an input (a NEW_TASK sent, a task ended
// normally) cite none ([RuleNone]).
//
// The behaviour lives in the sub-packages:
//
//   - agentstate: the state an agent is in before, during and after a PIM, PG,
//     CTI Manager, desktop or Finesse failover (rules AG-1 … AG-10).
//   - taskstate: what happens to non-voice tasks when the application's paths
//     go down: task life, dispositions, the email exception (TS-1 … TS-7).
//   - routing: NEW_TASK tracking, ROUTING_ENABLED / ROUTING_DISABLED and
//     routability (RT-1 … RT-8).
//
// This package does no I/O, reads no clock and keeps no mutable global state.
// Its types are small comparable values, safe to copy and to share between
// goroutines.
//
// # Rules
//
// Every rule the library encodes has an ID such as [AG4] ("AG-4"). [Lookup]
// returns its catalogue entry: a one-line statement, its [Provenance]
// (documented by Cisco, inferred here, or configurable) and its source. The
// catalogue is rendered into docs/rules.md, and a test fails when the two
// drift apart.
package ccefsm
