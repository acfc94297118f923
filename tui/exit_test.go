package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"jixiao/domain"
	"jixiao/store/storetest"
)

var keyRight = tea.KeyPressMsg{Code: tea.KeyRight}

// gridCell opens the 附件2 grid on its first row and moves to column c.
func gridCell(m *Model, c gridCol) *grid {
	m.wiz.enter(stepIndicators)
	for range c {
		m.Update(keyRight)
	}
	return m.wiz.openGrid()
}

// dropTimers makes tick a no-op for the test: every command left is a save
// or a load, which runAll can wait for however loaded the machine is.
func dropTimers(t *testing.T) {
	old := tick
	tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	t.Cleanup(func() { tick = old })
}

// runAll runs cmd and everything it leads to, waiting up to 10 s for each
// (use with dropTimers).
func runAll(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(10 * time.Second):
		return
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			runAll(m, c)
		}
		return
	}
	if msg != nil {
		_, next := m.Update(msg)
		runAll(m, next)
	}
}

// pressAll is press with runAll.
func pressAll(m *Model, keys ...string) {
	for _, k := range keys {
		_, cmd := m.Update(kp(k))
		runAll(m, cmd)
	}
}

// autosaveAll fires the autosave 3 s later, with runAll.
func autosaveAll(m *Model, now *time.Time) {
	*now = now.Add(3 * time.Second)
	_, cmd := m.Update(autosaveMsg{id: m.wiz.id})
	runAll(m, cmd)
}

// quitWith presses Ctrl+C and runs what follows.
func quitWith(m *Model) { pressAll(m, "ctrl+c") }

// TestCtrlCSavesOpenCellEdit is finding 2: Ctrl+C with an open grid cell
// edit (年度指标值 “13个”) or the 偏差 overlay (“11个”) used to exit at once,
// saving nothing.
func TestCtrlCSavesOpenCellEdit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		col   gridCol
		typed string
		got   func(domain.Indicator) string
		want  func(before string) string
	}{
		{"年度指标值", colTarget, "13个", func(r domain.Indicator) string { return r.Target }, func(string) string { return "13个" }},
		{"偏差", colDeviation, "11个", func(r domain.Indicator) string { return r.Deviation }, func(b string) string { return b + "11个" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dropTimers(t)
			m, store, _, _ := faultWizard(t)
			g := gridCell(m, tc.col)
			row := g.cur()
			before := tc.got(m.wiz.f.Overall.Indicators[row])
			press(m, strings.Split(tc.typed, "")...)
			if !m.wiz.comp().modal() {
				t.Fatal("the cell edit is not open")
			}
			quitWith(m)
			if !m.quit {
				t.Fatalf("Ctrl+C did not quit:\n%s", screenText(m))
			}
			f, _, _ := store.Get(m.wiz.id)
			if got := tc.got(f.Overall.Indicators[row]); got != tc.want(before) {
				t.Fatalf("stored %q, want %q", got, tc.want(before))
			}
		})
	}
}

