package taskstate

import (
	"math"
	"strconv"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/snapshot"
)

// format is the snapshot format of a Store. Version 3: CRC-32C framing,
// tasks grouped by MRD in order of creation, reporting as a class code.
var format = snapshot.Format{
	Type:    "taskstate.Store",
	Magic:   [4]byte{'T', 'S', 'K', 'S'},
	Version: 4,
	Kind:    ErrCorruptSnapshot,
}

// The body of a version 4 snapshot, after the magic and the version byte
// and before the checksum (internal/snapshot). Integers are varints (u:
// unsigned, s: signed), u8 a byte, bool a byte 0 or 1.
//
//	table      u count; per overridden row, in row order: u row number, u8 disposition
//	settings   bool NoHistoryRecreation
//	clock      bool seen; s now
//	MRDs       u count; per MRD: u ID, u8 media, s TaskLife, s StartTimeout,
//	           s MaxDuration, s TimeLimit (ns), bool NoTimeLimitCut,
//	           bool Interruptible, u8 MaxTasksPerAgent
//	apps       u count; per application: u ID, bool down, [s down since]
//	buckets    u count; per bucket: u application index, u MRD index, bool time limit fired
//	queues     per MRD, its maximum-duration queue (every task of the MRD
//	           that is not CLOSING, in order of creation): u count; per task:
//	           u bucket index, u ID, created (s for the first, u after the
//	           previous for the others), u8 state, u agent, u8 class code
//	starts     per MRD, its start queue: u count; per task: u position in
//	           the MRD's queue above, reserved (s, then u after the previous)
//	closing    per bucket, its CLOSING tasks in order of End: u count; per
//	           task: u ID, s created, u agent, u8 class code
//
// A task's class code (classCode) is its reporting so far: untouched,
// begun in the current outage, RP-4, RP-6, TS-3 or TS-5. Everything else —
// the index, the heap of deadlines, the bucket lists — is rebuilt, so a
// snapshot has one encoding per store and a restored store marshals to the
// same bytes.

// MarshalBinary implements [encoding.BinaryMarshaler]: a snapshot of the
// whole store — table overrides, clock, MRDs, applications and their path
// state, outages, and every open task in queue order — so that a restarted
// service can go on exactly where it stopped. A store restored with
// [Store.UnmarshalBinary] gives the same effects, in the same order, for the
// same later inputs. The snapshot ends with a CRC-32C of what precedes it.
func (s *Store) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 64+16*len(s.mrds)+8*len(s.apps)+4*len(s.buckets)+24*s.idx.n)
	b = format.Begin(b)
	u := func(v uint64) { b = snapshot.AppendUvarint(b, v) }
	v := func(x int64) { b = snapshot.AppendVarint(b, x) }
	flag := func(x bool) { b = snapshot.AppendBool(b, x) }

	ov := s.tab().overrides()
	u(uint64(len(ov)))
	for _, r := range ov {
		u(uint64(r.N))
		b = append(b, byte(r.Disposition))
	}
	flag(s.noRecreate)
	flag(s.seen)
	v(s.now)
	u(uint64(len(s.mrds)))
	for i := range s.mrds {
		m := &s.mrds[i].m
		u(uint64(m.ID))
		b = append(b, byte(m.Media))
		v(int64(m.TaskLife))
		v(int64(m.StartTimeout))
		v(int64(m.MaxDuration))
		v(int64(m.TimeLimit))
		flag(m.NoTimeLimitCut)
		flag(m.Interruptible)
		b = append(b, m.MaxTasksPerAgent)
	}
	u(uint64(len(s.apps)))
	for _, a := range s.apps {
		u(uint64(a.id))
		flag(a.down)
		if a.down {
			v(a.downAt)
		}
	}
	u(uint64(len(s.buckets)))
	for _, bk := range s.buckets {
		u(uint64(bk.app))
		u(uint64(bk.mrd))
		flag(bk.fired)
	}
	pos := make([]uint32, s.next)
	for mi := range s.mrds {
		r := &s.mrds[mi]
		u(uint64(r.maxQ.n))
		prev, n := int64(0), uint32(0)
		for j := r.maxQ.head; j != 0; j = s.at(j).qNext {
			t := s.at(j)
			u(uint64(t.bucket))
			u(uint64(t.id))
			if n == 0 {
				v(t.begin)
			} else {
				u(uint64(t.begin - prev))
			}
			b = append(b, byte(t.state))
			u(uint64(t.agent))
			b = append(b, byte(reportOf(t, &s.buckets[t.bucket], r.email)))
			prev, pos[j] = t.begin, n
			n++
		}
	}
	for mi := range s.mrds {
		r := &s.mrds[mi]
		u(uint64(r.startQ.n))
		prev := int64(0)
		for j := r.startQ.head; j != 0; j = s.at(j).sNext {
			t := s.at(j)
			u(uint64(pos[j]))
			if j == r.startQ.head {
				v(t.reserve)
			} else {
				u(uint64(t.reserve - prev))
			}
			prev = t.reserve
		}
	}
	for bi := range s.buckets {
		bk := &s.buckets[bi]
		u(uint64(bk.closing.n))
		for j := bk.closing.head; j != 0; j = s.at(j).bNext {
			t := s.at(j)
			u(uint64(t.id))
			v(t.begin)
			u(uint64(t.agent))
			b = append(b, byte(reportOf(t, bk, s.mrds[bk.mrd].email)))
		}
	}
	return snapshot.Seal(b), nil
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]: it replaces the
// store with the snapshot in data. A snapshot that is not a version 3
// taskstate snapshot, is damaged (the checksum), or describes a store that
// no sequence of inputs produces — the decoder runs the store's own
// invariant check on what it decoded — is refused with a
// [*ccefsm.SnapshotError] naming the field and byte offset, wrapping
// ErrCorruptSnapshot, and leaves the store unchanged. Decoding costs O(n)
// expected time in the size of the snapshot.
func (s *Store) UnmarshalBinary(data []byte) error {
	n, err := decode(data)
	if err != nil {
		return err
	}
	*s = *n
	return nil
}

