package report

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"jixiao/domain"
)

// Parts of a filing the Word export can hold.
const (
	DocxPartAll    = "all"
	DocxPartReport = "report"
	DocxPartTables = "tables"
)

// DocxParts are the values DocxOptions.Part accepts.
var DocxParts = []string{DocxPartAll, DocxPartReport, DocxPartTables}

// DocxOptions controls the Word export.
type DocxOptions struct {
	// Part is DocxPartAll (also for ""), DocxPartReport (the cover, 附件4
	// and its expenditure tables) or DocxPartTables (附件1, 附件2 and each
	// 附件3).
	Part string
	// Rules resolves the rule set f is scored under; the zero value knows
	// the built-in sets.
	Rules domain.RuleSets
}

// Docx writes the filing as a Word document (Office Open XML) in the style
// of official reports: a cover page, 附件4 自评报告 on A4 portrait pages with
// the report's expenditure tables that have figures, then 附件1, 附件2 and
// each 附件3 as tables on landscape pages, drawn from the same grids as the
// text and XLSX exports.
func Docx(w io.Writer, f *domain.Filing, opt DocxOptions) error {
	part := opt.Part
	if part == "" {
		part = DocxPartAll
	}
	if f.ProjectsOnly() {
		// Only the 附件3 tables are filed: there is no cover or 附件4.
		switch part {
		case DocxPartAll:
			part = DocxPartTables
		case DocxPartReport:
			return errors.New(noReportText)
		}
	}
	var body []docxBlock
	switch part {
	case DocxPartAll:
		body = append(reportBlocks(f), formBlocks(f, opt.Rules.For(f))...)
	case DocxPartReport:
		body = reportBlocks(f)
	case DocxPartTables:
		body = formBlocks(f, opt.Rules.For(f))
	default:
		return fmt.Errorf("不支持的文档部分“%s”，可选 %s", opt.Part, strings.Join(DocxParts, "、"))
	}
	return writeDocx(w, body, Sanitize(f.ReportTitle()), exactFigures(f, part, opt.Rules.For(f)))
}

// Page geometry in twentieths of a point. The portrait margins are those of
// official documents (GB/T 9704: 37 mm top, 35 mm bottom, 28 mm left,
// 26 mm right).
const (
	a4Short = 11906
	a4Long  = 16838
	// portraitText is the width of the text on a portrait page.
	portraitText = a4Short - 1588 - 1474
	// landscapeText is the width of the text on a landscape page.
	landscapeText = a4Long - 2*1134
)

// docxSection is the page setup that ends a run of blocks.
type docxSection struct {
	landscape bool
	// footer puts the page number in the footer; restart numbers the
	// section's pages from 1.
	footer, restart bool
}

// docxBlock is a paragraph or a table of the document body.
type docxBlock interface {
	writeXML(b *strings.Builder)
}

// docxPara is a paragraph in one of the styles of styles.xml.
type docxPara struct {
	style string
	// align overrides the style's alignment: "left", "center", "right".
	align string
	runs  []docxRun
	// pageBreak starts the paragraph on a new page; keepNext keeps it on
	// the page of the next paragraph.
	pageBreak, keepNext bool
	// spaceBefore is extra room above the paragraph, in twips.
	spaceBefore int
	// section, when set, ends a section with this paragraph.
	section *docxSection
}

// docxRun is a piece of text in a character style ("" for the
// paragraph's).
type docxRun struct {
	text, style string
}

type docxTable struct {
	widths []int
	rows   []docxRow
}

type docxRow struct {
	header bool
	cells  []docxCell
}

type docxCell struct {
	span int
	// vMerge is "restart" for the first row of a vertically merged cell,
	// "continue" for the rows it covers below, "" otherwise.
	vMerge string
	top    bool
	paras  []docxPara
}

func para(style, text string) docxPara {
	return docxPara{style: style, runs: []docxRun{{text: text}}}
}

// markedPara is a paragraph of generated text in which 【未填写：…】 markers
// are set in the Blank character style.
func markedPara(style, text string) docxPara {
	p := docxPara{style: style}
	for _, sp := range domain.SplitMarkers(text) {
		r := docxRun{text: sp.Text}
		if sp.Blank {
			r.style = "Blank"
		}
		p.runs = append(p.runs, r)
	}
	return p
}

