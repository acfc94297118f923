// Package serve is `jixiao serve`: the jixiao TUI over SSH for a team on a
// shared server. It is split as Soft Serve is: a Backend (database,
// grants, edit locks, audit trail — no SSH), the SSH transport (wish and
// charm.land/ssh: public-key logins from an authorized_keys file whose
// comments are the user names, a persistent host key) and one tui.Model
// per session, sized to the client's pty and coloured from its
// environment. See docs/serve.md.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"jixiao/tui"
)

// Defaults of Config.
const (
	DefaultListen             = "127.0.0.1:2222"
	DefaultMaxSessions        = 50
	DefaultMaxSessionsPerUser = 5
	DefaultIdleTimeout        = 30 * time.Minute
	DefaultMaxSession         = 8 * time.Hour
	DefaultShutdownGrace      = 10 * time.Second
	DefaultMaxStartups        = 64
	DefaultMaxStartupsPerAddr = 16
	DefaultHandshakeTimeout   = 10 * time.Second
	DefaultRevocationPoll     = 2 * time.Second
)

// Window limits: a pty size outside them is clamped, so that a client
// claiming a 1×1 or a 100000×100000 window can neither crash its session
// nor make it render gigabytes.
const (
	MaxWidth  = 500
	MaxHeight = 300
)

// Permission extensions carrying what the public-key callback learnt to
// the sessions.
const (
	extUser  = "jixiao-user"
	extKey   = "jixiao-key" // SHA256 fingerprint
	extNoPty = "jixiao-no-pty"
)

// Config configures a Server.
type Config struct {
	// DBPath is the database file (created when missing). Uploads are kept
	// beside it, in DBPath+".uploads".
	DBPath string
	// AuthorizedKeys is an OpenSSH authorized_keys file; each key's comment
	// is the user's name.
	AuthorizedKeys string
	// HostKey is the host key file, created (0600) when missing;
	// DefaultHostKeyPath() when empty.
	HostKey string
	// Admin is the administrator's user name; the user of the first key of
	// AuthorizedKeys when empty.
	Admin string
	// MaxSessions bounds the concurrent TUI sessions (DefaultMaxSessions
	// when 0).
	MaxSessions int
	// MaxSessionsPerUser bounds the concurrent sessions (TUI and SFTP) of
	// one user (DefaultMaxSessionsPerUser when 0).
	MaxSessionsPerUser int
	// MaxStartups bounds the connections that have not finished logging
	// in, in all and per client address (DefaultMaxStartups and
	// DefaultMaxStartupsPerAddr when 0); more are closed at once.
	MaxStartups, MaxStartupsPerAddr int
	// HandshakeTimeout is how long a connection may take to log in
	// (DefaultHandshakeTimeout when 0).
	HandshakeTimeout time.Duration
	// IdleTimeout ends a session without input for that long, after saving
	// (DefaultIdleTimeout when 0, never when negative).
	IdleTimeout time.Duration
	// MaxSession ends a session that long after it started, after saving
	// (DefaultMaxSession when 0, never when negative).
	MaxSession time.Duration
	// ShutdownGrace is how long a session that was asked to save and quit
	// (shutdown, timeouts, revocation) is given before it is closed
	// (DefaultShutdownGrace when 0).
	ShutdownGrace time.Duration
	// RevocationPoll is how often the authorized_keys file and the grants
	// of the open sessions are checked (DefaultRevocationPoll when 0).
	RevocationPoll time.Duration
	// Transfers records downloads and uploads; the filing's audit trail
	// and the log when nil.
	Transfers TransferAuditor
	// Log receives the server's log lines (Chinese); discarded when nil.
	Log io.Writer
	// sent, when set (tests), sees every message the server sends to a
	// session's program.
	sent func(ss *session, msg tea.Msg)
}

// Server is a jixiao SSH server.
type Server struct {
	cfg         Config
	backend     *Backend
	keys        *keyring
	ssh         *ssh.Server
	signer      gossh.Signer
	hostKeyPath string
	hostCreated bool
	log         *log.Logger
	startups    *startupLimiter
	transfers   TransferAuditor

	mu        sync.Mutex
	sessions  map[uint64]*session
	transfer  map[uint64]*transferSession
	nextID    uint64
	closing   bool
	wg        sync.WaitGroup
	accepted  atomic.Int64
	stopPoll  chan struct{}
	stopOnce  sync.Once
	pollAlive sync.WaitGroup
}

