package importer

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao/domain"
)

// table is what 附件2 and 附件3 share, read from one form.
type table struct {
	name       string // 项目支出名称
	dept, impl string
	unit       string
	funds      domain.ProjectFunds
	// parts are the table's 其中 rows in document order, official or not.
	parts []domain.FundSource
	// ownSources are the rows jixiao's export labels “资金来源：名称”,
	// printed below the official 其中 rows or in their place.
	ownSources []domain.FundSource
	weight     domain.Amount
	filed      domain.Filed
	income     domain.Income
	spend      domain.Expenditure
	goals      domain.Goals
	rows       []domain.Indicator
	// placeholders counts the blank template rows skipped.
	placeholders int
	report       TableReport
}

// fundKey maps a funds header label to its field.
func fundKey(l string) string {
	switch {
	case strings.Contains(l, "年初预算"):
		return "initial"
	case strings.Contains(l, "全年预算"), strings.Contains(l, "调整后预算"), l == "预算数":
		return "budget"
	case strings.Contains(l, "执行数"), strings.Contains(l, "实际支出"):
		return "exec"
	case l == "分值", l == "权重":
		return "weight"
	case strings.Contains(l, "执行率"):
		return "rate"
	case strings.Contains(l, "得分"):
		return "score"
	}
	return ""
}

// indicatorKey maps a 绩效指标 header label to its field.
func indicatorKey(l string) string {
	switch {
	case l == "一级指标":
		return "level1"
	case l == "二级指标":
		return "level2"
	case l == "三级指标":
		return "name"
	case strings.Contains(l, "指标方向"):
		return "direction"
	case strings.Contains(l, "指标性质"):
		return "comparator"
	case strings.Contains(l, "度量单位"), l == "计量单位":
		return "unit"
	case strings.Contains(l, "指标值") && !strings.Contains(l, "完成"):
		return "target"
	case strings.Contains(l, "完成值"), strings.Contains(l, "实际值"):
		return "actual"
	case l == "分值", l == "权重":
		return "weight"
	case strings.Contains(l, "复核"):
		return "review"
	case strings.Contains(l, "得分"):
		return "score"
	case strings.Contains(l, "偏差原因"), strings.Contains(l, "改进措施"):
		return "deviation"
	}
	return ""
}

// filedNoteRe reads the notes jixiao prints under a form whose filed
// figures differ from the computed ones.
var filedNoteRe = regexp.MustCompile(`^注：填报(?:的|了)(.+?)为(.+?)，`)

