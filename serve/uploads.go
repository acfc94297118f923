package serve

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"jixiao/internal/atomicfile"
	"jixiao/tui"
)

// Uploads are kept on the server's disk, next to the database: under
// DBPath+".uploads", one directory per user named by a hash of the user
// name, one file per upload named by the base64url encoding of the name
// the user gave. No name a user types is ever used as a path: the folder
// comes from the authenticated user and the file name is an encoding, so
// "../x" or "/etc/passwd" is only ever a (refused) name.

// UploadFolder is the name of the write-only upload folder of the SFTP
// tree.
const UploadFolder = "上传"

// UploadExtensions are the kinds of file the upload folder accepts: what
// the TUI's import list can import.
var UploadExtensions = []string{".json", ".docx", ".xlsx"}

// Limits of the upload folder.
const (
	// MaxUploads is how many files a user's upload folder holds.
	MaxUploads = 20
	// MaxUploadNameRunes bounds an upload's name.
	MaxUploadNameRunes = 60
)

// Sentinel errors of the upload folder.
var (
	// ErrUploadName is matched by the refusal of a name the folder does not
	// take.
	ErrUploadName = errors.New("上传文件名不可用")
	// ErrUploadFull is returned when the folder holds MaxUploads files.
	ErrUploadFull = fmt.Errorf("上传文件夹已满（最多 %d 个文件），请先在导入列表中导入或删除旧文件", MaxUploads)
	// ErrUploadTooLarge is returned for a file over tui.MaxImportSize.
	ErrUploadTooLarge = fmt.Errorf("上传的文件超过 %d MB 的上限", tui.MaxImportSize>>20)
	// ErrNoUpload is matched when a name is not in the folder.
	ErrNoUpload = errors.New("上传文件夹中没有这个文件")
)

// uploadArea is one user's upload folder on disk.
type uploadArea struct {
	dir string
	mu  sync.Mutex // serialises the count check and the final rename
}

// uploadsRoot returns the directory holding every user's uploads for the
// database at dbPath.
func uploadsRoot(dbPath string) string { return dbPath + ".uploads" }

// newUploadArea returns user's folder under root (created 0700 on first
// use).
func newUploadArea(root, user string) *uploadArea {
	sum := sha256.Sum256([]byte(user))
	return &uploadArea{dir: filepath.Join(root, hex.EncodeToString(sum[:16]))}
}

// checkUploadName refuses a name that is not a plain file name of an
// accepted kind.
func checkUploadName(name string) error {
	bad := func(why string) error { return fmt.Errorf("%w：%q %s", ErrUploadName, name, why) }
	switch {
	case name == "" || !utf8.ValidString(name):
		return bad("不是有效的文件名")
	case utf8.RuneCountInString(name) > MaxUploadNameRunes:
		return bad(fmt.Sprintf("太长（最多 %d 个字）", MaxUploadNameRunes))
	case strings.HasPrefix(name, "."), strings.TrimSpace(name) != name:
		return bad("不能以点或空格开头或结尾")
	case strings.ContainsAny(name, `/\:*?"<>|`):
		return bad("含有不能用于文件名的字符")
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return bad("含有控制字符")
		}
	}
	if !slices.Contains(UploadExtensions, strings.ToLower(filepath.Ext(name))) {
		return bad("不是可导入的文件（只接受 " + strings.Join(UploadExtensions, "、") + "）")
	}
	return nil
}

func encodeUploadName(name string) string { return base64.RawURLEncoding.EncodeToString([]byte(name)) }

