package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"jixiao/domain"
	"jixiao/persist"
	"jixiao/tui"
)

func init() {
	defaultCommand = runTUI
	register(command{name: "demo", order: 90, summary: "用示例数据打开填报界面（临时数据库，退出后删除）", run: runDemo})
}

// persistStore adapts *persist.Store to tui.Store, tui.Autosaver and
// tui.Namer: it converts the metadata, maps persist.ErrConflict to
// tui.ErrConflict and persist.ErrNotFound to tui.ErrNotFound, and turns
// the faults a TUI user can meet (disk full, read-only, the file gone, a
// lock held) into short Chinese messages for the status line (tuiError).
type persistStore struct{ s *persist.Store }

var (
	_ tui.Autosaver = persistStore{}
	_ tui.Namer     = persistStore{}
)

// tuiErr is an error with a message for the TUI; it unwraps to the
// store's error.
type tuiErr struct {
	msg string
	err error
}

func (e *tuiErr) Error() string { return e.msg }
func (e *tuiErr) Unwrap() error { return e.err }

// tuiError describes a store error for the TUI's message line. The
// database path is named once; the TUI adds that the changes are kept and
// retried.
func tuiError(path string, err error) error {
	if err == nil {
		return nil
	}
	var le *persist.LockedError
	var fe *persist.FileError
	var errno syscall.Errno
	switch {
	case errors.Is(err, persist.ErrConflict):
		return fmt.Errorf("%w（%v）", tui.ErrConflict, err)
	case errors.As(err, &le):
		who := "其他进程"
		since := ""
		if !le.Since.IsZero() {
			since = "，自 " + le.Since.Format("15:04:05") + " 起"
		}
		switch {
		case le.User != "" && le.PID != 0:
			who = fmt.Sprintf("用户 %s（进程 %d%s）", le.User, le.PID, since)
		case le.PID != 0:
			who = fmt.Sprintf("进程 %d", le.PID)
			if since != "" {
				who += "（" + since[len("，"):] + "）"
			}
		case le.User != "":
			who = "用户 " + le.User
		}
		return &tuiErr{fmt.Sprintf("数据库被%s占用，暂时无法写入：%s", who, path), err}
	case errors.Is(err, persist.ErrNotFound):
		return &tuiErr{fmt.Sprintf("%v（数据库文件可能已被替换或恢复为备份）", err), fmt.Errorf("%w: %w", tui.ErrNotFound, err)}
	case errors.As(err, &fe) && errors.Is(err, fs.ErrNotExist):
		return &tuiErr{fmt.Sprintf("数据库文件已不存在（被删除或移走；为免写进新的空数据库，没有新建，请把它放回原处）：%s", fe.Path), err}
	case errors.As(err, &errno) && (errno == syscall.ENOSPC || errno == syscall.EDQUOT):
		return &tuiErr{fmt.Sprintf("磁盘空间不足，无法写入数据库（已保存的内容没有受损，请腾出空间）：%s", path), err}
	case errors.As(err, &errno) && errno == syscall.EROFS:
		return &tuiErr{fmt.Sprintf("数据库所在的文件系统是只读的，无法写入：%s", path), err}
	case errors.Is(err, fs.ErrPermission):
		return &tuiErr{fmt.Sprintf("没有权限写入数据库（文件是只读的或属于其他用户）：%s", path), err}
	}
	return err
}

func tuiMeta(m persist.Meta) tui.Meta {
	return tui.Meta{ID: m.ID, Unit: m.Unit, Year: m.Year, Revision: m.Revision, Created: m.Created, Updated: m.Updated,
		User: m.User, Total: m.Total, Grade: m.Grade, Errors: m.Errors, Warnings: m.Warnings, Deleted: m.Deleted, Note: m.Note, Name: m.Name}
}

func (p persistStore) List() ([]tui.Meta, error) {
	ms, err := p.s.List()
	out := make([]tui.Meta, len(ms))
	for i, m := range ms {
		out[i] = tuiMeta(m)
	}
	return out, err
}

func (p persistStore) Get(id string) (*domain.Filing, tui.Meta, error) {
	f, m, err := p.s.Get(id)
	return f, tuiMeta(m), tuiError(p.s.Path(), err)
}

func (p persistStore) Create(f *domain.Filing) (tui.Meta, error) {
	m, err := p.s.Create(f)
	return tuiMeta(m), tuiError(p.s.Path(), err)
}

func (p persistStore) Save(id string, baseRev int, f *domain.Filing) (tui.Meta, error) {
	m, err := p.s.Save(id, baseRev, f)
	return tuiMeta(m), tuiError(p.s.Path(), err)
}

// Autosave is the TUI's timed save: the autosaves of one editing session
// replace their working revision (persist.Store.Autosave).
func (p persistStore) Autosave(id string, baseRev int, f *domain.Filing) (tui.Meta, error) {
	m, err := p.s.Autosave(id, baseRev, f)
	return tuiMeta(m), tuiError(p.s.Path(), err)
}

// NameRevision names a version (never thinned); an empty name removes it.
func (p persistStore) NameRevision(id string, rev int, name string) (tui.Meta, error) {
	m, err := p.s.NameRevision(id, rev, name)
	return tuiMeta(m), tuiError(p.s.Path(), err)
}

