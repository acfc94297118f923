package importer

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// rawDocx packs a body of WordprocessingML into a document.
func rawDocx(t *testing.T, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadDocxMarkup: what Word and WPS write around text — content
// controls, tracked changes, field codes, gridBefore, an explicit
// vMerge="continue", breaks and tabs — reads as the text shown.
func TestReadDocxMarkup(t *testing.T) {
	body := `<w:sdt><w:sdtContent><w:p><w:r><w:t>附件</w:t></w:r><w:ins><w:r><w:t>2</w:t></w:r></w:ins><w:del><w:r><w:delText>3</w:delText></w:r></w:del></w:p></w:sdtContent></w:sdt>` +
		`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>` +
		`<w:tbl>` +
		`<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>绩效</w:t></w:r></w:p><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>宽</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc><w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>在控件中</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt><w:tc><w:p><w:r><w:drawing/></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>右移</w:t></w:r></w:p></w:tc></w:tr>` +
		`</w:tbl>`
	items, err := readDocx(rawDocx(t, body))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 5 {
		t.Fatalf("%d items, want 2 paragraphs and 3 rows: %+v", len(items), items)
	}
	if got := items[0].cells[0].text; got != "附件2" {
		t.Errorf("paragraph 1 %q, want 附件2 (insertion kept, deletion dropped)", got)
	}
	if got := items[1].cells[0].text; got != "甲 乙\n丙" {
		t.Errorf("paragraph 2 %q, want the field code left out, tab a space, break a line", got)
	}
	r1, r2, r3 := items[2].cells, items[3].cells, items[4].cells
	if r1[0].text != "绩效\n指标" || r1[1].col != 1 || r1[1].span != 2 {
		t.Errorf("row 1 %+v", r1)
	}
	if !r2[0].cont || r2[0].text != "绩效\n指标" || r2[1].text != "在控件中" || r2[1].col != 1 || !r2[2].image || r2[2].col != 2 {
		t.Errorf("row 2 %+v", r2)
	}
	if r3[0].col != 1 || r3[0].text != "右移" {
		t.Errorf("row 3 %+v", r3)
	}
	for _, tc := range []struct {
		data []byte
		want string
	}{
		{[]byte("not a zip"), "不是有效的 Word 文档"},
		{rawZip(t, "word/other.xml", "x"), "缺少 word/document.xml"},
		{rawZip(t, "word/document.xml", "<w:document"), "不是有效的 XML"},
	} {
		if _, err := readDocx(tc.data); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

func rawZip(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
