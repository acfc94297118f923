package persist

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"jixiao/domain"
	"jixiao/store"
)

// Fault tests: disk full, read-only file system, read-only file and
// directory, the database deleted or replaced while a store has it open.
// Each fault must give a Chinese error naming the cause, and leave what was
// saved before intact (the check passes, the last revision reads back
// exactly). See docs/testing.md, "Faults".

// tinyFS mounts a tmpfs of size bytes and returns its directory. It skips
// the test, with the reason, when mounting is not permitted (not root, or
// a container without CAP_SYS_ADMIN).
func tinyFS(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("disk-full test needs root to mount a small tmpfs; skipped")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s); disk-full test skipped", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// fillDisk writes a file in dir until the disk is full and returns its path.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the disk: %v", err)
			}
			return p
		}
	}
}

// intact requires the database to pass its check and filing id to read
// back as want.
func intact(t *testing.T, s *Store, id string, want *domain.Filing) {
	t.Helper()
	problems, err := s.Check()
	if err != nil || len(problems) > 0 {
		t.Fatalf("database damaged: %v %v", err, problems)
	}
	got, _, err := s.Get(id)
	if err != nil {
		t.Fatalf("Get after the fault: %v", err)
	}
	if encoded(t, got) != encoded(t, want) {
		t.Fatal("the saved filing changed")
	}
}

