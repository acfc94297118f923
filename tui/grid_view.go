package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// gridWidths returns the width of each column for a grid width columns
// wide (0: the column is not shown; its text is in the detail lines).
func gridWidths(width int) [colCount]int {
	var w [colCount]int
	w[colTarget], w[colActual] = 10, 10
	if width < 60 {
		w[colTarget], w[colActual] = 8, 8
	}
	w[colWeight], w[colScore] = 5, 11
	if width < 60 {
		w[colWeight], w[colScore] = 4, 8
	}
	used := 2 + w[colTarget] + w[colActual] + w[colWeight] + w[colScore] + 4
	if width >= 90 {
		w[colDeviation] = min(24, width-used-1-24)
		used += w[colDeviation] + 1
	}
	w[colName] = max(width-used-1, 6)
	return w
}

// scoreCell is the 得分 cell: the filed score, with its difference from
// the engine's suggestion when they differ; the suggestion dim when no
// score was filed.
func scoreCell(r domain.Indicator, rs domain.RowScore, st *Styles) (string, lipgloss.Style) {
	if r.Score.IsSet() {
		s := r.Score.Fixed2()
		if rs.Suggested.IsSet() && !r.Score.Decimal().Equal(rs.Suggested.Decimal()) {
			d := domain.Round2(r.Score.Decimal().Sub(rs.Suggested.Decimal()))
			sign := "+"
			if d.IsNegative() {
				sign = ""
			}
			return s + " " + sign + d.StringFixed(2), st.Warning
		}
		return s, st.Value
	}
	if rs.Suggested.IsSet() {
		return rs.Suggested.Fixed2(), st.Subtle
	}
	return st.G.Dash, st.Subtle
}

// view renders the grid: the column titles, the visible lines and two
// detail lines with the whole current row; overlays take its place.
func (g *grid) view(w *wizard, f *domain.Filing, width, height int) ([]string, int, int, bool) {
	st := w.st
	switch g.mode {
	case gmLevel2, gmBand, gmLibrary:
		return g.pick.view(st, width, height)
	case gmArea:
		return g.areaView(f, st, width, height)
	}
	rows := *g.rows(f)
	cw := gridWidths(width)
	out := make([]string, 0, height)
	var hb strings.Builder
	hb.WriteString("  ")
	for c := range colCount {
		if cw[c] == 0 {
			continue
		}
		if c > 0 {
			hb.WriteByte(' ')
		}
		t := gridTitles[c]
		if c == colDeviation {
			t = "偏差原因分析"
		}
		if c == colWeight || c == colScore {
			hb.WriteString(padLeft(truncate(t, cw[c], ""), cw[c]))
		} else {
			hb.WriteString(pad(truncate(t, cw[c], ""), cw[c]))
		}
	}
	out = append(out, st.Subtle.Render(pad(hb.String(), width)))
	detailH := 2
	bodyH := max(height-1-detailH, 1)
	g.bodyH = bodyH
	if len(rows) == 0 {
		first := g.rules.Levels[0]
		out = append(out, "", "  尚未填写绩效指标。", "  按 a 添加一行（"+first.Name+" · "+first.Level2[0]+"），按 l 从指标库选择典型指标。")
		for len(out) < height {
			out = append(out, "")
		}
		return out[:height], 0, 0, false
	}
	// The offset is kept by the key handlers; clamp it for this size.
	off := max(min(g.offset, len(g.lines)-bodyH), 0)
	if ln := g.lineOf[min(g.sel, len(g.lineOf)-1)]; ln < off || ln >= off+bodyH {
		off = max(min(ln-bodyH/2, len(g.lines)-bodyH), 0)
	}
	cx, cy, ok := 0, 0, false
	for li := off; li < len(g.lines) && li < off+bodyH; li++ {
		gl := g.lines[li]
		switch gl.level {
		case 1:
			out = append(out, st.Title.Render(truncate(termsafe.String(gl.text), width, st.G.Ellipsis)))
			continue
		case 2:
			out = append(out, st.Label.Render(truncate("  "+termsafe.String(gl.text), width, st.G.Ellipsis)))
			continue
		}
		i := gl.row
		r := rows[i]
		selected := g.pos[i] == g.sel
		var b strings.Builder
		if selected {
			b.WriteString(st.G.Pointer)
		} else {
			b.WriteByte(' ')
		}
		switch w.rowMarks[g.path+"."+itoa(i)] {
		case domain.Error:
			b.WriteString(st.Error.Render(st.G.Cross))
		case domain.Warning:
			b.WriteString(st.Warning.Render("!"))
		default:
			b.WriteByte(' ')
		}
		x := 2
		for c := range colCount {
			cwid := cw[c]
			if cwid == 0 {
				continue
			}
			if c > 0 {
				b.WriteByte(' ')
				x++
			}
			if selected && c == g.col && g.mode == gmEdit {
				s, ex := g.ed.viewLine(cwid)
				sty := st.Focused
				if g.err != "" {
					sty = st.Error
				}
				b.WriteString(sty.Render(pad(s, cwid)))
				cx, cy, ok = x+ex, len(out), true
				x += cwid
				continue
			}
			var text string
			sty := st.Value
			switch c {
			case colScore:
				rs := g.scores[i]
				if selected && g.draft != nil {
					rs = *g.draft
				}
				text, sty = scoreCell(r, rs, st)
				if displayWidth(text) > cwid {
					// Narrow: mark the difference; the detail line has it.
					text, _, _ = strings.Cut(text, " ")
					text += "*"
				}
				text = padLeft(text, cwid)
			case colWeight:
				text = padLeft(truncate(termsafe.String(r.Weight.Text()), cwid, ""), cwid)
			default:
				text = pad(truncate(termsafe.String(strings.ReplaceAll(g.cellText(r, c), "\n", " ")), cwid, st.G.Ellipsis), cwid)
			}
			if selected && c == g.col {
				sty = st.Selected
			}
			b.WriteString(sty.Render(text))
			x += cwid
		}
		out = append(out, b.String())
	}
	for len(out) < 1+bodyH {
		out = append(out, "")
	}
	out = append(out, g.detail(f, st, width)...)
	return out[:height], cx, cy, ok
}

