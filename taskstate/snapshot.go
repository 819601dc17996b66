package taskstate

import (
	"encoding/binary"
	"time"

	"github.com/ccefsm/ccefsm"
)

// snapshotMagic starts every snapshot; the last byte is the format version.
const snapshotMagic = "TSKS\x02"

// MarshalBinary implements [encoding.BinaryMarshaler]: a snapshot of the
// whole store — table overrides, clock, MRDs, applications and their path
// state, outages, and every open task in list order — so that a restarted
// service can go on exactly where it stopped. A store restored with
// [Store.UnmarshalBinary] gives the same effects, in the same order, for the
// same later inputs.
func (s *Store) MarshalBinary() ([]byte, error) {
	b := []byte(snapshotMagic)
	u := func(v uint64) { b = binary.AppendUvarint(b, v) }
	i := func(v int64) { b = binary.AppendVarint(b, v) }
	flag := func(v bool) {
		if v {
			u(1)
		} else {
			u(0)
		}
	}
	tab := s.table
	if tab == nil {
		tab = DefaultTable()
	}
	u(uint64(len(tab.rows)))
	for _, r := range tab.rows {
		u(uint64(r.Disposition))
	}
	flag(s.seen)
	i(s.now)
	u(uint64(len(s.mrds)))
	for _, r := range s.mrds {
		m := r.m
		u(uint64(m.ID))
		u(uint64(m.Media))
		i(int64(m.TaskLife))
		i(int64(m.StartTimeout))
		i(int64(m.MaxDuration))
		i(int64(m.TimeLimit))
		flag(m.Interruptible)
		u(uint64(m.MaxTasksPerAgent))
	}
	u(uint64(len(s.apps)))
	for _, a := range s.apps {
		u(uint64(a.id))
		flag(a.down)
		i(a.downAt)
	}
	u(uint64(len(s.buckets)))
	for bi := range s.buckets {
		bk := &s.buckets[bi]
		u(uint64(bk.app))
		u(uint64(bk.mrd))
		u(uint64(bk.outages))
		u(uint64(bk.cuts))
		flag(bk.fired)
		if bk.hpos != 0 {
			i(s.heap[bk.hpos-1].at)
		} else {
			i(0)
		}
		flag(bk.hpos != 0)
		for _, l := range [...]list{bk.main, bk.closing, bk.fresh} {
			u(uint64(l.n))
			for j := l.head; j != 0; {
				t := s.at(j)
				u(uint64(t.id))
				i(t.begin)
				i(t.reserve)
				u(uint64(t.agent))
				u(uint64(t.state))
				u(uint64(t.flags))
				u(uint64(t.outSnap))
				u(uint64(t.cutSnap))
				j = t.bNext
			}
		}
	}
	for _, r := range s.mrds {
		for _, q := range [...]struct {
			l list
			k linkKind
		}{{r.maxQ, linkQ}, {r.startQ, linkS}} {
			u(uint64(q.l.n))
			for j := q.l.head; j != 0; {
				t := s.at(j)
				u(uint64(t.id))
				_, next := t.links(q.k)
				j = *next
			}
		}
	}
	return b, nil
}

// decoder reads a snapshot, remembering the first failure.
type decoder struct {
	b   []byte
	bad string
}

func (d *decoder) fail(why string) {
	if d.bad == "" {
		d.bad = why
	}
}

func (d *decoder) u(max uint64) uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated")
		return 0
	}
	d.b = d.b[n:]
	if v > max {
		d.fail("value out of range")
		return 0
	}
	return v
}

func (d *decoder) i() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("truncated")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) flag() bool { return d.u(1) == 1 }

// count reads a length that cannot exceed the bytes left (each element takes
// at least one byte), so that a corrupt length cannot force a huge
// allocation.
func (d *decoder) count() int { return int(d.u(uint64(len(d.b)))) }

const maxU32 = 1<<32 - 1

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]: it replaces the
// store with the snapshot in data. The snapshot is checked in full — every
// field in range, every task once in the lists its state calls for, queues
// in deadline order, no deadline left unfired before the snapshot's clock —
// and a bad one is an [*Error] wrapping ErrCorruptSnapshot that leaves the
// store unchanged.
func (s *Store) UnmarshalBinary(data []byte) error {
	n, err := decodeSnapshot(data)
	if err != nil {
		return err
	}
	*s = *n
	return nil
}

