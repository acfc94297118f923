package domain

import (
	"errors"
	"strings"
	"testing"
)

func TestTableValidity(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(f *Filing)
		valid  bool
		grade  string
		reason string
	}{
		{"sample", func(*Filing) {}, true, "优", ""},
		{"weights summing 110", func(f *Filing) {
			f.Overall.Indicators[0].Weight = amt("14")
			f.Overall.Indicators[0].Score = amt("14")
		}, false, "无效（权重合计110）", "分值合计为110，应为100，总分不能评定等级"},
		{"weights summing 99.5", func(f *Filing) { f.Overall.Indicators[0].Weight = amt("3.5") }, false, "无效（权重合计99.5）", "分值合计为99.5，应为100"},
		{"执行率 分值 15 making 105", func(f *Filing) { f.Overall.ExecutionWeight = amt("15") }, false, "无效（权重合计105）", "分值合计为105"},
		{"一级指标 off but total 100", func(f *Filing) {
			f.Overall.Indicators[0].Weight, f.Overall.Indicators[0].Score = amt("2"), amt("2")
			f.Overall.Indicators[12].Weight, f.Overall.Indicators[12].Score = amt("12"), amt("12")
		}, true, "优", ""},
		{"no indicators", func(f *Filing) { f.Overall.Indicators = nil }, false, "无效（权重合计10）", "分值合计为10"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := loadSample(t)
			c.mutate(f)
			ts := Score(f, DefaultRules()).Overall
			if ts.Valid != c.valid || ts.Grade != c.grade || !strings.Contains(ts.InvalidReason, c.reason) || (c.valid && ts.InvalidReason != "") {
				t.Errorf("Valid %v Grade %q reason %q; want %v %q %q", ts.Valid, ts.Grade, ts.InvalidReason, c.valid, c.grade, c.reason)
			}
		})
	}
}

func TestSampleStillScores(t *testing.T) {
	ts := Score(loadSample(t), DefaultRules()).Overall
	if ts.Total.StringFixed(2) != "94.87" || ts.Grade != "优" || !ts.Valid || ts.Rate.Fixed2() != "48.65" {
		t.Errorf("sample: %s %s valid=%v rate %s", ts.Total.StringFixed(2), ts.Grade, ts.Valid, ts.Rate.Fixed2())
	}
}

func TestScoreNeverExceedsWeight(t *testing.T) {
	r := DefaultRules()
	cases := []struct {
		name string
		row  Indicator
		used string
	}{
		{"quantitative 15 on 分值 10", row("数量指标", "上稿篇数", "≥100篇", "160篇", "10", "15"), "10"},
		{"qualitative 15 on 分值 10", row("时效指标", "工作及时性", "及时", "及时", "10", "15"), "10"},
		{"qualitative band above 分值", func() Indicator {
			x := row("社会效益指标", "群众安全感", "有效提升", "基本提升", "10", "12")
			x.Band = BandPartial
			return x
		}(), "10"},
		{"filed within 分值", row("数量指标", "上稿篇数", "≥100篇", "87篇", "10", "8.7"), "8.7"},
		{"negative filed score counts 0", row("数量指标", "上稿篇数", "≥100篇", "87篇", "10", "-3"), "0"},
		{"blank 分值 counts 0", row("数量指标", "上稿篇数", "≥100篇", "160篇", "", "5"), "0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ScoreRow(c.row, r).Used; !got.Equal(dec(c.used)) {
				t.Errorf("Used = %s, want %s", got, c.used)
			}
		})
	}

	// 15 filed on a row of 分值 10: the table counts 10 and check says so.
	f := cleanFiling(t)
	p := &f.Projects[0]
	p.Indicators[0].Weight, p.Indicators[0].Score = amt("10"), amt("15")
	p.Indicators[1].Weight = amt("25")
	ts := Score(f, r).Projects[0]
	if got := ts.Level("产出指标").Score; !got.Equal(dec("50")) {
		t.Errorf("产出指标 = %s, want 50 (the 15 counted as 10)", got)
	}
	fs := withCode(Check(f, r), "indicator.score_over_weight")
	if len(fs) != 1 || fs[0].Severity != Error || fs[0].Where.Path != "projects.0.indicators.0.score" ||
		!strings.Contains(fs[0].Message, "重点工作任务完成数") || !strings.Contains(fs[0].Message, "得分15超过分值10") {
		t.Errorf("findings %v", fs)
	}
}

