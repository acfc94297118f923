package tui

import (
	"reflect"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// undoLimit is the most changes Ctrl+Z can take back in one editing
// session. A full copy of the sample filing takes about 6.7 KB and one of
// a filing with 30 附件3 tables about 140 KB, but snapshots share the 附件3
// tables that did not change (see snapshot): 200 entries measured 1.5 MB
// for the sample and 1.7 MB for the 30-table filing with edits outside 附件3.
const undoLimit = 200

// undoEntry is one change of the session: what it was called ("填表人"),
// where it was (the step and the JSON path of its field or table) and the
// filing before and after it. The after of one entry is the before of the
// next, so each entry costs about one snapshot.
type undoEntry struct {
	label         string
	step          stepID
	path          string
	before, after *domain.Filing
}

// openEdit is a field edit still in progress: its keystrokes make one
// entry, closed when the user leaves the field or does anything else.
type openEdit struct {
	label string
	step  stepID
	path  string
}

// undoLog is the wizard's undo and redo history for the editing session.
type undoLog struct {
	done, undone []undoEntry
	// base is the snapshot of the filing after the last entry; f is the
	// filing it belongs to (a reload starts a new history).
	base *domain.Filing
	f    *domain.Filing
	open *openEdit
	// seq is the wizard's change counter when the current input began;
	// label and path name a list change prepared before it is made.
	seq         int
	label, path string
}

// snapshot copies f for the history. The 附件3 tables equal to those of
// prev (the previous snapshot, which is never modified) share their rows
// with it, and when none changed the whole list is shared.
func snapshot(f, prev *domain.Filing) *domain.Filing {
	s := f.Clone()
	if prev == nil {
		return s
	}
	same := len(s.Projects) == len(prev.Projects)
	for i := range s.Projects {
		if i < len(prev.Projects) && reflect.DeepEqual(s.Projects[i], prev.Projects[i]) {
			s.Projects[i] = prev.Projects[i]
		} else {
			same = false
		}
	}
	if same {
		s.Projects = prev.Projects
	}
	return s
}

// undoKey handles Ctrl+Z and Ctrl+Y; ok is false for other input or when
// the current screen has its own use for keys (a cell being edited, a
// question, an overlay).
func (w *wizard) undoKey(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		return nil, false
	}
	redo := key.Matches(k, w.keys.Wizard.Redo)
	if !redo && !key.Matches(k, w.keys.Wizard.Undo) {
		return nil, false
	}
	if w.dialog != dlgNone || w.help.open || w.finds.open || w.steps.open() {
		return nil, false
	}
	if c := w.comp(); c != nil && c.modal() {
		return nil, false
	}
	w.note = ""
	if w.readOnly {
		w.note = w.roNote("不能撤销")
		return nil, true
	}
	return w.undoRedo(redo), true
}

// undoBefore runs before an input message: it closes a field edit that
// this message does not continue, so that the entry's after is the filing
// before this message, and names a list change the message is about to
// make.
func (w *wizard) undoBefore(msg tea.Msg) {
	lg := &w.undo
	if lg.f != w.f {
		*lg = undoLog{f: w.f, base: snapshot(w.f, nil)}
	}
	lg.seq, lg.label, lg.path = w.changeSeq, "", ""
	fm := w.form()
	if fm != nil {
		fm.edited = ""
	}
	fd := w.focusedField()
	if lg.open != nil && (fd == nil || fd.Key() != lg.open.path || !isEditInput(msg) || w.dialog != dlgNone || w.comp() != nil && w.comp().modal()) {
		w.closeEdit()
	}
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey || fm == nil || fd == nil {
		return
	}
	if b, ok := fd.(*ButtonField); ok {
		lg.label, lg.path = strings.TrimPrefix(b.Title(), "＋ "), b.Key()
	}
	if row := fm.focusedRow(); row != nil && row.list != nil {
		km := w.keys
		switch {
		case w.dialog == dlgDeleteRow && key.Matches(k, km.Dialog.Yes):
			lg.label = "删除一行" + row.list.what
		case w.dialog != dlgNone:
		case key.Matches(k, km.Rows.Add):
			lg.label = "插入一行" + row.list.what
		case key.Matches(k, km.Rows.MoveUp), key.Matches(k, km.Rows.MoveDown):
			lg.label = "移动一行" + row.list.what
		case key.Matches(k, km.Rows.Copy):
			lg.label = "复制一行" + row.list.what
		}
	}
}

