package cli

import (
	"fmt"
	"io"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

var cmdScore = &command{name: "score", summary: "计算得分：执行率、执行率得分、一级指标小计、总分和等级", run: runScore}

const scoreUsage = `用法：jixiao score 文件.json|编号 [--json] [--rules 规则文件.json]

计算附件2 整体支出绩效自评表和每张附件3 项目支出绩效自评表的
执行率、执行率得分、各一级指标小计、总分和等级，按填报指定的评分规则
（顶层键 "rules"，不填为 mof-2020）或 --rules 给出的规则文件。

分值合计与评分规则的总分不符时，总分不能评定等级：等级显示为
“无效（权重合计110）”并说明原因（--json 中 "valid": false 和 "invalid_reason"）。

选项：
  --json    以 JSON 输出（金额和得分为两位小数的字符串，没有执行率时为 null）；
            有资金来源行的项目表另有 "sources"（各来源的执行率），
            有复核分的表另有 "review"（各一级指标复核小计、复核总分和复核等级）
` + rulesFlagUsage

// rulesJSON names the rule set in --json output.
type rulesJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// scoreJSON is the --json form of one table's score.
type scoreJSON struct {
	Name           string  `json:"name,omitempty"`
	ExecutionRate  *string `json:"execution_rate"`
	ExecutionScore string  `json:"execution_score"`
	// ExecutionWeight is the 分值 ExecutionScore is out of.
	ExecutionWeight string            `json:"execution_weight"`
	Level1          map[string]string `json:"level1"`
	Total           string            `json:"total"`
	Grade           string            `json:"grade"`
	// Valid is false when the weights do not add up to the rules' total:
	// the total cannot be graded, InvalidReason says why.
	Valid         bool   `json:"valid"`
	InvalidReason string `json:"invalid_reason,omitempty"`
	// Sources are the funding-source rows' 执行率, when the table has any.
	Sources []sourceJSON `json:"sources,omitempty"`
	// Review is the 复核 figures, when any row has a 复核分.
	Review *reviewJSON `json:"review,omitempty"`
}

// sourceJSON is one funding-source row's 执行率 (null without a budget).
type sourceJSON struct {
	Name          string  `json:"name"`
	ExecutionRate *string `json:"execution_rate"`
}

// reviewJSON is a table's 复核: each 一级指标's 复核 subtotal, the 复核总分
// and its 等级.
type reviewJSON struct {
	Level1 map[string]string `json:"level1"`
	Total  string            `json:"total"`
	Grade  string            `json:"grade"`
}

func tableJSON(t domain.TableScore, named bool) scoreJSON {
	s := scoreJSON{ExecutionScore: t.ExecutionScore.StringFixed(2), ExecutionWeight: t.ExecutionWeight.StringFixed(2), Level1: map[string]string{}, Total: t.Total.StringFixed(2), Grade: t.Grade,
		Valid: t.Valid, InvalidReason: t.InvalidReason}
	if named {
		s.Name = t.Name
	}
	if t.Rate.IsSet() {
		r := t.Rate.Fixed2()
		s.ExecutionRate = &r
	}
	for name, v := range t.Subtotals() {
		s.Level1[name] = v.StringFixed(2)
	}
	for _, src := range t.Sources {
		j := sourceJSON{Name: src.Name}
		if src.Rate.IsSet() {
			r := src.Rate.Fixed2()
			j.ExecutionRate = &r
		}
		s.Sources = append(s.Sources, j)
	}
	if t.HasReview {
		s.Review = &reviewJSON{Level1: map[string]string{}, Total: t.ReviewTotal.StringFixed(2), Grade: t.ReviewGrade}
		for _, l := range t.Levels {
			s.Review.Level1[l.Name] = domain.Round2(l.Reviewed).StringFixed(2)
		}
	}
	return s
}

func runScore(app *App, args []string) int {
	fs := newFlagSet(app, "score", scoreUsage)
	asJSON := fs.Bool("json", false, "")
	rulesPath := rulesFlag(fs)
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	f, sets, code, ok := loadOneFiling(app, "score", *rulesPath, pos)
	if !ok {
		return code
	}
	rules := sets.For(f)
	sc := domain.Score(f, rules)
	if *asJSON {
		out := struct {
			Rules    rulesJSON   `json:"rules"`
			Overall  scoreJSON   `json:"overall"`
			Projects []scoreJSON `json:"projects"`
		}{Rules: rulesJSON{ID: rules.ID, Name: rules.Name}, Overall: tableJSON(sc.Overall, false), Projects: []scoreJSON{}}
		for _, p := range sc.Projects {
			out.Projects = append(out.Projects, tableJSON(p, true))
		}
		return writeJSON(app, "score", out)
	}
	fmt.Fprintf(app.stdout, "%s %d年度\n%s\n\n", termsafe.String(f.Unit), f.Year, termsafe.String(rulesLine(rules)))
	writeScoreText(app.stdout, "附件2 整体支出绩效自评表", sc.Overall)
	for i, p := range sc.Projects {
		fmt.Fprintln(app.stdout)
		writeScoreText(app.stdout, fmt.Sprintf("附件3 项目支出绩效自评表（%d）%s", i+1, p.Name), p)
	}
	return exitOK
}

// writeScoreText writes one table's score: the title, then one row per
// figure, the values aligned by display width (writeIndentedTable, which
// also escapes the project's and the levels' names for the terminal).
func writeScoreText(w io.Writer, title string, t domain.TableScore) {
	fmt.Fprintln(w, termsafe.String(title))
	rate := "—（全年预算数为空或为0）"
	if t.Rate.IsSet() {
		rate = t.Rate.Fixed2() + "%"
	}
	rows := [][]string{
		{"执行率", rate},
		{"执行率得分", t.ExecutionScore.StringFixed(2) + " / " + t.ExecutionWeight.StringFixed(2)},
	}
	for _, l := range t.Levels {
		rows = append(rows, []string{l.Name, domain.Round2(l.Score).StringFixed(2) + " / " + l.Weight.StringFixed(2)})
	}
	rows = append(rows, []string{"总分", t.Total.StringFixed(2)}, []string{"等级", t.Grade})
	if t.HasReview {
		rows = append(rows, []string{"复核总分", t.ReviewTotal.StringFixed(2)}, []string{"复核等级", t.ReviewGrade})
	}
	for _, src := range t.Sources {
		rate := "—（全年预算数为空或为0）"
		if src.Rate.IsSet() {
			rate = src.Rate.Fixed2() + "%"
		}
		rows = append(rows, []string{"资金来源“" + src.Name + "”执行率", rate})
	}
	if !t.Valid {
		rows = append(rows, []string{"说明", t.InvalidReason})
	}
	writeIndentedTable(w, "  ", rows)
}