func TestValidateScore(t *testing.T) {
	cases := []struct {
		score, weight string
		want          error
		msg           string
	}{
		{"15", "10", ErrScoreOverWeight, "得分15超过分值10"},
		{"10.01", "10", ErrScoreOverWeight, "得分10.01超过分值10"},
		{"10", "10", nil, ""},
		{"0", "10", nil, ""},
		{"", "10", nil, ""},
		{"5", "", nil, ""},
		{"-1", "10", ErrScoreNegative, "得分-1小于0"},
	}
	for _, c := range cases {
		err := ValidateScore(amt(c.score), amt(c.weight))
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("ValidateScore(%q, %q) = %v, want %v", c.score, c.weight, err, c.want)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), c.msg) {
			t.Errorf("ValidateScore(%q, %q) = %q, want %q", c.score, c.weight, err, c.msg)
		}
		var se *ScoreError
		if err != nil && !errors.As(err, &se) {
			t.Errorf("error %T is not a *ScoreError", err)
		}
	}
}

func TestCheckAmountPlausible(t *testing.T) {
	cases := []struct {
		in      string
		err     string
		confirm string
	}{
		{"-5", "金额不能为负数（-5）", ""},
		{"-0.01", "金额不能为负数（-0.01）", ""},
		{"99999999999", "", "金额99999999999万元超过100万万元（1000000），确认无误？"},
		{"1000000.0001", "", "超过100万万元"},
		{"1000000", "", ""},
		{"0", "", ""},
		{"", "", ""},
		{"28.79", "", ""},
	}
	for _, c := range cases {
		confirm, err := CheckAmountPlausible(amt(c.in))
		switch {
		case c.err == "" && err != nil, c.err != "" && (err == nil || err.Error() != c.err):
			t.Errorf("%q: err %v, want %q", c.in, err, c.err)
		case c.err != "" && !errors.Is(err, ErrAmountNegative):
			t.Errorf("%q: err does not wrap ErrAmountNegative", c.in)
		case c.confirm == "" && confirm != "", !strings.Contains(confirm, c.confirm):
			t.Errorf("%q: confirm %q, want %q", c.in, confirm, c.confirm)
		}
	}
}

func TestParseRejectsHalfTypedValues(t *testing.T) {
	amounts := []struct{ in, reason string }{
		{"12.3.4", "包含多个小数点"},
		{"1e9", "包含非数字字符“e”"},
		{"41e9", "包含非数字字符“e”"},
		{"12.", ""},
		{"-", "缺少数字"},
	}
	for _, c := range amounts {
		_, err := ParseAmount(c.in)
		if c.reason == "" {
			if err != nil {
				t.Errorf("ParseAmount(%q) = %v, want accepted", c.in, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.reason) || !errors.Is(err, ErrAmountSyntax) {
			t.Errorf("ParseAmount(%q) = %v, want %q", c.in, err, c.reason)
		}
	}
	dates := []struct{ in, out, reason string }{
		{"2026-02-30", "", "不是存在的日期：2026年2月只有28天"},
		{"2026-2-30", "", "2026年2月只有28天"},
		{"2024-02-30", "", "2024年2月只有29天"},
		{"2025-04-31", "", "2025年4月只有30天"},
		{"2025-13-01", "", "月份应为1至12"},
		{"2025-00-10", "", "月份应为1至12"},
		{"2025-01-00", "", "日应从1开始"},
		{"2024-02-29", "2024-02-29", ""},
		{"2025年7月11日", "2025-07-11", ""},
		{"2026-02", "", "不是有效日期"},
		{"2026-02-3a", "", "不是有效日期"},
	}
	for _, c := range dates {
		got, err := ParseDate(c.in)
		if c.reason == "" {
			if err != nil || got != c.out {
				t.Errorf("ParseDate(%q) = %q, %v; want %q", c.in, got, err, c.out)
			}
			continue
		}
		if err == nil || got != "" || !strings.Contains(err.Error(), c.reason) {
			t.Errorf("ParseDate(%q) = %q, %v; want refused: %s", c.in, got, err, c.reason)
		}
	}
}

func TestBuildingScaleIsNotMoney(t *testing.T) {
	f := cleanFiling(t)
	f.BasicData.Buildings = []Building{{Name: "体育场", ApprovedScale: amt("2000000"), ActualScale: amt("2000000"), BudgetInvestment: amt("50"), ActualInvestment: amt("50")}}
	if fs := withCode(Check(f, DefaultRules()), "amount.implausible"); len(fs) != 0 {
		t.Errorf("a building scale in m² was judged as money: %v", fs)
	}
}
