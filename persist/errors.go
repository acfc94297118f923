package persist

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"time"

	"jixiao/store"
)

// Sentinel errors. Every error the store returns that matches one of these
// (with errors.Is) is a typed error whose Error text is a complete Chinese
// sentence naming the database path or the filing id.
var (
	// ErrNotFound: no such filing, or no such revision of it. It is the
	// port's sentinel, store.ErrNotFound.
	ErrNotFound = store.ErrNotFound
	// ErrConflict: a save was based on a revision that is no longer the
	// newest. The error is a *ConflictError. It is the port's sentinel,
	// store.ErrConflict.
	ErrConflict = store.ErrConflict
	// ErrLocked: the database stayed locked by another process for longer
	// than Options.Timeout. The error is a *LockedError.
	ErrLocked = errors.New("数据库被占用")
	// ErrNotDatabase: the file is not a jixiao database, or is damaged. The
	// file is left untouched. The error is a *NotDatabaseError.
	ErrNotDatabase = errors.New("不是有效的 jixiao 数据库")
	// ErrNewerSchema: the database was written by a newer jixiao; it may be
	// opened with Options.ReadOnly only. The error is a *SchemaError.
	ErrNewerSchema = errors.New("数据库由更新版本的 jixiao 写入")
	// ErrOldSchema: the database has an older layout that must be upgraded
	// before use, which a read-only store cannot do. The error is a
	// *SchemaError.
	ErrOldSchema = errors.New("数据库是旧版格式")
	// ErrDeleted: the filing is deleted (and can be undeleted). The error is a
	// *DeletedError; errors.Is(err, ErrNotFound) also holds.
	ErrDeleted = errors.New("填报已删除")
	// ErrNotDeleted: Undelete of a filing that is not deleted.
	ErrNotDeleted = errors.New("填报没有被删除")
	// ErrReadOnly: a write on a store opened with Options.ReadOnly.
	ErrReadOnly = errors.New("数据库以只读方式打开")
	// ErrClosed: a call on a closed store.
	ErrClosed = errors.New("数据库已关闭")
	// ErrExists: Backup to a path that already exists.
	ErrExists = errors.New("文件已存在")
	// ErrAudit: the audit entry of a write could not be written, so the
	// write was not made either. The error is an *AuditError.
	ErrAudit = errors.New("无法写入审计记录")
	// ErrBadName: a version name that is too long or holds control
	// characters. The error is a *NameError.
	ErrBadName = errors.New("版本名称无效")
)

// ConflictError is returned by Save when baseRev is not the filing's newest
// revision: someone else saved in between. Nothing was written.
type ConflictError struct {
	ID string
	// Base is the revision the refused save was based on.
	Base int
	// Current is the filing's newest revision.
	Current store.Meta
}

func (e *ConflictError) Error() string {
	who := ""
	if e.Current.User != "" {
		who = e.Current.User + " "
	}
	return fmt.Sprintf("填报 %s 已被%s于 %s 保存为版本 %d，本次修改基于版本 %d，没有保存（不会覆盖较新的版本）",
		e.ID, who, e.Current.Updated.Format("2006-01-02 15:04:05"), e.Current.Revision, e.Base)
}

// Is reports whether target is ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// LockedError is returned when the database could not be locked within
// Options.Timeout because another process held it.
type LockedError struct {
	Path string
	// Holder describes the process holding the lock, e.g.
	// "alice pid 123 since 15:04:05"; empty when unknown.
	Holder string
	// User, PID and Since are the parts of Holder that are known (zero
	// when unknown).
	User  string
	PID   int
	Since time.Time
	// Waited is how long the store tried.
	Waited time.Duration
}

func (e *LockedError) Error() string {
	who := "其他进程"
	if e.PID != 0 || e.User != "" {
		var parts []string
		if e.User != "" {
			parts = append(parts, "用户 "+e.User)
		}
		if e.PID != 0 {
			parts = append(parts, fmt.Sprintf("进程 %d", e.PID))
		}
		if !e.Since.IsZero() {
			parts = append(parts, "自 "+e.Since.Format("15:04:05")+" 起")
		}
		who = joinChinese(parts)
	}
	return fmt.Sprintf("数据库 %s 正被%s占用，等待 %s后仍无法打开；请稍后再试，或结束占用它的进程", e.Path, who, formatWait(e.Waited))
}

// Is reports whether target is ErrLocked.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

func joinChinese(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	s := parts[0]
	if len(parts) > 1 {
		s += "（"
		for i, p := range parts[1:] {
			if i > 0 {
				s += "，"
			}
			s += p
		}
		s += "）"
	}
	return s
}

func formatWait(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%d 秒", int(d/time.Second))
	}
	return fmt.Sprintf("%.1f 秒", d.Seconds())
}

// NotDatabaseError is returned for a path that is not a jixiao database or
// whose content is damaged. The file has not been modified.
type NotDatabaseError struct {
	Path string
	// Reason is a Chinese phrase, e.g. "文件是空的".
	Reason string
	Err    error
}

func (e *NotDatabaseError) Error() string {
	return fmt.Sprintf("%s 不是有效的 jixiao 数据库：%s。文件没有被修改", e.Path, e.Reason)
}

// Is reports whether target is ErrNotDatabase.
func (e *NotDatabaseError) Is(target error) bool { return target == ErrNotDatabase }

