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
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Update is the -update flag: drift tests rewrite the checked-in file instead
// of failing.
var Update = flag.Bool("update", false, "rewrite generated files checked by drift tests")

// Golden compares got with the file at path. With -update it writes got to
// path instead.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
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

// Stringer runs the stringer tool (a tool dependency in go.mod) in the
// current package directory with args, writing to a temporary file, and
// compares the result with the checked-in file named output.
func Stringer(t testing.TB, output string, args ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs go tool stringer; skipped with -short")
	}
	tmp := filepath.Join(t.TempDir(), output)
	cmd := exec.Command("go", append(append([]string{"tool", "stringer"}, args...), "-output="+tmp, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go tool stringer %v: %v\n%s", args, err, out)
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
