package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"jixiao/domain"
	"jixiao/internal/testfixture"
	"jixiao/persist"
	"jixiao/store"
)

// testKey is a generated client key with its authorized_keys line.
type testKey struct {
	name   string
	signer gossh.Signer
	priv   ed25519.PrivateKey
	line   string
}

func newKey(t testing.TB, name string) testKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " " + name
	return testKey{name: name, signer: signer, priv: priv, line: line}
}

func writeKeys(t testing.TB, path string, keys ...testKey) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# jixiao serve test keys\n")
	for _, k := range keys {
		b.WriteString(k.line + "\n")
	}
	if err := os.WriteFile(path+".tmp", []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
}

func sampleFiling(t testing.TB) *domain.Filing {
	t.Helper()
	return testfixture.Sample(t)
}

// unitMeixi is the unit of the sample filing.
const unitMeixi = "岳阳市岳阳楼区梅溪街道办事处"

// fixture is a running server on loopback with a database holding the
// sample (梅溪街道) and a filing of 东城街道.
type fixture struct {
	srv       *Server
	addr      string
	dir       string
	db        string
	keysPath  string
	admin     testKey
	zhang     testKey // granted 梅溪街道
	li        testKey // granted 东城街道
	meixi     string  // filing ids
	dongcheng string
	log       *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newFixture(t testing.TB, tweak func(*Config)) *fixture {
	t.Helper()
	dir := t.TempDir()
	fx := &fixture{dir: dir, db: filepath.Join(dir, "jixiao.db"), keysPath: filepath.Join(dir, "authorized_keys"),
		admin: newKey(t, "管理员"), zhang: newKey(t, "张三"), li: newKey(t, "李四"), log: &syncBuffer{}}
	writeKeys(t, fx.keysPath, fx.admin, fx.zhang, fx.li)
	st, err := persist.Open(fx.db, persist.Options{User: "setup"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.Create(sampleFiling(t))
	if err != nil {
		t.Fatal(err)
	}
	fx.meixi = m.ID
	other := sampleFiling(t)
	other.Unit = "东城街道"
	m, err = st.Create(other)
	if err != nil {
		t.Fatal(err)
	}
	fx.dongcheng = m.ID
	if err := st.Grant("张三", unitMeixi); err != nil {
		t.Fatal(err)
	}
	if err := st.Grant("李四", "东城街道"); err != nil {
		t.Fatal(err)
	}
	cfg := Config{DBPath: fx.db, AuthorizedKeys: fx.keysPath, HostKey: filepath.Join(dir, "host", HostKeyName),
		ShutdownGrace: 5 * time.Second, Log: fx.log}
	if tweak != nil {
		tweak(&cfg)
	}
	fx.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fx.addr = l.Addr().String()
	go func() { _ = fx.srv.Serve(l) }()
	t.Cleanup(func() { _ = fx.srv.Close() })
	return fx
}

// dial connects with key k.
func (fx *fixture) dial(k testKey) (*gossh.Client, error) {
	return gossh.Dial("tcp", fx.addr, &gossh.ClientConfig{
		User:            "ignored-login-name",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(k.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
}

// term is a client session with a pty whose output is collected.
type term struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session
	in     interface {
		Write([]byte) (int, error)
		Close() error
	}
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func (fx *fixture) open(t testing.TB, k testKey, w, h int, env ...string) *term {
	t.Helper()
	c, err := fx.dial(k)
	if err != nil {
		t.Fatalf("dial as %s: %v", k.name, err)
	}
	return openTerm(t, c, w, h, env...)
}

func openTerm(t testing.TB, c *gossh.Client, w, h int, env ...string) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range env {
		k, v, _ := strings.Cut(e, "=")
		_ = sess.Setenv(k, v)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, client: c, sess: sess, in: in, done: make(chan struct{})}
	go func() {
		defer close(tm.done)
		buf := make([]byte, 32*1024)
		for {
			n, err := out.Read(buf)
			tm.mu.Lock()
			tm.out.Write(buf[:n])
			tm.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tm.close() })
	return tm
}

func (tm *term) close() {
	_ = tm.sess.Close()
	_ = tm.client.Close()
}

// text is everything received so far without escape sequences.
func (tm *term) text() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return ansi.Strip(tm.out.String())
}

func (tm *term) raw() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.String()
}

// mark returns how many bytes were received so far, for waitSince.
func (tm *term) mark() int {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.Len()
}

// waitFor waits until the stripped output contains s.
func (tm *term) waitFor(s string, d time.Duration) {
	tm.t.Helper()
	tm.waitSince(0, s, d)
}

// waitSince waits until the stripped output after the first mark bytes
// contains s.
func (tm *term) waitSince(mark int, s string, d time.Duration) {
	tm.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		tm.mu.Lock()
		got := ansi.Strip(tm.out.String()[mark:])
		tm.mu.Unlock()
		if strings.Contains(got, s) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	tm.t.Fatalf("timed out waiting for %q; screen text:\n%s", s, tail(tm.text(), 3000))
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// send writes keys (raw bytes) to the session.
func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := tm.in.Write([]byte(s)); err != nil {
		tm.t.Fatalf("write: %v", err)
	}
}

// waitExit waits for the session's output to end.
func (tm *term) waitExit(d time.Duration) bool {
	select {
	case <-tm.done:
		return true
	case <-time.After(d):
		return false
	}
}

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyTab   = "\t"
	keyCtrlC = "\x03"
	keyEsc   = "\x1b"
	keyDown  = "\x1b[B"
)

// waitSessions waits until the server has n sessions.
func (fx *fixture) waitSessions(t testing.TB, n int, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if fx.srv.Sessions() == n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("server has %d sessions, want %d", fx.srv.Sessions(), n)
}

// store opens the fixture's database directly.
func (fx *fixture) store(t testing.TB) *persist.Store {
	t.Helper()
	st, err := persist.Open(fx.db, persist.Options{User: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// waitLockFree waits until nobody holds the edit lock of filing id.
func (fx *fixture) waitLockFree(t testing.TB, id string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		h, held := fx.srv.backend.Locks().Holder(id)
		if !held {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("lock of %s still held by %s", id, h)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitFilledBy waits until the stored 梅溪街道 filing's 填表人 ends with
// suffix and returns it.
func (fx *fixture) waitFilledBy(t testing.TB, suffix string, d time.Duration) (*domain.Filing, store.Meta) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		f, m, err := fx.store(t).Get(fx.meixi)
		if err == nil && strings.HasSuffix(f.Signoff.FilledBy, suffix) {
			return f, m
		}
		if time.Now().After(deadline) {
			got := ""
			if f != nil {
				got = f.Signoff.FilledBy
			}
			t.Fatalf("填表人 %q does not end with %q (%v)", got, suffix, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
