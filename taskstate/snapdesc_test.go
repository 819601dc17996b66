package taskstate

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
)

// snapDesc is a second, test-side implementation of the version 3 snapshot
// format (snapshot.go): parse reads a snapshot into plain fields with no
// check at all, encode writes them back. Crafting a snapshot of a state no
// input produces is then an edit of the fields, whatever the store's own
// links could express.
type snapDesc struct {
	Overrides  [][2]uint64 // row number, disposition
	NoRecreate bool        // Config.NoHistoryRecreation
	Seen       bool
	Now        int64
	MRDs       []ccefsm.MRD
	Apps       []appDesc
	Buckets    []bucketDesc
	Queues     [][]taskDesc // per MRD
	Starts     [][]startDesc
	Closing    [][]closingDesc // per bucket
}

type appDesc struct {
	ID     uint64
	Down   bool
	DownAt int64
}

type bucketDesc struct {
	App, MRD uint64
	Fired    bool
}

type taskDesc struct {
	Bucket, ID uint64
	Begin      int64
	State      uint8
	Agent      uint64
	Code       uint8
}

type startDesc struct {
	Pos     uint64
	Reserve int64
}

type closingDesc struct {
	ID    uint64
	Begin int64
	Agent uint64
	Code  uint8
}

type descReader struct{ b []byte }

func (r *descReader) u() uint64 {
	v, n := binary.Uvarint(r.b)
	r.b = r.b[n:]
	return v
}

func (r *descReader) s() int64 {
	v, n := binary.Varint(r.b)
	r.b = r.b[n:]
	return v
}

