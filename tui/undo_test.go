package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestUndoRedoAcrossSteps: typing into two fields on two steps, Ctrl+Z
// twice restores both (going back to each field and naming it), Ctrl+Y
// makes them again.
func TestUndoRedoAcrossSteps(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	oldBy, oldExec := f.Signoff.FilledBy, f.Overall.Funds.Executed.Text()
	focusOn(t, m, stepBasic, "signoff.filled_by")
	typeKeys(m, "张三")
	focusOn(t, m, stepFunds, "overall.funds.executed")
	typeKeys(m, "1800")
	m.wiz.enter(stepGoals)
	if m.wiz.f.Signoff.FilledBy != oldBy+"张三" || m.wiz.f.Overall.Funds.Executed.Text() != "1800" {
		t.Fatal("typing not stored")
	}

	typeKeys(m, "ctrl+z")
	if got := m.wiz.f.Overall.Funds.Executed.Text(); got != oldExec {
		t.Fatalf("first undo: 全年执行数 %q, want %q", got, oldExec)
	}
	if m.wiz.f.Signoff.FilledBy != oldBy+"张三" {
		t.Fatal("first undo took back 填表人 too")
	}
	if m.wiz.cur != stepFunds || m.wiz.form().focused().Key() != "overall.funds.executed" {
		t.Fatalf("undo did not go to the field: step %d", m.wiz.cur)
	}
	if s := screenText(m); !strings.Contains(s, "撤销：全年执行数") || !strings.Contains(s, oldExec) {
		t.Fatalf("no undo message or value:\n%s", s)
	}
	typeKeys(m, "ctrl+z")
	if got := m.wiz.f.Signoff.FilledBy; got != oldBy {
		t.Fatalf("second undo: 填表人 %q, want %q", got, oldBy)
	}
	if m.wiz.cur != stepBasic || !strings.Contains(m.wiz.message(), "撤销：填表人") {
		t.Fatalf("second undo: step %d message %q", m.wiz.cur, m.wiz.message())
	}
	typeKeys(m, "ctrl+z")
	if !strings.Contains(m.wiz.message(), "没有可撤销的修改") {
		t.Fatalf("undo past the start: %q", m.wiz.message())
	}

	typeKeys(m, "ctrl+y")
	if m.wiz.f.Signoff.FilledBy != oldBy+"张三" || !strings.Contains(m.wiz.message(), "重做：填表人") {
		t.Fatalf("redo 填表人: %q %q", m.wiz.f.Signoff.FilledBy, m.wiz.message())
	}
	typeKeys(m, "ctrl+y")
	if m.wiz.f.Overall.Funds.Executed.Text() != "1800" || !strings.Contains(m.wiz.message(), "重做：全年执行数") {
		t.Fatalf("redo 全年执行数: %q %q", m.wiz.f.Overall.Funds.Executed.Text(), m.wiz.message())
	}
	// The redone state is saved like any change.
	if !m.wiz.dirty() {
		t.Fatal("undo/redo not marked as a change to save")
	}
	// A new change after an undo drops the redo list.
	typeKeys(m, "ctrl+z", "9")
	typeKeys(m, "ctrl+y")
	if !strings.Contains(m.wiz.message(), "没有可重做的修改") {
		t.Fatalf("redo after a new change: %q", m.wiz.message())
	}
}

// TestUndoCtrlWInChineseField: Ctrl+W deletes one run of Chinese and can be
// undone on its own, and so can Ctrl+U.
func TestUndoCtrlWInChineseField(t *testing.T) {
	f := loadSample(t)
	f.Unit = "梅溪街道，办事处"
	m := opened(t, f, 120, 40)
	focusOn(t, m, stepBasic, "unit")
	typeKeys(m, "ctrl+w")
	if f := m.wiz.f; f.Unit != "梅溪街道，" {
		t.Fatalf("Ctrl+W left %q", f.Unit)
	}
	typeKeys(m, "ctrl+u")
	if m.wiz.f.Unit != "" {
		t.Fatalf("Ctrl+U left %q", m.wiz.f.Unit)
	}
	typeKeys(m, "ctrl+z")
	if got := m.wiz.f.Unit; got != "梅溪街道，" || !strings.Contains(m.wiz.message(), "撤销：预算单位名称") {
		t.Fatalf("undo Ctrl+U: %q %q", got, m.wiz.message())
	}
	typeKeys(m, "ctrl+z")
	if got := m.wiz.f.Unit; got != "梅溪街道，办事处" {
		t.Fatalf("undo Ctrl+W: %q", got)
	}
	if !strings.Contains(screenText(m), "梅溪街道，办事处") {
		t.Fatal("field does not show the restored text")
	}
}

