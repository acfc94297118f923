package tui

import (
	"charm.land/bubbles/v2/key"
	"strings"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"jixiao/internal/textwidth"
)

// editor is a small line editor that knows the display width of what it
// holds, so that the terminal's real cursor can be placed exactly at the
// insertion point after wide (Chinese) characters. bubbles textinput counts
// runes for the cursor column (bubbles issue 906), which puts an input
// method's candidate window in the wrong place.
//
// It never touches the clipboard: Ctrl+V is ignored and text arrives only as
// typed keys or as a bracketed paste (tea.PasteMsg).
type editor struct {
	buf []rune
	pos int
	// multiline allows newlines (Enter inserts one, a paste keeps them).
	multiline bool
	// limit is the maximum number of runes; 0 means no limit.
	limit int
}

// runeWidth is the display width of one rune taken alone (0 for
// combining marks); textwidth.Rune.
func runeWidth(r rune) int { return textwidth.Rune(r) }

// span is one grapheme cluster of the buffer: runes [from, to), width
// columns. The cursor only ever rests between two spans.
type span struct{ from, to, width int }

// spans splits runes into grapheme clusters. A rune of the width fast
// path next to others of them (textwidth.FastRune) is a cluster of its own;
// only the stretches between such runes are segmented.
func spans(runes []rune) []span {
	out := make([]span, 0, len(runes))
	isFast := func(k int) bool {
		_, ok := textwidth.FastRune(runes[k])
		return ok
	}
	alone := func(k int) bool {
		return isFast(k) && (k == 0 || isFast(k-1)) && (k+1 == len(runes) || isFast(k+1))
	}
	for i := 0; i < len(runes); {
		if alone(i) {
			w, _ := textwidth.FastRune(runes[i])
			out = append(out, span{from: i, to: i + 1, width: w})
			i++
			continue
		}
		j := i + 1
		for j < len(runes) && !alone(j) {
			j++
		}
		p := i
		for c := range textwidth.Clusters(string(runes[i:j])) {
			n := utf8.RuneCountInString(c.Text)
			out = append(out, span{from: p, to: p + n, width: c.Width})
			p += n
		}
		i = j
	}
	return out
}

// lineSpans splits the line of the buffer holding position p into grapheme
// clusters, with buffer positions. A cluster never spans a line break
// (UAX #29 breaks on both sides of LF), so a step needs only its line.
func (e *editor) lineSpans(p int) []span {
	st, end := e.lineStart(p), e.lineEnd(p)
	out := spans(e.buf[st:end])
	for i := range out {
		out[i].from += st
		out[i].to += st
	}
	return out
}

// prevBoundary is the start of the cluster that ends at or holds p-1: where
// ← and Backspace go from p.
func (e *editor) prevBoundary(p int) int {
	if p <= 0 {
		return 0
	}
	if e.buf[p-1] == '\n' {
		return p - 1
	}
	for _, s := range e.lineSpans(p - 1) {
		if s.to >= p {
			return s.from
		}
	}
	return p - 1
}

// nextBoundary is the end of the cluster that starts at or holds p: where
// → and Delete go from p.
func (e *editor) nextBoundary(p int) int {
	if p >= len(e.buf) {
		return len(e.buf)
	}
	if e.buf[p] == '\n' {
		return p + 1
	}
	for _, s := range e.lineSpans(p) {
		if s.to > p {
			return s.to
		}
	}
	return p + 1
}

// snap moves the cursor to the end of the cluster it sits in, should an
// insertion have joined the text around it into one cluster (a ZWJ, a
// combining mark typed before another character).
func (e *editor) snap() {
	if e.pos >= len(e.buf) {
		return
	}
	for _, s := range e.lineSpans(e.pos) {
		if s.from < e.pos && e.pos < s.to {
			e.pos = s.to
			return
		}
	}
}

func (e *editor) SetValue(s string) {
	e.buf = []rune(e.clean(s))
	if e.limit > 0 && len(e.buf) > e.limit {
		e.buf = e.buf[:e.limit]
	}
	e.pos = len(e.buf)
}

func (e *editor) Value() string { return string(e.buf) }

// clean drops control characters and, for single-line editors, turns line
// breaks and tabs into spaces.
func (e *editor) clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' && e.multiline:
			b.WriteRune(r)
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		case r == 0xfffd || r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Insert inserts s at the cursor; it reports whether anything changed and
// whether s had to be cut to the limit (at a grapheme cluster boundary).
func (e *editor) Insert(s string) (changed, cut bool) {
	rs := []rune(e.clean(s))
	if e.limit > 0 && len(e.buf)+len(rs) > e.limit {
		n := max(e.limit-len(e.buf), 0)
		// Cut between two grapheme clusters, never inside one.
		end := 0
		for _, c := range spans(rs) {
			if c.to > n {
				break
			}
			end = c.to
		}
		rs, cut = rs[:end], true
	}
	if len(rs) == 0 {
		return false, cut
	}
	nb := make([]rune, 0, len(e.buf)+len(rs))
	nb = append(nb, e.buf[:e.pos]...)
	nb = append(nb, rs...)
	nb = append(nb, e.buf[e.pos:]...)
	e.buf = nb
	e.pos += len(rs)
	e.snap()
	return true, cut
}

