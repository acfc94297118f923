package report

import (
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

const bom = "\uFEFF"

// readCSV checks the byte order mark and CRLF line ends and parses data.
func readCSV(t *testing.T, data []byte, wantBOM bool) [][]string {
	t.Helper()
	s := string(data)
	if got := strings.HasPrefix(s, bom); got != wantBOM {
		t.Fatalf("byte order mark present: %v, want %v", got, wantBOM)
	}
	s = strings.TrimPrefix(s, bom)
	if strings.Count(s, "\n") != strings.Count(s, "\r\n") {
		t.Error("not every line ends in CRLF")
	}
	r := csv.NewReader(strings.NewReader(s))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

func exportCSV(t *testing.T, f *domain.Filing, opt CSVOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := CSV(&buf, f, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCSVIndicators(t *testing.T) {
	f := loadSample(t)
	records := readCSV(t, exportCSV(t, f, CSVOptions{}), true)
	if !slices.Equal(records[0], IndicatorColumns) {
		t.Fatalf("header = %v", records[0])
	}
	if len(records) != 1+16 {
		t.Fatalf("%d rows, want 16 indicators", len(records)-1)
	}
	want := []string{"附件2", "单位整体支出", "产出指标", "数量指标", "全年在区级及以上媒体上稿篇数", "≧100篇", "160篇", "4", "4.00", "4", ""}
	if !slices.Equal(records[1], want) {
		t.Errorf("first row = %q\nwant        %q", records[1], want)
	}
	last := records[len(records)-1]
	if last[2] != "满意度指标" || last[4] != "辖区老百姓满意度" || last[9] != "10" {
		t.Errorf("last row = %q", last)
	}
	// The synthetic filing has 附件3 rows, blank filed scores (得分 falls back
	// to the engine's suggestion) and a deviation text.
	syn := readCSV(t, exportCSV(t, testfixture.SyntheticFiling(3, 6), CSVOptions{}), true)
	if len(syn) != 1+6*4 {
		t.Fatalf("synthetic: %d rows", len(syn)-1)
	}
	projects := 0
	for _, r := range syn[1:] {
		if strings.HasPrefix(r[0], "附件3-") {
			projects++
		}
		if r[9] == "" && r[8] != "" {
			t.Errorf("row %q: 得分 blank though the engine suggests %s", r, r[8])
		}
	}
	if projects != 18 {
		t.Errorf("%d 附件3 rows, want 18", projects)
	}
}

func TestCSVSummary(t *testing.T) {
	records := readCSV(t, exportCSV(t, loadSample(t), CSVOptions{Summary: true}), true)
	if !slices.Equal(records[0], TableSummaryColumns(domain.DefaultRules())) {
		t.Fatalf("header = %v", records[0])
	}
	want := []string{"岳阳市岳阳楼区梅溪街道办事处", "2024", "附件2", "单位整体支出", "48.65", "4.87", "50.00", "30.00", "10.00", "94.87", "优"}
	if len(records) != 2 || !slices.Equal(records[1], want) {
		t.Errorf("rows = %q, want %q", records[1:], want)
	}
	f := testfixture.SyntheticFiling(30, 12)
	records = readCSV(t, exportCSV(t, f, CSVOptions{Summary: true}), true)
	if len(records) != 1+1+30 {
		t.Fatalf("%d rows", len(records)-1)
	}
	sc := domain.Score(f, domain.DefaultRules())
	for i, p := range sc.Projects {
		r := records[2+i]
		if r[3] != f.Projects[i].Name || r[9] != p.Total.StringFixed(2) || r[10] != p.Grade {
			t.Errorf("project %d row = %q, engine %s %s", i, r, p.Total, p.Grade)
		}
	}
}

func TestCSVEncodings(t *testing.T) {
	f := testfixture.SyntheticFiling(2, 6)
	utf := exportCSV(t, f, CSVOptions{})
	noBOM := exportCSV(t, f, CSVOptions{NoBOM: true, Encoding: "UTF-8"})
	if !bytes.Equal(utf, append([]byte(bom), noBOM...)) {
		t.Error("NoBOM output differs from the default by more than the BOM")
	}
	gb := exportCSV(t, f, CSVOptions{Encoding: "gb18030"})
	if bytes.HasPrefix(gb, []byte(bom)) || bytes.Equal(gb, noBOM) {
		t.Fatal("gb18030 output is UTF-8")
	}
	decoded, err := io.ReadAll(simplifiedchinese.GB18030.NewDecoder().Reader(bytes.NewReader(gb)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(decoded, noBOM) {
		t.Error("gb18030 output does not decode to the UTF-8 text")
	}
	records := readCSV(t, decoded, false)
	if records[0][0] != "附件" {
		t.Errorf("decoded header = %q", records[0])
	}
	if err := CSV(io.Discard, f, CSVOptions{Encoding: "latin1"}); err == nil {
		t.Error("an unknown encoding was accepted")
	}
}

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"普通文本":               "普通文本",
		"=1+1":               "'=1+1",
		"=HYPERLINK(\"x\")":  "'=HYPERLINK(\"x\")",
		"+SUM(A1)":           "'+SUM(A1)",
		"-A1*2":              "'-A1*2",
		"@SUM(A1:A2)":        "'@SUM(A1:A2)",
		"\t=1":               "'\t=1",
		"\r=1":               "'\r=1",
		"=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
		"-5":                 "-5",
		"+3.2":               "+3.2",
		"-2%":                "-2%",
		"-.5":                "-.5",
		"4.87":               "4.87",
		"1+1":                "1+1",
		"≧100篇":              "≧100篇",
		"－5（全角减号不会被当作公式）": "－5（全角减号不会被当作公式）",
	} {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVNeutralisesCells(t *testing.T) {
	f := testfixture.SyntheticFiling(1, 6)
	f.Overall.Indicators[0].Name = "=HYPERLINK(\"http://example.com\",\"点我\")"
	f.Overall.Indicators[0].Deviation = "@SUM(1+1)*cmd|' /C calc'!A0"
	f.Overall.Indicators[1].Actual = "-2%"
	f.Projects[0].Name = "+项目"
	records := readCSV(t, exportCSV(t, f, CSVOptions{}), true)
	var row []string
	for _, r := range records {
		if strings.Contains(r[4], "HYPERLINK") {
			row = r
		}
	}
	if row == nil || row[4] != "'=HYPERLINK(\"http://example.com\",\"点我\")" || !strings.HasPrefix(row[10], "'@") {
		t.Errorf("row = %q", row)
	}
	for _, r := range records[1:] {
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) && !plainNumberRe.MatchString(c) {
				t.Errorf("cell %q can run as a formula", c)
			}
		}
		if r[0] == "附件3-1" && r[1] != "'+项目" {
			t.Errorf("project cell = %q", r[1])
		}
	}
	if records[2][6] != "-2%" {
		t.Errorf("a negative number in a text column was changed: %q", records[2][6])
	}
}
