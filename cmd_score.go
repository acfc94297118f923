package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

func init() {
	register(command{name: "score", order: 20, summary: "计算得分：执行率、执行率得分、一级指标小计、总分和等级", run: runScore})
	register(command{name: "check", order: 21, summary: "检查填报：规则、计算和各附件之间的一致性", run: runCheck})
}

const scoreUsage = `用法：jixiao score 文件.json|编号 [--json]

计算附件2 整体支出绩效自评表和每张附件3 项目支出绩效自评表的
执行率、执行率得分、产出/效益/满意度指标小计、总分和等级。

分值合计与评分规则的总分不符时，总分不能评定等级：等级显示为
“无效（权重合计110）”并说明原因（--json 中 "valid": false 和 "invalid_reason"）。

选项：
  --json    以 JSON 输出（金额和得分为两位小数的字符串，没有执行率时为 null）
`

const checkUsage = `用法：jixiao check 文件.json|编号 [--json]

按评分规则检查填报内容，并核对附件1至附件4之间的数字是否一致。
每条结果有级别（错误/警告/提示）、代码、说明和位置。

选项：
  --json    以 JSON 输出

退出码：0 没有错误；1 有错误；2 文件无法读取。
`

// scoreJSON is the --json form of one table's score.
type scoreJSON struct {
	Name           string            `json:"name,omitempty"`
	ExecutionRate  *string           `json:"execution_rate"`
	ExecutionScore string            `json:"execution_score"`
	Level1         map[string]string `json:"level1"`
	Total          string            `json:"total"`
	Grade          string            `json:"grade"`
	// Valid is false when the weights do not add up to the rules' total:
	// the total cannot be graded, InvalidReason says why.
	Valid         bool   `json:"valid"`
	InvalidReason string `json:"invalid_reason,omitempty"`
}

func tableJSON(t domain.TableScore, named bool) scoreJSON {
	s := scoreJSON{ExecutionScore: t.ExecutionScore.StringFixed(2), Level1: map[string]string{}, Total: t.Total.StringFixed(2), Grade: t.Grade,
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
	return s
}

func runScore(e *env, args []string) int {
	fs := newFlagSet(e, "score", scoreUsage)
	asJSON := fs.Bool("json", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.fail("score", exitUsage, "需要且只需要一个文件或编号。运行 jixiao score --help 查看用法。")
	}
	f, err := loadFiling(e, pos[0])
	if err != nil {
		return e.fail("score", loadExitCode(err), "%v", err)
	}
	sc := domain.Score(f, domain.DefaultRules())
	if *asJSON {
		out := struct {
			Overall  scoreJSON   `json:"overall"`
			Projects []scoreJSON `json:"projects"`
		}{Overall: tableJSON(sc.Overall, false), Projects: []scoreJSON{}}
		for _, p := range sc.Projects {
			out.Projects = append(out.Projects, tableJSON(p, true))
		}
		return writeJSON(e, "score", out)
	}
	fmt.Fprintf(e.stdout, "%s %d年度\n\n", termsafe.String(f.Unit), f.Year)
	writeScoreText(e.stdout, "附件2 整体支出绩效自评表", sc.Overall)
	for i, p := range sc.Projects {
		fmt.Fprintln(e.stdout)
		writeScoreText(e.stdout, fmt.Sprintf("附件3 项目支出绩效自评表（%d）%s", i+1, p.Name), p)
	}
	return exitOK
}

// writeScoreText writes one table's score; title (which holds the
// project's name) and the level names are escaped for the terminal.
func writeScoreText(w io.Writer, title string, t domain.TableScore) {
	fmt.Fprintln(w, termsafe.String(title))
	rate := "—（全年预算数为空或为0）"
	if t.Rate.IsSet() {
		rate = t.Rate.Fixed2() + "%"
	}
	fmt.Fprintf(w, "  执行率        %s\n", rate)
	fmt.Fprintf(w, "  执行率得分    %s / %s\n", t.ExecutionScore.StringFixed(2), t.ExecutionWeight.StringFixed(2))
	for _, l := range t.Levels {
		fmt.Fprintf(w, "  %-10s    %s / %s\n", termsafe.String(l.Name), domain.Round2(l.Score).StringFixed(2), l.Weight.StringFixed(2))
	}
	fmt.Fprintf(w, "  总分          %s\n", t.Total.StringFixed(2))
	fmt.Fprintf(w, "  等级          %s\n", termsafe.String(t.Grade))
	if !t.Valid {
		fmt.Fprintf(w, "  说明          %s\n", termsafe.String(t.InvalidReason))
	}
}

// writeJSON writes v as indented JSON. encoding/json escapes C0 controls
// but leaves DEL, the C1 controls (8-bit CSI) and the bidi overrides as
// they are; they are written as \u escapes too, so no filer text can
// drive the terminal (the JSON means the same).
func writeJSON(e *env, name string, v any) int {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return e.fail(name, exitFindings, "输出失败：%v", err)
	}
	var b strings.Builder
	for _, r := range buf.String() {
		if r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	if _, err := io.WriteString(e.stdout, b.String()); err != nil {
		return e.fail(name, exitFindings, "输出失败：%v", err)
	}
	return exitOK
}

// findingJSON is the --json form of a finding.
type findingJSON struct {
	Severity   string `json:"severity"`
	Code       string `json:"code"`
	Message    string `json:"message"`
	Attachment int    `json:"attachment"`
	Project    *int   `json:"project"`
	Path       string `json:"path"`
}

func findingOut(fd domain.Finding) findingJSON {
	j := findingJSON{Severity: fd.Severity.Key(), Code: fd.Code, Message: fd.Message, Attachment: fd.Where.Attachment, Path: fd.Where.Path}
	if fd.Where.Project >= 0 {
		p := fd.Where.Project
		j.Project = &p
	}
	return j
}

// writeFindings lists findings as check does, filer text escaped.
func writeFindings(w io.Writer, findings []domain.Finding) {
	for _, fd := range findings {
		where := "整体"
		if fd.Where.Attachment > 0 {
			where = fmt.Sprintf("附件%d", fd.Where.Attachment)
		}
		fmt.Fprintf(w, "%s  %-4s %s  %s\n    位置：%s\n", fd.Severity, where, fd.Code, termsafe.String(fd.Message), termsafe.String(strings.TrimSpace(fd.Where.Path)))
	}
}

func runCheck(e *env, args []string) int {
	fs := newFlagSet(e, "check", checkUsage)
	asJSON := fs.Bool("json", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.fail("check", exitUsage, "需要且只需要一个文件或编号。运行 jixiao check --help 查看用法。")
	}
	f, err := loadFiling(e, pos[0])
	if err != nil {
		return e.fail("check", loadExitCode(err), "%v", err)
	}
	findings := domain.Check(f, domain.DefaultRules())
	errs, warns, infos := domain.Counts(findings)
	if *asJSON {
		out := struct {
			Errors   int           `json:"errors"`
			Warnings int           `json:"warnings"`
			Infos    int           `json:"infos"`
			Findings []findingJSON `json:"findings"`
		}{errs, warns, infos, []findingJSON{}}
		for _, fd := range findings {
			out.Findings = append(out.Findings, findingOut(fd))
		}
		if c := writeJSON(e, "check", out); c != exitOK {
			return c
		}
	} else {
		fmt.Fprintf(e.stdout, "%s %d年度：%d个错误，%d个警告，%d个提示\n", termsafe.String(f.Unit), f.Year, errs, warns, infos)
		writeFindings(e.stdout, findings)
	}
	if errs > 0 {
		return exitFindings
	}
	return exitOK
}
