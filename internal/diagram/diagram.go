// Package diagram renders the transition tables of the ccefsm machines as
// Mermaid and Graphviz diagrams. It builds a github.com/looplab/fsm machine
// from the table and uses that package's visualisers, so the diagrams in docs/
// come from the same rows that drive behaviour.
//
// It is internal: only the generators and drift tests use it, which keeps
// looplab/fsm out of the import graph of the library packages.
package diagram

import (
	"fmt"
	"strings"

	"github.com/looplab/fsm"
)

// Edge is one transition: on Event, From goes to To.
type Edge struct {
	From, Event, To string
}

func build(initial string, edges []Edge) (*fsm.FSM, error) {
	if initial == "" {
		return nil, fmt.Errorf("diagram: empty initial state")
	}
	seen := make(map[[2]string]string, len(edges))
	events := make([]fsm.EventDesc, 0, len(edges))
	for _, e := range edges {
		if e.From == "" || e.Event == "" || e.To == "" {
			return nil, fmt.Errorf("diagram: incomplete edge %+v", e)
		}
		k := [2]string{e.From, e.Event}
		if to, dup := seen[k]; dup {
			if to != e.To {
				return nil, fmt.Errorf("diagram: event %q from %q goes to both %q and %q", e.Event, e.From, to, e.To)
			}
			continue
		}
		seen[k] = e.To
		events = append(events, fsm.EventDesc{Name: e.Event, Src: []string{e.From}, Dst: e.To})
	}
	return fsm.NewFSM(initial, events, nil), nil
}

// Mermaid returns a Mermaid stateDiagram-v2 of the edges, starting at
// initial. Edges are sorted by the visualiser, so the output is stable.
func Mermaid(initial string, edges []Edge) (string, error) {
	f, err := build(initial, edges)
	if err != nil {
		return "", err
	}
	return fsm.VisualizeForMermaidWithGraphType(f, fsm.StateDiagram)
}

// Graphviz returns a Graphviz digraph of the edges, starting at initial.
func Graphviz(initial string, edges []Edge) (string, error) {
	f, err := build(initial, edges)
	if err != nil {
		return "", err
	}
	return fsm.VisualizeWithType(f, fsm.GRAPHVIZ)
}

// MermaidEdges returns a Mermaid stateDiagram-v2 of the edges in the order
// given, with no initial state: for a mapping such as a failover table,
// where every edge stands alone. An incomplete edge is an error.
func MermaidEdges(edges []Edge) (string, error) {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	for _, e := range edges {
		if e.From == "" || e.Event == "" || e.To == "" {
			return "", fmt.Errorf("diagram: incomplete edge %+v", e)
		}
		fmt.Fprintf(&b, "    %s --> %s: %s\n", e.From, e.To, e.Event)
	}
	return b.String(), nil
}
