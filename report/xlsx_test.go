package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

func exportXLSX(t *testing.T, f *domain.Filing) ([]byte, *excelize.File) {
	t.Helper()
	var buf bytes.Buffer
	if err := XLSX(&buf, f); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return buf.Bytes(), x
}

// checkNumber asserts that ref holds exactly the number want, stored as a
// number (no t attribute, or t="n") and not as text.
func checkNumber(t *testing.T, cells map[string]rawCell, ref, want string) {
	t.Helper()
	c, ok := cells[ref]
	if !ok {
		t.Errorf("%s: no cell", ref)
		return
	}
	if c.T != "" && c.T != "n" {
		t.Errorf("%s: stored with type %q, want a number", ref, c.T)
	}
	if c.V != want {
		t.Errorf("%s = %q, want %q", ref, c.V, want)
	}
}

func TestXLSXSample(t *testing.T) {
	f := loadSample(t)
	data, x := exportXLSX(t, f)
	if got := x.GetSheetList(); !slices.Equal(got, []string{"附件1", "附件2", "评分汇总"}) {
		t.Fatalf("sheets = %v", got)
	}

	a1 := rawCells(t, data, "附件1")
	checkNumber(t, a1, "B5", "106")
	checkNumber(t, a1, "D5", "106")
	checkNumber(t, a1, "F5", "1") // 控制率 100% as a fraction
	if a1["F5"].F != "ROUND(D5/B5,4)" {
		t.Errorf("控制率 formula = %q", a1["F5"].F)
	}
	checkNumber(t, a1, "B13", "170.56") // 项目支出 2023年决算数, a sum
	if a1["B13"].F != `IF(COUNT(B14,B15,B16,B17)=0,"",SUM(B14,B15,B16,B17))` {
		t.Errorf("项目支出 is not a sum formula: %q", a1["B13"].F)
	}
	checkNumber(t, a1, "D14", "639")
	checkNumber(t, a1, "B18", "3363.56")        // 公用经费
	if c := a1["F21"]; c.V != "" || c.F != "" { // 会议费、培训费 决算数
		t.Errorf("F21 should be blank, is %+v", c)
	}
	// 三公经费, whose parts are all blank: a formula that shows blank.
	for _, ref := range []string{"B7", "D7", "F7"} {
		if c := a1[ref]; c.V != "" || c.T != "str" || !strings.HasPrefix(c.F, "IF(COUNT(") {
			t.Errorf("%s should be a sum formula showing blank, is %+v", ref, c)
		}
	}

	a2 := rawCells(t, data, "附件2")
	checkNumber(t, a2, "D5", "2402.15")
	checkNumber(t, a2, "E5", "3911.21")
	checkNumber(t, a2, "F5", "1902.68")
	checkNumber(t, a2, "G5", "10")
	checkNumber(t, a2, "H5", "0.4865")
	checkNumber(t, a2, "I5", "4.87")
	checkNumber(t, a2, "E7", "1371.87")
	checkNumber(t, a2, "I7", "1873.89")
	checkNumber(t, a2, "G30", "100")
	checkNumber(t, a2, "H30", "94.87")
	for ref, want := range map[string]string{
		"H5":  `IF(OR(N(E5)=0,ISBLANK(F5)),"—",ROUND(F5/E5,4))`,
		"I5":  "IF(ISNUMBER(H5),ROUND(MAX(0,MIN(H5,1))*G5,2),0)",
		"G30": "G5+SUM(G14:G29)",
		"H30": "ROUND(I5+SUM(H14:H29),2)",
	} {
		got, err := x.GetCellFormula("附件2", ref)
		if err != nil || got != want {
			t.Errorf("formula %s = %q, %v; want %q", ref, got, err, want)
		}
	}
	// 分值 and 得分 share one number format (0.00).
	for _, pair := range [][2]string{{"G5", "I5"}, {"G14", "H14"}, {"G30", "H30"}} {
		var formats [2]int
		for k, ref := range pair {
			id, _ := x.GetCellStyle("附件2", ref)
			st, err := x.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			formats[k] = st.NumFmt
		}
		if formats[0] != formats[1] || formats[0] != 2 {
			t.Errorf("分值 %s has number format %d, 得分 %s %d; want both 2 (0.00)", pair[0], formats[0], pair[1], formats[1])
		}
	}
	// The 评分汇总 block is on a sheet of its own, with formulas over 附件2.
	if v, _ := x.GetCellValue("附件2", "A34"); v != "" {
		t.Errorf("附件2 still has a block under the sign-off: %q", v)
	}
	for ref, want := range map[string]string{
		"D6": "ROUND(SUM('附件2'!H14:H23),2)", // 产出指标 subtotal
		"E6": "ROUND(SUM('附件2'!H24:H28),2)", // 效益指标
		"F6": "ROUND(SUM('附件2'!H29:H29),2)", // 满意度指标
		"C6": "'附件2'!I5",                    // 执行率得分
	} {
		got, err := x.GetCellFormula("评分汇总", ref)
		if err != nil || got != want {
			t.Errorf("评分汇总 formula %s = %q, %v; want %q", ref, got, err, want)
		}
	}
	ss := rawCells(t, data, "评分汇总")
	if c := ss["I5"]; c.T != "str" || c.V != "优" || !strings.HasPrefix(c.F, "IF('附件2'!H30>=90") {
		t.Errorf("等级 cell = %+v", c)
	}
	chart := zipPart(t, data, "xl/charts/chart1.xml")
	for _, want := range []string{"<barChart>", "&#39;评分汇总&#39;!$C$4:$F$4", "&#39;评分汇总&#39;!$C$5:$F$5", "&#39;评分汇总&#39;!$C$6:$F$6"} {
		if !strings.Contains(chart, want) {
			t.Errorf("the 评分汇总 chart lacks %s", want)
		}
	}
	if typ, _ := x.GetCellType("附件2", "D5"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("D5 cell type = %v", typ)
	}
	if v, _ := x.GetCellValue("附件2", "H5"); v != "48.65%" {
		t.Errorf("H5 shows %q, want 48.65%%", v)
	}
	if v, _ := x.GetCellValue("附件2", "A31"); !strings.HasPrefix(v, "填表人：冯金彪") {
		t.Errorf("sign-off row = %q", v)
	}
	if v, _ := x.GetCellValue("附件2", "A2"); v != "2024年度预算单位整体支出绩效自评表" {
		t.Errorf("title = %q", v)
	}

	merges, err := x.GetMergeCells("附件2")
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, m := range merges {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, want := range []string{"A2:I2", "A4:A10", "A11:A12", "B12:E12", "F12:I12", "A13:A29", "B14:B23", "C14:C18", "B24:B28", "A30:F30"} {
		if !slices.Contains(refs, want) {
			t.Errorf("附件2 lacks merged range %s (has %v)", want, refs)
		}
	}
	if v, _ := x.GetCellValue("附件2", "B14"); v != "产出指标\n(50分)" {
		t.Errorf("B14 = %q", v)
	}

	style, _ := x.GetCellStyle("附件2", "A2")
	st, _ := x.GetStyle(style)
	if st.Font == nil || st.Font.Family != "宋体" || !st.Font.Bold || st.Font.Size != 16 {
		t.Errorf("title font = %+v", st.Font)
	}
	if w, _ := x.GetColWidth("附件2", "D"); w < 20 {
		t.Errorf("column D is only %v wide", w)
	}
	if h, _ := x.GetRowHeight("附件2", 12); h < 5*lineHeight {
		t.Errorf("goals row is only %v points high", h)
	}
	for _, sheet := range x.GetSheetList() {
		checkPrintSetup(t, x, sheet)
		checkMergedBorders(t, x, sheet)
	}
}

func checkPrintSetup(t *testing.T, x *excelize.File, sheet string) {
	t.Helper()
	pl, err := x.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if *pl.Size != 9 || *pl.Orientation != "landscape" || *pl.FitToWidth != 1 {
		t.Errorf("%s: page layout size %d, %s, fit to width %d", sheet, *pl.Size, *pl.Orientation, *pl.FitToWidth)
	}
	props, err := x.GetSheetProps(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s: fit to page is off", sheet)
	}
	hf, err := x.GetHeaderFooter(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hf.OddFooter, "&P") || !strings.Contains(hf.OddFooter, "&N") {
		t.Errorf("%s: footer %q has no page number", sheet, hf.OddFooter)
	}
}

// TestXLSXPrintTitles: the 绩效指标 header row of 附件2 and of each 附件3 is
// printed atop every page the table runs on.
func TestXLSXPrintTitles(t *testing.T) {
	_, x := exportXLSX(t, testfixture.SyntheticFiling(2, 30))
	want := map[string]string{
		"附件2":          "'附件2'!$13:$13",
		"附件3-1 业务工作经费": "'附件3-1 业务工作经费'!$12:$12",
	}
	found := map[string]string{}
	for _, dn := range x.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			found[dn.Scope] = dn.RefersTo
		}
	}
	for sheet, ref := range want {
		if found[sheet] != ref {
			t.Errorf("%s: print titles %q, want %q", sheet, found[sheet], ref)
		}
		v, _ := x.GetCellValue(sheet, "B"+strings.TrimSuffix(ref[strings.LastIndex(ref, "$")+1:], ""))
		if v != "一级指标" {
			t.Errorf("%s: the print title row holds %q, not the 绩效指标 header", sheet, v)
		}
	}
}

