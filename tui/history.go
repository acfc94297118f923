package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// Messages of the history screen.
type (
	historyLoadedMsg struct {
		id    string
		metas []Meta
		err   error
		// audit is the trail when the store keeps one; auditErr is shown
		// but does not hide the revisions.
		audit    []AuditEntry
		auditErr error
		// note says what was done before reloading (a version named),
		// nameErr why naming failed.
		note    string
		nameErr error
	}
	diffMsg struct {
		from, to int
		changes  []domain.Change
		err      error
	}
	restoredMsg struct {
		id   string
		meta Meta
		err  error
	}
)

// history lists the revisions of one filing (time, user, total score,
// name and 说明), shows what changed between two of them, restores one as
// a new revision and, when the store is a Namer, names one as a version.
type history struct {
	store Store
	// naming is set while the name of the selected revision is typed
	// into ed.
	naming bool
	ed     editor
	// auditor, when set, gives each revision its audit entries: who
	// changed which fields (old → new).
	auditor Auditor
	audit   map[int][]AuditEntry
	// entry shows the audit entries of revision entryRev.
	showEntry bool
	entryRev  int
	id        string
	unit      string
	metas     []Meta
	sel       int
	// base is the revision marked as the older side of a comparison (0:
	// the revision before the selected one).
	base     int
	confirm  bool
	diff     []domain.Change
	diffFrom int
	diffTo   int
	showDiff bool
	diffOff  int
	err      string
	note     string
}

func newHistory(store Store, auditor Auditor, id, unit string) *history {
	return &history{store: store, auditor: auditor, id: id, unit: unit}
}

func (h *history) load() tea.Cmd {
	s, a, id := h.store, h.auditor, h.id
	return func() tea.Msg {
		ms, err := s.History(id)
		msg := historyLoadedMsg{id: id, metas: ms, err: err}
		if a != nil && err == nil {
			msg.audit, msg.auditErr = a.Audit(id)
		}
		return msg
	}
}

// entries returns the audit entries of revision rev.
func (h *history) entries(rev int) []AuditEntry { return h.audit[rev] }

// auditSummary is the 说明 of a revision with audit entries: the actions
// and the labels of the changed fields.
func auditSummary(es []AuditEntry) string {
	var parts []string
	for _, e := range es {
		s := e.Action
		if len(e.Changes) > 0 {
			labels := make([]string, 0, len(e.Changes))
			for _, c := range e.Changes {
				labels = append(labels, changeLabel(c))
			}
			s += "：" + strings.Join(labels, "、")
			if e.Omitted > 0 {
				s += fmt.Sprintf("等（另有 %d 处）", e.Omitted)
			}
		}
		if e.Note != "" {
			s += "（" + e.Note + "）"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "；")
}

func changeLabel(c AuditChange) string {
	if c.Label != "" {
		return c.Label
	}
	return c.Path
}

// compare loads two revisions and diffs them (old → new).
func (h *history) compare(from, to int) tea.Cmd {
	s, id := h.store, h.id
	return func() tea.Msg {
		a, _, err := s.GetRevision(id, from)
		if err != nil {
			return diffMsg{err: err}
		}
		b, _, err := s.GetRevision(id, to)
		if err != nil {
			return diffMsg{err: err}
		}
		return diffMsg{from: from, to: to, changes: domain.Diff(a, b)}
	}
}

func (h *history) help(k KeyMap) []key.Binding {
	hk := k.History
	switch {
	case h.confirm:
		return []key.Binding{k.Dialog.Yes, k.Dialog.No}
	case h.showDiff || h.showEntry:
		return []key.Binding{hk.Up, hk.Down, hk.PageDown, hk.CloseView}
	}
	if h.naming {
		return []key.Binding{k.Dialog.Confirm, k.Dialog.Cancel}
	}
	diff := hk.Diff
	if h.auditor != nil {
		diff.SetHelp(diff.Help().Key, "修改明细")
	}
	if _, ok := h.store.(Namer); ok {
		return []key.Binding{hk.Up, hk.Down, diff, hk.Mark, hk.Restore, hk.Name, hk.Close}
	}
	return []key.Binding{hk.Up, hk.Down, diff, hk.Mark, hk.Restore, hk.Close}
}

// nameVersion names revision rev (an empty name removes the name) and
// reloads the list.
func (h *history) nameVersion(rev int, name string) tea.Cmd {
	n, _ := h.store.(Namer)
	st, a, id := h.store, h.auditor, h.id
	return func() tea.Msg {
		var note string
		var nerr error
		if _, err := n.NameRevision(id, rev, name); err != nil {
			nerr = err
		} else if name == "" {
			note = fmt.Sprintf("已去掉版本 %d 的名称", rev)
		} else {
			note = fmt.Sprintf("已将版本 %d 命名为“%s”（命名的版本始终保留）", rev, name)
		}
		ms, err := st.History(id)
		msg := historyLoadedMsg{id: id, metas: ms, err: err, note: note, nameErr: nerr}
		if a != nil && err == nil {
			msg.audit, msg.auditErr = a.Audit(id)
		}
		return msg
	}
}

// nameKey handles a key while a name is typed.
func (h *history) nameKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, defaultKeys.Dialog.Cancel):
		h.naming = false
		h.note = "已取消命名"
	case key.Matches(k, defaultKeys.Dialog.Confirm):
		h.naming = false
		if h.sel < len(h.metas) {
			return h.nameVersion(h.metas[h.sel].Revision, strings.TrimSpace(h.ed.Value()))
		}
	default:
		h.ed.HandleKey(k, 0)
	}
	return nil
}

