package routing

import "github.com/ccefsm/ccefsm/internal/enumtext"

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Status,Outcome -linecomment -output=status_string.go

// Status is where one live NEW_TASK request stands, as the application sees
// it: sent and waiting, or held by the application through an outage.
//
// The zero value, StatusNone, means the Conn holds no such live request:
// never sent, or answered (an answered request is final and leaves the
// Conn).
type Status uint8

// Request statuses. Every status but StatusNone is live: the request still
// wants an answer.
const (
	StatusNone Status = iota // none
	// StatusPending: sent, waiting at the Central Controller.
	StatusPending // pending
	// StatusUnsent: issued while the application–MR PG path was down and
	// held by the application, never sent (row 2, inferred).
	StatusUnsent // unsent
	// StatusDiscarded: the Central Controller discarded it when the
	// application–MR PG path went down; the application holds it (RT-1).
	StatusDiscarded // discarded
	// StatusDeleted: the CallRouter deleted it when the MR PIM–Central
	// Controller path went down; the application holds it (RT-3).
	StatusDeleted // deleted
)

// IsLive reports whether s is a status of a request that still wants an
// answer: any status but StatusNone.
func (s Status) IsLive() bool { return s >= StatusPending && s <= StatusDeleted }

// IsHeld reports whether the application holds the request without the
// Central Controller having it: unsent, discarded or deleted.
func (s Status) IsHeld() bool { return s >= StatusUnsent && s <= StatusDeleted }

// MarshalText implements [encoding.TextMarshaler]; an undefined value is an
// error.
func (s Status) MarshalText() ([]byte, error) {
	return enumtext.Marshal(s, StatusNone, StatusDeleted, "routing.Status")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error s is
// unchanged.
func (s *Status) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(s, text, StatusNone, StatusDeleted, "routing.Status")
}

// Outcome is the Central Controller's answer to a NEW_TASK. The MR protocol's
// numeric message types are not public (no Cisco document found records
// them), so the values here are the library's own.
//
// The zero value, OutcomeNone, is not a valid outcome.
type Outcome uint8

// Outcomes, named by the MR message that carries them.
const (
	OutcomeNone   Outcome = iota // none
	OutcomeRouted                // DO_THIS_WITH_TASK
	OutcomeFailed                // NEW_TASK_FAILURE
)

// IsValid reports whether o is OutcomeRouted or OutcomeFailed.
func (o Outcome) IsValid() bool { return o == OutcomeRouted || o == OutcomeFailed }

// MarshalText implements [encoding.TextMarshaler]; OutcomeNone is an error.
func (o Outcome) MarshalText() ([]byte, error) {
	return enumtext.Marshal(o, OutcomeRouted, OutcomeFailed, "routing.Outcome")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error o is
// unchanged.
func (o *Outcome) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(o, text, OutcomeRouted, OutcomeFailed, "routing.Outcome")
}
