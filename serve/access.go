package serve

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"jixiao/domain"
	"jixiao/persist"
	"jixiao/store"
)

// ErrDenied is matched (errors.Is) by every refusal of a filing whose unit
// is not granted to the session's user.
var ErrDenied = errors.New("没有权限")

// EditingError is returned by a save (or delete) of a filing another
// session is editing. Nothing was written.
type EditingError struct {
	// Holder is the user editing the filing.
	Holder string
	// Action is what was refused ("修改未保存", "不能删除").
	Action string
}

// Error implements error: "张三 正在编辑，您的修改未保存".
func (e *EditingError) Error() string {
	a := e.Action
	if a == "" {
		a = "您的修改未保存"
	}
	return e.Holder + " 正在编辑，" + a
}

// Backend is the part of `jixiao serve` that knows nothing of SSH: the
// database, the administrator, the grants, the edit locks and the audit
// trail. Each session gets a SessionStore from it.
type Backend struct {
	dbPath string
	admin  func() string
	locks  *Locks

	mu     sync.Mutex
	stores map[string]*persist.Store // by user, so each revision records its author
}

// NewBackend opens the database at dbPath (creating it when missing).
// admin returns the administrator's user name at the time of asking (it
// follows reloads of authorized_keys).
func NewBackend(dbPath string, admin func() string) (*Backend, error) {
	b := &Backend{dbPath: dbPath, admin: admin, locks: NewLocks(), stores: map[string]*persist.Store{}}
	if _, err := b.store(""); err != nil {
		return nil, err
	}
	return b, nil
}

// Locks returns the edit locks.
func (b *Backend) Locks() *Locks { return b.locks }

// store returns the persist store that records user as the author.
func (b *Backend) store(user string) (*persist.Store, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s, ok := b.stores[user]; ok {
		return s, nil
	}
	u := user
	if u == "" {
		u = "jixiao-serve"
	}
	s, err := persist.Open(b.dbPath, persist.Options{User: u})
	if err != nil {
		return nil, err
	}
	b.stores[user] = s
	return s, nil
}

// Warnings returns the database's warnings (permissions and the like).
func (b *Backend) Warnings() []string {
	s, err := b.store("")
	if err != nil {
		return nil
	}
	return s.Warnings()
}

// RecordEvent writes an event that changes nothing in the database — a
// download or an upload over SFTP (persist.ActionDownload,
// persist.ActionUpload) — to the audit trail with user as its author; it
// returns once the entry is on disk. With e.Filing set it goes to that
// filing's trail, else to the event log (persist.Store.Events).
func (b *Backend) RecordEvent(user string, e store.AuditEntry) error {
	st, err := b.store(user)
	if err != nil {
		return err
	}
	e.User = user
	return st.RecordEvent(e)
}

// IsAdmin reports whether user is the administrator.
func (b *Backend) IsAdmin(user string) bool {
	return user != "" && b.admin != nil && user == b.admin()
}

// Session returns the store.Store of session id of user.
func (b *Backend) Session(user string, id uint64) (*SessionStore, error) {
	st, err := b.store(user)
	if err != nil {
		return nil, err
	}
	return &SessionStore{b: b, st: st, user: user, sid: id, base: map[string]baseCopy{}}, nil
}

// baseCopy is the content of a filing as of a revision, for the diff of
// the next save.
type baseCopy struct {
	rev int
	f   *domain.Filing
}

// SessionStore is the store.Store of one SSH session: a decorator over the
// database's *persist.Store (itself a store.Store, whose errors it passes
// on unchanged) that adds grants, edit locks and the audit of every
// change. It shows the user only the filings of the units granted to them
// (all of them to the administrator), and writes every save together with
// its audit entry.
//
// It is also the session's store.Locker: the TUI takes a filing's edit lock
// with Acquire when it opens it in the wizard and frees it with Release
// when it leaves the wizard (to the list, another filing, or quitting);
// Close frees whatever is left when the session ends. Reading (List, Get,
// History) never takes or frees a lock. A write (Save, Restore) is refused
// while another session holds the lock; a write by a session that holds
// no lock borrows it for that write only.
//
// It is the store.Auditor (the history screen shows the audit trail), the
// store.Granter (the administrator grants units from the TUI), the
// store.Autosaver and the store.Namer. Every write goes to the audit trail in
// the same transaction as the change (persist does it), with the
// session's user as the author.
type SessionStore struct {
	b    *Backend
	st   *persist.Store
	user string
	sid  uint64

	mu   sync.Mutex
	base map[string]baseCopy
}

