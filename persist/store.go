// Package persist keeps jixiao's filings in one bbolt file: every filing as
// its jixiao/filing@1 document plus metadata, every saved revision of it,
// and deleted filings for a while after their deletion.
//
// A Store does not keep the file open. Each call opens the file, takes
// bbolt's advisory lock (exclusive to write, shared to read), runs one
// transaction and closes the file again, so any number of jixiao processes
// (TUIs, CLI commands, users) can share one database and none of them can
// block the others for longer than a transaction. A call that cannot get
// the lock within Options.Timeout returns a *LockedError naming the process
// that holds it. See docs/storage.md for the layout, the revision thinning
// rule, the locking design and backups.
package persist

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/user"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"jixiao/internal/atomicfile"
)

// SchemaVersion is the layout version of the databases this package writes.
const SchemaVersion = 1

// DefaultTimeout is how long a call waits for the database lock unless
// Options.Timeout says otherwise.
const DefaultTimeout = 2 * time.Second

// Revision thinning, autosave sessions and deleted-filing retention; see
// docs/storage.md.
const (
	// KeepAll is how long every revision is kept.
	KeepAll = time.Hour
	// KeepTenMinutes is how long the newest revision of each 10 minutes is
	// kept (after KeepAll).
	KeepTenMinutes = 24 * time.Hour
	// KeepDaily is how long the last revision of each day is kept; after
	// that only the last revision of each month is.
	KeepDaily = 90 * 24 * time.Hour
	// AutosaveSession is how long the autosaves of one editing session
	// replace their working revision (see Store.Autosave).
	AutosaveSession = 10 * time.Minute
	// DeletedRetention is how long a deleted filing can be undeleted. After
	// it the filing is purged by the next Create or Delete.
	DeletedRetention = 90 * 24 * time.Hour
)

// Options configure Open.
type Options struct {
	// Timeout bounds the wait for the database lock in every call;
	// DefaultTimeout (2 s) when zero.
	Timeout time.Duration
	// User is recorded as the author of each saved revision; the OS user
	// when empty.
	User string
	// ReadOnly opens the database for reading only: nothing is created,
	// migrated or written, and a database written by a newer jixiao can be
	// read.
	ReadOnly bool
	// NoCreate makes Open fail (with an error matching fs.ErrNotExist)
	// instead of creating a missing database.
	NoCreate bool
}

// Store is a jixiao database. Its methods may be called from several
// goroutines; each call is one transaction.
type Store struct {
	path   string
	opt    Options
	closed atomic.Bool

	mu       sync.Mutex // guards warnings
	warnings []string

	// now and loc are the clock and the calendar used for timestamps and
	// thinning; tests replace them.
	now func() time.Time
	loc *time.Location
}

// DefaultPath returns where the database lives unless --db says otherwise:
// $JIXIAO_DB, else $XDG_DATA_HOME/jixiao/jixiao.db, else
// ~/.local/share/jixiao/jixiao.db.
func DefaultPath() (string, error) {
	if p := os.Getenv("JIXIAO_DB"); p != "" {
		return p, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "jixiao", "jixiao.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("无法确定数据库位置：没有设置 HOME，请用 --db 或环境变量 JIXIAO_DB 指定数据库文件")
	}
	return filepath.Join(home, ".local", "share", "jixiao", "jixiao.db"), nil
}

// currentUser is the OS user name, for Options.User.
func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "uid " + strconv.Itoa(os.Getuid())
}

