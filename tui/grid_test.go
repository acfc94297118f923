package tui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"jixiao/domain"
	"jixiao/store"
	"jixiao/store/storetest"
)

// exec runs cmd and feeds its messages back into m, like the program
// would; timers (commands made by tick) are dropped.
func exec(m *Model, cmd tea.Cmd) { execWithin(m, cmd, 10*time.Second) }

// execWait is exec; it is kept for the tests that name a save explicitly.
func execWait(m *Model, cmd tea.Cmd) { execWithin(m, cmd, 10*time.Second) }

// timerCode identifies the commands tick makes: every one of them is the
// same closure, so its code pointer tells a timer from a command that is
// only slow on a loaded machine (a save, a file read). Telling them apart
// by how long they take made tests fail under load.
var timerCode uintptr

func init() {
	real := tick
	tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		c := real(d, fn)
		return func() tea.Msg { return c() }
	}
	timerCode = reflect.ValueOf(tick(time.Hour, nil)).Pointer()
}

// execWithin runs cmd, waiting at most d for its message (timers are
// dropped at once), feeds the message to m and runs what follows.
func execWithin(m *Model, cmd tea.Cmd, d time.Duration) {
	if cmd == nil || reflect.ValueOf(cmd).Pointer() == timerCode {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(d):
		return
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			exec(m, c)
		}
		return
	}
	if msg == nil {
		return
	}
	_, next := m.Update(msg)
	exec(m, next)
}

// press sends keys to m and runs the resulting commands.
func press(m *Model, keys ...string) {
	for _, k := range keys {
		_, cmd := m.Update(kp(k))
		exec(m, cmd)
	}
}

func checkFrame(t *testing.T, m *Model, w, h int) string {
	t.Helper()
	out := screenText(m)
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), h, out)
	}
	for i, l := range lines {
		if dw := displayWidth(l); dw > w {
			t.Fatalf("line %d is %d columns wide: %q", i, dw, l)
		}
	}
	return out
}

