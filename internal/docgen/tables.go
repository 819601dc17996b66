package docgen

import (
	"bytes"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/diagram"
	"github.com/ccefsm/ccefsm/routing"
	"github.com/ccefsm/ccefsm/taskstate"
)

// This file renders the state diagrams and rule tables of the leaf
// packages from the tables given, so that docs/ (the defaults) and the
// ccefsm diagram command (a scenario's overrides) show the same thing from
// the same code. Each function takes the line saying how the document was
// generated.

// AgentStateMarkdown renders the agent state machine (the transition
// table of agentstate.Transitions, per media) and the failover tables pg
// (AG-T1) and desktop (AG-T2): a Mermaid diagram and the rows of each.
func AgentStateMarkdown(pg, desktop *agentstate.Table, generated string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Agent state machine (`agentstate`)\n\n")
	b.WriteString(generated + "\n\n")
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
			return nil, err
		}
		s := m.String()
		fmt.Fprintf(&b, "\n## %s MRD\n\n```mermaid\n%s```\n\n", strings.ToUpper(s[:1])+s[1:], out)
		b.WriteString("| from | event | to | by | provenance | source |\n|---|---|---|---|---|---|\n")
		for _, tr := range agentstate.Transitions() {
			if tr.Media == m {
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", tr.From, tr.Event, tr.To, tr.Actor, tr.Provenance, tr.Source)
			}
		}
	}
	for _, tab := range []*agentstate.Table{pg, desktop} {
		name := "PG / CTI Manager failover"
		if tab.ID() == ccefsm.AGT2 {
			name = "desktop / Finesse failover"
		}
		fmt.Fprintf(&b, "\n## %s: state after %s\n\n", tab.ID(), name)
		b.WriteString("An agent logged out by the failure (reason 50002) is logged in again in the state of its row: an edge goes from the state at failover to the state after it.\n\n")
		var edges []diagram.Edge
		for _, r := range tab.Rows() {
			for s := agentstate.State(0); s <= agentstate.NotActive; s++ {
				if !r.Before.Has(s) {
					continue
				}
				label := "row " + strconv.Itoa(r.N)
				if r.BeforeCall != 0 {
					label += ", " + beforeCall(r.BeforeCall) + " before the call"
				}
				to := r.After.String()
				switch r.After.Kind {
				case agentstate.OutcomeKeep:
					to = s.String()
					label += ", unchanged"
				case agentstate.OutcomeTasks:
					to = "FROM_TASKS"
				}
				edges = append(edges, diagram.Edge{From: s.String(), Event: label, To: to})
			}
		}
		out, err := diagram.MermaidEdges(edges)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "```mermaid\n%s```\n\n", out)
		b.WriteString("FROM_TASKS: the state is rebuilt from the agent's open tasks in the MRD (Not Ready when none).\n\n")
		b.WriteString("| row | state at failover | state before the call | after | reports | provenance | source | note |\n|---|---|---|---|---|---|---|---|\n")
		for _, r := range tab.Rows() {
			before := "any"
			if r.BeforeCall != 0 {
				before = beforeCall(r.BeforeCall)
			}
			report := ""
			if r.Report.IsValid() {
				report = r.Report.String()
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %s | %s |\n", r.N, r.Before, before, r.After, report, r.Provenance, r.Source, r.Note)
		}
		b.WriteString("\nNo row matches LOGOUT. Row 7 (LOGOUT → LOGOUT) was retired: neither of Cisco's tables has it, and no failure reaches it, since a failure logs out only agents that are logged in. Its number is not reused.\n")
	}
	return b.Bytes(), nil
}

// beforeCall names a row's "state before the call" set, as its complement
// when that is shorter.
func beforeCall(set agentstate.StateSet) string {
	if rest := agentstate.StateSet(1<<15-1) &^ set; bits.OnesCount16(uint16(rest)) < bits.OnesCount16(uint16(set)) {
		return "anything but " + rest.String()
	}
	return set.String()
}

