// Package atomicfile writes files atomically: the content goes to a
// temporary file in the destination's directory, which is synced, moved
// into place (rename, or a hard link when an existing file must not be
// replaced) and made durable by syncing the directory. A reader of the
// path sees its old content or the whole new content, never a part, and a
// crash leaves at most a hidden temporary file behind.
package atomicfile

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned (wrapped in an *fs.PathError naming the path) by a
// NoOverwrite write when the path exists. errors.Is(ErrExists,
// fs.ErrExist) holds.
var ErrExists error = existsError{}

type existsError struct{}

func (existsError) Error() string { return "文件已存在" }

// Is makes errors.Is(ErrExists, fs.ErrExist) true.
func (existsError) Is(target error) bool { return target == fs.ErrExist }

// Options says how a file is put in place.
type Options struct {
	// Perm is the permission of a new file; 0 means 0600 (owner only).
	Perm fs.FileMode
	// NoOverwrite leaves an existing path alone and fails with ErrExists,
	// also when the path appears while the file is written (the temporary
	// file is hard-linked into place; on a file system without hard links
	// the path is looked at once more and then renamed into place).
	NoOverwrite bool
	// KeepPerm gives a file that replaces an existing one the existing
	// file's permissions instead of Perm.
	KeepPerm bool
}

// File is a temporary file that becomes Path at Commit. Write to it as an
// *os.File, or have another program fill it through TempName.
type File struct {
	*os.File
	path string
	dir  string
	opt  Options
	done bool
}

// Create starts writing path (do not Close the File yourself): a temporary file in path's directory with
// opt.Perm. With opt.NoOverwrite an existing path fails at once with
// ErrExists. The caller must call Commit or Abort (Abort after Commit does
// nothing, so `defer f.Abort()` is the usual form).
func Create(path string, opt Options) (*File, error) {
	if opt.Perm == 0 {
		opt.Perm = 0o600
	}
	if opt.NoOverwrite {
		if _, err := os.Lstat(path); err == nil {
			return nil, &fs.PathError{Op: "create", Path: path, Err: ErrExists}
		}
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, err
	}
	if err := tmp.Chmod(opt.Perm); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	return &File{File: tmp, path: path, dir: dir, opt: opt}, nil
}

// Path is the destination.
func (f *File) Path() string { return f.path }

// TempName is the temporary file's path.
func (f *File) TempName() string { return f.File.Name() }

// Commit syncs and closes the temporary file, puts it at Path as Options
// say and syncs the directory. On error the temporary file is removed and
// Path is unchanged.
func (f *File) Commit() (err error) {
	if f.done {
		return errors.New("atomicfile: Commit after Commit or Abort")
	}
	f.done = true
	tmp := f.TempName()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if err = f.File.Sync(); err != nil {
		f.File.Close()
		return err
	}
	if err = f.File.Close(); err != nil {
		return err
	}
	if !f.opt.NoOverwrite {
		if f.opt.KeepPerm {
			if st, serr := os.Stat(f.path); serr == nil {
				if err = os.Chmod(tmp, st.Mode().Perm()); err != nil {
					return err
				}
			}
		}
		if err = os.Rename(tmp, f.path); err != nil {
			return err
		}
	} else {
		// A hard link fails if path appeared in the meantime, where a
		// rename would replace it.
		if err = os.Link(tmp, f.path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return &fs.PathError{Op: "link", Path: f.path, Err: ErrExists}
			}
			if _, serr := os.Lstat(f.path); serr == nil {
				return &fs.PathError{Op: "link", Path: f.path, Err: ErrExists}
			}
			// The file system has no hard links: fall back to a rename.
			if err = os.Rename(tmp, f.path); err != nil {
				return err
			}
		} else {
			os.Remove(tmp)
		}
	}
	SyncDir(f.dir)
	return nil
}

// Abort closes and removes the temporary file; Path is unchanged. It does
// nothing after Commit.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.TempName())
}

// Write writes path atomically with the content write produces (buffered).
// An error from write aborts: path is unchanged.
func Write(path string, opt Options, write func(io.Writer) error) error {
	f, err := Create(path, opt)
	if err != nil {
		return err
	}
	defer f.Abort()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Commit()
}

// WriteFile writes data to path atomically.
func WriteFile(path string, data []byte, opt Options) error {
	return Write(path, opt, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// SyncDir makes the entries of dir (a rename or link into it) durable
// where the system supports syncing a directory; failures are ignored, as
// some systems cannot sync a directory at all.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
