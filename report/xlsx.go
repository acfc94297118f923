package report

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"jixiao/domain"
)

// Fonts of the XLSX export; the family names are those of Chinese Windows
// and WPS (LibreOffice substitutes a CJK serif font where they are missing).
const (
	fontBody       = "宋体"
	fontAttachment = "黑体"
	sizeBody       = 11
	sizeTitle      = 16
	sizeAttachment = 12
	sizeNote       = 10.5
	// lineHeight is the height in points of one line of 11pt text.
	lineHeight = 14.5
)

// XLSX writes the filing as a workbook laid out like the official forms:
// sheets 附件1, 附件2, one per 附件3 table and one per 附件4 expenditure table
// that has a figure. Amounts are exact numeric cells formatted 0.00, rates
// 0.00%; 执行率, 得分, sums and subtotals are formulas whose cached values are
// the engine's. Every sheet prints on A4 landscape, fitted to the page width.
func XLSX(w io.Writer, f *domain.Filing) error { return XLSXUnder(w, f, domain.RuleSets{}) }

// XLSXUnder is XLSX scoring f under the rule set rs resolves for it.
func XLSXUnder(w io.Writer, f *domain.Filing, rs domain.RuleSets) error {
	rules := rs.For(f)
	return writeWorkbook(w, withScoreSheet(sheets(f, rules), len(rules.Levels)), workbookTitle(f))
}

// scoreSheetName names the sheet of the 评分汇总 blocks.
const scoreSheetName = "评分汇总"

// withScoreSheet moves the 评分汇总 blocks, which are not part of the
// official forms, from under each form to a sheet of their own at the end,
// with formulas that refer to the forms, and a chart of 附件2's scores
// against their weights.
func withScoreSheet(ss []*sheet, levels int) []*sheet {
	sum := &sheet{name: scoreSheetName, cols: tableCols}
	sum.line("评分汇总（不属于官方表样，按评分规则计算，供复核参考）", alignCenter, roleTitle)
	out := make([]*sheet, 0, len(ss)+1)
	for i, s := range ss {
		var form, extra []block
		for _, bl := range s.blocks {
			if bl.extra {
				extra = append(extra, bl)
			} else {
				form = append(form, bl)
			}
		}
		if len(extra) == 0 {
			out = append(out, s)
			continue
		}
		if len(s.cols) > len(sum.cols) {
			// A form with the 复核分 column: its 评分汇总 is as wide.
			sum.cols = s.cols
		}
		moved := *s
		moved.blocks = form
		out = append(out, &moved)
		prefix := "t" + strconv.Itoa(i) + "."
		sum.gap()
		sum.line(s.name, alignLeft, roleHeading)
		for _, bl := range extra {
			if bl.kind == blockGrid {
				sum.grid(crossSheetGrid(bl.grid, i, prefix))
			}
		}
		if len(sum.charts) == 0 {
			// The chart goes right under the first block, over empty rows
			// kept for it.
			sum.gap()
			at := len(sum.blocks)
			for range chartRows {
				sum.gap()
			}
			last := "." + strconv.Itoa(levels)
			sum.charts = append(sum.charts, sheetChart{
				atBlock:    at,
				title:      s.name + "：执行率得分和一级指标得分与分值",
				categories: [2]string{prefix + "sum.head.0", prefix + "sum.head" + last},
				series: []chartSeries{
					{name: prefix + "sum.weights", values: [2]string{prefix + "sum.w.0", prefix + "sum.w" + last}},
					{name: prefix + "sum.scores", values: [2]string{prefix + "sum.s.0", prefix + "sum.s" + last}},
				},
			})
		}
	}
	if len(sum.charts) == 0 {
		return ss
	}
	return append(out, sum)
}

var rangePlaceholderRe = regexp.MustCompile(`\{([^{}]+)\}:\{([^{}]+)\}`)

// crossSheetGrid copies g for another sheet: its formulas refer to the
// cells of sheet number from ({@from:id}, {@from:id:id} for a range) and
// its own ids get prefix.
func crossSheetGrid(g *grid, from int, prefix string) *grid {
	out := *g
	out.cells = make([]cell, len(g.cells))
	at := "{@" + strconv.Itoa(from) + ":"
	for i, c := range g.cells {
		if c.id != "" {
			c.id = prefix + c.id
		}
		if c.formula != "" {
			f := rangePlaceholderRe.ReplaceAllString(c.formula, at+"$1:$2}")
			c.formula = placeholderRe.ReplaceAllStringFunc(f, func(m string) string {
				if strings.HasPrefix(m, "{@") {
					return m
				}
				return at + m[1:]
			})
		}
		out.cells[i] = c
	}
	return &out
}

