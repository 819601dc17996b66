module github.com/ccefsm/ccefsm/bench

go 1.24.0

replace github.com/ccefsm/ccefsm => ../
