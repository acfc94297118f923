package tui

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"jixiao/domain"
	"jixiao/store/storetest"
)

// faultStore is a Store whose writes fail with err while it is set (a
// full disk, a read-only or vanished database, a lock held elsewhere).
type faultStore struct {
	*storetest.Store
	mu  sync.Mutex
	err error
	// attempts counts the writes tried.
	attempts int
}

func (s *faultStore) fault() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	return s.err
}

func (s *faultStore) set(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}

func (s *faultStore) Save(id string, base int, f *domain.Filing) (Meta, error) {
	if err := s.fault(); err != nil {
		return Meta{}, err
	}
	return s.Store.Save(id, base, f)
}

func (s *faultStore) Autosave(id string, base int, f *domain.Filing) (Meta, error) {
	if err := s.fault(); err != nil {
		return Meta{}, err
	}
	return s.Store.Autosave(id, base, f)
}

func (s *faultStore) Create(f *domain.Filing) (Meta, error) {
	if err := s.fault(); err != nil {
		return Meta{}, err
	}
	return s.Store.Create(f)
}

// enospc is what the persist adapter gives for a full disk.
var enospc = &os.PathError{Op: "write", Path: "/data/jixiao.db", Err: syscall.ENOSPC}

type wrapped struct {
	msg string
	err error
}

func (e *wrapped) Error() string { return e.msg }
func (e *wrapped) Unwrap() error { return e.err }

func testRecovery(t *testing.T) *Recovery {
	t.Helper()
	dir := t.TempDir()
	return &Recovery{DB: "/data/jixiao.db", Dirs: []string{filepath.Join(dir, "state", "k"), filepath.Join(dir, "tmp", "k")}}
}

// faultWizard opens the sample on a faultStore with a recovery directory
// and a clock the test moves.
func faultWizard(t *testing.T) (*Model, *faultStore, *Recovery, *time.Time) {
	t.Helper()
	now := base
	clock := func() time.Time { return now }
	store := &faultStore{Store: storetest.New()}
	store.Now = clock
	rec := testRecovery(t)
	meta, err := store.Store.Create(loadSample(t))
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: store, Profile: colorprofile.Ascii, Width: 120, Height: 40, Now: clock, User: "张三", Recovery: rec})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	f, meta, _ := store.Get(meta.ID)
	m.Update(openedMsg{f: f, meta: meta})
	return m, store, rec, &now
}

// autosaveNow fires the autosave as the timer would, 3 s later.
func autosaveNow(m *Model, now *time.Time) {
	*now = now.Add(3 * time.Second)
	_, cmd := m.Update(autosaveMsg{id: m.wiz.id})
	exec(m, cmd)
}

func readDraftFile(t *testing.T, p string) Draft {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatalf("no recovery file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("recovery file mode %04o, want 0600", fi.Mode().Perm())
	}
	d, err := readDraft(p)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSaveFailsKeepsDraft: with the disk full, autosave fails; the
// message says why and that the changes are kept; after three failed
// attempts the draft goes to a recovery file (0600, refreshed as typing
// goes on); once the disk has room the retry saves and the file goes.
func TestSaveFailsKeepsDraft(t *testing.T) {
	m, store, rec, now := faultWizard(t)
	w := m.wiz
	store.set(&wrapped{msg: "磁盘空间不足，无法写入数据库 /data/jixiao.db；已保存的内容没有受损，请腾出空间", err: enospc})
	press(m, "甲")
	autosaveNow(m, now)
	s := screenText(m)
	if !strings.Contains(s, "保存失败") || !strings.Contains(s, "磁盘空间不足") || !strings.Contains(s, "修改仍保留在本窗口中") {
		t.Fatalf("no failure message:\n%s", s)
	}
	if w.f.Unit != "岳阳市岳阳楼区梅溪街道办事处甲" {
		t.Fatalf("draft lost: %q", w.f.Unit)
	}
	if w.recPath != "" {
		t.Fatal("recovery file after one failure")
	}
	// Two more failed attempts (the retry timer).
	for range 2 {
		*now = now.Add(retryDelay)
		_, cmd := m.Update(retryMsg{id: w.id})
		exec(m, cmd)
	}
	if w.recPath == "" {
		t.Fatalf("no recovery file after 3 failures (%d attempts, err %v)", store.attempts, w.recErr)
	}
	if !strings.HasPrefix(w.recPath, rec.Dirs[0]) {
		t.Errorf("recovery file %s not in the first directory", w.recPath)
	}
	d := readDraftFile(t, w.recPath)
	if d.ID != w.id || d.BaseRevision != 1 || d.User != "张三" || d.Unit != w.f.Unit || !strings.Contains(d.Error, "磁盘空间不足") {
		t.Fatalf("draft %+v", d)
	}
	if s := screenText(m); !strings.Contains(s, "已存入恢复文件") {
		t.Fatalf("recovery not shown:\n%s", s)
	}
	// More typing: the next failed save refreshes the file.
	press(m, "乙")
	autosaveNow(m, now)
	if d := readDraftFile(t, w.recPath); !strings.Contains(string(d.Filing), "梅溪街道办事处甲乙") {
		t.Fatal("recovery file not refreshed")
	}
	// What was saved is untouched.
	if f, meta, _ := store.Get(w.id); meta.Revision != 1 || strings.HasSuffix(f.Unit, "甲") {
		t.Fatal("the stored filing changed")
	}
	// Room again: the retry saves and removes the recovery file.
	store.set(nil)
	p := w.recPath
	*now = now.Add(retryDelay)
	_, cmd := m.Update(retryMsg{id: w.id})
	exec(m, cmd)
	if w.dirty() || w.saveErr != nil {
		t.Fatalf("retry did not save: %v", w.saveErr)
	}
	if f, _, _ := store.Get(w.id); f.Unit != "岳阳市岳阳楼区梅溪街道办事处甲乙" {
		t.Fatalf("saved %q", f.Unit)
	}
	time.Sleep(10 * time.Millisecond)
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("recovery file left after a successful save")
	}
	if s := screenText(m); strings.Contains(s, "保存失败") {
		t.Fatalf("failure still shown:\n%s", s)
	}
}

