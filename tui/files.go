package tui

import (
	"context"
	"errors"
	"io"
	"time"

	"jixiao/internal/filingfile"
)

// This file declares the TUI's files port: the only way the TUI reaches
// files outside the database. Local mode passes OSFiles (paths the user
// types on their own machine); `jixiao serve` passes the session user's
// transfer area, which never opens a path on the server: the user puts
// files there and fetches exports over SFTP.

// MaxImportSize is the largest file the TUI imports (filingfile.MaxSize).
const MaxImportSize = filingfile.MaxSize

// FileInfo is one file offered for import.
type FileInfo struct {
	// Name identifies the file to Files.Read (a name in the upload
	// folder; never a server path).
	Name     string
	Size     int64
	Modified time.Time
}

// Files is the files port.
type Files interface {
	// TypedPaths reports whether the user types file paths of their own
	// machine (local mode). When false the import screen lists Uploads
	// and exports are fetched over SFTP as Fetch describes.
	TypedPaths() bool
	// Uploads lists the files the user has put in the upload folder,
	// newest first (empty in local mode).
	Uploads(ctx context.Context) ([]FileInfo, error)
	// Read returns the content of a file to import: a typed path in local
	// mode, an Uploads name otherwise. It reads only regular files, at
	// most MaxImportSize bytes, stops when ctx is done, and its errors
	// name the file but never quote its content.
	Read(ctx context.Context, name string) ([]byte, error)
	// Write exports to a typed path (local mode only); write produces the
	// content. It fails with ErrExists unless overwrite is set.
	Write(ctx context.Context, path string, overwrite bool, write func(io.Writer) error) error
	// Fetch says, in Chinese, how to download the export of the filing of
	// unit and year in format (a report format name such as "xlsx") when
	// TypedPaths is false, e.g. "scp -P 2222 host:梅溪街道/2024/….xlsx .".
	Fetch(unit string, year int, format string) string
}

// ErrExists is returned (possibly wrapped) by Files.Write for a file that
// exists when overwrite is not set.
var ErrExists = errors.New("文件已存在")

// RevokedMsg tells the Model that the session's user may no longer work on
// a filing (their key was removed or a grant revoked): the Model saves the
// open draft, closes the filing and shows Reason. With Unit set only
// filings of that unit are closed; Quit also ends the program.
type RevokedMsg struct {
	Reason string
	Unit   string
	Quit   bool
}
