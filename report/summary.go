package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"jixiao/domain"
)

// SummaryRow is one filing in the batch summary a finance bureau reviews:
// the 附件2 funds and scores of one unit and year, the number of findings
// and the 附件3 tables.
type SummaryRow struct {
	// ID is the stored filing's id, or the base name of the file it was
	// read from.
	ID   string
	Unit string
	Year int
	// Budget and Executed are 附件2's 年度资金总额 全年预算数 and 全年执行数.
	Budget, Executed domain.Amount
	// Rate is 执行率 in percent; blank when there is no 全年预算数.
	Rate           domain.Amount
	ExecutionScore decimal.Decimal
	// Levels are the subtotals of the 一级指标 named LevelNames: those of
	// the rules the filing was scored under, in their order.
	Levels     []decimal.Decimal
	LevelNames []string
	// Rules is the id of the rule set the filing was scored under.
	Rules string
	Total decimal.Decimal
	// Grade is 等级, or why the score cannot stand (无效…).
	Grade string
	// Valid is false when the score cannot stand; the totals row leaves
	// such a filing out of its averages.
	Valid    bool
	Errors   int
	Warnings int
	// Projects is the number of 附件3 tables; Lowest the lowest 总分 among
	// them (meaningless without tables).
	Projects int
	Lowest   decimal.Decimal
}

// NewSummaryRow scores and checks f under the rule set rs resolves for it.
func NewSummaryRow(id string, f *domain.Filing, rs domain.RuleSets) SummaryRow {
	ev := rs.Evaluate(f)
	rules, sc := ev.Rules, ev.Scores
	ts := sc.Headline(f)
	funds := domain.HeadlineFunds(f)
	errs, warns, _ := domain.Counts(ev.Findings)
	row := SummaryRow{
		Rules: rules.ID, LevelNames: rules.LevelNames(),
		ID: id, Unit: f.Unit, Year: f.Year,
		Budget: funds.FullYearBudget, Executed: funds.Executed,
		Rate: ts.Rate, ExecutionScore: ts.ExecutionScore,
		Total: ts.Total, Grade: ts.Grade, Valid: ts.Valid, Errors: errs, Warnings: warns,
		Projects: len(sc.Projects),
	}
	for _, l := range rules.Levels {
		row.Levels = append(row.Levels, domain.Round2(ts.Level(l.Name).Score))
	}
	for i, p := range sc.Projects {
		if i == 0 || p.Total.LessThan(row.Lowest) {
			row.Lowest = p.Total
		}
	}
	return row
}

// SummarySort is the order of the batch summary's rows.
type SummarySort string

// The orders SortSummaryRows knows.
const (
	// SortByUnit orders by 单位 in 拼音 order, then year, then id.
	SortByUnit SummarySort = "unit"
	// SortByScore orders by 总分, highest first; scores that cannot stand
	// come last.
	SortByScore SummarySort = "score"
)

// SortSummaryRows orders rows by unit (in 拼音 order), year and id, or with
// SortByScore by 总分 from the highest, then as by unit.
func SortSummaryRows(rows []SummaryRow, by SummarySort) {
	col := collate.New(language.Chinese)
	byUnit := func(a, b SummaryRow) int {
		return cmp.Or(col.CompareString(a.Unit, b.Unit), strings.Compare(a.Unit, b.Unit),
			cmp.Compare(a.Year, b.Year), strings.Compare(a.ID, b.ID))
	}
	slices.SortStableFunc(rows, func(a, b SummaryRow) int {
		if by == SortByScore {
			if a.Valid != b.Valid {
				if a.Valid {
					return -1
				}
				return 1
			}
			if c := b.Total.Cmp(a.Total); c != 0 {
				return c
			}
		}
		return byUnit(a, b)
	})
}

// SummaryColumns are the columns of the batch summary with the 一级指标
// columns levels (see SummaryLevels).
func SummaryColumns(levels []string) []string {
	cols := []string{"编号", "单位", "年度", "全年预算数(万元)", "全年执行数(万元)", "执行率(%)", "执行率得分"}
	cols = append(cols, levels...)
	return append(cols, "总分", "等级", "错误数", "警告数", "附件3张数", "附件3最低分")
}

// summaryTotals is the last row of the summary: sums of the funds, the
// findings and the tables, the overall 执行率, the averages of the scores
// that stand and the lowest 附件3 score.
type summaryTotals struct {
	count, valid             int
	budget, executed, rate   domain.Amount
	executionScore, total    decimal.Decimal
	levels                   []decimal.Decimal
	errors, warnings, tables int
	lowest                   decimal.Decimal
	hasLowest                bool
}

