package snapshot_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ccefsm/ccefsm"
	"github.com/ccefsm/ccefsm/internal/kind"
	"github.com/ccefsm/ccefsm/internal/snapshot"
)

var errCorrupt = kind.New("test: corrupt snapshot", ccefsm.ErrCorruptSnapshot)

var format = snapshot.Format{Type: "test.Thing", Magic: [4]byte{'T', 'E', 'S', 'T'}, Version: 3, Kind: errCorrupt}

func sample() []byte {
	b := format.Begin(nil)
	b = append(b, 7)
	b = binary.BigEndian.AppendUint16(b, 300)
	b = binary.BigEndian.AppendUint32(b, 70000)
	b = binary.BigEndian.AppendUint64(b, 1<<40)
	b = snapshot.AppendBool(b, true)
	b = snapshot.AppendUvarint(b, 2)
	b = snapshot.AppendVarint(b, -5)
	b = snapshot.AppendVarint(b, 6)
	return snapshot.Seal(b)
}

func TestRoundTrip(t *testing.T) {
	r, err := format.Open(sample())
	if err != nil {
		t.Fatal(err)
	}
	if v := r.U8("a"); v != 7 {
		t.Errorf("U8 = %d", v)
	}
	if v := r.U16("b"); v != 300 {
		t.Errorf("U16 = %d", v)
	}
	if v := r.U32("c"); v != 70000 {
		t.Errorf("U32 = %d", v)
	}
	if v := r.I64("d"); v != 1<<40 {
		t.Errorf("I64 = %d", v)
	}
	if v := r.Bool("e"); !v {
		t.Error("Bool = false")
	}
	n := r.Count("f", 1)
	if n != 2 {
		t.Errorf("Count = %d", n)
	}
	if v := r.Varint("g"); v != -5 {
		t.Errorf("Varint = %d", v)
	}
	if v := r.Varint("h"); v != 6 {
		t.Errorf("Varint = %d", v)
	}
	if err := r.Done(); err != nil {
		t.Fatal(err)
	}
}

func TestEveryBitFlipRefused(t *testing.T) {
	good := sample()
	for i := range good {
		for bit := 0; bit < 8; bit++ {
			b := append([]byte(nil), good...)
			b[i] ^= 1 << bit
			if _, err := format.Open(b); err == nil {
				t.Fatalf("flip of byte %d bit %d accepted", i, bit)
			} else if !errors.Is(err, errCorrupt) || !errors.Is(err, ccefsm.ErrCorruptSnapshot) {
				t.Fatalf("flip of byte %d bit %d: %v does not wrap the sentinels", i, bit, err)
			}
		}
	}
}

