package docgen

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMESnippet compiles and runs the Go snippet of README.md, so that
// the README cannot show an API that does not exist. The snippet is wrapped
// in a function and built through a go build overlay: nothing is written into
// the source tree.
func TestREADMESnippet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```go\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no ```go block")
	}
	src := `package main

import (
	"fmt"
	"os"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
)

func snippet(now time.Time) error {
	var effects []agentstate.Effect
` + string(m[1]) + `	return nil
}

var _ = ccefsm.SideA

func main() {
	if err := snippet(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	virtual := filepath.Join(wd, "readmesnippet", "main.go")
	overlay, _ := json.Marshal(map[string]map[string]string{"Replace": {virtual: file}})
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "run", "-overlay", overlayFile, "./readmesnippet").CombinedOutput()
	if err != nil {
		t.Fatalf("README snippet does not run: %v\n%s\nprogram:\n%s", err, out, src)
	}
	for _, want := range []string{"AG-4 agent 1001", "reason 50002", "AG-T1"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("README snippet output lacks %q:\n%s", want, out)
		}
	}
}
