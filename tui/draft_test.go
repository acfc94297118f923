package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

// ek is kp with the editing keys kp lacks.
func ek(s string) tea.KeyPressMsg {
	switch s {
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "delete":
		return tea.KeyPressMsg{Code: tea.KeyDelete}
	}
	return kp(s)
}

// typeKeys sends each rune of s, or each named key, to m.
func typeKeys(m *Model, keys ...string) {
	for _, k := range keys {
		if len([]rune(k)) > 1 && ek(k).Text != "" {
			for _, r := range k {
				m.Update(kp(string(r)))
			}
			continue
		}
		m.Update(ek(k))
	}
}

// focusOn opens step s with the field key focused.
func focusOn(t *testing.T, m *Model, s stepID, key string) {
	t.Helper()
	m.wiz.enter(s)
	if !m.wiz.form().focusKey(key) {
		t.Fatalf("no field %s", key)
	}
}

func executed(m *Model) string { return m.wiz.f.Overall.Funds.Executed.Text() }

// TestDraftNeverStoresAnInvalidPrefix is finding 1 of issue 12: "12.3.4"
// stored 12.3, "1e9" stored 1, "1e9" after an existing 4 stored 41.
func TestDraftNeverStoresAnInvalidPrefix(t *testing.T) {
	t.Run("12.3.4", func(t *testing.T) {
		m := opened(t, loadSample(t), 120, 40)
		focusOn(t, m, stepFunds, "overall.funds.executed")
		typeKeys(m, "12.3")
		if got := executed(m); got != "12.3" {
			t.Fatalf("valid draft 12.3 not stored live: %q", got)
		}
		typeKeys(m, ".")
		if got := executed(m); got != "1902.68" {
			t.Fatalf("draft 12.3. stored %q, want the kept 1902.68", got)
		}
		typeKeys(m, "4")
		if got := executed(m); got != "1902.68" {
			t.Fatalf("draft 12.3.4 stored %q, want the kept 1902.68", got)
		}
		msg := m.wiz.message()
		if !strings.Contains(msg, "无效：") || !strings.Contains(msg, "包含多个小数点") || !strings.Contains(msg, "保留原值 1902.68") {
			t.Fatalf("message line %q", msg)
		}
		if !strings.Contains(screenText(m), "12.3.4") {
			t.Fatal("the typed draft is not shown")
		}
	})
	t.Run("1e9 in a blank field", func(t *testing.T) {
		f := loadSample(t)
		f.Overall.Funds.Executed = domain.Blank
		m := opened(t, f, 120, 40)
		focusOn(t, m, stepFunds, "overall.funds.executed")
		typeKeys(m, "1")
		if executed(m) != "1" {
			t.Fatalf("1 not stored: %q", executed(m))
		}
		typeKeys(m, "e9")
		if f.Overall.Funds.Executed.IsSet() {
			t.Fatalf("1e9 stored %q, want blank", executed(m))
		}
	})
	t.Run("1e9 over an existing 4", func(t *testing.T) {
		f := loadSample(t)
		f.Overall.Funds.Executed = testfixture.Amount("4")
		m := opened(t, f, 120, 40)
		focusOn(t, m, stepFunds, "overall.funds.executed")
		typeKeys(m, "1e9")
		if got := executed(m); got != "4" {
			t.Fatalf("1e9 over 4 stored %q, want 4", got)
		}
		if msg := m.wiz.message(); !strings.Contains(msg, "保留原值 4") {
			t.Fatalf("message line %q", msg)
		}
	})
}

// TestDraftInvalidDateKeepsTheOldDate: 填报日期 2026-02-30 stored 2026-02-03.
func TestDraftInvalidDateKeepsTheOldDate(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepBasic, "signoff.date")
	typeKeys(m, "2026-02-3")
	if got := m.wiz.f.Signoff.Date; got != "2026-02-03" {
		t.Fatalf("valid prefix not stored live: %q", got)
	}
	typeKeys(m, "0")
	if got := m.wiz.f.Signoff.Date; got != "2025-07-11" {
		t.Fatalf("2026-02-30 stored %q, want the kept 2025-07-11", got)
	}
	if msg := m.wiz.message(); !strings.Contains(msg, "不是存在的日期") || !strings.Contains(msg, "保留原值 2025-07-11") {
		t.Fatalf("message line %q", msg)
	}
}

