package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// gridWidths returns the width of each column for a grid width columns
// wide; 0: the column is not in the table and is a cell of the detail
// pane. review adds the 复核分 column from 60 columns on (below, 复核分 is
// a cell of the pane). 偏差原因分析 gets a column when both it and 三级指标
// can be given a useful width.
func gridWidths(width int, review bool) [colCount]int {
	var w [colCount]int
	switch {
	case width < 60:
		w[colTarget], w[colActual], w[colWeight], w[colScore] = 10, 8, 4, 7
	case width < 100:
		w[colTarget], w[colActual], w[colWeight], w[colScore] = 10, 10, 5, 11
	default:
		w[colTarget], w[colActual], w[colWeight], w[colScore] = 20, 12, 5, 11
	}
	if review && width >= 60 {
		w[colReview] = 6
	}
	used := 2
	for c := colTarget; c <= colReview; c++ {
		if w[c] > 0 {
			used += w[c] + 1
		}
	}
	rest := width - used
	if rest-1 >= 24+20 {
		w[colDeviation] = min((rest-1)*2/5, 40)
		rest -= w[colDeviation] + 1
	}
	w[colName] = max(rest, 6)
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

// render draws the grid in width × height: the column titles, the rows
// that fit (scrolled to the current one) and, under them, the detail pane
// with the whole current row wrapped; the pane takes the lines the rows
// leave, the rows keep at least a few. A list, the text overlay, the split
// editor or the paste preview take the grid's place. marks are the worst
// finding of each row by JSON path. It returns the cursor, if any.
func (g *grid) render(st *Styles, marks map[string]domain.Severity, f *domain.Filing, width, height int) ([]string, int, int, bool) {
	switch g.mode {
	case gmLevel2, gmBand, gmLibrary, gmCopyFrom:
		return g.pick.view(st, width, height)
	case gmArea:
		return g.areaView(f, st, width, height)
	case gmPaste:
		return g.pasteView(st, width, height), 0, 0, false
	case gmSplit:
		return g.splitView(f, st, width, height)
	}
	if g.exec != nil {
		g.exec = g.execution(f)
	}
	cw := gridWidths(width, g.review)
	for c := range colCount {
		g.inTable[c] = cw[c] > 0 && g.hasCol(c)
	}
	g.fixCol()
	out := make([]string, 0, height)
	out = append(out, st.Subtle.Render(pad(g.titles(cw), width)))
	if len(*g.rows(f)) == 0 {
		return g.emptyView(st, out, cw, width, height), 0, 0, false
	}
	pane, pcx, pcy, pok := g.pane(f, st, width)
	avail := max(height-1, 1)
	need := len(g.lines)
	bodyH := need
	if need+len(pane) > avail {
		bodyH = max(avail-len(pane), min(need, 5))
	}
	bodyH = min(bodyH, avail)
	g.bodyH = bodyH
	out, cx, cy, ok := g.body(st, marks, f, out, cw, width, bodyH)
	// The pane sits at the bottom; cut to its room, it keeps its title and
	// the selected cell's first line.
	paneH := avail - bodyH
	for len(out) < height-min(len(pane), paneH) {
		out = append(out, "")
	}
	top := len(out)
	if paneH > 0 && len(pane) > 0 {
		start := 1
		if paneH > 1 && len(pane) > paneH && g.paneSel >= paneH {
			start = min(g.paneSel, len(pane)-(paneH-1))
		}
		shown := append([]string{pane[0]}, pane[start:]...)
		if len(shown) > paneH {
			shown = shown[:paneH]
			shown[paneH-1] = truncate(shown[paneH-1], max(width-displayWidth(st.G.Ellipsis), 1), "") + st.G.Ellipsis
		}
		out = append(out, shown...)
		if pok && pcy >= start && pcy-start+1 < len(shown) {
			cx, cy, ok = pcx, top+pcy-start+1, true
		}
	}
	for len(out) < height {
		out = append(out, "")
	}
	return out[:height], cx, cy, ok
}

// body appends the bodyH lines of headings and rows around the current
// row to out, and the cursor on the selected cell.
func (g *grid) body(st *Styles, marks map[string]domain.Severity, f *domain.Filing, out []string, cw [colCount]int, width, bodyH int) ([]string, int, int, bool) {
	rows := *g.rows(f)
	// The offset is kept by the key handlers; clamp it for this size.
	off := max(min(g.offset, len(g.lines)-bodyH), 0)
	if ln := g.lineOf[min(g.sel, len(g.lineOf)-1)]; ln < off || ln >= off+bodyH {
		off = max(min(ln-bodyH/2, len(g.lines)-bodyH), 0)
	}
	g.offset = off
	cx, cy, ok := 0, 0, false
	top := len(out)
	for li := off; li < len(g.lines) && li < off+bodyH; li++ {
		gl := g.lines[li]
		switch gl.level {
		case 1:
			out = append(out, st.Title.Render(truncate(termsafe.String(gl.text), width, st.G.Ellipsis)))
			continue
		case 2:
			out = append(out, st.Label.Render(truncate("  "+termsafe.String(gl.text), width, st.G.Ellipsis)))
			continue
		case lineExecHead:
			out = append(out, st.Title.Render(truncate(g.execHead(), width, st.G.Ellipsis)))
			continue
		case lineExec:
			out = append(out, g.execRow(st, cw, width))
			continue
		}
		line, x, edited := g.rowLine(st, marks, rows, gl.row, cw)
		if edited && x < width {
			cx, cy, ok = x, len(out), true
		}
		// Below the columns' minimum width the row is cut, not wrapped.
		out = append(out, truncate(line, width, ""))
	}
	for len(out) < top+bodyH {
		out = append(out, "")
	}
	return out, cx, cy, ok
}

// emptyView is the grid of a table without rows: how to add the first.
func (g *grid) emptyView(st *Styles, out []string, cw [colCount]int, width, height int) []string {
	g.bodyH = max(height-1, 1)
	if g.exec != nil {
		out = append(out, st.Title.Render(truncate(g.execHead(), width, st.G.Ellipsis)), g.execRow(st, cw, width))
	}
	out = append(out, "", "  尚未填写绩效指标。")
	hint := "按 " + g.rk.Add.Help().Key + " 添加一行，按 " + g.km.Library.Help().Key + " 从指标库选择典型指标，或从 Excel 复制指标行后粘贴。"
	if len(g.rules.Levels) > 0 && len(g.rules.Levels[0].Level2) > 0 {
		hint = "按 " + g.rk.Add.Help().Key + " 添加一行（" + g.rules.Levels[0].Name + " · " + g.rules.Levels[0].Level2[0] + "），按 " + g.km.Library.Help().Key + " 从指标库选择典型指标，或从 Excel 复制指标行后粘贴。"
	}
	if g.project() {
		hint += "按 " + g.rk.CopyFromOverall.Help().Key + " 从附件2复制指标。"
	}
	for _, l := range wrapText(hint, max(width-2, 8)) {
		out = append(out, "  "+l)
	}
	for len(out) < height {
		out = append(out, "")
	}
	return out[:height]
}

// titles is the line of column titles.
func (g *grid) titles(cw [colCount]int) string {
	var hb strings.Builder
	hb.WriteString("  ")
	for c := range colCount {
		if cw[c] == 0 || !g.hasCol(c) {
			continue
		}
		if c > 0 {
			hb.WriteByte(' ')
		}
		t := gridTitles[c]
		if c == colDeviation {
			t = "偏差原因分析及改进措施"
		}
		if c == colWeight || c == colScore || c == colReview {
			hb.WriteString(padLeft(truncate(t, cw[c], ""), cw[c]))
		} else {
			hb.WriteString(pad(truncate(t, cw[c], ""), cw[c]))
		}
	}
	return hb.String()
}

// execHead is the heading of the 执行率 row.
func (g *grid) execHead() string {
	e := g.exec
	return fmt.Sprintf("执行率（分值 %s，得分 %s）", e.weight.String(), domain.Round2(e.score).StringFixed(2))
}

// execRow is the read-only 执行率 row when the rules print it in the grid.
func (g *grid) execRow(st *Styles, cw [colCount]int, width int) string {
	e := g.exec
	if e == nil {
		return ""
	}
	rate := st.G.Dash
	if e.rate.IsSet() {
		rate = e.rate.Fixed2() + "%"
	}
	var b strings.Builder
	b.WriteString("  ")
	for c := range colCount {
		if cw[c] == 0 || !g.hasCol(c) {
			continue
		}
		if c > 0 {
			b.WriteByte(' ')
		}
		switch c {
		case colName:
			b.WriteString(pad(truncate("执行率", cw[c], st.G.Ellipsis), cw[c]))
		case colActual:
			b.WriteString(pad(truncate(rate, cw[c], st.G.Ellipsis), cw[c]))
		case colWeight:
			b.WriteString(padLeft(e.weight.String(), cw[c]))
		case colScore:
			b.WriteString(padLeft(domain.Round2(e.score).StringFixed(2), cw[c]))
		default:
			b.WriteString(pad("", cw[c]))
		}
	}
	return st.Computed.Render(truncate(b.String(), width, ""))
}

// rowLine draws row i of the table; x is the cursor's column (edited)
// when the row holds the selected cell: in the editor when it is edited,
// else at the cell's start.
func (g *grid) rowLine(st *Styles, marks map[string]domain.Severity, rows []domain.Indicator, i int, cw [colCount]int) (line string, x int, edited bool) {
	r := rows[i]
	selected := g.pos[i] == g.sel
	var b strings.Builder
	if selected {
		b.WriteString(st.G.Pointer)
	} else {
		b.WriteByte(' ')
	}
	switch marks[g.path+"."+itoa(i)] {
	case domain.Error:
		b.WriteString(st.Error.Render(st.G.Cross))
	case domain.Warning:
		b.WriteString(st.Warning.Render("!"))
	default:
		b.WriteByte(' ')
	}
	cur := 2
	for c := range colCount {
		cwid := cw[c]
		if cwid == 0 || !g.hasCol(c) {
			continue
		}
		if c > 0 {
			b.WriteByte(' ')
			cur++
		}
		if selected && c == g.col && g.mode == gmEdit {
			s, ex := g.ed.viewLine(cwid)
			sty := st.Focused
			if g.err != "" {
				sty = st.Error
			}
			b.WriteString(sty.Render(pad(s, cwid)))
			x, edited = cur+ex, true
			cur += cwid
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
				// Narrow: mark the difference; the detail pane has it.
				text, _, _ = strings.Cut(text, " ")
				text += "*"
			}
			text = padLeft(text, cwid)
		case colWeight, colReview:
			text = padLeft(truncate(termsafe.String(g.cellText(r, c)), cwid, ""), cwid)
		default:
			text = pad(truncate(termsafe.String(strings.ReplaceAll(g.cellText(r, c), "\n", " ")), cwid, st.G.Ellipsis), cwid)
		}
		if selected && c == g.col {
			sty = st.Selected
			// The cursor rests on the selected cell, so that an input
			// method's window opens where the first character goes.
			x, edited = cur, true
		}
		b.WriteString(sty.Render(text))
		cur += cwid
	}
	return b.String(), x, edited
}

