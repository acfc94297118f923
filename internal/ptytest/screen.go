package ptytest

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Screen is a small terminal emulator: enough of xterm for what Bubble
// Tea's renderer (ultraviolet) sends — printing with wide characters and
// auto-wrap, cursor movement, erasing, inserting and deleting characters
// and lines, scroll regions, REP, tabs, insert mode and the alternate
// screen. Colours and other attributes are ignored: a cell holds only its
// text. It exists so tests can look at what is on the screen instead of
// searching a byte log, which a renderer that only sends changed cells
// makes unreliable.
type Screen struct {
	cols, rows  int
	cells       [][]string // "" marks the right half of a wide character
	x, y        int
	wrapPending bool
	autowrap    bool
	insert      bool
	top, bottom int // scroll region, inclusive
	savedX      int
	savedY      int
	last        string // last printed grapheme, for REP
	p           *ansi.Parser
}

// NewScreen returns a blank screen of cols × rows.
func NewScreen(cols, rows int) *Screen {
	s := &Screen{autowrap: true}
	s.p = ansi.NewParser()
	s.p.SetHandler(ansi.Handler{
		Print:     s.print,
		Execute:   s.execute,
		HandleCsi: s.csi,
		HandleEsc: s.esc,
	})
	s.Resize(cols, rows)
	return s
}

// Write feeds terminal output to the screen. Sequences may be split
// across writes.
func (s *Screen) Write(b []byte) (int, error) {
	s.p.Parse(b)
	return len(b), nil
}

// Resize changes the size, keeping the top-left content.
func (s *Screen) Resize(cols, rows int) {
	cells := make([][]string, rows)
	for y := range cells {
		cells[y] = blankLine(cols)
		if y < len(s.cells) {
			copy(cells[y], s.cells[y])
		}
	}
	s.cols, s.rows, s.cells = cols, rows, cells
	s.top, s.bottom = 0, rows-1
	s.x, s.y = min(s.x, cols-1), min(s.y, rows-1)
	s.wrapPending = false
}

// Size returns the screen's columns and rows.
func (s *Screen) Size() (cols, rows int) { return s.cols, s.rows }

// Cursor returns the cursor's column and row (0-based).
func (s *Screen) Cursor() (x, y int) { return s.x, s.y }

// Line returns row y as text, trailing blanks removed.
func (s *Screen) Line(y int) string {
	if y < 0 || y >= s.rows {
		return ""
	}
	var b strings.Builder
	for _, c := range s.cells[y] {
		b.WriteString(c)
	}
	return strings.TrimRight(b.String(), " ")
}

// String returns the whole screen, one line per row.
func (s *Screen) String() string {
	lines := make([]string, s.rows)
	for y := range lines {
		lines[y] = s.Line(y)
	}
	return strings.Join(lines, "\n")
}

func blankLine(cols int) []string {
	l := make([]string, cols)
	for i := range l {
		l[i] = " "
	}
	return l
}

func (s *Screen) clamp() {
	s.x = max(0, min(s.x, s.cols-1))
	s.y = max(0, min(s.y, s.rows-1))
	s.wrapPending = false
}

// fixWide blanks the halves of wide characters cut by a write to x on row y.
func (s *Screen) fixWide(y, x int) {
	l := s.cells[y]
	if x < 0 || x >= len(l) {
		return
	}
	if l[x] == "" && x > 0 {
		l[x-1] = " "
	}
	if x+1 < len(l) && l[x+1] == "" {
		l[x+1] = " "
	}
}

func (s *Screen) print(r rune) {
	g := string(r)
	w := ansi.StringWidth(g)
	if w == 0 {
		// A combining mark or other zero-width rune joins the previous cell.
		if r >= 0x20 {
			px, py := s.x-1, s.y
			if s.wrapPending {
				px = s.x
			}
			if px >= 0 && s.cells[py][px] == "" && px > 0 {
				px--
			}
			if px >= 0 {
				s.cells[py][px] += g
			}
		}
		return
	}
	s.put(g, w)
}

func (s *Screen) put(g string, w int) {
	if s.wrapPending && s.autowrap {
		s.x = 0
		s.lineFeed()
	}
	s.wrapPending = false
	if s.x+w > s.cols {
		if s.autowrap {
			s.x = 0
			s.lineFeed()
		} else {
			s.x = s.cols - w
		}
	}
	l := s.cells[s.y]
	if s.insert {
		copy(l[s.x+w:], l[s.x:])
	}
	s.fixWide(s.y, s.x)
	if w == 2 {
		s.fixWide(s.y, s.x+1)
	}
	l[s.x] = g
	if w == 2 {
		l[s.x+1] = ""
	}
	s.last = g
	s.x += w
	if s.x >= s.cols {
		s.x = s.cols - 1
		s.wrapPending = true
	}
}

func (s *Screen) lineFeed() {
	switch {
	case s.y == s.bottom:
		s.scrollUp(1)
	case s.y < s.rows-1:
		s.y++
	}
}

// scrollUp scrolls the scroll region up by n lines.
func (s *Screen) scrollUp(n int) {
	for range min(n, s.bottom-s.top+1) {
		copy(s.cells[s.top:s.bottom], s.cells[s.top+1:s.bottom+1])
		s.cells[s.bottom] = blankLine(s.cols)
	}
}

// scrollDown scrolls the scroll region down by n lines.
func (s *Screen) scrollDown(n int) {
	for range min(n, s.bottom-s.top+1) {
		copy(s.cells[s.top+1:s.bottom+1], s.cells[s.top:s.bottom])
		s.cells[s.top] = blankLine(s.cols)
	}
}

