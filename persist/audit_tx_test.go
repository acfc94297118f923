package persist

import (
	"errors"
	"slices"
	"testing"

	"jixiao/store"
)

// actions returns the actions of a trail.
func actions(trail []store.AuditEntry) []string {
	var out []string
	for _, e := range trail {
		out = append(out, e.Action)
	}
	return out
}

func TestEveryWriteIsAudited(t *testing.T) {
	s := newStore(t, Options{User: "alice"})
	f := sample(t)
	m, err := s.CreateWith(f, Imported("meixi-2024.json"))
	if err != nil {
		t.Fatal(err)
	}
	g := f.Clone()
	g.Signoff.Phone = "1"
	if m, err = s.Save(m.ID, m.Revision, g); err != nil {
		t.Fatal(err)
	}
	g = g.Clone()
	g.Signoff.Phone = "2"
	if m, err = s.Autosave(m.ID, m.Revision, g); err != nil {
		t.Fatal(err)
	}
	if m, err = s.Restore(m.ID, 1); err != nil {
		t.Fatal(err)
	}
	if _, err = s.NameRevision(m.ID, 1, "初稿"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(m.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Undelete(m.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordEvent(store.AuditEntry{Filing: m.ID, Action: ActionDownload, Note: "梅溪街道/2024/自评表.xlsx"}); err != nil {
		t.Fatal(err)
	}
	trail, err := s.Audit(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ActionImport, ActionSave, ActionAutosave, ActionRestore, ActionName, ActionDelete, ActionUndelete, ActionDownload}
	if got := actions(trail); !slices.Equal(got, want) {
		t.Fatalf("trail %v, want %v", got, want)
	}
	for _, e := range trail {
		if e.User != "alice" || e.Unit != f.Unit || e.Filing != m.ID {
			t.Errorf("entry %+v: want user alice, unit and filing set", e)
		}
	}
	if trail[0].Note != "导入 meixi-2024.json" || trail[3].Note != "恢复自版本1" || trail[4].Note != "初稿" {
		t.Errorf("notes: %q %q %q", trail[0].Note, trail[3].Note, trail[4].Note)
	}

	// Grants and uploads go to the event log.
	if err := s.Grant("张三", f.Unit); err != nil {
		t.Fatal(err)
	}
	if had, err := s.Revoke("张三", f.Unit); err != nil || !had {
		t.Fatal(had, err)
	}
	if err := s.RecordEvent(store.AuditEntry{Action: ActionUpload, User: "张三", Note: "上传/梅溪.json"}); err != nil {
		t.Fatal(err)
	}
	events, err := s.Events()
	if err != nil {
		t.Fatal(err)
	}
	if got := actions(events); !slices.Equal(got, []string{ActionGrant, ActionRevoke, ActionUpload}) {
		t.Fatalf("events %v", got)
	}
	if events[0].Grantee != "张三" || events[0].Unit != f.Unit || events[0].User != "alice" || events[2].User != "张三" {
		t.Errorf("events %+v", events)
	}
	// The event log is not a filing's trail.
	if _, err := s.Audit("*"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Audit(*) = %v, want ErrNotFound", err)
	}
	if err := s.RecordEvent(store.AuditEntry{Filing: "nosuch", Action: ActionDownload}); !errors.Is(err, ErrNotFound) {
		t.Errorf("event of an unknown filing: %v", err)
	}
}

func TestFailedAuditFailsTheWrite(t *testing.T) {
	s := newStore(t, Options{User: "alice"})
	f := sample(t)
	m, err := s.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	g := f.Clone()
	g.Signoff.Phone = "1"
	if m, err = s.Save(m.ID, m.Revision, g); err != nil {
		t.Fatal(err)
	}
	fault := errors.New("disk full")
	auditFault = func(store.AuditEntry) error { return fault }
	defer func() { auditFault = nil }()

	h := g.Clone()
	h.Signoff.Phone = "2"
	for name, write := range map[string]func() error{
		"create":   func() error { _, err := s.Create(f); return err },
		"save":     func() error { _, err := s.Save(m.ID, m.Revision, h); return err },
		"autosave": func() error { _, err := s.Autosave(m.ID, m.Revision, h); return err },
		"import":   func() error { _, err := s.SaveWith(m.ID, m.Revision, h, Imported("x.json")); return err },
		"restore":  func() error { _, err := s.Restore(m.ID, 1); return err },
		"name":     func() error { _, err := s.NameRevision(m.ID, 1, "初稿"); return err },
		"delete":   func() error { return s.Delete(m.ID) },
		"grant":    func() error { return s.Grant("张三", f.Unit) },
		"event":    func() error { return s.RecordEvent(store.AuditEntry{Action: ActionUpload}) },
	} {
		err := write()
		var ae *AuditError
		if !errors.Is(err, ErrAudit) || !errors.As(err, &ae) || !errors.Is(err, fault) {
			t.Errorf("%s with a failing audit: %v", name, err)
		}
	}
	auditFault = nil
	// Nothing was written.
	ms, _ := s.List()
	if len(ms) != 1 || ms[0].Revision != 2 || ms[0].Deleted {
		t.Fatalf("store changed: %+v", ms)
	}
	if h, _ := s.History(m.ID); len(h) != 2 || h[1].Name != "" {
		t.Fatalf("history changed: %+v", h)
	}
	if units, _ := s.Grants("张三"); len(units) != 0 {
		t.Fatalf("grant written: %v", units)
	}
	trail, _ := s.Audit(m.ID)
	if got := actions(trail); !slices.Equal(got, []string{ActionCreate, ActionSave}) {
		t.Fatalf("trail %v", got)
	}
	// Undelete too.
	if err := s.Delete(m.ID); err != nil {
		t.Fatal(err)
	}
	auditFault = func(store.AuditEntry) error { return fault }
	if err := s.Undelete(m.ID); !errors.Is(err, ErrAudit) {
		t.Errorf("undelete with a failing audit: %v", err)
	}
	auditFault = nil
	if mm, _ := s.Meta(m.ID); !mm.Deleted {
		t.Error("undelete written without its audit entry")
	}
}
