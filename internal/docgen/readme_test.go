package docgen

import (
	"bytes"
	"encoding/json"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm/internal/gencheck"
	"github.com/ccefsm/ccefsm/scenario"
)

// The README must show only what works as a reader copies it. These tests
// run every Go block of README.md as the complete program it is, the main
// job's command as written, and the scenario with its check, and compare
// what they print with the text block the README shows after each (with
// -update they rewrite those blocks instead).

const readmePath = "../../README.md"

// fence is one fenced block of the README: its language, its content and
// where the content lies in the file.
type fence struct {
	lang       string
	body       string
	start, end int // byte offsets of the body
	marker     string
}

var fenceRE = regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)^```\n")

// markerRE finds the comment that names the command whose output the next
// text block shows.
var markerRE = regexp.MustCompile(`<!-- the output of: (.*?) \(`)

func readmeFences(t *testing.T) ([]byte, []fence) {
	t.Helper()
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	var fs []fence
	prev := 0
	for _, m := range fenceRE.FindAllSubmatchIndex(readme, -1) {
		f := fence{lang: string(readme[m[2]:m[3]]), body: string(readme[m[4]:m[5]]), start: m[4], end: m[5]}
		if mm := markerRE.FindSubmatch(readme[prev:m[0]]); mm != nil {
			f.marker = string(mm[1])
		}
		prev = m[1]
		fs = append(fs, f)
	}
	return readme, fs
}

// outputs compares each text block the README pairs with a producer (the
// Go block before it, or the command its marker names) with what the
// producer prints, and rewrites the README with -update.
func checkOutputs(t *testing.T, readme []byte, pairs map[int]string, fs []fence) {
	t.Helper()
	var b bytes.Buffer
	last := 0
	changed := false
	for i, f := range fs {
		got, ok := pairs[i]
		if !ok {
			continue
		}
		if got != f.body {
			if !*gencheck.Update {
				t.Errorf("README.md: the text block at byte %d is not what its program prints (run go test ./internal/docgen -run TestREADME -update):\n--- README\n%s--- printed\n%s", f.start, f.body, got)
				continue
			}
			changed = true
		}
		b.Write(readme[last:f.start])
		b.WriteString(got)
		last = f.end
	}
	b.Write(readme[last:])
	if changed {
		if err := os.WriteFile(readmePath, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runGo runs src as the complete program main.go of a package in this
// module, through a go build overlay (nothing is written into the source
// tree), and returns what it prints.
func runGo(t *testing.T, src string, n int) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	pkg := "readmesnippet" + string(rune('a'+n))
	overlay, _ := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(wd, pkg, "main.go"): file}})
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "-overlay", overlayFile, "./"+pkg)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("README Go block %d does not run: %v\n%s\nprogram:\n%s", n, err, stderr.Bytes(), src)
	}
	return string(out)
}

// TestREADME runs every Go block of the README as a complete program (each
// gofmt-formatted), and the command lines the README shows the output of.
func TestREADME(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs programs; skipped with -short")
	}
	readme, fs := readmeFences(t)
	pairs := map[int]string{}
	goBlocks := 0
	for i, f := range fs {
		switch {
		case f.lang == "go":
			if !strings.HasPrefix(f.body, "package main\n") {
				t.Errorf("README Go block %d is not a complete program (it must start with package main):\n%s", goBlocks, f.body)
			}
			if formatted, err := format.Source([]byte(f.body)); err != nil || string(formatted) != f.body {
				t.Errorf("README Go block %d is not gofmt-formatted (%v):\n%s", goBlocks, err, f.body)
			}
			if i+1 >= len(fs) || fs[i+1].lang != "text" {
				t.Errorf("README Go block %d is not followed by the text block of its output", goBlocks)
			} else {
				pairs[i+1] = runGo(t, f.body, goBlocks)
			}
			goBlocks++
		case f.lang == "text" && f.marker != "":
			pairs[i] = runMarked(t, f.marker, fs[:i])
		}
	}
	if goBlocks < 3 {
		t.Errorf("README has %d Go blocks, want one per kind of user", goBlocks)
	}
	if len(pairs) < goBlocks+2 {
		t.Errorf("README pairs %d text blocks with what prints them; want the Go blocks' and the two commands'", len(pairs))
	}
	checkOutputs(t, readme, pairs, fs)
}

// runMarked runs the command a marker names: the main job of the README as
// written, or ccefsm check on the README's last scenario before it.
func runMarked(t *testing.T, marker string, before []fence) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "ccefsm")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/ccefsm").CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/ccefsm: %v\n%s", err, out)
	}
	switch {
	case marker == "go run ./cmd/ccefsm run":
		cmd := exec.Command(bin, "run")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", marker, err)
		}
		return string(out)
	case strings.HasPrefix(marker, "ccefsm check "):
		name := strings.TrimPrefix(marker, "ccefsm check ")
		var yaml string
		for _, f := range before {
			if f.lang == "yaml" {
				yaml = f.body
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "check", name)
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v\n%s", marker, err, out)
		}
		// The mismatch the README quotes is the one check prints.
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Replace(yaml, "status: discarded", "status: pending", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd = exec.Command(bin, "check", name)
		cmd.Dir = dir
		bad, err := cmd.Output()
		if code := cmd.ProcessState.ExitCode(); err == nil || code != 1 {
			t.Errorf("check of a wrong expectation exits with %d, want 1", code)
		}
		first, _, _ := strings.Cut(string(bad), "\n")
		if readme, _ := os.ReadFile(readmePath); !bytes.Contains(readme, []byte("`"+first+"`")) {
			t.Errorf("README does not quote the mismatch check prints: %s", first)
		}
		return "$ " + marker + "\n" + string(out)
	}
	t.Fatalf("README names an output of %q, which no test runs", marker)
	return ""
}

// TestREADMEScenarios: every YAML block of the README is a scenario that
// decodes, replays and meets its expectations.
func TestREADMEScenarios(t *testing.T) {
	_, fs := readmeFences(t)
	n := 0
	for _, f := range fs {
		if f.lang != "yaml" {
			continue
		}
		n++
		sc, err := scenario.Decode("README.md", []byte(f.body))
		if err != nil {
			t.Errorf("README scenario: %v", err)
			continue
		}
		res, err := scenario.Replay(sc)
		if err != nil {
			t.Fatal(err)
		}
		if err := res.Err(); err != nil {
			t.Errorf("README scenario: %v", err)
		}
		if res.Checked == 0 {
			t.Error("README scenario checks nothing")
		}
	}
	if n == 0 {
		t.Error("README has no scenario")
	}
}

// TestREADMECommands: the first two commands of the README are the main
// job and the test suite, as .ci/run extracts them.
func TestREADMECommands(t *testing.T) {
	_, fs := readmeFences(t)
	if len(fs) == 0 || fs[0].lang != "sh" {
		t.Fatal("README does not start with a sh block")
	}
	lines := strings.Split(fs[0].body, "\n")
	if !regexp.MustCompile(`^go run ./cmd/ccefsm run +# the main job`).MatchString(lines[0]) ||
		!regexp.MustCompile(`^go test -race \./\.\.\. +# the whole test suite`).MatchString(lines[1]) {
		t.Errorf("README's first commands: %q", lines[:2])
	}
}

// TestREADMEGoRun runs every "go run" line of the README's sh blocks from
// the repository's root, as a reader copies it (the comment dropped), and
// requires it to succeed and print something. The install lines (go get,
// go install) need the published module and are not run; the test command
// is what runs this test.
func TestREADMEGoRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs programs; skipped with -short")
	}
	_, fs := readmeFences(t)
	n := 0
	for _, f := range fs {
		if f.lang != "sh" {
			continue
		}
		for line := range strings.Lines(f.body) {
			cmdline, _, _ := strings.Cut(line, "#")
			args := strings.Fields(cmdline)
			if len(args) < 3 || args[0] != "go" || args[1] != "run" {
				continue
			}
			n++
			cmd := exec.Command(args[0], args[1:]...)
			cmd.Dir = filepath.Join("..", "..")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Errorf("%s: %v\n%s", strings.TrimSpace(cmdline), err, stderr.Bytes())
				continue
			}
			if len(out) == 0 {
				t.Errorf("%s prints nothing", strings.TrimSpace(cmdline))
			}
		}
	}
	if n < 2 {
		t.Errorf("README has %d go run lines; want the main job and the examples", n)
	}
}
