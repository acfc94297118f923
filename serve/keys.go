package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// authorizedKey is one usable line of the authorized_keys file.
type authorizedKey struct {
	key  gossh.PublicKey
	name string // the line's comment: the user's name
}

// keyring is the parsed authorized_keys file. It reloads itself when the
// file's modification time or size changes (checked at each login) and on
// Reload (SIGHUP).
type keyring struct {
	path string
	logf func(format string, args ...any)

	mu      sync.RWMutex
	keys    []authorizedKey
	byBlob  map[string]string // key.Marshal() → name
	mtime   time.Time
	size    int64
	present bool
	warned  string // last warning text, to log each problem once
}

// parseAuthorizedKeys reads an OpenSSH authorized_keys file. Every key line
// must carry a comment, which is the user's name; lines without one and
// lines that do not parse are skipped and reported.
func parseAuthorizedKeys(data []byte) ([]authorizedKey, []string) {
	var keys []authorizedKey
	var problems []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		pk, comment, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			problems = append(problems, fmt.Sprintf("第 %d 行无法解析（%v），已忽略", n, err))
			continue
		}
		name := strings.TrimSpace(comment)
		if name == "" {
			problems = append(problems, fmt.Sprintf("第 %d 行的密钥没有注释（注释即用户名），已忽略", n))
			continue
		}
		if _, ok := pk.(*gossh.Certificate); ok {
			problems = append(problems, fmt.Sprintf("第 %d 行是证书，不支持，已忽略", n))
			continue
		}
		keys = append(keys, authorizedKey{key: pk, name: name})
	}
	if err := sc.Err(); err != nil {
		problems = append(problems, fmt.Sprintf("读取中断：%v", err))
	}
	return keys, problems
}

// load reads the file now. A missing or unreadable file leaves no keys at
// all (every login is refused) and is an error.
func (k *keyring) load() error {
	fi, statErr := os.Stat(k.path)
	data, err := os.ReadFile(k.path)
	if statErr != nil || err != nil {
		if err == nil {
			err = statErr
		}
		k.mu.Lock()
		k.keys, k.byBlob, k.present, k.mtime, k.size = nil, map[string]string{}, false, time.Time{}, 0
		k.mu.Unlock()
		return fmt.Errorf("无法读取授权密钥文件 %s：%v（所有登录都将被拒绝）", k.path, err)
	}
	keys, problems := parseAuthorizedKeys(data)
	by := make(map[string]string, len(keys))
	for _, a := range keys {
		if _, dup := by[string(a.key.Marshal())]; !dup {
			by[string(a.key.Marshal())] = a.name
		}
	}
	k.mu.Lock()
	k.keys, k.byBlob, k.present, k.mtime, k.size = keys, by, true, fi.ModTime(), fi.Size()
	k.mu.Unlock()
	if len(problems) > 0 && k.logf != nil {
		k.logf("授权密钥文件 %s：%s", k.path, strings.Join(problems, "；"))
	}
	if len(keys) == 0 {
		return fmt.Errorf("授权密钥文件 %s 中没有可用的密钥（每行一个公钥，注释为用户名）", k.path)
	}
	return nil
}

// refresh reloads the file when it changed since the last load. It costs
// one stat.
func (k *keyring) refresh() {
	fi, err := os.Stat(k.path)
	k.mu.RLock()
	same := err == nil && k.present && fi.ModTime().Equal(k.mtime) && fi.Size() == k.size
	gone := err != nil && !k.present
	k.mu.RUnlock()
	if same || gone {
		return
	}
	if err := k.load(); err != nil && k.logf != nil {
		k.mu.Lock()
		repeat := k.warned == err.Error()
		k.warned = err.Error()
		k.mu.Unlock()
		if !repeat {
			k.logf("%v", err)
		}
	} else if k.logf != nil {
		k.mu.Lock()
		k.warned = ""
		n := len(k.keys)
		k.mu.Unlock()
		k.logf("已重新载入授权密钥文件 %s（%d 个密钥）", k.path, n)
	}
}

// lookup returns the user name of an authorized key.
func (k *keyring) lookup(key gossh.PublicKey) (string, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	name, ok := k.byBlob[string(key.Marshal())]
	return name, ok
}

// first returns the user of the first key in the file ("" when none).
func (k *keyring) first() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if len(k.keys) == 0 {
		return ""
	}
	return k.keys[0].name
}

// count returns the number of keys loaded.
func (k *keyring) count() int {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return len(k.keys)
}
