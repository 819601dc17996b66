package taskstate

import "github.com/ccefsm/ccefsm"

// classCode is the reporting state of an open task as far as it is decided
// now: the class it would end in, and so the one it is heading for. It is
// what a snapshot records of a task's reporting (one byte instead of the
// bucket's outage and cut counters), and what the invariant check reasons
// about.
type classCode uint8

const (
	codeClean classCode = iota // no outage touched the task: complete if it ended now
	codeFresh                  // begun in the current outage, unknown to the Agent PG (TS-4); decided when it ends
	codeRP4                    // chat or other media, spanned an outage: partial (RP-4)
	codeRP6                    // email, history over an outage recreated: recreated (RP-6)
	codeTS3                    // email, reporting cut at a time limit: partial (TS-3)
	codeTS5                    // reported from a restore on: partial (TS-5)
	numCodes
)

// reportOf returns the class code of the task in slot t of bucket b; email
// says whether the bucket's MRD is an email MRD. The order of the cases is
// that of the package documentation, "Reporting classes".
func reportOf(t *task, b *bucket, email bool) classCode {
	if t.mark == markFresh {
		return codeFresh
	}
	if t.mark == markInit {
		// Reported from the restore on only (TS-5).
		return codeTS5
	}
	if t.mark == markCut {
		// Begun during an email outage, open at its time limit (TS-3).
		return codeTS3
	}
	if email && b.cuts != t.cutSnap {
		// The time limit ended its reporting segment (TS-3).
		return codeTS3
	}
	if email && (t.mark == markRebuilt || b.outages != t.outSnap) {
		// History over the outage rebuilt from the email manager (RP-6).
		return codeRP6
	}
	if b.outages != t.outSnap {
		// Spanned an outage: nothing stored while it lasted (RP-4).
		return codeRP4
	}
	return codeClean
}

// class returns the reporting class and rule of a task that ends with code
// c (for codeFresh, the class of classOf's other cases does not apply).
func (c classCode) class() (ccefsm.ReportClass, ccefsm.RuleID) {
	switch c {
	case codeRP4:
		return ccefsm.ReportPartial, ccefsm.RP4
	case codeRP6:
		return ccefsm.ReportRecreated, ccefsm.RP6
	case codeTS3:
		return ccefsm.ReportPartial, ccefsm.TS3
	case codeTS5:
		return ccefsm.ReportPartial, ccefsm.TS5
	}
	return ccefsm.ReportComplete, ccefsm.RuleNone
}
