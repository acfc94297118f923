package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// importTimeout is how long an import may read before it is given up.
const importTimeout = 10 * time.Second

// Messages of the list screen.
type (
	listLoadedMsg struct {
		metas []Meta
		err   error
	}
	// openedMsg reports a filing opened for the wizard. With an edit
	// lock in use, locked says the session took it; readOnly that another
	// session (holder) has it.
	openedMsg struct {
		f        *domain.Filing
		meta     Meta
		err      error
		locked   bool
		readOnly bool
		holder   string
	}
	// doneMsg reports a list action with a note to show and a filing to
	// open (when open is set), and for an import its report.
	doneMsg struct {
		note   string
		err    error
		open   string
		report *importReport
	}
	// uploadsMsg lists the upload folder (serve) for the import dialog.
	uploadsMsg struct {
		files []FileInfo
		err   error
	}
	// importReadMsg ends the reading of import seq: the decoded filing
	// with the report of its import, or why there is none.
	importReadMsg struct {
		seq    int
		f      *domain.Filing
		report *importReport
		err    error
	}
)

type listMode int

const (
	modeNormal listMode = iota
	modeFilter
	modeNew
	modeImport
	modeConfirmDelete
	modeConfirmCarry
	// modeRecover offers a draft found in a recovery file;
	// modeRecoverDiscard asks before throwing it away.
	modeRecover
	modeRecoverDiscard
	// modeImportReport shows what an import read (files_report.go).
	modeImportReport
)

// listModel is the filing list, and the welcome screen when it is empty,
// with its dialogs: the new-filing prompt, the import, the recovery offer.
type listModel struct {
	store Store
	// locks is the edit lock (nil: local use); admin shows the grants key.
	locks Locker
	admin bool
	st    *Styles
	keys  KeyMap
	now   func() time.Time

	metas  []Meta
	loaded bool
	sel    int
	mode   listMode
	filter editor
	err    string
	note   string
	// lastDeleted is restorable with u.
	lastDeleted string
	welcomeSel  int

	newPrompt
	draftOffer
	importState
}

// newPrompt is the new-filing prompt: unit and year (focus 0 or 1), the
// scope (focus 2; newScope indexes newScopes) and the rule set (focus 3).
type newPrompt struct {
	unit, year editor
	dlgFocus   int
	newScope   int
	newRules   int // index in domain.RuleSets{}.All()
}

// draftOffer holds the drafts that could not be saved: drafts are the ones
// found at start, offered one at a time; user is the session's user (only
// their drafts are offered).
type draftOffer struct {
	rec    *Recovery
	user   string
	drafts []Draft
}

// importState is the import dialog: files is the files port; uploads are
// the files offered when paths are not typed (upSel the selected one,
// upLoaded once listed); cancelImport stops the read in progress (nil:
// none), whose answer must carry importSeq; report is the import report
// shown in modeImportReport.
type importState struct {
	files        Files
	path         editor
	uploads      []FileInfo
	upSel        int
	upLoaded     bool
	cancelImport context.CancelFunc
	importSeq    int
	report       *importReport
}

func newListModel(s Store, files Files, st *Styles, k KeyMap, now func() time.Time) *listModel {
	l := &listModel{store: s, st: st, keys: k, now: now, filter: editor{limit: 50}}
	l.files, l.path = files, editor{limit: 1000}
	l.unit, l.year = editor{limit: 100}, editor{limit: 4}
	return l
}

func (l *listModel) load() tea.Cmd {
	s := l.store
	return func() tea.Msg {
		ms, err := s.List()
		return listLoadedMsg{metas: ms, err: err}
	}
}

