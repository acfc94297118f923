package tui

// The live score panel: built as plain lines with their styles, drawn
// only when those change.

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/shopspring/decimal"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// shownTable is the table whose score the panel (or, with the panels
// hidden, the figures line) shows, and the figures its unit published.
type shownTable struct {
	s     domain.TableScore
	filed *domain.Filed
	funds domain.Funds
	// project is set for a 附件3 table; none for a projects-only filing
	// that has no table yet.
	project, none bool
}

// shownTable is 附件2, the 附件3 table open in the projects step, or the
// first table of a projects-only filing (which has no 附件2).
func (w *wizard) shownTable() shownTable {
	f := w.f
	t := shownTable{s: w.score, filed: f.Overall.Filed, funds: f.Overall.Funds, project: f.ProjectsOnly()}
	switch {
	case w.cur == stepProjects && w.projIdx >= 0 && w.projIdx < len(f.Projects):
		p := f.Projects[w.projIdx]
		t.s, t.filed, t.funds, t.project = w.projScore, p.Filed, p.Funds.Total, true
	case f.ProjectsOnly() && len(f.Projects) == 0:
		t.none = true
	case f.ProjectsOnly():
		t.s, t.filed, t.funds = projectScore(f, 0), f.Projects[0].Filed, f.Projects[0].Funds.Total
	}
	return t
}

// filedDiff is the figure the unit published for what (and level) when
// it differs from the computed one, and the style that marks it: subtle
// for a rounding difference, else a warning.
func (w *wizard) filedDiff(diffs []domain.FiledDiff, what, level string) (shown string, style *lipgloss.Style, ok bool) {
	i := slices.IndexFunc(diffs, func(d domain.FiledDiff) bool { return d.Key == what && d.Level == level })
	if i < 0 {
		return "", nil, false
	}
	style = &w.st.Warning
	if diffs[i].Rounding {
		style = &w.st.Subtle
	}
	return termsafe.String(diffs[i].Filed), style, true
}

// panelLines is the live score panel padded to width, drawn again only
// when one of its lines changes.
func (w *wizard) panelLines(width int) *paddedLines {
	return w.cache.panel.draw(w.panelSpec(width), width)
}

// panelSpec is the live score panel of 附件2 (or the 附件3 table shown),
// one pline a line.
func (w *wizard) panelSpec(width int) []pline {
	st := w.st
	two := func(d decimal.Decimal) string { return d.StringFixed(2) }
	kv := func(k, v string) string {
		return pad(k, width-displayWidth(v)-1) + v
	}
	t := w.shownTable()
	if t.none {
		return []pline{{" 得分（附件3）", &st.PanelTitle}, {truncate(" 尚无项目表", width, st.G.Ellipsis), &st.Subtle},
			{}, {text: kv(" 错误", fmt.Sprint(w.errs))}, {text: kv(" 警告", fmt.Sprint(w.warns))}}
	}
	s := t.s
	title := " 得分（附件2）"
	if t.project {
		title = " 得分（附件3）"
	}
	rules := w.rules()
	diffs := domain.CompareFiled(t.filed, t.funds, s, rules.RoundingTolerance)
	// withFiled shows the unit's own figure beside the computed one when
	// they differ: "总分 94.87（填报 95）", or on a line of its own when
	// the panel is too narrow.
	withFiled := func(line, k, v, what, level string) []pline {
		shown, style, ok := w.filedDiff(diffs, what, level)
		if !ok {
			return []pline{{text: line}}
		}
		if inline := kv(k, v+"（填报 "+shown+"）"); displayWidth(inline) <= width {
			return []pline{{inline, style}}
		}
		return []pline{{line, style}, {truncate("   填报 "+shown, width, st.G.Ellipsis), style}}
	}
	rate := st.G.Dash
	if s.Rate.IsSet() {
		rate = s.Rate.Fixed2() + "%"
	}
	xs := two(s.ExecutionScore) + "/" + s.ExecutionWeight.String()
	out := []pline{{title, &st.PanelTitle}}
	out = append(out, withFiled(kv(" 执行率", rate), " 执行率", rate, domain.FiledExecutionRate, "")...)
	out = append(out, withFiled(kv(" 执行率得分", xs), " 执行率得分", xs, domain.FiledExecutionScore, "")...)
	levels, gradeLines := w.panelLevels(s, rules, width, kv, withFiled)
	out = append(out, levels...)
	out = append(out, withFiled(kv(" 总分", two(s.Total)), " 总分", two(s.Total), domain.FiledTotal, "")...)
	out = append(out, gradeLines...)
	out = append(out, pline{}, pline{text: kv(" 错误", fmt.Sprint(w.errs))}, pline{text: kv(" 警告", fmt.Sprint(w.warns))})
	if w.errs > 0 {
		out[len(out)-2].style = &st.Error
	}
	if s.Name != "" && t.project {
		name := pline{truncate(" "+termsafe.String(s.Name), width, st.G.Ellipsis), &st.Subtle}
		out = append(out[:1], append([]pline{name}, out[1:]...)...)
		if !w.f.ProjectsOnly() {
			out = append(out, pline{text: kv(" 附件2总分", two(w.score.Total))})
		}
	}
	return append(out, pline{}, pline{truncate(" F2 查看问题清单", width, st.G.Ellipsis), &st.Subtle})
}

// panelLevels is the panel's lines of the rule set and each 一级指标, and
// those of the 等级, for the table score s under rules.
func (w *wizard) panelLevels(s domain.TableScore, rules domain.Rules, width int, kv func(k, v string) string, withFiled func(line, k, v, what, level string) []pline) (out, gradeLines []pline) {
	st := w.st
	two := func(d decimal.Decimal) string { return d.StringFixed(2) }
	// Each 一级指标 against the rules' weight; the 分值 entered so far, when
	// they do not add up to it, below.
	out = []pline{{text: kv(" 规则", termsafe.String(rules.ID))}}
	for _, lv := range rules.Levels {
		l := s.Level(lv.Name)
		lk, lvv := " "+strings.TrimSuffix(lv.Name, "指标"), two(l.Score)+"/"+lv.Weight.String()
		line := kv(lk, lvv)
		if l.Weight.IsZero() || l.Weight.Equal(lv.Weight) {
			out = append(out, withFiled(line, lk, lvv, domain.FiledLevel1Score, lv.Name)...)
			continue
		}
		out = append(out, pline{line, &st.Warning},
			pline{fitWidth(width, "   "+st.G.Cross+" 分值合计"+l.Weight.String()+"，应为"+lv.Weight.String(),
				" "+st.G.Cross+" 分值"+l.Weight.String()+"，应为"+lv.Weight.String()), &st.Warning})
	}
	grade := s.Grade
	if grade == "" {
		grade = st.G.Dash
	}
	gradeLines = withFiled(kv(" 等级", grade), " 等级", grade, domain.FiledGrade, "")
	if !s.Valid && s.Grade != "" {
		// The weights do not add up: the total is not graded. The
		// reason is too long for the panel's width, so it goes below.
		gradeLines = []pline{{kv(" 等级", "无效"), &st.Error},
			{fitWidth(width, "   权重合计"+s.WeightTotal.String()+"，应为"+rules.TotalWeight.String(),
				" 权重"+s.WeightTotal.String()+"，应为"+rules.TotalWeight.String()), &st.Error}}
	}
	return out, gradeLines
}
