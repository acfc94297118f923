package domain

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// schemaNode is the part of a JSON Schema the structural test reads.
type schemaNode struct {
	Ref        string                 `json:"$ref"`
	Type       any                    `json:"type"`
	Properties map[string]*schemaNode `json:"properties"`
	Items      *schemaNode            `json:"items"`
	AnyOf      []*schemaNode          `json:"anyOf"`
	Const      any                    `json:"const"`
	Enum       []string               `json:"enum"`
	Required   []string               `json:"required"`
	Defs       map[string]*schemaNode `json:"$defs"`
}

func loadSchema(t *testing.T) *schemaNode {
	t.Helper()
	data, err := os.ReadFile("../docs/filing.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s schemaNode
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// resolve follows $ref and picks the non-null branch of a nullable anyOf.
func (root *schemaNode) resolve(t *testing.T, n *schemaNode) *schemaNode {
	t.Helper()
	for {
		switch {
		case n.Ref != "":
			name := strings.TrimPrefix(n.Ref, "#/$defs/")
			d, ok := root.Defs[name]
			if !ok {
				t.Fatalf("dangling $ref %s", n.Ref)
			}
			n = d
		case len(n.AnyOf) == 2 && n.AnyOf[1].Type == "null" && n.AnyOf[0].Ref != "":
			n = n.AnyOf[0]
		default:
			return n
		}
	}
}

func jsonKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		keys = append(keys, name)
	}
	return keys
}

func sortedKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestSchemaMatchesModel walks the Filing type and the schema together:
// every struct's JSON keys are the schema's properties, lists are arrays,
// amounts use the amount definition.
func TestSchemaMatchesModel(t *testing.T) {
	root := loadSchema(t)
	amountType := reflect.TypeFor[Amount]()
	var walk func(path string, typ reflect.Type, n *schemaNode)
	walk = func(path string, typ reflect.Type, n *schemaNode) {
		if typ.Kind() == reflect.Pointer && typ.Elem() == amountType {
			typ = amountType
		}
		if typ == amountType {
			if n.Ref != "#/$defs/amount" {
				t.Errorf("%s: an amount must use #/$defs/amount, uses %+v", path, n)
			}
			return
		}
		n = root.resolve(t, n)
		if typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		switch typ.Kind() {
		case reflect.Struct:
			if n.Type != "object" {
				t.Errorf("%s: schema type %v, want object", path, n.Type)
			}
			keys := slices.Sorted(slices.Values(jsonKeys(typ)))
			if got := sortedKeys(n.Properties); !slices.Equal(got, keys) {
				t.Errorf("%s: schema properties %v, filing.go keys %v", path, got, keys)
				return
			}
			for i := range typ.NumField() {
				name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
				if name == "" || name == "-" {
					continue
				}
				walk(path+"."+name, typ.Field(i).Type, n.Properties[name])
			}
		case reflect.Slice:
			if n.Type != "array" || n.Items == nil {
				t.Errorf("%s: schema %+v, want an array", path, n)
				return
			}
			walk(path+"[]", typ.Elem(), n.Items)
		case reflect.String:
			if n.Type != "string" && n.Const == nil {
				t.Errorf("%s: schema type %v, want string", path, n.Type)
			}
		case reflect.Int:
			if !strings.Contains(toString(n.Type), "integer") {
				t.Errorf("%s: schema type %v, want integer", path, n.Type)
			}
		default:
			t.Errorf("%s: unhandled kind %s", path, typ.Kind())
		}
	}
	walk("filing", reflect.TypeFor[Filing](), root)
	if !slices.Equal(root.Required, []string{"format"}) {
		t.Errorf("required %v, want only format", root.Required)
	}
	if root.Properties["format"].Const != FormatID {
		t.Errorf("format const %v", root.Properties["format"].Const)
	}
	// Enumerations agree with the rules.
	ind := root.Defs["indicator"]
	r := DefaultRules()
	var l1, l2 []string
	for _, l := range r.Levels {
		l1 = append(l1, l.Name)
		l2 = append(l2, l.Level2...)
	}
	if !slices.Equal(ind.Properties["level1"].Enum, l1) || !slices.Equal(ind.Properties["level2"].Enum, l2) {
		t.Error("schema 一级/二级指标 enums differ from DefaultRules")
	}
	var bands []string
	for _, b := range r.Bands {
		bands = append(bands, string(b.Band))
	}
	if !slices.Equal(ind.Properties["band"].Enum, bands) {
		t.Error("schema band enum differs from DefaultRules")
	}
}

func toString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestFixtureMatchesSchema checks the sample's keys, at every level, against
// the schema and filing.go: the top level exactly, nested objects as a
// subset (optional keys such as band may be absent).
func TestFixtureMatchesSchema(t *testing.T) {
	root := loadSchema(t)
	doc, ok := genericJSON(t, sampleBytes(t)).(map[string]any)
	if !ok {
		t.Fatal("sample is not an object")
	}
	top := jsonKeys(reflect.TypeFor[Filing]())
	slices.Sort(top)
	// Optional top-level keys the sample leaves out.
	optionalTop := []string{"scope", "rules"}
	sampleTop := slices.DeleteFunc(slices.Clone(top), func(k string) bool { return slices.Contains(optionalTop, k) })
	if got := sortedKeys(doc); !slices.Equal(got, sampleTop) {
		t.Errorf("sample top-level keys %v, filing.go %v", got, sampleTop)
	}
	if got := sortedKeys(root.Properties); !slices.Equal(got, top) {
		t.Errorf("schema top-level properties %v, filing.go %v", got, top)
	}
	optional := map[string]bool{"total": true, "band": true, "filed": true, "scope": true, "rules": true,
		"direction": true, "comparator": true, "value": true, "unit": true, "review_score": true, "sources": true}
	var walk func(path string, v any, n *schemaNode)
	walk = func(path string, v any, n *schemaNode) {
		n = root.resolve(t, n)
		switch v := v.(type) {
		case map[string]any:
			for k, sub := range v {
				p, ok := n.Properties[k]
				if !ok {
					t.Errorf("%s.%s: not in the schema", path, k)
					continue
				}
				walk(path+"."+k, sub, p)
			}
			for k := range n.Properties {
				if _, ok := v[k]; !ok && !optional[k] {
					t.Errorf("%s.%s: in the schema but not in the sample", path, k)
				}
			}
		case []any:
			for _, e := range v {
				walk(path+"[]", e, n.Items)
			}
		}
	}
	walk("filing", doc, root)
}

// TestFormatDocExample decodes the complete 附件3 example of docs/format.md
// and checks that, added to the sample, it clears the missing-table error
// without raising any other error.
func TestFormatDocExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	var example string
	for _, block := range strings.Split(string(doc), "```json\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		if strings.Contains(block, `"indicators"`) {
			example = block
		}
	}
	if example == "" {
		t.Fatal("no project example in docs/format.md")
	}
	var p Project
	if err := json.Unmarshal([]byte(example), &p); err != nil {
		t.Fatalf("example does not decode: %v", err)
	}
	f := loadSample(t)
	f.Projects = []Project{p}
	for _, x := range Check(f, DefaultRules()) {
		if x.Severity == Error {
			t.Errorf("example raises %v", x)
		}
	}
	ts := Score(f, DefaultRules()).Projects[0]
	if ts.Rate.Fixed2() != "4.51" || ts.Total.StringFixed(2) != "80.45" || ts.Grade != "良" {
		t.Errorf("example scores %s%% %s %s", ts.Rate.Fixed2(), ts.Total.StringFixed(2), ts.Grade)
	}
}
