// Package clonecheck holds the helpers of the tests of the Clone methods of
// the stateful types (agentstate.Roster, taskstate.Store, routing.Conn,
// routing.Voice, routing.ReportCache, failover.Engine): [Shared] finds the
// memory a copy shares with its original, and [Shape] lists the fields a
// deep copy has to handle, so that a field added later without a change to
// Clone fails a test instead of sharing state between two values that
// should be independent.
package clonecheck

import (
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Shared walks orig and clone, two values of the same type (pointers to an
// original and its copy, as a rule), in parallel, and returns the path of
// every place where they share memory that could be written through one of
// them: the same non-nil pointer, map or channel, or two slices whose
// backing arrays overlap. Each path names the fields and elements from the
// root, such as "conns[0].reqs" or "led.periph[1].offline".
//
// A path in allow is neither reported nor walked into; "cfg.Topology"
// allows itself and every path below it ("cfg.Topology.MRDs"). Pointers
// to a [time.Location] are not reported: a location is immutable, and
// every [time.Time] in UTC points at the same one. Strings and functions
// are immutable and not reported either.
//
// Shared follows slices, arrays and maps element by element (a map by the
// keys both have), interfaces to their dynamic values, and pointers to
// what they point at, each pair of pointers once, so that cycles end. Two
// values of different dynamic types, or one nil where the other is not,
// are not sharing and are not reported: Shared looks for aliasing, not for
// differences.
func Shared(orig, clone any, allow ...string) []string {
	w := walker{allow: allow, seen: map[pair]bool{}}
	w.walk(reflect.ValueOf(orig), reflect.ValueOf(clone), "")
	return w.found
}

type walker struct {
	allow []string
	seen  map[pair]bool
	found []string
}

// pair is two pointers walked together, with their type: a struct and its
// first field have one address.
type pair struct {
	a, b uintptr
	t    reflect.Type
}

var locationType = reflect.TypeFor[time.Location]()

func (w *walker) allowed(path string) bool {
	for _, a := range w.allow {
		if path == a || strings.HasPrefix(path, a) && (path[len(a)] == '.' || path[len(a)] == '[') {
			return true
		}
	}
	return false
}

func (w *walker) report(path, what string) {
	if path == "" {
		path = "(root)"
	}
	w.found = append(w.found, path+": "+what)
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func (w *walker) walk(a, b reflect.Value, path string) {
	if !a.IsValid() || !b.IsValid() || a.Type() != b.Type() || w.allowed(path) {
		return
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			if a.Type().Elem() != locationType && a.Type().Elem().Size() != 0 {
				w.report(path, "the same pointer")
			}
			return
		}
		key := pair{a.Pointer(), b.Pointer(), a.Type()}
		if w.seen[key] {
			return
		}
		w.seen[key] = true
		w.walk(a.Elem(), b.Elem(), path)
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return
		}
		w.walk(a.Elem(), b.Elem(), path)
	case reflect.Map, reflect.Chan:
		if a.IsNil() || b.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			w.report(path, "the same "+a.Kind().String())
			return
		}
		if a.Kind() == reflect.Chan || !holdsMemory(a.Type().Elem()) {
			return
		}
		it := a.MapRange()
		for it.Next() {
			if bv := b.MapIndex(it.Key()); bv.IsValid() {
				w.walk(it.Value(), bv, path+"["+keyString(it.Key())+"]")
			}
		}
	case reflect.Slice:
		if a.Cap() == 0 || b.Cap() == 0 {
			return
		}
		size := a.Type().Elem().Size()
		if size != 0 {
			a0, b0 := a.Pointer(), b.Pointer()
			a1, b1 := a0+uintptr(a.Cap())*size, b0+uintptr(b.Cap())*size
			if a0 < b1 && b0 < a1 {
				w.report(path, "slices that share their backing array")
				return
			}
		}
		if !holdsMemory(a.Type().Elem()) {
			return
		}
		for i := range min(a.Len(), b.Len()) {
			w.walk(a.Index(i), b.Index(i), path+"["+strconv.Itoa(i)+"]")
		}
	case reflect.Array:
		if !holdsMemory(a.Type().Elem()) {
			return
		}
		for i := range a.Len() {
			w.walk(a.Index(i), b.Index(i), path+"["+strconv.Itoa(i)+"]")
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if holdsMemory(a.Type().Field(i).Type) {
				w.walk(a.Field(i), b.Field(i), join(path, a.Type().Field(i).Name))
			}
		}
	}
}

// holdsMemory reports whether a value of type t can refer to memory that
// two values may share: whether it is or holds a pointer, map, slice,
// channel or interface. Strings and functions are immutable.
func holdsMemory(t reflect.Type) bool {
	return holds(t, map[reflect.Type]bool{})
}

func holds(t reflect.Type, busy map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Interface:
		return true
	case reflect.Array:
		return holds(t.Elem(), busy)
	case reflect.Struct:
		if busy[t] {
			return false
		}
		busy[t] = true
		for i := range t.NumField() {
			if holds(t.Field(i).Type, busy) {
				return true
			}
		}
	}
	return false
}

func keyString(k reflect.Value) string {
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(k.Uint(), 10)
	case reflect.String:
		return strconv.Quote(k.String())
	}
	return k.Type().String()
}

// Shape lists the fields of v's type (a struct or a pointer to one) and of
// every struct type of the same package that they hold, through slices,
// arrays, maps and pointers, each type once, as "Type.field type" lines in
// declaration order: the fields a deep copy of a v has to think about.
// Types of other packages are named but not entered (their own Clone and
// their own test cover them).
//
// A test keeps the list it expects and compares: a field added, removed or
// retyped anywhere in the value changes the list, and the test fails until
// Clone has been checked against the change and the list updated.
func Shape(v any) []string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s := shaper{pkg: t.PkgPath(), done: map[reflect.Type]bool{}}
	s.visit(t)
	return s.out
}

type shaper struct {
	pkg  string
	done map[reflect.Type]bool
	out  []string
}

func (s *shaper) visit(t reflect.Type) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		s.visit(t.Elem())
		return
	case reflect.Map:
		s.visit(t.Key())
		s.visit(t.Elem())
		return
	case reflect.Struct:
	default:
		return
	}
	if t.PkgPath() != s.pkg || s.done[t] {
		return
	}
	s.done[t] = true
	for i := range t.NumField() {
		f := t.Field(i)
		s.out = append(s.out, t.Name()+"."+f.Name+" "+f.Type.String())
	}
	for i := range t.NumField() {
		s.visit(t.Field(i).Type)
	}
}
