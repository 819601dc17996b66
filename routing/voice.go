package routing

import (
	"slices"
	"time"

	"github.com/ccefsm/ccefsm"
)

// Voice is voice-routing availability per peripheral (RT-5): while a
// peripheral's PIM is down, voice routing to its agents is unavailable and
// non-voice routing goes on; when the PIM is back, voice routing is available
// again. Which side of a duplex PG is active is decided elsewhere (agentstate,
// AG-3); Voice takes "the peripheral has no working PIM" as its input.
//
// The peripherals down are kept sorted: PIMDown and PIMUp cost a binary
// search and a copy of the ones above, O(n) for n peripherals down, which
// a deployment's few hundred peripherals keep small.
//
// The zero value is the same as [NewVoice] with the zero config: every
// peripheral up and no input seen. A Voice is not safe for concurrent
// mutation.
type Voice struct {
	clock clock
	down  []ccefsm.PeripheralID // sorted, no duplicates
}

// VoiceConfig configures a [Voice]. Voice has no inferred rows to override
// (rows 12 to 14 are documented), so its only setting is room.
type VoiceConfig struct {
	// Capacity is the number of peripherals down at once to make room for,
	// as [Voice.Grow] does; zero reserves none. A negative Capacity is
	// refused.
	Capacity int
}

// NewVoice returns a Voice with every peripheral up. A negative Capacity is
// refused with [ErrInvalidConfig] as an [*ArgError].
func NewVoice(cfg VoiceConfig) (*Voice, error) {
	if cfg.Capacity < 0 {
		return nil, &ArgError{Op: "NewVoice", Arg: "Capacity", Value: int64(cfg.Capacity), Err: ErrInvalidConfig}
	}
	v := &Voice{}
	v.Grow(cfg.Capacity)
	return v, nil
}

// Grow makes room for n more peripherals down at once, so that observing
// their PIMs down allocates nothing. It never shrinks, and n ≤ 0 does
// nothing.
func (v *Voice) Grow(n int) {
	v.down = slices.Grow(v.down, max(n, 0))
}

// PIMDown observes that peripheral p lost its PIM (the PIM, its link to the
// ACD, or the ACD failed): voice routing to its agents stops (RT-5, row 12).
// Observing it again while down changes nothing but the time of the last
// input.
func (v *Voice) PIMDown(dst []Effect, now time.Time, p ccefsm.PeripheralID) ([]Effect, error) {
	const op = "PIMDown"
	n, err := v.clock.check(op, now)
	if err != nil {
		return dst, err
	}
	if p == 0 {
		return dst, &ArgError{Op: op, Arg: "peripheral", Value: 0, Err: ErrInvalidID}
	}
	v.clock.set(n)
	i, found := v.search(p)
	if found {
		return dst, nil
	}
	v.down = slices.Insert(v.down, i, p)
	return append(dst, Effect{Kind: EffectVoiceUnavailable, Rule: ccefsm.RT5, Row: rowPIMDown, Peripheral: p, At: now}), nil
}

// PIMUp observes that peripheral p has a working PIM again: voice routing to
// its agents resumes (RT-5, row 13). Observing it while up changes nothing
// but the time of the last input.
func (v *Voice) PIMUp(dst []Effect, now time.Time, p ccefsm.PeripheralID) ([]Effect, error) {
	const op = "PIMUp"
	n, err := v.clock.check(op, now)
	if err != nil {
		return dst, err
	}
	if p == 0 {
		return dst, &ArgError{Op: op, Arg: "peripheral", Value: 0, Err: ErrInvalidID}
	}
	v.clock.set(n)
	i, found := v.search(p)
	if !found {
		return dst, nil
	}
	v.down = slices.Delete(v.down, i, i+1)
	return append(dst, Effect{Kind: EffectVoiceAvailable, Rule: ccefsm.RT5, Row: rowPIMUp, Peripheral: p, At: now}), nil
}

// IsPIMUp reports whether peripheral p has a working PIM. It is a status
// query, not a lookup: a Voice keeps no list of peripherals, only the ones
// observed down, so every other peripheral (the zero one included) is up.
func (v *Voice) IsPIMUp(p ccefsm.PeripheralID) bool {
	_, found := v.search(p)
	return !found
}

// Available reports whether tasks of the given media kind can be routed to
// agents of peripheral p as far as the PIM is concerned, and the rule that
// says so: voice needs the PIM (RT-5, row 12), other media do not (RT-5,
// row 14). An invalid media kind is [ErrInvalidValue]; a zero peripheral is
// [ErrInvalidID].
func (v *Voice) Available(p ccefsm.PeripheralID, media ccefsm.MediaKind) (bool, ccefsm.RuleID, error) {
	if p == 0 {
		return false, ccefsm.RuleNone, &ArgError{Op: "Available", Arg: "peripheral", Value: 0, Err: ErrInvalidID}
	}
	if !media.IsValid() {
		return false, ccefsm.RuleNone, &ArgError{Op: "Available", Arg: "media", Value: int64(media), Err: ErrInvalidValue}
	}
	if media != ccefsm.MediaVoice {
		return true, ccefsm.RT5, nil
	}
	return v.IsPIMUp(p), ccefsm.RT5, nil
}

// AppendDown appends the peripherals whose PIM is down to dst, in increasing
// ID order.
func (v *Voice) AppendDown(dst []ccefsm.PeripheralID) []ccefsm.PeripheralID {
	return append(dst, v.down...)
}

func (v *Voice) search(p ccefsm.PeripheralID) (int, bool) {
	lo, hi := 0, len(v.down)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if v.down[m] < p {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(v.down) && v.down[lo] == p
}