// undoAfter runs after an input message: a change by typing into a field
// opens (or continues) that field's entry; any other change is an entry
// of its own.
func (w *wizard) undoAfter(msg tea.Msg) {
	lg := &w.undo
	if lg.f != w.f {
		// Reloaded or reverted: the history belonged to the old filing.
		*lg = undoLog{f: w.f, base: snapshot(w.f, nil)}
		return
	}
	if w.changeSeq == lg.seq {
		return
	}
	fm := w.form()
	edited := ""
	if fm != nil {
		// Read once: a form left for another step must not name an
		// edit of a later message.
		edited, fm.edited = fm.edited, ""
	}
	label, path := lg.label, lg.path
	if edited != "" {
		title := edited
		if fd := fm.fieldByKey(edited); fd != nil {
			title = fd.Title()
		}
		if fd := w.focusedField(); isEditInput(msg) && label == "" && fd != nil && fd.Key() == edited {
			if lg.open == nil {
				lg.open = &openEdit{label: title, step: w.cur, path: edited}
			}
			return
		}
		// Ctrl+W, Ctrl+U, Ctrl+K, or an answer that gave the draft up
		// or confirmed it and moved on: an entry of its own.
		label, path = title, edited
	}
	switch {
	case edited != "":
	case label != "":
		if fd := w.focusedField(); fd != nil && path == "" {
			path = fd.Key()
		}
	default:
		if c, ok := w.comp().(undoLabeler); ok {
			label, path = c.undoLabel()
		}
	}
	if label == "" {
		label = steps[w.cur].short
	}
	w.pushUndo(label, w.cur, path)
}

// undoLabeler is a component that names its last change for undo.
type undoLabeler interface {
	undoLabel() (label, path string)
}

// focusedField is the focused field of the current form, or nil.
func (w *wizard) focusedField() Field {
	if fm := w.form(); fm != nil {
		return fm.focused()
	}
	return nil
}

// isEditInput reports whether msg only edits the focused field's text, so
// that it continues the field's entry: typing, a paste, Backspace, Delete
// and the cursor keys. Ctrl+W, Ctrl+U and Ctrl+K delete a whole part of
// the text and make an entry of their own.
func isEditInput(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		return true
	case tea.KeyPressMsg:
		e := defaultKeys.Editor
		if key.Matches(msg, e.Backspace, e.Delete, e.Left, e.Right, e.Home, e.End) {
			return true
		}
		return msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && msg.Text != ""
	}
	return false
}

// closeEdit makes the open field edit an entry (unless it came back to
// where it started).
func (w *wizard) closeEdit() {
	lg := &w.undo
	e := lg.open
	if e == nil {
		return
	}
	lg.open = nil
	w.pushUndo(e.label, e.step, e.path)
}

// pushUndo records the change from the last entry to the filing now.
func (w *wizard) pushUndo(label string, step stepID, path string) {
	lg := &w.undo
	if reflect.DeepEqual(lg.base, w.f) {
		return
	}
	after := snapshot(w.f, lg.base)
	lg.done = append(lg.done, undoEntry{label: label, step: step, path: path, before: lg.base, after: after})
	if n := len(lg.done) - undoLimit; n > 0 {
		lg.done = append(lg.done[:0:0], lg.done[n:]...)
	}
	lg.undone = nil
	lg.base = after
}

// undoRedo takes the last change back (or, with redo, makes the last
// undone one again), goes to where it was made and says so.
func (w *wizard) undoRedo(redo bool) tea.Cmd {
	lg := &w.undo
	if lg.f != w.f {
		*lg = undoLog{f: w.f, base: snapshot(w.f, nil)}
	}
	if !redo {
		// Ctrl+Z on an invalid draft gives the draft up first.
		if d, ok := w.focusedField().(drafter); ok && d.Err() != "" {
			changed := d.Discard(w.f)
			w.form().ask = nil
			w.note = "撤销：" + d.Title() + "的输入"
			if changed {
				return w.changed()
			}
			return nil
		}
	}
	w.closeEdit()
	from, to := &lg.done, &lg.undone
	verb, none := "撤销：", "没有可撤销的修改"
	if redo {
		from, to = to, from
		verb, none = "重做：", "没有可重做的修改"
	}
	if len(*from) == 0 {
		w.note = none
		return nil
	}
	e := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, e)
	state := e.before
	if redo {
		state = e.after
	}
	w.restore(state)
	lg.base, lg.f = state, w.f
	w.goTo(e.step, e.path)
	w.note = verb + e.label
	return w.changed()
}

// restore makes a copy of snapshot s the filing being edited: the forms
// are rebuilt on it (keeping invalid drafts), the step screens start
// afresh.
func (w *wizard) restore(s *domain.Filing) {
	w.f = s.Clone()
	for i, fm := range w.forms {
		if fm != nil && fm.build != nil {
			focus := ""
			if fd := fm.focused(); fd != nil {
				focus = fd.Key()
			}
			w.forms[i] = w.buildForm(fm.build, fm, focus)
		}
	}
	w.comps = [stepCount]component{}
	w.projIdx = -1
	w.recompute()
}

// goTo shows step s with the field or table at path.
func (w *wizard) goTo(s stepID, path string) {
	w.enter(s)
	if path == "" {
		return
	}
	if c := w.comp(); c != nil {
		c.jump(w.ctx(), path)
		return
	}
	if fm := w.form(); fm != nil {
		fm.focusKey(path)
	}
}
