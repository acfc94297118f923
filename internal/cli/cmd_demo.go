package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"jixiao/persist"
	"jixiao/tui"
)

var cmdDemo = &command{name: "demo", summary: "用示例数据打开填报界面（临时数据库，退出后删除）", run: runDemo}

func runDemo(app *App, args []string) int {
	opts, done, code := tuiOptions(app, args, demoUsage)
	if done {
		return code
	}
	if !isTTY(app.stdin) || !isTTY(app.stdout) {
		fmt.Fprintln(app.stderr, "jixiao demo：填报界面需要在终端中运行（标准输入或输出不是终端）。")
		return exitUsage
	}
	store, id, cleanup, err := openDemoStore(app, opts.User)
	if err != nil {
		fmt.Fprintln(app.stderr, "jixiao demo：", err)
		return exitFindings
	}
	defer cleanup()
	opts.Store = store
	opts.OpenID = id
	return runProgram(app, opts)
}

// openDemoStore creates a throw-away database in a temporary directory
// holding the sample; cleanup removes the directory.
func openDemoStore(app *App, userName string) (*persist.Store, string, func(), error) {
	dir, err := os.MkdirTemp("", "jixiao-demo-")
	if err != nil {
		return nil, "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	s, err := openTUIStore(app, filepath.Join(dir, "demo.db"), userName)
	if err != nil {
		cleanup()
		return nil, "", nil, err
	}
	m, err := s.Create(tui.Sample())
	if err != nil {
		s.Close()
		cleanup()
		return nil, "", nil, err
	}
	return s, m.ID, func() { s.Close(); cleanup() }, nil
}
