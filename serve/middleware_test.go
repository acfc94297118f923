package serve

import (
	"bytes"
	"context"
	"io"
	"log"
	"net"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// fakeSession is an ssh.Session for testing one middleware: only the
// methods the middlewares call are implemented.
type fakeSession struct {
	ssh.Session
	user    string
	ext     map[string]string
	command []string
	pty     bool
	term    string
	out     bytes.Buffer
	exit    int
	exited  bool
	ctx     ssh.Context
}

func (f *fakeSession) Permissions() ssh.Permissions {
	return ssh.Permissions{Permissions: &gossh.Permissions{Extensions: f.ext}}
}
func (f *fakeSession) Command() []string  { return f.command }
func (f *fakeSession) RawCommand() string { return strings.Join(f.command, " ") }
func (f *fakeSession) Subsystem() string  { return "" }
func (f *fakeSession) User() string       { return f.user }
func (f *fakeSession) RemoteAddr() net.Addr {
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5555}
}
func (f *fakeSession) Stderr() io.ReadWriter { return &f.out }
func (f *fakeSession) Write(p []byte) (int, error) {
	return f.out.Write(p)
}
func (f *fakeSession) Exit(code int) error { f.exit, f.exited = code, true; return nil }
func (f *fakeSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	return ssh.Pty{Term: f.term, Window: ssh.Window{Width: 80, Height: 24}}, nil, f.pty
}
func (f *fakeSession) Context() ssh.Context { return f.ctx }

type fakeContext struct {
	ssh.Context
	version string
}

func (c fakeContext) ClientVersion() string { return c.version }

func TestRefuseCommands(t *testing.T) {
	for _, tc := range []struct {
		name string
		sess *fakeSession
		pass bool
		msg  string
	}{
		{"interactive", &fakeSession{ext: map[string]string{extUser: "张三"}, pty: true}, true, ""},
		{"no user", &fakeSession{ext: map[string]string{}, pty: true}, false, "无法确定您的用户名"},
		{"command", &fakeSession{ext: map[string]string{extUser: "张三"}, pty: true, command: []string{"cat", "/etc/passwd"}}, false, "不执行命令"},
		{"no-pty key", &fakeSession{ext: map[string]string{extUser: "张三", extNoPty: "1"}, pty: true}, false, "no-pty 或 restrict"},
		{"no pty", &fakeSession{ext: map[string]string{extUser: "张三"}}, false, "需要终端"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			called := false
			refuseCommands(func(ssh.Session) { called = true })(tc.sess)
			if called != tc.pass {
				t.Fatalf("next called = %v, want %v", called, tc.pass)
			}
			if !tc.pass && (!tc.sess.exited || tc.sess.exit != 1 || !strings.Contains(tc.sess.out.String(), tc.msg)) {
				t.Fatalf("exit %d (%v), output %q, want %q", tc.sess.exit, tc.sess.exited, tc.sess.out.String(), tc.msg)
			}
		})
	}
}

func bareServer(cfg Config, w io.Writer) *Server {
	return &Server{cfg: cfg, log: log.New(w, "", 0), sessions: map[uint64]*session{}, transfer: map[uint64]*transferSession{}}
}

// Issue 11, finding 6: one user could hold all the sessions.
func TestLimitSessions(t *testing.T) {
	s := bareServer(Config{MaxSessions: 2, MaxSessionsPerUser: 1}, io.Discard)
	release := make(chan struct{})
	var inside sync.WaitGroup
	var entered atomic.Int32
	hold := s.limitSessions(func(sess ssh.Session) {
		if _, ok := sess.(*liveSession); !ok {
			t.Error("next does not get the registered session")
		}
		entered.Add(1)
		inside.Done()
		<-release
	})
	open := func(user string) *fakeSession {
		f := &fakeSession{ext: map[string]string{extUser: user}, pty: true}
		inside.Add(1)
		done := make(chan struct{})
		go func() { hold(f); close(done) }()
		select {
		case <-done: // refused
			inside.Done()
		case <-time.After(200 * time.Millisecond):
		}
		return f
	}
	open("张三")
	if f := open("张三"); !strings.Contains(f.out.String(), "每人上限") {
		t.Errorf("second session of 张三: %q", f.out.String())
	}
	open("李四")
	if f := open("王五"); !strings.Contains(f.out.String(), "会话数已达上限（2 个）") {
		t.Errorf("third session: %q", f.out.String())
	}
	inside.Wait()
	if entered.Load() != 2 || s.Sessions() != 2 {
		t.Fatalf("entered %d, sessions %d", entered.Load(), s.Sessions())
	}
	close(release)
	deadline := time.Now().Add(2 * time.Second)
	for s.Sessions() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	s.closing = true
	if f := open("张三"); !strings.Contains(f.out.String(), "服务器正在关闭") {
		t.Errorf("while closing: %q", f.out.String())
	}
}

