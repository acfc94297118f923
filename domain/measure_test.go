package domain

import (
	"errors"
	"testing"
)

func TestParseTarget(t *testing.T) {
	cases := []struct {
		in    string
		quant bool
		cmp   Comparator
		value string
		unit  string
		err   bool
	}{
		{"≧100篇", true, AtLeast, "100", "篇", false},
		{"≥90%", true, AtLeast, "90", "%", false},
		{">=90%", true, AtLeast, "90", "%", false},
		{"＞＝90%", true, AtLeast, "90", "%", false},
		{"不低于95%", true, AtLeast, "95", "%", false},
		{"不少于20次", true, AtLeast, "20", "次", false},
		{"大于等于6个", true, AtLeast, "6", "个", false},
		{"≤100%", true, AtMost, "100", "%", false},
		{"≦5天", true, AtMost, "5", "天", false},
		{"<=30天", true, AtMost, "30", "天", false},
		{"不高于100%", true, AtMost, "100", "%", false},
		{"不超过50万元", true, AtMost, "50", "万元", false},
		{"控制在5%以内", true, AtMost, "5", "%", false},
		{"预算金额≤1902.68万元", true, AtMost, "1902.68", "万元", false},
		{"=100%", true, Exactly, "100", "%", false},
		{"＝100%", true, Exactly, "100", "%", false},
		{">10个", true, MoreThan, "10", "个", false},
		{"高于80分", true, MoreThan, "80", "分", false},
		{"<10次", true, LessThan, "10", "次", false},
		{"低于3%", true, LessThan, "3", "%", false},
		{"100%", true, AtLeast, "100", "%", false},
		{"6个", true, AtLeast, "6", "个", false},
		{"95%以上", true, AtLeast, "95", "%", false},
		{"5万元以内", true, AtMost, "5", "万元", false},
		{"3个工作日", true, AtLeast, "3", "个工作日", false},
		{"1902.68万", true, AtLeast, "1902.68", "万元", false},
		{" ≥ 9０ ％ ", true, AtLeast, "90", "%", false},
		{"12345热线办结率≥95%", true, AtLeast, "95", "%", false},
		{"≥1,000人次", true, AtLeast, "1000", "人次", false},
		// Wordings seen in published filings (issue 16).
		{"═100%", true, Exactly, "100", "%", false},
		{"﹦100%", true, Exactly, "100", "%", false},
		{"﹦1项", true, Exactly, "1", "项", false},
		{"≧95%", true, AtLeast, "95", "%", false},
		{"≦30天", true, AtMost, "30", "天", false},
		{"＞90%", true, MoreThan, "90", "%", false},
		{"＜5%", true, LessThan, "5", "%", false},
		{"﹥90%", true, MoreThan, "90", "%", false},
		{"﹤5%", true, LessThan, "5", "%", false},
		{"≮95%", true, AtLeast, "95", "%", false},
		{"≯5天", true, AtMost, "5", "天", false},
		{"不小于3个", true, AtLeast, "3", "个", false},
		{"98%及以上", true, AtLeast, "98", "%", false},
		{"100万元以下", true, AtMost, "100", "万元", false},
		{"不大于1次", true, AtMost, "1", "次", false},
		{"控制在5%内", true, AtMost, "5", "%", false},
		{"控制在预算100万元以内", false, 0, "", "", false},
		{"控制在100万元以内", true, AtMost, "100", "万元", false},
		{"3个工作日内", true, AtMost, "3", "个工作日", false},
		{"95百分比", true, AtLeast, "95", "%", false},
		{"≥90百分比", true, AtLeast, "90", "%", false},
		{"150万", true, AtLeast, "150", "万元", false},
		{"≤150万", true, AtMost, "150", "万元", false},
		{"≥ 95 %", true, AtLeast, "95", "%", false},
		// Qualitative.
		{"及时", false, 0, "", "", false},
		{"有效提升", false, 0, "", "", false},
		{"持续推进", false, 0, "", "", false},
		{"2024年底前完成", false, 0, "", "", false},
		{"12月底前完成", false, 0, "", "", false},
		{"不低于上年水平", false, 0, "", "", false},
		{"未发生", false, 0, "", "", false},
		{"2024年低于上年", false, 0, "", "", false},
		{"不低于上年的95%", false, 0, "", "", false},
		// Errors, never guesses.
		{"", false, 0, "", "", true},
		{"≥", false, 0, "", "", true},
		{"≥篇", false, 0, "", "", true},
		{"≥100篇/年，200人次", true, 0, "", "", true},
		{"≤上年的90%", false, 0, "", "", true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseTarget(c.in)
			if (err != nil) != c.err {
				t.Fatalf("err = %v, want error %v", err, c.err)
			}
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Errorf("error %T is not a *ParseError", err)
				}
				assertChinese(t, err.Error())
				return
			}
			if got.Quantitative != c.quant {
				t.Fatalf("quantitative = %v, want %v (%+v)", got.Quantitative, c.quant, got)
			}
			if !c.quant {
				return
			}
			if got.Cmp != c.cmp || !got.Value.Equal(dec(c.value)) || got.Unit != c.unit {
				t.Errorf("got %s %s %q, want %s %s %q", got.Cmp.Symbol(), got.Value, got.Unit, c.cmp.Symbol(), c.value, c.unit)
			}
		})
	}
}

