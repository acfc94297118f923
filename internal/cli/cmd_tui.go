package cli

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"os/user"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"jixiao/persist"
	"jixiao/tui"
)

// isTTY reports whether v, a stream, is a terminal: it has a file
// descriptor and that descriptor is a terminal.
func isTTY(v any) bool {
	f, ok := v.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(f.Fd())
}

const asciiOption = "\n选项：\n  --ascii   只用 ASCII 字符画边框和标记（也可设置环境变量 JIXIAO_ASCII=1）\n"

// tuiUsage and demoUsage are the --help texts of jixiao and jixiao demo.
const (
	tuiUsage  = "用法：jixiao [--db 路径] [--ascii]\n\n打开填报界面（默认数据库见 jixiao db path）。\n" + asciiOption
	demoUsage = "用法：jixiao demo [--ascii]\n\n在临时数据库中打开梅溪街道2024年度示例填报，退出后删除。\n" + asciiOption
)

// tuiOptions reads the flags (usage is the --help text) and the terminal
// settings from the environment.
func tuiOptions(app *App, args []string, usage string) (tui.Options, bool, int) {
	fs := newFlagSet(app, "tui", usage)
	ascii := fs.Bool("ascii", os.Getenv("JIXIAO_ASCII") == "1", "")
	if _, code, done := fs.parse(args); done {
		return tui.Options{}, true, code
	}
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return tui.Options{User: name, ASCII: *ascii, Profile: colorprofile.Detect(app.stdout, os.Environ())}, false, 0
}

func runTUI(app *App, args []string) int {
	opts, done, code := tuiOptions(app, args, tuiUsage)
	if done {
		return code
	}
	if !isTTY(app.stdin) || !isTTY(app.stdout) {
		fmt.Fprintln(app.stderr, "jixiao：填报界面需要在终端中运行（标准输入或输出不是终端）；脚本中请使用 jixiao --help 列出的命令。")
		return exitUsage
	}
	s, err := openTUIStore(app, app.dbPath, opts.User)
	if err != nil {
		fmt.Fprintln(app.stderr, "jixiao：", err)
		return storeExitCode(err)
	}
	defer s.Close()
	opts.Store = s
	// Drafts that cannot be saved go to recovery files of this database,
	// offered at the next start.
	if rec, err := tui.NewRecovery(s.Path()); err == nil {
		opts.Recovery = rec
	}
	return runProgram(app, opts)
}

// exitSaveTimeout bounds the save on SIGHUP, SIGTERM or SIGINT: after it
// the program is stopped and what is left goes to the recovery file.
const exitSaveTimeout = 5 * time.Second

// runProgram runs the TUI until it quits. SIGHUP (the terminal or the SSH
// connection closed), SIGTERM and SIGINT do not end it at once: the model
// gets tui.SaveAndQuitMsg, which commits the open edit and saves, and is
// given exitSaveTimeout to do it. Whatever is still unsaved when the
// program has ended (the terminal vanished under it, the save timed out)
// is saved by Model.SaveOnExit or kept in the recovery file.
func runProgram(app *App, opts tui.Options) int {
	popts := []tea.ProgramOption{tea.WithInput(app.stdin), tea.WithOutput(app.stdout), tea.WithColorProfile(opts.Profile),
		tea.WithoutSignalHandler()}
	if opts.Width > 0 && opts.Height > 0 {
		// A size given up front (tests; a terminal reports its own).
		popts = append(popts, tea.WithWindowSize(opts.Width, opts.Height))
	}
	p := tea.NewProgram(tui.New(opts), popts...)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sigs)
	ran := make(chan struct{})
	go func() {
		select {
		case <-sigs:
		case <-ran:
			return
		}
		p.Send(tui.SaveAndQuitMsg{})
		select {
		case <-ran:
		case <-time.After(exitSaveTimeout):
			p.Kill()
		}
	}()
	final, err := p.Run()
	close(ran)
	m, _ := final.(*tui.Model)
	if m == nil {
		if err != nil {
			fmt.Fprintln(app.stderr, "jixiao：", err)
		}
		return exitFindings
	}
	lost := false
	if r, ok := m.QuitResult(); ok {
		// Ended by a signal: say what became of the changes.
		lost = r.Lost()
		if r.Kind != tui.QuitNoChanges || len(r.Invalid) > 0 {
			fmt.Fprintln(app.stderr, "jixiao：", r.Message())
		}
	} else if msg := saveOnExit(m); msg != "" {
		fmt.Fprintln(app.stderr, "jixiao：", msg)
	} else if msg := m.ExitMessage(); msg != "" {
		fmt.Fprintln(app.stderr, "jixiao：", msg)
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		fmt.Fprintln(app.stderr, "jixiao：", err)
		return exitFindings
	}
	if lost {
		return exitFindings
	}
	return exitOK
}

// saveOnExit runs Model.SaveOnExit; a model left broken by a panic must
// not end the program with a second one.
func saveOnExit(m *tui.Model) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("退出时未能保存修改（%v）", r)
		}
	}()
	return m.SaveOnExit(exitSaveTimeout)
}

// openTUIStore opens the filing store for the TUI at path (from --db,
// JIXIAO_DB or the default location when ""), printing the store's
// warnings (such as a DB readable by others). *persist.Store is the TUI's
// store as it is: its metadata is store.Meta and its errors match the
// port's sentinels.
func openTUIStore(app *App, path string, userName string) (*persist.Store, error) {
	if path == "" {
		p, err := persist.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	s, err := app.openDB(path, persist.Options{User: userName})
	if err != nil {
		return nil, err
	}
	for _, w := range s.Warnings() {
		fmt.Fprintln(app.stderr, "jixiao：", w)
	}
	return s, nil
}
