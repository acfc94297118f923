package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"

	"jixiao/domain"
)

// gridCol is a column of the indicator grid.
type gridCol int

// The grid's columns, as in the official tables.
const (
	colName gridCol = iota
	colTarget
	colActual
	colWeight
	colScore
	colDeviation
	colCount
)

var gridTitles = [colCount]string{"三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"}

// gridFields are the JSON keys of the columns (findings jump by them).
var gridFields = [colCount]string{"name", "target", "actual", "weight", "score", "deviation"}

type gridMode int

const (
	gmNav     gridMode = iota
	gmEdit             // a short cell edited in place
	gmArea             // a long text (三级指标, 偏差) in the text overlay
	gmDelete           // asking before deleting a row
	gmLevel2           // choosing the row's 二级指标
	gmBand             // choosing a qualitative band
	gmLibrary          // choosing from the indicator library
)

// gridLine is one display line: a 一级 or 二级 heading, or an indicator row.
type gridLine struct {
	level int // 1 or 2 for headings, 0 for a row
	text  string
	row   int
}

// grid edits the indicator rows of one table (附件2 or one 附件3): rows are
// grouped under their 一级 and 二级 indicators in the official order; the
// cursor moves between cells; only visible lines are drawn and only the
// edited row is re-scored while typing, so a keystroke costs the same with
// 16 or 80 rows.
type grid struct {
	// path is the JSON path of the rows ("overall.indicators",
	// "projects.2.indicators"); what names the table in messages.
	path  string
	what  string
	rows  func(*domain.Filing) *[]domain.Indicator
	rules domain.Rules

	lines  []gridLine
	order  []int // display position → row index
	pos    []int // row index → display position
	lineOf []int // display position → line index
	scores []domain.RowScore

	sel    int // display position of the current row
	col    gridCol
	offset int
	bodyH  int // lines of the body in the last view

	mode  gridMode
	ed    editor
	err   string
	note  string
	draft *domain.RowScore
	pick  picker
	lib   []domain.LibraryEntry
	// libLevel is the 二级 the library was opened for ("" for all).
	libLevel string
	// areaWidth is the wrap width of the text overlay in the last view.
	areaWidth int
	// asking is set while an invalid cell edit asks 修改/放弃.
	asking bool
	// change names the last change to the rows and path is where it was,
	// for undo ("“学生满意度”得分", "overall.indicators.3.score").
	change, changePath string
}

func newGrid(f *domain.Filing, path, what string, rows func(*domain.Filing) *[]domain.Indicator) *grid {
	g := &grid{path: path, what: what, rows: rows, rules: domain.RulesFor(f), bodyH: 10}
	g.relayout(f, true)
	return g
}

// levelIndex orders a row by its 一级 and 二级 indicators.
func (g *grid) levelIndex(r domain.Indicator) (int, int) {
	for i, l := range g.rules.Levels {
		if l.Name == r.Level1 {
			j := slices.Index(l.Level2, r.Level2)
			if j < 0 {
				j = len(l.Level2)
			}
			return i, j
		}
	}
	return len(g.rules.Levels), 0
}

