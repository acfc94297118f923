package report

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"jixiao/domain"
)

// TextOptions controls the plain-text export.
type TextOptions struct {
	// ASCII draws borders with + - | instead of box-drawing characters.
	ASCII bool
	// Width is the widest a line may be, in terminal columns; 0 keeps each
	// table's natural width. Tables narrower than Width are not widened;
	// columns are squeezed no further than their minimum.
	Width int
	// Rules resolves the rule set f is scored under; the zero value knows
	// the built-in sets.
	Rules domain.RuleSets
}

// reportWidth is the width the 附件4 report text is wrapped to when
// TextOptions.Width is 0: 40 Chinese characters, close to a printed page.
const reportWidth = 80

// Text writes the whole filing as plain-text tables laid out like the
// official forms: 附件1, 附件2, each 附件3, the 附件4 report and its
// expenditure tables. Every line of a table has the same display width as
// measured by DisplayWidth. It is also what `jixiao show` prints.
func Text(w io.Writer, f *domain.Filing, opt TextOptions) error {
	var b strings.Builder
	rules := opt.Rules.For(f)
	sc := domain.Score(f, rules)
	if f.ProjectsOnly() {
		writeProjectsText(&b, f, sc, rules, opt)
		_, err := io.WriteString(w, b.String())
		return err
	}
	writeSheetText(&b, basicSheet(f), opt)
	b.WriteString("\n\n")
	writeSheetText(&b, overallSheet(f, sc.Overall, rules), opt)
	for i := range f.Projects {
		b.WriteString("\n\n")
		writeSheetText(&b, projectSheet(f, i, sc.Projects[i], rules), opt)
	}
	if len(f.Projects) == 0 {
		b.WriteString("\n\n附件3\n")
		fmt.Fprintf(&b, "%d年度项目支出绩效自评表：本单位未填报。\n", f.Year)
	}
	b.WriteString("\n\n")
	writeReportText(&b, f, opt)
	for _, t := range budgetTables(f) {
		b.WriteString("\n\n")
		writeSheetText(&b, budgetSheet(f, t), opt)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeProjectsText writes the 附件3 tables of a projects-only filing.
func writeProjectsText(b *strings.Builder, f *domain.Filing, sc domain.Scorecard, rules domain.Rules, opt TextOptions) {
	for i := range f.Projects {
		if i > 0 {
			b.WriteString("\n\n")
		}
		writeSheetText(b, projectSheet(f, i, sc.Projects[i], rules), opt)
	}
	if len(f.Projects) == 0 {
		writeSheetText(b, noProjectsSheet(f), opt)
	}
}

// fitWidths returns the content width of each column so that the table is
// at most limit columns wide (0: no limit), squeezing each column in
// proportion to the room it has above its minimum.
func fitWidths(cols []column, limit int) []int {
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = c.width
	}
	if limit <= 0 {
		return widths
	}
	excess := gridWidth(widths) - limit
	if excess <= 0 {
		return widths
	}
	slack := 0
	for _, c := range cols {
		slack += c.width - c.min
	}
	if slack <= excess {
		for i, c := range cols {
			widths[i] = c.min
		}
		return widths
	}
	taken := 0
	for i, c := range cols {
		cut := excess * (c.width - c.min) / slack
		widths[i] -= cut
		taken += cut
	}
	for taken < excess {
		widest := -1
		for i, c := range cols {
			if widths[i] > c.min && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		widths[widest]--
		taken++
	}
	return widths
}

// numberRe matches a figure that must not be broken across lines:
// 2402.15, -5, 102.07%.
var numberRe = regexp.MustCompile(`[-+]?[0-9][0-9.,]*%?`)

// figureWidths returns, per column, the width of the widest figure a cell
// of that column alone holds (at most the column's natural width): the
// figures of numeric cells (amounts, rates, scores) with cellsOnly, else
// also the numbers within text (≥2000万元).
func figureWidths(s *sheet, cellsOnly bool) []int {
	need := make([]int, len(s.cols))
	for _, bl := range s.blocks {
		if bl.kind != blockGrid {
			continue
		}
		for _, c := range bl.grid.cells {
			if c.colSpan != 1 || c.col >= len(need) || (cellsOnly && !c.hasNum) {
				continue
			}
			for _, n := range numberRe.FindAllString(c.text, -1) {
				need[c.col] = max(need[c.col], min(DisplayWidth(n), s.cols[c.col].width))
			}
		}
	}
	return need
}

// sheetWidths fits the columns of s to limit like fitWidths, but so that
// squeezing never breaks a figure (2402.1 / 5, 102.07 / %): a column's
// minimum is raised to its widest figure, the room coming from the other
// columns, which give up width down to one Chinese character when the
// limit is tight. The figures of numeric cells come first, then numbers
// within text as far as room is left; columns that need least are served
// first.
func sheetWidths(s *sheet, limit int) []int {
	if limit <= 0 {
		return fitWidths(s.cols, limit)
	}
	cells, all := figureWidths(s, true), figureWidths(s, false)
	plainWidths := fitWidths(s.cols, limit)
	fits := true
	for i, w := range plainWidths {
		fits = fits && w >= all[i]
	}
	if fits {
		return plainWidths
	}
	cols := slices.Clone(s.cols)
	mins := make([]int, len(cols))
	for i, c := range cols {
		mins[i] = c.min
	}
	budget := limit - gridWidth(mins)
	for _, figures := range [][]int{cells, all} {
		need := func(i int) int { return figures[i] - cols[i].min }
		short := 0
		for i := range cols {
			short += max(need(i), 0)
		}
		for i := range cols {
			if short <= budget {
				break
			}
			if floor := max(minColumn, cells[i]); cols[i].min > floor && need(i) < 0 {
				give := min(cols[i].min-max(floor, figures[i]), short-budget)
				cols[i].min -= give
				budget += give
			}
		}
		order := make([]int, len(cols))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return need(a) - need(b) })
		for _, i := range order {
			if d := need(i); d > 0 && d <= budget {
				cols[i].min += d
				budget -= d
			}
		}
	}
	return fitWidths(cols, limit)
}

