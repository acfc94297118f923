package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxPart is the largest word/document.xml read (64 MB uncompressed; a
// filing of 60 附件3 tables has about 2 MB), so that a crafted archive
// cannot exhaust memory.
const maxPart = 64 << 20

// node is an element of word/document.xml, kept generically so that the
// order of paragraphs and tables survives.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(local string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

func (n *node) child(local string) *node {
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == local {
			return &n.Nodes[i]
		}
	}
	return nil
}

// transparent are the wrappers a paragraph, row or cell may sit in.
var transparent = map[string]bool{"sdt": true, "sdtContent": true, "customXml": true, "smartTag": true, "ins": true, "hyperlink": true, "fldSimple": true}

// readDocx returns the paragraphs and table rows of a Word document's body.
func readDocx(data []byte) ([]item, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errors.New("不是有效的 Word 文档（.docx 应为 zip 压缩包）")
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return nil, errors.New("不是有效的 Word 文档：没有正文（缺少 word/document.xml）；.doc 格式请先在 Word 或 WPS 中另存为 .docx")
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, fmt.Errorf("无法解压 Word 文档正文：%v", err)
	}
	defer rc.Close()
	raw, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
	if err != nil {
		return nil, fmt.Errorf("无法解压 Word 文档正文：%v", err)
	}
	if len(raw) > maxPart {
		return nil, fmt.Errorf("文档正文超过 %dMB，不是填报文档", maxPart>>20)
	}
	var root node
	if err := xml.Unmarshal(raw, &root); err != nil {
		return nil, fmt.Errorf("不是有效的 Word 文档：正文不是有效的 XML（%v）", err)
	}
	body := root.child("body")
	if body == nil {
		return nil, errors.New("不是有效的 Word 文档：正文中没有 w:body")
	}
	w := &docxWalker{}
	w.blocks(body.Nodes)
	return w.items, nil
}

type docxWalker struct {
	items         []item
	tables, paras int
}

func (w *docxWalker) blocks(ns []node) {
	for i := range ns {
		n := &ns[i]
		switch local := n.XMLName.Local; {
		case local == "p":
			text, img := paraText(n)
			w.paras++
			w.items = append(w.items, item{para: true, cells: []cell{{text: text, span: 1, image: img}},
				where: fmt.Sprintf("正文第%d段", w.paras)})
		case local == "tbl":
			w.table(n)
		case transparent[local]:
			w.blocks(n.Nodes)
		}
	}
}

// table adds the rows of a table, with gridSpan and vMerge resolved: a
// cell continuing a vertical merge carries the text of the merge's first
// cell and is marked cont.
func (w *docxWalker) table(t *node) {
	w.tables++
	no := w.tables
	origin := map[int]cell{} // grid column → the cell that started a vertical merge
	rowNo := 0
	var rows func(ns []node)
	rows = func(ns []node) {
		for i := range ns {
			n := &ns[i]
			switch {
			case n.XMLName.Local == "tr":
				rowNo++
				w.items = append(w.items, item{cells: rowCells(n, origin), where: fmt.Sprintf("第%d张表格第%d行", no, rowNo)})
			case transparent[n.XMLName.Local]:
				rows(n.Nodes)
			}
		}
	}
	rows(t.Nodes)
}

func rowCells(tr *node, origin map[int]cell) []cell {
	col := 0
	if pr := tr.child("trPr"); pr != nil {
		if gb := pr.child("gridBefore"); gb != nil {
			col += intAttr(gb, 0)
		}
	}
	var out []cell
	var walk func(ns []node)
	walk = func(ns []node) {
		for i := range ns {
			n := &ns[i]
			if transparent[n.XMLName.Local] {
				walk(n.Nodes)
				continue
			}
			if n.XMLName.Local != "tc" {
				continue
			}
			c := cell{col: col, span: 1}
			vm := ""
			if pr := n.child("tcPr"); pr != nil {
				if gs := pr.child("gridSpan"); gs != nil {
					c.span = max(1, intAttr(gs, 1))
				}
				if v := pr.child("vMerge"); v != nil {
					vm = "continue"
					if val, ok := v.attr("val"); ok && val == "restart" {
						vm = "restart"
					}
				}
			}
			c.text, c.image = cellContent(n)
			switch vm {
			case "continue":
				if o, ok := origin[col]; ok {
					c.text, c.image, c.cont = o.text, o.image, true
				}
			case "restart":
				origin[col] = c
			default:
				delete(origin, col)
			}
			out = append(out, c)
			col += c.span
		}
	}
	walk(tr.Nodes)
	return out
}

func intAttr(n *node, def int) int {
	v, ok := n.attr("val")
	if !ok {
		return def
	}
	k, err := strconv.Atoi(v)
	if err != nil {
		return def
	}
	return k
}

// cellContent is the text of a cell's paragraphs (and of tables nested in
// it), one line each, and whether it holds a picture.
func cellContent(tc *node) (string, bool) {
	var lines []string
	img := false
	var walk func(ns []node)
	walk = func(ns []node) {
		for i := range ns {
			n := &ns[i]
			switch n.XMLName.Local {
			case "p":
				t, im := paraText(n)
				lines = append(lines, t)
				img = img || im
			case "tcPr":
			default:
				walk(n.Nodes)
			}
		}
	}
	walk(tc.Nodes)
	return strings.Join(lines, "\n"), img
}

// paraText is a paragraph's visible text: w:t runs, tabs as spaces, line
// breaks as "\n"; deleted text and field instructions are left out.
func paraText(p *node) (string, bool) {
	var b strings.Builder
	img := false
	var walk func(ns []node)
	walk = func(ns []node) {
		for i := range ns {
			n := &ns[i]
			switch n.XMLName.Local {
			case "t":
				b.WriteString(n.Text)
			case "tab":
				b.WriteByte(' ')
			case "br", "cr":
				b.WriteByte('\n')
			case "drawing", "pict", "object":
				img = true
			case "pPr", "rPr", "del", "instrText", "delText", "fldChar":
			default:
				walk(n.Nodes)
			}
		}
	}
	walk(p.Nodes)
	return b.String(), img
}
