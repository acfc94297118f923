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
	colReview // 复核分, shown when a row of the table has one
	colDeviation
	colCount
)

var gridTitles = [colCount]string{"三级指标", "年度指标值", "实际完成值", "分值", "得分", "复核分", "偏差原因分析及改进措施"}

// gridFields are the JSON keys of the columns (findings jump by them).
var gridFields = [colCount]string{"name", "target", "actual", "weight", "score", "review_score", "deviation"}

type gridMode int

const (
	gmNav      gridMode = iota
	gmEdit              // a short cell edited in place
	gmArea              // a long text (三级指标, 偏差) in the text overlay
	gmDelete            // asking before deleting a row
	gmLevel2            // choosing the row's 二级指标
	gmBand              // choosing a qualitative band
	gmLibrary           // choosing from the indicator library
	gmCopyFrom          // choosing an indicator of 附件2 to copy into 附件3
	gmPaste             // previewing rows pasted from a spreadsheet
	gmSplit             // editing the split parts of 年度指标值
)

// gridLine is one display line: a 一级 or 二级 heading, the read-only
// 执行率 row, or an indicator row.
type gridLine struct {
	level int // 1 or 2 for headings, 0 for a row, lineExecHead and lineExec for 执行率
	text  string
	row   int
}

// The levels of the 执行率 heading and row (Rules.ExecutionInGrid); their
// figures are drawn from the funds at each view, as the funds are edited
// on another step.
const (
	lineExecHead = 3
	lineExec     = 4
)

// grid edits the indicator rows of one table (附件2 or one 附件3): rows are
// grouped under their 一级 and 二级 indicators in the official order; the
// cursor moves between cells; a detail pane under the rows shows the whole
// current row wrapped, and columns that do not fit the width are cells of
// that pane. Only visible lines are drawn and only the edited row is
// re-scored while typing, so a keystroke costs the same with 16 or 80 rows.
type grid struct {
	gridTable
	gridLayout
	gridCursor
	gridInput
	km GridKeyMap
	rk RowKeyMap
	// change names the last change to the rows and path is where it was,
	// for undo ("“学生满意度”得分", "overall.indicators.3.score").
	change, changePath string
}

// gridTable is what the grid edits.
type gridTable struct {
	// path is the JSON path of the rows ("overall.indicators",
	// "projects.2.indicators"); what names the table in messages.
	path  string
	what  string
	rows  func(*domain.Filing) *[]domain.Indicator
	rules domain.Rules
}

// gridLayout is the display order of the rows, recomputed on structural
// changes (relayout), and each row's score.
type gridLayout struct {
	lines  []gridLine
	order  []int // display position → row index
	pos    []int // row index → display position
	lineOf []int // display position → line index
	scores []domain.RowScore
	// review is set when a row of the table has a 复核分 (the column is
	// shown then); exec is the 执行率 row when the rules print it.
	review bool
	exec   *execRow
}

// gridCursor is where the selection is and how the last view placed it.
type gridCursor struct {
	sel    int // display position of the current row
	col    gridCol
	offset int
	bodyH  int // lines of the body in the last view
	// inTable is which columns the last view drew in the table; the
	// others were cells of the detail pane.
	inTable [colCount]bool
	// paneSel is the line of the detail pane where the selected cell
	// starts, when it is a cell of the pane (0 otherwise).
	paneSel int
	// areaWidth is the wrap width of the text overlay in the last view.
	areaWidth int
}

// gridInput is the mode and what is being typed or chosen in it.
type gridInput struct {
	mode  gridMode
	ed    editor
	err   string
	note  string
	draft *domain.RowScore
	// asking is set while an invalid cell edit asks 修改/放弃.
	asking bool
	pick   picker
	lib    []domain.LibraryEntry
	// libLevel is the 二级 the library was opened for ("" for all).
	libLevel string
	// pasted is the spreadsheet paste being previewed (gmPaste).
	pasted *pastePlan
	// split is the split target editor (gmSplit).
	split *splitEditor
}

// execRow is the read-only 执行率 row of a table whose rules print it in
// the grid: the rate, its 分值 and its 得分.
type execRow struct {
	rate          domain.Amount
	weight, score decimal.Decimal
}

