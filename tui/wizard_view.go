package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// wide reports whether the full sidebar titles fit.
func wide(width int) bool { return width >= 110 }

func sidebarWidth(width int) int {
	if wide(width) {
		return 30
	}
	return 12
}

func panelWidth(width int) int {
	if wide(width) {
		return 24
	}
	return 20
}

// formSize is the size of the form area for a screen of width × height.
func (w *wizard) formSize(width, height int) (int, int) {
	l := w.layout(width, height, false)
	return l.fw, l.fh
}

// view renders the wizard: header, sidebar | form | score panel, the
// message line and the help with the save state; with the panels hidden,
// the header, the panel's figures on one line and the form across the
// whole width. It also returns the real cursor for the focused field.
func (w *wizard) view(width, height int, hm help.Model, user string) (string, *tea.Cursor) {
	// The help takes the whole width either way: it is drawn as with
	// the panels shown.
	lay := w.layout(width, height, w.help.open)
	body, cur := w.body(width, lay)
	// The message line wraps onto up to two more lines, taken from the
	// body, rather than being cut.
	msg := messageLines(w.message(), width, 3)
	var b strings.Builder
	b.Grow((width + 16) * height)
	b.WriteString(w.headerLine(width, user))
	if lay.hidden {
		b.WriteByte('\n')
		b.WriteString(w.stripLine(width))
	}
	w.writeBody(&b, lay, body, width, lay.fh-len(msg)+1)
	// Message line: a dialog, the focused field's error or a note.
	for _, l := range msg {
		b.WriteByte('\n')
		b.WriteString(pad(l, width))
	}
	w.writeFooter(&b, hm, width)
	return b.String(), cur
}

// writeBody writes rows lines of the middle of the screen: the body
// between the sidebar and the panel, or alone.
func (w *wizard) writeBody(b *strings.Builder, lay screenLayout, body []string, width, rows int) {
	var side, panel *paddedLines
	var vbar string
	if !lay.hidden && !w.help.open {
		side, panel, vbar = w.sidebarLines(lay.sw), w.panelLines(lay.pw), w.separator()
	}
	for i := 0; i < rows; i++ {
		b.WriteByte('\n')
		switch {
		case w.help.open:
			b.WriteString(pad(" "+at(body, i), width))
		case lay.hidden:
			b.WriteString(pad(at(body, i), width))
		default:
			b.WriteString(side.at(i))
			b.WriteString(vbar)
			b.WriteString(pad(at(body, i), lay.fw))
			b.WriteString(vbar)
			b.WriteString(panel.at(i))
		}
	}
}

// writeFooter writes the help line with the save state: the keys take
// what the save state leaves.
func (w *wizard) writeFooter(b *strings.Builder, hm help.Model, width int) {
	st := w.st
	status, bad := w.saveStatus()
	sws := displayWidth(status)
	if sws > width/2 {
		status = truncate(status, width/2, st.G.Ellipsis)
		sws = displayWidth(status)
	}
	keys, pinned := w.footerKeys()
	b.WriteByte('\n')
	b.WriteString(w.footerLine(hm, keys, pinned, width-sws-2, width-sws))
	style := &st.Subtle
	if bad {
		style = &st.Error
	}
	b.WriteString(w.cache.status.joined([]pline{{status, style}}))
}

// messageLines wraps a (styled) message to width columns, at most n
// lines; the last keeps an ellipsis when even they do not hold it.
func messageLines(s string, width, n int) []string {
	if displayWidth(s) <= width {
		return []string{s}
	}
	lines := strings.Split(ansi.Wrap(s, width, ""), "\n")
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = ansi.Truncate(lines[n-1], width-1, "…")
	}
	return lines
}

// header is the wizard's top line: the filing, the step and the user.
func (w *wizard) header(width int, user string) string {
	st := w.st
	title := fmt.Sprintf("%d年度 %s", w.f.Year, termsafe.String(w.f.Unit))
	right := steps[w.cur].title
	if w.panelsHidden() {
		// The sidebar with the steps is hidden: the header says which.
		right = fmt.Sprintf("第%d步 %s", w.cur+1, right)
	}
	if user != "" {
		right += "  用户：" + user
	}
	if w.readOnly {
		right = st.Warning.Render(w.holder+" 正在编辑（只读）") + "  " + right
	}
	return st.Title.Render(pad(truncate(title, width-displayWidth(right)-2, st.G.Ellipsis), width-displayWidth(right))) + right
}

