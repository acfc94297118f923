package domain

import (
	"fmt"
	"strings"
)

// ReportSection is one numbered section of 附件4 自评报告.
type ReportSection struct {
	// Number is the Chinese numeral, 一 to 十.
	Number string
	Title  string
	// Body is the section text; for sections 二 to 五 it is generated from
	// the figures.
	Body string
	// Generated is true for sections 二 to 五.
	Generated bool
	// Subsections are the titled parts of 一 and 二.
	Subsections []ReportSubsection
}

// ReportSubsection is a titled part of a section, such as （一）部门职责.
type ReportSubsection struct {
	Title string
	Body  string
}

// ReportTitle is the report's title, e.g. 2024年度岳阳市岳阳楼区梅溪街道办事处单位整体支出绩效自评报告.
func (f *Filing) ReportTitle() string {
	return fmt.Sprintf("%d年度%s单位整体支出绩效自评报告", f.Year, f.Unit)
}

// ReportAttachments lists the attachments named at the end of the report.
var ReportAttachments = []string{
	"单位整体支出绩效评价基础数据表",
	"单位整体支出绩效自评表",
	"项目支出绩效自评表（每个一级项目一张表）",
	"政府性基金预算支出情况表",
	"国有资本经营预算支出情况表",
	"社会保险基金预算支出情况表",
}

// ChineseNumeral returns 一 … 十 for 1 … 10, and the decimal digits beyond.
func ChineseNumeral(n int) string {
	numerals := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 1 && n <= len(numerals) {
		return numerals[n-1]
	}
	return fmt.Sprint(n)
}

// BlankMarkerPrefix starts the marker a generated sentence shows in place of
// a figure that was not filled in; the marker ends with "】".
const BlankMarkerPrefix = "【未填写："

// blankMarkerSuffix ends a blank marker.
const blankMarkerSuffix = "】"

// BlankMarker is the visible stand-in for the blank figure named label, e.g.
// 【未填写：一般公共预算基本支出】.
func BlankMarker(label string) string { return BlankMarkerPrefix + label + blankMarkerSuffix }

// TextSpan is a run of generated text: a blank marker or the text between
// markers.
type TextSpan struct {
	Text  string
	Blank bool
}

// SplitMarkers cuts s into spans so that a screen can style the blank
// markers; joining the spans' Text gives s back. An unterminated prefix is
// ordinary text.
func SplitMarkers(s string) []TextSpan {
	var spans []TextSpan
	for s != "" {
		i := strings.Index(s, BlankMarkerPrefix)
		if i < 0 {
			break
		}
		j := strings.Index(s[i+len(BlankMarkerPrefix):], blankMarkerSuffix)
		if j < 0 {
			break
		}
		end := i + len(BlankMarkerPrefix) + j + len(blankMarkerSuffix)
		if i > 0 {
			spans = append(spans, TextSpan{Text: s[:i]})
		}
		spans = append(spans, TextSpan{Text: s[i:end], Blank: true})
		s = s[end:]
	}
	if s != "" {
		spans = append(spans, TextSpan{Text: s})
	}
	return spans
}

// wanOrMarker formats a figure for a generated sentence: "1369.56万元", or
// the blank marker for label (without 万元) when the figure is blank.
func wanOrMarker(a Amount, label string) string {
	if !a.IsSet() {
		return BlankMarker(label)
	}
	return a.Decimal().String() + "万元"
}

// BasicSpendingSentence is the opening sentence of section 二（一）.
func (f *Filing) BasicSpendingSentence() string {
	return fmt.Sprintf("一般公共预算基本支出%d年度总支出%s，其中：", f.Year, wanOrMarker(f.Report.GeneralBudgetSpending.Basic(), "一般公共预算基本支出"))
}

// PersonnelSentence describes 人员经费 in section 二（一）.
func (f *Filing) PersonnelSentence() string {
	return fmt.Sprintf("人员经费%s：包括基本工资、津贴补贴、绩效工资、机关事业单位基本养老保险缴费、职工基本医疗保险缴费、其他社会保障缴费、住房公积金。", wanOrMarker(f.Report.GeneralBudgetSpending.Personnel, FieldLabel("report.general_budget_spending.personnel")))
}

// PublicSentence describes 公用经费 in section 二（一）.
func (f *Filing) PublicSentence() string {
	return fmt.Sprintf("公用经费%s：包括办公费、印刷费、水费、电费、邮电费、维修（护）费、其他商品和服务支出。", wanOrMarker(f.Report.GeneralBudgetSpending.Public, FieldLabel("report.general_budget_spending.public")))
}

// ProjectSentence is section 二（二）.
func (f *Filing) ProjectSentence() string {
	return fmt.Sprintf("一般公共预算项目支出%d年度总支出%s。", f.Year, wanOrMarker(f.Report.GeneralBudgetSpending.Project, "一般公共预算项目支出"))
}

// BudgetSentence is the one sentence of sections 三 to 五, kind being e.g.
// 政府性基金预算.
func (f *Filing) BudgetSentence(kind string, a Amount) string {
	return fmt.Sprintf("本单位%d年度%s支出%s。", f.Year, kind, wanOrMarker(a, kind+"支出"))
}

// ReportSections returns the ten sections of 附件4 in order, numbered 一 to
// 十, with sections 二 to 五 generated from the figures.
func (f *Filing) ReportSections() []ReportSection {
	r := f.Report
	t := reportSectionTitle
	return []ReportSection{
		{Number: "一", Title: t(1), Subsections: []ReportSubsection{
			{Title: "（一）" + FieldLabel("report.duties"), Body: r.Duties},
			{Title: "（二）" + FieldLabel("report.organization"), Body: r.Organization},
		}},
		{Number: "二", Title: t(2), Generated: true, Subsections: []ReportSubsection{
			{Title: "（一）基本支出情况", Body: f.BasicSpendingSentence() + "\n" + f.PersonnelSentence() + "\n" + f.PublicSentence()},
			{Title: "（二）项目支出情况", Body: f.ProjectSentence()},
		}},
		{Number: "三", Title: t(3), Generated: true, Body: f.BudgetSentence("政府性基金预算", r.GovernmentFundSpending)},
		{Number: "四", Title: t(4), Generated: true, Body: f.BudgetSentence("国有资本经营预算", r.StateCapitalSpending)},
		{Number: "五", Title: t(5), Generated: true, Body: f.BudgetSentence("社会保险基金预算", r.SocialInsuranceSpending)},
		{Number: "六", Title: t(6), Body: r.Performance},
		{Number: "七", Title: t(7), Body: r.Problems},
		{Number: "八", Title: t(8), Body: r.Improvements},
		{Number: "九", Title: t(9), Body: r.ResultUse},
		{Number: "十", Title: t(10), Body: r.Other},
	}
}

// PriorYearFinalLabel is the 附件1 column title 上年决算数, e.g. 2023年决算数.
func (f *Filing) PriorYearFinalLabel() string { return fmt.Sprintf("%d年决算数", f.Year-1) }

// BudgetLabel is the 附件1 column title 本年预算数, e.g. 2024年预算数.
func (f *Filing) BudgetLabel() string { return fmt.Sprintf("%d年预算数", f.Year) }

// FinalLabel is the 附件1 column title 本年决算数, e.g. 2024年决算数.
func (f *Filing) FinalLabel() string { return fmt.Sprintf("%d年决算数", f.Year) }
