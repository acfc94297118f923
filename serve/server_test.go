package serve

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"charm.land/wish/v2/testsession"
	gossh "golang.org/x/crypto/ssh"

	"jixiao/store"
)

func TestKeyAcceptedShowsTUI(t *testing.T) {
	fx := newFixture(t, nil)
	tm := fx.open(t, fx.admin, 120, 40)
	tm.waitFor("梅溪街道", 5*time.Second)
	tm.waitFor("东城街道", 5*time.Second) // the administrator sees every unit
	tm.waitFor("管理员", 5*time.Second)  // the user in the status bar
	if got := fx.srv.Sessions(); got != 1 {
		t.Fatalf("sessions = %d", got)
	}
	tm.send(keyCtrlC)
	if !tm.waitExit(5 * time.Second) {
		t.Fatal("session did not end on Ctrl+C")
	}
	fx.waitSessions(t, 0, 5*time.Second)
}

func TestWithTestsession(t *testing.T) {
	fx := newFixture(t, nil)
	// testsession serves the same ssh.Server on a listener of its own.
	sess, err := testsession.NewClientSession(t, testsession.Listen(t, fx.srv.ssh), &gossh.ClientConfig{
		User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(fx.zhang.signer)},
	})
	if err != nil {
		t.Fatal(err)
	}
	// No pty: a Chinese refusal and exit status 1.
	out, err := sess.CombinedOutput("")
	var ee *gossh.ExitError
	if !errors.As(err, &ee) || ee.ExitStatus() != 1 || !strings.Contains(string(out), "需要终端") {
		t.Fatalf("no-pty session: %v %q", err, out)
	}
	_, err = testsession.NewClientSession(t, testsession.Listen(t, fx.srv.ssh), nil) // password
	if err == nil {
		t.Fatal("password login accepted")
	}
}