// TestUndoRowsAndGridCells: adding a list row, a grid cell commit and a
// grid row deletion are each one entry.
func TestUndoRowsAndGridCells(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	n := len(f.Overall.Goals.Expected)
	m.wiz.enter(stepGoals)
	m.wiz.form().focusKey("overall.goals.expected.add")
	press(m, "enter", "甲")
	if len(m.wiz.f.Overall.Goals.Expected) != n+1 {
		t.Fatal("row not added")
	}
	m.wiz.enter(stepIndicators)
	g := m.wiz.comp().(*gridStep).g
	g.jump("overall.indicators.0.actual")
	oldActual := m.wiz.f.Overall.Indicators[0].Actual
	press(m, "9", "enter")
	rows := len(m.wiz.f.Overall.Indicators)
	press(m, "ctrl+x", "y")
	if len(m.wiz.f.Overall.Indicators) != rows-1 {
		t.Fatal("row not deleted")
	}
	press(m, "ctrl+z")
	if len(m.wiz.f.Overall.Indicators) != rows || !strings.Contains(m.wiz.message(), "撤销：删除指标") {
		t.Fatalf("undo delete: %d rows, %q", len(m.wiz.f.Overall.Indicators), m.wiz.message())
	}
	press(m, "ctrl+z")
	if got := m.wiz.f.Overall.Indicators[0].Actual; got != oldActual || !strings.Contains(m.wiz.message(), "实际完成值") {
		t.Fatalf("undo cell: %q %q", got, m.wiz.message())
	}
	press(m, "ctrl+z")
	if got := m.wiz.f.Overall.Goals.Expected; len(got) != n+1 || got[n] != "" {
		t.Fatalf("undo typing in the new row: %q", got)
	}
	press(m, "ctrl+z")
	if len(m.wiz.f.Overall.Goals.Expected) != n || !strings.Contains(m.wiz.message(), "撤销：添加一条预期目标") {
		t.Fatalf("undo add: %d %q", len(m.wiz.f.Overall.Goals.Expected), m.wiz.message())
	}
}

// TestUndoBounded: the history keeps at most undoLimit entries.
func TestUndoBounded(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepBasic, "signoff.filled_by")
	for i := range undoLimit + 20 {
		m.Update(kp(string(rune('a' + i%26))))
		m.Update(kp("ctrl+w"))
	}
	if n := len(m.wiz.undo.done); n != undoLimit {
		t.Fatalf("%d entries, want %d", n, undoLimit)
	}
}

func TestHelpShowsUndo(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	m.Update(tea.KeyPressMsg{Code: tea.KeyF1})
	if s := screenText(m); !strings.Contains(s, "Ctrl+Z") || !strings.Contains(s, "Ctrl+Y") {
		t.Fatalf("help lacks undo:\n%s", s)
	}
}

// TestUndoProjectTable: a new 附件3 table and a field of it are undone in
// turn, and the undo opens the table at the field.
func TestUndoProjectTable(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepProjects)
	press(m, "a")
	for _, c := range "新项目" {
		press(m, string(c))
	}
	press(m, "enter")
	n := len(m.wiz.f.Projects)
	press(m, "enter", "tab")
	typeKeys(m, "民政局")
	if got := m.wiz.f.Projects[n-1].Department; got != "民政局" {
		t.Fatalf("主管部门 %q", got)
	}
	press(m, "esc")
	press(m, "ctrl+z")
	if got := m.wiz.f.Projects[n-1].Department; got != "" || !strings.Contains(m.wiz.message(), "撤销：主管部门") {
		t.Fatalf("undo 主管部门: %q %q", got, m.wiz.message())
	}
	if fm := m.wiz.form(); fm == nil || fm.focused().Key() != "projects.0.department" {
		t.Fatal("undo did not open the table at the field")
	}
	press(m, "ctrl+z")
	if len(m.wiz.f.Projects) != n-1 || !strings.Contains(m.wiz.message(), "撤销：新建附件3 表“新项目”") {
		t.Fatalf("undo new table: %d tables, %q", len(m.wiz.f.Projects), m.wiz.message())
	}
}

