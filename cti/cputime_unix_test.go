//go:build unix

package cti

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used, user and system. A
// benchmark reports it per operation beside the wall-clock ns/op: on a
// machine shared with other work the wall clock counts the time the
// benchmark waits for a core, the CPU time does not.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
