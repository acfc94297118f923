package domain

import (
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao/internal/sample"
)

// sampleBytes returns the 梅溪街道 2024 filing (internal/sample).
func sampleBytes(t testing.TB) []byte {
	t.Helper()
	return sample.JSON()
}

func loadSample(t testing.TB) *Filing {
	t.Helper()
	f, err := Decode(sampleBytes(t))
	if err != nil {
		t.Fatalf("Decode(sample): %v", err)
	}
	return f
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func amt(s string) Amount {
	if s == "" {
		return Blank
	}
	a, err := ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}

// row builds an indicator row; level1 is derived from level2.
func row(level2, name, target, actual, weight, score string) Indicator {
	l1, _ := DefaultRules().LevelOf(level2)
	return Indicator{Level1: l1.Name, Level2: level2, Name: name, Target: target, Actual: actual, Weight: amt(weight), Score: amt(score)}
}

// withCode returns the findings with the given code.
func withCode(fs []Finding, code string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// cleanFiling is the sample with a 附件3 table for 业务工作经费 and the report's
// 项目支出 adjusted so that the 0.01 rounding difference goes away: it has no
// errors and no infos, only the sample's over-target warnings.
func cleanFiling(t testing.TB) *Filing {
	t.Helper()
	f := loadSample(t)
	p := NewProject(BusinessRowName)
	p.Department = f.Unit
	p.Implementer = f.Unit
	p.Funds.Total = Funds{InitialBudget: amt("639"), FullYearBudget: amt("639"), Executed: amt("28.79")}
	p.Funds.CurrentYear = p.Funds.Total
	p.Goals = Goals{Expected: []string{"保障街道业务工作正常开展。"}, Actual: []string{"业务工作按计划完成。"}}
	p.Indicators = []Indicator{
		row("数量指标", "重点工作任务完成数", "≥10项", "10项", "20", ""),
		row("质量指标", "信访事项办结率", "≥95%", "96%", "15", ""),
		row("时效指标", "资金拨付及时率", "≥95%", "100%", "10", ""),
		row("成本指标", "项目支出预算控制数", "≤639万元", "28.79万元", "5", ""),
		row("社会效益指标", "群众安全感", "有效提升", "有效提升", "30", ""),
		row("服务对象满意度指标", "辖区群众满意度", "≥90%", "95%", "10", ""),
	}
	f.Projects = []Project{p}
	f.Report.GeneralBudgetSpending.Project = amt("2.31")
	return f
}

// assertChinese fails when msg carries a fragment of an English error text.
var quotedRe = regexp.MustCompile(`(?s)“.*”`)

func assertChinese(t *testing.T, msg string) {
	t.Helper()
	// What the filer wrote is quoted “…” and may be English itself.
	msg = quotedRe.ReplaceAllString(msg, "“”")
	for _, w := range []string{"invalid", "character", "looking", "beginning", "literal", "unexpected", "cannot", "unmarshal", "Go value", "object key", "JSON string", "JSON number", "expected", "error"} {
		if strings.Contains(msg, w) {
			t.Errorf("message %q holds English %q", msg, w)
		}
	}
}

// redecode replaces *f by the filing read from its own document with the
// first occurrence of old replaced by new: the way to give a test filing
// what only Decode produces (unknown keys, sanitised text).
func redecode(f *Filing, old, new string) {
	data, err := Encode(f)
	if err != nil {
		panic(err)
	}
	doc := string(data)
	if !strings.Contains(doc, old) {
		panic("redecode: the document lacks " + old)
	}
	g, err := Decode([]byte(strings.Replace(doc, old, new, 1)))
	if err != nil {
		panic(err)
	}
	*f = *g
}

// splitKeys are the split target columns Encode adds to an indicator that
// was read with its combined 年度指标值 only.
var splitKeys = []string{"direction", "comparator", "value", "unit"}

// withoutSplitKeys removes the split target columns from every indicator
// of a document decoded as generic JSON, in place, and returns it.
func withoutSplitKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "indicators" {
				for _, row := range e.([]any) {
					for _, key := range splitKeys {
						delete(row.(map[string]any), key)
					}
				}
				continue
			}
			withoutSplitKeys(e)
		}
	case []any:
		for _, e := range x {
			withoutSplitKeys(e)
		}
	}
	return v
}