// open loads filing id for the wizard and, with an edit lock in use,
// takes its lock (the filing opens read-only when another session has it).
func (l *listModel) open(id string) tea.Cmd {
	s, lk := l.store, l.locks
	return func() tea.Msg {
		f, m, err := s.Get(id)
		if err == nil && m.ID == "" {
			m.ID = id
		}
		if err != nil || lk == nil {
			return openedMsg{f: f, meta: m, err: err}
		}
		holder, ok := lk.Acquire(m.ID)
		if !ok {
			return openedMsg{f: f, meta: m, readOnly: true, holder: holder}
		}
		// Someone may have saved between the read and the lock: edit the
		// newest revision.
		f2, m2, err := s.Get(m.ID)
		if err != nil {
			lk.Release(m.ID)
			return openedMsg{err: err}
		}
		if m2.ID == "" {
			m2.ID = m.ID
		}
		return openedMsg{f: f2, meta: m2, locked: true}
	}
}

func (l *listModel) create(f *domain.Filing, note string, open bool) tea.Cmd {
	return l.createWith(f, note, open, nil)
}

// createWith stores f as create does; report is an import's report,
// shown once f is stored.
func (l *listModel) createWith(f *domain.Filing, note string, open bool, report *importReport) tea.Cmd {
	s := l.store
	return func() tea.Msg {
		m, err := s.Create(f)
		d := doneMsg{note: note, err: err}
		if err == nil {
			d.report = report
		}
		if err == nil && open {
			d.open = m.ID
		}
		return d
	}
}

// importMsg handles the answers of the import dialog: the uploaded
// files listed, a file read.
func (l *listModel) importMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case uploadsMsg:
		if l.mode != modeImport || l.files.TypedPaths() {
			return nil
		}
		l.upLoaded = true
		if msg.err != nil {
			l.err = "无法列出上传的文件：" + msg.err.Error()
			return nil
		}
		l.uploads = msg.files
		l.upSel = min(l.upSel, max(len(l.uploads)-1, 0))
		return nil
	case importReadMsg:
		if msg.seq != l.importSeq || l.cancelImport == nil {
			return nil // cancelled meanwhile
		}
		l.cancelImport()
		l.cancelImport = nil
		if msg.err != nil {
			l.err = msg.err.Error()
			return nil
		}
		l.mode, l.err = modeNormal, ""
		f := msg.f
		note := fmt.Sprintf("已导入“%s %d年度”", termsafe.String(f.Unit), f.Year)
		if n := l.sameFilings(f.Unit, f.Year); n > 0 {
			note += fmt.Sprintf("。注意：列表中原已有 %d 份同一单位同一年度的填报，现有 %d 份，请核对后删除多余的（d）", n, n+1)
		}
		return l.createWith(f, note, false, msg.report)
	}
	return nil
}

// sameFilings counts the filings (not deleted) of unit and year.
func (l *listModel) sameFilings(unit string, year int) int {
	n := 0
	for _, m := range l.metas {
		if !m.Deleted && m.Unit == unit && m.Year == year {
			n++
		}
	}
	return n
}

// visible is the list after the filter, without deleted filings.
func (l *listModel) visible() []Meta {
	q := strings.TrimSpace(l.filter.Value())
	var out []Meta
	for _, m := range l.metas {
		if m.Deleted {
			continue
		}
		if q != "" && !strings.Contains(m.Unit, q) && !strings.Contains(strconv.Itoa(m.Year), q) && !strings.Contains(m.ID, q) {
			continue
		}
		out = append(out, m)
	}
	return out
}

func (l *listModel) empty() bool {
	for _, m := range l.metas {
		if !m.Deleted {
			return false
		}
	}
	return true
}

