package report

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/domain"
)

func summaryRows(t *testing.T) []SummaryRow {
	blank := SyntheticFiling(0, 3)
	blank.Unit = "阿里街道办事处"
	blank.Overall.Funds.FullYearBudget = domain.Blank
	rows := []SummaryRow{
		NewSummaryRow("meixi", loadSample(t)),
		NewSummaryRow("syn", SyntheticFiling(30, 12)),
		NewSummaryRow("blank", blank),
	}
	SortSummaryRows(rows)
	return rows
}

func TestSummaryCSV(t *testing.T) {
	rows := summaryRows(t)
	var buf bytes.Buffer
	if err := Summary(&buf, rows, "csv"); err != nil {
		t.Fatal(err)
	}
	records := readCSV(t, buf.Bytes(), true)
	if !slices.Equal(records[0], SummaryColumns()) {
		t.Fatalf("header = %q", records[0])
	}
	if len(records) != 4 {
		t.Fatalf("%d rows", len(records)-1)
	}
	// Sorted by unit: 岳阳市… before 示范市… before 阿里… in code-point order.
	var meixi []string
	for _, r := range records[1:] {
		if r[0] == "meixi" {
			meixi = r
		}
		if r[0] == "blank" && r[3] != "" {
			t.Errorf("a filing without budget has rate %q", r[3])
		}
	}
	want := []string{"meixi", "岳阳市岳阳楼区梅溪街道办事处", "2024", "48.65", "4.87", "50.00", "30.00", "10.00", "94.87", "优", meixi[10], meixi[11]}
	if !slices.Equal(meixi, want) {
		t.Errorf("meixi row = %q, want %q", meixi, want)
	}
	if meixi[10] == "0" {
		t.Error("the sample's missing 附件3 error is not counted")
	}
	if err := Summary(&buf, rows, "pdf"); err == nil {
		t.Error("an unknown summary format was accepted")
	}
}

func TestSummaryXLSX(t *testing.T) {
	rows := summaryRows(t)
	var buf bytes.Buffer
	if err := Summary(&buf, rows, "xlsx"); err != nil {
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
	wantHeader := SummaryColumns()
	wantHeader[3] = "执行率"
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
	checkNumber(t, cells, "D"+itoa(row), "0.4865")
	checkNumber(t, cells, "E"+itoa(row), "4.87")
	checkNumber(t, cells, "I"+itoa(row), "94.87")
	if v, _ := x.GetCellValue("汇总", "J"+itoa(row)); v != "优" {
		t.Errorf("等级 = %q", v)
	}
	checkPrintSetup(t, x, "汇总")
	if panes, _ := x.GetPanes("汇总"); !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("header row not frozen: %+v", panes)
	}
}
