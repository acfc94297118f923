package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"jixiao/domain"
)

// TestPanelsKeyHidesAndShows: F10 hides the sidebar and the score panel,
// Ctrl+B shows them again, and the screen is then as before.
func TestPanelsKeyHidesAndShows(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	m.wiz.enter(stepIndicators)
	before := screenText(m)
	press(m, "f10")
	if !m.wiz.panelsHidden() {
		t.Fatal("F10 did not hide the panels")
	}
	hidden := screenText(m)
	lines := strings.Split(hidden, "\n")
	if strings.Contains(hidden, "1 基本信息与签署") || strings.Contains(hidden, "得分（附件2）") {
		t.Errorf("sidebar or panel still shown:\n%s", hidden)
	}
	if !strings.Contains(lines[0], "第6步 附件2 绩效指标") {
		t.Errorf("header does not say the step: %q", lines[0])
	}
	for _, want := range []string{"执行率 48.65%", "执行率得分 4.87/10", "产出 50.00/50", "效益 30.00/30", "满意度 10.00/10", "总分 94.87", "等级 优", "错误 1", "警告 4"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("figures line lacks %q: %q", want, lines[1])
		}
	}
	press(m, "ctrl+b")
	if m.wiz.panelsHidden() {
		t.Fatal("Ctrl+B did not show the panels again")
	}
	if after := screenText(m); after != before {
		t.Errorf("shown again, the screen differs:\n%s\nwant:\n%s", after, before)
	}
}

// TestPanelsHiddenForTheSession: the choice holds on every step, while a
// cell is edited, and for the next filing opened in the session.
func TestPanelsHiddenForTheSession(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	press(m, "f10")
	for s := range stepCount {
		m.wiz.enter(s)
		if l := strings.Split(screenText(m), "\n")[1]; !strings.Contains(l, "总分") {
			t.Errorf("step %d: no figures line, line 2 is %q", s+1, l)
		}
	}
	m.wiz.enter(stepIndicators)
	press(m, "enter")
	if !m.wiz.comp().modal() {
		t.Fatal("the cell edit did not open")
	}
	if !strings.Contains(screenText(m), "总分") {
		t.Error("the cell edit lost the figures line")
	}
	press(m, "esc")
	// Another filing opened in the same session.
	meta, err := m.opts.Store.Create(loadSample(t))
	if err != nil {
		t.Fatal(err)
	}
	m.Update(openedMsg{f: loadSample(t), meta: meta})
	if m.wiz.id != meta.ID || !m.wiz.panelsHidden() {
		t.Fatal("the next filing of the session shows the panels again")
	}
	// A new session starts with them shown.
	if opened(t, loadSample(t), 80, 24).wiz.panelsHidden() {
		t.Error("a new session starts with the panels hidden")
	}
}

// TestPanelsHiddenGivesTheFormTheWidth: the form (and the grid) get the
// whole width; at 120 columns the grid then has its 偏差 column, and the
// cursor of a field moves left by the sidebar.
func TestPanelsHiddenGivesTheFormTheWidth(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	if fw, fh := m.wiz.formSize(120, 40); fw != 120-30-24-2 || fh != 37 {
		t.Fatalf("shown: form %d×%d", fw, fh)
	}
	shownCur := m.View().Cursor
	press(m, "f10")
	if fw, fh := m.wiz.formSize(120, 40); fw != 120 || fh != 36 {
		t.Fatalf("hidden: form %d×%d, want 120×36", fw, fh)
	}
	hiddenCur := m.View().Cursor
	if shownCur == nil || hiddenCur == nil {
		t.Fatal("no cursor in the focused field")
	}
	if hiddenCur.X != shownCur.X-31 || hiddenCur.Y != shownCur.Y+1 {
		t.Errorf("cursor at %v hidden, %v shown: want 31 columns left, one line down", hiddenCur.Position, shownCur.Position)
	}
	m.wiz.enter(stepIndicators)
	if title := strings.Split(screenText(m), "\n")[2]; !strings.Contains(title, "偏差原因分析") {
		t.Errorf("120 columns, panels hidden: no 偏差 column in %q", title)
	}
	press(m, "f10")
	if title := strings.Split(screenText(m), "\n")[1]; strings.Contains(title, "偏差原因分析") {
		t.Errorf("120 columns, panels shown: a 偏差 column in %q", title)
	}
}