func TestOpenErrors(t *testing.T) {
	good := sample()
	other := format
	other.Version = 4
	tests := []struct {
		name string
		data []byte
		f    snapshot.Format
		want string
	}{
		{"empty", nil, format, "too short"},
		{"magic only", good[:5], format, "too short"},
		{"another type", good, snapshot.Format{Type: "x.Y", Magic: [4]byte{'X', 'Y', 'Z', 'W'}, Version: 3, Kind: errCorrupt}, `not a x.Y snapshot (magic "TEST", want "XYZW")`},
		{"another version", good, other, "version 3; this build reads version 4"},
		{"truncated", good[:len(good)-1], format, "CRC-32C mismatch"},
	}
	for _, tc := range tests {
		_, err := tc.f.Open(tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

func body(parts ...[]byte) *snapshot.Reader {
	b := format.Begin(nil)
	for _, p := range parts {
		b = append(b, p...)
	}
	r, err := format.Open(snapshot.Seal(b))
	if err != nil {
		panic(err)
	}
	return r
}

func TestReaderProblems(t *testing.T) {
	t.Run("truncated", func(t *testing.T) {
		r := body([]byte{1})
		r.U32("count")
		if err := r.Err(); err == nil || !strings.Contains(err.Error(), "count at byte 5: truncated: 4 bytes needed, 1 left") {
			t.Errorf("err = %v", err)
		}
		// Later reads keep the first problem.
		r.U8("other")
		if !strings.Contains(r.Err().Error(), "count") {
			t.Errorf("first problem replaced: %v", r.Err())
		}
	})
	t.Run("bool", func(t *testing.T) {
		r := body([]byte{2})
		r.Bool("flag")
		if err := r.Err(); err == nil || !strings.Contains(err.Error(), "flag at byte 5: boolean byte 2") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("overlong varint", func(t *testing.T) {
		r := body([]byte{0x81, 0x00})
		r.Uvarint("n", 10)
		if err := r.Err(); err == nil || !strings.Contains(err.Error(), "shortest form") {
			t.Errorf("err = %v", err)
		}
		r = body([]byte{0x80, 0x00})
		r.Varint("n")
		if err := r.Err(); err == nil || !strings.Contains(err.Error(), "shortest form") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("varint above max", func(t *testing.T) {
		r := body(snapshot.AppendUvarint(nil, 11))
		r.Uvarint("n", 10)
		if err := r.Err(); err == nil || !strings.Contains(err.Error(), "value 11 exceeds 10") {
			t.Errorf("err = %v", err)
		}
		r = body(snapshot.AppendUvarint(nil, 10))
		if v := r.Uvarint("n", 10); v != 10 || r.Err() != nil {
			t.Errorf("Uvarint at its max = %d, %v", v, r.Err())
		}
	})
	t.Run("count too large", func(t *testing.T) {
		r := body(snapshot.AppendUvarint(nil, 3), []byte{1, 2, 3, 4, 5})
		if n := r.Count("items", 2); n != 0 || r.Err() == nil {
			t.Errorf("Count = %d, %v", n, r.Err())
		}
		r = body(snapshot.AppendUvarint(nil, 2), []byte{1, 2, 3, 4})
		if n := r.Count("items", 2); n != 2 || r.Err() != nil {
			t.Errorf("Count at the limit = %d, %v", n, r.Err())
		}
	})
	t.Run("trailing", func(t *testing.T) {
		r := body([]byte{1, 2})
		r.U8("a")
		if err := r.Done(); err == nil || !strings.Contains(err.Error(), "1 trailing bytes") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("fail keeps the first", func(t *testing.T) {
		r := body([]byte{1})
		r.Fail("x", "first")
		r.FailAt(0, "y", "second")
		var se *snapshot.Error
		if !errors.As(r.Err(), &se) || se.Field != "x" || se.Reason != "first" || se.Offset != 5 {
			t.Errorf("err = %#v", r.Err())
		}
		if r.OK() {
			t.Error("OK after a problem")
		}
	})
}

func ExampleFormat_Open() {
	f := snapshot.Format{Type: "example.Counter", Magic: [4]byte{'C', 'N', 'T', 'R'}, Version: 1, Kind: errCorrupt}
	b := snapshot.Seal(snapshot.AppendUvarint(f.Begin(nil), 42))

	r, _ := f.Open(b)
	fmt.Println(r.Uvarint("count", 1000), r.Done())

	b[5] ^= 1 // damage the body
	_, err := f.Open(b)
	fmt.Println(err)
	// Output:
	// 42 <nil>
	// example.Counter snapshot: checksum at byte 6: CRC-32C mismatch: the snapshot is damaged
}

// TestReaderAllocs: reading varints allocates nothing (checking that a
// varint is in its shortest form used to allocate for each one-byte varint,
// two per task in the taskstate decoder).
func TestReaderAllocs(t *testing.T) {
	b := format.Begin(nil)
	for i := 0; i < 200; i++ { // AllocsPerRun runs the function twice
		b = snapshot.AppendUvarint(b, uint64(i%2)<<(i%64)) // from one byte to ten
		b = snapshot.AppendVarint(b, -int64(i%2)<<(i%63))
	}
	data := snapshot.Seal(b)
	r, err := format.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(1, func() {
		for i := 0; i < 100; i++ {
			_ = r.Uvarint("u", 1<<64-1)
			_ = r.Varint("v")
		}
	})
	if allocs != 0 || r.Done() != nil {
		t.Errorf("%v allocations reading 200 varints (%v), want 0", allocs, r.Err())
	}
}
