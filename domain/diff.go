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
	d.field("unit", old.Unit, new.Unit)
	d.field("year", strconv.Itoa(old.Year), strconv.Itoa(new.Year))
	d.field("signoff.filled_by", old.Signoff.FilledBy, new.Signoff.FilledBy)
	d.field("signoff.phone", old.Signoff.Phone, new.Signoff.Phone)
	d.field("signoff.unit_head", old.Signoff.UnitHead, new.Signoff.UnitHead)
	d.field("signoff.date", old.Signoff.Date, new.Signoff.Date)
	d.basic(&old.BasicData, &new.BasicData)
	d.funds("overall.funds", "附件2 ", old.Overall.Funds, new.Overall.Funds)
	d.amountField("overall.execution_weight", old.Overall.ExecutionWeight, new.Overall.ExecutionWeight)
	oi, ni := old.Overall.Income, new.Overall.Income
	d.amountField("overall.income.general_budget", oi.GeneralBudget, ni.GeneralBudget)
	d.amountField("overall.income.government_fund", oi.GovernmentFund, ni.GovernmentFund)
	d.amountField("overall.income.special_account_nontax", oi.SpecialAccountNontax, ni.SpecialAccountNontax)
	d.amountField("overall.income.other", oi.Other, ni.Other)
	d.amountField("overall.expenditure.basic", old.Overall.Expenditure.Basic, new.Overall.Expenditure.Basic)
	d.amountField("overall.expenditure.project", old.Overall.Expenditure.Project, new.Overall.Expenditure.Project)
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

// field is str labelled from the field catalogue (attachment and name).
func (d *differ) field(path, o, n string) { d.str(path, formLabel(path), o, n) }

// amountField is amount labelled from the field catalogue.
func (d *differ) amountField(path string, o, n Amount) { d.amount(path, formLabel(path), o, n) }

// sub is the label of the field key of the object at path, after label.
func sub(label, path, key string) string { return label + FieldLabel(path+"."+key) }

func intText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func (d *differ) triple(path, label string, o, n Triple) {
	d.amount(path+".prior_final", sub(label+" ", path, "prior_final"), o.PriorFinal, n.PriorFinal)
	d.amount(path+".budget", sub(label+" ", path, "budget"), o.Budget, n.Budget)
	d.amount(path+".final", sub(label+" ", path, "final"), o.Final, n.Final)
}

func (d *differ) named(path string, o, n []NamedTriple) {
	label := FieldLabel(path)
	for i := range max(len(o), len(n)) {
		p := fmt.Sprintf("%s.%d", path, i)
		switch {
		case i >= len(o):
			d.str(p, fmt.Sprintf("附件1 %s 新增一行“%s”", label, n[i].Name), "", n[i].Name)
		case i >= len(n):
			d.str(p, fmt.Sprintf("附件1 %s 删除一行“%s”", label, o[i].Name), o[i].Name, "")
		default:
			d.str(p+".name", fmt.Sprintf("附件1 %s第%d行 %s", label, i+1, FieldLabel(p+".name")), o[i].Name, n[i].Name)
			d.triple(p, fmt.Sprintf("附件1 %s“%s”", label, n[i].Name), o[i].Triple(), n[i].Triple())
		}
	}
}

