//go:build !unix

package serve

import "os"

// fileOwner is unknown on this system: the owner check is skipped.
func fileOwner(os.FileInfo) (int, bool) { return 0, false }

// serviceUID is unknown on this system.
func serviceUID() int { return -1 }
