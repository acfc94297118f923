package uv

// JIXIAO_PATCH: the differential harness cited by JIXIAO_PATCH.md.
//
// A scenario drives a TerminalRenderer the way Bubble Tea's cursed renderer
// does (Erase and Resize on a size change; per frame: Clear, StyledString
// Draw, Render, MoveTo, Flush), replays every frame's bytes through the
// strict emulator of cjk_diff_term_test.go and compares its screen, cell by
// cell (content, width, style, link; blank cells by what is visible on a
// blank), with the frame the renderer was asked to show, plus the cursor.
// A write that leaves half of a wide cell on screen fails the frame too.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Glyph pools the frames are made of.
var (
	diffASCII      = strings.Split("a b c d e f g h i j k l m n o p q r s t u v w x y z A B E F K 0 1 2 3 4 5 6 7 8 9 . , : ; - _ = + ( ) [ ] / # % *", " ")
	diffCJK        = []string{"的", "一", "是", "在", "不", "了", "有", "和", "人", "中", "大", "为", "上", "个", "国", "我", "预", "算", "单", "位", "整", "体", "支", "出", "绩", "效", "自", "评", "表", "项", "目", "资", "金", "执", "行", "率", "偏", "差", "原", "因", "分", "析", "改", "进", "措", "施", "年", "度", "指", "标", "值", "世", "界", "附", "件", "填", "人", "㐀", "丽"}
	diffFullwidth  = []string{"，", "。", "、", "；", "：", "？", "！", "（", "）", "【", "】", "《", "》", "「", "」", "\u3000", "０", "１", "９", "Ａ", "ｚ", "％", "￥"}
	diffKanaHangul = []string{"ア", "イ", "ウ", "え", "お", "ン", "ー", "가", "나", "다", "한", "국"}
	diffAmbiguous  = []string{"…", "“", "”", "─", "│", "·", "—", "°", "±", "×", "÷", "§", "→", "★", "①"}
	diffEmoji      = []string{"😀", "🚀", "❤️", "👍🏽", "👨‍👩‍👧", "🇨🇳", "✈️", "☺︎", "✅", "〰", "〽"}
	diffCombining  = []string{"e\u0301", "n\u0303", "a\u0308"}
)

// diffStyles are the SGR prefixes a glyph may carry (index 0: none).
var diffStyles = []string{
	"",
	"\x1b[1m",
	"\x1b[31m",
	"\x1b[44;7m",
	"\x1b[4m",
	"\x1b[38;5;208m",
	"\x1b[32;48;2;10;20;30m",
}

// diffLinkStyle is the style index of an OSC 8 hyperlink without SGR.
var diffLinkStyle = len(diffStyles)

type diffGlyph struct {
	text  string
	style int
}

type diffLine []diffGlyph

// encode renders the line as the string a Bubble Tea view would hold.
func (l diffLine) encode() string {
	var b strings.Builder
	style := 0
	for _, g := range l {
		if g.style != style {
			if style == diffLinkStyle {
				b.WriteString(ansi.ResetHyperlink())
			}
			b.WriteString("\x1b[m")
			if g.style == diffLinkStyle {
				b.WriteString(ansi.SetHyperlink(fmt.Sprintf("https://example.com/%x", g.text)))
			} else {
				b.WriteString(diffStyles[g.style])
			}
			style = g.style
		}
		b.WriteString(g.text)
	}
	if style == diffLinkStyle {
		b.WriteString(ansi.ResetHyperlink())
	}
	if style != 0 {
		b.WriteString("\x1b[m")
	}
	return b.String()
}

// diffConfig is one terminal and host setup.
type diffConfig struct {
	width, height int
	alt           bool // alt screen (fullscreen) or inline
	grapheme      bool // mode 2027 and grapheme widths, as Bubble Tea sets them
	hardTabs      bool
	backspace     bool
	term          string
	// rows draws each frame with StyledString.DrawRows, as jixiao's
	// patched Bubble Tea does (third_party/bubbletea), instead of Clear
	// and Draw.
	rows bool
}

func (c diffConfig) String() string {
	return fmt.Sprintf("%dx%d alt=%v grapheme=%v hardTabs=%v backspace=%v TERM=%s rows=%v",
		c.width, c.height, c.alt, c.grapheme, c.hardTabs, c.backspace, c.term, c.rows)
}

