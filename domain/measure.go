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

// suffixWords are comparators written after the number: "95%以上",
// "5万元以内", "控制在5%内", "3个工作日内".
var suffixWords = []struct {
	text string
	cmp  Comparator
}{
	{"及以上", AtLeast}, {"以上", AtLeast}, {"及以下", AtMost}, {"以下", AtMost}, {"以内", AtMost}, {"内", AtMost},
}

var numberRe = regexp.MustCompile(`[-+]?(\d+(\.\d*)?|\.\d+)`)

// ParseError says why a 年度指标值 or 实际完成值 cannot be read as a number.
type ParseError struct {
	Text   string
	Reason string
}

// Error names the text and the reason.
func (e *ParseError) Error() string {
	return fmt.Sprintf("无法解析“%s”：%s", e.Text, e.Reason)
}

// ParseTarget reads a 年度指标值 as filers write it: "≧100篇", "≥90%",
// "不低于95%", "预算金额≤1902.68万元", "100%", "95%以上". Text with no comparator
// that is not a bare number with a unit (及时, 有效提升, 2024年底前完成) is
// qualitative, and so is a comparison in words against something other than
// a number (不低于上年水平, 不低于上年的95%). A comparator symbol with no number
// right after it, or a target holding a second number, is a ParseError: the
// engine does not guess which was meant.
func ParseTarget(s string) (Target, error) {
	text := strings.TrimSpace(s)
	t := Target{Text: text}
	if text == "" {
		return t, &ParseError{Text: s, Reason: "年度指标值为空"}
	}
	norm := normalizeMeasure(text)
	cmp, rest, found := findComparator(norm)
	if !found {
		q, cmp, ok := bareQuantity(norm)
		if !ok {
			return t, nil
		}
		t.Quantitative, t.Cmp, t.Value, t.Unit = true, cmp, q.Value, q.Unit
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
	if between := rest[:loc[0]]; between != "" {
		// 不低于上年的95%: relative to something the engine cannot see.
		if isSymbolic(norm) {
			return t, &ParseError{Text: s, Reason: fmt.Sprintf("比较符号与数字之间有文字“%s”，无法判断指标值", between)}
		}
		return t, nil
	}
	v, err := decimal.NewFromString(rest[loc[0]:loc[1]])
	if err != nil {
		return t, &ParseError{Text: s, Reason: "数字格式错误"}
	}
	unit := normalizeUnit(rest[loc[1]:])
	if _, u, ok := splitSuffix(unit); ok {
		unit = u
	}
	if numberRe.MatchString(unit) {
		return t, &ParseError{Text: s, Reason: "包含多个数字，无法判断哪一个是指标值"}
	}
	t.Quantitative, t.Cmp, t.Value, t.Unit = true, cmp, v, unit
	return t, nil
}

// Met reports whether an actual value meets a quantitative target.
func (t Target) Met(actual decimal.Decimal) bool {
	switch t.Cmp {
	case AtLeast:
		return actual.GreaterThanOrEqual(t.Value)
	case MoreThan:
		return actual.GreaterThan(t.Value)
	case AtMost:
		return actual.LessThanOrEqual(t.Value)
	case LessThan:
		return actual.LessThan(t.Value)
	case Exactly:
		return actual.Equal(t.Value)
	}
	return false
}

func isSymbolic(s string) bool { return strings.ContainsAny(s, symbolChars) }

const symbolChars = "<>=≥≧≤≦＜＞＝⩾⩽═﹦﹤﹥≮≯"

// ParseQuantity reads a 实际完成值 such as "160篇", "102.07%", "1902.68万".
// Filers often copy the target's comparator into the actual ("≥80%",
// "95%以上"): the actual is then the number itself, so text before the number
// and a trailing 以上, 以下 or 以内 are dropped.
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
	return Quantity{Value: v, Unit: stripSuffixes(normalizeUnit(norm[locs[0][1]:]))}, nil
}

