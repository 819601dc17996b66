package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/scenario"
)

// ganttTime is the dateFormat of the chart (Mermaid reads it with dayjs).
const ganttTime = "2006-01-02 15:04:05"

// writeMermaid writes a Mermaid Gantt chart of a replay: one bar per
// outage of a path (a milestone for a takeover of no length), and per
// peripheral one bar per reporting interval whose data is deleted, partial
// or late.
func writeMermaid(w io.Writer, res *scenario.Result) {
	sc := res.Scenario
	fmt.Fprintf(w, "gantt\n")
	fmt.Fprintf(w, "    title %s: outages and data-loss windows\n", ganttText(sc.Name))
	fmt.Fprintf(w, "    dateFormat YYYY-MM-DD HH:mm:ss\n")
	fmt.Fprintf(w, "    axisFormat %%H:%%M\n")
	fmt.Fprintf(w, "    section Paths down\n")
	if len(res.Outages) == 0 {
		fmt.Fprintf(w, "    no outage :milestone, %s, 0m\n", sc.Config.Start.UTC().Format(ganttTime))
	}
	for _, o := range res.Outages {
		name := fmt.Sprintf("%d %s (cause %s)", o.ID, o.Path, o.Cause)
		switch {
		case o.To.Equal(o.From):
			fmt.Fprintf(w, "    %s taken over at once :milestone, %s, 0m\n", ganttText(name), o.From.UTC().Format(ganttTime))
		case o.To.IsZero():
			if !res.End.After(o.From) {
				fmt.Fprintf(w, "    %s still down :crit, milestone, %s, 0m\n", ganttText(name), o.From.UTC().Format(ganttTime))
				continue
			}
			fmt.Fprintf(w, "    %s still down :crit, %s, %s\n", ganttText(name), o.From.UTC().Format(ganttTime), res.End.UTC().Format(ganttTime))
		default:
			fmt.Fprintf(w, "    %s :crit, %s, %s\n", ganttText(name), o.From.UTC().Format(ganttTime), o.To.UTC().Format(ganttTime))
		}
	}
	var p ccefsm.PeripheralID
	for _, iv := range res.Intervals {
		var tag string
		switch iv.Class {
		case ccefsm.ReportDeleted:
			tag = "crit"
		case ccefsm.ReportPartial:
			tag = "active"
		case ccefsm.ReportLate:
			tag = "done"
		default:
			continue
		}
		if iv.Peripheral != p {
			p = iv.Peripheral
			fmt.Fprintf(w, "    section Peripheral %d reporting\n", p)
		}
		name := fmt.Sprintf("%s %s (%s)", iv.Start.UTC().Format("15h04"), iv.Class, iv.Rule)
		fmt.Fprintf(w, "    %s :%s, %s, %s\n", ganttText(name), tag, iv.Start.UTC().Format(ganttTime),
			iv.Start.Add(res.Interval).UTC().Format(ganttTime))
	}
}

// ganttText makes s safe as a Gantt task name or title: Mermaid ends a
// task name at a colon and a line at a semicolon or a hash.
func ganttText(s string) string {
	return strings.NewReplacer(":", " ", ";", ",", "#", "no.", "\n", " ").Replace(s)
}
