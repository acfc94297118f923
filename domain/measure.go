package domain

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// Comparator is how a quantitative target compares the actual with its value.
type Comparator int

// Comparators. Positive targets (≥, >) are met at or above the value,
// reverse targets (≤, <) at or below it.
const (
	AtLeast Comparator = iota + 1
	MoreThan
	AtMost
	LessThan
	Exactly
)

// Reverse reports whether a smaller actual is better.
func (c Comparator) Reverse() bool { return c == AtMost || c == LessThan }

// Symbol is the comparator as it is printed on forms.
func (c Comparator) Symbol() string {
	switch c {
	case AtLeast:
		return "≥"
	case MoreThan:
		return ">"
	case AtMost:
		return "≤"
	case LessThan:
		return "<"
	case Exactly:
		return "="
	}
	return ""
}

// Target is a parsed 年度指标值.
type Target struct {
	// Quantitative is false for qualitative targets (及时, 有效提升 …).
	Quantitative bool
	Cmp          Comparator
	Value        decimal.Decimal
	Unit         string
	// Text is the target as written, trimmed.
	Text string
}

// Quantity is a parsed 实际完成值: a number and its unit.
type Quantity struct {
	Value decimal.Decimal
	Unit  string
}

// comparatorWords maps the symbols and words filers use to comparators,
// longest first so that "≥" does not shadow ">=" and "不低于" wins over "低于".
var comparatorWords = []struct {
	text string
	cmp  Comparator
}{
	{"不低于", AtLeast}, {"不少于", AtLeast}, {"不小于", AtLeast}, {"大于等于", AtLeast}, {"大于或等于", AtLeast},
	{"不高于", AtMost}, {"不超过", AtMost}, {"不大于", AtMost}, {"不多于", AtMost}, {"小于等于", AtMost}, {"小于或等于", AtMost}, {"控制在", AtMost},
	{"高于", MoreThan}, {"大于", MoreThan}, {"超过", MoreThan}, {"多于", MoreThan},
	{"低于", LessThan}, {"小于", LessThan}, {"少于", LessThan},
	{"等于", Exactly},
	{">=", AtLeast}, {"＞=", AtLeast}, {"＞＝", AtLeast}, {"≥", AtLeast}, {"≧", AtLeast}, {"⩾", AtLeast},
	{"<=", AtMost}, {"＜=", AtMost}, {"＜＝", AtMost}, {"≤", AtMost}, {"≦", AtMost}, {"⩽", AtMost},
	{">", MoreThan}, {"＞", MoreThan},
	{"<", LessThan}, {"＜", LessThan},
	{"=", Exactly}, {"＝", Exactly},
}

// suffixWords are comparators written after the number: "95%以上", "5万元以内".
var suffixWords = []struct {
	text string
	cmp  Comparator
}{
	{"及以上", AtLeast}, {"以上", AtLeast}, {"及以下", AtMost}, {"以下", AtMost}, {"以内", AtMost},
}

var numberRe = regexp.MustCompile(`[-+]?(\d+(\.\d*)?|\.\d+)`)

// ParseError says why a 年度指标值 or 实际完成值 cannot be read as a number.
type ParseError struct {
	Text   string
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("无法解析“%s”：%s", e.Text, e.Reason)
}

// ParseTarget reads a 年度指标值 as filers write it: "≧100篇", "≥90%",
// "不低于95%", "预算金额≤1902.68万元", "100%", "95%以上". Text with no comparator
// that is not a bare number (及时, 有效提升, 2024年底前完成) is qualitative.
func ParseTarget(s string) (Target, error) {
	text := strings.TrimSpace(s)
	t := Target{Text: text}
	if text == "" {
		return t, &ParseError{Text: s, Reason: "年度指标值为空"}
	}
	norm := normalizeMeasure(text)
	cmp, rest, found := findComparator(norm)
	if !found {
		// A bare number with a short unit, optionally followed by 以上/以下.
		q, ok := bareQuantity(norm)
		if !ok {
			return t, nil
		}
		t.Quantitative, t.Cmp, t.Value, t.Unit = true, AtLeast, q.Value, q.Unit
		if c, unit, ok := splitSuffix(q.Unit); ok {
			t.Cmp, t.Unit = c, unit
		}
		return t, nil
	}
	loc := numberRe.FindStringIndex(rest)
	if loc == nil {
		if isSymbolic(norm) {
			return t, &ParseError{Text: s, Reason: "比较符号后没有数字"}
		}
		// 不低于上年水平: a comparison in words with nothing to measure.
		return t, nil
	}
	t.Quantitative, t.Cmp = true, cmp
	v, err := decimal.NewFromString(rest[loc[0]:loc[1]])
	if err != nil {
		return t, &ParseError{Text: s, Reason: "数字格式错误"}
	}
	t.Value = v
	t.Unit = normalizeUnit(rest[loc[1]:])
	if _, unit, ok := splitSuffix(t.Unit); ok {
		t.Unit = unit
	}
	return t, nil
}