// minColumn is the narrowest a column is squeezed to, one Chinese
// character, when figures need the room.
const minColumn = 2

func writeSheetText(b *strings.Builder, s *sheet, opt TextOptions) {
	widths := sheetWidths(s, opt.Width)
	width := gridWidth(widths)
	for _, bl := range s.blocks {
		switch bl.kind {
		case blockGap:
			b.WriteByte('\n')
		case blockLine:
			w := width
			if bl.role == roleNote && opt.Width == 0 {
				// Notes and the sign-off run past a narrow table rather
				// than break a name.
				w = max(width, reportWidth)
			}
			writeLines(b, bl.text, w, bl.align, "")
		case blockGrid:
			renderGrid(b, bl.grid, widths, opt.ASCII)
		}
	}
}

// writeLines wraps text to width and writes it aligned; indent starts
// every paragraph.
func writeLines(b *strings.Builder, text string, width int, a align, indent string) {
	for _, para := range strings.Split(Sanitize(text), "\n") {
		for _, l := range Wrap(indent+para, width) {
			if a == alignCenter {
				if pad := (width - DisplayWidth(l)) / 2; pad > 0 {
					b.WriteString(strings.Repeat(" ", pad))
				}
			}
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
}

// writeReportText writes 附件4 自评报告: its title, sections 一 to 十 and the
// list of attachments.
func writeReportText(b *strings.Builder, f *domain.Filing, opt TextOptions) {
	width := reportWidth
	if opt.Width > 0 {
		width = opt.Width
	}
	b.WriteString("附件4\n\n")
	writeLines(b, f.ReportTitle(), width, alignCenter, "")
	for _, sec := range f.ReportSections() {
		b.WriteByte('\n')
		writeLines(b, sec.Number+"、"+sec.Title, width, alignLeft, "")
		for _, sub := range sec.Subsections {
			writeLines(b, sub.Title, width, alignLeft, "")
			writeParagraphs(b, sub.Body, width)
		}
		writeParagraphs(b, sec.Body, width)
	}
	b.WriteString("\n附件：\n")
	for i, a := range domain.ReportAttachments {
		writeLines(b, fmt.Sprintf("%d、%s", i+1, a), width, alignLeft, "")
	}
}

// writeParagraphs writes each line of text as a paragraph indented by two
// ideographic spaces, as Chinese documents are.
func writeParagraphs(b *strings.Builder, text string, width int) {
	for _, para := range strings.Split(Sanitize(text), "\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		writeLines(b, para, width, alignLeft, "　　")
	}
}