// HandleKey applies an editing key. handled is false for keys the editor
// does not use (the caller may then move focus); changed reports whether
// the text changed.
func (e *editor) HandleKey(k tea.KeyPressMsg, width int) (handled, changed bool) {
	km := defaultKeys.Editor
	switch {
	case key.Matches(k, km.Left):
		e.pos = e.prevBoundary(e.pos)
		return true, false
	case key.Matches(k, km.Right):
		e.pos = e.nextBoundary(e.pos)
		return true, false
	case key.Matches(k, km.Home):
		e.pos = e.lineStart(e.pos)
		return true, false
	case key.Matches(k, km.End):
		e.pos = e.lineEnd(e.pos)
		return true, false
	case key.Matches(k, km.Backspace):
		if e.pos > 0 {
			st := e.prevBoundary(e.pos)
			e.cut(st, e.pos)
			return true, true
		}
		return true, false
	case key.Matches(k, km.Delete):
		if e.pos < len(e.buf) {
			e.cut(e.pos, e.nextBoundary(e.pos))
			return true, true
		}
		return true, false
	case key.Matches(k, km.KillBefore):
		return true, e.cut(e.lineStart(e.pos), e.pos)
	case key.Matches(k, km.KillAfter):
		return true, e.cut(e.pos, e.lineEnd(e.pos))
	case key.Matches(k, km.KillWord):
		return true, e.cut(e.wordStart(e.pos), e.pos)
	case key.Matches(k, km.Newline):
		if !e.multiline {
			return false, false
		}
		c, _ := e.Insert("\n")
		return true, c
	case key.Matches(k, km.LineUp, km.LineDown):
		return e.moveLine(key.Matches(k, km.LineDown), width), false
	case key.Matches(k, km.Paste):
		// Never read the server's clipboard; terminals paste with
		// bracketed paste instead.
		return true, false
	}
	if k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && k.Text != "" {
		c, _ := e.Insert(k.Text)
		return true, c
	}
	return false, false
}

// cut deletes the runes from st to end and leaves the cursor at st; it
// reports whether anything was deleted.
func (e *editor) cut(st, end int) bool {
	if st >= end {
		return false
	}
	e.buf = append(e.buf[:st], e.buf[end:]...)
	e.pos = st
	return true
}

// moveLine moves the cursor to the line below (down) or above in a
// multi-line text wrapped to width; false when there is none.
func (e *editor) moveLine(down bool, width int) bool {
	if !e.multiline || width <= 0 {
		return false
	}
	lines, row, col := e.wrap(width)
	nr := row - 1
	if down {
		nr = row + 1
	}
	if nr < 0 || nr >= len(lines) {
		return false
	}
	e.pos = lines[nr].posAt(col)
	return true
}

// runeClass groups runes for deleting a word: spaces, punctuation and
// symbols, Chinese (one run of Han, kana or full-width letters is a
// "word", as Chinese text has no spaces), and the rest (Latin words and
// digits).
func runeClass(r rune) int {
	switch {
	case r == '\n':
		return 0
	case unicode.IsSpace(r):
		return 1
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		return 2
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || runeWidth(r) == 2:
		return 3
	}
	return 4
}

// wordStart is where Ctrl+W deletes back to from p: over the spaces
// before p, then over one run of clusters of the same class (a word, a run
// of punctuation, or one run of Chinese characters), never past a line
// start nor into a grapheme cluster. A cluster's class is its first rune's.
func (e *editor) wordStart(p int) int {
	sp := spans(e.buf)
	i := 0
	for i < len(sp) && sp[i].to <= p {
		i++
	}
	class := func(i int) int { return runeClass(e.buf[sp[i].from]) }
	at := func(i int) int {
		if i == 0 {
			return 0
		}
		return sp[i-1].to
	}
	for i > 0 && class(i-1) == 1 {
		i--
	}
	if i == 0 || e.buf[sp[i-1].from] == '\n' {
		return at(i)
	}
	c := class(i - 1)
	for i > 0 && class(i-1) == c {
		i--
	}
	return at(i)
}

func (e *editor) lineStart(p int) int {
	for p > 0 && e.buf[p-1] != '\n' {
		p--
	}
	return p
}

func (e *editor) lineEnd(p int) int {
	for p < len(e.buf) && e.buf[p] != '\n' {
		p++
	}
	return p
}

