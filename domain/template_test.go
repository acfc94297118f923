package domain

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	cases := []struct {
		in, text, fixed2, reason string
	}{
		{"387664.62元", "38.766462", "38.77", ""},
		{"387664.62 元", "38.766462", "38.77", ""},
		{"３８７６６４．６２元", "38.766462", "38.77", ""},
		{"1,000元", "0.1", "0.10", ""},
		{"1元", "0.0001", "0.00", ""},
		{"0.01元", "0.000001", "0.00", ""},
		{"28.79万元", "28.79", "28.79", ""},
		{"28.79万", "28.79", "28.79", ""},
		{"38.766462", "38.766462", "38.77", ""},
		{"", "", "", ""},
		{"元", "", "", "缺少数字"},
		{"1.234元", "", "", "以元为单位时小数位数为3位，最多2位（精确到分）"},
		{"1.2345678万元", "", "", "小数位数为7位，最多6位"},
		{"12美元", "", "", "包含非数字字符“美”"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			a, err := ParseMoney(c.in)
			if c.reason != "" {
				if err == nil || !strings.Contains(err.Error(), c.reason) || !errors.Is(err, ErrAmountSyntax) || !strings.Contains(err.Error(), c.in) {
					t.Fatalf("error %v, want one naming %q and containing %q", err, c.in, c.reason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Text() != c.text || a.Fixed2() != c.fixed2 {
				t.Errorf("text %q fixed2 %q, want %q %q", a.Text(), a.Fixed2(), c.text, c.fixed2)
			}
		})
	}
	// Stored exactly: the 万元 figure reads back as it was converted.
	a, _ := ParseMoney("387664.62元")
	if back, err := ParseAmount(a.Text()); err != nil || !back.Equal(a) {
		t.Errorf("38.766462 does not read back: %v %v", back, err)
	}
}

// amountPaths lists the JSON path of every amount field of f.
func amountPaths(f *Filing) []string {
	amountType := reflect.TypeFor[Amount]()
	var out []string
	var walk func(v reflect.Value, path []string)
	walk = func(v reflect.Value, path []string) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem(), path)
			}
		case reflect.Struct:
			if v.Type() == amountType {
				out = append(out, strings.Join(path, "."))
				return
			}
			for i := range v.NumField() {
				name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
				if name == "" || name == "-" {
					continue
				}
				walk(v.Field(i), append(path[:len(path):len(path)], name))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i), append(path[:len(path):len(path)], strconv.Itoa(i)))
			}
		}
	}
	walk(reflect.ValueOf(f).Elem(), nil)
	return out
}

// TestIsMoneyPath walks every amount field of a filing that has each kind
// of row: all are money except the listed points, rates and m².
func TestIsMoneyPath(t *testing.T) {
	f := cleanFiling(t)
	f.BasicData.Buildings = []Building{{Name: "楼"}}
	f.BasicData.ProjectSpending.DistrictSpecial = []NamedTriple{{Name: "专项"}}
	f.BasicData.ProjectSpending.HigherTransfer = []NamedTriple{{Name: "转移支付"}}
	f.BasicData.Sangong.Total = &Triple{}
	f.BasicData.ProjectSpending.Total = &Triple{}
	f.Projects[0].Funds.Sources = []FundSource{{Name: "来源"}}
	f.Projects[0].Indicators[0].ReviewScore = ptr(amt("1"))
	f.Overall.Filed = &Filed{Level1: []FiledLevel1{{Name: "产出指标", Score: amt("1")}}}
	notMoney := map[string]bool{"weight": true, "score": true, "review_score": true, "execution_weight": true,
		"approved_scale": true, "actual_scale": true, "execution_rate": true, "execution_score": true, "total": true}
	paths := amountPaths(f)
	if len(paths) < 80 {
		t.Fatalf("only %d amount paths", len(paths))
	}
	for _, p := range paths {
		keys := strings.Split(p, ".")
		want := !notMoney[keys[len(keys)-1]]
		if strings.HasPrefix(p, "overall.filed.") {
			want = false
		}
		if got := IsMoneyPath(p); got != want {
			t.Errorf("IsMoneyPath(%q) = %v, want %v", p, got, want)
		}
	}
	for _, p := range []string{"", "unit", "report.other", "overall.indicators.0.name", "basic_data.public_spending.total"} {
		if IsMoneyPath(p) {
			t.Errorf("IsMoneyPath(%q) = true", p)
		}
	}
}