// pane is the detail pane: the whole current row, every field wrapped at
// width with Chinese line breaking. A column the table does not show is a
// cell here: selected, its title is highlighted (g.paneSel is its first
// line) and, edited in place, the cursor is returned.
func (g *grid) pane(f *domain.Filing, st *Styles, width int) ([]string, int, int, bool) {
	g.paneSel = 0
	i := g.cur()
	if i < 0 {
		return nil, 0, 0, false
	}
	r := (*g.rows(f))[i]
	rs := g.scores[i]
	if g.draft != nil {
		rs = *g.draft
	}
	// While a cell is edited the pane shows the text being typed (a
	// narrow cell shows only part of it); a figure not valid yet is shown
	// as typed.
	cell := func(c gridCol) string { return g.cellText(r, c) }
	if g.mode == gmEdit {
		_ = applyCell(&r, g.col, g.ed.Value())
		cell = func(c gridCol) string {
			if c == g.col {
				return g.ed.Value()
			}
			return g.cellText(r, c)
		}
	}
	head := fmt.Sprintf("%s 第%d行 %s/%s", st.G.HBar, g.sel+1, termsafe.String(r.Level1), termsafe.String(r.Level2))
	pw := &paneWriter{g: g, st: st, width: width}
	pw.lines = append(pw.lines, st.Subtle.Render(truncate(head, width, st.G.Ellipsis)))
	field := pw.field
	field(colName, "三级指标", orDash(cell(colName), st))
	target := orDash(cell(colTarget), st)
	if d := r; r.HasSplitTarget() {
		// The parts are shown when they say something the combined text
		// does not (Ctrl+E shows them always).
		d.SyncTarget(false)
		if d.Direction != r.Direction || d.Comparator != r.Comparator || d.Value != r.Value || d.Unit != r.Unit {
			target += "（分项：" + splitText(r) + "，与年度指标值不一致）"
		}
	}
	field(colTarget, "年度指标值", target)
	actual, weight := "实际完成值："+orDash(cell(colActual), st), "分值："+orDash(cell(colWeight), st)
	if both := actual + "  " + weight; displayWidth(both) <= width {
		// Two short fields share a line (both are always table columns).
		a, _ := strings.CutPrefix(actual, "实际完成值：")
		w, _ := strings.CutPrefix(weight, "分值：")
		pw.lines = append(pw.lines, st.Subtle.Render("实际完成值：")+a+"  "+st.Subtle.Render("分值：")+w)
	} else {
		field(colActual, "实际完成值", orDash(cell(colActual), st))
		field(colWeight, "分值", orDash(cell(colWeight), st))
	}
	field(colScore, "得分", g.scoreDetail(r, rs, i, st))
	if g.review {
		field(colReview, "复核分", orDash(cell(colReview), st))
	}
	field(colDeviation, "偏差原因分析及改进措施", orDash(cell(colDeviation), st))
	return pw.lines, pw.cx, pw.cy, pw.ok
}

