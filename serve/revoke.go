package serve

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"github.com/pkg/sftp"

	"jixiao/domain"
	"jixiao/store"
	"jixiao/tui"
)

// ErrRevoked is matched by every write of a session whose key was removed
// from the authorized_keys file.
var ErrRevoked = errors.New("您的密钥已被移除，不能再保存")

// liveStore is a session's store that refuses every write once the
// session's key was revoked. (A revoked grant needs no flag: the
// SessionStore checks the grants at each call.)
type liveStore struct {
	*SessionStore
	revoked atomic.Bool
}

func (l *liveStore) refused() error {
	if l.revoked.Load() {
		return fmt.Errorf("%w：修改未保存", ErrRevoked)
	}
	return nil
}

// Create implements store.Store.
func (l *liveStore) Create(f *domain.Filing) (store.Meta, error) {
	if err := l.refused(); err != nil {
		return store.Meta{}, err
	}
	return l.SessionStore.Create(f)
}

// Save implements store.Store.
func (l *liveStore) Save(id string, baseRev int, f *domain.Filing) (store.Meta, error) {
	if err := l.refused(); err != nil {
		return store.Meta{}, err
	}
	return l.SessionStore.Save(id, baseRev, f)
}

// Autosave implements store.Autosaver.
func (l *liveStore) Autosave(id string, baseRev int, f *domain.Filing) (store.Meta, error) {
	if err := l.refused(); err != nil {
		return store.Meta{}, err
	}
	return l.SessionStore.Autosave(id, baseRev, f)
}

// NameRevision implements store.Namer.
func (l *liveStore) NameRevision(id string, rev int, name string) (store.Meta, error) {
	if err := l.refused(); err != nil {
		return store.Meta{}, err
	}
	return l.SessionStore.NameRevision(id, rev, name)
}

// Delete implements store.Store.
func (l *liveStore) Delete(id string) error {
	if err := l.refused(); err != nil {
		return err
	}
	return l.SessionStore.Delete(id)
}

// Undelete implements store.Store.
func (l *liveStore) Undelete(id string) error {
	if err := l.refused(); err != nil {
		return err
	}
	return l.SessionStore.Undelete(id)
}

// Restore implements store.Store.
func (l *liveStore) Restore(id string, rev int) (store.Meta, error) {
	if err := l.refused(); err != nil {
		return store.Meta{}, err
	}
	return l.SessionStore.Restore(id, rev)
}

// Grant implements store.Granter.
func (l *liveStore) Grant(user, unit string) error {
	if err := l.refused(); err != nil {
		return err
	}
	return l.SessionStore.Grant(user, unit)
}

// Revoke implements store.Granter.
func (l *liveStore) Revoke(user, unit string) (bool, error) {
	if err := l.refused(); err != nil {
		return false, err
	}
	return l.SessionStore.Revoke(user, unit)
}

// Acquire implements store.Locker: a revoked session takes no lock.
func (l *liveStore) Acquire(id string) (string, bool) {
	if l.revoked.Load() {
		return "", false
	}
	return l.SessionStore.Acquire(id)
}

var (
	_ store.Store     = (*liveStore)(nil)
	_ store.Autosaver = (*liveStore)(nil)
	_ store.Namer     = (*liveStore)(nil)
	_ store.Locker    = (*liveStore)(nil)
	_ store.Granter   = (*liveStore)(nil)
	_ store.Auditor   = (*liveStore)(nil)
)

// Reasons given to a revoked session.
const (
	reasonKeyRemoved = "您的登录密钥已被管理员移除或已过期，连接将断开"
)

func reasonGrantRevoked(unit string) string {
	return fmt.Sprintf("管理员已撤销您对“%s”的授权，该单位的填报已关闭", unit)
}

// pollRevocations checks, every RevocationPoll, whether the
// authorized_keys file changed and whether the grants of the users with
// open sessions did. It only reads the file's metadata and the database:
// nothing is sent to a session unless something was revoked.
func (s *Server) pollRevocations() {
	defer s.pollAlive.Done()
	t := time.NewTicker(s.cfg.RevocationPoll)
	defer t.Stop()
	for {
		select {
		case <-s.stopPoll:
			return
		case <-t.C:
			func() {
				defer recoverLog(s.log, "检查撤销")
				s.keys.refresh()
				s.checkKeys()
				s.checkGrants()
			}()
		}
	}
}