// Issue 11, finding 8: TERM and other client strings were logged with
// %s, so a client could forge log lines.
func TestLogSessionsQuotesClientStrings(t *testing.T) {
	var buf bytes.Buffer
	s := bareServer(Config{}, &buf)
	forged := "xterm\njixiao serve: 登录：用户 \"管理员\"，密钥 SHA256:x"
	f := &fakeSession{user: "x\ny", ext: map[string]string{extUser: "张三"}, pty: true, term: forged,
		command: []string{"a\nb"}, ctx: fakeContext{version: "SSH-2.0-x\r\nfake"}}
	s.logSessions(func(ssh.Session) {})(f)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), buf.String())
	}
	if !strings.Contains(lines[0], `终端 "xterm\njixiao serve:`) || strings.Contains(buf.String(), "\njixiao serve: 登录") {
		t.Fatalf("TERM not quoted:\n%s", buf.String())
	}
}

func TestCoalesceWindows(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := make(chan ssh.Window)
	out := coalesceWindows(ctx, in, 20*time.Millisecond)
	var got []ssh.Window
	var mu sync.Mutex
	go func() {
		for w := range out {
			mu.Lock()
			got = append(got, w)
			mu.Unlock()
		}
	}()
	before := runtime.NumGoroutine()
	start := time.Now()
	const n = 200000
	for i := 1; i <= n; i++ {
		in <- ssh.Window{Width: 80 + i%100, Height: 24 + i%50}
	}
	in <- ssh.Window{Width: 100000, Height: 0}
	elapsed := time.Since(start)
	if g := runtime.NumGoroutine(); g > before+10 {
		t.Errorf("goroutines %d → %d during the flood", before, g)
	}
	time.Sleep(60 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if max := int(elapsed/(20*time.Millisecond)) + 3; len(got) > max {
		t.Errorf("%d sizes delivered in %v, want at most %d", len(got), elapsed, max)
	}
	if len(got) == 0 || got[len(got)-1] != (ssh.Window{Width: MaxWidth, Height: 1}) {
		t.Errorf("last size %v, want the latest, clamped", got)
	}
}

// cancelContext is an ssh.Context that ends when inner does.
type cancelContext struct {
	ssh.Context
	inner context.Context
}

func (c cancelContext) Done() <-chan struct{} { return c.inner.Done() }
func (c cancelContext) Err() error            { return c.inner.Err() }

func TestLifetime(t *testing.T) {
	var logBuf syncBuffer
	s := bareServer(Config{IdleTimeout: 30 * time.Millisecond, MaxSession: -1, ShutdownGrace: time.Second}, &logBuf)
	clientCtx, leave := context.WithCancel(context.Background())
	defer leave()
	f := &fakeSession{ext: map[string]string{extUser: "张三"}, pty: true, ctx: cancelContext{inner: clientCtx}}
	ss := &session{id: 1, user: "张三", srv: s, ready: make(chan struct{}), done: make(chan struct{})}
	ss.last.Store(time.Now().UnixNano())
	var progCtx ssh.Context
	var winch <-chan ssh.Window
	s.lifetime(func(sess ssh.Session) {
		progCtx = sess.Context()
		_, winch, _ = sess.Pty()
		time.Sleep(80 * time.Millisecond) // the idle timer fires
		leave()                           // then the client goes away while the program runs
		time.Sleep(50 * time.Millisecond)
		if progCtx.Err() != nil {
			t.Error("the program's context ended with the client's: the TUI could not save")
		}
	})(&liveSession{Session: f, ss: ss})
	if winch == nil {
		t.Error("no coalesced window channel")
	}
	select {
	case <-progCtx.Done():
	default:
		t.Error("the program's context outlives the session")
	}
	select {
	case <-ss.done:
	default:
		t.Error("session not marked done")
	}
	if !f.exited {
		t.Error("no exit status")
	}
	// The idle timer fired first (30 ms) and its reason is the farewell.
	if !strings.Contains(f.out.String(), "已空闲超过") || !strings.Contains(logBuf.String(), "空闲超过") {
		t.Errorf("idle end not told: %q / %q", f.out.String(), logBuf.String())
	}
}