// diffHost mirrors charm.land/bubbletea/v2's cursedRenderer (v2.1.1): reset,
// resize, enterAltScreen, setWidthMethod and flush.
type diffHost struct {
	cfg          diffConfig
	out          bytes.Buffer
	scr          *TerminalRenderer
	cellbuf      ScreenBuffer
	memo         RowMemo
	starting     bool
	pendingErase bool
}

func newDiffHost(cfg diffConfig) *diffHost {
	h := &diffHost{cfg: cfg, starting: true}
	h.cellbuf = NewScreenBuffer(cfg.width, cfg.height)
	scr := NewTerminalRenderer(&h.out, []string{"TERM=" + cfg.term, "COLORTERM=truecolor"})
	scr.SetColorProfile(colorprofile.TrueColor)
	scr.SetRelativeCursor(true)
	scr.SetFullscreen(false)
	if cfg.hardTabs {
		scr.SetTabStops(cfg.width)
	} else {
		scr.SetTabStops(-1)
	}
	scr.SetBackspace(cfg.backspace)
	scr.SetMapNewline(false)
	scr.SetScrollOptim(true)
	h.scr = scr
	h.resize(cfg.width, cfg.height)
	if cfg.grapheme {
		_, _ = h.scr.WriteString(ansi.SetModeUnicodeCore)
		h.cellbuf.Method = ansi.GraphemeWidth
	}
	if cfg.alt {
		h.scr.SaveCursor()
		h.out.WriteString(ansi.SetModeAltScreenSaveCursor)
		h.scr.SetFullscreen(true)
		h.scr.SetRelativeCursor(false)
		h.scr.Erase()
	}
	return h
}

func (h *diffHost) resize(w, ht int) {
	h.scr.Erase()
	h.cfg.width, h.cfg.height = w, ht
	h.scr.Resize(w, ht)
	h.pendingErase = true
}

// flush renders content and places the cursor at the column pickCursor
// chooses on the drawn frame (nil: cursor hidden), returning the bytes
// written and the cursor.
func (h *diffHost) flush(content string, pickCursor func(ScreenBuffer) *Position) ([]byte, *Position) {
	area := Rect(0, 0, h.cfg.width, h.cfg.height)
	styled := NewStyledString(content)
	if !h.cfg.alt {
		area.Max.Y = styled.Height()
	}
	if h.starting && h.cfg.hardTabs {
		_, _ = h.scr.WriteString(ansi.SetTabEvery8Columns)
	}
	if h.starting || h.pendingErase {
		h.memo.Reset()
	}
	h.starting = false
	h.pendingErase = false
	if area != h.cellbuf.Bounds() {
		h.scr.Erase()
		h.cellbuf.Touched = nil
		h.cellbuf.Resize(area.Dx(), area.Dy())
		h.memo.Reset()
	}
	if h.cfg.rows {
		styled.DrawRows(h.cellbuf, &h.memo)
	} else {
		h.cellbuf.Clear()
		styled.Draw(h.cellbuf, h.cellbuf.Bounds())
	}
	h.scr.Render(h.cellbuf.RenderBuffer)
	cur := pickCursor(h.cellbuf)
	if cur != nil {
		h.scr.MoveTo(cur.X, cur.Y)
	} else if !h.cfg.alt {
		if x, y := h.scr.Position(); x >= h.cfg.width-1 {
			h.scr.MoveTo(0, y)
		}
	}
	if err := h.scr.Flush(); err != nil {
		panic(err)
	}
	b := append([]byte(nil), h.out.Bytes()...)
	h.out.Reset()
	return b, cur
}

// diffScenario is a random sequence of frames on a random setup.
type diffScenario struct {
	rng   *rand.Rand
	cfg   diffConfig
	lines []diffLine
	// caret is where a form is being typed into (line, glyph index), or
	// nil; the cursor follows it.
	caret *[2]int
}