// TestQuitKeepsInvalidCellInRecovery: an invalid 分值 “1x” in an open
// cell asks before quitting, and quitting keeps the text as typed in the
// recovery file.
func TestQuitKeepsInvalidCellInRecovery(t *testing.T) {
	dropTimers(t)
	m, _, _, _ := faultWizard(t)
	gridCell(m, colWeight)
	press(m, "1", "x")
	quitWith(m)
	if m.quit || m.wiz.dialog != dlgDiscard {
		t.Fatal("quit without asking about the invalid 分值")
	}
	if s := screenText(m); !strings.Contains(s, "“分值”的输入无效") || !strings.Contains(s, "原样存入恢复文件") {
		t.Fatalf("dialog:\n%s", s)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(checkMsg{})
	if s := checkFrame(t, m, 80, 24); !strings.Contains(s, "y 离开") || !strings.Contains(s, "n 返回") {
		t.Fatalf("dialog at 80 columns:\n%s", s)
	}
	pressAll(m, "y")
	if !m.quit || m.wiz.recPath == "" {
		t.Fatalf("y: quit %v, recovery %q", m.quit, m.wiz.recPath)
	}
	d := readDraftFile(t, m.wiz.recPath)
	if len(d.Invalid) != 1 || d.Invalid[0].Text != "1x" || d.Invalid[0].Field != "分值" || !strings.HasSuffix(d.Invalid[0].Path, ".weight") {
		t.Fatalf("recovery file keeps %+v", d.Invalid)
	}
	if msg := m.ExitMessage(); !strings.Contains(msg, m.wiz.recPath) {
		t.Fatalf("exit message %q", msg)
	}
	if !strings.Contains(d.InvalidNote(), "“分值”中输入的“1x”") {
		t.Fatalf("note %q", d.InvalidNote())
	}
}

// TestSaveAndQuitCommitsOpenCell: the signal and SSH path commits the open
// cell edit too, and keeps invalid text in the recovery file.
func TestSaveAndQuitCommitsOpenCell(t *testing.T) {
	m, store, _, _ := faultWizard(t)
	g := gridCell(m, colTarget)
	row := g.cur()
	press(m, "1", "3", "个")
	r := saveAndQuit(t, m)
	if r.Kind != QuitSaved || r.Lost() {
		t.Fatalf("result %+v", r)
	}
	if f, _, _ := store.Get(m.wiz.id); f.Overall.Indicators[row].Target != "13个" {
		t.Fatalf("stored %q", f.Overall.Indicators[row].Target)
	}

	m, _, _, _ = faultWizard(t)
	gridCell(m, colScore)
	press(m, "9", ".", ".")
	r = saveAndQuit(t, m)
	if !r.Lost() || r.Recovery == "" || !strings.Contains(r.Message(), "原样存入恢复文件 "+r.Recovery) {
		t.Fatalf("result %+v %q", r, r.Message())
	}
	if d := readDraftFile(t, r.Recovery); len(d.Invalid) != 1 || d.Invalid[0].Text != "9.." {
		t.Fatalf("recovery file keeps %+v", d.Invalid)
	}
}

// TestSaveOnExitAfterTerminalLoss: the program ended under the model (the
// terminal closed) with an open cell edit and unsaved typing: SaveOnExit
// saves it.
func TestSaveOnExitAfterTerminalLoss(t *testing.T) {
	m, store, _, _ := faultWizard(t)
	g := gridCell(m, colTarget)
	row := g.cur()
	press(m, "8", "次")
	if msg := m.SaveOnExit(5 * time.Second); msg != "您的修改已保存。" {
		t.Fatalf("message %q", msg)
	}
	if f, _, _ := store.Get(m.wiz.id); f.Overall.Indicators[row].Target != "8次" {
		t.Fatalf("stored %q", f.Overall.Indicators[row].Target)
	}
	if msg := m.SaveOnExit(5 * time.Second); msg != "" {
		t.Fatalf("second call %q", msg)
	}
}

// fakeTimers replaces tick with timers on a fake clock.
type fakeTimers struct {
	now *time.Time
	due []fakeTimer
}

type fakeTimer struct {
	at time.Time
	fn func(time.Time) tea.Msg
}

func useFakeTimers(t *testing.T, now *time.Time) *fakeTimers {
	ft := &fakeTimers{now: now}
	old := tick
	tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		ft.due = append(ft.due, fakeTimer{at: ft.now.Add(d), fn: fn})
		return nil
	}
	t.Cleanup(func() { tick = old })
	return ft
}

// fire delivers the timers due by now to w, running the saves they start.
func (ft *fakeTimers) fire(t *testing.T, w *wizard) {
	for {
		var rest []fakeTimer
		var due []fakeTimer
		for _, tm := range ft.due {
			if !tm.at.After(*ft.now) {
				due = append(due, tm)
			} else {
				rest = append(rest, tm)
			}
		}
		ft.due = rest
		if len(due) == 0 {
			return
		}
		for _, tm := range due {
			cmd, _, _ := w.update(tm.fn(*ft.now), 120, 40)
			runCmd(w, cmd)
		}
	}
}

// runCmd runs a wizard command (saves) synchronously; timers only
// register with fakeTimers.
func runCmd(w *wizard, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			runCmd(w, c)
		}
		return
	}
	if msg != nil {
		next, _, _ := w.update(msg, 120, 40)
		runCmd(w, next)
	}
}

// TestAutosaveCeiling is finding 4: with a key every 300 ms, autosave used
// to wait for 2 s of quiet forever. Now the first unsaved change is saved
// by 10 s, through Autosaver (one working revision), while a pause still
// saves after 2 s.
func TestAutosaveCeiling(t *testing.T) {
	now := base
	ft := useFakeTimers(t, &now)
	store := storetest.New()
	store.Now = func() time.Time { return now }
	store.User = "张三"
	f := loadSample(t)
	meta, _ := store.Create(f)
	w := newWizard(store, func() time.Time { return now }, ptr(NewStyles(colorprofile.Ascii, false)), DefaultKeyMap(), meta.ID, meta, f)
	w.user = "张三"
	start, unit := now, f.Unit
	var firstSave time.Time
	var typed string
	for step := 0; now.Sub(start) < 15*time.Second; step++ {
		if step%3 == 0 {
			// A key every 300 ms.
			k := string(rune(0x4E00 + step/3))
			typed += k
			runCmd(w, w.updateField(kp(k), 120, 40))
		}
		now = now.Add(100 * time.Millisecond)
		ft.fire(t, w)
		if firstSave.IsZero() && store.Saves > 0 {
			firstSave = now
		}
	}
	if firstSave.IsZero() || firstSave.Sub(start) > 10*time.Second {
		t.Fatalf("first autosave at %v, want by 10 s", firstSave.Sub(start))
	}
	got, _, _ := store.Get(w.id)
	if stored, ok := strings.CutPrefix(got.Unit, unit); !ok || len(stored) < len("一")*30 || !strings.HasPrefix(typed, stored) {
		t.Fatalf("stored %q", got.Unit)
	}
	// A pause: saved 2 s after the last key.
	now = now.Add(2 * time.Second)
	ft.fire(t, w)
	if w.dirty() {
		t.Fatal("not saved after 2 s of quiet")
	}
	// The autosaves of the session are one working revision; Ctrl+S
	// keeps one of its own.
	hs, _ := store.History(w.id)
	if len(hs) != 2 || hs[0].Note != storetest.NoteAutosave {
		t.Fatalf("history %+v", hs)
	}
	runCmd(w, w.updateField(kp("末"), 120, 40))
	cmd, _, _ := w.key(kp("ctrl+s"), 120, 40)
	runCmd(w, cmd)
	hs, _ = store.History(w.id)
	if len(hs) != 3 || hs[0].Note == storetest.NoteAutosave {
		t.Fatalf("Ctrl+S did not keep a revision of its own: %+v", hs)
	}
	// Nothing ticks while idle.
	ft.due = nil
	now = now.Add(time.Minute)
	ft.fire(t, w)
	if len(ft.due) != 0 {
		t.Fatal("a timer while idle")
	}
}

