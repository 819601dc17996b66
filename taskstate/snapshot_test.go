package taskstate

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ccefsm/ccefsm"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// TestSnapshotRoundTrip: a store restored from its snapshot marshals to the
// same bytes and, fed the same later inputs, gives the same effects in the
// same order and the same errors as the original (DESIGN principle 6).
func TestSnapshotRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ops := drawOps(t, 100)
		n := rapid.IntRange(0, len(ops)-1).Draw(t, "cut")
		tab := DefaultTable()
		if err := tab.SetDisposition(StateNew, EventEnd, ApplTerminateDialogue); err != nil {
			t.Fatal(err)
		}
		a, err := NewStore(Config{MRDs: testMRDs(), Table: tab})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range ops[:n] {
			_, _ = o.store(a, nil)
		}
		snap, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		b := new(Store)
		if err := b.UnmarshalBinary(snap); err != nil {
			t.Fatalf("restore: %v", err)
		}
		if p := b.check(); p != nil {
			t.Fatalf("restored store: %v", p)
		}
		again, _ := b.MarshalBinary()
		if !bytes.Equal(snap, again) {
			t.Fatalf("snapshot of the restored store differs")
		}
		for _, o := range ops[n:] {
			ea, erra := o.store(a, nil)
			eb, errb := o.store(b, nil)
			if !reflect.DeepEqual(ea, eb) || !reflect.DeepEqual(erra, errb) {
				t.Fatalf("%v: original %v %v, restored %v %v\n%s", o, ea, erra, eb, errb, cmp.Diff(ea, eb))
			}
		}
		sa, _ := a.MarshalBinary()
		sb, _ := b.MarshalBinary()
		if !bytes.Equal(sa, sb) {
			t.Fatal("original and restored stores drifted apart")
		}
	})
}

