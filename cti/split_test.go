package cti

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// stream returns the golden vectors of version v, concatenated.
func stream(t testing.TB, v Version) ([]byte, [][]byte) {
	var all []byte
	var frames [][]byte
	for _, g := range goldens {
		for _, gv := range g.versions {
			if gv == v {
				f := unhex(t, g.dump, v)
				frames = append(frames, f)
				all = append(all, f...)
			}
		}
	}
	return all, frames
}

func scanAll(r io.Reader) ([][]byte, error) {
	sc := bufio.NewScanner(r)
	sc.Split(SplitMessages)
	var out [][]byte
	for sc.Scan() {
		out = append(out, append([]byte(nil), sc.Bytes()...))
	}
	return out, sc.Err()
}

func TestSplitMessages(t *testing.T) {
	for _, v := range []Version{18, 25} {
		all, frames := stream(t, v)
		for name, r := range map[string]io.Reader{
			"whole":       bytes.NewReader(all),
			"byte a time": iotest.OneByteReader(bytes.NewReader(all)),
			"half":        iotest.HalfReader(bytes.NewReader(all)),
		} {
			got, err := scanAll(r)
			if err != nil {
				t.Fatalf("version %d, %s: %v", v, name, err)
			}
			if len(got) != len(frames) {
				t.Fatalf("version %d, %s: %d messages, want %d", v, name, len(got), len(frames))
			}
			for i := range got {
				if !bytes.Equal(got[i], frames[i]) {
					t.Errorf("version %d, %s: message %d = %x, want %x", v, name, i, got[i], frames[i])
				}
			}
		}
	}
}

func TestSplitMessagesErrors(t *testing.T) {
	all, frames := stream(t, 24)
	// A stream that ends inside a header, and inside a message.
	for _, n := range []int{len(all) - len(frames[len(frames)-1]) + 3, len(all) - 1} {
		got, err := scanAll(bytes.NewReader(all[:n]))
		if !errors.Is(err, ErrTruncated) {
			t.Errorf("cut at %d: err = %v", n, err)
		}
		if len(got) != len(frames)-1 {
			t.Errorf("cut at %d: %d whole messages, want %d", n, len(got), len(frames)-1)
		}
	}
	// A length over the maximum stops the scan before reading the body.
	bad := Header{Length: MaxBodySize + 1, Type: MsgAgentStateEvent}.Append(nil)
	got, err := scanAll(io.MultiReader(bytes.NewReader(frames[0]), bytes.NewReader(bad)))
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrTooLong) || e.Field != "MessageLength" || len(got) != 1 {
		t.Errorf("over the maximum: %d messages, err = %v", len(got), err)
	}
	// The largest message passes a default Scanner.
	big := (&Raw{MsgType: 12345, Body: make([]byte, MaxBodySize)})
	frame := encode(t, big, 25)
	got, err = scanAll(bytes.NewReader(frame))
	if err != nil || len(got) != 1 || len(got[0]) != MaxMessageSize {
		t.Errorf("largest message: %d messages, err = %v", len(got), err)
	}
	// An empty stream is no message and no error.
	if got, err := scanAll(bytes.NewReader(nil)); err != nil || len(got) != 0 {
		t.Errorf("empty stream: %d, %v", len(got), err)
	}
}

// SplitMessages asks for more data, without error, until a message is whole.
func TestSplitMessagesIncomplete(t *testing.T) {
	frame := encode(t, sampleAgentState(), 24)
	for n := 0; n < len(frame); n++ {
		adv, tok, err := SplitMessages(frame[:n], false)
		if adv != 0 || tok != nil || err != nil {
			t.Fatalf("%d bytes: %d, %x, %v", n, adv, tok, err)
		}
	}
	adv, tok, err := SplitMessages(append(frame, 1, 2, 3), false)
	if adv != len(frame) || !bytes.Equal(tok, frame) || err != nil || cap(tok) != len(frame) {
		t.Errorf("whole message: %d, %x (cap %d), %v", adv, tok, cap(tok), err)
	}
}
