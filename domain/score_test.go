package domain

import (
	"testing"
)

func TestExecutionRateAndScore(t *testing.T) {
	cases := []struct {
		name             string
		budget, executed string
		weight           string
		rate, score      string // rate "" means no rate
	}{
		{"sample: 4.865 rounds half-up to 4.87", "3911.21", "1902.68", "10", "48.65", "4.87"},
		{"blank budget: no rate, 0 points", "", "1902.68", "10", "", "0.00"},
		{"zero budget: no rate, 0 points", "0", "1902.68", "10", "", "0.00"},
		{"zero budget written 0.0000", "0.0000", "5", "10", "", "0.00"},
		{"blank executed: no rate", "100", "", "10", "", "0.00"},
		{"over 100% is capped at 分值", "100", "130", "10", "130.00", "10.00"},
		{"exactly 100%", "100", "100", "10", "100.00", "10.00"},
		{"nothing executed", "100", "0", "10", "0.00", "0.00"},
		{"rate rounds half-up at the third place", "3", "2", "10", "66.67", "6.67"},
		{"rate 0.125% rounds up to 0.13", "800", "1", "10", "0.13", "0.01"},
		{"4-decimal amounts", "89.974", "44.987", "10", "50.00", "5.00"},
		{"score from the displayed rate", "200", "97.33", "15", "48.67", "7.30"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rate := ExecutionRate(Funds{FullYearBudget: amt(c.budget), Executed: amt(c.executed)})
			if rate.Fixed2() != c.rate {
				t.Errorf("rate = %q, want %q", rate.Fixed2(), c.rate)
			}
			if got := ExecutionScore(rate, dec(c.weight)).StringFixed(2); got != c.score {
				t.Errorf("score = %s, want %s", got, c.score)
			}
		})
	}
}

func TestExactHalfUpRounding(t *testing.T) {
	cases := []struct{ num, den, want string }{
		{"1", "8", "0.13"},   // 0.125
		{"-1", "8", "-0.13"}, // away from zero
		{"1", "3", "0.33"},
		{"2", "3", "0.67"},
		{"4865", "1000", "4.87"},
		// 0.004999999999999999999… must not round up through a truncated
		// 16-place quotient.
		{"49999999999999999999", "10000000000000000000000", "0.00"},
	}
	for _, c := range cases {
		if got := Quo2(dec(c.num), dec(c.den)).StringFixed(2); got != c.want {
			t.Errorf("Quo2(%s, %s) = %s, want %s", c.num, c.den, got, c.want)
		}
	}
	if got := Round2(dec("2.675")).String(); got != "2.68" {
		t.Errorf("Round2(2.675) = %s", got)
	}
	if got := Round2(dec("-2.675")).String(); got != "-2.68" {
		t.Errorf("Round2(-2.675) = %s", got)
	}
}

