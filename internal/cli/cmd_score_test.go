package cli

import (
	"regexp"
	"strings"
	"testing"
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
		col := widths.StringWidth("  " + m[1] + m[2])
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
