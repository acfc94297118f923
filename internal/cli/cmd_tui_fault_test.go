package cli

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"jixiao/persist"
	"jixiao/tui"
)

// holdLock starts `flock` holding the database's lock (a stuck process)
// and returns a function that kills it.
func holdLock(t *testing.T, path string) func() {
	t.Helper()
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("flock(1) not installed")
	}
	cmd := exec.Command("flock", "-x", path, "sleep", "60")
	// sleep inherits the locked descriptor: kill the whole group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until it holds the lock.
	for range 200 {
		f, err := os.Open(path)
		if err == nil {
			err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
			if err == nil {
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
			}
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	killed := false
	kill := func() {
		if !killed {
			killed = true
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			cmd.Wait()
		}
	}
	t.Cleanup(kill)
	return kill
}

func newTUIStore(t *testing.T) (*persist.Store, string, tui.Meta) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	os.Mkdir(dir, 0o700)
	path := filepath.Join(dir, "jixiao.db")
	s, err := persist.Open(path, persist.Options{Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	m, err := s.Create(tui.Sample())
	if err != nil {
		t.Fatal(err)
	}
	return s, path, m
}

// TestTUIErrorMessages: the faults a TUI user can meet reach the status
// line as persist's Chinese sentences naming the cause, through the store
// port with no translation, and still match the errors the TUI acts on
// (persist.ErrNotFound is tui.ErrNotFound).
func TestTUIErrorMessages(t *testing.T) {
	ps, path, m := newTUIStore(t)
	var st tui.Store = ps
	f, _, _ := st.Get(m.ID)

	kill := holdLock(t, path)
	_, err := st.Save(m.ID, m.Revision, f)
	t.Logf("locked: %v", err)
	if !errors.Is(err, persist.ErrLocked) || !strings.Contains(err.Error(), "占用") {
		t.Errorf("locked: %v", err)
	}
	kill()

	// The database deleted: a save neither succeeds nor creates a new,
	// empty one.
	os.Remove(path)
	_, err = st.Save(m.ID, m.Revision, f)
	t.Logf("deleted: %v", err)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("deleted: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("the deleted database was recreated by a save")
	}
	// Replaced by a new empty database: the filing is not there, which the
	// TUI tells by tui.ErrNotFound (a recovery draft is then saved as a new
	// filing).
	if _, err := persist.Open(path, persist.Options{}); err != nil {
		t.Fatal(err)
	}
	_, _, err = st.Get(m.ID)
	t.Logf("replaced: %v", err)
	if !errors.Is(err, tui.ErrNotFound) || !strings.Contains(err.Error(), "没有编号为") {
		t.Errorf("replaced: %v", err)
	}
}

// TestTUILockedDatabaseKeepsDraft runs the TUI on a database a stuck
// process holds locked: the typed change stays on screen with
// "…占用", is retried, and is saved once the process is gone.
func TestTUILockedDatabaseKeepsDraft(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 10 s of autosave and retry timers")
	}
	ps, path, m := newTUIStore(t)
	rec := &tui.Recovery{DB: path, Dirs: []string{filepath.Join(t.TempDir(), "rec")}}
	opts := tui.Options{Store: ps, Profile: colorprofile.Ascii, Width: 120, Height: 40, OpenID: m.ID, User: "张三", Recovery: rec}
	tm := teatest.NewTestModel(t, tui.New(opts), teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	wait := func(d time.Duration, want ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			s := ansi.Strip(string(b))
			for _, w := range want {
				if !strings.Contains(s, w) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(d), teatest.WithCheckInterval(50*time.Millisecond))
	}
	wait(5*time.Second, "基本信息")
	kill := holdLock(t, path)
	tm.Type("甲")
	wait(10*time.Second, "占用", "未保存：修改已保留，自动重试中")
	kill()
	wait(15*time.Second, "已保存")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	f, _, err := ps.Get(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(f.Unit, "甲") {
		t.Fatalf("draft not saved after the lock was released: %q", f.Unit)
	}
}
