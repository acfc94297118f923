package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"jixiao/domain"
	"jixiao/store/storetest"
)

// listWith returns a root model on the filing list of a store holding fs,
// driven synchronously.
func listWith(t *testing.T, w, h int, fs ...*domain.Filing) (*Model, *storetest.Store) {
	t.Helper()
	store := storetest.New()
	store.Now = fixedClock
	for _, f := range fs {
		if _, err := store.Create(f); err != nil {
			t.Fatal(err)
		}
	}
	m := New(Options{Store: store, Profile: colorprofile.Ascii, Width: w, Height: h, Now: fixedClock})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	exec(m, m.Init())
	return m, store
}

// TestAltDigitJumpsToStep: Alt+6 goes to 绩效指标, Alt+1 back to step 1,
// from a field or from the grid.
func TestAltDigitJumpsToStep(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	press(m, "alt+6")
	if m.wiz.cur != stepIndicators {
		t.Fatalf("Alt+6 went to step %d", m.wiz.cur+1)
	}
	press(m, "alt+9")
	if m.wiz.cur != stepReview {
		t.Fatalf("Alt+9 went to step %d", m.wiz.cur+1)
	}
	press(m, "alt+1")
	if m.wiz.cur != stepBasic {
		t.Fatalf("Alt+1 went to step %d", m.wiz.cur+1)
	}
}

// TestStepPicker: F9 lists the steps; a digit or ↓ and Enter goes there,
// Esc closes it where it was.
func TestStepPicker(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	press(m, "f9")
	if s := checkFrame(t, m, 80, 24); !strings.Contains(s, "跳到步骤") || !strings.Contains(s, "附件4 自评报告") {
		t.Fatalf("no step list:\n%s", s)
	}
	press(m, "down", "down", "enter")
	if m.wiz.cur != stepBuildings || m.wiz.steps.open() {
		t.Fatalf("↓↓ Enter: step %d, open %v", m.wiz.cur+1, m.wiz.steps.open())
	}
	press(m, "f9", "7")
	if m.wiz.cur != stepProjects {
		t.Fatalf("7: step %d", m.wiz.cur+1)
	}
	press(m, "f9", "esc")
	if m.wiz.cur != stepProjects || m.wiz.steps.open() {
		t.Fatal("Esc moved or did not close")
	}
}

// TestReopenComesBackToPlace: leaving a filing and opening it again in
// the same session comes back to the step and field it was left on.
func TestReopenComesBackToPlace(t *testing.T) {
	m, _ := listWith(t, 80, 24, loadSample(t))
	press(m, "enter")
	if m.wiz == nil {
		t.Fatalf("not opened:\n%s", screenText(m))
	}
	press(m, "alt+5", "tab")
	want := m.wiz.focusPath()
	press(m, "esc")
	if m.wiz != nil || m.screen != scrList {
		t.Fatal("Esc did not go back to the list")
	}
	press(m, "enter")
	if m.wiz == nil || m.wiz.cur != stepGoals || m.wiz.focusPath() != want {
		t.Fatalf("reopened at step %d %q, want step 5 %q", m.wiz.cur+1, m.wiz.focusPath(), want)
	}
	if s := screenText(m); !strings.Contains(s, "回到上次离开的位置") {
		t.Fatalf("no word of it:\n%s", s)
	}
}

// TestRowKeysInForms: Ctrl+D copies a goal row; Ctrl+T says where it
// works; a row key off the rows says what the row keys are for.
func TestRowKeysInForms(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	w := m.wiz
	w.enter(stepGoals)
	if !w.form().focusKey("overall.goals.expected.0") {
		t.Fatal("no goal row")
	}
	n := len(w.f.Overall.Goals.Expected)
	first := w.f.Overall.Goals.Expected[0]
	press(m, "ctrl+d")
	if len(w.f.Overall.Goals.Expected) != n+1 || w.f.Overall.Goals.Expected[1] != first {
		t.Fatalf("Ctrl+D: %d rows, second %q", len(w.f.Overall.Goals.Expected), w.f.Overall.Goals.Expected[1])
	}
	if !strings.Contains(screenText(m), "已复制一行") {
		t.Fatalf("no note:\n%s", screenText(m))
	}
	press(m, "ctrl+t")
	if !strings.Contains(screenText(m), "Ctrl+T（从附件2复制指标）只在附件3") {
		t.Fatalf("Ctrl+T said nothing:\n%s", screenText(m))
	}
	w.enter(stepBasic)
	press(m, "ctrl+o")
	if !strings.Contains(screenText(m), "不在可增删的行中") {
		t.Fatalf("Ctrl+O off the rows said nothing:\n%s", screenText(m))
	}
}

