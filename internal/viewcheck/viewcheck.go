// Package viewcheck holds the checks the tests of the read-only views
// (agentstate.RosterView, taskstate.StoreView, routing.ConnView) share: a
// view's method set is exactly an allowlist of read-only methods, each the
// viewed type's method of the same name and signature, and the zero view
// is invalid and panics.
package viewcheck

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Methods fails t unless the methods of view's type are exactly allowed
// (so that a method added to the view later, mutating or not, fails until
// it is reviewed and allowed), and every one but IsValid is a method of
// owner's type with the same signature (the view forwards; it invents
// nothing).
func Methods(t testing.TB, view, owner any, allowed ...string) {
	t.Helper()
	vt, ot := reflect.TypeOf(view), reflect.TypeOf(owner)
	var got []string
	for i := range vt.NumMethod() {
		m := vt.Method(i)
		got = append(got, m.Name)
		if !slices.Contains(allowed, m.Name) {
			t.Errorf("%v has method %s, which is not on the allowlist of read-only methods", vt, m.Name)
			continue
		}
		if m.Name == "IsValid" {
			continue
		}
		om, ok := ot.MethodByName(m.Name)
		if !ok {
			t.Errorf("%v.%s has no method %s on %v to forward to", vt, m.Name, m.Name, ot)
			continue
		}
		if a, b := signature(m.Type), signature(om.Type); a != b {
			t.Errorf("%v.%s is %s, %v.%s is %s", vt, m.Name, a, ot, m.Name, b)
		}
	}
	for _, name := range allowed {
		if !slices.Contains(got, name) {
			t.Errorf("%v lacks allowed method %s", vt, name)
		}
	}
}

// signature returns the parameters (less the receiver) and results of a
// method's function type.
func signature(f reflect.Type) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := 1; i < f.NumIn(); i++ {
		if i > 1 {
			b.WriteString(", ")
		}
		b.WriteString(f.In(i).String())
	}
	if f.IsVariadic() {
		b.WriteString("...")
	}
	b.WriteString(") (")
	for i := 0; i < f.NumOut(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.Out(i).String())
	}
	b.WriteByte(')')
	return b.String()
}

// Zero fails t unless the zero value of view's type reports false from
// IsValid and panics in every other method, called with zero arguments,
// with a message that starts with prefix.
func Zero(t testing.TB, view any, prefix string) {
	t.Helper()
	v := reflect.Zero(reflect.TypeOf(view))
	if v.MethodByName("IsValid").Call(nil)[0].Bool() {
		t.Errorf("the zero %v is valid", v.Type())
	}
	for i := range v.NumMethod() {
		name := v.Type().Method(i).Name
		if name == "IsValid" {
			continue
		}
		m := v.Method(i)
		args := make([]reflect.Value, m.Type().NumIn())
		for k := range args {
			args[k] = reflect.Zero(m.Type().In(k))
		}
		func() {
			defer func() {
				r := recover()
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, prefix) {
					t.Errorf("the zero %v's %s: recovered %v, want a panic starting %q", v.Type(), name, r, prefix)
				}
			}()
			m.Call(args)
		}()
	}
}