func workbookTitle(f *domain.Filing) string {
	return fmt.Sprintf("%d年度%s绩效自评", f.Year, Sanitize(f.Unit))
}

// cachedValue is what a formula cell shows before a spreadsheet
// recalculates it.
type cachedValue struct {
	text    string
	numeric bool
}

type workbook struct {
	x *excelize.File
	// heights are the row heights of the sheet being written, and groups
	// its 一级/二级 indicator groups, for the page breaks.
	heights map[int]float64
	groups  []keepGroup
	// names and refs are every sheet's name and cell ids, for formulas
	// that refer to another sheet.
	names  []string
	refs   []map[string]string
	styles map[styleKey]int
	// cached holds the formula results per sheet name and cell reference.
	cached map[string]map[string]cachedValue
}

type styleKey struct {
	role   role
	align  align
	top    bool
	format numFormat
	border bool
}

func writeWorkbook(w io.Writer, ss []*sheet, title string) error {
	x := excelize.NewFile()
	defer x.Close()
	wb := &workbook{x: x, styles: map[styleKey]int{}, cached: map[string]map[string]cachedValue{}}
	if err := x.SetDefaultFont(fontBody); err != nil {
		return err
	}
	used := map[string]bool{}
	for _, s := range ss {
		wb.names = append(wb.names, sheetName(s.name, used))
		wb.refs = append(wb.refs, layout(s).refs)
	}
	for i, s := range ss {
		name := wb.names[i]
		if i == 0 {
			if err := x.SetSheetName(x.GetSheetName(0), name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(name); err != nil {
			return err
		}
		if err := wb.writeSheet(name, s); err != nil {
			return fmt.Errorf("工作表“%s”：%w", name, err)
		}
	}
	x.SetActiveSheet(0)
	if err := x.SetDocProps(&excelize.DocProperties{Title: title, Creator: "jixiao", Language: "zh-CN"}); err != nil {
		return err
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		return err
	}
	return fixFormulaCells(w, buf.Bytes(), wb.cached)
}

// colName returns the column letters of a zero-based column index.
func colName(c int) string {
	name, _ := excelize.ColumnNumberToName(c + 1)
	return name
}

func cellRef(row, col int) string { return fmt.Sprintf("%s%d", colName(col), row) }

// xlsxColWidth converts a column's width in terminal columns (a Chinese
// character counts 2) to Excel's unit, the width of a digit of the default
// font, leaving room for the cell's margins.
func xlsxColWidth(w int) float64 { return math.Round((float64(w)*1.1+2)*10) / 10 }

func (wb *workbook) writeSheet(name string, s *sheet) error {
	x := wb.x
	widths := make([]int, len(s.cols))
	for i, c := range s.cols {
		widths[i] = c.width
		if err := x.SetColWidth(name, colName(i), colName(i), xlsxColWidth(c.width)); err != nil {
			return err
		}
	}
	total := gridWidth(widths) - 4
	last := colName(len(widths) - 1)

	wb.heights, wb.groups = map[int]float64{}, nil
	lay := layout(s)
	refs, starts, row := lay.refs, lay.starts, lay.end
	titleFirst, titleLast := lay.titleFirst, lay.titleLast
	resolve := func(formula string) (string, error) {
		var missing string
		out := placeholderRe.ReplaceAllStringFunc(formula, func(m string) string {
			ref, ok := wb.resolveRef(refs, m[1:len(m)-1])
			if !ok {
				missing = m
			}
			return ref
		})
		if missing != "" {
			return "", fmt.Errorf("公式 %s 引用了不存在的单元格 %s", formula, missing)
		}
		return out, nil
	}

	for i, bl := range s.blocks {
		r := starts[i]
		switch bl.kind {
		case blockGap:
		case blockLine:
			ref0, ref1 := cellRef(r, 0), fmt.Sprintf("%s%d", last, r)
			st, err := wb.style(styleKey{role: bl.role, align: bl.align})
			if err != nil {
				return err
			}
			if err := x.SetCellStyle(name, ref0, ref1, st); err != nil {
				return err
			}
			if len(widths) > 1 {
				if err := x.MergeCell(name, ref0, ref1); err != nil {
					return err
				}
			}
			if err := x.SetCellStr(name, ref0, Sanitize(bl.text)); err != nil {
				return err
			}
			lines := len(Wrap(bl.text, total))
			if err := wb.setRowHeight(name, r, rowPoints(bl.role, lines)); err != nil {
				return err
			}
		case blockGrid:
			if err := wb.writeGrid(name, r, bl.grid, widths, resolve); err != nil {
				return err
			}
			if i > 0 && s.blocks[i-1].kind == blockLine && s.blocks[i-1].role == roleHeading {
				wb.groups = append(wb.groups, keepGroup{first: r - 1, last: r + bl.grid.rows - 1, level: 3})
			}
			if s.list && bl.grid.rows-s.listFooter > 1 {
				if err := listView(x, name, r, r+bl.grid.rows-1-s.listFooter, last); err != nil {
					return err
				}
			}
		}
	}

	for k, ch := range s.charts {
		at := row + 1 + k*chartRows
		if ch.atBlock > 0 && ch.atBlock < len(starts) {
			at = starts[ch.atBlock]
		}
		if err := wb.addChart(name, at, ch, refs); err != nil {
			return err
		}
	}

	if !s.onePage {
		if err := wb.pageBreaks(name, lay.end, titleFirst, titleLast, lay.titleKeep); err != nil {
			return err
		}
	}

	fitHeight := 0 // as many pages as needed
	if s.onePage {
		fitHeight = 1
	}
	if err := x.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size:        ptr(9), // A4
		Orientation: ptr("landscape"),
		FitToWidth:  ptr(1),
		FitToHeight: ptr(fitHeight),
	}); err != nil {
		return err
	}
	if err := x.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	if err := x.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Left: ptr(0.5), Right: ptr(0.5), Top: ptr(0.6), Bottom: ptr(0.6), Header: ptr(0.3), Footer: ptr(0.3),
		Horizontally: ptr(true),
	}); err != nil {
		return err
	}
	if titleFirst > 0 {
		if err := x.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", Scope: name,
			RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(name), titleFirst, titleLast),
		}); err != nil {
			return err
		}
	}
	if err := x.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: pageFooter}); err != nil {
		return err
	}
	return x.SetSheetView(name, 0, &excelize.ViewOptions{ShowGridLines: ptr(false)})
}

