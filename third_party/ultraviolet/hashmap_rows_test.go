package uv

import (
	"bytes"
	"strings"
	"testing"
)

// TestRowHashesDescribeScreen (item 9): after every frame, each row hash the
// scroll optimisation keeps describes the row on screen, including after a
// frame drawn by a full repaint (Erase), which does not optimise scrolling.
func TestRowHashesDescribeScreen(t *testing.T) {
	var out bytes.Buffer
	scr := NewTerminalRenderer(&out, []string{"TERM=xterm-256color"})
	scr.SetFullscreen(true)
	scr.SetRelativeCursor(false)
	scr.SetScrollOptim(true)
	buf := NewScreenBuffer(10, 6)
	var memo RowMemo
	frames := [][]string{
		{"a", "b", "c", "d", "e", "f"},
		{"a", "b", "c", "d", "e", "g"},
		nil, // Erase
		{"p", "q", "r", "s", "t", "u"},
		{"p", "q", "r", "s", "t", "v"},
		{"q", "r", "s", "t", "v", "w"},
	}
	for i, rows := range frames {
		if rows == nil {
			scr.Erase()
			memo.Reset()
			continue
		}
		resetTouched(buf.Touched)
		NewStyledString(strings.Join(rows, "\n")).DrawRows(buf, &memo)
		scr.Render(buf.RenderBuffer)
		if err := scr.Flush(); err != nil {
			t.Fatal(err)
		}
		if scr.newhash == nil {
			continue // dropped: the next optimised frame rehashes every row
		}
		for y := range 6 {
			if scr.newhash[y] != hash(&scr.hasher, scr.curbuf.Line(y)) {
				t.Fatalf("frame %d: the hash of row %d does not describe the screen", i, y)
			}
		}
	}
}
