package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao/domain"
	"jixiao/persist"
)

// exportRun runs the jixiao command line with args and returns the exit
// code, standard output and standard error.
func exportRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &App{stdin: strings.NewReader(""), stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

func TestExportFormatsToStdout(t *testing.T) {
	for format, want := range map[string]string{
		"text": "2024年度预算单位整体支出绩效自评表",
		"csv":  "\uFEFF附件,项目,一级指标",
		"md":   "# 2024年度岳阳市岳阳楼区梅溪街道办事处单位整体支出绩效自评报告",
		"json": `"format": "jixiao/filing@1"`,
	} {
		code, out, errs := exportRun(t, "export", sampleFile, "--format", format)
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("export --format %s: exit %d, stderr %q, output lacks %q", format, code, errs, want)
		}
	}
	code, out, _ := exportRun(t, "export", "--format", "csv", "--summary", sampleFile)
	if code != exitOK || !strings.Contains(out, "48.65,4.87,50.00,30.00,10.00,94.87,优") {
		t.Errorf("csv --summary: exit %d, %q", code, out)
	}
	code, out, _ = exportRun(t, "export", sampleFile, "--format", "text", "--ascii")
	if code != exitOK || strings.Contains(out, "┌") || !strings.Contains(out, "+----") {
		t.Errorf("text --ascii: exit %d", code)
	}
}

func TestExportJSONEqualsFixture(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	if code, _, errs := exportRun(t, "export", sampleFile, "-o", path); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got, want any
	for p, v := range map[string]*any{path: &got, sampleFile: &want} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	// The export writes each target in split form too (direction,
	// comparator, value, unit); the fixture has the combined form only.
	for _, row := range got.(map[string]any)["overall"].(map[string]any)["indicators"].([]any) {
		r := row.(map[string]any)
		if r["value"] == nil {
			t.Errorf("indicator %v exported without its split target", r["name"])
		}
		for _, k := range []string{"direction", "comparator", "value", "unit"} {
			delete(r, k)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("exported JSON differs from the fixture")
	}
}

func TestExportXLSXFile(t *testing.T) {
	code, _, errs := exportRun(t, "export", sampleFile, "--format", "xlsx")
	if code != exitUsage || !strings.Contains(errs, "-o") || !strings.Contains(errs, "岳阳市岳阳楼区梅溪街道办事处-2024年度绩效自评.xlsx") {
		t.Errorf("xlsx to stdout: exit %d, %q", code, errs)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "梅溪.xlsx")
	code, out, errs := exportRun(t, "export", sampleFile, "-o", path) // format from the extension
	if code != exitOK || !strings.Contains(out, "已导出") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue("附件2", "I5", excelize.Options{RawCellValue: true}); v != "4.87" {
		t.Errorf("附件2!I5 = %q", v)
	}
}

func TestExportNeverOverwritesWithoutForce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := exportRun(t, "export", sampleFile, "--format", "csv", "-o", path)
	if code != exitFindings || !strings.Contains(errs, "已存在") || !strings.Contains(errs, "--force") {
		t.Errorf("exit %d, %q", code, errs)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep" {
		t.Errorf("file overwritten: %q", b)
	}
	if code, _, errs := exportRun(t, "export", sampleFile, "--format", "csv", "-o", path, "--force"); code != exitOK {
		t.Fatalf("--force: exit %d, %s", code, errs)
	}
	if b, _ := os.ReadFile(path); !bytes.HasPrefix(b, []byte("\uFEFF附件")) {
		t.Errorf("--force did not write the export: %q", b[:min(len(b), 20)])
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %d entries", len(entries))
	}
}

func TestExportUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", sampleFile}, "--format"},
		{[]string{"export", sampleFile, "--format", "pdf"}, "不支持的导出格式"},
		{[]string{"export", sampleFile, "--format", "md", "--summary"}, "--summary"},
		{[]string{"export", sampleFile, "--format", "md", "--encoding", "gb18030"}, "--encoding"},
		{[]string{"export", sampleFile, "--format", "md", "--no-bom"}, "--no-bom"},
		{[]string{"export", sampleFile, "--format", "md", "--part", "report"}, "--part"},
		{[]string{"export", sampleFile, "--format", "docx", "--part", "cover", "-o", "x.docx"}, "不支持的文档部分"},
		{[]string{"export", sampleFile, "--format", "docx"}, "-o"},
		{[]string{"summary", "--sort", "name", sampleFile}, "不支持的排序"},
		{[]string{"summary", "--encoding", "big5", sampleFile}, "不支持的编码"},
		{[]string{"export", sampleFile, "--format", "csv", "--encoding", "big5"}, "不支持的编码"},
		{[]string{"export", sampleFile, "--format", "csv", "--ascii"}, "--ascii"},
		{[]string{"export", "missing.json", "--format", "csv"}, "找不到文件"},
		{[]string{"export"}, "需要且只需要一个"},
		{[]string{"show"}, "需要且只需要一个"},
	} {
		code, _, errs := exportRun(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, %q (want %q)", tc.args, code, errs, tc.want)
		}
	}
	dir := t.TempDir()
	code, _, errs := exportRun(t, "export", sampleFile, "--format", "csv", "-o", filepath.Join(dir, "no", "such", "dir.csv"))
	if code != exitFindings || !strings.Contains(errs, "目录不存在") {
		t.Errorf("missing directory: exit %d, %q", code, errs)
	}
}

func TestExportEncodingNames(t *testing.T) {
	_, want, _ := exportRun(t, "export", sampleFile, "--format", "csv", "--encoding", "gb18030")
	for _, name := range []string{"gbk", "GB2312", "GBK"} {
		code, out, errs := exportRun(t, "export", sampleFile, "--format", "csv", "--encoding", name)
		if code != exitOK || out != want {
			t.Errorf("--encoding %s: exit %d, %q; want the GB18030 bytes", name, code, errs)
		}
	}
	code, out, _ := exportRun(t, "export", sampleFile, "--format", "csv", "--no-bom")
	if code != exitOK || strings.HasPrefix(out, "\uFEFF") || !strings.HasPrefix(out, "附件,") {
		t.Errorf("--no-bom: exit %d, starts %q", code, out[:min(len(out), 12)])
	}
	code, out, _ = exportRun(t, "summary", "--encoding", "gbk", sampleFile)
	if code != exitOK || strings.HasPrefix(out, "\uFEFF") || strings.Contains(out, "编号") || !strings.Contains(out, "meixi-2024.json") {
		t.Errorf("summary --encoding gbk: exit %d, output looks like UTF-8", code)
	}
	code, out, _ = exportRun(t, "summary", "--no-bom", sampleFile)
	if code != exitOK || !strings.HasPrefix(out, "编号,") {
		t.Errorf("summary --no-bom: exit %d", code)
	}
}

func TestSummarySortByScore(t *testing.T) {
	dir := t.TempDir()
	low := filepath.Join(dir, "low.json")
	f := exportDecodeFile(t, sampleFile)
	f.Unit = "阿里街道办事处"
	f.Overall.Funds.Executed = domain.Dec(decimal.RequireFromString("100"))
	data, _ := domain.Encode(f)
	if err := os.WriteFile(low, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, byUnit, _ := exportRun(t, "summary", sampleFile, low)
	code, byScore, _ := exportRun(t, "summary", "--sort", "score", sampleFile, low)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	first := func(out string) string { return strings.SplitN(strings.Split(out, "\r\n")[1], ",", 2)[0] }
	if first(byUnit) != "low.json" || first(byScore) != "meixi-2024.json" {
		t.Errorf("first rows: by unit %s, by score %s", first(byUnit), first(byScore))
	}
}

func TestExportDocx(t *testing.T) {
	dir := t.TempDir()
	for _, part := range []string{"", "report", "tables"} {
		path := filepath.Join(dir, "r"+part+".docx")
		args := []string{"export", sampleFile, "-o", path}
		if part != "" {
			args = append(args, "--part", part)
		}
		if code, out, errs := exportRun(t, args...); code != exitOK || !strings.Contains(out, "已导出") {
			t.Fatalf("%v: exit %d, %s", args, code, errs)
		}
		data := exportReadFile(t, path)
		if !bytes.HasPrefix(data, []byte("PK")) {
			t.Errorf("%s is not a zip package", path)
		}
	}
}

func TestExportGB18030(t *testing.T) {
	code, out, _ := exportRun(t, "export", sampleFile, "--format", "csv", "--encoding", "gb18030")
	if code != exitOK || strings.HasPrefix(out, "\uFEFF") || strings.Contains(out, "附件") {
		t.Errorf("gb18030: exit %d, output looks like UTF-8", code)
	}
}

func TestShow(t *testing.T) {
	code, out, errs := exportRun(t, "show", sampleFile)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"附件1", "附件2", "附件4", "┌", "94.87", "十、其他需要说明的情况"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q", want)
		}
	}
	code, out, _ = exportRun(t, "show", sampleFile, "--ascii", "--width", "90")
	if code != exitOK || strings.Contains(out, "┌") {
		t.Errorf("show --ascii: exit %d", code)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "+") && len([]rune(l)) > 90 {
			t.Errorf("line wider than --width 90: %q", l)
		}
	}
	if code, out, _ := exportRun(t, "show", "--help"); code != exitOK || !strings.Contains(out, "用法：jixiao show") {
		t.Errorf("show --help: exit %d", code)
	}
}

