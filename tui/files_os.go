package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"jixiao/internal/filingfile"
	"jixiao/internal/termsafe"
	"jixiao/report"
)

// OSFiles is the files port of local mode: the user types paths of their
// own machine ("~/" is their home directory).
type OSFiles struct{}

// TypedPaths is true: the user types paths.
func (OSFiles) TypedPaths() bool { return true }

// Uploads is empty: local mode has no upload folder.
func (OSFiles) Uploads(context.Context) ([]FileInfo, error) { return nil, nil }

// Fetch is empty: local exports are written where the user says.
func (OSFiles) Fetch(string, int, string) string { return "" }

// Read reads the regular file at path (filingfile.Read: at most
// MaxImportSize bytes, "~/" expanded; directories, devices, pipes and
// sockets refused before a byte is read; stops as soon as ctx is done).
func (OSFiles) Read(ctx context.Context, path string) ([]byte, error) {
	return filingfile.Read(ctx, path)
}

// Write writes path atomically (report.WriteFile): a new file is readable
// by its owner only, an existing one is replaced only with overwrite and
// otherwise left alone with ErrExists. A directory is refused. The write
// stops with an error when ctx is done.
func (OSFiles) Write(ctx context.Context, path string, overwrite bool, write func(io.Writer) error) error {
	path = expandHome(strings.TrimSpace(path))
	shown := termsafe.String(path)
	if path == "" {
		return errors.New("请输入文件路径")
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s 是一个目录，请在目录后加上文件名", shown)
	}
	err := report.WriteFile(path, overwrite, func(out io.Writer) error {
		return write(ctxWriter{ctx: ctx, w: out})
	})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, report.ErrExists):
		return fmt.Errorf("%s：%w", shown, ErrExists)
	case ctx.Err() != nil:
		return cancelled(shown, ctx.Err())
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("无法写入 %s：所在的目录不存在", shown)
		case errors.Is(err, fs.ErrPermission):
			return fmt.Errorf("没有权限写入 %s", shown)
		}
		return fmt.Errorf("无法写入 %s：%s", shown, errnoText(err))
	}
	return err
}

// ctxWriter fails once its context is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// expandHome replaces a leading "~/" by the user's home directory.
func expandHome(path string) string { return filingfile.ExpandHome(path) }

// absPath is path as the message after an export shows it: absolute, with
// "~/" expanded.
func absPath(path string) string {
	path = expandHome(strings.TrimSpace(path))
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// cancelled says in Chinese that writing shown stopped because ctx is done.
func cancelled(shown string, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("写入 %s 超时，已停止", shown)
	}
	return fmt.Errorf("已取消写入 %s", shown)
}

// errnoText is the system's reason for err without the path it carries.
func errnoText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return termsafe.String(err.Error())
}
