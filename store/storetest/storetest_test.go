package storetest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"jixiao/domain"
	"jixiao/store"
)

// TestSentinels: a missing filing matches store.ErrNotFound, a stale base
// store.ErrConflict, and FailSave fails Save and Autosave alike.
func TestSentinels(t *testing.T) {
	s := New()
	if _, _, err := s.Get("f9"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get of a missing filing: %v", err)
	}
	m, err := s.Create(domain.NewFiling("岳阳市岳阳楼区梅溪街道办事处", 2024))
	if err != nil {
		t.Fatal(err)
	}
	f, _, _ := s.Get(m.ID)
	if _, err := s.Save(m.ID, m.Revision+1, f); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("Save on a stale base: %v", err)
	}
	boom := errors.New("磁盘已满")
	s.FailSave = boom
	if _, err := s.Save(m.ID, m.Revision, f); err != boom {
		t.Fatalf("Save with FailSave: %v", err)
	}
	if _, err := s.Autosave(m.ID, m.Revision, f); err != boom {
		t.Fatalf("Autosave with FailSave: %v", err)
	}
	if s.Saves != 0 {
		t.Fatalf("%d saves counted", s.Saves)
	}
}

// TestAutosaveCoalesces: the contract of store.Autosaver and store.Namer.
func TestAutosaveCoalesces(t *testing.T) {
	now := time.Date(2025, 7, 11, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	s := New()
	s.Now = func() time.Time { return now }
	s.User = "张三"
	m, _ := s.Create(domain.NewFiling("岳阳市岳阳楼区梅溪街道办事处", 2024))
	f := domain.NewFiling("岳阳市岳阳楼区梅溪街道办事处", 2024)
	rev := m.Revision
	for i := range 3 {
		f.Signoff.FilledBy = strings.Repeat("甲", i+1)
		now = now.Add(time.Minute)
		am, err := s.Autosave(m.ID, rev, f)
		if err != nil {
			t.Fatal(err)
		}
		rev = am.Revision
	}
	hs, _ := s.History(m.ID)
	if len(hs) != 2 || hs[0].Revision != 4 || hs[0].Note != NoteAutosave {
		t.Fatalf("three autosaves: %+v", hs)
	}
	if _, err := s.Autosave(m.ID, 2, f); err == nil {
		t.Fatal("a stale base was accepted")
	}
	// 10 minutes on, another user, or a named version start a new one.
	now = now.Add(11 * time.Minute)
	am, _ := s.Autosave(m.ID, rev, f)
	if hs, _ = s.History(m.ID); len(hs) != 3 {
		t.Fatalf("after 10 minutes: %d revisions", len(hs))
	}
	if nm, err := s.NameRevision(m.ID, am.Revision, "提交财政局"); err != nil || nm.Name != "提交财政局" {
		t.Fatalf("name: %+v %v", nm, err)
	}
	am2, _ := s.Autosave(m.ID, am.Revision, f)
	if hs, _ = s.History(m.ID); len(hs) != 4 || hs[1].Name != "提交财政局" {
		t.Fatalf("a named version was replaced: %+v", hs)
	}
	s.User = "李四"
	s.Autosave(m.ID, am2.Revision, f)
	if hs, _ = s.History(m.ID); len(hs) != 5 {
		t.Fatalf("another user's autosave replaced: %d revisions", len(hs))
	}
	if _, err := s.NameRevision(m.ID, 99, "x"); err == nil {
		t.Fatal("named a missing revision")
	}
}
