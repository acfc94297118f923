package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DecodeError is a jixiao/filing@1 document that cannot be read. Line and
// Column (1-based, the column counted in characters) are set when the
// position is known; Path is the JSON path of the offending value (e.g.
// "overall.indicators.3.weight") when one value is to blame.
type DecodeError struct {
	Line, Column int
	Path         string
	Msg          string
	Err          error
}

// Error prefixes the message with its line and column when known.
func (e *DecodeError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("第%d行第%d列：%s", e.Line, e.Column, e.Msg)
	}
	return e.Msg
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// utf8BOM is what some Windows editors put at the start of a UTF-8 file.
var utf8BOM = []byte("\xef\xbb\xbf")

// Decode reads a jixiao/filing@1 document. A leading UTF-8 byte order mark
// is skipped. Every error is a *DecodeError with a Chinese message.
//
// Keys it does not know are kept on the object they were read in (see
// UnknownKeys), so that Encode writes them back and documents from newer
// versions load; Check reports each (input.unknown_key). Text is sanitised:
// control characters and bidi controls are removed (line breaks and tabs
// are kept in multi-line fields, see multiLine), and bytes that are not
// UTF-8 are replaced with U+FFFD; each field changed gives a warning that
// the filing keeps (not serialised) and Check reports. DecodeReport returns
// these findings directly.
func Decode(data []byte) (*Filing, error) {
	f, err := decode(data)
	var de *DecodeError
	if errors.As(err, &de) {
		// A message may quote the document; it never carries a control
		// character to the terminal.
		de.Msg, de.Path = escapeControls(de.Msg), escapeControls(de.Path)
	}
	return f, err
}

func decode(data []byte) (*Filing, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	var f Filing
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		return nil, describeJSONError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		off := skipSpace(data, dec.InputOffset())
		line, col := position(data, off)
		return nil, &DecodeError{Line: line, Column: col, Msg: "文档在此之前已经结束，之后还有多余内容"}
	}
	if f.Format == "" {
		return nil, &DecodeError{Path: "format", Msg: fmt.Sprintf("缺少“format”键，应为“%s”；这不是 jixiao 填报文件", FormatID)}
	}
	if f.Format != FormatID {
		return nil, &DecodeError{Path: "format", Msg: fmt.Sprintf("不支持的格式“%s”，本程序读取“%s”", f.Format, FormatID)}
	}
	scan := scanInput(data)
	attachUnknown(&f, scan.unknown)
	f.decodeFindings = append(sanitizeFiling(&f), invalidUTF8Findings(scan)...)
	fillTargets(&f)
	return &f, nil
}

// DecodeReport is Decode that also returns the findings about the document
// as read: what sanitising removed or replaced (input.control_removed,
// input.invalid_utf8) and every unknown key (input.unknown_key). Check
// reports the same findings, so a caller that runs Check need not show
// these twice.
func DecodeReport(data []byte) (*Filing, []Finding, error) {
	f, err := Decode(data)
	if err != nil {
		return nil, nil, err
	}
	c := &checker{f: f}
	c.unknownKeys()
	return f, append(f.DecodeFindings(), c.out...), nil
}

// DecodeFindings are the findings Decode made while sanitising the text of
// f; nil for a filing that was not decoded or needed no change.
func (f *Filing) DecodeFindings() []Finding { return append([]Finding(nil), f.decodeFindings...) }

func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		off := max(syn.Offset-1, 0)
		if syn.Offset >= int64(len(data)) && strings.Contains(syn.Error(), "unexpected end") {
			off = lastNonSpace(data)
		}
		line, col := position(data, off)
		return &DecodeError{Line: line, Column: col, Msg: "JSON 语法错误：" + translateSyntax(syn.Error(), data, off), Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := position(data, lastNonSpace(data))
		return &DecodeError{Line: line, Column: col, Msg: "JSON 语法错误：内容在此意外结束，可能缺少“}”“]”或引号，文件可能不完整", Err: err}
	case errors.Is(err, io.EOF):
		return &DecodeError{Msg: "文件为空，没有任何内容", Err: err}
	}
	if ve, ok := locateValueError(data); ok {
		line, col := position(data, ve.offset)
		return &DecodeError{Line: line, Column: col, Path: ve.path, Msg: ve.msg, Err: err}
	}
	// Not reached for errors encoding/json reports today; keep the message
	// Chinese whatever the cause.
	return &DecodeError{Msg: "文件内容不符合 jixiao/filing@1 格式", Err: err}
}