// checkMergedBorders asserts that every cell of every merged range has a
// thin border on all four sides, so that no viewer draws a gap.
func checkMergedBorders(t *testing.T, x *excelize.File, sheet string) {
	t.Helper()
	merges, err := x.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range merges {
		c0, r0, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		if r0 <= 2 && r1 <= 2 {
			continue // the 附件 label and the title lines have no border
		}
		top, _ := x.GetCellStyle(sheet, m.GetStartAxis())
		topStyle, _ := x.GetStyle(top)
		if len(topStyle.Border) == 0 {
			continue // a line of text (说明, 填表人) rather than a table cell
		}
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				ref, _ := excelize.CoordinatesToCellName(c, r)
				id, _ := x.GetCellStyle(sheet, ref)
				st, _ := x.GetStyle(id)
				if len(st.Border) != 4 {
					t.Errorf("%s!%s (in %s:%s) has %d borders", sheet, ref, m.GetStartAxis(), m.GetEndAxis(), len(st.Border))
				}
			}
		}
	}
}

// checkFormulas recomputes every formula with excelize's engine and
// compares it with the cached value jixiao stored.
func checkFormulas(t *testing.T, data []byte, x *excelize.File) int {
	t.Helper()
	n := 0
	for _, sheet := range x.GetSheetList() {
		for ref, c := range rawCells(t, data, sheet) {
			if c.F == "" {
				continue
			}
			n++
			got, err := x.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Errorf("%s!%s: %v", sheet, ref, err)
				continue
			}
			if c.T == "str" {
				if got != c.V {
					t.Errorf("%s!%s = %s computes %q, cached %q", sheet, ref, c.F, got, c.V)
				}
				continue
			}
			g, err1 := decimal.NewFromString(got)
			v, err2 := decimal.NewFromString(c.V)
			if err1 != nil || err2 != nil || g.Sub(v).Abs().GreaterThan(decimal.New(1, -9)) {
				t.Errorf("%s!%s = %s computes %q, cached %q", sheet, ref, c.F, got, c.V)
			}
		}
	}
	return n
}