// findComparator returns the first comparator in s and the text after it.
// A comparator word (低于, 超过 …) after a number is not a target's comparator
// (2024年低于…), so words count only when no digit precedes them; symbols
// (≥, ≤ …) count anywhere, as in "12345热线办结率≥95%".
func findComparator(s string) (Comparator, string, bool) {
	best, bestAt, bestLen := Comparator(0), -1, 0
	for _, w := range comparatorWords {
		i := strings.Index(s, w.text)
		if i < 0 {
			continue
		}
		if !isSymbolic(w.text) && numberRe.MatchString(s[:i]) {
			continue
		}
		if bestAt < 0 || i < bestAt || (i == bestAt && len(w.text) > bestLen) {
			best, bestAt, bestLen = w.cmp, i, len(w.text)
		}
	}
	if bestAt < 0 {
		return 0, "", false
	}
	return best, s[bestAt+bestLen:], true
}

// bareUnits are the units a target written as a bare number may carry
// ("100%", "6个", "95%以上"). Anything longer is prose (2024年底前完成), and
// 年, 月 and 日 are left out because a bare "12月" is a point in time.
var bareUnits = map[string]bool{
	"": true, "%": true, "‰": true,
	"个": true, "项": true, "件": true, "篇": true, "次": true, "场": true, "期": true, "轮": true, "批": true,
	"人": true, "人次": true, "名": true, "位": true, "户": true, "家": true, "所": true, "座": true, "栋": true,
	"处": true, "条": true, "份": true, "本": true, "册": true, "张": true, "台": true, "套": true, "辆": true,
	"元": true, "万元": true, "亿元": true, "天": true, "个工作日": true, "工作日": true, "个月": true,
	"小时": true, "分钟": true, "周": true, "公里": true, "千米": true, "米": true, "平方米": true,
	"亩": true, "吨": true, "岗": true, "个百分点": true, "分": true, "起": true, "宗": true, "例": true,
}

// bareQuantity reads a target with no comparator in front: a number at the
// start, then a known unit, optionally followed by 以上, 以下 or 以内.
func bareQuantity(s string) (Quantity, Comparator, bool) {
	loc := numberRe.FindStringIndex(s)
	if loc == nil || loc[0] != 0 {
		return Quantity{}, 0, false
	}
	cmp, unit := AtLeast, normalizeUnit(s[loc[1]:])
	if c, u, ok := splitSuffix(unit); ok {
		cmp, unit = c, u
	}
	if !bareUnits[unit] {
		return Quantity{}, 0, false
	}
	v, err := decimal.NewFromString(s[:loc[1]])
	if err != nil {
		return Quantity{}, 0, false
	}
	return Quantity{Value: v, Unit: unit}, cmp, true
}

// stripSuffixes drops every trailing 以上, 以下, 以内 or 内 from a unit.
func stripSuffixes(unit string) string {
	for {
		_, u, ok := splitSuffix(unit)
		if !ok {
			return unit
		}
		unit = u
	}
}

func splitSuffix(unit string) (Comparator, string, bool) {
	for _, w := range suffixWords {
		if strings.HasSuffix(unit, w.text) {
			return w.cmp, normalizeUnit(strings.TrimSuffix(unit, w.text)), true
		}
	}
	return 0, unit, false
}

// symbolFolds maps the look-alike comparator symbols real filings use to
// the ones comparatorWords knows: box-drawing ═ (U+2550) and small ﹦
// (U+FE66) for "=", the small-form ﹤ ﹥, and ≮ (not less than) and ≯ (not
// greater than) for ≥ and ≤.
var symbolFolds = map[rune]string{
	'═': "=", '﹦': "=", '﹤': "<", '﹥': ">", '≮': "≥", '≯': "≤",
}

// normalizeMeasure folds full-width characters and look-alike comparator
// symbols and drops spaces and thousands separators.
func normalizeMeasure(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := symbolFolds[r]; ok {
			b.WriteString(f)
			continue
		}
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

// normalizeUnit trims decoration (160余篇, 100篇左右。) until none is left and
// maps 万 to 万元, 百分比 to %, and the spellings of 平方米 to one.
func normalizeUnit(u string) string {
	for {
		v := strings.TrimLeft(strings.TrimSpace(u), "余多.")
		v = strings.TrimRight(strings.TrimSuffix(v, "左右"), "。.;；,，、）)")
		if v == u {
			break
		}
		u = v
	}
	switch u {
	case "万":
		return "万元"
	case "％", "百分比":
		return "%"
	case "㎡", "m²", "平米":
		return "平方米"
	}
	return u
}

// sameUnit reports whether an actual in unit a can be compared with a target
// in unit t. An actual written without a unit takes the target's unit.
func sameUnit(t, a string) bool {
	return a == "" || t == a
}