// TestPanelsKeyInFooterAndHelp: the footer offers the key (pinned while
// the panels are hidden, with what it does then) and F1 lists it.
func TestPanelsKeyInFooterAndHelp(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	footer := func() string {
		lines := strings.Split(screenText(m), "\n")
		return lines[len(lines)-1]
	}
	// Shown, the key is the footer's last: dropped first when it is full.
	keys, _ := m.wiz.footerKeys()
	if last := keys[len(keys)-1].Help(); last.Key != "F10" || last.Desc != "隐藏侧栏" {
		t.Errorf("the footer's last key is %v", last)
	}
	press(m, "f10")
	if f := footer(); !strings.Contains(f, "F10 显示侧栏") || strings.Contains(f, "隐藏侧栏") {
		t.Errorf("hidden: footer %q", f)
	}
	m.wiz.enter(stepIndicators)
	if f := footer(); !strings.Contains(f, "F10 显示侧栏") {
		t.Errorf("grid, hidden: footer %q lacks F10 显示侧栏", f)
	}
	press(m, "f1")
	if s := screenText(m); !strings.Contains(s, "F10/Ctrl+B 显示侧栏") {
		t.Errorf("F1 help lacks the key:\n%s", s)
	}
	m2 := opened(t, loadSample(t), 80, 24)
	press(m2, "f10")
	lines := strings.Split(screenText(m2), "\n")
	if f := lines[len(lines)-1]; !strings.Contains(f, "F10 显示侧栏") || !strings.Contains(f, "F1 帮助") {
		t.Errorf("80 columns, hidden: footer %q", f)
	}
}

// TestFiguresLineFits: the figures line never exceeds the width; it drops
// the least important parts first and keeps 总分, 等级 and the errors.
func TestFiguresLineFits(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	w := m.wiz
	for _, tc := range []struct {
		width        int
		want, nowant []string
	}{
		{140, []string{"附件2  执行率 48.65%  执行率得分 4.87/10  产出 50.00/50", "总分 94.87  等级 优  错误 1  警告 4"}, nil},
		{120, []string{"附件2 执行率 48.65% 执行率得分 4.87/10 产出 50.00/50", "总分 94.87 等级 优 错误 1 警告 4"}, nil},
		{100, []string{"执行率48.65% 执行率得分4.87/10 产出50.00/50", "总分94.87 等级优 错误1 警告4"}, []string{"附件2"}},
		{80, []string{"执行率48.65%(4.87/10) 产出50.00 效益30.00 满意度10.00 总分94.87 优 错误1 警告4"}, []string{"/50"}},
		{60, []string{"产出50.00", "总分94.87 优 错误1 警告4"}, []string{"执行率"}},
		{20, []string{"总分94.87 优 错误1"}, []string{"产出", "警告"}},
	} {
		l := w.stripLine(tc.width)
		if dw := displayWidth(l); dw != tc.width {
			t.Errorf("%d columns: line is %d wide: %q", tc.width, dw, l)
		}
		for _, s := range tc.want {
			if !strings.Contains(l, s) {
				t.Errorf("%d columns: %q lacks %q", tc.width, l, s)
			}
		}
		for _, s := range tc.nowant {
			if strings.Contains(l, s) {
				t.Errorf("%d columns: %q has %q", tc.width, l, s)
			}
		}
	}
}

// TestFiguresLineMarks: the figures line marks what the panel marks: the
// errors, a figure the unit published differently, a 一级指标 whose 分值
// do not add up to its weight, an ungraded total.
func TestFiguresLineMarks(t *testing.T) {
	f := loadSample(t)
	f.Overall.Filed = &domain.Filed{Total: domain.Int(90)}
	for i := range f.Overall.Indicators {
		if f.Overall.Indicators[i].Level1 == "满意度指标" {
			f.Overall.Indicators[i].Weight = domain.Int(15)
		}
	}
	m := opened(t, f, 120, 40)
	w := m.wiz
	st := w.st
	marks := map[string]string{}
	for _, p := range w.figures().fit(200) {
		switch p.style {
		case &st.Error:
			marks[p.text] = "error"
		case &st.Warning:
			marks[p.text] = "warning"
		}
	}
	for text, want := range map[string]string{"总分 94.87": "warning", "满意度 10.00/10": "warning", "等级 无效": "error", fmt.Sprintf("错误 %d", w.errs): "error"} {
		if marks[text] != want {
			t.Errorf("%q marked %q, want %s (marks: %v)", text, marks[text], want, marks)
		}
	}
}

