package tui

import (
	"errors"
	"fmt"

	"jixiao/domain"
)

// AmountField is a number input (万元 amounts, 分值, 平方米) validated as
// typed by domain.ParseAmount: a number with at most four decimals, not
// negative unless AllowNegative was called. Its draft follows lineField:
// invalid text is shown in red with the reason and the filing keeps the
// value from before the edit; a filled field's content is selected when
// the user comes to it, so typing replaces it.
type AmountField struct {
	lineField[domain.Amount]
	// negative allows amounts below 0; quantity marks a figure that is
	// not money (分值, 平方米), which gets no 万元 plausibility question.
	negative, quantity bool
}

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
	a.quantity = true
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
	v, err := domain.ParseAmount(s)
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

// quantity marks the amount field of c as a figure that is not money and
// returns c.
func quantity(c cell) cell {
	if a, ok := c.field.(*AmountField); ok {
		a.Quantity()
	}
	return c
}
