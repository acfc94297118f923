package domain

import (
	"strings"
	"testing"
)

func TestSampleScore(t *testing.T) {
	f := loadSample(t)
	sc := Score(f, DefaultRules())
	o := sc.Overall
	checks := []struct{ what, got, want string }{
		{"执行率", o.Rate.Fixed2(), "48.65"},
		{"执行率得分", o.ExecutionScore.StringFixed(2), "4.87"},
		{"产出指标", o.Level("产出指标").Score.StringFixed(2), "50.00"},
		{"效益指标", o.Level("效益指标").Score.StringFixed(2), "30.00"},
		{"满意度指标", o.Level("满意度指标").Score.StringFixed(2), "10.00"},
		{"总分", o.Total.StringFixed(2), "94.87"},
		{"等级", o.Grade, "优"},
		{"分值合计", o.WeightTotal.String(), "100"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %s, want %s", c.what, c.got, c.want)
		}
	}
	if len(sc.Projects) != 0 {
		t.Errorf("sample has %d 附件3 tables, want 0", len(sc.Projects))
	}
	for i, rs := range o.Rows {
		w := f.Overall.Indicators[i].Weight.Decimal()
		if !rs.Suggested.IsSet() || !rs.Suggested.Decimal().Equal(w) {
			t.Errorf("row %d (%s): suggested %s, want full 分值 %s", i, f.Overall.Indicators[i].Name, rs.Suggested, w)
		}
	}
	subtotals := map[string]string{"数量指标": "20", "质量指标": "10", "时效指标": "10", "成本指标": "10", "经济效益指标": "10", "社会效益指标": "10", "生态效益指标": "5", "可持续影响指标": "5", "服务对象满意度指标": "10"}
	for _, l := range o.Levels {
		for _, l2 := range l.Level2 {
			if want := subtotals[l2.Name]; !l2.Score.Equal(dec(want)) {
				t.Errorf("二级指标 %s = %s, want %s", l2.Name, l2.Score, want)
			}
		}
	}
}

func TestSampleCheck(t *testing.T) {
	fs := Check(loadSample(t), DefaultRules())
	errs, warns, infos := Counts(fs)
	if errs != 1 || warns != 4 || infos != 1 {
		t.Errorf("counts = %d errors, %d warnings, %d infos; want 1, 4, 1:\n%v", errs, warns, infos, fs)
	}
	missing := withCode(fs, "cross.missing_project_table")
	if len(missing) != 1 {
		t.Fatalf("want one cross.missing_project_table finding, got %v", missing)
	}
	m := missing[0]
	if m.Severity != Error || !strings.Contains(m.Message, "业务工作经费") || !strings.Contains(m.Message, "28.79") {
		t.Errorf("missing 附件3 finding = %+v", m)
	}
	if m.Where.Attachment != 1 || m.Where.Path != "basic_data.project_spending.business.final" {
		t.Errorf("missing 附件3 location = %+v", m.Where)
	}
	rounding := withCode(fs, "cross.report_general_budget")
	if len(rounding) != 1 || rounding[0].Severity != Info || !strings.Contains(rounding[0].Message, "0.01") {
		t.Errorf("want the 0.01 rounding info (1371.88 against 1371.87), got %v", rounding)
	}
	if got := len(withCode(fs, "indicator.over_target")); got != 4 {
		t.Errorf("over-target warnings = %d, want 4 (160篇, 12个, 2606.21万元, 25次)", got)
	}
}

func TestCleanFilingHasNoErrors(t *testing.T) {
	fs := Check(cleanFiling(t), DefaultRules())
	for _, f := range fs {
		if f.Severity != Warning || f.Code != "indicator.over_target" {
			t.Errorf("unexpected finding in the clean filing: %v", f)
		}
	}
}

func TestYearDerivedLabels(t *testing.T) {
	f := NewFiling("某街道办事处", 2031)
	cases := []struct{ got, want string }{
		{f.PriorYearFinalLabel(), "2030年决算数"},
		{f.BudgetLabel(), "2031年预算数"},
		{f.FinalLabel(), "2031年决算数"},
		{f.ReportTitle(), "2031年度某街道办事处单位整体支出绩效自评报告"},
		{f.BudgetSentence("政府性基金预算", Blank), "本单位2031年度政府性基金预算支出【未填写：政府性基金预算支出】。"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestReportSections(t *testing.T) {
	f := loadSample(t)
	secs := f.ReportSections()
	if len(secs) != 10 {
		t.Fatalf("%d sections, want 10", len(secs))
	}
	for i, s := range secs {
		if s.Number != ChineseNumeral(i+1) {
			t.Errorf("section %d numbered %s", i+1, s.Number)
		}
		if s.Generated != (i >= 1 && i <= 4) {
			t.Errorf("section %s generated = %v", s.Number, s.Generated)
		}
	}
	want := "一般公共预算基本支出2024年度总支出1369.56万元，其中："
	if got := f.BasicSpendingSentence(); got != want {
		t.Errorf("BasicSpendingSentence = %q, want %q", got, want)
	}
	if got := f.ProjectSentence(); got != "一般公共预算项目支出2024年度总支出2.32万元。" {
		t.Errorf("ProjectSentence = %q", got)
	}
}
