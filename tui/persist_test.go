package tui

import (
	"path/filepath"
	"strings"
	"testing"

	"jixiao/persist"
)

// TestPersistStoreIsTheTUIsStore: *persist.Store is the TUI's store with
// no adapter. Restoring the recovery draft of a filing deleted since
// saves it as a new filing, because persist's error for a deleted filing
// matches ErrNotFound.
func TestPersistStoreIsTheTUIsStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "jixiao.db")
	st, err := persist.Open(db, persist.Options{User: "张三"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	meta, err := st.Create(loadSample(t))
	if err != nil {
		t.Fatal(err)
	}
	rec := testRecovery(t)
	g := loadSample(t)
	g.Signoff.Phone = "0730-7654321"
	if _, err := rec.Write(meta.ID, meta.Revision, "张三", g, nil, base); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(meta.ID); err != nil {
		t.Fatal(err)
	}
	m := startWithDrafts(t, st, rec)
	press(m, "r")
	if s := screenText(m); !strings.Contains(s, "原填报在数据库中已找不到，草稿另存为新填报") {
		t.Fatalf("after restore:\n%s", s)
	}
	ms, err := st.List()
	if err != nil || len(ms) != 1 || ms[0].ID == meta.ID {
		t.Fatalf("filings %+v, %v; want one new filing", ms, err)
	}
	if f, _, err := st.Get(ms[0].ID); err != nil || f.Signoff.Phone != "0730-7654321" {
		t.Fatalf("new filing: %v", err)
	}
}
