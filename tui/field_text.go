package tui

import (
	"strings"

	"jixiao/domain"
)

// TextField is a single-line text input. With a validate function its
// draft follows lineField: the filing holds the text only while it is
// valid, otherwise the value from before the edit, and the message line
// says why.
type TextField struct {
	lineField[string]
	// validate returns the value to store, or an error with a Chinese
	// reason; nil accepts any text.
	validate func(string) (string, error)
}

// NewTextField returns a single-line text field bound by get and set.
func NewTextField(key, title string, get func(*domain.Filing) string, set func(*domain.Filing, string)) *TextField {
	t := &TextField{}
	t.lineField = lineField[string]{key: key, title: title, get: get, set: set,
		parse: func(s string) (string, error) {
			if t.validate == nil {
				return s, nil
			}
			return t.validate(s)
		},
		show:   func(s string) string { return s },
		same:   func(a, b string) bool { return a == b },
		typing: true,
		ed:     editor{limit: lineLimit},
	}
	return t
}

// Validate sets the validation function and returns the field.
func (t *TextField) Validate(v func(string) (string, error)) *TextField {
	t.validate = v
	return t
}

// SelectOnFocus makes the field's content selected when the user comes to
// it (a date, typed over rather than edited) and returns the field.
func (t *TextField) SelectOnFocus() *TextField {
	t.selectAll = true
	t.selected = true
	return t
}

// viewLineEditor renders a one-line editor with the error style when err
// is set. When focused, only the room left after the text is underlined:
// the text is written plain, so a character typed at the end costs the
// terminal its own bytes and no style change (docs/benchmarks.md, bytes per
// keystroke).
func viewLineEditor(ed *editor, err string, width int, focused bool, st *Styles) ([]string, int, int) {
	s, cx := ed.viewLine(width)
	switch {
	case err != "":
		s = st.Error.Render(pad(s, width))
	case focused:
		room := width - displayWidth(s)
		s = st.Value.Render(s)
		if room > 0 {
			s += st.Focused.Render(strings.Repeat(" ", room))
		}
	default:
		// Unfocused, a value too long for the field shows its start and
		// an ellipsis: a window scrolled to the cursor would hide the
		// leading digits of a large amount (100000000000 as 00000000000).
		if v := ed.Value(); displayWidth(v) > width {
			s = truncate(v, width, st.G.Ellipsis)
		}
		s = st.Value.Render(pad(s, width))
	}
	return []string{s}, cx, 0
}
