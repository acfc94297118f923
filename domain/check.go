package domain

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

// Check returns every finding for f under r: first those about the document
// as read (text Decode sanitised, unknown keys), then blanks, arithmetic,
// scoring rules and consistency between the attachments, in attachment
// order.
func Check(f *Filing, r Rules) []Finding {
	sc := Score(f, r)
	c := &checker{f: f, r: r}
	c.out = f.DecodeFindings()
	c.unknownKeys()
	c.filing()
	if f.ProjectsOnly() {
		// Only the 附件3 tables are filed: 附件1, 附件2, 附件4 and the
		// cross-table checks have nothing to check.
		for i := range f.Projects {
			c.project(i, sc.Projects[i])
		}
		return c.out
	}
	c.basicData()
	c.overall(sc.Overall)
	for i := range f.Projects {
		c.project(i, sc.Projects[i])
	}
	c.missingProjects()
	c.report()
	return c.out
}

// filed compares the figures the unit published for a table with the
// computed ones: a rounding difference is info, any other an error.
func (c *checker) filed(fd *Filed, funds Funds, ts TableScore, what string, loc func(string) Location) {
	for _, d := range CompareFiled(fd, funds, ts, c.r.RoundingTolerance) {
		if d.Rounding {
			c.add(Info, "filed.differs", loc(d.Path), "%s%s（差额在四舍五入误差之内）", what, d.Message())
			continue
		}
		c.add(Error, "filed.differs", loc(d.Path), "%s%s", what, d.Message())
	}
}

type checker struct {
	f   *Filing
	r   Rules
	out []Finding
}

func (c *checker) add(sev Severity, code string, where Location, format string, args ...any) {
	c.out = append(c.out, Finding{Severity: sev, Code: code, Message: fmt.Sprintf(format, args...), Where: where})
}

func at(attachment int, path string) Location {
	return Location{Attachment: attachment, Project: -1, Path: path}
}

func atProject(i int, path string) Location {
	return Location{Attachment: 3, Project: i, Path: fmt.Sprintf("projects.%d.%s", i, path)}
}

// compare reports a difference between an expected and a stated figure:
// within the rounding tolerance as info, beyond it as an error.
func (c *checker) compare(code string, where Location, stated, expected Amount, what string) {
	if !stated.IsSet() && !expected.IsSet() {
		return
	}
	diff := stated.Decimal().Sub(expected.Decimal()).Abs()
	if diff.IsZero() {
		return
	}
	sev, note := c.severityOf(diff)
	c.add(sev, code, where, "%s：填报%s，应为%s，相差%s万元%s", what, wan(stated), wan(expected), diff.String(), note)
}

// severityOf classifies a non-zero difference: within the rounding
// tolerance it is info, beyond it an error.
func (c *checker) severityOf(diff decimal.Decimal) (Severity, string) {
	if diff.LessThanOrEqual(c.r.RoundingTolerance) {
		return Info, "（差额在四舍五入误差之内）"
	}
	return Error, ""
}

// wan shows an amount in a message: "28.79万元", or "未填写" when blank.
func wan(a Amount) string {
	if !a.IsSet() {
		return "未填写"
	}
	return a.Text() + "万元"
}

// requiredField is required for the field at path of the given attachment,
// named from the field catalogue.
func (c *checker) requiredField(attachment int, path, value string) {
	c.required(at(attachment, path), value, formLabel(path))
}

func (c *checker) required(where Location, value, what string) {
	if strings.TrimSpace(value) == "" {
		c.add(Error, "required.blank", where, "%s未填写", what)
	}
}

func (c *checker) nonNegative(where Location, a Amount, what string) {
	if a.IsNegative() {
		c.add(Error, "amount.negative", where, "%s为负数（%s），不能小于0", what, a.Text())
	}
}

// plausible checks a sum of money in 万元: negative is an error, beyond
// PlausibleLimit a warning (the TUI asks for confirmation of such a figure
// as it is typed; an imported one gets this finding).
func (c *checker) plausible(where Location, a Amount, what string) {
	if a.IsNegative() {
		c.add(Error, "amount.negative", where, "%s为负数（%s），金额不能小于0", what, a.Text())
	} else if a.IsSet() && a.Decimal().GreaterThan(PlausibleLimit) {
		c.add(Warning, "amount.implausible", where, "%s为%s万元，超过100万万元（%s），请核对是否多输了位数", what, a.Text(), PlausibleLimit.String())
	}
}

func (c *checker) triplePlausible(path string, t Triple, what string) {
	c.plausible(at(1, path+".prior_final"), t.PriorFinal, fmt.Sprintf("附件1“%s”%d年决算数", what, c.f.Year-1))
	c.plausible(at(1, path+".budget"), t.Budget, fmt.Sprintf("附件1“%s”%d年预算数", what, c.f.Year))
	c.plausible(at(1, path+".final"), t.Final, fmt.Sprintf("附件1“%s”%d年决算数", what, c.f.Year))
}

