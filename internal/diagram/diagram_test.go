package diagram

import (
	"strings"
	"testing"
)

func TestBadTables(t *testing.T) {
	tests := []struct {
		reason  string
		initial string
		edges   []Edge
		want    string
	}{
		{"no initial state", "", []Edge{{"A", "e", "B"}}, "empty initial state"},
		{"edge without an event", "A", []Edge{{"A", "", "B"}}, "incomplete edge"},
		{"one event from one state to two states", "A", []Edge{{"A", "e", "B"}, {"A", "e", "C"}}, "goes to both"},
	}
	for _, tt := range tests {
		for name, render := range map[string]func(string, []Edge) (string, error){"Mermaid": Mermaid, "Graphviz": Graphviz} {
			_, err := render(tt.initial, tt.edges)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s, %s: err = %v, want %q", tt.reason, name, err, tt.want)
			}
		}
	}
}

func TestDuplicateEdgeIsOne(t *testing.T) {
	one, err := Graphviz("A", []Edge{{"A", "e", "B"}})
	if err != nil {
		t.Fatal(err)
	}
	two, err := Graphviz("A", []Edge{{"A", "e", "B"}, {"A", "e", "B"}})
	if err != nil {
		t.Fatal(err)
	}
	if one != two {
		t.Errorf("a repeated edge changed the diagram:\n%s\nvs\n%s", one, two)
	}
	if !strings.Contains(one, `"A" -> "B" [ label = "e" ];`) {
		t.Errorf("Graphviz output lacks the edge:\n%s", one)
	}
}

func TestMermaidEdges(t *testing.T) {
	got, err := MermaidEdges([]Edge{{"B", "row 2", "C"}, {"A", "row 1", "A"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "stateDiagram-v2\n    B --> C: row 2\n    A --> A: row 1\n"
	if got != want {
		t.Errorf("MermaidEdges = %q, want %q (edges in the order given, no initial state)", got, want)
	}
	if _, err := MermaidEdges([]Edge{{"A", "", "B"}}); err == nil || !strings.Contains(err.Error(), "incomplete edge") {
		t.Errorf("an edge without an event: err = %v", err)
	}
}
