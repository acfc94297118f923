package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"jixiao/domain"
)

// TestPreviewShowsBlankMarkersInErrorStyle is finding 6 in the TUI: the
// 附件4 preview of a filing with blank figures shows 【未填写：…】 (never
// "0万元") in the error style, also where the wrap cuts a marker.
func TestPreviewShowsBlankMarkersInErrorStyle(t *testing.T) {
	st := NewStyles(colorprofile.ANSI256, false)
	f := domain.NewFiling("梅溪街道", 2024)
	for _, width := range []int{200, 17} {
		plain := reportPreviewLines(f, width)
		styled := styleBlankMarkers(plain, &st)
		joined := strings.Join(plain, "")
		if !strings.Contains(joined, domain.BlankMarkerPrefix) || strings.Contains(joined, "0万元") {
			t.Fatalf("width %d: preview without markers or with 0万元:\n%s", width, strings.Join(plain, "\n"))
		}
		for i := range plain {
			if ansi.Strip(styled[i]) != plain[i] {
				t.Fatalf("width %d line %d: styling changed the text: %q", width, i, ansi.Strip(styled[i]))
			}
		}
		marker := domain.BlankMarker("一般公共预算基本支出")
		if width == 200 && !strings.Contains(strings.Join(styled, "\n"), st.Error.Render(marker)) {
			t.Fatalf("marker %s not in the error style", marker)
		}
		// Every character of a marker is styled: where a marker continues
		// on the next line, that line starts styled.
		cuts := 0
		for i := 1; i < len(plain); i++ {
			prev := plain[i-1]
			if j := strings.LastIndex(prev, "【"); j >= 0 && !strings.Contains(prev[j:], "】") {
				cuts++
				if styled[i] == plain[i] {
					t.Fatalf("width %d: the rest of a cut marker is not styled: %q", width, plain[i])
				}
			}
		}
		if width == 17 && cuts == 0 {
			t.Fatal("no marker was cut by the wrap: the test proves nothing")
		}
	}
}
