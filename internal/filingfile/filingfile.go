// Package filingfile reads a filing file (a jixiao/filing@1 JSON document,
// or a Word or Excel filing read by package importer) from a path the user
// typed: the one reader of the CLI's import, score and check and the TUI's
// local import. It reads regular files only, at most
// MaxSize bytes, expands a leading "~/", stops when its context is done,
// and its Chinese errors name the path (escaped for the terminal) but never
// quote the file's content.
package filingfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"jixiao/domain"
	"jixiao/importer"
	"jixiao/internal/termsafe"
)

// MaxSize is the largest filing file read (50 MB).
const MaxSize = 50 << 20

var (
	// ErrTooLarge is matched (errors.Is) by the error for a file over
	// MaxSize.
	ErrTooLarge = errors.New("文件太大，不是填报文件")
	// ErrNotRegular is matched by the error for a directory, pipe, socket
	// or device.
	ErrNotRegular = errors.New("不是普通文件")
	// ErrCancelled is matched by the error of a read stopped by its
	// context (cancelled or past its deadline); the error also matches
	// the context's own error.
	ErrCancelled = errors.New("读取已停止")
)

// Error is a failed read or decode: Msg is the whole Chinese sentence
// (naming the path), Kind one of the sentinels above, fs.ErrNotExist,
// fs.ErrPermission or nil, Err the underlying error (a *domain.DecodeError
// for a file that is not a valid filing).
type Error struct {
	Path string
	Msg  string
	Kind error
	Err  error
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is e's Kind.
func (e *Error) Is(target error) bool { return e.Kind != nil && target == e.Kind }

// readChunk is how much Read reads between two looks at its context.
const readChunk = 256 << 10

// Read returns the content of the regular file at path (surrounding space
// trimmed, "~/" expanded). It refuses directories, devices, pipes and
// sockets before reading a byte (a pipe is opened without blocking, so a
// FIFO with no writer cannot hang it), refuses a file over MaxSize, and
// gives up as soon as ctx is done.
func Read(ctx context.Context, path string) ([]byte, error) {
	raw := path
	path = ExpandHome(strings.TrimSpace(path))
	shown := termsafe.String(path)
	if path == "" {
		return nil, &Error{Path: raw, Msg: "请输入要导入的文件（JSON、Word 或 Excel）的路径", Kind: fs.ErrNotExist}
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, openError(path, shown, err)
	}
	if err := regularFile(path, shown, st); err != nil {
		return nil, err
	}
	// O_NONBLOCK: should the path have become a FIFO since the Stat, the
	// open does not wait for a writer; the check below then refuses it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, openError(path, shown, err)
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, openError(path, shown, err)
	}
	if err := regularFile(path, shown, st); err != nil {
		return nil, err
	}
	r := io.LimitReader(f, MaxSize+1)
	data := make([]byte, 0, min(st.Size(), MaxSize)+1)
	buf := make([]byte, readChunk)
	for {
		if err := ctx.Err(); err != nil {
			return nil, cancelled(path, shown, err)
		}
		n, err := r.Read(buf)
		data = append(data, buf[:n]...)
		if len(data) > MaxSize {
			return nil, tooBig(path, shown)
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, &Error{Path: path, Msg: fmt.Sprintf("读取 %s 时出错：%s", shown, errnoText(err)), Err: err}
		}
	}
}

// ReadFiling reads path as Read does and decodes it (domain.DecodeReport):
// the filing and the findings decoding made (unknown keys, removed control
// characters). A document that is not a valid filing gives an *Error whose
// message is the path followed by domain's Chinese message (which says
// where in the document) and which unwraps to the *domain.DecodeError.
func ReadFiling(ctx context.Context, path string) (*domain.Filing, []domain.Finding, error) {
	data, err := Read(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	return Decode(path, data)
}

// Decode decodes data, the content of the file at path, as ReadFiling
// does. A path ending in .docx or .xlsx is read as a Word or Excel filing
// (importer.Import): the findings are then the import report's
// (import.*), the filing a draft to check.
func Decode(path string, data []byte) (*domain.Filing, []domain.Finding, error) {
	if importer.Handles(path) {
		f, rep, err := importer.Import(path, data)
		if err != nil {
			path = ExpandHome(strings.TrimSpace(path))
			return nil, nil, &Error{Path: path, Msg: fmt.Sprintf("%s：%s", termsafe.String(path), err), Err: err}
		}
		return f, rep.Findings(), nil
	}
	f, findings, err := domain.DecodeReport(data)
	if err != nil {
		path = ExpandHome(strings.TrimSpace(path))
		return nil, nil, &Error{Path: path, Msg: fmt.Sprintf("%s：%s", termsafe.String(path), err), Err: err}
	}
	return f, findings, nil
}

// ExpandHome replaces a leading "~/" by the user's home directory (path
// unchanged when there is none).
func ExpandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, rest)
		}
	}
	return path
}

// regularFile refuses everything but a regular file of at most MaxSize
// bytes.
func regularFile(path, shown string, st fs.FileInfo) error {
	m := st.Mode()
	notRegular := func(msg string) error {
		return &Error{Path: path, Msg: fmt.Sprintf(msg, shown), Kind: ErrNotRegular}
	}
	switch {
	case m.IsDir():
		return notRegular("%s 是一个目录，不是可导入的文件")
	case m&fs.ModeNamedPipe != 0:
		return notRegular("%s 是一个管道（FIFO），不是普通文件，不能导入")
	case m&fs.ModeSocket != 0:
		return notRegular("%s 是一个套接字，不是普通文件，不能导入")
	case m&fs.ModeDevice != 0:
		return notRegular("%s 是一个设备文件，不是普通文件，不能导入")
	case !m.IsRegular():
		return notRegular("%s 不是普通文件，不能导入")
	case st.Size() > MaxSize:
		return tooBig(path, shown)
	}
	return nil
}

func tooBig(path, shown string) error {
	return &Error{Path: path, Msg: fmt.Sprintf("%s 太大（超过 %dMB），不是填报文件", shown, MaxSize>>20), Kind: ErrTooLarge}
}

func cancelled(path, shown string, err error) error {
	msg := fmt.Sprintf("已取消读取 %s", shown)
	if errors.Is(err, context.DeadlineExceeded) {
		msg = fmt.Sprintf("读取 %s 超时，已停止", shown)
	}
	return &Error{Path: path, Msg: msg, Kind: ErrCancelled, Err: err}
}

// openError says in Chinese why path could not be opened.
func openError(path, shown string, err error) error {
	e := &Error{Path: path, Err: err}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		e.Msg, e.Kind = fmt.Sprintf("找不到文件 %s", shown), fs.ErrNotExist
	case errors.Is(err, fs.ErrPermission):
		e.Msg, e.Kind = fmt.Sprintf("没有权限读取 %s", shown), fs.ErrPermission
	case errors.Is(err, syscall.ENXIO):
		e.Msg, e.Kind = fmt.Sprintf("%s 不是普通文件，不能导入", shown), ErrNotRegular
	default:
		e.Msg = fmt.Sprintf("无法读取 %s：%s", shown, errnoText(err))
	}
	return e
}

// errnoText is the system's reason for err without the path it carries.
func errnoText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return termsafe.String(err.Error())
}