// TestFromBasicPreselectsFirstMissing: the 从附件1生成 list starts on the
// first 项目支出 row that has money and no 附件3 table.
func TestFromBasicPreselectsFirstMissing(t *testing.T) {
	f := loadSample(t)
	f.Projects = nil
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepProjects)
	press(m, "f")
	s := m.wiz.comp().(*projectsStep)
	if s.mode != pmFromRow {
		t.Fatal("f did not open the list")
	}
	for i, r := range s.rows {
		if r.HasMoney() {
			if s.pick.sel != i {
				t.Fatalf("selected row %d, the first missing one is %d", s.pick.sel, i)
			}
			return
		}
	}
	t.Fatal("the sample has no row with money")
}

// TestFindingsErrorsFirst: the findings list puts errors before
// warnings, and after a jump the message line says which one is fixed.
func TestFindingsErrorsFirst(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	fs := m.wiz.findings
	seenWarning := false
	for _, f := range fs {
		if f.Severity != domain.Error {
			seenWarning = true
		} else if seenWarning {
			t.Fatalf("an error after a warning: %v", fs)
		}
	}
	press(m, "f2", "enter")
	if s := screenText(m); !strings.Contains(s, "正在修改问题") || !strings.Contains(s, fs[0].Message[:min(len(fs[0].Message), 12)]) {
		t.Fatalf("the jump does not say what is fixed:\n%s", s)
	}
}

// TestFooterAt80: at 80 columns every step's footer shows F1 and Esc and
// ends with the save state, never running into it.
func TestFooterAt80(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	for s := range stepCount {
		m.wiz.enter(s)
		lines := strings.Split(checkFrame(t, m, 80, 24), "\n")
		last := lines[len(lines)-1]
		if !strings.Contains(last, "F1 帮助") || !strings.Contains(last, "Esc") {
			t.Errorf("step %d footer lacks F1 or Esc: %q", s+1, last)
		}
		if !strings.HasSuffix(last, "  已保存 09:30:00") {
			t.Errorf("step %d footer runs into the save state: %q", s+1, last)
		}
		if strings.Count(last, "Esc") != 1 {
			t.Errorf("step %d footer gives Esc twice: %q", s+1, last)
		}
	}
}

// TestFooterOffersOnlyLiveKeys: while a cell is edited the footer offers
// no step keys and Esc means cancel.
func TestFooterOffersOnlyLiveKeys(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	m.wiz.enter(stepIndicators)
	press(m, "enter")
	if !m.wiz.comp().modal() {
		t.Fatal("Enter did not open the cell")
	}
	lines := strings.Split(screenText(m), "\n")
	last := lines[len(lines)-1]
	if strings.Contains(last, "Ctrl+N") || strings.Contains(last, "返回列表") || !strings.Contains(last, "Esc 取消") {
		t.Fatalf("footer while editing: %q", last)
	}
}

// TestMessageWraps: a long message wraps onto more lines instead of
// being cut.
func TestMessageWraps(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	m.wiz.note = strings.Repeat("这是一条很长的提示信息，", 9) + "结尾"
	s := checkFrame(t, m, 80, 24)
	if !strings.Contains(strings.ReplaceAll(s, "\n", ""), "结尾") {
		t.Fatalf("the message is cut:\n%s", s)
	}
}

