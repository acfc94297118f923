package domain

import (
	"reflect"
	"testing"
)

func TestEvaluateEqualsScoreAndCheckUnderDefault(t *testing.T) {
	f := loadSample(t)
	ev := Evaluate(f, RulesFor(f))
	if ev.Rules.ID != DefaultRulesID {
		t.Fatalf("sample evaluated under %q", ev.Rules.ID)
	}
	o := ev.Scores.Overall
	if o.Total.StringFixed(2) != "94.87" || o.Grade != "优" || o.Rate.Fixed2() != "48.65" || !o.Valid {
		t.Errorf("sample = %s / %s / %s valid %v", o.Total.StringFixed(2), o.Grade, o.Rate.Fixed2(), o.Valid)
	}
	r := DefaultRules()
	if !reflect.DeepEqual(ev.Scores, Score(f, r)) {
		t.Error("Evaluate's scores differ from Score")
	}
	if !reflect.DeepEqual(ev.Findings, Check(f, r)) {
		t.Error("Evaluate's findings differ from Check")
	}
}

// The sample's rows weigh 50/30/10 (90) and its 执行率 10 under mof-2020.
// The example set names its own 执行率 分值, 20, which replaces the filed
// 10, so the table weighs 110 against the set's
// 20+40+30+10 = 100: 执行率 scores 48.65% × 20 = 9.73, the total 9.73 + 90
// = 99.73 is not graded, and 产出指标 (50 against 40) draws a warning.
func TestEvaluateExampleRules(t *testing.T) {
	f := loadSample(t)
	r := exampleRules(t)
	if !r.TotalWeight.Equal(dec("100")) {
		t.Fatalf("example total weight %s", r.TotalWeight)
	}
	ev := Evaluate(f, r)
	o := ev.Scores.Overall
	if o.ExecutionScore.StringFixed(2) != "9.73" || !o.ExecutionWeight.Equal(dec("20")) {
		t.Errorf("执行率得分 %s / %s", o.ExecutionScore.StringFixed(2), o.ExecutionWeight)
	}
	if o.Valid || o.Total.StringFixed(2) != "99.73" || o.Grade != "无效（权重合计110）" {
		t.Errorf("total %s grade %s valid %v", o.Total.StringFixed(2), o.Grade, o.Valid)
	}
	if len(withCode(ev.Findings, "weights.total")) != 1 || len(withCode(ev.Findings, "weights.level1")) != 1 {
		t.Errorf("weight findings: %v", ev.Findings)
	}
	// Take 10 off the 产出指标 rows and the table weighs 100: it is graded
	// with the example's thresholds.
	for i := range f.Overall.Indicators {
		row := &f.Overall.Indicators[i]
		if row.Level1 == "产出指标" && row.Weight.Decimal().GreaterThanOrEqual(dec("10")) {
			row.Weight = Dec(row.Weight.Decimal().Sub(dec("10")))
			if row.Score.IsSet() {
				row.Score = Dec(clampScore(row.Score.Decimal(), row.Weight.Decimal()))
			}
			break
		}
	}
	o = Evaluate(f, r).Scores.Overall
	if !o.Valid || o.Total.StringFixed(2) != "89.73" || o.Grade != "优" {
		t.Errorf("reweighted: total %s grade %s valid %v", o.Total.StringFixed(2), o.Grade, o.Valid)
	}
	if g := DefaultRules().GradeFor(o.Total); g != "良" {
		t.Errorf("89.73 under mof-2020 is %s", g)
	}
}