// Open opens the jixiao database at path, creating it (0600, in a 0700
// directory) when it does not exist. It checks that the file is a jixiao
// database and upgrades an older layout (after saving a copy beside it).
// It does not keep the file open. A path that is a directory, not a bbolt
// file, truncated or damaged gives a *NotDatabaseError and is left as it
// is; a database written by a newer jixiao gives a *SchemaError unless
// opt.ReadOnly is set.
func Open(path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("没有指定数据库文件路径")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fileError("打开数据库", path, err)
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.User == "" {
		opt.User = currentUser()
	}
	s := &Store{path: abs, opt: opt, now: time.Now, loc: time.Local}

	fi, err := os.Stat(abs)
	switch {
	case err == nil:
		if fi.IsDir() {
			return nil, &NotDatabaseError{Path: abs, Reason: "这是一个目录，不是数据库文件"}
		}
		if !fi.Mode().IsRegular() {
			return nil, &NotDatabaseError{Path: abs, Reason: "这不是普通文件"}
		}
	case errors.Is(err, fs.ErrNotExist) && !opt.ReadOnly && !opt.NoCreate:
		if err := s.create(); err != nil {
			return nil, err
		}
	default:
		return nil, fileError("打开数据库", abs, err)
	}
	s.checkPermissions()

	var version int
	err = s.run(false, false, func(tx *bolt.Tx, _ *handle) error {
		var err error
		version, err = s.schemaOf(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	switch {
	case version > SchemaVersion && !opt.ReadOnly:
		return nil, &SchemaError{Path: abs, Version: version, Supported: SchemaVersion}
	case version > SchemaVersion:
		s.warn((&SchemaError{Path: abs, Version: version, Supported: SchemaVersion}).Error())
	case version < SchemaVersion && opt.ReadOnly:
		return nil, &SchemaError{Path: abs, Version: version, Supported: SchemaVersion}
	case version < SchemaVersion:
		// update migrates whatever layout it finds, under the lock.
		if err := s.update(func(*bolt.Tx, *handle) error { return nil }); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Warnings returns the problems Open noticed that do not stop it: a
// database or directory other users can read (with the chmod that fixes
// it), an upgrade and where the copy from before it was saved. In Chinese.
func (s *Store) Warnings() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.warnings...)
}

func (s *Store) warn(w string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.warnings = append(s.warnings, w)
}

// Close marks the store closed. The file is not held open between calls,
// so there is nothing to release; Close never fails.
func (s *Store) Close() error {
	s.closed.Store(true)
	return nil
}

// checkPermissions warns about a database file or directory that group or
// others may read or write.
func (s *Store) checkPermissions() {
	dir := filepath.Dir(s.path)
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o066 != 0 {
		s.warn(fmt.Sprintf("数据库目录 %s 的权限是 %04o，同组或其他用户可以查看其中的文件；建议运行：chmod 700 %s",
			dir, fi.Mode().Perm(), shellQuote(dir)))
	}
	if fi, err := os.Stat(s.path); err == nil && fi.Mode().Perm()&0o066 != 0 {
		s.warn(fmt.Sprintf("数据库文件 %s 的权限是 %04o，同组或其他用户可以读取（或修改）填报；建议运行：chmod 600 %s",
			s.path, fi.Mode().Perm(), shellQuote(s.path)))
	}
}

// shellQuote quotes p for a shell command line when it needs it.
func shellQuote(p string) string {
	for _, r := range p {
		if !(r == '/' || r == '.' || r == '-' || r == '_' || r == '+' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f) {
			return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
		}
	}
	return p
}

// create makes a new, empty database at s.path. The file is built under a
// temporary name and linked into place, so the path never holds a
// half-initialised database, and a database another process created in
// the meantime is kept.
func (s *Store) create() error {
	dir := filepath.Dir(s.path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fileError("创建数据库目录", dir, err)
		}
		if err := os.Chmod(dir, 0o700); err != nil {
			return fileError("设置目录权限", dir, err)
		}
	}
	tmp, err := atomicfile.Create(s.path, atomicfile.Options{Perm: 0o600, NoOverwrite: true})
	if errors.Is(err, atomicfile.ErrExists) {
		return nil
	}
	if err != nil {
		return fileError("创建数据库", s.path, err)
	}
	defer tmp.Abort()
	db, err := bolt.Open(tmp.TempName(), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return fileError("创建数据库", s.path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error { return initSchema(tx, s.now()) })
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fileError("创建数据库", s.path, err)
	}
	// A database another process created in the meantime is kept.
	if err := tmp.Commit(); err != nil && !errors.Is(err, atomicfile.ErrExists) {
		return fileError("创建数据库", s.path, err)
	}
	return nil
}

// errRollback ends a write transaction without committing it and without
// an error (a save that changes nothing).
var errRollback = errors.New("rollback")

func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	return s.run(false, true, func(tx *bolt.Tx, _ *handle) error { return fn(tx) })
}

func (s *Store) update(fn func(tx *bolt.Tx, h *handle) error) error {
	return s.run(true, true, fn)
}

// run opens the database, locks it (exclusively when write), runs fn in one
// transaction, commits it when write and fn succeeded, and closes the
// database. With checkSchema it first checks the layout version and, for a
// write, upgrades an older one. A panic inside bbolt (which trusts the file)
// is recovered and reported as a damaged database.
func (s *Store) run(write, checkSchema bool, fn func(tx *bolt.Tx, h *handle) error) (err error) {
	if s.closed.Load() {
		return fmt.Errorf("无法使用数据库 %s：%w", s.path, ErrClosed)
	}
	if write && s.opt.ReadOnly {
		return fmt.Errorf("不能修改数据库 %s：%w", s.path, ErrReadOnly)
	}
	// A damaged file can make bbolt touch memory past the end of the file;
	// turn that fault into a panic we can recover from.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))

	h := &handle{s: s, write: write, deadline: time.Now().Add(s.opt.Timeout)}
	defer func() {
		if r := recover(); r != nil {
			h.abandon()
			err = &NotDatabaseError{Path: s.path, Reason: fmt.Sprintf("数据库内部结构已损坏（%v）", r)}
		}
	}()
	remaining := max(time.Until(h.deadline), time.Millisecond)
	h.db, err = bolt.Open(s.path, 0o600, &bolt.Options{
		Timeout:      remaining,
		ReadOnly:     !write,
		OpenFile:     h.openFile,
		NoStatistics: true,
	})
	if err != nil {
		h.abandon()
		return s.openError(err, h)
	}
	h.tx, err = h.db.Begin(write)
	if err != nil {
		h.release()
		return fileError("读取数据库", s.path, err)
	}
	if checkSchema {
		err = s.checkTxSchema(h.tx, write, h)
	}
	if err == nil {
		err = fn(h.tx, h)
	}
	if write && err == nil {
		if err = h.tx.Commit(); err != nil {
			err = fileError("保存到数据库", s.path, err)
		}
		h.tx = nil
	}
	if errors.Is(err, errRollback) {
		err = nil
	}
	h.release()
	return err
}

// openError maps an error from bolt.Open.
func (s *Store) openError(err error, h *handle) error {
	var nd *NotDatabaseError
	var le *LockedError
	var fe *FileError
	switch {
	case errors.As(err, &nd), errors.As(err, &le), errors.As(err, &fe):
		return err
	case errors.Is(err, berrors.ErrTimeout):
		return s.lockedError(h)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return &NotDatabaseError{Path: s.path, Reason: "bbolt 无法识别文件头（" + err.Error() + "）", Err: err}
	}
	return fileError("打开数据库", s.path, err)
}

// handle is one opening of the database file for one transaction.
type handle struct {
	s        *Store
	write    bool
	deadline time.Time
	file     *os.File // as opened by openFile; bbolt closes it
	db       *bolt.DB
	tx       *bolt.Tx
	fi       os.FileInfo
	meta     boltMeta // the meta page bbolt uses, as read before bbolt

	// The lock-info file: written by announcer, removed on release.
	infoMu    sync.Mutex
	announcer *time.Timer
	infoPath  string
	released  bool
}

// openFile is bbolt's Options.OpenFile. It opens the database without
// O_CREATE (a database that vanished is an error, not a new empty one),
// takes the lock with a bounded retry loop, checks that the path still
// names the file it locked, and checks bbolt's file header before bbolt
// maps the file. bbolt then takes the same lock on the same descriptor,
// which succeeds at once.
func (h *handle) openFile(name string, flag int, _ os.FileMode) (*os.File, error) {
	path := h.s.path
	flag &^= os.O_CREATE
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(name, flag, 0)
		if err != nil {
			if errors.Is(err, syscall.EISDIR) {
				return nil, &NotDatabaseError{Path: path, Reason: "这是一个目录，不是数据库文件"}
			}
			// A missing file (moved away or deleted since Open) is
			// reported as such; it is never recreated empty here.
			return nil, fileError("打开数据库", path, err)
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, fileError("打开数据库", path, err)
		}
		if fi.IsDir() {
			f.Close()
			return nil, &NotDatabaseError{Path: path, Reason: "这是一个目录，不是数据库文件"}
		}
		if !fi.Mode().IsRegular() {
			f.Close()
			return nil, &NotDatabaseError{Path: path, Reason: "这不是普通文件"}
		}
		h.fi = fi
		if err := h.lock(f); err != nil {
			f.Close()
			return nil, err
		}
		// While we waited the file may have been replaced (a restore by
		// rename); a lock on the old one protects nothing.
		if cur, err := os.Stat(name); err != nil || !os.SameFile(fi, cur) {
			f.Close()
			if attempt < 10 && err == nil {
				continue
			}
			if err == nil {
				err = errors.New("数据库文件在打开过程中被反复替换")
			}
			return nil, fileError("打开数据库", path, err)
		}
		if fi, err = f.Stat(); err != nil {
			f.Close()
			return nil, fileError("打开数据库", path, err)
		}
		h.fi = fi
		m, err := readBoltMeta(f, fi.Size())
		if err != nil {
			f.Close()
			var nd *NotDatabaseError
			if errors.As(err, &nd) {
				nd.Path = path
			}
			var fe *FileError
			if errors.As(err, &fe) {
				fe.Op, fe.Path = "读取数据库", path
			}
			return nil, err
		}
		h.meta = m
		h.file = f
		if h.write {
			h.announce(fi.Mode().Perm())
		}
		return f, nil
	}
}

