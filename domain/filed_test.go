package domain

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// publishedProject is a 附件3 table as real filings publish it: funds and
// indicators with the unit's own 执行率, 执行率得分, subtotals, 总分 and 等级.
func publishedProject(budget, executed string, filed *Filed) Project {
	p := NewProject("农村公路养护项目")
	p.Department = "某县交通运输局"
	p.Implementer = "某县公路事务中心"
	p.Funds.Total = Funds{InitialBudget: amt(budget), FullYearBudget: amt(budget), Executed: amt(executed)}
	p.Funds.CurrentYear = p.Funds.Total
	p.Goals = Goals{Expected: []string{"完成农村公路日常养护。"}, Actual: []string{"完成农村公路日常养护。"}}
	p.Indicators = []Indicator{
		row("数量指标", "养护里程", "≥100公里", "100公里", "20", "20"),
		row("质量指标", "路况优良率", "≥80%", "80%", "10", "10"),
		row("时效指标", "养护及时率", "100%", "100%", "10", "10"),
		row("成本指标", "养护成本", "≤287万元", "171万元", "10", "10"),
		row("社会效益指标", "群众出行条件", "明显改善", "明显改善", "30", "30"),
		row("服务对象满意度指标", "群众满意度", "≥90%", "90%", "10", "10"),
	}
	p.Filed = filed
	return p
}

func TestCompareFiled(t *testing.T) {
	r := DefaultRules()
	for _, tc := range []struct {
		name             string
		budget, executed string
		filed            *Filed
		// want are the messages of the differences, in order.
		want     []string
		rounding []bool
	}{
		{
			name: "published 60% and 6 against 171 ÷ 287", budget: "287", executed: "171",
			filed: &Filed{ExecutionRate: amt("60"), ExecutionScore: amt("6")},
			want: []string{
				"执行率：填报60%，计算得59.58%（全年执行数171 ÷ 全年预算数287）",
				"执行率得分：填报6，计算得5.96（执行率59.58% × 10）",
			},
			rounding: []bool{false, false},
		},
		{
			name: "published 86% and 9 against 86.20% and 8.62", budget: "500", executed: "431",
			filed: &Filed{ExecutionRate: amt("86"), ExecutionScore: amt("9")},
			want: []string{
				"执行率：填报86%，计算得86.20%（全年执行数431 ÷ 全年预算数500）",
				"执行率得分：填报9，计算得8.62（执行率86.20% × 10）",
			},
			rounding: []bool{false, false},
		},
		{
			name: "a total of 90 that leaves 执行率 out", budget: "287", executed: "171",
			filed: &Filed{Total: amt("90"), Grade: "优"},
			want: []string{
				"总分：填报90，计算得95.96（执行率得分5.96 + 产出指标50.00 + 效益指标30.00 + 满意度指标10.00）",
			},
			rounding: []bool{false},
		},
		{
			name: "figures as computed draw nothing", budget: "287", executed: "171",
			filed: &Filed{ExecutionRate: amt("59.58"), ExecutionScore: amt("5.96"), Total: amt("95.96"), Grade: "优",
				Level1: []FiledLevel1{{Name: "产出指标", Score: amt("50")}, {Name: "效益指标", Score: amt("30.00")}}},
		},
		{
			name: "a rounding difference is marked", budget: "287", executed: "171",
			filed:    &Filed{ExecutionScore: amt("5.95"), Level1: []FiledLevel1{{Name: "满意度指标", Score: amt("10.01")}}},
			want:     []string{"执行率得分：填报5.95，计算得5.96（执行率59.58% × 10）", "“满意度指标”得分小计：填报10.01，计算得10.00"},
			rounding: []bool{true, true},
		},
		{
			name: "subtotal, 一级指标 unknown, grade", budget: "287", executed: "171",
			filed: &Filed{Level1: []FiledLevel1{{Name: "产出指标", Score: amt("45")}, {Name: "管理指标", Score: amt("5")}}, Grade: "良"},
			want: []string{
				"“产出指标”得分小计：填报45，计算得50.00",
				"“管理指标”得分小计：填报5，但本表没有一级指标“管理指标”",
				"等级：填报良，计算得优（总分95.96）",
			},
			rounding: []bool{false, false, false},
		},
		{
			name: "no budget: the rate cannot be computed", budget: "0", executed: "171",
			filed:    &Filed{ExecutionRate: amt("60")},
			want:     []string{"执行率：填报60%，但无法计算（全年预算数或全年执行数未填写，或全年预算数为0）"},
			rounding: []bool{false},
		},
		{name: "nothing filed", budget: "287", executed: "171"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := publishedProject(tc.budget, tc.executed, tc.filed)
			f := &Filing{Format: FormatID, Year: 2024, Unit: "某县交通运输局", Projects: []Project{p}}
			ts := Score(f, r).Projects[0]
			got := CompareFiled(p.Filed, p.Funds.Total, ts, r.RoundingTolerance)
			var msgs []string
			var rounding []bool
			for _, d := range got {
				msgs = append(msgs, d.Message())
				rounding = append(rounding, d.Rounding)
			}
			if !reflect.DeepEqual(msgs, tc.want) || !reflect.DeepEqual(rounding, tc.rounding) {
				t.Errorf("differences\n%q %v\nwant\n%q %v", msgs, rounding, tc.want, tc.rounding)
			}
		})
	}
}