func TestEvaluateNamedRules(t *testing.T) {
	f := loadSample(t)
	f.Rules = "no-such-set"
	ev := Evaluate(f, RulesFor(f))
	if got := withCode(ev.Findings, "rules.unknown"); len(got) != 1 || got[0].Severity != Error || ev.Rules.ID != DefaultRulesID {
		t.Errorf("unknown rules: %v under %s", got, ev.Rules.ID)
	} else {
		assertChinese(t, got[0].Message)
	}
	if ev.Scores.Overall.Total.StringFixed(2) != "94.87" {
		t.Errorf("unknown rules not scored under the default: %s", ev.Scores.Overall.Total)
	}
	ex := exampleRules(t)
	f.Rules = ex.ID
	sets := NewRuleSets(ex)
	ev = sets.Evaluate(f)
	if ev.Rules.ID != ex.ID || len(withCode(ev.Findings, "rules.unknown")) != 0 {
		t.Errorf("loaded set not used: %s %v", ev.Rules.ID, withCode(ev.Findings, "rules.unknown"))
	}
	f.Rules = DefaultRulesID
	ev = sets.Forcing(ex).Evaluate(f)
	if ev.Rules.ID != ex.ID || len(withCode(ev.Findings, "rules.override")) != 1 {
		t.Errorf("forced set: %s %v", ev.Rules.ID, withCode(ev.Findings, "rules.override"))
	}
}

func TestRulesOptions(t *testing.T) {
	f := loadSample(t)
	noExec := mustParse(t, []byte(`{"id":"no-exec","execution_counts":false,"levels":[{"name":"产出指标","weight":"50","level2":["数量指标","质量指标","时效指标","成本指标"]},{"name":"效益指标","weight":"30","level2":["经济效益指标","社会效益指标","生态效益指标","可持续影响指标"]},{"name":"满意度指标","weight":"10","level2":["服务对象满意度指标"]}],"grades":[{"name":"优","min":"81"},{"name":"差","min":"0"}]}`))
	o := Score(f, noExec).Overall
	if !o.Valid || o.Total.StringFixed(2) != "90.00" || !o.WeightTotal.Equal(dec("90")) || o.ExecutionScore.StringFixed(2) != "4.87" {
		t.Errorf("execution not counted: total %s weights %s exec %s valid %v", o.Total, o.WeightTotal, o.ExecutionScore, o.Valid)
	}
	filed := mustParse(t, []byte(`{"id":"filed","execution_weight":"20","filed_execution_weight":true}`))
	if o := Score(f, filed).Overall; !o.ExecutionWeight.Equal(dec("10")) || o.ExecutionScore.StringFixed(2) != "4.87" {
		t.Errorf("filed 执行率分值 not kept: %s / %s", o.ExecutionScore, o.ExecutionWeight)
	}
	initial := mustParse(t, []byte(`{"id":"initial","execution_basis":"年初预算数"}`))
	f.Overall.Funds.InitialBudget = amt("500")
	f.Overall.Funds.Executed = amt("400")
	if got := Score(f, initial).Overall.Rate.Fixed2(); got != "80.00" {
		t.Errorf("rate on 年初预算数 = %s", got)
	}
	floor := mustParse(t, []byte(`{"id":"floor","reverse_floor":"50"}`))
	row := row("成本指标", "成本", "≤100万元", "190万元", "10", "")
	if got := ScoreRow(row, DefaultRules()).Suggested.Fixed2(); got != "1.00" {
		t.Errorf("reverse without floor = %s", got)
	}
	if got := ScoreRow(row, floor).Suggested.Fixed2(); got != "5.00" {
		t.Errorf("reverse with floor 50%% = %s", got)
	}
	l2 := mustParse(t, []byte(`{"id":"l2","levels":[{"name":"产出指标","weight":"50","level2":[{"name":"数量指标","weight":"30"},{"name":"质量指标","weight":"10"},{"name":"时效指标","weight":"5"},{"name":"成本指标","weight":"5"}]},{"name":"效益指标","weight":"30","level2":["经济效益指标","社会效益指标","生态效益指标","可持续影响指标"]},{"name":"满意度指标","weight":"10","level2":["服务对象满意度指标"]}]}`))
	ev := Evaluate(loadSample(t), l2)
	want := 0
	for _, l2s := range ev.Scores.Overall.Level("产出指标").Level2 {
		if !l2s.Weight.Equal(l2s.Expected) {
			want++
		}
	}
	if got := len(withCode(ev.Findings, "weights.level2")); got != want || want == 0 {
		t.Errorf("weights.level2 findings %d, 二级 subtotals off %d", got, want)
	}
}