// TestRecoveryAfter15s: a single slow failure (a lock held for long)
// writes the recovery file once 15 s have passed since the first failure.
func TestRecoveryAfter15s(t *testing.T) {
	m, store, _, now := faultWizard(t)
	store.set(errors.New("数据库被用户 李四（进程 4711）占用，等待 2 秒后仍无法写入"))
	press(m, "甲")
	autosaveNow(m, now)
	if s := screenText(m); !strings.Contains(s, "数据库被用户 李四（进程 4711）占用") {
		t.Fatalf("lock holder not shown:\n%s", s)
	}
	*now = now.Add(recoverAfter)
	_, cmd := m.Update(retryMsg{id: m.wiz.id})
	exec(m, cmd)
	if m.wiz.recPath == "" {
		t.Fatal("no recovery file after 15 s of failures")
	}
	// Released: the next retry saves.
	store.set(nil)
	_, cmd = m.Update(retryMsg{id: m.wiz.id})
	exec(m, cmd)
	if m.wiz.dirty() {
		t.Fatal("not saved once the lock was released")
	}
}

// TestQuitWithFailedSaveWritesRecovery: leaving (after y) with a draft
// that cannot be saved writes it to the recovery file at once, and the
// program's exit message names the file.
func TestQuitWithFailedSaveWritesRecovery(t *testing.T) {
	m, store, _, now := faultWizard(t)
	store.set(errors.New("数据库文件 /data/jixiao.db 已不存在（被删除或移走）"))
	press(m, "甲")
	autosaveNow(m, now)
	press(m, "ctrl+c")
	s := screenText(m)
	if !strings.Contains(s, "修改将存入恢复文件") {
		t.Fatalf("quit dialog:\n%s", s)
	}
	_, cmd := m.Update(kp("y"))
	exec(m, cmd)
	if !m.quit {
		t.Fatal("y did not quit")
	}
	msg := m.ExitMessage()
	if !strings.Contains(msg, "恢复文件") || m.wiz.recPath == "" {
		t.Fatalf("exit message %q", msg)
	}
	if d := readDraftFile(t, m.wiz.recPath); !strings.Contains(string(d.Filing), "梅溪街道办事处甲") {
		t.Fatal("draft not in the recovery file")
	}
}

// TestSaveAndQuitFailureWritesRecovery: the server's SaveAndQuitMsg with a
// database that cannot be written leaves the draft in a recovery file.
func TestSaveAndQuitFailureWritesRecovery(t *testing.T) {
	m, store, _, _ := faultWizard(t)
	press(m, "甲")
	store.set(errors.New("磁盘空间不足"))
	_, cmd := m.Update(SaveAndQuitMsg{})
	execWait(m, cmd)
	r, ok := m.QuitResult()
	if !ok || r.Kind != QuitNotSaved || r.Recovery == "" || !strings.Contains(r.Message(), "恢复文件") {
		t.Fatalf("result %+v %q", r, r.Message())
	}
}