// lock takes the lock on f, retrying with a short, growing, jittered pause
// until the deadline, then gives up with a *LockedError.
func (h *handle) lock(f *os.File) error {
	pause := time.Millisecond
	for {
		ok, err := tryLock(f, h.write)
		if err != nil {
			return fileError("锁定数据库", h.s.path, err)
		}
		if ok {
			return nil
		}
		left := time.Until(h.deadline)
		if left <= 0 {
			return h.s.lockedError(h)
		}
		d := pause/2 + rand.N(pause)
		time.Sleep(min(d, left))
		pause = min(pause*2, 32*time.Millisecond)
	}
}

// lockInfo is the content of the "<db>.lock-info" file a writer keeps while
// it holds the lock, so that a process that cannot get it can say who has
// it without the lock.
type lockInfo struct {
	User  string    `json:"user"`
	PID   int       `json:"pid"`
	Host  string    `json:"host"`
	Since time.Time `json:"since"`
}

func lockInfoPath(db string) string { return db + ".lock-info" }

// announceAfter is how long a writer holds the lock before it writes the
// lock-info file. Almost every transaction is over long before, so the
// common case costs no file creation; anyone made to wait for the full
// timeout (2 s) finds the file.
const announceAfter = 100 * time.Millisecond

// announce arranges for the lock-info file to be written if this handle
// still holds the lock after announceAfter. A lock-info file found now is
// stale (holders remove theirs before unlocking; this one was killed), so
// it goes.
func (h *handle) announce(perm os.FileMode) {
	since := time.Now()
	os.Remove(lockInfoPath(h.s.path))
	h.announcer = time.AfterFunc(announceAfter, func() {
		h.infoMu.Lock()
		defer h.infoMu.Unlock()
		if h.released {
			return
		}
		h.writeLockInfo(perm, since)
	})
}

