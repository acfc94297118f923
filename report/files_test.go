package report

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"jixiao/domain"
)

func TestDefaultFileName(t *testing.T) {
	f := loadSample(t)
	if got := DefaultFileName(f, "xlsx"); got != "岳阳市岳阳楼区梅溪街道办事处-2024年度绩效自评.xlsx" {
		t.Errorf("got %q", got)
	}
	if got := DefaultFileName(f, "text"); got != "岳阳市岳阳楼区梅溪街道办事处-2024年度绩效自评.txt" {
		t.Errorf("got %q", got)
	}
	g := domain.NewFiling(` a/b\c:d*e?"f"<g>|h. `, 2031)
	if got := DefaultFileName(g, "md"); got != "a_b_c_d_e__f__g__h-2031年度绩效自评.md" {
		t.Errorf("got %q", got)
	}
	if got := DefaultFileName(domain.NewFiling("", 2024), "json"); got != "未命名单位-2024年度绩效自评.json" {
		t.Errorf("got %q", got)
	}
	for format, path := range map[string]string{"xlsx": "a.XLSX", "text": "b.txt", "md": "c.md", "": "d.pdf"} {
		if got := FormatForPath(path); got != format {
			t.Errorf("FormatForPath(%q) = %q, want %q", path, got, format)
		}
	}
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := WriteFile(path, false, writeString("one")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("new file mode %v", st.Mode().Perm())
	}
	err := WriteFile(path, false, writeString("two"))
	if !errors.Is(err, ErrExists) || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second write: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Errorf("existing file changed to %q", b)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, true, writeString("three")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "three" {
		t.Errorf("forced write left %q", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("overwrite changed the mode to %v", st.Mode().Perm())
	}
	// A failing writer leaves the old file and no temporary file.
	boom := errors.New("boom")
	err = WriteFile(path, true, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "three" {
		t.Errorf("failed write changed the file to %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after a failed write", len(entries))
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.csv"), false, writeString("x")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("write into a missing directory: %v", err)
	}
}

func TestExportFormats(t *testing.T) {
	f := loadSample(t)
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := Export(&buf, f, format, Options{}); err != nil {
			t.Errorf("%s: %v", format, err)
		}
		if buf.Len() == 0 {
			t.Errorf("%s: empty export", format)
		}
	}
	if err := Export(io.Discard, f, "pdf", Options{}); err == nil {
		t.Error("an unknown format was accepted")
	}
}
