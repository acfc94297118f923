package textwidth

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestString: the widths of the cases the three old models disagreed on.
func TestString(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"预算执行率", 10},
		{"，。（）《》", 12},
		{"ＡＢＣ１２３", 12}, // fullwidth forms
		{"❤️", 2},      // U+2764 U+FE0F: emoji presentation
		{"❤", 1},       // text presentation
		{"👨‍👩‍👧", 2},   // ZWJ family: one cluster
		{"a👨‍👩‍👧", 3},
		{"🇨🇳", 2},               // regional indicator pair
		{"e\u0301", 1},          // combining acute accent
		{"\u0301", 0},           // a combining mark alone
		{"…“”①─", 5},            // East Asian ambiguous: one column
		{"\x1b[1m粗体\x1b[0m", 4}, // styles take no columns
		{"a\nb\tc", 3},
	} {
		if got := String(tc.s); got != tc.want {
			t.Errorf("String(%q) = %d, want %d", tc.s, got, tc.want)
		}
		if got := Plain(tc.s); got != tc.want && !strings.Contains(tc.s, "\x1b") {
			t.Errorf("Plain(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

// TestFastPathAgrees: every rune the fast path answers has Lip Gloss's
// width (ansi.StringWidth), alone and in text.
func TestFastPathAgrees(t *testing.T) {
	for r := rune(0); r <= 0xFFFF; r++ {
		w, ok := fastWidth(r)
		if !ok {
			continue
		}
		if want := ansi.StringWidth(string(r)); w != want {
			t.Fatalf("U+%04X: fast path %d, ansi.StringWidth %d", r, w, want)
		}
	}
}

// TestRandomAgrees: on random mixes of the interesting runes String and
// Clusters agree with ansi.StringWidth, and Clusters covers the text.
func TestRandomAgrees(t *testing.T) {
	parts := []string{"a", " ", "预", "算", "，", "Ａ", "❤", "\uFE0F", "👨", "\u200d", "👩", "\u0301", "e", "…", "\n", "🇨", "🇳", "한", "ｶ", "\t", "😀"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := rng.IntN(12); n >= 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		want := ansi.StringWidth(s)
		if got := String(s); got != want {
			t.Fatalf("String(%q) = %d, ansi.StringWidth %d", s, got, want)
		}
		var joined strings.Builder
		sum := 0
		for c := range Clusters(s) {
			joined.WriteString(c.Text)
			sum += c.Width
		}
		if joined.String() != s || sum != want {
			t.Fatalf("Clusters(%q): text %q, widths %d, want %d", s, joined.String(), sum, want)
		}
	}
}

// TestPlainEscape: in plain text an escape character takes no column and
// hides nothing after it; String takes "\x1bb" for an escape sequence.
func TestPlainEscape(t *testing.T) {
	if got := Plain("a\x1bb"); got != 2 {
		t.Errorf("Plain = %d, want 2", got)
	}
	if got := Plain("\x1b[1m粗\x1b[0m"); got != 2+6 {
		t.Errorf("Plain of a styled text = %d, want 8", got)
	}
}

// TestClusters: a ZWJ sequence and a letter with its combining mark are
// one cluster each.
func TestClusters(t *testing.T) {
	var got []Cluster
	for c := range Clusters("a👨‍👩‍👧e\u0301中") {
		got = append(got, c)
	}
	want := []Cluster{{"a", 1}, {"👨‍👩‍👧", 2}, {"e\u0301", 1}, {"中", 2}}
	if len(got) != len(want) {
		t.Fatalf("clusters %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cluster %d = %+q, want %+q", i, got[i].Text, want[i].Text)
		}
	}
}

// TestTruncateAndPad: cuts fall between clusters, a wide cluster that
// does not fit is left out, and the padding helpers reach the width.
func TestTruncateAndPad(t *testing.T) {
	for _, tc := range []struct {
		s, tail string
		w       int
		want    string
	}{
		{"预算执行率", "…", 5, "预算…"},
		{"预算执行率", "…", 10, "预算执行率"},
		{"a👨‍👩‍👧b", "", 2, "a"},
		{"a👨‍👩‍👧b", "", 3, "a👨‍👩‍👧"},
		{"预算", "…", 1, ""},
		{"abc", "…", 0, ""},
	} {
		if got := Truncate(tc.s, tc.w, tc.tail); got != tc.want {
			t.Errorf("Truncate(%q, %d, %q) = %q, want %q", tc.s, tc.w, tc.tail, got, tc.want)
		}
	}
	if got := Fit("预算执行", 5); got != "预算 " {
		t.Errorf("Fit = %q", got)
	}
	if got := Fit("❤️", 4); got != "❤️  " {
		t.Errorf("Fit emoji = %q", got)
	}
	if got := PadLeft("预算", 6); got != "  预算" {
		t.Errorf("PadLeft = %q", got)
	}
	if got := PadRight("👨‍👩‍👧", 3); got != "👨‍👩‍👧 " {
		t.Errorf("PadRight = %q", got)
	}
}

func BenchmarkStringHan(b *testing.B) {
	s := strings.Repeat("本单位严格执行预算管理制度，", 20)
	for b.Loop() {
		String(s)
	}
}