// TestUndoInProgram drives the real program: two fields on two steps,
// Ctrl+Z twice, Ctrl+Y once.
func TestUndoInProgram(t *testing.T) {
	tm, _ := newFilingInProgram(t)
	waitOutput(t, tm, "基本信息与签署", "填表人")
	tm.Type("一")
	tm.Send(kp("pgdown"))
	waitOutput(t, tm, "编制数")
	tm.Type("50")
	waitOutput(t, tm, "50")
	tm.Send(kp("ctrl+z"))
	waitOutput(t, tm, "撤销：编制数")
	tm.Send(kp("ctrl+z"))
	waitOutput(t, tm, "撤销：预算单位名称")
	tm.Send(kp("ctrl+y"))
	waitOutput(t, tm, "重做：预算单位名称", "桃花仑街道办事处一")
	tm.Send(kp("ctrl+c"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	f := fm.wiz.f
	if f.Unit != "桃花仑街道办事处一" || f.BasicData.Staffing.Authorized != nil {
		t.Fatalf("unit %q, 编制数 %v", f.Unit, f.BasicData.Staffing.Authorized)
	}
}

// TestUndoListKeys: Ctrl+O and Ctrl+X (y) in a list are entries named
// after the list.
func TestUndoListKeys(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	n := len(f.Overall.Goals.Expected)
	focusOn(t, m, stepGoals, "overall.goals.expected.0")
	typeKeys(m, "ctrl+o")
	if len(m.wiz.f.Overall.Goals.Expected) != n+1 {
		t.Fatal("Ctrl+O added no row")
	}
	typeKeys(m, "ctrl+x", "y")
	if len(m.wiz.f.Overall.Goals.Expected) != n {
		t.Fatal("Ctrl+X y deleted no row")
	}
	typeKeys(m, "ctrl+z")
	if len(m.wiz.f.Overall.Goals.Expected) != n+1 || !strings.Contains(m.wiz.message(), "撤销：删除一行预期目标") {
		t.Fatalf("undo delete: %q", m.wiz.message())
	}
	typeKeys(m, "ctrl+z")
	if len(m.wiz.f.Overall.Goals.Expected) != n || !strings.Contains(m.wiz.message(), "撤销：插入一行预期目标") {
		t.Fatalf("undo insert: %q", m.wiz.message())
	}
}

// TestUndoConfirmedAmount: an amount confirmed with y (focus moving on) is
// undone under its own field's name.
func TestUndoConfirmedAmount(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepFunds, "overall.funds.executed")
	typeKeys(m, "20000000", "tab", "y")
	if executed(m) != "20000000" {
		t.Fatalf("not confirmed: %q", executed(m))
	}
	typeKeys(m, "5")
	typeKeys(m, "ctrl+z")
	if !strings.Contains(m.wiz.message(), "撤销：执行率分值") {
		t.Fatalf("first undo: %q", m.wiz.message())
	}
	typeKeys(m, "ctrl+z")
	if executed(m) != "1902.68" || !strings.Contains(m.wiz.message(), "撤销：全年执行数") {
		t.Fatalf("second undo: %q %q", executed(m), m.wiz.message())
	}
}

// TestUndoReportSection: undo goes back to a 附件4 section's text area.
func TestUndoReportSection(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	m.wiz.enter(stepReport)
	fm := m.wiz.form()
	if fm == nil || !fm.focusKey("report.duties") {
		t.Fatal("no 部门职责 field")
	}
	old := m.wiz.f.Report.Duties
	typeKeys(m, "补充")
	m.wiz.enter(stepBasic)
	typeKeys(m, "ctrl+z")
	if m.wiz.f.Report.Duties != old || m.wiz.cur != stepReport {
		t.Fatalf("undo: step %d, %q", m.wiz.cur, m.wiz.message())
	}
	if fd := m.wiz.form().focused(); fd == nil || fd.Key() != "report.duties" {
		t.Fatal("undo did not focus 部门职责")
	}
}
