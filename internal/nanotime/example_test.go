package nanotime_test

import (
	"fmt"
	"time"

	"github.com/ccefsm/ccefsm/internal/nanotime"
)

// time.Time.UnixNano would turn the year 3000 into a date in the past;
// UnixNano refuses it instead.
func ExampleUnixNano() {
	fmt.Println(nanotime.UnixNano(time.Unix(90, 0)))
	fmt.Println(nanotime.UnixNano(time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)))
	// Output:
	// 90000000000 true
	// 0 false
}