// TestFiguresLineProjects: in 附件3 项目 the line shows the open table, and
// a projects-only filing without tables says so.
func TestFiguresLineProjects(t *testing.T) {
	m := opened(t, withOneProject(loadSample(t)), 120, 40)
	press(m, "f10")
	m.wiz.enter(stepProjects)
	press(m, "enter")
	if l := strings.Split(screenText(m), "\n")[1]; !strings.HasPrefix(l, "附件3 执行率") {
		t.Errorf("附件3 table open: %q", l)
	}
	l := m.wiz.stripLine(200)
	for _, want := range []string{"附件3  业务工作经费  执行率", "附件2总分 94.87"} {
		if !strings.Contains(l, want) {
			t.Errorf("附件3 table open: %q lacks %q", l, want)
		}
	}
	f := loadSample(t)
	f.Scope = domain.ScopeProjects
	f.Projects = nil
	m = opened(t, f, 80, 24)
	press(m, "f10")
	if l := strings.Split(screenText(m), "\n")[1]; !strings.Contains(l, "附件3  尚无项目表  错误") {
		t.Errorf("projects-only, no table: %q", l)
	}
}

// TestCachedViewIsFresh: after keys that change the figures, the marks,
// the step and the save state, the screen drawn with the kept parts is
// the screen drawn from nothing.
func TestCachedViewIsFresh(t *testing.T) {
	for _, hide := range []bool{false, true} {
		m := opened(t, loadSample(t), 120, 40)
		if hide {
			press(m, "f10")
		}
		check := func(when string) {
			t.Helper()
			got := m.View().Content
			m.wiz.cache = viewCache{}
			if want := m.View().Content; got != want {
				t.Fatalf("hidden %v, %s: the kept parts are stale:\n%s\nwant:\n%s", hide, when, got, want)
			}
		}
		check("opened")
		m.wiz.enter(stepFunds)
		m.wiz.form().focusKey("overall.funds.executed")
		check("step 4")
		for _, k := range []string{"1", "2", "backspace", "9"} {
			press(m, k)
			check("typed " + k)
		}
		m.wiz.enter(stepBasic)
		m.wiz.form().focusKey("signoff.filled_by")
		for range 6 {
			press(m, "backspace")
		}
		check("填表人 cleared")
		m.wiz.recompute()
		check("rechecked")
		m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		check("resized")
	}
}

// TestGoldenPanelsHidden is every step at 80×24 and 120×40 with the
// sidebar and the score panel hidden.
func TestGoldenPanelsHidden(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		for s := range stepCount {
			t.Run(fmt.Sprintf("%dx%d/step%d", size[0], size[1], s+1), func(t *testing.T) {
				m := opened(t, loadSample(t), size[0], size[1])
				press(m, "f10")
				m.wiz.enter(s)
				golden.RequireEqual(t, []byte(checkFrame(t, m, size[0], size[1])))
			})
		}
	}
}

// TestPanelsHiddenColours: with colours the kept parts carry their
// styles: the error count is red in the panel and in the figures line.
func TestPanelsHiddenColours(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	m.st = NewStyles(colorprofile.ANSI256, false)
	m.wiz.cache = viewCache{}
	red := m.st.Error.Render("x")[:strings.Index(m.st.Error.Render("x"), "x")]
	for _, hide := range []bool{false, true} {
		if hide {
			press(m, "f10")
		}
		got := m.View().Content
		i := strings.Index(got, "错误")
		if i < len(red) || !strings.Contains(got[max(i-40, 0):i], red) {
			t.Errorf("hidden %v: the error count is not red", hide)
		}
	}
}