func TestQuantitativeScoring(t *testing.T) {
	cases := []struct {
		name, target, actual, weight string
		suggested                    string // "" means no suggestion
		mismatch                     bool
	}{
		// Every comparator form filers use.
		{"≧ met", "≧100篇", "160篇", "4", "4", false},
		{"≥ percent met", "≥90%", "102.07%", "4", "4", false},
		{">= met", ">=90%", "90%", "4", "4", false},
		{"不低于 met", "不低于95%", "95%", "10", "10", false},
		{"不少于 missed", "不少于20次", "15次", "4", "3.00", false},
		{"≤ met", "≤100%", "98%", "10", "10", false},
		{"≦ met", "≦5天", "5天", "10", "10", false},
		{"<= met", "<=30天", "20天", "10", "10", false},
		{"不高于 missed", "不高于100%", "110%", "10", "9.00", false},
		{"不超过 met", "不超过50万元", "49.5万元", "10", "10", false},
		{"预算金额≤ with 万 actual", "预算金额≤1902.68万元", "1902.68万", "10", "10", false},
		{"= met", "=100%", "100%", "5", "5", false},
		{"= missed both ways", "=100%", "90%", "5", "4.50", false},
		{"= missed above", "=100%", "110%", "5", "4.50", false},
		{"bare 100% met", "100%", "100%", "3", "3", false},
		{"bare 100% missed", "100%", "95%", "4", "3.80", false},
		{"以上 suffix", "95%以上", "96%", "5", "5", false},
		{"以内 suffix is reverse", "5万元以内", "6万元", "10", "8.00", false},
		{"> met", ">10个", "11个", "4", "4", false},
		{"> equal is not met, scores full by formula", ">10个", "10个", "4", "4.00", false},
		{"< missed", "<10次", "12次", "5", "4.00", false},
		{"full-width digits and percent", "≥９０％", "９５％", "4", "4", false},
		{"actual without unit takes the target's", "≥6个", "12", "4", "4", false},
		{"余 in actual", "≥100篇", "160余篇", "4", "4", false},
		{"comparator after a number in symbols", "12345热线办结率≥95%", "90%", "10", "9.47", false},
		// Positive missed: 分值 × 实际 ÷ 指标, rounded half-up.
		{"positive missed", "≥100篇", "87篇", "4", "3.48", false},
		{"positive missed half-up", "≥8个", "5个", "1", "0.63", false},
		{"positive missed to zero", "≥8个", "0个", "4", "0.00", false},
		// Reverse: 分值 × (1 − (实际 − 指标) ÷ 指标), 0 at twice the target or worse.
		{"reverse missed", "≤100万元", "120万元", "10", "8.00", false},
		{"reverse missed by a third", "≤3次", "4次", "10", "6.67", false},
		{"reverse at twice the target", "≤100万元", "200万元", "10", "0.00", false},
		{"reverse beyond twice", "≤100万元", "350万元", "10", "0.00", false},
		// Findings, never guesses.
		{"unmatched units", "≥100篇", "100个", "4", "", true},
		{"元 against 万元", "≤100万元", "90元", "4", "", true},
		{"zero target", "≤0次", "0次", "5", "", false},
		{"zero bare target", "0起", "0起", "5", "", false},
		{"unparsable actual", "≥100篇", "很多", "4", "", false},
		{"blank actual", "≥100篇", "", "4", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := ScoreRow(row("数量指标", "测试指标", c.target, c.actual, c.weight, ""), DefaultRules())
			if !rs.Target.Quantitative {
				t.Fatalf("%q parsed as qualitative", c.target)
			}
			if got := rs.Suggested; c.suggested == "" {
				if got.IsSet() {
					t.Errorf("suggested %s, want none", got)
				}
			} else if !got.IsSet() || !got.Decimal().Equal(dec(c.suggested)) {
				t.Errorf("suggested %s, want %s (err %v, actual err %v)", got, c.suggested, rs.TargetErr, rs.ActualErr)
			}
			if rs.UnitMismatch != c.mismatch {
				t.Errorf("UnitMismatch = %v, want %v", rs.UnitMismatch, c.mismatch)
			}
			if c.suggested == "" && !rs.Used.IsZero() {
				t.Errorf("a blank filed score without a suggestion must count 0, counts %s", rs.Used)
			}
		})
	}
}

func TestQualitativeScoring(t *testing.T) {
	r := DefaultRules()
	cases := []struct {
		name, target, actual string
		band                 Band
		suggested            string
		suggestedBand        Band
	}{
		{"actual equals target", "及时", "及时", "", "10", BandMet},
		{"stronger wording", "有效提升", "明显提升", "", "10", BandMet},
		{"stronger wording 持续发展", "持续发展", "稳步发展", "", "10", BandMet},
		{"different wording needs a band", "有效提升", "有所提升", "", "", ""},
		{"band 达成 chosen", "有效提升", "有所提升", BandMet, "10", ""},
		{"band 部分达成 chosen: top of 60–80%", "有效提升", "有所提升", BandPartial, "8", ""},
		{"band 未达成 chosen: top of 0–60%", "有效提升", "未提升", BandMissed, "6", ""},
		{"filer's band wins over a matching actual", "及时", "及时", BandPartial, "8", BandMet},
		{"blank actual", "及时", "", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := row("时效指标", "测试", c.target, c.actual, "10", "")
			in.Band = c.band
			rs := ScoreRow(in, r)
			if rs.Target.Quantitative {
				t.Fatalf("%q parsed as quantitative", c.target)
			}
			if c.suggested == "" {
				if rs.Suggested.IsSet() {
					t.Errorf("suggested %s, want none", rs.Suggested)
				}
			} else if !rs.Suggested.Decimal().Equal(dec(c.suggested)) {
				t.Errorf("suggested %s, want %s", rs.Suggested, c.suggested)
			}
			if rs.SuggestedBand != c.suggestedBand {
				t.Errorf("suggested band %q, want %q", rs.SuggestedBand, c.suggestedBand)
			}
		})
	}
}

func TestBandScores(t *testing.T) {
	r := DefaultRules()
	cases := []struct {
		band   Band
		weight string
		lo, hi string
	}{
		{BandMet, "10", "8", "10"},
		{BandPartial, "10", "6", "8"},
		{BandMissed, "10", "0", "6"},
		{BandMet, "3.3333", "2.66664", "3.3333"},
	}
	for _, c := range cases {
		lo, hi, ok := r.BandScores(c.band, dec(c.weight))
		if !ok || !lo.Equal(dec(c.lo)) || !hi.Equal(dec(c.hi)) {
			t.Errorf("BandScores(%s, %s) = %s, %s, %v; want %s, %s", c.band, c.weight, lo, hi, ok, c.lo, c.hi)
		}
	}
	if _, _, ok := r.BandScores("全部达成", dec("10")); ok {
		t.Error("unknown band accepted")
	}
}

