package tui

import (
	"charm.land/bubbles/v2/key"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// This file holds what the TUI does with the hooks `jixiao serve` gives
// it: the edit lock (store.Locker; read-only mode), saving and quitting on
// shutdown or timeout, the audit trail in the history screen
// (store.Auditor) and the administrator's grants screen (store.Granter).
// With none of them set the TUI behaves as it always has; a local
// *persist.Store is an Auditor too.

// SaveAndQuitMsg asks the Model to save the open draft and quit, without
// asking anything (server shutdown, idle or session timeout, a dropped
// connection; SIGHUP, SIGTERM and SIGINT in local mode). The open cell
// edit is committed first. On a conflict the draft is merged field by
// field into the newer revision, or saved as a copy when both changed the
// same fields. The outcome is then available from Model.QuitResult.
type SaveAndQuitMsg struct{}

// QuitKind says what SaveAndQuitMsg did with the draft.
type QuitKind int

// The outcomes of SaveAndQuitMsg.
const (
	// QuitNoChanges: no filing was open, it was read-only, or everything
	// was already saved.
	QuitNoChanges QuitKind = iota
	// QuitSaved: the draft was saved as a new revision of its filing
	// (merged with a newer one when that changed other fields).
	QuitSaved
	// QuitSavedCopy: a newer revision (by QuitResult.By) changed the same
	// fields; the draft was saved as a new filing (QuitResult.CopyID).
	QuitSavedCopy
	// QuitNotSaved: the draft could not be saved (QuitResult.Err).
	QuitNotSaved
)

// QuitResult is the outcome of SaveAndQuitMsg.
type QuitResult struct {
	Kind QuitKind
	// ID is the filing that was open ("" when none).
	ID string
	// CopyID is the new filing holding the draft (QuitSavedCopy); By
	// names who saved the newer revision (您在另一个窗口中, 用户 王五, 他人).
	CopyID string
	By     string
	// Err is why the draft was not saved (QuitNotSaved).
	Err error
	// Invalid names the fields whose typed text was invalid and therefore
	// not saved (the rest of the draft may have been).
	Invalid []string
	// Recovery is the recovery file that holds a draft not saved
	// (QuitNotSaved with Options.Recovery set) or the invalid texts
	// (Invalid), else "".
	Recovery string
}

// Lost reports whether something typed was not saved.
func (r QuitResult) Lost() bool { return r.Kind == QuitNotSaved || len(r.Invalid) > 0 }

// Message tells the user, in Chinese, what happened to their changes.
func (r QuitResult) Message() string {
	var s string
	switch r.Kind {
	case QuitSaved:
		s = "您的修改已保存。"
	case QuitSavedCopy:
		by := r.By
		if by == "" {
			by = "他人"
		}
		s = by + "已保存了更新的版本，且改动了同样的内容，您的修改已另存为副本（编号 " + r.CopyID + "）。"
	case QuitNotSaved:
		why := "未知错误"
		if r.Err != nil {
			why = r.Err.Error()
		}
		s = "您的修改未能保存：" + why + "。"
		if r.Recovery != "" {
			s += "修改已存入恢复文件 " + r.Recovery + "，下次打开时可以恢复。"
		}
	default:
		if len(r.Invalid) == 0 {
			s = "没有未保存的修改。"
		}
	}
	if len(r.Invalid) > 0 {
		if r.Kind == QuitSaved || r.Kind == QuitSavedCopy {
			s = strings.TrimSuffix(s, "。") + "；但"
		} else if s != "" {
			s += "另外，"
		}
		s += "“" + strings.Join(r.Invalid, "”、“") + "”的输入无效，未保存到填报"
		if r.Recovery != "" && r.Kind != QuitNotSaved {
			s += "，输入的内容已原样存入恢复文件 " + r.Recovery + "，下次启动时可以查看"
		}
		s += "。"
	}
	return s
}

// QuitResult returns the outcome of the last SaveAndQuitMsg; ok is false
// when the program did not end through one.
func (m *Model) QuitResult() (r QuitResult, ok bool) { return m.result, m.resultSet }

// Messages of the hooks.
type (
	// editTriedMsg reports an attempt ('e') to take the edit lock of a
	// read-only filing; with ok, f and meta are its newest revision.
	editTriedMsg struct {
		id     string
		ok     bool
		holder string
		f      *domain.Filing
		meta   Meta
		err    error
	}
	// saveQuitDoneMsg ends a SaveAndQuitMsg.
	saveQuitDoneMsg struct{ r QuitResult }
)

// tryEdit asks for the edit lock again and, on success, loads the newest
// revision.
func (w *wizard) tryEdit() tea.Cmd { return w.editLock.try(w.store, w.id) }

// editTried applies the answer of tryEdit.
func (w *wizard) editTried(msg editTriedMsg) {
	w.trying = false
	switch {
	case msg.err != nil:
		w.note = "无法取得编辑权：" + msg.err.Error()
	case !msg.ok:
		if msg.holder != "" {
			w.holder = msg.holder
		}
		w.note = w.holder + " 仍在编辑，暂时只能查看；对方离开后再按 e"
		if msg.f != nil && msg.meta.Revision != w.meta.Revision {
			w.reload(msg.f, msg.meta)
			w.note = w.holder + " 仍在编辑，已显示其最新保存的版本；对方离开后再按 e"
		}
	default:
		w.readOnly, w.holding, w.holder = false, true, ""
		w.reload(msg.f, msg.meta)
		w.note = "已取得编辑权并载入最新版本，可以编辑了"
	}
}

// release frees the wizard's edit lock if it holds one.
func (w *wizard) release() { w.editLock.release(w.id) }

// roNote is the message shown when a read-only wizard refuses something.
func (w *wizard) roNote(what string) string {
	return "只读：" + w.holder + " 正在编辑，" + what + "。按 e 尝试编辑"
}

// navKey reports keys that only move within a form in read-only mode.
func navKey(k tea.KeyPressMsg) bool {
	km := defaultKeys
	return key.Matches(k, km.Form.Next, km.Form.Prev, km.Editor.Left, km.Editor.Right, km.Editor.Home, km.Editor.End, km.Wizard.NextStep, km.Wizard.PrevStep) && !key.Matches(k, km.Editor.Newline)
}

// readOnlyAllowed reports whether k may be applied to the current step of
// a read-only wizard: it moves, opens or shows, and never edits.
func (w *wizard) readOnlyAllowed(k tea.KeyPressMsg) bool {
	if c := w.comp(); c != nil {
		// The modal states a read-only wizard can reach (an export path)
		// do not edit the filing.
		return c.modal() || c.viewKey(w.ctx(), k)
	}
	if steps[w.cur].show != nil {
		return true
	}
	return formNavKey(w.form(), k)
}

// formNavKey reports whether k only moves in fm: Enter too, except on a
// button or a text area, where it edits.
func formNavKey(fm *form, k tea.KeyPressMsg) bool {
	if navKey(k) {
		return true
	}
	if !key.Matches(k, defaultKeys.Editor.Newline) || fm == nil {
		return false
	}
	switch fm.focused().(type) {
	case *ButtonField, *AreaField, nil:
		return false
	}
	return true
}

// revert undoes a change that reached a read-only wizard despite the key
// filter (a safety net: nothing of it is saved either way).
func (w *wizard) revert(snap *domain.Filing, seq int) {
	cur := w.cur
	w.f = snap
	w.changeSeq = seq
	w.forms = [stepCount]*form{}
	w.comps = [stepCount]component{}
	w.projIdx = -1
	w.recompute()
	w.enter(cur)
	w.note = w.roNote("修改未被接受")
}

// saveAndQuit handles SaveAndQuitMsg: save the draft without asking (a
// copy on conflict), then quit. afterSave is set when it resumes after a
// save that was running when the message came.
func (m *Model) saveAndQuit(afterSave bool) tea.Cmd {
	m.closing = true
	w := m.wiz
	if w == nil {
		return m.finishQuit(QuitResult{})
	}
	if !w.readOnly {
		// The open cell edit is part of the draft (its timers no longer
		// matter: the program ends).
		_ = w.commitOpen()
	}
	if w.saving {
		// A save is running: wait for its answer, then save what is left.
		w.saveQuitPending = true
		return nil
	}
	inv := w.invalidTexts()
	r := QuitResult{ID: w.id}
	for _, iv := range inv {
		r.Invalid = append(r.Invalid, iv.Field)
	}
	if w.readOnly || !w.dirty() {
		if afterSave && w.saveErr == nil && !w.readOnly {
			r.Kind = QuitSaved // the running save saved it all
		}
		if len(inv) > 0 && w.rec != nil && !w.readOnly {
			// Saved, but the invalid texts are kept as typed.
			if p, err := w.rec.WriteInvalid(w.id, w.meta.Revision, w.user, w.f, inv, nil, w.now()); err == nil {
				r.Recovery = p
			}
		}
		return m.finishQuit(r)
	}
	w.saving = true
	store, id, baseRev, snap := w.store, w.id, w.meta.Revision, w.f.Clone()
	rec, user, now, base := w.rec, w.user, w.now(), w.base
	return func() tea.Msg {
		_, err := store.Save(id, baseRev, snap)
		if errors.Is(err, ErrConflict) {
			// Someone saved meanwhile: merge when the changes do not
			// overlap, else keep the draft as a copy.
			mr := mergeWithNewest(store, id, base, snap)
			if mr.theirs != nil {
				r.By = conflictInfo{user: mr.theirsMeta.User, me: user}.who()
			}
			if mr.err == nil && mr.merged != nil {
				_, err = store.Save(id, mr.theirsMeta.Revision, mr.merged)
			}
		}
		switch {
		case err == nil:
			r.Kind = QuitSaved
		case errors.Is(err, ErrConflict):
			cm, cerr := store.Create(snap)
			if cerr != nil {
				r.Kind, r.Err = QuitNotSaved, cerr
				break
			}
			r.Kind, r.CopyID = QuitSavedCopy, cm.ID
		default:
			r.Kind, r.Err = QuitNotSaved, err
		}
		if rec != nil && (r.Kind == QuitNotSaved || len(inv) > 0) {
			var why error
			if r.Kind == QuitNotSaved {
				why = r.Err
			}
			if p, rerr := rec.WriteInvalid(id, baseRev, user, snap, inv, why, now); rerr == nil {
				r.Recovery = p
			}
		}
		return saveQuitDoneMsg{r: r}
	}
}

// finishQuit records the outcome of SaveAndQuitMsg, frees the edit lock
// and ends the program.
func (m *Model) finishQuit(r QuitResult) tea.Cmd {
	m.result, m.resultSet = r, true
	if m.wiz != nil {
		m.wiz.release() // the final model keeps the wizard
	}
	m.quit = true
	return tea.Quit
}

// closeWizard frees the open wizard's edit lock and closes it.
func (m *Model) closeWizard() {
	if m.wiz != nil {
		m.places.remember(m.wiz)
		m.wiz.release()
	}
	m.wiz = nil
}

// SaveOnExit saves what is left unsaved when the program has ended
// without finishing a quit of its own (its terminal closed under it, or
// it was stopped after a signal's save took too long): the open edit is
// committed and the draft saved with Store.Save, merged field by field
// when someone saved meanwhile. What cannot be saved within timeout, and
// text that is not valid, go to the recovery file. It returns a Chinese
// sentence on what happened, or "" when nothing was left to save. Call it
// only after the program has stopped.
func (m *Model) SaveOnExit(timeout time.Duration) string {
	w := m.wiz
	if w == nil || w.readOnly || m.quit {
		return ""
	}
	_ = w.commitOpen()
	inv := w.invalidTexts()
	if !w.dirty() && len(inv) == 0 {
		return ""
	}
	r := QuitResult{ID: w.id}
	for _, iv := range inv {
		r.Invalid = append(r.Invalid, iv.Field)
	}
	store, id, baseRev, base, snap := w.store, w.id, w.meta.Revision, w.base, w.f.Clone()
	done := make(chan error, 1)
	if w.dirty() {
		go func() {
			_, err := store.Save(id, baseRev, snap)
			if errors.Is(err, ErrConflict) {
				mr := mergeWithNewest(store, id, base, snap)
				switch {
				case mr.err != nil:
					err = mr.err
				case mr.merged == nil:
					err = fmt.Errorf("%s保存了更新的版本，且改动了同样的内容：%w", conflictInfo{user: mr.theirsMeta.User, me: w.user}.who(), ErrConflict)
				default:
					_, err = store.Save(id, mr.theirsMeta.Revision, mr.merged)
				}
			}
			done <- err
		}()
	} else {
		done <- nil
	}
	var err error
	select {
	case err = <-done:
	case <-time.After(timeout):
		err = fmt.Errorf("保存超过 %v 仍未完成", timeout)
	}
	r.Kind = QuitSaved
	if err != nil {
		r.Kind, r.Err = QuitNotSaved, err
	} else if !w.dirty() {
		r.Kind = QuitNoChanges
	}
	if w.rec != nil && (err != nil || len(inv) > 0) {
		if p, rerr := w.rec.WriteInvalid(id, baseRev, w.user, snap, inv, err, w.now()); rerr == nil {
			r.Recovery = p
		}
	}
	if err == nil {
		w.savedSeq = w.changeSeq
	}
	m.result, m.resultSet = r, true
	return r.Message()
}
