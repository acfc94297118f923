package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestGridSplitTarget: Ctrl+E edits 年度指标值 in its split parts (指标方向,
// 指标性质, 指标值, 度量单位) and the combined text follows; editing the
// combined text makes the parts follow; parts that are not valid are
// refused with the reason and nothing is stored.
func TestGridSplitTarget(t *testing.T) {
	g, f := sampleGrid(t, false)
	st := gridStyles()
	// Enter on the parts as they opened keeps the text as written.
	g.jump("overall.indicators.0.target")
	g.key(f, gridKey(t, "ctrl+e"))
	if _, changed := g.key(f, gridKey(t, "enter")); changed || g.mode != gmNav || f.Overall.Indicators[0].Target != "≧100篇" {
		t.Fatalf("unchanged parts rewrote %q", f.Overall.Indicators[0].Target)
	}
	g.jump("overall.indicators.9.target")
	g.key(f, gridKey(t, "ctrl+e"))
	s := g.split
	if g.mode != gmSplit || s.eds[0].Value() != "反向" || s.eds[1].Value() != "≤" || s.eds[2].Value() != "1902.68" || s.eds[3].Value() != "万元" {
		t.Fatalf("parts of 预算金额≤1902.68万元: %q %q %q %q", s.eds[0].Value(), s.eds[1].Value(), s.eds[2].Value(), s.eds[3].Value())
	}
	g.key(f, gridKey(t, "tab"))
	g.key(f, gridKey(t, "tab"))
	for range 7 {
		g.key(f, gridKey(t, "backspace"))
	}
	for _, c := range "1900" {
		g.key(f, gridKey(t, string(c)))
	}
	lines, _, _, _ := g.splitView(f, st, 46, 21)
	if !strings.Contains(ansi.Strip(strings.Join(lines, "\n")), "年度指标值将为：“≤1900万元”") {
		t.Fatalf("no preview of the combined text:\n%s", ansi.Strip(strings.Join(lines, "\n")))
	}
	if _, changed := g.key(f, gridKey(t, "enter")); !changed {
		t.Fatal("Enter stored nothing")
	}
	r := f.Overall.Indicators[9]
	if r.Target != "≤1900万元" || r.Value != "1900" || r.Direction != "反向" || r.Comparator != "≤" || r.Unit != "万元" {
		t.Fatalf("after the split edit: %+v", r)
	}
	if !strings.Contains(g.change, "年度指标值") || g.changePath != "overall.indicators.9.target" {
		t.Fatalf("undo label %q %q", g.change, g.changePath)
	}
	// The combined text edited: the parts follow.
	g.col = colTarget
	for _, c := range "≥95%" {
		g.key(f, gridKey(t, string(c)))
	}
	g.key(f, gridKey(t, "enter"))
	r = f.Overall.Indicators[9]
	if r.Target != "≥95%" || r.Direction != "正向" || r.Comparator != "≥" || r.Value != "95" || r.Unit != "%" {
		t.Fatalf("after the combined edit: %+v", r)
	}
	// A direction that is not 正向 or 反向 is refused.
	g.key(f, gridKey(t, "ctrl+e"))
	for range 2 {
		g.key(f, gridKey(t, "backspace"))
	}
	for _, c := range "向上" {
		g.key(f, gridKey(t, string(c)))
	}
	if _, changed := g.key(f, gridKey(t, "enter")); changed || g.mode != gmSplit {
		t.Fatal("an invalid direction was stored")
	}
	lines, _, _, _ = g.splitView(f, st, 46, 21)
	if !strings.Contains(ansi.Strip(strings.Join(lines, "")), "指标方向“向上”无效") {
		t.Fatalf("no reason:\n%s", ansi.Strip(strings.Join(lines, "\n")))
	}
	g.key(f, gridKey(t, "esc"))
	if g.mode != gmNav || f.Overall.Indicators[9].Direction != "正向" {
		t.Fatal("Esc kept the invalid direction")
	}
}

// TestGridPaneShowsDisagreeingSplit: the pane names the split parts only
// when they say something else than 年度指标值.
func TestGridPaneShowsDisagreeingSplit(t *testing.T) {
	g, f := sampleGrid(t, false)
	st := gridStyles()
	r := &f.Overall.Indicators[0]
	r.Direction, r.Comparator, r.Value, r.Unit = "正向", "≥", "100", "篇"
	lines, _, _, _ := g.pane(f, st, 80)
	if s := ansi.Strip(strings.Join(lines, "\n")); strings.Contains(s, "分项") {
		t.Fatalf("agreeing parts shown:\n%s", s)
	}
	r.Value = "120"
	lines, _, _, _ = g.pane(f, st, 80)
	if s := ansi.Strip(strings.Join(lines, "")); !strings.Contains(s, "分项：方向 正向，性质 ≥，指标值 120，单位 篇，与年度指标值不一致") {
		t.Fatalf("disagreeing parts not shown:\n%s", s)
	}
}
