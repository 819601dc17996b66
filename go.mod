module github.com/ccefsm/ccefsm

go 1.24.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/looplab/fsm v1.0.3
	go.yaml.in/yaml/v3 v3.0.6
	pgregory.net/rapid v1.3.0
)
