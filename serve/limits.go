package serve

import (
	"net"
	"sync"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// startupLimiter is sshd's MaxStartups: it bounds the connections that
// have not logged in yet, in all and per client address. A connection
// beyond either bound is closed before the SSH handshake starts, so that
// thousands of half-open connections cost neither file descriptors for
// long (HandshakeTimeout) nor the slots of real logins from elsewhere.
type startupLimiter struct {
	max, perAddr int
	logf         func(format string, args ...any)

	mu     sync.Mutex
	total  int
	byAddr map[string]int
	warned bool
}

func newStartupLimiter(max, perAddr int, logf func(string, ...any)) *startupLimiter {
	return &startupLimiter{max: max, perAddr: perAddr, logf: logf, byAddr: map[string]int{}}
}

// ctxStartup keys the connection's pending startup in its ssh.Context.
var ctxStartup = &struct{ name string }{"jixiao-startup"}

// admit counts a new connection from addr as starting up, or returns nil
// when a bound is reached.
func (l *startupLimiter) admit(addr string) *startup {
	l.mu.Lock()
	if l.total >= l.max || l.byAddr[addr] >= l.perAddr {
		first := !l.warned
		l.warned = true
		l.mu.Unlock()
		if first && l.logf != nil {
			l.logf("未完成登录的连接已达上限（共 %d 个，每个地址 %d 个），拒绝来自 %s 的新连接（之后不再逐一记录，直至恢复正常）", l.max, l.perAddr, addr)
		}
		return nil
	}
	l.total++
	l.byAddr[addr]++
	l.mu.Unlock()
	return &startup{l: l, addr: addr}
}

// limitListener closes, right in Accept, the connections the limiter
// does not admit: a refused connection costs no goroutine and no SSH
// state.
type limitListener struct {
	net.Listener
	l *startupLimiter
}

func (ll limitListener) Accept() (net.Conn, error) {
	for {
		conn, err := ll.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if st := ll.l.admit(hostOf(conn.RemoteAddr())); st != nil {
			return &startupConn{Conn: conn, st: st}, nil
		}
		_ = conn.Close()
	}
}

// accept is the server's ConnCallback: it files the connection's startup
// slot (taken by limitListener) in its context, so that the first
// channel can free it. A connection that did not come through the
// listener is counted here.
func (l *startupLimiter) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	sc, ok := conn.(*startupConn)
	if !ok {
		st := l.admit(hostOf(conn.RemoteAddr()))
		if st == nil {
			return nil
		}
		sc = &startupConn{Conn: conn, st: st}
	}
	ctx.SetValue(ctxStartup, sc.st)
	return sc
}

// pending returns how many connections are starting up.
func (l *startupLimiter) pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// startup is one connection counted by the limiter until it logged in
// (its first channel) or closed.
type startup struct {
	l     *startupLimiter
	addr  string
	once  sync.Once
	login sync.Once
}

func (s *startup) done() {
	s.once.Do(func() {
		s.l.mu.Lock()
		s.l.total--
		if s.l.byAddr[s.addr]--; s.l.byAddr[s.addr] <= 0 {
			delete(s.l.byAddr, s.addr)
		}
		if s.l.total < s.l.max/2 {
			s.l.warned = false
		}
		s.l.mu.Unlock()
	})
}

// startupConn frees its startup slot when closed.
type startupConn struct {
	net.Conn
	st *startup
}

func (c *startupConn) Close() error {
	c.st.done()
	return c.Conn.Close()
}

func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	if h, _, err := net.SplitHostPort(a.String()); err == nil {
		return h
	}
	return a.String()
}

// refusedRequests are the session requests refused without reaching the
// session: agent and X11 forwarding (charm.land/ssh would acknowledge an
// agent request it never serves).
var refusedRequests = map[string]string{
	"auth-agent-req@openssh.com": "代理转发",
	"x11-req":                    "X11 转发",
}

// sessionChannel is the "session" channel handler: the first channel of
// a connection marks its login as finished (freeing its startup slot) and
// logs user, key fingerprint and address; forwarding requests are refused.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	if st, ok := ctx.Value(ctxStartup).(*startup); ok {
		st.done()
		st.login.Do(func() {
			ext := ctx.Permissions().Extensions
			s.log.Printf("登录：用户 %q，密钥 %s，来自 %s，客户端 %q", ext[extUser], ext[extKey], ctx.RemoteAddr(), ctx.ClientVersion())
		})
	}
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{NewChannel: nc, s: s, ctx: ctx}, ctx)
}

// filteredChannel is a session channel whose forwarding requests are
// refused before the session sees them.
type filteredChannel struct {
	gossh.NewChannel
	s   *Server
	ctx ssh.Context
}

func (f filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for r := range reqs {
			if what, refused := refusedRequests[r.Type]; refused {
				f.s.log.Printf("拒绝 %q 的%s请求（来自 %s）", f.ctx.Permissions().Extensions[extUser], what, f.ctx.RemoteAddr())
				if r.WantReply {
					_ = r.Reply(false, nil)
				}
				continue
			}
			out <- r
		}
	}()
	return ch, out, nil
}