func TestXLSXFormulasAgreeWithEngine(t *testing.T) {
	for name, f := range map[string]*domain.Filing{"sample": loadSample(t), "synthetic": testfixture.SyntheticFiling(30, 12), "blank": blankFiguresFiling(t)} {
		data, x := exportXLSX(t, f)
		n := checkFormulas(t, data, x)
		if n < 20 {
			t.Errorf("%s: only %d formulas", name, n)
		}
		t.Logf("%s: %d formulas agree", name, n)
	}
}

func TestXLSXSynthetic(t *testing.T) {
	f := testfixture.SyntheticFiling(30, 12)
	data, x := exportXLSX(t, f)
	sheets := x.GetSheetList()
	if len(sheets) != 2+30+1+1 {
		t.Fatalf("%d sheets: %v", len(sheets), sheets)
	}
	if sheets[2] != "附件3-1 业务工作经费" || sheets[32] != "政府性基金预算支出情况表" || sheets[33] != "评分汇总" {
		t.Errorf("sheets = %v", sheets)
	}
	seen := map[string]bool{}
	for _, s := range sheets {
		if n := len(utf16.Encode([]rune(s))); n > 31 {
			t.Errorf("sheet name %q is %d units long", s, n)
		}
		if strings.ContainsAny(s, `[]:*?/\`) {
			t.Errorf("sheet name %q has a character Excel refuses", s)
		}
		if seen[strings.ToLower(s)] {
			t.Errorf("duplicate sheet name %q", s)
		}
		seen[strings.ToLower(s)] = true
	}
	// A four-decimal amount is stored exactly.
	a1 := rawCells(t, data, "附件1")
	found := false
	for _, c := range a1 {
		if c.V == "5.8731" && c.T == "" {
			found = true
		}
	}
	if !found {
		t.Error("附件1 does not hold 5.8731 as an exact number")
	}
	sc := domain.Score(f, domain.DefaultRules())
	for i, p := range sc.Projects {
		cells := rawCells(t, data, sheets[2+i])
		var total rawCell
		for _, c := range cells {
			if strings.HasPrefix(c.F, "ROUND(I6+SUM(") {
				total = c
			}
		}
		if total.V != p.Total.String() {
			t.Errorf("%s: 总分 cached %q, engine %s", sheets[2+i], total.V, p.Total)
		}
	}
	for _, s := range sheets {
		checkPrintSetup(t, x, s)
	}
	checkMergedBorders(t, x, sheets[2])
}

func TestSheetName(t *testing.T) {
	used := map[string]bool{}
	for _, tc := range []struct{ in, want string }{
		{"附件1", "附件1"},
		{"附件1", "附件1(2)"},
		{"a/b:c*d?e[f]g\\h", "a／b：c＊d？e［f］g＼h"},
		{"'quoted'", "quoted"},
		{"", "表"},
		{"History", "表History"},
		{"ABC", "ABC"},
		{"abc", "abc(2)"},
		{strings.Repeat("很", 40), strings.Repeat("很", 31)},
		{strings.Repeat("很", 40), strings.Repeat("很", 28) + "(2)"},
		{"😀" + strings.Repeat("a", 30), "😀" + strings.Repeat("a", 29)},
	} {
		if got := sheetName(tc.in, used); got != tc.want {
			t.Errorf("sheetName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestXLSXBlankBudget(t *testing.T) {
	f := loadSample(t)
	f.Overall.Funds.FullYearBudget = domain.Blank
	data, x := exportXLSX(t, f)
	a2 := rawCells(t, data, "附件2")
	if c := a2["H5"]; c.T != "str" || c.V != "—" {
		t.Errorf("rate without budget = %+v", c)
	}
	checkNumber(t, a2, "I5", "0")
	checkFormulas(t, data, x)
}

// TestXLSXKeepsIndicatorGroupsTogether: the page breaks of 附件2 never cut
// a 二级 group (merged down column C), nor a 一级 group (column B) whose
// label is centred, and the header row starts the page of the first group.
//
// Under a rule set with execution_in_grid the 执行率 row, first in the
// grid, stays with the header row too.
func TestXLSXKeepsIndicatorGroupsTogether(t *testing.T) {
	cases := map[string]struct {
		f  *domain.Filing
		rs domain.RuleSets
	}{
		"sample":             {loadSample(t), domain.RuleSets{}},
		"synthetic":          {testfixture.SyntheticFiling(2, 30), domain.RuleSets{}},
		"sample, in grid":    {loadSample(t), inGridRules()},
		"synthetic, in grid": {testfixture.SyntheticFiling(2, 30), inGridRules()},
	}
	for name, tc := range cases {
		var buf bytes.Buffer
		if err := XLSXUnder(&buf, tc.f, tc.rs); err != nil {
			t.Fatal(err)
		}
		data := buf.Bytes()
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		paths, _ := sheetPaths(zr)
		var ws struct {
			Breaks []struct {
				ID int `xml:"id,attr"`
			} `xml:"rowBreaks>brk"`
		}
		if err := readZipXML(zr, paths["附件2"], &ws); err != nil {
			t.Fatal(err)
		}
		if len(ws.Breaks) == 0 {
			t.Fatalf("%s: 附件2 has no page break", name)
		}
		merges, _ := x.GetMergeCells("附件2")
		for _, brk := range ws.Breaks {
			next := brk.ID + 1 // the first row of the new page
			for _, m := range merges {
				c0, r0, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
				_, r1, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
				if (c0 != 2 && c0 != 3) || r0 >= next || next > r1 {
					continue
				}
				// A 一级 group too long for a page may run over, its label
				// at the top of its cell where the group starts.
				if c0 == 2 {
					id, _ := x.GetCellStyle("附件2", m.GetStartAxis())
					if st, _ := x.GetStyle(id); st != nil && st.Alignment != nil && st.Alignment.Vertical == "top" {
						continue
					}
				}
				t.Errorf("%s: the break before row %d cuts %s (%s)", name, next, m.GetCellValue(), m.GetStartAxis()+":"+m.GetEndAxis())
			}
		}
		if v, _ := x.GetCellValue("附件2", fmt.Sprintf("B%d", ws.Breaks[0].ID+1)); v != "一级指标" {
			t.Errorf("%s: the first page break is before %q, not before the header row", name, v)
		}
	}
}