func TestRefusedLogins(t *testing.T) {
	fx := newFixture(t, nil)
	stranger := newKey(t, "陌生人")
	if c, err := fx.dial(stranger); err == nil {
		c.Close()
		t.Fatal("unknown key accepted")
	}
	for name, auth := range map[string]gossh.AuthMethod{
		"password": gossh.Password("secret"),
		"keyboard-interactive": gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return nil, nil
		}),
	} {
		c, err := gossh.Dial("tcp", fx.addr, &gossh.ClientConfig{User: "张三", Auth: []gossh.AuthMethod{auth},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
		if err == nil {
			c.Close()
			t.Fatalf("%s login accepted", name)
		}
	}
	// No auth method at all ("none").
	c, err := gossh.Dial("tcp", fx.addr, &gossh.ClientConfig{User: "张三", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err == nil {
		c.Close()
		t.Fatal("none login accepted")
	}
	if !strings.Contains(fx.log.String(), "拒绝未授权的密钥") {
		t.Fatalf("refusal not logged: %s", fx.log.String())
	}
}

func TestAuthorizedKeysReload(t *testing.T) {
	fx := newFixture(t, nil)
	wang := newKey(t, "王五")
	if c, err := fx.dial(wang); err == nil {
		c.Close()
		t.Fatal("key accepted before it was added")
	}
	// Changing the file takes effect at the next login (mtime check).
	writeKeys(t, fx.keysPath, fx.admin, fx.zhang, fx.li, wang)
	c, err := fx.dial(wang)
	if err != nil {
		t.Fatalf("added key refused: %v", err)
	}
	c.Close()
	writeKeys(t, fx.keysPath, fx.admin, fx.li)
	if c, err := fx.dial(fx.zhang); err == nil {
		c.Close()
		t.Fatal("removed key still accepted")
	}
	// Reload (SIGHUP) rereads it too; a missing file refuses everyone.
	if err := os.Remove(fx.keysPath); err != nil {
		t.Fatal(err)
	}
	if err := fx.srv.Reload(); err == nil {
		t.Fatal("reload of a missing file gave no error")
	}
	if c, err := fx.dial(fx.admin); err == nil {
		c.Close()
		t.Fatal("login accepted with no authorized_keys file")
	}
	writeKeys(t, fx.keysPath, fx.li, fx.admin)
	if err := fx.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	if fx.srv.Admin() != "李四" {
		t.Fatalf("admin after reload = %q, want the first key's user", fx.srv.Admin())
	}
}

func TestUserSeesOnlyGrantedUnits(t *testing.T) {
	fx := newFixture(t, nil)
	tm := fx.open(t, fx.li, 120, 40)
	tm.waitFor("东城街道", 5*time.Second)
	tm.waitFor("李四", 5*time.Second)
	time.Sleep(200 * time.Millisecond)
	if strings.Contains(tm.text(), "梅溪街道") {
		t.Fatal("李四 sees 梅溪街道, which is not granted to him")
	}
}

func TestColourFromClientEnvironment(t *testing.T) {
	fx := newFixture(t, nil)
	plain := fx.open(t, fx.admin, 120, 40, "NO_COLOR=1")
	plain.waitFor("梅溪街道", 5*time.Second)
	colour := fx.open(t, fx.admin, 120, 40, "COLORTERM=truecolor")
	colour.waitFor("梅溪街道", 5*time.Second)
	time.Sleep(200 * time.Millisecond)
	fg := regexp.MustCompile(`\x1b\[([0-9;]*;)?(3[0-8]|9[0-7])(;[0-9;]*)?m`)
	if fg.MatchString(plain.raw()) {
		t.Fatalf("NO_COLOR session received colours: %q", tail(plain.raw(), 400))
	}
	if !fg.MatchString(colour.raw()) {
		t.Fatalf("colour session received no colours: %q", tail(colour.raw(), 400))
	}
}

// openMeixi opens the 梅溪街道 filing (the only one 张三 sees) and moves
// to 填表人.
func openMeixi(t *testing.T, tm *term) {
	t.Helper()
	tm.waitFor("梅溪街道", 5*time.Second)
	tm.send(keyEnter)
	tm.waitFor("预算单位名称", 5*time.Second)
	tm.send(keyTab + keyTab) // 预算单位名称 → 年度 → 填表人
	time.Sleep(100 * time.Millisecond)
}

func TestTwoSessionsOneFilingNoLostSave(t *testing.T) {
	fx := newFixture(t, nil)
	if err := fx.store(t).Grant("李四", unitMeixi); err != nil {
		t.Fatal(err)
	}
	a := fx.open(t, fx.zhang, 120, 40)
	openMeixi(t, a)
	// 李四 sees both units; select 梅溪街道 by filter.
	b := fx.open(t, fx.li, 120, 40)
	b.waitFor("梅溪街道", 5*time.Second)
	b.send("/梅溪" + keyEnter)
	time.Sleep(150 * time.Millisecond)
	b.send(keyEnter)
	// Read-only up front: the banner, before any typing.
	b.waitFor("张三 正在编辑（只读）", 5*time.Second)
	b.waitFor("按 e 尝试编辑", 5*time.Second)
	b.send(keyTab + keyTab + "乙")
	b.waitFor("输入未被接受", 5*time.Second)
	b.send("\x13") // Ctrl+S
	b.waitFor("不能保存", 5*time.Second)
	mk := b.mark()
	b.send("e")
	b.waitSince(mk, "仍在编辑", 5*time.Second)

	// The status line may go from “已保存 HH:MM:SS” to “已保存 HH:MM:SS”
	// with only the digits redrawn, so wait on the store, not the screen.
	a.send("甲\x13")
	f, m := fx.waitFilledBy(t, "甲", 5*time.Second)
	if strings.Contains(f.Signoff.FilledBy, "乙") || m.User != "张三" {
		t.Fatalf("stored 填表人 %q by %s", f.Signoff.FilledBy, m.User)
	}
	// 张三 goes back to the list: the lock is free; 李四 takes it with e
	// and edits the newest revision (张三's 甲).
	a.send(keyEsc)
	fx.waitLockFree(t, fx.meixi, 5*time.Second)
	mk = b.mark()
	b.send("e")
	b.waitSince(mk, "已取得编辑权", 5*time.Second)
	b.send("乙\x13") // the reload kept the focus on 填表人
	if f, m = fx.waitFilledBy(t, "甲乙", 5*time.Second); m.User != "李四" {
		t.Fatalf("after 李四's edit: %q by %s", f.Signoff.FilledBy, m.User)
	}
}

func TestTwoSessionsConflictAfterHolderLeaves(t *testing.T) {
	fx := newFixture(t, nil)
	a, err := fx.srv.backend.Session("张三", 1001)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fx.srv.backend.Session("张三", 1002) // same user, second window
	if err != nil {
		t.Fatal(err)
	}
	fa, ma, err := a.Get(fx.meixi)
	if err != nil {
		t.Fatal(err)
	}
	if _, held := fx.srv.backend.Locks().Holder(fx.meixi); held {
		t.Fatal("reading a filing took its lock")
	}
	if _, ok := a.Acquire(fx.meixi); !ok {
		t.Fatal("first Acquire refused")
	}
	fb, mb, err := b.Get(fx.meixi)
	if err != nil {
		t.Fatal(err)
	}
	if h := b.Editing(fx.meixi); h != "张三" {
		t.Fatalf("Editing = %q", h)
	}
	if h, ok := b.Acquire(fx.meixi); ok || h != "张三" {
		t.Fatalf("Acquire by the second session = %q %v", h, ok)
	}
	fb.Signoff.FilledBy = "乙"
	var ee *EditingError
	if _, err := b.Save(fx.meixi, mb.Revision, fb); !errors.As(err, &ee) || err.Error() != "张三 正在编辑，您的修改未保存" {
		t.Fatalf("non-holder save: %v", err)
	}
	fa.Signoff.FilledBy = "甲"
	if _, err := a.Save(fx.meixi, ma.Revision, fa); err != nil {
		t.Fatal(err)
	}
	// Listing does not free the lock; only Release does.
	if _, err := a.List(); err != nil {
		t.Fatal(err)
	}
	if h, _ := fx.srv.backend.Locks().Holder(fx.meixi); h != "张三" {
		t.Fatal("List freed the lock")
	}
	// The holder leaves the wizard: the lock is free, but b's edit is
	// based on the old revision: a conflict, not an overwrite.
	a.Release(fx.meixi)
	if _, err := b.Save(fx.meixi, mb.Revision, fb); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale save after the holder left: %v", err)
	}
	f, _, err := fx.store(t).Get(fx.meixi)
	if err != nil || f.Signoff.FilledBy != "甲" {
		t.Fatalf("stored %q, %v", f.Signoff.FilledBy, err)
	}
	fb = f.Clone()
	fb.Signoff.FilledBy = "乙"
	// A write without the lock borrows it for the write only.
	if _, err := b.Save(fx.meixi, mb.Revision+1, fb); err != nil {
		t.Fatal(err)
	}
	if _, held := fx.srv.backend.Locks().Holder(fx.meixi); held {
		t.Fatal("a save kept a lock the session did not hold")
	}
	// A session that ends frees its lock.
	if _, ok := a.Acquire(fx.meixi); !ok {
		t.Fatal("Acquire after release refused")
	}
	a.Close()
	b.Close()
	if _, held := fx.srv.backend.Locks().Holder(fx.meixi); held {
		t.Fatal("lock survived the sessions")
	}
}

func TestUserDeniedOtherUnit(t *testing.T) {
	fx := newFixture(t, nil)
	s, err := fx.srv.backend.Session("张三", 7)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.List()
	if err != nil || len(ms) != 1 || ms[0].Unit != unitMeixi {
		t.Fatalf("张三 lists %+v, %v", ms, err)
	}
	if _, _, err := s.Get(fx.dongcheng); !errors.Is(err, ErrDenied) || !strings.Contains(err.Error(), "东城街道") {
		t.Fatalf("Get of another unit: %v", err)
	}
	other := sampleFiling(t)
	other.Unit = "东城街道"
	if _, err := s.Save(fx.dongcheng, 1, other); !errors.Is(err, ErrDenied) {
		t.Fatalf("Save of another unit: %v", err)
	}
	if _, err := s.Create(other); !errors.Is(err, ErrDenied) {
		t.Fatalf("Create for another unit: %v", err)
	}
	if err := s.Delete(fx.dongcheng); !errors.Is(err, ErrDenied) {
		t.Fatalf("Delete of another unit: %v", err)
	}
	if _, err := s.History(fx.dongcheng); !errors.Is(err, ErrDenied) {
		t.Fatalf("History of another unit: %v", err)
	}
	// Moving one's own filing to a unit one has no grant for is refused too.
	f, m, err := s.Get(fx.meixi)
	if err != nil {
		t.Fatal(err)
	}
	f.Unit = "东城街道"
	if _, err := s.Save(fx.meixi, m.Revision, f); !errors.Is(err, ErrDenied) || !strings.Contains(err.Error(), "修改未保存") {
		t.Fatalf("moving to another unit: %v", err)
	}
	// The administrator sees everything.
	adm, _ := fx.srv.backend.Session("管理员", 8)
	if ms, err := adm.List(); err != nil || len(ms) != 2 {
		t.Fatalf("admin lists %d, %v", len(ms), err)
	}
}

func TestAuditEntriesWithFieldDiffs(t *testing.T) {
	fx := newFixture(t, nil)
	s, _ := fx.srv.backend.Session("张三", 9)
	f, m, err := s.Get(fx.meixi)
	if err != nil {
		t.Fatal(err)
	}
	oldPhone := f.Signoff.Phone
	f.Signoff.Phone = "13812345678"
	f.Signoff.FilledBy = "张三"
	m2, err := s.Save(fx.meixi, m.Revision, f)
	if err != nil {
		t.Fatal(err)
	}
	// The fixture's creation of the filing is the first entry.
	trail, err := fx.store(t).Audit(fx.meixi)
	if err != nil || len(trail) != 2 {
		t.Fatalf("trail %+v, %v", trail, err)
	}
	e := trail[1]
	if e.User != "张三" || e.Rev != m2.Revision || e.Action != "保存" || time.Since(e.Time) > time.Minute {
		t.Fatalf("entry %+v", e)
	}
	found := false
	for _, c := range e.Changes {
		if c.Path == "signoff.phone" {
			found = c.Label == "联系电话" && c.Old == oldPhone && c.New == "13812345678"
		}
	}
	if !found || len(e.Changes) != 2 {
		t.Fatalf("changes %+v", e.Changes)
	}
	// Revisions record the session's user as their author.
	if _, mm, _ := fx.store(t).Get(fx.meixi); mm.User != "张三" {
		t.Fatalf("revision author %q", mm.User)
	}
}

func TestGracefulShutdownSavesDrafts(t *testing.T) {
	fx := newFixture(t, nil)
	tm := fx.open(t, fx.zhang, 120, 40)
	openMeixi(t, tm)
	tm.send("草稿")
	tm.waitFor("有未保存的修改", 5*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fx.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	tm.waitFor("服务器正在关闭，您的修改已保存。", 5*time.Second)
	if !strings.Contains(fx.log.String(), "您的修改已保存") {
		t.Fatalf("outcome not logged: %s", fx.log.String())
	}
	f, m, err := fx.store(t).Get(fx.meixi)
	if err != nil || !strings.HasSuffix(f.Signoff.FilledBy, "草稿") || m.User != "张三" {
		t.Fatalf("draft not saved: %q by %s, %v", f.Signoff.FilledBy, m.User, err)
	}
	trail, _ := fx.store(t).Audit(fx.meixi)
	if len(trail) != 2 || trail[1].Changes[0].Path != "signoff.filled_by" {
		t.Fatalf("trail %+v", trail)
	}
	if c, err := fx.dial(fx.zhang); err == nil {
		c.Close()
		t.Fatal("server still accepting after shutdown")
	}
}

func TestHostKeyStableAndPrivate(t *testing.T) {
	fx := newFixture(t, nil)
	path := fx.srv.HostKeyPath()
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 || !fx.srv.HostKeyCreated() {
		t.Fatalf("host key %s: %v %v", path, fi.Mode(), err)
	}
	first := fx.srv.HostKeyFingerprint()
	fx.srv.Close()
	again, err := New(Config{DBPath: fx.db, AuthorizedKeys: fx.keysPath, HostKey: path})
	if err != nil {
		t.Fatal(err)
	}
	if again.HostKeyFingerprint() != first || again.HostKeyCreated() {
		t.Fatal("host key changed across restarts")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{DBPath: fx.db, AuthorizedKeys: fx.keysPath, HostKey: path}); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("readable host key accepted: %v", err)
	}
	// Never in the working directory by default.
	def, err := DefaultHostKeyPath()
	wd, _ := os.Getwd()
	if err != nil || filepath.Dir(def) == wd {
		t.Fatalf("default host key path %q", def)
	}
}

func TestMisbehavingClientsDoNotCrash(t *testing.T) {
	fx := newFixture(t, nil)
	good := fx.open(t, fx.li, 120, 40)
	good.waitFor("东城街道", 5*time.Second)

	tiny := fx.open(t, fx.zhang, 1, 1)
	fx.waitSessions(t, 2, 5*time.Second)
	huge := fx.open(t, fx.zhang, 100000, 100000)
	huge.waitFor("梅溪", 5*time.Second)

	bad := fx.open(t, fx.zhang, 120, 40)
	openMeixi(t, bad)
	garbage := make([]byte, 64*1024)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i/3)
	}
	for i := range garbage {
		if garbage[i] == 0x03 || garbage[i] == 0x1b {
			garbage[i] = 'x' // keep Ctrl+C and Esc out, so the session stays
		}
	}
	bad.send(string(garbage))
	paste := "\x1b[200~" + strings.Repeat("粘贴内容", 1<<20/12) + "\x1b[201~"
	bad.send(paste)
	if err := bad.sess.WindowChange(1, 1); err != nil {
		t.Fatal(err)
	}
	if err := bad.sess.WindowChange(40, 120); err != nil {
		t.Fatal(err)
	}
	// The other session still answers.
	mk := good.mark()
	good.send("j")
	good.send("k")
	time.Sleep(300 * time.Millisecond)
	if good.mark() == mk {
		// Navigation may not redraw when nothing changes; a window change does.
		_ = good.sess.WindowChange(41, 121)
		good.waitSince(mk, "东城街道", 5*time.Second)
	}
	// And a new one can still log in.
	fresh := fx.open(t, fx.admin, 120, 40)
	fresh.waitFor("东城街道", 5*time.Second)
	if n := fx.srv.Sessions(); n != 5 {
		t.Fatalf("sessions = %d, want 5", n)
	}
	select {
	case <-tiny.done:
		t.Fatal("the 1×1 session ended")
	default:
	}
}

