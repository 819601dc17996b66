package scenario_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm/examples/scenarios"
	"github.com/ccefsm/ccefsm/scenario"
)

var sentinels = []error{scenario.ErrSyntax, scenario.ErrUnknownField, scenario.ErrMissingField, scenario.ErrInvalidTime,
	scenario.ErrTimeOrder, scenario.ErrInvalidValue, scenario.ErrUnknownElement, scenario.ErrDuplicateID,
	scenario.ErrInvalidTopology, scenario.ErrEmptyExpectation}

// FuzzDecode: Decode never panics; every refusal is a *scenario.Error
// with exactly one of the package's sentinels and a position (a line, and
// a column or a field, except for a file with no document); every scenario
// it accepts replays, twice alike.
func FuzzDecode(f *testing.F) {
	for _, name := range scenarios.Names() {
		data, err := scenarios.FS.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(base))
	f.Add([]byte(base + wrong))
	for _, s := range []string{"", "#", "name: [x", "- a", "name: &a x\nstart: *a", "name: \x01", "a: \xff",
		strings.Replace(base, "{id: 1001, peripheral: 5000}", "{id: 1001, peripheral: 5000}\n    - {id: 1001, peripheral: 5000}", 1)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenario.Decode("f.yaml", data)
		if err != nil {
			if sc != nil {
				t.Fatalf("a scenario with an error: %v", err)
			}
			var e *scenario.Error
			if !errors.As(err, &e) {
				t.Fatalf("%T %v is not a *scenario.Error", err, err)
			}
			n := 0
			for _, s := range sentinels {
				if e.Err == s {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("%v wraps %v, not one sentinel", err, e.Err)
			}
			if e.File != "f.yaml" || e.Reason == "" {
				t.Fatalf("%v: no file or reason", err)
			}
			if e.Line < 1 && !strings.HasPrefix(e.Reason, "empty file") {
				t.Fatalf("%v: no line", err)
			}
			if e.Line > lines(data) {
				t.Fatalf("%v: line %d beyond the file", err, e.Line)
			}
			return
		}
		a, err := scenario.Replay(sc)
		if err != nil {
			t.Fatalf("a decoded scenario does not replay: %v", err)
		}
		b, _ := scenario.Replay(sc)
		if !reflect.DeepEqual(a, b) {
			t.Fatal("two replays differ")
		}
		if len(a.Steps) != len(sc.Timeline) || a.Checked != len(sc.Expect) {
			t.Fatalf("%d steps for %d entries, %d checked for %d expectations", len(a.Steps), len(sc.Timeline), a.Checked, len(sc.Expect))
		}
	})
}

// lines counts the lines of data as YAML does: \r\n, \r, \n, NEL, LS and
// PS end a line.
func lines(data []byte) int {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return 1 + strings.Count(s, "\n") + strings.Count(s, "\r") + strings.Count(s, "\u0085") + strings.Count(s, "\u2028") + strings.Count(s, "\u2029")
}
