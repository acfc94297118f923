package cli

import (
	"fmt"
	"time"

	"jixiao/internal/termsafe"
	"jixiao/persist"
)

var cmdDelete = &command{name: "delete", summary: "删除一份填报（需加 --yes；90 天内可以恢复）", run: runDelete}

func retentionDays() int { return int(persist.DeletedRetention / (24 * time.Hour)) }

func deleteUsage() string {
	return fmt.Sprintf(`用法：jixiao delete 编号 --yes

删除一份填报。为防误删，必须加 --yes。
删除后它不再出现在列表中，但所有版本都保留 %d 天：这期间可以用
jixiao undelete 编号 恢复，用 jixiao list --deleted 查看。%d 天后的下一次新建或删除
会把它永久清除。

选项：
  --yes    确认删除
`, retentionDays(), retentionDays()) + dbHelp
}

func runDelete(app *App, args []string) int {
	fs := newFlagSet(app, "delete", deleteUsage())
	yes := fs.Bool("yes", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return app.fail("delete", exitUsage, "需要且只需要一个编号。运行 jixiao delete --help 查看用法。")
	}
	if !*yes {
		what := ""
		if s, err := openStore(app, false); err == nil {
			if m, err := s.Meta(pos[0]); err == nil && !m.Deleted {
				what = fmt.Sprintf("（%s：%s %d年度，版本 %d）", m.ID, termsafe.String(m.Unit), m.Year, m.Revision)
			}
		}
		return app.fail("delete", exitUsage, "删除需要确认，没有删除任何内容%s。确认要删除请加 --yes 再运行一次：\n  jixiao delete %s --yes\n删除后 %d 天内可以用 jixiao undelete %s 恢复。",
			what, pos[0], retentionDays(), pos[0])
	}
	s, code, ok := openOrFail(app, "delete", true)
	if !ok {
		return code
	}
	m, err := s.Meta(pos[0])
	if err == nil && m.Deleted {
		err = &persist.DeletedError{ID: m.ID, DeletedAt: m.DeletedAt}
	}
	if err == nil {
		err = s.Delete(m.ID)
	}
	if err != nil {
		return app.fail("delete", storeExitCode(err), "%v", err)
	}
	until := time.Now().Add(persist.DeletedRetention).Format("2006-01-02")
	fmt.Fprintf(app.stdout, "已删除填报 %s（%s %d年度）。\n在 %s 之前（%d 天内）可以恢复：jixiao undelete %s\n", m.ID, termsafe.String(m.Unit), m.Year, until, retentionDays(), m.ID)
	return exitOK
}