// update handles a message; done is true when the screen is closed.
func (h *history) update(msg tea.Msg, height int) (cmd tea.Cmd, done bool) {
	switch msg := msg.(type) {
	case historyLoadedMsg:
		h.metas, h.err = msg.metas, ""
		if msg.err != nil {
			h.err = "无法读取历史版本：" + msg.err.Error()
		}
		h.audit = nil
		if h.auditor != nil {
			h.audit = map[int][]AuditEntry{}
			for _, e := range msg.audit {
				if e.Rev > 0 {
					h.audit[e.Rev] = append(h.audit[e.Rev], e)
				}
			}
			if msg.auditErr != nil && h.err == "" {
				h.err = "无法读取审计记录：" + msg.auditErr.Error()
			}
		}
		h.sel = min(h.sel, max(len(h.metas)-1, 0))
		if msg.nameErr != nil {
			h.err = "命名失败：" + msg.nameErr.Error()
		} else if msg.note != "" {
			h.note = msg.note
		}
		return nil, false
	case tea.PasteMsg:
		if h.naming {
			h.ed.Insert(msg.Content)
		}
		return nil, false
	case diffMsg:
		if msg.err != nil {
			h.err = msg.err.Error()
			return nil, false
		}
		h.diff, h.diffFrom, h.diffTo, h.showDiff, h.diffOff = msg.changes, msg.from, msg.to, true, 0
		return nil, false
	case restoredMsg:
		if msg.err != nil {
			h.err = "恢复失败：" + msg.err.Error()
			return nil, false
		}
		h.note = fmt.Sprintf("已恢复为新版本 %d", msg.meta.Revision)
		h.sel = 0
		return h.load(), false
	case tea.KeyPressMsg:
		return h.key(msg, height)
	}
	return nil, false
}

// viewKey handles a key while a comparison or an audit entry is shown.
func (h *history) viewKey(k tea.KeyPressMsg, height int) {
	km := defaultKeys.History
	n := len(h.diff)
	if h.showEntry {
		n = h.entryLines()
	}
	switch {
	case key.Matches(k, km.CloseView):
		h.showDiff, h.showEntry = false, false
	case key.Matches(k, km.Up):
		h.diffOff = max(h.diffOff-1, 0)
	case key.Matches(k, km.Down):
		h.diffOff = min(h.diffOff+1, max(n-1, 0))
	case key.Matches(k, km.PageDown):
		h.diffOff = min(h.diffOff+height-6, max(n-1, 0))
	case key.Matches(k, km.PageUp):
		h.diffOff = max(h.diffOff-(height-6), 0)
	}
}

