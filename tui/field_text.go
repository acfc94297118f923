package tui

import (
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// TextField is a single-line text input. With a validate function it keeps
// the last valid value in the filing and shows why the current text is not
// accepted.
type TextField struct {
	key, title string
	get        func(*domain.Filing) string
	set        func(*domain.Filing, string)
	// validate returns the value to store, or an error with a Chinese
	// reason; nil accepts any text.
	validate func(string) (string, error)
	ed       editor
	err      string
}

// NewTextField returns a single-line text field bound by get and set.
func NewTextField(key, title string, get func(*domain.Filing) string, set func(*domain.Filing, string)) *TextField {
	return &TextField{key: key, title: title, get: get, set: set, ed: editor{limit: lineLimit}}
}

// Validate sets the validation function and returns the field.
func (t *TextField) Validate(v func(string) (string, error)) *TextField {
	t.validate = v
	return t
}

// Key implements Field.
func (t *TextField) Key() string { return t.key }

// Title implements Field.
func (t *TextField) Title() string { return t.title }

// Err implements Field.
func (t *TextField) Err() string { return t.err }

// Typing implements Field.
func (t *TextField) Typing() bool { return true }

// Load implements Field.
func (t *TextField) Load(f *domain.Filing) {
	t.ed.SetValue(t.get(f))
	t.err = ""
}

// Update implements Field.
func (t *TextField) Update(msg tea.Msg, f *domain.Filing) Result {
	r, changed := t.ed.edit(msg, 0)
	if !changed {
		return r
	}
	return t.commit(f, r)
}

func (t *TextField) commit(f *domain.Filing, r Result) Result {
	v := t.ed.Value()
	if t.validate != nil {
		s, err := t.validate(v)
		if err != nil {
			t.err = err.Error()
			return r
		}
		v = s
	}
	t.err = ""
	if t.get(f) != v {
		t.set(f, v)
		r.Changed = true
	}
	return r
}

// View implements Field.
func (t *TextField) View(width int, focused bool, st *Styles) ([]string, int, int) {
	return viewLineEditor(&t.ed, t.err, width, focused, st)
}

// viewLineEditor renders a one-line editor with the error style when err
// is set.
func viewLineEditor(ed *editor, err string, width int, focused bool, st *Styles) ([]string, int, int) {
	s, cx := ed.viewLine(width)
	s = pad(s, width)
	switch {
	case err != "":
		s = st.Error.Render(s)
	case focused:
		s = st.Focused.Render(s)
	default:
		s = st.Value.Render(s)
	}
	return []string{s}, cx, 0
}
