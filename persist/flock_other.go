//go:build !unix

package persist

import "os"

// tryLock reports success: on systems without flock the store relies on
// bbolt's own lock, taken with the remaining time as its timeout.
func tryLock(f *os.File, exclusive bool) (bool, error) { return true, nil }

// processAlive cannot tell on this system and assumes the process lives.
func processAlive(pid int) bool { return pid > 0 }
