package persist

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
	"jixiao/store"
)

func TestCreateGetRoundTrip(t *testing.T) {
	s := newStore(t, Options{User: "张三"})
	for _, tc := range []struct {
		name string
		f    *domain.Filing
	}{
		{"sample", sample(t)},
		{"30 projects", bigFiling(t, 30)},
		{"empty", domain.NewFiling("空白单位", 2025)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := s.CreateWith(tc.f, Note("导入 test.json"))
			if err != nil {
				t.Fatal(err)
			}
			if m.Revision != 1 || m.User != "张三" || m.Note != "导入 test.json" || m.Unit != tc.f.Unit || m.Year != tc.f.Year {
				t.Errorf("meta = %+v", m)
			}
			got, gm, err := s.Get(m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if encoded(t, got) != encoded(t, tc.f) {
				t.Error("stored filing differs from the one created")
			}
			if gm != m {
				t.Errorf("Get meta = %+v, Create meta = %+v", gm, m)
			}
		})
	}
}

func TestMetaScore(t *testing.T) {
	s := newStore(t, Options{})
	m, err := s.Create(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	if m.Total != "94.87" || m.Grade != "优" {
		t.Errorf("total, grade = %s, %s; want 94.87, 优", m.Total, m.Grade)
	}
	if m.Errors == 0 {
		t.Error("the sample's missing 附件3 table should count as an error")
	}
}

func TestIDs(t *testing.T) {
	s := newStore(t, Options{})
	valid := regexp.MustCompile(`^[` + idAlphabet + `]{6}$`)
	seen := map[string]bool{}
	for range 20 {
		m, err := s.Create(domain.NewFiling("单位", 2024))
		if err != nil {
			t.Fatal(err)
		}
		if !valid.MatchString(m.ID) {
			t.Errorf("id %q is not 6 characters of %s", m.ID, idAlphabet)
		}
		if strings.ContainsAny(m.ID, "0o1l") {
			t.Errorf("id %q has an ambiguous character", m.ID)
		}
		if seen[m.ID] {
			t.Errorf("id %q given twice", m.ID)
		}
		seen[m.ID] = true
	}
	for id := range seen {
		// as typed in a hurry
		if _, _, err := s.Get("  " + strings.ToUpper(id) + " "); err != nil {
			t.Errorf("Get(upper-case %s): %v", id, err)
		}
		break
	}
	n := 0
	id, err := newID(func(string) bool { n++; return n < 5 })
	if err != nil || n != 5 || len(id) != idLength {
		t.Errorf("newID retried %d times, got %q, %v", n, id, err)
	}
	if _, err := newID(func(string) bool { return true }); err == nil {
		t.Error("newID with every id taken did not fail")
	}
}

func TestSaveConflictAndIdentical(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jixiao.db")
	a, err := Open(path, Options{User: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(path, Options{User: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.Create(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	fa, ma, _ := a.Get(m.ID)
	fb, mb, _ := b.Get(m.ID)

	fa.Signoff.Phone = "0730-1111111"
	ma2, err := a.Save(m.ID, ma.Revision, fa)
	if err != nil || ma2.Revision != 2 || ma2.User != "alice" {
		t.Fatalf("first save: %+v, %v", ma2, err)
	}
	// Bob's change is based on revision 1: refused, nothing written.
	fb.Signoff.Phone = "0730-2222222"
	_, err = b.Save(m.ID, mb.Revision, fb)
	var ce *ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) {
		t.Fatalf("stale save: err = %v, want *ConflictError", err)
	}
	if ce.Base != 1 || ce.Current.Revision != 2 || ce.Current.User != "alice" || ce.ID != m.ID {
		t.Errorf("conflict = %+v", ce)
	}
	mustContain(t, ce.Error(), m.ID, "alice", "版本 2", "版本 1")
	got, gm, _ := a.Get(m.ID)
	if got.Signoff.Phone != "0730-1111111" || gm.Revision != 2 {
		t.Errorf("after the refused save: phone %s rev %d", got.Signoff.Phone, gm.Revision)
	}

	// Saving the same content again writes nothing, whatever the base.
	for _, base := range []int{2, 1} {
		same, err := a.Save(m.ID, base, fa)
		if err != nil || same.Revision != 2 {
			t.Errorf("identical save on base %d: %+v, %v", base, same, err)
		}
	}
	h, _ := a.History(m.ID)
	if len(h) != 2 {
		t.Errorf("history has %d revisions, want 2", len(h))
	}

	// Bob reloads and saves on top.
	fb, mb, _ = b.Get(m.ID)
	fb.Signoff.UnitHead = "王五"
	if mb2, err := b.Save(m.ID, mb.Revision, fb); err != nil || mb2.Revision != 3 {
		t.Errorf("save after reload: %+v, %v", mb2, err)
	}
}

func TestHistoryRestore(t *testing.T) {
	s := newStore(t, Options{User: "u"})
	f := sample(t)
	m, err := s.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{1: encoded(t, f)}
	for i := 2; i <= 5; i++ {
		f.Signoff.FilledBy = strings.Repeat("改", i)
		if m, err = s.Save(m.ID, m.Revision, f); err != nil {
			t.Fatal(err)
		}
		want[i] = encoded(t, f)
	}
	h, err := s.History(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 5 || h[0].Revision != 5 || h[4].Revision != 1 {
		t.Fatalf("history = %+v", h)
	}
	for i := 1; i < len(h); i++ {
		if h[i].Updated.After(h[i-1].Updated) {
			t.Error("history is not newest first")
		}
	}
	for rev, text := range want {
		got, gm, err := s.GetRevision(m.ID, rev)
		if err != nil || gm.Revision != rev || encoded(t, got) != text {
			t.Errorf("GetRevision(%d): rev %d, err %v, equal %v", rev, gm.Revision, err, err == nil && encoded(t, got) == text)
		}
	}
	if _, _, err := s.GetRevision(m.ID, 99); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetRevision(99) = %v, want ErrNotFound", err)
	}

	r, err := s.Restore(m.ID, 2)
	if err != nil || r.Revision != 6 || r.Note != "恢复自版本2" || r.Kind != store.KindRestore {
		t.Fatalf("Restore(2) = %+v, %v", r, err)
	}
	got, _, _ := s.Get(m.ID)
	if encoded(t, got) != want[2] {
		t.Error("restored content differs from revision 2")
	}
	// Restoring what is already current writes nothing.
	if again, err := s.Restore(m.ID, 2); err != nil || again.Revision != 6 {
		t.Errorf("second Restore(2) = %+v, %v", again, err)
	}
	if _, err := s.Restore(m.ID, 42); !errors.Is(err, ErrNotFound) {
		t.Errorf("Restore(42) = %v, want ErrNotFound", err)
	}
	if _, err := s.Restore("nosuch", 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("Restore(nosuch) = %v", err)
	}
}

func TestDeleteUndeletePurge(t *testing.T) {
	s := newStore(t, Options{})
	now := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	keep, _ := s.Create(domain.NewFiling("保留单位", 2024))
	gone, _ := s.Create(sample(t))

	if err := s.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	list, _ := s.List()
	if len(list) != 1 || list[0].ID != keep.ID {
		t.Errorf("List after delete = %+v", list)
	}
	del, _ := s.ListDeleted()
	if len(del) != 1 || del[0].ID != gone.ID || !del[0].Deleted || !del[0].DeletedAt.Equal(now) {
		t.Errorf("ListDeleted = %+v", del)
	}
	_, _, err := s.Get(gone.ID)
	var de *DeletedError
	if !errors.As(err, &de) || !errors.Is(err, ErrNotFound) || !errors.Is(err, ErrDeleted) {
		t.Fatalf("Get(deleted) = %v", err)
	}
	mustContain(t, err.Error(), gone.ID, "2025-05-30")
	if _, err := s.Save(gone.ID, 1, sample(t)); !errors.Is(err, ErrDeleted) {
		t.Errorf("Save(deleted) = %v", err)
	}
	if err := s.Delete(gone.ID); !errors.Is(err, ErrDeleted) {
		t.Errorf("second Delete = %v", err)
	}
	// Its history stays readable.
	if h, err := s.History(gone.ID); err != nil || len(h) != 1 || !h[0].Deleted {
		t.Errorf("History(deleted) = %+v, %v", h, err)
	}

	if err := s.Undelete(gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Undelete(gone.ID); !errors.Is(err, ErrNotDeleted) {
		t.Errorf("Undelete(not deleted) = %v", err)
	}
	if f, _, err := s.Get(gone.ID); err != nil || f.Unit != sample(t).Unit {
		t.Errorf("Get after undelete: %v", err)
	}

	// Deleted, then kept for DeletedRetention; the next Create or Delete
	// after that purges it.
	if err := s.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	now = now.Add(DeletedRetention - time.Hour)
	s.Create(domain.NewFiling("另一个", 2024))
	if err := s.Undelete(gone.ID); err != nil {
		t.Fatalf("undelete just before the retention ends: %v", err)
	}
	s.Delete(gone.ID)
	now = now.Add(DeletedRetention + time.Hour)
	if _, err := s.Create(domain.NewFiling("再一个", 2024)); err != nil {
		t.Fatal(err)
	}
	if err := s.Undelete(gone.ID); !errors.Is(err, ErrNotFound) || errors.Is(err, ErrDeleted) {
		t.Errorf("Undelete after the retention = %v, want not found", err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("Check after purge: %v %v", problems, err)
	}
}

func TestGetAllAndListOrder(t *testing.T) {
	s := newStore(t, Options{})
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s.now = func() time.Time { now = now.Add(time.Minute); return now }
	var ids []string
	for i := range 5 {
		m, err := s.Create(domain.NewFiling("单位", 2020+i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	f, m, _ := s.Get(ids[1])
	f.Unit = "改过名的单位"
	s.Save(ids[1], m.Revision, f)
	s.Delete(ids[3])

	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ids[1], ids[4], ids[2], ids[0]}
	var got []string
	for _, m := range list {
		got = append(got, m.ID)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("List order = %v, want %v", got, want)
	}
	metas, filings, err := s.GetAll()
	if err != nil || len(metas) != 4 || len(filings) != 4 {
		t.Fatalf("GetAll: %d %d %v", len(metas), len(filings), err)
	}
	if metas[0].ID != ids[1] || filings[0].Unit != "改过名的单位" || list[0].Unit != "改过名的单位" {
		t.Errorf("GetAll[0] = %+v %s", metas[0], filings[0].Unit)
	}
}

func TestNotFoundAndMessages(t *testing.T) {
	s := newStore(t, Options{})
	_, _, err := s.Get("abc234")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(missing) = %v", err)
	}
	mustContain(t, err.Error(), "abc234", s.Path())

	le := &LockedError{Path: "/srv/j.db", User: "alice", PID: 123, Since: time.Date(2025, 1, 1, 15, 4, 5, 0, time.Local), Waited: 2 * time.Second}
	for _, e := range []error{
		&ConflictError{ID: "abc234", Base: 1, Current: store.Meta{Revision: 2, User: "bob"}},
		le,
		&LockedError{Path: "/srv/j.db", Waited: 1500 * time.Millisecond},
		&NotDatabaseError{Path: "/srv/j.db", Reason: "文件是空的"},
		&SchemaError{Path: "/srv/j.db", Version: 9, Supported: 1},
		&SchemaError{Path: "/srv/j.db", Version: 0, Supported: 1},
		&NotFoundError{Path: "/srv/j.db", ID: "abc234"},
		&NotFoundError{Path: "/srv/j.db", ID: "abc234", Rev: 7},
		&DeletedError{ID: "abc234", DeletedAt: time.Now()},
		&FileError{Op: "打开数据库", Path: "/srv/j.db", Err: fs.ErrPermission},
		&existsError{path: "/srv/b.db"},
	} {
		msg := e.Error()
		if !hasCJK(msg) {
			t.Errorf("%T message is not Chinese: %s", e, msg)
		}
		if !strings.Contains(msg, "/srv/") && !strings.Contains(msg, "abc234") {
			t.Errorf("%T message names neither path nor id: %s", e, msg)
		}
	}
	mustContain(t, le.Error(), "alice", "123", "15:04:05", "2 秒")
	if !errors.Is(&SchemaError{Version: 9, Supported: 1}, ErrNewerSchema) || errors.Is(&SchemaError{Version: 0, Supported: 1}, ErrNewerSchema) {
		t.Error("SchemaError.Is is wrong")
	}
}

func TestReadOnlyAndClosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jixiao.db")
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("read-only Open of a missing database = %v, want not exist", err)
	}
	if _, err := Open(path, Options{NoCreate: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("NoCreate Open of a missing database = %v, want not exist", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("a read-only Open created the database")
	}
	rw, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := rw.Create(sample(t))
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ro.Get(m.ID); err != nil {
		t.Errorf("read-only Get: %v", err)
	}
	if _, err := ro.Create(sample(t)); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only Create = %v", err)
	}
	if err := ro.Delete(m.ID); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only Delete = %v", err)
	}
	rw.Close()
	if _, err := rw.List(); !errors.Is(err, ErrClosed) {
		t.Errorf("List after Close = %v", err)
	}
}

func TestDatabaseRemovedWhileOpen(t *testing.T) {
	s := newStore(t, Options{})
	m, _ := s.Create(sample(t))
	if err := os.Remove(s.Path()); err != nil {
		t.Fatal(err)
	}
	_, err := s.Save(m.ID, 1, domain.NewFiling("x", 2024))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Save after the file was removed = %v", err)
	}
	mustContain(t, err.Error(), s.Path(), "不存在")
	if _, err := os.Stat(s.Path()); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a save recreated a removed database (it must not silently start an empty one)")
	}
}

func TestDefaultPath(t *testing.T) {
	home := t.TempDir()
	for _, tc := range []struct {
		name, db, xdg, want string
	}{
		{"JIXIAO_DB wins", "/srv/j.db", "/x", "/srv/j.db"},
		{"XDG_DATA_HOME", "", "/data", "/data/jixiao/jixiao.db"},
		{"relative XDG_DATA_HOME is ignored", "", "rel", filepath.Join(home, ".local/share/jixiao/jixiao.db")},
		{"home", "", "", filepath.Join(home, ".local/share/jixiao/jixiao.db")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("HOME", home)
			t.Setenv("JIXIAO_DB", tc.db)
			t.Setenv("XDG_DATA_HOME", tc.xdg)
			got, err := DefaultPath()
			if err != nil || got != tc.want {
				t.Errorf("DefaultPath() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestBackup(t *testing.T) {
	s := newStore(t, Options{})
	m, _ := s.Create(bigFiling(t, 3))
	f, _, _ := s.Get(m.ID)
	f.Unit = "第二版"
	s.Save(m.ID, 1, f)
	dst := filepath.Join(t.TempDir(), "备份.db")
	if err := s.Backup(dst); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dst)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup: %v, mode %v", err, fi.Mode())
	}
	b, err := Open(dst, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if problems, err := b.Check(); err != nil || len(problems) > 0 {
		t.Errorf("Check(backup) = %v, %v", problems, err)
	}
	got, gm, err := b.Get(m.ID)
	if err != nil || gm.Revision != 2 || got.Unit != "第二版" {
		t.Errorf("backup Get: %+v %v", gm, err)
	}
	before := fileHash(t, dst)
	err = s.Backup(dst)
	if !errors.Is(err, ErrExists) {
		t.Errorf("Backup over an existing file = %v, want ErrExists", err)
	}
	mustContain(t, err.Error(), dst, "不会覆盖")
	if fileHash(t, dst) != before {
		t.Error("Backup changed an existing file")
	}
	if err := s.Backup(filepath.Join(t.TempDir(), "no", "such", "dir", "b.db")); err == nil {
		t.Error("Backup into a missing directory succeeded")
	}
	entries, _ := os.ReadDir(filepath.Dir(dst))
	if len(entries) != 1 {
		t.Errorf("backup left temporary files: %v", entries)
	}
}

func TestCheckFindsDamagedDocument(t *testing.T) {
	s := newStore(t, Options{})
	m, _ := s.Create(sample(t))
	if problems, err := s.Check(); err != nil || len(problems) != 0 {
		t.Fatalf("Check of a good database = %v, %v", problems, err)
	}
	// Replace the stored document by another one: it still decompresses
	// and decodes, but no longer matches its recorded hash.
	other, _ := prepare(domain.NewFiling("别的", 2024))
	err := s.update(func(tx *bolt.Tx, _ *handle) error {
		return tx.Bucket(bucketDocs).Bucket([]byte(m.ID)).Put(revKey(1), other.doc)
	})
	if err != nil {
		t.Fatal(err)
	}
	problems, err := s.Check()
	if err != nil || len(problems) != 1 {
		t.Fatalf("Check = %v, %v; want one problem", problems, err)
	}
	mustContain(t, problems[0], m.ID, "版本 1", "校验值")
	if _, _, err := s.Get(m.ID); !errors.Is(err, ErrNotDatabase) {
		t.Errorf("Get of a damaged document = %v", err)
	}
}
