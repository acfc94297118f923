// Package textwidth measures text in terminal columns: the one width model
// of the TUI (its layout helpers and the line editor) and the exports
// (text tables, wrapping, XLSX column widths).
//
// The model is Lip Gloss v2's: ansi.StringWidth of charmbracelet/x/ansi,
// which splits text into grapheme clusters (UAX #29, clipperhouse/uax29)
// and gives each cluster one width (clipperhouse/displaywidth): wide and
// fullwidth characters and emoji presentation sequences two columns, East
// Asian ambiguous characters (…, “”, box drawing, ①) one, combining marks
// and control characters none; ANSI escape sequences take no columns. So
// "❤️" (U+2764 U+FE0F) is 2, the family "👨‍👩‍👧" is 2 and "a👨‍👩‍👧" 3.
// Every screen is laid out by Lip Gloss with this model, so a column
// computed here is the column Lip Gloss puts the text in; the terminal
// renderer measures clusters the same way once the terminal reports
// grapheme-cluster support (mode 2027). The other models once used here
// disagree: go-runewidth sums code points ("a👨‍👩‍👧" is 7) and with
// StrictEmojiNeutral counts "❤️" as 1.
//
// Text made only of printable ASCII, line breaks, Han ideographs, CJK
// punctuation and fullwidth forms — nearly all of a filing — is measured
// without segmentation: each of those runes is a cluster of its own with
// a fixed width in every table.
package textwidth

import (
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/clipperhouse/uax29/v2/graphemes"
)

// fastWidth returns the width of r and true when r is a rune the fast path
// knows: it always forms a grapheme cluster of its own (unless it follows
// a carriage return, which fast text never holds) and has the same width
// in every width table.
func fastWidth(r rune) (int, bool) {
	switch {
	case r >= 0x20 && r < 0x7f:
		return 1, true
	case r == '\n' || r == '\t':
		return 0, true
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3001 && r <= 0x3029, r >= 0x3030 && r <= 0x303E, r >= 0xFF01 && r <= 0xFF60:
		// Han ideographs, CJK punctuation and fullwidth forms.
		return 2, true
	}
	return 0, false
}

// FastRune returns the width of r and true when r is one of the runes the
// fast path knows (printable ASCII, line feed, tab, Han ideographs, CJK
// punctuation, fullwidth forms). Between two others of them, or at either
// end of a text next to one, such a rune is a grapheme cluster of its own,
// so a caller may skip segmentation there.
func FastRune(r rune) (int, bool) { return fastWidth(r) }

// fast returns the width of s and true when every rune of s is one
// fastWidth knows.
func fast(s string) (int, bool) {
	w := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return 0, false
			}
			if c >= 0x20 {
				w++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		rw, ok := fastWidth(r)
		if !ok {
			return 0, false
		}
		w += rw
		i += size
	}
	return w, true
}

// String returns the number of columns s occupies. ANSI escape sequences
// (styles) in s take none.
func String(s string) int {
	if w, ok := fast(s); ok {
		return w
	}
	return ansi.StringWidth(s)
}

// Plain is String for plain text, which holds no styles: an escape
// character is a control character like any other (no columns) and the
// text after it is measured, not taken for an escape sequence. It is the
// sum of the widths Clusters yields.
func Plain(s string) int {
	if w, ok := fast(s); ok {
		return w
	}
	w := 0
	for c := range Clusters(s) {
		w += c.Width
	}
	return w
}

// Cluster is one grapheme cluster of plain text and its width.
type Cluster struct {
	Text  string
	Width int
}

// Clusters yields the grapheme clusters of the plain text s in order, each
// with its width. Their texts joined are s; their widths add up to
// Plain(s), which is String(s) when s holds no escape character.
func Clusters(s string) iter.Seq[Cluster] {
	return func(yield func(Cluster) bool) {
		if _, ok := fast(s); ok {
			for i := 0; i < len(s); {
				r, size := utf8.DecodeRuneInString(s[i:])
				w, _ := fastWidth(r)
				if !yield(Cluster{Text: s[i : i+size], Width: w}) {
					return
				}
				i += size
			}
			return
		}
		g := graphemes.FromString(s)
		for g.Next() {
			v := g.Value()
			if !yield(Cluster{Text: v, Width: clusterWidth(v)}) {
				return
			}
		}
	}
}

// clusterWidth is the width of the one grapheme cluster c.
func clusterWidth(c string) int {
	if r, size := utf8.DecodeRuneInString(c); size == len(c) {
		if w, ok := fastWidth(r); ok {
			return w
		}
	}
	return ansi.StringWidth(c)
}

// Rune returns the width of r taken as a cluster of its own (a combining
// mark alone is 0).
func Rune(r rune) int {
	if w, ok := fastWidth(r); ok {
		return w
	}
	return ansi.StringWidth(string(r))
}

// Truncate shortens s (which may hold ANSI styles) to at most w columns,
// ending with tail when it cut something; a tail as wide as w or wider is
// left out. It never cuts inside a grapheme cluster or an escape sequence.
func Truncate(s string, w int, tail string) string {
	if w <= 0 {
		return ""
	}
	if String(s) <= w {
		return s
	}
	if w <= String(tail) {
		tail = ""
	}
	return ansi.Truncate(s, w, tail)
}

// Fit truncates or pads s (which may hold ANSI styles) with spaces on the
// right to exactly w columns (a cluster that would straddle column w is
// replaced by a space).
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := String(s)
	if sw > w {
		s = ansi.Truncate(s, w, "")
		sw = String(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// PadRight pads s with spaces on the right to w columns; s wider than w is
// returned as it is.
func PadRight(s string, w int) string {
	if sw := String(s); sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}

// PadLeft pads s with spaces on the left to w columns (right-aligns it);
// s wider than w is returned as it is.
func PadLeft(s string, w int) string {
	if sw := String(s); sw < w {
		return strings.Repeat(" ", w-sw) + s
	}
	return s
}
