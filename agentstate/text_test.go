package agentstate_test

import (
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/agentstate"
	"github.com/ccefsm/ccefsm/internal/gencheck"
	"github.com/google/go-cmp/cmp"
)

func TestStringerDrift(t *testing.T) { gencheck.Stringers(t) }

func TestStateText(t *testing.T) {
	tests := []struct {
		reason string
		text   string
		want   agentstate.State
	}{
		{"CTI name without prefix (canonical)", "NOT_READY", agentstate.NotReady},
		{"CTI name with prefix", "AGENT_STATE_NOT_READY", agentstate.NotReady},
		{"CTI value 0", "AGENT_STATE_LOGIN", agentstate.Login},
		{"CTI value 14", "AGENT_STATE_NOT_ACTIVE", agentstate.NotActive},
		{"Finesse voice READY is AVAILABLE", "READY", agentstate.Available},
		{"Finesse voice WORK is wrap-up ending Not Ready", "WORK", agentstate.WorkNotReady},
		{"Finesse voice WORK_READY", "WORK_READY", agentstate.WorkReady},
		{"Finesse RESERVED_OUTBOUND is RESERVED", "RESERVED_OUTBOUND", agentstate.Reserved},
		{"Finesse RESERVED_OUTBOUND_PREVIEW is RESERVED", "RESERVED_OUTBOUND_PREVIEW", agentstate.Reserved},
		{"Finesse non-voice WORK_NOT_READY (failover marker)", "WORK_NOT_READY", agentstate.WorkNotReady},
		{"Finesse non-voice INTERRUPTED", "INTERRUPTED", agentstate.Interrupted},
		{"Finesse HOLD", "HOLD", agentstate.Hold},
		{"Finesse UNKNOWN", "UNKNOWN", agentstate.Unknown},
	}
	for _, tt := range tests {
		var got agentstate.State = agentstate.Hold
		if err := got.UnmarshalText([]byte(tt.text)); err != nil {
			t.Errorf("%s: UnmarshalText(%q): %v", tt.reason, tt.text, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: UnmarshalText(%q) (-want +got):\n%s", tt.reason, tt.text, diff)
		}
	}
}

func TestStateTextRoundTrip(t *testing.T) {
	for s := agentstate.State(0); s < 15; s++ {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatalf("%d: %v", s, err)
		}
		var got agentstate.State
		if err := got.UnmarshalText(b); err != nil || got != s {
			t.Errorf("round trip of %d via %q: got %d, %v", s, b, got, err)
		}
	}
}

func TestStateTextErrors(t *testing.T) {
	for _, text := range []string{"", "ready", "AGENT_STATE_READY", "AGENT_STATE_WORK", "AGENT_STATE_", "NOT READY", "15", "AGENT_STATE_RESERVED_OUTBOUND"} {
		s := agentstate.Talking
		err := s.UnmarshalText([]byte(text))
		if !errors.Is(err, ccefsm.ErrUnknownName) {
			t.Errorf("UnmarshalText(%q): err = %v, want ErrUnknownName", text, err)
		}
		if s != agentstate.Talking {
			t.Errorf("UnmarshalText(%q) changed the value to %v", text, s)
		}
	}
	if _, err := agentstate.State(15).MarshalText(); !errors.Is(err, ccefsm.ErrUnknownValue) {
		t.Errorf("MarshalText(15): err = %v, want ErrUnknownValue", err)
	}
}

func TestStateMask(t *testing.T) {
	// CTI Server Message Reference Guide PV25, Session Management,
	// AgentStateMask values.
	want := map[agentstate.State]uint32{
		agentstate.Login: 0x1, agentstate.Logout: 0x2, agentstate.NotReady: 0x4, agentstate.Available: 0x8,
		agentstate.Talking: 0x10, agentstate.WorkNotReady: 0x20, agentstate.WorkReady: 0x40, agentstate.BusyOther: 0x80,
		agentstate.Reserved: 0x100, agentstate.Unknown: 0, agentstate.Hold: 0x200, agentstate.Active: 0x400,
		agentstate.Paused: 0x800, agentstate.Interrupted: 0x1000, agentstate.NotActive: 0x2000, 15: 0,
	}
	for s, m := range want {
		if got := s.Mask(); got != m {
			t.Errorf("%v.Mask() = %#x, want %#x", s, got, m)
		}
	}
}

