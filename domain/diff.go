package domain

import (
	"fmt"
	"strconv"
)

// Change is one field that differs between two versions of a filing.
type Change struct {
	// Path is the JSON path of the field, as in Location.Path.
	Path string
	// Label names the field in Chinese, e.g. 附件2 三级指标“环境整治次数” 实际完成值.
	Label string
	// Old and New are the values as text; "" is a blank field.
	Old, New string
}

// Diff lists the fields that differ between old and new, field by field in
// form order. Indicator rows and 附件3 tables are matched by name (a row
// that was moved is not reported as changed); rows only in old are
// reported as removed and rows only in new as added. It is used for the
// history view and the audit trail.
func Diff(old, new *Filing) []Change {
	if old == nil {
		old = &Filing{}
	}
	if new == nil {
		new = &Filing{}
	}
	d := &differ{}
	d.str("unit", "预算单位名称", old.Unit, new.Unit)
	d.str("year", "年度", strconv.Itoa(old.Year), strconv.Itoa(new.Year))
	d.str("signoff.filled_by", "填表人", old.Signoff.FilledBy, new.Signoff.FilledBy)
	d.str("signoff.phone", "联系电话", old.Signoff.Phone, new.Signoff.Phone)
	d.str("signoff.unit_head", "单位负责人", old.Signoff.UnitHead, new.Signoff.UnitHead)
	d.str("signoff.date", "填报日期", old.Signoff.Date, new.Signoff.Date)
	d.basic(&old.BasicData, &new.BasicData)
	d.funds("overall.funds", "附件2 ", old.Overall.Funds, new.Overall.Funds)
	d.amount("overall.execution_weight", "附件2 执行率分值", old.Overall.ExecutionWeight, new.Overall.ExecutionWeight)
	oi, ni := old.Overall.Income, new.Overall.Income
	d.amount("overall.income.general_budget", "附件2 一般公共预算", oi.GeneralBudget, ni.GeneralBudget)
	d.amount("overall.income.government_fund", "附件2 政府性基金拨款", oi.GovernmentFund, ni.GovernmentFund)
	d.amount("overall.income.special_account_nontax", "附件2 纳入专户管理的非税收入拨款", oi.SpecialAccountNontax, ni.SpecialAccountNontax)
	d.amount("overall.income.other", "附件2 其他资金", oi.Other, ni.Other)
	d.amount("overall.expenditure.basic", "附件2 基本支出", old.Overall.Expenditure.Basic, new.Overall.Expenditure.Basic)
	d.amount("overall.expenditure.project", "附件2 项目支出", old.Overall.Expenditure.Project, new.Overall.Expenditure.Project)
	d.goals("overall.goals", "附件2 ", old.Overall.Goals, new.Overall.Goals)
	d.indicators("overall.indicators", "附件2 ", old.Overall.Indicators, new.Overall.Indicators)
	d.projects(old.Projects, new.Projects)
	d.report(&old.Report, &new.Report)
	return d.out
}

type differ struct{ out []Change }

func (d *differ) str(path, label, o, n string) {
	if o != n {
		d.out = append(d.out, Change{Path: path, Label: label, Old: o, New: n})
	}
}

func (d *differ) amount(path, label string, o, n Amount) {
	if o.IsSet() != n.IsSet() || !o.Equal(n) {
		d.str(path, label, o.Text(), n.Text())
	}
}

func intText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func (d *differ) triple(path, label string, o, n Triple) {
	d.amount(path+".prior_final", label+" 上年决算数", o.PriorFinal, n.PriorFinal)
	d.amount(path+".budget", label+" 本年预算数", o.Budget, n.Budget)
	d.amount(path+".final", label+" 本年决算数", o.Final, n.Final)
}