// writeLockInfo records this process as the lock holder. It is best-effort:
// the lock itself is the flock, the file only describes it.
func (h *handle) writeLockInfo(perm os.FileMode, since time.Time) {
	host, _ := os.Hostname()
	data, _ := json.Marshal(lockInfo{User: h.s.opt.User, PID: os.Getpid(), Host: host, Since: since})
	p := lockInfoPath(h.s.path)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm&0o666)
	if err != nil {
		// Left by another user, perhaps; we may replace it.
		os.Remove(p)
		if f, err = os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm&0o666); err != nil {
			return
		}
	}
	_, _ = f.Write(data)
	f.Close()
	h.infoPath = p
}

// unannounce cancels the lock-info file or removes it. It must run before
// the lock is released, or it could remove the next holder's file.
func (h *handle) unannounce() {
	h.infoMu.Lock()
	defer h.infoMu.Unlock()
	h.released = true
	if h.announcer != nil {
		h.announcer.Stop()
	}
	if h.infoPath != "" {
		os.Remove(h.infoPath)
		h.infoPath = ""
	}
}

// release ends the transaction (if still open), removes the lock-info file
// and closes the database, which releases the lock.
func (h *handle) release() {
	if h.tx != nil {
		_ = h.tx.Rollback()
		h.tx = nil
	}
	h.unannounce()
	if h.db != nil {
		_ = h.db.Close()
		h.db = nil
	}
}

