package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

func summaryRows(t *testing.T) []SummaryRow {
	blank := testfixture.SyntheticFiling(0, 3)
	blank.Unit = "阿里街道办事处"
	blank.Overall.Funds.FullYearBudget = domain.Blank
	rows := []SummaryRow{
		NewSummaryRow("meixi", loadSample(t), domain.RuleSets{}),
		NewSummaryRow("syn", testfixture.SyntheticFiling(30, 12), domain.RuleSets{}),
		NewSummaryRow("blank", blank, domain.RuleSets{}),
	}
	SortSummaryRows(rows, SortByUnit)
	return rows
}

func TestSummaryCSV(t *testing.T) {
	rows := summaryRows(t)
	var buf bytes.Buffer
	if err := Summary(&buf, rows, "csv", CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	records := readCSV(t, buf.Bytes(), true)
	if !slices.Equal(records[0], SummaryColumns(domain.DefaultRules().LevelNames())) {
		t.Fatalf("header = %q", records[0])
	}
	if len(records) != 5 {
		t.Fatalf("%d rows, want 3 and the totals", len(records)-1)
	}
	// 拼音 order: 阿里 (a) before 示范 (shi) before 岳阳 (yue).
	if ids := []string{records[1][0], records[2][0], records[3][0]}; !slices.Equal(ids, []string{"blank", "syn", "meixi"}) {
		t.Errorf("order = %q, want blank, syn, meixi", ids)
	}
	if r := records[1]; r[3] != "" || r[5] != "" {
		t.Errorf("a filing without budget has budget %q, rate %q", r[3], r[5])
	}
	meixi := records[3]
	want := []string{"meixi", "岳阳市岳阳楼区梅溪街道办事处", "2024", "3911.21", "1902.68", "48.65", "4.87", "50.00", "30.00", "10.00", "94.87", "优", meixi[12], meixi[13], "0", ""}
	if !slices.Equal(meixi, want) {
		t.Errorf("meixi row = %q, want %q", meixi, want)
	}
	if meixi[12] == "0" {
		t.Error("the sample's missing 附件3 error is not counted")
	}
	syn := records[2]
	if syn[14] != "30" || syn[15] == "" {
		t.Errorf("synthetic row: %s 附件3 tables, lowest %q", syn[14], syn[15])
	}
	tot := records[4]
	if tot[0] != "合计" || !strings.Contains(tot[1], "3 份") {
		t.Errorf("totals row starts %q", tot[:2])
	}
	if tot[14] != "30" || tot[15] != syn[15] {
		t.Errorf("totals: %s tables, lowest %q, want 30 and %q", tot[14], tot[15], syn[15])
	}
	if err := Summary(&buf, rows, "pdf", CSVOptions{}); err == nil {
		t.Error("an unknown summary format was accepted")
	}
}

func TestSummaryXLSX(t *testing.T) {
	rows := summaryRows(t)
	var buf bytes.Buffer
	if err := Summary(&buf, rows, "xlsx", CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); !slices.Equal(got, []string{"汇总"}) {
		t.Fatalf("sheets = %v", got)
	}
	cells := rawCells(t, buf.Bytes(), "汇总")
	header, _ := x.GetRows("汇总")
	wantHeader := SummaryColumns(domain.DefaultRules().LevelNames())
	wantHeader[5] = "执行率"
	if !slices.Equal(header[1], wantHeader) {
		t.Errorf("header row = %q", header[1])
	}
	row := 0
	for r := 3; r <= 5; r++ {
		if v, _ := x.GetCellValue("汇总", "A"+itoa(r)); v == "meixi" {
			row = r
		}
	}
	if row == 0 {
		t.Fatal("no meixi row")
	}
	checkNumber(t, cells, "C"+itoa(row), "2024")
	checkNumber(t, cells, "D"+itoa(row), "3911.21")
	checkNumber(t, cells, "F"+itoa(row), "0.4865")
	checkNumber(t, cells, "G"+itoa(row), "4.87")
	checkNumber(t, cells, "K"+itoa(row), "94.87")
	if v, _ := x.GetCellValue("汇总", "L"+itoa(row)); v != "优" {
		t.Errorf("等级 = %q", v)
	}
	checkPrintSetup(t, x, "汇总")
	if panes, _ := x.GetPanes("汇总"); !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("header row not frozen: %+v", panes)
	}
	if v, _ := x.GetCellValue("汇总", "A6"); v != "合计" {
		t.Errorf("A6 = %q, want the totals row", v)
	}
	// The filter covers the header and the units, not the 合计 row.
	if sheet := zipPart(t, buf.Bytes(), "xl/worksheets/sheet1.xml"); !strings.Contains(sheet, `<autoFilter ref="$A$2:$P$5"`) {
		t.Errorf("the filter should span $A$2:$P$5 (header and units, not 合计): %s", between(sheet, "<autoFilter", ">"))
	}
	chart := zipPart(t, buf.Bytes(), "xl/charts/chart1.xml")
	if !strings.Contains(chart, "<barChart>") || !strings.Contains(chart, "&#39;汇总&#39;!$K$3:$K$5") || !strings.Contains(chart, "&#39;汇总&#39;!$B$3:$B$5") {
		t.Errorf("no bar chart of the units' 总分: %.300s", chart)
	}
}

