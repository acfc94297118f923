package tui

import (
	"fmt"

	"jixiao/domain"
)

// buildBuildings is the 附件1 楼堂馆所与节约措施 step: the 楼堂馆所 rows with
// their live 规模控制率 and 投资概算控制率, and 厉行节约保障措施.
func buildBuildings(f *domain.Filing, st *Styles) ([]row, int) {
	p := func(f *domain.Filing) *[]domain.Building { return &f.BasicData.Buildings }
	ref := sliceList("楼堂馆所", p, func() domain.Building { return domain.Building{} })
	rows := []row{
		{kind: rowHeading, label: "楼堂馆所控制情况"},
		{kind: rowNote, label: "本年度完工的楼堂馆所项目，每个项目一行；没有则不填"},
	}
	for i := range *p(f) {
		key := fmt.Sprintf("basic_data.buildings.%d", i)
		get := func(f *domain.Filing) *domain.Building { return &(*p(f))[i] }
		amt := func(field, title string, a func(*domain.Building) *domain.Amount) cell {
			return amountField(key+"."+field, fmt.Sprintf("楼堂馆所第%d行%s", i+1, title), func(f *domain.Filing) *domain.Amount { return a(get(f)) })
		}
		name := NewTextField(key+".name", fmt.Sprintf("楼堂馆所第%d行项目名称", i+1),
			func(f *domain.Filing) string { return get(f).Name }, func(f *domain.Filing, s string) { get(f).Name = s })
		rows = append(rows,
			row{label: fmt.Sprintf("%d. 项目名称", i+1), list: ref(i), cells: []cell{{field: name}}},
			row{list: ref(i), cells: heads(text("批复规模"), text("实际规模"), text("规模控制率"))},
			row{label: "  规模（平方米）", list: ref(i), cells: []cell{
				quantity(amt("approved_scale", "批复规模", func(b *domain.Building) *domain.Amount { return &b.ApprovedScale })),
				quantity(amt("actual_scale", "实际规模", func(b *domain.Building) *domain.Amount { return &b.ActualScale })),
				{width: amountW, calc: func(f *domain.Filing) string {
					b := get(f)
					return fmtRate(domain.Ratio(b.ActualScale, b.ApprovedScale), st)
				}},
			}},
			row{list: ref(i), cells: heads(text("预算投资"), text("实际投资"), text("投资概算控制率"))},
			row{label: "  投资（万元）", list: ref(i), cells: []cell{
				amt("budget_investment", "预算投资", func(b *domain.Building) *domain.Amount { return &b.BudgetInvestment }),
				amt("actual_investment", "实际投资", func(b *domain.Building) *domain.Amount { return &b.ActualInvestment }),
				{width: amountW, calc: func(f *domain.Filing) string {
					b := get(f)
					return fmtRate(domain.Ratio(b.ActualInvestment, b.BudgetInvestment), st)
				}},
			}},
		)
	}
	br := ref(len(*p(f)) - 1)
	br.button = true
	rows = append(rows,
		row{list: br, cells: []cell{{field: NewButton("basic_data.buildings.add", "＋ 添加楼堂馆所", func(f *domain.Filing) {
			*p(f) = append(*p(f), domain.Building{})
		})}}},
		row{kind: rowHeading, label: "厉行节约保障措施"},
		row{kind: rowArea, label: "厉行节约保障措施（可分段，Enter 换行）", cells: []cell{{field: NewAreaField("basic_data.thrift_measures", "厉行节约保障措施", 8, true,
			func(f *domain.Filing) string { return f.BasicData.ThriftMeasures },
			func(f *domain.Filing, s string) { f.BasicData.ThriftMeasures = s })}}},
	)
	return rows, 16
}
