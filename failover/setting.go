package failover

import (
	"strconv"

	"github.com/ccefsm/ccefsm/internal/enumtext"
)

//go:generate go run golang.org/x/tools/cmd/stringer@v0.40.0 -type=Reconnect,RP3Scope -linecomment -output=setting_string.go

// Reconnect says which side of a duplex pair its clients use: where they
// go when the side they use fails, and whether they come back when their
// home side returns. [Config] has one for each kind of pair: the clients
// of a PG's CTI server (CS-7), the PIMs of a CTI Manager service (AG-4,
// AG-5) and the desktops of a Finesse pair (AG-6, AG-7). The home side is
// the side the clients use by choice: see each field of Config.
//
// The zero value, [ReconnectStay], is the engine's inferred default. Its
// text forms ("stay", "failback", "home-only") are those of the scenario
// files.
type Reconnect uint8

// The three ways the clients of a pair can use its sides.
const (
	// ReconnectStay: when the side the clients use fails they reconnect to
	// the other side at once (a takeover), and they stay there when the
	// failed side returns; they move again only when that side fails.
	ReconnectStay Reconnect = iota // stay
	// ReconnectFailback: as ReconnectStay, but the clients move back to
	// the home side as soon as it returns, a takeover again.
	ReconnectFailback // failback
	// ReconnectHomeOnly: the clients use the home side only. Its failure
	// takes the pair's path down until it returns, whatever the other side
	// does.
	ReconnectHomeOnly // home-only
)

// IsValid reports whether r is one of the three defined values.
func (r Reconnect) IsValid() bool { return r <= ReconnectHomeOnly }

// MarshalText implements [encoding.TextMarshaler].
func (r Reconnect) MarshalText() ([]byte, error) {
	return enumtext.Marshal(r, ReconnectStay, ReconnectHomeOnly, "failover.Reconnect")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error r is
// unchanged.
func (r *Reconnect) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(r, text, ReconnectStay, ReconnectHomeOnly, "failover.Reconnect")
}

// RP3Scope says which tasks rule RP-3 makes missing from reports: those
// given their agent while the application's routing is down (its MR PG
// path, or the MR PIM's path to the Central Controller) and completed
// before it returns.
//
// The zero value, [RP3SelfAssigned], is the engine's inferred default. Its
// text forms ("self-assigned", "any-assignment", "off") are those of the
// scenario files.
type RP3Scope uint8

// The scopes of RP-3.
const (
	// RP3SelfAssigned: the tasks the application assigns itself, created
	// OFFERED or ACTIVE. The router cannot assign a task while routing is
	// down (inferred).
	RP3SelfAssigned RP3Scope = iota // self-assigned
	// RP3AnyAssignment: every task that gets its agent while routing is
	// down, also one created PRE_CALL or assigned (TaskAssign) then, as a
	// feed that reports the application's own picks as assignments gives
	// them.
	RP3AnyAssignment // any-assignment
	// RP3Off: none; RP-3 is off, for a deployment whose reports were found
	// to hold such tasks. They are classed as any other.
	RP3Off // off
)

// IsValid reports whether s is one of the three defined values.
func (s RP3Scope) IsValid() bool { return s <= RP3Off }

// MarshalText implements [encoding.TextMarshaler].
func (s RP3Scope) MarshalText() ([]byte, error) {
	return enumtext.Marshal(s, RP3SelfAssigned, RP3Off, "failover.RP3Scope")
}

// UnmarshalText implements [encoding.TextUnmarshaler]. On error s is
// unchanged.
func (s *RP3Scope) UnmarshalText(text []byte) error {
	return enumtext.Unmarshal(s, text, RP3SelfAssigned, RP3Off, "failover.RP3Scope")
}

// validateSettings refuses a Reconnect or RP3Scope of cfg that is not a
// defined value, naming the first such field in the order of Config's
// fields.
func (cfg *Config) validateSettings() error {
	for _, s := range []struct {
		field string
		ok    bool
		value uint8
		typ   string
	}{
		{"CTIServerClients", cfg.CTIServerClients.IsValid(), uint8(cfg.CTIServerClients), "failover.Reconnect"},
		{"RP3Scope", cfg.RP3Scope.IsValid(), uint8(cfg.RP3Scope), "failover.RP3Scope"},
		{"CTIManagerClients", cfg.CTIManagerClients.IsValid(), uint8(cfg.CTIManagerClients), "failover.Reconnect"},
		{"FinesseClients", cfg.FinesseClients.IsValid(), uint8(cfg.FinesseClients), "failover.Reconnect"},
	} {
		if !s.ok {
			return &TopologyError{Where: s.field, Reason: "undefined value " + strconv.Itoa(int(s.value)) + " of " + s.typ, Err: ErrInvalidSetting}
		}
	}
	return nil
}
