package uv

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// rowFragments are the pieces the DrawRows tests build rows from: text of
// every width class, SGR that carries across rows, hyperlinks, and the cases
// that make a row depend on its neighbours (a combining mark or an APC at
// the start of a row, an unterminated OSC or CSI at its end, CR, tabs).
var rowFragments = []string{
	"abc", "x", " ", "填表人", "世界", "，", "ｱ", "한", "…", "│", "👍", "👨‍👩‍👧",
	"\x1b[31m", "\x1b[1;4m", "\x1b[0m", "\x1b[m", "\x1b[38;2;1;2;3m", "\x1b[48;5;200m",
	"\x1b]8;;https://example.com\x1b\\", "\x1b]8;;\x1b\\",
	"\u0301", "e\u0301", "\x1b_apc\x1b\\", "\x1bPdcs\x1b\\",
	"\x1b]0;title", "\x1b[", "\x1b", "\r", "\t", "\u200d",
}

func randomRow(rng *rand.Rand, nasty bool) string {
	var b strings.Builder
	for range rng.IntN(8) {
		f := rowFragments[rng.IntN(len(rowFragments))]
		if !nasty && strings.ContainsAny(f, "\x1b\r\t\u0301\u200d") && !strings.HasPrefix(f, "\x1b[") {
			continue
		}
		b.WriteString(f)
	}
	return b.String()
}

