package tui

import (
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// Field is one focusable input of a step form, bound to one place in the
// filing. Like huh's fields, each kind lives in a file of its own
// (field_text.go, field_amount.go, field_int.go, field_area.go,
// field_button.go; the one-line kinds share the draft of field_line.go);
// the form only talks to this interface, and to the optional drafter
// interface for drafts that are not stored.
type Field interface {
	// Key is the JSON path of the bound value, e.g.
	// "basic_data.staffing.actual"; findings jump to it.
	Key() string
	// Title is the Chinese name shown in messages.
	Title() string
	// Load sets the field's text from the filing, dropping any invalid draft.
	Load(f *domain.Filing)
	// Update handles a message while focused and writes valid input to f.
	Update(msg tea.Msg, f *domain.Filing) Result
	// View renders the field in width columns. For a focused field it
	// returns the cursor's column and row inside the rendered lines.
	View(width int, focused bool, st *Styles) (lines []string, cx, cy int)
	// Err is the Chinese reason the current text is not saved, or "".
	Err() string
	// Typing reports whether printable keys are text for this field (so
	// that "?" is typed rather than opening help).
	Typing() bool
}

// Result is what a field's Update did.
type Result struct {
	// Handled is false when the field did not use the message; the form
	// then applies its own keys (moving focus).
	Handled bool
	// Changed is true when the filing changed.
	Changed bool
	// Rebuild is true when the filing's structure changed (a row added or
	// removed) and the form must be rebuilt.
	Rebuild bool
	// Note is a message to show once (e.g. a paste that was cut).
	Note string
}

// limits on input size, so that a huge paste cannot exhaust memory.
const (
	lineLimit = 500
	areaLimit = 20000
)