func decodeSnapshot(data []byte) (*Store, error) {
	corrupt := func(why string) (*Store, error) {
		return nil, &Error{Op: "UnmarshalBinary: " + why, Err: ErrCorruptSnapshot}
	}
	if len(data) < len(snapshotMagic) || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return corrupt("not a snapshot")
	}
	d := &decoder{b: data[len(snapshotMagic):]}
	s := new(Store)
	tab := DefaultTable()
	if d.count() != len(tab.rows) {
		return corrupt("transition table has another number of rows")
	}
	for k := range tab.rows {
		r := &tab.rows[k]
		disp := Disposition(d.u(255))
		if disp == r.Disposition {
			continue
		}
		if err := tab.SetDisposition(r.From, r.Event, disp); err != nil {
			return corrupt("transition table row " + r.Event.String() + " from " + r.From.String())
		}
	}
	s.table = tab
	s.seen = d.flag()
	s.now = d.i()
	if s.now > maxInstantNs || (!s.seen && s.now != 0) {
		return corrupt("clock out of range")
	}
	nm := d.count()
	for k := 0; k < nm && d.bad == ""; k++ {
		m := MRD{ID: ccefsm.MRDID(d.u(maxU32)), Media: ccefsm.MediaKind(d.u(255))}
		m.TaskLife = time.Duration(d.i())
		m.StartTimeout = time.Duration(d.i())
		m.MaxDuration = time.Duration(d.i())
		m.TimeLimit = time.Duration(d.i())
		m.Interruptible = d.flag()
		m.MaxTasksPerAgent = uint8(d.u(255))
		if d.bad != "" {
			break
		}
		if err := s.AddMRD(m); err != nil {
			return corrupt("MRD: " + err.Error())
		}
	}
	na := d.count()
	for k := 0; k < na && d.bad == ""; k++ {
		id := ccefsm.AppID(d.u(maxU32))
		if _, dup := s.appIdx[id]; dup || id == 0 {
			return corrupt("application ID zero or repeated")
		}
		a := s.appFor(id)
		s.apps[a].down = d.flag()
		s.apps[a].downAt = d.i()
		if s.apps[a].down && (!s.seen || s.apps[a].downAt > s.now) {
			return corrupt("application down from the future")
		}
	}
	nb := d.count()
	byID := make(map[ccefsm.TaskID]uint32)
	type pending struct {
		b  uint32
		at int64
	}
	var outages []pending
	for k := 0; k < nb && d.bad == ""; k++ {
		a, m := uint32(d.u(uint64(len(s.apps)))), uint32(d.u(uint64(len(s.mrds))))
		if d.bad != "" || int(a) >= len(s.apps) || int(m) >= len(s.mrds) {
			return corrupt("bucket refers to a missing application or MRD")
		}
		for _, b := range s.apps[a].buckets {
			if s.buckets[b].mrd == m {
				return corrupt("bucket repeated")
			}
		}
		b := uint32(len(s.buckets))
		s.buckets = append(s.buckets, bucket{app: a, mrd: m, down: s.apps[a].down})
		s.apps[a].buckets = append(s.apps[a].buckets, b)
		bk := &s.buckets[b]
		bk.outages = uint32(d.u(maxU32))
		bk.cuts = uint32(d.u(maxU32))
		bk.fired = d.flag()
		at := d.i()
		if d.flag() {
			outages = append(outages, pending{b, at})
		}
		for li := 0; li < 3 && d.bad == ""; li++ {
			cnt := d.count()
			for j := 0; j < cnt && d.bad == ""; j++ {
				t := task{id: ccefsm.TaskID(d.u(1<<64 - 1)), begin: d.i(), reserve: d.i(), agent: ccefsm.AgentID(d.u(maxU32)),
					state: State(d.u(255)), flags: uint8(d.u(uint64(flagFresh | flagInit | flagRebuilt | flagCut))), outSnap: uint32(d.u(maxU32)), cutSnap: uint32(d.u(maxU32)), bucket: b}
				if d.bad != "" {
					break
				}
				if _, dup := byID[t.id]; dup || t.id == 0 {
					return corrupt("task ID zero or repeated")
				}
				if why := checkTask(s, &t, li); why != "" {
					return corrupt("task " + why)
				}
				i := s.alloc()
				*s.at(i) = t
				s.insert(i)
				byID[t.id] = i
				l := [...]*list{&bk.main, &bk.closing, &bk.fresh}[li]
				s.push(l, i, linkB)
			}
		}
	}
	for m := range s.mrds {
		r := &s.mrds[m]
		for qi, k := range [...]linkKind{linkQ, linkS} {
			l := [...]*list{&r.maxQ, &r.startQ}[qi]
			cnt := d.count()
			last := int64(-1 << 63)
			for j := 0; j < cnt && d.bad == ""; j++ {
				i, ok := byID[ccefsm.TaskID(d.u(1<<64-1))]
				if !ok {
					return corrupt("queue names an unknown task")
				}
				t := s.at(i)
				p, n := t.links(k)
				key := t.begin
				if k == linkS {
					key = t.reserve
				}
				if *p != 0 || *n != 0 || l.head == i || s.buckets[t.bucket].mrd != uint32(m) || key < last {
					return corrupt("queue out of order, repeated or in the wrong MRD")
				}
				last = key
				s.push(l, i, k)
			}
			if d.bad == "" && l.head != 0 {
				s.requeue([...]uint8{kindMax, kindStart}[qi], uint32(m))
			}
		}
	}
	if d.bad != "" {
		return corrupt(d.bad)
	}
	if len(d.b) != 0 {
		return corrupt("trailing bytes")
	}
	// Every task must sit in the queues its state calls for.
	inQ, inS, closing, precall := 0, 0, 0, 0
	for m := range s.mrds {
		inQ += s.mrds[m].maxQ.n
		inS += s.mrds[m].startQ.n
	}
	for _, i := range byID {
		switch s.at(i).state {
		case StateClosing:
			closing++
		case StatePreCall:
			precall++
		}
	}
	if inQ != len(byID)-closing || inS != precall {
		return corrupt("queues do not hold every task")
	}
	for _, o := range outages {
		bk := &s.buckets[o.b]
		r := &s.mrds[bk.mrd]
		want := s.apps[bk.app].downAt + r.life
		if r.m.Media == ccefsm.MediaEmail {
			want = s.apps[bk.app].downAt + r.cut
		}
		if !bk.down || bk.fired || bk.main.n == 0 || o.at != want {
			return corrupt("outage deadline inconsistent")
		}
		s.schedule(kindOutage, o.b, o.at)
	}
	for _, bk := range s.buckets {
		if bk.hpos == 0 && bk.down && !bk.fired && bk.main.n > 0 {
			return corrupt("outage deadline missing")
		}
		if !bk.down && bk.fired {
			return corrupt("fired outage on a path that is up")
		}
		if bk.fired && s.mrds[bk.mrd].m.Media != ccefsm.MediaEmail && bk.main.n > 0 {
			return corrupt("task life fired but members are left")
		}
	}
	if len(s.heap) > 0 && s.seen && s.heap[0].at <= s.now {
		return corrupt("deadline left unfired before the snapshot's clock")
	}
	return s, nil
}