// syntaxContexts maps the contexts encoding/json's scanner names to Chinese.
var syntaxContexts = []struct{ en, zh string }{
	{"looking for beginning of object key string", "此处应为用双引号括起的键名（注意最后一项后面不能有逗号）"},
	{"looking for beginning of value", "此处应为一个值（字符串、数字、对象、数组、true、false 或 null）"},
	{"after object key:value pair", "键值对之后应为“,”或“}”"},
	{"after object key", "键名之后应为“:”"},
	{"after array element", "数组元素之后应为“,”或“]”"},
	{"after top-level value", "文档在此之前已经结束，之后还有多余内容"},
	{"in string literal", "字符串中不能直接包含控制字符（换行请写成 \\n，制表符写成 \\t）"},
	{"in string escape code", "字符串中的转义序列无效（反斜杠 \\ 本身请写成 \\\\）"},
	{"in \\u hexadecimal character escape", "\\u 转义后应为4位十六进制数字"},
	{"after decimal point in numeric literal", "数字的小数点之后应为数字"},
	{"in exponent of numeric literal", "数字的指数部分无效"},
	{"in numeric literal", "数字格式无效"},
	{"in literal true", "应为 true"},
	{"in literal false", "应为 false"},
	{"in literal null", "应为 null"},
	{"exceeded max depth", "对象或数组嵌套层数过多"},
}

// translateSyntax turns encoding/json's syntax error text into Chinese,
// naming the offending character as it appears in data at off.
func translateSyntax(s string, data []byte, off int64) string {
	if strings.Contains(s, "unexpected end of JSON input") {
		return "内容在此意外结束，可能缺少“}”“]”或引号，文件可能不完整"
	}
	what := "格式不正确"
	for _, c := range syntaxContexts {
		if strings.Contains(s, c.en) {
			what = c.zh
			break
		}
	}
	if !strings.HasPrefix(s, "invalid character") || off >= int64(len(data)) {
		return what
	}
	r, _ := utf8.DecodeRune(data[off:])
	msg := fmt.Sprintf("出现无效字符%s，%s", showRune(r), what)
	if strings.ContainsRune("，：“”‘’｛｝［］　", r) {
		msg += "；这里可能误用了中文标点，JSON 的符号须用英文半角"
	}
	return msg
}

// showRune names a character for a message: printable ones in quotes,
// others by code point.
func showRune(r rune) string {
	if r == utf8.RuneError {
		return "（非 UTF-8 编码的字节，文件须以 UTF-8 保存）"
	}
	if unicode.IsPrint(r) && r != ' ' {
		return "“" + string(r) + "”"
	}
	return fmt.Sprintf("U+%04X", r)
}

// position turns a byte offset into a 1-based line and column, the column
// counted in characters, of the character starting at that offset.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	col = utf8.RuneCount(before[lineStart:]) + 1
	return line, col
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipSpace returns the offset of the first non-space byte at or after off.
func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) && isJSONSpace(data[off]) {
		off++
	}
	return off
}

// lastNonSpace returns the offset just after the last non-space byte.
func lastNonSpace(data []byte) int64 {
	return int64(len(bytes.TrimRight(data, " \t\r\n")))
}

// valueError is the first value in a document that does not fit its field.
type valueError struct {
	path   string
	offset int64
	msg    string
}

