package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"jixiao/persist"
)

var cmdDB = &command{name: "db", summary: "数据库维护：db check 检查完整性，db path 显示数据库位置", run: runDB}

const dbUsage = `用法：jixiao db check [--json]
      jixiao db path

  check   检查数据库的完整性：bbolt 的页面结构，每份填报的每个版本都能读出、
          与保存时的校验值一致。有问题时退出码为 1。其他人正在使用时也可以检查。
  path    显示数据库文件的位置
` + dbHelp

// checkJSON is db check --json.
type checkJSON struct {
	Path      string   `json:"path"`
	OK        bool     `json:"ok"`
	Filings   int      `json:"filings"`
	Deleted   int      `json:"deleted"`
	Revisions int      `json:"revisions"`
	Problems  []string `json:"problems"`
}

func runDB(app *App, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(app.stderr, dbUsage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(app.stdout, dbUsage)
		return exitOK
	case "path":
		path, err := storePath(app)
		if err != nil {
			return app.fail("db path", exitFindings, "%v", err)
		}
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		fmt.Fprintln(app.stdout, path)
		return exitOK
	case "check":
		return runDBCheck(app, args[1:])
	}
	return app.fail("db", exitUsage, "未知的子命令“%s”。运行 jixiao db --help 查看用法。", args[0])
}

func runDBCheck(app *App, args []string) int {
	flags := newFlagSet(app, "db check", dbUsage)
	asJSON := flags.Bool("json", false, "")
	pos, code, done := flags.parse(args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return app.fail("db check", exitUsage, "db check 不需要参数。运行 jixiao db --help 查看用法。")
	}
	path, _ := storePath(app)
	report := func(out checkJSON) int {
		code := exitOK
		if !out.OK {
			code = exitFindings
		}
		if *asJSON {
			if c := writeJSON(app, "db check", out); c != exitOK {
				return c
			}
			return code
		}
		if out.OK {
			fmt.Fprintf(app.stdout, "数据库 %s 检查通过：%d 份填报（另有 %d 份已删除、可恢复），共 %d 个版本。\n", out.Path, out.Filings, out.Deleted, out.Revisions)
			return code
		}
		fmt.Fprintf(app.stdout, "数据库 %s 有 %d 个问题：\n", out.Path, len(out.Problems))
		for _, p := range out.Problems {
			fmt.Fprintln(app.stdout, "  -", p)
		}
		fmt.Fprintln(app.stdout, "数据库文件没有被修改。可以从备份恢复（见 docs/storage.md），或用 jixiao export 导出仍能读出的填报。")
		return code
	}
	s, err := openStore(app, false)
	if err != nil {
		if errors.Is(err, persist.ErrLocked) || errors.Is(err, fs.ErrNotExist) && !errors.Is(err, persist.ErrNotDatabase) {
			return app.fail("db check", storeExitCode(err), "%v", err)
		}
		return report(checkJSON{Path: path, Problems: []string{err.Error()}})
	}
	problems, sum, err := s.CheckDetail()
	if err != nil {
		if errors.Is(err, persist.ErrLocked) {
			return app.fail("db check", exitLocked, "%v", err)
		}
		problems = append(problems, err.Error())
	}
	return report(checkJSON{Path: s.Path(), OK: len(problems) == 0, Filings: sum.Filings, Deleted: sum.Deleted, Revisions: sum.Revisions, Problems: append([]string{}, problems...)})
}