// readTable reads the rows of a 附件2 or 附件3 form.
func (b *builder) readTable(s segment, tname string, project bool) *table {
	t := &table{report: TableReport{Title: s.title, Where: s.where}}
	var funds, goals, ind columns
	yuan := false
	section := ""
	last1, last2 := "", ""
	for _, it := range s.items {
		if txt, ok := it.single(); ok {
			if m := filedNoteRe.FindStringSubmatch(txt); m != nil {
				b.filedNote(t, tname, m[1], m[2])
				continue
			}
			if b.line(txt, tname, &yuan) {
				continue
			}
		}
		if txt := it.text(); strings.Contains(txt, "填表人") && strings.Contains(txt, "联系电话") {
			// The sign-off written into a table row.
			b.signoff(txt, tname)
			continue
		}
		lc, ok := firstLabel(it)
		if !ok {
			continue
		}
		lab := key(lc.text)
		rowLabel := joinLines(lc.text)
		after := func(c cell) []cell {
			var out []cell
			for _, d := range it.cells {
				if d.col > c.col && !d.cont {
					out = append(out, d)
				}
			}
			return out
		}
		// Rows found by their labels, wherever they are.
		switch {
		case lab == "预算单位名称":
			t.unit = joinLines(cellsText(after(lc)))
			t.report.Rows = append(t.report.Rows, rowLabel)
			continue
		case lab == "项目支出名称" || lab == "项目名称":
			t.name = joinLines(cellsText(after(lc)))
			t.report.Rows = append(t.report.Rows, rowLabel)
			continue
		case lab == "主管部门" || lab == "实施单位":
			b.deptRow(t, it)
			t.report.Rows = append(t.report.Rows, rowLabel)
			continue
		}
		if hc := headerColumns(it, fundKey); len(hc) >= 3 && (hc.has("initial") || hc.has("budget") && hc.has("exec")) {
			funds, section = hc, "funds"
			if lc, ok := firstLabel(it); ok && strings.Contains(norm(lc.text), "(元)") {
				yuan = true
				b.rep.reinterpret(tname, rowLabel, "", "表头注明“(元)”：金额除以10000换算为万元")
			}
			t.report.Rows = append(t.report.Rows, "资金表头")
			continue
		}
		if hc := headerColumns(it, indicatorKey); len(hc) >= 3 && hc.has("name") && (hc.has("weight") || hc.has("target") || hc.has("actual")) {
			ind, section = hc, "indicators"
			t.report.Rows = append(t.report.Rows, "绩效指标表头")
			continue
		}
		if hc := headerColumns(it, func(l string) string {
			switch {
			case l == "预期目标", l == "年度目标":
				return "expected"
			case strings.Contains(l, "实际完成情况"), strings.Contains(l, "目标完成情况"):
				return "actual"
			}
			return ""
		}); hc.has("expected") {
			goals, section = hc, "goals"
			t.report.Rows = append(t.report.Rows, "年度总体目标表头")
			continue
		}
		if strings.Contains(lab, "按收入性质分") || strings.Contains(lab, "按支出性质分") {
			section = "income"
			t.report.Rows = append(t.report.Rows, rowLabel)
			continue
		}
		switch section {
		case "funds":
			b.fundsRow(t, it, funds, yuan, tname, project)
		case "income":
			b.incomeRow(t, it, yuan, tname)
		case "goals":
			for _, c := range it.cells {
				if c.cont || strings.TrimSpace(c.text) == "" {
					continue
				}
				k, ok := goals.of(c)
				if !ok {
					if !strings.Contains(norm(c.text), "总体目标") {
						b.rep.unplaced(tname, "年度总体目标", "", c.text, it.where)
					}
					continue
				}
				lines := goalLines(c.text)
				if k.key == "expected" {
					t.goals.Expected = append(t.goals.Expected, lines...)
				} else {
					t.goals.Actual = append(t.goals.Actual, lines...)
				}
			}
			t.report.Rows = append(t.report.Rows, "年度总体目标")
			section = ""
		case "indicators":
			if b.totalRow(t, it, ind, tname) {
				section = "after"
				continue
			}
			b.indicatorRow(t, it, ind, tname, &last1, &last2)
		case "after":
			b.afterRow(t, it, tname)
		default:
			b.unplacedRow(tname, rowLabel, it, nil)
		}
	}
	if t.placeholders > 0 {
		b.rep.Skipped = append(b.rep.Skipped, fmt.Sprintf("%s：跳过%d个空白模板行（无三级指标、指标值和分值）", tname, t.placeholders))
	}
	return t
}

// deptRow reads 主管部门 and 实施单位, each followed by its value.
func (b *builder) deptRow(t *table, it item) {
	cs := it.filled()
	for i := 0; i < len(cs); i++ {
		lab := key(cs[i].text)
		if lab != "主管部门" && lab != "实施单位" {
			continue
		}
		v := ""
		if i+1 < len(cs) && key(cs[i+1].text) != "主管部门" && key(cs[i+1].text) != "实施单位" {
			v = joinLines(cs[i+1].text)
			i++
		}
		if v == "/" {
			v = ""
		}
		if lab == "主管部门" {
			t.dept = v
		} else {
			t.impl = v
		}
	}
}

