package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"jixiao/domain"
)

// gridStyles are the styles of the goldens: no colours, Unicode glyphs.
func gridStyles() *Styles {
	st := NewStyles(colorprofile.Ascii, false)
	return &st
}

// sampleDeviation is a 偏差原因分析及改进措施 written as units write them,
// with enough punctuation that a careless break would start a line with it.
const sampleDeviation = "全年经费开支控制在预算以内，个别支出（如办公设备购置）进度偏慢，原因是政府采购流程较长。下一步将提前谋划采购计划、加快预算执行进度，确保资金使用效益。"

// withDeviation is the sample with sampleDeviation on 全年经费开支 (row 9,
// whose target is 预算金额≤1902.68万元).
func withDeviation(t *testing.T) *domain.Filing {
	f := loadSample(t)
	f.Overall.Indicators[9].Deviation = sampleDeviation
	return f
}

// gridPaneText joins the detail pane's lines of a wizard screen (the column
// between the sidebar and the score panel, from the pane's title down).
func gridPaneText(screen string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(screen, "\n") {
		parts := strings.Split(l, "│")
		if len(parts) < 3 {
			continue
		}
		body := strings.TrimRight(parts[1], " ")
		if strings.HasPrefix(body, "─ 第") {
			in = true
		}
		if in {
			out = append(out, body)
		}
	}
	return out
}

