package tui

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// This file is the paste of rows copied from Excel or WPS into the grid:
// tab-separated cells, one row a line (a cell with a line break comes
// quoted). Columns are, in order, 三级指标, 年度指标值, 实际完成值, 分值, 得分,
// 偏差原因分析及改进措施, optionally after a 一级指标/二级指标 pair; or a
// header row names them in any order. A pasted row whose 三级指标 is already
// in the table fills that row, the others are added after the current row.
// Every cell goes through applyCell, as if typed: a cell that is not valid
// is not stored and is listed by row and column in the preview, which the
// user confirms with Enter or gives up with Esc.

// Paste columns beyond the grid's own: the levels and the split target.
const (
	pasteLevel1 gridCol = colCount + iota
	pasteLevel2
	pasteDirection
	pasteComparator
	pasteValue
	pasteUnit
	pasteIgnored gridCol = -1
)

// pasteLabels are the column headings a header row may use.
var pasteLabels = map[string]gridCol{
	"一级指标": pasteLevel1, "二级指标": pasteLevel2, "三级指标": colName, "指标名称": colName,
	"年度指标值": colTarget, "指标值": pasteValue, "实际完成值": colActual, "分值": colWeight,
	"得分": colScore, "复核分": colReview, "偏差原因分析及改进措施": colDeviation, "偏差原因分析": colDeviation,
	"指标方向": pasteDirection, "指标性质": pasteComparator, "度量单位": pasteUnit, "计量单位": pasteUnit,
}

// pasteOrder is the column order of a paste without a header row.
var pasteOrder = []gridCol{colName, colTarget, colActual, colWeight, colScore, colDeviation}

// pasteRow is one pasted row as it will be stored.
type pasteRow struct {
	line int // the row's number in the paste, from 1
	row  domain.Indicator
	fill int // the index of the existing row it fills, or -1 to add it
	// used are the cells taken, as "title：value", for the preview.
	used []string
}

// pastePlan is a paste being previewed: the rows it makes and the cells it
// could not use.
type pastePlan struct {
	rows          []pasteRow
	problems      []string
	added, filled int
	offset        int // first preview line shown
	// body is the preview's wrapped lines for bodyWidth, kept while the
	// preview is open: a large paste is wrapped once, not every frame.
	body      []string
	bodyWidth int
}

// previewBody returns the preview's lines wrapped to width, computed once
// per width.
func (plan *pastePlan) previewBody(g *grid, st *Styles, width int) []string {
	if plan.body != nil && plan.bodyWidth == width {
		return plan.body
	}
	body := []string{}
	for _, pr := range plan.rows {
		r := pr.row
		what := "新增"
		if pr.fill >= 0 {
			what = fmt.Sprintf("填入第%d行", g.pos[pr.fill]+1)
		}
		text := fmt.Sprintf("%s“%s”（%s/%s）", what, orDash(r.Name, st), termsafe.String(r.Level1), termsafe.String(r.Level2))
		if len(pr.used) > 0 {
			text += "：" + strings.Join(pr.used, "，")
		}
		for _, l := range wrapText(text, max(width-2, 8)) {
			body = append(body, "  "+l)
		}
	}
	if len(plan.problems) > 0 {
		body = append(body, "", st.Error.Render(fmt.Sprintf("无法使用的单元格（%d处）：", len(plan.problems))))
		for _, p := range plan.problems {
			for _, l := range wrapText(p, max(width-2, 8)) {
				body = append(body, "  "+st.Error.Render(l))
			}
		}
	}
	plan.body, plan.bodyWidth = body, width
	return body
}

// isTablePaste reports whether pasted text is spreadsheet cells rather
// than the text of one cell.
func isTablePaste(s string) bool { return strings.Contains(s, "\t") }

// pasteRecords splits pasted text into rows of cells; quoted cells may hold
// tabs and line breaks. Text the CSV reader refuses is split plainly.
func pasteRecords(s string) [][]string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	r := csv.NewReader(strings.NewReader(s))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	if recs, err := r.ReadAll(); err == nil {
		return recs
	}
	var recs [][]string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			recs = append(recs, strings.Split(l, "\t"))
		}
	}
	return recs
}