var phoneRe = regexp.MustCompile(`^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\(0\d{2,3}\)\d{7,8}|（0\d{2,3}）\d{7,8}|\d{7,8})$`)

// ValidPhone reports whether s is a Chinese mobile or landline number such
// as 13812345678, 0730-8212768 or (0730)8212768.
func ValidPhone(s string) bool { return phoneRe.MatchString(strings.TrimSpace(s)) }

// unknownKeys reports every key of the document jixiao does not know, with
// the nearest known key of the same object when one is close.
func (c *checker) unknownKeys() {
	for _, u := range unknownEntries(c.f) {
		// The key is the filer's and may hold anything; show it escaped.
		u.path[len(u.path)-1] = escapeControls(u.path[len(u.path)-1])
		name := bracketPath(u.path)
		if u.suggestion != "" {
			label := labelOf(append(u.path[:len(u.path)-1:len(u.path)-1], u.suggestion))
			if label != "" {
				label = "（" + label + "）"
			}
			c.add(Warning, "input.unknown_key", locationOf(u.path), "未知字段 %s，是否应为 %s？%s本程序不读取此字段，其值已原样保留，不参与计算和检查", name, u.suggestion, label)
			continue
		}
		c.add(Warning, "input.unknown_key", locationOf(u.path), "未知字段 %s：本程序不读取此字段，其值已原样保留，不参与计算和检查", name)
	}
}

func (c *checker) filing() {
	f := c.f
	c.requiredField(0, "unit", f.Unit)
	if f.Year < 2000 || f.Year > 2100 {
		c.add(Error, "filing.year", at(0, "year"), "年度“%d”不合理，应为2000至2100之间的年份", f.Year)
	}
	if !ValidScope(f.Scope) {
		c.add(Error, "filing.scope", at(0, "scope"), "填报范围“%s”无效，应为“%s”（%s）或“%s”（%s）；现按整体支出绩效自评检查", f.Scope, ScopeUnit, ScopeUnitName, ScopeProjects, ScopeProjectsName)
	}
	if f.ProjectsOnly() && len(f.Projects) == 0 {
		c.add(Error, "filing.no_projects", at(3, "projects"), "填报范围为%s，但没有填写任何项目支出绩效自评表", ScopeProjectsName)
	}
	s := f.Signoff
	// A projects-only filing has no sign-off of the unit package to
	// require; what is written is still checked.
	required := !f.ProjectsOnly()
	if required {
		c.requiredField(0, "signoff.filled_by", s.FilledBy)
		c.requiredField(0, "signoff.unit_head", s.UnitHead)
	}
	if strings.TrimSpace(s.Phone) == "" {
		if required {
			c.requiredField(0, "signoff.phone", s.Phone)
		}
	} else if !ValidPhone(s.Phone) {
		c.add(Error, "signoff.phone", at(0, "signoff.phone"), "联系电话“%s”格式不正确，应为手机号（如13812345678）或固定电话（如0730-8212768）", s.Phone)
	}
	if strings.TrimSpace(s.Date) == "" {
		if required {
			c.requiredField(0, "signoff.date", s.Date)
		}
	} else if iso, err := ParseDate(s.Date); err != nil || iso != s.Date {
		c.add(Error, "signoff.date", at(0, "signoff.date"), "填报日期“%s”格式不正确，应写成 YYYY-MM-DD（如%d-07-11）", s.Date, f.Year+1)
	}
}