// paneWriter collects the detail pane's lines and where its cursor is.
type paneWriter struct {
	g      *grid
	st     *Styles
	width  int
	lines  []string
	cx, cy int
	ok     bool
}

// field adds one labelled field of the current row, wrapped to the width;
// the selected cell's field shows the editor while it is edited.
func (pw *paneWriter) field(c gridCol, label, value string) {
	g, st, width := pw.g, pw.st, pw.width
	sel := c >= 0 && c == g.col && !g.inTable[c]
	if sel && g.mode == gmEdit {
		lw := displayWidth(label + "：")
		fw := max(width-lw-1, 4)
		s, x := g.ed.viewLine(fw)
		sty := st.Focused
		if g.err != "" {
			sty = st.Error
		}
		g.paneSel = len(pw.lines)
		pw.cx, pw.cy, pw.ok = lw+x, len(pw.lines), true
		pw.lines = append(pw.lines, st.Selected.Render(label+"：")+sty.Render(pad(s, fw)))
		return
	}
	wrapped := wrapText(label+"："+value, max(width, 4))
	if sel {
		g.paneSel = len(pw.lines)
		pw.cx, pw.cy, pw.ok = displayWidth(label+"："), len(pw.lines), true
	}
	for j, l := range wrapped {
		if j == 0 {
			if rest, cut := strings.CutPrefix(l, label+"："); cut {
				lsty := st.Subtle
				if sel {
					lsty = st.Selected
				}
				l = lsty.Render(label+"：") + rest
			}
		}
		pw.lines = append(pw.lines, l)
	}
}

