package domain

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseRulesRejectsEachBadKey(t *testing.T) {
	cases := []struct {
		name, doc, want string
	}{
		{"not json", `{"id":`, "规则文件 x.json：不是有效的 JSON"},
		{"not an object", `[]`, "规则文件 x.json：应为对象"},
		{"unknown key", `{"id":"a","colour":"red"}`, "规则文件 x.json：colour 是未知的键"},
		{"missing id", `{"name":"甲"}`, "规则文件 x.json：id 缺失"},
		{"bad id", `{"id":"A B"}`, "规则文件 x.json：id “A B”无效"},
		{"empty name", `{"id":"a","name":" "}`, "name 不能为空"},
		{"execution weight", `{"id":"a","execution_weight":"十"}`, "规则文件 x.json：execution_weight 不是有效数字“十”"},
		{"negative execution weight", `{"id":"a","execution_weight":"-1"}`, "execution_weight 不能为负数，现为-1"},
		{"execution counts", `{"id":"a","execution_counts":"yes"}`, "execution_counts 应为 true 或 false"},
		{"filed execution weight", `{"id":"a","filed_execution_weight":1}`, "filed_execution_weight 应为 true 或 false"},
		{"execution basis", `{"id":"a","execution_basis":"决算数"}`, "execution_basis “决算数”无效，应为“全年预算数”或“年初预算数”"},
		{"levels not array", `{"id":"a","levels":{}}`, "levels 应为数组"},
		{"levels empty", `{"id":"a","levels":[]}`, "levels 不能为空"},
		{"level weight", `{"id":"a","levels":[{"name":"产出指标","weight":"50","level2":["数量指标"]},{"name":"效益指标","weight":"abc","level2":["社会效益指标"]}]}`, "规则文件 x.json：levels[1].weight 不是有效数字“abc”"},
		{"level name missing", `{"id":"a","levels":[{"weight":"50","level2":["数量指标"]}]}`, "levels[0].name 缺失"},
		{"level duplicate", `{"id":"a","levels":[{"name":"产出指标","weight":"50","level2":["数量指标"]},{"name":"产出指标","weight":"40","level2":["质量指标"]}]}`, "levels[1].name “产出指标”重复"},
		{"level unknown key", `{"id":"a","levels":[{"name":"产出指标","weight":"50","level2":["数量指标"],"max":"1"}]}`, "levels[0].max 是未知的键"},
		{"level2 empty", `{"id":"a","levels":[{"name":"产出指标","weight":"50","level2":[]}]}`, "levels[0].level2 不能为空"},
		{"level2 not text", `{"id":"a","levels":[{"name":"产出指标","weight":"50","level2":[3]}]}`, "levels[0].level2[0] 应为二级指标名称"},
		{"level2 duplicate", `{"id":"a","levels":[{"name":"产出指标","weight":"50","level2":["数量指标"]},{"name":"效益指标","weight":"40","level2":["数量指标"]}]}`, "levels[1].level2[0] “数量指标”重复（已在“产出指标”下）"},
		{"level2 weight", `{"id":"a","levels":[{"name":"产出指标","weight":"50","level2":[{"name":"数量指标","weight":"x"}]}]}`, "levels[0].level2[0].weight 不是有效数字“x”"},
		{"level2 weights sum", `{"id":"a","levels":[{"name":"产出指标","weight":"50","level2":[{"name":"数量指标","weight":"20"},{"name":"质量指标","weight":"20"}]}]}`, "levels[0].level2 各二级指标分值合计为40，与一级指标“产出指标”的分值50不等"},
		{"level2 weights partial", `{"id":"a","levels":[{"name":"产出指标","weight":"50","level2":[{"name":"数量指标","weight":"50"},"质量指标"]}]}`, "levels[0].level2 只有部分二级指标给了分值"},
		{"grade min", `{"id":"a","grades":[{"name":"优","min":"九十"},{"name":"差","min":"0"}]}`, "grades[0].min 不是有效数字“九十”"},
		{"grades order", `{"id":"a","grades":[{"name":"优","min":"80"},{"name":"良","min":"85"},{"name":"差","min":"0"}]}`, "grades[1].min 为85，应低于上一等级“优”的80"},
		{"grades floor", `{"id":"a","grades":[{"name":"优","min":"90"},{"name":"差","min":"10"}]}`, "grades[1].min 为10：最低等级的下限应为0"},
		{"grade name", `{"id":"a","grades":[{"min":"0"}]}`, "grades[0].name 缺失"},
		{"bands count", `{"id":"a","bands":[]}`, "bands 应恰有3档"},
		{"band name", `{"id":"a","bands":[{"band":"未达成","min":"0","max":"60"},{"band":"部分达成","min":"60","max":"80"},{"band":"达成","min":"80","max":"100"}]}`, "bands[0].band 应为“达成”"},
		{"band range", `{"id":"a","bands":[{"band":"达成","min":"80","max":"120"},{"band":"部分达成","min":"60","max":"80"},{"band":"未达成","min":"0","max":"60"}]}`, "bands[0].max 应在0至100之间，现为120"},
		{"band min above max", `{"id":"a","bands":[{"band":"达成","min":"90","max":"80"},{"band":"部分达成","min":"60","max":"80"},{"band":"未达成","min":"0","max":"60"}]}`, "bands[0].min 为90，高于 max 80"},
		{"over target ratio", `{"id":"a","over_target_ratio":"0.9"}`, "over_target_ratio 应大于1"},
		{"reverse floor", `{"id":"a","reverse_floor":"101"}`, "reverse_floor 应在0至100之间"},
		{"rounding tolerance", `{"id":"a","rounding_tolerance":"-0.01"}`, "rounding_tolerance 不能为负数"},
		{"places", `{"id":"a","places":3}`, "places 为3：目前只支持保留2位小数"},
		{"stronger wording", `{"id":"a","stronger_wording":["x"]}`, "stronger_wording 应为对象"},
		{"exponent", `{"id":"a","execution_weight":"1e1"}`, "execution_weight 不是有效数字“1e1”"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseRules("x.json", []byte(c.doc))
			if err == nil {
				t.Fatalf("ParseRules accepted %s", c.doc)
			}
			if !errors.Is(err, ErrRulesInvalid) {
				t.Errorf("error %v is not ErrRulesInvalid", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestParseRulesDefaultsAndRoundTrip(t *testing.T) {
	r, err := ParseRules("a.json", []byte(`{"id":"only-id"}`))
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultRules()
	if r.ID != "only-id" || r.Name != "only-id" || r.Source != "" {
		t.Errorf("id/name/source = %q/%q/%q", r.ID, r.Name, r.Source)
	}
	r.ID, r.Name, r.Source = d.ID, d.Name, d.Source
	if !reflect.DeepEqual(EncodeRules(r), EncodeRules(d)) {
		t.Errorf("a file with only an id differs from the default:\n%s", EncodeRules(r))
	}
	back, err := ParseRules("mof.json", EncodeRules(d))
	if err != nil {
		t.Fatal(err)
	}
	if string(EncodeRules(back)) != string(EncodeRules(d)) || !back.TotalWeight.Equal(d.TotalWeight) {
		t.Errorf("EncodeRules does not round-trip:\n%s", EncodeRules(back))
	}
	w, err := ParseRules("w.json", []byte(`{"id":"w","execution_counts":false,"execution_basis":"年初预算数","levels":[{"name":"产出指标","weight":"60","level2":[{"name":"数量指标","weight":"35"},{"name":"质量指标","weight":"25"}]},{"name":"效益指标","weight":"40","level2":["社会效益指标"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !w.TotalWeight.Equal(dec("100")) || w.ExecutionCounts || w.ExecutionBasis != BasisInitial {
		t.Errorf("total %s counts %v basis %s", w.TotalWeight, w.ExecutionCounts, w.ExecutionBasis)
	}
	if got, ok := w.Levels[0].Level2Weight("质量指标"); !ok || !got.Equal(dec("25")) {
		t.Errorf("质量指标 weight %s %v", got, ok)
	}
	if string(EncodeRules(mustParse(t, EncodeRules(w)))) != string(EncodeRules(w)) {
		t.Error("二级 weights do not round-trip")
	}
}

func mustParse(t *testing.T, data []byte) Rules {
	t.Helper()
	r, err := ParseRules("t.json", data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func exampleRules(t *testing.T) Rules {
	t.Helper()
	data, err := os.ReadFile("testdata/rules-example.json")
	if err != nil {
		t.Fatal(err)
	}
	return mustParse(t, data)
}

// docs/rules.schema.json describes exactly the keys ParseRules reads.
func TestRulesSchemaListsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../docs/rules.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range s.Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := slices.Sorted(slices.Values(rulesKeys))
	if !slices.Equal(keys, want) {
		t.Errorf("schema keys %v, ParseRules keys %v", keys, want)
	}
}
