package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// TestGridRowKeys: the shared row keys insert, copy, move and delete rows
// in the indicator grid, and Ctrl+Z takes each back in turn.
func TestGridRowKeys(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 80, 24)
	m.wiz.enter(stepIndicators)
	g := m.wiz.comp().(*gridStep).g
	rows := func() []domain.Indicator { return m.wiz.f.Overall.Indicators }
	n := len(rows())
	first := rows()[0]

	// Ctrl+D copies the row under it.
	g.jump("overall.indicators.0.name")
	press(m, "ctrl+d")
	if len(rows()) != n+1 || !sameIndicator(rows()[1], first) || g.cur() != 1 {
		t.Fatalf("copy: %d rows, row 1 %+v, current %d", len(rows()), rows()[1], g.cur())
	}
	// Ctrl+O inserts a row under the current one and opens its 三级指标.
	press(m, "ctrl+o")
	if g.mode != gmArea || len(rows()) != n+2 {
		t.Fatalf("insert: mode %d, %d rows", g.mode, len(rows()))
	}
	typeKeys(m, "新闻稿件数", "enter")
	if rows()[2].Name != "新闻稿件数" || rows()[2].Level2 != first.Level2 {
		t.Fatalf("inserted row %+v", rows()[2])
	}
	// Alt+↑ and F7 move it up, F8 and Alt+↓ down.
	m.Update(tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModAlt})
	if rows()[1].Name != "新闻稿件数" {
		t.Fatalf("Alt+↑: %q at 1", rows()[1].Name)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyF7})
	m.Update(tea.KeyPressMsg{Code: tea.KeyF7})
	if rows()[0].Name != "新闻稿件数" || !strings.Contains(m.wiz.message(), "第一行") {
		t.Fatalf("F7 at the top: %q, %q", rows()[0].Name, m.wiz.message())
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyF8})
	m.Update(tea.KeyPressMsg{Code: tea.KeyDown, Mod: tea.ModAlt})
	if rows()[2].Name != "新闻稿件数" {
		t.Fatalf("F8, Alt+↓: %q at 2", rows()[2].Name)
	}
	// Ctrl+X asks; n cancels, another key leaves the question open, y
	// deletes.
	press(m, "ctrl+x")
	press(m, "n")
	if len(rows()) != n+2 || !strings.Contains(m.wiz.message(), "已取消删除") {
		t.Fatalf("n: %d rows, %q", len(rows()), m.wiz.message())
	}
	press(m, "ctrl+x")
	if !strings.Contains(m.wiz.message(), "删除指标“新闻稿件数”") {
		t.Fatalf("no question: %q", m.wiz.message())
	}
	press(m, "x")
	if len(rows()) != n+2 || m.wiz.comp().(*gridStep).g.mode != gmDelete || !strings.Contains(m.wiz.message(), "删除指标“新闻稿件数”？") {
		t.Fatalf("another key: %d rows, %q", len(rows()), m.wiz.message())
	}
	press(m, "y")
	if len(rows()) != n+1 {
		t.Fatalf("delete: %d rows", len(rows()))
	}
	for _, want := range []string{"删除指标", "移动指标", "移动指标", "移动指标", "移动指标", "三级指标", "添加指标", "复制指标"} {
		press(m, "ctrl+z")
		if msg := m.wiz.message(); !strings.Contains(msg, "撤销：") || !strings.Contains(msg, want) {
			t.Fatalf("undo %s: %q", want, m.wiz.message())
		}
	}
	if len(rows()) != n || !sameIndicator(rows()[0], first) {
		t.Fatalf("after undoing everything: %d rows, row 0 %+v", len(rows()), rows()[0])
	}
}

// TestGridCopyFromOverall: Ctrl+T in a 附件3 table lists 附件2's
// indicators and copies the chosen one with its target, not its figures;
// in 附件2's own grid it says that it applies only to 附件3.
func TestGridCopyFromOverall(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 80, 24)
	m.wiz.enter(stepIndicators)
	press(m, "ctrl+t")
	if g := m.wiz.comp().(*gridStep).g; g.mode != gmNav || !strings.Contains(m.wiz.message(), "只用于附件3") {
		t.Fatalf("附件2: mode %d, %q", g.mode, m.wiz.message())
	}
	m.wiz.enter(stepProjects)
	press(m, "f", "enter", "enter")
	m.wiz.form().focusKey("projects.0.indicators.open")
	press(m, "enter")
	s := m.wiz.comp().(*projectsStep)
	if s.mode != pmGrid {
		t.Fatal("the 附件3 grid is not open")
	}
	press(m, "ctrl+t")
	if s.g.mode != gmCopyFrom || !strings.Contains(screenText(m), "辖区老百姓满意度") {
		t.Fatalf("picker:\n%s", screenText(m))
	}
	for range 9 {
		press(m, "down")
	}
	press(m, "enter")
	rows := m.wiz.f.Projects[0].Indicators
	want := f.Overall.Indicators[9]
	if len(rows) != 1 || rows[0].Name != want.Name || rows[0].Target != want.Target || rows[0].Level2 != want.Level2 ||
		rows[0].Actual != "" || rows[0].Weight.IsSet() || rows[0].Score.IsSet() {
		t.Fatalf("copied %+v", rows)
	}
	if s.g.col != colActual || !strings.Contains(m.wiz.message(), "请填写实际完成值") {
		t.Fatalf("col %d, %q", s.g.col, m.wiz.message())
	}
	press(m, "ctrl+z")
	if len(m.wiz.f.Projects[0].Indicators) != 0 || !strings.Contains(m.wiz.message(), "撤销：从附件2复制指标") {
		t.Fatalf("undo: %+v %q", m.wiz.f.Projects[0].Indicators, m.wiz.message())
	}
}

// TestGridRowKeysOnEmptyTable: on a table without rows the row keys that
// need a row say so, and Ctrl+O adds the first.
func TestGridRowKeysOnEmptyTable(t *testing.T) {
	f := loadSample(t)
	f.Overall.Indicators = nil
	g := newGrid(f, "overall.indicators", "附件2", func(f *domain.Filing) *[]domain.Indicator { return &f.Overall.Indicators })
	for _, k := range []string{"ctrl+x", "ctrl+d", "f7", "enter"} {
		handled, changed := g.key(f, gridKey(t, k))
		if !handled || changed || !strings.Contains(g.note, "还没有指标行") {
			t.Errorf("%s: handled %v changed %v note %q", k, handled, changed, g.note)
		}
	}
	if _, changed := g.key(f, gridKey(t, "ctrl+o")); !changed || len(f.Overall.Indicators) != 1 {
		t.Fatalf("Ctrl+O: %d rows", len(f.Overall.Indicators))
	}
	if r := f.Overall.Indicators[0]; r.Level1 != "产出指标" || r.Level2 != "数量指标" {
		t.Fatalf("first row under %s/%s", r.Level1, r.Level2)
	}
}
