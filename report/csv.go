package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"jixiao/domain"
)

// CSVOptions controls the CSV export.
type CSVOptions struct {
	// Summary writes one row per scored table (附件2 and each 附件3) instead
	// of one row per indicator.
	Summary bool
	// Encoding is "utf-8" (the default, also for "") or "gb18030"; see
	// NormalizeEncoding for the other names accepted.
	Encoding string
	// NoBOM leaves out the byte order mark UTF-8 output starts with by
	// default; Excel on Chinese Windows needs it to read UTF-8.
	NoBOM bool
	// Rules resolves the rule set f is scored under; the zero value knows
	// the built-in sets.
	Rules domain.RuleSets
}

// Encodings the CSV writers accept.
const (
	EncodingUTF8    = "utf-8"
	EncodingGB18030 = "gb18030"
)

// EncodingNames are the encoding names NormalizeEncoding accepts, as the
// help lists them.
var EncodingNames = []string{"utf-8", "gb18030", "gbk", "gb2312"}

// NormalizeEncoding maps an encoding name to EncodingUTF8 or
// EncodingGB18030, ignoring case: "" and "utf8" are UTF-8; "gbk" and
// "gb2312" are written as GB18030, their superset, which encodes every
// character they have with the same bytes.
func NormalizeEncoding(name string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", EncodingUTF8, "utf8":
		return EncodingUTF8, nil
	case EncodingGB18030, "gbk", "gb2312", "cp936":
		return EncodingGB18030, nil
	}
	return "", fmt.Errorf("不支持的编码“%s”，可选 %s（gbk、gb2312 按其超集 GB18030 输出）", name, strings.Join(EncodingNames, "、"))
}

// IndicatorColumns are the columns of the indicator CSV. A filing in which
// any row has a 复核分 gets a 复核分 column after 得分 (ReviewColumn).
var IndicatorColumns = []string{"附件", "项目", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "建议得分", "得分", "偏差原因分析及改进措施"}

// ReviewColumn is the indicator CSV's 复核分 column, present only when some
// table has a 复核分 (the --summary CSV then ends with 复核总分 and 复核等级).
const ReviewColumn = "复核分"

// hasReview reports whether any table of sc has a 复核分.
func hasReview(sc domain.Scorecard, projectsOnly bool) bool {
	if !projectsOnly && sc.Overall.HasReview {
		return true
	}
	return slices.ContainsFunc(sc.Projects, func(t domain.TableScore) bool { return t.HasReview })
}

// TableSummaryColumns are the columns of the --summary CSV; the 一级指标
// columns are those of rules.
func TableSummaryColumns(rules domain.Rules) []string {
	cols := []string{"单位", "年度", "附件", "项目", "执行率(%)", "执行率得分"}
	for _, l := range rules.Levels {
		cols = append(cols, l.Name)
	}
	return append(cols, "总分", "等级")
}

// overallName names 附件2 in the 项目 column.
const overallName = "单位整体支出"

// CSV writes the filing's indicator rows, or with opt.Summary its table
// scores, as CSV with CRLF line ends: UTF-8 with a byte order mark by
// default, or GB18030. Text cells that a spreadsheet would run as a
// formula are neutralised (see Neutralize).
func CSV(w io.Writer, f *domain.Filing, opt CSVOptions) error {
	var records [][]string
	if opt.Summary {
		records = tableSummaryRecords(f, opt.Rules.For(f))
	} else {
		records = indicatorRecords(f, opt.Rules.For(f))
	}
	return writeCSV(w, records, opt)
}

