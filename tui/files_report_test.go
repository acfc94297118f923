package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/sample"
)

// officeFile reads a document of testdata/office.
func officeFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "office", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestImportWordTypedPath: in local mode a typed path to a Word filing
// laid out like the published sample imports through the files port to a
// filing scoring 94.87 / 优, and the import report lists what was read;
// it scrolls and closes with Esc.
func TestImportWordTypedPath(t *testing.T) {
	const path = "~/去年/梅溪街道2024年度绩效自评.docx"
	files := &fakeFiles{typed: true, data: map[string][]byte{path: officeFile(t, "meixi-2024-sample-layout.docx")}}
	m, store := serveModel(t, files)
	press(m, "i")
	if s := screenText(m); !strings.Contains(s, "导入 JSON、Word（.docx）或 Excel（.xlsx）文件") || !strings.Contains(s, "路径：") {
		t.Fatalf("no path input for Word and Excel:\n%s", s)
	}
	_, cmd := m.Update(kp("enter"))
	execWait(m, cmd)
	if e := m.list.err; !strings.Contains(e, "JSON、Word（.docx）或 Excel（.xlsx）") {
		t.Fatalf("empty path: %q", e)
	}
	m.Update(tea.PasteMsg{Content: path})
	_, cmd = m.Update(kp("enter"))
	execWait(m, cmd)
	if got := files.readNames(); len(got) != 1 || got[0] != path {
		t.Fatalf("read %q through the port, want %q", got, path)
	}
	metas, _ := store.List()
	if len(metas) != 1 {
		t.Fatalf("not imported: %+v %q", metas, m.list.err)
	}
	f, _, err := store.Get(metas[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	ts := domain.Evaluate(f, domain.RulesFor(f)).Scores.Overall
	if got := domain.Round2(ts.Total).StringFixed(2); got != "94.87" || ts.Grade != "优" || len(f.Overall.Indicators) != 16 {
		t.Fatalf("imported filing scores %s %s with %d indicators, want 94.87 优 with 16", got, ts.Grade, len(f.Overall.Indicators))
	}
	s := screenText(m)
	if m.list.mode != modeImportReport {
		t.Fatalf("no import report:\n%s", s)
	}
	for _, want := range []string{"导入报告：" + path, "总分 94.87，等级 优，执行率 48.65%", "附件2 三级指标 16 条",
		"提示：导入结果是草稿", "提示：已读取附件2", "已导入“"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q:\n%s", want, s)
		}
	}
	// Every finding of the import is in the report, whole, once scrolled to.
	rep := m.list.report
	seen := map[string]bool{}
	for range rep.lines + 1 {
		for _, l := range strings.Split(screenText(m), "\n") {
			seen[strings.TrimSpace(l)] = true
		}
		press(m, "down")
	}
	all := ""
	for l := range seen {
		all += l
	}
	for _, fd := range rep.findings {
		head := []rune(fd.Message)
		if !strings.Contains(all, string(head[:min(len(head), 20)])) {
			t.Errorf("finding never shown: %s", fd.Message)
		}
	}
	press(m, "esc")
	if s := screenText(m); m.list.mode != modeNormal || strings.Contains(s, "导入报告") || !strings.Contains(s, "梅溪") {
		t.Fatalf("Esc did not close the report:\n%s", s)
	}
}

// TestImportExcelUploadReportAt80: an Excel filing in the upload folder
// imports, and at 80×24 the report says which of its lines are shown and
// pages with PgDn to its end.
func TestImportExcelUploadReportAt80(t *testing.T) {
	files := &fakeFiles{
		uploads: []FileInfo{{Name: "梅溪2024.xlsx", Size: 40 << 10, Modified: base}},
		data:    map[string][]byte{"梅溪2024.xlsx": officeFile(t, "meixi-2024-sample-layout.xlsx")},
	}
	m, store := serveModel(t, files)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	_, cmd := m.Update(kp("i"))
	execWait(m, cmd)
	_, cmd = m.Update(kp("enter"))
	execWait(m, cmd)
	if metas, _ := store.List(); len(metas) != 1 || metas[0].Total != "94.87" {
		t.Fatalf("not imported with 94.87: %+v %q", metas, m.list.err)
	}
	s := screenText(m)
	if !strings.Contains(s, "导入报告：梅溪2024.xlsx") || !strings.Contains(s, "第 1–") {
		t.Fatalf("no report with its position at 80×24:\n%s", s)
	}
	if n := len(strings.Split(s, "\n")); n != 24 {
		t.Fatalf("%d lines at 80×24", n)
	}
	rep := m.list.report
	for range rep.lines {
		press(m, "pgdown")
	}
	if rep.off+rep.page != rep.lines || !strings.Contains(screenText(m), "共 "+itoa(rep.lines)+" 行") {
		t.Fatalf("PgDn did not reach the end: off %d page %d of %d\n%s", rep.off, rep.page, rep.lines, screenText(m))
	}
	press(m, "home")
	if rep.off != 0 {
		t.Fatalf("Home left the report at line %d", rep.off)
	}
}

// TestImportOldOfficeFormats: a .doc or .xls file is refused with what to
// do, and a document that is not a filing names the file.
func TestImportOldOfficeFormats(t *testing.T) {
	files := &fakeFiles{typed: true, data: map[string][]byte{
		"旧.doc": []byte("\xd0\xcf\x11\xe0"), "旧.xls": []byte("\xd0\xcf\x11\xe0"), "坏.docx": []byte("PK garbage"),
	}}
	m, store := serveModel(t, files)
	for _, tc := range []struct{ path, want string }{
		{"旧.doc", "旧.doc 是旧版 Word 或 WPS 文字格式，不能导入：请先在 Word 或 WPS 中另存为 .docx 再导入"},
		{"旧.xls", "旧.xls 是旧版 Excel 或 WPS 表格格式，不能导入：请先在 Excel 或 WPS 中另存为 .xlsx 再导入"},
		{"坏.docx", "坏.docx 不是有效的填报文件：不是有效的 Word 文档"},
	} {
		press(m, "i")
		m.list.path.SetValue(tc.path)
		_, cmd := m.Update(kp("enter"))
		execWait(m, cmd)
		if e := m.list.err; !strings.Contains(e, tc.want) || m.list.mode != modeImport {
			t.Errorf("%s: %q (mode %d), want %q", tc.path, e, m.list.mode, tc.want)
		}
		press(m, "esc")
	}
	if metas, _ := store.List(); len(metas) != 0 {
		t.Fatalf("stored: %+v", metas)
	}
}

// TestImportReportOrderAndJSON: the report puts warnings before the
// notes, each in the order read; a JSON file with a key jixiao does not
// know gets a report naming it, a clean one none.
func TestImportReportOrderAndJSON(t *testing.T) {
	f := loadSample(t)
	r := newImportReport("a.docx", f, []domain.Finding{
		{Severity: domain.Info, Message: "甲"}, {Severity: domain.Warning, Message: "乙"},
		{Severity: domain.Info, Message: "丙"}, {Severity: domain.Warning, Message: "丁"},
	})
	var got string
	for _, fd := range r.findings {
		got += fd.Message
	}
	if got != "乙丁甲丙" || !strings.Contains(r.summary[2], "错误 0 条，警告 2 条，提示 2 条") {
		t.Fatalf("order %q, summary %q", got, r.summary)
	}
	clean := sample.JSON()
	odd := []byte(strings.Replace(string(clean), "{", `{"未知字段": 1, `, 1))
	files := &fakeFiles{uploads: []FileInfo{{Name: "odd.json"}, {Name: "clean.json"}},
		data: map[string][]byte{"odd.json": odd, "clean.json": clean}}
	m, _ := serveModel(t, files)
	for _, tc := range []struct {
		down   bool
		report bool
	}{{false, true}, {true, false}} {
		_, cmd := m.Update(kp("i"))
		execWait(m, cmd)
		if tc.down {
			press(m, "down")
		}
		_, cmd = m.Update(kp("enter"))
		execWait(m, cmd)
		s := screenText(m)
		if (m.list.mode == modeImportReport) != tc.report {
			t.Fatalf("report shown %v, want %v:\n%s", m.list.mode == modeImportReport, tc.report, s)
		}
		if tc.report && !strings.Contains(s, "未知字段") {
			t.Fatalf("the unknown key is not named:\n%s", s)
		}
		press(m, "esc")
	}
}