func (c *checker) basicData() {
	b := c.f.BasicData
	st := b.Staffing
	if st.Authorized == nil {
		c.requiredField(1, "basic_data.staffing.authorized", "")
	} else if *st.Authorized < 0 {
		c.add(Error, "amount.negative", at(1, "basic_data.staffing.authorized"), "附件1 编制数为负数（%d）", *st.Authorized)
	}
	if st.Actual == nil {
		c.required(at(1, "basic_data.staffing.actual"), "", fmt.Sprintf("附件1 %d年实际在职人数", c.f.Year))
	} else if *st.Actual < 0 {
		c.add(Error, "amount.negative", at(1, "basic_data.staffing.actual"), "附件1 实际在职人数为负数（%d）", *st.Actual)
	}
	if rate := StaffingRate(st); rate.IsSet() && rate.Decimal().GreaterThan(hundred) {
		c.add(Warning, "basic.staffing_over", at(1, "basic_data.staffing.actual"), "附件1 实际在职人数%d人超过编制数%d人，控制率为%s%%", *st.Actual, *st.Authorized, rate.Fixed2())
	} else if st.Authorized != nil && *st.Authorized == 0 && st.Actual != nil && *st.Actual > 0 {
		c.add(Warning, "basic.staffing_over", at(1, "basic_data.staffing.authorized"), "附件1 编制数为0，但实际在职人数为%d人，无法计算控制率", *st.Actual)
	}

	sg := b.Sangong
	for _, row := range []struct {
		path string
		t    Triple
	}{
		{"basic_data.sangong.vehicle_purchase", sg.VehiclePurchase},
		{"basic_data.sangong.vehicle_operation", sg.VehicleOperation},
		{"basic_data.sangong.overseas", sg.Overseas},
		{"basic_data.sangong.reception", sg.Reception},
	} {
		c.triplePlausible(row.path, row.t, FieldLabel(row.path))
	}
	if sg.Total != nil {
		c.triplePlausible("basic_data.sangong.total", *sg.Total, FieldLabel("basic_data.sangong.total"))
		c.compareTriple("basic.sangong_sum", "basic_data.sangong.total", *sg.Total, sg.Sum(), "三公经费合计（公务用车购置和维护经费+出国经费+公务接待）")
	}

	ps := b.ProjectSpending
	c.triplePlausible("basic_data.project_spending.business", ps.Business, BusinessRowName)
	c.triplePlausible("basic_data.project_spending.operation", ps.Operation, OperationRowName)
	for _, group := range []struct {
		kind string
		rows []NamedTriple
	}{{"district_special", ps.DistrictSpecial}, {"higher_transfer", ps.HigherTransfer}} {
		kind, label := group.kind, FieldLabel("basic_data.project_spending."+group.kind)
		for i, row := range group.rows {
			path := fmt.Sprintf("basic_data.project_spending.%s.%d", kind, i)
			name := row.Name
			if strings.TrimSpace(name) == "" {
				c.add(Error, "required.blank", at(1, path+".name"), "附件1 %s第%d行的项目名称未填写", label, i+1)
				name = fmt.Sprintf("%s第%d行", label, i+1)
			}
			c.triplePlausible(path, row.Triple(), name)
		}
	}
	if ps.Total != nil {
		c.triplePlausible("basic_data.project_spending.total", *ps.Total, FieldLabel("basic_data.project_spending.total"))
		c.compareTriple("basic.project_sum", "basic_data.project_spending.total", *ps.Total, ps.Sum(), "项目支出合计（各项目支出行之和）")
	}

	pub := b.PublicSpending
	c.triplePlausible("basic_data.public_spending.total", pub.Total, FieldLabel("basic_data.public_spending.total"))
	parts := []struct {
		path, name string
		t          Triple
	}{
		{"office", FieldLabel("basic_data.public_spending.office"), pub.Office},
		{"utilities_travel", FieldLabel("basic_data.public_spending.utilities_travel"), pub.UtilitiesTravel},
		{"meetings_training", FieldLabel("basic_data.public_spending.meetings_training"), pub.MeetingsTraining},
	}
	for _, p := range parts {
		c.triplePlausible("basic_data.public_spending."+p.path, p.t, p.name)
	}
	for _, col := range c.columns() {
		parent := col.of(pub.Total)
		exceeded := false
		sum := Blank
		for _, p := range parts {
			part := col.of(p.t)
			sum = sum.Add(part)
			exceeded = c.partNotAbove(at(1, "basic_data.public_spending."+p.path+"."+col.field), part, parent, "其中“"+p.name+"”", "公用经费", col.label) || exceeded
		}
		if !exceeded && parent.IsSet() {
			c.partNotAbove(at(1, "basic_data.public_spending.total."+col.field), sum, parent, "其中各项（办公经费、水费电费差旅费、会议费培训费）之和", "公用经费", col.label)
		}
	}
	c.triplePlausible("basic_data.procurement", b.Procurement, FieldLabel("basic_data.procurement"))

	for i, bl := range b.Buildings {
		path := fmt.Sprintf("basic_data.buildings.%d", i)
		name := bl.Name
		if strings.TrimSpace(name) == "" {
			c.add(Error, "required.blank", at(1, path+".name"), "附件1 楼堂馆所第%d行的项目名称未填写", i+1)
			name = fmt.Sprintf("第%d行", i+1)
		}
		for _, a := range []struct {
			field, what string
			v           Amount
			money       bool
		}{
			{"approved_scale", "", bl.ApprovedScale, false}, {"actual_scale", "", bl.ActualScale, false},
			{"budget_investment", "", bl.BudgetInvestment, true}, {"actual_investment", "", bl.ActualInvestment, true},
		} {
			a.what = FieldLabel(path + "." + a.field)
			if !a.v.IsSet() {
				c.add(Error, "required.blank", at(1, path+"."+a.field), "附件1 楼堂馆所“%s”的%s未填写", name, a.what)
			}
			what := fmt.Sprintf("附件1 楼堂馆所“%s”的%s", name, a.what)
			if a.money {
				c.plausible(at(1, path+"."+a.field), a.v, what)
			} else {
				c.nonNegative(at(1, path+"."+a.field), a.v, what)
			}
		}
		if r := Ratio(bl.ActualScale, bl.ApprovedScale); r.IsSet() && r.Decimal().GreaterThan(hundred) {
			c.add(Warning, "basic.building_scale_over", at(1, path+".actual_scale"), "附件1 楼堂馆所“%s”实际规模超过批复规模，规模控制率为%s%%", name, r.Fixed2())
		}
		if r := Ratio(bl.ActualInvestment, bl.BudgetInvestment); r.IsSet() && r.Decimal().GreaterThan(hundred) {
			c.add(Warning, "basic.building_investment_over", at(1, path+".actual_investment"), "附件1 楼堂馆所“%s”实际投资超过预算投资，投资概算控制率为%s%%", name, r.Fixed2())
		}
	}
	c.requiredField(1, "basic_data.thrift_measures", b.ThriftMeasures)
}