func indicatorRecords(f *domain.Filing, rules domain.Rules) [][]string {
	sc := domain.Score(f, rules)
	review := hasReview(sc, f.ProjectsOnly())
	cols := IndicatorColumns
	if review {
		cols = slices.Insert(slices.Clone(cols), 10, ReviewColumn)
	}
	records := [][]string{cols}
	add := func(att, project string, rows []domain.Indicator, ts domain.TableScore) {
		if rules.ExecutionInGrid {
			// 执行率 as the table's first row, as the template prints it.
			rec := []string{att, project, "执行率", "预算执行率", "", "100%", ts.Rate.Fixed2() + "%", plain(ts.ExecutionWeight), ts.ExecutionScore.StringFixed(2), ts.ExecutionScore.StringFixed(2), ""}
			if !ts.Rate.IsSet() {
				rec[6] = ""
			}
			if review {
				rec = slices.Insert(rec, 10, "")
			}
			records = append(records, rec)
		}
		for _, i := range sortedIndicators(rows, rules) {
			r, rs := rows[i], ts.Rows[i]
			suggested := ""
			if rs.Suggested.IsSet() {
				suggested = rs.Suggested.Decimal().StringFixed(2)
			}
			score := r.Score.Text()
			if !r.Score.IsSet() {
				score = suggested
			}
			rec := []string{att, project, r.Level1, r.Level2, r.Name, r.Target, r.Actual, r.Weight.Text(), suggested, score, r.Deviation}
			if review {
				rv := ""
				if r.ReviewScore != nil {
					rv = r.ReviewScore.Text()
				}
				rec = slices.Insert(rec, 10, rv)
			}
			records = append(records, rec)
		}
	}
	if !f.ProjectsOnly() {
		add("附件2", overallName, f.Overall.Indicators, sc.Overall)
	}
	for i, p := range f.Projects {
		add(fmt.Sprintf("附件3-%d", i+1), p.Name, p.Indicators, sc.Projects[i])
	}
	return records
}

func tableSummaryRecords(f *domain.Filing, rules domain.Rules) [][]string {
	sc := domain.Score(f, rules)
	review := hasReview(sc, f.ProjectsOnly())
	cols := TableSummaryColumns(rules)
	if review {
		cols = append(cols, "复核总分", "复核等级")
	}
	records := [][]string{cols}
	add := func(att, project string, ts domain.TableScore) {
		rec := []string{f.Unit, strconv.Itoa(f.Year), att, project, ts.Rate.Fixed2(), ts.ExecutionScore.StringFixed(2)}
		for _, l := range rules.Levels {
			rec = append(rec, domain.Round2(ts.Level(l.Name).Score).StringFixed(2))
		}
		rec = append(rec, ts.Total.StringFixed(2), ts.Grade)
		if review {
			if ts.HasReview {
				rec = append(rec, ts.ReviewTotal.StringFixed(2), ts.ReviewGrade)
			} else {
				rec = append(rec, "", "")
			}
		}
		records = append(records, rec)
	}
	if !f.ProjectsOnly() {
		add("附件2", overallName, sc.Overall)
	}
	for i, p := range f.Projects {
		add(fmt.Sprintf("附件3-%d", i+1), p.Name, sc.Projects[i])
	}
	return records
}

// writeCSV writes records in the chosen encoding with CRLF line ends,
// neutralising every cell.
func writeCSV(w io.Writer, records [][]string, opt CSVOptions) error {
	var out io.Writer
	enc, err := NormalizeEncoding(opt.Encoding)
	if err != nil {
		return err
	}
	switch enc {
	case EncodingUTF8:
		if !opt.NoBOM {
			if _, err := io.WriteString(w, "\uFEFF"); err != nil {
				return err
			}
		}
		out = w
	case EncodingGB18030:
		out = transform.NewWriter(w, simplifiedchinese.GB18030.NewEncoder())
	}
	cw := csv.NewWriter(out)
	cw.UseCRLF = true
	row := make([]string, 0, 16)
	for _, rec := range records {
		row = row[:0]
		for _, v := range rec {
			row = append(row, Neutralize(Sanitize(v)))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if tw, ok := out.(*transform.Writer); ok {
		return tw.Close()
	}
	return nil
}

var plainNumberRe = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)%?$`)

// Neutralize protects a CSV cell against formula injection: a cell that
// starts with =, +, -, @, a tab or a carriage return is prefixed with an
// apostrophe, so that a spreadsheet shows it as text instead of running
// it. A cell that is just a number (-5, +3.2, -2%) is left alone: it cannot
// run anything and numeric columns must stay numeric.
func Neutralize(s string) string {
	if s == "" || plainNumberRe.MatchString(s) {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