func TestParseQuantity(t *testing.T) {
	cases := []struct {
		in, value, unit string
		err             bool
	}{
		{"160篇", "160", "篇", false},
		{"102.07%", "102.07", "%", false},
		{"1902.68万", "1902.68", "万元", false},
		{"2606.21万元", "2606.21", "万元", false},
		{"12个", "12", "个", false},
		{"98%", "98", "%", false},
		{"160余篇", "160", "篇", false},
		{"约100人次", "100", "人次", false},
		{"１２个", "12", "个", false},
		{"1,200人", "1200", "人", false},
		{"95", "95", "", false},
		{"100㎡", "100", "平方米", false},
		// Actuals with the target's comparator copied in (issue 16).
		{"≥80%", "80", "%", false},
		{"≧95%", "95", "%", false},
		{"＞90%", "90", "%", false},
		{"≤5天", "5", "天", false},
		{"﹦100%", "100", "%", false},
		{"═1项", "1", "项", false},
		{"≮95%", "95", "%", false},
		{"不低于90%", "90", "%", false},
		{"95%以上", "95", "%", false},
		{"98%及以上", "98", "%", false},
		{"3天以内", "3", "天", false},
		{"5%内", "5", "%", false},
		{"95百分比", "95", "%", false},
		{"150万", "150", "万元", false},
		{"150万以上", "150", "万元", false},
		{"≥80%，92%", "", "", true},
		{"", "", "", true},
		{"很多", "", "", true},
		{"3个社区12户", "", "", true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			q, err := ParseQuantity(c.in)
			if (err != nil) != c.err {
				t.Fatalf("err = %v, want error %v", err, c.err)
			}
			if err != nil {
				assertChinese(t, err.Error())
				return
			}
			if !q.Value.Equal(dec(c.value)) || q.Unit != c.unit {
				t.Errorf("got %s %q, want %s %q", q.Value, q.Unit, c.value, c.unit)
			}
		})
	}
}

func TestTargetMet(t *testing.T) {
	cases := []struct {
		target, actual string
		met            bool
	}{
		{"≥100", "100", true}, {"≥100", "99.99", false},
		{">100", "100", false}, {">100", "100.01", true},
		{"≤100", "100", true}, {"≤100", "100.01", false},
		{"<100", "100", false}, {"<100", "99", true},
		{"=100", "100", true}, {"=100", "100.00", true}, {"=100", "99", false},
		{"═100%", "100%", true}, {"﹦100%", "99%", false},
		{"≮95%", "≥95%", true}, {"≮95%", "94.9%", false},
		{"≯5天", "5天", true}, {"≯5天", "6天", false},
		{"控制在5%内", "4%", true}, {"95%以上", "80%以上", false},
	}
	for _, c := range cases {
		tg, err := ParseTarget(c.target)
		if err != nil {
			t.Fatal(err)
		}
		q, err := ParseQuantity(c.actual)
		if err != nil {
			t.Fatal(err)
		}
		if !sameUnit(tg.Unit, q.Unit) {
			t.Fatalf("%s and %s: units %q and %q differ", c.target, c.actual, tg.Unit, q.Unit)
		}
		if got := tg.Met(q.Value); got != c.met {
			t.Errorf("%s met by %s = %v", c.target, c.actual, got)
		}
	}
	if (Target{}).Met(dec("1")) {
		t.Error("a qualitative target is never met by a number")
	}
}

// TestWordingsScoreQuantitative: rows written with the wordings real filings
// use (issue 16) are scored by formula, not sent to the qualitative bands.
func TestWordingsScoreQuantitative(t *testing.T) {
	cases := []struct{ target, actual, suggested string }{
		{"═100%", "100%", "10"},
		{"﹦100%", "98%", "9.8"},
		{"﹦1项", "═1项", "10"},
		{"≮95%", "≥95%", "10"},
		{"≮95%", "90%", "9.47"},
		{"≯5天", "6天", "8"},
		{"不小于20次", "20次以上", "10"},
		{"95%以上", "≧95%", "10"},
		{"≥90百分比", "81百分比", "9"},
		{"控制在5%内", "4%", "10"},
		{"150万", "150万元", "10"},
		{"≤150万元", "165万", "9"},
		{"3个工作日内", "3个工作日", "10"},
	}
	for _, c := range cases {
		t.Run(c.target+"→"+c.actual, func(t *testing.T) {
			row := Indicator{Level1: "产出指标", Level2: "数量指标", Name: "指标", Target: c.target, Actual: c.actual, Weight: amt("10")}
			rs := ScoreRow(row, DefaultRules())
			if !rs.Target.Quantitative || rs.TargetErr != nil || rs.ActualErr != nil || rs.UnitMismatch {
				t.Fatalf("not scored as quantitative: %+v", rs)
			}
			if !rs.Suggested.IsSet() || !rs.Suggested.Decimal().Equal(dec(c.suggested)) {
				t.Errorf("suggested %s, want %s", rs.Suggested, c.suggested)
			}
		})
	}
}