func TestFiledScoreCounts(t *testing.T) {
	r := DefaultRules()
	cases := []struct {
		name, score, want string
	}{
		{"blank uses the suggestion", "", "3.48"},
		{"filed score counts", "4", "4"},
		{"filed zero counts", "0", "0"},
	}
	for _, c := range cases {
		rs := ScoreRow(row("数量指标", "篇数", "≥100篇", "87篇", "4", c.score), r)
		if !rs.Used.Equal(dec(c.want)) {
			t.Errorf("%s: used %s, want %s", c.name, rs.Used, c.want)
		}
	}
	in := row("数量指标", "篇数", "≥100篇", "87篇", "4", "")
	in.Score = Amount{emptyString: true}
	if rs := ScoreRow(in, r); !rs.Used.Equal(dec("3.48")) {
		t.Errorf(`score "" must use the suggestion, used %s`, rs.Used)
	}
}

func TestGrades(t *testing.T) {
	r := DefaultRules()
	cases := []struct{ total, grade string }{
		{"100", "优"}, {"90", "优"}, {"90.00", "优"}, {"89.99", "良"}, {"80", "良"}, {"79.99", "中"},
		{"60", "中"}, {"59.99", "差"}, {"0", "差"}, {"-5", "差"},
	}
	for _, c := range cases {
		if got := r.GradeFor(dec(c.total)); got != c.grade {
			t.Errorf("GradeFor(%s) = %s, want %s", c.total, got, c.grade)
		}
	}
}

func TestScoreTotalsAndSubtotals(t *testing.T) {
	f := NewFiling("测试单位", 2024)
	f.Overall.Funds = Funds{FullYearBudget: amt("100"), Executed: amt("80")}
	f.Overall.Indicators = []Indicator{
		row("数量指标", "a", "≥100篇", "50篇", "30", ""),
		row("质量指标", "b", "≥90%", "95%", "20", ""),
		row("社会效益指标", "c", "有效提升", "有效提升", "30", ""),
		row("服务对象满意度指标", "d", "≥90%", "90%", "10", "9.5"),
	}
	ts := Score(f, DefaultRules()).Overall
	if got := ts.ExecutionScore.String(); got != "8" {
		t.Errorf("execution score %s", got)
	}
	// 8 + 15 + 20 + 30 + 9.5
	if got := ts.Total.StringFixed(2); got != "82.50" || ts.Grade != "良" {
		t.Errorf("total %s %s, want 82.50 良", got, ts.Grade)
	}
	sub := ts.Subtotals()
	for name, want := range map[string]string{"产出指标": "35", "效益指标": "30", "满意度指标": "9.5"} {
		if !sub[name].Equal(dec(want)) {
			t.Errorf("subtotal %s = %s, want %s", name, sub[name], want)
		}
	}
	if !ts.WeightTotal.Equal(dec("100")) {
		t.Errorf("weight total %s", ts.WeightTotal)
	}
	if l := ts.Level("产出指标"); !l.Weight.Equal(dec("50")) || !l.Expected.Equal(dec("50")) {
		t.Errorf("产出指标 weight %s expected %s", l.Weight, l.Expected)
	}
}

func TestRulesVariant(t *testing.T) {
	// A locality's variant is a new Rules value.
	r := DefaultRules()
	r.OverTargetRatio = dec("1.5")
	r.Grades[0].Min = dec("95")
	f := NewFiling("测试单位", 2024)
	f.Overall.Funds = Funds{FullYearBudget: amt("100"), Executed: amt("100")}
	f.Overall.Indicators = []Indicator{
		row("数量指标", "a", "≥100篇", "130篇", "50", ""),
		row("社会效益指标", "b", "有效提升", "有效提升", "30", ""),
		row("服务对象满意度指标", "c", "≥90%", "90%", "10", "2"),
	}
	f.Overall.Indicators[2].Deviation = "满意度调查样本不足。"
	ts := Score(f, r).Overall
	if ts.Grade != "良" { // 92 is 优 under the defaults
		t.Errorf("grade %s under a 95 threshold for 优", ts.Grade)
	}
	if got := withCode(Check(f, r), "indicator.over_target"); len(got) != 0 {
		t.Errorf("130%% warned under a 150%% threshold: %v", got)
	}
	if got := withCode(Check(f, DefaultRules()), "indicator.over_target"); len(got) != 1 {
		t.Errorf("130%% not warned under the default 120%% threshold: %v", got)
	}
}
