package ccefsm

import (
	"errors"

	"github.com/ccefsm/ccefsm/internal/enumtext"
	"github.com/ccefsm/ccefsm/internal/snapshot"
)

// Kinds of failure. Every package of the library has its own sentinel
// errors, with messages that name the package (agentstate.ErrUnknownAgent,
// taskstate.ErrUnknownTask, …), and each of them also matches one of these
// kinds, so that one errors.Is catches a kind of failure whichever package
// returns it:
//
//	if errors.Is(err, ccefsm.ErrTimeBackwards) { … } // any package, any input
var (
	// ErrTimeBackwards: an input is dated before an earlier input.
	ErrTimeBackwards = errors.New("ccefsm: time went backwards")
	// ErrTimeOutOfRange: an input is dated at an instant the library cannot
	// hold. Instants are stored as int64 Unix nanoseconds (1677-09-21 to
	// 2262-04-11 UTC); a package whose deadlines lie ahead of the input
	// may accept a narrower range and says so.
	ErrTimeOutOfRange = errors.New("ccefsm: time out of range")
	// ErrCorruptSnapshot: UnmarshalBinary was given bytes that are not a
	// snapshot this build can read, are damaged, or describe a state that
	// no sequence of inputs can reach.
	ErrCorruptSnapshot = errors.New("ccefsm: corrupt snapshot")
	// ErrUnknownID: an input names an agent, peripheral, MRD, task,
	// request, application or component the value does not hold, or gives
	// the zero ID, which is never valid.
	ErrUnknownID = errors.New("ccefsm: unknown identifier")
	// ErrDuplicateID: an input adds an ID that is already present.
	ErrDuplicateID = errors.New("ccefsm: duplicate identifier")
	// ErrIllegalTransition: a request that the rule table does not allow
	// in the current state. Requests are validated; observations are not.
	ErrIllegalTransition = errors.New("ccefsm: illegal transition")
	// ErrUnknownName is returned, wrapped in a [*ParseError], when text does
	// not name any value of an enumerated type. Every UnmarshalText in the
	// library wraps it.
	ErrUnknownName = enumtext.ErrUnknownName
	// ErrUnknownValue is returned, wrapped in a [*ValueError] or in a
	// package's own error, when a number is not a defined value of an
	// enumerated type (a State, an Event, a Disposition, a media kind …).
	// Unknown values are rejected, never mapped to a neighbour.
	ErrUnknownValue = enumtext.ErrUnknownValue
)

// ParseError reports text that names no value of an enumerated type: its
// Type (such as "agentstate.State") and the rejected Text. It unwraps to
// [ErrUnknownName].
type ParseError = enumtext.ParseError

// ValueError reports a number that is not a defined value of an enumerated
// type: its Type (such as "taskstate.Disposition") and the rejected Value.
// It unwraps to [ErrUnknownValue].
type ValueError = enumtext.ValueError

// SnapshotError reports a snapshot refused by an UnmarshalBinary of the
// library: the Type being restored, the byte Offset of the problem, the
// Field being read or checked, and the Reason. It unwraps to the package's
// ErrCorruptSnapshot sentinel, which unwraps to [ErrCorruptSnapshot].
type SnapshotError = snapshot.Error
