package clonecheck

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type inner struct {
	xs   []int
	n    int
	name string
}

type node struct {
	next *node
	val  int
}

type outer struct {
	in     inner
	ins    []inner
	byID   map[int]inner
	p      *int
	any    any
	arr    [2][]byte
	when   time.Time
	list   *node
	shared []int // allowed below
	f      func()
	zero   *struct{}
}

func newOuter() *outer {
	n := 7
	l := &node{val: 1}
	l.next = &node{val: 2, next: l} // a cycle
	return &outer{
		in:     inner{xs: []int{1, 2}, n: 1, name: "a"},
		ins:    []inner{{xs: []int{3}}, {xs: []int{4}}},
		byID:   map[int]inner{1: {xs: []int{5}}},
		p:      &n,
		any:    &inner{xs: []int{6}},
		arr:    [2][]byte{{1}, {2}},
		when:   time.Unix(0, 1).UTC(),
		list:   l,
		shared: []int{9},
		f:      func() {},
		zero:   &struct{}{},
	}
}

// deep is a correct deep copy of o, sharing only o.shared.
func deep(o *outer) *outer {
	c := *o
	c.in.xs = slices.Clone(o.in.xs)
	c.ins = slices.Clone(o.ins)
	for i := range c.ins {
		c.ins[i].xs = slices.Clone(o.ins[i].xs)
	}
	c.byID = maps.Clone(o.byID)
	for k, v := range c.byID {
		v.xs = slices.Clone(v.xs)
		c.byID[k] = v
	}
	n := *o.p
	c.p = &n
	in := *o.any.(*inner)
	in.xs = slices.Clone(in.xs)
	c.any = &in
	c.arr = [2][]byte{slices.Clone(o.arr[0]), slices.Clone(o.arr[1])}
	a, b := *o.list, *o.list.next
	a.next, b.next = &b, &a
	c.list = &a
	return &c
}

func TestSharedDeepCopy(t *testing.T) {
	o := newOuter()
	if got := Shared(o, deep(o), "shared"); len(got) != 0 {
		t.Fatalf("a deep copy shares %v", got)
	}
	// Without the allowance, the one shared slice is found.
	if got, want := Shared(o, deep(o)), []string{"shared: slices that share their backing array"}; !slices.Equal(got, want) {
		t.Fatalf("Shared = %q, want %q", got, want)
	}
}

// Each way of forgetting part of a deep copy is found, at its path.
func TestSharedFindsEachAlias(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(o, c *outer)
		want  string
	}{
		{"nested slice", func(o, c *outer) { c.in.xs = o.in.xs }, "in.xs: slices that share their backing array"},
		{"subslice", func(o, c *outer) { c.in.xs = o.in.xs[1:] }, "in.xs: slices that share their backing array"},
		{"slice of structs", func(o, c *outer) { c.ins = o.ins }, "ins: slices that share their backing array"},
		{"slice in an element", func(o, c *outer) { c.ins[1].xs = o.ins[1].xs }, "ins[1].xs: slices that share their backing array"},
		{"map", func(o, c *outer) { c.byID = o.byID }, "byID: the same map"},
		{"slice in a map value", func(o, c *outer) { c.byID[1] = o.byID[1] }, "byID[1].xs: slices that share their backing array"},
		{"pointer", func(o, c *outer) { c.p = o.p }, "p: the same pointer"},
		{"interface", func(o, c *outer) { c.any = o.any }, "any: the same pointer"},
		{"array of slices", func(o, c *outer) { c.arr[1] = o.arr[1] }, "arr[1]: slices that share their backing array"},
		{"inside a cycle", func(o, c *outer) { c.list.next = o.list.next }, "list.next: the same pointer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newOuter()
			c := deep(o)
			tc.spoil(o, c)
			if got := Shared(o, c, "shared"); !slices.Equal(got, []string{tc.want}) {
				t.Fatalf("Shared = %q, want %q", got, tc.want)
			}
		})
	}
}

// Slices side by side in one array share no element: neither is reported,
// whichever comes first.
func TestSharedAdjacentSlices(t *testing.T) {
	backing := make([]int, 4)
	o, c := newOuter(), newOuter()
	for _, tc := range [][2][]int{{backing[:2:2], backing[2:]}, {backing[2:], backing[:2:2]}} {
		o.in.xs, c.in.xs = tc[0], tc[1]
		if got := Shared(o, c, "shared"); len(got) != 0 {
			t.Fatalf("adjacent slices reported: %q", got)
		}
	}
	o.in.xs, c.in.xs = backing[:3], backing[2:]
	if got := Shared(o, c, "shared"); !slices.Equal(got, []string{"in.xs: slices that share their backing array"}) {
		t.Fatalf("slices sharing one element: Shared = %q", got)
	}
}

func TestSharedAllowPrefix(t *testing.T) {
	o := newOuter()
	c := deep(o)
	c.in.xs, c.ins = o.in.xs, o.ins
	if got := Shared(o, c, "shared", "in", "ins"); len(got) != 0 {
		t.Fatalf("allowed paths reported: %q", got)
	}
	// "in" does not allow "ins": a prefix counts only at a field or
	// element boundary.
	if got := Shared(o, c, "shared", "in"); !slices.Equal(got, []string{"ins: slices that share their backing array"}) {
		t.Fatalf("Shared = %q", got)
	}
}

func TestShape(t *testing.T) {
	want := []string{
		"outer.in clonecheck.inner",
		"outer.ins []clonecheck.inner",
		"outer.byID map[int]clonecheck.inner",
		"outer.p *int",
		"outer.any interface {}",
		"outer.arr [2][]uint8",
		"outer.when time.Time",
		"outer.list *clonecheck.node",
		"outer.shared []int",
		"outer.f func()",
		"outer.zero *struct {}",
		"inner.xs []int",
		"inner.n int",
		"inner.name string",
		"node.next *clonecheck.node",
		"node.val int",
	}
	if diff := cmp.Diff(want, Shape(&outer{})); diff != "" {
		t.Fatalf("Shape (-want +got):\n%s", diff)
	}
}