// TestCarryForwardAsks: c asks before making next year's filing; n makes
// nothing, y makes it.
func TestCarryForwardAsks(t *testing.T) {
	m, store := listWith(t, 80, 24, loadSample(t))
	press(m, "c")
	if s := screenText(m); !strings.Contains(s, "结转生成 2025年度") {
		t.Fatalf("c did not ask:\n%s", s)
	}
	press(m, "n")
	if metas, _ := store.List(); len(metas) != 1 {
		t.Fatalf("n made a filing: %d", len(metas))
	}
	press(m, "c", "y")
	if metas, _ := store.List(); len(metas) != 2 {
		t.Fatalf("y made no filing: %d", len(metas))
	}
}

// TestNewFilingPrompt: the focused input has a marker, the year takes
// digits only, and the rule set is shown and stored.
func TestNewFilingPrompt(t *testing.T) {
	m, store := listWith(t, 80, 24)
	press(m, "n")
	if s := screenText(m); !strings.Contains(s, "› 预算单位名称") || !strings.Contains(s, "评分规则") {
		t.Fatalf("no marker or rule set:\n%s", s)
	}
	typeKeys(m, "梅溪街道", "tab")
	if s := screenText(m); !strings.Contains(s, "› 年度") {
		t.Fatalf("the marker did not move:\n%s", s)
	}
	for range 4 {
		press(m, "backspace")
	}
	typeKeys(m, "2", "0", "x", "2", "4")
	if got := m.list.year.Value(); got != "2024" {
		t.Fatalf("year %q", got)
	}
	press(m, "enter")
	metas, _ := store.List()
	if len(metas) != 1 || metas[0].Year != 2024 {
		t.Fatalf("not created: %v", metas)
	}
}

// TestReviewSearchStartsFresh: / starts an empty query, not the last one.
func TestReviewSearchStartsFresh(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	press(m, "f3", "/")
	typeKeys(m, "梅溪")
	press(m, "enter", "/")
	if m.review.q.Value() != "" {
		t.Fatalf("/ kept %q", m.review.q.Value())
	}
}

// TestHeadingsStayWhenScrolled: at 80×24, scrolled down 附件1, the top
// line of the form is the column headings (2023年决算数 …).
func TestHeadingsStayWhenScrolled(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	m.wiz.enter(stepStaffFunds)
	for range 25 {
		press(m, "tab")
	}
	if m.wiz.form().offset == 0 {
		t.Fatal("the form did not scroll")
	}
	lines := strings.Split(checkFrame(t, m, 80, 24), "\n")
	if !strings.Contains(lines[1], "2023年决算数") {
		t.Fatalf("no headings on top:\n%s", strings.Join(lines, "\n"))
	}
}

// TestLeaveQuestionNamesColumn: the question about an invalid amount
// names the column as the form does (2024年预算数).
func TestLeaveQuestionNamesColumn(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	m.wiz.enter(stepStaffFunds)
	if !m.wiz.form().focusKey("basic_data.project_spending.business.budget") {
		t.Fatal("no field")
	}
	if got := m.wiz.form().focused().Title(); !strings.Contains(got, "2024年预算数") {
		t.Fatalf("title %q", got)
	}
}

// TestReviewStepShowsTotalAt80: 复核与导出 at 80×24 shows 总分 and 等级 of
// 附件2.
func TestReviewStepShowsTotalAt80(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	m.wiz.enter(stepReview)
	s := checkFrame(t, m, 80, 24)
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "附件2 整体支出") {
			if !strings.Contains(l, "94.87") || !strings.Contains(l, "优") {
				t.Fatalf("附件2 row lacks 总分 or 等级: %q", l)
			}
			return
		}
	}
	t.Fatalf("no 附件2 row:\n%s", s)
}

// TestAreaChineseLineBreaks: a text area never starts a line with 。、）
// nor ends one with （, and every character stays.
func TestAreaChineseLineBreaks(t *testing.T) {
	for width := 6; width <= 20; width++ {
		e := editor{multiline: true}
		text := "加强宣传教育，提高节约意识（含培训）。制定相关制度、强化落实。"
		e.SetValue(text)
		lines, _, _ := e.wrap(width)
		var all string
		for i, l := range lines {
			s := string(l.runes)
			all += s
			if displayWidth(s) > width {
				t.Fatalf("width %d: line %q too wide", width, s)
			}
			if i > 0 && s != "" && noLineStart([]rune(s)[0]) {
				t.Errorf("width %d: line %d starts with %q", width, i, s)
			}
			if r := []rune(s); len(r) > 0 && noLineEnd(r[len(r)-1]) {
				t.Errorf("width %d: line %d ends with %q", width, i, s)
			}
		}
		if all != text {
			t.Fatalf("width %d: text changed: %q", width, all)
		}
	}
}

