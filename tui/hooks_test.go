package tui

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"jixiao/store/storetest"
)

// fakeLocker is one session's edit lock; other, when set, is the user of
// another session holding every filing.
type fakeLocker struct {
	mu       sync.Mutex
	other    string
	held     map[string]bool
	released []string
}

func newFakeLocker() *fakeLocker { return &fakeLocker{held: map[string]bool{}} }

func (l *fakeLocker) Acquire(id string) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.other != "" {
		return l.other, false
	}
	l.held[id] = true
	return "我", true
}

func (l *fakeLocker) Release(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.held, id)
	l.released = append(l.released, id)
}

func (l *fakeLocker) holds(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held[id]
}

// lockedModel returns a model with the sample in store, its list loaded.
func lockedModel(t *testing.T, lk Locker) (*Model, *storetest.Store, string) {
	t.Helper()
	store := storetest.New()
	store.Now = fixedClock
	meta, err := store.Create(loadSample(t))
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: store, Locks: lk, Profile: colorprofile.Ascii, Width: 120, Height: 40, Now: fixedClock, User: "李四"})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	exec(m, m.Init())
	return m, store, meta.ID
}

func TestReadOnlyWhenLockedElsewhere(t *testing.T) {
	lk := newFakeLocker()
	lk.other = "张三"
	m, store, id := lockedModel(t, lk)
	press(m, "enter")
	if m.wiz == nil || !m.wiz.readOnly {
		t.Fatal("wizard not open read-only")
	}
	s := screenText(m)
	if !strings.Contains(s, "张三 正在编辑（只读）") || !strings.Contains(s, "尝试编辑") || !strings.Contains(s, "用户：李四") {
		t.Fatalf("no read-only banner:\n%s", s)
	}
	before := m.wiz.f.Signoff.FilledBy
	press(m, "tab", "tab") // fields still navigate
	if k := m.wiz.form().focused().Key(); k != "signoff.filled_by" {
		t.Fatalf("focus on %s", k)
	}
	press(m, "乙", "backspace")
	if got := m.wiz.f.Signoff.FilledBy; got != before || m.wiz.dirty() {
		t.Fatalf("read-only field took an edit: %q", got)
	}
	if s := screenText(m); !strings.Contains(s, "输入未被接受") {
		t.Fatalf("no refusal message:\n%s", s)
	}
	m.Update(tea.PasteMsg{Content: "粘贴"})
	if m.wiz.f.Signoff.FilledBy != before || !strings.Contains(screenText(m), "粘贴的内容未被接受") {
		t.Fatal("read-only paste accepted")
	}
	press(m, "ctrl+s")
	if s := screenText(m); !strings.Contains(s, "不能保存") {
		t.Fatalf("Ctrl+S not explained:\n%s", s)
	}
	// The indicator grid: moving is fine, adding or editing is not.
	m.wiz.enter(stepIndicators)
	n := len(m.wiz.f.Overall.Indicators)
	press(m, "down", "a", "enter", "D", "x")
	if len(m.wiz.f.Overall.Indicators) != n || m.wiz.comp().modal() || m.wiz.dirty() {
		t.Fatal("read-only grid took an edit")
	}
	// 附件3: adding a table is refused.
	m.wiz.enter(stepProjects)
	np := len(m.wiz.f.Projects)
	press(m, "a", "f")
	if m.wiz.comp().(*projectsStep).mode != pmList || len(m.wiz.f.Projects) != np {
		t.Fatal("read-only project list took an edit")
	}
	m.wiz.enter(stepBasic)
	if store.Saves != 0 {
		t.Fatalf("%d saves from a read-only wizard", store.Saves)
	}

	// e while the other still edits: still read-only, showing what the
	// other has saved meanwhile.
	f2, meta, _ := store.Get(id)
	f2.Signoff.FilledBy = "张三改"
	if _, err := store.Save(id, meta.Revision, f2); err != nil {
		t.Fatal(err)
	}
	press(m, "e")
	if !m.wiz.readOnly || !strings.Contains(screenText(m), "张三 仍在编辑") || m.wiz.f.Signoff.FilledBy != "张三改" {
		t.Fatalf("e while held:\n%s", screenText(m))
	}
	if lk.holds(id) {
		t.Fatal("a refused e holds the lock")
	}
	// The other leaves: e takes the lock and loads the newest.
	lk.mu.Lock()
	lk.other = ""
	lk.mu.Unlock()
	press(m, "e")
	if m.wiz.readOnly || !lk.holds(id) || m.wiz.meta.Revision != meta.Revision+1 || m.wiz.f.Signoff.FilledBy != "张三改" {
		t.Fatalf("e did not make it editable on the newest revision: ro %v rev %d %q", m.wiz.readOnly, m.wiz.meta.Revision, m.wiz.f.Signoff.FilledBy)
	}
	if s := screenText(m); strings.Contains(s, "只读") || !strings.Contains(s, "已取得编辑权") {
		t.Fatalf("still shown read-only:\n%s", s)
	}
	// The focus stayed on 填表人 through the reload.
	if k := m.wiz.form().focused().Key(); k != "signoff.filled_by" {
		t.Fatalf("focus on %s after the reload", k)
	}
	press(m, "乙")
	if m.wiz.f.Signoff.FilledBy != "张三改乙" {
		t.Fatalf("typing after e: %q", m.wiz.f.Signoff.FilledBy)
	}
	press(m, "esc") // saves, then back to the list
	if m.wiz != nil || m.screen != scrList {
		t.Fatal("esc did not return to the list")
	}
	if lk.holds(id) || !slices.Contains(lk.released, id) {
		t.Fatal("leaving the wizard did not release the lock")
	}
	if got, _, _ := store.Get(id); got.Signoff.FilledBy != "张三改乙" {
		t.Fatalf("saved %q", got.Signoff.FilledBy)
	}
}