// relayout recomputes the display order, the headings with their
// subtotals and (with rescore) every row's score. It runs on structural
// changes and commits, never per keystroke inside a cell.
func (g *grid) relayout(f *domain.Filing, rescore bool) {
	if rescore {
		g.rules = domain.RulesFor(f)
	}
	rs := *g.rows(f)
	if rescore || len(g.scores) != len(rs) {
		g.scores = make([]domain.RowScore, len(rs))
		for i, r := range rs {
			g.scores[i] = domain.ScoreRow(r, g.rules)
		}
	}
	g.order = make([]int, len(rs))
	for i := range g.order {
		g.order[i] = i
	}
	slices.SortStableFunc(g.order, func(a, b int) int {
		a1, a2 := g.levelIndex(rs[a])
		b1, b2 := g.levelIndex(rs[b])
		if a1 != b1 {
			return a1 - b1
		}
		return a2 - b2
	})
	g.pos = make([]int, len(rs))
	for p, i := range g.order {
		g.pos[i] = p
	}
	// Subtotals per heading.
	type sub struct{ w, s decimal.Decimal }
	subs := map[string]sub{}
	for i, r := range rs {
		for _, k := range []string{"1:" + r.Level1, "2:" + r.Level1 + "/" + r.Level2} {
			x := subs[k]
			x.w = x.w.Add(r.Weight.Decimal())
			x.s = x.s.Add(g.scores[i].Used)
			subs[k] = x
		}
	}
	head := func(name string, x sub) string {
		return fmt.Sprintf("%s（分值 %s，得分 %s）", name, x.w.String(), x.s.StringFixed(2))
	}
	g.lines = g.lines[:0]
	g.lineOf = make([]int, len(rs))
	l1, l2 := "\x00", "\x00"
	for p, i := range g.order {
		r := rs[i]
		if r.Level1 != l1 {
			l1, l2 = r.Level1, "\x00"
			name := r.Level1
			if name == "" {
				name = "（未选一级指标）"
			}
			g.lines = append(g.lines, gridLine{level: 1, text: head(name, subs["1:"+r.Level1])})
		}
		if r.Level2 != l2 {
			l2 = r.Level2
			name := r.Level2
			if name == "" {
				name = "（未选二级指标）"
			}
			g.lines = append(g.lines, gridLine{level: 2, text: head(name, subs["2:"+r.Level1+"/"+r.Level2])})
		}
		g.lineOf[p] = len(g.lines)
		g.lines = append(g.lines, gridLine{row: i})
	}
	g.sel = min(max(g.sel, 0), max(len(rs)-1, 0))
}

// cur returns the current row index, or -1 when the grid is empty.
func (g *grid) cur() int {
	if g.sel < 0 || g.sel >= len(g.order) {
		return -1
	}
	return g.order[g.sel]
}

// qualitative reports whether row i has a qualitative target.
func (g *grid) qualitative(i int) bool {
	if i < 0 || i >= len(g.scores) {
		return false
	}
	rs := g.scores[i]
	return !rs.Target.Quantitative && rs.TargetErr == nil && rs.Target.Text != ""
}

func (g *grid) cellText(r domain.Indicator, c gridCol) string {
	switch c {
	case colName:
		return r.Name
	case colTarget:
		return r.Target
	case colActual:
		return r.Actual
	case colWeight:
		return r.Weight.Text()
	case colScore:
		return r.Score.Text()
	case colDeviation:
		return r.Deviation
	}
	return ""
}

// ensureVisible scrolls so that the current row (and, at the top, its
// headings) is inside the body.
func (g *grid) ensureVisible() {
	if len(g.order) == 0 {
		g.offset = 0
		return
	}
	h := max(g.bodyH, 1)
	ln := g.lineOf[g.sel]
	top := ln
	for top > 0 && g.lines[top-1].level != 0 && ln-top < 2 {
		top--
	}
	if top < g.offset {
		g.offset = top
	}
	if ln >= g.offset+h {
		g.offset = ln - h + 1
	}
	g.offset = max(min(g.offset, len(g.lines)-h), 0)
}

func (g *grid) key(f *domain.Filing, km KeyMap, k tea.KeyPressMsg) (handled, changed bool) {
	g.note = ""
	g.change, g.changePath = "", ""
	switch g.mode {
	case gmEdit, gmArea:
		return true, g.editKey(f, k)
	case gmDelete:
		g.mode = gmNav
		if key.Matches(k, km.Yes) {
			return true, g.deleteRow(f)
		}
		g.note = "已取消删除"
		return true, false
	case gmLevel2, gmBand, gmLibrary:
		return true, g.pickKey(f, k)
	}
	rs := *g.rows(f)
	i := g.cur()
	switch {
	case k.String() == "up":
		g.sel = max(g.sel-1, 0)
	case k.String() == "down":
		g.sel = min(g.sel+1, max(len(rs)-1, 0))
	case k.String() == "left" || k.String() == "shift+tab":
		g.col = max(g.col-1, 0)
	case k.String() == "right" || k.String() == "tab":
		g.col = min(g.col+1, colCount-1)
	case k.String() == "home":
		g.col = 0
	case k.String() == "end":
		g.col = colCount - 1
	case key.Matches(k, km.GridAdd):
		return true, g.addRow(f, domain.Indicator{}, true)
	case key.Matches(k, km.GridLibrary):
		g.openLibrary(f)
	case i < 0:
		return false, false
	case key.Matches(k, km.GridEdit):
		if g.col == colScore && g.qualitative(i) {
			g.openBand(f)
		} else {
			g.startEdit(f, "", false)
		}
	case key.Matches(k, km.GridDel):
		g.mode = gmDelete
	case key.Matches(k, km.GridUp):
		return true, g.moveRow(f, -1)
	case key.Matches(k, km.GridDown):
		return true, g.moveRow(f, 1)
	case key.Matches(k, km.GridLevel2):
		g.openLevel2(f)
	case key.Matches(k, km.GridBand):
		if g.qualitative(i) {
			g.openBand(f)
		} else {
			g.note = "定量指标按公式计算得分，不需要选择达成档次"
		}
	case key.Matches(k, km.GridClear):
		return true, g.setCell(f, i, g.col, "")
	case k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && k.Text != "" && k.Text != "?":
		// Typing starts editing: long texts keep what is there, short
		// cells are replaced, as in a spreadsheet.
		g.startEdit(f, k.Text, true)
	default:
		return false, false
	}
	g.ensureVisible()
	return true, false
}

