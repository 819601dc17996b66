package taskstate

import "github.com/ccefsm/ccefsm"

// index maps task IDs to slots: open addressing with linear probing over
// slot numbers (0 is empty), the key read from the slab. It costs 4 bytes
// per cell at a load factor between 3/8 and 3/4, and is iterated in no
// order-dependent way.
type index struct {
	cells []uint32
	shift uint8 // 64 - log2(len(cells))
	n     int
}

func (x *index) home(id ccefsm.TaskID) uint32 {
	return uint32((uint64(id) * 0x9E3779B97F4A7C15) >> x.shift)
}

func (s *Store) find(id ccefsm.TaskID) (uint32, bool) {
	x := &s.idx
	if x.n == 0 {
		return 0, false
	}
	mask := uint32(len(x.cells) - 1)
	for i := x.home(id); ; i = (i + 1) & mask {
		v := x.cells[i]
		if v == 0 {
			return 0, false
		}
		if s.at(v).id == id {
			return v, true
		}
	}
}

// insert adds slot v, whose task ID is not in the index.
func (s *Store) insert(v uint32) {
	x := &s.idx
	if (x.n+1)*4 > len(x.cells)*3 {
		s.grow()
	}
	mask := uint32(len(x.cells) - 1)
	i := x.home(s.at(v).id)
	for x.cells[i] != 0 {
		i = (i + 1) & mask
	}
	x.cells[i] = v
	x.n++
}

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
	x.cells = make([]uint32, size)
	x.shift = 64 - bits
	mask := uint32(size - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		i := x.home(s.at(v).id)
		for x.cells[i] != 0 {
			i = (i + 1) & mask
		}
		x.cells[i] = v
	}
}

// remove deletes the task id, which must be present, with backward-shift
// deletion so that no tombstones build up.
func (s *Store) remove(id ccefsm.TaskID) {
	x := &s.idx
	mask := uint32(len(x.cells) - 1)
	i := x.home(id)
	for s.at(x.cells[i]).id != id {
		i = (i + 1) & mask
	}
	x.cells[i] = 0
	x.n--
	for j := (i + 1) & mask; x.cells[j] != 0; j = (j + 1) & mask {
		k := x.home(s.at(x.cells[j]).id)
		// Move the entry at j into the hole at i unless its home lies
		// cyclically in (i, j].
		if (j > i && (k <= i || k > j)) || (j < i && k <= i && k > j) {
			x.cells[i] = x.cells[j]
			x.cells[j] = 0
			i = j
		}
	}
}