func TestLockHeldUntilWizardLeft(t *testing.T) {
	lk := newFakeLocker()
	m, store, id := lockedModel(t, lk)
	press(m, "enter")
	if m.wiz == nil || m.wiz.readOnly || !lk.holds(id) {
		t.Fatal("open did not take the lock")
	}
	// History, review and the list reloads behind them keep the lock.
	press(m, "f4")
	if m.screen != scrHistory {
		t.Fatal("history not shown")
	}
	press(m, "esc", "f3", "esc")
	exec(m, m.list.load())
	if !lk.holds(id) || len(lk.released) != 0 {
		t.Fatal("history or review dropped the lock")
	}
	// Opening another filing releases the first.
	other, _ := store.Create(loadSample(t))
	exec(m, m.list.open(other.ID))
	if lk.holds(id) || !lk.holds(other.ID) || m.wiz.id != other.ID {
		t.Fatalf("locks after opening another: %v", lk.held)
	}
	// Quitting releases it.
	press(m, "ctrl+c")
	if lk.holds(other.ID) || !m.quit {
		t.Fatal("quitting did not release the lock")
	}
	// A late answer to 'e' after the wizard is gone gives the lock back.
	m2, _, id2 := lockedModel(t, lk)
	m2.Update(editTriedMsg{id: id2, ok: true})
	if lk.holds(id2) {
		t.Fatal("a stale lock was kept")
	}
}

// saveAndQuit sends SaveAndQuitMsg and runs the program until it quits.
func saveAndQuit(t *testing.T, m *Model) QuitResult {
	t.Helper()
	_, cmd := m.Update(SaveAndQuitMsg{})
	execWait(m, cmd)
	r, ok := m.QuitResult()
	if !ok || !m.quit {
		t.Fatal("no outcome after SaveAndQuitMsg")
	}
	return r
}

func TestSaveAndQuitSavesDraft(t *testing.T) {
	lk := newFakeLocker()
	m, store, id := lockedModel(t, lk)
	press(m, "enter", "tab", "tab", "甲")
	// A dialog is open: it does not stop the save.
	m.wiz.dialog = dlgDeleteRow
	r := saveAndQuit(t, m)
	if r.Kind != QuitSaved || r.Lost() || r.Message() != "您的修改已保存。" {
		t.Fatalf("result %+v %q", r, r.Message())
	}
	if got, _, _ := store.Get(id); !strings.HasSuffix(got.Signoff.FilledBy, "甲") {
		t.Fatalf("draft not saved: %q", got.Signoff.FilledBy)
	}
	if lk.holds(id) {
		t.Fatal("lock kept after SaveAndQuitMsg")
	}
	// Keys after it are ignored.
	m.Update(kp("乙"))
	if strings.HasSuffix(m.wiz.f.Signoff.FilledBy, "乙") {
		t.Fatal("typing after SaveAndQuitMsg")
	}
}

