package cli

// The database side of the commands: the path, opening the store for
// reading or writing, and the exit code of a store error.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"jixiao/persist"
)

// dbHelp is appended to every store command's usage.
const dbHelp = `
数据库：--db 路径，或环境变量 JIXIAO_DB；默认 $XDG_DATA_HOME/jixiao/jixiao.db
（即 ~/.local/share/jixiao/jixiao.db）。
退出码：0 成功；1 操作失败；2 参数有误或编号不存在；3 数据库被其他进程占用。
`

// storeExitCode is the exit code for an error from the store: 3 for a
// locked database, 2 for an unknown id (or no database yet), else 1.
func storeExitCode(err error) int {
	var nodb *errNoDatabase
	switch {
	case errors.Is(err, persist.ErrLocked):
		return exitLocked
	case errors.Is(err, persist.ErrNotFound) && !errors.Is(err, persist.ErrDeleted), errors.As(err, &nodb):
		return exitUsage
	}
	return exitFindings
}

// storePath is the database path from --db, JIXIAO_DB or the default.
func storePath(app *App) (string, error) {
	if app.dbPath != "" {
		return app.dbPath, nil
	}
	return persist.DefaultPath()
}

// errNoDatabase is returned by openStore for reading when the database
// does not exist yet.
type errNoDatabase struct{ path string }

func (e *errNoDatabase) Error() string {
	return fmt.Sprintf("数据库 %s 还不存在：还没有保存过任何填报", e.path)
}

func (e *errNoDatabase) Unwrap() error { return fs.ErrNotExist }

// openStore opens the database. For writing it is created when missing;
// for reading it is not (an *errNoDatabase), and a database written by a
// newer jixiao is opened read-only. Warnings go to stderr.
func openStore(app *App, write bool) (*persist.Store, error) {
	path, err := storePath(app)
	if err != nil {
		return nil, err
	}
	s, err := app.openDB(path, persist.Options{NoCreate: !write})
	if !write && errors.Is(err, persist.ErrNewerSchema) {
		s, err = app.openDB(path, persist.Options{ReadOnly: true})
	}
	if err != nil {
		if !write && errors.Is(err, fs.ErrNotExist) {
			if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
				return nil, &errNoDatabase{path: path}
			}
		}
		return nil, err
	}
	for _, w := range s.Warnings() {
		fmt.Fprintf(app.stderr, "jixiao：警告：%s\n", w)
	}
	return s, nil
}

// openOrFail is openStore for a command: on failure it prints the error
// and returns the exit code.
func openOrFail(app *App, name string, write bool) (*persist.Store, int, bool) {
	s, err := openStore(app, write)
	if err != nil {
		return nil, app.fail(name, storeExitCode(err), "%v", err), false
	}
	return s, 0, true
}