// abandon releases what it can after a panic or a failed open. If rolling
// back the transaction panics too, bbolt's locks may still be held and
// DB.Close would wait forever, so the file is closed directly: that
// releases the flock, at the cost of leaking the memory map.
func (h *handle) abandon() {
	clean := true
	if h.tx != nil {
		func() {
			defer func() {
				if recover() != nil {
					clean = false
				}
			}()
			_ = h.tx.Rollback()
		}()
		h.tx = nil
	}
	h.unannounce()
	if h.db != nil && clean {
		func() {
			defer func() {
				if recover() != nil {
					clean = false
				}
			}()
			_ = h.db.Close()
		}()
		h.db = nil
		if clean {
			return
		}
	}
	if h.file != nil {
		_ = h.file.Close()
	}
}

// lockedError builds the *LockedError for a lock not obtained in time,
// naming the holder when it can be found out.
func (s *Store) lockedError(h *handle) error {
	e := &LockedError{Path: s.path, Waited: s.opt.Timeout}
	if li, ok := lockHolder(s.path, h.fi); ok {
		e.User, e.PID, e.Since = li.User, li.PID, li.Since
		e.Holder = formatHolder(li)
	}
	return e
}

func formatHolder(li lockInfo) string {
	s := li.User
	if li.PID != 0 {
		if s != "" {
			s += " "
		}
		s += "pid " + strconv.Itoa(li.PID)
	}
	if !li.Since.IsZero() {
		s += " since " + li.Since.Local().Format("15:04:05")
	}
	return s
}

// lockHolder finds out who holds the lock on the database at path: from
// its lock-info file when that names a live process, else (on Linux) from
// /proc/locks.
func lockHolder(path string, fi os.FileInfo) (lockInfo, bool) {
	var procPID int
	var procOwner string
	procOK := false
	if fi != nil {
		procPID, procOwner, procOK = procLocksHolder(fi)
	}
	if data, err := os.ReadFile(lockInfoPath(path)); err == nil {
		var li lockInfo
		if json.Unmarshal(data, &li) == nil && li.PID > 0 {
			host, _ := os.Hostname()
			switch {
			case li.Host != "" && li.Host != host:
				return li, true // another machine (a network file system): trust it
			case processAlive(li.PID) && (!procOK || procPID == li.PID):
				return li, true
			}
			// A stale file left by a process that was killed while holding
			// the lock, or whose pid was reused.
		}
	}
	if procOK {
		return lockInfo{User: procOwner, PID: procPID}, true
	}
	return lockInfo{}, false
}
