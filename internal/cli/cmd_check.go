package cli

import (
	"fmt"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

var cmdCheck = &command{name: "check", summary: "检查填报：规则、计算和各附件之间的一致性", run: runCheck}

const checkUsage = `用法：jixiao check 文件.json|编号 [--json] [--rules 规则文件.json]

按评分规则检查填报内容，并核对附件1至附件4之间的数字是否一致。
每条结果有级别（错误/警告/提示）、代码、说明和位置。

选项：
  --json    以 JSON 输出
` + rulesFlagUsage + `
退出码：0 没有错误；1 有错误；2 文件无法读取。
`

func runCheck(app *App, args []string) int {
	fs := newFlagSet(app, "check", checkUsage)
	asJSON := fs.Bool("json", false, "")
	rulesPath := rulesFlag(fs)
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	f, sets, code, ok := loadOneFiling(app, "check", *rulesPath, pos)
	if !ok {
		return code
	}
	ev := sets.Evaluate(f)
	findings := ev.Findings
	errs, warns, infos := domain.Counts(findings)
	if *asJSON {
		out := struct {
			Rules    string        `json:"rules"`
			Errors   int           `json:"errors"`
			Warnings int           `json:"warnings"`
			Infos    int           `json:"infos"`
			Findings []findingJSON `json:"findings"`
		}{ev.Rules.ID, errs, warns, infos, []findingJSON{}}
		for _, fd := range findings {
			out.Findings = append(out.Findings, findingOut(fd))
		}
		if c := writeJSON(app, "check", out); c != exitOK {
			return c
		}
	} else {
		fmt.Fprintf(app.stdout, "%s %d年度：%d个错误，%d个警告，%d个提示\n%s\n", termsafe.String(f.Unit), f.Year, errs, warns, infos, termsafe.String(rulesLine(ev.Rules)))
		writeFindings(app.stdout, findings)
	}
	if errs > 0 {
		return exitFindings
	}
	return exitOK
}
