package persist

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
)

// TestHeldLockTimesOut: a process holding the database (a write
// transaction that takes 8 s) makes Open, reads and saves in another
// process give up after the timeout with a *LockedError naming it; nothing
// hangs, and once the holder dies the database is usable at once.
func TestHeldLockTimesOut(t *testing.T) {
	path := filepath.Join(privateDir(t), "jixiao.db")
	s, err := Open(path, Options{Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.Create(sample(t))

	cmd, out := child(t, "hold", path, "JIXIAO_PERSIST_HOLD=8s")
	defer cmd.Process.Kill()
	if !out.Scan() || out.Text() != "holding" {
		t.Fatalf("child: %q", out.Text())
	}
	time.Sleep(2 * announceAfter) // the holder has written its lock-info

	check := func(what string, err error, elapsed, limit time.Duration) {
		t.Helper()
		var le *LockedError
		if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
			t.Fatalf("%s: err = %v, want *LockedError", what, err)
		}
		if elapsed > limit {
			t.Errorf("%s took %v, limit %v", what, elapsed, limit)
		}
		if le.PID != cmd.Process.Pid || le.User != currentUser() || le.Since.IsZero() || le.Path != path {
			t.Errorf("%s: holder %+v, want pid %d user %s", what, le, cmd.Process.Pid, currentUser())
		}
		mustContain(t, le.Holder, currentUser()+" pid "+strconv.Itoa(cmd.Process.Pid)+" since ")
		mustContain(t, le.Error(), path, "进程 "+strconv.Itoa(cmd.Process.Pid), "占用")
	}

	// The default timeout: Open gives up after 2 s, not before.
	start := time.Now()
	_, err = Open(path, Options{})
	elapsed := time.Since(start)
	check("Open", err, elapsed, 5*time.Second)
	if elapsed < DefaultTimeout-100*time.Millisecond {
		t.Errorf("Open gave up after %v, before the %v timeout", elapsed, DefaultTimeout)
	}

	start = time.Now()
	_, err = s.Save(m.ID, m.Revision, domain.NewFiling("x", 2024))
	check("Save", err, time.Since(start), 3*time.Second)
	start = time.Now()
	_, err = s.List()
	check("List", err, time.Since(start), 3*time.Second)

	// The holder dies holding the lock: the kernel releases it, and the
	// stale lock-info file it leaves does not matter.
	cmd.Process.Kill()
	cmd.Wait()
	if _, err := os.Stat(lockInfoPath(path)); err != nil {
		t.Logf("no stale lock-info after the kill: %v", err)
	}
	start = time.Now()
	if _, err := s.Save(m.ID, m.Revision, domain.NewFiling("x", 2024)); err != nil {
		t.Fatalf("Save after the holder died: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Save after the holder died took %v", d)
	}
	if _, err := os.Stat(lockInfoPath(path)); err == nil {
		t.Error("lock-info file left after a save")
	}
}

// TestHolderWithoutLockInfo: a holder that wrote no lock-info (the bbolt
// tool, an old jixiao) or left a stale one (killed, pid gone) is still
// named, from /proc/locks, on Linux.
func TestHolderWithoutLockInfo(t *testing.T) {
	s := newStore(t, Options{Timeout: 200 * time.Millisecond})
	// A stale file from a process that no longer exists.
	stale, _ := json.Marshal(lockInfo{User: "ghost", PID: 1 << 30, Since: time.Now()})
	os.WriteFile(lockInfoPath(s.Path()), stale, 0o600)

	db, err := bolt.Open(s.Path(), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = s.List()
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("List while bbolt holds the file = %v", err)
	}
	if le.User == "ghost" || le.PID == 1<<30 {
		t.Errorf("a stale lock-info file was believed: %+v", le)
	}
	if runtime.GOOS == "linux" {
		if le.PID != os.Getpid() || le.User != currentUser() {
			t.Errorf("holder from /proc/locks = %+v, want pid %d", le, os.Getpid())
		}
	}
	t.Logf("%v", err)
}

// TestSharedReaders: readers share the lock; a writer waits for them and
// then proceeds.
func TestSharedReaders(t *testing.T) {
	s := newStore(t, Options{Timeout: time.Second})
	m, _ := s.Create(sample(t))
	inside := make(chan struct{})
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.view(func(*bolt.Tx) error {
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	// Another reader gets in while the first holds its shared lock.
	if _, _, err := s.Get(m.ID); err != nil {
		t.Fatalf("second reader: %v", err)
	}
	// A writer waits for the reader to finish.
	time.AfterFunc(200*time.Millisecond, func() { close(release) })
	start := time.Now()
	if _, err := s.Save(m.ID, m.Revision, domain.NewFiling("x", 2024)); err != nil {
		t.Fatalf("writer after the reader: %v", err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("writer did not wait for the reader (%v)", d)
	}
	wg.Wait()
}

// TestRenamedOverWhileWaiting: a restore by rename while a writer waits
// for the lock must not let the writer write into the old, unlinked file.
func TestRenamedOverWhileWaiting(t *testing.T) {
	s := newStore(t, Options{Timeout: 2 * time.Second})
	m, _ := s.Create(sample(t))
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := s.Backup(backup); err != nil {
		t.Fatal(err)
	}
	// Hold the lock on the current file from this process.
	f, _ := os.Open(s.Path())
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		fl, meta, err := s.Get(m.ID)
		if err == nil {
			fl.Unit = "改"
			_, err = s.Save(m.ID, meta.Revision, fl)
		}
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	// Put the backup in place, then let go of the old file.
	if err := os.Rename(backup, s.Path()); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got, _, err := s.Get(m.ID)
	if err != nil || got.Unit != "改" {
		t.Errorf("the save did not reach the file now at the path: %v %q", err, got.Unit)
	}
}

func TestConcurrentOpenCreates(t *testing.T) {
	path := filepath.Join(privateDir(t), "jixiao.db")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(path, Options{})
			if err == nil {
				_, err = s.Create(domain.NewFiling("同时", 2024))
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	s, _ := Open(path, Options{})
	if list, err := s.List(); err != nil || len(list) != 8 {
		t.Errorf("List = %d filings, %v; want 8", len(list), err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("files beside the database: %v", entries)
	}
}