// richStore returns a store with something in every part of a snapshot: a
// table override; chat, email, other and no-cut email MRDs; tasks in every
// open state (NEW, PRE_CALL, OFFERED, ACTIVE, PAUSED, WRAPUP, CLOSING); an
// application whose path is down with a task-life deadline pending, a task
// ended during the outage (CLOSING), tasks begun during it, and an email
// bucket whose time limit fired; an application whose path is back, with
// tasks reported from the restore (TS-5), recreated (RP-6), cut (TS-3) and
// spanning the outage (RP-4).
func richStore(t testing.TB) *Store {
	t.Helper()
	tab := DefaultTable()
	if err := tab.SetDisposition(StatePreCall, EventEnd, ApplTerminateDialogue); err != nil {
		t.Fatal(err)
	}
	email := ccefsm.NewMRD(mail, ccefsm.MediaEmail)
	email.TimeLimit = 300 * sec
	other := ccefsm.NewMRD(3, ccefsm.MediaOther)
	noCut := ccefsm.NewMRD(4, ccefsm.MediaEmail)
	noCut.NoTimeLimitCut = true
	s, err := NewStore(Config{MRDs: []ccefsm.MRD{ccefsm.NewMRD(chat, ccefsm.MediaChat), email, other, noCut}, Table: tab})
	if err != nil {
		t.Fatal(err)
	}
	const a, b = ccefsm.AppID(7), ccefsm.AppID(8)
	mk := func(at time.Duration, id ccefsm.TaskID, ap ccefsm.AppID, m ccefsm.MRDID, st State) {
		agent := ccefsm.AgentID(1000 + id)
		if st == StateNew {
			agent = 0
		}
		if _, err := s.Create(nil, t0.Add(at), NewTask{ID: id, App: ap, MRD: m, Agent: agent, State: st}); err != nil {
			t.Fatal(err)
		}
	}
	do := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err2 error
	// Application b: an outage long enough to cut email, then back.
	mk(0, 201, b, chat, StateActive)
	mk(0, 202, b, mail, StateActive)
	mk(0, 203, b, 4, StateActive)
	_, err2 = s.PathDown(nil, t0.Add(sec), b)
	do(err2)
	mk(2*sec, 204, b, chat, StateActive)        // TS-5 after the restore
	mk(3*sec, 205, b, mail, StateActive)        // cut at the limit while begun in the outage (TS-3)
	mk(400*sec, 206, b, mail, StateNew)         // begun after the limit (TS-5)
	mk(400*sec, 207, b, 4, StateActive)         // no cut: recreated (RP-6)
	_, err2 = s.PathUp(nil, t0.Add(500*sec), b) // 202 segment ended at 301 s and restarted
	do(err2)
	mk(600*sec, 208, b, chat, StateOffered) // untouched
	// Application a: tasks in every state, then an outage still on.
	mk(700*sec, 101, a, chat, StateNew)
	mk(700*sec, 102, a, chat, StatePreCall)
	mk(700*sec, 103, a, chat, StateOffered)
	mk(700*sec, 104, a, chat, StateActive)
	mk(700*sec, 105, a, chat, StateActive)
	mk(700*sec, 106, a, chat, StateActive)
	mk(700*sec, 107, a, mail, StateActive)
	mk(700*sec, 108, a, 3, StateNew)
	mk(700*sec, 109, a, 4, StateActive)
	_, err2 = s.Pause(nil, t0.Add(701*sec), 105)
	do(err2)
	_, err2 = s.WrapUp(nil, t0.Add(702*sec), 106)
	do(err2)
	_, err2 = s.Assign(nil, t0.Add(703*sec), 108, 1108)
	do(err2)
	_, err2 = s.PathDown(nil, t0.Add(710*sec), a)
	do(err2)
	_, err2 = s.End(nil, t0.Add(711*sec), 104, 0) // CLOSING (TS-2)
	do(err2)
	mk(712*sec, 110, a, chat, StateActive) // begun in the outage
	mk(713*sec, 111, a, mail, StateNew)
	_, err2 = s.Advance(nil, t0.Add(1100*sec)) // email 107 cut at 1010 s; chat task life pending at 1910 s
	do(err2)
	mk(1100*sec, 209, b, chat, StatePreCall)
	if err := verify(s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRichStoreCoverage checks that richStore has what its comment says, so
// that the bit-flip test flips a snapshot with every part.
func TestRichStoreCoverage(t *testing.T) {
	s := richStore(t)
	states := map[State]bool{}
	codes := map[classCode]bool{}
	for i := uint32(1); i < s.next; i++ {
		if tk := s.at(i); tk.id != 0 {
			states[tk.state] = true
			codes[reportOf(tk, &s.buckets[tk.bucket], s.mrds[s.buckets[tk.bucket].mrd].email)] = true
		}
	}
	if len(states) != 7 {
		t.Errorf("states %v, want all seven open states", states)
	}
	if len(codes) != int(numCodes) {
		t.Errorf("class codes %v, want all %d", codes, numCodes)
	}
	fired, pending, closing, fresh := false, false, false, false
	for i := range s.buckets {
		bk := &s.buckets[i]
		fired = fired || bk.fired
		pending = pending || bk.hpos != 0
		closing = closing || bk.closing.n > 0
		fresh = fresh || bk.fresh.n > 0
	}
	if !fired || !pending || !closing || !fresh || len(s.tab().overrides()) != 1 {
		t.Errorf("fired %v, outage pending %v, closing %v, fresh %v, overrides %d", fired, pending, closing, fresh, len(s.tab().overrides()))
	}
}

// reseal replaces the checksum of a snapshot.
func reseal(b []byte) []byte {
	b = append([]byte(nil), b...)
	end := len(b) - 4
	binary.BigEndian.PutUint32(b[end:], crc32.Checksum(b[:end], crc32.MakeTable(crc32.Castagnoli)))
	return b
}

// refused checks that data is refused with a *ccefsm.SnapshotError whose
// field contains field, wrapping ErrCorruptSnapshot and
// ccefsm.ErrCorruptSnapshot, and that the refusal changed nothing.
func refused(t *testing.T, data []byte, field string) *ccefsm.SnapshotError {
	t.Helper()
	s := newStore(t)
	before, _ := s.MarshalBinary()
	err := s.UnmarshalBinary(data)
	var se *ccefsm.SnapshotError
	if !errors.As(err, &se) || !errors.Is(err, ErrCorruptSnapshot) || !errors.Is(err, ccefsm.ErrCorruptSnapshot) {
		t.Fatalf("err = %v, want a *ccefsm.SnapshotError wrapping ErrCorruptSnapshot", err)
	}
	if !strings.Contains(se.Field, field) {
		t.Errorf("refused at field %q (%v), want %q", se.Field, err, field)
	}
	if after, _ := s.MarshalBinary(); !bytes.Equal(before, after) {
		t.Error("the refused snapshot changed the store")
	}
	return se
}

// TestSnapshotRefused: snapshots that are not this build's, or damaged in
// their frame, are refused with the field and offset, and change nothing.
func TestSnapshotRefused(t *testing.T) {
	snap, _ := richStore(t).MarshalBinary()
	refused(t, nil, "")
	refused(t, append([]byte("AGS\x00"), snap[4:]...), "magic")
	se := refused(t, reseal(append([]byte("TSKS\x03"), snap[5:]...)), "version")
	if !strings.Contains(se.Reason, "version 3") || !strings.Contains(se.Reason, "reads version 4") {
		t.Errorf("version error %q does not name the version found and the version read", se.Reason)
	}
	refused(t, snap[:len(snap)-1], "checksum")
	refused(t, append(append([]byte(nil), snap...), 0), "checksum")
	refused(t, reseal(append(append([]byte(nil), snap[:len(snap)-4]...), 0, 0, 0, 0, 0)), "end")
	refused(t, reseal(append(append([]byte(nil), snap[:len(snap)-6]...), 0, 0, 0, 0)), "")
}

// TestSnapshotBitFlips flips every bit of a snapshot with every part
// (richStore): every flip is refused, by the checksum. Then it flips every
// bit of the body and seals it again, so that the body's own checks are
// what stands: each such snapshot is either refused or a store that passes
// the invariant check and marshals back to exactly those bytes — a
// different store, but one that inputs can produce.
func TestSnapshotBitFlips(t *testing.T) {
	for _, base := range []struct {
		name string
		s    *Store
	}{
		{"rich store", richStore(t)},
		{"store in an outage", witnessable(t)},
	} {
		snap, _ := base.s.MarshalBinary()
		var s Store
		for i := 0; i < len(snap)*8; i++ {
			c := append([]byte(nil), snap...)
			c[i/8] ^= 1 << (i % 8)
			if err := s.UnmarshalBinary(c); !errors.Is(err, ccefsm.ErrCorruptSnapshot) {
				t.Fatalf("%s: bit %d flipped: %v, want refused", base.name, i, err)
			}
		}
		// With the checksum resealed, the body's own checks decide: a
		// flip accepted must be a reachable store, proven by a witness
		// built from public inputs (storeWitness) with the same bytes,
		// unless it is beyond the witness's reconstruction.
		refusedN, proven, unproven := 0, 0, 0
		for i := 5 * 8; i < (len(snap)-4)*8; i++ {
			c := append([]byte(nil), snap...)
			c[i/8] ^= 1 << (i % 8)
			c = reseal(c)
			var st Store
			if err := st.UnmarshalBinary(c); err != nil {
				if !errors.Is(err, ErrCorruptSnapshot) {
					t.Fatalf("%s: bit %d: %v does not wrap ErrCorruptSnapshot", base.name, i, err)
				}
				refusedN++
				continue
			}
			if p := st.check(); p != nil {
				t.Fatalf("%s: bit %d: accepted a store that fails the check: %v", base.name, i, p)
			}
			if again, _ := st.MarshalBinary(); !bytes.Equal(again, c) {
				t.Fatalf("%s: bit %d: accepted, but marshals to other bytes", base.name, i)
			}
			w, err := storeWitness(c)
			if errors.Is(err, errWitnessLimit) {
				unproven++
				continue
			}
			if err != nil {
				t.Fatalf("%s: bit %d: accepted a store no inputs reach: %v", base.name, i, err)
			}
			if got, _ := w.MarshalBinary(); !bytes.Equal(got, c) {
				t.Fatalf("%s: bit %d: accepted a store no inputs reach: the witness differs", base.name, i)
			}
			proven++
		}
		if base.name == "store in an outage" && proven == 0 {
			t.Errorf("%s: no accepted flip proven reachable", base.name)
		}
		t.Logf("%s: %d bytes; with the checksum resealed, %d of %d body bit flips refused; accepted: %d proven reachable by a witness, %d beyond the witness's reconstruction",
			base.name, len(snap), refusedN, refusedN+proven+unproven, proven, unproven)
	}
}

// issueRepro builds the repro of issue 7: task 2 created PRE_CALL at T,
// Start(2) at T+1s, task 1 created PRE_CALL at T+1s.
var issueRepro = []step{
	{0, create(2, chat, StatePreCall), nil, nil},
	{sec, start(2), nil, nil},
	{sec, create(1, chat, StatePreCall), nil, nil},
}

// TestSnapshotIssueRepro: the wrong-deadline-queue snapshot of the issue.
// The old decoder counted the tasks of each queue but not which they were:
// with task 2 (ACTIVE) in the start queue instead of task 1, the restored
// store ended task 2 with disposition 0, lost task 1, and refused its own
// next snapshot. Changing the last byte of the body is caught by the
// checksum now; the crafted store with a valid checksum — the start queue
// naming task 2 — is refused by the body's own check.
func TestSnapshotIssueRepro(t *testing.T) {
	d := descOf(t, issueRepro)
	good := d.encode()
	raw := append([]byte(nil), good...)
	raw[len(raw)-5] ^= 3 // the last byte of the body
	refused(t, raw, "checksum")
	refused(t, reseal(raw), "")

	if d.Queues[0][0].ID != 2 || d.Starts[0][0].Pos != 1 {
		t.Fatalf("unexpected layout %+v", d)
	}
	d.Starts[0][0].Pos = 0 // task 2, ACTIVE
	se := refused(t, d.encode(), "start queue position")
	if !strings.Contains(se.Reason, "task 2 is ACTIVE, not PRE_CALL") {
		t.Errorf("reason %q", se.Reason)
	}
}

// crafted is a snapshot of a state no sequence of inputs produces, with a
// valid checksum, and the field it must be refused at (and, when why is
// set, a part of the reason).
type crafted struct {
	reason string
	data   []byte
	field  string
	why    string
}

// craftedSnapshots returns the crafted snapshots of TestSnapshotCrafted,
// which FuzzSnapshot also seeds its corpus with. They follow the checks of
// the decoder and of check.go, one or more per check.
func craftedSnapshots(t testing.TB) []crafted {
	closing := []step{
		{0, create(1, chat, StateActive), nil, nil},
		{0, create(2, chat, StateActive), nil, nil},
		{sec, down(), nil, nil},
		{2 * sec, end(1, 0), []eff{other(EffectEndDeferred, 2*sec, 1, StateActive, ccefsm.TS2)}, nil},
	}
	emailCut := []step{
		{0, create(1, mail, StateActive), nil, nil},
		{0, create(2, mail, StateActive), nil, nil},
		{sec, down(), nil, nil},
		{sec + life, advance(), []eff{segEnd(sec+life, 1, StateActive), segEnd(sec+life, 2, StateActive)}, nil},
	}
	two := []step{
		{0, create(1, chat, StateActive), nil, nil},
		{sec, create(2, chat, StateActive), nil, nil},
	}
	precall := []step{
		{0, create(1, chat, StatePreCall), nil, nil},
		{0, create(2, chat, StatePreCall), nil, nil},
	}
	fresh := []step{
		{sec, down(), nil, nil},
		{2 * sec, create(1, chat, StateActive), nil, nil},
	}
	oneNew := []step{{0, create(1, chat, StateNew), nil, nil}}
	oneMail := []step{{0, create(1, mail, StateActive), nil, nil}}
	var out []crafted
	add := func(reason string, steps []step, field string, edit func(d *snapDesc)) {
		d := descOf(t, steps)
		edit(&d)
		out = append(out, crafted{reason, d.encode(), field, ""})
	}
	addWhy := func(reason string, steps []step, field, why string, edit func(d *snapDesc)) {
		add(reason, steps, field, edit)
		out[len(out)-1].why = why
	}
	// The issue's own repros.
	add("issue 7: a task that is not PRE_CALL in the start queue", issueRepro, "start queue position", func(d *snapDesc) { d.Starts[0][0].Pos = 0 })
	add("issue 7: a CLOSING task in the max-duration queue (it freed slot 0)", closing, "task state", func(d *snapDesc) {
		c := d.Closing[0][0]
		d.Queues[0] = append([]taskDesc{{Bucket: 0, ID: 9, Begin: c.Begin, State: uint8(StateClosing), Agent: c.Agent, Code: c.Code}}, d.Queues[0]...)
	})
	// The header: table, clock, MRDs, applications, buckets.
	add("a table override equal to the default", nil, "table disposition", func(d *snapDesc) { d.Overrides = [][2]uint64{{10, uint64(TaskAbandonedInRouter)}} })
	add("a table override of a documented row", nil, "table disposition", func(d *snapDesc) { d.Overrides = [][2]uint64{{13, uint64(TaskTransfer)}} })
	add("a table override with an invalid disposition", nil, "table disposition", func(d *snapDesc) { d.Overrides = [][2]uint64{{10, 66}} })
	add("table overrides out of row order", nil, "table row", func(d *snapDesc) {
		d.Overrides = [][2]uint64{{11, uint64(TaskTransfer)}, {10, uint64(TaskTransfer)}}
	})
	add("a table override of row 0", nil, "table row", func(d *snapDesc) { d.Overrides = [][2]uint64{{0, uint64(TaskTransfer)}} })
	add("the clock set on a store that has seen nothing", nil, "clock", func(d *snapDesc) { d.Now = 5 })
	add("the clock past the last instant a store holds", nil, "clock", func(d *snapDesc) { d.Seen, d.Now = true, maxInstantNs+1 })
	add("an application on a store that has seen nothing", nil, "clock", func(d *snapDesc) { d.Apps = []appDesc{{ID: 7}} })
	add("an invalid MRD", nil, "MRD", func(d *snapDesc) { d.MRDs[0].TaskLife = 0 })
	add("a repeated MRD", nil, "MRD", func(d *snapDesc) { d.MRDs[1].ID = d.MRDs[0].ID })
	add("application zero", two, "application ID", func(d *snapDesc) { d.Apps[0].ID = 0 })
	add("a repeated application", two, "application ID", func(d *snapDesc) { d.Apps = append(d.Apps, d.Apps[0]) })
	add("an application down since after the clock", closing, "application", func(d *snapDesc) { d.Apps[0].DownAt = d.Now + 1 })
	add("a bucket of no application", two, "bucket", func(d *snapDesc) { d.Buckets[0].App = 1 })
	add("a bucket of no MRD", two, "bucket", func(d *snapDesc) { d.Buckets[0].MRD = 2 })
	add("a repeated bucket", two, "bucket", func(d *snapDesc) { d.Buckets = append(d.Buckets, d.Buckets[0]); d.Closing = append(d.Closing, nil) })
	add("an email time limit fired on a path that is up", oneMail, "time limit fired", func(d *snapDesc) { d.Buckets[0].Fired = true })
	add("a chat bucket with a time limit fired", closing, "time limit fired", func(d *snapDesc) { d.Buckets[0].Fired = true })
	add("an email time limit fired before the limit", emailCut, "time limit fired", func(d *snapDesc) { d.Now = d.Apps[0].DownAt + int64(life) - 1 })
	// Tasks: fields, queues and lists.
	add("a task of no bucket", two, "task bucket", func(d *snapDesc) { d.Queues[0][0].Bucket = 1 })
	add("task ID zero", two, "task ID", func(d *snapDesc) { d.Queues[0][0].ID = 0 })
	add("a task twice in the max-duration queue", two, "task ID", func(d *snapDesc) { d.Queues[0] = append(d.Queues[0], d.Queues[0][1]) })
	add("a task in the queue and among the CLOSING tasks", closing, "task ID", func(d *snapDesc) { d.Closing[0][0].ID = d.Queues[0][0].ID })
	addWhy("an unknown class code", two, "task class code", "unknown code", func(d *snapDesc) { d.Queues[0][0].Code = uint8(numCodes) })
	add("a time-limit cut on a chat task", two, "task class code", func(d *snapDesc) { d.Queues[0][0].Code = uint8(codeTS3) })
	add("recreated history on a chat task", two, "task class code", func(d *snapDesc) { d.Queues[0][0].Code = uint8(codeRP6) })
	add("RP-4 on an email task", oneMail, "task class code", func(d *snapDesc) { d.Queues[1][0].Code = uint8(codeRP4) })
	add("an ended task in the max-duration queue", two, "task state", func(d *snapDesc) { d.Queues[0][0].State = uint8(StateEnded) })
	add("a state that is no state", two, "task state", func(d *snapDesc) { d.Queues[0][0].State = 9 })
	add("a task of the chat MRD in the email MRD's queue", two, "max-duration queue", func(d *snapDesc) {
		d.Queues[1] = append(d.Queues[1], d.Queues[0][1])
		d.Queues[0] = d.Queues[0][:1]
	})
	add("the max-duration queue out of order of creation", two, "task created", func(d *snapDesc) { d.Queues[0][1].Begin = d.Queues[0][0].Begin - 1 })
	add("a task created past the last int64 nanosecond after the one before", two, "task created", func(d *snapDesc) { d.Queues[0][1].Begin = math.MinInt64 })
	add("a task reserved past the last int64 nanosecond after the one before", precall, "start queue reserved", func(d *snapDesc) { d.Starts[0][1].Reserve = math.MinInt64 })
	add("a task created after the clock", two, "created", func(d *snapDesc) { d.Queues[0][1].Begin = d.Now + 1 })
	add("a NEW task with an agent", oneNew, "agent", func(d *snapDesc) { d.Queues[0][0].Agent = 5 })
	add("an ACTIVE task without an agent", two, "agent", func(d *snapDesc) { d.Queues[0][0].Agent = 0 })
	add("a PRE_CALL task missing from the start queue", precall, "task 2 start queue", func(d *snapDesc) { d.Starts[0] = d.Starts[0][:1] })
	add("a task twice in the start queue", precall, "start queue position", func(d *snapDesc) { d.Starts[0][1].Pos = d.Starts[0][0].Pos })
	add("a start queue entry past the MRD's queue", precall, "start queue position", func(d *snapDesc) { d.Starts[0][1].Pos = 2 })
	add("a task reserved before it was created", precall, "reserved", func(d *snapDesc) {
		d.Starts[0][0].Reserve--
		d.Starts[0][1].Reserve--
	})
	add("a task reserved after the clock", precall, "reserved", func(d *snapDesc) { d.Starts[0][1].Reserve = d.Now + 1 })
	add("a start timeout left unfired", precall, "deadline", func(d *snapDesc) { d.Now += int64(time.Hour) })
	add("a maximum duration left unfired", two, "deadline", func(d *snapDesc) { d.Now += int64(9 * time.Hour) })
	add("task life left unfired", closing, "deadline", func(d *snapDesc) { d.Now = d.Apps[0].DownAt + int64(life) })
	// Outages: what a path down, a CLOSING task, a task begun in the
	// outage and an email time limit imply.
	add("a CLOSING task on a path that is up", closing, "bucket", func(d *snapDesc) { d.Apps[0].Down, d.Apps[0].DownAt = false, 0 })
	add("a CLOSING task in an email bucket", emailCut, "bucket", func(d *snapDesc) {
		d.Closing[0] = []closingDesc{{ID: 9, Begin: d.Queues[1][0].Begin, Agent: 5, Code: uint8(codeRP6)}}
	})
	add("a CLOSING task that did not span the outage", closing, "report", func(d *snapDesc) { d.Closing[0][0].Code = uint8(codeClean) })
	add("a CLOSING task begun in the outage", closing, "bucket lists", func(d *snapDesc) { d.Closing[0][0].Code = uint8(codeFresh) })
	add("a CLOSING task created after the outage began", closing, "created", func(d *snapDesc) { d.Closing[0][0].Begin = d.Apps[0].DownAt + 1 })
	add("a task the Agent PG knows that did not span the outage", closing, "report", func(d *snapDesc) { d.Queues[0][0].Code = uint8(codeClean) })
	add("a task the Agent PG knows created after the outage began", closing, "created", func(d *snapDesc) { d.Queues[0][0].Begin = d.Apps[0].DownAt + 1 })
	add("a task begun in the outage created before it", fresh, "created", func(d *snapDesc) { d.Queues[0][0].Begin = d.Apps[0].DownAt - 1 })
	add("a task begun in an outage on a path that is up", fresh, "bucket", func(d *snapDesc) { d.Apps[0].Down, d.Apps[0].DownAt = false, 0 })
	add("a task begun in the outage before a task the Agent PG knew", fresh, "bucket lists", func(d *snapDesc) {
		k := d.Queues[0][0]
		k.ID, k.Code, k.Agent = 2, uint8(codeRP4), 5
		d.Queues[0] = append(d.Queues[0], k)
	})
	add("an email time limit fired, a task's segment not cut", emailCut, "report", func(d *snapDesc) { d.Queues[1][1].Code = uint8(codeRP6) })
	add("recreated history before a cut", emailCut, "report", func(d *snapDesc) {
		d.Apps[0].Down, d.Apps[0].DownAt, d.Buckets[0].Fired = false, 0, false
		d.Queues[1][0].Code = uint8(codeRP6)
	})
	add("an untouched chat task before a spanning one", two, "report", func(d *snapDesc) { d.Queues[0][1].Code = uint8(codeRP4) })
	add("an untouched email task before a recreated one", []step{{0, create(1, mail, StateActive), nil, nil}, {0, create(2, mail, StateActive), nil, nil}}, "report", func(d *snapDesc) {
		d.Queues[1][1].Code = uint8(codeRP6)
	})
	// Email histories that no outages fit.
	for _, c := range emailCases() {
		if c.want != "" {
			out = append(out, crafted{c.reason, c.desc(t).encode(), "report", c.want})
		}
	}
	return out
}

// TestSnapshotCrafted: states no sequence of inputs produces, each with a
// valid checksum, are refused with the field at fault.
func TestSnapshotCrafted(t *testing.T) {
	for _, c := range craftedSnapshots(t) {
		t.Run(c.reason, func(t *testing.T) {
			if se := refused(t, c.data, c.field); !strings.Contains(se.Reason, c.why) {
				t.Errorf("reason %q, want %q", se.Reason, c.why)
			}
		})
	}
}

// emailCase is an email bucket's member list in creation order, by class
// code and creation instant (offsets from origin), with the clock, and
// whether some history of outages explains it: want is "" when one does,
// else the reason the decoder refuses it with.
type emailCase struct {
	reason string
	origin int64 // Unix ns
	codes  []classCode
	begins []time.Duration
	now    time.Duration
	want   string
}

// emailCases: the time limit C is the default task life, 1,200 s. A TS-5
// task needs an outage that began at least C before it; a TS-3 task an
// outage it was begun in less than C after the start, or one of at least C
// after it; outages do not overlap and end before the first recreated or
// untouched task. The accepted cases sit at the edges of the refused ones.
func emailCases() []emailCase {
	C := life
	o, m := t0.UnixNano(), int64(math.MinInt64)
	const (
		soon  = "too soon after the outage before it"
		past  = "created when the outage after it had passed its limit"
		never = "cannot have run out"
	)
	ts3, ts5, rp6, clean := codeTS3, codeTS5, codeRP6, codeClean
	return []emailCase{
		{"TS-5, TS-3, the cut ending at the clock", o, []classCode{ts5, ts3}, []time.Duration{0, 0}, C, ""},
		{"TS-5, TS-3, the cut one nanosecond short", o, []classCode{ts5, ts3}, []time.Duration{0, 0}, C - 1, never},
		{"TS-5, TS-5 at one instant: one outage", o, []classCode{ts5, ts5}, []time.Duration{0, 0}, sec, ""},
		{"TS-3, TS-3, then RP-6 and untouched a limit later", o, []classCode{ts3, ts3, rp6, clean}, []time.Duration{0, 0, C, C}, C + 1, ""},
		{"TS-3 then RP-6 at one instant", o, []classCode{ts3, rp6}, []time.Duration{0, 0}, sec, never},
		{"TS-5, TS-3, TS-5 a limit later", o, []classCode{ts5, ts3, ts5}, []time.Duration{0, 0, C}, C + 1, ""},
		{"TS-5, TS-3, TS-5 at one instant", o, []classCode{ts5, ts3, ts5}, []time.Duration{0, 0, 0}, sec, soon},
		{"TS-5, TS-3, TS-5 a nanosecond apart", o, []classCode{ts5, ts3, ts5}, []time.Duration{0, 1, 2}, sec, soon},
		{"TS-3 then TS-5 at one instant", o, []classCode{ts3, ts5}, []time.Duration{0, 0}, sec, past},
		{"TS-3 a nanosecond before the clock: begun in an outage whose limit ran out at the clock", o, []classCode{ts3}, []time.Duration{0}, 1, ""},
		{"TS-3 created at the clock", o, []classCode{ts3}, []time.Duration{0}, 0, never},
		{"TS-5 in 1677, exactly C after the earliest instant", m, []classCode{ts5}, []time.Duration{C}, C + sec, ""},
		{"TS-5 in 1677, less than C after the earliest instant", m, []classCode{ts5}, []time.Duration{5 * sec}, 10 * sec, never},
		{"TS-3 in 1677, the cut ending at the clock", m, []classCode{ts3}, []time.Duration{0}, C, ""},
		{"TS-3 in 1677, no room for an outage of C", m, []classCode{ts3}, []time.Duration{5 * sec}, 10 * sec, never},
	}
}

// desc returns the snapshot of newStore's MRDs with application 7's email
// bucket holding the case's tasks, all ACTIVE.
func (c emailCase) desc(t testing.TB) snapDesc {
	d := descOf(t, nil)
	d.Seen, d.Now = true, c.origin+int64(c.now)
	d.Apps = []appDesc{{ID: uint64(app)}}
	d.Buckets = []bucketDesc{{App: 0, MRD: 1}}
	d.Closing = [][]closingDesc{nil}
	for k, code := range c.codes {
		d.Queues[1] = append(d.Queues[1], taskDesc{ID: uint64(k + 1), Begin: c.origin + int64(c.begins[k]), State: uint8(StateActive), Agent: 5, Code: uint8(code)})
	}
	return d
}

// TestSnapshotEmailHistories: the decoder accepts exactly the email
// histories some sequence of outages explains (emailHistory).
func TestSnapshotEmailHistories(t *testing.T) {
	for _, c := range emailCases() {
		t.Run(c.reason, func(t *testing.T) {
			var s Store
			err := s.UnmarshalBinary(c.desc(t).encode())
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var se *ccefsm.SnapshotError
			if !errors.As(err, &se) || !strings.Contains(se.Field, "report") || !strings.Contains(se.Reason, c.want) {
				t.Fatalf("err = %v, want a refusal: %s", err, c.want)
			}
		})
	}
}

// snapshotSeeds returns the corpus of the snapshot fuzz targets: valid
// snapshots, and every crafted snapshot of TestSnapshotCrafted, issue 7's
// repros first.
func snapshotSeeds(f *testing.F) [][]byte {
	rich, _ := richStore(f).MarshalBinary()
	empty, _ := new(Store).MarshalBinary()
	s := newStore(f)
	for _, o := range decodeOps([]byte{0, 1, 0, 0x4e, 0, 2, 0, 0x56, 0, 3, 0, 0x4a, 2, 0, 1, 1, 10, 1, 1, 38, 0, 4, 1, 0x4e}) {
		_, _ = o.store(s, nil)
	}
	mid, _ := s.MarshalBinary()
	// The issue's byte-level repro: the last byte of the body changed,
	// with the old checksum and with a new one.
	flip := descOf(f, issueRepro).encode()
	flip[len(flip)-5] ^= 3
	outage, _ := witnessable(f).MarshalBinary()
	seeds := [][]byte{rich, empty, mid, flip, reseal(flip), outage}
	for _, c := range craftedSnapshots(f) {
		seeds = append(seeds, c.data)
	}
	return seeds
}

// FuzzSnapshot: arbitrary bytes are refused with a *ccefsm.SnapshotError
// wrapping ErrCorruptSnapshot, or restore a store that passes the
// invariant check, marshals back to the same bytes, and then accepts and
// refuses inputs exactly like a second restore of those bytes.
func FuzzSnapshot(f *testing.F) {
	for _, b := range snapshotSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(fuzzSnapshot)
}

// FuzzSnapshotBody is FuzzSnapshot with the checksum recomputed before the
// bytes are restored, so that the body's own checks, not the CRC, are what
// the mutations meet.
func FuzzSnapshotBody(f *testing.F) {
	for _, b := range snapshotSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= 9 {
			data = reseal(data)
		}
		fuzzSnapshot(t, data)
	})
}