// viewLine renders a single-line editor in width columns, scrolled so that
// the cursor is visible, and returns the text and the cursor column.
func (e *editor) viewLine(width int) (string, int) {
	if width <= 0 {
		return "", 0
	}
	sp := spans(e.buf)
	k := 0
	for k < len(sp) && sp[k].to <= e.pos {
		k++
	}
	// Width from the start of the window to the cursor; when the text
	// overflows on the left the cursor sits at the right edge.
	start, w := k, 0
	for start > 0 {
		rw := sp[start-1].width
		if w+rw > width-1 {
			break
		}
		w += rw
		start--
	}
	var b strings.Builder
	used := 0
	for _, c := range sp[start:] {
		if used+c.width > width {
			break
		}
		b.WriteString(string(e.buf[c.from:c.to]))
		used += c.width
	}
	return b.String(), w
}

// visual is one wrapped line of a multi-line editor: runes [from, to) of
// the buffer, made of whole grapheme clusters.
type visual struct {
	from, to int
	runes    []rune
	spans    []span
}

// posAt returns the buffer position at display column col of the line:
// the start of the cluster that covers col.
func (v visual) posAt(col int) int {
	w := 0
	for _, c := range v.spans {
		if w+c.width > col {
			return c.from
		}
		w += c.width
	}
	return v.to
}

// wrap breaks the text into visual lines of at most width columns and
// returns them with the cursor's row and column.
func (e *editor) wrap(width int) (lines []visual, row, col int) {
	width = max(width, 2)
	sp := spans(e.buf)
	cur := visual{}
	first := 0 // index in sp of cur's first cluster
	end := func(k, to int) {
		cur.to = to
		cur.spans = sp[first:k:k]
		lines = append(lines, cur)
	}
	w := 0
	row, col = -1, 0
	for k, c := range sp {
		if c.from == e.pos {
			row, col = len(lines), w
		}
		if e.buf[c.from] == '\n' {
			end(k, c.from)
			cur, first = visual{from: c.to}, k+1
			w = 0
			continue
		}
		if w+c.width > width {
			if j := breakAt(e.buf, sp, first, k); j < k {
				// Chinese line breaking: the clusters from j go down with
				// c, so that 。、） do not start a line and （ does not end
				// one.
				from := sp[j].from
				cur.runes = cur.runes[:len(cur.runes)-(c.from-from)]
				end(j, from)
				cur, first = visual{from: from, runes: append([]rune(nil), e.buf[from:c.from]...)}, j
				w = 0
				for _, q := range sp[j:k] {
					if q.from == e.pos {
						row, col = len(lines), w
					}
					w += q.width
				}
			} else {
				end(k, c.from)
				cur, first = visual{from: c.from}, k
				w = 0
			}
			if c.from == e.pos {
				row, col = len(lines), w
			}
		}
		cur.runes = append(cur.runes, e.buf[c.from:c.to]...)
		w += c.width
	}
	if e.pos == len(e.buf) {
		if w >= width {
			end(len(sp), len(e.buf))
			cur, first = visual{from: len(e.buf)}, len(sp)
			w = 0
		}
		row, col = len(lines), w
	}
	end(len(sp), len(e.buf))
	return lines, row, col
}

// breakAt is where the line of clusters sp[first:k] breaks when sp[k]
// does not fit: k, or an earlier cluster so that the next line does not
// start with closing punctuation nor this one end with an opening bracket.
// The line keeps at least one cluster.
func breakAt(buf []rune, sp []span, first, k int) int {
	if k-first < 2 {
		return k
	}
	// At most a few clusters go down: a run of punctuation longer than
	// that breaks anywhere, and the wrap stays linear in the text.
	j := k
	for j > first+1 && j > k-4 && (noLineStart(buf[sp[j].from]) || noLineEnd(buf[sp[j-1].from])) {
		j--
	}
	if noLineStart(buf[sp[j].from]) || noLineEnd(buf[sp[j-1].from]) {
		return k
	}
	return j
}

// noLineStart reports the closing punctuation that may not start a line.
func noLineStart(r rune) bool {
	return strings.ContainsRune("。，、；：？！）」』》〉】”’…％", r)
}

// noLineEnd reports the opening brackets that may not end a line.
func noLineEnd(r rune) bool { return strings.ContainsRune("（「『《〈【“‘", r) }

// edit feeds a key press or a paste to ed (width wraps a multi-line
// editor; 0 for one line) and reports whether the message was handled and
// whether the text changed. Other messages are not handled.
func (e *editor) edit(msg tea.Msg, width int) (r Result, changed bool) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		r.Handled, changed = e.HandleKey(msg, width)
	case tea.PasteMsg:
		r.Handled = true
		var cut bool
		changed, cut = e.Insert(msg.Content)
		if cut {
			r.Note = "粘贴的内容过长，已截断"
		}
	}
	return r, changed
}