func isSymbolic(s string) bool { return strings.ContainsAny(s, "<>=≥≧≤≦＜＞＝⩾⩽") }

// ParseQuantity reads a 实际完成值 such as "160篇", "102.07%", "1902.68万".
func ParseQuantity(s string) (Quantity, error) {
	norm := normalizeMeasure(strings.TrimSpace(s))
	if norm == "" {
		return Quantity{}, &ParseError{Text: s, Reason: "实际完成值为空"}
	}
	locs := numberRe.FindAllStringIndex(norm, -1)
	if len(locs) == 0 {
		return Quantity{}, &ParseError{Text: s, Reason: "没有数字"}
	}
	if len(locs) > 1 {
		return Quantity{}, &ParseError{Text: s, Reason: "包含多个数字，无法判断哪一个是完成值"}
	}
	v, err := decimal.NewFromString(norm[locs[0][0]:locs[0][1]])
	if err != nil {
		return Quantity{}, &ParseError{Text: s, Reason: "数字格式错误"}
	}
	return Quantity{Value: v, Unit: normalizeUnit(norm[locs[0][1]:])}, nil
}

func findComparator(s string) (Comparator, string, bool) {
	best, bestAt, bestLen := Comparator(0), -1, 0
	for _, w := range comparatorWords {
		i := strings.Index(s, w.text)
		if i < 0 {
			continue
		}
		if bestAt < 0 || i < bestAt || (i == bestAt && len(w.text) > bestLen) {
			best, bestAt, bestLen = w.cmp, i, len(w.text)
		}
	}
	if bestAt < 0 {
		return 0, "", false
	}
	// Words in the prefix such as 预算金额 must not contain digits: a comparator
	// after a number (2024年低于…) is not how targets are written.
	if numberRe.MatchString(s[:bestAt]) {
		return 0, "", false
	}
	return best, s[bestAt+bestLen:], true
}

func bareQuantity(s string) (Quantity, bool) {
	loc := numberRe.FindStringIndex(s)
	if loc == nil || loc[0] != 0 {
		return Quantity{}, false
	}
	unit := s[loc[1]:]
	if numberRe.MatchString(unit) || len([]rune(unit)) > 6 {
		return Quantity{}, false
	}
	v, err := decimal.NewFromString(s[:loc[1]])
	if err != nil {
		return Quantity{}, false
	}
	return Quantity{Value: v, Unit: unit}, true
}

func splitSuffix(unit string) (Comparator, string, bool) {
	for _, w := range suffixWords {
		if strings.HasSuffix(unit, w.text) {
			return w.cmp, normalizeUnit(strings.TrimSuffix(unit, w.text)), true
		}
	}
	return 0, unit, false
}

// normalizeMeasure folds full-width characters and drops spaces and
// thousands separators.
func normalizeMeasure(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == '．':
			b.WriteByte('.')
		case r == '％':
			b.WriteByte('%')
		case r == ',' || r == '，' || unicode.IsSpace(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normalizeUnit trims decoration and maps 万 to 万元.
func normalizeUnit(u string) string {
	u = strings.TrimSpace(u)
	u = strings.TrimLeft(u, "余多")
	u = strings.TrimRight(u, "。.;；,，、）)")
	u = strings.TrimSuffix(u, "左右")
	switch u {
	case "万":
		return "万元"
	case "％":
		return "%"
	}
	return u
}

// sameUnit reports whether an actual in unit a can be compared with a target
// in unit t. An actual written without a unit takes the target's unit.
func sameUnit(t, a string) bool {
	return a == "" || t == a
}