// pageFooter is the footer of every printed page: 第 1 页，共 3 页, centred.
const pageFooter = "&C第 &P 页，共 &N 页"

// keepGroup is the rows of a 一级 (level 1) or 二级 (level 2) indicator,
// whose label is merged down column B or C, or (level 3) a heading with
// the grid under it.
type keepGroup struct {
	first, last, level int
	// style is the label's style aligned to the top, for a group that runs
	// over a page break anyway.
	style styleKey
}

// pageBody is the printable height of a landscape A4 page with the
// margins writeSheet sets, in points, less a little for the differences
// between Excel's and LibreOffice's row heights.
const pageBody = 490

// defaultRowPoints is the height of a row whose height is not set.
const defaultRowPoints = 15

func (wb *workbook) setRowHeight(name string, row int, h float64) error {
	wb.heights[row] = h
	return wb.x.SetRowHeight(name, row, h)
}

func (wb *workbook) rowHeight(row int) float64 {
	if h, ok := wb.heights[row]; ok {
		return h
	}
	return defaultRowPoints
}

// pageBreaks paginates rows 1 to end-1 as a printer does, with the print
// title rows atop every continuation page, and moves each break that would
// cut an indicator group to the group's first row when the group fits on
// a page (a 一级 group, else its 二级 group), so that a 二级 or
// 一级 label with its 分值 is not cut across two pages. A 一级 label whose group is
// too long for a page anyway is set at the top of its cell, where it is
// seen on the first page of the group.
func (wb *workbook) pageBreaks(name string, end, titleFirst, titleLast, titleKeep int) error {
	if len(wb.groups) == 0 {
		return nil
	}
	var title float64
	if titleFirst > 0 {
		for r := titleFirst; r <= titleLast; r++ {
			title += wb.rowHeight(r)
		}
	}
	groupHeight := func(g keepGroup) float64 {
		var h float64
		for r := g.first; r <= g.last; r++ {
			h += wb.rowHeight(r)
		}
		return h
	}
	var breaks []int
	pageStart, y := 1, 0.0
	for r := 1; r < end; r++ {
		h := wb.rowHeight(r)
		if y+h <= pageBody || r == pageStart {
			y += h
			continue
		}
		at := r
		for _, level := range []int{1, 2, 3} {
			for _, g := range wb.groups {
				if g.level == level && at == r && g.first < r && r <= g.last && g.first > pageStart && title+groupHeight(g) <= pageBody {
					at = g.first
				}
			}
		}
		if titleFirst > 0 && at > titleLast && at <= titleLast+1+titleKeep && titleFirst > pageStart {
			// The header row (and the 执行率 row under it, titleKeep) goes
			// with the first group, not alone at the foot of the page.
			at = titleFirst
		}
		breaks = append(breaks, at)
		pageStart, r = at, at
		y = wb.rowHeight(at)
		if titleFirst > 0 && at > titleLast {
			y += title
		}
	}
	for _, b := range breaks {
		if err := wb.x.InsertPageBreak(name, fmt.Sprintf("A%d", b)); err != nil {
			return err
		}
	}
	for _, g := range wb.groups {
		if g.level != 1 || !slices.ContainsFunc(breaks, func(b int) bool { return g.first < b && b <= g.last }) {
			continue
		}
		st, err := wb.style(g.style)
		if err != nil {
			return err
		}
		if err := wb.x.SetCellStyle(name, cellRef(g.first, 1), cellRef(g.last, 1), st); err != nil {
			return err
		}
	}
	return nil
}

