package ptytest

import (
	"strings"
	"testing"
)

// TestScreen feeds the emulator the sequences the renderer uses.
func TestScreen(t *testing.T) {
	s := NewScreen(10, 3)
	s.Write([]byte("ab中文\x1b[2;3Hxy\x1b[1;1H\x1b[2@\x1b[3;1H12345\x1b[3;2H\x1b[2P\x1b[1;9H宽"))
	want := []string{"  ab中文宽", "  xy", "145"}
	for y, w := range want {
		if got := s.Line(y); got != w {
			t.Errorf("line %d = %q, want %q", y, got, w)
		}
	}
	// Overwriting half of a wide character blanks the other half; REP
	// repeats; EL erases to the end of the line.
	s = NewScreen(10, 2)
	s.Write([]byte("中文\x1b[1;2Hx\x1b[2;1Ha\x1b[3b\x1b[2;3H\x1b[K"))
	if got := s.String(); got != " x文\naa" {
		t.Errorf("screen = %q", got)
	}
	// Scroll region and reverse index.
	s = NewScreen(4, 3)
	s.Write([]byte("1\r\n2\r\n3\x1b[1;2r\x1b[1;1H\x1bM\x1b[r"))
	if got := strings.ReplaceAll(s.String(), "\n", "|"); got != "|1|3" {
		t.Errorf("screen = %q", got)
	}
}