// SummaryLevels are the 一级指标 columns of a summary of rows: every
// row's level names, in the order they first appear.
func SummaryLevels(rows []SummaryRow) []string {
	var out []string
	for _, r := range rows {
		for _, n := range r.LevelNames {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// alignLevels returns rows with Levels rearranged to the columns levels
// (zero where a row's rules have no such 一级指标).
func alignLevels(rows []SummaryRow, levels []string) []SummaryRow {
	out := slices.Clone(rows)
	for i, r := range out {
		aligned := make([]decimal.Decimal, len(levels))
		for k, n := range r.LevelNames {
			if j := slices.Index(levels, n); j >= 0 && k < len(r.Levels) {
				aligned[j] = r.Levels[k]
			}
		}
		out[i].Levels, out[i].LevelNames = aligned, levels
	}
	return out
}

func totalsOf(rows []SummaryRow, levels int) summaryTotals {
	t := summaryTotals{count: len(rows), levels: make([]decimal.Decimal, levels)}
	var rateBudget, rateExecuted domain.Amount
	for _, r := range rows {
		t.budget = t.budget.Add(r.Budget)
		t.executed = t.executed.Add(r.Executed)
		if r.Budget.IsSet() && r.Executed.IsSet() {
			rateBudget = rateBudget.Add(r.Budget)
			rateExecuted = rateExecuted.Add(r.Executed)
		}
		t.errors += r.Errors
		t.warnings += r.Warnings
		t.tables += r.Projects
		if r.Projects > 0 && (!t.hasLowest || r.Lowest.LessThan(t.lowest)) {
			t.lowest, t.hasLowest = r.Lowest, true
		}
		if !r.Valid {
			continue
		}
		t.valid++
		t.executionScore = t.executionScore.Add(r.ExecutionScore)
		t.total = t.total.Add(r.Total)
		for k := range t.levels {
			if k < len(r.Levels) {
				t.levels[k] = t.levels[k].Add(r.Levels[k])
			}
		}
	}
	t.rate = domain.Ratio(rateExecuted, rateBudget)
	if t.valid > 0 {
		n := decimal.NewFromInt(int64(t.valid))
		t.executionScore = domain.Round2(t.executionScore.Div(n))
		t.total = domain.Round2(t.total.Div(n))
		for k := range t.levels {
			t.levels[k] = domain.Round2(t.levels[k].Div(n))
		}
	}
	return t
}

// label is the totals row's 单位 cell.
func (t summaryTotals) label() string {
	return fmt.Sprintf("合计 %d 份（得分为 %d 份有效评分的平均值）", t.count, t.valid)
}

// Summary writes the batch summary as "csv" (UTF-8 with a byte order mark
// and CRLF unless opt says otherwise) or "xlsx", one row per filing in the
// order given and a totals row.
func Summary(w io.Writer, rows []SummaryRow, format string, opt CSVOptions) error {
	levels := SummaryLevels(rows)
	rows = alignLevels(rows, levels)
	switch format {
	case "csv":
		records := [][]string{SummaryColumns(levels)}
		for _, r := range rows {
			rec := []string{r.ID, r.Unit, strconv.Itoa(r.Year), r.Budget.Fixed2(), r.Executed.Fixed2(), r.Rate.Fixed2(), r.ExecutionScore.StringFixed(2)}
			for _, l := range r.Levels {
				rec = append(rec, l.StringFixed(2))
			}
			lowest := ""
			if r.Projects > 0 {
				lowest = domain.Round2(r.Lowest).StringFixed(2)
			}
			rec = append(rec, r.Total.StringFixed(2), r.Grade, strconv.Itoa(r.Errors), strconv.Itoa(r.Warnings), strconv.Itoa(r.Projects), lowest)
			records = append(records, rec)
		}
		t := totalsOf(rows, len(levels))
		avg := func(d decimal.Decimal) string {
			if t.valid == 0 {
				return ""
			}
			return d.StringFixed(2)
		}
		rec := []string{"合计", t.label(), "", t.budget.Fixed2(), t.executed.Fixed2(), t.rate.Fixed2(), avg(t.executionScore)}
		for _, l := range t.levels {
			rec = append(rec, avg(l))
		}
		lowest := ""
		if t.hasLowest {
			lowest = domain.Round2(t.lowest).StringFixed(2)
		}
		rec = append(rec, avg(t.total), "", strconv.Itoa(t.errors), strconv.Itoa(t.warnings), strconv.Itoa(t.tables), lowest)
		records = append(records, rec)
		opt.Summary = false
		return writeCSV(w, records, opt)
	case "xlsx":
		return writeWorkbook(w, []*sheet{summarySheet(rows)}, "绩效自评汇总")
	}
	return fmt.Errorf("汇总不支持格式“%s”，可选 csv 或 xlsx", format)
}

func summarySheet(rows []SummaryRow) *sheet {
	levels := SummaryLevels(rows)
	cols := SummaryColumns(levels)
	s := &sheet{name: "汇总", list: true, listFooter: 1}
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
	g := &grid{headRows: 1}
	for k, c := range cols {
		if k == 5 {
			c = "执行率" // the cells carry the % sign
		}
		g.add(withID(header(0, k, 1, 1, c), "head."+strconv.Itoa(k)))
	}
	nl := len(levels)
	totalCol := 7 + nl
	for i, r := range rows {
		at := i + 1
		g.add(centered(at, 0, 1, 1, r.ID))
		g.add(withID(label(at, 1, 1, 1, r.Unit), "unit."+strconv.Itoa(i)))
		g.add(cell{row: at, col: 2, text: strconv.Itoa(r.Year), num: decimal.NewFromInt(int64(r.Year)), hasNum: true, format: fmtInt, align: alignCenter})
		g.add(computedCell(at, 3, 1, r.Budget, fmtFixed2))
		g.add(computedCell(at, 4, 1, r.Executed, fmtFixed2))
		g.add(rateCell(at, 5, 1, r.Rate))
		g.add(scoreCell(at, 6, r.ExecutionScore))
		for k, l := range r.Levels {
			g.add(scoreCell(at, 7+k, l))
		}
		g.add(withID(scoreCell(at, totalCol, r.Total), "total."+strconv.Itoa(i)))
		g.add(centered(at, totalCol+1, 1, 1, r.Grade))
		g.add(countCell(at, totalCol+2, r.Errors))
		g.add(countCell(at, totalCol+3, r.Warnings))
		g.add(countCell(at, totalCol+4, r.Projects))
		low := cell{row: at, col: totalCol + 5, align: alignRight, format: fmtFixed2}
		if r.Projects > 0 {
			low = scoreCell(at, totalCol+5, r.Lowest)
		}
		g.add(low)
	}
	t := totalsOf(rows, nl)
	at := len(rows) + 1
	g.add(header(at, 0, 1, 1, "合计"))
	g.add(label(at, 1, 1, 2, t.label()))
	g.add(computedCell(at, 3, 1, t.budget, fmtFixed2))
	g.add(computedCell(at, 4, 1, t.executed, fmtFixed2))
	g.add(rateCell(at, 5, 1, t.rate))
	avg := func(col int, d decimal.Decimal) cell {
		if t.valid == 0 {
			return cell{row: at, col: col, align: alignRight, format: fmtFixed2}
		}
		return scoreCell(at, col, d)
	}
	g.add(avg(6, t.executionScore))
	for k, l := range t.levels {
		g.add(avg(7+k, l))
	}
	g.add(avg(totalCol, t.total))
	g.add(body(at, totalCol+1, 1, 1, ""))
	g.add(countCell(at, totalCol+2, t.errors))
	g.add(countCell(at, totalCol+3, t.warnings))
	g.add(countCell(at, totalCol+4, t.tables))
	low := cell{row: at, col: totalCol + 5, align: alignRight, format: fmtFixed2}
	if t.hasLowest {
		low = scoreCell(at, totalCol+5, t.lowest)
	}
	g.add(low)
	s.grid(g)
	if len(rows) > 0 {
		last := strconv.Itoa(len(rows) - 1)
		s.charts = append(s.charts, sheetChart{
			title:      "各单位总分",
			categories: [2]string{"unit.0", "unit." + last},
			series:     []chartSeries{{name: "head." + strconv.Itoa(totalCol), values: [2]string{"total.0", "total." + last}}},
		})
	}
	return s
}

func countCell(row, col, n int) cell {
	return cell{row: row, col: col, text: strconv.Itoa(n), num: decimal.NewFromInt(int64(n)), hasNum: true, format: fmtInt, align: alignRight}
}