// checkKeys revokes the sessions whose key is gone, now belongs to
// another name or expired.
func (s *Server) checkKeys() {
	now := time.Now()
	s.mu.Lock()
	var tuis []*session
	for _, ss := range s.sessions {
		if !s.keys.valid(ss.key, ss.user, now) {
			tuis = append(tuis, ss)
		}
	}
	var transfers []*transferSession
	for _, t := range s.transfer {
		if !s.keys.valid(t.key, t.user, now) {
			transfers = append(transfers, t)
		}
	}
	s.mu.Unlock()
	for _, ss := range tuis {
		s.revokeKey(ss)
	}
	for _, t := range transfers {
		s.log.Printf("%q 的密钥 %s 已失效，关闭其文件传输会话 %d", t.user, t.key, t.id)
		t.close()
	}
}

// revokeKey tells a session that its key is no longer accepted: its store
// refuses writes from now on, the TUI is sent tui.RevokedMsg (Quit) and
// the session is then ended like at shutdown.
func (s *Server) revokeKey(ss *session) {
	first := false
	if st := ss.store.Load(); st != nil {
		first = st.revoked.CompareAndSwap(false, true)
	}
	if !first {
		return
	}
	s.log.Printf("%q 的密钥 %s 已失效，结束其会话 %d", ss.user, ss.key, ss.id)
	go func() {
		defer recoverLog(s.log, "撤销会话")
		ss.send(tui.RevokedMsg{Reason: reasonKeyRemoved, Quit: true})
		ss.end(reasonKeyRemoved)
	}()
}

// checkGrants sends tui.RevokedMsg{Unit} to the sessions of a user who
// lost a unit since the last poll.
func (s *Server) checkGrants() {
	s.mu.Lock()
	open := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		open = append(open, ss)
	}
	s.mu.Unlock()
	st, err := s.backend.store("")
	if err != nil {
		return
	}
	current := map[string][]string{}
	for _, ss := range open {
		if ss.store.Load() == nil || s.backend.IsAdmin(ss.user) {
			continue
		}
		g, ok := current[ss.user]
		if !ok {
			if g, err = st.Grants(ss.user); err != nil {
				continue
			}
			current[ss.user] = g
		}
		ss.reasonMu.Lock()
		before := ss.grants
		ss.grants = g
		ss.reasonMu.Unlock()
		for _, unit := range before {
			if !slices.Contains(g, unit) {
				s.log.Printf("%q 对 %q 的授权已撤销，通知会话 %d", ss.user, unit, ss.id)
				go ss.send(tui.RevokedMsg{Reason: reasonGrantRevoked(unit), Unit: unit})
			}
		}
	}
}

// transferSession is one open SFTP session.
type transferSession struct {
	id   uint64
	user string
	key  string
	sess ssh.Session
	once sync.Once
}

func (t *transferSession) close() { t.once.Do(func() { _ = t.sess.Close() }) }

// handleSFTP serves the "sftp" subsystem: the user's virtual tree.
func (s *Server) handleSFTP(sess ssh.Session) {
	defer recoverLog(s.log, "文件传输")
	ext := sess.Permissions().Extensions
	user := ext[extUser]
	if user == "" {
		_ = sess.Exit(1)
		return
	}
	s.mu.Lock()
	if s.closing || s.userSessionsLocked(user) >= s.cfg.MaxSessionsPerUser {
		closing := s.closing
		s.mu.Unlock()
		if !closing {
			s.log.Printf("%q 已有 %d 个会话，拒绝文件传输", user, s.cfg.MaxSessionsPerUser)
		}
		_ = sess.Exit(1)
		return
	}
	s.nextID++
	t := &transferSession{id: s.nextID, user: user, key: ext[extKey], sess: sess}
	s.transfer[t.id] = t
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.transfer, t.id)
		s.mu.Unlock()
	}()
	store, err := s.backend.Session(user, t.id)
	if err != nil {
		s.log.Printf("%q 的文件传输无法打开数据库：%v", user, err)
		_ = sess.Exit(1)
		return
	}
	defer store.Close()
	fsys := &sftpFS{user: user, store: store, uploads: newUploadArea(uploadsRoot(s.cfg.DBPath), user), audit: s.transfers}
	start := time.Now()
	s.log.Printf("%q 开始文件传输（会话 %d，来自 %s，密钥 %s）", user, t.id, sess.RemoteAddr(), t.key)
	rs := sftp.NewRequestServer(sess, fsys.handlers())
	_ = rs.Serve()
	// The exit status goes out before the request server closes the
	// channel (scp fails without one).
	_ = sess.Exit(0)
	_ = rs.Close()
	s.log.Printf("%q 的文件传输结束（会话 %d，%v）", user, t.id, time.Since(start).Round(time.Second))
}
