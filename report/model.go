package report

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// The text and XLSX exports draw the same layout: a sheet is a list of
// blocks (lines of text and boxed grids) over one set of columns, and a grid
// is a set of cells that may span rows and columns, as in the Word forms.

type align uint8

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

// role decides a cell's or a line's font and default alignment.
type role uint8

const (
	roleBody role = iota
	roleHeader
	roleLabel
	roleTitle
	roleAttachment
	roleNote
	roleHeading
)

// numFormat is how a numeric cell is shown in the XLSX.
type numFormat uint8

const (
	fmtGeneral numFormat = iota
	fmtFixed2
	fmtPercent
	fmtInt
)

type cell struct {
	row, col         int
	rowSpan, colSpan int
	// text is what the text export prints; for a formula that yields a
	// string it is also the cached value.
	text  string
	align align
	role  role
	// top aligns the text to the top of the cell rather than the middle.
	top bool
	// num is the numeric value written to the XLSX (a fraction for rates).
	num    decimal.Decimal
	hasNum bool
	format numFormat
	// formula is an XLSX formula in which {id} stands for the address of
	// the cell with that id in the same sheet.
	formula string
	id      string
}

type grid struct {
	rows  int
	cells []cell
	// headStart and headRows mark header rows (the 绩效指标 header) that a
	// Word table repeats on every page the rows after them run on.
	headStart, headRows int
	// headKeep is how many rows after the header stay on its page (the
	// 执行率 row under Rules.ExecutionInGrid).
	headKeep int
}

// add places c in the grid, defaulting spans to 1.
func (g *grid) add(c cell) {
	if c.rowSpan < 1 {
		c.rowSpan = 1
	}
	if c.colSpan < 1 {
		c.colSpan = 1
	}
	if end := c.row + c.rowSpan; end > g.rows {
		g.rows = end
	}
	g.cells = append(g.cells, c)
}

type blockKind uint8

const (
	blockLine blockKind = iota
	blockGrid
	blockGap
)

type block struct {
	kind blockKind
	// extra marks a block that is not part of the official form (the
	// 评分汇总), which the Word export leaves out.
	extra bool
	text  string
	align align
	role  role
	grid  *grid
}

// column is one column of a sheet: its natural width in terminal columns
// (content only, without padding and borders) and the narrowest it may be
// squeezed to.
type column struct {
	width, min int
}

type sheet struct {
	// name is the XLSX sheet name before it is made valid and unique.
	name   string
	cols   []column
	blocks []block
	// onePage prints the sheet on a single page (附件1 is a one-page form);
	// other sheets fit the page width and run on as long as they need.
	onePage bool
	// list marks a sheet whose first grid is a list under a header row:
	// the XLSX gets a filter on it and keeps the header in view. The last
	// listFooter rows of the grid (a 合计 row) stay out of the filter, so
	// that sorting never moves them among the list's rows.
	list       bool
	listFooter int
	// charts are drawn by the XLSX under the blocks.
	charts []sheetChart
}

func (s *sheet) line(text string, a align, r role) {
	s.blocks = append(s.blocks, block{kind: blockLine, text: text, align: a, role: r})
}

func (s *sheet) gap() { s.blocks = append(s.blocks, block{kind: blockGap}) }

func (s *sheet) grid(g *grid) { s.blocks = append(s.blocks, block{kind: blockGrid, grid: g}) }

// owners maps every slot of g to the index of the cell covering it, or to
// -1 for a slot no cell covers. It panics on overlapping cells, which is a
// bug in a form builder.
func (g *grid) owners(ncols int) [][]int {
	own := make([][]int, g.rows)
	for r := range own {
		own[r] = make([]int, ncols)
		for c := range own[r] {
			own[r][c] = -1
		}
	}
	for i, c := range g.cells {
		for r := c.row; r < c.row+c.rowSpan; r++ {
			for k := c.col; k < c.col+c.colSpan; k++ {
				if k >= ncols {
					panic(fmt.Sprintf("report: cell %q at row %d spans past column %d", c.text, c.row, ncols))
				}
				if own[r][k] != -1 {
					panic(fmt.Sprintf("report: cells %q and %q overlap at row %d col %d", g.cells[own[r][k]].text, c.text, r, k))
				}
				own[r][k] = i
			}
		}
	}
	return own
}

// sheetChart is a bar chart the XLSX draws under a sheet's blocks. Ranges
// are given as the ids of their first and last cells.
type sheetChart struct {
	// atBlock is the block the chart is drawn over (empty rows kept for
	// it); 0 draws it under the last block.
	atBlock    int
	title      string
	categories [2]string
	series     []chartSeries
}

// chartSeries names its values by the id of the cell holding its name.
type chartSeries struct {
	name   string
	values [2]string
}
