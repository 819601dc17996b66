// Package gencheck holds the helpers of the drift tests: each generated file
// that is checked in (stringer output, docs, diagrams) is regenerated in the
// test and compared with the file on disk.
package gencheck

import (
	"bytes"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Update is the -update flag: drift tests rewrite the checked-in file instead
// of failing. Setting the environment variable CCEFSM_UPDATE to a non-empty
// value does the same for every package at once, including those whose
// tests define no -update flag:
//
//	go generate ./... && CCEFSM_UPDATE=1 go test ./...
var Update = flag.Bool("update", os.Getenv("CCEFSM_UPDATE") != "", "rewrite generated files checked by drift tests")

// Golden compares got with the file at path. With -update it writes got to
// path instead.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		write(t, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s is out of date (-file +generated):\n%s\nrun: go test -run %s -update", path, cmp.Diff(string(want), string(got)), t.Name())
	}
}

// write replaces the file at path with b, unless it holds b already. The
// new content goes to a temporary file renamed over path, so that other
// test binaries of the same "go test ./..." (which may be reading path, a
// capture or a golden file they share) see the old file or the new one,
// never a file cut short.
func write(t testing.TB, path string, b []byte) {
	t.Helper()
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.CreateTemp(dir, ".gencheck-*")
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		t.Fatal(err)
	}
}

// StringerCommand is the command every stringer directive of the
// repository runs: stringer at a fixed version through go run, so that the
// tool stays out of the module's requirements (a consumer's go list -m all
// does not list it).
const StringerCommand = "go run golang.org/x/tools/cmd/stringer@v0.40.0"

// Stringers checks every stringer output of the package in the current
// directory against its source: for each //go:generate directive that runs
// StringerCommand it runs the same command into a temporary file and
// compares the generated code with the checked-in file the directive names.
// Reading the directives, it cannot drift from them. A package with no
// directive fails: the test has nothing to check.
func Stringers(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs stringer; skipped with -short")
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(src), "\n") {
			args, ok := strings.CutPrefix(line, "//go:generate "+StringerCommand+" ")
			if !ok {
				continue
			}
			n++
			checkStringer(t, strings.Fields(args))
		}
	}
	if n == 0 {
		t.Fatal("no stringer directive in this package")
	}
}

func checkStringer(t testing.TB, args []string) {
	t.Helper()
	output := ""
	var rest []string
	for _, a := range args {
		if o, ok := strings.CutPrefix(a, "-output="); ok {
			output = o
			continue
		}
		rest = append(rest, a)
	}
	if output == "" {
		t.Fatalf("stringer directive %q names no -output", strings.Join(args, " "))
	}
	tmp := filepath.Join(t.TempDir(), output)
	cmd := exec.Command("go", append(append(strings.Fields(StringerCommand)[1:], rest...), "-output="+tmp, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", StringerCommand, rest, err, out)
	}
	got, err := os.ReadFile(tmp)
	if err != nil {
		t.Fatal(err)
	}
	// stringer records its command line in the header; the flags differ only
	// in -output, so compare the generated code below the header.
	want, err := os.ReadFile(output)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body(want), body(got)) {
		t.Errorf("%s is out of date (-file +generated):\n%s\nrun: go generate", output, cmp.Diff(string(body(want)), string(body(got))))
	}
}

// body drops stringer's first line, which holds the command line.
func body(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}

// Transcript runs an example program's run function into a buffer and
// compares what it printed with the golden file at path (see [Golden]).
func Transcript(t testing.TB, path string, run func(io.Writer) error) {
	t.Helper()
	var b bytes.Buffer
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	Golden(t, path, b.Bytes())
}