func (l *listModel) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case listLoadedMsg:
		l.loaded = true
		if msg.err != nil {
			l.err = "无法读取填报列表：" + msg.err.Error()
			return nil, false
		}
		l.metas = msg.metas
		l.sel = min(l.sel, max(len(l.visible())-1, 0))
		return nil, false
	case draftsFoundMsg:
		var errs []string
		for _, e := range msg.bad {
			errs = append(errs, e.Error())
		}
		if len(errs) > 0 {
			l.err = strings.Join(errs, "；")
		}
		for _, d := range msg.drafts {
			if d.User == "" || l.user == "" || d.User == l.user {
				l.drafts = append(l.drafts, d)
			}
		}
		l.offerDraft()
		return nil, false
	case draftRestoredMsg:
		if msg.err != nil {
			l.err = msg.err.Error()
		} else {
			l.err, l.note = "", msg.note
		}
		l.offerDraft()
		return l.load(), false
	case doneMsg:
		if msg.err != nil {
			l.err = msg.err.Error()
			return l.load(), false
		}
		l.err, l.note = "", msg.note
		l.showReport(msg.report)
		if msg.open != "" {
			return l.open(msg.open), false
		}
		return l.load(), false
	case uploadsMsg, importReadMsg:
		return l.importMsg(msg), false
	case tea.PasteMsg:
		if ed := l.activeEditor(); ed != nil {
			ed.Insert(msg.Content)
		}
		return nil, false
	case tea.KeyPressMsg:
		return l.key(msg)
	}
	return nil, false
}

func (l *listModel) activeEditor() *editor {
	switch l.mode {
	case modeFilter:
		return &l.filter
	case modeImport:
		if l.files.TypedPaths() && l.cancelImport == nil {
			return &l.path
		}
	case modeNew:
		switch l.dlgFocus {
		case 0:
			return &l.unit
		case 1:
			return &l.year
		}
	}
	return nil
}

// newScopes are the scopes the new-filing dialog offers, in its order.
var newScopes = []struct{ scope, name string }{
	{domain.ScopeUnit, domain.ScopeUnitName},
	{domain.ScopeProjects, domain.ScopeProjectsName},
}

func (l *listModel) key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := l.keys
	if key.Matches(k, km.Wizard.Quit) {
		l.stopImport()
		return nil, true
	}
	switch l.mode {
	case modeFilter:
		l.filterKey(k)
		return nil, false
	case modeRecover, modeRecoverDiscard:
		return l.recoverKey(k), false
	case modeConfirmDelete, modeConfirmCarry:
		return l.confirmKey(k), false
	case modeNew:
		return l.newKey(k), false
	case modeImport:
		return l.importKey(k), false
	case modeImportReport:
		l.reportKey(k)
		return nil, false
	}

	l.note = ""
	if l.empty() && l.loaded {
		return l.welcomeKey(k)
	}
	vis := l.visible()
	switch {
	case key.Matches(k, km.List.Quit):
		return nil, true
	case key.Matches(k, km.List.Up):
		l.sel = max(l.sel-1, 0)
	case key.Matches(k, km.List.Down):
		l.sel = min(l.sel+1, max(len(vis)-1, 0))
	case key.Matches(k, km.List.Open):
		if l.sel < len(vis) {
			return l.open(vis[l.sel].ID), false
		}
	case key.Matches(k, km.List.New):
		l.startNew()
	case key.Matches(k, km.List.Import):
		return l.startImport(), false
	case key.Matches(k, km.List.Filter):
		// A fresh filter each time.
		l.filter.SetValue("")
		l.mode = modeFilter
	case key.Matches(k, km.List.Delete):
		if l.sel < len(vis) {
			l.mode = modeConfirmDelete
		}
	case key.Matches(k, km.List.Undelete):
		if id := l.lastDeleted; id != "" {
			s := l.store
			l.lastDeleted = ""
			return func() tea.Msg { return doneMsg{note: "已撤销删除", err: s.Undelete(id)} }, false
		}
	case key.Matches(k, km.List.Carry):
		if l.sel < len(vis) {
			l.mode = modeConfirmCarry
		}
	}
	return nil, false
}

// carry makes next year's filing from filing id (结转下年).
func (l *listModel) carry(id string) tea.Cmd {
	s := l.store
	return func() tea.Msg {
		f, _, err := s.Get(id)
		if err != nil {
			return doneMsg{err: err}
		}
		g := domain.CarryForward(f)
		_, err = s.Create(g)
		return doneMsg{note: fmt.Sprintf("已结转生成“%s %d年度”：上年决算数已带入，实际完成值、得分和偏差原因已清空", g.Unit, g.Year), err: err}
	}
}

