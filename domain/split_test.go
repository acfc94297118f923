package domain

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestComposeTarget(t *testing.T) {
	cases := []struct {
		name                               string
		direction, comparator, value, unit string
		want                               string
	}{
		{"at least a percentage", "正向", "≥", "95", "%", "≥95%"},
		{"at most money", "反向", "≤", "1902.68", "万元", "≤1902.68万元"},
		{"exactly", "", "=", "12", "个", "=12个"},
		{"direction stands for a missing comparator (反向)", "反向", "", "5", "%", "≤5%"},
		{"direction stands for a missing comparator (正向)", "正向", "", "100", "篇", "≥100篇"},
		{"no comparator nor direction: the bare number", "", "", "100", "%", "100%"},
		{"qualitative wording", "", "", "及时", "", "及时"},
		{"blank value gives blank", "正向", "≥", " ", "%", ""},
		{"spaces trimmed", "", " ≥ ", " 90 ", " % ", "≥90%"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Indicator{Direction: c.direction, Comparator: c.comparator, Value: c.value, Unit: c.unit}
			if got := r.ComposeTarget(); got != c.want {
				t.Errorf("ComposeTarget = %q, want %q", got, c.want)
			}
		})
	}
}

func TestSyncTargetFromCombined(t *testing.T) {
	cases := []struct {
		target                             string
		direction, comparator, value, unit string
	}{
		{"≧100篇", "正向", "≥", "100", "篇"},
		{"≥95%", "正向", "≥", "95", "%"},
		{"不低于95%", "正向", "≥", "95", "%"},
		{">3个", "正向", ">", "3", "个"},
		{"预算金额≤1902.68万元", "反向", "≤", "1902.68", "万元"},
		{"<5%", "反向", "<", "5", "%"},
		{"═100%", "", "=", "100", "%"},
		{"﹦12个", "", "=", "12", "个"},
		{"≮90%", "正向", "≥", "90", "%"},
		{"≯5天", "反向", "≤", "5", "天"},
		{"95%以上", "正向", "≥", "95", "%"},
		{"150万", "正向", "≥", "150", "万元"},
		{"及时", "", "", "及时", ""},
		{"≥篇", "", "", "", ""},
		{"", "", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.target, func(t *testing.T) {
			r := Indicator{Target: c.target, Direction: "stale", Comparator: "stale", Value: "stale", Unit: "stale"}
			r.SyncTarget(false)
			if r.Direction != c.direction || r.Comparator != c.comparator || r.Value != c.value || r.Unit != c.unit {
				t.Errorf("split = %q %q %q %q, want %q %q %q %q", r.Direction, r.Comparator, r.Value, r.Unit, c.direction, c.comparator, c.value, c.unit)
			}
			if r.Target != c.target {
				t.Errorf("Target changed to %q", r.Target)
			}
			// The split spells the same target back.
			if c.value != "" && !sameTarget(c.target, r.ComposeTarget()) {
				t.Errorf("composed %q does not mean %q", r.ComposeTarget(), c.target)
			}
		})
	}
	r := Indicator{Target: "old", Comparator: "≤", Value: "5", Unit: "%"}
	r.SyncTarget(true)
	if r.Target != "≤5%" {
		t.Errorf("SyncTarget(true): Target = %q", r.Target)
	}
	r.Value = ""
	r.SyncTarget(true)
	if r.Target != "" {
		t.Errorf("SyncTarget(true) with a blank value: Target = %q", r.Target)
	}
}