func (d *differ) named(path, label string, o, n []NamedTriple) {
	for i := range max(len(o), len(n)) {
		p := fmt.Sprintf("%s.%d", path, i)
		switch {
		case i >= len(o):
			d.str(p, fmt.Sprintf("附件1 %s 新增一行“%s”", label, n[i].Name), "", n[i].Name)
		case i >= len(n):
			d.str(p, fmt.Sprintf("附件1 %s 删除一行“%s”", label, o[i].Name), o[i].Name, "")
		default:
			d.str(p+".name", fmt.Sprintf("附件1 %s第%d行 名称", label, i+1), o[i].Name, n[i].Name)
			d.triple(p, fmt.Sprintf("附件1 %s“%s”", label, n[i].Name), o[i].Triple(), n[i].Triple())
		}
	}
}

func (d *differ) basic(o, n *BasicData) {
	d.str("basic_data.staffing.authorized", "附件1 编制数", intText(o.Staffing.Authorized), intText(n.Staffing.Authorized))
	d.str("basic_data.staffing.actual", "附件1 实际在职人数", intText(o.Staffing.Actual), intText(n.Staffing.Actual))
	for _, t := range []struct {
		path, label string
		o, n        Triple
	}{
		{"basic_data.sangong.vehicle_purchase", "附件1 公车购置", o.Sangong.VehiclePurchase, n.Sangong.VehiclePurchase},
		{"basic_data.sangong.vehicle_operation", "附件1 公车运行维护", o.Sangong.VehicleOperation, n.Sangong.VehicleOperation},
		{"basic_data.sangong.overseas", "附件1 出国经费", o.Sangong.Overseas, n.Sangong.Overseas},
		{"basic_data.sangong.reception", "附件1 公务接待", o.Sangong.Reception, n.Sangong.Reception},
		{"basic_data.project_spending.business", "附件1 业务工作经费", o.ProjectSpending.Business, n.ProjectSpending.Business},
		{"basic_data.project_spending.operation", "附件1 运行维护经费", o.ProjectSpending.Operation, n.ProjectSpending.Operation},
		{"basic_data.public_spending.total", "附件1 公用经费", o.PublicSpending.Total, n.PublicSpending.Total},
		{"basic_data.public_spending.office", "附件1 办公经费", o.PublicSpending.Office, n.PublicSpending.Office},
		{"basic_data.public_spending.utilities_travel", "附件1 水费、电费、差旅费", o.PublicSpending.UtilitiesTravel, n.PublicSpending.UtilitiesTravel},
		{"basic_data.public_spending.meetings_training", "附件1 会议费、培训费", o.PublicSpending.MeetingsTraining, n.PublicSpending.MeetingsTraining},
		{"basic_data.procurement", "附件1 政府采购金额", o.Procurement, n.Procurement},
		{"basic_data.basic_budget_adjustment", "附件1 部门基本支出预算调整", o.BasicBudgetAdjustment, n.BasicBudgetAdjustment},
	} {
		d.triple(t.path, t.label, t.o, t.n)
	}
	d.named("basic_data.project_spending.district_special", "区级专项资金", o.ProjectSpending.DistrictSpecial, n.ProjectSpending.DistrictSpecial)
	d.named("basic_data.project_spending.higher_transfer", "上级转移支付", o.ProjectSpending.HigherTransfer, n.ProjectSpending.HigherTransfer)
	for i := range max(len(o.Buildings), len(n.Buildings)) {
		p := fmt.Sprintf("basic_data.buildings.%d", i)
		switch {
		case i >= len(o.Buildings):
			d.str(p, "附件1 楼堂馆所 新增“"+n.Buildings[i].Name+"”", "", n.Buildings[i].Name)
		case i >= len(n.Buildings):
			d.str(p, "附件1 楼堂馆所 删除“"+o.Buildings[i].Name+"”", o.Buildings[i].Name, "")
		default:
			ob, nb := o.Buildings[i], n.Buildings[i]
			l := "附件1 楼堂馆所“" + nb.Name + "”"
			d.str(p+".name", fmt.Sprintf("附件1 楼堂馆所第%d行 名称", i+1), ob.Name, nb.Name)
			d.amount(p+".approved_scale", l+" 批复规模", ob.ApprovedScale, nb.ApprovedScale)
			d.amount(p+".actual_scale", l+" 实际规模", ob.ActualScale, nb.ActualScale)
			d.amount(p+".budget_investment", l+" 预算投资", ob.BudgetInvestment, nb.BudgetInvestment)
			d.amount(p+".actual_investment", l+" 实际投资", ob.ActualInvestment, nb.ActualInvestment)
		}
	}
	d.str("basic_data.thrift_measures", "附件1 厉行节约保障措施", o.ThriftMeasures, n.ThriftMeasures)
}

