package kind_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/kind"
)

func TestNew(t *testing.T) {
	errUnknownAgent := kind.New("pkg: unknown agent", ccefsm.ErrUnknownID)
	wrapped := fmt.Errorf("op: %w", errUnknownAgent)
	if !errors.Is(wrapped, errUnknownAgent) {
		t.Error("wrapped error does not match its own sentinel")
	}
	if !errors.Is(wrapped, ccefsm.ErrUnknownID) {
		t.Error("wrapped error does not match its kind")
	}
	if errors.Is(wrapped, ccefsm.ErrDuplicateID) {
		t.Error("wrapped error matches another kind")
	}
	if got := errUnknownAgent.Error(); got != "pkg: unknown agent" {
		t.Errorf("Error() = %q", got)
	}
	alone := kind.New("pkg: something", nil)
	if errors.Unwrap(alone) != nil {
		t.Error("a sentinel of no kind unwraps to something")
	}
	if kind.New("a", nil) == kind.New("a", nil) {
		t.Error("two sentinels with one message compare equal")
	}
}

func ExampleNew() {
	errUnknownTask := kind.New("mypkg: unknown task", ccefsm.ErrUnknownID)
	err := fmt.Errorf("End task 7: %w", errUnknownTask)
	fmt.Println(errors.Is(err, errUnknownTask), errors.Is(err, ccefsm.ErrUnknownID))
	fmt.Println(err)
	// Output:
	// true true
	// End task 7: mypkg: unknown task
}
