package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao/domain"
)

// SummaryRow is one filing in the batch summary a finance bureau reviews:
// the 附件2 scores of one unit and year and the number of findings.
type SummaryRow struct {
	// ID is the stored filing's id, or the file it was read from.
	ID   string
	Unit string
	Year int
	// Rate is 执行率 in percent; blank when there is no 全年预算数.
	Rate           domain.Amount
	ExecutionScore decimal.Decimal
	// Levels are the subtotals of the 一级指标 of the default rules, in
	// their order (产出指标, 效益指标, 满意度指标).
	Levels   []decimal.Decimal
	Total    decimal.Decimal
	Grade    string
	Errors   int
	Warnings int
}

// NewSummaryRow scores and checks f under the default rules.
func NewSummaryRow(id string, f *domain.Filing) SummaryRow {
	rules := domain.DefaultRules()
	ts := domain.Score(f, rules).Overall
	errs, warns, _ := domain.Counts(domain.Check(f, rules))
	row := SummaryRow{
		ID: id, Unit: f.Unit, Year: f.Year,
		Rate: ts.Rate, ExecutionScore: ts.ExecutionScore,
		Total: ts.Total, Grade: ts.Grade, Errors: errs, Warnings: warns,
	}
	for _, l := range rules.Levels {
		row.Levels = append(row.Levels, domain.Round2(ts.Level(l.Name).Score))
	}
	return row
}

// SortSummaryRows orders rows by unit, then year, then id.
func SortSummaryRows(rows []SummaryRow) {
	slices.SortStableFunc(rows, func(a, b SummaryRow) int {
		return cmp.Or(strings.Compare(a.Unit, b.Unit), cmp.Compare(a.Year, b.Year), strings.Compare(a.ID, b.ID))
	})
}

// SummaryColumns are the columns of the batch summary.
func SummaryColumns() []string {
	cols := []string{"编号", "单位", "年度", "执行率(%)", "执行率得分"}
	for _, l := range domain.DefaultRules().Levels {
		cols = append(cols, l.Name)
	}
	return append(cols, "总分", "等级", "错误数", "警告数")
}

// Summary writes the batch summary as "csv" (UTF-8 with a byte order mark,
// CRLF) or "xlsx", one row per filing in the order given.
func Summary(w io.Writer, rows []SummaryRow, format string) error {
	switch format {
	case "csv":
		records := [][]string{SummaryColumns()}
		for _, r := range rows {
			rec := []string{r.ID, r.Unit, strconv.Itoa(r.Year), r.Rate.Fixed2(), r.ExecutionScore.StringFixed(2)}
			for _, l := range r.Levels {
				rec = append(rec, l.StringFixed(2))
			}
			rec = append(rec, r.Total.StringFixed(2), r.Grade, strconv.Itoa(r.Errors), strconv.Itoa(r.Warnings))
			records = append(records, rec)
		}
		return writeCSV(w, records, CSVOptions{})
	case "xlsx":
		return writeWorkbook(w, []*sheet{summarySheet(rows)}, "绩效自评汇总")
	}
	return fmt.Errorf("汇总不支持格式“%s”，可选 csv 或 xlsx", format)
}

func summarySheet(rows []SummaryRow) *sheet {
	cols := SummaryColumns()
	s := &sheet{name: "汇总", list: true}
	for i, c := range cols {
		w := max(DisplayWidth(c), 8)
		switch i {
		case 0:
			w = 12
		case 1:
			w = 32
		}
		s.cols = append(s.cols, column{width: w, min: w})
	}
	s.line("预算单位整体支出绩效自评汇总表", alignCenter, roleTitle)
	g := &grid{}
	for k, c := range cols {
		if k == 3 {
			c = "执行率" // the cells carry the % sign
		}
		g.add(header(0, k, 1, 1, c))
	}
	for i, r := range rows {
		at := i + 1
		g.add(centered(at, 0, 1, 1, r.ID))
		g.add(label(at, 1, 1, 1, r.Unit))
		g.add(cell{row: at, col: 2, text: strconv.Itoa(r.Year), num: decimal.NewFromInt(int64(r.Year)), hasNum: true, format: fmtInt, align: alignCenter})
		g.add(rateCell(at, 3, 1, r.Rate))
		g.add(scoreCell(at, 4, r.ExecutionScore))
		for k, l := range r.Levels {
			g.add(scoreCell(at, 5+k, l))
		}
		col := 5 + len(r.Levels)
		g.add(scoreCell(at, col, r.Total))
		g.add(centered(at, col+1, 1, 1, r.Grade))
		g.add(countCell(at, col+2, r.Errors))
		g.add(countCell(at, col+3, r.Warnings))
	}
	s.grid(g)
	return s
}

func countCell(row, col, n int) cell {
	return cell{row: row, col: col, text: strconv.Itoa(n), num: decimal.NewFromInt(int64(n)), hasNum: true, format: fmtInt, align: alignRight}
}