// newFocusCount is the number of inputs of the new-filing prompt: the
// unit, the year, the scope and the rule set.
const newFocusCount = 4

// newKey handles a key of the new-filing prompt.
func (l *listModel) newKey(k tea.KeyPressMsg) tea.Cmd {
	km := l.keys.NewDlg
	switch {
	case key.Matches(k, km.Cancel):
		l.mode = modeNormal
	case key.Matches(k, km.Next):
		l.dlgFocus = (l.dlgFocus + 1) % newFocusCount
	case key.Matches(k, km.Prev):
		l.dlgFocus = (l.dlgFocus + newFocusCount - 1) % newFocusCount
	case key.Matches(k, km.Toggle) && l.dlgFocus >= 2:
		if l.dlgFocus == 2 {
			l.newScope = 1 - l.newScope
		} else if n := len(domain.RuleSets{}.All()); n > 0 {
			l.newRules = (l.newRules + 1) % n
		}
	case key.Matches(k, km.Confirm):
		return l.createNew()
	case l.dlgFocus == 1 && k.Text != "" && strings.Trim(k.Text, "0123456789") != "":
		l.err = "年度只能输入数字（如 2024）"
	default:
		if ed := l.activeEditor(); ed != nil {
			l.err = ""
			ed.HandleKey(k, 0)
		}
	}
	return nil
}

// createNew creates the filing the new-filing prompt describes, or says
// what is missing.
func (l *listModel) createNew() tea.Cmd {
	unit := strings.TrimSpace(l.unit.Value())
	year, err := parseInt(l.year.Value(), 2000, 2100)
	switch {
	case unit == "":
		l.err = "请填写预算单位名称"
		l.dlgFocus = 0
	case err != nil || year == nil:
		l.err = "年度应为2000至2100之间的年份"
		l.dlgFocus = 1
	default:
		l.mode, l.err = modeNormal, ""
		f := domain.NewFiling(unit, *year)
		if s := newScopes[l.newScope].scope; s != domain.ScopeUnit {
			f.Scope = s
		}
		if all := (domain.RuleSets{}).All(); l.newRules > 0 && l.newRules < len(all) {
			f.Rules = all[l.newRules].ID
		}
		return l.create(f, "", true)
	}
	return nil
}

// filterKey handles a key while the filter is typed.
func (l *listModel) filterKey(k tea.KeyPressMsg) {
	km := l.keys.List
	switch {
	case key.Matches(k, km.FilterClear):
		l.filter.SetValue("")
		l.mode = modeNormal
	case key.Matches(k, km.FilterDone):
		l.mode = modeNormal
	default:
		l.filter.HandleKey(k, 0)
		l.sel = 0
	}
}

// confirmKey answers the question before deleting or carrying forward
// the selected filing.
func (l *listModel) confirmKey(k tea.KeyPressMsg) tea.Cmd {
	mode, vis := l.mode, l.visible()
	l.mode = modeNormal
	yes := key.Matches(k, l.keys.Dialog.Yes) && l.sel < len(vis)
	switch {
	case mode == modeConfirmCarry && yes:
		return l.carry(vis[l.sel].ID)
	case mode == modeConfirmCarry:
		l.note = "已取消结转"
	case yes:
		m := vis[l.sel]
		s := l.store
		l.lastDeleted = m.ID
		return func() tea.Msg {
			return doneMsg{note: fmt.Sprintf("已删除“%s %d年度”，按 u 撤销删除", m.Unit, m.Year), err: s.Delete(m.ID)}
		}
	}
	return nil
}

func (l *listModel) startNew() {
	l.mode, l.err, l.dlgFocus, l.newScope, l.newRules = modeNew, "", 0, 0, 0
	l.unit.SetValue("")
	l.year.SetValue(strconv.Itoa(l.now().Year() - 1))
}

