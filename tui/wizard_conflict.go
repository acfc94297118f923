package tui

// The wizard's save conflicts and its questions.

import (
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// conflictMsg handles the answers of the conflict dialog: a copy saved,
// the other version reloaded.
func (w *wizard) conflictMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case copiedMsg:
		if msg.err != nil {
			w.saveErr = msg.err
			return nil
		}
		w.dialog = dlgNone
		removeRec := w.dropRecovery()
		// The wizard goes on with the copy: its lock replaces the old one.
		w.release()
		w.holding = msg.locked
		if w.locks != nil && !msg.locked {
			w.readOnly, w.holder = true, msg.holder
		}
		w.id, w.meta, w.base = msg.meta.ID, msg.meta, w.f.Clone()
		w.savedSeq, w.saveErr, w.savedAt = w.changeSeq, nil, w.now()
		w.fails, w.failSince = 0, time.Time{}
		w.note = "已另存为新填报（编号 " + msg.meta.ID + "）"
		return removeRec
	case reloadedMsg:
		if msg.err != nil {
			w.saveErr = msg.err
			return nil
		}
		w.dialog = dlgNone
		removeRec := w.dropRecovery()
		w.fails, w.failSince = 0, time.Time{}
		w.reload(msg.f, msg.meta)
		w.note = "已载入" + w.conflict.who() + "保存的版本"
		if msg.note != "" {
			w.note = msg.note
		}
		return removeRec
	}
	return nil
}

// conflictInfo is what the conflict dialog says: who saved the newer
// revision and which of this session's changes collide with theirs.
type conflictInfo struct {
	user, me string
	rev      int
	fields   []string
	theirs   *domain.Filing
	meta     Meta
}

// who names the author of the newer revision: this user in another
// window, another user, or 他人 when unknown.
func (c conflictInfo) who() string {
	switch {
	case c.user != "" && c.user == c.me:
		return "您在另一个窗口中"
	case c.user != "":
		return "用户 " + c.user
	}
	return "他人"
}

// mergeConflict loads the newest revision after a conflict and merges
// this session's changes into it, saving the merge when they do not
// overlap (the answer is a mergedMsg).
func (w *wizard) mergeConflict(msg savedMsg) tea.Cmd {
	store, id, base, explicit := w.store, w.id, w.base, w.explicit
	return func() tea.Msg {
		r := mergeWithNewest(store, id, base, msg.snap)
		out := mergedMsg{id: id, seq: msg.seq, snap: msg.snap, theirs: r.theirs, theirsMeta: r.theirsMeta, merged: r.merged, clashes: r.clashes, err: r.err}
		if r.err != nil || r.merged == nil {
			return out
		}
		var m Meta
		var err error
		if a, ok := store.(Autosaver); ok && !explicit {
			m, err = a.Autosave(id, r.theirsMeta.Revision, r.merged)
		} else {
			m, err = store.Save(id, r.theirsMeta.Revision, r.merged)
		}
		out.meta, out.err = m, err
		return out
	}
}

// merged applies the answer of mergeConflict.
func (w *wizard) merged(msg mergedMsg) (tea.Cmd, bool, bool) {
	if msg.err != nil && !errors.Is(msg.err, ErrConflict) {
		// The newer revision could not be read or the merge not saved
		// (the disk, the lock …): a failed save, kept and retried.
		return w.saved(savedMsg{id: msg.id, seq: msg.seq, err: msg.err, snap: msg.snap})
	}
	w.saving = false
	w.conflict = conflictInfo{user: msg.theirsMeta.User, me: w.user, rev: msg.theirsMeta.Revision, theirs: msg.theirs, meta: msg.theirsMeta}
	if msg.err == nil && msg.merged != nil {
		// Saved: the wizard goes on from the merge plus what was typed
		// since the save began.
		_ = w.commitOpen()
		cur := msg.merged
		if w.changeSeq != msg.seq {
			// Typed during the save: kept on top of the merge.
			if m, err := mergePreferMine(msg.snap, msg.merged, w.f); err == nil {
				cur = m
			} else {
				cur = w.f
			}
		}
		seq := w.changeSeq
		w.reload(cur, msg.meta)
		w.base = msg.merged.Clone()
		w.savedSeq = msg.seq
		if !sameFiling(cur, msg.merged) {
			w.savedSeq = seq - 1
			w.changeSeq = seq
		}
		w.savedAt = w.now()
		w.note = w.conflict.who() + "保存了更新的版本（版本 " + fmt.Sprint(msg.theirsMeta.Revision) + "），改动的是其他内容：已与本窗口的修改合并并保存"
		removeRec := w.dropRecovery()
		if w.dirty() {
			return tea.Batch(removeRec, w.startSave(w.quitting || w.leaving, false)), false, false
		}
		cmd, leave, quit := w.finishLeaving()
		return tea.Batch(removeRec, cmd), leave, quit
	}
	w.dialog = dlgConflict
	w.saveErr = fmt.Errorf("%w", ErrConflict)
	if msg.theirs != nil {
		w.conflict.fields = fieldLabels(w.base, msg.snap, msg.clashes)
	}
	return nil, false, false
}

