package report

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"jixiao/domain"
)

// The Word forms print money, 分值 and 得分 with two decimals, the forms'
// convention, while an amount may carry up to domain.MaxAmountPlaces. So
// that an exported document imports back to the filing it was made from,
// the export keeps the exact figure of every amount it prints with fewer
// digits in a custom XML part (customXml/item1.xml, with its itemProps1.xml
// and the document's customXml relationship), which Word and LibreOffice
// keep when the document is edited and saved. importer.Docx reads it.

// Names of the exact-figures part; the importer finds the part by its
// root element (ExactNamespace, ExactRoot), since Word may renumber the
// item when it saves.
const (
	ExactNamespace = "urn:jixiao:exact-amounts:1"
	ExactRoot      = "exactAmounts"
	// exactItemID is the datastore item's id: fixed, so that the same filing
	// always gives the same bytes.
	exactItemID = "{6A1C2E5B-7F3D-4B8A-9C11-3E5D2A7B9F40}"
)

// exactFigure is an amount printed with fewer digits than it has: its JSON
// path in the filing, the name of the row or table it is in (a 附件3 table's,
// an indicator's, a named 附件1 row's; "" for none), and its exact text.
type exactFigure struct {
	path, name, value string
}

var amountType = reflect.TypeOf(domain.Amount{})

// exactFigures lists the amounts the Word forms of f print rounded, by the
// order in which the document prints them: indicator rows in the official
// order, as importing the document gives them. The 附件4 text prints its
// figures in full and the filed figures are printed as computed, so
// neither is kept; basic_data and overall only when their forms are
// printed (part is DocxPartAll or DocxPartTables, the filing not
// projects-only).
func exactFigures(f *domain.Filing, part string, rules domain.Rules) []exactFigure {
	if part == DocxPartReport {
		return nil
	}
	g := f.Clone()
	sortRows := func(rows []domain.Indicator) []domain.Indicator {
		out := make([]domain.Indicator, 0, len(rows))
		for _, i := range sortedIndicators(rows, rules) {
			out = append(out, rows[i])
		}
		return out
	}
	g.Overall.Indicators = sortRows(g.Overall.Indicators)
	for i := range g.Projects {
		g.Projects[i].Indicators = sortRows(g.Projects[i].Indicators)
	}
	var out []exactFigure
	v := reflect.ValueOf(g).Elem()
	roots := []string{"basic_data", "overall", "projects"}
	if f.ProjectsOnly() {
		roots = roots[2:]
	}
	for _, key := range roots {
		for i := 0; i < v.NumField(); i++ {
			if jsonName(v.Type().Field(i)) == key {
				collectExact(v.Field(i), key, "", &out)
			}
		}
	}
	// A stated 三公经费 or 项目支出 total is printed only in a column its rows
	// leave blank; elsewhere the form shows the rows' sum.
	bd := g.BasicData
	sums := map[string]domain.Triple{
		"basic_data.sangong.total.":          bd.Sangong.Sum(),
		"basic_data.project_spending.total.": bd.ProjectSpending.Sum(),
	}
	kept := out[:0]
	for _, e := range out {
		printed := true
		for prefix, sum := range sums {
			if col, ok := strings.CutPrefix(e.path, prefix); ok {
				printed = !map[string]domain.Amount{"prior_final": sum.PriorFinal, "budget": sum.Budget, "final": sum.Final}[col].IsSet()
			}
		}
		if printed {
			kept = append(kept, e)
		}
	}
	return kept
}

// jsonName is the JSON key of a struct field, "" for one not encoded.
func jsonName(sf reflect.StructField) string {
	if !sf.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// collectExact appends every amount below v (at path, in the row called
// name) that has more than two decimal places. Filed figures are left out.
func collectExact(v reflect.Value, path, name string, out *[]exactFigure) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			collectExact(v.Elem(), path, name, out)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			collectExact(v.Index(i), path+"."+strconv.Itoa(i), name, out)
		}
	case reflect.Struct:
		if v.Type() == amountType {
			a := v.Interface().(domain.Amount)
			if d := a.Decimal(); a.IsSet() && !d.Equal(domain.Round2(d)) {
				*out = append(*out, exactFigure{path: path, name: name, value: d.String()})
			}
			return
		}
		if n := v.FieldByName("Name"); n.IsValid() && n.Kind() == reflect.String {
			name = n.String()
		}
		for i := 0; i < v.NumField(); i++ {
			key := jsonName(v.Type().Field(i))
			if key == "" || key == "filed" {
				continue
			}
			collectExact(v.Field(i), path+"."+key, name, out)
		}
	}
}

// exactParts are the custom XML parts holding figs, none without figures.
func exactParts(figs []exactFigure) []docxPart {
	if len(figs) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(xmlPI + `<jx:` + ExactRoot + ` xmlns:jx="` + ExactNamespace + `">`)
	for _, e := range figs {
		b.WriteString("\n" + `<jx:amount path="`)
		writeEscaped(&b, e.path)
		b.WriteString(`" name="`)
		writeEscaped(&b, e.name)
		fmt.Fprintf(&b, `" value="%s"/>`, e.value)
	}
	b.WriteString("\n</jx:" + ExactRoot + ">")
	return []docxPart{
		{"customXml/item1.xml", b.String()},
		{"customXml/itemProps1.xml", xmlPI + `<ds:datastoreItem ds:itemID="` + exactItemID + `" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">` +
			`<ds:schemaRefs><ds:schemaRef ds:uri="` + ExactNamespace + `"/></ds:schemaRefs></ds:datastoreItem>`},
		{"customXml/_rels/item1.xml.rels", xmlPI + `<Relationships xmlns="` + nsRel + `">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"/>` +
			`</Relationships>`},
	}
}

// Declarations the package gets when it holds the exact-figures part.
const (
	exactContentType = `<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>`
	exactDocumentRel = `<Relationship Id="rIdExact" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/>`
)