func (c *checker) compareTriple(code, path string, stated, expected Triple, what string) {
	y := c.f.Year
	c.compare(code, at(1, path+".prior_final"), stated.PriorFinal, expected.PriorFinal, fmt.Sprintf("附件1 %s %d年决算数", what, y-1))
	c.compare(code, at(1, path+".budget"), stated.Budget, expected.Budget, fmt.Sprintf("附件1 %s %d年预算数", what, y))
	c.compare(code, at(1, path+".final"), stated.Final, expected.Final, fmt.Sprintf("附件1 %s %d年决算数", what, y))
}

// column is one of the three figures of a 附件1 row.
type column struct {
	field, label string
	of           func(Triple) Amount
}

// columns lists 上年决算数, 本年预算数 and 本年决算数 with the filing's years.
func (c *checker) columns() []column {
	y := c.f.Year
	return []column{
		{"prior_final", fmt.Sprintf("%d年决算数", y-1), func(t Triple) Amount { return t.PriorFinal }},
		{"budget", fmt.Sprintf("%d年预算数", y), func(t Triple) Amount { return t.Budget }},
		{"final", fmt.Sprintf("%d年决算数", y), func(t Triple) Amount { return t.Final }},
	}
}

// partNotAbove reports a 其中 figure above its parent (info within the
// rounding tolerance) or filled in under a blank parent, and returns whether
// it reported anything.
func (c *checker) partNotAbove(where Location, part, parent Amount, partName, parentName, col string) bool {
	if !part.IsSet() || part.IsZero() {
		return false
	}
	if !parent.IsSet() {
		c.add(Error, "basic.parent_blank", where, "附件1 %s%s未填写，但%s填报了%s", parentName, col, partName, wan(part))
		return true
	}
	diff := part.Decimal().Sub(parent.Decimal())
	if diff.Sign() <= 0 {
		return false
	}
	sev, note := c.severityOf(diff)
	c.add(sev, "basic.part_exceeds_parent", where, "附件1 %s%s为%s，超过%s的%s，相差%s万元%s", partName, col, wan(part), parentName, wan(parent), diff.String(), note)
	return true
}

// StaffingRate is 控制率 = 实际在职人数 ÷ 编制数, in percent rounded to two places.
func StaffingRate(s Staffing) Amount {
	if s.Authorized == nil || s.Actual == nil || *s.Authorized <= 0 {
		return Blank
	}
	return Dec(Percent2(decimal.NewFromInt(int64(*s.Actual)), decimal.NewFromInt(int64(*s.Authorized))))
}

// Ratio is num ÷ den in percent rounded to two places; blank without both.
func Ratio(num, den Amount) Amount {
	if !num.IsSet() || den.IsZero() {
		return Blank
	}
	return Dec(Percent2(num.Decimal(), den.Decimal()))
}

func (c *checker) overall(ts TableScore) {
	o := c.f.Overall
	c.funds(at(2, "overall.funds"), o.Funds, "附件2 年度资金总额")
	ex := o.Funds.Executed
	if ex.IsSet() {
		if o.Expenditure.Basic.IsSet() || o.Expenditure.Project.IsSet() {
			c.compare("overall.expenditure_sum", at(2, "overall.expenditure.basic"), o.Expenditure.Sum(), ex, "附件2 按支出性质分（基本支出+项目支出）与全年执行数")
		} else {
			c.add(Error, "required.blank", at(2, "overall.expenditure.basic"), "附件2 按支出性质分（基本支出、项目支出）未填写")
		}
		if inc := o.Income.Sum(); inc.IsSet() {
			c.compare("overall.income_sum", at(2, "overall.income.general_budget"), inc, ex, "附件2 按收入性质分各项之和与全年执行数")
		} else {
			c.add(Error, "required.blank", at(2, "overall.income.general_budget"), "附件2 按收入性质分未填写")
		}
	}
	for _, a := range []struct {
		path string
		v    Amount
	}{
		{"overall.income.general_budget", o.Income.GeneralBudget},
		{"overall.income.government_fund", o.Income.GovernmentFund},
		{"overall.income.special_account_nontax", o.Income.SpecialAccountNontax},
		{"overall.income.other", o.Income.Other},
		{"overall.expenditure.basic", o.Expenditure.Basic},
		{"overall.expenditure.project", o.Expenditure.Project},
	} {
		c.plausible(at(2, a.path), a.v, formLabel(a.path))
	}
	// 附件1 项目支出 本年决算数 against 附件2 项目支出.
	ps := c.f.BasicData.ProjectSpending.Sum().Final
	if ps.IsSet() || o.Expenditure.Project.IsSet() {
		diff := ps.Decimal().Sub(o.Expenditure.Project.Decimal()).Abs()
		if !diff.IsZero() {
			sev, note := c.severityOf(diff)
			c.add(sev, "cross.project_spending", at(2, "overall.expenditure.project"), "附件2 项目支出（%s）与附件1 项目支出%d年决算数（%s）不一致，相差%s万元%s", wan(o.Expenditure.Project), c.f.Year, wan(ps), diff.String(), note)
		}
	}
	c.goals(at(2, "overall.goals"), o.Goals, "附件2")
	c.table(2, -1, "overall", "附件2", o.ExecutionWeight, o.Indicators, ts)
	c.filed(o.Filed, o.Funds, ts, "附件2 ", func(path string) Location { return at(2, "overall."+path) })
}

