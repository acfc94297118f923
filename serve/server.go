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
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"jixiao/tui"
)

// Defaults of Config.
const (
	DefaultListen        = "127.0.0.1:2222"
	DefaultMaxSessions   = 50
	DefaultIdleTimeout   = 30 * time.Minute
	DefaultMaxSession    = 8 * time.Hour
	DefaultShutdownGrace = 10 * time.Second
)

// Window limits: a pty size outside them is clamped, so that a client
// claiming a 1×1 or a 100000×100000 window can neither crash its session
// nor make it render gigabytes.
const (
	MaxWidth  = 500
	MaxHeight = 300
)

// extUser is the permission extension carrying the authenticated user's
// name from the public-key callback to the session.
const extUser = "jixiao-user"

// Config configures a Server.
type Config struct {
	// DBPath is the database file (created when missing).
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
	// MaxSessions bounds the concurrent sessions (DefaultMaxSessions when
	// 0).
	MaxSessions int
	// IdleTimeout ends a session without input for that long, after saving
	// (DefaultIdleTimeout when 0, never when negative).
	IdleTimeout time.Duration
	// MaxSession ends a session that long after it started, after saving
	// (DefaultMaxSession when 0, never when negative).
	MaxSession time.Duration
	// ShutdownGrace is how long a session that was asked to save and quit
	// (shutdown, timeouts) is given before it is closed
	// (DefaultShutdownGrace when 0).
	ShutdownGrace time.Duration
	// Log receives the server's log lines (Chinese); discarded when nil.
	Log io.Writer
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

	mu       sync.Mutex
	sessions map[uint64]*session
	nextID   uint64
	closing  bool
	wg       sync.WaitGroup
	accepted atomic.Int64
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
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.MaxSession == 0 {
		cfg.MaxSession = DefaultMaxSession
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = DefaultShutdownGrace
	}
	w := cfg.Log
	if w == nil {
		w = io.Discard
	}
	s := &Server{cfg: cfg, log: log.New(w, "jixiao serve: ", log.LstdFlags), sessions: map[uint64]*session{}}
	s.keys = &keyring{path: cfg.AuthorizedKeys, logf: s.log.Printf}
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
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return s.handle }),
	)
	if err != nil {
		return nil, err
	}
	s.ssh.HandshakeTimeout = 30 * time.Second
	return s, nil
}

// Backend returns the server's backend.
func (s *Server) Backend() *Backend { return s.backend }

// HostKeyPath returns the host key file in use; HostKeyCreated reports
// whether it was created by this start.
func (s *Server) HostKeyPath() string { return s.hostKeyPath }

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

// Reload rereads the authorized_keys file (SIGHUP).
func (s *Server) Reload() error {
	err := s.keys.load()
	if err == nil {
		s.log.Printf("已重新载入授权密钥文件 %s（%d 个密钥）", s.cfg.AuthorizedKeys, s.keys.count())
	}
	return err
}

// Sessions returns the number of open sessions.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// authPublicKey accepts exactly the keys of the authorized_keys file,
// rereading it first when it changed. Passwords, keyboard-interactive and
// "none" have no handler and are therefore refused by the SSH layer.
func (s *Server) authPublicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	s.keys.refresh()
	name, ok := s.keys.lookup(key)
	if !ok {
		s.log.Printf("拒绝未授权的密钥 %s（登录名 %q，来自 %s）", gossh.FingerprintSHA256(key), ctx.User(), ctx.RemoteAddr())
		return false
	}
	p := ctx.Permissions()
	if p.Extensions == nil {
		p.Extensions = map[string]string{}
	}
	p.Extensions[extUser] = name
	return true
}

