package persist

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
	"jixiao/internal/termsafe"
	"jixiao/store"
)

// *Store is the filing store of the port (package store) as it is: the
// TUI and serve use it with no adapter.
var (
	_ store.Store     = (*Store)(nil)
	_ store.Autosaver = (*Store)(nil)
	_ store.Namer     = (*Store)(nil)
	_ store.Auditor   = (*Store)(nil)
)

// SaveOption adjusts a CreateWith, SaveWith, AutosaveWith or RestoreWith.
type SaveOption func(*saveOptions)

type saveOptions struct {
	note string
	kind store.Kind
	file string // imported file
	// changes go into the write's audit entry.
	changes []store.AuditChange
}

// Note records how the revision came about; History shows it. Without it
// the note says what made the revision: "新建", "保存", "自动保存",
// "恢复自版本N", "导入 文件名".
func Note(note string) SaveOption { return func(o *saveOptions) { o.note = note } }

// Imported marks the revision as the import of file (its base name): the
// note is "导入 file", the audit action 导入, and the revision, like every
// import, is never thinned.
func Imported(file string) SaveOption {
	return func(o *saveOptions) { o.kind, o.file = store.KindImport, file }
}

// AuditChanges records changes (the fields the write changes) in its audit
// entry.
func AuditChanges(changes []store.AuditChange) SaveOption {
	return func(o *saveOptions) { o.changes = changes }
}

func collect(opts []SaveOption) saveOptions {
	var o saveOptions
	for _, f := range opts {
		f(&o)
	}
	if o.kind == store.KindImport && o.note == "" {
		o.note = "导入 " + o.file
	}
	return o
}

// List returns the filings that are not deleted, most recently saved first.
func (s *Store) List() ([]store.Meta, error) {
	return s.listHeads(false)
}

// ListDeleted returns the deleted filings that can still be undeleted,
// most recently deleted first.
func (s *Store) ListDeleted() ([]store.Meta, error) {
	return s.listHeads(true)
}