func TestIdleTimeoutEndsSessionAndFreesLock(t *testing.T) {
	fx := newFixture(t, func(c *Config) { c.IdleTimeout = 2500 * time.Millisecond })
	if err := fx.store(t).Grant("李四", unitMeixi); err != nil {
		t.Fatal(err)
	}
	tm := fx.open(t, fx.zhang, 120, 40)
	openMeixi(t, tm)
	tm.send("闲")
	// A second session opens it read-only meanwhile and keeps typing
	// (refused), so that it is not idle itself.
	b := fx.open(t, fx.li, 120, 40)
	b.waitFor("梅溪街道", 5*time.Second)
	b.send("/梅溪" + keyEnter)
	time.Sleep(150 * time.Millisecond)
	b.send(keyEnter)
	b.waitFor("张三 正在编辑（只读）", 5*time.Second)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(300 * time.Millisecond):
				b.send(keyDown)
			}
		}
	}()
	if !tm.waitExit(10 * time.Second) {
		t.Fatal("idle session not ended")
	}
	// Autosave may have saved the draft before the timeout: either way
	// the client is told.
	if txt := tm.text(); !strings.Contains(txt, "已空闲超过") || !strings.Contains(txt, "您的修改已保存") && !strings.Contains(txt, "没有未保存的修改") {
		t.Fatalf("no idle message: %s", tail(tm.text(), 300))
	}
	fx.waitLockFree(t, fx.meixi, 5*time.Second)
	f, _, _ := fx.store(t).Get(fx.meixi)
	if !strings.HasSuffix(f.Signoff.FilledBy, "闲") {
		t.Fatalf("idle draft not saved: %q", f.Signoff.FilledBy)
	}
	mk := b.mark()
	b.send("e")
	b.waitSince(mk, "已取得编辑权", 5*time.Second)
}

func TestMaxSessions(t *testing.T) {
	fx := newFixture(t, func(c *Config) { c.MaxSessions = 1 })
	a := fx.open(t, fx.zhang, 120, 40)
	a.waitFor("梅溪", 5*time.Second)
	b := fx.open(t, fx.li, 120, 40)
	b.waitFor("会话数已达上限（1 个）", 5*time.Second)
	if !b.waitExit(5 * time.Second) {
		t.Fatal("refused session not closed")
	}
}