func TestSaveAndQuitCopyOnConflict(t *testing.T) {
	m, store, id := lockedModel(t, nil)
	press(m, "enter", "tab", "tab", "甲")
	f, meta, _ := store.Get(id)
	f.Signoff.FilledBy = "他人"
	if _, err := store.Save(id, meta.Revision, f); err != nil {
		t.Fatal(err)
	}
	r := saveAndQuit(t, m)
	if r.Kind != QuitSavedCopy || r.CopyID == "" || r.CopyID == id || !strings.Contains(r.Message(), "另存为副本（编号 "+r.CopyID+"）") {
		t.Fatalf("result %+v %q", r, r.Message())
	}
	if got, _, _ := store.Get(id); got.Signoff.FilledBy != "他人" {
		t.Fatalf("the other's save was overwritten: %q", got.Signoff.FilledBy)
	}
	if got, _, err := store.Get(r.CopyID); err != nil || !strings.HasSuffix(got.Signoff.FilledBy, "甲") {
		t.Fatalf("copy %q, %v", got.Signoff.FilledBy, err)
	}
}

func TestSaveAndQuitReportsInvalidAndFailure(t *testing.T) {
	m, _, _ := lockedModel(t, nil)
	press(m, "enter", "pgdown", "tab", "tab", "tab", "tab", "1", "x")
	r := saveAndQuit(t, m)
	if !r.Lost() || len(r.Invalid) != 1 || !strings.Contains(r.Message(), "“"+r.Invalid[0]+"”的输入无效，未保存") {
		t.Fatalf("result %+v %q", r, r.Message())
	}
	if r.Kind != QuitSaved || !strings.HasPrefix(r.Message(), "您的修改已保存；但") {
		t.Fatalf("the valid part (1) should be saved: %+v %q", r, r.Message())
	}

	m, store, _ := lockedModel(t, nil)
	press(m, "enter", "tab", "tab", "甲")
	store.FailSave = errors.New("磁盘已满")
	r = saveAndQuit(t, m)
	if r.Kind != QuitNotSaved || !r.Lost() || r.Message() != "您的修改未能保存：磁盘已满。" {
		t.Fatalf("result %+v %q", r, r.Message())
	}

	// Read-only or nothing open: nothing to save.
	lk := newFakeLocker()
	lk.other = "张三"
	m, _, _ = lockedModel(t, lk)
	press(m, "enter")
	if r = saveAndQuit(t, m); r.Kind != QuitNoChanges || r.Lost() {
		t.Fatalf("read-only result %+v", r)
	}
	m, _, _ = lockedModel(t, nil)
	if r = saveAndQuit(t, m); r.Kind != QuitNoChanges || r.Message() != "没有未保存的修改。" {
		t.Fatalf("list result %+v", r)
	}
}

func TestSaveAndQuitWaitsForRunningSave(t *testing.T) {
	m, store, id := lockedModel(t, nil)
	press(m, "enter", "tab", "tab", "甲")
	save := m.wiz.save() // an autosave in flight
	_, cmd := m.Update(SaveAndQuitMsg{})
	if cmd != nil || m.quit {
		t.Fatal("did not wait for the running save")
	}
	exec(m, save)
	r, ok := m.QuitResult()
	if !ok || r.Kind != QuitSaved || !m.quit {
		t.Fatalf("result %+v %v", r, ok)
	}
	if hs, _ := store.History(id); len(hs) != 2 {
		t.Fatalf("%d revisions: the draft must be saved once, without a copy", len(hs))
	}
}

// auditStore is a storetest.Store with a fixed audit trail.
type auditStore struct {
	*storetest.Store
	trail []AuditEntry
}

func (s *auditStore) Audit(string) ([]AuditEntry, error) { return s.trail, nil }

