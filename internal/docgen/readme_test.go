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

// TestREADMESnippet runs every Go snippet of README.md exactly as a reader
// copies it: each ```go block is a complete program, written verbatim and
// run with go run (through a build overlay, so nothing is written into the
// source tree). The README cannot show an API that does not exist.
func TestREADMESnippet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go block")
	}
	for i, m := range blocks {
		out := runSnippet(t, m[1])
		if i == 0 {
			for _, want := range []string{"AG-4 agent 1001", "reason 50002", "AG-T1"} {
				if !strings.Contains(out, want) {
					t.Errorf("README snippet output lacks %q:\n%s", want, out)
				}
			}
		}
	}
}

// runSnippet runs src, a complete program, and returns what it printed.
func runSnippet(t *testing.T, src []byte) string {
	t.Helper()
	if !strings.HasPrefix(string(src), "package main\n") {
		t.Fatalf("README snippet is not a complete program (it must start with package main):\n%s", src)
	}
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
	return string(out)
}
