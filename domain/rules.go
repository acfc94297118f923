package domain

import "github.com/shopspring/decimal"

// Level1 is a 一级指标 with its 二级指标 in the official order.
type Level1 struct {
	Name   string
	Level2 []string
	// Weight is the 分值 the 办法 gives this 一级指标.
	Weight decimal.Decimal
	// Level2Weights optionally gives a 分值 per 二级指标, by name; a 二级指标
	// missing from it has no weight of its own.
	Level2Weights map[string]decimal.Decimal
}

// Level2Weight returns the 分值 the rules give the 二级指标 name, if any.
func (l Level1) Level2Weight(name string) (decimal.Decimal, bool) {
	w, ok := l.Level2Weights[name]
	return w, ok
}

// Grade is one 等级 and the lowest total that reaches it.
type Grade struct {
	Name string
	Min  decimal.Decimal
}

// Band is a qualitative score band chosen by the filer.
type Band string

// The three qualitative bands.
const (
	BandMet     Band = "达成"
	BandPartial Band = "部分达成"
	BandMissed  Band = "未达成"
)

// BandRange is the share of 分值 (in percent) a band allows, Min ≤ share ≤ Max.
type BandRange struct {
	Band  Band
	Label string
	Min   decimal.Decimal
	Max   decimal.Decimal
}

// ExecutionBasis is the budget column 执行率 divides by.
type ExecutionBasis string

// The two bases templates use.
const (
	BasisFullYear ExecutionBasis = "全年预算数"
	BasisInitial  ExecutionBasis = "年初预算数"
)

// Rules holds every threshold and table the scoring and checks use, so that a
// locality's variant is a new value rather than new code. A rule set read
// from a file is a Rules too (see ParseRules).
type Rules struct {
	// ID names the rule set in filings ("rules") and on the command line.
	ID string
	// Name is the rule set's Chinese title.
	Name string
	// Source is the document that defines it.
	Source string
	// ExecutionCounts is false when 执行率 is reported but its score is not
	// part of the total (nor its 分值 of the weight total).
	ExecutionCounts bool
	// ExecutionInGrid is true for templates that print 执行率 as the first row
	// of the indicator grid (一级指标 "执行率") with the table's total in the
	// funds row, rather than in the funds block; it changes how tables are
	// shown and exported, not how they are scored.
	ExecutionInGrid bool
	// ExecutionBasis is the budget column 执行率 divides by.
	ExecutionBasis ExecutionBasis
	// FiledExecutionWeight is true when a table's own execution_weight, if
	// filled in, replaces ExecutionWeight (the 办法 lets localities adjust
	// it); false when the rule set fixes the 执行率 分值.
	FiledExecutionWeight bool
	// ReverseFloor is the lowest share (in percent of 分值) the reverse
	// formula 1 − (actual − target) ÷ target can give a missed 反向指标.
	ReverseFloor decimal.Decimal
	// Places is the number of decimal places scores and rates round to.
	Places int32
	// Levels are the 一级指标 in order, each with its 二级指标 and weight.
	Levels []Level1
	// ExecutionWeight is the default 分值 of 执行率.
	ExecutionWeight decimal.Decimal
	// TotalWeight is what 执行率 and all indicators must add up to: the
	// execution weight (when it counts) plus every level's weight.
	TotalWeight decimal.Decimal
	// Grades from best to worst.
	Grades []Grade
	// Bands from best to worst.
	Bands []BandRange
	// OverTargetRatio: an actual at or above this multiple of a positive
	// target is a warning that the target may have been set too low.
	OverTargetRatio decimal.Decimal
	// RoundingTolerance: differences up to this are reported as info.
	RoundingTolerance decimal.Decimal
	// StrongerWording maps a qualitative target to actual wordings that
	// count as fully achieving it.
	StrongerWording map[string][]string
}

// DefaultRulesID is the id of DefaultRules.
const DefaultRulesID = "mof-2020"

