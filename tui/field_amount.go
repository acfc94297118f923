package tui

import (
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// AmountField is a number input (万元 amounts, 分值) validated as typed by
// domain.ParseAmount: a number with at most four decimals. Invalid text is
// shown in red with the reason and never replaces the last valid value.
type AmountField struct {
	key, title string
	get        func(*domain.Filing) domain.Amount
	set        func(*domain.Filing, domain.Amount)
	ed         editor
	err        string
}

// NewAmountField returns an amount field bound by get and set.
func NewAmountField(key, title string, get func(*domain.Filing) domain.Amount, set func(*domain.Filing, domain.Amount)) *AmountField {
	return &AmountField{key: key, title: title, get: get, set: set, ed: editor{limit: 40}}
}

// Key implements Field.
func (a *AmountField) Key() string { return a.key }

// Title implements Field.
func (a *AmountField) Title() string { return a.title }

// Err implements Field.
func (a *AmountField) Err() string { return a.err }

// Typing implements Field: "?" is never part of a number.
func (a *AmountField) Typing() bool { return false }

// Load implements Field.
func (a *AmountField) Load(f *domain.Filing) {
	a.ed.SetValue(a.get(f).Text())
	a.err = ""
}

// Update implements Field.
func (a *AmountField) Update(msg tea.Msg, f *domain.Filing) Result {
	r, changed := a.ed.edit(msg, 0)
	if !changed {
		return r
	}
	v, err := domain.ParseAmount(a.ed.Value())
	if err != nil {
		a.err = err.Error()
		return r
	}
	a.err = ""
	if !v.Equal(a.get(f)) || v.Text() != a.get(f).Text() {
		a.set(f, v)
		r.Changed = true
	}
	return r
}

// View implements Field.
func (a *AmountField) View(width int, focused bool, st *Styles) ([]string, int, int) {
	return viewLineEditor(&a.ed, a.err, width, focused, st)
}