// viewKey reports whether k only moves the grid's selection.
func (g *grid) viewKey(k tea.KeyPressMsg) bool {
	if g.mode != gmNav {
		return false
	}
	switch k.String() {
	case "up", "down", "left", "right", "tab", "shift+tab", "home", "end":
		return true
	}
	return false
}

// startEdit opens the current cell for editing; with typed text, the
// short cells start from it and the long ones append it.
func (g *grid) startEdit(f *domain.Filing, typed string, replace bool) {
	i := g.cur()
	if i < 0 {
		return
	}
	r := (*g.rows(f))[i]
	g.err = ""
	switch g.col {
	case colName, colDeviation:
		g.mode = gmArea
		g.ed = editor{multiline: g.col == colDeviation, limit: areaLimit}
		g.ed.SetValue(g.cellText(r, g.col))
		if typed != "" {
			g.ed.Insert(typed)
		}
	default:
		g.mode = gmEdit
		g.ed = editor{limit: lineLimit}
		if replace {
			g.ed.SetValue("")
			g.ed.Insert(typed)
		} else {
			g.ed.SetValue(g.cellText(r, g.col))
		}
	}
	g.updateDraft(f)
}

// updateDraft scores the row with the text being typed (one row: O(1)).
func (g *grid) updateDraft(f *domain.Filing) {
	i := g.cur()
	if i < 0 || g.mode != gmEdit {
		g.draft = nil
		return
	}
	r := (*g.rows(f))[i]
	v := g.ed.Value()
	switch g.col {
	case colTarget:
		r.Target = v
	case colActual:
		r.Actual = v
	case colWeight, colScore:
		a, err := domain.ParseAmount(v)
		if err == nil {
			if g.col == colWeight {
				r.Weight = a
			} else {
				r.Score = a
			}
			err = checkScore(r.Score, r.Weight)
			if g.col == colWeight && a.IsNegative() {
				err = fmt.Errorf("分值%s小于0，分值不能为负数", a.Text())
			}
		}
		if err != nil {
			g.err = err.Error()
			g.draft = nil
			return
		}
	}
	g.err = ""
	rs := domain.ScoreRow(r, g.rules)
	g.draft = &rs
}

func (g *grid) editKey(f *domain.Filing, k tea.KeyPressMsg) bool {
	if g.asking {
		// y gives the invalid text up (放弃); any other key goes back
		// to it (修改).
		g.asking = false
		if k.String() == "y" || k.String() == "Y" {
			g.mode, g.err, g.draft = gmNav, "", nil
		}
		return false
	}
	switch k.String() {
	case "esc":
		g.mode, g.err, g.draft = gmNav, "", nil
		return false
	case "enter", "tab":
		next := k.String() == "tab"
		changed, ok := g.commit(f)
		if !ok {
			g.asking = true
		}
		if ok && next {
			g.col = min(g.col+1, colCount-1)
		}
		return changed
	}
	w := 0
	if g.mode == gmArea {
		w = g.areaWidth
	}
	if _, c := g.ed.HandleKey(k, w); c {
		g.updateDraft(f)
	}
	return false
}

// commit writes the edited text to the row; ok is false (and the editor
// stays open with the reason) when the text is not valid.
func (g *grid) commit(f *domain.Filing) (changed, ok bool) {
	i := g.cur()
	if i < 0 {
		g.mode = gmNav
		return false, true
	}
	v := g.ed.Value()
	if g.col == colName || g.col == colTarget || g.col == colActual {
		v = strings.TrimSpace(v)
	}
	if g.col == colWeight || g.col == colScore {
		g.updateDraft(f)
		if g.err != "" {
			return false, false
		}
	}
	g.mode, g.err, g.draft = gmNav, "", nil
	return g.setCell(f, i, g.col, v), true
}

