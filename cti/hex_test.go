package cti

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// unhex decodes a commented hex dump: "#" starts a comment that runs to the
// end of the line, white space is ignored, "{V}" stands for the version as
// a UINT and "{LEN}" for the MessageLength (the dump's length less the
// 8-byte header), both filled in here.
func unhex(t testing.TB, dump string, v Version) []byte {
	t.Helper()
	var b strings.Builder
	for _, line := range strings.Split(dump, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		b.WriteString(strings.Join(strings.Fields(line), ""))
	}
	s := strings.ReplaceAll(b.String(), "{V}", fmt.Sprintf("%08x", uint32(v)))
	const lenMark = "{LEN}"
	hasLen := strings.Contains(s, lenMark)
	s = strings.ReplaceAll(s, lenMark, "00000000")
	out, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex dump: %v", err)
	}
	if hasLen {
		n := uint32(len(out) - HeaderSize)
		out[0], out[1], out[2], out[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	}
	return out
}

// versions returns the versions lo to hi.
func versions(lo, hi Version) []Version {
	var vs []Version
	for v := lo; v <= hi; v++ {
		vs = append(vs, v)
	}
	return vs
}

func allVersions() []Version { return versions(MinVersion, MaxVersion) }
