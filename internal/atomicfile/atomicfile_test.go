package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

// TestWriteReplaceAndNoOverwrite: a new file gets Perm (0600 by default);
// Replace replaces, NoOverwrite leaves an existing file alone with
// ErrExists (also fs.ErrExist); nothing but the file is left in the
// directory.
func TestWriteReplaceAndNoOverwrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	if err := WriteFile(p, []byte("一"), Options{NoOverwrite: true}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("new file mode %v, want 0600", st.Mode().Perm())
	}
	err := WriteFile(p, []byte("二"), Options{NoOverwrite: true})
	if !errors.Is(err, ErrExists) || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second NoOverwrite write: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "一" {
		t.Fatalf("NoOverwrite changed the file: %q", b)
	}
	if err := WriteFile(p, []byte("三"), Options{Perm: 0o644}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "三" {
		t.Fatalf("replace: %q", b)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o644 {
		t.Errorf("replaced file mode %v, want 0644", st.Mode().Perm())
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %v, want only a.txt", got)
	}
}

// TestKeepPerm: a replacement keeps the permissions of the file it replaces.
func TestKeepPerm(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(p, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o640)
	if err := WriteFile(p, []byte("new"), Options{KeepPerm: true}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
}

// TestFailedWriteLeavesNothing: an error from the content function leaves
// the old file and no temporary file.
func TestFailedWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(p, Options{}, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Fatalf("file %q", b)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %v", got)
	}
}

// TestNoOverwriteRace: a path that appears between Create and Commit is
// not replaced.
func TestNoOverwriteRace(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	f, err := Create(p, Options{NoOverwrite: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	io.WriteString(f, "mine")
	if err := os.WriteFile(p, []byte("theirs"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); !errors.Is(err, ErrExists) {
		t.Fatalf("commit: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "theirs" {
		t.Fatalf("file %q", b)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %v", got)
	}
}

// TestTempNameFilledByOthers: a file filled through its temporary path
// (as bbolt does) is committed whole.
func TestTempNameFilledByOthers(t *testing.T) {
	p := filepath.Join(t.TempDir(), "db")
	f, err := Create(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if err := os.WriteFile(f.TempName(), []byte("filled"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "filled" {
		t.Fatalf("file %q", b)
	}
}
