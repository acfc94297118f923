package persist

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"jixiao/store"
)

// clockStore returns a store whose clock the test moves.
func clockStore(t *testing.T, user string, start time.Time) (*Store, *time.Time) {
	t.Helper()
	s := newStore(t, Options{User: user})
	s.loc = time.UTC
	clock := start
	s.now = func() time.Time { return clock }
	return s, &clock
}

func revNumbers(t *testing.T, s *Store, id string) []int {
	t.Helper()
	h, err := s.History(id)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, m := range h {
		out = append(out, m.Revision)
	}
	return out
}

func TestAutosavesOfASessionCoalesce(t *testing.T) {
	start := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	s, clock := clockStore(t, "alice", start)
	f := sample(t)
	m, err := s.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	// Three autosaves 2 s apart: one working revision, renumbered each
	// time (2, 3, 4), the replaced ones gone.
	for i := range 3 {
		*clock = start.Add(time.Duration(i+1) * 2 * time.Second)
		f.Signoff.Phone = fmt.Sprint(i)
		if m, err = s.Autosave(m.ID, m.Revision, f); err != nil {
			t.Fatal(err)
		}
	}
	if got := revNumbers(t, s, m.ID); !slices.Equal(got, []int{4, 1}) || m.Revision != 4 || m.Note != "自动保存" || m.Kind != store.KindAutosave {
		t.Fatalf("after 3 autosaves: %v, %+v", got, m)
	}
	if _, _, err := s.GetRevision(m.ID, 3); !errors.Is(err, ErrNotFound) {
		t.Errorf("replaced revision 3 still readable: %v", err)
	}
	// A stale base is a conflict, as for Save.
	stale := f.Clone()
	stale.Signoff.Phone = "stale"
	if _, err := s.Autosave(m.ID, 3, stale); !errors.Is(err, ErrConflict) {
		t.Errorf("stale autosave: %v", err)
	}
	// 10 minutes after the session's first autosave a new revision
	// begins; the old one stays.
	*clock = start.Add(2*time.Second + AutosaveSession)
	f.Signoff.Phone = "later"
	if m, err = s.Autosave(m.ID, m.Revision, f); err != nil {
		t.Fatal(err)
	}
	if got := revNumbers(t, s, m.ID); !slices.Equal(got, []int{5, 4, 1}) {
		t.Fatalf("after the session's 10 minutes: %v", got)
	}
	// An explicit save of what the autosave stored keeps that revision as
	// the save's own; the next autosave adds a revision.
	*clock = clock.Add(time.Second)
	if m, err = s.Save(m.ID, m.Revision, f.Clone()); err != nil || m.Revision != 5 || m.Note != "保存" || m.Kind != store.KindSave {
		t.Fatalf("save after autosave: %+v, %v", m, err)
	}
	f.Signoff.Phone = "after save"
	if m, err = s.Autosave(m.ID, m.Revision, f); err != nil || m.Revision != 6 {
		t.Fatalf("autosave after save: %+v, %v", m, err)
	}
	// Another user's autosave never replaces this user's.
	other, err := Open(s.Path(), Options{User: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	other.loc, other.now = s.loc, s.now
	f.Signoff.Phone = "bob"
	if m, err = other.Autosave(m.ID, m.Revision, f); err != nil || m.Revision != 7 {
		t.Fatalf("bob's autosave: %+v, %v", m, err)
	}
	// A named working revision is not replaced either.
	if _, err := other.NameRevision(m.ID, 7, "鲍勃的稿"); err != nil {
		t.Fatal(err)
	}
	f.Signoff.Phone = "bob 2"
	if m, err = other.Autosave(m.ID, m.Revision, f); err != nil || m.Revision != 8 {
		t.Fatalf("autosave after naming: %+v, %v", m, err)
	}
	if got := revNumbers(t, s, m.ID); !slices.Equal(got, []int{8, 7, 6, 5, 4, 1}) {
		t.Fatalf("history %v", got)
	}
	// Unchanged: nothing written.
	if again, err := other.Autosave(m.ID, m.Revision, f.Clone()); err != nil || again.Revision != 8 {
		t.Fatalf("unchanged autosave: %+v, %v", again, err)
	}
}

func TestNamedVersions(t *testing.T) {
	s, clock := clockStore(t, "alice", time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	f := sample(t)
	m, err := s.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		*clock = clock.Add(time.Minute)
		f.Signoff.Phone = fmt.Sprint(i)
		if m, err = s.Save(m.ID, m.Revision, f); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.NameRevision(strings.ToUpper(m.ID), 2, "  提交财政局 ")
	if err != nil || n.Revision != 2 || n.Name != "提交财政局" || n.LatestNamedRev != 2 {
		t.Fatalf("name: %+v, %v", n, err)
	}
	ms, _ := s.List()
	if ms[0].LatestName != "提交财政局" || ms[0].LatestNamedRev != 2 || ms[0].Name != "" {
		t.Fatalf("list: %+v", ms[0])
	}
	if _, err := s.NameRevision(m.ID, 4, "终稿"); err != nil {
		t.Fatal(err)
	}
	if mm, _ := s.Meta(m.ID); mm.Name != "终稿" || mm.LatestName != "终稿" {
		t.Fatalf("head named: %+v", mm)
	}
	// A new revision keeps the filing's newest named version.
	f.Signoff.Phone = "x"
	if m, err = s.Save(m.ID, m.Revision, f); err != nil || m.LatestName != "终稿" || m.Name != "" {
		t.Fatalf("save after naming: %+v, %v", m, err)
	}
	// Removing the newest name falls back to the one before.
	if _, err := s.NameRevision(m.ID, 4, ""); err != nil {
		t.Fatal(err)
	}
	if mm, _ := s.Meta(m.ID); mm.LatestName != "提交财政局" || mm.LatestNamedRev != 2 {
		t.Fatalf("after unnaming: %+v", mm)
	}
	h, _ := s.History(m.ID)
	var names []string
	for _, r := range h {
		names = append(names, fmt.Sprintf("%d:%s", r.Revision, r.Name))
	}
	if strings.Join(names, " ") != "5: 4: 3: 2:提交财政局 1:" {
		t.Fatalf("history names %v", names)
	}
	for _, bad := range []string{"提交\x1b]52;c;eA==\a", strings.Repeat("名", MaxNameLength+1), "a\u202eb"} {
		_, err := s.NameRevision(m.ID, 3, bad)
		var ne *NameError
		if !errors.Is(err, ErrBadName) || !errors.As(err, &ne) || strings.ContainsAny(err.Error(), "\x1b\u202e") {
			t.Errorf("name %q: %v", bad, err)
		}
	}
	if _, err := s.NameRevision(m.ID, 99, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("name of a missing revision: %v", err)
	}
	if err := s.Delete(m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NameRevision(m.ID, 3, "x"); !errors.Is(err, ErrDeleted) {
		t.Errorf("name in a deleted filing: %v", err)
	}
}

// The "Done when": after 60 autosaves in one session and 60
// `import --replace`, the first revision, a named version and a revision
// from before the session are all still in history. Under the old rule
// (the newest 50 of a day) all three were gone.
func TestHistoryKeepsWhatMattersAfterASessionAndImports(t *testing.T) {
	day := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	s, clock := clockStore(t, "alice", day.Add(-48*time.Hour))
	f := sample(t)
	first, err := s.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	id, m := first.ID, first
	save := func(at time.Time, phone string) {
		t.Helper()
		*clock = at
		f.Signoff.Phone = phone
		if m, err = s.Save(id, m.Revision, f); err != nil {
			t.Fatal(err)
		}
	}
	// Yesterday, before the session: two saves; the earlier is named.
	save(day.Add(-23*time.Hour), "named")
	named := m.Revision
	if _, err := s.NameRevision(id, named, "报送前"); err != nil {
		t.Fatal(err)
	}
	save(day.Add(-16*time.Hour), "before the session")
	before := m.Revision
	// The session: 60 autosaves, 2 s apart.
	sessionStart := day.Add(2 * time.Hour)
	for i := range 60 {
		*clock = sessionStart.Add(time.Duration(i) * 2 * time.Second)
		f.Signoff.Phone = fmt.Sprint("typing ", i)
		if m, err = s.Autosave(id, m.Revision, f); err != nil {
			t.Fatal(err)
		}
	}
	// 60 imports, a minute apart, then a day later.
	for i := range 60 {
		*clock = sessionStart.Add(time.Duration(i+3) * time.Minute)
		f.Signoff.Phone = fmt.Sprint("import ", i)
		if m, err = s.SaveWith(id, m.Revision, f, Imported(fmt.Sprintf("梅溪-%d.json", i))); err != nil {
			t.Fatal(err)
		}
	}
	// The session coalesced: its 60 autosaves left one revision.
	autosaves := 0
	h, _ := s.History(id)
	for _, r := range h {
		if r.Kind == store.KindAutosave {
			autosaves++
		}
	}
	if autosaves != 1 {
		t.Errorf("%d autosave revisions, want 1", autosaves)
	}
	// Right after, a day later, and (for what is never thinned) 100 days
	// later.
	for i, now := range []time.Time{clock.Add(time.Minute), day.Add(30 * time.Hour), day.Add(100 * 24 * time.Hour)} {
		*clock = now
		f.Signoff.Phone = "later " + now.String()
		if m, err = s.Save(id, m.Revision, f); err != nil {
			t.Fatal(err)
		}
		revs := revNumbers(t, s, id)
		for what, rev := range map[string]int{"the first revision": 1, "the named version": named, "the revision from before the session": before} {
			if rev == before && i == 2 {
				continue // yesterday's last revision is kept for 90 days
			}
			if !slices.Contains(revs, rev) {
				t.Errorf("at %s %s (%d) is gone: %v", now.Format(time.DateTime), what, rev, revs)
			}
		}
		imports := 0
		h, _ := s.History(id)
		for _, r := range h {
			if r.Kind == store.KindImport {
				imports++
			}
		}
		if imports != 60 {
			t.Errorf("at %s: %d imports kept, want 60", now.Format(time.DateTime), imports)
		}
	}
}

// A session of autosaves without known changes (the local TUI) leaves one
// audit entry, as it leaves one revision; with changes (serve) every
// autosave keeps its entry.
func TestAutosaveSessionAuditEntries(t *testing.T) {
	start := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	s, clock := clockStore(t, "alice", start)
	f := sample(t)
	m, err := s.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		*clock = start.Add(time.Duration(i+1) * 2 * time.Second)
		f.Signoff.Phone = fmt.Sprint(i)
		if m, err = s.Autosave(m.ID, m.Revision, f); err != nil {
			t.Fatal(err)
		}
	}
	trail, _ := s.Audit(m.ID)
	if got := actions(trail); !slices.Equal(got, []string{ActionCreate, ActionAutosave}) || trail[1].Rev != m.Revision {
		t.Fatalf("local autosave trail %v (last rev %d, want %d)", got, trail[len(trail)-1].Rev, m.Revision)
	}
	for i := range 3 {
		*clock = clock.Add(2 * time.Second)
		old := f.Signoff.Phone
		f.Signoff.Phone = fmt.Sprint("serve ", i)
		if m, err = s.AutosaveWith(m.ID, m.Revision, f, AuditChanges([]store.AuditChange{{Path: "signoff.phone", Old: old, New: f.Signoff.Phone}})); err != nil {
			t.Fatal(err)
		}
	}
	trail, _ = s.Audit(m.ID)
	if len(trail) != 2+3 {
		t.Fatalf("autosaves with changes: %d entries, want 5", len(trail))
	}
}
