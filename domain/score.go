package domain

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

var hundred = decimal.NewFromInt(100)

// RowScore is the engine's view of one indicator row.
type RowScore struct {
	Target Target
	// TargetErr is set when the target looked numeric but could not be read.
	TargetErr error
	// Actual is the parsed 实际完成值 of a quantitative row.
	Actual    Quantity
	ActualErr error
	// UnitMismatch is set when target and actual units differ.
	UnitMismatch bool
	// Suggested is the engine's score; blank when it cannot suggest one
	// (unparsable figures, a zero target, a qualitative row it cannot judge).
	Suggested Amount
	// SuggestedBand is the band the engine proposes for qualitative rows.
	SuggestedBand Band
	// Band is the band in force: the filer's choice, else the suggestion.
	Band Band
	// Used is the score that counts: the filed score, else the suggestion,
	// else 0; never above the row's 分值 (0 when the 分值 is blank) nor
	// below 0.
	Used decimal.Decimal
	// Ratio is actual ÷ target for quantitative rows (zero when unknown).
	Ratio decimal.Decimal
	// Reviewed is the score the 复核 counts: the row's 复核分 held within 0
	// and its 分值 when there is one, else Used.
	Reviewed decimal.Decimal
}

// Level2Score is the subtotal of one 二级指标.
type Level2Score struct {
	Name   string
	Weight decimal.Decimal
	Score  decimal.Decimal
	// Expected is the rules' weight for this 二级指标 when HasExpected.
	Expected    decimal.Decimal
	HasExpected bool
}

// Level1Score is the subtotal of one 一级指标.
type Level1Score struct {
	Name string
	// Weight is the sum of the row weights under it; Expected is the rules'.
	Weight   decimal.Decimal
	Expected decimal.Decimal
	Score    decimal.Decimal
	// Reviewed is the sum of the rows' Reviewed scores.
	Reviewed decimal.Decimal
	Level2   []Level2Score
}

// SourceScore is the 执行率 of one funding-source row of a 附件3 table.
type SourceScore struct {
	Name string
	// Rate is the row's 执行率 on the rules' basis, as TableScore.Rate.
	Rate Amount
}

// TableScore is the score of one 附件2 or 附件3 table.
type TableScore struct {
	Name string
	// Rate is 执行率 in percent, rounded to two places; blank when 全年预算数
	// is blank or zero.
	Rate            Amount
	ExecutionWeight decimal.Decimal
	ExecutionScore  decimal.Decimal
	Levels          []Level1Score
	Rows            []RowScore
	// WeightTotal is 执行率 分值 (when it counts) plus every row's 分值.
	WeightTotal decimal.Decimal
	Total       decimal.Decimal
	// Grade is the 等级 of Total, or "无效（权重合计110）" when the table is
	// not Valid.
	Grade string
	// ExecutionCounts is false when the rules leave 执行率 out of the total
	// and of WeightTotal.
	ExecutionCounts bool
	// Valid is false when the weights do not add up to Rules.TotalWeight: the
	// total cannot stand and is not graded.
	Valid bool
	// InvalidReason says why the table is not Valid, as a Chinese sentence;
	// "" when it is.
	InvalidReason string
	// Sources are the 执行率 of the table's funding-source rows
	// (ProjectFunds.Sources), in order; nil for 附件2 and tables without.
	Sources []SourceScore
	// HasReview is true when any row has a 复核分. ReviewTotal is then the
	// 复核总分: 执行率得分 (when it counts) plus every row's Reviewed score,
	// rounded; ReviewGrade its 等级 (the same 无效 grade as Grade when the
	// table is not Valid).
	HasReview   bool
	ReviewTotal decimal.Decimal
	ReviewGrade string
}

// Level returns the subtotal of the 一级指标 named name.
func (t TableScore) Level(name string) Level1Score {
	for _, l := range t.Levels {
		if l.Name == name {
			return l
		}
	}
	return Level1Score{Name: name}
}

// Scorecard is the score of a whole filing.
type Scorecard struct {
	Overall  TableScore
	Projects []TableScore
}

// ExecutionRate is 全年执行数 ÷ 全年预算数 as a percentage rounded half-up to
// two places; blank when there is no budget.
func ExecutionRate(f Funds) Amount {
	if f.FullYearBudget.IsZero() || !f.Executed.IsSet() {
		return Blank
	}
	return Dec(Percent2(f.Executed.Decimal(), f.FullYearBudget.Decimal()))
}

// ExecutionScore is min(rate, 100%) × weight, from the displayed rate,
// rounded half-up; 0 without a rate.
func ExecutionScore(rate Amount, weight decimal.Decimal) decimal.Decimal {
	if !rate.IsSet() {
		return decimal.Zero
	}
	r := decimal.Min(rate.Decimal(), hundred)
	if r.IsNegative() {
		r = decimal.Zero
	}
	return Quo2(r.Mul(weight), hundred)
}