// decoder holds the offsets at which each element was read, to say where
// a broken invariant lies.
type decoder struct {
	r                  *snapshot.Reader
	s                  *Store
	headOff            int        // the start of the body
	mrdOff, appOff     []int      // by index
	bucketOff, taskOff []int      // by index, by slot
	sections           [][]uint32 // per MRD, the slots of its queue in order
}

const maxU32 = math.MaxUint32

func decode(data []byte) (*Store, error) {
	r, err := format.Open(data)
	if err != nil {
		return nil, err
	}
	d := &decoder{r: r, s: new(Store), headOff: r.Offset()}
	d.table()
	d.clock()
	d.mrds()
	d.apps()
	d.buckets()
	d.queues()
	d.starts()
	d.closing()
	if err := r.Done(); err != nil {
		return nil, err
	}
	s := d.s
	for mi := range s.mrds {
		if s.mrds[mi].startQ.head != 0 {
			s.requeue(kindStart, uint32(mi))
		}
		if s.mrds[mi].maxQ.head != 0 {
			s.requeue(kindMax, uint32(mi))
		}
	}
	for bi := range s.buckets {
		bk := &s.buckets[bi]
		if at, ok := s.mrds[bk.mrd].deadline(s.apps[bk.app].downAt); ok && bk.down && !bk.fired && bk.main.n > 0 {
			s.schedule(kindOutage, uint32(bi), at)
		}
	}
	if p := s.check(); p != nil {
		return nil, d.refuse(p)
	}
	return s, nil
}

// refuse turns a broken invariant into a snapshot error at the offset of
// the element it lies in.
func (d *decoder) refuse(p *problem) error {
	off, field := d.headOff, p.field
	s := d.s
	switch p.elem {
	case elemMRD:
		off, field = d.mrdOff[p.index], "MRD "+strconv.FormatUint(uint64(s.mrds[p.index].m.ID), 10)+" "+p.field
	case elemApp:
		off, field = d.appOff[p.index], "application "+strconv.FormatUint(uint64(s.apps[p.index].id), 10)+" "+p.field
	case elemBucket:
		off, field = d.bucketOff[p.index], "bucket "+strconv.FormatUint(uint64(p.index), 10)+" "+p.field
	case elemTask:
		off, field = d.taskOff[p.index], "task "+strconv.FormatUint(uint64(s.at(p.index).id), 10)+" "+p.field
	}
	return &snapshot.Error{Type: format.Type, Offset: off, Field: field, Reason: p.reason, Kind: ErrCorruptSnapshot}
}

func (d *decoder) table() {
	r := d.r
	tab := DefaultTable()
	n := r.Count("table overrides", 2)
	prev := 0
	for k := 0; k < n && r.OK(); k++ {
		off := r.Offset()
		row := int(r.Uvarint("table row", uint64(len(tab.rows))))
		disp := Disposition(r.U8("table disposition"))
		if !r.OK() {
			return
		}
		if row <= prev {
			r.FailAt(off, "table row", "rows not in increasing order from 1")
			return
		}
		prev = row
		x := tab.rows[row-1]
		if disp == x.Disposition {
			r.FailAt(off, "table disposition", "override equal to the default")
			return
		}
		if err := tab.SetDisposition(x.From, x.Event, disp); err != nil {
			r.FailAt(off, "table disposition", err.Error())
			return
		}
	}
	d.s.table = tab
}

