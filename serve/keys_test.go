package serve

import (
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func rsaKey(t *testing.T, bits int, name string) testKey {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " " + name
	return testKey{name: name, signer: signer, line: line}
}

// Issue 11, finding 5: options were ignored and bad lines accepted.
func TestParseAuthorizedKeysOptions(t *testing.T) {
	k := newKey(t, "张三")
	bare := k.line
	for _, tc := range []struct {
		name    string
		line    string
		ok      bool
		problem string
		check   func(a authorizedKey) bool
	}{
		{"plain", bare, true, "", func(a authorizedKey) bool { return a.from == nil && a.expires.IsZero() && !a.noPty }},
		{"from", `from="10.0.0.0/8,!10.1.2.3" ` + bare, true, "", func(a authorizedKey) bool { return len(a.from) == 2 }},
		{"expiry", `expiry-time="20300101" ` + bare, true, "", func(a authorizedKey) bool { return a.expires.Year() == 2030 }},
		{"expiry utc", `expiry-time="203001021530Z" ` + bare, true, "", func(a authorizedKey) bool {
			return a.expires.Equal(time.Date(2030, 1, 2, 15, 30, 0, 0, time.UTC))
		}},
		{"no-pty", `no-pty ` + bare, true, "", func(a authorizedKey) bool { return a.noPty }},
		{"restrict", `restrict ` + bare, true, "", func(a authorizedKey) bool { return a.noPty }},
		{"restrict,pty", `restrict,pty ` + bare, true, "", func(a authorizedKey) bool { return !a.noPty }},
		{"harmless", `no-agent-forwarding,no-port-forwarding,no-X11-forwarding ` + bare, true, "", nil},
		{"command", `command="/bin/sh" ` + bare, false, "command=", nil},
		{"cert-authority", `cert-authority ` + bare, false, "cert-authority", nil},
		{"environment", `environment="A=B" ` + bare, false, "不支持的选项", nil},
		{"bad expiry", `expiry-time="tomorrow" ` + bare, false, "expiry-time", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keys, problems := parseAuthorizedKeys([]byte(tc.line + "\n"))
			if got := len(keys) == 1; got != tc.ok {
				t.Fatalf("accepted = %v, want %v (%q)", got, tc.ok, problems)
			}
			if tc.problem != "" && (len(problems) != 1 || !strings.Contains(problems[0], tc.problem) || !strings.Contains(problems[0], "第 1 行")) {
				t.Fatalf("problems %q, want one naming line 1 and %q", problems, tc.problem)
			}
			if tc.check != nil && !tc.check(keys[0]) {
				t.Fatalf("options not applied: %+v", keys[0])
			}
		})
	}
}

func TestParseAuthorizedKeysRSAAndDuplicates(t *testing.T) {
	weak, strong := rsaKey(t, 1024, "弱"), rsaKey(t, 2048, "强")
	k := newKey(t, "张三")
	data := weak.line + "\n" + strong.line + "\n" + k.line + "\n" + strings.Replace(k.line, "张三", "管理员", 1) + "\n"
	keys, problems := parseAuthorizedKeys([]byte(data))
	if len(keys) != 2 || keys[0].name != "强" || keys[1].name != "张三" {
		t.Fatalf("keys %+v", keys)
	}
	joined := strings.Join(problems, "\n")
	if !strings.Contains(joined, "第 1 行") || !strings.Contains(joined, "1024 位") {
		t.Errorf("weak RSA not reported: %q", problems)
	}
	if !strings.Contains(joined, "第 4 行") || !strings.Contains(joined, "与第 3 行是同一个密钥") {
		t.Errorf("duplicate not reported: %q", problems)
	}
}

