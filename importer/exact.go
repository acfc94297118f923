package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"jixiao/domain"
)

// A Word document jixiao exported prints money, 分值 and 得分 with two
// decimals and keeps the exact figure of each amount it rounded in a custom
// XML part (see report/docx_exact.go): customXml/itemN.xml with the root
// element exactAmounts in exactNamespace, one
// <amount path="overall.funds.executed" name="" value="28.7912"/> per
// figure. A cell that still shows the kept figure rounded half-up to two
// places takes the exact figure; a cell the filer changed keeps what it
// shows. Both are reported (Report.Exact).

// exactNamespace is report.ExactNamespace (the importer does not depend on
// the report package).
const exactNamespace = "urn:jixiao:exact-amounts:1"

// maxExactPart is the largest exact-figures part read; a filing of 60
// 附件3 tables, every figure with six decimals, needs well under 1 MB.
const maxExactPart = 8 << 20

// keptFigure is one figure of the exact-figures part.
type keptFigure struct {
	Path  string `xml:"path,attr"`
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// ExactFigure is a figure a Word export kept exactly and what the import
// did with it.
type ExactFigure struct {
	// Path is the field's JSON path; Label names it in Chinese, e.g.
	// 附件3“业务工作经费” 当年财政拨款 全年执行数.
	Path, Label string
	// Printed is the figure as the document shows it ("" for blank); Kept
	// the exact figure kept by the export.
	Printed, Kept string
	// Used is true when the field took Kept; else Reason says why not.
	Used   bool
	Reason string
}

// readExact returns the figures of data's exact-figures part, nil when it
// has none. A part that cannot be read is reported and ignored.
func readExact(data []byte, rep *Report) []keptFigure {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "customXml/") || strings.Contains(strings.TrimPrefix(zf.Name, "customXml/"), "/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			continue
		}
		raw, err := io.ReadAll(io.LimitReader(rc, maxExactPart+1))
		rc.Close()
		if err != nil || len(raw) > maxExactPart {
			continue
		}
		var part struct {
			XMLName xml.Name
			Amounts []keptFigure `xml:"amount"`
		}
		if err := xml.Unmarshal(raw, &part); err != nil {
			if bytes.Contains(raw, []byte(exactNamespace)) {
				rep.problem("文档", "", "", fmt.Sprintf("文档内保存的精确金额（%s）无法读取（%v），金额按文档中显示的两位小数导入", zf.Name, err))
			}
			continue
		}
		if part.XMLName.Space == exactNamespace && part.XMLName.Local == "exactAmounts" {
			return part.Amounts
		}
	}
	return nil
}

// amountSlot is an amount field of the imported filing.
type amountSlot struct {
	// v is the domain.Amount (settable) or, for a *domain.Amount, the
	// pointer (nil when blank).
	v reflect.Value
	// name is the name of the row or table the field is in, "" for none.
	name string
}

func (s amountSlot) amount() domain.Amount {
	if s.v.Kind() == reflect.Pointer {
		if s.v.IsNil() {
			return domain.Blank
		}
		return s.v.Elem().Interface().(domain.Amount)
	}
	return s.v.Interface().(domain.Amount)
}

func (s amountSlot) set(a domain.Amount) {
	if s.v.Kind() == reflect.Pointer {
		s.v.Elem().Set(reflect.ValueOf(a))
		return
	}
	s.v.Set(reflect.ValueOf(a))
}

var amountType = reflect.TypeOf(domain.Amount{})

// amountSlots maps the JSON path of every amount field of f to the field.
func amountSlots(f *domain.Filing) map[string]amountSlot {
	out := map[string]amountSlot{}
	var walk func(v reflect.Value, path, name string)
	walk = func(v reflect.Value, path, name string) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.Type().Elem() == amountType {
				out[path] = amountSlot{v: v, name: name}
			} else if !v.IsNil() {
				walk(v.Elem(), path, name)
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), path+"."+strconv.Itoa(i), name)
			}
		case reflect.Struct:
			if v.Type() == amountType {
				out[path] = amountSlot{v: v, name: name}
				return
			}
			if n := v.FieldByName("Name"); n.IsValid() && n.Kind() == reflect.String {
				name = n.String()
			}
			for i := 0; i < v.NumField(); i++ {
				sf := v.Type().Field(i)
				key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
				if !sf.IsExported() || key == "" || key == "-" || key == "filed" {
					continue
				}
				p := key
				if path != "" {
					p = path + "." + key
				}
				walk(v.Field(i), p, name)
			}
		}
	}
	walk(reflect.ValueOf(f).Elem(), "", "")
	return out
}

// sameName compares row names ignoring white space, as the import reads
// them (line breaks inside a cell).
func sameName(a, b string) bool {
	strip := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	return strip(a) == strip(b)
}

// applyExact gives each field of f whose printed figure is its kept
// figure rounded half-up to two places the kept figure, and reports every
// kept figure used or not.
func applyExact(f *domain.Filing, kept []keptFigure, rep *Report) {
	if len(kept) == 0 {
		return
	}
	slots := amountSlots(f)
	for _, k := range kept {
		x := ExactFigure{Path: k.Path, Label: exactLabel(k.Path, k.Name), Kept: k.Value}
		want, err := domain.ParseAmount(k.Value)
		slot, ok := slots[k.Path]
		var got domain.Amount
		if ok {
			got = slot.amount()
			x.Printed = got.Text()
		}
		switch {
		case err != nil || !want.IsSet():
			x.Reason = fmt.Sprintf("保存的精确金额“%s”不是有效的数字", k.Value)
		case !ok:
			x.Reason = "文档中没有这一项"
		case !sameName(slot.name, k.Name):
			x.Reason = fmt.Sprintf("这一行导出时为“%s”，文档中现为“%s”（表格或行已变动）", k.Name, slot.name)
		case !got.IsSet():
			x.Reason = "文档中为空"
		case got.Equal(want):
			// The cell shows the figure in full already.
			continue
		case !got.Decimal().Equal(domain.Round2(want.Decimal())):
			x.Reason = fmt.Sprintf("文档中为%s，不是%s四舍五入到两位小数的%s（已修改）", got.Text(), k.Value, domain.Round2(want.Decimal()).StringFixed(2))
		default:
			slot.set(want)
			x.Used = true
		}
		rep.Exact = append(rep.Exact, x)
	}
}

// exactLabel names the field at path for a message: its form, the table
// or row it is in (name) and the field, e.g. 附件3“业务工作经费” 当年财政拨款
// 全年执行数 or 附件2 三级指标“群众满意度” 得分.
func exactLabel(path, name string) string {
	keys := strings.Split(path, ".")
	var parts []string
	if f := domain.Form(path); f != "" {
		parts = append(parts, f)
	}
	for i := 1; i < len(keys); i++ {
		if _, err := strconv.Atoi(keys[i]); err == nil {
			continue
		}
		if keys[i] == "funds" || keys[i] == "indicators" {
			continue
		}
		if l := domain.FieldLabel(strings.Join(keys[:i+1], ".")); l != "" && (len(parts) == 0 || parts[len(parts)-1] != l) {
			parts = append(parts, l)
		}
	}
	if name != "" && len(parts) > 0 {
		switch {
		case strings.Contains(path, ".indicators."):
			parts = append(parts[:1], append([]string{"三级指标“" + name + "”"}, parts[1:]...)...)
		default:
			parts[0] += "“" + name + "”"
		}
	}
	if len(parts) == 0 {
		return path
	}
	return strings.Join(parts, " ")
}
