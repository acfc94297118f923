package tui

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"jixiao/internal/textwidth"
	"jixiao/report"
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

// widthCases are texts the old width models measured differently.
var widthCases = []struct {
	s    string
	want int
}{
	{"❤️", 2},
	{"a👨‍👩‍👧", 3},
	{"👍🏽", 2},
	{"🇨🇳", 2},
	{"预算执行率", 10},
	{"ＡＢＣ（１）", 12},
	{"e\u0301te\u0301", 3},
	{"…“”①", 4},
}

// TestWidthSameInTUIAndReport: the TUI's displayWidth, the editor's cursor
// column and report.DisplayWidth (text exports) agree, and agree with Lip
// Gloss.
func TestWidthSameInTUIAndReport(t *testing.T) {
	for _, tc := range widthCases {
		e := editor{}
		e.SetValue(tc.s)
		_, col := e.viewLine(80)
		got := []int{displayWidth(tc.s), report.DisplayWidth(tc.s), col, ansi.StringWidth(tc.s)}
		for _, g := range got {
			if g != tc.want {
				t.Errorf("%q: widths (tui, report, cursor, lipgloss) %v, want %d each", tc.s, got, tc.want)
				break
			}
		}
	}
}

func editKey(e *editor, key string) {
	var k tea.KeyPressMsg
	switch key {
	case "left":
		k = tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		k = tea.KeyPressMsg{Code: tea.KeyRight}
	case "backspace":
		k = tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "delete":
		k = tea.KeyPressMsg{Code: tea.KeyDelete}
	case "ctrl+w":
		k = tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl}
	}
	e.HandleKey(k, 0)
}

// TestEditorCursorAfterZWJ: after "a👨‍👩‍👧" the cursor is at column 3
// (the family is one two-column cluster), not 7 (code points summed).
func TestEditorCursorAfterZWJ(t *testing.T) {
	e := editor{}
	e.SetValue("a👨‍👩‍👧")
	if s, col := e.viewLine(20); col != 3 || s != "a👨‍👩‍👧" {
		t.Fatalf("viewLine = %q, column %d; want column 3", s, col)
	}
	lines, row, col := (&editor{multiline: true, buf: e.buf, pos: e.pos}).wrap(20)
	if len(lines) != 1 || row != 0 || col != 3 {
		t.Fatalf("wrap: %d lines, cursor %d,%d; want 1 line, 0,3", len(lines), row, col)
	}
}

// TestEditorStepsByGrapheme: ←, →, Backspace, Delete and Ctrl+W never
// stop inside a grapheme cluster.
func TestEditorStepsByGrapheme(t *testing.T) {
	family := "👨‍👩‍👧"
	e := editor{}
	e.SetValue("a" + family + "e\u0301b")
	steps := []struct {
		key  string
		col  int
		text string
	}{
		{"left", 4, ""},  // before b
		{"left", 3, ""},  // before é (e + combining acute)
		{"left", 1, ""},  // before the family
		{"left", 0, ""},  // before a
		{"right", 1, ""}, // after a
		{"right", 3, ""}, // after the family
		{"delete", 3, "a" + family + "b"},
		{"backspace", 1, "ab"},
	}
	for i, st := range steps {
		editKey(&e, st.key)
		if _, col := e.viewLine(40); col != st.col {
			t.Fatalf("step %d (%s): cursor column %d, want %d", i, st.key, col, st.col)
		}
		if st.text != "" && e.Value() != st.text {
			t.Fatalf("step %d (%s): text %q, want %q", i, st.key, e.Value(), st.text)
		}
	}
	e.SetValue("预算" + family + "❤️")
	editKey(&e, "backspace")
	if e.Value() != "预算"+family {
		t.Fatalf("backspace after ❤️: %q", e.Value())
	}
	editKey(&e, "ctrl+w")
	if e.Value() != "预算" {
		t.Fatalf("Ctrl+W after the family: %q", e.Value())
	}
}

// TestEditorInsertJoiningCluster: a combining mark inserted before another
// character leaves the cursor after the cluster it joined, never inside.
func TestEditorInsertJoiningCluster(t *testing.T) {
	e := editor{}
	e.SetValue("ab")
	editKey(&e, "left")
	e.Insert("\u0301")
	if e.Value() != "a\u0301b" || e.pos != 2 {
		t.Fatalf("text %q, pos %d", e.Value(), e.pos)
	}
	e.SetValue("👨👩")
	editKey(&e, "left")
	e.Insert("\u200d")
	if _, col := e.viewLine(20); e.pos != len(e.buf) || col != 2 {
		t.Fatalf("after inserting a ZWJ: pos %d of %d, column %d", e.pos, len(e.buf), col)
	}
}

// TestEditorUpDownByGrapheme: moving between wrapped lines lands on a
// cluster boundary.
func TestEditorUpDownByGrapheme(t *testing.T) {
	e := editor{multiline: true}
	e.SetValue("ab👨‍👩‍👧\ncdef")
	e.HandleKey(tea.KeyPressMsg{Code: tea.KeyUp}, 20) // from the end of "cdef", column 4
	lines, row, col := e.wrap(20)
	if row != 0 || col != 4 || e.pos != len([]rune("ab👨‍👩‍👧")) {
		t.Fatalf("up: row %d col %d pos %d (%d lines)", row, col, e.pos, len(lines))
	}
	e.SetValue("ab👨‍👩‍👧\ncde")
	e.HandleKey(tea.KeyPressMsg{Code: tea.KeyUp}, 20) // column 3: inside the family
	if _, _, col := e.wrap(20); col != 2 || e.pos != 2 {
		t.Fatalf("up into a cluster: col %d pos %d, want col 2 pos 2", col, e.pos)
	}
}

// TestEditorLimitCutsBetweenClusters: a paste cut to the limit keeps
// whole clusters only.
func TestEditorLimitCutsBetweenClusters(t *testing.T) {
	e := editor{limit: 4}
	changed, cut := e.Insert("ab👨‍👩‍👧c")
	if !changed || !cut || e.Value() != "ab" {
		t.Fatalf("insert: %q, changed %v, cut %v; want \"ab\" cut", e.Value(), changed, cut)
	}
}

// BenchmarkEditorLongText is one keystroke in a 5 000-character text area:
// a move, an insertion and the wrap the view draws.
func BenchmarkEditorLongText(b *testing.B) {
	e := editor{multiline: true}
	e.SetValue(strings.Repeat("本单位严格执行预算管理制度，加强资金监管。\n", 250))
	for b.Loop() {
		e.HandleKey(tea.KeyPressMsg{Code: tea.KeyLeft}, 80)
		e.Insert("字")
		e.wrap(80)
	}
}

// TestSpansMatchSegmentation: the editor's clusters, which skip
// segmentation between fast runes, are exactly textwidth.Clusters of the
// whole text, also next to prepended marks, ZWJ and combining marks.
func TestSpansMatchSegmentation(t *testing.T) {
	parts := []string{"a", "预", "，", "\n", "\u0600", "\u0301", "\u200d", "👨", "❤", "\uFE0F", "🇨", "#", "\u20E3", "e", " ", "각"}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := rng.IntN(10); n >= 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		var want []span
		p := 0
		for c := range textwidth.Clusters(s) {
			n := utf8.RuneCountInString(c.Text)
			want = append(want, span{from: p, to: p + n, width: c.Width})
			p += n
		}
		if got := spans([]rune(s)); !slices.Equal(got, want) {
			t.Fatalf("spans(%+q) = %v, want %v", s, got, want)
		}
	}
}
