package report

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao/domain"
)

var hundred = decimal.NewFromInt(100)

// The helpers below build the cells the forms are made of.

func header(row, col, rowSpan, colSpan int, text string) cell {
	return cell{row: row, col: col, rowSpan: rowSpan, colSpan: colSpan, text: text, align: alignCenter, role: roleHeader}
}

func label(row, col, rowSpan, colSpan int, text string) cell {
	return cell{row: row, col: col, rowSpan: rowSpan, colSpan: colSpan, text: Sanitize(text), align: alignLeft, role: roleLabel}
}

func centered(row, col, rowSpan, colSpan int, text string) cell {
	return cell{row: row, col: col, rowSpan: rowSpan, colSpan: colSpan, text: Sanitize(text), align: alignCenter, role: roleLabel}
}

func body(row, col, rowSpan, colSpan int, text string) cell {
	return cell{row: row, col: col, rowSpan: rowSpan, colSpan: colSpan, text: Sanitize(text), align: alignLeft, role: roleBody}
}

// amountCell is an entered amount: shown as the filer wrote it (rounded
// half-up to two decimals when it has more, as an amount kept to the 分 in
// 万元 does), written to the XLSX as the exact number with two decimals
// shown; blank stays blank.
func amountCell(row, col, colSpan int, a domain.Amount) cell {
	c := cell{row: row, col: col, colSpan: colSpan, align: alignRight, role: roleBody, format: fmtFixed2}
	if a.IsSet() {
		c.text = a.Text()
		if a.Decimal().Exponent() < -2 && !a.Decimal().Equal(a.Decimal().Truncate(2)) {
			c.text = a.Fixed2()
		}
		c.num, c.hasNum = a.Decimal(), true
	}
	return c
}

// computedCell is a figure jixiao computed (a sum or a score).
func computedCell(row, col, colSpan int, a domain.Amount, format numFormat) cell {
	c := cell{row: row, col: col, colSpan: colSpan, align: alignRight, role: roleBody, format: format}
	if a.IsSet() {
		c.num, c.hasNum = a.Decimal(), true
		c.text = plain(a.Decimal())
		if format == fmtFixed2 {
			c.text = a.Decimal().StringFixed(2)
		}
	}
	return c
}

// scoreCell is a score shown with two decimals.
func scoreCell(row, col int, d decimal.Decimal) cell {
	return cell{row: row, col: col, align: alignRight, role: roleBody, format: fmtFixed2,
		text: domain.Round2(d).StringFixed(2), num: domain.Round2(d), hasNum: true}
}

// weightCell is a 分值 such as 10 or 4, printed as typed and shown in the
// XLSX with two decimals like the scores beside it.
func weightCell(row, col int, d decimal.Decimal) cell {
	return cell{row: row, col: col, align: alignRight, role: roleBody, format: fmtFixed2, text: plain(d), num: d, hasNum: true}
}

// rateCell is a percentage held as domain does (48.65 for 48.65%); the XLSX
// gets the fraction 0.4865 formatted 0.00%. A blank rate prints "—".
func rateCell(row, col, colSpan int, rate domain.Amount) cell {
	c := cell{row: row, col: col, colSpan: colSpan, align: alignRight, role: roleBody, format: fmtPercent}
	if rate.IsSet() {
		c.text = rate.Fixed2() + "%"
		c.num, c.hasNum = rate.Decimal().Div(hundred), true
	} else {
		c.text = "—"
	}
	return c
}

// plain formats d without trailing zeros: 50, 4.5, 89.974.
func plain(d decimal.Decimal) string {
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// numbered prefixes the lines with 1、2、… as the forms do.
func numbered(lines []string) string {
	var b strings.Builder
	n := 0
	for _, l := range lines {
		l = strings.TrimSpace(Sanitize(l))
		if l == "" {
			continue
		}
		n++
		if n > 1 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(n))
		b.WriteString("、")
		b.WriteString(l)
	}
	return b.String()
}
