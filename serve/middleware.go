package serve

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/recover"
	"github.com/charmbracelet/colorprofile"

	"jixiao/tui"
)

// A TUI session passes through this chain, outermost first:
//
//	recover        wish's: a panic in one session is logged, others go on
//	logSessions    connect/disconnect lines, every client string quoted
//	refuseCommands no commands, keys marked no-pty/restrict, a pty needed
//	limitSessions  shutdown, the global and the per-user session caps
//	lifetime       idle and maximum time, client gone, window coalescing,
//	               the farewell line
//	bubbletea      wish's: runs the program built by newProgram
//
// wish's own logging (it prints TERM and the user name unquoted) and
// activeterm (its message is English) are replaced by logSessions and
// refuseCommands.

// middleware returns the chain for wish.WithMiddleware, which makes the
// last one the outermost.
func (s *Server) middleware() []wish.Middleware {
	chain := []wish.Middleware{ // outermost first
		s.logSessions,
		refuseCommands,
		s.limitSessions,
		s.lifetime,
		bubbletea.MiddlewareWithProgramHandler(s.newProgram),
	}
	slices.Reverse(chain)
	return []wish.Middleware{recover.MiddlewareWithLogger(s.log, chain...)}
}

// liveSession is the ssh.Session seen inside limitSessions: it carries
// the session's record and, inside lifetime, replaces the context (done
// when the program should stop, not when the client left: the TUI must
// save first) and the window changes (coalesced and clamped).
type liveSession struct {
	ssh.Session
	ss    *session
	ctx   ssh.Context
	winch <-chan ssh.Window
}

// Context implements ssh.Session.
func (l *liveSession) Context() ssh.Context {
	if l.ctx != nil {
		return l.ctx
	}
	return l.Session.Context()
}

// Pty implements ssh.Session.
func (l *liveSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	p, w, ok := l.Session.Pty()
	if l.winch != nil {
		w = l.winch
	}
	return p, w, ok
}

// detachedContext is an ssh.Context whose Done is its own.
type detachedContext struct {
	ssh.Context
	inner context.Context
}

func (d detachedContext) Done() <-chan struct{} { return d.inner.Done() }
func (d detachedContext) Err() error            { return d.inner.Err() }

// logSessions logs each session's start and end; every string the client
// chose (user name at login, TERM, command, client version) is quoted, so
// that a client cannot forge log lines.
func (s *Server) logSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		pty, _, _ := sess.Pty()
		user := sess.Permissions().Extensions[extUser]
		s.log.Printf("%q 开始会话（来自 %s，密钥 %s，登录名 %q，终端 %q %d×%d，命令 %q，客户端 %q）", user, sess.RemoteAddr(),
			sess.Permissions().Extensions[extKey], sess.User(), pty.Term, pty.Window.Width, pty.Window.Height,
			sess.RawCommand(), sess.Context().ClientVersion())
		next(sess)
		s.log.Printf("%q 的会话结束（来自 %s，%v）", user, sess.RemoteAddr(), time.Since(start).Round(time.Second))
	}
}

// refuse tells the client why (on stderr) and ends the session.
func refuse(sess ssh.Session, msg string) {
	sessionText(sess.Stderr(), "jixiao："+msg)
	_ = sess.Exit(1)
}

// turnAway tells a client with a terminal why (on its screen) and ends
// the session.
func turnAway(sess ssh.Session, msg string) {
	sessionText(sess, "jixiao："+msg)
	_ = sess.Exit(1)
}

// refuseCommands lets only interactive sessions with a pty through: no
// commands, no keys marked no-pty or restrict in authorized_keys.
func refuseCommands(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		ext := sess.Permissions().Extensions
		_, _, hasPty := sess.Pty()
		switch {
		case ext[extUser] == "":
			refuse(sess, "无法确定您的用户名（授权密钥需要注释）。")
		case len(sess.Command()) > 0 || sess.Subsystem() != "":
			refuse(sess, "此服务器只提供交互式填报界面和文件传输（sftp、scp），不执行命令。请直接用 ssh -t 连接。")
		case ext[extNoPty] != "":
			refuse(sess, "您的密钥在授权文件中带有 no-pty 或 restrict 选项，只能用于文件传输（sftp、scp）；填报界面需要终端。")
		case !hasPty:
			refuse(sess, "填报界面需要终端，请用 ssh -t 连接。")
		default:
			next(sess)
		}
	}
}

// limitSessions refuses sessions while shutting down and beyond the
// global and per-user caps, and registers the others.
func (s *Server) limitSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		ext := sess.Permissions().Extensions
		user := ext[extUser]
		s.mu.Lock()
		switch {
		case s.closing:
			s.mu.Unlock()
			turnAway(sess, "服务器正在关闭，请稍后再连接。")
			return
		case len(s.sessions) >= s.cfg.MaxSessions:
			s.mu.Unlock()
			s.log.Printf("会话数已达上限 %d，拒绝 %q 的新会话", s.cfg.MaxSessions, user)
			turnAway(sess, fmt.Sprintf("当前会话数已达上限（%d 个），请稍后再试。", s.cfg.MaxSessions))
			return
		case s.userSessionsLocked(user) >= s.cfg.MaxSessionsPerUser:
			s.mu.Unlock()
			s.log.Printf("%q 已有 %d 个会话，拒绝新会话", user, s.cfg.MaxSessionsPerUser)
			turnAway(sess, fmt.Sprintf("您已打开 %d 个会话（每人上限），请先关闭其中一个。", s.cfg.MaxSessionsPerUser))
			return
		}
		s.nextID++
		ss := &session{id: s.nextID, user: user, key: ext[extKey], srv: s, started: time.Now(),
			ready: make(chan struct{}), done: make(chan struct{})}
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
		next(&liveSession{Session: sess, ss: ss})
	}
}