// locateValueError walks a syntactically valid document alongside the
// Filing type and returns the first value that cannot be stored in its
// field, with its path and position: encoding/json reports neither the
// list index of the field nor, for errors from an UnmarshalJSON method, the
// position.
func locateValueError(data []byte) (valueError, bool) {
	w := &walker{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	w.dec.UseNumber()
	w.value(reflect.TypeFor[Filing](), nil)
	return w.found, w.done && w.found.msg != ""
}

type walker struct {
	data  []byte
	dec   *json.Decoder
	found valueError
	// done is set once the walk stops, at the first bad value or a token
	// error.
	done bool
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// value reads one value whose Go type is t (nil when the key is unknown and
// the value is ignored).
func (w *walker) value(t reflect.Type, path []string) {
	if w.done {
		return
	}
	start := skipSpace(w.data, w.dec.InputOffset())
	for start < int64(len(w.data)) && (w.data[start] == ':' || w.data[start] == ',') {
		start = skipSpace(w.data, start+1)
	}
	tok, err := w.dec.Token()
	if err != nil {
		w.done = true
		return
	}
	for t != nil && t.Kind() == reflect.Pointer && !reflect.PointerTo(t).Implements(unmarshalerType) {
		t = t.Elem()
	}
	fail := func(msg string) {
		w.found = valueError{path: strings.Join(path, "."), offset: start, msg: describePath(path) + "：" + msg}
		w.done = true
	}
	switch tok {
	case json.Delim('{'):
		if t != nil && (t.Kind() != reflect.Struct || reflect.PointerTo(t).Implements(unmarshalerType)) {
			fail(fmt.Sprintf("应为%s，实际为对象", goKindName(t)))
			return
		}
		for w.dec.More() && !w.done {
			keyTok, err := w.dec.Token()
			if err != nil {
				w.done = true
				return
			}
			key, _ := keyTok.(string)
			w.value(fieldType(t, key), append(path, key))
		}
		if !w.done {
			w.dec.Token()
		}
	case json.Delim('['):
		if t != nil && t.Kind() != reflect.Slice {
			fail(fmt.Sprintf("应为%s，实际为数组", goKindName(t)))
			return
		}
		var elem reflect.Type
		if t != nil {
			elem = t.Elem()
		}
		for i := 0; w.dec.More() && !w.done; i++ {
			w.value(elem, append(path, strconv.Itoa(i)))
		}
		if !w.done {
			w.dec.Token()
		}
	default:
		if t == nil {
			return
		}
		raw, _ := json.Marshal(tok)
		if n, ok := tok.(json.Number); ok {
			raw = []byte(n)
		}
		err := json.Unmarshal(raw, reflect.New(t).Interface())
		var amt *AmountError
		var typ *json.UnmarshalTypeError
		switch {
		case err == nil:
		case errors.As(err, &amt):
			fail(amt.Error())
		case errors.As(err, &typ):
			fail(fmt.Sprintf("应为%s，实际为%s", goKindName(t), jsonKindName(tok)))
		default:
			fail("值无法读取")
		}
	}
}

// fieldType returns the type of the field of struct t whose JSON key is key,
// matching as encoding/json does (exact, then case-insensitive); nil when
// there is none.
func fieldType(t reflect.Type, key string) reflect.Type {
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var folded reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		if name == key {
			return f.Type
		}
		if folded == nil && strings.EqualFold(name, key) {
			folded = f.Type
		}
	}
	return folded
}

// goKindName names what a field holds, in Chinese.
func goKindName(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[Amount]():
		return "金额或分值（数字字符串，如“28.79”，留空为 null）"
	case t.Kind() == reflect.Pointer:
		return goKindName(t.Elem()) + "或 null"
	case t.Kind() == reflect.Int:
		return "整数"
	case t.Kind() == reflect.String:
		return "字符串"
	case t.Kind() == reflect.Slice:
		return "数组"
	}
	return "对象"
}

// jsonKindName describes a scalar token, in Chinese, with its value.
func jsonKindName(tok json.Token) string {
	switch v := tok.(type) {
	case string:
		r := []rune(v)
		if len(r) > 20 {
			v = string(r[:20]) + "…"
		}
		return "字符串“" + v + "”"
	case json.Number:
		return "数字 " + v.String()
	case bool:
		return fmt.Sprintf("布尔值 %t", v)
	case nil:
		return "null"
	}
	return "其他值"
}

// describePath names a JSON path for a message: the path itself and, when
// known, the field's Chinese name, e.g. "overall.indicators.3.weight（分值）".
func describePath(path []string) string {
	if len(path) == 0 {
		return "文档"
	}
	p := strings.Join(path, ".")
	if label := labelOf(path); label != "" {
		p += "（" + label + "）"
	}
	return p
}

// Encode writes f as an indented jixiao/filing@1 document.
func Encode(f *Filing) ([]byte, error) {
	g := *f
	g.Format = FormatID
	normalizeSlices(&g)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&g); err != nil {
		return nil, fmt.Errorf("encode filing: %w", err)
	}
	return buf.Bytes(), nil
}

