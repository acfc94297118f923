package tui

import (
	"jixiao/domain"
)

// buildFunds is the 附件2 资金与收支 step: 年初预算数 / 全年预算数 / 全年执行数,
// 分值 with the live 执行率 and 得分, 按收入性质分 and 按支出性质分.
func buildFunds(f *domain.Filing, st *Styles) ([]row, int) {
	o := func(f *domain.Filing) *domain.Overall { return &f.Overall }
	one := func(label, key string, a func(*domain.Filing) *domain.Amount) row {
		return row{label: label, cells: []cell{amountField(key, label, a)}}
	}
	sum := func(label string, s func(*domain.Filing) domain.Amount) row {
		return row{label: label, cells: []cell{{width: amountW, calc: func(f *domain.Filing) string { return fmtAmount(s(f), st) }}}}
	}
	rate := func(f *domain.Filing) domain.Amount { return domain.ExecutionRate(f.Overall.Funds) }
	return []row{
		{kind: rowHeading, label: "年度预算资金（万元；输入元时加“元”）"},
		{cells: heads(text("年初预算数"), text("全年预算数"), text("全年执行数"))},
		{label: "年度资金总额", cells: []cell{
			amountField("overall.funds.initial_budget", "年初预算数", func(f *domain.Filing) *domain.Amount { return &o(f).Funds.InitialBudget }),
			amountField("overall.funds.full_year_budget", "全年预算数", func(f *domain.Filing) *domain.Amount { return &o(f).Funds.FullYearBudget }),
			amountField("overall.funds.executed", "全年执行数", func(f *domain.Filing) *domain.Amount { return &o(f).Funds.Executed }),
		}},
		{cells: heads(text("分值"), text("执行率"), text("得分"))},
		{label: "执行率", cells: []cell{
			quantity(amountField("overall.execution_weight", "执行率分值", func(f *domain.Filing) *domain.Amount { return &o(f).ExecutionWeight })),
			{width: amountW, calc: func(f *domain.Filing) string { return fmtRate(rate(f), st) }},
			{width: amountW, calc: func(f *domain.Filing) string {
				w := f.Overall.ExecutionWeight
				if !w.IsSet() {
					w = domain.Int(10)
				}
				return domain.Dec(domain.ExecutionScore(rate(f), w.Decimal())).Fixed2()
			}},
		}},
		{kind: rowNote, label: "执行率 = 全年执行数 ÷ 全年预算数；得分 = min(执行率, 100%) × 分值"},
		{kind: rowHeading, label: "按收入性质分（万元）"},
		one("一般公共预算", "overall.income.general_budget", func(f *domain.Filing) *domain.Amount { return &o(f).Income.GeneralBudget }),
		one("政府性基金拨款", "overall.income.government_fund", func(f *domain.Filing) *domain.Amount { return &o(f).Income.GovernmentFund }),
		one("纳入专户管理的非税收入拨款", "overall.income.special_account_nontax", func(f *domain.Filing) *domain.Amount { return &o(f).Income.SpecialAccountNontax }),
		one("其他资金", "overall.income.other", func(f *domain.Filing) *domain.Amount { return &o(f).Income.Other }),
		sum("合计", func(f *domain.Filing) domain.Amount { return f.Overall.Income.Sum() }),
		{kind: rowHeading, label: "按支出性质分（万元）"},
		one("基本支出", "overall.expenditure.basic", func(f *domain.Filing) *domain.Amount { return &o(f).Expenditure.Basic }),
		one("项目支出", "overall.expenditure.project", func(f *domain.Filing) *domain.Amount { return &o(f).Expenditure.Project }),
		sum("合计", func(f *domain.Filing) domain.Amount { return f.Overall.Expenditure.Sum() }),
	}, 26
}