func (c *checker) funds(where Location, f Funds, what string) {
	base := where.Path
	loc := func(field string) Location { l := where; l.Path = base + "." + field; return l }
	switch {
	case !f.FullYearBudget.IsSet():
		c.add(Error, "funds.no_budget", loc("full_year_budget"), "%s全年预算数未填写，无法计算执行率，执行率得分为0", what)
	case f.FullYearBudget.IsZero():
		c.add(Error, "funds.no_budget", loc("full_year_budget"), "%s全年预算数为0，无法计算执行率，执行率得分为0", what)
	}
	if !f.Executed.IsSet() {
		c.add(Error, "required.blank", loc("executed"), "%s全年执行数未填写", what)
	}
	if !f.InitialBudget.IsSet() {
		c.add(Error, "required.blank", loc("initial_budget"), "%s年初预算数未填写", what)
	}
	for _, a := range []struct {
		field string
		v     Amount
	}{{"initial_budget", f.InitialBudget}, {"full_year_budget", f.FullYearBudget}, {"executed", f.Executed}} {
		c.plausible(loc(a.field), a.v, what+FieldLabel(base+"."+a.field))
	}
	if rate := ExecutionRate(f); rate.IsSet() && rate.Decimal().GreaterThan(hundred) {
		c.add(Warning, "funds.rate_over_100", loc("executed"), "%s全年执行数%s超过全年预算数%s，执行率为%s%%（得分按100%%计），请核对", what, wan(f.Executed), wan(f.FullYearBudget), rate.Fixed2())
	}
}

func (c *checker) goals(where Location, g Goals, what string) {
	base := where.Path
	if len(nonBlank(g.Expected)) == 0 {
		l := where
		l.Path = base + ".expected"
		c.add(Error, "required.blank", l, "%s 年度总体目标的预期目标未填写", what)
	}
	if len(nonBlank(g.Actual)) == 0 {
		l := where
		l.Path = base + ".actual"
		c.add(Error, "required.blank", l, "%s 年度总体目标的实际完成情况未填写", what)
	}
}

