package serve

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"jixiao/tui"
)

// revocations records the tui.RevokedMsg the server sends.
type revocations struct {
	mu   sync.Mutex
	msgs map[string][]tui.RevokedMsg // by user
	all  int
}

func (r *revocations) hook(ss *session, msg tea.Msg) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.all++
	if m, ok := msg.(tui.RevokedMsg); ok {
		if r.msgs == nil {
			r.msgs = map[string][]tui.RevokedMsg{}
		}
		r.msgs[ss.user] = append(r.msgs[ss.user], m)
	}
}

func (r *revocations) wait(t *testing.T, user string, d time.Duration) tui.RevokedMsg {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		r.mu.Lock()
		ms := r.msgs[user]
		r.mu.Unlock()
		if len(ms) > 0 {
			return ms[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no RevokedMsg for %s", user)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (r *revocations) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.all
}

func revocationFixture(t *testing.T) (*fixture, *revocations) {
	rv := &revocations{}
	fx := newFixture(t, func(c *Config) {
		c.RevocationPoll = 50 * time.Millisecond
		c.sent = rv.hook
	})
	return fx, rv
}

// sessionOf returns the open TUI session of user.
func (fx *fixture) sessionOf(t *testing.T, user string) *session {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		fx.srv.mu.Lock()
		for _, ss := range fx.srv.sessions {
			if ss.user == user && ss.store.Load() != nil {
				fx.srv.mu.Unlock()
				return ss
			}
		}
		fx.srv.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("no session of %s", user)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Issue 11, finding 7: a removed key kept saving in its open session.
func TestRemovedKeyRevokesSession(t *testing.T) {
	fx, rv := revocationFixture(t)
	tm := fx.open(t, fx.zhang, 120, 40)
	openMeixi(t, tm)
	ss := fx.sessionOf(t, "张三")
	sc := fx.sftpClient(t, fx.zhang)
	writeKeys(t, fx.keysPath, fx.admin, fx.li) // 张三's key removed
	msg := rv.wait(t, "张三", 5*time.Second)
	if !msg.Quit || msg.Unit != "" || msg.Reason == "" {
		t.Fatalf("RevokedMsg %+v, want Quit with a reason", msg)
	}
	f, m, err := fx.store(t).Get(fx.meixi)
	if err != nil {
		t.Fatal(err)
	}
	f.Signoff.FilledBy = "撤销后"
	if _, err := ss.store.Load().Save(fx.meixi, m.Revision, f); !errors.Is(err, ErrRevoked) {
		t.Fatalf("save after revocation: %v", err)
	}
	if _, err := ss.store.Load().Autosave(fx.meixi, m.Revision, f); !errors.Is(err, ErrRevoked) {
		t.Fatalf("autosave after revocation: %v", err)
	}
	if _, err := ss.store.Load().NameRevision(fx.meixi, m.Revision, "提交"); !errors.Is(err, ErrRevoked) {
		t.Fatalf("naming after revocation: %v", err)
	}
	if _, err := ss.store.Load().Create(f); !errors.Is(err, ErrRevoked) {
		t.Fatalf("create after revocation: %v", err)
	}
	if err := ss.store.Load().Delete(fx.meixi); !errors.Is(err, ErrRevoked) {
		t.Fatalf("delete after revocation: %v", err)
	}
	if !tm.waitExit(10 * time.Second) {
		t.Fatal("revoked session still open")
	}
	if !strings.Contains(tm.text(), reasonKeyRemoved) {
		t.Fatalf("client not told why:\n%s", tail(tm.text(), 500))
	}
	deadline := time.Now().Add(5 * time.Second)
	for fx.srv.Transfers() != 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := sc.ReadDir("/"); err == nil {
		t.Fatal("sftp session of the removed key still serves")
	}
	if _, err := fx.dial(fx.zhang); err == nil {
		t.Fatal("removed key logs in")
	}
	// 李四 was not touched.
	rv.mu.Lock()
	defer rv.mu.Unlock()
	if rv.msgs["李四"] != nil {
		t.Fatal("李四 revoked")
	}
}

// Issue 11, finding 7: a revoked grant (CLI users revoke in another
// process) kept saving.
func TestRevokedGrantClosesTheUnit(t *testing.T) {
	fx, rv := revocationFixture(t)
	tm := fx.open(t, fx.zhang, 120, 40)
	openMeixi(t, tm)
	ss := fx.sessionOf(t, "张三")
	if had, err := fx.store(t).Revoke("张三", unitMeixi); err != nil || !had {
		t.Fatalf("revoke: %v %v", had, err)
	}
	msg := rv.wait(t, "张三", 5*time.Second)
	if msg.Quit || msg.Unit != unitMeixi || !strings.Contains(msg.Reason, unitMeixi) {
		t.Fatalf("RevokedMsg %+v", msg)
	}
	f, m, err := fx.store(t).Get(fx.meixi)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ss.store.Load().Save(fx.meixi, m.Revision, f); !errors.Is(err, ErrDenied) {
		t.Fatalf("save after the grant was revoked: %v", err)
	}
	// Granting it again and revoking once more is noticed again.
	if err := fx.store(t).Grant("张三", unitMeixi); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := fx.store(t).Revoke("张三", unitMeixi); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		rv.mu.Lock()
		n := len(rv.msgs["张三"])
		rv.mu.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d RevokedMsg, want 2", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRevocationPollSendsNothingToIdleSessions(t *testing.T) {
	fx, rv := revocationFixture(t)
	tm := fx.open(t, fx.zhang, 120, 40)
	tm.waitFor("梅溪", 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	mk, sent := tm.mark(), rv.count()
	time.Sleep(500 * time.Millisecond) // ten polls
	if got := tm.mark() - mk; got != 0 {
		t.Fatalf("%d bytes sent to an idle session", got)
	}
	if rv.count() != sent {
		t.Fatal("messages sent to an idle session")
	}
}
