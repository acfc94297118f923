package domain

import (
	"slices"
	"strings"
	"testing"
)

func TestBlankMarker(t *testing.T) {
	if got := BlankMarker("一般公共预算基本支出"); got != "【未填写：一般公共预算基本支出】" || !strings.HasPrefix(got, BlankMarkerPrefix) {
		t.Errorf("BlankMarker = %q", got)
	}
}

func TestSplitMarkers(t *testing.T) {
	cases := []struct {
		in   string
		want []TextSpan
	}{
		{"", nil},
		{"无标记", []TextSpan{{Text: "无标记"}}},
		{"总支出【未填写：人员经费】。", []TextSpan{{Text: "总支出"}, {Text: "【未填写：人员经费】", Blank: true}, {Text: "。"}}},
		{"【未填写：a】【未填写：b】", []TextSpan{{Text: "【未填写：a】", Blank: true}, {Text: "【未填写：b】", Blank: true}}},
		{"开头【未填写：没有结尾", []TextSpan{{Text: "开头【未填写：没有结尾"}}},
		{"【其他】括号", []TextSpan{{Text: "【其他】括号"}}},
	}
	for _, c := range cases {
		got := SplitMarkers(c.in)
		if !slices.Equal(got, c.want) {
			t.Errorf("SplitMarkers(%q) = %+v, want %+v", c.in, got, c.want)
		}
		var joined strings.Builder
		for _, s := range got {
			joined.WriteString(s.Text)
		}
		if joined.String() != c.in {
			t.Errorf("SplitMarkers(%q) joins to %q", c.in, joined.String())
		}
	}
}

func TestGeneratedSentencesKeepBlanksBlank(t *testing.T) {
	f := loadSample(t)
	f.Report.GeneralBudgetSpending = GeneralBudgetSpending{}
	f.Report.GovernmentFundSpending, f.Report.StateCapitalSpending, f.Report.SocialInsuranceSpending = Blank, Blank, Blank
	want := map[string]string{
		"basic":    "一般公共预算基本支出2024年度总支出【未填写：一般公共预算基本支出】，其中：",
		"project":  "一般公共预算项目支出2024年度总支出【未填写：一般公共预算项目支出】。",
		"fund":     "本单位2024年度政府性基金预算支出【未填写：政府性基金预算支出】。",
		"personal": "人员经费【未填写：人员经费】：包括",
		"public":   "公用经费【未填写：公用经费】：包括",
	}
	var all strings.Builder
	for _, s := range f.ReportSections() {
		if !s.Generated {
			continue
		}
		all.WriteString(s.Body + "\n")
		for _, sub := range s.Subsections {
			all.WriteString(sub.Body + "\n")
		}
	}
	text := all.String()
	for what, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s: generated text lacks %q:\n%s", what, w, text)
		}
	}
	if strings.Contains(text, "0万元") {
		t.Errorf("generated text prints a blank as 0万元:\n%s", text)
	}
	if n := strings.Count(text, BlankMarkerPrefix); n != 7 {
		t.Errorf("%d markers, want 7 (基本支出, 人员经费, 公用经费, 项目支出, 三, 四, 五):\n%s", n, text)
	}

	// A zero that was filled in is a fact and prints as 0万元.
	f.Report.GovernmentFundSpending = amt("0")
	if got := f.BudgetSentence("政府性基金预算", f.Report.GovernmentFundSpending); got != "本单位2024年度政府性基金预算支出0万元。" {
		t.Errorf("zero: %q", got)
	}
	// 基本支出 with one part filled is that part.
	f.Report.GeneralBudgetSpending.Personnel = amt("12")
	if got := f.BasicSpendingSentence(); got != "一般公共预算基本支出2024年度总支出12万元，其中：" {
		t.Errorf("one part: %q", got)
	}
}

func TestTotalsOfBlanksAreBlank(t *testing.T) {
	var f Filing
	cases := []struct {
		what string
		got  Amount
	}{
		{"三公经费", f.BasicData.Sangong.Sum().Final},
		{"公务用车购置和维护经费", f.BasicData.Sangong.Vehicles().Budget},
		{"项目支出", f.BasicData.ProjectSpending.Sum().PriorFinal},
		{"项目支出 with blank named rows", ProjectSpending{DistrictSpecial: []NamedTriple{{Name: "a"}}}.Sum().Final},
		{"基本支出", f.Report.GeneralBudgetSpending.Basic()},
		{"一般公共预算支出", f.Report.GeneralBudgetSpending.Total()},
		{"按收入性质分", f.Overall.Income.Sum()},
		{"按支出性质分", f.Overall.Expenditure.Sum()},
		{"附件3 其中 rows", ProjectFunds{}.PartsSum().Executed},
	}
	for _, c := range cases {
		if c.got.IsSet() {
			t.Errorf("%s of blanks = %s, want blank", c.what, c.got.Text())
		}
	}
	if got := (GeneralBudgetSpending{Personnel: amt("0")}).Basic(); !got.IsSet() || !got.IsZero() {
		t.Errorf("a filled 0 gives %q, want 0", got.Text())
	}
}