// pasteHeading normalises a heading cell (line breaks and spaces inside
// it are dropped).
func pasteHeading(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// pasteHeader reads rec as a header row: ok when at least two of its cells
// are known headings.
func pasteHeader(rec []string) (cols []gridCol, ok bool) {
	known := 0
	for _, c := range rec {
		col, hit := pasteLabels[pasteHeading(c)]
		if !hit {
			col = pasteIgnored
		} else {
			known++
		}
		cols = append(cols, col)
	}
	return cols, known >= 2
}

// levelOf finds the 一级 of a 二级 name in the rules.
func (g *grid) levelOf(level2 string) (string, bool) {
	for _, l := range g.rules.Levels {
		if slices.Contains(l.Level2, level2) {
			return l.Name, true
		}
	}
	return "", false
}

// knownLevel reports whether s is a 一级 or 二级 name of the rules.
func (g *grid) knownLevel(s string) bool {
	s = strings.TrimSpace(s)
	for _, l := range g.rules.Levels {
		if l.Name == s || slices.Contains(l.Level2, s) {
			return true
		}
	}
	return false
}

// cellProblem names a cell that could not be used: the row, the row's
// 三级指标 when known, the column and the reason.
func cellProblem(line int, name, title string, err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "“"):
		msg = title + msg
	case !strings.HasPrefix(msg, title):
		msg = title + "：" + msg
	}
	where := fmt.Sprintf("第%d行", line)
	if name != "" {
		where += "（" + name + "）"
	}
	return where + msg + "，未使用"
}

// planPaste reads pasted text into the rows it would add or fill.
func (g *grid) planPaste(f *domain.Filing, s string) *pastePlan {
	plan := &pastePlan{}
	recs := pasteRecords(s)
	if len(recs) == 0 {
		return plan
	}
	cols, start := g.pasteColumns(plan, recs)
	rows := *g.rows(f)
	used := make([]bool, len(rows))
	prev1, prev2 := "", ""
	if i := g.cur(); i >= 0 {
		prev1, prev2 = rows[i].Level1, rows[i].Level2
	} else if len(g.rules.Levels) > 0 && len(g.rules.Levels[0].Level2) > 0 {
		prev1, prev2 = g.rules.Levels[0].Name, g.rules.Levels[0].Level2[0]
	}
	for ri, rec := range recs[start:] {
		line := start + ri + 1
		cells := pasteCells(plan, line, rec, cols)
		if len(cells) == 0 {
			continue
		}
		name := cells[colName]
		if skip := pasteSkip(name, cells[pasteLevel1], cells[pasteLevel2]); skip != "" {
			plan.problems = append(plan.problems, fmt.Sprintf("第%d行%s，未使用", line, skip))
			continue
		}
		l1, l2 := cells[pasteLevel1], cells[pasteLevel2]
		if !hasRowCell(cells) {
			// A heading row (a 一级 or 二级 alone, as merged cells copy):
			// it sets the levels of the rows under it.
			prev1, prev2 = g.pasteLevels(plan, line, l1, l2, prev1, prev2)
			continue
		}
		pr := pasteRow{line: line, fill: -1}
		if name != "" {
			for k, r := range rows {
				if !used[k] && strings.TrimSpace(r.Name) == name {
					pr.fill, used[k], pr.row = k, true, r
					break
				}
			}
		}
		if pr.fill < 0 || l1 != "" || l2 != "" {
			pr.row.Level1, pr.row.Level2 = g.pasteLevels(plan, line, l1, l2, prev1, prev2)
		}
		prev1, prev2 = pr.row.Level1, pr.row.Level2
		pasteFill(plan, &pr, cells)
		if pr.fill < 0 {
			plan.added++
		} else {
			plan.filled++
		}
		plan.rows = append(plan.rows, pr)
	}
	return plan
}

// pasteColumns decides what the pasted columns are: named by a header row
// (start 1), or in the official order, with the 一级/二级 pair in front when
// the rows are wider than six cells or start with a level name.
func (g *grid) pasteColumns(plan *pastePlan, recs [][]string) (cols []gridCol, start int) {
	if cols, header := pasteHeader(recs[0]); header {
		for j, c := range cols {
			if c == pasteIgnored && strings.TrimSpace(recs[0][j]) != "" {
				plan.problems = append(plan.problems, fmt.Sprintf("第1行（表头）第%d列“%s”不是指标表的列，该列未使用", j+1, termsafe.String(pasteHeading(recs[0][j]))))
			}
		}
		return cols, 1
	}
	n := 0
	for _, r := range recs {
		n = max(n, len(r))
	}
	if n > len(pasteOrder) || g.knownLevel(recs[0][0]) {
		return append([]gridCol{pasteLevel1, pasteLevel2}, pasteOrder...), 0
	}
	return pasteOrder, 0
}

