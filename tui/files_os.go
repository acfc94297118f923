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
	"syscall"

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

// readChunk is how much Read reads between two looks at its context.
const readChunk = 256 << 10

// Read reads the regular file at path (at most MaxImportSize bytes). It
// refuses directories, devices, pipes and sockets before reading a byte,
// and gives up as soon as ctx is done.
func (OSFiles) Read(ctx context.Context, path string) ([]byte, error) {
	path = expandHome(strings.TrimSpace(path))
	shown := termsafe.String(path)
	if path == "" {
		return nil, errors.New("请输入 JSON 文件的路径")
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, openError(shown, err)
	}
	if err := regularFile(shown, st); err != nil {
		return nil, err
	}
	// O_NONBLOCK: should the path have become a FIFO since the Stat, the
	// open does not wait for a writer; the check below then refuses it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, openError(shown, err)
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, openError(shown, err)
	}
	if err := regularFile(shown, st); err != nil {
		return nil, err
	}
	r := io.LimitReader(f, MaxImportSize+1)
	data := make([]byte, 0, min(st.Size(), MaxImportSize)+1)
	buf := make([]byte, readChunk)
	for {
		if err := ctx.Err(); err != nil {
			return nil, cancelled(shown, err)
		}
		n, err := r.Read(buf)
		data = append(data, buf[:n]...)
		if len(data) > MaxImportSize {
			return nil, tooBig(shown)
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, fmt.Errorf("读取 %s 时出错：%s", shown, errnoText(err))
		}
	}
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
func expandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, rest)
		}
	}
	return path
}

// absPath is path as the message after an export shows it: absolute, with
// "~/" expanded.
func absPath(path string) string {
	path = expandHome(strings.TrimSpace(path))
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// regularFile refuses everything but a regular file of at most
// MaxImportSize bytes.
func regularFile(shown string, st fs.FileInfo) error {
	m := st.Mode()
	switch {
	case m.IsDir():
		return fmt.Errorf("%s 是一个目录，不是 JSON 文件", shown)
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("%s 是一个管道（FIFO），不是普通文件，不能导入", shown)
	case m&fs.ModeSocket != 0:
		return fmt.Errorf("%s 是一个套接字，不是普通文件，不能导入", shown)
	case m&fs.ModeDevice != 0:
		return fmt.Errorf("%s 是一个设备文件，不是普通文件，不能导入", shown)
	case !m.IsRegular():
		return fmt.Errorf("%s 不是普通文件，不能导入", shown)
	case st.Size() > MaxImportSize:
		return tooBig(shown)
	}
	return nil
}

func tooBig(shown string) error {
	return fmt.Errorf("%s 太大（超过 %dMB），不是填报文件", shown, MaxImportSize>>20)
}

func cancelled(shown string, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("读取 %s 超时，已停止", shown)
	}
	return fmt.Errorf("已取消读取 %s", shown)
}

// openError says in Chinese why path could not be opened.
func openError(shown string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("找不到文件 %s", shown)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("没有权限读取 %s", shown)
	case errors.Is(err, syscall.ENXIO):
		return fmt.Errorf("%s 不是普通文件，不能导入", shown)
	}
	return fmt.Errorf("无法读取 %s：%s", shown, errnoText(err))
}

// errnoText is the system's reason for err without the path it carries.
func errnoText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return termsafe.String(err.Error())
}
