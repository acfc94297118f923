package tui

import (
	"charm.land/bubbles/v2/key"
)

// footerKeys are the keys the help line offers in the wizard's current
// mode, most important first, and the pinned ones that are always shown
// (Esc with its one meaning in this mode, and F1 where it works). A key
// the mode ignores is not offered.
func (w *wizard) footerKeys() (keys, pinned []key.Binding) {
	k := w.keys
	wk := k.Wizard
	switch {
	case w.dialog == dlgConflict:
		if w.conflict.theirs == nil {
			return []key.Binding{k.Dialog.Reload, k.Dialog.SaveCopy}, nil
		}
		return []key.Binding{k.Dialog.KeepMine, k.Dialog.Reload, k.Dialog.SaveCopy}, nil
	case w.dialog != dlgNone:
		return nil, []key.Binding{k.Dialog.Yes, k.Dialog.No}
	case w.help.open:
		return nil, w.help.footerKeys(k)
	case w.steps.open():
		return []key.Binding{k.Picker.Up, k.Picker.Down}, []key.Binding{k.Picker.Choose, k.Picker.Cancel}
	case w.finds.open:
		return []key.Binding{k.Findings.Up, k.Findings.Down}, []key.Binding{k.Findings.Jump, k.Findings.Close}
	case w.readOnly:
		return []key.Binding{wk.TryEdit, k.Form.Next, wk.NextStep, wk.JumpStep, wk.Findings, w.footerPanels()}, w.pinPanels(wk.Back, wk.Help)
	}
	if fm := w.form(); fm != nil && fm.ask != nil {
		// The form asks about leaving a draft: y gives it up (or
		// confirms), any other key goes back to it.
		yes, no := k.Dialog.Yes, k.Dialog.No
		yes.SetHelp(yes.Help().Key, "放弃或确认")
		no.SetHelp(no.Help().Key, "修改")
		return nil, []key.Binding{yes, no}
	}
	if c := w.comp(); c != nil {
		own := c.keyHelp(k).ShortHelp()
		if c.modal() {
			return own, []key.Binding{wk.Help}
		}
		pinned = w.pinPanels(wk.Help)
		if !hasKey(own, "esc") {
			pinned = w.pinPanels(wk.Back, wk.Help)
		}
		return append(append([]key.Binding(nil), own...), wk.NextStep, wk.Findings, wk.JumpStep, wk.PrevStep, wk.Save, w.footerPanels()), pinned
	}
	pinned = w.pinPanels(wk.Back, wk.Help)
	if steps[w.cur].show != nil {
		return []key.Binding{wk.ScrollDown, wk.NextStep, wk.PrevStep, wk.Findings, wk.JumpStep, w.footerPanels()}, pinned
	}
	if fm := w.form(); fm != nil {
		// On a list's row its keys come first: they are what is new there.
		if r := fm.focusedRow(); r != nil && r.list != nil && !r.list.button {
			keys = []key.Binding{k.Rows.Add, k.Rows.Delete, k.Rows.Copy, k.Rows.MoveUp, k.Rows.MoveDown}
		} else if r != nil && r.list != nil {
			keys = []key.Binding{k.Rows.Add}
		}
	}
	keys = append(keys, k.Form.Next, wk.NextStep)
	return append(keys, wk.Findings, wk.PrevStep, wk.JumpStep, wk.StepPicker, wk.Save, wk.Undo, w.footerPanels()), pinned
}

// helpLines is the F1 help in width columns: the current step's own keys,
// then every screen's under its heading.
func (w *wizard) helpLines(width int) []string {
	var own interface {
		ShortHelp() []key.Binding
		FullHelp() [][]key.Binding
	}
	if c := w.comp(); c != nil {
		own = c.keyHelp(w.keys)
	}
	k := w.keys
	k.Wizard.Panels = w.panelsBinding()
	return helpLines(w.st, helpSections(k, steps[w.cur].title, own), width)
}