// decodeIndicator reads a sample whose first 附件2 row is replaced by row
// (a JSON object).
func decodeIndicator(t *testing.T, row string) *Filing {
	t.Helper()
	doc := genericJSON(t, sampleBytes(t)).(map[string]any)
	var v any
	if err := json.Unmarshal([]byte(row), &v); err != nil {
		t.Fatal(err)
	}
	doc["overall"].(map[string]any)["indicators"].([]any)[0] = v
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestDecodeAcceptsEitherTargetForm(t *testing.T) {
	const base = `"level1": "产出指标", "level2": "数量指标", "name": "全年在区级及以上媒体上稿篇数", "actual": "87篇", "weight": "4", "score": null, "deviation": "稿件质量待提高"`
	combined := decodeIndicator(t, `{`+base+`, "target": "≧100篇"}`)
	split := decodeIndicator(t, `{`+base+`, "direction": "正向", "comparator": "≥", "value": "100", "unit": "篇"}`)
	split2 := decodeIndicator(t, `{`+base+`, "target": "", "comparator": "≧", "value": "100", "unit": "篇"}`)

	if got := split.Overall.Indicators[0].Target; got != "≥100篇" {
		t.Errorf("split only: target composed as %q", got)
	}
	if got := split2.Overall.Indicators[0].Target; got != "≧100篇" {
		t.Errorf("split with ≧: target composed as %q", got)
	}
	c := combined.Overall.Indicators[0]
	if c.Direction != "正向" || c.Comparator != "≥" || c.Value != "100" || c.Unit != "篇" {
		t.Errorf("combined only: split derived as %+v", c)
	}
	// The same score either way: 4 × 87 ÷ 100 = 3.48.
	for name, f := range map[string]*Filing{"combined": combined, "split": split, "split ≧": split2} {
		ts := Score(f, DefaultRules()).Overall
		if got := ts.Rows[0].Suggested.Fixed2(); got != "3.48" {
			t.Errorf("%s: suggested %s, want 3.48", name, got)
		}
		if fs := Check(f, DefaultRules()); len(withCode(fs, "indicator.split_mismatch"))+len(withCode(fs, "required.blank")) != 0 {
			t.Errorf("%s: findings %s", name, findingList(fs))
		}
	}
	// Both forms are written, and read back to the same row.
	for name, f := range map[string]*Filing{"combined": combined, "split": split} {
		out, err := Encode(f)
		if err != nil {
			t.Fatal(err)
		}
		row := genericJSON(t, out).(map[string]any)["overall"].(map[string]any)["indicators"].([]any)[0].(map[string]any)
		for _, k := range []string{"target", "direction", "comparator", "value", "unit"} {
			if s, _ := row[k].(string); s == "" {
				t.Errorf("%s: %s not written: %v", name, k, row)
			}
		}
	}
}

func TestScoreRowSplitOnly(t *testing.T) {
	// A row held in memory with the split columns only (as an importer of
	// 一体化 records may build it) is scored against the composed target.
	r := Indicator{Level1: "产出指标", Level2: "成本指标", Name: "经费", Direction: "反向", Comparator: "≤", Value: "100", Unit: "万元", Actual: "110万元", Weight: amt("10")}
	if got := ScoreRow(r, DefaultRules()).Suggested.Fixed2(); got != "9.00" {
		t.Errorf("suggested %s, want 9.00 (10 × (1 − 10 ÷ 100))", got)
	}
}

func TestEncodeWritesSplitOfInMemoryRows(t *testing.T) {
	f := NewFiling("单位", 2024)
	f.Overall.Indicators = []Indicator{{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "满意度", Target: "≥90%"}}
	out, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"comparator": "≥"`) || !strings.Contains(string(out), `"value": "90"`) {
		t.Errorf("split columns not written:\n%s", out)
	}
	if f.Overall.Indicators[0].Comparator != "" {
		t.Error("Encode changed the filing it was given")
	}
}

func TestSplitFindingsAgreeingForms(t *testing.T) {
	for _, r := range []Indicator{
		{Target: "预算金额≤1902.68万元", Direction: "反向", Comparator: "≤", Value: "1902.68", Unit: "万元"},
		{Target: "≧95%", Direction: "正向", Comparator: "≥", Value: "95", Unit: "%"},
		{Target: "不低于95%", Comparator: "大于等于", Value: "95", Unit: "百分比"},
		{Target: "及时", Value: "及时"},
		{Target: "=100%", Comparator: "=", Value: "100", Unit: "%", Direction: "正向"},
	} {
		c := &checker{f: &Filing{}, r: DefaultRules()}
		c.splitFindings(r, "行", func(p string) Location { return at(2, p) })
		if len(c.out) != 0 {
			t.Errorf("%+v: %s", r, findingList(c.out))
		}
	}
}

// A split derived from the target follows the target: a program that edits
// Target alone (and does not call SyncTarget) gets the split derived again
// on Encode and no mismatch; a split edited on its own is kept and compared.
func TestDerivedSplitFollowsTarget(t *testing.T) {
	f := loadSample(t)
	f.Overall.Indicators[0].Target = "≧120篇"
	if fs := withCode(Check(f, DefaultRules()), "indicator.split_mismatch"); len(fs) != 0 {
		t.Errorf("edited target: %s", findingList(fs))
	}
	out, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	if r := g.Overall.Indicators[0]; r.Value != "120" || r.Comparator != "≥" || r.Target != "≧120篇" {
		t.Errorf("written back as %+v", r)
	}

	f = loadSample(t)
	f.Overall.Indicators[0].Unit = "个"
	if fs := withCode(Check(f, DefaultRules()), "indicator.split_mismatch"); len(fs) != 1 {
		t.Errorf("edited unit: %s", findingList(Check(f, DefaultRules())))
	}
	out, _ = Encode(f)
	g, _ = Decode(out)
	if r := g.Overall.Indicators[0]; r.Unit != "个" || r.Target != "≧100篇" {
		t.Errorf("an edited split column was not kept: %+v", r)
	}

	// A split read from the file that says more than the target (a
	// direction for =) is kept when the target is edited.
	f = decodeIndicator(t, `{"level1": "产出指标", "level2": "数量指标", "name": "n", "target": "=5个", "direction": "正向", "comparator": "=", "value": "5", "unit": "个", "actual": "5个", "weight": "4", "score": "4", "deviation": ""}`)
	f.Overall.Indicators[0].Target = "=6个"
	if fs := withCode(Check(f, DefaultRules()), "indicator.split_mismatch"); len(fs) != 1 {
		t.Errorf("a given split is not compared: %s", findingList(fs))
	}
}
