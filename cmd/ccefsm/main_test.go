package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/cti"
	"github.com/ccefsm/ccefsm/examples/scenarios"
	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// call runs the command line in-process and returns its exit status,
// standard output and standard error.
func call(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	status := Main(args, &out, &errb)
	return status, out.String(), errb.String()
}

// atRoot runs the rest of the test from the repository's root, so that
// scenario paths read as a user types them, and returns the absolute path
// of this package's testdata.
func atRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(wd, "..", ".."))
	return filepath.Join(wd, "testdata")
}

// TestRunGolden: the text, JSON Lines and Mermaid output of run for every
// bundled scenario, against the files in testdata/golden (rewrite with
// go test ./cmd/ccefsm -run TestRunGolden -update).
func TestRunGolden(t *testing.T) {
	testdata := atRoot(t)
	for _, name := range scenarios.Names() {
		for _, mode := range []struct{ flag, ext string }{{"", ".txt"}, {"--json", ".jsonl"}, {"--mermaid", ".mmd"}} {
			args := []string{"run"}
			if mode.flag != "" {
				args = append(args, mode.flag)
			}
			args = append(args, "examples/scenarios/"+name)
			status, out, errs := call(args...)
			if status != exitOK || errs != "" {
				t.Fatalf("%v: status %d, stderr %q", args, status, errs)
			}
			gencheck.Golden(t, filepath.Join(testdata, "golden", strings.TrimSuffix(name, ".yaml")+mode.ext), []byte(out))
		}
	}
}

// TestRunDefault: run with no scenario replays the bundled default, the
// same output as its file but for the name of the file.
func TestRunDefault(t *testing.T) {
	atRoot(t)
	status, def, errs := call("run")
	if status != exitOK || errs != "" {
		t.Fatalf("run: status %d, stderr %q", status, errs)
	}
	_, file, _ := call("run", "examples/scenarios/"+scenarios.Default)
	want := strings.Replace(file, "examples/scenarios/"+scenarios.Default, "(bundled) "+scenarios.Default, 1)
	if def != want {
		t.Errorf("run without a scenario differs from run %s:\n%s\nvs\n%s", scenarios.Default, def, want)
	}
}

// TestRunJSONLines: every line of run --json is one JSON object with a
// type; every input is there, in order; an effect's rule, when it has one,
// is a rule of the catalogue, and the ordinary consequences of inputs
// (NEW_TASK, routed, a normal end) carry none, as the README says.
func TestRunJSONLines(t *testing.T) {
	atRoot(t)
	for _, name := range scenarios.Names() {
		_, out, _ := call("run", "--json", "examples/scenarios/"+name)
		types := map[string]int{}
		seq := uint64(0)
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			var obj struct {
				Type   string          `json:"type"`
				Seq    uint64          `json:"seq"`
				Effect json.RawMessage `json:"effect"`
			}
			if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
				t.Fatalf("%s: line %q: %v", name, sc.Text(), err)
			}
			types[obj.Type]++
			switch obj.Type {
			case "input":
				if obj.Seq < seq {
					t.Errorf("%s: input seq %d after %d", name, obj.Seq, seq)
				}
				seq = obj.Seq
			case "effect":
				if len(obj.Effect) == 0 || obj.Effect[0] != '{' {
					t.Errorf("%s: effect line without an effect object: %s", name, sc.Text())
				}
				var ef struct {
					Rule *ccefsm.RuleID `json:"rule"`
				}
				if err := json.Unmarshal(obj.Effect, &ef); err != nil {
					t.Errorf("%s: effect %s: %v", name, obj.Effect, err)
				}
				if ef.Rule == nil {
					types["effect without a rule"]++
				} else if !ef.Rule.IsValid() {
					t.Errorf("%s: effect %s cites no rule of the catalogue", name, obj.Effect)
				}
			}
		}
		if types["scenario"] != 1 || types["counts"] != 1 || types["input"] == 0 || types["effect"] == 0 || types["interval"] == 0 ||
			types["effect without a rule"] == types["effect"] {
			t.Errorf("%s: line types %v", name, types)
		}
	}
}

