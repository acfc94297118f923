package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// AreaField is a wrapped text area for long text (厉行节约保障措施, a 年度目标
// line). With newlines allowed, Enter starts a new line and a paste keeps
// its lines; ↑/↓ move between lines and leave the field at its edges.
type AreaField struct {
	key, title string
	get        func(*domain.Filing) string
	set        func(*domain.Filing, string)
	// rows is the most lines shown, or grow when the window gives more
	// (form.fitAreas); the view scrolls to the cursor.
	rows, grow int
	ed         editor
}

// NewAreaField returns a text area showing up to rows lines; newlines
// selects whether the text may hold line breaks.
func NewAreaField(key, title string, rows int, newlines bool, get func(*domain.Filing) string, set func(*domain.Filing, string)) *AreaField {
	return &AreaField{key: key, title: title, get: get, set: set, rows: max(rows, 1), ed: editor{multiline: newlines, limit: areaLimit}}
}

// Key implements Field.
func (a *AreaField) Key() string { return a.key }

// Title implements Field.
func (a *AreaField) Title() string { return a.title }

// Err implements Field.
func (a *AreaField) Err() string { return "" }

// Typing implements Field.
func (a *AreaField) Typing() bool { return true }

// Load implements Field.
// The text opens at its top, with the cursor at its start.
func (a *AreaField) Load(f *domain.Filing) {
	a.ed.SetValue(a.get(f))
	a.ed.pos = 0
}

// width is the wrap width of the last layout, used by ↑/↓.
var _ Field = (*AreaField)(nil)

// Update implements Field.
func (a *AreaField) Update(msg tea.Msg, f *domain.Filing) Result {
	return a.update(msg, f, 0)
}

func (a *AreaField) update(msg tea.Msg, f *domain.Filing, width int) Result {
	if k, ok := msg.(tea.KeyPressMsg); ok && !a.ed.multiline && key.Matches(k, defaultKeys.Editor.Newline) {
		return Result{}
	}
	r, changed := a.ed.edit(msg, width)
	if !changed {
		return r
	}
	if v := a.ed.Value(); v != a.get(f) {
		a.set(f, v)
		r.Changed = true
	}
	return r
}

// View implements Field.
func (a *AreaField) View(width int, focused bool, st *Styles) ([]string, int, int) {
	lines, row, col := a.ed.wrap(width)
	n := min(len(lines), max(a.rows, a.grow))
	start := 0
	if focused && row >= n {
		start = row - n + 1
	}
	out := make([]string, 0, n)
	for _, v := range lines[start : start+n] {
		s := pad(string(v.runes), width)
		if focused {
			s = st.Focused.Render(s)
		}
		out = append(out, s)
	}
	return out, col, row - start
}