// TestDraftLeaveAsks: leaving an invalid draft asks 修改/放弃; 修改 stays
// in the field with the draft, 放弃 restores the kept value and moves on.
func TestDraftLeaveAsks(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepFunds, "overall.funds.executed")
	typeKeys(m, "5x", "tab")
	fm := m.wiz.form()
	if fm.focused().Key() != "overall.funds.executed" {
		t.Fatal("focus left the invalid draft without asking")
	}
	if msg := m.wiz.message(); !strings.Contains(msg, "y 放弃") || !strings.Contains(msg, "n 修改") || !strings.Contains(msg, "保留原值 1902.68") {
		t.Fatalf("no 修改/放弃 question: %q", msg)
	}
	typeKeys(m, "n")
	if fm.focused().Key() != "overall.funds.executed" || fm.ask != nil {
		t.Fatal("修改 did not return to the field")
	}
	typeKeys(m, "backspace")
	if got := executed(m); got != "5" {
		t.Fatalf("editing on after 修改: %q", got)
	}
	typeKeys(m, "y", "tab")
	if fm.ask == nil {
		t.Fatal("second invalid draft did not ask")
	}
	typeKeys(m, "y")
	if got := executed(m); got != "1902.68" {
		t.Fatalf("放弃 left %q, want the kept 1902.68", got)
	}
	if fm.focused().Key() != "overall.execution_weight" {
		t.Fatalf("放弃 did not move on: %s", fm.focused().Key())
	}
	if d := m.wiz.invalidDrafts(); len(d) != 0 {
		t.Fatalf("drafts left after 放弃: %v", d)
	}
}

// TestDraftSelectOnFocus: a filled amount or date field's content is
// selected when focused, so typing replaces it; End/←/→ keep editing;
// Backspace clears the selection.
func TestDraftSelectOnFocus(t *testing.T) {
	for _, c := range []struct {
		name string
		keys []string
		want string
	}{
		{"typing replaces", []string{"7"}, "7"},
		{"end keeps editing", []string{"end", "5"}, "1902.685"},
		{"right keeps editing", []string{"right", "5"}, "1902.685"},
		{"left keeps editing", []string{"left", "5"}, "1902.658"},
		{"backspace clears", []string{"backspace"}, ""},
		{"paste replaces", nil, "88"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := opened(t, loadSample(t), 120, 40)
			// Come to the field the way a user does: Tab from the one
			// before it.
			focusOn(t, m, stepFunds, "overall.funds.full_year_budget")
			typeKeys(m, "tab")
			if c.keys == nil {
				m.Update(tea.PasteMsg{Content: "88"})
			}
			typeKeys(m, c.keys...)
			if got := executed(m); got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
	// The date too.
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepBasic, "signoff.date")
	typeKeys(m, "2025-07-12")
	if got := m.wiz.f.Signoff.Date; got != "2025-07-12" {
		t.Fatalf("date typed over: %q", got)
	}
	// A text field is not selected: typing appends.
	focusOn(t, m, stepBasic, "signoff.filled_by")
	old := m.wiz.f.Signoff.FilledBy
	typeKeys(m, "甲")
	if got := m.wiz.f.Signoff.FilledBy; got != old+"甲" {
		t.Fatalf("text field: %q", got)
	}
}

// TestDraftNegativeRefused: a negative amount is refused at the field
// where the form allows none, and accepted for 部门基本支出预算调整.
func TestDraftNegativeRefused(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepFunds, "overall.funds.executed")
	typeKeys(m, "-5")
	if got := executed(m); got != "1902.68" {
		t.Fatalf("-5 stored %q", got)
	}
	if msg := m.wiz.message(); !strings.Contains(msg, "不能为负数") {
		t.Fatalf("message line %q", msg)
	}
	focusOn(t, m, stepStaffFunds, "basic_data.basic_budget_adjustment.final")
	typeKeys(m, "-5")
	if got := m.wiz.f.BasicData.BasicBudgetAdjustment.Final.Text(); got != "-5" {
		t.Fatalf("an adjustment may be negative: %q (%s)", got, m.wiz.message())
	}
}

