package cli

import (
	"errors"
	"fmt"

	"jixiao/internal/termsafe"
	"jixiao/persist"
)

var cmdUndelete = &command{name: "undelete", summary: "恢复已删除的填报", run: runUndelete}

const undeleteUsage = `用法：jixiao undelete 编号

恢复一份已删除的填报（连同它的全部版本）。已删除的填报用 jixiao list --deleted 查看。
` + dbHelp

func runUndelete(app *App, args []string) int {
	fs := newFlagSet(app, "undelete", undeleteUsage)
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return app.fail("undelete", exitUsage, "需要且只需要一个编号。运行 jixiao undelete --help 查看用法。")
	}
	s, code, ok := openOrFail(app, "undelete", true)
	if !ok {
		return code
	}
	err := s.Undelete(pos[0])
	if errors.Is(err, persist.ErrNotDeleted) {
		fmt.Fprintf(app.stdout, "填报 %s 没有被删除，不需要恢复。\n", termsafe.String(pos[0]))
		return exitOK
	}
	if err != nil {
		return app.fail("undelete", storeExitCode(err), "%v", err)
	}
	m, _ := s.Meta(pos[0])
	fmt.Fprintf(app.stdout, "已恢复填报 %s（%s %d年度，版本 %d）。\n", m.ID, termsafe.String(m.Unit), m.Year, m.Revision)
	return exitOK
}
