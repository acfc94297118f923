package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// MaxAmountPlaces is the number of decimal places an amount may carry:
// amounts are in 万元, so six places are exact to the 分 (387664.62 元 is
// 38.766462 万元). Amounts are shown rounded to two places (Fixed2) and
// stored as written.
const MaxAmountPlaces = 6

// Amount is an optional exact decimal such as a sum of money in 万元, a weight
// or a score. The zero value is blank, which is not the same as zero.
//
// An Amount read from JSON or typed remembers its text when that text is a
// plain decimal, so a filing is written back as it was read ("639" stays
// "639", "639.00" stays "639.00", an empty string stays an empty string
// rather than becoming null). Other spellings of a number (full-width digits,
// thousands separators, a leading "+") are kept as their value only.
type Amount struct {
	value decimal.Decimal
	set   bool
	// text is the plain decimal the amount was read in; empty for computed
	// amounts and for input that was not already plain.
	text string
	// emptyString records a blank written as "" rather than null.
	emptyString bool
}

// Blank is the blank amount.
var Blank = Amount{}

// Dec returns a set amount holding d.
func Dec(d decimal.Decimal) Amount { return Amount{value: d, set: true} }

// Int returns a set amount holding n.
func Int(n int64) Amount { return Dec(decimal.NewFromInt(n)) }

// ErrAmountSyntax is wrapped by every error ParseAmount returns.
var ErrAmountSyntax = errors.New("金额格式错误")

// AmountError says why a text is not an acceptable amount, in Chinese.
type AmountError struct {
	Text   string
	Reason string
}

// Error names the text and the reason.
func (e *AmountError) Error() string {
	return fmt.Sprintf("“%s”不是有效数字：%s", e.Text, e.Reason)
}

// Unwrap lets errors.Is match ErrAmountSyntax.
func (e *AmountError) Unwrap() error { return ErrAmountSyntax }

// ParseAmount parses a number as filers type it: optional sign, digits, an
// optional point and at most MaxAmountPlaces decimals. Full-width digits and
// point, thousands separators and surrounding spaces are accepted. An empty
// text gives the blank amount.
func ParseAmount(s string) (Amount, error) {
	t := normalizeNumberText(s)
	if t == "" {
		return Blank, nil
	}
	if err := checkNumberSyntax(t); err != "" {
		return Blank, &AmountError{Text: s, Reason: err}
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return Blank, &AmountError{Text: s, Reason: "无法识别为数字"}
	}
	if isPlainDecimal(t) {
		return Amount{value: d, set: true, text: t}, nil
	}
	return Amount{value: d, set: true}, nil
}

// isPlainDecimal reports whether t, already accepted by checkNumberSyntax, is
// written as -?digits[.digits]: the form amounts are stored in.
func isPlainDecimal(t string) bool {
	t = strings.TrimPrefix(t, "-")
	intPart, frac, hasPoint := strings.Cut(t, ".")
	return intPart != "" && (!hasPoint || frac != "") && intPart[0] != '+'
}

// normalizeNumberText folds full-width digits and signs to ASCII and drops
// spaces and thousands separators.
func normalizeNumberText(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == '．' || r == '。':
			b.WriteByte('.')
		case r == '－' || r == '−':
			b.WriteByte('-')
		case r == '＋':
			b.WriteByte('+')
		case r == ',' || r == '，' || r == ' ' || r == '\u3000':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkNumberSyntax returns a Chinese reason when t is not a plain decimal.
func checkNumberSyntax(t string) string {
	i := 0
	if t[0] == '+' || t[0] == '-' {
		i = 1
	}
	// digits counts the integer part's significant digits.
	digits, places, point, seen := 0, 0, false, false
	for ; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			seen = true
			if point {
				places++
			} else if digits > 0 || c != '0' {
				digits++
			}
		case c == '.' && !point:
			point = true
		case c == '.':
			return "包含多个小数点"
		default:
			return fmt.Sprintf("包含非数字字符“%s”", string([]rune(t[i:])[0]))
		}
	}
	if !seen {
		return "缺少数字"
	}
	if places > MaxAmountPlaces {
		return fmt.Sprintf("小数位数为%d位，最多%d位（万元金额精确到分）", places, MaxAmountPlaces)
	}
	if digits > 15 {
		return "数值过大"
	}
	return ""
}

// ParseMoney parses a sum of money as filers type it into a 万元 field: a
// number as ParseAmount takes it, optionally followed by 万元 (or 万), or by
// 元, which is converted to 万元 exactly (387664.62元 is 38.766462 万元). An
// amount in 元 may have at most two decimals (分). The result keeps every
// place; Fixed2 shows it rounded.
func ParseMoney(s string) (Amount, error) {
	t := strings.TrimSpace(s)
	var yuan bool
	switch {
	case strings.HasSuffix(t, "万元"):
		t = strings.TrimSuffix(t, "万元")
	case strings.HasSuffix(t, "万"):
		t = strings.TrimSuffix(t, "万")
	case strings.HasSuffix(t, "元"):
		t, yuan = strings.TrimSuffix(t, "元"), true
	}
	if strings.TrimSpace(t) == "" && t != strings.TrimSpace(s) {
		return Blank, &AmountError{Text: s, Reason: "缺少数字"}
	}
	if !yuan {
		a, err := ParseAmount(t)
		var ae *AmountError
		if errors.As(err, &ae) {
			return Blank, &AmountError{Text: s, Reason: ae.Reason}
		}
		return a, err
	}
	n := normalizeNumberText(t)
	if _, frac, ok := strings.Cut(n, "."); ok && len(frac) > 2 && strings.Trim(frac, "0123456789") == "" {
		return Blank, &AmountError{Text: s, Reason: fmt.Sprintf("以元为单位时小数位数为%d位，最多2位（精确到分）", len(frac))}
	}
	if err := checkNumberSyntax(n); err != "" {
		return Blank, &AmountError{Text: s, Reason: err}
	}
	d, err := decimal.NewFromString(n)
	if err != nil {
		return Blank, &AmountError{Text: s, Reason: "无法识别为数字"}
	}
	w := d.Shift(-4)
	return Amount{value: w, set: true, text: w.String()}, nil
}

