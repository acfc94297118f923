//go:build unix

package serve

import (
	"os"
	"syscall"
)

// fileOwner returns the uid owning a file.
func fileOwner(fi os.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// serviceUID is the uid the server runs as.
func serviceUID() int { return os.Getuid() }