func (d *decoder) clock() {
	d.s.noRecreate = d.r.Bool("no history recreation")
	d.s.seen = d.r.Bool("seen")
	d.s.now = d.r.Varint("clock")
}

func (d *decoder) mrds() {
	r, s := d.r, d.s
	n := r.Count("MRDs", 9)
	for k := 0; k < n && r.OK(); k++ {
		off := r.Offset()
		m := ccefsm.MRD{ID: ccefsm.MRDID(r.Uvarint("MRD ID", maxU32))}
		m.Media = ccefsm.MediaKind(r.U8("MRD media"))
		m.TaskLife = time.Duration(r.Varint("MRD TaskLife"))
		m.StartTimeout = time.Duration(r.Varint("MRD StartTimeout"))
		m.MaxDuration = time.Duration(r.Varint("MRD MaxDuration"))
		m.TimeLimit = time.Duration(r.Varint("MRD TimeLimit"))
		m.NoTimeLimitCut = r.Bool("MRD NoTimeLimitCut")
		m.Interruptible = r.Bool("MRD Interruptible")
		m.MaxTasksPerAgent = r.U8("MRD MaxTasksPerAgent")
		if !r.OK() {
			return
		}
		if err := s.AddMRD(m); err != nil {
			r.FailAt(off, "MRD", err.Error())
			return
		}
		d.mrdOff = append(d.mrdOff, off)
	}
}

func (d *decoder) apps() {
	r, s := d.r, d.s
	n := r.Count("applications", 2)
	for k := 0; k < n && r.OK(); k++ {
		off := r.Offset()
		id := ccefsm.AppID(r.Uvarint("application ID", maxU32))
		down := r.Bool("application down")
		var at int64
		if down {
			at = r.Varint("application down since")
		}
		if !r.OK() {
			return
		}
		if _, dup := s.appIdx[id]; dup || id == 0 {
			r.FailAt(off, "application ID", "zero or repeated")
			return
		}
		a := s.appFor(id)
		s.apps[a].down, s.apps[a].downAt = down, at
		d.appOff = append(d.appOff, off)
	}
}

func (d *decoder) buckets() {
	r, s := d.r, d.s
	n := r.Count("buckets", 3)
	for k := 0; k < n && r.OK(); k++ {
		off := r.Offset()
		a := r.Uvarint("bucket application", maxU32)
		m := r.Uvarint("bucket MRD", maxU32)
		fired := r.Bool("bucket time limit fired")
		if !r.OK() {
			return
		}
		if a >= uint64(len(s.apps)) || m >= uint64(len(s.mrds)) {
			r.FailAt(off, "bucket", "names no application or no MRD")
			return
		}
		app, mrd := s.apps[a].id, s.mrds[m].m.ID
		if _, dup := s.bucketIdx[bucketKey(app, mrd)]; dup {
			r.FailAt(off, "bucket", "repeated")
			return
		}
		b := s.newBucket(app, mrd, uint32(m))
		bk := &s.buckets[b]
		bk.fired = fired
		bk.outages, bk.cuts = 1, 1
		d.bucketOff = append(d.bucketOff, off)
	}
}

// task decodes the reporting of a task from its class code: marks and
// counter snapshots that give that code (the buckets' counters are 1).
func decodeCode(t *task, c classCode) {
	t.outSnap, t.cutSnap = 1, 1
	switch c {
	case codeFresh:
		t.mark = markFresh
	case codeTS5:
		t.mark = markInit
	case codeRP4, codeRP6:
		t.outSnap = 0
	case codeTS3:
		t.outSnap, t.cutSnap = 0, 0
	}
}

// place puts the decoded task t into a new slot and the index, and checks
// that its class code reads back: a code that does not fit the bucket's
// media would otherwise be re-encoded as another.
func (d *decoder) place(off int, t task, c classCode) (uint32, bool) {
	r, s := d.r, d.s
	if c >= numCodes {
		r.FailAt(off, "task class code", "unknown code "+strconv.Itoa(int(c)))
		return 0, false
	}
	if t.id == 0 {
		r.FailAt(off, "task ID", "zero")
		return 0, false
	}
	_, pr, dup := s.find(t.id)
	if dup {
		r.FailAt(off, "task ID", "repeated: "+strconv.FormatUint(uint64(t.id), 10))
		return 0, false
	}
	decodeCode(&t, c)
	bk := &s.buckets[t.bucket]
	if reportOf(&t, bk, s.mrds[bk.mrd].email) != c {
		r.FailAt(off, "task class code", "code "+strconv.Itoa(int(c))+": not a class of "+s.mrds[bk.mrd].m.Media.String()+" tasks")
		return 0, false
	}
	i := s.alloc()
	*s.at(i) = t
	s.insert(i, pr)
	for len(d.taskOff) <= int(i) {
		d.taskOff = append(d.taskOff, 0)
	}
	d.taskOff[i] = off
	return i, true
}