// normalizeSlices writes empty lists as [] rather than null, and every
// indicator's target in both forms (see SyncTarget).
func normalizeSlices(f *Filing) {
	if f.Projects == nil {
		f.Projects = []Project{}
	}
	if f.BasicData.Buildings == nil {
		f.BasicData.Buildings = []Building{}
	}
	if f.BasicData.ProjectSpending.DistrictSpecial == nil {
		f.BasicData.ProjectSpending.DistrictSpecial = []NamedTriple{}
	}
	if f.BasicData.ProjectSpending.HigherTransfer == nil {
		f.BasicData.ProjectSpending.HigherTransfer = []NamedTriple{}
	}
	fixGoals := func(g *Goals) {
		if g.Expected == nil {
			g.Expected = []string{}
		}
		if g.Actual == nil {
			g.Actual = []string{}
		}
	}
	fixGoals(&f.Overall.Goals)
	if f.Overall.Indicators == nil {
		f.Overall.Indicators = []Indicator{}
	}
	f.Overall.Indicators = withSplitTargets(f.Overall.Indicators)
	if len(f.Projects) > 0 {
		projects := make([]Project, len(f.Projects))
		copy(projects, f.Projects)
		for i := range projects {
			fixGoals(&projects[i].Goals)
			if projects[i].Indicators == nil {
				projects[i].Indicators = []Indicator{}
			}
			projects[i].Indicators = withSplitTargets(projects[i].Indicators)
		}
		f.Projects = projects
	}
}

// NewFiling returns an empty filing for unit and year with the form's
// defaults (分值 10 for 执行率).
func NewFiling(unit string, year int) *Filing {
	return &Filing{
		Format:  FormatID,
		Year:    year,
		Unit:    unit,
		Overall: Overall{ExecutionWeight: Int(10)},
	}
}

// NewProject returns an empty 附件3 table with 分值 10 for 执行率.
func NewProject(name string) Project {
	return Project{Name: name, ExecutionWeight: Int(10)}
}

// Clone returns a deep copy of f.
func (f *Filing) Clone() *Filing {
	g := *f
	g.BasicData.ProjectSpending.DistrictSpecial = append([]NamedTriple(nil), f.BasicData.ProjectSpending.DistrictSpecial...)
	g.BasicData.ProjectSpending.HigherTransfer = append([]NamedTriple(nil), f.BasicData.ProjectSpending.HigherTransfer...)
	g.BasicData.Buildings = append([]Building(nil), f.BasicData.Buildings...)
	if f.BasicData.Sangong.Total != nil {
		t := *f.BasicData.Sangong.Total
		g.BasicData.Sangong.Total = &t
	}
	if f.BasicData.ProjectSpending.Total != nil {
		t := *f.BasicData.ProjectSpending.Total
		g.BasicData.ProjectSpending.Total = &t
	}
	if f.BasicData.Staffing.Authorized != nil {
		n := *f.BasicData.Staffing.Authorized
		g.BasicData.Staffing.Authorized = &n
	}
	if f.BasicData.Staffing.Actual != nil {
		n := *f.BasicData.Staffing.Actual
		g.BasicData.Staffing.Actual = &n
	}
	g.Overall.Goals = f.Overall.Goals.clone()
	g.Overall.Indicators = cloneIndicators(f.Overall.Indicators)
	g.Overall.Filed = f.Overall.Filed.clone()
	if f.Projects != nil {
		g.Projects = make([]Project, len(f.Projects))
		for i, p := range f.Projects {
			p.Filed = p.Filed.clone()
			p.Goals = p.Goals.clone()
			p.Indicators = cloneIndicators(p.Indicators)
			p.Funds.Sources = append([]FundSource(nil), p.Funds.Sources...)
			g.Projects[i] = p
		}
	}
	return &g
}

// cloneIndicators copies rows, each 复核分 with its row.
func cloneIndicators(rows []Indicator) []Indicator {
	out := append([]Indicator(nil), rows...)
	for i := range out {
		if r := out[i].ReviewScore; r != nil {
			v := *r
			out[i].ReviewScore = &v
		}
	}
	return out
}

func (g Goals) clone() Goals {
	return Goals{Expected: append([]string(nil), g.Expected...), Actual: append([]string(nil), g.Actual...)}
}