func (r *descReader) byte() uint8 {
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func parseSnap(t testing.TB, snap []byte) snapDesc {
	t.Helper()
	r := &descReader{b: snap[5 : len(snap)-4]}
	var d snapDesc
	for n := r.u(); n > 0; n-- {
		d.Overrides = append(d.Overrides, [2]uint64{r.u(), uint64(r.byte())})
	}
	d.NoRecreate = r.byte() == 1
	d.Seen = r.byte() == 1
	d.Now = r.s()
	for n := r.u(); n > 0; n-- {
		m := ccefsm.MRD{ID: ccefsm.MRDID(r.u()), Media: ccefsm.MediaKind(r.byte())}
		m.TaskLife, m.StartTimeout, m.MaxDuration, m.TimeLimit = time.Duration(r.s()), time.Duration(r.s()), time.Duration(r.s()), time.Duration(r.s())
		m.NoTimeLimitCut, m.Interruptible = r.byte() == 1, r.byte() == 1
		m.MaxTasksPerAgent = r.byte()
		d.MRDs = append(d.MRDs, m)
	}
	for n := r.u(); n > 0; n-- {
		a := appDesc{ID: r.u(), Down: r.byte() == 1}
		if a.Down {
			a.DownAt = r.s()
		}
		d.Apps = append(d.Apps, a)
	}
	for n := r.u(); n > 0; n-- {
		d.Buckets = append(d.Buckets, bucketDesc{App: r.u(), MRD: r.u(), Fired: r.byte() == 1})
	}
	d.Queues = make([][]taskDesc, len(d.MRDs))
	for m := range d.MRDs {
		prev := int64(0)
		for k, n := 0, int(r.u()); k < n; k++ {
			td := taskDesc{Bucket: r.u(), ID: r.u()}
			if k == 0 {
				td.Begin = r.s()
			} else {
				td.Begin = prev + int64(r.u())
			}
			td.State, td.Agent, td.Code = r.byte(), r.u(), r.byte()
			prev = td.Begin
			d.Queues[m] = append(d.Queues[m], td)
		}
	}
	d.Starts = make([][]startDesc, len(d.MRDs))
	for m := range d.MRDs {
		prev := int64(0)
		for k, n := 0, int(r.u()); k < n; k++ {
			sd := startDesc{Pos: r.u()}
			if k == 0 {
				sd.Reserve = r.s()
			} else {
				sd.Reserve = prev + int64(r.u())
			}
			prev = sd.Reserve
			d.Starts[m] = append(d.Starts[m], sd)
		}
	}
	d.Closing = make([][]closingDesc, len(d.Buckets))
	for b := range d.Buckets {
		for n := r.u(); n > 0; n-- {
			d.Closing[b] = append(d.Closing[b], closingDesc{ID: r.u(), Begin: r.s(), Agent: r.u(), Code: r.byte()})
		}
	}
	if len(r.b) != 0 {
		t.Fatalf("parseSnap: %d bytes left", len(r.b))
	}
	return d
}

func (d snapDesc) encode() []byte {
	b := []byte("TSKS\x04")
	u := func(v uint64) { b = binary.AppendUvarint(b, v) }
	s := func(v int64) { b = binary.AppendVarint(b, v) }
	bl := func(v bool) {
		if v {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	u(uint64(len(d.Overrides)))
	for _, o := range d.Overrides {
		u(o[0])
		b = append(b, byte(o[1]))
	}
	bl(d.NoRecreate)
	bl(d.Seen)
	s(d.Now)
	u(uint64(len(d.MRDs)))
	for _, m := range d.MRDs {
		u(uint64(m.ID))
		b = append(b, byte(m.Media))
		s(int64(m.TaskLife))
		s(int64(m.StartTimeout))
		s(int64(m.MaxDuration))
		s(int64(m.TimeLimit))
		bl(m.NoTimeLimitCut)
		bl(m.Interruptible)
		b = append(b, m.MaxTasksPerAgent)
	}
	u(uint64(len(d.Apps)))
	for _, a := range d.Apps {
		u(a.ID)
		bl(a.Down)
		if a.Down {
			s(a.DownAt)
		}
	}
	u(uint64(len(d.Buckets)))
	for _, bk := range d.Buckets {
		u(bk.App)
		u(bk.MRD)
		bl(bk.Fired)
	}
	for m := range d.MRDs {
		var q []taskDesc
		if m < len(d.Queues) {
			q = d.Queues[m]
		}
		u(uint64(len(q)))
		for k, td := range q {
			u(td.Bucket)
			u(td.ID)
			if k == 0 {
				s(td.Begin)
			} else {
				u(uint64(td.Begin - q[k-1].Begin))
			}
			b = append(b, td.State)
			u(td.Agent)
			b = append(b, td.Code)
		}
	}
	for m := range d.MRDs {
		var q []startDesc
		if m < len(d.Starts) {
			q = d.Starts[m]
		}
		u(uint64(len(q)))
		for k, sd := range q {
			u(sd.Pos)
			if k == 0 {
				s(sd.Reserve)
			} else {
				u(uint64(sd.Reserve - q[k-1].Reserve))
			}
		}
	}
	for bi := range d.Buckets {
		var q []closingDesc
		if bi < len(d.Closing) {
			q = d.Closing[bi]
		}
		u(uint64(len(q)))
		for _, c := range q {
			u(c.ID)
			s(c.Begin)
			u(c.Agent)
			b = append(b, c.Code)
		}
	}
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)))
}

// TestSnapDesc: the test-side codec reads and writes the store's own
// snapshots byte for byte, so that crafted snapshots differ from real ones
// only where a test edits them.
func TestSnapDesc(t *testing.T) {
	for _, s := range []*Store{richStore(t), new(Store), newStore(t)} {
		snap, _ := s.MarshalBinary()
		if got := parseSnap(t, snap).encode(); !bytes.Equal(got, snap) {
			t.Fatalf("parse+encode differs from the snapshot:\n%x\n%x", got, snap)
		}
	}
}

// descOf returns the description of the snapshot of the store built by
// steps from newStore.
func descOf(t testing.TB, steps []step, more ...ccefsm.MRD) snapDesc {
	t.Helper()
	s := newStore(t, more...)
	runSteps(t, s, steps)
	snap, _ := s.MarshalBinary()
	return parseSnap(t, snap)
}