// TestAreaOpensAtTop: a long text area shows its start when the step is
// opened, and grows with a taller window.
func TestAreaOpensAtTop(t *testing.T) {
	f := loadSample(t)
	f.BasicData.ThriftMeasures = strings.Repeat("开头的一句话。", 1) + strings.Repeat("中间很长的一段文字，", 40) + "结尾。"
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepBuildings)
	m.wiz.form().focusKey("basic_data.thrift_measures")
	s := screenText(m)
	if !strings.Contains(s, "开头的一句话") {
		t.Fatalf("the area does not open at its top:\n%s", s)
	}
	if n := strings.Count(s, "中间很长"); n < 9 {
		t.Fatalf("the area shows %d lines of its text at 120×40", n)
	}
}

// TestImportSameUnitYearWarns: importing a filing of a unit and year the
// list already holds says so.
func TestImportSameUnitYearWarns(t *testing.T) {
	m, _ := listWith(t, 120, 40, loadSample(t))
	m.list.mode, m.list.importSeq = modeImport, 7
	m.list.cancelImport = func() {}
	_, cmd := m.Update(importReadMsg{seq: 7, f: loadSample(t)})
	exec(m, cmd)
	if s := screenText(m); !strings.Contains(s, "原已有 1 份同一单位同一年度的填报") {
		t.Fatalf("no warning:\n%s", s)
	}
}

// TestNamedRowNameWholeAt80: at 80×24 a 区级专项资金 name shows whole on a
// line of its own, focused or not.
func TestNamedRowNameWholeAt80(t *testing.T) {
	f := loadSample(t)
	f.BasicData.ProjectSpending.DistrictSpecial = []domain.NamedTriple{{Name: "社区环境整治专项资金项目"}}
	m := opened(t, f, 80, 24)
	m.wiz.enter(stepStaffFunds)
	if !m.wiz.form().focusKey("basic_data.project_spending.district_special.0.name") {
		t.Fatal("no name field")
	}
	press(m, "end")
	if s := checkFrame(t, m, 80, 24); !strings.Contains(s, "社区环境整治专项资金项目") {
		t.Fatalf("the name is cut:\n%s", s)
	}
}

// TestReadOnlyRefusedInDataPath: an edit that reaches a read-only wizard
// past the key filter is refused where every edit passes: the filing goes
// back to the revision shown, no save is scheduled, none can start.
func TestReadOnlyRefusedInDataPath(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	w := m.wiz
	w.readOnly, w.holder = true, "李四"
	was := w.f.Signoff.FilledBy
	w.f.Signoff.FilledBy = "不该保存"
	if cmd := w.changed(); cmd != nil {
		t.Fatal("a save was scheduled")
	}
	if w.f.Signoff.FilledBy != was || w.dirty() {
		t.Fatalf("the edit stayed: %q, dirty %v", w.f.Signoff.FilledBy, w.dirty())
	}
	if w.startSave(true, true) != nil {
		t.Fatal("a save started in a read-only wizard")
	}
	if !strings.Contains(screenText(m), "修改未被接受") {
		t.Fatalf("no word of it:\n%s", screenText(m))
	}
}

// TestReviewMarksWrappedNames: a name wrapped in its table cell onto the
// next line still gets its row marked.
func TestReviewMarksWrappedNames(t *testing.T) {
	line := "│ 产出指标 │ 全年在区级及以上媒体 │ ≧100篇 │"
	next := "│          │ 发表宣传稿件数       │        │"
	if !wrappedIn(line, next, "全年在区级及以上媒体发表宣传稿件数") {
		t.Fatal("the wrapped name is not found")
	}
	if wrappedIn(next, "│ │ │ │", "全年在区级及以上媒体发表宣传稿件数") {
		t.Fatal("a line holding only the name's end is marked")
	}
}

