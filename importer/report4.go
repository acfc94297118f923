package importer

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao/domain"
)

const reportTable = "附件4"

// headingRe is a section heading's number: 一、 or the broken 4、 of a
// Word conversion.
var headingRe = regexp.MustCompile(`^\s*([一二三四五六七八九十]+|\d+)\s*[、.．]\s*`)

// subRe is a subsection's number: （一） or (1).
var subRe = regexp.MustCompile(`^\s*[（(]\s*([一二三四五六七八九十]+|\d+)\s*[)）]\s*`)

// sectionTitles are the ten section titles of 附件4, in order.
func sectionTitles() []string {
	out := make([]string, 10)
	for i, s := range (&domain.Filing{}).ReportSections() {
		out[i] = s.Title
	}
	return out
}

// heading returns the section number (1 to 10) a paragraph is the heading
// of, and the number as printed.
func heading(text string, titles []string) (int, string, bool) {
	m := headingRe.FindStringSubmatch(text)
	if m == nil {
		return 0, "", false
	}
	rest := strings.ReplaceAll(norm(text[len(m[0]):]), "单位整体", "部门整体")
	for i, t := range titles {
		if rest == strings.ReplaceAll(norm(t), "单位整体", "部门整体") {
			return i + 1, m[1], true
		}
	}
	return 0, "", false
}

var (
	personnelRe = regexp.MustCompile(`人员经费\s*([0-9.,０-９．]+)\s*万元`)
	publicRe    = regexp.MustCompile(`公用经费\s*([0-9.,０-９．]+)\s*万元`)
	projectRe   = regexp.MustCompile(`项目支出.*?总支出\s*([0-9.,０-９．]+)\s*万元`)
	spendingRe  = regexp.MustCompile(`支出\s*([0-9.,０-９．]+)\s*万元`)
	coverRe     = regexp.MustCompile(`名称|盖章|^年月日$|^附件\d*$`)
)

// report reads 附件4 from its segments (the cover and the report proper
// may each start with the title).
func (b *builder) report(segs []segment) {
	titles := sectionTitles()
	r := &b.f.Report
	tr := TableReport{Name: "附件4 自评报告", Title: segs[0].title, Where: segs[0].where}
	if u := reportUnit(segs[len(segs)-1].title); u != "" && b.f.Unit == "" {
		b.f.Unit = u
	}
	section, sub := 0, ""
	bodies := map[string][]string{}
	done := false
	for _, s := range segs {
		for _, it := range s.items {
			if done {
				continue
			}
			// A paragraph, or a workbook row with one filled cell.
			text, ok := it.single()
			if !ok {
				if it.text() != "" {
					b.rep.unplaced(reportTable, "", "", it.text(), it.where)
				}
				continue
			}
			if text == "" {
				continue
			}
			if n, num, ok := heading(text, titles); ok {
				if num != domain.ChineseNumeral(n) {
					b.rep.reinterpret(reportTable, titles[n-1], "", fmt.Sprintf("节标题编号为“%s、”，按标题文字识别为第%s节", num, domain.ChineseNumeral(n)))
				}
				section, sub = n, ""
				tr.Rows = append(tr.Rows, domain.ChineseNumeral(n)+"、"+titles[n-1])
				continue
			}
			if strings.HasPrefix(norm(text), "附件:") {
				done = true
				continue
			}
			if section == 0 {
				if titlePart(segs, text) {
					continue
				}
				if !coverRe.MatchString(norm(text)) && !b.line(text, reportTable, nil) {
					b.rep.unplaced(reportTable, "封面", "", text, it.where)
				}
				continue
			}
			if section <= 2 {
				if m := subRe.FindStringSubmatch(text); m != nil {
					rest := norm(text[len(m[0]):])
					known := map[string]string{"部门职责": "duties", "内设机构设置": "organization", "基本支出情况": "basic", "项目支出情况": "project"}
					if k, ok := known[rest]; ok {
						sub = k
						tr.Rows = append(tr.Rows, text)
						continue
					}
				}
			}
			k := fmt.Sprint(section)
			if section == 1 {
				k = sub
				if k == "" {
					k = "duties"
				}
			}
			bodies[k] = append(bodies[k], text)
		}
	}
	join := func(k string) string { return strings.Join(bodies[k], "\n") }
	r.Duties, r.Organization = join("duties"), join("organization")
	r.Performance, r.Problems, r.Improvements, r.ResultUse, r.Other = join("6"), join("7"), join("8"), join("9"), join("10")
	two := join("2")
	r.GeneralBudgetSpending.Personnel = b.reportFigure(personnelRe, two, titles[1], "人员经费")
	r.GeneralBudgetSpending.Public = b.reportFigure(publicRe, two, titles[1], "公用经费")
	r.GeneralBudgetSpending.Project = b.reportFigure(projectRe, two, titles[1], "项目支出")
	r.GovernmentFundSpending = b.reportFigure(spendingRe, join("3"), titles[2], "支出")
	r.StateCapitalSpending = b.reportFigure(spendingRe, join("4"), titles[3], "支出")
	r.SocialInsuranceSpending = b.reportFigure(spendingRe, join("5"), titles[4], "支出")
	for n := 2; n <= 5; n++ {
		if len(bodies[fmt.Sprint(n)]) > 0 {
			b.rep.reinterpret(reportTable, titles[n-1], "", "本节文字由金额生成，只读取其中的金额")
		}
	}
	b.rep.Tables = append(b.rep.Tables, tr)
}

// reportFigure reads the figure re finds in text; blank when the text has
// none (a 【未填写】 marker, or no such sentence).
func (b *builder) reportFigure(re *regexp.Regexp, text, section, what string) domain.Amount {
	m := re.FindStringSubmatch(text)
	if m == nil {
		if strings.TrimSpace(text) != "" && !strings.Contains(text, domain.BlankMarkerPrefix) {
			b.rep.problem(reportTable, section, "", fmt.Sprintf("没有找到“%s……万元”的金额", what))
		}
		return domain.Blank
	}
	return b.amount(m[1], false, reportTable, section, what)
}

var reportTitleRe = regexp.MustCompile(`\d{4}\s*年度?(.+?)(?:单位|部门)?整体支出绩效自评报告`)

// reportUnit is the unit named in the report's title.
func reportUnit(title string) string {
	m := reportTitleRe.FindStringSubmatch(norm(title))
	if m == nil {
		return ""
	}
	return m[1]
}

// titlePart reports whether text is the first line of a report title that
// runs over two paragraphs.
func titlePart(segs []segment, text string) bool {
	for _, s := range segs {
		if n := norm(text); n != "" && strings.HasPrefix(norm(s.title), n) {
			return true
		}
	}
	return false
}