func newDiffScenario(seed uint64) *diffScenario {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	terms := []string{"xterm-256color", "tmux-256color", "screen", "linux", "alacritty"}
	cfg := diffConfig{
		width:     20 + rng.IntN(100),
		height:    4 + rng.IntN(30),
		alt:       rng.IntN(2) == 0,
		grapheme:  rng.IntN(3) == 0,
		hardTabs:  rng.IntN(2) == 0,
		backspace: rng.IntN(2) == 0,
		term:      terms[rng.IntN(len(terms))],
	}
	s := &diffScenario{rng: rng, cfg: cfg}
	n := 1 + rng.IntN(cfg.height)
	for range n {
		s.lines = append(s.lines, s.randomLine(rng.IntN(cfg.width+4)))
	}
	return s
}

func (s *diffScenario) glyph() diffGlyph {
	var pool []string
	switch p := s.rng.IntN(100); {
	case p < 35:
		pool = diffASCII
	case p < 40:
		pool = []string{" "}
	case p < 70:
		pool = diffCJK
	case p < 78:
		pool = diffFullwidth
	case p < 83:
		pool = diffKanaHangul
	case p < 91:
		pool = diffAmbiguous
	case p < 97:
		pool = diffEmoji
	default:
		pool = diffCombining
	}
	style := 0
	if s.rng.IntN(4) == 0 {
		style = 1 + s.rng.IntN(diffLinkStyle)
	}
	return diffGlyph{text: pool[s.rng.IntN(len(pool))], style: style}
}

// randomLine returns about cols columns of glyphs, in runs of one style.
func (s *diffScenario) randomLine(cols int) diffLine {
	var l diffLine
	for w := 0; w < cols; {
		g := s.glyph()
		if len(l) > 0 && s.rng.IntN(3) != 0 {
			g.style = l[len(l)-1].style
		}
		l = append(l, g)
		w += max(1, ansi.StringWidth(g.text))
	}
	return l
}

// mutate applies one to three edits: insertions and deletions mid-line,
// backspaces, lines shrinking, growing, replaced, inserted, deleted and
// swapped, restyled spans, and now and then a terminal resize.
func (s *diffScenario) mutate(h *diffHost) {
	if s.caret != nil && s.rng.IntN(2) == 0 {
		s.typeAtCaret()
		return
	}
	for range 1 + s.rng.IntN(3) {
		y := s.rng.IntN(len(s.lines))
		l := s.lines[y]
		switch op := s.rng.IntN(100); {
		case op < 5: // start typing into a field
			s.caret = &[2]int{y, s.rng.IntN(len(l) + 1)}
		case op < 25: // insert mid-line
			at := s.rng.IntN(len(l) + 1)
			ins := make(diffLine, 1+s.rng.IntN(3))
			for i := range ins {
				ins[i] = s.glyph()
			}
			s.lines[y] = append(l[:at:at], append(ins, l[at:]...)...)
		case op < 45: // delete mid-line
			if len(l) > 0 {
				at := s.rng.IntN(len(l))
				end := min(len(l), at+1+s.rng.IntN(3))
				s.lines[y] = append(l[:at:at], l[end:]...)
			}
		case op < 52: // backspace
			if len(l) > 0 {
				s.lines[y] = l[:len(l)-1]
			}
		case op < 58: // shrink
			s.lines[y] = l[:s.rng.IntN(len(l)+1)]
		case op < 64: // grow
			s.lines[y] = append(l[:len(l):len(l)], s.randomLine(1+s.rng.IntN(12))...)
		case op < 70: // replace
			s.lines[y] = s.randomLine(s.rng.IntN(h.cfg.width + 4))
		case op < 77: // insert a row (a list scrolling)
			if len(s.lines) < h.cfg.height {
				row := s.randomLine(s.rng.IntN(h.cfg.width))
				s.lines = append(s.lines[:y:y], append([]diffLine{row}, s.lines[y:]...)...)
			}
		case op < 84: // delete a row
			if len(s.lines) > 1 {
				s.lines = append(s.lines[:y:y], s.lines[y+1:]...)
			}
		case op < 90: // swap rows
			z := s.rng.IntN(len(s.lines))
			s.lines[y], s.lines[z] = s.lines[z], s.lines[y]
		case op < 97: // restyle a span
			if len(l) > 0 {
				at := s.rng.IntN(len(l))
				end := min(len(l), at+1+s.rng.IntN(8))
				style := s.rng.IntN(diffLinkStyle + 1)
				nl := append(diffLine(nil), l...)
				for i := at; i < end; i++ {
					nl[i].style = style
				}
				s.lines[y] = nl
			}
		default: // resize
			w, ht := 20+s.rng.IntN(100), 4+s.rng.IntN(30)
			h.resize(w, ht)
			if len(s.lines) > ht {
				s.lines = s.lines[:ht]
			}
		}
	}
}

