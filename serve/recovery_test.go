package serve

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"jixiao/tui"
)

// driveUntil runs cmd and every command that follows from it, each in its
// own goroutine, feeding their messages to m until done holds. Timers do
// not answer before done holds and are left behind; after 10 s without
// done the test fails with the screen.
func driveUntil(t *testing.T, m *tui.Model, cmd tea.Cmd, done func() bool) {
	t.Helper()
	msgs := make(chan tea.Msg, 256)
	run := func(c tea.Cmd) {
		if c != nil {
			go func() { msgs <- c() }()
		}
	}
	run(cmd)
	deadline := time.After(10 * time.Second)
	for !done() {
		select {
		case msg := <-msgs:
			switch msg := msg.(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range msg {
					run(c)
				}
			default:
				_, next := m.Update(msg)
				run(next)
			}
		case <-deadline:
			t.Fatalf("gave up waiting; the screen:\n%s", screenOf(m))
		}
	}
}

func screenOf(m *tui.Model) string { return ansi.Strip(m.View().Content) }

// TestRecoveredDraftOfDeletedFilingSavedAsNew is the regression test of
// the drifted adapters: under serve, restoring (r) the recovery draft of a
// filing deleted since must save the draft as a new filing, as it does
// locally. It goes through the TUI's restore path on a real SessionStore;
// it failed while SessionStore's errors for a deleted filing did not
// match the TUI's not-found sentinel (the TUI then reported "草稿未能恢复"
// and kept the file).
func TestRecoveredDraftOfDeletedFilingSavedAsNew(t *testing.T) {
	b, id, db := newBackend(t)
	s, err := b.Session("张三", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	draft := sampleFiling(t)
	draft.Signoff.Phone = "0730-7654321"
	rec := &tui.Recovery{DB: db, Dirs: []string{t.TempDir()}}
	when := time.Date(2025, 7, 11, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	if _, err := rec.Write(id, 1, "张三", draft, nil, when); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}

	m := tui.New(tui.Options{Store: s, Locks: s, Recovery: rec, User: "张三", Profile: colorprofile.Ascii,
		Width: 120, Height: 40, Now: func() time.Time { return when }})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	driveUntil(t, m, m.Init(), func() bool { return strings.Contains(screenOf(m), "发现未保存的草稿") })
	_, cmd := m.Update(tea.KeyPressMsg{Code: 'r', Text: "r"})
	driveUntil(t, m, cmd, func() bool {
		return strings.Contains(screenOf(m), "已恢复草稿") || strings.Contains(screenOf(m), "未能恢复")
	})

	if scr := screenOf(m); !strings.Contains(scr, "原填报在数据库中已找不到，草稿另存为新填报") {
		t.Fatalf("the draft was not saved as a new filing:\n%s", scr)
	}
	ms, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].ID == id {
		t.Fatalf("filings after the restore: %+v; want one new filing", ms)
	}
	got, _, err := s.Get(ms[0].ID)
	if err != nil || got.Signoff.Phone != "0730-7654321" {
		t.Fatalf("new filing: phone %q, %v; want the draft's", got.Signoff.Phone, err)
	}
	if drafts, _ := rec.Load(); len(drafts) != 0 {
		t.Fatalf("recovery file kept after the restore: %+v", drafts)
	}
}