func newGrid(f *domain.Filing, path, what string, rows func(*domain.Filing) *[]domain.Indicator) *grid {
	g := &grid{gridTable: gridTable{path: path, what: what, rows: rows, rules: domain.RulesFor(f)}, km: DefaultGridKeyMap(), rk: DefaultRowKeyMap()}
	g.bodyH = 10
	for c := range colCount {
		g.inTable[c] = true
	}
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
	g.review = slices.ContainsFunc(rs, func(r domain.Indicator) bool { return r.ReviewScore != nil })
	g.exec = g.execution(f)
	g.lines = g.lines[:0]
	if g.exec != nil {
		g.lines = append(g.lines, gridLine{level: lineExecHead}, gridLine{level: lineExec})
	}
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
	g.fixCol()
}

// execution is the 执行率 row of the table when its rules print 执行率 in
// the grid, else nil. The table is the one g.path names.
func (g *grid) execution(f *domain.Filing) *execRow {
	if !g.rules.ExecutionInGrid {
		return nil
	}
	var funds domain.Funds
	var filed domain.Amount
	if g.path == "overall.indicators" {
		funds, filed = f.Overall.Funds, f.Overall.ExecutionWeight
	} else {
		var i int
		if _, err := fmt.Sscanf(g.path, "projects.%d.indicators", &i); err != nil || i < 0 || i >= len(f.Projects) {
			return nil
		}
		funds, filed = f.Projects[i].Funds.Total, f.Projects[i].ExecutionWeight
	}
	e := &execRow{rate: g.rules.ExecutionRate(funds), weight: g.rules.ExecutionWeight}
	if filed.IsSet() && g.rules.FiledExecutionWeight {
		e.weight = filed.Decimal()
	}
	e.score = domain.ExecutionScore(e.rate, e.weight)
	return e
}

// project reports whether the grid is a 附件3 table.
func (g *grid) project() bool { return strings.HasPrefix(g.path, "projects.") }

// hasCol reports whether column c exists in this table: 复核分 only when
// a row has one.
func (g *grid) hasCol(c gridCol) bool {
	return c >= 0 && c < colCount && (c != colReview || g.review)
}

// fixCol moves the selection off a column the table does not have.
func (g *grid) fixCol() {
	for c := g.col; c >= 0; c-- {
		if g.hasCol(c) {
			g.col = c
			return
		}
	}
	g.col = colName
}