func TestDiskFull(t *testing.T) {
	dir := tinyFS(t, "1m")
	path := filepath.Join(dir, "jixiao.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saved := sample(t)
	m, err := s.Create(saved)
	if err != nil {
		t.Fatal(err)
	}
	filler := fillDisk(t, dir)

	// Saves of ever bigger filings until one needs more room than is left.
	var ferr error
	for n := 1; n <= 64 && ferr == nil; n *= 2 {
		f := bigFiling(t, n)
		f.Report.Other = "磁盘满时的修改"
		var m2 store.Meta
		m2, ferr = s.Save(m.ID, m.Revision, f)
		if ferr == nil {
			m, saved = m2, f
		}
	}
	if ferr == nil {
		t.Fatal("no save failed on a full disk")
	}
	t.Logf("save on a full disk: %v", ferr)
	var fe *FileError
	if !errors.As(ferr, &fe) || !errors.Is(ferr, syscall.ENOSPC) {
		t.Fatalf("err = %#v, want a *FileError wrapping ENOSPC", ferr)
	}
	mustContain(t, ferr.Error(), path, "磁盘空间不足")
	intact(t, s, m.ID, saved)
	// Creating a database on the full disk fails cleanly: nothing is left
	// at the path.
	other := filepath.Join(dir, "other.db")
	if _, err := Open(other, Options{}); err == nil {
		t.Log("creating a database on the full disk worked (it fit)")
	} else {
		mustContain(t, err.Error(), "磁盘空间不足")
		if _, serr := os.Stat(other); !errors.Is(serr, fs.ErrNotExist) {
			t.Errorf("a failed create left %s behind", other)
		}
	}

	// Room again: the same save goes through.
	os.Remove(filler)
	f := bigFiling(t, 2)
	f.Report.Other = "腾出空间后"
	if _, err := s.Save(m.ID, m.Revision, f); err != nil {
		t.Fatalf("save after freeing space: %v", err)
	}
	problems, err := s.Check()
	if err != nil || len(problems) > 0 {
		t.Fatalf("check after recovery: %v %v", err, problems)
	}
}

func TestReadOnlyFileSystem(t *testing.T) {
	dir := tinyFS(t, "4m")
	path := filepath.Join(dir, "jixiao.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := sample(t)
	m, err := s.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v: %s", err, out)
	}
	defer exec.Command("mount", "-o", "remount,rw", dir).Run()
	g := f.Clone()
	g.Report.Other = "只读时的修改"
	_, err = s.Save(m.ID, m.Revision, g)
	t.Logf("save on a read-only file system: %v", err)
	if !errors.Is(err, syscall.EROFS) {
		t.Fatalf("err = %v, want EROFS", err)
	}
	mustContain(t, err.Error(), path, "只读")
	// Reading still works.
	got, _, err := s.Get(m.ID)
	if err != nil || encoded(t, got) != encoded(t, f) {
		t.Fatalf("read on a read-only file system: %v", err)
	}
	if err := exec.Command("mount", "-o", "remount,rw", dir).Run(); err != nil {
		t.Fatal(err)
	}
	intact(t, s, m.ID, f)
	if _, err := s.Save(m.ID, m.Revision, g); err != nil {
		t.Fatalf("save after remounting read-write: %v", err)
	}
}

// TestImmutableFile: a database file nobody may write (chattr +i, which
// binds root too) refuses saves with a permission error and stays as it
// was.
func TestImmutableFile(t *testing.T) {
	s := newStore(t, Options{})
	f := sample(t)
	m, err := s.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("chattr", "+i", s.Path()).CombinedOutput(); err != nil {
		t.Skipf("chattr +i not available here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	defer exec.Command("chattr", "-i", s.Path()).Run()
	before := fileHash(t, s.Path())
	g := f.Clone()
	g.Report.Other = "只读文件"
	_, err = s.Save(m.ID, m.Revision, g)
	t.Logf("save to an immutable file: %v", err)
	if !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("err = %v, want a permission error", err)
	}
	mustContain(t, err.Error(), s.Path(), "没有权限")
	if fileHash(t, s.Path()) != before {
		t.Error("the read-only database was modified")
	}
	got, _, err := s.Get(m.ID)
	if err != nil || encoded(t, got) != encoded(t, f) {
		t.Fatalf("read of a read-only database: %v", err)
	}
	exec.Command("chattr", "-i", s.Path()).Run()
	intact(t, s, m.ID, f)
}

// TestReadOnlyAsUser: as an unprivileged user, a database file that user
// may only read refuses saves with a permission error; a read-only
// directory with a writable file still saves (bbolt writes in place; only
// the optional lock-info file cannot be created). Root bypasses
// permissions, so as root the writes run in a child process as nobody.
func TestReadOnlyAsUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a child as another user")
	}
	for _, tc := range []struct {
		name            string
		dirMode, dbMode os.FileMode
		wantPermission  bool
	}{
		{name: "read-only file", dirMode: 0o777, dbMode: 0o644, wantPermission: true},
		{name: "read-only directory", dirMode: 0o555, dbMode: 0o666},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			os.Mkdir(dir, 0o700)
			path := filepath.Join(dir, "jixiao.db")
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			f := sample(t)
			m, err := s.Create(f)
			if err != nil {
				t.Fatal(err)
			}
			for d := filepath.Dir(dir); d != "/" && d != "."; d = filepath.Dir(d) {
				if strings.HasPrefix(d, os.TempDir()+"/") {
					os.Chmod(d, 0o755)
				}
			}
			os.Chmod(path, tc.dbMode)
			os.Chmod(dir, tc.dirMode)
			defer os.Chmod(dir, 0o700)
			bin := filepath.Join(t.TempDir(), "persist.test")
			os.Chmod(filepath.Dir(bin), 0o755)
			if err := copyFile(os.Args[0], bin, 0o755); err != nil {
				t.Skipf("cannot copy the test binary: %v", err)
			}
			before := fileHash(t, path)
			cmd := exec.Command(bin, "-test.run=^$")
			cmd.Env = append(os.Environ(), childEnv+"=save", "JIXIAO_PERSIST_DB="+path,
				"JIXIAO_PERSIST_ID="+m.ID, "JIXIAO_PERSIST_TAG=nobody", "JIXIAO_PERSIST_N=1")
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
			out, _ := cmd.Output()
			t.Logf("child as nobody: %s", strings.TrimSpace(string(out)))
			if len(out) == 0 {
				t.Skip("cannot run a child as nobody here")
			}
			if tc.wantPermission {
				if !strings.HasPrefix(string(out), "error ") {
					t.Fatalf("the child saved to a read-only file: %q", out)
				}
				mustContain(t, string(out), path, "没有权限")
				if fileHash(t, path) != before {
					t.Error("the read-only database was modified")
				}
				intact(t, s, m.ID, f)
				return
			}
			if !strings.Contains(string(out), "ack "+m.ID) {
				t.Fatalf("save in a read-only directory failed: %q", out)
			}
			problems, err := s.Check()
			if err != nil || len(problems) > 0 {
				t.Fatalf("check: %v %v", err, problems)
			}
		})
	}
}

