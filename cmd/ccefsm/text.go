package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/failover"
	"github.com/ccefsm/ccefsm/scenario"
)

// writeText writes the readable report of a replay: the timeline, then
// the reporting impact, then the rules it cites.
func writeText(w io.Writer, res *scenario.Result) {
	sc := res.Scenario
	refused := 0
	for _, st := range res.Steps {
		if st.Err != nil {
			refused++
		}
	}
	fmt.Fprintf(w, "%s\n", sc.Name)
	fmt.Fprintf(w, "scenario %s: start %s, reporting interval %s, %d inputs (%d refused)\n",
		sc.File, sc.Config.Start.Format(time.RFC3339), minutes(res.Interval), len(res.Steps), refused)
	if sc.Description != "" {
		fmt.Fprintf(w, "\n%s", indent(strings.TrimRight(sc.Description, "\n")+"\n", "  "))
	}

	cited := map[ccefsm.RuleID]bool{}
	fmt.Fprintf(w, "\nTimeline\n")
	for _, st := range res.Steps {
		at := st.Entry.Input.At
		fmt.Fprintf(w, "%s  %s\n", clock(sc, at), st.Entry)
		if st.Entry.Note != "" {
			fmt.Fprintf(w, "          # %s\n", st.Entry.Note)
		}
		for _, ef := range st.Effects {
			rule, text := ruleText(ef)
			if ef.RuleID().IsValid() {
				cited[ef.RuleID()] = true
			}
			when := ""
			if !ef.Time().Equal(at) {
				when = " (at " + clock(sc, ef.Time()) + ")"
			}
			fmt.Fprintf(w, "          %-5s %s%s\n", rule, text, when)
		}
		if st.Err != nil {
			fmt.Fprintf(w, "          refused: %s\n", refusal(st.Err))
		}
	}

	fmt.Fprintf(w, "\nReporting impact\n")
	outages := map[uint32]failover.Outage{}
	fmt.Fprintf(w, "\nOutages (paths down)\n")
	if len(res.Outages) == 0 {
		fmt.Fprintf(w, "  none\n")
	}
	for _, o := range res.Outages {
		outages[o.ID] = o
		fmt.Fprintf(w, "  %-3d %-22s %s  cause %s\n", o.ID, o.Path, span(sc, o, res.End), o.Cause)
	}

	var p ccefsm.PeripheralID
	for _, iv := range res.Intervals {
		if iv.Peripheral != p {
			p = iv.Peripheral
			fmt.Fprintf(w, "\nReporting intervals of peripheral %d (%s each)\n", p, minutes(res.Interval))
		}
		line := fmt.Sprintf("  %s  %-10s %-5s", intervalClock(sc, iv.Start), iv.Class, rule(iv.Rule))
		if iv.Rule.IsValid() {
			cited[iv.Rule] = true
		}
		if o, ok := outages[iv.Outage]; ok {
			line += fmt.Sprintf(" outage %d: %s down, cause %s", o.ID, o.Path, o.Cause)
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}

	fmt.Fprintf(w, "\nTasks not complete in reports\n")
	if len(res.Tasks) == 0 {
		fmt.Fprintf(w, "  none\n")
	}
	for _, t := range res.Tasks {
		if t.Rule.IsValid() {
			cited[t.Rule] = true
		}
		fmt.Fprintf(w, "  task %-5d app %d MRD %d agent %d, ended %s with %d %s: %s (%s)\n",
			t.Task, t.App, t.MRD, t.Agent, clock(sc, t.Ended), t.Disposition, t.Disposition, t.Class, rule(t.Rule))
	}

	fmt.Fprintf(w, "\nCalls split in reports (two TCD records: before the failover, after the recovery)\n")
	if len(res.Splits) == 0 {
		fmt.Fprintf(w, "  none\n")
	}
	for _, s := range res.Splits {
		cited[s.Rule] = true
		line := fmt.Sprintf("  agent %-5d MRD %d peripheral %d, failed %s, recovered %s (%s)",
			s.Agent, s.MRD, s.Peripheral, clock(sc, s.Failed), clock(sc, s.Recovered), rule(s.Rule))
		if o, ok := outages[s.Outage]; ok {
			line += fmt.Sprintf(" outage %d: %s down, cause %s", o.ID, o.Path, o.Cause)
		}
		fmt.Fprintln(w, line)
	}

	fmt.Fprintf(w, "\nConservation (every task and every interval in exactly one class)\n")
	terms := []string{fmt.Sprintf("%d open", res.Counts.Open)}
	sum := uint64(res.Counts.Open)
	for c := ccefsm.ReportOpen; c <= ccefsm.ReportUnreported; c++ {
		n := res.Counts.ByClass[c]
		sum += n
		if n == 0 {
			continue
		}
		name := c.String()
		if c == ccefsm.ReportOpen {
			name = "cached"
		}
		terms = append(terms, fmt.Sprintf("%d %s", n, name))
	}
	verdict := "holds"
	if sum != uint64(res.Created) {
		verdict = "DOES NOT HOLD"
	}
	fmt.Fprintf(w, "  tasks:     %d created = %s (%s)\n", res.Created, strings.Join(terms, " + "), verdict)
	ic := res.IntervalCounts()
	terms = terms[:0]
	for c, n := range ic {
		if n > 0 {
			terms = append(terms, fmt.Sprintf("%d %s", n, ccefsm.ReportClass(c)))
		}
	}
	if len(terms) == 0 {
		terms = append(terms, "0")
	}
	fmt.Fprintf(w, "  intervals: %d = %s\n", len(res.Intervals), strings.Join(terms, " + "))

	ids := make([]ccefsm.RuleID, 0, len(cited))
	for id := range cited {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id.String()
	}
	fmt.Fprintf(w, "\nRules cited (\"ccefsm rules\" says what each one is and where it comes from)\n")
	fmt.Fprint(w, wrap(strings.Join(names, " "), "  ", "  ", 78))
}

// ruleText returns the rule column and the text of an effect: its String
// without the rule prefix that most effects start with.
func ruleText(ef scenario.Effect) (string, string) {
	s := ef.String()
	id := ef.RuleID()
	if !id.IsValid() {
		return "–", s
	}
	return id.String(), strings.TrimPrefix(s, id.String()+" ")
}

func rule(id ccefsm.RuleID) string {
	if !id.IsValid() {
		return "–"
	}
	return id.String()
}

// refusal returns the reason a refused input gives, without the engine's
// preamble naming the input, which the timeline shows.
func refusal(err error) string {
	if ie, ok := err.(*failover.InputError); ok && ie.Err != nil {
		return ie.Err.Error()
	}
	return err.Error()
}

// clock formats t as a time of day, with the date when it is not the
// start's day.
func clock(sc *scenario.Scenario, t time.Time) string {
	t = t.UTC()
	s := sc.Config.Start.UTC()
	if t.Year() == s.Year() && t.YearDay() == s.YearDay() {
		if t.Nanosecond() != 0 {
			return t.Format("15:04:05.000")
		}
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02 15:04:05")
}

// intervalClock formats the start of a reporting interval, with the date
// when it is not the start's day.
func intervalClock(sc *scenario.Scenario, t time.Time) string {
	c := clock(sc, t)
	return c[:len(c)-3]
}

// span formats an outage's time span.
func span(sc *scenario.Scenario, o failover.Outage, end time.Time) string {
	switch {
	case o.To.IsZero():
		return fmt.Sprintf("%s – (still down, %s so far)", clock(sc, o.From), end.Sub(o.From))
	case o.To.Equal(o.From):
		return fmt.Sprintf("%s   (taken over at once)", clock(sc, o.From))
	}
	return fmt.Sprintf("%s – %s (%s)", clock(sc, o.From), clock(sc, o.To), o.To.Sub(o.From))
}

func minutes(d time.Duration) string {
	return strconv.Itoa(int(d/time.Minute)) + " min"
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" && l != "\n" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}