// TestReopenComesBackToGridCell: leaving from a cell of the indicator
// grid and reopening comes back to that cell.
func TestReopenComesBackToGridCell(t *testing.T) {
	m, _ := listWith(t, 120, 40, loadSample(t))
	press(m, "enter", "alt+6", "down", "down", "right")
	want := m.wiz.focusPath()
	if !strings.HasPrefix(want, "overall.indicators.2.") {
		t.Fatalf("grid cell %q", want)
	}
	press(m, "esc", "enter")
	if m.wiz == nil || m.wiz.focusPath() != want {
		t.Fatalf("reopened at %q, want %q", m.wiz.focusPath(), want)
	}
}

// TestRuleSetOnStep1: step 1 ends with the rule set, shown by name; with
// one built-in set, switching says so and changes nothing.
func TestRuleSetOnStep1(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	if !m.wiz.form().focusKey("rules") {
		t.Fatal("no rule-set field on step 1")
	}
	s := screenText(m)
	if !strings.Contains(s, "评分规则") || !strings.Contains(s, "财政部项目支出绩效评价管理办法") {
		t.Fatalf("the rule set is not shown:\n%s", s)
	}
	was := m.wiz.f.Rules
	press(m, "right")
	if len(domain.RuleSets{}.All()) == 1 && (m.wiz.f.Rules != was || !strings.Contains(screenText(m), "只有一套评分规则")) {
		t.Fatalf("rules %q:\n%s", m.wiz.f.Rules, screenText(m))
	}
}

// TestChoiceFieldCycles: ←/→ go through the values and store them.
func TestChoiceFieldCycles(t *testing.T) {
	f := &domain.Filing{}
	c := NewChoiceField("rules", "评分规则", []string{"", "a", "b"}, []string{"默认", "甲", "乙"},
		func(f *domain.Filing) string { return f.Rules }, func(f *domain.Filing, v string) { f.Rules = v })
	c.Load(f)
	for _, want := range []string{"a", "b", ""} {
		if r := c.Update(kp("right"), f); !r.Changed || f.Rules != want {
			t.Fatalf("→: %q, want %q", f.Rules, want)
		}
	}
	c.Update(kp("left"), f)
	if f.Rules != "b" {
		t.Fatalf("←: %q", f.Rules)
	}
}

// TestFooterOnDraftQuestion: while the form asks about an invalid draft
// the footer offers its answers, not the step keys.
func TestFooterOnDraftQuestion(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	m.wiz.enter(stepFunds)
	typeKeys(m, "5x", "tab")
	if m.wiz.form().ask == nil {
		t.Fatalf("no question: %q", m.wiz.message())
	}
	lines := strings.Split(checkFrame(t, m, 80, 24), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "y 放弃或确认") || strings.Contains(last, "Ctrl+N") {
		t.Fatalf("footer: %q", last)
	}
}

// TestCopyRowUndoes: Ctrl+Z takes a Ctrl+D copy back and names it.
func TestCopyRowUndoes(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	m.wiz.enter(stepGoals)
	m.wiz.form().focusKey("overall.goals.expected.0")
	n := len(m.wiz.f.Overall.Goals.Expected)
	press(m, "ctrl+d", "ctrl+z")
	if len(m.wiz.f.Overall.Goals.Expected) != n || !strings.Contains(screenText(m), "复制一行") {
		t.Fatalf("%d rows after undo:\n%s", len(m.wiz.f.Overall.Goals.Expected), screenText(m))
	}
}

// TestRowKeyWhereNoRows: a row key on 复核与导出 says there are no rows
// there instead of doing nothing.
func TestRowKeyWhereNoRows(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	m.wiz.enter(stepReview)
	press(m, "ctrl+o")
	if !strings.Contains(screenText(m), "这里没有可增删的行") {
		t.Fatalf("Ctrl+O said nothing:\n%s", screenText(m))
	}
}
