package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// DecodeError is a jixiao/filing@1 document that cannot be read. Line and
// Column (1-based) are set when the position is known.
type DecodeError struct {
	Line, Column int
	Msg          string
	Err          error
}

func (e *DecodeError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("第%d行第%d列：%s", e.Line, e.Column, e.Msg)
	}
	return e.Msg
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Decode reads a jixiao/filing@1 document. Keys it does not know are ignored
// so that documents from newer versions, which only add optional keys, load.
func Decode(data []byte) (*Filing, error) {
	var f Filing
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		return nil, describeJSONError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := position(data, dec.InputOffset())
		return nil, &DecodeError{Line: line, Column: col, Msg: "文档结束后还有多余内容"}
	}
	if f.Format == "" {
		return nil, &DecodeError{Msg: fmt.Sprintf("缺少 \"format\" 键，应为 %q", FormatID)}
	}
	if f.Format != FormatID {
		return nil, &DecodeError{Msg: fmt.Sprintf("不支持的格式 %q，本程序读取 %q", f.Format, FormatID)}
	}
	return &f, nil
}

func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var amt *AmountError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return &DecodeError{Line: line, Column: col, Msg: "JSON 语法错误：" + translateSyntax(syn.Error()), Err: err}
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		field := typ.Field
		if field == "" {
			field = "文档"
		}
		return &DecodeError{Line: line, Column: col, Msg: fmt.Sprintf("“%s”的值类型不对：应为%s，实际为 JSON %s", field, goTypeName(typ.Type.String()), typ.Value), Err: err}
	case errors.As(err, &amt):
		return &DecodeError{Msg: amt.Error(), Err: err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &DecodeError{Msg: "文件为空或内容不完整", Err: err}
	}
	return &DecodeError{Msg: err.Error(), Err: err}
}

func translateSyntax(s string) string {
	switch {
	case strings.Contains(s, "unexpected end of JSON input"):
		return "内容意外结束"
	case strings.HasPrefix(s, "invalid character"):
		return "出现无效字符" + strings.TrimPrefix(s, "invalid character")
	}
	return s
}

func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), t == "*int":
		return "整数"
	case t == "string":
		return "字符串"
	case strings.HasPrefix(t, "[]"):
		return "数组"
	}
	return "对象"
}

// position turns a byte offset into a 1-based line and column (in runes).
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	col = len([]rune(string(before[lineStart:]))) + 1
	if col > 1 {
		col-- // the offset is just past the offending byte
	}
	return line, col
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

// normalizeSlices writes empty lists as [] rather than null.
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
	if len(f.Projects) > 0 {
		projects := make([]Project, len(f.Projects))
		copy(projects, f.Projects)
		for i := range projects {
			fixGoals(&projects[i].Goals)
			if projects[i].Indicators == nil {
				projects[i].Indicators = []Indicator{}
			}
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
	g.Overall.Indicators = append([]Indicator(nil), f.Overall.Indicators...)
	if f.Projects != nil {
		g.Projects = make([]Project, len(f.Projects))
		for i, p := range f.Projects {
			p.Goals = p.Goals.clone()
			p.Indicators = append([]Indicator(nil), p.Indicators...)
			g.Projects[i] = p
		}
	}
	return &g
}

func (g Goals) clone() Goals {
	return Goals{Expected: append([]string(nil), g.Expected...), Actual: append([]string(nil), g.Actual...)}
}

// CarryForward starts next year's filing from f: 上年决算数 takes this year's
// 本年决算数; indicators and goals are copied with 实际完成值, 得分 and 偏差原因
// cleared; the report text is kept as a draft to edit; the sign-off date is
// cleared.
func CarryForward(f *Filing) *Filing {
	g := f.Clone()
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
	clearIndicators(g.Overall.Indicators)
	for i := range g.Projects {
		p := &g.Projects[i]
		p.Funds = ProjectFunds{}
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
		if p == "" || (i > 0 && len(p) > 2) {
			return "", fmt.Errorf("“%s”不是有效日期，请写成 2025-07-11 的形式", s)
		}
		if i > 0 && len(p) == 1 {
			parts[i] = "0" + p
		}
	}
	iso := strings.Join(parts, "-")
	d, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return "", fmt.Errorf("“%s”不是存在的日期", s)
	}
	if d.Year() < 1990 || d.Year() > 2200 {
		return "", fmt.Errorf("“%s”的年份不合理", s)
	}
	return iso, nil
}