// pasteCells maps one pasted row's non-blank cells to their columns; a
// cell beyond the columns is reported.
func pasteCells(plan *pastePlan, line int, rec []string, cols []gridCol) map[gridCol]string {
	cells := map[gridCol]string{}
	for j, v := range rec {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if j >= len(cols) {
			plan.problems = append(plan.problems, fmt.Sprintf("第%d行第%d列“%s”在指标表的列之外，未使用", line, j+1, termsafe.String(truncate(v, 20, "…"))))
			continue
		}
		if cols[j] != pasteIgnored {
			cells[cols[j]] = v
		}
	}
	return cells
}

// pasteFill applies a pasted row's cells to pr.row as typed cells are
// applied; cells that are not valid are reported and left out.
func pasteFill(plan *pastePlan, pr *pasteRow, cells map[gridCol]string) {
	label := termsafe.String(cells[colName])
	if label == "" {
		label = termsafe.String(pr.row.Name)
	}
	order := []gridCol{colName, colTarget, colActual, colWeight, colScore, colReview, colDeviation}
	if _, both := cells[colScore]; both {
		// 分值 and 得分 pasted together are checked together: when the new
		// 分值 is below the old 得分, the new 得分 goes first.
		trial := pr.row
		if _, ok := cells[colWeight]; ok && applyCell(&trial, colWeight, cells[colWeight]) != nil {
			order[3], order[4] = colScore, colWeight
		}
	}
	for _, c := range order {
		v, ok := cells[c]
		if !ok {
			continue
		}
		// The text is cleaned and limited as if it were typed.
		ed := editor{multiline: c == colDeviation, limit: lineLimit}
		if !shortCell(c) {
			ed.limit = areaLimit
		}
		if _, cut := ed.Insert(v); cut {
			plan.problems = append(plan.problems, fmt.Sprintf("第%d行%s超过%d字，已截断", pr.line, gridTitles[c], ed.limit))
		}
		v = ed.Value()
		if c != colDeviation {
			v = strings.TrimSpace(v)
		}
		if err := applyCell(&pr.row, c, v); err != nil {
			plan.problems = append(plan.problems, cellProblem(pr.line, label, gridTitles[c], err))
		} else if c != colName {
			pr.used = append(pr.used, gridTitles[c]+"："+termsafe.String(v))
		}
	}
	split := false
	for j, c := range []gridCol{pasteDirection, pasteComparator, pasteValue, pasteUnit} {
		v, ok := cells[c]
		if !ok {
			continue
		}
		r := pr.row
		if err := setSplitPart(&r, j, v); err != nil {
			plan.problems = append(plan.problems, cellProblem(pr.line, label, splitParts[j], err))
			continue
		}
		pr.row, split = r, true
		pr.used = append(pr.used, splitParts[j]+"："+termsafe.String(v))
	}
	if _, ok := cells[colTarget]; split && !ok {
		pr.row.SyncTarget(true)
	}
}

// pasteSkip says why a pasted row is not an indicator (a total, or the
// 执行率 the funds give), or "".
func pasteSkip(name, level1, level2 string) string {
	for _, s := range []string{name, level1, level2} {
		if slices.Contains([]string{"合计", "总计", "小计", "总分", "分值合计"}, strings.Join(strings.Fields(s), "")) {
			return "“" + termsafe.String(s) + "”是合计行"
		}
	}
	if name == "执行率" || level1 == "执行率" {
		return "是执行率行（执行率由资金数据计算）"
	}
	return ""
}

// hasRowCell reports whether a pasted row holds a cell of the indicator
// itself, not only its levels.
func hasRowCell(cells map[gridCol]string) bool {
	for c := range cells {
		if c != pasteLevel1 && c != pasteLevel2 {
			return true
		}
	}
	return false
}

