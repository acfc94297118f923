package uv

import "strings"

// pen is the SGR style and hyperlink in effect at a point of a styled text.
// Its colours come from [ReadStyle], whose colour types are all comparable,
// so two pens are compared with ==.
type pen struct {
	Style Style
	Link  Link
}

// rowPen carries one row of a styled text through printStringPen.
type rowPen struct {
	pen       pen  // in: the pen the row starts with; out: the one it ends with
	contained bool // out: the row printed exactly as it does within the whole text
	newline   bool // out: the row stopped on its own trailing newline, not inside a sequence
}

// RowMemo remembers, for each row of a buffer, the text
// [StyledString.DrawRows] last drew there and the pen that row started and
// ended with. The zero value remembers nothing.
type RowMemo struct {
	area   Rectangle
	method WidthMethod
	tail   string
	rows   []memoRow
}

type memoRow struct {
	known      bool   // the row holds what DrawRows drew from text and start
	past       bool   // the row lies past the end of the text, blank
	text       string // the row's text, with its trailing newline if it had one
	start, end pen
}

// Reset forgets every row, so that the next [StyledString.DrawRows] draws
// them all. Call it whenever the buffer is written other than by DrawRows.
func (m *RowMemo) Reset() {
	m.rows = m.rows[:0]
}

// DrawRows leaves buf as buf.Clear followed by s.Draw(buf, buf.Bounds())
// would, cell for cell, and touches the same rows, except the rows whose text
// and starting pen are the ones memo recorded for them at the previous call:
// those are neither written nor touched, because they still hold that result
// as long as nothing else wrote to buf in between (see [RowMemo.Reset]). A
// renderer then diffs only the rows that changed.
//
// A wrapped string, and a text in which some row does not print on its own
// as it prints within the whole text (an escape sequence read across a
// newline, a combining mark or a pass-through sequence carried from one row
// onto another), is drawn with Clear and Draw, and the memo is reset.
func (s *StyledString) DrawRows(buf ScreenBuffer, memo *RowMemo) {
	area := buf.Bounds()
	method := buf.WidthMethod()
	if s.Wrap {
		memo.Reset()
		buf.Clear()
		s.Draw(buf, area)
		return
	}
	if memo.area != area || memo.method != method || memo.tail != s.Tail || len(memo.rows) != area.Dy() {
		memo.area, memo.method, memo.tail = area, method, s.Tail
		memo.rows = append(memo.rows[:0], make([]memoRow, area.Dy())...)
	}

	rest := strings.ReplaceAll(s.Text, "\r\n", "\n")
	more := true // rest still holds a row of the text, possibly an empty one
	var cur pen
	for y := area.Min.Y; y < area.Max.Y; y++ {
		r := &memo.rows[y-area.Min.Y]
		if !more {
			if !r.known || !r.past {
				clearRow(buf, y)
				*r = memoRow{known: true, past: true}
			}
			continue
		}
		line, wantNewline := rest, false
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest, wantNewline = rest[:i+1], rest[i+1:], true
		} else {
			rest, more = "", false
		}
		if r.known && !r.past && r.text == line && r.start == cur {
			cur = r.end
			continue
		}
		clearRow(buf, y)
		row := rowPen{pen: cur}
		printStringPen(buf, method, area.Min.X, y, area, line, true, s.Tail, &row)
		if !row.contained || row.newline != wantNewline {
			memo.Reset()
			buf.Clear()
			s.Draw(buf, area)
			return
		}
		*r = memoRow{known: true, text: line, start: cur, end: row.pen}
		cur = row.pen
	}
}

// clearRow does to row y what [RenderBuffer.Clear] does to every row: blank
// cells, the whole row touched.
func clearRow(buf ScreenBuffer, y int) {
	line := buf.Lines[y]
	for x := range line {
		line[x] = EmptyCell
	}
	buf.TouchLine(0, y, buf.Width())
}