// fundsRow reads a 年度资金总额 or 其中 row.
func (b *builder) fundsRow(t *table, it item, cs columns, yuan bool, tname string, project bool) {
	// The label is the text left of the figures.
	lab, rowLabel := "", ""
	for _, c := range it.cells {
		if _, ok := cs.of(c); ok || c.cont || strings.TrimSpace(c.text) == "" {
			continue
		}
		if c.col < cs.min() {
			lab, rowLabel = key(c.text), joinLines(c.text)
		}
	}
	var fu domain.Funds
	var weight, rate, score domain.Amount
	rateText := ""
	for _, c := range it.cells {
		k, ok := cs.of(c)
		if !ok || c.cont || strings.TrimSpace(c.text) == "" {
			if !ok && !c.cont && strings.TrimSpace(c.text) != "" && c.col >= cs.min() {
				b.rep.unplaced(tname, rowLabel, "", c.text, it.where)
			}
			continue
		}
		switch k.key {
		case "initial":
			fu.InitialBudget = b.amount(c.text, yuan || k.yuan, tname, rowLabel, k.label)
		case "budget":
			fu.FullYearBudget = b.amount(c.text, yuan || k.yuan, tname, rowLabel, k.label)
		case "exec":
			fu.Executed = b.amount(c.text, yuan || k.yuan, tname, rowLabel, k.label)
		case "weight":
			weight = b.amount(c.text, false, tname, rowLabel, k.label)
		case "rate":
			rateText = c.text
			rate = b.amount(strings.TrimSuffix(strings.TrimSpace(foldDigits(c.text)), "%"), false, tname, rowLabel, k.label)
		case "score":
			score = b.amount(c.text, false, tname, rowLabel, k.label)
		}
	}
	switch {
	case strings.Contains(lab, "资金总额") || lab == "合计" || lab == "预算执行情况":
		t.funds.Total = fu
		if weight.IsSet() {
			t.weight = weight
		}
		if rateText != "" && !strings.Contains(rateText, "%") && rate.IsSet() {
			b.rep.reinterpret(tname, rowLabel, "执行率", fmt.Sprintf("“%s”没有百分号，读作%s%%", rateText, rate.Text()))
		}
		t.filed.ExecutionRate, t.filed.ExecutionScore = rate, score
	case lab == "当年财政拨款" || lab == "本年财政拨款" || lab == "财政拨款" || lab == "财政资金":
		t.funds.CurrentYear = fu
		t.addPart(rowLabel, fu)
	case strings.HasPrefix(lab, "上年结转"):
		t.funds.Carryover = fu
		t.addPart(rowLabel, fu)
	case lab == "其他资金":
		t.funds.Other = fu
		t.addPart(rowLabel, fu)
	case lab == "" && fu == (domain.Funds{}):
		return
	case project && sourceName(rowLabel) != "":
		t.ownSources = append(t.ownSources, domain.FundSource{Name: sourceName(rowLabel), InitialBudget: fu.InitialBudget, FullYearBudget: fu.FullYearBudget, Executed: fu.Executed})
	case project:
		t.funds.Sources = append(t.funds.Sources, domain.FundSource{Name: rowLabel, InitialBudget: fu.InitialBudget, FullYearBudget: fu.FullYearBudget, Executed: fu.Executed})
		t.addPart(rowLabel, fu)
		b.rep.reinterpret(tname, rowLabel, "", "不是官方表样的“其中”行：本表的“其中”各行都作为资金来源导入")
	default:
		b.unplacedRow(tname, rowLabel, it, cs)
		return
	}
	t.report.Rows = append(t.report.Rows, rowLabel)
}

// incomeLabels are the 按收入性质分 and 按支出性质分 lines.
var incomeLabels = []struct{ match, key string }{
	{"一般公共预算", "general"}, {"政府性基金", "fund"}, {"非税收入", "nontax"}, {"其他资金", "other"},
	{"基本支出", "basic"}, {"项目支出", "project"},
}

