package taskstate

import "github.com/ccefsm/ccefsm"

// index maps task IDs to slots: open addressing with linear probing. Each
// cell holds the slot number (low 32 bits; 0 is an empty cell) and the top
// 32 bits of the ID's hash (high 32 bits), so that probing and
// backward-shift deletion never touch the slab except to confirm a match.
// At a load factor between 3/8 and 3/4 it costs 10.7 to 21.3 bytes per open
// task.
type index struct {
	cells []uint64
	bits  uint8 // log2(len(cells))
	n     int
}

func hash32(id ccefsm.TaskID) uint32 {
	return uint32((uint64(id) * 0x9E3779B97F4A7C15) >> 32)
}

func (x *index) home(h uint32) uint32 { return h >> (32 - x.bits) }

func (s *Store) find(id ccefsm.TaskID) (uint32, bool) {
	x := &s.idx
	if x.n == 0 {
		return 0, false
	}
	h := hash32(id)
	mask := uint32(len(x.cells) - 1)
	for i := x.home(h); ; i = (i + 1) & mask {
		c := x.cells[i]
		if c == 0 {
			return 0, false
		}
		if uint32(c>>32) == h && s.at(uint32(c)).id == id {
			return uint32(c), true
		}
	}
}

// insert adds slot v, whose task ID is not in the index.
func (s *Store) insert(v uint32) {
	x := &s.idx
	if (x.n+1)*4 > len(x.cells)*3 {
		s.grow()
	}
	h := hash32(s.at(v).id)
	x.put(uint64(h)<<32 | uint64(v))
	x.n++
}

func (x *index) put(c uint64) {
	mask := uint32(len(x.cells) - 1)
	i := x.home(uint32(c >> 32))
	for x.cells[i] != 0 {
		i = (i + 1) & mask
	}
	x.cells[i] = c
}

// grow doubles the table.
func (s *Store) grow() {
	x := &s.idx
	old := x.cells
	size := 2 * len(old)
	if size < 16 {
		size = 16
	}
	bits := uint8(0)
	for 1<<bits < size {
		bits++
	}
	x.cells = make([]uint64, size)
	x.bits = bits
	for _, c := range old {
		if c != 0 {
			x.put(c)
		}
	}
}

// remove deletes the task id, which must be present, with backward-shift
// deletion so that no tombstones build up.
func (s *Store) remove(id ccefsm.TaskID) {
	x := &s.idx
	mask := uint32(len(x.cells) - 1)
	h := hash32(id)
	i := x.home(h)
	for {
		c := x.cells[i]
		if uint32(c>>32) == h && s.at(uint32(c)).id == id {
			break
		}
		i = (i + 1) & mask
	}
	x.cells[i] = 0
	x.n--
	for j := (i + 1) & mask; x.cells[j] != 0; j = (j + 1) & mask {
		k := x.home(uint32(x.cells[j] >> 32))
		// Move the entry at j into the hole at i unless its home lies
		// cyclically in (i, j].
		if (j > i && (k <= i || k > j)) || (j < i && k <= i && k > j) {
			x.cells[i] = x.cells[j]
			x.cells[j] = 0
			i = j
		}
	}
}
