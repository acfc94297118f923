package domain

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Filed is the arithmetic a unit published on one 附件2 or 附件3 table, as it
// wrote it: 执行率 (in percent, without the sign), 执行率得分, the subtotal of
// each 一级指标, 总分 and 等级. jixiao never uses these figures to score; Check
// compares each with the computed one (see CompareFiled).
type Filed struct {
	ExecutionRate  Amount        `json:"execution_rate"`
	ExecutionScore Amount        `json:"execution_score"`
	Level1         []FiledLevel1 `json:"level1,omitempty"`
	Total          Amount        `json:"total"`
	Grade          string        `json:"grade,omitempty"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// FiledLevel1 is the subtotal the unit wrote for one 一级指标.
type FiledLevel1 struct {
	Name  string `json:"name"`
	Score Amount `json:"score"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// MarshalJSON writes the object with its unknown keys.
func (x Filed) MarshalJSON() ([]byte, error) {
	type plain Filed
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x FiledLevel1) MarshalJSON() ([]byte, error) {
	type plain FiledLevel1
	return marshalObject(plain(x), x.Unknown)
}

// IsEmpty reports whether no figure is recorded.
func (fd *Filed) IsEmpty() bool {
	if fd == nil {
		return true
	}
	for _, l := range fd.Level1 {
		if l.Score.IsSet() {
			return false
		}
	}
	return !fd.ExecutionRate.IsSet() && !fd.ExecutionScore.IsSet() && !fd.Total.IsSet() && strings.TrimSpace(fd.Grade) == ""
}

func (fd *Filed) clone() *Filed {
	if fd == nil {
		return nil
	}
	g := *fd
	g.Level1 = append([]FiledLevel1(nil), fd.Level1...)
	return &g
}

// Keys of FiledDiff: which figure of a table differs.
const (
	FiledExecutionRate  = "execution_rate"
	FiledExecutionScore = "execution_score"
	FiledLevel1Score    = "level1"
	FiledTotal          = "total"
	FiledGrade          = "grade"
)

// FiledDiff is one figure the unit published that differs from jixiao's.
type FiledDiff struct {
	// Key is FiledExecutionRate, FiledExecutionScore, FiledLevel1Score,
	// FiledTotal or FiledGrade; Level names the 一级指标 of a
	// FiledLevel1Score.
	Key   string
	Level string
	// Path is the figure's JSON path below the table ("filed.total",
	// "filed.level1.0.score").
	Path string
	// What names the figure: 执行率, 执行率得分, “产出指标”得分小计, 总分, 等级.
	What string
	// Filed and Computed are the two figures as shown (a rate with "%");
	// Computed is "" when the table has no such 一级指标, or no 执行率 can be
	// computed.
	Filed, Computed string
	// Basis says how Computed was reached, e.g. "执行率59.58% × 10"; may be "".
	Basis string
	// Rounding is set when the difference is within the rules' rounding
	// tolerance (never for 等级).
	Rounding bool
}

// Message describes the difference, e.g. "执行率得分：填报6，计算得5.96（执行率59.58% × 10）".
func (d FiledDiff) Message() string {
	if d.Computed == "" && d.Key == FiledExecutionRate {
		return fmt.Sprintf("%s：填报%s，但无法计算（%s）", d.What, d.Filed, d.Basis)
	}
	if d.Computed == "" {
		return fmt.Sprintf("%s：填报%s，但本表没有一级指标“%s”", d.What, d.Filed, d.Level)
	}
	msg := fmt.Sprintf("%s：填报%s，计算得%s", d.What, d.Filed, d.Computed)
	if d.Basis != "" {
		msg += "（" + d.Basis + "）"
	}
	return msg
}

// Note is the line an export prints under the table, e.g.
// "注：填报的执行率得分为6，按规则计算为5.96".
func (d FiledDiff) Note() string {
	if d.Computed == "" && d.Key == FiledExecutionRate {
		return fmt.Sprintf("注：填报的%s为%s，按填报的资金数无法计算（%s）", d.What, d.Filed, d.Basis)
	}
	if d.Computed == "" {
		return fmt.Sprintf("注：填报了%s为%s，但本表没有一级指标“%s”", d.What, d.Filed, d.Level)
	}
	note := fmt.Sprintf("注：填报的%s为%s，按规则计算为%s", d.What, d.Filed, d.Computed)
	if d.Rounding {
		note += "（差额在四舍五入误差之内）"
	}
	return note
}

// CompareFiled compares the figures fd records for a table with its
// computed score ts (funds are the table's 年度资金总额, for the basis of
// 执行率) and returns those that differ, in form order. A difference of at
// most tolerance is marked Rounding. A nil fd gives nil.
func CompareFiled(fd *Filed, funds Funds, ts TableScore, tolerance decimal.Decimal) []FiledDiff {
	if fd == nil {
		return nil
	}
	var out []FiledDiff
	number := func(key, level, path, what string, filed Amount, computed decimal.Decimal, unit, basis string) {
		if !filed.IsSet() {
			return
		}
		diff := filed.Decimal().Sub(computed).Abs()
		if diff.IsZero() {
			return
		}
		out = append(out, FiledDiff{
			Key: key, Level: level, Path: path, What: what,
			Filed: filed.Text() + unit, Computed: Round2(computed).StringFixed(2) + unit,
			Basis: basis, Rounding: diff.LessThanOrEqual(tolerance),
		})
	}
	if fd.ExecutionRate.IsSet() {
		if ts.Rate.IsSet() {
			number(FiledExecutionRate, "", "filed.execution_rate", "执行率", fd.ExecutionRate, ts.Rate.Decimal(), "%",
				fmt.Sprintf("全年执行数%s ÷ 全年预算数%s", funds.Executed.Text(), funds.FullYearBudget.Text()))
		} else {
			out = append(out, FiledDiff{Key: FiledExecutionRate, Path: "filed.execution_rate", What: "执行率",
				Filed: fd.ExecutionRate.Text() + "%", Basis: "全年预算数或全年执行数未填写，或全年预算数为0"})
		}
	}
	number(FiledExecutionScore, "", "filed.execution_score", "执行率得分", fd.ExecutionScore, ts.ExecutionScore, "", executionBasis(ts))
	for i, l := range fd.Level1 {
		path := fmt.Sprintf("filed.level1.%d.score", i)
		what := fmt.Sprintf("“%s”得分小计", strings.TrimSpace(l.Name))
		if !l.Score.IsSet() {
			continue
		}
		lvl, ok := tableLevel(ts, strings.TrimSpace(l.Name))
		if !ok {
			out = append(out, FiledDiff{Key: FiledLevel1Score, Level: l.Name, Path: path, What: what, Filed: l.Score.Text()})
			continue
		}
		number(FiledLevel1Score, lvl.Name, path, what, l.Score, Round2(lvl.Score), "", "")
	}
	number(FiledTotal, "", "filed.total", "总分", fd.Total, ts.Total, "", totalBasis(ts))
	if g := strings.TrimSpace(fd.Grade); g != "" && g != ts.Grade {
		out = append(out, FiledDiff{Key: FiledGrade, Path: "filed.grade", What: "等级", Filed: g, Computed: ts.Grade,
			Basis: "总分" + Round2(ts.Total).StringFixed(2)})
	}
	return out
}

func tableLevel(ts TableScore, name string) (Level1Score, bool) {
	for _, l := range ts.Levels {
		if l.Name == name {
			return l, true
		}
	}
	return Level1Score{}, false
}

func executionBasis(ts TableScore) string {
	if !ts.Rate.IsSet() {
		return "无法计算执行率，执行率得分为0"
	}
	rate := ts.Rate.Fixed2() + "%"
	if ts.Rate.Decimal().GreaterThan(hundred) {
		rate += "按100%计"
	}
	return fmt.Sprintf("执行率%s × %s", rate, ts.ExecutionWeight.String())
}

func totalBasis(ts TableScore) string {
	parts := []string{"执行率得分" + Round2(ts.ExecutionScore).StringFixed(2)}
	for _, l := range ts.Levels {
		parts = append(parts, l.Name+Round2(l.Score).StringFixed(2))
	}
	return strings.Join(parts, " + ")
}
