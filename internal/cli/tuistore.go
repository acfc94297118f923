package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"jixiao/domain"
	"jixiao/persist"
	"jixiao/tui"
)

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

func (p persistStore) Delete(id string) error { return tuiError(p.s.Path(), p.s.Delete(id)) }

func (p persistStore) Undelete(id string) error { return tuiError(p.s.Path(), p.s.Undelete(id)) }

// openTUIStore opens the filing store for the TUI at the path from --db,
// JIXIAO_DB or the default location, printing the store's warnings (such
// as a DB readable by others).
func openTUIStore(app *App, path string, userName string) (tui.Store, func() error, error) {
	if path == "" {
		p, err := persist.DefaultPath()
		if err != nil {
			return nil, nil, err
		}
		path = p
	}
	s, err := app.openDB(path, persist.Options{User: userName})
	if err != nil {
		return nil, nil, err
	}
	for _, w := range s.Warnings() {
		fmt.Fprintln(app.stderr, "jixiao：", w)
	}
	return persistStore{s}, s.Close, nil
}