// New checks the configuration, loads the authorized keys and the host key
// (creating it on first start), opens the database and returns a server
// that is not yet listening.
func New(cfg Config) (*Server, error) {
	if cfg.DBPath == "" {
		return nil, errors.New("没有指定数据库文件")
	}
	if cfg.AuthorizedKeys == "" {
		return nil, errors.New("没有指定授权密钥文件（--authorized-keys）")
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.MaxSessionsPerUser <= 0 {
		cfg.MaxSessionsPerUser = DefaultMaxSessionsPerUser
	}
	if cfg.MaxStartups <= 0 {
		cfg.MaxStartups = DefaultMaxStartups
	}
	if cfg.MaxStartupsPerAddr <= 0 {
		cfg.MaxStartupsPerAddr = DefaultMaxStartupsPerAddr
	}
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.MaxSession == 0 {
		cfg.MaxSession = DefaultMaxSession
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = DefaultShutdownGrace
	}
	if cfg.RevocationPoll <= 0 {
		cfg.RevocationPoll = DefaultRevocationPoll
	}
	w := cfg.Log
	if w == nil {
		w = io.Discard
	}
	s := &Server{cfg: cfg, log: log.New(w, "jixiao serve: ", log.LstdFlags), sessions: map[uint64]*session{},
		transfer: map[uint64]*transferSession{}, stopPoll: make(chan struct{})}
	s.keys = &keyring{path: cfg.AuthorizedKeys, logf: s.log.Printf, owner: serviceUID()}
	if err := s.keys.load(); err != nil {
		return nil, err
	}
	s.hostKeyPath = cfg.HostKey
	if s.hostKeyPath == "" {
		p, err := DefaultHostKeyPath()
		if err != nil {
			return nil, err
		}
		s.hostKeyPath = p
	}
	signer, created, err := LoadOrCreateHostKey(s.hostKeyPath)
	if err != nil {
		return nil, err
	}
	s.signer, s.hostCreated = signer, created
	s.backend, err = NewBackend(cfg.DBPath, s.Admin)
	if err != nil {
		return nil, err
	}
	s.transfers = cfg.Transfers
	if s.transfers == nil {
		s.transfers = backendTransfers{b: s.backend, logf: s.log.Printf}
	}
	s.startups = newStartupLimiter(cfg.MaxStartups, cfg.MaxStartupsPerAddr, s.log.Printf)
	idle, maxT := time.Duration(0), time.Duration(0)
	if cfg.IdleTimeout > 0 {
		idle = cfg.IdleTimeout + time.Minute // backstop; sessions end themselves first
	}
	if cfg.MaxSession > 0 {
		maxT = cfg.MaxSession + time.Minute
	}
	// The host key goes in first, so that wish does not generate one in
	// the working directory.
	s.ssh, err = wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.authPublicKey),
		wish.WithIdleTimeout(idle),
		wish.WithMaxTimeout(maxT),
		wish.WithVersion("jixiao"),
		wish.WithSubsystem("sftp", s.handleSFTP),
		wish.WithMiddleware(s.middleware()...),
	)
	if err != nil {
		return nil, err
	}
	s.ssh.HandshakeTimeout = cfg.HandshakeTimeout
	s.ssh.ServerConfigCallback = serverConfig
	s.ssh.ConnCallback = s.startups.accept
	s.ssh.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	s.ssh.LocalPortForwardingCallback = nil
	s.ssh.ReversePortForwardingCallback = nil
	s.pollAlive.Add(1)
	go s.pollRevocations()
	return s, nil
}

// Backend returns the server's backend.
func (s *Server) Backend() *Backend { return s.backend }

// HostKeyPath returns the host key file in use; HostKeyCreated reports
// whether it was created by this start.
func (s *Server) HostKeyPath() string { return s.hostKeyPath }

// UploadsDir returns the directory holding the users' upload folders.
func (s *Server) UploadsDir() string { return uploadsRoot(s.cfg.DBPath) }

// HostKeyCreated reports whether New created the host key.
func (s *Server) HostKeyCreated() bool { return s.hostCreated }

// HostKeyFingerprint returns the SHA256 fingerprint of the host key, as
// ssh shows it.
func (s *Server) HostKeyFingerprint() string { return gossh.FingerprintSHA256(s.signer.PublicKey()) }

// Admin returns the administrator's user name: Config.Admin, else the user
// of the first key of the authorized_keys file.
func (s *Server) Admin() string {
	if s.cfg.Admin != "" {
		return s.cfg.Admin
	}
	return s.keys.first()
}