func (d *differ) basic(o, n *BasicData) {
	d.field("basic_data.staffing.authorized", intText(o.Staffing.Authorized), intText(n.Staffing.Authorized))
	d.field("basic_data.staffing.actual", intText(o.Staffing.Actual), intText(n.Staffing.Actual))
	for _, t := range []struct {
		path string
		o, n Triple
	}{
		{"basic_data.sangong.vehicle_purchase", o.Sangong.VehiclePurchase, n.Sangong.VehiclePurchase},
		{"basic_data.sangong.vehicle_operation", o.Sangong.VehicleOperation, n.Sangong.VehicleOperation},
		{"basic_data.sangong.overseas", o.Sangong.Overseas, n.Sangong.Overseas},
		{"basic_data.sangong.reception", o.Sangong.Reception, n.Sangong.Reception},
		{"basic_data.project_spending.business", o.ProjectSpending.Business, n.ProjectSpending.Business},
		{"basic_data.project_spending.operation", o.ProjectSpending.Operation, n.ProjectSpending.Operation},
		{"basic_data.public_spending.total", o.PublicSpending.Total, n.PublicSpending.Total},
		{"basic_data.public_spending.office", o.PublicSpending.Office, n.PublicSpending.Office},
		{"basic_data.public_spending.utilities_travel", o.PublicSpending.UtilitiesTravel, n.PublicSpending.UtilitiesTravel},
		{"basic_data.public_spending.meetings_training", o.PublicSpending.MeetingsTraining, n.PublicSpending.MeetingsTraining},
		{"basic_data.procurement", o.Procurement, n.Procurement},
		{"basic_data.basic_budget_adjustment", o.BasicBudgetAdjustment, n.BasicBudgetAdjustment},
	} {
		d.triple(t.path, formLabel(t.path), t.o, t.n)
	}
	d.named("basic_data.project_spending.district_special", o.ProjectSpending.DistrictSpecial, n.ProjectSpending.DistrictSpecial)
	d.named("basic_data.project_spending.higher_transfer", o.ProjectSpending.HigherTransfer, n.ProjectSpending.HigherTransfer)
	for i := range max(len(o.Buildings), len(n.Buildings)) {
		p := fmt.Sprintf("basic_data.buildings.%d", i)
		switch {
		case i >= len(o.Buildings):
			d.str(p, "附件1 楼堂馆所 新增“"+n.Buildings[i].Name+"”", "", n.Buildings[i].Name)
		case i >= len(n.Buildings):
			d.str(p, "附件1 楼堂馆所 删除“"+o.Buildings[i].Name+"”", o.Buildings[i].Name, "")
		default:
			ob, nb := o.Buildings[i], n.Buildings[i]
			l := "附件1 楼堂馆所“" + nb.Name + "” "
			d.str(p+".name", fmt.Sprintf("附件1 楼堂馆所第%d行 %s", i+1, FieldLabel(p+".name")), ob.Name, nb.Name)
			d.amount(p+".approved_scale", sub(l, p, "approved_scale"), ob.ApprovedScale, nb.ApprovedScale)
			d.amount(p+".actual_scale", sub(l, p, "actual_scale"), ob.ActualScale, nb.ActualScale)
			d.amount(p+".budget_investment", sub(l, p, "budget_investment"), ob.BudgetInvestment, nb.BudgetInvestment)
			d.amount(p+".actual_investment", sub(l, p, "actual_investment"), ob.ActualInvestment, nb.ActualInvestment)
		}
	}
	d.field("basic_data.thrift_measures", o.ThriftMeasures, n.ThriftMeasures)
}

func (d *differ) funds(path, label string, o, n Funds) {
	d.amount(path+".initial_budget", sub(label, path, "initial_budget"), o.InitialBudget, n.InitialBudget)
	d.amount(path+".full_year_budget", sub(label, path, "full_year_budget"), o.FullYearBudget, n.FullYearBudget)
	d.amount(path+".executed", sub(label, path, "executed"), o.Executed, n.Executed)
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
	d.lines(path+".expected", sub(label, path, "expected"), o.Expected, n.Expected)
	d.lines(path+".actual", sub(label, path, "actual"), o.Actual, n.Actual)
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
			d.str(base+".name", sub(label, base, "name")+"名称", a.Name, b.Name)
			d.str(base+".level1", sub(l, base, "level1"), a.Level1, b.Level1)
			d.str(base+".level2", sub(l, base, "level2"), a.Level2, b.Level2)
			d.str(base+".target", sub(l, base, "target"), a.Target, b.Target)
			d.str(base+".actual", sub(l, base, "actual"), a.Actual, b.Actual)
			d.amount(base+".weight", sub(l, base, "weight"), a.Weight, b.Weight)
			d.amount(base+".score", sub(l, base, "score"), a.Score, b.Score)
			d.amount(base+".review_score", sub(l, base, "review_score"), reviewOf(a), reviewOf(b))
			d.str(base+".direction", sub(l, base, "direction"), a.Direction, b.Direction)
			d.str(base+".band", sub(l, base, "band"), string(a.Band), string(b.Band))
			d.str(base+".deviation", sub(l, base, "deviation"), a.Deviation, b.Deviation)
		}
	}
}

