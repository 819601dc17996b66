package agentstate_test

import (
	"bytes"
	"fmt"
	"math/bits"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/diagram"
)

// diagramDoc renders docs/agentstate.md from the transition table and the
// failover tables, through looplab/fsm's Mermaid visualiser.
func diagramDoc(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("# Agent state machine (`agentstate`)\n\n")
	b.WriteString("Generated from `agentstate.Transitions()`, `agentstate.PGTable()` and `agentstate.DesktopTable()` by\n`go test ./agentstate -run TestDiagramDoc -update`; do not edit.\n\n")
	b.WriteString("One state per agent and MRD; the names are the CTI Server AgentState names. Each edge is a request that the machine accepts; any other request is refused with `ErrIllegalTransition` and changes nothing. States reported by the CTI server or the ACD (observations, AG-10) may move any state to any state and are not drawn.\n")
	for _, m := range []agentstate.Media{agentstate.Voice, agentstate.NonVoice} {
		var edges []diagram.Edge
		for _, tr := range agentstate.Transitions() {
			if tr.Media == m {
				edges = append(edges, diagram.Edge{From: tr.From.String(), Event: tr.Event.String(), To: tr.To.String()})
			}
		}
		out, err := diagram.Mermaid(agentstate.Logout.String(), edges)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "\n## %s MRD\n\n```mermaid\n%s```\n\n", title(m), out)
		b.WriteString("| from | event | to | by | provenance | source |\n|---|---|---|---|---|---|\n")
		for _, tr := range agentstate.Transitions() {
			if tr.Media == m {
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", tr.From, tr.Event, tr.To, tr.Actor, tr.Provenance, tr.Source)
			}
		}
	}
	for _, tab := range []agentstate.Table{agentstate.PGTable(), agentstate.DesktopTable()} {
		name := "PG / CTI Manager failover"
		if tab.ID().String() == "AG-T2" {
			name = "desktop / Finesse failover"
		}
		fmt.Fprintf(&b, "\n## %s: state after %s\n\n", tab.ID(), name)
		b.WriteString("| row | state at failover | state before the call | after | reports | provenance | source | note |\n|---|---|---|---|---|---|---|---|\n")
		for _, r := range tab.Rows() {
			before := "any"
			if r.BeforeCall != 0 {
				before = r.BeforeCall.String()
				if rest := agentstate.StateSet(1<<15-1) &^ r.BeforeCall; bits.OnesCount16(uint16(rest)) < bits.OnesCount16(uint16(r.BeforeCall)) {
					before = "anything but " + rest.String()
				}
			}
			report := ""
			if r.Report.IsValid() {
				report = r.Report.String()
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %s | %s |\n", r.N, r.Before, before, r.After, report, r.Provenance, r.Source, r.Note)
		}
		b.WriteString("\nNo row matches LOGOUT. Row 7 (LOGOUT → LOGOUT) was retired: neither of Cisco's tables has it, and no failure reaches it, since a failure logs out only agents that are logged in. Its number is not reused.\n")
	}
	return b.Bytes()
}

func title(m agentstate.Media) string {
	s := m.String()
	return strings.ToUpper(s[:1]) + s[1:]
}