func (s *Screen) tab(n int) {
	for range n {
		s.x = min((s.x/8+1)*8, s.cols-1)
	}
	s.wrapPending = false
}

func (s *Screen) execute(b byte) {
	switch b {
	case '\r':
		s.x = 0
	case '\n', '\v', '\f':
		s.lineFeed()
	case '\b':
		if s.x > 0 {
			s.x--
		}
	case '\t':
		s.tab(1)
		return
	default:
		return
	}
	s.wrapPending = false
}

func (s *Screen) erase(y, from, to int) {
	l := s.cells[y]
	from, to = max(from, 0), min(to, len(l))
	if from >= to {
		return
	}
	s.fixWide(y, from)
	s.fixWide(y, to-1)
	for x := from; x < to; x++ {
		l[x] = " "
	}
}

func (s *Screen) esc(cmd ansi.Cmd) {
	if cmd.Intermediate() != 0 {
		return
	}
	switch cmd.Final() {
	case '7':
		s.savedX, s.savedY = s.x, s.y
	case '8':
		s.x, s.y = s.savedX, s.savedY
		s.clamp()
	case 'M': // reverse index
		if s.y == s.top {
			s.scrollDown(1)
		} else if s.y > 0 {
			s.y--
		}
		s.wrapPending = false
	case 'D':
		s.lineFeed()
		s.wrapPending = false
	case 'E':
		s.x = 0
		s.lineFeed()
		s.wrapPending = false
	case 'c':
		*s = *NewScreen(s.cols, s.rows)
	}
}

func (s *Screen) csi(cmd ansi.Cmd, params ansi.Params) {
	arg := func(i, def int) int {
		v, _, _ := params.Param(i, def)
		if v == 0 && def > 0 {
			v = def
		}
		return v
	}
	if cmd.Intermediate() != 0 {
		return
	}
	if cmd.Prefix() == '?' {
		set := cmd.Final() == 'h'
		if cmd.Final() != 'h' && cmd.Final() != 'l' {
			return
		}
		for i := range params {
			switch arg(i, 0) {
			case 7:
				s.autowrap = set
			case 47, 1047, 1049:
				for y := range s.cells {
					s.cells[y] = blankLine(s.cols)
				}
			}
		}
		return
	}
	if cmd.Prefix() != 0 {
		return
	}
	n := arg(0, 1)
	switch cmd.Final() {
	case 'A':
		s.y -= n
		s.clamp()
	case 'B', 'e':
		s.y += n
		s.clamp()
	case 'C', 'a':
		s.x += n
		s.clamp()
	case 'D':
		s.x -= n
		s.clamp()
	case 'E':
		s.x, s.y = 0, s.y+n
		s.clamp()
	case 'F':
		s.x, s.y = 0, s.y-n
		s.clamp()
	case 'G', '`':
		s.x = n - 1
		s.clamp()
	case 'd':
		s.y = n - 1
		s.clamp()
	case 'H', 'f':
		s.y, s.x = arg(0, 1)-1, arg(1, 1)-1
		s.clamp()
	case 'I':
		s.tab(n)
	case 'Z':
		for range n {
			s.x = max(0, (s.x-1)/8*8)
		}
		s.wrapPending = false
	case 'J':
		switch arg(0, 0) {
		case 0:
			s.erase(s.y, s.x, s.cols)
			for y := s.y + 1; y < s.rows; y++ {
				s.cells[y] = blankLine(s.cols)
			}
		case 1:
			for y := 0; y < s.y; y++ {
				s.cells[y] = blankLine(s.cols)
			}
			s.erase(s.y, 0, s.x+1)
		case 2, 3:
			for y := range s.cells {
				s.cells[y] = blankLine(s.cols)
			}
		}
	case 'K':
		switch arg(0, 0) {
		case 0:
			s.erase(s.y, s.x, s.cols)
		case 1:
			s.erase(s.y, 0, s.x+1)
		case 2:
			s.erase(s.y, 0, s.cols)
		}
		s.wrapPending = false
	case 'X':
		s.erase(s.y, s.x, s.x+n)
		s.wrapPending = false
	case '@':
		l := s.cells[s.y]
		n = min(n, s.cols-s.x)
		s.fixWide(s.y, s.x)
		copy(l[s.x+n:], l[s.x:])
		for x := s.x; x < s.x+n; x++ {
			l[x] = " "
		}
		s.wrapPending = false
	case 'P':
		l := s.cells[s.y]
		n = min(n, s.cols-s.x)
		s.fixWide(s.y, s.x)
		s.fixWide(s.y, s.x+n-1)
		copy(l[s.x:], l[s.x+n:])
		for x := s.cols - n; x < s.cols; x++ {
			l[x] = " "
		}
		s.wrapPending = false
	case 'L', 'M':
		if s.y < s.top || s.y > s.bottom {
			return
		}
		top := s.top
		s.top = s.y
		if cmd.Final() == 'L' {
			s.scrollDown(n)
		} else {
			s.scrollUp(n)
		}
		s.top = top
		s.x = 0
		s.wrapPending = false
	case 'S':
		s.scrollUp(n)
	case 'T':
		s.scrollDown(n)
	case 'r':
		t, b := arg(0, 1)-1, arg(1, s.rows)-1
		if t < b && b < s.rows {
			s.top, s.bottom = t, b
		} else {
			s.top, s.bottom = 0, s.rows-1
		}
		s.x, s.y = 0, 0
		s.wrapPending = false
	case 'b':
		if s.last != "" {
			w := ansi.StringWidth(s.last)
			for range n {
				s.put(s.last, w)
			}
		}
	case 'h', 'l':
		for i := range params {
			if arg(i, 0) == 4 {
				s.insert = cmd.Final() == 'h'
			}
		}
	}
}
