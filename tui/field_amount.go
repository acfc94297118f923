package tui

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// AmountField is a number input (万元 amounts, 分值, 平方米) validated as
// typed: a number with at most six decimals, not negative unless
// AllowNegative was called. A field whose key is a sum of money
// (domain.IsMoneyPath) reads it with domain.ParseMoney, so that 万元 may
// be typed with a 万元 or 万 suffix and 元 with a 元 suffix (converted to
// 万元 exactly; a note says so), and shows a figure of more than two
// places rounded to two while it is not focused; any other field takes a
// plain number (domain.ParseAmount). Its draft follows lineField: invalid
// text is shown in red with the reason and the filing keeps the value
// from before the edit; a filled field's content is selected when the
// user comes to it, so typing replaces it.
type AmountField struct {
	lineField[domain.Amount]
	// negative allows amounts below 0; quantity marks a figure that is
	// not money (分值, 平方米), which gets no 万元 plausibility question;
	// money marks a sum of money in 万元, which may be typed in 元.
	negative, quantity, money bool
}

// yuanHint is what a money field's message adds to a figure it cannot
// read.
const yuanHint = "。金额以万元填写，也可输入元：如 387664.62元，自动换算为万元"

// NewAmountField returns an amount field bound by get and set.
func NewAmountField(key, title string, get func(*domain.Filing) domain.Amount, set func(*domain.Filing, domain.Amount)) *AmountField {
	a := &AmountField{}
	a.lineField = lineField[domain.Amount]{key: key, title: title, get: get, set: set,
		parse:     a.parseAmount,
		show:      domain.Amount.Text,
		same:      func(x, y domain.Amount) bool { return x.IsSet() == y.IsSet() && x.Text() == y.Text() },
		selectAll: true,
		ed:        editor{limit: 40},
	}
	a.money = domain.IsMoneyPath(key)
	a.confirm = func(v domain.Amount) string {
		if a.quantity {
			return ""
		}
		q, _ := domain.CheckAmountPlausible(v)
		return q
	}
	return a
}

// Quantity marks the field as a figure that is not money (分值, 平方米),
// so that a large value is not questioned as 万元, and returns it.
func (a *AmountField) Quantity() *AmountField {
	a.quantity, a.money = true, false
	return a
}

// AllowNegative lets the field take amounts below 0 (an adjustment that
// may be a decrease) and returns it.
func (a *AmountField) AllowNegative() *AmountField {
	a.negative = true
	return a
}

// parseAmount reads a whole draft; a negative amount is refused where the
// form allows none.
func (a *AmountField) parseAmount(s string) (domain.Amount, error) {
	parse := domain.ParseAmount
	if a.money {
		parse = domain.ParseMoney
	}
	v, err := parse(s)
	if err != nil && a.money {
		return v, fmt.Errorf("%w%s", err, yuanHint)
	}
	if err != nil {
		return v, err
	}
	if !v.IsNegative() || a.negative {
		return v, nil
	}
	if a.quantity {
		return domain.Blank, errors.New("“" + a.title + "”不能为负数（" + v.Text() + "）")
	}
	_, err = domain.CheckAmountPlausible(v)
	return domain.Blank, fmt.Errorf("“%s”%w", a.title, err)
}

// Update implements Field: as lineField's, and while the draft is a
// valid sum in 元 (and when the user leaves it so) the note says what it
// was converted to.
func (a *AmountField) Update(msg tea.Msg, f *domain.Filing) Result {
	r := a.lineField.Update(msg, f)
	if n := a.yuanNote(); n != "" && r.Note == "" {
		r.Note = n
	}
	return r
}

// yuanNote is "387664.62元 已换算为 38.766462 万元" while the draft is a
// stored sum typed in 元, else "".
func (a *AmountField) yuanNote() string {
	t := strings.TrimSpace(a.ed.Value())
	if !a.money || a.Err() != "" || !strings.HasSuffix(t, "元") || strings.HasSuffix(t, "万元") {
		return ""
	}
	v, err := domain.ParseMoney(t)
	if err != nil || !v.IsSet() {
		return ""
	}
	return t + " 已换算为 " + v.Text() + " 万元"
}

// View implements Field: a money field that is not focused shows a
// figure of more than two places rounded to two (the filing keeps every
// place; focused, the field shows them all).
func (a *AmountField) View(width int, focused bool, st *Styles) ([]string, int, int) {
	if !a.money || focused || a.Err() != "" {
		return a.lineField.View(width, focused, st)
	}
	v, err := domain.ParseAmount(a.ed.Value())
	if err != nil || !v.IsSet() || v.Decimal().Equal(domain.Round2(v.Decimal())) {
		return a.lineField.View(width, focused, st)
	}
	return []string{st.Value.Render(pad(truncate(v.Fixed2(), width, st.G.Ellipsis), width))}, 0, 0
}

// quantity marks the amount field of c as a figure that is not money and
// returns c.
func quantity(c cell) cell {
	if a, ok := c.field.(*AmountField); ok {
		a.Quantity()
	}
	return c
}