// body is the middle of the screen, fw × fh: the form, or an overlay in
// its place, and the text cursor in it.
func (w *wizard) body(width int, lay screenLayout) (body []string, cur *tea.Cursor) {
	st := w.st
	fw, fh := lay.fw, lay.fh
	switch {
	case w.help.open:
		// The full help takes the whole width: it is long.
		body = w.help.view(st, w.helpLines(width-1), fh)
	case w.steps.open():
		body, _, _, _ = w.steps.p.view(st, fw, fh)
	case w.finds.open:
		body = w.findingsView(fw, fh)
	case w.comp() != nil:
		lines, cx, cy, ok := w.comp().view(w.ctx(), fw, fh)
		body = lines
		if ok && w.dialog == dlgNone {
			cur = tea.NewCursor(lay.x+cx, lay.y+cy)
			cur.Blink = false
		}
	case steps[w.cur].show != nil:
		all := steps[w.cur].show(w, fw)
		off := min(w.roOffset, max(len(all)-fh, 0))
		body = all[off:min(off+fh, len(all))]
	default:
		lines, cx, cy, ok := w.form().view(w.f, fw, fh, st)
		body = lines
		if ok && w.dialog == dlgNone {
			cur = tea.NewCursor(lay.x+cx, lay.y+cy)
			cur.Blink = false
		}
	}
	return body, cur
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

// message is the line above the help.
func (w *wizard) message() string {
	st := w.st
	switch w.dialog {
	case dlgDeleteRow:
		what := ""
		if r := w.form().focusedRow(); r != nil && r.list != nil {
			what = r.list.what
		}
		return st.Warning.Render(fmt.Sprintf("删除这一行%s？y 删除  n 取消", what))
	case dlgConflict:
		return st.Error.Render(w.conflictText())
	case dlgDiscard:
		reason := "修改无法保存"
		if d := w.invalidDrafts(); len(d) > 0 {
			reason = "“" + d[0] + "”的输入无效，未保存"
			if w.rec != nil {
				return st.Error.Render(w.fit(reason+"。仍要离开？输入的内容将原样存入恢复文件，下次启动时可以查看。y 离开  n 返回继续编辑",
					reason+"。仍要离开？输入将原样存入恢复文件。y 离开  n 返回",
					reason+"。y 离开（输入存入恢复文件）  n 返回"))
			}
		} else if w.saveErr != nil {
			reason = "保存失败：" + w.saveErr.Error()
			if w.rec != nil {
				return st.Error.Render(reason + "。仍要离开？修改将存入恢复文件，下次启动时可以恢复。y 离开  n 返回继续编辑")
			}
		}
		return st.Error.Render(reason + "。仍要离开并放弃？y 放弃  n 返回继续编辑")
	}
	if c := w.comp(); c != nil && !w.finds.open {
		if m := c.message(w.ctx()); m != "" {
			return m
		}
	}
	if w.note != "" {
		return st.OK.Render(w.note)
	}
	if fm := w.form(); fm != nil && !w.finds.open {
		if m := fm.message(st); m != "" {
			return m
		}
	}
	if w.saveErr != nil && w.dialog == dlgNone {
		return st.Error.Render(w.saveErrText())
	}
	if w.fixing.Message != "" {
		mark := st.G.Cross
		if w.fixing.Severity != domain.Error {
			mark = "!"
		}
		return st.Warning.Render("正在修改问题：" + mark + " " + w.fixing.Message)
	}
	return ""
}

// fitWidth returns the first of texts that fits in width columns, else
// the last one truncated.
func fitWidth(width int, texts ...string) string {
	for _, t := range texts {
		if displayWidth(t) <= width {
			return t
		}
	}
	return truncate(texts[len(texts)-1], width, "")
}

// fit returns the first of texts that fits the window's width, else the
// last.
func (w *wizard) fit(texts ...string) string {
	width := w.width
	if width <= 0 {
		width = MinWidth
	}
	for _, t := range texts {
		if displayWidth(t) <= width {
			return t
		}
	}
	return texts[len(texts)-1]
}

// conflictText is the question of the conflict dialog, as long as fits
// the window: who saved, which fields clash, and the keys (always shown).
func (w *wizard) conflictText() string {
	c := w.conflict
	keys := []string{"k 保留本窗口的修改（其余合并）  r 载入对方的版本（放弃本次修改）  c 另存为副本", "k 保留我的修改  r 载入对方的版本  c 另存为副本", "k 保留我的  r 载入对方的  c 另存副本"}
	if c.theirs == nil {
		keys = []string{"r 载入对方的版本（放弃本次修改）  c 将本次修改另存为副本", "r 载入对方的版本  c 另存为副本"}
	}
	head := c.who() + "保存了更新的版本"
	if c.rev > 0 {
		head += "（版本 " + fmt.Sprint(c.rev) + "）"
	}
	var whats []string
	if len(c.fields) > 0 {
		what := "，与本窗口改了同样的内容：" + strings.Join(c.fields[:min(len(c.fields), 3)], "、")
		if len(c.fields) > 3 {
			what += fmt.Sprintf("等 %d 项", len(c.fields))
		}
		whats = append(whats, what, fmt.Sprintf("，改了同样的 %d 项", len(c.fields)))
	}
	whats = append(whats, "")
	width := w.width
	if width <= 0 {
		width = MinWidth
	}
	var last string
	for _, what := range whats {
		for _, k := range keys {
			last = head + what + "。" + k
			if displayWidth(last) <= width {
				return last
			}
		}
	}
	return last
}

// sidebar lists the steps with their marks.
func (w *wizard) sidebar(width int) []string {
	st := w.st
	out := make([]string, 0, stepCount+2)
	for i := range stepCount {
		mark := "  "
		switch {
		case w.stepErrs[i] > 0:
			mark = st.Error.Render(st.G.Cross) + " "
		case w.stepComplete(i):
			mark = st.OK.Render(st.G.Check) + " "
		}
		var name string
		if width < 20 {
			name = fmt.Sprintf("%d%s", i+1, steps[i].short)
		} else {
			name = fmt.Sprintf("%d %s", i+1, steps[i].title)
		}
		name = truncate(name, width-3, st.G.Ellipsis)
		line := mark + name
		if i == w.cur {
			line = mark + st.StepActive.Render(pad(name, width-3))
		}
		out = append(out, line)
	}
	if w.readOnly {
		ro, hint := "只读："+w.holder+" 正在编辑", "按 e 尝试编辑"
		if width < 20 {
			ro, hint = "只读", "e 尝试编辑"
		}
		out = append(out, "", st.Warning.Render(truncate(ro, width, st.G.Ellipsis)), st.Subtle.Render(truncate(hint, width, st.G.Ellipsis)))
	}
	return out
}

// stepComplete reports whether a step without errors has content.
func (w *wizard) stepComplete(s stepID) bool {
	f := w.f
	switch s {
	case stepBasic:
		return f.Unit != "" && f.Signoff.FilledBy != "" && f.Signoff.Date != ""
	case stepStaffFunds:
		return f.BasicData.Staffing.Authorized != nil
	case stepBuildings:
		return f.BasicData.ThriftMeasures != ""
	case stepFunds:
		return f.Overall.Funds.Executed.IsSet()
	case stepGoals:
		return len(f.Overall.Goals.Expected) > 0 && len(f.Overall.Goals.Actual) > 0
	case stepIndicators:
		return len(f.Overall.Indicators) > 0
	case stepProjects:
		return len(f.Projects) > 0
	case stepReport:
		return f.Report.Performance != ""
	case stepReview:
		return w.errs == 0
	}
	return false
}

// findingsView lists the findings with the selected one highlighted.
func (w *wizard) findingsView(width, height int) []string {
	st := w.st
	out := []string{st.Title.Render(truncate(fmt.Sprintf("问题清单：错误 %d，警告 %d（Enter 跳转到该项，Esc 关闭）", w.errs, w.warns), width, st.G.Ellipsis))}
	if len(w.findings) == 0 {
		return append(out, "", "  没有发现问题。")
	}
	// The selected finding's whole message goes below the list, which
	// shows one truncated line per finding.
	sel := w.findings[min(w.finds.sel, len(w.findings)-1)]
	detail := wrapText(sel.Severity.String()+"："+termsafe.String(sel.Message), max(width-2, 4))
	if len(detail) > 4 {
		detail = append(detail[:3], truncate(strings.Join(detail[3:], ""), max(width-2, 4), st.G.Ellipsis))
	}
	n := max(height-2-len(detail), 1)
	start := 0
	if w.finds.sel >= n {
		start = w.finds.sel - n + 1
	}
	for i := start; i < len(w.findings) && i < start+n; i++ {
		fd := w.findings[i]
		line := truncate(fd.Severity.String()+" "+termsafe.String(fd.Message), width-2, st.G.Ellipsis)
		sty := st.Finding(fd.Severity)
		if i == w.finds.sel {
			out = append(out, st.G.Pointer+" "+st.Selected.Render(pad(line, width-2)))
		} else {
			out = append(out, "  "+sty.Render(line))
		}
	}
	if height >= len(out)+1+len(detail) {
		for len(out) < height-len(detail)-1 {
			out = append(out, "")
		}
		out = append(out, st.Subtle.Render(strings.Repeat(st.G.HBar, max(width, 1))))
		for _, l := range detail {
			out = append(out, "  "+l)
		}
	}
	return out
}

// scrollForm keeps the focused field of the active form visible.
func (w *wizard) scrollForm(width, height int) {
	fm := w.form()
	if fm == nil {
		return
	}
	fw, fh := w.formSize(width, height)
	if c := w.comp(); c != nil {
		fh = max(fh-c.header(), 1)
	}
	fm.scroll(w.f, fw, fh, w.st)
}
