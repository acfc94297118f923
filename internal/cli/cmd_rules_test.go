package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exampleRulesFile is the minimal rules file of issue 16, as written.
const exampleRulesFile = `{"id":"example-2025","name":"示例","execution_weight":"20","levels":[{"name":"产出指标","weight":"40","level2":["数量指标","质量指标","时效指标","成本指标"]},{"name":"效益指标","weight":"30","level2":["经济效益指标","社会效益指标","生态效益指标","可持续影响指标"]},{"name":"满意度指标","weight":"10","level2":["服务对象满意度指标"]}],"grades":[{"name":"优","min":"85"},{"name":"良","min":"75"},{"name":"中","min":"60"},{"name":"差","min":"0"}]}`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRulesListShowCheck(t *testing.T) {
	code, out, errOut := storeRun(t, "rules", "list")
	if code != exitOK {
		t.Fatalf("rules list: exit %d %s", code, errOut)
	}
	mustContainAll(t, out, "编号", "mof-2020", "财预〔2020〕10号", "依据")

	code, out, errOut = storeRun(t, "rules", "show", "mof-2020")
	if code != exitOK {
		t.Fatalf("rules show: exit %d %s", code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc["id"] != "mof-2020" || doc["execution_weight"] != "10" {
		t.Fatalf("rules show mof-2020: %v %v\n%s", doc, err, out)
	}
	// What show prints is a rules file check accepts.
	shown := writeFile(t, "mof.json", out)
	if code, out, errOut = storeRun(t, "rules", "check", shown); code != exitOK || !strings.Contains(out, "总分100 = 执行率10 + 产出指标50 + 效益指标30 + 满意度指标10") {
		t.Errorf("rules check of show's output: exit %d\n%s%s", code, out, errOut)
	}

	example := writeFile(t, "example.json", exampleRulesFile)
	code, out, errOut = storeRun(t, "rules", "check", example)
	if code != exitOK {
		t.Fatalf("rules check example: exit %d %s", code, errOut)
	}
	mustContainAll(t, out, "规则文件有效：示例（example-2025）", "总分100 = 执行率20 + 产出指标40 + 效益指标30 + 满意度指标10", "优≥85，良≥75，中≥60，差≥0")

	bad := writeFile(t, "x.json", strings.Replace(exampleRulesFile, `"weight":"30"`, `"weight":"abc"`, 1))
	code, _, errOut = storeRun(t, "rules", "check", bad)
	if code != exitFindings || !strings.Contains(errOut, "规则文件 x.json：levels[1].weight 不是有效数字“abc”") {
		t.Errorf("rules check of a broken file: exit %d %q", code, errOut)
	}
	if code, _, errOut = storeRun(t, "rules", "show", "nope"); code != exitUsage || !strings.Contains(errOut, "没有编号为“nope”的内置规则") {
		t.Errorf("rules show nope: exit %d %q", code, errOut)
	}
	if code, _, errOut = storeRun(t, "rules", "check", filepath.Join(t.TempDir(), "missing.json")); code != exitUsage || !strings.Contains(errOut, "无法读取规则文件") {
		t.Errorf("rules check of a missing file: exit %d %q", code, errOut)
	}
	if code, _, _ = storeRun(t, "rules", "frob"); code != exitUsage {
		t.Errorf("rules frob: exit %d", code)
	}
}

// The sample under the example rules: 执行率 weighs 20 (48.65% → 9.73), the
// table then weighs 20 + 90 = 110 against the set's 100, so it is not graded.
func TestScoreWithRulesFile(t *testing.T) {
	example := writeFile(t, "example.json", exampleRulesFile)
	code, out, errOut := storeRun(t, "score", sampleFile, "--rules", example, "--json")
	if code != exitOK {
		t.Fatalf("score --rules: exit %d %s", code, errOut)
	}
	var got struct {
		Rules   struct{ ID string }
		Overall struct {
			ExecutionScore  string `json:"execution_score"`
			ExecutionWeight string `json:"execution_weight"`
			Total, Grade    string
			Valid           bool
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	o := got.Overall
	if got.Rules.ID != "example-2025" || o.ExecutionScore != "9.73" || o.ExecutionWeight != "20.00" || o.Total != "99.73" || o.Valid || o.Grade != "无效（权重合计110）" {
		t.Errorf("score --rules example: %+v\n%s", got, out)
	}
	code, out, _ = storeRun(t, "score", sampleFile)
	if code != exitOK || !strings.Contains(out, "评分规则：") || !strings.Contains(out, "（mof-2020）") || !strings.Contains(out, "94.87") {
		t.Errorf("score under the default: exit %d\n%s", code, out)
	}

	code, out, _ = storeRun(t, "check", sampleFile, "--rules", example, "--json")
	if code != exitFindings || !strings.Contains(out, `"rules": "example-2025"`) || !strings.Contains(out, "weights.total") {
		t.Errorf("check --rules: exit %d\n%s", code, out)
	}
	bad := writeFile(t, "x.json", `{"id":"x","grades":[{"name":"优","min":"90"},{"name":"差","min":"5"}]}`)
	for _, cmd := range [][]string{{"score", sampleFile}, {"check", sampleFile}, {"show", sampleFile}, {"export", sampleFile, "--format", "csv"}, {"summary", sampleFile}} {
		code, _, errOut := storeRun(t, append(cmd, "--rules", bad)...)
		if code != exitUsage || !strings.Contains(errOut, "规则文件 x.json：grades[1].min 为5") {
			t.Errorf("%s --rules bad: exit %d %q", cmd[0], code, errOut)
		}
	}
	code, out, errOut = storeRun(t, "export", sampleFile, "--format", "csv", "--summary", "--rules", example)
	if code != exitOK || !strings.Contains(out, ",9.73,") {
		t.Errorf("export --rules: exit %d %s\n%s", code, errOut, out)
	}
	code, out, errOut = storeRun(t, "summary", sampleFile, "--rules", example)
	if code != exitOK || !strings.Contains(out, ",9.73,") {
		t.Errorf("summary --rules: exit %d %s\n%s", code, errOut, out)
	}
	code, out, errOut = storeRun(t, "show", sampleFile, "--rules", example)
	if code != exitOK || !strings.Contains(out, "9.73") {
		t.Errorf("show --rules: exit %d %s", code, errOut)
	}
}

// A filing naming an unknown rule set is an error finding and is scored
// under the default.
func TestFilingNamesUnknownRules(t *testing.T) {
	file := writeSampleJSON(t, "unknown-rules.json", func(doc map[string]any) { doc["rules"] = "hunan-2099" })
	code, out, _ := storeRun(t, "check", file)
	if code != exitFindings || !strings.Contains(out, "填报指定的评分规则“hunan-2099”不存在") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	if code, out, _ = storeRun(t, "score", file, "--json"); code != exitOK || !strings.Contains(out, `"total": "94.87"`) {
		t.Errorf("score: exit %d\n%s", code, out)
	}
}

// Issue 16, Build 6: execution_in_grid is read, shown and checked; the
// exports under it print 执行率 as the grid's first row.
func TestRulesExecutionInGrid(t *testing.T) {
	grid := writeFile(t, "grid.json", `{"id":"grid-2025","name":"执行率入表","execution_in_grid":true}`)
	code, out, errOut := storeRun(t, "rules", "show", grid)
	if code != exitOK || !strings.Contains(out, `"execution_in_grid": true`) {
		t.Errorf("rules show: exit %d %s\n%s", code, errOut, out)
	}
	code, out, _ = storeRun(t, "rules", "show", "mof-2020")
	if code != exitOK || !strings.Contains(out, `"execution_in_grid": false`) {
		t.Errorf("rules show mof-2020:\n%s", out)
	}
	code, out, _ = storeRun(t, "rules", "check", grid)
	if code != exitOK || !strings.Contains(out, "执行率列为绩效指标表第一行") {
		t.Errorf("rules check: exit %d\n%s", code, out)
	}
	bad := writeFile(t, "bad.json", `{"id":"g","execution_in_grid":1}`)
	if code, _, errOut = storeRun(t, "rules", "check", bad); code != exitFindings || !strings.Contains(errOut, "execution_in_grid 应为 true 或 false") {
		t.Errorf("bad execution_in_grid: exit %d %q", code, errOut)
	}
	code, out, _ = storeRun(t, "export", sampleFile, "--format", "csv", "--rules", grid)
	if code != exitOK || !strings.Contains(out, "执行率,预算执行率,,100%,48.65%,10,4.87,4.87") {
		t.Errorf("export csv under the grid rules: exit %d\n%s", code, out)
	}
}
