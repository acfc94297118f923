package serve

import (
	"bufio"
	"bytes"
	"crypto/rsa"
	"errors"
	"fmt"
	"net"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// MinRSABits is the smallest RSA key accepted.
const MinRSABits = 2048

// authorizedKey is one usable line of the authorized_keys file.
type authorizedKey struct {
	key  gossh.PublicKey
	name string // the line's comment: the user's name
	line int
	// from is the from="…" pattern list (nil: any address).
	from []string
	// expires is the expiry-time="…" option (zero: never).
	expires time.Time
	// noPty is set by restrict (without pty) and no-pty: the key may use
	// SFTP but gets no TUI, which needs a terminal.
	noPty bool
}

// keyring is the parsed authorized_keys file. It reloads itself when the
// file's modification time or size changes (checked at each login and by
// the revocation poll) and on Reload (SIGHUP).
type keyring struct {
	path string
	logf func(format string, args ...any)
	// owner is the uid besides root that may own the file and its
	// directories (the service user); -1 skips the owner check.
	owner int

	mu      sync.RWMutex
	keys    []authorizedKey
	byBlob  map[string]*authorizedKey // key.Marshal() → first line with it
	mtime   time.Time
	size    int64
	mode    os.FileMode
	present bool
	warned  string // last warning text, to log each problem once
}

// keyOptionsAllowed are the authorized_keys options accepted without
// effect: forwarding of every kind is refused by the server anyway.
var keyOptionsAllowed = map[string]bool{
	"no-agent-forwarding": true, "no-port-forwarding": true, "no-x11-forwarding": true, "no-user-rc": true,
	"agent-forwarding": true, "port-forwarding": true, "x11-forwarding": true, "user-rc": true,
	"no-touch-required": true, "verify-required": true,
}

// parseKeyOptions applies the options of line n to a; a non-nil error
// refuses the line.
func parseKeyOptions(a *authorizedKey, options []string) error {
	restrict, pty := false, false
	for _, opt := range options {
		name, value, hasValue := strings.Cut(opt, "=")
		name = strings.ToLower(name)
		value = strings.Trim(value, `"`)
		switch {
		case name == "restrict" && !hasValue:
			restrict = true
		case name == "pty" && !hasValue:
			pty = true
		case name == "no-pty" && !hasValue:
			a.noPty = true
		case name == "from" && hasValue:
			a.from = strings.Split(value, ",")
		case name == "expiry-time" && hasValue:
			t, err := parseExpiry(value)
			if err != nil {
				return fmt.Errorf("expiry-time=%q 无法识别（应为 YYYYMMDD[HHMM[SS]][Z]）", value)
			}
			a.expires = t
		case name == "command":
			return errors.New("带有 command= 选项（jixiao 不执行命令，此行被拒绝）")
		case name == "cert-authority":
			return errors.New("是 cert-authority（不支持证书颁发机构，此行被拒绝）")
		case name == "permitopen" || name == "permitlisten":
			// forwarding is refused anyway
		case keyOptionsAllowed[name] && !hasValue:
		default:
			return fmt.Errorf("带有不支持的选项 %q（此行被拒绝）", opt)
		}
	}
	if restrict && !pty {
		a.noPty = true
	}
	return nil
}

// parseExpiry reads sshd's expiry-time: YYYYMMDD, YYYYMMDDHHMM or
// YYYYMMDDHHMMSS, in local time unless it ends in Z (UTC).
func parseExpiry(v string) (time.Time, error) {
	loc := time.Local
	if s, ok := strings.CutSuffix(v, "Z"); ok {
		v, loc = s, time.UTC
	}
	for _, layout := range []string{"20060102150405", "200601021504", "20060102"} {
		if len(v) == len(layout) {
			return time.ParseInLocation(layout, v, loc)
		}
	}
	return time.Time{}, errors.New("bad expiry-time")
}

// parseAuthorizedKeys reads an OpenSSH authorized_keys file. Every key line
// must carry a comment, which is the user's name; lines without one, lines
// that do not parse, certificates, command= and cert-authority lines,
// unknown options and RSA keys under MinRSABits are skipped and reported,
// as are duplicate keys (the first line counts).
func parseAuthorizedKeys(data []byte) ([]authorizedKey, []string) {
	var keys []authorizedKey
	var problems []string
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		pk, comment, options, _, err := gossh.ParseAuthorizedKey(line)
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
		a := authorizedKey{key: pk, name: name, line: n}
		if err := parseKeyOptions(&a, options); err != nil {
			problems = append(problems, fmt.Sprintf("第 %d 行（用户 %q）%v", n, name, err))
			continue
		}
		if bits, ok := rsaBits(pk); ok && bits < MinRSABits {
			problems = append(problems, fmt.Sprintf("第 %d 行（用户 %q）是 %d 位的 RSA 密钥，至少需要 %d 位，已忽略", n, name, bits, MinRSABits))
			continue
		}
		blob := string(pk.Marshal())
		if first, dup := seen[blob]; dup {
			problems = append(problems, fmt.Sprintf("第 %d 行（用户 %q）与第 %d 行是同一个密钥，以第 %d 行为准", n, name, first, first))
			continue
		}
		seen[blob] = n
		keys = append(keys, a)
	}
	if err := sc.Err(); err != nil {
		problems = append(problems, fmt.Sprintf("读取中断：%v", err))
	}
	return keys, problems
}

