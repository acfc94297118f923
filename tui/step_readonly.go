package tui

import (
	"fmt"
	"strings"

	"jixiao/domain"
)

// The read-only steps show what the filing holds until their editors land
// (indicator grids, 附件3 tables, 附件4 sections and the review).

func showIndicators(w *wizard, width int) []string {
	st := w.st
	f := w.f
	out := []string{st.Title.Render("附件2 绩效指标（只读，编辑功能即将提供）"), ""}
	if len(f.Overall.Indicators) == 0 {
		return append(out, "  尚未填写绩效指标。")
	}
	nameW := max(width-2-8-8-7-7-4, 8)
	out = append(out, st.Subtle.Render("  "+pad("三级指标", nameW)+" "+pad("年度指标值", 8)+" "+pad("实际完成值", 8)+" "+padLeft("分值", 7)+" "+padLeft("得分", 7)))
	l1 := ""
	for i, r := range f.Overall.Indicators {
		if r.Level1 != l1 {
			l1 = r.Level1
			out = append(out, st.Label.Render(l1))
		}
		score := r.Score.Text()
		if !r.Score.IsSet() && i < len(w.score.Rows) {
			score = w.score.Rows[i].Used.StringFixed(2)
		}
		out = append(out, "  "+pad(truncate(r.Level2+"·"+r.Name, nameW, st.G.Ellipsis), nameW)+" "+
			pad(truncate(r.Target, 8, st.G.Ellipsis), 8)+" "+pad(truncate(r.Actual, 8, st.G.Ellipsis), 8)+" "+
			padLeft(r.Weight.Text(), 7)+" "+padLeft(score, 7))
	}
	return out
}

func showProjects(w *wizard, width int) []string {
	st := w.st
	f := w.f
	out := []string{st.Title.Render("附件3 项目支出绩效自评表（只读，编辑功能即将提供）"), ""}
	if len(f.Projects) == 0 {
		out = append(out, "  尚无项目支出绩效自评表。")
	}
	for i, p := range f.Projects {
		sc := domain.Score(&domain.Filing{Overall: domain.Overall{Funds: p.Funds.Total, ExecutionWeight: p.ExecutionWeight, Indicators: p.Indicators}}, domain.DefaultRules()).Overall
		out = append(out, truncate(fmt.Sprintf("%d. %s  总分 %s  %s", i+1, p.Name, sc.Total.StringFixed(2), sc.Grade), width, st.G.Ellipsis))
	}
	for _, r := range f.BasicData.ProjectSpending.Rows() {
		if r.HasMoney() && f.ProjectFor(r.Name) < 0 {
			out = append(out, "", st.Warning.Render(truncate(fmt.Sprintf("附件1 项目支出“%s”有资金，但还没有附件3 表", r.Name), width, st.G.Ellipsis)))
		}
	}
	return out
}

func showReport(w *wizard, width int) []string {
	st := w.st
	f := w.f
	out := []string{st.Title.Render(truncate(f.ReportTitle(), width, st.G.Ellipsis)), st.Subtle.Render("附件4 自评报告（只读，编辑功能即将提供）"), ""}
	first := func(s string) string {
		s = strings.TrimSpace(s)
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[:i]
		}
		if s == "" {
			return "（未填写）"
		}
		return s
	}
	for _, sec := range f.ReportSections() {
		out = append(out, st.Label.Render(sec.Number+"、"+sec.Title))
		if len(sec.Subsections) > 0 {
			for _, sub := range sec.Subsections {
				out = append(out, truncate("  "+sub.Title+" "+first(sub.Body), width, st.G.Ellipsis))
			}
		} else {
			out = append(out, truncate("  "+first(sec.Body), width, st.G.Ellipsis))
		}
	}
	return out
}

func showReview(w *wizard, width int) []string {
	st := w.st
	out := []string{st.Title.Render("复核：按附件分组的问题"), st.Subtle.Render("F2 打开问题清单，Enter 跳转到对应输入项；导出功能即将提供"), ""}
	groups := map[int][]domain.Finding{}
	for _, fd := range w.findings {
		groups[fd.Where.Attachment] = append(groups[fd.Where.Attachment], fd)
	}
	if len(w.findings) == 0 {
		out = append(out, "  没有发现问题。")
	}
	for a := 0; a <= 4; a++ {
		if len(groups[a]) == 0 {
			continue
		}
		name := "基本信息"
		if a > 0 {
			name = fmt.Sprintf("附件%d", a)
		}
		out = append(out, st.Label.Render(fmt.Sprintf("%s（%d）", name, len(groups[a]))))
		for _, fd := range groups[a] {
			sty := st.Subtle
			if fd.Severity == domain.Error {
				sty = st.Error
			} else if fd.Severity == domain.Warning {
				sty = st.Warning
			}
			out = append(out, sty.Render(truncate("  "+fd.Severity.String()+" "+fd.Message, width, st.G.Ellipsis)))
		}
	}
	return out
}