func TestHistoryShowsAuditTrail(t *testing.T) {
	mem := storetest.New()
	mem.Now = fixedClock
	f := loadSample(t)
	meta, _ := mem.Create(f)
	g := f.Clone()
	g.Signoff.FilledBy = "冯金彪甲"
	if _, err := mem.Save(meta.ID, 1, g); err != nil {
		t.Fatal(err)
	}
	store := &auditStore{Store: mem, trail: []AuditEntry{
		{Rev: 1, Time: base, User: "管理员", Action: "新建"},
		{Rev: 2, Time: base, User: "张三", Action: "保存", Changes: []AuditChange{{Path: "signoff.filled_by", Label: "填表人", Old: "冯金彪", New: "冯金彪甲"}}},
	}}
	m := New(Options{Store: store, Profile: colorprofile.Ascii, Width: 120, Height: 40, Now: fixedClock})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	exec(m, m.Init())
	press(m, "h")
	if m.screen != scrHistory {
		t.Fatal("history not shown")
	}
	s := screenText(m)
	if !strings.Contains(s, "张三") || !strings.Contains(s, "保存：填表人") || !strings.Contains(s, "修改明细") {
		t.Fatalf("history list without the audit trail:\n%s", s)
	}
	press(m, "enter")
	s = screenText(m)
	if !strings.Contains(s, "版本 2：张三 于 2025-07-11 09:30:00 保存，1 处修改") || !strings.Contains(s, "填表人") || !strings.Contains(s, "冯金彪 → 冯金彪甲") {
		t.Fatalf("audit entry:\n%s", s)
	}
	// Marking a base still compares two revisions.
	press(m, "esc", "down", "m", "up", "enter")
	if s = screenText(m); !strings.Contains(s, "版本 1 → 版本 2") {
		t.Fatalf("comparison:\n%s", s)
	}
}

// fakeGranter keeps grants in memory.
type fakeGranter struct {
	admin bool
	all   map[string][]string
}

func (g *fakeGranter) IsAdmin() bool { return g.admin }
func (g *fakeGranter) AllGrants() (map[string][]string, error) {
	out := map[string][]string{}
	for u, us := range g.all {
		out[u] = slices.Clone(us)
	}
	return out, nil
}
func (g *fakeGranter) Grant(user, unit string) error {
	if !slices.Contains(g.all[user], unit) {
		g.all[user] = append(g.all[user], unit)
		slices.Sort(g.all[user])
	}
	return nil
}
func (g *fakeGranter) Revoke(user, unit string) (bool, error) {
	i := slices.Index(g.all[user], unit)
	if i < 0 {
		return false, nil
	}
	g.all[user] = slices.Delete(g.all[user], i, i+1)
	if len(g.all[user]) == 0 {
		delete(g.all, user)
	}
	return true, nil
}

func TestGrantsScreen(t *testing.T) {
	gr := &fakeGranter{all: map[string][]string{"李四": {"东城街道"}}}
	store := storetest.New()
	store.Create(loadSample(t))
	m := New(Options{Store: store, Grants: gr, Profile: colorprofile.Ascii, Width: 120, Height: 40, Now: fixedClock})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	exec(m, m.Init())
	// Not the administrator: no key, no screen.
	press(m, "g")
	if m.screen != scrList || strings.Contains(screenText(m), "授权管理") {
		t.Fatal("grants offered to a non-administrator")
	}

	gr.admin = true
	m = New(Options{Store: store, Grants: gr, Profile: colorprofile.Ascii, Width: 120, Height: 40, Now: fixedClock})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	exec(m, m.Init())
	if !strings.Contains(screenText(m), "g 授权管理") {
		t.Fatalf("no grants key in the help:\n%s", screenText(m))
	}
	press(m, "g")
	s := screenText(m)
	if m.screen != scrGrants || !strings.Contains(s, "李四") || !strings.Contains(s, "东城街道") {
		t.Fatalf("grants screen:\n%s", s)
	}
	// Add: user, Tab, unit, Enter.
	press(m, "a")
	m.Update(tea.PasteMsg{Content: "张三"})
	press(m, "tab")
	m.Update(tea.PasteMsg{Content: "岳阳市岳阳楼区梅溪街道办事处"})
	press(m, "enter")
	if !slices.Contains(gr.all["张三"], "岳阳市岳阳楼区梅溪街道办事处") {
		t.Fatalf("grant not added: %v", gr.all)
	}
	s = screenText(m)
	if !strings.Contains(s, "已授权：张三") || strings.Contains(s, "还没有该单位") {
		t.Fatalf("after grant:\n%s", s)
	}
	// Revoke 李四 东城街道 (rows sorted by user name: 张三, then 李四).
	press(m, "down", "d")
	if !strings.Contains(screenText(m), "撤销 李四 对“东城街道”的授权？") {
		t.Fatalf("no confirmation:\n%s", screenText(m))
	}
	press(m, "n")
	if len(gr.all["李四"]) != 1 {
		t.Fatal("n revoked")
	}
	press(m, "d", "y")
	if _, ok := gr.all["李四"]; ok || !strings.Contains(screenText(m), "已撤销：李四") {
		t.Fatalf("revoke: %v\n%s", gr.all, screenText(m))
	}
	press(m, "esc")
	if m.screen != scrList {
		t.Fatal("esc did not return to the list")
	}
}