func TestReasonCode(t *testing.T) {
	tests := []struct {
		reason   string
		code     agentstate.ReasonCode
		signed   int16
		text     string
		system   bool
		notReady string
		logout   string
	}{
		{"AG-4/AG-6/RP-7: the failover logout code", agentstate.ReasonConnectionFailure, -15534, "50002", true,
			"CTI client failed (Connection Failure)", "CTI client failed (System Failure)"},
		{"-1 is 65535 on the wire", agentstate.ReasonSystemReinitialized, -1, "65535", true, "system reinitialized", "peripheral restarted"},
		{"-2 is 65534 on the wire", agentstate.ReasonSystemReset, -2, "65534", true, "system reset", "PG reset the agent (PG failure)"},
		{"-3 is 65533 on the wire", agentstate.ReasonExtensionModified, -3, "65533", true, "extension modified", "extension modified"},
		{"a deployment's own code is legitimate, printed in decimal", 7, 7, "7", false, "", ""},
		{"no reason", agentstate.ReasonNone, 0, "0", false, "", ""},
		{"RONA is a Not Ready code only", agentstate.ReasonCallNotAnswered, 32767, "32767", true, "ring no answer (Call Not Answered)", ""},
	}
	for _, tt := range tests {
		b, err := tt.code.MarshalText()
		got := struct {
			Signed           int16
			Text, String     string
			System           bool
			NotReady, Logout string
		}{tt.code.Signed(), string(b), tt.code.String(), tt.code.IsSystem(), tt.code.Meaning(agentstate.NotReady), tt.code.Meaning(agentstate.Logout)}
		want := got
		want.Signed, want.Text, want.String, want.System, want.NotReady, want.Logout = tt.signed, tt.text, tt.text, tt.system, tt.notReady, tt.logout
		if err != nil {
			t.Errorf("%s: %v", tt.reason, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
		}
		if agentstate.ReasonFromSigned(tt.signed) != tt.code {
			t.Errorf("%s: ReasonFromSigned(%d) = %d", tt.reason, tt.signed, agentstate.ReasonFromSigned(tt.signed))
		}
		if tt.code.Meaning(agentstate.Talking) != "" {
			t.Errorf("%s: a reason has no meaning for Talking", tt.reason)
		}
	}
}

func TestReasonCodeUnmarshal(t *testing.T) {
	tests := []struct {
		reason string
		text   string
		want   agentstate.ReasonCode
		ok     bool
	}{
		{"AG-4/RP-7 logout code", "50002", 50002, true},
		{"§2 wire note: -1 is 65535", "-1", 65535, true},
		{"§2 wire note: -3 is 65533", "-3", 65533, true},
		{"USHORT maximum", "65535", 65535, true},
		{"no reason", "0", 0, true},
		{"INT16 minimum in signed form", "-32768", 32768, true},
		{"beyond USHORT", "65536", 0, false},
		{"beyond INT16", "-32769", 0, false},
		{"empty", "", 0, false},
		{"names are not accepted: codes are platform-scoped numbers", "CONNECTION_FAILURE", 0, false},
		{"not decimal", "5e4", 0, false},
	}
	for _, tt := range tests {
		got := agentstate.ReasonCode(42)
		err := got.UnmarshalText([]byte(tt.text))
		if tt.ok {
			if err != nil || got != tt.want {
				t.Errorf("%s: UnmarshalText(%q) = %d, %v; want %d", tt.reason, tt.text, got, err, tt.want)
			}
			continue
		}
		if !errors.Is(err, ccefsm.ErrUnknownName) || got != 42 {
			t.Errorf("%s: UnmarshalText(%q) = %d, %v; want ErrUnknownName and the value unchanged", tt.reason, tt.text, got, err)
		}
	}
}

func TestEventText(t *testing.T) {
	for e := agentstate.EventLogin; e.IsValid(); e++ {
		b, err := e.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var got agentstate.Event
		if err := got.UnmarshalText(b); err != nil || got != e {
			t.Errorf("round trip of %v: %v, %v", e, got, err)
		}
	}
	if _, err := agentstate.EventNone.MarshalText(); !errors.Is(err, ccefsm.ErrUnknownValue) {
		t.Errorf("EventNone.MarshalText: %v", err)
	}
	var e agentstate.Event
	if err := e.UnmarshalText([]byte("NONE")); !errors.Is(err, ccefsm.ErrUnknownName) {
		t.Errorf("UnmarshalText(NONE): %v", err)
	}
}

// enumCase is one enumerated type's text form: every defined value
// round-trips through MarshalText and UnmarshalText, and the values next to
// the defined ones (the first past the end, and the zero value where it is
// not a value) have no text.
type enumCase struct {
	name      string
	valid     []uint16 // the defined values
	invalid   []uint16 // neighbouring undefined values
	marshal   func(v uint16) ([]byte, error)
	unmarshal func(text []byte) (uint16, error)
	str       func(v uint16) string
}

func enumOf[T interface {
	~uint8 | ~uint16
	MarshalText() ([]byte, error)
	String() string
}, P interface {
	*T
	UnmarshalText([]byte) error
}](name string, lo, hi T, invalid ...T) enumCase {
	c := enumCase{
		name:    name,
		marshal: func(v uint16) ([]byte, error) { return T(v).MarshalText() },
		str:     func(v uint16) string { return T(v).String() },
		unmarshal: func(text []byte) (uint16, error) {
			var v T
			err := P(&v).UnmarshalText(text)
			return uint16(v), err
		},
	}
	for v := lo; v <= hi; v++ {
		c.valid = append(c.valid, uint16(v))
	}
	for _, v := range invalid {
		c.invalid = append(c.invalid, uint16(v))
	}
	return c
}

func TestEnumText(t *testing.T) {
	msg := enumCase{
		name:    "Message",
		valid:   []uint16{181, 182, 183, 184, 185, 186},
		invalid: []uint16{0, 180, 187},
		marshal: func(v uint16) ([]byte, error) { return agentstate.Message(v).MarshalText() },
		str:     func(v uint16) string { return agentstate.Message(v).String() },
		unmarshal: func(text []byte) (uint16, error) {
			var v agentstate.Message
			err := v.UnmarshalText(text)
			return uint16(v), err
		},
	}
	cases := []enumCase{
		enumOf[agentstate.State]("State", agentstate.Login, agentstate.NotActive, agentstate.NotActive+1),
		enumOf[agentstate.Event]("Event", agentstate.EventLogin, agentstate.EventWrapEnd, agentstate.EventNone, agentstate.EventWrapEnd+1),
		enumOf[agentstate.Media]("Media", agentstate.Voice, agentstate.NonVoice, agentstate.NonVoice+1),
		enumOf[agentstate.Actor]("Actor", agentstate.ByAgent, agentstate.BySystem, agentstate.BySystem+1),
		enumOf[agentstate.OutcomeKind]("OutcomeKind", agentstate.OutcomeState, agentstate.OutcomeTasks, agentstate.OutcomeTasks+1),
		enumOf[agentstate.EffectKind]("EffectKind", agentstate.EffectLoggedOut, agentstate.EffectResync, agentstate.EffectNone, agentstate.EffectResync+1),
		enumOf[agentstate.Cause]("Cause", agentstate.CauseNone, agentstate.CauseFinesse, agentstate.CauseFinesse+1),
		msg,
	}
	for _, c := range cases {
		names := map[string]bool{}
		for _, v := range c.valid {
			text, err := c.marshal(v)
			if err != nil {
				t.Errorf("%s %d: MarshalText: %v", c.name, v, err)
				continue
			}
			if names[string(text)] {
				t.Errorf("%s: two values are %q", c.name, text)
			}
			names[string(text)] = true
			if got, err := c.unmarshal(text); err != nil || got != v {
				t.Errorf("%s %d: round trip through %q gives %d, %v", c.name, v, text, got, err)
			}
		}
		for _, v := range c.invalid {
			if text, err := c.marshal(v); !errors.Is(err, ccefsm.ErrUnknownValue) {
				t.Errorf("%s %d: MarshalText = %q, %v; want ErrUnknownValue", c.name, v, text, err)
			}
			// Not even the String of an undefined value ("Cause(6)") parses.
			if got, err := c.unmarshal([]byte(c.str(v))); !errors.Is(err, ccefsm.ErrUnknownName) {
				t.Errorf("%s: UnmarshalText(%q) = %d, %v; want ErrUnknownName", c.name, c.str(v), got, err)
			}
		}
		for _, text := range []string{"", "bogus", "NONE", "none "} {
			if names[text] {
				continue
			}
			if _, err := c.unmarshal([]byte(text)); !errors.Is(err, ccefsm.ErrUnknownName) {
				t.Errorf("%s: UnmarshalText(%q) = %v, want ErrUnknownName", c.name, text, err)
			}
		}
	}
	// The text of each effect kind is the one the JSON shows.
	if text, _ := agentstate.EffectLoggedOut.MarshalText(); string(text) != "logged-out" {
		t.Errorf("EffectLoggedOut is %q", text)
	}
}

// TestStatePredicates: LoggedIn is every state but LOGOUT, IsWrapUp the two
// wrap-up states; neither holds for the first undefined value.
func TestStatePredicates(t *testing.T) {
	for s := agentstate.State(0); s <= agentstate.NotActive+1; s++ {
		loggedIn := s.IsValid() && s != agentstate.Logout
		wrapUp := s == agentstate.WorkReady || s == agentstate.WorkNotReady
		if s.LoggedIn() != loggedIn || s.IsWrapUp() != wrapUp {
			t.Errorf("%v: LoggedIn %v, IsWrapUp %v; want %v, %v", s, s.LoggedIn(), s.IsWrapUp(), loggedIn, wrapUp)
		}
	}
}
