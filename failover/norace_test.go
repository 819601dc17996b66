//go:build !race

package failover

// raceEnabled reports that the tests run under the race detector, which
// makes TestExhaustiveSmallScope's default depth one less.
const raceEnabled = false
