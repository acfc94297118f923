package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 14, item 2: score padded the 一级指标 names with %-10s, which
// counts runes, so a Chinese name of four characters took 8 columns and
// the values of its row started two to four columns to the right of
// 执行率's. Every value of a table must start at one display column.
func TestScoreTextAlignsByDisplayWidth(t *testing.T) {
	file := writeSampleJSON(t, "一级指标.json", func(doc map[string]any) {
		doc["unit"] = "梅溪街道（测试）"
		row := doc["overall"].(map[string]any)["indicators"].([]any)[0].(map[string]any)
		row["level1"] = "可持续影响指标" // seven characters, 14 columns
	})
	code, out, errOut := storeRun(t, "score", file)
	if code != exitOK {
		t.Fatalf("score: exit %d, %s", code, errOut)
	}
	row := regexp.MustCompile(`^  (\S+)( {2,})(\S.*)$`)
	valueColumn := -1
	rows := 0
	for _, line := range strings.Split(out, "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rows++
		col := displayWidth("  " + m[1] + m[2])
		if valueColumn < 0 {
			valueColumn = col
		}
		if col != valueColumn {
			t.Errorf("%q: value at display column %d, want %d like 执行率's\n%s", line, col, valueColumn, out)
		}
	}
	// 执行率, 执行率得分, four 一级指标, 总分, 等级.
	if rows != 8 {
		t.Fatalf("%d score rows, want 8:\n%s", rows, out)
	}
	mustContainAll(t, out, "梅溪街道（测试） 2024年度", "  可持续影响指标  4.00 / 4.00", "  执行率          48.65%")
}

// Issue 14, item 3: score, check, show, export, summary and import read a
// filing file through the one reader (internal/filingfile). Before, the
// CLI's own copy read a FIFO with os.ReadFile and waited for a writer
// forever, and did not expand "~/" (a path quoted in a script reaches
// jixiao unexpanded).
func TestCommandsReadFilingFilesThroughTheOneReader(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "梅溪.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(home, "管道.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	db := storeDB(t)
	for _, args := range [][]string{{"score"}, {"check"}, {"show"}, {"export", "--format", "json"}, {"summary"}, {"import"}} {
		code, out, errOut := storeRun(t, append([]string{"--db", db}, append(args, "~/梅溪.json")...)...)
		// check exits 1 for the sample's findings.
		if code != exitOK && (args[0] != "check" || code != exitFindings) || out == "" {
			t.Errorf("%v ~/梅溪.json: exit %d, %q", args, code, errOut)
		}
		done := make(chan string, 1)
		go func() {
			code, _, errOut := storeRun(t, append([]string{"--db", db}, append(args, fifo)...)...)
			done <- fmt.Sprintf("%d %s", code, errOut)
		}()
		select {
		case got := <-done:
			if !strings.HasPrefix(got, "2 ") || !strings.Contains(got, "管道（FIFO）") {
				t.Errorf("%v on a FIFO: %q", args, got)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v waits on a FIFO with no writer", args)
		}
	}
}

// Issue 16, Done when: the sample under the minimal example rules
// file scores 执行率 out of 20 and grades with 85/75/60. The sample weighs
// 90 in its rows; without its 10-point 时效指标 row it weighs 20 + 80 = 100
// under the example set and is graded.
func TestScoreExampleRulesGrades(t *testing.T) {
	example := writeFile(t, "example.json", exampleRulesFile)
	cases := []struct {
		name   string
		zeroed []int // rows (after the removal) whose 得分 is set to 0
		total  string
		grade  string
	}{
		{"89.73 is 优 at 85 (良 under mof-2020's 90)", nil, "89.73", "优"},
		{"79.73 is 良 at 75", []int{14}, "79.73", "良"},
		{"65.73 is 中 at 60", []int{14, 11, 0}, "65.73", "中"},
		{"57.73 is 差 below 60", []int{14, 11, 0, 1, 2}, "57.73", "差"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := writeSampleJSON(t, "示例规则.json", func(doc map[string]any) {
				o := doc["overall"].(map[string]any)
				rows := o["indicators"].([]any)
				rows = append(rows[:8:8], rows[9:]...)
				for _, i := range c.zeroed {
					rows[i].(map[string]any)["score"] = "0"
					rows[i].(map[string]any)["deviation"] = "未完成"
				}
				o["indicators"] = rows
			})
			code, out, errOut := storeRun(t, "score", file, "--rules", example, "--json")
			if code != exitOK {
				t.Fatalf("exit %d %s", code, errOut)
			}
			var got struct {
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
			if o.ExecutionWeight != "20.00" || o.ExecutionScore != "9.73" || !o.Valid || o.Total != c.total || o.Grade != c.grade {
				t.Errorf("got %+v, want 9.73 / 20.00, total %s %s\n%s", o, c.total, c.grade, out)
			}
		})
	}
}

// Issue 16, Build 6: score shows each funding source's 执行率 and, when a
// table has 复核分, the 复核 subtotals, 复核总分 and its 等级.
func TestScoreShowsSourcesAndReview(t *testing.T) {
	file := writeSampleJSON(t, "来源复核.json", func(doc map[string]any) {
		o := doc["overall"].(map[string]any)
		o["indicators"].([]any)[0].(map[string]any)["review_score"] = "2"
		doc["projects"] = []any{map[string]any{
			"name": "业务工作经费", "department": "梅溪街道", "implementer": "梅溪街道", "execution_weight": "10",
			"funds": map[string]any{
				"total": map[string]any{"initial_budget": "639", "full_year_budget": "639", "executed": "28.79"},
				"sources": []any{
					map[string]any{"name": "区级财政资金", "initial_budget": "600", "full_year_budget": "609", "executed": "28.79"},
					map[string]any{"name": "上级补助", "initial_budget": "39", "full_year_budget": "30", "executed": nil},
				},
			},
			"goals":      map[string]any{"expected": []any{"保障"}, "actual": []any{"完成"}},
			"indicators": []any{},
		}}
	})
	code, out, errOut := storeRun(t, "score", file, "--json")
	if code != exitOK {
		t.Fatalf("exit %d %s", code, errOut)
	}
	var got struct {
		Overall struct {
			Total   string
			Sources []sourceJSON
			Review  *reviewJSON
		}
		Projects []struct {
			Sources []sourceJSON
			Review  *reviewJSON
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	o := got.Overall
	if o.Total != "94.87" || o.Sources != nil || o.Review == nil || o.Review.Total != "92.87" || o.Review.Grade != "优" || o.Review.Level1["产出指标"] != "48.00" {
		t.Errorf("附件2: %+v %+v\n%s", o, o.Review, out)
	}
	if len(got.Projects) != 1 || got.Projects[0].Review != nil {
		t.Fatalf("projects %+v", got.Projects)
	}
	src := got.Projects[0].Sources
	if len(src) != 2 || src[0].Name != "区级财政资金" || src[0].ExecutionRate == nil || *src[0].ExecutionRate != "4.73" || src[1].ExecutionRate != nil {
		t.Errorf("sources %+v\n%s", src, out)
	}
	code, out, _ = storeRun(t, "score", file)
	mustContainAll(t, out, "复核总分", "92.87", "资金来源“区级财政资金”执行率", "4.73%", "资金来源“上级补助”执行率")
	if code != exitOK {
		t.Errorf("text: exit %d", code)
	}
	// Without 复核分 or sources neither is printed.
	code, out, _ = storeRun(t, "score", sampleFile, "--json")
	if code != exitOK || strings.Contains(out, `"review"`) || strings.Contains(out, `"sources"`) {
		t.Errorf("sample: exit %d\n%s", code, out)
	}
}
