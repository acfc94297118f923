package tui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"jixiao/domain"
)

// Meta describes one stored filing as the filing list shows it. It mirrors
// persist.Meta so that an adapter in package main can pass it through.
type Meta struct {
	ID       string
	Unit     string
	Year     int
	Revision int
	Created  time.Time
	Updated  time.Time
	User     string
	Total    string
	Grade    string
	Errors   int
	Warnings int
	Deleted  bool
	// Note says how a revision came about (自动保存, 导入, 恢复自版本3 …).
	Note string
	// Name is the revision's name when the user named it as a version
	// ("提交财政局"); named versions are never thinned.
	Name string
}

// ErrConflict is returned (possibly wrapped) by Store.Save when the filing
// was saved by someone else since the revision the save was based on.
var ErrConflict = errors.New("该填报已被他人保存了更新的版本")

// ErrNotFound is returned (possibly wrapped) by Store.Get for a filing the
// store does not hold (or holds only as deleted).
var ErrNotFound = errors.New("找不到填报")

// Store is what the TUI needs from the filing store. persist.*Store
// satisfies it through a thin adapter in package main; tests use MemStore.
type Store interface {
	// List returns every filing, deleted ones marked as such.
	List() ([]Meta, error)
	// Get loads the newest revision of a filing.
	Get(id string) (*domain.Filing, Meta, error)
	// Create stores a new filing and returns its metadata.
	Create(f *domain.Filing) (Meta, error)
	// Save stores f as a new revision of id; baseRev is the revision the
	// edit started from. A stale baseRev gives an error matching ErrConflict.
	Save(id string, baseRev int, f *domain.Filing) (Meta, error)
	// Delete marks a filing deleted; Undelete restores it.
	Delete(id string) error
	// Undelete restores a deleted filing.
	Undelete(id string) error
	// History lists the kept revisions of a filing, newest first.
	History(id string) ([]Meta, error)
	// GetRevision loads revision rev of a filing.
	GetRevision(id string, rev int) (*domain.Filing, Meta, error)
	// Restore saves the content of revision rev as the newest revision.
	Restore(id string, rev int) (Meta, error)
}

// MemStore is an in-memory Store for tests and for running without a
// database; it also implements Autosaver and Namer. It is safe for
// concurrent use.
type MemStore struct {
	mu    sync.Mutex
	next  int
	items map[string]*memItem
	// Now gives the time stamps; time.Now when nil.
	Now func() time.Time
	// FailSave, when set, is returned by every Save (for tests).
	FailSave error
	// Saves counts successful saves.
	Saves int
	// User is recorded as the author of each revision.
	User string
}

type memItem struct {
	data []byte
	meta Meta
	// revs are the earlier revisions, oldest first (the newest is the
	// item itself).
	revs []memRev
}

type memRev struct {
	data []byte
	meta Meta
	// begun is when an autosave revision was first written (it keeps it
	// when replaced).
	begun time.Time
}

// NoteAutosave is the 说明 of a revision written by Autosaver.Autosave.
const NoteAutosave = "自动保存"

// autosaveSpan is how long one working revision of an editing session is
// updated in place before an autosave starts a new one.
const autosaveSpan = 10 * time.Minute

// NewMemStore returns an empty in-memory store.
func NewMemStore() *MemStore { return &MemStore{items: map[string]*memItem{}} }

func (s *MemStore) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *MemStore) put(id string, rev int, created time.Time, f *domain.Filing) (Meta, error) {
	data, err := domain.Encode(f)
	if err != nil {
		return Meta{}, err
	}
	sc := domain.Score(f, domain.DefaultRules())
	e, w, _ := domain.Counts(domain.Check(f, domain.DefaultRules()))
	m := Meta{ID: id, Unit: f.Unit, Year: f.Year, Revision: rev, Created: created, Updated: s.now(),
		Total: sc.Overall.Total.StringFixed(2), Grade: sc.Overall.Grade, Errors: e, Warnings: w, User: s.User}
	it := s.items[id]
	if it == nil {
		it = &memItem{}
		s.items[id] = it
	}
	it.revs = append(it.revs, memRev{data: data, meta: m})
	it.data, it.meta = data, m
	return m, nil
}

// List implements Store.
func (s *MemStore) List() ([]Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Meta, 0, len(s.items))
	for _, it := range s.items {
		out = append(out, it.meta)
	}
	slices.SortFunc(out, func(a, b Meta) int { return b.Updated.Compare(a.Updated) })
	return out, nil
}