// IsSet reports whether the amount was filled in.
func (a Amount) IsSet() bool { return a.set }

// Decimal returns the value, zero when blank.
func (a Amount) Decimal() decimal.Decimal {
	if !a.set {
		return decimal.Zero
	}
	return a.value
}

// IsZero reports whether the amount is blank or zero.
func (a Amount) IsZero() bool { return !a.set || a.value.IsZero() }

// IsNegative reports whether the amount is set and below zero.
func (a Amount) IsNegative() bool { return a.set && a.value.IsNegative() }

// Equal reports whether two amounts are both blank or hold the same value.
func (a Amount) Equal(b Amount) bool {
	if a.set != b.set {
		return false
	}
	return !a.set || a.value.Equal(b.value)
}

// Add returns a+b treating blanks as zero; the result is blank only when
// both are blank.
func (a Amount) Add(b Amount) Amount {
	if !a.set && !b.set {
		return Blank
	}
	return Dec(a.Decimal().Add(b.Decimal()))
}

// Text returns the amount as it should be shown in an input field: the
// original text when it was read or typed, else the shortest exact form.
// Blank gives "".
func (a Amount) Text() string {
	if !a.set {
		return ""
	}
	if a.text != "" {
		return a.text
	}
	return a.value.String()
}

// Fixed2 returns the value rounded half-up to two places, formatted with
// exactly two decimals; blank gives "".
func (a Amount) Fixed2() string {
	if !a.set {
		return ""
	}
	return Round2(a.value).StringFixed(2)
}

// String is Text, or "—" when blank; for display.
func (a Amount) String() string {
	if !a.set {
		return "—"
	}
	return a.Text()
}

// MarshalJSON writes a plain decimal string, or null when blank ("" when it
// was read as "").
func (a Amount) MarshalJSON() ([]byte, error) {
	if !a.set {
		if a.emptyString {
			return []byte(`""`), nil
		}
		return []byte("null"), nil
	}
	return json.Marshal(a.Text())
}

// UnmarshalJSON reads a decimal string, a JSON number, "" or null.
func (a *Amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*a = Blank
		return nil
	}
	var s string
	switch {
	case len(b) > 0 && b[0] == '"':
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			*a = Amount{emptyString: true}
			return nil
		}
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		s = string(b)
	default:
		return &AmountError{Text: string(b), Reason: "金额应写成数字字符串（如“28.79”），留空写 null"}
	}
	v, err := ParseAmount(s)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Round2 rounds half-up (away from zero) to two decimal places.
func Round2(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// Quo2 is num ÷ den rounded half-up (away from zero) to two decimal places,
// exactly: the rounding looks at the true remainder, not at a truncated
// quotient. den must not be zero.
func Quo2(num, den decimal.Decimal) decimal.Decimal { return num.DivRound(den, 2) }

// Percent2 is num ÷ den as a percentage rounded half-up to two places.
func Percent2(num, den decimal.Decimal) decimal.Decimal { return Quo2(num.Mul(hundred), den) }

// PlausibleLimit is the largest amount, in 万元, accepted without asking: 100万万元
// (one trillion 元) is beyond any unit's budget, so a larger figure is
// almost certainly mistyped.
var PlausibleLimit = decimal.NewFromInt(1_000_000)

// ErrAmountNegative is wrapped by the error CheckAmountPlausible returns for
// a negative amount.
var ErrAmountNegative = errors.New("金额不能为负数")

// NegativeAmountError is a negative amount where the forms allow none.
type NegativeAmountError struct{ Amount Amount }

// Error names the figure.
func (e *NegativeAmountError) Error() string {
	return fmt.Sprintf("金额不能为负数（%s）", e.Amount.Text())
}

// Unwrap lets errors.Is match ErrAmountNegative.
func (e *NegativeAmountError) Unwrap() error { return ErrAmountNegative }

// CheckAmountPlausible judges a money amount as a field accepts it: a
// negative amount is refused (err is a *NegativeAmountError); one above
// PlausibleLimit is accepted only after the filer answers confirm, a Chinese
// question; otherwise both are empty. Blank is plausible.
func CheckAmountPlausible(a Amount) (confirm string, err error) {
	switch {
	case a.IsNegative():
		return "", &NegativeAmountError{Amount: a}
	case a.IsSet() && a.Decimal().GreaterThan(PlausibleLimit):
		return fmt.Sprintf("金额%s万元超过100万万元（%s），确认无误？", a.Text(), PlausibleLimit.String()), nil
	}
	return "", nil
}
