package report

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// borderSet is the characters a grid is drawn with, indexed by the lines
// meeting at a point: up 1, down 2, left 4, right 8.
type borderSet [16]string

var (
	boxBorders = borderSet{
		" ", "│", "│", "│", "─", "┘", "┐", "┤",
		"─", "└", "┌", "├", "─", "┴", "┬", "┼",
	}
	asciiBorders = borderSet{
		" ", "|", "|", "|", "-", "+", "+", "+",
		"-", "+", "+", "+", "-", "+", "+", "+",
	}
)

const (
	dirUp = 1 << iota
	dirDown
	dirLeft
	dirRight
)

// innerWidth is the room for text in a cell spanning columns [col,
// col+span): the columns' widths plus the padding and borders between them.
func innerWidth(widths []int, col, span int) int {
	w := 0
	for k := col; k < col+span; k++ {
		w += widths[k] + 3
	}
	return w - 3
}

// rowHeights returns the number of text lines of each grid row. sep is the
// number of lines a row boundary inside a spanning cell adds to its room
// (1 in the text export, where the border line becomes text, 0 in a
// spreadsheet).
func rowHeights(g *grid, wrapped [][]string, sep int) []int {
	h := make([]int, g.rows)
	for i := range h {
		h[i] = 1
	}
	var spanning []int
	for i, c := range g.cells {
		if c.rowSpan == 1 {
			h[c.row] = max(h[c.row], len(wrapped[i]))
		} else {
			spanning = append(spanning, i)
		}
	}
	slices.SortStableFunc(spanning, func(a, b int) int { return g.cells[a].rowSpan - g.cells[b].rowSpan })
	for _, i := range spanning {
		c := g.cells[i]
		room := sep * (c.rowSpan - 1)
		for r := c.row; r < c.row+c.rowSpan; r++ {
			room += h[r]
		}
		if need := len(wrapped[i]); need > room {
			h[c.row+c.rowSpan-1] += need - room
		}
	}
	return h
}

// canvas is a grid of terminal columns. A slot holds the first rune of the
// cluster drawn there, contSlot for the second half of a wide cluster, or
// multiSlot when the cluster has several runes (kept in multi).
type canvas struct {
	w, h  int
	slots []rune
	line  []bool
	multi map[int]string
}

const (
	contSlot  rune = -2
	multiSlot rune = -3
)

func newCanvas(w, h int) *canvas {
	cv := &canvas{w: w, h: h, slots: make([]rune, w*h), line: make([]bool, w*h)}
	for i := range cv.slots {
		cv.slots[i] = ' '
	}
	return cv
}

func (cv *canvas) hline(y, x0, x1 int) {
	for x := x0; x <= x1; x++ {
		cv.line[y*cv.w+x] = true
	}
}

func (cv *canvas) vline(x, y0, y1 int) {
	for y := y0; y <= y1; y++ {
		cv.line[y*cv.w+x] = true
	}
}

// text draws s from column x of row y, stopping at limit.
func (cv *canvas) text(y, x, limit int, s string, buf []cluster) []cluster {
	buf = clusters(s, buf)
	for _, c := range buf {
		if x+c.width > limit {
			break
		}
		i := y*cv.w + x
		r, size := utf8.DecodeRuneInString(c.text)
		if size == len(c.text) {
			cv.slots[i] = r
		} else {
			if cv.multi == nil {
				cv.multi = map[int]string{}
			}
			cv.slots[i] = multiSlot
			cv.multi[i] = c.text
		}
		for k := 1; k < c.width; k++ {
			cv.slots[i+k] = contSlot
		}
		x += c.width
	}
	return buf
}

func (cv *canvas) writeTo(b *strings.Builder, borders *borderSet) {
	b.Grow(cv.w * cv.h * 3)
	for y := 0; y < cv.h; y++ {
		for x := 0; x < cv.w; x++ {
			i := y*cv.w + x
			if cv.line[i] {
				d := 0
				if y > 0 && cv.line[i-cv.w] {
					d |= dirUp
				}
				if y < cv.h-1 && cv.line[i+cv.w] {
					d |= dirDown
				}
				if x > 0 && cv.line[i-1] {
					d |= dirLeft
				}
				if x < cv.w-1 && cv.line[i+1] {
					d |= dirRight
				}
				b.WriteString(borders[d])
				continue
			}
			switch r := cv.slots[i]; r {
			case contSlot:
			case multiSlot:
				b.WriteString(cv.multi[i])
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('\n')
	}
}

// gridWidth is the display width of a grid drawn with widths.
func gridWidth(widths []int) int {
	w := 1
	for _, c := range widths {
		w += c + 3
	}
	return w
}

// renderGrid draws g as a boxed table whose columns have the given content
// widths. Every line it writes has the display width gridWidth(widths).
func renderGrid(b *strings.Builder, g *grid, widths []int, ascii bool) {
	ncols := len(widths)
	wrapped := make([][]string, len(g.cells))
	for i, c := range g.cells {
		wrapped[i] = wrapCell(c, innerWidth(widths, c.col, c.colSpan))
	}
	heights := rowHeights(g, wrapped, 1)
	bx := make([]int, ncols+1)
	for k, w := range widths {
		bx[k+1] = bx[k] + w + 3
	}
	by := make([]int, g.rows+1)
	for r, h := range heights {
		by[r+1] = by[r] + h + 1
	}
	cv := newCanvas(bx[ncols]+1, by[g.rows]+1)

	own := g.owners(ncols)
	// Every slot no cell covers is drawn as an empty cell of its own.
	for r := 0; r < g.rows; r++ {
		for k := 0; k < ncols; k++ {
			if own[r][k] == -1 {
				cv.hline(by[r], bx[k], bx[k+1])
				cv.hline(by[r+1], bx[k], bx[k+1])
				cv.vline(bx[k], by[r], by[r+1])
				cv.vline(bx[k+1], by[r], by[r+1])
			}
		}
	}
	var buf []cluster
	for i, c := range g.cells {
		x0, x1 := bx[c.col], bx[c.col+c.colSpan]
		y0, y1 := by[c.row], by[c.row+c.rowSpan]
		cv.hline(y0, x0, x1)
		cv.hline(y1, x0, x1)
		cv.vline(x0, y0, y1)
		cv.vline(x1, y0, y1)

		lines := wrapped[i]
		room := y1 - y0 - 1
		inner := x1 - x0 - 3
		top := y0 + 1
		if !c.top && len(lines) < room {
			top += (room - len(lines)) / 2
		}
		for j, l := range lines {
			if j >= room {
				break
			}
			x := x0 + 2
			switch w := DisplayWidth(l); c.align {
			case alignCenter:
				x += max(0, (inner-w)/2)
			case alignRight:
				x += max(0, inner-w)
			}
			buf = cv.text(top+j, x, x1-1, l, buf)
		}
	}
	borders := &boxBorders
	if ascii {
		borders = &asciiBorders
	}
	cv.writeTo(b, borders)
}
