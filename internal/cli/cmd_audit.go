package cli

import (
	"fmt"
	"strings"

	"jixiao/internal/termsafe"
	"jixiao/store"
)

var cmdAudit = &command{name: "audit", summary: "显示一份填报的审计记录（谁、何时、改了哪些字段）", run: runAudit}

const auditUsage = `用法：jixiao audit 编号 [--json]

显示一份填报的审计记录：每次保存的时间、用户、版本，以及改动的字段（原值 → 新值）。
每次修改（新建、保存、自动保存、导入、恢复、删除、命名版本）都与修改本身在同一事务中
记录，无论来自 jixiao serve、本地界面还是命令行（命令行记录操作系统用户名）。

选项：
  --json   以 JSON 输出
` + dbHelp

func runAudit(app *App, args []string) int {
	fs := newFlagSet(app, "audit", auditUsage)
	asJSON := fs.Bool("json", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return app.fail("audit", exitUsage, "需要且只需要一个编号。运行 jixiao audit --help 查看用法。")
	}
	s, code, ok := openOrFail(app, "audit", false)
	if !ok {
		return code
	}
	trail, err := s.Audit(pos[0])
	if err != nil {
		return app.fail("audit", storeExitCode(err), "%v", err)
	}
	if *asJSON {
		if trail == nil {
			trail = []store.AuditEntry{}
		}
		return writeJSON(app, "audit", trail)
	}
	if len(trail) == 0 {
		fmt.Fprintf(app.stdout, "填报 %s 还没有审计记录（旧版 jixiao 只在 serve 中记录）。\n", termsafe.String(pos[0]))
		return exitOK
	}
	fmt.Fprintf(app.stdout, "填报 %s 的审计记录（%d 条，按时间先后）：\n", trail[0].Filing, len(trail))
	for _, a := range trail {
		fmt.Fprintln(app.stdout)
		head := fmt.Sprintf("%s  %s  %s", a.Time.Format("2006-01-02 15:04:05"), a.User, a.Action)
		if a.Rev > 0 {
			head += fmt.Sprintf("（版本 %d）", a.Rev)
		}
		if a.Note != "" {
			head += "  " + a.Note
		}
		fmt.Fprintln(app.stdout, termsafe.String(head))
		for _, c := range a.Changes {
			label := c.Label
			if label == "" {
				label = c.Path
			}
			fmt.Fprintf(app.stdout, "  %s：%s → %s\n", termsafe.String(label), auditValue(c.Old), auditValue(c.New))
		}
		if a.Omitted > 0 {
			fmt.Fprintf(app.stdout, "  ……另有 %d 处改动未列出\n", a.Omitted)
		}
	}
	return exitOK
}

// auditValue shows a value on one line, "（空）" for blank.
func auditValue(s string) string {
	if strings.TrimSpace(s) == "" {
		return "（空）"
	}
	s = strings.ReplaceAll(s, "\n", "⏎")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return "“" + termsafe.String(s) + "”"
}
