package persist

import (
	"errors"
	"strings"
	"testing"

	"jixiao/store"
)

func TestSaveAuditedAndTrail(t *testing.T) {
	s := newStore(t, Options{User: "张三"})
	f := sample(t)
	m, err := s.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	g := f.Clone()
	g.Signoff.Phone = "0571-12345678"
	ch := []store.AuditChange{{Path: "signoff.phone", Label: "联系电话", Old: f.Signoff.Phone, New: g.Signoff.Phone}}
	m2, err := s.SaveAudited(m.ID, 1, g, ch)
	if err != nil || m2.Revision != 2 {
		t.Fatalf("save: %v %+v", err, m2)
	}
	// Identical content: nothing written, no entry.
	if _, err := s.SaveAudited(m.ID, 2, g.Clone(), ch); err != nil {
		t.Fatal(err)
	}
	// Stale base: conflict, no revision, no entry.
	h := g.Clone()
	h.Signoff.Phone = "1"
	if _, err := s.SaveAudited(m.ID, 1, h, ch); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale save: %v", err)
	}
	trail, err := s.Audit(strings.ToUpper(m.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) != 2 || trail[0].Action != "新建" || trail[1].Action != "保存" || trail[1].Rev != 2 ||
		trail[1].User != "张三" || len(trail[1].Changes) != 1 || trail[1].Changes[0].New != "0571-12345678" {
		t.Fatalf("trail: %+v", trail)
	}
	if _, err := s.Audit("nosuch"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestAuditBounded(t *testing.T) {
	s := newStore(t, Options{User: "u"})
	m, err := s.Create(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("绩", 5000)
	var cs []store.AuditChange
	for range MaxAuditChanges + 7 {
		cs = append(cs, store.AuditChange{Path: "x", Old: big, New: big})
	}
	if err := s.RecordAudit(store.AuditEntry{Filing: m.ID, Action: "保存", Changes: cs}); err != nil {
		t.Fatal(err)
	}
	trail, err := s.Audit(m.ID)
	if err != nil || len(trail) != 2 {
		t.Fatal(len(trail), err)
	}
	e := trail[1]
	if len(e.Changes) != MaxAuditChanges || e.Omitted != 7 || len(e.Changes[0].Old) > MaxAuditValue || !strings.HasSuffix(e.Changes[0].Old, "…") {
		t.Fatalf("not bounded: %d changes, omitted %d, value %d bytes", len(e.Changes), e.Omitted, len(e.Changes[0].Old))
	}
}