// Keys returns the number of authorized keys loaded.
func (s *Server) Keys() int { return s.keys.count() }

// Reload rereads the authorized_keys file (SIGHUP); sessions of keys that
// are gone are revoked at once.
func (s *Server) Reload() error {
	err := s.keys.load()
	if err == nil {
		s.log.Printf("已重新载入授权密钥文件 %s（%d 个密钥）", s.cfg.AuthorizedKeys, s.keys.count())
	}
	s.checkKeys()
	return err
}

// Sessions returns the number of open TUI sessions.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Transfers returns the number of open SFTP sessions.
func (s *Server) Transfers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.transfer)
}

// serverConfig restricts the client key signatures to those without
// SHA-1: ssh-rsa signatures are refused (rsa-sha2-256/512 are used).
func serverConfig(ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{PublicKeyAuthAlgorithms: []string{
		gossh.KeyAlgoED25519, gossh.KeyAlgoSKED25519,
		gossh.KeyAlgoECDSA256, gossh.KeyAlgoECDSA384, gossh.KeyAlgoECDSA521, gossh.KeyAlgoSKECDSA256,
		gossh.KeyAlgoRSASHA256, gossh.KeyAlgoRSASHA512,
	}}
}

// authPublicKey accepts exactly the keys of the authorized_keys file,
// rereading it first when it changed, within their from= and expiry-time=
// options. Passwords, keyboard-interactive and "none" have no handler and
// are therefore refused by the SSH layer.
func (s *Server) authPublicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	s.keys.refresh()
	fp := gossh.FingerprintSHA256(key)
	a, ok := s.keys.lookup(key)
	switch {
	case !ok:
		s.log.Printf("拒绝未授权的密钥 %s（登录名 %q，来自 %s）", fp, ctx.User(), ctx.RemoteAddr())
		return false
	case !allowedFrom(a.from, ctx.RemoteAddr()):
		s.log.Printf("拒绝 %q 的密钥 %s：来自 %s，不在授权文件第 %d 行的 from= 范围内", a.name, fp, ctx.RemoteAddr(), a.line)
		return false
	case !a.expires.IsZero() && !time.Now().Before(a.expires):
		s.log.Printf("拒绝 %q 的密钥 %s（来自 %s）：授权文件第 %d 行的 expiry-time 已于 %s 过期", a.name, fp, ctx.RemoteAddr(), a.line, a.expires.Format("2006-01-02 15:04:05"))
		return false
	}
	if bits, isRSA := rsaBits(key); isRSA && bits < MinRSABits {
		return false
	}
	p := ctx.Permissions()
	if p.Extensions == nil {
		p.Extensions = map[string]string{}
	}
	p.Extensions[extUser] = a.name
	p.Extensions[extKey] = fp
	if a.noPty {
		p.Extensions[extNoPty] = "1"
	} else {
		delete(p.Extensions, extNoPty)
	}
	return true
}

// Serve accepts connections on l until Shutdown or Close. Connections
// beyond the startup cap are closed as they are accepted.
func (s *Server) Serve(l net.Listener) error {
	err := s.ssh.Serve(limitListener{Listener: l, l: s.startups})
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// ListenAndServe listens on the TCP address addr and serves.
func (s *Server) ListenAndServe(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%v", addr, err)
	}
	return s.Serve(l)
}

// Close closes the listeners and every connection at once, without saving.
func (s *Server) Close() error {
	s.stopPolling()
	return s.ssh.Close()
}

func (s *Server) stopPolling() {
	s.stopOnce.Do(func() { close(s.stopPoll) })
	s.pollAlive.Wait()
}

// Shutdown stops accepting sessions, asks every session to save its draft
// and quit (tui.SaveAndQuitMsg), waits for them until ctx ends, then
// closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopPolling()
	s.mu.Lock()
	s.closing = true
	open := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		open = append(open, ss)
	}
	transfers := make([]*transferSession, 0, len(s.transfer))
	for _, t := range s.transfer {
		transfers = append(transfers, t)
	}
	s.mu.Unlock()
	for _, t := range transfers {
		t.close()
	}
	// Close the listeners (Shutdown also waits for connections; it is
	// cancelled below once the sessions are done).
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { _ = s.ssh.Shutdown(sctx) }()
	for _, ss := range open {
		ss.end("服务器正在关闭")
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("等待会话保存超时：%w", ctx.Err())
	}
	cancel()
	_ = s.ssh.Close()
	return err
}