// TestCheck: check passes on every bundled scenario, and fails with the
// line of a deliberately wrong expectation.
func TestCheck(t *testing.T) {
	atRoot(t)
	var paths []string
	for _, name := range scenarios.Names() {
		paths = append(paths, "examples/scenarios/"+name)
	}
	status, out, errs := call(append([]string{"check"}, paths...)...)
	if status != exitOK || errs != "" {
		t.Fatalf("check: status %d\n%s%s", status, out, errs)
	}
	if n := strings.Count(out, "\nok   ") + boolInt(strings.HasPrefix(out, "ok   ")); n != len(paths) {
		t.Errorf("check printed %d ok lines for %d files:\n%s", n, len(paths), out)
	}

	// A wrong expectation: agent 1005 is Not Ready after the PG failover
	// (the overridden AG-T1 row 5), not Available.
	data, err := os.ReadFile("examples/scenarios/pgfailover.yaml")
	if err != nil {
		t.Fatal(err)
	}
	old := "{at: 10m, agent: 1005, mrd: 1, state: NOT_READY}"
	line := 1 + bytes.Count(data[:bytes.Index(data, []byte(old))], []byte("\n"))
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, bytes.Replace(data, []byte(old), []byte("{at: 10m, agent: 1005, mrd: 1, state: AVAILABLE}"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	status, out, errs = call("check", bad)
	want := bad + ":" + strconv.Itoa(line) + ": agent 1005 MRD 1 at 2026-03-02T09:10:00Z: got state NOT_READY, want state AVAILABLE\n" +
		"FAIL " + bad + ": 1 of 17 expectations not met\n"
	if status != exitMismatch || out != want || errs != "" {
		t.Errorf("check of a wrong expectation: status %d, stdout:\n%s\nwant:\n%s\nstderr: %s", status, out, want, errs)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestExitStatus: the exit status, and where the command writes, for each
// kind of command line. Usage and scenario errors exit 2 and print
// nothing on standard output.
func TestExitStatus(t *testing.T) {
	atRoot(t)
	dir := t.TempDir()
	malformed := filepath.Join(dir, "malformed.yaml")
	if err := os.WriteFile(malformed, []byte("name: x\nstart: 2026-03-02T09:00:00Z\nbogus: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A scenario without expectations: it decodes and replays, but as a
	// test case it could not fail.
	unchecked := filepath.Join(dir, "unchecked.yaml")
	if err := os.WriteFile(unchecked, []byte(`name: x
start: 2026-03-02T09:00:00Z
topology:
  mrds: [{id: 1, media: voice}]
  agent-pgs: [{id: 1, peripherals: [5000]}]
timeline:
  - {at: 1m, op: down, element: "acd:5000"}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	good := "examples/scenarios/pimfailure.yaml"
	tests := []callCase{
		{"no command", nil, exitUsage, "", "Usage:"},
		{"unknown command", []string{"frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{"help", []string{"help"}, exitOK, "The commands are:", ""},
		{"-h", []string{"-h"}, exitOK, "The commands are:", ""},
		{"--help", []string{"--help"}, exitOK, "The commands are:", ""},
		{"help run", []string{"help", "run"}, exitOK, "usage: ccefsm run [--json | --mermaid] [SCENARIO]", ""},
		{"help of an unknown command", []string{"help", "nope"}, exitUsage, "", `unknown command "nope"`},
		{"help of two commands", []string{"help", "run", "check"}, exitUsage, "", "usage: ccefsm help [command]"},
		{"run", []string{"run", good}, exitOK, "Timeline", ""},
		{"run, flag after the file", []string{"run", good, "--json"}, exitOK, `{"type":"scenario"`, ""},
		{"run, -- before a file", []string{"run", "--", good}, exitOK, "Timeline", ""},
		{"run --json --mermaid", []string{"run", "--json", "--mermaid", good}, exitUsage, "", "exclude each other"},
		{"run of two files", []string{"run", good, good}, exitUsage, "", "one scenario at a time"},
		{"run, unknown flag", []string{"run", "--bogus"}, exitUsage, "", "flag provided but not defined: -bogus"},
		{"run of a missing file", []string{"run", filepath.Join(dir, "none.yaml")}, exitUsage, "", "no such file"},
		{"run of a malformed file", []string{"run", malformed}, exitUsage, "", malformed + ":3:1: bogus: unknown field"},
		{"check", []string{"check", good}, exitOK, "ok   " + good, ""},
		{"check without a file", []string{"check"}, exitUsage, "", "no scenario file given"},
		{"check of a file without expectations", []string{"check", unchecked}, exitMismatch, "FAIL " + unchecked + ": no expectations, so it checks nothing", ""},
		{"check of a good file and one without expectations", []string{"check", good, unchecked}, exitMismatch, "ok   " + good, ""},
		{"run of a file without expectations", []string{"run", unchecked}, exitOK, "Timeline", ""},
		{"check, a malformed file after a good one", []string{"check", good, malformed}, exitUsage, "", "unknown field"},
		{"rules", []string{"rules"}, exitOK, "AG-1 (documented+inferred)", ""},
		{"rules --json", []string{"rules", "--json"}, exitOK, `{"id":"AG-1"`, ""},
		{"rules with an argument", []string{"rules", "x"}, exitUsage, "", "rules takes no argument"},
		{"diagram", []string{"diagram"}, exitOK, "```mermaid", ""},
		{"diagram of a scenario", []string{"diagram", "examples/scenarios/pgfailover.yaml"}, exitOK, "RESERVED --> NOT_READY: row 5", ""},
		{"diagram of two scenarios", []string{"diagram", good, good}, exitUsage, "", "one scenario at a time"},
		{"diagram of a malformed file", []string{"diagram", malformed}, exitUsage, "", "unknown field"},
	}
	checkCalls(t, tests)
}

// TestHelp: every command has help, the same through "help NAME",
// "NAME -h" and "NAME --help", on standard output, with its flags.
func TestHelp(t *testing.T) {
	for _, c := range commands {
		_, want, _ := call("help", c.name)
		if !strings.HasPrefix(want, "usage: ccefsm "+c.name+" ") || c.summary == "" || len(c.help) < 100 {
			t.Errorf("help %s: %q", c.name, want)
		}
		for _, flag := range []string{"-h", "--help", "-help"} {
			status, out, errs := call(c.name, flag)
			if status != exitOK || out != want || errs != "" {
				t.Errorf("%s %s: status %d, stdout %q, stderr %q; want the help of help %s", c.name, flag, status, out, errs, c.name)
			}
		}
	}
	_, out, _ := call("help", "run")
	for _, f := range []string{"-json", "-mermaid"} {
		if !strings.Contains(out, f) {
			t.Errorf("help run lacks the flag %s:\n%s", f, out)
		}
	}
	_, usage, _ := call("help")
	for _, c := range commands {
		if !strings.Contains(usage, "\t"+c.name) {
			t.Errorf("help lacks the command %s:\n%s", c.name, usage)
		}
	}
}

// TestRulesJSON: rules --json writes the whole catalogue, one rule a line.
func TestRulesJSON(t *testing.T) {
	_, out, _ := call("rules", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	rules := ccefsm.Rules()
	if len(lines) != len(rules) {
		t.Fatalf("%d lines for %d rules", len(lines), len(rules))
	}
	for i, l := range lines {
		var r struct{ ID, Rule, Provenance, Source string }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.ID != rules[i].ID.String() || r.Rule != rules[i].Statement || r.Provenance != rules[i].Provenance.String() || r.Source != rules[i].Source {
			t.Errorf("line %d: %+v, want %+v", i, r, rules[i])
		}
	}
}

// TestDiagramDefault: without overrides, diagram shows the documents of
// docs/, but for the line that says how they were generated.
func TestDiagramDefault(t *testing.T) {
	atRoot(t)
	_, out, _ := call("diagram", "examples/scenarios/pimfailure.yaml")
	var want []string
	for _, f := range []string{"agentstate.md", "taskstate.md", "routing.md", "routing-conn.md"} {
		b, err := os.ReadFile(filepath.Join("docs", f))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, dropGenerated(string(b)))
	}
	if got := dropGenerated(out); got != strings.Join(want, "\n") {
		t.Errorf("diagram of a scenario without overrides is not docs/:\n%s", got)
	}
}

// dropGenerated drops the paragraphs that start with "Generated ".
func dropGenerated(s string) string {
	var keep []string
	skip := false
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.HasPrefix(l, "Generated ") {
			skip = true
		}
		if !skip {
			keep = append(keep, l)
		}
		if l == "\n" {
			skip = false
		}
	}
	return strings.Join(keep, "")
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestWriteError: output that cannot be written is reported and exits 1.
func TestWriteError(t *testing.T) {
	var errb bytes.Buffer
	if status := Main([]string{"rules"}, failingWriter{}, &errb); status != exitMismatch || !strings.Contains(errb.String(), "disk full") {
		t.Errorf("status %d, stderr %q", status, errb.String())
	}
}

// TestDiagramOverrides: diagram shows a scenario's overrides of every
// table: AG-T1, the task table and the routing rule table.
func TestDiagramOverrides(t *testing.T) {
	src := `name: overrides
start: 2026-03-02T09:00:00Z
settings:
  pg-table: [{row: 6, after: NOT_READY}]
  task-table: [{from: NEW, event: end, disposition: 6}]
  routing: [{row: 4, action: fail}]
topology:
  mrds: [{id: 2, media: chat}]
  agent-pgs: [{id: 1, peripherals: [5000]}]
  mr-pgs: [{id: 2}]
  applications: [{id: 7, mrds: [2], agent-pg: 1, mr-pg: 2}]
timeline: []
`
	file := filepath.Join(t.TempDir(), "overrides.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	status, out, errs := call("diagram", file)
	if status != exitOK || errs != "" {
		t.Fatalf("status %d, stderr %q", status, errs)
	}
	for _, want := range []string{
		"    TALKING --> NOT_READY: row 6\n",
		"| 6 | TALKING, HOLD | any | NOT_READY |  | inferred+configurable |",
		"    NEW --> LOGGED_OUT: end 6\n",
		"| 6 DBCD_ABAND_AGENT_TERMINAL (overridden; default 35) |",
		"| fail (overridden; default hold) |",
		"up_none --> cc_down_none: ControllerPathDown: RT-3 ROUTING_DISABLED", // a request failed by row 4 is gone
		"Generated by `ccefsm diagram` from " + file + " (overrides)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diagram lacks %q", want)
		}
	}
}

// TestCTIGolden: the text and JSON Lines trace of the capture that
// examples/ctireplay replays, against testdata/golden.
func TestCTIGolden(t *testing.T) {
	testdata := atRoot(t)
	for _, mode := range []struct{ flag, ext string }{{"", ".txt"}, {"--json", ".jsonl"}} {
		args := []string{"cti"}
		if mode.flag != "" {
			args = append(args, mode.flag)
		}
		args = append(args, "examples/ctireplay/testdata/session.cti")
		status, out, errs := call(args...)
		if status != exitOK || errs != "" {
			t.Fatalf("%v: status %d, stderr %q", args, status, errs)
		}
		gencheck.Golden(t, filepath.Join(testdata, "golden", "ctireplay-session"+mode.ext), []byte(out))
	}
}

// TestCTIExitStatus: the statuses and messages of ccefsm cti for captures
// that are whole, refused in part, cut short, without a version, and for
// usage errors.
func TestCTIExitStatus(t *testing.T) {
	atRoot(t)
	capture, err := os.ReadFile("examples/ctireplay/testdata/session.cti")
	if err != nil {
		t.Fatal(err)
	}
	const openReq = 79 // the capture's first message, OPEN_REQ, is 79 bytes
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// An AGENT_STATE_EVENT (type 30) whose 4-byte body cannot hold its
	// fixed part, between the OPEN_REQ and the rest of the capture.
	short := []byte{0, 0, 0, 4, 0, 0, 0, 30, 0, 0, 0, 0}
	refused := write("refused.cti", append(append(append([]byte(nil), capture[:openReq]...), short...), capture[openReq:]...))
	cut := write("cut.cti", capture[:len(capture)-3])
	headless := write("headless.cti", capture[openReq:])
	whole := "examples/ctireplay/testdata/session.cti"
	old := append([]byte(nil), capture...)
	old[cti.HeaderSize+7] = 9 // the OPEN_REQ's VersionNumber, a UINT after InvokeID
	v9 := write("v9.cti", old)
	empty := write("empty.cti", nil)
	tests := []callCase{
		{"whole", []string{"cti", whole}, exitOK, "@0 OPEN_REQ len=71", ""},
		{"flag after the file", []string{"cti", whole, "--json"}, exitOK, `{"offset":0,"type":"OPEN_REQ"`, ""},
		{"a refused message, the trace goes on", []string{"cti", refused}, exitMismatch, "@79 AGENT_STATE_EVENT len=4 refused:", "1 of "},
		{"the message after the refused one", []string{"cti", refused}, exitMismatch, "@91 OPEN_CONF", "messages refused"},
		{"cut short", []string{"cti", cut}, exitMismatch, "@0 OPEN_REQ", "truncated message"},
		{"no OPEN_REQ", []string{"cti", headless}, exitUsage, "", "the capture does not start with an OPEN_REQ"},
		{"an OPEN_REQ of version 9", []string{"cti", v9}, exitUsage, "", "asks for version 9; this package reads versions 13 to 25"},
		{"empty", []string{"cti", empty}, exitOK, "", ""},
		{"no OPEN_REQ, --version given", []string{"cti", "--version", "24", headless}, exitOK, "@0 OPEN_CONF len=32", ""},
		{"--version too old", []string{"cti", "--version", "12", whole}, exitUsage, "", "this build reads versions 13 to 25"},
		{"--version too new", []string{"cti", "--version", "26", whole}, exitUsage, "", "this build reads versions 13 to 25"},
		{"--version past 16 bits", []string{"cti", "--version", "65561", whole}, exitUsage, "", "--version 65561"},
		{"no file", []string{"cti"}, exitUsage, "", "one capture file is needed"},
		{"two files", []string{"cti", whole, whole}, exitUsage, "", "one capture file is needed"},
		{"missing file", []string{"cti", filepath.Join(dir, "none.cti")}, exitUsage, "", "no such file"},
		{"a directory", []string{"cti", dir}, exitUsage, "", "is a directory"},
	}
	checkCalls(t, tests)
}

// callCase is a command line and what it must do.
type callCase struct {
	reason string
	args   []string
	status int
	stdout string // a substring; "" means stdout must be empty
	stderr string // a substring; "" means stderr must be empty
}

// checkCalls runs each case in-process and checks its exit status and
// output.
func checkCalls(t *testing.T, tests []callCase) {
	t.Helper()
	for _, tt := range tests {
		status, out, errs := call(tt.args...)
		if status != tt.status {
			t.Errorf("%s: status %d, want %d\nstdout: %s\nstderr: %s", tt.reason, status, tt.status, out, errs)
		}
		if (tt.stdout == "") != (out == "") || !strings.Contains(out, tt.stdout) {
			t.Errorf("%s: stdout %q, want one containing %q", tt.reason, out, tt.stdout)
		}
		if (tt.stderr == "") != (errs == "") || !strings.Contains(errs, tt.stderr) {
			t.Errorf("%s: stderr %q, want one containing %q", tt.reason, errs, tt.stderr)
		}
	}
}
