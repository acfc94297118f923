package tui

// What the filing scores and what is wrong with it.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"jixiao/domain"
)

// recompute refreshes the score panel and the findings. Only the 附件2
// table is scored, so the cost does not depend on the number of 附件3
// tables.
func (w *wizard) recompute() {
	w.rescore()
	w.recheck()
}

// rules are the rules the filing is scored and checked under: the set its
// "rules" key names, else the default.
func (w *wizard) rules() domain.Rules { return domain.RulesFor(w.f) }

// rescore refreshes the score panel; it runs on every change.
func (w *wizard) rescore() {
	g := *w.f
	g.Projects = nil
	w.score = domain.Score(&g, w.rules()).Overall
	w.rescoreProject()
}

// rescoreProject scores the open 附件3 table alone.
func (w *wizard) rescoreProject() {
	if w.projIdx < 0 || w.projIdx >= len(w.f.Projects) {
		return
	}
	w.projScore = projectScore(w.f, w.projIdx)
}

// projectScore scores one 附件3 table without touching the others.
func projectScore(f *domain.Filing, i int) domain.TableScore {
	p := f.Projects[i]
	g := domain.Filing{Rules: f.Rules, Overall: domain.Overall{Funds: p.Funds.Total, ExecutionWeight: p.ExecutionWeight, Indicators: p.Indicators}}
	ts := domain.Score(&g, domain.RulesFor(f)).Overall
	ts.Name = p.Name
	return ts
}

// recheck refreshes the findings, the counts and the step marks.
func (w *wizard) recheck() {
	w.findings = domain.Evaluate(w.f, w.rules()).Findings
	// Errors before warnings, each in the order of the forms.
	slices.SortStableFunc(w.findings, func(a, b domain.Finding) int { return cmp.Compare(a.Severity, b.Severity) })
	if w.fixing.Message != "" && !slices.ContainsFunc(w.findings, func(f domain.Finding) bool {
		return f.Message == w.fixing.Message && f.Where.Path == w.fixing.Where.Path
	}) {
		w.note = "已解决：" + w.fixing.Message
		w.fixing = domain.Finding{}
	}
	w.errs, w.warns, _ = domain.Counts(w.findings)
	w.stepErrs = [stepCount]int{}
	w.rowMarks = map[string]domain.Severity{}
	for _, fd := range w.findings {
		if fd.Severity == domain.Error {
			w.stepErrs[stepOf(fd.Where)]++
		}
		if k := indicatorRowKey(fd.Where.Path); k != "" {
			if old, ok := w.rowMarks[k]; !ok || fd.Severity < old {
				w.rowMarks[k] = fd.Severity
			}
		}
	}
}

// invalidDrafts lists the fields holding text that could not be saved.
func (w *wizard) invalidDrafts() []string {
	var out []string
	for _, iv := range w.invalidTexts() {
		out = append(out, iv.Field)
	}
	return out
}

// invalidTexts lists the text typed that is not valid and so not in the
// filing, as typed: the fields of the forms built so far and the open
// cell edit of the current step.
func (w *wizard) invalidTexts() []InvalidDraft {
	var out []InvalidDraft
	fms := append([]*form(nil), w.forms[:]...)
	for _, c := range w.comps {
		if c != nil {
			fms = append(fms, c.form())
		}
	}
	for _, fm := range fms {
		if fm == nil {
			continue
		}
		for i := range fm.refs {
			if fd := fm.field(i); fd.Err() != "" {
				out = append(out, InvalidDraft{Path: fd.Key(), Field: fd.Title(), Text: typedText(fd), Reason: fd.Err()})
			}
		}
	}
	if g := w.openGrid(); g != nil && g.mode == gmEdit && g.err != "" && g.cur() >= 0 {
		out = append(out, InvalidDraft{Path: fmt.Sprintf("%s.%d.%s", g.path, g.cur(), gridFields[g.col]),
			Field: gridTitles[g.col], Text: g.ed.Value(), Reason: g.err})
	}
	return out
}

// typedText is the text typed into a field.
func typedText(fd Field) string {
	switch f := fd.(type) {
	case drafter:
		return f.Draft()
	case *AreaField:
		return f.ed.Value()
	}
	return ""
}

// indicatorRowKey returns the row part of an indicator path
// ("projects.1.indicators.2.score" → "projects.1.indicators.2"), or "".
func indicatorRowKey(path string) string {
	i := strings.Index(path, "indicators.")
	if i < 0 {
		return ""
	}
	rest := path[i+len("indicators."):]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	if j == 0 {
		return ""
	}
	return path[:i+len("indicators.")+j]
}