// incomeRow reads one line of 按收入性质分 / 按支出性质分: each label is
// followed by its figure, in the same cell after a colon or in the next.
func (b *builder) incomeRow(t *table, it item, yuan bool, tname string) {
	cs := it.filled()
	for i := 0; i < len(cs); i++ {
		text := cs[i].text
		lk := ""
		for _, l := range incomeLabels {
			if strings.Contains(norm(text), l.match) {
				lk = l.key
				break
			}
		}
		if lk == "" {
			b.rep.unplaced(tname, "按收入性质分/按支出性质分", "", text, it.where)
			continue
		}
		label := joinLines(text)
		val := ""
		if j := strings.LastIndexAny(text, ":："); j >= 0 {
			if v := strings.TrimSpace(text[j+len(string([]rune(text[j:])[0])):]); v != "" && readFigure(v, false).problem == "" {
				val, label = v, strings.TrimSpace(text[:j])
			}
		}
		if val == "" && i+1 < len(cs) && readFigure(cs[i+1].text, false).problem == "" {
			val = cs[i+1].text
			i++
		} else if val != "" {
			b.rep.reinterpret(tname, key(label), "", fmt.Sprintf("金额写在标签单元格中（“%s”），读作%s", short(joinLines(text)), val))
		}
		a := b.amount(val, yuan, tname, key(label), "")
		switch lk {
		case "general":
			t.income.GeneralBudget = a
		case "fund":
			t.income.GovernmentFund = a
		case "nontax":
			t.income.SpecialAccountNontax = a
		case "other":
			t.income.Other = a
		case "basic":
			t.spend.Basic = a
		case "project":
			t.spend.Project = a
		}
		t.report.Rows = append(t.report.Rows, key(label))
	}
}

var goalNumRe = regexp.MustCompile(`^\s*\d+\s*[、.．]\s*`)

// goalLines splits a 年度总体目标 cell into its numbered lines.
func goalLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(goalNumRe.ReplaceAllString(l, ""))
		if l != "" && !placeholders[l] {
			out = append(out, l)
		}
	}
	return out
}

// totalRow reads the 总分 row: a row whose label says 总分 or 合计, or whose
// first cell runs across the 三级指标 and 年度指标值 columns (the sample's
// 总分 cell is a picture).
func (b *builder) totalRow(t *table, it item, cs columns, tname string) bool {
	isTotal := false
	img := false
	for _, c := range it.cells {
		if c.cont {
			continue
		}
		if n := norm(c.text); n == "总分" || n == "合计" || n == "总计" {
			isTotal = true
		}
		if c.image {
			img = true
		}
		// One cell across the 三级指标 and 年度指标值 columns.
		end := c.col + c.span
		for _, n := range cs {
			if n.key != "name" || c.col > n.start || end <= n.start {
				continue
			}
			for _, o := range cs {
				if (o.key == "target" || o.key == "actual" || o.key == "comparator") && o.start < end && o.start > n.start {
					isTotal = true
				}
			}
		}
	}
	if !isTotal {
		return false
	}
	if img {
		b.rep.reinterpret(tname, "总分", "", "总分行的标签是图片，按其位置（跨三级指标至实际完成值各列）识别为总分行")
	}
	for _, c := range it.cells {
		k, ok := cs.of(c)
		if !ok || c.cont || strings.TrimSpace(c.text) == "" {
			continue
		}
		switch k.key {
		case "score":
			t.filed.Total = b.amount(c.text, false, tname, "总分", k.label)
		case "weight", "name", "level1", "level2", "target", "actual", "comparator":
		default:
			if !placeholders[strings.TrimSpace(c.text)] {
				b.rep.unplaced(tname, "总分", k.label, c.text, it.where)
			}
		}
	}
	t.report.Rows = append(t.report.Rows, "总分")
	return true
}

// afterRow reads the rows under 总分: 等级 and 评价结论.
func (b *builder) afterRow(t *table, it item, tname string) {
	cs := it.filled()
	if len(cs) >= 2 && strings.Contains(norm(cs[0].text), "等级") {
		t.filed.Grade = joinLines(cs[1].text)
		t.report.Rows = append(t.report.Rows, "等级")
		return
	}
	b.rep.unplaced(tname, joinLines(cs[0].text), "", it.text(), it.where)
}

