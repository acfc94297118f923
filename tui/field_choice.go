package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// ChoiceField chooses one of a few values (the rule set): ←/→ or Space
// go to the next one; it never holds text that could be invalid.
type ChoiceField struct {
	key, title string
	// values are stored, names shown, in the same order.
	values, names []string
	get           func(*domain.Filing) string
	set           func(*domain.Filing, string)
	cur           int
}

// NewChoiceField returns a choice among values, shown by names.
func NewChoiceField(key, title string, values, names []string, get func(*domain.Filing) string, set func(*domain.Filing, string)) *ChoiceField {
	return &ChoiceField{key: key, title: title, values: values, names: names, get: get, set: set}
}

// Key implements Field.
func (c *ChoiceField) Key() string { return c.key }

// Title implements Field.
func (c *ChoiceField) Title() string { return c.title }

// Err implements Field.
func (c *ChoiceField) Err() string { return "" }

// Typing implements Field.
func (c *ChoiceField) Typing() bool { return false }

// Load implements Field: the stored value, or the first when it is none
// of the values (an unset rule set means the default, the first).
func (c *ChoiceField) Load(f *domain.Filing) {
	c.cur = 0
	for i, v := range c.values {
		if v == c.get(f) {
			c.cur = i
		}
	}
}

// Update implements Field.
func (c *ChoiceField) Update(msg tea.Msg, f *domain.Filing) Result {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || !key.Matches(k, defaultKeys.Form.Toggle) || len(c.values) == 0 {
		return Result{}
	}
	if len(c.values) == 1 {
		return Result{Handled: true, Note: "只有一套评分规则：" + c.names[0]}
	}
	d := 1
	if key.Matches(k, defaultKeys.Editor.Left) {
		d = len(c.values) - 1
	}
	c.cur = (c.cur + d) % len(c.values)
	c.set(f, c.values[c.cur])
	return Result{Handled: true, Changed: true}
}

// View implements Field.
func (c *ChoiceField) View(width int, focused bool, st *Styles) ([]string, int, int) {
	name := ""
	if c.cur < len(c.names) {
		name = c.names[c.cur]
	}
	s := pad(truncate("‹ "+name+" ›", width, st.G.Ellipsis), width)
	if focused {
		s = st.Focused.Render(s)
	} else {
		s = st.Value.Render(s)
	}
	return []string{s}, 0, 0
}
