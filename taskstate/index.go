package taskstate

import (
	"hash/maphash"
	"math/bits"

	"github.com/ccefsm/ccefsm"
)

// index maps the IDs of open tasks to their slots: open addressing over
// cells of 8 bytes, at a load factor between 3/8 and 3/4 (10.7 to 21.3 bytes
// per open task). A cell holds the slot (high 32 bits; slot 0 is never used,
// so a zero cell is empty) and the ID's 32-bit tag (low 32 bits), so that
// probing, growth and deletion never touch the slab except to confirm a
// match.
//
// Hash flooding. Task IDs come from outside, so the hash is keyed: two
// 64-bit keys drawn when the store first indexes a task, from a
// hash/maphash seed (the runtime's per-process hash seeding, as a Go map's
// own: no clock, no I/O, no goroutine; see [drawKeys]),
// mixed in by the construction the Go runtime uses to hash 8-byte map keys
// on machines without AES instructions (runtime.memhash64Fallback, after
// wyhash: two 64×64→128-bit multiplications folded by xor). Without the
// keys, IDs cannot be chosen to collide. Nothing observable depends on the
// keys: effects, their order and snapshots come from the lists and queues,
// never from the index, and a restored store draws keys of its own.
//
// Locality. Applications number their tasks in sequence more often than
// not, so the hash keeps neighbours together: the block of 64 IDs id>>6 is
// hashed to a group of 64 cells (512 bytes, eight cache lines read as one
// stream), and the ID's low six bits, xored with six bits of the hash, pick
// the cell in the group. Creating tasks 1, 2, 3, … touches one new place in
// the index every 64 tasks, whatever the size of the table, so a table far
// larger than the caches (after Grow, or at a million tasks) costs little
// more than a small one. Probing steps nine cells at a time: nine is odd,
// so the probe sequence visits every cell of the power-of-two table;
// relabelling cell c as c·9⁻¹ makes it plain linear probing, in which the
// cells of a group lie far apart, so blocks of consecutive IDs do not pile
// up into long runs.
type index struct {
	cells  []uint64
	n      int
	k0, k1 uint64
}

// inv9 is the inverse of 9 modulo 2⁶⁴, and so modulo every power of two:
// the probe distance from cell a to cell b is (b-a)·inv9 mod the table size.
const inv9 = 0x8E38E38E38E38E39

// An ID's block is id>>blockBits; its cell in the block's group, blockMask
// of the ID's bits xored with as many bits of the hash.
const (
	blockBits = 6
	blockMask = 1<<blockBits - 1
)

// m5 is the runtime's final mixing constant (runtime/hash64.go).
const m5 = 0x1d8e4e27c47d124f

func mix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// tag returns id's tag: 26 bits of the keyed hash of its block above its
// cell in the block's group. The home cell is the tag's low bits.
func (x *index) tag(id ccefsm.TaskID) uint32 {
	b := uint64(id) >> blockBits
	h := mix(m5^8, mix(b^x.k1, b^x.k0))
	return uint32(h)&^blockMask | uint32(uint64(id)^h>>(64-blockBits))&blockMask
}

func (x *index) mask() uint64 { return uint64(len(x.cells) - 1) }

// probe is where a search for an ID that is not indexed ended: the ID's
// tag, and the empty cell that ended it, where the ID belongs (until the
// table changes).
type probe struct {
	tag  uint32
	hole uint64
	ok   bool // the table existed: hole is a cell
}

// find returns the slot of the open task id; when there is none, the probe
// to insert it with.
func (s *Store) find(id ccefsm.TaskID) (uint32, probe, bool) {
	x := &s.idx
	if x.cells == nil {
		return 0, probe{}, false
	}
	tag := x.tag(id)
	m := x.mask()
	for i := uint64(tag) & m; ; i = (i + 9) & m {
		c := x.cells[i]
		if c == 0 {
			return 0, probe{tag: tag, hole: i, ok: true}, false
		}
		if uint32(c) == tag && s.at(uint32(c>>32)).id == id {
			return uint32(c >> 32), probe{}, true
		}
	}
}

// insert indexes slot v, whose task's ID is not in the index and was
// searched for with the probe p (find, with no change to the index since).
func (s *Store) insert(v uint32, p probe) {
	x := &s.idx
	t := s.at(v)
	if !p.ok {
		x.resize(16) // the first task: draws the keys
		t.tag = x.tag(t.id)
		x.put(uint64(v)<<32 | uint64(t.tag))
	} else if (x.n+1)*4 > len(x.cells)*3 {
		x.resize(2 * len(x.cells))
		t.tag = p.tag
		x.put(uint64(v)<<32 | uint64(t.tag))
	} else {
		t.tag = p.tag
		x.cells[p.hole] = uint64(v)<<32 | uint64(t.tag)
	}
	x.n++
}

func (x *index) put(c uint64) {
	m := x.mask()
	i := uint64(uint32(c)) & m
	for x.cells[i] != 0 {
		i = (i + 9) & m
	}
	x.cells[i] = c
}

// resize rehashes the table into size cells (a power of two, at least 16).
// The tags hold the home cells, so no ID is hashed again.
func (x *index) resize(size int) {
	if size < 16 {
		size = 16
	}
	if x.cells == nil && x.k0 == 0 && x.k1 == 0 {
		x.k0, x.k1 = drawKeys()
	}
	old := x.cells
	x.cells = make([]uint64, size)
	for _, c := range old {
		if c != 0 {
			x.put(c)
		}
	}
}

// reserve sizes the table for n open tasks without growing past a load of
// 3/4.
func (x *index) reserve(n int) {
	size := max(len(x.cells), 16)
	for n*4 > size*3 {
		size *= 2
	}
	if size != len(x.cells) {
		x.resize(size)
	}
}

// remove deletes slot v, which is indexed, with backward-shift deletion so
// that no tombstones build up.
func (s *Store) remove(v uint32) {
	x := &s.idx
	m := x.mask()
	i := uint64(s.at(v).tag) & m
	for uint32(x.cells[i]>>32) != v {
		i = (i + 9) & m
	}
	x.cells[i] = 0
	x.n--
	for j := (i + 9) & m; x.cells[j] != 0; j = (j + 9) & m {
		k := uint64(uint32(x.cells[j])) & m
		// The entry at j probed from its home k through the hole at i
		// when i comes before j on its probe sequence: move it back.
		if (i-k)*inv9&m < (j-k)*inv9&m {
			x.cells[i] = x.cells[j]
			x.cells[j] = 0
			i = j
		}
	}
}

// drawKeys returns two keys for the index hash, hashes of 0 and 1 under a
// new hash/maphash seed: unpredictable to whoever chooses task IDs, as
// issue 7's flooding fix requires, and drawn without reading a clock or
// doing I/O.
func drawKeys() (uint64, uint64) {
	seed := maphash.MakeSeed()
	return maphash.Bytes(seed, []byte{0}), maphash.Bytes(seed, []byte{1})
}
