package routing

import (
	"errors"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
)

func TestVoiceSteps(t *testing.T) {
	type step struct {
		down    bool // PIMDown, else PIMUp
		p       ccefsm.PeripheralID
		want    []Effect
		wantErr error
		// wantDown is the peripherals down after the step.
		wantDown []ccefsm.PeripheralID
	}
	off := func(p ccefsm.PeripheralID) Effect {
		return Effect{Kind: EffectVoiceUnavailable, Rule: ccefsm.RT5, Row: rowPIMDown, Peripheral: p}
	}
	on := func(p ccefsm.PeripheralID) Effect {
		return Effect{Kind: EffectVoiceAvailable, Rule: ccefsm.RT5, Row: rowPIMUp, Peripheral: p}
	}
	steps := []struct {
		reason string
		step
	}{
		{"RT-5: PIM down, voice unavailable", step{down: true, p: 7, want: []Effect{off(7)}, wantDown: []ccefsm.PeripheralID{7}}},
		{"RT-5: a second PIM, kept in ID order", step{down: true, p: 2, want: []Effect{off(2)}, wantDown: []ccefsm.PeripheralID{2, 7}}},
		{"observation repeated: nothing new", step{down: true, p: 7, wantDown: []ccefsm.PeripheralID{2, 7}}},
		{"RT-5: PIM restored, voice available", step{down: false, p: 7, want: []Effect{on(7)}, wantDown: []ccefsm.PeripheralID{2}}},
		{"restore of an up PIM: nothing", step{down: false, p: 9, wantDown: []ccefsm.PeripheralID{2}}},
		{"zero peripheral is invalid", step{down: true, p: 0, wantErr: ErrInvalidID, wantDown: []ccefsm.PeripheralID{2}}},
	}
	var v Voice
	for i, s := range steps {
		var got []Effect
		var err error
		if s.down {
			got, err = v.PIMDown(nil, at(i), s.p)
		} else {
			got, err = v.PIMUp(nil, at(i), s.p)
		}
		if !errors.Is(err, s.wantErr) {
			t.Fatalf("step %d: err = %v, want %v (%s)", i, err, s.wantErr, s.reason)
		}
		var want []Effect
		for _, e := range s.want {
			e.At = at(i)
			want = append(want, e)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("step %d effects (-want +got):\n%s\n(%s)", i, diff, s.reason)
		}
		if diff := cmp.Diff(s.wantDown, v.AppendDown(nil)); diff != "" {
			t.Errorf("step %d down set (-want +got):\n%s", i, diff)
		}
	}
	if _, err := v.PIMDown(nil, at(0), 3); !errors.Is(err, ErrTimeBackwards) {
		t.Errorf("PIMDown back in time: %v", err)
	}
}

func TestVoiceAvailable(t *testing.T) {
	var v Voice
	if _, err := v.PIMDown(nil, t0, 4); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		reason  string
		p       ccefsm.PeripheralID
		media   ccefsm.MediaKind
		want    bool
		rule    ccefsm.RuleID
		wantErr error
	}{
		{"RT-5: voice unavailable while the PIM is down", 4, ccefsm.MediaVoice, false, ccefsm.RT5, nil},
		{"RT-5: chat unaffected", 4, ccefsm.MediaChat, true, ccefsm.RT5, nil},
		{"RT-5: email unaffected", 4, ccefsm.MediaEmail, true, ccefsm.RT5, nil},
		{"RT-5: other unaffected", 4, ccefsm.MediaOther, true, ccefsm.RT5, nil},
		{"RT-5: voice on another peripheral", 5, ccefsm.MediaVoice, true, ccefsm.RT5, nil},
		{"unknown media is an error", 4, ccefsm.MediaUnknown, false, ccefsm.RuleNone, ErrInvalidValue},
		{"zero peripheral is an error", 0, ccefsm.MediaVoice, false, ccefsm.RuleNone, ErrInvalidID},
	}
	for _, tt := range tests {
		ok, rule, err := v.Available(tt.p, tt.media)
		if ok != tt.want || rule != tt.rule || !errors.Is(err, tt.wantErr) {
			t.Errorf("Available(%d, %v) = %v, %v, %v; want %v, %v, %v (%s)", tt.p, tt.media, ok, rule, err, tt.want, tt.rule, tt.wantErr, tt.reason)
		}
	}
}

