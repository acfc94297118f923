package tui

import (
	"charm.land/bubbles/v2/help"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// reportPreview is the index of the preview after the ten sections.
const reportPreview = 10

// reportStep is the 附件4 step: one screen per section (一 to 十) and a
// preview of the whole report. Sections 二 to 五 show the sentences
// generated from their figures, which are the editable fields.
type reportStep struct {
	sec    int
	fm     *form
	offset int // preview scroll
}

func newReportStep(w stepCtx) component {
	s := &reportStep{}
	s.show(w, 0)
	return s
}

func (s *reportStep) show(w stepCtx, sec int) {
	s.sec = min(max(sec, 0), reportPreview)
	s.offset = 0
	s.fm = nil
	if s.sec < reportPreview {
		s.fm = w.buildForm(reportSection(s.sec), nil, "")
	}
}

// reportSection builds the form of section n (0 = 一).
func reportSection(n int) formBuilder {
	return func(f *domain.Filing, st *Styles) ([]row, int) {
		r := func(f *domain.Filing) *domain.Report { return &f.Report }
		area := func(key, title string, rows int, get func(*domain.Report) *string) row {
			return row{kind: rowArea, label: title, cells: []cell{{field: NewAreaField("report."+key, title, rows, true,
				func(f *domain.Filing) string { return *get(r(f)) }, func(f *domain.Filing, s string) { *get(r(f)) = s })}}}
		}
		amount := func(key, title string, get func(*domain.Report) *domain.Amount) row {
			return row{label: title + "（万元）", cells: []cell{amountField("report."+key, "附件4 "+title, func(f *domain.Filing) *domain.Amount { return get(r(f)) })}}
		}
		sentence := func(s func(*domain.Filing) string) row {
			return row{kind: rowText, cells: []cell{{calc: s}}}
		}
		sec := f.ReportSections()[n]
		rows := []row{{kind: rowHeading, label: sec.Number + "、" + sec.Title}}
		switch n {
		case 0:
			rows = append(rows,
				area("duties", "（一）部门职责", 8, func(r *domain.Report) *string { return &r.Duties }),
				area("organization", "（二）内设机构设置", 6, func(r *domain.Report) *string { return &r.Organization }))
		case 1:
			g := func(r *domain.Report) *domain.GeneralBudgetSpending { return &r.GeneralBudgetSpending }
			rows = append(rows,
				row{kind: rowNote, label: "（一）基本支出情况（下列句子由金额生成）"},
				amount("general_budget_spending.personnel", "人员经费", func(r *domain.Report) *domain.Amount { return &g(r).Personnel }),
				amount("general_budget_spending.public", "公用经费", func(r *domain.Report) *domain.Amount { return &g(r).Public }),
				sentence(func(f *domain.Filing) string {
					return f.BasicSpendingSentence() + "\n" + f.PersonnelSentence() + "\n" + f.PublicSentence()
				}),
				row{kind: rowNote, label: "（二）项目支出情况"},
				amount("general_budget_spending.project", "项目支出", func(r *domain.Report) *domain.Amount { return &g(r).Project }),
				sentence(func(f *domain.Filing) string { return f.ProjectSentence() }),
				row{kind: rowNote, label: "参考：附件2 基本支出 " + fmtAmount(f.Overall.Expenditure.Basic, st) + "，项目支出 " + fmtAmount(f.Overall.Expenditure.Project, st)})
		case 2, 3, 4:
			kind := []string{"政府性基金预算", "国有资本经营预算", "社会保险基金预算"}[n-2]
			key := []string{"government_fund_spending", "state_capital_spending", "social_insurance_spending"}[n-2]
			get := func(r *domain.Report) *domain.Amount {
				switch n {
				case 2:
					return &r.GovernmentFundSpending
				case 3:
					return &r.StateCapitalSpending
				}
				return &r.SocialInsuranceSpending
			}
			rows = append(rows,
				amount(key, kind+"支出", get),
				sentence(func(f *domain.Filing) string { return f.BudgetSentence(kind, *get(&f.Report)) }),
				row{kind: rowNote, label: "没有支出请填 0；句子由金额生成。"})
		default:
			key := []string{"performance", "problems", "improvements", "result_use", "other"}[n-5]
			get := func(r *domain.Report) *string {
				return []*string{&r.Performance, &r.Problems, &r.Improvements, &r.ResultUse, &r.Other}[n-5]
			}
			rows = append(rows, area(key, "正文（Enter 换行，Tab 离开）", 16, get))
		}
		return rows, 20
	}
}

// reportSectionOf returns the section that edits a report path.
func reportSectionOf(path string) int {
	order := []string{"report.duties", "report.organization", "report.general_budget_spending", "report.government_fund_spending",
		"report.state_capital_spending", "report.social_insurance_spending", "report.performance", "report.problems",
		"report.improvements", "report.result_use", "report.other"}
	sec := []int{0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	for i, p := range order {
		if path == p || strings.HasPrefix(path, p+".") {
			return sec[i]
		}
	}
	return -1
}

func (s *reportStep) key(w stepCtx, k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys
	switch {
	case key.Matches(k, km.Report.PrevSection):
		s.show(w, s.sec-1)
		return w.save(), true
	case key.Matches(k, km.Report.NextSection):
		s.show(w, s.sec+1)
		return w.save(), true
	}
	if s.sec == reportPreview {
		r := km.Report
		switch {
		case key.Matches(k, r.Up):
			s.offset = max(s.offset-1, 0)
		case key.Matches(k, r.Down):
			s.offset++
		case key.Matches(k, r.Page):
			s.offset += 10
		case key.Matches(k, r.Top):
			s.offset = 0
		default:
			return nil, false
		}
		return nil, true
	}
	return nil, false
}

func (s *reportStep) viewKey(w stepCtx, k tea.KeyPressMsg) bool {
	r := w.keys.Report
	if key.Matches(k, r.PrevSection, r.NextSection) {
		return true
	}
	if s.sec == reportPreview {
		return key.Matches(k, r.Up, r.Down, r.Page, r.Top)
	}
	return formNavKey(s.fm, k)
}

func (s *reportStep) paste(stepCtx, tea.PasteMsg) (tea.Cmd, bool) { return nil, s.sec == reportPreview }
func (s *reportStep) modal() bool                                 { return false }
func (s *reportStep) form() *form                                 { return s.fm }
func (s *reportStep) setForm(fm *form)                            { s.fm = fm }
func (s *reportStep) header() int                                 { return 2 }
func (s *reportStep) message(stepCtx) string                      { return "" }

func (s *reportStep) keyHelp(k KeyMap) help.KeyMap {
	r := k.Report
	if s.sec == reportPreview {
		return bindings{r.Up, r.Down, r.Page, r.PrevSection, r.NextSection}
	}
	return bindings{k.Form.Next, r.PrevSection, r.NextSection}
}

func (s *reportStep) jump(w stepCtx, path string) bool {
	sec := reportSectionOf(path)
	if sec < 0 {
		return false
	}
	s.show(w, sec)
	return s.fm.focusKey(path)
}

// tabs is the line of section numbers with the current one marked.
func (s *reportStep) tabs(st *Styles, width int) string {
	var b strings.Builder
	for i := 0; i <= reportPreview; i++ {
		name := domain.ChineseNumeral(i + 1)
		if i == reportPreview {
			name = "预览"
		}
		if i == s.sec {
			b.WriteString(st.Selected.Render(" " + name + " "))
		} else {
			b.WriteString(" " + name + " ")
		}
	}
	b.WriteString(st.Subtle.Render("  F5/F6 切换"))
	return pad(b.String(), width)
}

func (s *reportStep) view(w stepCtx, width, height int) ([]string, int, int, bool) {
	st := w.st
	out := []string{st.Title.Render(truncate("附件4 "+termsafe.String(w.f.ReportTitle()), width, st.G.Ellipsis)), s.tabs(st, width)}
	if s.sec == reportPreview {
		all := styleBlankMarkers(reportPreviewLines(w.f, width-2), st)
		h := height - len(out)
		off := min(s.offset, max(len(all)-h, 0))
		s.offset = off
		for _, l := range all[off:min(off+h, len(all))] {
			out = append(out, " "+termsafe.String(l))
		}
		return out, 0, 0, false
	}
	lines, cx, cy, ok := s.fm.view(w.f, width, height-2, st)
	return append(out, lines...), cx, cy + 2, ok
}

// reportPreviewLines is the whole report as it will be handed in: the
// title, sections numbered 一 to 十 with the generated sentences, and the
// list of attachments.
func reportPreviewLines(f *domain.Filing, width int) []string {
	var out []string
	add := func(s string) { out = append(out, wrapText(s, width)...) }
	add(f.ReportTitle())
	out = append(out, "")
	for _, sec := range f.ReportSections() {
		add(sec.Number + "、" + sec.Title)
		body := func(s string) {
			if strings.TrimSpace(s) == "" {
				out = append(out, "（未填写）")
				return
			}
			for _, p := range strings.Split(s, "\n") {
				if strings.TrimSpace(p) != "" {
					add("　　" + strings.TrimSpace(p))
				}
			}
		}
		if len(sec.Subsections) > 0 {
			for _, sub := range sec.Subsections {
				add(sub.Title)
				body(sub.Body)
			}
		} else {
			body(sec.Body)
		}
	}
	out = append(out, "", "附件：")
	for i, a := range domain.ReportAttachments {
		add(itoa(i+1) + "." + a)
	}
	return out
}

// styleBlankMarkers renders the 【未填写：…】 markers of the preview lines
// (figures that were never entered) in the error style; a marker the
// wrap cut across two lines is styled on both.
func styleBlankMarkers(lines []string, st *Styles) []string {
	out := make([]string, len(lines))
	open := false
	for i, l := range lines {
		var b strings.Builder
		rest := l
		if open {
			// The end of a marker begun on the line before.
			j := strings.Index(rest, "】")
			if j < 0 {
				out[i] = st.Error.Render(rest)
				continue
			}
			j += len("】")
			b.WriteString(st.Error.Render(rest[:j]))
			rest, open = rest[j:], false
		}
		for _, sp := range domain.SplitMarkers(rest) {
			if sp.Blank {
				b.WriteString(st.Error.Render(sp.Text))
				continue
			}
			if j := cutMarkerStart(sp.Text); j >= 0 {
				b.WriteString(sp.Text[:j])
				b.WriteString(st.Error.Render(sp.Text[j:]))
				open = true
				continue
			}
			b.WriteString(sp.Text)
		}
		out[i] = b.String()
	}
	return out
}

// cutMarkerStart finds a marker that starts in s but does not end there
// (the wrap moved its end to the next line): its byte offset, or -1.
func cutMarkerStart(s string) int {
	if i := strings.LastIndex(s, domain.BlankMarkerPrefix); i >= 0 {
		return i
	}
	// The prefix itself may be cut: 【未填 | 写：….
	p := []rune(domain.BlankMarkerPrefix)
	for k := len(p) - 1; k > 0; k-- {
		if part := string(p[:k]); strings.HasSuffix(s, part) {
			return len(s) - len(part)
		}
	}
	return -1
}
