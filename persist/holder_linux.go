//go:build linux

package persist

import (
	"bufio"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// procLocksHolder finds, in /proc/locks, a process holding a FLOCK on the
// file described by fi, for when the holder left no lock-info file (an old
// jixiao, the bbolt tool, a reader). It returns the pid and the owner of
// the process, or ok=false.
func procLocksHolder(fi os.FileInfo) (pid int, owner string, ok bool) {
	st, isUnix := fi.Sys().(*syscall.Stat_t)
	if !isUnix {
		return 0, "", false
	}
	f, err := os.Open("/proc/locks")
	if err != nil {
		return 0, "", false
	}
	defer f.Close()
	dev := uint64(st.Dev)
	want := fmt.Sprintf("%02x:%02x:%d", unix.Major(dev), unix.Minor(dev), st.Ino)
	self := os.Getpid()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "1: FLOCK  ADVISORY  WRITE 1234 fd:01:123456 0 EOF"; waiters
		// carry "->" after the number.
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1] == "->" || fields[1] != "FLOCK" {
			continue
		}
		if !strings.EqualFold(fields[5], want) {
			continue
		}
		p, err := strconv.Atoi(fields[4])
		if err != nil || p <= 0 {
			continue
		}
		if p == self && pid != 0 {
			continue // prefer another process over ourselves
		}
		pid = p
		owner = processOwner(p)
		ok = true
		if p != self {
			break
		}
	}
	return pid, owner, ok
}

// processOwner returns the user name owning process pid, or "".
func processOwner(pid int) string {
	fi, err := os.Stat(fmt.Sprintf("/proc/%d", pid))
	if err != nil {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	uid := strconv.FormatUint(uint64(st.Uid), 10)
	if u, err := user.LookupId(uid); err == nil {
		return u.Username
	}
	return "uid " + uid
}
