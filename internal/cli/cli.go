// Package cli is jixiao's command line: the commands, their Chinese help
// and messages, and their exit codes. main.go at the module root only
// calls Main.
//
// Every command is listed once, in help order, in the commands table
// below; each lives in a cmd_*.go file of its own and calls the domain,
// persist, report, tui and serve packages. A command gets an *App: the
// standard streams, the database path from --db and the opener of the
// store, so tests run commands in process (run(args, app) int).
package cli

import (
	"fmt"
	"io"
	"strings"

	"jixiao/persist"
)

// Exit codes shared by every command.
const (
	exitOK       = 0
	exitFindings = 1 // check found errors, or a command failed
	exitUsage    = 2 // bad arguments or unreadable input
	exitLocked   = 3 // the database could not be opened in time
)

// Env is what the process gives jixiao: its standard streams.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Opener opens the database at path (persist.Open).
type Opener func(path string, opts persist.Options) (*persist.Store, error)

// App is what a command runs with: its streams, the global options and
// the opener of the store.
type App struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// dbPath is the --db value, "" when not given (JIXIAO_DB or the
	// default path then).
	dbPath string
	// open opens the store; nil means persist.Open.
	open Opener
}

// openDB opens the database at path with the App's opener.
func (app *App) openDB(path string, opts persist.Options) (*persist.Store, error) {
	if app.open == nil {
		return persist.Open(path, opts)
	}
	return app.open(path, opts)
}

// command is one jixiao subcommand.
type command struct {
	name    string
	summary string // one line, Chinese, for jixiao --help
	run     func(app *App, args []string) int
}

// commands is every command in the order jixiao --help lists them.
var commands = []*command{
	cmdList, cmdImport, cmdHistory, cmdRestore, cmdDelete, cmdUndelete, cmdBackup, cmdDB,
	cmdScore, cmdCheck, cmdRules,
	cmdShow, cmdExport, cmdSummary,
	cmdServe, cmdUsers, cmdAudit,
	cmdDemo,
}

// Main runs jixiao with args (without the program name) and returns the
// exit code. Without a command it opens the TUI.
func Main(args []string, env Env) int {
	return run(args, &App{stdin: env.Stdin, stdout: env.Stdout, stderr: env.Stderr, open: persist.Open})
}

// run is Main with an App of the caller's (tests).
func run(args []string, app *App) int {
	args, dbPath, err := extractDBFlag(args)
	if err != nil {
		fmt.Fprintln(app.stderr, "jixiao:", err)
		return exitUsage
	}
	app.dbPath = dbPath
	if len(args) == 0 {
		return runTUI(app, nil)
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help", "help":
		if len(args) > 1 {
			if c, ok := lookup(args[1]); ok {
				return c.run(app, []string{"--help"})
			}
		}
		printUsage(app.stdout)
		return exitOK
	}
	if strings.HasPrefix(name, "-") {
		// Options without a command are the TUI's (--ascii).
		return runTUI(app, args)
	}
	c, ok := lookup(name)
	if !ok {
		fmt.Fprintf(app.stderr, "jixiao：未知命令“%s”。运行 jixiao --help 查看全部命令。\n", name)
		return exitUsage
	}
	return c.run(app, args[1:])
}

// lookup finds a command by name.
func lookup(name string) (*command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return nil, false
}

// extractDBFlag removes --db PATH (or --db=PATH, -db) from anywhere in args,
// so that it is accepted before or after the command name.
func extractDBFlag(args []string) ([]string, string, error) {
	var rest []string
	path := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i:]...)
			return rest, path, nil
		case a == "--db" || a == "-db":
			if i+1 >= len(args) {
				return nil, "", fmt.Errorf("%s 需要一个数据库文件路径", a)
			}
			path = args[i+1]
			i++
		case strings.HasPrefix(a, "--db="), strings.HasPrefix(a, "-db="):
			path = a[strings.IndexByte(a, '=')+1:]
			if path == "" {
				return nil, "", fmt.Errorf("%s 需要一个数据库文件路径", a)
			}
		default:
			rest = append(rest, a)
		}
	}
	return rest, path, nil
}

// printUsage writes jixiao --help.
func printUsage(w io.Writer) {
	fmt.Fprint(w, `jixiao（绩效）—— 预算单位整体支出绩效自评的填报、检查、复核与导出工具

用法：
  jixiao                       打开填报界面（使用默认数据库）
  jixiao 命令 [参数]

命令：
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
全局选项：
  --db 路径                    使用指定的数据库文件（也可用环境变量 JIXIAO_DB）
  -h, --help                   显示帮助；jixiao 命令 --help 显示该命令的帮助

退出码：0 成功；1 检查发现错误或操作失败；2 参数或输入文件有误；3 数据库被占用。
`)
}