// step moves the selection d columns (±1) along the row, skipping the
// columns the table does not have; it stops at either end.
func (g *grid) step(d int) {
	for c := g.col + gridCol(d); c >= 0 && c < colCount; c += gridCol(d) {
		if g.hasCol(c) {
			g.col = c
			return
		}
	}
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
	case colReview:
		if r.ReviewScore == nil {
			return ""
		}
		return r.ReviewScore.Text()
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

// key handles a key: handled false leaves it to the wizard; changed
// reports a change of the rows (named in g.change for undo).
func (g *grid) key(f *domain.Filing, k tea.KeyPressMsg) (handled, changed bool) {
	g.note = ""
	g.change, g.changePath = "", ""
	if g.mode != gmNav {
		return true, g.modalKey(f, k)
	}
	if g.moveKey(f, k) {
		g.ensureVisible()
		return true, false
	}
	km, rk := g.km, g.rk
	i := g.cur()
	switch {
	case key.Matches(k, rk.Add):
		return true, g.addRow(f, domain.Indicator{}, true)
	case key.Matches(k, km.Library):
		g.openLibrary(f)
	case key.Matches(k, rk.CopyFromOverall):
		g.openCopyFrom(f)
	case i < 0:
		if key.Matches(k, rk.Delete, rk.MoveUp, rk.MoveDown, rk.Copy, km.Edit, km.Clear, km.Split, km.Level2, km.Band) {
			g.note = "本表还没有指标行；按 " + rk.Add.Help().Key + " 添加一行"
			return true, false
		}
		return false, false
	case key.Matches(k, km.Edit):
		if g.col == colScore && g.qualitative(i) {
			g.openBand(f)
		} else {
			g.startEdit(f, "", false)
		}
	case key.Matches(k, rk.Delete):
		g.mode = gmDelete
	case key.Matches(k, rk.MoveUp):
		return true, g.moveRow(f, -1)
	case key.Matches(k, rk.MoveDown):
		return true, g.moveRow(f, 1)
	case key.Matches(k, rk.Copy):
		return true, g.copyRow(f)
	case key.Matches(k, km.Level2):
		g.openLevel2(f)
	case key.Matches(k, km.Band):
		if g.qualitative(i) {
			g.openBand(f)
		} else {
			g.note = "定量指标按公式计算得分，不需要选择达成档次"
		}
	case key.Matches(k, km.Split):
		g.openSplit(f)
	case key.Matches(k, km.Clear):
		return true, g.setCell(f, i, g.col, "")
	case gridTyping(k):
		// Typing starts editing: long texts keep what is there, short
		// cells are replaced, as in a spreadsheet.
		g.startEdit(f, k.Text, true)
	default:
		return false, false
	}
	g.ensureVisible()
	return true, false
}

// modalKey sends a key to the open editor, question, list, preview or
// split editor; it reports a change of the rows.
func (g *grid) modalKey(f *domain.Filing, k tea.KeyPressMsg) bool {
	switch g.mode {
	case gmEdit, gmArea:
		return g.editKey(f, k)
	case gmDelete:
		switch {
		case key.Matches(k, g.km.Yes):
			g.mode = gmNav
			return g.deleteRow(f)
		case key.Matches(k, g.km.No):
			g.mode = gmNav
			g.note = "已取消删除"
		}
		// Any other key leaves the question (which names both answers)
		// open.
		return false
	case gmLevel2, gmBand, gmLibrary, gmCopyFrom:
		return g.pickKey(f, k)
	case gmPaste:
		return g.pasteKey(f, k)
	case gmSplit:
		return g.splitKey(f, k)
	}
	return false
}

// moveKey moves the selection for the arrow, Tab, Home and End keys; it
// reports whether k was one of them.
func (g *grid) moveKey(f *domain.Filing, k tea.KeyPressMsg) bool {
	km := g.km
	switch {
	case key.Matches(k, km.Up):
		g.sel = max(g.sel-1, 0)
	case key.Matches(k, km.Down):
		g.sel = min(g.sel+1, max(len(*g.rows(f))-1, 0))
	case key.Matches(k, km.Left):
		g.step(-1)
	case key.Matches(k, km.Right):
		g.step(1)
	case key.Matches(k, km.Home):
		g.col = colName
	case key.Matches(k, km.End):
		g.col = colCount - 1
		g.fixCol()
	default:
		return false
	}
	return true
}

// viewKey reports whether k only moves the grid's selection.
func (g *grid) viewKey(k tea.KeyPressMsg) bool {
	km := g.km
	return g.mode == gmNav && key.Matches(k, km.Up, km.Down, km.Left, km.Right, km.Home, km.End)
}

func (g *grid) editKey(f *domain.Filing, k tea.KeyPressMsg) bool {
	if g.asking {
		// y gives the invalid text up (放弃); any other key goes back
		// to it (修改).
		g.asking = false
		switch {
		case key.Matches(k, g.km.GiveUp):
			g.mode, g.err, g.draft = gmNav, "", nil
		case key.Matches(k, g.km.Retry):
			// Back to the text, as any other key.
		}
		return false
	}
	switch {
	case key.Matches(k, g.km.Cancel):
		g.mode, g.err, g.draft = gmNav, "", nil
		return false
	case key.Matches(k, g.km.Commit, g.km.CommitNext):
		next := key.Matches(k, g.km.CommitNext)
		changed, ok := g.commit(f)
		if !ok {
			g.asking = true
		}
		if ok && next {
			g.step(1)
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

// pickKey handles a key while a list is open (二级指标, 档次, 指标库,
// 附件2's indicators).
func (g *grid) pickKey(f *domain.Filing, k tea.KeyPressMsg) bool {
	km := g.km
	p := &g.pick
	switch {
	case key.Matches(k, km.Cancel):
		g.mode = gmNav
		return false
	case key.Matches(k, km.PrevItem):
		p.sel = max(p.sel-1, 0)
		return false
	case key.Matches(k, km.NextItem):
		p.sel = min(p.sel+1, max(len(p.items)-1, 0))
		return false
	case g.mode == gmLevel2 && key.Matches(k, km.SwitchTab):
		d := 1
		if k.Code == tea.KeyLeft {
			d = len(p.tabs) - 1
		}
		p.tab = (p.tab + d) % len(p.tabs)
		p.sel = 0
		g.fillLevel2()
		return false
	case key.Matches(k, km.Choose):
		if len(p.items) == 0 {
			return false
		}
	default:
		if g.mode == gmLibrary && p.key(k) == pickFilter {
			g.lib = domain.SearchLibrary(g.libLevel, p.filter.Value())
			g.fillLibrary()
		}
		return false
	}
	mode := g.mode
	g.mode = gmNav
	i := g.cur()
	switch mode {
	case gmLevel2:
		rows := *g.rows(f)
		l := g.rules.Levels[p.tab]
		r := &rows[i]
		if r.Level1 == l.Name && r.Level2 == l.Level2[p.sel] {
			return false
		}
		r.Level1, r.Level2 = l.Name, l.Level2[p.sel]
		g.changed(rowLabel(r.Name)+"的二级指标", fmt.Sprintf("%s.%d.level2", g.path, i))
		g.relayout(f, false)
		g.sel = g.pos[i]
		g.ensureVisible()
		return true
	case gmBand:
		rows := *g.rows(f)
		r := &rows[i]
		var b domain.Band
		if p.sel < len(g.rules.Bands) {
			b = g.rules.Bands[p.sel].Band
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
		e := g.lib[p.sel]
		g.addRow(f, domain.Indicator{Level1: e.Level1, Level2: e.Level2, Name: e.Name, Target: e.TargetTemplate}, false)
		g.col = colTarget
		g.startEdit(f, "", false)
		g.note = "已从指标库插入“" + e.Name + "”，请完善年度指标值"
		return true
	case gmCopyFrom:
		return g.copyFrom(f, p.sel)
	}
	return false
}

// paste handles a bracketed paste: rows copied from a spreadsheet (text
// with tabs) while a cell is selected open the paste preview; other text
// goes into the selected cell as if typed.
func (g *grid) paste(f *domain.Filing, s string) bool {
	switch g.mode {
	case gmNav:
		if isTablePaste(s) {
			g.startPaste(f, s)
			return false
		}
		if t := strings.TrimRight(s, "\r\n"); !strings.ContainsAny(t, "\r\n") {
			// One cell copied from a spreadsheet ends with a line break.
			s = t
		}
		if g.cur() < 0 {
			return false
		}
		g.startEdit(f, "", shortCell(g.col))
		fallthrough
	case gmEdit, gmArea:
		g.asking = false
		if c, cut := g.ed.Insert(s); c {
			g.updateDraft(f)
			if cut {
				g.note = "粘贴的内容过长，已截断"
			}
		}
	case gmSplit:
		g.split.paste(s)
	case gmLibrary:
		if g.pick.paste(s) == pickFilter {
			g.lib = domain.SearchLibrary(g.libLevel, g.pick.filter.Value())
			g.fillLibrary()
		}
	}
	return false
}

// jumpCols are the cells of the row fields that have no column of their
// own: the band is chosen on 得分, the levels beside 三级指标, and the split
// target parts belong to 年度指标值.
var jumpCols = map[string]gridCol{
	"band": colScore, "level1": colName, "level2": colName,
	"direction": colTarget, "comparator": colTarget, "value": colTarget, "unit": colTarget,
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
		if c, ok := jumpCols[parts[1]]; ok {
			g.col = c
		} else if c := slices.Index(gridFields[:], parts[1]); c >= 0 {
			g.col = gridCol(c)
		}
		g.fixCol()
	}
	g.ensureVisible()
	return true
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
		return st.Warning.Render("删除指标“" + name + "”？" + g.km.Yes.Help().Key + " 删除  " + g.km.No.Help().Key + " 取消")
	case g.err != "" && g.asking:
		return st.Error.Render("“" + gridTitles[g.col] + "”的输入无效：" + g.err + "。" + g.km.GiveUp.Help().Key + " 放弃（" + keptText(g.keptText(f)) + "）  " + g.km.Retry.Help().Key + " 修改")
	case g.err != "":
		return st.Error.Render(st.G.Cross + " 无效：" + g.err + "（" + keptText(g.keptText(f)) + "；" + g.km.Cancel.Help().Key + " 放弃修改）")
	case g.note != "":
		return st.OK.Render(g.note)
	}
	return ""
}
