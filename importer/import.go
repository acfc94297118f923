package importer

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"jixiao/domain"
)

// Extensions are the file name endings Import reads.
var Extensions = []string{".docx", ".xlsx"}

// Handles reports whether name ends in one of Extensions (case ignored).
func Handles(name string) bool {
	ext := strings.ToLower(filepath.Ext(strings.TrimSpace(name)))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// ErrNotFiling is matched (errors.Is) by the error for a document in which
// no form of the filing was found.
var ErrNotFiling = errors.New("文档中没有找到绩效自评表")

// Import reads data, the content of the file called name, as a Word or
// Excel filing by its extension.
func Import(name string, data []byte) (*domain.Filing, *Report, error) {
	switch strings.ToLower(filepath.Ext(strings.TrimSpace(name))) {
	case ".docx":
		return Docx(data)
	case ".xlsx":
		return XLSX(data)
	}
	return nil, nil, fmt.Errorf("不支持的文件类型“%s”：只能导入 .docx 和 .xlsx", filepath.Ext(name))
}

// Docx reads a Word document.
func Docx(data []byte) (*domain.Filing, *Report, error) {
	items, err := readDocx(data)
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{Source: "docx"}
	return build(items, rep, readExact(data, rep))
}

// XLSX reads an Excel workbook.
func XLSX(data []byte) (*domain.Filing, *Report, error) {
	items, _, err := readXLSX(data)
	if err != nil {
		return nil, nil, err
	}
	return build(items, &Report{Source: "xlsx"}, nil)
}

// Kinds of forms.
type formKind int

const (
	formBasic formKind = iota + 1
	formOverall
	formProject
	formReport
	formBudget
)

var yearRe = regexp.MustCompile(`(\d{4})\s*年度?`)

// listRe starts a line of a list (the attachments named at the end of 附件4).
var listRe = regexp.MustCompile(`^\s*\d+\s*[、.．]`)

// anchor says whether text is the title of a form.
func anchor(text string) (formKind, bool) {
	t := norm(text)
	if t == "" || len([]rune(t)) > 80 || listRe.MatchString(text) || strings.HasPrefix(t, "附件:") {
		return 0, false
	}
	switch {
	case strings.Contains(t, "基础数据表"):
		return formBasic, true
	case strings.Contains(t, "整体支出绩效自评表"):
		return formOverall, true
	case strings.Contains(t, "自评报告") && !strings.Contains(t, "附件"):
		return formReport, true
	case strings.Contains(t, "预算支出情况表"):
		return formBudget, true
	case strings.Contains(t, "项目支出绩效自评表"), strings.Contains(t, "目标自评表"),
		strings.Contains(t, "项目") && strings.HasSuffix(t, "自评表"):
		return formProject, true
	}
	return 0, false
}

// segment is a form's title and the items up to the next title.
type segment struct {
	kind  formKind
	title string
	year  int
	where string
	items []item
}

// attachRe is an attachment label line such as 附件2 or 附件3-1.
var attachRe = regexp.MustCompile(`^附件\s*\d+(?:\s*[-－—]\s*\d+)?(?:\s*附表\d+)?$`)

func split(items []item, rep *Report) []segment {
	var segs []segment
	var cur *segment
	prev := ""
	strays := map[string]bool{}
	for i := 0; i < len(items); i++ {
		it := items[i]
		if it.sheet {
			cur = nil
			prev = ""
			continue
		}
		if t, ok := it.single(); ok {
			if k, ok := anchor(t); ok {
				title := t
				y := yearOf(t)
				if y == 0 && k == formReport && yearOf(prev) != 0 {
					// The report's title may run over two paragraphs:
					// 2024年度…办事处 / 单位整体支出绩效自评报告.
					y, title = yearOf(prev), prev+t
					if cur != nil && len(cur.items) > 0 {
						if last, ok := cur.items[len(cur.items)-1].single(); ok && last == prev {
							cur.items = cur.items[:len(cur.items)-1]
						}
					}
				}
				if y == 0 && i+1 < len(items) {
					// Or the year is the next line: 项目支出绩效自评表 / （2023年度）.
					if next, ok := items[i+1].single(); ok && yearLineRe.MatchString(norm(next)) {
						y, title = yearOf(next), t+next
						i++
					}
				}
				if y != 0 {
					segs = append(segs, segment{kind: k, title: joinLines(title), year: y, where: it.where})
					cur = &segs[len(segs)-1]
					prev = t
					continue
				}
				// A title names its year; without one this is a mention of
				// the form in running text.
			}
			prev = t
		}
		if cur == nil {
			if t := it.text(); t != "" && !attachRe.MatchString(norm(t)) {
				if w := sheetOf(it.where); w != "" && !strays[w] {
					strays[w] = true
					rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s不是绩效自评表，未读取", w))
				}
			}
			continue
		}
		cur.items = append(cur.items, it)
	}
	return segs
}

// yearLineRe is a line holding only the year: （2023年度）.
var yearLineRe = regexp.MustCompile(`^\(?\d{4}年度?\)?$`)

// sheetOf is the sheet part of a workbook item's place, e.g. 工作表“评分汇总”.
func sheetOf(where string) string {
	if i := strings.Index(where, "”"); strings.HasPrefix(where, "工作表“") && i > 0 {
		return where[:i+len("”")]
	}
	return ""
}

func yearOf(s string) int {
	m := yearRe.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	y, _ := strconv.Atoi(m[1])
	if y < 1990 || y > 2200 {
		return 0
	}
	return y
}

// build maps the items to a filing; kept are the exact figures a Word
// export keeps (nil for none).
func build(items []item, rep *Report, kept []keptFigure) (*domain.Filing, *Report, error) {
	segs := split(items, rep)
	if len(segs) == 0 {
		return nil, rep, fmt.Errorf("%w：没有找到“基础数据表”“整体支出绩效自评表”“项目支出绩效自评表”或“自评报告”的标题", ErrNotFiling)
	}
	b := &builder{rep: rep, f: domain.NewFiling("", 0)}
	for _, s := range segs {
		if b.f.Year == 0 && s.year != 0 {
			b.f.Year = s.year
		}
	}
	var report []segment
	forms := map[formKind]int{}
	for _, s := range segs {
		forms[s.kind]++
		if n := forms[s.kind]; n > 1 && (s.kind == formBasic || s.kind == formOverall) {
			rep.problem("文档", "", "", fmt.Sprintf("文档中第%d次出现“%s”（%s），只读取第一张", n, s.title, s.where))
			continue
		}
		switch s.kind {
		case formBasic:
			b.basic(s)
		case formOverall:
			b.overall(s)
		case formProject:
			b.project(s)
		case formReport:
			report = append(report, s)
		}
	}
	if len(report) > 0 {
		b.report(report)
	}
	for _, s := range segs {
		if s.kind == formBudget {
			b.budget(s)
		}
	}
	f := b.f
	applyExact(f, kept, rep)
	if b.pendingTotals != nil {
		b.pendingTotals()
	}
	if forms[formBasic] == 0 && forms[formOverall] == 0 && forms[formReport] == 0 {
		f.Scope = domain.ScopeProjects
		f.Overall.ExecutionWeight = domain.Blank
		rep.Skipped = append(rep.Skipped, "文档只有项目支出绩效自评表，导入为“"+domain.ScopeProjectsName+"”")
	} else {
		for _, m := range []struct {
			k    formKind
			name string
		}{{formBasic, "附件1 基础数据表"}, {formOverall, "附件2 整体支出绩效自评表"}, {formReport, "附件4 自评报告"}} {
			if forms[m.k] == 0 {
				rep.problem("文档", "", "", "没有找到"+m.name+"，相应内容为空")
			}
		}
	}
	if f.Unit == "" {
		for _, p := range f.Projects {
			if p.Implementer != "" {
				f.Unit = p.Implementer
				rep.reinterpret("文档", "", "", "没有“预算单位名称”，单位名称取自附件3的实施单位“"+p.Implementer+"”")
				break
			}
		}
	}
	if f.Unit == "" {
		rep.problem("文档", "", "", "没有找到预算单位名称")
	}
	if f.Year == 0 {
		rep.problem("文档", "", "", "标题中没有年度（如“2024年度”），年度为空")
	}
	return f, rep, nil
}

// builder collects the filing as the forms are read.
type builder struct {
	f   *domain.Filing
	rep *Report
	// projectNo counts the 附件3 tables met, for their names in the report.
	projectNo int
	// pendingTotals compares the 附件1 totals with their rows, after the
	// exact figures are in.
	pendingTotals func()
}

// setUnit records the unit's name as a form gives it.
func (b *builder) setUnit(name, table string) {
	name = joinLines(name)
	if name == "" {
		return
	}
	if b.f.Unit == "" {
		b.f.Unit = name
		return
	}
	if name != b.f.Unit {
		b.rep.problem(table, "预算单位名称", "", fmt.Sprintf("单位名称“%s”与前表的“%s”不同，保留“%s”", name, b.f.Unit, b.f.Unit))
	}
}

// signoffKeys are the four parts of the line under a form, in order.
var signoffKeys = []string{"填表人", "联系电话", "单位负责人", "填报日期"}

// signoff reads 填表人：… 联系电话：… 单位负责人：… 填报日期：….
func (b *builder) signoff(text, table string) {
	t := strings.ReplaceAll(text, "\n", " ")
	type at struct{ key, start int }
	var found []at
	for k, name := range signoffKeys {
		if i := strings.Index(t, name); i >= 0 {
			found = append(found, at{k, i})
		}
	}
	if len(found) == 0 {
		return
	}
	vals := map[int]string{}
	for i, a := range found {
		end := len(t)
		for _, o := range found {
			if o.start > a.start && o.start < end {
				end = o.start
			}
		}
		v := t[a.start+len(signoffKeys[a.key]) : end]
		v = strings.TrimLeft(v, ":： ")
		vals[found[i].key] = strings.Trim(v, " \u3000\t")
	}
	s := &b.f.Signoff
	set := func(dst *string, v, what string) {
		if v == "" {
			return
		}
		if *dst != "" && *dst != v {
			b.rep.problem(table, "填表人", what, fmt.Sprintf("%s“%s”与前表的“%s”不同，保留“%s”", what, v, *dst, *dst))
			return
		}
		*dst = v
	}
	set(&s.FilledBy, vals[0], "填表人")
	set(&s.Phone, vals[1], "联系电话")
	set(&s.UnitHead, vals[2], "单位负责人")
	if d := vals[3]; strings.Trim(d, "年月日 \u3000") != "" {
		iso, err := domain.ParseDate(d)
		if err != nil {
			b.rep.problem(table, "填表人", "填报日期", err.Error())
			return
		}
		if iso != d && s.Date == "" {
			b.rep.reinterpret(table, "填表人", "填报日期", fmt.Sprintf("“%s”读作%s", d, iso))
		}
		set(&s.Date, iso, "填报日期")
	}
}

// line handles the lines every form may have under or above it; it
// reports whether text was one of them.
func (b *builder) line(text, table string, yuan *bool) bool {
	t := norm(text)
	switch {
	case strings.Contains(t, "填表人") || strings.Contains(t, "单位负责人"):
		b.signoff(text, table)
		return true
	case strings.HasPrefix(t, "说明:"), strings.HasPrefix(t, "备注:"), strings.HasPrefix(t, "注:"), attachRe.MatchString(t):
		return true
	case strings.Contains(t, "单位:元"), strings.Contains(t, "单位:元)"), strings.Contains(t, "金额单位:元"):
		if yuan != nil {
			*yuan = true
			b.rep.reinterpret(table, "", "", "表上注明“单位：元”：金额除以10000换算为万元")
		}
		return true
	case strings.Contains(t, "单位:万元"), strings.Contains(t, "未填报项目支出绩效自评表"), strings.Contains(t, "尚未填写任何项目支出绩效自评表"):
		return true
	}
	return false
}

// budget reads one of 附件4's expenditure tables (政府性基金预算支出情况表 …):
// its figure fills the report's when the report gives none.
func (b *builder) budget(s segment) {
	r := &b.f.Report
	tr := TableReport{Name: joinLines(s.title), Title: s.title, Where: s.where}
	for _, it := range s.items {
		if t, ok := it.single(); ok && b.line(t, tr.Name, nil) {
			continue
		}
		cs := it.filled()
		if len(cs) < 2 {
			continue
		}
		lab := key(cs[0].text)
		var dst *domain.Amount
		switch {
		case strings.Contains(lab, "政府性基金预算支出"):
			dst = &r.GovernmentFundSpending
		case strings.Contains(lab, "国有资本经营预算支出"):
			dst = &r.StateCapitalSpending
		case strings.Contains(lab, "社会保险基金预算支出"):
			dst = &r.SocialInsuranceSpending
		case lab == "项目":
			continue
		default:
			b.rep.unplaced(tr.Name, joinLines(cs[0].text), "", it.text(), it.where)
			continue
		}
		a := b.amount(cs[1].text, false, tr.Name, lab, "")
		switch {
		case !dst.IsSet():
			*dst = a
		case a.IsSet() && !agrees(a, *dst):
			b.rep.problem(tr.Name, lab, "", fmt.Sprintf("表中金额%s与附件4正文的%s不同，保留正文的金额", a.Text(), dst.Text()))
		}
		tr.Rows = append(tr.Rows, joinLines(cs[0].text))
	}
	b.rep.Tables = append(b.rep.Tables, tr)
}