// TestCtrlWDeletesOneChineseRun: Ctrl+W deletes back to a space or a
// punctuation mark, or over one run of Chinese characters, not the whole
// field.
func TestCtrlWDeletesOneChineseRun(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"梅溪街道，办事处", "梅溪街道，"},
		{"梅溪街道，", "梅溪街道"},
		{"abc 梅溪", "abc "},
		{"abc梅溪", "abc"},
		{"abc def  ", "abc "},
		{"梅溪街道办事处", ""},
		{"第一行\n梅溪", "第一行\n"},
	} {
		e := editor{multiline: true}
		e.SetValue(c.text)
		e.HandleKey(tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl}, 0)
		if got := e.Value(); got != c.want {
			t.Errorf("Ctrl+W on %q: %q, want %q", c.text, got, c.want)
		}
	}
}

// TestGridCellInvalidDraftAsks: a grid cell never stores an invalid
// prefix; Enter on one asks 修改/放弃, and 放弃 keeps the old value.
func TestGridCellInvalidDraftAsks(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepIndicators)
	g := m.wiz.comp().(*gridStep).g
	g.jump("overall.indicators.0.weight")
	old := f.Overall.Indicators[0].Weight.Text()
	for _, c := range "12.3.4" {
		press(m, string(c))
	}
	press(m, "enter")
	if got := f.Overall.Indicators[0].Weight.Text(); got != old {
		t.Fatalf("12.3.4 stored %q", got)
	}
	if g.mode != gmEdit || !strings.Contains(m.wiz.message(), "y 放弃") || !strings.Contains(m.wiz.message(), "保留原值 "+old) {
		t.Fatalf("no 修改/放弃 question: mode %d %q", g.mode, m.wiz.message())
	}
	press(m, "n", "backspace", "backspace", "enter")
	if got := f.Overall.Indicators[0].Weight.Text(); got != "12.3" {
		t.Fatalf("修改 then a valid value: %q", got)
	}
	press(m, "1", "e", "9", "enter", "y")
	if got := f.Overall.Indicators[0].Weight.Text(); got != "12.3" || g.mode != gmNav {
		t.Fatalf("放弃: %q mode %d", got, g.mode)
	}
}

// TestScoreAboveWeightRefused is finding 8: a 得分 above 分值 is refused at
// the grid cell with the reason.
func TestScoreAboveWeightRefused(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepIndicators)
	g := m.wiz.comp().(*gridStep).g
	g.jump("overall.indicators.0.score")
	w := f.Overall.Indicators[0].Weight
	old := f.Overall.Indicators[0].Score.Text()
	for _, c := range w.Decimal().Add(domain.Int(5).Decimal()).String() {
		press(m, string(c))
	}
	press(m, "enter")
	if got := f.Overall.Indicators[0].Score.Text(); got != old {
		t.Fatalf("score above 分值 %s stored: %q", w.Text(), got)
	}
	if msg := m.wiz.message(); !strings.Contains(msg, "分值") || !strings.Contains(msg, "无效") {
		t.Fatalf("no reason: %q", msg)
	}
	press(m, "y")
	// A negative 分值 or 得分 is refused.
	for _, col := range []string{"weight", "score"} {
		g.jump("overall.indicators.0." + col)
		press(m, "-", "1", "enter")
		if msg := m.wiz.message(); !strings.Contains(msg, "不能为负数") {
			t.Fatalf("negative %s: %q", col, msg)
		}
		press(m, "y")
	}
	if got := f.Overall.Indicators[0].Weight.Text(); got != w.Text() {
		t.Fatalf("negative 分值 stored: %q", got)
	}
	// Lowering 分值 below the filed 得分 is refused too.
	g.jump("overall.indicators.0.weight")
	press(m, "0", ".", "5", "enter")
	if got := f.Overall.Indicators[0].Weight.Text(); got != w.Text() {
		t.Fatalf("分值 below the 得分 stored: %q", got)
	}
}