// indicatorRow reads one 三级指标 row.
func (b *builder) indicatorRow(t *table, it item, cs columns, tname string, last1, last2 *string) {
	var r domain.Indicator
	var comparator, value, unit string
	filled := false
	for _, c := range it.cells {
		k, ok := cs.of(c)
		text := strings.TrimSpace(c.text)
		if !ok {
			if !c.cont && text != "" && !strings.Contains(norm(text), "绩效指标") {
				b.rep.unplaced(tname, "三级指标", "", text, it.where)
			}
			continue
		}
		switch k.key {
		case "level1":
			if text != "" {
				*last1 = level(text)
			}
			continue
		case "level2":
			if text != "" {
				*last2 = level(text)
			}
			continue
		}
		if c.cont || text == "" {
			continue
		}
		if k.key != "deviation" && placeholders[text] {
			continue
		}
		filled = true
		col := k.label
		switch k.key {
		case "name":
			r.Name = joinLines(text)
		case "target":
			value = joinLines(text)
		case "comparator":
			comparator = joinLines(text)
		case "unit":
			unit = joinLines(text)
		case "direction":
			r.Direction = joinLines(text)
		case "actual":
			r.Actual = joinLines(text)
		case "weight":
			r.Weight = b.amount(text, false, tname, rowName(r), col)
		case "score":
			r.Score = b.amount(text, false, tname, rowName(r), col)
		case "review":
			a := b.amount(text, false, tname, rowName(r), col)
			if a.IsSet() {
				r.ReviewScore = &a
			}
		case "deviation":
			r.Deviation = cellText(c.text)
		}
	}
	if !filled {
		t.placeholders++
		return
	}
	r.Level1, r.Level2 = *last1, *last2
	if cs.has("comparator") || cs.has("unit") {
		r.Comparator, r.Value, r.Unit = comparator, value, unit
		r.SyncTarget(true)
		if r.Target != "" {
			b.rep.reinterpret(tname, r.Name, "年度指标值", fmt.Sprintf("指标性质“%s”、指标值“%s”、度量单位“%s”合为“%s”", comparator, value, unit, r.Target))
		}
	} else {
		// The split columns follow the combined target, as Decode derives
		// them; a 指标方向 column given on its own stands.
		r.Target = value
		direction := r.Direction
		r.SyncTarget(false)
		if direction != "" {
			r.Direction = direction
		}
	}
	b.rep.reinterpret(tname, r.Name, "年度指标值", targetNotes(r.Target)...)
	if r.Name == "" {
		b.rep.problem(tname, "（无名称）", "三级指标", "一行指标没有三级指标名称，已导入，请补填")
	}
	if r.Level1 == "" {
		b.rep.problem(tname, r.Name, "一级指标", "没有一级指标")
	}
	t.rows = append(t.rows, r)
	t.report.Rows = append(t.report.Rows, "三级指标“"+short(r.Name)+"”")
}

// sourceName is the name in a row label “资金来源：名称” as jixiao's export
// writes it, or "".
func sourceName(label string) string {
	label = strings.TrimSpace(label)
	for _, p := range []string{"资金来源：", "资金来源:"} {
		if rest, ok := strings.CutPrefix(label, p); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// addPart records a 其中 row in document order.
func (t *table) addPart(label string, fu domain.Funds) {
	label = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(label), "其中："), "其中:"))
	t.parts = append(t.parts, domain.FundSource{Name: label, InitialBudget: fu.InitialBudget, FullYearBudget: fu.FullYearBudget, Executed: fu.Executed})
}

// rowName names an indicator row for the report.
func rowName(r domain.Indicator) string {
	if r.Name != "" {
		return r.Name
	}
	return "三级指标"
}

