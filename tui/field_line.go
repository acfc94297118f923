package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// lineField is the one-line input behind TextField, AmountField and
// IntField. It holds the typed text as a draft and changes the filing only
// with a valid draft: while the draft parses (and passes the field's
// checks) its value is written at once, so the score panel follows the
// typing; as soon as it does not, the filing goes back to the value kept
// from before this edit. An edit starts with the first change after the
// field was loaded or left, so "the value before this edit" is the value
// the field showed when the user came to it.
type lineField[T any] struct {
	key, title string
	get        func(*domain.Filing) T
	set        func(*domain.Filing, T)
	// parse reads a whole draft; the error is the Chinese reason it is not
	// stored.
	parse func(string) (T, error)
	// show is the text of a stored value; same compares two values.
	show func(T) string
	same func(a, b T) bool
	// confirm returns a question when a valid value is implausible enough
	// to need a yes before it counts (an amount beyond 1,000,000 万元).
	confirm func(T) string
	// typing is Field.Typing; selectAll makes a filled field's content
	// selected when the user comes to it, so that typing replaces it.
	typing, selectAll bool

	ed  editor
	err string
	// editing is set from the first change of an edit until the field is
	// left; kept is the value before the edit.
	editing bool
	kept    T
	// selected is set while the whole text is selected.
	selected bool
	// question is the pending confirmation of the draft's value (which is
	// not yet stored); confirmed is the draft text the user said yes to.
	question  string
	confirmed string
}

// Key implements Field.
func (l *lineField[T]) Key() string { return l.key }

// Title implements Field.
func (l *lineField[T]) Title() string { return l.title }

// Err implements Field: the reason the draft is not stored, including a
// confirmation not yet given.
func (l *lineField[T]) Err() string {
	if l.err == "" && l.question != "" {
		return "尚未确认：" + l.question
	}
	return l.err
}

// Typing implements Field.
func (l *lineField[T]) Typing() bool { return l.typing }

// Load implements Field.
func (l *lineField[T]) Load(f *domain.Filing) {
	l.ed.SetValue(l.show(l.get(f)))
	l.err, l.question, l.confirmed = "", "", ""
	l.editing = false
	l.selected = l.selectAll
}

// Kept is the text of the value the filing keeps while the draft is not
// stored ("" when it is blank).
func (l *lineField[T]) Kept() string { return l.show(l.kept) }

// Draft is the text as typed, stored or not (for a recovery file).
func (l *lineField[T]) Draft() string { return l.ed.Value() }

// Question is the pending confirmation, or "".
func (l *lineField[T]) Question() string { return l.question }

// Leave ends the edit when focus moves away: the text shows the stored
// value again (normalised, e.g. a date as YYYY-MM-DD) unless the draft is
// invalid, in which case the draft stays for the user to come back to.
func (l *lineField[T]) Leave(f *domain.Filing) {
	if l.Err() != "" {
		return
	}
	l.Load(f)
}

// Discard restores the kept value and drops the draft (放弃).
func (l *lineField[T]) Discard(f *domain.Filing) bool {
	changed := false
	if l.editing && !l.same(l.get(f), l.kept) {
		l.set(f, l.kept)
		changed = true
	}
	l.Load(f)
	return changed
}

// Confirm stores the value of a draft waiting for confirmation.
func (l *lineField[T]) Confirm(f *domain.Filing) bool {
	if l.question == "" {
		return false
	}
	l.confirmed = l.ed.Value()
	l.question = ""
	v, err := l.parse(l.ed.Value())
	if err != nil {
		return false
	}
	if l.same(l.get(f), v) {
		return false
	}
	l.set(f, v)
	return true
}

// Update implements Field.
func (l *lineField[T]) Update(msg tea.Msg, f *domain.Filing) Result {
	r, changed := l.edit(msg)
	if !changed {
		return r
	}
	if !l.editing {
		l.editing, l.kept = true, l.get(f)
	}
	want := l.kept
	l.err, l.question = "", ""
	v, err := l.parse(l.ed.Value())
	switch {
	case err != nil:
		l.err = err.Error()
	case l.confirm != nil && l.ed.Value() != l.confirmed && l.confirm(v) != "":
		l.question = l.confirm(v)
	default:
		want = v
	}
	if !l.same(l.get(f), want) || l.show(l.get(f)) != l.show(want) {
		l.set(f, want)
		r.Changed = true
	}
	return r
}

// edit applies a key or a paste to the draft, first resolving a selection:
// typed or pasted text replaces the selected content, Backspace and Delete
// clear it, and the cursor keys drop it and edit on from the end.
func (l *lineField[T]) edit(msg tea.Msg) (Result, bool) {
	if len(l.ed.buf) == 0 {
		l.selected = false
	}
	if l.selected {
		switch msg := msg.(type) {
		case tea.PasteMsg:
			l.selected = false
			l.ed.SetValue("")
		case tea.KeyPressMsg:
			e := defaultKeys.Editor
			switch {
			case key.Matches(msg, e.Backspace, e.Delete):
				l.selected = false
				l.ed.SetValue("")
				return Result{Handled: true}, true
			case msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && msg.Text != "":
				l.selected = false
				l.ed.SetValue("")
			case key.Matches(msg, e.Left, e.Right, e.Home, e.End, e.KillWord, e.KillBefore, e.KillAfter):
				l.selected = false
			}
		}
	}
	return l.ed.edit(msg, 0)
}

// View implements Field: the selected content is shown reversed.
func (l *lineField[T]) View(width int, focused bool, st *Styles) ([]string, int, int) {
	if focused && l.selected && len(l.ed.buf) > 0 && l.err == "" {
		s, _ := l.ed.viewLine(width)
		return []string{st.Selected.Render(s) + pad("", width-displayWidth(s))}, min(displayWidth(s), width-1), 0
	}
	err := l.err
	if err == "" && l.question != "" {
		s, cx := l.ed.viewLine(width)
		return []string{st.Warning.Render(pad(s, width))}, cx, 0
	}
	return viewLineEditor(&l.ed, err, width, focused, st)
}

// drafter is a field whose typed text is a draft with a kept value (the
// one-line fields); the form uses it to end edits and to ask before
// leaving an invalid or unconfirmed draft.
type drafter interface {
	Field
	Kept() string
	Draft() string
	Question() string
	Leave(f *domain.Filing)
	Discard(f *domain.Filing) bool
	Confirm(f *domain.Filing) bool
}

// keptText is how the message line names a kept value.
func keptText(s string) string {
	if s == "" {
		return "保留原值：空"
	}
	return "保留原值 " + s
}

// fieldMessage is the message-line text of a field's unsaved draft:
// "无效：…（保留原值 4）", or "" when the draft is stored.
func fieldMessage(fd Field) string {
	e := fd.Err()
	if e == "" {
		return ""
	}
	if d, ok := fd.(drafter); ok {
		if q := d.Question(); q != "" {
			return "待确认：" + q + "离开本项时回答（" + keptText(d.Kept()) + "）"
		}
		return "无效：" + e + "（" + keptText(d.Kept()) + "）"
	}
	return "无效：" + e
}