// startWithDrafts starts a model on store with the drafts in rec, the list
// loaded and the drafts found.
func startWithDrafts(t *testing.T, store Store, rec *Recovery) *Model {
	t.Helper()
	m := New(Options{Store: store, Profile: colorprofile.Ascii, Width: 120, Height: 40, Now: fixedClock, User: "张三", Recovery: rec})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	exec(m, m.Init())
	return m
}

// TestRecoveryOfferedAtStart: the next start offers each draft; r saves
// it as a new revision of its filing (still at the draft's base), as a
// copy when the filing moved on, or as a new filing when it is gone; d
// asks, then discards; a file that does not decode is reported and kept.
func TestRecoveryOfferedAtStart(t *testing.T) {
	store := storetest.New()
	store.Now = fixedClock
	f := loadSample(t)
	meta, _ := store.Create(f)
	rec := testRecovery(t)
	g := f.Clone()
	g.Signoff.Phone = "0730-7654321"
	p, err := rec.Write(meta.ID, meta.Revision, "张三", g, errors.New("磁盘空间不足"), base)
	if err != nil {
		t.Fatal(err)
	}
	m := startWithDrafts(t, store, rec)
	s := screenText(m)
	if !strings.Contains(s, "发现未保存的草稿（岳阳市岳阳楼区梅溪街道办事处, 2024年度, 2025-07-11 09:30:00）") || !strings.Contains(s, "r 恢复") || !strings.Contains(s, "d 丢弃") {
		t.Fatalf("no offer:\n%s", s)
	}
	press(m, "r")
	got, gm, _ := store.Get(meta.ID)
	if gm.Revision != 2 || got.Signoff.Phone != "0730-7654321" {
		t.Fatalf("not restored as revision 2: rev %d phone %q", gm.Revision, got.Signoff.Phone)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("recovery file kept after restoring")
	}
	if s := screenText(m); !strings.Contains(s, "已恢复草稿") || strings.Contains(s, "发现未保存的草稿") {
		t.Fatalf("after restore:\n%s", s)
	}

	// A draft based on revision 1 of a filing now at 2: a copy. A draft
	// of a filing that is gone: a new filing. Another user's draft: not
	// offered.
	g2 := g.Clone()
	g2.Signoff.Phone = "0730-1111111"
	rec.Write(meta.ID, 1, "张三", g2, nil, base.Add(time.Minute))
	g3 := g.Clone()
	g3.Unit = "已删除的单位"
	rec.Write("gone42", 3, "张三", g3, nil, base)
	rec.Write("other", 1, "李四", g, nil, base)
	os.MkdirAll(rec.Dirs[1], 0o700)
	if err := os.WriteFile(filepath.Join(rec.Dirs[1], "broken.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	m = startWithDrafts(t, store, rec)
	s = screenText(m)
	if !strings.Contains(s, "（共 2 份）") || !strings.Contains(s, "有恢复文件无法读取（不是有效的 JSON") {
		t.Fatalf("offer with a broken file:\n%s", s)
	}
	press(m, "r")
	if s := screenText(m); !strings.Contains(s, "原填报已有更新的版本，草稿另存为新填报") {
		t.Fatalf("copy:\n%s", s)
	}
	press(m, "r")
	if s := screenText(m); !strings.Contains(s, "原填报在数据库中已找不到，草稿另存为新填报") {
		t.Fatalf("gone:\n%s", s)
	}
	if ms, _ := store.List(); len(ms) != 3 {
		t.Fatalf("%d filings, want 3", len(ms))
	}
	if _, err := os.Stat(filepath.Join(rec.Dirs[1], "broken.json")); err != nil {
		t.Fatal("the undecodable recovery file was deleted")
	}

	// Discard: d asks, y removes; Esc keeps it for the next start.
	rec.Write(meta.ID, 2, "张三", g, nil, base)
	m = startWithDrafts(t, store, rec)
	press(m, "esc")
	if m.list.mode != modeNormal || !strings.Contains(m.list.note, "下次启动时会再次询问") {
		t.Fatal("esc did not postpone")
	}
	m = startWithDrafts(t, store, rec)
	press(m, "d")
	if !strings.Contains(screenText(m), "无法找回") {
		t.Fatal("discard not confirmed")
	}
	press(m, "y")
	drafts, _ := rec.Load()
	for _, d := range drafts {
		if d.User == "张三" {
			t.Fatalf("draft %s not discarded", d.Path)
		}
	}
}

// TestRecoveryDirsPerDatabase: recovery directories are derived from the
// database path, so two databases never share drafts.
func TestRecoveryDirsPerDatabase(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	a, _ := RecoveryDirs("/srv/jixiao/jixiao.db")
	b, _ := RecoveryDirs("/home/u/.local/share/jixiao/jixiao.db")
	if a[0] == b[0] || a[1] == b[1] {
		t.Fatalf("same recovery directory for two databases: %v %v", a, b)
	}
	if !strings.HasPrefix(a[0], os.Getenv("XDG_STATE_HOME")) {
		t.Fatalf("not under XDG_STATE_HOME: %s", a[0])
	}
	// A draft of another database found in the directory is not offered.
	ra, _ := NewRecovery("/srv/jixiao/jixiao.db")
	if _, err := ra.Write("abc", 1, "u", domain.NewFiling("甲", 2024), nil, base); err != nil {
		t.Fatal(err)
	}
	rb := &Recovery{DB: "/other.db", Dirs: ra.Dirs}
	if d, _ := rb.Load(); len(d) != 0 {
		t.Fatalf("another database's draft offered: %v", d)
	}
	fi, err := os.Stat(ra.Dirs[0])
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("recovery directory mode: %v %v", fi.Mode(), err)
	}
	raw, _ := os.ReadFile(filepath.Join(ra.Dirs[0], recoveryName("abc", "u")))
	var d map[string]any
	if json.Unmarshal(raw, &d) != nil || d["format"] != RecoveryFormat || d["base_revision"] != float64(1) {
		t.Fatalf("file content: %s", raw)
	}
	ra.Remove("abc", "u")
}

// TestRecoveryKeepsEachUsersDraft: the sessions of `jixiao serve` share
// one recovery directory; 张三's draft of a filing survives 管理员's
// draft of the same filing, each is offered back to its own user only,
// and removing one leaves the other.
func TestRecoveryKeepsEachUsersDraft(t *testing.T) {
	dir := t.TempDir()
	rec := &Recovery{DB: "/srv/jixiao.db", Dirs: []string{filepath.Join(dir, "r")}}
	now := time.Date(2025, 7, 11, 9, 0, 0, 0, time.UTC)
	for i, u := range []string{"张三", "管理员"} {
		f := domain.NewFiling("梅溪", 2024)
		f.Signoff.FilledBy = u
		if _, err := rec.Write("umze2q", 3, u, f, errors.New("断开"), now.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	drafts, bad := rec.Load()
	if len(bad) != 0 || len(drafts) != 2 {
		t.Fatalf("drafts %v, bad %v", drafts, bad)
	}
	for _, d := range drafts {
		f, err := d.Decode()
		if err != nil || f.Signoff.FilledBy != d.User {
			t.Fatalf("draft of %s holds %q (%v)", d.User, f.Signoff.FilledBy, err)
		}
	}
	if err := rec.Remove("umze2q", "管理员"); err != nil {
		t.Fatal(err)
	}
	if drafts, _ := rec.Load(); len(drafts) != 1 || drafts[0].User != "张三" {
		t.Fatalf("after removing 管理员's draft: %v", drafts)
	}
}

// TestRecoveryFallsBackWhenFull: when the first directory cannot be
// written (the disk of the state directory is full or read-only), the
// draft goes to the second.
func TestRecoveryFallsBackWhenFull(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "state")
	os.WriteFile(blocker, nil, 0o600) // a file where the directory should be
	rec := &Recovery{Dirs: []string{filepath.Join(blocker, "k"), filepath.Join(dir, "tmp", "k")}}
	p, err := rec.Write("abc", 1, "u", domain.NewFiling("甲", 2024), nil, base)
	if err != nil || !strings.HasPrefix(p, filepath.Join(dir, "tmp")) {
		t.Fatalf("fallback: %s %v", p, err)
	}
	rec2 := &Recovery{Dirs: []string{filepath.Join(blocker, "k")}}
	if _, err := rec2.Write("abc", 1, "u", domain.NewFiling("甲", 2024), nil, base); err == nil || !strings.Contains(err.Error(), "无法写入恢复文件") {
		t.Fatalf("no error when no directory works: %v", err)
	}
}
