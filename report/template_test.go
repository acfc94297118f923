package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/domain"
)

// templateFiling is the sample with one 附件3 table that has two
// funding-source rows, and a 复核分 on the first row of 附件2 and of the
// 附件3 table.
func templateFiling(t *testing.T) *domain.Filing {
	t.Helper()
	f := loadSample(t)
	a := func(s string) domain.Amount {
		v, err := domain.ParseAmount(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	p := domain.NewProject(domain.BusinessRowName)
	p.Department, p.Implementer = f.Unit, f.Unit
	p.Funds.Total = domain.Funds{InitialBudget: a("639"), FullYearBudget: a("639"), Executed: a("28.79")}
	p.Funds.CurrentYear = p.Funds.Total
	p.Funds.Sources = []domain.FundSource{
		{Name: "区级财政资金", InitialBudget: a("600"), FullYearBudget: a("609"), Executed: a("28.786462")},
		{Name: "上级补助", InitialBudget: a("39"), FullYearBudget: a("30"), Executed: a("0.003538")},
	}
	p.Goals = domain.Goals{Expected: []string{"保障业务工作。"}, Actual: []string{"按计划完成。"}}
	p.Indicators = []domain.Indicator{
		{Level1: "产出指标", Level2: "数量指标", Name: "重点工作任务完成数", Target: "≥10项", Actual: "10项", Weight: a("50"), Score: a("50"), ReviewScore: ptrAmount(a("45"))},
		{Level1: "效益指标", Level2: "社会效益指标", Name: "群众安全感", Target: "有效提升", Actual: "有效提升", Weight: a("30"), Score: a("30")},
		{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "辖区群众满意度", Target: "≥90%", Actual: "95%", Weight: a("10"), Score: a("10")},
	}
	f.Projects = []domain.Project{p}
	f.Overall.Indicators[0].ReviewScore = ptrAmount(a("2"))
	return f
}

func ptrAmount(a domain.Amount) *domain.Amount { return &a }

// inGridRules is mof-2020 with 执行率 printed in the indicator grid.
func inGridRules() domain.RuleSets {
	r := domain.DefaultRules()
	r.ID, r.Name, r.ExecutionInGrid = "grid", "执行率列入指标表", true
	return domain.RuleSets{}.Forcing(r)
}

func TestTextShowsSourcesAndReview(t *testing.T) {
	f := templateFiling(t)
	var buf bytes.Buffer
	if err := Text(&buf, f, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// 28.786462 ÷ 609 = 4.73%, 0.003538 ÷ 30 = 0.01%; 28.786462 is shown
	// rounded to 28.79.
	for _, want := range []string{"资金来源：区级财政资", "28.79", "4.73%", "资金来源：上级补助", "0.01%", "复核分"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(out, "28.786462") {
		t.Error("a six-place amount is printed unrounded")
	}
	// 附件2: 94.87 with the first row's 4 reviewed as 2 gives 92.87.
	if !strings.Contains(out, "92.87") {
		t.Error("附件2 复核总分 92.87 missing")
	}
	for _, opt := range []TextOptions{{}, {Width: 100}, {Width: 80, ASCII: true}, {Width: 40}, {Rules: inGridRules()}} {
		buf.Reset()
		if err := Text(&buf, f, opt); err != nil {
			t.Fatal(err)
		}
		for _, b := range tableBlocks(buf.String()) {
			want := DisplayWidth(b[0])
			for _, l := range b {
				if DisplayWidth(l) != want {
					t.Fatalf("%+v: ragged table line %q", opt, l)
				}
			}
		}
	}
	// Without any 复核分 there is no 复核分 column.
	buf.Reset()
	if err := Text(&buf, loadSample(t), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "复核分") {
		t.Error("the sample shows a 复核 column")
	}
}

func TestExecutionInGridLayout(t *testing.T) {
	f := loadSample(t)
	ts := domain.Score(f, domain.DefaultRules()).Overall
	s := overallSheet(f, ts, inGridRules().For(f))
	var grid *grid
	for _, b := range s.blocks {
		if b.kind == blockGrid {
			grid = b.grid
			break
		}
	}
	at := func(row, col int) string {
		for _, c := range grid.cells {
			if c.row == row && c.col == col {
				return c.text
			}
		}
		return "∅"
	}
	// The funds row carries 分值合计 100 and 总分 94.87; the grid's first row
	// after its header is 执行率 10 / 4.87.
	if at(2, 6) != "100" || at(2, 7) != "48.65%" || at(2, 8) != "94.87" {
		t.Errorf("funds row: %q %q %q", at(2, 6), at(2, 7), at(2, 8))
	}
	if at(11, 1) != "执行率" || at(11, 5) != "48.65%" || at(11, 6) != "10" || at(11, 7) != "4.87" {
		t.Errorf("执行率 row: %q %q %q %q", at(11, 1), at(11, 5), at(11, 6), at(11, 7))
	}
	if at(12, 3) != "全年在区级及以上媒体上稿篇数" {
		t.Errorf("first indicator row: %q", at(12, 3))
	}
	var buf bytes.Buffer
	if err := Text(&buf, f, TextOptions{Rules: inGridRules()}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "预算执行率") {
		t.Error("text export lacks the 执行率 row")
	}
}

func TestXLSXSourcesReviewAndGridFormulas(t *testing.T) {
	for name, rs := range map[string]domain.RuleSets{"mof-2020": {}, "in grid": inGridRules()} {
		t.Run(name, func(t *testing.T) {
			f := templateFiling(t)
			var buf bytes.Buffer
			if err := XLSXUnder(&buf, f, rs); err != nil {
				t.Fatal(err)
			}
			x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			if n := checkFormulas(t, buf.Bytes(), x); n < 30 {
				t.Errorf("only %d formulas", n)
			}
			found := map[string]bool{}
			for _, sheet := range x.GetSheetList() {
				rows, _ := x.GetRows(sheet)
				for _, r := range rows {
					for _, c := range r {
						found[c] = true
					}
				}
			}
			for _, want := range []string{"复核分", "资金来源：区级财政资金", "4.73%", "92.87", "85.45"} {
				if !found[want] {
					t.Errorf("workbook lacks a cell %q", want)
				}
			}
		})
	}
}

func TestDocxShowsSourcesAndReview(t *testing.T) {
	f := templateFiling(t)
	pkg := docxPackage(t, docxBytes(t, f, DocxOptions{Rules: inGridRules()}))
	text := docxText(pkg["word/document.xml"])
	for _, want := range []string{"复核分", "资金来源：区级财政资金", "4.73%", "预算执行率", "92.87"} {
		if !strings.Contains(text, want) {
			t.Errorf("docx lacks %q", want)
		}
	}
}

func TestCSVReviewAndGrid(t *testing.T) {
	f := templateFiling(t)
	var buf bytes.Buffer
	if err := CSV(&buf, f, CSVOptions{NoBOM: true, Rules: inGridRules()}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := recs[0]; len(h) != len(IndicatorColumns)+1 || h[10] != ReviewColumn || h[9] != "得分" {
		t.Fatalf("header %v", h)
	}
	if r := recs[1]; r[2] != "执行率" || r[6] != "48.65%" || r[7] != "10" || r[9] != "4.87" {
		t.Errorf("执行率 row %v", r)
	}
	if r := recs[2]; r[4] != "全年在区级及以上媒体上稿篇数" || r[10] != "2" {
		t.Errorf("first row %v", r)
	}
	buf.Reset()
	if err := CSV(&buf, f, CSVOptions{NoBOM: true, Summary: true}); err != nil {
		t.Fatal(err)
	}
	recs, err = csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := recs[0]
	if h[len(h)-2] != "复核总分" || recs[1][len(h)-2] != "92.87" || recs[1][len(h)-1] != "优" || recs[2][len(h)-2] != "85.45" {
		t.Errorf("summary %v", recs)
	}
	// The sample has neither.
	buf.Reset()
	if err := CSV(&buf, loadSample(t), CSVOptions{NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "复核") || strings.Contains(buf.String(), "预算执行率") {
		t.Error("the sample's CSV has a 复核 column or a 执行率 row")
	}
}

// TestSourcesTakeThePlaceOfBlankOfficialRows: a 附件3 table broken down by
// its own sources, with the official 其中 rows blank, is printed without
// those three blank rows; with them filled in, they stay.
func TestSourcesTakeThePlaceOfBlankOfficialRows(t *testing.T) {
	for _, blank := range []bool{true, false} {
		f := templateFiling(t)
		if blank {
			f.Projects[0].Funds.CurrentYear = domain.Funds{}
		}
		var buf bytes.Buffer
		if err := Text(&buf, f, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.Contains(out, "资金来源：区级财政资") {
			t.Fatalf("blank=%v: the source rows are missing", blank)
		}
		for _, row := range []string{"当年财政拨款", "上年结转资金"} {
			if got := strings.Contains(out, row); got == blank {
				t.Errorf("blank=%v: row %s printed: %v", blank, row, got)
			}
		}
	}
}
