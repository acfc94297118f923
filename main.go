// Command jixiao drafts, checks, reviews and exports the annual
// 预算单位整体支出绩效自评 package of a budget unit.
//
// main.go only parses the command line and dispatches; each command lives in
// a cmd_*.go file of its own and calls the domain, persist, report, tui and
// serve packages.
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// Exit codes shared by every command.
const (
	exitOK       = 0
	exitFindings = 1 // check found errors, or a command failed
	exitUsage    = 2 // bad arguments or unreadable input
	exitLocked   = 3 // the database could not be opened in time
)

// env is what a command runs with: its streams and the global options.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// dbPath is the --db value, "" when not given.
	dbPath string
}

// command is one jixiao subcommand.
type command struct {
	name    string
	order   int
	summary string // one line, Chinese
	run     func(e *env, args []string) int
}

var commands []command

// register adds a command; each cmd_*.go file registers its own in init.
func register(c command) { commands = append(commands, c) }

// defaultCommand runs when jixiao is started without a command; the TUI
// replaces it.
var defaultCommand = func(e *env, args []string) int {
	printUsage(e.stdout)
	return exitOK
}

func main() {
	os.Exit(run(os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
}

func run(args []string, e *env) int {
	args, dbPath, err := extractDBFlag(args)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao:", err)
		return exitUsage
	}
	e.dbPath = dbPath
	if len(args) == 0 {
		return defaultCommand(e, nil)
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help", "help":
		if len(args) > 1 {
			if c, ok := lookup(args[1]); ok {
				return c.run(e, []string{"--help"})
			}
		}
		printUsage(e.stdout)
		return exitOK
	}
	if strings.HasPrefix(name, "-") {
		return defaultCommand(e, args)
	}
	c, ok := lookup(name)
	if !ok {
		fmt.Fprintf(e.stderr, "jixiao：未知命令“%s”。运行 jixiao --help 查看全部命令。\n", name)
		return exitUsage
	}
	return c.run(e, args[1:])
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
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

func printUsage(w io.Writer) {
	fmt.Fprint(w, `jixiao（绩效）—— 预算单位整体支出绩效自评的填报、检查、复核与导出工具

用法：
  jixiao                       打开填报界面（使用默认数据库）
  jixiao 命令 [参数]

命令：
`)
	cs := slices.Clone(commands)
	slices.SortFunc(cs, func(a, b command) int { return a.order - b.order })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
全局选项：
  --db 路径                    使用指定的数据库文件（也可用环境变量 JIXIAO_DB）
  -h, --help                   显示帮助；jixiao 命令 --help 显示该命令的帮助

退出码：0 成功；1 检查发现错误或操作失败；2 参数或输入文件有误；3 数据库被占用。
`)
}