func TestFundSourcesExecutionRate(t *testing.T) {
	f := cleanFiling(t)
	f.Projects[0].Funds.Sources = []FundSource{
		{Name: "区级财政资金", InitialBudget: amt("600"), FullYearBudget: amt("609"), Executed: amt("28.79")},
		{Name: "上级补助", InitialBudget: amt("39"), FullYearBudget: amt("30"), Executed: Blank},
		{Name: "未编预算", Executed: amt("1")},
	}
	ts := Score(f, DefaultRules()).Projects[0]
	want := []SourceScore{{"区级财政资金", amt("4.73")}, {"上级补助", Blank}, {"未编预算", Blank}}
	if len(ts.Sources) != len(want) {
		t.Fatalf("sources %+v", ts.Sources)
	}
	for i, w := range want {
		if ts.Sources[i].Name != w.Name || ts.Sources[i].Rate.Fixed2() != w.Rate.Fixed2() {
			t.Errorf("source %d = %s %s, want %s %s", i, ts.Sources[i].Name, ts.Sources[i].Rate.Fixed2(), w.Name, w.Rate.Fixed2())
		}
	}
	// On the 年初预算数 basis: 28.79 ÷ 600 = 4.80%.
	r := DefaultRules()
	r.ExecutionBasis = BasisInitial
	if got := Score(f, r).Projects[0].Sources[0].Rate.Fixed2(); got != "4.80" {
		t.Errorf("年初预算数 basis: %s", got)
	}
	if len(Score(f, r).Overall.Sources) != 0 {
		t.Error("附件2 has sources")
	}
	// Sources adding up to the total draw no sum finding.
	f.Projects[0].Funds.Sources = []FundSource{
		{Name: "区级财政资金", InitialBudget: amt("600"), FullYearBudget: amt("609"), Executed: amt("28.79")},
		{Name: "上级补助", InitialBudget: amt("39"), FullYearBudget: amt("30")},
	}
	if fs := withCode(Check(f, DefaultRules()), "project.sources_sum"); len(fs) != 0 {
		t.Errorf("matching sources: %s", findingList(fs))
	}
}

func TestReviewTotal(t *testing.T) {
	cases := []struct {
		name    string
		reviews map[int]string // row index → 复核分
		has     bool
		total   string
		grade   string
	}{
		{"no 复核分: no 复核总分", nil, false, "0.00", ""},
		{"复核分 lower on one row", map[int]string{0: "2"}, true, "92.87", "优"},
		{"复核分 on several rows", map[int]string{0: "2", 8: "5", 15: "0"}, true, "77.87", "中"},
		{"复核分 equal to 得分", map[int]string{0: "4"}, true, "94.87", "优"},
		{"复核分 above 分值 counts the 分值", map[int]string{0: "9"}, true, "94.87", "优"},
		{"negative 复核分 counts 0", map[int]string{0: "-1"}, true, "90.87", "优"},
		{"blank 复核分 is none", map[int]string{0: ""}, false, "0.00", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := loadSample(t)
			for i, v := range c.reviews {
				f.Overall.Indicators[i].ReviewScore = ptr(amt(v))
			}
			ts := Score(f, DefaultRules()).Overall
			if ts.Total.StringFixed(2) != "94.87" {
				t.Errorf("总分 %s changed", ts.Total)
			}
			if ts.HasReview != c.has || ts.ReviewTotal.StringFixed(2) != c.total || ts.ReviewGrade != c.grade {
				t.Errorf("review %v %s %q, want %v %s %q", ts.HasReview, ts.ReviewTotal.StringFixed(2), ts.ReviewGrade, c.has, c.total, c.grade)
			}
		})
	}
	// Per 一级指标: 产出指标 30 with 2 for the first row's 4.
	f := loadSample(t)
	f.Overall.Indicators[0].ReviewScore = ptr(amt("2"))
	ts := Score(f, DefaultRules()).Overall
	if l := ts.Level("产出指标"); !l.Reviewed.Equal(l.Score.Sub(dec("2"))) {
		t.Errorf("产出指标 reviewed %s, score %s", l.Reviewed, l.Score)
	}
}