func (l *listModel) welcomeKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := l.keys
	switch {
	case key.Matches(k, km.List.Quit):
		return nil, true
	case key.Matches(k, km.List.Up, km.List.Down):
		l.welcomeSel = 1 - l.welcomeSel
	case key.Matches(k, km.List.New):
		l.startNew()
	case key.Matches(k, km.List.Sample):
		return l.create(Sample(), "", true), false
	case key.Matches(k, km.List.Import):
		return l.startImport(), false
	case key.Matches(k, km.List.Open):
		if l.welcomeSel == 0 {
			l.startNew()
		} else {
			return l.create(Sample(), "", true), false
		}
	}
	return nil, false
}

// view renders the list (or the welcome screen) and its dialogs.
func (l *listModel) view(width, height int, hm help.Model, user string) (string, *tea.Cursor) {
	st := l.st
	var lines []string
	var cur *tea.Cursor
	title := "绩效 · 预算单位整体支出绩效自评"
	if user != "" {
		title = pad(title, width-displayWidth("用户："+user)) + "用户：" + user
	}
	lines = append(lines, st.Title.Render(title), "")
	var hk help.KeyMap = listHelp{k: l.keys.List, admin: l.admin}
	switch {
	case l.mode == modeImportReport:
		hk = reportHelp{k: l.keys.Review}
	case l.empty() && l.loaded && l.mode == modeNormal:
		hk = welcomeHelp{k: l.keys.List, admin: l.admin}
		lines = append(lines, l.welcomeLines()...)
	default:
		lines = append(lines, l.tableLines(width, height)...)
	}
	// Dialog lines at the bottom.
	var dlg []string
	switch l.mode {
	case modeFilter:
		s, cx := l.filter.viewLine(30)
		dlg = []string{"筛选（单位、年度）：" + s}
		cur = l.cursorAt(displayWidth("筛选（单位、年度）：")+cx, 0)
	case modeConfirmCarry:
		vis := l.visible()
		if l.sel < len(vis) {
			dlg = wrapStyled(st.Warning, fmt.Sprintf("由“%s %d年度”结转生成 %d年度的填报？上年决算数将带入，实际完成值、得分和偏差原因清空。y 结转  n 取消", termsafe.String(vis[l.sel].Unit), vis[l.sel].Year, vis[l.sel].Year+1), width)
		}
	case modeConfirmDelete:
		vis := l.visible()
		if l.sel < len(vis) {
			dlg = []string{st.Warning.Render(fmt.Sprintf("删除“%s %d年度”？删除后可按 u 撤销。y 删除  n 取消", termsafe.String(vis[l.sel].Unit), vis[l.sel].Year))}
		}
	case modeNew:
		var x, y int
		dlg, x, y = l.newDialog(width)
		if y >= 0 {
			cur = l.cursorAt(x, y)
		}
	case modeRecover, modeRecoverDiscard:
		dlg = l.draftDialog(width)
	case modeImport:
		var x, y int
		dlg, x, y = l.importDialog(width)
		if y >= 0 {
			cur = l.cursorAt(x, y)
		}
	}
	msg := ""
	switch {
	case l.err != "":
		msg = st.Error.Render(st.G.Cross + " " + termsafe.String(l.err))
	case l.note != "":
		msg = st.OK.Render(termsafe.String(l.note))
	}
	// Assemble: list at top, dialog, message and help at the bottom.
	bottom := append(append(dlg, messageLines(msg, width, 3)...), pad(footer(hm, hk.ShortHelp(), nil, width), width))
	avail := height - len(bottom)
	if l.mode == modeImportReport {
		lines = append(lines, l.reportLines(width, max(avail-len(lines), 1))...)
	}
	if len(lines) > avail {
		lines = lines[:max(avail, 0)]
	}
	for len(lines) < avail {
		lines = append(lines, "")
	}
	if cur != nil {
		cur.Y += avail
	}
	all := append(lines, bottom...)
	for i, s := range all {
		all[i] = pad(s, width)
	}
	return strings.Join(all, "\n"), cur
}