func (s *Store) listHeads(deleted bool) ([]store.Meta, error) {
	var out []store.Meta
	err := s.view(func(tx *bolt.Tx) error {
		b, err := s.buckets(tx)
		if err != nil {
			return err
		}
		heads, err := b.heads()
		for _, r := range heads {
			if r.Deleted != deleted {
				continue
			}
			if r.staleStamp() {
				if f, ferr := s.decodeFiling(r, b.doc(r.ID, r.Rev)); ferr == nil {
					r = rescored(r, f)
				}
			}
			out = append(out, r.meta())
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b store.Meta) int {
		if deleted {
			if c := b.DeletedAt.Compare(a.DeletedAt); c != 0 {
				return c
			}
		}
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

// Meta returns the metadata of the newest revision of filing id, without
// reading the document. It is cheap enough to poll for changes made by
// another process. A deleted filing gives its metadata with Deleted set.
func (s *Store) Meta(id string) (store.Meta, error) {
	var m store.Meta
	err := s.view(func(tx *bolt.Tx) error {
		_, r, err := s.head(tx, id, false)
		if err != nil {
			return err
		}
		m = r.meta()
		return nil
	})
	return m, err
}

// findHead resolves id or returns a *NotFoundError.
func (s *Store) findHead(b *txBuckets, id string) (*record, error) {
	r, err := b.find(id)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, &NotFoundError{Path: s.path, ID: id}
	}
	return r, nil
}

// head opens the buckets of tx and resolves id: to a filing that is not
// deleted when live is set, else to any filing.
func (s *Store) head(tx *bolt.Tx, id string, live bool) (*txBuckets, *record, error) {
	b, err := s.buckets(tx)
	if err != nil {
		return nil, nil, err
	}
	var r *record
	if live {
		r, err = s.liveHead(b, id)
	} else {
		r, err = s.findHead(b, id)
	}
	if err != nil {
		return nil, nil, err
	}
	return b, r, nil
}

// liveHead resolves id to a filing that is not deleted.
func (s *Store) liveHead(b *txBuckets, id string) (*record, error) {
	r, err := s.findHead(b, id)
	if err != nil {
		return nil, err
	}
	if r.Deleted {
		return nil, &DeletedError{ID: r.ID, DeletedAt: r.DeletedAt.Local()}
	}
	return r, nil
}

// Get returns the newest revision of filing id. A deleted filing gives a
// *DeletedError.
func (s *Store) Get(id string) (*domain.Filing, store.Meta, error) {
	var r *record
	var doc []byte
	err := s.view(func(tx *bolt.Tx) error {
		b, h, err := s.head(tx, id, true)
		if err != nil {
			return err
		}
		r = h
		doc = b.doc(r.ID, r.Rev)
		return nil
	})
	if err != nil {
		return nil, store.Meta{}, err
	}
	f, err := s.decodeFiling(r, doc)
	if err != nil {
		return nil, store.Meta{}, err
	}
	if r.staleFor(f) {
		r = rescored(r, f)
	}
	return f, r.meta(), nil
}

// GetRevision returns revision rev of filing id (deleted or not).
func (s *Store) GetRevision(id string, rev int) (*domain.Filing, store.Meta, error) {
	var head, r *record
	var doc []byte
	err := s.view(func(tx *bolt.Tx) error {
		b, h, err := s.head(tx, id, false)
		if err != nil {
			return err
		}
		head = h
		if r, err = b.revision(head.ID, rev); err != nil {
			return err
		}
		if r == nil {
			return &NotFoundError{Path: s.path, ID: head.ID, Rev: rev}
		}
		doc = b.doc(head.ID, rev)
		return nil
	})
	if err != nil {
		return nil, store.Meta{}, err
	}
	f, err := s.decodeFiling(r, doc)
	if err != nil {
		return nil, store.Meta{}, err
	}
	m := r.meta()
	m.Deleted, m.DeletedAt = head.Deleted, head.meta().DeletedAt
	return f, m, nil
}

// decodeFiling decodes the stored document of revision r.
func (s *Store) decodeFiling(r *record, doc []byte) (*domain.Filing, error) {
	if doc == nil {
		return nil, &NotDatabaseError{Path: s.path, Reason: fmt.Sprintf("填报 %s 版本 %d 的内容缺失", r.ID, r.Rev)}
	}
	data, err := decodeDoc(doc, r.Hash)
	if err != nil {
		return nil, &NotDatabaseError{Path: s.path, Reason: fmt.Sprintf("填报 %s 版本 %d 的内容已损坏：%v", r.ID, r.Rev, err)}
	}
	f, err := domain.Decode(data)
	if err != nil {
		return nil, &NotDatabaseError{Path: s.path, Reason: fmt.Sprintf("填报 %s 版本 %d 的内容无法读取：%v", r.ID, r.Rev, err), Err: err}
	}
	return f, nil
}

// GetAll returns every filing that is not deleted, newest revision, in the
// order of List; one transaction.
func (s *Store) GetAll() ([]store.Meta, []*domain.Filing, error) {
	var heads []*record
	var docs [][]byte
	err := s.view(func(tx *bolt.Tx) error {
		b, err := s.buckets(tx)
		if err != nil {
			return err
		}
		all, err := b.heads()
		if err != nil {
			return err
		}
		for _, r := range all {
			if !r.Deleted {
				heads = append(heads, r)
				docs = append(docs, b.doc(r.ID, r.Rev))
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	idx := make([]int, len(heads))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := heads[b].Updated.Compare(heads[a].Updated); c != 0 {
			return c
		}
		return cmp.Compare(heads[a].ID, heads[b].ID)
	})
	metas := make([]store.Meta, 0, len(heads))
	filings := make([]*domain.Filing, 0, len(heads))
	for _, i := range idx {
		f, err := s.decodeFiling(heads[i], docs[i])
		if err != nil {
			return nil, nil, err
		}
		metas = append(metas, heads[i].meta())
		filings = append(filings, f)
	}
	return metas, filings, nil
}

// Create stores f as a new filing with revision 1 and returns its metadata,
// with the new id. Its audit entry (新建, or 导入 with Imported) is written
// in the same transaction. It implements store.Store.
func (s *Store) Create(f *domain.Filing) (store.Meta, error) { return s.CreateWith(f) }

// CreateWith is Create with options (Note, Imported, AuditChanges).
func (s *Store) CreateWith(f *domain.Filing, opts ...SaveOption) (store.Meta, error) {
	o := collect(opts)
	kind, action := store.KindCreate, ActionCreate
	if o.kind == store.KindImport {
		kind, action = store.KindImport, ActionImport
	}
	note := o.note
	if note == "" {
		note = ActionCreate
	}
	p, err := prepare(f)
	if err != nil {
		return store.Meta{}, err
	}
	var m store.Meta
	err = s.update(func(tx *bolt.Tx, _ *handle) error {
		b, err := s.buckets(tx)
		if err != nil {
			return err
		}
		now := s.now()
		if err := s.purgeExpired(b, now); err != nil {
			return err
		}
		id, err := newID(func(id string) bool { return b.filings.Get([]byte(id)) != nil })
		if err != nil {
			return err
		}
		r := p.record(id, 1, now, now, s.opt.User, note)
		r.Kind = kind
		if err := b.addRevision(r, p.doc); err != nil {
			return err
		}
		m = r.meta()
		e := s.entry(action, id, 1, now)
		e.Unit, e.Note, e.Changes = r.Unit, o.note, o.changes
		return putAudit(tx, e)
	})
	return m, err
}

// Save stores f as a new revision of filing id (an explicit save: Ctrl+S,
// leaving the filing, quitting, an import with Imported). baseRev is the
// revision f was loaded from: when another save has happened since,
// nothing is written and the error is a *ConflictError (errors.Is(err,
// ErrConflict)) holding the newest revision. When f is identical to the
// newest revision no revision is added and its metadata is returned
// (whatever baseRev was: nothing would be lost); if that revision is an
// autosave, it becomes this save's revision (its note and kind change),
// so the next autosave starts a new one. The revision and its audit entry
// (with AuditChanges) are written in one transaction; old revisions are
// thinned by the rule of docs/storage.md. It implements store.Store.
func (s *Store) Save(id string, baseRev int, f *domain.Filing) (store.Meta, error) {
	return s.save(id, baseRev, f, saveOptions{}, false)
}

// SaveWith is Save with options (Note, Imported, AuditChanges).
func (s *Store) SaveWith(id string, baseRev int, f *domain.Filing, opts ...SaveOption) (store.Meta, error) {
	return s.save(id, baseRev, f, collect(opts), false)
}

// Autosave stores f like Save (same conflict rule on baseRev), but when
// the newest revision is this store user's unnamed autosave whose editing
// session began less than AutosaveSession ago, the new revision replaces
// it: it gets the next number, the replaced one is removed in the same
// transaction, and numbers are never reused. Otherwise it adds a revision
// that begins a new session. Its note is 自动保存 unless Note says
// otherwise. An unchanged filing writes nothing.
//
// It implements store.Autosaver.
func (s *Store) Autosave(id string, baseRev int, f *domain.Filing) (store.Meta, error) {
	return s.save(id, baseRev, f, saveOptions{}, true)
}

// AutosaveWith is Autosave with options (Note, AuditChanges).
func (s *Store) AutosaveWith(id string, baseRev int, f *domain.Filing, opts ...SaveOption) (store.Meta, error) {
	return s.save(id, baseRev, f, collect(opts), true)
}

func (s *Store) save(id string, baseRev int, f *domain.Filing, o saveOptions, auto bool) (store.Meta, error) {
	kind, action := store.KindSave, ActionSave
	switch {
	case auto:
		kind, action = store.KindAutosave, ActionAutosave
	case o.kind == store.KindImport:
		kind, action = store.KindImport, ActionImport
	}
	note := o.note
	if note == "" {
		note = action
	}
	// sealable: an explicit save of what the session's autosave stored.
	sealable := func(head *record) bool { return !auto && head.kind() == store.KindAutosave }
	enc, err := encode(f)
	if err != nil {
		return store.Meta{}, err
	}
	// An autosave of an unchanged filing is common: find out with a read
	// transaction before scoring and compressing it.
	var m store.Meta
	same := false
	err = s.view(func(tx *bolt.Tx) error {
		_, head, err := s.head(tx, id, true)
		if err != nil {
			return err
		}
		if same = head.Hash == enc.hash && !sealable(head); same {
			m = head.meta()
		}
		return nil
	})
	if err != nil || same {
		return m, err
	}
	p, err := enc.prepare()
	if err != nil {
		return store.Meta{}, err
	}
	err = s.update(func(tx *bolt.Tx, _ *handle) error {
		b, head, err := s.head(tx, id, true)
		if err != nil {
			return err
		}
		now := s.now()
		if head.Hash == p.hash {
			if !sealable(head) {
				m = head.meta()
				return errRollback
			}
			head.Kind, head.Note, head.Started = kind, note, time.Time{}
			if err := b.putRevRecord(head); err != nil {
				return err
			}
			if err := b.putHead(head); err != nil {
				return err
			}
			m = head.meta()
			e := s.entry(action, head.ID, head.Rev, now)
			e.Unit, e.Note = head.Unit, o.note
			return putAudit(tx, e)
		}
		if head.Rev != baseRev {
			return &ConflictError{ID: head.ID, Base: baseRev, Current: head.meta()}
		}
		r := p.record(head.ID, head.Rev+1, head.Created, now, s.opt.User, note)
		r.Kind = kind
		replace := false
		if auto {
			r.Started = now
			if head.kind() == store.KindAutosave && head.User == s.opt.User && head.Name == "" &&
				!head.Started.IsZero() && now.Sub(head.Started) < AutosaveSession {
				replace, r.Started = true, head.Started
			}
		}
		if err := b.addRevision(r, p.doc); err != nil {
			return err
		}
		if replace {
			if err := b.dropRevision(head.ID, head.Rev); err != nil {
				return err
			}
		}
		m = r.meta()
		e := s.entry(action, head.ID, r.Rev, now)
		e.Unit, e.Note, e.Changes = r.Unit, o.note, o.changes
		replaced := 0
		if replace {
			replaced = head.Rev
		}
		if err := putAutosaveAudit(tx, e, replaced); err != nil {
			return err
		}
		return s.thin(b, head.ID, now)
	})
	return m, err
}

// Restore saves the content of revision rev of filing id as its newest
// revision, a restore point noted "恢复自版本N" that is never thinned.
// When that content is already the newest, nothing is written and the
// current metadata is returned. Its audit entry (恢复旧版本, with
// AuditChanges) is written in the same transaction.
//
// It implements store.Store.
func (s *Store) Restore(id string, rev int) (store.Meta, error) { return s.RestoreWith(id, rev) }

// RestoreWith is Restore with options (Note, AuditChanges).
func (s *Store) RestoreWith(id string, rev int, opts ...SaveOption) (store.Meta, error) {
	o := collect(opts)
	note := o.note
	if note == "" {
		note = fmt.Sprintf("恢复自版本%d", rev)
	}
	var m store.Meta
	err := s.update(func(tx *bolt.Tx, _ *handle) error {
		b, head, err := s.head(tx, id, true)
		if err != nil {
			return err
		}
		old, err := b.revision(head.ID, rev)
		if err != nil {
			return err
		}
		doc := b.doc(head.ID, rev)
		if old == nil || doc == nil {
			return &NotFoundError{Path: s.path, ID: head.ID, Rev: rev}
		}
		if _, err := decodeDoc(doc, old.Hash); err != nil {
			return &NotDatabaseError{Path: s.path, Reason: fmt.Sprintf("填报 %s 版本 %d 的内容已损坏：%v", head.ID, rev, err)}
		}
		if old.Hash == head.Hash {
			m = head.meta()
			return errRollback
		}
		now := s.now()
		r := *old
		r.Rev, r.Created, r.Updated, r.User, r.Note = head.Rev+1, head.Created, now.UTC(), s.opt.User, note
		r.Kind, r.Name, r.Started = store.KindRestore, "", time.Time{}
		if err := b.addRevision(&r, doc); err != nil {
			return err
		}
		m = r.meta()
		e := s.entry(ActionRestore, head.ID, r.Rev, now)
		e.Unit, e.Note, e.Changes = r.Unit, note, o.changes
		if err := putAudit(tx, e); err != nil {
			return err
		}
		return s.thin(b, head.ID, now)
	})
	return m, err
}

// MaxNameLength is the longest version name, in characters.
const MaxNameLength = 40

// NameRevision names revision rev of filing id (a named version, e.g.
// "提交财政局"): History and List show the name, and a named version is
// never thinned. An empty name removes the name. Surrounding space is
// trimmed; a name longer than MaxNameLength characters or holding control
// characters gives a *NameError. The audit entry (命名版本) is written in
// the same transaction. It returns the revision's metadata.
func (s *Store) NameRevision(id string, rev int, name string) (store.Meta, error) {
	name = strings.TrimSpace(name)
	if err := checkName(name); err != nil {
		return store.Meta{}, err
	}
	var m store.Meta
	err := s.update(func(tx *bolt.Tx, _ *handle) error {
		b, head, err := s.head(tx, id, true)
		if err != nil {
			return err
		}
		r, err := b.revision(head.ID, rev)
		if err != nil {
			return err
		}
		if r == nil {
			return &NotFoundError{Path: s.path, ID: head.ID, Rev: rev}
		}
		if r.Name == name {
			m = r.meta()
			return errRollback
		}
		was := r.Name
		r.Name = name
		if err := b.putRevRecord(r); err != nil {
			return err
		}
		if rev == head.Rev {
			head.Name = name
		}
		switch {
		case name != "" && rev >= head.NamedRev:
			head.NamedRev, head.NamedAs = rev, name
		case name == "" && rev == head.NamedRev:
			head.NamedRev, head.NamedAs, err = b.newestNamed(head.ID)
			if err != nil {
				return err
			}
		}
		if err := b.putHead(head); err != nil {
			return err
		}
		m = r.meta()
		m.LatestName, m.LatestNamedRev = head.NamedAs, head.NamedRev
		e := s.entry(ActionName, head.ID, rev, s.now())
		e.Unit = r.Unit
		switch {
		case name == "":
			e.Note = "取消版本名称“" + was + "”"
		case was != "":
			e.Note = "“" + was + "”改为“" + name + "”"
		default:
			e.Note = name
		}
		return putAudit(tx, e)
	})
	return m, err
}

// newestNamed finds the newest named revision of id (0 and "" when none).
func (b *txBuckets) newestNamed(id string) (int, string, error) {
	sub := b.revs.Bucket([]byte(id))
	if sub == nil {
		return 0, "", nil
	}
	c := sub.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		r, err := decodeRevRecord(id, int(binary.BigEndian.Uint64(k)), v, b)
		if err != nil {
			return 0, "", err
		}
		if r.Name != "" {
			return r.Rev, r.Name, nil
		}
	}
	return 0, "", nil
}

// checkName refuses a version name NameRevision cannot keep.
func checkName(name string) error {
	if n := utf8.RuneCountInString(name); n > MaxNameLength {
		return &NameError{Name: termsafe.String(name), Reason: fmt.Sprintf("有 %d 个字，最多 %d 个字", n, MaxNameLength)}
	}
	if !utf8.ValidString(name) || !termsafe.Clean(name) {
		return &NameError{Name: termsafe.String(name), Reason: "含有控制字符或不可见的方向控制符"}
	}
	return nil
}

// History returns the kept revisions of filing id (deleted or not), newest
// first.
func (s *Store) History(id string) ([]store.Meta, error) {
	var out []store.Meta
	err := s.view(func(tx *bolt.Tx) error {
		b, head, err := s.head(tx, id, false)
		if err != nil {
			return err
		}
		sub := b.revs.Bucket([]byte(head.ID))
		if sub == nil {
			return b.damaged("填报 %s 没有任何版本记录", head.ID)
		}
		c := sub.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			rev := int(binary.BigEndian.Uint64(k))
			r, err := decodeRevRecord(head.ID, rev, v, b)
			if err != nil {
				return err
			}
			m := r.meta()
			m.Deleted, m.DeletedAt = head.Deleted, head.meta().DeletedAt
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// Delete marks filing id deleted. It disappears from List and Get but
// keeps all its revisions; Undelete brings it back until DeletedRetention
// has passed, after which the next Create or Delete purges it. The audit
// entry (删除) is written in the same transaction.
func (s *Store) Delete(id string) error {
	return s.update(func(tx *bolt.Tx, _ *handle) error {
		b, head, err := s.head(tx, id, true)
		if err != nil {
			return err
		}
		now := s.now()
		head.Deleted, head.DeletedAt = true, now.UTC()
		if err := b.putHead(head); err != nil {
			return err
		}
		e := s.entry(ActionDelete, head.ID, head.Rev, now)
		e.Unit = head.Unit
		if err := putAudit(tx, e); err != nil {
			return err
		}
		return s.purgeExpired(b, now)
	})
}

// Undelete brings back a deleted filing as it was. The audit entry
// (恢复删除) is written in the same transaction.
func (s *Store) Undelete(id string) error {
	return s.update(func(tx *bolt.Tx, _ *handle) error {
		b, head, err := s.head(tx, id, false)
		if err != nil {
			return err
		}
		if !head.Deleted {
			return fmt.Errorf("无法恢复填报 %s：%w", head.ID, ErrNotDeleted)
		}
		head.Deleted, head.DeletedAt = false, time.Time{}
		if err := b.putHead(head); err != nil {
			return err
		}
		e := s.entry(ActionUndelete, head.ID, head.Rev, s.now())
		e.Unit = head.Unit
		return putAudit(tx, e)
	})
}

// purgeExpired removes the filings deleted more than DeletedRetention ago.
func (s *Store) purgeExpired(b *txBuckets, now time.Time) error {
	heads, err := b.heads()
	if err != nil {
		return err
	}
	for _, r := range heads {
		if r.Deleted && now.Sub(r.DeletedAt) > DeletedRetention {
			if err := b.remove(r.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
