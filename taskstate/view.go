package taskstate

import (
	"time"

	"github.com/ccefsm/ccefsm"
)

// StoreView is a read-only view of a [Store]: its query methods, and none
// of the methods that change it (no input, no Advance, no Grow, no
// UnmarshalBinary). An owner that drives a Store (the failover engine)
// hands out a view so that callers can read tasks and deadlines without
// being able to change them behind its back.
//
// A view is live, not a copy: it sees every change made to its store after
// it was taken. It is a small value (one pointer), cheap to copy and to
// pass; getting one and calling its methods allocates nothing beyond what
// the Store's own method allocates (Table and MarshalBinary return new
// memory, AppendTasks grows dst when it must). Each method is the Store
// method of the same name; what it returns shares no memory with the store
// (Table returns a copy of the table: changing it changes nothing in the
// store), so nothing reached through a view changes it. Like the Store, a
// view is not safe for use while the store is being changed by another
// goroutine.
//
// The zero StoreView views no store and is not usable: IsValid reports
// false and every other method panics. Get one from [Store.View].
type StoreView struct {
	s *Store
}

// View returns a read-only view of s.
func (s *Store) View() StoreView { return StoreView{s: s} }

// IsValid reports whether v views a store (it is not the zero StoreView).
func (v StoreView) IsValid() bool { return v.s != nil }

// store returns the viewed store, and panics for the zero view.
func (v StoreView) store() *Store {
	if v.s == nil {
		panic("taskstate: use of the zero StoreView (get one from Store.View)")
	}
	return v.s
}

// Len is [Store.Len]: the number of open tasks.
func (v StoreView) Len() int { return v.store().Len() }

// Task is [Store.Task]: open task id.
func (v StoreView) Task(id ccefsm.TaskID) (Task, error) { return v.store().Task(id) }

// AppendTasks is [Store.AppendTasks]: it appends every open task to dst.
func (v StoreView) AppendTasks(dst []Task) []Task { return v.store().AppendTasks(dst) }

// OpenAt is [Store.OpenAt]: whether task id is open and stays open through
// the deadlines due by now. It fires nothing.
func (v StoreView) OpenAt(id ccefsm.TaskID, now time.Time) bool { return v.store().OpenAt(id, now) }

// NextDeadline is [Store.NextDeadline]: the earliest deadline not yet
// fired.
func (v StoreView) NextDeadline() (time.Time, bool) { return v.store().NextDeadline() }

// IsPathDown is [Store.IsPathDown]: whether app's path to the Agent PG CTI
// server is down, and since when.
func (v StoreView) IsPathDown(app ccefsm.AppID) (bool, time.Time) { return v.store().IsPathDown(app) }

// MRD is [Store.MRD]: the attributes of a registered MRD.
func (v StoreView) MRD(id ccefsm.MRDID) (ccefsm.MRD, error) { return v.store().MRD(id) }

// Table is [Store.Table]: a copy of the store's transition table, in new
// memory; the store keeps its own.
func (v StoreView) Table() *Table { return v.store().Table() }

// MarshalBinary is [Store.MarshalBinary]: a snapshot of the store, in new
// memory. The view has no UnmarshalBinary.
func (v StoreView) MarshalBinary() ([]byte, error) { return v.store().MarshalBinary() }
