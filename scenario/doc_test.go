package scenario_test

import (
	"os"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm/scenario"
)

// docExample returns the annotated example of the package documentation.
func docExample(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	start := -1
	for i, l := range lines {
		if strings.Contains(l, "a test decodes and checks it:") {
			start = i + 1
			break
		}
	}
	if start < 0 {
		t.Fatal("doc.go has no annotated example")
	}
	var b strings.Builder
	for _, l := range lines[start:] {
		if l != "//" && !strings.HasPrefix(l, "//\t") {
			break
		}
		b.WriteString(strings.TrimPrefix(strings.TrimPrefix(l, "//"), "\t") + "\n")
	}
	return b.String()
}

// TestDocExample: the annotated example of the package documentation is a
// valid scenario whose expectations all hold, and it shows every field of
// the format: every operation, every expectation kind, every setting.
func TestDocExample(t *testing.T) {
	ex := docExample(t)
	sc, err := scenario.Decode("doc.go", []byte(ex))
	if err != nil {
		t.Fatal(err)
	}
	res, err := scenario.Replay(sc)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Err(); err != nil {
		t.Error(err)
	}
	for _, want := range []string{
		"preferred-side:", "auto-relogin:", "cti-manager-scope:", "task-id-refusal:", "cti-server-clients:", "cti-manager-clients:", "finesse-clients:", "finesse-via-cti-server:", "path-down-refusal:", "rp3-scope:", "history-recreation:", "pg-table:", "desktop-table:", "task-table:", "routing:",
		"interval:", "interval-offset:", "central-controller:", "mrds:", "task-life:", "start-timeout:", "max-duration:", "max-tasks:", "interruptible:",
		"time-limit:", "time-limit-cut:", "agent-pgs:", "cti-managers:", "mr-pgs:", "applications:", "finesse:", "skill-groups:", "team:",
		"op: agent-request", "op: agent-observe", "op: report-states", "op: create-task", "op: task", "op: send-request",
		"op: response", "op: down", "op: up", "op: advance", "note:", "in-state:",
		"{at: 5m, agent:", "refused:", "task: 101, state:", "request: 1, app:", "message:", "effect:", "path:", "interval: 0s", "counts:",
	} {
		if !strings.Contains(ex, want) {
			t.Errorf("the documented example lacks %q", want)
		}
	}
}
