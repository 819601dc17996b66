package taskstate_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/viewcheck"
	"github.com/ccefsm/ccefsm/taskstate"
)

var viewT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func viewStore(t testing.TB) *taskstate.Store {
	t.Helper()
	s, err := taskstate.NewStore(taskstate.Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(1, ccefsm.MediaChat)}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The view's methods are read-only queries, each the Store's method of the
// same name: a method added to StoreView fails here until it is reviewed
// and put on the list. Left out on purpose: every input, Advance, Grow,
// AddMRD and UnmarshalBinary.
func TestStoreViewMethods(t *testing.T) {
	viewcheck.Methods(t, taskstate.StoreView{}, &taskstate.Store{},
		"IsValid", "Len", "Task", "AppendTasks", "OpenAt", "NextDeadline", "IsPathDown", "MRD", "Table", "MarshalBinary")
}

// The zero view is invalid, and every query on it panics with a message
// that says what went wrong.
func TestStoreViewZero(t *testing.T) {
	viewcheck.Zero(t, taskstate.StoreView{}, "taskstate: use of the zero StoreView")
	if !viewStore(t).View().IsValid() {
		t.Error("a store's view is not valid")
	}
}

// A view is live: it sees every change to its store after it was taken,
// and answers as the store does; the table it returns is a copy.
func TestStoreViewLive(t *testing.T) {
	s := viewStore(t)
	v := s.View()
	if v.Len() != 0 {
		t.Fatal("tasks before any input")
	}
	var dst []taskstate.Effect
	var err error
	if dst, err = s.Create(dst, viewT0, taskstate.NewTask{ID: 1, App: 7, MRD: 1, Agent: 1001, State: taskstate.StateOffered}); err != nil {
		t.Fatal(err)
	}
	if tk, err := v.Task(1); err != nil || tk.State != taskstate.StateOffered || v.Len() != 1 || !v.OpenAt(1, viewT0) {
		t.Errorf("the view sees %+v, %v", tk, err)
	}
	if _, ok := v.NextDeadline(); !ok {
		t.Error("the view sees no start timeout")
	}
	if dst, err = s.PathDown(dst, viewT0.Add(time.Second), 7); err != nil {
		t.Fatal(err)
	}
	if down, since := v.IsPathDown(7); !down || !since.Equal(viewT0.Add(time.Second)) {
		t.Errorf("the view sees the path down %v since %v", down, since)
	}
	if _, err = s.End(dst, viewT0.Add(2*time.Second), 1, 0); err != nil {
		t.Fatal(err)
	}
	a, _ := s.MarshalBinary()
	b, _ := v.MarshalBinary()
	m, err := v.MRD(1)
	if !bytes.Equal(a, b) || err != nil || m.ID != 1 || len(v.AppendTasks(nil)) != s.Len() {
		t.Error("the view does not answer as its store")
	}
	// The table a view returns is the store's copy: changing it changes
	// nothing in the store.
	tab := v.Table()
	before, _ := v.Table().Lookup(taskstate.StateNew, taskstate.EventEnd)
	if err := tab.SetDisposition(taskstate.StateNew, taskstate.EventEnd, taskstate.ApplTerminateDialogue); err != nil {
		t.Fatal(err)
	}
	if changed, _ := tab.Lookup(taskstate.StateNew, taskstate.EventEnd); changed == before {
		t.Fatal("SetDisposition changed nothing: the check below would say nothing")
	}
	if after, _ := v.Table().Lookup(taskstate.StateNew, taskstate.EventEnd); after != before {
		t.Error("changing the table a view returned changed the store's")
	}
}

// Getting a view and querying it allocates nothing.
func TestStoreViewAllocs(t *testing.T) {
	s := viewStore(t)
	if _, err := s.Create(nil, viewT0, taskstate.NewTask{ID: 1, App: 7, MRD: 1, Agent: 1001, State: taskstate.StateOffered}); err != nil {
		t.Fatal(err)
	}
	tasks := make([]taskstate.Task, 0, 8)
	n := testing.AllocsPerRun(100, func() {
		v := s.View()
		_ = v.IsValid()
		_ = v.Len()
		_, _ = v.Task(1)
		tasks = v.AppendTasks(tasks[:0])
		_ = v.OpenAt(1, viewT0)
		_, _ = v.NextDeadline()
		_, _ = v.IsPathDown(7)
		_, _ = v.MRD(1)
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}
