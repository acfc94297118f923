// Package storetest provides an in-memory store.Store for tests, with
// the optional ports store.Autosaver and store.Namer, a hook that makes
// every save fail, and a count of the saves.
package storetest

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"jixiao/domain"
	"jixiao/store"
)

var (
	_ store.Store     = (*Store)(nil)
	_ store.Autosaver = (*Store)(nil)
	_ store.Namer     = (*Store)(nil)
)

// Store is an in-memory store.Store for tests; it also implements
// store.Autosaver and store.Namer. It is safe for concurrent use, except
// that FailSave is to be set while nothing else runs.
type Store struct {
	mu    sync.Mutex
	next  int
	items map[string]*memItem
	// Now gives the time stamps; time.Now when nil.
	Now func() time.Time
	// FailSave, when set, is returned by every Save and Autosave.
	FailSave error
	// Saves counts successful saves.
	Saves int
	// User is recorded as the author of each revision.
	User string
}

type memItem struct {
	data []byte
	meta store.Meta
	// revs are the earlier revisions, oldest first (the newest is the
	// item itself).
	revs []memRev
}

type memRev struct {
	data []byte
	meta store.Meta
	// begun is when an autosave revision was first written (it keeps it
	// when replaced).
	begun time.Time
}

// NoteAutosave is the 说明 of a revision written by Autosave.
const NoteAutosave = "自动保存"

// autosaveSpan is how long one working revision of an editing session is
// updated in place before an autosave starts a new one.
const autosaveSpan = 10 * time.Minute

// New returns an empty in-memory store.
func New() *Store { return &Store{items: map[string]*memItem{}} }

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Store) put(id string, rev int, created time.Time, f *domain.Filing) (store.Meta, error) {
	data, err := domain.Encode(f)
	if err != nil {
		return store.Meta{}, err
	}
	ev := domain.Evaluate(f, domain.RulesFor(f))
	sc := ev.Scores
	e, w, _ := domain.Counts(ev.Findings)
	m := store.Meta{ID: id, Unit: f.Unit, Year: f.Year, Revision: rev, Created: created, Updated: s.now(),
		Total: sc.Headline(f).Total.StringFixed(2), Grade: sc.Headline(f).Grade, Errors: e, Warnings: w, User: s.User}
	it := s.items[id]
	if it == nil {
		it = &memItem{}
		s.items[id] = it
	}
	it.revs = append(it.revs, memRev{data: data, meta: m})
	it.data, it.meta = data, m
	return m, nil
}

// List implements store.Store.
func (s *Store) List() ([]store.Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]store.Meta, 0, len(s.items))
	for _, it := range s.items {
		out = append(out, it.meta)
	}
	slices.SortFunc(out, func(a, b store.Meta) int { return b.Updated.Compare(a.Updated) })
	return out, nil
}

// Get implements store.Store.
func (s *Store) Get(id string) (*domain.Filing, store.Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return nil, store.Meta{}, fmt.Errorf("%w：编号 %s", store.ErrNotFound, id)
	}
	f, err := domain.Decode(it.data)
	return f, it.meta, err
}

// Create implements store.Store.
func (s *Store) Create(f *domain.Filing) (store.Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.items == nil {
		s.items = map[string]*memItem{}
	}
	s.next++
	id := "f" + strconv.Itoa(s.next)
	return s.put(id, 1, s.now(), f)
}

// Save implements store.Store.
func (s *Store) Save(id string, baseRev int, f *domain.Filing) (store.Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.FailSave != nil {
		return store.Meta{}, s.FailSave
	}
	it, ok := s.items[id]
	if !ok {
		return store.Meta{}, fmt.Errorf("%w：编号 %s", store.ErrNotFound, id)
	}
	if it.meta.Revision != baseRev {
		return store.Meta{}, fmt.Errorf("保存 %s：%w", id, store.ErrConflict)
	}
	s.Saves++
	return s.put(id, baseRev+1, it.meta.Created, f)
}

// Autosave implements store.Autosaver: like Save, but the newest revision is
// replaced when it is an unnamed autosave of the same user begun less
// than 10 minutes ago (its number is not reused).
func (s *Store) Autosave(id string, baseRev int, f *domain.Filing) (store.Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.FailSave != nil {
		return store.Meta{}, s.FailSave
	}
	it, ok := s.items[id]
	if !ok {
		return store.Meta{}, fmt.Errorf("%w：编号 %s", store.ErrNotFound, id)
	}
	if it.meta.Revision != baseRev {
		return store.Meta{}, fmt.Errorf("保存 %s：%w", id, store.ErrConflict)
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

// NameRevision implements store.Namer.
func (s *Store) NameRevision(id string, rev int, name string) (store.Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return store.Meta{}, fmt.Errorf("%w：编号 %s", store.ErrNotFound, id)
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
	return store.Meta{}, fmt.Errorf("填报 %s 没有版本 %d", id, rev)
}

// Delete implements store.Store.
func (s *Store) Delete(id string) error { return s.setDeleted(id, true) }

// Undelete implements store.Store.
func (s *Store) Undelete(id string) error { return s.setDeleted(id, false) }

func (s *Store) setDeleted(id string, d bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return fmt.Errorf("%w：编号 %s", store.ErrNotFound, id)
	}
	it.meta.Deleted = d
	return nil
}

// History implements store.Store.
func (s *Store) History(id string) ([]store.Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return nil, fmt.Errorf("%w：编号 %s", store.ErrNotFound, id)
	}
	out := make([]store.Meta, 0, len(it.revs))
	for i := len(it.revs) - 1; i >= 0; i-- {
		out = append(out, it.revs[i].meta)
	}
	return out, nil
}

// GetRevision implements store.Store.
func (s *Store) GetRevision(id string, rev int) (*domain.Filing, store.Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return nil, store.Meta{}, fmt.Errorf("%w：编号 %s", store.ErrNotFound, id)
	}
	for _, r := range it.revs {
		if r.meta.Revision == rev {
			f, err := domain.Decode(r.data)
			return f, r.meta, err
		}
	}
	return nil, store.Meta{}, fmt.Errorf("填报 %s 没有版本 %d", id, rev)
}

// Restore implements store.Store.
func (s *Store) Restore(id string, rev int) (store.Meta, error) {
	f, _, err := s.GetRevision(id, rev)
	if err != nil {
		return store.Meta{}, err
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
