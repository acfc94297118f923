package serve

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"jixiao/domain"
	"jixiao/persist"
	"jixiao/tui"
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

// IsAdmin reports whether user is the administrator.
func (b *Backend) IsAdmin(user string) bool {
	return user != "" && b.admin != nil && user == b.admin()
}

// Session returns the tui.Store of session id of user.
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

// SessionStore is the tui.Store of one SSH session. It shows the user only
// the filings of the units granted to them (all of them to the
// administrator), holds the session's edit lock (taken when a filing is
// opened, freed when the session goes back to the list, opens another
// filing or ends), refuses a save while another session holds the lock,
// and writes every save together with its audit entry.
type SessionStore struct {
	b    *Backend
	st   *persist.Store
	user string
	sid  uint64

	mu   sync.Mutex
	base map[string]baseCopy
	// open is the filing the session has open ("" on the list).
	open string
}

var _ tui.Store = (*SessionStore)(nil)

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
func (s *SessionStore) checkID(id string) (persist.Meta, error) {
	m, err := s.st.Meta(id)
	if err != nil {
		return m, err
	}
	if err := s.check(m.Unit); err != nil {
		return m, fmt.Errorf("%w（填报 %s）", err, m.ID)
	}
	return m, nil
}

func tuiMeta(m persist.Meta) tui.Meta {
	return tui.Meta{ID: m.ID, Unit: m.Unit, Year: m.Year, Revision: m.Revision, Created: m.Created, Updated: m.Updated,
		User: m.User, Total: m.Total, Grade: m.Grade, Errors: m.Errors, Warnings: m.Warnings, Deleted: m.Deleted, Note: m.Note}
}

// mapErr turns persist's conflict into the tui's.
func mapErr(err error) error {
	if errors.Is(err, persist.ErrConflict) {
		return fmt.Errorf("%w（%v）", tui.ErrConflict, err)
	}
	return err
}

// setOpen records that the session has filing id open (or none) and moves
// its edit lock accordingly. It reports who else is editing id.
func (s *SessionStore) setOpen(id string) (holder string, editing bool) {
	s.mu.Lock()
	s.open = id
	s.mu.Unlock()
	s.b.locks.ReleaseSession(s.sid, id)
	if id == "" {
		return "", true
	}
	h, ok := s.b.locks.Acquire(id, s.sid, s.user)
	return h, ok
}

// Close frees the session's locks.
func (s *SessionStore) Close() {
	s.b.locks.ReleaseSession(s.sid, "")
	s.mu.Lock()
	s.base = map[string]baseCopy{}
	s.mu.Unlock()
}

// Acquire takes the session's edit lock on filing id (the proposed
// tui.Locker hook). When another session holds it, ok is false and holder
// names its user.
func (s *SessionStore) Acquire(id string) (holder string, ok bool) {
	return s.b.locks.Acquire(id, s.sid, s.user)
}

// Release frees the session's edit lock on id (the proposed tui.Locker
// hook).
func (s *SessionStore) Release(id string) { s.b.locks.Release(id, s.sid) }

// Editing reports who holds the edit lock of filing id ("" when nobody
// else does).
func (s *SessionStore) Editing(id string) string {
	h, _ := s.b.locks.HeldByOther(id, s.sid)
	return h
}

// List implements tui.Store: the filings of the granted units. Going
// back to the list frees the session's edit lock.
func (s *SessionStore) List() ([]tui.Meta, error) {
	s.setOpen("")
	units, all, err := s.allowed()
	if err != nil {
		return nil, err
	}
	ms, err := s.st.List()
	out := make([]tui.Meta, 0, len(ms))
	for _, m := range ms {
		if all || slices.Contains(units, m.Unit) {
			out = append(out, tuiMeta(m))
		}
	}
	return out, err
}

// Get implements tui.Store: it opens a filing of a granted unit and takes
// its edit lock when nobody else holds it.
func (s *SessionStore) Get(id string) (*domain.Filing, tui.Meta, error) {
	f, m, err := s.st.Get(id)
	if err != nil {
		return nil, tui.Meta{}, err
	}
	if err := s.check(m.Unit); err != nil {
		return nil, tui.Meta{}, fmt.Errorf("%w（填报 %s）", err, m.ID)
	}
	s.setOpen(m.ID)
	s.remember(m.ID, m.Revision, f.Clone())
	return f, tuiMeta(m), nil
}

func (s *SessionStore) remember(id string, rev int, f *domain.Filing) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// One filing open at a time: keep only its base.
	clear(s.base)
	s.base[id] = baseCopy{rev: rev, f: f}
}

// Create implements tui.Store: the unit must be granted. The new filing
// is opened (locked) by this session.
func (s *SessionStore) Create(f *domain.Filing) (tui.Meta, error) {
	if f == nil {
		return tui.Meta{}, errors.New("没有要保存的填报")
	}
	if err := s.check(f.Unit); err != nil {
		return tui.Meta{}, err
	}
	m, err := s.st.Create(f)
	if err != nil {
		return tui.Meta{}, err
	}
	_ = s.st.RecordAudit(persist.AuditEntry{Filing: m.ID, Rev: m.Revision, User: s.user, Action: "新建"})
	s.setOpen(m.ID)
	s.remember(m.ID, m.Revision, f.Clone())
	return tuiMeta(m), nil
}