// DefaultRules returns the rules of 财政部《项目支出绩效评价管理办法》(财预〔2020〕10号)
// as applied to 部门整体支出 self-evaluation.
func DefaultRules() Rules {
	d := decimal.NewFromInt
	return Rules{
		ID:              DefaultRulesID,
		Name:            "财政部项目支出绩效评价管理办法（财预〔2020〕10号）",
		Source:          "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）",
		ExecutionCounts: true,
		ExecutionBasis:  BasisFullYear,
		// The 办法's 分值 may be adjusted locally: a filed one stands.
		FiledExecutionWeight: true,
		ReverseFloor:         decimal.Zero,
		Places:               2,
		Levels: []Level1{
			{Name: "产出指标", Weight: d(50), Level2: []string{"数量指标", "质量指标", "时效指标", "成本指标"}},
			{Name: "效益指标", Weight: d(30), Level2: []string{"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
			{Name: "满意度指标", Weight: d(10), Level2: []string{"服务对象满意度指标"}},
		},
		ExecutionWeight: d(10),
		TotalWeight:     d(100),
		Grades: []Grade{
			{Name: "优", Min: d(90)},
			{Name: "良", Min: d(80)},
			{Name: "中", Min: d(60)},
			{Name: "差", Min: d(0)},
		},
		Bands: []BandRange{
			{Band: BandMet, Label: "达成年度指标", Min: d(80), Max: d(100)},
			{Band: BandPartial, Label: "部分达成年度指标并具有一定效果", Min: d(60), Max: d(80)},
			{Band: BandMissed, Label: "未达成年度指标且效果较差", Min: d(0), Max: d(60)},
		},
		OverTargetRatio:   decimal.RequireFromString("1.2"),
		RoundingTolerance: decimal.RequireFromString("0.01"),
		StrongerWording: map[string][]string{
			"有效提升": {"明显提升", "显著提升", "大幅提升", "全面提升", "有效提升"},
			"提升":   {"有效提升", "明显提升", "显著提升", "大幅提升"},
			"及时":   {"按时", "按期", "提前", "及时完成", "按时完成", "提前完成"},
			"按时":   {"及时", "按期", "提前", "按时完成", "提前完成"},
			"持续推进": {"有序推进", "稳步推进", "全面推进", "持续推进"},
			"持续发展": {"稳步发展", "持续向好", "良好"},
			"有效":   {"显著", "明显", "有效"},
			"达标":   {"全部达标", "合格", "达到"},
			"合格":   {"全部合格", "优秀", "良好"},
			"稳定":   {"持续稳定", "保持稳定", "稳中向好"},
			"改善":   {"明显改善", "显著改善", "有效改善"},
			"满意":   {"非常满意", "比较满意"},
		},
	}
}

// Level returns the 一级指标 named name.
func (r Rules) Level(name string) (Level1, bool) {
	for _, l := range r.Levels {
		if l.Name == name {
			return l, true
		}
	}
	return Level1{}, false
}

// LevelOf returns the 一级指标 a 二级指标 belongs to.
func (r Rules) LevelOf(level2 string) (Level1, bool) {
	for _, l := range r.Levels {
		for _, n := range l.Level2 {
			if n == level2 {
				return l, true
			}
		}
	}
	return Level1{}, false
}

// ExecutionRate is 执行数 ÷ the budget column of r.ExecutionBasis as a
// percentage rounded half-up; blank when that budget is blank or zero.
func (r Rules) ExecutionRate(f Funds) Amount {
	if r.ExecutionBasis == BasisInitial {
		f.FullYearBudget = f.InitialBudget
	}
	return ExecutionRate(f)
}

// LevelNames returns the names of the 一级指标 in order.
func (r Rules) LevelNames() []string {
	names := make([]string, len(r.Levels))
	for i, l := range r.Levels {
		names[i] = l.Name
	}
	return names
}

// GradeFor returns the 等级 of a total.
func (r Rules) GradeFor(total decimal.Decimal) string {
	for _, g := range r.Grades {
		if total.GreaterThanOrEqual(g.Min) {
			return g.Name
		}
	}
	return r.Grades[len(r.Grades)-1].Name
}

// BandRange returns the range of band b.
func (r Rules) BandRange(b Band) (BandRange, bool) {
	for _, br := range r.Bands {
		if br.Band == b {
			return br, true
		}
	}
	return BandRange{}, false
}

// BandScores returns the lowest and highest score band b allows for weight,
// exactly (no rounding, so 达成 reaches the full 分值).
func (r Rules) BandScores(b Band, weight decimal.Decimal) (lo, hi decimal.Decimal, ok bool) {
	br, ok := r.BandRange(b)
	if !ok {
		return decimal.Zero, decimal.Zero, false
	}
	return weight.Mul(br.Min).Shift(-2), weight.Mul(br.Max).Shift(-2), true
}
