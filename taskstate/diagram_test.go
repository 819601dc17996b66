package taskstate

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"github.com/ccefsm/ccefsm/internal/diagram"
	"github.com/ccefsm/ccefsm/internal/gencheck"
)

// taskMarkdown renders docs/taskstate.md from the default transition table:
// a Mermaid state diagram and the rows it is drawn from.
func taskMarkdown() ([]byte, error) {
	rows := DefaultTable().Rows()
	edges := make([]diagram.Edge, 0, len(rows))
	for _, r := range rows {
		label := r.Event.String()
		if r.To == StateEnded {
			label += " " + strconv.Itoa(int(r.Disposition))
		}
		edges = append(edges, diagram.Edge{From: r.From.String(), Event: label, To: r.To.String()})
	}
	mermaid, err := diagram.Mermaid(StateNew.String(), edges)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("# Task machine (taskstate)\n\n")
	b.WriteString("Generated from `taskstate.DefaultTable()` by `go test ./taskstate -run TestTaskDiagram -update`; do not edit.\n\n")
	b.WriteString("States use the CTI TaskState names (PRE_CALL 0, ACTIVE 1, WRAPUP 2, PAUSED 3, OFFERED 4, LOGGED_OUT 7 = ended); ")
	b.WriteString("NEW and CLOSING are the library's own. Edges into LOGGED_OUT carry the CallDisposition they end with ")
	b.WriteString("(for `end`, the default when END_TASK_IND gives none). A task may also begin in PRE_CALL, OFFERED or ACTIVE.\n\n")
	b.WriteString("```mermaid\n")
	b.WriteString(mermaid)
	if mermaid[len(mermaid)-1] != '\n' {
		b.WriteByte('\n')
	}
	b.WriteString("```\n\n")
	b.WriteString("| row | from | event | to | disposition | rule | provenance | source |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		disp := ""
		if r.Disposition != 0 {
			disp = fmt.Sprintf("%d %s", r.Disposition, r.Disposition)
		}
		rule := ""
		if r.Rule.IsValid() {
			rule = r.Rule.String()
		}
		src := r.Source
		if r.Note != "" {
			src += " — " + r.Note
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %s | %s |\n", r.N, r.From, r.Event, r.To, disp, rule, r.Provenance, src)
	}
	return b.Bytes(), nil
}

func TestTaskDiagram(t *testing.T) {
	got, err := taskMarkdown()
	if err != nil {
		t.Fatal(err)
	}
	gencheck.Golden(t, "../docs/taskstate.md", got)
}