// detail is two lines with the whole current row (the columns are cut to
// fit; the detail is not).
func (g *grid) detail(f *domain.Filing, st *Styles, width int) []string {
	i := g.cur()
	if i < 0 {
		return []string{"", ""}
	}
	r := (*g.rows(f))[i]
	rs := g.scores[i]
	if g.draft != nil {
		rs = *g.draft
	}
	head := fmt.Sprintf("%s %s/%s 第%d行 三级指标：", st.G.HBar, termsafe.String(r.Level1), termsafe.String(r.Level2), g.sel+1)
	l1 := st.Subtle.Render(truncate(head, width, st.G.Ellipsis)) +
		truncate(orDash(r.Name, st), max(width-displayWidth(head), 0), st.G.Ellipsis)
	score := "得分：" + orDash(r.Score.Fixed2(), st)
	if rs.Suggested.IsSet() {
		score += "（建议 " + rs.Suggested.Fixed2()
		if r.Score.IsSet() && !r.Score.Decimal().Equal(rs.Suggested.Decimal()) {
			score += "，差 " + domain.Round2(r.Score.Decimal().Sub(rs.Suggested.Decimal())).StringFixed(2)
		}
		score += "）"
	}
	parts := []string{score}
	if g.qualitative(i) {
		band := termsafe.String(string(rs.Band))
		if band == "" {
			band = "未选"
		}
		parts = append(parts, "档次："+band)
	}
	parts = append(parts, "年度指标值："+orDash(r.Target, st), "实际完成值："+orDash(r.Actual, st), "分值："+orDash(r.Weight.Text(), st))
	if r.Deviation != "" {
		parts = append(parts, "偏差："+termsafe.String(strings.ReplaceAll(r.Deviation, "\n", " ")))
	}
	return []string{l1, truncate(strings.Join(parts, "  "), width, st.G.Ellipsis)}
}

// orDash is filer text s made terminal-safe, or a dash when s is blank.
func orDash(s string, st *Styles) string {
	if strings.TrimSpace(s) == "" {
		return st.G.Dash
	}
	return termsafe.String(s)
}

// areaView is the text overlay for a long cell.
func (g *grid) areaView(f *domain.Filing, st *Styles, width, height int) ([]string, int, int, bool) {
	i := g.cur()
	what := gridTitles[g.col]
	out := []string{st.Title.Render(truncate(fmt.Sprintf("编辑%s（第%d行）", what, g.sel+1), width, st.G.Ellipsis))}
	if i >= 0 && g.col == colDeviation {
		r := (*g.rows(f))[i]
		out = append(out, st.Subtle.Render(truncate("三级指标："+termsafe.String(r.Name), width, st.G.Ellipsis)))
	}
	out = append(out, "")
	aw := max(width-4, 4)
	g.areaWidth = aw
	lines, row, col := g.ed.wrap(aw)
	avail := max(height-len(out)-2, 1)
	start := 0
	if row >= avail {
		start = row - avail + 1
	}
	top := len(out)
	for j := start; j < len(lines) && j < start+avail; j++ {
		out = append(out, "  "+st.Focused.Render(pad(string(lines[j].runes), aw)))
	}
	cx, cy := 2+col, top+row-start
	for len(out) < height-1 {
		out = append(out, "")
	}
	hint := "Enter 确定  Esc 取消  ←/→ Home/End 移动光标"
	if g.col == colDeviation {
		hint = "Enter 确定  Esc 取消  ↑/↓ 在行间移动（粘贴可保留换行）"
	}
	out = append(out[:height-1], st.Subtle.Render(truncate(hint, width, st.G.Ellipsis)))
	return out, cx, cy, true
}
