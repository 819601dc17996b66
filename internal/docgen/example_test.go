package docgen_test

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/ccefsm/ccefsm/internal/docgen"
)

// The catalogue has one table per rule family; each row starts with the ID.
func ExampleRulesMarkdown() {
	sc := bufio.NewScanner(bytes.NewReader(docgen.RulesMarkdown()))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "| TS-1 |") {
			fmt.Println(line[:min(len(line), 60)])
		}
	}
	// Output:
	// ## AG: agent state (package agentstate)
	// ## TS: tasks and MRD timing (package taskstate)
	// | TS-1 | When the path between an Application Instance and t
	// ## RT: routing (package routing)
	// ## RP: reporting data
	// ## CS: cascades and overlapping faults (package failover)
}