// TaskStateMarkdown renders the task machine of table t: a Mermaid state
// diagram and the rows it is drawn from.
func TaskStateMarkdown(t *taskstate.Table, generated string) ([]byte, error) {
	rows := t.Rows()
	edges := make([]diagram.Edge, 0, len(rows))
	for _, r := range rows {
		label := r.Event.String()
		if r.To == taskstate.StateEnded {
			label += " " + strconv.Itoa(int(r.Disposition))
		}
		edges = append(edges, diagram.Edge{From: r.From.String(), Event: label, To: r.To.String()})
	}
	mermaid, err := diagram.Mermaid(taskstate.StateNew.String(), edges)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("# Task machine (taskstate)\n\n")
	b.WriteString(generated + "\n\n")
	b.WriteString("States use the CTI TaskState names (PRE_CALL 0, ACTIVE 1, WRAPUP 2, PAUSED 3, OFFERED 4, LOGGED_OUT 7 = ended); ")
	b.WriteString("NEW and CLOSING are the library's own. Edges into LOGGED_OUT carry the CallDisposition they end with ")
	b.WriteString("(for `end`, the default when END_TASK_IND gives none). A task may also begin in PRE_CALL, OFFERED or ACTIVE.\n\n")
	b.WriteString("```mermaid\n")
	b.WriteString(mermaid)
	if !strings.HasSuffix(mermaid, "\n") {
		b.WriteByte('\n')
	}
	b.WriteString("```\n\n")
	b.WriteString("| row | from | event | to | disposition | rule | provenance | source |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	defaults := taskstate.DefaultTable().Rows()
	for i, r := range rows {
		disp := ""
		if r.Disposition != 0 {
			disp = fmt.Sprintf("%d %s", r.Disposition, r.Disposition)
		}
		if i < len(defaults) && defaults[i].Disposition != r.Disposition {
			disp += fmt.Sprintf(" (overridden; default %d)", defaults[i].Disposition)
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

// RoutingRowsMarkdown renders the routing rule table with the action in
// force under policy p for each row.
func RoutingRowsMarkdown(p routing.Policy, generated string) []byte {
	var b bytes.Buffer
	b.WriteString("# Routing rule table (package routing)\n\n")
	b.WriteString(generated + "\n\n")
	b.WriteString("Effects carry the row number (`Effect.Row`, `ReportEffect.Row`). Inferred rows with alternatives can be overridden with `Policy.Set`; documented rows cannot.\n\n")
	b.WriteString("| row | rule | situation | action | provenance | alternatives | source | note |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range routing.Rows() {
		var alts []string
		for _, a := range r.Alternatives {
			alts = append(alts, a.String())
		}
		action := r.Default.String()
		if a, err := p.Action(r.N); err == nil && a != r.Default {
			action = a.String() + " (overridden; default " + r.Default.String() + ")"
		}
		fmt.Fprintf(&b, "| %d | %v | %s | %s | %v | %s | %s | %s |\n", r.N, r.Rule, cell(r.Situation), action, r.Provenance,
			cell(strings.Join(alts, ", ")), cell(r.Source), cell(r.Note))
	}
	return b.Bytes()
}

// RoutingConnMarkdown renders the state diagram of one NEW_TASK request
// through MR outages under policy p, drawn by driving a routing.Conn
// through every sequence of path events.
func RoutingConnMarkdown(p routing.Policy, generated string) ([]byte, error) {
	initial, edges, err := connEdges(p)
	if err != nil {
		return nil, err
	}
	m, err := diagram.Mermaid(initial, edges)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("# One NEW_TASK through MR outages (routing.Conn)\n\n")
	b.WriteString(generated + "\n\n")
	b.WriteString("A state is the paths (`up`, `app_down` = application–MR PG path, `cc_down` = MR PIM–Central Controller path, `both_down`), ")
	b.WriteString("`told_disabled` when the disconnected application last heard ROUTING_DISABLED, and the request's status. ")
	b.WriteString("Edges carry the input and each effect with its rule. Rows are in [routing.md](routing.md).\n\n")
	b.WriteString("```mermaid\n" + m)
	if !strings.HasSuffix(m, "\n") {
		b.WriteByte('\n')
	}
	b.WriteString("```\n")
	return b.Bytes(), nil
}

// connNode names the state of a Conn that holds request 1: the paths,
// what the application was told, and the request's status.
func connNode(c *routing.Conn) string {
	appDown, ccDown := !c.IsAppPathUp(), !c.IsControllerPathUp()
	var parts []string
	switch {
	case appDown && ccDown:
		parts = append(parts, "both_down")
	case appDown:
		parts = append(parts, "app_down")
	case ccDown:
		parts = append(parts, "cc_down")
	default:
		parts = append(parts, "up")
	}
	if appDown && c.RoutingDisabled() {
		parts = append(parts, "told_disabled")
	}
	st, _ := c.Status(1) // StatusNone when answered
	return strings.Join(append(parts, st.String()), "_")
}

// connEdges explores, from a Conn with request 1 pending, every sequence of
// path events under policy p, and returns each distinct transition
// labelled with the event and the effects it produced. The diagram is
// drawn from what the Conn does, not from a second description.
func connEdges(p routing.Policy) (string, []diagram.Edge, error) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	start, err := routing.NewConn(routing.ConnConfig{App: 1, Policy: p})
	if err != nil {
		return "", nil, err
	}
	if _, err := start.Send(nil, t0, 1, 1); err != nil {
		return "", nil, err
	}
	ops := []struct {
		name string
		f    func(*routing.Conn, []routing.Effect, time.Time) ([]routing.Effect, error)
	}{
		{"AppPathDown", (*routing.Conn).AppPathDown},
		{"AppPathUp", (*routing.Conn).AppPathUp},
		{"ControllerPathDown", (*routing.Conn).ControllerPathDown},
		{"ControllerPathUp", (*routing.Conn).ControllerPathUp},
	}
	seen := map[string]bool{connNode(start): true}
	queue := []*routing.Conn{start}
	var edges []diagram.Edge
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		snap, err := c.MarshalBinary()
		if err != nil {
			return "", nil, err
		}
		for _, o := range ops {
			n := new(routing.Conn)
			if err := n.UnmarshalBinary(snap); err != nil {
				return "", nil, err
			}
			effs, err := o.f(n, nil, t0)
			if err != nil {
				return "", nil, err
			}
			if len(effs) == 0 && connNode(n) == connNode(c) {
				continue // a repeated observation
			}
			var what []string
			for _, e := range effs {
				what = append(what, e.Rule.String()+" "+e.Kind.String())
			}
			label := o.name
			if len(what) > 0 {
				label += ": " + strings.Join(what, ", ")
			}
			edges = append(edges, diagram.Edge{From: connNode(c), Event: label, To: connNode(n)})
			if to := connNode(n); !seen[to] {
				seen[to] = true
				queue = append(queue, n)
			}
		}
	}
	slices.SortFunc(edges, func(a, b diagram.Edge) int {
		return strings.Compare(a.From+a.Event, b.From+b.Event)
	})
	return connNode(start), edges, nil
}