// typeAtCaret types a glyph at the caret, or deletes the one before it
// (backspace), and moves the caret.
func (s *diffScenario) typeAtCaret() {
	y, at := s.caret[0], s.caret[1]
	if y >= len(s.lines) || at > len(s.lines[y]) {
		s.caret = nil
		return
	}
	l := s.lines[y]
	if at > 0 && s.rng.IntN(5) == 0 {
		s.lines[y] = append(l[:at-1:at-1], l[at:]...)
		s.caret[1]--
		return
	}
	s.lines[y] = append(l[:at:at], append(diffLine{s.glyph()}, l[at:]...)...)
	s.caret[1]++
}

func (s *diffScenario) content() string {
	enc := make([]string, len(s.lines))
	for i, l := range s.lines {
		enc[i] = l.encode()
	}
	return strings.Join(enc, "\n")
}

// pickCursor puts the cursor after the caret when it can be found on the
// frame (its row and the rows above not wrapped), otherwise on a random
// character boundary, or hides it.
func (s *diffScenario) pickCursor(buf ScreenBuffer) *Position {
	if buf.Height() == 0 || buf.Width() == 0 {
		return nil
	}
	if s.caret != nil {
		if pos, ok := s.caretPosition(buf); ok {
			return pos
		}
	}
	if s.rng.IntN(10) < 3 {
		return nil
	}
	y := s.rng.IntN(buf.Height())
	x := s.rng.IntN(buf.Width())
	for x > 0 {
		if c := buf.CellAt(x, y); c == nil || c.Width != 0 {
			break
		}
		x--
	}
	return &Position{X: x, Y: y}
}

func (s *diffScenario) caretPosition(buf ScreenBuffer) (*Position, bool) {
	y, at := s.caret[0], s.caret[1]
	if y >= len(s.lines) || y >= buf.Height() || at > len(s.lines[y]) {
		return nil, false
	}
	for _, l := range s.lines[:y+1] {
		if buf.Method.StringWidth(l.encode()) >= buf.Width() {
			return nil, false
		}
	}
	x := buf.Method.StringWidth(s.lines[y][:at].encode())
	return &Position{X: x, Y: y}, true
}

// diffVisible reports whether two cells look the same. Blank cells are
// compared by what shows on a blank: the renderer clears with EL and ECH
// (bce) where the frame holds spaces whose foreground, bold, faint, italic or
// blink attributes cannot be seen.
func diffVisible(want, got *Cell) bool {
	if want.Width == 0 || got.Width == 0 {
		return want.Width == got.Width // placeholders of wide cells
	}
	if want.Content != got.Content || want.Width != got.Width || !want.Link.Equal(&got.Link) {
		return false
	}
	if want.Content != " " {
		return want.Style.Equal(&got.Style)
	}
	const invisible = AttrBold | AttrFaint | AttrItalic | AttrBlink | AttrRapidBlink
	return colorEqual(want.Style.Bg, got.Style.Bg) &&
		want.Style.Underline == got.Style.Underline &&
		(want.Style.Underline == UnderlineNone || colorEqual(want.Style.UnderlineColor, got.Style.UnderlineColor)) &&
		want.Style.Attrs&^invisible == got.Style.Attrs&^invisible
}

// diffCompare returns a description of the first difference between the
// emulator's screen and the frame, or "".
func diffCompare(term *strictTerm, frame ScreenBuffer, cur *Position) string {
	screen := term.lines()
	for y := range term.h {
		var line Line
		if y < frame.Height() {
			line = frame.Line(y)
		}
		for x := range term.w {
			want := &EmptyCell
			if x < len(line) {
				want = &line[x]
			}
			got := &screen[y][x]
			if !diffVisible(want, got) {
				return fmt.Sprintf("row %d col %d: want %q (w%d %+v %q), screen has %q (w%d %+v %q)\n  want row: %q\n  screen:   %q",
					y, x, want.Content, want.Width, want.Style, want.Link.URL, got.Content, got.Width, got.Style, got.Link.URL,
					diffRowText(line), diffRowText(screen[y]))
			}
		}
	}
	if cur != nil && (term.x != cur.X || term.y != cur.Y) {
		return fmt.Sprintf("cursor at %d,%d, want %d,%d", term.x, term.y, cur.X, cur.Y)
	}
	return ""
}