// setCell stores text in column c of row i and re-scores that row; a
// filed score of a qualitative row is kept inside its band.
func (g *grid) setCell(f *domain.Filing, i int, c gridCol, v string) bool {
	rows := *g.rows(f)
	r := &rows[i]
	before := *r
	switch c {
	case colName:
		r.Name = v
	case colTarget:
		r.Target = v
	case colActual:
		r.Actual = v
	case colDeviation:
		r.Deviation = v
	case colWeight, colScore:
		a, err := domain.ParseAmount(v)
		if err != nil {
			g.err = err.Error()
			return false
		}
		if c == colWeight {
			r.Weight = a
		} else {
			r.Score = a
		}
	}
	g.scores[i] = domain.ScoreRow(*r, g.rules)
	g.clampBand(r, i)
	if *r == before {
		return false
	}
	g.relayout(f, false)
	g.changed(rowLabel(r.Name)+gridTitles[c], fmt.Sprintf("%s.%d.%s", g.path, i, gridFields[c]))
	return true
}

// changed records the label and path of a change for undo.
func (g *grid) changed(label, path string) {
	g.change, g.changePath = label, path
}

// rowLabel names an indicator row in an undo message.
func rowLabel(name string) string {
	if name == "" {
		return "新指标"
	}
	return "“" + name + "”"
}

// checkScore refuses a 得分 above its 分值 with the reason.
func checkScore(score, weight domain.Amount) error {
	if !score.IsSet() || !weight.IsSet() {
		return nil
	}
	return domain.ValidateScore(score, weight)
}

// clampBand keeps the filed score of a qualitative row inside the band in
// force (the filer's or the suggested one).
func (g *grid) clampBand(r *domain.Indicator, i int) {
	if !g.qualitative(i) || !r.Score.IsSet() {
		return
	}
	band := g.scores[i].Band
	lo, hi, ok := g.rules.BandScores(band, r.Weight.Decimal())
	if !ok {
		return
	}
	s := r.Score.Decimal()
	switch {
	case s.LessThan(lo):
		r.Score = domain.Dec(domain.Round2(lo))
	case s.GreaterThan(hi):
		r.Score = domain.Dec(domain.Round2(hi))
	default:
		return
	}
	g.note = fmt.Sprintf("“%s”档得分应在%s至%s之间，已调整为%s", band, lo.StringFixed(2), hi.StringFixed(2), r.Score.Fixed2())
	g.scores[i] = domain.ScoreRow(*r, g.rules)
}

// addRow inserts e after the current row, under the current 二级 when e
// has none, and opens its 三级指标 for typing when edit is set.
func (g *grid) addRow(f *domain.Filing, e domain.Indicator, edit bool) bool {
	p := g.rows(f)
	i := g.cur()
	if e.Level2 == "" {
		if i >= 0 {
			e.Level1, e.Level2 = (*p)[i].Level1, (*p)[i].Level2
		} else {
			e.Level1, e.Level2 = g.rules.Levels[0].Name, g.rules.Levels[0].Level2[0]
		}
	}
	at := len(*p)
	if i >= 0 {
		at = i + 1
	}
	*p = slices.Insert(*p, at, e)
	g.scores = slices.Insert(g.scores, at, domain.ScoreRow(e, g.rules))
	g.relayout(f, false)
	g.sel = g.pos[at]
	g.col = colName
	g.ensureVisible()
	g.changed("添加指标"+rowLabel(e.Name), g.path)
	if edit {
		g.startEdit(f, "", false)
	}
	return true
}

func (g *grid) deleteRow(f *domain.Filing) bool {
	i := g.cur()
	if i < 0 {
		return false
	}
	p := g.rows(f)
	name := (*p)[i].Name
	*p = slices.Delete(*p, i, i+1)
	g.scores = slices.Delete(g.scores, i, i+1)
	g.relayout(f, false)
	g.ensureVisible()
	g.note = "已删除指标“" + name + "”"
	g.changed("删除指标"+rowLabel(name), g.path)
	return true
}