var (
	_ store.Store     = (*SessionStore)(nil)
	_ store.Locker    = (*SessionStore)(nil)
	_ store.Auditor   = (*SessionStore)(nil)
	_ store.Granter   = (*SessionStore)(nil)
	_ store.Autosaver = (*SessionStore)(nil)
	_ store.Namer     = (*SessionStore)(nil)
)

// User returns the session's user.
func (s *SessionStore) User() string { return s.user }

// allowed returns the units the user may see; all is true for the
// administrator.
func (s *SessionStore) allowed() (units []string, all bool, err error) {
	if s.b.IsAdmin(s.user) {
		return nil, true, nil
	}
	units, err = s.st.Grants(s.user)
	return units, false, err
}

// check refuses a unit that is not granted.
func (s *SessionStore) check(unit string) error {
	units, all, err := s.allowed()
	if err != nil {
		return err
	}
	if all || slices.Contains(units, unit) {
		return nil
	}
	return fmt.Errorf("%w：单位“%s”未授权给 %s，请联系管理员授权", ErrDenied, unit, s.user)
}

// checkID refuses a filing whose stored unit is not granted.
func (s *SessionStore) checkID(id string) (store.Meta, error) {
	m, err := s.st.Meta(id)
	if err != nil {
		return m, err
	}
	if err := s.check(m.Unit); err != nil {
		return m, fmt.Errorf("%w（填报 %s）", err, m.ID)
	}
	return m, nil
}

// Close frees the session's locks.
func (s *SessionStore) Close() {
	s.b.locks.ReleaseSession(s.sid, "")
	s.mu.Lock()
	s.base = map[string]baseCopy{}
	s.mu.Unlock()
}

// Acquire implements store.Locker: it takes the session's edit lock on
// filing id (the TUI calls it when it opens the filing in the wizard).
// When another session holds it, ok is false and holder names its user.
// Acquiring a lock the session holds succeeds.
func (s *SessionStore) Acquire(id string) (holder string, ok bool) {
	return s.b.locks.Acquire(id, s.sid, s.user)
}

// Release implements store.Locker: it frees the session's edit lock on id
// (the TUI calls it when it leaves the wizard).
func (s *SessionStore) Release(id string) { s.b.locks.Release(id, s.sid) }

// Editing reports who holds the edit lock of filing id ("" when nobody
// else does).
func (s *SessionStore) Editing(id string) string {
	h, _ := s.b.locks.HeldByOther(id, s.sid)
	return h
}

// List implements store.Store: the filings of the granted units.
func (s *SessionStore) List() ([]store.Meta, error) {
	units, all, err := s.allowed()
	if err != nil {
		return nil, err
	}
	ms, err := s.st.List()
	out := make([]store.Meta, 0, len(ms))
	for _, m := range ms {
		if all || slices.Contains(units, m.Unit) {
			out = append(out, m)
		}
	}
	return out, err
}

// Get implements store.Store: it reads a filing of a granted unit (the lock
// is the TUI's business, through Acquire).
func (s *SessionStore) Get(id string) (*domain.Filing, store.Meta, error) {
	f, m, err := s.st.Get(id)
	if err != nil {
		return nil, store.Meta{}, err
	}
	if err := s.check(m.Unit); err != nil {
		return nil, store.Meta{}, fmt.Errorf("%w（填报 %s）", err, m.ID)
	}
	s.remember(m.ID, m.Revision, f.Clone())
	return f, m, nil
}

