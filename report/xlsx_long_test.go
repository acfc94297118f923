package report

import (
	"strings"
	"testing"
)

// TestXLSXVeryLongText: a text that wraps to more lines than Excel's
// highest row (409 points) can show still exports; the row is capped.
// Found by the TUI key storm (a 1 MB paste into 年度目标 and 偏差原因).
func TestXLSXVeryLongText(t *testing.T) {
	f := loadSample(t)
	long := strings.Repeat("很长的粘贴内容，", 2500)
	f.Overall.Goals.Expected[0] = long
	f.Overall.Indicators[0].Deviation = long
	f.Report.Other = long
	_, x := exportXLSX(t, f)
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r := range rows {
			h, err := x.GetRowHeight(sheet, r+1)
			if err != nil {
				t.Fatal(err)
			}
			if h > maxRowPoints {
				t.Errorf("%s row %d: height %v > %v", sheet, r+1, h, float64(maxRowPoints))
			}
		}
	}
}