// checkTask validates a decoded task against its bucket and list (0 main,
// 1 closing, 2 fresh).
func checkTask(s *Store, t *task, li int) string {
	bk := &s.buckets[t.bucket]
	email := s.mrds[bk.mrd].m.Media == ccefsm.MediaEmail
	switch {
	case !t.state.IsOpen():
		return "state is not open"
	case t.state == StateNew && t.agent != 0, t.state != StateNew && t.state != StateClosing && t.agent == 0:
		// CLOSING keeps whatever agent the task had, none if it was NEW.
		return "agent does not fit the state"
	case !s.seen || t.begin > s.now || t.state == StatePreCall && (t.reserve < t.begin || t.reserve > s.now):
		// A store holding a task has seen the instant it was created. The
		// reservation instant counts only in PRE_CALL (a task never
		// reserved keeps zero, which is after the clock before 1970).
		return "from the future"
	case t.flags&(t.flags-1) != 0:
		return "more than one of begun in, reported after, rebuilt over and cut in an outage"
	case t.flags&(flagRebuilt|flagCut) != 0 && !email:
		return "rebuilt or cut outside an email MRD"
	case li == 0 && (t.state == StateClosing || t.flags&flagFresh != 0):
		return "in the member list"
	case li == 1 && (t.state != StateClosing || t.flags&flagFresh != 0 || !bk.down || email):
		return "in the closing list"
	case li == 2 && (t.flags&flagFresh == 0 || t.state == StateClosing || !bk.down):
		return "in the begun-in-outage list"
	}
	return ""
}