// Score computes every table of f under r.
func Score(f *Filing, r Rules) Scorecard {
	sc := Scorecard{Overall: scoreTable("整体支出绩效自评表", f.Overall.Funds, f.Overall.ExecutionWeight, f.Overall.Indicators, r)}
	if len(f.Projects) > 0 {
		sc.Projects = make([]TableScore, len(f.Projects))
		for i, p := range f.Projects {
			ts := scoreTable(p.Name, p.Funds.Total, p.ExecutionWeight, p.Indicators, r)
			for _, src := range p.Funds.Sources {
				ts.Sources = append(ts.Sources, SourceScore{Name: src.Name, Rate: r.ExecutionRate(src.Funds())})
			}
			sc.Projects[i] = ts
		}
	}
	return sc
}

func scoreTable(name string, funds Funds, execWeight Amount, rows []Indicator, r Rules) TableScore {
	t := TableScore{Name: name, Rate: r.ExecutionRate(funds), ExecutionWeight: r.ExecutionWeight, ExecutionCounts: r.ExecutionCounts}
	if execWeight.IsSet() && r.FiledExecutionWeight {
		t.ExecutionWeight = execWeight.Decimal()
	}
	t.ExecutionScore = ExecutionScore(t.Rate, t.ExecutionWeight)
	t.Levels = make([]Level1Score, len(r.Levels))
	for i, l := range r.Levels {
		t.Levels[i] = Level1Score{Name: l.Name, Expected: l.Weight, Level2: make([]Level2Score, len(l.Level2))}
		for j, n := range l.Level2 {
			t.Levels[i].Level2[j] = Level2Score{Name: n}
			t.Levels[i].Level2[j].Expected, t.Levels[i].Level2[j].HasExpected = l.Level2Weight(n)
		}
	}
	t.Rows = make([]RowScore, len(rows))
	if r.ExecutionCounts {
		t.WeightTotal = t.ExecutionWeight
		t.Total = t.ExecutionScore
	}
	t.ReviewTotal = t.Total
	for i, row := range rows {
		rs := ScoreRow(row, r)
		t.Rows[i] = rs
		w := row.Weight.Decimal()
		t.WeightTotal = t.WeightTotal.Add(w)
		t.Total = t.Total.Add(rs.Used)
		t.ReviewTotal = t.ReviewTotal.Add(rs.Reviewed)
		t.HasReview = t.HasReview || row.ReviewScore != nil && row.ReviewScore.IsSet()
		li := slices.IndexFunc(t.Levels, func(l Level1Score) bool { return l.Name == row.Level1 })
		if li < 0 {
			t.Levels = append(t.Levels, Level1Score{Name: row.Level1})
			li = len(t.Levels) - 1
		}
		l := &t.Levels[li]
		l.Weight = l.Weight.Add(w)
		l.Score = l.Score.Add(rs.Used)
		l.Reviewed = l.Reviewed.Add(rs.Reviewed)
		l2 := slices.IndexFunc(l.Level2, func(s Level2Score) bool { return s.Name == row.Level2 })
		if l2 < 0 {
			l.Level2 = append(l.Level2, Level2Score{Name: row.Level2})
			l2 = len(l.Level2) - 1
		}
		l.Level2[l2].Weight = l.Level2[l2].Weight.Add(w)
		l.Level2[l2].Score = l.Level2[l2].Score.Add(rs.Used)
	}
	t.Total, t.ReviewTotal = Round2(t.Total), Round2(t.ReviewTotal)
	t.Grade, t.Valid = r.GradeFor(t.Total), true
	t.ReviewGrade = r.GradeFor(t.ReviewTotal)
	if !t.WeightTotal.Equal(r.TotalWeight) {
		t.Valid = false
		t.Grade = fmt.Sprintf("无效（权重合计%s）", t.WeightTotal.String())
		t.ReviewGrade = t.Grade
		t.InvalidReason = fmt.Sprintf("分值合计为%s，应为%s，总分不能评定等级", t.WeightTotal.String(), r.TotalWeight.String())
	}
	if !t.HasReview {
		t.ReviewTotal, t.ReviewGrade = decimal.Zero, ""
	}
	return t
}

// ScoreRow evaluates one indicator row: parses its figures, suggests a score
// and decides which score counts.
func ScoreRow(row Indicator, r Rules) RowScore {
	var rs RowScore
	rs.Target, rs.TargetErr = ParseTarget(row.EffectiveTarget())
	weight := row.Weight.Decimal()
	switch {
	case rs.TargetErr != nil || rs.Target.Text == "":
	case rs.Target.Quantitative:
		suggestQuantitative(&rs, row, weight, r)
	default:
		suggestQualitative(&rs, row, weight, r)
	}
	rs.Band = rs.SuggestedBand
	if row.Band != "" {
		rs.Band = row.Band
	}
	switch {
	case row.Score.IsSet():
		rs.Used = row.Score.Decimal()
	case rs.Suggested.IsSet():
		rs.Used = rs.Suggested.Decimal()
	}
	rs.Used = clampScore(rs.Used, weight)
	rs.Reviewed = rs.Used
	if row.ReviewScore != nil && row.ReviewScore.IsSet() {
		rs.Reviewed = clampScore(row.ReviewScore.Decimal(), weight)
	}
	return rs
}

