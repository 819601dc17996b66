package routing

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// TestErrorKinds produces every kind of failure the package reports and
// checks that it matches its own sentinel, exactly one of the package's
// sentinels, and the root kind of package ccefsm that CONTRIBUTING.md
// assigns to it (or none), so that one errors.Is catches a kind in every
// package.
func TestErrorKinds(t *testing.T) {
	roots := []error{ccefsm.ErrTimeBackwards, ccefsm.ErrTimeOutOfRange, ccefsm.ErrCorruptSnapshot, ccefsm.ErrUnknownID,
		ccefsm.ErrDuplicateID, ccefsm.ErrIllegalTransition, ccefsm.ErrUnknownValue, ccefsm.ErrUnknownName}
	sentinels := []error{ErrTimeBackwards, ErrTimeOutOfRange, ErrInvalidID, ErrUnknownRequest, ErrDuplicateRequest, ErrStaleResponse,
		ErrInvalidValue, ErrPathDown, ErrDocumentedRow, ErrIllegalAction, ErrUnknownRow, ErrInvalidConfig, ErrCorruptSnapshot}

	fresh := func() *Conn {
		c := mustConn(Policy{}, 0)
		if _, err := c.Send(nil, at(5), 1, mrd); err != nil {
			t.Fatal(err)
		}
		return c
	}
	var reject, lose Policy
	_ = reject.Set(rowSendAppDown, ActionReject)
	var v Voice
	_, _ = v.PIMDown(nil, at(5), 4)
	second := func(_ []Effect, err error) error { return err }
	secondR := func(_ []ReportEffect, err error) error { return err }
	tests := []struct {
		reason   string
		err      error
		sentinel error
		root     error // nil: a sentinel of no kind
	}{
		{"Send back in time", second(fresh().Send(nil, at(4), 2, mrd)), ErrTimeBackwards, ccefsm.ErrTimeBackwards},
		{"path event back in time", second(fresh().AppPathDown(nil, at(4))), ErrTimeBackwards, ccefsm.ErrTimeBackwards},
		{"Voice back in time", second(v.PIMUp(nil, at(4), 4)), ErrTimeBackwards, ccefsm.ErrTimeBackwards},
		{"Record back in time", secondR(func() *ReportCache { c := mustCache(lose, 0); _, _ = c.PathDown(nil, at(5)); return c }().Record(nil, at(4), 1, 0)), ErrTimeBackwards, ccefsm.ErrTimeBackwards},
		{"Send in 2300", second(fresh().Send(nil, time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), 2, mrd)), ErrTimeOutOfRange, ccefsm.ErrTimeOutOfRange},
		{"PIMDown at the zero time.Time", second(v.PIMDown(nil, time.Time{}, 4)), ErrTimeOutOfRange, ccefsm.ErrTimeOutOfRange},
		{"PGUp in 1600", secondR(new(ReportCache).PGUp(nil, time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC))), ErrTimeOutOfRange, ccefsm.ErrTimeOutOfRange},
		{"Conn snapshot damaged", new(Conn).UnmarshalBinary([]byte("RTCN\x02junk")), ErrCorruptSnapshot, ccefsm.ErrCorruptSnapshot},
		{"ReportCache snapshot damaged", new(ReportCache).UnmarshalBinary(nil), ErrCorruptSnapshot, ccefsm.ErrCorruptSnapshot},
		{"Voice snapshot of version 1", new(Voice).UnmarshalBinary([]byte("RVC1\x00")), ErrCorruptSnapshot, ccefsm.ErrCorruptSnapshot},
		{"zero request ID in Send", second(fresh().Send(nil, at(6), 0, mrd)), ErrInvalidID, ccefsm.ErrUnknownID},
		{"zero MRD in Send", second(fresh().Send(nil, at(6), 2, 0)), ErrInvalidID, ccefsm.ErrUnknownID},
		{"zero request ID in Response", second(fresh().Response(nil, at(6), 0, OutcomeRouted)), ErrInvalidID, ccefsm.ErrUnknownID},
		{"zero request ID in Status", func() error { _, err := fresh().Status(0); return err }(), ErrInvalidID, ccefsm.ErrUnknownID},
		{"zero peripheral", second(v.PIMDown(nil, at(6), 0)), ErrInvalidID, ccefsm.ErrUnknownID},
		{"zero peripheral in Available", func() error { _, _, err := v.Available(0, ccefsm.MediaVoice); return err }(), ErrInvalidID, ccefsm.ErrUnknownID},
		{"zero record ID", secondR(new(ReportCache).Record(nil, at(6), 0, 0)), ErrInvalidID, ccefsm.ErrUnknownID},
		{"NewConn with a zero App", func() error { _, err := NewConn(ConnConfig{}); return err }(), ErrInvalidID, ccefsm.ErrUnknownID},
		{"an input of the zero Conn", second(new(Conn).AppPathUp(nil, at(6))), ErrInvalidID, ccefsm.ErrUnknownID},
		{"Response for a request never sent", second(fresh().Response(nil, at(6), 9, OutcomeRouted)), ErrUnknownRequest, ccefsm.ErrUnknownID},
		{"Status of a request never sent", func() error { _, err := fresh().Status(9); return err }(), ErrUnknownRequest, ccefsm.ErrUnknownID},
		{"a second response", func() error {
			c := fresh()
			_, _ = c.Response(nil, at(6), 1, OutcomeRouted)
			return second(c.Response(nil, at(6), 1, OutcomeFailed))
		}(), ErrUnknownRequest, ccefsm.ErrUnknownID},
		{"a request ID used again", second(fresh().Send(nil, at(6), 1, mrd)), ErrDuplicateRequest, ccefsm.ErrDuplicateID},
		{"a request ID below the last", func() error {
			c := fresh()
			_, _ = c.Send(nil, at(6), 5, mrd)
			return second(c.Send(nil, at(6), 3, mrd))
		}(), ErrDuplicateRequest, ccefsm.ErrDuplicateID},
		{"RT-1 row 11: a response for a discarded request", func() error {
			c := fresh()
			_, _ = c.AppPathDown(nil, at(6))
			return second(c.Response(nil, at(6), 1, OutcomeRouted))
		}(), ErrStaleResponse, ccefsm.ErrIllegalTransition},
		{"an undefined outcome", second(fresh().Response(nil, at(6), 1, OutcomeNone)), ErrInvalidValue, ccefsm.ErrUnknownValue},
		{"an undefined media kind", func() error { _, _, err := v.Available(4, ccefsm.MediaUnknown); return err }(), ErrInvalidValue, ccefsm.ErrUnknownValue},
		{"an undefined action", new(Policy).Set(rowSendAppDown, ActionLose+1), ErrInvalidValue, ccefsm.ErrUnknownValue},
		{"row 2 reject: NEW_TASK with the MR PG path down", func() error {
			c := mustConn(reject, 0)
			_, _ = c.AppPathDown(nil, at(6))
			return second(c.Send(nil, at(6), 1, mrd))
		}(), ErrPathDown, nil},
		{"row 19: a record with every PG side down", func() error {
			var c ReportCache
			_, _ = c.PGDown(nil, at(6))
			return secondR(c.Record(nil, at(6), 1, 0))
		}(), ErrPathDown, nil},
		{"a documented row", new(Policy).Set(rowAppDown, ActionHold), ErrDocumentedRow, nil},
		{"an action the row does not allow", new(Policy).Set(rowSendAppDown, ActionFail), ErrIllegalAction, nil},
		{"row 21 in Set", new(Policy).Set(rowCount+1, ActionHold), ErrUnknownRow, ccefsm.ErrUnknownID},
		{"row 21 in Action", func() error { _, err := new(Policy).Action(rowCount + 1); return err }(), ErrUnknownRow, ccefsm.ErrUnknownID},
		{"row 0 in Action", func() error { _, err := new(Policy).Action(0); return err }(), ErrUnknownRow, ccefsm.ErrUnknownID},
		{"a negative Conn capacity", func() error { _, err := NewConn(ConnConfig{App: app, Capacity: -1}); return err }(), ErrInvalidConfig, nil},
		{"a negative ReportCache capacity", func() error { _, err := NewReportCache(ReportCacheConfig{Capacity: -1}); return err }(), ErrInvalidConfig, nil},
		{"a negative Voice capacity", func() error { _, err := NewVoice(VoiceConfig{Capacity: -1}); return err }(), ErrInvalidConfig, nil},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.reason)
			continue
		}
		if !errors.Is(tt.err, tt.sentinel) {
			t.Errorf("%s: %v does not match %v", tt.reason, tt.err, tt.sentinel)
		}
		n := 0
		for _, s := range sentinels {
			if errors.Is(tt.err, s) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %v matches %d of the package's sentinels", tt.reason, tt.err, n)
		}
		for _, r := range roots {
			if errors.Is(tt.err, r) != (r == tt.root) {
				t.Errorf("%s: %v: errors.Is(err, %v) = %v", tt.reason, tt.err, r, !(r == tt.root))
			}
		}
		if msg := tt.err.Error(); !strings.HasPrefix(msg, "routing: ") && !strings.HasPrefix(msg, "routing.") {
			t.Errorf("%s: message %q does not start with the package name", tt.reason, msg)
		}
	}
}