func (h *history) key(k tea.KeyPressMsg, height int) (tea.Cmd, bool) {
	km := defaultKeys.History
	if h.naming {
		return h.nameKey(k), false
	}
	if h.confirm {
		h.confirm = false
		if key.Matches(k, defaultKeys.Dialog.Yes) && h.sel < len(h.metas) {
			st, id, rev := h.store, h.id, h.metas[h.sel].Revision
			return func() tea.Msg {
				m, err := st.Restore(id, rev)
				return restoredMsg{id: id, meta: m, err: err}
			}, false
		}
		h.note = "已取消恢复"
		return nil, false
	}
	if h.showDiff || h.showEntry {
		h.viewKey(k, height)
		return nil, false
	}
	h.note, h.err = "", ""
	switch {
	case key.Matches(k, km.Close):
		return nil, true
	case key.Matches(k, km.Up):
		h.sel = max(h.sel-1, 0)
	case key.Matches(k, km.Down):
		h.sel = min(h.sel+1, max(len(h.metas)-1, 0))
	case key.Matches(k, km.Mark):
		if h.sel < len(h.metas) {
			h.base = h.metas[h.sel].Revision
			h.note = fmt.Sprintf("已选版本 %d 为比较基准；选另一个版本后按 Enter 比较", h.base)
		}
	case key.Matches(k, km.Diff):
		if h.sel >= len(h.metas) {
			return nil, false
		}
		to := h.metas[h.sel].Revision
		if h.base == 0 && len(h.entries(to)) > 0 {
			// The audit entry says who changed what in this revision.
			h.showEntry, h.entryRev, h.diffOff = true, to, 0
			return nil, false
		}
		from := h.base
		if from == 0 || from == to {
			if h.sel+1 >= len(h.metas) {
				h.note = "这是最早的版本，没有可比较的更早版本"
				return nil, false
			}
			from = h.metas[h.sel+1].Revision
		}
		if from > to {
			from, to = to, from
		}
		return h.compare(from, to), false
	case key.Matches(k, km.Restore):
		if h.sel == 0 {
			h.note = "这已是最新版本"
		} else if h.sel < len(h.metas) {
			h.confirm = true
		}
	case key.Matches(k, km.Name):
		if _, ok := h.store.(Namer); !ok {
			h.note = "此数据库不支持命名版本"
		} else if h.sel < len(h.metas) {
			h.naming = true
			h.ed = editor{limit: 100}
			h.ed.SetValue(h.metas[h.sel].Name)
		}
	}
	return nil, false
}

// diffLines adds the changes of the comparison shown to out, up to body
// lines after the title.
func (h *history) diffLines(st *Styles, out []string, width, body int) []string {
	for i := h.diffOff; i < len(h.diff) && len(out) < body+1; i++ {
		c := h.diff[i]
		old, nw := c.Old, c.New
		if old == "" {
			old = "（空）"
		}
		if nw == "" {
			nw = "（空）"
		}
		out = append(out, truncate("  "+termsafe.String(c.Label)+"：", width, st.G.Ellipsis))
		if len(out) < body+1 {
			out = append(out, truncate("      "+st.Error.Render(oneLine(old))+" → "+st.OK.Render(oneLine(nw)), width, st.G.Ellipsis))
		}
	}
	return out
}

// about is who saved revision m and what is said of it: its name, its
// note, the audit's summary.
func (h *history) about(m Meta) (user string, about []string) {
	user = m.User
	if m.Name != "" {
		about = append(about, "〔"+m.Name+"〕")
	}
	if m.Note != "" {
		about = append(about, m.Note)
	}
	if es := h.entries(m.Revision); len(es) > 0 {
		if u := es[len(es)-1].User; u != "" {
			user = u
		}
		if s := auditSummary(es); s != m.Note {
			about = append(about, s)
		}
	}
	return user, about
}