// pasteLevels resolves a pasted row's 一级 and 二级: blank cells (Excel
// copies a merged cell into its first row only) take the row above's; a
// 二级 the rules do not know keeps the row above's with a problem noted.
func (g *grid) pasteLevels(plan *pastePlan, line int, l1, l2, prev1, prev2 string) (string, string) {
	if l2 == "" {
		if l1 == "" || l1 == prev1 {
			return prev1, prev2
		}
		for _, l := range g.rules.Levels {
			if l.Name == l1 && len(l.Level2) > 0 {
				return l1, l.Level2[0]
			}
		}
		plan.problems = append(plan.problems, fmt.Sprintf("第%d行一级指标“%s”不是本表的一级指标，已放在“%s/%s”下", line, termsafe.String(l1), prev1, prev2))
		return prev1, prev2
	}
	if got, ok := g.levelOf(l2); ok {
		if l1 != "" && l1 != got {
			plan.problems = append(plan.problems, fmt.Sprintf("第%d行二级指标“%s”属于一级指标“%s”，不属于“%s”，已放在“%s”下", line, termsafe.String(l2), got, termsafe.String(l1), got))
		}
		return got, l2
	}
	plan.problems = append(plan.problems, fmt.Sprintf("第%d行二级指标“%s”不是本表的二级指标，已放在“%s/%s”下", line, termsafe.String(l2), prev1, prev2))
	return prev1, prev2
}

// startPaste opens the preview of a spreadsheet paste.
func (g *grid) startPaste(f *domain.Filing, s string) {
	plan := g.planPaste(f, s)
	if len(plan.rows) == 0 && len(plan.problems) == 0 {
		g.note = "粘贴的内容中没有指标行"
		return
	}
	g.pasted = plan
	g.mode = gmPaste
}

// pasteKey handles a key in the paste preview.
func (g *grid) pasteKey(f *domain.Filing, k tea.KeyPressMsg) bool {
	km, plan := g.km, g.pasted
	switch {
	case key.Matches(k, km.Cancel):
		g.mode, g.pasted = gmNav, nil
		g.note = "已取消粘贴"
	case key.Matches(k, km.PrevItem):
		plan.offset = max(plan.offset-1, 0)
	case key.Matches(k, km.NextItem):
		plan.offset++
	case key.Matches(k, km.Choose):
		g.mode, g.pasted = gmNav, nil
		return g.applyPaste(f, plan)
	}
	return false
}

// applyPaste stores the rows of a confirmed paste: filled rows in place,
// added rows after the current row in the order pasted.
func (g *grid) applyPaste(f *domain.Filing, plan *pastePlan) bool {
	if len(plan.rows) == 0 {
		g.note = "粘贴的内容中没有可用的指标行，未作修改"
		return false
	}
	p := g.rows(f)
	at := len(*p)
	if i := g.cur(); i >= 0 {
		at = i + 1
	}
	// The first pasted row is selected afterwards: a filled row moves down
	// by the rows added before it.
	first := at
	if k := plan.rows[0].fill; k >= 0 {
		first = k
		if k >= at {
			first += plan.added
		}
	}
	for _, pr := range plan.rows {
		if pr.fill >= 0 {
			(*p)[pr.fill] = pr.row
		}
	}
	added := 0
	for _, pr := range plan.rows {
		if pr.fill < 0 {
			*p = slices.Insert(*p, at+added, pr.row)
			added++
		}
	}
	g.relayout(f, true)
	if first < len(g.pos) {
		g.sel = g.pos[first]
	}
	g.col = colName
	g.ensureVisible()
	g.note = fmt.Sprintf("已粘贴%d行：新增%d行，填入%d行", len(plan.rows), plan.added, plan.filled)
	if n := len(plan.problems); n > 0 {
		g.note += fmt.Sprintf("；%d处单元格未使用", n)
	}
	g.changed(fmt.Sprintf("粘贴%d行指标", len(plan.rows)), g.path)
	return true
}

// pasteView is the preview of a paste: what each row becomes and the
// cells that could not be used.
func (g *grid) pasteView(st *Styles, width, height int) []string {
	plan := g.pasted
	body := plan.previewBody(g, st, width)
	title := fmt.Sprintf("粘贴到%s的预览：%d行，新增%d行，填入%d行", g.what, len(plan.rows), plan.added, plan.filled)
	out := []string{st.Title.Render(truncate(title, width, st.G.Ellipsis))}
	avail := max(height-2, 1)
	plan.offset = min(plan.offset, max(len(body)-avail, 0))
	end := min(plan.offset+avail, len(body))
	out = append(out, body[plan.offset:end]...)
	for len(out) < height-1 {
		out = append(out, "")
	}
	hint := g.km.Choose.Help().Key + " 确定粘贴  " + g.km.Cancel.Help().Key + " 取消  ↑/↓ 滚动"
	if len(plan.rows) == 0 {
		hint = g.km.Choose.Help().Key + "/" + g.km.Cancel.Help().Key + " 关闭（没有可用的行）"
	}
	return append(out[:height-1], st.Subtle.Render(truncate(hint, width, st.G.Ellipsis)))
}