// lockFor takes (or confirms) the session's edit lock on id before a
// write; another holder gives an *EditingError.
func (s *SessionStore) lockFor(id, action string) error {
	if h, ok := s.b.locks.Acquire(id, s.sid, s.user); !ok {
		return &EditingError{Holder: h, Action: action}
	}
	return nil
}

// Save implements tui.Store. The filing's unit, before and after, must be
// granted; the session must hold (or be able to take) the edit lock; the
// revision and its audit entry (who, when, old → new of every changed
// field) are written in one transaction. A stale baseRev is a conflict, as
// always: two sessions never overwrite each other.
func (s *SessionStore) Save(id string, baseRev int, f *domain.Filing) (tui.Meta, error) {
	if f == nil {
		return tui.Meta{}, errors.New("没有要保存的填报")
	}
	old := s.baseOf(id, baseRev)
	if old != nil {
		if err := s.check(old.Unit); err != nil {
			return tui.Meta{}, fmt.Errorf("%w，修改未保存", err)
		}
	} else if _, err := s.checkID(id); err != nil {
		return tui.Meta{}, fmt.Errorf("%w，修改未保存", err)
	}
	if old == nil || old.Unit != f.Unit {
		if err := s.check(f.Unit); err != nil {
			return tui.Meta{}, fmt.Errorf("%w，修改未保存", err)
		}
	}
	if err := s.lockFor(id, "您的修改未保存"); err != nil {
		return tui.Meta{}, err
	}
	var changes []persist.Change
	if old != nil {
		for _, c := range domain.Diff(old, f) {
			changes = append(changes, persist.Change{Path: c.Path, Label: c.Label, Old: c.Old, New: c.New})
		}
	}
	m, err := s.st.SaveAudited(id, baseRev, f, changes)
	if err != nil {
		return tui.Meta{}, mapErr(err)
	}
	s.remember(m.ID, m.Revision, f.Clone())
	return tuiMeta(m), nil
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

// Delete implements tui.Store: a granted filing nobody else is editing.
func (s *SessionStore) Delete(id string) error {
	m, err := s.checkID(id)
	if err != nil {
		return err
	}
	if h, ok := s.b.locks.HeldByOther(m.ID, s.sid); ok {
		return &EditingError{Holder: h, Action: "不能删除"}
	}
	if err := s.st.Delete(m.ID); err != nil {
		return err
	}
	_ = s.st.RecordAudit(persist.AuditEntry{Filing: m.ID, Rev: m.Revision, User: s.user, Action: "删除"})
	return nil
}

// Undelete implements tui.Store.
func (s *SessionStore) Undelete(id string) error {
	m, err := s.checkID(id)
	if err != nil {
		return err
	}
	if err := s.st.Undelete(m.ID); err != nil {
		return err
	}
	_ = s.st.RecordAudit(persist.AuditEntry{Filing: m.ID, Rev: m.Revision, User: s.user, Action: "恢复删除"})
	return nil
}

// History implements tui.Store.
func (s *SessionStore) History(id string) ([]tui.Meta, error) {
	if _, err := s.checkID(id); err != nil {
		return nil, err
	}
	ms, err := s.st.History(id)
	out := make([]tui.Meta, len(ms))
	for i, m := range ms {
		out[i] = tuiMeta(m)
	}
	return out, err
}

// GetRevision implements tui.Store.
func (s *SessionStore) GetRevision(id string, rev int) (*domain.Filing, tui.Meta, error) {
	if _, err := s.checkID(id); err != nil {
		return nil, tui.Meta{}, err
	}
	f, m, err := s.st.GetRevision(id, rev)
	return f, tuiMeta(m), err
}

// Restore implements tui.Store: like a save, it needs the edit lock and
// is recorded in the audit trail with the fields it changed.
func (s *SessionStore) Restore(id string, rev int) (tui.Meta, error) {
	cur, err := s.checkID(id)
	if err != nil {
		return tui.Meta{}, err
	}
	if err := s.lockFor(cur.ID, "不能恢复旧版本"); err != nil {
		return tui.Meta{}, err
	}
	old, _, _ := s.st.GetRevision(cur.ID, cur.Revision)
	back, _, err := s.st.GetRevision(cur.ID, rev)
	if err != nil {
		return tui.Meta{}, err
	}
	if err := s.check(back.Unit); err != nil {
		return tui.Meta{}, err
	}
	m, err := s.st.Restore(cur.ID, rev)
	if err != nil {
		return tui.Meta{}, mapErr(err)
	}
	if m.Revision != cur.Revision {
		var changes []persist.Change
		for _, c := range domain.Diff(old, back) {
			changes = append(changes, persist.Change{Path: c.Path, Label: c.Label, Old: c.Old, New: c.New})
		}
		_ = s.st.RecordAudit(persist.AuditEntry{Filing: m.ID, Rev: m.Revision, User: s.user, Action: "恢复旧版本",
			Changes: changes, Note: fmt.Sprintf("从版本 %d 恢复", rev)})
	}
	s.remember(m.ID, m.Revision, back)
	return tuiMeta(m), nil
}

// Audit returns the audit trail of a granted filing.
func (s *SessionStore) Audit(id string) ([]persist.AuditEntry, error) {
	if _, err := s.checkID(id); err != nil {
		return nil, err
	}
	return s.st.Audit(id)
}