// Serve accepts connections on l until Shutdown or Close.
func (s *Server) Serve(l net.Listener) error {
	err := s.ssh.Serve(l)
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
func (s *Server) Close() error { return s.ssh.Close() }

// Shutdown stops accepting sessions, asks every session to save its draft
// and quit (tui.SaveAndQuitMsg), waits for them until ctx ends, then
// closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	open := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		open = append(open, ss)
	}
	s.mu.Unlock()
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
	srv     *Server
	prog    *tea.Program
	started time.Time
	// last is the time of the last input, Unix ns.
	last atomic.Int64
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
			// Send blocks until the program reads it (or has ended).
			go ss.prog.Send(tui.SaveAndQuitMsg{})
			grace := time.NewTimer(ss.srv.cfg.ShutdownGrace)
			defer grace.Stop()
			select {
			case <-ss.done:
			case <-grace.C:
				ss.srv.log.Printf("会话 %d（%s）在 %v 内没有保存退出，已强制关闭", ss.id, ss.user, ss.srv.cfg.ShutdownGrace)
				ss.kill()
			}
		}()
	})
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
func (ss *session) farewell(model tea.Model) string {
	ss.reasonMu.Lock()
	reason, killed := ss.reason, ss.killed
	ss.reasonMu.Unlock()
	var r tui.QuitResult
	ok := false
	if m, isModel := model.(*tui.Model); isModel && m != nil {
		r, ok = m.QuitResult()
	}
	switch {
	case ok:
		ss.srv.log.Printf("%s 的会话 %d 结束时：%s", ss.user, ss.id, r.Message())
		if reason == "" {
			return ""
		}
		return reason + "，" + r.Message()
	case killed:
		return "连接已断开：界面未能在 " + chineseDuration(ss.srv.cfg.ShutdownGrace) + "内保存退出，最后的修改可能没有保存。"
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

// handle runs one SSH session: the checks, the TUI, the timers.
func (s *Server) handle(sess ssh.Session) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("会话出现内部错误（已恢复，其他会话不受影响）：%v\n%s", r, debug.Stack())
			_ = sess.Exit(1)
		}
	}()
	user := sess.Permissions().Extensions[extUser]
	if user == "" {
		sessionText(sess.Stderr(), "jixiao：无法确定您的用户名（授权密钥需要注释）。")
		_ = sess.Exit(1)
		return
	}
	if len(sess.Command()) > 0 || sess.Subsystem() != "" {
		sessionText(sess.Stderr(), "jixiao：此服务器只提供交互式填报界面，不执行命令。请直接用 ssh -t 连接。")
		_ = sess.Exit(1)
		return
	}
	pty, winCh, ok := sess.Pty()
	if !ok {
		sessionText(sess.Stderr(), "jixiao：填报界面需要终端，请用 ssh -t 连接。")
		_ = sess.Exit(1)
		return
	}

	s.mu.Lock()
	switch {
	case s.closing:
		s.mu.Unlock()
		sessionText(sess, "jixiao：服务器正在关闭，请稍后再连接。")
		_ = sess.Exit(1)
		return
	case len(s.sessions) >= s.cfg.MaxSessions:
		s.mu.Unlock()
		s.log.Printf("会话数已达上限 %d，拒绝 %s 的新会话", s.cfg.MaxSessions, user)
		sessionText(sess, fmt.Sprintf("jixiao：当前会话数已达上限（%d 个），请稍后再试。", s.cfg.MaxSessions))
		_ = sess.Exit(1)
		return
	}
	s.nextID++
	ss := &session{id: s.nextID, user: user, srv: s, started: time.Now(), done: make(chan struct{})}
	ss.last.Store(time.Now().UnixNano())
	s.sessions[ss.id] = ss
	s.wg.Add(1)
	s.mu.Unlock()
	s.accepted.Add(1)
	defer func() {
		s.mu.Lock()
		delete(s.sessions, ss.id)
		s.mu.Unlock()
		s.wg.Done()
	}()

	store, err := s.backend.Session(user, ss.id)
	if err != nil {
		sessionText(sess, "jixiao：无法打开数据库："+err.Error())
		_ = sess.Exit(1)
		close(ss.done)
		return
	}
	defer store.Close()

	envs := append(sess.Environ(), "TERM="+pty.Term)
	profile := colorprofile.Env(envs)
	ascii := false
	for _, e := range envs {
		if e == "JIXIAO_ASCII=1" {
			ascii = true
		}
	}
	w, h := clampWindow(pty.Window.Width, pty.Window.Height)
	// Drafts a session cannot save go to the recovery files of this
	// database, offered to the same user at their next login.
	rec, err := tui.NewRecovery(s.cfg.DBPath)
	if err != nil {
		s.log.Printf("会话 %d 无法使用草稿恢复目录：%v", ss.id, err)
	}
	model := tui.New(tui.Options{Store: store, Locks: store, Recovery: rec, User: user, Profile: profile, ASCII: ascii, Width: w, Height: h})
	ss.prog = tea.NewProgram(model,
		tea.WithInput(sess),
		tea.WithOutput(sess),
		tea.WithColorProfile(profile),
		tea.WithEnvironment(envs),
		tea.WithWindowSize(w, h),
		tea.WithoutSignalHandler(),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			switch m := msg.(type) {
			case tea.KeyPressMsg, tea.PasteMsg, tea.MouseClickMsg:
				ss.last.Store(time.Now().UnixNano())
			case tea.SuspendMsg:
				return tea.ResumeMsg{}
			case tea.WindowSizeMsg:
				m.Width, m.Height = clampWindow(m.Width, m.Height)
				return m
			}
			return msg
		}),
	)
	s.log.Printf("%s 已连接（会话 %d，来自 %s，终端 %s %d×%d）", user, ss.id, sess.RemoteAddr(), pty.Term, pty.Window.Width, pty.Window.Height)

	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	go func() {
		defer recoverLog(s.log, "处理窗口大小变化")
		for {
			select {
			case <-ctx.Done():
				return
			case win, ok := <-winCh:
				if !ok {
					return
				}
				ww, hh := clampWindow(win.Width, win.Height)
				select {
				case <-ctx.Done():
					return
				default:
				}
				go ss.prog.Send(tea.WindowSizeMsg{Width: ww, Height: hh})
			}
		}
	}()
	go func() {
		// The client went away: quit (the TUI saves on the way out).
		select {
		case <-sess.Context().Done():
			ss.end("")
		case <-ss.done:
		}
	}()
	var timers []*time.Timer
	if d := s.cfg.IdleTimeout; d > 0 {
		var tmu sync.Mutex
		var t *time.Timer
		check := func() {
			idle := time.Since(time.Unix(0, ss.last.Load()))
			if idle >= d {
				s.log.Printf("%s 的会话 %d 空闲超过 %v，保存后断开", user, ss.id, d)
				ss.end(fmt.Sprintf("已空闲超过 %s，连接已断开", chineseDuration(d)))
				return
			}
			tmu.Lock()
			t.Reset(d - idle)
			tmu.Unlock()
		}
		tmu.Lock()
		t = time.AfterFunc(d, check)
		tmu.Unlock()
		timers = append(timers, t)
	}
	if d := s.cfg.MaxSession; d > 0 {
		timers = append(timers, time.AfterFunc(d, func() {
			s.log.Printf("%s 的会话 %d 已达最长时长 %v，保存后断开", user, ss.id, d)
			ss.end(fmt.Sprintf("会话已达最长时长 %s，连接已断开", chineseDuration(d)))
		}))
	}

	final, runErr := ss.prog.Run()
	close(ss.done)
	for _, t := range timers {
		t.Stop()
	}
	ss.prog.Kill()
	store.Close() // free the edit lock before the client sees the end
	code := 0
	if runErr != nil && !errors.Is(runErr, tea.ErrProgramKilled) {
		s.log.Printf("%s 的会话 %d 异常结束：%v", user, ss.id, runErr)
		code = 1
	} else if errors.Is(runErr, tea.ErrProgramPanic) {
		s.log.Printf("%s 的会话 %d 出现内部错误（已恢复，其他会话不受影响）", user, ss.id)
		code = 1
	}
	if bye := ss.farewell(final); bye != "" {
		sessionText(sess, "jixiao："+bye)
	}
	s.log.Printf("%s 已断开（会话 %d，%v）", user, ss.id, time.Since(ss.started).Round(time.Second))
	_ = sess.Exit(code)
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