// welcomeLines is the welcome screen of an empty database.
func (l *listModel) welcomeLines() []string {
	st := l.st
	var lines []string
	lines = append(lines, "  欢迎使用绩效自评填报工具。数据库中还没有填报。", "")
	opts := []string{"新建填报（n）", "载入示例：岳阳市岳阳楼区梅溪街道办事处 2024年度（s）"}
	for i, o := range opts {
		if i == l.welcomeSel {
			lines = append(lines, "  "+st.G.Pointer+" "+st.Selected.Render(o))
		} else {
			lines = append(lines, "    "+o)
		}
	}
	lines = append(lines, "", st.Subtle.Render("  也可以按 i 导入 jixiao/filing@1 格式的 JSON 文件，"),
		st.Subtle.Render("  或上年报送的 Word（.docx）、Excel（.xlsx）填报文件。"))
	return lines
}

// tableLines is the table of filings (after the filter), scrolled to the
// selected one.
func (l *listModel) tableLines(width, height int) []string {
	st := l.st
	var lines []string
	vis := l.visible()
	// 等级 is one or two characters, or 无效（权重合计110） for a score
	// that cannot stand: the column grows to show it whole (up to 22
	// columns) and the unit column gives the room.
	gw := 5
	for _, m := range vis {
		gw = max(gw, min(displayWidth(" "+m.Grade), 22))
	}
	uw := max(width-4-6-8-4-16-6-(gw-5), 10)
	head := "  " + pad("单位", uw) + " " + pad("年度", 6) + " " + padLeft("总分", 8) + " " + pad(" 等级", gw) + " " + pad("修改时间", 16)
	lines = append(lines, st.Subtle.Render(head))
	if len(vis) == 0 {
		lines = append(lines, "  （没有符合筛选条件的填报）")
	}
	avail := height - 8
	start := 0
	if l.sel >= avail {
		start = l.sel - avail + 1
	}
	for i := start; i < len(vis) && i < start+avail; i++ {
		m := vis[i]
		upd := ""
		if !m.Updated.IsZero() {
			upd = m.Updated.In(l.now().Location()).Format("2006-01-02 15:04")
		}
		s := pad(truncate(termsafe.String(m.Unit), uw, st.G.Ellipsis), uw) + " " + pad(strconv.Itoa(m.Year), 6) + " " + padLeft(m.Total, 8) + " " + pad(truncate(" "+termsafe.String(m.Grade), gw, st.G.Ellipsis), gw) + " " + pad(upd, 16)
		if i == l.sel {
			lines = append(lines, st.G.Pointer+" "+st.Selected.Render(s))
		} else {
			lines = append(lines, "  "+s)
		}
	}
	return lines
}

// newDialog renders the new-filing prompt: a marker on the focused input,
// and the cursor in it (y < 0: none).
func (l *listModel) newDialog(width int) ([]string, int, int) {
	st := l.st
	mark := func(i int) string {
		if i == l.dlgFocus {
			return st.G.Pointer + " "
		}
		return "  "
	}
	u, ux := l.unit.viewLine(40)
	y, yx := l.year.viewLine(6)
	dlg := []string{st.Title.Render("新建填报（Tab 切换，Enter 确定，Esc 取消）"),
		mark(0) + "预算单位名称：" + st.Focused.Render(pad(u, 40)),
		mark(1) + "年度：        " + st.Focused.Render(pad(y, 6))}
	for i, s := range newScopes {
		sel, label := "( )", s.name
		if i == l.newScope {
			sel = "(•)"
		}
		line := sel + " " + label
		if i == l.newScope && l.dlgFocus == 2 {
			line = st.Focused.Render(line)
		}
		prefix := mark(2) + "填报范围：    "
		if i > 0 {
			prefix = "                "
		}
		dlg = append(dlg, prefix+line)
	}
	all := (domain.RuleSets{}).All()
	rules := ""
	if l.newRules < len(all) {
		rules = all[l.newRules].Name + "（" + all[l.newRules].ID + "）"
	}
	if l.dlgFocus == 3 {
		rules = st.Focused.Render(rules)
	}
	dlg = append(dlg, mark(3)+"评分规则：    "+rules)
	if l.dlgFocus >= 2 {
		dlg = append(dlg, st.Subtle.Render("  ←/→ 或空格键切换"))
	}
	switch l.dlgFocus {
	case 0:
		return dlg, displayWidth("  预算单位名称：") + ux, 1
	case 1:
		return dlg, displayWidth("  年度：        ") + yx, 2
	}
	return dlg, 0, -1
}

