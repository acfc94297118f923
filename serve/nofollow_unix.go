//go:build unix

package serve

import "syscall"

// noFollow makes opening an upload fail on a symbolic link.
const noFollow = syscall.O_NOFOLLOW