// drawRowsCase plays frames of random rows through Clear+Draw and through
// DrawRows side by side, and fails when the two buffers differ in a cell or
// when DrawRows leaves untouched a row whose cells changed since its
// previous frame. It returns how many rows DrawRows skipped.
func drawRowsCase(t *testing.T, seed uint64, nasty bool) (skipped int) {
	rng := rand.New(rand.NewPCG(seed, 7))
	w, h := 4+rng.IntN(40), 1+rng.IntN(12)
	method := ansi.WcWidth
	if rng.IntN(2) == 0 {
		method = ansi.GraphemeWidth
	}
	want, got := NewScreenBuffer(w, h), NewScreenBuffer(w, h)
	want.Method, got.Method = method, method
	var memo RowMemo
	rows := make([]string, rng.IntN(h+3))
	for i := range rows {
		rows[i] = randomRow(rng, nasty)
	}
	for frame := range 40 {
		if frame > 0 {
			switch rng.IntN(6) {
			case 0:
				rows = append(rows, randomRow(rng, nasty))
			case 1:
				if len(rows) > 0 {
					rows = rows[:len(rows)-1]
				}
			case 2:
				for i := range rows {
					rows[i] = randomRow(rng, nasty)
				}
			default:
				if len(rows) > 0 {
					rows[rng.IntN(len(rows))] = randomRow(rng, nasty)
				}
			}
		}
		text := strings.Join(rows, "\n")
		if rng.IntN(10) == 0 {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		before := make([]Line, h)
		for y := range h {
			before[y] = append(Line(nil), got.Lines[y]...)
		}
		want.Clear()
		NewStyledString(text).Draw(want, want.Bounds())
		resetTouched(got.Touched)
		NewStyledString(text).DrawRows(got, &memo)
		for y := range h {
			for x := range w {
				if a, b := want.Lines[y][x], got.Lines[y][x]; a != b {
					t.Fatalf("seed %d frame %d: cell (%d,%d) is %#v, Clear+Draw gives %#v\ntext %q", seed, frame, x, y, b, a, text)
				}
			}
			touched := y < len(got.Touched) && isTouched(got.Touched[y])
			changed := fmt.Sprint(before[y]) != fmt.Sprint(got.Lines[y])
			if changed && !touched {
				t.Fatalf("seed %d frame %d: row %d changed but is not touched\ntext %q", seed, frame, y, text)
			}
			if !touched {
				skipped++
			}
		}
	}
	return skipped
}

// TestDrawRowsMatchesClearDraw: DrawRows leaves the buffer as Clear and
// Draw do, and touches every row it changes, on rows built from ordinary
// text and SGR, and on rows with sequences and marks that cross rows.
func TestDrawRowsMatchesClearDraw(t *testing.T) {
	var plain, nasty int
	for seed := range uint64(400) {
		plain += drawRowsCase(t, seed, false)
		nasty += drawRowsCase(t, seed, true)
	}
	if plain == 0 {
		t.Fatal("DrawRows never skipped a row of ordinary text")
	}
	t.Logf("rows skipped: %d of ordinary text, %d with cross-row sequences", plain, nasty)
}

// TestDrawRowsSkipsUnchangedRows: typing into one row of a screen touches
// that row only, and a pen carried across rows is part of what must match.
func TestDrawRowsSkipsUnchangedRows(t *testing.T) {
	buf := NewScreenBuffer(20, 4)
	var memo RowMemo
	frame := func(text string) []int {
		resetTouched(buf.Touched)
		NewStyledString(text).DrawRows(buf, &memo)
		var rows []int
		for y, ld := range buf.Touched {
			if isTouched(ld) {
				rows = append(rows, y)
			}
		}
		return rows
	}
	if got := frame("标题\n填表人：\n\x1b[31m红\n色\x1b[m"); fmt.Sprint(got) != "[0 1 2 3]" {
		t.Fatalf("first frame touched %v, want every row", got)
	}
	if got := frame("标题\n填表人：张\n\x1b[31m红\n色\x1b[m"); fmt.Sprint(got) != "[1]" {
		t.Fatalf("typing touched %v, want [1]", got)
	}
	// Row 3 has the same text but now starts with the default pen.
	if got := frame("标题\n填表人：张\n红\n色\x1b[m"); fmt.Sprint(got) != "[2 3]" {
		t.Fatalf("a pen change touched %v, want [2 3]", got)
	}
	if c := buf.CellAt(0, 3); c == nil || c.Style.Fg != nil {
		t.Fatalf("row 3 kept the red pen: %#v", c)
	}
	memo.Reset()
	if got := frame("标题\n填表人：张\n红\n色\x1b[m"); fmt.Sprint(got) != "[0 1 2 3]" {
		t.Fatalf("after Reset touched %v, want every row", got)
	}
	// A wrapped string is always drawn whole.
	resetTouched(buf.Touched)
	s := NewStyledString("标题")
	s.Wrap = true
	s.DrawRows(buf, &memo)
	for y, ld := range buf.Touched {
		if !isTouched(ld) {
			t.Fatalf("a wrapped string left row %d untouched", y)
		}
	}
}

// isTouched reads a touch record as TerminalRenderer.Render does.
func isTouched(ld *LineData) bool {
	return ld != nil && (ld.FirstCell != -1 || ld.LastCell != -1)
}

// BenchmarkFrameTyping draws a 120×40 screen of styled Chinese rows, one
// character typed into one row per frame, and renders it as Bubble Tea
// does, with Clear and Draw (upstream) and with DrawRows (this copy):
//
//	go test -run '^$' -bench FrameTyping -benchmem .
func BenchmarkFrameTyping(b *testing.B) {
	rows := make([]string, 40)
	for i := range rows {
		rows[i] = fmt.Sprintf("\x1b[1;38;5;%dm│ 第%02d行\x1b[m 三级指标 年度指标值 偏差原因分析及改进措施 \x1b[4m%s\x1b[m", 20+i, i, strings.Repeat("预算执行率", 4))
	}
	typed := []rune("甲乙丙丁戊己庚辛壬癸")
	for _, mode := range []string{"ClearDraw", "DrawRows"} {
		b.Run(mode, func(b *testing.B) {
			buf := NewScreenBuffer(120, 40)
			buf.Method = ansi.GraphemeWidth
			scr := NewTerminalRenderer(io.Discard, []string{"TERM=xterm-256color"})
			scr.SetFullscreen(true)
			scr.SetRelativeCursor(false)
			scr.SetScrollOptim(true) // as Bubble Tea sets it off Windows
			var memo RowMemo
			field := ""
			for i := 0; b.Loop(); i++ {
				field += string(typed[i%len(typed)])
				if len(field) > 60 {
					field = ""
				}
				rows[7] = "填表人：" + field
				s := NewStyledString(strings.Join(rows, "\n"))
				if mode == "DrawRows" {
					s.DrawRows(buf, &memo)
				} else {
					buf.Clear()
					s.Draw(buf, buf.Bounds())
				}
				scr.Render(buf.RenderBuffer)
				if err := scr.Flush(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