// moveRow swaps the current row with its neighbour in the same 二级 group.
func (g *grid) moveRow(f *domain.Filing, d int) bool {
	j := g.sel + d
	if g.cur() < 0 || j < 0 || j >= len(g.order) {
		return false
	}
	rows := *g.rows(f)
	a, b := g.order[g.sel], g.order[j]
	if rows[a].Level1 != rows[b].Level1 || rows[a].Level2 != rows[b].Level2 {
		g.note = "已在本组（" + rows[a].Level2 + "）的边上；改变二级指标请按 g"
		return false
	}
	rows[a], rows[b] = rows[b], rows[a]
	g.scores[a], g.scores[b] = g.scores[b], g.scores[a]
	g.relayout(f, false)
	g.sel = g.pos[b]
	g.ensureVisible()
	g.changed("移动指标"+rowLabel(rows[b].Name), fmt.Sprintf("%s.%d", g.path, b))
	return true
}

func (g *grid) openLevel2(f *domain.Filing) {
	i := g.cur()
	r := (*g.rows(f))[i]
	g.pick = picker{title: "选择“" + r.Name + "”的二级指标"}
	for li, l := range g.rules.Levels {
		g.pick.tabs = append(g.pick.tabs, l.Name)
		if l.Name == r.Level1 {
			g.pick.tab = li
		}
	}
	g.fillLevel2()
	if j := slices.Index(g.pick.items, r.Level2); j >= 0 {
		g.pick.sel = j
	}
	g.mode = gmLevel2
}

func (g *grid) fillLevel2() {
	g.pick.items = slices.Clone(g.rules.Levels[g.pick.tab].Level2)
}

func (g *grid) openBand(f *domain.Filing) {
	i := g.cur()
	r := (*g.rows(f))[i]
	g.pick = picker{title: "选择“" + r.Name + "”的达成档次（年度指标值“" + r.Target + "”，实际完成值“" + r.Actual + "”）"}
	for _, b := range g.rules.Bands {
		lo, hi, _ := g.rules.BandScores(b.Band, r.Weight.Decimal())
		g.pick.items = append(g.pick.items, fmt.Sprintf("%s：%s（得分 %s–%s）", b.Band, b.Label, lo.StringFixed(2), hi.StringFixed(2)))
		if b.Band == r.Band {
			g.pick.sel = len(g.pick.items) - 1
		}
	}
	g.pick.items = append(g.pick.items, "不选择（按实际完成值自动判断）")
	g.mode = gmBand
}

func (g *grid) openLibrary(f *domain.Filing) {
	l2 := ""
	if i := g.cur(); i >= 0 {
		l2 = (*g.rows(f))[i].Level2
	}
	title := "指标库：全部二级指标"
	if l2 != "" {
		title = "指标库：" + l2 + "（输入文字筛选，Enter 插入到本组）"
	}
	g.pick = picker{title: title, filter: &editor{limit: 50}, hint: "↑/↓ 选择  Enter 插入并填写年度指标值  Esc 取消"}
	g.pick.title = title
	g.lib = domain.SearchLibrary(l2, "")
	g.libLevel = l2
	g.fillLibrary()
	g.mode = gmLibrary
}

func (g *grid) fillLibrary() {
	g.pick.items = g.pick.items[:0]
	for _, e := range g.lib {
		s := e.Name + "  " + e.TargetTemplate
		if g.libLevel == "" {
			s = e.Level2 + " · " + s
		}
		g.pick.items = append(g.pick.items, s)
	}
}