func fuzzSnapshot(t *testing.T, data []byte) {
	var a Store
	if err := a.UnmarshalBinary(data); err != nil {
		var se *ccefsm.SnapshotError
		if !errors.Is(err, ErrCorruptSnapshot) || !errors.As(err, &se) {
			t.Fatalf("err %v is not a *ccefsm.SnapshotError wrapping ErrCorruptSnapshot", err)
		}
		return
	}
	if p := a.check(); p != nil {
		t.Fatalf("accepted a store that fails the check: %v", p)
	}
	again, _ := a.MarshalBinary()
	if !bytes.Equal(again, data) {
		t.Fatal("accepted snapshot does not marshal back to the same bytes")
	}
	// The state must be reachable: a witness built by public inputs has
	// the same snapshot. Beyond the witness's reconstruction (an outage
	// that has ended; see storeWitness), the comparison is with a second
	// decode of the bytes instead.
	b := witnessOf(t, data)
	if b == nil {
		b = new(Store)
		if err := b.UnmarshalBinary(again); err != nil {
			t.Fatalf("own snapshot refused: %v", err)
		}
	}
	// The same inputs, from the snapshot's clock on, on both.
	base := t0
	if a.seen {
		base = utc(a.now)
	}
	for _, o := range decodeOps(data[len(data)/2:]) {
		now := base.Add(o.at)
		ea, erra := o.storeAt(&a, nil, now)
		eb, errb := o.storeAt(b, nil, now)
		if !reflect.DeepEqual(ea, eb) || !reflect.DeepEqual(erra, errb) {
			t.Fatalf("%v: %v %v, restored again %v %v", o, ea, erra, eb, errb)
		}
		if p := a.check(); p != nil {
			t.Fatalf("after %v: %v", o, p)
		}
	}
	sa, _ := a.MarshalBinary()
	sb, _ := b.MarshalBinary()
	if !bytes.Equal(sa, sb) {
		t.Fatal("the two restores drifted apart")
	}
}