// sheetLayout is where a sheet's blocks and the cells with an id land.
type sheetLayout struct {
	refs   map[string]string
	starts []int
	// end is the row after the last block.
	end int
	// titleFirst and titleLast are the rows printed atop every page; 0
	// for none.
	titleFirst, titleLast int
	// titleKeep is how many rows after the title rows stay on their page.
	titleKeep int
}

func layout(s *sheet) sheetLayout {
	l := sheetLayout{refs: map[string]string{}, starts: make([]int, len(s.blocks))}
	row := 1
	for i, bl := range s.blocks {
		l.starts[i] = row
		switch bl.kind {
		case blockGrid:
			if g := bl.grid; g.headRows > 0 && l.titleFirst == 0 {
				l.titleFirst, l.titleLast = row+g.headStart, row+g.headStart+g.headRows-1
				l.titleKeep = g.headKeep
			}
			for _, c := range bl.grid.cells {
				if c.id != "" {
					l.refs[c.id] = cellRef(row+c.row, c.col)
				}
			}
			row += bl.grid.rows
		default:
			row++
		}
	}
	l.end = row
	return l
}

// resolveRef gives the reference of a placeholder's id: a cell of this
// sheet, or with @N:id or @N:first:last a cell or range of sheet N.
func (wb *workbook) resolveRef(refs map[string]string, id string) (string, bool) {
	if !strings.HasPrefix(id, "@") {
		ref, ok := refs[id]
		return ref, ok
	}
	parts := strings.Split(id[1:], ":")
	n, err := strconv.Atoi(parts[0])
	if err != nil || n < 0 || n >= len(wb.refs) || len(parts) < 2 || len(parts) > 3 {
		return "", false
	}
	var cells []string
	for _, p := range parts[1:] {
		ref, ok := wb.refs[n][p]
		if !ok {
			return "", false
		}
		cells = append(cells, ref)
	}
	return quoteSheet(wb.names[n]) + "!" + strings.Join(cells, ":"), true
}