func (l *listModel) cursorAt(x, y int) *tea.Cursor {
	c := tea.NewCursor(x, y)
	c.Blink = false
	return c
}

// selectedID is the id of the selected filing, or "".
func (l *listModel) selectedID() string {
	vis := l.visible()
	if l.sel < len(vis) {
		return vis[l.sel].ID
	}
	return ""
}

// units returns the units of the listed filings, sorted and unique.
func (l *listModel) units() []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range l.metas {
		if !m.Deleted && m.Unit != "" && !seen[m.Unit] {
			seen[m.Unit] = true
			out = append(out, m.Unit)
		}
	}
	slices.Sort(out)
	return out
}

// selectedUnit is the unit of the selected filing.
func (l *listModel) selectedUnit() string {
	vis := l.visible()
	if l.sel < len(vis) {
		return vis[l.sel].Unit
	}
	return ""
}

// Messages of the recovery offer.
type (
	// draftsFoundMsg lists the recovery files found at start.
	draftsFoundMsg struct {
		drafts []Draft
		bad    []error
	}
	// draftRestoredMsg reports a draft restored (or discarded).
	draftRestoredMsg struct {
		note string
		err  error
	}
)

// findDrafts looks for recovery files in a command.
func (l *listModel) findDrafts() tea.Cmd {
	rec := l.rec
	if rec == nil {
		return nil
	}
	return func() tea.Msg {
		d, bad := rec.Load()
		if len(d) == 0 && len(bad) == 0 {
			return nil
		}
		return draftsFoundMsg{drafts: d, bad: bad}
	}
}

// offerDraft shows the next draft, if any, unless another dialog is open.
func (l *listModel) offerDraft() {
	switch {
	case len(l.drafts) == 0:
		if l.mode == modeRecover || l.mode == modeRecoverDiscard {
			l.mode = modeNormal
		}
	case l.mode == modeNormal:
		l.mode = modeRecover
	}
}

// draftDialog is the dialog offering the first draft.
func (l *listModel) draftDialog(width int) []string {
	if len(l.drafts) == 0 {
		return nil
	}
	st, d := l.st, l.drafts[0]
	more := ""
	if len(l.drafts) > 1 {
		more = fmt.Sprintf("（共 %d 份）", len(l.drafts))
	}
	when := d.Time.In(l.now().Location()).Format("2006-01-02 15:04:05")
	first := st.Warning.Render(fmt.Sprintf("发现未保存的草稿%s（%s, %d年度, %s）", more, termsafe.String(d.Unit), d.Year, when))
	if l.mode == modeRecoverDiscard {
		return []string{first, st.Error.Render("丢弃后这份草稿将无法找回。y 丢弃  n 返回")}
	}
	return []string{first, "r 恢复（保存为该填报的新版本，或另存为新填报）  d 丢弃  Esc 以后再说"}
}