func decodeUploadName(stored string) (string, bool) {
	if strings.HasPrefix(stored, ".") {
		return "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(stored)
	if err != nil || checkUploadName(string(b)) != nil {
		return "", false
	}
	return string(b), true
}

// list returns the uploads, newest first.
func (a *uploadArea) list() ([]tui.FileInfo, error) {
	ents, err := os.ReadDir(a.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("无法读取上传文件夹：%w", err)
	}
	var out []tui.FileInfo
	for _, e := range ents {
		name, ok := decodeUploadName(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, tui.FileInfo{Name: name, Size: fi.Size(), Modified: fi.ModTime()})
	}
	slices.SortFunc(out, func(x, y tui.FileInfo) int {
		if c := y.Modified.Compare(x.Modified); c != 0 {
			return c
		}
		return strings.Compare(x.Name, y.Name)
	})
	return out, nil
}

// stat returns one upload.
func (a *uploadArea) stat(name string) (tui.FileInfo, error) {
	if err := checkUploadName(name); err != nil {
		return tui.FileInfo{}, err
	}
	fi, err := os.Lstat(filepath.Join(a.dir, encodeUploadName(name)))
	if err != nil || !fi.Mode().IsRegular() {
		return tui.FileInfo{}, fmt.Errorf("%w：%s", ErrNoUpload, name)
	}
	return tui.FileInfo{Name: name, Size: fi.Size(), Modified: fi.ModTime()}, nil
}

// read returns an upload's content: a regular file of at most
// tui.MaxImportSize bytes. Errors name the file, never its content.
func (a *uploadArea) read(ctx context.Context, name string) ([]byte, error) {
	if _, err := a.stat(name); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(a.dir, encodeUploadName(name)), os.O_RDONLY|noFollow, 0)
	if err != nil {
		return nil, fmt.Errorf("%w：%s", ErrNoUpload, name)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w：%s", ErrNoUpload, name)
	}
	if fi.Size() > tui.MaxImportSize {
		return nil, fmt.Errorf("%s：%w", name, ErrUploadTooLarge)
	}
	var buf strings.Builder
	buf.Grow(int(fi.Size()))
	chunk := make([]byte, 256<<10)
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("读取 %s 已取消", name)
		}
		n, rerr := f.Read(chunk)
		buf.Write(chunk[:n])
		if buf.Len() > tui.MaxImportSize {
			return nil, fmt.Errorf("%s：%w", name, ErrUploadTooLarge)
		}
		if rerr == io.EOF {
			return []byte(buf.String()), nil
		}
		if rerr != nil {
			return nil, fmt.Errorf("无法读取上传的文件 %s", name)
		}
	}
}

// remove deletes an upload.
func (a *uploadArea) remove(name string) error {
	if _, err := a.stat(name); err != nil {
		return err
	}
	return os.Remove(filepath.Join(a.dir, encodeUploadName(name)))
}

// create starts an upload of name: the content goes to a temporary file
// that becomes the upload when the writer is closed without error.
// onDone is called with the final size once it is in place.
func (a *uploadArea) create(name string, onDone func(size int64) error) (*uploadWriter, error) {
	if err := checkUploadName(name); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(a.dir, 0o700); err != nil {
		return nil, fmt.Errorf("无法创建上传文件夹：%w", err)
	}
	if err := a.checkRoom(name); err != nil {
		return nil, err
	}
	// The temporary file is a dot file, which list skips; it is created
	// with O_EXCL under a random name, so a planted link is never followed.
	f, err := atomicfile.Create(filepath.Join(a.dir, encodeUploadName(name)), atomicfile.Options{Perm: 0o600})
	if err != nil {
		return nil, fmt.Errorf("无法创建上传文件：%w", err)
	}
	return &uploadWriter{area: a, f: f, name: name, onDone: onDone}, nil
}

// checkRoom refuses a new name when the folder is full (replacing an
// upload is always allowed).
func (a *uploadArea) checkRoom(name string) error {
	ups, err := a.list()
	if err != nil {
		return err
	}
	if len(ups) < MaxUploads || slices.ContainsFunc(ups, func(u tui.FileInfo) bool { return u.Name == name }) {
		return nil
	}
	return ErrUploadFull
}

// uploadWriter is an upload in progress (an io.WriterAt for pkg/sftp).
type uploadWriter struct {
	area   *uploadArea
	f      *atomicfile.File
	name   string
	onDone func(size int64) error

	mu     sync.Mutex
	size   int64
	failed error
	closed bool
}

// WriteAt implements io.WriterAt within tui.MaxImportSize.
func (w *uploadWriter) WriteAt(p []byte, off int64) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failed != nil {
		return 0, w.failed
	}
	if off < 0 || off+int64(len(p)) > tui.MaxImportSize {
		w.failed = ErrUploadTooLarge
		return 0, w.failed
	}
	n, err := w.f.WriteAt(p, off)
	w.size = max(w.size, off+int64(n))
	if err != nil {
		w.failed = fmt.Errorf("无法写入上传文件：%w", err)
		return n, w.failed
	}
	return n, nil
}

// TransferError is called by pkg/sftp when the transfer broke off: the
// partial file is dropped at Close.
func (w *uploadWriter) TransferError(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failed == nil {
		w.failed = fmt.Errorf("上传中断：%v", err)
	}
}

// Close puts a complete upload in place (or drops a failed one).
func (w *uploadWriter) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return w.failed
	}
	w.closed = true
	err := w.failed
	if err == nil {
		w.area.mu.Lock()
		if err = w.area.checkRoom(w.name); err == nil {
			// Synced, renamed into place, directory synced.
			err = w.f.Commit()
		}
		w.area.mu.Unlock()
	}
	if err != nil {
		w.f.Abort()
		w.failed = err
		return err
	}
	if w.onDone != nil {
		if err := w.onDone(w.size); err != nil {
			// An upload that cannot be audited is not kept.
			os.Remove(filepath.Join(w.area.dir, encodeUploadName(w.name)))
			w.failed = err
			return err
		}
	}
	return nil
}
