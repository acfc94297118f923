package persist

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
	sampledoc "jixiao/internal/sample"
)

// writeV0 builds a schema-version-0 database: one bucket "filings" of
// id → filing@1 document, as development builds wrote it.
func writeV0(t *testing.T, path string, docs map[string][]byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("filings"))
		if err != nil {
			return err
		}
		for id, doc := range docs {
			if err := b.Put([]byte(id), doc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrateV0(t *testing.T) {
	path := filepath.Join(privateDir(t), "jixiao.db")
	meixi := sampledoc.JSON()
	other := domain.NewFiling("旧版单位", 2023)
	otherDoc, _ := domain.Encode(other)
	writeV0(t, path, map[string][]byte{"old-1": meixi, "old-2": otherDoc})
	before := fileHash(t, path)

	// Read-only cannot upgrade.
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrOldSchema) {
		t.Fatalf("read-only Open of v0 = %v, want ErrOldSchema", err)
	}
	if fileHash(t, path) != before {
		t.Fatal("read-only Open modified the file")
	}

	s, err := Open(path, Options{User: "migrator"})
	if err != nil {
		t.Fatal(err)
	}
	// The warning names the copy taken before the upgrade, which is the
	// old file byte for byte in content.
	var backup string
	for _, w := range s.Warnings() {
		if i := strings.Index(w, path+".schema0-"); i >= 0 {
			backup = strings.TrimSpace(w[i:])
		}
	}
	if backup == "" {
		t.Fatalf("no warning names the pre-upgrade copy: %v", s.Warnings())
	}
	db, err := bolt.Open(backup, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("pre-upgrade copy %s: %v", backup, err)
	}
	db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta) != nil || string(tx.Bucket([]byte("filings")).Get([]byte("old-1"))) != string(meixi) {
			t.Error("the pre-upgrade copy is not the v0 database")
		}
		return nil
	})
	db.Close()

	list, err := s.List()
	if err != nil || len(list) != 2 {
		t.Fatalf("List after migration = %+v, %v", list, err)
	}
	f, m, err := s.Get("old-1")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := domain.Decode(meixi)
	if encoded(t, f) != encoded(t, want) || m.Revision != 1 || m.Total != "94.87" || m.User != "migrator" {
		t.Errorf("migrated filing: %+v", m)
	}
	h, _ := s.History("old-2")
	if len(h) != 1 || !strings.Contains(h[0].Note, "迁移") || h[0].Unit != "旧版单位" {
		t.Errorf("history of a migrated filing = %+v", h)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("Check after migration: %v %v", problems, err)
	}
	// Saving works on the migrated filing; opening again does not migrate
	// again.
	f.Signoff.Phone = "0730-0000000"
	if _, err := s.Save("old-1", 1, f); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path, Options{})
	if err != nil || len(s2.Warnings()) != 0 {
		t.Errorf("second Open: %v, warnings %v", err, s2.Warnings())
	}
}

func TestMigrateV0Failure(t *testing.T) {
	path := filepath.Join(privateDir(t), "jixiao.db")
	writeV0(t, path, map[string][]byte{
		"good": []byte(`{"format": "jixiao/filing@1", "year": 2024, "unit": "好"}`),
		"bad":  []byte(`{"format": "jixiao/filing@1", "year": "二〇二四"}`),
	})
	before := fileHash(t, path)
	_, err := Open(path, Options{})
	if err == nil {
		t.Fatal("migration of an unreadable document succeeded")
	}
	mustContain(t, err.Error(), path, "bad", "未修改")
	if fileHash(t, path) != before {
		t.Error("a failed migration modified the database")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("a failed migration left files: %v", entries)
	}
}

func TestNewerSchema(t *testing.T) {
	s := newStore(t, Options{})
	m, _ := s.Create(sample(t))
	// A future jixiao bumps the version.
	err := s.update(func(tx *bolt.Tx, _ *handle) error {
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("7"))
	})
	if err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, s.Path())

	_, err = Open(s.Path(), Options{})
	var se *SchemaError
	if !errors.As(err, &se) || !errors.Is(err, ErrNewerSchema) || se.Version != 7 {
		t.Fatalf("Open of a newer database = %v", err)
	}
	mustContain(t, err.Error(), s.Path(), "更新版本", "7", "只读")

	// A store opened before the upgrade refuses to write.
	if _, err := s.Save(m.ID, 1, domain.NewFiling("x", 2024)); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Save on a newer database = %v", err)
	}
	// Reading is allowed read-only.
	ro, err := Open(s.Path(), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(ro.Warnings()) != 1 || !strings.Contains(ro.Warnings()[0], "更新版本") {
		t.Errorf("warnings = %v", ro.Warnings())
	}
	if f, _, err := ro.Get(m.ID); err != nil || f.Unit != sample(t).Unit {
		t.Errorf("read-only Get of a newer database: %v", err)
	}
	if fileHash(t, s.Path()) != before {
		t.Error("the newer database was modified")
	}
}
