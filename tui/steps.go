package tui

import (
	"strings"

	"jixiao/domain"
)

// stepID numbers the nine wizard steps.
type stepID int

// The wizard steps in order.
const (
	stepBasic stepID = iota
	stepStaffFunds
	stepBuildings
	stepFunds
	stepGoals
	stepIndicators
	stepProjects
	stepReport
	stepReview
	stepCount
)

// stepInfo describes a step: its titles and, for the steps of this issue,
// the form builder; the other steps show the filing read-only.
type stepInfo struct {
	title string
	short string
	// build returns the rows of an editable step.
	build func(f *domain.Filing, st *Styles) ([]row, int)
	// show renders a read-only step.
	show func(w *wizard, width int) []string
	// comp makes the step's screen when it is more than a form.
	comp func(w stepCtx) component
}

// steps is filled in init to avoid an initialisation cycle with the
// read-only views, which use the wizard.
var steps [stepCount]stepInfo

func init() {
	steps = [stepCount]stepInfo{
		{title: "基本信息与签署", short: "基本信息", build: buildBasic},
		{title: "附件1 人员与经费", short: "人员经费", build: buildStaffFunds},
		{title: "附件1 楼堂馆所与节约措施", short: "楼堂馆所", build: buildBuildings},
		{title: "附件2 资金与收支", short: "资金收支", build: buildFunds},
		{title: "附件2 年度目标", short: "年度目标", build: buildGoals},
		{title: "附件2 绩效指标", short: "绩效指标", comp: newIndicatorsStep},
		{title: "附件3 项目", short: "附件3", comp: newProjectsStep},
		{title: "附件4 自评报告", short: "附件4", comp: newReportStep},
		{title: "复核与导出", short: "复核导出", comp: newReviewStep},
	}
}

// stepOf maps a finding's location to the step that edits it.
func stepOf(l domain.Location) stepID {
	p := l.Path
	has := func(prefixes ...string) bool {
		for _, x := range prefixes {
			if p == x || strings.HasPrefix(p, x+".") {
				return true
			}
		}
		return false
	}
	switch {
	case has("unit", "year", "signoff"):
		return stepBasic
	case has("basic_data.buildings", "basic_data.thrift_measures"):
		return stepBuildings
	case has("basic_data"):
		return stepStaffFunds
	case has("overall.goals"):
		return stepGoals
	case has("overall.indicators"):
		return stepIndicators
	case has("overall"):
		return stepFunds
	case has("projects") || l.Attachment == 3:
		return stepProjects
	case has("report") || l.Attachment == 4:
		return stepReport
	case l.Attachment == 1:
		return stepStaffFunds
	case l.Attachment == 2:
		return stepFunds
	}
	return stepReview
}

// amountW is the width of an amount cell.
const amountW = 12

func amountField(key, title string, get func(*domain.Filing) *domain.Amount) cell {
	return cell{width: amountW, field: NewAmountField(key, title,
		func(f *domain.Filing) domain.Amount { return *get(f) },
		func(f *domain.Filing, a domain.Amount) { *get(f) = a })}
}

func heads(titles ...func(*domain.Filing) string) []cell {
	out := make([]cell, len(titles))
	for i, t := range titles {
		out[i] = cell{head: true, calc: t, width: amountW}
	}
	return out
}

func text(s string) func(*domain.Filing) string { return func(*domain.Filing) string { return s } }

// fmtAmount shows a computed amount with two decimals, or the dash.
func fmtAmount(a domain.Amount, st *Styles) string {
	if !a.IsSet() {
		return st.G.Dash
	}
	return a.Fixed2()
}

// fmtRate shows a percentage such as 控制率 or 执行率.
func fmtRate(a domain.Amount, st *Styles) string {
	if !a.IsSet() {
		return st.G.Dash
	}
	return a.Fixed2() + "%"
}

// tripleRow is an 附件1 经费 row of three amount fields, titled as the
// columns of the year's form are (2023年决算数, 2024年预算数 …).
func tripleRow(year int, label, what, path string, get func(*domain.Filing) *domain.Triple) row {
	y := &domain.Filing{Year: year}
	return row{label: label, cells: []cell{
		amountField(path+".prior_final", what+" "+y.PriorYearFinalLabel(), func(f *domain.Filing) *domain.Amount { return &get(f).PriorFinal }),
		amountField(path+".budget", what+" "+y.BudgetLabel(), func(f *domain.Filing) *domain.Amount { return &get(f).Budget }),
		amountField(path+".final", what+" "+y.FinalLabel(), func(f *domain.Filing) *domain.Amount { return &get(f).Final }),
	}}
}

// sumRow is a computed 附件1 row (三公经费, 项目支出 …).
func sumRow(label string, st *Styles, sum func(*domain.Filing) domain.Triple) row {
	c := func(pick func(domain.Triple) domain.Amount) cell {
		return cell{width: amountW, calc: func(f *domain.Filing) string { return fmtAmount(pick(sum(f)), st) }}
	}
	return row{label: label, cells: []cell{
		c(func(t domain.Triple) domain.Amount { return t.PriorFinal }),
		c(func(t domain.Triple) domain.Amount { return t.Budget }),
		c(func(t domain.Triple) domain.Amount { return t.Final }),
	}}
}