func nonBlank(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// table checks the weights and every indicator row of one scored table.
func (c *checker) table(attachment, project int, base, what string, execWeight Amount, rows []Indicator, ts TableScore) {
	loc := func(path string) Location {
		if project >= 0 {
			return atProject(project, path)
		}
		return at(attachment, base+"."+path)
	}
	if len(rows) == 0 {
		c.add(Error, "indicators.empty", loc("indicators"), "%s没有填写绩效指标", what)
		return
	}
	if !ts.WeightTotal.Equal(c.r.TotalWeight) {
		c.add(Error, "weights.total", loc("indicators"), "%s分值合计为%s（执行率%s+各项指标），应为%s；权重不成立，总分不能评定等级（等级显示为“%s”）", what, ts.WeightTotal.String(), ts.ExecutionWeight.String(), c.r.TotalWeight.String(), ts.Grade)
	}
	if execWeight.IsNegative() {
		c.add(Error, "amount.negative", loc("execution_weight"), "%s执行率分值为负数（%s）", what, execWeight.Text())
	} else if execWeight.IsSet() && !execWeight.Decimal().Equal(c.r.ExecutionWeight) {
		c.add(Warning, "weights.execution", loc("execution_weight"), "%s执行率分值为%s，《办法》建议为%s（可按地方规定调整）", what, execWeight.String(), c.r.ExecutionWeight.String())
	}
	for _, l := range ts.Levels {
		if _, ok := c.r.Level(l.Name); !ok || l.Weight.Equal(l.Expected) {
			continue
		}
		c.add(Warning, "weights.level1", loc("indicators"), "%s“%s”分值合计为%s，《办法》建议为%s（可按地方规定调整）", what, l.Name, l.Weight.String(), l.Expected.String())
	}
	for i, row := range rows {
		c.indicator(i, row, ts.Rows[i], what, func(field string) Location { return loc(fmt.Sprintf("indicators.%d.%s", i, field)) })
	}
}

func (c *checker) indicator(i int, row Indicator, rs RowScore, what string, loc func(string) Location) {
	name := strings.TrimSpace(row.Name)
	label := fmt.Sprintf("%s 三级指标“%s”", what, name)
	if name == "" {
		label = fmt.Sprintf("%s 第%d行指标", what, i+1)
		c.add(Error, "required.blank", loc("name"), "%s的三级指标名称未填写", label)
	}
	if l1, ok := c.r.Level(row.Level1); !ok {
		c.add(Error, "indicator.level1", loc("level1"), "%s的一级指标“%s”不是规定的一级指标（产出指标、效益指标、满意度指标）", label, row.Level1)
	} else if !contains(l1.Level2, row.Level2) {
		c.add(Error, "indicator.level2", loc("level2"), "%s的二级指标“%s”不属于“%s”，应为：%s", label, row.Level2, row.Level1, strings.Join(l1.Level2, "、"))
	}
	weight := row.Weight.Decimal()
	if !row.Weight.IsSet() {
		c.add(Error, "required.blank", loc("weight"), "%s的分值未填写", label)
	} else if weight.IsNegative() {
		c.add(Error, "amount.negative", loc("weight"), "%s的分值为负数（%s）", label, row.Weight.Text())
	}
	if strings.TrimSpace(row.EffectiveTarget()) == "" {
		c.add(Error, "required.blank", loc("target"), "%s的年度指标值未填写", label)
	} else if rs.TargetErr != nil {
		c.add(Error, "indicator.target_unparsable", loc("target"), "%s的年度指标值%s", label, rs.TargetErr.Error())
	}
	c.splitFindings(row, label, loc)
	if strings.TrimSpace(row.Actual) == "" {
		c.add(Error, "required.blank", loc("actual"), "%s的实际完成值未填写", label)
	}
	score := row.Score
	actual := strings.TrimSpace(row.Actual)
	if rs.Target.Quantitative && actual != "" {
		tv, av := rs.Target.Value, rs.Actual.Value
		switch {
		case rs.ActualErr != nil:
			c.add(Error, "indicator.actual_unparsable", loc("actual"), "%s的实际完成值%s；定量指标的实际完成值应为数字加单位，如“160篇”", label, rs.ActualErr.Error())
		case rs.UnitMismatch:
			c.add(Error, "indicator.unit_mismatch", loc("actual"), "%s的实际完成值单位“%s”与年度指标值单位“%s”不一致，无法计算得分", label, rs.Actual.Unit, rs.Target.Unit)
		case tv.Sign() <= 0:
			// With a filed score the filer has judged the row; without one
			// it scores 0.
			sev, tail := Error, "请改写指标值（如改为定性表述）或直接填写得分"
			if score.IsSet() {
				sev, tail = Warning, "填报的得分无法按公式核对"
			}
			c.add(sev, "indicator.target_zero", loc("target"), "%s的年度指标值为%s，无法按比例计算得分，%s", label, tv.String(), tail)
		case !rs.Target.Cmp.Reverse() && rs.Target.Cmp != Exactly && av.GreaterThanOrEqual(tv.Mul(c.r.OverTargetRatio)):
			c.add(Warning, "indicator.over_target", loc("target"), "%s实际完成值%s达到年度指标值%s的%s%%，请分析是否指标值设定偏低", label, actual, rs.Target.Text, Percent2(av, tv).StringFixed(2))
		}
	}
	// The band in force: the filer's choice, else the engine's suggestion.
	band := rs.Band
	bandKnown := false
	if band != "" {
		_, bandKnown = c.r.BandRange(band)
		if !bandKnown {
			c.add(Error, "indicator.band_unknown", loc("band"), "%s的达成档次“%s”无效，应为达成、部分达成或未达成", label, band)
		}
	}
	qualitative := !rs.Target.Quantitative && rs.TargetErr == nil && rs.Target.Text != ""
	if qualitative && actual != "" && band == "" {
		c.add(Error, "indicator.band_needed", loc("band"), "%s的实际完成值“%s”与年度指标值“%s”不同，请选择达成档次（达成/部分达成/未达成）并填写得分", label, actual, rs.Target.Text)
	}
	if score.IsSet() {
		s := score.Decimal()
		switch {
		case s.IsNegative():
			c.add(Error, "indicator.score_negative", loc("score"), "%s的得分%s小于0", label, score.Text())
		case row.Weight.IsSet() && s.GreaterThan(weight):
			c.add(Error, "indicator.score_over_weight", loc("score"), "%s的得分%s超过分值%s，总分按分值%s计", label, score.Text(), row.Weight.Text(), row.Weight.Text())
		case rs.Target.Quantitative && rs.Suggested.IsSet() && !s.Equal(rs.Suggested.Decimal()):
			c.add(Warning, "indicator.score_formula", loc("score"), "%s填报得分%s，按公式计算应为%s", label, score.Text(), rs.Suggested.Fixed2())
		case qualitative && actual != "" && bandKnown:
			if lo, hi, _ := c.r.BandScores(band, weight); s.LessThan(lo) || s.GreaterThan(hi) {
				br, _ := c.r.BandRange(band)
				why := "选择了"
				if row.Band == "" {
					why = "实际完成值达到年度指标值，属于"
				}
				c.add(Error, "indicator.score_band", loc("score"), "%s%s“%s”档，得分应在%s至%s之间，填报为%s", label, why, br.Label, lo.StringFixed(2), hi.StringFixed(2), score.Text())
			}
		}
	}
	if rv := row.ReviewScore; rv != nil && rv.IsSet() {
		switch {
		case rv.IsNegative():
			c.add(Error, "indicator.review_score_negative", loc("review_score"), "%s的复核分%s小于0", label, rv.Text())
		case row.Weight.IsSet() && rv.Decimal().GreaterThan(weight):
			c.add(Error, "indicator.review_score_over_weight", loc("review_score"), "%s的复核分%s超过分值%s，复核总分按分值%s计", label, rv.Text(), row.Weight.Text(), row.Weight.Text())
		}
	}
	if row.Weight.IsSet() && rs.Used.LessThan(weight) && strings.TrimSpace(row.Deviation) == "" {
		c.add(Error, "indicator.deviation_missing", loc("deviation"), "%s得分%s低于分值%s，必须填写偏差原因分析及改进措施", label, Round2(rs.Used).StringFixed(2), row.Weight.Text())
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (c *checker) project(i int, ts TableScore) {
	p := c.f.Projects[i]
	name := strings.TrimSpace(p.Name)
	what := fmt.Sprintf("附件3“%s”", name)
	if name == "" {
		what = fmt.Sprintf("附件3 第%d张项目表", i+1)
		c.add(Error, "required.blank", atProject(i, "name"), "%s的项目名称未填写", what)
	}
	c.required(atProject(i, "department"), p.Department, what+"的主管部门")
	c.required(atProject(i, "implementer"), p.Implementer, what+"的实施单位")
	c.funds(atProject(i, "funds.total"), p.Funds.Total, what+"年度资金总额")
	parts := p.Funds.PartsSum()
	for _, col := range []struct {
		field, label string
		total, sum   Amount
	}{
		{"initial_budget", "年初预算数", p.Funds.Total.InitialBudget, parts.InitialBudget},
		{"full_year_budget", "全年预算数", p.Funds.Total.FullYearBudget, parts.FullYearBudget},
		{"executed", "全年执行数", p.Funds.Total.Executed, parts.Executed},
	} {
		if col.sum.IsSet() {
			c.compare("project.funds_sum", atProject(i, "funds.total."+col.field), col.total, col.sum, what+"年度资金总额"+col.label+"与其中各项（当年财政拨款+上年结转资金+其他资金）之和")
		}
	}
	for _, part := range []struct {
		path, label string
		f           Funds
	}{{"current_year", "当年财政拨款", p.Funds.CurrentYear}, {"carryover", "上年结转资金", p.Funds.Carryover}, {"other", "其他资金", p.Funds.Other}} {
		c.plausible(atProject(i, "funds."+part.path+".initial_budget"), part.f.InitialBudget, what+part.label+"年初预算数")
		c.plausible(atProject(i, "funds."+part.path+".full_year_budget"), part.f.FullYearBudget, what+part.label+"全年预算数")
		c.plausible(atProject(i, "funds."+part.path+".executed"), part.f.Executed, what+part.label+"全年执行数")
	}
	c.sources(i, p.Funds, what)
	c.goals(atProject(i, "goals"), p.Goals, what)
	c.table(3, i, "", what, p.ExecutionWeight, p.Indicators, ts)
	c.filed(p.Filed, p.Funds.Total, ts, what, func(path string) Location { return atProject(i, path) })
}

// sources checks a 附件3 table's funding-source rows: each has a name and
// no negative figure, and in each column where any row has a figure the
// rows add up to 年度资金总额.
func (c *checker) sources(i int, funds ProjectFunds, what string) {
	if len(funds.Sources) == 0 {
		return
	}
	var sum Funds
	for k, src := range funds.Sources {
		path := fmt.Sprintf("funds.sources.%d", k)
		name := strings.TrimSpace(src.Name)
		if name == "" {
			c.add(Error, "required.blank", atProject(i, path+".name"), "%s资金来源第%d行的名称未填写", what, k+1)
			name = fmt.Sprintf("第%d行", k+1)
		}
		label := fmt.Sprintf("%s资金来源“%s”", what, name)
		c.plausible(atProject(i, path+".initial_budget"), src.InitialBudget, label+"年初预算数")
		c.plausible(atProject(i, path+".full_year_budget"), src.FullYearBudget, label+"全年预算数")
		c.plausible(atProject(i, path+".executed"), src.Executed, label+"全年执行数")
		sum = sum.Add(src.Funds())
	}
	for _, col := range []struct {
		field, label string
		total, sum   Amount
	}{
		{"initial_budget", "年初预算数", funds.Total.InitialBudget, sum.InitialBudget},
		{"full_year_budget", "全年预算数", funds.Total.FullYearBudget, sum.FullYearBudget},
		{"executed", "全年执行数", funds.Total.Executed, sum.Executed},
	} {
		if col.sum.IsSet() {
			c.compare("project.sources_sum", atProject(i, "funds.total."+col.field), col.total, col.sum, what+"年度资金总额"+col.label+"与各资金来源之和")
		}
	}
}

// ProjectFor returns the index of the 附件3 table that covers the 附件1 项目支出
// row named name, or -1.
func (f *Filing) ProjectFor(name string) int {
	n := strings.TrimSpace(name)
	if n == "" {
		return -1
	}
	// An exact name wins; otherwise the one table whose name contains the
	// row's (“2024年业务工作经费”), and none when several do, so that a short
	// 专项 name such as “教育” cannot be claimed by the wrong table.
	found := -1
	for i, p := range f.Projects {
		pn := strings.TrimSpace(p.Name)
		if pn == n {
			return i
		}
		if strings.Contains(pn, n) {
			if found >= 0 {
				found = -2
			} else if found == -1 {
				found = i
			}
		}
	}
	return max(found, -1)
}

func (c *checker) missingProjects() {
	for _, row := range c.f.BasicData.ProjectSpending.Rows() {
		if !row.HasMoney() || c.f.ProjectFor(row.Name) >= 0 {
			continue
		}
		path := "basic_data.project_spending." + row.Kind
		if row.Kind == "district_special" || row.Kind == "higher_transfer" {
			path = fmt.Sprintf("%s.%d", path, row.Index)
		}
		name := row.Name
		if strings.TrimSpace(name) == "" {
			name = "未命名项目"
		}
		c.add(Error, "cross.missing_project_table", at(1, path+".final"), "附件1 项目支出“%s”有资金（%d年预算数%s，决算数%s），但没有对应的附件3 项目支出绩效自评表", name, c.f.Year, wan(row.Budget), wan(row.Final))
	}
}

func (c *checker) report() {
	r := c.f.Report
	for _, s := range []struct{ path, v string }{
		{"report.duties", r.Duties},
		{"report.organization", r.Organization},
		{"report.performance", r.Performance},
		{"report.problems", r.Problems},
		{"report.improvements", r.Improvements},
		{"report.result_use", r.ResultUse},
	} {
		c.required(at(4, s.path), s.v, reportFieldName(s.path))
	}
	if strings.TrimSpace(r.Other) == "" {
		c.add(Warning, "report.other_blank", at(4, "report.other"), "%s未填写；没有需要说明的情况时请填“无”", reportFieldName("report.other"))
	}
	g := r.GeneralBudgetSpending
	for _, a := range []struct {
		path, what string
		v          Amount
	}{
		{"report.general_budget_spending.personnel", "", g.Personnel},
		{"report.general_budget_spending.public", "", g.Public},
		{"report.general_budget_spending.project", "", g.Project},
		{"report.government_fund_spending", "", r.GovernmentFundSpending},
		{"report.state_capital_spending", "", r.StateCapitalSpending},
		{"report.social_insurance_spending", "", r.SocialInsuranceSpending},
	} {
		a.what = reportFieldName(a.path)
		if !a.v.IsSet() {
			c.add(Error, "required.blank", at(4, a.path), "%s金额未填写（没有支出请填0）", a.what)
		}
		c.plausible(at(4, a.path), a.v, a.what)
	}
	exp := c.f.Overall.Expenditure
	// The report covers the 一般公共预算 only, so its 基本支出 may be below
	// 附件2's, never above.
	if g.Basic().IsSet() && exp.Basic.IsSet() {
		if diff := g.Basic().Decimal().Sub(exp.Basic.Decimal()); diff.Sign() > 0 {
			sev, note := c.severityOf(diff)
			c.add(sev, "cross.report_basic", at(4, "report.general_budget_spending.personnel"), "附件4 一般公共预算基本支出（人员经费%s+公用经费%s=%s）超过附件2 基本支出%s，相差%s万元%s", wan(g.Personnel), wan(g.Public), wan(g.Basic()), wan(exp.Basic), diff.String(), note)
		}
	}
	if inc := c.f.Overall.Income.GeneralBudget; g.Total().IsSet() && inc.IsSet() {
		c.compare("cross.report_general_budget", at(4, "report.general_budget_spending.personnel"), g.Total(), inc, "附件4 一般公共预算支出（人员经费+公用经费+项目支出）与附件2 一般公共预算")
	}
}