// TestEnterSampleIndicators types the sample's 附件2 funds and its 16
// indicator rows into a new filing through the real program and reaches
// 94.87 / 优.
// openEmptyFilingInProgram starts the real program at 120×40 on a store
// holding one empty filing of 梅溪街道, opened at its first step.
func openEmptyFilingInProgram(t *testing.T) (*teatest.TestModel, *storetest.Store, store.Meta) {
	t.Helper()
	st := storetest.New()
	meta, _ := st.Create(domain.NewFiling("岳阳市岳阳楼区梅溪街道办事处", 2024))
	opts := Options{Store: st, Profile: colorprofile.Ascii, Now: testClock(), Width: 120, Height: 40, OpenID: meta.ID}
	tm := teatest.NewTestModel(t, New(opts), teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	waitOutput(t, tm, "基本信息与签署")
	return tm, st, meta
}

func TestEnterSampleIndicators(t *testing.T) {
	sample := loadSample(t)
	tm, store, meta := openEmptyFilingInProgram(t)
	for range 3 {
		tm.Send(kp("pgdown"))
	}
	waitOutput(t, tm, "按收入性质分")
	tm.Type("2402.15")
	tm.Send(kp("tab"))
	tm.Type("3911.21")
	tm.Send(kp("tab"))
	tm.Type("1902.68")
	waitOutput(t, tm, "48.65%", "4.87/10")
	tm.Send(kp("pgdown"))
	tm.Send(kp("pgdown"))
	waitOutput(t, tm, "尚未填写绩效指标")
	rules := domain.DefaultRules()
	l1, l2 := 0, 0
	for n, r := range sample.Overall.Indicators {
		tm.Send(kp("ctrl+o"))
		tm.Type(r.Name)
		tm.Send(kp("enter"))
		t1, t2 := 0, 0
		for i, l := range rules.Levels {
			if l.Name == r.Level1 {
				t1 = i
				for j, x := range l.Level2 {
					if x == r.Level2 {
						t2 = j
					}
				}
			}
		}
		if n == 0 {
			l1, l2 = 0, 0
		}
		if t1 != l1 || t2 != l2 {
			tm.Send(kp("g"))
			for range (t1 - l1 + 3) % 3 {
				tm.Send(tea.KeyPressMsg{Code: tea.KeyRight})
			}
			for range 5 {
				tm.Send(kp("up"))
			}
			for range t2 {
				tm.Send(kp("down"))
			}
			tm.Send(kp("enter"))
			l1, l2 = t1, t2
		}
		for _, v := range []string{r.Target, r.Actual, r.Weight.Text(), r.Score.Text()} {
			tm.Send(tea.KeyPressMsg{Code: tea.KeyRight})
			tm.Type(v)
			tm.Send(kp("enter"))
		}
	}
	waitOutput(t, tm, "94.87", "辖区老百姓满意度")
	tm.Send(kp("ctrl+c"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	f := fm.wiz.f
	sc := domain.Score(f, rules).Overall
	if sc.Total.StringFixed(2) != "94.87" || sc.Grade != "优" {
		t.Fatalf("total %s %s", sc.Total.StringFixed(2), sc.Grade)
	}
	if len(f.Overall.Indicators) != 16 {
		t.Fatalf("%d rows", len(f.Overall.Indicators))
	}
	for i, r := range f.Overall.Indicators {
		w := sample.Overall.Indicators[i]
		if r.Name != w.Name || r.Level1 != w.Level1 || r.Level2 != w.Level2 || r.Target != w.Target || r.Actual != w.Actual || !r.Weight.Equal(w.Weight) || !r.Score.Equal(w.Score) {
			t.Errorf("row %d: %+v, want %+v", i, r, w)
		}
	}
	got, _, _ := store.Get(meta.ID)
	if n := len(got.Overall.Indicators); n != 16 {
		t.Fatalf("saved %d rows", n)
	}
}

func TestProjectFromBasicRowClearsFinding(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	has := func() bool {
		for _, fd := range m.wiz.findings {
			if fd.Code == "cross.missing_project_table" {
				return true
			}
		}
		return false
	}
	if !has() {
		t.Fatal("sample should lack the 业务工作经费 table")
	}
	m.wiz.enter(stepProjects)
	press(m, "f")
	if !strings.Contains(screenText(m), "有资金，缺附件3 表") {
		t.Fatalf("picker:\n%s", screenText(m))
	}
	press(m, "enter")
	if len(f.Projects) != 1 || f.Projects[0].Name != "业务工作经费" || f.Projects[0].Funds.Total.Executed.Text() != "28.79" {
		t.Fatalf("projects %+v", f.Projects)
	}
	m.wiz.recheck()
	if has() {
		t.Fatal("missing-table finding still there")
	}
	// Open it: the panel shows its own score; add an indicator in its grid.
	press(m, "enter")
	s := screenText(m)
	if !strings.Contains(s, "得分（附件3）") || !strings.Contains(s, "业务工作经费") {
		t.Fatalf("project panel:\n%s", s)
	}
	m.wiz.form().focusKey("projects.0.indicators.open")
	press(m, "enter", "ctrl+o")
	for _, c := range "会议次数" {
		press(m, string(c))
	}
	press(m, "enter", "right", "≥", "4", "次", "enter", "right", "5", "次", "enter", "right", "9", "0", "enter")
	p := f.Projects[0]
	if len(p.Indicators) != 1 || p.Indicators[0].Name != "会议次数" || p.Indicators[0].Weight.Text() != "90" {
		t.Fatalf("project rows %+v", p.Indicators)
	}
	if got := m.wiz.projScore.Total.StringFixed(2); got != "90.45" {
		t.Fatalf("project total %s (4.5%% of 10 → 0.45 + 90)", got)
	}
	press(m, "esc", "esc")
	if m.wiz.projIdx != -1 {
		t.Fatal("not back at the list")
	}
}

// manyRows is the sample with n indicator rows.
func manyRows(t testing.TB, n int) *domain.Filing {
	f := loadSample(t)
	base := f.Overall.Indicators
	f.Overall.Indicators = nil
	for i := range n {
		r := base[i%len(base)]
		r.Name = fmt.Sprintf("%s%d", r.Name, i)
		f.Overall.Indicators = append(f.Overall.Indicators, r)
	}
	return f
}

func TestGridScrollsInsideFrame(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		m := opened(t, manyRows(t, 80), size[0], size[1])
		m.wiz.enter(stepIndicators)
		g := m.wiz.comp().(*gridStep).g
		for i := range 79 {
			press(m, "down")
			out := checkFrame(t, m, size[0], size[1])
			name := m.wiz.f.Overall.Indicators[g.cur()].Name
			cut := truncate(name, 6, "")
			found := false
			for _, l := range strings.Split(out, "\n") {
				if strings.Contains(l, "›") && strings.Contains(l, cut) {
					found = true
				}
			}
			if !found {
				t.Fatalf("step %d: selected row %q not visible:\n%s", i, name, out)
			}
		}
		if g.sel != 79 {
			t.Fatalf("sel %d", g.sel)
		}
		// Add, move and delete keep the frame.
		press(m, "ctrl+o")
		m.Update(tea.KeyPressMsg{Code: tea.KeyF7})
		press(m, "esc")
		m.Update(tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModAlt})
		press(m, "ctrl+x", "y")
		checkFrame(t, m, size[0], size[1])
		if len(m.wiz.f.Overall.Indicators) != 80 {
			t.Fatalf("%d rows", len(m.wiz.f.Overall.Indicators))
		}
	}
}

func TestGridQualitativeBandAndSuggestion(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepIndicators)
	g := m.wiz.comp().(*gridStep).g
	// Row 8 (全年各项计划工作的开展与落实, 及时): clear the score → suggestion.
	g.jump("overall.indicators.8.score")
	press(m, "delete")
	if f.Overall.Indicators[8].Score.IsSet() {
		t.Fatal("score not cleared")
	}
	// Choose 部分达成 with b: the suggestion is the band's top, and a
	// filed score is kept inside 6–8.
	press(m, "b", "down", "enter")
	r := f.Overall.Indicators[8]
	if r.Band != domain.BandPartial || m.wiz.score.Rows[8].Used.StringFixed(2) != "8.00" {
		t.Fatalf("band %q used %s", r.Band, m.wiz.score.Rows[8].Used.StringFixed(2))
	}
	press(m, "9", "enter")
	if got := f.Overall.Indicators[8].Score.Fixed2(); got != "8.00" {
		t.Fatalf("score outside the band kept: %s", got)
	}
	if !strings.Contains(screenText(m), "已调整为8.00") {
		t.Fatalf("no note:\n%s", screenText(m))
	}
	press(m, "5", "enter")
	if got := f.Overall.Indicators[8].Score.Fixed2(); got != "6.00" {
		t.Fatalf("score below the band kept: %s", got)
	}
	// A quantitative row: a filed score below the suggestion shows the difference.
	g.jump("overall.indicators.0.score")
	press(m, "3", "enter")
	if s := screenText(m); !strings.Contains(s, "3.00 -1.00") || !strings.Contains(s, "差 -1.00") {
		t.Fatalf("difference not shown:\n%s", s)
	}
	// The library offers the current 二级's indicators, filtered as typed,
	// and inserts one under it with its template.
	g.jump("overall.indicators.15.name")
	press(m, "l")
	for _, c := range "满意" {
		press(m, string(c))
	}
	if !strings.Contains(screenText(m), "辖区群众满意度") {
		t.Fatalf("library:\n%s", screenText(m))
	}
	g.jump("overall.indicators.0.name")
	press(m, "l")
	for _, c := range "培训" {
		press(m, string(c))
	}
	press(m, "enter")
	if g.mode != gmEdit || g.col != colTarget {
		t.Fatal("template not opened for completion")
	}
	press(m, "enter")
	r = f.Overall.Indicators[1]
	if r.Name != "干部职工业务培训次数" || r.Target != "≥4次" || r.Level2 != "数量指标" {
		t.Fatalf("inserted %+v", r)
	}
}

