package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
)

// excelize marks every formula cell t="str" (a text result) and keeps no
// result for it. fixFormulaCells rewrites the worksheets of the finished
// package so that each formula cell carries its cached result with the
// right type: a number for 执行率, 得分 and sums, text for 等级 and "—".
// Parts that need no change are copied without recompressing.
func fixFormulaCells(w io.Writer, data []byte, cached map[string]map[string]cachedValue) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	paths, err := sheetPaths(zr)
	if err != nil {
		return err
	}
	byPath := map[string]map[string]cachedValue{}
	for name, cells := range cached {
		p, ok := paths[name]
		if !ok {
			return fmt.Errorf("工作簿中找不到工作表“%s”", name)
		}
		byPath[p] = cells
	}
	zw := zip.NewWriter(w)
	for _, zf := range zr.File {
		cells, ok := byPath[zf.Name]
		if !ok {
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		xmlData, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		hdr := zf.FileHeader
		hdr.Method = zip.Deflate
		out, err := zw.CreateHeader(&hdr)
		if err != nil {
			return err
		}
		if _, err := out.Write(rewriteFormulaCells(xmlData, cells)); err != nil {
			return err
		}
	}
	return zw.Close()
}

var (
	formulaCellRe = regexp.MustCompile(`<c ([^>]*)>(<f>[^<]*</f>)(?:<v>[^<]*</v>)?</c>`)
	refAttrRe     = regexp.MustCompile(`\br="([A-Z]+[0-9]+)"`)
	typeAttrRe    = regexp.MustCompile(`\s+t="[^"]*"`)
)

func rewriteFormulaCells(data []byte, cells map[string]cachedValue) []byte {
	return formulaCellRe.ReplaceAllFunc(data, func(m []byte) []byte {
		sub := formulaCellRe.FindSubmatch(m)
		ref := refAttrRe.FindSubmatch(sub[1])
		if ref == nil {
			return m
		}
		cv, ok := cells[string(ref[1])]
		if !ok {
			return m
		}
		var b bytes.Buffer
		b.WriteString("<c ")
		b.Write(typeAttrRe.ReplaceAll(sub[1], nil))
		if !cv.numeric {
			b.WriteString(` t="str"`)
		}
		b.WriteByte('>')
		b.Write(sub[2])
		b.WriteString("<v>")
		_ = xml.EscapeText(&b, []byte(cv.text))
		b.WriteString("</v></c>")
		return b.Bytes()
	})
}

// sheetPaths maps each sheet name to its part in the package, read from
// the workbook and its relationships.
func sheetPaths(zr *zip.Reader) (map[string]string, error) {
	var wbDoc struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readZipXML(zr, "xl/workbook.xml", &wbDoc); err != nil {
		return nil, err
	}
	if err := readZipXML(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range wbDoc.Sheets {
		out[s.Name] = targets[s.RID]
	}
	return out, nil
}

func readZipXML(zr *zip.Reader, name string, v any) error {
	rc, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}