func TestValidateReviewScore(t *testing.T) {
	if err := ValidateReviewScore(amt("5"), amt("4")); err == nil || err.Error() != "复核分5超过分值4" || !errors.Is(err, ErrScoreOverWeight) {
		t.Errorf("over: %v", err)
	}
	if err := ValidateReviewScore(amt("-1"), amt("4")); err == nil || err.Error() != "复核分-1小于0，复核分不能为负数" || !errors.Is(err, ErrScoreNegative) {
		t.Errorf("negative: %v", err)
	}
	if err := ValidateReviewScore(amt("4"), amt("4")); err != nil {
		t.Errorf("4 of 4: %v", err)
	}
	if err := ValidateScore(amt("5"), amt("4")); err == nil || err.Error() != "得分5超过分值4" {
		t.Errorf("得分: %v", err)
	}
}

func TestCloneAndCarryForwardNewFields(t *testing.T) {
	f := cleanFiling(t)
	f.Projects[0].Indicators[0].ReviewScore = ptr(amt("18"))
	f.Projects[0].Funds.Sources = []FundSource{{Name: "区级财政资金", FullYearBudget: amt("639"), Executed: amt("28.79")}}
	g := f.Clone()
	*g.Projects[0].Indicators[0].ReviewScore = amt("1")
	g.Projects[0].Funds.Sources[0].Name = "改"
	if f.Projects[0].Indicators[0].ReviewScore.Text() != "18" || f.Projects[0].Funds.Sources[0].Name != "区级财政资金" {
		t.Error("Clone shares 复核分 or sources with the original")
	}
	next := CarryForward(f)
	p := next.Projects[0]
	if p.Indicators[0].ReviewScore != nil {
		t.Error("CarryForward kept the 复核分")
	}
	if len(p.Funds.Sources) != 1 || p.Funds.Sources[0].Name != "区级财政资金" || p.Funds.Sources[0].Executed.IsSet() {
		t.Errorf("CarryForward sources %+v, want the names without figures", p.Funds.Sources)
	}
	if f.Projects[0].Indicators[0].ReviewScore == nil {
		t.Error("CarryForward changed its input")
	}
}

func TestRulesExecutionInGrid(t *testing.T) {
	r, err := ParseRules("g.json", []byte(`{"id":"grid","execution_in_grid":true}`))
	if err != nil || !r.ExecutionInGrid {
		t.Fatalf("%v %v", r.ExecutionInGrid, err)
	}
	if DefaultRules().ExecutionInGrid {
		t.Error("the default prints 执行率 in the grid")
	}
	back, err := ParseRules("g.json", EncodeRules(r))
	if err != nil || !back.ExecutionInGrid || !strings.Contains(string(EncodeRules(r)), `"execution_in_grid": true`) {
		t.Errorf("does not round-trip: %v\n%s", err, EncodeRules(r))
	}
	_, err = ParseRules("g.json", []byte(`{"id":"grid","execution_in_grid":"是"}`))
	if err == nil || err.Error() != "规则文件 g.json：execution_in_grid 应为 true 或 false" {
		t.Errorf("bad value: %v", err)
	}
}
