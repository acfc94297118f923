package serve

import (
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"

	"jixiao/tui"
)

// ErrNoServerPaths is returned by the session files' Write: in serve mode
// nothing is written to a path of the server; exports are fetched over
// SFTP.
var ErrNoServerPaths = errors.New("服务器模式下不能把文件写到服务器上的路径，请用 scp 或 sftp 下载导出文件")

// sessionFiles is the tui.Files of an SSH session: imports come from the
// user's upload folder, exports are fetched over SFTP from the same
// address the session connected to.
type sessionFiles struct {
	uploads *uploadArea
	// host and port are the server's address as the client reached it.
	host, port string
}

var _ tui.Files = (*sessionFiles)(nil)

// newSessionFiles returns the files of a session of user that reached
// the server at local.
func newSessionFiles(uploads *uploadArea, local net.Addr) *sessionFiles {
	f := &sessionFiles{uploads: uploads, host: "主机", port: strconv.Itoa(22)}
	if a, ok := local.(*net.TCPAddr); ok {
		f.port = strconv.Itoa(a.Port)
		if !a.IP.IsUnspecified() {
			f.host = a.IP.String()
			if a.IP.To4() == nil {
				f.host = "[" + f.host + "]"
			}
		}
	}
	return f
}

// TypedPaths implements tui.Files: the user never types a server path.
func (f *sessionFiles) TypedPaths() bool { return false }

// Uploads implements tui.Files: the files of the user's 上传 folder,
// newest first.
func (f *sessionFiles) Uploads(ctx context.Context) ([]tui.FileInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return f.uploads.list()
}

// Read implements tui.Files: name is an upload's name, never a path.
func (f *sessionFiles) Read(ctx context.Context, name string) ([]byte, error) {
	return f.uploads.read(ctx, name)
}

// Write implements tui.Files: always ErrNoServerPaths.
func (f *sessionFiles) Write(context.Context, string, bool, func(io.Writer) error) error {
	return ErrNoServerPaths
}

// Fetch implements tui.Files: the scp command that downloads the export.
func (f *sessionFiles) Fetch(unit string, year int, format string) string {
	return "用 scp -P " + f.port + " " + shellQuote(f.host+":"+ExportPath(unit, year, format)) + " . 下载（或用 sftp、WinSCP、Xftp）"
}

// shellQuote quotes s for a POSIX shell when it needs it (a unit name
// with a space or a parenthesis).
func shellQuote(s string) string {
	if !strings.ContainsAny(s, " \t'\"$`\\!*?[]()&;|<>{}~#") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
