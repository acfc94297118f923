package tui

// The figures line: with the sidebar and the score panel hidden, the
// panel's figures sit in one line under the header.

import (
	"fmt"
	"strings"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// figure is one figure of the figures line: its label, its value and how
// it is marked (nil: not marked).
type figure struct {
	label, value string
	mark         pline
	// weight is a 一级指标's weight ("/50"), dropped first when the line is
	// too long.
	weight string
}

// figures are the figures of the table shown, in the order of the panel.
type figures struct {
	table         string
	name, rate    figure
	xs            figure
	levels        []figure
	total, grade  figure
	errs, warns   figure
	overall, none figure
}

// figures gathers what the panel shows for the figures line.
func (w *wizard) figures() figures {
	st := w.st
	t := w.shownTable()
	fs := figures{table: "附件2", errs: figure{label: "错误", value: fmt.Sprint(w.errs)}, warns: figure{label: "警告", value: fmt.Sprint(w.warns)}}
	if w.errs > 0 {
		fs.errs.mark.style = &st.Error
	}
	if t.project {
		fs.table = "附件3"
	}
	if t.none {
		fs.none = figure{label: "尚无项目表", mark: pline{style: &st.Subtle}}
		return fs
	}
	s := t.s
	rules := w.rules()
	diffs := domain.CompareFiled(t.filed, t.funds, s, rules.RoundingTolerance)
	marked := func(label, value, what, level string) figure {
		_, style, _ := w.filedDiff(diffs, what, level)
		return figure{label: label, value: value, mark: pline{style: style}}
	}
	rate := st.G.Dash
	if s.Rate.IsSet() {
		rate = s.Rate.Fixed2() + "%"
	}
	fs.rate = marked("执行率", rate, domain.FiledExecutionRate, "")
	fs.xs = marked("执行率得分", s.ExecutionScore.StringFixed(2)+"/"+s.ExecutionWeight.String(), domain.FiledExecutionScore, "")
	for _, lv := range rules.Levels {
		l := s.Level(lv.Name)
		f := marked(strings.TrimSuffix(lv.Name, "指标"), l.Score.StringFixed(2), domain.FiledLevel1Score, lv.Name)
		f.weight = "/" + lv.Weight.String()
		if !l.Weight.IsZero() && !l.Weight.Equal(lv.Weight) {
			f.mark.style = &st.Warning
		}
		fs.levels = append(fs.levels, f)
	}
	fs.total = marked("总分", s.Total.StringFixed(2), domain.FiledTotal, "")
	grade := s.Grade
	if grade == "" {
		grade = st.G.Dash
	}
	fs.grade = marked("等级", grade, domain.FiledGrade, "")
	if !s.Valid && s.Grade != "" {
		fs.grade = figure{label: "等级", value: "无效", mark: pline{style: &st.Error}}
	}
	if t.project {
		fs.name = figure{label: termsafe.String(s.Name), mark: pline{style: &st.Subtle}}
		if !w.f.ProjectsOnly() {
			fs.overall = figure{label: "附件2总分", value: w.score.Total.StringFixed(2)}
		}
	}
	return fs
}

// stripFit is how compact the figures line is drawn: each step leaves
// out or shortens one more thing, the least important first.
type stripFit int

const (
	fitFull      stripFit = iota // "执行率 48.65%", two spaces between
	fitOneSpace                  // one space between the figures
	fitGlued                     // "执行率48.65%"
	fitNoName                    // without the 附件3 table's name and 附件2总分
	fitNoTable                   // without "附件2"
	fitMergeRate                 // "执行率48.65%(4.87/10)"
	fitNoWeights                 // "产出50.00", without "/50"
	fitBareGrade                 // "优" for "等级优"
	fitNoXS                      // without 执行率得分
	fitNoRate                    // without 执行率
	fitNoLevels                  // without the 一级指标
	fitNoWarns                   // without the warnings
	fitLast      = fitNoWarns
)

// parts are the figures as drawn at fit, with the separators.
func (fs figures) parts(fit stripFit) []pline {
	sep, gap := "  ", " "
	if fit >= fitOneSpace {
		sep = " "
	}
	if fit >= fitGlued {
		gap = ""
	}
	var out []pline
	add := func(text string, mark pline) {
		if len(out) > 0 {
			out = append(out, pline{text: sep})
		}
		out = append(out, pline{text, mark.style})
	}
	fig := func(f figure) string { return f.label + gap + f.value }
	if fit < fitNoTable {
		add(fs.table, pline{})
	}
	if fs.name.label != "" && fit < fitNoName {
		add(fs.name.label, fs.name.mark)
	}
	if fs.none.label != "" {
		add(fs.none.label, fs.none.mark)
	} else {
		fs.scoreParts(fit, fig, add)
	}
	add(fig(fs.errs), fs.errs.mark)
	if fit < fitNoWarns {
		add(fig(fs.warns), fs.warns.mark)
	}
	if fs.overall.label != "" && fit < fitNoName {
		add(fig(fs.overall), fs.overall.mark)
	}
	return out
}

// scoreParts adds the 执行率, the 一级指标, 总分 and 等级 at fit.
func (fs figures) scoreParts(fit stripFit, fig func(figure) string, add func(string, pline)) {
	switch {
	case fit >= fitNoRate:
	case fit >= fitNoXS:
		add(fig(fs.rate), fs.rate.mark)
	case fit >= fitMergeRate:
		rate := fs.rate
		if fs.xs.mark.style != nil {
			rate.mark = fs.xs.mark
		}
		add(fig(rate)+"("+fs.xs.value+")", rate.mark)
	default:
		add(fig(fs.rate), fs.rate.mark)
		add(fig(fs.xs), fs.xs.mark)
	}
	if fit < fitNoLevels {
		for _, l := range fs.levels {
			if fit < fitNoWeights {
				l.value += l.weight
			}
			add(fig(l), l.mark)
		}
	}
	add(fig(fs.total), fs.total.mark)
	if fit >= fitBareGrade {
		add(fs.grade.value, fs.grade.mark)
	} else {
		add(fig(fs.grade), fs.grade.mark)
	}
}

// fit is the figures line for width columns: the first fit at which it
// is no wider, else the most compact one (cut when drawn).
func (fs figures) fit(width int) []pline {
	var out []pline
	for fit := fitFull; fit <= fitLast; fit++ {
		out = fs.parts(fit)
		n := 0
		for _, p := range out {
			n += displayWidth(p.text)
		}
		if n <= width {
			break
		}
	}
	return out
}

// stripLine is the figures line padded to width, fitted and drawn again
// only when a figure, its mark or the width change.
func (w *wizard) stripLine(width int) string {
	fs := w.figures()
	full := fs.parts(fitFull)
	c := &w.cache.strip
	if !c.same(full, width) {
		c.remember(full, width)
		var b strings.Builder
		for _, p := range fs.fit(width) {
			b.WriteString(p.render())
		}
		c.paddedLines.lines = append(c.paddedLines.lines[:0], pad(b.String(), width))
	}
	return c.paddedLines.lines[0]
}