func (s *SessionStore) remember(id string, rev int, f *domain.Filing) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// One filing open at a time: keep only its base.
	clear(s.base)
	s.base[id] = baseCopy{rev: rev, f: f}
}

// Create implements store.Store: the unit must be granted.
func (s *SessionStore) Create(f *domain.Filing) (store.Meta, error) {
	if f == nil {
		return store.Meta{}, errors.New("没有要保存的填报")
	}
	if err := s.check(f.Unit); err != nil {
		return store.Meta{}, err
	}
	m, err := s.st.Create(f)
	if err != nil {
		return store.Meta{}, err
	}
	s.remember(m.ID, m.Revision, f.Clone())
	return m, nil
}

// lockFor confirms the session's edit lock on id before a write; another
// holder gives an *EditingError. When the session held no lock, it takes
// one for the write only: the returned done frees it again (a no-op when
// the lock was already held).
func (s *SessionStore) lockFor(id, action string) (done func(), err error) {
	h, ok, fresh := s.b.locks.acquire(id, s.sid, s.user)
	if !ok {
		return nil, &EditingError{Holder: h, Action: action}
	}
	if fresh {
		return func() { s.b.locks.Release(id, s.sid) }, nil
	}
	return func() {}, nil
}

// Save implements store.Store. The filing's unit, before and after, must be
// granted; the session must hold (or be able to take) the edit lock; the
// revision and its audit entry (who, when, old → new of every changed
// field) are written in one transaction. A stale baseRev is a conflict, as
// always: two sessions never overwrite each other.
func (s *SessionStore) Save(id string, baseRev int, f *domain.Filing) (store.Meta, error) {
	return s.save(id, baseRev, f, false)
}

// Autosave implements store.Autosaver: Save, but the session's autosaves
// within persist.AutosaveSession replace their working revision
// (persist.Store.Autosave). Each autosave is audited with its changes.
func (s *SessionStore) Autosave(id string, baseRev int, f *domain.Filing) (store.Meta, error) {
	return s.save(id, baseRev, f, true)
}

func (s *SessionStore) save(id string, baseRev int, f *domain.Filing, auto bool) (store.Meta, error) {
	if f == nil {
		return store.Meta{}, errors.New("没有要保存的填报")
	}
	old := s.baseOf(id, baseRev)
	if old != nil {
		if err := s.check(old.Unit); err != nil {
			return store.Meta{}, fmt.Errorf("%w，修改未保存", err)
		}
	} else if _, err := s.checkID(id); err != nil {
		return store.Meta{}, fmt.Errorf("%w，修改未保存", err)
	}
	if old == nil || old.Unit != f.Unit {
		if err := s.check(f.Unit); err != nil {
			return store.Meta{}, fmt.Errorf("%w，修改未保存", err)
		}
	}
	done, err := s.lockFor(id, "您的修改未保存")
	if err != nil {
		return store.Meta{}, err
	}
	defer done()
	var changes []store.AuditChange
	if old != nil {
		changes = diff(old, f)
	}
	var m store.Meta
	if auto {
		m, err = s.st.AutosaveWith(id, baseRev, f, persist.AuditChanges(changes))
	} else {
		m, err = s.st.SaveAudited(id, baseRev, f, changes)
	}
	if err != nil {
		return store.Meta{}, err
	}
	s.remember(m.ID, m.Revision, f.Clone())
	return m, nil
}

// diff lists the fields that differ between a and b for the audit trail.
func diff(a, b *domain.Filing) []store.AuditChange {
	var changes []store.AuditChange
	for _, c := range domain.Diff(a, b) {
		changes = append(changes, store.AuditChange{Path: c.Path, Label: c.Label, Old: c.Old, New: c.New})
	}
	return changes
}

// baseOf returns the content of revision rev of id: the copy kept from the
// last load or save, else read from the database (nil when gone).
func (s *SessionStore) baseOf(id string, rev int) *domain.Filing {
	s.mu.Lock()
	b, ok := s.base[id]
	s.mu.Unlock()
	if ok && b.rev == rev {
		return b.f
	}
	f, _, err := s.st.GetRevision(id, rev)
	if err != nil {
		return nil
	}
	return f
}