// recoverKey handles the keys of the recovery offer.
func (l *listModel) recoverKey(k tea.KeyPressMsg) tea.Cmd {
	if len(l.drafts) == 0 {
		l.mode = modeNormal
		return nil
	}
	d := l.drafts[0]
	if l.mode == modeRecoverDiscard {
		switch {
		case key.Matches(k, l.keys.Dialog.Yes):
			l.drafts = l.drafts[1:]
			l.mode = modeNormal
			rec := l.rec
			return func() tea.Msg {
				if err := rec.RemoveFile(d.Path); err != nil {
					return draftRestoredMsg{err: fmt.Errorf("无法删除恢复文件 %s：%v", d.Path, err)}
				}
				return draftRestoredMsg{note: "已丢弃草稿"}
			}
		case key.Matches(k, l.keys.Dialog.No):
			l.mode = modeRecover
		}
		return nil
	}
	km := l.keys.Recover
	switch {
	case key.Matches(k, km.Restore):
		l.drafts = l.drafts[1:]
		l.mode = modeNormal
		return l.restoreDraft(d)
	case key.Matches(k, km.Discard):
		l.mode = modeRecoverDiscard
	case key.Matches(k, km.Later):
		// Later: the files stay and are offered at the next start.
		l.drafts = nil
		l.mode = modeNormal
		l.note = "草稿仍保存在恢复文件中，下次启动时会再次询问"
	}
	return nil
}

// restoreDraft saves a draft: as a new revision of its filing when that
// is still at the revision the draft was based on, else (changed since,
// deleted, or gone: another database) as a new filing. The recovery file
// is removed only once the draft is saved.
func (l *listModel) restoreDraft(d Draft) tea.Cmd {
	s, rec := l.store, l.rec
	return func() tea.Msg {
		f, err := d.Decode()
		if err != nil {
			return draftRestoredMsg{err: fmt.Errorf("恢复文件 %s 无法解析：%v", d.Path, err)}
		}
		name := fmt.Sprintf("“%s %d年度”", f.Unit, f.Year)
		note := ""
		if d.Saved {
			// Only the invalid text was not saved: nothing to store.
			if err := rec.RemoveFile(d.Path); err != nil {
				return draftRestoredMsg{err: fmt.Errorf("无法删除恢复文件 %s：%v", d.Path, err)}
			}
			return draftRestoredMsg{note: d.InvalidNote() + "（" + name + " 的其余内容已保存），请重新输入"}
		}
		cur, meta, gerr := s.Get(d.ID)
		if gerr != nil && !errors.Is(gerr, ErrNotFound) {
			return draftRestoredMsg{err: fmt.Errorf("草稿未能恢复（恢复文件已保留）：%v", gerr)}
		}
		switch {
		case gerr == nil && sameFiling(cur, f):
			note = "草稿与已保存的版本相同，无需恢复"
		case gerr == nil && meta.Revision == d.BaseRevision:
			m, err := s.Save(d.ID, d.BaseRevision, f)
			switch {
			case err == nil:
				note = fmt.Sprintf("已恢复草稿：%s 保存为版本 %d", name, m.Revision)
			case errors.Is(err, ErrConflict):
				gerr = err // saved by someone meanwhile: a copy below
			default:
				return draftRestoredMsg{err: fmt.Errorf("草稿未能恢复（恢复文件已保留）：%v", err)}
			}
		}
		if note == "" {
			m, err := s.Create(f)
			if err != nil {
				return draftRestoredMsg{err: fmt.Errorf("草稿未能恢复（恢复文件已保留）：%v", err)}
			}
			why := "原填报已有更新的版本"
			if gerr != nil && !errors.Is(gerr, ErrConflict) {
				why = "原填报在数据库中已找不到"
			}
			note = fmt.Sprintf("已恢复草稿：%s，草稿另存为新填报（编号 %s）", why, m.ID)
		}
		if n := d.InvalidNote(); n != "" {
			note += "；" + n + "，请重新输入"
		}
		if err := rec.RemoveFile(d.Path); err != nil {
			note += fmt.Sprintf("；但恢复文件 %s 无法删除：%v", d.Path, err)
		}
		return draftRestoredMsg{note: note}
	}
}

// sameFiling reports whether a and b encode to the same document.
func sameFiling(a, b *domain.Filing) bool {
	x, err1 := domain.Encode(a)
	y, err2 := domain.Encode(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
