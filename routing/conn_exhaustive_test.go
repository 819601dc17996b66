package routing

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
)

// TestConnExhaustive drives a Conn through every sequence of up to depth
// inputs drawn from: a NEW_TASK with the next ID, a response to each of the
// first three requests, and the four path events — so every interleaving of
// outages of both paths (RT-1 … RT-4) with a NEW_TASK or a response at every
// point, under every policy. After each input the same checks as the rapid
// test run: an erroring input changes nothing and the model agrees on the
// error; every request is answered exactly once or still live; held
// requests go out once when both paths are back; the application hears
// ROUTING_DISABLED / ROUTING_ENABLED in turn, over an up path, matching the
// controller path; nothing is sent with a path down.
func TestConnExhaustive(t *testing.T) {
	depth := 7
	if testing.Short() {
		depth = 5
	}
	alphabet := func(m *model) []input {
		return []input{send(m.lastID + 1), routed(1), failed(2), routed(3), appDown, appUp, ccDown, ccUp}
	}
	for _, pol := range []struct {
		name string
		rows map[int]Action
	}{
		{"default", nil},
		{"row 2 reject", map[int]Action{rowSendAppDown: ActionReject}},
		{"row 4 fail", map[int]Action{rowAppUpDisabled: ActionFail}},
		{"rows 2 reject and 4 fail", map[int]Action{rowSendAppDown: ActionReject, rowAppUpDisabled: ActionFail}},
	} {
		t.Run(pol.name, func(t *testing.T) {
			var p Policy
			for n, a := range pol.rows {
				if err := p.Set(n, a); err != nil {
					t.Fatal(err)
				}
			}
			var nodes int
			var walk func(c *Conn, m *model, path []input)
			walk = func(c *Conn, m *model, path []input) {
				if len(path) == depth {
					return
				}
				for _, in := range alphabet(m) {
					nodes++
					n, nm := clone(c), cloneModel(m)
					seq := append(slices.Clip(path), in)
					ft := seqFatal{t, seq}
					got, err := apply(n, nil, at(len(path)), in)
					if want := nm.wantErr(in); !errors.Is(err, want) || (want == nil) != (err == nil) {
						ft.Fatalf("err = %v, model wants %v", err, want)
					}
					if err != nil {
						if len(got) != 0 || !sameConn(c, n) {
							ft.Fatalf("erroring input %v changed the Conn or returned effects", err)
						}
						continue
					}
					checkEffects(ft, nm, in, got)
					nm.step(in)
					checkRouting(ft, nm, in, got)
					checkModel(ft, len(path), in, n, nm)
					walk(n, nm, seq)
				}
			}
			walk(mustConn(p, 1), newModel(p), nil)
			t.Logf("%d inputs checked (depth %d)", nodes, depth)
		})
	}
}

func cloneModel(m *model) *model {
	n := *m
	n.ids = slices.Clone(m.ids)
	n.status = maps.Clone(m.status)
	n.answers = maps.Clone(m.answers)
	return &n
}

// seqFatal prefixes a failure with the input sequence that led to it.
type seqFatal struct {
	t   *testing.T
	seq []input
}

func (s seqFatal) Fatalf(format string, args ...any) {
	s.t.Helper()
	s.t.Fatalf("after %v: %s", s.seq, fmt.Sprintf(format, args...))
}