// reportBlocks are the cover page and 附件4 with its expenditure tables.
func reportBlocks(f *domain.Filing) []docxBlock {
	title := Sanitize(f.ReportTitle())
	out := []docxBlock{
		docxPara{style: "CoverTitle", runs: []docxRun{{text: title}}},
		docxPara{style: "CoverInfo", spaceBefore: 3600, runs: []docxRun{{text: "部门(单位)名称：" + Sanitize(f.Unit) + "（盖章）"}}},
		docxPara{style: "CoverInfo", spaceBefore: 600, runs: []docxRun{{text: "年　　月　　日"}},
			section: &docxSection{}},
		para("AttachLabel", "附件4"),
		para("ReportTitle", title),
	}
	for _, sec := range f.ReportSections() {
		out = append(out, para("Heading1", sec.Number+"、"+sec.Title))
		for _, sub := range sec.Subsections {
			out = append(out, para("Heading2", Sanitize(sub.Title)))
			out = append(out, bodyParas(sub.Body, sec.Generated)...)
		}
		out = append(out, bodyParas(sec.Body, sec.Generated)...)
	}
	for i, a := range domain.ReportAttachments {
		style, text := "AttachList", fmt.Sprintf("%d．%s", i+1, a)
		if i == 0 {
			style, text = "Body", "附件："+text
		}
		out = append(out, para(style, text))
	}
	for _, t := range budgetTables(f) {
		bs := sheetBlocks(budgetSheet(f, t), portraitText)
		if p, ok := bs[0].(docxPara); ok {
			p.pageBreak = true
			bs[0] = p
		}
		out = append(out, bs...)
	}
	return endSection(out, docxSection{footer: true, restart: true})
}

