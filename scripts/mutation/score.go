//go:build ignore

// Command score reads the JSON report of a gremlins run (gremlins unleash
// -o) and scores it as scripts/mutation.sh describes: each KILLED mutant is
// applied again, alone, through a go build overlay, and counted as not
// viable when the package does not compile with it. Each NOT COVERED
// mutant that compiles is run here: gremlins takes a mutant for covered
// only when it lies in a block of the coverage profile, and the condition
// of a switch case lies in none (the case's block starts after its colon),
// so it never runs those; this command runs the package's tests on each,
// with go test's own timeout.
//
//	go run scripts/mutation/score.go REPORT.json PKG
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

type report struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

// mutations are gremlins v0.6.0's token replacements
// (internal/engine/mappings.go), for the mutators it enables by default.
var mutations = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE":       {token.ADD: token.SUB, token.MUL: token.QUO, token.QUO: token.MUL, token.REM: token.MUL, token.SUB: token.ADD},
	"CONDITIONALS_BOUNDARY": {token.GEQ: token.GTR, token.GTR: token.GEQ, token.LEQ: token.LSS, token.LSS: token.LEQ},
	"CONDITIONALS_NEGATION": {token.EQL: token.NEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR, token.LSS: token.GEQ, token.NEQ: token.EQL},
	"INCREMENT_DECREMENT":   {token.DEC: token.INC, token.INC: token.DEC},
	"INVERT_NEGATIVES":      {token.SUB: token.ADD},
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run scripts/mutation/score.go REPORT.json PKG")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	check(err)
	var rep report
	check(json.Unmarshal(data, &rep))
	pkg := os.Args[2]
	dir, err := filepath.Abs(pkg)
	check(err)
	tmp, err := os.MkdirTemp("", "score")
	check(err)
	defer os.RemoveAll(tmp)

	count := map[string]int{}
	var lived, notViable []string
	for _, f := range rep.Files {
		path := filepath.Join(dir, filepath.Base(f.Name))
		src, err := os.ReadFile(path)
		check(err)
		for _, m := range f.Mutations {
			where := fmt.Sprintf("%s:%d:%d %s", filepath.Base(f.Name), m.Line, m.Column, m.Type)
			switch m.Status {
			case "KILLED":
				if compiles(tmp, pkg, path, mutate(src, m.Line, m.Column, m.Type)) {
					count["killed"]++
				} else {
					count["not viable"]++
					notViable = append(notViable, where)
				}
			case "LIVED":
				count["lived"]++
				lived = append(lived, where+"\t"+strings.TrimSpace(line(src, m.Line)))
			case "NOT COVERED":
				mutant := mutate(src, m.Line, m.Column, m.Type)
				switch {
				case !compiles(tmp, pkg, path, mutant):
					count["not covered, not viable"]++
				case testsFail(tmp, pkg, path, mutant):
					count["not covered, killed"]++
				default:
					count["not covered, lived"]++
					lived = append(lived, where+" (not covered by gremlins)\t"+strings.TrimSpace(line(src, m.Line)))
				}
			default:
				count[strings.ToLower(m.Status)]++
			}
		}
	}
	sort.Strings(lived)
	sort.Strings(notViable)
	fmt.Printf("not viable (do not compile, gremlins counted them killed): %d\n", count["not viable"])
	for _, w := range notViable {
		fmt.Println("  ", w)
	}
	fmt.Printf("lived: %d\n", count["lived"])
	for _, w := range lived {
		fmt.Println("  ", w)
	}
	k, l := count["killed"], count["lived"]
	fmt.Printf("gremlins' covered mutants that compile: killed %d, lived %d, timed out %d\n", k, l, count["timed out"])
	if k+l > 0 {
		fmt.Printf("  efficacy %.1f%% (killed / (killed + lived))\n", 100*float64(k)/float64(k+l))
	}
	nk, nl := count["not covered, killed"], count["not covered, lived"]
	fmt.Printf("gremlins' not covered mutants (run here): not viable %d, killed %d, lived %d\n", count["not covered, not viable"], nk, nl)
	if k+l+nk+nl > 0 {
		fmt.Printf("all mutants that compile: efficacy %.1f%% (%d killed of %d)\n", 100*float64(k+nk)/float64(k+l+nk+nl), k+nk, k+l+nk+nl)
	}
}

// testsFail reports whether the package's tests fail with file path
// replaced by src.
func testsFail(tmp, pkg, path string, src []byte) bool {
	ov := writeOverlay(tmp, path, src)
	cmd := exec.Command("go", "test", "-count=1", "-failfast", "-timeout=10m", "-overlay", ov, pkg)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd.Run() != nil
}

// mutate returns src with the token at line:col replaced as mutator typ
// replaces it.
func mutate(src []byte, line, col int, typ string) []byte {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		p := fset.Position(pos)
		if p.Line != line || p.Column != col {
			continue
		}
		to, ok := mutations[typ][tok]
		if !ok {
			panic(fmt.Sprintf("%d:%d: no %s mutation of %v %q", line, col, typ, tok, lit))
		}
		off := file.Offset(pos)
		return append(append(append([]byte(nil), src[:off]...), to.String()...), src[off+len(tok.String()):]...)
	}
	panic(fmt.Sprintf("%d:%d: no token", line, col))
}

// compiles reports whether pkg builds with file path replaced by src.
func compiles(tmp, pkg, path string, src []byte) bool {
	ov := writeOverlay(tmp, path, src)
	cmd := exec.Command("go", "build", "-overlay", ov, pkg)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd.Run() == nil
}

// writeOverlay writes src and an overlay that puts it in place of path, and
// returns the overlay's file name.
func writeOverlay(tmp, path string, src []byte) string {
	mutant := filepath.Join(tmp, "mutant.go")
	check(os.WriteFile(mutant, src, 0o644))
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {path: mutant}})
	check(err)
	ov := filepath.Join(tmp, "overlay.json")
	check(os.WriteFile(ov, overlay, 0o644))
	return ov
}

func line(src []byte, n int) string {
	lines := bytes.Split(src, []byte("\n"))
	if n-1 < len(lines) {
		return string(lines[n-1])
	}
	return ""
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