func (d *decoder) queues() {
	r, s := d.r, d.s
	d.sections = make([][]uint32, len(s.mrds))
	for mi := 0; mi < len(s.mrds) && r.OK(); mi++ {
		n := r.Count("MRD queue", 6)
		s.Grow(n)
		sec := make([]uint32, 0, n)
		prev := int64(0)
		for k := 0; k < n && r.OK(); k++ {
			off := r.Offset()
			b := r.Uvarint("task bucket", maxU32)
			t := task{id: ccefsm.TaskID(r.Uvarint("task ID", math.MaxUint64))}
			if k == 0 {
				t.begin = r.Varint("task created")
			} else {
				// Every instant up to the largest int64 after prev.
				t.begin = prev + int64(r.Uvarint("task created", uint64(math.MaxInt64)-uint64(prev)))
			}
			t.state = State(r.U8("task state"))
			t.agent = ccefsm.AgentID(r.Uvarint("task agent", maxU32))
			c := classCode(r.U8("task class code"))
			if !r.OK() {
				return
			}
			if b >= uint64(len(s.buckets)) {
				r.FailAt(off, "task bucket", "no such bucket")
				return
			}
			if !t.state.IsOpen() || t.state == StateClosing {
				r.FailAt(off, "task state", "not a state of a task in a maximum-duration queue: "+strconv.Itoa(int(t.state)))
				return
			}
			t.bucket = uint32(b)
			i, ok := d.place(off, t, c)
			if !ok {
				return
			}
			bk := &s.buckets[b]
			if c == codeFresh {
				s.push(&bk.fresh, i, linkB)
			} else {
				s.push(&bk.main, i, linkB)
			}
			s.push(&s.mrds[mi].maxQ, i, linkQ)
			sec = append(sec, i)
			prev = t.begin
		}
		d.sections[mi] = sec
	}
}

func (d *decoder) starts() {
	r, s := d.r, d.s
	for mi := 0; mi < len(s.mrds) && r.OK(); mi++ {
		n := r.Count("MRD start queue", 2)
		sec := d.sections[mi]
		prev := int64(0)
		q := &s.mrds[mi].startQ
		for k := 0; k < n && r.OK(); k++ {
			off := r.Offset()
			p := r.Uvarint("start queue position", maxU32)
			var at int64
			if k == 0 {
				at = r.Varint("start queue reserved")
			} else {
				at = prev + int64(r.Uvarint("start queue reserved", uint64(math.MaxInt64)-uint64(prev)))
			}
			if !r.OK() {
				return
			}
			if p >= uint64(len(sec)) {
				r.FailAt(off, "start queue position", "past the MRD's queue")
				return
			}
			i := sec[p]
			t := s.at(i)
			if t.state != StatePreCall {
				r.FailAt(off, "start queue position", "task "+strconv.FormatUint(uint64(t.id), 10)+" is "+t.state.String()+", not PRE_CALL")
				return
			}
			if t.sPrev != 0 || q.tail == i {
				r.FailAt(off, "start queue position", "task "+strconv.FormatUint(uint64(t.id), 10)+" twice")
				return
			}
			t.reserve = at
			s.push(q, i, linkS)
			prev = at
		}
	}
}

func (d *decoder) closing() {
	r, s := d.r, d.s
	for bi := 0; bi < len(s.buckets) && r.OK(); bi++ {
		n := r.Count("bucket closing tasks", 4)
		s.Grow(n)
		for k := 0; k < n && r.OK(); k++ {
			off := r.Offset()
			t := task{id: ccefsm.TaskID(r.Uvarint("task ID", math.MaxUint64)), state: StateClosing, bucket: uint32(bi)}
			t.begin = r.Varint("task created")
			t.agent = ccefsm.AgentID(r.Uvarint("task agent", maxU32))
			c := classCode(r.U8("task class code"))
			if !r.OK() {
				return
			}
			i, ok := d.place(off, t, c)
			if !ok {
				return
			}
			s.push(&s.buckets[bi].closing, i, linkB)
		}
	}
}