func TestRoutable(t *testing.T) {
	ready := Candidate{ControllerUp: true, LoggedIn: true, AvailableInMRD: true, Tasks: 1, TaskLimit: 3, Media: ccefsm.MediaChat, PIMUp: true}
	with := func(f func(*Candidate)) Candidate { c := ready; f(&c); return c }
	tests := []struct {
		reason string
		c      Candidate
		ok     bool
		rule   ccefsm.RuleID
		why    Reason
	}{
		{"RT-8: every condition holds", ready, true, ccefsm.RT8, ReasonOK},
		{"RT-8: central controller down", with(func(c *Candidate) { c.ControllerUp = false }), false, ccefsm.RT8, ReasonControllerDown},
		{"RT-8: not logged in", with(func(c *Candidate) { c.LoggedIn = false }), false, ccefsm.RT8, ReasonNotLoggedIn},
		{"RT-8: not available in the MRD", with(func(c *Candidate) { c.AvailableInMRD = false }), false, ccefsm.RT8, ReasonNotAvailable},
		{"RT-8: at the task limit", with(func(c *Candidate) { c.Tasks = 3 }), false, ccefsm.RT8, ReasonTaskLimit},
		{"RT-8: zero task limit takes nothing", with(func(c *Candidate) { c.Tasks, c.TaskLimit = 0, 0 }), false, ccefsm.RT8, ReasonTaskLimit},
		{"RT-8: busy on a non-interruptible task of another MRD", with(func(c *Candidate) { c.BusyNonInterruptibleElsewhere = true }), false, ccefsm.RT8, ReasonBusyNonInterruptible},
		{"RT-5: voice with the PIM down", with(func(c *Candidate) { c.Media, c.PIMUp = ccefsm.MediaVoice, false }), false, ccefsm.RT5, ReasonPIMDown},
		{"RT-5: non-voice with the PIM down", with(func(c *Candidate) { c.PIMUp = false }), true, ccefsm.RT8, ReasonOK},
		{"RT-8: voice with the PIM up", with(func(c *Candidate) { c.Media = ccefsm.MediaVoice }), true, ccefsm.RT8, ReasonOK},
		{"unknown media has no answer", with(func(c *Candidate) { c.Media = ccefsm.MediaUnknown }), false, ccefsm.RuleNone, ReasonUnknownMedia},
		{"a media kind one past the last has no answer", with(func(c *Candidate) { c.Media = ccefsm.MediaOther + 1 }), false, ccefsm.RuleNone, ReasonUnknownMedia},
		{"the last media kind (other) is routable", with(func(c *Candidate) { c.Media = ccefsm.MediaOther }), true, ccefsm.RT8, ReasonOK},
		{"the zero Candidate has no media kind", Candidate{}, false, ccefsm.RuleNone, ReasonUnknownMedia},
		{"RT-8 order: controller down is reported before the PIM", with(func(c *Candidate) { c.ControllerUp, c.Media, c.PIMUp = false, ccefsm.MediaVoice, false }), false, ccefsm.RT8, ReasonControllerDown},
		// The root cause first: a PIM failure logs the agent out of voice
		// (AG-1), so after one a voice candidate is also not logged in,
		// not available and possibly busy; the answer is RT-5.
		{"RT-5 before RT-8: voice after a PIM failure, agent logged out of voice by AG-1", with(func(c *Candidate) {
			c.Media, c.PIMUp, c.LoggedIn, c.AvailableInMRD = ccefsm.MediaVoice, false, false, false
		}), false, ccefsm.RT5, ReasonPIMDown},
		{"RT-5 before the agent's facts: PIM down, not available", with(func(c *Candidate) { c.Media, c.PIMUp, c.AvailableInMRD = ccefsm.MediaVoice, false, false }), false, ccefsm.RT5, ReasonPIMDown},
		{"RT-5 before capacity: PIM down, at the task limit", with(func(c *Candidate) { c.Media, c.PIMUp, c.Tasks = ccefsm.MediaVoice, false, 3 }), false, ccefsm.RT5, ReasonPIMDown},
		{"RT-5 before capacity: PIM down, busy elsewhere", with(func(c *Candidate) { c.Media, c.PIMUp, c.BusyNonInterruptibleElsewhere = ccefsm.MediaVoice, false, true }), false, ccefsm.RT5, ReasonPIMDown},
		{"agent facts before capacity: not logged in and at the limit", with(func(c *Candidate) { c.LoggedIn, c.Tasks = false, 3 }), false, ccefsm.RT8, ReasonNotLoggedIn},
		{"agent facts before capacity: not available and busy elsewhere", with(func(c *Candidate) { c.AvailableInMRD, c.BusyNonInterruptibleElsewhere = false, true }), false, ccefsm.RT8, ReasonNotAvailable},
		{"RT-8: one task below the limit is routable", with(func(c *Candidate) { c.Tasks = 2 }), true, ccefsm.RT8, ReasonOK},
		{"RT-8: the limit of 10 (Finesse maxDialogLimit) with 9 tasks is routable", with(func(c *Candidate) { c.Tasks, c.TaskLimit = 9, 10 }), true, ccefsm.RT8, ReasonOK},
		{"RT-1: the application cannot reach the MR PG", with(func(c *Candidate) { c.AppPathDown = true }), false, ccefsm.RT1, ReasonAppPathDown},
		{"RT-3: routing disabled", with(func(c *Candidate) { c.RoutingDisabled = true }), false, ccefsm.RT3, ReasonRoutingDisabled},
		{"RT-1 before RT-3: both routing paths down", with(func(c *Candidate) { c.AppPathDown, c.RoutingDisabled = true, true }), false, ccefsm.RT1, ReasonAppPathDown},
		{"RT-8 before RT-1: controller down and the MR PG path down", with(func(c *Candidate) { c.ControllerUp, c.AppPathDown = false, true }), false, ccefsm.RT8, ReasonControllerDown},
		{"RT-5 before RT-3: voice PIM down and routing disabled", with(func(c *Candidate) { c.Media, c.PIMUp, c.RoutingDisabled = ccefsm.MediaVoice, false, true }), false, ccefsm.RT5, ReasonPIMDown},
		{"infrastructure before the agent: routing disabled, not logged in", with(func(c *Candidate) { c.RoutingDisabled, c.LoggedIn = true, false }), false, ccefsm.RT3, ReasonRoutingDisabled},
	}
	for _, tt := range tests {
		ok, rule, why := Routable(tt.c)
		if ok != tt.ok || rule != tt.rule || why != tt.why {
			t.Errorf("Routable = %v, %v, %v; want %v, %v, %v (%s)", ok, rule, why, tt.ok, tt.rule, tt.why, tt.reason)
		}
	}
}
