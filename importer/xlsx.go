package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/xuri/excelize/v2"
)

// maxUnzipped is the most a workbook may unpack to (256 MB), so that a
// crafted archive cannot exhaust memory or disk.
const maxUnzipped = 256 << 20

// readXLSX returns the rows of every sheet of a workbook, in sheet order,
// with merged ranges resolved: the first cell of a range spans its columns
// and the rows below carry its text as continuations. A sheet's name
// opens its rows as a paragraph, so that a sheet titled only by its name
// (附件1, 附件3-1 …) is found.
func readXLSX(data []byte) ([]item, []string, error) {
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, nil, errors.New("不是有效的 Excel 工作簿（.xlsx）；.xls 格式请先在 Excel 或 WPS 中另存为 .xlsx")
	}
	defer x.Close()
	var items []item
	var sheets []string
	for _, name := range x.GetSheetList() {
		rows, err := x.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, fmt.Errorf("无法读取工作表“%s”：%v", name, err)
		}
		shown, err := x.GetRows(name)
		if err != nil {
			return nil, nil, fmt.Errorf("无法读取工作表“%s”：%v", name, err)
		}
		merges, err := x.GetMergeCells(name)
		if err != nil {
			return nil, nil, fmt.Errorf("无法读取工作表“%s”的合并单元格：%v", name, err)
		}
		sheets = append(sheets, name)
		items = append(items, sheetItems(name, rows, shown, merges)...)
	}
	return items, sheets, nil
}

type span struct{ r0, c0, r1, c1 int }

func sheetItems(name string, rows, shown [][]string, merges []excelize.MergeCell) []item {
	ncols := 0
	for _, r := range rows {
		ncols = max(ncols, len(r))
	}
	// cover maps a covered slot to its range; start marks a range's first slot.
	cover := map[[2]int]span{}
	for _, m := range merges {
		c0, r0, err0 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err0 != nil || err1 != nil {
			continue
		}
		s := span{r0 - 1, c0 - 1, r1 - 1, c1 - 1}
		ncols = max(ncols, s.c1+1)
		for r := s.r0; r <= s.r1; r++ {
			for c := s.c0; c <= s.c1; c++ {
				cover[[2]int{r, c}] = s
			}
		}
	}
	value := func(r, c int) string {
		if r >= len(rows) || c >= len(rows[r]) {
			return ""
		}
		v := excelNumber(rows[r][c])
		// A cell shown as a percentage holds the fraction: keep what is shown.
		if r < len(shown) && c < len(shown[r]) && strings.HasSuffix(strings.TrimSpace(shown[r][c]), "%") {
			return percentText(v, shown[r][c])
		}
		return v
	}
	out := []item{{para: true, sheet: true, cells: []cell{{text: name, span: 1}}, where: fmt.Sprintf("工作表“%s”", name)}}
	for r := range rows {
		var cells []cell
		for c := 0; c < ncols; {
			s, merged := cover[[2]int{r, c}]
			if !merged {
				cells = append(cells, cell{text: value(r, c), col: c, span: 1})
				c++
				continue
			}
			cl := cell{text: value(s.r0, s.c0), col: c, span: s.c1 - c + 1, cont: r > s.r0}
			cells = append(cells, cl)
			c = s.c1 + 1
		}
		out = append(out, item{cells: cells, where: fmt.Sprintf("工作表“%s”第%d行", name, r+1)})
	}
	return out
}

// percentText turns the fraction a percentage cell holds (0.4865) into the
// percentage with its sign (48.65%), exactly.
func percentText(raw, shown string) string {
	d, err := decimalFrom(raw)
	if err != nil {
		return shown
	}
	return d.Shift(2).String() + "%"
}

// excelNumber gives a number stored with binary noise (1902.6799999999998)
// as Excel shows it, to 15 significant digits (1902.68), and one in
// exponent form (1E-05) written out; other text is returned unchanged.
func excelNumber(raw string) string {
	t := strings.TrimSpace(raw)
	digits := 0
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == '-' || r == 'E' || r == 'e' || r == '+':
		default:
			return raw
		}
	}
	if digits <= 15 && strings.ContainsAny(t, "Ee") {
		// Exponent form (1E-05): written out.
		if d, err := decimal.NewFromString(t); err == nil {
			return d.String()
		}
		return raw
	}
	if digits <= 15 {
		return raw
	}
	d, err := decimal.NewFromString(t)
	if err != nil || d.IsZero() {
		return raw
	}
	// Round to 15 significant digits, in decimal: the magnitude is the
	// position of the decimal point after the first significant digit.
	magnitude := int32(len(d.Coefficient().String())) + d.Exponent()
	if d.IsNegative() {
		magnitude-- // the coefficient's sign
	}
	return d.Round(15 - magnitude).String()
}