// quoteSheet quotes a sheet name for a formula: 'It”s'.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// addChart draws ch as a clustered bar chart anchored at column A of row.
func (wb *workbook) addChart(name string, row int, ch sheetChart, refs map[string]string) error {
	rng := func(ids [2]string) (string, error) {
		a, ok1 := refs[ids[0]]
		b, ok2 := refs[ids[1]]
		if !ok1 || !ok2 {
			return "", fmt.Errorf("图表“%s”引用了不存在的单元格 %s:%s", ch.title, ids[0], ids[1])
		}
		out := quoteSheet(name) + "!" + absRef(a)
		if b != a {
			out += ":" + absRef(b)
		}
		return out, nil
	}
	cats, err := rng(ch.categories)
	if err != nil {
		return err
	}
	c := &excelize.Chart{
		Type:       excelize.Col,
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ch.title}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		Dimension:  excelize.ChartDimension{Width: 720, Height: 360},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true},
		VaryColors: ptr(false),
		// Bars start at 0, so that 90 does not look like half of 95.
		YAxis: excelize.ChartAxis{Minimum: ptr(0.0)},
	}
	for _, sr := range ch.series {
		vals, err := rng(sr.values)
		if err != nil {
			return err
		}
		title, err := rng([2]string{sr.name, sr.name})
		if err != nil {
			return err
		}
		c.Series = append(c.Series, excelize.ChartSeries{Name: title, Categories: cats, Values: vals})
	}
	return wb.x.AddChart(name, cellRef(row, 0), c)
}

// chartRows is the number of default-height rows a chart covers.
const chartRows = 20

// absRef turns B3 into $B$3.
func absRef(ref string) string {
	i := strings.IndexAny(ref, "0123456789")
	return "$" + ref[:i] + "$" + ref[i:]
}

// listView puts a filter on the header row of a list at rows first..last
// and freezes the rows down to the header.
func listView(x *excelize.File, name string, first, last int, lastCol string) error {
	if err := x.AutoFilter(name, fmt.Sprintf("A%d:%s%d", first, lastCol, last), nil); err != nil {
		return err
	}
	return x.SetPanes(name, &excelize.Panes{
		Freeze: true, YSplit: first, TopLeftCell: fmt.Sprintf("A%d", first+1), ActivePane: "bottomLeft",
	})
}

var placeholderRe = regexp.MustCompile(`\{[^{}]+\}`)

func ptr[T any](v T) *T { return &v }

func rowPoints(r role, lines int) float64 {
	lines = max(lines, 1)
	switch r {
	case roleTitle:
		return 28
	case roleAttachment:
		return 20
	}
	// Excel refuses rows higher than 409 points; a longer text still
	// wraps in full inside the cell, the row just cannot show all of it.
	return min(float64(lines)*lineHeight+4, maxRowPoints)
}

// maxRowPoints is the highest row Excel allows.
const maxRowPoints = 409

func (wb *workbook) writeGrid(name string, top int, g *grid, widths []int, resolve func(string) (string, error)) error {
	x := wb.x
	wrapped := make([][]string, len(g.cells))
	for i, c := range g.cells {
		wrapped[i] = wrapCell(c, innerWidth(widths, c.col, c.colSpan))
	}
	for r, h := range rowHeights(g, wrapped, 0) {
		if err := wb.setRowHeight(name, top+r, rowPoints(roleBody, h)); err != nil {
			return err
		}
	}
	if g.headStart > 0 {
		for _, c := range g.cells {
			if (c.col == 1 || c.col == 2) && c.row > g.headStart && c.rowSpan > 1 {
				wb.groups = append(wb.groups, keepGroup{first: top + c.row, last: top + c.row + c.rowSpan - 1, level: c.col,
					style: styleKey{role: c.role, align: c.align, top: true, format: c.format, border: true}})
			}
		}
	}
	// Border every slot, including those no cell covers.
	base, err := wb.style(styleKey{role: roleBody, border: true})
	if err != nil {
		return err
	}
	if err := x.SetCellStyle(name, cellRef(top, 0), cellRef(top+g.rows-1, len(widths)-1), base); err != nil {
		return err
	}
	for _, c := range g.cells {
		ref0 := cellRef(top+c.row, c.col)
		ref1 := cellRef(top+c.row+c.rowSpan-1, c.col+c.colSpan-1)
		st, err := wb.style(styleKey{role: c.role, align: c.align, top: c.top, format: c.format, border: true})
		if err != nil {
			return err
		}
		if err := x.SetCellStyle(name, ref0, ref1, st); err != nil {
			return err
		}
		if ref0 != ref1 {
			if err := x.MergeCell(name, ref0, ref1); err != nil {
				return err
			}
		}
		switch {
		case c.formula != "":
			formula, err := resolve(c.formula)
			if err != nil {
				return err
			}
			if err := x.SetCellFormula(name, ref0, formula); err != nil {
				return err
			}
			cv := cachedValue{text: c.text}
			if c.hasNum {
				cv = cachedValue{text: c.num.String(), numeric: true}
			}
			if wb.cached[name] == nil {
				wb.cached[name] = map[string]cachedValue{}
			}
			wb.cached[name][ref0] = cv
		case c.hasNum:
			// The decimal's own text is stored as the number: no float64
			// conversion touches the value.
			if err := x.SetCellDefault(name, ref0, c.num.String()); err != nil {
				return err
			}
		case c.text != "":
			if err := x.SetCellStr(name, ref0, c.text); err != nil {
				return err
			}
		}
	}
	return nil
}