func TestSummaryCommand(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.json")
	f, err := domain.Decode(exportReadFile(t, sampleFile))
	if err != nil {
		t.Fatal(err)
	}
	f.Unit, f.Year = "阿里街道办事处", 2023
	data, _ := domain.Encode(f)
	if err := os.WriteFile(other, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := exportRun(t, "summary", sampleFile, other)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\r\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "\uFEFF编号,单位,年度,全年预算数(万元)") {
		t.Fatalf("summary = %q", out)
	}
	// 拼音 order: 阿里 (a) before 岳阳 (yue); 编号 is the file's base name.
	if !strings.HasPrefix(lines[1], "other.json,阿里街道办事处,2023,") ||
		!strings.HasPrefix(lines[2], "meixi-2024.json,岳阳市岳阳楼区梅溪街道办事处,2024,3911.21,1902.68,48.65,4.87,50.00,30.00,10.00,94.87,优,") ||
		!strings.HasPrefix(lines[3], "合计,") {
		t.Errorf("rows = %q", lines[1:])
	}
	if strings.Contains(out, dir) {
		t.Error("the summary shows a full path")
	}

	xlsx := filepath.Join(dir, "汇总.xlsx")
	if code, _, errs := exportRun(t, "summary", "-o", xlsx, sampleFile); code != exitOK {
		t.Fatalf("xlsx: exit %d, %s", code, errs)
	}
	if code, _, errs := exportRun(t, "summary", "--format", "xlsx", sampleFile); code != exitUsage || !strings.Contains(errs, "-o") {
		t.Errorf("xlsx to stdout: exit %d, %q", code, errs)
	}

	// Without arguments: every filing of the database, through the App's
	// opener.
	locked := func(string, persist.Options) (*persist.Store, error) { return nil, errors.New("数据库被占用") }
	var lockedOut, lockedErr bytes.Buffer
	app := &App{stdin: strings.NewReader(""), stdout: &lockedOut, stderr: &lockedErr, open: locked}
	if code := run([]string{"summary"}, app); code != exitFindings || !strings.Contains(lockedErr.String(), "数据库被占用") {
		t.Errorf("store error: exit %d, %q", code, lockedErr.String())
	}
	db := storeDB(t)
	if code, _, errs := exportRun(t, "--db", db, "summary"); code != exitOK || !strings.Contains(errs, "还没有填报") {
		t.Errorf("no database: exit %d, %q", code, errs)
	}
	a1 := storeImport(t, db, sampleFile)["id"].(string)
	b2 := storeImport(t, db, other)["id"].(string)
	code, out, _ = exportRun(t, "--db", db, "summary")
	if code != exitOK || !strings.Contains(out, "\r\n"+a1+",岳阳市") || !strings.Contains(out, "\r\n"+b2+",阿里街道办事处") {
		t.Errorf("stored: exit %d, %q", code, out)
	}
}

func exportReadFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func exportDecodeFile(t *testing.T, path string) *domain.Filing {
	t.Helper()
	f, err := domain.Decode(exportReadFile(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return f
}
