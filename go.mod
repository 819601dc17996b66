module github.com/ccefsm/ccefsm

go 1.24.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/looplab/fsm v1.0.3
	pgregory.net/rapid v1.3.0
)