// TestErrorMessages pins the messages of the typed errors.
func TestErrorMessages(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	for _, tt := range []struct {
		err  error
		want string
	}{
		{&TimeError{Op: "Send", Now: now, Last: now.Add(time.Second).UTC(), Err: ErrTimeBackwards},
			"routing: Send: time went backwards: 2026-03-02T09:00:00Z is before the last input, 2026-03-02T09:00:01Z"},
		{&TimeError{Op: "Send", Now: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), Err: ErrTimeOutOfRange},
			"routing: Send: time out of range: 2300-01-01T00:00:00Z (instants are int64 Unix nanoseconds, 1677-09-21 to 2262-04-11 UTC)"},
		{&RequestError{Op: "Response", Request: 7, Status: StatusDiscarded, Err: ErrStaleResponse},
			"routing: Response: request 7: stale response (status discarded)"},
		{&RequestError{Op: "Response", Request: 7, Err: ErrUnknownRequest}, "routing: Response: request 7: unknown request"},
		{&ArgError{Op: "NewConn", Arg: "Capacity", Value: -1, Err: ErrInvalidConfig}, "routing: NewConn: Capacity -1: invalid configuration"},
		{&RowError{Row: 1, Action: ActionHold, Err: ErrDocumentedRow}, "routing: row 1: action hold: documented row cannot be overridden"},
		{&RowError{Row: 21, Err: ErrUnknownRow}, "routing: row 21: unknown row"},
		{&PathError{Op: "Record", Path: "every side of the PG", Row: 19}, "routing: Record: every side of the PG down (row 19)"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
	// The clock reports the instant it was given and the last one.
	c := mustConn(Policy{}, 0)
	_, _ = c.AppPathDown(nil, now)
	_, err := c.AppPathUp(nil, now.Add(-time.Nanosecond))
	var te *TimeError
	if !errors.As(err, &te) || !te.Now.Equal(now.Add(-time.Nanosecond)) || !te.Last.Equal(now) || te.Op != "AppPathUp" {
		t.Errorf("TimeError = %+v", te)
	}
}