func (h *history) view(st *Styles, hm helpView, width, height int) string {
	out := []string{st.Title.Render(pad(truncate("历史版本："+termsafe.String(h.unit)+"（编号 "+termsafe.String(h.id)+"）", width, st.G.Ellipsis), width))}
	body := height - 3
	if h.showEntry {
		lines := h.entryView(st, width)
		for i := min(h.diffOff, max(len(lines)-1, 0)); i < len(lines) && len(out) < body+1; i++ {
			out = append(out, lines[i])
		}
	} else if h.showDiff {
		out = append(out, st.Label.Render(fmt.Sprintf("版本 %d → 版本 %d：%d 处修改（旧值 → 新值）", h.diffFrom, h.diffTo, len(h.diff))))
		if len(h.diff) == 0 {
			out = append(out, "  两个版本的内容相同。")
		}
		out = h.diffLines(st, out, width, body)
	} else {
		out = append(out, st.Subtle.Render("  "+pad("版本", 6)+" "+pad("保存时间", 19)+" "+pad("用户", 10)+" "+padLeft("总分", 7)+"  等级  说明"))
		if len(h.metas) == 0 && h.err == "" {
			out = append(out, "  （读取中）")
		}
		start := 0
		if h.sel >= body-1 {
			start = h.sel - body + 2
		}
		for i := start; i < len(h.metas) && len(out) < body+1; i++ {
			m := h.metas[i]
			mark := " "
			if m.Revision == h.base {
				mark = "*"
			}
			user, about := h.about(m)
			note := strings.Join(about, " ")
			line := pad(fmt.Sprintf("%s%d", mark, m.Revision), 6) + " " + pad(m.Updated.Format("2006-01-02 15:04:05"), 19) + " " +
				pad(truncate(termsafe.String(user), 10, st.G.Ellipsis), 10) + " " + padLeft(m.Total, 7) + "  " + pad(m.Grade, 4) + "  " + termsafe.String(note)
			line = truncate(line, width-2, st.G.Ellipsis)
			if i == h.sel {
				out = append(out, st.G.Pointer+" "+st.Selected.Render(pad(line, width-2)))
			} else {
				out = append(out, "  "+line)
			}
		}
	}
	for len(out) < height-2 {
		out = append(out, "")
	}
	out = out[:height-2]
	msg := ""
	switch {
	case h.naming && h.sel < len(h.metas):
		hint := "  Enter 确定  Esc 取消"
		label := fmt.Sprintf("版本 %d 的名称（如“提交财政局”，留空去掉名称）：", h.metas[h.sel].Revision)
		if width-displayWidth(label)-displayWidth(hint) < 20 {
			label = fmt.Sprintf("版本 %d 的名称：", h.metas[h.sel].Revision)
		}
		ew := max(width-displayWidth(label)-displayWidth(hint), 4)
		v, _ := h.ed.viewLine(ew)
		msg = label + st.Focused.Render(pad(v, ew)) + st.Subtle.Render(hint)
	case h.confirm && h.sel < len(h.metas):
		msg = st.Warning.Render(fmt.Sprintf("把版本 %d 的内容恢复为新的最新版本？（现有版本都保留）y 恢复  n 取消", h.metas[h.sel].Revision))
	case h.err != "":
		msg = st.Error.Render(st.G.Cross + " " + h.err)
	case h.note != "":
		msg = st.OK.Render(h.note)
	}
	out = append(out, pad(msg, width), pad(hm(h.help), width))
	for i := range out {
		out[i] = pad(out[i], width)
	}
	return strings.Join(out, "\n")
}

// entryView renders the audit entries of revision entryRev: who, when,
// what, and every changed field with its old and new value.
func (h *history) entryView(st *Styles, width int) []string {
	var out []string
	for _, e := range h.entries(h.entryRev) {
		head := fmt.Sprintf("版本 %d：%s 于 %s %s", h.entryRev, termsafe.String(e.User), e.Time.Format("2006-01-02 15:04:05"), termsafe.String(e.Action))
		if len(e.Changes) > 0 {
			head += fmt.Sprintf("，%d 处修改（旧值 → 新值）", len(e.Changes)+e.Omitted)
		}
		if e.Note != "" {
			head += "（" + termsafe.String(e.Note) + "）"
		}
		out = append(out, st.Label.Render(truncate(head, width, st.G.Ellipsis)))
		for _, c := range e.Changes {
			old, nw := c.Old, c.New
			if old == "" {
				old = "（空）"
			}
			if nw == "" {
				nw = "（空）"
			}
			out = append(out, truncate("  "+termsafe.String(changeLabel(c))+"：", width, st.G.Ellipsis))
			out = append(out, truncate("      "+st.Error.Render(oneLine(old))+" → "+st.OK.Render(oneLine(nw)), width, st.G.Ellipsis))
		}
		if e.Omitted > 0 {
			out = append(out, fmt.Sprintf("  ……另有 %d 处修改未记录明细", e.Omitted))
		}
	}
	return out
}

// entryLines is the number of lines of the audit entry view.
func (h *history) entryLines() int {
	n := 0
	for _, e := range h.entries(h.entryRev) {
		n += 1 + 2*len(e.Changes)
		if e.Omitted > 0 {
			n++
		}
	}
	return n
}

// oneLine is s on one line, terminal-safe.
func oneLine(s string) string { return termsafe.String(strings.ReplaceAll(s, "\n", " ")) }
