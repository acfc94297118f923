package domain

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// schemaPaths lists every path of the schema below n, array items as
// index 0.
func schemaPaths(t *testing.T, root, n *schemaNode, path string, out *[]string) {
	n = root.resolve(t, n)
	if path != "" {
		*out = append(*out, path)
	}
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	for _, k := range sortedKeys(n.Properties) {
		schemaPaths(t, root, n.Properties[k], join(k), out)
	}
	if n.Items != nil {
		schemaPaths(t, root, n.Items, join("0"), out)
	}
}

// modelPaths lists every path of the Go model below typ, slices as index 0.
func modelPaths(typ reflect.Type, path string, out *[]string) {
	switch typ.Kind() {
	case reflect.Pointer:
		modelPaths(typ.Elem(), path, out)
		return
	case reflect.Slice:
		modelPaths(typ.Elem(), path+".0", out)
		return
	case reflect.Struct:
		if typ == reflect.TypeFor[Amount]() {
			return
		}
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			p := name
			if path != "" {
				p = path + "." + name
			}
			*out = append(*out, p)
			modelPaths(typ.Field(i).Type, p, out)
		}
	}
}

// TestEveryFieldHasALabel: every path the schema knows, and every path of
// the Go model, has a Chinese name in the field catalogue; so does every
// item of a list (the path of a list item is its list's).
func TestEveryFieldHasALabel(t *testing.T) {
	root := loadSchema(t)
	var paths []string
	schemaPaths(t, root, root, "", &paths)
	if len(paths) < 150 {
		t.Fatalf("only %d schema paths: the walk is broken", len(paths))
	}
	var model []string
	modelPaths(reflect.TypeFor[Filing](), "", &model)
	for _, p := range append(paths, model...) {
		if FieldLabel(p) == "" {
			t.Errorf("%s has no label", p)
		}
		if f := Form(p); strings.HasPrefix(p, "basic_data") != (f == "附件1") || strings.HasPrefix(p, "report") != (f == "附件4") {
			t.Errorf("%s: form %q", p, f)
		}
	}
	for p := range reportSection {
		if !slices.Contains(paths, p) {
			t.Errorf("reportSection names %s, which the schema does not know", p)
		}
	}
}

// TestFieldLabelContext: keys whose name depends on their object, and
// paths the format does not know.
func TestFieldLabelContext(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"overall.indicators.3.weight", "分值"},
		{"overall.indicators.3.name", "三级指标"},
		{"overall.indicators.3.actual", "实际完成值"},
		{"overall.goals.actual.2", "实际完成情况"},
		{"basic_data.staffing.actual", "实际在职人数"},
		{"projects.1.funds.total", "年度资金总额"},
		{"projects.1.funds.other", "其他资金"},
		{"report.other", "其他需要说明的情况"},
		{"basic_data.public_spending.total", "公用经费"},
		{"basic_data.public_spending.total.final", "本年决算数"},
		{"overall.expenditure.project", "项目支出"},
		{"overall.nonsense", ""},
		{"other", ""},
		{"", ""},
	} {
		if got := FieldLabel(tc.path); got != tc.want {
			t.Errorf("FieldLabel(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

// TestOneNamePerField: a field is called the same by a decode error, by
// Check, by Diff and by the report's section titles (内设机构设置 was
// 内设机构 in two of them; 九's field was named without 部门整体支出绩效).
func TestOneNamePerField(t *testing.T) {
	old := &Filing{Report: Report{Organization: "a", ResultUse: "b"}}
	labels := map[string]string{}
	for _, c := range Diff(old, &Filing{}) {
		labels[c.Path] = c.Label
	}
	blank := Check(&Filing{}, DefaultRules())
	message := func(path string) string {
		for _, f := range blank {
			if f.Where.Path == path && f.Code == "required.blank" {
				return f.Message
			}
		}
		return ""
	}
	sections := (&Filing{}).ReportSections()
	for _, tc := range []struct {
		path, section string
	}{
		{"report.organization", sections[0].Subsections[1].Title},
		{"report.result_use", sections[8].Title},
	} {
		label := FieldLabel(tc.path)
		if labels[tc.path] != "附件4 "+label {
			t.Errorf("%s: Diff says %q, want 附件4 %s", tc.path, labels[tc.path], label)
		}
		if m := message(tc.path); !strings.Contains(m, label) {
			t.Errorf("%s: Check says %q, want %s", tc.path, m, label)
		}
		if !strings.HasSuffix(tc.section, label) {
			t.Errorf("%s: section title %q, want %s", tc.path, tc.section, label)
		}
	}
	_, err := Decode([]byte(`{"format":"` + FormatID + `","report":{"organization":1}}`))
	if err == nil || !strings.Contains(err.Error(), "（"+FieldLabel("report.organization")+"）") {
		t.Errorf("decode error %v, want the label %s", err, FieldLabel("report.organization"))
	}
}
