package routing

//go:generate go tool stringer -type=Status,Outcome -linecomment -output=status_string.go

// Status is where one NEW_TASK request stands, as the application sees it.
//
// The zero value, StatusNone, means the Conn holds no such request.
type Status uint8

// Request statuses. Pending, Unsent, Discarded and Deleted are live: the
// request still wants an answer. Routed and Failed are answered, final.
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
	// StatusRouted: answered with DO_THIS_WITH_TASK.
	StatusRouted // routed
	// StatusFailed: answered with NEW_TASK_FAILURE.
	StatusFailed // failed
)

// IsLive reports whether s is a status of a request that still wants an
// answer.
func (s Status) IsLive() bool { return s >= StatusPending && s <= StatusDeleted }

// IsHeld reports whether the application holds the request without the
// Central Controller having it: unsent, discarded or deleted.
func (s Status) IsHeld() bool { return s >= StatusUnsent && s <= StatusDeleted }

// IsAnswered reports whether s is a final status.
func (s Status) IsAnswered() bool { return s == StatusRouted || s == StatusFailed }

// MarshalText implements [encoding.TextMarshaler].
func (s Status) MarshalText() ([]byte, error) {
	return marshalEnum(s, StatusNone, StatusFailed, "routing.Status")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error s is
// unchanged.
func (s *Status) UnmarshalText(text []byte) error {
	return unmarshalEnum(s, text, StatusNone, StatusFailed, "routing.Status")
}

// Outcome is the Central Controller's answer to a NEW_TASK. The MR protocol's
// numeric message types are not public (no Cisco document found records them; not
// found), so the values here are the library's own.
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
	return marshalEnum(o, OutcomeRouted, OutcomeFailed, "routing.Outcome")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error o is
// unchanged.
func (o *Outcome) UnmarshalText(text []byte) error {
	return unmarshalEnum(o, text, OutcomeRouted, OutcomeFailed, "routing.Outcome")
}