func diffRowText(line Line) string {
	var b strings.Builder
	for i := range line {
		b.WriteString(line[i].Content)
	}
	return b.String()
}

// runDiffScenario plays frames frames of the scenario seeded by seed and
// fails the test on the first frame the emulator shows differently.
func runDiffScenario(t testing.TB, seed uint64, frames int, rows bool) {
	s := newDiffScenario(seed)
	s.cfg.rows = rows
	h := newDiffHost(s.cfg)
	term := newStrictTerm(s.cfg.width, s.cfg.height)
	for f := range frames {
		if f > 0 {
			w, ht := h.cfg.width, h.cfg.height
			s.mutate(h)
			if w != h.cfg.width || ht != h.cfg.height {
				term.resize(h.cfg.width, h.cfg.height)
			}
		}
		out, cur := h.flush(s.content(), s.pickCursor)
		_, _ = term.Write(out)
		if v := term.endFrame(); len(v) > 0 {
			t.Fatalf("seed %d (%s) frame %d: %s\n  bytes: %q", seed, h.cfg, f, strings.Join(v, "; "), out)
		}
		if d := diffCompare(term, h.cellbuf, cur); d != "" {
			t.Fatalf("seed %d (%s) frame %d: %s\n  bytes: %q", seed, h.cfg, f, d, out)
		}
	}
}

// diffScenarios returns how many scenarios TestCJKDifferential plays:
// JIXIAO_UV_SCENARIOS, or 150 (30 with -short).
func diffScenarios() int {
	if n, err := strconv.Atoi(os.Getenv("JIXIAO_UV_SCENARIOS")); err == nil && n > 0 {
		return n
	}
	if testing.Short() {
		return 30
	}
	return 150
}

// TestCJKDifferential plays seeded scenarios of 60 frames each.
func TestCJKDifferential(t *testing.T) {
	n := diffScenarios()
	for seed := range uint64(n) {
		runDiffScenario(t, seed, 60, false)
	}
}

// TestCJKDifferentialRows plays the same scenarios drawing each frame with
// DrawRows, so that only the rows whose text changed are touched.
func TestCJKDifferentialRows(t *testing.T) {
	n := diffScenarios()
	for seed := range uint64(n) {
		runDiffScenario(t, seed, 60, true)
	}
}

// TestCJKDifferentialIssue139 is upstream issue 139: deleting a character
// before a wide one must not send DCH into the wide cell's right half.
func TestCJKDifferentialIssue139(t *testing.T) {
	for _, alt := range []bool{false, true} {
		h := newDiffHost(diffConfig{width: 20, height: 4, alt: alt, term: "xterm-256color"})
		term := newStrictTerm(20, 4)
		hidden := func(ScreenBuffer) *Position { return nil }
		for _, frame := range []string{"engli世界", "engl世界", "en世界x", "世界", "a世界"} {
			out, _ := h.flush(frame, hidden)
			_, _ = term.Write(out)
			d := strings.Join(term.endFrame(), "; ")
			if d == "" {
				d = diffCompare(term, h.cellbuf, nil)
			}
			if d != "" {
				t.Fatalf("alt=%v frame %q: %s\n  bytes: %q", alt, frame, d, out)
			}
		}
	}
}

// FuzzCJKDifferential plays one scenario per input, then checks its drift
// on an ambiguous-wide terminal (runAmbiguousScenario): go test -run '^$'
// -fuzz FuzzCJKDifferential -fuzztime 10s .
func FuzzCJKDifferential(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(seed, uint8(60))
	}
	f.Fuzz(func(t *testing.T, seed uint64, frames uint8) {
		runDiffScenario(t, seed, 1+int(frames)%120, false)
		runDiffScenario(t, seed, 1+int(frames)%120, true)
		// The same scenario without 2027 on an ambiguous-wide terminal
		// (cjk_ambiguous_test.go).
		runAmbiguousScenario(t, seed, 1+int(frames)%120)
	})
}
