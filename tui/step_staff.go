package tui

import (
	"fmt"
	"slices"

	"jixiao/domain"
)

// buildStaffFunds is the 附件1 人员与经费 step: staffing with its live 控制率
// and every 经费控制情况 row with the computed totals.
func buildStaffFunds(f *domain.Filing, st *Styles) ([]row, int) {
	staff := func(key, title string, p func(*domain.Filing) **int) cell {
		return cell{width: amountW, field: NewIntField(key, title, 0, 1000000,
			func(f *domain.Filing) *int { return *p(f) },
			func(f *domain.Filing, v *int) { *p(f) = v })}
	}
	b := func(f *domain.Filing) *domain.BasicData { return &f.BasicData }
	cols := heads(func(f *domain.Filing) string { return f.PriorYearFinalLabel() }, func(f *domain.Filing) string { return f.BudgetLabel() }, func(f *domain.Filing) string { return f.FinalLabel() })
	rows := []row{
		{kind: rowHeading, label: "财政供养人员情况（人）"},
		{cells: heads(text("编制数"), func(f *domain.Filing) string { return fmt.Sprintf("%d年在职", f.Year) }, text("控制率"))},
		{label: "人数", cells: []cell{
			staff("basic_data.staffing.authorized", "编制数", func(f *domain.Filing) **int { return &f.BasicData.Staffing.Authorized }),
			staff("basic_data.staffing.actual", "实际在职人数", func(f *domain.Filing) **int { return &f.BasicData.Staffing.Actual }),
			{width: amountW, calc: func(f *domain.Filing) string { return fmtRate(domain.StaffingRate(f.BasicData.Staffing), st) }},
		}},
		{kind: rowHeading, label: "经费控制情况（万元；输入元时加“元”）"},
		{cells: cols},
		sumRow("三公经费", st, func(f *domain.Filing) domain.Triple { return f.BasicData.Sangong.Sum() }),
		sumRow("1、公务用车购置和维护经费", st, func(f *domain.Filing) domain.Triple { return f.BasicData.Sangong.Vehicles() }),
		tripleRow(f.Year, "  其中：公车购置", "公车购置", "basic_data.sangong.vehicle_purchase", func(f *domain.Filing) *domain.Triple { return &b(f).Sangong.VehiclePurchase }),
		tripleRow(f.Year, "  公车运行维护", "公车运行维护", "basic_data.sangong.vehicle_operation", func(f *domain.Filing) *domain.Triple { return &b(f).Sangong.VehicleOperation }),
		tripleRow(f.Year, "2、出国经费", "出国经费", "basic_data.sangong.overseas", func(f *domain.Filing) *domain.Triple { return &b(f).Sangong.Overseas }),
		tripleRow(f.Year, "3、公务接待", "公务接待", "basic_data.sangong.reception", func(f *domain.Filing) *domain.Triple { return &b(f).Sangong.Reception }),
		sumRow("项目支出", st, func(f *domain.Filing) domain.Triple { return f.BasicData.ProjectSpending.Sum() }),
		tripleRow(f.Year, "1、业务工作经费", "业务工作经费", "basic_data.project_spending.business", func(f *domain.Filing) *domain.Triple { return &b(f).ProjectSpending.Business }),
		tripleRow(f.Year, "2、运行维护经费", "运行维护经费", "basic_data.project_spending.operation", func(f *domain.Filing) *domain.Triple { return &b(f).ProjectSpending.Operation }),
	}
	rows = append(rows, namedRows(f, "3、区级专项资金", "区级专项资金", "basic_data.project_spending.district_special",
		func(f *domain.Filing) *[]domain.NamedTriple { return &f.BasicData.ProjectSpending.DistrictSpecial })...)
	rows = append(rows, namedRows(f, "4、上级转移支付", "上级转移支付", "basic_data.project_spending.higher_transfer",
		func(f *domain.Filing) *[]domain.NamedTriple { return &f.BasicData.ProjectSpending.HigherTransfer })...)
	rows = append(rows,
		tripleRow(f.Year, "公用经费", "公用经费", "basic_data.public_spending.total", func(f *domain.Filing) *domain.Triple { return &b(f).PublicSpending.Total }),
		tripleRow(f.Year, "  其中：办公经费", "办公经费", "basic_data.public_spending.office", func(f *domain.Filing) *domain.Triple { return &b(f).PublicSpending.Office }),
		tripleRow(f.Year, "  水费、电费、差旅费", "水费、电费、差旅费", "basic_data.public_spending.utilities_travel", func(f *domain.Filing) *domain.Triple { return &b(f).PublicSpending.UtilitiesTravel }),
		tripleRow(f.Year, "  会议费、培训费", "会议费、培训费", "basic_data.public_spending.meetings_training", func(f *domain.Filing) *domain.Triple { return &b(f).PublicSpending.MeetingsTraining }),
		tripleRow(f.Year, "政府采购金额", "政府采购金额", "basic_data.procurement", func(f *domain.Filing) *domain.Triple { return &b(f).Procurement }),
		signed(tripleRow(f.Year, "部门基本支出预算调整", "部门基本支出预算调整", "basic_data.basic_budget_adjustment", func(f *domain.Filing) *domain.Triple { return &b(f).BasicBudgetAdjustment })),
	)
	return rows, 26
}

