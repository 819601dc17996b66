package viewcheck

import (
	"fmt"
	"strings"
	"testing"
)

// owner and its views stand for a leaf type and a view of it.
type owner struct{ n int }

func (o *owner) Len() int               { return o.n }
func (o *owner) Set(n int)              { o.n = n }
func (o *owner) Get(k int) (int, error) { return o.n + k, nil }

type goodView struct{ o *owner }

func (v goodView) IsValid() bool { return v.o != nil }
func (v goodView) own() *owner {
	if v.o == nil {
		panic("viewcheck: zero goodView")
	}
	return v.o
}
func (v goodView) Len() int               { return v.own().Len() }
func (v goodView) Get(k int) (int, error) { return v.own().Get(k) }

// badView adds a mutating method, one with another signature, and one the
// owner lacks; its zero value does not panic.
type badView struct{}

func (v badView) IsValid() bool  { return true }
func (v badView) Len() int       { return 0 }
func (v badView) Set(n int)      {}
func (v badView) Get(k uint) int { return 0 }
func (v badView) Extra()         {}

// recorder is a testing.TB that records its errors.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestMethods(t *testing.T) {
	r := &recorder{TB: t}
	Methods(r, goodView{}, &owner{}, "IsValid", "Len", "Get")
	if len(r.errs) != 0 {
		t.Errorf("a good view fails: %q", r.errs)
	}
	r = &recorder{TB: t}
	Methods(r, badView{}, &owner{}, "IsValid", "Len", "Get", "Extra", "Missing")
	want := []string{"Set, which is not on the allowlist", "badView.Extra has no method Extra", "badView.Get is (uint) (int)", "lacks allowed method Missing"}
	if len(r.errs) != len(want) {
		t.Fatalf("errors %q, want %d", r.errs, len(want))
	}
	for _, w := range want {
		found := false
		for _, e := range r.errs {
			found = found || strings.Contains(e, w)
		}
		if !found {
			t.Errorf("no error says %q: %q", w, r.errs)
		}
	}
}

func TestZero(t *testing.T) {
	r := &recorder{TB: t}
	Zero(r, goodView{}, "viewcheck: zero goodView")
	if len(r.errs) != 0 {
		t.Errorf("a good view fails: %q", r.errs)
	}
	r = &recorder{TB: t}
	Zero(r, badView{}, "viewcheck:")
	if len(r.errs) != 5 { // valid, and four methods that do not panic
		t.Errorf("errors %q, want 5", r.errs)
	}
}