// session is one SSH session running a TUI.
type session struct {
	id      uint64
	user    string
	key     string // fingerprint of the key it logged in with
	srv     *Server
	started time.Time
	// prog is set once the program is built; ready is closed then.
	prog  *tea.Program
	model *tui.Model
	ready chan struct{}
	// store is set once the program's store is open (read by the
	// revocation poll).
	store atomic.Pointer[liveStore]
	// last is the time of the last input, Unix ns.
	last atomic.Int64
	// grants are the units granted when last polled (nil for the
	// administrator).
	grants []string
	// reason is shown when the server ended the session.
	reasonMu sync.Mutex
	reason   string
	killed   bool
	endOnce  sync.Once
	done     chan struct{}
}

// end asks the session's TUI to save its draft and quit
// (tui.SaveAndQuitMsg: no dialog, a copy on conflict) and closes it if it
// has not quit after the grace period. reason says why the server ended
// the session ("" when the client went away); it is printed to the client
// with what became of their changes.
func (ss *session) end(reason string) {
	ss.endOnce.Do(func() {
		ss.reasonMu.Lock()
		ss.reason = reason
		ss.reasonMu.Unlock()
		go func() {
			defer recoverLog(ss.srv.log, "结束会话")
			select {
			case <-ss.ready:
			case <-ss.done:
				return
			}
			// Send blocks until the program reads it (or has ended).
			go ss.prog.Send(tui.SaveAndQuitMsg{})
			grace := time.NewTimer(ss.srv.cfg.ShutdownGrace)
			defer grace.Stop()
			select {
			case <-ss.done:
			case <-grace.C:
				ss.srv.log.Printf("会话 %d（%q）在 %v 内没有保存退出，已强制关闭", ss.id, ss.user, ss.srv.cfg.ShutdownGrace)
				ss.kill()
			}
		}()
	})
}

// send delivers msg to the session's program (dropped when it has ended).
func (ss *session) send(msg tea.Msg) {
	select {
	case <-ss.ready:
	case <-ss.done:
		return
	}
	if ss.srv.cfg.sent != nil {
		ss.srv.cfg.sent(ss, msg)
	}
	ss.prog.Send(msg)
}

// kill closes a TUI that did not save and quit in time (the store did not
// answer): the message says its last changes may be lost instead of
// claiming otherwise.
func (ss *session) kill() {
	ss.reasonMu.Lock()
	ss.killed = true
	ss.reasonMu.Unlock()
	ss.prog.Kill()
}

// farewell is what the client is told when the session ends: why the
// server ended it and what became of the changes.
func (ss *session) farewell() string {
	ss.reasonMu.Lock()
	reason, killed := ss.reason, ss.killed
	ss.reasonMu.Unlock()
	var r tui.QuitResult
	ok := false
	if ss.model != nil {
		r, ok = ss.model.QuitResult()
	}
	switch {
	case ok:
		ss.srv.log.Printf("%q 的会话 %d 结束时：%s", ss.user, ss.id, r.Message())
		if reason == "" {
			return ""
		}
		return reason + "，" + r.Message()
	case killed:
		return "连接已断开：界面未能在 " + chineseDuration(ss.srv.cfg.ShutdownGrace) + "内保存退出，最后的修改可能没有保存。"
	case reason != "":
		return reason + "。"
	}
	return ""
}

func recoverLog(l *log.Logger, what string) {
	if r := recover(); r != nil {
		l.Printf("%s时出现内部错误（已恢复）：%v\n%s", what, r, debug.Stack())
	}
}

// clampWindow keeps a pty size within [1, Max].
func clampWindow(w, h int) (int, int) {
	return min(max(w, 1), MaxWidth), min(max(h, 1), MaxHeight)
}

// sessionText writes a line to the client with the pty's line ends.
func sessionText(w io.Writer, s string) {
	_, _ = io.WriteString(w, strings.ReplaceAll(s, "\n", "\r\n")+"\r\n")
}

// chineseDuration formats d as "30 分钟", "8 小时", "1 小时 30 分钟", "5 秒".
func chineseDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d 秒", int(d.Round(time.Second)/time.Second))
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%d 分钟", m)
	case m == 0:
		return fmt.Sprintf("%d 小时", h)
	}
	return fmt.Sprintf("%d 小时 %d 分钟", h, m)
}