// reviewOf is a row's 复核分, blank when it has none.
func reviewOf(r Indicator) Amount {
	if r.ReviewScore == nil {
		return Blank
	}
	return *r.ReviewScore
}

// sources compares funding-source rows by name, as indicators are.
func (d *differ) sources(path, label string, o, n []FundSource) {
	on, nn := make([]string, len(o)), make([]string, len(n))
	for i, s := range o {
		on[i] = s.Name
	}
	for i, s := range n {
		nn[i] = s.Name
	}
	for _, p := range match(on, nn) {
		switch {
		case p[0] < 0:
			d.str(fmt.Sprintf("%s.%d", path, p[1]), label+"新增资金来源“"+n[p[1]].Name+"”", "", n[p[1]].Name)
		case p[1] < 0:
			d.str(fmt.Sprintf("%s.%d", path, p[0]), label+"删除资金来源“"+o[p[0]].Name+"”", o[p[0]].Name, "")
		default:
			base := fmt.Sprintf("%s.%d", path, p[1])
			d.str(base+".name", label+"资金来源名称", o[p[0]].Name, n[p[1]].Name)
			d.funds(base, label+"资金来源“"+n[p[1]].Name+"”", o[p[0]].Funds(), n[p[1]].Funds())
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
			d.field(base+".name", a.Name, b.Name)
			d.str(base+".department", sub(l, base, "department"), a.Department, b.Department)
			d.str(base+".implementer", sub(l, base, "implementer"), a.Implementer, b.Implementer)
			for _, part := range []struct {
				key  string
				o, n Funds
			}{
				{"total", a.Funds.Total, b.Funds.Total},
				{"current_year", a.Funds.CurrentYear, b.Funds.CurrentYear},
				{"carryover", a.Funds.Carryover, b.Funds.Carryover},
				{"other", a.Funds.Other, b.Funds.Other},
			} {
				d.funds(base+".funds."+part.key, sub(l, base+".funds", part.key)+" ", part.o, part.n)
			}
			d.sources(base+".funds.sources", l, a.Funds.Sources, b.Funds.Sources)
			d.amount(base+".execution_weight", sub(l, base, "execution_weight"), a.ExecutionWeight, b.ExecutionWeight)
			d.goals(base+".goals", l, a.Goals, b.Goals)
			d.indicators(base+".indicators", l, a.Indicators, b.Indicators)
		}
	}
}

func (d *differ) report(o, n *Report) {
	d.field("report.duties", o.Duties, n.Duties)
	d.field("report.organization", o.Organization, n.Organization)
	d.amountField("report.general_budget_spending.personnel", o.GeneralBudgetSpending.Personnel, n.GeneralBudgetSpending.Personnel)
	d.amountField("report.general_budget_spending.public", o.GeneralBudgetSpending.Public, n.GeneralBudgetSpending.Public)
	d.amountField("report.general_budget_spending.project", o.GeneralBudgetSpending.Project, n.GeneralBudgetSpending.Project)
	d.amountField("report.government_fund_spending", o.GovernmentFundSpending, n.GovernmentFundSpending)
	d.amountField("report.state_capital_spending", o.StateCapitalSpending, n.StateCapitalSpending)
	d.amountField("report.social_insurance_spending", o.SocialInsuranceSpending, n.SocialInsuranceSpending)
	d.field("report.performance", o.Performance, n.Performance)
	d.field("report.problems", o.Problems, n.Problems)
	d.field("report.improvements", o.Improvements, n.Improvements)
	d.field("report.result_use", o.ResultUse, n.ResultUse)
	d.field("report.other", o.Other, n.Other)
}
