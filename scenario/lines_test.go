package scenario

import "testing"

// TestLines: lines are counted as YAML counts them, and the first
// character YAML refuses is found at its line and column.
func TestLines(t *testing.T) {
	tests := []struct {
		reason    string
		data      string
		lines     int
		line, col int // of the first refused character; 1, 1 when none
	}{
		{"empty", "", 1, 1, 1},
		{"no break", "ab", 1, 1, 1},
		{"\\n", "a\nb\n", 3, 1, 1},
		{"\\r", "a\rb", 2, 1, 1},
		{"\\r\\n is one break", "a\r\nb", 2, 1, 1},
		{"\\r at the end", "a\r", 2, 1, 1},
		{"\\r\\r\\n", "a\r\r\nb", 3, 1, 1},
		{"NEL, LS and PS", "a\u0085b\u2028c\u2029d", 4, 1, 1},
		{"a control character", "ab\ncd\x01", 2, 2, 3},
		{"tab is allowed", "\ta\x00", 1, 1, 3},
		{"space and tilde, not DEL", " ~\x7f", 1, 1, 3},
		{"below space", "a\x1f", 1, 1, 2},
		{"C1 controls but NEL", "\u0085\u0084", 2, 2, 1},
		{"the end of C1", "a\u009f", 1, 1, 2},
		{"NBSP and the end of the BMP's first range", "\u00a0\ud7ff\x02", 1, 1, 3},
		{"the private use area to U+FFFD", "\ue000\ufffd\ufffe", 1, 1, 3},
		{"beyond the BMP", "\U00010000\U0010ffff\x03", 1, 1, 3},
		{"a BOM at the start", "\ufeffa\x04", 1, 1, 3},
		{"a BOM later", "a\ufeff", 1, 1, 2},
		{"invalid UTF-8", "ab\ncd\xff", 2, 2, 3},
		{"a truncated sequence", "\xe2\x82", 1, 1, 1},
		{"a valid U+FFFD is no error", "\xef\xbf\xbd\x05", 1, 1, 2},
		{"columns count characters", "éé\x06", 1, 1, 3},
		{"the break after \\r\\n", "a\r\n\x07", 2, 2, 1},
	}
	for _, tt := range tests {
		if n := countLines([]byte(tt.data)); n != tt.lines {
			t.Errorf("%s: countLines = %d, want %d", tt.reason, n, tt.lines)
		}
		if l, c := badByte([]byte(tt.data)); l != tt.line || c != tt.col {
			t.Errorf("%s: badByte = %d:%d, want %d:%d", tt.reason, l, c, tt.line, tt.col)
		}
	}
}
