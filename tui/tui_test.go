package tui

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"jixiao/domain"
	"jixiao/internal/ptytest"
	"jixiao/internal/testfixture"
	"jixiao/store/storetest"
)

// base is the fixed start of the test clock (Asia/Shanghai).
var base = time.Date(2025, 7, 11, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// testClock starts at base and runs at real speed, so that autosave timers
// still fire.
func testClock() func() time.Time {
	start := time.Now()
	return func() time.Time { return base.Add(time.Since(start)) }
}

func fixedClock() time.Time { return base }

func loadSample(t testing.TB) *domain.Filing { return testfixture.Sample(t) }

func kp(s string) tea.KeyPressMsg {
	switch s {
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "f2":
		return tea.KeyPressMsg{Code: tea.KeyF2}
	}
	if c, ok := strings.CutPrefix(s, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	if c, ok := strings.CutPrefix(s, "alt+"); ok {
		k := kp(c)
		k.Mod |= tea.ModAlt
		k.Text = ""
		return k
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(s, "f")); err == nil && s[0] == 'f' && n >= 1 && n <= 12 {
		return tea.KeyPressMsg{Code: tea.KeyF1 + rune(n-1)}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// opened returns a root model showing the wizard on f, driven
// synchronously (commands are not run).
func opened(t testing.TB, f *domain.Filing, w, h int) *Model {
	t.Helper()
	store := storetest.New()
	store.Now = fixedClock
	meta, err := store.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: store, Profile: colorprofile.Ascii, Width: w, Height: h, Now: fixedClock, User: "测试"})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.Update(openedMsg{f: f, meta: meta})
	return m
}

func screenText(m *Model) string {
	return ansi.Strip(m.View().Content)
}

func TestSampleShowsTotalAndGrade(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	s := screenText(m)
	for _, want := range []string{"94.87", "优", "48.65%", "4.87/10"} {
		if !strings.Contains(s, want) {
			t.Errorf("panel lacks %q:\n%s", want, s)
		}
	}
}

func TestGoldenSteps(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		for s := range stepCount {
			t.Run(fmt.Sprintf("%dx%d/step%d", size[0], size[1], s+1), func(t *testing.T) {
				m := opened(t, loadSample(t), size[0], size[1])
				m.wiz.enter(s)
				out := screenText(m)
				for i, l := range strings.Split(out, "\n") {
					if w := displayWidth(l); w > size[0] {
						t.Errorf("line %d is %d columns wide: %q", i, w, l)
					}
				}
				if n := strings.Count(out, "\n") + 1; n != size[1] {
					t.Errorf("%d lines, want %d", n, size[1])
				}
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
}

func TestInvalidAmountRefused(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	m.Update(kp("pgdown"))
	// Focus 公车购置 本年决算数: authorized, actual, then three cells.
	for range 4 {
		m.Update(kp("tab"))
	}
	for _, c := range "12.5" {
		m.Update(kp(string(c)))
	}
	if got := m.wiz.f.BasicData.Sangong.VehiclePurchase.Final.Text(); got != "12.5" {
		t.Fatalf("valid amount not stored: %q", got)
	}
	for _, c := range "6789x" {
		m.Update(kp(string(c)))
	}
	// Invalid text: the filing goes back to the value before this edit
	// (blank), not to the last prefix that parsed.
	if got := m.wiz.f.BasicData.Sangong.VehiclePurchase.Final; got.IsSet() {
		t.Fatalf("filing should keep the value before the edit (blank), has %q", got.Text())
	}
	s := screenText(m)
	if !strings.Contains(s, "无效：") || !strings.Contains(s, "包含非数字字符“x”") || !strings.Contains(s, "保留原值：空") {
		t.Fatalf("no refusal message:\n%s", s)
	}
	m.Update(kp("backspace"))
	for _, k := range []string{"9", "9", "9"} {
		m.Update(kp(k))
	}
	s = screenText(m)
	if !strings.Contains(s, "最多6位") {
		t.Fatalf("seven decimals not refused:\n%s", s)
	}
	if len(m.wiz.invalidDrafts()) != 1 {
		t.Fatal("invalid draft not tracked")
	}
}

func TestCursorAfterChinese(t *testing.T) {
	f := domain.NewFiling("", 2024)
	m := opened(t, f, 120, 40)
	v0 := m.View().Cursor
	if v0 == nil {
		t.Fatal("no cursor in the first field")
	}
	for _, c := range "梅溪ab" {
		m.Update(kp(string(c)))
	}
	v := m.View().Cursor
	if v == nil || v.X != v0.X+6 || v.Y != v0.Y || v.Blink {
		t.Fatalf("cursor %+v, want x=%d (2 wide + 2 narrow chars), no blink", v, v0.X+6)
	}
	m.Update(tea.PasteMsg{Content: "街道\n办事处"})
	if f.Unit != "梅溪ab街道 办事处" {
		t.Fatalf("single-line paste: %q", f.Unit)
	}
	// Ctrl+V does nothing (no clipboard read).
	m.Update(kp("ctrl+v"))
	if f.Unit != "梅溪ab街道 办事处" {
		t.Fatalf("ctrl+v changed the text: %q", f.Unit)
	}
}

func TestTinyWindowAndHugePaste(t *testing.T) {
	m := opened(t, loadSample(t), 1, 1)
	_ = m.View()
	m.Update(tea.WindowSizeMsg{Width: 79, Height: 24})
	if s := screenText(m); !strings.Contains(s, "窗口太小") {
		t.Fatalf("no size message: %q", s)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(tea.PasteMsg{Content: strings.Repeat("很长的粘贴内容\n", 200000)})
	if n := len([]rune(m.wiz.f.Unit)); n > lineLimit {
		t.Fatalf("paste not limited: %d runes", n)
	}
	for s := range stepCount {
		m.wiz.enter(s)
		for range 50 {
			m.Update(kp("down"))
			m.Update(tea.PasteMsg{Content: strings.Repeat("x", 100000)})
		}
		_ = m.View()
	}
}

func TestListAddRemoveRows(t *testing.T) {
	f := domain.NewFiling("测试单位", 2024)
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepStaffFunds)
	if !m.wiz.form().focusKey("basic_data.project_spending.district_special.add") {
		t.Fatal("no add button")
	}
	m.Update(kp("enter"))
	if len(f.BasicData.ProjectSpending.DistrictSpecial) != 1 {
		t.Fatal("row not added")
	}
	if k := m.wiz.form().focused().Key(); k != "basic_data.project_spending.district_special.0.name" {
		t.Fatalf("focus after add: %s", k)
	}
	for _, c := range "老旧小区改造" {
		m.Update(kp(string(c)))
	}
	for _, s := range []string{"tab", "1", "tab", "2", "tab", "3"} {
		m.Update(kp(s))
	}
	if got := f.BasicData.ProjectSpending.Sum().Final.Text(); got != "3" {
		t.Fatalf("sum %s", got)
	}
	if !strings.Contains(screenText(m), "老旧小区改造") {
		t.Fatal("name not shown")
	}
	m.Update(kp("ctrl+x"))
	m.Update(kp("y"))
	if len(f.BasicData.ProjectSpending.DistrictSpecial) != 0 {
		t.Fatal("row not deleted")
	}
	// Goals: add two, reorder.
	m.wiz.enter(stepGoals)
	m.wiz.form().focusKey("overall.goals.expected.add")
	m.Update(kp("enter"))
	m.Update(kp("甲"))
	m.Update(kp("ctrl+o"))
	m.Update(kp("乙"))
	if strings.Join(f.Overall.Goals.Expected, ",") != "甲,乙" {
		t.Fatalf("goals %q", f.Overall.Goals.Expected)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModAlt})
	if strings.Join(f.Overall.Goals.Expected, ",") != "乙,甲" {
		t.Fatalf("goals after move %q", f.Overall.Goals.Expected)
	}
}

func TestFindingJump(t *testing.T) {
	f := loadSample(t)
	f.Signoff.Phone = ""
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepFunds)
	m.Update(kp("f2"))
	for i, fd := range m.wiz.findings {
		if fd.Where.Path == "signoff.phone" {
			m.wiz.finds.sel = i
		}
	}
	m.Update(kp("enter"))
	if m.wiz.cur != stepBasic || m.wiz.form().focused().Key() != "signoff.phone" {
		t.Fatalf("jump went to step %d field %s", m.wiz.cur, m.wiz.form().focused().Key())
	}
}

// waitScreen waits until the program's output contains every string.
func waitOutput(t *testing.T, tm *teatest.TestModel, want ...string) {
	t.Helper()
	v, _ := screens.LoadOrStore(tm, ptytest.NewScreen(120, 40))
	scr := v.(*ptytest.Screen)
	fed := 0
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		// The output has the program's bare \n; a pty would turn it into
		// \r\n before the terminal sees it.
		scr.Write(bytes.ReplaceAll(b[fed:], []byte("\n"), []byte("\r\n")))
		fed = len(b)
		s, screen := ansi.Strip(string(b)), scr.String()
		for _, w := range want {
			if !strings.Contains(s, w) && !strings.Contains(screen, w) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second))
}

// screens holds, per program under test, a terminal emulator fed with
// everything the program wrote, so that waitOutput also looks at the
// screen: the renderer rewrites only the cells that changed, so a changed
// figure such as 7.50/10 may never be sent as one string.
var screens sync.Map

// newFilingInProgram starts the real program at 120×40 on an empty store
// and creates the filing of 桃花仑街道办事处 from the list.
func newFilingInProgram(t *testing.T) (*teatest.TestModel, *storetest.Store) {
	t.Helper()
	store := storetest.New()
	opts := Options{Store: store, Profile: colorprofile.Ascii, Now: testClock(), Width: 120, Height: 40}
	tm := teatest.NewTestModel(t, New(opts), teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	waitOutput(t, tm, "新建填报")
	tm.Send(kp("n"))
	waitOutput(t, tm, "预算单位名称")
	tm.Type("桃花仑街道办事处")
	tm.Send(kp("enter"))
	return tm, store
}

func TestCreateTypeQuitReopen(t *testing.T) {
	tm, store := newFilingInProgram(t)
	waitOutput(t, tm, "2024年度")
	// 附件1: staffing and 三公经费.
	tm.Send(kp("pgdown"))
	tm.Type("50")
	tm.Send(kp("tab"))
	tm.Type("45")
	waitOutput(t, tm, "90.00%")
	tm.Send(kp("tab"))
	tm.Send(kp("tab"))
	tm.Send(kp("tab"))
	tm.Type("3.25")
	// 附件2 资金.
	tm.Send(kp("pgdown"))
	tm.Send(kp("pgdown"))
	tm.Type("1000")
	tm.Send(kp("tab"))
	tm.Type("2000")
	tm.Send(kp("tab"))
	tm.Type("1500")
	waitOutput(t, tm, "75.00%", "7.50/10")
	// 年度目标 in Chinese.
	tm.Send(kp("pgdown"))
	tm.Send(kp("enter"))
	tm.Type("完成街道年度重点工作")
	tm.Send(kp("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	metas, _ := store.List()
	if len(metas) != 1 {
		t.Fatalf("%d filings", len(metas))
	}
	f, _, err := store.Get(metas[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	checkValues := func(f *domain.Filing) {
		t.Helper()
		if f.Unit != "桃花仑街道办事处" || f.Year != 2024 {
			t.Errorf("unit/year %q %d", f.Unit, f.Year)
		}
		if a := f.BasicData.Staffing.Actual; a == nil || *a != 45 {
			t.Errorf("staffing actual %v", a)
		}
		if got := f.BasicData.Sangong.VehiclePurchase.Final.Text(); got != "3.25" {
			t.Errorf("公车购置 %q", got)
		}
		if got := f.Overall.Funds.Executed.Text(); got != "1500" {
			t.Errorf("全年执行数 %q", got)
		}
		if len(f.Overall.Goals.Expected) != 1 || f.Overall.Goals.Expected[0] != "完成街道年度重点工作" {
			t.Errorf("goals %q", f.Overall.Goals.Expected)
		}
	}
	checkValues(f)

	// Reopen on the same store: the list shows the filing; Enter opens it.
	opts := Options{Store: store, Profile: colorprofile.Ascii, Now: testClock(), Width: 120, Height: 40}
	tm2 := teatest.NewTestModel(t, New(opts), teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	waitOutput(t, tm2, "桃花仑街道办事处")
	tm2.Send(kp("enter"))
	waitOutput(t, tm2, "75.00%")
	tm2.Send(kp("ctrl+c"))
	fm := tm2.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if fm.wiz == nil {
		t.Fatal("wizard not open")
	}
	checkValues(fm.wiz.f)
	s := ansi.Strip(fm.wiz.f.Unit)
	if s == "" {
		t.Fatal("empty")
	}
}

func TestAutosaveAndFailure(t *testing.T) {
	store := storetest.New()
	f := loadSample(t)
	meta, _ := store.Create(f)
	now := base
	clock := func() time.Time { return now }
	w := newWizard(store, clock, ptr(NewStyles(colorprofile.Ascii, false)), DefaultKeyMap(), meta.ID, meta, f)
	cmd := w.updateField(kp("甲"), 120, 40)
	if cmd == nil || !w.tickPending {
		t.Fatal("no autosave timer scheduled")
	}
	// A second keystroke does not add a timer.
	if c := w.updateField(kp("乙"), 120, 40); c != nil {
		t.Fatal("second timer scheduled")
	}
	// The timer fires 2 s after the first key, 1 s after the last: re-armed.
	now = now.Add(time.Second)
	w.lastChange = now
	now = now.Add(time.Second)
	c, _, _ := w.update(autosaveMsg{id: w.id}, 120, 40)
	if c == nil || w.saving {
		t.Fatal("should re-arm, not save")
	}
	now = now.Add(time.Second)
	c, _, _ = w.update(autosaveMsg{id: w.id}, 120, 40)
	if !w.saving || c == nil {
		t.Fatal("no save after 2 s idle")
	}
	w.update(c(), 120, 40)
	if w.dirty() || store.Saves != 1 {
		t.Fatalf("not saved: dirty %v saves %d", w.dirty(), store.Saves)
	}
	// A failed save stays visible and is retried.
	store.FailSave = fmt.Errorf("磁盘已满")
	w.updateField(kp("丙"), 120, 40)
	now = now.Add(3 * time.Second)
	c, _, _ = w.update(autosaveMsg{id: w.id}, 120, 40)
	retry, _, _ := w.update(c(), 120, 40)
	if st, bad := w.saveStatus(); !bad || !strings.Contains(st, "未保存") || retry == nil {
		t.Fatalf("status %q bad %v", st, bad)
	}
	if msg := w.message(); !strings.Contains(msg, "磁盘已满") || !strings.Contains(msg, "修改仍保留") {
		t.Fatalf("message line %q", msg)
	}
	store.FailSave = nil
	c, _, _ = w.update(retryMsg{id: w.id}, 120, 40)
	w.update(c(), 120, 40)
	if w.dirty() || w.saveErr != nil {
		t.Fatal("retry did not save")
	}
	// A conflict on the same field offers reload or copy.
	theirs := w.base.Clone()
	theirs.Unit = "他人的单位名称"
	store.Save(w.id, w.meta.Revision, theirs)
	w.updateField(kp("丁"), 120, 40)
	c, _, _ = w.update(w.save()(), 120, 40)
	w.update(c(), 120, 40)
	if w.dialog != dlgConflict {
		t.Fatal("conflict not offered")
	}
	c, _, _ = w.update(kp("c"), 120, 40)
	w.update(c(), 120, 40)
	if w.dialog != dlgNone || w.dirty() {
		t.Fatal("save as copy failed")
	}
	if ms, _ := store.List(); len(ms) != 2 {
		t.Fatalf("%d filings after copy", len(ms))
	}
}

func TestQuitWithUnsavableChangeAsks(t *testing.T) {
	store := storetest.New()
	f := loadSample(t)
	meta, _ := store.Create(f)
	w := newWizard(store, fixedClock, ptr(NewStyles(colorprofile.Ascii, false)), DefaultKeyMap(), meta.ID, meta, f)
	w.enter(stepFunds)
	w.updateField(kp("x"), 120, 40)
	_, _, quit := w.update(kp("ctrl+c"), 120, 40)
	if quit || w.dialog != dlgDiscard {
		t.Fatal("quit without asking about the invalid amount")
	}
	_, _, quit = w.update(kp("y"), 120, 40)
	if !quit {
		t.Fatal("y should quit")
	}
}

func TestNoColorAndASCII(t *testing.T) {
	store := storetest.New()
	store.Now = fixedClock
	meta, _ := store.Create(loadSample(t))
	m := New(Options{Store: store, Profile: colorprofile.NoTTY, ASCII: true, Width: 80, Height: 24, Now: fixedClock})
	m.Update(openedMsg{f: loadSample(t), meta: meta})
	out := m.View().Content
	if strings.Contains(out, "\x1b[3") {
		t.Fatal("colour codes with NoTTY")
	}
	for _, r := range ansi.Strip(out) {
		if r == '│' || r == '…' || r == '—' || r == '✓' {
			t.Fatalf("ambiguous-width rune %q in ASCII mode", r)
		}
	}
	var buf bytes.Buffer
	buf.WriteString(out)
}

func ptr[T any](v T) *T { return &v }
