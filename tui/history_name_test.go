package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"jixiao/store/storetest"
)

// TestHistoryNamesVersion: N on the history screen names the selected
// revision through Namer; each revision shows its name and 说明 (an
// autosave says 自动保存, not an empty column).
func TestHistoryNamesVersion(t *testing.T) {
	dropTimers(t)
	m := opened(t, loadSample(t), 120, 40)
	store := m.opts.Store.(*storetest.Store)
	pressAll(m, "甲")
	runAll(m, m.wiz.save())
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyF4})
	runAll(m, cmd)
	if m.screen != scrHistory {
		t.Fatal("F4 did not open the history")
	}
	if s := screenText(m); !strings.Contains(s, "自动保存") || !strings.Contains(s, "命名版本") {
		t.Fatalf("history without 说明 or the N key:\n%s", s)
	}
	pressAll(m, "N")
	pressAll(m, strings.Split("提交财政局", "")...)
	if s := screenText(m); !strings.Contains(s, "版本 2 的名称") || !strings.Contains(s, "提交财政局") {
		t.Fatalf("no input line:\n%s", s)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if s := checkFrame(t, m, 80, 24); !strings.Contains(s, "版本 2 的名称：") || !strings.Contains(s, "提交财政局") || !strings.Contains(s, "Esc 取消") {
		t.Fatalf("input line at 80 columns:\n%s", s)
	}
	pressAll(m, "enter")
	hs, _ := store.History(m.wiz.id)
	if hs[0].Name != "提交财政局" {
		t.Fatalf("not named: %+v", hs[0])
	}
	s := screenText(m)
	if !strings.Contains(s, "〔提交财政局〕 自动保存") || !strings.Contains(s, "已将版本 2 命名为“提交财政局”") {
		t.Fatalf("name not shown:\n%s", s)
	}
	// Esc while typing cancels; an empty name removes it.
	pressAll(m, "N", "x", "esc")
	if hs, _ = store.History(m.wiz.id); hs[0].Name != "提交财政局" {
		t.Fatal("Esc changed the name")
	}
	pressAll(m, "N")
	for range []rune("提交财政局") {
		pressAll(m, "backspace")
	}
	pressAll(m, "enter")
	if hs, _ = store.History(m.wiz.id); hs[0].Name != "" || !strings.Contains(screenText(m), "已去掉版本 2 的名称") {
		t.Fatalf("name not removed: %+v", hs[0])
	}
}