func TestAllowedFrom(t *testing.T) {
	addr := func(s string) net.Addr { a, _ := net.ResolveTCPAddr("tcp", s); return a }
	for _, tc := range []struct {
		patterns []string
		addr     string
		want     bool
	}{
		{nil, "1.2.3.4:5", true},
		{[]string{"127.0.0.1"}, "127.0.0.1:5", true},
		{[]string{"127.0.0.1"}, "127.0.0.2:5", false},
		{[]string{"10.0.0.0/8"}, "10.9.9.9:5", true},
		{[]string{"10.0.0.0/8", "!10.1.2.3"}, "10.1.2.3:5", false},
		{[]string{"192.168.1.*"}, "192.168.1.77:5", true},
		{[]string{"192.168.1.?"}, "192.168.1.77:5", false},
		{[]string{"!127.0.0.1"}, "127.0.0.1:5", false},
		{[]string{"::1"}, "[::1]:5", true},
	} {
		if got := allowedFrom(tc.patterns, addr(tc.addr)); got != tc.want {
			t.Errorf("allowedFrom(%q, %s) = %v", tc.patterns, tc.addr, got)
		}
	}
}

// Issue 11, finding 5: a world-writable file or directory was accepted.
func TestStrictModes(t *testing.T) {
	dir := t.TempDir()
	keysDir := filepath.Join(dir, "conf")
	if err := os.Mkdir(keysDir, 0o700); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(keysDir, "authorized_keys")
	writeKeys(t, p, newKey(t, "管理员"))
	load := func() error {
		k := &keyring{path: p, owner: serviceUID()}
		return k.load()
	}
	if err := load(); err != nil {
		t.Fatalf("safe file refused: %v", err)
	}
	for _, tc := range []struct {
		what string
		path string
		mode os.FileMode
	}{
		{"world-writable file", p, 0o606},
		{"group-writable file", p, 0o620},
		{"world-writable directory", keysDir, 0o777},
	} {
		if err := os.Chmod(tc.path, tc.mode); err != nil {
			t.Fatal(err)
		}
		err := load()
		if !errors.Is(err, ErrUnsafeKeysFile) || !strings.Contains(err.Error(), "chmod go-w "+tc.path) {
			t.Errorf("%s: %v", tc.what, err)
		}
		_ = os.Chmod(p, 0o600)
		_ = os.Chmod(keysDir, 0o700)
	}
	// A sticky world-writable directory (like /tmp) is fine.
	if err := os.Chmod(keysDir, os.ModeSticky|0o777); err != nil {
		t.Fatal(err)
	}
	if err := load(); err != nil {
		t.Errorf("sticky directory refused: %v", err)
	}
	_ = os.Chmod(keysDir, 0o700)
	if os.Getuid() == 0 {
		if err := os.Chown(p, 12345, 12345); err != nil {
			t.Fatal(err)
		}
		if err := load(); !errors.Is(err, ErrUnsafeKeysFile) || !strings.Contains(err.Error(), "属于其他用户") {
			t.Errorf("file of another user: %v", err)
		}
	}
	// A link from a world-writable directory to a safe file is refused:
	// anyone could point it elsewhere.
	open := filepath.Join(dir, "open")
	if err := os.Mkdir(open, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(open, "authorized_keys")
	if err := os.Symlink(p, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(p, os.Getuid(), os.Getgid()); err != nil {
		t.Fatal(err)
	}
	if err := (&keyring{path: link, owner: serviceUID()}).load(); !errors.Is(err, ErrUnsafeKeysFile) || !strings.Contains(err.Error(), open) {
		t.Errorf("link in a world-writable directory: %v", err)
	}
	// The server refuses to start on it, with the reason.
	if err := os.Chmod(p, 0o666); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{DBPath: filepath.Join(dir, "db"), AuthorizedKeys: p, HostKey: filepath.Join(dir, "hk")})
	if err == nil || !strings.Contains(err.Error(), "可被同组或其他用户写入") {
		t.Fatalf("New on a world-writable file: %v", err)
	}
}

// loginFixture serves a keys file written by lines.
func loginFixture(t *testing.T, lines ...string) *fixture {
	fx := newFixture(t, nil)
	data := "# test\n" + fx.admin.line + "\n" + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(fx.keysPath, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := fx.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	return fx
}

func TestLoginHonoursFromAndExpiry(t *testing.T) {
	zhang, li, wang := newKey(t, "张三"), newKey(t, "李四"), newKey(t, "王五")
	fx := loginFixture(t,
		`from="10.0.0.0/8" `+zhang.line,
		`from="127.0.0.1" `+li.line,
		`expiry-time="20200101" `+wang.line)
	if c, err := fx.dial(zhang); err == nil {
		c.Close()
		t.Error("key limited to 10.0.0.0/8 logged in from loopback")
	}
	c, err := fx.dial(li)
	if err != nil {
		t.Errorf("key limited to 127.0.0.1 refused: %v", err)
	} else {
		c.Close()
	}
	if c, err := fx.dial(wang); err == nil {
		c.Close()
		t.Error("expired key logged in")
	}
	log := fx.log.String()
	if !strings.Contains(log, "from= 范围") || !strings.Contains(log, "expiry-time 已于") {
		t.Errorf("refusals not logged:\n%s", log)
	}
}

func TestLoginRefusesWeakRSAAndSHA1(t *testing.T) {
	weak, strong := rsaKey(t, 1024, "弱"), rsaKey(t, 2048, "强")
	fx := loginFixture(t, weak.line, strong.line)
	if c, err := fx.dial(weak); err == nil {
		c.Close()
		t.Error("RSA-1024 key logged in")
	}
	c, err := fx.dial(strong)
	if err != nil {
		t.Fatalf("RSA-2048 (rsa-sha2) refused: %v", err)
	}
	c.Close()
	sha1, err := gossh.NewSignerWithAlgorithms(strong.signer.(gossh.AlgorithmSigner), []string{gossh.KeyAlgoRSA})
	if err != nil {
		t.Fatal(err)
	}
	c, err = gossh.Dial("tcp", fx.addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(sha1)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err == nil {
		c.Close()
		t.Fatal("ssh-rsa (SHA-1) signature accepted")
	}
}

func TestNoPtyKeyGetsFilesButNoTUI(t *testing.T) {
	zhang := newKey(t, "张三")
	fx := loginFixture(t, `restrict `+zhang.line)
	tm := fx.open(t, zhang, 100, 30)
	if !tm.waitExit(5 * time.Second) {
		t.Fatal("restricted key got a session")
	}
	if strings.Contains(tm.text(), "梅溪") {
		t.Fatal("restricted key saw the TUI")
	}
	sc := fx.sftpClient(t, zhang)
	if got := names(t, sc, "/"); len(got) != 2 {
		t.Fatalf("restricted key lists %q over sftp", got)
	}
}

func TestLoginLogsUserFingerprintAddress(t *testing.T) {
	fx := newFixture(t, nil)
	c, err := fx.dial(fx.zhang)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := `登录：用户 "张三"，密钥 ` + gossh.FingerprintSHA256(fx.zhang.signer.PublicKey()) + "，来自 127.0.0.1:"
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(fx.log.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("login line %q not in log:\n%s", want, fx.log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Issue 11, finding 8: agent forwarding was acknowledged.
func TestAgentAndX11ForwardingRefused(t *testing.T) {
	fx := newFixture(t, nil)
	c, err := fx.dial(fx.zhang)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, req := range []string{"auth-agent-req@openssh.com", "x11-req"} {
		ok, err := s.SendRequest(req, true, nil)
		if err != nil || ok {
			t.Errorf("%s: ok=%v err=%v, want refused", req, ok, err)
		}
	}
	if _, err := c.Dial("tcp", "127.0.0.1:22"); err == nil {
		t.Error("port forwarding accepted")
	}
	if !strings.Contains(fx.log.String(), "拒绝 \"张三\" 的代理转发请求") {
		t.Errorf("agent refusal not logged:\n%s", fx.log.String())
	}
}