func TestSortSummaryRowsByScore(t *testing.T) {
	rows := []SummaryRow{
		{ID: "a", Unit: "岳阳", Total: decimal.RequireFromString("80"), Valid: true},
		{ID: "b", Unit: "北京", Total: decimal.RequireFromString("110"), Valid: false},
		{ID: "c", Unit: "常德", Total: decimal.RequireFromString("95.5"), Valid: true},
		{ID: "d", Unit: "安化", Total: decimal.RequireFromString("80"), Valid: true},
	}
	SortSummaryRows(rows, SortByScore)
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	// Highest first, ties in 拼音 order (安 an before 岳 yue), invalid last.
	if !slices.Equal(ids, []string{"c", "d", "a", "b"}) {
		t.Errorf("order = %v", ids)
	}
	SortSummaryRows(rows, SortByUnit)
	ids = ids[:0]
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	// 安化 an, 北京 bei, 岳阳 yue, 常德 chang → an, bei, chang, yue.
	if !slices.Equal(ids, []string{"d", "b", "c", "a"}) {
		t.Errorf("拼音 order = %v", ids)
	}
}

// zipPart returns one part of a package as text.
func zipPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	parts := docxPackage(t, data)
	p, ok := parts[name]
	if !ok {
		t.Fatalf("no part %s", name)
	}
	return string(p)
}

// TestSummaryInvalidScore: a filing whose weights do not add up shows
// 无效 with the weight total instead of a grade, and its score is left out
// of the averages of the totals row.
func TestSummaryInvalidScore(t *testing.T) {
	bad := loadSample(t)
	bad.Unit = "阿里街道办事处"
	bad.Overall.Indicators[0].Weight = domain.Dec(bad.Overall.Indicators[0].Weight.Decimal().Add(decimal.NewFromInt(10)))
	rows := []SummaryRow{NewSummaryRow("bad", bad, domain.RuleSets{}), NewSummaryRow("good", loadSample(t), domain.RuleSets{})}
	SortSummaryRows(rows, SortByUnit)
	if rows[0].Valid || !strings.HasPrefix(rows[0].Grade, "无效") || !strings.Contains(rows[0].Grade, "110") {
		t.Fatalf("invalid row: valid %v, grade %q", rows[0].Valid, rows[0].Grade)
	}
	var buf bytes.Buffer
	if err := Summary(&buf, rows, "csv", CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	records := readCSV(t, buf.Bytes(), true)
	if got := records[1][11]; got != rows[0].Grade {
		t.Errorf("CSV 等级 = %q, want %q", got, rows[0].Grade)
	}
	tot := records[3]
	if tot[10] != "94.87" || !strings.Contains(tot[1], "1 份有效评分") {
		t.Errorf("totals: 总分 %q (want the valid filing's 94.87 alone), label %q", tot[10], tot[1])
	}
	SortSummaryRows(rows, SortByScore)
	if rows[1].ID != "bad" {
		t.Errorf("--sort score puts the invalid score at %v", rows)
	}
}

// between returns the part of s from the first start up to the next end.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j+len(end)]
}