// Delete implements store.Store: a granted filing nobody else is editing.
func (s *SessionStore) Delete(id string) error {
	m, err := s.checkID(id)
	if err != nil {
		return err
	}
	if h, ok := s.b.locks.HeldByOther(m.ID, s.sid); ok {
		return &EditingError{Holder: h, Action: "不能删除"}
	}
	return s.st.Delete(m.ID)
}

// Undelete implements store.Store.
func (s *SessionStore) Undelete(id string) error {
	m, err := s.checkID(id)
	if err != nil {
		return err
	}
	return s.st.Undelete(m.ID)
}

// History implements store.Store.
func (s *SessionStore) History(id string) ([]store.Meta, error) {
	if _, err := s.checkID(id); err != nil {
		return nil, err
	}
	return s.st.History(id)
}

// GetRevision implements store.Store.
func (s *SessionStore) GetRevision(id string, rev int) (*domain.Filing, store.Meta, error) {
	if _, err := s.checkID(id); err != nil {
		return nil, store.Meta{}, err
	}
	f, m, err := s.st.GetRevision(id, rev)
	return f, m, err
}

// Restore implements store.Store: like a save, it needs the edit lock and
// is recorded in the audit trail, in the same transaction, with the
// fields it changed.
func (s *SessionStore) Restore(id string, rev int) (store.Meta, error) {
	cur, err := s.checkID(id)
	if err != nil {
		return store.Meta{}, err
	}
	done, err := s.lockFor(cur.ID, "不能恢复旧版本")
	if err != nil {
		return store.Meta{}, err
	}
	defer done()
	old, _, err := s.st.GetRevision(cur.ID, cur.Revision)
	if err != nil {
		return store.Meta{}, err
	}
	back, _, err := s.st.GetRevision(cur.ID, rev)
	if err != nil {
		return store.Meta{}, err
	}
	if err := s.check(back.Unit); err != nil {
		return store.Meta{}, err
	}
	m, err := s.st.RestoreWith(cur.ID, rev, persist.AuditChanges(diff(old, back)))
	if err != nil {
		return store.Meta{}, err
	}
	s.remember(m.ID, m.Revision, back)
	return m, nil
}

// NameRevision implements store.Namer: it names revision rev of a granted
// filing (an empty name removes the name). Naming changes no content, so
// it needs no edit lock; it is audited.
func (s *SessionStore) NameRevision(id string, rev int, name string) (store.Meta, error) {
	if _, err := s.checkID(id); err != nil {
		return store.Meta{}, err
	}
	m, err := s.st.NameRevision(id, rev, name)
	return m, err
}

// Audit implements store.Auditor: the audit trail of a granted filing,
// oldest first.
func (s *SessionStore) Audit(id string) ([]store.AuditEntry, error) {
	if _, err := s.checkID(id); err != nil {
		return nil, err
	}
	return s.st.Audit(id)
}

// IsAdmin implements store.Granter: whether the session's user is the
// administrator.
func (s *SessionStore) IsAdmin() bool { return s.b.IsAdmin(s.user) }

// errNotAdmin refuses grant changes by anyone but the administrator.
func (s *SessionStore) errNotAdmin() error {
	return fmt.Errorf("%w：只有管理员可以管理授权", ErrDenied)
}

// AllGrants implements store.Granter (administrator only).
func (s *SessionStore) AllGrants() (map[string][]string, error) {
	if !s.IsAdmin() {
		return nil, s.errNotAdmin()
	}
	return s.st.AllGrants()
}

// Grant implements store.Granter (administrator only).
func (s *SessionStore) Grant(user, unit string) error {
	if !s.IsAdmin() {
		return s.errNotAdmin()
	}
	return s.st.Grant(user, unit)
}

// Revoke implements store.Granter (administrator only).
func (s *SessionStore) Revoke(user, unit string) (bool, error) {
	if !s.IsAdmin() {
		return false, s.errNotAdmin()
	}
	return s.st.Revoke(user, unit)
}
