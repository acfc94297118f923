package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// component is the screen of a wizard step that is more than a form: the
// indicator grid, the 附件3 project tables, the 附件4 sections and 复核与导出.
// A component may embed a form (a project's header and funds, a report
// section); the wizard then applies its usual field keys to it.
type component interface {
	// key sees a key before the wizard's own keys (except Ctrl+C and, when
	// not modal, the step and overlay keys). handled false lets the wizard
	// apply its keys and, with a form, the form's.
	key(w stepCtx, k tea.KeyPressMsg) (cmd tea.Cmd, handled bool)
	// paste handles a bracketed paste; handled false sends it to the form.
	paste(w stepCtx, p tea.PasteMsg) (cmd tea.Cmd, handled bool)
	// modal reports whether the component takes every key (a cell being
	// edited, a picker, a question).
	modal() bool
	// view renders height lines in width columns and the cursor inside
	// them (ok false: no text cursor).
	view(w stepCtx, width, height int) (lines []string, cx, cy int, ok bool)
	// form is the embedded form in use, or nil; setForm replaces it after a
	// rebuild. header is the number of lines drawn above it.
	form() *form
	setForm(fm *form)
	header() int
	// keyHelp is the keys of the current mode: ShortHelp for the footer,
	// FullHelp for the F1 help. A mode that answers Esc lists it.
	keyHelp(k KeyMap) help.KeyMap
	// message is the line above the help (a question, an error), or "".
	message(w stepCtx) string
	// jump shows the field at a finding's JSON path; false when it has no
	// input on this screen.
	jump(w stepCtx, path string) bool
	// viewKey reports whether k, in the current (non-modal) mode, only
	// moves, opens or shows and never changes the filing: the keys a
	// read-only wizard lets through.
	viewKey(w stepCtx, k tea.KeyPressMsg) bool
}

// isGlobalKey reports keys the wizard handles before a non-modal component.
func isGlobalKey(km KeyMap, k tea.KeyPressMsg) bool {
	w := km.Wizard
	return key.Matches(k, w.NextStep, w.PrevStep, w.JumpStep, w.StepPicker, w.Save, w.Findings, w.Review, w.History) || isF1(km, k)
}

// isF1 reports the help key other than the "?" typed into a text.
func isF1(km KeyMap, k tea.KeyPressMsg) bool {
	return key.Matches(k, km.Wizard.Help) && k.Text != "?"
}
