package persist

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
)

// SaveOption adjusts a Create, Save or Restore.
type SaveOption func(*saveOptions)

type saveOptions struct {
	note string
	// audit, when set, is written to the audit trail in the same
	// transaction as the revision it describes.
	audit *[]Change
}

// Note records how the revision came about, e.g. "导入 meixi-2024.json";
// History shows it.
func Note(note string) SaveOption { return func(o *saveOptions) { o.note = note } }

func collect(opts []SaveOption) saveOptions {
	var o saveOptions
	for _, f := range opts {
		f(&o)
	}
	return o
}

// List returns the filings that are not deleted, most recently saved first.
func (s *Store) List() ([]Meta, error) {
	return s.listHeads(false)
}

// ListDeleted returns the deleted filings that can still be undeleted,
// most recently deleted first.
func (s *Store) ListDeleted() ([]Meta, error) {
	return s.listHeads(true)
}

func (s *Store) listHeads(deleted bool) ([]Meta, error) {
	var out []Meta
	err := s.view(func(tx *bolt.Tx) error {
		b, err := s.buckets(tx)
		if err != nil {
			return err
		}
		heads, err := b.heads()
		for _, r := range heads {
			if r.Deleted == deleted {
				out = append(out, r.meta())
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Meta) int {
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
func (s *Store) Meta(id string) (Meta, error) {
	var m Meta
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
func (s *Store) Get(id string) (*domain.Filing, Meta, error) {
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
		return nil, Meta{}, err
	}
	f, err := s.decodeFiling(r, doc)
	if err != nil {
		return nil, Meta{}, err
	}
	return f, r.meta(), nil
}

// GetRevision returns revision rev of filing id (deleted or not).
func (s *Store) GetRevision(id string, rev int) (*domain.Filing, Meta, error) {
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
		return nil, Meta{}, err
	}
	f, err := s.decodeFiling(r, doc)
	if err != nil {
		return nil, Meta{}, err
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
func (s *Store) GetAll() ([]Meta, []*domain.Filing, error) {
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
	metas := make([]Meta, 0, len(heads))
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
// with the new id.
func (s *Store) Create(f *domain.Filing, opts ...SaveOption) (Meta, error) {
	o := collect(opts)
	p, err := prepare(f)
	if err != nil {
		return Meta{}, err
	}
	var m Meta
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
		r := p.record(id, 1, now, now, s.opt.User, o.note)
		if err := b.addRevision(r, p.doc); err != nil {
			return err
		}
		m = r.meta()
		return nil
	})
	return m, err
}

// Save stores f as a new revision of filing id. baseRev is the revision f
// was loaded from: when another save has happened since, nothing is
// written and the error is a *ConflictError (errors.Is(err, ErrConflict))
// holding the newest revision. When f is identical to the newest revision
// nothing is written and its metadata is returned (whatever baseRev was:
// nothing would be lost). Old revisions are thinned by the rule of
// docs/storage.md; the newest KeepNewest are always kept.
func (s *Store) Save(id string, baseRev int, f *domain.Filing, opts ...SaveOption) (Meta, error) {
	o := collect(opts)
	enc, err := encode(f)
	if err != nil {
		return Meta{}, err
	}
	// An autosave of an unchanged filing is common: find out with a read
	// transaction before scoring and compressing it.
	var m Meta
	same := false
	err = s.view(func(tx *bolt.Tx) error {
		_, head, err := s.head(tx, id, true)
		if err != nil {
			return err
		}
		if same = head.Hash == enc.hash; same {
			m = head.meta()
		}
		return nil
	})
	if err != nil || same {
		return m, err
	}
	p, err := enc.prepare()
	if err != nil {
		return Meta{}, err
	}
	err = s.update(func(tx *bolt.Tx, _ *handle) error {
		b, head, err := s.head(tx, id, true)
		if err != nil {
			return err
		}
		if head.Hash == p.hash {
			m = head.meta()
			return errRollback
		}
		if head.Rev != baseRev {
			return &ConflictError{ID: head.ID, Base: baseRev, Current: head.meta()}
		}
		now := s.now()
		r := p.record(head.ID, head.Rev+1, head.Created, now, s.opt.User, o.note)
		if err := b.addRevision(r, p.doc); err != nil {
			return err
		}
		m = r.meta()
		if o.audit != nil {
			if err := putAudit(tx, AuditEntry{Filing: head.ID, Rev: r.Rev, Time: now.UTC(), User: s.opt.User,
				Action: "保存", Changes: *o.audit, Note: o.note}); err != nil {
				return err
			}
		}
		return s.thin(b, head.ID, now)
	})
	return m, err
}

// Restore saves the content of revision rev of filing id as its newest
// revision. When that content is already the newest, nothing is written
// and the current metadata is returned.
func (s *Store) Restore(id string, rev int, opts ...SaveOption) (Meta, error) {
	o := collect(opts)
	if o.note == "" {
		o.note = fmt.Sprintf("从版本 %d 恢复", rev)
	}
	var m Meta
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
		r.Rev, r.Created, r.Updated, r.User, r.Note = head.Rev+1, head.Created, now.UTC(), s.opt.User, o.note
		if err := b.addRevision(&r, doc); err != nil {
			return err
		}
		m = r.meta()
		return s.thin(b, head.ID, now)
	})
	return m, err
}

// History returns the kept revisions of filing id (deleted or not), newest
// first.
func (s *Store) History(id string) ([]Meta, error) {
	var out []Meta
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
// has passed, after which the next Create or Delete purges it.
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
		return s.purgeExpired(b, now)
	})
}

// Undelete brings back a deleted filing as it was.
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
		return b.putHead(head)
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