// signed lets the amount fields of r take negative amounts (an adjustment
// may be a decrease) and returns r.
func signed(r row) row {
	for _, c := range r.cells {
		if a, ok := c.field.(*AmountField); ok {
			a.AllowNegative()
		}
	}
	return r
}

// sliceList returns the add / delete / swap operations of a list in the
// filing, for the list keys.
func sliceList[T any](what string, p func(*domain.Filing) *[]T, zero func() T) func(i int) *listRef {
	return func(i int) *listRef {
		return &listRef{what: what, index: i,
			add: func(f *domain.Filing, after int) {
				s := p(f)
				at := min(max(after+1, 0), len(*s))
				*s = slices.Insert(*s, at, zero())
			},
			del: func(f *domain.Filing, i int) {
				s := p(f)
				if i >= 0 && i < len(*s) {
					*s = slices.Delete(*s, i, i+1)
				}
			},
			swap: func(f *domain.Filing, i, j int) {
				s := *p(f)
				if i >= 0 && j >= 0 && i < len(s) && j < len(s) {
					s[i], s[j] = s[j], s[i]
				}
			},
			count: func(f *domain.Filing) int { return len(*p(f)) },
			dup: func(f *domain.Filing, i int) {
				s := p(f)
				if i >= 0 && i < len(*s) {
					*s = slices.Insert(*s, i+1, (*s)[i])
				}
			},
		}
	}
}

// namedRows is the heading, one row per named 区级专项资金 or 上级转移支付
// entry (名称 and three amounts) and the add button.
func namedRows(f *domain.Filing, label, what, path string, p func(*domain.Filing) *[]domain.NamedTriple) []row {
	ref := sliceList(what, p, func() domain.NamedTriple { return domain.NamedTriple{} })
	// The heading row holds the list's totals under the three columns.
	total := func(first bool, pick func(domain.Triple) domain.Amount) func(*domain.Filing) string {
		return func(f *domain.Filing) string {
			if len(*p(f)) == 0 && first {
				return "（无）"
			} else if len(*p(f)) == 0 {
				return ""
			}
			t := domain.Triple{}
			for _, r := range *p(f) {
				t = t.Add(r.Triple())
			}
			return pick(t).Fixed2()
		}
	}
	rows := []row{{label: label + "（合计）", cells: []cell{
		{calc: total(true, func(t domain.Triple) domain.Amount { return t.PriorFinal }), width: amountW},
		{calc: total(false, func(t domain.Triple) domain.Amount { return t.Budget }), width: amountW},
		{calc: total(false, func(t domain.Triple) domain.Amount { return t.Final }), width: amountW},
	}}}
	for i := range *p(f) {
		key := fmt.Sprintf("%s.%d", path, i)
		get := func(f *domain.Filing) *domain.NamedTriple { return &(*p(f))[i] }
		name := NewTextField(key+".name", fmt.Sprintf("%s第%d行名称", what, i+1),
			func(f *domain.Filing) string { return get(f).Name }, func(f *domain.Filing, s string) { get(f).Name = s })
		rows = append(rows, row{labelField: true, list: ref(i), cells: []cell{
			{field: name},
			amountField(key+".prior_final", what+" "+f.PriorYearFinalLabel(), func(f *domain.Filing) *domain.Amount { return &get(f).PriorFinal }),
			amountField(key+".budget", what+" "+f.BudgetLabel(), func(f *domain.Filing) *domain.Amount { return &get(f).Budget }),
			amountField(key+".final", what+" "+f.FinalLabel(), func(f *domain.Filing) *domain.Amount { return &get(f).Final }),
		}})
	}
	br := ref(len(*p(f)) - 1)
	br.button = true
	rows = append(rows, row{list: br, cells: []cell{{field: NewButton(path+".add", "＋ 添加"+what, func(f *domain.Filing) {
		*p(f) = append(*p(f), domain.NamedTriple{})
	})}}})
	return rows
}
