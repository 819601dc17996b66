package taskstate

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// TestOpenAtMatchesAdvance checks OpenAt against the store itself: for
// random stores (tasks in every state, outages, email and chat MRDs) and
// instants, a task OpenAt reports open is exactly one that is open after Advance
// to that instant, and OpenAt changes nothing.
func TestOpenAtMatchesAdvance(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	chatM := ccefsm.NewMRD(2, ccefsm.MediaChat)
	chatM.TaskLife, chatM.StartTimeout, chatM.MaxDuration = 3*time.Minute, 2*time.Minute, 9*time.Minute
	mailM := ccefsm.NewMRD(3, ccefsm.MediaEmail)
	mailM.TaskLife, mailM.StartTimeout, mailM.MaxDuration = 4*time.Minute, 2*time.Minute, 11*time.Minute
	rng := rand.New(rand.NewPCG(1, 2))
	checked, ended := 0, 0
	for round := 0; round < 200; round++ {
		s, err := NewStore(Config{MRDs: []ccefsm.MRD{chatM, mailM}})
		if err != nil {
			t.Fatal(err)
		}
		now := t0
		var ids []ccefsm.TaskID
		for step := 0; step < 30; step++ {
			now = now.Add(time.Duration(rng.IntN(90)) * time.Second)
			id := ccefsm.TaskID(rng.IntN(12) + 1)
			switch rng.IntN(6) {
			case 0:
				st := []State{StateNew, StatePreCall, StateOffered, StateActive}[rng.IntN(4)]
				nt := NewTask{ID: id, App: 7, MRD: ccefsm.MRDID(2 + rng.IntN(2)), State: st}
				if st != StateNew {
					nt.Agent = 1
				}
				if _, err := s.Create(nil, now, nt); err == nil {
					ids = append(ids, id)
				}
			case 1:
				s.Assign(nil, now, id, 1)
			case 2:
				s.Start(nil, now, id)
			case 3:
				s.End(nil, now, id, 0)
			case 4:
				s.PathDown(nil, now, 7)
			case 5:
				s.PathUp(nil, now, 7)
			}
		}
		before, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []time.Duration{0, time.Minute, 3 * time.Minute, 5 * time.Minute, 12 * time.Minute} {
			at := now.Add(d)
			want := map[ccefsm.TaskID]bool{}
			for _, id := range ids {
				_, err := s.Task(id)
				if open := s.OpenAt(id, at); err == nil {
					want[id] = !open
				} else if open {
					t.Fatalf("OpenAt of task %d, which is not open", id)
				}
			}
			if b, _ := s.MarshalBinary(); string(b) != string(before) {
				t.Fatal("OpenAt changed the store")
			}
			c := new(Store)
			if err := c.UnmarshalBinary(before); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Advance(nil, at); err != nil {
				t.Fatal(err)
			}
			for id, ends := range want {
				_, err := c.Task(id)
				if gone := err != nil; gone != ends {
					t.Fatalf("round %d, +%v: task %d: ends by OpenAt %v, Advance ended it: %v", round, d, id, ends, gone)
				}
				checked++
				if ends {
					ended++
				}
			}
		}
	}
	if ended == 0 || ended == checked {
		t.Fatalf("%d of %d checks ended the task: the test does not discriminate", ended, checked)
	}
	t.Logf("%d checks, %d ended", checked, ended)
	if s, _ := NewStore(Config{MRDs: []ccefsm.MRD{chatM}}); s.OpenAt(1, t0) {
		t.Error("OpenAt of a task that is not open")
	}
}
