package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// stepBench says how one keystroke is typed on a wizard step: the field
// focused first (a JSON path; "" keeps the step's first field) and the two
// keys typed alternately, so that the filing returns to where it was.
type stepBench struct {
	name  string
	step  stepID
	focus string
	keys  [2]string
	// setup prepares a component step (the grid's cell editor, …).
	setup func(b *testing.B, m *Model)
}

// benchSteps covers every step of the wizard. Form steps type into a field
// (an amount that moves the score panel where the step has one, Chinese
// text elsewhere); the indicator grid edits the 实际完成值 cell; 附件3 项目
// opens its first table and types into its 全年执行数 (the sample has no
// 附件3 table, so there it gets one: withOneProject); 复核与导出 moves the
// selection in the findings, which is what a keystroke does there.
var benchSteps = []stepBench{
	{name: "1-basic", step: stepBasic, focus: "signoff.filled_by", keys: [2]string{"冯", "backspace"}},
	{name: "2-staff-funds", step: stepStaffFunds, focus: "basic_data.sangong.reception.final", keys: [2]string{"1", "backspace"}},
	{name: "3-buildings", step: stepBuildings, focus: "basic_data.thrift_measures", keys: [2]string{"节", "backspace"}},
	{name: "4-funds", step: stepFunds, focus: "overall.funds.executed", keys: [2]string{"1", "backspace"}},
	{name: "5-goals", step: stepGoals, focus: "overall.goals.expected.0", keys: [2]string{"目", "backspace"}},
	{name: "6-indicators", step: stepIndicators, keys: [2]string{"1", "backspace"}, setup: func(b *testing.B, m *Model) {
		g := m.wiz.comp().(*gridStep).g
		g.jump("overall.indicators.4.actual")
		m.Update(kp("enter"))
	}},
	{name: "7-projects", step: stepProjects, keys: [2]string{"1", "backspace"}, setup: func(b *testing.B, m *Model) {
		// Open the first 附件3 table and type into its 全年执行数.
		m.Update(kp("enter"))
		if fm := m.wiz.form(); fm == nil || !fm.focusKey("projects.0.funds.total.executed") {
			b.Fatal("附件3: the first table did not open on its form")
		}
	}},
	{name: "8-report", step: stepReport, keys: [2]string{"职", "backspace"}},
	{name: "9-review", step: stepReview, keys: [2]string{"down", "up"}},
}

// withOneProject adds one 附件3 table to f, built like bigFiling's.
func withOneProject(f *domain.Filing) *domain.Filing {
	p := domain.NewProject("业务工作经费")
	p.Funds.Total = f.Overall.Funds
	p.Funds.CurrentYear = f.Overall.Funds
	p.Goals = f.Overall.Goals
	p.Indicators = append([]domain.Indicator(nil), f.Overall.Indicators...)
	f.Projects = append(f.Projects, p)
	return f
}

// withProjects adds n 附件3 tables to f, built like bigFiling's.
func withProjects(f *domain.Filing, n int) *domain.Filing {
	for range n {
		withOneProject(f)
	}
	return f
}

// BenchmarkStepKeystroke measures Update+View for one keystroke on every
// step of the wizard (120×40), with the 梅溪街道 sample and with the sample
// plus 30 附件3 tables (bigFiling). docs/benchmarks.md gives the ratio
// 30 projects ÷ sample per step.
func BenchmarkStepKeystroke(b *testing.B) {
	filings := []struct {
		name string
		f    func(testing.TB) *domain.Filing
	}{
		{"sample", func(t testing.TB) *domain.Filing { return loadSample(t) }},
		{"30projects", bigFiling},
		// 复核与导出 draws as many tables and findings as fit, so the sample
		// (two tables) fills less of the screen than 30 projects do; 60
		// projects shows that the cost stops growing once the screen is full.
		{"60projects", func(t testing.TB) *domain.Filing { return withProjects(loadSample(t), 60) }},
	}
	for _, sb := range benchSteps {
		for _, fl := range filings {
			if fl.name == "60projects" && sb.step != stepReview {
				continue
			}
			b.Run(sb.name+"/"+fl.name, func(b *testing.B) {
				f := fl.f(b)
				if sb.step == stepProjects && len(f.Projects) == 0 {
					f = withOneProject(f)
				}
				m := opened(b, f, 120, 40)
				m.wiz.enter(sb.step)
				if sb.focus != "" {
					fm := m.wiz.form()
					if fm == nil || !fm.focusKey(sb.focus) {
						b.Fatalf("step %s: no field %s", sb.name, sb.focus)
					}
				}
				if sb.setup != nil {
					sb.setup(b, m)
				}
				keys := []tea.KeyPressMsg{kp(sb.keys[0]), kp(sb.keys[1])}
				// One round outside the timing (the first change also
				// schedules the autosave and the findings timer), checking
				// that the keys do something visible.
				before := m.View().Content
				m.Update(keys[0])
				during := m.View().Content
				m.Update(keys[1])
				if after := m.View().Content; during == before || after == during {
					b.Fatalf("step %s: %q then %q do not change the screen", sb.name, sb.keys[0], sb.keys[1])
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					m.Update(keys[i%2])
					_ = m.View()
				}
			})
		}
	}
}