// scoreDetail is the 得分 of the pane: the filed score, the suggestion and
// its difference, and for a qualitative row the band with its range.
func (g *grid) scoreDetail(r domain.Indicator, rs domain.RowScore, i int, st *Styles) string {
	s := orDash(r.Score.Fixed2(), st)
	if rs.Suggested.IsSet() {
		s += "（建议 " + rs.Suggested.Fixed2()
		if r.Score.IsSet() && !r.Score.Decimal().Equal(rs.Suggested.Decimal()) {
			s += "，差 " + domain.Round2(r.Score.Decimal().Sub(rs.Suggested.Decimal())).StringFixed(2)
		}
		s += "）"
	}
	if g.qualitative(i) {
		band := termsafe.String(string(rs.Band))
		if band == "" {
			band = "未选"
		} else if lo, hi, ok := g.rules.BandScores(rs.Band, r.Weight.Decimal()); ok {
			band += "，" + lo.StringFixed(2) + "–" + hi.StringFixed(2) + "分"
		}
		if r.Band == "" && rs.Band != "" {
			band += "，按实际完成值判断"
		}
		s += " 档次：" + band
	}
	return s
}

// splitText lists the filled split parts of r's target: "方向 反向，性质
// ≤，指标值 1902.68，单位 万元".
func splitText(r domain.Indicator) string {
	var parts []string
	for j, v := range []string{r.Direction, r.Comparator, r.Value, r.Unit} {
		if strings.TrimSpace(v) != "" {
			parts = append(parts, []string{"方向", "性质", "指标值", "单位"}[j]+" "+termsafe.String(v))
		}
	}
	return strings.Join(parts, "，")
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
	keys := g.km.Commit.Help().Key + " 确定  " + g.km.CommitNext.Help().Key + " 确定并到下一格  " + g.km.Cancel.Help().Key + " 取消  "
	hint := keys + "←/→ Home/End 移动光标"
	if g.col == colDeviation {
		hint = keys + "↑/↓ 在行间移动（粘贴可保留换行）"
	}
	out = append(out[:height-1], st.Subtle.Render(truncate(hint, width, st.G.Ellipsis)))
	return out, cx, cy, true
}
