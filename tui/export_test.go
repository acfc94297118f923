package tui

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/domain"
	"jixiao/report"
)

// TestExportFromReviewStep: the 复核与导出 step's export keys write each
// format under its default name in the current directory, ask before
// overwriting, and leave the file alone when the answer is no.
func TestExportFromReviewStep(t *testing.T) {
	f := loadSample(t)
	dir := t.TempDir()
	t.Chdir(dir)
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepReview)
	for _, tc := range []struct{ key, format string }{{"t", "text"}, {"c", "csv"}, {"x", "xlsx"}, {"w", "docx"}, {"m", "md"}, {"j", "json"}} {
		name := report.DefaultFileName(f, tc.format)
		press(m, tc.key)
		if !strings.Contains(screenText(m), name) {
			t.Fatalf("%s: the path prompt does not offer %s:\n%s", tc.format, name, screenText(m))
		}
		pressExport(t, m, "enter")
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.format, err, screenText(m))
		}
		if !strings.Contains(screenText(m), "已导出到 "+filepath.Join(dir, name)) {
			t.Errorf("%s: no confirmation on screen:\n%s", tc.format, screenText(m))
		}
		switch tc.format {
		case "xlsx":
			x, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("xlsx does not open: %v", err)
			}
			if v, _ := x.GetCellValue("附件2", "A2"); !strings.Contains(v, "整体支出绩效自评表") {
				t.Errorf("附件2!A2 = %q", v)
			}
		case "docx":
			z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatalf("docx is not a zip package: %v", err)
			}
			found := false
			for _, zf := range z.File {
				if zf.Name == "word/document.xml" {
					rc, _ := zf.Open()
					doc, _ := io.ReadAll(rc)
					rc.Close()
					found = strings.Contains(string(doc), "梅溪街道办事处")
				}
			}
			if !found {
				t.Error("docx: word/document.xml missing or without the unit")
			}
		case "csv":
			if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
				t.Error("csv without BOM")
			}
		case "json":
			g, err := domain.Decode(data)
			if err != nil || domain.Score(g, domain.DefaultRules()).Overall.Total.StringFixed(2) != "94.87" {
				t.Errorf("json export: %v", err)
			}
		case "md":
			if !strings.Contains(string(data), f.ReportTitle()) {
				t.Error("md export lacks the report title")
			}
		}
		// Exporting again asks first; n keeps the file.
		if err := os.WriteFile(filepath.Join(dir, name), []byte("旧"), 0o600); err != nil {
			t.Fatal(err)
		}
		press(m, tc.key)
		pressExport(t, m, "enter")
		pressExport(t, m, "n")
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != "旧" {
			t.Fatalf("%s: overwritten without a yes", tc.format)
		}
		press(m, tc.key)
		pressExport(t, m, "enter")
		pressExport(t, m, "y")
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) == "旧" {
			t.Fatalf("%s: not overwritten after y", tc.format)
		}
	}
}

// pressExport presses key and waits for an export it starts, which may
// take longer than press's command timeout under load.
func pressExport(t *testing.T, m *Model, k string) {
	t.Helper()
	_, cmd := m.Update(kp(k))
	if cmd == nil {
		return
	}
	done := make(chan any, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		m.Update(msg)
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: the export did not finish", k)
	}
}