// wrapCell wraps a cell's text to width. Centred labels are balanced over
// their lines (经济效 / 益指标 rather than 经济效益指 / 标), paragraph by
// paragraph, as long as that does not split a word or a number.
func wrapCell(c cell, width int) []string {
	if c.align != alignCenter {
		return Wrap(c.text, width)
	}
	var out []string
	for _, para := range strings.Split(Sanitize(c.text), "\n") {
		out = append(out, wrapBalanced(para, width)...)
	}
	return out
}

func wrapBalanced(para string, width int) []string {
	lines := Wrap(para, width)
	if len(lines) < 2 {
		return lines
	}
	total := DisplayWidth(para)
	for w := (total + len(lines) - 1) / len(lines); w < width; w++ {
		if l := Wrap(para, w); len(l) == len(lines) && !splitsWord(l) {
			return l
		}
	}
	return lines
}

// splitsWord reports whether a line break falls inside a run of Latin
// letters or digits.
func splitsWord(lines []string) bool {
	for i := 1; i < len(lines); i++ {
		prev, next := lines[i-1], lines[i]
		if prev != "" && next != "" && isWordRune(prev[len(prev)-1:]) && isWordRune(next[:1]) {
			return true
		}
	}
	return false
}

func (wb *workbook) style(k styleKey) (int, error) {
	if id, ok := wb.styles[k]; ok {
		return id, nil
	}
	font := &excelize.Font{Family: fontBody, Size: sizeBody}
	switch k.role {
	case roleHeader, roleHeading:
		font.Bold = true
	case roleTitle:
		font.Bold, font.Size = true, sizeTitle
	case roleAttachment:
		font.Family, font.Size = fontAttachment, sizeAttachment
	case roleNote:
		font.Size = sizeNote
	}
	al := &excelize.Alignment{Horizontal: [...]string{"left", "center", "right"}[k.align], Vertical: "center", WrapText: true}
	if k.top {
		al.Vertical = "top"
	}
	st := &excelize.Style{Font: font, Alignment: al}
	switch k.format {
	case fmtFixed2:
		st.NumFmt = 2 // 0.00
	case fmtPercent:
		st.NumFmt = 10 // 0.00%
	case fmtInt:
		st.NumFmt = 1 // 0
	}
	if k.border {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			st.Border = append(st.Border, excelize.Border{Type: side, Color: "000000", Style: 1})
		}
	}
	id, err := wb.x.NewStyle(st)
	if err != nil {
		return 0, err
	}
	wb.styles[k] = id
	return id, nil
}

// sheetName makes name a valid, unique Excel sheet name: the characters
// Excel refuses ([]:*?/\) become their full-width forms, it is cut to 31
// UTF-16 units and made unique ignoring case.
func sheetName(name string, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		switch r {
		case '[':
			return '［'
		case ']':
			return '］'
		case ':':
			return '：'
		case '*':
			return '＊'
		case '?':
			return '？'
		case '/':
			return '／'
		case '\\':
			return '＼'
		case '\n':
			return ' '
		}
		if dropRune(r) {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), "'")
	if name == "" || strings.EqualFold(name, "History") {
		name = "表" + name
	}
	base := cutUTF16(name, 31)
	name = base
	for n := 2; used[strings.ToLower(name)]; n++ {
		suffix := fmt.Sprintf("(%d)", n)
		name = strings.TrimRight(cutUTF16(base, 31-len(suffix)), "'") + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

// cutUTF16 shortens s to at most n UTF-16 code units, the unit Excel counts
// sheet names in.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += len(utf16.Encode([]rune{r}))
		if units > n {
			return strings.TrimSpace(s[:i])
		}
	}
	return s
}