func (g *grid) pickKey(f *domain.Filing, k tea.KeyPressMsg) bool {
	res := g.pick.key(k)
	switch res {
	case pickCancel:
		g.mode = gmNav
		return false
	case pickTab:
		if g.mode == gmLevel2 {
			g.fillLevel2()
		}
		return false
	case pickFilter:
		if g.mode == gmLibrary {
			g.lib = domain.SearchLibrary(g.libLevel, g.pick.filter.Value())
			g.fillLibrary()
		}
		return false
	case pickChosen:
	default:
		return false
	}
	mode := g.mode
	g.mode = gmNav
	i := g.cur()
	switch mode {
	case gmLevel2:
		rows := *g.rows(f)
		l := g.rules.Levels[g.pick.tab]
		r := &rows[i]
		if r.Level1 == l.Name && r.Level2 == l.Level2[g.pick.sel] {
			return false
		}
		r.Level1, r.Level2 = l.Name, l.Level2[g.pick.sel]
		g.changed(rowLabel(r.Name)+"的二级指标", fmt.Sprintf("%s.%d.level2", g.path, i))
		g.relayout(f, false)
		g.sel = g.pos[i]
		g.ensureVisible()
		return true
	case gmBand:
		rows := *g.rows(f)
		r := &rows[i]
		var b domain.Band
		if g.pick.sel < len(g.rules.Bands) {
			b = g.rules.Bands[g.pick.sel].Band
		}
		if r.Band == b {
			return false
		}
		r.Band = b
		g.changed(rowLabel(r.Name)+"的达成档次", fmt.Sprintf("%s.%d.band", g.path, i))
		g.scores[i] = domain.ScoreRow(*r, g.rules)
		g.clampBand(r, i)
		g.relayout(f, false)
		return true
	case gmLibrary:
		e := g.lib[g.pick.sel]
		g.addRow(f, domain.Indicator{Level1: e.Level1, Level2: e.Level2, Name: e.Name, Target: e.TargetTemplate}, false)
		g.col = colTarget
		g.startEdit(f, "", false)
		g.note = "已从指标库插入“" + e.Name + "”，请完善年度指标值"
		return true
	}
	return false
}

func (g *grid) paste(f *domain.Filing, s string) bool {
	switch g.mode {
	case gmNav:
		if g.cur() < 0 {
			return false
		}
		g.startEdit(f, "", g.col != colName && g.col != colDeviation)
		fallthrough
	case gmEdit, gmArea:
		g.asking = false
		if c, cut := g.ed.Insert(s); c {
			g.updateDraft(f)
			if cut {
				g.note = "粘贴的内容过长，已截断"
			}
		}
	case gmLibrary:
		if g.pick.paste(s) == pickFilter {
			g.lib = domain.SearchLibrary(g.libLevel, g.pick.filter.Value())
			g.fillLibrary()
		}
	}
	return false
}

// jump moves to the cell named by a finding's path under g.path.
func (g *grid) jump(path string) bool {
	rest, ok := strings.CutPrefix(path, g.path+".")
	if !ok {
		return path == g.path
	}
	parts := strings.SplitN(rest, ".", 2)
	i, err := strconv.Atoi(parts[0])
	if err != nil || i < 0 || i >= len(g.pos) {
		return false
	}
	g.mode = gmNav
	g.sel = g.pos[i]
	if len(parts) == 2 {
		switch parts[1] {
		case "band":
			g.col = colScore
		case "level1", "level2":
			g.col = colName
		default:
			if c := slices.Index(gridFields[:], parts[1]); c >= 0 {
				g.col = gridCol(c)
			}
		}
	}
	g.ensureVisible()
	return true
}

func (g *grid) help(k KeyMap) []key.Binding {
	switch g.mode {
	case gmEdit, gmArea:
		return []key.Binding{k.Confirm, k.Cancel}
	case gmDelete:
		return []key.Binding{k.Yes, k.No}
	case gmLevel2, gmBand, gmLibrary:
		return []key.Binding{k.Up, k.Down, k.Confirm, k.Cancel}
	}
	return []key.Binding{k.GridEdit, k.GridAdd, k.GridDel, k.GridUp, k.GridLevel2, k.GridLibrary, k.GridBand}
}

// keptText is the stored text of the cell being edited.
func (g *grid) keptText(f *domain.Filing) string {
	i := g.cur()
	if i < 0 {
		return ""
	}
	return g.cellText((*g.rows(f))[i], g.col)
}

// message is the grid's line above the help.
func (g *grid) message(f *domain.Filing, st *Styles) string {
	switch {
	case g.mode == gmDelete:
		name := ""
		if i := g.cur(); i >= 0 {
			name = (*g.rows(f))[i].Name
		}
		return st.Warning.Render("删除指标“" + name + "”？y 删除  n 取消")
	case g.err != "" && g.asking:
		return st.Error.Render("“" + gridTitles[g.col] + "”的输入无效：" + g.err + "。y 放弃（" + keptText(g.keptText(f)) + "）  n 修改")
	case g.err != "":
		return st.Error.Render(st.G.Cross + " 无效：" + g.err + "（" + keptText(g.keptText(f)) + "；Esc 放弃修改）")
	case g.note != "":
		return st.OK.Render(g.note)
	}
	return ""
}
