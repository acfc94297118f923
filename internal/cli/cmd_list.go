package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"jixiao/persist"
	"jixiao/store"
)

var cmdList = &command{name: "list", summary: "列出数据库中的填报（编号、单位、年度、总分、等级、修改时间、版本）", run: runList}

const listUsage = `用法：jixiao list [--json] [--deleted]

列出数据库中的填报，最近修改的在前：编号、单位、年度、总分、等级、修改时间、版本，
以及最新的命名版本（jixiao history 编号 --name 版本号 名称 命名）。
编号用于 show、export、score、check、history 等命令。

选项：
  --json       以 JSON 输出
  --deleted    列出已删除、仍可恢复的填报
` + dbHelp

// listJSON is one filing in list --json.
type listJSON struct {
	ID        string     `json:"id"`
	Unit      string     `json:"unit"`
	Year      int        `json:"year"`
	Total     string     `json:"total"`
	Grade     string     `json:"grade"`
	Updated   time.Time  `json:"updated"`
	Revision  int        `json:"revision"`
	User      string     `json:"user"`
	Errors    int        `json:"errors"`
	Warnings  int        `json:"warnings"`
	DeletedAt *time.Time `json:"deleted_at,omitempty"`
	PurgeAt   *time.Time `json:"purge_after,omitempty"`
	// NamedVersion is the newest named version, when there is one.
	NamedVersion *namedJSON `json:"named_version,omitempty"`
}

// namedJSON is a named version in list --json.
type namedJSON struct {
	Revision int    `json:"revision"`
	Name     string `json:"name"`
}

// namedVersion is the 版本名称 column of list: the newest named version.
func namedVersion(m store.Meta) string {
	if m.LatestName == "" {
		return ""
	}
	if m.LatestNamedRev == m.Revision {
		return m.LatestName
	}
	return fmt.Sprintf("%s（版本 %d）", m.LatestName, m.LatestNamedRev)
}

func runList(app *App, args []string) int {
	fs := newFlagSet(app, "list", listUsage)
	asJSON := fs.Bool("json", false, "")
	deleted := fs.Bool("deleted", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return app.fail("list", exitUsage, "list 不需要参数（多余的：%s）。运行 jixiao list --help 查看用法。", strings.Join(pos, " "))
	}
	var metas []store.Meta
	path := ""
	s, err := openStore(app, false)
	var nodb *errNoDatabase
	switch {
	case errors.As(err, &nodb):
		path = nodb.path
	case err != nil:
		return app.fail("list", storeExitCode(err), "%v", err)
	default:
		path = s.Path()
		if *deleted {
			metas, err = s.ListDeleted()
		} else {
			metas, err = s.List()
		}
		if err != nil {
			return app.fail("list", storeExitCode(err), "%v", err)
		}
	}
	if *asJSON {
		out := make([]listJSON, 0, len(metas))
		for _, m := range metas {
			j := listJSON{ID: m.ID, Unit: m.Unit, Year: m.Year, Total: m.Total, Grade: m.Grade, Updated: m.Updated,
				Revision: m.Revision, User: m.User, Errors: m.Errors, Warnings: m.Warnings}
			if m.Deleted {
				at, purge := m.DeletedAt, m.DeletedAt.Add(persist.DeletedRetention)
				j.DeletedAt, j.PurgeAt = &at, &purge
			}
			if m.LatestName != "" {
				j.NamedVersion = &namedJSON{Revision: m.LatestNamedRev, Name: m.LatestName}
			}
			out = append(out, j)
		}
		return writeJSON(app, "list", out)
	}
	if len(metas) == 0 {
		switch {
		case *deleted:
			fmt.Fprintf(app.stdout, "数据库 %s 中没有已删除的填报。\n", path)
		default:
			fmt.Fprintf(app.stdout, "数据库 %s 中还没有填报。用 jixiao import 文件.json 导入，或运行 jixiao 新建。\n", path)
		}
		return exitOK
	}
	if *deleted {
		rows := [][]string{{"编号", "单位", "年度", "总分", "等级", "删除时间", "可恢复至"}}
		for _, m := range metas {
			rows = append(rows, []string{m.ID, m.Unit, strconv.Itoa(m.Year), m.Total, m.Grade,
				m.DeletedAt.Format(timeLayout), m.DeletedAt.Add(persist.DeletedRetention).Format("2006-01-02")})
		}
		writeTable(app.stdout, rows)
		fmt.Fprintln(app.stdout, "\n恢复：jixiao undelete 编号")
		return exitOK
	}
	rows := [][]string{{"编号", "单位", "年度", "总分", "等级", "修改时间", "版本", "版本名称"}}
	for _, m := range metas {
		rows = append(rows, []string{m.ID, m.Unit, strconv.Itoa(m.Year), m.Total, m.Grade, m.Updated.Format(timeLayout), strconv.Itoa(m.Revision), namedVersion(m)})
	}
	writeTable(app.stdout, rows)
	return exitOK
}