func (d *differ) funds(path, label string, o, n Funds) {
	d.amount(path+".initial_budget", label+"年初预算数", o.InitialBudget, n.InitialBudget)
	d.amount(path+".full_year_budget", label+"全年预算数", o.FullYearBudget, n.FullYearBudget)
	d.amount(path+".executed", label+"全年执行数", o.Executed, n.Executed)
}

func (d *differ) lines(path, label string, o, n []string) {
	for i := range max(len(o), len(n)) {
		var a, b string
		if i < len(o) {
			a = o[i]
		}
		if i < len(n) {
			b = n[i]
		}
		d.str(fmt.Sprintf("%s.%d", path, i), fmt.Sprintf("%s第%d条", label, i+1), a, b)
	}
}

func (d *differ) goals(path, label string, o, n Goals) {
	d.lines(path+".expected", label+"预期目标", o.Expected, n.Expected)
	d.lines(path+".actual", label+"实际完成情况", o.Actual, n.Actual)
}

// match pairs the items of o and n by name (first unused item with the
// same name), then the remaining ones by position.
func match(on, nn []string) (pairs [][2]int) {
	used := make([]bool, len(on))
	paired := make([]bool, len(nn))
	for j, name := range nn {
		for i, o := range on {
			if !used[i] && o == name {
				used[i], paired[j] = true, true
				pairs = append(pairs, [2]int{i, j})
				break
			}
		}
	}
	// Renamed rows: pair the leftovers at the same position.
	for j := range nn {
		if !paired[j] && j < len(on) && !used[j] {
			used[j], paired[j] = true, true
			pairs = append(pairs, [2]int{j, j})
		}
	}
	for j := range nn {
		if !paired[j] {
			pairs = append(pairs, [2]int{-1, j})
		}
	}
	for i := range on {
		if !used[i] {
			pairs = append(pairs, [2]int{i, -1})
		}
	}
	return pairs
}

func (d *differ) indicators(path, label string, o, n []Indicator) {
	on, nn := make([]string, len(o)), make([]string, len(n))
	for i, r := range o {
		on[i] = r.Name
	}
	for i, r := range n {
		nn[i] = r.Name
	}
	for _, p := range match(on, nn) {
		switch {
		case p[0] < 0:
			r := n[p[1]]
			d.str(fmt.Sprintf("%s.%d", path, p[1]), label+"新增三级指标“"+r.Name+"”", "", r.Level2+" "+r.Name+" "+r.Target)
		case p[1] < 0:
			r := o[p[0]]
			d.str(fmt.Sprintf("%s.%d", path, p[0]), label+"删除三级指标“"+r.Name+"”", r.Level2+" "+r.Name+" "+r.Target, "")
		default:
			a, b := o[p[0]], n[p[1]]
			base := fmt.Sprintf("%s.%d", path, p[1])
			l := label + "三级指标“" + b.Name + "” "
			d.str(base+".name", label+"三级指标名称", a.Name, b.Name)
			d.str(base+".level1", l+"一级指标", a.Level1, b.Level1)
			d.str(base+".level2", l+"二级指标", a.Level2, b.Level2)
			d.str(base+".target", l+"年度指标值", a.Target, b.Target)
			d.str(base+".actual", l+"实际完成值", a.Actual, b.Actual)
			d.amount(base+".weight", l+"分值", a.Weight, b.Weight)
			d.amount(base+".score", l+"得分", a.Score, b.Score)
			d.str(base+".band", l+"达成档次", string(a.Band), string(b.Band))
			d.str(base+".deviation", l+"偏差原因分析及改进措施", a.Deviation, b.Deviation)
		}
	}
}

