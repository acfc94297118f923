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
