package tui

// The wizard's keys: the dialogs, the overlays, the steps, the rows and the fields.

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func (w *wizard) key(k tea.KeyPressMsg, width, height int) (tea.Cmd, bool, bool) {
	km := w.keys
	w.note = ""
	if w.dialog != dlgNone {
		if cmd, leave, quit, done := w.dialogKey(k); done {
			return cmd, leave, quit
		}
		// Ctrl+C on a question cancels it and quits as usual.
	}
	if w.steps.open() {
		return w.gotoStep(w.steps.key(km.Picker, k), height), false, false
	}
	if key.Matches(k, km.Wizard.Quit) {
		// The open cell edit is committed first, so that it is saved.
		commit := w.commitOpen()
		cmd, leave, quit := w.leave(true)
		return tea.Batch(commit, cmd), leave, quit
	}
	if key.Matches(k, km.Wizard.Panels) {
		w.togglePanels()
		return nil, false, false
	}
	if w.help.open {
		w.help.key(km, k, len(w.helpLines(width-1)), height-3)
		return nil, false, false
	}
	if w.finds.open {
		w.findingsKey(k)
		return nil, false, false
	}
	if w.readOnly {
		if cmd, done := w.readOnlyKey(k); done {
			return cmd, false, false
		}
	}
	c := w.comp()
	if isF1(km, k) || (key.Matches(k, km.Wizard.Help) && !w.typing()) {
		w.help.show()
		return nil, false, false
	}
	if c != nil && (c.modal() || !isGlobalKey(km, k)) {
		if cmd, ok := c.key(w.ctx(), k); ok || c.modal() {
			return cmd, false, false
		}
	}
	if cmd, leave, done := w.globalKey(k, height); done {
		return cmd, leave, false
	}
	if (c != nil && c.form() == nil) || steps[w.cur].show != nil {
		r := km.Rows
		if key.Matches(k, r.Add, r.Delete, r.MoveUp, r.MoveDown, r.Copy, r.CopyFromOverall) {
			w.note = "“" + steps[w.cur].title + "”这里没有可增删的行"
			return nil, false, false
		}
	}
	if c != nil && c.form() == nil {
		return nil, false, false
	}
	if steps[w.cur].show != nil {
		switch {
		case key.Matches(k, km.Wizard.ScrollDown):
			w.roOffset++
		case key.Matches(k, km.Wizard.ScrollUp):
			w.roOffset = max(w.roOffset-1, 0)
		}
		return nil, false, false
	}
	if cmd, done := w.rowKey(k); done {
		return cmd, false, false
	}
	return w.updateField(k, width, height), false, false
}

// typing reports whether the focused field takes typed text, so that "?"
// is a character there and not the help.
func (w *wizard) typing() bool {
	if c := w.comp(); c != nil && c.modal() {
		return true
	}
	if fm := w.form(); fm != nil {
		if f := fm.focused(); f != nil {
			return f.Typing()
		}
	}
	return false
}

// readOnlyKey applies the keys of a read-only wizard; done false lets the
// key through to the usual handling.
func (w *wizard) readOnlyKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys
	switch {
	case key.Matches(k, km.Wizard.TryEdit) && (w.comp() == nil || !w.comp().modal()):
		w.note = "正在尝试取得编辑权" + w.st.G.Ellipsis
		return w.tryEdit(), true
	case key.Matches(k, km.Wizard.Save):
		w.note = w.roNote("不能保存")
		return nil, true
	case key.Matches(k, km.Wizard.Help):
		w.help.show()
		return nil, true
	case isGlobalKey(km, k) || key.Matches(k, km.Wizard.Back):
		// Steps, overlays and leaving: handled as usual.
	case !w.readOnlyAllowed(k):
		w.note = w.roNote("输入未被接受")
		return nil, true
	}
	return nil, false
}

