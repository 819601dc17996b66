// Package bench measures ccefsm against two general-purpose Go state-machine
// libraries, github.com/looplab/fsm and github.com/qmuntal/stateless, on the
// same workloads in the same run:
//
//   - one agent's voice event cycle (Not Ready, Ready, reserved, talking,
//     wrap-up, Ready, Not Ready);
//   - a PG failover and restore over 24,000 agents (AG-4, AG-5, AG-T1);
//   - one non-voice task's life cycle (offer, start, pause, resume, wrap-up,
//     end).
//
// It is a separate module so that the libraries compared against stay out of
// ccefsm's own go.mod. The figures and the command that measures them are in
// README.md beside this file.
package bench
