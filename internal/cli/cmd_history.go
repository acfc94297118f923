package cli

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"jixiao/internal/termsafe"
	"jixiao/persist"
	"jixiao/store"
)

var cmdHistory = &command{name: "history", summary: "列出一份填报保存过的版本（时间、用户、总分）", run: runHistory}

const historyUsage = `用法：jixiao history 编号 [--json]
      jixiao history 编号 --name 版本号 名称
      jixiao history 编号 --unname 版本号

列出一份填报保存过的版本，最新的在前：版本号、保存时间、保存的用户、总分、等级、
说明（新建、保存、自动保存、导入、恢复自版本N）和版本名称。
用 jixiao restore 编号 --rev 版本号 恢复旧版本。

命名版本：--name 版本号 名称 给一个版本起名（如“提交财政局”，最多 40 个字），
命名的版本永远保留，并在 history 和 list 中显示；--unname 版本号 取消名称。

保留规则（按时间，不按个数）：最近 1 小时内的版本全部保留；24 小时内每 10 分钟
保留最后一个；90 天内每天保留最后一个；更早的每月保留最后一个。第一个版本、
导入的版本、恢复点和命名的版本永远保留。一次编辑中的自动保存合并为一个版本
（10 分钟后、离开或保存填报时另起一个）。

选项：
  --name 版本号     给该版本命名（名称是第二个参数）
  --unname 版本号   取消该版本的名称
  --json            以 JSON 输出
` + dbHelp

// historyJSON is history --json.
type historyJSON struct {
	ID        string        `json:"id"`
	Unit      string        `json:"unit"`
	Year      int           `json:"year"`
	Deleted   bool          `json:"deleted"`
	Revisions []revisionOut `json:"revisions"`
}

type revisionOut struct {
	Revision int        `json:"revision"`
	Updated  time.Time  `json:"updated"`
	User     string     `json:"user"`
	Total    string     `json:"total"`
	Grade    string     `json:"grade"`
	Errors   int        `json:"errors"`
	Warnings int        `json:"warnings"`
	Note     string     `json:"note"`
	Kind     store.Kind `json:"kind"`
	Name     string     `json:"name,omitempty"`
}

func revisionJSON(r store.Meta) revisionOut {
	return revisionOut{r.Revision, r.Updated, r.User, r.Total, r.Grade, r.Errors, r.Warnings, r.Note, r.Kind, r.Name}
}

func runHistory(app *App, args []string) int {
	fs := newFlagSet(app, "history", historyUsage)
	asJSON := fs.Bool("json", false, "")
	nameRev := fs.Int("name", 0, "")
	unnameRev := fs.Int("unname", 0, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	naming := false
	fs.Visit(func(f *flag.Flag) { naming = naming || f.Name == "name" || f.Name == "unname" })
	if naming {
		return runNameVersion(app, pos, *nameRev, *unnameRev, *asJSON)
	}
	if len(pos) != 1 {
		return app.fail("history", exitUsage, "需要且只需要一个编号。运行 jixiao history --help 查看用法。")
	}
	s, code, ok := openOrFail(app, "history", false)
	if !ok {
		return code
	}
	revs, err := s.History(pos[0])
	if err != nil {
		return app.fail("history", storeExitCode(err), "%v", err)
	}
	head := revs[0]
	if *asJSON {
		out := historyJSON{ID: head.ID, Unit: head.Unit, Year: head.Year, Deleted: head.Deleted, Revisions: []revisionOut{}}
		for _, r := range revs {
			out.Revisions = append(out.Revisions, revisionJSON(r))
		}
		return writeJSON(app, "history", out)
	}
	fmt.Fprintf(app.stdout, "填报 %s：%s %d年度，保留了 %d 个版本，当前为版本 %d\n", head.ID, termsafe.String(head.Unit), head.Year, len(revs), head.Revision)
	if head.Deleted {
		fmt.Fprintf(app.stdout, "（已于 %s 删除；%s 之前可用 jixiao undelete %s 恢复）\n",
			head.DeletedAt.Format(timeLayout), head.DeletedAt.Add(persist.DeletedRetention).Format("2006-01-02"), head.ID)
	}
	fmt.Fprintln(app.stdout)
	rows := [][]string{{"版本", "保存时间", "用户", "总分", "等级", "错误", "警告", "说明", "版本名称"}}
	for _, r := range revs {
		rows = append(rows, []string{strconv.Itoa(r.Revision), r.Updated.Format("2006-01-02 15:04:05"), r.User, r.Total, r.Grade,
			strconv.Itoa(r.Errors), strconv.Itoa(r.Warnings), r.Note, r.Name})
	}
	writeTable(app.stdout, rows)
	return exitOK
}

// runNameVersion is history --name N 名称 and history --unname N.
func runNameVersion(app *App, pos []string, nameRev, unnameRev int, asJSON bool) int {
	rev, name := nameRev, ""
	switch {
	case nameRev != 0 && unnameRev != 0:
		return app.fail("history", exitUsage, "--name 和 --unname 不能同时使用。")
	case unnameRev != 0:
		rev = unnameRev
		if len(pos) != 1 {
			return app.fail("history", exitUsage, "用法：jixiao history 编号 --unname 版本号")
		}
	default:
		if len(pos) != 2 {
			return app.fail("history", exitUsage, "用法：jixiao history 编号 --name 版本号 名称（名称中有空格时请加引号）")
		}
		if name = strings.TrimSpace(pos[1]); name == "" {
			return app.fail("history", exitUsage, "版本名称不能为空；取消名称请用 --unname 版本号。")
		}
	}
	if rev <= 0 {
		return app.fail("history", exitUsage, "版本号应为正整数（见 jixiao history %s）。", termsafe.String(pos[0]))
	}
	s, code, ok := openOrFail(app, "history", true)
	if !ok {
		return code
	}
	m, err := s.NameRevision(pos[0], rev, name)
	if err != nil {
		code := storeExitCode(err)
		if errors.Is(err, persist.ErrBadName) {
			code = exitUsage
		}
		return app.fail("history", code, "%v", err)
	}
	if asJSON {
		return writeJSON(app, "history", revisionJSON(m))
	}
	if name == "" {
		fmt.Fprintf(app.stdout, "已取消填报 %s 版本 %d 的名称；它今后按保留规则清理。\n", m.ID, rev)
	} else {
		fmt.Fprintf(app.stdout, "已把填报 %s 的版本 %d 命名为“%s”；命名的版本永远保留。\n", m.ID, rev, termsafe.String(m.Name))
	}
	return exitOK
}
