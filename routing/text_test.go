package routing

import (
	"encoding"
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

type textEnum interface {
	encoding.TextMarshaler
	String() string
}

// TestEnumText round-trips every defined value of every enum and checks that
// undefined values and unknown names are errors that leave the value alone.
func TestEnumText(t *testing.T) {
	check := func(name string, vals []textEnum, bad textEnum, parse func([]byte) (textEnum, error)) {
		for _, v := range vals {
			b, err := v.MarshalText()
			if err != nil {
				t.Errorf("%s %v: MarshalText: %v", name, v, err)
				continue
			}
			got, err := parse(b)
			if err != nil || got != v {
				t.Errorf("%s %v: round trip got %v, %v", name, v, got, err)
			}
		}
		if _, err := bad.MarshalText(); !errors.Is(err, ccefsm.ErrUnknownValue) {
			t.Errorf("%s %v: MarshalText = %v, want ErrUnknownValue", name, bad, err)
		}
		if _, err := parse([]byte("no such name")); !errors.Is(err, ccefsm.ErrUnknownName) {
			t.Errorf("%s: UnmarshalText(junk) = %v, want ErrUnknownName", name, err)
		}
	}
	var st []textEnum
	for v := StatusNone; v <= StatusDeleted; v++ {
		st = append(st, v)
	}
	check("Status", st, StatusDeleted+1, func(b []byte) (textEnum, error) { v := StatusPending; err := v.UnmarshalText(b); return v, err })
	check("Outcome", []textEnum{OutcomeRouted, OutcomeFailed}, OutcomeNone, func(b []byte) (textEnum, error) {
		v := OutcomeRouted
		err := v.UnmarshalText(b)
		return v, err
	})
	var ek []textEnum
	for v := EffectNewTask; v <= EffectVoiceAvailable; v++ {
		ek = append(ek, v)
	}
	check("EffectKind", ek, EffectNone, func(b []byte) (textEnum, error) { v := EffectHeld; err := v.UnmarshalText(b); return v, err })
	var ac []textEnum
	for v := ActionDefault; v <= ActionLose; v++ {
		ac = append(ac, v)
	}
	check("Action", ac, ActionLose+1, func(b []byte) (textEnum, error) { v := ActionHold; err := v.UnmarshalText(b); return v, err })
	var rs []textEnum
	for v := ReasonOK; v <= ReasonBusyNonInterruptible; v++ {
		rs = append(rs, v)
	}
	check("Reason", rs, ReasonBusyNonInterruptible+1, func(b []byte) (textEnum, error) { v := ReasonTaskLimit; err := v.UnmarshalText(b); return v, err })

	// On error the value is unchanged.
	s := StatusDeleted
	if err := s.UnmarshalText([]byte("gone")); err == nil || s != StatusDeleted {
		t.Errorf("Status.UnmarshalText(gone) = %v, value now %v", err, s)
	}
	o := OutcomeFailed
	if err := o.UnmarshalText([]byte("none")); err == nil || o != OutcomeFailed {
		t.Errorf("Outcome.UnmarshalText(none) = %v, value now %v (none is not an outcome)", err, o)
	}
}

// TestPathErrorNames pins the Path names PathError documents.
func TestPathErrorNames(t *testing.T) {
	var reject, lose Policy
	if err := reject.Set(rowSendAppDown, ActionReject); err != nil {
		t.Fatal(err)
	}
	c := mustConn(reject, 0)
	_, _ = c.AppPathDown(nil, t0)
	_, err1 := c.Send(nil, t0, 1, mrd)
	rc := mustCache(lose, 0)
	_, _ = rc.PGDown(nil, t0)
	_, err2 := rc.Record(nil, t0, 1, 0)
	var got []string
	for _, err := range []error{err1, err2} {
		var pe *PathError
		if !errors.As(err, &pe) {
			t.Fatalf("err = %v, want *PathError", err)
		}
		got = append(got, pe.Path)
	}
	if diff := cmp.Diff([]string{"application–MR PG path", "every side of the PG"}, got); diff != "" {
		t.Errorf("PathError.Path (-want +got):\n%s", diff)
	}
}