// Unwrap returns the underlying error, if any.
func (e *NotDatabaseError) Unwrap() error { return e.Err }

// SchemaError is returned for a database whose layout version this jixiao
// cannot write: newer (ErrNewerSchema) or older and opened read-only
// (ErrOldSchema).
type SchemaError struct {
	Path string
	// Version is the database's schema version; Supported is this
	// program's.
	Version, Supported int
}

func (e *SchemaError) Error() string {
	if e.Version > e.Supported {
		return fmt.Sprintf("数据库 %s 由更新版本的 jixiao 写入（数据格式版本 %d，本程序只支持到版本 %d）。为免损坏数据，本程序只能以只读方式打开它；请升级 jixiao 后再修改",
			e.Path, e.Version, e.Supported)
	}
	return fmt.Sprintf("数据库 %s 是旧版格式（数据格式版本 %d），需要升级到版本 %d 才能使用；以只读方式打开时不能升级，请以可写方式打开一次（升级前会自动备份）",
		e.Path, e.Version, e.Supported)
}

// Is reports whether target is ErrNewerSchema or ErrOldSchema, as fits.
func (e *SchemaError) Is(target error) bool {
	if e.Version > e.Supported {
		return target == ErrNewerSchema
	}
	return target == ErrOldSchema
}

// NotFoundError is returned for an id, or a revision of it, that the
// database does not hold.
type NotFoundError struct {
	Path string
	ID   string
	// Rev is the revision asked for; 0 when the filing itself is missing.
	Rev int
}

func (e *NotFoundError) Error() string {
	if e.Rev > 0 {
		return fmt.Sprintf("填报 %s 没有版本 %d（可能不存在，或已按保留规则清理）", e.ID, e.Rev)
	}
	return fmt.Sprintf("数据库 %s 中没有编号为“%s”的填报", e.Path, e.ID)
}

// Is reports whether target is ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// DeletedError is returned when a deleted filing is opened or saved. It can
// be undeleted until DeletedAt + DeletedRetention.
type DeletedError struct {
	ID        string
	DeletedAt time.Time
}

func (e *DeletedError) Error() string {
	return fmt.Sprintf("填报 %s 已于 %s 删除；在 %s 之前可以恢复（undelete）",
		e.ID, e.DeletedAt.Format("2006-01-02 15:04"), e.DeletedAt.Add(DeletedRetention).Format("2006-01-02"))
}

// Is reports whether target is ErrDeleted or ErrNotFound.
func (e *DeletedError) Is(target error) bool { return target == ErrDeleted || target == ErrNotFound }

// AuditError is returned by a write whose audit entry could not be
// written: the whole transaction was rolled back, the change not made.
type AuditError struct {
	// Action is the audited action ("删除"); Filing its filing ("" for an
	// event without one).
	Action string
	Filing string
	Err    error
}

func (e *AuditError) Error() string {
	what := "“" + e.Action + "”"
	if e.Filing != "" {
		what = "填报 " + e.Filing + " 的" + what
	}
	return fmt.Sprintf("无法写入%s审计记录（%v），为保证每次修改都有记录，这次操作没有执行", what, e.Err)
}

// Is reports whether target is ErrAudit.
func (e *AuditError) Is(target error) bool { return target == ErrAudit }

// Unwrap returns the cause.
func (e *AuditError) Unwrap() error { return e.Err }

// NameError is returned by NameRevision for a name it cannot keep.
type NameError struct {
	Name string
	// Reason is a Chinese phrase, e.g. "超过 40 个字".
	Reason string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("版本名称“%s”无效：%s", e.Name, e.Reason)
}

// Is reports whether target is ErrBadName.
func (e *NameError) Is(target error) bool { return target == ErrBadName }

// FileError is a failed file-system operation on the database or a file
// beside it, with a Chinese description of the cause. It unwraps to the
// underlying error, so errors.Is(err, fs.ErrPermission) and the like work.
type FileError struct {
	// Op is what was being done, in Chinese, e.g. "打开数据库".
	Op   string
	Path string
	Err  error
}

func (e *FileError) Error() string {
	return fmt.Sprintf("%s %s 失败：%s", e.Op, e.Path, describeOSError(e.Err))
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// describeOSError names the common causes of a file-system error in Chinese.
func describeOSError(err error) string {
	var errno syscall.Errno
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件或目录不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有权限（请检查文件和目录的权限与所有者）"
	case errors.Is(err, fs.ErrExist):
		return "文件已存在"
	case errors.As(err, &errno):
		switch errno {
		case syscall.ENOSPC:
			return "磁盘空间不足"
		case syscall.EDQUOT:
			return "磁盘配额已用完"
		case syscall.EROFS:
			return "所在的文件系统是只读的"
		case syscall.EISDIR:
			return "这是一个目录"
		case syscall.ENOTDIR:
			return "路径中有一段不是目录"
		case syscall.EIO:
			return "磁盘读写错误（I/O 错误）"
		case syscall.ENAMETOOLONG:
			return "路径太长"
		case syscall.ELOOP:
			return "符号链接层数过多"
		}
	}
	return err.Error()
}

func fileError(op, path string, err error) error {
	if err == nil {
		return nil
	}
	var fe *FileError
	if errors.As(err, &fe) {
		return err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &FileError{Op: op, Path: path, Err: err}
}
