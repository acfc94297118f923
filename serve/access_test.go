package serve

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"jixiao/persist"
	"jixiao/store"
)

// newBackend returns a backend on a new database holding the sample, the
// sample's id, and the database path. 张三 is granted the sample's unit.
func newBackend(t *testing.T) (*Backend, string, string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "jixiao.db")
	b, err := NewBackend(db, func() string { return "管理员" })
	if err != nil {
		t.Fatal(err)
	}
	st, err := b.store("管理员")
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.Create(sampleFiling(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Grant("张三", unitMeixi); err != nil {
		t.Fatal(err)
	}
	return b, m.ID, db
}

// breakAuditTrail makes every later audit write of filing id fail, as a
// damaged trail would: its trail bucket becomes a plain value.
func breakAuditTrail(t *testing.T, db, id string) {
	t.Helper()
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists([]byte("audit"))
		if err != nil {
			return err
		}
		if root.Bucket([]byte(id)) != nil {
			if err := root.DeleteBucket([]byte(id)); err != nil {
				return err
			}
		}
		return root.Put([]byte(id), []byte("x"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A recovered draft of a filing deleted meanwhile must be saved as a new
// filing: the TUI does that when Get fails with store.ErrNotFound, which
// persist's errors for a missing or deleted filing match and SessionStore
// passes on unchanged (TestRecoveredDraftOfDeletedFilingSavedAsNew drives
// the TUI through it).
func TestSessionStoreMapsNotFound(t *testing.T) {
	b, id, _ := newBackend(t)
	s, err := b.Session("张三", 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Get(id)
	if !errors.Is(err, store.ErrNotFound) || !errors.Is(err, persist.ErrDeleted) {
		t.Fatalf("Get of a deleted filing: %v; want store.ErrNotFound (and persist.ErrDeleted)", err)
	}
	if _, _, err := s.Get("zzzzzz"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get of a missing filing: %v", err)
	}
	if _, err := s.Save(id, 1, sampleFiling(t)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Save of a deleted filing: %v", err)
	}
	// What the TUI's draft recovery then does.
	m, err := s.Create(sampleFiling(t))
	if err != nil || m.ID == id {
		t.Fatalf("draft saved as %+v, %v", m, err)
	}
}

func TestSessionWritesAreAuditedInTheTransaction(t *testing.T) {
	b, id, db := newBackend(t)
	s, _ := b.Session("张三", 1)
	f, m, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	f.Signoff.Phone = "13812345678"
	if m, err = s.Save(id, m.Revision, f); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Restore(id, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	if err := s.Undelete(id); err != nil {
		t.Fatal(err)
	}
	st, _ := b.store("")
	trail, err := st.Audit(id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range trail {
		got = append(got, e.User+" "+e.Action)
	}
	want := []string{"管理员 新建", "张三 保存", "张三 恢复旧版本", "张三 删除", "张三 恢复删除"}
	if !slices.Equal(got, want) {
		t.Fatalf("trail %v, want %v", got, want)
	}
	if r := trail[2]; len(r.Changes) != 1 || r.Changes[0].Path != "signoff.phone" || r.Note != "恢复自版本1" {
		t.Errorf("restore entry %+v", r)
	}

	// A trail that cannot be written refuses the change itself.
	breakAuditTrail(t, db, id)
	_, m, _ = s.Get(id)
	f.Signoff.Phone = "1"
	for name, write := range map[string]func() error{
		"save":     func() error { _, err := s.Save(id, m.Revision, f); return err },
		"autosave": func() error { _, err := s.Autosave(id, m.Revision, f); return err },
		"restore":  func() error { _, err := s.Restore(id, 2); return err },
		"name":     func() error { _, err := s.NameRevision(id, 1, "初稿"); return err },
		"delete":   func() error { return s.Delete(id) },
	} {
		if err := write(); !errors.Is(err, persist.ErrAudit) {
			t.Errorf("%s with a broken audit trail: %v", name, err)
		}
	}
	after, err := st.Meta(id)
	if err != nil || after.Revision != m.Revision || after.Deleted {
		t.Fatalf("filing changed without its audit entry: %+v, %v", after, err)
	}
}

func TestSessionAutosaveAndNames(t *testing.T) {
	b, id, _ := newBackend(t)
	s, _ := b.Session("张三", 1)
	f, m, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, phone := range []string{"1", "12", "123"} {
		f.Signoff.Phone = phone
		if m, err = s.Autosave(id, m.Revision, f); err != nil {
			t.Fatal(err)
		}
	}
	h, err := s.History(id)
	if err != nil || len(h) != 2 || h[0].Revision != 4 || h[0].Note != "自动保存" {
		t.Fatalf("history after three autosaves: %+v, %v", h, err)
	}
	if _, err := s.NameRevision(id, 1, "初稿"); err != nil {
		t.Fatal(err)
	}
	h, _ = s.History(id)
	if h[1].Name != "初稿" {
		t.Fatalf("name not shown: %+v", h)
	}
	// Another unit's session may not name it.
	other, _ := b.Session("李四", 2)
	if _, err := other.NameRevision(id, 1, "x"); !errors.Is(err, ErrDenied) {
		t.Fatalf("ungranted naming: %v", err)
	}
	st, _ := b.store("")
	trail, _ := st.Audit(id)
	autosaves := 0
	for _, e := range trail {
		if e.Action == persist.ActionAutosave {
			autosaves++
			if len(e.Changes) != 1 || e.Changes[0].Path != "signoff.phone" {
				t.Errorf("autosave entry %+v", e)
			}
		}
	}
	if autosaves != 3 {
		t.Errorf("%d autosave entries, want 3", autosaves)
	}
}

func TestBackendRecordsTransfers(t *testing.T) {
	b, id, _ := newBackend(t)
	if err := b.RecordEvent("张三", store.AuditEntry{Filing: id, Action: persist.ActionDownload, Note: "梅溪街道/2024/自评表.xlsx"}); err != nil {
		t.Fatal(err)
	}
	if err := b.RecordEvent("张三", store.AuditEntry{Action: persist.ActionUpload, Note: "上传/梅溪.json"}); err != nil {
		t.Fatal(err)
	}
	st, _ := b.store("")
	trail, _ := st.Audit(id)
	if last := trail[len(trail)-1]; last.Action != persist.ActionDownload || last.User != "张三" || last.Unit != unitMeixi {
		t.Fatalf("download entry %+v", last)
	}
	events, _ := st.Events()
	if last := events[len(events)-1]; last.Action != persist.ActionUpload || last.User != "张三" {
		t.Fatalf("upload entry %+v", last)
	}
}
