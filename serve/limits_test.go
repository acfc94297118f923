package serve

import (
	"net"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// dialFrom logs in as k from the loopback address src.
func (fx *fixture) dialFrom(src string, k testKey) (*gossh.Client, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", fx.addr)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	c, chans, reqs, err := gossh.NewClientConn(conn, fx.addr, &gossh.ClientConfig{User: "x",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(k.signer)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

// Issue 11, finding 6: connections that never finish the handshake used
// up the server and delayed real logins by 18.8 s.
func TestHalfOpenConnectionsDoNotStarveLogins(t *testing.T) {
	fx := newFixture(t, func(c *Config) {
		c.MaxStartups, c.MaxStartupsPerAddr, c.HandshakeTimeout = 40, 10, 1500*time.Millisecond
	})
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := 0; i < 300; i++ {
		c, err := net.Dial("tcp", fx.addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	deadline := time.Now().Add(2 * time.Second)
	for fx.srv.startups.pending() < 10 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if p := fx.srv.startups.pending(); p != 10 {
		t.Fatalf("%d connections starting up from one address, want the cap 10", p)
	}
	start := time.Now()
	c, err := fx.dialFrom("127.0.0.2", fx.zhang)
	if err != nil {
		t.Fatalf("login during the flood: %v", err)
	}
	c.Close()
	if d := time.Since(start); d > time.Second {
		t.Fatalf("login took %v during the flood", d)
	}
	// The handshake timeout frees the slots.
	deadline = time.Now().Add(5 * time.Second)
	for fx.srv.startups.pending() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if p := fx.srv.startups.pending(); p != 0 {
		t.Fatalf("%d startups left after the handshake timeout", p)
	}
	if !strings.Contains(fx.log.String(), "未完成登录的连接已达上限") {
		t.Errorf("cap not logged:\n%s", fx.log.String())
	}
}

func TestPerUserSessionCap(t *testing.T) {
	fx := newFixture(t, func(c *Config) { c.MaxSessionsPerUser = 1 })
	a := fx.open(t, fx.zhang, 120, 40)
	a.waitFor("梅溪", 5*time.Second)
	b := fx.open(t, fx.zhang, 120, 40)
	b.waitFor("每人上限", 5*time.Second)
	if !b.waitExit(5 * time.Second) {
		t.Fatal("refused session not closed")
	}
	c := fx.open(t, fx.li, 120, 40)
	c.waitFor("东城", 5*time.Second)
}

// Issue 11, finding 3: each window change got its own goroutine; a flood
// piled them up and the draft could not be saved on disconnect.
func TestWindowChangeFloodIsBounded(t *testing.T) {
	fx := newFixture(t, nil)
	tm := fx.open(t, fx.zhang, 120, 40)
	openMeixi(t, tm)
	tm.send("风暴")
	tm.waitFor("有未保存的修改", 5*time.Second)
	before := runtime.NumGoroutine()
	var peak atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
				if g := int64(runtime.NumGoroutine()); g > peak.Load() {
					peak.Store(g)
				}
			}
		}
	}()
	for i := 0; i < 50000; i++ {
		if err := tm.sess.WindowChange(30+i%40, 90+i%60); err != nil {
			t.Fatal(err)
		}
	}
	_ = tm.sess.WindowChange(40, 120)
	time.Sleep(200 * time.Millisecond)
	close(stop)
	<-sampled
	if p := peak.Load(); p > int64(before)+50 {
		t.Fatalf("goroutines rose from %d to %d during the flood", before, p)
	}
	tm.close() // the client goes away: the session saves the draft
	fx.waitFilledBy(t, "风暴", 10*time.Second)
}

// A client that leaves after a window-change flood has its session ended
// at once (on the list screen there is nothing to save).
func TestClientGoneAfterFloodEndsSession(t *testing.T) {
	fx := newFixture(t, nil)
	tm := fx.open(t, fx.admin, 120, 40)
	tm.waitFor("梅溪", 5*time.Second)
	for i := 0; i < 20000; i++ {
		if err := tm.sess.WindowChange(24+i%60, 80+i%120); err != nil {
			t.Fatal(err)
		}
	}
	tm.close()
	fx.waitSessions(t, 0, 3*time.Second)
}

func TestStartupLimiter(t *testing.T) {
	var logged int
	l := newStartupLimiter(3, 2, func(string, ...any) { logged++ })
	a1, a2 := l.admit("10.0.0.1"), l.admit("10.0.0.1")
	if a1 == nil || a2 == nil {
		t.Fatal("first two from one address refused")
	}
	if l.admit("10.0.0.1") != nil {
		t.Fatal("third from one address admitted (per-address cap 2)")
	}
	b := l.admit("10.0.0.2")
	if b == nil {
		t.Fatal("another address refused below the global cap")
	}
	if l.admit("10.0.0.3") != nil {
		t.Fatal("admitted beyond the global cap 3")
	}
	a1.done()
	a1.done() // once only
	if l.pending() != 2 {
		t.Fatalf("pending %d after one done, want 2", l.pending())
	}
	if l.admit("10.0.0.3") == nil {
		t.Fatal("refused after a slot was freed")
	}
	if logged != 1 {
		t.Fatalf("cap logged %d times, want once until it recovers", logged)
	}
}