func (d *differ) projects(o, n []Project) {
	on, nn := make([]string, len(o)), make([]string, len(n))
	for i, p := range o {
		on[i] = p.Name
	}
	for i, p := range n {
		nn[i] = p.Name
	}
	for _, p := range match(on, nn) {
		switch {
		case p[0] < 0:
			d.str(fmt.Sprintf("projects.%d", p[1]), "附件3 新增项目表“"+n[p[1]].Name+"”", "", n[p[1]].Name)
		case p[1] < 0:
			d.str(fmt.Sprintf("projects.%d", p[0]), "附件3 删除项目表“"+o[p[0]].Name+"”", o[p[0]].Name, "")
		default:
			a, b := o[p[0]], n[p[1]]
			base := fmt.Sprintf("projects.%d", p[1])
			l := "附件3“" + b.Name + "” "
			d.str(base+".name", "附件3 项目名称", a.Name, b.Name)
			d.str(base+".department", l+"主管部门", a.Department, b.Department)
			d.str(base+".implementer", l+"实施单位", a.Implementer, b.Implementer)
			d.funds(base+".funds.total", l+"年度资金总额 ", a.Funds.Total, b.Funds.Total)
			d.funds(base+".funds.current_year", l+"当年财政拨款 ", a.Funds.CurrentYear, b.Funds.CurrentYear)
			d.funds(base+".funds.carryover", l+"上年结转资金 ", a.Funds.Carryover, b.Funds.Carryover)
			d.funds(base+".funds.other", l+"其他资金 ", a.Funds.Other, b.Funds.Other)
			d.amount(base+".execution_weight", l+"执行率分值", a.ExecutionWeight, b.ExecutionWeight)
			d.goals(base+".goals", l, a.Goals, b.Goals)
			d.indicators(base+".indicators", l, a.Indicators, b.Indicators)
		}
	}
}

func (d *differ) report(o, n *Report) {
	d.str("report.duties", "附件4 部门职责", o.Duties, n.Duties)
	d.str("report.organization", "附件4 内设机构设置", o.Organization, n.Organization)
	d.amount("report.general_budget_spending.personnel", "附件4 人员经费", o.GeneralBudgetSpending.Personnel, n.GeneralBudgetSpending.Personnel)
	d.amount("report.general_budget_spending.public", "附件4 公用经费", o.GeneralBudgetSpending.Public, n.GeneralBudgetSpending.Public)
	d.amount("report.general_budget_spending.project", "附件4 项目支出", o.GeneralBudgetSpending.Project, n.GeneralBudgetSpending.Project)
	d.amount("report.government_fund_spending", "附件4 政府性基金预算支出", o.GovernmentFundSpending, n.GovernmentFundSpending)
	d.amount("report.state_capital_spending", "附件4 国有资本经营预算支出", o.StateCapitalSpending, n.StateCapitalSpending)
	d.amount("report.social_insurance_spending", "附件4 社会保险基金预算支出", o.SocialInsuranceSpending, n.SocialInsuranceSpending)
	d.str("report.performance", "附件4 部门整体支出绩效情况", o.Performance, n.Performance)
	d.str("report.problems", "附件4 存在的问题及原因分析", o.Problems, n.Problems)
	d.str("report.improvements", "附件4 下一步改进措施", o.Improvements, n.Improvements)
	d.str("report.result_use", "附件4 自评结果拟应用和公开情况", o.ResultUse, n.ResultUse)
	d.str("report.other", "附件4 其他需要说明的情况", o.Other, n.Other)
}
