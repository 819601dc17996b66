// Package kind builds the sentinel errors of the ccefsm packages. Each
// package keeps its own sentinels, with messages prefixed by the package
// name, and each sentinel unwraps to one of the kinds of failure defined in
// package ccefsm (ccefsm.ErrTimeBackwards, ccefsm.ErrUnknownID, …), so that
// one errors.Is catches a kind of failure whichever package returns it.
package kind

// sentinel is a package sentinel that belongs to a kind.
type sentinel struct {
	msg  string
	kind error
}

// New returns a sentinel error with message msg that unwraps to kind. A nil
// kind gives a sentinel of no shared kind.
func New(msg string, kind error) error { return &sentinel{msg: msg, kind: kind} }

func (s *sentinel) Error() string { return s.msg }

func (s *sentinel) Unwrap() error { return s.kind }