// CarryForward starts next year's filing from f: 上年决算数 takes this year's
// 本年决算数; indicators and goals are copied with 实际完成值, 得分, 复核分 and
// 偏差原因 cleared; the report text is kept as a draft to edit; the sign-off date and
// the filed figures (Filed) are cleared.
func CarryForward(f *Filing) *Filing {
	g := f.Clone()
	g.decodeFindings = nil
	g.Year = f.Year + 1
	g.Signoff.Date = ""
	shift := func(t *Triple) {
		*t = Triple{PriorFinal: t.Final}
	}
	b := &g.BasicData
	for _, t := range []*Triple{
		&b.Sangong.VehiclePurchase, &b.Sangong.VehicleOperation, &b.Sangong.Overseas, &b.Sangong.Reception,
		&b.ProjectSpending.Business, &b.ProjectSpending.Operation,
		&b.PublicSpending.Total, &b.PublicSpending.Office, &b.PublicSpending.UtilitiesTravel, &b.PublicSpending.MeetingsTraining,
		&b.Procurement, &b.BasicBudgetAdjustment,
	} {
		shift(t)
	}
	b.Sangong.Total, b.ProjectSpending.Total = nil, nil
	for i := range b.ProjectSpending.DistrictSpecial {
		r := &b.ProjectSpending.DistrictSpecial[i]
		*r = NamedTriple{Name: r.Name, PriorFinal: r.Final}
	}
	for i := range b.ProjectSpending.HigherTransfer {
		r := &b.ProjectSpending.HigherTransfer[i]
		*r = NamedTriple{Name: r.Name, PriorFinal: r.Final}
	}
	b.Buildings = nil
	g.Overall.Funds = Funds{}
	g.Overall.Income = Income{}
	g.Overall.Expenditure = Expenditure{}
	g.Overall.Goals.Actual = nil
	g.Overall.Filed = nil
	clearIndicators(g.Overall.Indicators)
	for i := range g.Projects {
		p := &g.Projects[i]
		p.Filed = nil
		sources := make([]FundSource, len(p.Funds.Sources))
		for k, src := range p.Funds.Sources {
			sources[k] = FundSource{Name: src.Name}
		}
		p.Funds = ProjectFunds{}
		if len(sources) > 0 {
			p.Funds.Sources = sources
		}
		p.Goals.Actual = nil
		clearIndicators(p.Indicators)
	}
	r := &g.Report
	r.GeneralBudgetSpending = GeneralBudgetSpending{}
	r.GovernmentFundSpending, r.StateCapitalSpending, r.SocialInsuranceSpending = Blank, Blank, Blank
	return g
}

func clearIndicators(rows []Indicator) {
	for i := range rows {
		rows[i].Actual = ""
		rows[i].Score = Blank
		rows[i].ReviewScore = nil
		rows[i].Deviation = ""
		rows[i].Band = ""
	}
}

// ParseDate accepts the ways filers write 填报日期 (2025-07-11, 2025.07.11,
// 2025/7/11, 2025年7月11日) and returns it as YYYY-MM-DD.
func ParseDate(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", nil
	}
	r := strings.NewReplacer("年", "-", "月", "-", "日", "", ".", "-", "/", "-", "．", "-")
	norm := r.Replace(normalizeNumberText(t))
	parts := strings.Split(norm, "-")
	if len(parts) != 3 {
		return "", fmt.Errorf("“%s”不是有效日期，请写成 2025-07-11 的形式", s)
	}
	for i, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" || (i == 0 && len(p) != 4) || (i > 0 && len(p) > 2) {
			return "", fmt.Errorf("“%s”不是有效日期，请写成 2025-07-11 的形式", s)
		}
		if i > 0 && len(p) == 1 {
			parts[i] = "0" + p
		}
	}
	iso := strings.Join(parts, "-")
	d, err := time.Parse("2006-01-02", iso)
	if err != nil {
		y, _ := strconv.Atoi(parts[0])
		m, _ := strconv.Atoi(parts[1])
		day, _ := strconv.Atoi(parts[2])
		switch {
		case m < 1 || m > 12:
			return "", fmt.Errorf("“%s”不是存在的日期：月份应为1至12", s)
		case day < 1:
			return "", fmt.Errorf("“%s”不是存在的日期：日应从1开始", s)
		default:
			days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			return "", fmt.Errorf("“%s”不是存在的日期：%d年%d月只有%d天", s, y, m, days)
		}
	}
	if d.Year() < 1990 || d.Year() > 2200 {
		return "", fmt.Errorf("“%s”的年份不合理", s)
	}
	return iso, nil
}
