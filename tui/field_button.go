package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// ButtonField is a focusable action such as "＋ 添加区级专项资金": Enter (or
// Space) runs it.
type ButtonField struct {
	key, label string
	press      func(*domain.Filing)
}

// NewButton returns a button; press changes the filing's structure.
func NewButton(key, label string, press func(*domain.Filing)) *ButtonField {
	return &ButtonField{key: key, label: label, press: press}
}

// Key implements Field.
func (b *ButtonField) Key() string { return b.key }

// Title implements Field.
func (b *ButtonField) Title() string { return b.label }

// Err implements Field.
func (b *ButtonField) Err() string { return "" }

// Typing implements Field.
func (b *ButtonField) Typing() bool { return false }

// Load implements Field.
func (b *ButtonField) Load(*domain.Filing) {}

// Update implements Field.
func (b *ButtonField) Update(msg tea.Msg, f *domain.Filing) Result {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, defaultKeys.Form.Press) {
		b.press(f)
		return Result{Handled: true, Changed: true, Rebuild: true}
	}
	return Result{}
}

// View implements Field.
func (b *ButtonField) View(width int, focused bool, st *Styles) ([]string, int, int) {
	s := pad("["+b.label+"]", width)
	if focused {
		s = st.Selected.Render(s)
	} else {
		s = st.Subtle.Render(s)
	}
	return []string{s}, 0, 0
}
