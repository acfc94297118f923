package cli

import (
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