// rsaBits returns the size of an RSA key.
func rsaBits(pk gossh.PublicKey) (int, bool) {
	c, ok := pk.(gossh.CryptoPublicKey)
	if !ok {
		return 0, false
	}
	r, ok := c.CryptoPublicKey().(*rsa.PublicKey)
	if !ok {
		return 0, false
	}
	return r.N.BitLen(), true
}

// ErrUnsafeKeysFile is matched by the refusal of an authorized_keys file
// others could change.
var ErrUnsafeKeysFile = errors.New("授权密钥文件不安全")

// checkKeysFileSafe is sshd's StrictModes: the file and every directory
// above it must be owned by root or the service user and not writable by
// group or others. A world-writable directory with the sticky bit (/tmp)
// is accepted: nobody else can rename or remove what is in it. When p is
// a symbolic link, both the link's directories and the real file's are
// checked.
func checkKeysFileSafe(p string, owner int) error {
	abs, err := filepath.Abs(p)
	if err != nil {
		return err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return err
	}
	if err := checkChainSafe(real, owner); err != nil || real == abs {
		return err
	}
	return checkChainSafe(filepath.Dir(abs), owner)
}

// checkChainSafe checks file (a regular file or a directory) and every
// directory above it.
func checkChainSafe(file string, owner int) error {
	for cur := file; ; cur = filepath.Dir(cur) {
		fi, err := os.Stat(cur)
		if err != nil {
			return err
		}
		kind := "目录"
		if !fi.IsDir() {
			kind = "文件"
			if !fi.Mode().IsRegular() {
				return fmt.Errorf("%w：%s 不是普通文件", ErrUnsafeKeysFile, cur)
			}
		}
		sticky := fi.IsDir() && fi.Mode()&os.ModeSticky != 0
		if fi.Mode().Perm()&0o022 != 0 && !sticky {
			return fmt.Errorf("%w：%s %s 可被同组或其他用户写入（权限 %04o），任何本机用户都能加入自己的公钥；请执行 chmod go-w %s",
				ErrUnsafeKeysFile, kind, cur, fi.Mode().Perm(), cur)
		}
		if uid, ok := fileOwner(fi); ok && owner >= 0 && uid != 0 && uid != owner {
			return fmt.Errorf("%w：%s %s 属于其他用户（uid %d），只接受 root 或运行 jixiao serve 的用户（uid %d）所有",
				ErrUnsafeKeysFile, kind, cur, uid, owner)
		}
		if filepath.Dir(cur) == cur {
			return nil
		}
	}
}