// TestGridDetailPaneGolden: at 80×24 and 120×40 the detail pane shows the
// whole current row — the target 预算金额≤1902.68万元 the column cuts and the
// whole 偏差 text, wrapped — and the selected 偏差 cell is in the pane when
// its column does not fit.
func TestGridDetailPaneGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			m := opened(t, withDeviation(t), w, h)
			m.wiz.enter(stepIndicators)
			g := m.wiz.comp().(*gridStep).g
			g.jump("overall.indicators.9.deviation")
			out := checkFrame(t, m, w, h)
			pane := gridPaneText(out)
			joined := strings.Join(pane, "")
			for _, want := range []string{"年度指标值：预算金额≤1902.68万元", "偏差原因分析及改进措施：" + sampleDeviation, "三级指标：全年经费开支", "得分：10.00（建议 10.00）"} {
				if !strings.Contains(joined, want) {
					t.Errorf("pane lacks %q:\n%s", want, strings.Join(pane, "\n"))
				}
			}
			if g.col != colDeviation || g.inTable[colDeviation] || g.paneSel == 0 {
				t.Errorf("偏差 selected %v, in table %v, pane line %d", g.col == colDeviation, g.inTable[colDeviation], g.paneSel)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// TestGridWideGolden: given the width a 120-column terminal leaves when the
// sidebar and the score panel are hidden, the grid shows the 偏差 column
// and longer names and targets.
func TestGridWideGolden(t *testing.T) {
	f := withDeviation(t)
	g := newGrid(f, "overall.indicators", "附件2", func(f *domain.Filing) *[]domain.Indicator { return &f.Overall.Indicators })
	g.jump("overall.indicators.9.deviation")
	st := gridStyles()
	lines, _, _, _ := g.render(st, nil, f, 118, 36)
	out := ansi.Strip(strings.Join(lines, "\n"))
	if !g.inTable[colDeviation] || !strings.Contains(lines[0], "偏差原因分析及改进措施") || !strings.Contains(out, "预算金额≤1902.68万元") {
		t.Fatalf("no 偏差 column at 118:\n%s", out)
	}
	for i, l := range strings.Split(out, "\n") {
		if displayWidth(l) > 118 {
			t.Fatalf("line %d is %d wide", i, displayWidth(l))
		}
	}
	golden.RequireEqual(t, []byte(out))
}

// TestGridSelectionNeverHidden: → skips the 复核分 column a table does not
// have and stops at the last cell; a selected 偏差 cell moves between the
// table and the pane as the width changes and stays highlighted; a 复核分
// cell that disappears leaves the selection on 得分.
func TestGridSelectionNeverHidden(t *testing.T) {
	g, f := sampleGrid(t, false)
	st := gridStyles()
	g.col = colScore
	g.key(f, gridKey(t, "right"))
	if g.col != colDeviation {
		t.Fatalf("→ from 得分 went to %d, want 偏差 (no 复核分 in this table)", g.col)
	}
	g.key(f, gridKey(t, "right"))
	if g.col != colDeviation {
		t.Fatalf("→ at the end moved to %d", g.col)
	}
	for _, w := range []int{118, 46, 64, 118} {
		lines, _, _, _ := g.render(st, nil, f, w, 30)
		if g.inTable[colDeviation] {
			continue
		}
		if g.paneSel == 0 || !strings.HasPrefix(ansi.Strip(lines[len(lines)-1]), "偏差原因分析及改进措施：") {
			t.Fatalf("width %d: selected 偏差 not in the pane (line %d):\n%s", w, g.paneSel, ansi.Strip(strings.Join(lines, "\n")))
		}
	}
	// A table with a 复核分: → stops on it; clearing the last one takes the
	// column away and the selection with it.
	a := domain.Int(3)
	f.Overall.Indicators[0].ReviewScore = &a
	g.relayout(f, true)
	g.sel, g.col = g.pos[0], colScore
	g.key(f, gridKey(t, "right"))
	if g.col != colReview {
		t.Fatalf("→ from 得分 went to %d, want 复核分", g.col)
	}
	lines, _, _, _ := g.render(st, nil, f, 118, 30)
	if !strings.Contains(lines[0], "复核分") || !strings.Contains(ansi.Strip(strings.Join(lines, "\n")), "复核分：3") {
		t.Fatalf("no 复核分 column or detail:\n%s", ansi.Strip(strings.Join(lines, "\n")))
	}
	if _, changed := g.key(f, gridKey(t, "delete")); !changed || f.Overall.Indicators[0].ReviewScore != nil {
		t.Fatal("Del did not clear the 复核分")
	}
	if g.review || g.col != colScore {
		t.Fatalf("review %v col %d after the last 复核分 went", g.review, g.col)
	}
}

// TestGridReviewScoreInPane: below 60 columns 复核分 is a cell of the pane,
// edited there with the cursor in it, and checked like 得分.
func TestGridReviewScoreInPane(t *testing.T) {
	g, f := sampleGrid(t, false)
	st := gridStyles()
	a := domain.Int(3)
	f.Overall.Indicators[0].ReviewScore = &a
	g.relayout(f, true)
	g.col = colReview
	g.key(f, gridKey(t, "9"))
	lines, _, cy, ok := g.render(st, nil, f, 46, 21)
	if g.inTable[colReview] || !ok || !strings.HasPrefix(ansi.Strip(lines[cy]), "复核分：9") {
		t.Fatalf("cursor %v at %d:\n%s", ok, cy, ansi.Strip(strings.Join(lines, "\n")))
	}
	g.key(f, gridKey(t, "enter"))
	if g.mode != gmEdit || !g.asking || !strings.Contains(g.err, "超过分值4") || f.Overall.Indicators[0].ReviewScore.Text() != "3" {
		t.Fatalf("9 over 分值 4 accepted: mode %d err %q review %s", g.mode, g.err, f.Overall.Indicators[0].ReviewScore.Text())
	}
	g.key(f, gridKey(t, "n"))
	g.key(f, gridKey(t, "backspace"))
	g.key(f, gridKey(t, "2"))
	if _, changed := g.key(f, gridKey(t, "enter")); !changed || f.Overall.Indicators[0].ReviewScore.Text() != "2" {
		t.Fatalf("复核分 %s", f.Overall.Indicators[0].ReviewScore.Text())
	}
}

// TestGridPaneLineBreaks: at every width the pane breaks Chinese text by
// its rules: no closing punctuation at a line start, no opening bracket at
// a line end.
func TestGridPaneLineBreaks(t *testing.T) {
	f := withDeviation(t)
	g := newGrid(f, "overall.indicators", "附件2", func(f *domain.Filing) *[]domain.Indicator { return &f.Overall.Indicators })
	g.jump("overall.indicators.9.deviation")
	st := gridStyles()
	for w := 30; w <= 80; w++ {
		lines, _, _, _ := g.pane(f, st, w)
		for _, l := range lines {
			l = strings.TrimSpace(ansi.Strip(l))
			if l == "" {
				continue
			}
			first, last := []rune(l)[0], []rune(l)[len([]rune(l))-1]
			if strings.ContainsRune("。、，）；：！？", first) || last == '（' {
				t.Errorf("width %d: line %q breaks the rules", w, l)
			}
		}
	}
}

// TestGridExecutionRow: with a rule set that prints 执行率 in the grid, it
// is the first, read-only row: 分值 the execution weight, 得分 its score.
func TestGridExecutionRow(t *testing.T) {
	g, f := sampleGrid(t, false)
	g.rules.ExecutionInGrid = true
	g.relayout(f, false)
	st := gridStyles()
	lines, _, _, _ := g.render(st, nil, f, 64, 37)
	if !strings.Contains(lines[1], "执行率（分值 10，得分 4.87）") || !strings.Contains(lines[2], "  执行率 ") ||
		!strings.Contains(lines[2], "48.65%") || !strings.Contains(lines[2], "4.87") {
		t.Fatalf("no 执行率 row:\n%s", ansi.Strip(strings.Join(lines, "\n")))
	}
	if !strings.HasPrefix(ansi.Strip(lines[len(lines)-1]), "偏差原因分析及改进措施：") {
		t.Fatalf("the 执行率 row pushed the pane's last line out:\n%s", ansi.Strip(strings.Join(lines, "\n")))
	}
	// The funds edited on their step: the row follows at the next view.
	f.Overall.Funds.Executed = f.Overall.Funds.FullYearBudget
	lines, _, _, _ = g.render(st, nil, f, 64, 37)
	if !strings.Contains(lines[1], "执行率（分值 10，得分 10.00）") || !strings.Contains(lines[2], "100.00%") {
		t.Fatalf("执行率 not refreshed:\n%s", ansi.Strip(strings.Join(lines[:3], "\n")))
	}
	g.key(f, gridKey(t, "up"))
	if g.cur() != 0 {
		t.Fatalf("the 执行率 row took the selection: %d", g.cur())
	}
	if _, changed := g.key(f, gridKey(t, "ctrl+x")); changed || g.mode != gmDelete {
		t.Fatal("Ctrl+X did not ask about row 0")
	}
	g.key(f, gridKey(t, "y"))
	if len(f.Overall.Indicators) != 15 || g.exec == nil {
		t.Fatalf("%d rows, exec %v", len(f.Overall.Indicators), g.exec)
	}
	// Without the rule the row is not there.
	g.rules.ExecutionInGrid = false
	g.relayout(f, false)
	lines, _, _, _ = g.render(st, nil, f, 64, 37)
	if strings.Contains(strings.Join(lines, "\n"), "  执行率 ") {
		t.Fatal("执行率 row without the rule")
	}
}

// TestGridRenderFitsEverySize: at every size the grid, its pane (cut when
// short of lines), the paste preview and the split editor draw exactly the
// lines asked, none wider than the width, with the cursor inside.
func TestGridRenderFitsEverySize(t *testing.T) {
	f := withDeviation(t)
	f.Overall.Indicators[9].Deviation = strings.Repeat(sampleDeviation, 3)
	a := domain.Int(3)
	f.Overall.Indicators[9].ReviewScore = &a
	st := gridStyles()
	views := map[string]func(g *grid){
		"nav":   func(g *grid) { g.jump("overall.indicators.9.deviation") },
		"edit":  func(g *grid) { g.jump("overall.indicators.9.review_score"); g.startEdit(f, "2", true) },
		"paste": func(g *grid) { g.paste(f, sixRows+"x\ty\tz\tabc\t-1\t9\tq\tr\ts\n") },
		"split": func(g *grid) { g.jump("overall.indicators.9.target"); g.openSplit(f) },
	}
	for name, setup := range views {
		for w := 44; w <= 130; w += 7 {
			for h := 8; h <= 40; h += 4 {
				g := newGrid(f, "overall.indicators", "附件2", func(f *domain.Filing) *[]domain.Indicator { return &f.Overall.Indicators })
				setup(g)
				lines, cx, cy, ok := g.render(st, nil, f, w, h)
				if len(lines) != h {
					t.Fatalf("%s %dx%d: %d lines", name, w, h, len(lines))
				}
				for i, l := range lines {
					if dw := displayWidth(l); dw > w {
						t.Fatalf("%s %dx%d: line %d is %d wide: %q", name, w, h, i, dw, ansi.Strip(l))
					}
				}
				if ok && (cx < 0 || cx > w || cy < 0 || cy >= h) {
					t.Fatalf("%s %dx%d: cursor %d,%d outside", name, w, h, cx, cy)
				}
				if name == "nav" && !ok {
					t.Fatalf("%s %dx%d: no cursor on the selected cell", name, w, h)
				}
			}
		}
	}
}

// TestGridPaneShowsTyping: a target typed into the narrow 年度指标值 cell
// is shown whole in the pane while it is typed.
func TestGridPaneShowsTyping(t *testing.T) {
	g, f := sampleGrid(t, false)
	g.jump("overall.indicators.9.target")
	for _, c := range "预算金额≤1900.50万元" {
		g.key(f, gridKey(t, string(c)))
	}
	lines, _, _, _ := g.render(gridStyles(), nil, f, 46, 21)
	if s := ansi.Strip(strings.Join(lines, "\n")); !strings.Contains(s, "年度指标值：预算金额≤1900.50万元") {
		t.Fatalf("typing not in the pane:\n%s", s)
	}
	if f.Overall.Indicators[9].Target != "预算金额≤1902.68万元" {
		t.Fatal("the draft was stored before Enter")
	}
}