// keepMine resolves a conflict keeping this session's value where both
// changed the same field, and the other save's changes elsewhere.
func (w *wizard) keepMine() tea.Cmd {
	c := w.conflict
	if c.theirs == nil {
		return nil
	}
	m, err := mergePreferMine(w.base, c.theirs, w.f)
	if err != nil {
		w.note = "无法合并：" + err.Error()
		return nil
	}
	seq := w.changeSeq
	w.dialog = dlgNone
	w.reload(m, c.meta)
	w.base = c.theirs.Clone()
	// The merge is not saved yet: one more change to save.
	w.changeSeq = seq + 1
	w.savedSeq = seq
	w.saveErr = nil
	w.note = "已保留本窗口的修改，并合并了" + c.who() + "对其他内容的修改"
	return w.saveNow()
}

// dialogKey answers the question the wizard is asking: leave or quit
// when the answer leaves; done false lets Ctrl+C through.
func (w *wizard) dialogKey(k tea.KeyPressMsg) (cmd tea.Cmd, leave, quit, done bool) {
	km := w.keys
	switch w.dialog {
	case dlgDeleteRow:
		w.dialog = dlgNone
		if key.Matches(k, km.Dialog.Yes) {
			return w.deleteRow(), false, false, true
		}
		if !key.Matches(k, km.Wizard.Quit) {
			w.note = "已取消删除"
			return nil, false, false, true
		}
		return nil, false, false, false
	case dlgConflict:
		return w.conflictKey(k), false, false, true
	case dlgDiscard:
		if key.Matches(k, km.Dialog.Yes) {
			w.dialog = dlgNone
			if w.saveErr != nil || len(w.invalidTexts()) > 0 {
				// Leaving without a successful save, or with text that
				// is not valid: the draft goes to the recovery file,
				// which the next start offers.
				w.writeRecoveryNow()
			}
			return nil, w.leaving, w.quitting, true
		}
		if key.Matches(k, km.Dialog.No) {
			w.dialog = dlgNone
			w.quitting, w.leaving = false, false
		}
		return nil, false, false, true
	}
	return nil, false, false, false
}

// conflictKey answers the save-conflict question.
func (w *wizard) conflictKey(k tea.KeyPressMsg) tea.Cmd {
	km := w.keys
	switch {
	case key.Matches(k, km.Dialog.KeepMine):
		return w.keepMine()
	case key.Matches(k, km.Dialog.Reload):
		store, id := w.store, w.id
		return func() tea.Msg {
			f, m, err := store.Get(id)
			return reloadedMsg{f: f, meta: m, err: err}
		}
	case key.Matches(k, km.Dialog.SaveCopy):
		store, snap, lk := w.store, w.f.Clone(), w.locks
		return func() tea.Msg {
			m, err := store.Create(snap)
			c := copiedMsg{meta: m, err: err}
			if err == nil && lk != nil {
				c.holder, c.locked = lk.Acquire(m.ID)
			}
			return c
		}
	case key.Matches(k, km.Wizard.Quit):
		w.dialog = dlgDiscard
		w.quitting = true
	}
	return nil
}
