package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"jixiao/domain"
)

// zeroWan matches a figure of 0 万元 in a generated sentence.
var zeroWan = regexp.MustCompile(`(^|[^0-9.])0(\.0+)?万元`)

// TestBlankFiguresStayBlankInTheReport: the 附件4 sentences of a filing
// whose figures were never entered show 【未填写：…】 markers, never 0万元,
// in the Markdown, text and Word exports.
func TestBlankFiguresStayBlankInTheReport(t *testing.T) {
	f := blankFiguresFiling(t)
	var md, txt bytes.Buffer
	if err := Markdown(&md, f); err != nil {
		t.Fatal(err)
	}
	if err := Text(&txt, f, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	doc := docxPackage(t, docxBytes(t, f, DocxOptions{}))["word/document.xml"]
	for name, out := range map[string]string{"markdown": md.String(), "text": txt.String(), "docx": docxText(doc)} {
		if m := zeroWan.FindString(out); m != "" {
			t.Errorf("%s: a blank figure is printed as %q", name, m)
		}
		for _, label := range []string{"人员经费", "公用经费", "一般公共预算项目支出", "政府性基金预算支出", "社会保险基金预算支出"} {
			if !strings.Contains(out, domain.BlankMarker(label)) {
				t.Errorf("%s: no marker %s", name, domain.BlankMarker(label))
			}
		}
	}
	// In the Word document the markers are set in the Blank character style.
	if n := bytes.Count(doc, []byte(`<w:rStyle w:val="Blank"/></w:rPr><w:t xml:space="preserve">【未填写：`)); n < 7 {
		t.Errorf("%d markers in the Blank style, want 7", n)
	}
	// The report's expenditure tables are left out when their figure is blank.
	if strings.Contains(docxText(doc), "附表4") {
		t.Error("a blank 政府性基金预算 figure got its table")
	}
}

// TestBlankFiguresStayBlankInTables: blank cells and totals of nothing
// are blank in every table export, not 0 or 0.00.
func TestBlankFiguresStayBlankInTables(t *testing.T) {
	f := blankFiguresFiling(t)
	// Text: the 三公经费 and 项目支出 rows of 附件1 have no figure.
	var txt bytes.Buffer
	if err := Text(&txt, f, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"三公经费", "1、公务用车购置和维护经费", "项目支出：", "1、业务工作经费"} {
		line := lineWith(txt.String(), "│ "+name)
		if line == "" {
			t.Fatalf("no text row %s", name)
		}
		if regexp.MustCompile(`[0-9]`).MatchString(strings.TrimPrefix(line, "│ "+name)) {
			t.Errorf("text row %s shows a figure: %q", name, line)
		}
	}
	// XLSX: the same cells hold no number.
	data, _ := exportXLSX(t, f)
	a1 := rawCells(t, data, "附件1")
	for _, ref := range []string{"B7", "D7", "F7", "B8", "B13", "D13", "F13", "B14"} {
		if c := a1[ref]; c.V != "" {
			t.Errorf("附件1!%s = %q, want blank", ref, c.V)
		}
	}
	// Word: the 三公经费 row's figure cells are empty paragraphs.
	tables := formBlocks(f, domain.DefaultRules())
	row := docxRowWith(t, tables, "三公经费")
	for _, c := range row.cells[1:] {
		for _, p := range c.paras {
			for _, r := range p.runs {
				if r.text != "" {
					t.Errorf("docx 三公经费 cell shows %q", r.text)
				}
			}
		}
	}
	// CSV: a blank 得分 with no suggestion stays blank (and never 0.00).
	g := blankFiguresFiling(t)
	g.Overall.Indicators[0].Score = domain.Blank
	g.Overall.Indicators[0].Actual = ""
	var csvOut bytes.Buffer
	if err := CSV(&csvOut, g, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	rec := readCSV(t, csvOut.Bytes(), true)[1]
	if rec[8] != "" || rec[9] != "" {
		t.Errorf("CSV row with blank 实际完成值 and 得分: 建议得分 %q, 得分 %q", rec[8], rec[9])
	}
}

func lineWith(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

func docxRowWith(t *testing.T, blocks []docxBlock, first string) docxRow {
	t.Helper()
	for _, bl := range blocks {
		tb, ok := bl.(docxTable)
		if !ok {
			continue
		}
		for _, r := range tb.rows {
			if len(r.cells) > 0 && len(r.cells[0].paras) > 0 && len(r.cells[0].paras[0].runs) > 0 && r.cells[0].paras[0].runs[0].text == first {
				return r
			}
		}
	}
	t.Fatalf("no table row %s", first)
	return docxRow{}
}