// load reads the file now. A missing, unreadable or unsafe file leaves no
// keys at all (every login is refused) and is an error.
func (k *keyring) load() error {
	fi, statErr := os.Stat(k.path)
	var data []byte
	err := statErr
	if err == nil {
		err = checkKeysFileSafe(k.path, k.owner)
	}
	if err == nil {
		data, err = os.ReadFile(k.path)
	}
	if err != nil {
		k.mu.Lock()
		k.keys, k.byBlob, k.present, k.mtime, k.size = nil, map[string]*authorizedKey{}, false, time.Time{}, 0
		if fi != nil {
			k.mtime, k.size, k.mode = fi.ModTime(), fi.Size(), fi.Mode()
		}
		k.mu.Unlock()
		if errors.Is(err, ErrUnsafeKeysFile) {
			return fmt.Errorf("%w（所有登录都将被拒绝）", err)
		}
		return fmt.Errorf("无法读取授权密钥文件 %s：%v（所有登录都将被拒绝）", k.path, err)
	}
	keys, problems := parseAuthorizedKeys(data)
	by := make(map[string]*authorizedKey, len(keys))
	for i := range keys {
		by[string(keys[i].key.Marshal())] = &keys[i]
	}
	k.mu.Lock()
	k.keys, k.byBlob, k.present, k.mtime, k.size, k.mode = keys, by, true, fi.ModTime(), fi.Size(), fi.Mode()
	k.mu.Unlock()
	if len(problems) > 0 && k.logf != nil {
		k.logf("授权密钥文件 %s：%s", k.path, strings.Join(problems, "；"))
	}
	if len(keys) == 0 {
		return fmt.Errorf("授权密钥文件 %s 中没有可用的密钥（每行一个公钥，注释为用户名）", k.path)
	}
	return nil
}

// refresh reloads the file when it changed since the last load (it costs
// one stat) and reports whether it did.
func (k *keyring) refresh() bool {
	fi, err := os.Stat(k.path)
	k.mu.RLock()
	same := err == nil && fi.ModTime().Equal(k.mtime) && fi.Size() == k.size && fi.Mode() == k.mode
	gone := err != nil && !k.present && k.mtime.IsZero()
	k.mu.RUnlock()
	if same || gone {
		return false
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
	return true
}

// lookup returns the authorized line of a key.
func (k *keyring) lookup(key gossh.PublicKey) (authorizedKey, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	a, ok := k.byBlob[string(key.Marshal())]
	if !ok {
		return authorizedKey{}, false
	}
	return *a, true
}

// valid reports whether the key with fingerprint fp still logs in user
// (it is in the file, under that name, not expired).
func (k *keyring) valid(fp, user string, now time.Time) bool {
	k.mu.RLock()
	defer k.mu.RUnlock()
	for _, a := range k.keys {
		if gossh.FingerprintSHA256(a.key) == fp {
			return a.name == user && (a.expires.IsZero() || now.Before(a.expires))
		}
	}
	return false
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

// allowedFrom checks a client address against a from= pattern list as
// sshd does: host patterns with * and ?, CIDR blocks, "!" negating; a
// negated match refuses, else one positive match is needed. Only the
// address is matched (jixiao does no reverse lookups).
func allowedFrom(patterns []string, addr net.Addr) bool {
	if patterns == nil {
		return true
	}
	host := addr.String()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	ip := net.ParseIP(host)
	matched := false
	for _, p := range patterns {
		p = strings.TrimSpace(p)
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		if p == "" {
			continue
		}
		hit := false
		if _, block, err := net.ParseCIDR(p); err == nil {
			hit = ip != nil && block.Contains(ip)
		} else if ok, _ := path.Match(p, host); ok {
			hit = true
		}
		if hit && neg {
			return false
		}
		matched = matched || hit
	}
	return matched
}
