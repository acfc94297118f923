package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// This file is the import report: after a file is imported, the list
// shows what the import read and what it did not (the findings of
// filingfile.Decode: the tables read, the cells not placed, the figures
// reinterpreted, the keys not known) with the imported filing's score, in
// a view scrolled with the review view's keys.

// importReport is the report of one import, built off the loop.
type importReport struct {
	// name is the file as the user named it (a typed path or an upload).
	name string
	// summary are the lines above the findings: the filing, its score
	// and what the check found.
	summary  []string
	findings []domain.Finding
	// off is the first line shown; page and lines are the lines shown and
	// the lines in all at the last render (for PgUp/PgDn and End).
	off, page, lines int
}

// newImportReport describes the import of f from name with the findings
// the decoding made.
func newImportReport(name string, f *domain.Filing, findings []domain.Finding) *importReport {
	ev := domain.Evaluate(f, domain.RulesFor(f))
	ts := ev.Scores.Headline(f)
	score := "总分 " + domain.Round2(ts.Total).StringFixed(2)
	if ts.Grade != "" {
		score += "，等级 " + ts.Grade
	}
	if ts.Rate.IsSet() {
		score += "，执行率 " + ts.Rate.Fixed2() + "%"
	}
	parts := []string{score}
	if !f.ProjectsOnly() {
		parts = append(parts, fmt.Sprintf("附件2 三级指标 %d 条", len(f.Overall.Indicators)))
	}
	parts = append(parts, fmt.Sprintf("附件3 项目支出绩效自评表 %d 张", len(f.Projects)))
	errs, warns := severityCounts(ev.Findings)
	// The most serious first, each severity in the order read.
	findings = slices.Clone(findings)
	slices.SortStableFunc(findings, func(a, b domain.Finding) int { return cmp.Compare(a.Severity, b.Severity) })
	ierrs, iwarns := severityCounts(findings)
	return &importReport{
		name:     name,
		findings: findings,
		summary: []string{
			fmt.Sprintf("“%s %d年度”：%s。", termsafe.String(f.Unit), f.Year, strings.Join(parts, "；")),
			fmt.Sprintf("检查发现错误 %d 个、警告 %d 个：打开填报后按 F2 查看。", errs, warns),
			fmt.Sprintf("以下是导入时读到和没有读到的内容（错误 %d 条，警告 %d 条，提示 %d 条；本报告关闭后不再显示，请先核对）：",
				ierrs, iwarns, len(findings)-ierrs-iwarns),
		},
	}
}

// severityCounts counts the errors and the warnings among findings.
func severityCounts(findings []domain.Finding) (errs, warns int) {
	for _, fd := range findings {
		switch fd.Severity {
		case domain.Error:
			errs++
		case domain.Warning:
			warns++
		}
	}
	return errs, warns
}

// showReport opens the report of an import just stored, unless it has
// nothing to say or another dialog was opened meanwhile.
func (l *listModel) showReport(r *importReport) {
	if r == nil || len(r.findings) == 0 || l.mode != modeNormal {
		return
	}
	l.report, l.mode = r, modeImportReport
}

// reportKey scrolls or closes the import report.
func (l *listModel) reportKey(k tea.KeyPressMsg) {
	km, r := l.keys.Review, l.report
	switch {
	case key.Matches(k, km.Close):
		l.report, l.mode = nil, modeNormal
	case key.Matches(k, km.Up):
		r.off = max(r.off-1, 0)
	case key.Matches(k, km.Down):
		r.off++
	case key.Matches(k, km.PageUp):
		r.off = max(r.off-r.page, 0)
	case key.Matches(k, km.PageDown):
		r.off += r.page
	case key.Matches(k, km.Top):
		r.off = 0
	case key.Matches(k, km.Bottom):
		r.off = r.lines
	}
	r.off = min(r.off, max(r.lines-r.page, 0))
}

// reportHelp is the footer of the import report.
type reportHelp struct{ k ReviewKeyMap }

// ShortHelp implements help.KeyMap.
func (h reportHelp) ShortHelp() []key.Binding {
	return []key.Binding{h.k.Up, h.k.Down, h.k.PageDown, h.k.PageUp, h.k.Top, h.k.Bottom, h.k.Close}
}

// FullHelp implements help.KeyMap.
func (h reportHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// reportLines renders the report in width × height: its title, the
// summary, then each finding wrapped, from the scroll offset on, and,
// when it does not fit, which lines are shown.
func (l *listModel) reportLines(width, height int) []string {
	st, r, km := l.st, l.report, l.keys.Review
	title := "导入报告：" + termsafe.String(r.name) + "（" + km.Up.Help().Key + "/" + km.Down.Help().Key + " " +
		km.PageUp.Help().Key + "/" + km.PageDown.Help().Key + " 滚动，" + km.Close.Help().Key + " 关闭）"
	out := []string{st.Title.Render(truncate(title, width, st.G.Ellipsis))}
	var body []string
	for _, s := range r.summary {
		body = append(body, wrapIndent(st.Value.Render, "  ", s, width)...)
	}
	for _, fd := range r.findings {
		body = append(body, wrapIndent(st.Finding(fd.Severity).Render, "  ", fd.Severity.String()+"："+termsafe.String(fd.Message), width)...)
	}
	r.page, r.lines = max(height-1, 1), len(body)
	if len(body) > r.page {
		r.page = max(height-2, 1)
	}
	r.off = min(r.off, max(len(body)-r.page, 0))
	end := min(r.off+r.page, len(body))
	out = append(out, body[r.off:end]...)
	if len(body) > r.page {
		out = append(out, st.Subtle.Render(truncate(fmt.Sprintf("  第 %d–%d 行，共 %d 行", r.off+1, end, len(body)), width, st.G.Ellipsis)))
	}
	return out
}

// wrapIndent wraps s in width columns, each line after indent (the
// following lines two columns further in) and rendered by style.
func wrapIndent(style func(...string) string, indent, s string, width int) []string {
	lines := wrapText(s, max(width-displayWidth(indent)-2, 8))
	for i, l := range lines {
		in := indent
		if i > 0 {
			in += "  "
		}
		lines[i] = in + style(l)
	}
	return lines
}
