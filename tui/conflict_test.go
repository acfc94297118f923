package tui

import (
	"errors"

	tea "charm.land/bubbletea/v2"
	"slices"
	"strings"
	"testing"

	"jixiao/domain"
)

func TestMergeFilings(t *testing.T) {
	for _, tc := range []struct {
		name    string
		theirs  func(*domain.Filing)
		mine    func(*domain.Filing)
		clashes []string
		check   func(*testing.T, *domain.Filing)
	}{
		{
			name:   "different fields merge",
			theirs: func(f *domain.Filing) { f.Signoff.Phone = "0730-1111111" },
			mine:   func(f *domain.Filing) { f.Signoff.FilledBy = "本人" },
			check: func(t *testing.T, f *domain.Filing) {
				if f.Signoff.Phone != "0730-1111111" || f.Signoff.FilledBy != "本人" {
					t.Fatalf("merged %+v", f.Signoff)
				}
			},
		},
		{
			name:    "the same field clashes",
			theirs:  func(f *domain.Filing) { f.Signoff.FilledBy = "他人" },
			mine:    func(f *domain.Filing) { f.Signoff.FilledBy = "本人" },
			clashes: []string{"signoff.filled_by"},
		},
		{
			name:   "the same value does not clash",
			theirs: func(f *domain.Filing) { f.Signoff.FilledBy = "本人"; f.Unit = "新名称" },
			mine:   func(f *domain.Filing) { f.Signoff.FilledBy = "本人" },
			check: func(t *testing.T, f *domain.Filing) {
				if f.Unit != "新名称" || f.Signoff.FilledBy != "本人" {
					t.Fatalf("merged %q %q", f.Unit, f.Signoff.FilledBy)
				}
			},
		},
		{
			name:   "different rows of one table merge",
			theirs: func(f *domain.Filing) { f.Overall.Indicators[1].Actual = "99" },
			mine:   func(f *domain.Filing) { f.Overall.Indicators[0].Deviation = "无偏差" },
			check: func(t *testing.T, f *domain.Filing) {
				if f.Overall.Indicators[1].Actual != "99" || f.Overall.Indicators[0].Deviation != "无偏差" {
					t.Fatal("rows not merged")
				}
			},
		},
		{
			name: "a row added clashes with an edit inside the table",
			theirs: func(f *domain.Filing) {
				f.Overall.Indicators = append(f.Overall.Indicators, domain.Indicator{Name: "新指标"})
			},
			mine:    func(f *domain.Filing) { f.Overall.Indicators[0].Target = "13个" },
			clashes: []string{"overall.indicators.0.target"},
		},
		{
			name:   "an amount keeps its digits",
			theirs: func(f *domain.Filing) { f.Signoff.UnitHead = "刘卫华" },
			mine: func(f *domain.Filing) {
				a, _ := domain.ParseAmount("1369.5600")
				f.Overall.Funds.InitialBudget = a
			},
			check: func(t *testing.T, f *domain.Filing) {
				if f.Overall.Funds.InitialBudget.Text() != "1369.5600" || f.Signoff.UnitHead != "刘卫华" {
					t.Fatalf("merged %q", f.Overall.Funds.InitialBudget.Text())
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := loadSample(t)
			theirs, mine := base.Clone(), base.Clone()
			tc.theirs(theirs)
			tc.mine(mine)
			merged, clashes, err := mergeFilings(base, theirs, mine)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(clashes, tc.clashes) {
				t.Fatalf("clashes %v, want %v", clashes, tc.clashes)
			}
			if tc.clashes != nil {
				if merged != nil {
					t.Fatal("merged despite clashes")
				}
				return
			}
			tc.check(t, merged)
		})
	}
}

// TestConflictMergesOtherFields is finding 11: a save by the same user in
// another window that touched other fields is merged and saved without a
// dialog, and the message says who.
func TestConflictMergesOtherFields(t *testing.T) {
	dropTimers(t)
	m, store, _, now := faultWizard(t)
	store.User = "张三"
	press(m, "tab", "tab", "甲") // 填表人
	other, meta, _ := store.Get(m.wiz.id)
	other.Signoff.Phone = "0730-1234567"
	if _, err := store.Save(m.wiz.id, meta.Revision, other); err != nil {
		t.Fatal(err)
	}
	autosaveAll(m, now)
	if m.wiz.dialog != dlgNone || m.wiz.dirty() {
		t.Fatalf("dialog %v dirty %v:\n%s", m.wiz.dialog, m.wiz.dirty(), screenText(m))
	}
	got, _, _ := store.Get(m.wiz.id)
	if got.Signoff.Phone != "0730-1234567" || !strings.HasSuffix(got.Signoff.FilledBy, "甲") {
		t.Fatalf("stored phone %q, filled by %q", got.Signoff.Phone, got.Signoff.FilledBy)
	}
	if s := screenText(m); !strings.Contains(s, "您在另一个窗口中保存了更新的版本") || !strings.Contains(s, "已与本窗口的修改合并并保存") {
		t.Fatalf("no word of the merge:\n%s", s)
	}
	if m.wiz.f.Signoff.Phone != "0730-1234567" || m.wiz.form().focused().Key() != "signoff.filled_by" {
		t.Fatal("the window does not show the merge, or lost its focus")
	}
}

// TestConflictSameFieldSaysWhoAndKeepsFocus: another user changed the same
// field: the dialog names them and the field; after reloading, the focus
// is where it was (it used to jump to 预算单位名称, and the next Backspace
// deleted a character of the unit name).
func TestConflictSameFieldSaysWhoAndKeepsFocus(t *testing.T) {
	dropTimers(t)
	m, store, _, now := faultWizard(t)
	press(m, "tab", "tab", "甲")
	other, meta, _ := store.Get(m.wiz.id)
	other.Signoff.FilledBy = "王五填"
	store.User = "王五"
	if _, err := store.Save(m.wiz.id, meta.Revision, other); err != nil {
		t.Fatal(err)
	}
	store.User = "张三"
	autosaveAll(m, now)
	if m.wiz.dialog != dlgConflict {
		t.Fatalf("no dialog:\n%s", screenText(m))
	}
	if s := screenText(m); !strings.Contains(s, "用户 王五保存了更新的版本") || !strings.Contains(s, "填表人") || strings.Contains(s, "他人") {
		t.Fatalf("dialog does not say who or what:\n%s", s)
	}
	// At 80 columns the keys still show.
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(checkMsg{}) // a message that brings the new size to the wizard
	if s := checkFrame(t, m, 80, 24); !strings.Contains(s, "王五") || !strings.Contains(s, "r 载入对方的") || !strings.Contains(s, "c 另存") {
		t.Fatalf("dialog at 80 columns:\n%s", s)
	}
	unit := m.wiz.f.Unit
	_, cmd := m.Update(kp("r"))
	runAll(m, cmd)
	if m.wiz.dialog != dlgNone || m.wiz.f.Signoff.FilledBy != "王五填" {
		t.Fatalf("reload: %q", m.wiz.f.Signoff.FilledBy)
	}
	if k := m.wiz.form().focused().Key(); k != "signoff.filled_by" {
		t.Fatalf("focus on %s after the reload", k)
	}
	pressAll(m, "backspace")
	if m.wiz.f.Unit != unit || m.wiz.f.Signoff.FilledBy != "王五" {
		t.Fatalf("Backspace went to %q / %q", m.wiz.f.Unit, m.wiz.f.Signoff.FilledBy)
	}
}

// TestConflictKeepMine: k keeps this window's value of the clashing field
// and the other save's changes elsewhere.
func TestConflictKeepMine(t *testing.T) {
	dropTimers(t)
	m, store, _, now := faultWizard(t)
	press(m, "tab", "tab", "甲")
	other, meta, _ := store.Get(m.wiz.id)
	other.Signoff.FilledBy = "王五填"
	other.Signoff.Phone = "0730-7654321"
	store.User = "王五"
	store.Save(m.wiz.id, meta.Revision, other)
	store.User = "张三"
	autosaveAll(m, now)
	mine := m.wiz.f.Signoff.FilledBy
	_, cmd := m.Update(kp("k"))
	runAll(m, cmd)
	got, _, _ := store.Get(m.wiz.id)
	if m.wiz.dialog != dlgNone || m.wiz.dirty() || got.Signoff.FilledBy != mine || got.Signoff.Phone != "0730-7654321" {
		t.Fatalf("stored %q %q, dirty %v", got.Signoff.FilledBy, got.Signoff.Phone, m.wiz.dirty())
	}
}

// TestConflictMergeFailureIsRetried: when the newer revision cannot be
// read (the database went away meanwhile), the conflict is a failed save
// that keeps the draft and is retried, not a dialog about someone else.
func TestConflictMergeFailureIsRetried(t *testing.T) {
	dropTimers(t)
	m, store, _, _ := faultWizard(t)
	pressAll(m, "tab", "tab", "甲")
	other, meta, _ := store.Get(m.wiz.id)
	other.Signoff.Phone = "0730-1234567"
	store.Save(m.wiz.id, meta.Revision, other)
	w := m.wiz
	w.saving = true
	snap := w.f.Clone()
	_, _, _ = w.update(mergedMsg{id: w.id, seq: w.changeSeq, snap: snap, err: errors.New("数据库文件已不存在")}, 120, 40)
	if w.dialog != dlgNone || w.saveErr == nil || !w.dirty() || w.saving {
		t.Fatalf("dialog %v err %v dirty %v", w.dialog, w.saveErr, w.dirty())
	}
	if s := screenText(m); !strings.Contains(s, "保存失败：数据库文件已不存在") {
		t.Fatalf("message:\n%s", s)
	}
}

// TestSaveAndQuitMergesOrNamesWho: the server's SaveAndQuitMsg merges a
// conflict on other fields and saves; on the same fields the copy's
// message names who saved.
func TestSaveAndQuitMergesOrNamesWho(t *testing.T) {
	dropTimers(t)
	m, store, _, _ := faultWizard(t)
	pressAll(m, "tab", "tab", "甲")
	other, meta, _ := store.Get(m.wiz.id)
	other.Signoff.Phone = "0730-1234567"
	store.Save(m.wiz.id, meta.Revision, other)
	r := saveAndQuit(t, m)
	got, _, _ := store.Get(m.wiz.id)
	if r.Kind != QuitSaved || got.Signoff.Phone != "0730-1234567" || !strings.HasSuffix(got.Signoff.FilledBy, "甲") {
		t.Fatalf("result %+v, stored %q %q", r, got.Signoff.Phone, got.Signoff.FilledBy)
	}

	m, store, _, _ = faultWizard(t)
	pressAll(m, "tab", "tab", "甲")
	other, meta, _ = store.Get(m.wiz.id)
	other.Signoff.FilledBy = "王五填"
	store.User = "王五"
	store.Save(m.wiz.id, meta.Revision, other)
	r = saveAndQuit(t, m)
	if r.Kind != QuitSavedCopy || !strings.HasPrefix(r.Message(), "用户 王五已保存了更新的版本，且改动了同样的内容") {
		t.Fatalf("result %+v %q", r, r.Message())
	}
}
