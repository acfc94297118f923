package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/domain"
)

// officeFile copies a document of testdata/office into a temporary
// directory and returns its path.
func officeFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "office", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// exportedJSON exports the stored filing id as JSON and decodes it.
func exportedJSON(t *testing.T, db, id string) *domain.Filing {
	t.Helper()
	code, out, errOut := storeRun(t, "--db", db, "export", id, "--format", "json")
	if code != exitOK {
		t.Fatalf("export %s: exit %d: %s", id, code, errOut)
	}
	f, err := domain.Decode([]byte(out))
	if err != nil {
		t.Fatalf("export %s: %v", id, err)
	}
	return f
}

// TestImportDocx: a Word document laid out like the sample imports as a
// draft with its score, and the report lists what was read.
func TestImportDocx(t *testing.T) {
	db := storeDB(t)
	path := officeFile(t, "meixi-2024-sample-layout.docx")
	code, out, errOut := storeRun(t, "--db", db, "import", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"已导入", "岳阳市岳阳楼区梅溪街道办事处 2024年度：总分 94.87（优）",
		"导入结果是草稿", "已读取的表格（3 张）", "附件2 整体支出绩效自评表", "资金表头；年度资金总额；", "三级指标“辖区老百姓满意度”",
		"换算或改读的内容", "节标题编号为“4、”，按标题文字识别为第四节", "所有单元格都已放入填报。",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	v := storeImport(t, db, officeFile(t, "yunnan-lijiang-weipian-2020.xlsx"))
	if v["year"] != float64(2020) || v["unit"] != "丽江市古城区自然资源局" {
		t.Errorf("--json: %v", v)
	}
	fs, _ := v["findings"].([]any)
	if len(fs) == 0 || !strings.HasPrefix(fs[0].(map[string]any)["code"].(string), "import.") {
		t.Errorf("--json findings: %v", v["findings"])
	}
}

// TestImportCarryForward: --carry-forward makes next year's draft straight
// from last year's document.
func TestImportCarryForward(t *testing.T) {
	db := storeDB(t)
	v := storeImport(t, db, officeFile(t, "meixi-2024-sample-layout.docx"), "--carry-forward")
	if v["year"] != float64(2025) {
		t.Fatalf("year %v, want 2025", v["year"])
	}
	f := exportedJSON(t, db, v["id"].(string))
	b := f.BasicData.ProjectSpending.Business
	if b.PriorFinal.Text() != "28.79" || b.Budget.IsSet() || b.Final.IsSet() {
		t.Errorf("业务工作经费 %s/%s/%s, want 28.79 carried to 上年决算数 only", b.PriorFinal, b.Budget, b.Final)
	}
	if pub := f.BasicData.PublicSpending.Total; pub.PriorFinal.Text() != "606.11" {
		t.Errorf("公用经费 上年决算数 %s, want 606.11", pub.PriorFinal)
	}
	if n := len(f.Overall.Indicators); n != 16 {
		t.Fatalf("%d indicators, want 16", n)
	}
	for _, r := range f.Overall.Indicators {
		if r.Actual != "" || r.Score.IsSet() || r.Target == "" {
			t.Errorf("indicator %q: actual %q score %s target %q", r.Name, r.Actual, r.Score, r.Target)
		}
	}
	if len(f.Overall.Goals.Expected) != 3 || len(f.Overall.Goals.Actual) != 0 {
		t.Errorf("goals %v", f.Overall.Goals)
	}
	if f.Overall.Filed != nil {
		t.Errorf("filed figures carried: %+v", f.Overall.Filed)
	}
	code, out, _ := storeRun(t, "--db", storeDB(t), "import", officeFile(t, "meixi-2024-sample-layout.docx"), "--carry-forward")
	if code != exitOK || !strings.Contains(out, "已结转为 2025 年度的草稿") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

// TestImportOfficeErrors: a broken document and an unknown type are refused
// with messages naming the file.
func TestImportOfficeErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "坏.docx")
	if err := os.WriteFile(bad, []byte("not a zip"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := storeRun(t, "--db", storeDB(t), "import", bad)
	if code != exitUsage || !strings.Contains(errOut, "坏.docx") || !strings.Contains(errOut, "不是有效的 Word 文档") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	code, _, errOut = storeRun(t, "--db", storeDB(t), "import", filepath.Join(dir, "无.xlsx"))
	if code != exitUsage || !strings.Contains(errOut, "找不到文件") {
		t.Errorf("missing file: exit %d: %s", code, errOut)
	}
}
