package importer

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

// rewriteDocx returns data with each part edit names replaced by what the
// edit returns; an edit returning nil drops the part.
func rewriteDocx(t *testing.T, data []byte, edits map[string]func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if edit, ok := edits[zf.Name]; ok {
			if b = edit(b); b == nil {
				continue
			}
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// replaceCell replaces the one cell text old of document.xml by new.
func replaceCell(t *testing.T, old, new string) func([]byte) []byte {
	return func(b []byte) []byte {
		o := []byte(">" + old + "</w:t>")
		if n := bytes.Count(b, o); n != 1 {
			t.Fatalf("%q printed %d times, want once", old, n)
		}
		return bytes.Replace(b, o, []byte(">"+new+"</w:t>"), 1)
	}
}

func findingsWith(rep *Report, code string) []string {
	var out []string
	for _, f := range rep.Findings() {
		if f.Code == code {
			out = append(out, f.Message)
		}
	}
	return out
}

func exactFiling() *domain.Filing {
	f := printable(testfixture.SyntheticFiling(2, 3), true)
	f.Projects[0].Funds.CurrentYear.Executed = testfixture.Amount("45.123456")
	f.Projects[1].Funds.Carryover.Executed = testfixture.Amount("4.4449")
	f.Overall.Income.Other = testfixture.Amount("2002.705")
	return printable(f, true)
}

// TestExactEditedCell: a figure the filer changed in the document keeps
// what the document shows, and the report says the kept figure was not
// used; the figures left as printed take their kept exact values.
func TestExactEditedCell(t *testing.T) {
	f := exactFiling()
	data := rewriteDocx(t, exportDocx(t, f), map[string]func([]byte) []byte{
		"word/document.xml": func(b []byte) []byte {
			b = replaceCell(t, "45.12", "45.20")(b)
			return replaceCell(t, "4.44", "")(b)
		},
	})
	got, rep, err := Docx(data)
	if err != nil {
		t.Fatal(err)
	}
	if a := got.Projects[0].Funds.CurrentYear.Executed; a.Text() != "45.20" && a.Text() != "45.2" {
		t.Errorf("edited 当年财政拨款 全年执行数: got %q, want the printed 45.20", a.Text())
	}
	if a := got.Projects[1].Funds.Carryover.Executed; a.IsSet() {
		t.Errorf("emptied 上年结转资金 全年执行数: got %q, want blank", a.Text())
	}
	if a := got.Overall.Income.Other; a.Text() != "2002.705" {
		t.Errorf("unchanged 其他资金: got %q, want the kept 2002.705", a.Text())
	}
	ignored := findingsWith(rep, "import.exact-ignored")
	if len(ignored) != 2 {
		t.Fatalf("want 2 import.exact-ignored findings, got %q", ignored)
	}
	for i, want := range []string{
		"附件3“业务工作经费” 当年财政拨款 全年执行数：导出时保存的精确金额45.123456未使用，文档中为45.20，不是45.123456四舍五入到两位小数的45.12（已修改）",
		"附件3“运行维护经费” 上年结转资金 全年执行数：导出时保存的精确金额4.4449未使用，文档中为空",
	} {
		if !strings.HasPrefix(ignored[i], want) {
			t.Errorf("finding %d: got %q, want it to start with %q", i, ignored[i], want)
		}
	}
	used := strings.Join(findingsWith(rep, "import.exact"), "\n")
	if !strings.Contains(used, "附件2 按收入性质分 其他资金：文档显示2002.71，按导出时保存的精确金额2002.705导入") {
		t.Errorf("import.exact findings do not name 其他资金:\n%s", used)
	}
	for _, f := range rep.Findings() {
		if f.Code == "import.exact-ignored" && f.Severity != domain.Warning || f.Code == "import.exact" && f.Severity != domain.Info {
			t.Errorf("%s has severity %v", f.Code, f.Severity)
		}
	}
}

// TestExactRowChanged: a kept figure whose row now holds another 附件3
// table is not used, even where the printed figures agree.
func TestExactRowChanged(t *testing.T) {
	f := exactFiling()
	data := rewriteDocx(t, exportDocx(t, f), map[string]func([]byte) []byte{
		"word/document.xml": func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(">"+f.Projects[0].Name+"</w:t>"), []byte(">改名后的项目</w:t>"))
		},
	})
	got, rep, err := Docx(data)
	if err != nil {
		t.Fatal(err)
	}
	if a := got.Projects[0].Funds.CurrentYear.Executed; a.Text() != "45.12" {
		t.Errorf("got %q, want the printed 45.12", a.Text())
	}
	if ig := strings.Join(findingsWith(rep, "import.exact-ignored"), "\n"); !strings.Contains(ig, "这一行导出时为“"+f.Projects[0].Name+"”，文档中现为“改名后的项目”") {
		t.Errorf("the renamed table is not reported:\n%s", ig)
	}
}

// TestExactWithoutPart: a document without the exact-figures part (or a
// broken one) imports the figures as printed, as before.
func TestExactWithoutPart(t *testing.T) {
	f := exactFiling()
	drop := func([]byte) []byte { return nil }
	for name, edits := range map[string]map[string]func([]byte) []byte{
		"dropped": {"customXml/item1.xml": drop, "customXml/itemProps1.xml": drop, "customXml/_rels/item1.xml.rels": drop},
		"broken":  {"customXml/item1.xml": func(b []byte) []byte { return b[:len(b)-20] }},
	} {
		got, rep, err := Docx(rewriteDocx(t, exportDocx(t, f), edits))
		if err != nil {
			t.Fatal(err)
		}
		if a := got.Projects[0].Funds.CurrentYear.Executed; a.Text() != "45.12" {
			t.Errorf("%s: got %q, want the printed 45.12", name, a.Text())
		}
		if len(rep.Exact) != 0 {
			t.Errorf("%s: exact figures %+v", name, rep.Exact)
		}
		broken := strings.Contains(strings.Join(findingsWith(rep, "import.problem"), "\n"), "文档内保存的精确金额")
		if broken != (name == "broken") {
			t.Errorf("%s: problem about the part reported: %v", name, broken)
		}
	}
}
