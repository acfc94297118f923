package tui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// IntField is a whole-number input (编制数, 实际在职人数, 年度) bound to an
// optional int. Blank text stores nil.
type IntField struct {
	key, title string
	get        func(*domain.Filing) *int
	set        func(*domain.Filing, *int)
	min, max   int
	ed         editor
	err        string
}

// NewIntField returns a whole-number field accepting min…max.
func NewIntField(key, title string, lo, hi int, get func(*domain.Filing) *int, set func(*domain.Filing, *int)) *IntField {
	return &IntField{key: key, title: title, get: get, set: set, min: lo, max: hi, ed: editor{limit: 12}}
}

// Key implements Field.
func (n *IntField) Key() string { return n.key }

// Title implements Field.
func (n *IntField) Title() string { return n.title }

// Err implements Field.
func (n *IntField) Err() string { return n.err }

// Typing implements Field.
func (n *IntField) Typing() bool { return false }

// Load implements Field.
func (n *IntField) Load(f *domain.Filing) {
	if v := n.get(f); v != nil {
		n.ed.SetValue(strconv.Itoa(*v))
	} else {
		n.ed.SetValue("")
	}
	n.err = ""
}

// parseInt reads a whole number typed with ASCII or full-width digits.
func parseInt(s string, lo, hi int) (*int, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, nil
	}
	var b strings.Builder
	for _, r := range t {
		if r >= '０' && r <= '９' {
			r = '0' + (r - '０')
		}
		b.WriteRune(r)
	}
	v, err := strconv.Atoi(b.String())
	if err != nil {
		return nil, fmt.Errorf("“%s”不是整数", s)
	}
	if v < lo || v > hi {
		return nil, fmt.Errorf("“%s”超出范围，应在%d至%d之间", s, lo, hi)
	}
	return &v, nil
}

// Update implements Field.
func (n *IntField) Update(msg tea.Msg, f *domain.Filing) Result {
	var r Result
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		h, c := n.ed.HandleKey(msg, 0)
		r.Handled = h
		if !c {
			return r
		}
	case tea.PasteMsg:
		r.Handled = true
		if c, _ := n.ed.Insert(msg.Content); !c {
			return r
		}
	default:
		return r
	}
	v, err := parseInt(n.ed.Value(), n.min, n.max)
	if err != nil {
		n.err = err.Error()
		return r
	}
	n.err = ""
	old := n.get(f)
	if (old == nil) != (v == nil) || (old != nil && *old != *v) {
		n.set(f, v)
		r.Changed = true
	}
	return r
}

// View implements Field.
func (n *IntField) View(width int, focused bool, st *Styles) ([]string, int, int) {
	return viewLineEditor(&n.ed, n.err, width, focused, st)
}