// TestDatabaseDeletedOrReplaced: a store whose file is deleted, or
// replaced by another file, while it is open never writes into a new
// empty database: a deleted file is an error naming it (and is not
// recreated); a fresh empty database in its place has no such filing; a
// file that is not a database is refused and left untouched; an older
// copy (a restored backup) gives a conflict.
func TestDatabaseDeletedOrReplaced(t *testing.T) {
	newFixture := func(t *testing.T) (*Store, store.Meta, *domain.Filing) {
		s := newStore(t, Options{})
		f := sample(t)
		m, err := s.Create(f)
		if err != nil {
			t.Fatal(err)
		}
		return s, m, f
	}
	edit := func(f *domain.Filing) *domain.Filing {
		g := f.Clone()
		g.Report.Other = "文件被替换时的修改"
		return g
	}

	t.Run("deleted", func(t *testing.T) {
		s, m, f := newFixture(t)
		os.Remove(s.Path())
		_, err := s.Save(m.ID, m.Revision, edit(f))
		t.Logf("save after deletion: %v", err)
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("err = %v, want a *FileError for a missing file", err)
		}
		mustContain(t, err.Error(), s.Path(), "不存在")
		if _, err := os.Stat(s.Path()); !errors.Is(err, fs.ErrNotExist) {
			t.Fatal("the deleted database was recreated")
		}
		if _, err := s.Create(f); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("Create after deletion = %v, want not-exist", err)
		}
	})
	t.Run("fresh empty database", func(t *testing.T) {
		s, m, f := newFixture(t)
		os.Remove(s.Path())
		if _, err := Open(s.Path(), Options{}); err != nil {
			t.Fatal(err)
		}
		_, err := s.Save(m.ID, m.Revision, edit(f))
		t.Logf("save into a replacement database: %v", err)
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
		if list, _ := s.List(); len(list) != 0 {
			t.Fatal("the save went into the new empty database")
		}
	})
	t.Run("not a database", func(t *testing.T) {
		s, m, f := newFixture(t)
		tmp := s.Path() + ".tmp"
		os.WriteFile(tmp, []byte(`{"format":"jixiao/filing@1"}`), 0o600)
		os.Rename(tmp, s.Path())
		before := fileHash(t, s.Path())
		_, err := s.Save(m.ID, m.Revision, edit(f))
		t.Logf("save into a JSON file: %v", err)
		if !errors.Is(err, ErrNotDatabase) {
			t.Fatalf("err = %v, want ErrNotDatabase", err)
		}
		if fileHash(t, s.Path()) != before {
			t.Fatal("the replacement file was modified")
		}
	})
	t.Run("older backup restored", func(t *testing.T) {
		s, m, f := newFixture(t)
		backup := filepath.Join(filepath.Dir(s.Path()), "backup.db")
		if err := s.Backup(backup); err != nil {
			t.Fatal(err)
		}
		g := f.Clone()
		g.Signoff.Phone = "0730-1234567"
		m2, err := s.Save(m.ID, m.Revision, g)
		if err != nil {
			t.Fatal(err)
		}
		// Someone restores the backup (revision 1) while we edit revision 2.
		os.Rename(backup, s.Path())
		_, err = s.Save(m.ID, m2.Revision, edit(g))
		t.Logf("save onto a restored backup: %v", err)
		if !errors.Is(err, ErrConflict) {
			t.Fatalf("err = %v, want ErrConflict", err)
		}
		intact(t, s, m.ID, f)
	})
}
