package importer

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The documents in testdata/office are made by TestGenerateOffice from the
// layouts below; run `go test ./importer/ -run TestGenerateOffice -update`
// after changing a layout.
var update = flag.Bool("update", false, "rewrite the documents in testdata/office")

const officeDir = "../testdata/office"

// gcell is a cell of a generated table: its text (lines split by "\n"),
// its width in grid columns, and 'r' / 'c' to start or continue a vertical
// merge; img puts a picture in it.
type gcell struct {
	t    string
	span int
	vm   byte
	img  bool
}

// gblock is a paragraph or a table of a generated document.
type gblock struct {
	para string
	rows [][]gcell
}

func c(t string) gcell            { return gcell{t: t, span: 1} }
func cs(t string, span int) gcell { return gcell{t: t, span: span} }
func vr(t string, span int) gcell { return gcell{t: t, span: span, vm: 'r'} }
func vc(span int) gcell           { return gcell{span: span, vm: 'c'} }
func p(text string) gblock        { return gblock{para: text} }
func tbl(rows ...[]gcell) gblock  { return gblock{rows: rows} }
func row(cells ...gcell) []gcell  { return cells }
func blanks(n int) (out []gcell) {
	for range n {
		out = append(out, c(""))
	}
	return out
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xmlEscape(&b, s)
	return b.String()
}

func xmlEscape(b *bytes.Buffer, s string) error {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	b.WriteString(r.Replace(s))
	return nil
}

func paraXML(text string) string {
	var b strings.Builder
	b.WriteString("<w:p>")
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("<w:r><w:br/></w:r>")
		}
		if line != "" {
			fmt.Fprintf(&b, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, esc(line))
		}
	}
	b.WriteString("</w:p>")
	return b.String()
}

// docxBytes writes blocks as a minimal Word document. A cell's lines are
// separate paragraphs, as Word keeps them.
func docxBytes(blocks []gblock) []byte {
	var body strings.Builder
	for _, bl := range blocks {
		if bl.rows == nil {
			body.WriteString(paraXML(bl.para))
			continue
		}
		body.WriteString("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>")
		for _, r := range bl.rows {
			body.WriteString("<w:tr>")
			for _, cl := range r {
				body.WriteString("<w:tc><w:tcPr>")
				if cl.span > 1 {
					fmt.Fprintf(&body, `<w:gridSpan w:val="%d"/>`, cl.span)
				}
				switch cl.vm {
				case 'r':
					body.WriteString(`<w:vMerge w:val="restart"/>`)
				case 'c':
					body.WriteString(`<w:vMerge/>`)
				}
				body.WriteString("</w:tcPr>")
				if cl.img {
					body.WriteString(`<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="900000" cy="300000"/><wp:docPr id="1" name="图片 1"/></wp:inline></w:drawing></w:r></w:p>`)
				}
				for _, line := range strings.Split(cl.t, "\n") {
					body.WriteString(paraXML(line))
				}
				body.WriteString("</w:tc>")
			}
			body.WriteString("</w:tr>")
		}
		body.WriteString("</w:tbl>")
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, content string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", doc},
	} {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate})
		_, _ = w.Write([]byte(part.content))
	}
	_ = zw.Close()
	return buf.Bytes()
}

// xlsxBytes writes blocks as one sheet: a paragraph is a row merged across
// the sheet, a table's spans and vertical merges become merged ranges.
func xlsxBytes(t *testing.T, sheet string, blocks []gblock) []byte {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName(x.GetSheetName(0), sheet); err != nil {
		t.Fatal(err)
	}
	ncols := 1
	for _, bl := range blocks {
		for _, r := range bl.rows {
			n := 0
			for _, cl := range r {
				n += cl.span
			}
			ncols = max(ncols, n)
		}
	}
	ref := func(r, col int) string { n, _ := excelize.CoordinatesToCellName(col+1, r+1); return n }
	rowNo := 0
	for _, bl := range blocks {
		if bl.rows == nil {
			if bl.para != "" {
				_ = x.SetCellStr(sheet, ref(rowNo, 0), bl.para)
				_ = x.MergeCell(sheet, ref(rowNo, 0), ref(rowNo, ncols-1))
			}
			rowNo++
			continue
		}
		for ri, r := range bl.rows {
			col := 0
			for _, cl := range r {
				if cl.vm != 'c' {
					_ = x.SetCellStr(sheet, ref(rowNo+ri, col), cl.t)
					last := ri
					if cl.vm == 'r' {
						for k := ri + 1; k < len(bl.rows); k++ {
							if !continues(bl.rows[k], col) {
								break
							}
							last = k
						}
					}
					if cl.span > 1 || last > ri {
						_ = x.MergeCell(sheet, ref(rowNo+ri, col), ref(rowNo+last, col+cl.span-1))
					}
				}
				col += cl.span
			}
		}
		rowNo += len(bl.rows)
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// continues reports whether the cell of r at grid column col continues a
// vertical merge.
func continues(r []gcell, col int) bool {
	k := 0
	for _, cl := range r {
		if k == col {
			return cl.vm == 'c'
		}
		k += cl.span
	}
	return false
}

// officeDocs are the generated documents by file name.
func officeDocs(t *testing.T) map[string][]byte {
	return map[string][]byte{
		"meixi-2024-sample-layout.docx":     docxBytes(meixiLayout(t)),
		"meixi-2024-sample-layout.xlsx":     xlsxBytes(t, "绩效自评", meixiLayout(t)),
		"sichuan-qingshen-gongzi-2023.docx": docxBytes(qingshenLayout(t)),
		"yunnan-lijiang-weipian-2020.docx":  docxBytes(lijiangLayout(t)),
		"yunnan-lijiang-weipian-2020.xlsx":  xlsxBytes(t, "项目支出绩效自评表", lijiangLayout(t)),
	}
}

func TestGenerateOffice(t *testing.T) {
	for name, data := range officeDocs(t) {
		path := filepath.Join(officeDir, name)
		if *update {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run with -update)", name, err)
		}
		// The zip container may differ in its timestamps; compare the content.
		if !sameContent(t, old, data) {
			t.Errorf("%s is not what its layout makes; run go test ./importer/ -run TestGenerateOffice -update", name)
		}
	}
}

// sameContent compares two documents by what their importer reads.
func sameContent(t *testing.T, a, b []byte) bool {
	ia, errA := readAny(a)
	ib, errB := readAny(b)
	if errA != nil || errB != nil {
		return false
	}
	return fmt.Sprint(ia) == fmt.Sprint(ib)
}

func readAny(data []byte) ([]item, error) {
	if items, err := readDocx(data); err == nil {
		return items, nil
	}
	items, _, err := readXLSX(data)
	return items, err
}