func TestGoldenScreens(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d/report_preview", w, h), func(t *testing.T) {
			m := opened(t, loadSample(t), w, h)
			m.wiz.enter(stepReport)
			for range 10 {
				press(m, "f6")
			}
			golden.RequireEqual(t, []byte(checkFrame(t, m, w, h)))
		})
		t.Run(fmt.Sprintf("%dx%d/report_section2", w, h), func(t *testing.T) {
			m := opened(t, loadSample(t), w, h)
			m.wiz.enter(stepReport)
			press(m, "f6")
			golden.RequireEqual(t, []byte(checkFrame(t, m, w, h)))
		})
		t.Run(fmt.Sprintf("%dx%d/review", w, h), func(t *testing.T) {
			m := opened(t, loadSample(t), w, h)
			press(m, "f3")
			if m.screen != scrReview {
				t.Fatal("review not open")
			}
			golden.RequireEqual(t, []byte(checkFrame(t, m, w, h)))
		})
		t.Run(fmt.Sprintf("%dx%d/grid_edit", w, h), func(t *testing.T) {
			m := opened(t, loadSample(t), w, h)
			m.wiz.enter(stepIndicators)
			press(m, "down", "right", "right", "enter")
			for _, c := range "11个" {
				press(m, string(c))
			}
			out := checkFrame(t, m, w, h)
			if c := m.View().Cursor; c == nil {
				t.Fatal("no cursor in the edited cell")
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func TestReviewSearch(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	press(m, "f3")
	press(m, "/")
	for _, c := range "满意度" {
		press(m, string(c))
	}
	if m.View().Cursor == nil {
		t.Fatal("no cursor in the search field")
	}
	press(m, "enter")
	v := m.review
	if len(v.matches) < 2 {
		t.Fatalf("%d matches", len(v.matches))
	}
	first := v.offset
	press(m, "n")
	if v.mi != 1 || !strings.Contains(screenText(m), fmt.Sprintf("第 2/%d 处", len(v.matches))) {
		t.Fatalf("n: mi %d\n%s", v.mi, screenText(m))
	}
	press(m, "N", "N")
	if v.mi != len(v.matches)-1 {
		t.Fatalf("N should wrap to the last match, mi %d", v.mi)
	}
	press(m, "n")
	if v.offset != first {
		t.Fatalf("offset %d, want %d", v.offset, first)
	}
	// The finding's row is marked.
	if !strings.Contains(screenText(m), "! ") {
		press(m, "g")
	}
	marked := false
	for i, l := range v.lines {
		if v.marks[i] && strings.Contains(l, "环境整治次数") {
			marked = true
		}
	}
	if !marked {
		t.Fatal("the row with a finding is not marked")
	}
	press(m, "q")
	if m.screen != scrWizard {
		t.Fatal("q should return to the wizard")
	}
}

func TestHistoryDiffAndRestore(t *testing.T) {
	store := storetest.New()
	store.Now = fixedClock
	store.User = "张三"
	f := loadSample(t)
	meta, _ := store.Create(f)
	m := New(Options{Store: store, Profile: colorprofile.Ascii, Width: 120, Height: 40, Now: fixedClock})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	exec(m, m.Init())
	press(m, "enter")
	if m.wiz == nil {
		t.Fatal("wizard not open")
	}
	m.wiz.enter(stepIndicators)
	m.wiz.comp().(*gridStep).g.jump("overall.indicators.4.actual")
	press(m, "3", "0", "次", "enter", "ctrl+s")
	if hs, _ := store.History(meta.ID); len(hs) != 2 {
		t.Fatalf("%d revisions", len(hs))
	}
	press(m, "f4")
	if m.screen != scrHistory || len(m.hist.metas) != 2 {
		t.Fatalf("history not shown: %v", m.screen)
	}
	s := screenText(m)
	if !strings.Contains(s, "张三") || !strings.Contains(s, "94.87") {
		t.Fatalf("history list:\n%s", s)
	}
	press(m, "enter")
	s = screenText(m)
	if !strings.Contains(s, "版本 1 → 版本 2") || !strings.Contains(s, "三级指标“环境整治次数” 实际完成值") || !strings.Contains(s, "25次 → 30次") {
		t.Fatalf("diff:\n%s", s)
	}
	press(m, "esc", "down", "r", "y")
	hs, _ := store.History(meta.ID)
	if len(hs) != 3 || hs[0].Note != "从版本 1 恢复" {
		t.Fatalf("history after restore: %+v", hs)
	}
	got, _, _ := store.Get(meta.ID)
	if got.Overall.Indicators[4].Actual != "25次" {
		t.Fatalf("restored actual %q", got.Overall.Indicators[4].Actual)
	}
	if m.wiz.f.Overall.Indicators[4].Actual != "25次" || m.wiz.meta.Revision != 3 {
		t.Fatalf("wizard not reloaded: %q rev %d", m.wiz.f.Overall.Indicators[4].Actual, m.wiz.meta.Revision)
	}
	press(m, "esc")
	if m.screen != scrWizard {
		t.Fatal("esc should return to the wizard")
	}
	_ = ansi.Strip
}

// TestReviewSearchAcrossWraps: at 80 columns the review wraps paragraphs
// and cells; a phrase cut by the wrap is still found on its first line.
func TestReviewSearchAcrossWraps(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	press(m, "f3")
	m.View()
	v := m.review
	at := -1
	var query string
	for i := 0; i+1 < len(v.lines); i++ {
		a, b := []rune(strings.TrimSpace(v.lines[i])), []rune(strings.TrimSpace(v.lines[i+1]))
		if i > 0 && strings.Contains(v.lines[i], "一是信访形势严峻") && len(a) > 6 && len(b) > 6 {
			at, query = i, string(a[len(a)-3:])+string(b[:3])
			break
		}
	}
	if at < 0 {
		t.Fatal("the 附件4 问题 paragraph was not found wrapped in the review")
	}
	press(m, "/")
	for _, c := range query {
		press(m, string(c))
	}
	press(m, "enter")
	if !slices.Contains(v.matches, at) {
		t.Fatalf("%q (cut between lines %d and %d) not found: matches %v", query, at, at+1, v.matches)
	}
}