func (p persistStore) History(id string) ([]tui.Meta, error) {
	ms, err := p.s.History(id)
	out := make([]tui.Meta, len(ms))
	for i, m := range ms {
		out[i] = tuiMeta(m)
	}
	return out, err
}

func (p persistStore) GetRevision(id string, rev int) (*domain.Filing, tui.Meta, error) {
	f, m, err := p.s.GetRevision(id, rev)
	return f, tuiMeta(m), err
}

func (p persistStore) Restore(id string, rev int) (tui.Meta, error) {
	m, err := p.s.Restore(id, rev)
	return tuiMeta(m), tuiError(p.s.Path(), err)
}

func (p persistStore) Delete(id string) error   { return tuiError(p.s.Path(), p.s.Delete(id)) }
func (p persistStore) Undelete(id string) error { return tuiError(p.s.Path(), p.s.Undelete(id)) }

// openTUIStore opens the filing store for the TUI at the path from --db,
// JIXIAO_DB or the default location, printing the store's warnings (such
// as a DB readable by others).
func openTUIStore(e *env, path string, userName string) (tui.Store, func() error, error) {
	if path == "" {
		p, err := persist.DefaultPath()
		if err != nil {
			return nil, nil, err
		}
		path = p
	}
	s, err := persist.Open(path, persist.Options{User: userName})
	if err != nil {
		return nil, nil, err
	}
	for _, w := range s.Warnings() {
		fmt.Fprintln(e.stderr, "jixiao：", w)
	}
	return persistStore{s}, s.Close, nil
}

// isTTY reports whether r or w is not a terminal.
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
func tuiOptions(e *env, args []string, usage string) (tui.Options, bool, int) {
	fs := newFlagSet(e, "tui", usage)
	ascii := fs.Bool("ascii", os.Getenv("JIXIAO_ASCII") == "1", "")
	if _, code, done := fs.parse(args); done {
		return tui.Options{}, true, code
	}
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return tui.Options{User: name, ASCII: *ascii, Profile: colorprofile.Detect(e.stdout.(io.Writer), os.Environ())}, false, 0
}

func runTUI(e *env, args []string) int {
	opts, done, code := tuiOptions(e, args, tuiUsage)
	if done {
		return code
	}
	if !isTTY(e.stdin) || !isTTY(e.stdout) {
		fmt.Fprintln(e.stderr, "jixiao：填报界面需要在终端中运行（标准输入或输出不是终端）；脚本中请使用 jixiao --help 列出的命令。")
		return exitUsage
	}
	store, closeStore, err := openTUIStore(e, e.dbPath, opts.User)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao：", err)
		return storeExitCode(err)
	}
	defer closeStore()
	opts.Store = store
	if ps, ok := store.(persistStore); ok {
		// Drafts that cannot be saved go to recovery files of this
		// database, offered at the next start.
		if rec, err := tui.NewRecovery(ps.s.Path()); err == nil {
			opts.Recovery = rec
		}
	}
	return runProgram(e, opts)
}

func runDemo(e *env, args []string) int {
	opts, done, code := tuiOptions(e, args, demoUsage)
	if done {
		return code
	}
	if !isTTY(e.stdin) || !isTTY(e.stdout) {
		fmt.Fprintln(e.stderr, "jixiao demo：填报界面需要在终端中运行（标准输入或输出不是终端）。")
		return exitUsage
	}
	store, id, cleanup, err := openDemoStore(e, opts.User)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao demo：", err)
		return exitFindings
	}
	defer cleanup()
	opts.Store = store
	opts.OpenID = id
	return runProgram(e, opts)
}

// openDemoStore creates a throw-away database in a temporary directory
// holding the sample; cleanup removes the directory.
func openDemoStore(e *env, userName string) (tui.Store, string, func(), error) {
	dir, err := os.MkdirTemp("", "jixiao-demo-")
	if err != nil {
		return nil, "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	store, closeStore, err := openTUIStore(e, filepath.Join(dir, "demo.db"), userName)
	if err != nil {
		cleanup()
		return nil, "", nil, err
	}
	m, err := store.Create(tui.Sample())
	if err != nil {
		closeStore()
		cleanup()
		return nil, "", nil, err
	}
	return store, m.ID, func() { closeStore(); cleanup() }, nil
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
func runProgram(e *env, opts tui.Options) int {
	popts := []tea.ProgramOption{tea.WithInput(e.stdin), tea.WithOutput(e.stdout), tea.WithColorProfile(opts.Profile),
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
			fmt.Fprintln(e.stderr, "jixiao：", err)
		}
		return exitFindings
	}
	lost := false
	if r, ok := m.QuitResult(); ok {
		// Ended by a signal: say what became of the changes.
		lost = r.Lost()
		if r.Kind != tui.QuitNoChanges || len(r.Invalid) > 0 {
			fmt.Fprintln(e.stderr, "jixiao：", r.Message())
		}
	} else if msg := saveOnExit(m); msg != "" {
		fmt.Fprintln(e.stderr, "jixiao：", msg)
	} else if msg := m.ExitMessage(); msg != "" {
		fmt.Fprintln(e.stderr, "jixiao：", msg)
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		fmt.Fprintln(e.stderr, "jixiao：", err)
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
