package importer

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao/domain"
)

func decimalFrom(s string) (decimal.Decimal, error) {
	return decimal.NewFromString(strings.TrimSpace(s))
}

// placeholders are what forms print in a cell that does not apply.
var placeholders = map[string]bool{"/": true, "／": true, "—": true, "——": true, "-": true, "－": true, "…": true, "……": true, "无": true, "\\": true}

// numberRe is a figure with an optional unit after it.
var numberRe = regexp.MustCompile(`^([+\-]?[0-9][0-9,]*(?:\.[0-9]+)?|[+\-]?\.[0-9]+)(万元|元|%|分|人)?$`)

// figure is a number read from a cell, in 万元 for money.
type figure struct {
	amount domain.Amount
	// notes are the reinterpretations made, in Chinese ("全角数字“１２”读作12").
	notes []string
	// problem is why the text is not a figure; "" when it is one.
	problem string
	blank   bool
}

// readFigure reads a cell as a figure. yuan says the table or column is in
// 元, so that the figure is divided by 10000; a figure written with its own
// unit (万元 or 元) follows that unit. Rates may carry "%".
func readFigure(text string, yuan bool) figure {
	raw := strings.TrimSpace(strings.ReplaceAll(text, "\n", ""))
	if raw == "" {
		return figure{blank: true}
	}
	var fg figure
	if placeholders[raw] {
		fg.blank = true
		fg.notes = append(fg.notes, fmt.Sprintf("“%s”读作空白", raw))
		return fg
	}
	t := foldDigits(raw)
	if t != raw {
		fg.notes = append(fg.notes, fmt.Sprintf("全角字符“%s”读作%s", raw, t))
	}
	t = strings.ReplaceAll(t, " ", "")
	m := numberRe.FindStringSubmatch(t)
	if m == nil {
		fg.problem = fmt.Sprintf("“%s”不是数字", raw)
		return fg
	}
	num := m[1]
	if strings.Contains(num, ",") {
		num = strings.ReplaceAll(num, ",", "")
		fg.notes = append(fg.notes, fmt.Sprintf("千位分隔符已去掉（“%s”读作%s）", raw, num))
	}
	d, err := decimal.NewFromString(num)
	if err != nil {
		fg.problem = fmt.Sprintf("“%s”不是数字", raw)
		return fg
	}
	unit := m[2]
	switch {
	case unit == "元" || (unit == "" && yuan):
		// Exact: a shift, with the trailing zeros dropped.
		d = decimal.RequireFromString(d.Shift(-4).String())
		why := "表头注明金额单位为元"
		if unit == "元" {
			why = "单元格写明为元"
		}
		fg.notes = append(fg.notes, fmt.Sprintf("%s，%s元换算为%s万元", why, num, d.String()))
		num = d.String()
	case unit == "万元":
		fg.notes = append(fg.notes, fmt.Sprintf("“%s”去掉单位读作%s", raw, num))
	}
	if -d.Exponent() > domain.MaxAmountPlaces && d.Exponent() < 0 {
		fg.problem = fmt.Sprintf("“%s”换算为%s万元后超过%d位小数，无法精确保存，请核对后手工填写", raw, d.String(), domain.MaxAmountPlaces)
		return fg
	}
	a, err := domain.ParseAmount(num)
	if err != nil {
		fg.problem = err.Error()
		return fg
	}
	fg.amount = a
	return fg
}

// foldDigits folds full-width digits, point, signs and comma to ASCII.
func foldDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == '．':
			b.WriteByte('.')
		case r == '－':
			b.WriteByte('-')
		case r == '＋':
			b.WriteByte('+')
		case r == '％':
			b.WriteByte('%')
		case r == '\u3000':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// comparators maps the signs filers write to the one the forms use.
var comparators = [][2]string{{"≧", "≥"}, {"≦", "≤"}, {"＞", ">"}, {"＜", "<"}, {"﹦", "="}, {"＝", "="}, {">=", "≥"}, {"<=", "≤"}}

// targetNotes lists the signs of a target or actual that read as another
// (≧ as ≥); the text itself is kept as written, which scoring reads.
func targetNotes(s string) []string {
	var out []string
	for _, c := range comparators {
		if strings.Contains(s, c[0]) {
			out = append(out, fmt.Sprintf("“%s”中的“%s”按“%s”计分", s, c[0], c[1]))
		}
	}
	return out
}
