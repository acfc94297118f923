package tea

// JIXIAO_PATCH: the strict terminal emulator of the differential harness
// (cjk_diff_fuzz_test.go).
//
// It implements what TerminalRenderer emits, as xterm does it: printing with
// pending wrap and autowrap on or off, insert mode, CR, LF, BS, HT, CUU, CUD,
// CUF, CUB, CHA, HPA, VPA, CUP, CHT, CBT, ED, EL, ECH, ICH, DCH, IL, DL, SU,
// SD, RI, DECSTBM, REP, SGR, OSC 8, DECSC/DECRC, the alternate screen (1049),
// tab stops (DECST8C, TBC, HTS) and mode 2027 (grapheme widths). Erasing uses
// the pen's background (bce). Clusters are measured as the frame measures
// them (grapheme widths with 2027 set, wcwidth otherwise).
//
// It is strict about wide cells. ICH or DCH with the cursor on the right half
// of a wide cell, DCH deleting only the left half, ICH pushing the left half
// of a wide cell across the right margin, and a wide cell printed where it
// does not fit with autowrap off are violations: terminals disagree about
// what they do. Printing or erasing over one half of a wide cell blanks the
// other half, as xterm does; a half blanked that way and not written again
// before the frame ends is a violation too.

import (
	"fmt"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

type strictTerm struct {
	w, h       int
	screens    [2][]uv.Line
	alt        int // index of the screen shown
	x, y       int
	phantom    bool // the cursor is past the last column, wrap pending
	autowrap   bool
	insert     bool
	grapheme   bool
	pen        uv.Style
	link       uv.Link
	top, bot   int // scrolling region, inclusive
	saved      strictCursor
	tabs       []bool
	last       uv.Cell // the last cell printed, for REP
	hasLast    bool
	exposed    map[[2]int]string
	violations []string
	// ambiguousWide draws every narrow non-ASCII cell (East Asian
	// Ambiguous: │ “ … ·) two columns wide, as a terminal set up for CJK
	// does (without 2027); wraps counts the prints that wrapped.
	ambiguousWide bool
	wraps         int

	parser *ansi.Parser
	state  byte
}

type strictCursor struct {
	x, y    int
	phantom bool
	pen     uv.Style
	link    uv.Link
}

func newStrictTerm(w, h int) *strictTerm {
	t := &strictTerm{autowrap: true, parser: ansi.NewParser(), exposed: map[[2]int]string{}}
	t.parser.SetParamsSize(32)
	t.parser.SetDataSize(4096)
	t.resize(w, h)
	return t
}

// resize changes the size as xterm does without reflow: rows and columns
// past the new size are cut off (a wide cell cut by the margin is blanked),
// new ones are blank, the cursor is clamped and the scrolling region reset.
func (t *strictTerm) resize(w, h int) {
	oldW := t.w
	t.w = w
	for i := range t.screens {
		old := t.screens[i]
		t.screens[i] = make([]uv.Line, h)
		for y := range h {
			line := t.blankLine(&uv.EmptyCell)
			if y < len(old) {
				copy(line, old[y][:min(oldW, w)])
				for x := w - 1; x >= 0 && line[x].Width == 0; x-- {
					if x > 0 && line[x-1].Width > 1 && x-1+line[x-1].Width > w {
						line[x-1] = uv.EmptyCell
						line[x] = uv.EmptyCell
					}
				}
				if last := line[w-1]; last.Width > 1 {
					line[w-1] = uv.EmptyCell
				}
			}
			t.screens[i][y] = line
		}
	}
	t.h = h
	t.top, t.bot = 0, h-1
	t.x, t.y = min(t.x, w-1), min(t.y, h-1)
	t.phantom = false
	t.tabs = make([]bool, w)
	for x := 0; x < w; x += 8 {
		t.tabs[x] = true
	}
	clear(t.exposed)
}

func (t *strictTerm) lines() []uv.Line { return t.screens[t.alt] }

func (t *strictTerm) blankLine(blank *uv.Cell) uv.Line {
	l := make(uv.Line, t.w)
	for i := range l {
		l[i] = *blank
	}
	return l
}

// blank is the cell erasing leaves: a space with the pen's background.
func (t *strictTerm) blank() *uv.Cell {
	return &uv.Cell{Content: " ", Width: 1, Style: uv.Style{Bg: t.pen.Bg}}
}

func (t *strictTerm) violate(format string, args ...any) {
	t.violations = append(t.violations, fmt.Sprintf("at %d,%d: ", t.x, t.y)+fmt.Sprintf(format, args...))
}

// endFrame returns the violations of the frame, including halves of wide
// cells blanked and not written again, and resets them.
func (t *strictTerm) endFrame() []string {
	for pos, what := range t.exposed {
		t.violations = append(t.violations, fmt.Sprintf("at %d,%d: half of wide cell %q left on screen", pos[0], pos[1], what))
	}
	v := t.violations
	t.violations = nil
	clear(t.exposed)
	return v
}

// set writes c at (x, y), blanking what is left of any wide cell it
// overlaps, and records the positions blanked that way.
func (t *strictTerm) set(x, y int, c *uv.Cell) {
	line := t.lines()[y]
	width := max(c.Width, 1)
	for i := x; i < x+width && i < t.w; i++ {
		t.breakWide(line, i, x, x+width, y)
	}
	line[x] = *c
	for i := 1; i < c.Width && x+i < t.w; i++ {
		line[x+i] = uv.Cell{}
	}
	for i := x; i < x+width && i < t.w; i++ {
		delete(t.exposed, [2]int{i, y})
	}
}

// breakWide blanks the parts of the wide cell covering column i that lie
// outside [from, to).
func (t *strictTerm) breakWide(line uv.Line, i, from, to, y int) {
	head := i
	for head > 0 && line[head].Width == 0 {
		head--
	}
	hc := line[head]
	if hc.Width < 2 || head+hc.Width <= i {
		return
	}
	for k := head; k < head+hc.Width && k < t.w; k++ {
		if k < from || k >= to {
			line[k] = uv.Cell{Content: " ", Width: 1, Style: uv.Style{Bg: hc.Style.Bg}}
			t.exposed[[2]int{k, y}] = hc.Content
		}
	}
}

// erase blanks columns [from, to) of row y.
func (t *strictTerm) erase(y, from, to int) {
	from, to = max(from, 0), min(to, t.w)
	if from >= to {
		return
	}
	line := t.lines()[y]
	t.breakWide(line, from, from, to, y)
	t.breakWide(line, to-1, from, to, y)
	b := t.blank()
	for i := from; i < to; i++ {
		line[i] = *b
		delete(t.exposed, [2]int{i, y})
	}
}

func (t *strictTerm) Write(p []byte) (int, error) {
	decode := ansi.DecodeSequenceWc[[]byte]
	b := p
	for len(b) > 0 {
		method := ansi.WcWidth
		decode = ansi.DecodeSequenceWc[[]byte]
		if t.grapheme {
			method = ansi.GraphemeWidth
			decode = ansi.DecodeSequence[[]byte]
		}
		if t.y >= t.h || t.y < 0 {
			t.violate("cursor row %d out of screen", t.y)
			t.y = min(max(t.y, 0), t.h-1)
		}
		seq, width, n, state := decode(b, t.state, t.parser)
		// As printString: an ASCII byte followed by a combining mark is one
		// cluster.
		if n == 1 && seq[0] > 0x1f && seq[0] < 0x7f && len(b) > 1 && b[1] >= 0xc0 {
			if cluster, cw := ansi.FirstGraphemeCluster(b, method); len(cluster) > 1 {
				seq, width, n = cluster, cw, len(cluster)
			}
		}
		t.state = state
		b = b[n:]
		if width == 1 && t.ambiguousWide && !t.grapheme && seq[0] >= 0x80 {
			width = 2
		}
		if width > 0 {
			t.print(uv.Cell{Content: string(seq), Width: width, Style: t.pen, Link: t.link})
			continue
		}
		if state != ansi.NormalState {
			continue
		}
		switch {
		case len(seq) == 1 && seq[0] < 0x20:
			t.control(seq[0])
		case ansi.HasCsiPrefix(seq):
			t.csi(ansi.Cmd(t.parser.Command()), t.parser.Params())
		case ansi.HasOscPrefix(seq):
			if t.parser.Command() == 8 {
				t.link = uv.Link{}
				uv.ReadLink(t.parser.Data(), &t.link)
			}
		case ansi.HasEscPrefix(seq) && len(seq) == 2:
			t.esc(seq[1])
		case len(seq) > 0 && seq[0] >= 0xc0:
			t.violate("zero-width text %q", seq)
		}
	}
	return len(p), nil
}

func (t *strictTerm) control(c byte) {
	switch c {
	case '\r':
		t.x, t.phantom = 0, false
	case '\n':
		t.phantom = false
		t.lineFeed()
	case '\b':
		t.phantom = false
		t.x = max(t.x-1, 0)
	case '\t':
		t.phantom = false
		t.tab(1)
	case '\a':
	default:
		t.violate("control %#x", c)
	}
}

func (t *strictTerm) lineFeed() {
	if t.y == t.bot {
		t.scrollUp(1)
	} else if t.y < t.h-1 {
		t.y++
	}
}

func (t *strictTerm) tab(n int) {
	for ; n > 0; n-- {
		x := t.x + 1
		for x < t.w-1 && !t.tabs[x] {
			x++
		}
		t.x = min(x, t.w-1)
	}
}

func (t *strictTerm) backTab(n int) {
	for ; n > 0; n-- {
		x := t.x - 1
		for x > 0 && !t.tabs[x] {
			x--
		}
		t.x = max(x, 0)
	}
}

func (t *strictTerm) print(c uv.Cell) {
	if t.phantom && t.autowrap {
		t.x, t.phantom = 0, false
		t.wraps++
		t.lineFeed()
	}
	if t.x+c.Width > t.w {
		if t.autowrap {
			t.x = 0
			t.wraps++
			t.lineFeed()
		} else {
			t.violate("wide cell %q printed past the margin", c.Content)
			t.x = t.w - c.Width
		}
	}
	if t.insert {
		t.insertCells(c.Width)
	}
	t.set(t.x, t.y, &c)
	t.last, t.hasLast = c, true
	t.x += c.Width
	if t.x >= t.w {
		t.x = t.w - 1
		t.phantom = t.autowrap
	}
}

func (t *strictTerm) esc(c byte) {
	switch c {
	case '7':
		t.saved = strictCursor{t.x, t.y, t.phantom, t.pen, t.link}
	case '8':
		t.x, t.y, t.phantom, t.pen, t.link = t.saved.x, t.saved.y, t.saved.phantom, t.saved.pen, t.saved.link
	case 'M': // RI
		t.phantom = false
		if t.y == t.top {
			t.scrollDown(1)
		} else if t.y > 0 {
			t.y--
		}
	case 'H': // HTS
		t.tabs[t.x] = true
	case 'D': // IND
		t.lineFeed()
	case 'E': // NEL
		t.x = 0
		t.lineFeed()
	default:
		t.violate("ESC %q", c)
	}
}

func (t *strictTerm) csi(cmd ansi.Cmd, params ansi.Params) {
	param := func(i, def int) int {
		n, _, ok := params.Param(i, def)
		if !ok || n == 0 && def > 0 {
			return def
		}
		return n
	}
	n := param(0, 1)
	if cmd.Final() != 'm' && cmd.Final() != 'h' && cmd.Final() != 'l' {
		t.phantom = false
	}
	switch cmd.Prefix() {
	case '?':
		switch cmd.Final() {
		case 'h', 'l':
			for i := range params {
				t.decMode(params[i].Param(0), cmd.Final() == 'h')
			}
		case 'W':
			if param(0, 0) == 5 { // DECST8C
				for x := range t.tabs {
					t.tabs[x] = x%8 == 0
				}
			}
		default:
			t.violate("CSI ? %q", cmd.Final())
		}
		return
	case 0:
	default:
		t.violate("CSI prefix %q", cmd.Prefix())
		return
	}
	switch cmd.Final() {
	case 'A': // CUU
		lim := 0
		if t.y >= t.top {
			lim = t.top
		}
		t.y = max(t.y-n, lim)
	case 'B': // CUD
		lim := t.h - 1
		if t.y <= t.bot {
			lim = t.bot
		}
		t.y = min(t.y+n, lim)
	case 'C': // CUF
		t.x = min(t.x+n, t.w-1)
	case 'D': // CUB
		t.x = max(t.x-n, 0)
	case 'G', '`': // CHA, HPA
		t.x = min(max(n-1, 0), t.w-1)
	case 'd': // VPA
		t.y = min(max(n-1, 0), t.h-1)
	case 'H', 'f': // CUP
		t.y = min(max(param(0, 1)-1, 0), t.h-1)
		t.x = min(max(param(1, 1)-1, 0), t.w-1)
	case 'I': // CHT
		t.tab(n)
	case 'Z': // CBT
		t.backTab(n)
	case 'J': // ED
		switch param(0, 0) {
		case 0:
			t.erase(t.y, t.x, t.w)
			for y := t.y + 1; y < t.h; y++ {
				t.erase(y, 0, t.w)
			}
		case 1:
			for y := 0; y < t.y; y++ {
				t.erase(y, 0, t.w)
			}
			t.erase(t.y, 0, t.x+1)
		case 2, 3:
			for y := 0; y < t.h; y++ {
				t.erase(y, 0, t.w)
			}
		}
	case 'K': // EL
		switch param(0, 0) {
		case 0:
			t.erase(t.y, t.x, t.w)
		case 1:
			t.erase(t.y, 0, t.x+1)
		case 2:
			t.erase(t.y, 0, t.w)
		}
	case 'X': // ECH
		t.erase(t.y, t.x, t.x+n)
	case '@': // ICH
		t.insertCells(n)
	case 'P': // DCH
		t.deleteCells(n)
	case 'L': // IL
		if t.y >= t.top && t.y <= t.bot {
			t.scrollRegion(t.y, t.bot, -n)
			t.x = 0
		}
	case 'M': // DL
		if t.y >= t.top && t.y <= t.bot {
			t.scrollRegion(t.y, t.bot, n)
			t.x = 0
		}
	case 'S': // SU
		t.scrollUp(n)
	case 'T': // SD
		t.scrollDown(n)
	case 'r': // DECSTBM
		top, bot := param(0, 1)-1, param(1, t.h)-1
		if top < bot && bot < t.h {
			t.top, t.bot = top, bot
		} else {
			t.top, t.bot = 0, t.h-1
		}
		t.x, t.y = 0, 0
	case 'b': // REP
		if t.hasLast {
			for range n {
				t.print(t.last)
			}
		}
	case 'm': // SGR
		uv.ReadStyle(params, &t.pen)
	case 'h', 'l':
		for i := range params {
			if params[i].Param(0) == 4 {
				t.insert = cmd.Final() == 'h'
			}
		}
	case 'g': // TBC
		switch param(0, 0) {
		case 0:
			t.tabs[t.x] = false
		case 3:
			clear(t.tabs)
		}
	default:
		t.violate("CSI %q", cmd.Final())
	}
}

func (t *strictTerm) decMode(mode int, set bool) {
	switch mode {
	case 7:
		t.autowrap = set
	case 2027:
		t.grapheme = set
	case 1049:
		if set && t.alt == 0 {
			t.saved = strictCursor{t.x, t.y, t.phantom, t.pen, t.link}
			t.alt = 1
			for y := range t.h {
				t.screens[1][y] = t.blankLine(&uv.EmptyCell)
			}
		} else if !set && t.alt == 1 {
			t.alt = 0
			t.x, t.y, t.phantom, t.pen, t.link = t.saved.x, t.saved.y, t.saved.phantom, t.saved.pen, t.saved.link
		}
	}
}

// insertCells is ICH: n blanks at the cursor, the rest of the row shifted
// right, cells pushed past the margin lost.
func (t *strictTerm) insertCells(n int) {
	line := t.lines()[t.y]
	n = min(n, t.w-t.x)
	if line[t.x].Width == 0 {
		t.violate("ICH inside wide cell %q", t.headOf(line, t.x))
	}
	if cut := t.w - n; cut > t.x && line[cut].Width == 0 {
		t.violate("ICH pushes wide cell %q across the margin", t.headOf(line, cut))
	}
	copy(line[t.x+n:], line[t.x:t.w-n])
	t.shiftExposed(t.x, n)
	b := t.blank()
	for i := t.x; i < t.x+n; i++ {
		line[i] = *b
	}
	// A wide cell cut by the margin is gone.
	for i := t.w - 1; i >= 0 && line[i].Width == 0; i-- {
		if h := i - 1; h >= 0 && line[h].Width > 1 && h+line[h].Width > t.w {
			line[h] = *b
		}
	}
}

// deleteCells is DCH: n cells at the cursor removed, the rest shifted left,
// blanks at the margin.
func (t *strictTerm) deleteCells(n int) {
	line := t.lines()[t.y]
	n = min(n, t.w-t.x)
	if line[t.x].Width == 0 {
		t.violate("DCH inside wide cell %q", t.headOf(line, t.x))
	}
	if end := t.x + n; end < t.w && line[end].Width == 0 {
		t.violate("DCH deletes half of wide cell %q", t.headOf(line, end))
	}
	copy(line[t.x:], line[t.x+n:])
	t.shiftExposed(t.x, -n)
	b := t.blank()
	for i := t.w - n; i < t.w; i++ {
		line[i] = *b
	}
}

// shiftExposed moves the blanked halves of the cursor row at or after
// column x by n columns (ICH: n > 0, DCH: n < 0), forgetting those deleted
// or pushed past the margin.
func (t *strictTerm) shiftExposed(x, n int) {
	for pos, what := range t.exposed {
		if pos[1] != t.y || pos[0] < x {
			continue
		}
		delete(t.exposed, pos)
		if nx := pos[0] + n; nx >= x && nx < t.w && (n > 0 || pos[0] >= x-n) {
			t.exposed[[2]int{nx, pos[1]}] = what
		}
	}
}

func (t *strictTerm) headOf(line uv.Line, x int) string {
	for x > 0 && line[x].Width == 0 {
		x--
	}
	return line[x].Content
}

func (t *strictTerm) scrollUp(n int)   { t.scrollRegion(t.top, t.bot, n) }
func (t *strictTerm) scrollDown(n int) { t.scrollRegion(t.top, t.bot, -n) }

// scrollRegion moves rows top..bot up by n (down when n < 0), filling with
// blank rows.
func (t *strictTerm) scrollRegion(top, bot, n int) {
	lines := t.lines()
	size := bot - top + 1
	if n > size {
		n = size
	} else if n < -size {
		n = -size
	}
	b := t.blank()
	if n > 0 {
		copy(lines[top:], lines[top+n:bot+1])
		for y := bot - n + 1; y <= bot; y++ {
			lines[y] = t.blankLine(b)
		}
	} else if n < 0 {
		copy(lines[top-n:bot+1], lines[top:bot+1+n])
		for y := top; y < top-n; y++ {
			lines[y] = t.blankLine(b)
		}
	}
	moved := map[[2]int]string{}
	for pos, what := range t.exposed {
		if pos[1] < top || pos[1] > bot {
			moved[pos] = what
		} else if y := pos[1] - n; y >= top && y <= bot {
			moved[[2]int{pos[0], y}] = what
		}
	}
	t.exposed = moved
}
