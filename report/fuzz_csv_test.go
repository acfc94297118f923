package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/domain"
)

// formulaStart reports whether a spreadsheet could treat a cell as a
// formula: it starts with =, +, -, @, a tab or a carriage return.
func formulaStart(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// wantCell is what a cell holding text must read back as: the text after
// Sanitize, with the documented apostrophe in front when it would start a
// formula and is not a plain number (docs/exports.md, "Formula injection").
func wantCell(text string) string {
	s := Sanitize(text)
	if formulaStart(s) && !plainNumberRe.MatchString(s) {
		return "'" + s
	}
	return s
}

// checkCell checks one cell read back from a CSV export of text.
func checkCell(t *testing.T, where, text, got string) {
	t.Helper()
	if want := wantCell(text); got != want {
		t.Fatalf("%s: %q read back as %q, want %q", where, text, got, want)
	}
	if formulaStart(got) && !plainNumberRe.MatchString(got) {
		t.Fatalf("%s: %q read back as %q, which a spreadsheet would run as a formula", where, text, got)
	}
	if got != "" && got[0] != '\'' && strings.TrimPrefix(got, "'") != got {
		t.Fatalf("%s: unexpected apostrophe in %q", where, got)
	}
}

// gbRepresentable is text as GB18030 gives it back: a few Private Use Area
// code points map to other ones between the editions of GB18030
// (U+E597 comes back as U+F5AB), which the CSV layer cannot change.
func gbRepresentable(t *testing.T, text string) string {
	t.Helper()
	enc, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		return text
	}
	dec, err := simplifiedchinese.GB18030.NewDecoder().String(enc)
	if err != nil {
		t.Fatalf("GB18030 does not decode its own encoding of %q: %v", text, err)
	}
	return dec
}

// readBack parses CSV output as Excel would see it: the byte order mark
// (UTF-8) is not part of the first cell; GB18030 is decoded first.
func readBack(t *testing.T, data []byte, gb bool) [][]string {
	t.Helper()
	if gb {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			t.Fatalf("GB18030 output does not decode: %v", err)
		}
		data = dec
	} else {
		if !bytes.HasPrefix(data, []byte(bom)) {
			t.Fatal("UTF-8 output without byte order mark")
		}
		data = data[len(bom):]
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read the output back: %v\n%q", err, data)
	}
	return records
}

// FuzzCSVCell sends arbitrary cell text through the CSV writer — directly
// (first and middle column, UTF-8 with BOM and GB18030) and through the
// indicator export of a filing (三级指标, 年度指标值, 偏差原因分析及改进措施)
// — and reads it back with encoding/csv. The value must come back as the
// input after Sanitize, with an apostrophe in front exactly when it would
// start with =, +, -, @, a tab or a carriage return and is not a plain
// number, and so never starts a formula.
func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{
		"", "正常文字", "=1+1", "+86 138", "-5", "-2%", "+3.2", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"点我\")",
		"\t=1", "\r=1", " =1", "-", "+", "@", "=", "'=1", "\"=1\"", "a,b", "行1\n行2", "行1\r\n行2", "\\.",
		"\uFEFF=1", "\x00=1", "\u202e=1", "＝1", "－5", "1e5", "-1e5", ".5", "-.5", "5.", "-5.%", "%",
		"≧100篇", "≤1902.68万元", "\xff\xfe", "=\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// Direct: the cell first (right after the BOM) and in the middle.
		for _, gb := range []bool{false, true} {
			if gb && !utf8.ValidString(text) {
				// GB18030 can only encode text; invalid UTF-8 has no
				// defined meaning there.
				continue
			}
			enc := EncodingUTF8
			if gb {
				enc = EncodingGB18030
			}
			var buf bytes.Buffer
			if err := writeCSV(&buf, [][]string{{text, "x"}, {"a", text, "z"}}, CSVOptions{Encoding: enc}); err != nil {
				t.Fatalf("%s: %v", enc, err)
			}
			recs := readBack(t, buf.Bytes(), gb)
			if len(recs) != 2 || len(recs[0]) != 2 || len(recs[1]) != 3 || recs[0][1] != "x" || recs[1][0] != "a" || recs[1][2] != "z" {
				t.Fatalf("%s: %q broke the record structure: %q", enc, text, recs)
			}
			want := text
			if gb {
				want = gbRepresentable(t, text)
			}
			checkCell(t, enc+" first column", want, recs[0][0])
			checkCell(t, enc+" middle column", want, recs[1][1])
		}

		// Through the indicator export of a filing.
		fl := domain.NewFiling("测试单位", 2024)
		fl.Overall.Indicators = []domain.Indicator{{Level1: "产出指标", Level2: "数量指标", Name: text, Target: text, Actual: "1", Weight: domain.Int(10), Deviation: text}}
		var buf bytes.Buffer
		if err := CSV(&buf, fl, CSVOptions{}); err != nil {
			t.Fatal(err)
		}
		recs := readBack(t, buf.Bytes(), false)
		if len(recs) != 2 || len(recs[1]) != len(IndicatorColumns) {
			t.Fatalf("indicator CSV of %q has %d records: %q", text, len(recs), recs)
		}
		checkCell(t, "三级指标", text, recs[1][4])
		checkCell(t, "年度指标值", text, recs[1][5])
		checkCell(t, "偏差原因分析及改进措施", text, recs[1][10])
	})
}