// TestCtrlCAtDeleteQuestionQuits: Ctrl+C while the wizard asks whether to
// delete a row cancels the question and saves and quits, instead of being
// swallowed by it.
func TestCtrlCAtDeleteQuestionQuits(t *testing.T) {
	dropTimers(t)
	m, store, _, _ := faultWizard(t)
	pressAll(m, "甲")
	m.wiz.dialog = dlgDeleteRow
	quitWith(m)
	if !m.quit {
		t.Fatal("Ctrl+C at the delete question did not quit")
	}
	if f, _, _ := store.Get(m.wiz.id); !strings.HasSuffix(f.Unit, "甲") {
		t.Fatalf("not saved: %q", f.Unit)
	}
}

// TestRestoredDraftNamesInvalidText: restoring a recovery file that keeps
// invalid text shows that text, so it can be typed again. When the rest
// of the draft was saved, restoring stores nothing — even after the
// filing moved on, it makes no copy of the old state.
func TestRestoredDraftNamesInvalidText(t *testing.T) {
	dropTimers(t)
	store := storetest.New()
	store.Now = fixedClock
	f := loadSample(t)
	meta, _ := store.Create(f)
	rec := testRecovery(t)
	inv := []InvalidDraft{{Path: "overall.indicators.0.weight", Field: "分值", Text: "1x", Reason: "不是数字"}}
	if _, err := rec.WriteInvalid(meta.ID, meta.Revision, "张三", f, inv, nil, base); err != nil {
		t.Fatal(err)
	}
	g := f.Clone()
	g.Signoff.Phone = "0730-7654321"
	store.Save(meta.ID, meta.Revision, g)
	m := startWithDrafts(t, store, rec)
	pressAll(m, "r")
	if s := screenText(m); !strings.Contains(s, "未能保存的无效输入：“分值”中输入的“1x”") || !strings.Contains(s, "其余内容已保存") {
		t.Fatalf("restore does not show the invalid text:\n%s", s)
	}
	if ms, _ := store.List(); len(ms) != 1 {
		t.Fatalf("%d filings: a copy of the old state was made", len(ms))
	}
	if hs, _ := store.History(meta.ID); len(hs) != 2 {
		t.Fatalf("%d revisions: restoring saved something", len(hs))
	}

	// A draft that could not be saved keeps its invalid text too.
	other := f.Clone()
	other.Unit = "另一单位"
	om, _ := store.Create(other)
	other.Signoff.FilledBy = "草稿"
	if _, err := rec.WriteInvalid(om.ID, om.Revision, "张三", other, inv, errors.New("磁盘已满"), base); err != nil {
		t.Fatal(err)
	}
	m = startWithDrafts(t, store, rec)
	pressAll(m, "r")
	got, _, _ := store.Get(om.ID)
	if s := screenText(m); got.Signoff.FilledBy != "草稿" || !strings.Contains(s, "“分值”中输入的“1x”，请重新输入") {
		t.Fatalf("stored %q:\n%s", got.Signoff.FilledBy, s)
	}
}

// TestCtrlCOpenCellInProgram is finding 2 through the real program loop
// (teatest): a 附件2 row's 年度指标值 “13个” typed but not committed, then
// Ctrl+C: the program saves it and ends.
func TestCtrlCOpenCellInProgram(t *testing.T) {
	store := storetest.New()
	meta, _ := store.Create(loadSample(t))
	opts := Options{Store: store, Profile: colorprofile.Ascii, Now: testClock(), Width: 120, Height: 40, OpenID: meta.ID}
	tm := teatest.NewTestModel(t, New(opts), teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	waitOutput(t, tm, "预算单位名称")
	for range 5 {
		tm.Send(kp("pgdown"))
	}
	waitOutput(t, tm, "三级指标")
	tm.Send(keyRight)
	tm.Type("13个")
	waitOutput(t, tm, "13个")
	tm.Send(kp("ctrl+c"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	row := fm.wiz.openGrid().cur()
	f, _, _ := store.Get(meta.ID)
	if got := f.Overall.Indicators[row].Target; got != "13个" {
		t.Fatalf("stored 年度指标值 %q", got)
	}
}
