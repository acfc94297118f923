package domain

import (
	"testing"
)

func diffSample(t *testing.T) *Filing {
	t.Helper()
	f, err := Decode(sampleBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestDiffSameIsEmpty(t *testing.T) {
	f := diffSample(t)
	if d := Diff(f, f.Clone()); len(d) != 0 {
		t.Fatalf("changes between equal filings: %+v", d)
	}
}

func TestDiffFieldByField(t *testing.T) {
	old := diffSample(t)
	n := old.Clone()
	n.Overall.Indicators[4].Actual = "30次"
	n.Overall.Funds.Executed = amt("1900")
	n.Report.Other = "另有说明"
	n.Projects = append(n.Projects, NewProject("业务工作经费"))
	// A moved row is not a change.
	n.Overall.Indicators[0], n.Overall.Indicators[1] = n.Overall.Indicators[1], n.Overall.Indicators[0]
	got := map[string]Change{}
	for _, c := range Diff(old, n) {
		got[c.Label] = c
	}
	want := []Change{
		{Path: "overall.indicators.4.actual", Label: "附件2 三级指标“环境整治次数” 实际完成值", Old: "25次", New: "30次"},
		{Path: "overall.funds.executed", Label: "附件2 全年执行数", Old: "1902.68", New: "1900"},
		{Path: "report.other", Label: "附件4 其他需要说明的情况", Old: old.Report.Other, New: "另有说明"},
		{Path: "projects.0", Label: "附件3 新增项目表“业务工作经费”", Old: "", New: "业务工作经费"},
	}
	for _, w := range want {
		if c, ok := got[w.Label]; !ok || c != w {
			t.Errorf("missing or wrong %+v, got %+v", w, c)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d changes, want %d: %+v", len(got), len(want), got)
	}
}

func TestDiffRemovedRowAndNil(t *testing.T) {
	old := diffSample(t)
	n := old.Clone()
	n.Overall.Indicators = n.Overall.Indicators[:15]
	d := Diff(old, n)
	if len(d) != 1 || d[0].Label != "附件2 删除三级指标“辖区老百姓满意度”" || d[0].New != "" {
		t.Fatalf("%+v", d)
	}
	if len(Diff(nil, old)) == 0 {
		t.Fatal("nil old should list every field")
	}
}

func TestDiffReviewDirectionAndSources(t *testing.T) {
	old := cleanFiling(t)
	old.Projects[0].Funds.Sources = []FundSource{{Name: "区级财政资金", Executed: amt("28.79")}}
	n := old.Clone()
	n.Overall.Indicators[0].ReviewScore = ptr(amt("3"))
	n.Overall.Indicators[0].Direction = DirectionReverse
	n.Projects[0].Funds.Sources[0].Executed = amt("20")
	n.Projects[0].Funds.Sources = append(n.Projects[0].Funds.Sources, FundSource{Name: "上级补助"})
	got := map[string]Change{}
	for _, c := range Diff(old, n) {
		got[c.Path] = c
	}
	want := []Change{
		{Path: "overall.indicators.0.review_score", Label: "附件2 三级指标“全年在区级及以上媒体上稿篇数” 复核分", Old: "", New: "3"},
		{Path: "overall.indicators.0.direction", Label: "附件2 三级指标“全年在区级及以上媒体上稿篇数” 指标方向", Old: "正向", New: "反向"},
		{Path: "projects.0.funds.sources.0.executed", Label: "附件3“业务工作经费” 资金来源“区级财政资金”全年执行数", Old: "28.79", New: "20"},
		{Path: "projects.0.funds.sources.1", Label: "附件3“业务工作经费” 新增资金来源“上级补助”", Old: "", New: "上级补助"},
	}
	for _, w := range want {
		if c := got[w.Path]; c != w {
			t.Errorf("got %+v, want %+v", c, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d changes: %+v", len(got), got)
	}
}