// TestCheckReportsPublishedExecutionScore is the case: a table
// with 全年预算数 287 and 全年执行数 171 that publishes 执行率得分 6.
func TestCheckReportsPublishedExecutionScore(t *testing.T) {
	f := &Filing{Format: FormatID, Year: 2024, Unit: "某县交通运输局", Scope: ScopeProjects,
		Projects: []Project{publishedProject("287", "171", &Filed{ExecutionRate: amt("60"), ExecutionScore: amt("6")})}}
	fs := Check(f, DefaultRules())
	want := map[string]string{
		"projects.0.filed.execution_rate":  "附件3“农村公路养护项目”执行率：填报60%，计算得59.58%",
		"projects.0.filed.execution_score": "附件3“农村公路养护项目”执行率得分：填报6，计算得5.96（执行率59.58% × 10）",
	}
	for _, x := range withCode(fs, "filed.differs") {
		if w, ok := want[x.Where.Path]; ok && x.Severity == Error && strings.HasPrefix(x.Message, w) && x.Where.Project == 0 {
			delete(want, x.Where.Path)
		}
	}
	for path, msg := range want {
		t.Errorf("no error at %s saying %q; findings:\n%s", path, msg, findingList(fs))
	}
}

func TestFiledRoundTrip(t *testing.T) {
	f := cleanFiling(t)
	f.Overall.Filed = &Filed{ExecutionRate: amt("48.6"), ExecutionScore: amt("4.90"), Total: amt("95"), Grade: "优",
		Level1: []FiledLevel1{{Name: "产出指标", Score: amt("50.0")}}}
	redecode(f, `"execution_rate": "48.6"`, `"execution_rate": "48.6", "page": "第3页"`)
	redecode(f, `"score": "50.0"`, `"score": "50.0", "note": "含加分"`)
	data, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	fd := g.Overall.Filed
	if fd == nil || fd.ExecutionRate.Text() != "48.6" || fd.ExecutionScore.Text() != "4.90" || fd.Total.Text() != "95" || fd.Grade != "优" ||
		len(fd.Level1) != 1 || fd.Level1[0].Name != "产出指标" || fd.Level1[0].Score.Text() != "50.0" {
		t.Fatalf("filed figures after a round trip: %+v", fd)
	}
	if keys := fd.Unknown.Keys(); !reflect.DeepEqual(keys, []string{"page"}) {
		t.Errorf("unknown keys of filed: %v", keys)
	}
	if keys := fd.Level1[0].Unknown.Keys(); !reflect.DeepEqual(keys, []string{"note"}) {
		t.Errorf("unknown keys of filed.level1: %v", keys)
	}
	again, err := Encode(g)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Errorf("second encoding differs:\n%s\n%s", data, again)
	}
	// Without filed figures the key is left out, so older documents are
	// written back as they were.
	if data, _ := Encode(cleanFiling(t)); bytes.Contains(data, []byte(`"filed"`)) || bytes.Contains(data, []byte(`"scope"`)) {
		t.Error("a filing without filed figures or scope writes the keys")
	}
	// Clone copies the filed figures; CarryForward drops them.
	c := g.Clone()
	c.Overall.Filed.Level1[0].Name = "改"
	if g.Overall.Filed.Level1[0].Name != "产出指标" {
		t.Error("Clone shares the filed subtotals")
	}
	if next := CarryForward(g); next.Overall.Filed != nil {
		t.Error("CarryForward keeps last year's filed figures")
	}
}

func TestFiledBadAmountNamesThePath(t *testing.T) {
	f := cleanFiling(t)
	f.Overall.Filed = &Filed{Total: amt("95")}
	data, _ := Encode(f)
	_, err := Decode(bytes.Replace(data, []byte(`"total": "95"`), []byte(`"total": "九十五"`), 1))
	if err == nil || !strings.Contains(err.Error(), "overall.filed.total（总分）") {
		t.Fatalf("error %v", err)
	}
}
