package serve

import (
	"sync"
	"time"
)

// Locks are the edit locks of one server: at most one session edits a
// filing at a time; the others may read it. A lock belongs to a session
// (not a user), so the same user in two windows is two editors. Locks live
// in memory only: one server process owns the database, and a restart
// frees them all.
type Locks struct {
	mu sync.Mutex
	m  map[string]lockHolder
}

type lockHolder struct {
	session uint64
	user    string
	since   time.Time
}

// NewLocks returns an empty lock table.
func NewLocks() *Locks { return &Locks{m: map[string]lockHolder{}} }

// Acquire takes the edit lock on filing id for session (of user). It
// returns ok when the session holds the lock now (also when it already
// did); otherwise holder is the user of the session that holds it.
func (l *Locks) Acquire(id string, session uint64, user string) (holder string, ok bool) {
	holder, ok, _ = l.acquire(id, session, user)
	return holder, ok
}

// acquire is Acquire that also reports whether the lock was taken now
// (fresh) rather than already held by session.
func (l *Locks) acquire(id string, session uint64, user string) (holder string, ok, fresh bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h, held := l.m[id]; held {
		if h.session != session {
			return h.user, false, false
		}
		return user, true, false
	}
	l.m[id] = lockHolder{session: session, user: user, since: time.Now()}
	return user, true, true
}

// Release frees the lock on id if session holds it.
func (l *Locks) Release(id string, session uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h, ok := l.m[id]; ok && h.session == session {
		delete(l.m, id)
	}
}

// ReleaseSession frees every lock session holds, except keep (when not "").
func (l *Locks) ReleaseSession(session uint64, keep string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, h := range l.m {
		if h.session == session && id != keep {
			delete(l.m, id)
		}
	}
}

// HeldByOther returns the user of another session holding the lock on
// id, if any.
func (l *Locks) HeldByOther(id string, session uint64) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h, ok := l.m[id]
	if !ok || h.session == session {
		return "", false
	}
	return h.user, true
}

// Holder returns the user holding the lock on id, if any.
func (l *Locks) Holder(id string) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h, ok := l.m[id]
	return h.user, ok
}
