package ptytest_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"jixiao/domain"
	"jixiao/internal/ptytest"
	"jixiao/persist"
)

// exitUnit is the unit of the filing the exit tests type into.
const exitUnit = "梅溪街道退出测试"

// newExitDB creates a database holding one empty filing and returns its
// path and the filing's id.
func newExitDB(t *testing.T, home string) (string, string) {
	t.Helper()
	db := filepath.Join(home, "jixiao.db")
	s, err := persist.Open(db, persist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m, err := s.Create(domain.NewFiling(exitUnit, 2024))
	if err != nil {
		t.Fatal(err)
	}
	return db, m.ID
}

// storedFiling reads the newest revision of id.
func storedFiling(t *testing.T, db, id string) *domain.Filing {
	t.Helper()
	s, err := persist.Open(db, persist.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("open %s: %v", db, err)
	}
	defer s.Close()
	f, _, err := s.Get(id)
	if err != nil {
		t.Fatalf("get %s: %v", id, err)
	}
	return f
}

// openFilledBy starts the TUI on db, opens the filing and moves the focus
// to 填表人.
func openFilledBy(t *testing.T, bin, db, home string) *ptytest.Term {
	t.Helper()
	term := ptytest.Start(t, ptytest.Options{Binary: bin, DB: db, Home: home})
	if _, err := term.Wait(func(scr string) bool { return strings.Contains(focusLine(scr), exitUnit) }, waitLong); err != nil {
		t.Fatalf("the list: %v\n%s", err, term.Screen())
	}
	term.Type(ptytest.KeyEnter)
	if _, err := term.Wait(func(scr string) bool { return strings.Contains(focusLine(scr), "预算单位名称") }, waitLong); err != nil {
		t.Fatalf("the wizard: %v\n%s", err, term.Screen())
	}
	term.Type(ptytest.KeyTab + ptytest.KeyTab)
	if _, err := term.Wait(func(scr string) bool { return strings.Contains(focusLine(scr), "填表人") }, waitLong); err != nil {
		t.Fatalf("focus on 填表人: %v\n%s", err, term.Screen())
	}
	return term
}

// TestSignalsSaveTyping types into 填表人 and, well before the 2-second
// autosave, ends the session by SIGHUP, SIGTERM, SIGINT or by closing the
// pty's master (a closed terminal window, a dropped SSH connection): each
// time everything typed must be stored.
func TestSignalsSaveTyping(t *testing.T) {
	bin := ptytest.Build(t)
	ways := []struct {
		name string
		end  func(*ptytest.Term) error
	}{
		{"SIGHUP", func(term *ptytest.Term) error { return term.Signal(syscall.SIGHUP) }},
		{"SIGTERM", func(term *ptytest.Term) error { return term.Signal(syscall.SIGTERM) }},
		{"SIGINT", func(term *ptytest.Term) error { return term.Signal(syscall.SIGINT) }},
		{"closed pty", func(term *ptytest.Term) error { term.CloseMaster(); return nil }},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			home := t.TempDir()
			db, id := newExitDB(t, home)
			term := openFilledBy(t, bin, db, home)
			typed := "冯金彪" + way.name
			term.Type(typed)
			if _, err := term.Wait(func(scr string) bool { return strings.Contains(focusLine(scr), typed) }, waitLong); err != nil {
				t.Fatalf("typed text not shown: %v\n%s", err, term.Screen())
			}
			if strings.Contains(statusLine(term.Screen()), "已保存") {
				t.Fatal("autosaved before the signal: the test proves nothing")
			}
			if err := way.end(term); err != nil {
				t.Fatal(err)
			}
			if err := term.WaitExit(10 * time.Second); err != nil {
				t.Fatalf("exit: %v", err)
			}
			if got := storedFiling(t, db, id).Signoff.FilledBy; got != typed {
				t.Fatalf("stored 填表人 %q, typed %q", got, typed)
			}
		})
	}
}

// TestSteadyTypingKilled is the steady-typing test: a key every
// 300 ms for 15 s, then SIGKILL. Autosave waits for 2 s of quiet, but at
// most 10 s after the first unsaved change, so every key older than 10 s
// must be stored.
func TestSteadyTypingKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("15 s of typing")
	}
	bin := ptytest.Build(t)
	home := t.TempDir()
	db, id := newExitDB(t, home)
	term := openFilledBy(t, bin, db, home)
	var keys []rune
	var at []time.Time
	end := time.Now().Add(15 * time.Second)
	for i := 0; time.Now().Before(end); i++ {
		r := rune(0x4E00 + i)
		term.Type(string(r))
		keys, at = append(keys, r), append(at, time.Now())
		time.Sleep(300 * time.Millisecond)
	}
	killed := time.Now()
	term.Kill()
	old := 0
	for _, a := range at {
		if killed.Sub(a) > 10*time.Second {
			old++
		}
	}
	got := []rune(storedFiling(t, db, id).Signoff.FilledBy)
	if len(got) < old || string(got) != string(keys[:len(got)]) {
		t.Fatalf("stored %d keys (%q); the %d keys older than 10 s must be stored, as typed (%q)", len(got), string(got), old, string(keys[:old]))
	}
	t.Logf("%d keys typed, %d older than 10 s, %d stored", len(keys), old, len(got))
}

// TestSIGHUPSavesOpenCell: the terminal closes while a new 附件2 row's
// 三级指标 is being typed in the text overlay (not yet committed with
// Enter): the row and its name are stored.
func TestSIGHUPSavesOpenCell(t *testing.T) {
	bin := ptytest.Build(t)
	home := t.TempDir()
	db, id := newExitDB(t, home)
	term := openFilledBy(t, bin, db, home)
	term.Type(strings.Repeat(ptytest.KeyCtrlN, 5))
	term.WaitFor(t, "添加一行", waitLong)
	term.Type("\x0f") // Ctrl+O, the row key that inserts a row
	term.WaitFor(t, "三级指标", waitLong)
	typed := "环境整治次数"
	term.Type(typed)
	term.WaitFor(t, typed, waitLong)
	term.CloseMaster()
	if err := term.WaitExit(10 * time.Second); err != nil {
		t.Fatalf("exit: %v", err)
	}
	f := storedFiling(t, db, id)
	if len(f.Overall.Indicators) != 1 || f.Overall.Indicators[0].Name != typed {
		t.Fatalf("stored rows %+v", f.Overall.Indicators)
	}
}