// filedNote reads a note jixiao printed under a form: the figure the unit
// filed where it differs from the computed one shown in the form.
func (b *builder) filedNote(t *table, tname, what, value string) {
	v := strings.TrimSuffix(strings.TrimSpace(value), "%")
	switch {
	case what == "执行率":
		t.filed.ExecutionRate = b.amount(v, false, tname, "注", what)
	case what == "执行率得分":
		t.filed.ExecutionScore = b.amount(v, false, tname, "注", what)
	case what == "总分":
		t.filed.Total = b.amount(v, false, tname, "注", what)
	case what == "等级":
		t.filed.Grade = value
	case strings.HasSuffix(what, "得分小计"):
		name := strings.Trim(strings.TrimSuffix(what, "得分小计"), "“”")
		t.filed.Level1 = append(t.filed.Level1, domain.FiledLevel1{Name: name, Score: b.amount(v, false, tname, "注", what)})
	default:
		b.rep.unplaced(tname, "注", "", "填报的"+what+"为"+value, "")
		return
	}
	b.rep.reinterpret(tname, "注", what, fmt.Sprintf("表下注明填报的%s为%s，作为填报数保存（表中显示的是按规则计算的数）", what, value))
}

func filedPtr(fd domain.Filed) *domain.Filed {
	if fd.IsEmpty() {
		return nil
	}
	return &fd
}

const overallTable = "附件2"

// overall reads 附件2.
func (b *builder) overall(s segment) {
	t := b.readTable(s, overallTable, false)
	o := &b.f.Overall
	b.setUnit(t.unit, overallTable)
	o.Funds = t.funds.Total
	if t.weight.IsSet() {
		o.ExecutionWeight = t.weight
	}
	o.Income, o.Expenditure = t.income, t.spend
	o.Goals = t.goals
	o.Indicators = t.rows
	o.Filed = filedPtr(t.filed)
	t.report.Name = "附件2 整体支出绩效自评表"
	b.rep.Tables = append(b.rep.Tables, t.report)
}

// project reads one 附件3.
func (b *builder) project(s segment) {
	b.projectNo++
	tname := fmt.Sprintf("附件3第%d张表", b.projectNo)
	marks := [3]int{len(b.rep.Reinterpreted), len(b.rep.Problems), len(b.rep.Skipped)}
	t := b.readTable(s, tname, true)
	name := t.name
	if placeholders[name] {
		name = ""
	}
	if name == "" && len(t.rows) == 0 && t.funds.Total == (domain.Funds{}) && len(t.funds.Sources) == 0 {
		// What was said about its cells (“/”读作空白 …) does not matter.
		b.rep.Reinterpreted, b.rep.Problems, b.rep.Skipped = b.rep.Reinterpreted[:marks[0]], b.rep.Problems[:marks[1]], b.rep.Skipped[:marks[2]]
		b.rep.Skipped = append(b.rep.Skipped, fmt.Sprintf("%s（%s）是空白表样，没有项目名称、资金和指标，未导入", tname, s.where))
		return
	}
	p := domain.NewProject(name)
	p.Department, p.Implementer = t.dept, t.impl
	p.Funds = t.funds
	switch {
	case len(t.ownSources) > 0:
		// jixiao's own layout: the official rows as they are, then the
		// sources it labelled.
		p.Funds.Sources = append(t.funds.Sources, t.ownSources...)
	case len(t.funds.Sources) > 0:
		// A table whose 其中 rows are not the official three breaks its
		// total down by source: all its rows are the sources, as the
		// format's funds.sources holds them (see docs/format.md).
		p.Funds = domain.ProjectFunds{Total: t.funds.Total, Sources: t.parts}
	}
	if t.weight.IsSet() {
		p.ExecutionWeight = t.weight
	}
	p.Goals = t.goals
	p.Indicators = t.rows
	p.Filed = filedPtr(t.filed)
	b.f.Projects = append(b.f.Projects, p)
	t.report.Name = fmt.Sprintf("附件3“%s”", name)
	if name == "" {
		b.rep.problem(tname, "项目支出名称", "", "没有项目名称，已导入，请补填")
	}
	b.rep.Tables = append(b.rep.Tables, t.report)
}
