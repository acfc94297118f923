package persist

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestPermissionsOnCreate(t *testing.T) {
	// A permissive umask must not leak into the database's modes.
	old := syscall.Umask(0)
	defer syscall.Umask(old)

	dir := filepath.Join(t.TempDir(), "share", "jixiao")
	path := filepath.Join(dir, "jixiao.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want os.FileMode
	}{{dir, 0o700}, {path, 0o600}} {
		fi, err := os.Stat(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != tc.want {
			t.Errorf("%s: mode %04o, want %04o", tc.path, got, tc.want)
		}
	}
	if w := s.Warnings(); len(w) > 0 {
		t.Errorf("warnings on a new database: %v", w)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("creating left extra files: %v", entries)
	}
}

func TestPermissionWarnings(t *testing.T) {
	for _, tc := range []struct {
		name            string
		dirMode, dbMode os.FileMode
		wantDir, wantDB bool
		dirFix, fileFix string
	}{
		{name: "private", dirMode: 0o700, dbMode: 0o600},
		{name: "traversable dir is fine", dirMode: 0o711, dbMode: 0o600},
		{name: "readable db", dirMode: 0o700, dbMode: 0o644, wantDB: true},
		{name: "group-writable db", dirMode: 0o700, dbMode: 0o660, wantDB: true},
		{name: "readable dir", dirMode: 0o755, dbMode: 0o600, wantDir: true},
		{name: "both", dirMode: 0o775, dbMode: 0o664, wantDir: true, wantDB: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data dir")
			path := filepath.Join(dir, "jixiao.db")
			if _, err := Open(path, Options{}); err != nil {
				t.Fatal(err)
			}
			os.Chmod(dir, tc.dirMode)
			os.Chmod(path, tc.dbMode)
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var dirWarn, dbWarn string
			for _, w := range s.Warnings() {
				switch {
				case strings.Contains(w, "chmod 700"):
					dirWarn = w
				case strings.Contains(w, "chmod 600"):
					dbWarn = w
				default:
					t.Errorf("unexpected warning %q", w)
				}
			}
			if (dirWarn != "") != tc.wantDir || (dbWarn != "") != tc.wantDB {
				t.Fatalf("warnings %v; want dir %v, db %v", s.Warnings(), tc.wantDir, tc.wantDB)
			}
			if dirWarn != "" {
				mustContain(t, dirWarn, dir, "chmod 700 '"+dir+"'")
			}
			if dbWarn != "" {
				mustContain(t, dbWarn, path, "chmod 600 '"+path+"'")
			}
			// The lock-info file, when written, is no more open than the
			// database.
			h := &handle{s: s}
			h.writeLockInfo(tc.dbMode, s.now())
			fi, err := os.Stat(lockInfoPath(path))
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm()&^tc.dbMode != 0 {
				t.Errorf("lock-info mode %04o is looser than the database's %04o", fi.Mode().Perm(), tc.dbMode)
			}
			h.unannounce()
		})
	}
}

// TestUnreadable opens a database its user may not read. Root reads
// everything, so as root the test runs the check in a child process as
// user nobody (uid 65534).
func TestUnreadable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "jixiao.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Create(sample(t))
	before := fileHash(t, path)
	if os.Geteuid() != 0 {
		os.Chmod(path, 0)
		defer os.Chmod(path, 0o600)
		_, err := Open(path, Options{})
		if !os.IsPermission(errorsUnwrapAll(err)) {
			t.Fatalf("Open(unreadable) = %v, want a permission error", err)
		}
		mustContain(t, err.Error(), path, "没有权限")
		return
	}
	// The child must be able to reach the directory and run the binary.
	for d := dir; d != "/" && d != "."; d = filepath.Dir(d) {
		if strings.HasPrefix(d, os.TempDir()+"/") || d == dir {
			os.Chmod(d, 0o755)
		}
	}
	bin := filepath.Join(dir, "persist.test")
	if err := copyFile(os.Args[0], bin, 0o755); err != nil {
		t.Skipf("cannot copy the test binary for the child: %v", err)
	}
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=open", "JIXIAO_PERSIST_DB="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("cannot run a child as nobody here (%v); unreadable-file test skipped", err)
	}
	line, _ := bufio.NewReader(strings.NewReader(string(out))).ReadString('\n')
	t.Logf("child as nobody: %s", strings.TrimSpace(line))
	if !strings.HasPrefix(line, "perm=true notdb=false") {
		t.Errorf("child as nobody: %q, want a permission error", line)
	}
	mustContain(t, line, path, "没有权限")
	if fileHash(t, path) != before {
		t.Error("the unreadable database was modified")
	}
}

func errorsUnwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}

func copyFile(src, dst string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