// clampScore is the one rule for every row, quantitative or qualitative,
// filed or suggested: a score counts at most its 分值 and at least 0.
func clampScore(s, weight decimal.Decimal) decimal.Decimal {
	return decimal.Max(decimal.Zero, decimal.Min(s, weight))
}

// ErrScoreOverWeight is wrapped by the error ValidateScore returns for a
// 得分 above its 分值.
var ErrScoreOverWeight = errors.New("得分超过分值")

// ErrScoreNegative is wrapped by the error ValidateScore returns for a
// negative 得分.
var ErrScoreNegative = errors.New("得分不能为负数")

// ScoreError is a 得分 that cannot be accepted for its 分值.
type ScoreError struct {
	Score, Weight Amount
	// Review is true for a 复核分 (ValidateReviewScore).
	Review bool
	err    error
}

// Error is a Chinese sentence naming both figures.
func (e *ScoreError) Error() string {
	what := "得分"
	if e.Review {
		what = "复核分"
	}
	if e.err == ErrScoreNegative {
		return fmt.Sprintf("%s%s小于0，%s不能为负数", what, e.Score.Text(), what)
	}
	return fmt.Sprintf("%s%s超过分值%s", what, e.Score.Text(), e.Weight.Text())
}

// Unwrap returns ErrScoreOverWeight or ErrScoreNegative.
func (e *ScoreError) Unwrap() error { return e.err }

// ValidateScore refuses a 得分 the scoring would not count as filed: one
// above the row's 分值 (when the 分值 is filled in) or below 0. A blank score
// is accepted. The error is a *ScoreError.
func ValidateScore(score, weight Amount) error {
	switch {
	case !score.IsSet():
		return nil
	case score.IsNegative():
		return &ScoreError{Score: score, Weight: weight, err: ErrScoreNegative}
	case weight.IsSet() && score.Decimal().GreaterThan(weight.Decimal()):
		return &ScoreError{Score: score, Weight: weight, err: ErrScoreOverWeight}
	}
	return nil
}

// ValidateReviewScore is ValidateScore for a 复核分: the same bounds, the
// error naming it 复核分.
func ValidateReviewScore(review, weight Amount) error {
	err := ValidateScore(review, weight)
	if se, ok := err.(*ScoreError); ok {
		se.Review = true
	}
	return err
}

func suggestQuantitative(rs *RowScore, row Indicator, weight decimal.Decimal, r Rules) {
	if strings.TrimSpace(row.Actual) == "" {
		return
	}
	rs.Actual, rs.ActualErr = ParseQuantity(row.Actual)
	if rs.ActualErr != nil {
		return
	}
	if !sameUnit(rs.Target.Unit, rs.Actual.Unit) {
		rs.UnitMismatch = true
		return
	}
	tv, av := rs.Target.Value, rs.Actual.Value
	if tv.Sign() <= 0 {
		return
	}
	rs.Ratio = av.Div(tv)
	if rs.Target.Met(av) {
		rs.Suggested = Dec(weight)
		return
	}
	// Each formula is weight × numerator ÷ target, divided once so that the
	// half-up rounding is exact.
	var num decimal.Decimal
	switch rs.Target.Cmp {
	case AtMost, LessThan:
		// 1 − (actual − target) ÷ target = (2·target − actual) ÷ target
		num = tv.Add(tv).Sub(av)
	case Exactly:
		num = tv.Sub(av.Sub(tv).Abs())
	default:
		num = av
	}
	s := Quo2(weight.Mul(num), tv)
	if rs.Target.Cmp.Reverse() {
		s = decimal.Max(s, Quo2(weight.Mul(r.ReverseFloor), hundred))
	}
	rs.Suggested = Dec(clampScore(s, weight))
}

func suggestQualitative(rs *RowScore, row Indicator, weight decimal.Decimal, r Rules) {
	actual := normalizeMeasure(row.Actual)
	target := normalizeMeasure(rs.Target.Text)
	if actual == "" {
		return
	}
	if actual == target || slices.Contains(r.StrongerWording[target], actual) {
		rs.SuggestedBand = BandMet
	}
	switch {
	case row.Band != "":
		// The filer's band wins; suggest its top score.
		if _, hi, ok := r.BandScores(row.Band, weight); ok {
			rs.Suggested = Dec(hi)
		}
	case rs.SuggestedBand == BandMet:
		rs.Suggested = Dec(weight)
	}
}

// Subtotals returns the score of each 一级指标 as a map, for
// output that names them.
func (t TableScore) Subtotals() map[string]decimal.Decimal {
	m := make(map[string]decimal.Decimal, len(t.Levels))
	for _, l := range t.Levels {
		m[l.Name] = Round2(l.Score)
	}
	return m
}