// bodyParas makes a paragraph of each non-blank line of text.
func bodyParas(text string, generated bool) []docxBlock {
	var out []docxBlock
	for _, line := range strings.Split(Sanitize(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if generated {
			out = append(out, markedPara("Body", line))
		} else {
			out = append(out, para("Body", line))
		}
	}
	return out
}

// formBlocks are 附件1, 附件2 and each 附件3 on landscape pages.
func formBlocks(f *domain.Filing, rules domain.Rules) []docxBlock {
	sc := domain.Score(f, rules)
	ss := []*sheet{basicSheet(f), overallSheet(f, sc.Overall, rules)}
	if f.ProjectsOnly() {
		ss = ss[:0]
	}
	for i := range f.Projects {
		ss = append(ss, projectSheet(f, i, sc.Projects[i], rules))
	}
	var out []docxBlock
	for i, s := range ss {
		bs := sheetBlocks(s, landscapeText)
		if p, ok := bs[0].(docxPara); ok && i > 0 {
			p.pageBreak = true
			bs[0] = p
		}
		out = append(out, bs...)
	}
	if len(f.Projects) == 0 && f.ProjectsOnly() {
		out = append(out, sheetBlocks(noProjectsSheet(f), landscapeText)...)
	} else if len(f.Projects) == 0 {
		// As in the text export: say so rather than leave 附件3 out.
		label := para("FormLabel", "附件3")
		label.pageBreak = true
		out = append(out, label,
			para("FormTitle", fmt.Sprintf("%d年度项目支出绩效自评表", f.Year)),
			para("Note", "本单位未填报项目支出绩效自评表。"))
	}
	return endSection(out, docxSection{landscape: true, footer: true})
}

// endSection makes the last paragraph of blocks end a section set up as
// sect, adding an empty paragraph when the blocks end with a table.
func endSection(blocks []docxBlock, sect docxSection) []docxBlock {
	if n := len(blocks); n > 0 {
		if p, ok := blocks[n-1].(docxPara); ok && p.section == nil {
			p.section = &sect
			blocks[n-1] = p
			return blocks
		}
	}
	return append(blocks, docxPara{style: "Gap", section: &sect})
}

// sheetBlocks turns a form into paragraphs and tables of the given width.
// Blocks that are not part of the official form (the 评分汇总) are left out.
func sheetBlocks(s *sheet, width int) []docxBlock {
	var out []docxBlock
	var blocks []block
	for _, bl := range s.blocks {
		if !bl.extra {
			blocks = append(blocks, bl)
		}
	}
	for i, bl := range blocks {
		// The notes and the sign-off stay on the page where the form ends.
		keep := i+1 < len(blocks) && blocks[i+1].kind == blockLine && blocks[i+1].role == roleNote
		switch bl.kind {
		case blockLine:
			style := map[role]string{roleAttachment: "FormLabel", roleTitle: "FormTitle"}[bl.role]
			if style == "" {
				style = "Note"
			}
			for _, line := range strings.Split(Sanitize(bl.text), "\n") {
				p := para(style, line)
				p.keepNext = keep
				out = append(out, p)
			}
		case blockGrid:
			cols := s.cols
			if len(cols) == len(tableCols) && &cols[0] == &tableCols[0] {
				cols = docxTableCols
			}
			tables := gridTables(bl.grid, len(s.cols), columnTwips(cols, width))
			if t, ok := tables[len(tables)-1].(docxTable); ok && keep {
				t.keepLastRow()
			}
			out = append(out, tables...)
		}
	}
	return out
}

// docxTableCols are the relative widths of the 附件2/附件3 columns on a
// landscape page, which has room to spare that a terminal has not: the
// free-text columns (三级指标, 偏差原因分析及改进措施) get it, so that rows wrap
// less and a table of ten indicators fits on a page.
var docxTableCols = []column{{6, 0}, {7, 0}, {8, 0}, {19, 0}, {11, 0}, {11, 0}, {4, 0}, {6, 0}, {25, 0}}

// columnTwips shares width among the columns in proportion to their
// natural widths.
func columnTwips(cols []column, width int) []int {
	total := 0
	for _, c := range cols {
		total += c.width + 3
	}
	out := make([]int, len(cols))
	used := 0
	for i, c := range cols {
		out[i] = width * (c.width + 3) / total
		used += out[i]
	}
	out[len(out)-1] += width - used
	return out
}

// gridTables draws g as a Word table. A grid with a header row in its
// middle (the 绩效指标 header) becomes two tables, one under the other, so
// that the header row of the second repeats on every page it runs on.
func gridTables(g *grid, ncols int, widths []int) []docxBlock {
	own := g.owners(ncols)
	if g.headRows == 0 || g.headStart == 0 {
		return []docxBlock{gridTable(g, own, widths, 0, g.rows)}
	}
	return []docxBlock{
		gridTable(g, own, widths, 0, g.headStart),
		docxPara{style: "Gap"},
		gridTable(g, own, widths, g.headStart, g.rows),
	}
}

// gridTable draws rows [from, to) of g.
func gridTable(g *grid, own [][]int, widths []int, from, to int) docxTable {
	t := docxTable{widths: widths}
	for r := from; r < to; r++ {
		row := docxRow{header: g.headRows > 0 && r >= g.headStart && r < g.headStart+g.headRows}
		for k := 0; k < len(widths); {
			i := own[r][k]
			if i < 0 {
				row.cells = append(row.cells, docxCell{span: 1, paras: []docxPara{{style: "Cell"}}})
				k++
				continue
			}
			c := g.cells[i]
			dc := docxCell{span: c.colSpan, top: c.top}
			switch {
			case c.rowSpan > 1 && c.row == r:
				dc.vMerge = "restart"
			case c.row < r && r > from:
				dc.vMerge = "continue"
			}
			if dc.vMerge == "continue" {
				dc.paras = []docxPara{{style: "Cell"}}
			} else {
				dc.paras = cellParas(c)
			}
			if c.row < r && r == from && c.rowSpan > 1 && c.row+c.rowSpan-1 > r {
				dc.vMerge = "restart"
			}
			row.cells = append(row.cells, dc)
			k += c.colSpan
		}
		t.rows = append(t.rows, row)
	}
	return t
}

// keepLastRow keeps the table's last row on the page of the paragraph
// after the table.
func (t docxTable) keepLastRow() {
	if len(t.rows) == 0 {
		return
	}
	for _, c := range t.rows[len(t.rows)-1].cells {
		for k := range c.paras {
			c.paras[k].keepNext = true
		}
	}
}

// cellText is what a form cell shows in the Word document: figures with
// two decimals, everything else as in the text export.
func cellText(c cell) string {
	if c.hasNum && c.format == fmtFixed2 {
		return domain.Round2(c.num).StringFixed(2)
	}
	return c.text
}

func cellParas(c cell) []docxPara {
	style := "Cell"
	if c.role == roleHeader {
		style = "CellHeader"
	}
	al := [...]string{"left", "center", "right"}[c.align]
	var out []docxPara
	for _, line := range strings.Split(Sanitize(cellText(c)), "\n") {
		out = append(out, docxPara{style: style, align: al, runs: []docxRun{{text: line}}})
	}
	return out
}

// xmlSafe drops what XML 1.0 cannot hold: invalid UTF-8 and the code
// points outside its Char production (most C0 controls, U+FFFE, U+FFFF).
func xmlSafe(s string) string {
	ok := true
	for i, r := range s {
		if !xmlChar(r) || (r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD")) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			continue
		}
		if xmlChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

func writeEscaped(b *strings.Builder, s string) {
	_ = xml.EscapeText(b, []byte(xmlSafe(s)))
}

func (p docxPara) writeXML(b *strings.Builder) {
	b.WriteString("<w:p><w:pPr>")
	fmt.Fprintf(b, `<w:pStyle w:val="%s"/>`, p.style)
	if p.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if p.pageBreak {
		b.WriteString("<w:pageBreakBefore/>")
	}
	if p.spaceBefore > 0 {
		fmt.Fprintf(b, `<w:spacing w:before="%d"/>`, p.spaceBefore)
	}
	if p.align != "" {
		fmt.Fprintf(b, `<w:jc w:val="%s"/>`, p.align)
	}
	if p.section != nil {
		p.section.writeXML(b)
	}
	b.WriteString("</w:pPr>")
	for _, r := range p.runs {
		if r.text == "" {
			continue
		}
		b.WriteString("<w:r>")
		if r.style != "" {
			fmt.Fprintf(b, `<w:rPr><w:rStyle w:val="%s"/></w:rPr>`, r.style)
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		writeEscaped(b, r.text)
		b.WriteString("</w:t></w:r>")
	}
	b.WriteString("</w:p>")
}

func (s docxSection) writeXML(b *strings.Builder) {
	b.WriteString("<w:sectPr>")
	if s.footer {
		b.WriteString(`<w:footerReference w:type="default" r:id="rIdFooter"/>`)
	}
	if s.landscape {
		fmt.Fprintf(b, `<w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/>`, a4Long, a4Short)
		b.WriteString(`<w:pgMar w:top="850" w:right="1134" w:bottom="850" w:left="1134" w:header="397" w:footer="397" w:gutter="0"/>`)
	} else {
		fmt.Fprintf(b, `<w:pgSz w:w="%d" w:h="%d"/>`, a4Short, a4Long)
		b.WriteString(`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>`)
	}
	if s.restart {
		b.WriteString(`<w:pgNumType w:start="1"/>`)
	}
	b.WriteString("</w:sectPr>")
}

func (t docxTable) writeXML(b *strings.Builder) {
	total := 0
	for _, w := range t.widths {
		total += w
	}
	fmt.Fprintf(b, `<w:tbl><w:tblPr><w:tblStyle w:val="FormTable"/><w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`, total)
	for _, w := range t.widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
	for _, r := range t.rows {
		b.WriteString("<w:tr><w:trPr><w:cantSplit/>")
		if r.header {
			b.WriteString("<w:tblHeader/>")
		}
		b.WriteString("</w:trPr>")
		k := 0
		for _, c := range r.cells {
			w := 0
			for _, cw := range t.widths[k : k+c.span] {
				w += cw
			}
			k += c.span
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
			if c.span > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, c.span)
			}
			switch c.vMerge {
			case "restart":
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			case "continue":
				b.WriteString(`<w:vMerge/>`)
			}
			if c.top {
				b.WriteString(`<w:vAlign w:val="top"/>`)
			} else {
				b.WriteString(`<w:vAlign w:val="center"/>`)
			}
			b.WriteString("</w:tcPr>")
			for _, p := range c.paras {
				p.writeXML(b)
			}
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>\n")
	}
	b.WriteString("</w:tbl>")
}

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"
	xmlPI = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// docxFont is a font of the font table: the family name Chinese Windows
// and WPS use, and the name it goes by where that is missing.
type docxFont struct {
	name, alt, family string
}

var docxFonts = []docxFont{
	{"仿宋_GB2312", "仿宋", "modern"},
	{"方正小标宋简体", "华文中宋", "script"},
	{"黑体", "SimHei", "modern"},
	{"楷体_GB2312", "楷体", "modern"},
	{"宋体", "SimSun", "auto"},
	{"Times New Roman", "", "roman"},
}

// docxStyles is styles.xml: every paragraph, character and table style the
// document uses, defined once.
var docxStyles = xmlPI + `<w:styles xmlns:w="` + nsW + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/>` +
	`<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	pStyle("Normal", "Normal", "", `<w:spacing w:line="560" w:lineRule="exact"/>`, "") +
	pStyle("Body", "Body Text", "Normal", `<w:ind w:firstLineChars="200" w:firstLine="640"/>`, "") +
	pStyle("CoverTitle", "Cover Title", "Normal", `<w:spacing w:before="2400" w:line="800" w:lineRule="exact"/><w:jc w:val="center"/>`,
		`<w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/>`) +
	pStyle("CoverInfo", "Cover Line", "Normal", `<w:jc w:val="center"/>`, "") +
	pStyle("AttachLabel", "Attachment Label", "Normal", "", `<w:rFonts w:eastAsia="黑体"/>`) +
	pStyle("ReportTitle", "Report Title", "Normal", `<w:spacing w:before="240" w:after="480" w:line="700" w:lineRule="exact"/><w:jc w:val="center"/>`,
		`<w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/>`) +
	pStyle("Heading1", "heading 1", "Normal", `<w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="0"/>`,
		`<w:rFonts w:eastAsia="黑体"/>`) +
	pStyle("Heading2", "heading 2", "Normal", `<w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="1"/>`,
		`<w:rFonts w:eastAsia="楷体_GB2312"/>`) +
	pStyle("AttachList", "Attachment List", "Normal", `<w:ind w:left="1600"/>`, "") +
	pStyle("FormLabel", "Form Label", "Normal", `<w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>`,
		`<w:rFonts w:eastAsia="黑体"/><w:sz w:val="24"/><w:szCs w:val="24"/>`) +
	pStyle("FormTitle", "Form Title", "Normal", `<w:spacing w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>`,
		`<w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="32"/><w:szCs w:val="32"/>`) +
	pStyle("Cell", "Table Cell", "Normal", `<w:spacing w:line="240" w:lineRule="exact"/><w:jc w:val="left"/>`,
		`<w:rFonts w:eastAsia="宋体"/><w:sz w:val="20"/><w:szCs w:val="20"/>`) +
	pStyle("CellHeader", "Table Header", "Cell", `<w:jc w:val="center"/>`, `<w:b/><w:bCs/>`) +
	pStyle("Note", "Form Note", "Normal", `<w:spacing w:before="60" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>`,
		`<w:rFonts w:eastAsia="宋体"/><w:sz w:val="21"/><w:szCs w:val="21"/>`) +
	pStyle("Gap", "Table Gap", "Normal", `<w:spacing w:line="20" w:lineRule="exact"/>`, `<w:sz w:val="2"/><w:szCs w:val="2"/>`) +
	pStyle("Footer", "footer", "Normal", `<w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>`,
		`<w:rFonts w:eastAsia="宋体"/><w:sz w:val="28"/><w:szCs w:val="28"/>`) +
	`<w:style w:type="character" w:styleId="Blank"><w:name w:val="Blank Figure"/><w:rPr><w:color w:val="C00000"/></w:rPr></w:style>` +
	`<w:style w:type="table" w:styleId="FormTable"><w:name w:val="Form Table"/><w:tblPr><w:tblBorders>` +
	`<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`</w:tblBorders><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

// pStyle is a paragraph style with its paragraph and run properties.
func pStyle(id, name, basedOn, pPr, rPr string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="%s"`, id)
	if id == "Normal" {
		b.WriteString(` w:default="1"`)
	}
	fmt.Fprintf(&b, `><w:name w:val="%s"/>`, name)
	if basedOn != "" {
		fmt.Fprintf(&b, `<w:basedOn w:val="%s"/>`, basedOn)
	}
	b.WriteString(`<w:qFormat/>`)
	if pPr != "" {
		b.WriteString("<w:pPr>" + pPr + "</w:pPr>")
	}
	if rPr != "" {
		b.WriteString("<w:rPr>" + rPr + "</w:rPr>")
	}
	b.WriteString("</w:style>")
	return b.String()
}

func fontTableXML() string {
	var b strings.Builder
	b.WriteString(xmlPI + `<w:fonts xmlns:w="` + nsW + `">`)
	for _, f := range docxFonts {
		fmt.Fprintf(&b, `<w:font w:name="%s">`, f.name)
		if f.alt != "" {
			fmt.Fprintf(&b, `<w:altName w:val="%s"/>`, f.alt)
		}
		charset := "86"
		if f.name == "Times New Roman" {
			charset = "00"
		}
		fmt.Fprintf(&b, `<w:charset w:val="%s"/><w:family w:val="%s"/><w:pitch w:val="variable"/></w:font>`, charset, f.family)
	}
	b.WriteString("</w:fonts>")
	return b.String()
}

// docxFooter is the page number, centred, as “— 1 —”.
const docxFooter = xmlPI + `<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` +
	`<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r>` +
	`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
	`<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`

const docxSettings = xmlPI + `<w:settings xmlns:w="` + nsW + `">` +
	`<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

// docxContentTypes is [Content_Types].xml; %s is where the exact-figures
// part's declaration goes.
const docxContentTypes = xmlPI + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`%s</Types>`

const docxPackageRels = xmlPI + `<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

// docxDocumentRels is word/_rels/document.xml.rels; %s is where the
// exact-figures part's relationship goes.
const docxDocumentRels = xmlPI + `<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`%s</Relationships>`

const docxApp = xmlPI + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>jixiao</Application></Properties>`

// docxEpoch is the fixed creation time written to core.xml, so that the
// same filing always gives the same bytes.
var docxEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func docxCore(title string) string {
	var b strings.Builder
	b.WriteString(xmlPI + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	writeEscaped(&b, title)
	b.WriteString(`</dc:title><dc:creator>jixiao</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>`)
	return b.String()
}

// documentXML is word/document.xml. The last section's properties are the
// body's last child, as Word expects; a paragraph's sectPr there would
// start one more section with default (US Letter) pages.
func documentXML(body []docxBlock) string {
	var b strings.Builder
	b.WriteString(xmlPI + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)
	var last *docxSection
	for i, bl := range body {
		if p, ok := bl.(docxPara); ok && i == len(body)-1 && p.section != nil {
			last, p.section = p.section, nil
			bl = p
		}
		bl.writeXML(&b)
		b.WriteByte('\n')
	}
	if last != nil {
		last.writeXML(&b)
	}
	b.WriteString("</w:body></w:document>")
	return b.String()
}

// docxPart is one file of the package.
type docxPart struct {
	name, content string
}

// docxParts are the package's parts; exact are the amounts printed
// rounded, kept in a custom XML part when there are any.
func docxParts(body []docxBlock, title string, exact []exactFigure) []docxPart {
	extra := exactParts(exact)
	types, rels := "", ""
	if len(extra) > 0 {
		types, rels = exactContentType, exactDocumentRel
	}
	parts := []docxPart{
		{"[Content_Types].xml", fmt.Sprintf(docxContentTypes, types)},
		{"_rels/.rels", docxPackageRels},
		{"docProps/core.xml", docxCore(title)},
		{"docProps/app.xml", docxApp},
		{"word/document.xml", documentXML(body)},
		{"word/_rels/document.xml.rels", fmt.Sprintf(docxDocumentRels, rels)},
		{"word/styles.xml", docxStyles},
		{"word/settings.xml", docxSettings},
		{"word/fontTable.xml", fontTableXML()},
		{"word/footer1.xml", docxFooter},
	}
	return append(parts, extra...)
}

func writeDocx(w io.Writer, body []docxBlock, title string, exact []exactFigure) error {
	zw := zip.NewWriter(w)
	for _, p := range docxParts(body, title, exact) {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: docxEpoch})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, p.content); err != nil {
			return err
		}
	}
	return zw.Close()
}
