package tui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestRuneWidthFastPath: the ranges runeWidth answers itself agree with
// the width Lip Gloss uses.
func TestRuneWidthFastPath(t *testing.T) {
	for _, span := range [][2]rune{{0x4E00, 0x9FFF}, {0x3001, 0x3029}, {0x3030, 0x303E}, {0xFF01, 0xFF60}} {
		for r := span[0]; r <= span[1]; r++ {
			if got, want := runeWidth(r), ansi.StringWidth(string(r)); got != want {
				t.Fatalf("U+%04X: runeWidth %d, ansi.StringWidth %d", r, got, want)
			}
		}
	}
}
