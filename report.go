package ccefsm

import "github.com/ccefsm/ccefsm/internal/enumtext"

// ReportClass is what the reporting database ends up holding for one task or
// one reporting interval after a failure. Every task and every interval ends
// in exactly one class, with the rule that put it there.
//
// The zero value, ReportOpen, means the class is not decided yet (the task or
// interval is still open).
type ReportClass uint8

// Reporting classes.
const (
	// ReportOpen: not decided yet.
	ReportOpen ReportClass = iota // open
	// ReportComplete: recorded in full, on time.
	ReportComplete // complete
	// ReportLate: recorded in full, but cached and delivered after the path
	// to the Central Controller came back (RP-5).
	ReportLate // late
	// ReportPartial: recorded only in part; some of its life fell in an
	// outage (RP-4, TS-3).
	ReportPartial // partial
	// ReportRecreated: present, but rebuilt by the Central Controller from a
	// resynchronisation rather than recorded as it happened (RP-6).
	ReportRecreated // recreated
	// ReportDeleted: gathered, then deleted (RP-1), or lost with a duplex
	// pair (RP-8).
	ReportDeleted // deleted
	// ReportUnreported: never recorded (RP-3, RP-4).
	ReportUnreported // unreported
)

// IsFinal reports whether c is a decided class (any class but ReportOpen).
func (c ReportClass) IsFinal() bool { return c >= ReportComplete && c <= ReportUnreported }

// MarshalText implements [encoding.TextMarshaler].
func (c ReportClass) MarshalText() ([]byte, error) {
	return enumtext.Marshal(c, ReportOpen, ReportUnreported, "ccefsm.ReportClass")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error c is
// unchanged.
func (c *ReportClass) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(c, text, ReportOpen, ReportUnreported, "ccefsm.ReportClass")
}
