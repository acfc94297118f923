package domain

import "fmt"

// Evaluation is a filing scored and checked once under one rule set: what
// every screen, export and command shows.
type Evaluation struct {
	// Rules are the rules the filing was evaluated under.
	Rules Rules
	// Scores are the filing's tables scored under Rules.
	Scores Scorecard
	// Findings are Check's findings under Rules, preceded by one about the
	// rule set when the filing names another or an unknown one, and
	// followed by the per-二级指标 weight warnings of rule sets that give
	// 二级指标 weights.
	Findings []Finding
}

// Evaluate scores and checks f under r.
func Evaluate(f *Filing, r Rules) Evaluation {
	return evaluate(f, r, func(id string) bool { _, ok := RuleSets{}.Lookup(id); return ok })
}

func evaluate(f *Filing, r Rules, known func(string) bool) Evaluation {
	ev := Evaluation{Rules: r, Scores: Score(f, r)}
	if f.Rules != "" && f.Rules != r.ID {
		where := at(0, "rules")
		if known(f.Rules) {
			ev.Findings = append(ev.Findings, Finding{Severity: Warning, Code: "rules.override", Where: where,
				Message: fmt.Sprintf("填报指定的评分规则为“%s”，本次按“%s”（%s）评分", f.Rules, r.ID, r.Name)})
		} else {
			ev.Findings = append(ev.Findings, Finding{Severity: Error, Code: "rules.unknown", Where: where,
				Message: fmt.Sprintf("填报指定的评分规则“%s”不存在（运行 jixiao rules list 查看可用规则），已按“%s”（%s）评分", f.Rules, r.ID, r.Name)})
		}
	}
	ev.Findings = append(ev.Findings, Check(f, r)...)
	ev.Findings = append(ev.Findings, level2Findings(ev.Scores.Overall, "附件2", func(p string) Location { return at(2, "overall."+p) })...)
	for i, ts := range ev.Scores.Projects {
		what := fmt.Sprintf("附件3“%s”", ts.Name)
		ev.Findings = append(ev.Findings, level2Findings(ts, what, func(p string) Location { return atProject(i, p) })...)
	}
	return ev
}

// level2Findings warns about each 二级指标 whose row weights differ from
// the weight the rules give it.
func level2Findings(ts TableScore, what string, loc func(string) Location) []Finding {
	var out []Finding
	for _, l := range ts.Levels {
		for _, l2 := range l.Level2 {
			if !l2.HasExpected || l2.Weight.Equal(l2.Expected) {
				continue
			}
			out = append(out, Finding{Severity: Warning, Code: "weights.level2", Where: loc("indicators"),
				Message: fmt.Sprintf("%s“%s—%s”分值合计为%s，评分规则规定为%s", what, l.Name, l2.Name, l2.Weight.String(), l2.Expected.String())})
		}
	}
	return out
}

// Evaluate scores and checks f under the rules s resolves for it.
func (s RuleSets) Evaluate(f *Filing) Evaluation {
	return evaluate(f, s.For(f), func(id string) bool { _, ok := s.Lookup(id); return ok })
}