// globalKey applies the wizard's own keys: steps, saving, leaving and the
// overlays; done false when k is none of them.
func (w *wizard) globalKey(k tea.KeyPressMsg, height int) (cmd tea.Cmd, leave, done bool) {
	km := w.keys.Wizard
	switch {
	case key.Matches(k, km.Save):
		if !w.dirty() {
			w.note = "没有需要保存的修改"
		}
		w.saveErr = nil
		return w.saveNow(), false, true
	case key.Matches(k, km.Back):
		commit := w.commitOpen()
		cmd, leave, _ := w.leave(false)
		return tea.Batch(commit, cmd), leave, true
	case key.Matches(k, km.NextStep):
		return w.gotoStep(w.cur+1, height), false, true
	case key.Matches(k, km.PrevStep):
		return w.gotoStep(w.cur-1, height), false, true
	case key.Matches(k, km.JumpStep):
		return w.gotoStep(stepID(k.Code-'1'), height), false, true
	case key.Matches(k, km.StepPicker):
		w.openStepPicker()
		return nil, false, true
	case key.Matches(k, km.Findings):
		w.finds.show()
		return nil, false, true
	case key.Matches(k, km.Review):
		w.want = wantReview
		return nil, false, true
	case key.Matches(k, km.History):
		w.want = wantHistory
		return w.save(), false, true
	}
	return nil, false, false
}

// rowKey applies the row keys to the focused row of a form's list, or
// says why one does not apply; done false when k is no row key.
func (w *wizard) rowKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys.Rows
	if !key.Matches(k, km.Add, km.Delete, km.MoveUp, km.MoveDown, km.Copy, km.CopyFromOverall) {
		return nil, false
	}
	row := w.form().focusedRow()
	if key.Matches(k, km.CopyFromOverall) {
		w.note = "Ctrl+T（从附件2复制指标）只在附件3 项目表的指标表中使用"
		return nil, true
	}
	if row == nil || row.list == nil {
		w.note = "这一项不在可增删的行中：行操作（Ctrl+O 插入、Ctrl+X 删除、Alt+↑/↓ 移动、Ctrl+D 复制）用于楼堂馆所、项目支出、年度目标等行"
		return nil, true
	}
	switch {
	case key.Matches(k, km.Add):
		return w.addRow(row.list), true
	case key.Matches(k, km.Delete):
		if !row.list.button {
			w.dialog = dlgDeleteRow
		}
	case key.Matches(k, km.MoveUp):
		return w.moveRow(row.list, -1), true
	case key.Matches(k, km.MoveDown):
		return w.moveRow(row.list, 1), true
	case key.Matches(k, km.Copy):
		return w.copyRow(row.list), true
	}
	return nil, true
}

// updateField sends a key or paste to the focused field.
func (w *wizard) updateField(msg tea.Msg, width, height int) tea.Cmd {
	fm := w.form()
	if fm == nil {
		return nil
	}
	before := fm.focus
	fw, fh := w.formSize(width, height)
	r := fm.update(msg, w.f, fw)
	var cmds []tea.Cmd
	if r.Note != "" {
		w.note = r.Note
	}
	if r.Rebuild {
		key := ""
		if f := fm.focused(); f != nil {
			key = f.Key()
		}
		w.rebuild(key)
		// Focus the new row's first field.
		fm = w.form()
		fm.move(-1)
		fm.focusKey(newRowKey(key, w.f))
	}
	if r.Changed {
		cmds = append(cmds, w.changed())
	}
	if fm.focus != before && w.dirty() {
		cmds = append(cmds, w.save())
	}
	_ = fh // the root model scrolls the form after every update
	return tea.Batch(cmds...)
}

// findingsKey handles a key of the findings list: Enter goes to the
// finding and says which one is being fixed.
func (w *wizard) findingsKey(k tea.KeyPressMsg) {
	if fd, ok := w.finds.key(w.keys.Findings, k, w.findings); ok {
		w.jump(fd.Where)
		if w.note == "" {
			w.fixing = fd
		}
	}
}