// Get implements Store.
func (s *MemStore) Get(id string) (*domain.Filing, Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return nil, Meta{}, fmt.Errorf("%w：编号 %s", ErrNotFound, id)
	}
	f, err := domain.Decode(it.data)
	return f, it.meta, err
}

// Create implements Store.
func (s *MemStore) Create(f *domain.Filing) (Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.items == nil {
		s.items = map[string]*memItem{}
	}
	s.next++
	id := "f" + strconv.Itoa(s.next)
	return s.put(id, 1, s.now(), f)
}

// Save implements Store.
func (s *MemStore) Save(id string, baseRev int, f *domain.Filing) (Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.FailSave != nil {
		return Meta{}, s.FailSave
	}
	it, ok := s.items[id]
	if !ok {
		return Meta{}, fmt.Errorf("%w：编号 %s", ErrNotFound, id)
	}
	if it.meta.Revision != baseRev {
		return Meta{}, fmt.Errorf("保存 %s：%w", id, ErrConflict)
	}
	s.Saves++
	return s.put(id, baseRev+1, it.meta.Created, f)
}

// Autosave implements Autosaver: like Save, but the newest revision is
// replaced when it is an unnamed autosave of the same user begun less
// than 10 minutes ago (its number is not reused).
func (s *MemStore) Autosave(id string, baseRev int, f *domain.Filing) (Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.FailSave != nil {
		return Meta{}, s.FailSave
	}
	it, ok := s.items[id]
	if !ok {
		return Meta{}, fmt.Errorf("%w：编号 %s", ErrNotFound, id)
	}
	if it.meta.Revision != baseRev {
		return Meta{}, fmt.Errorf("保存 %s：%w", id, ErrConflict)
	}
	s.Saves++
	begun := s.now()
	if n := len(it.revs); n > 1 {
		last := it.revs[n-1]
		if last.meta.Note == NoteAutosave && last.meta.Name == "" && last.meta.User == s.User && s.now().Sub(last.begun) < autosaveSpan {
			begun = last.begun
			it.revs = it.revs[:n-1]
		}
	}
	m, err := s.put(id, baseRev+1, it.meta.Created, f)
	if err != nil {
		return m, err
	}
	m.Note = NoteAutosave
	it.revs[len(it.revs)-1].meta, it.revs[len(it.revs)-1].begun = m, begun
	it.meta = m
	return m, nil
}

// NameRevision implements Namer.
func (s *MemStore) NameRevision(id string, rev int, name string) (Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return Meta{}, fmt.Errorf("%w：编号 %s", ErrNotFound, id)
	}
	for i := range it.revs {
		if it.revs[i].meta.Revision == rev {
			it.revs[i].meta.Name = name
			if i == len(it.revs)-1 {
				it.meta.Name = name
			}
			return it.revs[i].meta, nil
		}
	}
	return Meta{}, fmt.Errorf("填报 %s 没有版本 %d", id, rev)
}

// Delete implements Store.
func (s *MemStore) Delete(id string) error { return s.setDeleted(id, true) }

// Undelete implements Store.
func (s *MemStore) Undelete(id string) error { return s.setDeleted(id, false) }

func (s *MemStore) setDeleted(id string, d bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return fmt.Errorf("%w：编号 %s", ErrNotFound, id)
	}
	it.meta.Deleted = d
	return nil
}

// History implements Store.
func (s *MemStore) History(id string) ([]Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return nil, fmt.Errorf("%w：编号 %s", ErrNotFound, id)
	}
	out := make([]Meta, 0, len(it.revs))
	for i := len(it.revs) - 1; i >= 0; i-- {
		out = append(out, it.revs[i].meta)
	}
	return out, nil
}

// GetRevision implements Store.
func (s *MemStore) GetRevision(id string, rev int) (*domain.Filing, Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return nil, Meta{}, fmt.Errorf("%w：编号 %s", ErrNotFound, id)
	}
	for _, r := range it.revs {
		if r.meta.Revision == rev {
			f, err := domain.Decode(r.data)
			return f, r.meta, err
		}
	}
	return nil, Meta{}, fmt.Errorf("填报 %s 没有版本 %d", id, rev)
}

// Restore implements Store.
func (s *MemStore) Restore(id string, rev int) (Meta, error) {
	f, _, err := s.GetRevision(id, rev)
	if err != nil {
		return Meta{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.items[id]
	m, err := s.put(id, it.meta.Revision+1, it.meta.Created, f)
	if err == nil {
		it.revs[len(it.revs)-1].meta.Note = fmt.Sprintf("从版本 %d 恢复", rev)
		it.meta.Note = it.revs[len(it.revs)-1].meta.Note
		m = it.meta
	}
	return m, err
}