// TestDraftImplausibleAmountAsks is finding 10: an amount beyond
// 1,000,000 万元 counts only after a yes on the message line.
func TestDraftImplausibleAmountAsks(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepFunds, "overall.funds.executed")
	typeKeys(m, "1000000")
	if got := executed(m); got != "1000000" {
		t.Fatalf("1,000,000 is plausible: %q", got)
	}
	typeKeys(m, "0")
	if got := executed(m); got != "1902.68" {
		t.Fatalf("10,000,000 counted before confirmation: %q", got)
	}
	if msg := m.wiz.message(); !strings.Contains(msg, "待确认") || !strings.Contains(msg, "保留原值 1902.68") {
		t.Fatalf("message line %q", msg)
	}
	typeKeys(m, "tab")
	if msg := m.wiz.message(); !strings.Contains(msg, "确认无误") || !strings.Contains(msg, "y 确认") {
		t.Fatalf("no confirmation question: %q", msg)
	}
	typeKeys(m, "n")
	if m.wiz.form().focused().Key() != "overall.funds.executed" || executed(m) != "1902.68" {
		t.Fatal("n did not return to the field")
	}
	typeKeys(m, "tab", "y")
	if got := executed(m); got != "10000000" {
		t.Fatalf("confirmed amount not stored: %q", got)
	}
	if m.wiz.form().focused().Key() != "overall.execution_weight" {
		t.Fatal("focus did not move on after y")
	}
	// 分值 is not money: no 万元 question.
	typeKeys(m, "2000000")
	if got := m.wiz.f.Overall.ExecutionWeight.Text(); got != "2000000" {
		t.Fatalf("分值 questioned as 万元: %q", got)
	}
}

// TestDraftProjectTableEscAsks: Esc from a 附件3 table with an invalid
// draft asks 修改/放弃 instead of dropping the typed text silently.
func TestDraftProjectTableEscAsks(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepProjects)
	press(m, "a", "新", "enter", "enter")
	fm := m.wiz.form()
	fm.focusKey("projects.0.funds.total.executed")
	typeKeys(m, "5x", "esc")
	if m.wiz.comp().(*projectsStep).mode != pmDetail || !strings.Contains(m.wiz.message(), "y 放弃") {
		t.Fatalf("Esc left without asking: %q", m.wiz.message())
	}
	typeKeys(m, "esc")
	if m.wiz.comp().(*projectsStep).mode != pmDetail || fm.ask != nil {
		t.Fatal("Esc on the question should return to the field")
	}
	typeKeys(m, "esc", "y")
	if m.wiz.comp().(*projectsStep).mode != pmList {
		t.Fatal("放弃 did not go back to the list")
	}
	if m.wiz.f.Projects[0].Funds.Total.Executed.IsSet() {
		t.Fatal("invalid draft stored")
	}
}

// TestDraftStepChangeAsks: changing step with an invalid draft asks too.
func TestDraftStepChangeAsks(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepFunds, "overall.funds.executed")
	typeKeys(m, "1e9", "pgdown")
	if m.wiz.cur != stepFunds || !strings.Contains(m.wiz.message(), "y 放弃") {
		t.Fatalf("step changed without asking: step %d %q", m.wiz.cur, m.wiz.message())
	}
	typeKeys(m, "n")
	if m.wiz.cur != stepFunds || !strings.Contains(screenText(m), "1e9") {
		t.Fatal("修改 did not stay with the draft")
	}
	typeKeys(m, "pgdown", "y")
	if m.wiz.cur != stepGoals || executed(m) != "1902.68" {
		t.Fatalf("放弃: step %d, 全年执行数 %q", m.wiz.cur, executed(m))
	}
	if d := m.wiz.invalidDrafts(); len(d) != 0 {
		t.Fatalf("drafts left: %v", d)
	}
}
