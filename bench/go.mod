module github.com/ccefsm/ccefsm/bench

go 1.24.0

replace github.com/ccefsm/ccefsm => ../

require (
	github.com/ccefsm/ccefsm v0.0.0-00010101000000-000000000000
	github.com/google/go-cmp v0.7.0
	github.com/looplab/fsm v1.0.3
	github.com/qmuntal/stateless v1.7.2
)
