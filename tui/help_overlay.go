package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// helpOverlay is the F1 help: every screen's keys under its heading,
// scrolled with ↑/↓ and PgUp/PgDn, closed with Esc, F1 or any other key.
type helpOverlay struct {
	open   bool
	offset int
}

// show opens the help at its top.
func (h *helpOverlay) show() { h.open, h.offset = true, 0 }

// key handles a key while the help is open: scrolling keys scroll it,
// any other key closes it.
func (h *helpOverlay) key(km KeyMap, k tea.KeyPressMsg, lines, height int) {
	page := max(height-2, 1)
	switch {
	case key.Matches(k, km.Review.Up):
		h.offset--
	case key.Matches(k, km.Review.Down):
		h.offset++
	case key.Matches(k, km.Review.PageDown, km.Wizard.NextStep):
		h.offset += page
	case key.Matches(k, km.Review.PageUp, km.Wizard.PrevStep):
		h.offset -= page
	default:
		h.open = false
	}
	h.offset = max(min(h.offset, lines-page), 0)
}

// view is the help's height lines from all, its heading first.
func (h *helpOverlay) view(st *Styles, all []string, height int) []string {
	head := st.Title.Render("全部按键") + st.Subtle.Render("（↑/↓ 翻动，Esc 关闭；在文字输入项中 ? 是输入的字符，请用 F1）")
	body := all[min(h.offset, len(all)):]
	out := append([]string{head, ""}, body[:min(len(body), max(height-2, 0))]...)
	return out
}

// footerKeys are the keys the help line offers in the overlay.
func (h *helpOverlay) footerKeys(km KeyMap) []key.Binding {
	closeHelp := km.Dialog.Cancel
	closeHelp.SetHelp(closeHelp.Help().Key, "关闭帮助")
	return []key.Binding{km.Review.Up, km.Review.Down, km.Review.PageDown, closeHelp}
}