// userSessionsLocked counts user's TUI and SFTP sessions (s.mu held).
func (s *Server) userSessionsLocked(user string) int {
	n := 0
	for _, ss := range s.sessions {
		if ss.user == user {
			n++
		}
	}
	for _, t := range s.transfer {
		if t.user == user {
			n++
		}
	}
	return n
}

// windowInterval is the shortest time between two window sizes delivered
// to a program.
const windowInterval = 50 * time.Millisecond

// lifetime runs the timers of a session (idle, maximum time), ends it
// with a save when the client leaves, coalesces its window changes and
// tells the client how it ended.
func (s *Server) lifetime(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		ls, ok := sess.(*liveSession)
		if !ok {
			refuse(sess, "内部错误：会话未登记。")
			return
		}
		ss := ls.ss
		clientCtx := ls.Session.Context()
		progCtx, stopProg := context.WithCancel(context.Background())
		defer stopProg()
		ls.ctx = detachedContext{Context: clientCtx, inner: progCtx}
		_, winch, _ := ls.Session.Pty()
		ls.winch = coalesceWindows(progCtx, winch, windowInterval)
		defer close(ss.done)

		go func() {
			// The client went away: quit (the TUI saves on the way out).
			select {
			case <-clientCtx.Done():
				ss.end("")
			case <-progCtx.Done():
			}
		}()
		var timers []*time.Timer
		if d := s.cfg.IdleTimeout; d > 0 {
			var tmu sync.Mutex
			var t *time.Timer
			check := func() {
				idle := time.Since(time.Unix(0, ss.last.Load()))
				if idle >= d {
					s.log.Printf("%q 的会话 %d 空闲超过 %v，保存后断开", ss.user, ss.id, d)
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
				s.log.Printf("%q 的会话 %d 已达最长时长 %v，保存后断开", ss.user, ss.id, d)
				ss.end(fmt.Sprintf("会话已达最长时长 %s，连接已断开", chineseDuration(d)))
			}))
		}
		defer func() {
			for _, t := range timers {
				t.Stop()
			}
		}()

		next(ls)

		stopProg()
		if st := ss.store.Load(); st != nil {
			st.Close() // free the edit lock before the client sees the end
		}
		if bye := ss.farewell(); bye != "" {
			sessionText(sess, "jixiao："+bye)
		}
		code := 0
		if ss.model == nil {
			code = 1
		}
		_ = sess.Exit(code)
	}
}

// newProgram builds the session's program (bubbletea's ProgramHandler):
// its store, files, colours and size come from the session.
func (s *Server) newProgram(sess ssh.Session) *tea.Program {
	ls, ok := sess.(*liveSession)
	if !ok {
		return nil
	}
	ss := ls.ss
	store, err := s.backend.Session(ss.user, ss.id)
	if err != nil {
		sessionText(sess, "jixiao：无法打开数据库："+err.Error())
		return nil
	}
	live := &liveStore{SessionStore: store}
	if !s.backend.IsAdmin(ss.user) {
		if g, err := store.st.Grants(ss.user); err == nil {
			ss.reasonMu.Lock()
			ss.grants = g
			ss.reasonMu.Unlock()
		}
	}
	ss.store.Store(live)
	pty, _, _ := sess.Pty()
	envs := append(sess.Environ(), "TERM="+pty.Term)
	profile := colorprofile.Env(envs)
	ascii := slices.Contains(envs, "JIXIAO_ASCII=1")
	w, h := clampWindow(pty.Window.Width, pty.Window.Height)
	// Drafts a session cannot save go to the recovery files of this
	// database, offered to the same user at their next login.
	rec, err := tui.NewRecovery(s.cfg.DBPath)
	if err != nil {
		s.log.Printf("会话 %d 无法使用草稿恢复目录：%v", ss.id, err)
	}
	files := newSessionFiles(newUploadArea(uploadsRoot(s.cfg.DBPath), ss.user), sess.LocalAddr())
	ss.model = tui.New(tui.Options{Store: live, Locks: live, Recovery: rec, Files: files, User: ss.user,
		Profile: profile, ASCII: ascii, Width: w, Height: h})
	ss.prog = tea.NewProgram(ss.model,
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
	close(ss.ready)
	s.log.Printf("%q 已连接（会话 %d，来自 %s，终端 %q %d×%d）", ss.user, ss.id, sess.RemoteAddr(), pty.Term, pty.Window.Width, pty.Window.Height)
	return ss.prog
}

// coalesceWindows reads window changes from in as fast as they come and
// delivers only the latest (clamped) one, at most once per interval, so
// that a flood costs one goroutine and one Window whatever its size.
func coalesceWindows(ctx context.Context, in <-chan ssh.Window, interval time.Duration) <-chan ssh.Window {
	out := make(chan ssh.Window)
	go func() {
		var pending ssh.Window
		has, ready := false, true
		timer := time.NewTimer(interval)
		timer.Stop()
		defer timer.Stop()
		for {
			var send chan<- ssh.Window
			if has && ready {
				send = out
			}
			select {
			case <-ctx.Done():
				return
			case w, ok := <-in:
				if !ok {
					in = nil
					continue
				}
				w.Width, w.Height = clampWindow(w.Width, w.Height)
				pending, has = w, true
			case send <- pending:
				has, ready = false, false
				timer.Reset(interval)
			case <-timer.C:
				ready = true
			}
		}
	}()
	return out
}
