package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// TestFocusedLineUnderlinesOnlyTheRoom: a focused one-line field writes its
// text plain and underlines only the room after it, so a character typed
// at the end needs no style change (BenchmarkKeystrokeBytes, budget 20 B).
func TestFocusedLineUnderlinesOnlyTheRoom(t *testing.T) {
	st := NewStyles(colorprofile.ANSI256, false)
	for _, c := range []struct {
		value, text string
		room        int
	}{
		{"冯金彪", "冯金彪", 14},
		{"", "", 20},
		{"岳阳市岳阳楼区梅溪", "岳阳市岳阳楼区梅溪", 2},
	} {
		var ed editor
		ed.SetValue(c.value)
		lines, _, _ := viewLineEditor(&ed, "", 20, true, &st)
		got := lines[0]
		if w := ansi.StringWidth(got); w != 20 {
			t.Errorf("%q: width %d, want 20", c.value, w)
		}
		want := c.text
		if c.room > 0 {
			want += st.Focused.Render(strings.Repeat(" ", c.room))
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", c.value, got, want)
		}
	}
	// Not focused and with an error the whole field keeps one style.
	var ed editor
	ed.SetValue("冯金彪")
	if lines, _, _ := viewLineEditor(&ed, "不是有效的日期", 20, true, &st); lines[0] != st.Error.Render(pad("冯金彪", 20)) {
		t.Errorf("error style: %q", lines[0])
	}
}
